/* A paragraph as tokens for the quote extractor.
 *
 * Words keep their inner hyphens (Jean-Baptiste, a-t-il), inner apostrophes
 * (aujourd'hui, don't, Kessler's) and the separators of numbers (3,5 and
 * 1.2), and start with @ or # for handles and hashtags. An elided word
 * (lang/<code>/elisions.txt: l', qu', s') is cut off as a word of its own,
 * so "s’insurge-t-elle" reads "s’" + "insurge-t-elle". Every quotation mark
 * is a token; so is an apostrophe that is not between two letters (writers’,
 * ’90s, 'slow): the pairing pass decides what it is. Anything else is one
 * punctuation token per code point. Words are case-folded once, with ’ and ʼ
 * as ', into one buffer per paragraph, for the list lookups. */
#include "core/quote_int.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>

#include "core/doc_int.h"
#include "core/lang_int.h"
#include "core/utf8.h"
#include "util/mem.h"

static int is_apos(int32_t cp)
{
	return cp == '\'' || cp == 0x2019 || cp == 0x02BC;
}

static int is_hyphen(int32_t cp)
{
	return cp == '-' || cp == 0x2010 || cp == 0x2011;
}

static int is_mark(int32_t cp)
{
	switch (cp) {
	case '"':
	case '\'':
	case 0x00AB: /* « */
	case 0x00BB: /* » */
	case 0x2018: /* ‘ */
	case 0x2019: /* ’ */
	case 0x201C: /* “ */
	case 0x201D: /* ” */
	case 0x201E: /* „ */
	case 0x201F: /* ‟ */
	case 0x2039: /* ‹ */
	case 0x203A: /* › */
		return 1;
	}
	return 0;
}

/* ASCII classes, for the fast path. */
enum { A_SPACE = 1, A_ALNUM = 2, A_DIGIT = 4, A_UPPER = 8, A_LETTER = 16, A_LOWER = 32 };

/* ASCII classes (A_*), 0 for the bytes of longer sequences. */
static const uint8_t ascii_class[256] = {
    0,  0,  0,  0,  0,  0,  0,  0,  0,  1,  1,  0,  0,  1,  0,  0,  0,  0,  0,  0,
    0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  1,  0,  0,  0,  0,  0,  0,  0,
    0,  0,  0,  0,  0,  0,  0,  0,  6,  6,  6,  6,  6,  6,  6,  6,  6,  6,  0,  0,
    0,  0,  0,  0,  0,  26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26,
    26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 0,  0,  0,  0,  0,  0,  50, 50, 50,
    50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50,
    50, 50, 50, 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
    0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
    0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
    0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
    0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
    0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
    0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
};

static inline uint8_t aclass(unsigned char c)
{
	return ascii_class[c];
}

static int is_alnum(int32_t cp)
{
	if (cp < 0x80)
		return cp >= 0 && (aclass((unsigned char)cp) & A_ALNUM);
	if (u_isalnum(cp))
		return 1;
	int8_t t = u_charType(cp);
	return t == U_NON_SPACING_MARK || t == U_COMBINING_SPACING_MARK;
}

static int is_letter(int32_t cp)
{
	if (cp < 0x80)
		return cp >= 0 && (aclass((unsigned char)cp) & A_LETTER);
	return u_isalpha(cp);
}

static int is_digit(int32_t cp)
{
	if (cp < 0x80)
		return cp >= 0 && (aclass((unsigned char)cp) & A_DIGIT);
	return u_isdigit(cp);
}

static int is_space(int32_t cp)
{
	if (cp < 0x80)
		return cp >= 0 && (aclass((unsigned char)cp) & A_SPACE);
	return px_cp_is_space(cp);
}

/* The code point at i (or -1 past the end), without moving. */
static int32_t peek(const char *s, size_t end, size_t i)
{
	if (i >= end)
		return -1;
	if ((unsigned char)s[i] < 0x80)
		return (unsigned char)s[i];
	return px_utf8_next(s, end, &i);
}

/* Latin-1 Supplement and Latin Extended-A/B (U+0080-U+024F): the letters
 * of French and English words, read from a table built once from ICU. */
