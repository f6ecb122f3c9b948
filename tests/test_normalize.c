/* The normalize stage: one case per rule of src/core/normalize.c (the clean
 * pass), nfc.c and paragraphs.c, the offset map back to the source, and the
 * shape of the text every later stage relies on. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "precis/precis.h"
#include "core/doc_int.h"

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

TestSuite(normalize, .init = setup, .fini = teardown);

static int is_space_at(const char *t, size_t i)
{
	const unsigned char *u = (const unsigned char *)t + i;
	return u[0] == ' ' || u[0] == '\t' || (u[0] == 0xC2 && u[1] == 0xA0) ||
	       (u[0] == 0xE2 && u[1] == 0x80 && u[2] == 0xAF);
}

static int ends_with_space(const char *t, size_t start, size_t end)
{
	if (end == start)
		return 0;
	unsigned char c = (unsigned char)t[end - 1];
	if (c == ' ' || c == '\t')
		return 1;
	if (end - start >= 2 && (unsigned char)t[end - 2] == 0xC2 && c == 0xA0)
		return 1;
	return end - start >= 3 && (unsigned char)t[end - 3] == 0xE2 &&
	       (unsigned char)t[end - 2] == 0x80 && c == 0xAF;
}

/* The shape every later stage relies on. */
static void check_shape(const struct precis_doc *d)
{
	size_t len;
	const char *t = precis_doc_text(d, &len);
	size_t np = precis_doc_paragraph_count(d);
	cr_assert_eq(strlen(t), len);
	if (len == 0) {
		cr_assert_eq(np, 0);
		return;
	}
	cr_assert_eq(t[len - 1], '\n', "text must end with a newline");
	cr_assert(len < 2 || t[len - 2] != '\n', "text must end with a single newline");
	cr_assert(np > 0);
	size_t pos = 0;
	for (size_t i = 0; i < np; i++) {
		const struct precis_para *p = precis_doc_paragraph(d, i);
		cr_assert(p->span.start < p->span.end, "empty paragraph %zu", i);
		if (i == 0) {
			cr_assert_eq(p->span.start, 0);
		} else {
			const struct precis_para *q = precis_doc_paragraph(d, i - 1);
			size_t gap = p->span.start - pos;
			int tight = q->list_item && p->list_item && gap == 1;
			cr_assert(tight || gap == 2, "paragraphs %zu and %zu: gap %zu", i - 1, i,
			          gap);
			for (size_t k = pos; k < p->span.start; k++)
				cr_assert_eq(t[k], '\n');
		}
		cr_assert_null(memchr(t + p->span.start, '\n', p->span.end - p->span.start),
		               "paragraph %zu holds a newline", i);
		cr_assert_not(is_space_at(t, p->span.start), "paragraph %zu starts with a space",
		              i);
		cr_assert_not(ends_with_space(t, p->span.start, p->span.end),
		              "paragraph %zu ends with a space", i);
		pos = p->span.end;
	}
	cr_assert_eq(pos + 1, len);
}

/* A doc whose decoded text is exactly s (what normalize receives). */
static struct precis_doc *norm_n(const char *s, size_t n)
{
	struct precis_doc *d = precis_doc_new("test");
	struct px_offmap m;
	px_offmap_identity(&m, n);
	d->src_len = n;
	char *copy = malloc(n + 1);
	memcpy(copy, s, n);
	copy[n] = '\0';
	px_doc_set_text(d, copy, n, &m);
	struct precis_error err;
	cr_assert_eq(precis_normalize_langs(d, langs, &err), PRECIS_OK, "%s", err.message);
	check_shape(d);
	return d;
}

static struct precis_doc *norm(const char *s)
{
	return norm_n(s, strlen(s));
}

static const char *text(const struct precis_doc *d)
{
	return precis_doc_text(d, NULL);
}

static const char *para(const struct precis_doc *d, size_t i, char *buf, size_t cap)
{
	const struct precis_para *p = precis_doc_paragraph(d, i);
	cr_assert_not_null(p, "no paragraph %zu", i);
	size_t n = p->span.end - p->span.start;
	cr_assert(n < cap);
	memcpy(buf, text(d) + p->span.start, n);
	buf[n] = '\0';
	return buf;
}

