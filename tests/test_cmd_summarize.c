/*
 * test_cmd_summarize.c — `precis summarize` as a program: exit statuses,
 * colours and NO_COLOR, standard input, JSON Lines, the usage errors, and
 * a fatal backend error, with the fake API server (tests/fake) started in
 * this process for the DeepL cases.
 *
 * Each test runs the built program ($PRECIS_BIN) in a fresh temporary
 * folder with an empty config folder, no translation memory and
 * PRECIS_BACKEND unset, on copies of two fixture articles.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fakeapi.h"

static char tmpdir[] = "/tmp/precis-summarize-XXXXXX";

struct run {
	int status;
	char *out;
	char *err;
};

static int remove_entry(const char *path, const struct stat *st, int flag,
                        struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static char *read_whole(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		fwrite(chunk, 1, n, mem);
	fclose(f);
	fclose(mem);
	return buf;
}

static void copy_fixture(const char *rel, const char *to)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", getenv("PRECIS_FIXTURES"), rel);
	char *data = read_whole(path);
	cr_assert_not_null(data, "%s: %s", path, strerror(errno));
	FILE *f = fopen(to, "wb");
	cr_assert_not_null(f, "%s: %s", to, strerror(errno));
	fputs(data, f);
	cr_assert_eq(fclose(f), 0);
	free(data);
}

static void setup(void)
{
	cr_assert_not_null(getenv("PRECIS_BIN"), "PRECIS_BIN must name the built precis");
	cr_assert_not_null(getenv("PRECIS_FIXTURES"), "PRECIS_FIXTURES must be set");
	cr_assert_not_null(mkdtemp(tmpdir), "mkdtemp: %s", strerror(errno));
	cr_assert_eq(chdir(tmpdir), 0);
	mkdir(".config", 0700);
	char path[512];
	snprintf(path, sizeof path, "%s/.config", tmpdir);
	setenv("XDG_CONFIG_HOME", path, 1);
	snprintf(path, sizeof path, "%s/.cache", tmpdir);
	setenv("XDG_CACHE_HOME", path, 1);
	unsetenv("PRECIS_BACKEND");
	unsetenv("DEEPL_AUTH_KEY");
	unsetenv("DEEPL_API_KEY");
	unsetenv("NO_COLOR");
	unsetenv("COLUMNS");
	setenv("PRECIS_BACKOFF_SCALE", "0.01", 1);
	copy_fixture("fr/tramway-valbrune.txt", "fr.txt");
	copy_fixture("en/flood-barrier-ashbury.txt", "en.txt");
}

static void teardown(void)
{
	fake_stop();
	if (chdir("/") == 0)
		nftw(tmpdir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

TestSuite(summarize, .init = setup, .fini = teardown, .timeout = 120);

/* Runs precis with the arguments (NULL-terminated), standard input from
 * `in` (NULL: /dev/null). */
