/* The inside of segment (not public): the abbreviation table built from
 * lang/, and the repair pass that turns ICU's sentence boundaries into
 * precis sentences. Both work on UTF-8 bytes; ICU stays in segment.c. */
#ifndef PX_SEGMENT_INT_H
#define PX_SEGMENT_INT_H

#include <stddef.h>
#include <stdint.h>

#include "core/utf8.h"

struct precis_langset;
struct px_list;

/* px_utf8_next with the common cases inline (segment decodes every byte of
 * the text twice): the same answers, invalid bytes included. */
static inline int32_t px_seg_next(const char *str, size_t len, size_t *i)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t p = *i;
	unsigned c = s[p];
	if (c < 0x80) {
		*i = p + 1;
		return (int32_t)c;
	}
	if (c >= 0xC2 && c <= 0xDF && p + 1 < len && (s[p + 1] & 0xC0) == 0x80) {
		*i = p + 2;
		return (int32_t)(((c & 0x1F) << 6) | (s[p + 1] & 0x3F));
	}
	if (c >= 0xE1 && c <= 0xEC && p + 2 < len && (s[p + 1] & 0xC0) == 0x80 &&
	    (s[p + 2] & 0xC0) == 0x80) {
		*i = p + 3;
		return (int32_t)(((c & 0x0F) << 12) | ((s[p + 1] & 0x3F) << 6) | (s[p + 2] & 0x3F));
	}
	return px_utf8_next(str, len, i);
}

/* What a period after an abbreviation means, from the list it came from
 * (lang/<code>/<list>.txt). An entry may be in several lists. */
enum {
	PX_ABBR_GENERAL = 1,    /* abbreviations: a capitalised stop word after it starts a sentence */
	PX_ABBR_NAME = 2,       /* abbreviations-before-name: never ends a sentence */
	PX_ABBR_NUMBER = 4,     /* abbreviations-before-number: not before a number */
	PX_ABBR_FINAL = 8,      /* abbreviations-final: ends before a capital */
};

/* Every language's abbreviation lists merged in one case-sensitive table
 * (a lowercase entry also matches with a capital first letter). */
struct px_abbrevs;

/* set may be NULL (an empty table). Free with px_abbrevs_free(). */
struct px_abbrevs *px_abbrevs_new(const struct precis_langset *set);
void px_abbrevs_free(struct px_abbrevs *ab);
/* The PX_ABBR_* flags of the word tok (len bytes, no final period); 0 when
 * it is no known abbreviation. */
unsigned px_abbrevs_get(const struct px_abbrevs *ab, const char *tok, size_t len);

/* What the repair pass knows about a paragraph's language. */
struct px_segfix_lang {
	const struct px_abbrevs *abbrevs;
	const struct px_list *const *stopwords; /* a capitalised one starts a sentence */
	size_t nstopwords;
};

/* Scratch memory of the repair pass, reused from paragraph to paragraph. */
struct px_segfix {
	struct px_segfix_cand *cands;
	size_t ncand, cacand;
};

void px_segfix_init(struct px_segfix *f);
void px_segfix_release(struct px_segfix *f);

/* Called once per sentence, in order, with its span [start, end) relative to
 * the paragraph text, trimmed of white space and never empty. */
typedef void (*px_segfix_emit)(void *arg, size_t start, size_t end);

/* Splits the paragraph text[0, len) into sentences. icu holds ICU's sentence
 * boundaries as byte offsets, increasing, each inside (0, len); the pass keeps,
 * drops or moves them and adds the ones ICU misses (see segment_fix.c).
 * len must be below UINT32_MAX. */
void px_segfix_run(struct px_segfix *f, const struct px_segfix_lang *lang, const char *text,
                   size_t len, const uint32_t *icu, size_t nicu, px_segfix_emit emit,
                   void *arg);

/* Closes the break iterators that segment keeps between calls (see
 * segment.c); the next call opens them again. For a clean exit under
 * valgrind; call it when no thread is segmenting. */
void px_segment_cleanup(void);

#endif
