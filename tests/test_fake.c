/* The fake API server's self-test: it is driven with libcurl directly, so
 * that the backend tests built on it can trust what it says and records. */
#include <criterion/criterion.h>
#include <curl/curl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fakeapi.h"

struct resp {
	CURLcode rc;
	long status;
	char *body;
	size_t len;
	char *headers;
	size_t hlen;
};

static size_t on_data(char *p, size_t size, size_t n, void *ud)
{
	struct resp *r = ud;
	size_t add = size * n;
	r->body = realloc(r->body, r->len + add + 1);
	memcpy(r->body + r->len, p, add);
	r->len += add;
	r->body[r->len] = '\0';
	return add;
}

static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
	struct resp *r = ud;
	size_t add = size * n;
	r->headers = realloc(r->headers, r->hlen + add + 1);
	memcpy(r->headers + r->hlen, p, add);
	r->hlen += add;
	r->headers[r->hlen] = '\0';
	return add;
}

static CURL *easy(const char *method, const char *path, const char *ctype,
                  const char *auth, const char *body, struct curl_slist **hl,
                  struct resp *r, char *url)
{
	CURL *c = curl_easy_init();
	snprintf(url, 512, "%s%s", fake_url(NULL), path);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, r);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	*hl = NULL;
	char h[512];
	if (ctype) {
		snprintf(h, sizeof h, "Content-Type: %s", ctype);
		*hl = curl_slist_append(*hl, h);
	}
	if (auth) {
		snprintf(h, sizeof h, "Authorization: %s", auth);
		*hl = curl_slist_append(*hl, h);
	}
	*hl = curl_slist_append(*hl, "Expect:");
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, *hl);
	if (body) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
	}
	if (strcmp(method, "GET") == 0 && !body)
		curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
	else if (strcmp(method, "POST") != 0)
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	return c;
}

static struct resp http(const char *method, const char *path, const char *ctype,
                        const char *auth, const char *body)
{
	struct resp r = {0};
	struct curl_slist *hl;
	char url[512];
	CURL *c = easy(method, path, ctype, auth, body, &hl, &r, url);
	r.rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
	curl_easy_cleanup(c);
	curl_slist_free_all(hl);
	if (!r.body)
		r.body = strdup("");
	if (!r.headers)
		r.headers = strdup("");
	return r;
}

static void resp_free(struct resp *r)
{
	free(r->body);
	free(r->headers);
}

static json_t *body_json(const struct resp *r)
{
	json_error_t e;
	json_t *v = json_loads(r->body, 0, &e);
	cr_assert(v, "not JSON (%s): %s", e.text, r->body);
	return v;
}

/* The value of a reply header, case-insensitive, or NULL (static buffer). */
static const char *header(const struct resp *r, const char *name)
{
	static char v[256];
	size_t n = strlen(name);
	for (const char *p = r->headers; p && *p;) {
		const char *eol = strchr(p, '\n');
		if (strncasecmp(p, name, n) == 0 && p[n] == ':') {
			const char *s = p + n + 1;
			while (*s == ' ')
				s++;
			size_t l = (size_t)((eol ? eol : s + strlen(s)) - s);
			while (l && (s[l - 1] == '\r' || s[l - 1] == '\n'))
				l--;
			snprintf(v, sizeof v, "%.*s", (int)l, s);
			return v;
		}
		p = eol ? eol + 1 : NULL;
	}
	return NULL;
}

static const char *jstr(json_t *root, const char *path)
{
	/* path: keys and indexes separated by '.', e.g. "translations.0.text" */
	char buf[256];
	snprintf(buf, sizeof buf, "%s", path);
	json_t *v = root;
	for (char *tok = strtok(buf, "."); tok && v; tok = strtok(NULL, "."))
		v = json_is_array(v) ? json_array_get(v, strtoul(tok, NULL, 10))
		                     : json_object_get(v, tok);
	return json_string_value(v);
}

static void start(const struct fake_config *cfg)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
	cr_assert_gt(fake_start(cfg), 0, "the fake server did not start");
}

static void stop(void)
{
	fake_stop();
	curl_global_cleanup();
}

static void start_default(void)
{
	start(NULL);
}

#define DEEPL_AUTH "DeepL-Auth-Key test-key:fx"
#define JSON "application/json"
#define FORM "application/x-www-form-urlencoded"

/* ---- the translation rule ---- */

Test(fake, translation_tags_each_line_and_keeps_blank_ones)
{
	size_t n;
	char *t = fake_translation("en-GB", "Un.\n\nDeux.\n", 11, &n);
	cr_assert_str_eq(t, "[EN-GB] Un.\n\n[EN-GB] Deux.\n");
	cr_assert_eq(n, strlen(t));
	free(t);
	t = fake_translation("fr", "", 0, NULL);
	cr_assert_str_eq(t, "");
	free(t);
	t = fake_translation("es", "  \nx", 4, NULL);
	cr_assert_str_eq(t, "  \n[ES] x");
	free(t);
}

