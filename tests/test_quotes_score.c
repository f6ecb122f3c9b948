/*
 * The quote extractor scored against the gold quotes of the fixtures.
 *
 * Every fixtures/<dir>/NAME.txt has a NAME.quotes (fixtures/README.md): the
 * article's direct quotes in text order, with the first 50 characters of
 * their words, their true speaker and their kind. The tests:
 *
 *   quotes_gold::format   each gold file is well formed and true to its
 *                         article: every `text` stands, byte for byte, in
 *                         the normalized text, in order, in a body paragraph,
 *                         where a quote opens, and is cut as the format says
 *   quotes_gold::set      every fixture has a gold file; the set is as large
 *                         as issue #3 asks
 *   quotes_score::rules   the scoring rules on small made-up cases
 *   quotes_score::overall the extractor (precis_quotes) over every fixture:
 *                         prints the figures per fixture, per language and
 *                         overall, and one line per miss, false positive and
 *                         wrong speaker; fails under F1 0.95 or speaker
 *                         accuracy 0.92 overall
 *
 * Scoring (only statements count). A predicted statement matches a gold
 * statement when its text, every run of white space folded to one plain
 * space, starts with the gold text folded the same way; each gold statement
 * is matched at most once, the first free one in text order. Precision =
 * matched / predicted, recall = matched / gold, F1 their harmonic mean.
 * Speaker accuracy = matched quotes whose speaker equals the gold speaker
 * (case-insensitive, white space folded; both empty is equal) / matched.
 *
 * The lines under each fixture (the extractor's to-do list):
 *   MISS     a gold statement no predicted statement matched; says when a
 *            predicted term matched it or a predicted quote holds it
 *   EXTRA    a predicted statement that matched no gold statement; says when
 *            it is a gold term or a nested quote
 *   SPEAKER  a matched statement with the wrong speaker
 * [pN] is the paragraph the quote starts in (precis normalize shows them).
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "precis/precis.h"
#include "fixture_list.h"

#define GOLD_CHARS 50
#define MIN_F1 0.95
#define MIN_SPEAKER 0.92
/* Issue #3: at least 10 French and 6 English articles, 120 quotes. */
#define MIN_FIXTURES_FR 10
#define MIN_FIXTURES_EN 6
#define MIN_GOLD_QUOTES 120

/* ---- small helpers ---------------------------------------------------- */

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		abort();
	return p;
}

static char *xstrndup(const char *s, size_t n)
{
	char *p = xrealloc(NULL, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

/* Decodes the UTF-8 sequence at s (at most n bytes); bad bytes give
 * themselves, one at a time. Returns its length. */
static size_t u8_get(const char *str, size_t n, unsigned *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t k;
	unsigned c;
	if (s[0] < 0x80 || n < 2) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xE0) == 0xC0)
		k = 1, c = s[0] & 0x1Fu;
	else if ((s[0] & 0xF0) == 0xE0)
		k = 2, c = s[0] & 0x0Fu;
	else if ((s[0] & 0xF8) == 0xF0)
		k = 3, c = s[0] & 0x07u;
	else {
		*cp = s[0];
		return 1;
	}
	if (k >= n) {
		*cp = s[0];
		return 1;
	}
	for (size_t j = 1; j <= k; j++) {
		if ((s[j] & 0xC0) != 0x80) {
			*cp = s[0];
			return 1;
		}
		c = (c << 6) | (s[j] & 0x3Fu);
	}
	*cp = c;
	return k + 1;
}

/* The start of the character that ends just before byte i. */
static size_t u8_back(const char *s, size_t i)
{
	while (i > 0 && ((unsigned char)s[--i] & 0xC0) == 0x80)
		;
	return i;
}

