/* The quotes stage: every direct quote of a document, with who said it.
 *
 * One pass over the paragraphs in order (boilerplate skipped; a quote
 * carried over a boilerplate paragraph goes on after it). For each:
 * tokens, marks paired (quote_marks.c), people read (quote_people.c), an
 * interview or dialogue turn read (quote_turns.c), then each quote gets its
 * attribution (quote_attr.c: after it, before it, or an incise inside it)
 * and its kind (quote_kind.c). A quote with no attribution of its own
 * takes, in order: the person introduced between the quote before and it
 * ("Among those who testified was X. “...”"), or the speaker of the quote
 * just before, in its paragraph or at the end of the last one (a follow-up,
 * the second half of a split quote), with an empty cue; a term takes none.
 * Quotes nested in a quote are listed as terms with no speaker. A role
 * named before its holder ("demande le maire" before "Le maire, X,") is
 * resolved at the end of the document; so is a heading quote, which goes
 * to the interviewee of an interview or to the speaker of the same words
 * further down. */
#include "precis/quotes.h"

#include <stdlib.h>
#include <string.h>

#include "core/doc_int.h"
#include "core/quote_int.h"
#include "util/buf.h"
#include "util/mem.h"

struct spk {
	int set;    /* a speaker was found (maybe unnamed) */
	int person; /* or -1 */
	enum qnp_kind kind;
	size_t ts, te; /* organisation text */
	size_t rs, re; /* role text */
	int deferred;  /* a role to resolve at the end */
	char rolefold[64];
	int rgender;
	size_t rpos;
};

struct seg {
	size_t s, e;
};

/* What a quote's opening tells: the attribution before it, and the speaker
 * it would inherit. Kept aside only for the quote left open. */
struct opening {
	struct qattr before;
	struct qattr inside; /* an incise within the quote's first paragraph */
	struct spk fallback;
	enum qhow fallback_how;
};

struct rec {
	size_t start, end;
	size_t para, para_end;
	size_t seg0, nseg;
	size_t nwords;
	struct spk who;
	size_t cue_s, cue_e;
	enum qhow how;
	int kind;
	int dropped;
	size_t dash_run;    /* dialogue run (1-based), 0 for none */
	size_t attr_end;    /* bytes: where its attribution ends */
	size_t open_pos;    /* bytes: its opening mark (or first word) */
	int heading;        /* it stands in a heading */
	int mid;            /* it opens after a word, in mid-sentence */
	int sentence;       /* it holds sentence punctuation */
	size_t o;           /* opening mark token in its first paragraph */
	size_t first, last; /* word tokens in its first paragraph */
	int kind_known;
};

struct run_state {
	struct rec *v;
	size_t n, cap;
	struct seg *segs;
	size_t nseg, caseg;
	struct qpeople *pp;
	struct qactx ctx;
	const struct precis_doc *doc;
	/* the quote left open at a paragraph end */
	int pending;
	size_t pend;
	struct opening pend_open;
	/* inheritance */
	size_t last_stmt; /* index + 1 of the last statement with a speaker */
	size_t prev_para; /* the last non-boilerplate paragraph */
	/* a paragraph with no quote that has a named person speak in reported
	 * speech ("X told members the offer was a cut."): the speaker of a
	 * quote that opens the next paragraph with no attribution of its own */
	size_t intro_para;
	int intro_person;
	/* interviews */
	int interviewee_known;
	int interviewee;
	/* dialogue runs */
	size_t dash_run, dash_turns, dash_ids;
	int dash_incise;
	size_t dash_prev[2]; /* rec index + 1 of the last two turns */
};

static struct rec *new_rec(struct run_state *st, size_t para)
{
	st->v = px_xgrow(st->v, &st->cap, st->n + 1, sizeof *st->v);
	struct rec *r = &st->v[st->n++];
	memset(r, 0, sizeof *r);
	r->para = r->para_end = para;
	r->seg0 = st->nseg;
	r->who.person = -1;
	r->o = SIZE_MAX;
	return r;
}

