/* Apertium APy (self-hosted, rule-based; https://github.com/apertium/apertium-apy).
 *
 *   GET {base}/translate?langpair=fra%7Cspa&markUnknown=no&q=...
 *   -> {"responseData":{"translatedText":"..."},"responseStatus":200}
 *
 * One text per request (APy takes one q). markUnknown=no, or every word the
 * dictionaries lack comes back with a '*'. A text whose query would pass
 * 8 KiB goes as a POST form instead (APy reads the same arguments from the
 * body), since proxies cut long URLs.
 *
 * Language codes: APy names its pairs in ISO 639-3 (fra-spa). The code is
 * taken from lang/<code>/meta.txt (`iso639_3`) when the langset has the
 * language; otherwise from the small table below, for the languages of the
 * pairs Debian ships (es has no lang/ folder: precis does not read Spanish
 * articles, but translates into Spanish); otherwise the code is sent as
 * given, which APy maps itself. Errors are {"status":"error","code":400,
 * "message":"Bad Request","explanation":"That pair is not installed"}. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "net/protocols.h"
#include "core/utf8.h"
#include "net/proto_util.h"
#include "precis/lang.h"
#include "util/buf.h"
#include "util/mem.h"

#define NAME "apertium"
#define URL_HINT "--base-url or APERTIUM_URL"
#define MAX_QUERY 8192

/* ISO 639-1 -> 639-3 for languages of Debian's apertium-* pairs. */
static const char *const iso3[][2] = {
	{"an", "arg"}, {"ca", "cat"}, {"en", "eng"}, {"eo", "epo"},
	{"es", "spa"}, {"eu", "eus"}, {"fr", "fra"}, {"gl", "glg"},
	{"it", "ita"}, {"oc", "oci"}, {"pt", "por"}, {"ro", "ron"},
};

static void apy_code(const char *code, const struct precis_lang *lang, char *out,
                     size_t size)
{
	const char *m = lang ? precis_lang_meta(lang, "iso639_3") : NULL;
	if (m && *m) {
		snprintf(out, size, "%s", m);
		return;
	}
	px_lang_base(code, out, size);
	for (size_t i = 0; i < sizeof iso3 / sizeof *iso3; i++)
		if (!strcmp(out, iso3[i][0])) {
			snprintf(out, size, "%s", iso3[i][1]);
			return;
		}
}

static int has_from(const struct px_proto_ctx *ctx)
{
	return ctx->from && *ctx->from && strcasecmp(ctx->from, "auto") != 0;
}

/* "fra|spa", or "" when a language is missing. */
static void langpair(const struct px_proto_ctx *ctx, char *out, size_t size)
{
	char a[32], b[32];
	out[0] = '\0';
	if (!has_from(ctx) || !ctx->to || !*ctx->to)
		return;
	apy_code(ctx->from, ctx->source, a, sizeof a);
	apy_code(ctx->to, ctx->target, b, sizeof b);
	snprintf(out, size, "%s|%s", a, b);
}

static const char *base_of(const struct px_proto_ctx *ctx)
{
	return ctx->base_url && *ctx->base_url ? ctx->base_url
	                                       : px_proto_apertium.default_url;
}

