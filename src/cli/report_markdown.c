/*
 * report_markdown.c — a report as Markdown.
 *
 *     # The title (the file name when the article has none)
 *
 *     *Title (en):* the translated title
 *     **File:** fixtures/fr/x.txt · **Language:** fr (0.98) · **Summary:** extractive
 *
 *     ## Summary (fr)
 *
 *     The summary sentences, as one paragraph.
 *
 *     ## Summary (en)
 *
 *     Their translation.
 *
 *     ## Quotes
 *
 *     **Speaker**, role — cue
 *
 *     > the quote
 *     >
 *     > *en:* its translation
 *
 * Text from the article is escaped (cli_write_md) so that Markdown shows it
 * as written. Lines are not wrapped: Markdown viewers reflow paragraphs.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/summarize.h"

static void md_n(const char *s, size_t len, int quoted)
{
	char *z = cli_xmalloc(len + 1);
	memcpy(z, s, len);
	z[len] = '\0';
	cli_write_md(z, quoted);
	free(z);
}

static void summary(const struct precis_report *r, enum precis_side side,
                    const char *lang)
{
	cli_printf("\n## Summary (%s)\n\n", lang);
	size_t n = precis_report_summary_count(r, side), shown = 0, len;
	for (size_t i = 0; i < n; i++) {
		const char *t = precis_report_summary(r, side, i, &len);
		if (!t)
			continue;
		if (shown++)
			cli_write(" ", 1);
		md_n(t, len, 0);
	}
	cli_puts(shown ? "\n" : n ? "*Not translated.*\n" : "*Nothing to summarize.*\n");
}

static void quotes(const struct precis_report *r, const char *to)
{
	size_t n = precis_report_quote_count(r);
	cli_puts("\n## Quotes\n");
	if (!n) {
		cli_puts("\n*No quotes found.*\n");
		return;
	}
	for (size_t i = 0; i < n && !cli_output_failed(); i++) {
		const struct precis_quote *q = precis_report_quote(r, i);
		cli_puts("\n**");
		cli_write_md(q->speaker && *q->speaker ? q->speaker : "(unknown)", 0);
		cli_puts("**");
		if (q->role && *q->role) {
			cli_puts(", ");
			cli_write_md(q->role, 0);
		}
		if (q->cue && *q->cue) {
			cli_puts(" — ");
			cli_write_md(q->cue, 0);
		}
		if (q->kind == PRECIS_QUOTE_TERM)
			cli_puts(" \\[term\\]");
		cli_puts("\n\n> ");
		cli_write_md(q->text ? q->text : "", 1);
		cli_write("\n", 1);
		size_t tl;
		const char *tr = precis_report_quote_translation(r, i, &tl);
		if (tr) {
			cli_puts(">\n> *");
			cli_write_md(to ? to : "", 0);
			cli_puts(":* ");
			md_n(tr, tl, 1);
			cli_write("\n", 1);
		}
	}
}

void report_markdown(const struct sum_view *v, const struct precis_report *r)
{
	struct cli *cli = v->cli;
	const struct precis_doc *doc = precis_report_doc(r);
	const char *lang = precis_report_lang(r), *to = precis_report_target(r);
	double conf;
	precis_doc_lang(doc, &conf);

	cli_output_begin(cli, doc);
	if (cli->printed > 1)
		cli_write("\n", 1);
	size_t tl;
	const char *title = precis_report_title(r, PRECIS_SIDE_SOURCE, &tl);
	cli_puts("# ");
	if (title)
		md_n(title, tl, 0);
	else
		cli_write_md(precis_doc_name(doc), 0);
	cli_write("\n\n", 2);
	const char *tt = title ? precis_report_title(r, PRECIS_SIDE_TARGET, &tl) : NULL;
	if (tt) {
		cli_puts("*Title (");
		cli_write_md(to ? to : "", 0);
		cli_puts("):* ");
		md_n(tt, tl, 0);
		cli_puts("  \n");
	}
	cli_puts("**File:** ");
	cli_write_md(precis_doc_name(doc), 0);
	cli_printf(" · **Language:** %s (%.2f) · **Summary:** %s\n", lang, conf,
	           precis_report_summarizer(r));
	summary(r, PRECIS_SIDE_SOURCE, lang);
	if (precis_report_translated(r))
		summary(r, PRECIS_SIDE_TARGET, to ? to : "?");
	quotes(r, to);
}

void report_markdown_hint(const struct sum_view *v, const char *hint)
{
	(void)v;
	cli_puts("\n---\n\n*");
	cli_write_md(hint, 0);
	cli_puts("*\n");
}
