/*
 * precis/detect.h — the language of a document and of each paragraph.
 *
 * libexttextcat n-gram profiles, restricted to the languages that have a
 * lang/ folder, combined with word evidence from lang/ data (stopwords.txt,
 * detect-words.txt, detect-letters.txt). "und" when unsure. A forced
 * language overrides everything.
 *
 * Confidence, 0..1: near 1 for a clear paragraph of twenty words or more;
 * about 0.5–0.8 for a clear snippet of three to six words; lower for a text
 * mixing languages. Under 0.25 a text is "und". A paragraph too short or
 * unclear to tell takes the document's language when its own words do not
 * lean elsewhere, with a confidence under 0.25 that says so; a paragraph
 * with no word at all (numbers, links) stays "und" with confidence 0.
 *
 * The libexttextcat profiles are read from $PRECIS_TEXTCAT_DIR, else from
 * the folder set at build time (meson option textcat_dir). Without them the
 * words decide alone, with lower confidence on short texts.
 *
 * A detector is not thread-safe (it holds libexttextcat handles and scratch
 * space): use one per thread.
 */
#ifndef PRECIS_DETECT_H
#define PRECIS_DETECT_H

#include <stddef.h>
#include "precis/error.h"

struct precis_doc;
struct precis_langset;
struct precis_detector;

/* A detector for the languages of set (borrowed: it must outlive the
 * detector). Caller frees *out with precis_detector_free(). PRECIS_E_CONFIG
 * when the set is empty or too large (64 languages at most); missing
 * libexttextcat profiles are not an error. */
enum precis_status precis_detector_new(const struct precis_langset *set,
                                       struct precis_detector **out,
                                       struct precis_error *err);
void precis_detector_free(struct precis_detector *det);

/* The language of `len` bytes of UTF-8: returns a code ("fr", "en") or "und"
 * (static or langset storage); *confidence (may be NULL) gets 0..1. Reads a
 * bounded sample of a long text (start, middle and end). */
const char *precis_detect_text(struct precis_detector *det, const char *text, size_t len,
                               double *confidence);

/* Sets the language of doc and of each of its paragraphs. The doc's is the
 * paragraphs' vote, each weighing its length and confidence. force_lang (may
 * be NULL) sets them all with confidence 1 without looking; a code not in the
 * langset is PRECIS_E_USAGE (doc unchanged). A doc with no paragraphs is
 * judged as one text. */
enum precis_status precis_detect(struct precis_detector *det, struct precis_doc *doc,
                                 const char *force_lang, struct precis_error *err);

#endif