/* ---- DeepL ---- */

Test(fake, deepl_json_translates_in_order_with_trace_id, .init = start_default,
     .fini = stop)
{
	struct resp r =
	    http("POST", "/v2/translate", JSON, DEEPL_AUTH,
	         "{\"text\":[\"Premier.\",\"Deuxième\\n\\nparagraphe.\"],"
	         "\"target_lang\":\"EN-GB\",\"source_lang\":\"FR\","
	         "\"show_billed_characters\":true,\"context\":\"Le chapeau.\"}");
	cr_assert_eq(r.status, 200, "%s", r.body);
	json_t *v = body_json(&r);
	cr_assert_str_eq(jstr(v, "translations.0.text"), "[EN-GB] Premier.");
	cr_assert_str_eq(jstr(v, "translations.1.text"),
	                 "[EN-GB] Deuxième\n\n[EN-GB] paragraphe.");
	cr_assert_str_eq(jstr(v, "translations.0.detected_source_language"), "FR");
	cr_assert_eq(json_integer_value(json_object_get(
	                 json_array_get(json_object_get(v, "translations"), 1),
	                 "billed_characters")),
	             21);
	cr_assert_str_eq(header(&r, "X-Trace-ID"), "fake-1");
	json_decref(v);
	resp_free(&r);

	cr_assert_eq(fake_log_count(NULL), 1);
	const struct fake_request *q = fake_log_at(NULL, 0);
	cr_assert_str_eq(q->proto, "deepl");
	cr_assert_eq(q->ntexts, 2);
	cr_assert_str_eq(q->texts[1], "Deuxième\n\nparagraphe.");
	cr_assert_str_eq(q->target, "EN-GB");
	cr_assert_str_eq(q->context, "Le chapeau.");
	cr_assert_str_eq(fake_request_header(q, "authorization"), "<redacted>");
	cr_assert_eq(q->status, 200);
	cr_assert_eq(q->index, 1);
}

Test(fake, deepl_form_body_with_repeated_text, .init = start_default, .fini = stop)
{
	struct resp r = http("POST", "/v2/translate", FORM, DEEPL_AUTH,
	                     "text=Un+chat&text=Deux%20chiens&target_lang=fr");
	cr_assert_eq(r.status, 200, "%s", r.body);
	json_t *v = body_json(&r);
	cr_assert_str_eq(jstr(v, "translations.0.text"), "[FR] Un chat");
	cr_assert_str_eq(jstr(v, "translations.1.text"), "[FR] Deux chiens");
	json_decref(v);
	resp_free(&r);
}

Test(fake, deepl_rejects_missing_wrong_and_legacy_keys)
{
	struct fake_config cfg = {.deepl_key = "right:fx"};
	start(&cfg);
	const char *body = "{\"text\":[\"a\"],\"target_lang\":\"FR\"}";
	struct resp r = http("POST", "/v2/translate", JSON, NULL, body);
	cr_assert_eq(r.status, 403);
	resp_free(&r);
	r = http("POST", "/v2/translate", JSON, "DeepL-Auth-Key wrong:fx", body);
	cr_assert_eq(r.status, 403);
	json_t *v = body_json(&r);
	cr_assert(jstr(v, "message"));
	json_decref(v);
	resp_free(&r);
	r = http("POST", "/v2/translate", FORM, NULL,
	         "auth_key=right:fx&text=a&target_lang=FR");
	cr_assert_eq(r.status, 403);
	cr_assert(strstr(r.body, "Legacy authentication"), "%s", r.body);
	resp_free(&r);
	r = http("POST", "/v2/translate", JSON, "DeepL-Auth-Key right:fx", body);
	cr_assert_eq(r.status, 200, "%s", r.body);
	resp_free(&r);
	stop();
}

Test(fake, deepl_limits_50_texts_and_128_kib, .init = start_default, .fini = stop)
{
	char *body = malloc(200 * 1024);
	strcpy(body, "{\"target_lang\":\"FR\",\"text\":[");
	for (int i = 0; i < 51; i++)
		strcat(body, i ? ",\"x\"" : "\"x\"");
	strcat(body, "]}");
	struct resp r = http("POST", "/v2/translate", JSON, DEEPL_AUTH, body);
	cr_assert_eq(r.status, 400, "%s", r.body);
	json_t *v = body_json(&r);
	cr_assert(jstr(v, "detail"));
	json_decref(v);
	resp_free(&r);

	size_t n = strlen("{\"target_lang\":\"FR\",\"text\":[\"");
	memcpy(body, "{\"target_lang\":\"FR\",\"text\":[\"", n);
	memset(body + n, 'a', 130 * 1024);
	strcpy(body + n + 130 * 1024, "\"]}");
	r = http("POST", "/v2/translate", JSON, DEEPL_AUTH, body);
	cr_assert_eq(r.status, 413, "%s", r.body);
	cr_assert(fake_log_at(NULL, 1)->faults & FAKE_F_TOO_LARGE);
	resp_free(&r);
	free(body);
}

