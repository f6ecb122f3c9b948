/* The llm summary run (llm.h): one request per article (or one per chunk
 * of a long article, then one combining the chunks' summaries), all of
 * them through the backend's transport, at most jobs * 2 in flight or
 * waiting at the host's gate, as a translate run does.
 *
 * Each request reacts to its reply as the translation batches do: a 429,
 * 5xx or cut-off body is retried by the transport with its backoff (up to
 * the backend's retries); a refused option (json_schema, temperature,
 * seed) downgrades the backend's compat word and the request is built
 * again; a bad key, quota or unknown model stops the whole call. A reply
 * whose content cannot be used (invalid JSON or schema, finish_reason
 * "length", a refusal) is asked again, PX_LLM_TRIES times in all, then
 * its article fails alone and the caller falls back. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/backend_int.h"
#include "net/llm_int.h"
#include "net/openai_int.h"
#include "net/protocols.h"
#include "net/transport.h"
#include "util/buf.h"
#include "util/mem.h"

struct call;

struct art {
	struct px_llm_article *a;
	size_t nchunks;
	size_t *cstart, *clen;
	char **csum;    /* each chunk's summary, its sentences joined */
	size_t left;    /* chunk requests not answered yet */
	char *combined; /* the chunk summaries, the text of the combine call */
	int done;       /* status set (OK or failed) */
};

struct job {
	struct job *next; /* in the waiting queue */
	struct call *call;
	struct art *art;
	struct px_llm_req q;
	struct px_proto_ctx pctx;
	struct px_http_request req;
	unsigned attempt, downgrades, tries;
	size_t chunk;
};

struct call {
	struct precis_backend *b;
	struct px_transport *tr;
	struct precis_backend_stats *st;
	struct job **jobs; /* every job, freed at the end */
	size_t njobs, jcap;
	struct job *head, *tail; /* waiting to be sent */
	size_t active, window;
	int fatal;
	struct precis_error fatal_err;
};

static size_t code_points(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

static int blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
			return 0;
	return 1;
}

static const char *name_of(const struct px_llm_article *a)
{
	return a->name ? a->name : "the article";
}

static void art_fail(struct call *c, struct art *r, enum precis_status st,
                     const struct precis_error *why)
{
	if (r->done)
		return;
	r->done = 1;
	struct px_llm_article *a = r->a;
	a->status = st;
	precis_error_set(&a->err, st, name_of(a), "%s", why->message);
	px_backend_scrub_err(c->b, &a->err);
}

static void set_fatal(struct call *c, const struct precis_error *e)
{
	if (c->fatal)
		return;
	c->fatal = 1;
	c->fatal_err = *e;
	if (c->fatal_err.status == PRECIS_OK)
		c->fatal_err.status = PRECIS_E_BACKEND;
	px_backend_scrub_err(c->b, &c->fatal_err);
}

static struct job *job_new(struct call *c, struct art *r, enum px_llm_kind kind,
                           const char *text, size_t len)
{
	struct job *j = px_xcalloc(1, sizeof *j);
	j->call = c;
	j->art = r;
	j->q = (struct px_llm_req){.kind = kind, .a = r->a, .text = text, .len = len};
	px_backend_proto_ctx(c->b, r->a->lang, r->a->target, &j->pctx);
	c->jobs = px_xgrow(c->jobs, &c->jcap, c->njobs + 1, sizeof *c->jobs);
	c->jobs[c->njobs++] = j;
	return j;
}

static void enqueue(struct call *c, struct job *j, int front)
{
	if (front) {
		j->next = c->head;
		c->head = j;
		if (!c->tail)
			c->tail = j;
		return;
	}
	j->next = NULL;
	if (c->tail)
		c->tail->next = j;
	else
		c->head = j;
	c->tail = j;
}

/* Builds j's request: 0, or -1 when it cannot be (the article failed, or
 * the call is fatal). */
