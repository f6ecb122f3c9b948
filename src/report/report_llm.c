/* The report's llm summarizer (precis/report.h): the abstractive summary
 * of every doc in both languages, its title and its reported quotes
 * translated, in one px_llm_summarize() call for all docs (net/llm.h), so
 * the requests of every article go out together through the backend's
 * transport.
 *
 * The extractive summary is made before (report.c) and stays as the
 * fallback: an article whose llm summary failed keeps it, gets a warning
 * saying why, and the translation pass that follows translates it with
 * the other fallbacks in one batch. What the llm did not fill (a title it
 * left "") is also left to that pass.
 *
 * Decisions where report.h is silent:
 *  - The text sent is the doc's paragraphs that are neither boilerplate
 *    nor the title, each with its white space squashed, joined with blank
 *    lines (paragraph boundaries are what the chunking cuts at).
 *  - The length asked: --sentences, else a --ratio of the article's body
 *    sentences (at least one), else one sentence per 20 words of --words,
 *    else 3; --words is sent as a limit too.
 *  - An article whose language was not detected, or with no target (it is
 *    already in the target language, or no default target), is not sent:
 *    the summary asks for both languages. It keeps the extractive summary,
 *    with a warning.
 *  - A fatal error (bad key, quota, unknown model) gives every article
 *    not summarized the fallback warning with the reason, and is returned;
 *    report.c then skips the translation pass, as for a fatal error there. */
#include "report/report_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "net/llm.h"
#include "util/buf.h"
#include "util/mem.h"

#define DEFAULT_SENTENCES 3
/* --words alone: the sentences the prompt names as a guide ("at most 60
 * words (about 3 sentences)"), press sentences being 20 to 25 words. */
#define WORDS_PER_SENTENCE 20

static const char fallback[] = "the extractive summary is given";