Test(fake, deepl_quota_gives_456_and_usage_tells_it)
{
	struct fake_config cfg = {.char_limit = 10};
	start(&cfg);
	struct resp r = http("POST", "/v2/translate", JSON, DEEPL_AUTH,
	                     "{\"text\":[\"12345678\"],\"target_lang\":\"FR\"}");
	cr_assert_eq(r.status, 200);
	resp_free(&r);
	r = http("POST", "/v2/translate", JSON, DEEPL_AUTH,
	         "{\"text\":[\"123\"],\"target_lang\":\"FR\"}");
	cr_assert_eq(r.status, 456, "%s", r.body);
	resp_free(&r);
	r = http("GET", "/v2/usage", NULL, DEEPL_AUTH, NULL);
	cr_assert_eq(r.status, 200);
	json_t *v = body_json(&r);
	cr_assert_eq(json_integer_value(json_object_get(v, "character_count")), 8);
	cr_assert_eq(json_integer_value(json_object_get(v, "character_limit")), 10);
	json_decref(v);
	resp_free(&r);
	stop();
}

Test(fake, deepl_checks_languages_and_formality, .init = start_default, .fini = stop)
{
	struct resp r = http("POST", "/v2/translate", JSON, DEEPL_AUTH,
	                     "{\"text\":[\"a\"],\"target_lang\":\"XX\"}");
	cr_assert_eq(r.status, 400);
	resp_free(&r);
	r = http("POST", "/v2/translate", JSON, DEEPL_AUTH,
	         "{\"text\":[\"a\"],\"target_lang\":\"FR\",\"source_lang\":\"EN-GB\"}");
	cr_assert_eq(r.status, 400, "a source has no variant");
	resp_free(&r);
	r = http("POST", "/v2/translate", JSON, DEEPL_AUTH,
	         "{\"text\":[\"a\"],\"target_lang\":\"EN-US\",\"formality\":\"more\"}");
	cr_assert_eq(r.status, 400);
	resp_free(&r);
	r = http(
	    "POST", "/v2/translate", JSON, DEEPL_AUTH,
	    "{\"text\":[\"a\"],\"target_lang\":\"EN-US\",\"formality\":\"prefer_more\"}");
	cr_assert_eq(r.status, 200);
	resp_free(&r);
	r = http("GET", "/v2/translate", NULL, DEEPL_AUTH, NULL);
	cr_assert_eq(r.status, 405);
	resp_free(&r);
}

/* ---- LibreTranslate ---- */

Test(fake, libre_string_and_array, .init = start_default, .fini = stop)
{
	struct resp r =
	    http("POST", "/translate", JSON, NULL,
	         "{\"q\":[\"Un.\",\"Deux.\"],\"source\":\"auto\",\"target\":\"en\"}");
	cr_assert_eq(r.status, 200, "%s", r.body);
	json_t *v = body_json(&r);
	cr_assert_str_eq(jstr(v, "translatedText.1"), "[EN] Deux.");
	cr_assert_str_eq(jstr(v, "detectedLanguage.0.language"), "fr");
	json_decref(v);
	resp_free(&r);
	r = http("POST", "/lt/translate", FORM, NULL, "q=Un+chat&source=fr&target=en");
	cr_assert_eq(r.status, 200, "%s", r.body);
	v = body_json(&r);
	cr_assert_str_eq(jstr(v, "translatedText"), "[EN] Un chat");
	cr_assert_null(json_object_get(v, "detectedLanguage"));
	json_decref(v);
	resp_free(&r);
	cr_assert_str_eq(fake_log_at(NULL, 1)->path, "/lt/translate");
	cr_assert_str_eq(fake_log_at(NULL, 1)->proto, "libretranslate");
}

Test(fake, libre_key_and_errors)
{
	struct fake_config cfg = {.libre_key = "lt-key",
	                          .faults = {.rate_limit = {.first = 1}, .max_texts = 2}};
	start(&cfg);
	const char *ok =
	    "{\"q\":\"a\",\"source\":\"fr\",\"target\":\"en\",\"api_key\":\"lt-key\"}";
	struct resp r = http("POST", "/translate", JSON, NULL, ok);
	cr_assert_eq(r.status, 429);
	json_t *v = body_json(&r);
	cr_assert(strncmp(jstr(v, "error"), "Slowdown:", 9) == 0);
	cr_assert_null(header(&r, "Retry-After"));
	json_decref(v);
	resp_free(&r);
	r = http("POST", "/translate", JSON, NULL,
	         "{\"q\":\"a\",\"source\":\"fr\",\"target\":\"en\"}");
	cr_assert_eq(r.status, 400);
	cr_assert(strstr(r.body, "API key"), "%s", r.body);
	resp_free(&r);
	r = http(
	    "POST", "/translate", JSON, NULL,
	    "{\"q\":\"a\",\"source\":\"fr\",\"target\":\"en\",\"api_key\":\"nope\"}");
	cr_assert_eq(r.status, 403);
	cr_assert_str_eq(r.body, "{\"error\":\"Invalid API key\"}");
	resp_free(&r);
	r = http("POST", "/translate", JSON, NULL,
	         "{\"q\":[\"a\",\"b\",\"c\"],\"source\":\"fr\",\"target\":\"en\","
	         "\"api_key\":\"lt-key\"}");
	cr_assert_eq(r.status, 400);
	cr_assert(strstr(r.body, "exceeds text limit (2)"), "%s", r.body);
	resp_free(&r);
	r = http(
	    "POST", "/translate", JSON, NULL,
	    "{\"q\":\"a\",\"source\":\"fr\",\"target\":\"xx\",\"api_key\":\"lt-key\"}");
	cr_assert_eq(r.status, 400);
	cr_assert_str_eq(r.body, "{\"error\":\"xx is not supported\"}");
	resp_free(&r);
	r = http("POST", "/translate", JSON, NULL, ok);
	cr_assert_eq(r.status, 200);
	resp_free(&r);
	stop();
}

