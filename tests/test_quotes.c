/* quotes: a case for every pattern of issue #3, in French and in English,
 * with sentences written for these tests. Each text goes through the whole
 * text front (decode, normalize, detect, strip, segment), then
 * precis_quotes(); a quote is found by the start of its text and checked
 * for speaker, cue, kind and span. */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "precis/precis.h"

#define NBSP "\xc2\xa0"
#define NNBSP "\xe2\x80\xaf"

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

TestSuite(quotes, .init = setup, .fini = teardown);

/* The doc of text, through the text front and the quote extractor. lang
 * forces the language (NULL: detected). */
static struct precis_doc *run_lang(const char *text, const char *lang)
{
	struct precis_doc *doc = precis_doc_new("test");
	struct precis_error err;
	struct precis_text_opts opts = {.lang = lang};
	cr_assert_eq(precis_text_front(doc, text, strlen(text), &opts, det, set, &err),
	             PRECIS_OK, "%s", err.message);
	cr_assert_eq(precis_quotes(doc, set, &err), PRECIS_OK, "%s", err.message);
	return doc;
}

static struct precis_doc *run(const char *text)
{
	return run_lang(text, NULL);
}

/* Every quote, for failure messages. */
static const char *dump(const struct precis_doc *doc)
{
	static char buf[16384];
	size_t n = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < precis_doc_quote_count(doc) && n < sizeof buf - 1; i++) {
		const struct precis_quote *q = precis_doc_quote(doc, i);
		int w =
		    snprintf(buf + n, sizeof buf - n,
		             "\n  [%s] \"%.50s\" speaker \"%s\" role \"%s\" cue \"%s\"",
		             precis_quote_kind_name(q->kind), q->text, q->speaker,
		             q->role, q->cue);
		if (w < 0)
			break;
		n += (size_t)w;
	}
	return buf;
}

/* The quote whose text starts with prefix. */
static const struct precis_quote *find(const struct precis_doc *doc, const char *prefix)
{
	for (size_t i = 0; i < precis_doc_quote_count(doc); i++) {
		const struct precis_quote *q = precis_doc_quote(doc, i);
		if (strncmp(q->text, prefix, strlen(prefix)) == 0)
			return q;
	}
	cr_assert_fail("no quote starts with \"%s\"; found:%s", prefix, dump(doc));
	return NULL;
}

/* The quote starting with prefix was said by speaker with cue; kind 0 is a
 * statement, 1 a term. */
static const struct precis_quote *expect(const struct precis_doc *doc, const char *prefix,
                                         const char *speaker, const char *cue, int kind)
{
	const struct precis_quote *q = find(doc, prefix);
	cr_expect_str_eq(q->speaker, speaker,
	                 "\"%s\": speaker \"%s\", want \"%s\"; all:%s", prefix,
	                 q->speaker, speaker, dump(doc));
	if (cue)
		cr_expect_str_eq(q->cue, cue, "\"%s\": cue \"%s\", want \"%s\"", prefix,
		                 q->cue, cue);
	cr_expect_eq((int)q->kind, kind, "\"%s\": kind %s, want %s", prefix,
	             precis_quote_kind_name(q->kind), kind ? "term" : "statement");
	return q;
}

static void expect_none(const struct precis_doc *doc, const char *prefix)
{
	for (size_t i = 0; i < precis_doc_quote_count(doc); i++) {
		const struct precis_quote *q = precis_doc_quote(doc, i);
		cr_expect(strncmp(q->text, prefix, strlen(prefix)) != 0,
		          "unexpected quote \"%s\"; all:%s", q->text, dump(doc));
	}
}

static size_t count_kind(const struct precis_doc *doc, int kind)
{
	size_t n = 0;
	for (size_t i = 0; i < precis_doc_quote_count(doc); i++)
		n += (int)precis_doc_quote(doc, i)->kind == kind;
	return n;
}

/* A one-paragraph quote's span holds exactly its text. */
static void expect_span(const struct precis_doc *doc, const struct precis_quote *q)
{
	size_t len;
	const char *t = precis_doc_text(doc, &len);
	cr_assert(q->span.start < q->span.end && q->span.end <= len);
	cr_expect_eq(q->span.end - q->span.start, strlen(q->text), "span length");
	cr_expect(memcmp(t + q->span.start, q->text, strlen(q->text)) == 0,
	          "the span does not hold the text \"%s\"", q->text);
	cr_expect_eq(q->paragraph, q->paragraph_end);
	const struct precis_sentence *s = precis_doc_sentence(doc, q->sentence);
	cr_assert_not_null(s);
	cr_expect(s->span.start <= q->span.start && q->span.start < s->span.end,
	          "sentence %zu does not hold the quote's start", q->sentence);
}

/* ---- marks ---- */

Test(quotes, guillemets_with_every_spacing)
{
	struct precis_doc *doc = run(
	    "Le conseil municipal a voté lundi soir le budget de la piscine.\n\n"
	    "«" NBSP "Nous rouvrirons le bassin en juin prochain" NBSP
	    "», a déclaré Paul Garnier.\n\n"
	    "«" NNBSP "La facture restera raisonnable pour les familles" NNBSP
	    "», a ajouté "
	    "Paul Garnier.\n\n"
	    "« Les travaux ont pris trois mois de retard », a reconnu Paul Garnier.\n\n"
	    "«Personne ne sera privé de baignade cet été», a assuré Paul Garnier.\n");
	const struct precis_quote *q =
	    expect(doc, "Nous rouvrirons le bassin", "Paul Garnier", "a déclaré", 0);
	expect_span(doc, q);
	cr_expect_str_eq(q->text, "Nous rouvrirons le bassin en juin prochain");
	q = expect(doc, "La facture restera", "Paul Garnier", "a ajouté", 0);
	expect_span(doc, q);
	expect(doc, "Les travaux ont pris", "Paul Garnier", "a reconnu", 0);
	q = expect(doc, "Personne ne sera privé", "Paul Garnier", "a assuré", 0);
	cr_expect_str_eq(q->text, "Personne ne sera privé de baignade cet été");
	precis_doc_free(doc);
}

Test(quotes, curly_straight_german_and_swiss_marks)
{
	struct precis_doc *doc =
	    run("The harbour board met on Tuesday to discuss the new pier.\n\n"
	        "\"The pier will be finished before the summer crowds arrive,\" said "
	        "Harriet Doyle.\n\n"
	        "\xe2\x80\x9cWe have already ordered the steel for the second "
	        "section,\xe2\x80\x9d said "
	        "Harriet Doyle.\n");
	expect(doc, "The pier will be finished", "Harriet Doyle", "said", 0);
	expect(doc, "We have already ordered", "Harriet Doyle", "said", 0);
	precis_doc_free(doc);

	doc = run("Le guide valaisan Anton Imboden a rendu hommage à son ami disparu. "
	          "\xe2\x80\x9e"
	          "Er war der ruhigste Mensch am Berg, immer\xe2\x80\x9c, a-t-il "
	          "confié en allemand. Son fils a ajouté: \xe2\x80\xb9"
	          "Mon père ne renonçait "
	          "jamais au sommet\xe2\x80\xba.\n");
	expect(doc, "Er war der ruhigste Mensch", "Anton Imboden", "a-t-il confié", 0);
	expect(doc, "Mon père ne renonçait jamais", "", NULL, 0);
	precis_doc_free(doc);
}

