#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "precis/precis.h"
#include "core/doc_int.h"
#include "core/offmap.h"

/* Text written for these tests, in the style of press articles. */
static const char fr_long[] =
	"Le conseil municipal de Grenoble a adopté mardi soir, après plus de quatre "
	"heures de débat, un plan de rénovation des écoles qui doit coûter 48 millions "
	"d’euros sur six ans. L’opposition, qui réclamait un calendrier plus court, a "
	"voté contre en dénonçant « une promesse repoussée au mandat suivant ». La "
	"maire assure au contraire que les premiers chantiers commenceront dès l’été "
	"prochain, dans les groupes scolaires où les fenêtres n’ont pas été changées "
	"depuis les années soixante-dix.";

static const char en_long[] =
	"The city council in Bristol voted on Tuesday night, after more than four hours "
	"of debate, for a school renovation plan that is expected to cost 48 million "
	"pounds over six years. The opposition, which had demanded a shorter timetable, "
	"voted against it and called it “a promise pushed back to the next term”. The "
	"mayor insists that the first works will begin next summer, in the schools where "
	"the windows have not been replaced since the seventies.";

static const char *const fr_short[] = {
	"Le gouvernement a tranché",
	"Il faut agir vite, dit-elle",
	"La ministre a annoncé mardi",
	"Les syndicats appellent à la grève",
	"Une réforme contestée par l’opposition",
	"C’est une décision historique",
	"Le maire de Lyon démissionne",
	"Nous n’avons pas le choix",
	"Hausse des prix de l’énergie",
	"Le texte sera voté jeudi soir",
	"L’État n’a pas dit son dernier mot",
	"Trois blessés dans un incendie",
	"Les prix flambent à Marseille",
	"Un an de prison avec sursis",
};

static const char *const en_short[] = {
	"The government has decided",
	"We must act quickly, she said",
	"The minister said on Tuesday",
	"Unions call for a national strike",
	"A reform opposed by the opposition",
	"It is a historic decision",
	"The mayor of Leeds resigns",
	"We have no choice in this",
	"Why inflation refuses to ease",
	"The bill will be voted on Thursday",
	"She wasn’t told about the deal",
	"Three injured in a house fire",
	"What’s next for the coalition?",
	"No trace of the suspect yet",
};

static struct precis_langset *set;
static struct precis_detector *det;

static void setup(void)
{
	struct precis_error err;
	cr_assert_eq(precis_langset_load(NULL, &set, &err), PRECIS_OK, "%s", err.message);
	cr_assert_eq(precis_detector_new(set, &det, &err), PRECIS_OK, "%s", err.message);
}

static void teardown(void)
{
	precis_detector_free(det);
	precis_langset_free(set);
}

static const char *detect(const char *s, double *conf)
{
	return precis_detect_text(det, s, strlen(s), conf);
}

/* A doc whose paragraphs are the given strings, separated by blank lines;
 * built by hand so these tests do not depend on the normalizer. */
static struct precis_doc *make_doc(const char *const *paras, size_t n)
{
	size_t len = 0;
	for (size_t i = 0; i < n; i++)
		len += strlen(paras[i]) + 2;
	char *text = malloc(len + 1);
	struct precis_doc *doc = precis_doc_new("article.txt");
	size_t at = 0;
	size_t *starts = malloc((n ? n : 1) * sizeof *starts);
	for (size_t i = 0; i < n; i++) {
		starts[i] = at;
		memcpy(text + at, paras[i], strlen(paras[i]));
		at += strlen(paras[i]);
		text[at++] = '\n';
		text[at++] = '\n';
	}
	text[at] = '\0';
	struct px_offmap map;
	px_offmap_identity(&map, at);
	px_doc_set_text(doc, text, at, &map);
	for (size_t i = 0; i < n; i++)
		px_doc_add_para(doc, starts[i], starts[i] + strlen(paras[i]));
	free(starts);
	return doc;
}

TestSuite(detect, .init = setup, .fini = teardown);

Test(detect, long_french_paragraph_is_french_and_sure)
{
	double c;
	cr_assert_str_eq(detect(fr_long, &c), "fr");
	cr_assert_gt(c, 0.9, "confidence %f", c);
}

Test(detect, long_english_paragraph_is_english_and_sure)
{
	double c;
	cr_assert_str_eq(detect(en_long, &c), "en");
	cr_assert_gt(c, 0.9, "confidence %f", c);
}