/* ---- OpenAI-compatible ---- */

static const char *schema_fmt =
    "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"tr\","
    "\"strict\":true,\"schema\":{\"type\":\"object\",\"properties\":{\"translations\":"
    "{\"type\":\"array\",\"items\":{\"type\":\"string\"}}},\"required\":["
    "\"translations\"],"
    "\"additionalProperties\":false}}}";

static char *chat(const char *model, const char *extra, const char *texts_json)
{
	char *b = malloc(8192);
	snprintf(b, 8192,
	         "{\"model\":\"%s\",%s%s\"messages\":[{\"role\":\"system\",\"content\":"
	         "\"Translate each text from French to English. Answer in JSON.\"},"
	         "{\"role\":\"user\",\"content\":\"<texts>%s</texts>\"}]}",
	         model, extra, *extra ? "," : "", texts_json);
	return b;
}

static json_t *content_of(const struct resp *r, const char **finish)
{
	json_t *v = body_json(r);
	json_t *choice = json_array_get(json_object_get(v, "choices"), 0);
	*finish = json_string_value(json_object_get(choice, "finish_reason"));
	const char *c = json_string_value(
	    json_object_get(json_object_get(choice, "message"), "content"));
	json_t *out = c ? json_loads(c, 0, NULL) : NULL;
	static char fin[32];
	snprintf(fin, sizeof fin, "%s", *finish ? *finish : "");
	*finish = fin;
	json_decref(v);
	return out;
}

Test(fake, openai_reads_the_array_and_answers_the_schema, .init = start_default,
     .fini = stop)
{
	char *b =
	    chat("fake-model", schema_fmt, "[\\\"Un.\\\",\\\"Deux\\\\nlignes.\\\"]");
	struct resp r = http("POST", "/v1/chat/completions", JSON, "Bearer sk-test", b);
	cr_assert_eq(r.status, 200, "%s", r.body);
	const char *finish;
	json_t *c = content_of(&r, &finish);
	cr_assert_str_eq(finish, "stop");
	cr_assert(c, "content is not JSON: %s", r.body);
	cr_assert_str_eq(jstr(c, "translations.0"), "[EN] Un.");
	cr_assert_str_eq(jstr(c, "translations.1"), "[EN] Deux\n[EN] lignes.");
	cr_assert_not_null(header(&r, "x-request-id"));
	json_decref(c);
	resp_free(&r);
	free(b);
	const struct fake_request *q = fake_log_at(NULL, 0);
	cr_assert_eq(q->ntexts, 2);
	cr_assert_str_eq(q->model, "fake-model");
	cr_assert_str_eq(q->target, "EN");
}

Test(fake, openai_items_with_ids_come_back_with_ids, .init = start_default, .fini = stop)
{
	char *b = chat("fake-model", "",
	               "{\\\"texts\\\":[{\\\"id\\\":7,\\\"text\\\":\\\"Sept.\\\"}]}");
	struct resp r = http("POST", "/chat/completions", JSON, "Bearer sk-test", b);
	cr_assert_eq(r.status, 200, "%s", r.body);
	const char *finish;
	json_t *c = content_of(&r, &finish);
	cr_assert(c);
	json_t *item = json_array_get(json_object_get(c, "translations"), 0);
	cr_assert_eq(json_integer_value(json_object_get(item, "id")), 7);
	cr_assert_str_eq(json_string_value(json_object_get(item, "text")), "[EN] Sept.");
	json_decref(c);
	resp_free(&r);
	free(b);
}