static enum precis_status build(const struct px_proto_ctx *ctx, const char *const *texts,
                                const size_t *lens, size_t n, struct px_http_request *req,
                                struct precis_error *err)
{
	if (n != 1)
		return precis_error_set(
		    err, PRECIS_E_INTERNAL, NAME,
		    NAME ": %zu texts in one request, APy takes one: please "
		         "report it",
		    n);
	if (!has_from(ctx))
		return precis_error_set(err, PRECIS_E_USAGE, "--from",
		                        NAME
		                        ": APy cannot detect the language: give --from");
	if (!ctx->to || !*ctx->to)
		return precis_error_set(err, PRECIS_E_USAGE, "--to",
		                        NAME ": no target language: give --to");
	if (px_utf8_valid_prefix(texts[0], lens[0]) != lens[0])
		return precis_error_set(err, PRECIS_E_INPUT, NAME,
		                        NAME ": the text is not valid UTF-8");
	char pair[80];
	langpair(ctx, pair, sizeof pair);
	struct px_buf q;
	px_buf_init(&q, (size_t)-1);
	px_buf_adds(&q, "langpair=");
	px_url_encode(&q, pair, strlen(pair));
	px_buf_adds(&q, "&markUnknown=no&q=");
	px_url_encode(&q, texts[0], lens[0]);
	char *url = px_url_join(base_of(ctx), "/translate");
	if (q.len <= MAX_QUERY) {
		req->method = "GET";
		req->url = px_xmalloc(strlen(url) + q.len + 2);
		sprintf(req->url, "%s?%s", url, q.data);
		free(url);
		px_buf_free(&q);
	} else {
		req->method = "POST";
		req->url = url;
		req->body = px_buf_take(&q, &req->body_len);
		px_http_request_header(req, "Content-Type",
		                       "application/x-www-form-urlencoded");
	}
	px_http_request_header(req, "Accept", "application/json");
	return PRECIS_OK;
}

static enum px_reply_class error_class(const struct px_proto_ctx *ctx,
                                       const struct px_http_reply *reply,
                                       struct precis_error *err)
{
	static const char *const paths[] = {"explanation", "message", NULL};
	char msg[PX_PROVIDER_MSG];
	px_reply_message(reply, paths, ctx->api_key, msg, sizeof msg);
	long s = reply->status;
	char pair[80];
	langpair(ctx, pair, sizeof pair);
	if (s == 400 && (px_contains_ci(msg, "pair is not installed") ||
	                 px_contains_ci(msg, "pair is invalid")))
		return px_reply_fail(
		    PX_REPLY_FATAL, err, NAME, ctx, reply, msg,
		    "the server has no %s pair: see the pairs it has with GET "
		    "%s/listPairs (or `precis backends --check`), install the "
		    "pair (apertium-<a>-<b>) or change --from/--to",
		    pair, base_of(ctx));
	if (s == 400)
		return px_reply_fail(
		    PX_REPLY_FAIL, err, NAME, ctx, reply, msg,
		    "the server refused the request; this text is skipped");
	if (s == 404 || s == 405)
		return px_reply_fail(PX_REPLY_FATAL, err, NAME, ctx, reply, msg,
		                     "no APy at this address: check " URL_HINT);
	if (s == 408 || s == 429 || (s >= 500 && s <= 599))
		return px_reply_fail(
		    PX_REPLY_RETRY, err, NAME, ctx, reply, msg,
		    "the server is busy or failed; the request is sent again");
	if (s == 413 || s == 414)
		return px_reply_fail(
		    PX_REPLY_FAIL, err, NAME, ctx, reply, msg,
		    "this text is too large for the server; it is skipped");
	return px_reply_fail(PX_REPLY_FAIL, err, NAME, ctx, reply, msg,
	                     "unexpected reply; this text is skipped (is " URL_HINT
	                     " an APy server?)");
}

static enum px_reply_class parse(const struct px_proto_ctx *ctx,
                                 const struct px_http_reply *reply, size_t n, char **out,
                                 size_t *out_len, struct precis_error *err)
{
	if (reply->status == 0)
		return px_reply_unreachable(err, NAME, ctx, reply);
	if (reply->status < 200 || reply->status > 299)
		return error_class(ctx, reply, err);
	json_t *j = px_reply_json(reply);
	if (!j)
		return px_reply_fail(
		    PX_REPLY_RETRY, err, NAME, ctx, reply, NULL,
		    "the reply is not JSON (cut short?); it is asked again");
	/* APy has answered errors with a 200 and the error in the body. */
	json_t *rs = json_object_get(j, "responseStatus");
	json_t *code = json_object_get(j, "code");
	if ((json_is_integer(rs) && json_integer_value(rs) != 200) ||
	    (json_is_string(json_object_get(j, "status")) &&
	     !strcmp(json_string_value(json_object_get(j, "status")), "error"))) {
		struct px_http_reply r = *reply;
		r.status = json_is_integer(code) ? (long)json_integer_value(code)
		           : json_is_integer(rs) ? (long)json_integer_value(rs)
		                                 : 400;
		json_decref(j);
		return error_class(ctx, &r, err);
	}
	json_t *t = json_object_get(json_object_get(j, "responseData"), "translatedText");
	if (n != 1 || !json_is_string(t)) {
		json_decref(j);
		return px_reply_fail(
		    PX_REPLY_FAIL, err, NAME, ctx, reply, NULL,
		    "the reply has no responseData.translatedText; this text "
		    "is skipped (is " URL_HINT " an APy server?)");
	}
	out[0] = px_xstrndup(json_string_value(t), json_string_length(t));
	out_len[0] = json_string_length(t);
	json_decref(j);
	return PX_REPLY_OK;
}

