/* Interview and dialogue turns: words said without quotation marks.
 *
 * - "Q : ..." (lang/<code>/quote-interview-questions.txt) is a journalist's
 *   question, not a quote; "R : ..." (quote-interview-answers.txt) is the
 *   interviewee's answer.
 * - "Name : ..." is a turn of a transcript when the label names a person
 *   of the document: a name ("Claire Jouvenel"), a title and a surname, or
 *   a role that resolves ("La ministre").
 * - "— ..." (em or en dash, or a spaced hyphen) is a dialogue turn; an
 *   incise after ! ? , or … ("lance-t-il", "demande le maire") ends the
 *   words and names the speaker. Whether a run of dashes is a dialogue at
 *   all is decided over the run (quotes.c): one incise at least. */
#include "core/quote_int.h"

#include <string.h>

static int has(const struct qpara *p, enum qlist l, size_t i)
{
	return px_qlex_tok(p->lx, l, p, i);
}

static int incise_punct(const struct qpara *p, size_t k)
{
	if (p->t[k].type != QT_PUNCT)
		return 0;
	int32_t c = p->t[k].cp;
	return c == '!' || c == '?' || c == ',' || c == 0x2026;
}

static void read_incise(struct qactx *ctx, const struct qpara *p, struct qturn *t)
{
	for (size_t k = t->first; k + 1 < p->n; k++) {
		if ((p->t[k].flags & QF_INQ) || !incise_punct(p, k))
			continue;
		int g;
		size_t ce = px_qa_cue(p, k + 1, 1, &g);
		if (!ce)
			continue;
		struct qattr *a = &t->attr;
		memset(a, 0, sizeof *a);
		if (g >= 0) {
			a->np.kind = NP_PRONOUN;
			a->np.gender = g;
			a->np.person =
			    g == QG_PLURAL ? -1 : px_qp_pronoun(ctx->pp, p, k + 1, g);
		} else {
			if (!px_qa_inverted_subject(ctx, p, ce, p->n, &a->np))
				continue;
		}
		a->how = QH_TURN;
		a->cue_start = p->t[k + 1].start;
		a->cue_end = p->t[ce - 1].end;
		t->last = p->t[k].cp == ',' ? k - 1 : k;
		return;
	}
}

enum qturn_kind px_qturn_read(struct qactx *ctx, const struct qpara *p, struct qturn *t)
{
	memset(t, 0, sizeof *t);
	t->person = -1;
	t->kind = QTURN_NONE;
	if (p->n < 3)
		return t->kind;
	const struct qtok *t0 = &p->t[0];
	if (t0->type == QT_PUNCT && (t0->cp == 0x2014 || t0->cp == 0x2013 ||
	                             (t0->cp == '-' && (t0->flags & QF_SPA)))) {
		t->kind = QTURN_DASH;
		t->first = 1;
		t->last = p->n - 1;
		read_incise(ctx, p, t);
		return t->kind;
	}
	size_t c = 0;
	for (; c < p->n && c < 8; c++) {
		if (px_qtok_is(p, c, ':'))
			break;
		if (p->t[c].type == QT_WORD && !(p->t[c].flags & QF_INQ))
			continue;
		if (px_qtok_is(p, c, '.') && c > 0)
			continue;
		return t->kind;
	}
	if (c == 0 || c >= 8 || c + 1 >= p->n)
		return t->kind;
	/* "Le maire : « ... »": the quote is read as a quote */
	if (p->t[c + 1].type == QT_MARK && p->t[c + 1].qrole == QR_OPEN)
		return t->kind;
	t->first = c + 1;
	t->last = p->n - 1;
	t->label_end = c + 1;
	if (c == 1 && has(p, QL_IQ, 0) && (p->t[0].flags & QF_CAP))
		return t->kind = QTURN_QUESTION;
	if (c == 1 && has(p, QL_IA, 0) && (p->t[0].flags & QF_CAP))
		return t->kind = QTURN_ANSWER;
	int who = px_qp_label(ctx->pp, p, 0, c);
	if (who >= 0) {
		t->person = who;
		t->kind = QTURN_NAMED;
	}
	return t->kind;
}
