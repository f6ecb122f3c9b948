/*
 * Boilerplate patterns: lang/<code>/boilerplate.txt, compiled once, matched
 * against short paragraphs. ICU stays in this file.
 *
 * The data format (one entry a line; `#` at the start of a line is a comment;
 * leading and trailing blanks are dropped):
 *
 *   reason: TEXT        the reason given to the patterns that follow, up to
 *                       the next `reason:` line ("boilerplate" before any)
 *   define NAME REGEX   later patterns of the same file may write {NAME} for
 *                       (?:REGEX); NAME is in capitals, digits and `_`
 *   anything else       an ICU regular expression
 *
 * A pattern must match the whole paragraph, or every line of it, case-
 * insensitively ((?-i:...) where case matters, e.g. in names), after this
 * normalization of the paragraph: runs of white space of any kind (no-break
 * spaces, newlines) become one plain space and the ends are trimmed; ’ ‘ ʼ
 * become '. So a pattern writes one plain space and ' for any apostrophe
 * (’ in a pattern is read as ' too). Paragraphs longer than
 * PX_STRIP_MAX_MATCH bytes are never matched. The first pattern that matches,
 * in langset order then file order, gives the reason.
 *
 * Speed: a pattern is only tried on paragraphs that start with one of the
 * plain prefixes every match of it starts with (read through groups,
 * alternatives, optional parts, small classes like [àa] and \d), or else on
 * those that hold its longest run of plain characters, or one of the
 * alternatives of a group it cannot do without. A pattern with
 * neither (one that starts with .* or \p{Lu}, and has no plain run of two
 * characters) is tried on every short paragraph: keep those few.
 */
#include "core/strip_int.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uregex.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

#include "core/lang_int.h"
#include "core/utf8.h"
#include "util/buf.h"
#include "util/mem.h"

/* ICU's unit is "steps of the match engine", on the order of milliseconds:
 * a runaway pattern in the data must not stall a whole run. */
#define MATCH_TIME_LIMIT 10
/* Distinct pattern sets kept compiled (one per lang/ directory in practice). */
#define CACHE_MAX 8
#define NBUCKET 128
#define NBUCKET2 1024

struct pattern {
	const char *reason; /* one of rules->reasons */
	/* Every match starts with one of these (case-folded), when nlits > 0; */
	UChar **lits;
	int32_t *litlens;
	size_t nlits;
	/* else every match holds one of these somewhere, when nlits > 0 and
	 * floating is set. */
	int floating;
};

/* One prefix of a pattern, filed under its first folded unit or two. */
struct entry {
	size_t pat;
	const UChar *lit;
	int32_t len;
};

struct entry_list {
	struct entry *v;
	size_t n, cap;
};

struct idx_list {
	size_t *v;
	size_t n, cap;
};

struct rules {
	char *source; /* the data the rules were compiled from: the cache key */
	size_t source_len;
	/* The px_lang_serial() of each language last found equal: the same
	 * loaded languages need no compare of their lists (see
	 * source_equals). Under cache_lock. */
	uint64_t *serials;
	size_t nserials;
	struct pattern *pats;
	URegularExpression **tmpl; /* compiled once, only ever cloned */
	size_t npats, capats;
	char **reasons;
	size_t nreasons, careasons;
	struct entry_list bucket[NBUCKET];   /* one-unit prefixes, by that unit */
	struct entry_list bucket2[NBUCKET2]; /* longer ones, by their first two */
	/* Literals that may stand anywhere, by their first two units; a bit of
	 * fmask says a bucket is not empty. */
	struct entry_list fbucket[NBUCKET2];
	uint64_t fmask[NBUCKET2 / 64];
	struct idx_list always; /* no literal: tried every time */
	struct px_strip_words *words;
	int cached;
	size_t out;                    /* matchers in use (under cache_lock) */
	struct px_strip_matcher *pool; /* idle matchers (under cache_lock) */
	struct rules *next;
};

struct px_strip_matcher {
	struct rules *r;
	URegularExpression **re; /* clones of r->tmpl, made when first needed */
	UChar *key, *fold;
	int32_t keycap, foldcap;
	size_t *cand;
	unsigned *seen; /* seen[pattern] == stamp: already a candidate */
	unsigned stamp;
	struct px_strip_matcher *next;
};

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static struct rules *cache_head;
static size_t cache_count;

static void idx_push(struct idx_list *l, size_t i)
{
	l->v = px_xgrow(l->v, &l->cap, l->n + 1, sizeof *l->v);
	l->v[l->n++] = i;
}

static const char *intern_reason(struct rules *r, const char *s)
{
	for (size_t i = 0; i < r->nreasons; i++)
		if (strcmp(r->reasons[i], s) == 0)
			return r->reasons[i];
	r->reasons =
	    px_xgrow(r->reasons, &r->careasons, r->nreasons + 1, sizeof *r->reasons);
	return r->reasons[r->nreasons++] = px_xstrdup(s);
}

