/* Who said a quote: the attribution patterns around its marks.
 *
 * A cue is a reporting verb phrase (lang/<code>/quote-verbs.txt and
 * friends): a finite form (tonne, said), an auxiliary and a participle
 * (a déclaré, has said), a reflexive (s'insurge, s'est emporté), or an
 * inversion with a subject pronoun (a-t-il ajouté, s'insurge-t-elle,
 * lance-t-il). Right after a quote, any verb inverted with a pronoun is a
 * cue unless it is a form of être, avoir, savoir, vouloir
 * (quote-not-cues.txt).
 *
 * After the closing mark, in order:
 *   «...», cue-PRONOUN           a-t-il ajouté, s'insurge-t-elle
 *   «...», cue NP                a déclaré le maire, X; said Councillor X
 *   «...», selon NP              according to X
 *   “...,” NP cue                X said, he said, Mrs X said
 * A quote that ends with a full stop and no comma after its mark only takes
 * an inverted pronoun or a short "NP cue." sentence.
 *
 * Before the opening mark, within its sentence and after the quote before:
 *   NP cue : «...»               X a déclaré : ; X, qui poursuit : ; X said:
 *   Pour NP, «...»               also For X, Selon X, According to X
 *   NP cue ... «...»             X warned that ... “a hole in the budget”
 * The subject of a cue is, in order: the pronoun or relative right before
 * it (a relative goes to the person named last in the sentence), the first
 * person-like noun phrase of the clause (after an opening "In a statement,"
 * or "Appelé à la barre,"), the noun phrase right before the verb; or, for
 * a cue that opens the window (an inversion after the quote before), the
 * noun phrase after it. */
#include "core/quote_int.h"

#include <string.h>

#define WINDOW 60 /* tokens before a quote read at most */

static int is_word(const struct qpara *p, size_t i)
{
	return i < p->n && p->t[i].type == QT_WORD;
}

static int has(const struct qpara *p, enum qlist l, size_t i)
{
	return px_qlex_tok(p->lx, l, p, i);
}

static int has_key(const struct qpara *p, enum qlist l, const char *k, size_t n)
{
	return px_qlex_has(p->lx, l, k, n);
}

/* Skips adverbs (encore, later, any -ment or -ly word) and adverbial
 * phrases (pour sa part, for her part) from token k. */
static size_t skip_adverbs(const struct qpara *p, size_t k, size_t lim)
{
	while (k < lim && is_word(p, k)) {
		size_t l = px_qlex_phrase(p->lx, QL_ADVERBS, p, k);
		if (l) {
			k += l;
			continue;
		}
		const char *key = px_qtok_key(p, k);
		size_t n = p->t[k].flen;
		size_t suf = (p->t[k].flags & QF_CAP)
		                 ? 0
		                 : px_qlex_suffix(p->lx, QL_ADVSUF, key, n);
		if (!suf || n < suf + 3)
			break;
		k++;
	}
	return k;
}

/* The gender of pronoun key, or -1. */
static int pronoun_gender(const struct qpara *p, const char *k, size_t n)
{
	if (has_key(p, QL_PRON_M, k, n))
		return QG_MALE;
	if (has_key(p, QL_PRON_F, k, n))
		return QG_FEMALE;
	if (has_key(p, QL_PRON_PL, k, n))
		return QG_PLURAL;
	return -1;
}

/* A participle (or a participle phrase: fait savoir) after an auxiliary at
 * token k: the token after it, or 0. */
static size_t participle(const struct qpara *p, size_t k)
{
	size_t q = skip_adverbs(p, k, p->n);
	size_t l = px_qlex_phrase(p->lx, QL_PARTPHR, p, q);
	if (l > 1)
		return q + l;
	return has(p, QL_PARTS, q) ? q + 1 : 0;
}

