/* The inside of the language data (not public). A list is one lang/<code>/
 * <name>.txt file: its entries in file order, and a case-folded sorted copy
 * for lookups. Missing lists are empty, never NULL. */
#ifndef PX_LANG_INT_H
#define PX_LANG_INT_H

#include <stddef.h>
#include <stdint.h>

#include "precis/lang.h"

struct px_list {
	char *name;
	char **items; /* as written, file order */
	size_t n;
	char **folded; /* case-folded, sorted, deduplicated */
	size_t nfolded;
	uint64_t *slots; /* hash index: (hash << 32) | (index into folded + 1); 0 = empty */
	size_t nslots;   /* a power of two, or 0 */
	size_t maxlen;   /* the longest folded entry, in bytes */
};

/* The list lang/<code>/<name>.txt; an empty list when there is none. */
const struct px_list *px_lang_list(const struct precis_lang *lang, const char *name);
/* Whether the already case-folded key (len bytes) is in the list. */
int px_list_has(const struct px_list *list, const char *key, size_t len);
/* The hash px_list_has uses, so that a key asked of several lists is hashed
 * once; then the same lookup with it. */
uint32_t px_list_hash(const char *key, size_t len);
int px_list_has_hashed(const struct px_list *list, const char *key, size_t len,
                       uint32_t hash);
/* The bit of list `name` in the masks px_lang_word_mask() gives, or
 * SIZE_MAX (no such list, or past the 64th). */
size_t px_lang_list_bit(const struct precis_lang *lang, const char *name);
/* Which lists of lang hold the folded key: bit px_lang_list_bit(). One
 * probe for every list (the quote extractor asks a word of many). */
uint64_t px_lang_word_mask(const struct precis_lang *lang, const char *key, size_t len);
/* Same, folding `word` first. */
int px_list_has_fold(const struct px_list *list, const char *word, size_t len);

/* A number no other language loaded by this process has (0 for NULL): a
 * cache of what a language's lists give can be keyed by it safely, where a
 * pointer could be a freed language's reused. */
uint64_t px_lang_serial(const struct precis_lang *lang);

#endif