static int build(struct job *j)
{
	struct call *c = j->call;
	struct precis_error e;
	precis_error_clear(&e);
	enum precis_status st = px_llm_build(&j->pctx, &j->q, &j->req, &e);
	if (st == PRECIS_OK)
		return 0;
	if (st == PRECIS_E_INPUT)
		art_fail(c, j->art, st, &e);
	else
		set_fatal(c, &e);
	return -1;
}

static void on_reply(void *ctx, const struct px_http_reply *reply, int oversize);

static void feed(struct call *c)
{
	while (!c->fatal && c->active < c->window && c->head) {
		struct job *j = c->head;
		c->head = j->next;
		if (!c->head)
			c->tail = NULL;
		if (j->art->done || build(j) != 0)
			continue;
		c->st->characters += code_points(j->q.text, j->q.len);
		c->st->tokens += (j->req.body_len + 3) / 4;
		c->active++;
		px_transport_submit(c->tr, &j->req, 0, on_reply, j);
	}
	if (c->fatal)
		px_transport_stop(c->tr);
}

static char *join(char **s, size_t n, const char *sep)
{
	struct px_buf b;
	px_buf_init(&b, (size_t)-1);
	for (size_t i = 0; i < n; i++) {
		if (i)
			px_buf_adds(&b, sep);
		px_buf_adds(&b, s[i]);
	}
	return px_buf_take(&b, NULL);
}

static void job_done(struct job *j, struct px_llm_out *out)
{
	struct call *c = j->call;
	struct art *r = j->art;
	struct px_llm_article *a = r->a;
	if (j->q.kind == PX_LLM_CHUNK) {
		r->csum[j->chunk] = join(out->summary[0], out->nsummary[0], " ");
		px_llm_out_free(out, 0);
		if (--r->left == 0 && !r->done) {
			r->combined = join(r->csum, r->nchunks, "\n\n");
			struct job *f = job_new(c, r, PX_LLM_COMBINE, r->combined,
			                        strlen(r->combined));
			enqueue(c, f, 1);
		}
		return;
	}
	for (int s = 0; s < 2; s++) {
		a->summary[s] = out->summary[s];
		a->nsummary[s] = out->nsummary[s];
	}
	a->title_tr = out->title_tr;
	a->quote_tr = out->quote_tr;
	a->status = PRECIS_OK;
	r->done = 1;
}

