/*
 * test_limits.c — bad and extreme inputs through the program ($PRECIS_BIN).
 *
 * Each case runs `precis segment` and `precis normalize` (and `precis
 * quotes` where quote marks are the point) in a child (fork/exec) and checks the outcome the command-line contract promises:
 * a clear exit status (0 all done, 1 some input failed and the others were
 * done), a `precis: 'PATH': ...` message on stderr naming the bad input, no
 * crash, and a peak memory (the child's ru_maxrss from wait4) within a few
 * times the input size. Inputs are generated into a fresh mkdtemp directory
 * at test time and removed after; nothing big is committed.
 *
 * No case asserts a time.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* AddressSanitizer multiplies memory use: the memory bound is not checked
 * under it. */
#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif
#ifndef UNDER_ASAN
#define UNDER_ASAN 0
#endif

#define MB ((size_t)1 << 20)

static char tmpdir[256];

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void make_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	snprintf(tmpdir, sizeof tmpdir, "%s/precis-limits-XXXXXX", base && *base ? base : "/tmp");
	cr_assert_not_null(mkdtemp(tmpdir), "mkdtemp: %s", strerror(errno));
}

static void remove_tmpdir(void)
{
	if (tmpdir[0])
		nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

TestSuite(limits, .init = make_tmpdir, .fini = remove_tmpdir);

/* A path inside the test's directory; static storage, rotating so a test can
 * hold several at once. */
static const char *tpath(const char *name)
{
	static char bufs[8][512];
	static int next;
	char *p = bufs[next++ % 8];
	snprintf(p, sizeof bufs[0], "%s/%s", tmpdir, name);
	return p;
}

static void write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	cr_assert_not_null(f, "'%s': %s", path, strerror(errno));
	cr_assert_eq(fwrite(data, 1, len, f), len);
	cr_assert_eq(fclose(f), 0);
}

static void write_str(const char *path, const char *s)
{
	write_file(path, s, strlen(s));
}

/* A file mapped read-only; empty files map to "". */
struct mapped {
	const char *data;
	size_t len;
};

static struct mapped map_file(const char *path)
{
	struct mapped m = {"", 0};
	int fd = open(path, O_RDONLY);
	cr_assert(fd >= 0, "'%s': %s", path, strerror(errno));
	struct stat st;
	cr_assert_eq(fstat(fd, &st), 0);
	if (st.st_size > 0) {
		void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		cr_assert(p != MAP_FAILED, "mmap '%s': %s", path, strerror(errno));
		m.data = p;
		m.len = (size_t)st.st_size;
	}
	close(fd);
	return m;
}

static void unmap(struct mapped *m)
{
	if (m->len)
		munmap((void *)m->data, m->len);
	m->data = "";
	m->len = 0;
}

/* ---- running the program ---------------------------------------------- */

struct run {
	int exited;      /* the child exited (did not die of a signal) */
	int status;      /* its exit status, or the signal number */
	char err[65536]; /* stderr, cut to fit */
	long maxrss_kb;  /* peak resident memory of the child */
	struct mapped out;
};

static const char *precis_bin(void)
{
	const char *bin = getenv("PRECIS_BIN");
	cr_assert(bin && *bin, "PRECIS_BIN is not set (run through meson test)");
	return bin;
}

/* Runs `precis CMD ARGS...` (NULL-terminated) with stdin from /dev/null,
 * stdout and stderr to files in the test directory. */
