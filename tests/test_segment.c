/* segment: a case for every rule of src/core/segment_fix.c, in French and in
 * English, plus English "golden rules"-style cases. Sentences are compared
 * by text and by byte span: each expected sentence must be found, in order,
 * at exactly the span the segmenter gave. */
#include <criterion/criterion.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "precis/precis.h"
#include "core/doc_int.h"
#include "core/segment_int.h"
#include "util/mem.h"

#define NBSP "\xc2\xa0"
#define NNBSP "\xe2\x80\xaf"

static struct precis_langset *set;

static void setup(void)
{
	struct precis_error err;
	cr_assert_eq(precis_langset_load(NULL, &set, &err), PRECIS_OK, "%s", err.message);
}

static void teardown(void)
{
	precis_langset_free(set);
	px_segment_cleanup();
}

TestSuite(segment, .init = setup, .fini = teardown);

/* text through decode and normalize, every paragraph set to lang. */
static struct precis_doc *doc_of(const char *text, const char *lang)
{
	struct precis_doc *doc = precis_doc_new("test");
	struct precis_error err;
	cr_assert_eq(precis_decode(doc, text, strlen(text), NULL, &err), PRECIS_OK);
	cr_assert_eq(precis_normalize(doc, &err), PRECIS_OK);
	for (size_t i = 0; i < doc->npara; i++)
		px_doc_para(doc, i)->lang = lang;
	return doc;
}

/* text as it is, one paragraph, bypassing decode and normalize (for line
 * breaks and invalid bytes, which those stages would repair). */
static struct precis_doc *raw_doc(const char *text, size_t len, const char *lang)
{
	struct precis_doc *doc = precis_doc_new("raw");
	struct px_offmap m;
	px_offmap_identity(&m, len);
	px_doc_set_text(doc, px_xstrndup(text, len), len, &m);
	doc->src_len = len;
	px_doc_add_para(doc, 0, len)->lang = lang;
	return doc;
}

static void segment(struct precis_doc *doc)
{
	struct precis_error err;
	precis_error_clear(&err);
	cr_assert_eq(precis_segment(doc, set, &err), PRECIS_OK, "%s", err.message);
}

static char *dump(const struct precis_doc *doc)
{
	static char buf[8192];
	size_t n = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < doc->nsent && n < sizeof buf - 1; i++) {
		const struct precis_sentence *s = &doc->sents[i];
		int w = snprintf(buf + n, sizeof buf - n, "\n  [%zu,%zu) \"%.*s\"", s->span.start,
		                 s->span.end, (int)(s->span.end - s->span.start),
		                 doc->text + s->span.start);
		if (w < 0)
			break;
		n += (size_t)w;
	}
	return buf;
}

/* The sentences of doc are exactly want, in order, at their exact spans. */
static void expect(struct precis_doc *doc, const char *const *want)
{
	size_t n = 0;
	while (want[n])
		n++;
	cr_assert_eq(doc->nsent, n, "%zu sentences instead of %zu:%s", doc->nsent, n,
	             dump(doc));
	size_t from = 0;
	for (size_t i = 0; i < n; i++) {
		const char *at = strstr(doc->text + from, want[i]);
		cr_assert_not_null(at, "\"%s\" not found after byte %zu", want[i], from);
		size_t start = (size_t)(at - doc->text), end = start + strlen(want[i]);
		const struct precis_sentence *s = &doc->sents[i];
		cr_assert(s->span.start == start && s->span.end == end,
		          "sentence %zu should be [%zu,%zu) \"%s\":%s", i, start, end, want[i],
		          dump(doc));
		from = end;
	}
}

static void check(const char *lang, const char *text, const char *const *want)
{
	struct precis_doc *doc = doc_of(text, lang);
	segment(doc);
	expect(doc, want);
	precis_doc_free(doc);
}

#define SEG(lang, text, ...) check(lang, text, (const char *const[]){__VA_ARGS__, NULL})

/* ---- closing quotation marks and incises ---- */

Test(segment, fr_closing_guillemet_after_space_goes_back)
{
	SEG("fr", "« C’est fini. » Ensuite, le silence.", "« C’est fini. »",
	    "Ensuite, le silence.");
	SEG("fr", "« C’est fini. »", "« C’est fini. »");
	SEG("fr", "Il a écrit : « Rien ne bougera. » Personne ne l’a cru.",
	    "Il a écrit : « Rien ne bougera. »", "Personne ne l’a cru.");
}

