/* The paragraph pass: trims lines, collapses runs of spaces and tabs to one
 * space, decides for each line break inside a block whether it is a hard
 * wrap (the lines are joined) or a real break (a new paragraph), rejoins
 * words hyphenated across a joined line end, and records the paragraphs.
 *
 * Press text comes in two shapes. Hard-wrapped text has lines of similar
 * width that break mid-sentence; one-paragraph-per-line text has long
 * lines of varying length that nearly all end a sentence, often with no
 * blank line between them. The first pass over the text measures the pairs
 * of adjacent lines: the document is "wrapped" at width W (the 95th
 * percentile of line widths) when there are at least 3 pairs, W is 20..200
 * columns, 60% of the lines that have a successor are within [3W/4, 1.1W+2],
 * and at most half of them end a sentence. Widths are counted both in code
 * points and in bytes, as wrappers differ (fold counts bytes). The rules
 * for a break between line a and the next line b of the same block, first
 * match wins:
 *
 *  1. b is a list item (`- `, `* `, `• `, `– `, `1. `, `1) `, `a) `, ...)
 *     or a dialogue turn (`— `): break.
 *  2. a ends with a soft hyphen and b starts with a letter or digit: join
 *     the halves, without the soft hyphen.
 *  3. a ends with letter-hyphen (a dash after a space, `—` and `–` are
 *     punctuation, not hyphens) and b starts with a letter or digit: join
 *     without a space; whether the hyphen stays is decided below.
 *  4. the paragraph so far is a list item: b indented is a continuation
 *     (join); otherwise b indented by 2+ columns more than a opens a new
 *     paragraph (first-line indent style): break.
 *  5. b starts with a lowercase letter (after opening quotes or brackets):
 *     join. Press paragraphs do not start in lowercase.
 *  6. a ends with a word a sentence or title cannot end on (lang/<code>/
 *     nonfinal-words.txt: articles, prepositions, conjunctions) and the
 *     document is wrapped or a is 40+ columns wide: join.
 *  7. a ends with `,` or `;` and the document is wrapped or a is 40+
 *     columns wide: join.
 *  8. the document is wrapped, a is not much wider than W, and the first
 *     word of b would not have fitted on a (width(a) + 1 + word(b) > W, in
 *     code points or in bytes): the wrapper moved it down, join. (So a
 *     paragraph whose last line is nearly full and that has no blank line
 *     after it is joined to the next: mid-paragraph sentence ends at a line
 *     end are several times more common.)
 *  9. otherwise break: a false join is worse than a missed one.
 *
 * A hyphen at a joined line end (x-\ny) stays when y starts with a capital
 * or a digit (Saint-Étienne, COVID-19), when "x-y" is written elsewhere in
 * the document, when a lang/<code>/hyphen-compounds.txt list has "x-",
 * "-y" or "x-y" (porte-parole, peut-être), when x already follows a hyphen
 * (c'est-à-dire), when a rule of that list for "-y" finds its company
 * ("-les after-ending e s z": a pronoun after a verb, prends-les;
 * "-ci after-word ce cet cette ces": cette fois-ci), or when x has fewer
 * than 2 or y fewer than 3 letters (no syllable break leaves less); it
 * goes when "xy" is written elsewhere in the document, when "-y" has rules
 * and none finds its company (agrico-les, mer-ci: short or not, these are
 * syllables; unless y is followed by a hyphen, as in arc-en-ciel), and
 * otherwise.
 *
 * A paragraph is a heading when it is one line of at most 80 columns that
 * starts with a capital or a digit, does not end with punctuation or a
 * non-final word, and the next line is wider. The document's first line is
 * a heading (its title) on the same shape with up to 160 columns, whatever
 * follows it.
 *
 * The new text: paragraphs separated by "\n\n", except list items on
 * adjacent lines (one "\n"); a final "\n". The pass keeps no per-line
 * storage, so a text of millions of short lines costs what its bytes cost. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>

#include "core/doc_int.h"
#include "core/lang_int.h"
#include "core/normalize_int.h"
#include "core/utf8.h"
#include "util/buf.h"
#include "util/mem.h"

#define HIST 256          /* line widths are counted up to this */
#define HEADING_MAX 80    /* columns */
#define TITLE_MAX 160     /* columns, for the document's first line */
#define WORD_MAX 64       /* bytes; longer words are never looked up */
#define LONG_LINE 1024    /* bytes: at least 256 columns, wider than any rule looks */

struct line {
	size_t s, e;   /* trimmed content */
	size_t next;   /* start of the next raw line */
	size_t width;  /* indent + code points of the content */
	size_t bwidth; /* indent + bytes: some wrappers (fold) count bytes */
	size_t word1;  /* code points of the first word */
	size_t bword1; /* its bytes */
	unsigned indent;
	int32_t first, lead, last;
	unsigned blank : 1, list : 1, dialogue : 1, shy : 1, hyphen : 1;
	unsigned final : 1, colon : 1, comma : 1;
};

static int is_hspace(int32_t cp)
{
	return cp == ' ' || cp == '\t' || (cp > 0x7F && cp != 0x85 && cp != 0x2028 &&
	                                    cp != 0x2029 && px_cp_is_space(cp));
}