/* ’ ‘ ʼ as ' (the same folding the paragraph keys get). */
static void add_apostrophe_folded(struct px_buf *b, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		size_t j = i;
		int32_t cp = px_utf8_next(s, n, &j);
		if (cp == 0x2019 || cp == 0x2018 || cp == 0x02BC)
			px_buf_addc(b, '\'');
		else
			px_buf_add(b, s + i, j - i);
		i = j;
	}
}

/* ---- reading the required literal of a pattern ---- */

static size_t skip_class(const char *p, size_t i)
{
	int depth = 0;
	size_t n = strlen(p);
	while (i < n) {
		char c = p[i];
		if (c == '\\') {
			i += 2;
			continue;
		}
		if (c == '[') {
			depth++;
			i++;
			if (p[i] == '^')
				i++;
			if (p[i] == ']')
				i++;
			continue;
		}
		if (c == ']' && --depth == 0)
			return i + 1;
		i++;
	}
	return n;
}

static size_t skip_group(const char *p, size_t i)
{
	int depth = 0;
	size_t n = strlen(p);
	while (i < n) {
		char c = p[i];
		if (c == '\\') {
			i += 2;
			continue;
		}
		if (c == '[') {
			i = skip_class(p, i);
			continue;
		}
		if (c == '(')
			depth++;
		else if (c == ')' && --depth == 0)
			return i + 1;
		i++;
	}
	return n;
}

/* Skips a quantifier at p[i]; *min gets its least count (1 when none). */
static size_t skip_quant(const char *p, size_t i, long *min)
{
	*min = 1;
	if (p[i] == '?' || p[i] == '*') {
		*min = 0;
		i++;
	} else if (p[i] == '+') {
		i++;
	} else if (p[i] == '{' && p[i + 1] >= '0' && p[i + 1] <= '9') {
		*min = strtol(p + i + 1, NULL, 10);
		const char *e = strchr(p + i, '}');
		i = e ? (size_t)(e - p) + 1 : strlen(p);
	} else {
		return i;
	}
	if (p[i] == '?' || p[i] == '+')
		i++;
	return i;
}

/* Skips an escape that is not a plain literal (\s, \p{L}, \x41, \Q..\E...). */
static size_t skip_escape(const char *p, size_t i)
{
	char d = p[i + 1];
	if ((d == 'p' || d == 'P' || d == 'x' || d == 'N') && p[i + 2] == '{') {
		const char *e = strchr(p + i, '}');
		return e ? (size_t)(e - p) + 1 : strlen(p);
	}
	if (d == 'p' || d == 'P')
		return i + 3;
	if (d == 'x')
		return i + 4;
	if (d == 'u')
		return i + 6;
	if (d == 'U')
		return i + 10;
	if (d == 'Q') {
		const char *e = strstr(p + i, "\\E");
		return e ? (size_t)(e - p) + 2 : strlen(p);
	}
	if (d >= '0' && d <= '9') {
		i += 1;
		while (p[i] >= '0' && p[i] <= '9')
			i++;
		return i;
	}
	return d ? i + 2 : i + 1;
}

/* ---- the literal prefixes every match starts with ---- */

/* More prefixes than this are not worth checking one by one. */
#define FIRST_MAX 96

struct strset {
	char **v;
	size_t n, cap;
};

static void set_add(struct strset *s, const char *t, size_t n)
{
	for (size_t i = 0; i < s->n; i++)
		if (strlen(s->v[i]) == n && memcmp(s->v[i], t, n) == 0)
			return;
	s->v = px_xgrow(s->v, &s->cap, s->n + 1, sizeof *s->v);
	s->v[s->n++] = px_xstrndup(t, n);
}

static void set_free(struct strset *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	memset(s, 0, sizeof *s);
}

/* Whether p[j] is a plain character (or an escaped one): its bytes are p[*lit]
 * (*litn of them); *next gets what follows it. */
static int plain_char(const char *p, size_t n, size_t j, size_t *lit, size_t *litn,
                      size_t *next)
{
	unsigned char c = (unsigned char)p[j];
	if (c == '\\') {
		unsigned char d = (unsigned char)p[j + 1];
		if (!d ||
		    (d < 0x80 && ((d >= '0' && d <= '9') || (d >= 'a' && d <= 'z') ||
		                  (d >= 'A' && d <= 'Z'))))
			return 0;
		size_t k = j + 1;
		px_utf8_next(p, n, &k);
		*lit = j + 1;
		*litn = k - j - 1;
		*next = k;
		return 1;
	}
	if (strchr("([.^$|)*+?{", c))
		return 0;
	size_t k = j;
	px_utf8_next(p, n, &k);
	*lit = j;
	*litn = k - j;
	*next = k;
	return 1;
}

/* The group that opens at p[i]: *ge is one past its ')', its alternatives
 * are p[*in, *close). Returns 1 for a group that matches text, 0 for one
 * that consumes nothing (look-around, flags like (?i)), -1 when unbalanced. */
