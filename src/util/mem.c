#include "util/mem.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The one place precis gives up: a library that cannot allocate a few bytes
 * cannot report anything useful either. */
static void oom(size_t n)
{
	fprintf(stderr, "precis: out of memory (asked for %zu bytes)\n", n);
	abort();
}

void *px_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom(n);
	return p;
}

void *px_xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (!p)
		oom(count * size);
	return p;
}

void *px_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom(n);
	return q;
}

void *px_xgrow(void *p, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return p;
	size_t c = *cap ? *cap : 8;
	while (c < need) {
		if (c > SIZE_MAX / 2 / elem)
			oom(SIZE_MAX);
		c *= 2;
	}
	*cap = c;
	return px_xrealloc(p, c * elem);
}

char *px_xstrdup(const char *s)
{
	return px_xstrndup(s, strlen(s));
}

char *px_xstrndup(const char *s, size_t n)
{
	char *p = px_xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}