Test(quotes, one_level_of_nesting)
{
	struct precis_doc *doc = run("La directrice de l'école, Sandrine Morel, a lu la "
	                             "lettre des parents. « Ils nous "
	                             "écrivent : “Nos enfants n'ont plus de cantine "
	                             "depuis deux mois.” Je ne peux pas "
	                             "rester sans réponse », a-t-elle expliqué.\n");
	const struct precis_quote *q =
	    expect(doc, "Ils nous écrivent", "Sandrine Morel", "a-t-elle expliqué", 0);
	cr_expect(strstr(q->text, "\xe2\x80\x9cNos enfants") != NULL,
	          "the inner quote stays");
	/* the nested quote is listed too, as a term */
	expect(doc, "Nos enfants n'ont plus", "", "", 1);
	precis_doc_free(doc);

	doc = run("The coach, Dylan Marsh, read out a message from a supporter. "
	          "\xe2\x80\x9cShe "
	          "wrote, \xe2\x80\x98Keep going, we are all behind you.\xe2\x80\x99 "
	          "That meant a "
	          "lot to the players,\xe2\x80\x9d he said.\n");
	expect(doc, "She wrote", "Dylan Marsh", "said", 0);
	expect(doc, "Keep going", "", "", 1);
	precis_doc_free(doc);
}

Test(quotes, apostrophes_are_not_quotes)
{
	struct precis_doc *doc =
	    run("L\xe2\x80\x99\xc3\x89tat n\xe2\x80\x99"
	        "a pas r\xc3\xa9pondu \xc3\xa0 l\xe2\x80\x99"
	        "appel des maires d\xe2\x80\x99"
	        "aujourd\xe2\x80\x99hui.\n\n"
	        "The band\xe2\x80\x99s \xe2\x80\x99"
	        "90s records don\xe2\x80\x99t sell, and the "
	        "writers\xe2\x80\x99 union says it won\xe2\x80\x99t budge.\n\n"
	        "Tom's band played the '90s hits at the Builders' Hall, and they didn't "
	        "stop.\n");
	cr_expect_eq(precis_doc_quote_count(doc), 0, "apostrophes read as quotes:%s",
	             dump(doc));
	precis_doc_free(doc);
}

Test(quotes, single_quotes_beside_apostrophes)
{
	struct precis_doc *doc = run("The minister, Alan Pryce, spoke after the vote. "
	                             "\xe2\x80\x98It\xe2\x80\x99s the "
	                             "workers\xe2\x80\x99 money and we\xe2\x80\x99ll "
	                             "spend it wisely,\xe2\x80\x99 he "
	                             "said.\n\n"
	                             "Economist Ruth Klein added: \"What we're seeing is "
	                             "a 'soft landing,' not a crash.\"\n");
	expect(doc, "It\xe2\x80\x99s the workers", "Alan Pryce", "said", 0);
	const struct precis_quote *q =
	    expect(doc, "What we're seeing", "Ruth Klein", "added", 0);
	cr_expect(strstr(q->text, "'soft landing,'") != NULL);
	precis_doc_free(doc);
}

Test(quotes, inches_and_feet)
{
	struct precis_doc *doc =
	    run("The centre, who is 6'10\" tall, signed a two-year contract. The club "
	        "also bought a "
	        "12\" screen for the locker room and a 5' 6\" bench.\n");
	cr_expect_eq(precis_doc_quote_count(doc), 0, "inches read as quotes:%s",
	             dump(doc));
	precis_doc_free(doc);
}

Test(quotes, unbalanced_marks_end_with_their_paragraph)
{
	struct precis_doc *doc =
	    run("Le maire, Louis Ferrand, a pris la parole. « Nous ne fermerons pas "
	        "l'école du "
	        "village cette année, a-t-il promis.\n\n"
	        "Les parents d'élèves se réuniront jeudi soir à la salle des fêtes pour "
	        "organiser la "
	        "suite du mouvement et préparer une lettre au recteur.\n\n"
	        "Le recteur n'a pas répondu.\n");
	const struct precis_quote *q = find(doc, "Nous ne fermerons pas");
	cr_expect_eq(q->paragraph, q->paragraph_end);
	cr_expect(strstr(q->text, "Les parents") == NULL,
	          "the quote ran past its paragraph");
	precis_doc_free(doc);

	doc = run(
	    "A stray mark \xe2\x80\x9d here and another \xc2\xbb there do not open "
	    "anything. Nor does this one: \xe2\x80\x9c.\n\nThe next paragraph is plain "
	    "text with no quotation at all in it.\n");
	expect_none(doc, "The next paragraph");
	precis_doc_free(doc);
}

Test(quotes, glued_marks)
{
	struct precis_doc *doc = run("Kevin Bauwens habite en face du dépôt. \"On a "
	                             "entendu un grand bruit, puis des "
	                             "cris.\"\"Je suis descendu en courant pour aider "
	                             "les voisins\", raconte ce jeune "
	                             "père de famille.\n");
	expect(doc, "On a entendu un grand bruit", "Kevin Bauwens", "", 0);
	expect(doc, "Je suis descendu en courant", "Kevin Bauwens", "raconte", 0);
	precis_doc_free(doc);
}

Test(quotes, tweets_keep_handles_and_tags)
{
	struct precis_doc *doc = run("La députée Agnès Vidal a réagi dans la soirée. « "
	                             "Quand @MinistreSante parle de "
	                             "moyens, les urgences ferment. #Hopital #Urgences "
	                             "», a-t-elle écrit sur X.\n");
	const struct precis_quote *q =
	    expect(doc, "Quand @MinistreSante", "Agnès Vidal", "a-t-elle écrit", 0);
	cr_expect(strstr(q->text, "#Hopital #Urgences") != NULL);
	precis_doc_free(doc);
}

/* ---- over several paragraphs ---- */

