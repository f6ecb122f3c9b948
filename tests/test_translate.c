/*
 * test_translate.c — `precis translate` and `precis backends` against the
 * fake API server (tests/fake), started in this process.
 *
 * Each test runs the built program ($PRECIS_BIN) in a fresh temporary
 * directory, with the DeepL protocol pointed at the fake through
 * DEEPL_AUTH_KEY and DEEPL_SERVER_URL, an empty config folder and a private
 * cache. The fake "translates" by putting "[TAG] " before each line that is
 * not blank (TAG the target: EN-GB for --to en with DeepL), so what comes
 * back tells which paragraphs were sent and whether any was lost; its log
 * tells how many requests went out and what they held.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fakeapi.h"

extern char **environ;

static char tmpdir[] = "/tmp/precis-translate-XXXXXX";
static const char key[] = "test-key-7f3a9c:fx";

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

static void start_fake(const struct fake_config *cfg)
{
	int port = fake_start(cfg);
	cr_assert_gt(port, 0, "the fake server cannot listen: %s", strerror(errno));
	setenv("DEEPL_SERVER_URL", fake_url(NULL), 1);
}

static void setup(void)
{
	cr_assert_not_null(getenv("PRECIS_BIN"), "PRECIS_BIN must name the built precis");
	cr_assert_not_null(mkdtemp(tmpdir), "mkdtemp: %s", strerror(errno));
	cr_assert_eq(chdir(tmpdir), 0);
	mkdir(".config", 0700);
	mkdir(".cache", 0700);
	char path[512];
	snprintf(path, sizeof path, "%s/.config", tmpdir);
	setenv("XDG_CONFIG_HOME", path, 1);
	snprintf(path, sizeof path, "%s/.cache", tmpdir);
	setenv("XDG_CACHE_HOME", path, 1);
	setenv("DEEPL_AUTH_KEY", key, 1);
	setenv("PRECIS_BACKEND", "deepl", 1);
	setenv("PRECIS_BACKOFF_SCALE", "0.01", 1);
	unsetenv("DEEPL_API_KEY");
	unsetenv("PRECIS_TRANSLATE_CHUNK");
}

static void teardown(void)
{
	fake_stop();
	if (chdir("/") == 0)
		nftw(tmpdir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

TestSuite(translate, .init = setup, .fini = teardown, .timeout = 120);

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	cr_assert_not_null(f, "%s: %s", path, strerror(errno));
	fputs(text, f);
	cr_assert_eq(fclose(f), 0);
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

static pid_t spawn(const char *arg, va_list ap)
{
	const char *argv[64];
	int argc = 0;
	argv[argc++] = getenv("PRECIS_BIN");
	for (; arg; arg = va_arg(ap, const char *)) {
		cr_assert_lt(argc, 62);
		argv[argc++] = arg;
	}
	argv[argc] = NULL;
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, ".stdout", O_WRONLY | O_CREAT | O_TRUNC,
	                                 0644);
	posix_spawn_file_actions_addopen(&fa, 2, ".stderr", O_WRONLY | O_CREAT | O_TRUNC,
	                                 0644);
	pid_t pid;
	int rc = posix_spawn(&pid, argv[0], &fa, NULL, (char *const *)argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	cr_assert_eq(rc, 0, "posix_spawn: %s", strerror(rc));
	return pid;
}

static struct run finish(pid_t pid)
{
	int ws;
	cr_assert_eq(waitpid(pid, &ws, 0), pid);
	struct run r;
	r.status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
	r.out = read_whole(".stdout");
	r.err = read_whole(".stderr");
	cr_assert_null(strstr(r.err, "Sanitizer"), "%s", r.err);
	cr_assert_null(strstr(r.err, "runtime error:"), "%s", r.err);
	/* The key never shows, whatever happened. */
	cr_assert_null(strstr(r.out, key), "the key is on stdout:\n%s", r.out);
	cr_assert_null(strstr(r.err, key), "the key is on stderr:\n%s", r.err);
	return r;
}

