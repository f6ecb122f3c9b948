/*
 * test_backend.c — the backend core (src/net/backend.c, transport.c) over
 * real HTTP on 127.0.0.1: batching limits, order, retries, splitting,
 * the shared backoff gate, fatal errors, the translation memory, dry runs,
 * keys kept out of every message, the reply cap and timeouts.
 *
 * The server here is a small libmicrohttpd one speaking "echo", a protocol
 * of this file: POST /translate {"texts":[...],"to":..,"context":..} ->
 * {"translations":["<to>:<text>|<context>"...]}. A text starting with "!"
 * tells the server what to do with its request (see handle()); the
 * protocol tests on the fake API server (tests/fake/) cover the real APIs.
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include <criterion/criterion.h>
#include <errno.h>
#include <ftw.h>
#include <jansson.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "net/backend_int.h"
#include "net/transport.h"
#include "util/mem.h"

/* ---- the server --------------------------------------------------------- */

#define MAXREQ 4096

struct conn {
	char *body;
	size_t len;
	int idx;
};

static struct {
	struct MHD_Daemon *d;
	int port;
	pthread_mutex_t mu;
	unsigned delay_ms;     /* before every plain reply */
	unsigned tag_delay_ms; /* before every reply a tag asks for */
	size_t accept_texts;   /* >0: 413 past that many texts */
	int nreq, inflight, max_inflight;
	size_t max_texts_seen, max_bytes_seen, total_texts;
	double arrive[MAXREQ];
	double replied[MAXREQ];
	int status[MAXREQ];
	int fancy[MAXREQ];
	char auth[256];
	struct {
		char text[256];
		int seen;
	} tags[256];
	int ntags;
} srv;

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleep_ms(unsigned ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

/* How many times this tagged text was seen before (locked by caller). */
static int seen_before(const char *text)
{
	for (int i = 0; i < srv.ntags; i++)
		if (strcmp(srv.tags[i].text, text) == 0)
			return srv.tags[i].seen++;
	if (srv.ntags < 256) {
		snprintf(srv.tags[srv.ntags].text, sizeof srv.tags[0].text, "%s", text);
		srv.tags[srv.ntags++].seen = 1;
	}
	return 0;
}

static enum MHD_Result reply(struct MHD_Connection *c, int idx, unsigned status,
                             const char *body, const char *hname, const char *hvalue)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(strlen(body), (void *)body,
	                                                         MHD_RESPMEM_MUST_COPY);
	MHD_add_response_header(r, "Content-Type", "application/json");
	char trace[32];
	snprintf(trace, sizeof trace, "t-%d", idx + 1);
	MHD_add_response_header(r, "X-Trace-ID", trace);
	if (hname)
		MHD_add_response_header(r, hname, hvalue);
	pthread_mutex_lock(&srv.mu);
	srv.replied[idx] = now_s();
	srv.status[idx] = (int)status;
	pthread_mutex_unlock(&srv.mu);
	enum MHD_Result ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result error_reply(struct MHD_Connection *c, int idx, unsigned status,
                                   const char *msg, const char *hname, const char *hvalue)
{
	char body[600];
	json_t *o = json_pack("{s:s}", "message", msg);
	char *s = json_dumps(o, JSON_COMPACT);
	snprintf(body, sizeof body, "%s", s);
	free(s);
	json_decref(o);
	return reply(c, idx, status, body, hname, hvalue);
}

/* Tags, at the start of a text:
 *   !s<status>[ra<seconds>][ms<millis>][x<count>]  that status (count times)
 *   !drop   close the connection without a reply, the first time
 *   !slow   wait 1.5 s before replying
 *   !huge   a 17 MiB reply
 *   !leak   403 with the Authorization header in the message
 *   !nofancy  400 "fancy unsupported" while the request asks for "fancy" */
static enum MHD_Result handle(struct MHD_Connection *c, struct conn *cn)
{
	int idx = cn->idx;
	json_error_t je;
	json_t *root = json_loadb(cn->body ? cn->body : "", cn->len, 0, &je);
	json_t *texts = json_object_get(root, "texts");
	if (!json_is_array(texts)) {
		json_decref(root);
		return error_reply(c, idx, 400, "no texts", NULL, NULL);
	}
	size_t n = json_array_size(texts), bytes = 0;
	const char *tag = NULL;
	for (size_t i = 0; i < n; i++) {
		const char *t = json_string_value(json_array_get(texts, i));
		bytes += t ? strlen(t) : 0;
		if (t && t[0] == '!' && !tag)
			tag = t;
	}
	const char *to = json_string_value(json_object_get(root, "to"));
	const char *ctx = json_string_value(json_object_get(root, "context"));
	int fancy = json_is_true(json_object_get(root, "fancy"));
	pthread_mutex_lock(&srv.mu);
	srv.fancy[idx] = fancy;
	if (n > srv.max_texts_seen)
		srv.max_texts_seen = n;
	if (bytes > srv.max_bytes_seen)
		srv.max_bytes_seen = bytes;
	srv.total_texts += n;
	int seen = tag ? seen_before(tag) : 0;
	size_t accept = srv.accept_texts;
	unsigned delay = srv.delay_ms;
	pthread_mutex_unlock(&srv.mu);

	enum MHD_Result ret;
	if (tag && srv.tag_delay_ms)
		sleep_ms(srv.tag_delay_ms);
	if (tag && strncmp(tag, "!slow", 5) == 0)
		sleep_ms(1500);
	if (accept && n > accept) {
		ret = error_reply(c, idx, 413, "request entity too large", NULL, NULL);
		goto out;
	}
	if (tag && strncmp(tag, "!s", 2) == 0 && tag[2] >= '0' && tag[2] <= '9') {
		char *p;
		long status = strtol(tag + 2, &p, 10);
		long ra = -1, ms = -1, count = 1;
		if (strncmp(p, "ra", 2) == 0)
			ra = strtol(p + 2, &p, 10);
		if (strncmp(p, "ms", 2) == 0)
			ms = strtol(p + 2, &p, 10);
		if (*p == 'x')
			count = strtol(p + 1, &p, 10);
		if (seen < count) {
			char v[32];
			const char *h = NULL;
			if (ra >= 0) {
				h = "Retry-After";
				snprintf(v, sizeof v, "%ld", ra);
			} else if (ms >= 0) {
				h = "retry-after-ms";
				snprintf(v, sizeof v, "%ld", ms);
			}
			ret = error_reply(c, idx, (unsigned)status, "told to fail", h, v);
			goto out;
		}
	} else if (tag && strncmp(tag, "!drop", 5) == 0 && seen < 1) {
		pthread_mutex_lock(&srv.mu);
		srv.status[idx] = -1;
		srv.replied[idx] = now_s();
		pthread_mutex_unlock(&srv.mu);
		ret = MHD_NO;
		goto out;
	} else if (tag && strncmp(tag, "!huge", 5) == 0) {
		size_t big = (size_t)17 << 20;
		char *b = malloc(big);
		memset(b, 'a', big);
		struct MHD_Response *r =
			MHD_create_response_from_buffer(big, b, MHD_RESPMEM_MUST_FREE);
		ret = MHD_queue_response(c, 200, r);
		MHD_destroy_response(r);
		goto out;
	} else if (tag && strncmp(tag, "!leak", 5) == 0) {
		char msg[400];
		pthread_mutex_lock(&srv.mu);
		snprintf(msg, sizeof msg, "invalid authorization '%s'", srv.auth);
		pthread_mutex_unlock(&srv.mu);
		ret = error_reply(c, idx, 403, msg, NULL, NULL);
		goto out;
	} else if (tag && strncmp(tag, "!nofancy", 8) == 0 && fancy) {
		ret = error_reply(c, idx, 400, "fancy unsupported", NULL, NULL);
		goto out;
	}
	if (delay)
		sleep_ms(delay);
	json_t *out = json_array();
	for (size_t i = 0; i < n; i++) {
		const char *t = json_string_value(json_array_get(texts, i));
		char *s;
		size_t tl = strlen(t), need = tl + 64 + (ctx ? strlen(ctx) : 0);
		s = malloc(need);
		snprintf(s, need, "%s:%s%s%s", to ? to : "?", t, ctx ? "|" : "", ctx ? ctx : "");
		json_array_append_new(out, json_string(s));
		free(s);
	}
	json_t *o = json_pack("{s:o}", "translations", out);
	char *s = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	struct MHD_Response *r = MHD_create_response_from_buffer(strlen(s), s, MHD_RESPMEM_MUST_FREE);
	char trace[32];
	snprintf(trace, sizeof trace, "t-%d", idx + 1);
	MHD_add_response_header(r, "X-Trace-ID", trace);
	pthread_mutex_lock(&srv.mu);
	srv.replied[idx] = now_s();
	srv.status[idx] = 200;
	pthread_mutex_unlock(&srv.mu);
	ret = MHD_queue_response(c, 200, r);
	MHD_destroy_response(r);
out:
	json_decref(root);
	return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls)
{
	(void)cls, (void)url, (void)method, (void)version;
	struct conn *cn = *con_cls;
	if (!cn) {
		cn = calloc(1, sizeof *cn);
		pthread_mutex_lock(&srv.mu);
		cn->idx = srv.nreq < MAXREQ ? srv.nreq : MAXREQ - 1;
		srv.nreq++;
		srv.arrive[cn->idx] = now_s();
		if (++srv.inflight > srv.max_inflight)
			srv.max_inflight = srv.inflight;
		const char *a =
			MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
		snprintf(srv.auth, sizeof srv.auth, "%s", a ? a : "");
		pthread_mutex_unlock(&srv.mu);
		*con_cls = cn;
		return MHD_YES;
	}
	if (*upload_size) {
		cn->body = realloc(cn->body, cn->len + *upload_size + 1);
		memcpy(cn->body + cn->len, upload, *upload_size);
		cn->len += *upload_size;
		cn->body[cn->len] = '\0';
		*upload_size = 0;
		return MHD_YES;
	}
	return handle(c, cn);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	(void)cls, (void)c, (void)toe;
	struct conn *cn = *con_cls;
	if (!cn)
		return;
	pthread_mutex_lock(&srv.mu);
	srv.inflight--;
	pthread_mutex_unlock(&srv.mu);
	free(cn->body);
	free(cn);
	*con_cls = NULL;
}

static void srv_start(void)
{
	pthread_mutex_init(&srv.mu, NULL);
	struct sockaddr_in sa = {0};
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sa.sin_port = 0;
	srv.d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION,
	                         0, NULL, NULL, on_request, NULL, MHD_OPTION_SOCK_ADDR, &sa,
	                         MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
	                         MHD_OPTION_END);
	cr_assert_not_null(srv.d, "cannot start the test server");
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(srv.d, MHD_DAEMON_INFO_BIND_PORT);
	srv.port = info->port;
	cr_assert_gt(srv.port, 0);
}

