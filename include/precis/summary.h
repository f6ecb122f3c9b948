/*
 * precis/summary.h — the local extractive summary.
 *
 * precis_summarize() picks the sentences that carry an article: a graph
 * ranking (TextRank) over stemmed content words, combined with what makes
 * news different (the lead carries the story, the title names it, an
 * attributed statement is the heart of many articles), with redundant
 * sentences dropped (maximal marginal relevance). Sentences that cannot
 * stand alone score lower: questions, fragments, a sentence opening on a
 * pronoun or a connective (lang/<code>/summary-openers.txt), the first
 * person outside any quote (lang/<code>/first-person.txt), an interview's
 * answers. The summary keeps the
 * article's order. It is quote-aware: a sentence inside a statement quote
 * comes with all the quote's sentences and the sentence holding its
 * attribution, or not at all. Boilerplate and heading paragraphs are never
 * picked; a heading at the top is reported as the title.
 *
 * Run the text front and precis_quotes() first: the summary reads the
 * doc's quotes as they are (without them it cannot keep quotes whole).
 * Deterministic; no network.
 *
 * Ownership: the doc owns the summary; it stays valid until
 * precis_doc_free() or until precis_summarize() or the text front runs again.
 */
#ifndef PRECIS_SUMMARY_H
#define PRECIS_SUMMARY_H

#include <stddef.h>

#include "precis/doc.h"
#include "precis/error.h"

struct precis_langset;

/* Length limits; 0 means unset. With none set: 3 sentences. Each set limit
 * holds (ratio: that share of the candidate sentences, at least one), except
 * that a doc with candidate sentences gets at least one unit (a sentence, or
 * a quote with its attribution) even when that unit alone passes a limit.
 * Units are chosen among the 512 best-scored sentences, so that a very long
 * doc stays linear: a large ratio of one gives at most about that many. */
struct precis_summary_opts {
	size_t sentences; /* at most this many sentences */
	size_t words;     /* at most this many words */
	double ratio;     /* at most this share (0..1] of the candidate sentences */
};

/* Summarizes doc; opts NULL means the defaults. Replaces any summary made
 * before. */
enum precis_status precis_summarize(struct precis_doc *doc,
                                    const struct precis_langset *set,
                                    const struct precis_summary_opts *opts,
                                    struct precis_error *err);

/* How many sentences the summary holds. */
size_t precis_doc_summary_count(const struct precis_doc *doc);
/* The index (into the doc's sentences) of summary sentence i, in article
 * order; (size_t)-1 past the end. */
size_t precis_doc_summary_sentence(const struct precis_doc *doc, size_t i);
/* The paragraph index of the article's title (a heading at the top), or
 * (size_t)-1 when it has none. Valid after precis_summarize(). */
size_t precis_doc_title(const struct precis_doc *doc);

#endif
