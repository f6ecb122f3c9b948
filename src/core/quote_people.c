/* The people of a document, and who a noun phrase is.
 *
 * A person is registered when a run of capitalised words reads as a name:
 * a title before it (M., Mme, Dr, Mr, Councillor), a known first name
 * (lang/<code>/first-names-*.txt), a role next to it ("le conseiller
 * municipal X", "X, a hydrologist", "the council leader, X"), an age
 * ("X, 67,"), or a reporting verb beside it ("said X", "X said"). Titles
 * and roles are kept apart from the name; "Gary and Linda Moffat" are two
 * people; "Yannick Le Bihan" keeps its particle. A run with an organisation
 * word (lang/<code>/org-words.txt) or all in capitals is not a person; an
 * organisation named after its kind ("l'association Terres et Rivières")
 * is one, and "l'association" later is it. Someone known by a definite role
 * only ("le ministre de la Santé") is a person with no name, shown as the
 * one named later with that role if any.
 *
 * Each name, surname-only or title+surname mention, and definite role
 * ("la députée", "the minister") that resolves to someone is a mention, in
 * text order. A pronoun goes to the latest mention of its gender (so "she"
 * finds the woman named two people back), or to a more recent person of no
 * known gender in its sentence or the one before; a demonstrative ("ce
 * père de famille") to the person just spoken of; a role to the latest
 * person who holds it, told apart by the proper nouns of its complement
 * ("le maire de Quimper" is not the mayor of Brest). Gender comes from
 * titles, first names, determiners (la, le) and gendered roles (députée,
 * spokeswoman). Every walk back is bounded, so the cost is linear. */
#include "core/quote_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/lang_int.h"
#include "core/utf8.h"
#include "util/buf.h"
#include "util/mem.h"

#define WALK 400 /* mentions looked at, at most, per question */

struct person {
	char *name;
	char *first;    /* folded first name, or "" */
	char *sur;      /* folded surname */
	char *role;     /* as written, or "" */
	char *rolefold; /* " word word " of every role seen, folded */
	int gender;
	int prev_sur;   /* the person before with the same surname, or -1 */
	int org;        /* an organisation: "Ardoux Vivante" (sur: its folded name) */
	int anon;       /* known by a role only: "le ministre de la Santé" */
	size_t pos0;    /* anon: where the role was first read */
	char head[64];  /* anon: the folded role words */
	unsigned stamp; /* the last walk that looked at its roles */
};

struct mention {
	size_t pos;
	uint32_t sent; /* its doc sentence */
	int person;
	int named; /* a name, not a role */
};

struct qpeople {
	const struct qlexset *ls;
	struct person *v;
	size_t n, cap;
	struct mention *m;
	size_t nm, cam;
	int *hash; /* surname -> latest person, open addressing */
	size_t hcap;
	unsigned walk; /* walks over roles, so each person is tried once a walk */
};

struct qpeople *px_qp_new(const struct qlexset *ls)
{
	struct qpeople *pp = px_xcalloc(1, sizeof *pp);
	pp->ls = ls;
	pp->hcap = 64;
	pp->hash = px_xmalloc(pp->hcap * sizeof *pp->hash);
	for (size_t i = 0; i < pp->hcap; i++)
		pp->hash[i] = -1;
	return pp;
}

void px_qp_free(struct qpeople *pp)
{
	if (!pp)
		return;
	for (size_t i = 0; i < pp->n; i++) {
		free(pp->v[i].name);
		free(pp->v[i].first);
		free(pp->v[i].sur);
		free(pp->v[i].role);
		free(pp->v[i].rolefold);
	}
	free(pp->v);
	free(pp->m);
	free(pp->hash);
	free(pp);
}

/* ---- surname table ---- */

