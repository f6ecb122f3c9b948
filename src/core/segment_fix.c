/* The repair pass after ICU: decides every place where a sentence could end.
 *
 * ICU's sentence breaker is right most of the time but not on press text
 * (TEXT-NOTES.md): it breaks before a closing » that follows a space, after
 * a ! or ? followed by the attribution of a quote, after initials, list
 * markers and abbreviations missing from its list, inside URLs; it does not
 * break after … at all. So this pass scans the paragraph once and, at every
 * run of terminators (. ! ? … and the other Sentence_Terminal characters),
 * looks at the word before and at what follows:
 *
 *   - a closing mark (» ” ’ " ) ]) right after the terminators, even after
 *     a space, stays with the sentence: the next one starts after it;
 *   - what follows starts in lowercase, or with , ; : or a dash and a
 *     lowercase word (an incise: "» demande-t-il.", "”, she said.",
 *     "Yahoo! is", "etc. et"): no break;
 *   - a ! ? or … inside a quotation whose closing mark is followed by such an
 *     incise: no break ("« Pourquoi ? Parce que ! » demande-t-il.");
 *   - a line break: always a break;
 *   - after a period, the word before decides: lang/ abbreviations before a
 *     name (never a break), before a number (no break before a number),
 *     final ones ("etc.": a break before a capital), and general ones, dotted
 *     acronyms (U.S., O.N.U., p.m.) and initials (J., E.), after which only a
 *     capitalised stop word ("The", "Il") starts a new sentence;
 *   - a list marker opening the sentence ("1.)", "2.", "a.") is no sentence;
 *   - an ellipsis followed by a capital is a break, even though ICU sees none;
 *   - a terminator glued to what follows inside a URL or an e-mail address
 *     is no break ("page?id=3", "a?b=1!x");
 *   - anything else: ICU's answer.
 *
 * One pass, constant work per position (every look-around is bounded), so a
 * 10 MB line stays linear; memory is one small record per terminator run. */
#include "core/segment_int.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>

#include "core/lang_int.h"
#include "core/utf8.h"
#include "util/mem.h"

enum kind {
	K_PERIOD,   /* one . */
	K_ELLIPSIS, /* … or .. ... */
	K_EXCL,     /* ! ? (possibly with others) */
	K_OTHER,    /* another script's terminator: ICU knows best */
	K_ICU,      /* a boundary of ICU's that no terminator explains (line end) */
};

enum {
	F_SPACE = 1,    /* white space after the terminators */
	F_NEWLINE = 2,  /* a line break after them */
	F_QUOTE = 4,    /* a closing quotation mark after them */
	F_BRACKET = 8,  /* a closing bracket after them */
	F_ICU = 16,     /* ICU breaks between the terminators and the next sentence */
	F_DROP = 32,    /* inside a quotation followed by its attribution */
	F_URL = 64,     /* glued inside a URL or an e-mail address */
};

struct px_segfix_cand {
	uint32_t tok;  /* start of the word before the terminators */
	uint32_t t;    /* first terminator */
	uint32_t tend; /* one past the last */
	uint32_t next; /* where the next sentence would start */
	uint8_t kind;
	uint8_t flags;
};

/* Longest word looked at (bytes): abbreviations and stop words are short, and
 * the bound keeps every look-around constant time. */
#define WORD_MAX 48
#define QUOTE_DEPTH 16

struct quote {
	int32_t close; /* the mark that closes it */
	size_t cand;   /* candidates at its opening */
};

struct scan {
	struct px_segfix *f;
	const char *p;
	size_t len;
	struct quote q[QUOTE_DEPTH];
	size_t nq;
};

static inline int32_t cp_at(const char *s, size_t len, size_t i, size_t *next)
{
	unsigned char b = (unsigned char)s[i];
	if (b < 0x80) {
		*next = i + 1;
		return b;
	}
	*next = i;
	return px_seg_next(s, len, next);
}