static int group_at(const char *p, size_t i, size_t *ge, size_t *in, size_t *close)
{
	*ge = skip_group(p, i);
	*in = i + 1;
	*close = *ge - 1;
	if (*ge <= i + 1 || p[*close] != ')')
		return -1;
	if (p[*in] != '?')
		return 1;
	char k = p[*in + 1];
	if (k == '=' || k == '!' ||
	    (k == '<' && (p[*in + 2] == '=' || p[*in + 2] == '!')))
		return 0;
	if (k == '<') {
		const char *gt = memchr(p + *in, '>', *close - *in);
		if (!gt)
			return -1;
		*in = (size_t)(gt - p) + 1;
	} else if (k == ':' || k == '>') {
		*in += 2;
	} else {
		size_t j = *in + 1;
		while (j < *close && p[j] != ':')
			j++;
		if (j >= *close)
			return 0; /* (?i) */
		*in = j + 1;
	}
	return 1;
}

/* The next top-level | of p[i, end), or end. */
static size_t alt_end(const char *p, size_t i, size_t end)
{
	while (i < end) {
		char c = p[i];
		if (c == '\\')
			i += 2;
		else if (c == '[')
			i = skip_class(p, i);
		else if (c == '(')
			i = skip_group(p, i);
		else if (c == '|')
			return i;
		else
			i++;
	}
	return end;
}

static int alts_first(const char *p, size_t i, size_t end, struct strset *out);

/* Adds to out the literal prefixes one of which starts every match of the
 * sequence p[i, end) (it has no top-level |). Returns -1 when there is no
 * such set, 1 when the sequence may match nothing (what follows it counts
 * too), 0 otherwise. */
static int seq_first(const char *p, size_t i, size_t end, struct strset *out)
{
	size_t n = strlen(p);
	long min;
	while (i < end) {
		unsigned char c = (unsigned char)p[i];
		if (c == '^') {
			i++;
			continue;
		}
		if (c == '(') {
			size_t ge, in, close;
			int kind = group_at(p, i, &ge, &in, &close);
			if (kind < 0 || ge > end)
				return -1;
			if (kind == 0) { /* consumes nothing */
				i = ge;
				continue;
			}
			size_t after = skip_quant(p, ge, &min);
			int r = alts_first(p, in, close, out);
			if (r < 0)
				return -1;
			if (r == 0 && min > 0)
				return 0;
			i = after;
			continue;
		}
		if (c == '[') {
			size_t ce = skip_class(p, i);
			size_t after = skip_quant(p, ce, &min);
			if (p[i + 1] == '^' || ce > end)
				return -1;
			/* A mandatory class followed by plain text gives each of its
			 * characters with that text ([àa] lire → à lire, a lire). */
			struct px_buf tail;
			px_buf_init(&tail, 1 << 16);
			if (min > 0 &&
			    after == ce + (p[ce] == '?' || p[ce] == '*' ? 1 : 0)) {
				size_t j = ce, lit, litn, next;
				while (j < end &&
				       plain_char(p, n, j, &lit, &litn, &next)) {
					long m2;
					if (skip_quant(p, next, &m2) != next)
						break;
					px_buf_add(&tail, p + lit, litn);
					j = next;
				}
			}
			for (size_t j = i + 1; j + 1 < ce;) {
				if (p[j] == '\\' || p[j] == '[' || p[j] == '-') {
					px_buf_free(&tail);
					return -1;
				}
				size_t k = j;
				px_utf8_next(p, n, &k);
				struct px_buf one;
				px_buf_init(&one, 1 << 16);
				px_buf_add(&one, p + j, k - j);
				if (tail.len)
					px_buf_add(&one, tail.data, tail.len);
				set_add(out, one.data, one.len);
				px_buf_free(&one);
				j = k;
			}
			px_buf_free(&tail);
			if (min > 0)
				return 0;
			i = after;
			continue;
		}
		if (c == '\\' && p[i + 1] == 'd') {
			size_t after = skip_quant(p, i + 2, &min);
			for (char d = '0'; d <= '9'; d++)
				set_add(out, &d, 1);
			if (min > 0)
				return 0;
			i = after;
			continue;
		}
		if (c == '\\' && (p[i + 1] == 'b' || p[i + 1] == 'B')) {
			i += 2;
			continue;
		}
		size_t lit, litn, next;
		if (!plain_char(p, n, i, &lit, &litn, &next))
			return -1;
		/* A run of plain characters; an optional one ends it. */
		struct px_buf run;
		px_buf_init(&run, 1 << 16);
		size_t j = i;
		int optional_first = 0;
		while (j < end && plain_char(p, n, j, &lit, &litn, &next)) {
			size_t after = skip_quant(p, next, &min);
			if (min == 0) {
				optional_first = run.len == 0;
				if (optional_first) {
					set_add(out, p + lit, litn);
					j = after;
				}
				break;
			}
			px_buf_add(&run, p + lit, litn);
			j = after;
			if (after != next)
				break;
		}
		if (run.len)
			set_add(out, run.data, run.len);
		px_buf_free(&run);
		if (!optional_first)
			return 0;
		i = j;
	}
	return 1;
}

/* The same for alternatives p[i, end) separated by |. */
static int alts_first(const char *p, size_t i, size_t end, struct strset *out)
{
	int empty = 0;
	for (;;) {
		size_t e = alt_end(p, i, end);
		int r = seq_first(p, i, e, out);
		if (r < 0 || out->n > FIRST_MAX)
			return -1;
		if (r == 1)
			empty = 1;
		if (e >= end)
			return empty;
		i = e + 1;
	}
}