static void expect(const char *in, const char *out)
{
	struct precis_doc *d = norm(in);
	cr_expect_str_eq(text(d), out);
	precis_doc_free(d);
}

/* ---- characters ---- */

Test(normalize, nfc_composes_decomposed_letters)
{
	expect("L'e\xCC\x81te\xCC\x81 a\xCC\x80 Orle\xCC\x81\x61ns.", "L'été à Orléans.\n");
	/* Out-of-order marks are reordered; Hangul jamo compose. */
	expect("q\xCC\xA3\xCC\x87 \xE1\x84\x80\xE1\x85\xA1", "q\xCC\xA3\xCC\x87 \xEA\xB0\x80\n");
	expect("q\xCC\x87\xCC\xA3", "q\xCC\xA3\xCC\x87\n");
	/* The Ångström sign is canonically Å. */
	expect("10 \xE2\x84\xAB", "10 \xC3\x85\n");
}

Test(normalize, ligatures_are_spelled_out)
{
	expect("\xEF\xAC\x81n", "fin\n");             /* ﬁ */
	expect("\xEF\xAC\x82\x65ur", "fleur\n");      /* ﬂ */
	expect("e\xEF\xAC\x80\x65t", "effet\n");      /* ﬀ */
	expect("e\xEF\xAC\x83\x63\x61\x63\x65", "efficace\n"); /* ﬃ */
	expect("ra\xEF\xAC\x84\x65", "raffle\n");     /* ﬄ */
	expect("\xEF\xAC\x85op", "stop\n");           /* ﬅ */
	expect("po\xEF\xAC\x86\x65", "poste\n");      /* ﬆ */
}

Test(normalize, fullwidth_ascii_becomes_ascii)
{
	expect("\xEF\xBC\xA1\xEF\xBC\xB0\xEF\xBC\xB4\xEF\xBC\x93\xEF\xBC\x91\xEF\xBC\x81",
	       "APT31!\n");
	expect("Tokyo\xE3\x80\x80\xE3\x80\x80Osaka", "Tokyo Osaka\n"); /* U+3000 */
	expect("\xEF\xBD\x9E\xEF\xBC\x88x\xEF\xBC\x89", "~(x)\n");
}

Test(normalize, shown_characters_survive)
{
	/* U+00A0, U+202F, ½, ², …, quotes and apostrophes: no NFKC here. */
	const char *s = "\xC2\xAB\xC2\xA0Oui\xE2\x80\xAF!\xC2\xA0\xC2\xBB dit-il \xE2\x80\x94 "
	                "\xC2\xBD litre, 3 m\xC2\xB2, l\xE2\x80\x99\xC3\xA9t\xC3\xA9\xE2\x80\xA6 "
	                "\xE2\x80\x9CYes\xE2\x80\x9D 'no' \"maybe\"";
	char want[512];
	snprintf(want, sizeof want, "%s\n", s);
	expect(s, want);
}

Test(normalize, invisible_and_control_characters_go)
{
	expect("d\xC3\xA9mo\xC2\xAD\x63ratie", "démocratie\n");         /* soft hyphen */
	expect("Pe\xE2\x80\x8Bkin", "Pekin\n");                          /* ZWSP */
	expect("a\xE2\x80\x8C\x62\xE2\x80\x8D\x63\xE2\x81\xA0\x64", "abcd\n"); /* ZWNJ ZWJ WJ */
	expect("\xEF\xBB\xBFUn\xEF\xBB\xBF deux", "Un deux\n");          /* BOM anywhere */
	expect("\xE2\x80\x8F\x42\xE2\x80\xAAi\xE2\x80\xAC\x64\xE2\x81\xA6i\xE2\x81\xA9",
	       "Bidi\n");                                                /* bidi marks */
	expect("\x01\x42\x7F\x65l\x1B", "Bel\n");                        /* C0, DEL */
	expect("A\xC2\x81\x42\xC2\x9D\x43", "ABC\n");                    /* C1 */
	expect("Un\tdeux", "Un deux\n");                                 /* tab kept as space */
}