Test(segment, en_closing_quote_goes_back)
{
	SEG("en", "He wrote “we lost. ” Nobody answered.", "He wrote “we lost. ”",
	    "Nobody answered.");
	SEG("en", "\"It is over. \" Then she left.", "\"It is over. \"", "Then she left.");
	SEG("en", "“It is over.” Then she left.", "“It is over.”", "Then she left.");
	SEG("en", "He said 'no.' Then he left.", "He said 'no.'", "Then he left.");
}

Test(segment, fr_incise_after_quote_goes_back)
{
	SEG("fr", "« Le texte passera. » assure-t-elle. Puis elle sort.",
	    "« Le texte passera. » assure-t-elle.", "Puis elle sort.");
	SEG("fr", "« Nous tiendrons ! », a-t-il ajouté.", "« Nous tiendrons ! », a-t-il ajouté.");
	SEG("fr", "« Nous tiendrons ! » , a-t-il ajouté.", "« Nous tiendrons ! » , a-t-il ajouté.");
	SEG("fr", "« Jamais ! » — a-t-il lancé.", "« Jamais ! » — a-t-il lancé.");
}

Test(segment, en_incise_after_quote_goes_back)
{
	SEG("en", "“We will not move!”, he said. Then he sat down.",
	    "“We will not move!”, he said.", "Then he sat down.");
	SEG("en", "“It will pass.” she said.", "“It will pass.” she said.");
	SEG("en", "She turned to him, \"This is great.\" she said.",
	    "She turned to him, \"This is great.\" she said.");
	SEG("en", "She turned to him, 'This is great.' she said.",
	    "She turned to him, 'This is great.' she said.");
}

/* ---- ! and ? inside a quotation followed by its attribution ---- */

Test(segment, fr_exclamation_in_quote_then_attribution)
{
	SEG("fr", "« Vous rêvez ! » s’emporte le maire.", "« Vous rêvez ! » s’emporte le maire.");
	SEG("fr", "« Qui paiera ? Pas nous ! » lance la syndicaliste.",
	    "« Qui paiera ? Pas nous ! » lance la syndicaliste.");
	SEG("fr", "« Pourquoi ? Parce que ! » demande-t-il.", "« Pourquoi ? Parce que ! » demande-t-il.");
}

Test(segment, en_question_in_quote_then_attribution)
{
	SEG("en", "“Why this week?” she asked.", "“Why this week?” she asked.");
	SEG("en", "“Who pays? Not us!” the union leader said.",
	    "“Who pays? Not us!” the union leader said.");
	SEG("en", "\"Why now?\" asked the mayor.", "\"Why now?\" asked the mayor.");
}

Test(segment, question_in_quote_then_capital_ends)
{
	SEG("fr", "« Qui paiera ? » La question reste posée.", "« Qui paiera ? »",
	    "La question reste posée.");
	SEG("en", "“Who pays?” The question remains.", "“Who pays?”", "The question remains.");
	/* a period inside the quotation still ends its sentence */
	SEG("fr", "« Je suis fatigué. Pourquoi ? » demande-t-il.", "« Je suis fatigué.",
	    "Pourquoi ? » demande-t-il.");
}

Test(segment, exclamation_before_lowercase_goes_on)
{
	SEG("en", "She works at Yahoo! in the accounting department.",
	    "She works at Yahoo! in the accounting department.");
	SEG("fr", "Il travaille chez Yahoo! depuis 2010. Il s’y plaît.",
	    "Il travaille chez Yahoo! depuis 2010.", "Il s’y plaît.");
	SEG("fr", "Vous plaisantez ! s’exclame-t-il.", "Vous plaisantez ! s’exclame-t-il.");
	SEG("en", "Hello!! Long time no see.", "Hello!!", "Long time no see.");
	SEG("en", "Hello!? Is that you?", "Hello!?", "Is that you?");
}

/* ---- abbreviations ---- */

Test(segment, fr_titles)
{
	SEG("fr", "Le maire, M. Paul Girard, a reçu MM. Lebrun et Roussel. Mme Durand et "
	          "Mlle Roux étaient là.",
	    "Le maire, M. Paul Girard, a reçu MM. Lebrun et Roussel.",
	    "Mme Durand et Mlle Roux étaient là.");
	SEG("fr", "Le Dr. Lemaire, le Pr. Vidal et Me. Fabre ont signé. St. Pierre aussi.",
	    "Le Dr. Lemaire, le Pr. Vidal et Me. Fabre ont signé.", "St. Pierre aussi.");
	SEG("fr", "Mme. Durand et Ste. Anne. Fin.", "Mme. Durand et Ste. Anne.", "Fin.");
}