static void srv_stop(void)
{
	if (srv.d)
		MHD_stop_daemon(srv.d);
	srv.d = NULL;
}

/* ---- the "echo" protocol ------------------------------------------------ */

static enum precis_status echo_build(const struct px_proto_ctx *ctx, const char *const *texts,
                                     const size_t *lens, size_t n, struct px_http_request *req,
                                     struct precis_error *err)
{
	if (strcmp(ctx->to, "xx") == 0)
		return precis_error_set(err, PRECIS_E_USAGE, "--to", "echo: no language 'xx'");
	for (size_t i = 0; i < n; i++)
		if (lens[i] >= 4 && memcmp(texts[i], "!bad", 4) == 0)
			return precis_error_set(err, PRECIS_E_INPUT, "echo", "echo: text %zu is bad",
			                        i + 1);
	json_t *root = json_object();
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, json_stringn(texts[i], lens[i]));
	json_object_set_new(root, "texts", arr);
	json_object_set_new(root, "to", json_string(ctx->to));
	if (ctx->context)
		json_object_set_new(root, "context", json_string(ctx->context));
	if (!ctx->compat || !(*ctx->compat & 1))
		json_object_set_new(root, "fancy", json_true());
	req->method = "POST";
	size_t ul = strlen(ctx->base_url) + 16;
	req->url = px_xmalloc(ul);
	snprintf(req->url, ul, "%s/translate", ctx->base_url);
	px_http_request_header(req, "Content-Type", "application/json");
	if (ctx->api_key) {
		char h[300];
		snprintf(h, sizeof h, "Test-Key %s", ctx->api_key);
		px_http_request_header(req, "Authorization", h);
		req->secret_header = (int)req->nheaders;
	}
	req->body = json_dumps(root, JSON_COMPACT);
	req->body_len = strlen(req->body);
	json_decref(root);
	return PRECIS_OK;
}

static enum px_reply_class echo_parse(const struct px_proto_ctx *ctx,
                                      const struct px_http_reply *reply, size_t n, char **out,
                                      size_t *out_len, struct precis_error *err)
{
	json_t *root = json_loadb(reply->body, reply->body_len, 0, NULL);
	const char *msg = json_string_value(json_object_get(root, "message"));
	char m[400];
	snprintf(m, sizeof m, "%s", msg ? msg : "");
	long st = reply->status;
	enum px_reply_class cls;
	if (st == 200) {
		json_t *tr = json_object_get(root, "translations");
		if (!json_is_array(tr)) {
			precis_error_set(err, PRECIS_E_BACKEND, "echo", "echo: malformed reply");
			cls = PX_REPLY_RETRY;
		} else if (json_array_size(tr) != n) {
			precis_error_set(err, PRECIS_E_BACKEND, "echo", "echo: %zu translations for %zu",
			                 json_array_size(tr), n);
			cls = PX_REPLY_SPLIT;
		} else {
			for (size_t i = 0; i < n; i++) {
				const char *s = json_string_value(json_array_get(tr, i));
				out[i] = px_xstrdup(s ? s : "");
				out_len[i] = strlen(out[i]);
			}
			cls = PX_REPLY_OK;
		}
	} else if (st == 413) {
		precis_error_set(err, PRECIS_E_BACKEND, "echo", "echo: HTTP 413: %s", m);
		cls = PX_REPLY_SPLIT;
	} else if (st == 408 || st == 429 || st >= 500) {
		precis_error_set(err, PRECIS_E_BACKEND, "echo", "echo: HTTP %ld: %s", st, m);
		cls = PX_REPLY_RETRY;
	} else if (st == 400 && strstr(m, "fancy")) {
		*ctx->compat |= 1;
		precis_error_set(err, PRECIS_E_BACKEND, "echo", "echo: HTTP 400: %s", m);
		cls = PX_REPLY_DOWNGRADE;
	} else if (st == 403) {
		precis_error_set(err, PRECIS_E_BACKEND, "echo",
		                 "echo: HTTP 403: %s; check PRECIS_TEST_KEY (key %s)", m,
		                 ctx->api_key ? ctx->api_key : "");
		cls = PX_REPLY_FATAL;
	} else {
		precis_error_set(err, PRECIS_E_BACKEND, "echo", "echo: HTTP %ld: %s", st, m);
		cls = PX_REPLY_FAIL;
	}
	json_decref(root);
	return cls;
}

