/* DeepL API v2 (https://developers.deepl.com/api-reference).
 *
 *   POST {root}/v2/translate   Authorization: DeepL-Auth-Key <key>
 *   {"text":[...], "target_lang":"EN-GB", "source_lang":"FR", "context":...,
 *    "split_sentences":"nonewlines", "preserve_formatting":true, "formality":...}
 *   -> {"translations":[{"detected_source_language":"FR","text":"..."}]}
 *
 * The root is the server without /v2 (as DEEPL_SERVER_URL; a pasted /v2 is
 * dropped). On DeepL's own hosts the key decides: keys ending in ":fx" are
 * free-plan keys and only work on api-free.deepl.com, the others only on
 * api.deepl.com, so the host is switched to the key's.
 *
 * Targets: DeepL has deprecated the bare "EN" (and "PT") as a target, so
 * `--to en` asks for EN-GB (British spelling, the usage of European press
 * agencies and of the English that French readers are taught) and
 * `--to en-US` for EN-US. A source language has no variant: "en-US" is "EN".
 * split_sentences "nonewlines" keeps a line-wrapped paragraph one sentence
 * flow; preserve_formatting keeps the capitals and punctuation as written.
 * Batches: at most 50 texts and 128 KiB of body a request (DeepL's limits;
 * the text budget leaves 8 KiB for the JSON framing, a 413 splits anyway). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "net/protocols.h"
#include "net/proto_util.h"
#include "util/buf.h"
#include "util/mem.h"

#define NAME "deepl"
#define FREE_ROOT "https://api-free.deepl.com"
#define PRO_ROOT "https://api.deepl.com"
#define KEY_HINT "DEEPL_AUTH_KEY (or DEEPL_API_KEY)"

static int free_key(const char *key)
{
	size_t n = key ? strlen(key) : 0;
	return n >= 3 && strcmp(key + n - 3, ":fx") == 0;
}

/* The server root (malloc'd): no trailing '/' nor /v2, DeepL's own host
 * chosen by the key. */
static char *server_root(const struct px_proto_ctx *ctx)
{
	const char *base = ctx->base_url;
	if (!base || !*base)
		return px_xstrdup(free_key(ctx->api_key) ? FREE_ROOT : PRO_ROOT);
	size_t n = strlen(base);
	while (n && base[n - 1] == '/')
		n--;
	if (n >= 3 && strncasecmp(base + n - 3, "/v2", 3) == 0)
		n -= 3;
	while (n && base[n - 1] == '/')
		n--;
	if ((n == strlen(PRO_ROOT) && strncasecmp(base, PRO_ROOT, n) == 0) ||
	    (n == strlen(FREE_ROOT) && strncasecmp(base, FREE_ROOT, n) == 0))
		return px_xstrdup(free_key(ctx->api_key) ? FREE_ROOT : PRO_ROOT);
	return px_xstrndup(base, n);
}

/* Bare codes DeepL no longer takes as targets, and the variant asked for
 * instead (see the top of the file). Facts about DeepL's API, not about
 * languages: a language it serves without variants needs no line here. */
static const char *const bare_targets[][2] = {
    {"EN", "EN-GB"},
    {"PT", "PT-PT"},
};

static void target_code(const char *to, char *out, size_t size)
{
	size_t k = 0;
	for (; to[k] && k + 1 < size; k++)
		out[k] = to[k] == '_' ? '-' : (char)toupper((unsigned char)to[k]);
	out[k] = '\0';
	for (size_t i = 0; i < sizeof bare_targets / sizeof *bare_targets; i++)
		if (strcmp(out, bare_targets[i][0]) == 0)
			snprintf(out, size, "%s", bare_targets[i][1]);
}

static void source_code(const char *from, char *out, size_t size)
{
	px_lang_base(from, out, size);
	for (char *p = out; *p; p++)
		*p = (char)toupper((unsigned char)*p);
}

static void auth(const struct px_proto_ctx *ctx, struct px_http_request *req)
{
	char *h = px_xmalloc(strlen(ctx->api_key) + 16);
	sprintf(h, "DeepL-Auth-Key %s", ctx->api_key);
	px_req_secret(req, "Authorization", h);
	free(h);
}

static enum precis_status need_key(const struct px_proto_ctx *ctx,
                                   struct precis_error *err)
{
	if (ctx->api_key && *ctx->api_key)
		return PRECIS_OK;
	return precis_error_set(err, PRECIS_E_CONFIG, "DEEPL_AUTH_KEY",
	                        "deepl: no API key: set " KEY_HINT
	                        " (the key of your DeepL account, under API keys)");
}