Test(segment, en_titles)
{
	SEG("en", "Mr. Hale met Mrs. Price, Ms. Grant and Prof. Ruiz. Gen. Ward, Sen. Olsen, "
	          "Rep. Diaz, Gov. Bell, Lt. Moore and Col. Banks came too.",
	    "Mr. Hale met Mrs. Price, Ms. Grant and Prof. Ruiz.",
	    "Gen. Ward, Sen. Olsen, Rep. Diaz, Gov. Bell, Lt. Moore and Col. Banks came too.");
	SEG("en", "I can see Mt. Fuji from here. St. Michael's Church is on 5th st. near the "
	          "light.",
	    "I can see Mt. Fuji from here.",
	    "St. Michael's Church is on 5th st. near the light.");
	SEG("en", "Mr. and Mrs. Ruiz left early.", "Mr. and Mrs. Ruiz left early.");
}

Test(segment, abbreviations_are_case_sensitive)
{
	/* "Me" is Maître, "Col." a colonel: "me." and "col." are words */
	SEG("en", "Give it to me. Then go.", "Give it to me.", "Then go.");
	SEG("fr", "Ils ont passé le col. Puis ils sont descendus.", "Ils ont passé le col.",
	    "Puis ils sont descendus.");
	/* an entry in lowercase also opens a sentence with a capital */
	SEG("fr", "Cf. Dupont, 2003. Voir aussi la suite.", "Cf. Dupont, 2003.",
	    "Voir aussi la suite.");
}

Test(segment, fr_before_number)
{
	SEG("fr", "Voir p. 12, pp. 40-45, vol. 3, art. 7, al. 2, chap. 4 et fig. 2 du "
	          "rapport. Le texte est clair.",
	    "Voir p. 12, pp. 40-45, vol. 3, art. 7, al. 2, chap. 4 et fig. 2 du rapport.",
	    "Le texte est clair.");
	SEG("fr", "Le décret N°. 5 et le n°. 6 sont parus. L’art. L. 121-1 aussi.",
	    "Le décret N°. 5 et le n°. 6 sont parus.", "L’art. L. 121-1 aussi.");
	SEG("fr", "Lire le chap. IV. Il est court.", "Lire le chap. IV.", "Il est court.");
}

Test(segment, en_before_number)
{
	SEG("en", "See p. 4, vol. 2, No. 7, fig. 3 and chap. 9 of the report. It is long.",
	    "See p. 4, vol. 2, No. 7, fig. 3 and chap. 9 of the report.", "It is long.");
	SEG("en", "You can find it at N°. 1026.253.553. That is where the treasure is.",
	    "You can find it at N°. 1026.253.553.", "That is where the treasure is.");
	/* not before a number, "art." is a word */
	SEG("en", "He loves modern art. Museums are his passion.", "He loves modern art.",
	    "Museums are his passion.");
	SEG("en", "Please turn to p. 55.", "Please turn to p. 55.");
}

Test(segment, months_before_a_number)
{
	SEG("fr", "Le texte date du 3 janv. 2024. Il a été revu le 5 févr. 2024.",
	    "Le texte date du 3 janv. 2024.", "Il a été revu le 5 févr. 2024.");
	SEG("en", "The law passed on Jan. 12, 2024. It took effect on Feb. 1.",
	    "The law passed on Jan. 12, 2024.", "It took effect on Feb. 1.");
}

Test(segment, fr_cf_ed_env_al)
{
	SEG("fr", "Le rapport (cf. annexe) chiffre le coût à env. 300 millions. Dupont et al. "
	          "2021 le confirment. Paru chez Gallimard, éd. Folio, il se vend bien.",
	    "Le rapport (cf. annexe) chiffre le coût à env. 300 millions.",
	    "Dupont et al. 2021 le confirment.",
	    "Paru chez Gallimard, éd. Folio, il se vend bien.");
	SEG("fr", "Voir par ex. Lyon ou Lille. Fin.", "Voir par ex. Lyon ou Lille.", "Fin.");
}

