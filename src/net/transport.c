/* The only file that includes curl.h (see transport.h). */
#include "net/transport.h"

#include <curl/curl.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/mem.h"

#define MAX_RETRY_WAIT_MS 120000L
#define POOL_MAX 16

struct host;

struct xfer {
	struct xfer *prev, *next; /* in its host's queue, or in t->inflight */
	struct host *host;
	const struct px_http_request *req;
	unsigned attempt;
	double not_before; /* monotonic seconds */
	px_xfer_done_fn done;
	void *ctx;

	CURL *easy;
	struct curl_slist *hdrs;
	struct px_buf body;
	double started;
	long retry_after_ms;
	char trace[128];
	int oversize;
	char errbuf[CURL_ERROR_SIZE];
};

struct host {
	struct host *next;
	char *name; /* scheme://host:port */
	unsigned inflight;
	double gate; /* no start before this monotonic time */
	struct xfer *qhead, *qtail;
};

struct px_transport {
	CURLM *multi;
	unsigned jobs;
	long timeout_ms;
	long connect_ms;
	size_t max_reply;
	double scale;
	precis_log_fn log;
	void *log_ctx;
	struct host *hosts;
	struct xfer *inflight;
	size_t nqueued, ninflight;
	int stopped;
	uint64_t rng;
	CURL *pool[POOL_MAX];
	int npool;
	char useragent[64];
};

static pthread_once_t global_once = PTHREAD_ONCE_INIT;

static void global_init(void)
{
	/* Thread-safe in libcurl >= 7.84; once is enough for a process. */
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double rand01(struct px_transport *t)
{
	/* xorshift64*: jitter needs spread, not secrecy. */
	uint64_t x = t->rng;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	t->rng = x;
	return (double)((x * 0x2545F4914F6CDD1DULL) >> 11) / 9007199254740992.0;
}

struct px_transport *px_transport_new(const struct px_transport_opts *opts)
{
	pthread_once(&global_once, global_init);
	struct px_transport *t = px_xcalloc(1, sizeof *t);
	t->multi = curl_multi_init();
	if (!t->multi) {
		free(t);
		return NULL;
	}
	curl_multi_setopt(t->multi, CURLMOPT_PIPELINING, (long)CURLPIPE_MULTIPLEX);
	t->jobs = opts && opts->jobs ? opts->jobs : 4;
	double timeout = opts && opts->timeout > 0 ? opts->timeout : 60;
	t->timeout_ms = (long)(timeout * 1000);
	if (t->timeout_ms < 1)
		t->timeout_ms = 1;
	t->connect_ms = t->timeout_ms < 10000 ? t->timeout_ms : 10000;
	t->max_reply = opts && opts->max_reply ? opts->max_reply : (size_t)16 << 20;
	t->log = opts ? opts->log : NULL;
	t->log_ctx = opts ? opts->log_ctx : NULL;
	t->scale = 1;
	const char *s = getenv("PRECIS_BACKOFF_SCALE");
	if (s && *s) {
		char *end;
		double v = strtod(s, &end);
		if (end != s && v >= 0 && v <= 10)
			t->scale = v;
	}
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	t->rng = ((uint64_t)ts.tv_nsec << 20) ^ (uint64_t)ts.tv_sec ^
	         ((uint64_t)getpid() << 40) ^ (uint64_t)(uintptr_t)t;
	if (!t->rng)
		t->rng = 0x9E3779B97F4A7C15ULL;
	snprintf(t->useragent, sizeof t->useragent, "precis/%s", PRECIS_VERSION);
	return t;
}

static void xfer_release(struct px_transport *t, struct xfer *x)
{
	if (x->easy) {
		if (t->npool < POOL_MAX) {
			/* Reset keeps the TLS session and DNS caches: reuse is cheaper. */
			curl_easy_reset(x->easy);
			t->pool[t->npool++] = x->easy;
		} else {
			curl_easy_cleanup(x->easy);
		}
	}
	curl_slist_free_all(x->hdrs);
	px_buf_free(&x->body);
	free(x);
}

static void drop_all(struct px_transport *t)
{
	/* Messages of finished transfers first: they point at easy handles
	 * about to be removed. */
	int left;
	while (curl_multi_info_read(t->multi, &left))
		;
	while (t->inflight) {
		struct xfer *x = t->inflight;
		t->inflight = x->next;
		curl_multi_remove_handle(t->multi, x->easy);
		x->host->inflight--;
		xfer_release(t, x);
	}
	t->ninflight = 0;
	for (struct host *h = t->hosts; h; h = h->next) {
		while (h->qhead) {
			struct xfer *x = h->qhead;
			h->qhead = x->next;
			xfer_release(t, x);
		}
		h->qtail = NULL;
	}
	t->nqueued = 0;
}

void px_transport_free(struct px_transport *t)
{
	if (!t)
		return;
	drop_all(t);
	while (t->hosts) {
		struct host *h = t->hosts;
		t->hosts = h->next;
		free(h->name);
		free(h);
	}
	for (int i = 0; i < t->npool; i++)
		curl_easy_cleanup(t->pool[i]);
	curl_multi_cleanup(t->multi);
	free(t);
}

void px_transport_stop(struct px_transport *t)
{
	t->stopped = 1;
	drop_all(t);
}

static char *host_key(const char *url)
{
	char *key = NULL;
	CURLU *u = curl_url();
	if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK) {
		char *scheme = NULL, *host = NULL, *port = NULL;
		curl_url_get(u, CURLUPART_SCHEME, &scheme, 0);
		curl_url_get(u, CURLUPART_HOST, &host, 0);
		curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT);
		if (scheme && host) {
			struct px_buf b;
			px_buf_init(&b, 4096);
			if (px_buf_printf(&b, "%s://%s:%s", scheme, host, port ? port : "") == 0)
				key = px_buf_take(&b, NULL);
			px_buf_free(&b);
		}
		curl_free(scheme);
		curl_free(host);
		curl_free(port);
	}
	curl_url_cleanup(u);
	/* A URL curl cannot parse fails when it starts; group it anyway. */
	return key ? key : px_xstrdup("?");
}

