/* precis_typography: both directions, the traps, and idempotence. The
 * rules come from lang/<code>/meta.txt; NB is U+00A0, NN is U+202F. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "precis/precis.h"

#define NB "\xC2\xA0"
#define NN "\xE2\x80\xAF"

static struct precis_langset *langs;

static void setup(void)
{
	struct precis_error err;
	cr_assert_eq(precis_langset_load(NULL, &langs, &err), PRECIS_OK, "%s", err.message);
}

static void teardown(void)
{
	precis_langset_free(langs);
}

TestSuite(typography, .init = setup, .fini = teardown);

static char *typo_with(const struct precis_lang *lang, const char *in)
{
	char *out = NULL;
	size_t len = 0;
	struct precis_error err;
	cr_assert_eq(precis_typography(lang, in, strlen(in), &out, &len, &err), PRECIS_OK,
	             "%s", err.message);
	cr_assert_eq(strlen(out), len);
	return out;
}

static char *typo(const char *code, const char *in)
{
	const struct precis_lang *lang = precis_langset_find(langs, code);
	cr_assert_not_null(lang, "no language %s", code);
	return typo_with(lang, in);
}

/* out is what in becomes, and setting out again changes nothing. */
static void expect(const char *code, const char *in, const char *want)
{
	char *out = typo(code, in);
	cr_expect_str_eq(out, want, "[%s] %s", code, in);
	char *again = typo(code, out);
	cr_expect_str_eq(again, out, "[%s] not idempotent on %s", code, out);
	free(again);
	free(out);
}

/* ---- French to English ---- */

Test(typography, french_quotes_become_english)
{
	expect("en", "\xC2\xAB" NB "Nous partirons demain" NB "\xC2\xBB, a-t-il dit.",
	       "\xE2\x80\x9CNous partirons demain\xE2\x80\x9D, a-t-il dit.");
	/* Plain spaces, or none, inside the guillemets. */
	expect("en", "\xC2\xAB Oui \xC2\xBB et \xC2\xABnon\xC2\xBB",
	       "\xE2\x80\x9COui\xE2\x80\x9D et \xE2\x80\x9Cnon\xE2\x80\x9D");
}

Test(typography, french_inner_quotes_become_english_inner)
{
	expect("en",
	       "\xC2\xAB" NB "Il a dit \xE2\x80\x9Cjamais\xE2\x80\x9D, puis il est parti" NB
	       "\xC2\xBB",
	       "\xE2\x80\x9CIl a dit \xE2\x80\x98jamais\xE2\x80\x99, puis il est "
	       "parti\xE2\x80\x9D");
}

Test(typography, english_drops_spaces_before_punctuation)
{
	expect("en", "Pourquoi" NN "? Parce que" NN "! Voici" NB ": la liste" NN "; fin.",
	       "Pourquoi? Parce que! Voici: la liste; fin.");
	expect("en", "Why ? Because ! Here : the list ; end.",
	       "Why? Because! Here: the list; end.");
}

/* ---- English to French ---- */

Test(typography, english_quotes_become_french)
{
	expect("fr", "\xE2\x80\x9CWe will leave tomorrow,\xE2\x80\x9D he said.",
	       "\xC2\xAB" NB "We will leave tomorrow," NB "\xC2\xBB he said.");
	expect("fr",
	       "\xE2\x80\x9CIt is a \xE2\x80\x98test\xE2\x80\x99 of will\xE2\x80\x9D",
	       "\xC2\xAB" NB "It is a \xE2\x80\x9Ctest\xE2\x80\x9D of will" NB "\xC2\xBB");
}

Test(typography, french_spaces_before_punctuation)
{
	expect("fr", "Pourquoi? Parce que! Voici: la liste; fin.",
	       "Pourquoi" NN "? Parce que" NN "! Voici" NB ": la liste" NN "; fin.");
	/* Plain spaces and the wrong no-break space are set right. */
	expect("fr", "Pourquoi ? Non" NB "! Enfin :",
	       "Pourquoi" NN "? Non" NN "! Enfin" NB ":");
}

Test(typography, no_space_before_comma_period_or_ellipsis)
{
	expect("fr", "Oui, non. Peut-\xC3\xAAtre\xE2\x80\xA6 Fin.",
	       "Oui, non. Peut-\xC3\xAAtre\xE2\x80\xA6 Fin.");
}

Test(typography, a_run_of_marks_takes_one_space)
{
	expect("fr", "Quoi?! Vraiment ?! Non ! ?",
	       "Quoi" NN "?! Vraiment" NN "?! Non" NN "!?");
	expect("en", "What ?! Really ! ?", "What?! Really!?");
}

