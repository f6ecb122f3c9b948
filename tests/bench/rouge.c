/*
 * rouge: ROUGE-1 and ROUGE-2 (recall, precision, F1) between candidate and
 * reference summaries, for the summarizer benchmark (issue #5).
 *
 *   rouge [--stem LANG] < pairs   each line: CANDIDATE_FILE REFERENCE_FILE [LANG]
 *   rouge --self-test
 *
 * Standalone on purpose: libc only, so that the figures do not depend on
 * the library under test. Build: cc -std=c11 -O2 -o rouge rouge.c -lm
 * With -DROUGE_STEMMER -lstemmer, --stem LANG (a Snowball name or code:
 * fr, french, en, english) stems every token first; a pair line's third
 * field, when there is one, names the stemmer for that pair instead.
 *
 * Tokens are lowercased runs of letters and digits; everything else (space,
 * punctuation, apostrophes, hyphens, no-break spaces) separates them, so
 * l’État gives "l" and "état". Lowercasing and the letter test cover Latin
 * (ASCII, Latin-1, Extended-A and B), Greek and Cyrillic without ICU: press
 * text in the languages precis reads. Scores are those of ROUGE 1.5.5
 * without stemming or stopword removal: clipped n-gram counts, F1 with
 * alpha 0.5, macro average over the pairs.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef ROUGE_STEMMER
#include <libstemmer.h>
static struct sb_stemmer *stemmer;	/* of the pair being scored */
static const char *stem_lang;		/* --stem, NULL: no stemming */
static struct {
	char name[32];
	struct sb_stemmer *st;
} stemmers[16];

static struct sb_stemmer *stemmer_for(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(stemmers) / sizeof(stemmers[0]); i++) {
		if (!stemmers[i].st) {
			stemmers[i].st = sb_stemmer_new(name, "UTF_8");
			if (!stemmers[i].st)
				return NULL;
			snprintf(stemmers[i].name, sizeof(stemmers[i].name),
				 "%s", name);
			return stemmers[i].st;
		}
		if (strcmp(stemmers[i].name, name) == 0)
			return stemmers[i].st;
	}
	return NULL;
}
#endif

struct toks {
	char **v;
	size_t n, cap;
};

struct score {
	double r, p, f;
};

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p) {
		fputs("rouge: out of memory\n", stderr);
		exit(2);
	}
	return p;
}

/* Decodes one UTF-8 sequence; a bad byte is returned as U+FFFD, one byte. */
static unsigned long utf8_next(const unsigned char *s, size_t n, size_t *len)
{
	unsigned long c = s[0];
	size_t k, i;

	if (c < 0x80) {
		*len = 1;
		return c;
	}
	if ((c & 0xe0) == 0xc0) {
		k = 2;
		c &= 0x1f;
	} else if ((c & 0xf0) == 0xe0) {
		k = 3;
		c &= 0x0f;
	} else if ((c & 0xf8) == 0xf0) {
		k = 4;
		c &= 0x07;
	} else {
		*len = 1;
		return 0xfffd;
	}
	if (k > n) {
		*len = 1;
		return 0xfffd;
	}
	for (i = 1; i < k; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*len = 1;
			return 0xfffd;
		}
		c = (c << 6) | (s[i] & 0x3f);
	}
	*len = k;
	return c;
}