static struct host *host_for(struct px_transport *t, const char *url)
{
	char *key = host_key(url);
	for (struct host *h = t->hosts; h; h = h->next) {
		if (strcmp(h->name, key) == 0) {
			free(key);
			return h;
		}
	}
	struct host *h = px_xcalloc(1, sizeof *h);
	h->name = key;
	h->next = t->hosts;
	t->hosts = h;
	return h;
}

static struct xfer *xfer_new(struct px_transport *t, const struct px_http_request *req,
                             unsigned attempt, px_xfer_done_fn done, void *ctx)
{
	struct xfer *x = px_xcalloc(1, sizeof *x);
	x->host = host_for(t, req->url);
	x->req = req;
	x->attempt = attempt;
	x->done = done;
	x->ctx = ctx;
	x->retry_after_ms = -1;
	px_buf_init(&x->body, t->max_reply);
	return x;
}

static void queue_tail(struct px_transport *t, struct xfer *x)
{
	struct host *h = x->host;
	x->next = NULL;
	x->prev = h->qtail;
	if (h->qtail)
		h->qtail->next = x;
	else
		h->qhead = x;
	h->qtail = x;
	t->nqueued++;
}

static void queue_head(struct px_transport *t, struct xfer *x)
{
	struct host *h = x->host;
	x->prev = NULL;
	x->next = h->qhead;
	if (h->qhead)
		h->qhead->prev = x;
	else
		h->qtail = x;
	h->qhead = x;
	t->nqueued++;
}

static void unqueue(struct px_transport *t, struct xfer *x)
{
	struct host *h = x->host;
	if (x->prev)
		x->prev->next = x->next;
	else
		h->qhead = x->next;
	if (x->next)
		x->next->prev = x->prev;
	else
		h->qtail = x->prev;
	x->prev = x->next = NULL;
	t->nqueued--;
}

void px_transport_submit(struct px_transport *t, const struct px_http_request *req,
                         unsigned attempt, px_xfer_done_fn done, void *ctx)
{
	struct xfer *x = xfer_new(t, req, attempt, done, ctx);
	queue_tail(t, x);
}

long px_transport_backoff_ms(struct px_transport *t, unsigned attempt)
{
	/* 1 s, then x1.6 (DeepL's clients), capped, +-25 % so that clients
	 * told to wait together do not come back together. */
	double ms = 1000.0 * pow(1.6, attempt > 0 ? (double)(attempt - 1) : 0.0);
	if (ms > MAX_RETRY_WAIT_MS)
		ms = MAX_RETRY_WAIT_MS;
	ms *= 0.75 + 0.5 * rand01(t);
	if (ms > MAX_RETRY_WAIT_MS)
		ms = MAX_RETRY_WAIT_MS;
	return (long)(ms * t->scale);
}

