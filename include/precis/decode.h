/*
 * precis/decode.h — bytes to clean UTF-8.
 *
 * Valid UTF-8 is UTF-8 (a BOM is dropped). UTF-16 with a BOM is converted.
 * Anything else is Windows-1252 unless an encoding is named. Text that looks
 * binary is refused. Mojibake (UTF-8 read as Windows-1252 or MacRoman, once
 * or twice) is repaired only where unlikely character pairs prove it, and
 * HTML entities in plain text are decoded. A false repair is worse than a
 * missed one.
 */
#ifndef PRECIS_DECODE_H
#define PRECIS_DECODE_H

#include <stddef.h>
#include "precis/error.h"

struct precis_doc;

struct precis_decode_opts {
	const char *encoding; /* NULL or "auto": detect; else an ICU converter name */
	int no_repair;        /* nonzero: no mojibake or entity repair */
};

/* Largest input accepted, in bytes (larger inputs get PRECIS_E_INPUT). */
#define PRECIS_MAX_INPUT ((size_t)1 << 30)

/* Decodes `len` bytes (borrowed; not kept) into doc's text and offset map.
 * opts may be NULL. On error the doc is left empty and err names the doc. */
enum precis_status precis_decode(struct precis_doc *doc, const void *bytes, size_t len,
                                 const struct precis_decode_opts *opts,
                                 struct precis_error *err);

/* Repairs mojibake and HTML entities in a UTF-8 string (for backend replies
 * and other strings that never were files). *out is a new NUL-terminated
 * string the caller frees with free(); *out_len (may be NULL) its length.
 * Returns the number of repairs made. */
size_t precis_repair_utf8(const char *text, size_t len, char **out, size_t *out_len);

#endif
