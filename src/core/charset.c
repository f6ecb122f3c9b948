/* Bytes to UTF-8: BOMs, UTF-8, UTF-16, Windows-1252, ICU converters, and the
 * refusal of binary input. The only file of the stage that talks to ucnv and
 * ucsdet; everything leaves it as UTF-8 with an exact map to the bytes. */
#include "core/decode_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>

#include "util/buf.h"
#include "util/mem.h"

#define NONE ((size_t)-1)

/* Windows-1252 0x80..0x9F; 0 where it defines nothing. */
static const uint16_t cp1252_c1[32] = {
	0x20AC, 0x0000, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x0000, 0x017D, 0x0000,
	0x0000, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x0000, 0x017E, 0x0178,
};

/* Mac OS Roman 0x80..0xFF. */
static const uint16_t macroman_high[128] = {
	0x00C4, 0x00C5, 0x00C7, 0x00C9, 0x00D1, 0x00D6, 0x00DC, 0x00E1,
	0x00E0, 0x00E2, 0x00E4, 0x00E3, 0x00E5, 0x00E7, 0x00E9, 0x00E8,
	0x00EA, 0x00EB, 0x00ED, 0x00EC, 0x00EE, 0x00EF, 0x00F1, 0x00F3,
	0x00F2, 0x00F4, 0x00F6, 0x00F5, 0x00FA, 0x00F9, 0x00FB, 0x00FC,
	0x2020, 0x00B0, 0x00A2, 0x00A3, 0x00A7, 0x2022, 0x00B6, 0x00DF,
	0x00AE, 0x00A9, 0x2122, 0x00B4, 0x00A8, 0x2260, 0x00C6, 0x00D8,
	0x221E, 0x00B1, 0x2264, 0x2265, 0x00A5, 0x00B5, 0x2202, 0x2211,
	0x220F, 0x03C0, 0x222B, 0x00AA, 0x00BA, 0x03A9, 0x00E6, 0x00F8,
	0x00BF, 0x00A1, 0x00AC, 0x221A, 0x0192, 0x2248, 0x2206, 0x00AB,
	0x00BB, 0x2026, 0x00A0, 0x00C0, 0x00C3, 0x00D5, 0x0152, 0x0153,
	0x2013, 0x2014, 0x201C, 0x201D, 0x2018, 0x2019, 0x00F7, 0x25CA,
	0x00FF, 0x0178, 0x2044, 0x20AC, 0x2039, 0x203A, 0xFB01, 0xFB02,
	0x2021, 0x00B7, 0x201A, 0x201E, 0x2030, 0x00C2, 0x00CA, 0x00C1,
	0x00CB, 0x00C8, 0x00CD, 0x00CE, 0x00CF, 0x00CC, 0x00D3, 0x00D4,
	0xF8FF, 0x00D2, 0x00DA, 0x00DB, 0x00D9, 0x0131, 0x02C6, 0x02DC,
	0x00AF, 0x02D8, 0x02D9, 0x02DA, 0x00B8, 0x02DD, 0x02DB, 0x02C7,
};

uint32_t px_cp1252_to_cp(unsigned char b)
{
	if (b >= 0x80 && b < 0xA0 && cp1252_c1[b - 0x80])
		return cp1252_c1[b - 0x80];
	return b;
}

uint32_t px_cp1252_c1(uint32_t cp)
{
	return cp >= 0x80 && cp < 0xA0 ? cp1252_c1[cp - 0x80] : 0;
}

int px_cp1252_from_cp(uint32_t cp)
{
	if (cp < 0x100)
		return (int)cp;
	for (int i = 0; i < 32; i++)
		if (cp1252_c1[i] == cp)
			return 0x80 + i;
	return -1;
}

int px_macroman_from_cp(uint32_t cp)
{
	if (cp < 0x80)
		return (int)cp;
	for (int i = 0; i < 128; i++)
		if (macroman_high[i] == cp)
			return 0x80 + i;
	return -1;
}

void px_decoded_free(struct px_decoded *d)
{
	free(d->text);
	px_offmap_free(&d->map);
	memset(d, 0, sizeof *d);
}

static void set_encoding(struct px_decoded *d, const char *name)
{
	snprintf(d->encoding, sizeof d->encoding, "%s", name);
}

