/*
 * wrap.c — lines at a display width, broken where ICU's line rules allow.
 *
 * The text is converted to UTF-16 once; ICU's line breaker (UAX #14) gives
 * the break opportunities, and each run between two of them is a unit: its
 * content, then the breaking spaces after it. Units are glued when a line
 * would start with a closing mark or `? ! ; :`, or end with an opening mark
 * (scraped French writes « x » and `mot ?` with plain spaces, where ICU
 * allows a break), then laid out greedily: a unit goes on the current line
 * when it fits, else it starts the next; a unit wider than a line gets one
 * to itself. Mandatory breaks (a newline) end the line.
 *
 * ubrk_open costs far more than a paragraph, so line iterators are kept in
 * a small process-wide pool per locale (a template, and clones handed to
 * one caller at a time), the way segment.c keeps its sentence iterators.
 */
#include "precis/wrap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/ubrk.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include "core/brk_pool.h"
#include "util/buf.h"
#include "util/mem.h"

#define DEFAULT_WIDTH 80

/* ---- widths ------------------------------------------------------------- */

static size_t cp_width(UChar32 c)
{
	if (c < 0x20 || (c >= 0x7F && c < 0xA0))
		return 0;
	int8_t cat = u_charType(c);
	if (cat == U_NON_SPACING_MARK || cat == U_ENCLOSING_MARK || cat == U_FORMAT_CHAR)
		return 0;
	if (c >= 0x1160 && c <= 0x11FF) /* Hangul medial vowels and final consonants */
		return 0;
	int eaw = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
	return eaw == U_EA_WIDE || eaw == U_EA_FULLWIDTH ? 2 : 1;
}

size_t precis_display_width(const char *text, size_t len)
{
	const uint8_t *s = (const uint8_t *)text;
	size_t w = 0;
	for (size_t i = 0; i < len;) {
		UChar32 c = s[i];
		if (c < 0x80) {
			i++;
			w += c >= 0x20 && c != 0x7F;
			continue;
		}
		/* U8_NEXT takes a signed length; decode at most 4 bytes at a time. */
		int32_t k = 0, n = len - i < 4 ? (int32_t)(len - i) : 4;
		U8_NEXT(s + i, k, n, c);
		i += (size_t)k;
		w += c < 0 ? 1 : cp_width(c);
	}
	return w;
}

static size_t width16(const UChar *u, int32_t a, int32_t b)
{
	size_t w = 0;
	while (a < b) {
		UChar32 c;
		U16_NEXT(u, a, b, c);
		w += cp_width(c);
	}
	return w;
}

/* ---- units -------------------------------------------------------------- */

/* Spaces where a line may break (the no-break ones are not). */
static int breaking_space(UChar32 c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v' || c == 0x85 || c == 0x1680 ||
	       (c >= 0x2000 && c <= 0x200A && c != 0x2007) || c == 0x2028 ||
	       c == 0x2029 || c == 0x205F || c == 0x3000;
}

/* What may not start a line even after a space. */
static int closing(UChar32 c)
{
	return c == 0xBB || c == 0x201D || c == 0x2019 || c == 0x203A || c == ')' ||
	       c == ']' || c == '}' || c == '?' || c == '!' || c == ';' || c == ':' ||
	       c == ',' || c == '.' || c == 0x2026 || c == 0x203C || c == 0x2049;
}

/* What may not end a line even before a space. */
static int opening(UChar32 c)
{
	return c == 0xAB || c == 0x201C || c == 0x2018 || c == 0x201E || c == 0x2039 ||
	       c == '(' || c == '[' || c == '{';
}

struct unit {
	int32_t start, content_end, end; /* content [start, content_end), spaces after */
	int hard;                        /* a mandatory break after it */
};

/* Whether the run of non-space text at u[k..n) is a web address: ICU
 * allows breaks after its slashes, but a cut address cannot be copied or
 * clicked, so it is kept whole like a long word. */
static int url_at(const UChar *u, int32_t k, int32_t n)
{
	static const char *const starts[] = {"http://", "https://", "www."};
	for (size_t i = 0; i < sizeof starts / sizeof starts[0]; i++) {
		int32_t j = 0;
		while (starts[i][j] && k + j < n && u[k + j] == (UChar)starts[i][j])
			j++;
		if (!starts[i][j])
			return 1;
	}
	return 0;
}

/* ICU's segments as units, glued where a break would leave a closing mark
 * at the start of a line or an opening one at its end, or cut a web
 * address. */
static size_t make_units(UBreakIterator *bi, const UChar *u, int32_t n16,
                         struct unit **out)
{
	struct unit *v = NULL;
	size_t n = 0, cap = 0;
	int url = 0; /* the current run of non-space text is a web address */
	int32_t prev = ubrk_first(bi);
	for (int32_t pos = ubrk_next(bi); pos != UBRK_DONE;
	     prev = pos, pos = ubrk_next(bi)) {
		struct unit x = {prev, pos, pos,
		                 ubrk_getRuleStatus(bi) >= UBRK_LINE_HARD};
		int joined = n && v[n - 1].end == v[n - 1].content_end && !v[n - 1].hard;
		if (!joined)
			url = url_at(u, x.start, n16);
		while (x.content_end > x.start) {
			UChar32 c;
			int32_t k = x.content_end;
			U16_PREV(u, x.start, k, c);
			if (!breaking_space(c))
				break;
			x.content_end = k;
		}
		if (n && !v[n - 1].hard && x.content_end > x.start) {
			struct unit *p = &v[n - 1];
			UChar32 first, last = 0;
			int32_t k = x.start;
			U16_NEXT(u, k, x.end, first);
			if (p->content_end > p->start) {
				k = p->content_end;
				U16_PREV(u, p->start, k, last);
			}
			if (closing(first) || opening(last) ||
			    p->content_end == p->start || (joined && url)) {
				p->content_end = x.content_end;
				p->end = x.end;
				p->hard = x.hard;
				continue;
			}
		}
		v = px_xgrow(v, &cap, n + 1, sizeof *v);
		v[n++] = x;
	}
	*out = v;
	return n;
}