/* The literal prefixes one of which starts every match of p; 0: none. */
static int first_prefixes(const char *p, struct strset *out)
{
	if (alts_first(p, 0, strlen(p), out) != 0 || out->n == 0) {
		set_free(out);
		return 0;
	}
	return 1;
}

/* ---- what every match holds somewhere ---- */

/* The best set of literals one of which every match of p must hold
 * somewhere: a run of plain characters outside any group, class or optional
 * part, or the leading texts of the alternatives of a mandatory group
 * ((?:correspondent|reporter)). Best: whose shortest literal is longest.
 * 0 when there is none worth using (a top-level alternative; nothing of two
 * bytes). */
static int required_set(const char *p, struct strset *out)
{
	struct px_buf cur;
	px_buf_init(&cur, 1 << 16);
	size_t n = strlen(p), i = 0, score = 0;
	int alternative = 0;
	long min;
#define TAKE_RUN()                                                                       \
	do {                                                                             \
		if (cur.len > score) {                                                   \
			set_free(out);                                                   \
			set_add(out, cur.data, cur.len);                                 \
			score = cur.len;                                                 \
		}                                                                        \
		px_buf_reset(&cur);                                                      \
	} while (0)
	while (i < n && !alternative) {
		unsigned char c = (unsigned char)p[i];
		if (c == '|') {
			alternative = 1;
		} else if (c == '(') {
			TAKE_RUN();
			size_t ge, in, close;
			int kind = group_at(p, i, &ge, &in, &close);
			if (kind < 0)
				break;
			i = skip_quant(p, ge, &min);
			struct strset alts;
			memset(&alts, 0, sizeof alts);
			if (kind == 1 && min > 0 &&
			    alts_first(p, in, close, &alts) == 0 && alts.n <= 16) {
				size_t shortest = SIZE_MAX;
				for (size_t k = 0; k < alts.n; k++)
					if (strlen(alts.v[k]) < shortest)
						shortest = strlen(alts.v[k]);
				if (shortest > score) {
					set_free(out);
					*out = alts;
					memset(&alts, 0, sizeof alts);
					score = shortest;
				}
			}
			set_free(&alts);
		} else if (c == '[' || c == '.') {
			TAKE_RUN();
			i = c == '[' ? skip_class(p, i) : i + 1;
			i = skip_quant(p, i, &min);
		} else if (c == '^') {
			i++;
		} else if (c == '$' || c == '*' || c == '+' || c == '?' || c == '{' ||
		           c == ')') {
			TAKE_RUN();
			i++;
		} else if (c == '\\' && p[i + 1] && (unsigned char)p[i + 1] < 0x80 &&
		           ((p[i + 1] >= '0' && p[i + 1] <= '9') ||
		            (p[i + 1] >= 'a' && p[i + 1] <= 'z') ||
		            (p[i + 1] >= 'A' && p[i + 1] <= 'Z'))) {
			/* \s \d \p{L} \b...: not plain text */
			TAKE_RUN();
			int zero_width = strchr("bBAzZG", p[i + 1]) != NULL;
			i = skip_escape(p, i);
			if (!zero_width)
				i = skip_quant(p, i, &min);
		} else {
			size_t at = c == '\\' ? i + 1 : i, j = at;
			px_utf8_next(p, n, &j);
			size_t k = skip_quant(p, j, &min);
			if (min > 0)
				px_buf_add(&cur, p + at, j - at);
			if (k != j)
				TAKE_RUN();
			i = k;
		}
	}
	TAKE_RUN();
#undef TAKE_RUN
	px_buf_free(&cur);
	if (alternative || score < 2) {
		set_free(out);
		return 0;
	}
	return 1;
}

/* ---- compiling ---- */

static size_t bucket2_of(const UChar *u)
{
	return ((size_t)u[0] * 31u + u[1]) % NBUCKET2;
}

static UChar *to_utf16(const char *s, size_t n, int32_t *out_len)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t need = 0;
	u_strFromUTF8WithSub(NULL, 0, &need, s, (int32_t)n, 0xFFFD, NULL, &st);
	UChar *u = px_xmalloc(((size_t)need + 1) * sizeof *u);
	st = U_ZERO_ERROR;
	u_strFromUTF8WithSub(u, need + 1, out_len, s, (int32_t)n, 0xFFFD, NULL, &st);
	return u;
}

static UChar *fold16(const UChar *s, int32_t n, int32_t *out_len)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t need = u_strFoldCase(NULL, 0, s, n, U_FOLD_CASE_DEFAULT, &st);
	UChar *f = px_xmalloc(((size_t)need + 1) * sizeof *f);
	st = U_ZERO_ERROR;
	*out_len = u_strFoldCase(f, need + 1, s, n, U_FOLD_CASE_DEFAULT, &st);
	return f;
}

struct define {
	char *name;
	char *re;
};

