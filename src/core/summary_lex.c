/* What summarize makes of each written word (folded, a stopword or not,
 * first person or not, its Snowball stem), kept from one document to the
 * next: folding and stemming were most of the summary's cost, and a press
 * corpus repeats its words. One cache per language, in a pool: a caller
 * takes one for a document and gives it back, so threads never share one.
 * Stem ids are only compared for equality, so which id a stem gets does
 * not change a summary. Memory stays flat: a cache past LEX_MAX_WORDS
 * words is emptied when it is next taken, never in the middle of a doc. */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/lang_int.h"
#include "core/stem.h"
#include "core/summary_int.h"
#include "core/utf8.h"
#include "util/buf.h"
#include "util/mem.h"

#define LEX_MAX_WORDS 65536
#define POOL_MAX 32

struct table { /* byte string → id */
	char *pool;
	size_t npool, capool;
	size_t *off, *len;
	size_t n, cap;
	uint32_t *slots; /* id + 1; 0 = empty */
	size_t nslots;
};

struct px_lex {
	uint64_t serial; /* the language's (px_lang_serial) */
	int busy;
	const struct px_list *stop, *first_person;
	struct px_stemmer *stemmer;
	struct px_buf fold;
	struct table raw;  /* words as written */
	uint32_t *info;    /* per raw word: stem id, or PX_LEX_SKIP */
	unsigned char *fp; /* per raw word: first person */
	size_t cainfo, cafp;
	struct table stems; /* stem → id */
};

static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static struct px_lex *pool[POOL_MAX];
static size_t npool;

static uint32_t hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static void table_grow(struct table *t)
{
	size_t ns = t->nslots ? 2 * t->nslots : 1024;
	uint32_t *slots = px_xcalloc(ns, sizeof *slots);
	for (size_t id = 0; id < t->n; id++) {
		size_t j = hash(t->pool + t->off[id], t->len[id]) & (ns - 1);
		while (slots[j])
			j = (j + 1) & (ns - 1);
		slots[j] = (uint32_t)id + 1;
	}
	free(t->slots);
	t->slots = slots;
	t->nslots = ns;
}

/* The id of s, added when new (*added set then). */
static uint32_t table_id(struct table *t, const char *s, size_t n, int *added)
{
	if (2 * (t->n + 1) > t->nslots)
		table_grow(t);
	size_t j = hash(s, n) & (t->nslots - 1);
	while (t->slots[j]) {
		uint32_t id = t->slots[j] - 1;
		if (t->len[id] == n && memcmp(t->pool + t->off[id], s, n) == 0)
			return id;
		j = (j + 1) & (t->nslots - 1);
	}
	t->pool = px_xgrow(t->pool, &t->capool, t->npool + n, 1);
	memcpy(t->pool + t->npool, s, n);
	t->off = px_xgrow(t->off, &t->cap, t->n + 1, sizeof *t->off);
	t->len = px_xrealloc(t->len, t->cap * sizeof *t->len);
	t->off[t->n] = t->npool;
	t->len[t->n] = n;
	t->npool += n;
	t->slots[j] = (uint32_t)t->n + 1;
	if (added)
		*added = 1;
	return (uint32_t)t->n++;
}

static void table_clear(struct table *t)
{
	t->npool = 0;
	t->n = 0;
	if (t->slots)
		memset(t->slots, 0, t->nslots * sizeof *t->slots);
}

static void table_free(struct table *t)
{
	free(t->pool);
	free(t->off);
	free(t->len);
	free(t->slots);
}

static void lex_free(struct px_lex *lx)
{
	table_free(&lx->raw);
	table_free(&lx->stems);
	free(lx->info);
	free(lx->fp);
	px_buf_free(&lx->fold);
	px_stemmer_free(lx->stemmer);
	free(lx);
}

static struct px_lex *lex_new(const struct precis_lang *lang)
{
	struct px_lex *lx = px_xcalloc(1, sizeof *lx);
	lx->serial = px_lang_serial(lang);
	if (lang) {
		lx->stop = px_lang_list(lang, "stopwords");
		lx->first_person = px_lang_list(lang, "first-person");
		lx->stemmer = px_stemmer_new(precis_lang_meta(lang, "stemmer"));
	}
	if (lx->stop && !lx->stop->nfolded)
		lx->stop = NULL;
	if (lx->first_person && !lx->first_person->nfolded)
		lx->first_person = NULL;
	px_buf_init(&lx->fold, SIZE_MAX);
	return lx;
}

struct px_lex *px_lex_take(const struct precis_lang *lang)
{
	uint64_t serial = px_lang_serial(lang);
	struct px_lex *lx = NULL;
	pthread_mutex_lock(&pool_lock);
	for (size_t i = 0; i < npool && !lx; i++)
		if (!pool[i]->busy && pool[i]->serial == serial)
			lx = pool[i];
	if (!lx) {
		/* Full: the first idle cache makes room (most likely a
		 * language set freed since). */
		if (npool == POOL_MAX) {
			for (size_t i = 0; i < npool; i++)
				if (!pool[i]->busy) {
					lex_free(pool[i]);
					pool[i] = pool[--npool];
					break;
				}
		}
		lx = lex_new(lang);
		if (npool < POOL_MAX)
			pool[npool++] = lx;
	}
	lx->busy = 1;
	pthread_mutex_unlock(&pool_lock);
	if (lx->raw.n > LEX_MAX_WORDS) {
		table_clear(&lx->raw);
		table_clear(&lx->stems);
	}
	return lx;
}

void px_lex_give(struct px_lex *lx)
{
	if (!lx)
		return;
	pthread_mutex_lock(&pool_lock);
	for (size_t i = 0; i < npool; i++)
		if (pool[i] == lx) {
			lx->busy = 0;
			lx = NULL;
			break;
		}
	pthread_mutex_unlock(&pool_lock);
	if (lx) /* no room in the pool when it was made */
		lex_free(lx);
}

uint32_t px_lex_word(struct px_lex *lx, const char *w, size_t n, size_t letters,
                     int *first_person)
{
	int added = 0;
	uint32_t id = table_id(&lx->raw, w, n, &added);
	if (added) {
		lx->info = px_xgrow(lx->info, &lx->cainfo, id + 1, sizeof *lx->info);
		lx->fp = px_xgrow(lx->fp, &lx->cafp, id + 1, 1);
		lx->info[id] = PX_LEX_SKIP;
		lx->fp[id] = 0;
		px_buf_reset(&lx->fold);
		px_utf8_fold(w, n, &lx->fold);
		const char *f = lx->fold.data;
		size_t fn = lx->fold.len;
		if (fn && lx->first_person && px_list_has(lx->first_person, f, fn))
			lx->fp[id] = 1;
		/* A single letter, a stopword: no content. */
		if (letters >= 2 && fn && !(lx->stop && px_list_has(lx->stop, f, fn))) {
			if (lx->stemmer)
				f = px_stem(lx->stemmer, f, fn, &fn);
			lx->info[id] = table_id(&lx->stems, f, fn, NULL);
		}
	}
	if (lx->fp[id])
		*first_person = 1;
	return lx->info[id];
}
