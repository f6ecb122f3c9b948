/* strip: which paragraphs are marked as boilerplate, and why. Docs go
 * through decode and normalize first, so paragraphs are separated by blank
 * lines. A want list gives, per paragraph, NULL (kept) or the reason. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "precis/precis.h"
#include "core/doc_int.h"

#define K NULL
#define SHARE "share bar"
#define COMMENT "comment form"
#define BIO "author bio"
#define BYLINE "byline"
#define ALSO "read also"
#define SUBS "subscription"
#define COOKIE "cookie notice"
#define SOCIAL "social links"
#define COPY "copyright"
#define DATE "dateline"
#define PHOTO "photo credit"
#define TAIL "tail: short lines after the article"
#define LEGAL "legal links"
#define NAV "navigation"
#define CONTACT "contact"
#define CAPTION "photo caption"

/* Articles written for these tests: a title, then three paragraphs. */
#define FR_TITLE "Liège va rénover ses écoles primaires\n\n"
#define FR_BODY                                                                                       \
	"Le conseil communal de Liège a adopté lundi soir un plan de rénovation des écoles "      \
	"primaires, après plus de trois heures d’un débat tendu.\n\n"                             \
	"« Nous ne pouvions plus attendre, certains bâtiments datent des années soixante », a "   \
	"expliqué l’échevine de l’Enseignement, Claire Dumont, à la sortie de la séance.\n\n" \
	"L’opposition a voté contre le texte, qu’elle juge trop coûteux pour une ville déjà " \
	"endettée. Les travaux doivent commencer au printemps prochain.\n\n"
#define EN_TITLE "Leeds to renovate its primary schools\n\n"
#define EN_BODY                                                                                    \
	"The city council of Leeds approved on Monday a plan to renovate its primary schools, "    \
	"after more than three hours of heated debate.\n\n"                                        \
	"“We could not wait any longer, some of these buildings date from the sixties,” said " \
	"councillor Mary Hughes after the vote.\n\n"                                               \
	"The opposition voted against the plan, which it says is too costly for a city already "   \
	"in debt. Work is due to start next spring.\n\n"
/* Paragraphs in FR_TITLE FR_BODY (and in the English pair), in FR_BODY. */
#define BODY_K K, K, K, K
#define B3 K, K, K

static struct precis_langset *set;

static void setup(void)
{
	struct precis_error err;
	cr_assert_eq(precis_langset_load(NULL, &set, &err), PRECIS_OK, "%s", err.message);
}

static void teardown(void)
{
	precis_langset_free(set);
}

TestSuite(strip, .init = setup, .fini = teardown);

static struct precis_doc *front(const struct precis_langset *s, const char *text)
{
	struct precis_error err;
	struct precis_doc *d = precis_doc_new("test");
	cr_assert_eq(precis_decode(d, text, strlen(text), NULL, &err), PRECIS_OK);
	cr_assert_eq(precis_normalize(d, &err), PRECIS_OK);
	cr_assert_eq(precis_strip(d, s, &err), PRECIS_OK, "%s: %s", err.where,
	             err.message);
	return d;
}

static void check_doc(struct precis_doc *d, const char *const *want, size_t n)
{
	const char *text = precis_doc_text(d, NULL);
	cr_assert_eq(precis_doc_paragraph_count(d), n, "%zu paragraphs, want %zu",
	             precis_doc_paragraph_count(d), n);
	for (size_t i = 0; i < n; i++) {
		const struct precis_para *p = precis_doc_paragraph(d, i);
		int len = (int)(p->span.end - p->span.start);
		const char *s = text + p->span.start;
		if (!want[i])
			cr_expect_not(p->boilerplate,
			              "paragraph %zu \"%.60s\" marked as \"%s\"", i, s,
			              p->boilerplate_reason);
		else
			cr_expect(p->boilerplate && p->boilerplate_reason &&
			              strcmp(p->boilerplate_reason, want[i]) == 0,
			          "paragraph %zu \"%.*s\": want \"%s\", got %s \"%s\"", i,
			          len > 60 ? 60 : len, s, want[i],
			          p->boilerplate ? "marked" : "kept",
			          p->boilerplate_reason ? p->boilerplate_reason : "");
	}
}

static void check(const char *text, const char *const *want, size_t n)
{
	struct precis_doc *d = front(set, text);
	check_doc(d, want, n);
	precis_doc_free(d);
}

#define CHECK(text, ...)                                                                 \
	do {                                                                             \
		const char *const want_[] = {__VA_ARGS__};                               \
		check(text, want_, sizeof want_ / sizeof *want_);                        \
	} while (0)

/* ---- clean articles: nothing marked ---- */

Test(strip, clean_french_article_is_untouched)
{
	CHECK(FR_TITLE FR_BODY, BODY_K);
}

Test(strip, clean_english_article_is_untouched)
{
	CHECK(EN_TITLE EN_BODY, BODY_K);
}

Test(strip, empty_doc)
{
	CHECK("");
	CHECK("\n\n\n");
}

/* ---- share bars ---- */

Test(strip, share_bar_english_in_lines)
{
	CHECK(EN_TITLE "Share this with\n\nEmail\n\nFacebook\n\nMessenger\n\nTwitter\n\n"
	               "WhatsApp\n\nCopy this link\n\n" EN_BODY,
	      K, SHARE, SOCIAL, SOCIAL, SOCIAL, SOCIAL, SOCIAL, SHARE, B3);
}

Test(strip, share_bar_english_one_item_a_line)
{
	/* normalize keeps each short line apart: every item is furniture */
	CHECK(EN_TITLE EN_BODY
	      "Share this with\nEmail\nFacebook\nMessenger\nTwitter\nWhatsApp\n"
	      "Copy this link",
	      BODY_K, SHARE, SOCIAL, SOCIAL, SOCIAL, SOCIAL, SOCIAL, SHARE);
}