static size_t utf8_put(unsigned long c, char *out)
{
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xc0 | (c >> 6));
		out[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xe0 | (c >> 12));
		out[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		out[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (c >> 18));
	out[1] = (char)(0x80 | ((c >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((c >> 6) & 0x3f));
	out[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}

static int is_word_char(unsigned long c)
{
	if (c < 0x80)
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		       (c >= 'A' && c <= 'Z');
	if (c == 0xaa || c == 0xb5 || c == 0xba)
		return 1;
	if (c >= 0xc0 && c <= 0x24f)
		return c != 0xd7 && c != 0xf7;
	if (c >= 0x370 && c <= 0x3ff)
		return c != 0x37e && c != 0x387;
	if (c >= 0x400 && c <= 0x52f)
		return c < 0x482 || c > 0x489;
	/* Punctuation, spaces and symbols of the BMP blocks press text uses. */
	if ((c >= 0x80 && c <= 0xbf) || (c >= 0x2000 && c <= 0x2bff) ||
	    (c >= 0x3000 && c <= 0x303f) || (c >= 0xfe30 && c <= 0xfe6f) ||
	    (c >= 0xff00 && c <= 0xff0f) || c == 0xfeff || c == 0xfffd)
		return 0;
	/* Other scripts: treated as letters, not lowercased. */
	return c >= 0x2c00;
}

static unsigned long lower(unsigned long c)
{
	if (c >= 'A' && c <= 'Z')
		return c + 0x20;
	if (c < 0xc0)
		return c;
	if (c <= 0xde)
		return c == 0xd7 ? c : c + 0x20;
	if (c >= 0x100 && c <= 0x137)
		return c | 1;
	if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17e))
		return (c & 1) ? c + 1 : c;
	if (c >= 0x14a && c <= 0x177)
		return c | 1;
	if (c == 0x178)
		return 0xff;
	if (c >= 0x391 && c <= 0x3ab && c != 0x3a2)
		return c + 0x20;
	if (c >= 0x410 && c <= 0x42f)
		return c + 0x20;
	if (c >= 0x400 && c <= 0x40f)
		return c + 0x50;
	return c;
}

static void toks_push(struct toks *t, const char *s, size_t n)
{
	char *w;

#ifdef ROUGE_STEMMER
	if (stemmer) {
		const sb_symbol *st = sb_stemmer_stem(
			stemmer, (const sb_symbol *)s, (int)n);
		if (st) {
			s = (const char *)st;
			n = (size_t)sb_stemmer_length(stemmer);
		}
	}
#endif
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 64;
		t->v = xrealloc(t->v, t->cap * sizeof(*t->v));
	}
	w = xrealloc(NULL, n + 1);
	memcpy(w, s, n);
	w[n] = '\0';
	t->v[t->n++] = w;
}

static void tokenize(const char *text, size_t n, struct toks *t)
{
	const unsigned char *s = (const unsigned char *)text;
	char *word = xrealloc(NULL, 4 * n + 4);
	size_t i = 0, wn = 0, len;

	while (i < n) {
		unsigned long c = utf8_next(s + i, n - i, &len);

		i += len;
		if (is_word_char(c)) {
			wn += utf8_put(lower(c), word + wn);
		} else if (wn) {
			toks_push(t, word, wn);
			wn = 0;
		}
	}
	if (wn)
		toks_push(t, word, wn);
	free(word);
}

static void toks_free(struct toks *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->v[i]);
	free(t->v);
	t->v = NULL;
	t->n = t->cap = 0;
}