static enum precis_status build(const struct px_proto_ctx *ctx, const char *const *texts,
                                const size_t *lens, size_t n, struct px_http_request *req,
                                struct precis_error *err)
{
	enum precis_status st = need_key(ctx, err);
	if (st != PRECIS_OK)
		return st;
	if (!ctx->to || !*ctx->to)
		return precis_error_set(err, PRECIS_E_USAGE, "--to",
		                        "deepl: no target language: give --to");
	json_t *text = px_json_texts(NAME, texts, lens, n, err);
	if (!text)
		return err ? err->status : PRECIS_E_INPUT;
	json_t *root = json_object();
	json_object_set_new(root, "text", text);
	char code[32];
	target_code(ctx->to, code, sizeof code);
	json_object_set_new(root, "target_lang", json_string(code));
	if (ctx->from && *ctx->from && strcasecmp(ctx->from, "auto") != 0) {
		source_code(ctx->from, code, sizeof code);
		json_object_set_new(root, "source_lang", json_string(code));
	}
	if (ctx->context && *ctx->context) {
		json_t *c = px_json_text(ctx->context, strlen(ctx->context));
		if (c)
			json_object_set_new(root, "context", c);
	}
	json_object_set_new(root, "split_sentences", json_string("nonewlines"));
	json_object_set_new(root, "preserve_formatting", json_true());
	if (ctx->formality && *ctx->formality)
		json_object_set_new(root, "formality", json_string(ctx->formality));
	char *rootu = server_root(ctx);
	px_req_json(req, "POST", px_url_join(rootu, "/v2/translate"), root);
	free(rootu);
	auth(ctx, req);
	return PRECIS_OK;
}

/* DeepL says {"message": "..."} and sometimes adds {"detail": "..."}. */
static void provider_message(const struct px_proto_ctx *ctx,
                             const struct px_http_reply *reply, char *out, size_t size)
{
	static const char *const msg_path[] = {"message", NULL};
	static const char *const detail_path[] = {"detail", NULL};
	char msg[PX_PROVIDER_MSG], detail[PX_PROVIDER_MSG];
	px_reply_message(reply, msg_path, ctx->api_key, msg, sizeof msg);
	json_t *root = px_reply_json(reply);
	detail[0] = '\0';
	if (json_is_string(json_object_get(root, "detail")))
		px_reply_message(reply, detail_path, ctx->api_key, detail, sizeof detail);
	json_decref(root);
	if (detail[0] && strcmp(detail, msg) != 0)
		snprintf(out, size, "%s: %s", msg, detail);
	else
		snprintf(out, size, "%s", msg);
}

/* The class and message of a reply that is not a success. */
static enum px_reply_class error_class(const struct px_proto_ctx *ctx,
                                       const struct px_http_reply *reply, size_t n,
                                       struct precis_error *err)
{
	char msg[2 * PX_PROVIDER_MSG];
	provider_message(ctx, reply, msg, sizeof msg);
	long s = reply->status;
	switch (s) {
	case 400:
		return px_reply_fail(
		    PX_REPLY_FAIL, err, NAME, ctx, reply, msg,
		    "DeepL refused the request; check --from, --to (EN-GB, "
		    "EN-US, FR...) and --formality; this batch is skipped");
	case 401:
	case 403:
		return px_reply_fail(PX_REPLY_FATAL, err, NAME, ctx, reply, msg,
		                     "the DeepL key was refused: check " KEY_HINT
		                     "; keys ending in :fx belong to the free plan");
	case 404:
		return px_reply_fail(PX_REPLY_FATAL, err, NAME, ctx, reply, msg,
		                     "no DeepL API at this address: check --base-url or "
		                     "DEEPL_SERVER_URL (the server root, without /v2)");
	case 408:
		return px_reply_fail(PX_REPLY_RETRY, err, NAME, ctx, reply, msg,
		                     "the request timed out; it is sent again");
	case 413:
	case 414:
		if (n > 1)
			return px_reply_fail(
			    PX_REPLY_SPLIT, err, NAME, ctx, reply, msg,
			    "the request was too large; it is sent again in "
			    "halves");
		return px_reply_fail(
		    PX_REPLY_FAIL, err, NAME, ctx, reply, msg,
		    "this text alone is larger than DeepL accepts (128 KiB "
		    "a request); split the file");
	case 429:
		return px_reply_fail(
		    PX_REPLY_RETRY, err, NAME, ctx, reply, msg,
		    "too many requests; waiting before sending again (fewer "
		    "-j jobs helps)");
	case 456:
		return px_reply_fail(
		    PX_REPLY_FATAL, err, NAME, ctx, reply, msg,
		    "the DeepL character quota is used up: check the usage "
		    "with `precis backends --check`, raise the limit in your "
		    "DeepL account or wait for the next billing period");
	default:
		break;
	}
	if (s >= 500 && s <= 599)
		return px_reply_fail(
		    PX_REPLY_RETRY, err, NAME, ctx, reply, msg,
		    "DeepL is unavailable for now; the request is sent again");
	return px_reply_fail(PX_REPLY_FAIL, err, NAME, ctx, reply, msg,
	                     "unexpected reply; this batch is skipped (is --base-url a "
	                     "DeepL server?)");
}