Test(normalize, line_ends_are_unified)
{
	const char *ends[] = {"\r\n", "\r", "\n", "\xE2\x80\xA8", "\xC2\x85", "\f", "\r\r\n"};
	for (size_t i = 0; i < sizeof ends / sizeof *ends; i++) {
		char in[128];
		/* A line break: two sentences stay two paragraphs ... */
		snprintf(in, sizeof in, "Il pleut.%sLe vent souffle.", ends[i]);
		expect(in, "Il pleut.\n\nLe vent souffle.\n");
		/* ... and a wrapped line is joined with a space. */
		snprintf(in, sizeof in, "Le vent%ssouffle.", ends[i]);
		expect(in, "Le vent souffle.\n");
	}
}

Test(normalize, paragraph_separator_breaks)
{
	/* U+2029 ends a paragraph even where lines would be joined. */
	expect("Le vent\xE2\x80\xA9souffle.", "Le vent\n\nsouffle.\n");
	/* A CRLF file converted twice: one line end, not a blank line. */
	expect("Le vent\r\r\nsouffle.", "Le vent souffle.\n");
	expect("Il pleut.\r\n\r\nLe vent.", "Il pleut.\n\nLe vent.\n");
}

Test(normalize, spaces_collapse_and_lines_are_trimmed)
{
	expect("   Le   vent \t souffle  fort.   ", "Le vent souffle fort.\n");
	expect("\xC2\xA0Mot\xC2\xA0\xC2\xA0", "Mot\n");
	/* No-break spaces inside a line are written as they were. */
	expect("Oui\xC2\xA0\xC2\xA0:  non", "Oui\xC2\xA0\xC2\xA0: non\n");
}

/* ---- paragraphs ---- */

static const char wrapped_fr[] =
	"Le gouvernement a présenté mardi son projet de réforme des retraites, qui\n"
	"prévoit un report progressif de l'âge légal de départ à 64 ans d'ici à\n"
	"2030. « Nous devons sauver notre système par répartition », a déclaré la\n"
	"Première ministre devant les députés, sous les huées d'une partie de\n"
	"l'hémicycle. Les syndicats, unanimes, appellent à une journée de grève.\n"
	"\n"
	"La porte-parole du gouvernement a précisé que les carrières longues\n"
	"seraient protégées. Selon elle, la réforme reste « juste et nécessaire »\n"
	"et le texte sera examiné en commission dès le début du mois de février.\n";

Test(normalize, hard_wrapped_paragraphs_are_joined)
{
	struct precis_doc *d = norm(wrapped_fr);
	char b[1024];
	cr_assert_eq(precis_doc_paragraph_count(d), 2);
	cr_expect_str_eq(para(d, 0, b, sizeof b),
	                 "Le gouvernement a présenté mardi son projet de réforme des "
	                 "retraites, qui prévoit un report progressif de l'âge légal de départ "
	                 "à 64 ans d'ici à 2030. « Nous devons sauver notre système par "
	                 "répartition », a déclaré la Première ministre devant les députés, "
	                 "sous les huées d'une partie de l'hémicycle. Les syndicats, unanimes, "
	                 "appellent à une journée de grève.");
	cr_expect(strncmp(para(d, 1, b, sizeof b), "La porte-parole", 15) == 0);
	precis_doc_free(d);
}

Test(normalize, wrapped_paragraphs_without_blank_lines_split_on_short_lines)
{
	/* Wrapped at 72 columns, paragraphs told apart only by a short last
	 * line: the next line's first word would have fitted on it. */
	struct precis_doc *d = norm(
		"The council voted on Tuesday to close the old library on Main Street,\n"
		"citing a budget gap that has grown every year since the pandemic and\n"
		"a building that no longer meets the fire code.\n"
		"Residents who packed the hall said the vote came as a shock. Many had\n"
		"signed a petition asking for a delay until the autumn, when a report\n"
		"on the cost of repairs is due.\n"
		"The mayor said she understood the anger but that the city could not\n"
		"keep paying for a building it cannot insure. A final decision on the\n"
		"site is expected next month.\n");
	cr_assert_eq(precis_doc_paragraph_count(d), 3);
	char b[1024];
	cr_expect(strncmp(para(d, 1, b, sizeof b), "Residents who packed", 20) == 0);
	cr_expect(strstr(para(d, 1, b, sizeof b), "a report on the cost"));
	precis_doc_free(d);
}

