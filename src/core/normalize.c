/* The normalize stage: the clean pass, then NFC, then paragraphs (see
 * normalize_int.h), each with its own offset map, composed into one map
 * from the normalized text straight to the source bytes.
 *
 * The clean pass repairs characters, never style:
 * - removed: C0 controls other than tab and newline, DEL, C1 controls,
 *   soft hyphens (kept only right before a line end, for the paragraph pass),
 *   zero-width characters (U+200B-U+200D, U+2060-U+2064, U+FEFF anywhere,
 *   U+180E), bidi marks and embeddings (U+061C, U+200E, U+200F,
 *   U+202A-U+202E, U+2066-U+2069);
 * - line ends: CRLF, CR, U+0085, U+2028, and form feed / vertical tab (a
 *   page break in extracted text sits inside a paragraph as often as
 *   between two, so it is a line end and the paragraph pass decides) become
 *   "\n"; U+2029 becomes "\n\n" (a paragraph break). "\r\r\n" is one line
 *   end: it is what a CRLF file gets after a second CR→CRLF conversion;
 * - ligatures U+FB00-U+FB06 are spelled out and fullwidth ASCII
 *   (U+FF01-U+FF5E) and the ideographic space U+3000 become ASCII. This is
 *   a targeted table, not NFKC: NFKC would also flatten U+00A0, U+202F, ½,
 *   ², … which are shown text;
 * - bytes that are not UTF-8 (the decoder should have left none) become
 *   U+FFFD.
 * Tabs and runs of spaces are left to the paragraph pass. */
#include "precis/normalize.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/doc_int.h"
#include "core/normalize_int.h"
#include "core/utf8.h"
#include "util/mem.h"

/* The offset map stores 32-bit offsets; leave room for what the passes add. */
#define MAX_INPUT ((size_t)UINT32_MAX / 4)

struct out {
	char *d;
	size_t len, cap;
	size_t first_cap; /* the output is about as long as the input */
};

static void out_add(struct out *o, const char *s, size_t n)
{
	if (o->len + n + 1 > o->cap) {
		size_t c = o->cap ? o->cap : o->first_cap;
		while (c < o->len + n + 1)
			c *= 2;
		o->d = px_xrealloc(o->d, c);
		o->cap = c;
	}
	memcpy(o->d + o->len, s, n);
	o->len += n;
}

/* Copies the untouched stretch [from, to) of the input. */
static void flush(struct out *o, struct px_offmap *m, const char *t, size_t from,
                  size_t to)
{
	if (to > from) {
		out_add(o, t + from, to - from);
		px_offmap_copy(m, from, to - from);
	}
}

/* Whether only spaces or tabs stand between i and a line end. */
static int before_line_end(const char *t, size_t n, size_t i)
{
	while (i < n && (t[i] == ' ' || t[i] == '\t'))
		i++;
	return i >= n || t[i] == '\n' || t[i] == '\r';
}

/* Bytes the clean pass copies without a look: printable ASCII, \n, \t. */
static const unsigned char plain[256] = {
	['\t'] = 1, ['\n'] = 1,
#define R4(c) [c] = 1, [c + 1] = 1, [c + 2] = 1, [c + 3] = 1
#define R16(c) R4(c), R4(c + 4), R4(c + 8), R4(c + 12)
	R16(0x20), R16(0x30), R16(0x40), R16(0x50), R16(0x60),
	R4(0x70), R4(0x74), R4(0x78),
	[0x7C] = 1, [0x7D] = 1, [0x7E] = 1,
#undef R16
#undef R4
};

static const char *const ligatures[] = {"ff", "fi", "fl", "ffi", "ffl", "st", "st"};

