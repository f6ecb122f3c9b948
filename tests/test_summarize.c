/* summarize: the local extractive summary over the fixtures (text front,
 * quotes, then precis_summarize) and over short texts written for these
 * tests: length limits, article order, no boilerplate or title, quotes kept
 * whole with their attribution, the title found, the same result twice. */
#include <criterion/criterion.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture_list.h"
#include "precis/precis.h"

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

TestSuite(summarize, .init = setup, .fini = teardown);

static struct precis_doc *front(const char *name, const char *text, size_t len)
{
	struct precis_doc *doc = precis_doc_new(name);
	struct precis_error err;
	cr_assert_eq(precis_text_front(doc, text, len, NULL, det, set, &err), PRECIS_OK,
	             "%s", err.message);
	cr_assert_eq(precis_quotes(doc, set, &err), PRECIS_OK, "%s", err.message);
	return doc;
}

static void summarize(struct precis_doc *doc, size_t sentences, size_t words,
                      double ratio)
{
	struct precis_error err;
	struct precis_summary_opts o = {
	    .sentences = sentences, .words = words, .ratio = ratio};
	cr_assert_eq(precis_summarize(doc, set, &o, &err), PRECIS_OK, "%s", err.message);
}

static int in_summary(const struct precis_doc *doc, size_t s)
{
	for (size_t i = 0; i < precis_doc_summary_count(doc); i++)
		if (precis_doc_summary_sentence(doc, i) == s)
			return 1;
	return 0;
}

static size_t sent_at(const struct precis_doc *doc, size_t off)
{
	size_t s = 0;
	for (size_t i = 0; i < precis_doc_sentence_count(doc); i++)
		if (precis_doc_sentence(doc, i)->span.start <= off)
			s = i;
	return s;
}

static int sent_has(const struct precis_doc *doc, size_t s, const char *needle)
{
	const struct precis_sentence *se = precis_doc_sentence(doc, s);
	const char *t = precis_doc_text(doc, NULL);
	size_t n = strlen(needle);
	for (size_t i = se->span.start; i + n <= se->span.end; i++)
		if (memcmp(t + i, needle, n) == 0)
			return 1;
	return 0;
}

