/*
 * precis/report.h — an article's bilingual report: what it says and who
 * said what, in the article's language and in the other one.
 *
 * precis_report_build() takes docs that went through the text front and
 * precis_quotes(), and for each one:
 *  - summarizes it: the local extractive summary (precis_summarize), or,
 *    with the llm summarizer and an openai backend, an abstractive summary
 *    written by the server in both languages, the quotes translated in the
 *    same structured call (strict JSON schema; long articles in chunks whose
 *    summaries are combined; an invalid or cut reply is retried, then the
 *    extractive summary is used and a warning says so);
 *  - picks the quotes worth reporting (statements of at least min_words
 *    words; with all_quotes, the terms too: as `precis quotes` lists them);
 *  - when the backend translates, sends the title, the summary sentences
 *    and the quotes of ALL the docs in one call to precis_backend_translate
 *    (so requests are batched across articles and go through the
 *    translation memory), each with the article's lead as context. The
 *    translations come back in the target's typography (« » with no-break
 *    spaces in French, “ ” in English), as the backend cleans every reply.
 *
 * With no backend, or "none", nothing is translated and nothing fails: the
 * report holds the article's language only, and precis_report_hint() says
 * which option or variable turns translation on.
 *
 * Per-item translation failures are warnings of the report they belong to
 * (the original stays, the translation is NULL); a fatal backend error
 * (bad key, quota) stops the call: it returns that status with err filled,
 * and the reports are still made, with what was translated before the stop.
 *
 * Ownership: reports are created by precis_report_build() and freed with
 * precis_report_free(); a report borrows its doc (which must outlive it)
 * and owns every string it returns.
 */
#ifndef PRECIS_REPORT_H
#define PRECIS_REPORT_H

#include <stddef.h>

#include "precis/doc.h"
#include "precis/error.h"
#include "precis/quotes.h"
#include "precis/summary.h"

struct precis_backend;
struct precis_langset;
struct precis_report;

enum precis_summarizer {
	PRECIS_SUMMARIZER_EXTRACTIVE = 0, /* local, offline (the default) */
	PRECIS_SUMMARIZER_LLM = 1,        /* abstractive, openai backend only */
};

struct precis_report_opts {
	struct precis_summary_opts length; /* as precis_summarize(); for the
	                                    * llm, the sentences or words asked
	                                    * for (ratio: of the article's) */
	const char *to;                    /* target language; NULL: the other
	                                    * language of the langset (fr→en, en→fr):
	                                    * `default_target` of lang/<code>/meta.txt,
	                                    * else the other of a langset of two */
	enum precis_summarizer summarizer;
	size_t min_words;                  /* statements shorter are left out;
	                                    * 0: the default, 4 */
	int all_quotes;                    /* nonzero: terms too (scare quotes,
	                                    * titles); min_words still applies
	                                    * to statements */
	int no_context;                    /* nonzero: the texts go without the
	                                    * article's lead as context, so that
	                                    * a backend taking one context a
	                                    * request (DeepL, openai) batches the
	                                    * texts of many articles together:
	                                    * fewer requests, short quotes
	                                    * translated with less to go on */
	int quotes_only;                   /* nonzero: no summary and no title
	                                    * (`precis quotes` with a backend):
	                                    * only the quotes are translated,
	                                    * the lead still goes as context */
};

/* Builds one report per doc: reports[i] for docs[i] (never NULL on return,
 * whatever the status). backend may be NULL (no translation) and is used
 * by this thread only during the call. opts NULL: the defaults. Returns
 * PRECIS_OK, or a fatal backend error (see above), or PRECIS_E_USAGE /
 * PRECIS_E_CONFIG when the options cannot work (the llm summarizer with a
 * backend that is not openai; a target language the langset lacks). */
enum precis_status precis_report_build(struct precis_doc *const *docs, size_t n,
                                       const struct precis_langset *set,
                                       struct precis_backend *backend,
                                       const struct precis_report_opts *opts,
                                       struct precis_report **reports,
                                       struct precis_error *err);
void precis_report_free(struct precis_report *r);

const struct precis_doc *precis_report_doc(const struct precis_report *r);
/* The article's language and the other one ("fr", "en"). Static or langset
 * storage. The language is "und" when detect could not tell; the target is
 * NULL when there is nothing to translate into (the language unknown and no
 * opts.to, or the article already in the target: a warning says which). A
 * target given with a variant ("en-US") is reported as its language ("en");
 * the backend gets the variant. */
const char *precis_report_lang(const struct precis_report *r);
const char *precis_report_target(const struct precis_report *r);
/* Nonzero when the target-language side was filled (a backend translated,
 * or the llm wrote it). */
int precis_report_translated(const struct precis_report *r);
/* "extractive" or "llm": what made the summary (after a fallback,
 * "extractive"). Static storage. */
const char *precis_report_summarizer(const struct precis_report *r);

/* Sides of a report. */
enum precis_side {
	PRECIS_SIDE_SOURCE = 0, /* the article's language */
	PRECIS_SIDE_TARGET = 1, /* the other language */
};

/* The title (a heading at the top), or NULL (no title; or the target side
 * not translated). */
const char *precis_report_title(const struct precis_report *r, enum precis_side side,
                                size_t *len);

/* The summary: sentences in article order. On the source side of an
 * extractive summary they are the article's sentences; the target side
 * has the same count, an entry NULL when its translation failed or none
 * was asked. An llm summary may have different counts per side. */
size_t precis_report_summary_count(const struct precis_report *r, enum precis_side side);
const char *precis_report_summary(const struct precis_report *r, enum precis_side side,
                                  size_t i, size_t *len);
/* The doc sentence index of source summary sentence i, or (size_t)-1 for
 * an llm summary. */
size_t precis_report_summary_sentence(const struct precis_report *r, size_t i);

/* The quotes reported, in text order: the doc's quote (doc storage) and
 * its translation into the target (NULL: not translated). */
size_t precis_report_quote_count(const struct precis_report *r);
const struct precis_quote *precis_report_quote(const struct precis_report *r, size_t i);
const char *precis_report_quote_translation(const struct precis_report *r, size_t i,
                                            size_t *len);

/* Warnings about this article (a translation that failed, the llm
 * fallback), one line each without a newline. */
size_t precis_report_warning_count(const struct precis_report *r);
const char *precis_report_warning(const struct precis_report *r, size_t i);

/* When nothing was translated because no backend translates: one line
 * saying how to turn translation on (the --backend option and the
 * PRECIS_BACKEND variable, and the key variables); else NULL. Static
 * storage. */
const char *precis_report_hint(const struct precis_report *r);

/* What the backend did for this article. Requests are shared by every
 * article of the call (they are batched together): requests counts those
 * of the whole call; characters and cached are this article's own. */
/* In a dry run (the backend's dry_run) nothing is translated: sent and
 * characters say what would have been sent, requests the batches, and a
 * warning says it was a dry run. */
struct precis_report_figures {
	const char *backend; /* "none", "deepl", ...; static storage */
	size_t requests;     /* HTTP requests of the whole call */
	size_t characters;   /* code points of this article sent (not cached) */
	size_t cached;       /* this article's texts served by the memory */
	size_t sent;         /* this article's texts sent */
};
void precis_report_figures(const struct precis_report *r, struct precis_report_figures *f);

#endif