size_t px_qa_cue(const struct qpara *p, size_t i, int generic, int *gender)
{
	*gender = -1;
	size_t k = i;
	int refl = 0;
	if (is_word(p, k) && has(p, QL_REFLEX, k)) {
		refl = 1;
		k++;
	}
	if (!is_word(p, k) || (p->t[k].flags & QF_CAP))
		return 0;
	const char *key = px_qtok_key(p, k);
	size_t n = p->t[k].flen;
	/* an inverted subject pronoun: dit-il, a-t-elle, s'est-il */
	const char *h = NULL;
	for (size_t q = n; q > 1; q--)
		if (key[q - 1] == '-') {
			h = key + q - 1;
			break;
		}
	if (h && h > key) {
		size_t base = (size_t)(h - key);
		int g = pronoun_gender(p, h + 1, n - base - 1);
		if (g >= 0) {
			/* a liaison between the verb and its pronoun: a-t-il */
			for (size_t q = base; q > 1; q--)
				if (key[q - 1] == '-') {
					if (q - 1 > 0 && px_qlex_has(p->lx, QL_INVLINK,
					                             key + q, base - q))
						base = q - 1;
					break;
				}
			if (has_key(p, QL_AUX, key, base) ||
			    (refl && has_key(p, QL_AUXREFL, key, base))) {
				size_t e = participle(p, k + 1);
				if (e)
					*gender = g;
				return e;
			}
			if (has_key(p, QL_NOTCUE, key, base))
				return 0;
			if (has_key(p, QL_VERBS, key, base) ||
			    (generic && !(p->t[k].flags & QF_CAP))) {
				*gender = g;
				return k + 1;
			}
			return 0;
		}
	}
	if (has(p, QL_AUX, k) || (refl && has(p, QL_AUXREFL, k)))
		return participle(p, k + 1);
	size_t l = px_qlex_phrase(p->lx, QL_VERBPHR, p, k);
	if (l > 1)
		return k + l;
	if (has(p, QL_VERBS, k))
		return k + 1;
	return 0;
}

/* The subject after an inverted cue ending at token k: "a déclaré le maire",
 * past an apposition ("assure, amère, Karine Lopez") or an indirect object
 * ("a réagi auprès de l'AFP le président du Medef", "confie au Parisien
 * X"), where only a person-like phrase counts. */
int px_qa_inverted_subject(struct qactx *ctx, const struct qpara *p, size_t k, size_t lim,
                           struct qnp *np)
{
	k = skip_adverbs(p, k, lim);
	if (px_qtok_is(p, k, ','))
		k++;
	enum qnp_kind kind = px_qp_np_slot(ctx->pp, p, k, lim, np);
	if (kind == NP_PERSON || kind == NP_PRONOUN || kind == NP_ROLE ||
	    kind == NP_UNNAMED || (kind == NP_ORG && !is_word(p, k + 1)) ||
	    (kind == NP_ORG && np->end < lim && !is_word(p, np->end)))
		return 1;
	for (size_t q = k + 1; q < lim && q < k + 9; q++) {
		if (px_qtok_final(p, q) || p->t[q].type == QT_MARK)
			break;
		if (!is_word(p, q) || !(has(p, QL_DET, q) || (p->t[q].flags & QF_CAP)))
			continue;
		kind = px_qp_np_slot(ctx->pp, p, q, lim, np);
		if (kind == NP_PERSON || kind == NP_ROLE || kind == NP_UNNAMED)
			return 1;
	}
	memset(np, 0, sizeof *np);
	np->person = -1;
	return 0;
}

static void attr_init(struct qattr *a)
{
	memset(a, 0, sizeof *a);
	a->np.person = -1;
}

static void set_cue(struct qattr *a, const struct qpara *p, size_t s, size_t e)
{
	a->cue_start = p->t[s].start;
	a->cue_end = p->t[e - 1].end;
}

/* A noun phrase that can say something. */
static int speaker_like(enum qnp_kind k)
{
	return k == NP_PERSON || k == NP_PRONOUN || k == NP_ROLE || k == NP_UNNAMED;
}

/* The end of the window after a closing mark: the next quote or 40 tokens. */
static size_t after_limit(const struct qpara *p, size_t j)
{
	size_t lim = j;
	while (lim < p->n && lim < j + 40 && !(p->t[lim].flags & QF_INQ) &&
	       !(p->t[lim].type == QT_MARK && p->t[lim].qrole == QR_OPEN))
		lim++;
	return lim;
}

/* The token after a short attribution is a stop: "X said." */
static int short_end(const struct qpara *p, size_t k, size_t lim)
{
	k = skip_adverbs(p, k, lim);
	return k >= p->n || p->t[k].type != QT_WORD;
}