Test(detect, short_french_snippets)
{
	for (size_t i = 0; i < sizeof fr_short / sizeof *fr_short; i++) {
		double c;
		size_t n = strlen(fr_short[i]);
		cr_assert(n >= 20 && n <= 42, "\"%s\" is %zu bytes", fr_short[i], n);
		cr_assert_str_eq(detect(fr_short[i], &c), "fr", "\"%s\" (%f)", fr_short[i], c);
	}
}

Test(detect, short_english_snippets)
{
	for (size_t i = 0; i < sizeof en_short / sizeof *en_short; i++) {
		double c;
		size_t n = strlen(en_short[i]);
		cr_assert(n >= 20 && n <= 42, "\"%s\" is %zu bytes", en_short[i], n);
		cr_assert_str_eq(detect(en_short[i], &c), "en", "\"%s\" (%f)", en_short[i], c);
	}
}

Test(detect, either_apostrophe_gives_the_same_answer)
{
	static const char *const pairs[][2] = {
		{"L’opposition n’en veut pas", "L'opposition n'en veut pas"},
		{"Qu’il parte, c’est tout", "Qu'il parte, c'est tout"},
		{"They don’t want it, it’s over", "They don't want it, it's over"},
		{"The mayor’s plan was dropped", "The mayor's plan was dropped"},
	};
	for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
		double c1, c2;
		const char *a = detect(pairs[i][0], &c1);
		const char *b = detect(pairs[i][1], &c2);
		cr_assert_str_eq(a, b, "\"%s\"", pairs[i][0]);
		cr_assert_str_neq(a, "und", "\"%s\"", pairs[i][0]);
		cr_assert_float_eq(c1, c2, 1e-9, "\"%s\": %f vs %f", pairs[i][0], c1, c2);
	}
}

Test(detect, capitals_and_accents_do_not_confuse_it)
{
	double c;
	cr_assert_str_eq(detect("LE GOUVERNEMENT A TRANCHÉ CE MATIN", &c), "fr");
	cr_assert_str_eq(detect("L’ÉTAT N’A PAS DIT SON DERNIER MOT", &c), "fr");
	cr_assert_str_eq(detect("À Paris, l’été sera chaud et sec", &c), "fr");
	cr_assert_str_eq(detect("THE GOVERNMENT HAS DECIDED TODAY", &c), "en");
	/* Acronyms in capitals are not words: UN and US vote for nothing. */
	cr_assert_str_eq(detect("The UN says the US must act now", &c), "en");
	/* The same French text, decomposed (e + U+0301): still French. */
	cr_assert_str_eq(detect("Le de\xcc\x81" "bat a e\xcc\x81te\xcc\x81 tranche\xcc\x81 hier", &c),
	                 "fr");
}

Test(detect, undetermined_inputs)
{
	static const char *const und[] = {
		"",
		"   \n\t ",
		"12 345 678,90 € — 2024-06-30 17:45",
		"https://www.example.com/news/2024/06/the-article?id=42",
		"www.exemple.fr/politique/article-12345.html",
		"redaction@exemple.fr",
		"Jean Dupont, Mary Smith, Paolo Rossi",
		"Boris Johnson",
		"« » “ ” … — !!!",
		"ok",
	};
	for (size_t i = 0; i < sizeof und / sizeof *und; i++) {
		double c = -1;
		cr_assert_str_eq(detect(und[i], &c), "und", "\"%s\" (%f)", und[i], c);
		cr_assert(c >= 0 && c < 0.25, "\"%s\": %f", und[i], c);
	}
	double c = -1;
	cr_assert_str_eq(precis_detect_text(det, NULL, 0, &c), "und");
	cr_assert_float_eq(c, 0, 1e-12);
	cr_assert_str_eq(precis_detect_text(det, "Le gouvernement", 0, NULL), "und");
}

Test(detect, confidence_grows_with_evidence)
{
	double lf, sf, le, se;
	detect(fr_long, &lf);
	detect("Le texte sera voté jeudi soir", &sf);
	detect(en_long, &le);
	detect("The bill will be voted on Thursday", &se);
	cr_assert_gt(lf, sf, "long %f, short %f", lf, sf);
	cr_assert_gt(le, se, "long %f, short %f", le, se);
	cr_assert_lt(sf, 0.9, "short French %f", sf);
	cr_assert_lt(se, 0.9, "short English %f", se);
	/* Mixed text: a French sentence with an English one is less sure. */
	double m;
	const char *l = detect("Le ministre a répondu. The opposition was not convinced.", &m);
	cr_assert(strcmp(l, "und") == 0 || m < lf, "%s %f", l, m);
}

