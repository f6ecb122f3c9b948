#include "core/utf8.h"

#include <unicode/uchar.h>

#include "util/buf.h"

int32_t px_utf8_next(const char *str, size_t len, size_t *i)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t p = *i;
	unsigned c = s[p];
	if (c < 0x80) {
		*i = p + 1;
		return (int32_t)c;
	}
	size_t need;
	uint32_t cp, min;
	if (c >= 0xC2 && c <= 0xDF) {
		need = 1;
		cp = c & 0x1F;
		min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		need = 2;
		cp = c & 0x0F;
		min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 3;
		cp = c & 0x07;
		min = 0x10000;
	} else {
		*i = p + 1;
		return -1;
	}
	if (p + need >= len) {
		*i = p + 1;
		return -1;
	}
	for (size_t k = 1; k <= need; k++) {
		unsigned d = s[p + k];
		if ((d & 0xC0) != 0x80) {
			*i = p + 1;
			return -1;
		}
		cp = (cp << 6) | (d & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
		*i = p + 1;
		return -1;
	}
	*i = p + need + 1;
	return (int32_t)cp;
}

size_t px_utf8_prev(const char *s, size_t i)
{
	if (i == 0)
		return 0;
	size_t j = i - 1;
	while (j > 0 && i - j < 4 && ((unsigned char)s[j] & 0xC0) == 0x80)
		j--;
	return j;
}

size_t px_utf8_valid_prefix(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		size_t j = i;
		if (px_utf8_next(s, len, &j) < 0)
			return i;
		i = j;
	}
	return len;
}

size_t px_utf8_encode(uint32_t cp, char *o)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xC0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xE0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (char)(0xF0 | (cp >> 18));
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

void px_utf8_fold(const char *s, size_t len, struct px_buf *out)
{
	size_t i = 0;
	while (i < len) {
		size_t start = i;
		int32_t cp = px_utf8_next(s, len, &i);
		if (cp < 0) {
			px_buf_add(out, s + start, i - start);
			continue;
		}
		px_buf_add_cp(out, (unsigned)u_foldCase(cp, U_FOLD_CASE_DEFAULT));
	}
}

/* ASCII answered without ICU (most press text is ASCII): the same answers
 * as u_isalpha, u_isdigit and u_isUWhiteSpace for every code point below
 * 128. */
int px_cp_is_alpha(int32_t cp)
{
	if (cp >= 0 && cp < 128)
		return ((cp | 32) >= 'a' && (cp | 32) <= 'z');
	return cp >= 0 && u_isalpha(cp);
}

int px_cp_is_upper(int32_t cp)
{
	return cp >= 0 && u_isupper(cp);
}

int px_cp_is_lower(int32_t cp)
{
	return cp >= 0 && u_islower(cp);
}

int px_cp_is_digit(int32_t cp)
{
	if (cp >= 0 && cp < 128)
		return cp >= '0' && cp <= '9';
	return cp >= 0 && u_isdigit(cp);
}

int px_cp_is_space(int32_t cp)
{
	if (cp >= 0 && cp < 128)
		return cp == ' ' || (cp >= 9 && cp <= 13);
	return cp >= 0 && (u_isUWhiteSpace(cp) || cp == 0x00A0 || cp == 0x202F || cp == 0x2007);
}

int px_cp_is_punct(int32_t cp)
{
	return cp >= 0 && u_ispunct(cp);
}