Test(quotes, french_continuation)
{
	struct precis_doc *doc = run(
	    "Le boulanger Marc Delorme a raconté la nuit de l'incendie : « J'ai senti la "
	    "fumée "
	    "vers trois heures. Je suis descendu et le fournil était déjà en feu.\n\n"
	    "« Les pompiers sont arrivés en dix minutes. Ils ont sauvé la maison, pas le "
	    "magasin. »\n\n"
	    "Le commerce rouvrira en septembre.\n");
	const struct precis_quote *q =
	    expect(doc, "J'ai senti la fumée", "Marc Delorme", "a raconté", 0);
	cr_expect_eq(q->paragraph_end, q->paragraph + 1, "one quote over two paragraphs");
	cr_expect(strstr(q->text, "\nLes pompiers sont arrivés") != NULL, "%s", q->text);
	expect_none(doc, "Les pompiers");
	precis_doc_free(doc);

	/* the older convention: each continued paragraph opens with » */
	doc = run(
	    "La doyenne du village, Jeanne Lacoste, se souvient : «Il neigeait depuis "
	    "trois jours et la route était coupée.\n\n"
	    "»Mon père est parti à pied chercher le médecin. Il est revenu à l'aube.»\n");
	q = expect(doc, "Il neigeait depuis trois jours", "Jeanne Lacoste", "se souvient",
	           0);
	cr_expect_eq(q->paragraph_end, q->paragraph + 1);
	precis_doc_free(doc);
}

Test(quotes, english_continuation)
{
	struct precis_doc *doc =
	    run("Among those who spoke was Gwen Adeyemi, 64, a retired nurse. "
	        "\xe2\x80\x9cI worked "
	        "nights for thirty years on that ward. We never closed, not once.\n\n"
	        "\xe2\x80\x9cNow they tell us the building is too old to keep "
	        "open.\xe2\x80\x9d\n\n"
	        "The trust will decide in May.\n");
	const struct precis_quote *q =
	    expect(doc, "I worked nights", "Gwen Adeyemi", "", 0);
	cr_expect_eq(q->paragraph_end, q->paragraph + 1);
	expect_none(doc, "Now they tell us");
	precis_doc_free(doc);
}

/* ---- attribution after the quote ---- */

Test(quotes, french_inversions)
{
	struct precis_doc *doc = run(
	    "La sénatrice Hélène Roche et le maire, Bernard Vasseur, ont visité le "
	    "chantier.\n\n"
	    "« Le calendrier sera tenu, je m'y engage », a déclaré le maire.\n\n"
	    "« Nous attendons des garanties écrites ! » s'insurge-t-elle.\n\n"
	    "« Et qui paiera les retards ? » a-t-il lancé à ses adjoints.\n\n"
	    "« Ce pont est une priorité pour toute la vallée », martèle Hélène Roche.\n\n"
	    "« Il faudra aussi refaire la route d'accès », tonne le maire.\n\n"
	    "« On verra bien ce que dira l'État », s'est-il emporté devant les "
	    "riverains.\n");
	expect(doc, "Le calendrier sera tenu", "Bernard Vasseur", "a déclaré", 0);
	expect(doc, "Nous attendons des garanties", "Hélène Roche", "s'insurge-t-elle",
	       0);
	expect(doc, "Et qui paiera les retards", "Bernard Vasseur", "a-t-il lancé", 0);
	expect(doc, "Ce pont est une priorité", "Hélène Roche", "martèle", 0);
	expect(doc, "Il faudra aussi refaire", "Bernard Vasseur", "tonne", 0);
	expect(doc, "On verra bien ce que dira", "Bernard Vasseur", "s'est-il emporté",
	       0);
	precis_doc_free(doc);
}

Test(quotes, passe_simple_and_imparfait)
{
	struct precis_doc *doc = run("Le navigateur Yves Le Guen a disparu en mer en "
	                             "1987. « La mer ne pardonne jamais "
	                             "l'orgueil », déclara-t-il un jour à la radio. « Il "
	                             "faut partir humble et revenir "
	                             "humble », répétait-il à ses équipiers.\n");
	expect(doc, "La mer ne pardonne", "Yves Le Guen", "déclara-t-il", 0);
	expect(doc, "Il faut partir humble", "Yves Le Guen", "répétait-il", 0);
	precis_doc_free(doc);
}

Test(quotes, english_after_patterns)
{
	struct precis_doc *doc = run(
	    "Councillor Naomi Ferris and the council leader, Peter Haines, clashed over "
	    "the "
	    "budget on Thursday.\n\n"
	    "\xe2\x80\x9cThese cuts will hit the poorest families first,\xe2\x80\x9d "
	    "said "
	    "Councillor Naomi Ferris.\n\n"
	    "\xe2\x80\x9cWe have protected every frontline service,\xe2\x80\x9d Mr "
	    "Haines said.\n\n"
	    "\xe2\x80\x9cThat is simply not true,\xe2\x80\x9d she told the chamber.\n\n"
	    "\xe2\x80\x9cThe numbers speak for themselves,\xe2\x80\x9d fumed Ms "
	    "Ferris.\n\n"
	    "\xe2\x80\x9cWe will publish every line of the budget,\xe2\x80\x9d the "
	    "leader "
	    "insisted.\n");
	expect(doc, "These cuts will hit", "Naomi Ferris", "said", 0);
	expect(doc, "We have protected every", "Peter Haines", "said", 0);
	expect(doc, "That is simply not true", "Naomi Ferris", "told", 0);
	expect(doc, "The numbers speak for", "Naomi Ferris", "fumed", 0);
	expect(doc, "We will publish every line", "Peter Haines", "insisted", 0);
	precis_doc_free(doc);
}

Test(quotes, according_to_and_selon_after)
{
	struct precis_doc *doc =
	    run("The ferry service will end in March. \xe2\x80\x9cThere is no money left "
	        "for the "
	        "crossing,\xe2\x80\x9d according to the harbour master, Colin Reddy.\n\n"
	        "Le service de bac s'arrêtera en mars. « Il n'y a plus d'argent pour la "
	        "traversée "
	        "», selon la capitaine du port, Maryse Tanguy.\n");
	expect(doc, "There is no money left", "Colin Reddy", NULL, 0);
	expect(doc, "Il n'y a plus d'argent", "Maryse Tanguy", NULL, 0);
	precis_doc_free(doc);
}

Test(quotes, subject_past_an_apposition_or_an_object)
{
	struct precis_doc *doc = run(
	    "« Personne ne nous a consultés », assure, amère, Karine Lopez, infirmière à "
	    "Lille.\n\n"
	    "« Ce recul coûtera des milliards », a réagi auprès de l'AFP le président de "
	    "la "
	    "fédération, Patrick Laroche.\n\n"
	    "« C'est une victoire fragile », confie au Parisien Sophie Marchal, "
	    "syndicaliste.\n\n"
	    "\xe2\x80\x9cThis is a fair deal for our members,\xe2\x80\x9d the union's "
	    "general "
	    "secretary, Mark Devlin, told reporters.\n\n"
	    "\xe2\x80\x9c"
	    "Frankly, I am relieved it is over,\xe2\x80\x9d said commuter Asha Patel.\n");
	expect(doc, "Personne ne nous a consultés", "Karine Lopez", "assure", 0);
	expect(doc, "Ce recul coûtera", "Patrick Laroche", "a réagi", 0);
	expect(doc, "C'est une victoire fragile", "Sophie Marchal", "confie", 0);
	expect(doc, "This is a fair deal", "Mark Devlin", "told", 0);
	expect(doc, "Frankly, I am relieved", "Asha Patel", "said", 0);
	precis_doc_free(doc);
}

