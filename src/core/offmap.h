/* A map from byte offsets of a derived text back to byte offsets of the
 * text it came from, kept as runs so that untouched stretches cost nothing.
 *
 * A run covers out_len output bytes made from src_len source bytes starting
 * at src. A copy run maps byte for byte; in a replacement run every output
 * byte maps to src (the start of what it replaced).
 * Runs are appended in output order; source positions must not go back.
 * Maps compose: (new → mid) after (mid → source) gives (new → source). */
#ifndef PX_OFFMAP_H
#define PX_OFFMAP_H

#include <stddef.h>
#include <stdint.h>

struct px_offrun {
	uint32_t out;     /* first output byte of the run */
	uint32_t out_len;
	uint32_t src;     /* first source byte */
	uint32_t src_len;
	uint32_t exact;   /* 0: a replacement; 1: byte for byte (a copy); 2: each
	                   * output byte from 2 source bytes (ASCII from UTF-16) */
};

struct px_offmap {
	struct px_offrun *runs;
	size_t n, cap;
	size_t out_total; /* output bytes covered so far */
	size_t src_total; /* length of the whole source */
};

void px_offmap_init(struct px_offmap *m, size_t src_total);
void px_offmap_free(struct px_offmap *m);
/* The identity map over n bytes. */
void px_offmap_identity(struct px_offmap *m, size_t n);
/* n output bytes copied unchanged from source offset src. */
void px_offmap_copy(struct px_offmap *m, size_t src, size_t n);
/* n output bytes, output byte k made from source bytes src + 2k and
 * src + 2k + 1 (ASCII decoded from UTF-16: one run, not one per byte). */
void px_offmap_copy_wide(struct px_offmap *m, size_t src, size_t n);
/* out_len output bytes made from source bytes [src, src + src_len). */
void px_offmap_replace(struct px_offmap *m, size_t src, size_t src_len, size_t out_len);
/* The source offset of output offset off; off >= out_total gives src_total. */
size_t px_offmap_lookup(const struct px_offmap *m, size_t off);
/* *res = outer after inner: outer maps new → mid, inner maps mid → source.
 * res must be uninitialised or freed; outer and inner are left as they are. */
void px_offmap_compose(const struct px_offmap *outer, const struct px_offmap *inner,
                       struct px_offmap *res);
/* Moves src into dst (dst freed first); src is left empty. */
void px_offmap_move(struct px_offmap *dst, struct px_offmap *src);

#endif
