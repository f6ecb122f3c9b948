/* Sentences: ICU's sentence breaker per paragraph, then the repair pass of
 * segment_fix.c with the lang/ abbreviations (segment_abbrev.c).
 *
 * Language of a paragraph: its own; when "und", the document's; when that is
 * "und" too, the first language of the langset for the ICU locale, and every
 * language's stop words for the repair pass. The abbreviation lists of all
 * languages are always merged (see segment_abbrev.c). The ICU locale is the
 * segment_locale of lang/<code>/meta.txt ("fr@ss=standard"), else the code.
 *
 * ICU works in UTF-16: each paragraph is converted into a buffer reused from
 * paragraph to paragraph (invalid bytes become U+FFFD, one unit each) and
 * ICU's boundaries are walked back to UTF-8 byte offsets with the same
 * decoder, in one forward pass.
 *
 * ubrk_open costs far more than a paragraph, so break iterators live in a
 * process-wide pool: one never-used template per locale, opened the first
 * time it is needed, and clones of it handed to one caller at a time and
 * given back at the end of precis_segment. Threads segmenting at once each
 * get their own clone. The pool stays reachable from a static pointer until
 * exit (no leak for LeakSanitizer; "still reachable" for valgrind), the way
 * ICU keeps its own caches. */
#include "precis/segment.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/utf16.h>

#include "core/brk_pool.h"
#include "core/doc_int.h"
#include "core/lang_int.h"
#include "core/segment_int.h"
#include "core/utf8.h"
#include "util/mem.h"

void px_segment_cleanup(void)
{
	px_brk_cleanup();
}

struct held {
	const char *locale;
	UBreakIterator *bi;
	size_t slot;
};

struct run {
	struct precis_doc *doc;
	size_t para, base;
	UChar *u16;
	size_t cap16;
	uint32_t *icu;
	size_t nicu, caicu;
	struct px_segfix fix;
	struct held *held;
	size_t nheld, caheld;
};

static void emit_sentence(void *arg, size_t start, size_t end)
{
	struct run *r = arg;
	px_doc_add_sent(r->doc, r->base + start, r->base + end, r->para);
}

/* Whether the 8 bytes at s are all ASCII (the common case, done 8 at once). */
static inline int ascii8(const char *s)
{
	uint64_t w;
	memcpy(&w, s, sizeof w);
	return (w & UINT64_C(0x8080808080808080)) == 0;
}

static size_t to_utf16(const char *s, size_t len, UChar *out)
{
	size_t i = 0, n = 0;
	while (i < len) {
		if (i + 8 <= len && ascii8(s + i)) {
			for (int k = 0; k < 8; k++)
				out[n + k] = (unsigned char)s[i + k];
			i += 8;
			n += 8;
			continue;
		}
		unsigned char b = (unsigned char)s[i];
		if (b < 0x80) {
			out[n++] = b;
			i++;
			continue;
		}
		int32_t cp = px_seg_next(s, len, &i);
		if (cp < 0)
			cp = 0xFFFD;
		if (cp > 0xFFFF) {
			out[n++] = U16_LEAD(cp);
			out[n++] = U16_TRAIL(cp);
		} else {
			out[n++] = (UChar)cp;
		}
	}
	return n;
}

/* Walks UTF-8 and UTF-16 together, forward only, decoding as to_utf16 does. */
struct walk {
	const char *s;
	size_t len, i8, i16;
};

static size_t walk_to(struct walk *w, size_t t16)
{
	while (w->i16 < t16 && w->i8 < w->len) {
		if (t16 - w->i16 >= 8 && w->i8 + 8 <= w->len && ascii8(w->s + w->i8)) {
			w->i8 += 8;
			w->i16 += 8;
			continue;
		}
		if ((unsigned char)w->s[w->i8] < 0x80) {
			w->i8++;
			w->i16++;
			continue;
		}
		int32_t cp = px_seg_next(w->s, w->len, &w->i8);
		w->i16 += cp > 0xFFFF ? 2 : 1;
	}
	return w->i8;
}

