/*
 * precis/precis.h — the whole public API, and the text front in one call.
 *
 * libprecis reads press articles in French or English. The text front turns
 * input bytes into a precis_doc with clean text, paragraphs, languages,
 * boilerplate marks and sentences; later stages build on that doc.
 */
#ifndef PRECIS_PRECIS_H
#define PRECIS_PRECIS_H

#include "precis/error.h"
#include "precis/wrap.h"
#include "precis/doc.h"
#include "precis/lang.h"
#include "precis/decode.h"
#include "precis/normalize.h"
#include "precis/detect.h"
#include "precis/strip.h"
#include "precis/segment.h"
#include "precis/quotes.h"
#include "precis/summary.h"
#include "precis/report.h"

/* "0.1.0". Static storage. */
const char *precis_version(void);

struct precis_text_opts {
	const char *encoding; /* NULL: detect */
	const char *lang;     /* NULL: detect; else forced everywhere */
	int no_repair;        /* nonzero: no mojibake/entity repair */
	int no_strip;         /* nonzero: do not mark boilerplate */
};

/* Runs decode, normalize, detect, strip and segment over `len` bytes
 * (borrowed). opts may be NULL. */
enum precis_status precis_text_front(struct precis_doc *doc, const void *bytes, size_t len,
                                     const struct precis_text_opts *opts,
                                     struct precis_detector *det,
                                     const struct precis_langset *set,
                                     struct precis_error *err);

#endif
