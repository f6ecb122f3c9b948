#include "core/wordscan.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>

#include "core/lang_int.h"
#include "core/utf8.h"
#include "util/mem.h"

#define KEY_MAX 64          /* longer words are counted, not looked up */
#define STOP_W 0.6          /* score of a stopword */
#define WORD_W 1.0          /* score of a detect-word */
#define MARK_W 0.5          /* score of a word with a detect-letter */
#define SETTLED_WORDS 24    /* words a window reads before it may stop */
#define SETTLED_MARGIN 16.0 /* word margin that lets it stop */

struct entry {
	char *key; /* folded, apostrophes as ' */
	size_t len;
	uint64_t stop, word; /* languages whose lists hold it */
};

enum { CH_OTHER, CH_LETTER, CH_COMBINING, CH_APOS };
#define LATIN_END 0x250 /* Latin-1 and Latin Extended-A/B come from a table */

/* What the scanner needs to know of a code point. */
struct ch {
	int32_t fold;  /* case-folded, for letters */
	uint64_t mark; /* languages this letter marks */
	unsigned char kind;
	unsigned char upper;
};

/* A letter that marks some languages (é, ç, œ for French). */
struct mark {
	int32_t cp; /* folded */
	uint64_t langs;
};


struct px_wordscan {
	const struct precis_langset *set;
	size_t n;
	uint64_t all; /* the bits of every language */
	struct entry *table;
	size_t mask;    /* table size − 1 */
	size_t longest; /* longest key in the table */
	struct mark *marks; /* sorted by code point */
	size_t nmarks;
	struct ch ascii[0x80];
	struct ch latin[LATIN_END - 0x80];
	struct px_evidence ev;
};

/* ---- the word table ------------------------------------------------------ */

static uint64_t hash_key(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

static struct entry *lookup(const struct px_wordscan *ws, const char *key, size_t len)
{
	size_t i = (size_t)hash_key(key, len) & ws->mask;
	for (;;) {
		struct entry *e = &ws->table[i];
		if (!e->key)
			return NULL;
		if (e->len == len && memcmp(e->key, key, len) == 0)
			return e;
		i = (i + 1) & ws->mask;
	}
}

/* Lists store ’ or '; the scanner writes ' for every apostrophe. */
static size_t apostrophes_to_ascii(const char *s, size_t len, char *out)
{
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		if (i + 2 < len && (unsigned char)s[i] == 0xE2 &&
		    (unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] == 0x99) {
			out[o++] = '\'';
			i += 2;
			continue;
		}
		out[o++] = s[i];
	}
	return o;
}

static void table_add(struct px_wordscan *ws, const char *item, size_t lang, int is_word)
{
	char key[KEY_MAX + 1] = {0};
	size_t len = strlen(item);
	if (len > KEY_MAX)
		return;
	len = apostrophes_to_ascii(item, len, key);
	struct entry *e = lookup(ws, key, len);
	if (!e) {
		size_t i = (size_t)hash_key(key, len) & ws->mask;
		while (ws->table[i].key)
			i = (i + 1) & ws->mask;
		e = &ws->table[i];
		e->key = px_xstrndup(key, len);
		e->len = len;
		if (len > ws->longest)
			ws->longest = len;
	}
	if (is_word)
		e->word |= UINT64_C(1) << lang;
	else
		e->stop |= UINT64_C(1) << lang;
}

static int cmp_mark(const void *a, const void *b)
{
	int32_t x = ((const struct mark *)a)->cp, y = ((const struct mark *)b)->cp;
	return (x > y) - (x < y);
}

/* detect-letters.txt: one letter a line; ASCII letters are ignored (every
 * language of precis writes them, and the scanner's ASCII path skips the
 * lookup). */
static void build_marks(struct px_wordscan *ws)
{
	size_t cap = 0;
	for (size_t l = 0; l < ws->n; l++) {
		const struct px_list *list =
			px_lang_list(precis_langset_at(ws->set, l), "detect-letters");
		for (size_t i = 0; i < list->nfolded; i++) {
			const char *s = list->folded[i];
			size_t k = 0, len = strlen(s);
			int32_t cp = px_utf8_next(s, len, &k);
			if (cp < 0x80 || k != len)
				continue;
			ws->marks = px_xgrow(ws->marks, &cap, ws->nmarks + 1, sizeof *ws->marks);
			ws->marks[ws->nmarks].cp = cp;
			ws->marks[ws->nmarks].langs = UINT64_C(1) << l;
			ws->nmarks++;
		}
	}
	qsort(ws->marks, ws->nmarks, sizeof *ws->marks, cmp_mark);
	size_t w = 0;
	for (size_t i = 0; i < ws->nmarks; i++) {
		if (w && ws->marks[w - 1].cp == ws->marks[i].cp)
			ws->marks[w - 1].langs |= ws->marks[i].langs;
		else
			ws->marks[w++] = ws->marks[i];
	}
	ws->nmarks = w;
}

