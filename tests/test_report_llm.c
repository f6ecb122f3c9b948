/* report with --summarizer llm (src/report/report_llm.c) against the fake
 * OpenAI server: both sides, the title and the quotes from one structured
 * call per article; the text sent is the body without the title; an
 * article whose llm summary fails falls back to the extractive summary,
 * translated by the normal pass, with a warning; a fatal error returns. */
#include <criterion/criterion.h>

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fakeapi.h"
#include "precis/backend.h"
#include "precis/precis.h"

#define KEY "sk-report-llm-0123456789"

static struct precis_langset *set;
static struct precis_detector *det;

static void setup(void)
{
	struct precis_error err;
	cr_assert_eq(precis_langset_load(NULL, &set, &err), PRECIS_OK, "%s", err.message);
	cr_assert_eq(precis_detector_new(set, &det, &err), PRECIS_OK, "%s", err.message);
	setenv("PRECIS_BACKOFF_SCALE", "0.01", 1);
}

static void teardown(void)
{
	fake_stop();
	precis_detector_free(det);
	precis_langset_free(set);
}

TestSuite(report_llm, .init = setup, .fini = teardown, .timeout = 120);

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

static const char en_article[] =
    "Flood barrier: Ashbury council approves the new scheme\n\n"
    "Ashbury council approved on Monday a flood barrier on the river Tane, after a "
    "three-hour debate. Work is due to start in the spring.\n\n"
    "“This barrier will protect four thousand homes from the next great flood,” "
    "said the council leader, Margaret Holloway.\n\n"
    "Residents of the lower town remain worried about the cost. “We have been "
    "promised this for twenty years and nothing has been built,” said Tom Rigby, "
    "who runs a bakery on Mill Street.\n";

static struct precis_doc *article(const char *name, const char *text)
{
	struct precis_doc *doc = precis_doc_new(name);
	struct precis_error err;
	cr_assert_eq(precis_text_front(doc, text, strlen(text), NULL, det, set, &err),
	             PRECIS_OK, "%s", err.message);
	cr_assert_eq(precis_quotes(doc, set, &err), PRECIS_OK, "%s", err.message);
	return doc;
}

static struct precis_backend *backend(const char *key)
{
	char base[128];
	snprintf(base, sizeof base, "%s/v1", fake_url(NULL));
	struct precis_backend_opts o;
	memset(&o, 0, sizeof o);
	o.name = "openai";
	o.base_url = base;
	o.model = "fake-model";
	o.api_key = key;
	o.no_cache = 1;
	o.retries = 2;
	o.timeout = 30;
	o.langs = set;
	struct precis_backend *b = NULL;
	struct precis_error err;
	cr_assert_eq(precis_backend_new(&o, &b, &err), PRECIS_OK, "%s", err.message);
	return b;
}

static struct precis_report_opts llm(size_t sentences)
{
	struct precis_report_opts o;
	memset(&o, 0, sizeof o);
	o.summarizer = PRECIS_SUMMARIZER_LLM;
	o.length.sentences = sentences;
	return o;
}

static void start(const struct fake_config *cfg)
{
	cr_assert_gt(fake_start(cfg), 0, "the fake server cannot listen: %s",
	             strerror(errno));
}

static int starts(const char *s, const char *prefix)
{
	return s && strncmp(s, prefix, strlen(prefix)) == 0;
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

static void free_all(struct precis_report **r, struct precis_doc **d, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		precis_report_free(r[i]);
		precis_doc_free(d[i]);
	}
}

/* The llm's answer on both sides (the fake's: "[SUM] " and the tag). */
static void assert_llm(const struct precis_report *r, size_t sentences, const char *tag)
{
	cr_assert_str_eq(precis_report_summarizer(r), "llm", "%s", warnings(r));
	cr_assert(precis_report_translated(r));
	cr_assert_eq(precis_report_warning_count(r), 0, "%s", warnings(r));
	cr_assert_eq(precis_report_summary_count(r, PRECIS_SIDE_SOURCE), sentences);
	cr_assert_eq(precis_report_summary_count(r, PRECIS_SIDE_TARGET), sentences);
	for (size_t i = 0; i < sentences; i++) {
		cr_assert(starts(precis_report_summary(r, PRECIS_SIDE_SOURCE, i, NULL),
		                 "[SUM] "));
		cr_assert(
		    starts(precis_report_summary(r, PRECIS_SIDE_TARGET, i, NULL), tag));
		cr_assert_eq(precis_report_summary_sentence(r, i), (size_t)-1);
	}
	cr_assert(starts(precis_report_title(r, PRECIS_SIDE_TARGET, NULL), tag));
	cr_assert_gt(precis_report_quote_count(r), 0);
	for (size_t i = 0; i < precis_report_quote_count(r); i++)
		cr_assert(starts(precis_report_quote_translation(r, i, NULL), tag),
		          "quote %zu", i);
}