/* N-grams as "w1\x01w2" strings; tokens hold no control character. */
static char **ngrams(const struct toks *t, size_t order, size_t *count)
{
	char **g;
	size_t i, k, n = t->n >= order ? t->n - order + 1 : 0;

	g = xrealloc(NULL, n * sizeof(*g));
	for (i = 0; i < n; i++) {
		size_t len = 0, off = 0;

		for (k = 0; k < order; k++)
			len += strlen(t->v[i + k]) + 1;
		g[i] = xrealloc(NULL, len);
		for (k = 0; k < order; k++) {
			size_t l = strlen(t->v[i + k]);

			memcpy(g[i] + off, t->v[i + k], l);
			off += l;
			g[i][off++] = k + 1 < order ? '\x01' : '\0';
		}
	}
	*count = n;
	return g;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_grams(char **g, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(g[i]);
	free(g);
}

static struct score rouge_n(const struct toks *cand, const struct toks *ref,
			    size_t order)
{
	struct score sc = { 0, 0, 0 };
	size_t nc, nr, i = 0, j = 0, hit = 0;
	char **gc = ngrams(cand, order, &nc), **gr = ngrams(ref, order, &nr);

	qsort(gc, nc, sizeof(*gc), cmp_str);
	qsort(gr, nr, sizeof(*gr), cmp_str);
	/* Sorted multisets: each equal pair met in the walk is one clipped
	 * match, min(count in candidate, count in reference) in all. */
	while (i < nc && j < nr) {
		int c = strcmp(gc[i], gr[j]);

		if (c == 0) {
			hit++;
			i++;
			j++;
		} else if (c < 0) {
			i++;
		} else {
			j++;
		}
	}
	sc.r = nr ? (double)hit / (double)nr : 0;
	sc.p = nc ? (double)hit / (double)nc : 0;
	sc.f = sc.r + sc.p > 0 ? 2 * sc.r * sc.p / (sc.r + sc.p) : 0;
	free_grams(gc, nc);
	free_grams(gr, nr);
	return sc;
}

static char *read_file(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0, r;

	if (!f)
		return NULL;
	do {
		if (cap - len < 4096) {
			cap = cap ? 2 * cap : 8192;
			buf = xrealloc(buf, cap);
		}
		r = fread(buf + len, 1, cap - len, f);
		len += r;
	} while (r > 0);
	if (ferror(f)) {
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	*n = len;
	return buf;
}

static int run_pairs(void)
{
	char line[8192], cpath[4096], rpath[4096], lang[32];
	struct score sum[2] = { { 0, 0, 0 }, { 0, 0, 0 } };
	size_t pairs = 0, lineno = 0;
	int bad = 0;

	printf("%-7s %-7s %-7s  %-7s %-7s %-7s  %s\n", "R1-R", "R1-P", "R1-F",
	       "R2-R", "R2-P", "R2-F", "candidate");
	while (fgets(line, sizeof(line), stdin)) {
		struct toks c = { 0 }, r = { 0 };
		struct score s1, s2;
		char *ct, *rt;
		size_t cn, rn;

		lineno++;
		if (line[0] == '#' || line[strspn(line, " \t\r\n")] == '\0')
			continue;
		lang[0] = '\0';
		if (sscanf(line, "%4095s %4095s %31s", cpath, rpath, lang) < 2) {
			fprintf(stderr,
				"rouge: stdin line %zu: expected "
				"\"CANDIDATE_FILE REFERENCE_FILE\"\n",
				lineno);
			bad = 1;
			continue;
		}
#ifdef ROUGE_STEMMER
		if (stem_lang) {
			stemmer = stemmer_for(lang[0] ? lang : stem_lang);
			if (!stemmer) {
				fprintf(stderr,
					"rouge: stdin line %zu: no Snowball "
					"stemmer \"%s\"\n",
					lineno, lang[0] ? lang : stem_lang);
				bad = 1;
				continue;
			}
		}
#endif
		ct = read_file(cpath, &cn);
		rt = read_file(rpath, &rn);
		if (!ct || !rt) {
			perror(!ct ? cpath : rpath);
			free(ct);
			free(rt);
			bad = 1;
			continue;
		}
		tokenize(ct, cn, &c);
		tokenize(rt, rn, &r);
		s1 = rouge_n(&c, &r, 1);
		s2 = rouge_n(&c, &r, 2);
		printf("%7.2f %7.2f %7.2f  %7.2f %7.2f %7.2f  %s\n", 100 * s1.r,
		       100 * s1.p, 100 * s1.f, 100 * s2.r, 100 * s2.p,
		       100 * s2.f, cpath);
		sum[0].r += s1.r, sum[0].p += s1.p, sum[0].f += s1.f;
		sum[1].r += s2.r, sum[1].p += s2.p, sum[1].f += s2.f;
		pairs++;
		toks_free(&c);
		toks_free(&r);
		free(ct);
		free(rt);
	}
	if (pairs) {
		double d = (double)pairs;

		printf("%7.2f %7.2f %7.2f  %7.2f %7.2f %7.2f  average (%zu "
		       "pairs)\n",
		       100 * sum[0].r / d, 100 * sum[0].p / d,
		       100 * sum[0].f / d, 100 * sum[1].r / d,
		       100 * sum[1].p / d, 100 * sum[1].f / d, pairs);
	} else {
		fputs("rouge: no pair read on stdin\n", stderr);
		bad = 1;
	}
	return bad;
}

/* Self-test: cases computed by hand. */
static int failures;

static void check_tokens(const char *text, const char *want)
{
	struct toks t = { 0 };
	char got[1024] = "";
	size_t i;

	tokenize(text, strlen(text), &t);
	for (i = 0; i < t.n; i++) {
		if (i)
			strcat(got, "|");
		strcat(got, t.v[i]);
	}
	if (strcmp(got, want) != 0) {
		printf("FAIL tokens of \"%s\": got \"%s\", want \"%s\"\n", text,
		       got, want);
		failures++;
	}
	toks_free(&t);
}

static void check_score(const char *cand, const char *ref, size_t order,
			double r, double p, double f)
{
	struct toks c = { 0 }, t = { 0 };
	struct score s;

	tokenize(cand, strlen(cand), &c);
	tokenize(ref, strlen(ref), &t);
	s = rouge_n(&c, &t, order);
	if (fabs(s.r - r) > 1e-9 || fabs(s.p - p) > 1e-9 ||
	    fabs(s.f - f) > 1e-9) {
		printf("FAIL ROUGE-%zu(\"%s\", \"%s\"): got r=%.4f p=%.4f "
		       "f=%.4f, want r=%.4f p=%.4f f=%.4f\n",
		       order, cand, ref, s.r, s.p, s.f, r, p, f);
		failures++;
	}
	toks_free(&c);
	toks_free(&t);
}

static int self_test(void)
{
	check_tokens("L’État a dit : « Non ! »", "l|état|a|dit|non");
	check_tokens("l'ÉCOLE d’Œuvre", "l|école|d|œuvre");
	check_tokens("3,5\u00a0% de 9\u202f850 habitants", "3|5|de|9|850|habitants");
	check_tokens("Jean-Baptiste ÇA Ÿ ĽUDIA Ωμέγα ДОМ",
		     "jean|baptiste|ça|ÿ|ľudia|ωμέγα|дом");
	check_tokens("“the Wall”—£14.7m…", "the|wall|14|7m");
	check_tokens("", "");
	check_tokens("\xff\xfe" "abc", "abc");

	/* 6 unigrams each, 5 shared (the x2, cat, on, mat). */
	check_score("the cat sat on the mat", "the cat is on the mat", 1,
		    5.0 / 6, 5.0 / 6, 5.0 / 6);
	/* 5 bigrams each: the cat, on the, the mat shared. */
	check_score("the cat sat on the mat", "the cat is on the mat", 2,
		    3.0 / 5, 3.0 / 5, 3.0 / 5);
	/* Clipping: "the" counts once, as in the reference. P 1/3, R 1/2. */
	check_score("the the the", "The cat", 1, 0.5, 1.0 / 3, 0.4);
	/* Case and apostrophes: l’État = L'ÉTAT. R 3/4, P 3/3. */
	check_score("L’État paie", "l'ÉTAT ne paie", 1, 0.75, 1.0, 6.0 / 7);
	check_score("L’État paie", "l'ÉTAT ne paie", 2, 1.0 / 3, 0.5, 0.4);
	/* Empty sides score zero without dividing by zero. */
	check_score("", "a b", 1, 0, 0, 0);
	check_score("a b", "", 2, 0, 0, 0);
	check_score("one", "one", 2, 0, 0, 0);
	/* Disjoint. */
	check_score("a b c", "d e f", 1, 0, 0, 0);
#ifdef ROUGE_STEMMER
	/* Stemmed, "habitants" meets "habitant": R 2/2, P 2/2. */
	stemmer = stemmer_for("fr");
	if (stemmer)
		check_score("les habitants", "les habitant", 1, 1, 1, 1);
	else
		printf("FAIL no French Snowball stemmer\n"), failures++;
	stemmer = NULL;
#endif
	if (failures) {
		printf("rouge self-test: %d failure(s)\n", failures);
		return 1;
	}
	puts("rouge self-test: ok");
	return 0;
}

static void usage(FILE *f)
{
	fputs("usage: rouge [--stem LANG] < PAIRS\n"
	      "       rouge --self-test\n"
	      "PAIRS: one \"CANDIDATE_FILE REFERENCE_FILE [LANG]\" a line\n"
	      "(LANG: the pair's stemmer with --stem); prints\n"
	      "ROUGE-1 and ROUGE-2 recall, precision, F1 (percent) per pair\n"
	      "and their macro average.\n",
	      f);
}

int main(int argc, char **argv)
{
	int i, rc;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--self-test") == 0)
			return self_test();
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0) {
			usage(stdout);
			return 0;
		}
		if (strcmp(argv[i], "--stem") == 0 && i + 1 < argc) {
#ifdef ROUGE_STEMMER
			stem_lang = argv[++i];
			if (!stemmer_for(stem_lang)) {
				fprintf(stderr,
					"rouge: no Snowball stemmer \"%s\" "
					"(try french, english)\n",
					argv[i]);
				return 2;
			}
			continue;
#else
			fputs("rouge: built without libstemmer; rebuild with "
			      "-DROUGE_STEMMER -lstemmer for --stem\n",
			      stderr);
			return 2;
#endif
		}
		usage(stderr);
		return 2;
	}
	rc = run_pairs();
#ifdef ROUGE_STEMMER
	for (i = 0; i < (int)(sizeof(stemmers) / sizeof(stemmers[0])); i++)
		if (stemmers[i].st)
			sb_stemmer_delete(stemmers[i].st);
#endif
	return rc;
}