static int is_name_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* Copies p into out with every {NAME} of defs written as (?:REGEX). */
static void expand(const char *p, const struct define *defs, size_t ndefs,
                   struct px_buf *out)
{
	size_t n = strlen(p), i = 0;
	while (i < n) {
		if (p[i] == '\\' && i + 1 < n) {
			px_buf_add(out, p + i, 2);
			i += 2;
			continue;
		}
		if (p[i] == '{' && i + 1 < n && p[i + 1] >= 'A' && p[i + 1] <= 'Z') {
			size_t j = i + 1;
			while (j < n && is_name_char(p[j]))
				j++;
			if (j < n && p[j] == '}') {
				size_t k;
				for (k = 0; k < ndefs; k++)
					if (strlen(defs[k].name) == j - i - 1 &&
					    memcmp(defs[k].name, p + i + 1, j - i - 1) ==
					        0)
						break;
				if (k < ndefs) {
					px_buf_adds(out, "(?:");
					px_buf_adds(out, defs[k].re);
					px_buf_addc(out, ')');
					i = j + 1;
					continue;
				}
			}
		}
		px_buf_addc(out, p[i]);
		i++;
	}
}

static enum precis_status add_pattern(struct rules *r, const char *re, const char *reason,
                                      const char *path, const char *written,
                                      struct precis_error *err)
{
	int32_t ulen;
	UChar *u = to_utf16(re, strlen(re), &ulen);
	UErrorCode st = U_ZERO_ERROR;
	UParseError pe;
	memset(&pe, 0, sizeof pe);
	URegularExpression *x = uregex_open(u, ulen, UREGEX_CASE_INSENSITIVE, &pe, &st);
	free(u);
	if (U_FAILURE(st))
		return precis_error_set(
		    err, PRECIS_E_CONFIG, path,
		    "boilerplate pattern \"%.300s\" is not a valid ICU regular "
		    "expression (%s near character %d); fix or remove it",
		    written, u_errorName(st), (int)pe.offset + 1);
	size_t i = r->npats;
	r->pats = px_xgrow(r->pats, &r->capats, i + 1, sizeof *r->pats);
	size_t cap = r->capats;
	r->tmpl = px_xrealloc(r->tmpl, cap * sizeof *r->tmpl);
	r->npats++;
	struct pattern *pt = &r->pats[i];
	memset(pt, 0, sizeof *pt);
	r->tmpl[i] = x;
	pt->reason = intern_reason(r, reason);

	struct strset first, inside;
	memset(&first, 0, sizeof first);
	memset(&inside, 0, sizeof inside);
	int have_first = first_prefixes(re, &first);
	int have_inside = required_set(re, &inside);
	size_t inside_score = SIZE_MAX;
	for (size_t k = 0; k < inside.n; k++)
		if (strlen(inside.v[k]) < inside_score)
			inside_score = strlen(inside.v[k]);
	/* Prefixes that are single letters only (a class like [àa] at the
	 * start) filter less than a longer literal found further in. */
	int letters_only = have_first;
	for (size_t k = 0; k < first.n && letters_only; k++) {
		size_t j = 0;
		int32_t cp = px_utf8_next(first.v[k], strlen(first.v[k]), &j);
		letters_only = first.v[k][j] == '\0' && px_cp_is_alpha(cp);
	}
	struct strset *use = NULL;
	if (have_first && (!letters_only || !have_inside || inside_score < 4))
		use = &first;
	else if (have_inside)
		use = &inside;
	if (use) {
		pt->floating = use == &inside;
		pt->lits = px_xcalloc(use->n, sizeof *pt->lits);
		pt->litlens = px_xcalloc(use->n, sizeof *pt->litlens);
		pt->nlits = use->n;
		for (size_t k = 0; k < use->n; k++) {
			int32_t l16;
			UChar *raw = to_utf16(use->v[k], strlen(use->v[k]), &l16);
			pt->lits[k] = fold16(raw, l16, &pt->litlens[k]);
			free(raw);
		}
	}
	set_free(&first);
	set_free(&inside);
	if (pt->nlits && !pt->floating) {
		for (size_t k = 0; k < pt->nlits; k++) {
			if (pt->litlens[k] == 0)
				continue;
			struct entry_list *b = pt->litlens[k] == 1
			                           ? &r->bucket[pt->lits[k][0] % NBUCKET]
			                           : &r->bucket2[bucket2_of(pt->lits[k])];
			b->v = px_xgrow(b->v, &b->cap, b->n + 1, sizeof *b->v);
			b->v[b->n].pat = i;
			b->v[b->n].lit = pt->lits[k];
			b->v[b->n].len = pt->litlens[k];
			b->n++;
		}
	} else if (pt->nlits) {
		for (size_t k = 0; k < pt->nlits; k++) {
			size_t h = bucket2_of(
			    pt->lits[k]); /* floating literals have 2 units or more */
			struct entry_list *b = &r->fbucket[h];
			b->v = px_xgrow(b->v, &b->cap, b->n + 1, sizeof *b->v);
			b->v[b->n].pat = i;
			b->v[b->n].lit = pt->lits[k];
			b->v[b->n].len = pt->litlens[k];
			b->n++;
			r->fmask[h / 64] |= (uint64_t)1 << (h % 64);
		}
	} else {
		idx_push(&r->always, i);
	}
	return PRECIS_OK;
}

