/* The fake API server: the libmicrohttpd daemon, routing, fault injection
 * and the request log. The protocols live in fake_<proto>.c; the control
 * endpoint in control.c. */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <microhttpd.h>

#include "fake_int.h"
#include "fake_server.h"

/* Bodies larger than this are not kept (a 413 whatever the protocol). */
#define FAKE_BODY_CAP (64u << 20)
/* DeepL's documented request size limit. */
#define DEEPL_MAX_BODY (128u << 10)

/* One HTTP request, from its first line to its completion. */
struct conn {
	struct fake *f;
	char *uri; /* raw request-target, query included */
	char *body;
	size_t len, cap;
	int too_big;
	int started;
	int control; /* /_fake/... */
	int counted; /* still counted in f->in_flight */
	unsigned seq, index, in_flight;
	double t_arrival;
	struct fake_faults faults; /* snapshot at arrival */
	char *poison;
	/* a slow reply */
	char *reply;
	size_t reply_len;
	size_t chunk;
	unsigned pause_ms;
};

static double now_since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Sleeps ms, in slices, so that stopping the server does not wait. */
static void nap(struct fake *f, unsigned ms)
{
	while (ms > 0 && !atomic_load(&f->stopping)) {
		unsigned step = ms < 10 ? ms : 10;
		struct timespec ts = {0, (long)step * 1000000L};
		nanosleep(&ts, NULL);
		ms -= step;
	}
}

static uint64_t splitmix(uint64_t x)
{
	x += 0x9E3779B97F4A7C15ull;
	x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
	x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
	return x ^ (x >> 31);
}

/* Whether rule fires on translate request k; salt keeps the percent
 * rules of different faults independent. */
static int fires(const struct fake_rule *r, unsigned k, unsigned seed, unsigned salt)
{
	if (k == 0)
		return 0;
	if (r->first && k <= r->first)
		return 1;
	if (r->every && k % r->every == 0)
		return 1;
	if (r->percent) {
		uint64_t h =
		    splitmix(((uint64_t)seed << 32) ^ ((uint64_t)salt << 24) ^ k);
		return h % 100 < r->percent;
	}
	return 0;
}

static void uncount(struct conn *cn)
{
	struct fake *f = cn->f;
	if (!cn->counted)
		return;
	cn->counted = 0;
	pthread_mutex_lock(&f->mu);
	f->in_flight--;
	if (f->in_flight == 0)
		pthread_cond_broadcast(&f->cv);
	pthread_mutex_unlock(&f->mu);
}

int fake_spend(struct fake_call *c, unsigned long chars)
{
	struct fake *f = c->srv;
	int ok = 1;
	pthread_mutex_lock(&f->mu);
	if (f->cfg.char_limit && f->char_used + chars > f->cfg.char_limit)
		ok = 0;
	else
		f->char_used += chars;
	pthread_mutex_unlock(&f->mu);
	return ok ? 0 : -1;
}

void fake_usage(struct fake_call *c, unsigned long *used, unsigned long *limit)
{
	struct fake *f = c->srv;
	pthread_mutex_lock(&f->mu);
	*used = f->char_used;
	*limit = f->cfg.char_limit;
	pthread_mutex_unlock(&f->mu);
}

/* Routing: by the end of the path, so that any prefix works
 * (http://host/lt/translate, http://host/v1/chat/completions). */
struct route {
	const char *suffix;
	const struct fake_proto *proto; /* a translate endpoint */
	int translate; /* 1 with proto NULL: LibreTranslate or Apertium */
	void (*serve)(struct fake_call *c, struct fake_reply *rep);
	const char *name;
};

static const struct route routes[] = {
    {"/v2/translate", &fake_deepl, 1, NULL, "deepl"},
    {"/v2/usage", NULL, 0, fake_deepl_usage, "deepl"},
    {"/v2/languages", NULL, 0, fake_deepl_languages, "deepl"},
    {"/chat/completions", &fake_openai, 1, NULL, "openai"},
    {"/models", NULL, 0, fake_openai_models, "openai"},
    {"/listPairs", NULL, 0, fake_apertium_pairs, "apertium"},
    {"/translate", NULL, 1, NULL, NULL},
    {"/detect", NULL, 0, fake_libre_detect, "libretranslate"},
    {"/languages", NULL, 0, fake_libre_languages, "libretranslate"},
};

