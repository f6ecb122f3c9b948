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

/* Copies the untouched stretch [from, to) of the input. */
static void flush(struct out *o, struct px_offmap *m, const char *t, size_t from, size_t to)
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

static const char *const ligatures[] = {"ff", "fi", "fl", "ffi", "ffl", "st", "st"};

/* What replaces code point cp: NULL to keep it, "" to drop it. */
static const char *replacement(int32_t cp, const char *t, size_t n, size_t next, char *tmp)
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

void px_norm_clean(const char *t, size_t n, char **res, size_t *res_len, struct px_offmap *m)
{
	struct out o = {px_xmalloc(n + 1), 0, n + 1};
	px_offmap_init(m, n);
	size_t i = 0, pend = 0; /* [pend, i) is untouched input not yet copied */
	while (i < n) {
		unsigned char c = (unsigned char)t[i];
		if ((c >= 0x20 && c < 0x7F) || c == '\n' || c == '\t') {
			i++;
			continue;
		}
		if (c < 0x80) {
			flush(&o, m, t, pend, i);
			size_t next = i + 1;
			if (c == '\r') {
				if (next + 1 < n && t[next] == '\r' && t[next + 1] == '\n')
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
	flush(&o, m, t, pend, n);
	o.d[o.len] = '\0';
	*res = o.d;
	*res_len = o.len;
}

enum precis_status precis_normalize_langs(struct precis_doc *doc,
                                          const struct precis_langset *set,
                                          struct precis_error *err)
{
	if (doc->len > MAX_INPUT)
		return precis_error_set(err, PRECIS_E_INPUT, doc->name,
		                        "text of %zu bytes is too large to normalize (at most "
		                        "%zu); split the file",
		                        doc->len, MAX_INPUT);
	char *a;
	size_t alen;
	struct px_offmap m, a_src;
	px_norm_clean(doc->text, doc->len, &a, &alen, &m);
	px_offmap_compose(&m, &doc->map, &a_src);
	px_offmap_free(&m);

	char *b;
	size_t blen;
	int r = px_norm_nfc(a, alen, &b, &blen, &m);
	if (r < 0) {
		free(a);
		px_offmap_free(&a_src);
		return precis_error_set(err, PRECIS_E_INTERNAL, doc->name,
		                        "Unicode normalization (ICU) failed; check the ICU "
		                        "installation and report this");
	}
	if (r > 0) {
		struct px_offmap b_src;
		px_offmap_compose(&m, &a_src, &b_src);
		px_offmap_free(&m);
		px_offmap_free(&a_src);
		free(a);
		a = b;
		alen = blen;
		a_src = b_src;
	}
	px_paragraphs(doc, a, alen, &a_src, set);
	free(a);
	px_offmap_free(&a_src);
	return PRECIS_OK;
}

enum precis_status precis_normalize(struct precis_doc *doc, struct precis_error *err)
{
	return precis_normalize_langs(doc, NULL, err);
}
