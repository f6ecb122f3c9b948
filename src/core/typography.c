/* Sets text in the typography of a language, from its lang/<code>/meta.txt:
 *
 *   quote_outer = « »                 outer quotation marks (open close)
 *   quote_inner = “ ”                 quotation marks inside a quotation
 *   space_inside_quote_outer = nbsp   the space inside the outer marks
 *   space_inside_quote_inner = none   ... inside the inner ones
 *   space_before_semicolon = narrow   the space before ; ! ? :
 *   space_before_exclamation = narrow
 *   space_before_question = narrow
 *   space_before_colon = nbsp
 *   apostrophe = ’                    what a straight ' between letters becomes
 *
 * A space is nbsp (U+00A0), narrow (U+202F), space (U+0020), none (any
 * space there is removed) or keep (left as written: the default for a
 * missing key). No rule names a language: French and English differ only
 * in these values.
 *
 * Quotation marks. Every style is read: « » ‹ › “ ” „ ‘ ’ ‚ and straight
 * " and '. A first pass pairs them with a stack. A closer matches the
 * nearest open mark of its family (guillemets, single guillemets, double,
 * single), failing that the nearest open mark (scraped text mixes “X» and
 * «X"); a ’ only ever closes a single quote. « ‹ “ „ ‘ ‚ open (“ closes a
 * „); a straight mark opens after a space, a bracket or the start of a
 * line and before a word, and closes after a word (not right after an
 * opening mark) and before a space, punctuation or the end.
 *
 * Apostrophes are never quotes: a ’ or ' between a letter and a letter or
 * digit (l'État, don't), or before a shortened year (’90s, ’68), is an
 * apostrophe; a ’ after a word closes a quote only when a single quote is
 * open (so students’ stays, except inside an English ‘...’: a known
 * ambiguity). Straight marks and ‘ ‚ are converted only when paired; « ‹ “ „
 * left open at a paragraph end are converted alone. A quotation that runs
 * over several paragraphs (each opening with a quotation mark, only the
 * last one closing) is one quotation. The second pass writes the pairs with
 * the language's marks by depth (outer, inner, outer...) and sets the space
 * inside them (one space in an empty pair).
 *
 * Punctuation. Before ; ! ? and : the spaces (plain, no-break, narrow,
 * thin) are replaced by the language's space when the mark follows a word
 * (not a bracket, an opening mark, or the start of a line) and ends it:
 * what follows is a space, the end, a closing mark or bracket, or . , …
 * So 10:30, 3:1, https://, ?id=, C:\ and Yahoo!Finance stay; a token
 * holding :// or @, or starting with www., is left alone (a token ends at
 * white space or a quotation mark); :) ;-) :'( are emoticons, copied whole;
 * a run such as ?! takes one space before it and none inside. No space is
 * ever added before , . or …. */
#include "precis/normalize.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "precis/lang.h"
#include "util/buf.h"
#include "util/mem.h"

enum space { SP_KEEP, SP_NONE, SP_NBSP, SP_NARROW, SP_SPACE };

static const char *const space_utf8[] = {"", "", "\xC2\xA0", "\xE2\x80\xAF", " "};

enum mark { M_SEMICOLON, M_EXCLAM, M_QUESTION, M_COLON, M_COUNT };

static const char *const mark_keys[M_COUNT] = {
	"space_before_semicolon", "space_before_exclamation", "space_before_question",
	"space_before_colon"};

struct rules {
	char open[2][16], close[2][16]; /* outer, inner; "" when not set */
	enum space inside[2];
	enum space before[M_COUNT];
	char apos[16];
};

/* Codes of the first pass, on the first byte of a mark. */
enum code { C_NONE, C_OPEN, C_CLOSE, C_CONT, C_LONE, C_APOS };

enum family { F_GUIL, F_SGUIL, F_DOUBLE, F_SINGLE };

#define DEPTH 16

struct entry {
	size_t pos;
	int32_t cp;
	enum family fam;
	int sure; /* converted even when left unclosed */
};