static const struct route *route_find(const char *path)
{
	size_t pl = strlen(path);
	for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
		size_t sl = strlen(routes[i].suffix);
		if (pl >= sl && strcmp(path + pl - sl, routes[i].suffix) == 0)
			return &routes[i];
	}
	return NULL;
}

static char *path_of(const char *uri)
{
	const char *q = strchr(uri, '?');
	return q ? fake_xstrndup(uri, (size_t)(q - uri)) : fake_xstrdup(uri);
}

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *mc)
{
	(void)mc;
	struct conn *cn = calloc(1, sizeof *cn);
	if (!cn)
		abort();
	cn->f = cls;
	cn->uri = fake_xstrdup(uri);
	return cn;
}

static void on_completed(void *cls, struct MHD_Connection *mc, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)mc;
	(void)toe;
	struct conn *cn = *con_cls;
	if (!cn)
		return;
	uncount(cn);
	free(cn->uri);
	free(cn->body);
	free(cn->poison);
	free(cn->reply);
	free(cn);
	*con_cls = NULL;
}

struct hdr_ctx {
	struct fake_request *rq;
	int record_auth;
	char *auth;
	const char *ctype;
};

static enum MHD_Result on_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                 const char *value)
{
	(void)kind;
	struct hdr_ctx *h = cls;
	struct fake_request *rq = h->rq;
	int is_auth = fake_streq_ci(key, "Authorization");
	if (is_auth && !h->auth)
		h->auth = fake_xstrdup(value ? value : "");
	rq->headers =
	    fake_xrealloc(rq->headers, (rq->nheaders + 1) * sizeof *rq->headers);
	rq->headers[rq->nheaders].name = fake_xstrdup(key);
	rq->headers[rq->nheaders].value =
	    fake_xstrdup(is_auth && !h->record_auth ? "<redacted>"
	                 : value                    ? value
	                                            : "");
	rq->nheaders++;
	return MHD_YES;
}

const char *fake_request_header(const struct fake_request *r, const char *name)
{
	for (size_t i = 0; r && i < r->nheaders; i++)
		if (fake_streq_ci(r->headers[i].name, name))
			return r->headers[i].value;
	return NULL;
}

static int starts_with_ci(const char *s, const char *prefix)
{
	for (; *prefix; s++, prefix++)
		if (!*s || (*s | 0x20) != (*prefix | 0x20))
			return 0;
	return 1;
}

/* Hands out a slow reply a few bytes at a time. */
static ssize_t trickle(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct conn *cn = cls;
	if (pos >= cn->reply_len)
		return MHD_CONTENT_READER_END_OF_STREAM;
	nap(cn->f, cn->pause_ms);
	size_t n = cn->reply_len - (size_t)pos;
	if (n > cn->chunk)
		n = cn->chunk;
	if (n > max)
		n = max;
	memcpy(buf, cn->reply + pos, n);
	if (pos + n == cn->reply_len)
		uncount(cn); /* before the client can see the end */
	return (ssize_t)n;
}

static void publish(struct fake *f, struct fake_request *rq, size_t translated,
                    unsigned long chars)
{
	pthread_mutex_lock(&f->mu);
	if (f->nlog == f->caplog) {
		f->caplog = f->caplog ? 2 * f->caplog : 64;
		f->log = fake_xrealloc(f->log, f->caplog * sizeof *f->log);
	}
	/* keep arrival order: replies may be queued out of order */
	size_t i = f->nlog;
	while (i > 0 && f->log[i - 1]->seq > rq->seq) {
		f->log[i] = f->log[i - 1];
		i--;
	}
	f->log[i] = rq;
	f->nlog++;
	if (rq->index) {
		f->texts += rq->ntexts;
		f->texts_translated += translated;
		f->characters += chars;
	}
	pthread_mutex_unlock(&f->mu);
}

static void add_retry_after(const struct fake_faults *fl, struct fake_reply *rep)
{
	char v[32];
	if (fl->retry_after_s) {
		snprintf(v, sizeof v, "%u", fl->retry_after_s);
		fake_reply_header(rep, "Retry-After", v);
	}
	if (fl->retry_after_ms) {
		snprintf(v, sizeof v, "%u", fl->retry_after_ms);
		fake_reply_header(rep, "retry-after-ms", v);
	}
}

