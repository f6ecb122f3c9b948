/*
 * report_text.c — a report for the terminal.
 *
 *     File:      fixtures/fr/tramway-valbrune.txt
 *     Language:  fr (0.98)
 *     Title:     the title in the article's language
 *                the title in the other language
 *
 *     Summary (fr)
 *       The summary sentences, as one paragraph.
 *
 *     Summary (en)
 *       Their translation.
 *
 *     Quotes (fr → en)
 *       Speaker (role) — cue
 *         « the quote, in the article's marks »
 *         → “its translation, in the target's marks”
 *
 * Everything is wrapped with precis_wrap() at the width (ICU line breaking,
 * hanging indents). Bold headings and dim secondary text (the translated
 * title, translations, notes) only when colours are on. With several
 * inputs the File line gives way to the `==> NAME <==` header.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/summarize.h"
#include "precis/wrap.h"

#define BOLD "\033[1m"
#define DIM "\033[2m"
#define RESET "\033[0m"

/* Writes text wrapped at the view's width, each line styled. */
static void put(const struct sum_view *v, const char *text, size_t len, const char *first,
                const char *indent, const char *style, const char *locale)
{
	struct precis_wrap_opts o = {v->width, first, indent, locale};
	char *out = NULL;
	size_t n = 0;
	if (precis_wrap(text, len, &o, &out, &n, NULL) != PRECIS_OK) {
		/* no line breaker: the text on one line, still readable */
		cli_puts(first ? first : "");
		cli_write(text, len);
		cli_write("\n", 1);
		return;
	}
	if (!v->color || !style) {
		cli_write(out, n);
		free(out);
		return;
	}
	/* style each line's text, not its prefix, so a dim line keeps the
	 * indentation plain */
	size_t pf = first ? strlen(first) : 0, pi = indent ? strlen(indent) : 0;
	int line = 0;
	for (char *l = out; *l; line++) {
		char *nl = strchr(l, '\n');
		size_t ll = nl ? (size_t)(nl - l) : strlen(l);
		size_t p = line == 0 ? pf : pi;
		if (p > ll)
			p = ll;
		cli_write(l, p);
		if (ll > p) {
			cli_puts(style);
			cli_write(l + p, ll - p);
			cli_puts(RESET);
		}
		cli_write("\n", 1);
		l += ll + (nl != NULL);
	}
	free(out);
}

static void puts_z(const struct sum_view *v, const char *text, const char *first,
                   const char *indent, const char *style, const char *locale)
{
	put(v, text, strlen(text), first, indent, style, locale);
}

static void heading(const struct sum_view *v, const char *text)
{
	puts_z(v, text, NULL, NULL, BOLD, NULL);
}

/* The summary of one side as one paragraph: its sentences joined by a
 * space, their own line breaks as spaces. */
static char *joined(const struct precis_report *r, enum precis_side side, size_t *missing)
{
	size_t n = precis_report_summary_count(r, side), cap = 1, len;
	*missing = 0;
	for (size_t i = 0; i < n; i++)
		if (precis_report_summary(r, side, i, &len))
			cap += len + 1;
	char *s = cli_xmalloc(cap), *w = s;
	for (size_t i = 0; i < n; i++) {
		const char *t = precis_report_summary(r, side, i, &len);
		if (!t) {
			++*missing;
			continue;
		}
		if (w > s)
			*w++ = ' ';
		for (size_t k = 0; k < len; k++)
			*w++ = t[k] == '\n' ? ' ' : t[k];
	}
	*w = '\0';
	return s;
}

static void summary(const struct sum_view *v, const struct precis_report *r,
                    enum precis_side side, const char *lang)
{
	char head[96];
	snprintf(head, sizeof head, "Summary (%s)", lang);
	heading(v, head);
	size_t missing;
	char *s = joined(r, side, &missing);
	if (*s)
		puts_z(v, s, "  ", "  ", NULL, lang);
	else
		puts_z(v, missing ? "(not translated)" : "(nothing to summarize)", "  ",
		       "  ", DIM, NULL);
	free(s);
}