Test(typography, scraped_french_is_repaired)
{
	expect("fr", "\xC2\xAB Pourquoi? \xC2\xBB demande-t-il. \xC2\xABParce que\xC2\xBB, dit-elle.",
	       "\xC2\xAB" NB "Pourquoi" NN "?" NB "\xC2\xBB demande-t-il. \xC2\xAB" NB
	       "Parce que" NB "\xC2\xBB, dit-elle.");
}

/* ---- straight quotes and apostrophes ---- */

Test(typography, straight_quotes_are_paired_by_position)
{
	expect("fr", "Il a dit \"non\" et \"jamais\".",
	       "Il a dit \xC2\xAB" NB "non" NB "\xC2\xBB et \xC2\xAB" NB "jamais" NB
	       "\xC2\xBB.");
	expect("en", "He said \"no 'never' again\" (\"twice\").",
	       "He said \xE2\x80\x9Cno \xE2\x80\x98never\xE2\x80\x99 again\xE2\x80\x9D "
	       "(\xE2\x80\x9Ctwice\xE2\x80\x9D).");
}

Test(typography, apostrophes_are_never_quotes)
{
	expect("fr", "l'\xC3\x89tat et aujourd'hui", "l\xE2\x80\x99\xC3\x89tat et "
	                                             "aujourd\xE2\x80\x99hui");
	expect("en", "don't, it's the '90s", "don\xE2\x80\x99t, it\xE2\x80\x99s the "
	                                       "\xE2\x80\x99\x39\x30s");
	expect("en", "the \xE2\x80\x99\x39\x30s and the students\xE2\x80\x99 books",
	       "the \xE2\x80\x99\x39\x30s and the students\xE2\x80\x99 books");
	/* An apostrophe inside a quotation does not close it. */
	expect("fr", "\xE2\x80\x9CL'\xC3\xA9t\xC3\xA9 n'est pas fini\xE2\x80\x9D",
	       "\xC2\xAB" NB "L\xE2\x80\x99\xC3\xA9t\xC3\xA9 n\xE2\x80\x99\x65st pas fini" NB
	       "\xC2\xBB");
}

Test(typography, unpaired_straight_marks_stay)
{
	expect("en", "He is 5'10\" tall", "He is 5'10\" tall");
	expect("fr", "Un seul \" ici", "Un seul \" ici");
}

/* ---- traps for the punctuation spaces ---- */

Test(typography, urls_times_ratios_and_emoticons_are_left_alone)
{
	const char *same[] = {
		"Voir https://example.org/a?b=1&c=2 demain",
		"Voir www.example.org/page?x=1! et la suite",
		"Ecrire a redaction@example.org: merci",
		"Rendez-vous a 10:30 ou 14:05:59",
		"Un ratio de 3:1, score 2:0",
		"Super :) et ;-) ou :(",
		"Le fichier C:\\docs",
		"Yahoo!Finance",
	};
	for (size_t i = 0; i < sizeof same / sizeof *same; i++) {
		char *out = typo("fr", same[i]);
		cr_expect_str_eq(out, same[i]);
		free(out);
	}
}

Test(typography, no_space_after_a_bracket_or_at_a_line_start)
{
	expect("fr", "(?) et [!]\n: suite", "(?) et [!]\n: suite");
}

/* ---- quotations over paragraphs, unclosed ones ---- */

Test(typography, a_quotation_over_several_paragraphs)
{
	expect("en",
	       "\xC2\xAB" NB "Le premier paragraphe\n\n\xC2\xAB" NB
	       "Le second, o\xC3\xB9 il dit \xE2\x80\x9Coui\xE2\x80\x9D.\n\n\xC2\xAB" NB
	       "La fin." NB "\xC2\xBB",
	       "\xE2\x80\x9CLe premier paragraphe\n\n\xE2\x80\x9CLe second, o\xC3\xB9 il dit "
	       "\xE2\x80\x98oui\xE2\x80\x99.\n\n\xE2\x80\x9CLa fin.\xE2\x80\x9D");
}

Test(typography, an_opening_mark_left_unclosed_is_converted_alone)
{
	expect("fr", "He goes on: \xE2\x80\x9CWhen Belgium acts, it wins!\n\nNext.",
	       "He goes on" NB ": \xC2\xAB" NB "When Belgium acts, it wins" NN "!\n\nNext.");
}

/* ---- idempotence and data ---- */