Test(normalize, a_wrapper_that_counts_bytes)
{
	/* Wrapped at 44 bytes (as fold does): "été." has room for "Une" in
	 * code points, not in bytes, so the line was full. One paragraph. */
	struct precis_doc *d = norm("Les élus de la région dénoncent des\n"
	                            "pressions répétées sur leurs équipes.\n"
	                            "Élisabeth Martin, élue écologiste, a\n"
	                            "été menacée à deux reprises cet été.\n"
	                            "Une enquête a été ouverte par le parquet\n"
	                            "de Sète, précise la préfecture. Les\n"
	                            "promoteurs démentent toute intimidation et\n"
	                            "évoquent des « rumeurs ». Ils ont été\n"
	                            "reçus à l’hôtel de région mardi, sans\n"
	                            "résultat concret.\n");
	cr_expect_eq(precis_doc_paragraph_count(d), 1);
	precis_doc_free(d);
}

Test(normalize, indented_first_lines_start_paragraphs)
{
	struct precis_doc *d = norm(
		"    The council voted on Tuesday to close the old library on Main\n"
		"Street, citing a budget gap that has grown every year since the\n"
		"pandemic and a building that no longer meets the fire code. It was\n"
		"built in 1911.\n"
		"    Residents who packed the hall said the vote came as a shock and\n"
		"that many had signed a petition asking for a delay until autumn.\n");
	cr_assert_eq(precis_doc_paragraph_count(d), 2);
	precis_doc_free(d);
}

Test(normalize, one_paragraph_per_line_stays_apart)
{
	/* Long lines of varying length that end sentences, no blank lines. */
	const char *in =
		"Several regional councils have accused a group of property developers, "
		"described as close to the ruling party, of leading a campaign of pressure "
		"against elected officials who opposed a new motorway.\n"
		"The prosecutor's office, for its part, opened an inquiry.\n"
		"For the mayor of the town, who was warned last year by the police of threats "
		"against her family, “the silence of the ministry contrasts with the courage of "
		"local officials. It is incredible that nobody in the capital has reacted”, "
		"said the councillor, who added: “We will not give in!”\n"
		"A decision is expected in the spring.\n"
		"The motorway project, first announced in 2019, would cross three nature reserves "
		"and cost more than two billion euros according to the latest estimate.\n";
	struct precis_doc *d = norm(in);
	cr_assert_eq(precis_doc_paragraph_count(d), 5);
	char b[1024];
	cr_expect_str_eq(para(d, 3, b, sizeof b), "A decision is expected in the spring.");
	precis_doc_free(d);
}

Test(normalize, blank_lines_separate_paragraphs)
{
	expect("Premier.\n\nDeuxième.\n \t \nTroisième.\n\xC2\xA0\n\n\nQuatrième.",
	       "Premier.\n\nDeuxième.\n\nTroisième.\n\nQuatrième.\n");
	/* A lowercase start never joins across a blank line. */
	expect("Le vent\n\nsouffle.", "Le vent\n\nsouffle.\n");
}

Test(normalize, lowercase_start_and_open_endings_join_short_texts)
{
	expect("La mairie a confirmé la fermeture\ndu musée jusqu'en mars.",
	       "La mairie a confirmé la fermeture du musée jusqu'en mars.\n");
	/* A line ending on an article or a preposition was wrapped. */
	expect("Le ministre a rencontré mardi les représentants de\nGreenpeace France.",
	       "Le ministre a rencontré mardi les représentants de Greenpeace France.\n");
	expect("The minister met on Tuesday with the leaders of the\nGreen Party.",
	       "The minister met on Tuesday with the leaders of the Green Party.\n");
	/* A long line ending on a comma was wrapped too. */
	expect("Selon le ministre de l'Intérieur et des Outre-mer,\nGérald Darmanin, non.",
	       "Selon le ministre de l'Intérieur et des Outre-mer, Gérald Darmanin, non.\n");
	/* Two short sentences: two paragraphs. */
	expect("Il pleut.\nLe vent souffle.", "Il pleut.\n\nLe vent souffle.\n");
}

Test(normalize, hyphenated_words_are_rejoined)
{
	expect("Il défend la démo-\ncratie locale.", "Il défend la démocratie locale.\n");
	expect("an inter-\nnational deal", "an international deal\n");
	expect("la démo-\r\ncratie", "la démocratie\n");
}