static void add_seg(struct run_state *st, struct rec *r, size_t s, size_t e)
{
	if (e <= s)
		return;
	st->segs = px_xgrow(st->segs, &st->caseg, st->nseg + 1, sizeof *st->segs);
	st->segs[st->nseg].s = s;
	st->segs[st->nseg].e = e;
	st->nseg++;
	r->nseg++;
	if (r->nseg == 1)
		r->start = s;
	r->end = e;
}

static void spk_from_attr(struct spk *w, const struct qattr *a)
{
	memset(w, 0, sizeof *w);
	w->person = a->np.person;
	w->kind = a->np.kind;
	w->set = 1;
	if (a->np.kind == NP_ORG) {
		w->ts = a->np.tstart;
		w->te = a->np.tend;
	}
	w->rs = a->np.rstart;
	w->re = a->np.rend;
	if (a->np.kind == NP_ROLE && a->np.person < 0) {
		w->deferred = 1;
		memcpy(w->rolefold, a->np.rolefold, sizeof w->rolefold);
		w->rgender = a->np.gender;
		w->rpos = a->end;
	}
	if (a->np.kind == NP_PRONOUN && a->np.person < 0 && a->np.gender != QG_PLURAL)
		w->set = 1;
}

static int word_tok(const struct qpara *p, size_t i)
{
	return p->t[i].type == QT_WORD;
}

/* The first and last tokens of a stretch that hold words, or 0. */
static int trim(const struct qpara *p, size_t a, size_t b, size_t *first, size_t *last)
{
	while (a < b && p->t[a].type == QT_MARK && (p->t[a].flags & QF_CONTMARK))
		a++;
	size_t f = a;
	int any = 0;
	for (size_t k = a; k < b; k++)
		if (word_tok(p, k)) {
			any = 1;
			break;
		}
	if (!any || a >= b)
		return 0;
	/* “We lost everything,” said X: the comma belongs to the sentence
	 * around the quote, not to the words quoted */
	while (b - 1 > f && px_qtok_is(p, b - 1, ','))
		b--;
	*first = f;
	*last = b - 1;
	return 1;
}

/* The sentence a position falls in: the last one that starts at or before
 * it. */
