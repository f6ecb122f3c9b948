/* The report's one translation pass: every title, summary sentence and
 * quote of every doc whose target side is still empty, in one
 * precis_backend_translate() call per (from, to) pair, so that a run over
 * French and English articles makes at most two calls and the backend
 * batches the requests of all articles together (and through its
 * translation memory). Each text goes with its article's lead as context.
 *
 * Figures: requests are those of the whole pass (the stats' delta: they
 * are shared); characters, sent and cached are counted per article from
 * its own items. Characters count the code points of the texts that a
 * request translated (or, in a dry run, would have): failed texts are
 * not billed, cached ones are not sent. */
#include "report/report_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/backend_int.h"
#include "util/buf.h"
#include "util/mem.h"

enum kind { K_TITLE, K_SUMMARY, K_QUOTE };

struct ref {
	struct precis_report *r;
	enum kind kind;
	size_t i;
};

struct pair {
	const char *from; /* NULL: the backend detects it */
	const char *to;
	struct precis_tr_item *items;
	struct ref *refs;
	size_t n, cap, rcap;
	int called;
	enum precis_status status;
	struct precis_error err;
};

struct pass {
	struct pair *pairs;
	size_t npairs, cap;
};

static int same(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

static struct pair *pair_for(struct pass *p, const char *from, const char *to)
{
	for (size_t i = 0; i < p->npairs; i++)
		if (same(p->pairs[i].from, from) && same(p->pairs[i].to, to))
			return &p->pairs[i];
	p->pairs = px_xgrow(p->pairs, &p->cap, p->npairs + 1, sizeof *p->pairs);
	struct pair *pr = &p->pairs[p->npairs++];
	memset(pr, 0, sizeof *pr);
	pr->from = from;
	pr->to = to;
	return pr;
}

static void add(struct pair *p, struct precis_report *r, enum kind kind, size_t i,
                const char *text, size_t len)
{
	if (!text || len == 0)
		return;
	p->items = px_xgrow(p->items, &p->cap, p->n + 1, sizeof *p->items);
	p->refs = px_xgrow(p->refs, &p->rcap, p->n + 1, sizeof *p->refs);
	struct precis_tr_item *it = &p->items[p->n];
	memset(it, 0, sizeof *it);
	it->text = text;
	it->len = len;
	it->context = r->lead;
	p->refs[p->n] = (struct ref){.r = r, .kind = kind, .i = i};
	p->n++;
}

/* Queues what r still lacks on its target side. */
static void queue(struct pair *p, struct precis_report *r)
{
	struct px_report_side *src = &r->side[PRECIS_SIDE_SOURCE];
	struct px_report_side *tgt = &r->side[PRECIS_SIDE_TARGET];
	if (src->title && !tgt->title)
		add(p, r, K_TITLE, 0, src->title, src->title_len);
	/* Sentence by sentence only when the sides match (the extractive
	 * summary); an llm summary fills its own target side. */
	if (src->nsummary == tgt->nsummary)
		for (size_t i = 0; i < src->nsummary; i++)
			if (!tgt->summary[i])
				add(p, r, K_SUMMARY, i, src->summary[i],
				    src->summary_len[i]);
	for (size_t i = 0; i < r->nquotes; i++) {
		const char *t = r->quotes[i]->text;
		if (!r->quote_tr[i] && t)
			add(p, r, K_QUOTE, i, t, strlen(t));
	}
}

static void store(const struct ref *ref, struct precis_tr_item *it)
{
	struct precis_report *r = ref->r;
	struct px_report_side *tgt = &r->side[PRECIS_SIDE_TARGET];
	switch (ref->kind) {
	case K_TITLE:
		free(tgt->title);
		tgt->title = it->out;
		tgt->title_len = it->out_len;
		break;
	case K_SUMMARY:
		free(tgt->summary[ref->i]);
		tgt->summary[ref->i] = it->out;
		tgt->summary_len[ref->i] = it->out_len;
		break;
	case K_QUOTE:
		free(r->quote_tr[ref->i]);
		r->quote_tr[ref->i] = it->out;
		r->quote_tr_len[ref->i] = it->out_len;
		break;
	}
	it->out = NULL;
	r->translated = 1;
}

static void name_item(struct px_buf *b, const struct ref *ref)
{
	switch (ref->kind) {
	case K_TITLE:
		px_buf_adds(b, "the title");
		break;
	case K_SUMMARY:
		px_buf_printf(b, "summary sentence %zu", ref->i + 1);
		break;
	case K_QUOTE:
		px_buf_printf(b, "quote %zu", ref->i + 1);
		break;
	}
}

static size_t code_points(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

/* Why items failed when the call went through: the backend's first reason,
 * else what their status says. */
static const char *reason(const struct pair *p, enum precis_status st)
{
	if (p->err.message[0])
		return p->err.message;
	return st == PRECIS_E_INPUT ? "the backend cannot send this text"
	                            : "the backend gave no translation";
}

/* Where a report's items are: consecutive in one pair. */
struct span {
	size_t pair;
	size_t start, n;
};

/* The outcome for one report, items [start, end) of its pair: translations
 * stored, figures counted, one warning naming what failed and why. */
static void settle(struct pair *p, size_t start, size_t end, struct precis_report *r,
                   int dry_run)
{
	struct px_buf names;
	px_buf_init(&names, 4096);
	size_t failed = 0, total = 0, listed = 0;
	enum precis_status first = PRECIS_OK;
	for (size_t k = start; k < end; k++) {
		struct precis_tr_item *it = &p->items[k];
		total++;
		if (!p->called) {
			failed++;
			continue;
		}
		if (it->status == PRECIS_OK && it->cached) {
			r->fig.cached++;
		} else if (it->status == PRECIS_OK && (it->out || dry_run)) {
			r->fig.sent++;
			r->fig.characters += code_points(it->text, it->len);
		}
		if (it->status == PRECIS_OK && it->out) {
			store(&p->refs[k], it);
		} else if (!dry_run) {
			if (!failed)
				first = it->status != PRECIS_OK ? it->status
				                                : PRECIS_E_BACKEND;
			failed++;
			if (listed < 8) {
				if (listed)
					px_buf_adds(&names, ", ");
				name_item(&names, &p->refs[k]);
				listed++;
			}
		}
	}
	if (failed == 0 || total == 0) {
		px_buf_free(&names);
		return;
	}
	if (!p->called) {
		px_report_warn(r, "not translated into %s: the run stopped before (%s)",
		               p->to, p->err.message);
	} else if (p->status != PRECIS_OK) {
		px_report_warn(
		    r,
		    "translation into %s stopped: %zu of %zu texts not translated "
		    "(%s%s): %s",
		    p->to, failed, total, names.data, failed > listed ? ", ..." : "",
		    p->err.message);
	} else {
		px_report_warn(r, "%zu of %zu texts not translated into %s (%s%s): %s",
		               failed, total, p->to, names.data,
		               failed > listed ? ", ..." : "", reason(p, first));
	}
	px_buf_free(&names);
}

enum precis_status px_report_translate(struct precis_report **reports, size_t n,
                                       struct precis_backend *b, const char *to_opt,
                                       struct precis_error *err)
{
	struct pass ps = {0};
	struct span *where = px_xcalloc(n ? n : 1, sizeof *where);
	for (size_t i = 0; i < n; i++) {
		struct precis_report *r = reports[i];
		if (!r->wants_tr)
			continue;
		const char *from = strcmp(r->lang, "und") == 0 ? NULL : r->lang;
		struct pair *p = pair_for(&ps, from, to_opt ? to_opt : r->target);
		where[i].pair = (size_t)(p - ps.pairs);
		where[i].start = p->n;
		queue(p, r);
		where[i].n = p->n - where[i].start;
	}

	struct precis_backend_stats before, after;
	precis_backend_stats(b, &before);
	int dry_run = px_backend_dry_run(b);
	enum precis_status ret = PRECIS_OK;
	struct precis_error fatal;
	precis_error_clear(&fatal);
	for (size_t k = 0; k < ps.npairs; k++) {
		struct pair *p = &ps.pairs[k];
		if (ret != PRECIS_OK) {
			/* A fatal error stops the pass: the pairs after it
			 * are not tried, their reports say why. */
			p->err = fatal;
			continue;
		}
		if (p->n == 0)
			continue;
		p->called = 1;
		p->status =
		    precis_backend_translate(b, p->from, p->to, p->items, p->n, &p->err);
		if (p->status != PRECIS_OK) {
			ret = p->status;
			fatal = p->err;
		}
	}
	precis_backend_stats(b, &after);

	for (size_t i = 0; i < n; i++) {
		struct precis_report *r = reports[i];
		r->fig.requests = after.requests - before.requests;
		if (!r->wants_tr)
			continue;
		settle(&ps.pairs[where[i].pair], where[i].start,
		       where[i].start + where[i].n, r, dry_run);
		if (dry_run)
			px_report_warn(
			    r,
			    "dry run: nothing was sent to %s; %zu texts (%zu "
			    "characters) would have been, %zu from the memory, in "
			    "%zu requests for the whole run",
			    r->fig.backend, r->fig.sent, r->fig.characters, r->fig.cached,
			    r->fig.requests);
	}

	for (size_t k = 0; k < ps.npairs; k++) {
		struct pair *p = &ps.pairs[k];
		for (size_t j = 0; j < p->n; j++)
			free(p->items[j].out);
		free(p->items);
		free(p->refs);
	}
	free(ps.pairs);
	free(where);
	if (ret != PRECIS_OK && err)
		*err = fatal;
	return ret;
}
