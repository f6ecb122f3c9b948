/* report: the bilingual report (precis/report.h). With no backend over the
 * fixtures (the article's language only, the hint, the quote filter), and
 * through the fake API server: translations into the other language in the
 * target's typography, one translate call per language pair with the
 * requests of all articles batched, the lead sent as context, the
 * translation memory, per-text failures as warnings, a fatal error, a dry
 * run, and the options that cannot work. */
#define _XOPEN_SOURCE 700
#include <criterion/criterion.h>

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fakeapi.h"
#include "fixture_list.h"
#include "precis/backend.h"
#include "precis/precis.h"

static struct precis_langset *set;
static struct precis_detector *det;
static char tmpdir[] = "/tmp/precis-report-XXXXXX";

static void setup(void)
{
	struct precis_error err;
	cr_assert_eq(precis_langset_load(NULL, &set, &err), PRECIS_OK, "%s", err.message);
	cr_assert_eq(precis_detector_new(set, &det, &err), PRECIS_OK, "%s", err.message);
	cr_assert_not_null(mkdtemp(tmpdir), "mkdtemp: %s", strerror(errno));
	setenv("PRECIS_BACKOFF_SCALE", "0.01", 1);
	unsetenv("PRECIS_BACKEND");
}

static int remove_entry(const char *path, const struct stat *st, int flag,
                        struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void teardown(void)
{
	fake_stop();
	nftw(tmpdir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	precis_detector_free(det);
	precis_langset_free(set);
}

TestSuite(report, .init = setup, .fini = teardown, .timeout = 120);

/* ---- articles written for these tests ----------------------------------- */

static const char fr_article[] =
    "Tramway : le conseil municipal de Valbrune approuve la ligne C\n\n"
    "Le conseil municipal de Valbrune a approuvé lundi soir le tracé de la ligne C "
    "du tramway, après six heures de débats. L’opposition réclame un référendum "
    "local.\n\n"
    "« C’est le projet structurant dont la ville a besoin depuis plus de vingt ans », a "
    "déclaré le maire, Jean-Baptiste Roussel, en ouverture de séance.\n\n"
    "Le coût total est estimé à 412 millions d’euros. Les travaux doivent commencer "
    "en 2026.\n\n"
    "Pour le conseiller Arnaud Lefebvre, le projet est « ruineux ». « Qui paiera la "
    "facture quand les recettes ne seront pas au rendez-vous ? » a-t-il demandé.\n";

static const char fr_lead[] =
    "Le conseil municipal de Valbrune a approuvé lundi soir le tracé de la ligne C "
    "du tramway, après six heures de débats. L’opposition réclame un référendum "
    "local.";

static const char fr_article2[] =
    "Sécheresse : la préfecture restreint l’usage de l’eau dans la vallée\n\n"
    "La préfecture a placé jeudi quarante communes de la vallée en alerte "
    "sécheresse renforcée. L’arrosage des jardins est interdit jusqu’à nouvel "
    "ordre.\n\n"
    "« Les nappes n’ont jamais été aussi basses à cette saison », a expliqué la "
    "préfète, Claire Dumont, lors d’une conférence de presse.\n\n"
    "Les agriculteurs demandent des dérogations pour les cultures maraîchères.\n";

static const char en_article[] =
    "Flood barrier: Ashbury council approves the new scheme\n\n"
    "Ashbury council approved on Monday a flood barrier on the river Tane, after a "
    "three-hour debate. Work is due to start in the spring.\n\n"
    "“This barrier will protect four thousand homes from the next great flood,” "
    "said the council leader, Margaret Holloway.\n\n"
    "Residents of the lower town remain worried about the cost. “We have been "
    "promised this for twenty years and nothing has been built,” said Tom Rigby, "
    "who runs a bakery on Mill Street.\n";

static const char en_article2[] =
    "Hospital waiting lists fall for the first time in five years\n\n"
    "Waiting lists at Cedarvale General Hospital fell last month for the first "
    "time in five years, according to figures published on Tuesday.\n\n"
    "“The staff have worked extremely hard to bring these numbers down,” said the "
    "hospital’s chief executive, Daniel Okafor.\n\n"
    "Unions warned that the gains could be lost over the winter.\n";

static struct precis_doc *front(const char *name, const char *text, size_t len)
{
	struct precis_doc *doc = precis_doc_new(name);
	struct precis_error err;
	cr_assert_eq(precis_text_front(doc, text, len, NULL, det, set, &err), PRECIS_OK,
	             "%s", err.message);
	cr_assert_eq(precis_quotes(doc, set, &err), PRECIS_OK, "%s", err.message);
	return doc;
}

static struct precis_doc *article(const char *name, const char *text)
{
	return front(name, text, strlen(text));
}

/* Enough sentences that the test articles are summarized whole. */
static struct precis_report_opts whole(void)
{
	struct precis_report_opts o;
	memset(&o, 0, sizeof o);
	o.length.sentences = 20;
	return o;
}

/* An openai backend on the fake server's /v1 with its model. */
static struct precis_backend *openai(void)
{
	char base[160];
	snprintf(base, sizeof base, "%s/v1", fake_url(NULL));
	struct precis_backend_opts o;
	memset(&o, 0, sizeof o);
	o.name = "openai";
	o.base_url = base;
	o.model = "fake-model";
	o.api_key = "sk-test-0123456789";
	o.no_cache = 1;
	o.retries = 2;
	o.timeout = 30;
	o.langs = set;
	struct precis_backend *b = NULL;
	struct precis_error err;
	cr_assert_eq(precis_backend_new(&o, &b, &err), PRECIS_OK, "%s", err.message);
	return b;
}

static struct precis_backend *backend(const char *name, const char *base, int no_cache,
                                      const char *cache, int dry_run)
{
	struct precis_backend_opts o;
	memset(&o, 0, sizeof o);
	o.name = name;
	o.base_url = base;
	o.api_key = strcmp(name, "deepl") == 0 ? "test-key:fx" : NULL;
	o.no_cache = no_cache;
	o.cache_path = cache;
	o.retries = 2;
	o.timeout = 30;
	o.dry_run = dry_run;
	o.langs = set;
	struct precis_backend *b = NULL;
	struct precis_error err;
	cr_assert_eq(precis_backend_new(&o, &b, &err), PRECIS_OK, "%s", err.message);
	return b;
}

static void start(const struct fake_config *cfg)
{
	cr_assert_gt(fake_start(cfg), 0, "the fake server cannot listen: %s",
	             strerror(errno));
}

static void free_all(struct precis_report **r, struct precis_doc **d, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		precis_report_free(r[i]);
		precis_doc_free(d[i]);
	}
}

static int has(const char *s, const char *needle)
{
	return s && strstr(s, needle) != NULL;
}

static const char *warnings(const struct precis_report *r)
{
	static char buf[4096];
	buf[0] = '\0';
	for (size_t i = 0; i < precis_report_warning_count(r); i++) {
		strncat(buf, precis_report_warning(r, i), sizeof buf - strlen(buf) - 2);
		strcat(buf, "|");
	}
	return buf;
}

/* Everything of the source side went over to the target with tag. */
static void assert_translated(const struct precis_report *r, const char *tag)
{
	cr_assert(precis_report_translated(r));
	size_t n = precis_report_summary_count(r, PRECIS_SIDE_SOURCE);
	cr_assert_gt(n, 0);
	cr_assert_eq(precis_report_summary_count(r, PRECIS_SIDE_TARGET), n);
	for (size_t i = 0; i < n; i++) {
		const char *t = precis_report_summary(r, PRECIS_SIDE_TARGET, i, NULL);
		cr_assert(t && strncmp(t, tag, strlen(tag)) == 0, "sentence %zu: %s", i,
		          t ? t : "(null)");
	}
	const char *title = precis_report_title(r, PRECIS_SIDE_TARGET, NULL);
	cr_assert(title && strncmp(title, tag, strlen(tag)) == 0, "title %s",
	          title ? title : "(null)");
	cr_assert_gt(precis_report_quote_count(r), 0);
	for (size_t i = 0; i < precis_report_quote_count(r); i++) {
		const char *q = precis_report_quote_translation(r, i, NULL);
		cr_assert(q && strncmp(q, tag, strlen(tag)) == 0, "quote %zu", i);
	}
}

/* ---- no backend: the article's language only ----------------------------- */

static size_t words(const char *s)
{
	size_t n = 0;
	int in = 0;
	for (; *s; s++) {
		int sp = *s == ' ' || *s == '\n';
		if (!sp && !in)
			n++;
		in = !sp;
	}
	return n;
}

Test(report, no_backend_over_the_fixtures)
{
	struct fx *fx;
	size_t nfx = fx_list(&fx);
	cr_assert_gt(nfx, 0, "no fixtures under $PRECIS_FIXTURES");
	for (size_t f = 0; f < nfx; f++) {
		char *path = fx_path(&fx[f], ".txt");
		size_t len;
		char *text = fx_read(path, &len);
		cr_assert_not_null(text, "%s", path);
		struct precis_doc *doc = front(path, text, len);
		struct precis_report *r = NULL;
		struct precis_error err;
		cr_assert_eq(precis_report_build(&doc, 1, set, NULL, NULL, &r, &err),
		             PRECIS_OK, "%s: %s", path, err.message);
		cr_assert_not_null(r);
		cr_assert_eq(precis_report_doc(r), doc);
		cr_assert_str_eq(precis_report_lang(r), fx[f].dir, "%s", path);
		cr_assert_str_eq(precis_report_target(r),
		                 strcmp(fx[f].dir, "fr") ? "fr" : "en");
		cr_assert_str_eq(precis_report_summarizer(r), "extractive");
		cr_assert_not(precis_report_translated(r));
		cr_assert_eq(precis_report_warning_count(r), 0, "%s: %s", path,
		             warnings(r));
		const char *hint = precis_report_hint(r);
		cr_assert(has(hint, "--backend") && has(hint, "PRECIS_BACKEND"), "%s",
		          hint ? hint : "(null)");

		/* The default length, the doc's summary, squashed. */
		size_t n = precis_report_summary_count(r, PRECIS_SIDE_SOURCE);
		cr_assert(n >= 1 && n <= 3, "%s: %zu sentences", path, n);
		cr_assert_eq(n, precis_doc_summary_count(doc));
		cr_assert_eq(precis_report_summary_count(r, PRECIS_SIDE_TARGET), n);
		for (size_t i = 0; i < n; i++) {
			size_t sl;
			const char *s =
			    precis_report_summary(r, PRECIS_SIDE_SOURCE, i, &sl);
			cr_assert(s && sl == strlen(s) && sl > 0);
			cr_assert(!strchr(s, '\n') && s[0] != ' ' && s[sl - 1] != ' ',
			          "%s", s);
			cr_assert_null(strstr(s, "  "), "%s", s);
			cr_assert_eq(precis_report_summary_sentence(r, i),
			             precis_doc_summary_sentence(doc, i));
			cr_assert_null(
			    precis_report_summary(r, PRECIS_SIDE_TARGET, i, NULL));
		}
		cr_assert_null(precis_report_summary(r, PRECIS_SIDE_SOURCE, n, NULL));

		/* The title: the heading found by the summary. */
		size_t tp = precis_doc_title(doc);
		const char *title = precis_report_title(r, PRECIS_SIDE_SOURCE, NULL);
		if (tp == (size_t)-1) {
			cr_assert_null(title, "%s", path);
		} else {
			const struct precis_para *p = precis_doc_paragraph(doc, tp);
			const char *t = precis_doc_text(doc, NULL);
			cr_assert_not_null(title, "%s", path);
			cr_assert_eq(strncmp(title, t + p->span.start, strlen(title)), 0,
			             "%s: %s", path, title);
		}
		cr_assert_null(precis_report_title(r, PRECIS_SIDE_TARGET, NULL));

		/* Statements of four words or more, in text order. */
		size_t want = 0;
		for (size_t i = 0; i < precis_doc_quote_count(doc); i++) {
			const struct precis_quote *q = precis_doc_quote(doc, i);
			if (q->kind == PRECIS_QUOTE_STATEMENT && words(q->text) >= 4)
				want++;
		}
		cr_assert_eq(precis_report_quote_count(r), want, "%s", path);
		const struct precis_quote *prev = NULL;
		for (size_t i = 0; i < precis_report_quote_count(r); i++) {
			const struct precis_quote *q = precis_report_quote(r, i);
			cr_assert_eq(q->kind, PRECIS_QUOTE_STATEMENT);
			cr_assert(!prev || prev->span.start < q->span.start);
			cr_assert_null(precis_report_quote_translation(r, i, NULL));
			prev = q;
		}

		struct precis_report_figures fg;
		precis_report_figures(r, &fg);
		cr_assert_str_eq(fg.backend, "none");
		cr_assert_eq(fg.requests + fg.characters + fg.cached + fg.sent, 0);
		precis_report_free(r);
		precis_doc_free(doc);
		free(text);
		free(path);
	}
	free(fx);
}

Test(report, none_backend_is_like_no_backend)
{
	struct precis_doc *d = article("a.txt", fr_article);
	struct precis_backend *b = backend("none", NULL, 1, NULL, 0);
	struct precis_report *r;
	struct precis_error err;
	cr_assert_eq(precis_report_build(&d, 1, set, b, NULL, &r, &err), PRECIS_OK, "%s",
	             err.message);
	cr_assert_not_null(precis_report_hint(r));
	cr_assert_not(precis_report_translated(r));
	cr_assert_eq(precis_report_warning_count(r), 0, "%s", warnings(r));
	struct precis_report_figures fg;
	precis_report_figures(r, &fg);
	cr_assert_str_eq(fg.backend, "none");
	precis_backend_free(b);
	free_all(&r, &d, 1);
}

Test(report, quote_filter)
{
	struct precis_doc *d = article("a.txt", fr_article);
	struct precis_report *r;
	struct precis_error err;
	struct precis_report_opts o = whole();
	cr_assert_eq(precis_report_build(&d, 1, set, NULL, &o, &r, &err), PRECIS_OK);
	size_t dflt = precis_report_quote_count(r);
	/* Two statements; "ruineux" is a term. */
	cr_assert_eq(dflt, 2, "%zu", dflt);
	precis_report_free(r);

	o.min_words = 13;
	cr_assert_eq(precis_report_build(&d, 1, set, NULL, &o, &r, &err), PRECIS_OK);
	cr_assert_eq(precis_report_quote_count(r), 1, "only the mayor's is that long");
	cr_assert(has(precis_report_quote(r, 0)->text, "projet structurant"));
	precis_report_free(r);

	o.min_words = 1;
	o.all_quotes = 1;
	cr_assert_eq(precis_report_build(&d, 1, set, NULL, &o, &r, &err), PRECIS_OK);
	cr_assert_eq(precis_report_quote_count(r), precis_doc_quote_count(d));
	cr_assert_gt(precis_report_quote_count(r), dflt);
	free_all(&r, &d, 1);
}

Test(report, options_that_cannot_work)
{
	struct precis_doc *d[2] = {article("a.txt", fr_article),
	                           article("b.txt", en_article)};
	struct precis_report *r[2] = {NULL, NULL};
	struct precis_error err;
	struct precis_report_opts o = whole();

	o.to = "de";
	cr_assert_eq(precis_report_build(d, 2, set, NULL, &o, r, &err), PRECIS_E_USAGE);
	cr_assert(has(err.message, "--to") && has(err.message, "'de'"), "%s",
	          err.message);
	cr_assert(r[0] && r[1], "reports are made whatever the status");
	precis_report_free(r[0]);
	precis_report_free(r[1]);

	o.to = NULL;
	o.summarizer = PRECIS_SUMMARIZER_LLM;
	cr_assert_eq(precis_report_build(d, 2, set, NULL, &o, r, &err), PRECIS_E_USAGE);
	cr_assert(has(err.message, "--summarizer") && has(err.message, "--backend"), "%s",
	          err.message);
	cr_assert(r[0] && r[1]);
	precis_report_free(r[0]);
	precis_report_free(r[1]);

	start(NULL);
	struct precis_backend *b = backend("deepl", fake_url(NULL), 1, NULL, 0);
	cr_assert_eq(precis_report_build(d, 2, set, b, &o, r, &err), PRECIS_E_USAGE);
	cr_assert(has(err.message, "--summarizer") && has(err.message, "--backend") &&
	              has(err.message, "'deepl'"),
	          "%s", err.message);
	cr_assert_eq(fake_log_count(NULL), 0, "nothing is sent");
	precis_backend_free(b);
	free_all(r, d, 2);
}

Test(report, same_language_and_explicit_target)
{
	struct precis_doc *d[2] = {article("a.txt", fr_article),
	                           article("b.txt", en_article)};
	struct precis_report *r[2];
	struct precis_error err;
	struct precis_report_opts o = whole();
	o.to = "fr";
	start(NULL);
	struct precis_backend *b = backend("deepl", fake_url(NULL), 1, NULL, 0);
	cr_assert_eq(precis_report_build(d, 2, set, b, &o, r, &err), PRECIS_OK, "%s",
	             err.message);
	cr_assert_not(precis_report_translated(r[0]));
	cr_assert(has(warnings(r[0]), "already in fr"), "%s", warnings(r[0]));
	cr_assert_null(precis_report_target(r[0]));
	assert_translated(r[1], "[FR] ");
	cr_assert_eq(precis_report_warning_count(r[1]), 0, "%s", warnings(r[1]));
	cr_assert_eq(fake_log_count(NULL), 1);
	cr_assert_str_eq(fake_log_at(NULL, 0)->source, "EN");
	precis_backend_free(b);
	free_all(r, d, 2);
}

Test(report, variant_target_goes_to_the_backend)
{
	struct precis_doc *d = article("a.txt", fr_article);
	struct precis_report *r;
	struct precis_error err;
	struct precis_report_opts o = whole();
	o.to = "en-US";
	start(NULL);
	struct precis_backend *b = backend("deepl", fake_url(NULL), 1, NULL, 0);
	cr_assert_eq(precis_report_build(&d, 1, set, b, &o, &r, &err), PRECIS_OK, "%s",
	             err.message);
	cr_assert_str_eq(precis_report_target(r), "en");
	assert_translated(r, "[EN-US] ");
	precis_backend_free(b);
	free_all(&r, &d, 1);
}

/* ---- through the fake server --------------------------------------------- */

Test(report, deepl_french_to_english_with_typography)
{
	start(NULL);
	struct precis_doc *d = article("a.txt", fr_article);
	struct precis_backend *b = backend("deepl", fake_url(NULL), 1, NULL, 0);
	struct precis_report *r;
	struct precis_error err;
	struct precis_report_opts o = whole();
	cr_assert_eq(precis_report_build(&d, 1, set, b, &o, &r, &err), PRECIS_OK, "%s",
	             err.message);
	cr_assert_eq(precis_report_warning_count(r), 0, "%s", warnings(r));
	cr_assert_null(precis_report_hint(r));
	cr_assert_str_eq(precis_report_target(r), "en");
	/* deepl's "en" is British English. */
	assert_translated(r, "[EN-GB] ");

	/* The sentence quoting the mayor comes back in English marks. */
	int seen = 0;
	for (size_t i = 0; i < precis_report_summary_count(r, PRECIS_SIDE_SOURCE); i++) {
		const char *s = precis_report_summary(r, PRECIS_SIDE_SOURCE, i, NULL);
		const char *t = precis_report_summary(r, PRECIS_SIDE_TARGET, i, NULL);
		if (!has(s, "projet structurant"))
			continue;
		seen = 1;
		cr_assert(has(s, "«"), "%s", s);
		cr_assert(has(t, "“") && has(t, "”"), "%s", t);
		cr_assert(!has(t, "«") && !has(t, "»"), "%s", t);
		cr_assert(!has(t, "\xc2\xa0"), "no no-break space in English: %s", t);
	}
	cr_assert(seen, "the mayor's sentence is in the summary");

	struct precis_report_figures fg;
	precis_report_figures(r, &fg);
	cr_assert_str_eq(fg.backend, "deepl");
	cr_assert_eq(fg.requests, fake_log_count(NULL));
	size_t items = 1 + precis_report_summary_count(r, PRECIS_SIDE_SOURCE) +
	               precis_report_quote_count(r);
	cr_assert_eq(fg.sent, items);
	cr_assert_eq(fg.cached, 0);
	struct fake_stats st;
	fake_stats(NULL, &st);
	cr_assert_eq(fg.characters, st.characters, "%zu vs %zu", fg.characters,
	             st.characters);
	precis_backend_free(b);
	free_all(&r, &d, 1);
}

Test(report, deepl_english_to_french_with_typography)
{
	start(NULL);
	struct precis_doc *d = article("a.txt", en_article);
	struct precis_backend *b = backend("deepl", fake_url(NULL), 1, NULL, 0);
	struct precis_report *r;
	struct precis_error err;
	struct precis_report_opts o = whole();
	cr_assert_eq(precis_report_build(&d, 1, set, b, &o, &r, &err), PRECIS_OK, "%s",
	             err.message);
	cr_assert_eq(precis_report_warning_count(r), 0, "%s", warnings(r));
	cr_assert_str_eq(precis_report_lang(r), "en");
	cr_assert_str_eq(precis_report_target(r), "fr");
	assert_translated(r, "[FR] ");
	int seen = 0;
	for (size_t i = 0; i < precis_report_summary_count(r, PRECIS_SIDE_SOURCE); i++) {
		const char *s = precis_report_summary(r, PRECIS_SIDE_SOURCE, i, NULL);
		const char *t = precis_report_summary(r, PRECIS_SIDE_TARGET, i, NULL);
		if (!has(s, "four thousand homes"))
			continue;
		seen = 1;
		/* « and » with a no-break space inside (lang/fr/meta.txt). */
		cr_assert(has(t, "«\xc2\xa0") && has(t, "\xc2\xa0»"), "%s", t);
		cr_assert(!has(t, "“") && !has(t, "”"), "%s", t);
	}
	cr_assert(seen, "the leader's sentence is in the summary");
	precis_backend_free(b);
	free_all(&r, &d, 1);
}

Test(report, lead_is_sent_as_context)
{
	start(NULL);
	struct precis_doc *d = article("a.txt", fr_article);
	struct precis_backend *b = backend("deepl", fake_url(NULL), 1, NULL, 0);
	struct precis_report *r;
	struct precis_error err;
	struct precis_report_opts o = whole();
	cr_assert_eq(precis_report_build(&d, 1, set, b, &o, &r, &err), PRECIS_OK, "%s",
	             err.message);
	cr_assert_eq(fake_log_count(NULL), 1);
	const struct fake_request *q = fake_log_at(NULL, 0);
	cr_assert_str_eq(q->context, fr_lead);
	cr_assert_str_eq(q->source, "FR");
	cr_assert_str_eq(q->target, "EN-GB");
	precis_backend_free(b);
	free_all(&r, &d, 1);
}

Test(report, long_lead_is_cut_at_a_word)
{
	char text[4096];
	char first[2048] = "Le conseil municipal de Valbrune a approuvé lundi soir";
	while (strlen(first) < 700)
		strcat(first, ", après de très longs débats sur le tracé de la ligne");
	snprintf(
	    text, sizeof text,
	    "Tramway : la ligne C approuvée\n\n%s. L’opposition réclame un "
	    "référendum.\n\n« C’est un grand jour pour la ville de Valbrune », a dit "
	    "le maire, Jean-Baptiste Roussel.\n",
	    first);
	start(NULL);
	struct precis_doc *d = article("a.txt", text);
	struct precis_backend *b = backend("deepl", fake_url(NULL), 1, NULL, 0);
	struct precis_report *r;
	struct precis_error err;
	cr_assert_eq(precis_report_build(&d, 1, set, b, NULL, &r, &err), PRECIS_OK, "%s",
	             err.message);
	cr_assert_gt(fake_log_count(NULL), 0);
	const char *ctx = fake_log_at(NULL, 0)->context;
	cr_assert_not_null(ctx);
	size_t n = strlen(ctx);
	cr_assert(n > 300 && n <= 500, "%zu bytes", n);
	cr_assert_eq(strncmp(ctx, first, n), 0, "a prefix of the first sentence");
	cr_assert(first[n] == ' ', "cut before a space: ...%s", ctx + n - 10);
	precis_backend_free(b);
	free_all(&r, &d, 1);
}

Test(report, articles_are_batched_in_one_request)
{
	/* LibreTranslate takes no context, so the texts of both articles
	 * can share a request. */
	start(NULL);
	struct precis_doc *d[2] = {article("a.txt", fr_article),
	                           article("b.txt", fr_article2)};
	struct precis_backend *b = backend("libretranslate", fake_url(NULL), 1, NULL, 0);
	struct precis_report *r[2];
	struct precis_error err;
	struct precis_report_opts o = whole();
	cr_assert_eq(precis_report_build(d, 2, set, b, &o, r, &err), PRECIS_OK, "%s",
	             err.message);
	cr_assert_eq(fake_log_count(NULL), 1, "one request for both articles");
	size_t items = 0;
	for (int i = 0; i < 2; i++) {
		assert_translated(r[i], "[EN] ");
		cr_assert_eq(precis_report_warning_count(r[i]), 0, "%s", warnings(r[i]));
		struct precis_report_figures fg;
		precis_report_figures(r[i], &fg);
		cr_assert_eq(fg.requests, 1, "requests are those of the whole call");
		items += fg.sent;
	}
	cr_assert_eq(fake_log_at(NULL, 0)->ntexts, items);
	precis_backend_free(b);
	free_all(r, d, 2);
}

Test(report, deepl_batches_per_article_context)
{
	/* DeepL takes one context a request: one request an article, each
	 * with that article's lead, all from one call. */
	start(NULL);
	struct precis_doc *d[2] = {article("a.txt", fr_article),
	                           article("b.txt", fr_article2)};
	struct precis_backend *b = backend("deepl", fake_url(NULL), 1, NULL, 0);
	struct precis_report *r[2];
	struct precis_error err;
	struct precis_report_opts o = whole();
	cr_assert_eq(precis_report_build(d, 2, set, b, &o, r, &err), PRECIS_OK, "%s",
	             err.message);
	cr_assert_eq(fake_log_count(NULL), 2);
	int lead_a = 0, lead_b = 0;
	for (size_t i = 0; i < 2; i++) {
		const struct fake_request *q = fake_log_at(NULL, i);
		lead_a += has(q->context, "Le conseil municipal de Valbrune");
		lead_b += has(q->context, "La préfecture a placé jeudi");
		struct precis_report_figures fg;
		precis_report_figures(r[i], &fg);
		cr_assert_eq(fg.requests, 2);
		assert_translated(r[i], "[EN-GB] ");
	}
	cr_assert(lead_a == 1 && lead_b == 1);
	precis_backend_free(b);
	free_all(r, d, 2);
}

Test(report, mixed_languages_make_two_calls)
{
	start(NULL);
	struct precis_doc *d[4] = {
	    article("a.txt", fr_article), article("b.txt", en_article),
	    article("c.txt", fr_article2), article("d.txt", en_article2)};
	struct precis_backend *b = backend("libretranslate", fake_url(NULL), 1, NULL, 0);
	struct precis_report *r[4];
	struct precis_error err;
	struct precis_report_opts o = whole();
	cr_assert_eq(precis_report_build(d, 4, set, b, &o, r, &err), PRECIS_OK, "%s",
	             err.message);
	cr_assert_eq(fake_log_count(NULL), 2, "one request a language pair");
	const struct fake_request *q0 = fake_log_at(NULL, 0), *q1 = fake_log_at(NULL, 1);
	cr_assert(!strcmp(q0->source, "fr") != !strcmp(q1->source, "fr"));
	for (size_t i = 0; i < 2; i++) {
		const struct fake_request *q = fake_log_at(NULL, i);
		cr_assert_str_eq(q->target, strcmp(q->source, "fr") ? "fr" : "en");
	}
	assert_translated(r[0], "[EN] ");
	assert_translated(r[1], "[FR] ");
	assert_translated(r[2], "[EN] ");
	assert_translated(r[3], "[FR] ");
	precis_backend_free(b);
	free_all(r, d, 4);
}

Test(report, second_run_is_served_by_the_memory)
{
	start(NULL);
	char cache[256];
	snprintf(cache, sizeof cache, "%s/tm.sqlite", tmpdir);
	struct precis_doc *d[2] = {article("a.txt", fr_article),
	                           article("b.txt", en_article)};
	struct precis_report *r[2];
	struct precis_error err;
	struct precis_report_opts o = whole();

	struct precis_backend *b = backend("deepl", fake_url(NULL), 0, cache, 0);
	cr_assert_eq(precis_report_build(d, 2, set, b, &o, r, &err), PRECIS_OK, "%s",
	             err.message);
	size_t first = fake_log_count(NULL);
	cr_assert_gt(first, 0);
	struct precis_report_figures before[2];
	for (int i = 0; i < 2; i++) {
		precis_report_figures(r[i], &before[i]);
		precis_report_free(r[i]);
	}
	precis_backend_free(b);

	fake_reset(NULL);
	b = backend("deepl", fake_url(NULL), 0, cache, 0);
	cr_assert_eq(precis_report_build(d, 2, set, b, &o, r, &err), PRECIS_OK, "%s",
	             err.message);
	cr_assert_eq(fake_log_count(NULL), 0, "nothing is sent again");
	assert_translated(r[0], "[EN-GB] ");
	assert_translated(r[1], "[FR] ");
	for (int i = 0; i < 2; i++) {
		struct precis_report_figures fg;
		precis_report_figures(r[i], &fg);
		cr_assert_eq(fg.requests, 0);
		cr_assert_eq(fg.sent, 0);
		cr_assert_eq(fg.characters, 0);
		cr_assert_eq(fg.cached, before[i].sent);
		cr_assert_eq(precis_report_warning_count(r[i]), 0, "%s", warnings(r[i]));
	}
	precis_backend_free(b);
	free_all(r, d, 2);
}

Test(report, one_text_failing_is_a_warning)
{
	/* The server refuses any request holding the mayor's words (413):
	 * the batch is split down to that one text, which fails alone. */
	struct fake_config cfg = {
	    .faults = {.poison = "projet structurant", .poison_status = 413}};
	start(&cfg);
	struct precis_doc *d[2] = {article("a.txt", fr_article),
	                           article("b.txt", fr_article2)};
	struct precis_backend *b = backend("deepl", fake_url(NULL), 1, NULL, 0);
	struct precis_report *r[2];
	struct precis_error err;
	struct precis_report_opts o = whole();
	cr_assert_eq(precis_report_build(d, 2, set, b, &o, r, &err), PRECIS_OK, "%s",
	             err.message);
	assert_translated(r[1], "[EN-GB] ");
	cr_assert_eq(precis_report_warning_count(r[1]), 0, "%s", warnings(r[1]));

	/* Article a: every text but two (the sentence and the quote holding
	 * the poison) is translated, and one warning names them. */
	cr_assert(precis_report_translated(r[0]));
	cr_assert_eq(precis_report_warning_count(r[0]), 1, "%s", warnings(r[0]));
	const char *w = precis_report_warning(r[0], 0);
	cr_assert(has(w, "2 of") && has(w, "quote 1") && has(w, "summary sentence") &&
	              has(w, "413"),
	          "%s", w);
	size_t missing = 0;
	for (size_t i = 0; i < precis_report_summary_count(r[0], PRECIS_SIDE_SOURCE);
	     i++) {
		const char *s = precis_report_summary(r[0], PRECIS_SIDE_SOURCE, i, NULL);
		const char *t = precis_report_summary(r[0], PRECIS_SIDE_TARGET, i, NULL);
		cr_assert(has(s, "projet structurant") == (t == NULL), "%s", s);
		missing += t == NULL;
	}
	cr_assert_eq(missing, 1);
	cr_assert_null(precis_report_quote_translation(r[0], 0, NULL));
	cr_assert(has(precis_report_quote_translation(r[0], 1, NULL), "[EN-GB] "));
	cr_assert(has(precis_report_title(r[0], PRECIS_SIDE_TARGET, NULL), "[EN-GB] "));
	precis_backend_free(b);
	free_all(r, d, 2);
}

Test(report, fatal_error_returns_with_reports_made)
{
	struct fake_config cfg = {.deepl_key = "the-right-key:fx"};
	start(&cfg);
	struct precis_doc *d[2] = {article("a.txt", fr_article),
	                           article("b.txt", en_article)};
	struct precis_backend *b = backend("deepl", fake_url(NULL), 1, NULL, 0);
	struct precis_report *r[2] = {NULL, NULL};
	struct precis_error err;
	struct precis_report_opts o = whole();
	cr_assert_eq(precis_report_build(d, 2, set, b, &o, r, &err), PRECIS_E_BACKEND);
	cr_assert(has(err.message, "403"), "%s", err.message);
	cr_assert_null(strstr(err.message, "test-key"), "the key is never shown");
	for (int i = 0; i < 2; i++) {
		cr_assert_not_null(r[i]);
		cr_assert_not(precis_report_translated(r[i]));
		cr_assert_gt(precis_report_summary_count(r[i], PRECIS_SIDE_SOURCE), 0,
		             "the summary is made");
		cr_assert_eq(precis_report_warning_count(r[i]), 1, "%s", warnings(r[i]));
		cr_assert(has(precis_report_warning(r[i], 0), "403"), "%s",
		          warnings(r[i]));
		cr_assert_null(strstr(warnings(r[i]), "test-key"));
	}
	/* The pass stopped at the first pair: the second was not tried. */
	cr_assert_eq(fake_log_count(NULL), 1);
	precis_backend_free(b);
	free_all(r, d, 2);
}

Test(report, dry_run_sends_nothing)
{
	start(NULL);
	struct precis_doc *d[2] = {article("a.txt", fr_article),
	                           article("b.txt", fr_article2)};
	struct precis_backend *b = backend("deepl", fake_url(NULL), 1, NULL, 1);
	struct precis_report *r[2];
	struct precis_error err;
	struct precis_report_opts o = whole();
	cr_assert_eq(precis_report_build(d, 2, set, b, &o, r, &err), PRECIS_OK, "%s",
	             err.message);
	cr_assert_eq(fake_log_count(NULL), 0);
	for (int i = 0; i < 2; i++) {
		cr_assert_not(precis_report_translated(r[i]));
		struct precis_report_figures fg;
		precis_report_figures(r[i], &fg);
		cr_assert_eq(fg.requests, 2, "one batch an article would be sent");
		cr_assert_gt(fg.sent, 0);
		cr_assert_gt(fg.characters, 0);
		cr_assert_eq(precis_report_warning_count(r[i]), 1, "%s", warnings(r[i]));
		const char *w = precis_report_warning(r[i], 0);
		cr_assert(has(w, "dry run") && has(w, "characters"), "%s", w);
		for (size_t k = 0;
		     k < precis_report_summary_count(r[i], PRECIS_SIDE_TARGET); k++)
			cr_assert_null(
			    precis_report_summary(r[i], PRECIS_SIDE_TARGET, k, NULL));
	}
	precis_backend_free(b);
	free_all(r, d, 2);
}

Test(report, undetected_language)
{
	static const char text[] = "12 345 678 — 90 12 34.\n\n56 78 90 12 / 34 56.\n";
	struct precis_doc *d = article("n.txt", text);
	if (strcmp(precis_doc_lang(d, NULL), "und") != 0) {
		precis_doc_free(d);
		cr_skip_test("detect gave a language to numbers");
	}
	struct precis_report *r;
	struct precis_error err;
	cr_assert_eq(precis_report_build(&d, 1, set, NULL, NULL, &r, &err), PRECIS_OK,
	             "%s", err.message);
	cr_assert_str_eq(precis_report_lang(r), "und");
	cr_assert_null(precis_report_target(r));
	cr_assert(has(warnings(r), "not detected") && has(warnings(r), "--to"), "%s",
	          warnings(r));
	precis_report_free(r);

	start(NULL);
	struct precis_backend *b = backend("deepl", fake_url(NULL), 1, NULL, 0);
	struct precis_report_opts o = whole();
	o.to = "fr";
	cr_assert_eq(precis_report_build(&d, 1, set, b, &o, &r, &err), PRECIS_OK, "%s",
	             err.message);
	cr_assert_str_eq(precis_report_target(r), "fr");
	if (precis_report_summary_count(r, PRECIS_SIDE_SOURCE) > 0) {
		cr_assert_eq(fake_log_count(NULL), 1);
		cr_assert_null(fake_log_at(NULL, 0)->source, "the backend detects it");
		cr_assert(precis_report_translated(r));
	}
	precis_backend_free(b);
	free_all(&r, &d, 1);
}

Test(report, no_docs)
{
	struct precis_error err;
	cr_assert_eq(precis_report_build(NULL, 0, set, NULL, NULL, NULL, &err),
	             PRECIS_OK);
}

Test(report, free_null)
{
	precis_report_free(NULL);
	cr_assert(1);
}

Test(report, openai_translates_all_articles)
{
	struct fake_config cfg = {.openai_key = "sk-test-0123456789"};
	start(&cfg);
	struct precis_doc *d[2] = {article("a.txt", fr_article),
	                           article("b.txt", fr_article2)};
	struct precis_backend *b = openai();
	struct precis_report *r[2];
	struct precis_error err;
	struct precis_report_opts o = whole();
	cr_assert_eq(precis_report_build(d, 2, set, b, &o, r, &err), PRECIS_OK, "%s",
	             err.message);
	for (int i = 0; i < 2; i++) {
		assert_translated(r[i], "[EN] ");
		cr_assert_eq(precis_report_warning_count(r[i]), 0, "%s", warnings(r[i]));
	}
	/* The lead goes with the texts (openai reads a "context" string). */
	cr_assert_gt(fake_log_count(NULL), 0);
	int lead = 0;
	for (size_t i = 0; i < fake_log_count(NULL); i++)
		lead +=
		    has(fake_log_at(NULL, i)->body, "Le conseil municipal de Valbrune a");
	cr_assert_geq(lead, 1);
	precis_backend_free(b);
	free_all(r, d, 2);
}

Test(report, default_target_is_language_data)
{
	for (size_t i = 0; i < precis_langset_count(set); i++) {
		const struct precis_lang *l = precis_langset_at(set, i);
		const char *t = precis_lang_meta(l, "default_target");
		cr_assert_not_null(t, "lang/%s/meta.txt names its default_target",
		                   precis_lang_code(l));
		cr_assert_not_null(precis_langset_find(set, t));
		cr_assert_str_neq(t, precis_lang_code(l));
	}
}

Test(report, bad_length_is_a_usage_error)
{
	struct precis_doc *d = article("a.txt", fr_article);
	struct precis_report *r = NULL;
	struct precis_error err;
	struct precis_report_opts o = whole();
	o.length.ratio = 2;
	cr_assert_eq(precis_report_build(&d, 1, set, NULL, &o, &r, &err), PRECIS_E_USAGE);
	cr_assert(has(err.message, "ratio"), "%s", err.message);
	cr_assert_not_null(r);
	free_all(&r, &d, 1);
}

/* `precis quotes` with a backend: the quotes alone are translated, with
 * the lead as context; no summary, no title. Without a backend no summary
 * is made at all. */
Test(report, quotes_only)
{
	start(NULL);
	struct precis_doc *d = article("a.txt", fr_article);
	struct precis_backend *b = backend("deepl", fake_url(NULL), 1, NULL, 0);
	struct precis_report *r;
	struct precis_error err;
	struct precis_report_opts o = whole();
	o.quotes_only = 1;
	cr_assert_eq(precis_report_build(&d, 1, set, b, &o, &r, &err), PRECIS_OK, "%s",
	             err.message);
	size_t nq = precis_report_quote_count(r);
	cr_assert_gt(nq, 0);
	cr_assert_eq(precis_report_summary_count(r, PRECIS_SIDE_SOURCE), 0);
	cr_assert_eq(precis_report_summary_count(r, PRECIS_SIDE_TARGET), 0);
	cr_assert_null(precis_report_title(r, PRECIS_SIDE_SOURCE, NULL));
	cr_assert_eq(fake_log_count(NULL), 1);
	const struct fake_request *q = fake_log_at(NULL, 0);
	cr_assert_eq(q->ntexts, nq, "only the quotes are sent");
	cr_assert_str_eq(q->context, fr_lead);
	for (size_t i = 0; i < nq; i++) {
		const char *t = precis_report_quote_translation(r, i, NULL);
		cr_assert(t && has(t, "[EN-GB] "), "quote %zu: %s", i, t ? t : "(null)");
	}
	precis_report_free(r);

	o.summarizer = PRECIS_SUMMARIZER_LLM;
	cr_assert_eq(precis_report_build(&d, 1, set, b, &o, &r, &err), PRECIS_E_USAGE);
	precis_report_free(r);
	o.summarizer = PRECIS_SUMMARIZER_EXTRACTIVE;

	precis_doc_free(d);
	d = article("a.txt", fr_article);
	cr_assert_eq(precis_report_build(&d, 1, set, NULL, &o, &r, &err), PRECIS_OK);
	cr_assert_eq(precis_report_quote_count(r), nq);
	cr_assert_eq(precis_report_summary_count(r, PRECIS_SIDE_SOURCE), 0);
	cr_assert_eq(precis_doc_summary_count(d), 0, "no summary was made");
	precis_backend_free(b);
	free_all(&r, &d, 1);
}

/* no_context: the texts go without their lead, so DeepL batches the texts
 * of both articles in one request. */
Test(report, no_context_batches_deepl_across_articles)
{
	start(NULL);
	struct precis_doc *d[2] = {article("a.txt", fr_article),
	                           article("b.txt", fr_article2)};
	struct precis_backend *b = backend("deepl", fake_url(NULL), 1, NULL, 0);
	struct precis_report *r[2];
	struct precis_error err;
	struct precis_report_opts o = whole();
	o.no_context = 1;
	cr_assert_eq(precis_report_build(d, 2, set, b, &o, r, &err), PRECIS_OK, "%s",
	             err.message);
	cr_assert_eq(fake_log_count(NULL), 1, "one request for both articles");
	const struct fake_request *q = fake_log_at(NULL, 0);
	cr_assert(!q->context || !*q->context, "a context was sent: %s", q->context);
	for (size_t i = 0; i < 2; i++)
		assert_translated(r[i], "[EN-GB] ");
	precis_backend_free(b);
	free_all(r, d, 2);
}
