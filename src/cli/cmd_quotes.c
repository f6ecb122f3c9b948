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

#define MIN_WORDS_DEFAULT 4
#define MIN_WORDS_MAX 1000000

/* Set once from the options before the first input. */
static size_t min_words = MIN_WORDS_DEFAULT;

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

/* ---- the article's quotation marks ------------------------------------ */

static const struct {
	const char *open, *close;
} pairs[] = {
	{"«", "»"}, {"»", "«"}, {"“", "”"}, {"„", "“"}, {"”", "”"}, {"‘", "’"},
	{"‚", "‘"}, {"’", "’"}, {"‹", "›"}, {"›", "‹"}, {"\"", "\""}, {"'", "'"},
};
#define NPAIRS (sizeof pairs / sizeof pairs[0])

/* The index in pairs of the mark at s (as an opening or a closing one), or
 * -1. */
static int find_mark(const char *s, size_t n, int closing)
{
	for (size_t i = 0; i < NPAIRS; i++) {
		const char *m = closing ? pairs[i].close : pairs[i].open;
		size_t ml = strlen(m);
		if (ml <= n && memcmp(s, m, ml) == 0)
			return (int)i;
	}
	return -1;
}

/* Spaces that may stand between a mark and the words: plain, no-break,
 * narrow no-break and thin (no newline: a mark is on the quote's line). */
static size_t space_len(const char *s, size_t n)
{
	if (n >= 1 && s[0] == ' ')
		return 1;
	if (n >= 2 && memcmp(s, "\xC2\xA0", 2) == 0)
		return 2;
	if (n >= 3 && (memcmp(s, "\xE2\x80\xAF", 3) == 0 || memcmp(s, "\xE2\x80\x89", 3) == 0))
		return 3;
	return 0;
}

static size_t space_len_before(const char *text, size_t at)
{
	for (size_t k = 1; k <= 3 && k <= at; k++)
		if (space_len(text + at - k, k) == k)
			return k;
	return 0;
}

struct marks {
	char open[32], close[32];
};

static void set_mark(char *out, const char *a, size_t alen, const char *b, size_t blen)
{
	/* Marks and their spacing are a few bytes; a longer run is not one. */
	if (alen + blen >= 32)
		alen = blen = 0;
	memcpy(out, a, alen);
	memcpy(out + alen, b, blen);
	out[alen + blen] = '\0';
}

static const char *meta_space(const struct precis_lang *lang)
{
	const char *v = lang ? precis_lang_meta(lang, "space_inside_quote_outer") : NULL;
	if (!v)
		return "";
	if (strcmp(v, "nbsp") == 0)
		return "\xC2\xA0";
	if (strcmp(v, "narrow") == 0)
		return "\xE2\x80\xAF";
	if (strcmp(v, "space") == 0)
		return " ";
	return "";
}

/* The outer marks of a language: quote_outer = OPEN CLOSE in its meta.txt. */
static int lang_marks(const struct precis_lang *lang, struct marks *m)
{
	const char *v = lang ? precis_lang_meta(lang, "quote_outer") : NULL;
	const char *sp = v ? strchr(v, ' ') : NULL;
	if (!sp || sp == v || !sp[1] || strchr(sp + 1, ' '))
		return 0;
	const char *inside = meta_space(lang);
	set_mark(m->open, v, (size_t)(sp - v), inside, strlen(inside));
	set_mark(m->close, inside, strlen(inside), sp + 1, strlen(sp + 1));
	return 1;
}

static void quote_marks(const struct cli *cli, const struct precis_doc *doc,
                        const struct precis_quote *q, struct marks *m)
{
	size_t len;
	const char *text = precis_doc_text(doc, &len);
	size_t a = q->span.start <= len ? q->span.start : len;
	size_t b = q->span.end <= len && q->span.end >= a ? q->span.end : a;

	/* Before the words: spaces, then the opening mark. */
	size_t sa = space_len_before(text, a);
	int open = -1;
	size_t olen = 0;
	for (size_t k = 1; k <= 3 && k <= a - sa && open < 0; k++) {
		open = find_mark(text + a - sa - k, k, 0);
		if (open >= 0 && strlen(pairs[open].open) != k)
			open = -1;
		olen = k;
	}
	/* After them: spaces, then the closing mark. */
	size_t sb = space_len(text + b, len - b);
	int close = find_mark(text + b + sb, len - b - sb, 1);

	if (open >= 0)
		set_mark(m->open, text + a - sa - olen, olen + sa, "", 0);
	if (close >= 0)
		set_mark(m->close, text + b, sb + strlen(pairs[close].close), "", 0);
	if (open >= 0 && close < 0)
		set_mark(m->close, text + a - sa, sa, pairs[open].close,
		         strlen(pairs[open].close));
	if (close >= 0 && open < 0)
		set_mark(m->open, pairs[close].open, strlen(pairs[close].open), text + b, sb);
	if (open >= 0 || close >= 0)
		return;

	/* No mark in the article: those of the paragraph's language, else the
	 * doc's, else straight ones. */
	const struct precis_para *p = precis_doc_paragraph(doc, q->paragraph);
	if (p && p->lang && lang_marks(precis_langset_find(cli->langs, p->lang), m))
		return;
	if (lang_marks(precis_langset_find(cli->langs, precis_doc_lang(doc, NULL)), m))
		return;
	strcpy(m->open, "\"");
	strcpy(m->close, "\"");
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
		struct marks m;
		quote_marks(cli, doc, q, &m);
		cli_puts(m.open);
		cli_puts(str(q->text));
		cli_puts(m.close);
		cli_write("\n", 1);
	}
}

