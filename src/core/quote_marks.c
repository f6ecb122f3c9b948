/* Which marks open and close a quote.
 *
 * One pass over the marks of a paragraph with a stack of at most three open
 * quotes (one level of nesting, and one more tolerated), so a line of
 * 100,000 marks costs 100,000 steps. The rules, by mark:
 *
 * - « and ‹ always open, » and › close the nearest open quote of their
 *   family (marks of other families above it are dropped: an inner “ left
 *   open does not keep the outer « open).
 * - “ „ ‟ open; ” closes. A “ that can only close (after a word, before a
 *   space or punctuation) closes an open “ (typed “...“) and always closes
 *   an open „ (German „...“). A ” that can only open (after a space, before
 *   a word) opens when no “ is open (”...” styles).
 * - ‘ opens when it can open; ’ closes an open ‘ when it can close, and is
 *   an apostrophe otherwise (l’État, ’90s, writers’), except a ’ that can
 *   only open, with another ’ later in the paragraph (’...’ typed with one
 *   key). A possessive-looking ’
 *   (after an s, before a space and a small letter) does not close when a
 *   later mark in the paragraph can.
 * - Straight " pairs by position: it closes an open " and opens otherwise,
 *   except a " right after a digit with no " open (inches, 5'10") and a "
 *   that can only close with nothing to close. Straight ' works like ‘ ’.
 * - At the paragraph end, an open ‘ or ' is dropped (too often an
 *   apostrophe); an open «, “, " or ‹ runs to the paragraph end and is
 *   carried: when the next paragraph opens with a mark of its family (« or »
 *   for «, “ for “, " for "), the quote goes on there; else it ended with
 *   its paragraph. So an unbalanced mark never swallows the article. */
#include "core/quote_int.h"

#include "core/utf8.h"
#include "util/mem.h"

enum fam { F_NONE, F_GUIL, F_SGUIL, F_DQ, F_SQ, F_STRD, F_STRS };

#define DEPTH 3

struct ent {
	uint32_t tok;
	enum fam fam;
	int32_t cp;
	int cont; /* opened by a continuation mark */
};

struct st {
	struct ent e[DEPTH];
	int n;
};

static int is_space_cp(int32_t cp)
{
	return cp == ' ' || cp == '\n' || (cp >= 0x80 && px_cp_is_space(cp));
}

static int is_alnum_cp(int32_t cp)
{
	if (cp < 0)
		return 0;
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		       (cp >= '0' && cp <= '9');
	return px_cp_is_alpha(cp) || px_cp_is_digit(cp);
}

static int is_digit_cp(int32_t cp)
{
	return cp >= '0' && cp <= '9';
}

/* Code points that may stand before an opening mark without a space. */
static int opens_before(int32_t cp)
{
	switch (cp) {
	case '(':
	case '[':
	case '{':
	case 0x2014: /* — */
	case 0x2013: /* – */
	case '-':
	case '/':
	case 0x00AB:
	case 0x201C:
	case 0x201E:
	case 0x2018:
	case 0x2039:
	case '"':
	case '\'':
		return 1;
	}
	return 0;
}

struct flank {
	int32_t prev, next, next2;
	int left, right;
};

static struct flank flank_of(const struct qpara *p, size_t i)
{
	struct flank f;
	const struct qtok *t = &p->t[i];
	f.prev = t->start > p->start ? -1 : -2;
	if (t->start > p->start) {
		size_t k = px_utf8_prev(p->text, t->start);
		f.prev = px_utf8_next(p->text, t->start, &k);
	}
	size_t k = t->end;
	f.next = k < p->end ? px_utf8_next(p->text, p->end, &k) : -2;
	f.next2 = k < p->end ? px_utf8_next(p->text, p->end, &k) : -2;
	int spb = f.prev == -2 || is_space_cp(f.prev);
	int spa = f.next == -2 || is_space_cp(f.next);
	f.left = !spa && (spb || opens_before(f.prev));
	f.right = !spb && (spa || !is_alnum_cp(f.next));
	return f;
}