static enum precis_status compile_lang(struct rules *r, const struct precis_langset *set,
                                       const struct precis_lang *lang,
                                       struct precis_error *err)
{
	const struct px_list *l = px_lang_list(lang, "boilerplate");
	char path[4096];
	snprintf(path, sizeof path, "%s/%s/boilerplate.txt", precis_langset_dir(set),
	         precis_lang_code(lang));
	struct define *defs = NULL;
	size_t ndefs = 0, cadefs = 0;
	const char *reason = "boilerplate";
	enum precis_status st = PRECIS_OK;
	struct px_buf line, exp;
	px_buf_init(&line, 1 << 20);
	px_buf_init(&exp, 1 << 20);
	for (size_t k = 0; k < l->n && st == PRECIS_OK; k++) {
		const char *item = l->items[k];
		px_buf_reset(&line);
		add_apostrophe_folded(&line, item, strlen(item));
		px_buf_reset(&exp);
		if (strncmp(line.data, "reason:", 7) == 0) {
			const char *t = line.data + 7;
			while (*t == ' ' || *t == '\t')
				t++;
			reason = intern_reason(r, *t ? t : "boilerplate");
			continue;
		}
		if (strncmp(line.data, "define ", 7) == 0) {
			const char *t = line.data + 7;
			while (*t == ' ')
				t++;
			const char *e = t;
			while (is_name_char(*e))
				e++;
			if (e == t || (*e != ' ' && *e != '\t')) {
				st = precis_error_set(
				    err, PRECIS_E_CONFIG, path,
				    "\"%.300s\" is not `define NAME REGEX` (NAME in "
				    "capitals); fix the line",
				    item);
				break;
			}
			const char *v = e;
			while (*v == ' ' || *v == '\t')
				v++;
			expand(v, defs, ndefs, &exp);
			defs = px_xgrow(defs, &cadefs, ndefs + 1, sizeof *defs);
			defs[ndefs].name = px_xstrndup(t, (size_t)(e - t));
			defs[ndefs].re = px_xstrdup(exp.data ? exp.data : "");
			ndefs++;
			continue;
		}
		expand(line.data, defs, ndefs, &exp);
		st = add_pattern(r, exp.data ? exp.data : "", reason, path, item, err);
	}
	for (size_t k = 0; k < ndefs; k++) {
		free(defs[k].name);
		free(defs[k].re);
	}
	free(defs);
	px_buf_free(&line);
	px_buf_free(&exp);
	return st;
}

static void matcher_free(struct px_strip_matcher *m, size_t npats)
{
	for (size_t i = 0; i < npats; i++)
		if (m->re[i])
			uregex_close(m->re[i]);
	free(m->re);
	free(m->cand);
	free(m->seen);
	free(m->key);
	free(m->fold);
	free(m);
}

static void rules_free(struct rules *r)
{
	if (!r)
		return;
	free(r->serials);
	while (r->pool) {
		struct px_strip_matcher *m = r->pool;
		r->pool = m->next;
		matcher_free(m, r->npats);
	}
	for (size_t i = 0; i < r->npats; i++) {
		uregex_close(r->tmpl[i]);
		for (size_t k = 0; k < r->pats[i].nlits; k++)
			free(r->pats[i].lits[k]);
		free(r->pats[i].lits);
		free(r->pats[i].litlens);
	}
	free(r->tmpl);
	free(r->pats);
	for (size_t i = 0; i < r->nreasons; i++)
		free(r->reasons[i]);
	free(r->reasons);
	for (size_t i = 0; i < NBUCKET; i++)
		free(r->bucket[i].v);
	for (size_t i = 0; i < NBUCKET2; i++)
		free(r->bucket2[i].v);
	for (size_t i = 0; i < NBUCKET2; i++)
		free(r->fbucket[i].v);
	free(r->always.v);
	px_strip_words_free(r->words);
	free(r->source);
	free(r);
}

/* The lists the rules are made of. */
static const char *const source_lists[] = {
    "boilerplate", "stopwords", "social", "bio-cues", "name-particles", "press-roles"};

/* The text the rules of set are made of: the cache key. */
static char *rules_source(const struct precis_langset *set, size_t *len)
{
	struct px_buf b;
	px_buf_init(&b, (size_t)1 << 30);
	for (size_t i = 0; i < precis_langset_count(set); i++) {
		const struct precis_lang *lang = precis_langset_at(set, i);
		px_buf_adds(&b, precis_lang_code(lang));
		px_buf_addc(&b, '\0');
		for (size_t s = 0; s < sizeof source_lists / sizeof *source_lists; s++) {
			const struct px_list *l = px_lang_list(lang, source_lists[s]);
			for (size_t k = 0; k < l->n; k++) {
				px_buf_adds(&b, l->items[k]);
				px_buf_addc(&b, '\n');
			}
			px_buf_addc(&b, '\0');
		}
	}
	if (!b.data)
		px_buf_addc(&b, '\0');
	return px_buf_take(&b, len);
}