static void on_reply(void *ctx, const struct px_http_reply *reply, int oversize)
{
	struct job *j = ctx;
	struct call *c = j->call;
	struct precis_backend *b = c->b;
	c->st->requests++;
	if (j->art->done) {
		/* Another part of its article failed: nothing to wait for. */
		c->active--;
		px_http_request_free(&j->req);
		feed(c);
		return;
	}
	char url[512];
	px_transport_loggable_url(j->req.url, url, sizeof url);

	struct precis_error e;
	precis_error_clear(&e);
	enum px_reply_class cls;
	int bad = 0;
	json_t *content = NULL;
	struct px_llm_out out;
	memset(&out, 0, sizeof out);
	if (reply->status == 0) {
		cls = oversize ? PX_REPLY_FAIL : PX_REPLY_RETRY;
		precis_error_set(
		    &e, PRECIS_E_BACKEND, url, "%s: %s: %s%s", PX_OPENAI_NAME, url,
		    reply->transport_error ? reply->transport_error : "no reply",
		    oversize ? "" : "; check the address and the network");
	} else {
		cls = px_openai_content(&j->pctx, reply, 1, &content, &bad, &e);
	}
	if (cls == PX_REPLY_OK) {
		char why[400];
		if (px_llm_read(&j->pctx, &j->q, content, &out, why, sizeof why) != 0) {
			bad = 1;
			cls = PX_REPLY_FAIL;
			precis_error_set(&e, PRECIS_E_BACKEND, url, "%s: %s",
			                 PX_OPENAI_NAME, why);
		}
	}
	json_decref(content);
	if (cls == PX_REPLY_RETRY && j->attempt >= (unsigned)px_backend_retries(b)) {
		struct precis_error g = e;
		precis_error_set(&e, PRECIS_E_BACKEND, g.where,
		                 "%s (gave up after %u %s)", g.message, j->attempt,
		                 j->attempt == 1 ? "retry" : "retries");
		cls = PX_REPLY_FAIL;
	}
	if (cls == PX_REPLY_SPLIT ||
	    (cls == PX_REPLY_DOWNGRADE && j->downgrades >= PX_DOWNGRADE_MAX))
		cls = PX_REPLY_FAIL;
	if (cls == PX_REPLY_FAIL && bad && j->tries + 1 < PX_LLM_TRIES && !j->art->done) {
		/* The exchange went well and the model's answer did not: the
		 * same question again (servers are seldom deterministic, even
		 * at temperature 0). */
		j->tries++;
		c->st->retries++;
		px_backend_log(b, "%s: %s; asking again (try %u of %d)",
		               name_of(j->art->a), e.message, j->tries + 1, PX_LLM_TRIES);
		px_transport_submit(c->tr, &j->req, j->attempt, on_reply, j);
		feed(c);
		return;
	}

	switch (cls) {
	case PX_REPLY_OK:
		job_done(j, &out);
		c->active--;
		px_http_request_free(&j->req);
		break;
	case PX_REPLY_RETRY:
		j->attempt++;
		c->st->retries++;
		px_backend_log(b, "%s", e.message);
		px_transport_retry(c->tr, &j->req, j->attempt, reply, on_reply, j);
		break;
	case PX_REPLY_DOWNGRADE:
		j->downgrades++;
		px_backend_log(
		    b, "the server refused a feature, sending again without it: %s",
		    e.message);
		if (build(j) == 0)
			px_transport_submit(c->tr, &j->req, j->attempt, on_reply, j);
		else
			c->active--;
		break;
	case PX_REPLY_FATAL:
		set_fatal(c, &e);
		c->active--;
		break;
	case PX_REPLY_SPLIT:
	case PX_REPLY_FAIL:
	default: {
		struct precis_error g = e;
		if (g.message[0] == '\0')
			precis_error_set(&g, PRECIS_E_BACKEND, url,
			                 "%s: %s -> %ld: failed", PX_OPENAI_NAME, url,
			                 reply->status);
		else if (bad)
			precis_error_set(&g, PRECIS_E_BACKEND, e.where,
			                 "%s (after %u tries)", e.message, j->tries + 1);
		px_backend_log(b, "%s: %s", name_of(j->art->a), g.message);
		art_fail(c, j->art, PRECIS_E_BACKEND, &g);
		c->st->failed++;
		c->active--;
		px_http_request_free(&j->req);
		break;
	}
	}
	feed(c);
}

/* Queues the requests of article r (its chunks, or the whole). */
static void plan(struct call *c, struct art *r)
{
	struct px_llm_article *a = r->a;
	if (a->len > PX_LLM_CHUNK_MAX) {
		r->nchunks = px_llm_chunks(a->text, a->len, PX_LLM_CHUNK_MAX, &r->cstart,
		                           &r->clen);
		if (r->nchunks > 1) {
			r->csum = px_xcalloc(r->nchunks, sizeof *r->csum);
			r->left = r->nchunks;
			for (size_t k = 0; k < r->nchunks; k++) {
				struct job *j =
				    job_new(c, r, PX_LLM_CHUNK, a->text + r->cstart[k],
				            r->clen[k]);
				j->chunk = k;
				j->q.part = k + 1;
				j->q.nparts = r->nchunks;
				enqueue(c, j, 0);
			}
			return;
		}
	}
	enqueue(c, job_new(c, r, PX_LLM_WHOLE, a->text, a->len), 0);
}

static void reset_out(struct px_llm_article *a)
{
	for (int s = 0; s < 2; s++) {
		a->summary[s] = NULL;
		a->nsummary[s] = 0;
	}
	a->title_tr = NULL;
	a->quote_tr = NULL;
	a->status = PRECIS_E_BACKEND;
	precis_error_clear(&a->err);
}