static size_t sentence_of(const struct precis_doc *doc, size_t pos)
{
	size_t lo = 0, hi = doc->nsent;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (doc->sents[mid].span.start <= pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? lo - 1 : 0;
}

/* Remembers whether paragraph p introduces a speaker in reported speech:
 * no quote in it, a reporting verb, a person fully named. */
static void note_intro(struct run_state *st, const struct qpara *p, int has_quotes)
{
	st->intro_para = SIZE_MAX;
	st->intro_person = -1;
	if (has_quotes)
		return;
	int verb = 0;
	for (size_t k = 0; k < p->n && !verb; k++)
		verb = p->t[k].type == QT_WORD && px_qlex_tok(p->lx, QL_VERBS, p, k);
	if (!verb)
		return;
	int who = px_qp_last_in(st->pp, p->start, p->end, 1);
	if (who >= 0) {
		st->intro_para = p->index;
		st->intro_person = who;
	}
}

/* The speaker a quote with no attribution of its own would have: read when
 * it opens, used when it closes with none. */
static void inherit(struct run_state *st, const struct rec *r, const struct qpara *p,
                    size_t o, struct opening *op)
{
	size_t from = p->start;
	struct rec *prev = st->last_stmt ? &st->v[st->last_stmt - 1] : NULL;
	int near = prev && (prev->para_end == p->index ||
	                    (prev->para_end == st->prev_para && o == 0));
	if (prev && prev->para_end == p->index && prev->attr_end > from) {
		/* someone introduced after the sentence of the quote before, not
		 * in it ("she told BBC Radio X. “...”") */
		from = prev->attr_end;
		size_t s = sentence_of(st->doc, from);
		if (s < st->doc->nsent && st->doc->sents[s].span.end > from)
			from = st->doc->sents[s].span.end;
	}
	int who = px_qp_last_in(st->pp, from, r->open_pos, 1);
	if (who < 0 && o == 0 && st->prev_para != SIZE_MAX && st->intro_para == st->prev_para &&
	    !(prev && prev->para_end == st->prev_para))
		who = st->intro_person;
	if (who >= 0) {
		op->fallback.set = 1;
		op->fallback.person = who;
		op->fallback.kind = NP_PERSON;
		op->fallback_how = QH_INTRO;
		return;
	}
	if (near && prev->who.set) {
		op->fallback = prev->who;
		op->fallback_how = QH_INHERIT;
	}
}

static void finish(struct run_state *st, struct rec *r, const struct qattr *after,
                   const struct opening *op)
{
	if (r->nseg > 1)
		r->kind = PRECIS_QUOTE_STATEMENT;
	const struct qattr *a = after && after->how != QH_NONE ? after
	                        : op->before.how != QH_NONE    ? &op->before
	                        : op->inside.how != QH_NONE    ? &op->inside
	                                                       : NULL;
	if (a) {
		spk_from_attr(&r->who, a);
		r->how = a->how;
		r->cue_s = a->cue_start;
		r->cue_e = a->cue_end;
		r->attr_end = a->end ? a->end : r->end;
		if (a->np.person >= 0) {
			size_t at = a->cue_start ? a->cue_start : r->end;
			px_qp_mention(st->pp, a->np.person, at, sentence_of(st->doc, at));
		}
	} else {
		r->attr_end = r->end;
		if (op->fallback.set) {
			r->who = op->fallback;
			r->how = op->fallback_how;
		}
	}
	/* an unattributed statement in mid-sentence, short and with no
	 * sentence in it, is a name or a title: "un tabac avec « Je reviendrai
	 * demain matin »" */
	if (r->kind == PRECIS_QUOTE_STATEMENT && r->nseg == 1 && r->mid && !r->sentence &&
	    r->nwords <= 8 && (r->how == QH_NONE || r->how == QH_INTRO))
		r->kind = PRECIS_QUOTE_TERM;
	/* a term takes a speaker only from its own attribution */
	if (r->kind == PRECIS_QUOTE_TERM &&
	    (r->how == QH_INHERIT || r->how == QH_INTRO)) {
		memset(&r->who, 0, sizeof r->who);
		r->who.person = -1;
		r->how = QH_NONE;
	}
	if (r->who.set && (r->kind == PRECIS_QUOTE_STATEMENT || r->how == QH_AFTER ||
	                   r->how == QH_BEFORE))
		st->last_stmt = (size_t)(r - st->v) + 1;
}

/* A quote of p from mark o (or a continuation) to close c (or QM_EOP). */
/* Returns whether the windows of the quotes after it start after it (not
 * after a term: "décrit des nuits « épuisantes » : « ... »"). */
static int quote_piece(struct run_state *st, const struct qpara *p,
                       const struct qm_piece *pc, size_t from)
{
	size_t o = pc->open, c = pc->close == QM_EOP ? p->n : pc->close;
	size_t first, last;
	if (o == QM_CONT) {
		if (!st->pending)
			return 1;
		struct rec *r = &st->v[st->pend];
		if (trim(p, 0, c, &first, &last)) {
			add_seg(st, r, p->t[first].start, p->t[last].end);
			r->para_end = p->index;
			r->nwords +=
			    px_quote_words(p->text, p->t[first].start, p->t[last].end);
		}
		if (pc->close != QM_EOP) {
			st->pending = 0;
			struct qattr a;
			px_qa_after(&st->ctx, p, c, c ? c - 1 : 0, &a);
			finish(st, r, &a, &st->pend_open);
		}
		return 1;
	}
	if (!trim(p, o + 1, c, &first, &last))
		return 0;
	struct rec *r = new_rec(st, p->index);
	add_seg(st, r, p->t[first].start, p->t[last].end);
	r->nwords = px_quote_words(p->text, p->t[first].start, p->t[last].end);
	r->o = o;
	r->first = first;
	r->last = last;
	r->open_pos = p->t[o].start;
	r->kind = px_quote_kind(p, o, first, last, r->nwords);
	r->kind_known = 1;
	r->mid = o > 0 && word_tok(p, o - 1);
	for (size_t k = first; k <= last && !r->sentence; k++)
		r->sentence =
		    px_qtok_final(p, k) || px_qtok_is(p, k, ';') || px_qtok_is(p, k, ':');
	r->heading = p->index < st->doc->npara && st->doc->paras[p->index].heading;
	struct opening op;
	memset(&op, 0, sizeof op);
	op.fallback.person = -1;
	inherit(st, r, p, o, &op);
	px_qa_before(&st->ctx, p, o, from, &op.before);
	if (op.before.how == QH_NONE)
		px_qa_inside(&st->ctx, p, first, last, &op.inside);
	if (pc->close == QM_EOP) {
		st->pending = 1;
		st->pend = st->n - 1;
		st->pend_open = op;
		return 1;
	}
	struct qattr a;
	px_qa_after(&st->ctx, p, c, c - 1, &a);
	finish(st, r, &a, &op);
	return r->kind == PRECIS_QUOTE_STATEMENT;
}

/* A quote inside a quote: the speaker quoting someone's words. A term with
 * no speaker of its own; the statement is the outer quote. */
static void nested(struct run_state *st, const struct qpara *p, const struct qm_piece *pc)
{
	size_t first, last;
	if (!trim(p, pc->open + 1, pc->close, &first, &last))
		return;
	struct rec *r = new_rec(st, p->index);
	add_seg(st, r, p->t[first].start, p->t[last].end);
	r->nwords = px_quote_words(p->text, p->t[first].start, p->t[last].end);
	r->kind = PRECIS_QUOTE_TERM;
	r->kind_known = 1;
	r->open_pos = p->t[pc->open].start;
	r->attr_end = r->end;
}

/* The quote left open ended with its paragraph. */
static void close_pending(struct run_state *st)
{
	if (!st->pending)
		return;
	st->pending = 0;
	struct rec *r = &st->v[st->pend];
	finish(st, r, NULL, &st->pend_open);
}

static void end_dash_run(struct run_state *st)
{
	if (!st->dash_run)
		return;
	if (!st->dash_incise)
		for (size_t i = 0; i < st->n; i++)
			if (st->v[i].dash_run == st->dash_run)
				st->v[i].dropped = 1;
	st->dash_turns = 0;
	st->dash_incise = 0;
	st->dash_prev[0] = st->dash_prev[1] = 0;
	st->dash_run = 0;
}

static int same_speaker(const struct spk *a, const struct spk *b)
{
	if (a->person >= 0 || b->person >= 0)
		return a->person == b->person;
	if (a->deferred && b->deferred)
		return strcmp(a->rolefold, b->rolefold) == 0;
	return !a->set && !b->set;
}

static void turn(struct run_state *st, const struct qpara *p, const struct qturn *t)
{
	if (t->kind == QTURN_QUESTION) {
		if (!st->interviewee_known) {
			st->interviewee_known = 1;
			st->interviewee = px_qp_last_named(st->pp, p->start);
		}
		return;
	}
	size_t first = t->first, last = t->last;
	while (first <= last && !word_tok(p, first) && p->t[first].type != QT_MARK)
		first++;
	if (first > last || first >= p->n)
		return;
	struct rec *r = new_rec(st, p->index);
	add_seg(st, r, p->t[first].start, p->t[last].end);
	r->nwords = px_quote_words(p->text, p->t[first].start, p->t[last].end);
	r->kind = PRECIS_QUOTE_STATEMENT;
	r->kind_known = 1;
	r->open_pos = p->t[first].start;
	r->attr_end = r->end;
	if (t->kind == QTURN_ANSWER) {
		if (!st->interviewee_known) {
			st->interviewee_known = 1;
			st->interviewee = px_qp_last_named(st->pp, p->start);
		}
		r->who.set = st->interviewee >= 0;
		r->who.person = st->interviewee;
		r->who.kind = NP_PERSON;
		r->how = QH_TURN;
	} else if (t->kind == QTURN_NAMED) {
		r->who.set = 1;
		r->who.person = t->person;
		r->who.kind = NP_PERSON;
		r->how = QH_TURN;
	} else if (t->kind == QTURN_DASH) {
		if (!st->dash_run)
			st->dash_run = ++st->dash_ids;
		r->dash_run = st->dash_run;
		if (t->attr.how != QH_NONE) {
			st->dash_incise = 1;
			spk_from_attr(&r->who, &t->attr);
			r->cue_s = t->attr.cue_start;
			r->cue_e = t->attr.cue_end;
			r->how = QH_TURN;
		} else if (st->dash_prev[0] && st->dash_prev[1]) {
			const struct rec *a = &st->v[st->dash_prev[0] - 1];
			const struct rec *b = &st->v[st->dash_prev[1] - 1];
			if (!same_speaker(&a->who, &b->who) && b->who.set) {
				r->who = b->who;
				r->how = QH_INHERIT;
			}
		}
		st->dash_prev[1] = st->dash_prev[0];
		st->dash_prev[0] = st->n;
	}
	if (r->who.person >= 0)
		px_qp_mention(st->pp, r->who.person, r->start,
		              sentence_of(st->doc, r->start));
	if (r->who.set)
		st->last_stmt = st->n;
}

static const char *span_str(struct precis_doc *doc, size_t a, size_t b)
{
	if (b <= a)
		return "";
	char *s = px_xstrndup(doc->text + a, b - a);
	const char *r = px_doc_intern(doc, s);
	free(s);
	return r;
}

static double confidence(const struct rec *r)
{
	if (!r->who.set)
		return 0.0;
	double c;
	switch (r->how) {
	case QH_AFTER:
	case QH_BEFORE:
		c = 0.9;
		break;
	case QH_TURN:
		c = 0.85;
		break;
	case QH_INTRO:
		c = 0.6;
		break;
	case QH_INHERIT:
		c = 0.7;
		break;
	default:
		c = 0.3;
	}
	if (r->who.kind == NP_PRONOUN || r->who.kind == NP_ROLE)
		c -= 0.15;
	if (r->who.person < 0 && r->who.kind != NP_ORG && r->who.kind != NP_UNNAMED)
		c = 0.1;
	return c;
}

/* Whether s holds a letter (any non-ASCII byte is taken for one). */
static int has_letter(const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c >= 0x80 || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))
			return 1;
	}
	return 0;
}