/* Appends cp as UTF-8, made from source bytes [src, src + src_len). */
static void put_cp(struct px_buf *b, struct px_offmap *m, uint32_t cp, size_t src,
                   size_t src_len)
{
	char u[4];
	size_t n;
	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		u[0] = (char)(0xF0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	px_buf_add(b, u, n);
	if (n == 1 && src_len == 1)
		px_offmap_copy(m, src, 1);
	else if (n == 1 && src_len == 2)
		px_offmap_copy_wide(m, src, 1); /* UTF-16 ASCII: one run for a stretch */
	else
		px_offmap_replace(m, src, src_len, n);
}

static void finish(struct px_decoded *d, struct px_buf *b)
{
	d->text = px_buf_take(b, &d->len);
}

/* ---- What the bytes look like ---------------------------------------- */

struct scan {
	size_t nul_at;   /* first NUL byte, or NONE */
	size_t controls; /* C0 controls other than white space */
	size_t multi;    /* valid multi-byte UTF-8 sequences */
	size_t invalid;  /* bytes that belong to no valid UTF-8 sequence */
	size_t high;     /* bytes >= 0x80 */
};

static int is_control(unsigned c)
{
	return c < 0x20 && c != '\t' && c != '\n' && c != '\v' && c != '\f' && c != '\r';
}

#define ONES ((uint64_t)0x0101010101010101ULL)
#define HIGHS ((uint64_t)0x8080808080808080ULL)

static void scan_bytes(const unsigned char *s, size_t len, struct scan *sc)
{
	memset(sc, 0, sizeof *sc);
	sc->nul_at = NONE;
	size_t i = 0;
	while (i < len) {
		/* Eight bytes at a time while they are printable ASCII; a word
		 * that is not is then read byte by byte. */
		if (i + 8 <= len) {
			uint64_t w;
			memcpy(&w, s + i, 8);
			if (!((w & HIGHS) | ((w - ONES * 0x20) & ~w & HIGHS))) {
				i += 8;
				continue;
			}
		}
		size_t stop = i + 8 < len ? i + 8 : len;
		while (i < stop) {
			unsigned c = s[i];
			if (c >= 0x20 && c < 0x80) {
				i++;
				continue;
			}
			if (c < 0x80) {
				if (c == 0 && sc->nul_at == NONE)
					sc->nul_at = i;
				if (is_control(c))
					sc->controls++;
				i++;
				continue;
			}
			size_t k = px_utf8_seq(s + i, len - i);
			if (k) {
				sc->multi++;
				sc->high += k;
				i += k;
			} else {
				sc->invalid++;
				sc->high++;
				i++;
			}
		}
	}
}

/* Binary files have NULs or many control characters; text has neither.
 * The NUL check is done by the callers (UTF-16 has NULs). */
static int too_many_controls(size_t controls, size_t len)
{
	return controls >= 4 && controls * 20 > len;
}

static enum precis_status refuse_binary(const char *doc, size_t nul_at, size_t controls,
                                        size_t len, struct precis_error *err)
{
	if (nul_at != NONE)
		return precis_error_set(err, PRECIS_E_INPUT, doc,
		                        "'%s' looks like a binary file (NUL byte at offset %zu), "
		                        "not text; if it is UTF-16 without a BOM, pass "
		                        "--encoding UTF-16LE",
		                        doc, nul_at);
	return precis_error_set(err, PRECIS_E_INPUT, doc,
	                        "'%s' looks like a binary file (%zu control characters in "
	                        "%zu bytes), not text; if it is text in a legacy encoding, "
	                        "pass --encoding NAME",
	                        doc, controls, len);
}

/* The same test on decoded text (after UTF-16 or a named converter). */
static enum precis_status check_decoded(const struct px_decoded *d, const char *doc,
                                        struct precis_error *err)
{
	size_t controls = 0;
	for (size_t i = 0; i < d->len; i++) {
		unsigned c = (unsigned char)d->text[i];
		if (c == 0)
			return refuse_binary(doc, px_offmap_lookup(&d->map, i), 0, 0, err);
		if (is_control(c))
			controls++;
	}
	if (too_many_controls(controls, d->len))
		return refuse_binary(doc, NONE, controls, d->len, err);
	return PRECIS_OK;
}

/* UTF-16 without a BOM: text in Latin script has a NUL in nearly every
 * other byte, always on the same side. 'L', 'B' or 0. */
static int guess_utf16(const unsigned char *s, size_t len)
{
	size_t n = len < ((size_t)1 << 16) ? len : ((size_t)1 << 16);
	n &= ~(size_t)1;
	size_t even = 0, odd = 0;
	for (size_t i = 0; i < n; i += 2) {
		even += s[i] == 0;
		odd += s[i + 1] == 0;
	}
	size_t pairs = n / 2;
	if (pairs == 0)
		return 0;
	if (odd * 10 >= pairs * 3 && even * 20 <= odd)
		return 'L';
	if (even * 10 >= pairs * 3 && odd * 20 <= even)
		return 'B';
	return 0;
}

/* ---- ICU converters -------------------------------------------------- */

struct icu_out {
	struct px_buf *buf;
	struct px_offmap *map;
	uint32_t cp;  /* the character waiting for the start of the next one */
	size_t start; /* its first source byte */
	int have;
	int first;    /* nothing emitted yet: a leading U+FEFF is dropped */
	UChar high;   /* a high surrogate waiting for its pair */
	size_t high_start;
};

static void icu_flush(struct icu_out *o, size_t next_start)
{
	if (!o->have)
		return;
	if (next_start < o->start)
		next_start = o->start;
	if (!(o->first && o->cp == 0xFEFF))
		put_cp(o->buf, o->map, o->cp, o->start, next_start - o->start);
	o->first = 0;
	o->have = 0;
}

static void icu_char(struct icu_out *o, uint32_t cp, size_t start)
{
	icu_flush(o, start);
	o->cp = cp;
	o->start = start;
	o->have = 1;
}

static void icu_unit(struct icu_out *o, UChar u, size_t start)
{
	if (o->high) {
		UChar h = o->high;
		o->high = 0;
		if (U16_IS_TRAIL(u)) {
			icu_char(o, U16_GET_SUPPLEMENTARY(h, u), o->high_start);
			return;
		}
		icu_char(o, 0xFFFD, o->high_start);
	}
	if (U16_IS_LEAD(u)) {
		o->high = u;
		o->high_start = start;
		return;
	}
	icu_char(o, U16_IS_TRAIL(u) ? 0xFFFD : u, start);
}

/* Converts s with converter `name`, mapping every character to its bytes.
 * Returns -1 when ICU knows no such converter. */
static int icu_convert(const char *name, const unsigned char *s, size_t len,
                       struct px_decoded *d)
{
	UErrorCode ec = U_ZERO_ERROR;
	UConverter *cnv = ucnv_open(name, &ec);
	if (U_FAILURE(ec) || !cnv)
		return -1;
	struct px_buf buf;
	px_buf_init(&buf, (size_t)-1);
	px_offmap_init(&d->map, len);
	struct icu_out o = {.buf = &buf, .map = &d->map, .first = 1};

	enum { PIECE = 1 << 20, UNITS = 1 << 14 };
	UChar *units = px_xmalloc(UNITS * sizeof *units);
	int32_t *offs = px_xmalloc(UNITS * sizeof *offs);
	const char *src = (const char *)s;
	const char *end = src + len;
	size_t last = 0;
	do {
		/* Pieces keep ICU's int32 offsets small. */
		const char *lim = (size_t)(end - src) > PIECE ? src + PIECE : end;
		UBool flush = lim == end;
		for (;;) {
			UChar *t = units;
			const char *call_src = src;
			ec = U_ZERO_ERROR;
			/* Some converters leave offsets unwritten (x11-compound-text)
			 * or point past what they read (gsm-03.38-2009): an offset
			 * is only trusted within the bytes this call consumed. */
			memset(offs, 0xFF, UNITS * sizeof *offs);
			ucnv_toUnicode(cnv, &t, units + UNITS, &src, lim, offs, flush, &ec);
			size_t base = (size_t)(call_src - (const char *)s);
			size_t read = (size_t)(src - call_src);
			for (UChar *u = units; u < t; u++) {
				int32_t off = offs[u - units];
				size_t at = off >= 0 && (size_t)off <= read ? base + (size_t)off
				                                             : last;
				if (at < last)
					at = last;
				last = at;
				icu_unit(&o, *u, at);
			}
			if (ec != U_BUFFER_OVERFLOW_ERROR)
				break;
		}
	} while (src < end);
	if (o.high)
		icu_char(&o, 0xFFFD, o.high_start);
	icu_flush(&o, len);
	free(units);
	free(offs);
	ucnv_close(cnv);
	finish(d, &buf);
	return 0;
}

/* Legacy encodings of other scripts (Cyrillic, Greek, CJK...): ucsdet is
 * reliable on them, unlike on Latin text. Called only when a fifth of the
 * bytes are high and most are not UTF-8, which French in Windows-1252
 * never is; on Latin text its best guess is a Latin charset anyway, so
 * its low confidence on short texts (20 to 50) is taken. */
static const char *detect_non_latin(const unsigned char *s, size_t len)
{
	static const char *const ok[] = {
		"Shift_JIS", "ISO-2022-JP", "ISO-2022-CN", "ISO-2022-KR", "GB18030",
		"EUC-JP", "EUC-KR", "Big5", "windows-1251", "KOI8-R", "ISO-8859-5",
		"windows-1256", "ISO-8859-6", "windows-1253", "ISO-8859-7",
		"windows-1255", "ISO-8859-8", "ISO-8859-8-I",
	};
	const char *res = NULL;
	UErrorCode ec = U_ZERO_ERROR;
	UCharsetDetector *det = ucsdet_open(&ec);
	if (U_FAILURE(ec))
		return NULL;
	int32_t n = len > ((size_t)1 << 20) ? (1 << 20) : (int32_t)len;
	ucsdet_setText(det, (const char *)s, n, &ec);
	const UCharsetMatch *m = ucsdet_detect(det, &ec);
	if (U_SUCCESS(ec) && m) {
		const char *name = ucsdet_getName(m, &ec);
		int32_t conf = ucsdet_getConfidence(m, &ec);
		for (size_t i = 0; U_SUCCESS(ec) && i < sizeof ok / sizeof *ok; i++) {
			if (strcmp(name, ok[i]) == 0 && conf >= 20) {
				res = ok[i];
				break;
			}
		}
	}
	ucsdet_close(det);
	return res;
}

/* ---- Windows-1252 and mostly-UTF-8 ----------------------------------- */

static void put_cp1252(struct px_buf *b, struct px_offmap *m, unsigned char c, size_t at)
{
	put_cp(b, m, px_cp1252_to_cp(c), at, 1);
}

/* Counts of one line: valid multi-byte sequences and invalid ones. */
static void line_counts(const unsigned char *s, size_t a, size_t e, size_t *v, size_t *inv)
{
	*v = *inv = 0;
	for (size_t i = a; i < e;) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		size_t k = px_utf8_seq(s + i, e - i);
		if (k) {
			++*v;
			i += k;
			continue;
		}
		/* A cut sequence (E2 80 at the end of a file) is one bad
		 * character, not two. */
		++*inv;
		i++;
		if (s[i - 1] >= 0xC2 && s[i - 1] <= 0xF4)
			for (int c = 0; c < 3 && i < e && (s[i] & 0xC0) == 0x80; c++)
				i++;
	}
}