static size_t words_of(const struct precis_doc *doc, size_t s)
{
	const struct precis_sentence *se = precis_doc_sentence(doc, s);
	const char *t = precis_doc_text(doc, NULL);
	size_t n = 0;
	int in = 0, counted = 0;
	for (size_t i = se->span.start; i < se->span.end; i++) {
		unsigned char ch = (unsigned char)t[i];
		if (ch == ' ' || ch == '\n') {
			in = counted = 0;
			continue;
		}
		in = 1;
		/* A letter beyond ASCII starts with a lead byte C3..DF
		 * (Latin-1 and Extended, Greek, Cyrillic); « » (C2 ..) and
		 * “ ” ’ (E2 ..) standing alone are no word. */
		if (!counted && ((ch >= 0xC3 && ch <= 0xDF) || (ch >= '0' && ch <= '9') ||
		                 ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z'))) {
			n++;
			counted = 1;
		}
	}
	(void)in;
	return n;
}

static size_t summary_words(const struct precis_doc *doc)
{
	size_t n = 0;
	for (size_t i = 0; i < precis_doc_summary_count(doc); i++)
		n += words_of(doc, precis_doc_summary_sentence(doc, i));
	return n;
}

static size_t candidates(const struct precis_doc *doc)
{
	size_t n = 0;
	for (size_t i = 0; i < precis_doc_sentence_count(doc); i++) {
		const struct precis_para *p =
		    precis_doc_paragraph(doc, precis_doc_sentence(doc, i)->paragraph);
		n += !p->boilerplate && !p->heading;
	}
	return n;
}

/* The rules every summary follows, whatever its length. */
static void check_rules(const struct precis_doc *doc, const char *name)
{
	size_t n = precis_doc_summary_count(doc);
	for (size_t i = 0; i < n; i++) {
		size_t s = precis_doc_summary_sentence(doc, i);
		cr_assert_lt(s, precis_doc_sentence_count(doc), "%s: sentence %zu", name,
		             s);
		if (i)
			cr_expect_gt(s, precis_doc_summary_sentence(doc, i - 1),
			             "%s: summary not in article order", name);
		const struct precis_para *p =
		    precis_doc_paragraph(doc, precis_doc_sentence(doc, s)->paragraph);
		cr_expect(!p->boilerplate, "%s: sentence %zu is boilerplate", name, s);
		cr_expect(!p->heading, "%s: sentence %zu is a heading or the title", name,
		          s);
	}
	cr_expect_eq(precis_doc_summary_sentence(doc, n), (size_t)-1);
	/* A statement quote: all of its sentences or none, and where its cue
	 * is written next to it, that sentence too. */
	for (size_t qi = 0; qi < precis_doc_quote_count(doc); qi++) {
		const struct precis_quote *q = precis_doc_quote(doc, qi);
		if (q->kind != PRECIS_QUOTE_STATEMENT || q->span.end <= q->span.start)
			continue;
		size_t a = sent_at(doc, q->span.start), b = sent_at(doc, q->span.end - 1);
		int any = 0, all = 1;
		for (size_t s = a; s <= b; s++) {
			any |= in_summary(doc, s);
			all &= in_summary(doc, s);
		}
		if (!any)
			continue;
		cr_expect(all, "%s: the quote \"%.40s\" is cut", name, q->text);
		if (!*q->cue)
			continue;
		int written = 0, kept = 0;
		size_t lo = a ? a - 1 : a,
		       hi = b + 1 < precis_doc_sentence_count(doc) ? b + 1 : b;
		for (size_t s = lo; s <= hi; s++)
			if (sent_has(doc, s, q->cue)) {
				written = 1;
				kept |= in_summary(doc, s);
			}
		cr_expect(!written || kept,
		          "%s: the quote \"%.40s\" lost its attribution \"%s\"", name,
		          q->text, q->cue);
	}
}

/* The title line of NAME.expect, or NULL (none). */
static char *expect_title(const struct fx *f)
{
	char *path = fx_path(f, ".expect");
	char *s = fx_read(path, NULL);
	free(path);
	cr_assert(s);
	char *title = NULL;
	for (char *line = strtok(s, "\n"); line; line = strtok(NULL, "\n"))
		if (strncmp(line, "title: ", 7) == 0 && strcmp(line + 7, "none") != 0)
			title = strdup(line + 7);
	free(s);
	return title;
}

Test(summarize, fixtures)
{
	struct fx *all;
	size_t nfx = fx_list(&all);
	cr_assert_gt(nfx, 0, "no fixtures: PRECIS_FIXTURES not set?");
	size_t total = 0;
	for (size_t k = 0; k < nfx; k++) {
		char *path = fx_path(&all[k], ".txt");
		size_t len;
		char *text = fx_read(path, &len);
		cr_assert(text, "cannot read %s", path);
		struct precis_doc *doc = front(path, text, len);

		summarize(doc, 0, 0, 0);
		/* 3, or 2 when only quotes too long for the last place and
		 * lone questions are left (an interview). */
		size_t got = precis_doc_summary_count(doc);
		cr_expect(got == 3 || got == 2, "%s: %zu sentences, not 3", path, got);
		total += got;
		check_rules(doc, path);

		char *title = expect_title(&all[k]);
		size_t tp = precis_doc_title(doc);
		if (title) {
			cr_expect_neq(tp, (size_t)-1, "%s: no title found", path);
			if (tp != (size_t)-1) {
				const struct precis_para *p =
				    precis_doc_paragraph(doc, tp);
				size_t n = p->span.end - p->span.start;
				cr_expect(
				    n == strlen(title) &&
				        memcmp(precis_doc_text(doc, NULL) + p->span.start,
				               title, n) == 0,
				    "%s: the title is not \"%s\"", path, title);
			}
		} else {
			cr_expect_eq(tp, (size_t)-1,
			             "%s: a title found in an article without", path);
		}
		free(title);

		/* The same doc summarized again, and a fresh one: the same. */
		size_t first[3] = {0};
		for (size_t i = 0; i < 3; i++)
			first[i] = precis_doc_summary_sentence(doc, i);
		struct precis_doc *again = front(path, text, len);
		summarize(again, 0, 0, 0);
		summarize(again, 0, 0, 0);
		cr_expect_eq(precis_doc_summary_count(again), got,
		             "%s: not deterministic", path);
		for (size_t i = 0; i < 3; i++)
			cr_expect_eq(precis_doc_summary_sentence(again, i), first[i],
			             "%s: not deterministic", path);
		precis_doc_free(again);

		summarize(doc, 0, 60, 0);
		check_rules(doc, path);
		cr_expect(summary_words(doc) <= 60 || precis_doc_summary_count(doc) == 1,
		          "%s: %zu words for --words 60", path, summary_words(doc));
		cr_expect_geq(precis_doc_summary_count(doc), 1, "%s", path);

		summarize(doc, 0, 0, 0.2);
		check_rules(doc, path);
		size_t nc = candidates(doc), small = precis_doc_summary_count(doc);
		cr_expect_leq(small, (size_t)ceil(0.2 * (double)nc),
		              "%s: %zu sentences for 0.2 of %zu", path, small, nc);
		summarize(doc, 0, 0, 0.6);
		check_rules(doc, path);
		cr_expect_gt(precis_doc_summary_count(doc), small,
		             "%s: ratio 0.6 not longer", path);
		cr_expect_leq(precis_doc_summary_count(doc),
		              (size_t)ceil(0.6 * (double)nc), "%s", path);

		summarize(doc, 8, 0, 0);
		check_rules(doc, path);
		cr_expect_leq(precis_doc_summary_count(doc), 8, "%s", path);
		cr_expect_geq(precis_doc_summary_count(doc), 6, "%s", path);

		precis_doc_free(doc);
		free(text);
		free(path);
	}
	cr_expect_geq(total, 3 * nfx - 1,
	              "%zu sentences over %zu fixtures: too many short", total, nfx);
	free(all);
}

Test(summarize, empty_doc)
{
	struct precis_doc *doc = precis_doc_new("empty");
	summarize(doc, 0, 0, 0);
	cr_expect_eq(precis_doc_summary_count(doc), 0);
	cr_expect_eq(precis_doc_title(doc), (size_t)-1);
	precis_doc_free(doc);

	doc = front("blank", " \n\n ", 4);
	summarize(doc, 0, 0, 0);
	cr_expect_eq(precis_doc_summary_count(doc), 0);
	precis_doc_free(doc);
}

Test(summarize, one_sentence)
{
	const char *t =
	    "Le conseil municipal de Valbrune a voté mardi soir le budget de la ville.\n";
	struct precis_doc *doc = front("one", t, strlen(t));
	summarize(doc, 0, 0, 0);
	cr_assert_eq(precis_doc_summary_count(doc), 1);
	cr_expect_eq(precis_doc_summary_sentence(doc, 0), 0);
	cr_expect_eq(precis_doc_title(doc), (size_t)-1);
	precis_doc_free(doc);
}

Test(summarize, bad_ratio)
{
	struct precis_doc *doc = precis_doc_new("ratio");
	struct precis_error err;
	struct precis_summary_opts o = {.ratio = 1.5};
	cr_expect_eq(precis_summarize(doc, set, &o, &err), PRECIS_E_USAGE);
	cr_expect(strstr(err.message, "ratio"), "%s", err.message);
	precis_doc_free(doc);
}

/* A quote over three sentences, its speaker named at its end: taking any of
 * them takes all four sentences. */
Test(summarize, quote_comes_whole)
{
	const char *t =
	    "Le chantier du pont de Marcheval reprendra lundi après six mois d'arrêt.\n"
	    "Les ingénieurs de la région ont validé la réparation des piles du pont. "
	    "« Le pont sera rouvert aux voitures en juin. Les piles ont été renforcées. "
	    "Nous avons vérifié chaque pile du pont », a déclaré Claire Dufresne, "
	    "ingénieure en chef de la région.\n"
	    "La circulation restera déviée par la route départementale pendant les "
	    "travaux.\n"
	    "Les commerçants du centre espèrent le retour des clients avant l'été.\n";
	struct precis_doc *doc = front("quote", t, strlen(t));
	cr_assert_geq(precis_doc_quote_count(doc), 1);
	for (size_t n = 1; n <= 6; n++) {
		summarize(doc, n, 0, 0);
		check_rules(doc, "quote");
		cr_expect_geq(precis_doc_summary_count(doc), 1);
	}
	/* Room for it: the pont's quote is the heart of the story. */
	summarize(doc, 5, 0, 0);
	cr_expect(in_summary(doc, 2) && in_summary(doc, 3), "the quote was left out");
	precis_doc_free(doc);
}

/* A title at the top is reported and never summarized; boilerplate is
 * never picked. */
Test(summarize, title_and_boilerplate)
{
	const char *t =
	    "Inondations : la digue d'Ashbury a tenu\n"
	    "La digue d'Ashbury a résisté dimanche à la crue de la rivière.\n"
	    "Les habitants du quartier bas avaient été évacués samedi soir par "
	    "précaution.\n"
	    "La préfecture lèvera l'alerte mardi si la rivière continue de baisser.\n"
	    "Partager sur Facebook\n"
	    "Abonnez-vous à notre newsletter\n";
	struct precis_doc *doc = front("title", t, strlen(t));
	summarize(doc, 10, 0, 0);
	check_rules(doc, "title");
	cr_expect_eq(precis_doc_title(doc), 0);
	cr_expect_eq(precis_doc_summary_count(doc), 3);
	precis_doc_free(doc);
}

/* A one-word line ("Entretien.") is not a summary sentence when longer
 * ones are there. */
Test(summarize, short_line_left_out)
{
	const char *t = "Deux étés très chauds ont fait fondre une grande partie des "
	                "glaciers du Valais.\n"
	                "Entretien.\n"
	                "La glaciologue Anne Roux mesure depuis vingt ans la fonte des "
	                "glaciers du Valais.\n"
	                "Elle présentait jeudi à Sion les mesures de la dernière "
	                "campagne sur les glaciers.\n";
	struct precis_doc *doc = front("short", t, strlen(t));
	summarize(doc, 3, 0, 0);
	check_rules(doc, "short");
	cr_expect_eq(precis_doc_summary_count(doc), 3);
	cr_expect(!in_summary(doc, 1), "the one-word line was picked");
	/* Not even when nothing else is left. */
	summarize(doc, 4, 0, 0);
	cr_expect_eq(precis_doc_summary_count(doc), 3);
	cr_expect(!in_summary(doc, 1), "the one-word line was picked");
	precis_doc_free(doc);
}

/* Every language names a Snowball stemmer libstemmer has, and stemming
 * folds a word's forms together. */
#include "core/stem.h"

Test(summarize, stemmers)
{
	for (size_t i = 0; i < precis_langset_count(set); i++) {
		const struct precis_lang *l = precis_langset_at(set, i);
		const char *alg = precis_lang_meta(l, "stemmer");
		cr_assert(alg, "lang/%s/meta.txt has no stemmer", precis_lang_code(l));
		struct px_stemmer *st = px_stemmer_new(alg);
		cr_expect(st, "lang/%s: libstemmer has no \"%s\"", precis_lang_code(l),
		          alg);
		px_stemmer_free(st);
	}
	cr_expect_null(px_stemmer_new("klingon"));
	cr_expect_null(px_stemmer_new(NULL));

	struct px_stemmer *fr = px_stemmer_new("french");
	cr_assert(fr);
	size_t n;
	const char *s = px_stem(fr, "glaciers", 8, &n);
	char a[32];
	cr_assert_lt(n, sizeof a);
	memcpy(a, s, n);
	a[n] = '\0';
	s = px_stem(fr, "glacier", 7, &n);
	cr_expect(strlen(a) == n && memcmp(a, s, n) == 0, "glaciers → %s, glacier → %.*s",
	          a, (int)n, s);
	px_stemmer_free(fr);
}

/* The quote opens the article: its first sentence is the best one, but it
 * cannot come without the two others and the attribution at the end. */
Test(summarize, lead_quote_not_cut)
{
	const char *t =
	    "“The barrier will be finished before the winter floods. Every gate has been "
	    "tested twice. We will not ask anyone to leave their home again,” said Priya "
	    "Nolan, the council engineer in charge of the flood barrier.\n"
	    "The council approved the last payment for the flood barrier on Tuesday.\n"
	    "Residents of the lower town had waited three years for the work to begin.\n"
	    "The river rose twice last winter and flooded forty homes near the old "
	    "bridge.\n";
	struct precis_doc *doc = front("lead-quote", t, strlen(t));
	cr_assert_geq(precis_doc_quote_count(doc), 1);
	cr_assert_geq(precis_doc_sentence_count(doc), 6);
	for (size_t n = 1; n <= 6; n++) {
		summarize(doc, n, 0, 0);
		check_rules(doc, "lead-quote");
		int any = in_summary(doc, 0) || in_summary(doc, 1) || in_summary(doc, 2);
		int all = in_summary(doc, 0) && in_summary(doc, 1) && in_summary(doc, 2);
		cr_expect(any == all, "%zu sentences: the quote is cut", n);
	}
	/* Room for the quote: it is the lead, it is taken. */
	summarize(doc, 3, 0, 0);
	cr_expect(in_summary(doc, 0), "the lead quote was left out with room for it");
	precis_doc_free(doc);
}

/* A sentence opening on a connective or a pronoun (lang/<code>/
 * summary-openers.txt) leans on the one before: with room for two, the
 * summary takes a sentence that stands alone instead. */
Test(summarize, dependent_opener_left_out)
{
	const char *t =
	    "Le conseil municipal de Valbrune a voté mardi soir la construction "
	    "d'une deuxième ligne de tramway vers le quartier des Tanneurs. "
	    "Mais le tramway des Tanneurs coûtera plus cher que prévu à la ville de "
	    "Valbrune. "
	    "Les travaux du tramway des Tanneurs commenceront au printemps à "
	    "Valbrune.\n";
	struct precis_doc *doc = front("opener", t, strlen(t));
	cr_assert_eq(precis_doc_sentence_count(doc), 3);
	summarize(doc, 2, 0, 0);
	check_rules(doc, "opener");
	cr_expect(in_summary(doc, 0) && in_summary(doc, 2) && !in_summary(doc, 1),
	          "the sentence opening on \"Mais\" was picked");
	/* A pronoun opening the article's first sentence is no penalty:
	 * there is nothing before it to lean on. */
	const char *u =
	    "He was elected mayor of Ashbury on Sunday with 61 per cent of the "
	    "votes cast in the town.\n"
	    "The new mayor of Ashbury promised a flood barrier for the town "
	    "before the winter.\n";
	struct precis_doc *d2 = front("opener-first", u, strlen(u));
	summarize(d2, 1, 0, 0);
	cr_expect(in_summary(d2, 0), "the article's first sentence was left out");
	precis_doc_free(d2);
	precis_doc_free(doc);
}

/* In an interview, the answers are the interviewee's words with no name on
 * them, often in the first person: the summary prefers the sentences the
 * journalist wrote. */
Test(summarize, interview_answer_left_out)
{
	const char *t =
	    "Grace Wanjiru won the Calderbridge marathon on Sunday in a course "
	    "record, two years after a foot injury.\n"
	    "The runner from Iten spoke about the Calderbridge marathon and her "
	    "injury the day after the race.\n"
	    "How do you feel about the marathon?\n"
	    "I feel sore after the marathon, but my injury is healed and I am "
	    "happy with my race.\n"
	    "The organisers of the Calderbridge marathon counted a record 14,000 "
	    "runners at the finish this year.\n";
	struct precis_doc *doc = front("interview", t, strlen(t));
	cr_assert_eq(precis_doc_sentence_count(doc), 5);
	summarize(doc, 3, 0, 0);
	check_rules(doc, "interview");
	cr_expect(!in_summary(doc, 2), "the question was picked");
	cr_expect(!in_summary(doc, 3), "the unattributed answer was picked");
	cr_expect(in_summary(doc, 4), "the journalist's last sentence was left out");
	precis_doc_free(doc);
}

/* The word cache kept from one document to the next (summary_lex.c) is
 * per language as loaded: another language set, or one loaded after the
 * first was freed, gives the same summaries, and so does a French article
 * summarized between two English ones. */
Test(summarize, word_cache_across_sets)
{
	const char *en =
	    "The council of Ashbury approved a flood barrier on Tuesday after three "
	    "years of debate.\n"
	    "The barrier will protect six hundred homes along the river.\n"
	    "Work on the barrier starts in the spring and ends before the winter "
	    "floods.\n"
	    "The opposition warned of a funding gap of three million pounds.\n";
	const char *fr =
	    "Le conseil municipal de Valbrune a voté mardi le budget du tramway.\n"
	    "Le tramway reliera la gare au quartier des Tanneurs en 2027.\n"
	    "L'opposition dénonce un coût trop élevé pour la ville.\n";
	struct precis_doc *a = front("en-a", en, strlen(en));
	summarize(a, 2, 0, 0);
	size_t want[2] = {precis_doc_summary_sentence(a, 0),
	                  precis_doc_summary_sentence(a, 1)};

	struct precis_doc *f = front("fr", fr, strlen(fr));
	summarize(f, 2, 0, 0);
	summarize(a, 2, 0, 0);
	cr_expect(precis_doc_summary_sentence(a, 0) == want[0] &&
	              precis_doc_summary_sentence(a, 1) == want[1],
	          "another language in between changed the summary");

	struct precis_error err;
	for (int round = 0; round < 2; round++) {
		struct precis_langset *other;
		cr_assert_eq(precis_langset_load(NULL, &other, &err), PRECIS_OK, "%s",
		             err.message);
		struct precis_summary_opts o = {.sentences = 2};
		cr_assert_eq(precis_summarize(a, other, &o, &err), PRECIS_OK, "%s",
		             err.message);
		cr_expect(precis_doc_summary_sentence(a, 0) == want[0] &&
		              precis_doc_summary_sentence(a, 1) == want[1],
		          "round %d: another language set changed the summary", round);
		precis_langset_free(other);
	}
	precis_doc_free(f);
	precis_doc_free(a);
}

/* A quote whose unit does not name its speaker ("...", she said) reads, in
 * a summary, as words from nobody: the summary prefers the quote that says
 * who speaks. */
Test(summarize, unnamed_speaker_quote_left_out)
{
	const char *t =
	    "Teachers in the Riverside district voted on Monday to strike over pay, "
	    "and the board president, Alice Brennan, met the union leaders.\n"
	    "\xe2\x80\x9c" "A strike over pay hurts the children of Riverside first,\xe2\x80\x9d "
	    "she said.\n"
	    "The district runs forty schools and employs two thousand people.\n"
	    "\xe2\x80\x9c" "A strike over pay is the last thing the teachers of Riverside "
	    "want,\xe2\x80\x9d said union leader Marcus Oduya.\n";
	struct precis_doc *doc = front("unnamed", t, strlen(t));
	cr_assert_eq(precis_doc_sentence_count(doc), 4);
	summarize(doc, 2, 0, 0);
	check_rules(doc, "unnamed");
	cr_expect(in_summary(doc, 0) && in_summary(doc, 3) && !in_summary(doc, 1),
	          "the quote with \"she said\" was picked over the one naming its speaker");
	precis_doc_free(doc);
}

/* A delayed lead: the article opens on one person's anecdote and states
 * its news in the next paragraph (the nut graf), which holds the title's
 * words: the summary starts there, not with the anecdote. */
Test(summarize, delayed_lead_starts_at_the_nut_graf)
{
	const char *t =
	    "Night buses to return to Ashbury suburbs from March\n\n"
	    "At half past one on a Saturday morning, Mia Kowalski used to finish her "
	    "shift at a restaurant kitchen and walk home alone for forty minutes "
	    "through the dark streets of the town.\n\n"
	    "She walked those streets home every weekend for three years, past the "
	    "closed shops and the empty station, because the last bus of the evening "
	    "left before her shift ended.\n\n"
	    "Night buses will return to the Ashbury suburbs from March, the county "
	    "council said on Monday, three years after the routes were cut to save "
	    "money.\n\n"
	    "The council will spend 1.2 million pounds a year on four routes running "
	    "every half hour until four in the morning on Fridays and Saturdays.\n\n"
	    "Restaurant and hospital workers who finish their shift late had "
	    "campaigned for the routes for two years.\n";
	struct precis_doc *doc = front("nut", t, strlen(t));
	summarize(doc, 1, 0, 0);
	check_rules(doc, "nut");
	size_t s = precis_doc_summary_sentence(doc, 0);
	cr_assert_neq(s, (size_t)-1);
	cr_expect(sent_has(doc, s, "Night buses will return"),
	          "the summary starts with sentence %zu, not the nut graf", s);
	precis_doc_free(doc);
}

/* A phrase that carries a pronoun ("Selon elle,") leans on the sentence
 * before it as a pronoun does. */
Test(summarize, dependent_phrase_opener_left_out)
{
	const char *t =
	    "Le conseil municipal de Valbrune a voté mardi soir la construction "
	    "d'une deuxième ligne de tramway vers le quartier des Tanneurs. "
	    "Selon elle, le tramway des Tanneurs coûtera plus cher que prévu à la ville "
	    "de Valbrune. "
	    "Les travaux du tramway des Tanneurs commenceront au printemps à "
	    "Valbrune.\n";
	struct precis_doc *doc = front("phrase", t, strlen(t));
	cr_assert_eq(precis_doc_sentence_count(doc), 3);
	summarize(doc, 2, 0, 0);
	check_rules(doc, "phrase");
	cr_expect(in_summary(doc, 0) && in_summary(doc, 2) && !in_summary(doc, 1),
	          "the sentence opening on \"Selon elle\" was picked");
	precis_doc_free(doc);
}