static struct px_protocol echo = {
	.name = "echo",
	.about = "a test protocol",
	.translates = 1,
	.max_texts = 5,
	.max_body = 0,
	.key_env = {"PRECIS_TEST_KEY", "PRECIS_TEST_KEY2", NULL},
	.url_env = "PRECIS_TEST_URL",
	.default_url = NULL,
	.key_required = 1,
	.model_required = 0,
	.build = echo_build,
	.parse = echo_parse,
};

/* ---- fixtures ----------------------------------------------------------- */

static char tmpdir[] = "/tmp/precis-backend-XXXXXX";
static char base[64];
static char logbuf[1 << 20];
static size_t loglen;

static void collect(void *ctx, const char *line)
{
	(void)ctx;
	size_t n = strlen(line);
	if (loglen + n + 2 < sizeof logbuf) {
		memcpy(logbuf + loglen, line, n);
		loglen += n;
		logbuf[loglen++] = '\n';
		logbuf[loglen] = '\0';
	}
}

static void setup(void)
{
	cr_assert_not_null(mkdtemp(tmpdir));
	setenv("HOME", tmpdir, 1);
	setenv("XDG_CACHE_HOME", tmpdir, 1);
	setenv("XDG_CONFIG_HOME", tmpdir, 1);
	setenv("PRECIS_BACKOFF_SCALE", "0.01", 1);
	const char *proxies[] = {"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY",
	                         "all_proxy",  "ALL_PROXY"};
	for (size_t i = 0; i < sizeof proxies / sizeof *proxies; i++)
		unsetenv(proxies[i]);
	unsetenv("PRECIS_TEST_KEY");
	unsetenv("PRECIS_TEST_KEY2");
	unsetenv("PRECIS_TEST_URL");
	unsetenv("PRECIS_MODEL");
	srv_start();
	snprintf(base, sizeof base, "http://127.0.0.1:%d", srv.port);
	loglen = 0;
	logbuf[0] = '\0';
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

static void teardown(void)
{
	srv_stop();
	nftw(tmpdir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

TestSuite(backend, .init = setup, .fini = teardown, .timeout = 60);

static struct precis_backend_opts opts(void)
{
	struct precis_backend_opts o = {0};
	o.base_url = base;
	o.api_key = "k-123456";
	o.jobs = 3;
	o.timeout = 10;
	o.retries = 5;
	o.no_cache = 1;
	o.log = collect;
	return o;
}

static struct precis_backend *make(const struct precis_backend_opts *o)
{
	struct precis_backend *b = NULL;
	struct precis_error err;
	precis_error_clear(&err);
	enum precis_status st = px_backend_new_with(&echo, o, &b, &err);
	cr_assert_eq(st, PRECIS_OK, "backend: %s", err.message);
	return b;
}

/* n items "<prefix> <i>" (tags may be put in afterwards). */
static struct precis_tr_item *items_new(size_t n, char ***texts)
{
	struct precis_tr_item *it = calloc(n, sizeof *it);
	*texts = calloc(n, sizeof **texts);
	for (size_t i = 0; i < n; i++) {
		(*texts)[i] = malloc(64);
		snprintf((*texts)[i], 64, "phrase numéro %zu.", i);
		it[i].text = (*texts)[i];
		it[i].len = strlen((*texts)[i]);
	}
	return it;
}

static void set_text(struct precis_tr_item *it, char **texts, size_t i, const char *s)
{
	free(texts[i]);
	texts[i] = strdup(s);
	it[i].text = texts[i];
	it[i].len = strlen(s);
}

static void items_free(struct precis_tr_item *it, char **texts, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(it[i].out);
		free(texts[i]);
	}
	free(it);
	free(texts);
}

static void expect_translated(const struct precis_tr_item *it, size_t i, const char *to)
{
	char want[1024];
	snprintf(want, sizeof want, "%s:%.*s%s%s", to, (int)it[i].len, it[i].text,
	         it[i].context ? "|" : "", it[i].context ? it[i].context : "");
	cr_assert_eq(it[i].status, PRECIS_OK, "item %zu failed", i);
	cr_assert_not_null(it[i].out, "item %zu has no translation", i);
	cr_assert_str_eq(it[i].out, want, "item %zu", i);
	cr_assert_eq(it[i].out_len, strlen(want));
}

static enum precis_status translate(struct precis_backend *b, struct precis_tr_item *it,
                                    size_t n, struct precis_error *err)
{
	precis_error_clear(err);
	return precis_backend_translate(b, "fr", "en", it, n, err);
}

/* ---- batching and order ------------------------------------------------- */

Test(backend, batches_keep_order_and_the_texts_limit)
{
	struct precis_backend_opts o = opts();
	struct precis_backend *b = make(&o);
	char **t;
	size_t n = 103;
	struct precis_tr_item *it = items_new(n, &t);
	struct precis_error err;
	cr_assert_eq(translate(b, it, n, &err), PRECIS_OK, "%s", err.message);
	for (size_t i = 0; i < n; i++)
		expect_translated(it, i, "en");
	struct precis_backend_stats st;
	precis_backend_stats(b, &st);
	cr_assert_eq(st.requests, 21, "103 texts by 5: 21 requests, not %zu", st.requests);
	cr_assert_eq(srv.nreq, 21);
	cr_assert_leq(srv.max_texts_seen, 5);
	cr_assert_eq(st.retries, 0);
	cr_assert_eq(st.failed, 0);
	size_t cps = 0;
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < it[i].len; k++)
			cps += ((unsigned char)it[i].text[k] & 0xC0) != 0x80;
	cr_assert_eq(st.characters, cps, "code points, not bytes");
	items_free(it, t, n);
	precis_backend_free(b);
}

Test(backend, the_body_budget_cuts_batches_and_a_long_text_goes_alone)
{
	echo.max_texts = 50;
	echo.max_body = 100;
	struct precis_backend_opts o = opts();
	struct precis_backend *b = make(&o);
	char **t;
	size_t n = 20;
	struct precis_tr_item *it = items_new(n, &t);
	char longer[160];
	memset(longer, 'x', sizeof longer - 1);
	longer[sizeof longer - 1] = '\0';
	for (size_t i = 0; i < n; i++) {
		char s[64];
		snprintf(s, sizeof s, "%-29zu|", i); /* 30 bytes each */
		set_text(it, t, i, i == 7 ? longer : s);
	}
	struct precis_error err;
	cr_assert_eq(translate(b, it, n, &err), PRECIS_OK, "%s", err.message);
	for (size_t i = 0; i < n; i++)
		expect_translated(it, i, "en");
	/* 3 texts of 30 bytes fit in 100; the long one alone. */
	cr_assert_eq(srv.max_bytes_seen, sizeof longer - 1);
	struct precis_backend_stats st;
	precis_backend_stats(b, &st);
	cr_assert_eq(st.requests, 8, "%zu", st.requests);
	items_free(it, t, n);
	precis_backend_free(b);
}

Test(backend, concurrency_stays_within_jobs)
{
	echo.max_texts = 1;
	srv.delay_ms = 30;
	struct precis_backend_opts o = opts();
	o.jobs = 3;
	struct precis_backend *b = make(&o);
	char **t;
	size_t n = 30;
	struct precis_tr_item *it = items_new(n, &t);
	struct precis_error err;
	cr_assert_eq(translate(b, it, n, &err), PRECIS_OK, "%s", err.message);
	for (size_t i = 0; i < n; i++)
		expect_translated(it, i, "en");
	cr_assert_leq(srv.max_inflight, 3);
	cr_assert_geq(srv.max_inflight, 2, "requests go in parallel");
	items_free(it, t, n);
	precis_backend_free(b);
}

Test(backend, duplicates_are_sent_once_and_blanks_not_at_all)
{
	struct precis_backend_opts o = opts();
	struct precis_backend *b = make(&o);
	char **t;
	size_t n = 12;
	struct precis_tr_item *it = items_new(n, &t);
	for (size_t i = 0; i < 8; i++)
		set_text(it, t, i, "Le même texte.");
	set_text(it, t, 9, "  \n ");
	set_text(it, t, 10, "");
	struct precis_error err;
	cr_assert_eq(translate(b, it, n, &err), PRECIS_OK, "%s", err.message);
	for (size_t i = 0; i < 8; i++)
		expect_translated(it, i, "en");
	cr_assert_neq(it[0].out, it[1].out, "each item owns its copy");
	cr_assert_str_eq(it[9].out, "  \n ");
	cr_assert_str_eq(it[10].out, "");
	cr_assert_eq(srv.total_texts, 3, "one copy of the duplicate and two others");
	items_free(it, t, n);
	precis_backend_free(b);
}

Test(backend, texts_go_with_their_own_context)
{
	echo.max_texts = 50;
	struct precis_backend_opts o = opts();
	struct precis_backend *b = make(&o);
	char **t;
	size_t n = 9;
	struct precis_tr_item *it = items_new(n, &t);
	const char *ctxs[] = {"Article A.", NULL, "Article B."};
	for (size_t i = 0; i < n; i++)
		it[i].context = ctxs[i % 3];
	struct precis_error err;
	cr_assert_eq(translate(b, it, n, &err), PRECIS_OK, "%s", err.message);
	for (size_t i = 0; i < n; i++)
		expect_translated(it, i, "en");
	cr_assert_eq(srv.nreq, 3, "one request per context");
	items_free(it, t, n);
	precis_backend_free(b);
}

Test(backend, a_protocol_without_context_batches_across_contexts)
{
	echo.max_texts = 50;
	echo.ignores_context = 1;
	struct precis_backend_opts o = opts();
	struct precis_backend *b = make(&o);
	char **t;
	size_t n = 9;
	struct precis_tr_item *it = items_new(n, &t);
	const char *ctxs[] = {"Article A.", NULL, "Article B."};
	for (size_t i = 0; i < n; i++)
		it[i].context = ctxs[i % 3];
	struct precis_error err;
	cr_assert_eq(translate(b, it, n, &err), PRECIS_OK, "%s", err.message);
	for (size_t i = 0; i < n; i++) {
		char want[128];
		snprintf(want, sizeof want, "en:%s", it[i].text);
		cr_assert_str_eq(it[i].out, want);
	}
	cr_assert_eq(srv.nreq, 1);
	items_free(it, t, n);
	precis_backend_free(b);
}

static size_t progress_done, progress_n;

static void on_progress(void *ctx, size_t done, size_t n, size_t requests, size_t retries)
{
	(void)ctx, (void)requests, (void)retries;
	cr_assert_geq(done, progress_done, "progress never goes back");
	progress_done = done;
	progress_n = n;
}

Test(backend, progress_reaches_the_end)
{
	struct precis_backend_opts o = opts();
	o.progress = on_progress;
	struct precis_backend *b = make(&o);
	char **t;
	size_t n = 17;
	struct precis_tr_item *it = items_new(n, &t);
	set_text(it, t, 3, "!s500x99 toujours en panne");
	struct precis_error err;
	cr_assert_eq(translate(b, it, n, &err), PRECIS_OK, "%s", err.message);
	cr_assert_eq(progress_n, n);
	cr_assert_eq(progress_done, n, "failed items count as done");
	items_free(it, t, n);
	precis_backend_free(b);
}

/* ---- retries, splits, failures ------------------------------------------ */

Test(backend, a_413_splits_the_batch_until_it_passes)
{
	echo.max_texts = 10;
	srv.accept_texts = 3;
	struct precis_backend_opts o = opts();
	struct precis_backend *b = make(&o);
	char **t;
	size_t n = 20;
	struct precis_tr_item *it = items_new(n, &t);
	struct precis_error err;
	cr_assert_eq(translate(b, it, n, &err), PRECIS_OK, "%s", err.message);
	for (size_t i = 0; i < n; i++)
		expect_translated(it, i, "en");
	struct precis_backend_stats st;
	precis_backend_stats(b, &st);
	/* 10 -> 413, 5+5 -> 413, 2+3 each: 2 + 4 + 8 = 14 requests. */
	cr_assert_eq(st.requests, 14, "%zu", st.requests);
	cr_assert_eq(st.retries, 0, "a split is not a retry");
	items_free(it, t, n);
	precis_backend_free(b);
}

Test(backend, retries_then_success_keeps_order)
{
	struct precis_backend_opts o = opts();
	struct precis_backend *b = make(&o);
	char **t;
	size_t n = 40;
	struct precis_tr_item *it = items_new(n, &t);
	set_text(it, t, 2, "!s503x2 deux fois indisponible");
	set_text(it, t, 13, "!s429x1 trop vite");
	set_text(it, t, 27, "!dropx1 connexion coupée");
	set_text(it, t, 31, "!s408x1 délai");
	struct precis_error err;
	cr_assert_eq(translate(b, it, n, &err), PRECIS_OK, "%s", err.message);
	for (size_t i = 0; i < n; i++)
		expect_translated(it, i, "en");
	struct precis_backend_stats st;
	precis_backend_stats(b, &st);
	/* libcurl itself resends once on a reused connection the server
	 * closed: the drop may cost no retry of ours. */
	cr_assert(st.retries == 4 || st.retries == 5, "%zu", st.retries);
	cr_assert_eq(st.requests, 8 + st.retries);
	cr_assert_eq(st.failed, 0);
	cr_assert_not_null(strstr(logbuf, "retry 2 of POST"), "%s", logbuf);
	items_free(it, t, n);
	precis_backend_free(b);
}

Test(backend, retries_exhausted_fail_the_batch_and_the_run_goes_on)
{
	echo.max_texts = 1;
	struct precis_backend_opts o = opts();
	o.retries = 2;
	struct precis_backend *b = make(&o);
	char **t;
	size_t n = 12;
	struct precis_tr_item *it = items_new(n, &t);
	set_text(it, t, 4, "!s500x99 en panne");
	set_text(it, t, 8, "!s400x99 refusé");
	struct precis_error err;
	cr_assert_eq(translate(b, it, n, &err), PRECIS_OK, "%s", err.message);
	for (size_t i = 0; i < n; i++) {
		if (i == 4 || i == 8) {
			cr_assert_eq(it[i].status, PRECIS_E_BACKEND);
			cr_assert_null(it[i].out);
		} else {
			expect_translated(it, i, "en");
		}
	}
	struct precis_backend_stats st;
	precis_backend_stats(b, &st);
	cr_assert_eq(st.failed, 2);
	cr_assert_eq(st.retries, 2, "the 500 twice; a 400 is not retried");
	cr_assert_eq(err.status, PRECIS_E_BACKEND, "err says why items failed");
	cr_assert(strstr(err.message, "500") || strstr(err.message, "400"), "%s", err.message);
	items_free(it, t, n);
	precis_backend_free(b);
}

Test(backend, a_fatal_error_stops_the_run)
{
	echo.max_texts = 1;
	struct precis_backend_opts o = opts();
	o.jobs = 1; /* the 403 is answered first: nothing else may start after it */
	struct precis_backend *b = make(&o);
	char **t;
	size_t n = 60;
	struct precis_tr_item *it = items_new(n, &t);
	set_text(it, t, 0, "!s403x99 clé refusée");
	struct precis_error err;
	cr_assert_eq(translate(b, it, n, &err), PRECIS_E_BACKEND);
	cr_assert_eq(err.status, PRECIS_E_BACKEND);
	cr_assert_not_null(strstr(err.message, "told to fail"), "the provider's message: %s",
	                   err.message);
	cr_assert_not_null(strstr(err.message, "PRECIS_TEST_KEY"), "what to do: %s", err.message);
	cr_assert_eq(srv.nreq, 1, "the run stopped (%d requests)", srv.nreq);
	cr_assert_eq(it[0].status, PRECIS_E_BACKEND);
	cr_assert_eq(it[n - 1].status, PRECIS_E_BACKEND);
	cr_assert_null(it[n - 1].out);
	items_free(it, t, n);
	precis_backend_free(b);
}

Test(backend, a_text_the_protocol_refuses_fails_alone)
{
	echo.max_texts = 8;
	struct precis_backend_opts o = opts();
	struct precis_backend *b = make(&o);
	char **t;
	size_t n = 20;
	struct precis_tr_item *it = items_new(n, &t);
	set_text(it, t, 5, "!bad texte illisible");
	set_text(it, t, 17, "!bad un autre");
	struct precis_error err;
	cr_assert_eq(translate(b, it, n, &err), PRECIS_OK, "%s", err.message);
	for (size_t i = 0; i < n; i++) {
		if (i == 5 || i == 17) {
			cr_assert_eq(it[i].status, PRECIS_E_INPUT);
			cr_assert_null(it[i].out);
		} else {
			expect_translated(it, i, "en");
		}
	}
	cr_assert_not_null(strstr(err.message, "is bad"), "%s", err.message);
	items_free(it, t, n);
	precis_backend_free(b);
}

Test(backend, settings_the_protocol_refuses_stop_before_sending)
{
	struct precis_backend_opts o = opts();
	struct precis_backend *b = make(&o);
	char **t;
	size_t n = 7;
	struct precis_tr_item *it = items_new(n, &t);
	struct precis_error err;
	cr_assert_eq(precis_backend_translate(b, "fr", "xx", it, n, &err), PRECIS_E_USAGE);
	cr_assert_not_null(strstr(err.message, "no language 'xx'"), "%s", err.message);
	cr_assert_eq(srv.nreq, 0);
	for (size_t i = 0; i < n; i++)
		cr_assert_eq(it[i].status, PRECIS_E_BACKEND);
	items_free(it, t, n);
	precis_backend_free(b);
}

Test(backend, a_downgrade_rebuilds_and_resends_at_once)
{
	struct precis_backend_opts o = opts();
	struct precis_backend *b = make(&o);
	char **t;
	size_t n = 3;
	struct precis_tr_item *it = items_new(n, &t);
	set_text(it, t, 0, "!nofancy simple");
	struct precis_error err;
	cr_assert_eq(translate(b, it, n, &err), PRECIS_OK, "%s", err.message);
	for (size_t i = 0; i < n; i++)
		expect_translated(it, i, "en");
	cr_assert_eq(srv.nreq, 2);
	cr_assert_eq(srv.fancy[0], 1);
	cr_assert_eq(srv.fancy[1], 0, "the second request goes without the feature");
	struct precis_backend_stats st;
	precis_backend_stats(b, &st);
	cr_assert_eq(st.retries, 0);
	items_free(it, t, n);
	precis_backend_free(b);
}

Test(backend, one_slow_down_holds_every_request_to_the_host)
{
	echo.max_texts = 1;
	/* The 429 leaves once the first four are all in; they hold their
	 * slots past it, so whatever arrives after it was started after it. */
	srv.tag_delay_ms = 50;
	srv.delay_ms = 150;
	struct precis_backend_opts o = opts();
	o.jobs = 4;
	struct precis_backend *b = make(&o);
	char **t;
	size_t n = 12;
	struct precis_tr_item *it = items_new(n, &t);
	/* Retry-After: 30 s, scaled by PRECIS_BACKOFF_SCALE=0.01: 300 ms. */
	set_text(it, t, 0, "!s429ra30x1 doucement");
	struct precis_error err;
	cr_assert_eq(translate(b, it, n, &err), PRECIS_OK, "%s", err.message);
	for (size_t i = 0; i < n; i++)
		expect_translated(it, i, "en");
	int k429 = -1;
	for (int i = 0; i < srv.nreq; i++)
		if (srv.status[i] == 429)
			k429 = i;
	cr_assert_geq(k429, 0);
	double told = srv.replied[k429];
	int after = 0;
	for (int i = 0; i < srv.nreq; i++) {
		if (srv.arrive[i] <= told)
			continue;
		after++;
		cr_assert_geq(srv.arrive[i] - told, 0.25,
		              "request %d came %.3f s after the 429: the gate was open", i,
		              srv.arrive[i] - told);
	}
	cr_assert_geq(after, 8, "the others waited, then went");
	cr_assert_not_null(strstr(logbuf, "every request to this host waits"), "%s", logbuf);
	items_free(it, t, n);
	precis_backend_free(b);
}

Test(backend, retry_after_ms_is_honoured)
{
	echo.max_texts = 1;
	struct precis_backend_opts o = opts();
	o.jobs = 1;
	struct precis_backend *b = make(&o);
	char **t;
	size_t n = 2;
	struct precis_tr_item *it = items_new(n, &t);
	/* 20000 ms scaled by 0.01: 200 ms. */
	set_text(it, t, 0, "!s503ms20000x1 occupé");
	struct precis_error err;
	cr_assert_eq(translate(b, it, n, &err), PRECIS_OK, "%s", err.message);
	expect_translated(it, 0, "en");
	cr_assert_eq(srv.status[0], 503);
	cr_assert_geq(srv.arrive[1] - srv.replied[0], 0.18, "%.3f",
	              srv.arrive[1] - srv.replied[0]);
	items_free(it, t, n);
	precis_backend_free(b);
}

Test(backend, retry_after_values)
{
	cr_assert_eq(px_transport_retry_after_ms("120", 3), 120000);
	cr_assert_eq(px_transport_retry_after_ms("0.5", 3), 500);
	cr_assert_eq(px_transport_retry_after_ms("0", 1), 0);
	cr_assert_eq(px_transport_retry_after_ms("soon", 4), -1);
	cr_assert_eq(px_transport_retry_after_ms("-3", 2), -1);
	char date[64];
	time_t when = time(NULL) + 30;
	struct tm g;
	gmtime_r(&when, &g);
	strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &g);
	long ms = px_transport_retry_after_ms(date, strlen(date));
	cr_assert(ms >= 28000 && ms <= 31000, "%s -> %ld", date, ms);
	strcpy(date, "Wed, 21 Oct 2015 07:28:00 GMT"); /* past: now */
	cr_assert_eq(px_transport_retry_after_ms(date, strlen(date)), 0);
}