static enum fam fam_of(int32_t cp)
{
	switch (cp) {
	case 0x00AB:
	case 0x00BB:
		return F_GUIL;
	case 0x2039:
	case 0x203A:
		return F_SGUIL;
	case 0x201C:
	case 0x201D:
	case 0x201E:
	case 0x201F:
		return F_DQ;
	case 0x2018:
	case 0x2019:
		return F_SQ;
	case '"':
		return F_STRD;
	case '\'':
		return F_STRS;
	}
	return F_NONE;
}

static int find(const struct st *s, enum fam f)
{
	for (int k = s->n - 1; k >= 0; k--)
		if (s->e[k].fam == f)
			return k;
	return -1;
}

static void add_piece(struct qm_pieces *out, uint32_t open, uint32_t close)
{
	out->v = px_xgrow(out->v, &out->cap, out->n + 1, sizeof *out->v);
	out->v[out->n].open = open;
	out->v[out->n].close = close;
	out->n++;
}

static void push(struct qpara *p, struct st *s, size_t i, enum fam f, int cont)
{
	if (s->n >= DEPTH)
		return;
	s->e[s->n].tok = (uint32_t)i;
	s->e[s->n].fam = f;
	s->e[s->n].cp = p->t[i].cp;
	s->e[s->n].cont = cont;
	p->t[i].qrole = s->n == 0 ? QR_OPEN : QR_INNER;
	s->n++;
}

/* Closes the open quote at depth k with the mark at token i. */
static void close_at(struct qpara *p, struct st *s, int k, size_t i,
                     struct qm_pieces *out)
{
	for (int j = s->n - 1; j > k; j--)
		p->t[s->e[j].tok].qrole = QR_NONE;
	if (k == 0) {
		p->t[i].qrole = QR_CLOSE;
		add_piece(out, s->e[0].cont ? QM_CONT : s->e[0].tok, (uint32_t)i);
	} else {
		p->t[i].qrole = QR_INNER;
		if (k == 1) {
			out->in =
			    px_xgrow(out->in, &out->cain, out->nin + 1, sizeof *out->in);
			out->in[out->nin].open = s->e[1].tok;
			out->in[out->nin].close = (uint32_t)i;
			out->nin++;
		}
	}
	s->n = k;
}

/* ’90s, '68: an apostrophe before two digits, not a quote. */
static int year_apostrophe(const struct qpara *p, size_t i)
{
	return i + 1 < p->n && p->t[i + 1].type == QT_WORD &&
	       p->t[i + 1].start == p->t[i].end && (p->t[i + 1].flags & QF_DIGIT) &&
	       !(p->t[i + 1].flags & QF_SPB);
}

/* A possessive-looking apostrophe: writers’ residence, Barnabas' church. */
static int possessive(const struct qpara *p, size_t i, const struct flank *f)
{
	if (!(f->prev == 's' || f->prev == 'S') || !is_space_cp(f->next))
		return 0;
	if (i + 1 >= p->n || p->t[i + 1].type != QT_WORD)
		return 0;
	return !(p->t[i + 1].flags & QF_CAP) && (p->t[i + 1].flags & QF_ALPHA);
}

