/* The inside of summarize (not public). */
#ifndef PX_SUMMARY_INT_H
#define PX_SUMMARY_INT_H

#include <stddef.h>

struct precis_doc;

/* Fills unit[i] (nsent entries) for every sentence i of doc: sentences with
 * the same unit go into a summary together or not at all. A statement quote
 * ties its sentences to the one holding its attribution (where its cue or
 * its speaker is written, else the sentence before a quote that opens its
 * sentence). unit[i] is the first sentence of i's unit; i alone: unit[i] == i. */
void px_summary_units(const struct precis_doc *doc, size_t *unit);

#endif