static struct run run(const char *arg, ...)
{
	va_list ap;
	va_start(ap, arg);
	pid_t pid = spawn(arg, ap);
	va_end(ap);
	return finish(pid);
}

static void run_free(struct run *r)
{
	free(r->out);
	free(r->err);
}

static size_t translate_requests(void)
{
	size_t n = 0;
	for (size_t i = 0; i < fake_log_count(NULL); i++)
		n += fake_log_at(NULL, i)->index != 0;
	return n;
}

static void assert_file(const char *path, const char *want)
{
	char *got = read_whole(path);
	cr_assert_not_null(got, "%s was not written", path);
	cr_assert_str_eq(got, want, "%s:\n%s", path, got);
	free(got);
}

static int exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

static size_t count_temp_files(const char *dir)
{
	size_t n = 0;
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (strstr(e->d_name, ".precis-tmp"))
			n++;
		if (e->d_type == DT_DIR && e->d_name[0] != '.') {
			char sub[1024];
			snprintf(sub, sizeof sub, "%s/%s", dir, e->d_name);
			n += count_temp_files(sub);
		}
	}
	closedir(d);
	return n;
}

/* French paragraphs in the style of a press article (no quotes or
 * apostrophes, so reply cleaning leaves the fake's lines as they are). */
static const char article_a[] =
    "Le conseil municipal adopte un budget en hausse pour la voirie.\n"
    "\n"
    "Les travaux commenceront au printemps sur trois avenues du centre. La mairie "
    "promet des chantiers courts et des rues rouvertes le soir.\n"
    "\n"
    "Les commerçants restent prudents et demandent une aide pendant les travaux.\n";
static const char article_a_en[] =
    "[EN-GB] Le conseil municipal adopte un budget en hausse pour la voirie.\n"
    "\n"
    "[EN-GB] Les travaux commenceront au printemps sur trois avenues du centre. La "
    "mairie "
    "promet des chantiers courts et des rues rouvertes le soir.\n"
    "\n"
    "[EN-GB] Les commerçants restent prudents et demandent une aide pendant les "
    "travaux.\n";

static const char article_b[] =
    "La préfecture annonce la fermeture du pont pendant deux semaines.\n"
    "\n"
    "Une déviation sera mise en place par la route du port et des navettes gratuites "
    "circuleront toutes les vingt minutes.\n";

Test(translate, stdout_keeps_paragraphs_one_to_one)
{
	start_fake(NULL);
	write_text("a.txt", article_a);
	struct run r = run("translate", "--to", "en", "a.txt", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.out, article_a_en);
	/* Three paragraphs, one request holding them all. */
	cr_assert_eq(translate_requests(), 1);
	cr_assert_eq(fake_log_at(NULL, 0)->ntexts, 3);
	/* Not a terminal: no progress bar; one summary line. */
	cr_assert_null(strchr(r.err, '\r'), "%s", r.err);
	cr_assert_not_null(strstr(r.err, "precis: 1 file translated"), "%s", r.err);
	run_free(&r);
	/* -q: nothing on standard error, the same output. */
	r = run("translate", "-q", "--to", "en", "a.txt", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.err, "");
	cr_assert_str_eq(r.out, article_a_en);
	run_free(&r);
}