static const struct fake_proto *pick_translate(const struct route *r, struct fake_call *c)
{
	if (r->proto)
		return r->proto;
	/* /translate is LibreTranslate's (POST, q) and Apertium's (GET or
	 * POST, langpair): the arguments tell which. */
	if (strcmp(c->rq->method, "GET") == 0 || fake_arg(c, "langpair"))
		return &fake_apertium;
	return &fake_libre;
}

/* Runs one API request through its protocol and the faults. */
static void handle(struct conn *cn, struct fake_call *c, struct fake_reply *rep)
{
	const struct fake_faults *fl = &cn->faults;
	struct fake_request *rq = c->rq;
	const struct route *r = route_find(rq->path);
	unsigned k = rq->index, seed = fl->seed;

	if (!r) {
		rq->proto = "other";
		fake_reply_json(rep, 404, json_pack("{s:s}", "message", "Not Found"));
		return;
	}
	if (!r->translate) {
		rq->proto = r->name;
		r->serve(c, rep);
		return;
	}
	const struct fake_proto *p = pick_translate(r, c);
	rq->proto = p->name;
	int bad = p->read(c, rep) != 0;

	size_t max_body = fl->max_body       ? fl->max_body
	                  : p == &fake_deepl ? DEEPL_MAX_BODY
	                                     : 0;
	struct fake_reply err = {0};
	if (fires(&fl->drop, k, seed, 1)) {
		rq->faults |= FAKE_F_DROP;
		fake_reply_clear(rep);
		rep->status = 0;
		return;
	}
	if (cn->too_big || (max_body && rq->body_len > max_body)) {
		rq->faults |= FAKE_F_TOO_LARGE;
		p->error(c, 413, &err);
	} else if (fl->max_concurrent && cn->in_flight > fl->max_concurrent) {
		rq->faults |= FAKE_F_BUSY;
		p->error(c, 429, &err);
		add_retry_after(fl, &err);
	} else if (fires(&fl->rate_limit, k, seed, 2)) {
		rq->faults |= FAKE_F_RATE_LIMIT;
		p->error(c, 429, &err);
		add_retry_after(fl, &err);
	} else if (fires(&fl->server_error, k, seed, 3)) {
		rq->faults |= FAKE_F_SERVER_ERROR;
		p->error(c, 500, &err);
	} else if (fires(&fl->unavailable, k, seed, 4)) {
		rq->faults |= FAKE_F_UNAVAILABLE;
		p->error(c, 503, &err);
		add_retry_after(fl, &err);
	} else if (bad) {
		return; /* the protocol's own reply to a bad request */
	} else if (fake_poisoned(c)) {
		rq->faults |= FAKE_F_POISON;
		p->error(c, fl->poison_status ? fl->poison_status : 500, &err);
	} else {
		if (fires(&fl->short_reply, k, seed, 5))
			c->fire |= FAKE_F_SHORT;
		if (fires(&fl->length, k, seed, 6))
			c->fire |= FAKE_F_LENGTH;
		if (fires(&fl->fence, k, seed, 7))
			c->fire |= FAKE_F_FENCE;
		if (fires(&fl->bad_content, k, seed, 8))
			c->fire |= FAKE_F_BAD_CONTENT;
		if (fires(&fl->refusal, k, seed, 9))
			c->fire |= FAKE_F_REFUSAL;
		fake_reply_clear(rep);
		p->answer(c, rep);
		rq->faults |= c->fire; /* answer() clears what it does not apply */
		return;
	}
	fake_reply_clear(rep);
	*rep = err;
}

static void parse_args(struct fake_call *c, const char *ctype)
{
	struct fake_request *rq = c->rq;
	fake_form_parse(rq->query, strlen(rq->query), &c->args, &c->nargs);
	if (ctype && starts_with_ci(ctype, "application/x-www-form-urlencoded"))
		fake_form_parse(rq->body, rq->body_len, &c->args, &c->nargs);
	if (ctype && starts_with_ci(ctype, "application/json")) {
		json_error_t je;
		c->json = json_loadb(rq->body, rq->body_len, 0, &je);
		if (!c->json)
			c->json_error = 1;
	}
}

