/*
 * strip: marks web boilerplate paragraphs. Nothing is deleted.
 *
 * Six passes, from the surest to the most guessed:
 *  1. patterns: short paragraphs (or all the lines of one) that match a line
 *     of lang/<code>/boilerplate.txt, for every language of the langset
 *     (English furniture turns up on French sites); see strip_patterns.c;
 *  2. social links: paragraphs made only of network names (social.txt), and
 *     a lone network name next to marked furniture (a share bar cut into
 *     lines); list items right after a marked "...:" header (a teaser list);
 *  3. teasers: under a bare "read also" header ("Read more", "À lire
 *     aussi :"), the teaser titles that follow one a line (short, starting
 *     with a capital, no final stop, no quotation mark);
 *  4. roles: a lone name line followed by a short line naming a press role
 *     of roles.txt ("Journaliste, économie") is a byline in two lines;
 *  5. the head: a lone name line between the title and the first sentence
 *     of the article, next to marked furniture, is a byline; after the
 *     first sentence, a lone name line right above or below a marked
 *     dateline is one too (the tail walk below stops at the first line it
 *     cannot read as furniture, which may stand below the name);
 *  6. the tail: from the last paragraph back, while paragraphs are marked,
 *     short lines with no sentence punctuation, lone name lines, or an
 *     author bio (a paragraph that starts with the name of the name line
 *     above it, or with a name followed by a bio cue of bio-cues.txt); the
 *     article ends at the first other paragraph, and what follows it is
 *     marked. A short line with many stopwords (a teaser title, "Do Not Sell
 *     My Personal Information") only counts between sure furniture (marked,
 *     a name, a bio) or after it at the end: next to the article it may be
 *     the article's closing line.
 * Feature rules (2-6) never touch a paragraph that holds a quotation mark or
 * a well-formed sentence, except the author-bio rule, which needs a name and
 * a bio cue; the tail rules never touch the first sentence paragraph of the
 * article nor anything before it.
 */
#include "precis/strip.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/doc_int.h"
#include "core/lang_int.h"
#include "core/strip_int.h"
#include "core/utf8.h"
#include "util/buf.h"
#include "util/mem.h"

/* Bytes of a paragraph read for its features: enough for a sentence, a name
 * and a bio's first lines; a 10 MB paragraph costs no more than this. */
#define FEAT_SCAN 1200
/* Multi-line paragraphs up to this size are also matched line by line. */
#define MULTI_MAX 4000
/* Whole-line social links ("Facebook - Twitter - LinkedIn"). */
#define SOCIAL_MAX_BYTES 200
/* A short tail line: no more bytes and words than this. */
#define TAIL_MAX_BYTES 160
#define TAIL_MAX_WORDS 15
/* A lone name line: 2 to 4 capitalised words (particles aside). */
#define NAME_MAX_BYTES 60
#define NAME_MIN_CAPS 2
#define NAME_MAX_CAPS 4
/* A sentence of this many words ending in . ! ? … makes a paragraph prose;
 * the first this many bytes are read first to find one. */
#define PROSE_WORDS 6
#define PROSE_PEEK 400
/* A bio cue this close after the opening name makes a bio ("X is a
 * journalist"); this many cues anywhere make one too (first-person bios). */
#define CUE_NEAR 6
#define CUE_DENSE 3
/* A teaser headline: a short line with no final stop, at most this many
 * under one bare "read also" header. */
#define HEADLINE_MAX_BYTES 200
#define HEADLINE_MAX_WORDS 20
#define TEASERS_MAX 8
/* A bare "read also" header: no longer than this. */
#define HEADER_MAX_BYTES 60
/* A role line under a lone name ("Political correspondent"). */
#define ROLE_MAX_BYTES 80
#define ROLE_MAX_WORDS 8
/* A short tail line with many stopwords (a teaser title, "Do Not Sell My
 * Personal Information"): no more bytes and words than this. */
#define WEAK_MAX_BYTES 200
#define WEAK_MAX_WORDS 20
/* The second paragraph of a bio is short: longer ones are article text. */
#define BIO_NEXT_MAX 400
/* The most words a `*` of a bio cue stands for. */
#define CUE_GAP 3
/* With no other sign of boilerplate in the tail, at most this many short
 * lines are marked (a schedule or a list closing an article stays). */
#define TAIL_BARE_RUN 2
/* Stopwords are counted per language for the first this many languages. */
#define MAX_LANGS 32

static const char R_SOCIAL[] = "social links";
static const char R_BYLINE[] = "byline";
static const char R_BIO[] = "author bio";
static const char R_TAIL[] = "tail: short lines after the article";
/* The reason lang/<code>/boilerplate.txt gives to "Read more", "À lire
 * aussi" and the like: a bare header of it heads a list of teasers. */
static const char R_ALSO[] = "read also";
/* The reason it gives to publication dates ("Publié le 3 mars 2024"). */
static const char R_DATE[] = "dateline";

struct tok {
	size_t at;  /* byte offset in the paragraph */
	size_t off; /* folded text in toks.arena */
	size_t len;
};

struct toks {
	struct tok *v;
	size_t n, cap;
	struct px_buf arena;
};

/* ---- the word tables, built once per langset (cached with the patterns) ---- */