Test(segment, en_vs_approx_eg_ie)
{
	SEG("en", "It was Smith vs. Jones, approx. 40 minutes, i.e. a short trial. Some "
	          "witnesses, e.g. Mr. Lee, left early.",
	    "It was Smith vs. Jones, approx. 40 minutes, i.e. a short trial.",
	    "Some witnesses, e.g. Mr. Lee, left early.");
	SEG("en", "Ask e.g. Paris or i.e. London.", "Ask e.g. Paris or i.e. London.");
}

Test(segment, en_company_abbreviations)
{
	SEG("en", "Were Jane and co. at the party?", "Were Jane and co. at the party?");
	SEG("en", "Let's ask Jane and co. They should know.", "Let's ask Jane and co.",
	    "They should know.");
	SEG("en", "They closed the deal with Pitt, Briggs & Co. at noon.",
	    "They closed the deal with Pitt, Briggs & Co. at noon.");
	SEG("en", "They closed the deal with Pitt, Briggs & Co. It closed yesterday.",
	    "They closed the deal with Pitt, Briggs & Co.", "It closed yesterday.");
	SEG("en", "That is JFK Jr.'s book.", "That is JFK Jr.'s book.");
}

Test(segment, etc_mid_sentence_goes_on)
{
	SEG("fr", "Des pommes, des poires, etc. et des prunes.",
	    "Des pommes, des poires, etc. et des prunes.");
	SEG("fr", "Des dossiers 1, 2, etc. 12 au total.", "Des dossiers 1, 2, etc. 12 au total.");
	SEG("en", "Apples, pears, etc. and plums were sold.",
	    "Apples, pears, etc. and plums were sold.");
}

Test(segment, etc_before_capital_ends)
{
	SEG("fr", "On y vend des fruits, des légumes, etc. Le marché ouvre à 8 h.",
	    "On y vend des fruits, des légumes, etc.", "Le marché ouvre à 8 h.");
	SEG("fr", "On y vend des fruits, etc. Marie y va le samedi.", "On y vend des fruits, etc.",
	    "Marie y va le samedi.");
	SEG("en", "They sell fruit, bread, etc. The market opens at eight.",
	    "They sell fruit, bread, etc.", "The market opens at eight.");
}

Test(segment, fr_before_christ)
{
	SEG("fr", "César est né en 100 av. J.-C. à Rome. Auguste est mort en 14 apr. J.-C. Il "
	          "avait 75 ans.",
	    "César est né en 100 av. J.-C. à Rome.", "Auguste est mort en 14 apr. J.-C.",
	    "Il avait 75 ans.");
}

/* ---- initials and acronyms ---- */

Test(segment, initials)
{
	SEG("en", "J. R. R. Tolkien wrote it. Jonas E. Smith agreed.",
	    "J. R. R. Tolkien wrote it.", "Jonas E. Smith agreed.");
	SEG("fr", "Interrogé, J.-C. Juncker a souri. Selon J.-M. Le Pen, tout va mal.",
	    "Interrogé, J.-C. Juncker a souri.", "Selon J.-M. Le Pen, tout va mal.");
	SEG("en", "We make a good team, you and I. Did you see Albert I. Jones yesterday?",
	    "We make a good team, you and I.", "Did you see Albert I. Jones yesterday?");
	SEG("fr", "Il a eu la note A. Il est content.", "Il a eu la note A.", "Il est content.");
}

Test(segment, acronyms_before_lowercase_or_name)
{
	SEG("fr", "Les U.S.A. ont voté. L’O.N.U. a réagi. La S.A. Dupont a signé.",
	    "Les U.S.A. ont voté.", "L’O.N.U. a réagi.", "La S.A. Dupont a signé.");
	SEG("en", "The U.S. economy grew. U.S. President Joe Carter spoke. She moved to the "
	          "U.K. in 2019.",
	    "The U.S. economy grew.", "U.S. President Joe Carter spoke.",
	    "She moved to the U.K. in 2019.");
	SEG("en", "I work for the U.S. Government in Virginia.",
	    "I work for the U.S. Government in Virginia.");
	SEG("en", "I have lived in the U.S. for 20 years.", "I have lived in the U.S. for 20 years.");
}

Test(segment, acronym_before_capitalised_stop_word_ends)
{
	SEG("en", "He was born in the U.S. The family moved later.", "He was born in the U.S.",
	    "The family moved later.");
	SEG("en", "I live in the E.U. How about you?", "I live in the E.U.", "How about you?");
	SEG("fr", "Il travaille pour l’O.N.U. Il voyage beaucoup.", "Il travaille pour l’O.N.U.",
	    "Il voyage beaucoup.");
}

