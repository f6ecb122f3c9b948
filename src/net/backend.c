/* The public backend API (precis/backend.h): configuration, the
 * translation memory in front, batching by context within the protocol's
 * limits, and the reaction to each reply class (retry, split, fail, stop)
 * over the shared transport. */
#include "net/backend_int.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "net/clean.h"
#include "net/config.h"
#include "precis/lang.h"
#include "net/tm.h"
#include "net/transport.h"
#include "util/buf.h"
#include "util/mem.h"

struct precis_backend {
	const struct px_protocol *proto;
	char *base_url;
	char *api_key;
	char *model;
	char *formality;
	char *options; /* the memory's key part for options */
	char key_source[300];
	unsigned jobs;
	double timeout;
	int retries;
	int dry_run;
	precis_log_fn log;
	void *log_ctx;
	precis_progress_fn progress;
	void *progress_ctx;
	struct px_tm *tm;
	int tm_warned;
	struct px_transport *tr;
	struct precis_backend_stats st;
	unsigned compat; /* what the server was found to lack (protocol bits) */
	const struct precis_langset *langs;
	struct precis_langset *own_langs;
	int langs_tried;
};

/* ---- log lines, scrubbed of the key ------------------------------------ */

/* Replaces every copy of the key in s with "***": a protocol or a server
 * echoing it back must not put it in a message. */
static void scrub(const struct precis_backend *b, char *s)
{
	const char *key = b->api_key;
	if (!key || strlen(key) < 4)
		return;
	size_t kl = strlen(key);
	char *p;
	while ((p = strstr(s, key))) {
		size_t rest = strlen(p + kl);
		memcpy(p, "***", 3);
		memmove(p + 3, p + kl, rest + 1);
	}
}

static void log_line(void *ctx, const char *line)
{
	struct precis_backend *b = ctx;
	if (!b->log)
		return;
	char buf[1200];
	/* Protocol messages already start with the backend's name. */
	size_t nl = strlen(b->proto->name);
	if (strncmp(line, b->proto->name, nl) == 0 && line[nl] == ':')
		snprintf(buf, sizeof buf, "%s", line);
	else
		snprintf(buf, sizeof buf, "%s: %s", b->proto->name, line);
	scrub(b, buf);
	b->log(b->log_ctx, buf);
}

void px_backend_scrub_err(const struct precis_backend *b, struct precis_error *err)
{
	if (!err)
		return;
	scrub(b, err->message);
	scrub(b, err->where);
}

/* ---- configuration ------------------------------------------------------ */

static int valid_header_value(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 0;
	return 1;
}

static enum precis_status find_key(struct precis_backend *b, const struct px_protocol *p,
                                   struct precis_error *err)
{
	const char *from_opts = b->api_key;
	if (from_opts) {
		snprintf(b->key_source, sizeof b->key_source, "the caller");
	} else {
		/* Every variable in the environment, then in the file: the
		 * environment is what a user changes for one run. */
		for (int where = PX_CONFIG_ENV; where <= PX_CONFIG_FILE; where++) {
			for (size_t i = 0; i < 3 && p->key_env[i] && !b->api_key; i++) {
				int loose = 0;
				b->api_key = px_config_lookup(p->key_env[i], where, b->key_source,
				                              sizeof b->key_source, &loose);
				if (b->api_key && loose)
					px_backend_log(b,
					      "warning: %s holds a key and other users may read "
					      "it: chmod 600 it",
					      b->key_source + strlen("config file "));
			}
		}
	}
	if (b->api_key && !valid_header_value(b->api_key))
		return precis_error_set(err, PRECIS_E_CONFIG, p->name,
		                        "the %s key from %s holds control characters; "
		                        "set it again without them",
		                        p->name, b->key_source);
	if (!b->api_key && p->key_required && !b->dry_run) {
		struct px_buf names;
		px_buf_init(&names, 512);
		for (size_t i = 0; i < 3 && p->key_env[i]; i++)
			px_buf_printf(&names, "%s%s", i ? " (or " : "", p->key_env[i]);
		for (size_t i = 1; i < 3 && p->key_env[i]; i++)
			px_buf_addc(&names, ')');
		/* The config file takes the variable's name in lower case. */
		char lower[64] = "key";
		if (p->key_env[0]) {
			snprintf(lower, sizeof lower, "%s", p->key_env[0]);
			for (char *q = lower; *q; q++)
				if (*q >= 'A' && *q <= 'Z')
					*q = (char)(*q - 'A' + 'a');
		}
		char *cfg = px_config_path();
		enum precis_status st = precis_error_set(
			err, PRECIS_E_CONFIG, p->name,
			"%s needs an API key: set %s, or write '%s = ...' in %s", p->name,
			names.data ? names.data : "its key variable", lower,
			cfg ? cfg : "the config file");
		free(cfg);
		px_buf_free(&names);
		return st;
	}
	return PRECIS_OK;
}

