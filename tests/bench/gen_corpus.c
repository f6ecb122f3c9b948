/*
 * gen_corpus.c — a deterministic corpus of press-like French and English
 * articles for benchmarks (not tests).
 *
 *   gen_corpus [--seed N] [--mb SIZE] --file PATH   one big file
 *   gen_corpus [--seed N] [--mb SIZE] --dir DIR     one ~4 KB article a file
 *
 * Articles are built from templates and word lists written for this file:
 * a title, paragraphs of 2 to 6 sentences with quotes and their attribution,
 * titles and abbreviations (M., Mme, Dr, U.S., p.m., etc.), initials,
 * numbers, money and percentages in each language's style, then a byline and
 * web boilerplate at the end, as in scraped press articles. Half French,
 * half English. The same seed gives the same bytes.
 *
 * Build: cc -O2 -o gen_corpus gen_corpus.c
 */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static uint32_t rnd(uint32_t n)
{
	/* xorshift64*: fast, and the same everywhere. */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 0x2545F4914F6CDD1Dull) >> 33) % n;
}

#define PICK(a) ((a)[rnd(N(a))])

/* A growable output buffer for one article. */
struct out {
	char *p;
	size_t len, cap;
};

static void put(struct out *o, const char *s, size_t n)
{
	if (o->len + n + 1 > o->cap) {
		o->cap = (o->len + n + 1) * 2;
		o->p = realloc(o->p, o->cap);
		if (!o->p) {
			fputs("gen_corpus: out of memory\n", stderr);
			exit(1);
		}
	}
	memcpy(o->p + o->len, s, n);
	o->len += n;
	o->p[o->len] = '\0';
}

