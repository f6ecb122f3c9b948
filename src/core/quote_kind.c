/* Statement or term.
 *
 * A term is a word or a name in quotation marks, not something said: a quote
 * of one to three words (a scare quote: « ruineux », “fresh start”), a
 * title in title case (“Kessler at Work”, « Le Rouge et le Noir »), or a
 * short quote with no sentence punctuation right after a naming word (the
 * group « Valbrune d'abord », nicknamed “the Wall”, lang/<code>/
 * quote-naming.txt). Anything longer, or shaped like a sentence, is a
 * statement. */
#include "core/quote_int.h"

#include "precis/quotes.h"

static int is_word(const struct qpara *p, size_t i)
{
	return i < p->n && p->t[i].type == QT_WORD;
}

/* Every word that is not a stopword starts with a capital, the first too. */
static int title_case(const struct qpara *p, size_t first, size_t last)
{
	size_t words = 0, content = 0;
	for (size_t k = first; k <= last && k < p->n; k++) {
		if (!is_word(p, k) || !(p->t[k].flags & QF_ALPHA))
			continue;
		int cap = (p->t[k].flags & QF_CAP) != 0;
		if (!words && !cap)
			return 0;
		words++;
		if (px_qlex_tok(p->lx, QL_STOP, p, k) || (p->t[k].flags & QF_ELIDED))
			continue;
		if (!cap)
			return 0;
		content++;
	}
	return words >= 2 && content >= 1;
}

static int named_before(const struct qpara *p, size_t o)
{
	size_t k = o, steps = 0;
	while (k > 0 && steps < 3) {
		k--;
		steps++;
		if (px_qtok_is(p, k, ',') || px_qtok_is(p, k, ':'))
			continue;
		if (!is_word(p, k))
			return 0;
		/* "baptisé « X »", not "a appelé « X »" (a verb in a compound
		 * tense: called for, not named) */
		if (px_qlex_tok(p->lx, QL_NAMING, p, k))
			return !(k > 0 && px_qlex_tok(p->lx, QL_AUX, p, k - 1));
		if (!px_qlex_tok(p->lx, QL_DET, p, k) &&
		    !px_qlex_tok(p->lx, QL_DET_INDEF, p, k) &&
		    !px_qlex_tok(p->lx, QL_STOP, p, k))
			return 0;
	}
	return 0;
}

/* "said that “everything is on the table”": a demonstrative right after a
 * reporting verb opens a clause (a conjunction), it determines nothing. */
static int after_cue_that(const struct qpara *p, size_t d)
{
	if (!px_qlex_tok(p->lx, QL_DET_DEM, p, d) || d == 0 || !is_word(p, d - 1))
		return 0;
	return px_qlex_tok(p->lx, QL_VERBS, p, d - 1) || px_qlex_tok(p->lx, QL_PARTS, p, d - 1);
}

int px_quote_kind(const struct qpara *p, size_t o, size_t first, size_t last,
                  size_t nwords)
{
	if (nwords <= 3)
		return PRECIS_QUOTE_TERM;
	if (nwords > 8 || last >= p->n)
		return PRECIS_QUOTE_STATEMENT;
	for (size_t k = first; k <= last; k++)
		if (px_qtok_final(p, k) || px_qtok_is(p, k, ';') || px_qtok_is(p, k, ':'))
			return PRECIS_QUOTE_STATEMENT;
	if (title_case(p, first, last))
		return PRECIS_QUOTE_TERM;
	if (o != SIZE_MAX && named_before(p, o))
		return PRECIS_QUOTE_TERM;
	/* a quoted name used as a noun: "lors du « Ségur de la santé »", "the
	 * “Ashbury model”" */
	if (o != SIZE_MAX && o > 0 && nwords <= 6 &&
	    (px_qlex_tok(p->lx, QL_DET, p, o - 1) ||
	     px_qlex_tok(p->lx, QL_DET_INDEF, p, o - 1)) &&
	    !after_cue_that(p, o - 1))
		return PRECIS_QUOTE_TERM;
	return PRECIS_QUOTE_STATEMENT;
}
