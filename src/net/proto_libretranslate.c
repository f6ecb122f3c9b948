/* LibreTranslate (self-hosted; https://github.com/LibreTranslate/LibreTranslate).
 *
 *   POST {base}/translate
 *   {"q":[...], "source":"fr"|"auto", "target":"en", "format":"text",
 *    "api_key":...}
 *   -> {"translatedText":[...]}   (a string when q is a string)
 *
 * The base is the server root, a path prefix included (http://host/lt).
 * q is always sent as an array, so the reply is an array too; a string is
 * still taken for one text. The key travels in the body (LibreTranslate has
 * no header for it), never in the URL. Errors are {"error": "..."}, in the
 * server's locale: the request asks for English so that the messages below
 * can be told apart. Batches stay modest, 25 texts and 64 KiB: every array
 * element counts as one request against the server's per-minute limit, and
 * a 429 carries no Retry-After (the transport backs off by seconds). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "net/protocols.h"
#include "net/proto_util.h"
#include "util/buf.h"
#include "util/mem.h"

#define NAME "libretranslate"
#define KEY_HINT "LIBRETRANSLATE_API_KEY"
#define URL_HINT "--base-url or LIBRETRANSLATE_URL"

/* LibreTranslate's codes are ISO 639-1, with a script where it matters
 * (zh-Hans): a two-letter region ("en-GB") is dropped, the rest kept. */
static void lt_code(const char *code, char *out, size_t size)
{
	size_t n = strcspn(code, "-_");
	size_t rest = strlen(code + n);
	if (rest == 3) /* "-GB" */
		rest = 0;
	size_t k = 0;
	for (; k < n && k + 1 < size; k++)
		out[k] = (char)tolower((unsigned char)code[k]);
	for (size_t i = 0; i < rest && k + 1 < size; i++, k++)
		out[k] = code[n + i] == '_' ? '-' : code[n + i];
	out[k] = '\0';
}

static int auto_source(const struct px_proto_ctx *ctx)
{
	return !ctx->from || !*ctx->from || strcasecmp(ctx->from, "auto") == 0;
}

static enum precis_status build(const struct px_proto_ctx *ctx, const char *const *texts,
                                const size_t *lens, size_t n, struct px_http_request *req,
                                struct precis_error *err)
{
	if (!ctx->to || !*ctx->to)
		return precis_error_set(err, PRECIS_E_USAGE, "--to",
		                        NAME ": no target language: give --to");
	json_t *q = px_json_texts(NAME, texts, lens, n, err);
	if (!q)
		return err ? err->status : PRECIS_E_INPUT;
	json_t *root = json_object();
	json_object_set_new(root, "q", q);
	char code[32];
	if (auto_source(ctx)) {
		json_object_set_new(root, "source", json_string("auto"));
	} else {
		lt_code(ctx->from, code, sizeof code);
		json_object_set_new(root, "source", json_string(code));
	}
	lt_code(ctx->to, code, sizeof code);
	json_object_set_new(root, "target", json_string(code));
	json_object_set_new(root, "format", json_string("text"));
	if (ctx->api_key && *ctx->api_key) {
		json_t *k = px_json_text(ctx->api_key, strlen(ctx->api_key));
		if (k)
			json_object_set_new(root, "api_key", k);
	}
	const char *base =
	    ctx->base_url ? ctx->base_url : px_proto_libretranslate.default_url;
	px_req_json(req, "POST", px_url_join(base, "/translate"), root);
	px_http_request_header(req, "Accept-Language", "en");
	return PRECIS_OK;
}

static enum px_reply_class error_400(const struct px_proto_ctx *ctx,
                                     const struct px_http_reply *reply, size_t n,
                                     const char *msg, struct precis_error *err)
{
	if (px_contains_ci(msg, "exceeds text limit") ||
	    px_contains_ci(msg, "exceeds character limit")) {
		if (n > 1)
			return px_reply_fail(
			    PX_REPLY_SPLIT, err, NAME, ctx, reply, msg,
			    "the batch is over the server's limit; it is sent "
			    "again in halves");
		return px_reply_fail(
		    PX_REPLY_FAIL, err, NAME, ctx, reply, msg,
		    "this text alone is over the server's character limit "
		    "(its --char-limit); it is skipped");
	}
	if (px_contains_ci(msg, "api key"))
		return px_reply_fail(PX_REPLY_FATAL, err, NAME, ctx, reply, msg,
		                     "this server needs an API key: set " KEY_HINT);
	if (px_contains_ci(msg, "is not supported") ||
	    px_contains_ci(msg, "is not available as a target")) {
		/* With source=auto the server quotes the detection it made
		 * ({'confidence': .., 'language': ..}): one text's language. */
		if (auto_source(ctx) && px_contains_ci(msg, "confidence"))
			return px_reply_fail(
			    PX_REPLY_FAIL, err, NAME, ctx, reply, msg,
			    "the language the server detected is not one it "
			    "translates; give --from; this batch is skipped");
		return px_reply_fail(
		    PX_REPLY_FATAL, err, NAME, ctx, reply, msg,
		    "the server does not translate this pair: check --from "
		    "and --to against its languages (`precis backends "
		    "--check` lists them)");
	}
	return px_reply_fail(PX_REPLY_FAIL, err, NAME, ctx, reply, msg,
	                     "the server refused the request; this batch is skipped");
}

