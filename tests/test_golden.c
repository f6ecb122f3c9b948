/*
 * Golden tests: the precis program ($PRECIS_BIN) over every fixture, its
 * standard output compared byte for byte with
 * tests/golden/<dir>/<name>.<variant>.out.
 *
 * Rewrite them all, then read the diff before committing:
 *     PRECIS_UPDATE_GOLDEN=1 meson test -C build golden
 *     git diff tests/golden
 *
 * The program runs in the folder above the fixtures and is given
 * `fixtures/<dir>/<name>.txt`, so file names in the output (detect, json)
 * do not depend on where the tree is checked out. NO_COLOR is set.
 *
 * The summarize variants run with --backend none (the report in the
 * article's language and the hint), and with -b deepl against the fake
 * API server started in the test's process (DEEPL_SERVER_URL, a dummy
 * DEEPL_AUTH_KEY): its "translation" is the text with "[EN-GB] " or
 * "[FR] " before it, cleaned for the target like any reply, so the
 * goldens show the target's typography (“ ” in English, « » with
 * no-break spaces in French). No translation memory (--no-cache) and an
 * empty config folder, so nothing on the machine changes the output.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fakeapi.h"
#include "fixture_list.h"

static const struct {
	const char *variant;  /* file suffix */
	const char *args[10]; /* between the program and the file */
	int deepl;            /* against the fake DeepL server */
} commands[] = {
	{"normalize", {"normalize", NULL}, 0},
	{"normalize-strip", {"normalize", "--strip", NULL}, 0},
	{"detect", {"detect", NULL}, 0},
	{"segment", {"segment", NULL}, 0},
	{"segment-strip-json", {"segment", "--strip", "--format", "json", NULL}, 0},
	{"normalize-strip-json", {"normalize", "--strip", "--format", "json", NULL}, 0},
	{"quotes", {"quotes", NULL}, 0},
	{"quotes-all-json", {"quotes", "--all", "--format", "json", NULL}, 0},
	{"summarize", {"summarize", "-b", "none", "--no-cache", "--width", "80", NULL}, 0},
	{"summarize-markdown",
	 {"summarize", "-b", "none", "--no-cache", "--format", "markdown", NULL}, 0},
	{"summarize-json", {"summarize", "-b", "none", "--no-cache", "--format", "json", NULL}, 0},
	{"summarize-deepl",
	 {"summarize", "-b", "deepl", "--no-cache", "--width", "80", NULL}, 1},
	{"summarize-deepl-markdown",
	 {"summarize", "-b", "deepl", "--no-cache", "--format", "markdown", NULL}, 1},
	{"summarize-deepl-json",
	 {"summarize", "-b", "deepl", "--no-cache", "--format", "json", NULL}, 1},
	{"quotes-deepl", {"quotes", "-b", "deepl", "--no-cache", NULL}, 1},
	{"quotes-deepl-json", {"quotes", "-b", "deepl", "--no-cache", "--format", "json", NULL}, 1},
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

struct gcase {
	struct fx f;
	size_t cmd;
};

static void free_params(struct criterion_test_params *crp)
{
	cr_free(crp->params);
}

ParameterizedTestParameters(golden, cli)
{
	struct fx *all;
	size_t n = fx_list(&all);
	struct gcase *p = cr_malloc((n ? n * NCOMMANDS : 1) * sizeof *p);
	for (size_t i = 0; i < n; i++)
		for (size_t c = 0; c < NCOMMANDS; c++)
			p[i * NCOMMANDS + c] = (struct gcase){all[i], c};
	free(all);
	return cr_make_param_array(struct gcase, p, n * NCOMMANDS, free_params);
}

struct run {
	char *out; /* standard output, NUL-terminated */
	size_t out_len;
	char *err; /* standard error */
	int status; /* exit status, or -1 when killed by a signal */
};

/* Runs argv in dir, collecting stdout through a pipe and stderr in a
 * temporary file (so that neither can fill up and block the child). With
 * deepl_url, the DeepL backend points at it with a dummy key. */
static struct run run_in(const char *dir, char *const argv[], const char *deepl_url,
                         const char *config_dir)
{
	struct run r = {0};
	int pipefd[2];
	cr_assert_eq(pipe(pipefd), 0, "pipe: %s", strerror(errno));
	FILE *errf = tmpfile();
	cr_assert(errf, "tmpfile: %s", strerror(errno));
	fflush(NULL);
	pid_t pid = fork();
	cr_assert_neq(pid, -1, "fork: %s", strerror(errno));
	if (pid == 0) {
		dup2(pipefd[1], STDOUT_FILENO);
		dup2(fileno(errf), STDERR_FILENO);
		close(pipefd[0]);
		close(pipefd[1]);
		int devnull = open("/dev/null", O_RDONLY);
		if (devnull >= 0)
			dup2(devnull, STDIN_FILENO);
		setenv("NO_COLOR", "1", 1);
		unsetenv("PRECIS_BACKEND");
		setenv("XDG_CONFIG_HOME", config_dir, 1);
		if (deepl_url) {
			setenv("DEEPL_SERVER_URL", deepl_url, 1);
			setenv("DEEPL_AUTH_KEY", "golden-dummy-key:fx", 1);
			unsetenv("DEEPL_API_KEY");
		}
		if (chdir(dir) != 0) {
			fprintf(stderr, "cannot enter %s: %s\n", dir, strerror(errno));
			_exit(127);
		}
		execv(argv[0], argv);
		fprintf(stderr, "cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(pipefd[1]);
	size_t cap = 1 << 16;
	r.out = malloc(cap);
	for (;;) {
		if (r.out_len + 1 == cap)
			r.out = realloc(r.out, cap *= 2);
		cr_assert(r.out, "out of memory");
		ssize_t got = read(pipefd[0], r.out + r.out_len, cap - r.out_len - 1);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		r.out_len += (size_t)got;
	}
	r.out[r.out_len] = '\0';
	close(pipefd[0]);
	int ws;
	while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
		;
	r.status = WIFEXITED(ws) ? WEXITSTATUS(ws) : -1;

	long n = ftell(errf);
	r.err = calloc(1, n > 0 ? (size_t)n + 1 : 1);
	cr_assert(r.err, "out of memory");
	rewind(errf);
	if (n > 0 && fread(r.err, 1, (size_t)n, errf) != (size_t)n)
		r.err[0] = '\0';
	fclose(errf);
	return r;
}

static int mkdirs(const char *path)
{
	char tmp[PATH_MAX];
	if (snprintf(tmp, sizeof tmp, "%s", path) >= (int)sizeof tmp)
		return errno = ENAMETOOLONG, -1;
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0777) != 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(tmp, 0777) != 0 && errno != EEXIST ? -1 : 0;
}

/* Writes through a temporary file and a rename: tests run in parallel. */
static int write_file(const char *path, const char *data, size_t n)
{
	char tmp[PATH_MAX];
	if (snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid()) >= (int)sizeof tmp)
		return errno = ENAMETOOLONG, -1;
	FILE *f = fopen(tmp, "wb");
	if (!f)
		return -1;
	int bad = fwrite(data, 1, n, f) != n;
	bad |= fclose(f) != 0;
	if (bad || rename(tmp, path) != 0) {
		remove(tmp);
		return -1;
	}
	return 0;
}

/* Line number (1-based) of the first difference, with both lines. */
static void first_diff(const char *want, const char *got, size_t *line, char *wl, char *gl,
                       size_t size)
{
	size_t ln = 1;
	const char *a = want, *b = got;
	while (*a && *a == *b) {
		if (*a == '\n') {
			ln++;
			want = a + 1;
			got = b + 1;
		}
		a++, b++;
	}
	*line = ln;
	size_t la = strcspn(want, "\n"), lb = strcspn(got, "\n");
	snprintf(wl, size, "%.*s%s", (int)(la < size - 16 ? la : size - 16), want,
	         *a ? "" : "<end of file>");
	snprintf(gl, size, "%.*s%s", (int)(lb < size - 16 ? lb : size - 16), got,
	         *b ? "" : "<end of output>");
}

ParameterizedTest(struct gcase *gc, golden, cli)
{
	const char *bin = getenv("PRECIS_BIN");
	const char *tests = getenv("PRECIS_TESTS");
	cr_assert(bin && *bin, "PRECIS_BIN is not set: run the tests with `meson test`");
	cr_assert(tests && *tests, "PRECIS_TESTS is not set: run the tests with `meson test`");
	cr_assert(fx_root(), "PRECIS_FIXTURES is not set: run the tests with `meson test`");
	int update = getenv("PRECIS_UPDATE_GOLDEN") &&
	             strcmp(getenv("PRECIS_UPDATE_GOLDEN"), "1") == 0;

	/* The folder above the fixtures, and the fixture's path from there. */
	char root[PATH_MAX], binpath[PATH_MAX];
	cr_assert(realpath(fx_root(), root), "%s: %s", fx_root(), strerror(errno));
	cr_assert(realpath(bin, binpath), "%s: %s", bin, strerror(errno));
	char *slash = strrchr(root, '/');
	cr_assert(slash && slash > root, "%s has no parent folder", root);
	*slash = '\0';
	char rel[PATH_MAX];
	snprintf(rel, sizeof rel, "%s/%s/%s.txt", slash + 1, gc->f.dir, gc->f.name);

	const char *variant = commands[gc->cmd].variant;
	char *argv[16];
	size_t argc = 0;
	argv[argc++] = binpath;
	for (size_t i = 0; commands[gc->cmd].args[i]; i++)
		argv[argc++] = (char *)commands[gc->cmd].args[i];
	argv[argc++] = rel;
	argv[argc] = NULL;

	char cmdline[1024] = "precis";
	for (size_t i = 1; i < argc; i++)
		snprintf(cmdline + strlen(cmdline), sizeof cmdline - strlen(cmdline), " %s", argv[i]);

	/* An empty config folder: no user's backend or key gets in. */
	char config[PATH_MAX + 64];
	snprintf(config, sizeof config, "%s/golden/no-config", tests);
	const char *url = NULL;
	if (commands[gc->cmd].deepl) {
		int port = fake_start(NULL);
		cr_assert_gt(port, 0, "the fake server cannot listen: %s", strerror(errno));
		url = fake_url(NULL);
	}
	struct run r = run_in(root, argv, url, config);
	fake_stop();
	if (r.status != 0) {
		cr_expect_fail("`%s` exited with status %d%s:\n%s", cmdline, r.status,
		               update ? " (golden file not written)" : "", r.err);
		goto done;
	}

	char dir[PATH_MAX + 64], path[PATH_MAX + 256];
	snprintf(dir, sizeof dir, "%s/golden/%s", tests, gc->f.dir);
	snprintf(path, sizeof path, "%s/%s.%s.out", dir, gc->f.name, variant);
	if (update) {
		if (mkdirs(dir) != 0 || write_file(path, r.out, r.out_len) != 0)
			cr_expect_fail("cannot write %s: %s", path, strerror(errno));
		else
			cr_log_info("updated %s", path);
	} else {
		size_t glen = 0;
		char *want = fx_read(path, &glen);
		if (!want) {
			cr_expect_fail("golden file %s is missing (`%s`): run "
			               "`PRECIS_UPDATE_GOLDEN=1 meson test -C build golden`, then read "
			               "`git diff tests/golden`",
			               path, cmdline);
		} else if (glen != r.out_len || memcmp(want, r.out, glen) != 0) {
			size_t line;
			char wl[512], gl[512];
			first_diff(want, r.out, &line, wl, gl, sizeof wl);
			cr_expect_fail("`%s` differs from %s at line %zu:\n  want: %s\n  got:  %s\n"
			               "(if the change is right: PRECIS_UPDATE_GOLDEN=1 meson test "
			               "-C build golden, then read the diff)",
			               cmdline, path, line, wl, gl);
		}
		free(want);
	}
done:
	free(r.out);
	free(r.err);
}