Test(strip, share_bar_french)
{
	CHECK(FR_TITLE "Partager sur Facebook\n\nPartager sur X\n\nPartager l’article\n\n"
	               "Copier le lien\n\n" FR_BODY,
	      K, SHARE, SHARE, SHARE, SHARE, B3);
}

Test(strip, social_links_line)
{
	CHECK(FR_TITLE FR_BODY "Facebook - X - LinkedIn - Instagram", BODY_K, SOCIAL);
	CHECK(EN_TITLE EN_BODY "Facebook | Twitter | Email", BODY_K, SOCIAL);
	CHECK(FR_TITLE FR_BODY "Suivez-nous sur Twitter.", BODY_K, SOCIAL);
	CHECK(EN_TITLE EN_BODY "Follow us on Instagram!", BODY_K, SOCIAL);
}

/* ---- comment forms ---- */

Test(strip, comment_form_english)
{
	CHECK(EN_TITLE EN_BODY
	      "Leave a Reply\n\nPlease enter your comment!\n\n"
	      "Please enter your name here\n\n"
	      "Your email address will not be published. Required fields are "
	      "marked *",
	      BODY_K, COMMENT, COMMENT, COMMENT, COMMENT);
}

Test(strip, comment_form_french)
{
	CHECK(FR_TITLE FR_BODY "Laisser un commentaire\n\n"
	                       "Votre adresse e-mail ne sera pas publiée.\n\n"
	                       "Les champs obligatoires sont indiqués avec *\n\n"
	                       "Commentaire *\n\nNom *",
	      BODY_K, COMMENT, COMMENT, COMMENT, COMMENT, COMMENT);
}

Test(strip, comment_form_on_adjacent_lines)
{
	CHECK(EN_TITLE EN_BODY "Please enter your comment!\nPlease enter your name here",
	      BODY_K, COMMENT, COMMENT);
}

/* ---- read also ---- */

Test(strip, read_also_french_mid_article)
{
	CHECK(
	    FR_TITLE
	    "Le conseil communal de Liège a adopté lundi soir un plan de rénovation des écoles "
	    "primaires, après plus de trois heures d’un débat tendu.\n\n"
	    "Lire aussi : Les écoles bruxelloises manquent de places\n\n"
	    "L’opposition a voté contre le texte, qu’elle juge trop coûteux pour une ville déjà "
	    "endettée.\n\n"
	    "À lire aussi\n\n"
	    "A LIRE AUSSI – La rentrée sous tension à Namur\n\n"
	    "Les travaux doivent commencer au printemps prochain, a précisé l’échevine.\n\n",
	    K, K, ALSO, K, ALSO, ALSO, K);
}

Test(strip, read_also_english)
{
	CHECK(
	    EN_TITLE
	    "The city council of Leeds approved on Monday a plan to renovate its primary "
	    "schools.\n\n"
	    "Read more: Leeds schools face a shortage of teachers\n\n"
	    "Work is due to start next spring, the council said in a statement.\n\n"
	    "Related: How Bradford rebuilt its schools\n\n"
	    "See also\n\n"
	    "The opposition voted against the plan, calling it too costly.\n\n",
	    K, K, ALSO, K, ALSO, ALSO, K);
}

Test(strip, teaser_list_after_a_header)
{
	struct precis_doc *d =
	    front(set, FR_TITLE FR_BODY
	          "À lire aussi :\n\nLa rentrée sous tension à Namur\n\n"
	          "Les enseignants réclament des moyens\n\n© 2024 La Gazette");
	/* These teaser lines have no list marker: mark them as list items by hand,
	 * as normalize does for "- " lines, to test the rule on list items. */
	px_doc_para(d, 5)->list_item = 1;
	px_doc_para(d, 6)->list_item = 1;
	struct precis_error err;
	cr_assert_eq(precis_strip(d, set, &err), PRECIS_OK);
	const char *want[] = {BODY_K, ALSO, ALSO, ALSO, COPY};
	check_doc(d, want, 8);
	precis_doc_free(d);
}

Test(strip, teaser_titles_under_a_bare_header)
{
	/* No colon, no list items: one title a line, with stopwords. */
	CHECK(FR_TITLE FR_BODY "À lire aussi\n\n"
	                       "Écoles : à Namur, la rentrée se fera sans cantine\n\n"
	                       "Mons recrute cent enseignants pour la fin de l’année\n\n"
	                       "© 2024 La Gazette",
	      BODY_K, ALSO, ALSO, ALSO, COPY);
	/* With a colon, between two body paragraphs: the list ends at the
	 * next sentence. */
	CHECK(
	    EN_TITLE
	    "The city council of Leeds approved on Monday a plan to renovate its primary "
	    "schools.\n\n"
	    "Read more:\n\n"
	    "Why Leeds is short of teachers for the third year in a row\n\n"
	    "Work is due to start next spring, the council said in a statement.\n\n",
	    K, K, ALSO, ALSO, K);
	CHECK(EN_TITLE EN_BODY "Trending\n\nBradford bus lanes to open in May\n\n"
	                       "How York saved its last cinema",
	      BODY_K, ALSO, ALSO, ALSO);
	/* Above the article, the list runs into the title: the title stays. */
	CHECK("Trending\n\nBradford bus lanes to open in May\n\n" EN_TITLE EN_BODY, ALSO,
	      ALSO, K, B3);
}

