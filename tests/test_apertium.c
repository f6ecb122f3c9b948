/*
 * test_apertium.c — precis' backend API against a real server: Apertium APy
 * (Debian's apertium-apy with apertium-fr-es) translating French to Spanish.
 *
 * APy listens on every interface and has no bind option, so the whole test
 * runs in a private network namespace where only loopback exists: main()
 * re-executes this program under `unshare -n` (`unshare -rn` when not
 * root), brings lo up, starts APy there, waits until it accepts
 * connections, runs the Criterion tests (client and server both inside the
 * namespace), then stops APy. Nothing of it is reachable from outside.
 *
 * When APy, the fr-es pair, unshare or ip is missing, or no namespace can be
 * made, the test is skipped with a message (exit 77), and fails under CI
 * (CI=true), where .ci/run installs the packages.
 *
 * Environment between the stages: PRECIS_APY_STAGE=netns marks the
 * re-executed process; PRECIS_APY_URL, once set, tells any later start of
 * this program (Criterion's workers) that the server runs: go straight to
 * the tests.
 */
#define _GNU_SOURCE /* mkdtemp, prctl */
#include <criterion/criterion.h>
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <time.h>
#include <unistd.h>

#include "precis/backend.h"

/* Debian's paths; PRECIS_APERTIUM_APY and PRECIS_APERTIUM_MODES override
 * them (another install, or checking that a missing server is reported). */
static const char *apy_bin(void)
{
	const char *p = getenv("PRECIS_APERTIUM_APY");
	return p && *p ? p : "/usr/bin/apertium-apy";
}

static const char *modes_dir(void)
{
	const char *p = getenv("PRECIS_APERTIUM_MODES");
	return p && *p ? p : "/usr/share/apertium/modes";
}
/* Any port will do: the namespace is private. */
#define APY_PORT 2737
#define READY_TIMEOUT_S 60

/* ---- the harness: namespace and server ------------------------------- */

static int in_ci(void)
{
	const char *ci = getenv("CI");
	return ci && (strcmp(ci, "true") == 0 || strcmp(ci, "1") == 0);
}

/* Something this test needs is missing: skip, or fail under CI. */
static int missing(const char *what)
{
	if (in_ci()) {
		fprintf(stderr,
		        "apertium: %s; CI must run this test: install the packages "
		        "(tools/bootstrap.sh: apertium-apy apertium-fr-es iproute2 "
		        "util-linux)\n",
		        what);
		return 1;
	}
	fprintf(stderr,
	        "apertium: skipped: %s (install apertium-apy apertium-fr-es iproute2 "
	        "util-linux to run it)\n",
	        what);
	return 77;
}

/* The first executable of that name in PATH or the sbin directories
 * (ip lives in /usr/sbin, often not in a user's PATH). */
static int find_tool(const char *name, char *out, size_t size)
{
	const char *path = getenv("PATH");
	char dirs[4096];
	snprintf(dirs, sizeof dirs, "%s:/usr/sbin:/sbin:/usr/bin:/bin", path ? path : "");
	for (char *save = NULL, *d = strtok_r(dirs, ":", &save); d;
	     d = strtok_r(NULL, ":", &save)) {
		snprintf(out, size, "%s/%s", *d ? d : ".", name);
		if (access(out, X_OK) == 0)
			return 0;
	}
	return -1;
}

/* Runs argv, its output to stderr; returns its exit status (-1: signal). */
static int run(char *const argv[], int quiet)
{
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (quiet) {
			int fd = open("/dev/null", O_WRONLY);
			if (fd >= 0) {
				dup2(fd, 1);
				dup2(fd, 2);
			}
		} else {
			dup2(2, 1);
		}
		execv(argv[0], argv);
		_exit(127);
	}
	int st;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Stage 1: check what is needed, then become this program again in a new
 * network namespace. Returns only on failure. */