static void logf_(struct px_transport *t, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

static void logf_(struct px_transport *t, const char *fmt, ...)
{
	if (!t->log)
		return;
	char line[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	t->log(t->log_ctx, line);
}

long px_transport_retry(struct px_transport *t, const struct px_http_request *req,
                        unsigned attempt, const struct px_http_reply *reply,
                        px_xfer_done_fn done, void *ctx)
{
	long ms;
	int told = 0;
	if (reply && reply->retry_after_ms >= 0) {
		long ra = reply->retry_after_ms;
		if (ra > MAX_RETRY_WAIT_MS)
			ra = MAX_RETRY_WAIT_MS;
		ms = (long)((double)ra * t->scale);
		told = 1;
	} else {
		ms = px_transport_backoff_ms(t, attempt);
		told = reply && (reply->status == 429 || reply->status == 503);
	}
	struct xfer *x = xfer_new(t, req, attempt, done, ctx);
	double now = now_s();
	x->not_before = now + (double)ms / 1000.0;
	if (told && x->not_before > x->host->gate)
		x->host->gate = x->not_before;
	/* Retries go first: they hold back the oldest items. */
	queue_head(t, x);
	char url[512];
	px_transport_loggable_url(req->url, url, sizeof url);
	logf_(t, "retry %u of %s %s in %.2f s%s", attempt, req->method, url, (double)ms / 1000.0,
	      told ? " (the server asked to slow down: every request to this host waits)" : "");
	return ms;
}

static size_t on_body(char *data, size_t size, size_t nmemb, void *userdata)
{
	struct xfer *x = userdata;
	size_t n = size * nmemb;
	if (px_buf_add(&x->body, data, n) != 0) {
		x->oversize = 1;
		return 0; /* aborts the transfer */
	}
	return n;
}

static int name_is(const char *line, size_t len, const char *name, const char **value,
                   size_t *vlen)
{
	size_t nl = strlen(name);
	if (len <= nl || line[nl] != ':' || strncasecmp(line, name, nl) != 0)
		return 0;
	const char *v = line + nl + 1, *end = line + len;
	while (v < end && (*v == ' ' || *v == '\t'))
		v++;
	while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' ' || end[-1] == '\t'))
		end--;
	*value = v;
	*vlen = (size_t)(end - v);
	return 1;
}

long px_transport_retry_after_ms(const char *v, size_t n)
{
	char tmp[128];
	if (n == 0 || n >= sizeof tmp)
		return -1;
	memcpy(tmp, v, n);
	tmp[n] = '\0';
	char *end;
	double secs = strtod(tmp, &end);
	if (end != tmp && *end == '\0') {
		if (secs < 0)
			return -1;
		return secs * 1000 > MAX_RETRY_WAIT_MS * 10.0 ? MAX_RETRY_WAIT_MS * 10
		                                               : (long)(secs * 1000);
	}
	time_t when = curl_getdate(tmp, NULL);
	if (when == (time_t)-1)
		return -1;
	double d = difftime(when, time(NULL));
	if (d < 0)
		d = 0;
	return d * 1000 > MAX_RETRY_WAIT_MS * 10.0 ? MAX_RETRY_WAIT_MS * 10 : (long)(d * 1000);
}

static size_t on_header(char *line, size_t size, size_t nitems, void *userdata)
{
	struct xfer *x = userdata;
	size_t len = size * nitems;
	const char *v;
	size_t vl;
	if (len >= 5 && memcmp(line, "HTTP/", 5) == 0) {
		/* A new header block (after a 100 Continue or a redirect). */
		x->retry_after_ms = -1;
		x->trace[0] = '\0';
	} else if (name_is(line, len, "retry-after-ms", &v, &vl)) {
		char tmp[32];
		if (vl > 0 && vl < sizeof tmp) {
			memcpy(tmp, v, vl);
			tmp[vl] = '\0';
			char *end;
			double ms = strtod(tmp, &end);
			if (end != tmp && *end == '\0' && ms >= 0)
				x->retry_after_ms = ms > MAX_RETRY_WAIT_MS * 10.0
				                            ? MAX_RETRY_WAIT_MS * 10
				                            : (long)ms;
		}
	} else if (name_is(line, len, "retry-after", &v, &vl)) {
		/* retry-after-ms is finer: it wins when both came. */
		long ms = px_transport_retry_after_ms(v, vl);
		if (ms >= 0 && x->retry_after_ms < 0)
			x->retry_after_ms = ms;
	} else if (name_is(line, len, "x-trace-id", &v, &vl) ||
	           name_is(line, len, "x-request-id", &v, &vl)) {
		if (vl >= sizeof x->trace)
			vl = sizeof x->trace - 1;
		/* Only printable bytes: it goes into a log line. */
		size_t k = 0;
		for (size_t i = 0; i < vl; i++)
			if ((unsigned char)v[i] > 0x20 && (unsigned char)v[i] < 0x7f)
				x->trace[k++] = v[i];
		x->trace[k] = '\0';
	}
	return len;
}