Test(strip, more_read_also_headers_french)
{
	CHECK(FR_TITLE FR_BODY "Articles en lien\n\n"
	                       "Namur : la rentrée se fera sans cantine\n\n"
	                       "Mons recrute cent enseignants d’ici à juin\n\n"
	                       "© 2024 La Gazette",
	      BODY_K, ALSO, ALSO, ALSO, COPY);
	CHECK(FR_TITLE FR_BODY "Sur le même sujet\n\n"
	                       "Charleroi ferme deux écoles pour raisons de sécurité\n\n"
	                       "Les plus lus\n\n"
	                       "Verviers : le carnaval annulé faute de bénévoles\n\n"
	                       "© 2024 La Gazette",
	      BODY_K, ALSO, ALSO, ALSO, ALSO, COPY);
	/* Sentences that open with the same words stay. */
	CHECK(FR_TITLE
	      "Le conseil communal de Liège a adopté lundi soir un plan de rénovation des "
	      "écoles primaires.\n\n"
	      "Articles en lien avec la réforme, les notes du ministère ont été publiées "
	      "mardi.\n\n"
	      "Les plus lus des manuels scolaires seront remplacés dès la rentrée.\n\n"
	      "Les travaux doivent commencer au printemps prochain, a précisé "
	      "l’échevine.\n\n",
	      K, K, K, K, K);
}

Test(strip, teaser_titles_stop_at_what_is_not_a_title)
{
	/* A header with its teaser on the same line takes nothing after it. */
	CHECK(FR_TITLE "Le conseil communal de Liège a adopté lundi soir un plan de "
	               "rénovation des écoles "
	               "primaires.\n\n"
	               "Lire aussi : Les écoles bruxelloises manquent de places\n\n"
	               "Un chantier de deux ans pour les écoles\n\n"
	               "Les travaux doivent commencer au printemps prochain, a précisé "
	               "l’échevine.\n\n",
	      K, K, ALSO, K, K);
	/* A sentence, a quotation or a line in lower case is not a title. */
	CHECK(FR_TITLE "Le conseil communal de Liège a adopté lundi soir un plan de "
	               "rénovation des écoles "
	               "primaires.\n\n"
	               "À lire aussi\n\n"
	               "La rentrée sous tension à Namur\n\n"
	               "« Nous manquons de tout », dit une directrice\n\n"
	               "Les travaux doivent commencer au printemps prochain, a précisé "
	               "l’échevine.\n\n",
	      K, K, ALSO, ALSO, K, K);
	CHECK(
	    EN_TITLE
	    "The city council of Leeds approved on Monday a plan to renovate its primary "
	    "schools.\n\n"
	    "See also\n\n"
	    "and the opposition voted against the plan\n\n"
	    "Work is due to start next spring, the council said in a statement.\n\n",
	    K, K, ALSO, K, K);
	/* "Continue reading" leads on to the article, not to teasers. */
	CHECK(
	    EN_TITLE
	    "The city council of Leeds approved on Monday a plan to renovate its primary "
	    "schools.\n\n"
	    "Continue reading\n\n"
	    "A two-year building programme\n\n"
	    "Work is due to start next spring, the council said in a statement.\n\n",
	    K, K, NAV, K, K);
}

/* ---- subscription, cookies, copyright ---- */

Test(strip, subscription_lines)
{
	CHECK(FR_TITLE FR_BODY
	      "Abonnez-vous\n\nCet article est réservé aux abonnés.\n\n"
	      "Inscrivez-vous à notre newsletter\n\nDéjà abonné ? Se connecter",
	      BODY_K, SUBS, SUBS, SUBS, SUBS);
	CHECK(EN_TITLE EN_BODY "Subscribe to our newsletter\n\n"
	                       "Sign up for our morning briefing\n\n"
	                       "This article is reserved for subscribers.",
	      BODY_K, SUBS, SUBS, SUBS);
}

Test(strip, sign_up_forms_and_prompts)
{
	CHECK(FR_TITLE FR_BODY
	      "Cet article vous a plu ? Abonnez-vous à notre lettre du soir.\n\n"
	      "Votre adresse e-mail\n\nJe m’inscris",
	      BODY_K, SUBS, SUBS, SUBS);
	CHECK(EN_TITLE EN_BODY
	      "Enjoyed this story? Get our evening briefing every day.\n\n"
	      "Your email address\n\nSign up",
	      BODY_K, SUBS, SUBS, SUBS);
}

Test(strip, tip_lines)
{
	CHECK(EN_TITLE EN_BODY "Got a news tip? Email us at tips@leedsgazette.co.uk",
	      BODY_K, CONTACT);
	CHECK(FR_TITLE FR_BODY
	      "Une info à nous communiquer ? Écrivez à redaction@gazette.be",
	      BODY_K, CONTACT);
	/* Article sentences that start alike stay. */
	CHECK(FR_TITLE
	      "Une information judiciaire a été ouverte mardi pour favoritisme dans "
	      "l’attribution des marchés.\n\n"
	      "Signaler une faute grave à l’employeur reste une obligation, rappelle "
	      "l’inspection.\n\n" FR_BODY,
	      K, K, K, B3);
}

Test(strip, newsletter_pitch)
{
	CHECK(FR_TITLE FR_BODY "Newsletter\n\n"
	      "Chaque soir, l’essentiel de l’actualité liégeoise dans votre boîte mail.\n\n"
	      "Tous les matins, notre sélection d’articles dans votre boîte de réception\n\n"
	      "Votre adresse e-mail",
	      BODY_K, SUBS, SUBS, SUBS, SUBS);
	/* An article sentence about the mail goes on after the box. */
	CHECK(FR_TITLE
	      "L’essentiel des convocations arrive dans votre boîte aux lettres en août, "
	      "rappelle la commune.\n\n" FR_BODY,
	      K, K, B3);
}

Test(strip, calls_to_witnesses_and_error_reports)
{
	CHECK(FR_TITLE FR_BODY
	      "Vous avez été témoin d’un accident ? Écrivez-nous via notre formulaire.\n\n"
	      "Vous avez repéré une faute?Signalez-la à la rédaction.\n\n"
	      "Une coquille ? Signalez-la ici.",
	      BODY_K, CONTACT, CONTACT, CONTACT);
	/* A question in the article, answered by the article, stays. */
	CHECK(FR_TITLE
	      "Témoin d’un accident ? Le chauffeur du bus affirme n’avoir rien vu, selon la "
	      "police.\n\n"
	      "Vous avez trouvé une erreur dans votre avis d’imposition ? Le fisc accorde un "
	      "délai jusqu’en juin.\n\n" FR_BODY,
	      K, K, K, B3);
}