static void run_precis(struct run *r, const char *cmd, ...)
{
	const char *argv[32];
	int argc = 0;
	argv[argc++] = precis_bin();
	argv[argc++] = cmd;
	va_list ap;
	va_start(ap, cmd);
	const char *a;
	while ((a = va_arg(ap, const char *)) && argc < 31)
		argv[argc++] = a;
	va_end(ap);
	argv[argc] = NULL;

	char out_path[512], err_path[512];
	snprintf(out_path, sizeof out_path, "%s/.stdout", tmpdir);
	snprintf(err_path, sizeof err_path, "%s/.stderr", tmpdir);
	fflush(NULL);
	pid_t pid = fork();
	cr_assert(pid >= 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		int in = open("/dev/null", O_RDONLY);
		int out = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int err = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (in < 0 || out < 0 || err < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0 ||
		    dup2(err, 2) < 0)
			_exit(126);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	int st;
	struct rusage ru;
	pid_t w;
	do
		w = wait4(pid, &st, 0, &ru);
	while (w < 0 && errno == EINTR);
	cr_assert_eq(w, pid, "wait4: %s", strerror(errno));

	memset(r, 0, sizeof *r);
	r->exited = WIFEXITED(st);
	r->status = r->exited ? WEXITSTATUS(st) : WTERMSIG(st);
	r->maxrss_kb = ru.ru_maxrss;
	FILE *f = fopen(err_path, "rb");
	cr_assert_not_null(f);
	size_t n = fread(r->err, 1, sizeof r->err - 1, f);
	r->err[n] = '\0';
	fclose(f);
	r->out = map_file(out_path);
	cr_assert(r->exited, "precis %s was killed by signal %d (%s); stderr:\n%s", cmd,
	          r->status, strsignal(r->status), r->err);
	cr_assert_neq(r->status, 127, "cannot run '%s'", argv[0]);
}

static void run_free(struct run *r)
{
	unmap(&r->out);
}

/* Peak memory within a few times the input: 8 x input + 64 MB (the
 * constant covers the program, ICU's data and the language profiles). */
static void assert_memory(const struct run *r, const char *cmd, size_t input_bytes)
{
	if (UNDER_ASAN)
		return;
	size_t limit = 8 * input_bytes + 64 * MB;
	size_t used = (size_t)r->maxrss_kb * 1024;
	cr_assert(used <= limit, "precis %s: peak memory %zu MB for %zu MB of input (limit %zu MB)",
	          cmd, used / MB, input_bytes / MB, limit / MB);
}

/* The stderr message the contract promises for a bad input. */
static void assert_names(const struct run *r, const char *path)
{
	char want[600];
	snprintf(want, sizeof want, "precis: '%s': ", path);
	const char *at = strstr(r->err, want);
	cr_assert_not_null(at, "stderr does not name '%s' as `%s...`:\n%s", path, want, r->err);
	/* ...followed by words saying what went wrong. */
	at += strlen(want);
	cr_assert(at[0] && at[0] != '\n', "empty message for '%s':\n%s", path, r->err);
}

static int has_text(const struct mapped *m, const char *needle)
{
	return m->len && memmem(m->data, m->len, needle, strlen(needle)) != NULL;
}

static int only_space(const struct mapped *m)
{
	for (size_t i = 0; i < m->len; i++)
		if (m->data[i] != ' ' && m->data[i] != '\n' && m->data[i] != '\t')
			return 0;
	return 1;
}

/* Offset of the first byte that is not strict UTF-8, or len. */
static size_t utf8_valid_prefix(const unsigned char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		unsigned c = s[i];
		size_t n;
		uint32_t cp;
		if (c < 0x80) {
			i++;
			continue;
		} else if (c >= 0xC2 && c <= 0xDF) {
			n = 2;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			n = 3;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			n = 4;
			cp = c & 0x07;
		} else {
			return i;
		}
		if (n > len - i)
			return i;
		for (size_t k = 1; k < n; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return i;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return i;
		i += n;
	}
	return len;
}

static void assert_utf8(const struct run *r, const char *cmd)
{
	size_t at = utf8_valid_prefix((const unsigned char *)r->out.data, r->out.len);
	cr_assert_eq(at, r->out.len, "precis %s printed invalid UTF-8 at byte %zu of %zu", cmd,
	             at, r->out.len);
}

static size_t count_lines(const struct mapped *m)
{
	size_t n = 0;
	const char *p = m->data, *end = m->data + m->len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *stop = nl ? nl : end;
		for (const char *q = p; q < stop; q++) {
			if (*q != ' ' && *q != '\t') {
				n++;
				break;
			}
		}
		p = nl ? nl + 1 : end;
	}
	return n;
}