Test(detect, codes_are_langset_storage)
{
	const char *fr = precis_lang_code(precis_langset_find(set, "fr"));
	const char *en = precis_lang_code(precis_langset_find(set, "en"));
	cr_assert_eq(detect(fr_long, NULL), fr);
	cr_assert_eq(detect(en_long, NULL), en);
}

Test(detect, long_text_is_sampled_and_still_right)
{
	/* 200 KB in one paragraph: an English start, French everywhere else. */
	size_t n = 0, cap = 200 * 1024;
	char *s = malloc(cap + sizeof fr_long + sizeof en_long);
	memcpy(s, en_long, strlen(en_long));
	n = strlen(en_long);
	while (n < cap) {
		s[n++] = ' ';
		memcpy(s + n, fr_long, strlen(fr_long));
		n += strlen(fr_long);
	}
	double c;
	cr_assert_str_eq(precis_detect_text(det, s, n, &c), "fr");
	cr_assert_gt(c, 0.5);
	/* One huge word with no space at all: no crash, no language. */
	memset(s, 'x', n);
	cr_assert_str_eq(precis_detect_text(det, s, n, &c), "und");
	/* Invalid UTF-8 and cut sequences are skipped. */
	static const char bad[] = "Le \xff\xfe gouvernement \xc3 a tranch\xc3\xa9 \xe2\x80";
	cr_assert_str_eq(precis_detect_text(det, bad, sizeof bad - 1, &c), "fr");
	free(s);
}

Test(detect, document_and_paragraphs)
{
	const char *const paras[] = {fr_long, "Il faut agir vite, dit-elle", fr_long};
	struct precis_doc *doc = make_doc(paras, 3);
	struct precis_error err;
	cr_assert_eq(precis_detect(det, doc, NULL, &err), PRECIS_OK);
	double c;
	cr_assert_str_eq(precis_doc_lang(doc, &c), "fr");
	cr_assert_gt(c, 0.9);
	for (size_t i = 0; i < 3; i++)
		cr_assert_str_eq(precis_doc_paragraph(doc, i)->lang, "fr");
	cr_assert_gt(precis_doc_paragraph(doc, 0)->lang_confidence,
	             precis_doc_paragraph(doc, 1)->lang_confidence);
	precis_doc_free(doc);
}

Test(detect, english_article_with_a_french_quote)
{
	const char *const paras[] = {
		en_long,
		"Speaking to reporters after the vote, the deputy mayor said the city had "
		"no other option and that the first contracts would be signed in May.",
		"« Nous avons attendu trop longtemps, et ce sont les enfants qui en ont "
		"payé le prix. Il est temps de rattraper ce retard », a déclaré la maire "
		"devant le conseil.",
		en_long,
	};
	struct precis_doc *doc = make_doc(paras, 4);
	cr_assert_eq(precis_detect(det, doc, NULL, NULL), PRECIS_OK);
	double c;
	cr_assert_str_eq(precis_doc_lang(doc, &c), "en");
	cr_assert_gt(c, 0.5);
	cr_assert_lt(c, 0.99, "a mixed document is not fully sure (%f)", c);
	cr_assert_str_eq(precis_doc_paragraph(doc, 0)->lang, "en");
	cr_assert_str_eq(precis_doc_paragraph(doc, 1)->lang, "en");
	cr_assert_str_eq(precis_doc_paragraph(doc, 2)->lang, "fr");
	cr_assert_gt(precis_doc_paragraph(doc, 2)->lang_confidence, 0.5);
	cr_assert_str_eq(precis_doc_paragraph(doc, 3)->lang, "en");
	precis_doc_free(doc);
}

Test(detect, long_paragraphs_outweigh_short_ones)
{
	const char *const paras[] = {
		"The government has decided", "We have no choice in this",
		fr_long, "No trace of the suspect yet",
	};
	struct precis_doc *doc = make_doc(paras, 4);
	cr_assert_eq(precis_detect(det, doc, NULL, NULL), PRECIS_OK);
	cr_assert_str_eq(precis_doc_lang(doc, NULL), "fr");
	/* Clear short English paragraphs keep their own language. */
	cr_assert_str_eq(precis_doc_paragraph(doc, 0)->lang, "en");
	cr_assert_str_eq(precis_doc_paragraph(doc, 2)->lang, "fr");
	precis_doc_free(doc);
}

