/* Allocation that never returns NULL: out of memory aborts here, with a
 * message, in one place (see STYLE.md). */
#ifndef PX_MEM_H
#define PX_MEM_H

#include <stddef.h>

void *px_xmalloc(size_t n);
void *px_xcalloc(size_t count, size_t size);
void *px_xrealloc(void *p, size_t n);
/* Grows an array of `elem` bytes so that it holds at least `need` elements;
 * *cap is updated. */
void *px_xgrow(void *p, size_t *cap, size_t need, size_t elem);
char *px_xstrdup(const char *s);
char *px_xstrndup(const char *s, size_t n);

#endif