static int enter_namespace(int argc, char **argv)
{
	char unshare[PATH_MAX], ip[PATH_MAX], self[PATH_MAX], what[PATH_MAX + 64];
	if (access(apy_bin(), X_OK) != 0) {
		snprintf(what, sizeof what,
		         "%s is not installed (Debian package apertium-apy)", apy_bin());
		return missing(what);
	}
	snprintf(what, sizeof what, "%s/fr-es.mode", modes_dir());
	if (access(what, R_OK) != 0) {
		snprintf(what, sizeof what,
		         "%s/fr-es.mode is missing (Debian package apertium-fr-es)",
		         modes_dir());
		return missing(what);
	}
	if (find_tool("unshare", unshare, sizeof unshare) != 0)
		return missing("unshare is not installed (Debian package util-linux)");
	if (find_tool("ip", ip, sizeof ip) != 0)
		return missing("ip is not installed (Debian package iproute2)");
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n <= 0)
		return missing("cannot find this program's path in /proc/self/exe");
	self[n] = '\0';

	/* -r: an unprivileged user becomes root of a user namespace, enough to
	 * own a network namespace and set its lo up. */
	int root = geteuid() == 0;
	char *probe[] = {unshare, root ? "-n" : "-rn", "--", "/bin/true", NULL};
	if (run(probe, 1) != 0)
		return missing(
		    "`unshare -n` cannot make a network namespace here (not root, "
		    "and user namespaces are disabled?)");

	char **args = calloc((size_t)argc + 5, sizeof *args);
	size_t k = 0;
	args[k++] = unshare;
	args[k++] = root ? "-n" : "-rn";
	args[k++] = "--";
	args[k++] = self;
	for (int i = 1; i < argc; i++)
		args[k++] = argv[i];
	args[k] = NULL;
	setenv("PRECIS_APY_STAGE", "netns", 1);
	setenv("PRECIS_APY_IP", ip, 1);
	execv(unshare, args);
	fprintf(stderr, "apertium: cannot run %s: %s\n", unshare, strerror(errno));
	free(args);
	return 1;
}

static pid_t apy_pid = -1;
static char apy_log[] = "/tmp/precis-apy-XXXXXX";

static void print_apy_log(void)
{
	FILE *f = fopen(apy_log, "r");
	if (!f)
		return;
	char line[1024];
	fprintf(stderr, "---- APy's log (%s) ----\n", apy_log);
	while (fgets(line, sizeof line, f))
		fputs(line, stderr);
	fprintf(stderr, "----\n");
	fclose(f);
}

static int accepts_connections(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return 0;
	struct sockaddr_in sa;
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons(APY_PORT);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	int ok = connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0;
	close(fd);
	return ok;
}

static int start_apy(void)
{
	int fd = mkstemp(apy_log);
	if (fd < 0) {
		fprintf(stderr, "apertium: cannot create a log file: %s\n",
		        strerror(errno));
		return -1;
	}
	apy_pid = fork();
	if (apy_pid < 0)
		return -1;
	if (apy_pid == 0) {
		/* its own process group, so its pipelines stop with it; killed if
		 * this test dies first */
		setpgid(0, 0);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		dup2(fd, 1);
		dup2(fd, 2);
		char port[16];
		snprintf(port, sizeof port, "%d", APY_PORT);
		execl(apy_bin(), apy_bin(), "-p", port, modes_dir(), (char *)NULL);
		_exit(127);
	}
	close(fd);
	setpgid(apy_pid, apy_pid);

	struct timespec step = {0, 50 * 1000000L};
	for (int i = 0; i < READY_TIMEOUT_S * 20; i++) {
		int st;
		if (waitpid(apy_pid, &st, WNOHANG) == apy_pid) {
			apy_pid = -1;
			fprintf(stderr, "apertium: APy exited before it was ready\n");
			print_apy_log();
			return -1;
		}
		if (accepts_connections())
			return 0;
		nanosleep(&step, NULL);
	}
	fprintf(stderr, "apertium: APy did not listen on port %d within %d s\n", APY_PORT,
	        READY_TIMEOUT_S);
	print_apy_log();
	return -1;
}

static void stop_apy(void)
{
	if (apy_pid <= 0)
		return;
	kill(-apy_pid, SIGTERM);
	struct timespec step = {0, 50 * 1000000L};
	for (int i = 0; i < 100; i++) {
		if (waitpid(apy_pid, NULL, WNOHANG) == apy_pid) {
			apy_pid = -1;
			break;
		}
		nanosleep(&step, NULL);
	}
	if (apy_pid > 0) {
		kill(-apy_pid, SIGKILL);
		waitpid(apy_pid, NULL, 0);
	}
	apy_pid = -1;
}

static int run_tests(int argc, char **argv)
{
	struct criterion_test_set *tests = criterion_initialize();
	int result = 0;
	if (criterion_handle_args(argc, argv, true))
		result = !criterion_run_all_tests(tests);
	criterion_finalize(tests);
	return result;
}

int main(int argc, char **argv)
{
	if (getenv("PRECIS_APY_URL"))
		return run_tests(argc, argv); /* the server runs: a test worker */
	const char *stage = getenv("PRECIS_APY_STAGE");
	if (!stage || strcmp(stage, "netns") != 0)
		return enter_namespace(argc, argv);

	/* Stage 2, inside the namespace: only lo exists, and it is down. */
	const char *ip = getenv("PRECIS_APY_IP");
	char *up[] = {
	    (char *)(ip ? ip : "/usr/sbin/ip"), "link", "set", "lo", "up", NULL};
	if (run(up, 0) != 0)
		return missing(
		    "`ip link set lo up` failed in the test's network namespace");
	if (start_apy() != 0) {
		unlink(apy_log);
		return 1;
	}
	char url[64];
	snprintf(url, sizeof url, "http://127.0.0.1:%d", APY_PORT);
	setenv("PRECIS_APY_URL", url, 1);
	int result = run_tests(argc, argv);
	stop_apy();
	if (result != 0)
		print_apy_log();
	unlink(apy_log);
	return result;
}