static void emit(struct run_state *st, struct precis_doc *doc)
{
	struct px_buf b;
	px_buf_init(&b, (size_t)1 << 31);
	for (size_t i = 0; i < st->n; i++) {
		struct rec *r = &st->v[i];
		if (r->dropped || !r->nseg)
			continue;
		struct spk *w = &r->who;
		if (w->deferred && w->person < 0)
			w->person =
			    px_qp_role_after(st->pp, w->rpos, w->rolefold, w->rgender);
		w->person = px_qp_shown(st->pp, w->person);
		struct precis_quote *q = px_doc_add_quote(doc);
		q->span.start = r->start;
		q->span.end = r->end;
		q->paragraph = r->para;
		q->paragraph_end = r->para_end;
		q->sentence = sentence_of(doc, r->start);
		px_buf_reset(&b);
		for (size_t k = 0; k < r->nseg; k++) {
			const struct seg *s = &st->segs[r->seg0 + k];
			if (k)
				px_buf_addc(&b, '\n');
			px_buf_add(&b, doc->text + s->s, s->e - s->s);
		}
		q->text = px_doc_intern(doc, b.data ? b.data : "");
		q->words = px_quote_words(q->text, 0, strlen(q->text));
		if (w->person >= 0) {
			q->speaker = px_doc_intern(doc, px_qp_name(st->pp, w->person));
			q->role = w->re > w->rs
			              ? span_str(doc, w->rs, w->re)
			              : px_doc_intern(doc, px_qp_role(st->pp, w->person));
		} else if (w->kind == NP_ORG) {
			q->speaker = span_str(doc, w->ts, w->te);
			q->role = "";
		} else {
			q->speaker = "";
			q->role = w->re > w->rs ? span_str(doc, w->rs, w->re) : "";
		}
		/* "Gemma Ruiz, 52, said": an age is no role */
		if (!has_letter(q->role))
			q->role = "";
		q->cue = r->how == QH_INHERIT || r->how == QH_INTRO
		             ? ""
		             : span_str(doc, r->cue_s, r->cue_e);
		q->kind = (enum precis_quote_kind)r->kind;
		q->confidence = confidence(r);
	}
	px_buf_free(&b);
}

