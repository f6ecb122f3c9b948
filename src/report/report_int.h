/* Internals of the bilingual report (precis/report.h), shared by its files:
 * report.c (the build, accessors, free), report_pick.c (texts and quotes
 * taken from the doc), report_translate.c (the one batched translation
 * pass) and the llm summarizer's hook.
 *
 * Ownership: a report owns every string below (malloc'd) except `doc`,
 * the quotes (doc storage) and the language codes (langset or static
 * storage). */
#ifndef PX_REPORT_INT_H
#define PX_REPORT_INT_H

#include <stddef.h>

#include "precis/backend.h"
#include "precis/lang.h"
#include "precis/report.h"

/* One language's side. The two sides of an extractive summary have the
 * same count (the target's entries NULL until translated); an llm summary
 * may fill each with its own count. */
struct px_report_side {
	char *title; /* NULL: none (or not translated) */
	size_t title_len;
	char **summary; /* nsummary entries, an entry may be NULL */
	size_t *summary_len;
	size_t nsummary;
};

struct precis_report {
	const struct precis_doc *doc; /* borrowed */
	const char *lang;             /* the doc's language: langset code, or "und" */
	const char *target;     /* langset code, or NULL: nothing to translate into */
	const char *summarizer; /* "extractive" or "llm"; static */
	int translated;         /* some target text was filled */
	int wants_tr;           /* the pass should translate this report */
	struct px_report_side side[2];
	size_t *summary_sentence;           /* source side: doc sentence indexes; NULL
	                                     * for an llm summary */
	const struct precis_quote **quotes; /* reported ones, doc storage */
	char **quote_tr;                    /* nquotes entries, may be NULL */
	size_t *quote_tr_len;
	size_t nquotes;
	char *lead; /* the context for the backend, or NULL */
	char **warnings;
	size_t nwarnings, wcap;
	const char *hint; /* static, or NULL */
	struct precis_report_figures fig;
};

/* ---- report.c ---- */

/* Adds a warning line (no newline) to r. */
void px_report_warn(struct precis_report *r, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Replaces the summary of one side with n strings (taken: the report frees
 * them and the arrays; lens may be NULL, then strlen). */
void px_report_set_summary(struct precis_report *r, enum precis_side side, char **s,
                           size_t *lens, size_t n);
/* Empties both sides' summaries. */
void px_report_clear_summary(struct precis_report *r);
/* Drops the summary and the title picked for r, keeping its quotes and its
 * lead (quotes_only). */
void px_report_keep_quotes(struct precis_report *r);

/* ---- report_pick.c ---- */

/* s[0..n) with every run of ASCII white space (newlines included) made one
 * space, trimmed; no-break spaces are typography and stay. malloc'd. */
char *px_report_squash(const char *s, size_t n, size_t *out_len);
/* Fills r->quotes with the doc's quotes worth reporting. */
void px_report_pick_quotes(struct precis_report *r, size_t min_words, int all_quotes);
/* Fills the source title, the extractive summary texts and the lead, from
 * the doc's summary (precis_summarize ran). */
void px_report_pick_texts(struct precis_report *r);
/* The lead of doc: the first sentences of its first body paragraph (not
 * boilerplate, not a heading or list line, not the title), at most about
 * PX_REPORT_LEAD_MAX bytes cut on a sentence, else a word, boundary.
 * malloc'd, or NULL when the doc has no body paragraph. */
#define PX_REPORT_LEAD_MAX 500
char *px_report_lead(const struct precis_doc *doc);

/* ---- report_llm.c ---- */

/* The llm summary of every report (the extractive one already made stays
 * as the fallback): both sides, the target title and the quote
 * translations from one px_llm_summarize() call; a failed article keeps
 * its extractive summary with a warning "llm summary failed: <why>; the
 * extractive summary is given". Adds its requests to the figures. Returns
 * PRECIS_OK or the fatal status (err filled). */
enum precis_status px_report_llm(struct precis_report **reports, size_t n,
                                 struct precis_backend *backend,
                                 const struct precis_report_opts *opts,
                                 struct precis_error *err);

/* ---- report_translate.c ---- */

/* The one translation pass over every report with wants_tr: the titles,
 * summary sentences and quotes whose target side is still empty, all docs
 * in one precis_backend_translate() call per (from, to) pair. to_opt is
 * the --to as given (it may carry a variant: "en-US"), or NULL. Fills the
 * figures of every report. Returns PRECIS_OK or the fatal status (err
 * filled; the reports keep what was done, and warnings say what not). */
enum precis_status px_report_translate(struct precis_report **reports, size_t n,
                                       struct precis_backend *b, const char *to_opt,
                                       struct precis_error *err);

#endif