Test(report_llm, both_sides_title_and_quotes_in_one_call)
{
	start(NULL);
	struct precis_doc *d[2] = {article("fr.txt", fr_article),
	                           article("en.txt", en_article)};
	struct precis_backend *b = backend(KEY);
	struct precis_report *r[2] = {NULL, NULL};
	struct precis_report_opts o = llm(2);
	struct precis_error err;
	cr_assert_eq(precis_report_build(d, 2, set, b, &o, r, &err), PRECIS_OK, "%s",
	             err.message);
	assert_llm(r[0], 2, "[EN] ");
	assert_llm(r[1], 2, "[FR] ");
	cr_assert_str_eq(
	    precis_report_summary(r[0], PRECIS_SIDE_SOURCE, 0, NULL),
	    "[SUM] Le conseil municipal de Valbrune a approuvé lundi soir le "
	    "tracé de la ligne C du tramway, après six heures de débats.");
	/* One request per article: nothing was left for the translation pass. */
	cr_assert_eq(fake_log_count(NULL), 2);
	struct precis_report_figures f;
	precis_report_figures(r[0], &f);
	cr_assert_eq(f.requests, 2, "the requests of the whole call");
	cr_assert_gt(f.characters, 0);
	/* The text sent: the body, the title apart, paragraphs kept. */
	for (size_t i = 0; i < 2; i++) {
		const struct fake_request *q = fake_log_at(NULL, i);
		const char *text = q->texts[0];
		int fr = strstr(text, "Valbrune") != NULL;
		cr_assert(starts(text, fr ? "Le conseil municipal" : "Ashbury council"),
		          "%s", text);
		cr_assert_null(strstr(text, fr ? "Tramway :" : "Flood barrier:"));
		cr_assert_not_null(strstr(text, ".\n\n"));
		cr_assert_eq(q->ntexts, 1 + precis_report_quote_count(r[fr ? 0 : 1]));
	}
	precis_backend_free(b);
	free_all(r, d, 2);
}

/* Paragraphs enough to pass max_chars of the fake: that article's request
 * is refused as too long for the model's context, the other goes. */
static char *long_article(void)
{
	size_t cap = 16000, o = 0;
	char *t = malloc(cap);
	cr_assert_not_null(t);
	o += (size_t)snprintf(t + o, cap - o, "%s", fr_article);
	for (int i = 0; o < 9000; i++)
		o += (size_t)snprintf(
		    t + o, cap - o,
		    "\nLa séance a repris après une pause numéro %d. Les "
		    "élus ont examiné les amendements un par un.\n",
		    i + 1);
	return t;
}

Test(report_llm, failed_article_falls_back_to_the_extractive_summary)
{
	struct fake_config cfg = {.faults = {.max_chars = 6000}};
	start(&cfg);
	char *big = long_article();
	struct precis_doc *d[2] = {article("ok.txt", en_article),
	                           article("big.txt", big)};
	struct precis_backend *b = backend(KEY);
	struct precis_report *r[2] = {NULL, NULL};
	struct precis_report_opts o = llm(2);
	struct precis_error err;
	cr_assert_eq(precis_report_build(d, 2, set, b, &o, r, &err), PRECIS_OK, "%s",
	             err.message);
	assert_llm(r[0], 2, "[FR] ");

	struct precis_report *f = r[1];
	cr_assert_str_eq(precis_report_summarizer(f), "extractive");
	cr_assert_eq(precis_report_warning_count(f), 1, "%s", warnings(f));
	const char *w = precis_report_warning(f, 0);
	cr_assert(starts(w, "llm summary failed: "), "%s", w);
	cr_assert_not_null(strstr(w, "; the extractive summary is given"), "%s", w);
	cr_assert_not_null(strstr(w, "too long"), "%s", w);
	/* The normal pass translated the fallback. */
	size_t n = precis_report_summary_count(f, PRECIS_SIDE_SOURCE);
	cr_assert_gt(n, 0);
	cr_assert_neq(precis_report_summary_sentence(f, 0), (size_t)-1);
	for (size_t i = 0; i < n; i++) {
		cr_assert_not(starts(
		    precis_report_summary(f, PRECIS_SIDE_SOURCE, i, NULL), "[SUM]"));
		cr_assert(starts(precis_report_summary(f, PRECIS_SIDE_TARGET, i, NULL),
		                 "[EN] "));
	}
	cr_assert(starts(precis_report_title(f, PRECIS_SIDE_TARGET, NULL), "[EN] "));
	for (size_t i = 0; i < precis_report_quote_count(f); i++)
		cr_assert(starts(precis_report_quote_translation(f, i, NULL), "[EN] "));
	precis_backend_free(b);
	free_all(r, d, 2);
	free(big);
}