Test(quotes, incise_inside_the_quote)
{
	struct precis_doc *doc =
	    run("Le maire de Brest, Jean-Yves Kerouac, a reçu les pêcheurs lundi.\n\n"
	        "« Nous irons, explique-t-il, jusqu'au bout de cette bataille. »\n\n"
	        "« Le port vivra, dit la présidente du comité, Maëlle Tanguy, ou la "
	        "ville mourra "
	        "avec lui. »\n");
	expect(doc, "Nous irons, explique-t-il", "Jean-Yves Kerouac", "explique-t-il", 0);
	expect(doc, "Le port vivra", "Maëlle Tanguy", "dit", 0);
	precis_doc_free(doc);
}

/* ---- attribution before the quote ---- */

Test(quotes, colon_introductions)
{
	struct precis_doc *doc =
	    run("La ministre de la Culture, Isabelle Renard, a inauguré le musée. Elle a "
	        "déclaré : "
	        "« Ce lieu appartient d'abord aux habitants de la vallée. »\n\n"
	        "Le conservateur, Thomas Bellec, qui a dirigé les fouilles, a ajouté : « "
	        "Nous avons "
	        "retrouvé plus de trois cents objets intacts. »\n\n"
	        "Dr Emily Hart, a volcanologist at the university who has studied the "
	        "site, said: "
	        "\xe2\x80\x9cThe ash layer is thicker than anything we expected to "
	        "find.\xe2\x80\x9d\n");
	expect(doc, "Ce lieu appartient", "Isabelle Renard", "a déclaré", 0);
	expect(doc, "Nous avons retrouvé", "Thomas Bellec", "a ajouté", 0);
	expect(doc, "The ash layer is thicker", "Emily Hart", "said", 0);
	precis_doc_free(doc);
}

Test(quotes, speaker_and_colon)
{
	struct precis_doc *doc =
	    run("Pêche : Jean-Yves Kerouac : « Nous ne céderons rien »\n\n"
	        "Le maire de Brest, Jean-Yves Kerouac, a reçu les pêcheurs lundi.\n\n"
	        "Réaction de l'armateur Loïc Guennec : « Sans quotas, nos bateaux "
	        "resteront à "
	        "quai. »\n\n"
	        "Le maire de Quimper : « Nous soutenons les marins brestois sans "
	        "réserve. »\n");
	expect(doc, "Nous ne céderons rien", "Jean-Yves Kerouac", "", 0);
	expect(doc, "Sans quotas, nos bateaux", "Loïc Guennec", "", 0);
	/* another town's mayor is not the mayor of Brest */
	const struct precis_quote *q =
	    expect(doc, "Nous soutenons les marins", "", "", 0);
	cr_expect(strstr(q->role, "maire de Quimper") != NULL, "role \"%s\"", q->role);
	precis_doc_free(doc);
}

Test(quotes, qui_poursuit)
{
	struct precis_doc *doc = run(
	    "« Le service ne peut plus fonctionner ainsi », estime le Dr Julien Perrot, "
	    "chef "
	    "des urgences, qui poursuit : « Il nous manque six médecins cet hiver. »\n");
	expect(doc, "Le service ne peut plus", "Julien Perrot", "estime", 0);
	expect(doc, "Il nous manque six médecins", "Julien Perrot", "poursuit", 0);
	precis_doc_free(doc);
}

Test(quotes, pour_selon_for_according)
{
	struct precis_doc *doc = run(
	    "Pour M. Caradec, « la fusion des deux communes arrive beaucoup trop tôt ». "
	    "L'élu Yann Caradec siège depuis 2014.\n\n"
	    "Selon l'historienne Claire Dumas, « la ville n'a jamais connu une telle "
	    "crue "
	    "depuis 1910 ».\n\n"
	    "D'après elle, « les digues ont été construites trop près des maisons ».\n\n"
	    "For Mayor Denise Parkes, \"the new bridge will change daily life in the "
	    "town.\"\n\n"
	    "According to the engineer, Samir Haddad, \"the deck can carry twice the "
	    "expected traffic.\"\n");
	expect(doc, "la fusion des deux communes", "Yann Caradec", "", 0);
	expect(doc, "la ville n'a jamais connu", "Claire Dumas", "", 0);
	expect(doc, "les digues ont été", "Claire Dumas", "", 0);
	expect(doc, "the new bridge will change", "Denise Parkes", "", 0);
	expect(doc, "the deck can carry", "Samir Haddad", "", 0);
	precis_doc_free(doc);
}

Test(quotes, reporting_verb_before_a_fragment)
{
	struct precis_doc *doc =
	    run("Mr Grant warned that the scheme risked becoming \xe2\x80\x9c"
	        "a very expensive "
	        "white elephant\xe2\x80\x9d if nothing changed. Graham Grant chairs the "
	        "finance "
	        "committee.\n\n"
	        "Mme Berthier a promis de recevoir les syndicats « avant la fin de la "
	        "semaine ». "
	        "Catherine Berthier est la directrice de l'usine.\n");
	expect(doc, "a very expensive white", "Graham Grant", "warned", 0);
	expect(doc, "avant la fin de la semaine", "Catherine Berthier", "a promis", 0);
	precis_doc_free(doc);
}

/* ---- split quotes, follow-ups, introductions ---- */

Test(quotes, split_quote_same_speaker)
{
	struct precis_doc *doc =
	    run("\xe2\x80\x9cThe pier will reopen,\xe2\x80\x9d Mayor Lucia Reyes said, "
	        "\xe2\x80\x9c"
	        "but not before the engineers have checked every pile.\xe2\x80\x9d\n\n"
	        "« Nous tiendrons les délais », a-t-elle assuré, « mais il faudra de la "
	        "patience "
	        "aux riverains. »\n");
	expect(doc, "The pier will reopen", "Lucia Reyes", "said", 0);
	expect(doc, "but not before the engineers", "Lucia Reyes", NULL, 0);
	expect(doc, "Nous tiendrons les délais", "Lucia Reyes", "a-t-elle assuré", 0);
	expect(doc, "mais il faudra de la patience", "Lucia Reyes", NULL, 0);
	precis_doc_free(doc);
}

