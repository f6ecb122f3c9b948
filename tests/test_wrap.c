/* precis_wrap: ICU line breaking at a display width, each rule of
 * precis/wrap.h. NB is U+00A0, NN is U+202F. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "precis/wrap.h"

#define NB "\xC2\xA0"
#define NN "\xE2\x80\xAF"

static char *wrap3(const char *in, size_t width, const char *first, const char *indent)
{
	struct precis_wrap_opts o = {.width = width, .first = first, .indent = indent};
	char *out = NULL;
	size_t len = 0;
	struct precis_error err;
	cr_assert_eq(precis_wrap(in, strlen(in), &o, &out, &len, &err), PRECIS_OK, "%s",
	             err.message);
	cr_assert_not_null(out);
	cr_assert_eq(strlen(out), len);
	return out;
}

static char *wrap(const char *in, size_t width)
{
	return wrap3(in, width, NULL, NULL);
}

static void expect(const char *in, size_t width, const char *want)
{
	char *got = wrap(in, width);
	cr_expect_str_eq(got, want, "wrap(\"%s\", %zu)", in, width);
	free(got);
}

/* Every line of out fits in width, except a line holding one unbreakable
 * word; returns how many lines it has. */
static size_t check_lines(const char *out, size_t width, const char *in)
{
	size_t lines = 0;
	for (const char *l = out; *l;) {
		const char *nl = strchr(l, '\n');
		cr_assert_not_null(nl, "the last line has no newline: \"%s\"", out);
		size_t w = precis_display_width(l, (size_t)(nl - l));
		int one_word = memchr(l, ' ', (size_t)(nl - l)) == NULL;
		cr_expect(w <= width || one_word,
		          "line \"%.*s\" is %zu wide (width %zu) for \"%s\"",
		          (int)(nl - l), l, w, width, in);
		cr_expect(nl == l || nl[-1] != ' ', "line \"%.*s\" ends with a space",
		          (int)(nl - l), l);
		lines++;
		l = nl + 1;
	}
	return lines;
}

/* No line of out starts with any of the strings in bad. */
static void check_starts(const char *out, const char *const *bad, const char *in,
                         size_t width)
{
	for (const char *l = out; *l;) {
		for (size_t i = 0; bad[i]; i++)
			cr_expect(
			    strncmp(l, bad[i], strlen(bad[i])) != 0,
			    "a line starts with \"%s\" at width %zu:\n%s(from \"%s\")",
			    bad[i], width, out, in);
		const char *nl = strchr(l, '\n');
		l = nl ? nl + 1 : l + strlen(l);
	}
}

/* The text without its line breaks and spaces: what wrapping must keep. */
static char *squeeze(const char *s)
{
	char *o = malloc(strlen(s) + 1), *w = o;
	for (; *s; s++)
		if (*s != '\n' && *s != ' ')
			*w++ = *s;
	*w = '\0';
	return o;
}

static void check_kept(const char *in, const char *out)
{
	char *a = squeeze(in), *b = squeeze(out);
	cr_expect_str_eq(b, a, "wrapping lost or changed characters");
	free(a);
	free(b);
}

Test(wrap, english)
{
	expect("The quick brown fox jumps over the lazy dog.", 16,
	       "The quick brown\nfox jumps over\nthe lazy dog.\n");
	expect("The quick brown fox jumps over the lazy dog.", 80,
	       "The quick brown fox jumps over the lazy dog.\n");
	/* a hyphen is a break opportunity in ICU's rules */
	expect("a well-known story", 8, "a well-\nknown\nstory\n");
	/* spaces at a break are dropped, runs of spaces inside a line kept */
	expect("one  two   three", 9, "one  two\nthree\n");
}

Test(wrap, french_typography)
{
	/* U+202F before ; ! ?, U+00A0 before : and inside « » (what the
	 * backend's cleaning and lang/fr give) */
	const char *in = "Le maire a déclaré" NB ": «" NB "Nous ne céderons pas" NB "!" NB
	                 "» Pourquoi" NN "? Parce que la ville" NN "; les habitants" NN
	                 "! «" NB "Ça" NB "suffit" NB "» dit-il.";
	static const char *const bad[] = {"»", "?", "!", ";", ":", NB, NN, NULL};
	for (size_t width = 4; width <= 60; width++) {
		char *out = wrap(in, width);
		check_starts(out, bad, in, width);
		check_lines(out, width, in);
		check_kept(in, out);
		/* no line ends with an opening mark */
		cr_expect_null(strstr(out, "«\n"), "%s", out);
		cr_expect_null(strstr(out, "«" NB "\n"), "%s", out);
		free(out);
	}
	/* a short « x » with no-break spaces is one unit: it is never split */
	char *out = wrap("il dit «" NB "oui" NB "» et part", 9);
	cr_expect_str_eq(out, "il dit\n«" NB "oui" NB "»\net part\n");
	free(out);
}

Test(wrap, french_plain_spaces)
{
	/* scraped French often has plain spaces where no-break ones belong:
	 * still no line starts with a closing mark or ? ! ; : */
	const char *in =
	    "Elle demande : « Pourquoi ? » Puis : « Assez ! » et « fin ; » voilà.";
	static const char *const bad[] = {"»", "?", "!", ";", ":", NULL};
	for (size_t width = 3; width <= 40; width++) {
		char *out = wrap(in, width);
		check_starts(out, bad, in, width);
		cr_expect_null(strstr(out, "«\n"), "a line ends with « at width %zu:\n%s",
		               width, out);
		check_kept(in, out);
		free(out);
	}
}

