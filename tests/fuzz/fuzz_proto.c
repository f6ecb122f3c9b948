/*
 * fuzz_proto.c — libFuzzer target for the reply parsers of the backend
 * protocols (deepl, libretranslate, openai, apertium), with the shared
 * reply cleaning behind them (px_proto_read) and the check readers.
 *
 * Input: four header bytes, then the reply body.
 *   byte 0  the protocol (mod 4)
 *   byte 1  low 2 bits: texts sent - 1 (apertium: always 1);
 *           0x80: read the body as the check reply (parse_check) instead
 *   byte 2  the HTTP status, from a table of those the protocols know
 *   byte 3  0x01 auto source, 0x02 a target langset language (0x04: fr,
 *           else en), 0x08 a compat word (openai downgrades), 0x10 a key
 *
 * Besides crashes and sanitizer reports, abort() when a promise is broken:
 *   - the class is one of enum px_reply_class; DOWNGRADE only with a
 *     compat word, and only with a bit newly set or already set;
 *   - OK: every text set, NUL-terminated at its length, strict UTF-8;
 *   - not OK: every text NULL, a message that names the backend;
 *   - the key never appears in a message, its subject or a report;
 *   - a check gives a report (strict UTF-8) or an error, never both.
 *
 * Linked with replay_main.c into `fuzz-proto-replay`, which runs the corpus
 * in tests/fuzz/corpus/proto as an ordinary test in every build.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "net/clean.h"
#include "net/protocols.h"
#include "precis/precis.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define KEY "fuzz-key-4e1f9a"

static struct precis_langset *set;

#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
static _Noreturn void
violated(const char *fmt, ...);

static _Noreturn void violated(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("fuzz_proto: broken promise: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	abort();
}

static const struct px_protocol *const protos[] = {
    &px_proto_deepl, &px_proto_libretranslate, &px_proto_openai, &px_proto_apertium};

static const long statuses[] = {200, 200, 200, 200, 0,   201, 400, 401, 403, 404,
                                405, 408, 409, 413, 414, 418, 422, 429, 456, 500,
                                502, 503, 504, 529, 302, 204, 599, 600};

static const char *const sources[] = {"Un premier paragraphe.", "Premier.\n\nSecond.",
                                      "- un\n- deux", "  "};

static void check_text(const char *what, const char *s, size_t len)
{
	if (!s)
		violated("%s is NULL", what);
	if (strlen(s) != len)
		violated("%s: length %zu, strlen %zu", what, len, strlen(s));
	if (px_utf8_valid_prefix(s, len) != len)
		violated("%s is not valid UTF-8", what);
}

static void check_error(const char *name, const struct px_proto_ctx *ctx,
                        const struct precis_error *err)
{
	if (err->status == PRECIS_OK || !err->message[0])
		violated("%s: a failure without a message", name);
	if (!strstr(err->message, name))
		violated("%s: the message does not name it: %s", name, err->message);
	/* without a key set, the body may say anything */
	if (ctx->api_key && (strstr(err->message, KEY) || strstr(err->where, KEY)))
		violated("%s: the key in the message: %s", name, err->message);
	check_text("message", err->message, strlen(err->message));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!set) {
		struct precis_error err;
		if (precis_langset_load(NULL, &set, &err) != PRECIS_OK) {
			fprintf(stderr, "fuzz_proto: %s\n", err.message);
			abort();
		}
	}
	if (size < 4)
		return 0;
	const struct px_protocol *p = protos[data[0] % 4];
	size_t n = p->max_texts == 1 ? 1 : 1 + (data[1] & 3);
	int check = data[1] & 0x80;
	long status = statuses[data[2] % (sizeof statuses / sizeof *statuses)];
	unsigned flags = data[3];
	/* the body, NUL-terminated as the transport hands it over */
	char *body = malloc(size - 4 + 1);
	if (!body)
		abort();
	memcpy(body, data + 4, size - 4);
	body[size - 4] = '\0';

	struct px_proto_ctx ctx = {0};
	ctx.base_url = p->default_url;
	ctx.model = "fuzz-model";
	ctx.from = flags & 1 ? NULL : "fr";
	ctx.to = flags & 4 ? "fr" : "en";
	ctx.target = flags & 2 ? precis_langset_find(set, ctx.to) : NULL;
	ctx.source = ctx.from ? precis_langset_find(set, ctx.from) : NULL;
	unsigned compat = 0;
	ctx.compat = flags & 8 ? &compat : NULL;
	ctx.api_key = flags & 0x10 ? KEY : NULL;

	struct px_http_reply reply = {0};
	reply.status = status;
	reply.body = body;
	reply.body_len = size - 4;
	reply.retry_after_ms = -1;
	reply.transport_error = status == 0 ? "connection reset by peer" : NULL;

	struct precis_error err;
	precis_error_clear(&err);
	if (check) {
		char *report = NULL;
		enum precis_status st = p->parse_check(&ctx, &reply, &report, &err);
		if (st == PRECIS_OK) {
			check_text("report", report, report ? strlen(report) : 0);
			if (ctx.api_key && strstr(report, KEY))
				violated("%s: the key in the report", p->name);
		} else {
			if (report)
				violated("%s: a report with an error", p->name);
			check_error(p->name, &ctx, &err);
		}
		free(report);
		free(body);
		return 0;
	}

	const char *texts[4];
	size_t lens[4], out_len[4];
	char *out[4];
	for (size_t i = 0; i < n; i++) {
		texts[i] = sources[(data[1] + i) % 4];
		lens[i] = strlen(texts[i]);
	}
	enum px_reply_class cls =
	    px_proto_read(p, &ctx, &reply, texts, lens, n, out, out_len, &err);
	switch (cls) {
	case PX_REPLY_OK:
		for (size_t i = 0; i < n; i++) {
			check_text("a translation", out[i], out_len[i]);
			free(out[i]);
		}
		break;
	case PX_REPLY_DOWNGRADE:
		if (!ctx.compat || !compat)
			violated("%s: a downgrade with no bit set", p->name);
		/* fallthrough */
	case PX_REPLY_RETRY:
	case PX_REPLY_SPLIT:
	case PX_REPLY_FAIL:
	case PX_REPLY_FATAL:
		if (cls == PX_REPLY_SPLIT && n < 2)
			violated("%s: SPLIT of a single text", p->name);
		for (size_t i = 0; i < n; i++)
			if (out[i])
				violated("%s: a text left after a failure", p->name);
		check_error(p->name, &ctx, &err);
		break;
	default:
		violated("%s: class %d", p->name, (int)cls);
	}
	if (compat && p != &px_proto_openai)
		violated("%s: set a compat bit", p->name);
	free(body);
	return 0;
}