Test(quotes, follow_up_inherits_with_empty_cue)
{
	struct precis_doc *doc = run(
	    "« Le marché couvert sera rénové dès l'an prochain », a annoncé l'adjoint au "
	    "commerce, Rémi Castel. « Les commerçants resteront sur place pendant les "
	    "travaux. »\n\n"
	    "\xe2\x80\x9cWe lost the whole harvest in one night,\xe2\x80\x9d said farmer "
	    "Owen "
	    "Pritchard.\n"
	    "\xe2\x80\x9cThe insurance will not cover half of it.\xe2\x80\x9d\n");
	expect(doc, "Les commerçants resteront", "Rémi Castel", "", 0);
	expect(doc, "The insurance will not cover", "Owen Pritchard", "", 0);
	precis_doc_free(doc);
}

Test(quotes, introduced_person_takes_the_next_quote)
{
	struct precis_doc *doc = run(
	    "\xe2\x80\x9cThe plan is sound,\xe2\x80\x9d the chairman, Edward Lyle, "
	    "said.\n\n"
	    "Among the residents at the meeting was Bridget Oduya, 52, who has run the "
	    "corner "
	    "shop for twenty years. \xe2\x80\x9cNobody asked us what we wanted for this "
	    "street.\xe2\x80\x9d\n");
	expect(doc, "Nobody asked us what", "Bridget Oduya", "", 0);
	precis_doc_free(doc);
}

/* ---- people ---- */

Test(quotes, pronoun_by_gender_not_last_name)
{
	struct precis_doc *doc = run(
	    "La procureure, Nadia Belkacem, a requis trois ans de prison contre Marc "
	    "Ollivier. "
	    "L'avocat de la défense, Jean Rivière, a plaidé la relaxe.\n\n"
	    "« Ce dossier repose sur des témoignages fragiles », a-t-il soutenu.\n\n"
	    "« Les faits sont établis », a-t-elle répliqué.\n\n"
	    "The judge, Martha Quill, heard the defence lawyer, Simon Ashe, for an hour. "
	    "\xe2\x80\x9cThe evidence is thin,\xe2\x80\x9d he argued. \xe2\x80\x9cWe "
	    "will rule "
	    "next week,\xe2\x80\x9d she said.\n");
	expect(doc, "Ce dossier repose", "Jean Rivière", "a-t-il soutenu", 0);
	expect(doc, "Les faits sont établis", "Nadia Belkacem", "a-t-elle répliqué", 0);
	expect(doc, "The evidence is thin", "Simon Ashe", "argued", 0);
	expect(doc, "We will rule next week", "Martha Quill", "said", 0);
	precis_doc_free(doc);
}

Test(quotes, pronoun_for_a_name_of_unknown_gender)
{
	/* no first-name list knows every name: the person just named, of no
	 * known gender, beats a man named further back */
	struct precis_doc *doc =
	    run("Her deputy, Ben Thornton, agreed with the plan on Tuesday.\n\n"
	        "But Raj Mehta, who has run a hardware shop since 1998, said the lanes "
	        "would be "
	        "\"the final nail in the coffin for the high street.\" \"My customers "
	        "buy paint "
	        "and timber,\" he said.\n");
	expect(doc, "the final nail in the coffin", "Raj Mehta", "said", 0);
	expect(doc, "My customers buy paint", "Raj Mehta", "said", 0);
	precis_doc_free(doc);
}

Test(quotes, titles_off_roles_apart)
{
	struct precis_doc *doc =
	    run("« Les analyses ne montrent aucune trace de pollution », a assuré le Dr "
	        "Philippe "
	        "Mercier, directeur du laboratoire départemental.\n\n"
	        "\xe2\x80\x9cThe water is safe to drink,\xe2\x80\x9d said Professor "
	        "Anita Shah, "
	        "head of the water authority.\n\n"
	        "\xe2\x80\x9cI would still boil it for a week,\xe2\x80\x9d said Mrs "
	        "Holloway. "
	        "Margaret Holloway lives by the river.\n");
	const struct precis_quote *q =
	    expect(doc, "Les analyses ne montrent", "Philippe Mercier", "a assuré", 0);
	cr_expect(strstr(q->role, "directeur du laboratoire") != NULL, "role \"%s\"",
	          q->role);
	q = expect(doc, "The water is safe", "Anita Shah", "said", 0);
	cr_expect(strstr(q->role, "head of the water authority") != NULL, "role \"%s\"",
	          q->role);
	precis_doc_free(doc);
}

Test(quotes, surname_and_title_resolve_to_the_right_person)
{
	struct precis_doc *doc = run(
	    "Among the victims were Gary and Linda Moffat, whose house stood in a metre "
	    "of "
	    "water.\n\n"
	    "\xe2\x80\x9cWe lost the kitchen and the photographs,\xe2\x80\x9d Mrs Moffat "
	    "said.\n\n"
	    "Le député Arnaud Lefort et la sénatrice Odile Lefort, sa sœur, ont visité "
	    "le "
	    "quartier. « La commune doit être reconnue en catastrophe naturelle », a dit "
	    "Mme Lefort.\n");
	expect(doc, "We lost the kitchen", "Linda Moffat", "said", 0);
	expect(doc, "La commune doit être reconnue", "Odile Lefort", "a dit", 0);
	precis_doc_free(doc);
}

Test(quotes, possessive_relations)
{
	struct precis_doc *doc = run(
		"The cyclist, Margaret Ellison, died at the scene.\n\n"
		"In a statement read outside court, Mrs Ellison's daughter, Kate, said: \"Mum was "
		"the kindest person we knew.\"\n");
	const struct precis_quote *q = expect(doc, "Mum was the kindest", "Kate", "said", 0);
	cr_expect(strstr(q->role, "daughter") != NULL, "role \"%s\"", q->role);
	precis_doc_free(doc);
}

Test(quotes, role_only_mentions)
{
	struct precis_doc *doc =
	    run("Le député de la circonscription, Frédéric Aubry, et la ministre de "
	        "l'Agriculture, "
	        "Sophie Lamarck, se sont affrontés mardi.\n\n"
	        "« Les éleveurs sont à bout », tonne le député.\n\n"
	        "« Nous débloquerons une aide d'urgence », répond la ministre.\n\n"
	        "The health secretary, Rupert Vale, visited the hospital on Monday. "
	        "\xe2\x80\x9c"
	        "Every ward will be refurbished by spring,\xe2\x80\x9d the secretary "
	        "said.\n");
	expect(doc, "Les éleveurs sont à bout", "Frédéric Aubry", "tonne", 0);
	expect(doc, "Nous débloquerons une aide", "Sophie Lamarck", "répond", 0);
	expect(doc, "Every ward will be", "Rupert Vale", "said", 0);
	precis_doc_free(doc);
}

Test(quotes, titles_that_are_roles)
{
	struct precis_doc *doc =
	    run("Mayor Karen Liu and Judge Alan Brody met on Monday.\n\n"
	        "\xe2\x80\x99We will appeal the ruling,\xe2\x80\x99 the mayor said.\n\n"
	        "\"The court has spoken,\" the judge said.\n");
	expect(doc, "We will appeal the ruling", "Karen Liu", "said", 0);
	expect(doc, "The court has spoken", "Alan Brody", "said", 0);
	precis_doc_free(doc);
}