Test(backend, backoff_grows_with_jitter_and_a_cap)
{
	setenv("PRECIS_BACKOFF_SCALE", "1", 1);
	struct px_transport *tr = px_transport_new(NULL);
	for (int k = 0; k < 50; k++) {
		long a = px_transport_backoff_ms(tr, 1);
		cr_assert(a >= 750 && a <= 1250, "first wait %ld", a);
		long c = px_transport_backoff_ms(tr, 4);
		cr_assert(c >= 4096 * 0.75 && c <= 4096 * 1.25 + 1, "fourth wait %ld", c);
		long z = px_transport_backoff_ms(tr, 40);
		cr_assert(z >= 90000 && z <= 120000, "capped wait %ld", z);
	}
	px_transport_free(tr);
}

Test(backend, the_reply_cap_fails_the_batch_not_the_run)
{
	echo.max_texts = 1;
	struct precis_backend_opts o = opts();
	struct precis_backend *b = make(&o);
	char **t;
	size_t n = 4;
	struct precis_tr_item *it = items_new(n, &t);
	set_text(it, t, 1, "!huge énorme");
	struct precis_error err;
	cr_assert_eq(translate(b, it, n, &err), PRECIS_OK, "%s", err.message);
	cr_assert_eq(it[1].status, PRECIS_E_BACKEND);
	cr_assert_not_null(strstr(err.message, "larger than"), "%s", err.message);
	expect_translated(it, 0, "en");
	expect_translated(it, 3, "en");
	struct precis_backend_stats st;
	precis_backend_stats(b, &st);
	cr_assert_eq(st.retries, 0, "a reply too large is not retried");
	items_free(it, t, n);
	precis_backend_free(b);
}