/* Whether set is the very set (its languages, as loaded) r was last found
 * equal to: a few numbers compared instead of every list, per document. */
static int serials_equal(const struct rules *r, const struct precis_langset *set)
{
	size_t n = precis_langset_count(set);
	if (!r->serials || r->nserials != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (px_lang_serial(precis_langset_at(set, i)) != r->serials[i])
			return 0;
	return 1;
}

static void serials_set(struct rules *r, const struct precis_langset *set)
{
	size_t n = precis_langset_count(set);
	free(r->serials);
	r->serials = px_xmalloc((n + 1) * sizeof *r->serials);
	for (size_t i = 0; i < n; i++)
		r->serials[i] = px_lang_serial(precis_langset_at(set, i));
	r->nserials = n;
}

/* Whether r was compiled from the lists of set: rules_source() without
 * building it. */
static int source_equals(const struct rules *r, const struct precis_langset *set)
{
	const char *p = r->source, *end = r->source + r->source_len;
	for (size_t i = 0; i < precis_langset_count(set); i++) {
		const struct precis_lang *lang = precis_langset_at(set, i);
		const char *code = precis_lang_code(lang);
		size_t n = strlen(code) + 1;
		if ((size_t)(end - p) < n || memcmp(p, code, n) != 0)
			return 0;
		p += n;
		for (size_t s = 0; s < sizeof source_lists / sizeof *source_lists; s++) {
			const struct px_list *l = px_lang_list(lang, source_lists[s]);
			for (size_t k = 0; k < l->n; k++) {
				n = strlen(l->items[k]);
				if ((size_t)(end - p) < n + 1 ||
				    memcmp(p, l->items[k], n) != 0 || p[n] != '\n')
					return 0;
				p += n + 1;
			}
			if (p == end || *p != '\0')
				return 0;
			p++;
		}
	}
	return p == end || (p + 1 == end && precis_langset_count(set) == 0);
}

static struct px_strip_matcher *matcher_new(struct rules *r)
{
	struct px_strip_matcher *m = px_xcalloc(1, sizeof *m);
	m->r = r;
	m->re = px_xcalloc(r->npats ? r->npats : 1, sizeof *m->re);
	m->cand = px_xcalloc(r->npats ? r->npats : 1, sizeof *m->cand);
	m->seen = px_xcalloc(r->npats ? r->npats : 1, sizeof *m->seen);
	return m;
}

enum precis_status px_strip_matcher_get(const struct precis_langset *set,
                                        struct px_strip_matcher **out,
                                        struct precis_error *err)
{
	*out = NULL;
	struct px_strip_matcher *m = NULL;

	pthread_mutex_lock(&cache_lock);
	for (struct rules *r = cache_head; r; r = r->next) {
		int same = serials_equal(r, set);
		if (same || source_equals(r, set)) {
			if (!same)
				serials_set(r, set);
			r->out++;
			if (r->pool) {
				m = r->pool;
				r->pool = m->next;
				m->next = NULL;
			} else {
				m = matcher_new(r);
			}
			break;
		}
	}
	if (m) {
		pthread_mutex_unlock(&cache_lock);
		*out = m;
		return PRECIS_OK;
	}

	/* Compiled under the lock: threads that start together wait for one
	 * compilation (a few milliseconds, once) instead of each doing it. */
	struct rules *r = px_xcalloc(1, sizeof *r);
	r->source = rules_source(set, &r->source_len);
	for (size_t i = 0; i < precis_langset_count(set); i++) {
		enum precis_status st =
		    compile_lang(r, set, precis_langset_at(set, i), err);
		if (st != PRECIS_OK) {
			pthread_mutex_unlock(&cache_lock);
			rules_free(r);
			return st;
		}
	}
	r->words = px_strip_words_build(set);
	serials_set(r, set);
	if (cache_count < CACHE_MAX) {
		r->cached = 1;
		r->out = 1;
		r->next = cache_head;
		cache_head = r;
		cache_count++;
	}
	pthread_mutex_unlock(&cache_lock);
	*out = matcher_new(r); /* uncached rules are freed with the matcher */
	return PRECIS_OK;
}

void px_strip_matcher_put(struct px_strip_matcher *m)
{
	if (!m)
		return;
	struct rules *r = m->r;
	if (r->cached) {
		pthread_mutex_lock(&cache_lock);
		r->out--;
		m->next = r->pool;
		r->pool = m;
		pthread_mutex_unlock(&cache_lock);
		return;
	}
	matcher_free(m, r->npats);
	rules_free(r);
}

#if defined(__GNUC__)
/* The cache lives as long as the process; giving it back at exit keeps leak
 * checkers (valgrind, LeakSanitizer) quiet about ICU's inner pointers. A
 * matcher still out in another thread then is left alone. */
__attribute__((destructor)) static void cache_release(void)
{
	pthread_mutex_lock(&cache_lock);
	struct rules **link = &cache_head;
	while (*link) {
		struct rules *r = *link;
		if (r->out) {
			link = &r->next;
			continue;
		}
		*link = r->next;
		cache_count--;
		rules_free(r);
	}
	pthread_mutex_unlock(&cache_lock);
}
#endif

const struct px_strip_words *px_strip_matcher_words(const struct px_strip_matcher *m)
{
	return m->r->words;
}

/* ---- matching ---- */

/* The normalized key of text into m->key (white space folded to one space,
 * trimmed, apostrophes as '); returns its length in UTF-16 units. */
static int32_t build_key(struct px_strip_matcher *m, const char *s, size_t len)
{
	if (m->keycap < (int32_t)len + 1) {
		m->keycap = (int32_t)len + 1;
		m->key = px_xrealloc(m->key, (size_t)m->keycap * sizeof *m->key);
	}
	int32_t k = 0;
	int space = 0;
	size_t i = 0;
	while (i < len) {
		int32_t cp = px_utf8_next(s, len, &i);
		if (cp < 0)
			cp = 0xFFFD;
		if (cp < 0x80 ? cp == ' ' || (cp >= '\t' && cp <= '\r')
		              : px_cp_is_space(cp)) {
			space = k > 0;
			continue;
		}
		if (space) {
			m->key[k++] = ' ';
			space = 0;
		}
		if (cp == 0x2019 || cp == 0x2018 || cp == 0x02BC)
			cp = '\'';
		U16_APPEND_UNSAFE(m->key, k, cp);
	}
	return k;
}

static int32_t build_fold(struct px_strip_matcher *m, int32_t klen)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t n =
	    u_strFoldCase(m->fold, m->foldcap, m->key, klen, U_FOLD_CASE_DEFAULT, &st);
	if (st == U_BUFFER_OVERFLOW_ERROR || n >= m->foldcap) {
		m->foldcap = n + 1;
		m->fold = px_xrealloc(m->fold, (size_t)m->foldcap * sizeof *m->fold);
		st = U_ZERO_ERROR;
		n = u_strFoldCase(m->fold, m->foldcap, m->key, klen, U_FOLD_CASE_DEFAULT,
		                  &st);
	}
	return U_SUCCESS(st) ? n : 0;
}