int px_qa_after(struct qactx *ctx, const struct qpara *p, size_t c, size_t last,
                struct qattr *a)
{
	attr_init(a);
	size_t j = c + 1;
	int comma = 0;
	if (px_qtok_is(p, j, ',')) {
		comma = 1;
		j++;
	}
	if (j >= p->n)
		return 0;
	int hard = !comma && px_qtok_is(p, last, '.');
	size_t lim = after_limit(p, j);
	if (j >= lim)
		return 0;
	int g;
	size_t ce = px_qa_cue(p, j, 1, &g);
	if (ce) {
		if (g >= 0) {
			a->np.kind = NP_PRONOUN;
			a->np.gender = g;
			a->np.person =
			    g == QG_PLURAL ? -1 : px_qp_pronoun(ctx->pp, p, j, g);
			a->np.start = j;
			a->np.end = ce;
			set_cue(a, p, j, ce);
			a->how = QH_AFTER;
			a->end = p->t[ce - 1].end;
			return 1;
		}
		if (!hard) {
			struct qnp np;
			if (px_qa_inverted_subject(ctx, p, ce, lim, &np)) {
				a->np = np;
				set_cue(a, p, j, ce);
				a->how = QH_AFTER;
				a->end = p->t[np.end - 1].end;
				return 1;
			}
		}
	}
	size_t al = px_qlex_phrase(p->lx, QL_ACCORDING, p, j);
	if (al && !hard) {
		struct qnp np;
		if (px_qp_np(ctx->pp, p, j + al, lim, &np) != NP_NONE &&
		    np.kind != NP_RELATIVE) {
			a->np = np;
			a->how = QH_AFTER;
			a->end = p->t[np.end - 1].end;
			return 1;
		}
	}
	struct qnp np;
	enum qnp_kind k = px_qp_np(ctx->pp, p, j, lim, &np);
	if (k != NP_NONE && k != NP_RELATIVE) {
		size_t v = np.end;
		/* "the general secretary, Mark Devlin, told"; "Patterson, 58, said" */
		int g0;
		if (px_qtok_is(p, v, ',') && px_qa_cue(p, v + 1, 0, &g0) && g0 < 0) {
			v++;
		} else if (px_qtok_is(p, v, ',')) {
			size_t c = v + 1;
			while (c < lim && c < v + 12 && !px_qtok_is(p, c, ',') &&
			       !px_qtok_final(p, c))
				c++;
			if (px_qtok_is(p, c, ','))
				v = c + 1;
		}
		while (v < lim && is_word(p, v) && has(p, QL_CLITICS, v))
			v++;
		v = skip_adverbs(p, v, lim);
		size_t ve = px_qa_cue(p, v, 0, &g);
		if (ve && g < 0 && (!hard || short_end(p, ve, lim))) {
			a->np = np;
			set_cue(a, p, v, ve);
			a->how = QH_AFTER;
			a->end = p->t[ve - 1].end;
			return 1;
		}
	}
	return 0;
}

/* The first token of the window before token o. */
static size_t window_start(const struct qpara *p, size_t o, size_t from)
{
	size_t k = o;
	uint32_t s = o < p->n ? p->t[o].sent : 0;
	while (k > from && o - k < WINDOW && p->t[k - 1].sent == s)
		k--;
	return k;
}