static enum MHD_Result serve_api(struct conn *cn, struct MHD_Connection *mc,
                                 const char *method)
{
	struct fake *f = cn->f;
	struct fake_request *rq = calloc(1, sizeof *rq);
	if (!rq)
		abort();
	rq->seq = cn->seq;
	rq->index = cn->index;
	rq->in_flight = cn->in_flight;
	rq->t_arrival = cn->t_arrival;
	rq->method = fake_xstrdup(method);
	rq->path = path_of(cn->uri);
	const char *q = strchr(cn->uri, '?');
	rq->query = fake_xstrdup(q ? q + 1 : "");
	rq->body = cn->body ? cn->body : fake_xstrdup("");
	rq->body_len = cn->len;
	cn->body = NULL;

	struct hdr_ctx h = {rq, f->cfg.record_auth, NULL, NULL};
	MHD_get_connection_values(mc, MHD_HEADER_KIND, on_header, &h);

	struct fake_call c = {0};
	c.srv = f;
	c.cfg = &f->cfg;
	c.faults = &cn->faults;
	c.rq = rq;
	c.auth = h.auth;
	parse_args(&c, fake_request_header(rq, "Content-Type"));

	struct fake_reply rep = {0};
	handle(cn, &c, &rep);
	if (rep.status && rep.status != 200)
		c.translated = 0;
	unsigned long chars = 0;
	if (rep.status == 200 && rq->index) {
		chars = fake_text_chars(rq);
		if (fires(&cn->faults.malformed, rq->index, cn->faults.seed, 10)) {
			rq->faults |= FAKE_F_MALFORMED;
			rep.len /= 2;
			rep.body[rep.len] = '\0';
			c.translated = 0;
		}
	}
	int slow = rep.status && rq->index &&
	           fires(&cn->faults.slow, rq->index, cn->faults.seed, 11);
	if (slow)
		rq->faults |= FAKE_F_SLOW;

	nap(f, cn->faults.latency_ms);

	rq->status = rep.status;
	rq->t_reply = now_since(&f->t0);
	for (size_t i = 0; i < c.nargs; i++) {
		free(c.args[i].name);
		free(c.args[i].value);
	}
	free(c.args);
	json_decref(c.items);
	json_decref(c.summary);
	json_decref(c.json);
	free(h.auth);
	publish(f, rq, c.translated, chars);

	if (rep.status == 0) {
		fake_reply_clear(&rep);
		uncount(cn);
		return MHD_NO; /* libmicrohttpd closes the connection, no reply */
	}

	struct MHD_Response *resp;
	if (slow) {
		cn->reply = rep.body;
		cn->reply_len = rep.len;
		rep.body = NULL;
		cn->chunk = cn->faults.trickle_bytes ? cn->faults.trickle_bytes : 8;
		cn->pause_ms = cn->faults.trickle_ms ? cn->faults.trickle_ms : 20;
		resp = MHD_create_response_from_callback(cn->reply_len, cn->chunk,
		                                         trickle, cn, NULL);
		if (cn->reply_len == 0)
			uncount(cn);
	} else {
		resp = MHD_create_response_from_buffer(rep.len, rep.body,
		                                       MHD_RESPMEM_MUST_FREE);
		rep.body = NULL;
		uncount(cn);
	}
	if (!resp) {
		fake_reply_clear(&rep);
		return MHD_NO;
	}
	if (rep.ctype)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, rep.ctype);
	for (size_t i = 0; i < rep.nh; i++)
		MHD_add_response_header(resp, rep.hname[i], rep.hvalue[i]);
	enum MHD_Result ret = MHD_queue_response(mc, (unsigned)rep.status, resp);
	MHD_destroy_response(resp);
	fake_reply_clear(&rep);
	return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *mc, const char *url,
                                  const char *method, const char *version,
                                  const char *upload, size_t *upload_size, void **con_cls)
{
	(void)url;
	(void)version;
	struct fake *f = cls;
	struct conn *cn = *con_cls;
	if (!cn)
		return MHD_NO;

	if (!cn->started) {
		cn->started = 1;
		char *path = path_of(cn->uri);
		cn->control = strncmp(path, "/_fake/", 7) == 0;
		if (!cn->control) {
			const struct route *r = route_find(path);
			pthread_mutex_lock(&f->mu);
			cn->seq = ++f->seq;
			if (r && r->translate) {
				cn->index = ++f->tindex;
				f->translate_requests++;
			}
			f->requests++;
			cn->in_flight = ++f->in_flight;
			if (f->in_flight > f->max_in_flight)
				f->max_in_flight = f->in_flight;
			cn->faults = f->faults;
			cn->poison = fake_xstrdup(f->poison);
			pthread_mutex_unlock(&f->mu);
			cn->faults.poison = cn->poison;
			cn->counted = 1;
			cn->t_arrival = now_since(&f->t0);
		}
		free(path);
		return MHD_YES;
	}

	if (*upload_size) {
		if (cn->len + *upload_size > FAKE_BODY_CAP) {
			cn->too_big = 1;
		} else {
			if (cn->len + *upload_size + 1 > cn->cap) {
				cn->cap = (cn->len + *upload_size + 1) * 2;
				cn->body = fake_xrealloc(cn->body, cn->cap);
			}
			memcpy(cn->body + cn->len, upload, *upload_size);
			cn->len += *upload_size;
			cn->body[cn->len] = '\0';
		}
		*upload_size = 0;
		return MHD_YES;
	}

	if (cn->control)
		return fake_control(f, mc, method, cn->uri, cn->body ? cn->body : "",
		                    cn->len);
	return serve_api(cn, mc, method);
}