static enum px_reply_class error_class(const struct px_proto_ctx *ctx,
                                       const struct px_http_reply *reply, size_t n,
                                       struct precis_error *err)
{
	static const char *const paths[] = {"error", "message", NULL};
	char msg[PX_PROVIDER_MSG];
	px_reply_message(reply, paths, ctx->api_key, msg, sizeof msg);
	long s = reply->status;
	switch (s) {
	case 400:
		return error_400(ctx, reply, n, msg, err);
	case 401:
	case 403:
		if (px_contains_ci(msg, "too many"))
			return px_reply_fail(
			    PX_REPLY_FATAL, err, NAME, ctx, reply, msg,
			    "the server has banned this address for exceeding "
			    "its limits too often: wait, then run with fewer -j "
			    "jobs");
		return px_reply_fail(PX_REPLY_FATAL, err, NAME, ctx, reply, msg,
		                     "the server refused access: check " KEY_HINT);
	case 404:
	case 405:
		return px_reply_fail(
		    PX_REPLY_FATAL, err, NAME, ctx, reply, msg,
		    "no LibreTranslate API at this address: check " URL_HINT
		    " (the server root, with its path prefix if any)");
	case 408:
		return px_reply_fail(PX_REPLY_RETRY, err, NAME, ctx, reply, msg,
		                     "the request timed out; it is sent again");
	case 413:
		if (n > 1)
			return px_reply_fail(
			    PX_REPLY_SPLIT, err, NAME, ctx, reply, msg,
			    "the request was too large; it is sent again in "
			    "halves");
		return px_reply_fail(PX_REPLY_FAIL, err, NAME, ctx, reply, msg,
		                     "this text alone is too large for the server; it is "
		                     "skipped");
	case 429:
		return px_reply_fail(
		    PX_REPLY_RETRY, err, NAME, ctx, reply, msg,
		    "the server's per-minute limit was reached (every text "
		    "counts); waiting before sending again");
	default:
		break;
	}
	if (s >= 500 && s <= 599)
		return px_reply_fail(PX_REPLY_RETRY, err, NAME, ctx, reply, msg,
		                     "the server failed; the request is sent again");
	return px_reply_fail(PX_REPLY_FAIL, err, NAME, ctx, reply, msg,
	                     "unexpected reply; this batch is skipped (is " URL_HINT
	                     " a LibreTranslate server?)");
}

static enum px_reply_class parse(const struct px_proto_ctx *ctx,
                                 const struct px_http_reply *reply, size_t n, char **out,
                                 size_t *out_len, struct precis_error *err)
{
	if (reply->status == 0)
		return px_reply_unreachable(err, NAME, ctx, reply);
	if (reply->status < 200 || reply->status > 299)
		return error_class(ctx, reply, n, err);
	json_t *j = px_reply_json(reply);
	if (!j)
		return px_reply_fail(
		    PX_REPLY_RETRY, err, NAME, ctx, reply, NULL,
		    "the reply is not JSON (cut short?); it is asked again");
	json_t *t = json_object_get(j, "translatedText");
	size_t got = json_is_array(t) ? json_array_size(t) : json_is_string(t) ? 1 : 0;
	int ok = got == n;
	for (size_t i = 0; ok && json_is_array(t) && i < n; i++)
		ok = json_is_string(json_array_get(t, i));
	if (!ok) {
		json_decref(j);
		return px_reply_fail(
		    px_split_or_fail(n), err, NAME, ctx, reply, NULL,
		    "%zu translations came back for %zu texts sent; %s", got, n,
		    n > 1 ? "the batch is sent again in halves" : "this text is skipped");
	}
	for (size_t i = 0; i < n; i++) {
		json_t *s = json_is_array(t) ? json_array_get(t, i) : t;
		out[i] = px_xstrndup(json_string_value(s), json_string_length(s));
		out_len[i] = json_string_length(s);
	}
	json_decref(j);
	return PX_REPLY_OK;
}

