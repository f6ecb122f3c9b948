/* The two halves of the strip stage (not public): strip_patterns.c matches
 * short paragraphs against lang/<code>/boilerplate.txt (ICU inside it);
 * strip.c adds the paragraph-feature rules and marks the doc. */
#ifndef PX_STRIP_INT_H
#define PX_STRIP_INT_H

#include <stddef.h>

#include "precis/error.h"

struct precis_langset;
struct px_strip_matcher;
struct px_strip_words;

/* Paragraphs (or lines) longer than this, in bytes, are never matched
 * against patterns: boilerplate lines are short, article text is not. */
#define PX_STRIP_MAX_MATCH 400

/* A matcher for the boilerplate patterns of every language of set. The
 * patterns (and the word tables) are built once per process and cached by
 * the text of the lists they come from, so this is cheap after the first
 * call; every caller gets a matcher of its own
 * (matchers are not shared between threads). A pattern that does not compile
 * gives PRECIS_E_CONFIG naming its file. Give the matcher back with
 * px_strip_matcher_put(). */
enum precis_status px_strip_matcher_get(const struct precis_langset *set,
                                        struct px_strip_matcher **out,
                                        struct precis_error *err);
void px_strip_matcher_put(struct px_strip_matcher *m);

/* The word tables of strip.c (stopwords, network names, bio cues), built
 * with the patterns by px_strip_words_build() and cached with them. */
const struct px_strip_words *px_strip_matcher_words(const struct px_strip_matcher *m);

/* Defined in strip.c. */
struct px_strip_words *px_strip_words_build(const struct precis_langset *set);
void px_strip_words_free(struct px_strip_words *w);

/* The reason of the first pattern (langset order, then file order) that
 * matches the whole of text (UTF-8, len bytes), or NULL. Text longer than
 * PX_STRIP_MAX_MATCH never matches. The reason lives as long as the process;
 * callers copy it into the doc. */
const char *px_strip_match(struct px_strip_matcher *m, const char *text, size_t len);

#endif