Test(backend, a_request_that_times_out_is_retried_then_fails)
{
	echo.max_texts = 1;
	struct precis_backend_opts o = opts();
	o.timeout = 0.3;
	o.retries = 1;
	struct precis_backend *b = make(&o);
	char **t;
	size_t n = 3;
	struct precis_tr_item *it = items_new(n, &t);
	set_text(it, t, 2, "!slow lent");
	struct precis_error err;
	cr_assert_eq(translate(b, it, n, &err), PRECIS_OK, "%s", err.message);
	expect_translated(it, 0, "en");
	expect_translated(it, 1, "en");
	cr_assert_eq(it[2].status, PRECIS_E_BACKEND);
	cr_assert_not_null(strstr(err.message, "gave up after 1 retry"), "%s", err.message);
	cr_assert_not_null(strstr(logbuf, "failed ("), "%s", logbuf);
	items_free(it, t, n);
	precis_backend_free(b);
}

/* ---- the translation memory and dry runs -------------------------------- */

Test(backend, a_second_run_with_the_cache_sends_nothing)
{
	char cache[600];
	snprintf(cache, sizeof cache, "%s/tm/tm.sqlite", tmpdir);
	struct precis_backend_opts o = opts();
	o.no_cache = 0;
	o.cache_path = cache;
	struct precis_backend *b = make(&o);
	char **t;
	size_t n = 23;
	struct precis_tr_item *it = items_new(n, &t);
	it[5].context = "Le contexte.";
	struct precis_error err;
	cr_assert_eq(translate(b, it, n, &err), PRECIS_OK, "%s", err.message);
	int first = srv.nreq;
	cr_assert_gt(first, 0);
	precis_backend_free(b);
	for (size_t i = 0; i < n; i++) {
		free(it[i].out);
		it[i].out = NULL;
	}

	b = make(&o);
	cr_assert_eq(translate(b, it, n, &err), PRECIS_OK, "%s", err.message);
	cr_assert_eq(srv.nreq, first, "the second run sent %d requests", srv.nreq - first);
	for (size_t i = 0; i < n; i++) {
		expect_translated(it, i, "en");
		cr_assert(it[i].cached);
	}
	struct precis_backend_stats st;
	precis_backend_stats(b, &st);
	cr_assert_eq(st.cached, n);
	cr_assert_eq(st.requests, 0);
	cr_assert_eq(st.characters, 0);

	/* Another target language is another translation. */
	for (size_t i = 0; i < n; i++) {
		free(it[i].out);
		it[i].out = NULL;
	}
	cr_assert_eq(precis_backend_translate(b, "fr", "de", it, n, &err), PRECIS_OK);
	cr_assert_gt(srv.nreq, first);
	expect_translated(it, 0, "de");
	items_free(it, t, n);
	precis_backend_free(b);
}