#define LATIN_END 0x250
enum { L_ALPHA = 1, L_UPPER = 2, L_DIGIT = 4 };
struct latin {
	uint8_t cls;
	uint16_t fold;
};
static struct latin latin_tab[LATIN_END];
static pthread_once_t latin_once = PTHREAD_ONCE_INIT;

static void latin_init(void)
{
	for (int32_t cp = 0x80; cp < LATIN_END; cp++) {
		struct latin *l = &latin_tab[cp];
		l->cls = (uint8_t)((u_isalpha(cp) ? L_ALPHA : 0) |
		                   (u_isupper(cp) ? L_UPPER : 0) |
		                   (u_isdigit(cp) ? L_DIGIT : 0));
		int32_t f = u_foldCase(cp, U_FOLD_CASE_DEFAULT);
		l->fold = (uint16_t)(f >= 0 && f < 0x10000 ? f : cp);
	}
}

/* Reads the flags of word text[a, b) and, when folding changes it, folds it
 * into the buffer (NUL-terminated). Most words do not change (lowercase,
 * no ’): their key is the text itself (QF_SELF) and nothing is written.
 * Simple case folding never more than doubles a UTF-8 length. */
static uint32_t fold_span(struct qpara *p, size_t a, size_t b, uint16_t *len,
                          uint16_t *flags)
{
	uint16_t f = 0;
	size_t letters = 0, upper = 0;
	int first = 1, changed = 0;
	const char *s = p->text;
	for (size_t i = a; i < b;) {
		unsigned char c = (unsigned char)s[i];
		if (ascii_class[c] & A_LOWER) {
			/* the common case: a run of small ASCII letters */
			size_t st = i;
			do
				i++;
			while (i < b && (ascii_class[(unsigned char)s[i]] & A_LOWER));
			first = 0;
			letters += i - st;
			f |= QF_ALPHA;
			continue;
		}
		int alpha, up, digit;
		if (c < 0x80) {
			uint8_t k = ascii_class[c];
			alpha = (k & A_LETTER) != 0;
			up = (k & A_UPPER) != 0;
			digit = (k & A_DIGIT) != 0;
			if (c == '-')
				f |= QF_HYPHEN;
			i++;
		} else {
			int32_t cp = px_utf8_next(s, b, &i);
			if (cp < 0x80) { /* invalid byte */
				alpha = up = digit = 0;
			} else if (cp < LATIN_END) {
				uint8_t k = latin_tab[cp].cls;
				alpha = k & L_ALPHA;
				up = (k & L_UPPER) != 0;
				digit = (k & L_DIGIT) != 0;
				changed |= latin_tab[cp].fold != cp;
			} else {
				alpha = u_isalpha(cp);
				up = alpha && u_isupper(cp);
				digit = !alpha && u_isdigit(cp);
				if (is_apos(cp) ||
				    (alpha && u_foldCase(cp, U_FOLD_CASE_DEFAULT) != cp))
					changed = 1;
				if (is_hyphen(cp))
					f |= QF_HYPHEN;
			}
		}
		if (alpha) {
			if (first && up)
				f |= QF_CAP;
			first = 0;
			letters++;
			upper += up != 0;
			f |= QF_ALPHA;
			changed |= up && c < 0x80;
		} else if (digit) {
			f |= QF_DIGIT;
			first = 0;
		}
	}
	if (letters >= 2 && upper == letters)
		f |= QF_UPPER;
	*flags = f;
	if (!changed) {
		*len = (uint16_t)(b - a);
		*flags |= QF_SELF;
		return 0;
	}
	if (p->foldlen + 2 * (b - a) + 2 > p->foldcap)
		p->fold = px_xgrow(p->fold, &p->foldcap, p->foldlen + 2 * (b - a) + 2, 1);
	size_t at = p->foldlen;
	char *o = p->fold + at;
	for (size_t i = a; i < b;) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			*o++ = (char)(ascii_class[c] & A_UPPER ? c + 32 : c);
			i++;
			continue;
		}
		size_t st = i;
		int32_t cp = px_utf8_next(s, b, &i);
		if (cp < 0x80) {
			memcpy(o, s + st, i - st);
			o += i - st;
		} else if (is_apos(cp)) {
			*o++ = '\'';
		} else {
			int32_t fc = cp < LATIN_END ? latin_tab[cp].fold
			                            : u_foldCase(cp, U_FOLD_CASE_DEFAULT);
			o += px_utf8_encode((uint32_t)fc, o);
		}
	}
	*len = (uint16_t)(o - (p->fold + at));
	*o++ = '\0';
	p->foldlen = (size_t)(o - p->fold);
	return (uint32_t)at;
}