static struct run run_with_input(const char *in, const char *arg, ...)
{
	const char *argv[64];
	int argc = 0;
	argv[argc++] = getenv("PRECIS_BIN");
	va_list ap;
	va_start(ap, arg);
	for (; arg; arg = va_arg(ap, const char *)) {
		cr_assert_lt(argc, 62);
		argv[argc++] = arg;
	}
	va_end(ap);
	argv[argc] = NULL;
	fflush(NULL);
	pid_t pid = fork();
	cr_assert_neq(pid, -1);
	if (pid == 0) {
		int i = open(in ? in : "/dev/null", O_RDONLY);
		int o = open(".stdout", O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int e = open(".stderr", O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (i < 0 || o < 0 || e < 0)
			_exit(126);
		dup2(i, 0);
		dup2(o, 1);
		dup2(e, 2);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	int ws;
	cr_assert_eq(waitpid(pid, &ws, 0), pid);
	struct run r;
	r.status = WIFEXITED(ws) ? WEXITSTATUS(ws) : -1;
	r.out = read_whole(".stdout");
	r.err = read_whole(".stderr");
	cr_assert(r.out && r.err);
	return r;
}

#define run(...) run_with_input(NULL, __VA_ARGS__)

static void run_free(struct run *r)
{
	free(r->out);
	free(r->err);
}

static size_t count_lines(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* The JSON document on line i (0-based) of out; NULL past the end. */
static json_t *json_line(const char *out, size_t i)
{
	for (; i && out; i--) {
		out = strchr(out, '\n');
		out = out ? out + 1 : NULL;
	}
	if (!out || !*out)
		return NULL;
	json_error_t e;
	json_t *j = json_loadb(out, strcspn(out, "\n"), 0, &e);
	cr_assert_not_null(j, "line %zu is not JSON: %s", i, e.text);
	return j;
}

Test(summarize, backend_none_works_offline_with_the_hint)
{
	struct run r = run("summarize", "-b", "none", "--no-cache", "fr.txt", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_expect_not_null(strstr(r.out, "Summary (fr)"), "%s", r.out);
	cr_expect_null(strstr(r.out, "Summary (en)"), "%s", r.out);
	cr_expect_not_null(strstr(r.out, "Quotes (fr)"), "%s", r.out);
	/* the hint closes the report (wrapped like the rest), and names how to
	 * turn translation on */
	const char *last = strstr(r.out, "\n\n");
	for (const char *p = last; p; p = strstr(p + 2, "\n\n"))
		last = p;
	cr_assert_not_null(last, "%s", r.out);
	cr_expect_not_null(strstr(last, "--backend"), "%s", last);
	cr_expect_not_null(strstr(last, "PRECIS_BACKEND"), "%s", last);
	cr_expect_null(strstr(last, "Quotes"), "%s", last);
	run_free(&r);

	/* the default backend is none when nothing is configured */
	r = run("summarize", "--format", "json", "en.txt", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	json_t *j = json_line(r.out, 0);
	cr_expect_str_eq(json_string_value(json_object_get(j, "schema")),
	                 "precis.report/1");
	cr_expect_str_eq(json_string_value(json_object_get(j, "lang")), "en");
	cr_expect(json_is_string(json_object_get(j, "hint")));
	cr_expect_str_eq(
	    json_string_value(json_object_get(json_object_get(j, "backend"), "name")),
	    "none");
	cr_expect(json_array_size(json_object_get(json_object_get(j, "summary"), "en")) >
	          0);
	cr_expect_null(json_object_get(json_object_get(j, "summary"), "fr"));
	json_decref(j);
	run_free(&r);
}

Test(summarize, usage_errors_exit_2_before_any_output)
{
	static const char *const bad[][2] = {
	    {"--ratio", "0"},        {"--ratio", "1.5"},        {"--ratio", "abc"},
	    {"--ratio", "nan"},      {"--sentences", "0"},      {"--sentences", "x"},
	    {"--words", "-3"},       {"--summarizer", "magic"}, {"--width", "0"},
	    {"--min-words", "many"}, {"--to", "fr_FR!"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct run r =
		    run("summarize", "-b", "none", bad[i][0], bad[i][1], "fr.txt", NULL);
		cr_expect_eq(r.status, 2, "%s %s: status %d: %s", bad[i][0], bad[i][1],
		             r.status, r.err);
		cr_expect_str_eq(r.out, "", "%s %s printed something", bad[i][0],
		                 bad[i][1]);
		cr_expect_not_null(strstr(r.err, bad[i][0]), "%s", r.err);
		run_free(&r);
	}
	/* options of other commands are refused too */
	struct run r = run("summarize", "--strip", "fr.txt", NULL);
	cr_expect_eq(r.status, 2, "%s", r.err);
	run_free(&r);
}

Test(summarize, llm_with_deepl_is_a_usage_error)
{
	int port = fake_start(NULL);
	cr_assert_gt(port, 0);
	setenv("DEEPL_SERVER_URL", fake_url(NULL), 1);
	setenv("DEEPL_AUTH_KEY", "dummy:fx", 1);
	struct run r =
	    run("summarize", "-b", "deepl", "--summarizer", "llm", "fr.txt", NULL);
	cr_expect_eq(r.status, 2, "%s", r.err);
	cr_expect_str_eq(r.out, "");
	cr_expect_not_null(strstr(r.err, "openai"), "%s", r.err);
	cr_expect_eq(fake_log_count(NULL), 0, "a request was sent");
	run_free(&r);
}

Test(summarize, a_missing_file_fails_alone)
{
	struct run r = run("summarize", "-b", "none", "--format", "json", "fr.txt",
	                   "missing.txt", "en.txt", NULL);
	cr_expect_eq(r.status, 1, "%s", r.err);
	cr_expect_not_null(strstr(r.err, "missing.txt"), "%s", r.err);
	cr_assert_eq(count_lines(r.out), 2, "%s", r.out);
	json_t *a = json_line(r.out, 0), *b = json_line(r.out, 1);
	cr_expect_str_eq(json_string_value(json_object_get(a, "file")), "fr.txt");
	cr_expect_str_eq(json_string_value(json_object_get(b, "file")), "en.txt");
	json_decref(a);
	json_decref(b);
	run_free(&r);

	/* in text, the others are printed under their headers */
	r = run("summarize", "-b", "none", "fr.txt", "missing.txt", "en.txt", NULL);
	cr_expect_eq(r.status, 1, "%s", r.err);
	cr_expect_not_null(strstr(r.out, "==> fr.txt <=="), "%s", r.out);
	cr_expect_not_null(strstr(r.out, "==> en.txt <=="), "%s", r.out);
	cr_expect_null(strstr(r.out, "missing.txt"), "%s", r.out);
	run_free(&r);
}

Test(summarize, json_lines_one_document_an_input)
{
	mkdir("dir", 0700);
	copy_fixture("fr/incendie-marcheval.txt", "dir/a.txt");
	copy_fixture("en/reef-bleaching-study.txt", "dir/b.txt");
	struct run r =
	    run("summarize", "--format", "json", "fr.txt", "dir", "en.txt", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_eq(count_lines(r.out), 4, "%s", r.out);
	static const char *const files[] = {"fr.txt", "dir/a.txt", "dir/b.txt", "en.txt"};
	for (size_t i = 0; i < 4; i++) {
		json_t *j = json_line(r.out, i);
		cr_expect_str_eq(json_string_value(json_object_get(j, "file")), files[i]);
		cr_expect_str_eq(json_string_value(json_object_get(j, "schema")),
		                 "precis.report/1");
		cr_expect(json_is_array(json_object_get(j, "quotes")));
		cr_expect(json_is_array(json_object_get(j, "dropped")));
		cr_expect(json_is_array(json_object_get(j, "warnings")));
		json_decref(j);
	}
	/* no header lines and no hint line in JSON */
	cr_expect_null(strstr(r.out, "==>"));
	run_free(&r);
}

Test(summarize, standard_input)
{
	struct run r = run_with_input("fr.txt", "summarize", "--format", "json", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	json_t *j = json_line(r.out, 0);
	cr_expect_str_eq(json_string_value(json_object_get(j, "file")), "-");
	cr_expect_str_eq(json_string_value(json_object_get(j, "lang")), "fr");
	json_decref(j);
	run_free(&r);

	r = run_with_input("en.txt", "summarize", "-", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_expect_not_null(strstr(r.out, "Summary (en)"), "%s", r.out);
	run_free(&r);
}

Test(summarize, colours_and_no_color)
{
	/* not a terminal: no colour unless --color */
	struct run r = run("summarize", "fr.txt", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_expect_null(strchr(r.out, '\033'), "colour when not a terminal");
	run_free(&r);

	r = run("summarize", "--color", "fr.txt", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_expect_not_null(strstr(r.out, "\033[1m"), "--color gave no bold heading");
	run_free(&r);

	/* NO_COLOR set and not empty always wins */
	setenv("NO_COLOR", "1", 1);
	r = run("summarize", "--color", "fr.txt", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_expect_null(strchr(r.out, '\033'), "colour despite NO_COLOR");
	run_free(&r);

	/* an empty NO_COLOR is as good as unset */
	setenv("NO_COLOR", "", 1);
	r = run("summarize", "--color", "fr.txt", NULL);
	cr_expect_not_null(strstr(r.out, "\033[1m"),
	                   "an empty NO_COLOR turned colour off");
	run_free(&r);

	/* --no-color beats --color; never colour in JSON or markdown */
	unsetenv("NO_COLOR");
	r = run("summarize", "--color", "--no-color", "fr.txt", NULL);
	cr_expect_null(strchr(r.out, '\033'));
	run_free(&r);
	r = run("summarize", "--color", "--format", "markdown", "fr.txt", NULL);
	cr_expect_null(strchr(r.out, '\033'));
	run_free(&r);
}

Test(summarize, width_wraps_text)
{
	struct run r = run("summarize", "--width", "40", "fr.txt", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	/* count columns as code points: the fixtures hold no wide characters */
	for (const char *l = r.out; *l;) {
		const char *nl = strchr(l, '\n');
		size_t cols = 0, words = 1;
		for (const char *c = l; c < nl; c++) {
			cols += ((unsigned char)*c & 0xC0) != 0x80;
			words += *c == ' ' && c > l && c[-1] != ' ';
		}
		cr_expect(cols <= 40 || words <= 2, "a line of %zu columns: %.*s", cols,
		          (int)(nl - l), l);
		l = nl + 1;
	}
	run_free(&r);
	setenv("COLUMNS", "50", 1);
	r = run("summarize", "fr.txt", NULL);
	struct run w = run("summarize", "--width", "50", "fr.txt", NULL);
	cr_expect_str_eq(r.out, w.out, "$COLUMNS is not used when not a terminal");
	run_free(&r);
	run_free(&w);
}

Test(summarize, bilingual_with_the_fake_deepl)
{
	int port = fake_start(NULL);
	cr_assert_gt(port, 0);
	setenv("DEEPL_SERVER_URL", fake_url(NULL), 1);
	setenv("DEEPL_AUTH_KEY", "dummy:fx", 1);
	struct run r = run("summarize", "-b", "deepl", "--no-cache", "--format", "json",
	                   "fr.txt", "en.txt", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	json_t *fr = json_line(r.out, 0), *en = json_line(r.out, 1);
	cr_expect_str_eq(json_string_value(json_object_get(fr, "to")), "en");
	cr_expect_str_eq(json_string_value(json_object_get(en, "to")), "fr");
	cr_expect(json_is_null(json_object_get(fr, "hint")));
	json_t *fs = json_object_get(fr, "summary");
	cr_expect_eq(json_array_size(json_object_get(fs, "en")),
	             json_array_size(json_object_get(fs, "fr")));
	/* requests are batched across the two articles */
	json_t *b = json_object_get(fr, "backend");
	cr_expect_str_eq(json_string_value(json_object_get(b, "name")), "deepl");
	struct fake_stats st;
	fake_stats(NULL, &st);
	cr_expect_leq(st.translate_requests, 2, "%zu requests for two articles",
	              st.translate_requests);
	json_decref(fr);
	json_decref(en);
	run_free(&r);
}

Test(summarize, fatal_backend_error_exits_3)
{
	struct fake_config cfg = {.deepl_key = "the-right-key:fx"};
	int port = fake_start(&cfg);
	cr_assert_gt(port, 0);
	setenv("DEEPL_SERVER_URL", fake_url(NULL), 1);
	setenv("DEEPL_AUTH_KEY", "a-wrong-key:fx", 1);
	struct run r = run("summarize", "-b", "deepl", "--no-cache", "--format", "json",
	                   "fr.txt", "en.txt", NULL);
	cr_expect_eq(r.status, 3, "status %d: %s", r.status, r.err);
	cr_expect_not_null(strstr(r.err, "DEEPL_AUTH_KEY"), "%s", r.err);
	cr_expect_null(strstr(r.err, "a-wrong-key"), "the key was printed: %s", r.err);
	cr_expect_null(strstr(r.out, "a-wrong-key"), "the key was printed");
	/* what was done is printed: the reports, in the article's language */
	cr_expect_eq(count_lines(r.out), 2, "%s", r.out);
	run_free(&r);
}

Test(summarize, summarize_is_the_first_command)
{
	struct run r = run("--help", NULL);
	cr_assert_eq(r.status, 0);
	const char *cmds = strstr(r.out, "commands:\n");
	cr_assert_not_null(cmds, "%s", r.out);
	cr_expect_eq(strncmp(cmds + strlen("commands:\n"), "  summarize", 11), 0, "%s",
	             cmds);
	run_free(&r);
	r = run("summarize", "--help", NULL);
	cr_expect_eq(r.status, 0);
	cr_expect_not_null(strstr(r.out, "--ratio"), "%s", r.out);
	cr_expect_not_null(strstr(r.out, "--backend"), "%s", r.out);
	run_free(&r);
}