static enum precis_status segment_para(struct run *r, UBreakIterator *bi,
                                       const struct px_segfix_lang *lang,
                                       struct precis_error *err)
{
	const struct precis_para *para = &r->doc->paras[r->para];
	const char *text = r->doc->text + para->span.start;
	size_t len = para->span.end - para->span.start;
	if (len == 0)
		return PRECIS_OK;
	if (len >= INT32_MAX)
		return precis_error_set(err, PRECIS_E_INPUT, r->doc->name,
		                        "paragraph %zu is too long to split into sentences "
		                        "(%zu bytes, at most %d); split the input",
		                        r->para + 1, len, INT32_MAX - 1);
	r->base = para->span.start;
	r->u16 = px_xgrow(r->u16, &r->cap16, len + 1, sizeof *r->u16);
	size_t n16 = to_utf16(text, len, r->u16);
	UErrorCode st = U_ZERO_ERROR;
	ubrk_setText(bi, r->u16, (int32_t)n16, &st);
	if (U_FAILURE(st))
		return precis_error_set(err, PRECIS_E_INTERNAL, r->doc->name,
		                        "ICU cannot take paragraph %zu (%s); please report it",
		                        r->para + 1, u_errorName(st));
	struct walk w = {text, len, 0, 0};
	r->nicu = 0;
	for (int32_t b = ubrk_first(bi); (b = ubrk_next(bi)) != UBRK_DONE;) {
		size_t b8 = walk_to(&w, (size_t)b);
		if (b8 == 0 || b8 >= len)
			continue;
		r->icu = px_xgrow(r->icu, &r->caicu, r->nicu + 1, sizeof *r->icu);
		r->icu[r->nicu++] = (uint32_t)b8;
	}
	px_segfix_run(&r->fix, lang, text, len, r->icu, r->nicu, emit_sentence, r);
	return PRECIS_OK;
}

static UBreakIterator *iterator_for(struct run *r, const char *locale, const char *code,
                                    struct precis_error *err)
{
	for (size_t i = 0; i < r->nheld; i++)
		if (strcmp(r->held[i].locale, locale) == 0)
			return r->held[i].bi;
	UErrorCode st = U_ZERO_ERROR;
	size_t slot = 0;
	UBreakIterator *bi = px_brk_take(UBRK_SENTENCE, locale, &slot, &st);
	if (!bi) {
		precis_error_set(err, PRECIS_E_CONFIG, r->doc->name,
		                 "cannot open ICU's sentence breaker for locale \"%s\" (%s); "
		                 "fix segment_locale in lang/%s/meta.txt",
		                 locale, u_errorName(st), code);
		return NULL;
	}
	r->held = px_xgrow(r->held, &r->caheld, r->nheld + 1, sizeof *r->held);
	r->held[r->nheld++] = (struct held){locale, bi, slot};
	return bi;
}

/* The language segment uses for paragraph p (see the top of this file); NULL
 * when the langset is empty. *known is 0 when the text named none. */
static const struct precis_lang *para_lang(const struct precis_doc *doc,
                                           const struct precis_para *p,
                                           const struct precis_langset *set, int *known)
{
	const struct precis_lang *l = NULL;
	if (set) {
		l = precis_langset_find(set, p->lang);
		if (!l)
			l = precis_langset_find(set, doc->lang);
	}
	*known = l != NULL;
	if (!l && set && precis_langset_count(set))
		l = precis_langset_at(set, 0);
	return l;
}

enum precis_status precis_segment(struct precis_doc *doc, const struct precis_langset *set,
                                  struct precis_error *err)
{
	px_doc_clear_sents(doc);
	size_t nlang = set ? precis_langset_count(set) : 0;
	struct px_abbrevs *abbrevs = px_abbrevs_new(set);
	/* stop words: slot l is language l alone; slot nlang is all of them */
	const struct px_list **stop = px_xcalloc(nlang + 1, sizeof *stop);
	struct px_segfix_lang *fl = px_xcalloc(nlang + 1, sizeof *fl);
	for (size_t l = 0; l < nlang; l++) {
		stop[l] = px_lang_list(precis_langset_at(set, l), "stopwords");
		fl[l] = (struct px_segfix_lang){abbrevs, &stop[l], 1};
	}
	fl[nlang] = (struct px_segfix_lang){abbrevs, stop, nlang};

	struct run r = {.doc = doc};
	px_segfix_init(&r.fix);
	enum precis_status st = PRECIS_OK;
	for (size_t i = 0; i < doc->npara && st == PRECIS_OK; i++) {
		int known;
		const struct precis_lang *lang = para_lang(doc, &doc->paras[i], set, &known);
		const char *code = lang ? precis_lang_code(lang) : "und";
		const char *locale = lang ? precis_lang_meta(lang, "segment_locale") : "";
		if (!locale)
			locale = code;
		UBreakIterator *bi = iterator_for(&r, locale, code, err);
		if (!bi) {
			st = err ? err->status : PRECIS_E_CONFIG;
			break;
		}
		size_t slot = nlang;
		for (size_t l = 0; known && l < nlang; l++)
			if (precis_langset_at(set, l) == lang)
				slot = l;
		r.para = i;
		st = segment_para(&r, bi, &fl[slot], err);
	}
	for (size_t i = 0; i < r.nheld; i++)
		px_brk_give(r.held[i].slot);
	free(r.held);
	free(r.u16);
	free(r.icu);
	px_segfix_release(&r.fix);
	free(fl);
	free(stop);
	px_abbrevs_free(abbrevs);
	if (st != PRECIS_OK)
		px_doc_clear_sents(doc);
	return st;
}