static enum px_reply_class parse(const struct px_proto_ctx *ctx0,
                                 const struct px_http_reply *reply, size_t n, char **out,
                                 size_t *out_len, struct precis_error *err)
{
	struct px_proto_ctx ctx = *ctx0;
	char *root = server_root(ctx0);
	ctx.base_url = root;
	enum px_reply_class cls;
	if (reply->status == 0) {
		cls = px_reply_unreachable(err, NAME, &ctx, reply);
		goto done;
	}
	if (reply->status < 200 || reply->status > 299) {
		cls = error_class(&ctx, reply, n, err);
		goto done;
	}
	json_t *j = px_reply_json(reply);
	if (!j) {
		cls = px_reply_fail(
		    PX_REPLY_RETRY, err, NAME, &ctx, reply, NULL,
		    "the reply is not JSON (cut short?); it is asked again");
		goto done;
	}
	json_t *tr = json_object_get(j, "translations");
	size_t got = json_array_size(tr);
	if (!json_is_array(tr) || got != n) {
		cls = px_reply_fail(
		    px_split_or_fail(n), err, NAME, &ctx, reply, NULL,
		    "%zu translations came back for %zu texts sent; %s", got, n,
		    n > 1 ? "the batch is sent again in halves" : "this text is skipped");
		json_decref(j);
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		json_t *t = json_object_get(json_array_get(tr, i), "text");
		if (!json_is_string(t)) {
			for (size_t k = 0; k < i; k++) {
				free(out[k]);
				out[k] = NULL;
			}
			cls =
			    px_reply_fail(px_split_or_fail(n), err, NAME, &ctx, reply,
			                  NULL, "translation %zu has no text; %s", i + 1,
			                  n > 1 ? "the batch is sent again in halves"
			                        : "this text is skipped");
			json_decref(j);
			goto done;
		}
		out[i] = px_xstrndup(json_string_value(t), json_string_length(t));
		out_len[i] = json_string_length(t);
	}
	json_decref(j);
	cls = PX_REPLY_OK;
done:
	free(root);
	return cls;
}

static enum precis_status build_check(const struct px_proto_ctx *ctx,
                                      struct px_http_request *req,
                                      struct precis_error *err)
{
	enum precis_status st = need_key(ctx, err);
	if (st != PRECIS_OK)
		return st;
	char *root = server_root(ctx);
	req->method = "GET";
	req->url = px_url_join(root, "/v2/usage");
	free(root);
	px_http_request_header(req, "Accept", "application/json");
	auth(ctx, req);
	return PRECIS_OK;
}

static enum precis_status parse_check(const struct px_proto_ctx *ctx0,
                                      const struct px_http_reply *reply, char **report,
                                      struct precis_error *err)
{
	struct px_proto_ctx ctx = *ctx0;
	char *root = server_root(ctx0);
	ctx.base_url = root;
	enum precis_status st = PRECIS_E_BACKEND;
	*report = NULL;
	if (reply->status == 0) {
		px_reply_unreachable(err, NAME, &ctx, reply);
		goto done;
	}
	if (reply->status < 200 || reply->status > 299) {
		error_class(&ctx, reply, 1, err);
		goto done;
	}
	json_t *j = px_reply_json(reply);
	json_t *count = json_object_get(j, "character_count");
	json_t *limit = json_object_get(j, "character_limit");
	if (!json_is_number(count) || !json_is_number(limit)) {
		json_decref(j);
		px_reply_fail(
		    PX_REPLY_FAIL, err, NAME, &ctx, reply, NULL,
		    "the usage reply has no character_count and character_limit: is "
		    "--base-url a DeepL server?");
		goto done;
	}
	double c = json_number_value(count), l = json_number_value(limit);
	json_decref(j);
	struct px_buf b;
	px_buf_init(&b, 4096);
	px_buf_printf(&b, "deepl: %s: the key works (%s plan)\n", root,
	              free_key(ctx.api_key) ? "free" : "pro");
	if (l > 0) {
		px_buf_printf(
		    &b,
		    "  characters: %.0f used of %.0f this billing period (%.1f %%), "
		    "%.0f left\n",
		    c, l, 100.0 * c / l, l > c ? l - c : 0.0);
		if (c >= l)
			px_buf_adds(
			    &b,
			    "  the quota is used up: translations fail until the next "
			    "billing period or a higher limit\n");
	} else {
		px_buf_printf(&b, "  characters: %.0f used this billing period\n", c);
	}
	*report = px_buf_take(&b, NULL);
	st = PRECIS_OK;
done:
	free(root);
	return st;
}

const struct px_protocol px_proto_deepl = {
	.name = NAME,
	.about = "DeepL API v2 (DEEPL_AUTH_KEY; keys ending in :fx use the free host)",
	.translates = 1,
	.max_texts = 50,
	.max_body = 120 * 1024,
	.key_env = {"DEEPL_AUTH_KEY", "DEEPL_API_KEY", NULL},
	.url_env = "DEEPL_SERVER_URL",
	.default_url = PRO_ROOT,
	.key_required = 1,
	.model_required = 0,
	.build = build,
	.parse = parse,
	.build_check = build_check,
	.parse_check = parse_check,
};
