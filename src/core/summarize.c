/* The local extractive summary: TextRank over stemmed content words, news
 * priors (lead, title, attributed statements), penalties for sentences that
 * cannot stand alone (questions, fragments, a pronoun or connective at the
 * start, an interview's unattributed answers), maximal marginal relevance,
 * and quote units (summary_units.c). See precis/summary.h; the weights are
 * in W below.
 *
 * Cost: tokenizing is linear in the text; the graph is built over the first
 * GRAPH_CAP candidates only (a press article's story is told long before),
 * so its quadratic part is bounded; later sentences are ranked on their
 * priors alone. */
#include "precis/summary.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/doc_int.h"
#include "core/lang_int.h"
#include "core/summary_int.h"
#include "core/utf8.h"
#include "util/buf.h"
#include "util/mem.h"

#define GRAPH_CAP 60
#define PR_DAMPING 0.85
#define PR_ITERATIONS 40
#define PR_EPSILON 1e-5 /* mean change per sentence */
#define MMR_POOL 512    /* candidates MMR weighs, the best by score */
/* A label ("Entretien.", "Vidéo.") is never a summary sentence alone. */
#define MIN_WORDS_ALONE 3

/* A delayed lead: the story told first through one person's anecdote
 * (little of the title in it), then stated in a later paragraph that
 * holds much of the title (what news writers call the nut graf). The
 * paragraphs looked at, and how little and how much of the title. */
#define NUT_WINDOW 4
#define ANECDOTE_MAX 0.25
#define NUT_MIN 0.35 /* and twice the first paragraph's */

/* How a sentence is scored, in one place. A sentence's score is
 *   rank · centrality + pos · lead position + title · title overlap
 *   + quote · attributed statement
 * over the sum of the weights (each feature is 0..1; without a title its
 * weight drops out of both), then multiplied by the penalties below.
 * Tuned with tests/bench/bench_rouge.sh on the fixtures and the dev set
 * (tests/bench/rouge-dev) together: the figures move by a point or less
 * over wide ranges of each weight (title 0.15..0.2, rank 0.25..0.3, pos
 * 0.45..0.5, opener 0.5..0.85), so the values sit in the middle of flat
 * ranges rather than on a peak of 24 articles. */
static const struct {
	/* TextRank centrality: what the article keeps coming back to. Second
	 * to position: in news the lead is written to be the summary. */
	double rank;
	/* The lead carries the story (inverted pyramid). */
	double pos;
	/* The title names the story: a sentence sharing its words tells it,
	 * which helps the news past an anecdotal opening. Higher, it picks
	 * sentences that repeat the title's words and say little more. */
	double title;
	/* An attributed statement is the heart of many articles; but a quote
	 * is the speaker's words, not the news: a nudge only (0.03 to 0.05
	 * score the same over the 31 articles of the two ROUGE sets; from
	 * 0.07 up, quotes of passers-by push out the news). */
	double quote;
	/* Lead position: 1 / (1 + paragraph)^para_decay, divided by
	 * (1 + sent_decay · sentence within its paragraph): a paragraph's
	 * first sentence says what the rest details. */
	double para_decay;
	double sent_decay;
	/* Sentences shorter than full_words say too little to stand alone:
	 * scaled by words / full_words. */
	double full_words;
	/* A question asks; the answer carries the news. */
	double question;
	/* A sentence opening on a pronoun or a connective (lang/<code>/
	 * summary-openers.txt: "Il", "But") leans on the one before it and
	 * reads as cut from its context when shown alone. */
	double opener;
	/* The paragraph after an interviewer's question is the answer: the
	 * interviewee's words with no name written on them. */
	double answer;
	/* First person outside quotation marks (lang/<code>/first-person.txt):
	 * speech nobody is named for, or the writer's aside. */
	double first_person;
	/* The attributed-statement feature: a named speaker's statement
	 * scores quote_named, up to 1 for the speaker quoted most in the
	 * article (its main voices, not a passer-by quoted once); an unnamed
	 * source's, quote_unnamed. */
	double quote_named;
	double quote_unnamed;
	/* A statement whose speaker its unit does not name ("she said"):
	 * the reader of the summary cannot tell who speaks. */
	double unnamed;
	/* Maximal marginal relevance: the share of the score against the
	 * redundancy with what is already taken. Lower drops a quote that
	 * details the sentence introducing it (they share its words). */
	double mmr_lambda;
} W = {
    .rank = 0.30,
    .pos = 0.45,
    .title = 0.20,
    .quote = 0.04,
    .para_decay = 1.0,
    .sent_decay = 0.3,
    .full_words = 8,
    .question = 0.25,
    .opener = 0.7,
    .answer = 0.5,
    .first_person = 0.7,
    .quote_named = 0.5,
    .quote_unnamed = 0.5,
    .unnamed = 0.6,
    .mmr_lambda = 0.75,
};

