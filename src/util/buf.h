/* A growable byte buffer with a mandatory size cap (curl's dynbuf idea):
 * appending past the cap fails instead of eating all memory on a huge input
 * or reply. The data is always NUL-terminated. The buffer owns its data until
 * px_buf_take() hands it over. */
#ifndef PX_BUF_H
#define PX_BUF_H

#include <stddef.h>

struct px_buf {
	char *data;
	size_t len;
	size_t cap;
	size_t limit; /* most bytes it may hold */
};

void px_buf_init(struct px_buf *b, size_t limit);
void px_buf_free(struct px_buf *b);
void px_buf_reset(struct px_buf *b); /* len = 0, memory kept */
/* 0 on success, -1 when the cap would be passed (nothing appended). */
int px_buf_add(struct px_buf *b, const void *data, size_t n);
int px_buf_addc(struct px_buf *b, char c);
int px_buf_adds(struct px_buf *b, const char *s);
int px_buf_printf(struct px_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
/* Appends code point cp as UTF-8. */
int px_buf_add_cp(struct px_buf *b, unsigned cp);
/* Hands the data (NUL-terminated, caller frees) over and empties b. */
char *px_buf_take(struct px_buf *b, size_t *len);

#endif
