/*
 * cmd_quotes.c — `precis quotes`: the direct quotes and who said them.
 *
 * Which quotes: statements of at least --min-words words (default 4);
 * with --all, the terms too (scare quotes, titles, names in quotes). Terms
 * are never dropped for their length: they are short by definition.
 *
 * Text: one block a quote, a blank line between blocks:
 *     Speaker (role) — cue
 *     « the quote »
 * "(unknown)" stands for an empty speaker; " (role)" and " — cue" are left
 * out when empty; a term ends its first line with " [term]". The quote is
 * shown in the marks that stand around it in the article (with their
 * spacing); a quote with none (an interview answer, a dialogue turn) gets
 * the outer marks of its paragraph's language (lang/<code>/meta.txt). A
 * quote over several paragraphs keeps one line a paragraph.
 *
 * Markdown: `## FILE` per input, then per quote a line
 * `**Speaker**, role — cue` and the quote as a `> ` blockquote (without the
 * marks: the blockquote says it is a quote).
 *
 * JSON (precis.quotes/1): {schema, file, lang, quotes:[{text, speaker,
 * role, cue, start, end, source_start, source_end, paragraph, sentence,
 * kind, confidence, translation}]}, keys sorted; empty strings stay "",
 * translation is null until the translate stage exists.
 */
#include <stdint.h>
#include <string.h>

#include "cli/cli.h"

/* Set once from the options before the first input. */
static size_t min_words;

/* ---- UTF-8 and words ---------------------------------------------------- */

/* The code point at s (n bytes left) and its length; an invalid byte is
 * returned as itself, one byte long (the doc's strings are valid UTF-8, this
 * only keeps a bug from reading past the end). */
static const char *str(const char *s)
{
	return s ? s : "";
}

static int listed(const struct cli *cli, const struct precis_quote *q)
{
	if (q->kind == PRECIS_QUOTE_TERM)
		return cli->opt.all;
	return min_words == 0 || q->words >= min_words;
}

/* ---- text --------------------------------------------------------------- */

/* Writes s with its line breaks as spaces (labels are one line). */
static void write_flat(const char *s)
{
	for (const char *nl; (nl = strchr(s, '\n')); s = nl + 1) {
		cli_write(s, (size_t)(nl - s));
		cli_write(" ", 1);
	}
	cli_puts(s);
}

static void print_text(const struct cli *cli, const struct precis_doc *doc)
{
	size_t shown = 0;
	for (size_t i = 0; i < precis_doc_quote_count(doc) && !cli_output_failed(); i++) {
		const struct precis_quote *q = precis_doc_quote(doc, i);
		if (!listed(cli, q))
			continue;
		if (shown++)
			cli_write("\n", 1);
		write_flat(*str(q->speaker) ? q->speaker : "(unknown)");
		if (*str(q->role)) {
			cli_write(" (", 2);
			write_flat(q->role);
			cli_write(")", 1);
		}
		if (*str(q->cue)) {
			cli_puts(" — ");
			write_flat(q->cue);
		}
		if (q->kind == PRECIS_QUOTE_TERM)
			cli_puts(" [term]");
		cli_write("\n", 1);
		struct cli_marks m;
		cli_quote_marks(cli, doc, q, &m);
		cli_puts(m.open);
		cli_puts(str(q->text));
		cli_puts(m.close);
		cli_write("\n", 1);
	}
}

/* ---- markdown ------------------------------------------------------------ */

static void print_markdown(struct cli *cli, const struct precis_doc *doc)
{
	if (cli->printed > 1)
		cli_write("\n", 1);
	cli_puts("## ");
	cli_write_md(precis_doc_name(doc), 0);
	cli_write("\n", 1);
	size_t shown = 0;
	for (size_t i = 0; i < precis_doc_quote_count(doc) && !cli_output_failed(); i++) {
		const struct precis_quote *q = precis_doc_quote(doc, i);
		if (!listed(cli, q))
			continue;
		shown++;
		cli_puts("\n**");
		cli_write_md(*str(q->speaker) ? q->speaker : "(unknown)", 0);
		cli_puts("**");
		if (*str(q->role)) {
			cli_puts(", ");
			cli_write_md(q->role, 0);
		}
		if (*str(q->cue)) {
			cli_puts(" — ");
			cli_write_md(q->cue, 0);
		}
		if (q->kind == PRECIS_QUOTE_TERM)
			cli_puts(" \\[term\\]");
		cli_puts("\n\n> ");
		cli_write_md(str(q->text), 1);
		cli_write("\n", 1);
	}
	if (!shown)
		cli_puts("\n*No quotes found.*\n");
}

/* ---- JSON ---------------------------------------------------------------- */

static void print_json(const struct cli *cli, const struct precis_doc *doc)
{
	const char *name = precis_doc_name(doc);
	struct cli_json o;
	size_t k = 0;
	cli_json_begin(&o);
	cli_json_set(&o, "file", cli_json_string(name, strlen(name)));
	cli_json_set(&o, "lang", json_string(precis_doc_lang(doc, NULL)));
	cli_json_key(&o, "quotes");
	cli_write("[", 1);
	for (size_t i = 0; i < precis_doc_quote_count(doc) && !cli_output_failed(); i++) {
		const struct precis_quote *q = precis_doc_quote(doc, i);
		if (!listed(cli, q))
			continue;
		cli_json_item(&k, cli_quote_json(doc, q, NULL, 0));
	}
	cli_write("]", 1);
	cli_json_set(&o, "schema", json_string("precis.quotes/1"));
	cli_json_end(&o);
	cli_write("\n", 1);
}

static int emit(struct cli *cli, const struct precis_doc *doc)
{
	cli_output_begin(cli, doc);
	if (cli->format == CLI_FMT_JSON)
		print_json(cli, doc);
	else if (cli->format == CLI_FMT_MARKDOWN)
		print_markdown(cli, doc);
	else
		print_text(cli, doc);
	return 0;
}

int cmd_quotes(struct cli *cli)
{
	if (cli_min_words(cli, &min_words) != CLI_EXIT_OK)
		return CLI_EXIT_USAGE;
	return cli_run_inputs(cli, emit, CLI_RUN_QUOTES);
}