/* "Speaker (role) — cue", one line of labels. */
static char *attribution(const struct precis_quote *q)
{
	const char *sp = q->speaker && *q->speaker ? q->speaker : "(unknown)";
	const char *role = q->role ? q->role : "", *cue = q->cue ? q->cue : "";
	size_t n = strlen(sp) + strlen(role) + strlen(cue) + 32;
	char *s = cli_xmalloc(n);
	snprintf(s, n, "%s%s%s%s%s%s%s", sp, *role ? " (" : "", role, *role ? ")" : "",
	         *cue ? " — " : "", cue, q->kind == PRECIS_QUOTE_TERM ? " [term]" : "");
	for (char *c = s; *c; c++)
		if (*c == '\n')
			*c = ' ';
	return s;
}

static char *marked(const char *open, const char *text, size_t len, const char *close)
{
	size_t n = strlen(open) + len + strlen(close) + 1;
	char *s = cli_xmalloc(n);
	snprintf(s, n, "%s%.*s%s", open, (int)len, text, close);
	return s;
}

static void quotes(const struct sum_view *v, const struct precis_report *r,
                   const char *lang, const char *to)
{
	const struct precis_doc *doc = precis_report_doc(r);
	size_t n = precis_report_quote_count(r);
	char head[96], tbase[32];
	if (precis_report_translated(r))
		snprintf(head, sizeof head, "Quotes (%s → %s)", lang, to);
	else
		snprintf(head, sizeof head, "Quotes (%s)", lang);
	heading(v, head);
	if (!n) {
		puts_z(v, "(none found)", "  ", "  ", DIM, NULL);
		return;
	}
	cli_base_lang(to ? to : "", tbase, sizeof tbase);
	struct cli_marks tm;
	if (!cli_lang_marks(v->cli, tbase, &tm)) {
		strcpy(tm.open, "\"");
		strcpy(tm.close, "\"");
	}
	for (size_t i = 0; i < n && !cli_output_failed(); i++) {
		const struct precis_quote *q = precis_report_quote(r, i);
		if (i)
			cli_write("\n", 1);
		char *a = attribution(q);
		puts_z(v, a, "  ", "    ", NULL, lang);
		free(a);
		struct cli_marks m;
		cli_quote_marks(v->cli, doc, q, &m);
		const char *t = q->text ? q->text : "";
		char *s = marked(m.open, t, strlen(t), m.close);
		puts_z(v, s, "    ", "    ", NULL, lang);
		free(s);
		size_t tl;
		const char *tr = precis_report_quote_translation(r, i, &tl);
		if (tr) {
			size_t nl;
			char *nested = cli_nest_marks(v->cli, tbase, tr, tl, &nl);
			s = marked(tm.open, nested, nl, tm.close);
			free(nested);
			puts_z(v, s, "    → ", "      ", DIM, tbase);
			free(s);
		} else if (precis_report_translated(r)) {
			puts_z(v, "(not translated)", "    → ", "      ", DIM, NULL);
		}
	}
}

void report_text(const struct sum_view *v, const struct precis_report *r)
{
	struct cli *cli = v->cli;
	const struct precis_doc *doc = precis_report_doc(r);
	const char *lang = precis_report_lang(r);
	const char *to = precis_report_target(r);
	int translated = precis_report_translated(r);
	double conf;
	precis_doc_lang(doc, &conf);

	if (cli->printed && !cli->headers)
		cli_write("\n", 1);
	cli_output_begin(cli, doc);
	char line[128];
	if (!cli->headers)
		puts_z(v, precis_doc_name(doc), "File:      ", "           ", NULL, NULL);
	snprintf(line, sizeof line, "%s (%.2f)", lang, conf);
	puts_z(v, line, "Language:  ", "           ", NULL, NULL);
	size_t tl;
	const char *title = precis_report_title(r, PRECIS_SIDE_SOURCE, &tl);
	if (title) {
		put(v, title, tl, "Title:     ", "           ", BOLD, lang);
		const char *tt = precis_report_title(r, PRECIS_SIDE_TARGET, &tl);
		if (tt)
			put(v, tt, tl, "           ", "           ", DIM, to);
	}
	cli_write("\n", 1);
	summary(v, r, PRECIS_SIDE_SOURCE, lang);
	if (translated) {
		cli_write("\n", 1);
		summary(v, r, PRECIS_SIDE_TARGET, to ? to : "?");
	}
	cli_write("\n", 1);
	quotes(v, r, lang, to);
}

void report_text_hint(const struct sum_view *v, const char *hint)
{
	cli_write("\n", 1);
	puts_z(v, hint, NULL, NULL, DIM, NULL);
}
