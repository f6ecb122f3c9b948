/*
 * fuzz_text.c — libFuzzer target for the text front (decode, normalize,
 * detect, strip, segment) over arbitrary bytes.
 *
 * Crashes and sanitizer reports are what the fuzzer looks for; on top of
 * them this target checks the promises the front makes to every later stage
 * and calls abort() when one is broken, so a wrong offset is found here and
 * not as a garbled quote three stages later:
 *   - the input is accepted, or refused with PRECIS_E_INPUT and a message;
 *   - the text is NUL-terminated, strict UTF-8, and holds none of the
 *     characters normalize removes (controls other than tab and newline,
 *     CR, soft hyphen, zero-width space, BOM, U+2028/U+2029);
 *   - paragraphs and sentences are non-empty, in bounds, in order, on
 *     character boundaries, and every sentence lies inside its paragraph;
 *   - the offset map is monotonic non-decreasing, within the source, and
 *     maps the end of the text to the end of the source.
 *
 * The same file is linked with replay_main.c into `fuzz-replay`, which runs
 * the corpus as an ordinary test in every build.
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
	fputs("fuzz_text: invariant broken: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

/* Loaded once: the langset and detector are read-only during a run, and
 * reloading them per input would make the fuzzer measure file I/O. */
static void setup(void)
{
	if (det)
		return;
	struct precis_error err;
	precis_error_clear(&err);
	if (precis_langset_load(NULL, &set, &err) != PRECIS_OK) {
		fprintf(stderr, "fuzz_text: '%s': %s (set PRECIS_LANG_DIR)\n", err.where,
		        err.message);
		exit(2);
	}
	if (precis_detector_new(set, &det, &err) != PRECIS_OK) {
		fprintf(stderr, "fuzz_text: '%s': %s\n", err.where, err.message);
		exit(2);
	}
}

/* Characters normalize promises to remove or turn into newlines. C0 and C1
 * controls are checked apart. */
static int removed_by_normalize(uint32_t cp)
{
	switch (cp) {
	case 0x00AD: /* soft hyphen */
	case 0x200B: /* zero-width space */
	case 0xFEFF: /* BOM / zero-width no-break space */
	case 0x2028: /* line separator: becomes a newline */
	case 0x2029: /* paragraph separator: becomes a newline */
		return 1;
	default:
		return 0;
	}
}

/* Strict UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF), and
 * only the characters normalize may leave. Returns the offset of the first
 * bad byte, or len. */
static size_t check_text(const unsigned char *s, size_t len, uint32_t *bad_cp)
{
	size_t i = 0;
	while (i < len) {
		unsigned c = s[i];
		uint32_t cp;
		size_t n;
		if (c < 0x80) {
			cp = c;
			n = 1;
		} else if (c >= 0xC2 && c <= 0xDF) {
			cp = c & 0x1F;
			n = 2;
		} else if (c >= 0xE0 && c <= 0xEF) {
			cp = c & 0x0F;
			n = 3;
		} else if (c >= 0xF0 && c <= 0xF4) {
			cp = c & 0x07;
			n = 4;
		} else {
			*bad_cp = c;
			return i;
		}
		if (n > len - i) {
			*bad_cp = c;
			return i;
		}
		for (size_t k = 1; k < n; k++) {
			if ((s[i + k] & 0xC0) != 0x80) {
				*bad_cp = c;
				return i;
			}
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
		    (cp >= 0xD800 && cp <= 0xDFFF)) {
			*bad_cp = cp;
			return i;
		}
		int control = (cp < 0x20 && cp != '\t' && cp != '\n') || cp == 0x7F ||
		              (cp >= 0x80 && cp <= 0x9F);
		if (control || removed_by_normalize(cp)) {
			*bad_cp = cp;
			return i;
		}
		i += n;
	}
	return len;
}

static int on_boundary(const char *text, size_t len, size_t off)
{
	return off == len || ((unsigned char)text[off] & 0xC0) != 0x80;
}

