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
 * kind, confidence, translation}]}, keys sorted; empty strings stay "".
 *
 * With a backend that translates (-b, $PRECIS_BACKEND or the config file,
 * as for summarize), the quotes of every article go through the report's
 * batched translation pass (report_run.c, quotes only: no summary is made
 * or paid for), each with its article's lead as context: text prints the
 * translation under the quote ("→ “...”" in the target's marks), markdown
 * as a last line of the blockquote, JSON in `translation` (else null).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

/* Set once from the options before the first input. */
static size_t min_words;

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

/* The quotes to print: the listed quotes of a doc, or those of its report
 * (the same ones, with their translations). */
struct view {
	const struct precis_doc *doc;
	const struct precis_report *rep; /* NULL: no translation */
};

static size_t view_count(const struct view *v)
{
	return v->rep ? precis_report_quote_count(v->rep) : precis_doc_quote_count(v->doc);
}

/* Quote i, or NULL when it is not listed; *tr its translation or NULL. */
static const struct precis_quote *view_at(const struct cli *cli, const struct view *v,
                                          size_t i, const char **tr, size_t *tl)
{
	*tr = NULL;
	*tl = 0;
	if (v->rep) {
		*tr = precis_report_quote_translation(v->rep, i, tl);
		return precis_report_quote(v->rep, i);
	}
	const struct precis_quote *q = precis_doc_quote(v->doc, i);
	return listed(cli, q) ? q : NULL;
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

static void print_translation(const struct cli *cli, const struct view *v, const char *tr,
                              size_t tl)
{
	char to[32];
	cli_base_lang(precis_report_target(v->rep), to, sizeof to);
	struct cli_marks m;
	if (!cli_lang_marks(cli, to, &m)) {
		strcpy(m.open, "\"");
		strcpy(m.close, "\"");
	}
	size_t nl;
	char *nested = cli_nest_marks(cli, to, tr, tl, &nl);
	cli_puts("→ ");
	cli_puts(m.open);
	cli_write(nested, nl);
	cli_puts(m.close);
	cli_write("\n", 1);
	free(nested);
}

static void print_text(const struct cli *cli, const struct view *v)
{
	const struct precis_doc *doc = v->doc;
	size_t shown = 0;
	for (size_t i = 0; i < view_count(v) && !cli_output_failed(); i++) {
		const char *tr;
		size_t tl;
		const struct precis_quote *q = view_at(cli, v, i, &tr, &tl);
		if (!q)
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
		if (tr)
			print_translation(cli, v, tr, tl);
		else if (v->rep && precis_report_translated(v->rep))
			cli_puts("→ (not translated)\n");
	}
}

/* ---- markdown ------------------------------------------------------------ */

static void print_markdown(struct cli *cli, const struct view *v)
{
	const struct precis_doc *doc = v->doc;
	if (cli->printed > 1)
		cli_write("\n", 1);
	cli_puts("## ");
	cli_write_md(precis_doc_name(doc), 0);
	cli_write("\n", 1);
	size_t shown = 0;
	for (size_t i = 0; i < view_count(v) && !cli_output_failed(); i++) {
		const char *tr;
		size_t tl;
		const struct precis_quote *q = view_at(cli, v, i, &tr, &tl);
		if (!q)
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
		if (tr) {
			char *t = cli_xmalloc(tl + 1);
			memcpy(t, tr, tl);
			t[tl] = '\0';
			cli_puts(">\n> *");
			cli_write_md(precis_report_target(v->rep), 0);
			cli_puts(":* ");
			cli_write_md(t, 1);
			cli_write("\n", 1);
			free(t);
		}
	}
	if (!shown)
		cli_puts("\n*No quotes found.*\n");
}

/* ---- JSON ---------------------------------------------------------------- */

static void print_json(const struct cli *cli, const struct view *v)
{
	const struct precis_doc *doc = v->doc;
	const char *name = precis_doc_name(doc);
	struct cli_json o;
	size_t k = 0;
	cli_json_begin(&o);
	cli_json_set(&o, "file", cli_json_string(name, strlen(name)));
	cli_json_set(&o, "lang", json_string(precis_doc_lang(doc, NULL)));
	cli_json_key(&o, "quotes");
	cli_write("[", 1);
	for (size_t i = 0; i < view_count(v) && !cli_output_failed(); i++) {
		const char *tr;
		size_t tl;
		const struct precis_quote *q = view_at(cli, v, i, &tr, &tl);
		if (q)
			cli_json_item(&k, cli_quote_json(doc, q, tr, tl));
	}
	cli_write("]", 1);
	cli_json_set(&o, "schema", json_string("precis.quotes/1"));
	cli_json_end(&o);
	cli_write("\n", 1);
}

static void print(struct cli *cli, const struct view *v)
{
	cli_output_begin(cli, v->doc);
	if (cli->format == CLI_FMT_JSON)
		print_json(cli, v);
	else if (cli->format == CLI_FMT_MARKDOWN)
		print_markdown(cli, v);
	else
		print_text(cli, v);
}

static int emit(struct cli *cli, const struct precis_doc *doc)
{
	struct view v = {doc, NULL};
	print(cli, &v);
	return 0;
}

static void render(void *ctx, const struct precis_report *rep)
{
	struct view v = {precis_report_doc(rep), rep};
	print(ctx, &v);
}

/* Whether the backend the options name translates; a backend that cannot
 * be made is reported (its exit status in *st). */
static int translating(struct cli *cli, const struct precis_report_opts *opts, int *st)
{
	struct precis_backend *b;
	*st = cli_report_backend(cli, opts, NULL, NULL, &b);
	if (*st != CLI_EXIT_OK)
		return 0;
	int t = precis_backend_translates(b);
	precis_backend_free(b);
	return t;
}

int cmd_quotes(struct cli *cli)
{
	if (cli_min_words(cli, &min_words) != CLI_EXIT_OK)
		return CLI_EXIT_USAGE;
	if (cli_check_to(cli) != CLI_EXIT_OK)
		return CLI_EXIT_USAGE;
	struct cli_report_run run;
	memset(&run, 0, sizeof run);
	run.opts.quotes_only = 1;
	run.opts.to = cli->opt.to;
	/* the library reads 0 as its default; 1 keeps every statement */
	run.opts.min_words = min_words ? min_words : 1;
	run.opts.all_quotes = cli->opt.all;
	run.opts.no_context = cli->opt.no_context;
	run.render = render;
	run.ctx = cli;
	int st;
	if (!translating(cli, &run.opts, &st))
		return st != CLI_EXIT_OK ? st : cli_run_inputs(cli, emit, CLI_RUN_QUOTES);
	st = cli_report_run(cli, &run);
	if (cli_output_flush() < 0)
		st = cli_worse(st, CLI_EXIT_FAILED);
	return st;
}