/* What replaces code point cp: NULL to keep it, "" to drop it. */
static const char *replacement(int32_t cp, const char *t, size_t n, size_t next,
                               char *tmp)
{
	if (cp < 0xA0) {
		if (cp == 0x85)
			return "\n";
		return cp >= 0x80 ? "" : NULL;
	}
	if (cp == PX_SHY)
		return before_line_end(t, n, next) ? NULL : "";
	if (cp < 0x061C)
		return NULL;
	if (cp == 0x061C || cp == 0x180E || (cp >= 0x200B && cp <= 0x200F) ||
	    (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2064) ||
	    (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF)
		return "";
	if (cp == 0x2028)
		return "\n";
	if (cp == 0x2029)
		return "\n\n";
	if (cp == 0x3000)
		return " ";
	if (cp >= 0xFB00 && cp <= 0xFB06)
		return ligatures[cp - 0xFB00];
	if (cp >= 0xFF01 && cp <= 0xFF5E) {
		tmp[0] = (char)(cp - 0xFEE0);
		tmp[1] = '\0';
		return tmp;
	}
	return NULL;
}

int px_norm_clean(const char *t, size_t n, char **res, size_t *res_len,
                  struct px_offmap *m)
{
	struct out o = {NULL, 0, 0, n + 16};
	px_offmap_init(m, n);
	size_t i = 0, pend = 0; /* [pend, i) is untouched input not yet copied */
	while (i < n) {
		/* Printable ASCII, newlines and tabs: eight bytes at a time, then
		 * one by one up to the next byte that needs a look. */
		uint64_t w;
		while (i + 8 <= n) {
			memcpy(&w, t + i, 8);
			uint64_t ctl = (w - 0x2020202020202020ULL) & ~w;
			uint64_t x = w ^ 0x7F7F7F7F7F7F7F7FULL;
			uint64_t del = (x - 0x0101010101010101ULL) & ~x;
			if ((w | ctl | del) & 0x8080808080808080ULL)
				break;
			i += 8;
		}
		while (i < n && plain[(unsigned char)t[i]])
			i++;
		if (i >= n)
			break;
		unsigned char c = (unsigned char)t[i];
		if (c >= 0xC3 && c <= 0xDF && c != 0xD8 && i + 1 < n &&
		    ((unsigned char)t[i + 1] & 0xC0) == 0x80) {
			i += 2; /* U+00C0-U+07FF but U+0600-U+063F: nothing to do */
			continue;
		}
		if (c < 0x80) {
			flush(&o, m, t, pend, i);
			size_t next = i + 1;
			if (c == '\r') {
				int crcrlf = next + 1 < n && t[next] == '\r' &&
				             t[next + 1] == '\n';
				if (crcrlf)
					next += 2;
				else if (next < n && t[next] == '\n')
					next++;
			}
			if (c == '\r' || c == 0x0B || c == 0x0C) {
				/* One byte for one byte: a copy run keeps the map
				 * in one piece per line. */
				out_add(&o, "\n", 1);
				px_offmap_copy(m, i, 1);
			}
			i = pend = next;
			continue;
		}
		size_t at = i;
		int32_t cp = px_utf8_next(t, n, &i);
		const char *rep;
		char tmp[2];
		if (cp < 0)
			rep = "\xEF\xBF\xBD";
		else if (!(rep = replacement(cp, t, n, i, tmp)))
			continue;
		flush(&o, m, t, pend, at);
		size_t rlen = strlen(rep);
		if (rlen) {
			out_add(&o, rep, rlen);
			px_offmap_replace(m, at, i - at, rlen);
		}
		pend = i;
	}
	if (pend == 0) { /* nothing changed */
		px_offmap_free(m);
		return 0;
	}
	flush(&o, m, t, pend, n);
	if (!o.d)
		out_add(&o, "", 0);
	o.d[o.len] = '\0';
	*res = o.d;
	*res_len = o.len;
	return 1;
}

enum precis_status precis_normalize_langs(struct precis_doc *doc,
                                          const struct precis_langset *set,
                                          struct precis_error *err)
{
	if (doc->len > MAX_INPUT)
		return precis_error_set(err, PRECIS_E_INPUT, doc->name,
		                        "text of %zu bytes is too large to normalize "
		                        "(at most %zu); split the file",
		                        doc->len, MAX_INPUT);
	/* The text each pass reads, and its map to the source; both stay the
	 * doc's own until a pass changes something. */
	const char *cur = doc->text;
	size_t cur_len = doc->len;
	char *owned = NULL;
	struct px_offmap cur_map, m;
	const struct px_offmap *to_src = &doc->map;

	char *next;
	size_t next_len;
	if (px_norm_clean(cur, cur_len, &next, &next_len, &m)) {
		px_offmap_compose(&m, to_src, &cur_map);
		px_offmap_free(&m);
		cur = owned = next;
		cur_len = next_len;
		to_src = &cur_map;
	}
	int r = px_norm_nfc(cur, cur_len, &next, &next_len, &m);
	if (r > 0) {
		struct px_offmap composed;
		px_offmap_compose(&m, to_src, &composed);
		px_offmap_free(&m);
		if (owned)
			px_offmap_free(&cur_map);
		free(owned);
		cur = owned = next;
		cur_len = next_len;
		cur_map = composed;
		to_src = &cur_map;
	}
	if (r >= 0)
		px_paragraphs(doc, cur, cur_len, to_src, set);
	if (owned) {
		free(owned);
		px_offmap_free(&cur_map);
	}
	if (r < 0)
		return precis_error_set(err, PRECIS_E_INTERNAL, doc->name,
		                        "Unicode normalization (ICU) failed; check "
		                        "the ICU installation and report this");
	return PRECIS_OK;
}

enum precis_status precis_normalize(struct precis_doc *doc, struct precis_error *err)
{
	return precis_normalize_langs(doc, NULL, err);
}