/* ---- the rules from meta.txt ---- */

static enum precis_status parse_space(const struct precis_lang *lang, const char *key,
                                      enum space *sp, struct precis_error *err)
{
	static const char *const names[] = {"keep", "none", "nbsp", "narrow", "space"};
	const char *v = precis_lang_meta(lang, key);
	*sp = SP_KEEP;
	if (!v)
		return PRECIS_OK;
	for (int i = 0; i < 5; i++)
		if (strcmp(v, names[i]) == 0) {
			*sp = (enum space)i;
			return PRECIS_OK;
		}
	return precis_error_set(err, PRECIS_E_CONFIG, precis_lang_code(lang),
	                        "meta.txt key %s has value \"%s\"; use keep, none, nbsp, "
	                        "narrow or space",
	                        key, v);
}

static enum precis_status parse_quotes(const struct precis_lang *lang, const char *key,
                                       char *open, char *close, struct precis_error *err)
{
	open[0] = close[0] = '\0';
	const char *v = precis_lang_meta(lang, key);
	if (!v)
		return PRECIS_OK;
	size_t n = strlen(v), i = 0;
	int32_t a = n ? px_utf8_next(v, n, &i) : -1;
	size_t a_end = i;
	while (i < n && v[i] == ' ')
		i++;
	size_t b_start = i;
	int32_t b = i < n ? px_utf8_next(v, n, &i) : -1;
	if (a < 0 || b < 0 || i != n)
		return precis_error_set(err, PRECIS_E_CONFIG, precis_lang_code(lang),
		                        "meta.txt key %s is \"%s\"; write the opening "
		                        "and the closing mark, e.g. « »",
		                        key, v);
	memcpy(open, v, a_end);
	open[a_end] = '\0';
	memcpy(close, v + b_start, n - b_start);
	close[n - b_start] = '\0';
	return PRECIS_OK;
}

static enum precis_status load_rules(const struct precis_lang *lang, struct rules *r,
                                     struct precis_error *err)
{
	memset(r, 0, sizeof *r);
	enum precis_status st;
	if ((st = parse_quotes(lang, "quote_outer", r->open[0], r->close[0], err)) ||
	    (st = parse_quotes(lang, "quote_inner", r->open[1], r->close[1], err)) ||
	    (st = parse_space(lang, "space_inside_quote_outer", &r->inside[0], err)) ||
	    (st = parse_space(lang, "space_inside_quote_inner", &r->inside[1], err)))
		return st;
	for (int m = 0; m < M_COUNT; m++)
		if ((st = parse_space(lang, mark_keys[m], &r->before[m], err)))
			return st;
	const char *a = precis_lang_meta(lang, "apostrophe");
	if (a && strlen(a) < sizeof r->apos)
		strcpy(r->apos, a);
	/* Inner marks default to the outer ones. */
	if (!r->open[1][0] && r->open[0][0]) {
		strcpy(r->open[1], r->open[0]);
		strcpy(r->close[1], r->close[0]);
	}
	return PRECIS_OK;
}

/* ---- character classes ---- */

static int is_hspace(int32_t cp)
{
	return cp == ' ' || cp == '\t' ||
	       (cp > 0x7F && cp != 0x85 && cp != 0x2028 && cp != 0x2029 &&
	        px_cp_is_space(cp));
}

static int is_alnum(int32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		       (cp >= '0' && cp <= '9');
	return px_cp_is_alpha(cp) || px_cp_is_digit(cp);
}

static int is_digit(int32_t cp)
{
	return cp >= '0' && cp <= '9';
}

static int is_open_bracket(int32_t cp)
{
	switch (cp) {
	case '(': case '[': case '{': case '/': case '-': case 0x2013: case 0x2014:
	case 0x00AB: case 0x2039: case 0x201C: case 0x2018: case 0x201E: case 0x201A:
	case '"': case '\'':
		return 1;
	}
	return 0;
}