struct word {
	size_t off, len;  /* folded text in words.arena; len 0: empty slot */
	uint32_t stop;    /* bit l: a stopword of language l */
	int social;       /* a network name */
	int particle;     /* may stand inside a name (de, van) */
	int role;         /* a press role (reporter, journaliste) */
	size_t cue, ncue; /* the bio cues that start with it: cues[cue, cue+ncue) */
};

struct cue {
	size_t first, n; /* its words in words.cue_toks */
};

struct px_strip_words {
	size_t nlang;
	struct word *slot;
	size_t cap; /* a power of two */
	struct px_buf arena;
	struct toks cue_toks;
	struct cue *cues;
	size_t ncues;
};

static uint64_t hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211u;
	return h;
}

static struct word *words_find(const struct px_strip_words *w, const char *s, size_t n)
{
	if (!w->cap || !n)
		return NULL;
	for (size_t i = hash(s, n) & (w->cap - 1);; i = (i + 1) & (w->cap - 1)) {
		struct word *e = &w->slot[i];
		if (!e->len)
			return NULL;
		if (e->len == n && memcmp(w->arena.data + e->off, s, n) == 0)
			return e;
	}
}

static struct word *words_add(struct px_strip_words *w, const char *s, size_t n)
{
	struct word *e = words_find(w, s, n);
	if (e)
		return e;
	size_t i = hash(s, n) & (w->cap - 1);
	while (w->slot[i].len)
		i = (i + 1) & (w->cap - 1);
	e = &w->slot[i];
	e->off = w->arena.len;
	e->len = n;
	px_buf_add(&w->arena, s, n);
	px_buf_addc(&w->arena, '\0');
	return e;
}

static int is_word_cp(int32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		       (cp >= '0' && cp <= '9');
	return px_cp_is_alpha(cp) || px_cp_is_digit(cp);
}

static int is_quote_cp(int32_t cp)
{
	return cp == '"' || cp == 0x00AB || cp == 0x00BB || cp == 0x201C ||
	       cp == 0x201D || cp == 0x201E || cp == 0x2039 || cp == 0x203A;
}

static int is_terminal_cp(int32_t cp)
{
	return cp == '.' || cp == '!' || cp == '?' || cp == 0x2026;
}

static int is_blank_cp(int32_t cp)
{
	return cp == ' ' || cp == '\n' || cp == '\r' || cp == '\t' || px_cp_is_space(cp);
}

static void toks_push(struct toks *t, const char *s, size_t at, size_t end)
{
	t->v = px_xgrow(t->v, &t->cap, t->n + 1, sizeof *t->v);
	struct tok *k = &t->v[t->n++];
	k->at = at;
	k->off = t->arena.len;
	size_t i = at;
	while (i < end && (unsigned char)s[i] < 0x80)
		i++;
	if (i == end) { /* ASCII, the common case: folded here */
		px_buf_add(&t->arena, s + at, end - at);
		for (char *c = t->arena.data + k->off; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c + 32);
	} else {
		px_utf8_fold(s + at, end - at, &t->arena);
	}
	k->len = t->arena.len - k->off;
	px_buf_addc(&t->arena, '\0');
}

static const char *tok_text(const struct toks *t, size_t i)
{
	return t->arena.data + t->v[i].off;
}

/* Words: letters and digits, with inner hyphens (e-mail, Jean-Luc);
 * apostrophes split (l'article → l, article) as the stopword lists expect.
 * *sentence (may be NULL) is set when a run of PROSE_WORDS words or more
 * ends with . ! ? … followed by a space, a closing mark or the end. */
static void tokenize(const char *s, size_t len, size_t limit, struct toks *t,
                     int *sentence, int *quote)
{
	t->n = 0;
	px_buf_reset(&t->arena);
	size_t i = 0, ws = SIZE_MAX;
	int words = 0;
	if (limit > len)
		limit = len;
	while (i < limit) {
		size_t at = i;
		unsigned char b = (unsigned char)s[i];
		int32_t cp;
		if (b < 0x80) { /* ASCII: no decoding, no property lookup */
			i++;
			cp = b;
			if ((unsigned)((b | 0x20) - 'a') < 26u ||
			    (unsigned)(b - '0') < 10u) {
				if (ws == SIZE_MAX)
					ws = at;
				continue;
			}
		} else {
			cp = px_utf8_next(s, len, &i);
			if (is_word_cp(cp)) {
				if (ws == SIZE_MAX)
					ws = at;
				continue;
			}
		}
		if (ws != SIZE_MAX && (cp == '-' || cp == 0x2010 || cp == 0x2011) &&
		    i < len) {
			size_t k = i;
			if (is_word_cp(px_utf8_next(s, len, &k)))
				continue;
		}
		if (ws != SIZE_MAX) {
			toks_push(t, s, ws, at);
			ws = SIZE_MAX;
			words++;
		}
		if (quote && is_quote_cp(cp))
			*quote = 1;
		if (is_terminal_cp(cp)) {
			int32_t nx = ' ';
			if (i < len) {
				size_t k = i;
				nx = px_utf8_next(s, len, &k);
			}
			if (is_blank_cp(nx) || is_quote_cp(nx) || nx == ')' ||
			    is_terminal_cp(nx)) {
				if (sentence && words >= PROSE_WORDS)
					*sentence = 1;
				if (!is_terminal_cp(nx))
					words = 0;
			}
		}
	}
	if (ws != SIZE_MAX)
		toks_push(t, s, ws, i);
}

static const char *cue_text(const struct px_strip_words *w, size_t i)
{
	return tok_text(&w->cue_toks, i);
}