/* Equal up to newlines at the end: normalize prints clean text unchanged. */
static int same_text(const struct mapped *a, const struct mapped *b)
{
	size_t la = a->len, lb = b->len;
	while (la && a->data[la - 1] == '\n')
		la--;
	while (lb && b->data[lb - 1] == '\n')
		lb--;
	return la == lb && memcmp(a->data, b->data, la) == 0;
}

/* Equal once spaces, tabs and newlines are left out on both sides: for text
 * whose lines normalize may join. */
static int same_nonspace(const struct mapped *a, const struct mapped *b)
{
	size_t i = 0, k = 0;
	for (;;) {
		while (i < a->len && (a->data[i] == ' ' || a->data[i] == '\n' || a->data[i] == '\t'))
			i++;
		while (k < b->len && (b->data[k] == ' ' || b->data[k] == '\n' || b->data[k] == '\t'))
			k++;
		if (i == a->len || k == b->len)
			return i == a->len && k == b->len;
		if (a->data[i++] != b->data[k++])
			return 0;
	}
}

/* `precis quotes --all --format json` output: one valid JSON line whose
 * quotes have spans in order, non-empty, and source offsets within the
 * input (input_bytes). Returns the number of quotes. */
static size_t check_quotes_json(const struct run *r, size_t input_bytes)
{
	cr_assert(r->out.len > 0 && r->out.data[r->out.len - 1] == '\n',
	          "precis quotes --format json: no line printed");
	cr_assert_null(memchr(r->out.data, '\n', r->out.len - 1),
	               "precis quotes --format json: more than one line for one input");
	json_error_t e;
	json_t *o = json_loadb(r->out.data, r->out.len - 1, 0, &e);
	cr_assert_not_null(o, "precis quotes --format json: not JSON (%s at %d)", e.text,
	                   e.position);
	cr_assert_str_eq(json_string_value(json_object_get(o, "schema")), "precis.quotes/1");
	json_t *qs = json_object_get(o, "quotes");
	cr_assert(json_is_array(qs));
	json_int_t prev = 0;
	size_t i, n = json_array_size(qs);
	json_t *q;
	json_array_foreach(qs, i, q) {
		json_int_t a = json_integer_value(json_object_get(q, "start"));
		json_int_t b = json_integer_value(json_object_get(q, "end"));
		json_int_t sa = json_integer_value(json_object_get(q, "source_start"));
		json_int_t sb = json_integer_value(json_object_get(q, "source_end"));
		cr_assert(a < b && a >= prev, "quote %zu: span [%lld, %lld) after %lld", i,
		          (long long)a, (long long)b, (long long)prev);
		cr_assert(sa <= sb && (size_t)sb <= input_bytes,
		          "quote %zu: source span [%lld, %lld) outside %zu bytes", i, (long long)sa,
		          (long long)sb, input_bytes);
		cr_assert(json_is_string(json_object_get(q, "text")) &&
		          json_is_string(json_object_get(q, "speaker")));
		prev = a;
	}
	json_decref(o);
	return n;
}

/* ---- generated text ----------------------------------------------------- */

/* Sentences written for this test, in the style of press articles. Each is
 * one sentence for the segmenter (abbreviations and quotes included), and
 * clean, NFC text that normalize must leave exactly as it is. */
static const char *const sentences[] = {
	"Le conseil municipal a adopté mardi soir un budget de 12,4 millions d’euros.",
	"« Nous avons fait des choix difficiles », a reconnu la maire devant la presse.",
	"M. Lefèvre, adjoint aux finances, a défendu une hausse limitée des tarifs.",
	"Selon le rapport de la Cour des comptes, la dette a reculé de 3 % en deux ans.",
	"L’opposition dénonce un document « insincère » et réclame un audit indépendant.",
	"Mme Garnier a annoncé qu’elle saisirait le tribunal administratif avant l’été.",
	"Les travaux du nouveau pont devraient commencer en mars, sauf imprévu.",
	"The city council approved a budget of $12.4 million late on Tuesday.",
	"“We made hard choices,” the mayor told reporters outside the town hall.",
	"Dr. Patel, who chairs the finance committee, defended a modest rise in fees.",
	"According to the state auditor, the debt fell by 3 percent over two years.",
	"The opposition called the plan “misleading” and asked for an independent audit.",
	"Work on the new bridge over the river should begin in March.",
	"Officials in the U.S. capital said the talks would resume next week.",
};
#define NSENTENCES (sizeof sentences / sizeof sentences[0])