static void start(struct px_transport *t, struct xfer *x)
{
	CURL *e = t->npool > 0 ? t->pool[--t->npool] : curl_easy_init();
	if (!e) {
		/* Only out of memory gets here. */
		fprintf(stderr, "precis: out of memory (curl_easy_init)\n");
		abort();
	}
	x->easy = e;
	const struct px_http_request *req = x->req;
	curl_easy_setopt(e, CURLOPT_URL, req->url);
	curl_easy_setopt(e, CURLOPT_PRIVATE, x);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
	/* Over TLS the server may offer HTTP/2: wait for the first
	 * connection and multiplex on it. In clear, HTTP/1.1 it is: waiting
	 * would only serialize the first requests. */
	curl_easy_setopt(e, CURLOPT_PIPEWAIT, strncmp(req->url, "https:", 6) == 0 ? 1L : 0L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(e, CURLOPT_USERAGENT, t->useragent);
	curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, t->timeout_ms);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, t->connect_ms);
	curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)t->max_reply);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, x);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, x->errbuf);
	x->errbuf[0] = '\0';
	for (size_t i = 0; i < req->nheaders; i++)
		x->hdrs = curl_slist_append(x->hdrs, req->headers[i]);
	/* No "Expect: 100-continue" round trip before a large body. */
	x->hdrs = curl_slist_append(x->hdrs, "Expect:");
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, x->hdrs);
	if (strcmp(req->method, "GET") == 0) {
		curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
	} else {
		if (strcmp(req->method, "POST") != 0)
			curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, req->method);
		curl_easy_setopt(e, CURLOPT_POST, 1L);
		curl_easy_setopt(e, CURLOPT_POSTFIELDS, req->body ? req->body : "");
		curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE,
		                 (curl_off_t)(req->body ? req->body_len : 0));
	}
	x->started = now_s();
	x->prev = NULL;
	x->next = t->inflight;
	if (t->inflight)
		t->inflight->prev = x;
	t->inflight = x;
	t->ninflight++;
	x->host->inflight++;
	curl_multi_add_handle(t->multi, e);
}

/* Starts what may start; returns the earliest time at which something
 * queued could start for a reason other than a free slot (HUGE_VAL: none). */
static double start_ready(struct px_transport *t)
{
	double now = now_s(), wake = HUGE_VAL;
	for (struct host *h = t->hosts; h; h = h->next) {
		if (!h->qhead)
			continue;
		if (h->gate > now) {
			if (h->gate < wake)
				wake = h->gate;
			continue;
		}
		struct xfer *x = h->qhead;
		while (x && h->inflight < t->jobs) {
			struct xfer *next = x->next;
			if (x->not_before > now) {
				if (x->not_before < wake)
					wake = x->not_before;
			} else {
				unqueue(t, x);
				start(t, x);
			}
			x = next;
		}
	}
	return wake;
}