Test(quotes, role_named_later_in_the_article)
{
	struct precis_doc *doc =
	    run("L'archéologue Inès Barral guide les visiteurs sur le chantier.\n"
	        "— Ne marchez pas sur les dalles ! lance-t-elle à un enfant.\n"
	        "— Elles ont quel âge ? demande le maire, penché sur la tranchée.\n"
	        "— Deux mille ans, au moins. Regardez les traces d'outils.\n\n"
	        "Le maire, Robert Sanchez, a promis de protéger le site.\n");
	expect(doc, "Ne marchez pas sur les dalles", "Inès Barral", "lance-t-elle", 0);
	expect(doc, "Elles ont quel âge", "Robert Sanchez", "demande", 0);
	expect(doc, "Deux mille ans", "Inès Barral", "", 0);
	precis_doc_free(doc);
}

Test(quotes, organisations_speak)
{
	struct precis_doc *doc = run(
	    "Dans un communiqué, le parquet de Lorient indique que « plusieurs témoins "
	    "ont vu le "
	    "véhicule quitter les lieux à vive allure ».\n\n"
	    "L'association Rivières Propres a porté plainte. « Les poissons meurent par "
	    "centaines depuis juin », souligne l'association dans un communiqué.\n\n"
	    "\xe2\x80\x9cThe release was within the permitted limits,\xe2\x80\x9d the "
	    "company "
	    "said in a statement.\n");
	expect(doc, "plusieurs témoins ont vu", "le parquet de Lorient", "indique", 0);
	expect(doc, "Les poissons meurent", "Rivières Propres", "souligne", 0);
	expect(doc, "The release was within", "the company", "said", 0);
	precis_doc_free(doc);
}

Test(quotes, unnamed_sources)
{
	struct precis_doc *doc = run(
	    "« Elle ne se représentera pas en 2026 », confie un proche de la maire.\n\n"
	    "\xe2\x80\x9cThe deal is done, they are only arguing about the "
	    "date,\xe2\x80\x9d "
	    "said a spokesperson for the union.\n\n"
	    "Un pêcheur du port m'a dit ce matin : « On n'a jamais vu la mer aussi "
	    "chaude en "
	    "octobre. »\n\n"
	    "\xe2\x80\x9cNobody wants to talk about it openly,\xe2\x80\x9d one official "
	    "said.\n");
	const struct precis_quote *q =
	    expect(doc, "Elle ne se représentera", "", "confie", 0);
	cr_expect(strstr(q->role, "un proche de la maire") != NULL, "role \"%s\"",
	          q->role);
	q = expect(doc, "The deal is done", "", "said", 0);
	cr_expect(strstr(q->role, "a spokesperson") != NULL, "role \"%s\"", q->role);
	q = expect(doc, "On n'a jamais vu la mer", "", "a dit", 0);
	cr_expect(strstr(q->role, "Un pêcheur du port") != NULL, "role \"%s\"", q->role);
	expect(doc, "Nobody wants to talk", "", "said", 0);
	precis_doc_free(doc);
}

/* ---- interviews and dialogue ---- */

Test(quotes, interview_q_and_r)
{
	struct precis_doc *doc = run(
	    "« La forêt brûlera plus souvent, c'est certain »\n\n"
	    "Le forestier Laurent Vidal, qui suit le massif depuis trente ans, répond à "
	    "nos "
	    "questions. Entretien.\n\n"
	    "Q : Les incendies de cet été vous ont-ils surpris ?\n\n"
	    "R : Non. Nous savions que la sécheresse de printemps rendait le massif très "
	    "vulnérable.\n\n"
	    "Q : Que faut-il faire ?\n\n"
	    "R : Débroussailler, et replanter des essences moins inflammables.\n");
	expect(doc, "Non. Nous savions que", "Laurent Vidal", "", 0);
	expect(doc, "Débroussailler, et replanter", "Laurent Vidal", "", 0);
	expect_none(doc, "Les incendies de cet été");
	expect_none(doc, "Que faut-il faire");
	expect(doc, "La forêt brûlera plus souvent", "Laurent Vidal", NULL, 0);
	precis_doc_free(doc);
}

Test(quotes, transcript_name_turns)
{
	struct precis_doc *doc = run(
	    "Le sénateur Paul Besson a interrogé la ministre des Transports, Aline "
	    "Morvan, "
	    "sur la ligne de train.\n"
	    "Paul Besson : Madame la ministre, quand la ligne rouvrira-t-elle enfin ?\n"
	    "La ministre : Les travaux commenceront en janvier et dureront huit mois.\n"
	    "Paul Besson : Vous disiez la même chose l'an dernier.\n");
	expect(doc, "Madame la ministre, quand", "Paul Besson", "", 0);
	expect(doc, "Les travaux commenceront", "Aline Morvan", "", 0);
	expect(doc, "Vous disiez la même chose", "Paul Besson", "", 0);
	precis_doc_free(doc);
}

Test(quotes, dialogue_dashes)
{
	struct precis_doc *doc =
	    run("Sur le quai, le pêcheur Yannick Le Bihan répare ses filets.\n"
	        "— Ça fait trois semaines qu'on ne sort plus ! lance-t-il.\n"
	        "— Et l'aide promise ? demande sa voisine.\n"
	        "— Rien. Pas un euro.\n");
	expect(doc, "Ça fait trois semaines", "Yannick Le Bihan", "lance-t-il", 0);
	expect(doc, "Rien. Pas un euro.", "Yannick Le Bihan", "", 0);
	precis_doc_free(doc);

	/* a list with dashes is not a dialogue */
	doc = run("Le programme de la fête :\n"
	          "— un concert sur la place à vingt heures ;\n"
	          "— un feu d'artifice au bord du lac ;\n"
	          "— un bal jusqu'à minuit.\n");
	cr_expect_eq(count_kind(doc, 0), 0, "a list read as a dialogue:%s", dump(doc));
	precis_doc_free(doc);
}

/* ---- statements and terms ---- */