static void check_span(const char *what, size_t i, struct precis_span sp, const char *text,
                       size_t len)
{
	if (sp.start >= sp.end || sp.end > len)
		violated("%s %zu: span [%zu, %zu) empty or past the text (%zu bytes)", what, i,
		         sp.start, sp.end, len);
	if (!on_boundary(text, len, sp.start) || !on_boundary(text, len, sp.end))
		violated("%s %zu: span [%zu, %zu) cuts a UTF-8 character", what, i, sp.start,
		         sp.end);
}

static void check_paragraphs(const struct precis_doc *doc, const char *text, size_t len,
                             size_t nsent)
{
	size_t np = precis_doc_paragraph_count(doc);
	size_t prev_end = 0, next_sent = 0;
	for (size_t i = 0; i < np; i++) {
		const struct precis_para *p = precis_doc_paragraph(doc, i);
		if (!p)
			violated("paragraph %zu of %zu is NULL", i, np);
		check_span("paragraph", i, p->span, text, len);
		if (p->span.start < prev_end)
			violated("paragraph %zu starts at %zu, before the end of the previous one "
			         "(%zu)",
			         i, p->span.start, prev_end);
		/* The span leaves out the newlines around it (doc.h). */
		if (text[p->span.start] == '\n' || text[p->span.end - 1] == '\n')
			violated("paragraph %zu [%zu, %zu) starts or ends with a newline", i,
			         p->span.start, p->span.end);
		prev_end = p->span.end;
		if (!p->lang || !*p->lang)
			violated("paragraph %zu has no language", i);
		if (!(p->lang_confidence >= 0.0 && p->lang_confidence <= 1.0))
			violated("paragraph %zu: language confidence %g outside 0..1", i,
			         p->lang_confidence);
		if (p->first_sentence != next_sent && p->sentence_count)
			violated("paragraph %zu: first sentence %zu, expected %zu", i,
			         p->first_sentence, next_sent);
		if (p->sentence_count > nsent - next_sent)
			violated("paragraph %zu: %zu sentences from %zu, only %zu in all", i,
			         p->sentence_count, next_sent, nsent);
		next_sent += p->sentence_count;
	}
	if (next_sent != nsent)
		violated("paragraphs count %zu sentences, the doc has %zu", next_sent, nsent);
}

static void check_sentences(const struct precis_doc *doc, const char *text, size_t len,
                            size_t nsent)
{
	size_t np = precis_doc_paragraph_count(doc);
	size_t prev_end = 0, prev_para = 0;
	for (size_t i = 0; i < nsent; i++) {
		const struct precis_sentence *s = precis_doc_sentence(doc, i);
		if (!s)
			violated("sentence %zu of %zu is NULL", i, nsent);
		check_span("sentence", i, s->span, text, len);
		if (s->span.start < prev_end)
			violated("sentence %zu starts at %zu, before the end of the previous one "
			         "(%zu)",
			         i, s->span.start, prev_end);
		if (s->paragraph >= np)
			violated("sentence %zu is in paragraph %zu of %zu", i, s->paragraph, np);
		if (s->paragraph < prev_para)
			violated("sentence %zu goes back to paragraph %zu from %zu", i, s->paragraph,
			         prev_para);
		const struct precis_para *p = precis_doc_paragraph(doc, s->paragraph);
		if (s->span.start < p->span.start || s->span.end > p->span.end)
			violated("sentence %zu [%zu, %zu) is not inside its paragraph %zu [%zu, %zu)",
			         i, s->span.start, s->span.end, s->paragraph, p->span.start,
			         p->span.end);
		if (i < p->first_sentence || i - p->first_sentence >= p->sentence_count)
			violated("sentence %zu is not in the range of its paragraph %zu", i,
			         s->paragraph);
		prev_end = s->span.end;
		prev_para = s->paragraph;
	}
}

static void check_offsets(const struct precis_doc *doc, size_t len, size_t size)
{
	size_t src_len = precis_doc_source_length(doc);
	if (src_len != size)
		violated("source length %zu, the input had %zu bytes", src_len, size);
	size_t prev = 0;
	for (size_t off = 0; off <= len; off++) {
		size_t s = precis_doc_source_offset(doc, off);
		if (s > src_len)
			violated("text offset %zu maps to %zu, past the source (%zu bytes)", off, s,
			         src_len);
		if (s < prev)
			violated("text offset %zu maps to %zu, before offset %zu (%zu)", off, s,
			         off - 1, prev);
		prev = s;
	}
	if (precis_doc_source_offset(doc, len) != src_len)
		violated("the end of the text maps to %zu, not to the end of the source (%zu)",
		         precis_doc_source_offset(doc, len), src_len);
}