Test(backend, the_default_cache_lives_under_xdg_cache_home)
{
	struct precis_backend_opts o = opts();
	o.no_cache = 0;
	struct precis_backend *b = make(&o);
	char **t;
	struct precis_tr_item *it = items_new(2, &t);
	struct precis_error err;
	cr_assert_eq(translate(b, it, 2, &err), PRECIS_OK, "%s", err.message);
	char path[600];
	snprintf(path, sizeof path, "%s/precis/tm.sqlite", tmpdir);
	struct stat st;
	cr_assert_eq(stat(path, &st), 0, "%s", path);
	items_free(it, t, 2);
	precis_backend_free(b);
}

Test(backend, a_cache_that_cannot_open_is_a_warning)
{
	char cache[600];
	snprintf(cache, sizeof cache, "%s/not-a-db", tmpdir);
	FILE *f = fopen(cache, "w");
	for (int i = 0; i < 50; i++)
		fputs("garbage garbage garbage garbage\n", f);
	fclose(f);
	struct precis_backend_opts o = opts();
	o.no_cache = 0;
	o.cache_path = cache;
	struct precis_backend *b = make(&o);
	cr_assert_not_null(strstr(logbuf, "warning:"), "%s", logbuf);
	char **t;
	struct precis_tr_item *it = items_new(2, &t);
	struct precis_error err;
	cr_assert_eq(translate(b, it, 2, &err), PRECIS_OK, "%s", err.message);
	expect_translated(it, 1, "en");
	items_free(it, t, 2);
	precis_backend_free(b);
}