Test(quotes, terms_and_statements)
{
	struct precis_doc *doc = run(
	    "L'opposition dénonce un projet « ruineux » porté par le collectif « Vivre à "
	    "Lanvern ». Le dossier, surnommé « la ligne des Trois Vallées », sera voté "
	    "en mai. "
	    "Le film « Le Dernier Train pour Brest » sortira à l'automne.\n\n"
	    "\xe2\x80\x9cRemarkable\xe2\x80\x9d is how the head of the lab described the "
	    "results of the study, published in the journal \xe2\x80\x9c"
	    "Coastal Waters "
	    "Today\xe2\x80\x9d.\n\n"
	    "« On garde le cap », a répété la présidente, Anne Guivarch.\n");
	/* a term keeps the speaker of its own attribution, and inherits none */
	expect(doc, "ruineux", "L'opposition", "dénonce", 1);
	expect(doc, "Vivre à Lanvern", "L'opposition", NULL, 1);
	expect(doc, "la ligne des Trois Vallées", "", NULL, 1);
	expect(doc, "Le Dernier Train pour Brest", "", NULL, 1);
	expect(doc, "Remarkable", "", NULL, 1);
	expect(doc, "Coastal Waters Today", "", NULL, 1);
	expect(doc, "On garde le cap", "Anne Guivarch", "a répété", 0);
	precis_doc_free(doc);

	/* a quoted name used as a noun, after a determiner */
	doc = run(
	    "Lors du « Ségur de la santé », le gouvernement avait promis des hausses de "
	    "salaire. Le « Grenelle des retraites » s'ouvrira en mai.\n");
	cr_expect_eq(find(doc, "Ségur de la santé")->kind, PRECIS_QUOTE_TERM);
	cr_expect_eq(find(doc, "Grenelle des retraites")->kind, PRECIS_QUOTE_TERM);
	precis_doc_free(doc);
}

/* ---- lists in lang/, not code ---- */

Test(quotes, not_cues)
{
	/* forms of être, avoir, savoir, vouloir inverted after a quote are not
	 * cues; a verb that is not in the lists is one when inverted */
	struct precis_doc *doc =
	    run("Le chef cuisinier Olivier Marchand a ouvert son restaurant en mars. « "
	        "Est-ce "
	        "vraiment raisonnable de tout miser sur un seul plat ? » sait-il bien. « "
	        "La carte "
	        "changera chaque saison, comme promis », sourit-il.\n");
	const struct precis_quote *q = find(doc, "Est-ce vraiment raisonnable");
	cr_expect_str_eq(q->cue, "", "sait-il read as a cue");
	expect(doc, "La carte changera", "Olivier Marchand", "sourit-il", 0);
	precis_doc_free(doc);
}

Test(quotes, paragraph_language_chooses_the_lists)
{
	/* "a" is an auxiliary in French and a determiner in English */
	struct precis_doc *doc =
	    run_lang("\xe2\x80\x9cThe vote was a disgrace,\xe2\x80\x9d a councillor said "
	             "after the "
	             "meeting, asking not to be named.\n",
	             "en");
	expect(doc, "The vote was a disgrace", "", "said", 0);
	precis_doc_free(doc);
}

/* ---- robustness ---- */

static char *repeat(const char *unit, size_t n)
{
	size_t u = strlen(unit);
	char *s = malloc(u * n + 1);
	cr_assert_not_null(s);
	for (size_t i = 0; i < n; i++)
		memcpy(s + i * u, unit, u);
	s[u * n] = '\0';
	return s;
}

Test(quotes, long_lines_of_marks)
{
	static const char *const units[] = {
	    "\"",
	    "'",
	    "\xe2\x80\x99",
	    "\xc2\xab",
	    "\xc2\xbb",
	    "\xe2\x80\x9c",
	    "\xe2\x80\x9c"
	    "a\xe2\x80\x9d ",
	    "\xc2\xab x ",
	    "a' ",
	    "\"a\" said Jo. ",
	};
	for (size_t k = 0; k < sizeof units / sizeof units[0]; k++) {
		char *s = repeat(units[k], 100000);
		struct precis_doc *doc = run_lang(s, "en");
		size_t n = precis_doc_quote_count(doc);
		size_t len;
		precis_doc_text(doc, &len);
		for (size_t i = 0; i < n; i++) {
			const struct precis_quote *q = precis_doc_quote(doc, i);
			cr_assert(q->span.start <= q->span.end && q->span.end <= len);
			cr_assert_not_null(q->text);
		}
		precis_doc_free(doc);
		free(s);
	}
}

Test(quotes, runs_again_and_on_empty_docs)
{
	struct precis_doc *doc = run("");
	cr_expect_eq(precis_doc_quote_count(doc), 0);
	precis_doc_free(doc);
	doc = run("« Une phrase dite ici par quelqu'un », a déclaré Lucie Marin.\n");
	struct precis_error err;
	size_t n = precis_doc_quote_count(doc);
	cr_assert_eq(precis_quotes(doc, set, &err), PRECIS_OK);
	cr_expect_eq(precis_doc_quote_count(doc), n, "running twice doubled the quotes");
	cr_expect_null(precis_doc_quote(doc, n));
	precis_doc_free(doc);
}

/* A bare role at a sentence start has its capital from the sentence only:
 * the name after it is the subject, past an apposition. */
Test(quotes, bare_role_at_sentence_start)
{
	struct precis_doc *doc = run_lang(
	    "Opponents were pleased. Environmental campaigner Priya Nandakumar, a member "
	    "of the Clean Harbour coalition, called the vote \xe2\x80\x9c"
	    "a victory for common sense and for every family on the quay\xe2\x80\x9d.\n",
	    "en");
	expect(doc, "a victory for common sense", "Priya Nandakumar", "called", 0);
	precis_doc_free(doc);
}

/* "L'élue", "l'intéressé": a word for anyone already named refers to the
 * last person of its gender, as a pronoun would; the role shown has no
 * determiner. */
Test(quotes, generic_role_refers_back)
{
	struct precis_doc *doc = run_lang(
	    "\xc2\xab Nous n\xe2\x80\x99" "avions plus le choix \xc2\xbb, a reconnu la maire, "
	    "H\xc3\xa9l\xc3\xa8ne Vasseur, lundi soir. L\xe2\x80\x99\xc3\xa9lue de la majorit\xc3\xa9 "
	    "a promis \xc2\xab un plan de bus renforc\xc3\xa9 d\xc3\xa8s la rentr\xc3\xa9" "e "
	    "pour tous les quartiers \xc2\xbb.\n",
	    "fr");
	const struct precis_quote *q = expect(doc, "un plan de bus", "H\xc3\xa9l\xc3\xa8ne Vasseur",
	                                      "a promis", 0);
	cr_expect_str_eq(q->role, "\xc3\xa9lue de la majorit\xc3\xa9");
	precis_doc_free(doc);
}

/* What follows a role and says when someone spoke is no part of the role;
 * an organisation's name after its kind is. */