static size_t code_points(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

/* The body paragraphs of doc, squashed, joined with "\n\n"; *body_sentences
 * counts their sentences. malloc'd ("" when none). */
static char *body_text(const struct precis_doc *doc, size_t *len, size_t *body_sentences)
{
	size_t title = precis_doc_title(doc);
	size_t np = precis_doc_paragraph_count(doc);
	size_t tl;
	const char *t = precis_doc_text(doc, &tl);
	struct px_buf b;
	px_buf_init(&b, (size_t)-1);
	*body_sentences = 0;
	for (size_t i = 0; i < np; i++) {
		const struct precis_para *p = precis_doc_paragraph(doc, i);
		if (i == title || p->boilerplate)
			continue;
		struct precis_span sp = p->span;
		if (sp.end > tl)
			sp.end = tl;
		if (sp.start > sp.end)
			continue;
		size_t sl;
		char *s = px_report_squash(t + sp.start, sp.end - sp.start, &sl);
		if (sl) {
			if (b.len)
				px_buf_adds(&b, "\n\n");
			px_buf_add(&b, s, sl);
			*body_sentences += p->sentence_count;
		}
		free(s);
	}
	if (!b.data)
		px_buf_adds(&b, "");
	return px_buf_take(&b, len);
}

static size_t sentences_asked(const struct precis_summary_opts *l, size_t body_sentences)
{
	if (l->sentences)
		return l->sentences;
	if (l->ratio > 0) {
		double s = ceil(l->ratio * (double)body_sentences);
		return s < 1 ? 1 : (size_t)s;
	}
	if (l->words)
		return l->words / WORDS_PER_SENTENCE > 1 ? l->words / WORDS_PER_SENTENCE
		                                         : 1;
	return DEFAULT_SENTENCES;
}

/* Moves the llm's answer into r. */
static void take(struct precis_report *r, struct px_llm_article *a)
{
	px_report_set_summary(r, PRECIS_SIDE_SOURCE, a->summary[0], NULL, a->nsummary[0]);
	px_report_set_summary(r, PRECIS_SIDE_TARGET, a->summary[1], NULL, a->nsummary[1]);
	for (int s = 0; s < 2; s++) {
		a->summary[s] = NULL;
		a->nsummary[s] = 0;
	}
	free(r->summary_sentence);
	r->summary_sentence = NULL;
	if (a->title_tr && r->side[PRECIS_SIDE_SOURCE].title) {
		free(r->side[PRECIS_SIDE_TARGET].title);
		r->side[PRECIS_SIDE_TARGET].title = a->title_tr;
		r->side[PRECIS_SIDE_TARGET].title_len = strlen(a->title_tr);
		a->title_tr = NULL;
	}
	for (size_t i = 0; a->quote_tr && i < r->nquotes; i++) {
		if (!a->quote_tr[i])
			continue;
		free(r->quote_tr[i]);
		r->quote_tr[i] = a->quote_tr[i];
		r->quote_tr_len[i] = strlen(a->quote_tr[i]);
		a->quote_tr[i] = NULL;
	}
	r->summarizer = "llm";
	r->translated = 1;
}

enum precis_status px_report_llm(struct precis_report **reports, size_t n,
                                 struct precis_backend *backend,
                                 const struct precis_report_opts *opts,
                                 struct precis_error *err)
{
	struct px_llm_article *a = px_xcalloc(n ? n : 1, sizeof *a);
	size_t *which = px_xcalloc(n ? n : 1, sizeof *which); /* article -> report */
	char **texts = px_xcalloc(n ? n : 1, sizeof *texts);
	size_t na = 0;
	for (size_t i = 0; i < n; i++) {
		struct precis_report *r = reports[i];
		if (strcmp(r->lang, "und") == 0 || !r->target) {
			px_report_warn(
			    r,
			    "llm summary not asked: the article's %s is not known; "
			    "%s",
			    strcmp(r->lang, "und") == 0 ? "language" : "target language",
			    fallback);
			continue;
		}
		struct px_llm_article *x = &a[na];
		size_t body_sentences;
		texts[na] = body_text(r->doc, &x->len, &body_sentences);
		x->text = texts[na];
		x->name = precis_doc_name(r->doc);
		x->lang = r->lang;
		/* --to as given: a variant ("en-US") names the English the
		 * server writes, as it does for the translation pass. */
		x->target = opts->to && *opts->to ? opts->to : r->target;
		x->title = r->side[PRECIS_SIDE_SOURCE].title;
		x->nquotes = r->nquotes;
		const char **q = px_xcalloc(r->nquotes ? r->nquotes : 1, sizeof *q);
		size_t *ql = px_xcalloc(r->nquotes ? r->nquotes : 1, sizeof *ql);
		for (size_t k = 0; k < r->nquotes; k++) {
			q[k] = r->quotes[k]->text ? r->quotes[k]->text : "";
			ql[k] = strlen(q[k]);
		}
		x->quotes = q;
		x->quote_lens = ql;
		x->sentences = sentences_asked(&opts->length, body_sentences);
		x->words = opts->length.words;
		which[na++] = i;
	}

	struct precis_error e;
	precis_error_clear(&e);
	struct precis_backend_stats before, after;
	precis_backend_stats(backend, &before);
	enum precis_status st = na ? px_llm_summarize(backend, a, na, &e) : PRECIS_OK;
	precis_backend_stats(backend, &after);
	for (size_t i = 0; i < n; i++)
		reports[i]->fig.requests = after.requests - before.requests;
	for (size_t k = 0; k < na; k++) {
		struct precis_report *r = reports[which[k]];
		struct px_llm_article *x = &a[k];
		if (x->status == PRECIS_OK) {
			take(r, x);
			r->fig.sent += 1 + x->nquotes;
			r->fig.characters += code_points(x->text, x->len);
			for (size_t q = 0; q < x->nquotes; q++)
				r->fig.characters +=
				    code_points(x->quotes[q], x->quote_lens[q]);
		} else {
			const char *why = x->err.message[0] ? x->err.message
			                  : st != PRECIS_OK ? e.message
			                                    : "no answer";
			px_report_warn(r, "llm summary failed: %s; %s", why, fallback);
		}
		px_llm_article_release(x);
		free((void *)x->quotes);
		free((void *)x->quote_lens);
		free(texts[k]);
	}
	free(a);
	free(which);
	free(texts);
	if (st != PRECIS_OK && err)
		*err = e;
	return st;
}