/* What may follow a closing quote or a spaced punctuation mark. */
static int is_after_end(int32_t cp)
{
	if (cp < 0 || cp == '\n' || is_hspace(cp))
		return 1;
	switch (cp) {
	case '.': case ',': case ';': case ':': case '!': case '?': case 0x2026: case ')':
	case ']': case '}': case 0x00BB: case 0x203A: case 0x201D: case 0x2019: case '"':
	case '\'': case '/': case '-': case 0x2013: case 0x2014:
		return 1;
	}
	return 0;
}

static int32_t cp_at(const char *t, size_t n, size_t i)
{
	return i < n ? px_utf8_next(t, n, &i) : -1;
}

/* A year cut short after an apostrophe: 90s, 68 (two digits, then an s or
 * the end of the word). */
static int is_decade(const char *t, size_t n, size_t i)
{
	if (i + 2 > n || !is_digit((unsigned char)t[i]) ||
	    !is_digit((unsigned char)t[i + 1]))
		return 0;
	size_t k = i + 2;
	if (k < n && t[k] == 's')
		k++;
	int32_t c = cp_at(t, n, k);
	int sep = c == ':' || c == '.' || c == ',';
	if (sep && k + 1 < n && is_digit((unsigned char)t[k + 1]))
		return 0; /* 10:30, 12.5 */
	return !is_alnum(c);
}

/* ---- pass 1: pairing ---- */

struct pairing {
	uint8_t *code;
	struct entry stack[DEPTH];
	int depth;
};

static void drop_entry(struct pairing *p, const struct entry *e)
{
	if (e->sure)
		p->code[e->pos] = C_LONE;
}

static int find_family(const struct pairing *p, enum family f)
{
	for (int i = p->depth - 1; i >= 0; i--)
		if (p->stack[i].fam == f)
			return i;
	return -1;
}

static void push(struct pairing *p, size_t pos, int32_t cp, enum family f, int sure)
{
	struct entry e = {pos, cp, f, sure};
	if (p->depth == DEPTH) {
		drop_entry(p, &e);
		return;
	}
	p->stack[p->depth++] = e;
}

/* The nearest open mark of family f, or else the nearest open mark
 * (scraped text mixes styles: “X», «X", ‹X»), or -1. */
static int find_match(const struct pairing *p, enum family f)
{
	int k = find_family(p, f);
	return k >= 0 ? k : p->depth - 1;
}

/* Closes the nearest open mark that closer family f matches; 0 when none
 * is open. */
static int close_family(struct pairing *p, size_t pos, enum family f)
{
	int k = find_match(p, f);
	if (k < 0)
		return 0;
	while (p->depth > k + 1)
		drop_entry(p, &p->stack[--p->depth]);
	p->code[p->stack[k].pos] = C_OPEN;
	p->code[pos] = C_CLOSE;
	p->depth = k;
	return 1;
}

static enum family family_of(int32_t cp)
{
	switch (cp) {
	case 0x00AB: case 0x00BB:
		return F_GUIL;
	case 0x2039: case 0x203A:
		return F_SGUIL;
	case 0x2018: case 0x2019: case 0x201A: case '\'':
		return F_SINGLE;
	}
	return F_DOUBLE;
}

static int is_quote_mark(int32_t cp)
{
	switch (cp) {
	case 0x00AB: case 0x00BB: case 0x2039: case 0x203A: case 0x201C: case 0x201D:
	case 0x201E: case 0x2018: case 0x2019: case 0x201A: case '"': case '\'':
		return 1;
	}
	return 0;
}

/* Marks that only ever open a quotation. */
static int is_opener_mark(int32_t cp)
{
	return cp == 0x00AB || cp == 0x2039 || cp == 0x201C || cp == 0x201E ||
	       cp == 0x2018 || cp == 0x201A;
}

/* At a blank line: a quotation goes on when the next paragraph opens with
 * a quotation mark (of any style: scraped text mixes them, and setting the
 * text converts them); otherwise all open marks are left unclosed. */