void px_qm_pair(struct qpara *p, struct qm_carry *carry, struct qm_pieces *out,
                int *continued)
{
	struct st s = {.n = 0};
	out->n = 0;
	out->nin = 0;
	*continued = 0;
	size_t first = 0;
	if (carry->open && p->n && p->t[0].type == QT_MARK) {
		int32_t c = p->t[0].cp;
		enum fam cf = fam_of(carry->opener);
		int go = 0;
		if (cf == F_GUIL)
			go = c == 0x00AB || c == 0x00BB;
		else if (cf == F_SGUIL)
			go = c == 0x2039 || c == 0x203A;
		else if (cf == F_DQ)
			go = c == 0x201C || c == 0x201E;
		else if (cf == F_STRD)
			go = c == '"';
		if (go) {
			push(p, &s, 0, cf, 1);
			s.e[0].cp = carry->opener;
			p->t[0].flags |= QF_CONTMARK;
			*continued = 1;
			first = 1;
		}
	}
	carry->open = 0;

	/* how many marks after i could close a single quote (for possessives) */
	size_t later = 0;
	for (size_t i = first; i < p->n; i++)
		if (p->t[i].type == QT_MARK &&
		    (p->t[i].cp == 0x2019 || p->t[i].cp == '\''))
			later++;

	for (size_t i = first; i < p->n; i++) {
		struct qtok *t = &p->t[i];
		if (t->type != QT_MARK)
			continue;
		t->qrole = QR_NONE;
		int32_t cp = t->cp;
		if (cp == 0x2019 || cp == '\'')
			later--;
		struct flank f = flank_of(p, i);
		enum fam fm = fam_of(cp);
		int k;
		switch (cp) {
		case 0x00AB:
		case 0x2039:
			push(p, &s, i, fm, 0);
			break;
		case 0x00BB:
		case 0x203A:
			if ((k = find(&s, fm)) >= 0)
				close_at(p, &s, k, i, out);
			break;
		case 0x201C:
			k = find(&s, F_DQ);
			if (k >= 0 && (s.e[k].cp == 0x201E || (f.right && !f.left)))
				close_at(p, &s, k, i, out);
			else
				push(p, &s, i, F_DQ, 0);
			break;
		case 0x201E:
		case 0x201F:
			push(p, &s, i, F_DQ, 0);
			break;
		case 0x201D:
			if ((k = find(&s, F_DQ)) >= 0)
				close_at(p, &s, k, i, out);
			else if (f.left && !f.right)
				push(p, &s, i, F_DQ, 0);
			break;
		case 0x2018:
			k = find(&s, F_SQ);
			if (k >= 0 && f.right && !f.left)
				close_at(p, &s, k, i, out);
			else if (f.left && !year_apostrophe(p, i))
				push(p, &s, i, F_SQ, 0);
			break;
		case 0x2019:
			k = find(&s, F_SQ);
			if (k >= 0 && f.right && !(later && possessive(p, i, &f)))
				close_at(p, &s, k, i, out);
			else if (k < 0 && f.left && !f.right && later &&
			         !year_apostrophe(p, i))
				push(p, &s, i, F_SQ, 0); /* ’ typed for ‘ */
			break;
		case '"':
			if ((k = find(&s, F_STRD)) >= 0) {
				close_at(p, &s, k, i, out);
			} else if (is_digit_cp(f.prev) && !f.left) {
				/* inches */
			} else if (f.right && !f.left && f.next != '"') {
				/* a closing mark with nothing to close */
			} else {
				push(p, &s, i, F_STRD, 0);
			}
			break;
		case '\'':
			k = find(&s, F_STRS);
			if (k >= 0 && f.right && !is_digit_cp(f.prev) &&
			    !(later && possessive(p, i, &f)))
				close_at(p, &s, k, i, out);
			else if (f.left && !year_apostrophe(p, i) &&
			         !is_digit_cp(f.prev) && is_alnum_cp(f.next))
				push(p, &s, i, F_STRS, 0);
			break;
		}
	}

	/* the paragraph end */
	for (int j = s.n - 1; j > 0; j--)
		p->t[s.e[j].tok].qrole = QR_NONE;
	if (s.n) {
		enum fam f = s.e[0].fam;
		if (f == F_SQ || f == F_STRS) {
			if (!s.e[0].cont)
				p->t[s.e[0].tok].qrole = QR_NONE;
		} else {
			add_piece(out, s.e[0].cont ? QM_CONT : s.e[0].tok, QM_EOP);
			carry->open = 1;
			carry->opener = s.e[0].cp;
		}
	}

	/* pieces come in closing order; outer quotes do not overlap, so that
	 * is also the opening order */
	for (size_t k = 0; k < out->n; k++) {
		size_t a = out->v[k].open == QM_CONT ? 0 : out->v[k].open + 1;
		size_t b = out->v[k].close == QM_EOP ? p->n : out->v[k].close;
		for (size_t i = a; i < b; i++)
			p->t[i].flags |= QF_INQ;
	}
}