Test(detect, unclear_paragraphs_inherit_or_stay_und)
{
	const char *const paras[] = {
		"Grenoble", en_long, "Prices soar across Europe", "12 345 — 2024",
		"https://www.example.com/news/article", en_long,
	};
	struct precis_doc *doc = make_doc(paras, 6);
	cr_assert_eq(precis_detect(det, doc, NULL, NULL), PRECIS_OK);
	double dc;
	cr_assert_str_eq(precis_doc_lang(doc, &dc), "en");
	/* A name alone says nothing: it takes the doc language, with a
	 * confidence that says so. */
	const struct precis_para *p = precis_doc_paragraph(doc, 0);
	cr_assert_str_eq(p->lang, "en");
	cr_assert_lt(p->lang_confidence, 0.25);
	/* A headline with no function word: inherited, whatever n-grams say. */
	p = precis_doc_paragraph(doc, 2);
	cr_assert_str_eq(p->lang, "en");
	cr_assert_lt(p->lang_confidence, 0.25);
	/* No words at all: no language. */
	for (size_t i = 3; i <= 4; i++) {
		p = precis_doc_paragraph(doc, i);
		cr_assert_str_eq(p->lang, "und", "paragraph %zu", i);
		cr_assert_float_eq(p->lang_confidence, 0, 1e-12);
	}
	precis_doc_free(doc);
}

Test(detect, empty_and_wordless_documents_are_und)
{
	struct precis_doc *doc = precis_doc_new("empty.txt");
	cr_assert_eq(precis_detect(det, doc, NULL, NULL), PRECIS_OK);
	double c = -1;
	cr_assert_str_eq(precis_doc_lang(doc, &c), "und");
	cr_assert_float_eq(c, 0, 1e-12);
	precis_doc_free(doc);

	const char *const paras[] = {"2024", "12,5 %", "http://example.com/"};
	doc = make_doc(paras, 3);
	cr_assert_eq(precis_detect(det, doc, NULL, NULL), PRECIS_OK);
	cr_assert_str_eq(precis_doc_lang(doc, NULL), "und");
	for (size_t i = 0; i < 3; i++)
		cr_assert_str_eq(precis_doc_paragraph(doc, i)->lang, "und");
	precis_doc_free(doc);
}

Test(detect, forced_language_sets_everything)
{
	const char *const paras[] = {en_long, fr_long, "2024"};
	struct precis_doc *doc = make_doc(paras, 3);
	struct precis_error err;
	cr_assert_eq(precis_detect(det, doc, "fr", &err), PRECIS_OK);
	const char *fr = precis_lang_code(precis_langset_find(set, "fr"));
	double c;
	cr_assert_eq(precis_doc_lang(doc, &c), fr);
	cr_assert_float_eq(c, 1, 1e-12);
	for (size_t i = 0; i < 3; i++) {
		cr_assert_eq(precis_doc_paragraph(doc, i)->lang, fr);
		cr_assert_float_eq(precis_doc_paragraph(doc, i)->lang_confidence, 1, 1e-12);
	}
	precis_doc_free(doc);
}

Test(detect, forcing_an_unknown_language_is_a_usage_error)
{
	const char *const paras[] = {en_long};
	struct precis_doc *doc = make_doc(paras, 1);
	struct precis_error err;
	cr_assert_eq(precis_detect(det, doc, "de", &err), PRECIS_E_USAGE);
	cr_assert_eq(err.status, PRECIS_E_USAGE);
	cr_assert_str_eq(err.where, "article.txt");
	cr_assert(strstr(err.message, "\"de\""), "%s", err.message);
	cr_assert(strstr(err.message, "en, fr"), "%s", err.message);
	/* Nothing was changed. */
	cr_assert_str_eq(precis_doc_lang(doc, NULL), "und");
	precis_doc_free(doc);
}

Test(detect, paragraphs_without_normalize)
{
	/* A doc with text but no paragraphs: the doc still gets a language. */
	struct precis_doc *doc = precis_doc_new(NULL);
	char *text = strdup(fr_long);
	struct px_offmap map;
	px_offmap_identity(&map, strlen(text));
	px_doc_set_text(doc, text, strlen(text), &map);
	cr_assert_eq(precis_detect(det, doc, NULL, NULL), PRECIS_OK);
	cr_assert_str_eq(precis_doc_lang(doc, NULL), "fr");
	precis_doc_free(doc);
}

Test(detect, many_paragraphs)
{
	/* 20 000 short paragraphs: the textcat budget runs out, the words still
	 * decide, and every paragraph gets a language. */
	enum { N = 20000 };
	const char **paras = malloc(N * sizeof *paras);
	for (size_t i = 0; i < N; i++)
		paras[i] = i % 2 ? fr_short[i % 14] : "La réunion a été reportée à demain";
	struct precis_doc *doc = make_doc(paras, N);
	cr_assert_eq(precis_detect(det, doc, NULL, NULL), PRECIS_OK);
	cr_assert_str_eq(precis_doc_lang(doc, NULL), "fr");
	for (size_t i = 0; i < N; i++)
		cr_assert_str_eq(precis_doc_paragraph(doc, i)->lang, "fr", "paragraph %zu: %s", i,
		                 paras[i]);
	precis_doc_free(doc);
	free(paras);
}

