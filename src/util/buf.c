#include "util/buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

void px_buf_init(struct px_buf *b, size_t limit)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->limit = limit;
}

void px_buf_free(struct px_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

void px_buf_reset(struct px_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

int px_buf_add(struct px_buf *b, const void *data, size_t n)
{
	if (n > b->limit || b->len > b->limit - n)
		return -1;
	if (b->len + n + 1 > b->cap) {
		size_t c = b->cap ? b->cap : 64;
		while (c < b->len + n + 1)
			c *= 2;
		b->data = px_xrealloc(b->data, c);
		b->cap = c;
	}
	if (n)
		memcpy(b->data + b->len, data, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int px_buf_addc(struct px_buf *b, char c)
{
	return px_buf_add(b, &c, 1);
}

int px_buf_adds(struct px_buf *b, const char *s)
{
	return px_buf_add(b, s, strlen(s));
}

int px_buf_printf(struct px_buf *b, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	if ((size_t)n < sizeof small)
		return px_buf_add(b, small, (size_t)n);
	char *big = px_xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	int rc = px_buf_add(b, big, (size_t)n);
	free(big);
	return rc;
}

int px_buf_add_cp(struct px_buf *b, unsigned cp)
{
	char s[4];
	size_t n;
	if (cp < 0x80) {
		s[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		s[0] = (char)(0xC0 | (cp >> 6));
		s[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		s[0] = (char)(0xE0 | (cp >> 12));
		s[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		s[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		s[0] = (char)(0xF0 | (cp >> 18));
		s[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		s[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		s[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	return px_buf_add(b, s, n);
}

char *px_buf_take(struct px_buf *b, size_t *len)
{
	if (!b->data)
		px_buf_add(b, "", 0);
	char *d = b->data;
	if (len)
		*len = b->len;
	b->data = NULL;
	b->len = b->cap = 0;
	return d;
}