Test(strip, legal_links)
{
	CHECK(EN_TITLE EN_BODY "Terms of Use | Privacy Policy | Do Not Sell My Personal "
	                       "Information\n\nAbout us - Contact us - Careers",
	      BODY_K, LEGAL, LEGAL);
	CHECK(FR_TITLE FR_BODY
	      "Mentions légales | Politique de confidentialité | Contact",
	      BODY_K, LEGAL);
	/* Behind the site's name, with a cookie settings link. */
	CHECK(FR_TITLE FR_BODY "La Gazette de Liège - Mentions légales - Gérer mes cookies",
	      BODY_K, LEGAL);
	/* A sentence that names them between dashes stays. */
	CHECK(FR_TITLE
	      "Selon le juge - mentions légales à l’appui - le site de l’école était en "
	      "faute.\n\n" FR_BODY,
	      K, K, B3);
	/* One ordinary word of a site's footer alone, in an article, stays. */
	CHECK(
	    EN_TITLE
	    "The city council of Leeds approved on Monday a plan to renovate its primary "
	    "schools.\n\n"
	    "Accessibility\n\n"
	    "Every school will get a lift and ramps, the council said in a "
	    "statement.\n\n",
	    K, K, K, K);
}

Test(strip, external_links_notice)
{
	CHECK(EN_TITLE EN_BODY "Share this with\n\nEmail\n\nFacebook\n\n"
	                       "These are external links and will open in a new window",
	      BODY_K, SHARE, SOCIAL, SOCIAL, NAV);
}

Test(strip, cookie_notices)
{
	CHECK(
	    "Nous utilisons des cookies pour améliorer votre expérience. En poursuivant votre "
	    "navigation, vous acceptez leur utilisation.\n\nTout accepter\n\n" FR_TITLE
	        FR_BODY,
	    COOKIE, COOKIE, BODY_K);
	CHECK(
	    "We use cookies to improve your experience on our site. By continuing to browse, "
	    "you agree to our use of cookies.\n\nAccept all\n\n" EN_TITLE EN_BODY,
	    COOKIE, COOKIE, BODY_K);
}

Test(strip, copyright_lines)
{
	CHECK(FR_TITLE FR_BODY "© 2024 La Gazette de Liège. Tous droits réservés.",
	      BODY_K, COPY);
	CHECK(EN_TITLE EN_BODY "Copyright 2024 Leeds Gazette. All rights reserved.",
	      BODY_K, COPY);
}

/* ---- credits, bylines, datelines ---- */

Test(strip, captions_that_end_with_a_credit)
{
	CHECK(
	    EN_TITLE
	    "The city council of Leeds approved on Monday a plan to renovate its primary "
	    "schools, after more than three hours of heated debate.\n\n"
	    "Pupils in a classroom of Hillside primary school in March. Photo: "
	    "Supplied/Leeds City Council\n\n"
	    "The opposition voted against the plan, which it says is too costly.\n\n",
	    K, K, CAPTION, K);
	CHECK(FR_TITLE
	      "Le conseil communal de Liège a adopté lundi soir un plan de rénovation "
	      "des écoles "
	      "primaires.\n\n"
	      "Une classe de l’école communale de Sainte-Walburge, en mars. (Photo : "
	      "Belga)\n\n"
	      "L’opposition a voté contre le texte, qu’elle juge trop coûteux.\n\n",
	      K, K, CAPTION, K);
	/* A credit is a photo's: "crédit" alone is a loan. */
	CHECK(
	    FR_TITLE
	    "Les familles paieront plus cher leur prêt. Crédit : 4,5 % sur vingt ans\n\n"
	    "L’emprunt de la ville est plus coûteux encore (crédit : 5 %)\n\n" FR_BODY,
	    K, K, K, B3);
}

Test(strip, photo_credits)
{
	CHECK(FR_TITLE "Photo : AFP\n\n" FR_BODY "Crédit photo : Belga", K, PHOTO, B3,
	      PHOTO);
	CHECK(EN_TITLE "(Getty Images)\n\n" EN_BODY "Photo: Reuters/John Smith", K, PHOTO,
	      B3, PHOTO);
}

Test(strip, bylines_french)
{
	CHECK(FR_TITLE "Par Jeanne Moreau\n\n" FR_BODY, K, BYLINE, B3);
	CHECK(FR_TITLE "Jeanne Moreau, correspondante à Genève\n\n" FR_BODY, K, BYLINE,
	      B3);
	CHECK(FR_TITLE "Propos recueillis par Jeanne Moreau\n\n" FR_BODY, K, BYLINE, B3);
}

Test(strip, bylines_english)
{
	CHECK(EN_TITLE "By John Carter\n\n" EN_BODY, K, BYLINE, B3);
	CHECK(EN_TITLE "By John Carter and Ann Lee, Political Correspondents\n\n" EN_BODY,
	      K, BYLINE, B3);
	CHECK(EN_TITLE "John Carter, Political Correspondent\n\n" EN_BODY, K, BYLINE, B3);
	CHECK(EN_TITLE EN_BODY "(Reporting by John Carter; Editing by Ann Lee)", BODY_K,
	      BYLINE);
	CHECK(EN_TITLE
	      "Reported by the BBC, the closure of the school sparked anger among "
	      "parents.\n\n" EN_BODY,
	      K, K, B3);
}