Test(translate, several_inputs_have_headers_and_default_target)
{
	start_fake(NULL);
	write_text("a.txt", article_a);
	write_text("b.txt", "The council passed a larger budget for the roads this year, "
	                    "and the works will start in the spring on three avenues.\n");
	/* No --to: French goes to English, English to French. */
	struct run r = run("translate", "a.txt", "b.txt", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_not_null(strstr(r.out, "==> a.txt <==\n[EN-GB] Le conseil"), "%s",
	                   r.out);
	cr_assert_not_null(strstr(r.out, "\n\n==> b.txt <==\n[FR] The council"), "%s",
	                   r.out);
	run_free(&r);
}

Test(translate, en_us_variant_names_the_output)
{
	start_fake(NULL);
	write_text("a.txt", article_a);
	struct run r =
	    run("translate", "--to", "en-us", "--out-dir", "out", "a.txt", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	char *got = read_whole("out/a.en-US.txt");
	cr_assert_not_null(got);
	cr_assert_eq(strncmp(got, "[EN-US] ", 8), 0, "%s", got);
	free(got);
	run_free(&r);
}

Test(translate, out_dir_keeps_the_layout_and_leaves_inputs_alone)
{
	start_fake(NULL);
	mkdir("src", 0755);
	mkdir("src/sub", 0755);
	mkdir("src/sub/deep", 0755);
	write_text("src/a.txt", article_a);
	write_text("src/sub/b.txt", article_b);
	write_text("src/sub/deep/c.md", "# Le pont ferme\n\nPendant deux semaines.\n");
	write_text("single.txt", article_a);
	struct run r =
	    run("translate", "--to", "en", "--out-dir", "out", "src", "single.txt", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.out, "");
	assert_file("out/a.en.txt", article_a_en);
	assert_file("out/single.en.txt", article_a_en);
	cr_assert(exists("out/sub/b.en.txt"));
	assert_file("out/sub/deep/c.en.md",
	            "# [EN-GB] Le pont ferme\n\n[EN-GB] Pendant deux semaines.\n");
	/* Inputs unchanged, nothing else written next to them. */
	assert_file("src/a.txt", article_a);
	assert_file("src/sub/b.txt", article_b);
	assert_file("single.txt", article_a);
	cr_assert_not(exists("src/a.en.txt"));
	cr_assert_not(exists("a.en.txt"));
	cr_assert_eq(count_temp_files("."), 0);
	run_free(&r);
}

Test(translate, stdin_goes_to_stdin_lang_txt)
{
	start_fake(NULL);
	write_text("in.txt", article_a);
	const char *argv[] = {getenv("PRECIS_BIN"), "translate", "--to", "en",
	                      "--out-dir",          "out",       NULL};
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "in.txt", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, ".stdout", O_WRONLY | O_CREAT | O_TRUNC,
	                                 0644);
	posix_spawn_file_actions_addopen(&fa, 2, ".stderr", O_WRONLY | O_CREAT | O_TRUNC,
	                                 0644);
	pid_t pid;
	cr_assert_eq(posix_spawn(&pid, argv[0], &fa, NULL, (char *const *)argv, environ),
	             0);
	posix_spawn_file_actions_destroy(&fa);
	struct run r = finish(pid);
	cr_assert_eq(r.status, 0, "%s", r.err);
	assert_file("out/stdin.en.txt", article_a_en);
	run_free(&r);
}

Test(translate, never_writes_through_a_symlink_out_of_the_out_dir)
{
	start_fake(NULL);
	mkdir("src", 0755);
	mkdir("src/sub", 0755);
	write_text("src/sub/b.txt", article_b);
	write_text("src/a.txt", article_a);
	mkdir("elsewhere", 0755);
	mkdir("out", 0755);
	cr_assert_eq(symlink("../elsewhere", "out/sub"), 0);
	struct run r = run("translate", "--to", "en", "--out-dir", "out", "src", NULL);
	cr_assert_eq(r.status, 1, "%s", r.err);
	cr_assert_not_null(strstr(r.err, "symbolic link"), "%s", r.err);
	DIR *d = opendir("elsewhere");
	struct dirent *e;
	size_t n = 0;
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	cr_assert_eq(n, 0, "something was written outside --out-dir");
	/* The other file is still done. */
	assert_file("out/a.en.txt", article_a_en);
	run_free(&r);
}

Test(translate, never_overwrites_an_input)
{
	start_fake(NULL);
	mkdir("src", 0755);
	write_text("src/a.txt", article_a);
	write_text("src/b.txt", article_b);
	/* Its output name is an input: refused, the input kept. */
	write_text("src/a.en.txt", "An input that looks like an output.\n");
	struct run r = run("translate", "--to", "en", "--out-dir", "src", "src/a.txt",
	                   "src/a.en.txt", NULL);
	cr_assert_eq(r.status, 1, "%s", r.err);
	assert_file("src/a.en.txt", "An input that looks like an output.\n");
	run_free(&r);
}

Test(translate, markdown_structure_is_kept)
{
	start_fake(NULL);
	write_text(
	    "doc.md",
	    "# Le budget de la ville\n"
	    "\n"
	    "Le maire présente le [rapport annuel](https://example.org/rapport-2024.pdf) "
	    "et la commande `make budget` aux élus.\n"
	    "\n"
	    "- premier point du débat\n"
	    "- second point, voir <https://example.org/vote>\n"
	    "1. une liste numérotée\n"
	    "\n"
	    "```sh\n"
	    "echo Ceci reste tel quel\n"
	    "\n"
	    "echo Toujours du code\n"
	    "```\n"
	    "\n"
	    "    code indenté\n"
	    "\n"
	    "## Suite\n");
	struct run r = run("translate", "--to", "en", "doc.md", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(
	    r.out, "# [EN-GB] Le budget de la ville\n"
	           "\n"
	           "[EN-GB] Le maire présente le [rapport annuel](https://example.org/"
	           "rapport-2024.pdf) et la commande `make budget` aux élus.\n"
	           "\n"
	           "- [EN-GB] premier point du débat\n"
	           "- [EN-GB] second point, voir <https://example.org/vote>\n"
	           "1. [EN-GB] une liste numérotée\n"
	           "\n"
	           "```sh\n"
	           "echo Ceci reste tel quel\n"
	           "\n"
	           "echo Toujours du code\n"
	           "```\n"
	           "\n"
	           "    code indenté\n"
	           "\n"
	           "## [EN-GB] Suite\n");
	/* URLs and code were never sent. */
	for (size_t i = 0; i < fake_log_count(NULL); i++) {
		const struct fake_request *q = fake_log_at(NULL, i);
		for (size_t k = 0; k < q->ntexts; k++) {
			cr_assert_null(strstr(q->texts[k], "example.org"), "%s",
			               q->texts[k]);
			cr_assert_null(strstr(q->texts[k], "make budget"), "%s",
			               q->texts[k]);
			cr_assert_null(strstr(q->texts[k], "echo"), "%s", q->texts[k]);
		}
	}
	run_free(&r);
}

Test(translate, batches_span_files)
{
	start_fake(NULL);
	mkdir("src", 0755);
	for (int i = 0; i < 8; i++) {
		char path[64];
		snprintf(path, sizeof path, "src/f%d.txt", i);
		write_text(path, article_a);
	}
	/* Distinct texts per file, so the memory cannot merge them. */
	write_text("src/f0.txt", article_b);
	struct run r =
	    run("translate", "--no-cache", "--to", "en", "--out-dir", "out", "src", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	/* 8 files, 23 paragraphs (5 distinct): one request. */
	cr_assert_eq(translate_requests(), 1);
	for (int i = 1; i < 8; i++) {
		char path[64];
		snprintf(path, sizeof path, "out/f%d.en.txt", i);
		assert_file(path, article_a_en);
	}
	run_free(&r);
}

Test(translate, batches_hold_texts_of_several_files)
{
	struct fake_config cfg = {.faults = {.max_texts = 4}};
	start_fake(&cfg);
	mkdir("src", 0755);
	char text[256];
	for (int i = 0; i < 6; i++) {
		char path[64];
		snprintf(path, sizeof path, "src/f%d.txt", i);
		snprintf(
		    text, sizeof text,
		    "Premier paragraphe du fichier numéro %d sur la ville.\n\nSecond "
		    "paragraphe du fichier numéro %d sur le port.\n",
		    i, i);
		write_text(path, text);
	}
	/* 12 paragraphs; DeepL takes 50 a request but this fake only 4. */
	struct run r = run("translate", "--no-cache", "--to", "en", "src", NULL);
	cr_assert(r.status == 0 || r.status == 1, "%s", r.err);
	run_free(&r);
	fake_reset(NULL);
	r = run("translate", "--no-cache", "--to", "en", "src", NULL);
	size_t reqs = translate_requests();
	cr_assert_lt(reqs, 12, "one request a paragraph: %zu", reqs);
	run_free(&r);
}

Test(translate, cache_second_run_sends_nothing)
{
	start_fake(NULL);
	write_text("a.txt", article_a);
	write_text("b.txt", article_b);
	struct run r1 = run("translate", "--cache", "tm.sqlite", "--to", "en", "a.txt",
	                    "b.txt", NULL);
	cr_assert_eq(r1.status, 0, "%s", r1.err);
	cr_assert_gt(translate_requests(), 0);
	fake_reset(NULL);
	struct run r2 = run("translate", "--cache", "tm.sqlite", "--to", "en", "a.txt",
	                    "b.txt", NULL);
	cr_assert_eq(r2.status, 0, "%s", r2.err);
	cr_assert_eq(fake_log_count(NULL), 0, "the second run sent requests");
	cr_assert_str_eq(r2.out, r1.out);
	cr_assert_not_null(strstr(r2.err, "5 cached"), "%s", r2.err);
	run_free(&r1);
	run_free(&r2);
}

Test(translate, resume_after_kill)
{
	struct fake_config cfg = {.faults = {.latency_ms = 300}};
	start_fake(&cfg);
	mkdir("src", 0755);
	enum { NFILES = 8 };
	for (int i = 0; i < NFILES; i++) {
		char path[64], text[256];
		snprintf(path, sizeof path, "src/f%d.txt", i);
		snprintf(text, sizeof text,
		         "Le texte numéro %d parle du port.\n\nEt de la ville %d.\n", i,
		         i);
		write_text(path, text);
	}
	/* One file a call, so that outputs appear one by one. */
	setenv("PRECIS_TRANSLATE_CHUNK", "1", 1);
	va_list none;
	pid_t pid;
	{
		const char *argv[] = {"translate", "--cache",   "tm.sqlite", "--to",
		                      "en",        "--out-dir", "out",       "src"};
		(void)none;
		pid = -1;
		char *const full[] = {getenv("PRECIS_BIN"), (char *)argv[0],
		                      (char *)argv[1],      (char *)argv[2],
		                      (char *)argv[3],      (char *)argv[4],
		                      (char *)argv[5],      (char *)argv[6],
		                      (char *)argv[7],      NULL};
		posix_spawn_file_actions_t fa;
		posix_spawn_file_actions_init(&fa);
		posix_spawn_file_actions_addopen(&fa, 1, ".stdout",
		                                 O_WRONLY | O_CREAT | O_TRUNC, 0644);
		posix_spawn_file_actions_addopen(&fa, 2, ".stderr",
		                                 O_WRONLY | O_CREAT | O_TRUNC, 0644);
		cr_assert_eq(posix_spawn(&pid, full[0], &fa, NULL, full, environ), 0);
		posix_spawn_file_actions_destroy(&fa);
	}
	/* Kill it once some outputs are done but not all. */
	for (int t = 0; t < 1000 && !exists("out/f1.en.txt"); t++)
		usleep(10000);
	cr_assert(exists("out/f1.en.txt"), "no output after 10 s");
	kill(pid, SIGKILL);
	int ws;
	waitpid(pid, &ws, 0);
	cr_assert(WIFSIGNALED(ws));
	cr_assert_not(exists("out/f7.en.txt"), "the run finished before the kill");
	fake_wait_idle(NULL, 5000);

	/* A temporary file as a run killed while writing leaves it. */
	write_text("out/.f5.en.txt.999999.precis-tmp", "half");
	fake_reset(NULL);
	struct fake_faults quick = {0};
	fake_set_faults(NULL, &quick);
	struct run r = run("translate", "--cache", "tm.sqlite", "--to", "en", "--out-dir",
	                   "out", "src", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	for (int i = 0; i < NFILES; i++) {
		char path[64], want[256];
		snprintf(path, sizeof path, "out/f%d.en.txt", i);
		snprintf(want, sizeof want,
		         "[EN-GB] Le texte numéro %d parle du port.\n\n[EN-GB] Et de la "
		         "ville %d.\n",
		         i, i);
		assert_file(path, want);
	}
	cr_assert_eq(count_temp_files("out"), 0);
	/* What was done before the kill was not sent again. */
	cr_assert_lt(translate_requests(), NFILES);
	cr_assert_not_null(strstr(r.err, "up to date"), "%s", r.err);
	run_free(&r);
}

Test(translate, dry_run_sends_nothing_and_counts)
{
	start_fake(NULL);
	unsetenv("DEEPL_AUTH_KEY"); /* works without a key */
	write_text("a.txt", article_a);
	write_text("b.txt", article_b);
	struct run r = run("translate", "--dry-run", "--no-cache", "--to", "en", "a.txt",
	                   "b.txt", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_eq(fake_log_count(NULL), 0);
	/* 273 and 182 code points of paragraph text (é and ç count one). */
	cr_assert_not_null(strstr(r.out, "a.txt\t273 characters\n"), "%s", r.out);
	cr_assert_not_null(strstr(r.out, "b.txt\t182 characters\n"), "%s", r.out);
	cr_assert_not_null(strstr(r.out,
	                          "total\t2 files\t455 characters in the files; would "
	                          "send 455 characters in 1 request"),
	                   "%s", r.out);
	run_free(&r);
	/* openai bills tokens: estimated per file and in total. */
	unsetenv("OPENAI_API_KEY");
	r = run("translate", "--dry-run", "--no-cache", "-b", "openai", "--model", "fake-model",
	        "--to", "en", "a.txt", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_not_null(strstr(r.out, "a.txt\t273 characters\t~"), "%s", r.out);
	cr_assert_not_null(strstr(r.out, " tokens\n"), "%s", r.out);
	cr_assert_eq(fake_log_count(NULL), 0);
	run_free(&r);
}

Test(translate, bad_key_is_fatal_and_names_the_variable)
{
	struct fake_config cfg = {.deepl_key = "the-right-key:fx"};
	start_fake(&cfg);
	write_text("a.txt", article_a);
	write_text("b.txt", article_b);
	struct run r =
	    run("translate", "--no-cache", "--to", "en", "a.txt", "b.txt", NULL);
	cr_assert_eq(r.status, 3, "%s", r.err);
	cr_assert_not_null(strstr(r.err, "DEEPL_AUTH_KEY"), "%s", r.err);
	cr_assert_str_eq(r.out, "");
	run_free(&r);
}

Test(translate, failing_file_among_good_ones)
{
	struct fake_config cfg = {.faults = {.poison = "CASSE", .poison_status = 400}};
	start_fake(&cfg);
	write_text("a.txt", article_a);
	write_text("bad.txt",
	           "Ce texte est CASSE pour le serveur.\n\nUne suite normale.\n");
	write_text("c.txt", article_b);
	struct run r = run("translate", "--no-cache", "--to", "en", "--out-dir", "out",
	                   "a.txt", "bad.txt", "c.txt", NULL);
	cr_assert_eq(r.status, 1, "%s", r.err);
	cr_assert_not_null(strstr(r.err, "'bad.txt'"), "%s", r.err);
	cr_assert_null(strstr(r.err, "'a.txt'"), "%s", r.err);
	assert_file("out/a.en.txt", article_a_en);
	cr_assert(exists("out/c.en.txt"));
	cr_assert_not(exists("out/bad.en.txt"));
	run_free(&r);
}

Test(translate, usage_errors)
{
	start_fake(NULL);
	write_text("a.txt", article_a);
	struct run r = run("translate", "-j", "zero", "a.txt", NULL);
	cr_assert_eq(r.status, 2, "%s", r.err);
	run_free(&r);
	r = run("translate", "--to", "en gb", "a.txt", NULL);
	cr_assert_eq(r.status, 2, "%s", r.err);
	run_free(&r);
	r = run("translate", "--api-key", "x", "a.txt", NULL);
	cr_assert_eq(r.status, 2, "%s", r.err);
	run_free(&r);
	r = run("segment", "--to", "en", "a.txt", NULL);
	cr_assert_eq(r.status, 2, "%s", r.err);
	run_free(&r);
	r = run("translate", "-b", "none", "a.txt", NULL);
	cr_assert_eq(r.status, 3, "%s", r.err);
	run_free(&r);
	cr_assert_eq(fake_log_count(NULL), 0);
}

Test(translate, backends_lists_and_marks_the_configured_one)
{
	start_fake(NULL);
	struct run r = run("backends", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_not_null(strstr(r.out, "* deepl "), "%s", r.out);
	cr_assert_not_null(strstr(r.out, "  openai "), "%s", r.out);
	cr_assert_not_null(strstr(r.out, "  apertium "), "%s", r.out);
	cr_assert_not_null(strstr(r.out, "configured: deepl"), "%s", r.out);
	run_free(&r);
	r = run("backends", "-b", "libretranslate", NULL);
	cr_assert_not_null(strstr(r.out, "* libretranslate "), "%s", r.out);
	run_free(&r);
}

Test(translate, backends_check_against_the_fake)
{
	struct fake_config cfg = {.char_used = 1234, .char_limit = 500000};
	start_fake(&cfg);
	struct run r = run("backends", "--check", NULL);
	cr_assert_eq(r.status, 0, "%s%s", r.out, r.err);
	cr_assert_not_null(strstr(r.out, fake_url(NULL)), "%s", r.out);
	cr_assert_not_null(strstr(r.out, "1234"), "%s", r.out);
	cr_assert_not_null(strstr(r.out, "500000"), "%s", r.out);
	run_free(&r);
	/* Nobody listening: exit 3. */
	setenv("DEEPL_SERVER_URL", "http://127.0.0.1:1", 1);
	r = run("backends", "--check", "--retries", "0", "--timeout", "5", NULL);
	cr_assert_eq(r.status, 3, "%s%s", r.out, r.err);
	run_free(&r);
}

/* A finished output is skipped by the next run with the same settings, and
 * translated again when the backend changes (the settings are kept with
 * the file as an extended attribute; where the file system has none, the
 * times alone decide and this test says so). */
Test(translate, rerun_skips_unless_the_settings_changed)
{
	start_fake(NULL);
	write_text("a.txt", article_a);
	struct run r1 = run("translate", "--no-cache", "--to", "en", "--out-dir", "out",
	                    "a.txt", NULL);
	cr_assert_eq(r1.status, 0, "%s", r1.err);
	cr_assert_gt(translate_requests(), 0);
	char buf[64];
	if (getxattr("out/a.en.txt", "user.precis.made", buf, sizeof buf) < 0) {
		cr_assert(errno == ENOTSUP, "getxattr: %s", strerror(errno));
		cr_skip_test("no extended attributes on this file system");
	}
	fake_reset(NULL);
	struct run r2 = run("translate", "--no-cache", "--to", "en", "--out-dir", "out",
	                    "a.txt", NULL);
	cr_assert_eq(r2.status, 0, "%s", r2.err);
	cr_assert_eq(fake_log_count(NULL), 0, "the same settings sent requests again");
	fake_reset(NULL);
	setenv("LIBRETRANSLATE_URL", fake_url(NULL), 1);
	struct run r3 = run("translate", "-b", "libretranslate", "--no-cache", "--to", "en",
	                    "--out-dir", "out", "a.txt", NULL);
	unsetenv("LIBRETRANSLATE_URL");
	cr_assert_eq(r3.status, 0, "%s", r3.err);
	cr_assert_gt(translate_requests(), 0, "another backend did not translate again");
	char *out = read_whole("out/a.en.txt");
	cr_assert_not_null(strstr(out, "[EN] "), "%s", out);
	free(out);
	run_free(&r1);
	run_free(&r2);
	run_free(&r3);
}