/* Cues in the order of their first word (ties: file order), so the cues
 * that start with a word are one run; few, and sorted once per langset. */
static void sort_cues(struct px_strip_words *w)
{
	for (size_t i = 1; i < w->ncues; i++) {
		struct cue v = w->cues[i];
		size_t j = i;
		while (j > 0 && strcmp(cue_text(w, w->cues[j - 1].first),
		                       cue_text(w, v.first)) > 0) {
			w->cues[j] = w->cues[j - 1];
			j--;
		}
		w->cues[j] = v;
	}
}

/* A cue is words, and `*` for a gap of up to CUE_GAP words
 * ("is a * reporter"); it may not start with a gap. */
static void add_cue(struct px_strip_words *w, const char *cue, struct toks *one,
                    size_t *cap)
{
	size_t first = w->cue_toks.n;
	const char *p = cue;
	while (*p) {
		while (*p == ' ' || *p == '\t')
			p++;
		const char *e = p;
		while (*e && *e != ' ' && *e != '\t')
			e++;
		if (e - p == 1 && *p == '*') {
			if (w->cue_toks.n > first)
				toks_push(&w->cue_toks, "", 0, 0);
		} else if (e > p) {
			tokenize(p, (size_t)(e - p), SIZE_MAX, one, NULL, NULL);
			for (size_t t = 0; t < one->n; t++)
				toks_push(&w->cue_toks, tok_text(one, t), 0,
				          one->v[t].len);
		}
		p = e;
	}
	if (w->cue_toks.n == first)
		return;
	w->cues = px_xgrow(w->cues, cap, w->ncues + 1, sizeof *w->cues);
	w->cues[w->ncues].first = first;
	w->cues[w->ncues].n = w->cue_toks.n - first;
	w->ncues++;
}

struct px_strip_words *px_strip_words_build(const struct precis_langset *set)
{
	struct px_strip_words *w = px_xcalloc(1, sizeof *w);
	w->nlang = precis_langset_count(set);
	px_buf_init(&w->arena, (size_t)1 << 30);
	px_buf_init(&w->cue_toks.arena, (size_t)1 << 30);
	size_t total = 0, cacues = 0;
	for (size_t l = 0; l < w->nlang; l++) {
		const struct precis_lang *lang = precis_langset_at(set, l);
		total += px_lang_list(lang, "stopwords")->n +
		         px_lang_list(lang, "social")->n +
		         px_lang_list(lang, "bio-cues")->n +
		         px_lang_list(lang, "name-particles")->n +
		         px_lang_list(lang, "press-roles")->n;
	}
	w->cap = 64;
	while (w->cap < 2 * total + 2)
		w->cap *= 2;
	w->slot = px_xcalloc(w->cap, sizeof *w->slot);

	struct toks one;
	memset(&one, 0, sizeof one);
	px_buf_init(&one.arena, 1 << 16);
	for (size_t l = 0; l < w->nlang; l++) {
		const struct precis_lang *lang = precis_langset_at(set, l);
		const struct px_list *stop = px_lang_list(lang, "stopwords");
		const struct px_list *social = px_lang_list(lang, "social");
		const struct px_list *cues = px_lang_list(lang, "bio-cues");
		const struct px_list *particles = px_lang_list(lang, "name-particles");
		const struct px_list *roles = px_lang_list(lang, "press-roles");
		for (size_t k = 0; k < particles->n; k++) {
			tokenize(particles->items[k], strlen(particles->items[k]),
			         SIZE_MAX, &one, NULL, NULL);
			if (one.n == 1)
				words_add(w, tok_text(&one, 0), one.v[0].len)->particle =
				    1;
		}
		/* Entries go through the tokenizer, so "aujourd'hui" is filed as the
		 * words a paragraph would give. */
		for (size_t k = 0; k < stop->n; k++) {
			tokenize(stop->items[k], strlen(stop->items[k]), SIZE_MAX, &one,
			         NULL, NULL);
			for (size_t t = 0; t < one.n && l < MAX_LANGS; t++)
				words_add(w, tok_text(&one, t), one.v[t].len)->stop |=
				    1u << l;
		}
		for (size_t k = 0; k < social->n; k++) {
			tokenize(social->items[k], strlen(social->items[k]), SIZE_MAX,
			         &one, NULL, NULL);
			if (one.n == 1)
				words_add(w, tok_text(&one, 0), one.v[0].len)->social = 1;
		}
		for (size_t k = 0; k < roles->n; k++) {
			tokenize(roles->items[k], strlen(roles->items[k]), SIZE_MAX, &one,
			         NULL, NULL);
			if (one.n == 1)
				words_add(w, tok_text(&one, 0), one.v[0].len)->role = 1;
		}
		for (size_t k = 0; k < cues->n; k++)
			add_cue(w, cues->items[k], &one, &cacues);
	}
	free(one.v);
	px_buf_free(&one.arena);
	sort_cues(w);
	for (size_t q = 0; q < w->ncues;) {
		const char *first = cue_text(w, w->cues[q].first);
		size_t e = q + 1;
		while (e < w->ncues && strcmp(cue_text(w, w->cues[e].first), first) == 0)
			e++;
		struct word *x = words_add(w, first, strlen(first));
		x->cue = q;
		x->ncue = e - q;
		q = e;
	}
	return w;
}