static void check_doc(const struct precis_doc *doc, size_t size)
{
	size_t len;
	const char *text = precis_doc_text(doc, &len);
	if (!text)
		violated("text is NULL");
	if (text[len] != '\0')
		violated("text is not NUL-terminated at %zu", len);
	uint32_t cp = 0;
	size_t bad = check_text((const unsigned char *)text, len, &cp);
	if (bad != len)
		violated("text byte %zu of %zu: bad UTF-8 or a character normalize removes "
		         "(U+%04X / byte 0x%02X)",
		         bad, len, (unsigned)cp, (unsigned char)text[bad]);

	double conf = -1;
	const char *lang = precis_doc_lang(doc, &conf);
	if (!lang || !*lang)
		violated("the doc has no language");
	if (!(conf >= 0.0 && conf <= 1.0))
		violated("doc language confidence %g outside 0..1", conf);
	if (!precis_doc_encoding(doc))
		violated("the doc has no encoding");

	size_t nsent = precis_doc_sentence_count(doc);
	check_paragraphs(doc, text, len, nsent);
	check_sentences(doc, text, len, nsent);
	check_offsets(doc, len, size);
}

static void run_front(const uint8_t *data, size_t size, const struct precis_text_opts *opts)
{
	struct precis_doc *doc = precis_doc_new("fuzz-input");
	struct precis_error err;
	precis_error_clear(&err);
	enum precis_status st = precis_text_front(doc, data, size, opts, det, set, &err);
	if (st == PRECIS_OK) {
		check_doc(doc, size);
	} else if (st == PRECIS_E_INPUT) {
		/* Binary or oversized input: refused, but with words for the user. */
		if (err.status != st || !err.message[0])
			violated("input refused (status %d) without a message", (int)st);
	} else {
		violated("status %s (%d) on plain bytes: '%s': %s", precis_status_name(st),
		         (int)st, err.where, err.message);
	}
	precis_doc_free(doc);
}

/* Converters a user may name with --encoding, some of them odd: ICU's
 * x11-compound-text writes no offsets, gsm-03.38-2009 points one past the
 * input, UTF-7, SCSU, BOCU-1, HZ and ISO-2022 keep state across bytes. */
static const char *const encodings[] = {
	"UTF-8", "UTF-16LE", "UTF-16BE", "UTF-16", "UTF-32", "UTF-7", "SCSU", "BOCU-1",
	"CESU-8", "windows-1252", "ISO-8859-15", "macintosh", "ISO-2022-JP", "Shift_JIS",
	"GB18030", "EUC-KR", "Big5", "HZ", "ibm-37", "LMBCS-1", "ISCII,version=0",
	"x11-compound-text", "gsm-03.38-2009", "IMAP-mailbox-name",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	setup();
	run_front(data, size, NULL);
	/* One input in four (chosen by its last byte, so a replay does the
	 * same) also goes through the options the program exposes: no repair
	 * (--no-repair), no strip, and a forced language (--lang). */
	if (size && (data[size - 1] & 3) == 0 && precis_langset_count(set)) {
		const struct precis_lang *lang =
			precis_langset_at(set, (data[size - 1] >> 2) % precis_langset_count(set));
		struct precis_text_opts opts = {NULL, precis_lang_code(lang), 1, 1};
		run_front(data, size, &opts);
	}
	/* Another one in four is also read with a named encoding (--encoding),
	 * the converter chosen by the byte before the last. */
	if (size >= 2 && (data[size - 1] & 3) == 1) {
		size_t n = sizeof encodings / sizeof *encodings;
		struct precis_text_opts opts = {encodings[data[size - 2] % n], NULL, 0, 0};
		run_front(data, size, &opts);
	}
	return 0;
}