static void paragraph_end(struct pairing *p, const char *t, size_t n, size_t next)
{
	if (!p->depth)
		return;
	size_t i = next;
	while (i < n) {
		size_t k = i;
		int32_t c = px_utf8_next(t, n, &k);
		if (c != '\n' && !is_hspace(c))
			break;
		i = k;
	}
	int32_t c = cp_at(t, n, i);
	while (p->depth > 1)
		drop_entry(p, &p->stack[--p->depth]);
	if (c >= 0 && (is_opener_mark(c) || c == '"')) {
		p->code[i] = C_CONT;
		p->stack[0].sure = 1;
		return;
	}
	drop_entry(p, &p->stack[--p->depth]);
}

static void pair_quotes(struct pairing *p, const char *t, size_t n)
{
	int32_t prev = -1;
	size_t i = 0;
	while (i < n) {
		size_t at = i;
		unsigned char b = (unsigned char)t[i];
		int32_t c = b < 0x80 ? (i++, (int32_t)b) : px_utf8_next(t, n, &i);
		if (c == '\n') {
			/* A blank line ends a paragraph. */
			size_t k = i;
			while (k < n && (t[k] == ' ' || t[k] == '\t'))
				k++;
			if (k < n && t[k] == '\n')
				paragraph_end(p, t, n, k);
			prev = c;
			continue;
		}
		if (!is_quote_mark(c)) {
			prev = c;
			continue;
		}
		if (p->code[at] == C_CONT) { /* the reopening of a long quotation */
			prev = c;
			continue;
		}
		int32_t next = cp_at(t, n, i);
		int prev_space = prev < 0 || prev == '\n' || is_hspace(prev);
		int opening = (prev_space || is_open_bracket(prev)) && next >= 0 &&
		              next != '\n' && !is_hspace(next);
		/* Right after an opening mark nothing closes: no empty quotes. */
		int closing = !prev_space && !is_opener_mark(prev) && prev != '(' &&
		              prev != '[' && is_after_end(next);
		switch (c) {
		case 0x00AB: /* « */
		case 0x2039: /* ‹ */
			push(p, at, c, family_of(c), 1);
			break;
		case 0x00BB: /* » */
		case 0x203A: /* › */
			close_family(p, at, family_of(c));
			break;
		case 0x201E: /* „ */
			push(p, at, c, F_DOUBLE, 1);
			break;
		case 0x201C: { /* “: closes a „ (German), else opens */
			int k = find_family(p, F_DOUBLE);
			if (k >= 0 && closing && p->stack[k].cp == 0x201E)
				close_family(p, at, F_DOUBLE);
			else
				push(p, at, c, F_DOUBLE, 1);
			break;
		}
		case 0x201D: /* ” */
			close_family(p, at, F_DOUBLE);
			break;
		case '"':
			if (closing && find_match(p, F_DOUBLE) >= 0)
				close_family(p, at, F_DOUBLE);
			else if (opening && !closing)
				push(p, at, c, F_DOUBLE, 0);
			break;
		case 0x201A: /* ‚ */
		case 0x2018: /* ‘ */
			if (opening && !is_decade(t, n, i)) /* not a ‘90s typo */
				push(p, at, c, F_SINGLE, 0);
			break;
		case 0x2019: /* ’ */
		case '\'':
			if (is_alnum(prev) && !is_digit(prev) && is_alnum(next)) {
				p->code[at] = C_APOS; /* l'État, don't; not 5'10" */
			} else if ((prev_space || is_open_bracket(prev)) &&
			           is_decade(t, n, i)) {
				p->code[at] = C_APOS; /* ’90s */
			} else if (closing && find_family(p, F_SINGLE) >= 0) {
				close_family(p, at, F_SINGLE); /* the nearest ‘ or ' */
			} else if (c == '\'' && opening && !closing && is_alnum(next)) {
				push(p, at, c, F_SINGLE, 0);
			}
			break;
		}
		prev = c;
	}
	while (p->depth)
		drop_entry(p, &p->stack[--p->depth]);
}