static void build_table(struct px_wordscan *ws)
{
	size_t total = 0;
	for (size_t l = 0; l < ws->n; l++) {
		const struct precis_lang *lang = precis_langset_at(ws->set, l);
		total += px_lang_list(lang, "stopwords")->nfolded;
		total += px_lang_list(lang, "detect-words")->nfolded;
	}
	size_t size = 16;
	while (size < 2 * total + 1)
		size *= 2;
	ws->table = px_xcalloc(size, sizeof *ws->table);
	ws->mask = size - 1;
	for (size_t l = 0; l < ws->n; l++) {
		const struct precis_lang *lang = precis_langset_at(ws->set, l);
		const struct px_list *stop = px_lang_list(lang, "stopwords");
		const struct px_list *words = px_lang_list(lang, "detect-words");
		for (size_t i = 0; i < stop->nfolded; i++)
			table_add(ws, stop->folded[i], l, 0);
		for (size_t i = 0; i < words->nfolded; i++)
			table_add(ws, words->folded[i], l, 1);
	}
}

/* ---- scanning ------------------------------------------------------------ */

static void credit_masks(const struct px_wordscan *ws, struct px_evidence *sc, uint64_t stop,
                         uint64_t word, uint64_t mark, int caps)
{
	double *score = sc->score + (caps ? ws->n : 0);
	double *excl = score + 2 * ws->n;
	uint64_t any = stop | word | mark;
	int shared = any == ws->all;
	for (size_t l = 0; l < ws->n; l++) {
		uint64_t bit = UINT64_C(1) << l;
		if (!(any & bit))
			continue;
		double v = (stop & bit ? STOP_W : 0) + (word & bit ? WORD_W : 0) +
		           (mark & bit ? MARK_W : 0);
		score[l] += v;
		if (!shared)
			excl[l] += v;
	}
}

static void credit(const struct px_wordscan *ws, struct px_evidence *sc, const struct entry *e,
                   int caps)
{
	credit_masks(ws, sc, e->stop, e->word, 0, caps);
}