Test(normalize, hyphens_that_belong_to_the_word_stay)
{
	/* A capital after the hyphen. */
	expect("Il est né à Saint-\nÉtienne en 1950.", "Il est né à Saint-Étienne en 1950.\n");
	expect("la vague de COVID-\n19 est passée", "la vague de COVID-19 est passée\n");
	/* Compounds from lang/ lists. */
	expect("La porte-\nparole a parlé.", "La porte-parole a parlé.\n");
	expect("a well-\nknown fact", "a well-known fact\n");
	expect("Que dit-\nil ?", "Que dit-il ?\n");
	/* A word already hyphenated before the cut. */
	expect("c'est-à-\ndire demain", "c'est-à-dire demain\n");
}

Test(normalize, pronouns_stay_after_a_verb_and_deictics_after_a_demonstrative)
{
	/* lang/fr/hyphen-compounds.txt: "-les after-ending e s z" and the like. */
	expect("Range-\nles dans le placard.", "Range-les dans le placard.\n");
	expect("Le maire, poursuit-\nelle, a menti.", "Le maire, poursuit-elle, a menti.\n");
	expect("Vont-\nils céder ?", "Vont-ils céder ?\n");
	expect("Pensez-\nvous gagner ?", "Pensez-vous gagner ?\n");
	expect("Tais-\ntoi donc.", "Tais-toi donc.\n");
	/* "-ci after-word ce cet cette ces", up to two words back. */
	expect("Ce mois-\nci, le prix monte.", "Ce mois-ci, le prix monte.\n");
	expect("Ces deux années-\nlà furent dures.", "Ces deux années-là furent dures.\n");
	/* Out of its company, but inside a chain of hyphens. */
	expect("Un pot-\nau-feu et un arc-\nen-ciel.", "Un pot-au-feu et un arc-en-ciel.\n");
}

Test(normalize, pronoun_endings_of_plain_words_are_rejoined)
{
	/* The same letters end plain words: no verb, no demonstrative before. */
	expect("Les routes rura-\nles sont fermées.", "Les routes rurales sont fermées.\n");
	expect("Le public remer-\ncie les bénévoles.", "Le public remercie les bénévoles.\n");
	expect("Elle en par-\nle peu.", "Elle en parle peu.\n");
	expect("Et voi-\nlà le résultat.", "Et voilà le résultat.\n");
	expect("La dou-\nleur persiste.", "La douleur persiste.\n");
	expect("Une collision mor-\ntelle.", "Une collision mortelle.\n");
}

Test(normalize, the_document_shows_which_form_a_word_takes)
{
	/* "contre-pouvoir" is written elsewhere, so the cut one keeps it... */
	expect("Un contre-pouvoir fort. Il faut un contre-\npouvoir.",
	       "Un contre-pouvoir fort. Il faut un contre-pouvoir.\n");
	/* ... and "cofondateur" is written whole, so the cut one is joined. */
	expect("Le cofondateur parle. Un autre co-\nfondateur se tait.",
	       "Le cofondateur parle. Un autre cofondateur se tait.\n");
}

Test(normalize, dashes_at_line_ends_are_punctuation)
{
	expect("Le vote \xE2\x80\x94\nà main levée", "Le vote \xE2\x80\x94 à main levée\n");
	expect("Le vote \xE2\x80\x93\nà main levée", "Le vote \xE2\x80\x93 à main levée\n");
	expect("Le vote -\nà main levée", "Le vote - à main levée\n");
}

Test(normalize, soft_hyphen_at_line_end_joins_the_halves)
{
	expect("la démo\xC2\xAD\nCratie", "la démoCratie\n");
	expect("la démo\xC2\xAD  \ncratie", "la démocratie\n");
}