/* ---- pass 2: writing ---- */

static int mark_of(int32_t c)
{
	switch (c) {
	case ';':
		return M_SEMICOLON;
	case '!':
		return M_EXCLAM;
	case '?':
		return M_QUESTION;
	case ':':
		return M_COLON;
	}
	return -1;
}

/* The length of the emoticon at i (:) :( :-) ;-) :'( ...), or 0. */
static size_t emoticon(const char *t, size_t n, size_t i)
{
	if (t[i] != ':' && t[i] != ';')
		return 0;
	size_t k = i + 1;
	if (k < n && (t[k] == '-' || t[k] == '\''))
		k++;
	if (k >= n || (t[k] != ')' && t[k] != '('))
		return 0;
	int32_t b = cp_at(t, n, k + 1);
	return is_after_end(b) ? k + 1 - i : 0;
}

/* Whether the mark at i (followed by the rest of its !? run) ends a word
 * and takes the language's space. */
static int spaced_mark(const char *t, size_t n, size_t i, int32_t c, int32_t prev_out)
{
	if (prev_out < 0 || prev_out == '\n' || is_open_bracket(prev_out) ||
	    mark_of(prev_out) >= 0 || prev_out == ',')
		return 0;
	size_t k = i + 1;
	if (c == '!' || c == '?')
		while (k < n && (t[k] == '!' || t[k] == '?'))
			k++;
	int32_t next = cp_at(t, n, k);
	if (next == '/' || next == '-')
		return 0;
	return is_after_end(next);
}

/* Whether the token that starts at i is a URL, an address or a handle.
 * A token ends at white space or at a quotation mark. */
static int url_token(const char *t, size_t n, size_t i)
{
	if (n - i >= 4 && memcmp(t + i, "www.", 4) == 0)
		return 1;
	for (size_t k = i; k < n;) {
		size_t at = k;
		int32_t c = px_utf8_next(t, n, &k);
		if (c == '\n' || is_hspace(c) || (is_quote_mark(c) && c != '\''))
			return 0;
		if (c == '@')
			return 1;
		if (c == ':' && at + 2 < n && t[at + 1] == '/' && t[at + 2] == '/')
			return 1;
	}
	return 0;
}

struct writer {
	const struct rules *r;
	struct px_buf out;
	size_t ps, pe; /* pending white space [ps, pe) of the input */
	int skip_space; /* drop the white space after an opening mark */
	int just_opened; /* an opening mark and its space were the last written */
	int32_t prev_out; /* last non-space character written on this line */
	int overflow;
};

static void put(struct writer *w, const char *s, size_t n)
{
	if (px_buf_add(&w->out, s, n) < 0)
		w->overflow = 1;
}

static void flush_pending(struct writer *w, const char *t)
{
	if (w->pe > w->ps)
		put(w, t + w->ps, w->pe - w->ps);
	w->ps = w->pe = 0;
}

static void put_space(struct writer *w, enum space sp)
{
	put(w, space_utf8[sp], strlen(space_utf8[sp]));
}