Test(backend, a_dry_run_sends_nothing_and_counts_right)
{
	struct precis_backend_opts o = opts();
	o.dry_run = 1;
	o.api_key = NULL; /* no key needed to know the cost */
	struct precis_backend *b = make(&o);
	char **t;
	size_t n = 23;
	struct precis_tr_item *it = items_new(n, &t);
	set_text(it, t, 3, "   ");
	struct precis_error err;
	cr_assert_eq(translate(b, it, n, &err), PRECIS_OK, "%s", err.message);
	cr_assert_eq(srv.nreq, 0);
	struct precis_backend_stats st;
	precis_backend_stats(b, &st);
	cr_assert_eq(st.requests, 5, "22 texts by 5: %zu", st.requests);
	size_t cps = 0;
	for (size_t i = 0; i < n; i++)
		if (i != 3)
			cps += strlen(it[i].text) - 1; /* one é: two bytes, one code point */
	cr_assert_eq(st.characters, cps);
	cr_assert_gt(st.tokens, 0);
	for (size_t i = 0; i < n; i++)
		cr_assert_eq(it[i].status, PRECIS_OK);
	cr_assert_null(it[0].out);
	items_free(it, t, n);
	precis_backend_free(b);
}

Test(backend, a_dry_run_counts_only_what_the_cache_lacks)
{
	char cache[600];
	snprintf(cache, sizeof cache, "%s/tm.sqlite", tmpdir);
	struct precis_backend_opts o = opts();
	o.no_cache = 0;
	o.cache_path = cache;
	struct precis_backend *b = make(&o);
	char **t;
	size_t n = 15;
	struct precis_tr_item *it = items_new(n, &t);
	struct precis_error err;
	cr_assert_eq(translate(b, it, 10, &err), PRECIS_OK, "%s", err.message);
	precis_backend_free(b);
	int sent = srv.nreq;
	for (size_t i = 0; i < 10; i++) {
		free(it[i].out);
		it[i].out = NULL;
	}
	o.dry_run = 1;
	b = make(&o);
	cr_assert_eq(translate(b, it, n, &err), PRECIS_OK, "%s", err.message);
	cr_assert_eq(srv.nreq, sent);
	struct precis_backend_stats st;
	precis_backend_stats(b, &st);
	cr_assert_eq(st.cached, 10);
	cr_assert_eq(st.requests, 1);
	size_t cps = 0;
	for (size_t i = 10; i < n; i++)
		cps += strlen(it[i].text) - 1;
	cr_assert_eq(st.characters, cps);
	items_free(it, t, n);
	precis_backend_free(b);
}

/* ---- keys and messages -------------------------------------------------- */

#define SECRET "sk-SECRET-4242-zz"

Test(backend, the_key_is_in_no_log_line_and_no_message)
{
	echo.max_texts = 1;
	struct precis_backend_opts o = opts();
	o.api_key = SECRET;
	o.jobs = 1;
	struct precis_backend *b = make(&o);
	char **t;
	size_t n = 4;
	struct precis_tr_item *it = items_new(n, &t);
	set_text(it, t, 1, "!s500x1 encore");
	struct precis_error err;
	cr_assert_eq(translate(b, it, n, &err), PRECIS_OK, "%s", err.message);
	for (size_t i = 0; i < n; i++) {
		free(it[i].out);
		it[i].out = NULL;
	}
	set_text(it, t, 3, "!leak fuite");
	cr_assert_eq(translate(b, it, n, &err), PRECIS_E_BACKEND);
	cr_assert_not_null(strstr(srv.auth, SECRET), "the key did go to the server");
	cr_assert_null(strstr(err.message, SECRET), "%s", err.message);
	cr_assert_null(strstr(err.where, SECRET), "%s", err.where);
	cr_assert_not_null(strstr(err.message, "***"), "%s", err.message);
	cr_assert_null(strstr(logbuf, SECRET), "%s", logbuf);
	cr_assert_null(strstr(logbuf, "Authorization"), "%s", logbuf);
	char line[128];
	snprintf(line, sizeof line, "echo: POST %s/translate -> 200 in ", base);
	cr_assert_not_null(strstr(logbuf, line), "%s", logbuf);
	cr_assert_not_null(strstr(logbuf, ", trace t-"), "%s", logbuf);
	cr_assert_not_null(strstr(logbuf, "-> 500 in"), "%s", logbuf);
	cr_assert_not_null(strstr(logbuf, "retry 1, trace"), "%s", logbuf);
	char *report = NULL;
	precis_backend_check(b, &report, &err);
	cr_assert_null(strstr(report, SECRET), "%s", report);
	cr_assert_not_null(strstr(report, "key: set (from the caller)"), "%s", report);
	free(report);
	items_free(it, t, n);
	precis_backend_free(b);
}

Test(backend, urls_in_log_lines_hide_credentials)
{
	char out[256];
	px_transport_loggable_url("https://user:pw@host.example/v1/x?q=bonjour&api_key=abc&"
	                          "auth_key=def&langpair=fra|spa",
	                          out, sizeof out);
	cr_assert_str_eq(out, "https://***@host.example/v1/x?q=bonjour&api_key=***&auth_key=***&"
	                      "langpair=fra|spa");
	char longq[400] = "http://h/translate?q=";
	memset(longq + strlen(longq), 'x', 300);
	px_transport_loggable_url(longq, out, sizeof out);
	cr_assert_lt(strlen(out), 140, "a long query is cut: %s", out);
	px_transport_loggable_url("http://h/p", out, 6);
	cr_assert_str_eq(out, "http:");
}

/* ---- configuration ------------------------------------------------------ */

static enum precis_status try_new(const struct precis_backend_opts *o, struct precis_error *err)
{
	struct precis_backend *b = NULL;
	precis_error_clear(err);
	enum precis_status st = px_backend_new_with(&echo, o, &b, err);
	if (st == PRECIS_OK)
		cr_assert_not_null(b);
	else
		cr_assert_null(b);
	precis_backend_free(b);
	return st;
}

Test(backend, a_missing_key_names_the_variables_and_the_file)
{
	struct precis_backend_opts o = opts();
	o.api_key = NULL;
	struct precis_error err;
	cr_assert_eq(try_new(&o, &err), PRECIS_E_CONFIG);
	cr_assert_not_null(strstr(err.message, "PRECIS_TEST_KEY (or PRECIS_TEST_KEY2)"), "%s",
	                   err.message);
	cr_assert_not_null(strstr(err.message, "precis_test_key = ..."), "%s", err.message);
	cr_assert_not_null(strstr(err.message, "/precis/config"), "%s", err.message);
}