enum line_mode { AS_UTF8, AS_MIXED, AS_CP1252 };

/* Emits [a, e) in a mode; counts what was read as UTF-8 and as 1252. */
static void emit_line(const unsigned char *s, size_t a, size_t e, enum line_mode mode,
                      struct px_buf *b, struct px_offmap *m, size_t *n_utf8, size_t *n_1252)
{
	size_t run = a; /* start of bytes still to copy as they are */
	for (size_t i = a; i < e;) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		size_t k = mode == AS_CP1252 ? 0 : px_utf8_seq(s + i, e - i);
		if (k) {
			++*n_utf8;
			i += k;
			continue;
		}
		if (i > run) {
			px_buf_add(b, s + run, i - run);
			px_offmap_copy(m, run, i - run);
		}
		put_cp1252(b, m, s[i], i);
		++*n_1252;
		i++;
		run = i;
	}
	if (e > run) {
		px_buf_add(b, s + run, e - run);
		px_offmap_copy(m, run, e - run);
	}
}

/* Input that is not all valid UTF-8. A file is mostly one encoding, but two
 * files pasted together or one line saved by another editor make lines of
 * each; so the choice is made line by line. A line with invalid bytes is
 * Windows-1252 unless UTF-8 sequences outnumber them (then each sequence is
 * read as what it is). In a file that is mostly Windows-1252, a line whose
 * only high bytes happen to form UTF-8 (`MARQUÉ…` is C9 85) stays 1252:
 * if it really was UTF-8, mojibake repair will tell. */