Test(strip, bylines_with_an_email)
{
	CHECK(EN_TITLE EN_BODY "By Tom Hale | t.hale@leedsgazette.co.uk", BODY_K, BYLINE);
	CHECK(FR_TITLE FR_BODY "Par Anne Roux, a.roux@gazette-liege.be", BODY_K, BYLINE);
}

Test(strip, a_role_line_under_a_lone_name)
{
	CHECK(EN_TITLE "Tom Hale\n\nPolitical correspondent\n\n" EN_BODY, K, BYLINE,
	      BYLINE, B3);
	/* Stopwords in the role line ("de la") do not matter. */
	CHECK(FR_TITLE FR_BODY "Anne Roux\n\nCorrespondante de la Gazette à Namur\n\n"
	                       "Partager",
	      BODY_K, BYLINE, BYLINE, SHARE);
	/* A sentence about a journalist is no role line; nor is a role line
	 * under something other than a name. */
	CHECK(FR_TITLE
	      "Le conseil communal de Liège a adopté lundi soir un plan de rénovation "
	      "des écoles "
	      "primaires.\n\n"
	      "Anne Roux\n\n"
	      "La journaliste a été entendue mardi par le juge d’instruction.\n\n"
	      "Un chantier en deux ans\n\n"
	      "Correspondante à Namur\n\n"
	      "Les travaux doivent commencer au printemps prochain, a précisé "
	      "l’échevine.\n\n",
	      K, K, K, K, K, K, K);
}

Test(strip, lone_name_before_a_dateline_is_a_byline)
{
	CHECK(FR_TITLE
	      "Jeanne Moreau\n\nPublié le 12/03/2024 à 10h05 Mis à jour le 12/03/2024 "
	      "à 11h30\n\n" FR_BODY,
	      K, BYLINE, DATE, B3);
}

Test(strip, lone_name_next_to_a_dateline_in_the_tail)
{
	/* A line strip cannot read stops the tail walk below the byline: the
	 * dateline still takes the name with it. */
	CHECK(FR_TITLE FR_BODY "Jeanne Moreau\n\nPublié le 12/03/2024 à 10h05\n\n"
	                       "Une rubrique que personne ne connaît encore ici.",
	      BODY_K, BYLINE, DATE, K);
	CHECK(FR_TITLE FR_BODY "Publié le 12 mars 2024\n\nJeanne Moreau\n\n"
	                       "Une rubrique que personne ne connaît encore ici.",
	      BODY_K, DATE, BYLINE, K);
	/* A name heading in the article, next to other furniture, stays. */
	CHECK(FR_TITLE
	      "Le conseil communal de Liège a adopté lundi soir un plan de rénovation des "
	      "écoles primaires.\n\n"
	      "Claire Dumont\n\n"
	      "Lire aussi : Les écoles bruxelloises manquent de places\n\n"
	      "L’échevine de l’Enseignement défend le plan depuis deux ans, contre une partie "
	      "de sa majorité.\n\n",
	      K, K, K, ALSO, K);
}

Test(strip, a_title_that_is_a_name_stays)
{
	CHECK(
	    "Nous utilisons des cookies.\n\nEmmanuel Macron\n\nPublié le 12/03/2024\n\n" FR_BODY,
	    COOKIE, K, DATE, B3);
}

Test(strip, datelines)
{
	CHECK(
	    EN_TITLE
	    "Published 12 March 2024\n\nUpdated: March 12, 2024 at 10:05 a.m.\n\n" EN_BODY,
	    K, DATE, DATE, B3);
	CHECK(FR_TITLE "Mis à jour le 12 mars 2024 à 18h40\n\n" FR_BODY, K, DATE, B3);
}

Test(strip, a_sentence_that_starts_like_a_dateline_stays)
{
	CHECK(FR_TITLE
	      "Publié le 12 mars, le rapport de la Cour des comptes pointe de graves "
	      "dérives dans la gestion des écoles.\n\n" FR_BODY,
	      K, K, B3);
	CHECK(EN_TITLE
	      "Published in 2019, the report found that half of the schools needed "
	      "repairs.\n\n" EN_BODY,
	      K, K, B3);
}

/* ---- the tail: name, bio, links, form ---- */

Test(strip, comment_prompts)
{
	CHECK(FR_TITLE FR_BODY "Commentaires (12)\n\n"
	                       "Connectez-vous pour réagir à cet article.\n\n"
	                       "Pour commenter, identifiez-vous",
	      BODY_K, COMMENT, COMMENT, COMMENT);
	CHECK(FR_TITLE
	      "Connectez-vous pour réagir : c’est le conseil que donne la police aux "
	      "victimes d’une fraude.\n\n" FR_BODY,
	      K, K, B3);
	CHECK(FR_TITLE FR_BODY "Réagissez à cet article\n\n"
	                       "Vous devez être connecté pour publier un commentaire.",
	      BODY_K, COMMENT, COMMENT);
	CHECK(FR_TITLE FR_BODY "Vous devez être connecté pour commenter.",
	      BODY_K, COMMENT);
	CHECK(EN_TITLE EN_BODY "You need to be signed in to comment.", BODY_K, COMMENT);
	CHECK(EN_TITLE EN_BODY "Have your say\n\nPlease enter your comment!\n\n"
	                       "You have entered an incorrect email address!\n\n"
	                       "Please enter your name here",
	      BODY_K, COMMENT, COMMENT, COMMENT, COMMENT);
	CHECK(EN_TITLE
	      "Residents can have your say on the plan at the town hall until 3 May, the "
	      "council said.\n\n"
	      "Have your say on the plan at the town hall until 3 May.\n\n" EN_BODY,
	      K, K, K, B3);
}