static void write_text(struct writer *w, const char *t, size_t n, const uint8_t *code)
{
	const struct rules *r = w->r;
	int depth = 0, in_url = 0, token_start = 1;
	w->prev_out = -1;
	size_t i = 0;
	while (i < n) {
		size_t at = i;
		unsigned char b = (unsigned char)t[i];
		int32_t c = b < 0x80 ? (i++, (int32_t)b) : px_utf8_next(t, n, &i);
		if (c == '\n') {
			flush_pending(w, t);
			put(w, "\n", 1);
			w->prev_out = '\n';
			w->skip_space = 0;
			w->just_opened = 0;
			token_start = 1;
			continue;
		}
		if (is_hspace(c)) {
			token_start = 1;
			if (w->skip_space)
				continue;
			if (w->pe != at)
				flush_pending(w, t);
			if (w->pe == 0)
				w->ps = at;
			w->pe = i;
			continue;
		}
		w->skip_space = 0;
		int was_opened = w->just_opened;
		w->just_opened = 0;
		if (token_start) {
			in_url = url_token(t, n, at);
			token_start = 0;
		}
		enum code k = code[at];
		if (k == C_OPEN || k == C_LONE || k == C_CONT) {
			int level = k == C_CONT ? 0 : depth % 2;
			flush_pending(w, t);
			if (!r->open[level][0]) {
				put(w, t + at, i - at);
			} else {
				put(w, r->open[level], strlen(r->open[level]));
				if (r->inside[level] != SP_KEEP) {
					put_space(w, r->inside[level]);
					w->skip_space = 1;
				}
			}
			w->just_opened = 1;
			token_start = 1;
			if (k == C_OPEN)
				depth++;
			w->prev_out = 0x201C; /* an opening mark, whatever it was */
			continue;
		}
		if (k == C_CLOSE) {
			if (depth > 0)
				depth--;
			int level = depth % 2;
			if (!r->close[level][0]) {
				flush_pending(w, t);
				put(w, t + at, i - at);
			} else {
				if (r->inside[level] == SP_KEEP) {
					flush_pending(w, t);
				} else {
					w->ps = w->pe = 0;
					/* « » holds one space, not two. */
					if (!was_opened)
						put_space(w, r->inside[level]);
				}
				put(w, r->close[level], strlen(r->close[level]));
			}
			w->prev_out = 0x201D; /* a closing mark */
			token_start = 1;
			continue;
		}
		if (k == C_APOS && r->apos[0] && !in_url) {
			flush_pending(w, t);
			put(w, r->apos, strlen(r->apos));
			w->prev_out = 0x2019;
			continue;
		}
		size_t emo = emoticon(t, n, at);
		if (emo) {
			/* Copied whole; what follows it does not lean on it. */
			flush_pending(w, t);
			put(w, t + at, emo);
			i = at + emo;
			w->prev_out = -1;
			continue;
		}
		int m = mark_of(c);
		int in_run = (c == '!' || c == '?') &&
		             (w->prev_out == '!' || w->prev_out == '?');
		if (m >= 0 && r->before[m] != SP_KEEP && !in_url &&
		    (in_run || spaced_mark(t, n, at, c, w->prev_out))) {
			/* A space is set before a run of ! and ?, none inside. */
			w->ps = w->pe = 0;
			if (w->prev_out != '!' && w->prev_out != '?')
				put_space(w, r->before[m]);
			put(w, t + at, i - at);
			w->prev_out = c;
			continue;
		}
		flush_pending(w, t);
		put(w, t + at, i - at);
		w->prev_out = c;
	}
	flush_pending(w, t);
}

enum precis_status precis_typography(const struct precis_lang *lang, const char *text,
                                     size_t len, char **out, size_t *out_len,
                                     struct precis_error *err)
{
	*out = NULL;
	if (out_len)
		*out_len = 0;
	struct rules r;
	enum precis_status st = load_rules(lang, &r, err);
	if (st != PRECIS_OK)
		return st;
	struct pairing p;
	memset(&p, 0, sizeof p);
	p.code = px_xcalloc(len + 1, 1);
	pair_quotes(&p, text, len);

	struct writer w;
	memset(&w, 0, sizeof w);
	w.r = &r;
	/* Each mark grows by a few bytes at most. */
	px_buf_init(&w.out, len * 3 + 64);
	write_text(&w, text, len, p.code);
	free(p.code);
	if (w.overflow) {
		px_buf_free(&w.out);
		return precis_error_set(err, PRECIS_E_INTERNAL, precis_lang_code(lang),
		                        "typography output outgrew its bound; "
		                        "report this");
	}
	*out = px_buf_take(&w.out, out_len);
	return PRECIS_OK;
}