static enum precis_status build_check(const struct px_proto_ctx *ctx,
                                      struct px_http_request *req,
                                      struct precis_error *err)
{
	(void)err;
	const char *base =
	    ctx->base_url ? ctx->base_url : px_proto_libretranslate.default_url;
	req->method = "GET";
	req->url = px_url_join(base, "/languages");
	px_http_request_header(req, "Accept", "application/json");
	return PRECIS_OK;
}

/* The entry of /languages with that code, or NULL. */
static json_t *find_lang(json_t *langs, const char *code)
{
	for (size_t i = 0; i < json_array_size(langs); i++) {
		json_t *l = json_array_get(langs, i);
		const char *c = json_string_value(json_object_get(l, "code"));
		if (c && strcasecmp(c, code) == 0)
			return l;
	}
	return NULL;
}

static int has_target(json_t *lang, const char *code)
{
	json_t *t = json_object_get(lang, "targets");
	for (size_t i = 0; i < json_array_size(t); i++) {
		const char *c = json_string_value(json_array_get(t, i));
		if (c && strcasecmp(c, code) == 0)
			return 1;
	}
	/* Servers before targets existed translate between all they list. */
	return !json_is_array(t);
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
		error_class(ctx, reply, 1, err);
		return PRECIS_E_BACKEND;
	}
	json_t *langs = px_reply_json(reply);
	if (!json_is_array(langs)) {
		json_decref(langs);
		px_reply_fail(PX_REPLY_FAIL, err, NAME, ctx, reply, NULL,
		              "/languages did not list languages: is " URL_HINT
		              " a LibreTranslate server?");
		return PRECIS_E_BACKEND;
	}
	struct px_buf b;
	px_buf_init(&b, 1 << 16);
	const char *base =
	    ctx->base_url ? ctx->base_url : px_proto_libretranslate.default_url;
	px_buf_printf(&b, "libretranslate: %s: reachable, %zu languages:", base,
	              json_array_size(langs));
	for (size_t i = 0; i < json_array_size(langs); i++) {
		const char *c =
		    json_string_value(json_object_get(json_array_get(langs, i), "code"));
		if (c) {
			px_buf_adds(&b, i ? ", " : " ");
			px_buf_add_excerpt(&b, c, ctx->api_key);
		}
	}
	px_buf_addc(&b, '\n');
	px_buf_printf(&b, "  key: %s\n",
	              ctx->api_key && *ctx->api_key
	                  ? "set (" KEY_HINT "); checked with the first translation"
	                  : "none (a server started with --api-keys needs " KEY_HINT ")");
	char from[32], to[32];
	if (ctx->to && *ctx->to) {
		lt_code(ctx->to, to, sizeof to);
		if (!find_lang(langs, to)) {
			px_buf_printf(
			    &b, "  warning: the server does not know '%s' (--to)\n", to);
		} else if (!auto_source(ctx)) {
			lt_code(ctx->from, from, sizeof from);
			json_t *src = find_lang(langs, from);
			if (!src)
				px_buf_printf(
				    &b,
				    "  warning: the server does not know '%s' (--from)\n",
				    from);
			else if (!has_target(src, to))
				px_buf_printf(
				    &b,
				    "  warning: the server does not translate %s to %s\n",
				    from, to);
			else
				px_buf_printf(&b, "  %s to %s: available\n", from, to);
		}
	}
	json_decref(langs);
	*report = px_buf_take(&b, NULL);
	return PRECIS_OK;
}

const struct px_protocol px_proto_libretranslate = {
	.name = NAME,
	.about = "self-hosted LibreTranslate (LIBRETRANSLATE_URL, LIBRETRANSLATE_API_KEY)",
	.translates = 1,
	.max_texts = 25,
	.max_body = 64 * 1024,
	.key_env = {KEY_HINT, NULL},
	.url_env = "LIBRETRANSLATE_URL",
	.default_url = "http://localhost:5000",
	.key_required = 0,
	.model_required = 0,
	.build = build,
	.parse = parse,
	.build_check = build_check,
	.parse_check = parse_check,
	.ignores_context = 1,
};
