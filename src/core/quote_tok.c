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

#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>

#include "core/doc_int.h"
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

static int is_alnum(int32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		       (cp >= '0' && cp <= '9');
	if (cp < 0)
		return 0;
	if (u_isalnum(cp))
		return 1;
	int8_t t = u_charType(cp);
	return t == U_NON_SPACING_MARK || t == U_COMBINING_SPACING_MARK;
}

static int is_letter(int32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
	return cp > 0 && u_isalpha(cp);
}

static int is_digit(int32_t cp)
{
	if (cp < 0x80)
		return cp >= '0' && cp <= '9';
	return cp > 0 && u_isdigit(cp);
}

static int is_space(int32_t cp)
{
	if (cp == ' ' || cp == '\n' || cp == '\t' || cp == '\r')
		return 1;
	return cp >= 0x80 && px_cp_is_space(cp);
}

/* The code point at i (or -1 past the end), without moving. */
static int32_t peek(const char *s, size_t end, size_t i)
{
	if (i >= end)
		return -1;
	return px_utf8_next(s, end, &i);
}

static void fold_add(struct qpara *p, const char *s, size_t n)
{
	if (p->foldlen + n + 1 > p->foldcap)
		p->fold = px_xgrow(p->fold, &p->foldcap, p->foldlen + n + 1, 1);
	memcpy(p->fold + p->foldlen, s, n);
	p->foldlen += n;
}

/* Folds text[a, b) into the buffer (NUL-terminated); returns its offset. */
static uint32_t fold_span(struct qpara *p, size_t a, size_t b, uint32_t *len)
{
	size_t at = p->foldlen;
	size_t i = a;
	while (i < b) {
		unsigned char c = (unsigned char)p->text[i];
		if (c < 0x80) {
			char l = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
			fold_add(p, &l, 1);
			i++;
			continue;
		}
		size_t s = i;
		int32_t cp = px_utf8_next(p->text, b, &i);
		if (cp < 0) {
			fold_add(p, p->text + s, i - s);
			continue;
		}
		if (is_apos(cp)) {
			fold_add(p, "'", 1);
			continue;
		}
		char enc[4];
		size_t k = px_utf8_encode((uint32_t)u_foldCase(cp, U_FOLD_CASE_DEFAULT), enc);
		fold_add(p, enc, k);
	}
	*len = (uint32_t)(p->foldlen - at);
	fold_add(p, "", 1); /* the NUL, kept */
	return (uint32_t)at;
}

static struct qtok *push(struct qpara *p, size_t start, size_t end, enum qt_type type)
{
	p->t = px_xgrow(p->t, &p->cap, p->n + 1, sizeof *p->t);
	struct qtok *t = &p->t[p->n++];
	memset(t, 0, sizeof *t);
	t->start = (uint32_t)start;
	t->end = (uint32_t)end;
	t->type = (uint8_t)type;
	return t;
}

/* Word flags from its letters. */
static uint16_t word_flags(const char *s, size_t a, size_t b)
{
	uint16_t f = 0;
	size_t i = a, letters = 0, upper = 0;
	int first = 1;
	while (i < b) {
		int32_t cp = px_utf8_next(s, b, &i);
		if (is_letter(cp)) {
			int up = cp < 0x80 ? (cp >= 'A' && cp <= 'Z') : u_isupper(cp);
			if (first && up)
				f |= QF_CAP;
			first = 0;
			letters++;
			upper += up != 0;
			f |= QF_ALPHA;
		} else if (is_digit(cp)) {
			f |= QF_DIGIT;
			first = 0;
		} else if (is_hyphen(cp)) {
			f |= QF_HYPHEN;
		}
	}
	if (letters >= 2 && upper == letters)
		f |= QF_UPPER;
	return f;
}

/* Emits word text[a, b), cutting elided words off its front. */
static void emit_word(struct qpara *p, size_t a, size_t b, uint16_t spb, const struct qlex *all)
{
	for (;;) {
		/* the first inner apostrophe */
		size_t i = a, ap = 0, apn = 0;
		while (i < b) {
			size_t s = i;
			int32_t cp = px_utf8_next(p->text, b, &i);
			if (is_apos(cp)) {
				ap = s;
				apn = i - s;
				break;
			}
		}
		if (!apn || ap + apn >= b)
			break;
		size_t mark = p->foldlen;
		uint32_t len;
		uint32_t off = fold_span(p, a, ap + apn, &len);
		if (!px_qlex_has(all, QL_ELISIONS, p->fold + off, len)) {
			p->foldlen = mark;
			break;
		}
		struct qtok *t = push(p, a, ap + apn, QT_WORD);
		t->fold = off;
		t->flen = len;
		t->flags = (uint16_t)(word_flags(p->text, a, ap) | QF_ELIDED | spb);
		spb = 0;
		a = ap + apn;
	}
	struct qtok *t = push(p, a, b, QT_WORD);
	t->fold = fold_span(p, a, b, &t->flen);
	t->flags = (uint16_t)(word_flags(p->text, a, b) | spb);
}

static void set_sentences(struct qpara *p, const struct precis_doc *doc)
{
	const struct precis_para *para = &doc->paras[p->index];
	size_t s = para->first_sentence, e = s + para->sentence_count;
	if (!doc->nsent || para->sentence_count == 0 || e > doc->nsent) {
		for (size_t i = 0; i < p->n; i++)
			p->t[i].sent = (uint32_t)(doc->nsent ? para->first_sentence : p->index);
		return;
	}
	for (size_t i = 0; i < p->n; i++) {
		while (s + 1 < e && p->t[i].start >= doc->sents[s].span.end)
			s++;
		p->t[i].sent = (uint32_t)s;
	}
}

void px_qtok_para(struct qpara *p, const struct precis_doc *doc, size_t index,
                  const struct qlex *all)
{
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
		int32_t cp = px_utf8_next(s, end, &i);
		if (is_space(cp)) {
			spb = QF_SPB;
			if (p->n)
				p->t[p->n - 1].flags |= QF_SPA;
			continue;
		}
		int32_t next = peek(s, end, i);
		int word_start = is_alnum(cp) || ((cp == '@' || cp == '#') && is_alnum(next));
		if (word_start) {
			size_t j = i;
			int32_t prev = cp;
			while (j < end) {
				size_t k = j;
				int32_t c = px_utf8_next(s, end, &k);
				if (is_alnum(c)) {
					prev = c;
					j = k;
					continue;
				}
				int32_t n2 = peek(s, end, k);
				if (is_hyphen(c) && is_alnum(prev) && is_alnum(n2)) {
					prev = c;
					j = k;
					continue;
				}
				if (is_apos(c) && is_alnum(prev) && is_letter(n2)) {
					prev = c;
					j = k;
					continue;
				}
				if ((c == '.' || c == ',') && is_digit(prev) && is_digit(n2)) {
					prev = c;
					j = k;
					continue;
				}
				break;
			}
			emit_word(p, st, j, spb, all);
			spb = 0;
			i = j;
			continue;
		}
		struct qtok *t = push(p, st, i, is_mark(cp) ? QT_MARK : QT_PUNCT);
		t->cp = cp;
		t->flags = spb;
		t->fold = (uint32_t)p->foldlen;
		spb = 0;
	}
	if (p->n)
		p->t[p->n - 1].flags |= QF_SPA;
	set_sentences(p, doc);
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