/* The languages that letter cp (folded, not ASCII) marks. */
static uint64_t mark_of(const struct px_wordscan *ws, int32_t cp)
{
	size_t lo = 0, hi = ws->nmarks;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ws->marks[mid].cp == cp)
			return ws->marks[mid].langs;
		if (ws->marks[mid].cp < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* One word, folded into key (apostrophes as '; apos: offset of the first,
 * or 0). A word with an apostrophe that no list holds whole is looked up in
 * its parts: the part before (l of l'état, qu of qu'il), the part after with
 * its apostrophe ('s of government's), and the part after alone unless it is
 * a single letter (the t of doesn't is no word). */
static void take_word(const struct px_wordscan *ws, struct px_evidence *sc, const char *key,
                      size_t len, size_t letters, size_t apos, int caps, uint64_t mark)
{
	sc->words++;
	sc->letters += letters;
	if (caps)
		sc->caps_words++;
	if (mark)
		credit_masks(ws, sc, 0, 0, mark, caps);
	if (len <= KEY_MAX) {
		const struct entry *e = len <= ws->longest ? lookup(ws, key, len) : NULL;
		if (e) {
			credit(ws, sc, e, caps);
		} else if (apos) {
			if ((e = lookup(ws, key, apos)))
				credit(ws, sc, e, caps);
			if ((e = lookup(ws, key + apos, len - apos)))
				credit(ws, sc, e, caps);
			if (len - apos - 1 >= 2 && (e = lookup(ws, key + apos + 1, len - apos - 1)))
				credit(ws, sc, e, caps);
		}
		if (sc->sample_len + len + 1 <= PX_WORDSCAN_SAMPLE) {
			memcpy(sc->sample + sc->sample_len, key, len);
			sc->sample_len += len;
			sc->sample[sc->sample_len++] = ' ';
		}
	}
}

static int ascii_space(unsigned char c)
{
	return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* Addresses and links are not in any language. Only called for chunks
 * that hold '@' or ':' (www. is checked by the caller). */
static int is_address(const char *s, size_t len)
{
	if (memchr(s, '@', len))
		return 1;
	for (size_t i = 0; i + 2 < len; i++)
		if (s[i] == ':' && s[i + 1] == '/' && s[i + 2] == '/')
			return 1;
	return 0;
}

static int starts_www(const char *s, size_t len)
{
	return len >= 4 && (s[0] | 0x20) == 'w' && (s[1] | 0x20) == 'w' && (s[2] | 0x20) == 'w' &&
	       s[3] == '.';
}

static void char_info_icu(const struct px_wordscan *ws, int32_t cp, struct ch *out)
{
	out->kind = CH_OTHER;
	out->upper = 0;
	out->fold = cp;
	out->mark = 0;
	if (cp == 0x2019 || cp == 0x02BC || cp == '\'') {
		out->kind = CH_APOS;
	} else if (u_isalpha(cp)) {
		out->kind = CH_LETTER;
		out->upper = u_isupper(cp) != 0;
		out->fold = (int32_t)u_foldCase(cp, U_FOLD_CASE_DEFAULT);
		out->mark = mark_of(ws, out->fold);
	} else if (u_charType(cp) == U_NON_SPACING_MARK) {
		out->kind = CH_COMBINING;
	}
}

/* What the code point at s[*i] is; advances *i past it. ASCII and Latin
 * letters come from tables made once; others ask ICU (into *scratch). */
static inline const struct ch *char_at(const struct px_wordscan *ws,
                                       const unsigned char *s, size_t len, size_t *i,
                                       struct ch *scratch)
{
	unsigned c = s[*i];
	if (c < 0x80) {
		(*i)++;
		return &ws->ascii[c];
	}
	if (c >= 0xC2 && c <= 0xDF && *i + 1 < len && (s[*i + 1] & 0xC0) == 0x80) {
		int32_t cp = (int32_t)(((c & 0x1F) << 6) | (s[*i + 1] & 0x3F));
		*i += 2;
		if (cp < LATIN_END)
			return &ws->latin[cp - 0x80];
		char_info_icu(ws, cp, scratch);
		return scratch;
	}
	int32_t cp = px_utf8_next((const char *)s, len, i);
	if (cp < 0)
		return &ws->ascii[0]; /* NUL: not a letter */
	char_info_icu(ws, cp, scratch);
	return scratch;
}

static void tables_init(struct px_wordscan *ws)
{
	for (int32_t c = 0; c < 0x80; c++) {
		struct ch *o = &ws->ascii[c];
		memset(o, 0, sizeof *o);
		o->fold = c;
		if (c >= 'a' && c <= 'z') {
			o->kind = CH_LETTER;
		} else if (c >= 'A' && c <= 'Z') {
			o->kind = CH_LETTER;
			o->upper = 1;
			o->fold = c | 0x20;
		} else if (c == '\'') {
			o->kind = CH_APOS;
		}
	}
	for (int32_t cp = 0x80; cp < LATIN_END; cp++)
		char_info_icu(ws, cp, &ws->latin[cp - 0x80]);
}

/* The words of one whitespace-free chunk. */
static void scan_chunk(const struct px_wordscan *ws, struct px_evidence *sc, const char *str,
                       size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	char key[KEY_MAX + 8];
	size_t i = 0;
	while (i < len) {
		size_t klen = 0, letters = 0, upper = 0, apos = 0;
		uint64_t mark = 0;
		size_t at = i;
		struct ch scratch;
		const struct ch *ch = &ws->ascii[0];
		while (i < len) {
			at = i;
			ch = char_at(ws, s, len, &i, &scratch);
			if (ch->kind == CH_LETTER || (ch->kind == CH_COMBINING && letters)) {
				upper += ch->upper;
				mark |= ch->mark;
				if (klen < KEY_MAX + 4) {
					if (ch->fold < 0x80)
						key[klen++] = (char)ch->fold;
					else
						klen += px_utf8_encode((uint32_t)ch->fold, key + klen);
				}
				letters += ch->kind == CH_LETTER;
				continue;
			}
			if (ch->kind == CH_APOS && letters && i < len) {
				/* An apostrophe joins only when a letter follows. */
				size_t k = i;
				struct ch scratch2;
				if (char_at(ws, s, len, &k, &scratch2)->kind == CH_LETTER) {
					if (!apos)
						apos = klen;
					if (klen < KEY_MAX + 4)
						key[klen++] = '\'';
					continue;
				}
			}
			break;
		}
		if (!letters)
			continue;
		/* The word ended at `at` (or at the end of the chunk). */
		size_t stop = ch->kind == CH_LETTER || ch->kind == CH_COMBINING ? len : at;
		if (stop < len)
			i = at;
		/* One letter and a full stop is an initial (J. Smith, U.S.). */
		if (letters == 1 && stop < len && s[stop] == '.')
			continue;
		take_word(ws, sc, key, klen > KEY_MAX ? KEY_MAX + 1 : klen, letters, apos,
		          letters >= 2 && upper == letters, mark);
	}
}

/* Whether the words so far leave no doubt (then the rest of the text is
 * not read): what more words could add would not change the verdict, and
 * press paragraphs are read at half the cost. */
static int settled(const struct px_wordscan *ws, const struct px_evidence *sc)
{
	size_t words = sc->words - sc->base_words;
	if (words < SETTLED_WORDS || (sc->caps_words - sc->base_caps) * 2 > words)
		return 0;
	double best = 0, second = 0;
	for (size_t l = 0; l < ws->n; l++) {
		double v = sc->score[l] - sc->base[l];
		if (v > best) {
			second = best;
			best = v;
		} else if (v > second) {
			second = v;
		}
	}
	/* A mixed text is not settled, however wide its margin. */
	return best - second >= SETTLED_MARGIN && second * 4 <= best;
}

/* Scans [s, s + len), or less when the evidence of this window settles. */
static void scan_window(const struct px_wordscan *ws, struct px_evidence *sc, const char *s,
                        size_t len)
{
	sc->base_words = sc->words;
	sc->base_caps = sc->caps_words;
	memcpy(sc->base, sc->score, ws->n * sizeof *sc->base);
	sc->next_check = sc->words + SETTLED_WORDS;
	size_t i = 0;
	while (i < len) {
		while (i < len && ascii_space((unsigned char)s[i]))
			i++;
		size_t start = i;
		int addr = 0;
		while (i < len && !ascii_space((unsigned char)s[i])) {
			addr |= s[i] == '@' || s[i] == ':';
			i++;
		}
		if (i == start || starts_www(s + start, i - start) ||
		    (addr && is_address(s + start, i - start)))
			continue;
		scan_chunk(ws, sc, s + start, i - start);
		if (sc->words >= sc->next_check) {
			if (settled(ws, sc))
				break;
			sc->next_check = sc->words + 8;
		}
	}
	sc->scanned += i < len ? i : len;
}

/* [*start, *end) moved inwards to whole words (or at least whole code
 * points when there is no space), unless at the ends of the text. */
static void word_bounds(const char *s, size_t len, size_t *start, size_t *end)
{
	size_t a = *start, b = *end;
	if (a > 0) {
		size_t k = a;
		while (k < b && !ascii_space((unsigned char)s[k]))
			k++;
		if (k < b)
			a = k;
		else
			while (a < b && ((unsigned char)s[a] & 0xC0) == 0x80)
				a++;
	}
	if (b < len) {
		size_t k = b;
		while (k > a && !ascii_space((unsigned char)s[k - 1]))
			k--;
		if (k > a)
			b = k;
		else
			while (b > a && ((unsigned char)s[b] & 0xC0) == 0x80)
				b--;
	}
	*start = a;
	*end = b;
}

static void scan_text(struct px_wordscan *ws, const char *s, size_t len)
{
	struct px_evidence *sc = &ws->ev;
	sc->words = sc->letters = sc->caps_words = sc->scanned = 0;
	sc->sample_len = 0;
	memset(sc->score, 0, 4 * ws->n * sizeof *sc->score);
	if (len <= PX_WORDSCAN_CAP) {
		scan_window(ws, sc, s, len);
		return;
	}
	/* A long text is sampled at its start, middle and end: a text that
	 * opens with a quote in another language is still judged right. */
	size_t w = PX_WORDSCAN_CAP / 3;
	size_t starts[3] = {0, len / 2 - w / 2, len - w};
	for (int k = 0; k < 3; k++) {
		size_t a = starts[k], b = starts[k] + w;
		word_bounds(s, len, &a, &b);
		scan_window(ws, sc, s + a, b - a);
	}
}

struct px_wordscan *px_wordscan_new(const struct precis_langset *set)
{
	struct px_wordscan *ws = px_xcalloc(1, sizeof *ws);
	ws->set = set;
	ws->n = precis_langset_count(set);
	ws->all = ws->n >= 64 ? ~UINT64_C(0) : (UINT64_C(1) << ws->n) - 1;
	build_table(ws);
	build_marks(ws);
	tables_init(ws);
	double *v = px_xcalloc(5 * (ws->n ? ws->n : 1), sizeof *v);
	ws->ev.score = v;
	ws->ev.caps = v + ws->n;
	ws->ev.excl = v + 2 * ws->n;
	ws->ev.caps_excl = v + 3 * ws->n;
	ws->ev.base = v + 4 * ws->n;
	return ws;
}

void px_wordscan_free(struct px_wordscan *ws)
{
	if (!ws)
		return;
	for (size_t i = 0; i <= ws->mask && ws->table; i++)
		free(ws->table[i].key);
	free(ws->table);
	free(ws->marks);
	free(ws->ev.score);
	free(ws);
}

const struct px_evidence *px_wordscan_run(struct px_wordscan *ws, const char *text,
                                          size_t len)
{
	scan_text(ws, text ? text : "", text ? len : 0);
	return &ws->ev;
}