/* ---- the tests --------------------------------------------------------- */

static const char *base_url(void)
{
	const char *u = getenv("PRECIS_APY_URL");
	cr_assert(u, "PRECIS_APY_URL is not set: run this test through its main()");
	return u;
}

static size_t on_data(char *p, size_t size, size_t n, void *ud)
{
	struct {
		char *s;
		size_t len;
	} *b = ud;
	b->s = realloc(b->s, b->len + size * n + 1);
	memcpy(b->s + b->len, p, size * n);
	b->len += size * n;
	b->s[b->len] = '\0';
	return size * n;
}

/* The harness itself, without precis: APy answers and has the pair. */
Test(apertium, server_lists_the_fr_es_pair)
{
	struct {
		char *s;
		size_t len;
	} b = {NULL, 0};
	char url[128];
	snprintf(url, sizeof url, "%s/listPairs", base_url());
	CURL *c = curl_easy_init();
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
	CURLcode rc = curl_easy_perform(c);
	long status = 0;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_cleanup(c);
	cr_assert_eq(rc, CURLE_OK, "%s", curl_easy_strerror(rc));
	cr_assert_eq(status, 200);
	cr_assert(
	    b.s &&
	        strstr(b.s, "\"sourceLanguage\": \"fra\", \"targetLanguage\": \"spa\""),
	    "%s", b.s ? b.s : "(empty)");
	free(b.s);
}

struct logbuf {
	char text[1 << 14];
	size_t len;
};

static void on_log(void *ctx, const char *line)
{
	struct logbuf *l = ctx;
	int n = snprintf(l->text + l->len, sizeof l->text - l->len, "%s\n", line);
	if (n > 0 && l->len + (size_t)n < sizeof l->text)
		l->len += (size_t)n;
}

static struct precis_backend *backend(const char *cache, struct logbuf *log)
{
	struct precis_backend_opts o;
	memset(&o, 0, sizeof o);
	o.name = "apertium";
	o.base_url = base_url();
	o.retries = 2;
	o.timeout = 120;
	o.no_cache = cache == NULL;
	o.cache_path = cache;
	if (log) {
		o.log = on_log;
		o.log_ctx = log;
	}
	struct precis_backend *b = NULL;
	struct precis_error err;
	enum precis_status st = precis_backend_new(&o, &b, &err);
	cr_assert_eq(st, PRECIS_OK, "%s", err.message);
	return b;
}

static void items_of(struct precis_tr_item *it, const char *const *texts, size_t n)
{
	memset(it, 0, n * sizeof *it);
	for (size_t i = 0; i < n; i++) {
		it[i].text = texts[i];
		it[i].len = strlen(texts[i]);
	}
}

static void items_free(struct precis_tr_item *it, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(it[i].out);
}

static void translate_ok(struct precis_backend *b, struct precis_tr_item *it, size_t n)
{
	struct precis_error err;
	enum precis_status st = precis_backend_translate(b, "fr", "es", it, n, &err);
	cr_assert_eq(st, PRECIS_OK, "%s", err.message);
	for (size_t i = 0; i < n; i++) {
		cr_assert_eq(it[i].status, PRECIS_OK, "item %zu (%s) failed", i,
		             it[i].text);
		cr_assert(it[i].out, "item %zu has no translation", i);
		cr_assert_eq(strlen(it[i].out), it[i].out_len);
	}
}

Test(apertium, translates_french_to_spanish)
{
	static const char *const texts[] = {
	    "Il pleut.",
	    "L'école est fermée.",
	    "Le gouvernement a annoncé une réforme des retraites.",
	    "Xyzzyville est loin.",
	};
	enum { N = sizeof texts / sizeof texts[0] };
	struct precis_tr_item it[N];
	items_of(it, texts, N);
	struct logbuf log = {.len = 0};
	struct precis_backend *b = backend(NULL, &log);
	translate_ok(b, it, N);
	cr_assert_str_eq(it[0].out, "Llueve.");
	cr_assert_str_eq(it[1].out, "La escuela está cerrada.");
	cr_assert(strstr(it[2].out, "reforma"), "%s", it[2].out);
	/* markUnknown=no: a word APy does not know comes back bare */
	cr_assert(strstr(it[3].out, "Xyzzyville"), "%s", it[3].out);
	cr_assert_null(strchr(it[3].out, '*'), "an unknown word is marked: %s",
	               it[3].out);

	struct precis_backend_stats st;
	precis_backend_stats(b, &st);
	cr_assert_eq(st.requests, N, "APy takes one text a request: %zu requests",
	             st.requests);
	cr_assert_eq(st.failed, 0);
	cr_assert_eq(st.cached, 0);
	cr_assert(strstr(log.text, "/translate"), "the log names the requests:\n%s",
	          log.text);
	items_free(it, N);
	precis_backend_free(b);
}