Test(segment, am_pm)
{
	SEG("en", "The talks start at 9 a.m. sharp and end at 5 p.m. The press is not invited.",
	    "The talks start at 9 a.m. sharp and end at 5 p.m.", "The press is not invited.");
	SEG("en", "At 5 a.m. Mr. Smith went to the bank.", "At 5 a.m. Mr. Smith went to the bank.");
	SEG("en", "We met at 7 p.m. on Friday.", "We met at 7 p.m. on Friday.");
}

/* ---- numbers, lists, URLs ---- */

Test(segment, decimal_numbers)
{
	SEG("fr", "Le taux passe de 3,5 % à 4.25 %. La hausse est nette.",
	    "Le taux passe de 3,5 % à 4.25 %.", "La hausse est nette.");
	SEG("en", "She has $100.00 in her bag.", "She has $100.00 in her bag.");
	SEG("en", "She has $100.00. It is in her bag.", "She has $100.00.", "It is in her bag.");
}

Test(segment, number_after_a_plain_word_starts_a_sentence)
{
	SEG("fr", "Le bilan est lourd. 300 personnes sont mortes.", "Le bilan est lourd.",
	    "300 personnes sont mortes.");
	SEG("en", "The toll rose again. 300 people died.", "The toll rose again.",
	    "300 people died.");
	/* but not after an abbreviation or an initial */
	SEG("fr", "Il pèse env. 300 kilos.", "Il pèse env. 300 kilos.");
	SEG("en", "Chapter C. 3 pages long.", "Chapter C. 3 pages long.");
}

Test(segment, list_markers)
{
	SEG("fr", "1.) Le premier point. 2.) Le second point.", "1.) Le premier point.",
	    "2.) Le second point.");
	SEG("en", "1.) The first item 2.) The second item", "1.) The first item",
	    "2.) The second item");
	SEG("fr", "3. Le gouvernement doit agir.", "3. Le gouvernement doit agir.");
	SEG("en", "a. The first option.", "a. The first option.");
	/* inside brackets, a number and a period is no list marker */
	SEG("fr", "Voir la note (page 2.) Puis la suite.", "Voir la note (page 2.)",
	    "Puis la suite.");
}

Test(segment, urls_and_emails)
{
	SEG("fr", "Le dossier est sur www.exemple.fr/dossier?id=42 depuis hier. Écrivez à "
	          "redaction@exemple.fr pour le recevoir.",
	    "Le dossier est sur www.exemple.fr/dossier?id=42 depuis hier.",
	    "Écrivez à redaction@exemple.fr pour le recevoir.");
	SEG("en", "The report is at https://example.org/r?id=7!x now. Mail press@example.com. "
	          "It is free.",
	    "The report is at https://example.org/r?id=7!x now.", "Mail press@example.com.",
	    "It is free.");
	SEG("en", "The site is: https://www.example.50.com/new-site/awesome_content.html. "
	          "Please check it out.",
	    "The site is: https://www.example.50.com/new-site/awesome_content.html.",
	    "Please check it out.");
	SEG("en", "Her email is Jane.Doe@example.com. I sent her an email.",
	    "Her email is Jane.Doe@example.com.", "I sent her an email.");
}

/* ---- ellipses ---- */

Test(segment, ellipsis)
{
	SEG("fr", "Il hésite… Puis il signe.", "Il hésite…", "Puis il signe.");
	SEG("fr", "Il hésite… puis il signe.", "Il hésite… puis il signe.");
	SEG("en", "He waited... Then he left.", "He waited...", "Then he left.");
	SEG("en", "He waited... and then he left.", "He waited... and then he left.");
	SEG("en", "I never meant that.... She left the store.", "I never meant that....",
	    "She left the store.");
	/* an elision mark is no end */
	SEG("fr", "« Nous avons […] Tout essayé », dit-il.", "« Nous avons […] Tout essayé », dit-il.");
	SEG("en", "\"Bohr [...] used the analogy of parallel stairways [...]\" (Smith 55).",
	    "\"Bohr [...] used the analogy of parallel stairways [...]\" (Smith 55).");
}

/* ---- golden rules (English, own sentences) ---- */