void px_strip_words_free(struct px_strip_words *w)
{
	if (!w)
		return;
	free(w->slot);
	px_buf_free(&w->arena);
	free(w->cue_toks.v);
	px_buf_free(&w->cue_toks.arena);
	free(w->cues);
	free(w);
}

/* ---- paragraph features ---- */

struct feat {
	unsigned char done;
	unsigned char quote;       /* holds a quotation mark */
	unsigned char prose;       /* holds a sentence (PROSE_WORDS words, . ! ? …) */
	unsigned char end_punct;   /* ends with . ! ? … : ; */
	unsigned char lone_name;   /* the paragraph is only a name */
	unsigned char social_only; /* every word is a network name */
	int words, stop;           /* stop: stopwords, best language */
	int roles;                 /* words of roles.txt */
	size_t name_len;           /* bytes of the name it opens with; 0: none */
	int cue_first;             /* words from the name to the first bio cue; -1 */
	int cues;                  /* bio cues */
};

struct reason_copy {
	const char *from, *to;
};

struct ctx {
	struct precis_doc *doc;
	const struct px_strip_words *w;
	struct toks toks; /* the paragraph being read */
	struct feat *f;
	unsigned char *kind; /* tail pass */
	struct reason_copy *rc;
	size_t nrc, carc;
};

static int is_stopword(const struct ctx *c, const char *folded, size_t len)
{
	const struct word *e = words_find(c->w, folded, len);
	return e && e->stop;
}

static int is_particle(const struct ctx *c, const char *folded, size_t len)
{
	const struct word *e = words_find(c->w, folded, len);
	return e && e->particle;
}

/* The byte length of the name s opens with: NAME_MIN_CAPS to NAME_MAX_CAPS
 * capitalised words one space apart, with up to two particles of
 * name-particles.txt inside (Jean de La Fontaine); 0 when there is none.
 * The first word must not be a stopword (Le Monde, The End, Selon Jean...). */
static size_t parse_name(const struct ctx *c, const char *s, size_t len)
{
	size_t i = 0, end = 0;
	int caps = 0, particles = 0, pending = 0;
	struct px_buf fold;
	px_buf_init(&fold, 1 << 12);
	while (i < len) {
		size_t ws = i, we = i;
		int32_t cp = px_utf8_next(s, len, &we);
		if (!px_cp_is_alpha(cp))
			break;
		int upper = px_cp_is_upper(cp) || !px_cp_is_lower(cp);
		int letters = 1;
		while (we < len) {
			size_t k = we;
			int32_t x = px_utf8_next(s, len, &k);
			if (px_cp_is_alpha(x)) {
				letters++;
				we = k;
				continue;
			}
			if ((x == '-' || x == '\'' || x == 0x2019) && k < len) {
				size_t k2 = k;
				if (px_cp_is_alpha(px_utf8_next(s, len, &k2))) {
					we = k2;
					letters += 2;
					continue;
				}
			}
			break;
		}
		if (upper && letters <= 2 && we < len && s[we] == '.')
			we++; /* an initial: J. R. Smith */
		px_buf_reset(&fold);
		px_utf8_fold(s + ws, we - ws, &fold);
		if (upper) {
			if (caps == 0 && fold.data && is_stopword(c, fold.data, fold.len))
				break;
			caps++;
			particles += pending;
			pending = 0;
			end = we;
		} else if (caps >= 1 && particles + pending < 2 && fold.data &&
		           is_particle(c, fold.data, fold.len)) {
			pending++;
		} else {
			break;
		}
		if (caps > NAME_MAX_CAPS || we >= len)
			break;
		size_t k = we;
		int32_t sep = px_utf8_next(s, len, &k);
		if (sep != ' ' && sep != 0x00A0 && sep != 0x202F)
			break;
		i = k;
	}
	px_buf_free(&fold);
	return caps >= NAME_MIN_CAPS && caps <= NAME_MAX_CAPS ? end : 0;
}

/* The paragraph's text without the blanks at its ends. */
static const char *para_text(const struct ctx *c, size_t i, size_t *len)
{
	const struct precis_para *p = &c->doc->paras[i];
	const char *s = c->doc->text + p->span.start;
	size_t n = p->span.end - p->span.start;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' ||
	             s[n - 1] == '\r'))
		n--;
	while (n && (s[0] == ' ' || s[0] == '\t' || s[0] == '\n' || s[0] == '\r')) {
		s++;
		n--;
	}
	*len = n;
	return s;
}

static int ends_with_punct(const char *s, size_t len)
{
	size_t i = len;
	while (i > 0) {
		size_t p = px_utf8_prev(s, i);
		size_t k = p;
		int32_t cp = px_utf8_next(s, len, &k);
		i = p;
		if (is_blank_cp(cp) || is_quote_cp(cp) || cp == ')' || cp == ']' ||
		    cp == 0x2019)
			continue;
		return is_terminal_cp(cp) || cp == ':' || cp == ';';
	}
	return 0;
}

/* Whether the cue words [ci, ci+cn) are the paragraph's words from k on
 * (an empty cue word is a gap of up to CUE_GAP words). */
static int cue_match(const struct toks *t, size_t k, const struct px_strip_words *w,
                     size_t ci, size_t cn)
{
	if (cn == 0)
		return 1;
	const struct tok *c = &w->cue_toks.v[ci];
	if (c->len == 0) {
		for (size_t g = 0; g <= CUE_GAP && k + g <= t->n; g++)
			if (cue_match(t, k + g, w, ci + 1, cn - 1))
				return 1;
		return 0;
	}
	return k < t->n && t->v[k].len == c->len &&
	       memcmp(tok_text(t, k), cue_text(w, ci), c->len) == 0 &&
	       cue_match(t, k + 1, w, ci + 1, cn - 1);
}