Test(wrap, english_marks)
{
	const char *in = "“We will appeal,” she said. “Why?” he asked! (it was late) ok";
	static const char *const bad[] = {"”", "?", "!", ")", ",", NULL};
	for (size_t width = 3; width <= 40; width++) {
		char *out = wrap(in, width);
		check_starts(out, bad, in, width);
		cr_expect_null(strstr(out, "“\n"), "%s", out);
		check_kept(in, out);
		free(out);
	}
}

Test(wrap, long_url_stays_whole)
{
	const char *url = "https://www.example.org/2024/05/17/a-very-long-path/"
	                  "with-many-parts?utm_source=feed&id=1234567";
	char in[512];
	snprintf(in, sizeof in, "Read it at %s for details.", url);
	char *out = wrap(in, 30);
	char want[512];
	snprintf(want, sizeof want, "Read it at\n%s\nfor details.\n", url);
	cr_expect_str_eq(out, want);
	free(out);
	/* a long word with no break at all gets a line to itself, uncut */
	expect("a Donaudampfschifffahrtsgesellschaft b", 10,
	       "a\nDonaudampfschifffahrtsgesellschaft\nb\n");
}

Test(wrap, width_one)
{
	expect("ab cd e", 1, "ab\ncd\ne\n");
	char *out = wrap("Il dit" NB ": «" NB "non" NB "».", 1);
	cr_expect_str_eq(out, "Il\ndit" NB ":\n«" NB "non" NB "».\n");
	free(out);
}

Test(wrap, empty_and_blank)
{
	expect("", 20, "");
	expect("   ", 20, ""); /* white space alone makes no line */
	/* line breaks in the text are kept; a blank line stays blank */
	expect("first line\n\nsecond one here", 10, "first line\n\nsecond one\nhere\n");
	expect("ends with a newline\n", 80, "ends with a newline\n");
}

Test(wrap, cjk_counts_two_columns)
{
	/* each ideograph is 2 columns: 3 fit in 6 */
	const char *in = "日本語のテキストを折り返します";
	cr_expect_eq(precis_display_width(in, strlen(in)), 30);
	char *out = wrap(in, 6);
	size_t lines = check_lines(out, 6, in);
	cr_expect_geq(lines, 5, "%s", out);
	check_kept(in, out);
	free(out);
	/* mixed with Latin: the column count holds */
	out = wrap("Tokyo 東京 is the capital 首都 of Japan", 10);
	check_lines(out, 10, "mixed");
	free(out);
}

Test(wrap, combining_marks_count_zero)
{
	/* e + U+0301, and a precomposed é: both one column */
	cr_expect_eq(precis_display_width("e\xCC\x81", 3), 1);
	cr_expect_eq(precis_display_width("\xC3\xA9", 2), 1);
	cr_expect_eq(precis_display_width("ＡＢ", strlen("ＡＢ")), 4); /* fullwidth */
	cr_expect_eq(precis_display_width("a\nb", 3), 2);
	/* five decomposed é fit in 5 columns though they take 15 bytes */
	expect("e\xCC\x81"
	       "e\xCC\x81"
	       "e\xCC\x81"
	       "e\xCC\x81"
	       "e\xCC\x81"
	       " x",
	       7,
	       "e\xCC\x81"
	       "e\xCC\x81"
	       "e\xCC\x81"
	       "e\xCC\x81"
	       "e\xCC\x81"
	       " x\n");
}

Test(wrap, prefix_and_hanging_indent)
{
	char *out = wrap3("one two three four five six", 12, "  - ", "    ");
	cr_expect_str_eq(out, "  - one two\n    three\n    four\n    five six\n");
	free(out);
	/* a blank line keeps the prefix without its trailing space */
	out = wrap3("a\n\nb", 20, "> ", "> ");
	cr_expect_str_eq(out, "> a\n>\n> b\n");
	free(out);
	/* a prefix wider than the width still leaves one word a line */
	out = wrap3("x y", 2, "-----", "-----");
	cr_expect_str_eq(out, "-----x\n-----y\n");
	free(out);
}

Test(wrap, invalid_utf8_and_defaults)
{
	char *out = NULL;
	size_t len = 0;
	struct precis_error err;
	cr_assert_eq(precis_wrap("a\xFF"
	                         "b",
	                         3, NULL, &out, &len, &err),
	             PRECIS_OK);
	cr_expect_str_eq(out, "a\xEF\xBF\xBD"
	                      "b\n"); /* U+FFFD */
	free(out);
	/* NULL options: 80 columns */
	char in[200];
	memset(in, 'a', sizeof in);
	for (size_t i = 9; i < sizeof in; i += 10)
		in[i] = ' ';
	in[sizeof in - 1] = '\0';
	cr_assert_eq(precis_wrap(in, strlen(in), NULL, &out, &len, &err), PRECIS_OK);
	cr_expect_eq(check_lines(out, 80, in), 3, "%s", out);
	free(out);
}
