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
static uint32_t next_cp(const unsigned char *s, size_t n, size_t *len)
{
	unsigned c = s[0];
	size_t k = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
	if (k <= 1 || k > n) {
		*len = 1;
		return c;
	}
	uint32_t cp = c & (0x7Fu >> k);
	for (size_t i = 1; i < k; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*len = 1;
			return c;
		}
		cp = (cp << 6) | (s[i] & 0x3Fu);
	}
	*len = k;
	return cp;
}

/* White space between words, the no-break ones of French typography too. */
static int is_space(uint32_t cp)
{
	return cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0xA0 || cp == 0x1680 ||
	       (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

/* A letter or digit, roughly: anything but ASCII punctuation, the Latin-1
 * signs, and the blocks of punctuation, symbols and emoji. A word is a run
 * between spaces that holds one ("—" or "…" alone is not a word). */
static int is_wordy(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= '0' && cp <= '9') || ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z');
	if (cp < 0xC0)
		return cp == 0xAA || cp == 0xB2 || cp == 0xB3 || cp == 0xB5 || cp == 0xB9 ||
		       cp == 0xBA;
	if (cp == 0xD7 || cp == 0xF7)
		return 0;
	if ((cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x20A0 && cp <= 0x20CF) ||
	    (cp >= 0x2190 && cp <= 0x2BFF) || (cp >= 0x3000 && cp <= 0x303F) ||
	    (cp >= 0xFE10 && cp <= 0xFE6F) || (cp >= 0xFF00 && cp <= 0xFF0F) ||
	    (cp >= 0x1F000 && cp <= 0x1FAFF))
		return 0;
	return 1;
}

static size_t count_words(const char *text)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t n = strlen(text), words = 0, len;
	int in_word = 0;
	for (size_t i = 0; i < n; i += len) {
		uint32_t cp = next_cp(s + i, n - i, &len);
		if (is_space(cp))
			in_word = 0;
		else if (!in_word && is_wordy(cp))
			in_word = 1, words++;
	}
	return words;
}

static const char *str(const char *s)
{
	return s ? s : "";
}

static int listed(const struct cli *cli, const struct precis_quote *q)
{
	if (q->kind == PRECIS_QUOTE_TERM)
		return cli->opt.all;
	return min_words == 0 || count_words(str(q->text)) >= min_words;
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
