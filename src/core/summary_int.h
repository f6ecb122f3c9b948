/* The inside of summarize (not public). */
#ifndef PX_SUMMARY_INT_H
#define PX_SUMMARY_INT_H

#include <stddef.h>
#include <stdint.h>

struct precis_doc;
struct precis_lang;

/* Fills unit[i] (nsent entries) for every sentence i of doc: sentences with
 * the same unit go into a summary together or not at all. A statement quote
 * ties its sentences to the one holding its attribution (where its cue or
 * its speaker is written, else the sentence before a quote that opens its
 * sentence). unit[i] is the first sentence of i's unit; i alone: unit[i] == i. */
void px_summary_units(const struct precis_doc *doc, size_t *unit);

/* Sets unnamed[i] (nsent entries, zeroed by the caller) for every sentence
 * of a unit (from px_summary_units) holding a statement whose speaker is
 * known but not written in the unit ("“...,” she said"): shown alone it
 * would not say who speaks. */
void px_summary_unnamed(const struct precis_doc *doc, const size_t *unit,
                        unsigned char *unnamed);

/* The word cache of summary_lex.c for lang (NULL: no language: no
 * stopwords, no stemming), the caller's alone until px_lex_give(). */
struct px_lex;
struct px_lex *px_lex_take(const struct precis_lang *lang);
void px_lex_give(struct px_lex *lx);

#define PX_LEX_SKIP UINT32_MAX
/* The stem id of the written word w (n bytes, of `letters` letters and
 * digits), or PX_LEX_SKIP for a stopword or a single letter; sets
 * *first_person to 1 for a word of the language's first-person list (left
 * alone otherwise). Ids hold until px_lex_give(); equal stems, equal ids. */
uint32_t px_lex_word(struct px_lex *lx, const char *w, size_t n, size_t letters,
                     int *first_person);

#endif