/* ---- markdown ------------------------------------------------------------ */

/* Writes s so that Markdown shows it as written: what means something
 * inline (emphasis, code, links, HTML, entities) is escaped, and so is what
 * would start a block at the start of a line (a heading, a list, a rule, a
 * blockquote, a numbered item). In a blockquote (quoted), a line break is a
 * new paragraph of the quote: an empty `>` line, then `> `; elsewhere it is
 * a space. */
static void write_md(const char *s, int quoted)
{
	int line_start = 1;
	for (; *s; s++) {
		char c = *s;
		if (c == '\n') {
			cli_puts(quoted ? "\n>\n> " : " ");
			line_start = quoted;
			continue;
		}
		if (line_start) {
			size_t digits = strspn(s, "0123456789");
			if (strchr("-+=~#>", c)) {
				cli_write("\\", 1);
			} else if (digits && (s[digits] == '.' || s[digits] == ')')) {
				cli_write(s, digits);
				s += digits;
				c = *s;
				cli_write("\\", 1);
			}
		}
		int entity = c == '&' &&
		             (s[1] == '#' || ((s[1] | 0x20) >= 'a' && (s[1] | 0x20) <= 'z'));
		if ((c && strchr("\\`*_[]<", c)) || entity)
			cli_write("\\", 1);
		cli_write(&c, 1);
		line_start = 0;
	}
}

static void print_markdown(struct cli *cli, const struct precis_doc *doc)
{
	if (cli->printed > 1)
		cli_write("\n", 1);
	cli_puts("## ");
	write_md(precis_doc_name(doc), 0);
	cli_write("\n", 1);
	size_t shown = 0;
	for (size_t i = 0; i < precis_doc_quote_count(doc) && !cli_output_failed(); i++) {
		const struct precis_quote *q = precis_doc_quote(doc, i);
		if (!listed(cli, q))
			continue;
		shown++;
		cli_puts("\n**");
		write_md(*str(q->speaker) ? q->speaker : "(unknown)", 0);
		cli_puts("**");
		if (*str(q->role)) {
			cli_puts(", ");
			write_md(q->role, 0);
		}
		if (*str(q->cue)) {
			cli_puts(" — ");
			write_md(q->cue, 0);
		}
		if (q->kind == PRECIS_QUOTE_TERM)
			cli_puts(" \\[term\\]");
		cli_puts("\n\n> ");
		write_md(str(q->text), 1);
		cli_write("\n", 1);
	}
	if (!shown)
		cli_puts("\n*No quotes found.*\n");
}

/* ---- JSON ---------------------------------------------------------------- */

static json_t *jstr(const char *s)
{
	s = str(s);
	return cli_json_string(s, strlen(s));
}

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
		size_t a = q->span.start, b = q->span.end;
		cli_json_item(
			&k, json_pack("{s:o, s:o, s:I, s:s, s:I, s:o, s:I, s:I, s:I, s:o, s:I, "
		                      "s:o, s:n}",
		                      "confidence", cli_json_confidence(q->confidence), "cue",
		                      jstr(q->cue), "end", (json_int_t)b, "kind",
		                      precis_quote_kind_name(q->kind), "paragraph",
		                      (json_int_t)q->paragraph, "role", jstr(q->role), "sentence",
		                      (json_int_t)q->sentence, "source_end",
		                      (json_int_t)precis_doc_source_offset(doc, b), "source_start",
		                      (json_int_t)precis_doc_source_offset(doc, a), "speaker",
		                      jstr(q->speaker), "start", (json_int_t)a, "text",
		                      jstr(q->text), "translation"));
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

/* --min-words: a whole number of words, digits only. */
static int parse_min_words(const char *v)
{
	size_t n = 0;
	const char *p = v;
	for (; *p >= '0' && *p <= '9' && n <= MIN_WORDS_MAX; p++)
		n = n * 10 + (size_t)(*p - '0');
	if (p == v || *p != '\0' || n > MIN_WORDS_MAX) {
		cli_error(NULL, "--min-words '%s' is not a number of words; give a whole number "
		                "from 0 to %d, such as %d (0 keeps every statement)",
		          v, MIN_WORDS_MAX, MIN_WORDS_DEFAULT);
		return CLI_EXIT_USAGE;
	}
	min_words = n;
	return CLI_EXIT_OK;
}

int cmd_quotes(struct cli *cli)
{
	if (cli->opt.min_words && parse_min_words(cli->opt.min_words) != CLI_EXIT_OK)
		return CLI_EXIT_USAGE;
	return cli_run_inputs(cli, emit, CLI_RUN_QUOTES);
}
