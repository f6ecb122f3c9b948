/*
 * test_cli.c — the precis program as users and scripts see it.
 *
 * Each test runs the built binary ($PRECIS_BIN) with posix_spawn in a fresh
 * temporary directory (Criterion runs every test in its own process, so the
 * chdir is private), with standard input from a file, and checks its
 * standard output, standard error and exit status: the contract of
 * DESIGN.md "Command line" and README.md.
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <jansson.h>
#include <regex.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "precis/precis.h"

extern char **environ;

static char tmpdir[] = "/tmp/precis-cli-XXXXXX";

struct run {
	int status; /* exit status; 128 + signal when killed */
	char *out;
	char *err;
};

static void setup(void)
{
	cr_assert_not_null(getenv("PRECIS_BIN"), "PRECIS_BIN must name the built precis");
	cr_assert_not_null(mkdtemp(tmpdir), "mkdtemp: %s", strerror(errno));
	cr_assert_eq(chdir(tmpdir), 0);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void teardown(void)
{
	if (chdir("/") == 0)
		nftw(tmpdir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

TestSuite(cli, .init = setup, .fini = teardown);

static void write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	cr_assert_not_null(f, "%s: %s", path, strerror(errno));
	cr_assert_eq(fwrite(data, 1, len, f), len);
	cr_assert_eq(fclose(f), 0);
}

static void write_text(const char *path, const char *text)
{
	write_file(path, text, strlen(text));
}

static char *read_whole(const char *path)
{
	FILE *f = fopen(path, "rb");
	cr_assert_not_null(f, "%s: %s", path, strerror(errno));
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

/* Runs precis with the NULL-terminated arguments. stdin_text NULL: stdin is
 * /dev/null. stdout_path NULL: captured. env: "NAME=value" to add, or NULL. */
static struct run run_full(const char *stdin_text, const char *stdout_path, const char *env,
                           const char *arg, va_list ap)
{
	const char *argv[64];
	int argc = 0;
	argv[argc++] = getenv("PRECIS_BIN");
	for (; arg; arg = va_arg(ap, const char *)) {
		cr_assert_lt(argc, 62);
		argv[argc++] = arg;
	}
	argv[argc] = NULL;

	const char *in_path = "/dev/null";
	if (stdin_text) {
		in_path = ".stdin";
		write_text(in_path, stdin_text);
	}
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, in_path, O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, stdout_path ? stdout_path : ".stdout",
	                                 O_WRONLY | O_CREAT | O_TRUNC, 0644);
	posix_spawn_file_actions_addopen(&fa, 2, ".stderr", O_WRONLY | O_CREAT | O_TRUNC, 0644);

	char **envp = environ;
	char *custom[512];
	if (env) {
		size_t n = 0;
		size_t klen = strcspn(env, "=") + 1;
		for (char **e = environ; *e && n < 510; e++)
			if (strncmp(*e, env, klen) != 0)
				custom[n++] = *e;
		custom[n++] = (char *)env;
		custom[n] = NULL;
		envp = custom;
	}
	pid_t pid;
	int rc = posix_spawn(&pid, argv[0], &fa, NULL, (char *const *)argv, envp);
	posix_spawn_file_actions_destroy(&fa);
	cr_assert_eq(rc, 0, "posix_spawn %s: %s", argv[0], strerror(rc));
	int ws;
	cr_assert_eq(waitpid(pid, &ws, 0), pid);

	struct run r;
	r.status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
	r.out = stdout_path ? strdup("") : read_whole(".stdout");
	r.err = read_whole(".stderr");
	cr_assert_lt(r.status, 128, "precis was killed by signal %d; stderr:\n%s", r.status - 128,
	             r.err);
	/* In a sanitizer build a leak or undefined behaviour must fail the test
	 * even when the exit status looks right. */
	cr_assert_null(strstr(r.err, "Sanitizer"), "%s", r.err);
	cr_assert_null(strstr(r.err, "runtime error:"), "%s", r.err);
	return r;
}

static struct run run(const char *arg, ...)
{
	va_list ap;
	va_start(ap, arg);
	struct run r = run_full(NULL, NULL, NULL, arg, ap);
	va_end(ap);
	return r;
}

static struct run run_stdin(const char *stdin_text, const char *arg, ...)
{
	va_list ap;
	va_start(ap, arg);
	struct run r = run_full(stdin_text, NULL, NULL, arg, ap);
	va_end(ap);
	return r;
}

static struct run run_env(const char *env, const char *arg, ...)
{
	va_list ap;
	va_start(ap, arg);
	struct run r = run_full(NULL, NULL, env, arg, ap);
	va_end(ap);
	return r;
}

static struct run run_to(const char *stdout_path, const char *arg, ...)
{
	va_list ap;
	va_start(ap, arg);
	struct run r = run_full(NULL, stdout_path, NULL, arg, ap);
	va_end(ap);
	return r;
}

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

static const char article_fr[] =
	"Le conseil municipal vote le budget\n"
	"\n"
	"Le conseil municipal a adopté mardi soir le budget de la ville. La séance a "
	"duré plus de quatre heures.\n"
	"\n"
	"« Nous avons fait des choix difficiles », a déclaré la maire devant les élus. "
	"L'opposition a voté contre.\n"
	"\n"
	"Partager sur Facebook\n"
	"\n"
	"Laisser un commentaire\n";

static const char article_en[] =
	"The harbour reopens after the storm\n"
	"\n"
	"The harbour reopened on Friday morning, three days after the storm. Fishing "
	"boats were the first to leave.\n"
	"\n"
	"“We lost a week of work,” said one skipper. The port authority promised help.\n";

/* ---- version, help, usage errors ---- */

Test(cli, version_prints_the_library_version)
{
	struct run r = run("--version", NULL);
	cr_assert_eq(r.status, 0);
	char want[64];
	snprintf(want, sizeof want, "precis %s\n", precis_version());
	cr_assert_str_eq(r.out, want);
	cr_assert_str_eq(want, "precis 0.1.0\n");
	cr_assert_str_empty(r.err);
	run_free(&r);
}

Test(cli, help_lists_commands_and_options)
{
	struct run r = run("--help", NULL);
	cr_assert_eq(r.status, 0);
	const char *want[] = {"usage: precis", "summarize", "normalize", "detect", "segment",
	                      "quotes", "--sentences", "--ratio", "--summarizer", "--width",
	                      "--format", "--lang", "--encoding", "--glob", "--strip",
	                      "--typography", "--all", "--min-words", "--no-repair",
	                      "-q, --quiet", "-v, --verbose", "--version", "exit status"};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		cr_expect(strstr(r.out, want[i]), "--help lacks \"%s\":\n%s", want[i], r.out);
	cr_assert_str_empty(r.err);
	run_free(&r);

	r = run("-h", NULL);
	cr_assert_eq(r.status, 0);
	cr_assert(strstr(r.out, "segment"));
	run_free(&r);
}

Test(cli, command_help_lists_its_own_options)
{
	struct run r = run("segment", "--help", NULL);
	cr_assert_eq(r.status, 0);
	cr_expect(strstr(r.out, "usage: precis segment"));
	cr_expect(strstr(r.out, "--strip"));
	cr_expect(strstr(r.out, "--format"));
	cr_expect_null(strstr(r.out, "--typography"), "typography is normalize's only");
	run_free(&r);

	r = run("--help", "normalize", NULL);
	cr_assert_eq(r.status, 0);
	cr_expect(strstr(r.out, "usage: precis normalize"));
	cr_expect(strstr(r.out, "--typography"));
	run_free(&r);

	r = run("detect", "-h", NULL);
	cr_assert_eq(r.status, 0);
	cr_expect(strstr(r.out, "usage: precis detect"));
	cr_expect_null(strstr(r.out, "--strip"));
	cr_expect_null(strstr(r.out, "--min-words"), "--min-words is quotes' only");
	run_free(&r);

	r = run("quotes", "--help", NULL);
	cr_assert_eq(r.status, 0);
	cr_expect(strstr(r.out, "usage: precis quotes"));
	cr_expect(strstr(r.out, "--all"));
	cr_expect(strstr(r.out, "--min-words N"));
	cr_expect(strstr(r.out, "markdown"));
	cr_expect_null(strstr(r.out, "--strip"));
	cr_expect_null(strstr(r.out, "--typography"));
	run_free(&r);
}

Test(cli, no_command_is_a_usage_error)
{
	struct run r = run(NULL);
	cr_assert_eq(r.status, 2);
	cr_assert(strstr(r.err, "no command"));
	cr_assert_str_empty(r.out);
	run_free(&r);
}

Test(cli, unknown_command_exits_2_naming_it)
{
	struct run r = run("frobnicate", NULL);
	cr_assert_eq(r.status, 2);
	cr_assert(strstr(r.err, "precis: 'frobnicate': is not a precis command"), "%s", r.err);
	cr_assert_str_empty(r.out);
	run_free(&r);

	/* A file given where the command should be gets a hint. */
	write_text("a.txt", article_fr);
	r = run("a.txt", NULL);
	cr_assert_eq(r.status, 2);
	cr_assert(strstr(r.err, "precis segment a.txt"), "%s", r.err);
	run_free(&r);
}

Test(cli, unknown_option_exits_2_naming_it)
{
	struct run r = run("segment", "--frobnicate", NULL);
	cr_assert_eq(r.status, 2);
	cr_assert(strstr(r.err, "'--frobnicate'"), "%s", r.err);
	run_free(&r);

	r = run("-x", "segment", NULL);
	cr_assert_eq(r.status, 2);
	cr_assert(strstr(r.err, "'-x'"), "%s", r.err);
	run_free(&r);
}

Test(cli, bad_option_values_exit_2)
{
	struct run r = run("segment", "--format", NULL);
	cr_assert_eq(r.status, 2);
	cr_assert(strstr(r.err, "'--format' needs a value"), "%s", r.err);
	run_free(&r);

	r = run("segment", "--strip=yes", NULL);
	cr_assert_eq(r.status, 2);
	cr_assert(strstr(r.err, "takes no value"), "%s", r.err);
	run_free(&r);

	r = run("segment", "--format=xml", NULL);
	cr_assert_eq(r.status, 2);
	cr_assert(strstr(r.err, "'xml'") && strstr(r.err, "text or json"), "%s", r.err);
	run_free(&r);

	r = run("segment", "--lang=", NULL);
	cr_assert_eq(r.status, 2);
	run_free(&r);
}

Test(cli, markdown_is_refused_naming_the_allowed_formats)
{
	write_text("a.txt", article_fr);
	const char *cmds[] = {"normalize", "detect", "segment"};
	for (size_t i = 0; i < 3; i++) {
		struct run r = run(cmds[i], "--format", "markdown", "a.txt", NULL);
		cr_assert_eq(r.status, 2, "%s", cmds[i]);
		cr_assert(strstr(r.err, "'markdown'") && strstr(r.err, "text or json"), "%s",
		          r.err);
		cr_assert_str_empty(r.out);
		run_free(&r);
	}
}

Test(cli, option_of_another_command_is_a_usage_error)
{
	write_text("a.txt", article_fr);
	struct run r = run("detect", "--typography", "fr", "a.txt", NULL);
	cr_assert_eq(r.status, 2);
	cr_assert(strstr(r.err, "'--typography'") && strstr(r.err, "'detect'"), "%s", r.err);
	run_free(&r);

	r = run("--strip", "detect", "a.txt", NULL);
	cr_assert_eq(r.status, 2);
	run_free(&r);
}

Test(cli, unknown_lang_exits_2_naming_it)
{
	write_text("a.txt", article_fr);
	struct run r = run("--lang", "xx", "detect", "a.txt", NULL);
	cr_assert_eq(r.status, 2);
	cr_assert(strstr(r.err, "'xx'"), "%s", r.err);
	cr_assert_str_empty(r.out);
	run_free(&r);

	r = run("normalize", "--typography=xx", "a.txt", NULL);
	cr_assert_eq(r.status, 2);
	cr_assert(strstr(r.err, "'xx'"), "%s", r.err);
	run_free(&r);
}

Test(cli, forced_lang_is_used_everywhere)
{
	write_text("a.txt", article_fr);
	struct run r = run("detect", "--lang=en", "a.txt", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strncmp(r.out, "a.txt\ten\t", 9) == 0, "%s", r.out);
	run_free(&r);
}

Test(cli, missing_lang_data_is_fatal)
{
	write_text("a.txt", article_fr);
	struct run r = run_env("PRECIS_LANG_DIR=/nonexistent/lang", "segment", "a.txt", NULL);
	cr_assert_eq(r.status, 3);
	cr_assert(strstr(r.err, "/nonexistent/lang") && strstr(r.err, "PRECIS_LANG_DIR"), "%s",
	          r.err);
	cr_assert_str_empty(r.out);
	run_free(&r);
}

/* ---- options anywhere ---- */

Test(cli, options_before_and_after_the_command_agree)
{
	write_text("a.txt", article_fr);
	struct run before = run("--format", "json", "-q", "segment", "a.txt", NULL);
	struct run after = run("segment", "a.txt", "--format=json", "-q", NULL);
	struct run mixed = run("-q", "segment", "--format", "json", "a.txt", NULL);
	cr_assert_eq(before.status, 0, "%s", before.err);
	cr_assert_eq(after.status, 0, "%s", after.err);
	cr_assert_eq(mixed.status, 0, "%s", mixed.err);
	cr_assert(strstr(before.out, "\"schema\":\"precis.segment/1\""));
	cr_assert_str_eq(before.out, after.out);
	cr_assert_str_eq(before.out, mixed.out);
	run_free(&before);
	run_free(&after);
	run_free(&mixed);
}

Test(cli, double_dash_ends_the_options)
{
	write_text("-odd.txt", article_en);
	struct run r = run("detect", "--", "-odd.txt", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strncmp(r.out, "-odd.txt\t", 9) == 0, "%s", r.out);
	run_free(&r);
}

Test(cli, short_flags_group)
{
	write_text("a.txt", article_fr);
	struct run r = run("-qv", "detect", "a.txt", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	/* -v tells the encoding and language of each input on stderr. */
	cr_assert(strstr(r.err, "'a.txt'") && strstr(r.err, "read as"), "%s", r.err);
	run_free(&r);
}

/* ---- inputs ---- */

Test(cli, missing_file_is_named_and_the_others_are_done)
{
	write_text("good.txt", article_en);
	struct run r = run("segment", "missing.txt", "good.txt", NULL);
	cr_assert_eq(r.status, 1);
	cr_assert(strstr(r.err, "precis: 'missing.txt': "), "%s", r.err);
	cr_assert(strstr(r.err, "no such file"), "%s", r.err);
	cr_assert(strstr(r.out, "==> good.txt <=="), "%s", r.out);
	cr_assert(strstr(r.out, "harbour"), "%s", r.out);
	run_free(&r);
}

Test(cli, directories_are_walked_sorted_with_the_default_globs)
{
	mkdir("d", 0755);
	mkdir("d/sub", 0755);
	mkdir("d/.git", 0755);
	write_text("d/b.txt", article_en);
	write_text("d/a.md", article_fr);
	write_text("d/C.txt", article_en);
	write_text("d/sub/c.txt", article_fr);
	write_text("d/notes.dat", article_en);
	write_text("d/.hidden.txt", article_en);
	write_text("d/.git/x.txt", article_en);
	struct run r = run("detect", "d", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	regex_t re;
	cr_assert_eq(regcomp(&re,
	                     "^d/C\\.txt\t[^\n]*\nd/a\\.md\t[^\n]*\nd/b\\.txt\t[^\n]*\n"
	                     "d/sub/c\\.txt\t[^\n]*\n$",
	                     REG_EXTENDED),
	             0);
	cr_assert_eq(regexec(&re, r.out, 0, NULL, 0), 0, "unexpected walk:\n%s", r.out);
	regfree(&re);
	run_free(&r);

	/* A trailing slash does not double in the names. */
	r = run("detect", "d/sub/", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strncmp(r.out, "d/sub/c.txt\t", 12) == 0, "%s", r.out);
	run_free(&r);
}

Test(cli, glob_chooses_the_files_of_directories)
{
	mkdir("d", 0755);
	write_text("d/a.txt", article_fr);
	write_text("d/notes.dat", article_en);
	write_text("d/page.html", article_en);
	struct run r = run("detect", "--glob", "*.dat", "d", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_eq(count_lines(r.out), 1, "%s", r.out);
	cr_assert(strncmp(r.out, "d/notes.dat\t", 12) == 0, "%s", r.out);
	run_free(&r);

	r = run("detect", "d", "--glob=*.dat", "--glob", "*.htm*", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_eq(count_lines(r.out), 2, "%s", r.out);
	cr_assert(strstr(r.out, "d/notes.dat\t") && strstr(r.out, "d/page.html\t"), "%s", r.out);
	run_free(&r);

	/* A file named on the command line is read whatever its name. */
	r = run("detect", "--glob", "*.md", "d/notes.dat", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_eq(count_lines(r.out), 1);
	run_free(&r);
}

Test(cli, empty_directory_is_a_clear_failure)
{
	mkdir("empty", 0755);
	write_text("good.txt", article_en);
	struct run r = run("detect", "empty", "good.txt", NULL);
	cr_assert_eq(r.status, 1);
	cr_assert(strstr(r.err, "precis: 'empty': no file named '*.txt' or '*.md'"), "%s", r.err);
	cr_assert(strstr(r.err, "--glob"), "%s", r.err);
	cr_assert(strncmp(r.out, "good.txt\t", 9) == 0, "%s", r.out);
	run_free(&r);

	/* A directory where --glob matches nothing is the same failure. */
	mkdir("d", 0755);
	write_text("d/a.txt", article_en);
	r = run("detect", "--glob", "*.none", "d", NULL);
	cr_assert_eq(r.status, 1);
	cr_assert(strstr(r.err, "precis: 'd': no file named '*.none'"), "%s", r.err);
	cr_assert_str_empty(r.out);
	run_free(&r);
}

Test(cli, unreadable_inputs_are_named)
{
	/* chmod 000 does not stop root: use links that cannot be followed. */
	cr_assert_eq(symlink("nowhere.txt", "dangling.txt"), 0);
	cr_assert_eq(symlink("loop2.txt", "loop1.txt"), 0);
	cr_assert_eq(symlink("loop1.txt", "loop2.txt"), 0);
	write_text("good.txt", article_en);
	struct run r = run("segment", "dangling.txt", "loop1.txt", "good.txt", NULL);
	cr_assert_eq(r.status, 1);
	cr_assert(strstr(r.err, "precis: 'dangling.txt': "), "%s", r.err);
	cr_assert(strstr(r.err, "precis: 'loop1.txt': "), "%s", r.err);
	cr_assert(strstr(r.out, "harbour"), "%s", r.out);
	run_free(&r);

	/* The same links met while walking a directory. */
	mkdir("d", 0755);
	cr_assert_eq(symlink("nowhere.txt", "d/dangling.txt"), 0);
	write_text("d/ok.txt", article_en);
	r = run("detect", "d", NULL);
	cr_assert_eq(r.status, 1);
	cr_assert(strstr(r.err, "precis: 'd/dangling.txt': "), "%s", r.err);
	cr_assert(strstr(r.out, "d/ok.txt\t"), "%s", r.out);
	run_free(&r);
}

Test(cli, links_to_directories_are_not_followed_in_walks)
{
	mkdir("d", 0755);
	write_text("d/a.txt", article_en);
	cr_assert_eq(symlink("..", "d/up"), 0); /* would loop forever if followed */
	struct run r = run("detect", "d", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_eq(count_lines(r.out), 1, "%s", r.out);
	cr_assert(strstr(r.err, "'d/up'"), "a warning names the link: %s", r.err);
	run_free(&r);

	r = run("-q", "detect", "d", NULL);
	cr_assert_eq(r.status, 0);
	cr_assert_str_empty(r.err, "-q silences warnings: %s", r.err);
	run_free(&r);
}

Test(cli, standard_input_with_dash_or_nothing)
{
	struct run dash = run_stdin(article_en, "segment", "-", NULL);
	struct run none = run_stdin(article_en, "segment", NULL);
	cr_assert_eq(dash.status, 0, "%s", dash.err);
	cr_assert_eq(none.status, 0, "%s", none.err);
	cr_assert(strstr(dash.out, "harbour"), "%s", dash.out);
	cr_assert_str_eq(dash.out, none.out);
	cr_assert_null(strstr(dash.out, "==>"), "one input, no header");
	run_free(&dash);
	run_free(&none);

	struct run r = run_stdin(article_en, "detect", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strncmp(r.out, "-\t", 2) == 0, "%s", r.out);
	run_free(&r);
}

Test(cli, empty_file_exits_0)
{
	write_text("empty.txt", "");
	const char *cmds[] = {"normalize", "detect", "segment"};
	for (size_t i = 0; i < 3; i++) {
		struct run r = run(cmds[i], "empty.txt", NULL);
		cr_assert_eq(r.status, 0, "%s: %s", cmds[i], r.err);
		cr_assert_str_empty(r.err);
		if (strcmp(cmds[i], "detect") != 0)
			cr_assert_str_empty(r.out, "%s: %s", cmds[i], r.out);
		run_free(&r);
	}
}

/* A binary file is refused by the decoder (exit 1, a message naming the
 * file); the other inputs are still done. */
Test(cli, binary_file_is_refused_and_named)
{
	static const char bin[] = "\x7f"
				  "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0\x01\0\0\0"
				  "text\0\0\0\0\x01\x02\x03\x04\0\0\0\0";

	write_file("image.bin", bin, sizeof bin);
	write_text("good.txt", article_en);
	struct run r = run("segment", "image.bin", "good.txt", NULL);
	cr_assert_eq(r.status, 1);
	cr_assert(strstr(r.err, "precis: 'image.bin': "), "%s", r.err);
	cr_assert(strstr(r.out, "harbour"), "%s", r.out);
	run_free(&r);
}

Test(cli, write_errors_are_reported)
{
	write_text("a.txt", article_fr);
	struct run r = run_to("/dev/full", "normalize", "a.txt", NULL);
	cr_assert_eq(r.status, 1);
	cr_assert(strstr(r.err, "cannot write the output"), "%s", r.err);
	run_free(&r);
}

/* ---- output formats ---- */

Test(cli, detect_prints_file_lang_confidence)
{
	write_text("fr.txt", article_fr);
	write_text("en.txt", article_en);
	struct run r = run("detect", "fr.txt", "en.txt", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_null(strstr(r.out, "==>"), "detect lines name their file: no header");
	regex_t re;
	cr_assert_eq(regcomp(&re, "^(fr|en)\\.txt\t([a-z]{2,3})\t(0\\.[0-9]{2}|1\\.00)$",
	                     REG_EXTENDED | REG_NEWLINE),
	             0);
	cr_assert_eq(count_lines(r.out), 2, "%s", r.out);
	const char *line = r.out;
	for (int i = 0; i < 2; i++) {
		cr_assert_eq(regexec(&re, line, 0, NULL, 0), 0, "bad line: %s", line);
		line = strchr(line, '\n') + 1;
	}
	regfree(&re);
	run_free(&r);
}

/* Every line is one JSON object, with sorted keys and compact, as if dumped
 * whole; returns the objects (caller decrefs). */
static json_t *json_lines(const char *out, size_t want)
{
	json_t *all = json_array();
	const char *line = out;
	while (*line) {
		const char *nl = strchr(line, '\n');
		cr_assert_not_null(nl, "the last line must end with a newline");
		json_error_t e;
		json_t *o = json_loadb(line, (size_t)(nl - line), 0, &e);
		cr_assert_not_null(o, "line is not JSON (%s): %.*s", e.text, (int)(nl - line), line);
		cr_assert(json_is_object(o));
		char *again = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(6));
		cr_assert_eq(strlen(again), (size_t)(nl - line));
		cr_assert(memcmp(again, line, strlen(again)) == 0,
		          "not sorted/compact:\n%.*s\n%s", (int)(nl - line), line, again);
		free(again);
		json_array_append_new(all, o);
		line = nl + 1;
	}
	cr_assert_eq(json_array_size(all), want, "%s", out);
	return all;
}

Test(cli, json_is_one_object_per_input_per_line)
{
	write_text("fr.txt", article_fr);
	write_text("en.txt", article_en);
	const char *cmds[] = {"normalize", "detect", "segment"};
	const char *schemas[] = {"precis.normalize/1", "precis.detect/1", "precis.segment/1"};
	for (size_t i = 0; i < 3; i++) {
		struct run r = run(cmds[i], "--format", "json", "fr.txt", "en.txt", NULL);
		cr_assert_eq(r.status, 0, "%s: %s", cmds[i], r.err);
		cr_assert_null(strstr(r.out, "==>"), "no headers in JSON");
		json_t *all = json_lines(r.out, 2);
		for (size_t k = 0; k < 2; k++) {
			json_t *o = json_array_get(all, k);
			cr_assert_str_eq(json_string_value(json_object_get(o, "schema")), schemas[i]);
			cr_assert_str_eq(json_string_value(json_object_get(o, "file")),
			                 k == 0 ? "fr.txt" : "en.txt");
			cr_assert(json_is_string(json_object_get(o, "lang")));
		}
		json_decref(all);
		run_free(&r);
	}
}

Test(cli, normalize_json_fields)
{
	write_text("fr.txt", article_fr);
	struct run r = run("normalize", "--format=json", "fr.txt", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	json_t *all = json_lines(r.out, 1);
	json_t *o = json_array_get(all, 0);
	const char *keys[] = {"schema", "file", "encoding", "repairs", "lang",
	                      "lang_confidence", "text", "paragraphs", "dropped"};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		cr_assert_not_null(json_object_get(o, keys[i]), "no \"%s\"", keys[i]);
	const char *text = json_string_value(json_object_get(o, "text"));
	json_t *paras = json_object_get(o, "paragraphs");
	cr_assert_geq(json_array_size(paras), 3);
	size_t i;
	json_t *p;
	json_array_foreach(paras, i, p) {
		const char *pk[] = {"start", "end", "source_start", "source_end", "lang",
		                    "confidence", "boilerplate", "reason", "heading", "list_item"};
		for (size_t k = 0; k < sizeof pk / sizeof pk[0]; k++)
			cr_assert_not_null(json_object_get(p, pk[k]), "no \"%s\"", pk[k]);
		json_int_t s = json_integer_value(json_object_get(p, "start"));
		json_int_t e = json_integer_value(json_object_get(p, "end"));
		cr_assert(s <= e && (size_t)e <= strlen(text));
		cr_assert(json_is_boolean(json_object_get(p, "boilerplate")));
	}
	/* The first paragraph is the title: its span holds it. */
	p = json_array_get(paras, 0);
	json_int_t s = json_integer_value(json_object_get(p, "start"));
	cr_assert(strncmp(text + s, "Le conseil municipal vote", 25) == 0);
	json_decref(all);
	run_free(&r);
}

Test(cli, segment_json_spans_hold_the_sentences)
{
	write_text("en.txt", article_en);
	struct run n = run("normalize", "--format=json", "en.txt", NULL);
	struct run r = run("segment", "--format=json", "en.txt", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	json_t *na = json_lines(n.out, 1);
	json_t *all = json_lines(r.out, 1);
	const char *text = json_string_value(json_object_get(json_array_get(na, 0), "text"));
	json_t *sents = json_object_get(json_array_get(all, 0), "sentences");
	cr_assert_geq(json_array_size(sents), 3);
	size_t i;
	json_t *s;
	json_array_foreach(sents, i, s) {
		json_int_t a = json_integer_value(json_object_get(s, "start"));
		json_int_t b = json_integer_value(json_object_get(s, "end"));
		const char *st = json_string_value(json_object_get(s, "text"));
		cr_assert_eq((size_t)(b - a), strlen(st));
		cr_assert(strncmp(text + a, st, strlen(st)) == 0, "span of \"%s\"", st);
		cr_assert(json_is_integer(json_object_get(s, "paragraph")));
		cr_assert(json_is_integer(json_object_get(s, "source_start")));
		cr_assert(json_is_integer(json_object_get(s, "source_end")));
	}
	json_decref(na);
	json_decref(all);
	run_free(&n);
	run_free(&r);
}

Test(cli, several_inputs_get_headers_in_text)
{
	write_text("fr.txt", article_fr);
	write_text("en.txt", article_en);
	struct run r = run("normalize", "fr.txt", "en.txt", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strncmp(r.out, "==> fr.txt <==\n", 15) == 0, "%s", r.out);
	/* A blank line before every header but the first, as head(1) does. */
	cr_assert(strstr(r.out, "\n\n==> en.txt <==\n"), "%s", r.out);
	run_free(&r);

	r = run("normalize", "fr.txt", NULL);
	cr_assert_eq(r.status, 0);
	cr_assert_null(strstr(r.out, "==>"));
	cr_assert(strncmp(r.out, "Le conseil municipal vote le budget\n", 36) == 0, "%s", r.out);
	run_free(&r);
}

Test(cli, normalize_text_ends_with_a_newline)
{
	write_text("a.txt", "Une seule ligne sans fin de ligne.");
	struct run r = run("normalize", "a.txt", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.out, "Une seule ligne sans fin de ligne.\n");
	run_free(&r);
}

Test(cli, segment_prints_a_sentence_a_line_and_blank_lines_between_paragraphs)
{
	write_text("en.txt", article_en);
	struct run r = run("segment", "en.txt", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	/* Three paragraphs: two blank lines, no empty sentence, no line break
	 * inside a sentence. */
	size_t blanks = 0;
	for (const char *p = r.out; (p = strstr(p, "\n\n")); p++)
		blanks++;
	cr_assert_eq(blanks, 2, "%s", r.out);
	cr_assert(strncmp(r.out, "The harbour reopens after the storm\n\n", 37) == 0, "%s",
	          r.out);
	size_t n = strlen(r.out);
	cr_assert(n > 2 && r.out[n - 1] == '\n' && r.out[n - 2] != '\n', "%s", r.out);
	run_free(&r);
}

/* What --strip leaves out is exactly what normalize --format json lists as
 * dropped, whatever the boilerplate marker decides. */
Test(cli, strip_leaves_out_the_dropped_paragraphs)
{
	write_text("fr.txt", article_fr);
	struct run j = run("normalize", "--format=json", "fr.txt", NULL);
	struct run full = run("normalize", "fr.txt", NULL);
	struct run stripped = run("normalize", "--strip", "fr.txt", NULL);
	struct run seg = run("segment", "--strip", "--format=json", "fr.txt", NULL);
	cr_assert_eq(j.status + full.status + stripped.status + seg.status, 0);
	json_t *all = json_lines(j.out, 1);
	json_t *o = json_array_get(all, 0);
	const char *text = json_string_value(json_object_get(o, "text"));
	json_t *paras = json_object_get(o, "paragraphs");
	size_t i, dropped = 0;
	json_t *p;
	json_array_foreach(paras, i, p) {
		json_int_t a = json_integer_value(json_object_get(p, "start"));
		json_int_t b = json_integer_value(json_object_get(p, "end"));
		char *ptext = strndup(text + a, (size_t)(b - a));
		int boiler = json_is_true(json_object_get(p, "boilerplate"));
		dropped += boiler;
		cr_assert(strstr(full.out, ptext), "the full text holds \"%s\"", ptext);
		if (boiler)
			cr_assert_null(strstr(stripped.out, ptext), "--strip left \"%s\"", ptext);
		else
			cr_assert(strstr(stripped.out, ptext), "--strip lost \"%s\"", ptext);
		free(ptext);
	}
	cr_assert_eq(json_array_size(json_object_get(o, "dropped")), dropped);
	/* segment --strip: no sentence of a boilerplate paragraph. */
	json_t *sall = json_lines(seg.out, 1);
	json_t *s;
	json_array_foreach(json_object_get(json_array_get(sall, 0), "sentences"), i, s) {
		size_t pi = (size_t)json_integer_value(json_object_get(s, "paragraph"));
		cr_assert(json_is_false(json_object_get(json_array_get(paras, pi), "boilerplate")));
	}
	json_decref(sall);
	json_decref(all);
	run_free(&j);
	run_free(&full);
	run_free(&stripped);
	run_free(&seg);
}

Test(cli, typography_is_accepted_for_normalize)
{
	write_text("fr.txt", article_fr);
	struct run r = run("normalize", "--typography", "fr", "fr.txt", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "budget"), "%s", r.out);
	run_free(&r);
}

Test(cli, file_names_that_are_not_utf8_keep_json_valid)
{
	write_text("caf\xe9.txt", article_fr);
	struct run r = run("detect", "--format=json", "caf\xe9.txt", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	json_t *all = json_lines(r.out, 1);
	cr_assert_str_eq(json_string_value(json_object_get(json_array_get(all, 0), "file")),
	                 "caf\xef\xbf\xbd.txt");
	json_decref(all);
	run_free(&r);
}

/* Regression: with --strip, normalize --format json wrote "output" after
 * "paragraphs" and the sorted-key writer aborted. "text" stays the whole
 * normalized text (the spans index it); "output" is what text mode prints. */
Test(cli, normalize_json_with_strip_has_text_and_output)
{
	write_text("fr.txt", article_fr);
	struct run j = run("normalize", "--strip", "--format=json", "fr.txt", NULL);
	struct run full = run("normalize", "fr.txt", NULL);
	struct run stripped = run("normalize", "--strip", "fr.txt", NULL);
	cr_assert_eq(j.status, 0, "%s", j.err);
	json_t *all = json_lines(j.out, 1);
	json_t *o = json_array_get(all, 0);
	cr_assert_str_eq(json_string_value(json_object_get(o, "text")), full.out);
	const char *out = json_string_value(json_object_get(o, "output"));
	cr_assert_not_null(out);
	cr_assert_eq(strncmp(out, stripped.out, strlen(out)), 0);
	struct run plain = run("normalize", "--format=json", "fr.txt", NULL);
	json_t *pall = json_lines(plain.out, 1);
	cr_assert_null(json_object_get(json_array_get(pall, 0), "output"),
	               "no output field without --strip or --typography");
	json_decref(pall);
	json_decref(all);
	run_free(&plain);
	run_free(&j);
	run_free(&full);
	run_free(&stripped);
}

/* ---- quotes ---- */

/* Written for these tests: attributed quotes of several shapes, a term, a
 * split quote, and an unnamed source. */
static const char quotes_fr[] =
	"Le pont de Varennes fermé pour six mois\n"
	"\n"
	"La préfecture a confirmé lundi la fermeture du pont de Varennes à partir du 3 mars. "
	"« Les inspections ont montré des fissures sur deux piles, nous ne pouvons pas "
	"prendre le moindre risque », a déclaré Claire Morvan, sous-préfète de "
	"l’arrondissement.\n"
	"\n"
	"Les commerçants du centre s’inquiètent. « Six mois sans passage, c’est la moitié "
	"de notre chiffre d’affaires qui s’en va », tonne Marc Duval, président de "
	"l’association des commerçants. Il réclame un « plan Marshall » pour le quartier.\n"
	"\n"
	"Claire Morvan a répondu mardi : « Une navette fluviale gratuite sera en service "
	"dès le premier jour de la fermeture. »\n";

static const char quotes_en[] =
	"Ferry service to resume on Monday\n"
	"\n"
	"“The crossing is safe again and the crews are ready,” said Dana Whitfield, the "
	"harbour master. She added that the timetables would be posted online.\n"
	"\n"
	"“We have waited three weeks for this,” one commuter said on Friday, “and nobody "
	"told us anything until yesterday.”\n"
	"\n"
	"The council called the delay “regrettable” in a statement.\n";

/* Plain prose: no quotation mark, no colon, no dash. */
static const char no_quotes[] =
	"Le conseil municipal a adopté mardi soir le budget de la ville. La séance a duré "
	"plus de quatre heures et les débats ont porté sur les transports.\n";

/* What the library itself finds in a text, to hold the program's output
 * against: whatever the extractor decides, the program must print exactly
 * that, filtered as its options say. */
struct lib {
	struct precis_langset *set;
	struct precis_detector *det;
	struct precis_doc *doc;
};

static struct lib lib_quotes(const char *name, const char *text)
{
	struct lib l;
	struct precis_error err;
	precis_error_clear(&err);
	cr_assert_eq(precis_langset_load(NULL, &l.set, &err), PRECIS_OK, "%s", err.message);
	cr_assert_eq(precis_detector_new(l.set, &l.det, &err), PRECIS_OK, "%s", err.message);
	l.doc = precis_doc_new(name);
	cr_assert_eq(precis_text_front(l.doc, text, strlen(text), NULL, l.det, l.set, &err),
	             PRECIS_OK, "%s", err.message);
	cr_assert_eq(precis_quotes(l.doc, l.set, &err), PRECIS_OK, "%s", err.message);
	return l;
}

static void lib_free(struct lib *l)
{
	precis_doc_free(l->doc);
	precis_detector_free(l->det);
	precis_langset_free(l->set);
}

/* Words as the program counts them: runs between spaces (the no-break ones
 * too) that hold a letter or a digit. Enough for the texts above. */
static size_t words_in(const char *s)
{
	size_t n = 0;
	int in = 0;
	while (*s) {
		const unsigned char *u = (const unsigned char *)s;
		size_t sp = *u == ' ' || *u == '\n' || *u == '\t'                   ? 1
		            : (u[0] == 0xC2 && u[1] == 0xA0)                          ? 2
		            : (u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0xAF || u[2] == 0x89)) ? 3
		                                                                        : 0;
		if (sp) {
			in = 0;
			s += sp;
			continue;
		}
		int letter = (*u >= '0' && *u <= '9') || ((*u | 0x20) >= 'a' && (*u | 0x20) <= 'z') ||
		             (*u >= 0xC3 && *u <= 0xC5);
		if (letter && !in)
			n++, in = 1;
		s++;
	}
	return n;
}

/* The quotes of l the program lists with these options, in order. */
static size_t lib_listed(const struct lib *l, int all, size_t min_words,
                         const struct precis_quote **out, size_t cap)
{
	size_t n = 0;
	for (size_t i = 0; i < precis_doc_quote_count(l->doc); i++) {
		const struct precis_quote *q = precis_doc_quote(l->doc, i);
		int keep = q->kind == PRECIS_QUOTE_TERM ? all : words_in(q->text) >= min_words;
		if (keep && n < cap)
			out[n++] = q;
	}
	return n;
}

static void require_quotes(const struct lib *l)
{
	cr_assert_gt(precis_doc_quote_count(l->doc), 0,
	             "the extractor finds no quote in a text full of them");
}

Test(cli, quotes_options_belong_to_quotes)
{
	write_text("a.txt", quotes_fr);
	struct run r = run("segment", "--all", "a.txt", NULL);
	cr_assert_eq(r.status, 2);
	cr_assert(strstr(r.err, "'--all'") && strstr(r.err, "'segment'"), "%s", r.err);
	cr_assert_str_empty(r.out);
	run_free(&r);

	r = run("--min-words", "3", "detect", "a.txt", NULL);
	cr_assert_eq(r.status, 2);
	cr_assert(strstr(r.err, "'--min-words'") && strstr(r.err, "'detect'"), "%s", r.err);
	run_free(&r);

	r = run("quotes", "--strip", "a.txt", NULL);
	cr_assert_eq(r.status, 2);
	cr_assert(strstr(r.err, "'--strip'") && strstr(r.err, "'quotes'"), "%s", r.err);
	run_free(&r);

	r = run("quotes", "--all=yes", "a.txt", NULL);
	cr_assert_eq(r.status, 2);
	cr_assert(strstr(r.err, "takes no value"), "%s", r.err);
	run_free(&r);
}

Test(cli, quotes_min_words_bad_values_exit_2)
{
	write_text("a.txt", quotes_fr);
	const char *bad[] = {"abc", "-1", "4x", "1.5", "+3", " 4", "4 ", "0x10", "1e3",
	                     "1000001", "99999999999999999999999999"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct run r = run("quotes", "--min-words", bad[i], "a.txt", NULL);
		cr_assert_eq(r.status, 2, "--min-words '%s': exit %d", bad[i], r.status);
		char want[64];
		snprintf(want, sizeof want, "--min-words '%s'", bad[i]);
		cr_assert(strstr(r.err, want), "--min-words '%s': %s", bad[i], r.err);
		cr_assert(strstr(r.err, "whole number"), "%s", r.err);
		cr_assert_str_empty(r.out, "nothing is printed before a usage error");
		run_free(&r);
	}
	struct run r = run("quotes", "--min-words=", "a.txt", NULL);
	cr_assert_eq(r.status, 2);
	run_free(&r);
	r = run("quotes", "a.txt", "--min-words", NULL);
	cr_assert_eq(r.status, 2);
	cr_assert(strstr(r.err, "'--min-words' needs a value"), "%s", r.err);
	run_free(&r);

	const char *good[] = {"0", "4", "12", "1000000", "007"};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		r = run("quotes", "--min-words", good[i], "a.txt", NULL);
		cr_assert_eq(r.status, 0, "--min-words '%s': %s", good[i], r.err);
		run_free(&r);
	}
}

Test(cli, quotes_formats)
{
	write_text("a.txt", quotes_fr);
	const char *formats[] = {"text", "markdown", "json"};
	for (size_t i = 0; i < 3; i++) {
		struct run r = run("quotes", "--format", formats[i], "a.txt", NULL);
		cr_assert_eq(r.status, 0, "--format %s: %s", formats[i], r.err);
		run_free(&r);
	}
	struct run r = run("quotes", "--format=html", "a.txt", NULL);
	cr_assert_eq(r.status, 2);
	cr_assert(strstr(r.err, "'html'") && strstr(r.err, "text, markdown or json"), "%s",
	          r.err);
	cr_assert_str_empty(r.out);
	run_free(&r);
	r = run("quotes", "--format=xml", "a.txt", NULL);
	cr_assert_eq(r.status, 2);
	run_free(&r);
}

/* Every listed quote, field by field, is the library's. */
static void check_quotes_json(const char *name, const char *text, int all, size_t min_words,
                              const char *min_arg)
{
	struct lib l = lib_quotes(name, text);
	const struct precis_quote *want[256];
	size_t nwant = lib_listed(&l, all, min_words, want, 256);
	struct run r = all ? run("quotes", "--all", "--min-words", min_arg, "--format=json", name,
	                         NULL)
	                   : run("quotes", "--min-words", min_arg, "--format=json", name, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	json_t *lines = json_lines(r.out, 1);
	json_t *o = json_array_get(lines, 0);
	cr_assert_eq(json_object_size(o), 4, "%s", r.out);
	cr_assert_str_eq(json_string_value(json_object_get(o, "schema")), "precis.quotes/1");
	cr_assert_str_eq(json_string_value(json_object_get(o, "file")), name);
	cr_assert_str_eq(json_string_value(json_object_get(o, "lang")),
	                 precis_doc_lang(l.doc, NULL));
	json_t *qs = json_object_get(o, "quotes");
	cr_assert(json_is_array(qs));
	cr_assert_eq(json_array_size(qs), nwant, "%s --all=%d --min-words %s: %zu quotes, the "
	             "library has %zu listed:\n%s", name, all, min_arg, json_array_size(qs), nwant,
	             r.out);
	static const char *const keys[] = {"confidence", "cue", "end", "kind", "paragraph",
	                                   "role", "sentence", "source_end", "source_start",
	                                   "speaker", "start", "text", "translation"};
	size_t tlen;
	precis_doc_text(l.doc, &tlen);
	for (size_t i = 0; i < nwant; i++) {
		json_t *q = json_array_get(qs, i);
		const struct precis_quote *w = want[i];
		cr_assert_eq(json_object_size(q), sizeof keys / sizeof keys[0]);
		for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
			cr_assert_not_null(json_object_get(q, keys[k]), "no \"%s\"", keys[k]);
		cr_assert_str_eq(json_string_value(json_object_get(q, "text")), w->text);
		/* Empty strings stay strings: "" is not null. */
		cr_assert_str_eq(json_string_value(json_object_get(q, "speaker")), w->speaker);
		cr_assert_str_eq(json_string_value(json_object_get(q, "role")), w->role);
		cr_assert_str_eq(json_string_value(json_object_get(q, "cue")), w->cue);
		cr_assert_str_eq(json_string_value(json_object_get(q, "kind")),
		                 precis_quote_kind_name(w->kind));
		cr_assert_eq(json_integer_value(json_object_get(q, "start")), (json_int_t)w->span.start);
		cr_assert_eq(json_integer_value(json_object_get(q, "end")), (json_int_t)w->span.end);
		cr_assert_eq(json_integer_value(json_object_get(q, "source_start")),
		             (json_int_t)precis_doc_source_offset(l.doc, w->span.start));
		cr_assert_eq(json_integer_value(json_object_get(q, "source_end")),
		             (json_int_t)precis_doc_source_offset(l.doc, w->span.end));
		cr_assert_eq(json_integer_value(json_object_get(q, "paragraph")),
		             (json_int_t)w->paragraph);
		cr_assert_eq(json_integer_value(json_object_get(q, "sentence")),
		             (json_int_t)w->sentence);
		double c = json_number_value(json_object_get(q, "confidence"));
		cr_assert(c >= 0 && c <= 1 && c > w->confidence - 0.001 && c < w->confidence + 0.001,
		          "confidence %g, the library's %g", c, w->confidence);
		cr_assert(json_is_null(json_object_get(q, "translation")));
		cr_assert(w->span.end <= tlen);
	}
	json_decref(lines);
	run_free(&r);
	lib_free(&l);
}

Test(cli, quotes_json_is_the_library_filtered_by_the_options)
{
	write_text("fr.txt", quotes_fr);
	write_text("en.txt", quotes_en);
	write_text("none.txt", no_quotes);
	const char *names[] = {"fr.txt", "en.txt", "none.txt"};
	const char *texts[] = {quotes_fr, quotes_en, no_quotes};
	for (size_t i = 0; i < 3; i++) {
		check_quotes_json(names[i], texts[i], 0, 4, "4");
		check_quotes_json(names[i], texts[i], 1, 4, "4");
		check_quotes_json(names[i], texts[i], 0, 0, "0");
		check_quotes_json(names[i], texts[i], 1, 0, "0");
		check_quotes_json(names[i], texts[i], 1, 12, "12");
		check_quotes_json(names[i], texts[i], 0, 1000000, "1000000");
	}
	/* The default is --min-words 4, statements only. */
	struct run a = run("quotes", "--format=json", "fr.txt", NULL);
	struct run b = run("quotes", "--format=json", "--min-words=4", "fr.txt", NULL);
	cr_assert_eq(a.status + b.status, 0);
	cr_assert_str_eq(a.out, b.out);
	run_free(&a);
	run_free(&b);

	struct lib l = lib_quotes("fr.txt", quotes_fr);
	require_quotes(&l);
	lib_free(&l);
}

Test(cli, quotes_text_is_one_block_a_quote_speaker_first)
{
	write_text("fr.txt", quotes_fr);
	write_text("en.txt", quotes_en);
	const char *names[] = {"fr.txt", "en.txt"};
	const char *texts[] = {quotes_fr, quotes_en};
	size_t seen = 0;
	for (size_t f = 0; f < 2; f++) {
		struct lib l = lib_quotes(names[f], texts[f]);
		const struct precis_quote *want[256];
		size_t n = lib_listed(&l, 1, 4, want, 256);
		seen += n;
		struct run r = run("quotes", "--all", names[f], NULL);
		cr_assert_eq(r.status, 0, "%s", r.err);
		cr_assert_null(strstr(r.out, "==>"), "one input, no header");
		const char *at = r.out;
		for (size_t i = 0; i < n; i++) {
			const struct precis_quote *q = want[i];
			char head[1024];
			snprintf(head, sizeof head, "%s%s%s%s%s%s%s\n",
			         *q->speaker ? q->speaker : "(unknown)", *q->role ? " (" : "", q->role,
			         *q->role ? ")" : "", *q->cue ? " — " : "", q->cue,
			         q->kind == PRECIS_QUOTE_TERM ? " [term]" : "");
			if (i > 0) {
				cr_assert(at[0] == '\n', "no blank line before block %zu:\n%s", i, r.out);
				at++;
			}
			cr_assert(strncmp(at, head, strlen(head)) == 0, "block %zu should start with "
			          "\"%s\":\n%s", i, head, r.out);
			at += strlen(head);
			/* Then the quote, its marks around it, on one line a paragraph. */
			const char *end = strstr(at, "\n\n");
			end = end ? end + 1 : at + strlen(at);
			char *block = strndup(at, (size_t)(end - at));
			const char *in = strstr(block, q->text);
			cr_assert(in && in > block, "block %zu lacks its marks and text \"%s\":\n%s", i,
			          q->text, block);
			cr_assert(strlen(in) > strlen(q->text) + 1, "no closing mark: %s", block);
			cr_assert(block[strlen(block) - 1] == '\n');
			free(block);
			at = end;
		}
		cr_assert_str_empty(at, "more blocks than the library's quotes:\n%s", r.out);
		run_free(&r);
		lib_free(&l);
	}
	cr_assert(seen, "the extractor finds no quote");
}

Test(cli, quotes_text_with_several_inputs_has_headers)
{
	write_text("fr.txt", quotes_fr);
	write_text("none.txt", no_quotes);
	struct run r = run("quotes", "fr.txt", "none.txt", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strncmp(r.out, "==> fr.txt <==\n", 15) == 0, "%s", r.out);
	size_t n = strlen(r.out);
	const char *last = "==> none.txt <==\n";
	cr_assert(n >= strlen(last) && strcmp(r.out + n - strlen(last), last) == 0,
	          "a text without quotes prints its header only:\n%s", r.out);
	/* A blank line before every header but the first. */
	cr_assert(n == 15 + strlen(last) || strstr(r.out, "\n\n==> none.txt <==\n"), "%s", r.out);
	run_free(&r);

	r = run("quotes", "none.txt", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_empty(r.out);
	run_free(&r);
}

Test(cli, quotes_markdown_has_a_heading_per_input_and_blockquotes)
{
	write_text("fr.txt", quotes_fr);
	write_text("none_1.txt", no_quotes);
	struct run r = run("quotes", "--format", "markdown", "fr.txt", "none_1.txt", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strncmp(r.out, "## fr.txt\n", 10) == 0, "%s", r.out);
	cr_assert_null(strstr(r.out, "==>"), "markdown has headings, not headers");
	/* Markdown characters in names are escaped. */
	const char *tail = "\n\n## none\\_1.txt\n\n*No quotes found.*\n";
	size_t n = strlen(r.out);
	cr_assert(n > strlen(tail) && strcmp(r.out + n - strlen(tail), tail) == 0, "%s", r.out);

	struct lib l = lib_quotes("fr.txt", quotes_fr);
	const struct precis_quote *want[256];
	size_t nq = lib_listed(&l, 0, 4, want, 256);
	size_t labels = 0, quotes = 0;
	for (const char *line = r.out; *line;) {
		const char *nl = strchr(line, '\n');
		cr_assert_not_null(nl);
		labels += strncmp(line, "**", 2) == 0;
		/* A blockquote begins after a blank line that follows a label. */
		quotes += strncmp(line, "> ", 2) == 0 && line >= r.out + 2 && line[-2] == '\n';
		line = nl + 1;
	}
	cr_assert_eq(labels, nq, "%zu labels, %zu quotes listed:\n%s", labels, nq, r.out);
	cr_assert_eq(quotes, nq, "%zu blockquotes, %zu quotes listed:\n%s", quotes, nq, r.out);
	for (size_t i = 0; i < nq; i++) {
		if (strpbrk(want[i]->speaker, "\\`*_[]<&"))
			continue; /* escaped: not the same bytes */
		char label[512];
		snprintf(label, sizeof label, "\n**%s**", *want[i]->speaker ? want[i]->speaker
		                                                            : "(unknown)");
		cr_assert(strstr(r.out, label), "no label %s:\n%s", label, r.out);
	}
	lib_free(&l);
	run_free(&r);
}

Test(cli, quotes_of_empty_input_and_stdin)
{
	write_text("empty.txt", "");
	struct run r = run("quotes", "empty.txt", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_empty(r.out);
	cr_assert_str_empty(r.err);
	run_free(&r);

	r = run("quotes", "--format=json", "empty.txt", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	json_t *all = json_lines(r.out, 1);
	cr_assert_eq(json_array_size(json_object_get(json_array_get(all, 0), "quotes")), 0);
	json_decref(all);
	run_free(&r);

	write_text("fr.txt", quotes_fr);
	struct run file = run("quotes", "--all", "fr.txt", NULL);
	struct run in = run_stdin(quotes_fr, "quotes", "--all", NULL);
	cr_assert_eq(file.status + in.status, 0);
	cr_assert_str_eq(file.out, in.out);
	run_free(&file);
	run_free(&in);

	r = run_stdin(quotes_fr, "quotes", "--format=json", "-", NULL);
	cr_assert_eq(r.status, 0);
	all = json_lines(r.out, 1);
	cr_assert_str_eq(json_string_value(json_object_get(json_array_get(all, 0), "file")), "-");
	json_decref(all);
	run_free(&r);
}

Test(cli, quotes_verbose_tells_the_counts)
{
	write_text("fr.txt", quotes_fr);
	struct run r = run("-v", "quotes", "fr.txt", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.err, "'fr.txt'") && strstr(r.err, "found ("), "%s", r.err);
	run_free(&r);
}