static struct qtok *push(struct qpara *p, size_t start, size_t end, enum qt_type type)
{
	if (p->n == p->cap)
		p->t = px_xgrow(p->t, &p->cap, p->n + 1, sizeof *p->t);
	struct qtok *t = &p->t[p->n++];
	memset(t, 0, sizeof *t);
	t->start = (uint32_t)start;
	t->end = (uint32_t)end;
	t->type = (uint8_t)type;
	return t;
}

/* Emits word text[a, b), cutting elided words off its front; ap is the
 * first inner apostrophe (0 when there is none). */
static void emit_word(struct qpara *p, size_t a, size_t b, size_t ap, uint16_t spb,
                      const struct qlex *all)
{
	while (ap) {
		size_t q = ap;
		px_utf8_next(p->text, b, &q);
		size_t apn = q - ap;
		if (ap + apn >= b)
			break;
		size_t mark = p->foldlen;
		uint16_t len;
		uint16_t f;
		uint32_t off = fold_span(p, a, ap + apn, &len, &f);
		const char *key = (f & QF_SELF) ? p->text + a : p->fold + off;
		if (!px_qlex_has(all, QL_ELISIONS, key, len)) {
			p->foldlen = mark;
			break;
		}
		struct qtok *t = push(p, a, ap + apn, QT_WORD);
		t->fold = off;
		t->flen = len;
		t->flags = (uint16_t)(f | QF_ELIDED | spb);
		spb = 0;
		a = ap + apn;
		/* the next apostrophe, if any */
		ap = 0;
		for (size_t i = a; i < b;) {
			size_t s = i;
			int32_t cp = (unsigned char)p->text[i] < 0x80
			                 ? (unsigned char)p->text[i++]
			                 : px_utf8_next(p->text, b, &i);
			if (is_apos(cp)) {
				ap = s;
				break;
			}
		}
	}
	struct qtok *t = push(p, a, b, QT_WORD);
	uint16_t f;
	t->fold = fold_span(p, a, b, &t->flen, &f);
	t->flags = (uint16_t)(f | spb);
}

static void set_sentences(struct qpara *p, const struct precis_doc *doc)
{
	const struct precis_para *para = &doc->paras[p->index];
	size_t s = para->first_sentence, e = s + para->sentence_count;
	if (!doc->nsent || para->sentence_count == 0 || e > doc->nsent) {
		for (size_t i = 0; i < p->n; i++)
			p->t[i].sent =
			    (uint32_t)(doc->nsent ? para->first_sentence : p->index);
		return;
	}
	for (size_t i = 0; i < p->n; i++) {
		while (s + 1 < e && p->t[i].start >= doc->sents[s].span.end)
			s++;
		p->t[i].sent = (uint32_t)s;
	}
}