Test(apertium, keeps_paragraphs_and_quotes_without_entities)
{
	static const char *const texts[] = {
	    "Premier paragraphe.\n\nSecond paragraphe.",
	    "« Nous allons gagner », a déclaré le ministre.",
	};
	struct precis_tr_item it[2];
	items_of(it, texts, 2);
	struct precis_backend *b = backend(NULL, NULL);
	translate_ok(b, it, 2);
	cr_assert_str_eq(it[0].out, "Primer párrafo.\n\nSegundo párrafo.");
	cr_assert(strstr(it[1].out, "Vamos a ganar"), "%s", it[1].out);
	cr_assert_null(strstr(it[1].out, "&#"), "an entity is left: %s", it[1].out);
	cr_assert_null(strstr(it[1].out, "&quot;"), "an entity is left: %s", it[1].out);
	items_free(it, 2);
	precis_backend_free(b);
}

Test(apertium, keeps_order_over_parallel_requests)
{
	enum { N = 16 };
	char texts[N][64], want[N][64];
	const char *ptr[N];
	for (int i = 0; i < N; i++) {
		snprintf(texts[i], sizeof texts[i], "Il y a %d chats.", i + 2);
		snprintf(want[i], sizeof want[i], "Hay %d gatos", i + 2);
		ptr[i] = texts[i];
	}
	struct precis_tr_item it[N];
	items_of(it, ptr, N);
	struct precis_backend *b = backend(NULL, NULL);
	translate_ok(b, it, N);
	for (int i = 0; i < N; i++)
		cr_assert(strstr(it[i].out, want[i]), "item %d: %s", i, it[i].out);
	items_free(it, N);
	precis_backend_free(b);
}

Test(apertium, a_pair_not_installed_stops_the_run)
{
	static const char *const texts[] = {"Il pleut.", "Il neige."};
	struct precis_tr_item it[2];
	items_of(it, texts, 2);
	struct precis_backend *b = backend(NULL, NULL);
	struct precis_error err;
	enum precis_status st = precis_backend_translate(b, "fr", "en", it, 2, &err);
	cr_assert_eq(st, PRECIS_E_BACKEND, "fr->en is not in Debian: %s", err.message);
	cr_assert(strstr(err.message, "not installed"), "%s", err.message);
	cr_assert(strstr(err.message, "apertium"), "the message names the backend: %s",
	          err.message);
	for (size_t i = 0; i < 2; i++)
		cr_assert_neq(it[i].status, PRECIS_OK);
	items_free(it, 2);
	precis_backend_free(b);
}

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

Test(apertium, second_run_comes_from_the_translation_memory)
{
	char dir[] = "/tmp/precis-apy-tm-XXXXXX";
	cr_assert(mkdtemp(dir));
	char cache[PATH_MAX];
	snprintf(cache, sizeof cache, "%s/tm.sqlite", dir);
	static const char *const texts[] = {"Il pleut.", "Il y a 3 chats.", "Il pleut."};
	struct precis_tr_item it[3];

	items_of(it, texts, 3);
	struct precis_backend *b = backend(cache, NULL);
	translate_ok(b, it, 3);
	struct precis_backend_stats st;
	precis_backend_stats(b, &st);
	cr_assert_leq(st.requests, 3);
	cr_assert_geq(st.requests, 2);
	char first[3][128];
	for (int i = 0; i < 3; i++)
		snprintf(first[i], sizeof first[i], "%s", it[i].out);
	items_free(it, 3);
	precis_backend_free(b);

	items_of(it, texts, 3);
	b = backend(cache, NULL);
	translate_ok(b, it, 3);
	precis_backend_stats(b, &st);
	cr_assert_eq(st.requests, 0, "the second run sent %zu requests", st.requests);
	cr_assert_eq(st.cached, 3);
	for (int i = 0; i < 3; i++) {
		cr_assert(it[i].cached);
		cr_assert_str_eq(it[i].out, first[i]);
	}
	items_free(it, 3);
	precis_backend_free(b);
	nftw(dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
}

Test(apertium, check_reports_the_server_and_its_pairs)
{
	struct precis_backend *b = backend(NULL, NULL);
	char *report = NULL;
	struct precis_error err;
	enum precis_status st = precis_backend_check(b, &report, &err);
	cr_assert_eq(st, PRECIS_OK, "%s", err.message);
	cr_assert(report && strstr(report, "reachable"), "%s",
	          report ? report : "(none)");
	cr_assert(strstr(report, "fra|spa"), "%s", report);
	free(report);
	precis_backend_free(b);
}