Test(normalize, list_items_stay_on_their_own_lines)
{
	struct precis_doc *d = norm("La CFDT demande trois choses :\n"
	                            "- le retrait du texte ;\n"
	                            "* une conférence sociale ;\n"
	                            "\xE2\x80\xA2 un calendrier.\n"
	                            "1. premier point\n"
	                            "2) second point\n"
	                            "a) troisième point\n"
	                            "\xE2\x80\x93 dernier point\n"
	                            "Fin du communiqué.\n");
	cr_expect_str_eq(text(d), "La CFDT demande trois choses :\n\n"
	                          "- le retrait du texte ;\n"
	                          "* une conférence sociale ;\n"
	                          "\xE2\x80\xA2 un calendrier.\n"
	                          "1. premier point\n"
	                          "2) second point\n"
	                          "a) troisième point\n"
	                          "\xE2\x80\x93 dernier point\n\n"
	                          "Fin du communiqué.\n");
	cr_assert_eq(precis_doc_paragraph_count(d), 9);
	cr_expect_not(precis_doc_paragraph(d, 0)->list_item);
	for (size_t i = 1; i < 8; i++)
		cr_expect(precis_doc_paragraph(d, i)->list_item, "item %zu", i);
	cr_expect_not(precis_doc_paragraph(d, 8)->list_item);
	precis_doc_free(d);
}

Test(normalize, list_item_continuations_are_joined)
{
	expect("- le retrait du texte qui a été présenté\n  en conseil des ministres ;\n"
	       "- une conférence sociale.",
	       "- le retrait du texte qui a été présenté en conseil des ministres ;\n"
	       "- une conférence sociale.\n");
}

Test(normalize, dialogue_turns_stay_on_their_own_lines)
{
	struct precis_doc *d = norm("\xE2\x80\x94 Et maintenant ? demande un militant.\n"
	                            "\xE2\x80\x94 on continue, répond-il.\n");
	cr_expect_eq(precis_doc_paragraph_count(d), 2);
	cr_expect_not(precis_doc_paragraph(d, 0)->list_item);
	precis_doc_free(d);
}

Test(normalize, short_headings_stay_on_their_own_line)
{
	struct precis_doc *d = norm("Réforme des retraites\n"
	                            "Le gouvernement a présenté mardi son projet de réforme.\n"
	                            "\n"
	                            "Une mobilisation record\n"
	                            "\n"
	                            "Les syndicats ont compté plus d'un million de manifestants.\n");
	cr_assert_eq(precis_doc_paragraph_count(d), 4);
	cr_expect(precis_doc_paragraph(d, 0)->heading);
	cr_expect_not(precis_doc_paragraph(d, 1)->heading);
	cr_expect(precis_doc_paragraph(d, 2)->heading);
	cr_expect_not(precis_doc_paragraph(d, 3)->heading);
	precis_doc_free(d);

	/* Not headings: the last line, a sentence, a line that goes on. */
	d = norm("Il pleut.\n\nFin\n");
	cr_expect_not(precis_doc_paragraph(d, 0)->heading);
	cr_expect_not(precis_doc_paragraph(d, 1)->heading);
	precis_doc_free(d);
}

/* ---- the offset map ---- */

/* The source bytes that text span [s, e) maps to. The end is looked up as
 * an offset of its own: inside a replacement (é from e + U+0301) every byte
 * maps to the start of what it replaced. */
static void source_span(const struct precis_doc *d, size_t s, size_t e, size_t *ss,
                        size_t *se)
{
	*ss = precis_doc_source_offset(d, s);
	*se = precis_doc_source_offset(d, e);
}

static void expect_maps_back(const struct precis_doc *d, const char *src, const char *word,
                             const char *src_form)
{
	const char *t = text(d);
	const char *hit = strstr(t, word);
	cr_assert_not_null(hit, "\"%s\" not in the text", word);
	size_t s = (size_t)(hit - t), ss, se;
	source_span(d, s, s + strlen(word), &ss, &se);
	cr_expect_eq(se - ss, strlen(src_form), "\"%s\" maps to %zu bytes", word, se - ss);
	cr_expect(strncmp(src + ss, src_form, strlen(src_form)) == 0,
	          "\"%s\" maps to \"%.*s\"", word, (int)(se - ss), src + ss);
}