Test(strip, author_tail_english)
{
	CHECK(
	    EN_TITLE EN_BODY
	    "Thomas Reilly\n\n"
	    "Thomas Reilly graduated in Political Science from the University of York. I have "
	    "worked as a local reporter for ten years. I love long walks on the moors and I "
	    "believe that local news matters more than ever.\n\n"
	    "More Posts - Website - Twitter - LinkedIn\n\n\n"
	    "Please enter your comment!\nPlease enter your name here",
	    BODY_K, BYLINE, BIO, SOCIAL, COMMENT, COMMENT);
}

Test(strip, author_tail_french)
{
	CHECK(
	    FR_TITLE FR_BODY
	    "Sophie Lambert\n\n"
	    "Sophie Lambert est journaliste indépendante et diplômée de l’IHECS. Je suis "
	    "passionnée par les questions d’éducation et j’ai couvert la politique locale "
	    "pendant huit ans.\n\n"
	    "Suivez-nous sur Facebook et Instagram\n\n"
	    "Laisser un commentaire",
	    BODY_K, BYLINE, BIO, SOCIAL, COMMENT);
}

Test(strip, bio_without_a_name_line)
{
	CHECK(
	    EN_TITLE EN_BODY
	    "Laura Bennett is a freelance journalist based in Manchester. She writes about "
	    "education and housing.\n\n"
	    "Follow us on Twitter",
	    BODY_K, BIO, SOCIAL);
}

Test(strip, bio_cue_with_words_between)
{
	/* "is a * reporter"; and "is a" are not name particles. */
	CHECK(EN_TITLE EN_BODY
	      "Hannah Price is a Local Democracy Reporter covering Leeds.\n\n"
	      "Share this article",
	      BODY_K, BIO, SHARE);
}

Test(strip, bio_after_the_name_line_without_the_name)
{
	CHECK(FR_TITLE FR_BODY
	      "Sophie Lambert\n\n"
	      "Diplômée de l’IHECS, elle est journaliste indépendante. J’ai "
	      "longtemps couvert la politique locale pour plusieurs titres.\n\n"
	      "Laisser un commentaire",
	      BODY_K, BYLINE, BIO, COMMENT);
}

Test(strip, lone_name_at_the_end_is_a_byline)
{
	CHECK(FR_TITLE FR_BODY "Jeanne Moreau", BODY_K, BYLINE);
	CHECK(EN_TITLE EN_BODY "Jean-Luc de La Salle", BODY_K, BYLINE);
}

Test(strip, short_lines_after_the_article)
{
	/* A copyright line proves the tail is furniture: the tags go too. */
	CHECK(FR_TITLE FR_BODY "Enseignement\n\nLiège\n\nBudget communal\n\n"
	                       "© 2024 La Gazette de Liège",
	      BODY_K, TAIL, TAIL, TAIL, COPY);
	CHECK(EN_TITLE EN_BODY "Education\n\nLeeds", BODY_K, TAIL, TAIL);
}

Test(strip, short_lines_with_stopwords_between_furniture)
{
	/* Teaser titles with no header, between a byline and a copyright. */
	CHECK(FR_TITLE FR_BODY
	      "Par Anne Roux\n\n"
	      "Les écoles de la ville face à la pénurie de professeurs\n\n"
	      "Le tram de Liège sur les rails pour la fin de l’année\n\n"
	      "© 2024 La Gazette",
	      BODY_K, BYLINE, TAIL, TAIL, COPY);
	/* At the very end, after furniture. */
	CHECK(EN_TITLE EN_BODY "Copyright 2024 Leeds Gazette\n\n"
	                       "A guide to the city for all of the new residents",
	      BODY_K, COPY, TAIL);
}

Test(strip, a_short_closing_line_of_the_article_stays)
{
	CHECK(FR_TITLE FR_BODY "Affaire à suivre de près dans les semaines à venir\n\n"
	                       "Par Anne Roux",
	      BODY_K, K, BYLINE);
	CHECK(FR_TITLE FR_BODY "Verdict attendu le 15 mai.\n\nPar Anne Roux", BODY_K, K,
	      BYLINE);
	/* A line with stopwords after a mere tag line is not between sure
	 * furniture: both stay. */
	CHECK(FR_TITLE FR_BODY "Pratique\n\nEntrée libre de 9 h à 17 h pour toutes les "
	                       "familles\n\nPar Anne Roux",
	      BODY_K, K, K, BYLINE);
}

Test(strip, a_longer_run_of_short_lines_alone_stays)
{
	/* A schedule closing an article, with nothing else to say it is furniture. */
	CHECK(FR_TITLE FR_BODY
	      "8 h 30 accueil des élèves\n\n12 h repas\n\n16 h fin des cours",
	      BODY_K, K, K, K);
}

Test(strip, french_article_with_english_furniture)
{
	CHECK(FR_TITLE FR_BODY "Share this article\n\nAll rights reserved", BODY_K, SHARE,
	      COPY);
}

/* ---- what must stay ---- */

Test(strip, article_sentences_naming_networks_stay)
{
	CHECK(
	    FR_TITLE
	    "Le maire a annoncé sur Facebook et sur Twitter qu’il enverrait une newsletter aux "
	    "parents chaque semaine.\n\n"
	    "Facebook a refusé de commenter.\n\n"
	    "Partager les richesses reste la priorité du syndicat, selon son président.\n\n"
	    "Les parents peuvent s’abonner à la lettre d’information de la commune depuis "
	    "mardi.\n\n",
	    K, K, K, K, K);
	CHECK(
	    EN_TITLE
	    "Share prices of the building firm rose 3% on Monday after the vote.\n\n"
	    "The council said on Facebook that it would send a newsletter to parents every "
	    "week.\n\n"
	    "Twitter and WhatsApp groups of parents had called for the renovation for years.\n\n",
	    K, K, K, K);
}

Test(strip, short_quote_at_the_end_stays)
{
	CHECK(FR_TITLE FR_BODY "« On ne lâchera rien. »", BODY_K, K);
	CHECK(FR_TITLE FR_BODY "« Enfin »", BODY_K, K);
	CHECK(EN_TITLE EN_BODY "“We will not give up.”", BODY_K, K);
}