struct cand {
	size_t sent;
	size_t tok, ntok; /* sorted unique stem ids in ctx.toks */
	size_t words;
	double score;
	int question;     /* asked, not answered: never picked alone */
	int first_person; /* holds a word of lang's first-person list */
};

struct ctx {
	struct precis_doc *doc;
	struct px_lex *lex;
	struct px_buf fold;
	int saw_first_person; /* set by tokenize */
	uint32_t *toks;
	size_t ntoks, catoks;
};

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/* A sentence's stems in order: an insertion sort for the usual few dozen
 * (qsort's calls were most of the cost), qsort past that. */
static void sort_u32(uint32_t *v, size_t n)
{
	if (n > 48) {
		qsort(v, n, sizeof *v, cmp_u32);
		return;
	}
	for (size_t i = 1; i < n; i++) {
		uint32_t x = v[i];
		size_t j = i;
		for (; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

/* One word of the text: its stem appended to ctx.toks unless it is a
 * stopword or a single letter (summary_lex.c). */
static void add_word(struct ctx *c, const char *w, size_t n, size_t letters)
{
	uint32_t id = px_lex_word(c->lex, w, n, letters, &c->saw_first_person);
	if (id == PX_LEX_SKIP)
		return;
	c->toks = px_xgrow(c->toks, &c->catoks, c->ntoks + 1, sizeof *c->toks);
	c->toks[c->ntoks++] = id;
}

/* The content stems of [start, end) appended to ctx.toks, sorted and
 * deduplicated; *words gets the count of written words. */
static void tokenize(struct ctx *c, size_t start, size_t end, size_t *tok, size_t *ntok,
                     size_t *words)
{
	const char *t = c->doc->text;
	size_t first = c->ntoks, i = start, w = start, letters = 0, nw = 0;
	int in_word = 0, in_run = 0;
	while (i < end) {
		size_t at = i;
		int32_t cp = px_utf8_next(t, end, &i);
		int wordy = cp >= 0 && (px_cp_is_alpha(cp) || px_cp_is_digit(cp));
		if (wordy) {
			if (!in_word) {
				w = at;
				letters = 0;
			}
			in_word = 1;
			letters++;
			if (!in_run)
				nw++;
			in_run = 1;
			continue;
		}
		if (in_word)
			add_word(c, t + w, at - w, letters);
		in_word = 0;
		if (cp < 0 || px_cp_is_space(cp))
			in_run = 0;
	}
	if (in_word)
		add_word(c, t + w, end - w, letters);
	size_t n = c->ntoks - first;
	sort_u32(c->toks + first, n);
	size_t k = 0;
	for (size_t j = 0; j < n; j++)
		if (!k || c->toks[first + j] != c->toks[first + k - 1])
			c->toks[first + k++] = c->toks[first + j];
	c->ntoks = first + k;
	*tok = first;
	*ntok = k;
	if (words)
		*words = nw;
}

static size_t shared(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
	size_t i = 0, j = 0, n = 0;
	while (i < na && j < nb) {
		if (a[i] < b[j])
			i++;
		else if (a[i] > b[j])
			j++;
		else {
			n++;
			i++;
			j++;
		}
	}
	return n;
}

/* TextRank's edge weight: shared stems over the log lengths. */
static double tr_sim(const struct ctx *c, const struct cand *x, const struct cand *y)
{
	size_t s = shared(c->toks + x->tok, x->ntok, c->toks + y->tok, y->ntok);
	if (!s)
		return 0;
	return (double)s / (log(1.0 + (double)x->ntok) + log(1.0 + (double)y->ntok));
}

/* Redundancy, 0..1: shared stems over the geometric mean of the lengths. */
static double overlap(const struct ctx *c, const struct cand *x, const struct cand *y)
{
	if (!x->ntok || !y->ntok)
		return 0;
	size_t s = shared(c->toks + x->tok, x->ntok, c->toks + y->tok, y->ntok);
	return (double)s / sqrt((double)x->ntok * (double)y->ntok);
}

/* PageRank over the first ng candidates; rank[] normalised to max 1. */
static void textrank(const struct ctx *c, const struct cand *cd, size_t ng, double *rank)
{
	double *w = px_xcalloc(ng * ng + 3 * ng + 1, sizeof *w);
	double *out = w + ng * ng, *prev = out + ng, *next = prev + ng;
	for (size_t i = 0; i < ng; i++)
		for (size_t j = i + 1; j < ng; j++) {
			double s = tr_sim(c, &cd[i], &cd[j]);
			w[i * ng + j] = w[j * ng + i] = s;
			out[i] += s;
			out[j] += s;
		}
	/* Row i holds what i receives from each j: w(i, j) / out(j), the
	 * weights being symmetric. Most pairs of sentences share no stem:
	 * the iterations walk the nonzero entries only, in the same order,
	 * which gives the same sums (a zero term adds nothing). */
	size_t *rowstart = px_xmalloc((ng + 1) * sizeof *rowstart);
	size_t *col = px_xmalloc((ng * ng + 1) * sizeof *col);
	double *val = px_xmalloc((ng * ng + 1) * sizeof *val);
	size_t nnz = 0;
	for (size_t i = 0; i < ng; i++) {
		rowstart[i] = nnz;
		for (size_t j = 0; j < ng; j++)
			if (w[i * ng + j] != 0 && out[j] > 0) {
				col[nnz] = j;
				val[nnz++] = w[i * ng + j] / out[j];
			}
	}
	rowstart[ng] = nnz;
	for (size_t i = 0; i < ng; i++)
		prev[i] = 1.0;
	for (int it = 0; it < PR_ITERATIONS; it++) {
		double delta = 0;
		for (size_t i = 0; i < ng; i++) {
			double sum = 0;
			for (size_t e = rowstart[i]; e < rowstart[i + 1]; e++)
				sum += val[e] * prev[col[e]];
			next[i] = (1 - PR_DAMPING) + PR_DAMPING * sum;
			delta += fabs(next[i] - prev[i]);
		}
		memcpy(prev, next, ng * sizeof *prev);
		if (delta < PR_EPSILON * (double)ng)
			break;
	}
	free(rowstart);
	free(col);
	free(val);
	double max = 0;
	for (size_t i = 0; i < ng; i++)
		if (prev[i] > max)
			max = prev[i];
	for (size_t i = 0; i < ng; i++)
		rank[i] = max > 0 ? prev[i] / max : 0;
	free(w);
}

/* Whether sentence s ends with "?" (quotation marks and spaces after it
 * aside). */
/* The paragraph rank (among those with candidates) where a delayed lead's
 * story starts, or 0 when the article opens on its news. */
static size_t delayed_lead(const struct ctx *c, const struct cand *cd, size_t ncand,
                           const struct cand *title)
{
	if (title->ntok < 3)
		return 0;
	double best[NUT_WINDOW] = {0};
	size_t rank = 0, last = SIZE_MAX;
	for (size_t k = 0; k < ncand; k++) {
		size_t para = c->doc->sents[cd[k].sent].paragraph;
		if (last != SIZE_MAX && para != last)
			rank++;
		last = para;
		if (rank >= NUT_WINDOW)
			break;
		double t = (double)shared(c->toks + cd[k].tok, cd[k].ntok, c->toks + title->tok,
		                          title->ntok) /
		           (double)title->ntok;
		if (t > best[rank])
			best[rank] = t;
	}
	if (best[0] >= ANECDOTE_MAX)
		return 0;
	for (size_t j = 1; j < NUT_WINDOW && j <= rank; j++)
		if (best[j] >= NUT_MIN && best[j] >= 2 * best[0])
			return j;
	return 0;
}

static int cmp_quote_speaker(const void *a, const void *b)
{
	const struct precis_quote *x = *(const struct precis_quote *const *)a;
	const struct precis_quote *y = *(const struct precis_quote *const *)b;
	return strcmp(x->speaker, y->speaker);
}

/* count[i]: how many statements the speaker of statement i said (0 for an
 * unnamed speaker or a term); returns the most any named speaker said (at
 * least 1). Sorted once, so a document of many quotes stays n log n. */
static size_t speaker_counts(const struct precis_doc *doc, size_t *count)
{
	const struct precis_quote **v = px_xmalloc((doc->nquote + 1) * sizeof *v);
	size_t n = 0, most = 1;
	for (size_t i = 0; i < doc->nquote; i++) {
		count[i] = 0;
		if (doc->quotes[i].kind == PRECIS_QUOTE_STATEMENT && *doc->quotes[i].speaker)
			v[n++] = &doc->quotes[i];
	}
	qsort(v, n, sizeof *v, cmp_quote_speaker);
	for (size_t a = 0, b; a < n; a = b) {
		for (b = a + 1; b < n && strcmp(v[a]->speaker, v[b]->speaker) == 0; b++)
			;
		for (size_t k = a; k < b; k++)
			count[v[k] - doc->quotes] = b - a;
		if (b - a > most)
			most = b - a;
	}
	free(v);
	return most;
}

static int ends_with_question(const struct precis_doc *doc, size_t s)
{
	const struct precis_span *sp = &doc->sents[s].span;
	size_t i = sp->end;
	while (i > sp->start) {
		size_t j = px_utf8_prev(doc->text, i);
		size_t k = j;
		int32_t cp = px_utf8_next(doc->text, i, &k);
		if (cp == '?')
			return 1;
		if (!(px_cp_is_space(cp) || px_cp_is_punct(cp)) || cp == '.' || cp == '!')
			return 0;
		i = j;
	}
	return 0;
}

/* Whether sentence s starts with a word of list (its first word, when the
 * sentence opens on a letter: not inside a quotation mark). */
static int opens_on(const struct precis_doc *doc, size_t s, struct px_buf *fold,
                    const struct px_list *list)
{
	if (!list || !list->nfolded)
		return 0;
	const struct precis_span *sp = &doc->sents[s].span;
	size_t i = sp->start, w = 0, e = 0;
	int32_t cp = 0;
	/* the first word, then the first two and three ("Selon elle",
	 * "According to him"): the list holds phrases too */
	for (int words = 0; words < 3; words++) {
		size_t ws;
		do {
			ws = i;
			cp = i < sp->end ? px_utf8_next(doc->text, sp->end, &i) : -1;
		} while (i < sp->end && px_cp_is_space(cp));
		if (cp < 0 || !px_cp_is_alpha(cp))
			return 0;
		if (!words)
			w = ws;
		e = i;
		while (i < sp->end) {
			size_t at = i;
			cp = px_utf8_next(doc->text, sp->end, &i);
			if (cp < 0 || !px_cp_is_alpha(cp)) {
				i = at;
				break;
			}
			e = i;
		}
		px_buf_reset(fold);
		px_utf8_fold(doc->text + w, e - w, fold);
		if (px_list_has(list, fold->data, fold->len))
			return 1;
		/* only white space goes between the words of a phrase */
		if (i >= sp->end)
			return 0;
		size_t at = i;
		cp = px_utf8_next(doc->text, sp->end, &i);
		i = at;
		if (!px_cp_is_space(cp))
			return 0;
	}
	return 0;
}

/* Whether paragraph p ends with a question: an interviewer's. */
static int asks(const struct precis_doc *doc, size_t p)
{
	const struct precis_para *pp = &doc->paras[p];
	return pp->sentence_count &&
	       ends_with_question(doc, pp->first_sentence + pp->sentence_count - 1);
}

/* The title: the first paragraph that is not boilerplate, when a heading. */
static size_t find_title(const struct precis_doc *doc)
{
	for (size_t p = 0; p < doc->npara; p++) {
		if (doc->paras[p].boilerplate)
			continue;
		return doc->paras[p].heading ? p : (size_t)-1;
	}
	return (size_t)-1;
}

static const struct precis_lang *doc_lang(const struct precis_doc *doc,
                                          const struct precis_langset *set)
{
	const struct precis_lang *l = precis_langset_find(set, doc->lang);
	for (size_t p = 0; !l && p < doc->npara; p++)
		if (!doc->paras[p].boilerplate)
			l = precis_langset_find(set, doc->paras[p].lang);
	return l;
}

struct pick {
	size_t *unit;    /* per sentence: its unit (summary_units.c) */
	size_t *next;    /* per sentence: the next one of its unit, or SIZE_MAX */
	size_t *head;    /* scratch: per unit, its first sentence */
	size_t *cand_of; /* per sentence: candidate index, or SIZE_MAX */
	unsigned char *taken;
};

/* The candidates of unit u (the sentences u.. with unit u), or 0 when one of
 * them cannot be shown (boilerplate, heading). *nsent, *nwords: its size;
 * *score: its best sentence's, a little less for every extra sentence. */
static int unit_info(const struct precis_doc *doc, const struct pick *pk,
                     const struct cand *cd, size_t u, size_t *nsent, size_t *nwords,
                     double *score)
{
	size_t ns = 0, nw = 0;
	double best = -1;
	(void)doc;
	for (size_t s = u; s != SIZE_MAX; s = pk->next[s]) {
		if (pk->cand_of[s] == SIZE_MAX)
			return 0;
		const struct cand *x = &cd[pk->cand_of[s]];
		ns++;
		nw += x->words;
		if (x->score > best)
			best = x->score;
	}
	if (ns == 1 && (cd[pk->cand_of[u]].question || nw < MIN_WORDS_ALONE))
		return 0;
	*nsent = ns;
	*nwords = nw;
	*score = best * (1.0 - 0.05 * (double)(ns - 1));
	return ns > 0;
}

/* How much unit u repeats the sentences already taken: its sentences'
 * redundancy (red: per candidate, kept up to date as units are taken),
 * weighted by their words. Not their maximum: one short sentence of a long
 * quote that shares a word with the lead would sink the whole quote. */
static double unit_redundancy(const struct pick *pk, const struct cand *cd,
                              const double *red, size_t u)
{
	double r = 0, w = 0;
	for (size_t s = u; s != SIZE_MAX; s = pk->next[s]) {
		const struct cand *x = &cd[pk->cand_of[s]];
		r += red[pk->cand_of[s]] * (double)x->words;
		w += (double)x->words;
	}
	return w > 0 ? r / w : 0;
}

static void set_summary(struct precis_doc *doc, const unsigned char *taken)
{
	doc->nsummary = 0;
	for (size_t s = 0; s < doc->nsent; s++)
		if (taken[s]) {
			doc->summary = px_xgrow(doc->summary, &doc->casummary,
			                        doc->nsummary + 1, sizeof *doc->summary);
			doc->summary[doc->nsummary++] = s;
		}
}

/* The candidates by score, best first (ties: article order). */
static size_t *by_score(const struct cand *cd, size_t ncand)
{
	size_t *o = px_xmalloc((ncand + 1) * sizeof *o);
	for (size_t k = 0; k < ncand; k++)
		o[k] = k;
	/* Insertion into a sorted prefix would be quadratic on a long doc:
	 * a merge sort on indices, stable. */
	size_t *tmp = px_xmalloc((ncand + 1) * sizeof *tmp);
	for (size_t w = 1; w < ncand; w *= 2) {
		for (size_t lo = 0; lo < ncand; lo += 2 * w) {
			size_t mid = lo + w < ncand ? lo + w : ncand;
			size_t hi = lo + 2 * w < ncand ? lo + 2 * w : ncand;
			size_t i = lo, j = mid, t = lo;
			while (i < mid && j < hi)
				tmp[t++] =
				    cd[o[j]].score > cd[o[i]].score ? o[j++] : o[i++];
			while (i < mid)
				tmp[t++] = o[i++];
			while (j < hi)
				tmp[t++] = o[j++];
		}
		memcpy(o, tmp, ncand * sizeof *o);
	}
	free(tmp);
	return o;
}

/* Picks units by maximal marginal relevance within the limits, among the
 * MMR_POOL best candidates (a long doc's summary cannot go quadratic). */
static void select_units(const struct ctx *c, struct precis_doc *doc, struct pick *pk,
                         const struct cand *cd, size_t ncand, size_t max_s, size_t max_w)
{
	size_t used_s = 0, used_w = 0;
	size_t *order = by_score(cd, ncand);
	size_t npool = ncand < MMR_POOL ? ncand : MMR_POOL;
	double *red = px_xcalloc(ncand + 1, sizeof *red);
	for (;;) {
		size_t best_u = SIZE_MAX, best_ns = 0, best_nw = 0;
		double best = -INFINITY;
		for (size_t oi = 0; oi < npool; oi++) {
			size_t k = order[oi];
			size_t u = pk->unit[cd[k].sent];
			/* A unit is weighed once, at its first sentence. */
			if (u != cd[k].sent || pk->taken[u])
				continue;
			size_t ns, nw;
			double sc;
			if (!unit_info(doc, pk, cd, u, &ns, &nw, &sc))
				continue;
			int fits = used_s + ns <= max_s && used_w + nw <= max_w;
			if (!fits && used_s > 0)
				continue;
			double m = W.mmr_lambda * sc -
			           (1 - W.mmr_lambda) * unit_redundancy(pk, cd, red, u);
			/* Nothing taken yet: a unit that fits beats one that does not. */
			if (!fits)
				m -= 10;
			if (m > best || (m == best && u < best_u)) {
				best = m;
				best_u = u;
				best_ns = ns;
				best_nw = nw;
			}
		}
		if (best_u == SIZE_MAX)
			break;
		for (size_t s = best_u; s != SIZE_MAX; s = pk->next[s]) {
			pk->taken[s] = 1;
			const struct cand *x = &cd[pk->cand_of[s]];
			for (size_t oi = 0; oi < npool; oi++) {
				double o = overlap(c, &cd[order[oi]], x);
				if (o > red[order[oi]])
					red[order[oi]] = o;
			}
		}
		used_s += best_ns;
		used_w += best_nw;
		if (used_s >= max_s || used_w >= max_w)
			break;
	}
	free(red);
	free(order);
}

enum precis_status precis_summarize(struct precis_doc *doc,
                                    const struct precis_langset *set,
                                    const struct precis_summary_opts *opts,
                                    struct precis_error *err)
{
	static const struct precis_summary_opts defaults = {0};
	if (!opts)
		opts = &defaults;
	if (!(opts->ratio >= 0 && opts->ratio <= 1))
		return precis_error_set(
		    err, PRECIS_E_USAGE, doc->name,
		    "the summary ratio must be between 0 and 1 (got %g)", opts->ratio);
	precis_error_clear(err);
	doc->nsummary = 0;
	size_t title = find_title(doc);
	doc->title_plus1 = title == (size_t)-1 ? 0 : title + 1;

	struct ctx c = {.doc = doc};
	const struct precis_lang *lang = set ? doc_lang(doc, set) : NULL;
	c.lex = px_lex_take(lang);
	px_buf_init(&c.fold, SIZE_MAX);

	struct cand *cd = px_xmalloc((doc->nsent + 1) * sizeof *cd);
	struct pick pk;
	pk.unit = px_xmalloc((doc->nsent + 1) * sizeof *pk.unit);
	pk.cand_of = px_xmalloc((doc->nsent + 1) * sizeof *pk.cand_of);
	pk.next = px_xmalloc((doc->nsent + 1) * sizeof *pk.next);
	pk.head = px_xmalloc((doc->nsent + 1) * sizeof *pk.head);
	pk.taken = px_xcalloc(doc->nsent + 1, 1);

	size_t ncand = 0;
	for (size_t s = 0; s < doc->nsent; s++) {
		pk.cand_of[s] = SIZE_MAX;
		const struct precis_sentence *se = &doc->sents[s];
		if (se->paragraph >= doc->npara)
			continue;
		const struct precis_para *p = &doc->paras[se->paragraph];
		if (p->boilerplate || p->heading)
			continue;
		struct cand *x = &cd[ncand];
		x->sent = s;
		x->question = 0;
		c.saw_first_person = 0;
		tokenize(&c, se->span.start, se->span.end, &x->tok, &x->ntok, &x->words);
		if (!x->words)
			continue;
		x->first_person = c.saw_first_person;
		pk.cand_of[s] = ncand++;
	}

	if (ncand) {
		struct cand tc = {0};
		if (title != (size_t)-1)
			tokenize(&c, doc->paras[title].span.start,
			         doc->paras[title].span.end, &tc.tok, &tc.ntok, NULL);
		size_t ng = ncand < GRAPH_CAP ? ncand : GRAPH_CAP;
		double *rank = px_xcalloc(ncand, sizeof *rank);
		textrank(&c, cd, ng, rank);

		/* Statements with a named speaker: the sentences they start in;
		 * and the sentences holding part of a statement (quoted). */
		double *qb = px_xcalloc(doc->nsent + 1, sizeof *qb);
		unsigned char *quoted = px_xcalloc(doc->nsent + 1, 1);
		size_t *said = px_xmalloc((doc->nquote + 1) * sizeof *said);
		size_t most = speaker_counts(doc, said);
		for (size_t i = 0; i < doc->nquote; i++) {
			const struct precis_quote *q = &doc->quotes[i];
			if (q->kind != PRECIS_QUOTE_STATEMENT ||
			    q->sentence >= doc->nsent)
				continue;
			/* the article's main voices (quoted most) before a
			 * passer-by quoted once */
			double b = *q->speaker ? W.quote_named +
			                             (1 - W.quote_named) *
			                                 (double)said[i] /
			                                 (double)most
			                       : W.quote_unnamed;
			if (b > qb[q->sentence])
				qb[q->sentence] = b;
			for (size_t s = q->sentence;
			     s < doc->nsent && doc->sents[s].span.start < q->span.end;
			     s++)
				quoted[s] = 1;
		}

		size_t nut = delayed_lead(&c, cd, ncand, &tc);
		const struct px_list *openers =
		    lang ? px_lang_list(lang, "summary-openers") : NULL;
		size_t para_rank = 0, last_para = SIZE_MAX, in_para = 0;
		int answer = 0;
		for (size_t k = 0; k < ncand; k++) {
			struct cand *x = &cd[k];
			size_t para = doc->sents[x->sent].paragraph;
			if (para != last_para) {
				if (last_para != SIZE_MAX)
					para_rank++;
				/* The paragraph after an interviewer's question
				 * is the answer: the interviewee's words, with
				 * no attribution written. */
				answer = last_para != SIZE_MAX && asks(doc, last_para);
				last_para = para;
				in_para = 0;
			} else {
				in_para++;
			}
			/* after a delayed lead the story starts at the nut
			 * graf; the anecdote ranks as the paragraph after it */
			size_t rank_pos = para_rank >= nut ? para_rank - nut : para_rank + 1;
			double pos = 1.0 / pow(1.0 + (double)rank_pos, W.para_decay) /
			             (1.0 + W.sent_decay * (double)in_para);
			double t = 0, wt = 0;
			if (tc.ntok) {
				wt = W.title;
				t = (double)shared(c.toks + x->tok, x->ntok,
				                   c.toks + tc.tok, tc.ntok) /
				    (double)tc.ntok;
			}
			x->score = (W.rank * rank[k] + W.pos * pos + wt * t +
			            W.quote * qb[x->sent]) /
			           (W.rank + W.pos + wt + W.quote);
			/* An interviewer's paragraph that ends in a question
			 * is a question throughout; alone it is no summary. */
			if (ends_with_question(doc, x->sent) || asks(doc, para)) {
				x->score *= W.question;
				x->question = 1;
			}
			if (answer)
				x->score *= W.answer;
			/* First person in a sentence with no quote in it:
			 * speech nobody is named for (an interview's answer).
			 * In a quote's sentences the words are the speaker's. */
			if (x->first_person && !quoted[x->sent])
				x->score *= W.first_person;
			if ((double)x->words < W.full_words)
				x->score *= (double)x->words / W.full_words;
			/* The article's first sentence has nothing before
			 * it to lean on. */
			if (k > 0 && opens_on(doc, x->sent, &c.fold, openers))
				x->score *= W.opener;
		}
		free(qb);
		free(said);
		free(quoted);
		free(rank);

		size_t max_s = opts->sentences
		                   ? opts->sentences
		                   : (opts->words || opts->ratio > 0 ? SIZE_MAX : 3);
		if (opts->ratio > 0) {
			size_t r = (size_t)ceil(opts->ratio * (double)ncand);
			if (r < 1)
				r = 1;
			if (r < max_s)
				max_s = r;
		}
		size_t max_w = opts->words ? opts->words : SIZE_MAX;
		px_summary_units(doc, pk.unit);
		/* A quote whose speaker the unit does not name ("...", she
		 * said) reads, alone, as words from nobody. */
		unsigned char *unnamed = px_xcalloc(doc->nsent + 1, 1);
		px_summary_unnamed(doc, pk.unit, unnamed);
		for (size_t s = 0; s < doc->nsent; s++)
			if (unnamed[s] && pk.cand_of[s] != SIZE_MAX)
				cd[pk.cand_of[s]].score *= W.unnamed;
		free(unnamed);
		for (size_t s = 0; s < doc->nsent; s++)
			pk.head[s] = SIZE_MAX;
		for (size_t s = doc->nsent; s-- > 0;) {
			pk.next[s] = pk.head[pk.unit[s]];
			pk.head[pk.unit[s]] = s;
		}
		select_units(&c, doc, &pk, cd, ncand, max_s, max_w);
		set_summary(doc, pk.taken);
	}

	free(pk.taken);
	free(pk.cand_of);
	free(pk.next);
	free(pk.head);
	free(pk.unit);
	free(cd);
	free(c.toks);
	px_buf_free(&c.fold);
	px_lex_give(c.lex);
	return PRECIS_OK;
}

size_t precis_doc_summary_count(const struct precis_doc *doc)
{
	return doc->nsummary;
}

size_t precis_doc_summary_sentence(const struct precis_doc *doc, size_t i)
{
	return i < doc->nsummary ? doc->summary[i] : (size_t)-1;
}

size_t precis_doc_title(const struct precis_doc *doc)
{
	return doc->title_plus1 ? doc->title_plus1 - 1 : (size_t)-1;
}