/* Without profiles, the words alone decide, less surely. */
Test(detect_no_profiles, words_alone)
{
	double with_tc, c;
	struct precis_langset *s;
	struct precis_detector *d;
	cr_assert_eq(precis_langset_load(NULL, &s, NULL), PRECIS_OK);
	cr_assert_eq(precis_detector_new(s, &d, NULL), PRECIS_OK);
	const char *snippet = "Le texte sera voté jeudi soir";
	precis_detect_text(d, snippet, strlen(snippet), &with_tc);
	precis_detector_free(d);

	setenv("PRECIS_TEXTCAT_DIR", "/nonexistent/textcat", 1);
	struct precis_error err;
	cr_assert_eq(precis_detector_new(s, &d, &err), PRECIS_OK, "%s", err.message);
	cr_assert_str_eq(precis_detect_text(d, fr_long, strlen(fr_long), &c), "fr");
	cr_assert_gt(c, 0.9);
	cr_assert_str_eq(precis_detect_text(d, en_long, strlen(en_long), &c), "en");
	cr_assert_str_eq(precis_detect_text(d, snippet, strlen(snippet), &c), "fr");
	cr_assert_lt(c, with_tc, "%f vs %f", c, with_tc);
	precis_detector_free(d);
	precis_langset_free(s);
}

/* Nothing in the detector knows fr or en: a third language is a folder. */
static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f, "%s", path);
	fputs(text, f);
	fclose(f);
}

Test(detect_more_languages, a_third_language_is_only_data)
{
	char dir[] = "/tmp/precis-detect-test-XXXXXX";
	cr_assert_not_null(mkdtemp(dir));
	struct precis_langset *base;
	cr_assert_eq(precis_langset_load(NULL, &base, NULL), PRECIS_OK);
	const char *src = precis_langset_dir(base);
	char path[512], target[512];
	static const char *const codes[] = {"en", "fr"};
	for (size_t i = 0; i < 2; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, codes[i]);
		snprintf(target, sizeof target, "%s/%s", src, codes[i]);
		cr_assert_eq(symlink(target, path), 0);
	}
	precis_langset_free(base);
	snprintf(path, sizeof path, "%s/de", dir);
	cr_assert_eq(mkdir(path, 0700), 0);
	snprintf(path, sizeof path, "%s/de/meta.txt", dir);
	write_file(path, "name = Deutsch\ntextcat = de.lm\n");
	snprintf(path, sizeof path, "%s/de/stopwords.txt", dir);
	write_file(path, "der\ndie\ndas\nund\nist\nnicht\nein\neine\nmit\nauf\nfür\nhat\n"
	                 "wir\nsich\nden\ndem\nzu\nvon\nes\nauch\n");

	struct precis_langset *s;
	struct precis_detector *d;
	struct precis_error err;
	cr_assert_eq(precis_langset_load(dir, &s, &err), PRECIS_OK, "%s", err.message);
	cr_assert_eq(precis_langset_count(s), 3);
	cr_assert_eq(precis_detector_new(s, &d, &err), PRECIS_OK, "%s", err.message);
	static const char de[] = "Die Regierung hat am Dienstag entschieden, und das ist "
	                         "für viele Familien eine gute Nachricht.";
	double c;
	cr_assert_str_eq(precis_detect_text(d, de, strlen(de), &c), "de");
	cr_assert_str_eq(precis_detect_text(d, fr_long, strlen(fr_long), &c), "fr");
	cr_assert_str_eq(precis_detect_text(d, en_long, strlen(en_long), &c), "en");
	const char *snippet = "Le gouvernement a tranché";
	cr_assert_str_eq(precis_detect_text(d, snippet, strlen(snippet), &c), "fr");

	const char *const paras[] = {en_long};
	struct precis_doc *doc = make_doc(paras, 1);
	cr_assert_eq(precis_detect(d, doc, "it", &err), PRECIS_E_USAGE);
	cr_assert(strstr(err.message, "de, en, fr"), "%s", err.message);
	precis_doc_free(doc);
	precis_detector_free(d);
	precis_langset_free(s);

	snprintf(path, sizeof path, "rm -rf '%s'", dir);
	cr_assert_eq(system(path), 0);
}
