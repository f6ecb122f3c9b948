/* Snowball stemming (libstemmer) behind a small wrapper, so that only
 * stem.c sees libstemmer.h. A stemmer is not thread-safe: one per thread. */
#ifndef PX_STEM_H
#define PX_STEM_H

#include <stddef.h>

struct px_stemmer;

/* A stemmer for Snowball algorithm `algorithm` ("french", "english": the
 * `stemmer` key of lang/<code>/meta.txt), or NULL when libstemmer has none. */
struct px_stemmer *px_stemmer_new(const char *algorithm);
void px_stemmer_free(struct px_stemmer *st);
/* The stem of the case-folded UTF-8 word (len bytes); *out_len gets its
 * length. Stemmer storage, valid until the next call. */
const char *px_stem(struct px_stemmer *st, const char *word, size_t len, size_t *out_len);

#endif