static void cfg_copy(struct fake_cfg *d, const struct fake_config *s)
{
	d->port = s->port;
	d->deepl_key = fake_xstrdup(s->deepl_key);
	d->libre_key = fake_xstrdup(s->libre_key);
	d->openai_key = fake_xstrdup(s->openai_key);
	d->openai_models =
	    fake_xstrdup(s->openai_models ? s->openai_models : "fake-model,gpt-4o-mini");
	d->openai_target = fake_xstrdup(s->openai_target);
	d->openai_json_object_only = s->openai_json_object_only;
	d->openai_flat_errors = s->openai_flat_errors;
	d->apertium_pairs = fake_xstrdup(
	    s->apertium_pairs ? s->apertium_pairs : "fra|spa,spa|fra,fra|eng,eng|fra");
	d->char_limit = s->char_limit;
	d->record_auth = s->record_auth;
}

static void cfg_free(struct fake_cfg *c)
{
	free(c->deepl_key);
	free(c->libre_key);
	free(c->openai_key);
	free(c->openai_models);
	free(c->openai_target);
	free(c->apertium_pairs);
}

struct fake *fake_new(const struct fake_config *cfg)
{
	static const struct fake_config none;
	if (!cfg)
		cfg = &none;
	struct fake *f = calloc(1, sizeof *f);
	if (!f)
		abort();
	cfg_copy(&f->cfg, cfg);
	f->faults = cfg->faults;
	f->poison = fake_xstrdup(cfg->faults.poison);
	f->faults.poison = NULL;
	f->char_used = cfg->char_used;
	atomic_init(&f->stopping, 0);
	pthread_mutex_init(&f->mu, NULL);
	pthread_cond_init(&f->cv, NULL);
	clock_gettime(CLOCK_MONOTONIC, &f->t0);

	struct sockaddr_in sa;
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons(cfg->port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	f->d = MHD_start_daemon(
	    MHD_USE_THREAD_PER_CONNECTION | MHD_USE_AUTO_INTERNAL_THREAD, cfg->port, NULL,
	    NULL, on_request, f, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
	    MHD_OPTION_URI_LOG_CALLBACK, on_uri, f, MHD_OPTION_NOTIFY_COMPLETED,
	    on_completed, f, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)300,
	    MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)256, MHD_OPTION_END);
	if (!f->d) {
		int e = errno;
		fake_free(f);
		errno = e ? e : EADDRINUSE;
		return NULL;
	}
	const union MHD_DaemonInfo *di =
	    MHD_get_daemon_info(f->d, MHD_DAEMON_INFO_BIND_PORT);
	f->port = di ? di->port : cfg->port;
	snprintf(f->url, sizeof f->url, "http://127.0.0.1:%u", (unsigned)f->port);
	return f;
}