static enum precis_status build_check(const struct px_proto_ctx *ctx,
                                      struct px_http_request *req,
                                      struct precis_error *err)
{
	(void)err;
	req->method = "GET";
	req->url = px_url_join(base_of(ctx), "/listPairs");
	px_http_request_header(req, "Accept", "application/json");
	return PRECIS_OK;
}

static enum precis_status parse_check(const struct px_proto_ctx *ctx,
                                      const struct px_http_reply *reply, char **report,
                                      struct precis_error *err)
{
	*report = NULL;
	if (reply->status == 0) {
		px_reply_unreachable(err, NAME, ctx, reply);
		return PRECIS_E_BACKEND;
	}
	if (reply->status < 200 || reply->status > 299) {
		error_class(ctx, reply, err);
		return PRECIS_E_BACKEND;
	}
	json_t *j = px_reply_json(reply);
	json_t *pairs = json_object_get(j, "responseData");
	if (!json_is_array(pairs)) {
		json_decref(j);
		px_reply_fail(PX_REPLY_FAIL, err, NAME, ctx, reply, NULL,
		              "/listPairs listed no pairs: is " URL_HINT
		              " an APy server?");
		return PRECIS_E_BACKEND;
	}
	char want[80];
	langpair(ctx, want, sizeof want);
	struct px_buf b;
	px_buf_init(&b, 1 << 16);
	px_buf_printf(&b, "apertium: %s: reachable, %zu pairs:", base_of(ctx),
	              json_array_size(pairs));
	int found = 0;
	for (size_t i = 0; i < json_array_size(pairs); i++) {
		json_t *p = json_array_get(pairs, i);
		const char *s = json_string_value(json_object_get(p, "sourceLanguage"));
		const char *t = json_string_value(json_object_get(p, "targetLanguage"));
		if (!s || !t)
			continue;
		char pair[160];
		snprintf(pair, sizeof pair, "%s|%s", s, t);
		if (want[0] && !strcmp(pair, want))
			found = 1;
		px_buf_adds(&b, i ? ", " : " ");
		px_buf_add_excerpt(&b, pair, ctx->api_key);
	}
	px_buf_addc(&b, '\n');
	if (want[0])
		px_buf_printf(&b,
		              found
		                  ? "  %s: installed\n"
		                  : "  warning: %s is not installed: install the pair or "
		                    "change --from/--to\n",
		              want);
	json_decref(j);
	*report = px_buf_take(&b, NULL);
	return PRECIS_OK;
}

const struct px_protocol px_proto_apertium = {
	.name = NAME,
	.about = "Apertium APy, self-hosted and rule-based (APERTIUM_URL); Debian has fr-es, "
	         "no fr-en",
	.translates = 1,
	.max_texts = 1,
	.max_body = 0,
	.key_env = {NULL},
	.url_env = "APERTIUM_URL",
	.default_url = "http://localhost:2737",
	.key_required = 0,
	.model_required = 0,
	.build = build,
	.parse = parse,
	.build_check = build_check,
	.parse_check = parse_check,
	.ignores_context = 1,
};
