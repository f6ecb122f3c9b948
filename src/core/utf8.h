/* UTF-8 helpers shared by the stages. Byte offsets everywhere. */
#ifndef PX_UTF8_H
#define PX_UTF8_H

#include <stddef.h>
#include <stdint.h>

struct px_buf;

/* Decodes the code point at s[*i] (len bytes in all) and advances *i.
 * Returns -1 for an invalid or truncated sequence (advancing one byte). */
int32_t px_utf8_next(const char *s, size_t len, size_t *i);
/* The start of the code point before offset i (i > 0). */
size_t px_utf8_prev(const char *s, size_t i);
/* Length of the longest valid UTF-8 prefix of s. */
size_t px_utf8_valid_prefix(const char *s, size_t len);
/* Writes cp as UTF-8 into out (4 bytes room); returns the byte count. */
size_t px_utf8_encode(uint32_t cp, char *out);
/* Appends the simple case folding of s to out (for matching keys only). */
void px_utf8_fold(const char *s, size_t len, struct px_buf *out);
/* Unicode properties (ICU). */
int px_cp_is_alpha(int32_t cp);
int px_cp_is_upper(int32_t cp);
int px_cp_is_lower(int32_t cp);
int px_cp_is_digit(int32_t cp);
int px_cp_is_space(int32_t cp);  /* any white space, no-break spaces included */
int px_cp_is_punct(int32_t cp);

#endif