Test(report_llm, invalid_replies_fall_back_after_three_tries)
{
	struct fake_config cfg = {.faults = {.bad_content = {.every = 1}}};
	start(&cfg);
	struct precis_doc *d[1] = {article("fr.txt", fr_article)};
	struct precis_backend *b = backend(KEY);
	struct precis_report *r[1] = {NULL};
	struct precis_report_opts o = llm(2);
	struct precis_error err;
	/* The translation pass's replies are prose too: its failures are
	 * warnings as well, never fatal. */
	cr_assert_eq(precis_report_build(d, 1, set, b, &o, r, &err), PRECIS_OK, "%s",
	             err.message);
	cr_assert_str_eq(precis_report_summarizer(r[0]), "extractive");
	cr_assert(starts(precis_report_warning(r[0], 0), "llm summary failed: "), "%s",
	          warnings(r[0]));
	cr_assert_not_null(strstr(precis_report_warning(r[0], 0), "3 tries"), "%s",
	                   warnings(r[0]));
	size_t summary_requests = 0;
	for (size_t i = 0; i < fake_log_count(NULL); i++)
		summary_requests +=
		    strstr(fake_log_at(NULL, i)->body, "article_summary") != NULL;
	cr_assert_eq(summary_requests, 3);
	precis_backend_free(b);
	free_all(r, d, 1);
}

Test(report_llm, fatal_error_returns_with_the_fallback)
{
	struct fake_config cfg = {.openai_key = "sk-the-right-one-000000"};
	start(&cfg);
	struct precis_doc *d[2] = {article("fr.txt", fr_article),
	                           article("en.txt", en_article)};
	struct precis_backend *b = backend(KEY);
	struct precis_report *r[2] = {NULL, NULL};
	struct precis_report_opts o = llm(2);
	struct precis_error err;
	cr_assert_eq(precis_report_build(d, 2, set, b, &o, r, &err), PRECIS_E_BACKEND);
	cr_assert_not_null(strstr(err.message, "OPENAI_API_KEY"), "%s", err.message);
	cr_assert_null(strstr(err.message, KEY));
	for (size_t i = 0; i < 2; i++) {
		cr_assert_not_null(r[i]);
		cr_assert_str_eq(precis_report_summarizer(r[i]), "extractive");
		cr_assert_gt(precis_report_summary_count(r[i], PRECIS_SIDE_SOURCE), 0);
		cr_assert(starts(precis_report_warning(r[i], 0), "llm summary failed: "),
		          "%s", warnings(r[i]));
		cr_assert_null(strstr(warnings(r[i]), KEY));
	}
	cr_assert_leq(fake_log_count(NULL), 2, "nothing after the stop");
	precis_backend_free(b);
	free_all(r, d, 2);
}

Test(report_llm, words_limit_is_asked)
{
	start(NULL);
	struct precis_doc *d[1] = {article("fr.txt", fr_article)};
	struct precis_backend *b = backend(KEY);
	struct precis_report *r[1] = {NULL};
	struct precis_report_opts o = llm(0);
	o.length.words = 40;
	struct precis_error err;
	cr_assert_eq(precis_report_build(d, 1, set, b, &o, r, &err), PRECIS_OK, "%s",
	             err.message);
	cr_assert_eq(fake_log_count(NULL), 1);
	cr_assert_not_null(strstr(fake_log_at(NULL, 0)->body,
	                          "in at most 40 words (about 2 sentences)"));
	assert_llm(r[0], 2, "[EN] ");
	precis_backend_free(b);
	free_all(r, d, 1);
}

Test(report_llm, variant_target_goes_to_the_server)
{
	start(NULL);
	struct precis_doc *d[1] = {article("fr.txt", fr_article)};
	struct precis_backend *b = backend(KEY);
	struct precis_report *r[1] = {NULL};
	struct precis_report_opts o = llm(2);
	o.to = "en-GB";
	struct precis_error err;
	cr_assert_eq(precis_report_build(d, 1, set, b, &o, r, &err), PRECIS_OK, "%s",
	             err.message);
	cr_assert_str_eq(fake_log_at(NULL, 0)->target, "EN-GB");
	cr_assert_str_eq(precis_report_target(r[0]), "en");
	assert_llm(r[0], 2, "[EN-GB] ");
	precis_backend_free(b);
	free_all(r, d, 1);
}
