/*
 * precis/detect.h — the language of a document and of each paragraph.
 *
 * libexttextcat n-gram profiles, restricted to the languages that have a
 * lang/ folder, combined with a stopword ratio from lang/ data. "und" when
 * unsure. A forced language overrides everything.
 */
#ifndef PRECIS_DETECT_H
#define PRECIS_DETECT_H

#include <stddef.h>
#include "precis/error.h"

struct precis_doc;
struct precis_langset;
struct precis_detector;

/* A detector for the languages of set (borrowed: it must outlive the
 * detector). Caller frees *out with precis_detector_free(). */
enum precis_status precis_detector_new(const struct precis_langset *set,
                                       struct precis_detector **out,
                                       struct precis_error *err);
void precis_detector_free(struct precis_detector *det);

/* The language of `len` bytes of UTF-8: returns a code ("fr", "en") or "und"
 * (static or langset storage); *confidence (may be NULL) gets 0..1. */
const char *precis_detect_text(struct precis_detector *det, const char *text, size_t len,
                               double *confidence);

/* Sets the language of doc and of each of its paragraphs. force_lang (may be
 * NULL) sets them all without looking; it must be a code of the langset. */
enum precis_status precis_detect(struct precis_detector *det, struct precis_doc *doc,
                                 const char *force_lang, struct precis_error *err);

#endif