Test(normalize, offsets_map_back_to_the_source_bytes)
{
	const char *src =
		"\xEF\xBB\xBFLe  gouvernement a pr\xC3\xA9sent\xC3\xA9 mardi son projet de\r\n"
		"r\xC3\xA9\x66orme des retraites, qui pr\xC3\xA9voit un report progressif\r\n"
		"de l'\xC3\xA2ge l\xC3\xA9gal, au nom de la d\xC3\xA9mo-\r\n"
		"cratie sociale et de l'\xC3\xA9quilibre des comptes, \xC3\xA0 Saint-\r\n"
		"\xC3\x89tienne comme \xC3\xA0 Lille, dans un contexte de tensions\r\n"
		"tr\xC3\xA8s vives avec les syndicats et une partie de la majorit\xC3\xA9.\r\n"
		"\r\n"
		"Les   syndicats\t ont r\xC3\xA9pondu par la gr\xC3\xA8ve d\xC3\xA8s jeudi.\r\n";
	struct precis_doc *d = precis_doc_new("crlf");
	struct precis_error err;
	cr_assert_eq(precis_decode(d, src, strlen(src), NULL, &err), PRECIS_OK);
	cr_assert_eq(precis_normalize_langs(d, langs, &err), PRECIS_OK);
	check_shape(d);
	cr_assert_eq(precis_doc_paragraph_count(d), 2);
	expect_maps_back(d, src, "gouvernement", "gouvernement");
	expect_maps_back(d, src, "réforme", "réforme");
	expect_maps_back(d, src, "progressif", "progressif");
	expect_maps_back(d, src, "syndicats ont", "syndicats\t ont");
	expect_maps_back(d, src, "majorité.", "majorité.");
	expect_maps_back(d, src, "démocratie", "démo-\r\ncratie");
	expect_maps_back(d, src, "Saint-Étienne", "Saint-\r\nÉtienne");
	expect_maps_back(d, src, "projet de réforme", "projet de\r\nréforme");
	/* The paragraph's end and the text's end. */
	const struct precis_para *p = precis_doc_paragraph(d, 1);
	cr_expect_eq(precis_doc_source_offset(d, p->span.start),
	             (size_t)(strstr(src, "Les") - src));
	size_t len;
	precis_doc_text(d, &len);
	cr_expect_eq(precis_doc_source_offset(d, len), strlen(src));
	precis_doc_free(d);
}

Test(normalize, offsets_follow_character_repairs)
{
	/* NFC, a ligature, a dropped ZWSP, a fullwidth letter. */
	const char *src = "L'e\xCC\x81te\xCC\x81 \xEF\xAC\x81nal, Pe\xE2\x80\x8Bkin et "
	                  "\xEF\xBC\xA1PT.";
	struct precis_doc *d = norm(src);
	cr_assert_str_eq(text(d), "L'été final, Pekin et APT.\n");
	expect_maps_back(d, src, "été", "e\xCC\x81te\xCC\x81");
	expect_maps_back(d, src, "final", "\xEF\xAC\x81nal");
	expect_maps_back(d, src, "Pekin", "Pe\xE2\x80\x8Bkin");
	expect_maps_back(d, src, "APT", "\xEF\xBC\xA1PT");
	precis_doc_free(d);
}

/* ---- edges ---- */

Test(normalize, empty_input)
{
	struct precis_doc *d = norm("");
	cr_expect_str_eq(text(d), "");
	cr_expect_eq(precis_doc_paragraph_count(d), 0);
	cr_expect_eq(precis_doc_source_offset(d, 0), 0);
	precis_doc_free(d);
}

Test(normalize, only_newlines_and_invisibles)
{
	struct precis_doc *d = norm("\n\n\r\n \t\n\xE2\x80\xA8\xE2\x80\x8B\xC2\xAD\n\xEF\xBB\xBF");
	cr_expect_str_eq(text(d), "");
	cr_expect_eq(precis_doc_paragraph_count(d), 0);
	precis_doc_free(d);
}

Test(normalize, normalizing_twice_changes_nothing)
{
	struct precis_doc *d = norm(wrapped_fr);
	size_t len;
	const char *once = precis_doc_text(d, &len);
	struct precis_doc *e = norm_n(once, len);
	cr_expect_str_eq(text(e), once);
	cr_expect_eq(precis_doc_paragraph_count(e), precis_doc_paragraph_count(d));
	precis_doc_free(e);
	precis_doc_free(d);
}

Test(normalize, works_without_language_data)
{
	struct precis_doc *d = precis_doc_new("plain");
	const char *s = "La démo-\ncratie\r\n\r\nFin.";
	struct px_offmap m;
	px_offmap_identity(&m, strlen(s));
	px_doc_set_text(d, strdup(s), strlen(s), &m);
	cr_assert_eq(precis_normalize(d, NULL), PRECIS_OK);
	cr_expect_str_eq(text(d), "La démocratie\n\nFin.\n");
	precis_doc_free(d);
}

