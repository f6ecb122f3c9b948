/* NFC with ICU, only where the text needs it. Press text is nearly always
 * NFC already, so the pass walks the UTF-8 itself and calls ICU (UTF-16)
 * only on a segment that may change: from the last starter before a code
 * point whose NFC quick check is not YES (or whose combining class is out
 * of order) to the next normalization boundary. Everything else is copied,
 * and when nothing changes nothing is written at all. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "core/normalize_int.h"
#include "core/utf8.h"
#include "util/mem.h"

struct out {
	char *d;
	size_t len, cap;
};

static void out_add(struct out *o, const char *s, size_t n)
{
	if (o->len + n + 1 > o->cap) {
		size_t c = o->cap ? o->cap : 64;
		while (c < o->len + n + 1)
			c *= 2;
		o->d = px_xrealloc(o->d, c);
		o->cap = c;
	}
	memcpy(o->d + o->len, s, n);
	o->len += n;
}

/* Appends the NFC form of the UTF-8 segment s (n bytes) to o. */
static int normalize_segment(const UNormalizer2 *nfc, const char *s, size_t n,
                             struct out *o)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t ulen = 0;
	/* UTF-16 never needs more units than UTF-8 has bytes. */
	UChar *u = px_xmalloc((n + 1) * sizeof *u);
	u_strFromUTF8(u, (int32_t)n + 1, &ulen, s, (int32_t)n, &st);
	/* A canonical composition never gets longer; a decomposition of a
	 * singleton may, a little. */
	int32_t cap = ulen * 3 + 8;
	UChar *v = px_xmalloc((size_t)cap * sizeof *v);
	int32_t vlen = U_SUCCESS(st) ? unorm2_normalize(nfc, u, ulen, v, cap, &st) : 0;
	char *b = NULL;
	int32_t blen = 0;
	if (U_SUCCESS(st)) {
		b = px_xmalloc((size_t)vlen * 3 + 1);
		u_strToUTF8(b, vlen * 3 + 1, &blen, v, vlen, &st);
	}
	if (U_SUCCESS(st))
		out_add(o, b, (size_t)blen);
	free(u);
	free(v);
	free(b);
	return U_SUCCESS(st) ? 0 : -1;
}

int px_norm_nfc(const char *t, size_t n, char **res, size_t *res_len, struct px_offmap *m)
{
	UErrorCode st = U_ZERO_ERROR;
	const UNormalizer2 *nfc = unorm2_getNFCInstance(&st);
	if (U_FAILURE(st))
		return -1;
	struct out o = {NULL, 0, 0};
	size_t i = 0, copied = 0, starter = 0;
	uint8_t prev_ccc = 0;
	int changed = 0;
	while (i < n) {
		unsigned char c = (unsigned char)t[i];
		if (c < 0x80) {
			/* ASCII, eight bytes at a time: all starters. */
			i++;
			uint64_t w;
			while (i + 8 <= n) {
				memcpy(&w, t + i, 8);
				if (w & 0x8080808080808080ULL)
					break;
				i += 8;
			}
			while (i < n && (unsigned char)t[i] < 0x80)
				i++;
			starter = i - 1;
			prev_ccc = 0;
			continue;
		}
		if (c < 0xCC && i + 1 < n) { /* two bytes below U+0300: a starter */
			starter = i;
			prev_ccc = 0;
			i += 2;
			continue;
		}
		size_t at = i;
		int32_t cp = px_utf8_next(t, n, &i);
		if (cp < 0x300) { /* Latin-1 and Latin Extended: all NFC starters */
			starter = at;
			prev_ccc = 0;
			continue;
		}
		uint8_t ccc = u_getCombiningClass(cp);
		int32_t qc = u_getIntPropertyValue(cp, UCHAR_NFC_QUICK_CHECK);
		if (qc == UNORM_YES && (ccc == 0 || ccc >= prev_ccc)) {
			if (ccc == 0)
				starter = at;
			prev_ccc = ccc;
			continue;
		}
		size_t end = i;
		while (end < n) {
			size_t k = end;
			int32_t c2 = px_utf8_next(t, n, &k);
			if (c2 < 0 || unorm2_hasBoundaryBefore(nfc, c2))
				break;
			end = k;
		}
		struct out seg = {NULL, 0, 0};
		if (normalize_segment(nfc, t + starter, end - starter, &seg) < 0) {
			free(seg.d);
			free(o.d);
			if (changed)
				px_offmap_free(m);
			return -1;
		}
		size_t seg_src = end - starter;
		if (seg.len == seg_src && memcmp(seg.d, t + starter, seg_src) == 0) {
			/* Marks that compose with nothing: already NFC. */
			free(seg.d);
			i = end;
			starter = end;
			prev_ccc = 0;
			continue;
		}
		if (!changed) {
			o.cap = n + seg.len + 16;
			o.d = px_xmalloc(o.cap);
			px_offmap_init(m, n);
			changed = 1;
		}
		if (starter > copied) {
			out_add(&o, t + copied, starter - copied);
			px_offmap_copy(m, copied, starter - copied);
		}
		out_add(&o, seg.d, seg.len);
		px_offmap_replace(m, starter, end - starter, seg.len);
		free(seg.d);
		copied = starter = i = end;
		prev_ccc = 0;
	}
	if (!changed)
		return 0;
	if (n > copied) {
		out_add(&o, t + copied, n - copied);
		px_offmap_copy(m, copied, n - copied);
	}
	o.d[o.len] = '\0';
	*res = o.d;
	*res_len = o.len;
	return 1;
}