Test(quotes, role_ends_before_time_and_keeps_org_name)
{
	struct precis_doc *doc = run_lang(
	    "La ministre de l\xe2\x80\x99" "Agriculture, Claire Dumont, a visit\xc3\xa9 la ferme. "
	    "\xc2\xab Je suis pr\xc3\xaate \xc3\xa0 les recevoir d\xc3\xa8s la semaine "
	    "prochaine \xc2\xbb, a fait savoir la ministre dans l\xe2\x80\x99" "apr\xc3\xa8s-midi. "
	    "\xc2\xab Nous ne partirons pas d\xe2\x80\x99ici, jamais \xc2\xbb, a r\xc3\xa9pondu "
	    "Marie Lenoir, pr\xc3\xa9sidente de l\xe2\x80\x99" "association Combes Vivantes.\n",
	    "fr");
	const struct precis_quote *q =
	    expect(doc, "Je suis pr", "Claire Dumont", "a fait savoir", 0);
	cr_expect_str_eq(q->role, "ministre");
	q = expect(doc, "Nous ne partirons pas", "Marie Lenoir", "a r\xc3\xa9pondu", 0);
	cr_expect_str_eq(q->role,
	                 "pr\xc3\xa9sidente de l\xe2\x80\x99" "association Combes Vivantes");
	precis_doc_free(doc);
}

/* "said that “...”": the demonstrative after a reporting verb is a
 * conjunction, so a short quote after it is still a statement. */
Test(quotes, said_that_short_statement)
{
	struct precis_doc *doc = run_lang(
	    "Asked about jobs, Aaron Feld declined to comment but said that "
	    "\xe2\x80\x9c" "everything is on the table\xe2\x80\x9d. He praised that "
	    "\xe2\x80\x9c" "quiet little miracle of planning\xe2\x80\x9d.\n",
	    "en");
	expect(doc, "everything is on the table", "Aaron Feld", "said", 0);
	precis_doc_free(doc);
}

/* A paragraph that has a person speak in reported speech introduces the
 * quote that opens the next paragraph with no attribution of its own; a
 * paragraph that merely names someone does not. */
Test(quotes, reported_speech_introduces_next_quote)
{
	struct precis_doc *doc = run_lang(
	    "Union leader Marcus Oduya told members the offer amounted to a pay cut.\n\n"
	    "\xe2\x80\x9cWe have been patient. We have been reasonable for two long years.\n\n"
	    "\xe2\x80\x9cToday our members have said enough is enough.\xe2\x80\x9d\n\n"
	    "The board met Jenna Holt and two other parents on Friday afternoon.\n\n"
	    "\xe2\x80\x9cNobody here wants a strike, and nobody wants to lose a term.\xe2\x80\x9d\n",
	    "en");
	expect(doc, "We have been patient", "Marcus Oduya", NULL, 0);
	expect(doc, "Nobody here wants", "", NULL, 0);
	precis_doc_free(doc);
}

/* The comma before a closing mark belongs to the sentence around the quote;
 * the role after a name is shown without its determiner. */
Test(quotes, trailing_comma_and_role_determiner)
{
	struct precis_doc *doc = run_lang(
	    "\xe2\x80\x9c" "Every penny of this budget is accounted for,\xe2\x80\x9d said Helen "
	    "Barraclough, a hydrologist at the University of Northfield.\n",
	    "en");
	const struct precis_quote *q = expect(doc, "Every penny", "Helen Barraclough", "said", 0);
	cr_expect_str_eq(q->text, "Every penny of this budget is accounted for");
	cr_expect_eq(q->words, 8, "words %zu", q->words);
	cr_expect_str_eq(q->role, "hydrologist at the University of Northfield");
	expect_span(doc, q);
	precis_doc_free(doc);
}

/* A plural possessive inside an organisation's name ("Residents'
 * Association") is part of the name, and the name stands without its
 * article. */
Test(quotes, org_name_with_plural_possessive)
{
	struct precis_doc *doc = run_lang(
	    "The decision was \"a long overdue act of respect for the people who live "
	    "here\", according to the Old Town Residents' Association, which gathered "
	    "3,000 signatures.\n",
	    "en");
	expect(doc, "a long overdue act", "Old Town Residents' Association", NULL, 0);
	precis_doc_free(doc);
}

/* "Le septuagénaire" takes up the article's subject, named in its lead, not
 * the last man named (an investigator); "a-t-il affirmé" after it follows. */
Test(quotes, generic_noun_is_the_article_subject)
{
	struct precis_doc *doc = run_lang(
	    "Le parquet a requis cinq ans contre G\xc3\xa9rard Pellissier, ancien pr\xc3\xa9sident "
	    "de la coop\xc3\xa9rative.\n\n"
	    "Entendu mercredi, l\xe2\x80\x99" "adjudant-chef Thierry Vautrin a d\xc3\xa9" "crit des "
	    "dossiers mont\xc3\xa9s \xc3\xa0 la cha\xc3\xaene.\n\n"
	    "Le septuag\xc3\xa9naire, qui comparaissait libre, a contest\xc3\xa9 toute intention "
	    "frauduleuse. \xc2\xab J\xe2\x80\x99" "ai fait des erreurs de gestion, je le reconnais "
	    "volontiers \xc2\xbb, a-t-il affirm\xc3\xa9.\n",
	    "fr");
	expect(doc, "J\xe2\x80\x99" "ai fait des erreurs", "G\xc3\xa9rard Pellissier",
	       "a-t-il affirm\xc3\xa9", 0);
	precis_doc_free(doc);
}

/* A company's kind before its name ("of supplier Meridal Systems") keeps
 * the name in the role, and the person in apposition is the speaker, not
 * the company. */
Test(quotes, person_speaks_for_a_company)
{
	struct precis_doc *doc = run_lang(
	    "\"Our software did exactly what it was configured to do,\" the managing "
	    "director of supplier Meridal Systems, Owen Brackley, said.\n",
	    "en");
	const struct precis_quote *q =
	    expect(doc, "Our software did exactly", "Owen Brackley", "said", 0);
	cr_expect_str_eq(q->role, "managing director of supplier Meridal Systems");
	precis_doc_free(doc);
}

/* "Gemma Ruiz, 52, said": an age is no role. */
Test(quotes, age_is_no_role)
{
	struct precis_doc *doc = run_lang(
	    "Gemma Ruiz, 52, whose mother was among the patients, said: \"We rang them "
	    "every single week and nobody called back.\"\n",
	    "en");
	const struct precis_quote *q = expect(doc, "We rang them", "Gemma Ruiz", "said", 0);
	cr_expect_str_eq(q->role, "");
	precis_doc_free(doc);
}

/* "raconte l'une d'elles, Amandine Roux": a phrase with no role noun gives
 * no role. */
Test(quotes, apposition_without_role_noun)
{
	struct precis_doc *doc = run_lang(
	    "\xc2\xab On a vu arriver des familles avec juste un sac et le chien \xc2\xbb, "
	    "raconte l\xe2\x80\x99une d\xe2\x80\x99" "elles, Amandine Roux.\n",
	    "fr");
	const struct precis_quote *q = expect(doc, "On a vu arriver", "Amandine Roux", NULL, 0);
	cr_expect_str_eq(q->role, "");
	precis_doc_free(doc);
}