/* Writes at least `bytes` of prose to path: paragraphs of 4 to 7 sentences,
 * separated by a blank line, or all on one line with no newline at all.
 * Returns the number of sentences written; *written gets the size. */
static size_t write_prose(const char *path, size_t bytes, int one_line, size_t *written)
{
	FILE *f = fopen(path, "wb");
	cr_assert_not_null(f, "'%s': %s", path, strerror(errno));
	static char buf[1 << 16];
	setvbuf(f, buf, _IOFBF, sizeof buf);
	uint32_t rng = 12345;
	size_t total = 0, nsent = 0, in_para = 0, para_len = 5;
	while (total < bytes) {
		rng = rng * 1103515245u + 12345u;
		const char *s = sentences[(rng >> 16) % NSENTENCES];
		size_t n = strlen(s);
		if (nsent) {
			const char *sep = " ";
			if (!one_line && in_para == para_len) {
				sep = "\n\n";
				in_para = 0;
				para_len = 4 + (rng >> 8) % 4;
			}
			fputs(sep, f);
			total += strlen(sep);
		}
		fwrite(s, 1, n, f);
		total += n;
		nsent++;
		in_para++;
	}
	if (!one_line) {
		fputc('\n', f);
		total++;
	}
	cr_assert_eq(fclose(f), 0);
	*written = total;
	return nsent;
}

static const char good_text[] = "Le conseil municipal a voté le budget hier soir.\n\n"
                                "The council voted on the budget last night.\n";

/* ---- cases --------------------------------------------------------------- */

static const char *const commands[] = {"segment", "normalize"};

Test(limits, empty_file_is_done_with_nothing_to_print)
{
	const char *path = tpath("empty.txt");
	write_file(path, "", 0);
	for (size_t c = 0; c < 2; c++) {
		struct run r;
		run_precis(&r, commands[c], path, NULL);
		cr_expect_eq(r.status, 0, "precis %s on an empty file: exit %d\n%s", commands[c],
		             r.status, r.err);
		cr_expect(only_space(&r.out), "precis %s printed text for an empty file",
		          commands[c]);
		assert_memory(&r, commands[c], 0);
		run_free(&r);
	}
}

