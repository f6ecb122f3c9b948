/* The pool of ICU break iterators: see brk_pool.h. */
#include "core/brk_pool.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

struct pooled {
	UBreakIteratorType type;
	char *locale;
	UBreakIterator *bi;
	int template; /* never handed out: clones are made from it */
	int busy;
};

static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static struct pooled *pool;
static size_t npool, capool;

static size_t pool_add(UBreakIteratorType type, const char *locale, UBreakIterator *bi,
                       int template)
{
	pool = px_xgrow(pool, &capool, npool + 1, sizeof *pool);
	pool[npool] = (struct pooled){type, px_xstrdup(locale), bi, template, !template};
	return npool++;
}

UBreakIterator *px_brk_take(UBreakIteratorType type, const char *locale, size_t *slot,
                            UErrorCode *st)
{
	UBreakIterator *bi = NULL, *model = NULL;
	pthread_mutex_lock(&pool_lock);
	for (size_t i = 0; i < npool && !bi; i++) {
		if (pool[i].type != type || strcmp(pool[i].locale, locale) != 0)
			continue;
		if (pool[i].template) {
			model = pool[i].bi;
		} else if (!pool[i].busy) {
			pool[i].busy = 1;
			*slot = i;
			bi = pool[i].bi;
		}
	}
	if (!bi && !model) {
		model = ubrk_open(type, locale, NULL, 0, st);
		if (U_SUCCESS(*st))
			pool_add(type, locale, model, 1);
	}
	if (!bi && U_SUCCESS(*st)) {
		bi = ubrk_clone(model, st);
		if (U_SUCCESS(*st))
			*slot = pool_add(type, locale, bi, 0);
		else
			bi = NULL;
	}
	pthread_mutex_unlock(&pool_lock);
	return bi;
}

void px_brk_give(size_t slot)
{
	static const UChar empty[1] = {0};
	UErrorCode st = U_ZERO_ERROR;
	pthread_mutex_lock(&pool_lock);
	ubrk_setText(pool[slot].bi, empty, 0, &st); /* forget the caller's text */
	pool[slot].busy = 0;
	pthread_mutex_unlock(&pool_lock);
}

void px_brk_cleanup(void)
{
	pthread_mutex_lock(&pool_lock);
	size_t w = 0;
	for (size_t i = 0; i < npool; i++) {
		if (pool[i].busy) {
			pool[w++] = pool[i];
			continue;
		}
		ubrk_close(pool[i].bi);
		free(pool[i].locale);
	}
	npool = w;
	if (npool == 0) {
		free(pool);
		pool = NULL;
		capool = 0;
	}
	pthread_mutex_unlock(&pool_lock);
}