const char *px_strip_match(struct px_strip_matcher *m, const char *text, size_t len)
{
	if (len == 0 || len > PX_STRIP_MAX_MATCH)
		return NULL;
	struct rules *r = m->r;
	int32_t klen = build_key(m, text, len);
	if (klen == 0)
		return NULL;
	int32_t flen = build_fold(m, klen);
	if (flen == 0)
		return NULL;

	size_t nc = 0;
	if (++m->stamp == 0) {
		memset(m->seen, 0, r->npats * sizeof *m->seen);
		m->stamp = 1;
	}
	const struct entry_list *bl[2] = {&r->bucket[m->fold[0] % NBUCKET],
	                                  flen > 1 ? &r->bucket2[bucket2_of(m->fold)]
	                                           : NULL};
	for (int k = 0; k < 2; k++) {
		for (size_t i = 0; bl[k] && i < bl[k]->n; i++) {
			const struct entry *e = &bl[k]->v[i];
			if (m->seen[e->pat] != m->stamp && e->len <= flen &&
			    memcmp(m->fold, e->lit, (size_t)e->len * sizeof *e->lit) ==
			        0) {
				m->seen[e->pat] = m->stamp;
				m->cand[nc++] = e->pat;
			}
		}
	}
	/* One pass for every literal that may stand anywhere. */
	for (int32_t at = 0; at + 1 < flen; at++) {
		size_t h = bucket2_of(m->fold + at);
		if (!(r->fmask[h / 64] >> (h % 64) & 1))
			continue;
		const struct entry_list *b = &r->fbucket[h];
		for (size_t i = 0; i < b->n; i++) {
			const struct entry *e = &b->v[i];
			if (m->seen[e->pat] != m->stamp && e->len <= flen - at &&
			    memcmp(m->fold + at, e->lit,
			           (size_t)e->len * sizeof *e->lit) == 0) {
				m->seen[e->pat] = m->stamp;
				m->cand[nc++] = e->pat;
			}
		}
	}
	for (size_t i = 0; i < r->always.n; i++)
		m->cand[nc++] = r->always.v[i];
	/* File order decides which reason wins; the lists are few and short. */
	for (size_t i = 1; i < nc; i++) {
		size_t v = m->cand[i], j = i;
		while (j > 0 && m->cand[j - 1] > v) {
			m->cand[j] = m->cand[j - 1];
			j--;
		}
		m->cand[j] = v;
	}
	for (size_t c = 0; c < nc; c++) {
		size_t i = m->cand[c];
		UErrorCode st = U_ZERO_ERROR;
		if (!m->re[i]) {
			m->re[i] = uregex_clone(r->tmpl[i], &st);
			if (U_FAILURE(st) || !m->re[i]) {
				m->re[i] = NULL;
				continue;
			}
			uregex_setTimeLimit(m->re[i], MATCH_TIME_LIMIT, &st);
			st = U_ZERO_ERROR;
		}
		uregex_setText(m->re[i], m->key, klen, &st);
		UBool hit = uregex_matches(m->re[i], 0, &st);
		if (U_SUCCESS(st) && hit)
			return r->pats[i].reason;
	}
	return NULL;
}