/* A quote in a heading with no attribution: the interviewee of an
 * interview, or the speaker of the same words further down. */
static void heading_speakers(struct run_state *st)
{
	const char *text = st->doc->text;
	for (size_t i = 0, done = 0; i < st->n && done < 64; i++) {
		struct rec *r = &st->v[i];
		if (!r->heading || r->who.set || r->dropped || r->nseg != 1)
			continue;
		done++;
		if (st->interviewee_known && st->interviewee >= 0) {
			r->who.set = 1;
			r->who.person = st->interviewee;
			r->who.kind = NP_PERSON;
			r->how = QH_INHERIT;
			continue;
		}
		size_t n = r->end - r->start;
		for (size_t k = i + 1; k < st->n && k < i + 256; k++) {
			struct rec *o = &st->v[k];
			if (o->heading || !o->who.set || o->dropped)
				continue;
			size_t on = o->end - o->start;
			if (on < n)
				continue;
			/* the heading's words inside the later quote */
			const char *hit = NULL;
			for (size_t a = o->start; a + n <= o->end && !hit; a++)
				if (memcmp(text + a, text + r->start, n) == 0)
					hit = text + a;
			if (hit) {
				r->who = o->who;
				r->how = QH_INHERIT;
				break;
			}
		}
	}
}