static void finish(struct px_transport *t, struct xfer *x, CURLcode rc)
{
	if (x->prev)
		x->prev->next = x->next;
	else
		t->inflight = x->next;
	if (x->next)
		x->next->prev = x->prev;
	t->ninflight--;
	x->host->inflight--;
	curl_multi_remove_handle(t->multi, x->easy);

	struct px_http_reply reply = {0};
	long code = 0;
	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &code);
	char why[CURL_ERROR_SIZE + 64];
	if (rc == CURLE_FILESIZE_EXCEEDED)
		x->oversize = 1;
	if (x->oversize) {
		snprintf(why, sizeof why, "the reply is larger than %zu bytes", t->max_reply);
		reply.status = 0;
		reply.transport_error = why;
	} else if (rc != CURLE_OK) {
		snprintf(why, sizeof why, "%s", x->errbuf[0] ? x->errbuf : curl_easy_strerror(rc));
		reply.status = 0;
		reply.transport_error = why;
	} else {
		reply.status = code;
	}
	/* A NUL-terminated body even when nothing came. */
	if (!x->body.data)
		px_buf_add(&x->body, "", 0);
	reply.body = x->body.data ? x->body.data : "";
	reply.body_len = x->body.len;
	reply.retry_after_ms = x->retry_after_ms;
	reply.trace_id = x->trace[0] ? x->trace : NULL;

	if (t->log) {
		char url[512], status[CURL_ERROR_SIZE + 80];
		px_transport_loggable_url(x->req->url, url, sizeof url);
		if (reply.status)
			snprintf(status, sizeof status, "%ld", reply.status);
		else
			snprintf(status, sizeof status, "failed (%s)", reply.transport_error);
		logf_(t, "%s %s -> %s in %.3f s, retry %u%s%s", x->req->method, url, status,
		      now_s() - x->started, x->attempt, reply.trace_id ? ", trace " : "",
		      reply.trace_id ? reply.trace_id : "");
	}
	x->done(x->ctx, &reply, x->oversize);
	xfer_release(t, x);
}

void px_transport_run(struct px_transport *t)
{
	t->stopped = 0;
	while (!t->stopped && t->nqueued + t->ninflight > 0) {
		start_ready(t);
		int running = 0;
		curl_multi_perform(t->multi, &running);
		CURLMsg *m;
		int left;
		while (!t->stopped && (m = curl_multi_info_read(t->multi, &left))) {
			if (m->msg != CURLMSG_DONE)
				continue;
			struct xfer *x = NULL;
			curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&x);
			finish(t, x, m->data.result);
		}
		if (t->stopped || t->nqueued + t->ninflight == 0)
			break;
		double wake = start_ready(t);
		long tmo = -1;
		curl_multi_timeout(t->multi, &tmo);
		double ms = 1000;
		if (tmo >= 0 && tmo < ms)
			ms = (double)tmo;
		if (wake != HUGE_VAL) {
			double w = (wake - now_s()) * 1000;
			if (w < ms)
				ms = w < 0 ? 0 : w;
		}
		if (ms > 0)
			curl_multi_poll(t->multi, NULL, 0, (int)ceil(ms), NULL);
	}
	t->stopped = 0;
}

static int secret_param(const char *name, size_t n)
{
	static const char *const words[] = {"key", "token", "auth", "secret", "pass"};
	for (size_t w = 0; w < sizeof words / sizeof *words; w++) {
		size_t wl = strlen(words[w]);
		for (size_t i = 0; i + wl <= n; i++)
			if (strncasecmp(name + i, words[w], wl) == 0)
				return 1;
	}
	return 0;
}

void px_transport_loggable_url(const char *url, char *out, size_t n)
{
	struct px_buf b;
	px_buf_init(&b, (size_t)1 << 16);
	const char *p = url;
	const char *scheme = strstr(p, "://");
	const char *auth = scheme ? scheme + 3 : p;
	const char *auth_end = auth + strcspn(auth, "/?#");
	const char *at = NULL;
	for (const char *q = auth; q < auth_end; q++)
		if (*q == '@')
			at = q;
	int full = 0;
	if (at) {
		full |= px_buf_add(&b, p, (size_t)(auth - p));
		full |= px_buf_adds(&b, "***@");
		p = at + 1;
	}
	const char *qs = strchr(p, '?');
	if (!qs) {
		full |= px_buf_adds(&b, p);
	} else {
		full |= px_buf_add(&b, p, (size_t)(qs + 1 - p));
		const char *q = qs + 1;
		size_t shown = 0;
		while (*q && *q != '#') {
			size_t plen = strcspn(q, "&#");
			const char *eq = memchr(q, '=', plen);
			if (shown + plen > 100) {
				full |= px_buf_adds(&b, "...");
				break;
			}
			if (eq && secret_param(q, (size_t)(eq - q))) {
				full |= px_buf_add(&b, q, (size_t)(eq + 1 - q));
				full |= px_buf_adds(&b, "***");
			} else {
				full |= px_buf_add(&b, q, plen);
			}
			shown += plen;
			q += plen;
			if (*q == '&') {
				full |= px_buf_addc(&b, '&');
				q++;
			}
		}
	}
	(void)full; /* a cut line is still a fine log line */
	if (n > 0) {
		size_t len = b.len < n ? b.len : n - 1;
		if (b.data)
			memcpy(out, b.data, len);
		out[len] = '\0';
	}
	px_buf_free(&b);
}