/* Counts the bio cues among the words, and notes where the first one after
 * the opening name stands. */
static void count_cues(struct ctx *c, struct feat *f)
{
	const struct toks *t = &c->toks;
	const struct px_strip_words *w = c->w;
	size_t after = 0;
	while (f->name_len && after < t->n && t->v[after].at < f->name_len)
		after++;
	for (size_t k = 0; k < t->n; k++) {
		const struct word *e = words_find(w, tok_text(t, k), t->v[k].len);
		if (!e || !e->ncue)
			continue;
		for (size_t q = e->cue; q < e->cue + e->ncue; q++) {
			const struct cue *cu = &w->cues[q];
			if (!cue_match(t, k + 1, w, cu->first + 1, cu->n - 1))
				continue;
			f->cues++;
			if (f->name_len && f->cue_first < 0 && k >= after)
				f->cue_first = (int)(k - after);
			break;
		}
	}
}

static struct feat *feat(struct ctx *c, size_t i)
{
	struct feat *f = &c->f[i];
	if (f->done)
		return f;
	f->done = 1;
	f->cue_first = -1;
	size_t len;
	const char *s = para_text(c, i, &len);
	int sentence = 0, quote = 0;
	tokenize(s, len, FEAT_SCAN, &c->toks, &sentence, &quote);
	const struct toks *t = &c->toks;
	f->quote = (unsigned char)quote;
	f->words = (int)t->n;
	int per_lang[MAX_LANGS] = {0};
	int social = 0;
	for (size_t k = 0; k < t->n; k++) {
		const struct word *e = words_find(c->w, tok_text(t, k), t->v[k].len);
		if (!e)
			continue;
		social += e->social;
		f->roles += e->role;
		for (uint32_t m = e->stop, l = 0; m; m >>= 1, l++)
			per_lang[l] += (int)(m & 1);
	}
	for (size_t l = 0; l < MAX_LANGS; l++)
		if (per_lang[l] > f->stop)
			f->stop = per_lang[l];
	f->social_only = t->n > 0 && social == (int)t->n;
	/* A sentence among nothing but names and numbers is a caption or a
	 * list, not prose. */
	f->prose = sentence && f->stop * 10 >= f->words;
	f->end_punct = (unsigned char)ends_with_punct(s, len);
	f->name_len = parse_name(c, s, len < 256 ? len : 256);
	f->lone_name = f->name_len && f->name_len == len && len <= NAME_MAX_BYTES;
	count_cues(c, f);
	return f;
}

/* ---- marks ---- */

static int marked(const struct ctx *c, size_t i)
{
	return c->doc->paras[i].boilerplate;
}

static void mark(struct ctx *c, size_t i, const char *reason)
{
	struct precis_para *p = px_doc_para(c->doc, i);
	p->boilerplate = 1;
	p->boilerplate_reason = reason;
}

/* Pattern reasons live in the pattern cache; the doc gets its own copy. */
static const char *doc_reason(struct ctx *c, const char *r)
{
	for (size_t i = 0; i < c->nrc; i++)
		if (c->rc[i].from == r)
			return c->rc[i].to;
	c->rc = px_xgrow(c->rc, &c->carc, c->nrc + 1, sizeof *c->rc);
	c->rc[c->nrc].from = r;
	return c->rc[c->nrc++].to = px_doc_intern(c->doc, r);
}

/* The reason of the pattern the paragraph matches, whole or line by line
 * (every non-blank line must match: the first gives the reason). */
static const char *match_para(struct px_strip_matcher *m, const char *s, size_t len)
{
	const char *r = px_strip_match(m, s, len);
	if (r || len > MULTI_MAX || !memchr(s, '\n', len))
		return r;
	const char *first = NULL;
	size_t i = 0;
	while (i < len) {
		const char *nl = memchr(s + i, '\n', len - i);
		size_t e = nl ? (size_t)(nl - s) : len;
		size_t a = i;
		while (a < e && (s[a] == ' ' || s[a] == '\t' || s[a] == '\r'))
			a++;
		if (a < e) {
			const char *lr = px_strip_match(m, s + a, e - a);
			if (!lr)
				return NULL;
			if (!first)
				first = lr;
		}
		i = e + 1;
	}
	return first;
}

static void pass_patterns(struct ctx *c, struct px_strip_matcher *m)
{
	for (size_t i = 0; i < c->doc->npara; i++) {
		size_t len;
		const char *s = para_text(c, i, &len);
		const char *r = match_para(m, s, len);
		if (r)
			mark(c, i, doc_reason(c, r));
	}
}

static int social_line(struct ctx *c, size_t i, int *single)
{
	size_t len;
	const char *s = para_text(c, i, &len);
	if (len > SOCIAL_MAX_BYTES)
		return 0;
	/* Most short paragraphs fail on their first word: no full read. */
	tokenize(s, len, 48, &c->toks, NULL, NULL);
	if (!c->toks.n)
		return 0;
	const struct word *w = words_find(c->w, tok_text(&c->toks, 0), c->toks.v[0].len);
	if (!w || !w->social)
		return 0;
	struct feat *f = feat(c, i);
	if (!f->social_only || f->quote || f->end_punct)
		return 0;
	*single = f->words == 1;
	return 1;
}