static void decode_lines(const unsigned char *s, size_t len, size_t start,
                         const struct scan *sc, struct px_decoded *d)
{
	struct px_buf b;
	px_buf_init(&b, (size_t)-1);
	px_offmap_init(&d->map, len);
	int mostly_1252 = sc->invalid >= sc->multi;
	size_t n_utf8 = 0, n_1252 = 0;
	for (size_t a = start; a < len;) {
		const unsigned char *nl = memchr(s + a, '\n', len - a);
		size_t e = nl ? (size_t)(nl - s) + 1 : len;
		size_t v, inv;
		line_counts(s, a, e, &v, &inv);
		enum line_mode mode;
		if (inv == 0)
			mode = mostly_1252 && v ? AS_CP1252 : AS_UTF8;
		else
			mode = v > inv ? AS_MIXED : AS_CP1252;
		emit_line(s, a, e, mode, &b, &d->map, &n_utf8, &n_1252);
		a = e;
	}
	finish(d, &b);
	set_encoding(d, n_utf8 >= n_1252 ? "UTF-8" : "windows-1252");
	d->repairs = n_utf8 < n_1252 ? n_utf8 : n_1252;
}

size_t px_charset_mixed(const unsigned char *s, size_t len, struct px_decoded *d)
{
	struct px_buf b;
	px_buf_init(&b, (size_t)-1);
	px_offmap_init(&d->map, len);
	size_t n_utf8 = 0, n_1252 = 0;
	emit_line(s, 0, len, AS_MIXED, &b, &d->map, &n_utf8, &n_1252);
	finish(d, &b);
	set_encoding(d, "UTF-8");
	d->repairs = n_1252;
	return n_1252;
}

