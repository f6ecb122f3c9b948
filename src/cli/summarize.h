/*
 * summarize.h — what `precis summarize` and its three renderers share.
 *
 * cmd_summarize.c reads the inputs, builds the reports chunk by chunk
 * (precis_report_build) and hands each one to the renderer of --format:
 * report_text.c (a terminal report, wrapped with precis_wrap),
 * report_markdown.c, report_json.c (precis.report/1). A renderer only
 * prints; the warnings of a report go to standard error in text and
 * markdown (cmd_summarize.c) and into the document in JSON.
 */
#ifndef PRECIS_CLI_SUMMARIZE_H
#define PRECIS_CLI_SUMMARIZE_H

#include "cli/cli.h"
#include "precis/report.h"

struct sum_view {
	struct cli *cli;
	size_t width; /* text: the columns to wrap at */
	int color;    /* text: bold headings, dim secondary text */
};

void report_text(const struct sum_view *v, const struct precis_report *r);
void report_markdown(const struct sum_view *v, const struct precis_report *r);
void report_json(const struct sum_view *v, const struct precis_report *r);

/* The closing line of a text or markdown run with untranslated reports:
 * the hint, once. */
void report_text_hint(const struct sum_view *v, const char *hint);
void report_markdown_hint(const struct sum_view *v, const char *hint);

#endif