static inline int is_space(int32_t cp)
{
	if (cp < 0x80)
		return cp == ' ' || (cp >= '\t' && cp <= '\r');
	/* every white space above ASCII is one of these (px_cp_is_space) */
	return cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
	       cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

static inline int is_newline(int32_t cp)
{
	return (cp >= '\n' && cp <= '\r') || cp == 0x85 || cp == 0x2028 || cp == 0x2029;
}

static inline int is_term(int32_t cp)
{
	if (cp < 0x80)
		return cp == '.' || cp == '!' || cp == '?';
	/* no Sentence_Terminal below Greek: Latin letters skip the lookup */
	return cp >= 0x370 && (cp == 0x2026 || u_hasBinaryProperty(cp, UCHAR_S_TERM));
}

static inline int ctype(int32_t cp)
{
	return cp < 0 ? U_UNASSIGNED : u_charType(cp);
}

static int is_opening(int32_t cp)
{
	int t = ctype(cp);
	return t == U_START_PUNCTUATION || t == U_INITIAL_PUNCTUATION || cp == '"' ||
	       cp == '\'' || cp == 0xBF || cp == 0xA1;
}

static int is_dash(int32_t cp)
{
	return ctype(cp) == U_DASH_PUNCTUATION;
}

static int is_upper(int32_t cp)
{
	return cp >= 0 && (u_isupper(cp) || u_istitle(cp));
}

static int is_lower(int32_t cp)
{
	return cp >= 0 && u_islower(cp);
}

static int is_alpha(int32_t cp)
{
	return cp >= 0 && u_isalpha(cp);
}

static int is_digit(int32_t cp)
{
	return cp >= 0 && u_isdigit(cp);
}

/* The mark that closes a quotation opened by cp, or 0. Straight quotes are
 * told apart by position (see scan_quote). */
static int32_t closer_of(int32_t cp)
{
	switch (cp) {
	case 0xAB: /* « */
		return 0xBB;
	case 0x201C: /* “ */
		return 0x201D;
	case '"':
		return '"';
	}
	return 0;
}

/* Whether the text at i, past white space and closing marks, is an incise
 * that keeps the sentence going: a lowercase word, a comma, or a dash and a
 * lowercase word ("» demande-t-il", "”, she said", "» — dit-il"). */
static int incise_at(const char *p, size_t len, size_t i)
{
	int dash = 0;
	for (int steps = 0; i < len && steps < 16; steps++) {
		size_t k;
		int32_t cp = cp_at(p, len, i, &k);
		if (is_newline(cp))
			return 0;
		int t = ctype(cp);
		if (is_space(cp) || cp == '"' || t == U_FINAL_PUNCTUATION ||
		    t == U_END_PUNCTUATION) {
			i = k;
			continue;
		}
		if (is_dash(cp) && !dash) {
			dash = 1;
			i = k;
			continue;
		}
		return is_lower(cp) || (cp == ',' && !dash);
	}
	return 0;
}

static void push_quote(struct scan *s, int32_t close)
{
	if (s->nq == QUOTE_DEPTH)
		return;
	s->q[s->nq].close = close;
	s->q[s->nq].cand = s->f->ncand;
	s->nq++;
}

/* A closing mark at [i, k): closes the innermost quotation it matches; when
 * an incise follows, the ! ? … inside it end no sentence. */
static void close_quote(struct scan *s, int32_t cp, size_t k)
{
	size_t d = s->nq;
	while (d > 0 && s->q[d - 1].close != cp)
		d--;
	if (d == 0)
		return;
	size_t from = s->q[d - 1].cand;
	s->nq = d - 1;
	if (!incise_at(s->p, s->len, k))
		return;
	for (size_t c = from; c < s->f->ncand; c++)
		if (s->f->cands[c].kind == K_EXCL || s->f->cands[c].kind == K_ELLIPSIS)
			s->f->cands[c].flags |= F_DROP;
}

static void add_cand(struct px_segfix *f, size_t tok, size_t t, size_t tend, size_t next,
                     int kind, unsigned flags)
{
	f->cands = px_xgrow(f->cands, &f->cacand, f->ncand + 1, sizeof *f->cands);
	struct px_segfix_cand *c = &f->cands[f->ncand++];
	c->tok = (uint32_t)tok;
	c->t = (uint32_t)t;
	c->tend = (uint32_t)tend;
	c->next = (uint32_t)next;
	c->kind = (uint8_t)kind;
	c->flags = (uint8_t)flags;
}

static int looks_like_url(const char *p, size_t tok, size_t t, int marks)
{
	if (marks)
		return 1;
	for (size_t s = tok; s < tok + 2 && s + 4 <= t; s++)
		if (memcmp(p + s, "www.", 4) == 0)
			return 1;
	return 0;
}

/* The ASCII bytes the scan stops at; it runs over the others. */
static const unsigned char ascii_special[128] = {
	['\t'] = 1, ['\n'] = 1, ['\v'] = 1, ['\f'] = 1, ['\r'] = 1, [' '] = 1,
	['.'] = 1, ['!'] = 1, ['?'] = 1, ['"'] = 1, [':'] = 1, ['@'] = 1,
};

/* Scans the paragraph once and records every place a sentence could end. */
static void scan(struct scan *s, const uint32_t *icu, size_t nicu)
{
	const char *p = s->p;
	size_t len = s->len;
	struct px_segfix *f = s->f;
	size_t i = 0, tok = 0, ib = 0;
	int urlmark = 0;
	int32_t prev = ' ';
	while (i < len) {
		if ((unsigned char)p[i] < 0x80 && !ascii_special[(unsigned char)p[i]]) {
			do
				i++;
			while (i < len && (unsigned char)p[i] < 0x80 &&
			       !ascii_special[(unsigned char)p[i]]);
			prev = (unsigned char)p[i - 1];
			continue;
		}
		size_t k;
		int32_t cp = cp_at(p, len, i, &k);
		if (is_space(cp)) {
			tok = k;
			urlmark = 0;
			prev = ' ';
			i = k;
			continue;
		}
		if (!is_term(cp)) {
			if (cp == ':' && k + 1 < len && p[k] == '/' && p[k + 1] == '/')
				urlmark = 1;
			else if (cp == '@')
				urlmark = 1;
			else if (cp == 0xAB || cp == 0x201C)
				push_quote(s, closer_of(cp));
			else if (cp == 0xBB || cp == 0x201D)
				close_quote(s, cp, k);
			else if (cp == '"') {
				if (s->nq && s->q[s->nq - 1].close == '"')
					close_quote(s, cp, k);
				else if (is_space(prev) || is_opening(prev))
					push_quote(s, '"');
			}
			prev = cp;
			i = k;
			continue;
		}

		/* a run of terminators */
		size_t t = i, j = i;
		int nperiod = 0, ell = 0, excl = 0, other = 0;
		while (j < len) {
			size_t jk;
			int32_t c = cp_at(p, len, j, &jk);
			if (!is_term(c))
				break;
			if (c == '.')
				nperiod++;
			else if (c == 0x2026)
				ell = 1;
			else if (c == '!' || c == '?' || (c >= 0x203C && c <= 0x2049) ||
			         c == 0xFF01 || c == 0xFF1F)
				excl = 1;
			else
				other = 1;
			prev = c;
			j = jk;
		}
		size_t tend = j;
		int kind = excl ? K_EXCL : other ? K_OTHER : (ell || nperiod > 1) ? K_ELLIPSIS : K_PERIOD;

		/* closing marks and spaces after it */
		unsigned flags = 0;
		size_t g = tend;
		while (g < len) {
			size_t gk;
			int32_t c = cp_at(p, len, g, &gk);
			if (is_space(c)) {
				flags |= F_SPACE | (is_newline(c) ? F_NEWLINE : 0);
				g = gk;
				continue;
			}
			int ct = ctype(c);
			if (c == '"') {
				if (s->nq && s->q[s->nq - 1].close == '"')
					close_quote(s, c, gk);
				else if (flags & F_SPACE)
					break; /* opens the next sentence's quotation */
			} else if (c == '\'') {
				if (flags & F_SPACE)
					break;
			} else if (ct == U_FINAL_PUNCTUATION) {
				if (c == 0xBB || c == 0x201D)
					close_quote(s, c, gk);
			} else if (ct == U_END_PUNCTUATION) {
				flags |= F_BRACKET;
				g = gk;
				prev = c;
				continue;
			} else {
				break;
			}
			flags |= F_QUOTE;
			prev = c;
			g = gk;
		}
		size_t next = g;

		/* ICU's boundaries before this run explain themselves (line ends) */
		while (ib < nicu && icu[ib] <= t) {
			add_cand(f, icu[ib], icu[ib], icu[ib], icu[ib], K_ICU, F_ICU);
			ib++;
		}
		while (ib < nicu && icu[ib] <= next) {
			flags |= F_ICU;
			ib++;
		}
		if (((flags & (F_SPACE | F_QUOTE | F_BRACKET)) && next < len) || (flags & F_ICU)) {
			if (!(flags & (F_SPACE | F_QUOTE | F_BRACKET)) &&
			    looks_like_url(p, tok, t, urlmark))
				flags |= F_URL;
			add_cand(f, tok, t, tend, next, kind, flags);
		}
		if (flags & F_SPACE) {
			tok = next;
			urlmark = 0;
			prev = ' ';
		}
		i = next;
	}
	while (ib < nicu) {
		add_cand(f, icu[ib], icu[ib], icu[ib], icu[ib], K_ICU, F_ICU);
		ib++;
	}
}

/* What follows a possible sentence end. */
struct next {
	int quote;   /* an opening quotation mark first */
	int bracket; /* an opening bracket or a dash first */
	int digit;   /* a digit right away */
	size_t w, we; /* the first word (letters), bounded */
	int32_t first; /* its first letter, or -1 */
	int long_word;
};

static void word_at(const char *p, size_t len, size_t i, struct next *nx)
{
	nx->w = i;
	nx->first = -1;
	size_t k;
	while (i < len && i - nx->w <= WORD_MAX) {
		int32_t cp = cp_at(p, len, i, &k);
		if (!is_alpha(cp))
			break;
		if (nx->first < 0)
			nx->first = cp;
		i = k;
	}
	nx->we = i;
	nx->long_word = i - nx->w > WORD_MAX;
}

static void look_next(const char *p, size_t len, size_t i, struct next *nx)
{
	memset(nx, 0, sizeof *nx);
	size_t k;
	nx->digit = is_digit(cp_at(p, len, i, &k));
	for (int steps = 0; i < len && steps < 8; steps++) {
		int32_t cp = cp_at(p, len, i, &k);
		int t = ctype(cp);
		if (t == U_INITIAL_PUNCTUATION || cp == '"' || cp == '\'')
			nx->quote = 1;
		else if (t == U_START_PUNCTUATION || is_dash(cp) || cp == 0xBF || cp == 0xA1)
			nx->bracket = 1;
		else if (!(is_space(cp) && steps > 0))
			break;
		i = k;
	}
	word_at(p, len, i, nx);
}

static int is_stopword(const struct px_segfix_lang *lang, const char *p, size_t w, size_t we)
{
	if (we <= w || we - w > WORD_MAX)
		return 0;
	char key[WORD_MAX * 4 + 8];
	size_t n = 0, i = w, k;
	while (i < we) {
		int32_t cp = cp_at(p, we, i, &k);
		if (cp < 0)
			return 0;
		n += px_utf8_encode((uint32_t)u_foldCase(cp, U_FOLD_CASE_DEFAULT), key + n);
		i = k;
	}
	key[n] = '\0';
	for (size_t l = 0; l < lang->nstopwords; l++)
		if (px_list_has(lang->stopwords[l], key, n))
			return 1;
	return 0;
}

/* "U.S", "O.N.U", "p.m", "J.-C", "Ph.D": groups of one or two letters joined
 * by periods (the final period is not in tok). */
static int is_acronym(const char *p, size_t ts, size_t te)
{
	int groups = 0;
	size_t i = ts, k;
	while (i < te) {
		int letters = 0;
		while (i < te && is_alpha(cp_at(p, te, i, &k))) {
			letters++;
			i = k;
		}
		if (letters < 1 || letters > 2)
			return 0;
		groups++;
		if (i == te)
			break;
		if (p[i] != '.')
			return 0;
		i++;
		if (i < te && p[i] == '-')
			i++;
		if (i == te)
			return 0;
	}
	return groups >= 2;
}

/* A word of two letters or more, letters only. */
static int all_letters(const char *p, size_t ts, size_t te)
{
	size_t n = 0, k;
	for (size_t i = ts; i < te; i = k, n++)
		if (!is_alpha(cp_at(p, te, i, &k)))
			return 0;
	return n >= 2;
}

/* One capital letter ("J", "É"), or initials of a compound first name
 * ("J.-C", "J.-M"). */
static int is_initial(const char *p, size_t ts, size_t te)
{
	size_t k;
	for (size_t i = ts; i < te;) {
		if (!is_upper(cp_at(p, te, i, &k)))
			return 0;
		if (k == te)
			return 1;
		if (k + 2 >= te || p[k] != '.' || p[k + 1] != '-')
			return 0;
		i = k + 2;
	}
	return 0;
}

static int is_roman(const char *p, size_t w, size_t we)
{
	if (we <= w)
		return 0;
	for (size_t i = w; i < we; i++)
		if (!p[i] || !strchr("IVXLCDM", p[i]))
			return 0;
	return 1;
}

/* The word before the terminators, without opening marks or an elided
 * article ("(U.S" → "U.S", "l'O.N.U" → "O.N.U"). 0 when too long to be an
 * abbreviation. */
static int token(const char *p, const struct px_segfix_cand *c, size_t *ts, size_t *te)
{
	size_t s = c->tok, e = c->t, k;
	if (e - s > WORD_MAX)
		return 0;
	while (s < e && is_opening(cp_at(p, e, s, &k)))
		s = k;
	for (size_t i = s; i < e; i = k) {
		int32_t cp = cp_at(p, e, i, &k);
		if ((cp == '\'' || cp == 0x2019) && k < e)
			s = k;
	}
	*ts = s;
	*te = e;
	return s < e;
}

/* "1.)", "2.", "a.", "IV." opening the sentence: a list marker, not a
 * sentence of its own. */
static int list_marker(const char *p, const struct px_segfix_cand *c, size_t s0)
{
	size_t ts, te, k;
	if (!token(p, c, &ts, &te) || te - ts > 4)
		return 0;
	size_t x = s0;
	for (int steps = 0; x < ts && steps < 8; steps++) {
		int32_t cp = cp_at(p, ts, x, &k);
		if (!is_space(cp) && !is_opening(cp))
			break;
		x = k;
	}
	if (x != ts)
		return 0;
	int digits = 1;
	for (size_t i = ts; i < te; i++)
		digits &= p[i] >= '0' && p[i] <= '9';
	if (digits && te - ts <= 3)
		return 1;
	int32_t cp = cp_at(p, te, ts, &k);
	if (k == te && is_alpha(cp))
		return 1;
	for (size_t i = ts; i < te; i++)
		if (!p[i] || !strchr("IVXivx", p[i]))
			return 0;
	return 1;
}

struct ctx {
	const struct px_segfix_lang *lang;
	const char *p;
	size_t len;
};

/* After a single period. */
static int period_rule(const struct ctx *x, const struct px_segfix_cand *c,
                       const struct next *nx, int icu)
{
	const char *p = x->p;
	size_t ts, te;
	if (!token(p, c, &ts, &te))
		return icu;
	unsigned ab = px_abbrevs_get(x->lang->abbrevs, p + ts, te - ts);
	size_t k;
	/* the next word is one capital and a period: an initial ("art. L. 121") */
	int single = is_upper(nx->first) && nx->we < x->len && p[nx->we] == '.' &&
	             (cp_at(p, x->len, nx->w, &k), k == nx->we);
	if (ab & PX_ABBR_NAME)
		return 0;
	if ((ab & PX_ABBR_NUMBER) &&
	    (nx->digit || (!nx->quote && !nx->bracket && !nx->long_word &&
	                   (is_roman(p, nx->w, nx->we) || single))))
		return 0;
	int initial = is_initial(p, ts, te);
	if (!(ab & (PX_ABBR_GENERAL | PX_ABBR_FINAL)) && !initial && !is_acronym(p, ts, te)) {
		/* "Le bilan est lourd. 300 personnes sont mortes.": ICU looks past
		 * the number for a lowercase word and sees none; after a plain word
		 * (not an abbreviation, not a number) a number starts a sentence */
		if (nx->digit && !ab && all_letters(p, ts, te))
			return 1;
		return icu;
	}
	if (nx->digit)
		return 0;
	if ((ab & PX_ABBR_FINAL) || nx->quote)
		return 1;
	if (nx->bracket || !is_upper(nx->first) || nx->long_word)
		return icu;
	if (single) /* an initial follows: "J. R. R. Tolkien" */
		return 0;
	if (!is_stopword(x->lang, p, nx->w, nx->we))
		return 0; /* a name: "U.S. officials" is lowercase, "U.S. President" is not */
	if (initial) {
		/* "J. Le Pen": a particle, then a name */
		size_t i = nx->we;
		int spaces = 0;
		while (i < x->len && spaces < 4 && p[i] == ' ') {
			i++;
			spaces++;
		}
		struct next n2;
		if (spaces) {
			word_at(p, x->len, i, &n2);
			if (is_upper(n2.first) && !n2.long_word &&
			    !is_stopword(x->lang, p, n2.w, n2.we))
				return 0;
		}
	}
	return 1;
}

static int decide_here(const struct ctx *x, const struct px_segfix_cand *c, size_t s0);

/* "The first item 2.) The second": a numbered marker inside a sentence, with
 * no opening bracket before it, starts the next sentence. */
static int inner_marker(const char *p, const struct px_segfix_cand *c, size_t s0)
{
	size_t ts, te, k;
	if (c->kind != K_PERIOD || p[c->tend] != ')' || !token(p, c, &ts, &te) ||
	    ts != c->tok || ts <= s0 || p[ts - 1] != ' ')
		return 0;
	int32_t cp = cp_at(p, te, ts, &k);
	int ok = k == te && is_alpha(cp);
	if (!ok && te - ts <= 3) {
		ok = 1;
		for (size_t i = ts; i < te; i++)
			ok &= p[i] >= '0' && p[i] <= '9';
	}
	if (!ok)
		return 0;
	size_t from = ts - s0 > 200 ? ts - 200 : s0;
	return memchr(p + from, '(', ts - from) == NULL;
}

/* Where the candidate ends a sentence: c->next, another place, or 0 for no
 * break. s0: where the current sentence starts. */
static size_t decide(const struct ctx *x, const struct px_segfix_cand *c, size_t s0)
{
	size_t at = decide_here(x, c, s0);
	if (at && (c->flags & F_BRACKET) && inner_marker(x->p, c, s0))
		return c->tok;
	return at ? c->next : 0;
}

/* Whether the candidate ends a sentence where the next one would start. */
static int decide_here(const struct ctx *x, const struct px_segfix_cand *c, size_t s0)
{
	const char *p = x->p;
	size_t len = x->len, n = c->next, k;
	int icu = (c->flags & F_ICU) != 0;
	if (c->kind == K_ICU)
		return 1;
	if (n >= len)
		return 0;
	if (c->flags & F_NEWLINE)
		return 1;
	if (c->flags & F_DROP)
		return 0;
	int32_t first = cp_at(p, len, n, &k);
	if (is_lower(first) || first == ',' || first == ';' || first == ':')
		return 0;
	struct next nx;
	look_next(p, len, n, &nx);
	if (nx.bracket && !nx.quote && is_lower(nx.first))
		return 0; /* "! — dit-il", "etc. (voir" */
	if (!(c->flags & (F_SPACE | F_QUOTE | F_BRACKET)))
		return (c->flags & F_URL) ? 0 : icu;
	if (c->t > 0 && (p[c->t - 1] == '[' || p[c->t - 1] == '(') &&
	    (p[c->tend] == ']' || p[c->tend] == ')'))
		return 0; /* an elision: "[…]" */
	if (c->kind == K_PERIOD && !(c->flags & F_QUOTE) && list_marker(p, c, s0))
		return 0;
	if (c->flags & (F_QUOTE | F_BRACKET))
		return 1;
	switch (c->kind) {
	case K_EXCL:
	case K_OTHER:
		return icu;
	case K_ELLIPSIS:
		return !nx.digit;
	}
	return period_rule(x, c, &nx, icu);
}

static void emit_trimmed(const char *p, size_t a, size_t b, px_segfix_emit emit, void *arg)
{
	size_t k;
	while (a < b && is_space(cp_at(p, b, a, &k)))
		a = k;
	while (b > a) {
		size_t j = px_utf8_prev(p, b);
		if (j < a || !is_space(cp_at(p, b, j, &k)))
			break;
		b = j;
	}
	if (a < b)
		emit(arg, a, b);
}

void px_segfix_init(struct px_segfix *f)
{
	memset(f, 0, sizeof *f);
}

void px_segfix_release(struct px_segfix *f)
{
	free(f->cands);
	memset(f, 0, sizeof *f);
}

void px_segfix_run(struct px_segfix *f, const struct px_segfix_lang *lang, const char *text,
                   size_t len, const uint32_t *icu, size_t nicu, px_segfix_emit emit,
                   void *arg)
{
	f->ncand = 0;
	struct scan s; /* the quotation stack is used up to nq only */
	s.f = f;
	s.p = text;
	s.len = len;
	s.nq = 0;
	scan(&s, icu, nicu);
	struct ctx x = {lang, text, len};
	size_t s0 = 0;
	for (size_t i = 0; i < f->ncand; i++) {
		const struct px_segfix_cand *c = &f->cands[i];
		if (c->next <= s0 || c->next >= len)
			continue;
		size_t at = decide(&x, c, s0);
		if (at <= s0)
			continue;
		emit_trimmed(text, s0, at, emit, arg);
		s0 = at;
	}
	emit_trimmed(text, s0, len, emit, arg);
}