Test(strip, quote_from_a_man_named_like_a_byline_stays)
{
	CHECK(EN_TITLE EN_BODY
	      "John Carter, a farmer from Otley, said the plan was “long overdue”.\n\n"
	      "By John Carter’s own account, the school roof has leaked since 2015.",
	      BODY_K, K, K);
	CHECK(FR_TITLE FR_BODY
	      "Marc Lenoir, qui dirige l’école depuis 2015, se dit soulagé : « Enfin ! »",
	      BODY_K, K);
}

Test(strip, a_bio_like_last_paragraph_alone_stays)
{
	/* Cues alone ("est journaliste") are not enough when nothing else in the
	 * tail is furniture: the article may be about that journalist. */
	CHECK(FR_TITLE FR_BODY
	      "Anne Leroy est journaliste depuis vingt ans et dirige aujourd’hui "
	      "la rédaction du quotidien local.",
	      BODY_K, K);
}

Test(strip, headings_inside_the_article_stay)
{
	const char *text = FR_TITLE
	    "Le conseil communal de Liège a adopté lundi soir un plan de rénovation des "
	    "écoles primaires.\n\n"
	    "Un chantier de deux ans\n\n"
	    "Les travaux doivent commencer au printemps prochain et durer deux ans.\n\n"
	    "Marie Curie\n\n"
	    "La nouvelle école portera le nom de la physicienne, a annoncé le bourgmestre.";
	struct precis_doc *d = front(set, text);
	px_doc_para(d, 2)->heading = 1;
	px_doc_para(d, 4)->heading = 1;
	struct precis_error err;
	cr_assert_eq(precis_strip(d, set, &err), PRECIS_OK);
	const char *want[] = {K, K, K, K, K, K};
	check_doc(d, want, 6);
	precis_doc_free(d);
}

Test(strip, the_title_and_lead_are_never_tail)
{
	/* Only short lines: no sentence, so nothing tells the article from
	 * furniture, and nothing is marked by features. */
	CHECK("Jeanne Moreau\n\nLiège\n\nEnseignement", K, K, K);
}

/* ---- the stage itself ---- */

Test(strip, running_twice_gives_the_same_marks)
{
	struct precis_doc *d =
	    front(set, EN_TITLE EN_BODY "Thomas Reilly\n\nAll rights reserved");
	struct precis_error err;
	cr_assert_eq(precis_strip(d, set, &err), PRECIS_OK);
	const char *want[] = {BODY_K, BYLINE, COPY};
	check_doc(d, want, 6);
	precis_doc_free(d);
}

Test(strip, a_huge_paragraph_is_read_in_bounded_time)
{
	size_t n = 4u << 20;
	const char *sentence =
	    "Le conseil a voté le budget des écoles pour les cinq ans à venir. ";
	size_t sl = strlen(sentence);
	char *text = malloc(n + 200);
	size_t len = 0;
	while (len + sl < n) {
		memcpy(text + len, sentence, sl);
		len += sl;
	}
	strcpy(text + len, "\n\nJeanne Moreau\n\nTous droits réservés");
	struct precis_doc *d = front(set, text);
	const char *want[] = {K, BYLINE, COPY};
	check_doc(d, want, 3);
	precis_doc_free(d);
	free(text);
}

struct thread_arg {
	int ok;
};

static void *strip_many(void *p)
{
	struct thread_arg *a = p;
	a->ok = 1;
	for (int k = 0; k < 50; k++) {
		struct precis_doc *d =
		    front(set, FR_TITLE FR_BODY "Sophie Lambert\n\nAbonnez-vous");
		const struct precis_para *name = precis_doc_paragraph(d, 4);
		const struct precis_para *subs = precis_doc_paragraph(d, 5);
		if (!name->boilerplate || !subs->boilerplate ||
		    strcmp(subs->boilerplate_reason, SUBS) != 0)
			a->ok = 0;
		precis_doc_free(d);
	}
	return NULL;
}

Test(strip, threads_share_the_compiled_patterns)
{
	pthread_t t[4];
	struct thread_arg a[4];
	for (int i = 0; i < 4; i++)
		cr_assert_eq(pthread_create(&t[i], NULL, strip_many, &a[i]), 0);
	for (int i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		cr_expect(a[i].ok, "thread %d got other marks", i);
	}
}

/* ---- the data format, on a language folder of its own ---- */

static char tmpdir[256];

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs(text, f);
	fclose(f);
}

static struct precis_langset *lang_with(const char *boilerplate)
{
	strcpy(tmpdir, "/tmp/precis-strip-XXXXXX");
	cr_assert_not_null(mkdtemp(tmpdir));
	char dir[512];
	snprintf(dir, sizeof dir, "%s/xx", tmpdir);
	cr_assert_eq(mkdir(dir, 0700), 0);
	write_file(dir, "meta.txt", "name = test\n");
	write_file(dir, "boilerplate.txt", boilerplate);
	write_file(dir, "stopwords.txt", "the\nof\na\nand\n");
	struct precis_langset *s;
	struct precis_error err;
	cr_assert_eq(precis_langset_load(tmpdir, &s, &err), PRECIS_OK, "%s", err.message);
	return s;
}

static void lang_done(struct precis_langset *s)
{
	char path[600];
	const char *files[] = {"meta.txt", "boilerplate.txt", "stopwords.txt"};
	for (size_t i = 0; i < 3; i++) {
		snprintf(path, sizeof path, "%s/xx/%s", tmpdir, files[i]);
		unlink(path);
	}
	snprintf(path, sizeof path, "%s/xx", tmpdir);
	rmdir(path);
	rmdir(tmpdir);
	precis_langset_free(s);
}