Test(limits, binary_file_is_refused_and_the_next_file_still_done)
{
	const char *bin = tpath("image.txt");
	const char *good = tpath("good.txt");
	unsigned char data[4096];
	for (size_t i = 0; i < sizeof data; i++)
		data[i] = (unsigned char)(i * 7 % 256);
	memcpy(data, "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
	write_file(bin, data, sizeof data);
	write_str(good, good_text);
	for (size_t c = 0; c < 2; c++) {
		struct run r;
		run_precis(&r, commands[c], bin, good, NULL);
		cr_expect_eq(r.status, 1, "precis %s: exit %d, expected 1\n%s", commands[c],
		             r.status, r.err);
		assert_names(&r, bin);
		cr_expect(has_text(&r.out, "voté le budget"),
		          "precis %s: the good file after the binary one was not printed",
		          commands[c]);
		assert_utf8(&r, commands[c]);
		run_free(&r);
	}
}

Test(limits, nul_bytes_in_text_are_refused)
{
	/* Text with NUL bytes in it: a UTF-16 file without BOM, or a binary
	 * with a text header. Either way not silently printed as text. */
	const char *path = tpath("nul.txt");
	static const char data[] = "Le texte commence bien.\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"
	                           "\0\0\0\0\0\0\0\0\0\0\0\0 puis\0 des\0 octets\0 nuls.\n";
	write_file(path, data, sizeof data - 1);
	for (size_t c = 0; c < 2; c++) {
		struct run r;
		run_precis(&r, commands[c], path, NULL);
		cr_expect_eq(r.status, 1, "precis %s: exit %d, expected 1\n%s", commands[c],
		             r.status, r.err);
		assert_names(&r, path);
		run_free(&r);
	}
}

Test(limits, missing_file_is_named_and_the_others_done)
{
	const char *missing = tpath("no-such-file.txt");
	const char *good = tpath("good.txt");
	write_str(good, good_text);
	for (size_t c = 0; c < 2; c++) {
		struct run r;
		run_precis(&r, commands[c], missing, good, NULL);
		cr_expect_eq(r.status, 1, "precis %s: exit %d, expected 1\n%s", commands[c],
		             r.status, r.err);
		assert_names(&r, missing);
		cr_expect(has_text(&r.out, "voté le budget"),
		          "precis %s: the good file was not printed", commands[c]);
		run_free(&r);
	}
}

/* We run as root in CI, where chmod 000 does not stop a read: a symlink loop
 * (ELOOP) and a dangling symlink (ENOENT) are inputs that cannot be opened
 * whoever runs the test. */
Test(limits, unreadable_files_are_named_and_the_others_done)
{
	const char *loop = tpath("loop.txt");
	const char *dangling = tpath("dangling.txt");
	const char *good = tpath("good.txt");
	cr_assert_eq(symlink("loop.txt", loop), 0, "symlink: %s", strerror(errno));
	cr_assert_eq(symlink("gone/away.txt", dangling), 0, "symlink: %s", strerror(errno));
	write_str(good, good_text);
	for (size_t c = 0; c < 2; c++) {
		struct run r;
		run_precis(&r, commands[c], loop, good, dangling, NULL);
		cr_expect_eq(r.status, 1, "precis %s: exit %d, expected 1\n%s", commands[c],
		             r.status, r.err);
		assert_names(&r, loop);
		assert_names(&r, dangling);
		cr_expect(has_text(&r.out, "voté le budget"),
		          "precis %s: the good file was not printed", commands[c]);
		run_free(&r);
	}
}

/* A directory with no *.txt or *.md in it gives no input. Exit 0 (nothing
 * failed) or 1 (nothing done) are both clear, but the user must be told:
 * stderr names the directory. */
Test(limits, empty_directory_is_named)
{
	const char *dir = tpath("empty-dir");
	cr_assert_eq(mkdir(dir, 0755), 0);
	for (size_t c = 0; c < 2; c++) {
		struct run r;
		run_precis(&r, commands[c], dir, NULL);
		cr_expect(r.status == 0 || r.status == 1, "precis %s: exit %d on an empty "
		          "directory\n%s", commands[c], r.status, r.err);
		cr_expect(strstr(r.err, dir) != NULL,
		          "precis %s: nothing on stderr names the empty directory '%s':\n%s",
		          commands[c], dir, r.err);
		cr_expect(only_space(&r.out), "precis %s printed text for an empty directory",
		          commands[c]);
		run_free(&r);
	}
}

/* A 10 MB paragraph with no newline: the breakers must stay linear. */
Test(limits, ten_megabyte_single_line)
{
	const char *path = tpath("one-line.txt");
	size_t size;
	size_t nsent = write_prose(path, 10 * MB, 1, &size);
	struct mapped in = map_file(path);
	cr_assert_null(memchr(in.data, '\n', in.len));

	struct run r;
	run_precis(&r, "segment", path, NULL);
	cr_expect_eq(r.status, 0, "precis segment: exit %d\n%s", r.status, r.err);
	assert_utf8(&r, "segment");
	size_t lines = count_lines(&r.out);
	cr_expect(lines >= nsent / 2 && lines <= nsent * 2,
	          "precis segment: %zu lines for %zu sentences on one line", lines, nsent);
	assert_memory(&r, "segment", size);
	run_free(&r);

	run_precis(&r, "normalize", path, NULL);
	cr_expect_eq(r.status, 0, "precis normalize: exit %d\n%s", r.status, r.err);
	cr_expect(same_text(&r.out, &in), "precis normalize changed clean text (%zu bytes in, "
	          "%zu out)", in.len, r.out.len);
	assert_memory(&r, "normalize", size);
	run_free(&r);
	unmap(&in);

	/* Quotes on one line: the extractor's pairing and its look-back for a
	 * speaker must not go quadratic on a paragraph this long. */
	run_precis(&r, "quotes", path, NULL);
	cr_expect_eq(r.status, 0, "precis quotes: exit %d\n%s", r.status, r.err);
	assert_utf8(&r, "quotes");
	assert_memory(&r, "quotes", size);
	run_free(&r);

	run_precis(&r, "quotes", "--all", "--format", "json", path, NULL);
	cr_expect_eq(r.status, 0, "precis quotes --all --format json: exit %d\n%s", r.status,
	             r.err);
	size_t nq = check_quotes_json(&r, size);
	cr_expect(nq <= nsent * 2, "precis quotes: %zu quotes in %zu sentences", nq, nsent);
	assert_memory(&r, "quotes --all --format json", size);
	run_free(&r);
}

/* 64 MB of prose in paragraphs, the largest input the brief names. Under
 * AddressSanitizer only `segment` runs (it goes through the whole text front,
 * normalize included): the sanitizer makes each pass several times slower
 * and the second command would add nothing it does not already cover. */
Test(limits, sixty_four_megabytes_of_text)
{
	const char *path = tpath("big.txt");
	size_t size;
	size_t nsent = write_prose(path, 64 * MB, 0, &size);

	struct run r;
	run_precis(&r, "segment", path, NULL);
	cr_expect_eq(r.status, 0, "precis segment: exit %d\n%s", r.status, r.err);
	assert_utf8(&r, "segment");
	size_t lines = count_lines(&r.out);
	cr_expect(lines >= nsent / 2 && lines <= nsent * 2,
	          "precis segment: %zu lines for %zu sentences", lines, nsent);
	assert_memory(&r, "segment", size);
	run_free(&r);

	if (UNDER_ASAN)
		return;
	struct mapped in = map_file(path);
	run_precis(&r, "normalize", path, NULL);
	cr_expect_eq(r.status, 0, "precis normalize: exit %d\n%s", r.status, r.err);
	cr_expect(same_text(&r.out, &in), "precis normalize changed clean text (%zu bytes in, "
	          "%zu out)", in.len, r.out.len);
	assert_memory(&r, "normalize", size);
	run_free(&r);
	unmap(&in);
}

/* Bytes that are not UTF-8 inside a UTF-8 file: the file is still read
 * (decode falls back and repairs), the output is valid UTF-8, and the rest
 * of the text survives, accents included. */
Test(limits, invalid_utf8_in_the_middle_of_utf8)
{
	static const char *const bad[] = {
		"\xff\xfe",         /* never in UTF-8 */
		"\xc3 ",            /* a lead byte cut off */
		"\xed\xa0\x80",     /* an encoded surrogate */
		"\xc0\xaf",         /* an overlong '/' */
		"\xf4\x90\x80\x80", /* above U+10FFFF */
		"\x80\x80\x80",     /* stray continuation bytes */
		"\xe9t\xe9",        /* a Latin-1 word pasted in */
	};
	for (size_t b = 0; b < sizeof bad / sizeof bad[0]; b++) {
		char text[1024];
		snprintf(text, sizeof text,
		         "Le ministre a déclaré que la réforme serait votée avant l’été.\n\n"
		         "Un passage abîmé %s au milieu du texte.\n\n"
		         "The minister said the vote would take place before summer.\n",
		         bad[b]);
		const char *path = tpath("mixed.txt");
		write_str(path, text);
		for (size_t c = 0; c < 2; c++) {
			struct run r;
			run_precis(&r, commands[c], path, NULL);
			cr_expect_eq(r.status, 0, "precis %s, bad bytes #%zu: exit %d\n%s",
			             commands[c], b, r.status, r.err);
			assert_utf8(&r, commands[c]);
			cr_expect(has_text(&r.out, "déclaré") && has_text(&r.out, "l’été"),
			          "precis %s, bad bytes #%zu: the accents around them were lost",
			          commands[c], b);
			cr_expect(has_text(&r.out, "before summer"),
			          "precis %s, bad bytes #%zu: the text after them was lost",
			          commands[c], b);
			run_free(&r);
		}
	}
}

/* Writes `count` marks drawn from marks[], glued together, with a newline
 * every `line` marks (0: never). Returns the byte size. */
static size_t write_marks(const char *path, const char *const *marks, size_t nmarks,
                          size_t count, size_t line)
{
	FILE *f = fopen(path, "wb");
	cr_assert_not_null(f);
	uint32_t rng = 777;
	size_t total = 0;
	for (size_t i = 0; i < count; i++) {
		rng = rng * 1103515245u + 12345u;
		const char *m = marks[(rng >> 16) % nmarks];
		fputs(m, f);
		total += strlen(m);
		if (line && (i + 1) % line == 0) {
			fputc('\n', f);
			total++;
		}
	}
	cr_assert_eq(fclose(f), 0);
	return total;
}

static void check_marks_file(const char *path, size_t size)
{
	struct mapped in = map_file(path);
	for (size_t c = 0; c < 2; c++) {
		struct run r;
		run_precis(&r, commands[c], path, NULL);
		cr_expect_eq(r.status, 0, "precis %s on quote marks only: exit %d\n%s",
		             commands[c], r.status, r.err);
		assert_utf8(&r, commands[c]);
		assert_memory(&r, commands[c], size);
		/* Quotes are kept as written: normalize repairs, it does not
		 * restyle (it may join the lines, hence the spaces left out). */
		if (c == 1)
			cr_expect(same_nonspace(&r.out, &in),
			          "precis normalize changed a text of quote marks");
		run_free(&r);
	}
	unmap(&in);

	/* The quote extractor on nothing but marks: every mark opens or closes
	 * something, none has words; it must pair them in one pass. */
	struct run r;
	run_precis(&r, "quotes", path, NULL);
	cr_expect_eq(r.status, 0, "precis quotes on quote marks only: exit %d\n%s", r.status,
	             r.err);
	assert_utf8(&r, "quotes");
	assert_memory(&r, "quotes", size);
	run_free(&r);

	run_precis(&r, "quotes", "--all", "--min-words", "0", "--format", "json", path, NULL);
	cr_expect_eq(r.status, 0, "precis quotes --all --format json on quote marks only: "
	             "exit %d\n%s", r.status, r.err);
	check_quotes_json(&r, size);
	assert_memory(&r, "quotes --all --format json", size);
	run_free(&r);
}

static const char *const quote_marks[] = {"«", "»", "“", "”", "\"", "'", "‘", "’"};

Test(limits, only_quote_marks)
{
	const char *path = tpath("quotes.txt");
	check_marks_file(path, write_marks(path, quote_marks, 8, 100000, 0));
}

Test(limits, only_quote_marks_in_lines)
{
	const char *path = tpath("quotes-lines.txt");
	check_marks_file(path, write_marks(path, quote_marks, 8, 100000, 60));
}

Test(limits, only_apostrophes)
{
	static const char *const apostrophes[] = {"’", "'"};
	const char *path = tpath("apostrophes.txt");
	check_marks_file(path, write_marks(path, apostrophes, 2, 100000, 0));
}

/* Marks that open and never close, each with a word after it, on one
 * line: a quote left open runs to the end of its paragraph, so an extractor
 * that looks for each one's end from scratch would be quadratic here. */
Test(limits, open_marks_with_words_on_one_line)
{
	static const char *const open_marks[] = {"« mot ", "“word ", "‘l’État ", "\"dit ",
	                                          "„Wort ", "‹ mot ", "— Oui ", "’90s "};
	const char *path = tpath("open-marks.txt");
	check_marks_file(path, write_marks(path, open_marks, 8, 100000, 0));
}