Test(segment, en_golden_rules)
{
	SEG("en", "Hello World. My name is Jonas.", "Hello World.", "My name is Jonas.");
	SEG("en", "What is your name? My name is Jonas.", "What is your name?",
	    "My name is Jonas.");
	SEG("en", "There it is! I found it.", "There it is!", "I found it.");
	SEG("en", "My name is Jonas E. Smith.", "My name is Jonas E. Smith.");
	SEG("en", "He teaches science (He previously worked for 5 years as an engineer.) at "
	          "the local University.",
	    "He teaches science (He previously worked for 5 years as an engineer.) at the "
	    "local University.");
	SEG("en", "She turned to him, \"This is great.\" She held the book out to show him.",
	    "She turned to him, \"This is great.\"", "She held the book out to show him.");
	SEG("en", "Hello?? Who is there?", "Hello??", "Who is there?");
	SEG("en", "1.) The first item. 2.) The second item.", "1.) The first item.",
	    "2.) The second item.");
	SEG("en", "I visited the U.S.A. last year.", "I visited the U.S.A. last year.");
	SEG("en", "If it ends with a period . . . . Next sentence.",
	    "If it ends with a period . . . .", "Next sentence.");
}

/* ---- spans, paragraphs, languages ---- */

Test(segment, spans_are_trimmed_bytes)
{
	/* normalize trims the line; segment must also keep the no-break spaces
	 * between and after sentences out of the spans */
	struct precis_doc *doc = doc_of("  Été chaud." NBSP " Hiver doux. " NNBSP, "fr");
	segment(doc);
	cr_assert_eq(doc->nsent, 2, "%s", dump(doc));
	const char *t = doc->text;
	const struct precis_span *a = &doc->sents[0].span, *b = &doc->sents[1].span;
	cr_assert_eq(a->end - a->start, 12); /* "Été chaud." is 12 bytes */
	cr_assert_eq(memcmp(t + a->start, "Été chaud.", 12), 0);
	cr_assert_eq(b->end - b->start, 11);
	cr_assert_eq(memcmp(t + b->start, "Hiver doux.", 11), 0);
	cr_assert_eq(a->start, doc->paras[0].span.start);
	precis_doc_free(doc);
}

Test(segment, no_break_spaces_in_french_quotes)
{
	SEG("fr", "«" NBSP "Bonjour" NNBSP "!" NBSP "» dit-il." NBSP "Puis il part" NNBSP "? Oui.",
	    "«" NBSP "Bonjour" NNBSP "!" NBSP "» dit-il.", "Puis il part" NNBSP "?", "Oui.");
}

Test(segment, utf16_offsets_map_back_exactly)
{
	/* astral characters (two UTF-16 units) and invalid bytes (one U+FFFD) */
	static const char text[] = "Super \xf0\x9f\x98\x80 ! \xf0\x9f\x98\x80 Oui. Fin \xff\xfe. "
	                           "\xe6\x97\xa5\xe6\x9c\xac\xe3\x80\x82Ok.";
	struct precis_doc *doc = raw_doc(text, sizeof text - 1, "fr");
	segment(doc);
	expect(doc, (const char *const[]){"Super \xf0\x9f\x98\x80 !", "\xf0\x9f\x98\x80 Oui.",
	                                  "Fin \xff\xfe.", "\xe6\x97\xa5\xe6\x9c\xac\xe3\x80\x82",
	                                  "Ok.", NULL});
	precis_doc_free(doc);
}

Test(segment, line_break_inside_paragraph_breaks)
{
	static const char text[] = "Un titre sans point\nLe texte suit. Il finit ici.";
	struct precis_doc *doc = raw_doc(text, sizeof text - 1, "fr");
	segment(doc);
	expect(doc, (const char *const[]){"Un titre sans point", "Le texte suit.", "Il finit ici.",
	                                  NULL});
	precis_doc_free(doc);
}

Test(segment, paragraphs_are_never_crossed)
{
	struct precis_doc *doc = doc_of("Premier paragraphe, sans point\n\nDeuxième. Encore "
	                                "une phrase.\n\nPartager sur Facebook",
	                                "fr");
	px_doc_para(doc, 2)->boilerplate = 1;
	segment(doc);
	expect(doc, (const char *const[]){"Premier paragraphe, sans point", "Deuxième.",
	                                  "Encore une phrase.", "Partager sur Facebook", NULL});
	cr_assert_eq(doc->sents[0].paragraph, 0);
	cr_assert_eq(doc->sents[1].paragraph, 1);
	cr_assert_eq(doc->sents[2].paragraph, 1);
	cr_assert_eq(doc->sents[3].paragraph, 2);
	cr_assert_eq(doc->paras[1].first_sentence, 1);
	cr_assert_eq(doc->paras[1].sentence_count, 2);
	cr_assert_eq(doc->paras[2].sentence_count, 1);
	precis_doc_free(doc);
}

