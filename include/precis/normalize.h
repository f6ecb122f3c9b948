/*
 * precis/normalize.h — one canonical form of the text, mapped to the source.
 *
 * NFC; ligatures and fullwidth ASCII mapped (never NFKC on shown text);
 * invisible and control characters removed; line ends unified; hard-wrapped
 * lines joined into paragraphs and words hyphenated across lines rejoined.
 * It repairs, it does not restyle: quotes, apostrophes and no-break spaces
 * are kept as written. The doc's paragraphs are set here.
 *
 * The normalized text: paragraphs separated by "\n\n", except list items on
 * adjacent lines, separated by one "\n"; a final "\n" (or nothing at all for
 * an empty text). A paragraph span holds no newline and starts and ends with
 * a non-space. Runs of spaces and tabs are one space. The rules for joining
 * lines are in src/core/paragraphs.c.
 */
#ifndef PRECIS_NORMALIZE_H
#define PRECIS_NORMALIZE_H

#include <stddef.h>
#include "precis/error.h"

struct precis_doc;

/* Normalizes the decoded text of doc in place (the offset map follows) and
 * splits it into paragraphs. */
enum precis_status precis_normalize(struct precis_doc *doc, struct precis_error *err);

struct precis_langset;

/* The same, also reading the word lists of every language in set (may be
 * NULL): lang/<code>/hyphen-compounds.txt tells a compound cut at its
 * hyphen ("porte-\nparole") from a hyphenated word, and
 * lang/<code>/nonfinal-words.txt the words a wrapped line may end on. */
enum precis_status precis_normalize_langs(struct precis_doc *doc,
                                          const struct precis_langset *set,
                                          struct precis_error *err);

struct precis_lang;

/* Sets `text` in the typography of `lang` (its lang/<code>/meta.txt says
 * which quotation marks and which spaces around punctuation; see
 * TEXT-NOTES.md). *out is a new NUL-terminated string the caller frees with
 * free(); *out_len (may be NULL) gets its length. */
enum precis_status precis_typography(const struct precis_lang *lang, const char *text,
                                     size_t len, char **out, size_t *out_len,
                                     struct precis_error *err);

#endif