static void pass_social(struct ctx *c)
{
	size_t n = c->doc->npara;
	unsigned char *single = px_xcalloc(n, 1);
	for (size_t i = 0; i < n; i++) {
		int one = 0;
		if (marked(c, i) || !social_line(c, i, &one))
			continue;
		if (one)
			single[i] = 1;
		else
			mark(c, i, R_SOCIAL);
	}
	/* A lone "Facebook" is only furniture next to other furniture. */
	for (size_t i = 1; i < n; i++)
		if (single[i] && !marked(c, i) && marked(c, i - 1))
			mark(c, i, R_SOCIAL);
	for (size_t i = n - 1; i-- > 0;)
		if (single[i] && !marked(c, i) && marked(c, i + 1))
			mark(c, i, R_SOCIAL);
	free(single);

	/* "À lire aussi :" then a list of teasers. */
	for (size_t i = 0; i + 1 < n; i++) {
		if (!marked(c, i))
			continue;
		size_t len;
		const char *s = para_text(c, i, &len);
		if (!len || s[len - 1] != ':')
			continue;
		const char *r = c->doc->paras[i].boilerplate_reason;
		while (i + 1 < n && c->doc->paras[i + 1].list_item && !marked(c, i + 1))
			mark(c, ++i, r);
	}
}

static int lone_name(struct ctx *c, size_t i)
{
	size_t len;
	para_text(c, i, &len);
	return len <= NAME_MAX_BYTES && feat(c, i)->lone_name;
}

/* Whether paragraph i opens with a name, without reading all of it. */
static int opens_with_name(struct ctx *c, size_t i)
{
	if (c->f[i].done)
		return c->f[i].name_len > 0;
	size_t len;
	const char *s = para_text(c, i, &len);
	return parse_name(c, s, len < 256 ? len : 256) > 0;
}

/* Whether marked paragraph i is a bare "read also" header ("Read more",
 * "À lire aussi :"), not a header with its teaser on the same line
 * ("Lire aussi : Le tram divise"). */
static int bare_header(struct ctx *c, size_t i)
{
	const char *r = c->doc->paras[i].boilerplate_reason;
	if (!r || strcmp(r, R_ALSO) != 0)
		return 0;
	size_t len;
	const char *s = para_text(c, i, &len);
	if (len > HEADER_MAX_BYTES)
		return 0;
	while (len > 0) {
		size_t p = px_utf8_prev(s, len), k = p;
		int32_t cp = px_utf8_next(s, len, &k);
		if (cp != ':' && !is_blank_cp(cp))
			break;
		len = p;
	}
	int32_t before = 'x';
	for (size_t i2 = 0; i2 < len;) {
		int32_t cp = px_utf8_next(s, len, &i2);
		if (cp == ':' || cp == '|' || cp == '>' || cp == 0x203A || cp == 0x00BB ||
		    cp == 0x2013 || cp == 0x2014)
			return 0;
		if (cp == '-' && is_blank_cp(before))
			return 0;
		before = cp;
	}
	return len > 0;
}

/* A teaser title: a short line that starts with a capital or a digit and
 * does not end with a stop, with no quotation mark ("Urgences : à Valbrune,
 * l'hôpital ferme la nuit"). */
static int headline(struct ctx *c, size_t i)
{
	size_t len;
	const char *s = para_text(c, i, &len);
	if (!len || len > HEADLINE_MAX_BYTES)
		return 0;
	size_t k = 0;
	int32_t cp = px_utf8_next(s, len, &k);
	if (!px_cp_is_upper(cp) && !px_cp_is_digit(cp))
		return 0;
	const struct feat *f = feat(c, i);
	return f->words >= 1 && f->words <= HEADLINE_MAX_WORDS && !f->quote &&
	       !f->end_punct && !f->prose;
}

/* A line that names a press role (roles.txt) and nothing long:
 * "Journaliste, économie", "Senior political correspondent". */
static int role_line(struct ctx *c, size_t i)
{
	size_t len;
	para_text(c, i, &len);
	if (!len || len > ROLE_MAX_BYTES || c->doc->paras[i].list_item)
		return 0;
	const struct feat *f = feat(c, i);
	return f->roles > 0 && f->words <= ROLE_MAX_WORDS && !f->quote && !f->end_punct &&
	       !f->prose;
}

/* Teaser titles under a bare "read also" header, one a line: a list that
 * ends at the first marked paragraph or the first line that is not a
 * headline (article text goes on after a teaser block between two body
 * paragraphs). The line right above the first sentence (prose) is left
 * alone: above the article, a "Trending" list runs into its title. */
static void pass_teasers(struct ctx *c, size_t prose)
{
	size_t n = c->doc->npara;
	for (size_t i = 0; i + 1 < n; i++) {
		if (!marked(c, i) || !bare_header(c, i))
			continue;
		const char *r = c->doc->paras[i].boilerplate_reason;
		for (size_t t = 0; t < TEASERS_MAX && i + 1 < n && !marked(c, i + 1) &&
		                   i + 2 != prose && headline(c, i + 1);
		     t++)
			mark(c, ++i, r);
	}
}

/* A lone name line, then a role line: a byline in two lines, wherever it
 * stands (the title aside). */
