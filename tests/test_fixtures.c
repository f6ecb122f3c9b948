/*
 * The fixture articles through the text front (decode, normalize, detect,
 * strip, segment), by the public API only.
 *
 * For every fixtures/<dir>/NAME.txt and its NAME.expect (fixtures/README.md):
 *   set_is_complete          the fixtures themselves are well formed (no library)
 *   clean_text_is_kept       a clean file is taken as it is: no repair, and
 *                            its paragraphs are exactly its non-empty lines
 *   language                 the document's language, and that of each long
 *                            body paragraph, is the one .expect names
 *   boilerplate              strip marks exactly the paragraphs .expect lists,
 *                            and the last unmarked one is .expect's last_body
 *   title                    a title line is the first paragraph, a heading,
 *                            not boilerplate; without one, no heading first
 *   damaged_copies_come_back each damaged copy made below gives the same
 *                            paragraphs as the clean text
 *
 * The damaged copies (one test per fixture and kind):
 *   cp1252          encoded in Windows-1252 by iconv. cp1252 has no U+202F,
 *                   U+2009 and the other narrow spaces, nor U+2011: both the
 *                   copy and the clean reference get U+00A0 (or '-') in their
 *                   place, which is what a legacy editor keeps; any other
 *                   character cp1252 lacks skips the copy, naming it.
 *   utf16le-bom, utf16be-bom, utf16le-bom-crlf (Notepad's "Unicode")
 *   utf8-bom, crlf
 *   mojibake        the UTF-8 bytes read as Windows-1252 and saved as UTF-8.
 *                   The five bytes cp1252 leaves undefined (0x81 0x8D 0x8F
 *                   0x90 0x9D) become the C1 controls U+0081... as browsers
 *                   decode them (WHATWG): 0x9D is the last byte of ”, so a
 *                   strict reading would exclude every English article.
 *   mojibake-double the same, twice.
 *   wrapped         every paragraph (non-empty line) hard-wrapped at 72
 *                   columns, a blank line between paragraphs, and the first
 *                   long lowercase word that can be split at a line end
 *                   hyphenated there (`accomm-\nodation`). The wrap
 *                   never starts a line with what looks like a list item or
 *                   a dialogue dash, nor ends one with a hyphen of the text,
 *                   so that joining the lines back is never a guess.
 *
 * PRECIS_DUMP_COPIES=DIR writes every damaged copy into DIR.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "precis/precis.h"
#include "fixture_list.h"

#define WRAP_COLUMNS 72
#define KEY_CHARS 40

/* ---- small helpers ---------------------------------------------------- */

struct bytes {
	char *p;
	size_t n;
};

static void bytes_free(struct bytes *b)
{
	free(b->p);
	b->p = NULL;
	b->n = 0;
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		abort();
	return p;
}