Test(segment, und_paragraph_uses_the_doc_language)
{
	/* "Il" is a French stop word: after an acronym it starts a sentence only
	 * when the paragraph is read as French (or as unknown: every language) */
	const char *text = "Il travaille pour l’O.N.U. Il voyage.";
	const char *const two[] = {"Il travaille pour l’O.N.U.", "Il voyage.", NULL};
	const char *const one[] = {"Il travaille pour l’O.N.U. Il voyage.", NULL};

	struct precis_doc *doc = doc_of(text, "und");
	doc->lang = "fr";
	segment(doc);
	expect(doc, two);
	doc->lang = "en";
	segment(doc);
	expect(doc, one);
	doc->lang = "und";
	segment(doc);
	expect(doc, two);
	precis_doc_free(doc);
}

Test(segment, degenerate_inputs)
{
	struct precis_doc *doc = doc_of("", "fr");
	segment(doc);
	cr_assert_eq(doc->nsent, 0);
	precis_doc_free(doc);
	SEG("fr", "\"\"\"", "\"\"\"");
	SEG("fr", "« » « » « »", "« » « » « »");
	SEG("fr", "» » ! ? . « «", "» » ! ? .", "« «");
	SEG("en", "...", "...");
	SEG("fr", "Il a dit « Non ! Jamais.", "Il a dit « Non !", "Jamais.");
	doc = raw_doc("   \n  ", 6, "fr");
	segment(doc);
	cr_assert_eq(doc->nsent, 0);
	precis_doc_free(doc);
}

Test(segment, running_twice_gives_the_same_sentences)
{
	struct precis_doc *doc = doc_of("Un. Deux. Trois.\n\nQuatre.", "fr");
	segment(doc);
	segment(doc);
	expect(doc, (const char *const[]){"Un.", "Deux.", "Trois.", "Quatre.", NULL});
	precis_doc_free(doc);
}

Test(segment, without_langset)
{
	struct precis_doc *doc = doc_of("Plain text. Two sentences.", "und");
	struct precis_error err;
	cr_assert_eq(precis_segment(doc, NULL, &err), PRECIS_OK);
	expect(doc, (const char *const[]){"Plain text.", "Two sentences.", NULL});
	precis_doc_free(doc);
}

Test(segment, long_single_line_paragraph)
{
	/* not timed: a 4 MB line must split into every one of its sentences */
	const char *unit = "Le ministre, M. Dupont, l’a dit à 9 h. « Pourquoi ? » demande-t-il. ";
	size_t ul = strlen(unit), reps = (4u << 20) / ul;
	char *text = px_xmalloc(ul * reps + 1);
	for (size_t i = 0; i < reps; i++)
		memcpy(text + i * ul, unit, ul);
	text[ul * reps] = '\0';
	struct precis_doc *doc = doc_of(text, "fr");
	segment(doc);
	cr_assert_eq(doc->nsent, 2 * reps);
	size_t second = strlen("Le ministre, M. Dupont, l’a dit à 9 h. ");
	cr_assert_eq(doc->sents[2 * reps - 1].span.start, (reps - 1) * ul + second);
	cr_assert_eq(doc->sents[2 * reps - 1].span.end, reps * ul - 1);
	precis_doc_free(doc);
	free(text);
}

struct job {
	const char *text;
	const char *lang;
	size_t nsent;
	int ok;
};

static void *segment_many(void *arg)
{
	struct job *j = arg;
	j->ok = 1;
	for (int i = 0; i < 40; i++) {
		struct precis_doc *doc = precis_doc_new("thread");
		struct precis_error err;
		precis_decode(doc, j->text, strlen(j->text), NULL, &err);
		precis_normalize(doc, &err);
		for (size_t k = 0; k < doc->npara; k++)
			px_doc_para(doc, k)->lang = j->lang;
		if (precis_segment(doc, set, &err) != PRECIS_OK || doc->nsent != j->nsent)
			j->ok = 0;
		precis_doc_free(doc);
	}
	return NULL;
}

