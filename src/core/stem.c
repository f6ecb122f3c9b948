#include "core/stem.h"

#include <libstemmer.h>

struct px_stemmer *px_stemmer_new(const char *algorithm)
{
	if (!algorithm || !*algorithm)
		return NULL;
	return (struct px_stemmer *)sb_stemmer_new(algorithm, "UTF_8");
}

void px_stemmer_free(struct px_stemmer *st)
{
	if (st)
		sb_stemmer_delete((struct sb_stemmer *)st);
}

const char *px_stem(struct px_stemmer *st, const char *word, size_t len, size_t *out_len)
{
	struct sb_stemmer *sb = (struct sb_stemmer *)st;
	const sb_symbol *s = sb_stemmer_stem(sb, (const sb_symbol *)word, (int)len);
	if (!s) { /* out of memory inside libstemmer: the word as it is */
		*out_len = len;
		return word;
	}
	*out_len = (size_t)sb_stemmer_length(sb);
	return (const char *)s;
}
