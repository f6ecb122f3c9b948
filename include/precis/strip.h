/*
 * precis/strip.h — marks web boilerplate so later stages skip it.
 *
 * Share bars, comment forms, "Lire aussi" teasers, subscription and cookie
 * lines, bylines and the author bio after the end of the article. Patterns
 * come from lang/<code>/boilerplate.txt; paragraph features (length,
 * stopword density, punctuation, position at the tail) catch the rest.
 * Nothing is deleted: paragraphs are marked, with a reason.
 */
#ifndef PRECIS_STRIP_H
#define PRECIS_STRIP_H

#include "precis/error.h"

struct precis_doc;
struct precis_langset;

/* Marks doc's boilerplate paragraphs. Run after detect. */
enum precis_status precis_strip(struct precis_doc *doc, const struct precis_langset *set,
                                struct precis_error *err);

#endif