Test(segment, threads_share_the_iterator_pool)
{
	struct job jobs[4] = {
		{"M. Dupont arrive. « Pourquoi ? » demande-t-il. Fin.", "fr", 3, 0},
		{"Mr. Smith left. “Why?” she asked. The end.", "en", 3, 0},
		{"Un. Deux.\n\nTrois.", "fr", 3, 0},
		{"One. Two.\n\nThree. Four.", "en", 4, 0},
	};
	pthread_t th[4];
	for (int i = 0; i < 4; i++)
		cr_assert_eq(pthread_create(&th[i], NULL, segment_many, &jobs[i]), 0);
	for (int i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		cr_assert(jobs[i].ok, "thread %d got other sentences", i);
	}
}

Test(segment, abbreviation_table_merges_languages)
{
	struct px_abbrevs *ab = px_abbrevs_new(set);
	cr_assert(px_abbrevs_get(ab, "M", 1) & PX_ABBR_NAME);    /* fr */
	cr_assert(px_abbrevs_get(ab, "Mr", 2) & PX_ABBR_NAME);   /* en */
	cr_assert(px_abbrevs_get(ab, "Cf", 2) & PX_ABBR_NAME);   /* capitalised "cf." */
	cr_assert(px_abbrevs_get(ab, "p", 1) & PX_ABBR_NUMBER);
	cr_assert(px_abbrevs_get(ab, "etc", 3) & PX_ABBR_FINAL);
	cr_assert(px_abbrevs_get(ab, "U.S", 3) & PX_ABBR_GENERAL);
	cr_assert_eq(px_abbrevs_get(ab, "me", 2), 0);
	cr_assert_eq(px_abbrevs_get(ab, "col", 3), 0);
	px_abbrevs_free(ab);
	ab = px_abbrevs_new(NULL);
	cr_assert_eq(px_abbrevs_get(ab, "M", 1), 0);
	px_abbrevs_free(ab);
}

/* Random texts made of the pieces the rules look at: whatever they give,
 * sentences are ordered, disjoint, inside their paragraph, trimmed and never
 * empty, and every non-space byte of the paragraph is in one of them. */
Test(segment, invariants_on_random_texts)
{
	static const char *const pieces[] = {
		". ", "! ", "? ", ".", "!", "?", "« ", " »", "»", "“", "”", "\"", "'", "’", "…",
		"...", "M. ", "U.S. ", "J.-C. ", "etc. ", "1.) ", "(", ")", "[…]", "a", "Le ",
		"The ", "il ", "Bob ", "3.5 ", " ", "  ", "\n", NBSP, NNBSP, "\xff", "\xe2\x80",
		"\xf0\x9f\x98\x80", "http://x.fr/a?b", "a@b.fr", ", ", "— ", "p. ", "12 ",
	};
	unsigned seed = 12345;
	for (int round = 0; round < 3000; round++) {
		char text[400];
		size_t len = 0;
		int n = 1 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % 40;
		for (int i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			const char *piece = pieces[(seed >> 16) % (sizeof pieces / sizeof pieces[0])];
			size_t pl = strlen(piece);
			if (len + pl >= sizeof text)
				break;
			memcpy(text + len, piece, pl);
			len += pl;
		}
		struct precis_doc *doc = raw_doc(text, len, round % 2 ? "fr" : "und");
		segment(doc);
		size_t prev_end = 0;
		for (size_t i = 0; i < doc->nsent; i++) {
			struct precis_span sp = doc->sents[i].span;
			cr_assert(sp.start < sp.end && sp.start >= prev_end && sp.end <= len,
			          "round %d:%s", round, dump(doc));
			cr_assert(text[sp.start] != ' ' && text[sp.end - 1] != ' ' &&
			          text[sp.end - 1] != '\n', "round %d: untrimmed:%s", round, dump(doc));
			for (size_t b = prev_end; b < sp.start; b++)
				cr_assert(strchr(" \n\xc2\xa0\xe2\x80\xaf", text[b]),
				          "round %d: byte %zu lost:%s", round, b, dump(doc));
			prev_end = sp.end;
		}
		for (size_t b = prev_end; b < len; b++)
			cr_assert(strchr(" \n\xc2\xa0\xe2\x80\xaf", text[b]),
			          "round %d: byte %zu lost:%s", round, b, dump(doc));
		precis_doc_free(doc);
	}
}
