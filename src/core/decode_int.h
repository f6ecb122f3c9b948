/* Inside the decode stage (not public): the pieces decode.c puts together.
 *
 * charset.c turns bytes into UTF-8 (BOM, UTF-8, UTF-16, Windows-1252, any
 * ICU converter) and refuses binary input; mojibake.c repairs text that was
 * mis-decoded once or twice and stray C1 controls; entities.c knows HTML
 * character references. Every step builds an exact offset map: output byte
 * offset → input byte offset.
 */
#ifndef PX_DECODE_INT_H
#define PX_DECODE_INT_H

#include <stddef.h>
#include <stdint.h>

#include "precis/error.h"
#include "core/offmap.h"

/* The result of the charset step. */
struct px_decoded {
	char *text; /* NUL-terminated UTF-8, owned */
	size_t len;
	struct px_offmap map; /* text offset → input byte */
	char encoding[64];
	size_t repairs; /* stray bytes of the minority encoding decoded */
};

/* Windows-1252 as browsers read it: bytes 0x80..0x9F that Windows-1252
 * leaves undefined (81 8D 8F 90 9D) stand for the C1 control of the same
 * value, as Latin-1 reads them. */
uint32_t px_cp1252_to_cp(unsigned char b);
/* The Windows-1252 (or Latin-1, for C1 controls) byte of cp, or -1. */
int px_cp1252_from_cp(uint32_t cp);
/* For a C1 control U+0080..U+009F: the character Windows-1252 gives its
 * byte, or 0 when Windows-1252 leaves that byte undefined. */
uint32_t px_cp1252_c1(uint32_t cp);
/* The Mac OS Roman byte of cp (>= 0x80), or -1. */
int px_macroman_from_cp(uint32_t cp);

/* Decodes `len` input bytes. encoding: NULL for detection, else an ICU
 * converter name. doc_name is used in messages. On success *out is filled
 * (release with px_decoded_free); on error it is left empty. */
enum precis_status px_charset_decode(const unsigned char *bytes, size_t len,
                                     const char *encoding, const char *doc_name,
                                     struct px_decoded *out, struct precis_error *err);
/* Decodes bytes that are mostly UTF-8: valid sequences as UTF-8, every
 * other byte as Windows-1252. Returns how many bytes were not UTF-8. */
size_t px_charset_mixed(const unsigned char *bytes, size_t len, struct px_decoded *out);
void px_decoded_free(struct px_decoded *d);

/* The length of the valid UTF-8 sequence at s (n bytes left, s[0] >= 0x80),
 * or 0 when there is none. Inline: it runs once per non-ASCII character. */
static inline size_t px_utf8_seq(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	if (c >= 0xC2 && c <= 0xDF)
		return n >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
	if (c >= 0xE0 && c <= 0xEF) {
		if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
			return 0;
		if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] >= 0xA0))
			return 0; /* overlong, or a surrogate */
		return 3;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 ||
		    (s[3] & 0xC0) != 0x80)
			return 0;
		if ((c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] >= 0x90))
			return 0;
		return 4;
	}
	return 0;
}

/* If s (n bytes, s[0] == '&') starts a well-formed HTML character reference
 * that precis decodes (`&name;`, `&#123;`, `&#x7B;`), returns its length in
 * bytes and sets *cp; else returns 0. */
size_t px_entity_match(const char *s, size_t n, uint32_t *cp);

/* Repairs mojibake, stray C1 controls and (when entities is nonzero) HTML
 * character references in valid UTF-8 text. Returns the number of repairs.
 * When it is nonzero, *out is the new text (NUL-terminated, caller frees),
 * *out_len its length and, if map is not NULL, *map (uninitialised on entry)
 * maps it back to `text`. When it is zero, nothing is allocated. */
size_t px_mojibake_repair(const char *text, size_t len, int entities, char **out,
                          size_t *out_len, struct px_offmap *map);

#endif