Test(normalize, a_ten_megabyte_line)
{
	size_t n = 6 * ((10u << 20) / 6 + 1); /* a little over 10 MB */
	char *s = malloc(n + 1);
	for (size_t i = 0; i < n; i++)
		s[i] = "mot  \t"[i % 6];
	s[n] = '\0';
	struct precis_doc *d = norm_n(s, n);
	cr_assert_eq(precis_doc_paragraph_count(d), 1);
	size_t len;
	const char *t = precis_doc_text(d, &len);
	cr_expect_eq(len, n / 6 * 4); /* "mot " each, the last space gone, "\n" added */
	cr_expect(strncmp(t, "mot mot mot ", 12) == 0);
	cr_expect_eq(precis_doc_source_offset(d, 4), 6);
	free(s);
	precis_doc_free(d);
}

Test(normalize, many_short_lines)
{
	/* Millions of lines: no per-line storage, no quadratic step. */
	size_t lines = 2u << 20;
	char *s = malloc(lines * 2 + 1);
	for (size_t i = 0; i < lines; i++) {
		s[2 * i] = i % 3 ? 'a' : '-';
		s[2 * i + 1] = '\n';
	}
	s[lines * 2] = '\0';
	struct precis_doc *d = norm_n(s, lines * 2);
	cr_expect(precis_doc_paragraph_count(d) > 0);
	free(s);
	precis_doc_free(d);
}

/* ---- properties over random text made of the pieces that matter ---- */

static const char *const pieces[] = {
	"a", "Le", "mot", "\xC3\xA9", "e\xCC\x81", "\xCC\x81", " ", "  ", "\t", "\n", "\n\n",
	"\r\n", "\r", "\f", "-", "- ", "\xE2\x80\x94 ", "\xE2\x80\x93", "\xC2\xAB ", " \xC2\xBB",
	"\xC2\xAD", "\xE2\x80\x8B", "\xEF\xBB\xBF", "\xE2\x80\xA8", "\xE2\x80\xA9", "\xC2\x85",
	"\xEF\xAC\x81", "\xEF\xBC\xA1", "\xE3\x80\x80", "1. ", "a) ", "Saint-", "porte-",
	"\xC2\xA0", "\xE2\x80\xAF", ".", "?", ",", "de", "\x01", "\x7F", "\xC2\x81", "\xE2\x80\x8F",
	"\xE1\x84\x80", "\xE1\x85\xA1", "x", "Titre", "\xE2\x80\xA2 ",
};

static char *random_text(unsigned *seed, size_t *len)
{
	size_t n = 1 + (size_t)(rand_r(seed) % 60), cap = 64, used = 0;
	char *s = malloc(cap);
	for (size_t i = 0; i < n; i++) {
		const char *p = pieces[rand_r(seed) % (sizeof pieces / sizeof *pieces)];
		size_t k = strlen(p);
		if (used + k + 1 > cap) {
			cap = (used + k + 1) * 2;
			s = realloc(s, cap);
		}
		memcpy(s + used, p, k);
		used += k;
	}
	s[used] = '\0';
	*len = used;
	return s;
}

Test(normalize, random_text_keeps_every_promise)
{
	unsigned seed = 20240611;
	for (int round = 0; round < 3000; round++) {
		size_t n;
		char *s = random_text(&seed, &n);
		struct precis_doc *d = norm_n(s, n); /* checks the shape */
		size_t len;
		const char *t = precis_doc_text(d, &len);
		/* The map goes forward and stays inside the source. */
		size_t prev = 0;
		for (size_t i = 0; i <= len; i++) {
			size_t o = precis_doc_source_offset(d, i);
			cr_assert(o <= n, "round %d: offset %zu maps past the source", round, i);
			cr_assert(o >= prev, "round %d: offset %zu maps backwards", round, i);
			prev = o;
		}
		/* Normalizing again changes nothing. */
		struct precis_doc *e = norm_n(t, len);
		cr_assert_str_eq(text(e), t, "round %d: not idempotent on \"%s\"", round, s);
		precis_doc_free(e);
		precis_doc_free(d);
		free(s);
	}
}