static enum precis_status find_url(struct precis_backend *b, const struct px_protocol *p,
                                   const char *given, struct precis_error *err)
{
	char src[300] = "--base-url";
	char *url = given ? px_xstrdup(given) : NULL;
	if (!url && p->url_env)
		url = px_config_lookup(p->url_env, PX_CONFIG_ANY, src, sizeof src, NULL);
	if (!url && p->default_url) {
		url = px_xstrdup(p->default_url);
		snprintf(src, sizeof src, "the default");
	}
	if (!url) {
		if (!p->translates)
			return PRECIS_OK;
		return precis_error_set(err, PRECIS_E_CONFIG, p->name,
		                        "%s needs the address of its server: set %s or pass "
		                        "--base-url",
		                        p->name, p->url_env ? p->url_env : "it");
	}
	if (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0) {
		enum precis_status st = precis_error_set(
			err, PRECIS_E_CONFIG, src,
			"the %s server address from %s must start with http:// or https://", p->name,
			src);
		free(url);
		return st;
	}
	/* Protocols append "/v2/translate" and the like. */
	size_t n = strlen(url);
	while (n > 8 && url[n - 1] == '/')
		url[--n] = '\0';
	b->base_url = url;
	return PRECIS_OK;
}

static void open_tm(struct precis_backend *b, const struct precis_backend_opts *o)
{
	if (o->no_cache || !b->proto->translates)
		return;
	struct precis_error e;
	precis_error_clear(&e);
	if (px_tm_open(o->cache_path, &b->tm, &e) != PRECIS_OK) {
		px_backend_log(b, "warning: %s; going on without it", e.message);
		b->tm = NULL;
	}
}

enum precis_status px_backend_new_with(const struct px_protocol *p,
                                       const struct precis_backend_opts *o,
                                       struct precis_backend **out, struct precis_error *err)
{
	*out = NULL;
	static const struct precis_backend_opts none = {0};
	if (!o)
		o = &none;
	struct precis_backend *b = px_xcalloc(1, sizeof *b);
	b->proto = p;
	b->jobs = o->jobs ? o->jobs : 4;
	b->timeout = o->timeout > 0 ? o->timeout : 60;
	b->retries = o->retries < 0 ? 5 : o->retries;
	b->dry_run = o->dry_run;
	b->log = o->log;
	b->log_ctx = o->log_ctx;
	b->progress = o->progress;
	b->progress_ctx = o->progress_ctx;
	b->api_key = o->api_key ? px_xstrdup(o->api_key) : NULL;
	b->langs = o->langs;
	enum precis_status st = PRECIS_OK;
	if (b->api_key) {
		/* A key pasted with its newline still works. */
		char *k = b->api_key;
		size_t n = strlen(k);
		while (n && (k[n - 1] == '\n' || k[n - 1] == '\r' || k[n - 1] == ' '))
			k[--n] = '\0';
	}
	if (p->translates) {
		st = find_url(b, p, o->base_url, err);
		if (st == PRECIS_OK)
			st = find_key(b, p, err);
		if (st == PRECIS_OK) {
			char src[300];
			b->model = o->model ? px_xstrdup(o->model)
			                    : px_config_lookup("PRECIS_MODEL", PX_CONFIG_ANY, src, sizeof src,
			                                      NULL);
			if (!b->model && p->model_required)
				st = precis_error_set(err, PRECIS_E_CONFIG, p->name,
				                      "%s needs a model: pass --model NAME or set "
				                      "PRECIS_MODEL (the server lists its models "
				                      "at %s/models)",
				                      p->name, b->base_url ? b->base_url : "");
		}
	}
	if (st != PRECIS_OK) {
		px_backend_scrub_err(b, err);
		precis_backend_free(b);
		return st;
	}
	if (o->formality) {
		b->formality = px_xstrdup(o->formality);
		size_t n = strlen(o->formality) + 16;
		b->options = px_xmalloc(n);
		snprintf(b->options, n, "formality=%s", o->formality);
	}
	open_tm(b, o);
	*out = b;
	return PRECIS_OK;
}

enum precis_status precis_backend_new(const struct precis_backend_opts *opts,
                                      struct precis_backend **out, struct precis_error *err)
{
	*out = NULL;
	const char *name = opts && opts->name ? opts->name : NULL;
	char *cfg = NULL;
	if (!name) {
		char src[300];
		cfg = px_config_lookup("PRECIS_BACKEND", PX_CONFIG_ANY, src, sizeof src, NULL);
		name = cfg ? cfg : "none";
	}
	const struct px_protocol *p = px_protocol_find(name);
	if (!p) {
		struct px_buf names;
		px_buf_init(&names, 1024);
		for (size_t i = 0; i < px_protocol_count(); i++)
			px_buf_printf(&names, "%s%s", i ? ", " : "", px_protocol_at(i)->name);
		enum precis_status st = precis_error_set(
			err, PRECIS_E_CONFIG, name, "unknown backend '%s': choose one of %s", name,
			names.data ? names.data : "(none built in)");
		px_buf_free(&names);
		free(cfg);
		return st;
	}
	free(cfg);
	return px_backend_new_with(p, opts, out, err);
}