/* The subject of the cue at tokens [k, ke) in the window [ws, o). */
static int subject(struct qactx *ctx, const struct qpara *p, size_t ws, size_t k,
                   size_t ke, size_t o, struct qnp *np)
{
	(void)o;
	/* the cue opens the window, right after the quote before: inverted */
	size_t f = ws;
	if (px_qtok_is(p, f, ','))
		f++;
	if (k == f && ws > 0 && p->t[ws - 1].type == QT_MARK)
		return px_qa_inverted_subject(ctx, p, ke, o, np);
	/* right before the verb: a pronoun or a relative */
	size_t b = k;
	while (b > ws) {
		size_t t = b - 1;
		if (is_word(p, t) && (has(p, QL_CLITICS, t) || has(p, QL_ADVERBS, t))) {
			b = t;
			continue;
		}
		break;
	}
	if (b > ws) {
		size_t t = b - 1;
		if (is_word(p, t) && has(p, QL_REL, t)) {
			size_t from = p->t[ws].start;
			/* the relative's antecedent may stand before the window (the
			 * quote before and its inversion) */
			size_t s0 = ws;
			while (s0 > 0 && p->t[s0 - 1].sent == p->t[t].sent &&
			       t - s0 < 2 * WINDOW)
				s0--;
			from = p->t[s0].start;
			int who = px_qp_last_in(ctx->pp, from, p->t[t].start, 0);
			memset(np, 0, sizeof *np);
			np->person = who;
			np->kind = who >= 0 ? NP_PERSON : NP_NONE;
			np->start = t;
			np->end = t + 1;
			return who >= 0;
		}
		if (is_word(p, t) && (has(p, QL_PRON_M, t) || has(p, QL_PRON_F, t) ||
		                      has(p, QL_PRON_PL, t))) {
			px_qp_np(ctx->pp, p, t, k, np);
			return np->kind == NP_PRONOUN;
		}
	}
	/* the first noun phrase of the clause; an organisation first stays the
	 * subject past an emphatic pronoun ("Le syndicat, lui, salue") */
	size_t s = ws;
	if (px_qtok_is(p, s, ','))
		s++;
	struct qnp org;
	int have_org = 0;
	for (int tries = 0; tries < 5 && s < k; tries++) {
		int emphatic = s > ws && px_qtok_is(p, s - 1, ',') &&
		               px_qtok_is(p, s + 1, ',') && is_word(p, s) &&
		               (has(p, QL_PRON_M, s) || has(p, QL_PRON_F, s) ||
		                has(p, QL_PRON_PL, s));
		enum qnp_kind kind = emphatic ? NP_NONE : px_qp_np(ctx->pp, p, s, k, np);
		/* "But Raj Mehta, ...": a leading conjunction */
		if (kind == NP_NONE && !emphatic && s + 1 < k && is_word(p, s) &&
		    has(p, QL_STOP, s) && !has(p, QL_DET, s) &&
		    !has(p, QL_DET_INDEF, s) && is_word(p, s + 1) &&
		    (p->t[s + 1].flags & QF_CAP) && !has(p, QL_DET, s + 1))
			kind = px_qp_np(ctx->pp, p, s + 1, k, np);
		if (speaker_like(kind))
			return 1;
		if (kind == NP_ORG && np->end >= b)
			return 1;
		if (kind == NP_ORG && !have_org && tries == 0) {
			org = *np;
			have_org = 1;
		}
		size_t c = s;
		while (c < k && !px_qtok_is(p, c, ','))
			c++;
		if (c >= k)
			break;
		s = c + 1;
	}
	if (have_org) {
		*np = org;
		return 1;
	}
	/* the noun phrase right before the verb */
	if (b > ws) {
		size_t t = b;
		while (t > ws && is_word(p, t - 1) && (p->t[t - 1].flags & QF_CAP) &&
		       b - t < 6)
			t--;
		if (t < b) {
			enum qnp_kind kind = px_qp_np(ctx->pp, p, t, b, np);
			if ((speaker_like(kind) || kind == NP_ORG) && np->end == b)
				return 1;
		}
	}
	memset(np, 0, sizeof *np);
	np->person = -1;
	return 0;
}

/* A cue used as a noun: "la note", "a report". */
static int after_det(const struct qpara *p, size_t k)
{
	return k > 0 && is_word(p, k - 1) &&
	       (has(p, QL_DET, k - 1) || has(p, QL_DET_INDEF, k - 1));
}

/* The attribution of the cue at [k, ke) with its subject. */
static int cue_subject(struct qactx *ctx, const struct qpara *p, size_t ws, size_t o,
                       size_t k, size_t ke, int g, struct qattr *a)
{
	if (g >= 0) {
		memset(&a->np, 0, sizeof a->np);
		a->np.kind = NP_PRONOUN;
		a->np.gender = g;
		a->np.person = g == QG_PLURAL ? -1 : px_qp_pronoun(ctx->pp, p, k, g);
	} else if (!subject(ctx, p, ws, k, ke, o, &a->np)) {
		return 0;
	}
	set_cue(a, p, k, ke);
	a->how = QH_BEFORE;
	return 1;
}