static void pass_roles(struct ctx *c)
{
	size_t n = c->doc->npara, title = 0;
	while (title < n && marked(c, title))
		title++;
	for (size_t i = title + 1; i + 1 < n; i++) {
		const char *r = c->doc->paras[i].boilerplate_reason;
		if (marked(c, i + 1) || (marked(c, i) && strcmp(r, R_BYLINE) != 0))
			continue;
		if (!role_line(c, i + 1) || !lone_name(c, i))
			continue;
		mark(c, i, R_BYLINE);
		mark(c, ++i, R_BYLINE);
	}
}

/* Whether paragraph i holds a sentence: its start usually tells, so a long
 * paragraph is only read in full when it does not. */
static int is_prose(struct ctx *c, size_t i)
{
	size_t len;
	const char *s = para_text(c, i, &len);
	if (!c->f[i].done && len > PROSE_PEEK) {
		int sentence = 0;
		tokenize(s, len, PROSE_PEEK, &c->toks, &sentence, NULL);
		int stop = 0;
		for (size_t k = 0; k < c->toks.n; k++) {
			const struct word *e =
			    words_find(c->w, tok_text(&c->toks, k), c->toks.v[k].len);
			stop += e && e->stop;
		}
		if (sentence && (size_t)stop * 10 >= c->toks.n)
			return 1;
	}
	return feat(c, i)->prose;
}

static size_t first_prose(struct ctx *c)
{
	for (size_t i = 0; i < c->doc->npara; i++)
		if (!marked(c, i) && is_prose(c, i))
			return i;
	return SIZE_MAX;
}

/* A lone name line between the title and the first sentence, next to
 * marked furniture (a dateline, a photo credit), is a byline. The title
 * (the first unmarked paragraph) may be a name itself: it stays. */
static void pass_head(struct ctx *c, size_t prose)
{
	size_t title = 0;
	while (title < prose && marked(c, title))
		title++;
	for (size_t i = title + 1; i < prose && i < c->doc->npara; i++) {
		if (marked(c, i) || !lone_name(c, i))
			continue;
		if (marked(c, i - 1) || (i + 1 < c->doc->npara && marked(c, i + 1)))
			mark(c, i, R_BYLINE);
	}
}

static int marked_as(const struct ctx *c, size_t i, const char *reason)
{
	const char *r = c->doc->paras[i].boilerplate_reason;
	return marked(c, i) && r && strcmp(r, reason) == 0;
}

/* After the first sentence: a lone name line right above or below a
 * dateline is the byline that goes with it ("Jeanne Moreau", "Publié le
 * 3 mars"), whatever stands further down. */
static void pass_dated_names(struct ctx *c, size_t prose)
{
	size_t n = c->doc->npara;
	for (size_t i = prose + 1; i < n; i++) {
		if (marked(c, i))
			continue;
		int dated = marked_as(c, i - 1, R_DATE) ||
		            (i + 1 < n && marked_as(c, i + 1, R_DATE));
		if (dated && lone_name(c, i))
			mark(c, i, R_BYLINE);
	}
}

enum { TL_NO, TL_WEAK, TL_YES };

/* A short line with no stop and no quotation mark: TL_YES when few of its
 * words are stopwords (tags, "Report an error"), TL_WEAK otherwise (a
 * teaser title, "Do Not Sell My Personal Information", but also the short
 * closing line of an article), which only counts between furniture. */
static int tail_line(struct ctx *c, size_t i)
{
	const struct precis_para *p = &c->doc->paras[i];
	size_t len;
	para_text(c, i, &len);
	if (p->list_item || len > WEAK_MAX_BYTES)
		return TL_NO;
	const struct feat *f = feat(c, i);
	if (f->words == 0 || f->words > WEAK_MAX_WORDS || f->quote || f->end_punct ||
	    f->prose)
		return TL_NO;
	if (len <= TAIL_MAX_BYTES && f->words <= TAIL_MAX_WORDS &&
	    (f->stop * 4 <= f->words || (f->words <= 3 && f->stop * 3 <= f->words)))
		return TL_YES;
	return TL_WEAK;
}

static int same_name(struct ctx *c, size_t line, size_t para)
{
	const struct feat *a = feat(c, line), *b = feat(c, para);
	size_t la, lb;
	const char *sa = para_text(c, line, &la);
	const char *sb = para_text(c, para, &lb);
	return a->name_len == b->name_len && memcmp(sa, sb, a->name_len) == 0;
}

enum { BIO_NO, BIO_WEAK, BIO_STRONG };

/* An author bio in the tail (lo: the first paragraph the tail may hold).
 * Strong when a lone name line stands right above it; weak when only bio
 * cues say so ("X is the author of..." also closes articles about X), and
 * then it is marked only if the tail holds other boilerplate. */
static int is_bio(struct ctx *c, size_t i, size_t lo, int depth)
{
	const struct precis_para *p = &c->doc->paras[i];
	if (p->heading || p->list_item)
		return BIO_NO;
	int after_name = i > lo && lone_name(c, i - 1);
	if (!after_name && !opens_with_name(c, i)) {
		/* A bio in two paragraphs: the second goes with the first. The
		 * first is looked at before this one is read in full. */
		size_t len;
		para_text(c, i, &len);
		if (depth >= 2 || i <= lo || marked(c, i - 1) || len > BIO_NEXT_MAX)
			return BIO_NO;
		int prev = is_bio(c, i - 1, lo, depth + 1);
		const struct feat *f = prev == BIO_NO ? NULL : feat(c, i);
		return f && !f->quote && f->cues >= 1 ? prev : BIO_NO;
	}
	const struct feat *f = feat(c, i);
	if (f->quote)
		return BIO_NO;
	if (f->name_len && after_name && same_name(c, i - 1, i))
		return BIO_STRONG;
	if (f->cues >= 1 && after_name)
		return BIO_STRONG;
	if (f->name_len &&
	    ((f->cue_first >= 0 && f->cue_first <= CUE_NEAR) || f->cues >= CUE_DENSE))
		return BIO_WEAK;
	return BIO_NO;
}