static void puts_(struct out *o, const char *s)
{
	put(o, s, strlen(s));
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void putf(struct out *o, const char *fmt, ...);

static void putf(struct out *o, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	put(o, buf, n < (int)sizeof buf ? (size_t)n : sizeof buf - 1);
}

/* ---- word lists ------------------------------------------------------------ */

struct lang {
	const char *const *titles;
	size_t ntitles;
	const char *const *roles;
	size_t nroles;
	const char *const *orgs;
	size_t norgs;
	const char *const *places;
	size_t nplaces;
	const char *const *topics;
	size_t ntopics;
	const char *const *verbs; /* reporting verbs after a quote */
	size_t nverbs;
	const char *const *quotes;
	size_t nquotes;
	const char *const *months;
	size_t nmonths;
	const char *const *boiler;
	size_t nboiler;
	const char *const *heads;
	size_t nheads;
	const char *open_q, *close_q; /* quotation marks, spaces included */
	const char *byline;
};

static const char *const first_names[] = {
	"Claire", "Antoine", "Nadia", "Julien", "Sophie", "Karim", "Élodie", "Thomas",
	"Mathilde", "Yves", "Inès", "Laurent", "Sarah", "David", "Emily", "James",
	"Olivia", "Michael", "Grace", "Daniel", "Hannah", "Robert", "Aisha", "Peter",
};
static const char *const last_names[] = {
	"Lefèvre", "Moreau", "Garnier", "Rousseau", "Benali", "Dupuis", "Marchand",
	"Lambert", "Fontaine", "Chevalier", "Nguyen", "Mercier", "Thompson", "Walker",
	"Hughes", "O’Brien", "Patel", "Robinson", "Clarke", "Bennett", "Van Damme",
	"De Smet", "Tremblay", "Gagnon",
};

#define L(a) a, N(a)

static const char *const fr_titles[] = {"M.", "Mme", "Dr", "Pr", "Me"};
static const char *const fr_roles[] = {
	"porte-parole", "directrice générale", "président", "ministre de l’Économie",
	"secrétaire d’État", "maire", "députée", "économiste", "avocat", "syndicaliste",
};
static const char *const fr_orgs[] = {
	"la Cour des comptes", "l’Insee", "la SNCF", "le Conseil d’État",
	"la Commission européenne", "l’O.N.U.", "la Banque de France", "le Sénat",
	"l’Assemblée nationale", "la CGT", "le Medef", "l’OCDE", "la Ville de Lyon",
};
static const char *const fr_places[] = {
	"Paris", "Lyon", "Marseille", "Bruxelles", "Genève", "Montréal", "Liège",
	"Lausanne", "Québec", "Toulouse", "Nantes", "Saint-Étienne", "Bordeaux",
};
static const char *const fr_topics[] = {
	"la réforme des retraites", "le budget de l’État", "la transition énergétique",
	"le prix de l’électricité", "la sécurité des données", "le logement social",
	"les transports publics", "la dette publique", "l’assurance chômage",
	"la cybersécurité", "l’hôpital public", "l’agriculture biologique",
};
static const char *const fr_verbs[] = {
	"a déclaré", "a affirmé", "a estimé", "a reconnu", "a expliqué", "a rappelé",
	"a souligné", "assure", "insiste", "tranche", "regrette",
};
static const char *const fr_quotes[] = {
	"Nous ne reculerons pas",
	"La situation est sérieuse, mais pas désespérée",
	"Il faut agir vite et bien",
	"Ce projet est mal préparé",
	"Personne ne nous a consultés",
	"Les chiffres parlent d’eux-mêmes",
	"C’est une étape importante pour les habitants",
	"Nous attendons des actes, pas des promesses",
	"On ne peut pas continuer ainsi",
	"L’État doit prendre ses responsabilités",
};
static const char *const fr_months[] = {
	"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
	"septembre", "octobre", "novembre", "décembre",
};
static const char *const fr_boiler[] = {
	"Partager sur Facebook", "Partager sur Twitter", "Envoyer par e-mail",
	"Laisser un commentaire",
	"Votre adresse e-mail ne sera pas publiée. Les champs obligatoires sont indiqués avec *",
	"Lire aussi : Le budget de la Ville adopté après six heures de débat",
	"Abonnez-vous à notre lettre d’information",
	"Ce site utilise des cookies pour améliorer votre expérience.",
};
static const char *const fr_heads[] = {
	"Un budget sous tension", "Les syndicats haussent le ton", "Le gouvernement temporise",
	"Une réforme contestée", "Les élus divisés", "Ce qui change au 1er janvier",
};

static const struct lang fr = {
	L(fr_titles), L(fr_roles), L(fr_orgs), L(fr_places), L(fr_topics), L(fr_verbs),
	L(fr_quotes), L(fr_months), L(fr_boiler), L(fr_heads),
	"« ", " »", "Par",
};

static const char *const en_titles[] = {"Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "Sen.", "Gov."};
static const char *const en_roles[] = {
	"a spokeswoman", "the chief executive", "the chairman", "the finance minister",
	"the mayor", "an economist", "a lawyer", "a union leader", "the governor",
};
static const char *const en_orgs[] = {
	"the Treasury", "the Federal Reserve", "the U.N.", "the European Commission",
	"the Office for National Statistics", "the Senate", "the city council",
	"the U.S. Department of Energy", "the Bank of England", "the OECD",
};
static const char *const en_places[] = {
	"London", "Washington", "New York", "Manchester", "Boston", "Dublin", "Toronto",
	"Chicago", "Edinburgh", "St. Louis", "Ottawa",
};
static const char *const en_topics[] = {
	"the pension reform", "the federal budget", "energy prices", "data security",
	"affordable housing", "public transport", "the national debt", "unemployment benefits",
	"cybersecurity", "hospital waiting lists", "farm subsidies",
};
static const char *const en_verbs[] = {
	"said", "added", "told reporters", "insisted", "warned", "argued", "explained",
};
static const char *const en_quotes[] = {
	"We will not back down",
	"The situation is serious but not hopeless",
	"We need to move fast and get it right",
	"This plan was badly prepared",
	"Nobody asked us",
	"The numbers speak for themselves",
	"It is an important step for local families",
	"We want action, not promises",
	"We cannot go on like this",
	"The government has to take responsibility",
};
static const char *const en_months[] = {
	"Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.",
	"Nov.", "Dec.",
};
static const char *const en_boiler[] = {
	"Share this:", "Facebook", "Twitter", "Email", "Please enter your comment!",
	"Please enter your name here", "More Posts - Website - Twitter - Facebook",
	"Sign up for our newsletter", "We use cookies to improve your experience.",
};
static const char *const en_heads[] = {
	"A budget under strain", "Unions raise their voice", "Ministers play for time",
	"A disputed reform", "Lawmakers split", "What changes in January",
};

static const struct lang en = {
	L(en_titles), L(en_roles), L(en_orgs), L(en_places), L(en_topics), L(en_verbs),
	L(en_quotes), L(en_months), L(en_boiler), L(en_heads),
	"“", "”", "By",
};

#define LPICK(l, f) ((l)->f[rnd((uint32_t)(l)->n##f)])

/* ---- sentences ---------------------------------------------------------------- */

static void person(struct out *o, const struct lang *l)
{
	switch (rnd(4)) {
	case 0: /* initials */
		putf(o, "%c. %s", "JMPADSCR"[rnd(8)], PICK(last_names));
		break;
	case 1:
		putf(o, "%s %s", PICK(first_names), PICK(last_names));
		break;
	default:
		putf(o, "%s %s", LPICK(l, titles), PICK(last_names));
	}
}

/* A full stop, unless an abbreviation already ends the sentence (U.N.). */
static void end_sentence(struct out *o)
{
	if (!o->len || o->p[o->len - 1] != '.')
		puts_(o, ".");
}

/* Numbers the way each language writes them. */
static void number(struct out *o, int french, int kind)
{
	unsigned a = rnd(900) + 2, b = rnd(10);
	if (kind == 0) /* percentage */
		putf(o, french ? "%u,%u %%" : "%u.%u percent", a % 60, b);
	else if (kind == 1) /* money */
		putf(o, french ? "%u,%u millions d’euros" : "$%u.%u million", a, b);
	else /* a count with thousands */
		putf(o, french ? "%u\u202f%03u" : "%u,%03u", a, rnd(1000));
}

static void sentence_fr(struct out *o)
{
	const struct lang *l = &fr;
	switch (rnd(12)) {
	case 0:
		person(o, l);
		putf(o, " %s que %s « reste une priorité » pour le gouvernement.", LPICK(l, verbs),
		     LPICK(l, topics));
		break;
	case 1:
		putf(o, "« %s », %s ", LPICK(l, quotes), LPICK(l, verbs));
		person(o, l);
		putf(o, ", %s de %s", LPICK(l, roles), LPICK(l, orgs));
		end_sentence(o);
		break;
	case 2:
		putf(o, "Selon %s, %s a coûté ", LPICK(l, orgs), LPICK(l, topics));
		number(o, 1, 1);
		putf(o, " en %u, soit une hausse de ", 2015 + rnd(10));
		number(o, 1, 0);
		puts_(o, " sur un an.");
		break;
	case 3:
		putf(o, "À %s, les habitants attendent toujours des réponses sur %s.",
		     LPICK(l, places), LPICK(l, topics));
		break;
	case 4:
		putf(o, "« Pourquoi maintenant ? %s ! » s’interroge ", LPICK(l, quotes));
		person(o, l);
		puts_(o, ".");
		break;
	case 5:
		putf(o, "Le texte, examiné le %u %s à %s, prévoit des aides, des prêts, des "
		        "garanties, etc. Les débats reprendront la semaine prochaine.",
		     1 + rnd(28), LPICK(l, months), LPICK(l, places));
		break;
	case 6:
		person(o, l);
		putf(o, " (%s) estime que ", LPICK(l, orgs));
		number(o, 1, 2);
		putf(o, " entreprises sont concernées, cf. le rapport, p. %u.", 3 + rnd(200));
		break;
	case 7:
		putf(o, "Interrogé par notre rédaction, l’entourage du ministre n’a pas "
		        "souhaité commenter %s.",
		     LPICK(l, topics));
		break;
	case 8:
		putf(o, "La réunion, prévue à %u h %02u, a finalement été reportée au %u %s.",
		     8 + rnd(12), rnd(4) * 15, 1 + rnd(28), LPICK(l, months));
		break;
	case 9:
		putf(o, "Depuis le début de l’année, %s a versé ", LPICK(l, orgs));
		number(o, 1, 1);
		putf(o, " aux communes de la région de %s.", LPICK(l, places));
		break;
	case 10:
		putf(o, "« %s. Nous le disons depuis des mois », %s ", LPICK(l, quotes),
		     LPICK(l, verbs));
		person(o, l);
		puts_(o, ".");
		break;
	default:
		putf(o, "Le dossier de %s devrait revenir devant %s à l’automne.", LPICK(l, topics),
		     LPICK(l, orgs));
	}
}

static void sentence_en(struct out *o)
{
	const struct lang *l = &en;
	switch (rnd(12)) {
	case 0:
		person(o, l);
		putf(o, " %s that %s “remains a priority” for the government.", LPICK(l, verbs),
		     LPICK(l, topics));
		break;
	case 1:
		putf(o, "“%s,” %s ", LPICK(l, quotes), LPICK(l, verbs));
		person(o, l);
		putf(o, ", %s at %s", LPICK(l, roles), LPICK(l, orgs));
		end_sentence(o);
		break;
	case 2:
		putf(o, "According to %s, %s cost ", LPICK(l, orgs), LPICK(l, topics));
		number(o, 0, 1);
		putf(o, " in %u, up ", 2015 + rnd(10));
		number(o, 0, 0);
		puts_(o, " on the year.");
		break;
	case 3:
		putf(o, "In %s, residents are still waiting for answers on %s.", LPICK(l, places),
		     LPICK(l, topics));
		break;
	case 4:
		putf(o, "“Why now? %s!” asked ", LPICK(l, quotes));
		person(o, l);
		puts_(o, ".");
		break;
	case 5:
		putf(o, "The bill, debated on %s %u in %s, includes grants, loans, guarantees, "
		        "etc. Talks resume next week.",
		     LPICK(l, months), 1 + rnd(28), LPICK(l, places));
		break;
	case 6:
		person(o, l);
		putf(o, " of %s estimates that ", LPICK(l, orgs));
		number(o, 0, 2);
		putf(o, " companies are affected, e.g. in the report's annex, p. %u.", 3 + rnd(200));
		break;
	case 7:
		putf(o, "Asked about the plan, the office of %s declined to comment.",
		     LPICK(l, roles));
		break;
	case 8:
		putf(o, "The meeting, set for %u:%02u p.m., was pushed back to %s %u.",
		     1 + rnd(11), rnd(4) * 15, LPICK(l, months), 1 + rnd(28));
		break;
	case 9:
		putf(o, "Since January, %s has paid ", LPICK(l, orgs));
		number(o, 0, 1);
		putf(o, " to towns around %s.", LPICK(l, places));
		break;
	case 10:
		putf(o, "“%s. We have been saying it for months,” %s ", LPICK(l, quotes),
		     LPICK(l, verbs));
		person(o, l);
		puts_(o, ".");
		break;
	default:
		putf(o, "The case of %s is expected to go back before %s in the fall.",
		     LPICK(l, topics), LPICK(l, orgs));
	}
}

/* One article of about `target` bytes. */
static void article(struct out *o, size_t target)
{
	int french = rnd(2) == 0;
	const struct lang *l = french ? &fr : &en;
	void (*sentence)(struct out *) = french ? sentence_fr : sentence_en;
	size_t start = o->len;

	putf(o, "%s\n\n", LPICK(l, heads));
	while (o->len - start < target - target / 8) {
		if (rnd(8) == 0)
			putf(o, "%s\n\n", LPICK(l, heads));
		unsigned n = 2 + rnd(5);
		for (unsigned i = 0; i < n; i++) {
			if (i)
				puts_(o, " ");
			sentence(o);
		}
		puts_(o, "\n\n");
	}
	putf(o, "%s %s %s\n\n", l->byline, PICK(first_names), PICK(last_names));
	unsigned nb = 2 + rnd(4);
	for (unsigned i = 0; i < nb; i++)
		putf(o, "%s\n", LPICK(l, boiler));
}

static void usage(void)
{
	fputs("usage: gen_corpus [--seed N] [--mb SIZE] (--file PATH | --dir DIR)\n", stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	const char *file = NULL, *dir = NULL;
	unsigned long long seed = 1;
	double mb = 64;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--seed") && i + 1 < argc)
			seed = strtoull(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--mb") && i + 1 < argc)
			mb = strtod(argv[++i], NULL);
		else if (!strcmp(argv[i], "--file") && i + 1 < argc)
			file = argv[++i];
		else if (!strcmp(argv[i], "--dir") && i + 1 < argc)
			dir = argv[++i];
		else
			usage();
	}
	if (!file == !dir || mb <= 0)
		usage();
	rng_state ^= seed * 0xD1B54A32D192ED03ull;
	if (!rng_state)
		rng_state = 1;

	size_t want = (size_t)(mb * 1024 * 1024), total = 0, files = 0;
	FILE *big = NULL;
	if (file && !(big = fopen(file, "wb"))) {
		fprintf(stderr, "gen_corpus: '%s': %s\n", file, strerror(errno));
		return 1;
	}
	if (dir && mkdir(dir, 0755) < 0 && errno != EEXIST) {
		fprintf(stderr, "gen_corpus: '%s': %s\n", dir, strerror(errno));
		return 1;
	}
	struct out o = {0};
	while (total < want) {
		o.len = 0;
		article(&o, 3000 + rnd(2200));
		if (big) {
			if (total)
				fputs("\n", big);
			fwrite(o.p, 1, o.len, big);
		} else {
			char path[4096];
			/* Two levels, so no directory holds tens of thousands. */
			snprintf(path, sizeof path, "%s/%03zu", dir, files / 1000);
			if (files % 1000 == 0 && mkdir(path, 0755) < 0 && errno != EEXIST) {
				fprintf(stderr, "gen_corpus: '%s': %s\n", path, strerror(errno));
				return 1;
			}
			snprintf(path, sizeof path, "%s/%03zu/article-%06zu.txt", dir, files / 1000,
			         files);
			FILE *f = fopen(path, "wb");
			if (!f || fwrite(o.p, 1, o.len, f) != o.len || fclose(f) != 0) {
				fprintf(stderr, "gen_corpus: '%s': %s\n", path, strerror(errno));
				return 1;
			}
		}
		total += o.len + (big && total ? 1 : 0);
		files++;
	}
	if (big && fclose(big) != 0) {
		fprintf(stderr, "gen_corpus: '%s': %s\n", file, strerror(errno));
		return 1;
	}
	free(o.p);
	printf("%zu bytes, %zu articles\n", total, files);
	return 0;
}