void precis_backend_free(struct precis_backend *b)
{
	if (!b)
		return;
	px_transport_free(b->tr);
	px_tm_close(b->tm);
	precis_langset_free(b->own_langs);
	if (b->api_key) {
		/* Not a defence against a debugger, just no key left in freed
		 * memory for a later bug to print. */
		volatile char *k = b->api_key;
		while (*k)
			*k++ = 0;
	}
	free(b->api_key);
	free(b->base_url);
	free(b->model);
	free(b->formality);
	free(b->options);
	free(b);
}

const char *precis_backend_name(const struct precis_backend *b)
{
	return b->proto->name;
}

const char *precis_backend_model(const struct precis_backend *b)
{
	return b->proto->model_required && b->model && *b->model ? b->model : NULL;
}

int px_backend_dry_run(const struct precis_backend *b)
{
	return b->dry_run;
}

int precis_backend_translates(const struct precis_backend *b)
{
	return b->proto->translates;
}

void precis_backend_stats(const struct precis_backend *b, struct precis_backend_stats *st)
{
	*st = b->st;
}

static struct px_transport *transport(struct precis_backend *b)
{
	if (!b->tr) {
		struct px_transport_opts to = {
			.jobs = b->jobs,
			.timeout = b->timeout,
			.log = b->log ? log_line : NULL,
			.log_ctx = b,
		};
		b->tr = px_transport_new(&to);
	}
	return b->tr;
}

/* The langset's language for a code such as "en-GB" (by "en"), or NULL.
 * Protocols word prompts and clean replies with it. */
static const struct precis_lang *find_lang(struct precis_backend *b, const char *code)
{
	if (!code)
		return NULL;
	if (!b->langs && !b->langs_tried) {
		b->langs_tried = 1;
		struct precis_error e;
		precis_error_clear(&e);
		if (precis_langset_load(NULL, &b->own_langs, &e) == PRECIS_OK)
			b->langs = b->own_langs;
		else
			px_backend_log(b, "warning: %s; replies are not cleaned for the language", e.message);
	}
	if (!b->langs)
		return NULL;
	char base[16];
	size_t n = strcspn(code, "-_");
	if (n >= sizeof base)
		return NULL;
	memcpy(base, code, n);
	base[n] = '\0';
	for (char *q = base; *q; q++)
		if (*q >= 'A' && *q <= 'Z')
			*q = (char)(*q - 'A' + 'a');
	return precis_langset_find(b->langs, base);
}

/* ---- a translate run ---------------------------------------------------- */

struct uitem {
	const char *text;
	size_t len;
	const char *ctx;
	size_t ctx_len;
	size_t weight; /* items sharing this text and context */
	char *out;
	size_t out_len;
	enum precis_status status;
	int settled;
};

struct group {
	const char *ctx;
	size_t ctx_len;
	size_t *members; /* indexes into run.u, in order */
	size_t n, cap, pos;
};

struct run;

struct batch {
	struct batch *prev, *next;
	struct run *run;
	struct group *g;
	size_t *u;
	size_t n;
	struct px_http_request req;
	struct px_proto_ctx pctx;
	unsigned attempt;
	unsigned downgrades;
};

struct run {
	struct precis_backend *b;
	const char *from, *to;
	const struct precis_lang *source, *target;
	struct uitem *u;
	size_t nu, ucap;
	size_t *slot;     /* per item: its uitem, or SIZE_MAX when settled alone */
	struct group *groups;
	size_t ngroups, gcap, gcur;
	struct batch *batches;
	size_t active, window;
	size_t done, n;
	int fatal;
	struct precis_error fatal_err;
	int failed;
	struct precis_error fail_err;
};

static uint64_t fnv(const char *s, size_t n, uint64_t h)
{
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* Open addressing over indexes (+1; 0 is empty); the caller compares. */
struct htab {
	size_t *slots;
	size_t cap;
};

static void htab_init(struct htab *h, size_t want)
{
	h->cap = 16;
	while (h->cap < want * 2)
		h->cap *= 2;
	h->slots = px_xcalloc(h->cap, sizeof *h->slots);
}

static int same_ctx(const char *a, size_t al, const char *b, size_t bl)
{
	if (!a || !b)
		return a == b;
	return al == bl && memcmp(a, b, al) == 0;
}

static uint64_t ctx_hash(const char *ctx, size_t n)
{
	return ctx ? fnv(ctx, n, 0xcbf29ce484222325ULL) : 0x51ed270b27f1d2c3ULL;
}

static int blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
			return 0;
	return 1;
}