Test(typography, correct_text_is_left_unchanged)
{
	const char *fr = "\xC2\xAB" NB "Nous ne c\xC3\xA9\x64\x65rons pas" NN "!" NB
	                 "\xC2\xBB, a lanc\xC3\xA9 la ministre" NB ": \xC2\xAB" NB
	                 "Le \xE2\x80\x9C\x64ialogue\xE2\x80\x9D est fini." NB
	                 "\xC2\xBB Pourquoi" NN "? L\xE2\x80\x99\xC3\xA9t\xC3\xA9.\n";
	char *out = typo("fr", fr);
	cr_expect_str_eq(out, fr);
	free(out);
	const char *en = "\xE2\x80\x9CWe will not give in!\xE2\x80\x9D the minister said: "
	                 "\xE2\x80\x9CThe \xE2\x80\x98\x64ialogue\xE2\x80\x99 is over.\xE2\x80\x9D "
	                 "Why? It\xE2\x80\x99s late.\n";
	out = typo("en", en);
	cr_expect_str_eq(out, en);
	free(out);
}

Test(typography, round_trip_fr_en_fr)
{
	const char *fr = "\xC2\xAB" NB "Pourquoi" NN "? Parce que c\xE2\x80\x99\x65st "
	                 "\xE2\x80\x9Cjuste\xE2\x80\x9D" NB "\xC2\xBB, dit-il" NB ": non.";
	char *en = typo("en", fr);
	char *back = typo("fr", en);
	cr_expect_str_eq(back, fr);
	free(en);
	free(back);
}

Test(typography, empty_text)
{
	char *out = typo("fr", "");
	cr_expect_str_eq(out, "");
	free(out);
}

/* A lang folder of its own: a language with no typography keys changes
 * nothing; a bad value names the key and the language. */
static char tmpdir[64];

static void write_meta(const char *code, const char *content)
{
	char path[256];
	snprintf(path, sizeof path, "%s/%s", tmpdir, code);
	mkdir(path, 0755);
	snprintf(path, sizeof path, "%s/%s/meta.txt", tmpdir, code);
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs(content, f);
	fclose(f);
	/* Every language has lists; a folder with meta.txt alone is not
	 * what this test is about. */
	snprintf(path, sizeof path, "%s/%s/stopwords.txt", tmpdir, code);
	f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs("le\n", f);
	fclose(f);
}

Test(typography, rules_come_from_the_data)
{
	strcpy(tmpdir, "/tmp/precis-typo-XXXXXX");
	cr_assert_not_null(mkdtemp(tmpdir));
	write_meta("xx", "name = plain\n");
	write_meta("yy", "name = bad\nspace_before_colon = wide\n");
	write_meta("zz", "name = swiss\nquote_outer = \xC2\xAB \xC2\xBB\n"
	                 "quote_inner = \xE2\x80\xB9 \xE2\x80\xBA\n"
	                 "space_before_question = space\n");
	struct precis_langset *set;
	struct precis_error err;
	cr_assert_eq(precis_langset_load(tmpdir, &set, &err), PRECIS_OK, "%s", err.message);

	const char *in = "\xE2\x80\x9CWhy ?\xE2\x80\x9D he said : \"no\".";
	char *out = typo_with(precis_langset_find(set, "xx"), in);
	cr_expect_str_eq(out, in);
	free(out);

	char *bad = NULL;
	cr_expect_eq(precis_typography(precis_langset_find(set, "yy"), in, strlen(in), &bad,
	                               NULL, &err),
	             PRECIS_E_CONFIG);
	cr_expect_null(bad);
	cr_expect(strstr(err.message, "space_before_colon"));
	cr_expect_str_eq(err.where, "yy");

	out = typo_with(precis_langset_find(set, "zz"), "\"Pourquoi? 'non'\"");
	cr_expect_str_eq(out, "\xC2\xAB" "Pourquoi ? \xE2\x80\xB9non\xE2\x80\xBA\xC2\xBB");
	free(out);
	precis_langset_free(set);

	const char *codes[] = {"xx", "yy", "zz"};
	for (int i = 0; i < 3; i++) {
		char path[256];
		snprintf(path, sizeof path, "%s/%s/meta.txt", tmpdir, codes[i]);
		unlink(path);
		snprintf(path, sizeof path, "%s/%s/stopwords.txt", tmpdir, codes[i]);
		unlink(path);
		snprintf(path, sizeof path, "%s/%s", tmpdir, codes[i]);
		rmdir(path);
	}
	rmdir(tmpdir);
}

/* ---- properties over random text made of the pieces that matter ---- */

static const char *const pieces[] = {
	"mot", "Oui", "l'", "\xC3\xA9t\xC3\xA9", " ", "  ", "\n", "\n\n", "\xC2\xAB", "\xC2\xBB",
	"\xC2\xAB" NB, NB "\xC2\xBB", "\xE2\x80\x9C", "\xE2\x80\x9D", "\xE2\x80\x98", "\xE2\x80\x99",
	"\"", "'", "\xE2\x80\x9E", "\xE2\x80\xB9", "\xE2\x80\xBA", ";", ":", "!", "?", "?!", ",",
	".", "\xE2\x80\xA6", NB, NN, "(", ")", "10:30", "https://x.org/a?b", ":)", "'90s", "5'",
	"\xE2\x80\x94 ",
};