static char *xstrndup(const char *s, size_t n)
{
	char *p = xrealloc(NULL, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* A growable output buffer (open_memstream keeps the code short). */
struct out {
	FILE *f;
	char *p;
	size_t n;
};

static void out_open(struct out *o)
{
	o->p = NULL;
	o->n = 0;
	o->f = open_memstream(&o->p, &o->n);
	if (!o->f)
		abort();
}

static struct bytes out_close(struct out *o)
{
	fclose(o->f);
	return (struct bytes){o->p, o->n};
}

static int is_cont(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

/* Decodes one UTF-8 sequence at s (valid input assumed; bad bytes give
 * themselves) and returns its length. */
static size_t utf8_get(const unsigned char *s, size_t n, unsigned *cp)
{
	if (s[0] < 0x80 || n < 2) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xE0) == 0xC0) {
		*cp = ((s[0] & 0x1Fu) << 6) | (s[1] & 0x3Fu);
		return 2;
	}
	if ((s[0] & 0xF0) == 0xE0 && n >= 3) {
		*cp = ((s[0] & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
		return 3;
	}
	if (n >= 4) {
		*cp = ((s[0] & 0x07u) << 18) | ((s[1] & 0x3Fu) << 12) | ((s[2] & 0x3Fu) << 6) |
		      (s[3] & 0x3Fu);
		return 4;
	}
	*cp = s[0];
	return 1;
}

static void utf8_put(FILE *f, unsigned cp)
{
	if (cp < 0x80) {
		fputc((int)cp, f);
	} else if (cp < 0x800) {
		fputc((int)(0xC0 | (cp >> 6)), f);
		fputc((int)(0x80 | (cp & 0x3F)), f);
	} else if (cp < 0x10000) {
		fputc((int)(0xE0 | (cp >> 12)), f);
		fputc((int)(0x80 | ((cp >> 6) & 0x3F)), f);
		fputc((int)(0x80 | (cp & 0x3F)), f);
	} else {
		fputc((int)(0xF0 | (cp >> 18)), f);
		fputc((int)(0x80 | ((cp >> 12) & 0x3F)), f);
		fputc((int)(0x80 | ((cp >> 6) & 0x3F)), f);
		fputc((int)(0x80 | (cp & 0x3F)), f);
	}
}

/* The length of the valid UTF-8 sequence at s (no overlongs, no
 * surrogates), or 0 when it is not one. */
static size_t utf8_valid_at(const unsigned char *s, size_t n)
{
	size_t k;
	unsigned min, cp;
	if (s[0] < 0x80)
		return 1;
	else if ((s[0] & 0xE0) == 0xC0)
		k = 1, min = 0x80, cp = s[0] & 0x1Fu;
	else if ((s[0] & 0xF0) == 0xE0)
		k = 2, min = 0x800, cp = s[0] & 0x0Fu;
	else if ((s[0] & 0xF8) == 0xF0)
		k = 3, min = 0x10000, cp = s[0] & 0x07u;
	else
		return 0;
	for (size_t j = 1; j <= k; j++) {
		if (j >= n || !is_cont(s[j]))
			return 0;
		cp = (cp << 6) | (s[j] & 0x3Fu);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return k + 1;
}

/* The offset of the first byte that is not valid UTF-8, or n. */
static size_t utf8_bad_at(const unsigned char *s, size_t n)
{
	size_t i = 0, k;
	while (i < n && (k = utf8_valid_at(s + i, n - i)) > 0)
		i += k;
	return i;
}

/* Text for a failure message: invisible and look-alike characters (controls,
 * C1, the no-break and narrow spaces, BOM) are shown as \uXXXX. */
static void show(FILE *f, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	fputc('"', f);
	while (i < n) {
		unsigned cp;
		if (!utf8_valid_at(u + i, n - i)) {
			fprintf(f, "\\x%02x", u[i++]);
			continue;
		}
		size_t k = utf8_get(u + i, n - i, &cp);
		if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0xA0) ||
		    (cp >= 0x2000 && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202F) ||
		    cp == 0xFEFF || cp == 0xAD)
			fprintf(f, "\\u%04x", cp);
		else
			fwrite(s + i, 1, k, f);
		i += k;
	}
	fputc('"', f);
}

/* The first KEY_CHARS characters of a paragraph without trailing spaces: how
 * a .expect names a paragraph. */
static char *key_of(const char *s, size_t n)
{
	size_t i = 0;
	for (int chars = 0; i < n && chars < KEY_CHARS; chars++) {
		i++;
		while (i < n && is_cont((unsigned char)s[i]))
			i++;
	}
	while (i > 0 && s[i - 1] == ' ')
		i--;
	return xstrndup(s, i);
}

/* ---- string lists ----------------------------------------------------- */

struct strs {
	char **v;
	size_t n;
};

static void strs_add(struct strs *l, char *s)
{
	l->v = xrealloc(l->v, (l->n + 1) * sizeof *l->v);
	l->v[l->n++] = s;
}

static void strs_free(struct strs *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* The non-empty lines of a fixture: its paragraphs, by the fixture format. */
static struct strs text_lines(const char *s, size_t n)
{
	struct strs l = {0};
	size_t i = 0;
	while (i < n) {
		const char *nl = memchr(s + i, '\n', n - i);
		size_t e = nl ? (size_t)(nl - s) : n;
		size_t t = e;
		while (t > i && (s[t - 1] == '\r' || s[t - 1] == ' ' || s[t - 1] == '\t'))
			t--;
		size_t b = i;
		while (b < t && (s[b] == ' ' || s[b] == '\t'))
			b++;
		if (t > b)
			strs_add(&l, xstrndup(s + i, t - i));
		i = e + 1;
	}
	return l;
}

/* ---- .expect ---------------------------------------------------------- */

struct expect {
	char *lang;
	char *title; /* NULL: the article has no title line */
	struct strs bp;
	char *last_body;
};

static void expect_free(struct expect *e)
{
	free(e->lang);
	free(e->title);
	strs_free(&e->bp);
	free(e->last_body);
	memset(e, 0, sizeof *e);
}

/* Reads NAME.expect; on a problem returns -1 and prints why into `why`. */
static int expect_load(const struct fx *f, struct expect *e, FILE *why)
{
	memset(e, 0, sizeof *e);
	char *path = fx_path(f, ".expect");
	size_t n;
	char *s = fx_read(path, &n);
	int bad = 0;
	if (!s) {
		fprintf(why, "cannot read %s: %s\n", path, strerror(errno));
		free(path);
		return -1;
	}
	struct strs lines = text_lines(s, n);
	for (size_t i = 0; i < lines.n; i++) {
		char *line = lines.v[i];
		if (line[0] == '#')
			continue;
		char *sep = strstr(line, ": ");
		if (!sep) {
			fprintf(why, "%s: line \"%s\" is not `key: value`\n", path, line);
			bad = 1;
			continue;
		}
		*sep = '\0';
		const char *val = sep + 2;
		if (strcmp(line, "lang") == 0) {
			free(e->lang);
			e->lang = strdup(val);
		} else if (strcmp(line, "title") == 0) {
			free(e->title);
			e->title = strcmp(val, "none") == 0 ? NULL : strdup(val);
		} else if (strcmp(line, "boilerplate") == 0) {
			strs_add(&e->bp, strdup(val));
		} else if (strcmp(line, "last_body") == 0) {
			free(e->last_body);
			e->last_body = strdup(val);
		}
		/* other keys belong to later stages' tests */
	}
	if (!e->lang || !e->last_body) {
		fprintf(why, "%s: needs `lang:` and `last_body:` lines\n", path);
		bad = 1;
	}
	strs_free(&lines);
	free(s);
	free(path);
	if (bad)
		expect_free(e);
	return bad ? -1 : 0;
}

/* want[i] = 1 for each paragraph .expect lists as boilerplate; they are
 * matched in order by key. Listed paragraphs that match none are reported
 * in `why`; returns how many. */
static size_t expect_match(const struct expect *e, const struct strs *keys, int *want,
                           FILE *why)
{
	size_t pos = 0, missing = 0;
	memset(want, 0, keys->n * sizeof *want);
	for (size_t j = 0; j < e->bp.n; j++) {
		size_t i = pos;
		while (i < keys->n && strcmp(keys->v[i], e->bp.v[j]) != 0)
			i++;
		if (i == keys->n) {
			fprintf(why, "  listed, but no paragraph from [%zu] on has this key: ", pos);
			show(why, e->bp.v[j], strlen(e->bp.v[j]));
			fputc('\n', why);
			missing++;
			continue;
		}
		want[i] = 1;
		pos = i + 1;
	}
	return missing;
}

/* ---- the library ------------------------------------------------------ */

struct front {
	struct precis_langset *set;
	struct precis_detector *det;
};

static void front_open(struct front *fr)
{
	struct precis_error err;
	precis_error_clear(&err);
	enum precis_status st = precis_langset_load(NULL, &fr->set, &err);
	cr_assert_eq(st, PRECIS_OK, "cannot load the languages: %s", err.message);
	st = precis_detector_new(fr->set, &fr->det, &err);
	cr_assert_eq(st, PRECIS_OK, "cannot make a detector: %s", err.message);
}

static void front_close(struct front *fr)
{
	precis_detector_free(fr->det);
	precis_langset_free(fr->set);
}

static struct precis_doc *front_run(struct front *fr, const char *name, const void *bytes,
                                    size_t len)
{
	struct precis_doc *doc = precis_doc_new(name);
	struct precis_error err;
	precis_error_clear(&err);
	enum precis_status st = precis_text_front(doc, bytes, len, NULL, fr->det, fr->set, &err);
	cr_assert_eq(st, PRECIS_OK, "%s: the text front failed (%s): %s", name,
	             precis_status_name(st), err.message);
	return doc;
}

static struct strs doc_paras(const struct precis_doc *doc)
{
	struct strs l = {0};
	const char *text = precis_doc_text(doc, NULL);
	for (size_t i = 0; i < precis_doc_paragraph_count(doc); i++) {
		const struct precis_para *p = precis_doc_paragraph(doc, i);
		strs_add(&l, xstrndup(text + p->span.start, p->span.end - p->span.start));
	}
	return l;
}

static struct strs keys_of(const struct strs *paras)
{
	struct strs k = {0};
	for (size_t i = 0; i < paras->n; i++)
		strs_add(&k, key_of(paras->v[i], strlen(paras->v[i])));
	return k;
}

/* Prints the first difference between two paragraph lists; returns 0 when
 * they are equal. */
static int paras_diff(const struct strs *want, const struct strs *got, FILE *why)
{
	size_t n = want->n < got->n ? want->n : got->n;
	for (size_t i = 0; i < n; i++) {
		const char *a = want->v[i], *b = got->v[i];
		if (strcmp(a, b) == 0)
			continue;
		size_t off = 0;
		while (a[off] && a[off] == b[off])
			off++;
		size_t from = off > 40 ? off - 40 : 0;
		while (from > 0 && is_cont((unsigned char)a[from]))
			from--;
		size_t la = strlen(a + from), lb = strlen(b + from);
		fprintf(why, "paragraph %zu differs at byte %zu:\n  want ...", i, off);
		show(why, a + from, la < 100 ? la : 100);
		fprintf(why, "\n  got  ...");
		show(why, b + from, lb < 100 ? lb : 100);
		fprintf(why, "\n(%zu paragraphs wanted, %zu got)\n", want->n, got->n);
		return 1;
	}
	if (want->n == got->n)
		return 0;
	const struct strs *more = want->n > got->n ? want : got;
	size_t l = strlen(more->v[n]);
	fprintf(why, "%zu paragraphs wanted, %zu got; the first %s one is ", want->n, got->n,
	        want->n > got->n ? "missing" : "extra");
	show(why, more->v[n], l < 100 ? l : 100);
	fputc('\n', why);
	return 1;
}

/* ---- the damaged copies ----------------------------------------------- */

enum variant {
	V_CP1252,
	V_UTF16LE,
	V_UTF16BE,
	V_UTF16LE_CRLF,
	V_UTF8_BOM,
	V_CRLF,
	V_MOJIBAKE,
	V_MOJIBAKE2,
	V_WRAPPED,
	NVARIANT
};

static const char *const variant_name[NVARIANT] = {
	"cp1252",   "utf16le-bom", "utf16be-bom",     "utf16le-bom-crlf", "utf8-bom",
	"crlf",     "mojibake",    "mojibake-double", "wrapped",
};

/* Windows-1252 bytes 0x80..0x9F; the five it leaves undefined map to the C1
 * control of the same number, as in the WHATWG encoding standard. */
static const unsigned short cp1252_high[32] = {
	0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
	0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

/* What a cp1252 copy has in place of the characters cp1252 lacks. */
static const struct {
	const char *from, *to;
} cp1252_subst[] = {
	{"\xE2\x80\xAF", "\xC2\xA0"}, /* U+202F narrow no-break space */
	{"\xE2\x80\x89", "\xC2\xA0"}, /* U+2009 thin space */
	{"\xE2\x80\x88", "\xC2\xA0"}, /* U+2008 punctuation space */
	{"\xE2\x80\x87", "\xC2\xA0"}, /* U+2007 figure space */
	{"\xE2\x80\x8A", "\xC2\xA0"}, /* U+200A hair space */
	{"\xE2\x80\x91", "-"},        /* U+2011 non-breaking hyphen */
};

static struct bytes substitute_cp1252(const char *s, size_t n)
{
	struct out o;
	out_open(&o);
	size_t i = 0;
	while (i < n) {
		size_t k, done = 0;
		for (k = 0; k < sizeof cp1252_subst / sizeof cp1252_subst[0]; k++) {
			size_t fl = strlen(cp1252_subst[k].from);
			if (i + fl <= n && memcmp(s + i, cp1252_subst[k].from, fl) == 0) {
				fputs(cp1252_subst[k].to, o.f);
				i += fl;
				done = 1;
				break;
			}
		}
		if (!done)
			fputc(s[i++], o.f);
	}
	return out_close(&o);
}

/* Converts with iconv; on a character `to` cannot hold, returns -1 and sets
 * *bad_at to its offset in the input. */
static int convert(const char *to, const char *in, size_t n, struct bytes *out, size_t *bad_at)
{
	iconv_t cd = iconv_open(to, "UTF-8");
	cr_assert_neq(cd, (iconv_t)-1, "iconv cannot convert UTF-8 to %s", to);
	size_t cap = 4 * n + 16;
	out->p = xrealloc(NULL, cap);
	char *ip = (char *)in, *op = out->p;
	size_t il = n, ol = cap;
	size_t r = iconv(cd, &ip, &il, &op, &ol);
	iconv_close(cd);
	if (r == (size_t)-1) {
		*bad_at = (size_t)(ip - in);
		bytes_free(out);
		return -1;
	}
	out->n = cap - ol;
	return 0;
}

static struct bytes with_prefix(const char *prefix, size_t pn, const struct bytes *b)
{
	struct bytes r = {xrealloc(NULL, pn + b->n), pn + b->n};
	memcpy(r.p, prefix, pn);
	memcpy(r.p + pn, b->p, b->n);
	return r;
}

static struct bytes crlf(const char *s, size_t n)
{
	struct out o;
	out_open(&o);
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			fputc('\r', o.f);
		fputc(s[i], o.f);
	}
	return out_close(&o);
}

/* UTF-8 bytes read as Windows-1252 (WHATWG) and written back as UTF-8. */
static struct bytes mojibake(const char *s, size_t n)
{
	struct out o;
	out_open(&o);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		utf8_put(o.f, c < 0x80 || c >= 0xA0 ? c : cp1252_high[c - 0x80]);
	}
	return out_close(&o);
}

static size_t columns(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += !is_cont((unsigned char)s[i]);
	return c;
}

struct tok {
	const char *p;
	size_t n;
};

/* A line that starts so could be read as a list item or a dialogue turn
 * rather than the rest of a sentence. */
static int risky_start(const struct tok *t, const struct tok *next)
{
	static const char *const marks[] = {"\xE2\x80\x94", "\xE2\x80\x93", "-", "*",
	                                    "\xE2\x80\xA2", "+", ">"};
	for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++) {
		size_t ml = strlen(marks[i]);
		if (t->n >= ml && memcmp(t->p, marks[i], ml) == 0)
			return 1;
	}
	size_t d = 0;
	while (d < t->n && isdigit((unsigned char)t->p[d]))
		d++;
	if (d > 0 && d + 1 == t->n && (t->p[d] == '.' || t->p[d] == ')'))
		return 1;
	/* A "Name :" turn is not guarded against: real wrappers (fold, fmt,
	 * editors) are greedy and start lines with such words, and backing off
	 * one more word makes a wrap no tool makes. */
	(void)next;
	return 0;
}

/* A line that ends so looks like a word hyphenated across the line end. */
static int risky_end(const struct tok *t)
{
	return t->n && t->p[t->n - 1] == '-';
}

static int is_lower_letter(unsigned cp)
{
	return (cp >= 'a' && cp <= 'z') || (cp >= 0xDF && cp <= 0xFF && cp != 0xF7) || cp == 0x153;
}

/* The byte offset in t after `want` lowercase letters, if t opens with at
 * least want + 3 of them (a word split there keeps 3 letters on the next
 * line); else 0. */
static size_t lower_cut(const struct tok *t, size_t want)
{
	size_t i = 0, letters = 0, cut = 0;
	while (i < t->n) {
		unsigned cp;
		size_t k = utf8_get((const unsigned char *)t->p + i, t->n - i, &cp);
		if (!is_lower_letter(cp))
			break;
		i += k;
		if (++letters == want)
			cut = i;
	}
	return letters >= want + 3 ? cut : 0;
}

static void wrap_paragraph(FILE *f, const char *s, size_t n, int *hyphenated)
{
	struct tok *tk = NULL;
	size_t nt = 0, i = 0;
	while (i < n) {
		size_t e = i;
		while (e < n && s[e] != ' ')
			e++;
		if (e > i) {
			tk = xrealloc(tk, (nt + 1) * sizeof *tk);
			tk[nt++] = (struct tok){s + i, e - i};
		}
		i = e + 1;
	}
	size_t start = 0;
	while (start < nt) {
		size_t col = columns(tk[start].p, tk[start].n), j = start + 1;
		while (j < nt && col + 1 + columns(tk[j].p, tk[j].n) <= WRAP_COLUMNS)
			col += 1 + columns(tk[j].p, tk[j].n), j++;
		if (j < nt && !*hyphenated && n >= 200) {
			size_t room = WRAP_COLUMNS > col + 2 ? WRAP_COLUMNS - col - 2 : 0;
			size_t cut = room >= 4 ? lower_cut(&tk[j], room < 6 ? room : 6) : 0;
			if (cut && !risky_end(&tk[j - 1])) {
				for (size_t k = start; k < j; k++)
					fprintf(f, "%s%.*s", k > start ? " " : "", (int)tk[k].n, tk[k].p);
				fprintf(f, " %.*s-\n", (int)cut, tk[j].p);
				tk[j].p += cut;
				tk[j].n -= cut;
				*hyphenated = 1;
				start = j;
				continue;
			}
		}
		while (j < nt && j - 1 > start &&
		       (risky_start(&tk[j], j + 1 < nt ? &tk[j + 1] : NULL) || risky_end(&tk[j - 1])))
			j--;
		for (size_t k = start; k < j; k++)
			fprintf(f, "%s%.*s", k > start ? " " : "", (int)tk[k].n, tk[k].p);
		fputc('\n', f);
		start = j;
	}
	free(tk);
}

static struct bytes wrapped(const char *s, size_t n)
{
	struct strs lines = text_lines(s, n);
	struct out o;
	out_open(&o);
	int hyphenated = 0;
	for (size_t i = 0; i < lines.n; i++) {
		if (i)
			fputc('\n', o.f);
		wrap_paragraph(o.f, lines.v[i], strlen(lines.v[i]), &hyphenated);
	}
	strs_free(&lines);
	return out_close(&o);
}

/* Makes the damaged copy of the clean text and the text it must come back
 * to (*ref). Returns -1, saying why, when this text cannot have that copy. */
static int make_variant(enum variant v, const char *s, size_t n, struct bytes *copy,
                        struct bytes *ref, FILE *why)
{
	struct bytes tmp = {0};
	size_t bad;
	*ref = (struct bytes){xstrndup(s, n), n};
	*copy = (struct bytes){0};
	switch (v) {
	case V_CP1252:
		bytes_free(ref);
		*ref = substitute_cp1252(s, n);
		if (convert("WINDOWS-1252", ref->p, ref->n, copy, &bad) < 0) {
			unsigned cp;
			utf8_get((const unsigned char *)ref->p + bad, ref->n - bad, &cp);
			fprintf(why, "U+%04X at byte %zu has no Windows-1252 form", cp, bad);
			return -1;
		}
		return 0;
	case V_UTF16LE:
	case V_UTF16BE:
	case V_UTF16LE_CRLF: {
		int le = v != V_UTF16BE;
		struct bytes src = v == V_UTF16LE_CRLF ? crlf(s, n)
		                                       : (struct bytes){xstrndup(s, n), n};
		int r = convert(le ? "UTF-16LE" : "UTF-16BE", src.p, src.n, &tmp, &bad);
		bytes_free(&src);
		cr_assert_eq(r, 0, "UTF-16 cannot hold byte %zu?", bad);
		*copy = with_prefix(le ? "\xFF\xFE" : "\xFE\xFF", 2, &tmp);
		bytes_free(&tmp);
		return 0;
	}
	case V_UTF8_BOM:
		tmp = (struct bytes){(char *)s, n};
		*copy = with_prefix("\xEF\xBB\xBF", 3, &tmp);
		return 0;
	case V_CRLF:
		*copy = crlf(s, n);
		return 0;
	case V_MOJIBAKE:
		*copy = mojibake(s, n);
		return 0;
	case V_MOJIBAKE2:
		tmp = mojibake(s, n);
		*copy = mojibake(tmp.p, tmp.n);
		bytes_free(&tmp);
		return 0;
	case V_WRAPPED:
		*copy = wrapped(s, n);
		return 0;
	case NVARIANT:
		break;
	}
	return -1;
}

/* With PRECIS_DUMP_COPIES=DIR, each damaged copy is also written to
 * DIR/<dir>-<name>.<variant>.txt, to look at when a copy does not come back. */
static void dump_copy(const struct fx *f, const char *vname, const struct bytes *copy)
{
	const char *dir = getenv("PRECIS_DUMP_COPIES");
	if (!dir || !*dir)
		return;
	char path[4096];
	if (snprintf(path, sizeof path, "%s/%s-%s.%s.txt", dir, f->dir, f->name, vname) >=
	    (int)sizeof path)
		return;
	FILE *out = fopen(path, "wb");
	cr_assert(out, "cannot write %s: %s", path, strerror(errno));
	fwrite(copy->p, 1, copy->n, out);
	fclose(out);
}

/* ---- parameters ------------------------------------------------------- */

static void free_params(struct criterion_test_params *crp)
{
	cr_free(crp->params);
}

static struct criterion_test_params fixture_params(void)
{
	struct fx *all;
	size_t n = fx_list(&all);
	struct fx *p = cr_malloc((n ? n : 1) * sizeof *p);
	if (n)
		memcpy(p, all, n * sizeof *p);
	free(all);
	return cr_make_param_array(struct fx, p, n, free_params);
}

struct fxv {
	struct fx f;
	enum variant v;
};

/* ---- tests ------------------------------------------------------------ */

/* The fixtures as data, before any library code: fixtures/README.md. */
Test(fixtures, set_is_complete)
{
	cr_assert(fx_root(), "PRECIS_FIXTURES is not set: run the tests with `meson test`");
	struct fx *all;
	size_t n = fx_list(&all);
	size_t nfr = 0, nen = 0;
	struct out o;
	out_open(&o);
	for (size_t i = 0; i < n; i++) {
		const struct fx *f = &all[i];
		struct expect e;
		char *path = fx_path(f, ".txt");
		size_t len = 0;
		char *s = fx_read(path, &len);
		if (!s) {
			fprintf(o.f, "%s: cannot read\n", path);
			free(path);
			continue;
		}
		if (expect_load(f, &e, o.f) < 0) {
			free(s);
			free(path);
			continue;
		}
		nfr += strcmp(e.lang, "fr") == 0;
		nen += strcmp(e.lang, "en") == 0;
		size_t bad = utf8_bad_at((const unsigned char *)s, len);
		if (bad < len)
			fprintf(o.f, "%s: invalid UTF-8 at byte %zu\n", path, bad);
		if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
			fprintf(o.f, "%s: starts with a BOM\n", path);
		if (memchr(s, '\r', len) || memchr(s, '\t', len) || strlen(s) != len)
			fprintf(o.f, "%s: holds CR, tab or NUL\n", path);
		if (strstr(s, "  ") || strstr(s, " \n"))
			fprintf(o.f, "%s: double or trailing space\n", path);
		size_t words = 0;
		for (size_t k = 0; k < len;) {
			while (k < len && isspace((unsigned char)s[k]))
				k++;
			size_t b = k;
			int alnum = 0;
			while (k < len && !isspace((unsigned char)s[k]))
				alnum |= isalnum((unsigned char)s[k]) || (unsigned char)s[k] >= 0xC0, k++;
			words += k > b && alnum;
		}
		if (words < 350 || words > 800)
			fprintf(o.f, "%s: %zu words, not 350..800\n", path, words);

		struct strs lines = text_lines(s, len);
		struct strs keys = keys_of(&lines);
		int *want = xrealloc(NULL, (keys.n + 1) * sizeof *want);
		if (e.title && (lines.n == 0 || strcmp(lines.v[0], e.title) != 0))
			fprintf(o.f, "%s: title is not the first line\n", path);
		if (expect_match(&e, &keys, want, o.f))
			fprintf(o.f, "%s: .expect lists boilerplate that is not a line of it\n", path);
		size_t last = keys.n;
		for (size_t k = keys.n; k-- > 0;)
			if (!want[k]) {
				last = k;
				break;
			}
		if (last == keys.n || strcmp(keys.v[last], e.last_body) != 0)
			fprintf(o.f, "%s: last_body is not the last line left unlisted\n", path);
		free(want);
		strs_free(&keys);
		strs_free(&lines);
		expect_free(&e);
		free(s);
		free(path);
	}
	free(all);
	struct bytes msg = out_close(&o);
	cr_expect(nfr >= 6 && nen >= 6, "want at least 6 French and 6 English fixtures, got %zu and %zu",
	          nfr, nen);
	cr_expect(msg.n == 0, "fixtures are not well formed:\n%s", msg.p);
	bytes_free(&msg);
}

ParameterizedTestParameters(fixtures, clean_text_is_kept)
{
	return fixture_params();
}

ParameterizedTest(struct fx *f, fixtures, clean_text_is_kept)
{
	struct front fr;
	front_open(&fr);
	char *path = fx_path(f, ".txt");
	size_t len = 0;
	char *s = fx_read(path, &len);
	cr_assert(s, "cannot read %s", path);
	struct precis_doc *doc = front_run(&fr, path, s, len);
	cr_expect_eq(precis_doc_repairs(doc), 0, "%s: %zu repairs in a clean file", path,
	             precis_doc_repairs(doc));
	struct strs lines = text_lines(s, len), paras = doc_paras(doc);
	struct out o;
	out_open(&o);
	int diff = paras_diff(&lines, &paras, o.f);
	struct bytes msg = out_close(&o);
	cr_expect(!diff, "%s: the paragraphs are not the file's lines:\n%s", path, msg.p);
	bytes_free(&msg);
	strs_free(&lines);
	strs_free(&paras);
	precis_doc_free(doc);
	free(s);
	free(path);
	front_close(&fr);
}

ParameterizedTestParameters(fixtures, language)
{
	return fixture_params();
}

ParameterizedTest(struct fx *f, fixtures, language)
{
	struct front fr;
	front_open(&fr);
	struct out o;
	out_open(&o);
	struct expect e;
	int ok = expect_load(f, &e, o.f);
	struct bytes msg = out_close(&o);
	cr_assert_eq(ok, 0, "%s", msg.p);
	bytes_free(&msg);

	char *path = fx_path(f, ".txt");
	size_t len = 0;
	char *s = fx_read(path, &len);
	cr_assert(s, "cannot read %s", path);
	struct precis_doc *doc = front_run(&fr, path, s, len);
	double conf = 0;
	const char *lang = precis_doc_lang(doc, &conf);
	cr_expect_str_eq(lang, e.lang, "%s: detected %s (confidence %.2f), want %s", path, lang,
	                 conf, e.lang);

	/* Long body paragraphs are in the article's language too. */
	struct strs paras = doc_paras(doc), keys = keys_of(&paras);
	int *want = xrealloc(NULL, (keys.n + 1) * sizeof *want);
	out_open(&o);
	expect_match(&e, &keys, want, o.f);
	size_t wrong = 0;
	for (size_t i = 0; i < paras.n; i++) {
		const struct precis_para *p = precis_doc_paragraph(doc, i);
		if (want[i] || strlen(paras.v[i]) < 100 || strcmp(p->lang, e.lang) == 0)
			continue;
		wrong++;
		fprintf(o.f, "  [%zu] %s (%.2f): ", i, p->lang, p->lang_confidence);
		show(o.f, keys.v[i], strlen(keys.v[i]));
		fputc('\n', o.f);
	}
	msg = out_close(&o);
	cr_expect(wrong == 0, "%s: %zu body paragraphs not detected as %s:\n%s", path, wrong, e.lang,
	          msg.p);
	bytes_free(&msg);
	free(want);
	strs_free(&keys);
	strs_free(&paras);
	precis_doc_free(doc);
	free(s);
	free(path);
	expect_free(&e);
	front_close(&fr);
}

ParameterizedTestParameters(fixtures, boilerplate)
{
	return fixture_params();
}

ParameterizedTest(struct fx *f, fixtures, boilerplate)
{
	struct front fr;
	front_open(&fr);
	struct out o;
	out_open(&o);
	struct expect e;
	int ok = expect_load(f, &e, o.f);
	struct bytes msg = out_close(&o);
	cr_assert_eq(ok, 0, "%s", msg.p);
	bytes_free(&msg);

	char *path = fx_path(f, ".txt");
	size_t len = 0;
	char *s = fx_read(path, &len);
	cr_assert(s, "cannot read %s", path);
	struct precis_doc *doc = front_run(&fr, path, s, len);
	struct strs paras = doc_paras(doc), keys = keys_of(&paras);
	int *want = xrealloc(NULL, (keys.n + 1) * sizeof *want);
	out_open(&o);
	size_t bad = expect_match(&e, &keys, want, o.f);
	size_t last = keys.n;
	for (size_t i = 0; i < keys.n; i++) {
		const struct precis_para *p = precis_doc_paragraph(doc, i);
		int got = p->boilerplate != 0;
		if (!got)
			last = i;
		if (got == want[i])
			continue;
		bad++;
		fprintf(o.f, "  [%zu] %s ", i, got ? "marked, should not be:" : "not marked:");
		show(o.f, keys.v[i], strlen(keys.v[i]));
		if (got && p->boilerplate_reason)
			fprintf(o.f, " (reason: %s)", p->boilerplate_reason);
		fputc('\n', o.f);
	}
	if (last == keys.n || strcmp(keys.v[last], e.last_body) != 0) {
		bad++;
		fprintf(o.f, "  the last unmarked paragraph is ");
		if (last == keys.n)
			fprintf(o.f, "none");
		else
			show(o.f, keys.v[last], strlen(keys.v[last]));
		fprintf(o.f, ", want ");
		show(o.f, e.last_body, strlen(e.last_body));
		fputc('\n', o.f);
	}
	msg = out_close(&o);
	cr_expect(bad == 0, "%s: strip differs from the .expect in %zu place(s):\n%s", path, bad,
	          msg.p);
	bytes_free(&msg);
	free(want);
	strs_free(&keys);
	strs_free(&paras);
	precis_doc_free(doc);
	free(s);
	free(path);
	expect_free(&e);
	front_close(&fr);
}

ParameterizedTestParameters(fixtures, title)
{
	return fixture_params();
}

ParameterizedTest(struct fx *f, fixtures, title)
{
	struct front fr;
	front_open(&fr);
	struct out o;
	out_open(&o);
	struct expect e;
	int ok = expect_load(f, &e, o.f);
	struct bytes msg = out_close(&o);
	cr_assert_eq(ok, 0, "%s", msg.p);
	bytes_free(&msg);

	char *path = fx_path(f, ".txt");
	size_t len = 0;
	char *s = fx_read(path, &len);
	cr_assert(s, "cannot read %s", path);
	struct precis_doc *doc = front_run(&fr, path, s, len);
	cr_assert_gt(precis_doc_paragraph_count(doc), 0, "%s: no paragraphs", path);
	const struct precis_para *p = precis_doc_paragraph(doc, 0);
	const char *text = precis_doc_text(doc, NULL) + p->span.start;
	size_t n = p->span.end - p->span.start;
	if (e.title) {
		int same = n == strlen(e.title) && memcmp(text, e.title, n) == 0;
		cr_expect(same, "%s: the first paragraph is not the title \"%s\"", path, e.title);
		cr_expect(p->heading, "%s: the title is not marked as a heading", path);
		cr_expect(!p->boilerplate, "%s: the title is marked as boilerplate", path);
	} else {
		cr_expect(!p->heading, "%s: the lead is marked as a heading; the article has no title",
		          path);
	}
	precis_doc_free(doc);
	free(s);
	free(path);
	expect_free(&e);
	front_close(&fr);
}

ParameterizedTestParameters(fixtures, damaged_copies_come_back)
{
	struct fx *all;
	size_t n = fx_list(&all);
	struct fxv *p = cr_malloc((n ? n * NVARIANT : 1) * sizeof *p);
	for (size_t i = 0; i < n; i++)
		for (int v = 0; v < NVARIANT; v++)
			p[i * NVARIANT + (size_t)v] = (struct fxv){all[i], (enum variant)v};
	free(all);
	return cr_make_param_array(struct fxv, p, n * NVARIANT, free_params);
}

ParameterizedTest(struct fxv *pv, fixtures, damaged_copies_come_back)
{
	struct front fr;
	front_open(&fr);
	char *path = fx_path(&pv->f, ".txt");
	const char *vname = variant_name[pv->v];
	size_t len = 0;
	char *s = fx_read(path, &len);
	cr_assert(s, "cannot read %s", path);
	struct bytes copy, ref;
	struct out o;
	out_open(&o);
	int made = make_variant(pv->v, s, len, &copy, &ref, o.f);
	struct bytes msg = out_close(&o);
	if (made < 0) {
		cr_log_warn("%s: no %s copy: %s", path, vname, msg.p);
		bytes_free(&msg);
		bytes_free(&copy);
		bytes_free(&ref);
		free(s);
		free(path);
		front_close(&fr);
		cr_skip_test("no %s copy", vname);
	}
	bytes_free(&msg);
	dump_copy(&pv->f, vname, &copy);

	char name[512];
	snprintf(name, sizeof name, "%s (%s copy)", path, vname);
	struct precis_doc *want_doc = front_run(&fr, path, ref.p, ref.n);
	struct precis_doc *got_doc = front_run(&fr, name, copy.p, copy.n);
	struct strs want = doc_paras(want_doc), got = doc_paras(got_doc);
	out_open(&o);
	int diff = paras_diff(&want, &got, o.f);
	msg = out_close(&o);
	cr_expect(!diff, "%s: the %s copy (read as %s, %zu repairs) does not come back:\n%s", path,
	          vname, precis_doc_encoding(got_doc), precis_doc_repairs(got_doc), msg.p);
	bytes_free(&msg);
	strs_free(&want);
	strs_free(&got);
	precis_doc_free(want_doc);
	precis_doc_free(got_doc);
	bytes_free(&copy);
	bytes_free(&ref);
	free(s);
	free(path);
	front_close(&fr);
}