Test(fake, openai_rejects_loose_schemas_and_json_object_without_the_word)
{
	struct fake_config cfg = {.openai_json_object_only = 0};
	start(&cfg);
	char *b = chat(
	    "fake-model",
	    "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":"
	    "\"tr\",\"strict\":true,\"schema\":{\"type\":\"object\",\"properties\":"
	    "{\"translations\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}}}}}",
	    "[\\\"a\\\"]");
	struct resp r = http("POST", "/v1/chat/completions", JSON, "Bearer sk-test", b);
	cr_assert_eq(r.status, 400, "%s", r.body);
	cr_assert(strstr(r.body, "additionalProperties"), "%s", r.body);
	resp_free(&r);
	free(b);
	r = http(
	    "POST", "/v1/chat/completions", JSON, "Bearer sk-test",
	    "{\"model\":\"fake-model\",\"response_format\":{\"type\":\"json_object\"},"
	    "\"messages\":[{\"role\":\"user\",\"content\":\"[\\\"a\\\"]\"}]}");
	cr_assert_eq(r.status, 400, "%s", r.body);
	resp_free(&r);
	stop();
}

Test(fake, openai_json_object_only_server_refuses_json_schema)
{
	struct fake_config cfg = {.openai_json_object_only = 1};
	start(&cfg);
	char *b = chat("fake-model", schema_fmt, "[\\\"a\\\"]");
	struct resp r = http("POST", "/v1/chat/completions", JSON, "Bearer sk-test", b);
	cr_assert_eq(r.status, 400, "%s", r.body);
	json_t *v = body_json(&r);
	cr_assert_str_eq(jstr(v, "error.param"), "response_format");
	json_decref(v);
	resp_free(&r);
	free(b);
	b = chat("fake-model", "\"response_format\":{\"type\":\"json_object\"}",
	         "[\\\"a\\\"]");
	r = http("POST", "/v1/chat/completions", JSON, "Bearer sk-test", b);
	cr_assert_eq(r.status, 200, "%s", r.body);
	resp_free(&r);
	free(b);
	stop();
}

Test(fake, openai_errors_key_model_quota)
{
	struct fake_config cfg = {.openai_key = "sk-right-0123456789", .char_limit = 3};
	start(&cfg);
	char *b = chat("fake-model", "", "[\\\"abcd\\\"]");
	struct resp r =
	    http("POST", "/v1/chat/completions", JSON, "Bearer sk-wrong-0123456789", b);
	cr_assert_eq(r.status, 401);
	cr_assert(strstr(r.body, "invalid_api_key"));
	cr_assert_null(strstr(r.body, "sk-wrong-0123456789"), "the key is masked");
	resp_free(&r);
	r = http("POST", "/v1/chat/completions", JSON, NULL, b);
	cr_assert_eq(r.status, 401);
	resp_free(&r);
	r = http("POST", "/v1/chat/completions", JSON, "Bearer sk-right-0123456789", b);
	cr_assert_eq(r.status, 429, "%s", r.body);
	cr_assert(strstr(r.body, "\"insufficient_quota\""), "%s", r.body);
	resp_free(&r);
	free(b);
	b = chat("no-such-model", "", "[\\\"a\\\"]");
	r = http("POST", "/v1/chat/completions", JSON, "Bearer sk-right-0123456789", b);
	cr_assert_eq(r.status, 404);
	cr_assert(strstr(r.body, "model_not_found"));
	resp_free(&r);
	free(b);
	r = http("GET", "/v1/models", NULL, "Bearer sk-right-0123456789", NULL);
	cr_assert_eq(r.status, 200);
	cr_assert(strstr(r.body, "\"fake-model\""));
	resp_free(&r);
	stop();
}

Test(fake, openai_flat_errors_like_mistral)
{
	struct fake_config cfg = {.openai_flat_errors = 1};
	start(&cfg);
	char *b = chat("nope", "", "[\\\"a\\\"]");
	struct resp r = http("POST", "/v1/chat/completions", JSON, "Bearer k", b);
	cr_assert_eq(r.status, 404);
	json_t *v = body_json(&r);
	cr_assert_null(json_object_get(v, "error"));
	cr_assert(jstr(v, "message"));
	json_decref(v);
	resp_free(&r);
	free(b);
	stop();
}

Test(fake, openai_content_faults)
{
	struct fake_config cfg = {.faults = {.length = {.first = 1},
	                                     .fence = {.every = 2},
	                                     .short_reply = {.first = 3, .every = 0},
	                                     .refusal = {.every = 5}}};
	/* request 1: length; 2: fence; 3: short (and nothing else); 4: fence; 5: refusal
	 */
	start(&cfg);
	char *b = chat("fake-model", "", "[\\\"a\\\",\\\"b\\\"]");
	const char *finish;

	struct resp r = http("POST", "/v1/chat/completions", JSON, "Bearer k", b);
	json_t *c = content_of(&r, &finish);
	cr_assert_str_eq(finish, "length");
	cr_assert_null(c, "a cut content does not parse");
	resp_free(&r);

	r = http("POST", "/v1/chat/completions", JSON, "Bearer k", b);
	c = content_of(&r, &finish);
	cr_assert_null(c, "fenced content is not bare JSON");
	cr_assert(strstr(r.body, "```json"), "%s", r.body);
	resp_free(&r);

	r = http("POST", "/v1/chat/completions", JSON, "Bearer k", b);
	c = content_of(&r, &finish);
	cr_assert_str_eq(finish, "stop");
	cr_assert_eq(json_array_size(json_object_get(c, "translations")), 1);
	cr_assert(fake_log_at(NULL, 2)->faults & FAKE_F_SHORT);
	json_decref(c);
	resp_free(&r);

	r = http("POST", "/v1/chat/completions", JSON, "Bearer k", b);
	resp_free(&r);
	r = http("POST", "/v1/chat/completions", JSON, "Bearer k", b);
	json_t *v = body_json(&r);
	cr_assert(jstr(v, "choices.0.message.refusal"));
	cr_assert_null(jstr(v, "choices.0.message.content"));
	json_decref(v);
	resp_free(&r);
	free(b);
	stop();
}