static size_t code_points(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

static char *dup_bytes(const char *s, size_t n)
{
	char *o = px_xmalloc(n + 1);
	if (n)
		memcpy(o, s, n);
	o[n] = '\0';
	return o;
}

static void tm_key(const struct run *r, const struct uitem *u, struct px_tm_key *k)
{
	const struct precis_backend *b = r->b;
	k->backend = b->proto->name;
	k->model = b->model;
	k->from = r->from;
	k->to = r->to;
	k->options = b->options;
	k->context = b->proto->ignores_context ? NULL : u->ctx;
	k->context_len = b->proto->ignores_context ? 0 : u->ctx_len;
}

static void progress(struct run *r)
{
	struct precis_backend *b = r->b;
	if (b->progress)
		b->progress(b->progress_ctx, r->done, r->n, b->st.requests, b->st.retries);
}

static void settle_fail(struct run *r, struct uitem *u, enum precis_status st)
{
	if (u->settled)
		return;
	u->settled = 1;
	u->status = st;
	r->done += u->weight;
}

static void note_failure(struct run *r, const struct precis_error *e)
{
	if (!r->failed) {
		r->failed = 1;
		r->fail_err = *e;
		px_backend_scrub_err(r->b, &r->fail_err);
	}
	char msg[sizeof e->message];
	snprintf(msg, sizeof msg, "%s", e->message);
	px_backend_log(r->b, "%s", msg);
}

/* Builds the request of the batch; PRECIS_OK or the protocol's error. */
static enum precis_status build(struct batch *bt, struct precis_error *err)
{
	struct run *r = bt->run;
	const char **texts = px_xmalloc(bt->n * sizeof *texts);
	size_t *lens = px_xmalloc(bt->n * sizeof *lens);
	for (size_t i = 0; i < bt->n; i++) {
		texts[i] = r->u[bt->u[i]].text;
		lens[i] = r->u[bt->u[i]].len;
	}
	px_http_request_free(&bt->req);
	memset(&bt->req, 0, sizeof bt->req);
	enum precis_status st = r->b->proto->build(&bt->pctx, texts, lens, bt->n, &bt->req, err);
	free(texts);
	free(lens);
	return st;
}

static struct batch *batch_new(struct run *r, struct group *g, const size_t *u, size_t n)
{
	struct batch *bt = px_xcalloc(1, sizeof *bt);
	bt->run = r;
	bt->g = g;
	bt->u = px_xmalloc(n * sizeof *bt->u);
	memcpy(bt->u, u, n * sizeof *u);
	bt->n = n;
	struct precis_backend *b = r->b;
	bt->pctx = (struct px_proto_ctx){
		.base_url = b->base_url,
		/* A dry run may have no key yet: the request is built, never
		 * sent, and a protocol refusing to build without one would
		 * hide the cost. */
		.api_key = b->api_key || !b->dry_run ? b->api_key : "dry-run-no-key",
		.model = b->model,
		.from = r->from,
		.to = r->to,
		.context = g->ctx,
		.formality = b->formality,
		.source = r->source,
		.target = r->target,
		.compat = &b->compat,
	};
	bt->next = r->batches;
	if (r->batches)
		r->batches->prev = bt;
	r->batches = bt;
	return bt;
}

static void batch_free(struct run *r, struct batch *bt)
{
	if (bt->prev)
		bt->prev->next = bt->next;
	else
		r->batches = bt->next;
	if (bt->next)
		bt->next->prev = bt->prev;
	px_http_request_free(&bt->req);
	free(bt->u);
	free(bt);
}

static void set_fatal(struct run *r, const struct precis_error *e)
{
	if (r->fatal)
		return;
	r->fatal = 1;
	r->fatal_err = *e;
	if (r->fatal_err.status == PRECIS_OK)
		r->fatal_err.status = PRECIS_E_BACKEND;
	px_backend_scrub_err(r->b, &r->fatal_err);
}

/* The next batch of the run, built; NULL when every text is batched (or
 * the run must stop). Batches hold consecutive texts of one group, as many
 * as the protocol takes in one request. */
static struct batch *next_batch(struct run *r)
{
	const struct px_protocol *p = r->b->proto;
	size_t max_texts = p->max_texts ? p->max_texts : 1;
	while (!r->fatal && r->gcur < r->ngroups) {
		struct group *g = &r->groups[r->gcur];
		if (g->pos >= g->n) {
			r->gcur++;
			continue;
		}
		/* max_body counts the texts' bytes: the protocol keeps headroom
		 * for its framing. A text longer than that on its own still
		 * goes, alone: the server judges (413 then fails it). */
		size_t avail = g->n - g->pos, n = 0, bytes = 0;
		while (n < avail && n < max_texts) {
			size_t t = r->u[g->members[g->pos + n]].len;
			if (p->max_body && n > 0 && bytes + t > p->max_body)
				break;
			bytes += t;
			n++;
		}
		struct batch *bt = NULL;
		while (n > 0) {
			bt = batch_new(r, g, g->members + g->pos, n);
			struct precis_error e;
			precis_error_clear(&e);
			enum precis_status st = build(bt, &e);
			if (st == PRECIS_OK)
				break;
			batch_free(r, bt);
			bt = NULL;
			if (st != PRECIS_E_INPUT) {
				/* The settings are wrong: every batch would fail. */
				set_fatal(r, &e);
				return NULL;
			}
			/* One text the protocol cannot take (bad UTF-8): send the
			 * ones before it, then fail it alone. */
			if (n > 1) {
				n /= 2;
				continue;
			}
			note_failure(r, &e);
			settle_fail(r, &r->u[g->members[g->pos]], PRECIS_E_INPUT);
			g->pos++;
			n = 0;
		}
		if (!bt)
			continue;
		g->pos += n;
		struct precis_backend *b = r->b;
		for (size_t i = 0; i < bt->n; i++) {
			const struct uitem *u = &r->u[bt->u[i]];
			b->st.characters += code_points(u->text, u->len);
		}
		b->st.tokens += (bt->req.body_len + 3) / 4;
		return bt;
	}
	return NULL;
}

static void on_reply(void *ctx, const struct px_http_reply *reply, int oversize);

static void feed(struct run *r)
{
	while (!r->fatal && r->active < r->window) {
		struct batch *bt = next_batch(r);
		if (!bt)
			break;
		r->active++;
		px_transport_submit(r->b->tr, &bt->req, 0, on_reply, bt);
	}
	if (r->fatal)
		px_transport_stop(r->b->tr);
}

static void store(struct run *r, struct batch *bt)
{
	struct precis_backend *b = r->b;
	if (!b->tm)
		return;
	struct precis_error e;
	precis_error_clear(&e);
	int bad = px_tm_begin(b->tm, &e) != 0;
	for (size_t i = 0; !bad && i < bt->n; i++) {
		struct uitem *u = &r->u[bt->u[i]];
		struct px_tm_key k;
		tm_key(r, u, &k);
		bad = px_tm_put(b->tm, &k, u->text, u->len, u->out, u->out_len, &e) != 0;
	}
	if (!bad)
		bad = px_tm_commit(b->tm, &e) != 0;
	else
		px_tm_commit(b->tm, NULL);
	if (bad && !b->tm_warned) {
		b->tm_warned = 1;
		px_backend_log(b, "warning: %s; these translations are not kept", e.message);
	}
}

static void split(struct run *r, struct batch *bt)
{
	size_t half = bt->n / 2;
	struct batch *parts[2] = {
		batch_new(r, bt->g, bt->u, half),
		batch_new(r, bt->g, bt->u + half, bt->n - half),
	};
	batch_free(r, bt);
	for (int i = 0; i < 2; i++) {
		struct precis_error e;
		precis_error_clear(&e);
		if (build(parts[i], &e) != PRECIS_OK) {
			set_fatal(r, &e);
			return;
		}
	}
	r->active++;
	for (int i = 0; i < 2; i++)
		px_transport_submit(r->b->tr, &parts[i]->req, 0, on_reply, parts[i]);
}

static void on_reply(void *ctx, const struct px_http_reply *reply, int oversize)
{
	struct batch *bt = ctx;
	struct run *r = bt->run;
	struct precis_backend *b = r->b;
	const struct px_protocol *p = b->proto;
	b->st.requests++;
	char url[512];
	px_transport_loggable_url(bt->req.url, url, sizeof url);

	struct precis_error e;
	precis_error_clear(&e);
	char **outs = px_xcalloc(bt->n, sizeof *outs);
	size_t *lens = px_xcalloc(bt->n, sizeof *lens);
	enum px_reply_class cls;
	if (reply->status == 0) {
		/* No HTTP reply: nothing for the protocol to read. A reply
		 * over the cap would be as large again: retrying cannot help. */
		cls = oversize ? PX_REPLY_FAIL : PX_REPLY_RETRY;
		precis_error_set(&e, PRECIS_E_BACKEND, url, "%s: %s: %s%s", p->name, url,
		                 reply->transport_error ? reply->transport_error : "no reply",
		                 oversize ? "" : "; check the address and the network");
	} else {
		/* Through px_proto_read, never p->parse alone: replies are
		 * cleaned (entities, paragraphs, the target's typography)
		 * before they reach the caller or the memory. */
		const char **texts = px_xmalloc(bt->n * sizeof *texts);
		size_t *tlens = px_xmalloc(bt->n * sizeof *tlens);
		for (size_t i = 0; i < bt->n; i++) {
			texts[i] = r->u[bt->u[i]].text;
			tlens[i] = r->u[bt->u[i]].len;
		}
		cls = px_proto_read(p, &bt->pctx, reply, texts, tlens, bt->n, outs, lens, &e);
		free(texts);
		free(tlens);
	}

	if (cls == PX_REPLY_RETRY && bt->attempt >= (unsigned)b->retries) {
		struct precis_error g = e;
		precis_error_set(&e, PRECIS_E_BACKEND, g.where, "%s (gave up after %u %s)",
		                 g.message, bt->attempt, bt->attempt == 1 ? "retry" : "retries");
		cls = PX_REPLY_FAIL;
	}
	if (cls == PX_REPLY_SPLIT && bt->n < 2)
		cls = PX_REPLY_FAIL;
	if (cls == PX_REPLY_DOWNGRADE && bt->downgrades >= PX_DOWNGRADE_MAX)
		cls = PX_REPLY_FAIL;

	switch (cls) {
	case PX_REPLY_OK:
		for (size_t i = 0; i < bt->n; i++) {
			struct uitem *u = &r->u[bt->u[i]];
			u->out = outs[i] ? outs[i] : dup_bytes("", 0);
			u->out_len = outs[i] ? lens[i] : 0;
			u->status = PRECIS_OK;
			u->settled = 1;
			r->done += u->weight;
		}
		store(r, bt);
		batch_free(r, bt);
		r->active--;
		progress(r);
		break;
	case PX_REPLY_RETRY:
		bt->attempt++;
		b->st.retries++;
		px_backend_log(b, "%s", e.message);
		px_transport_retry(b->tr, &bt->req, bt->attempt, reply, on_reply, bt);
		break;
	case PX_REPLY_SPLIT:
		px_backend_log(b, "splitting a batch of %zu texts in two: %s", bt->n, e.message);
		split(r, bt);
		break;
	case PX_REPLY_FAIL:
		if (e.message[0] == '\0')
			precis_error_set(&e, PRECIS_E_BACKEND, url, "%s: %s -> %ld: the batch failed",
			                 p->name, url, reply->status);
		note_failure(r, &e);
		for (size_t i = 0; i < bt->n; i++)
			settle_fail(r, &r->u[bt->u[i]], PRECIS_E_BACKEND);
		batch_free(r, bt);
		r->active--;
		progress(r);
		break;
	case PX_REPLY_DOWNGRADE: {
		/* The server refused an optional feature: the protocol noted
		 * it in b->compat; the same batch, built again, goes at once. */
		bt->downgrades++;
		px_backend_log(b, "the server refused a feature, sending again without it: %s", e.message);
		struct precis_error be;
		precis_error_clear(&be);
		if (build(bt, &be) != PRECIS_OK) {
			set_fatal(r, &be);
			break;
		}
		px_transport_submit(b->tr, &bt->req, bt->attempt, on_reply, bt);
		break;
	}
	case PX_REPLY_FATAL:
		if (e.message[0] == '\0')
			precis_error_set(&e, PRECIS_E_BACKEND, url, "%s: %s -> %ld: stopped", p->name,
			                 url, reply->status);
		set_fatal(r, &e);
		break;
	}
	free(outs);
	free(lens);
	feed(r);
}

static size_t add_uitem(struct run *r, struct htab *h, const struct precis_tr_item *it)
{
	int use_ctx = !r->b->proto->ignores_context && it->context;
	const char *ctx = use_ctx ? it->context : NULL;
	size_t cl = ctx ? strlen(ctx) : 0;
	uint64_t hv = fnv(it->text, it->len, ctx_hash(ctx, cl));
	size_t mask = h->cap - 1, i = (size_t)hv & mask;
	for (; h->slots[i]; i = (i + 1) & mask) {
		struct uitem *u = &r->u[h->slots[i] - 1];
		if (u->len == it->len && same_ctx(u->ctx, u->ctx_len, ctx, cl) &&
		    memcmp(u->text, it->text, it->len) == 0) {
			u->weight++;
			return h->slots[i] - 1;
		}
	}
	r->u = px_xgrow(r->u, &r->ucap, r->nu + 1, sizeof *r->u);
	struct uitem *u = &r->u[r->nu];
	memset(u, 0, sizeof *u);
	u->text = it->text;
	u->len = it->len;
	u->ctx = ctx;
	u->ctx_len = cl;
	u->weight = 1;
	h->slots[i] = ++r->nu;
	return r->nu - 1;
}

static void make_groups(struct run *r)
{
	struct htab h;
	htab_init(&h, r->nu);
	size_t mask = h.cap - 1;
	for (size_t k = 0; k < r->nu; k++) {
		struct uitem *u = &r->u[k];
		size_t i = (size_t)ctx_hash(u->ctx, u->ctx_len) & mask;
		for (; h.slots[i]; i = (i + 1) & mask) {
			struct group *g = &r->groups[h.slots[i] - 1];
			if (same_ctx(g->ctx, g->ctx_len, u->ctx, u->ctx_len))
				break;
		}
		if (!h.slots[i]) {
			r->groups = px_xgrow(r->groups, &r->gcap, r->ngroups + 1, sizeof *r->groups);
			struct group *g = &r->groups[r->ngroups];
			memset(g, 0, sizeof *g);
			g->ctx = u->ctx;
			g->ctx_len = u->ctx_len;
			h.slots[i] = ++r->ngroups;
		}
		struct group *g = &r->groups[h.slots[i] - 1];
		g->members = px_xgrow(g->members, &g->cap, g->n + 1, sizeof *g->members);
		g->members[g->n++] = k;
	}
	free(h.slots);
}

static void run_free(struct run *r)
{
	while (r->batches)
		batch_free(r, r->batches);
	for (size_t i = 0; i < r->ngroups; i++)
		free(r->groups[i].members);
	free(r->groups);
	for (size_t i = 0; i < r->nu; i++)
		free(r->u[i].out);
	free(r->u);
	free(r->slot);
}

enum precis_status precis_backend_translate(struct precis_backend *b, const char *from,
                                            const char *to, struct precis_tr_item *items,
                                            size_t n, struct precis_error *err)
{
	precis_error_clear(err);
	const struct px_protocol *p = b->proto;
	if (!p->translates)
		return precis_error_set(err, PRECIS_E_CONFIG, p->name,
		                        "backend '%s' does not translate: choose one with "
		                        "--backend (precis backends lists them)",
		                        p->name);
	if (!to || !*to)
		return precis_error_set(err, PRECIS_E_USAGE, "--to",
		                        "no target language: pass --to");
	if (from && (strcmp(from, "auto") == 0 || !*from))
		from = NULL;

	struct run r = {0};
	r.b = b;
	r.from = from;
	r.to = to;
	r.source = find_lang(b, from);
	r.target = find_lang(b, to);
	r.n = n;
	r.slot = px_xmalloc((n ? n : 1) * sizeof *r.slot);
	struct htab h;
	htab_init(&h, n);
	for (size_t i = 0; i < n; i++) {
		struct precis_tr_item *it = &items[i];
		it->out = NULL;
		it->out_len = 0;
		it->status = PRECIS_OK;
		it->cached = 0;
		r.slot[i] = SIZE_MAX;
		if (blank(it->text, it->len)) {
			/* Nothing to pay for: whitespace stays as it is. */
			it->out = dup_bytes(it->text, it->len);
			it->out_len = it->len;
			r.done++;
			continue;
		}
		if (b->tm) {
			struct uitem tmp = {.text = it->text,
			                    .len = it->len,
			                    .ctx = it->context,
			                    .ctx_len = it->context ? strlen(it->context) : 0};
			struct px_tm_key k;
			tm_key(&r, &tmp, &k);
			if (px_tm_get(b->tm, &k, it->text, it->len, &it->out, &it->out_len)) {
				it->cached = 1;
				b->st.cached++;
				r.done++;
				continue;
			}
		}
		r.slot[i] = add_uitem(&r, &h, it);
	}
	free(h.slots);
	make_groups(&r);
	progress(&r);

	if (b->dry_run) {
		struct batch *bt;
		while ((bt = next_batch(&r))) {
			b->st.requests++;
			for (size_t i = 0; i < bt->n; i++) {
				struct uitem *u = &r.u[bt->u[i]];
				u->settled = 1;
				r.done += u->weight;
			}
			batch_free(&r, bt);
		}
	} else if (r.nu > 0) {
		if (!transport(b)) {
			run_free(&r);
			return precis_error_set(err, PRECIS_E_INTERNAL, p->name,
			                        "cannot start libcurl; please report it");
		}
		r.window = (size_t)b->jobs * 2;
		feed(&r);
		if (!r.fatal)
			px_transport_run(b->tr);
	}

	/* Back to the caller's items, in order; duplicates get copies. */
	for (size_t i = 0; i < n; i++) {
		if (r.slot[i] == SIZE_MAX)
			continue;
		struct uitem *u = &r.u[r.slot[i]];
		if (!u->settled) {
			/* The run stopped before this one got an answer. */
			items[i].status = PRECIS_E_BACKEND;
		} else if (u->status != PRECIS_OK) {
			items[i].status = u->status;
		} else if (u->out) {
			if (--u->weight == 0) {
				items[i].out = u->out;
				u->out = NULL;
			} else {
				items[i].out = dup_bytes(u->out, u->out_len);
			}
			items[i].out_len = u->out_len;
		}
		if (items[i].status != PRECIS_OK)
			b->st.failed++;
	}
	enum precis_status ret = PRECIS_OK;
	if (r.fatal) {
		if (err)
			*err = r.fatal_err;
		ret = r.fatal_err.status;
	} else if (r.failed && err) {
		/* The run went through; err tells why some items did not. */
		*err = r.fail_err;
		err->status = PRECIS_E_BACKEND;
	}
	run_free(&r);
	return ret;
}

/* ---- for the llm summary (backend_int.h) --------------------------------- */

struct px_transport *px_backend_transport(struct precis_backend *b)
{
	return transport(b);
}

const struct px_protocol *px_backend_protocol(const struct precis_backend *b)
{
	return b->proto;
}

void px_backend_proto_ctx(struct precis_backend *b, const char *from, const char *to,
                          struct px_proto_ctx *ctx)
{
	*ctx = (struct px_proto_ctx){
		.base_url = b->base_url,
		.api_key = b->api_key || !b->dry_run ? b->api_key : "dry-run-no-key",
		.model = b->model,
		.from = from,
		.to = to,
		.formality = b->formality,
		.source = find_lang(b, from),
		.target = find_lang(b, to),
		.compat = &b->compat,
	};
}

struct precis_backend_stats *px_backend_stats_ref(struct precis_backend *b)
{
	return &b->st;
}

int px_backend_retries(const struct precis_backend *b)
{
	return b->retries;
}

unsigned px_backend_jobs(const struct precis_backend *b)
{
	return b->jobs;
}

void px_backend_log(struct precis_backend *b, const char *fmt, ...)
{
	if (!b->log)
		return;
	char line[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	log_line(b, line);
}


/* ---- check -------------------------------------------------------------- */

struct check_reply {
	int done;
	long status;
	char *body;
	size_t body_len;
	long retry_after_ms;
	char trace[128];
	char transport_error[300];
};

static void on_check(void *ctx, const struct px_http_reply *reply, int oversize)
{
	(void)oversize;
	struct check_reply *c = ctx;
	c->done = 1;
	c->status = reply->status;
	c->body = dup_bytes(reply->body, reply->body_len);
	c->body_len = reply->body_len;
	c->retry_after_ms = reply->retry_after_ms;
	snprintf(c->trace, sizeof c->trace, "%s", reply->trace_id ? reply->trace_id : "");
	snprintf(c->transport_error, sizeof c->transport_error, "%s",
	         reply->transport_error ? reply->transport_error : "");
}

static double mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

enum precis_status precis_backend_check(struct precis_backend *b, char **report,
                                        struct precis_error *err)
{
	precis_error_clear(err);
	*report = NULL;
	const struct px_protocol *p = b->proto;
	struct px_buf rep;
	px_buf_init(&rep, 1 << 20);
	px_buf_printf(&rep, "backend: %s (%s)\n", p->name, p->about ? p->about : "");
	if (!p->translates) {
		px_buf_adds(&rep, "works offline: nothing to check\n");
		*report = px_buf_take(&rep, NULL);
		return PRECIS_OK;
	}
	char url[512];
	px_transport_loggable_url(b->base_url ? b->base_url : "", url, sizeof url);
	px_buf_printf(&rep, "server: %s\n", url);
	if (b->api_key)
		px_buf_printf(&rep, "key: set (from %s)\n", b->key_source);
	else
		px_buf_printf(&rep, "key: none%s\n", p->key_required ? " (needed)" : "");
	if (b->model)
		px_buf_printf(&rep, "model: %s\n", b->model);
	if (b->tm)
		px_buf_printf(&rep, "translation memory: %s\n", px_tm_path(b->tm));
	else
		px_buf_adds(&rep, "translation memory: off\n");

	struct px_proto_ctx pctx = {
		.base_url = b->base_url,
		.api_key = b->api_key,
		.model = b->model,
		.from = "fr",
		.to = "en",
		.formality = b->formality,
		.source = find_lang(b, "fr"),
		.target = find_lang(b, "en"),
		.compat = &b->compat,
	};
	struct px_http_request req = {0};
	struct precis_error e;
	precis_error_clear(&e);
	static const char *const probe[] = {"Bonjour."};
	static const size_t probe_len[] = {8};
	enum precis_status st = p->build_check ? p->build_check(&pctx, &req, &e)
	                                       : p->build(&pctx, probe, probe_len, 1, &req, &e);
	if (st != PRECIS_OK || !transport(b)) {
		px_http_request_free(&req);
		px_buf_free(&rep);
		if (st == PRECIS_OK)
			st = precis_error_set(&e, PRECIS_E_INTERNAL, p->name, "cannot start libcurl");
		px_backend_scrub_err(b, &e);
		if (err)
			*err = e;
		return st;
	}
	struct check_reply c = {0};
	double t0 = mono();
	px_transport_submit(b->tr, &req, 0, on_check, &c);
	px_transport_run(b->tr);
	double dt = mono() - t0;
	b->st.requests++;
	struct px_http_reply reply = {
		.status = c.status,
		.body = c.body ? c.body : "",
		.body_len = c.body_len,
		.retry_after_ms = c.retry_after_ms,
		.trace_id = c.trace[0] ? c.trace : NULL,
		.transport_error = c.transport_error,
	};
	if (c.status == 0) {
		px_buf_printf(&rep, "reachable: no (%s)\n", c.transport_error);
		st = precis_error_set(&e, PRECIS_E_BACKEND, url,
		                      "%s: cannot reach %s: %s; check the address (--base-url or "
		                      "%s) and the network",
		                      p->name, url, c.transport_error,
		                      p->url_env ? p->url_env : "the default");
	} else {
		px_buf_printf(&rep, "reachable: yes (HTTP %ld in %.2f s)\n", c.status, dt);
		if (p->build_check) {
			char *more = NULL;
			st = p->parse_check(&pctx, &reply, &more, &e);
			if (more)
				px_buf_adds(&rep, more);
			free(more);
		} else {
			char *out[1] = {NULL};
			size_t olen[1] = {0};
			enum px_reply_class cls = p->parse(&pctx, &reply, 1, out, olen, &e);
			if (cls == PX_REPLY_OK) {
				px_buf_printf(&rep, "test translation: \"%s\" -> \"%s\"\n", probe[0],
				              out[0] ? out[0] : "");
				st = PRECIS_OK;
			} else {
				px_buf_printf(&rep, "test translation: failed\n");
				st = PRECIS_E_BACKEND;
			}
			free(out[0]);
		}
		if (rep.len && rep.data[rep.len - 1] != '\n')
			px_buf_addc(&rep, '\n');
	}
	free(c.body);
	px_http_request_free(&req);
	if (st != PRECIS_OK) {
		if (e.message[0] == '\0')
			precis_error_set(&e, PRECIS_E_BACKEND, url, "%s: the check failed", p->name);
		if (e.status == PRECIS_OK)
			e.status = PRECIS_E_BACKEND;
		st = e.status;
		px_backend_scrub_err(b, &e);
		if (err)
			*err = e;
	}
	*report = px_buf_take(&rep, NULL);
	if (*report)
		scrub(b, *report);
	return st;
}