static int cmp_rec(const void *a, const void *b)
{
	const struct rec *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return 0;
}

enum precis_status precis_quotes(struct precis_doc *doc, const struct precis_langset *set,
                                 struct precis_error *err)
{
	(void)err;
	px_doc_clear_quotes(doc);
	struct qlexset *ls = px_xmalloc(sizeof *ls);
	px_qlex_init(ls, set);
	struct run_state st;
	memset(&st, 0, sizeof st);
	st.pp = px_qp_new(ls);
	st.ctx.pp = st.pp;
	st.ctx.doc = doc;
	st.doc = doc;
	st.prev_para = SIZE_MAX;
	st.intro_para = SIZE_MAX;
	st.intro_person = -1;
	struct qpara p;
	memset(&p, 0, sizeof p);
	struct qm_pieces pieces = {0};
	struct qm_carry carry = {0};
	const char *doclang = doc->lang;
	for (size_t pi = 0; pi < doc->npara; pi++) {
		const struct precis_para *para = &doc->paras[pi];
		if (para->boilerplate)
			continue;
		const char *lang =
		    para->lang && strcmp(para->lang, "und") ? para->lang : doclang;
		const struct qlex *lx = px_qlex_for(ls, lang);
		px_qtok_para(&p, doc, pi, &ls->all, lx);
		int continued;
		px_qm_pair(&p, &carry, &pieces, &continued);
		if (st.pending && !continued)
			close_pending(&st);
		px_qp_scan(st.pp, &p);
		struct qturn t;
		enum qturn_kind tk =
		    para->heading ? QTURN_NONE : px_qturn_read(&st.ctx, &p, &t);
		if (tk != QTURN_DASH)
			end_dash_run(&st);
		if (tk != QTURN_NONE)
			turn(&st, &p, &t);
		size_t from = tk == QTURN_NONE ? 0 : t.label_end;
		for (size_t k = 0; k < pieces.n; k++) {
			if (quote_piece(&st, &p, &pieces.v[k], from) &&
			    pieces.v[k].close != QM_EOP)
				from = pieces.v[k].close + 1;
		}
		for (size_t k = 0; k < pieces.nin; k++)
			nested(&st, &p, &pieces.in[k]);
		note_intro(&st, &p, para->heading || pieces.n || continued || tk != QTURN_NONE);
		st.prev_para = pi;
	}
	close_pending(&st);
	end_dash_run(&st);
	heading_speakers(&st);
	if (st.n > 1) /* st.v is NULL when nothing was found: no qsort on it */
		qsort(st.v, st.n, sizeof *st.v, cmp_rec);
	emit(&st, doc);
	free(pieces.v);
	free(pieces.in);
	px_qtok_release(&p);
	px_qp_free(st.pp);
	free(st.v);
	free(st.segs);
	free(ls);
	return PRECIS_OK;
}
