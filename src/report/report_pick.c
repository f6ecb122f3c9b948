/* What a report takes from its doc: the quotes worth reporting, the title,
 * the summary sentences as texts, and the lead a backend gets as context. */
#include "report/report_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "precis/quotes.h"
#include "precis/summary.h"
#include "util/buf.h"
#include "util/mem.h"

static int ascii_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

char *px_report_squash(const char *s, size_t n, size_t *out_len)
{
	char *o = px_xmalloc(n + 1);
	size_t k = 0;
	int gap = 0;
	for (size_t i = 0; i < n; i++) {
		if (ascii_space(s[i])) {
			gap = k > 0;
			continue;
		}
		if (gap)
			o[k++] = ' ';
		gap = 0;
		o[k++] = s[i];
	}
	o[k] = '\0';
	if (out_len)
		*out_len = k;
	return o;
}

/* ---- quotes ------------------------------------------------------------- */

/* Statements long enough to say something; terms (scare quotes, titles)
 * only when every quote is asked for, and then never dropped for their
 * length: they are short by definition. */
void px_report_pick_quotes(struct precis_report *r, size_t min_words, int all_quotes)
{
	const struct precis_doc *doc = r->doc;
	size_t n = precis_doc_quote_count(doc);
	r->quotes = px_xcalloc(n ? n : 1, sizeof *r->quotes);
	r->nquotes = 0;
	for (size_t i = 0; i < n; i++) {
		const struct precis_quote *q = precis_doc_quote(doc, i);
		int keep = q->kind == PRECIS_QUOTE_TERM ? all_quotes
		                                        : q->words >= min_words;
		if (keep)
			r->quotes[r->nquotes++] = q;
	}
	r->quote_tr = px_xcalloc(r->nquotes ? r->nquotes : 1, sizeof *r->quote_tr);
	r->quote_tr_len =
	    px_xcalloc(r->nquotes ? r->nquotes : 1, sizeof *r->quote_tr_len);
}

/* ---- title, summary, lead ----------------------------------------------- */

static char *span_text(const struct precis_doc *doc, struct precis_span sp, size_t *len)
{
	size_t tl;
	const char *t = precis_doc_text(doc, &tl);
	if (sp.end > tl)
		sp.end = tl;
	if (sp.start > sp.end)
		sp.start = sp.end;
	return px_report_squash(t + sp.start, sp.end - sp.start, len);
}

void px_report_pick_texts(struct precis_report *r)
{
	const struct precis_doc *doc = r->doc;
	size_t title = precis_doc_title(doc);
	const struct precis_para *tp =
	    title == (size_t)-1 ? NULL : precis_doc_paragraph(doc, title);
	if (tp) {
		size_t len;
		char *s = span_text(doc, tp->span, &len);
		if (len) {
			r->side[PRECIS_SIDE_SOURCE].title = s;
			r->side[PRECIS_SIDE_SOURCE].title_len = len;
		} else {
			free(s);
		}
	}

	size_t n = precis_doc_summary_count(doc);
	char **s = px_xcalloc(n ? n : 1, sizeof *s);
	size_t *lens = px_xcalloc(n ? n : 1, sizeof *lens);
	free(r->summary_sentence);
	r->summary_sentence = px_xcalloc(n ? n : 1, sizeof *r->summary_sentence);
	for (size_t i = 0; i < n; i++) {
		size_t si = precis_doc_summary_sentence(doc, i);
		r->summary_sentence[i] = si;
		const struct precis_sentence *se = precis_doc_sentence(doc, si);
		if (se)
			s[i] = span_text(doc, se->span, &lens[i]);
		else
			s[i] = px_xstrdup("");
	}
	px_report_set_summary(r, PRECIS_SIDE_SOURCE, s, lens, n);
	px_report_set_summary(r, PRECIS_SIDE_TARGET,
	                      px_xcalloc(n ? n : 1, sizeof(char *)),
	                      px_xcalloc(n ? n : 1, sizeof(size_t)), n);

	free(r->lead);
	r->lead = px_report_lead(doc);
}

/* The last space at or before `max` in s (squashed: single ASCII spaces),
 * or, with none, the last UTF-8 boundary there. */
static size_t word_cut(const char *s, size_t max)
{
	for (size_t i = max; i > 0; i--)
		if (s[i] == ' ')
			return i;
	size_t i = max;
	while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
		i--;
	return i;
}

char *px_report_lead(const struct precis_doc *doc)
{
	size_t title = precis_doc_title(doc);
	size_t np = precis_doc_paragraph_count(doc);
	const struct precis_para *p = NULL;
	for (size_t i = 0; i < np; i++) {
		const struct precis_para *q = precis_doc_paragraph(doc, i);
		if (i == title || q->boilerplate || q->heading || q->list_item ||
		    q->sentence_count == 0)
			continue;
		p = q;
		break;
	}
	if (!p)
		return NULL;

	struct px_buf b;
	px_buf_init(&b, 1 << 20);
	for (size_t k = 0; k < p->sentence_count; k++) {
		const struct precis_sentence *se =
		    precis_doc_sentence(doc, p->first_sentence + k);
		if (!se)
			break;
		size_t len;
		char *s = span_text(doc, se->span, &len);
		if (len == 0) {
			free(s);
			continue;
		}
		size_t need = b.len + (b.len ? 1 : 0) + len;
		if (need > PX_REPORT_LEAD_MAX) {
			/* A first sentence too long to fit is cut at a word:
			 * some context is better than none. */
			if (b.len == 0)
				px_buf_add(&b, s, word_cut(s, PX_REPORT_LEAD_MAX));
			free(s);
			break;
		}
		if (b.len)
			px_buf_addc(&b, ' ');
		px_buf_add(&b, s, len);
		free(s);
	}
	if (b.len == 0) {
		px_buf_free(&b);
		return NULL;
	}
	return px_buf_take(&b, NULL);
}

void px_report_keep_quotes(struct precis_report *r)
{
	px_report_clear_summary(r);
	for (int side = 0; side < 2; side++) {
		free(r->side[side].title);
		r->side[side].title = NULL;
		r->side[side].title_len = 0;
	}
}