int px_qa_before(struct qactx *ctx, const struct qpara *p, size_t o, size_t from,
                 struct qattr *a)
{
	attr_init(a);
	size_t ws = window_start(p, o, from);
	if (ws >= o)
		return 0;
	int colon = px_qtok_is(p, o - 1, ':');
	/* the cues of the window, the last ones kept */
	struct {
		size_t k, e;
		int g;
	} cues[8];
	size_t nc = 0;
	for (size_t k = ws; k < o;) {
		int g;
		size_t e = (p->t[k].flags & QF_INQ) ? 0 : px_qa_cue(p, k, 0, &g);
		if (e && e <= o && !after_det(p, k)) {
			if (nc == 8) {
				memmove(cues, cues + 1, 7 * sizeof *cues);
				nc = 7;
			}
			cues[nc].k = k;
			cues[nc].e = e;
			cues[nc].g = g;
			nc++;
			k = e;
			continue;
		}
		k++;
	}
	if (colon && nc &&
	    cue_subject(ctx, p, ws, o, cues[nc - 1].k, cues[nc - 1].e, cues[nc - 1].g, a))
		return 1;
	if (colon)
		for (size_t c = nc - (nc > 0); c-- > 0;)
			if (cue_subject(ctx, p, ws, o, cues[c].k, cues[c].e, cues[c].g,
			                a))
				return 1;
	/* a speaker and a colon, no verb: "Jean Dupont : « ... »", "Le maire
	 * de Brest : « ... »" (headlines, reactions) */
	if (colon && !nc) {
		size_t s0 = ws;
		if (px_qtok_is(p, s0, ','))
			s0++;
		struct qnp np;
		enum qnp_kind kind = px_qp_np(ctx->pp, p, s0, o - 1, &np);
		if ((kind == NP_PERSON || kind == NP_ROLE) && np.end == o - 1) {
			a->np = np;
			a->how = QH_BEFORE;
			return 1;
		}
	}
	/* Pour X, « ... » at the clause start; selon X anywhere */
	size_t s = ws;
	if (px_qtok_is(p, s, ','))
		s++;
	size_t fl = px_qlex_phrase(p->lx, QL_FOR, p, s);
	for (size_t k = ws; k < o; k++) {
		/* "selon X" opens a clause: at the window start or after a comma */
		if (k != s && !px_qtok_is(p, k - 1, ','))
			continue;
		size_t al = k == s && fl ? fl : px_qlex_phrase(p->lx, QL_ACCORDING, p, k);
		if (!al)
			continue;
		struct qnp np;
		enum qnp_kind kind = px_qp_np(ctx->pp, p, k + al, o, &np);
		if ((speaker_like(kind) || kind == NP_ORG) && np.end < o &&
		    px_qtok_is(p, np.end, ',')) {
			a->np = np;
			a->how = QH_BEFORE;
			return 1;
		}
		k += al - 1;
	}
	for (size_t c = nc; c-- > 0;)
		if (cue_subject(ctx, p, ws, o, cues[c].k, cues[c].e, cues[c].g, a))
			return 1;
	return 0;
}

int px_qa_inside(struct qactx *ctx, const struct qpara *p, size_t first, size_t last,
                 struct qattr *a)
{
	attr_init(a);
	for (size_t k = first; k + 1 < last && k < first + 400; k++) {
		if (!px_qtok_is(p, k, ','))
			continue;
		int g;
		size_t ce = px_qa_cue(p, k + 1, 1, &g);
		if (!ce || ce > last)
			continue;
		if (g >= 0) {
			/* « Nous irons, explique-t-il, jusqu'au bout » */
			if (!px_qtok_is(p, ce, ',') && !px_qtok_final(p, ce))
				continue;
			a->np.kind = NP_PRONOUN;
			a->np.gender = g;
			a->np.person =
			    g == QG_PLURAL ? -1 : px_qp_pronoun(ctx->pp, p, k + 1, g);
		} else {
			/* « Nous irons, dit le maire, jusqu'au bout » */
			struct qnp np;
			enum qnp_kind kind = px_qp_np_slot(ctx->pp, p, ce, last, &np);
			if (!speaker_like(kind) || np.end > last ||
			    !px_qtok_is(p, np.end, ','))
				continue;
			a->np = np;
		}
		set_cue(a, p, k + 1, ce);
		a->how = QH_AFTER;
		return 1;
	}
	return 0;
}