Test(backend, the_key_comes_from_the_environment_then_the_config_file)
{
	char dir[600], path[700];
	snprintf(dir, sizeof dir, "%s/precis", tmpdir);
	mkdir(dir, 0700);
	snprintf(path, sizeof path, "%s/config", dir);
	FILE *f = fopen(path, "w");
	fputs("# precis settings\nprecis_test_key = \"from-file-key\"\n", f);
	fclose(f);
	chmod(path, 0600);

	struct precis_backend_opts o = opts();
	o.api_key = NULL;
	struct precis_backend *b = make(&o);
	char **t;
	struct precis_tr_item *it = items_new(1, &t);
	struct precis_error err;
	cr_assert_eq(translate(b, it, 1, &err), PRECIS_OK, "%s", err.message);
	cr_assert_str_eq(srv.auth, "Test-Key from-file-key");
	precis_backend_free(b);

	setenv("PRECIS_TEST_KEY2", "from-env-key\n", 1);
	b = make(&o);
	free(it[0].out);
	cr_assert_eq(translate(b, it, 1, &err), PRECIS_OK, "%s", err.message);
	cr_assert_str_eq(srv.auth, "Test-Key from-env-key", "the environment wins, trimmed");
	char *report;
	cr_assert_eq(precis_backend_check(b, &report, &err), PRECIS_OK, "%s", err.message);
	cr_assert_not_null(strstr(report, "key: set (from PRECIS_TEST_KEY2)"), "%s", report);
	free(report);
	precis_backend_free(b);
	items_free(it, t, 1);
}

Test(backend, a_config_file_others_can_read_gets_a_warning)
{
	char dir[600], path[700];
	snprintf(dir, sizeof dir, "%s/precis", tmpdir);
	mkdir(dir, 0700);
	snprintf(path, sizeof path, "%s/config", dir);
	FILE *f = fopen(path, "w");
	fputs("PRECIS_TEST_KEY=abcdef\n", f);
	fclose(f);
	chmod(path, 0644);
	struct precis_backend_opts o = opts();
	o.api_key = NULL;
	struct precis_backend *b = make(&o);
	cr_assert_not_null(strstr(logbuf, "chmod 600"), "%s", logbuf);
	cr_assert_null(strstr(logbuf, "abcdef"), "%s", logbuf);
	precis_backend_free(b);
}

Test(backend, the_server_address_comes_from_its_variable_and_must_be_http)
{
	struct precis_backend_opts o = opts();
	o.base_url = NULL;
	struct precis_error err;
	cr_assert_eq(try_new(&o, &err), PRECIS_E_CONFIG);
	cr_assert_not_null(strstr(err.message, "PRECIS_TEST_URL"), "%s", err.message);

	char slash[128];
	snprintf(slash, sizeof slash, "%s/", base);
	setenv("PRECIS_TEST_URL", slash, 1);
	struct precis_backend *b = make(&o);
	char **t;
	struct precis_tr_item *it = items_new(1, &t);
	cr_assert_eq(translate(b, it, 1, &err), PRECIS_OK, "%s", err.message);
	expect_translated(it, 0, "en");
	items_free(it, t, 1);
	precis_backend_free(b);

	o.base_url = "file:///etc/passwd";
	cr_assert_eq(try_new(&o, &err), PRECIS_E_CONFIG);
	cr_assert_not_null(strstr(err.message, "http://"), "%s", err.message);
}

Test(backend, a_required_model_is_asked_for)
{
	echo.model_required = 1;
	struct precis_backend_opts o = opts();
	struct precis_error err;
	cr_assert_eq(try_new(&o, &err), PRECIS_E_CONFIG);
	cr_assert_not_null(strstr(err.message, "--model"), "%s", err.message);
	cr_assert_not_null(strstr(err.message, "PRECIS_MODEL"), "%s", err.message);
	setenv("PRECIS_MODEL", "tiny", 1);
	cr_assert_eq(try_new(&o, &err), PRECIS_OK, "%s", err.message);
}

Test(backend, a_key_with_control_characters_is_refused_without_showing_it)
{
	struct precis_backend_opts o = opts();
	o.api_key = "abc\r\nX-Evil: 1";
	struct precis_error err;
	cr_assert_eq(try_new(&o, &err), PRECIS_E_CONFIG);
	cr_assert_null(strstr(err.message, "X-Evil"), "%s", err.message);
}

Test(backend, an_unknown_backend_lists_the_known_ones)
{
	struct precis_backend_opts o = {0};
	o.name = "babelfish";
	struct precis_backend *b = NULL;
	struct precis_error err;
	cr_assert_eq(precis_backend_new(&o, &b, &err), PRECIS_E_CONFIG);
	cr_assert_null(b);
	cr_assert_not_null(strstr(err.message, "unknown backend 'babelfish'"), "%s", err.message);
	for (size_t i = 0; i < precis_backend_count(); i++) {
		cr_assert_not_null(precis_backend_about(i));
		cr_assert_not_null(strstr(err.message, precis_backend_name_at(i)));
	}
	cr_assert_null(precis_backend_name_at(precis_backend_count()));
}

/* ---- check -------------------------------------------------------------- */

Test(backend, check_reports_reachability_and_a_test_translation)
{
	struct precis_backend_opts o = opts();
	struct precis_backend *b = make(&o);
	char *report = NULL;
	struct precis_error err;
	cr_assert_eq(precis_backend_check(b, &report, &err), PRECIS_OK, "%s", err.message);
	cr_assert_not_null(strstr(report, "backend: echo"), "%s", report);
	cr_assert_not_null(strstr(report, "reachable: yes (HTTP 200"), "%s", report);
	cr_assert_not_null(strstr(report, "test translation: \"Bonjour.\" -> \"en:Bonjour.\""),
	                   "%s", report);
	free(report);
	precis_backend_free(b);

	srv_stop();
	b = make(&o);
	cr_assert_eq(precis_backend_check(b, &report, &err), PRECIS_E_BACKEND);
	cr_assert_not_null(strstr(report, "reachable: no"), "%s", report);
	cr_assert_not_null(strstr(err.message, "cannot reach"), "%s", err.message);
	free(report);
	precis_backend_free(b);
}

Test(backend, an_unreachable_server_fails_items_after_retries)
{
	struct precis_backend_opts o = opts();
	o.retries = 1;
	srv_stop();
	struct precis_backend *b = make(&o);
	char **t;
	struct precis_tr_item *it = items_new(3, &t);
	struct precis_error err;
	cr_assert_eq(translate(b, it, 3, &err), PRECIS_OK, "%s", err.message);
	for (int i = 0; i < 3; i++)
		cr_assert_eq(it[i].status, PRECIS_E_BACKEND);
	cr_assert_not_null(strstr(err.message, "check the address"), "%s", err.message);
	items_free(it, t, 3);
	precis_backend_free(b);
}