Test(fake, openai_small_max_tokens_cuts_the_reply, .init = start_default, .fini = stop)
{
	char *b = chat("fake-model", "\"max_tokens\":3",
	               "[\\\"un texte assez long pour depasser trois jetons\\\"]");
	struct resp r = http("POST", "/v1/chat/completions", JSON, "Bearer k", b);
	const char *finish;
	json_t *c = content_of(&r, &finish);
	cr_assert_str_eq(finish, "length");
	cr_assert_null(c);
	resp_free(&r);
	free(b);
}

/* ---- Apertium ---- */

Test(fake, apertium_get_post_and_mark_unknown, .init = start_default, .fini = stop)
{
	struct resp r = http("GET", "/translate?langpair=fra%7Cspa&q=Bonjour%20Pierre",
	                     NULL, NULL, NULL);
	cr_assert_eq(r.status, 200, "%s", r.body);
	json_t *v = body_json(&r);
	cr_assert_str_eq(jstr(v, "responseData.translatedText"),
	                 "[SPA] *Bonjour *Pierre");
	json_decref(v);
	resp_free(&r);
	r = http("POST", "/apy/translate", FORM, NULL,
	         "langpair=fr|es&q=Il+pleut.&markUnknown=no");
	cr_assert_eq(r.status, 200, "%s", r.body);
	v = body_json(&r);
	cr_assert_str_eq(jstr(v, "responseData.translatedText"), "[SPA] Il pleut.");
	json_decref(v);
	resp_free(&r);
	cr_assert_str_eq(fake_log_at(NULL, 1)->proto, "apertium");
	r = http("GET", "/translate?langpair=fra%7Cdeu&q=x", NULL, NULL, NULL);
	cr_assert_eq(r.status, 400);
	v = body_json(&r);
	cr_assert_str_eq(jstr(v, "explanation"), "That pair is not installed");
	json_decref(v);
	resp_free(&r);
	r = http("GET", "/translate?langpair=fra%7Cspa", NULL, NULL, NULL);
	cr_assert_eq(r.status, 400);
	cr_assert(strstr(r.body, "Missing argument q"));
	resp_free(&r);
	r = http("GET", "/listPairs", NULL, NULL, NULL);
	cr_assert(strstr(r.body, "\"targetLanguage\":\"spa\""), "%s", r.body);
	resp_free(&r);
}

/* ---- faults ---- */

Test(fake, rate_limit_first_k_with_retry_after)
{
	struct fake_config cfg = {.faults = {.rate_limit = {.first = 2},
	                                     .retry_after_s = 1,
	                                     .retry_after_ms = 50}};
	start(&cfg);
	const char *b = "{\"text\":[\"a\"],\"target_lang\":\"FR\"}";
	for (int i = 0; i < 3; i++) {
		struct resp r = http("POST", "/v2/translate", JSON, DEEPL_AUTH, b);
		if (i < 2) {
			cr_assert_eq(r.status, 429);
			cr_assert_str_eq(header(&r, "Retry-After"), "1");
			cr_assert_str_eq(header(&r, "retry-after-ms"), "50");
		} else {
			cr_assert_eq(r.status, 200);
			cr_assert_null(header(&r, "Retry-After"));
		}
		resp_free(&r);
	}
	cr_assert(fake_log_at(NULL, 0)->faults & FAKE_F_RATE_LIMIT);
	stop();
}

Test(fake, every_nth_server_errors_and_unavailable)
{
	struct fake_config cfg = {
	    .faults = {.server_error = {.every = 3}, .unavailable = {.every = 2}}};
	start(&cfg);
	long want[] = {200, 503, 500, 503, 200, 500};
	for (int i = 0; i < 6; i++) {
		struct resp r = http("POST", "/translate", JSON, NULL,
		                     "{\"q\":\"a\",\"source\":\"fr\",\"target\":\"en\"}");
		cr_assert_eq(r.status, want[i], "request %d: %ld", i + 1, r.status);
		json_t *v = body_json(&r);
		if (want[i] != 200)
			cr_assert(jstr(v, "error"));
		json_decref(v);
		resp_free(&r);
	}
	stop();
}