static size_t u8_chars(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

static int is_space_cp(unsigned c)
{
	return c == ' ' || (c >= 0x09 && c <= 0x0D) || c == 0x85 || c == 0xA0 ||
	       c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 ||
	       c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

/* Every quotation mark a quote may open or close with, in any style. */
static int is_quote_mark(unsigned c)
{
	return c == '"' || c == '\'' || c == 0xAB || c == 0xBB ||
	       (c >= 0x2018 && c <= 0x201F) || c == 0x2039 || c == 0x203A;
}

/* What a gold text drops at the end of its cut (fixtures/README.md). */
static int is_cut_punct(unsigned c)
{
	return c == ',' || c == ';' || c == ':' || c == '.' || c == '!' || c == '?' ||
	       c == 0x2026;
}

/* What may stand before a quote's first word: its mark, or the marker of
 * an interview or dialogue turn (`R :`, `Name :`, `—`). */
static int is_opening(unsigned c)
{
	return is_quote_mark(c) || c == ':' || c == 0x2014 || c == 0x2013 || c == '-';
}

/* s with every run of white space made one plain space, none at the ends;
 * lower-cased too when `lower` (speakers). malloc'd. */
static char *fold(const char *s, int lower)
{
	size_t n = strlen(s), o = 0;
	char *out = xrealloc(NULL, 4 * n + 1);
	int pending = 0;
	mbstate_t ps;
	for (size_t i = 0; i < n;) {
		unsigned c;
		size_t k = u8_get(s + i, n - i, &c);
		if (is_space_cp(c)) {
			pending = o > 0;
			i += k;
			continue;
		}
		if (pending)
			out[o++] = ' ';
		pending = 0;
		if (lower && c < 0x80) {
			out[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
		} else if (lower) {
			memset(&ps, 0, sizeof ps);
			size_t w = wcrtomb(out + o, (wchar_t)towlower((wint_t)c), &ps);
			if (w == (size_t)-1) {
				memcpy(out + o, s + i, k);
				w = k;
			}
			o += w;
		} else {
			memcpy(out + o, s + i, k);
			o += k;
		}
		i += k;
	}
	out[o] = '\0';
	return out;
}

static int starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Does predicted text `pred` match gold text `gold` (both raw)? */
static int text_matches(const char *pred, const char *gold)
{
	char *p = fold(pred, 0), *g = fold(gold, 0);
	int ok = *g && starts_with(p, g);
	free(p);
	free(g);
	return ok;
}

static int speaker_equal(const char *a, const char *b)
{
	char *x = fold(a ? a : "", 1), *y = fold(b ? b : "", 1);
	int ok = strcmp(x, y) == 0;
	free(x);
	free(y);
	return ok;
}

/* Prints at most `max` characters of s on one line, quoted. */
static void show(FILE *f, const char *s, size_t max)
{
	size_t n = strlen(s), i = 0, chars = 0;
	fputc('"', f);
	while (i < n && chars < max) {
		unsigned c;
		size_t k = u8_get(s + i, n - i, &c);
		if (c == '\n')
			fputs(" / ", f);
		else
			fwrite(s + i, 1, k, f);
		i += k;
		chars++;
	}
	fputs(i < n ? "...\"" : "\"", f);
}

/* ---- gold files ------------------------------------------------------- */

struct gold_quote {
	char *text;
	char *speaker;
	char *role;
	int term;
	int line; /* of its `text:` in the file, for messages */
};

struct gold {
	struct gold_quote *v;
	size_t n;
};

static void gold_free(struct gold *g)
{
	for (size_t i = 0; i < g->n; i++) {
		free(g->v[i].text);
		free(g->v[i].speaker);
		free(g->v[i].role);
	}
	free(g->v);
	g->v = NULL;
	g->n = 0;
}

/* Closes the block being read: it needs text, speaker and kind. */
static int gold_end_block(struct gold *g, int open, int kind_seen, const char *path,
                          FILE *why)
{
	if (!open)
		return 0;
	struct gold_quote *q = &g->v[g->n - 1];
	const char *lack = !q->text || !*q->text ? "text"
	                   : !q->speaker         ? "speaker"
	                   : !kind_seen          ? "kind"
	                                         : NULL;
	if (lack)
		fprintf(why,
		        "%s:%d: a block without `%s:` (every block has text, speaker "
		        "and kind; `speaker:` alone for an unnamed source)\n",
		        path, q->line, lack);
	if (!q->text)
		q->text = xstrdup("");
	if (!q->speaker)
		q->speaker = xstrdup("");
	if (!q->role)
		q->role = xstrdup("");
	return lack != NULL;
}

/* Reads NAME.quotes; problems go to `why` and make it return -1 (what was
 * read is kept, so that the rest can still be checked). */
static int gold_load(const char *path, struct gold *g, FILE *why)
{
	memset(g, 0, sizeof *g);
	size_t n;
	char *s = fx_read(path, &n);
	if (!s) {
		fprintf(why,
		        "%s: cannot read: %s (every fixture needs its gold quotes)\n",
		        path, strerror(errno));
		return -1;
	}
	int bad = 0, open = 0, kind_seen = 0, lineno = 0;
	for (size_t i = 0; i <= n;) {
		const char *nl = i < n ? memchr(s + i, '\n', n - i) : NULL;
		size_t e = nl ? (size_t)(nl - s) : n;
		char *line = xstrndup(s + i, e - i);
		lineno++;
		i = e + 1;
		if (line[0] == '#') {
			free(line);
			continue;
		}
		if (!line[0]) {
			bad |= gold_end_block(g, open, kind_seen, path, why);
			open = kind_seen = 0;
			free(line);
			if (!nl)
				break;
			continue;
		}
		char *colon = strchr(line, ':');
		if (!colon || (colon[1] != ' ' && colon[1] != '\0')) {
			fprintf(why, "%s:%d: not `key: value`: %s\n", path, lineno, line);
			bad = 1;
			free(line);
			continue;
		}
		*colon = '\0';
		const char *val = colon[1] ? colon + 2 : "";
		if (!open) {
			g->v = xrealloc(g->v, (g->n + 1) * sizeof *g->v);
			memset(&g->v[g->n], 0, sizeof g->v[g->n]);
			g->v[g->n++].line = lineno;
			open = 1;
		}
		struct gold_quote *q = &g->v[g->n - 1];
		char **slot = NULL;
		if (strcmp(line, "text") == 0) {
			slot = &q->text;
			q->line = lineno;
		} else if (strcmp(line, "speaker") == 0) {
			slot = &q->speaker;
		} else if (strcmp(line, "role") == 0) {
			slot = &q->role;
		} else if (strcmp(line, "kind") == 0) {
			if (strcmp(val, "statement") == 0 || strcmp(val, "term") == 0) {
				q->term = strcmp(val, "term") == 0;
			} else {
				fprintf(why,
				        "%s:%d: kind `%s`: want `statement` or `term`\n",
				        path, lineno, val);
				bad = 1;
			}
			if (kind_seen) {
				fprintf(why, "%s:%d: a second `kind:` in one block\n",
				        path, lineno);
				bad = 1;
			}
			kind_seen = 1;
		} else {
			fprintf(why, "%s:%d: unknown key `%s`\n", path, lineno, line);
			bad = 1;
		}
		if (slot) {
			if (*slot) {
				fprintf(why,
				        "%s:%d: a second `%s:` in one block (a blank "
				        "line ends a block)\n",
				        path, lineno, line);
				bad = 1;
				free(*slot);
			}
			*slot = xstrdup(val);
		}
		free(line);
		if (!nl)
			break;
	}
	bad |= gold_end_block(g, open, kind_seen, path, why);
	free(s);
	return bad ? -1 : 0;
}

/* ---- .expect (only what says which paragraphs are boilerplate) -------- */

/* The first 40 characters without trailing spaces: a paragraph's key. */
static char *key_of(const char *s, size_t n)
{
	size_t i = 0;
	for (int chars = 0; i < n && chars < 40; chars++) {
		i++;
		while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
	}
	while (i > 0 && s[i - 1] == ' ')
		i--;
	return xstrndup(s, i);
}

/* bp[i] = 1 for each paragraph of doc that .expect lists as boilerplate. */
static void expect_boilerplate(const struct fx *f, const struct precis_doc *doc, int *bp)
{
	size_t np = precis_doc_paragraph_count(doc), pos = 0;
	const char *text = precis_doc_text(doc, NULL);
	memset(bp, 0, np * sizeof *bp);
	char *path = fx_path(f, ".expect");
	size_t n;
	char *s = fx_read(path, &n);
	free(path);
	if (!s)
		return;
	for (char *line = strtok(s, "\n"); line; line = strtok(NULL, "\n")) {
		if (strncmp(line, "boilerplate: ", 13) != 0)
			continue;
		for (size_t i = pos; i < np; i++) {
			const struct precis_para *p = precis_doc_paragraph(doc, i);
			char *key =
			    key_of(text + p->span.start, p->span.end - p->span.start);
			int same = strcmp(key, line + 13) == 0;
			free(key);
			if (same) {
				bp[i] = 1;
				pos = i + 1;
				break;
			}
		}
	}
	free(s);
}

/* ---- the library ------------------------------------------------------ */

struct front {
	struct precis_langset *set;
	struct precis_detector *det;
};

static void front_open(struct front *fr)
{
	struct precis_error err;
	precis_error_clear(&err);
	enum precis_status st = precis_langset_load(NULL, &fr->set, &err);
	cr_assert_eq(st, PRECIS_OK, "cannot load the languages: %s", err.message);
	st = precis_detector_new(fr->set, &fr->det, &err);
	cr_assert_eq(st, PRECIS_OK, "cannot make a detector: %s", err.message);
}

static void front_close(struct front *fr)
{
	precis_detector_free(fr->det);
	precis_langset_free(fr->set);
}

/* The fixture through the text front, and the quote stage when `quotes`. */
static struct precis_doc *front_run(struct front *fr, const struct fx *f, int quotes)
{
	char *path = fx_path(f, ".txt");
	size_t len = 0;
	char *s = fx_read(path, &len);
	cr_assert(s, "cannot read %s", path);
	struct precis_doc *doc = precis_doc_new(path);
	struct precis_error err;
	precis_error_clear(&err);
	enum precis_status st =
	    precis_text_front(doc, s, len, NULL, fr->det, fr->set, &err);
	cr_assert_eq(st, PRECIS_OK, "%s: the text front failed (%s): %s", path,
	             precis_status_name(st), err.message);
	if (quotes) {
		st = precis_quotes(doc, fr->set, &err);
		cr_assert_eq(st, PRECIS_OK, "%s: precis_quotes failed (%s): %s", path,
		             precis_status_name(st), err.message);
	}
	free(s);
	free(path);
	return doc;
}

/* The paragraph that holds byte `off`, or the count when none does. */
static size_t para_at(const struct precis_doc *doc, size_t off)
{
	size_t np = precis_doc_paragraph_count(doc);
	for (size_t i = 0; i < np; i++) {
		const struct precis_para *p = precis_doc_paragraph(doc, i);
		if (off >= p->span.start && off < p->span.end)
			return i;
	}
	return np;
}

/* ---- checking a gold file against its article ------------------------- */

/* Finds each gold text in the normalized text, in order; checks that it is
 * where a quote opens, cut as the format says, in a body paragraph. *at
 * (malloc'd, one per quote) gets its byte offset, or (size_t)-1. Problems go
 * to `why`; returns how many. */
static size_t gold_check(const struct fx *f, const struct gold *g,
                         const struct precis_doc *doc, size_t **at, FILE *why)
{
	size_t tlen;
	const char *text = precis_doc_text(doc, &tlen);
	size_t np = precis_doc_paragraph_count(doc), bad = 0, from = 0;
	int *bp = xrealloc(NULL, (np + 1) * sizeof *bp);
	expect_boilerplate(f, doc, bp);
	*at = xrealloc(NULL, (g->n + 1) * sizeof **at);
	for (size_t i = 0; i < g->n; i++) {
		const struct gold_quote *q = &g->v[i];
		size_t ql = strlen(q->text);
		(*at)[i] = (size_t)-1;
		const char *hit = ql ? strstr(text + from, q->text) : NULL;
		if (!hit) {
			const char *any = ql ? strstr(text, q->text) : NULL;
			fprintf(why, "  line %d: ", q->line);
			show(why, q->text, 60);
			fprintf(
			    why,
			    any ? " is out of text order\n"
			        : " is not in the normalized text (copy it from `precis "
			          "normalize`: U+00A0, U+202F and ’ count)\n");
			bad++;
			continue;
		}
		size_t s = (size_t)(hit - text), e = s + ql;
		(*at)[i] = s;
		from = s + 1;
		size_t p = para_at(doc, s);
		const struct precis_para *para =
		    p < np ? precis_doc_paragraph(doc, p) : NULL;
		if (!para || e > para->span.end) {
			fprintf(why, "  line %d: ", q->line);
			show(why, q->text, 60);
			fprintf(why, " runs over a paragraph end\n");
			bad++;
			continue;
		}
		if (bp[p]) {
			fprintf(why, "  line %d: ", q->line);
			show(why, q->text, 60);
			fprintf(
			    why,
			    " is in boilerplate [p%zu] (gold lists body quotes only)\n",
			    p);
			bad++;
		}
		size_t chars = u8_chars(q->text, ql);
		unsigned c0, cl;
		u8_get(q->text, ql, &c0);
		u8_get(q->text + u8_back(q->text, ql), ql - u8_back(q->text, ql), &cl);
		if (chars > GOLD_CHARS || is_space_cp(c0) || is_space_cp(cl) ||
		    is_cut_punct(cl)) {
			fprintf(why, "  line %d: ", q->line);
			show(why, q->text, 60);
			fprintf(
			    why,
			    " is not cut as the format says (%d characters at most, no "
			    "space at either end, no , ; : . ! ? … at the end)\n",
			    GOLD_CHARS);
			bad++;
		}
		/* What stands before: a mark or a turn marker, or the paragraph start. */
		size_t b = s;
		unsigned before = 0;
		while (b > para->span.start) {
			size_t pb = u8_back(text, b);
			u8_get(text + pb, b - pb, &before);
			if (!is_space_cp(before))
				break;
			b = pb;
			before = 0;
		}
		if (b > para->span.start && !is_opening(before)) {
			fprintf(why, "  line %d: ", q->line);
			show(why, q->text, 60);
			fprintf(why, " does not start where a quote opens (after a "
			             "quotation mark, "
			             "`:` or a dash)\n");
			bad++;
		}
		/* A text shorter than the cut ends where its quote closes. */
		if (b > para->span.start && is_quote_mark(before) && chars < GOLD_CHARS) {
			size_t k = e, more = 0;
			unsigned c = 0;
			while (k < para->span.end) {
				size_t step = u8_get(text + k, para->span.end - k, &c);
				if (!is_space_cp(c) && !is_cut_punct(c))
					break;
				k += step;
				more++;
			}
			if (k < para->span.end && chars + more < GOLD_CHARS &&
			    !is_quote_mark(c)) {
				fprintf(why, "  line %d: ", q->line);
				show(why, q->text, 60);
				fprintf(why,
				        " is shorter than %d characters but its quote "
				        "goes on\n",
				        GOLD_CHARS);
				bad++;
			}
		}
	}
	free(bp);
	return bad;
}

/* ---- scoring ---------------------------------------------------------- */

struct tally {
	size_t gold, pred, matched, speaker_ok;
};

static void tally_add(struct tally *t, const struct tally *u)
{
	t->gold += u->gold;
	t->pred += u->pred;
	t->matched += u->matched;
	t->speaker_ok += u->speaker_ok;
}

static double ratio(size_t a, size_t b)
{
	return b ? (double)a / (double)b : 0.0;
}

static double f1_of(const struct tally *t)
{
	double p = ratio(t->matched, t->pred), r = ratio(t->matched, t->gold);
	return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
}

static void tally_print(FILE *out, const char *label, const struct tally *t)
{
	fprintf(out,
	        "%-34s gold %3zu  predicted %3zu  matched %3zu  P %.3f  R %.3f  F1 %.3f  "
	        "speaker %zu/%zu %.3f\n",
	        label, t->gold, t->pred, t->matched, ratio(t->matched, t->pred),
	        ratio(t->matched, t->gold), f1_of(t), t->speaker_ok, t->matched,
	        ratio(t->speaker_ok, t->matched));
}

/* One predicted quote, as the scorer sees it. */
struct pred {
	const char *text, *speaker, *cue;
	size_t paragraph;
	int term;
};

/* Matches predicted statements to gold statements (match[j] = the gold
 * index predicted quote j took, or -1) and counts. */
static struct tally score(const struct gold *g, const struct pred *p, size_t np,
                          long *match)
{
	struct tally t = {0};
	int *taken = xrealloc(NULL, (g->n + 1) * sizeof *taken);
	memset(taken, 0, (g->n + 1) * sizeof *taken);
	for (size_t i = 0; i < g->n; i++)
		t.gold += !g->v[i].term;
	for (size_t j = 0; j < np; j++) {
		match[j] = -1;
		if (p[j].term)
			continue;
		t.pred++;
		for (size_t i = 0; i < g->n; i++) {
			if (g->v[i].term || taken[i] ||
			    !text_matches(p[j].text, g->v[i].text))
				continue;
			taken[i] = 1;
			match[j] = (long)i;
			t.matched++;
			t.speaker_ok += speaker_equal(p[j].speaker, g->v[i].speaker);
			break;
		}
	}
	free(taken);
	return t;
}

/* The MISS / EXTRA / SPEAKER lines of one fixture. */
static void report_lines(FILE *out, const struct gold *g, const size_t *at,
                         const struct precis_doc *doc, const struct pred *p, size_t np,
                         const long *match)
{
	int *taken = xrealloc(NULL, (g->n + 1) * sizeof *taken);
	memset(taken, 0, (g->n + 1) * sizeof *taken);
	for (size_t j = 0; j < np; j++)
		if (match[j] >= 0)
			taken[match[j]] = 1;
	/* In text order: gold misses by their place, predictions by paragraph. */
	for (size_t i = 0; i < g->n; i++) {
		const struct gold_quote *q = &g->v[i];
		if (q->term || taken[i])
			continue;
		fprintf(out, "  MISS     [p%zu] ",
		        at[i] == (size_t)-1 ? (size_t)0 : para_at(doc, at[i]));
		show(out, q->text, 60);
		fprintf(out, " (%s)", *q->speaker ? q->speaker : "unnamed");
		char *gf = fold(q->text, 0);
		for (size_t j = 0; j < np; j++) {
			char *pf = fold(p[j].text, 0);
			const char *in = strstr(pf, gf);
			if (in == pf && p[j].term)
				fprintf(out, "; predicted as a term");
			else if (in && in != pf) {
				fprintf(out, "; inside predicted %s ",
				        p[j].term ? "term" : "statement");
				show(out, p[j].text, 40);
			}
			free(pf);
		}
		free(gf);
		fputc('\n', out);
	}
	for (size_t j = 0; j < np; j++) {
		if (p[j].term)
			continue;
		if (match[j] < 0) {
			fprintf(out, "  EXTRA    [p%zu] ", p[j].paragraph);
			show(out, p[j].text, 60);
			fprintf(out, " speaker \"%s\" cue \"%s\"", p[j].speaker,
			        p[j].cue);
			for (size_t i = 0; i < g->n; i++)
				if (g->v[i].term &&
				    text_matches(p[j].text, g->v[i].text)) {
					fprintf(out, "; gold has it as a term");
					break;
				}
			fputc('\n', out);
			continue;
		}
		const struct gold_quote *q = &g->v[match[j]];
		if (speaker_equal(p[j].speaker, q->speaker))
			continue;
		fprintf(out, "  SPEAKER  [p%zu] ", p[j].paragraph);
		show(out, q->text, 40);
		fprintf(out, " want \"%s\", got \"%s\" (cue \"%s\")\n", q->speaker,
		        p[j].speaker, p[j].cue);
	}
	free(taken);
}

/* ---- parameters ------------------------------------------------------- */

static void free_params(struct criterion_test_params *crp)
{
	cr_free(crp->params);
}

static struct criterion_test_params fixture_params(void)
{
	struct fx *all;
	size_t n = fx_list(&all);
	struct fx *p = cr_malloc((n ? n : 1) * sizeof *p);
	if (n)
		memcpy(p, all, n * sizeof *p);
	free(all);
	return cr_make_param_array(struct fx, p, n, free_params);
}

/* Lower-casing of speakers goes through the C library. */
static void utf8_locale(void)
{
	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		setlocale(LC_CTYPE, "");
}

/* ---- tests ------------------------------------------------------------ */

Test(quotes_score, rules)
{
	utf8_locale();
	/* White space of every kind folds; the gold text is a prefix. */
	cr_expect(text_matches("Nous ne pouvons\u00a0plus  continuer ainsi.",
	                       "Nous ne pouvons plus"));
	cr_expect(text_matches("C’est\u202fla fin", "C’est la fin"));
	cr_expect(text_matches(" On garde\nle cap.", "On garde le cap"));
	cr_expect(!text_matches("On garde", "On garde le cap"),
	          "a shorter prediction is no match");
	cr_expect(!text_matches("On gardera le cap", "On garde le"));
	cr_expect(!text_matches("C'est la fin", "C’est la fin"),
	          "apostrophes are not folded");
	cr_expect(!text_matches("anything", ""), "an empty gold text matches nothing");
	/* Speakers: case and white space; both empty is equal. */
	cr_expect(speaker_equal("Étienne Lapointe", "étienne  LAPOINTE"));
	cr_expect(speaker_equal("", ""));
	cr_expect(speaker_equal(" ", ""));
	cr_expect(!speaker_equal("Lapointe", "Étienne Lapointe"));
	cr_expect(!speaker_equal("", "Étienne Lapointe"));

	/* Each gold statement is matched once; terms are not scored. */
	struct gold_quote gq[] = {
	    {"On garde le cap", "Étienne Lapointe", "", 0, 1},
	    {"réaliste", "", "", 1, 5},
	    {"Où était la prudence", "Geneviève Ouellet", "", 0, 9},
	};
	struct gold g = {gq, 3};
	struct pred p[] = {
	    {"On garde le cap.", "Étienne Lapointe", "", 0, 0},
	    {"On garde le cap.", "Étienne Lapointe", "", 0, 0}, /* twice: one is extra */
	    {"réaliste", "", "", 0, 0}, /* a term as a statement */
	    {"Où était la prudence ?", "", "a-t-elle ajouté", 1, 0},
	    {"effort", "", "", 1, 1}, /* a predicted term: ignored */
	};
	long match[5];
	struct tally t = score(&g, p, 5, match);
	cr_expect_eq(t.gold, 2);
	cr_expect_eq(t.pred, 4);
	cr_expect_eq(t.matched, 2);
	cr_expect_eq(t.speaker_ok, 1);
	cr_expect_eq(match[0], 0);
	cr_expect_eq(match[1], -1);
	cr_expect_eq(match[2], -1);
	cr_expect_eq(match[3], 2);
	cr_expect_eq(match[4], -1);
	cr_expect_float_eq(f1_of(&t), 2 * 0.5 * 1.0 / 1.5, 1e-9);
	struct tally none = {0};
	cr_expect_float_eq(f1_of(&none), 0.0, 1e-12,
	                   "no prediction, no gold: F1 0, not NaN");
}

Test(quotes_gold, parser)
{
	char path[] = "/tmp/precis-gold-XXXXXX";
	int fd = mkstemp(path);
	cr_assert(fd >= 0);
	FILE *f = fdopen(fd, "w");
	fputs("# comment\ntext: Un\nspeaker:\nkind: term\n\ntext: Deux mots et plus\n"
	      "speaker: Anne Dupont\nrole: maire\nkind: statement\n",
	      f);
	fclose(f);
	struct gold g;
	FILE *why = fopen("/dev/null", "w");
	cr_expect_eq(gold_load(path, &g, why), 0);
	cr_assert_eq(g.n, 2);
	cr_expect_str_eq(g.v[0].speaker, "");
	cr_expect(g.v[0].term);
	cr_expect_str_eq(g.v[1].role, "maire");
	cr_expect(!g.v[1].term);
	gold_free(&g);
	/* A missing speaker line, a bad kind, two texts in one block. */
	f = fopen(path, "w");
	fputs("text: Un\nkind: term\n\ntext: Deux\nspeaker: X\nkind: quote\n\n"
	      "text: A\ntext: B\nspeaker:\nkind: term\n",
	      f);
	fclose(f);
	cr_expect_eq(gold_load(path, &g, why), -1);
	gold_free(&g);
	fclose(why);
	remove(path);
}

ParameterizedTestParameters(quotes_gold, format)
{
	return fixture_params();
}

ParameterizedTest(struct fx *f, quotes_gold, format)
{
	char *path = fx_path(f, ".quotes");
	char *msg = NULL;
	size_t msglen = 0;
	FILE *why = open_memstream(&msg, &msglen);
	struct gold g;
	int ok = gold_load(path, &g, why);
	struct front fr;
	front_open(&fr);
	struct precis_doc *doc = front_run(&fr, f, 0);
	size_t *at = NULL;
	size_t bad = gold_check(f, &g, doc, &at, why);
	fclose(why);
	cr_expect(ok == 0 && bad == 0, "%s: the gold quotes are wrong:\n%s", path, msg);
	free(msg);
	free(at);
	precis_doc_free(doc);
	front_close(&fr);
	gold_free(&g);
	free(path);
}

Test(quotes_gold, set)
{
	cr_assert(fx_root(),
	          "PRECIS_FIXTURES is not set: run the tests with `meson test`");
	struct fx *all;
	size_t n = fx_list(&all), quotes = 0, statements = 0, missing = 0;
	size_t nfr = 0, nen = 0;
	for (size_t i = 0; i < n; i++) {
		char *path = fx_path(&all[i], ".quotes");
		struct gold g;
		FILE *why = fopen("/dev/null", "w");
		if (gold_load(path, &g, why) < 0 && g.n == 0)
			missing++;
		fclose(why);
		quotes += g.n;
		for (size_t k = 0; k < g.n; k++)
			statements += !g.v[k].term;
		nfr += strcmp(all[i].dir, "fr") == 0;
		nen += strcmp(all[i].dir, "en") == 0;
		gold_free(&g);
		free(path);
	}
	free(all);
	cr_expect_eq(missing, 0, "%zu fixtures have no gold quotes", missing);
	cr_expect(nfr >= MIN_FIXTURES_FR && nen >= MIN_FIXTURES_EN,
	          "want %d French and %d English fixtures, have %zu and %zu",
	          MIN_FIXTURES_FR, MIN_FIXTURES_EN, nfr, nen);
	cr_expect(quotes >= MIN_GOLD_QUOTES, "want %d gold quotes at least, have %zu",
	          MIN_GOLD_QUOTES, quotes);
	cr_expect(statements > 0);
}

/* One fixture scored: appends its lines to `out`. */
static struct tally score_fixture(struct front *fr, const struct fx *f, FILE *out)
{
	char *path = fx_path(f, ".quotes");
	struct gold g;
	FILE *why = fopen("/dev/null", "w");
	gold_load(path, &g, why);
	fclose(why);
	free(path);
	struct precis_doc *doc = front_run(fr, f, 1);
	size_t *at = NULL;
	why = fopen("/dev/null", "w");
	gold_check(f, &g, doc, &at, why);
	fclose(why);

	size_t np = precis_doc_quote_count(doc);
	struct pred *p = xrealloc(NULL, (np + 1) * sizeof *p);
	long *match = xrealloc(NULL, (np + 1) * sizeof *match);
	for (size_t j = 0; j < np; j++) {
		const struct precis_quote *q = precis_doc_quote(doc, j);
		p[j] = (struct pred){q->text ? q->text : "", q->speaker ? q->speaker : "",
		                     q->cue ? q->cue : "", q->paragraph,
		                     q->kind == PRECIS_QUOTE_TERM};
	}
	struct tally t = score(&g, p, np, match);
	char label[200];
	snprintf(label, sizeof label, "%s/%s", f->dir, f->name);
	tally_print(out, label, &t);
	report_lines(out, &g, at, doc, p, np, match);
	free(p);
	free(match);
	free(at);
	precis_doc_free(doc);
	gold_free(&g);
	return t;
}

Test(quotes_score, overall)
{
	utf8_locale();
	cr_assert(fx_root(),
	          "PRECIS_FIXTURES is not set: run the tests with `meson test`");
	struct fx *all;
	size_t n = fx_list(&all);
	cr_assert_gt(n, 0, "no fixtures under %s", fx_root());
	struct front fr;
	front_open(&fr);

	/* Per language: the fixture folders, in their sorted order. */
	struct tally total = {0}, *by_dir = xrealloc(NULL, n * sizeof *by_dir);
	memset(by_dir, 0, n * sizeof *by_dir);
	FILE *out = stdout;
	fprintf(out,
	        "\n== quotes: the extractor against the gold quotes (statements only)\n");
	for (size_t i = 0; i < n; i++) {
		struct tally t = score_fixture(&fr, &all[i], out);
		size_t d = 0;
		while (strcmp(all[d].dir, all[i].dir) != 0)
			d++;
		tally_add(&by_dir[d], &t);
		tally_add(&total, &t);
	}
	fprintf(out, "--\n");
	for (size_t d = 0; d < n; d++) {
		if (d > 0 && strcmp(all[d].dir, all[d - 1].dir) == 0)
			continue;
		char label[64];
		snprintf(label, sizeof label, "%s (all)", all[d].dir);
		tally_print(out, label, &by_dir[d]);
	}
	tally_print(out, "overall", &total);
	fflush(out);

	double f1 = f1_of(&total), spk = ratio(total.speaker_ok, total.matched);
	cr_expect(f1 >= MIN_F1, "overall F1 %.3f is under %.2f (the lines above say why)",
	          f1, MIN_F1);
	cr_expect(spk >= MIN_SPEAKER, "overall speaker accuracy %.3f is under %.2f", spk,
	          MIN_SPEAKER);
	free(by_dir);
	free(all);
	front_close(&fr);
}
