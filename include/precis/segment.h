/*
 * precis/segment.h — sentences.
 *
 * ICU's sentence breaker (with the locale's suppressions) plus lang/
 * abbreviations and a pass that fixes what it gets wrong in press text:
 * closing quotes and incises re-attached, no break after abbreviations,
 * initials, numbers, URLs, or a !/? inside a quote followed by attribution.
 */
#ifndef PRECIS_SEGMENT_H
#define PRECIS_SEGMENT_H

#include "precis/error.h"

struct precis_doc;
struct precis_langset;

/* Splits every paragraph of doc (boilerplate included) into sentences,
 * using each paragraph's language. Run after detect. */
enum precis_status precis_segment(struct precis_doc *doc, const struct precis_langset *set,
                                  struct precis_error *err);

#endif