static void copy_utf8(const unsigned char *s, size_t len, size_t start, struct px_decoded *d)
{
	d->len = len - start;
	d->text = px_xmalloc(d->len + 1);
	memcpy(d->text, s + start, d->len);
	d->text[d->len] = '\0';
	px_offmap_init(&d->map, len);
	px_offmap_copy(&d->map, start, d->len);
	set_encoding(d, "UTF-8");
}

/* ---- The entry point ------------------------------------------------- */

static enum precis_status decode_named(const unsigned char *s, size_t len, const char *name,
                                       const char *doc, struct px_decoded *d,
                                       struct precis_error *err)
{
	if (!*name || icu_convert(name, s, len, d) < 0)
		return precis_error_set(err, PRECIS_E_USAGE, doc,
		                        "unknown encoding '%s' for '%s'; pass an ICU converter "
		                        "name such as windows-1252, ISO-8859-15 or UTF-16LE "
		                        "(`uconv -l` lists them)",
		                        name, doc);
	set_encoding(d, name);
	return PRECIS_OK;
}

static enum precis_status decode_utf16(const unsigned char *s, size_t len, int order,
                                       struct px_decoded *d)
{
	const char *name = order == 'L' ? "UTF-16LE" : "UTF-16BE";
	if (icu_convert(name, s, len, d) < 0)
		return PRECIS_E_INTERNAL;
	set_encoding(d, name);
	return PRECIS_OK;
}

enum precis_status px_charset_decode(const unsigned char *s, size_t len,
                                     const char *encoding, const char *doc,
                                     struct px_decoded *d, struct precis_error *err)
{
	memset(d, 0, sizeof *d);
	enum precis_status st;
	if (encoding) {
		st = decode_named(s, len, encoding, doc, d, err);
		goto check;
	}
	if (len >= 4 && ((s[0] == 0xFF && s[1] == 0xFE && s[2] == 0 && s[3] == 0) ||
	                 (s[0] == 0 && s[1] == 0 && s[2] == 0xFE && s[3] == 0xFF))) {
		const char *name = s[0] ? "UTF-32LE" : "UTF-32BE";
		st = icu_convert(name, s, len, d) < 0 ? PRECIS_E_INTERNAL : PRECIS_OK;
		set_encoding(d, name);
		goto check;
	}
	if (len >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF))) {
		st = decode_utf16(s, len, s[0] == 0xFF ? 'L' : 'B', d);
		goto check;
	}
	size_t start = len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF ? 3 : 0;
	struct scan sc;
	scan_bytes(s + start, len - start, &sc);
	if (sc.nul_at != NONE) {
		int order = start ? 0 : guess_utf16(s, len);
		if (!order)
			return refuse_binary(doc, sc.nul_at + start, 0, 0, err);
		st = decode_utf16(s, len, order, d);
		goto check;
	}
	if (too_many_controls(sc.controls, len))
		return refuse_binary(doc, NONE, sc.controls, len, err);
	if (sc.invalid == 0) {
		copy_utf8(s, len, start, d);
		return PRECIS_OK;
	}
	if (!start && sc.invalid * 2 > sc.high && sc.high * 5 >= len && len >= 32) {
		const char *name = detect_non_latin(s, len);
		if (name && icu_convert(name, s, len, d) == 0) {
			set_encoding(d, name);
			return PRECIS_OK;
		}
	}
	decode_lines(s, len, start, &sc, d);
	return PRECIS_OK;
check:
	if (st == PRECIS_OK)
		st = check_decoded(d, doc, err);
	else if (st == PRECIS_E_INTERNAL)
		precis_error_set(err, st, doc, "ICU has no UTF-16/32 converter for '%s'", doc);
	if (st != PRECIS_OK)
		px_decoded_free(d);
	return st;
}