Test(strip, format_reasons_defines_and_folding)
{
	struct precis_langset *s = lang_with("# a comment\n"
	                                     "define WHO (?:us|me)\n"
	                                     "reason: follow\n"
	                                     "follow {WHO} here\n"
	                                     "don’t forget\n"
	                                     "reason: shout\n"
	                                     "(?-i:[A-Z ]+)\n");
	struct precis_doc *d = front(s, "Follow   US\u00a0here\n\n"
	                                "Don't forget\n\n"
	                                "don’t forget\n\n"
	                                "LOUD LINE\n\n"
	                                "Loud line\n\n"
	                                "follow us here\nFOLLOW ME HERE");
	const char *want[] = {"follow", "follow", "follow", "shout", K, "follow", "follow"};
	check_doc(d, want, 7);
	precis_doc_free(d);
	lang_done(s);
}

/* Each pattern reads its prefixes or literal differently: none of these
 * lines may be hidden from the pattern that matches it. */
Test(strip, format_prefilter_never_hides_a_match)
{
	static const char *const cases[][2] = {
	    {"(?:with )?zorg", "With Zorg"},
	    {"(?:with )?zorg", "zorg"},
	    {"[àa] lire plus", "À lire plus"},
	    {"[àa] lire plus", "a lire plus"},
	    {"\\d+ widgets?", "12 widgets"},
	    {"colou?r chart", "Color chart"},
	    {"(?i)x?quux", "quux"},
	    {"(?=ab)abcd", "abcd"},
	    {"(?<g>fee|fie)fum", "fiefum"},
	    {"\\(c\\) ?\\d{4} wonk", "(c) 2024 wonk"},
	    {"blip|blop", "blop"},
	    {"(?:ya|yo)*zed", "zed"},
	    {"(?:ya|yo)*zed", "yayozed"},
	    {"\\Qq.r\\E then", "q.r then"},
	    {".*in the middle.*", "words in the middle here"},
	    {"\\bfoo\\b bar", "foo bar"},
	    {"(?-i:\\p{Lu}\\p{Ll}+) said", "Anna said"},
	    {"tab\\tstop", "tab stop"},
	    {"[^x]yz", "ayz"},
	    {"e-?mail me", "email me"},
	    {"(?-i:\\p{Lu}\\p{Ll}+), (?:chief )*(?:cook|baker)s?", "Anna, chief bakers"},
	    {"\\p{L}+ (?:x|yy)?(?:alpha|beta)", "word beta"},
	    {"\\p{L}+ (?:(?:ga|gb)mma|delta)", "word gbmma"},
	};
	size_t n = sizeof cases / sizeof *cases;
	char data[4096] = "", text[4096] = "";
	for (size_t i = 0; i < n; i++) {
		char line[256];
		snprintf(line, sizeof line, "reason: p%zu\n%s\n", i, cases[i][0]);
		strcat(data, line);
		snprintf(line, sizeof line, "%s%s", i ? "\n\n" : "", cases[i][1]);
		strcat(text, line);
	}
	struct precis_langset *s = lang_with(data);
	struct precis_doc *d = front(s, text);
	cr_assert_eq(precis_doc_paragraph_count(d), n);
	for (size_t i = 0; i < n; i++) {
		const struct precis_para *p = precis_doc_paragraph(d, i);
		size_t first =
		    0; /* a pattern listed twice answers with its first reason */
		while (strcmp(cases[first][0], cases[i][0]) != 0)
			first++;
		char want[16];
		snprintf(want, sizeof want, "p%zu", first);
		/* "tab\tstop" cannot match: the key has a space, never a tab. */
		if (strcmp(cases[i][0], "tab\\tstop") == 0) {
			cr_expect_not(p->boilerplate);
			continue;
		}
		cr_expect(p->boilerplate && strcmp(p->boilerplate_reason, want) == 0,
		          "\"%s\" on \"%s\": got %s", cases[i][0], cases[i][1],
		          p->boilerplate ? p->boilerplate_reason : "nothing");
	}
	precis_doc_free(d);
	lang_done(s);
}

Test(strip, format_long_paragraphs_are_not_matched)
{
	struct precis_langset *s = lang_with("reason: any\n.*\n");
	char big[600];
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	struct precis_doc *d = front(s, big);
	const char *want[] = {K};
	check_doc(d, want, 1);
	precis_doc_free(d);
	lang_done(s);
}

Test(strip, format_bad_pattern_names_the_file)
{
	struct precis_langset *s = lang_with("reason: broken\n(unclosed\n");
	struct precis_doc *d = precis_doc_new("doc");
	const char *text = "Some text\n\nMore text";
	struct precis_error err;
	cr_assert_eq(precis_decode(d, text, strlen(text), NULL, &err), PRECIS_OK);
	cr_assert_eq(precis_normalize(d, &err), PRECIS_OK);
	cr_assert_eq(precis_strip(d, s, &err), PRECIS_E_CONFIG);
	cr_expect(strstr(err.where, "xx/boilerplate.txt"), "where: %s", err.where);
	cr_expect(strstr(err.message, "(unclosed"), "message: %s", err.message);
	precis_doc_free(d);
	lang_done(s);
}

Test(strip, format_bad_define_names_the_file)
{
	struct precis_langset *s = lang_with("define lower x\n");
	struct precis_doc *d = precis_doc_new("doc");
	struct precis_error err;
	cr_assert_eq(precis_decode(d, "x", 1, NULL, &err), PRECIS_OK);
	cr_assert_eq(precis_normalize(d, &err), PRECIS_OK);
	cr_assert_eq(precis_strip(d, s, &err), PRECIS_E_CONFIG);
	cr_expect(strstr(err.where, "boilerplate.txt"));
	cr_expect(strstr(err.message, "define NAME REGEX"), "message: %s", err.message);
	precis_doc_free(d);
	lang_done(s);
}