/* A dry run: the requests that would go, counted, none sent. */
static void dry_run(struct call *c, struct art *arts, size_t n)
{
	struct precis_error why;
	precis_error_set(&why, PRECIS_E_BACKEND, "--dry-run",
	                 "dry run: the summary was not asked of the server");
	while (c->head && !c->fatal) {
		struct job *j = c->head;
		c->head = j->next;
		if (j->art->done || build(j) != 0)
			continue;
		c->st->requests++;
		c->st->characters += code_points(j->q.text, j->q.len);
		c->st->tokens += (j->req.body_len + 3) / 4;
		if (j->q.kind == PX_LLM_CHUNK && j->chunk == 0)
			c->st->requests++; /* the combining call */
		px_http_request_free(&j->req);
	}
	c->tail = NULL;
	for (size_t i = 0; i < n; i++)
		art_fail(c, &arts[i], PRECIS_E_BACKEND, &why);
}

enum precis_status px_llm_summarize(struct precis_backend *b, struct px_llm_article *a,
                                    size_t n, struct precis_error *err)
{
	precis_error_clear(err);
	for (size_t i = 0; i < n; i++)
		reset_out(&a[i]);
	if (!b || px_backend_protocol(b) != &px_proto_openai)
		return precis_error_set(
		    err, PRECIS_E_CONFIG, "--summarizer",
		    "the llm summarizer needs the openai backend (%s given): "
		    "pass --backend openai with --model, or use the "
		    "extractive summarizer",
		    b ? precis_backend_name(b) : "none");
	struct call c = {0};
	c.b = b;
	c.st = px_backend_stats_ref(b);
	c.window = (size_t)(px_backend_jobs(b) ? px_backend_jobs(b) : 4) * 2;
	struct art *arts = px_xcalloc(n ? n : 1, sizeof *arts);
	for (size_t i = 0; i < n; i++) {
		arts[i].a = &a[i];
		if (!a[i].text || blank(a[i].text, a[i].len)) {
			struct precis_error e;
			precis_error_set(&e, PRECIS_E_INPUT, name_of(&a[i]),
			                 "%s: no text to summarize", name_of(&a[i]));
			art_fail(&c, &arts[i], PRECIS_E_INPUT, &e);
			continue;
		}
		plan(&c, &arts[i]);
	}
	if (px_backend_dry_run(b)) {
		dry_run(&c, arts, n);
	} else if (c.head) {
		c.tr = px_backend_transport(b);
		if (!c.tr) {
			struct precis_error e;
			precis_error_set(&e, PRECIS_E_INTERNAL, PX_OPENAI_NAME,
			                 "cannot start libcurl; please report it");
			set_fatal(&c, &e);
		} else {
			feed(&c);
			if (!c.fatal)
				px_transport_run(c.tr);
		}
	}
	for (size_t i = 0; i < n; i++) {
		if (arts[i].done)
			continue;
		/* The call stopped before this one got an answer. */
		struct precis_error e;
		precis_error_set(&e, PRECIS_E_BACKEND, name_of(&a[i]),
		                 "stopped before this article was summarized: %s",
		                 c.fatal ? c.fatal_err.message : "no answer");
		art_fail(&c, &arts[i], PRECIS_E_BACKEND, &e);
	}
	for (size_t i = 0; i < c.njobs; i++) {
		px_http_request_free(&c.jobs[i]->req);
		free(c.jobs[i]);
	}
	free(c.jobs);
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; arts[i].csum && k < arts[i].nchunks; k++)
			free(arts[i].csum[k]);
		free(arts[i].csum);
		free(arts[i].cstart);
		free(arts[i].clen);
		free(arts[i].combined);
	}
	free(arts);
	if (c.fatal) {
		if (err)
			*err = c.fatal_err;
		return c.fatal_err.status;
	}
	return PRECIS_OK;
}

void px_llm_article_release(struct px_llm_article *a)
{
	struct px_llm_out out = {
	    .summary = {a->summary[0], a->summary[1]},
	    .nsummary = {a->nsummary[0], a->nsummary[1]},
	    .title_tr = a->title_tr,
	    .quote_tr = a->quote_tr,
	};
	px_llm_out_free(&out, a->nquotes);
	reset_out(a);
}
