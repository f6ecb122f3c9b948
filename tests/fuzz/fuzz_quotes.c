/*
 * fuzz_quotes.c — libFuzzer target for the quote extractor: the text front
 * (decode … segment), then precis_quotes(), over arbitrary bytes.
 *
 * fuzz_text.c already holds the front to its promises; this target checks
 * what the extractor promises to the CLI and to later stages (summarize,
 * translate), and calls abort() when one is broken:
 *   - precis_quotes() succeeds on any doc the front accepted (or refuses
 *     with PRECIS_E_INPUT and a message);
 *   - quote i exists for i < count and not past it;
 *   - spans are non-empty, in bounds, on character boundaries, in text
 *     order (by start);
 *   - paragraph <= paragraph_end < paragraph count, the span starts inside
 *     its first paragraph and ends inside its last one;
 *   - sentence < sentence count, in the quote's first paragraph, and it is
 *     the sentence the span starts in (the last one starting at or before
 *     it);
 *   - text, speaker, role and cue are non-NULL strict UTF-8; text is not
 *     empty;
 *   - kind is statement or term; confidence is within 0..1 (not NaN);
 *   - a second run on the same doc gives the same quotes (it replaces, and
 *     keeps no state between runs).
 *
 * The same file is linked with replay_main.c into `fuzz-quotes-replay`,
 * which runs corpus/quotes/ as an ordinary test in every build.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "precis/precis.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct precis_langset *set;
static struct precis_detector *det;

#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
static _Noreturn void violated(const char *fmt, ...);

static _Noreturn void violated(const char *fmt, ...)
{
	va_list ap;
	fputs("fuzz_quotes: invariant broken: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

/* Loaded once: read-only during a run, and reloading per input would make
 * the fuzzer measure file I/O. */
static void setup(void)
{
	if (det)
		return;
	struct precis_error err;
	precis_error_clear(&err);
	if (precis_langset_load(NULL, &set, &err) != PRECIS_OK) {
		fprintf(stderr, "fuzz_quotes: '%s': %s (set PRECIS_LANG_DIR)\n", err.where,
		        err.message);
		exit(2);
	}
	if (precis_detector_new(set, &det, &err) != PRECIS_OK) {
		fprintf(stderr, "fuzz_quotes: '%s': %s\n", err.where, err.message);
		exit(2);
	}
}

/* Offset of the first byte of s that is not strict UTF-8 (no overlongs,
 * surrogates or code points above U+10FFFF), or strlen(s). */
static size_t utf8_valid_prefix(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (s[i]) {
		unsigned c = s[i];
		size_t n;
		uint32_t cp;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			n = 2, cp = c & 0x1F;
		else if (c >= 0xE0 && c <= 0xEF)
			n = 3, cp = c & 0x0F;
		else if (c >= 0xF0 && c <= 0xF4)
			n = 4, cp = c & 0x07;
		else
			return i;
		for (size_t k = 1; k < n; k++) {
			if ((s[i + k] & 0xC0) != 0x80) /* the NUL stops here too */
				return i;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return i;
		i += n;
	}
	return i;
}

static void check_string(size_t i, const char *field, const char *s)
{
	if (!s)
		violated("quote %zu: %s is NULL (\"\" when there is none)", i, field);
	size_t ok = utf8_valid_prefix(s);
	if (s[ok])
		violated("quote %zu: %s is not UTF-8 at byte %zu (0x%02X)", i, field, ok,
		         (unsigned char)s[ok]);
}

static int on_boundary(const char *text, size_t len, size_t off)
{
	return off == len || ((unsigned char)text[off] & 0xC0) != 0x80;
}

static void check_quote(const struct precis_doc *doc, size_t i, const struct precis_quote *q,
                        size_t prev_start)
{
	size_t len;
	const char *text = precis_doc_text(doc, &len);
	size_t np = precis_doc_paragraph_count(doc);
	size_t ns = precis_doc_sentence_count(doc);
	struct precis_span sp = q->span;

	if (sp.start >= sp.end || sp.end > len)
		violated("quote %zu: span [%zu, %zu) empty or past the text (%zu bytes)", i,
		         sp.start, sp.end, len);
	if (!on_boundary(text, len, sp.start) || !on_boundary(text, len, sp.end))
		violated("quote %zu: span [%zu, %zu) cuts a UTF-8 character", i, sp.start, sp.end);
	if (sp.start < prev_start)
		violated("quote %zu starts at %zu, before the previous one (%zu): not in text order",
		         i, sp.start, prev_start);

	if (q->paragraph > q->paragraph_end || q->paragraph_end >= np)
		violated("quote %zu: paragraphs %zu..%zu, the doc has %zu", i, q->paragraph,
		         q->paragraph_end, np);
	const struct precis_para *first = precis_doc_paragraph(doc, q->paragraph);
	const struct precis_para *last = precis_doc_paragraph(doc, q->paragraph_end);
	if (sp.start < first->span.start || sp.start >= first->span.end)
		violated("quote %zu starts at %zu, outside its paragraph %zu [%zu, %zu)", i,
		         sp.start, q->paragraph, first->span.start, first->span.end);
	if (sp.end <= last->span.start || sp.end > last->span.end)
		violated("quote %zu ends at %zu, outside its last paragraph %zu [%zu, %zu)", i,
		         sp.end, q->paragraph_end, last->span.start, last->span.end);

	if (q->sentence >= ns)
		violated("quote %zu: sentence %zu, the doc has %zu", i, q->sentence, ns);
	const struct precis_sentence *s = precis_doc_sentence(doc, q->sentence);
	if (s->paragraph != q->paragraph)
		violated("quote %zu: its sentence %zu is in paragraph %zu, the quote starts in %zu",
		         i, q->sentence, s->paragraph, q->paragraph);
	const struct precis_sentence *next = precis_doc_sentence(doc, q->sentence + 1);
	if (s->span.start > sp.start ||
	    (next && next->paragraph == q->paragraph && next->span.start <= sp.start))
		violated("quote %zu starts at %zu, not in its sentence %zu [%zu, %zu)", i, sp.start,
		         q->sentence, s->span.start, s->span.end);

	check_string(i, "text", q->text);
	check_string(i, "speaker", q->speaker);
	check_string(i, "role", q->role);
	check_string(i, "cue", q->cue);
	if (!q->text[0])
		violated("quote %zu [%zu, %zu): empty text", i, sp.start, sp.end);
	if (q->kind != PRECIS_QUOTE_STATEMENT && q->kind != PRECIS_QUOTE_TERM)
		violated("quote %zu: kind %d", i, (int)q->kind);
	if (!(q->confidence >= 0.0 && q->confidence <= 1.0))
		violated("quote %zu: confidence %g outside 0..1", i, q->confidence);
}

/* What a run found, to compare with a second run. */
struct found {
	size_t n;
	struct precis_quote *v;
	char **strings; /* 4 a quote: text, speaker, role, cue */
};

static char *copy_str(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);
	if (!d)
		abort();
	return memcpy(d, s, n);
}