static void log_free(struct fake_request *rq)
{
	free(rq->method);
	free(rq->path);
	free(rq->query);
	for (size_t i = 0; i < rq->nheaders; i++) {
		free(rq->headers[i].name);
		free(rq->headers[i].value);
	}
	free(rq->headers);
	free(rq->body);
	for (size_t i = 0; i < rq->ntexts; i++)
		free(rq->texts[i]);
	free(rq->texts);
	free(rq->text_lens);
	free(rq->target);
	free(rq->source);
	free(rq->model);
	free(rq->context);
	free(rq);
}

void fake_free(struct fake *f)
{
	if (!f)
		return;
	atomic_store(&f->stopping, 1);
	if (f->d)
		MHD_stop_daemon(f->d);
	for (size_t i = 0; i < f->nlog; i++)
		log_free(f->log[i]);
	free(f->log);
	free(f->poison);
	cfg_free(&f->cfg);
	pthread_mutex_destroy(&f->mu);
	pthread_cond_destroy(&f->cv);
	free(f);
}

static struct fake *dflt;

struct fake *fake_pick(struct fake *f)
{
	return f ? f : dflt;
}

int fake_start(const struct fake_config *cfg)
{
	fake_stop();
	dflt = fake_new(cfg);
	return dflt ? (int)dflt->port : -1;
}

void fake_stop(void)
{
	fake_free(dflt);
	dflt = NULL;
}

unsigned short fake_port(const struct fake *f)
{
	f = f ? f : dflt;
	return f ? f->port : 0;
}

const char *fake_url(const struct fake *f)
{
	f = f ? f : dflt;
	return f ? f->url : NULL;
}

void fake_set_faults(struct fake *f, const struct fake_faults *faults)
{
	f = fake_pick(f);
	char *poison = fake_xstrdup(faults->poison);
	pthread_mutex_lock(&f->mu);
	free(f->poison);
	f->faults = *faults;
	f->faults.poison = NULL;
	f->poison = poison;
	pthread_mutex_unlock(&f->mu);
}

void fake_get_faults(struct fake *f, struct fake_faults *faults, char **poison)
{
	f = fake_pick(f);
	pthread_mutex_lock(&f->mu);
	*faults = f->faults;
	*poison = fake_xstrdup(f->poison);
	pthread_mutex_unlock(&f->mu);
	faults->poison = *poison;
}

void fake_reset(struct fake *f)
{
	f = fake_pick(f);
	pthread_mutex_lock(&f->mu);
	for (size_t i = 0; i < f->nlog; i++)
		log_free(f->log[i]);
	f->nlog = 0;
	f->seq = f->tindex = 0;
	f->requests = f->translate_requests = f->texts = f->texts_translated = 0;
	f->characters = 0;
	f->max_in_flight = f->in_flight;
	pthread_mutex_unlock(&f->mu);
}

size_t fake_log_count(struct fake *f)
{
	f = fake_pick(f);
	pthread_mutex_lock(&f->mu);
	size_t n = f->nlog;
	pthread_mutex_unlock(&f->mu);
	return n;
}

const struct fake_request *fake_log_at(struct fake *f, size_t i)
{
	f = fake_pick(f);
	pthread_mutex_lock(&f->mu);
	const struct fake_request *r = i < f->nlog ? f->log[i] : NULL;
	pthread_mutex_unlock(&f->mu);
	return r;
}

void fake_stats(struct fake *f, struct fake_stats *st)
{
	f = fake_pick(f);
	pthread_mutex_lock(&f->mu);
	st->requests = f->requests;
	st->translate_requests = f->translate_requests;
	st->texts = f->texts;
	st->texts_translated = f->texts_translated;
	st->characters = f->characters;
	st->max_in_flight = f->max_in_flight;
	st->in_flight = f->in_flight;
	pthread_mutex_unlock(&f->mu);
}

int fake_wait_idle(struct fake *f, unsigned timeout_ms)
{
	f = fake_pick(f);
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += timeout_ms / 1000;
	until.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	int rc = 0;
	pthread_mutex_lock(&f->mu);
	while (f->in_flight > 0 && rc == 0)
		rc = pthread_cond_timedwait(&f->cv, &f->mu, &until);
	int idle = f->in_flight == 0;
	pthread_mutex_unlock(&f->mu);
	return idle ? 0 : -1;
}