static size_t hash_str(const char *s)
{
	size_t h = 1469598103934665603u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

static int sur_lookup(const struct qpeople *pp, const char *sur)
{
	size_t mask = pp->hcap - 1, h = hash_str(sur) & mask;
	while (pp->hash[h] >= 0) {
		if (strcmp(pp->v[pp->hash[h]].sur, sur) == 0)
			return pp->hash[h];
		h = (h + 1) & mask;
	}
	return -1;
}

static void sur_set(struct qpeople *pp, int person);

static void rehash(struct qpeople *pp)
{
	size_t old = pp->hcap;
	int *oh = pp->hash;
	pp->hcap *= 2;
	pp->hash = px_xmalloc(pp->hcap * sizeof *pp->hash);
	for (size_t i = 0; i < pp->hcap; i++)
		pp->hash[i] = -1;
	for (size_t i = 0; i < old; i++)
		if (oh[i] >= 0) {
			size_t mask = pp->hcap - 1, h = hash_str(pp->v[oh[i]].sur) & mask;
			while (pp->hash[h] >= 0)
				h = (h + 1) & mask;
			pp->hash[h] = oh[i];
		}
	free(oh);
}

static void sur_set(struct qpeople *pp, int person)
{
	if ((pp->n + 1) * 2 > pp->hcap)
		rehash(pp);
	const char *sur = pp->v[person].sur;
	size_t mask = pp->hcap - 1, h = hash_str(sur) & mask;
	while (pp->hash[h] >= 0) {
		if (strcmp(pp->v[pp->hash[h]].sur, sur) == 0) {
			pp->v[person].prev_sur = pp->hash[h];
			pp->hash[h] = person;
			return;
		}
		h = (h + 1) & mask;
	}
	pp->v[person].prev_sur = -1;
	pp->hash[h] = person;
}

/* How many mentions stand before byte pos (they are in text order). */
static size_t before(const struct qpeople *pp, size_t pos)
{
	size_t lo = 0, hi = pp->nm;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (pp->m[mid].pos < pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* ---- small helpers ---- */

static const struct qlex *all_lex(const struct qpeople *pp)
{
	return &pp->ls->all;
}

static int is_word(const struct qpara *p, size_t i)
{
	return i < p->n && p->t[i].type == QT_WORD;
}

static int cap_word(const struct qpara *p, size_t i)
{
	return is_word(p, i) && (p->t[i].flags & QF_CAP) && (p->t[i].flags & QF_ALPHA);
}

static int lower_word(const struct qpara *p, size_t i)
{
	return is_word(p, i) && !(p->t[i].flags & QF_CAP) && (p->t[i].flags & QF_ALPHA);
}

static int has(const struct qpara *p, enum qlist l, size_t i)
{
	return px_qlex_tok(p->lx, l, p, i);
}

/* Key lookup in the paragraph's language, then in all languages. */
/* Whether key is in list l of a language other than the paragraph's. */
static int others_have(const struct qpeople *pp, const struct qpara *p, enum qlist l,
                       const char *key, size_t len)
{
	const struct qlexset *ls = pp->ls;
	if (p->lx == &ls->all)
		return 0; /* the paragraph's lexicon already holds every language */
	for (size_t j = 0; j < ls->n; j++) {
		const struct qlex *o = &ls->per[j];
		if (o == p->lx)
			continue;
		if (o->lang && o->bit[l] != 255) {
			if ((px_lang_word_mask(o->lang, key, len) >> o->bit[l]) & 1)
				return 1;
		} else if (px_qlex_has(o, l, key, len)) {
			return 1;
		}
	}
	return 0;
}

static int has_any(const struct qpeople *pp, const struct qpara *p, enum qlist l,
                   size_t i)
{
	return has(p, l, i) ||
	       (is_word(p, i) && others_have(pp, p, l, px_qtok_key(p, i), p->t[i].flen));
}

/* A one-letter capital directly followed by a period: an initial. */
static int initial_at(const struct qpara *p, size_t i)
{
	if (!cap_word(p, i) || !px_qtok_is(p, i + 1, '.'))
		return 0;
	if (p->t[i + 1].start != p->t[i].end)
		return 0;
	size_t k = p->t[i].start;
	px_utf8_next(p->text, p->t[i].end, &k);
	return k == p->t[i].end;
}

/* A title at token i: its length in tokens (with its period), or 0. */
static size_t title_at(const struct qpeople *pp, const struct qpara *p, size_t i,
                       int *gender)
{
	/* a title is followed by a name (after its period, if any) */
	if (!cap_word(p, i) ||
	    !(cap_word(p, i + 1) || (px_qtok_is(p, i + 1, '.') && cap_word(p, i + 2))))
		return 0;
	const char *key = px_qtok_key(p, i);
	size_t len = p->t[i].flen;
	int dot =
	    len <= 4 && px_qtok_is(p, i + 1, '.') && p->t[i + 1].start == p->t[i].end;
	char buf[64];
	size_t n = 0;
	if (dot && len + 2 < sizeof buf) {
		memcpy(buf, key, len);
		buf[len] = '.';
		if (px_qlex_has(p->lx, QL_TITLES, buf, len + 1) ||
		    px_qlex_has(all_lex(pp), QL_TITLES, buf, len + 1)) {
			n = 2;
			key = buf;
			len++;
		}
	}
	if (!n && has(p, QL_TITLES, i))
		n = dot ? 2 : 1;
	if (!n)
		return 0;
	/* a title must be followed by a name */
	if (!cap_word(p, i + n))
		return 0;
	if (gender) {
		*gender = QG_UNKNOWN;
		if (px_qlex_has(p->lx, QL_TITLES_F, key, len))
			*gender = QG_FEMALE;
		else if (px_qlex_has(p->lx, QL_TITLES_M, key, len))
			*gender = QG_MALE;
	}
	return n;
}

/* The gender a first name gives (folded key), in the paragraph's language
 * first: QG_*; -1 when it is no known first name. A compound first name
 * reads by its first part (Jean-Baptiste, Marie-Claude). */
static int first_name_gender(const struct qpeople *pp, const struct qpara *p,
                             const char *key, size_t len)
{
	int f = px_qlex_has(p->lx, QL_FIRST_F, key, len);
	int m = px_qlex_has(p->lx, QL_FIRST_M, key, len);
	if (!f && !m) {
		f = others_have(pp, p, QL_FIRST_F, key, len);
		m = others_have(pp, p, QL_FIRST_M, key, len);
	}
	if (f || m)
		return f && m ? QG_UNKNOWN : f ? QG_FEMALE : QG_MALE;
	const char *h = memchr(key, '-', len);
	if (h && h > key)
		return first_name_gender(pp, p, key, (size_t)(h - key));
	return -1;
}

static int tok_first_gender(const struct qpeople *pp, const struct qpara *p, size_t i)
{
	if (!cap_word(p, i))
		return -1;
	/* the paragraph's language first, its answers kept in the token */
	const char *key = px_qtok_key(p, i);
	size_t len = p->t[i].flen;
	int f = has(p, QL_FIRST_F, i), m = has(p, QL_FIRST_M, i);
	if (!f && !m) {
		f = others_have(pp, p, QL_FIRST_F, key, len);
		m = others_have(pp, p, QL_FIRST_M, key, len);
	}
	if (f || m)
		return f && m ? QG_UNKNOWN : f ? QG_FEMALE : QG_MALE;
	const char *h = memchr(key, '-', len);
	if (h && h > key)
		return first_name_gender(pp, p, key, (size_t)(h - key));
	return -1;
}

static int role_gender(const struct qpara *p, size_t i)
{
	if (has(p, QL_ROLES_F, i))
		return QG_FEMALE;
	if (has(p, QL_ROLES_M, i))
		return QG_MALE;
	return QG_UNKNOWN;
}

static int det_gender(const struct qpara *p, size_t i)
{
	if (has(p, QL_DET_F, i))
		return QG_FEMALE;
	if (has(p, QL_DET_M, i))
		return QG_MALE;
	return QG_UNKNOWN;
}

static int compatible(int a, int b)
{
	return a == QG_UNKNOWN || b == QG_UNKNOWN || a == b;
}

/* ---- name runs ---- */

struct run {
	size_t s, e;   /* tokens [s, e): titles, capitalised roles and the name */
	size_t ns;     /* the first token of the name proper */
	size_t nw;     /* name words (initials and particles left out) */
	size_t firstw; /* the first name word */
	size_t lastw;  /* the last name word */
	int title, tgender;
	int prefix;     /* capitalised roles before the name (Assistant U.S. Attorney) */
	int org;        /* holds an organisation word */
	int upper_only; /* every name word in capitals */
	int poss;       /* the last word is a possessive (Kessler's) */
	int fgender;    /* what the first name word says, -1 when unknown */
};

/* A name particle (de, van, d'), lowercase, or capitalised inside a name
 * when cap is set (Yannick Le Bihan, Charles De Vries). */
static int particle_cap(const struct qpeople *pp, const struct qpara *p, size_t i,
                        int cap)
{
	if (!is_word(p, i) || ((p->t[i].flags & QF_CAP) && !cap))
		return 0;
	const char *k = px_qtok_key(p, i);
	size_t len = p->t[i].flen;
	if (!(p->t[i].flags & QF_ELIDED))
		return has_any(pp, p, QL_PARTICLES, i);
	if (len > 1)
		len--; /* d' -> d */
	return px_qlex_has(p->lx, QL_PARTICLES, k, len) ||
	       others_have(pp, p, QL_PARTICLES, k, len);
}

static int particle(const struct qpeople *pp, const struct qpara *p, size_t i)
{
	return particle_cap(pp, p, i, 0);
}

/* The length (folded bytes, one a code point) of a possessive ending of
 * word i ("Kessler's"), or 0. */
static int possessive_word(const struct qpara *p, size_t i)
{
	return (int)px_qlex_suffix(p->lx, QL_POSS, px_qtok_key(p, i), p->t[i].flen);
}

/* Reads a run of capitalised words at token i (before lim). 0 when there is
 * none (a lone stopword, a lowercase word). */
/* Whether token k is the apostrophe of a plural possessive inside an
 * organisation's name: "the Old Town Residents' Association", "Teachers'
 * Federation": glued to a word ending in s, not a quotation mark, and
 * followed by capitalised words that hold an organisation word. */
static int plural_possessive_in_org(const struct qpeople *pp, const struct qpara *p,
                                    size_t k)
{
	if (k == 0 || k + 1 >= p->n || p->t[k].type != QT_MARK || p->t[k].qrole != QR_NONE)
		return 0;
	const struct qtok *t = &p->t[k], *w = &p->t[k - 1];
	int apos = t->cp == '\'' || t->cp == 0x2019 || t->cp == 0x02BC;
	if (!apos || !cap_word(p, k - 1) || w->end != t->start ||
	    (p->text[w->end - 1] | 0x20) != 's' || !cap_word(p, k + 1))
		return 0;
	for (size_t j = k + 1; j < k + 4 && cap_word(p, j); j++)
		if (has_any(pp, p, QL_ORG, j))
			return 1;
	return 0;
}

static int collect(const struct qpeople *pp, const struct qpara *p, size_t i, size_t lim,
                   struct run *r)
{
	memset(r, 0, sizeof *r);
	r->s = i;
	r->fgender = -1;
	size_t k = i;
	int g;
	size_t tl;
	if (!cap_word(p, i))
		return 0;
	while (k < lim && (tl = title_at(pp, p, k, &g)) > 0) {
		r->title = 1;
		if (g)
			r->tgender = g;
		k += tl;
	}
	size_t ns = k;
	if (!r->title && cap_word(p, k) && has(p, QL_STOP, k) && !has(p, QL_ROLES, k))
		return 0;
	size_t upper = 0;
	while (k < lim && k - i < 12) {
		if (initial_at(p, k)) {
			k += 2;
			continue;
		}
		if (cap_word(p, k)) {
			/* a capitalised particle inside a name: Le Bihan, De Vries */
			if (r->nw && particle_cap(pp, p, k, 1) && cap_word(p, k + 1) &&
			    !(p->t[k + 1].flags & QF_UPPER)) {
				k++;
				continue;
			}
			if (k > ns && has(p, QL_STOP, k))
				break;
			if (!r->nw)
				r->firstw = k;
			r->lastw = k;
			r->nw++;
			upper += (p->t[k].flags & QF_UPPER) != 0;
			k++;
			if (possessive_word(p, k - 1))
				break;
			continue;
		}
		if (r->nw && particle(pp, p, k) && cap_word(p, k + 1)) {
			k++;
			continue;
		}
		if (r->nw && plural_possessive_in_org(pp, p, k)) {
			k++;
			continue;
		}
		break;
	}
	if (!r->nw)
		return 0;
	r->e = k;
	r->ns = ns;
	/* capitalised roles before the name: cut at the first known first
	 * name, else drop leading titles, roles and dotted abbreviations */
	size_t cut = ns;
	int cutg = -1;
	for (size_t j = ns, words = 0; j < r->e && words < 4 && (r->nw >= 2 || r->title);
	     j++) {
		if (!cap_word(p, j) || initial_at(p, j))
			continue;
		words++;
		/* a first name is followed by a surname: "Maryse Tanguy" is not
		 * cut at Tanguy */
		if (j == ns || j < r->lastw) {
			if ((cutg = tok_first_gender(pp, p, j)) >= 0) {
				cut = j;
				break;
			}
		}
	}
	if (cut == ns) {
		size_t j = ns;
		while (j < r->lastw) {
			if (cap_word(p, j) && !initial_at(p, j) &&
			    (has(p, QL_ROLES, j) || has(p, QL_TITLES, j))) {
				j++;
				continue;
			}
			/* a dotted abbreviation glued together: U.S. */
			if (initial_at(p, j) && !(p->t[j + 1].flags & QF_SPA) &&
			    initial_at(p, j + 2)) {
				while (initial_at(p, j) && j < r->lastw)
					j += 2;
				continue;
			}
			break;
		}
		if (j > ns && j <= r->lastw && cap_word(p, j) && !initial_at(p, j))
			cut = j;
	}
	if (cut > ns) {
		r->prefix = 1;
		r->ns = cut;
		r->nw = 0;
		upper = 0;
		for (size_t j = cut; j < r->e; j++) {
			if (initial_at(p, j)) {
				j++;
				continue;
			}
			if (cap_word(p, j)) {
				if (!r->nw)
					r->firstw = j;
				r->lastw = j;
				r->nw++;
				upper += (p->t[j].flags & QF_UPPER) != 0;
			}
		}
		for (size_t j = ns; j < cut; j++)
			if (is_word(p, j)) {
				int tg;
				if (title_at(pp, p, j, &tg) && tg)
					r->tgender = tg;
			}
	}
	if (!r->nw)
		return 0;
	for (size_t j = r->ns; j < r->e; j++)
		if (is_word(p, j) && has_any(pp, p, QL_ORG, j))
			r->org = 1;
	r->upper_only = upper == r->nw;
	r->poss = possessive_word(p, r->lastw);
	if (r->nw >= 2 || r->title)
		r->fgender = cutg >= 0 && cut == r->firstw
		                 ? cutg
		                 : tok_first_gender(pp, p, r->firstw);
	if (r->nw == 1 && !r->title)
		r->fgender = -1;
	return 1;
}

/* The name as written: from the first name word (or an initial before it)
 * to the last, a possessive 's left out. */
static void run_name(const struct qpara *p, const struct run *r, size_t *a, size_t *b)
{
	*a = p->t[r->ns].start;
	*b = p->t[r->lastw].end;
	for (int k = 0; k < r->poss; k++) /* its ending, a code point a byte */
		*b = px_utf8_prev(p->text, *b);
}

static char *fold_str(const char *s, size_t n)
{
	struct px_buf b;
	px_buf_init(&b, 1 << 16);
	px_utf8_fold(s, n, &b);
	char *r = px_buf_take(&b, NULL);
	if (!r)
		r = px_xstrdup("");
	/* ’ as ' */
	char *w = r;
	for (char *q = r; *q;) {
		if ((unsigned char)q[0] == 0xE2 && (unsigned char)q[1] == 0x80 &&
		    (unsigned char)q[2] == 0x99) {
			*w++ = '\'';
			q += 3;
		} else {
			*w++ = *q++;
		}
	}
	*w = '\0';
	return r;
}

static int new_person(struct qpeople *pp, const char *name, size_t nlen,
                      const char *first, size_t flen, const char *sur, size_t slen,
                      int gender)
{
	pp->v = px_xgrow(pp->v, &pp->cap, pp->n + 1, sizeof *pp->v);
	struct person *ps = &pp->v[pp->n];
	memset(ps, 0, sizeof *ps);
	ps->name = px_xstrndup(name, nlen);
	ps->first = px_xstrndup(first, flen);
	ps->sur = px_xstrndup(sur, slen);
	ps->role = px_xstrdup("");
	ps->rolefold = px_xstrdup(" ");
	ps->gender = gender;
	int id = (int)pp->n++;
	sur_set(pp, id);
	return id;
}

void px_qp_mention(struct qpeople *pp, int person, size_t pos, size_t sent)
{
	if (person < 0)
		return;
	/* mostly appended in order; a late one is put in place when close */
	pp->m = px_xgrow(pp->m, &pp->cam, pp->nm + 1, sizeof *pp->m);
	size_t at = pp->nm;
	while (at > 0 && pp->m[at - 1].pos > pos && pp->nm - at < 64)
		at--;
	if (at > 0 && pp->m[at - 1].pos == pos && pp->m[at - 1].person == person)
		return;
	memmove(&pp->m[at + 1], &pp->m[at], (pp->nm - at) * sizeof *pp->m);
	pp->m[at].pos = pos;
	pp->m[at].sent = (uint32_t)sent;
	pp->m[at].person = person;
	pp->m[at].named = 1;
	pp->nm++;
}

static void mention(struct qpeople *pp, int person, const struct qpara *p, size_t i,
                    int named)
{
	size_t pos = p->t[i].start;
	px_qp_mention(pp, person, pos, p->t[i].sent);
	/* px_qp_mention may have merged it; mark role mentions */
	if (!named && pp->nm && pp->m[pp->nm - 1].pos == pos)
		pp->m[pp->nm - 1].named = 0;
}

/* The person of `gender` (or of no known gender) named first in the
 * article before byte pos, or -1: whom a generic noun ("le septuagénaire",
 * "l'élue", "l'intéressé") stands for. Such nouns take up the article's
 * subject, who is named in its lead, more often than the last person
 * named (a witness, an investigator). */
static int main_person(struct qpeople *pp, size_t pos, int gender)
{
	int best = -1;
	size_t steps = 0;
	for (size_t k = before(pp, pos); k > 0 && steps < WALK; k--, steps++) {
		const struct mention *m = &pp->m[k - 1];
		const struct person *ps = &pp->v[m->person];
		if (m->named && !ps->org && !ps->anon &&
		    (ps->gender == gender || ps->gender == QG_UNKNOWN))
			best = m->person; /* walking back: the earliest is kept */
	}
	return best;
}

static void add_role(struct qpeople *pp, int person, const char *text, size_t a, size_t b,
                     int gender)
{
	if (person < 0 || b <= a || b - a > 200)
		return;
	struct person *ps = &pp->v[person];
	if (!*ps->role) {
		free(ps->role);
		ps->role = px_xstrndup(text + a, b - a);
	}
	char *f = fold_str(text + a, b - a);
	size_t old = strlen(ps->rolefold), add = strlen(f);
	if (old + add < 600) {
		ps->rolefold = px_xrealloc(ps->rolefold, old + add + 2);
		/* words separated by single spaces, apostrophes cut: "l'opposition" */
		char *w = ps->rolefold + old;
		for (const char *q = f; *q; q++)
			*w++ = (*q == ' ' || *q == '\'' || *q == ',') ? ' ' : *q;
		*w++ = ' ';
		*w = '\0';
	}
	free(f);
	if (!ps->gender && gender)
		ps->gender = gender;
}

/* Whether every word of rolefold (folded, separated by spaces: "maire
 * quimper") is a word of the person's roles. */
static int role_matches(const struct person *ps, const char *rolefold)
{
	char key[80];
	const char *w = rolefold;
	while (*w) {
		const char *e = strchr(w, ' ');
		size_t n = e ? (size_t)(e - w) : strlen(w);
		if (n && n + 3 <= sizeof key) {
			key[0] = ' ';
			memcpy(key + 1, w, n);
			key[n + 1] = ' ';
			key[n + 2] = '\0';
			if (!strstr(ps->rolefold, key))
				return 0;
		}
		if (!e)
			break;
		w = e + 1;
	}
	return 1;
}

/* The words a role phrase is known by: its noun (token head) and the
 * capitalised words of its complement ("maire de Quimper": "maire
 * quimper"), into buf (folded, spaces between). */
static void role_words(const struct qpara *p, size_t head, size_t end, char *buf,
                       size_t cap)
{
	size_t n = 0;
	buf[0] = '\0';
	for (size_t k = head, words = 0; k < end && k < p->n && words < 4; k++) {
		if (p->t[k].type != QT_WORD || !(p->t[k].flags & QF_ALPHA))
			continue;
		/* after the noun, only the proper nouns of its complement tell
		 * roles apart ("maire de Quimper", "ministre de la Santé") */
		if (k > head && !(p->t[k].flags & QF_CAP))
			continue;
		size_t l = p->t[k].flen;
		if (n + l + 2 > cap)
			break;
		if (n)
			buf[n++] = ' ';
		memcpy(buf + n, px_qtok_key(p, k), l);
		n += l;
		buf[n] = '\0';
		words++;
	}
}

/* The person a run names, registering a new one when it reads as a person
 * (signal: some outside evidence). -1 when it is not a person. */
static int run_person(struct qpeople *pp, const struct qpara *p, const struct run *r,
                      int signal)
{
	if (r->org || r->upper_only)
		return -1;
	size_t a, b;
	run_name(p, r, &a, &b);
	const char *sk = px_qtok_key(p, r->lastw);
	size_t slen = p->t[r->lastw].flen;
	if (r->poss && slen > (size_t)r->poss)
		slen -= (size_t)r->poss;
	char sur[128];
	if (slen >= sizeof sur)
		return -1;
	memcpy(sur, sk, slen);
	sur[slen] = '\0';
	const char *fk = r->nw >= 2 ? px_qtok_key(p, r->firstw) : "";
	size_t flen = r->nw >= 2 ? p->t[r->firstw].flen : 0;
	int gender = r->tgender ? r->tgender : (r->fgender > 0 ? r->fgender : QG_UNKNOWN);
	/* someone already known by this surname */
	int best = -1;
	for (int k = sur_lookup(pp, sur), steps = 0; k >= 0 && steps < 64;
	     k = pp->v[k].prev_sur, steps++) {
		const struct person *ps = &pp->v[k];
		if (flen) {
			if (*ps->first &&
			    (strlen(ps->first) != flen || memcmp(ps->first, fk, flen)))
				continue;
		} else if (!compatible(gender, ps->gender)) {
			continue;
		}
		best = k;
		break;
	}
	if (best >= 0) {
		struct person *ps = &pp->v[best];
		if (flen && !*ps->first) { /* now the full name is known */
			free(ps->first);
			free(ps->name);
			ps->first = px_xstrndup(fk, flen);
			ps->name = px_xstrndup(p->text + a, b - a);
		}
		if (!ps->gender && gender)
			ps->gender = gender;
		return best;
	}
	if (r->nw == 1 && !r->title)
		return -1;
	if (r->nw >= 2 && !r->title && !r->prefix && r->fgender < 0 && !signal)
		return -1;
	if (r->nw == 1 && r->title) {
		/* a title and a surname: a new person known by the surname */
		return new_person(pp, p->text + a, b - a, "", 0, sur, slen, gender);
	}
	return new_person(pp, p->text + a, b - a, fk, flen, sur, slen, gender);
}

/* Token k ends a sentence or a clause, for the back-looks. */
static int stop_back(const struct qpara *p, size_t k)
{
	const struct qtok *t = &p->t[k];
	if (t->type == QT_MARK)
		return 1;
	if (t->type != QT_PUNCT)
		return 0;
	return t->cp == '.' || t->cp == '!' || t->cp == '?' || t->cp == ';' ||
	       t->cp == ':' || t->cp == 0x2026 || t->cp == '(' || t->cp == ')';
}

/* The role phrase just before a name: "le conseiller municipal" X,
 * "Defense attorney" X, "la députée de la circonscription, " X. */
static void role_before(struct qpeople *pp, const struct qpara *p, size_t s, int person)
{
	if (s == 0 || person < 0)
		return;
	size_t end = s; /* the role ends before this token */
	if (px_qtok_is(p, s - 1, ',')) {
		/* the closest determiner that opens a role: "l'échange entre X
		 * et la présidente du tribunal, Y" */
		end = s - 1;
		size_t j = end, det = SIZE_MAX;
		while (j > 0 && end - j < 16 && det == SIZE_MAX) {
			j--;
			if (stop_back(p, j) || px_qtok_is(p, j, ','))
				break;
			if (!has(p, QL_DET, j) && !has(p, QL_DET_INDEF, j))
				continue;
			for (size_t k = j + 1; k < end && k < j + 5; k++)
				if (has(p, QL_ROLES, k)) {
					det = j;
					break;
				}
		}
		if (det == SIZE_MAX || det + 1 >= end)
			return;
		int g = det_gender(p, det);
		for (size_t k = det + 1; !g && k < det + 5 && k < end; k++)
			if (has(p, QL_ROLES, k))
				g = role_gender(p, k);
		add_role(pp, person, p->text, p->t[det + 1].start, p->t[end - 1].end, g);
		return;
	}
	size_t j = s, first = s;
	int role = 0, g = 0;
	while (j > 0 && s - j < 5) {
		j--;
		if (!is_word(p, j) || has(p, QL_VERBS, j) || has(p, QL_PARTS, j))
			break;
		/* a capital only at the sentence start ("Defense attorney X"),
		 * not another name ("Mayor X and Judge Y") */
		if ((p->t[j].flags & QF_CAP) && j > 0 && p->t[j - 1].sent == p->t[j].sent)
			break;
		if (has(p, QL_DET, j) || has(p, QL_DET_INDEF, j)) {
			g = det_gender(p, j);
			break;
		}
		if (has(p, QL_ROLES, j)) {
			role = 1;
			if (!g)
				g = role_gender(p, j);
		}
		first = j;
	}
	if (role && first < s)
		add_role(pp, person, p->text, p->t[first].start, p->t[s - 1].end, g);
}

/* "X, a hydrologist at ..." / "X, président de ...": a role after a name.
 * Returns nonzero when a role (or an age) follows. */
static int role_after(struct qpeople *pp, const struct qpara *p, size_t e, int person)
{
	if (!px_qtok_is(p, e, ','))
		return 0;
	size_t j = e + 1;
	if (is_word(p, j) && (p->t[j].flags & QF_DIGIT) && px_qtok_is(p, j + 1, ','))
		return 1; /* X, 67, */
	int g = 0;
	if (has(p, QL_DET, j) || has(p, QL_DET_INDEF, j)) {
		g = det_gender(p, j);
		j++;
	}
	size_t start = j, hit = SIZE_MAX;
	for (size_t k = j; k < j + 4 && k < p->n; k++) {
		if (!is_word(p, k))
			break;
		if (has(p, QL_ROLES, k)) {
			hit = k;
			break;
		}
	}
	if (hit == SIZE_MAX)
		return 0;
	if (!g)
		g = role_gender(p, hit);
	size_t k = start;
	while (k < p->n && k - start < 14) {
		if (!is_word(p, k) || has(p, QL_REL, k) || has(p, QL_VERBS, k))
			break;
		k++;
	}
	if (person >= 0 && k > start)
		add_role(pp, person, p->text, p->t[start].start, p->t[k - 1].end, g);
	return 1;
}

/* Whether a reporting verb stands right before token s or right after
 * token e. */
static int verb_beside(const struct qpara *p, size_t s, size_t e)
{
	if (s > 0 && (has(p, QL_VERBS, s - 1) || has(p, QL_PARTS, s - 1)))
		return 1;
	return e < p->n && has(p, QL_VERBS, e);
}

static int role_before_signal(const struct qpara *p, size_t s)
{
	return s > 0 && lower_word(p, s - 1) && has(p, QL_ROLES, s - 1);
}

/* The person holding role `rolefold` (gender g) mentioned last before pos. */
static int role_lookup(struct qpeople *pp, const char *rolefold, int g, size_t pos)
{
	size_t steps = 0;
	unsigned walk = ++pp->walk;
	for (size_t k = before(pp, pos); k > 0 && steps < WALK; k--, steps++) {
		const struct mention *m = &pp->m[k - 1];
		struct person *ps = &pp->v[m->person];
		if (ps->stamp == walk)
			continue;
		ps->stamp = walk;
		if (!ps->org && compatible(g, ps->gender) && role_matches(ps, rolefold))
			return m->person;
	}
	return -1;
}

/* The organisation of kind `head` ("association") mentioned last before
 * pos. */
static int org_lookup(struct qpeople *pp, const char *head, size_t pos)
{
	size_t steps = 0;
	unsigned walk = ++pp->walk;
	for (size_t k = before(pp, pos); k > 0 && steps < WALK; k--, steps++) {
		const struct mention *m = &pp->m[k - 1];
		struct person *ps = &pp->v[m->person];
		if (ps->stamp == walk)
			continue;
		ps->stamp = walk;
		if (ps->org && role_matches(ps, head))
			return m->person;
	}
	return -1;
}

/* The name of an organisation after its kind: "l'association Terres et
 * Rivières". Capitalised words, with particles and coordinators between
 * them. Returns the token after it (i when there is none). */
static size_t org_run(const struct qpeople *pp, const struct qpara *p, size_t i,
                      size_t lim)
{
	size_t k = i, last = i;
	while (k < lim && k - i < 10) {
		if (cap_word(p, k) && !(p->t[k].flags & QF_INQ)) {
			k++;
			last = k;
			continue;
		}
		if (k > i && (particle(pp, p, k) || has_any(pp, p, QL_COORD, k)) &&
		    cap_word(p, k + 1)) {
			k++;
			continue;
		}
		break;
	}
	return last;
}

/* The organisation named by tokens [a, b) of kind token `head`: found by its
 * name, or registered. */
static int org_entity(struct qpeople *pp, const struct qpara *p, size_t a, size_t b,
                      size_t head)
{
	size_t x = p->t[a].start, y = p->t[b - 1].end;
	char *f = fold_str(p->text + x, y - x);
	int id = sur_lookup(pp, f);
	if (id < 0 || !pp->v[id].org) {
		id = new_person(pp, p->text + x, y - x, "", 0, f, strlen(f), QG_UNKNOWN);
		pp->v[id].org = 1;
		add_role(pp, id, p->text, p->t[head].start, p->t[head].end, QG_UNKNOWN);
	}
	free(f);
	return id;
}

/* A definite role with no name at token d (the determiner): "la députée",
 * "the minister". Gives the role noun token and gender, or 0. */
static int role_np(const struct qpara *p, size_t d, size_t lim, size_t *rtok, int *g)
{
	if (!lower_word(p, d + 1) || !has(p, QL_DET, d))
		return 0;
	for (size_t k = d + 1; k < lim && k < d + 4; k++) {
		if (!lower_word(p, k))
			return 0;
		if (has(p, QL_ROLES, k)) {
			*rtok = k;
			*g = det_gender(p, d);
			if (!*g)
				*g = role_gender(p, k);
			return 1;
		}
	}
	return 0;
}

/* Whether a name follows the role phrase that starts after token r: "le
 * maire, X" or "le conseiller municipal X": then the name's own mention
 * covers it. */
static int name_follows(const struct qpeople *pp, const struct qpara *p, size_t r)
{
	size_t k = r + 1;
	while (k < p->n && k < r + 12 && is_word(p, k) && !(p->t[k].flags & QF_CAP))
		k++;
	/* complements with capitals: "ministre de la Santé" */
	while (k < p->n && k < r + 16 && (is_word(p, k) || px_qtok_is(p, k, '\'')) &&
	       !px_qtok_is(p, k, ','))
		k++;
	if (px_qtok_is(p, k, ','))
		k++;
	struct run rr;
	if (k < p->n && cap_word(p, k) && collect(pp, p, k, p->n, &rr))
		return rr.nw >= 2 || rr.title;
	return 0;
}

static size_t phrase_end(const struct qpeople *pp, const struct qpara *p, size_t k,
                         size_t lim);

/* The person a lone capitalised word names by surname (Okafor, Kessler's),
 * or -1. */
static int lone_surname(struct qpeople *pp, const struct qpara *p, size_t i)
{
	size_t n = p->t[i].flen;
	char key[128];
	if (n >= sizeof key)
		return -1;
	memcpy(key, px_qtok_key(p, i), n);
	n -= (size_t)possessive_word(p, i);
	key[n] = '\0';
	int who = sur_lookup(pp, key);
	return who >= 0 && !pp->v[who].org && !pp->v[who].anon ? who : -1;
}

/* Someone known by a role only ("le ministre de la Santé", "the
 * minister"): a person with no name, so that later pronouns and roles find
 * them; shown as the person named later with that role, if any. */
static int anon_person(struct qpeople *pp, const struct qpara *p, size_t rtok,
                       const char *key, int g, size_t pos)
{
	size_t e = phrase_end(pp, p, rtok, p->n);
	if (e <= rtok || strlen(key) >= sizeof pp->v[0].head)
		return -1;
	char sur[96];
	snprintf(sur, sizeof sur, "#%s#%zu", key, pp->n);
	int id = new_person(pp, "", 0, "", 0, sur, strlen(sur), g);
	struct person *ps = &pp->v[id];
	ps->anon = 1;
	ps->pos0 = pos;
	strcpy(ps->head, key);
	add_role(pp, id, p->text, p->t[rtok].start, p->t[e - 1].end, g);
	return id;
}

int px_qp_shown(struct qpeople *pp, int person)
{
	if (person < 0 || (size_t)person >= pp->n || !pp->v[person].anon)
		return person;
	const struct person *ps = &pp->v[person];
	int who = px_qp_role_after(pp, ps->pos0, ps->head, ps->gender);
	return who >= 0 ? who : person;
}

void px_qp_scan(struct qpeople *pp, const struct qpara *p)
{
	size_t i = 0;
	while (i < p->n) {
		const struct qtok *t = &p->t[i];
		if ((t->flags & QF_INQ) || t->type != QT_WORD) {
			i++;
			continue;
		}
		size_t rtok;
		int g;
		if (!lower_word(p, i + 1) && !cap_word(p, i)) {
			i++;
			continue;
		}
		if (cap_word(p, i + 2) && lower_word(p, i + 1) &&
		    (has(p, QL_DET, i) || has(p, QL_DET_INDEF, i)) &&
		    has_any(pp, p, QL_ORG, i + 1)) {
			size_t e = org_run(pp, p, i + 2, p->n);
			if (e > i + 2) {
				int id = org_entity(pp, p, i + 2, e, i + 1);
				mention(pp, id, p, i, 1);
				i = e;
				continue;
			}
		}
		/* "Le septuagénaire a contesté": the main person of that
		 * gender, mentioned here, so that "a-t-il affirmé" after it
		 * finds them */
		if (has(p, QL_DET_DEF, i) && lower_word(p, i + 1) &&
		    has(p, QL_ROLES_GEN, i + 1) && !cap_word(p, i + 2)) {
			int gg = det_gender(p, i);
			if (!gg)
				gg = role_gender(p, i + 1);
			int who = gg ? main_person(pp, t->start, gg) : -1;
			if (who >= 0)
				mention(pp, who, p, i, 0);
			i += 2;
			continue;
		}
		if (role_np(p, i, p->n, &rtok, &g)) {
			if (!name_follows(pp, p, rtok)) {
				char key[64];
				size_t n = p->t[rtok].flen;
				if (n < sizeof key) {
					role_words(p, rtok, phrase_end(pp, p, rtok, p->n),
					           key, sizeof key);
					int who = role_lookup(pp, key, g, t->start);
					if (who < 0 && has(p, QL_DET_DEF, i))
						who = anon_person(pp, p, rtok, key, g,
						                  t->start);
					if (who >= 0) {
						if (!pp->v[who].gender && g)
							pp->v[who].gender = g;
						mention(pp, who, p, i, 0);
					}
				}
			}
			i = rtok + 1;
			continue;
		}
		if (!cap_word(p, i)) {
			i++;
			continue;
		}
		/* the common case, a lone capitalised word before a small one (a
		 * sentence start): only a known surname makes it a mention */
		if (!is_word(p, i + 1) || !(p->t[i + 1].flags & QF_CAP)) {
			if (!px_qtok_is(p, i + 1, '.') && !(p->t[i].flags & QF_UPPER) &&
			    !(is_word(p, i + 1) &&
			      (has(p, QL_COORD, i + 1) || particle(pp, p, i + 1)))) {
				int who = lone_surname(pp, p, i);
				if (who >= 0)
					mention(pp, who, p, i, 1);
				i++;
				continue;
			}
		}
		struct run r;
		if (!collect(pp, p, i, p->n, &r)) {
			i++;
			continue;
		}
		/* Gary and Linda Moffat */
		if (r.nw == 1 && !r.title && has_any(pp, p, QL_COORD, r.e)) {
			struct run r2;
			int g1 = tok_first_gender(pp, p, r.firstw);
			if (g1 >= 0 && collect(pp, p, r.e + 1, p->n, &r2) && r2.nw >= 2 &&
			    r2.fgender >= 0 && !r2.org) {
				size_t a, b;
				run_name(p, &r2, &a, &b);
				const char *sk = px_qtok_key(p, r2.lastw);
				size_t slen = p->t[r2.lastw].flen - (size_t)r2.poss;
				struct px_buf nb;
				px_buf_init(&nb, 4096);
				px_buf_add(&nb, p->text + p->t[r.firstw].start,
				           p->t[r.firstw].end - p->t[r.firstw].start);
				px_buf_addc(&nb, ' ');
				px_buf_add(&nb, p->text + p->t[r2.lastw].start,
				           b - p->t[r2.lastw].start);
				int id = -1;
				if (nb.data)
					id = new_person(pp, nb.data, nb.len,
					                px_qtok_key(p, r.firstw),
					                p->t[r.firstw].flen, sk, slen,
					                g1 ? g1 : QG_UNKNOWN);
				px_buf_free(&nb);
				mention(pp, id, p, r.s, 1);
				int id2 = run_person(pp, p, &r2, 1);
				mention(pp, id2, p, r2.s, 1);
				role_before(pp, p, r.s, id);
				role_before(pp, p, r.s, id2);
				role_after(pp, p, r2.e, id);
				role_after(pp, p, r2.e, id2);
				i = r2.e;
				continue;
			}
		}
		int acronym = 0;
		for (size_t k = r.ns; k < r.e; k++)
			acronym |= is_word(p, k) && (p->t[k].flags & QF_UPPER);
		int signal = (verb_beside(p, r.s, r.e) && !acronym) ||
		             role_before_signal(p, r.s) ||
		             (px_qtok_is(p, r.s ? r.s - 1 : 0, ',') && r.s > 0) ||
		             role_after(pp, p, r.e, -1);
		/* a lone capital at a sentence start is no name */
		int who = run_person(pp, p, &r, signal);
		if (who >= 0) {
			/* a title that is also a role: "Mayor X", later "the mayor" */
			for (size_t k = r.s; k < r.ns; k++)
				if (cap_word(p, k) && has(p, QL_ROLES, k))
					add_role(pp, who, p->text, p->t[k].start,
					         p->t[k].end, 0);
			role_before(pp, p, r.s, who);
			role_after(pp, p, r.e, who);
			mention(pp, who, p, r.s, 1);
		}
		i = r.e > i ? r.e : i + 1;
	}
}

/* ---- noun phrases ---- */

static void np_init(struct qnp *np, size_t i)
{
	memset(np, 0, sizeof *np);
	np->person = -1;
	np->start = np->end = i;
}

/* A lowercase phrase after a determiner: words, elided words and the
 * capitalised complements after a preposition ("de la Santé", "of the
 * Cedarvale Renters' Union"), up to a comma or a stop. */
static size_t phrase_end(const struct qpeople *pp, const struct qpara *p, size_t k,
                         size_t lim)
{
	size_t start = k;
	int incap = 0;
	while (k < lim && k - start < 16) {
		if (!is_word(p, k))
			break;
		if (cap_word(p, k)) {
			/* a capital only in a complement: "ministre de la Santé",
			 * "of the Cedarvale Renters", not "le major Didier" */
			if (k == start)
				break;
			if (!incap && !(p->t[k - 1].flags & QF_ELIDED) &&
			    !has(p, QL_STOP, k - 1) && !has(p, QL_ORG, k - 1))
				break;
			incap = 1;
		} else {
			incap = 0;
		}
		if (has(p, QL_VERBS, k) || has(p, QL_AUX, k) || has(p, QL_REL, k) ||
		    (k > start && (has(p, QL_ADVERBS, k) || has(p, QL_ROLE_STOP, k))))
			break;
		k++;
	}
	/* "la ministre dans l'après-midi" stopped before "après-midi": the
	 * words that led to it are no part of the role */
	if (k < lim && is_word(p, k) && has(p, QL_ROLE_STOP, k))
		while (k > start + 1 && is_word(p, k - 1) && !(p->t[k - 1].flags & QF_CAP) &&
		       (has(p, QL_STOP, k - 1) || has(p, QL_DET, k - 1) ||
		        (p->t[k - 1].flags & QF_ELIDED)))
			k--;
	(void)pp;
	/* a possessive mark inside: "the fund’s board" is one word */
	return k;
}

static int one_word_person(struct qpeople *pp, const struct qpara *p, size_t i);

/* Whether token i opens its sentence with a capital only because it opens
 * it, as the first word of a bare role before a name ("Environmental
 * campaigner Priya Nandakumar, ..., called"): a word that is no title and
 * no known name, then at most two lowercase words that hold a role, then
 * a capitalised word. */
static int sentence_role_start(const struct qpeople *pp, const struct qpara *p, size_t i,
                               size_t lim)
{
	if (!cap_word(p, i) || (p->t[i].flags & QF_UPPER) ||
	    (i > 0 && p->t[i - 1].sent == p->t[i].sent))
		return 0;
	if (has(p, QL_TITLES, i) || has(p, QL_DET, i) || has(p, QL_STOP, i) ||
	    tok_first_gender(pp, p, i) >= 0)
		return 0;
	int role = has(p, QL_ROLES, i);
	size_t k = i + 1;
	while (k < lim && k < i + 3 && lower_word(p, k) && !has(p, QL_VERBS, k) &&
	       !has(p, QL_STOP, k)) {
		role |= has(p, QL_ROLES, k);
		k++;
	}
	return k > i + 1 && role && cap_word(p, k);
}

enum qnp_kind px_qp_np(struct qpeople *pp, const struct qpara *p, size_t i, size_t lim,
                       struct qnp *np)
{
	np_init(np, i);
	if (lim > p->n)
		lim = p->n;
	if (i >= lim || !is_word(p, i))
		return NP_NONE;
	/* pronouns */
	if (has(p, QL_PRON_M, i) || has(p, QL_PRON_F, i) || has(p, QL_PRON_PL, i)) {
		np->kind = NP_PRONOUN;
		np->gender = has(p, QL_PRON_PL, i)  ? QG_PLURAL
		             : has(p, QL_PRON_F, i) ? QG_FEMALE
		                                    : QG_MALE;
		np->end = i + 1;
		if (np->gender != QG_PLURAL)
			np->person = px_qp_pronoun(pp, p, i, np->gender);
		return np->kind;
	}
	if (has(p, QL_REL, i)) {
		np->kind = NP_RELATIVE;
		np->end = i + 1;
		return np->kind;
	}
	size_t d = i;
	int indef = 0, def = 0, dg = 0;
	size_t dl = px_qlex_phrase(p->lx, QL_DET_INDEF, p, i);
	if (dl) {
		indef = 1;
		d = i + dl;
	} else if (has(p, QL_DET, i)) {
		def = 1;
		dg = det_gender(p, i);
		d = i + 1;
	}
	if (d >= lim)
		return NP_NONE;
	/* a name, maybe after a determiner: "le Dr Paul Ménard"; a name with
	 * a possessive ending is a determiner itself ("Mrs Ellison's
	 * daughter") */
	struct run r;
	if (cap_word(p, d) && collect(pp, p, d, lim, &r) && r.poss && lower_word(p, r.e)) {
		def = 1;
		dg = 0;
		d = r.e;
	} else if (cap_word(p, d) && !(d == i && sentence_role_start(pp, p, i, lim)) &&
	           collect(pp, p, d, lim, &r)) {
		int signal = 1;
		int who = run_person(pp, p, &r, signal);
		np->end = r.e;
		if (who >= 0) {
			np->kind = NP_PERSON;
			np->person = who;
			np->gender = pp->v[who].gender;
			px_qp_mention(pp, who, p->t[r.s].start, p->t[r.s].sent);
			/* the role after: "X, a hydrologist at ..." */
			if (px_qtok_is(p, r.e, ',')) {
				/* the role without its determiner, as role_after
				 * records it: "hydrologist at ...", not "a hydrologist" */
				size_t k = r.e + 1;
				if (has(p, QL_DET, k) || has(p, QL_DET_INDEF, k))
					k++;
				int role = 0;
				for (size_t j = k; j < k + 4 && j < lim; j++)
					if (has(p, QL_ROLES, j))
						role = 1;
				if (role) {
					size_t e = phrase_end(pp, p, k, lim);
					if (e > k) {
						np->rstart = p->t[k].start;
						np->rend = p->t[e - 1].end;
					}
				}
			}
			if (np->rstart == np->rend && r.prefix) {
				np->rstart = p->t[r.s].start;
				np->rend = p->t[r.ns - 1].end;
			}
			return np->kind;
		}
		/* an organisation, or a name we cannot place */
		if (r.nw >= 1 && (r.org || r.nw >= 2 || def)) {
			np->kind = NP_ORG;
			np->tstart = p->t[i].start;
			size_t a, b;
			run_name(p, &r, &a, &b);
			np->tend = b;
			/* a name stands without its article: "the Old Town
			 * Residents' Association" is "Old Town Residents'
			 * Association" */
			np->tstart = a;
			/* a prefix of capitalised roles is no organisation */
			return np->kind;
		}
		return NP_NONE;
	}
	int initial_role = !def && !indef && sentence_role_start(pp, p, i, lim);
	if (!def && !indef && (lower_word(p, i) || initial_role)) {
		/* a bare role before a name: "said farmer Owen Pritchard", and
		 * at a sentence start "Environmental campaigner Priya Nandakumar" */
		size_t k = i;
		while (k < lim && k < i + 3 && (lower_word(p, k) || (k == i && initial_role)) &&
		       !has(p, QL_VERBS, k) && !has(p, QL_STOP, k))
			k++;
		if (k > i && cap_word(p, k) && collect(pp, p, k, lim, &r) &&
		    (r.title || (r.nw >= 2 && r.fgender >= 0))) {
			int who = run_person(pp, p, &r, 1);
			if (who >= 0) {
				np->kind = NP_PERSON;
				np->person = who;
				np->end = r.e;
				np->rstart = p->t[i].start;
				np->rend = p->t[k - 1].end;
				np->gender = pp->v[who].gender;
				px_qp_mention(pp, who, p->t[r.s].start, p->t[r.s].sent);
				return np->kind;
			}
		}
	}
	if (!def && !indef) {
		/* "officials", "sources": unnamed without a determiner */
		if (lower_word(p, i) && has(p, QL_UNNAMED, i)) {
			size_t e = phrase_end(pp, p, i, lim);
			np->kind = NP_UNNAMED;
			np->end = e;
			np->rstart = p->t[i].start;
			np->rend = p->t[e - 1].end;
			return np->kind;
		}
		return NP_NONE;
	}
	if (!lower_word(p, d))
		return NP_NONE;
	size_t e = phrase_end(pp, p, d, lim);
	if (e <= d)
		return NP_NONE;
	size_t head = SIZE_MAX;
	for (size_t k = d; k < e && k < d + 4; k++)
		if (has(p, QL_ROLES, k) || has(p, QL_ROLES_GEN, k) || has(p, QL_UNNAMED, k)) {
			head = k;
			break;
		}
	np->end = e;
	/* an apposition: "le maire, X" / "la porte-parole de ..., X" */
	if (!indef && px_qtok_is(p, e, ',') && cap_word(p, e + 1) &&
	    collect(pp, p, e + 1, lim, &r)) {
		int who = run_person(pp, p, &r, 1);
		/* "Mrs Ellison's daughter, Kate," */
		if (who < 0 && r.nw == 1 && !r.title && r.e == e + 2 &&
		    tok_first_gender(pp, p, e + 1) >= 0)
			who = one_word_person(pp, p, e + 1);
		size_t after = r.e;
		int ends = after >= lim || !is_word(p, after) ||
		           has(p, QL_VERBS, after) || has(p, QL_AUX, after);
		if (who >= 0 && ends) {
			np->kind = NP_PERSON;
			np->person = who;
			np->end = r.e;
			/* "l'une d'elles, Amandine Roux": no role noun, no role */
			if (head != SIZE_MAX) {
				np->rstart = p->t[d].start;
				np->rend = p->t[e - 1].end;
			}
			int g = dg;
			if (!g && head != SIZE_MAX)
				g = role_gender(p, head);
			if (!pp->v[who].gender && g)
				pp->v[who].gender = g;
			np->gender = pp->v[who].gender;
			if (head != SIZE_MAX)
				add_role(pp, who, p->text, p->t[d].start, p->t[e - 1].end,
				         g);
			px_qp_mention(pp, who, p->t[r.s].start, p->t[r.s].sent);
			return np->kind;
		}
	}
	/* a name right after the role: "le conseiller municipal X", "le major X" */
	if (cap_word(p, e) && collect(pp, p, e, lim, &r) &&
	    (head != SIZE_MAX || r.title || (r.nw >= 2 && r.fgender >= 0))) {
		int who = run_person(pp, p, &r, 1);
		if (who >= 0) {
			np->kind = NP_PERSON;
			np->person = who;
			np->end = r.e;
			np->rstart = p->t[d].start;
			np->rend = p->t[e - 1].end;
			np->gender = pp->v[who].gender;
			px_qp_mention(pp, who, p->t[r.s].start, p->t[r.s].sent);
			return np->kind;
		}
	}
	/* an organisation by its kind: "l'association Ardoux Vivante", then
	 * "l'association" */
	if (has_any(pp, p, QL_ORG, d)) {
		int id = -1;
		size_t oe = cap_word(p, d + 1) ? org_run(pp, p, d + 1, lim) : d + 1;
		if (oe > d + 1)
			id = org_entity(pp, p, d + 1, oe, d);
		else if (p->t[d].flen < 48) {
			char head[48];
			memcpy(head, px_qtok_key(p, d), p->t[d].flen);
			head[p->t[d].flen] = '\0';
			id = org_lookup(pp, head, p->t[i].start);
		}
		if (id >= 0) {
			np->kind = NP_ORG;
			np->person = id;
			np->end = oe > d + 1 ? oe : e;
			px_qp_mention(pp, id, p->t[i].start, p->t[i].sent);
			return np->kind;
		}
	}
	if (indef) {
		np->kind = NP_UNNAMED;
		np->rstart = p->t[i].start;
		np->rend = p->t[e - 1].end;
		return np->kind;
	}
	int generic = head != SIZE_MAX && has(p, QL_ROLES_GEN, head);
	if (head != SIZE_MAX && (has(p, QL_ROLES, head) || generic)) {
		np->kind = NP_ROLE;
		/* the role as a person's title: "élue de la majorité", not
		 * "L'élue de la majorité" */
		np->rstart = p->t[d].start;
		np->rend = p->t[e - 1].end;
		np->gender = dg ? dg : role_gender(p, head);
		np->rolekey = (uint32_t)head;
		role_words(p, head, e, np->rolefold, sizeof np->rolefold);
		if (*np->rolefold)
			np->person =
			    role_lookup(pp, np->rolefold, np->gender, p->t[i].start);
		/* "ce père de famille": the person just spoken of */
		if (np->person < 0 && has(p, QL_DET_DEM, i))
			np->person = np->gender ? px_qp_pronoun(pp, p, i, np->gender)
			                        : px_qp_last_in(pp, 0, p->t[i].start, 0);
		/* "l'élue", "le septuagénaire": a word for someone already
		 * named, the article's main person of that gender */
		if (np->person < 0 && generic && np->gender)
			np->person = main_person(pp, p->t[i].start, np->gender);
		return np->kind;
	}
	if (head != SIZE_MAX) {
		np->kind = NP_UNNAMED;
		np->rstart = p->t[i].start;
		np->rend = p->t[e - 1].end;
		return np->kind;
	}
	/* a thing or a body: "le parquet de Marcheval", "the museum" (cut
	 * before "dans un communiqué") */
	size_t ce = d + 1;
	while (ce < e &&
	       !(has(p, QL_STOP, ce) && !particle(pp, p, ce) && !has(p, QL_DET, ce)))
		ce++;
	np->kind = NP_ORG;
	np->tstart = p->t[i].start;
	np->tend = p->t[ce - 1].end;
	return np->kind;
}

/* A person named by one word (a first name, or a name in a speaker's
 * place): found by it, or registered. */
static int one_word_person(struct qpeople *pp, const struct qpara *p, size_t i)
{
	const char *key = px_qtok_key(p, i);
	size_t n = p->t[i].flen;
	char sur[128];
	if (n >= sizeof sur)
		return -1;
	memcpy(sur, key, n);
	sur[n] = '\0';
	int who = sur_lookup(pp, sur);
	if (who < 0 || pp->v[who].org || pp->v[who].anon) {
		int g = first_name_gender(pp, p, key, n);
		who = new_person(pp, p->text + p->t[i].start, p->t[i].end - p->t[i].start, key, n,
		                 key, n, g > 0 ? g : QG_UNKNOWN);
	}
	return who;
}

enum qnp_kind px_qp_np_slot(struct qpeople *pp, const struct qpara *p, size_t i,
                            size_t lim, struct qnp *np)
{
	enum qnp_kind k = px_qp_np(pp, p, i, lim, np);
	if (k != NP_NONE || i >= lim || !cap_word(p, i) || has(p, QL_STOP, i) ||
	    (p->t[i].flags & QF_UPPER))
		return k;
	if (i + 1 < lim && is_word(p, i + 1))
		return k;
	/* a lone first name: "s'interroge Laure, 52 ans" */
	int who = one_word_person(pp, p, i);
	if (who < 0)
		return k;
	np_init(np, i);
	np->kind = NP_PERSON;
	np->person = who;
	np->gender = pp->v[who].gender;
	np->end = i + 1;
	px_qp_mention(pp, who, p->t[i].start, p->t[i].sent);
	return np->kind;
}

/* ---- questions ---- */

int px_qp_pronoun(struct qpeople *pp, const struct qpara *p, size_t i, int gender)
{
	if (gender != QG_MALE && gender != QG_FEMALE)
		return -1;
	size_t pos = p->t[i].start;
	uint32_t psent = p->t[i].sent;
	/* someone of no known gender named in this sentence or the one before,
	 * after the last person of the pronoun's gender, is the better guess
	 * ("But Raj Mehta said ... . “...,” he said") */
	int unknown = -1, near = -1;
	size_t steps = 0;
	for (size_t k = before(pp, pos); k > 0 && steps < WALK; k--) {
		const struct mention *m = &pp->m[k - 1];
		steps++;
		if (pp->v[m->person].org)
			continue;
		int g = pp->v[m->person].gender;
		if (g == gender)
			break;
		if (g == QG_UNKNOWN) {
			if (unknown < 0)
				unknown = m->person;
			if (near < 0 && m->sent + 1 >= psent)
				near = m->person;
		}
	}
	if (near >= 0) {
		pp->v[near].gender = gender;
		return near;
	}
	for (size_t k = before(pp, pos), st = 0; k > 0 && st < WALK; k--, st++) {
		const struct mention *m = &pp->m[k - 1];
		if (!pp->v[m->person].org && pp->v[m->person].gender == gender)
			return m->person;
	}
	if (unknown >= 0)
		pp->v[unknown].gender = gender;
	return unknown;
}

int px_qp_last_in(struct qpeople *pp, size_t from, size_t to, int names_only)
{
	for (size_t k = before(pp, to), steps = 0; k > 0 && steps < WALK; k--) {
		const struct mention *m = &pp->m[k - 1];
		steps++;
		if (m->pos < from)
			return -1;
		if (!names_only || (m->named && !pp->v[m->person].org))
			return m->person;
	}
	return -1;
}

int px_qp_last_named(struct qpeople *pp, size_t pos)
{
	return px_qp_last_in(pp, 0, pos, 1);
}

int px_qp_role_after(struct qpeople *pp, size_t pos, const char *rolefold, int gender)
{
	/* the first mention after pos */
	size_t lo = 0, hi = pp->nm;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (pp->m[mid].pos <= pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	unsigned walk = ++pp->walk;
	for (size_t k = lo; k < pp->nm && k < lo + WALK; k++) {
		struct person *ps = &pp->v[pp->m[k].person];
		if (ps->anon || ps->org || ps->stamp == walk)
			continue;
		ps->stamp = walk;
		if (compatible(gender, ps->gender) && role_matches(ps, rolefold))
			return pp->m[k].person;
	}
	return -1;
}

const char *px_qp_name(const struct qpeople *pp, int person)
{
	return person >= 0 && (size_t)person < pp->n ? pp->v[person].name : "";
}

const char *px_qp_role(const struct qpeople *pp, int person)
{
	return person >= 0 && (size_t)person < pp->n ? pp->v[person].role : "";
}

int px_qp_label(struct qpeople *pp, const struct qpara *p, size_t i, size_t lim)
{
	struct qnp np;
	enum qnp_kind k = px_qp_np(pp, p, i, lim, &np);
	if (np.end != lim)
		return -1;
	if (k == NP_PERSON)
		return np.person;
	if (k == NP_ROLE)
		return np.person;
	return -1;
}
