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

/* ---- words, counted as `precis quotes` counts them ---------------------- */

/* The code point at s (n bytes left) and its length; an invalid byte is
 * itself, one byte long. */
static uint32_t next_cp(const unsigned char *s, size_t n, size_t *len)
{
	unsigned c = s[0];
	size_t k = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
	if (k <= 1 || k > n) {
		*len = 1;
		return c;
	}
	uint32_t cp = c & (0x7Fu >> k);
	for (size_t i = 1; i < k; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*len = 1;
			return c;
		}
		cp = (cp << 6) | (s[i] & 0x3Fu);
	}
	*len = k;
	return cp;
}

static int is_space(uint32_t cp)
{
	return cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0xA0 || cp == 0x1680 ||
	       (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F ||
	       cp == 0x3000;
}

/* A letter or digit, roughly: a word is a run between spaces holding one
 * ("—" or "…" alone is not a word). The same rule as src/cli/cmd_quotes.c,
 * so that `precis quotes` and `precis summarize` list the same quotes. */
static int is_wordy(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= '0' && cp <= '9') ||
		       ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z');
	if (cp < 0xC0)
		return cp == 0xAA || cp == 0xB2 || cp == 0xB3 || cp == 0xB5 ||
		       cp == 0xB9 || cp == 0xBA;
	if (cp == 0xD7 || cp == 0xF7)
		return 0;
	if ((cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x20A0 && cp <= 0x20CF) ||
	    (cp >= 0x2190 && cp <= 0x2BFF) || (cp >= 0x3000 && cp <= 0x303F) ||
	    (cp >= 0xFE10 && cp <= 0xFE6F) || (cp >= 0xFF00 && cp <= 0xFF0F) ||
	    (cp >= 0x1F000 && cp <= 0x1FAFF))
		return 0;
	return 1;
}

size_t px_report_count_words(const char *text)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t n = strlen(text), words = 0, len;
	int in_word = 0;
	for (size_t i = 0; i < n; i += len) {
		uint32_t cp = next_cp(s + i, n - i, &len);
		if (is_space(cp))
			in_word = 0;
		else if (!in_word && is_wordy(cp))
			in_word = 1, words++;
	}
	return words;
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
		int keep;
		if (all_quotes)
			keep = 1;
		else
			keep = q->kind == PRECIS_QUOTE_STATEMENT &&
			       px_report_count_words(q->text ? q->text : "") >= min_words;
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