/* ---- layout ------------------------------------------------------------- */

struct layout {
	struct px_buf *out;
	const UChar *u;
	const char *first, *indent;
	size_t avail_first, avail_rest;
	int started;  /* a line has been begun (its prefix written) */
	int on_first; /* the line being filled is the first one */
	size_t col;   /* columns used on the current line, prefix left out */
	int any;      /* the current line holds content */
};

static void add16(struct px_buf *b, const UChar *u, int32_t a, int32_t e)
{
	while (a < e) {
		UChar32 c;
		U16_NEXT(u, a, e, c);
		px_buf_add_cp(b, (unsigned)c);
	}
}

static void begin_line(struct layout *l)
{
	if (l->started)
		return;
	const char *p = l->on_first ? l->first : l->indent;
	if (p)
		px_buf_adds(l->out, p);
	l->started = 1;
}

static void end_line(struct layout *l)
{
	if (!l->started) {
		begin_line(l);
	}
	if (!l->any) /* a prefix alone: no trailing spaces */
		while (l->out->len && l->out->data[l->out->len - 1] == ' ')
			l->out->data[--l->out->len] = '\0';
	px_buf_addc(l->out, '\n');
	l->started = l->any = 0;
	l->on_first = 0;
	l->col = 0;
}

static void lay_out(struct layout *l, const struct unit *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct unit *x = &v[i];
		size_t w = width16(l->u, x->start, x->content_end);
		size_t avail = l->on_first ? l->avail_first : l->avail_rest;
		if (l->any) {
			const struct unit *p = &v[i - 1];
			size_t sp = width16(l->u, p->content_end, p->end);
			if (sp == 0 && p->end > p->content_end)
				sp = 1;
			if (l->col + sp + w > avail) {
				end_line(l);
			} else {
				add16(l->out, l->u, p->content_end, p->end);
				l->col += sp;
			}
		}
		if (x->content_end > x->start) {
			begin_line(l);
			add16(l->out, l->u, x->start, x->content_end);
			l->col += w;
			l->any = 1;
		}
		if (x->hard)
			end_line(l);
	}
	if (l->any)
		end_line(l);
}

/* The text in UTF-16 (invalid bytes as U+FFFD). NULL when it is too long
 * for ICU's 32-bit lengths. */
static UChar *to_utf16(const char *text, size_t len, int32_t *n16)
{
	if (len >= INT32_MAX / 2)
		return NULL;
	const uint8_t *s = (const uint8_t *)text;
	UChar *u = px_xmalloc((len + 1) * sizeof *u);
	int32_t n = 0;
	for (int32_t i = 0; (size_t)i < len;) {
		UChar32 c;
		U8_NEXT(s, i, (int32_t)len, c);
		if (c < 0)
			c = 0xFFFD;
		U16_APPEND_UNSAFE(u, n, c);
	}
	*n16 = n;
	return u;
}

enum precis_status precis_wrap(const char *text, size_t len,
                               const struct precis_wrap_opts *opts, char **out,
                               size_t *out_len, struct precis_error *err)
{
	static const struct precis_wrap_opts defaults = {0};
	if (!opts)
		opts = &defaults;
	*out = NULL;
	int32_t n16 = 0;
	UChar *u = to_utf16(text, len, &n16);
	if (!u)
		return precis_error_set(
		    err, PRECIS_E_INPUT, "wrap",
		    "the text is too long to wrap (%zu bytes); wrap it "
		    "paragraph by paragraph",
		    len);
	struct px_buf b;
	px_buf_init(&b, SIZE_MAX / 2);
	px_buf_add(&b, "", 0);
	if (n16 > 0) {
		UErrorCode st = U_ZERO_ERROR;
		size_t slot = 0;
		UBreakIterator *bi =
		    px_brk_take(UBRK_LINE, opts->locale ? opts->locale : "", &slot, &st);
		if (bi)
			ubrk_setText(bi, u, n16, &st);
		if (!bi || U_FAILURE(st)) {
			if (bi)
				px_brk_give(slot);
			free(u);
			px_buf_free(&b);
			return precis_error_set(
			    err, PRECIS_E_INTERNAL, "wrap",
			    "ICU's line breaker cannot be opened (%s); "
			    "check that the ICU data is installed",
			    u_errorName(st));
		}
		struct unit *v;
		size_t nu = make_units(bi, u, n16, &v);
		px_brk_give(slot);

		size_t width = opts->width ? opts->width : DEFAULT_WIDTH;
		size_t wf = opts->first
		                ? precis_display_width(opts->first, strlen(opts->first))
		                : 0;
		size_t wi = opts->indent
		                ? precis_display_width(opts->indent, strlen(opts->indent))
		                : 0;
		struct layout l = {
		    .out = &b,
		    .u = u,
		    .first = opts->first,
		    .indent = opts->indent,
		    .avail_first = width > wf ? width - wf : 1,
		    .avail_rest = width > wi ? width - wi : 1,
		    .on_first = 1,
		};
		lay_out(&l, v, nu);
		free(v);
	}
	free(u);
	*out = px_buf_take(&b, out_len);
	return PRECIS_OK;
}
