/* The passes of the normalize stage (not public). Each pass reads a text
 * and writes a new one with a map from its offsets back to the text it read:
 *
 *   clean (normalize.c)     invisible and control characters, line ends,
 *                           ligatures, fullwidth ASCII
 *   nfc (nfc.c)             canonical composition, only where needed
 *   paragraphs (paragraphs.c) trimming, space runs, line joining, hyphens,
 *                           paragraph spans
 *
 * precis_normalize() runs them in that order and composes the maps. */
#ifndef PX_NORMALIZE_INT_H
#define PX_NORMALIZE_INT_H

#include <stddef.h>
#include <stdint.h>

#include "core/offmap.h"

struct precis_doc;
struct precis_langset;
struct px_list;

/* Soft hyphen: removed everywhere except right before a line end, where
 * the clean pass keeps it so that the paragraph pass knows the word was cut
 * there (it then joins the halves and drops it). */
#define PX_SHY 0x00AD

/* Returns 0 when text is already clean (nothing written), 1 when *out
 * (NUL-terminated, caller frees) holds the cleaned text and *map
 * (uninitialised on entry) maps it back to text. */
int px_norm_clean(const char *text, size_t len, char **out, size_t *out_len,
                   struct px_offmap *map);

/* NFC. Returns 0 when text is already NFC (nothing written), 1 when *out
 * and *map (as above) hold the composed text, -1 when ICU fails. */
int px_norm_nfc(const char *text, size_t len, char **out, size_t *out_len,
                struct px_offmap *map);

/* Lays out the cleaned text in paragraphs and sets it as doc's text: the
 * doc's map becomes (new text → text) composed with to_src. set (may be NULL)
 * gives the word lists of every language. */
void px_paragraphs(struct precis_doc *doc, const char *text, size_t len,
                   const struct px_offmap *to_src, const struct precis_langset *set);

/* A last element of hyphen-compounds.txt that only makes a compound in
 * some company: "-les after-ending e s z" (after a verb: prends-les), "-ci
 * after-word ce cet cette ces" (cette fois-ci). Strings are folded, in
 * px_wordlists.arena. */
struct px_suffix_rule {
	size_t suffix, slen; /* "-les" */
	int after_word;      /* 0: the first part ends with a value; 1: one of
	                        the two words before it is a value */
	size_t first, n;     /* its values in px_wordlists.values */
};

/* The word lists the paragraph pass reads from every language of a set. */
struct px_wordlists {
	const struct px_list **nonfinal;  /* words a sentence or title cannot end on */
	const struct px_list **compounds; /* "porte-", "-même", "peut-être" */
	size_t n;
	struct px_suffix_rule *rules;     /* the conditional last elements */
	size_t nrules, caprules;
	struct {
		size_t off, len;
	} *values;
	size_t nvalues, capvalues;
	char *arena;
	size_t arena_len, arena_cap;
};

void px_wordlists_init(struct px_wordlists *wl, const struct precis_langset *set);
void px_wordlists_free(struct px_wordlists *wl);
/* Whether the case-folded key is in one of the lists of that kind. */
int px_wordlists_nonfinal(const struct px_wordlists *wl, const char *key, size_t len);
int px_wordlists_compound(const struct px_wordlists *wl, const char *key, size_t len);

/* Case-folds s into out (cap bytes); returns the folded length, or 0 when
 * it does not fit. */
size_t px_fold_small(const char *s, size_t len, char *out, size_t cap);

#endif