static int valid_utf8(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	while (*u) {
		int k = *u < 0x80 ? 0 : *u >= 0xF0 ? 3 : *u >= 0xE0 ? 2 : *u >= 0xC2 ? 1 : -1;
		if (k < 0)
			return 0;
		for (int i = 1; i <= k; i++)
			if ((u[i] & 0xC0) != 0x80)
				return 0;
		u += k + 1;
	}
	return 1;
}

/* Junk of every mark: whatever comes out is valid UTF-8. */
Test(typography, random_junk_gives_valid_text)
{
	unsigned seed = 1789;
	const char *codes[] = {"fr", "en"};
	for (int round = 0; round < 4000; round++) {
		char s[1024] = "";
		size_t used = 0, n = 1 + (size_t)(rand_r(&seed) % 30);
		for (size_t i = 0; i < n; i++) {
			const char *p = pieces[rand_r(&seed) % (sizeof pieces / sizeof *pieces)];
			size_t k = strlen(p);
			memcpy(s + used, p, k + 1);
			used += k;
		}
		char *once = typo(codes[round % 2], s);
		cr_assert(valid_utf8(once), "round %d: invalid UTF-8 from \"%s\"", round, s);
		free(once);
	}
}

/* Plausible text: words, apostrophes, punctuation spaced every way, URLs,
 * times, and quotations in every style and spacing, nested, sometimes left
 * open at a paragraph end. Not plural possessives (students’): inside an
 * English inner quotation ‘...’ they read as its end, a known ambiguity. */
struct gen {
	unsigned seed;
	char s[4096];
	size_t len;
};

static void add(struct gen *g, const char *p)
{
	size_t k = strlen(p);
	if (g->len + k + 1 < sizeof g->s) {
		memcpy(g->s + g->len, p, k + 1);
		g->len += k;
	}
}

static const char *pick(struct gen *g, const char *const *list, size_t n)
{
	return list[rand_r(&g->seed) % n];
}

#define PICK(g, list) pick(g, list, sizeof list / sizeof *list)

static void gen_clause(struct gen *g, int depth)
{
	static const char *const words[] = {
		"la", "r\xC3\xA9\x66orme", "Oui", "the", "vote", "l'\xC3\x89tat", "aujourd'hui",
		"don't", "l\xE2\x80\x99\x65t\xC3\xA9", "'90s",
		"10:30", "3:1", "https://x.org/a?b=1", "www.x.org", "a@b.org", ":)",
		"Paris", "(voir)", "M.", "12"};
	static const char *const space[] = {" ", " ", " ", NB, NN, ""};
	static const char *const marks[] = {"?", "!", ":", ";", "?!", ",", ".", "\xE2\x80\xA6"};
	static const char *const open[] = {"\xC2\xAB", "\xE2\x80\x9C", "\"", "\xE2\x80\x98"};
	static const char *const close[] = {"\xC2\xBB", "\xE2\x80\x9D", "\"", "\xE2\x80\x99"};
	size_t n = 1 + (size_t)(rand_r(&g->seed) % 6);
	for (size_t i = 0; i < n; i++) {
		if (i)
			add(g, " ");
		int r = (int)(rand_r(&g->seed) % 10);
		if (r == 0 && depth < 2) {
			/* double marks outside, any inside */
			int k = depth ? (int)(rand_r(&g->seed) % 4) : (int)(rand_r(&g->seed) % 3);
			const char *sp = k == 0 ? PICK(g, space) : "";
			add(g, open[k]);
			add(g, sp);
			gen_clause(g, depth + 1);
			add(g, sp);
			add(g, close[k]);
		} else if (r == 1) {
			add(g, PICK(g, space));
			add(g, PICK(g, marks));
		} else {
			add(g, PICK(g, words));
		}
	}
}

Test(typography, plausible_text_is_set_once_and_for_all)
{
	struct gen g = {.seed = 1789};
	const char *codes[] = {"fr", "en"};
	for (int round = 0; round < 4000; round++) {
		g.len = 0;
		g.s[0] = '\0';
		size_t paras = 1 + (size_t)(rand_r(&g.seed) % 3);
		for (size_t p = 0; p < paras; p++) {
			if (p)
				add(&g, "\n\n");
			if (rand_r(&g.seed) % 8 == 0)
				add(&g, "\xE2\x80\x9C"); /* a quotation left open */
			gen_clause(&g, 0);
			add(&g, ".");
		}
		const char *code = codes[round % 2];
		char *once = typo(code, g.s);
		char *twice = typo(code, once);
		cr_assert_str_eq(twice, once, "round %d [%s]: not idempotent on \"%s\"", round,
		                 code, g.s);
		free(once);
		free(twice);
	}
}
