/*
 * precis/wrap.h — text wrapped at a display width, with ICU line breaking.
 *
 * precis_wrap() breaks UTF-8 text into lines of at most `width` columns
 * where ICU's line-breaking rules (UAX #14, ubrk UBRK_LINE) allow it: never
 * before a closing mark or `?`, `!`, `;`, `:` (a French « mot » or `parti !`
 * written with no-break spaces stays whole), never inside a word. On top of
 * ICU it never lets a line start with a closing mark (» ” ’ ) ] }) or with
 * `? ! ; :`, nor end with an opening one (« “ ( [), even when the article
 * wrote a plain space there, as scraped French often does.
 *
 * Columns are display columns: wide and fullwidth East Asian characters
 * count 2, combining marks and format characters 0, everything else 1. A
 * word wider than the line is put on a line of its own, never cut. Line
 * breaks in the text are kept (a blank line stays blank). Spaces at a
 * break are dropped; lines have no trailing white space.
 *
 * Ownership: *out is malloc'd (NUL-terminated); the caller frees it.
 */
#ifndef PRECIS_WRAP_H
#define PRECIS_WRAP_H

#include <stddef.h>

#include "precis/error.h"

struct precis_wrap_opts {
	size_t width;       /* columns a line may take, prefixes included; 0: 80 */
	const char *first;  /* written before the first line (a bullet, "> "), or NULL */
	const char *indent; /* written before every other line (a hanging indent), or
	                     * NULL: none */
	const char *locale; /* ICU locale of the line breaker ("fr", "en"), or NULL:
	                     * the root rules */
};

/* Wraps len bytes of text (invalid UTF-8 bytes become U+FFFD). *out gets
 * the lines, each ending with "\n" (an empty text gives ""); *out_len (may
 * be NULL) its length. opts NULL: width 80, no prefixes. A prefix line
 * with nothing after it loses its trailing spaces. Returns PRECIS_OK, or
 * PRECIS_E_INTERNAL when ICU's line breaker cannot be opened (*out NULL). */
enum precis_status precis_wrap(const char *text, size_t len,
                               const struct precis_wrap_opts *opts, char **out,
                               size_t *out_len, struct precis_error *err);

/* The display width of len bytes of UTF-8 text, as precis_wrap() counts it
 * (line breaks count 0). */
size_t precis_display_width(const char *text, size_t len);

#endif