static void keep(const struct precis_doc *doc, struct found *f)
{
	f->n = precis_doc_quote_count(doc);
	f->v = malloc((f->n ? f->n : 1) * sizeof *f->v);
	f->strings = malloc((f->n ? f->n : 1) * 4 * sizeof *f->strings);
	if (!f->v || !f->strings)
		abort();
	for (size_t i = 0; i < f->n; i++) {
		const struct precis_quote *q = precis_doc_quote(doc, i);
		f->v[i] = *q;
		f->strings[4 * i] = copy_str(q->text);
		f->strings[4 * i + 1] = copy_str(q->speaker);
		f->strings[4 * i + 2] = copy_str(q->role);
		f->strings[4 * i + 3] = copy_str(q->cue);
	}
}

static void release(struct found *f)
{
	for (size_t i = 0; i < 4 * f->n; i++)
		free(f->strings[i]);
	free(f->strings);
	free(f->v);
}

static void same_again(const struct precis_doc *doc, const struct found *f)
{
	size_t n = precis_doc_quote_count(doc);
	if (n != f->n)
		violated("a second run found %zu quotes, the first %zu", n, f->n);
	for (size_t i = 0; i < n; i++) {
		const struct precis_quote *q = precis_doc_quote(doc, i);
		const struct precis_quote *p = &f->v[i];
		const char *now[4] = {q->text, q->speaker, q->role, q->cue};
		if (q->span.start != p->span.start || q->span.end != p->span.end ||
		    q->paragraph != p->paragraph || q->paragraph_end != p->paragraph_end ||
		    q->sentence != p->sentence || q->kind != p->kind ||
		    q->confidence != p->confidence)
			violated("quote %zu differs on a second run: [%zu, %zu) then [%zu, %zu)", i,
			         p->span.start, p->span.end, q->span.start, q->span.end);
		for (size_t k = 0; k < 4; k++)
			if (strcmp(now[k], f->strings[4 * i + k]) != 0)
				violated("quote %zu: field %zu differs on a second run: \"%s\" then "
				         "\"%s\"",
				         i, k, f->strings[4 * i + k], now[k]);
	}
}

static int quotes_ok(struct precis_doc *doc)
{
	struct precis_error err;
	precis_error_clear(&err);
	enum precis_status st = precis_quotes(doc, set, &err);
	if (st == PRECIS_OK)
		return 1;
	if (st == PRECIS_E_INPUT && err.status == st && err.message[0])
		return 0;
	violated("precis_quotes: status %s (%d) on a doc the front accepted: '%s': %s",
	         precis_status_name(st), (int)st, err.where, err.message);
}

static void run(const uint8_t *data, size_t size, const struct precis_text_opts *opts)
{
	struct precis_doc *doc = precis_doc_new("fuzz-input");
	struct precis_error err;
	precis_error_clear(&err);
	if (precis_text_front(doc, data, size, opts, det, set, &err) != PRECIS_OK ||
	    !quotes_ok(doc)) {
		precis_doc_free(doc);
		return;
	}
	size_t n = precis_doc_quote_count(doc);
	size_t prev = 0;
	for (size_t i = 0; i < n; i++) {
		const struct precis_quote *q = precis_doc_quote(doc, i);
		if (!q)
			violated("quote %zu of %zu is NULL", i, n);
		check_quote(doc, i, q, prev);
		prev = q->span.start;
	}
	if (precis_doc_quote(doc, n))
		violated("quote %zu exists past the count (%zu)", n, n);

	struct found first;
	keep(doc, &first);
	if (quotes_ok(doc))
		same_again(doc, &first);
	release(&first);
	precis_doc_free(doc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	setup();
	run(data, size, NULL);
	/* One input in four (chosen by its last byte, so a replay does the
	 * same) also goes through a forced language and no strip: the
	 * extractor then sees boilerplate paragraphs and a language that may
	 * not be the text's. */
	if (size && (data[size - 1] & 3) == 0 && precis_langset_count(set)) {
		const struct precis_lang *lang =
			precis_langset_at(set, (data[size - 1] >> 2) % precis_langset_count(set));
		struct precis_text_opts opts = {NULL, precis_lang_code(lang), 0, 1};
		run(data, size, &opts);
	}
	return 0;
}