Test(fake, dropped_connection_gets_no_reply)
{
	struct fake_config cfg = {.faults = {.drop = {.first = 1}}};
	start(&cfg);
	struct resp r = http("POST", "/translate", JSON, NULL,
	                     "{\"q\":\"a\",\"source\":\"fr\",\"target\":\"en\"}");
	cr_assert_eq(r.rc, CURLE_GOT_NOTHING, "%s", curl_easy_strerror(r.rc));
	resp_free(&r);
	cr_assert_eq(fake_log_at(NULL, 0)->status, 0);
	cr_assert(fake_log_at(NULL, 0)->faults & FAKE_F_DROP);
	r = http("POST", "/translate", JSON, NULL,
	         "{\"q\":\"a\",\"source\":\"fr\",\"target\":\"en\"}");
	cr_assert_eq(r.status, 200);
	resp_free(&r);
	stop();
}

Test(fake, malformed_and_slow_replies)
{
	struct fake_config cfg = {.faults = {.malformed = {.first = 1},
	                                     .slow = {.first = 2},
	                                     .trickle_ms = 1,
	                                     .trickle_bytes = 3}};
	start(&cfg);
	const char *b =
	    "{\"text\":[\"Une phrase un peu longue.\"],\"target_lang\":\"FR\"}";
	struct resp r = http("POST", "/v2/translate", JSON, DEEPL_AUTH, b);
	cr_assert_eq(r.status, 200);
	cr_assert_null(json_loads(r.body, 0, NULL), "%s", r.body);
	resp_free(&r);
	r = http("POST", "/v2/translate", JSON, DEEPL_AUTH, b);
	cr_assert_eq(r.status, 200);
	json_t *v = body_json(&r);
	cr_assert_str_eq(jstr(v, "translations.0.text"),
	                 "[FR] Une phrase un peu longue.");
	json_decref(v);
	resp_free(&r);
	cr_assert(fake_log_at(NULL, 1)->faults & FAKE_F_SLOW);
	stop();
}

Test(fake, poison_fails_only_the_requests_holding_it)
{
	struct fake_config cfg = {.faults = {.poison = "POISON", .poison_status = 413}};
	start(&cfg);
	struct resp r = http("POST", "/v2/translate", JSON, DEEPL_AUTH,
	                     "{\"text\":[\"ok\",\"a POISON b\"],\"target_lang\":\"FR\"}");
	cr_assert_eq(r.status, 413);
	resp_free(&r);
	r = http("POST", "/v2/translate", JSON, DEEPL_AUTH,
	         "{\"text\":[\"ok\"],\"target_lang\":\"FR\"}");
	cr_assert_eq(r.status, 200);
	resp_free(&r);
	stop();
}

Test(fake, percent_rules_are_reproducible)
{
	struct fake_config cfg = {
	    .faults = {.server_error = {.percent = 30}, .seed = 42}};
	int first[40];
	for (int round = 0; round < 2; round++) {
		start(&cfg);
		int hits = 0;
		for (int i = 0; i < 40; i++) {
			struct resp r =
			    http("POST", "/translate", JSON, NULL,
			         "{\"q\":\"a\",\"source\":\"fr\",\"target\":\"en\"}");
			int hit = r.status == 500;
			if (round == 0)
				first[i] = hit;
			else
				cr_assert_eq(hit, first[i], "request %d", i + 1);
			hits += hit;
			resp_free(&r);
		}
		cr_assert(hits > 0 && hits < 40, "%d of 40", hits);
		stop();
	}
}

Test(fake, concurrency_is_recorded_and_capped)
{
	struct fake_config cfg = {.faults = {.latency_ms = 300, .max_concurrent = 3}};
	start(&cfg);
	enum { N = 6 };
	CURLM *m = curl_multi_init();
	CURL *e[N];
	struct resp r[N];
	struct curl_slist *hl[N];
	char url[N][512];
	memset(r, 0, sizeof r);
	for (int i = 0; i < N; i++) {
		e[i] = easy("POST", "/translate", JSON, NULL,
		            "{\"q\":\"a\",\"source\":\"fr\",\"target\":\"en\"}", &hl[i],
		            &r[i], url[i]);
		curl_multi_add_handle(m, e[i]);
	}
	int running = 1;
	while (running) {
		curl_multi_perform(m, &running);
		if (running)
			curl_multi_poll(m, NULL, 0, 100, NULL);
	}
	for (int i = 0; i < N; i++) {
		curl_multi_remove_handle(m, e[i]);
		curl_easy_cleanup(e[i]);
		curl_slist_free_all(hl[i]);
		resp_free(&r[i]);
	}
	curl_multi_cleanup(m);

	struct fake_stats st;
	fake_stats(NULL, &st);
	cr_assert_eq(st.requests, N);
	cr_assert_gt(st.max_in_flight, 1, "requests were sent in parallel");
	cr_assert_eq(st.in_flight, 0);
	for (size_t i = 0; i < fake_log_count(NULL); i++) {
		const struct fake_request *q = fake_log_at(NULL, i);
		cr_assert_eq(q->seq, i + 1, "the log is in arrival order");
		cr_assert_eq(q->in_flight > 3, q->status == 429,
		             "request %u: %u in flight, %d", q->seq, q->in_flight,
		             q->status);
	}
	stop();
}