void px_qtok_para(struct qpara *p, const struct precis_doc *doc, size_t index,
                  const struct qlex *all, const struct qlex *lx)
{
	pthread_once(&latin_once, latin_init);
	const struct precis_para *para = &doc->paras[index];
	p->text = doc->text;
	p->index = index;
	p->start = para->span.start;
	p->end = para->span.end;
	p->n = 0;
	p->foldlen = 0;
	const char *s = doc->text;
	size_t end = para->span.end, i = para->span.start;
	uint16_t spb = QF_SPB;
	while (i < end) {
		size_t st = i;
		unsigned char c = (unsigned char)s[i];
		int32_t cp;
		if (c < 0x80) {
			cp = c;
			i++;
		} else {
			cp = px_utf8_next(s, end, &i);
		}
		if (is_space(cp)) {
			spb = QF_SPB;
			if (p->n)
				p->t[p->n - 1].flags |= QF_SPA;
			continue;
		}
		/* the common case: a word of small ASCII letters */
		if (ascii_class[c] & A_LOWER) {
			size_t j = i;
			while (j < end && (ascii_class[(unsigned char)s[j]] & A_LOWER) &&
			       j - st < 16000)
				j++;
			unsigned char d = j < end ? (unsigned char)s[j] : ' ';
			if ((ascii_class[d] & A_SPACE) ||
			    (d < 0x80 && !(ascii_class[d] & A_ALNUM) && d != '-' &&
			     d != '\'' && d != '.' && d != ',')) {
				struct qtok *t = push(p, st, j, QT_WORD);
				t->flen = (uint16_t)(j - st);
				t->flags = (uint16_t)(QF_ALPHA | QF_SELF | spb);
				spb = 0;
				i = j;
				continue;
			}
		}
		int word_start = is_alnum(cp) ||
		                 ((cp == '@' || cp == '#') && is_alnum(peek(s, end, i)));
		if (word_start) {
			size_t j = i, ap = 0;
			int32_t prev = cp;
			while (j < end) {
				unsigned char d = (unsigned char)s[j];
				if (ascii_class[d] & A_ALNUM) {
					size_t lim = end - j > 16000 ? j + 16000 : end;
					do
						j++;
					while (
					    j < lim &&
					    (ascii_class[(unsigned char)s[j]] & A_ALNUM));
					prev = (unsigned char)s[j - 1];
					if (j - st > 16000)
						break; /* a longer run is cut: flen is 16
						          bits */
					continue;
				}
				if (j - st > 16000)
					break;
				size_t k = j;
				int32_t c2 = d < 0x80 ? (k++, (int32_t)d)
				                      : px_utf8_next(s, end, &k);
				if (d >= 0x80 && is_alnum(c2)) {
					prev = c2;
					j = k;
					continue;
				}
				int32_t n2 = peek(s, end, k);
				if ((is_hyphen(c2) && is_alnum(prev) && is_alnum(n2)) ||
				    (is_apos(c2) && is_alnum(prev) && is_letter(n2)) ||
				    ((c2 == '.' || c2 == ',') && is_digit(prev) &&
				     is_digit(n2))) {
					if (is_apos(c2) && !ap)
						ap = j;
					prev = c2;
					j = k;
					continue;
				}
				break;
			}
			emit_word(p, st, j, ap, spb, all);
			spb = 0;
			i = j;
			continue;
		}
		struct qtok *t = push(p, st, i, is_mark(cp) ? QT_MARK : QT_PUNCT);
		t->cp = cp;
		t->flags = spb;
		spb = 0;
	}
	if (p->n)
		p->t[p->n - 1].flags |= QF_SPA;
	set_sentences(p, doc);
	p->lx = lx;
	/* every word asks its language's lists once: later questions are bit
	 * tests */
	if (lx && lx->lang)
		for (size_t i = 0; i < p->n; i++) {
			struct qtok *t = &p->t[i];
			if (t->type != QT_WORD)
				continue;
			t->lists =
			    px_lang_word_mask(lx->lang, px_qtok_key(p, i), t->flen);
			t->flags |= QF_LISTS;
		}
}

void px_qtok_release(struct qpara *p)
{
	free(p->t);
	free(p->fold);
	memset(p, 0, sizeof *p);
}

int px_qtok_final(const struct qpara *p, size_t i)
{
	if (i >= p->n || p->t[i].type != QT_PUNCT)
		return 0;
	int32_t c = p->t[i].cp;
	return c == '.' || c == '!' || c == '?' || c == 0x2026;
}

size_t px_quote_words(const char *text, size_t start, size_t end)
{
	size_t n = 0, i = start;
	int in = 0, has = 0;
	while (i < end) {
		unsigned char c = (unsigned char)text[i];
		if (c < 0x80) {
			i++;
			if (ascii_class[c] & A_SPACE) {
				n += in && has;
				in = has = 0;
			} else {
				in = 1;
				has |= (ascii_class[c] & A_ALNUM) != 0;
			}
			continue;
		}
		int32_t cp = px_utf8_next(text, end, &i);
		if (is_space(cp)) {
			n += in && has;
			in = has = 0;
			continue;
		}
		in = 1;
		if (is_alnum(cp))
			has = 1;
	}
	return n + (in && has);
}