enum { K_NONE, K_TAIL, K_WEAK, K_NAME, K_BIO, K_WEAK_BIO };

/* Sure furniture: marked, a lone name or an author bio. */
static int sure(const struct ctx *c, size_t i)
{
	return marked(c, i) || c->kind[i] == K_NAME || c->kind[i] == K_BIO;
}

/* Whether the run of weak lines around i stands between sure furniture
 * (or sure furniture and the end of the doc), within the tail [start, n). */
static int weak_run_held(const struct ctx *c, size_t i, size_t start)
{
	size_t n = c->doc->npara, a = i, b = i;
	while (a > start && c->kind[a - 1] == K_WEAK && !marked(c, a - 1))
		a--;
	while (b + 1 < n && c->kind[b + 1] == K_WEAK && !marked(c, b + 1))
		b++;
	return a > start && sure(c, a - 1) && (b + 1 == n || sure(c, b + 1));
}

/* From the last paragraph back to the article's last paragraph (see the top
 * of the file), then marks what follows it. */
static void pass_tail(struct ctx *c, size_t prose)
{
	size_t n = c->doc->npara;
	size_t lo = prose + 1;
	size_t start = lo;
	for (size_t i = n; i > lo;) {
		i--;
		c->kind[i] = K_NONE;
		if (marked(c, i))
			continue;
		int bio, tl;
		if (lone_name(c, i))
			c->kind[i] = K_NAME;
		else if ((tl = tail_line(c, i)) != TL_NO)
			c->kind[i] = tl == TL_YES ? K_TAIL : K_WEAK;
		else if ((bio = is_bio(c, i, lo, 0)) != BIO_NO)
			c->kind[i] = bio == BIO_STRONG ? K_BIO : K_WEAK_BIO;
		else {
			start = i + 1;
			break;
		}
	}
	/* Weak lines count only between sure furniture; the last run that
	 * is not belongs to the article, and so does all before it. */
	for (size_t i = n; i > start;) {
		i--;
		if (c->kind[i] == K_WEAK && !marked(c, i) &&
		    !weak_run_held(c, i, start)) {
			start = i + 1;
			break;
		}
	}
	int evidence = 0;
	size_t lines = 0;
	for (size_t i = start; i < n; i++) {
		if (marked(c, i) || c->kind[i] == K_NAME || c->kind[i] == K_BIO)
			evidence = 1;
		else if (c->kind[i] == K_TAIL || c->kind[i] == K_WEAK)
			lines++;
	}
	for (size_t i = start; i < n; i++) {
		if (marked(c, i))
			continue;
		if (c->kind[i] == K_NAME)
			mark(c, i, R_BYLINE);
		else if (c->kind[i] == K_BIO || (c->kind[i] == K_WEAK_BIO && evidence))
			mark(c, i, R_BIO);
		else if (c->kind[i] == K_TAIL && (evidence || lines <= TAIL_BARE_RUN))
			mark(c, i, R_TAIL);
		else if (c->kind[i] == K_WEAK && evidence)
			mark(c, i, R_TAIL);
	}
}

/* ---- the stage ---- */

static void ctx_init(struct ctx *c, struct precis_doc *doc,
                     const struct px_strip_words *w)
{
	memset(c, 0, sizeof *c);
	c->doc = doc;
	c->w = w;
	px_buf_init(&c->toks.arena, 1 << 20);
	c->f = px_xcalloc(doc->npara, sizeof *c->f);
	c->kind = px_xcalloc(doc->npara, 1);
}

static void ctx_free(struct ctx *c)
{
	free(c->toks.v);
	px_buf_free(&c->toks.arena);
	free(c->f);
	free(c->kind);
	free(c->rc);
}

enum precis_status precis_strip(struct precis_doc *doc, const struct precis_langset *set,
                                struct precis_error *err)
{
	if (!set)
		return precis_error_set(
		    err, PRECIS_E_USAGE, precis_doc_name(doc),
		    "strip needs the language data; load a langset first");
	for (size_t i = 0; i < doc->npara; i++) {
		doc->paras[i].boilerplate = 0;
		doc->paras[i].boilerplate_reason = NULL;
	}
	if (doc->npara == 0)
		return PRECIS_OK;
	struct px_strip_matcher *m;
	enum precis_status st = px_strip_matcher_get(set, &m, err);
	if (st != PRECIS_OK)
		return st;
	struct ctx c;
	ctx_init(&c, doc, px_strip_matcher_words(m));
	pass_patterns(&c, m);
	pass_social(&c);
	/* Teasers and role lines are never prose: the first sentence stays. */
	size_t prose = first_prose(&c);
	pass_teasers(&c, prose);
	pass_roles(&c);
	if (prose != SIZE_MAX) {
		pass_head(&c, prose);
		pass_dated_names(&c, prose);
		pass_tail(&c, prose);
	}
	ctx_free(&c);
	px_strip_matcher_put(m);
	return PRECIS_OK;
}
