/*
 * quote_marks.c — the quotation marks printed around a quote (quotes,
 * summarize): those that stand around it in the article, with their
 * spacing; a quote with none (an interview answer, a dialogue turn) gets
 * the outer marks of its language (quote_outer in lang/<code>/meta.txt).
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static const struct {
	const char *open, *close;
} pairs[] = {
    {"«", "»"}, {"»", "«"}, {"“", "”"}, {"„", "“"}, {"”", "”"},   {"‘", "’"},
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
	if (n >= 3 &&
	    (memcmp(s, "\xE2\x80\xAF", 3) == 0 || memcmp(s, "\xE2\x80\x89", 3) == 0))
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

/* quote_outer = OPEN CLOSE in the language's meta.txt. */
static int lang_marks(const struct precis_lang *lang, struct cli_marks *m)
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

int cli_lang_marks(const struct cli *cli, const char *code, struct cli_marks *m)
{
	return code && cli->langs && lang_marks(precis_langset_find(cli->langs, code), m);
}

void cli_quote_marks(const struct cli *cli, const struct precis_doc *doc,
                     const struct precis_quote *q, struct cli_marks *m)
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
		set_mark(m->open, pairs[close].open, strlen(pairs[close].open), text + b,
		         sb);
	if (open >= 0 || close >= 0)
		return;

	/* No mark in the article: those of the paragraph's language, else the
	 * doc's, else straight ones. */
	const struct precis_para *p = precis_doc_paragraph(doc, q->paragraph);
	if (p && p->lang && cli_lang_marks(cli, p->lang, m))
		return;
	if (cli_lang_marks(cli, precis_doc_lang(doc, NULL), m))
		return;
	strcpy(m->open, "\"");
	strcpy(m->close, "\"");
}

/* OPEN CLOSE of a meta key (quote_outer, quote_inner) into a and b. */
static int mark_pair(const struct precis_lang *lang, const char *key, char *a, char *b,
                     size_t size)
{
	const char *v = lang ? precis_lang_meta(lang, key) : NULL;
	const char *sp = v ? strchr(v, ' ') : NULL;
	if (!sp || sp == v || !sp[1] || strchr(sp + 1, ' ') || (size_t)(sp - v) >= size ||
	    strlen(sp + 1) >= size)
		return 0;
	snprintf(a, size, "%.*s", (int)(sp - v), v);
	snprintf(b, size, "%s", sp + 1);
	return 1;
}

static size_t nb_space_at(const char *s, size_t n)
{
	if (n >= 2 && memcmp(s, "\xC2\xA0", 2) == 0)
		return 2;
	if (n >= 3 && memcmp(s, "\xE2\x80\xAF", 3) == 0)
		return 3;
	return 0;
}

char *cli_nest_marks(const struct cli *cli, const char *code, const char *text,
                     size_t len, size_t *out_len)
{
	const struct precis_lang *lang =
	    code && cli->langs ? precis_langset_find(cli->langs, code) : NULL;
	char oo[16], oc[16], io[16], ic[16];
	char *out = cli_xmalloc(len * 4 + 1); /* a mark of 1 byte may become 4 */
	size_t w = 0;
	if (!mark_pair(lang, "quote_outer", oo, oc, sizeof oo) ||
	    !mark_pair(lang, "quote_inner", io, ic, sizeof io)) {
		memcpy(out, text, len);
		out[len] = '\0';
		*out_len = len;
		return out;
	}
	const char *inside = precis_lang_meta(lang, "space_inside_quote_inner");
	int strip = inside && strcmp(inside, "none") == 0;
	size_t loo = strlen(oo), loc = strlen(oc);
	for (size_t i = 0; i < len;) {
		if (len - i >= loo && memcmp(text + i, oo, loo) == 0) {
			w += (size_t)sprintf(out + w, "%s", io);
			i += loo;
			if (strip)
				i += nb_space_at(text + i, len - i);
			continue;
		}
		size_t sp = strip ? nb_space_at(text + i, len - i) : 0;
		if (len - i - sp >= loc && memcmp(text + i + sp, oc, loc) == 0) {
			w += (size_t)sprintf(out + w, "%s", ic);
			i += sp + loc;
			continue;
		}
		out[w++] = text[i++];
	}
	out[w] = '\0';
	*out_len = w;
	return out;
}

void cli_base_lang(const char *code, char *out, size_t size)
{
	snprintf(out, size, "%.*s", (int)strcspn(code ? code : "", "-_"), code ? code : "");
}