Test(fake, reset_forgets_the_log_so_a_second_run_can_be_checked, .init = start_default,
     .fini = stop)
{
	struct resp r = http("POST", "/translate", JSON, NULL,
	                     "{\"q\":\"a\",\"source\":\"fr\",\"target\":\"en\"}");
	resp_free(&r);
	cr_assert_eq(fake_log_count(NULL), 1);
	fake_reset(NULL);
	cr_assert_eq(fake_log_count(NULL), 0);
	struct fake_stats st;
	fake_stats(NULL, &st);
	cr_assert_eq(st.requests, 0);
	cr_assert_eq(fake_wait_idle(NULL, 1000), 0);
}

Test(fake, record_auth_keeps_the_key)
{
	struct fake_config cfg = {.record_auth = 1};
	start(&cfg);
	struct resp r = http("POST", "/v2/translate", JSON, DEEPL_AUTH,
	                     "{\"text\":[\"a\"],\"target_lang\":\"FR\"}");
	resp_free(&r);
	cr_assert_str_eq(fake_request_header(fake_log_at(NULL, 0), "Authorization"),
	                 DEEPL_AUTH);
	stop();
}

Test(fake, control_endpoint_sets_faults_and_reports, .init = start_default, .fini = stop)
{
	struct resp r = http("POST", "/_fake/faults", JSON, NULL,
	                     "{\"rate_limit\":{\"every\":1},\"retry_after_ms\":20}");
	cr_assert_eq(r.status, 200, "%s", r.body);
	resp_free(&r);
	r = http("POST", "/translate", JSON, NULL,
	         "{\"q\":\"a\",\"source\":\"fr\",\"target\":\"en\"}");
	cr_assert_eq(r.status, 429);
	cr_assert_str_eq(header(&r, "retry-after-ms"), "20");
	resp_free(&r);
	r = http("GET", "/_fake/stats", NULL, NULL, NULL);
	json_t *v = body_json(&r);
	cr_assert_eq(json_integer_value(json_object_get(v, "requests")), 1,
	             "control requests are not counted");
	json_decref(v);
	resp_free(&r);
	r = http("GET", "/_fake/log", NULL, NULL, NULL);
	v = body_json(&r);
	cr_assert_eq(json_array_size(v), 1);
	cr_assert_str_eq(jstr(v, "0.faults.0"), "rate_limit");
	cr_assert_str_eq(jstr(v, "0.texts.0"), "a");
	json_decref(v);
	resp_free(&r);
	r = http("POST", "/_fake/faults", JSON, NULL, "{\"rate_limits\":{}}");
	cr_assert_eq(r.status, 400);
	cr_assert(strstr(r.body, "unknown field"), "%s", r.body);
	resp_free(&r);
	r = http("POST", "/_fake/reset", NULL, NULL, "");
	cr_assert_eq(r.status, 200);
	resp_free(&r);
	cr_assert_eq(fake_log_count(NULL), 0);
}

Test(fake, two_servers_run_side_by_side)
{
	struct fake *a = fake_new(NULL), *b = fake_new(NULL);
	cr_assert(a && b);
	cr_assert_neq(fake_port(a), fake_port(b));
	cr_assert(strncmp(fake_url(a), "http://127.0.0.1:", 17) == 0);
	fake_free(a);
	fake_free(b);
}

Test(fake, openai_target_read_from_codes_and_names, .init = start_default, .fini = stop)
{
	static const char *const prompts[][2] = {
	    {"Translate every string into fran\\u00e7ais (fr).", "FR"},
	    {"Translate every string into English (en-GB).", "EN-GB"},
	    {"Translate them to the language with code \\\"de\\\".", "DE"},
	    {"Text to translate. Then put it into Spanish", "ES"},
	    {"Do your best.", "XX"},
	};
	for (size_t i = 0; i < sizeof prompts / sizeof prompts[0]; i++) {
		char b[1024];
		snprintf(b, sizeof b,
		         "{\"model\":\"fake-model\",\"messages\":[{\"role\":\"system\","
		         "\"content\":"
		         "\"%s\"},{\"role\":\"user\",\"content\":\"[\\\"a\\\"]\"}]}",
		         prompts[i][0]);
		struct resp r = http("POST", "/v1/chat/completions", JSON, "Bearer k", b);
		cr_assert_eq(r.status, 200, "%s", r.body);
		resp_free(&r);
		cr_assert_str_eq(fake_log_at(NULL, i)->target, prompts[i][1],
		                 "prompt %zu", i);
	}
}