static const unsigned char ascii_alnum[128] = {
	['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1,
	['7'] = 1, ['8'] = 1, ['9'] = 1,
	['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1,
	['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1,
	['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1,
	['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1,
	['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1,
	['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1,
	['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1,
	['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1,
};

static int is_alnum(int32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		       (cp >= '0' && cp <= '9');
	return px_cp_is_alpha(cp) || px_cp_is_digit(cp);
}

static int is_lower(int32_t cp)
{
	if (cp < 0x80)
		return cp >= 'a' && cp <= 'z';
	return px_cp_is_lower(cp);
}

static int is_upper_or_digit(int32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
	return px_cp_is_upper(cp) || px_cp_is_digit(cp) || u_istitle(cp);
}

/* Marks that may open a line before its first word. */
static int is_opening(int32_t cp)
{
	switch (cp) {
	case '"': case '\'': case '(': case '[': case 0x00AB: case 0x201C: case 0x2018:
	case 0x201E: case 0x201A: case 0x2039: case 0x00BF: case 0x00A1:
		return 1;
	}
	return 0;
}

/* Marks that may close a sentence after its final punctuation. */
static int is_closing(int32_t cp)
{
	switch (cp) {
	case '"': case '\'': case ')': case ']': case 0x00BB: case 0x201D: case 0x2019:
	case 0x203A:
		return 1;
	}
	return 0;
}

static int is_bullet(int32_t cp)
{
	switch (cp) {
	case '-': case '*': case '+': case 0x2022: case 0x2013: case 0x00B7: case 0x25E6:
	case 0x25AA: case 0x2023: case 0x25CF: case 0x25A0: case 0x25BA: case 0x2043:
		return 1;
	}
	return 0;
}

static int32_t cp_at(const char *t, size_t n, size_t *i)
{
	return *i < n ? px_utf8_next(t, n, i) : -1;
}

/* A list marker or a dialogue dash at the start of content [s, e). */
static void find_marker(const char *t, size_t s, size_t e, struct line *L)
{
	size_t i = s;
	int32_t c = cp_at(t, e, &i);
	if (c == 0x2014 || c == 0x2015) {
		L->dialogue = is_hspace(cp_at(t, e, &i));
		return;
	}
	if (is_bullet(c)) {
		L->list = is_hspace(cp_at(t, e, &i));
		return;
	}
	i = s;
	int paren = 0;
	if (t[i] == '(') {
		paren = 1;
		i++;
	}
	size_t d = i;
	while (d < e && d - i < 4 && t[d] >= '0' && t[d] <= '9')
		d++;
	if (d > i && d - i <= 3) {
		if (d < e && (t[d] == ')' || (!paren && t[d] == '.')))
			L->list = d + 1 < e && is_hspace((unsigned char)t[d + 1]);
		return;
	}
	if (i < e && ((t[i] >= 'a' && t[i] <= 'z') || (t[i] >= 'A' && t[i] <= 'Z')) &&
	    i + 2 < e && t[i + 1] == ')' && is_hspace((unsigned char)t[i + 2]))
		L->list = 1;
}

#define ONES 0x0101010101010101ULL
#define HIGH 0x8080808080808080ULL

/* UTF-8 continuation bytes (10xxxxxx) in s[0, n), eight bytes at a time. */
static size_t count_continuations(const char *s, size_t n)
{
	size_t c = 0, i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		uint64_t x = (w & HIGH) & ~((w << 1) & HIGH);
		c += (size_t)(((x >> 7) * ONES) >> 56);
	}
	for (; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) == 0x80;
	return c;
}

/* Reads the raw line starting at pos. */
static void scan_line(const char *t, size_t n, size_t pos, struct line *L)
{
	memset(L, 0, sizeof *L);
	const char *nl = memchr(t + pos, '\n', n - pos);
	size_t end = nl ? (size_t)(nl - t) : n;
	L->next = nl ? end + 1 : n;

	size_t i = pos;
	unsigned indent = 0;
	while (i < end) {
		unsigned char c = (unsigned char)t[i];
		if (c == ' ') {
			indent++;
			i++;
			continue;
		}
		if (c == '\t') {
			indent += 8 - indent % 8;
			i++;
			continue;
		}
		if (c < 0x80)
			break;
		size_t k = i;
		int32_t cp = px_utf8_next(t, end, &k);
		if (!is_hspace(cp) && cp != PX_SHY)
			break;
		indent++;
		i = k;
	}
	size_t e = end;
	while (e > i) {
		unsigned char c = (unsigned char)t[e - 1];
		if (c == ' ' || c == '\t') {
			e--;
			continue;
		}
		if (c < 0x80)
			break;
		size_t k = px_utf8_prev(t, e), q = k;
		int32_t cp = px_utf8_next(t, e, &q);
		if (cp == PX_SHY)
			L->shy = 1;
		else if (!is_hspace(cp))
			break;
		e = k;
	}
	L->s = i;
	L->e = e;
	L->indent = indent < 255 ? indent : 255;
	if (i == e) {
		L->blank = 1;
		return;
	}

	/* Widths past a few hundred columns all mean "long": count at most
	 * LONG_LINE bytes so that a long line costs no more than a short one. */
	size_t span = e - i < LONG_LINE ? e - i : LONG_LINE;
	L->width = indent + span - count_continuations(t + i, span);
	L->bwidth = indent + span;
	size_t w = i, word1 = 0;
	while (w < i + span && t[w] != ' ' && t[w] != '\t')
		word1 += ((unsigned char)t[w++] & 0xC0) != 0x80;
	L->word1 = word1;
	L->bword1 = w - i;

	size_t k = i;
	L->first = px_utf8_next(t, e, &k);
	k = i;
	for (int step = 0; step < 4 && k < e; step++) {
		int32_t c = px_utf8_next(t, e, &k);
		if (is_alnum(c)) {
			L->lead = c;
			break;
		}
		if (!is_opening(c) && !is_hspace(c))
			break;
	}
	find_marker(t, i, e, L);

	size_t q = px_utf8_prev(t, e), r = q;
	L->last = px_utf8_next(t, e, &r);
	int32_t c = L->last;
	for (int step = 0; step < 4 && (is_closing(c) || is_hspace(c)) && q > i; step++) {
		q = px_utf8_prev(t, q);
		r = q;
		c = px_utf8_next(t, e, &r);
	}
	L->final = c == '.' || c == '!' || c == '?' || c == 0x2026;
	L->colon = c == ':';
	L->comma = c == ',' || c == ';';
	if ((L->last == '-' || L->last == 0x2010) && e - i > 1) {
		size_t p = px_utf8_prev(t, e);
		size_t p2 = px_utf8_prev(t, p), r2 = p2;
		L->hyphen = p > i && is_alnum(px_utf8_next(t, e, &r2));
	}
}

/* The next non-blank line at or after pos; *blanks counts the blank lines
 * skipped. Returns 0 at the end of the text. */
static int next_line(const char *t, size_t n, size_t *pos, struct line *L, size_t *blanks)
{
	*blanks = 0;
	while (*pos < n) {
		scan_line(t, n, *pos, L);
		*pos = L->next;
		if (!L->blank)
			return 1;
		(*blanks)++;
	}
	return 0;
}

/* ---- words: the word before a line-end hyphen, the one after it ---- */

/* The letters and digits just before byte e (at most WORD_MAX bytes). */
static size_t word_before(const char *t, size_t s, size_t e, size_t *ws)
{
	size_t i = e;
	while (i > s && e - i < WORD_MAX) {
		size_t p = px_utf8_prev(t, i), q = p;
		if (!is_alnum(px_utf8_next(t, e, &q)))
			break;
		i = p;
	}
	*ws = i;
	return e - i;
}

static size_t word_after(const char *t, size_t s, size_t e)
{
	size_t i = s;
	while (i < e && i - s < WORD_MAX) {
		size_t k = i;
		if (!is_alnum(px_utf8_next(t, e, &k)))
			break;
		i = k;
	}
	return i - s;
}

static size_t count_cps(const char *t, size_t s, size_t e)
{
	size_t n = 0;
	for (size_t i = s; i < e; i++)
		n += ((unsigned char)t[i] & 0xC0) != 0x80;
	return n;
}

/* ---- a small set of case-folded words, and whether each was seen ---- */

struct wordset {
	struct {
		size_t off, len;
		uint64_t hash;
		int seen;
	} *ents;
	size_t n, cap;
	size_t *slots; /* entry index + 1; 0 is empty */
	size_t nslots;
	struct px_buf keys;
	size_t minlen, maxlen;
	unsigned char first[256]; /* first bytes of the keys */
};

static uint64_t hash_bytes(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h;
}

static void ws_init(struct wordset *w)
{
	memset(w, 0, sizeof *w);
	px_buf_init(&w->keys, SIZE_MAX);
	w->minlen = SIZE_MAX;
}

static void ws_free(struct wordset *w)
{
	free(w->ents);
	free(w->slots);
	px_buf_free(&w->keys);
}

static size_t *ws_slot(const struct wordset *w, const char *k, size_t len, uint64_t h)
{
	size_t mask = w->nslots - 1;
	for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
		size_t *slot = &w->slots[i];
		if (!*slot)
			return slot;
		size_t e = *slot - 1;
		if (w->ents[e].hash == h && w->ents[e].len == len &&
		    memcmp(w->keys.data + w->ents[e].off, k, len) == 0)
			return slot;
	}
}

static void ws_rehash(struct wordset *w)
{
	free(w->slots);
	w->nslots = w->nslots ? w->nslots * 2 : 64;
	w->slots = px_xcalloc(w->nslots, sizeof *w->slots);
	for (size_t e = 0; e < w->n; e++) {
		size_t mask = w->nslots - 1, i = (size_t)w->ents[e].hash & mask;
		while (w->slots[i])
			i = (i + 1) & mask;
		w->slots[i] = e + 1;
	}
}

static void ws_add(struct wordset *w, const char *k, size_t len)
{
	if ((w->n + 1) * 2 > w->nslots)
		ws_rehash(w);
	uint64_t h = hash_bytes(k, len);
	size_t *slot = ws_slot(w, k, len, h);
	if (*slot)
		return;
	w->ents = px_xgrow(w->ents, &w->cap, w->n + 1, sizeof *w->ents);
	w->ents[w->n].off = w->keys.len;
	w->ents[w->n].len = len;
	w->ents[w->n].hash = h;
	w->ents[w->n].seen = 0;
	px_buf_add(&w->keys, k, len);
	*slot = ++w->n;
	if (len < w->minlen)
		w->minlen = len;
	if (len > w->maxlen)
		w->maxlen = len;
	w->first[(unsigned char)k[0]] = 1;
}

/* The entry of the folded key, or -1. */
static long ws_find(const struct wordset *w, const char *k, size_t len)
{
	if (!w->n)
		return -1;
	size_t *slot = ws_slot(w, k, len, hash_bytes(k, len));
	return *slot ? (long)(*slot - 1) : -1;
}

/* Looks the word t[s, e) up (folding it) and marks it seen. */
static void ws_see(struct wordset *w, const char *t, size_t s, size_t e)
{
	/* Folding rarely changes a byte length by more than a little. */
	if (e - s + 8 < w->minlen || e - s > w->maxlen + 8)
		return;
	unsigned char b = (unsigned char)t[s];
	if (b < 0x80 && !w->first[b >= 'A' && b <= 'Z' ? b + 32 : b])
		return;
	/* Most words are ASCII: hash them folded without writing the fold,
	 * and fold for real only on a hash hit. */
	uint64_t h = 1469598103934665603ULL;
	size_t k = s;
	for (; k < e; k++) {
		unsigned char c = (unsigned char)t[k];
		if (c >= 0x80)
			break;
		unsigned char low = (unsigned char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
		h = (h ^ low) * 1099511628211ULL;
	}
	if (k == e) {
		size_t mask = w->nslots - 1, i = (size_t)h & mask;
		for (; w->slots[i]; i = (i + 1) & mask)
			if (w->ents[w->slots[i] - 1].hash == h)
				break;
		if (!w->slots[i])
			return;
	}
	char key[WORD_MAX * 2 + 16];
	size_t len = px_fold_small(t + s, e - s, key, sizeof key);
	long i = len ? ws_find(w, key, len) : -1;
	if (i >= 0)
		w->ents[i].seen = 1;
}

/* Whether the folded key was seen in the text. */
static int ws_seen(const struct wordset *w, const char *k, size_t len)
{
	long i = ws_find(w, k, len);
	return i >= 0 && w->ents[i].seen;
}

/* Marks which keys occur in the text, within one line: every word, and
 * every two words linked by one hyphen. */
static void scan_evidence(struct wordset *w, const char *t, size_t n)
{
	size_t i = 0;
	size_t prev_s = 0, prev_e = 0; /* the word before a hyphen, if any */
	int linked = 0;
	while (i < n) {
		unsigned char b = (unsigned char)t[i];
		size_t k = i;
		int32_t c = b;
		if (b < 0x80)
			k++;
		else
			c = px_utf8_next(t, n, &k);
		if (!(b < 0x80 ? ascii_alnum[b] : is_alnum(c))) {
			int hyphen = c == '-' || c == 0x2010;
			linked = hyphen && prev_e == i;
			if (!hyphen)
				prev_e = 0;
			i = k;
			continue;
		}
		size_t s = i;
		i = k;
		while (i < n) {
			b = (unsigned char)t[i];
			if (b < 0x80) {
				if (!ascii_alnum[b])
					break;
				i++;
				continue;
			}
			k = i;
			if (!is_alnum(px_utf8_next(t, n, &k)))
				break;
			i = k;
		}
		unsigned char f = (unsigned char)t[s];
		int maybe = f >= 0x80 || w->first[f >= 'A' && f <= 'Z' ? f + 32 : f];
		if (maybe)
			ws_see(w, t, s, i);
		if (linked && prev_e && s > prev_e)
			ws_see(w, t, prev_s, i);
		prev_s = s;
		prev_e = i;
		linked = 0;
	}
}

/* ---- the pass ---- */

enum join { BREAK, SPACE, TIGHT, DROP_HYPHEN };

struct ctx {
	const char *t;
	size_t n;
	struct px_wordlists wl;
	struct wordset ws;
	int wrapped;
	size_t W, Wb; /* wrap width in code points and in bytes */
	/* output */
	struct px_buf out;
	struct px_offmap map;
};

/* Whether a ends with a word that cannot end a sentence or a title. */
static int ends_nonfinal(const struct ctx *c, const struct line *a)
{
	if (!c->wl.n || (!is_alnum(a->last) && a->last != '\'' && a->last != 0x2019))
		return 0;
	size_t i = a->e;
	while (i > a->s && a->e - i <= WORD_MAX) {
		size_t p = px_utf8_prev(c->t, i), q = p;
		if (is_hspace(px_utf8_next(c->t, a->e, &q)))
			break;
		i = p;
	}
	if (a->e - i > WORD_MAX)
		return 0;
	/* Written in lowercase: "Plan A" and "Vitamine D" end titles. */
	size_t k = i;
	if (!is_lower(px_utf8_next(c->t, a->e, &k)))
		return 0;
	char key[WORD_MAX * 2 + 16];
	size_t len = px_fold_small(c->t + i, a->e - i, key, sizeof key);
	return len && px_wordlists_nonfinal(&c->wl, key, len);
}

/* The folded "x-y" and "xy" keys of a hyphen at the end of a before b. */
static int hyphen_keys(const struct ctx *c, const struct line *a, const struct line *b,
                       char *xy_h, size_t *lh, char *xy, size_t *l, size_t *xs_out,
                       size_t *xlen_out, size_t *ylen_out)
{
	size_t hy = px_utf8_prev(c->t, a->e);
	size_t xs, xlen = word_before(c->t, a->s, hy, &xs);
	size_t ylen = word_after(c->t, b->s, b->e);
	*xs_out = xs;
	*xlen_out = xlen;
	*ylen_out = ylen;
	if (!xlen || !ylen || xlen >= WORD_MAX || ylen >= WORD_MAX)
		return 0;
	char raw[WORD_MAX * 2 + 4];
	memcpy(raw, c->t + xs, xlen);
	raw[xlen] = '-';
	memcpy(raw + xlen + 1, c->t + b->s, ylen);
	*lh = px_fold_small(raw, xlen + 1 + ylen, xy_h, WORD_MAX * 4);
	memmove(raw + xlen, raw + xlen + 1, ylen);
	*l = px_fold_small(raw, xlen + ylen, xy, WORD_MAX * 4);
	return *lh && *l;
}

static int compound_listed(const struct ctx *c, const char *t, size_t xs, size_t xlen,
                           size_t ys, size_t ylen, const char *xy_h, size_t lh)
{
	if (!c->wl.n)
		return 0;
	char raw[WORD_MAX + 2], key[WORD_MAX * 4];
	size_t len;
	memcpy(raw, t + xs, xlen);
	raw[xlen] = '-';
	if ((len = px_fold_small(raw, xlen + 1, key, sizeof key)) &&
	    px_wordlists_compound(&c->wl, key, len))
		return 1;
	raw[0] = '-';
	memcpy(raw + 1, t + ys, ylen);
	if ((len = px_fold_small(raw, ylen + 1, key, sizeof key)) &&
	    px_wordlists_compound(&c->wl, key, len))
		return 1;
	return px_wordlists_compound(&c->wl, xy_h, lh);
}

/* Whether the folded word w is a value of rule r; with tail set, whether
 * it ends with one. */
static int rule_has(const struct px_wordlists *wl, const struct px_suffix_rule *r,
                    const char *w, size_t len, int tail)
{
	for (size_t i = r->first; i < r->first + r->n; i++) {
		size_t vl = wl->values[i].len;
		const char *v = wl->arena + wl->values[i].off;
		if (tail ? vl <= len && memcmp(w + len - vl, v, vl) == 0
		         : vl == len && memcmp(w, v, vl) == 0)
			return 1;
	}
	return 0;
}

/* The word that ends a few blanks (line ends too) before byte e, folded
 * into key (WORD_MAX * 4 bytes); its start in *ws. 0 when punctuation or
 * nothing stands there. */
static size_t fold_word_before(const char *t, size_t e, size_t *ws, char *key)
{
	size_t i = e;
	while (i > 0 && e - i < 8) {
		size_t p = px_utf8_prev(t, i), q = p;
		int32_t cp = px_utf8_next(t, i, &q);
		if (!is_hspace(cp) && cp != '\n' && cp != '\r')
			break;
		i = p;
	}
	if (i == e)
		return 0;
	size_t n = word_before(t, 0, i, ws);
	if (!n || n >= WORD_MAX)
		return 0;
	return px_fold_small(t + *ws, n, key, WORD_MAX * 4);
}

/* Whether the last element y of x-y is in the company its rule of
 * hyphen-compounds.txt asks for ("-les after-ending e s z": prends-les,
 * not agrico-les; "-ci after-word ce cet cette ces": cette fois-ci, not
 * mer-ci): 1 it is, -1 it has rules and is not, 0 it has none. */
static int suffix_company(const struct ctx *c, size_t xs, size_t xlen, size_t ys,
                          size_t ylen)
{
	const struct px_wordlists *wl = &c->wl;
	if (!wl->nrules)
		return 0;
	char raw[WORD_MAX + 2], sfx[WORD_MAX * 4], x[WORD_MAX * 4];
	raw[0] = '-';
	memcpy(raw + 1, c->t + ys, ylen);
	size_t sl = px_fold_small(raw, ylen + 1, sfx, sizeof sfx);
	size_t xl = px_fold_small(c->t + xs, xlen, x, sizeof x);
	if (!sl || !xl)
		return 0;
	char words[2][WORD_MAX * 4];
	size_t wlen[2] = {0, 0};
	int nwords = -1, listed = 0;
	for (size_t i = 0; i < wl->nrules; i++) {
		const struct px_suffix_rule *r = &wl->rules[i];
		if (r->slen != sl || memcmp(wl->arena + r->suffix, sfx, sl) != 0)
			continue;
		listed = 1;
		if (!r->after_word) {
			if (rule_has(wl, r, x, xl, 1))
				return 1;
			continue;
		}
		if (nwords < 0) { /* the two words before x, read once */
			size_t at = xs, ws;
			for (nwords = 0; nwords < 2; nwords++, at = ws) {
				wlen[nwords] = fold_word_before(c->t, at, &ws, words[nwords]);
				if (!wlen[nwords])
					break;
			}
		}
		for (int k = 0; k < nwords; k++)
			if (rule_has(wl, r, words[k], wlen[k], 0))
				return 1;
	}
	return listed ? -1 : 0;
}

/* Whether y, at the start of b, is followed by a hyphen and a letter: the
 * cut fell inside a chain (arc-en-ciel, c'est-à-dire). */
static int chained(const struct ctx *c, const struct line *b, size_t ylen)
{
	size_t k = b->s + ylen;
	if (k >= b->e)
		return 0;
	int32_t cp = px_utf8_next(c->t, b->e, &k);
	return (cp == '-' || cp == 0x2010) && k < b->e &&
	       is_alnum(px_utf8_next(c->t, b->e, &k));
}

/* Whether the hyphen at the end of a stays when a is joined to b. */
static int keep_hyphen(const struct ctx *c, const struct line *a, const struct line *b)
{
	if (is_upper_or_digit(b->first))
		return 1;
	char xy_h[WORD_MAX * 4], xy[WORD_MAX * 4];
	size_t lh = 0, l = 0, xs, xlen, ylen;
	if (!hyphen_keys(c, a, b, xy_h, &lh, xy, &l, &xs, &xlen, &ylen))
		return 1;
	int32_t before_x = 0;
	if (xs > a->s) {
		size_t q = px_utf8_prev(c->t, xs);
		before_x = px_utf8_next(c->t, xs, &q);
	}
	size_t r = px_utf8_prev(c->t, xs + xlen);
	if (px_cp_is_digit(px_utf8_next(c->t, xs + xlen, &r)))
		return 1;
	if (ws_seen(&c->ws, xy_h, lh))
		return 1;
	if (ws_seen(&c->ws, xy, l))
		return 0;
	if (compound_listed(c, c->t, xs, xlen, b->s, ylen, xy_h, lh))
		return 1;
	if (before_x == '-' || before_x == 0x2010)
		return 1;
	int company = suffix_company(c, xs, xlen, b->s, ylen);
	if (company > 0)
		return 1;
	/* A pronoun or "-ci" away from its verb or demonstrative is the last
	 * syllable of a plain word (agrico-les, mer-ci), however short. */
	if (company < 0)
		return chained(c, b, ylen);
	return count_cps(c->t, xs, xs + xlen) < 2 ||
	       count_cps(c->t, b->s, b->s + ylen) < 3;
}

static enum join decide(const struct ctx *c, const struct line *a, const struct line *b,
                        int para_list, unsigned para_indent)
{
	if (b->list || b->dialogue)
		return BREAK;
	int starts_word = is_alnum(b->first);
	if (a->shy && starts_word)
		return TIGHT;
	if (a->hyphen && starts_word)
		return keep_hyphen(c, a, b) ? TIGHT : DROP_HYPHEN;
	if (para_list) {
		if (b->indent > para_indent)
			return SPACE;
	} else if (b->indent >= a->indent + 2) {
		return BREAK;
	}
	if (is_lower(b->lead))
		return SPACE;
	int wrapped = c->wrapped && a->width <= c->W + c->W / 8 + 4;
	/* Short lines are left alone: web furniture ("Share this with") ends
	 * on such words too, one item a line. */
	if (ends_nonfinal(c, a) && (wrapped || a->width >= 40))
		return SPACE;
	if (a->comma && (wrapped || a->width >= 40))
		return SPACE;
	/* A wrapper counted code points or bytes: the word would have fitted
	 * only if it fits by both counts. */
	if (wrapped &&
	    (a->width + 1 + b->word1 > c->W || a->bwidth + 1 + b->bword1 > c->Wb))
		return SPACE;
	return BREAK;
}

static int heading_shape(const struct ctx *c, const struct line *a, size_t max)
{
	return !a->list && !a->dialogue && a->width <= max && !a->final &&
	       !a->colon && !a->comma && !a->hyphen && a->last != 0x2026 &&
	       is_upper_or_digit(a->lead) && !is_lower(a->first) && !ends_nonfinal(c, a);
}

/* The 95th percentile of a histogram of n entries. */
static size_t percentile95(const size_t *hist, size_t n)
{
	size_t acc = 0;
	for (size_t w = 0; w < HIST; w++) {
		acc += hist[w];
		if (acc * 100 >= n * 95)
			return w;
	}
	return HIST - 1;
}

/* Whether 60% of the entries are within [3W/4, 1.1W + 2]. */
static int clustered(const size_t *hist, size_t n, size_t W)
{
	size_t near = 0;
	for (size_t w = W * 3 / 4; w <= W + W / 10 + 2 && w < HIST; w++)
		near += hist[w];
	return W >= 20 && W <= 200 && near * 10 >= n * 6;
}

/* Measures the document: wrap width and shape; collects the hyphen keys. */
static void measure(struct ctx *c)
{
	size_t hist[HIST] = {0}, bhist[HIST] = {0}, pairs = 0, finals = 0;
	size_t pos = 0, blanks;
	struct line a, b;
	if (!next_line(c->t, c->n, &pos, &a, &blanks))
		return;
	while (next_line(c->t, c->n, &pos, &b, &blanks)) {
		if (!blanks && !b.list && !b.dialogue && !a.list) {
			pairs++;
			hist[a.width < HIST ? a.width : HIST - 1]++;
			bhist[a.bwidth < HIST ? a.bwidth : HIST - 1]++;
			finals += a.final || a.colon;
		}
		if (!blanks && a.hyphen && is_lower(b.first)) {
			char xy_h[WORD_MAX * 4], xy[WORD_MAX * 4];
			size_t lh, l, xs, xlen, ylen;
			if (hyphen_keys(c, &a, &b, xy_h, &lh, xy, &l, &xs, &xlen,
			                &ylen)) {
				ws_add(&c->ws, xy_h, lh);
				ws_add(&c->ws, xy, l);
			}
		}
		a = b;
	}
	if (pairs < 3 || finals * 2 > pairs)
		return;
	size_t W = percentile95(hist, pairs), Wb = percentile95(bhist, pairs);
	if (clustered(hist, pairs, W) || clustered(bhist, pairs, Wb)) {
		c->wrapped = 1;
		c->W = W;
		c->Wb = Wb;
	}
}

static void emit_copy(struct ctx *c, size_t s, size_t n)
{
	if (n) {
		px_buf_add(&c->out, c->t + s, n);
		px_offmap_copy(&c->map, s, n);
	}
}

/* The first two adjacent spaces in s[0, n), or NULL. Eight bytes are
 * tested at once (windows overlap by one byte so no pair straddles two). */
static const char *find_two_spaces(const char *s, size_t n)
{
	const uint64_t low7 = 0x7F7F7F7F7F7F7F7FULL;
	size_t i = 0;
	for (; i + 8 <= n; i += 7) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		uint64_t x = w ^ 0x2020202020202020ULL;
		uint64_t sp = ~(((x & low7) + low7) | x | low7); /* high bit: a space */
		if (sp & (sp >> 8))
			break;
	}
	for (; i + 1 < n; i++)
		if (s[i] == ' ' && s[i + 1] == ' ')
			return s + i;
	return NULL;
}

/* Content t[s, e) with each run of spaces and tabs made one space. */
static void emit_content(struct ctx *c, size_t s, size_t e)
{
	const char *t = c->t;
	size_t run = s, i = s;
	/* The next tab and the next two spaces, each found once: single
	 * spaces between words are never stopped at, and a long line is
	 * never searched again from each of its spaces. */
	const char *tab = memchr(t + s, '\t', e - s);
	const char *two = find_two_spaces(t + s, e - s);
	while (i < e) {
		if (tab && (size_t)(tab - t) < i)
			tab = memchr(t + i, '\t', e - i);
		if (two && (size_t)(two - t) < i)
			two = find_two_spaces(t + i, e - i);
		const char *p = tab && (!two || tab < two) ? tab : two;
		if (!p)
			break;
		i = (size_t)(p - t);
		while (i > run && t[i - 1] == ' ')
			i--;
		size_t j = i + 1;
		while (j < e && (t[j] == ' ' || t[j] == '\t'))
			j++;
		emit_copy(c, run, i - run);
		if (t[i] == ' ') {
			emit_copy(c, i, 1);
		} else {
			px_buf_addc(&c->out, ' ');
			px_offmap_replace(&c->map, i, j - i, 1);
		}
		run = i = j;
	}
	emit_copy(c, run, e - run);
}

static void layout(struct ctx *c, struct precis_doc *doc)
{
	size_t pos = 0, blanks, gap = 0;
	struct line a, b;
	int have_b, in_para = 0, para_list = 0, prev_list = 0, nparas = 0;
	unsigned para_indent = 0;
	size_t para_start = 0, para_lines = 0, prev_end = 0;
	if (!next_line(c->t, c->n, &pos, &a, &blanks))
		return;
	for (;;) {
		have_b = next_line(c->t, c->n, &pos, &b, &blanks);
		if (!in_para) {
			if (nparas) {
				int tight = prev_list && a.list && gap == 0;
				px_buf_add(&c->out, "\n\n", tight ? 1 : 2);
				px_offmap_replace(&c->map, prev_end, a.s - prev_end,
				                  tight ? 1 : 2);
			}
			in_para = 1;
			para_start = c->out.len;
			para_lines = 0;
			para_list = a.list;
			para_indent = a.indent;
		}
		para_lines++;
		enum join j = BREAK;
		if (have_b && !blanks)
			j = decide(c, &a, &b, para_list, para_indent);
		size_t e = a.e;
		if (j == DROP_HYPHEN)
			e = px_utf8_prev(c->t, e);
		emit_content(c, a.s, e);
		if (j == SPACE) {
			px_buf_addc(&c->out, ' ');
			/* The newline's own offset: the run stays in one piece
			 * when nothing was trimmed around it. */
			if (a.e + 1 == b.s)
				px_offmap_copy(&c->map, a.e, 1);
			else
				px_offmap_replace(&c->map, a.e, b.s - a.e, 1);
		} else if (j == BREAK) {
			struct precis_para *p;
			p = px_doc_add_para(doc, para_start, c->out.len);
			p->list_item = para_list;
			/* The first line of a document is its title more often than
			 * not: press titles run longer than section headings, and a
			 * byline or date line may stand between it and the text. */
			if (nparas == 0)
				p->heading = para_lines == 1 && have_b &&
				             heading_shape(c, &a, TITLE_MAX);
			else
				p->heading = para_lines == 1 && have_b && b.width > a.width &&
				             heading_shape(c, &a, HEADING_MAX);
			nparas++;
			in_para = 0;
			prev_list = para_list;
			prev_end = a.e;
		}
		if (!have_b)
			break;
		gap = blanks;
		a = b;
	}
	px_buf_addc(&c->out, '\n');
	px_offmap_replace(&c->map, prev_end, c->n - prev_end, 1);
}

void px_paragraphs(struct precis_doc *doc, const char *text, size_t len,
                   const struct px_offmap *to_src, const struct precis_langset *set)
{
	struct ctx c;
	memset(&c, 0, sizeof c);
	c.t = text;
	c.n = len;
	px_wordlists_init(&c.wl, set);
	ws_init(&c.ws);
	px_buf_init(&c.out, SIZE_MAX);
	px_offmap_init(&c.map, len);

	px_doc_clear_paras(doc);
	measure(&c);
	if (c.ws.n)
		scan_evidence(&c.ws, text, len);
	layout(&c, doc);

	size_t out_len;
	char *out = px_buf_take(&c.out, &out_len);
	struct px_offmap res;
	px_offmap_compose(&c.map, to_src, &res);
	px_doc_set_text(doc, out, out_len, &res);
	px_offmap_free(&c.map);
	ws_free(&c.ws);
	px_wordlists_free(&c.wl);
}

/* ---- word lists ---- */

/* Folds the token s[0, len) into the arena; its offset, or SIZE_MAX when it
 * is too long to be a word. */
static size_t arena_fold(struct px_wordlists *wl, const char *s, size_t len)
{
	char key[WORD_MAX * 4];
	size_t k = len < WORD_MAX ? px_fold_small(s, len, key, sizeof key) : 0;
	if (!k)
		return SIZE_MAX;
	wl->arena = px_xgrow(wl->arena, &wl->arena_cap, wl->arena_len + k, 1);
	memcpy(wl->arena + wl->arena_len, key, k);
	wl->arena_len += k;
	return wl->arena_len - k;
}

/* "-SUFFIX after-ending V..." or "-SUFFIX after-word V...": a last element
 * that only stays in that company. Other lines with blanks are skipped. */
static void add_suffix_rule(struct px_wordlists *wl, const char *item)
{
	const char *tok[2 + 64];
	size_t len[2 + 64], nt = 0;
	for (const char *p = item; *p && nt < sizeof tok / sizeof *tok;) {
		while (*p == ' ' || *p == '\t')
			p++;
		const char *e = p;
		while (*e && *e != ' ' && *e != '\t')
			e++;
		if (e > p) {
			tok[nt] = p;
			len[nt++] = (size_t)(e - p);
		}
		p = e;
	}
	int after_word;
	if (nt < 3 || tok[0][0] != '-' || len[0] < 2)
		return;
	if (len[1] == 12 && memcmp(tok[1], "after-ending", 12) == 0)
		after_word = 0;
	else if (len[1] == 10 && memcmp(tok[1], "after-word", 10) == 0)
		after_word = 1;
	else
		return;
	size_t suffix = arena_fold(wl, tok[0], len[0]);
	if (suffix == SIZE_MAX)
		return;
	wl->rules = px_xgrow(wl->rules, &wl->caprules, wl->nrules + 1, sizeof *wl->rules);
	struct px_suffix_rule *r = &wl->rules[wl->nrules++];
	r->suffix = suffix;
	r->slen = wl->arena_len - suffix;
	r->after_word = after_word;
	r->first = wl->nvalues;
	for (size_t t = 2; t < nt; t++) {
		size_t off = arena_fold(wl, tok[t], len[t]);
		if (off == SIZE_MAX)
			continue;
		wl->values = px_xgrow(wl->values, &wl->capvalues, wl->nvalues + 1,
		                      sizeof *wl->values);
		wl->values[wl->nvalues].off = off;
		wl->values[wl->nvalues++].len = wl->arena_len - off;
	}
	r->n = wl->nvalues - r->first;
}

void px_wordlists_init(struct px_wordlists *wl, const struct precis_langset *set)
{
	memset(wl, 0, sizeof *wl);
	size_t n = set ? precis_langset_count(set) : 0;
	if (!n)
		return;
	wl->nonfinal = px_xcalloc(n, sizeof *wl->nonfinal);
	wl->compounds = px_xcalloc(n, sizeof *wl->compounds);
	for (size_t i = 0; i < n; i++) {
		const struct precis_lang *lang = precis_langset_at(set, i);
		wl->nonfinal[i] = px_lang_list(lang, "nonfinal-words");
		wl->compounds[i] = px_lang_list(lang, "hyphen-compounds");
		for (size_t k = 0; k < wl->compounds[i]->n; k++)
			if (strpbrk(wl->compounds[i]->items[k], " \t"))
				add_suffix_rule(wl, wl->compounds[i]->items[k]);
	}
	wl->n = n;
}

void px_wordlists_free(struct px_wordlists *wl)
{
	free(wl->nonfinal);
	free(wl->compounds);
	free(wl->rules);
	free(wl->values);
	free(wl->arena);
	memset(wl, 0, sizeof *wl);
}

int px_wordlists_nonfinal(const struct px_wordlists *wl, const char *key, size_t len)
{
	for (size_t i = 0; i < wl->n; i++)
		if (px_list_has(wl->nonfinal[i], key, len))
			return 1;
	return 0;
}

int px_wordlists_compound(const struct px_wordlists *wl, const char *key, size_t len)
{
	for (size_t i = 0; i < wl->n; i++)
		if (px_list_has(wl->compounds[i], key, len))
			return 1;
	return 0;
}

size_t px_fold_small(const char *s, size_t len, char *out, size_t cap)
{
	size_t i = 0, o = 0;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		int32_t cp;
		if (c < 0x80) {
			cp = (c >= 'A' && c <= 'Z') ? c + 32 : c;
			i++;
		} else {
			cp = px_utf8_next(s, len, &i);
			if (cp < 0)
				return 0;
			if (cp == 0x2010 || cp == 0x2011)
				cp = '-'; /* hyphen, non-breaking hyphen */
			else
				cp = u_foldCase(cp, U_FOLD_CASE_DEFAULT);
		}
		if (o + 4 >= cap)
			return 0;
		o += px_utf8_encode((uint32_t)cp, out + o);
	}
	return o;
}
