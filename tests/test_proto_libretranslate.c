/* The LibreTranslate protocol: requests built, canned replies read. */
#include "proto_test.h"

#define P (&px_proto_libretranslate)
#define KEY "lt-key-5b1e0c7a"

TestSuite(proto_libretranslate, .init = langs_load, .fini = langs_free);

static struct px_proto_ctx ctx_of(const char *key)
{
	struct px_proto_ctx c = {0};
	c.base_url = "http://127.0.0.1:5000";
	c.api_key = key;
	c.from = "fr";
	c.to = "en";
	return c;
}

Test(proto_libretranslate, table)
{
	cr_expect_str_eq(P->name, "libretranslate");
	cr_expect_str_eq(P->default_url, "http://localhost:5000");
	cr_expect_str_eq(P->url_env, "LIBRETRANSLATE_URL");
	cr_expect_str_eq(P->key_env[0], "LIBRETRANSLATE_API_KEY");
	cr_expect_eq(P->key_required, 0);
	cr_expect(P->max_texts >= 10 && P->max_texts <= 50);
	cr_expect(P->max_body > 0 && P->max_body <= 128 * 1024);
}

Test(proto_libretranslate, request)
{
	struct px_proto_ctx c = ctx_of(KEY);
	c.base_url = "http://translate.example/lt/";
	c.to = "en-GB";
	const char *texts[] = {"Le maire a parlé.", "Deuxième paragraphe.", NULL};
	struct px_http_request req;
	build_ok(P, &c, texts, &req);
	cr_expect_str_eq(req.method, "POST");
	cr_expect_str_eq(req.url, "http://translate.example/lt/translate");
	cr_expect_not(has(req.url, KEY), "key in the URL");
	cr_expect_null(header(&req, "Authorization"));
	cr_expect_eq(req.secret_header, 0);
	cr_expect_str_eq(header(&req, "Content-Type"), "application/json");
	json_t *b = body_json(&req);
	json_t *q = json_object_get(b, "q");
	cr_assert_eq(json_array_size(q), 2);
	cr_expect_str_eq(json_string_value(json_array_get(q, 0)), texts[0]);
	cr_expect_str_eq(json_string_value(json_array_get(q, 1)), texts[1]);
	cr_expect_str_eq(jstr(b, "source"), "fr");
	cr_expect_str_eq(jstr(b, "target"), "en");
	cr_expect_str_eq(jstr(b, "format"), "text");
	cr_expect_str_eq(jstr(b, "api_key"), KEY);
	json_decref(b);
	px_http_request_free(&req);
}

Test(proto_libretranslate, auto_source_no_key)
{
	struct px_proto_ctx c = ctx_of(NULL);
	c.from = NULL;
	c.to = "fr";
	const char *texts[] = {"One text only.", NULL};
	struct px_http_request req;
	build_ok(P, &c, texts, &req);
	json_t *b = body_json(&req);
	cr_expect_str_eq(jstr(b, "source"), "auto");
	cr_expect_str_eq(jstr(b, "target"), "fr");
	cr_expect_null(json_object_get(b, "api_key"));
	/* always an array, so the reply is one too */
	cr_expect(json_is_array(json_object_get(b, "q")));
	json_decref(b);
	px_http_request_free(&req);
}

Test(proto_libretranslate, script_kept)
{
	struct px_proto_ctx c = ctx_of(NULL);
	c.to = "zh-Hans";
	const char *texts[] = {"x", NULL};
	struct px_http_request req;
	build_ok(P, &c, texts, &req);
	json_t *b = body_json(&req);
	cr_expect_str_eq(jstr(b, "target"), "zh-Hans");
	json_decref(b);
	px_http_request_free(&req);
}

Test(proto_libretranslate, replies)
{
	struct px_proto_ctx c = ctx_of(KEY);
	const char *two[] = {"Un.", "Deux.", NULL};
	const char *one[] = {"Un.", NULL};
	char *out[2] = {0};
	struct precis_error err;
	cr_assert_eq(read_reply(P, &c, 200, "{\"translatedText\":[\"One.\",\"Two.\"]}",
	                        two, out, &err),
	             PX_REPLY_OK, "%s", err.message);
	cr_expect_str_eq(out[0], "One.");
	cr_expect_str_eq(out[1], "Two.");
	free_out(out, 2);
	/* a string for one text, detectedLanguage alongside */
	cr_assert_eq(
	    read_reply(P, &c, 200,
	               "{\"detectedLanguage\":{\"confidence\":90.0,\"language\":\"fr\"},"
	               "\"translatedText\":\"One.\"}",
	               one, out, &err),
	    PX_REPLY_OK, "%s", err.message);
	cr_expect_str_eq(out[0], "One.");
	free_out(out, 2);
}

Test(proto_libretranslate, count_mismatch)
{
	struct px_proto_ctx c = ctx_of(KEY);
	struct precis_error err;
	cr_expect_eq(fail_class(P, &c, 200, "{\"translatedText\":[\"One.\"]}", 2, &err),
	             PX_REPLY_SPLIT);
	cr_expect_eq(
	    fail_class(P, &c, 200, "{\"translatedText\":\"One. Two.\"}", 2, &err),
	    PX_REPLY_SPLIT);
	cr_expect_eq(fail_class(P, &c, 200, "{\"translatedText\":[\"a\",null]}", 2, &err),
	             PX_REPLY_SPLIT);
	cr_expect_eq(fail_class(P, &c, 200, "{\"translatedText\":[]}", 1, &err),
	             PX_REPLY_FAIL);
	cr_expect_eq(fail_class(P, &c, 200, "{\"translated", 1, &err), PX_REPLY_RETRY);
}

Test(proto_libretranslate, errors)
{
	static const struct {
		const char *from;
		long status;
		const char *body;
		size_t n;
		enum px_reply_class cls;
		const char *says[3];
	} cases[] = {
	    {"fr",
	     400,
	     "{\"error\":\"Invalid request: request (6000) exceeds text limit (5000)\"}",
	     2,
	     PX_REPLY_SPLIT,
	     {"HTTP 400", "exceeds text limit", "halves"}},
	    {"fr",
	     400,
	     "{\"error\":\"Invalid request: request (6000) exceeds text limit (5000)\"}",
	     1,
	     PX_REPLY_FAIL,
	     {"char-limit", NULL, NULL}},
	    {"fr",
	     400,
	     "{\"error\":\"xx is not supported\"}",
	     2,
	     PX_REPLY_FATAL,
	     {"xx is not supported", "--from", "precis backends --check"}},
	    {"fr",
	     400,
	     "{\"error\":\"English (en) is not available as a target language from "
	     "French (fr)\"}",
	     2,
	     PX_REPLY_FATAL,
	     {"not available as a target", NULL, NULL}},
	    {NULL,
	     400,
	     "{\"error\":\"{'confidence': 41.0, 'language': 'de'} is not supported\"}",
	     2,
	     PX_REPLY_FAIL,
	     {"give --from", NULL, NULL}},
	    {"fr",
	     400,
	     "{\"error\":\"Visit https://portal.libretranslate.com to get an API key\"}",
	     2,
	     PX_REPLY_FATAL,
	     {"LIBRETRANSLATE_API_KEY", "portal.libretranslate.com", NULL}},
	    {"fr",
	     400,
	     "{\"error\":\"Please contact the server operator to get an API key\"}",
	     2,
	     PX_REPLY_FATAL,
	     {"LIBRETRANSLATE_API_KEY", NULL, NULL}},
	    {"fr",
	     400,
	     "{\"error\":\"Invalid request: missing q parameter\"}",
	     2,
	     PX_REPLY_FAIL,
	     {"missing q parameter", NULL, NULL}},
	    {"fr",
	     403,
	     "{\"error\":\"Invalid API key\"}",
	     2,
	     PX_REPLY_FATAL,
	     {"HTTP 403", "Invalid API key", "LIBRETRANSLATE_API_KEY"}},
	    {"fr",
	     403,
	     "{\"error\":\"Too many request limits violations\"}",
	     2,
	     PX_REPLY_FATAL,
	     {"banned", NULL, NULL}},
	    {"fr",
	     404,
	     "<!doctype html><title>404 Not Found</title>",
	     2,
	     PX_REPLY_FATAL,
	     {"LIBRETRANSLATE_URL", "404 Not Found", NULL}},
	    {"fr",
	     429,
	     "{\"error\":\"Slowdown: 30 per 1 minute\"}",
	     2,
	     PX_REPLY_RETRY,
	     {"HTTP 429", "Slowdown: 30 per 1 minute", NULL}},
	    {"fr",
	     500,
	     "{\"error\":\"Cannot translate text: CUDA out of memory\"}",
	     2,
	     PX_REPLY_RETRY,
	     {"HTTP 500", "Cannot translate text", NULL}},
	    {"fr", 503, "", 2, PX_REPLY_RETRY, {"HTTP 503", NULL, NULL}},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct px_proto_ctx c = ctx_of(KEY);
		c.from = cases[i].from;
		struct precis_error err;
		enum px_reply_class cls =
		    fail_class(P, &c, cases[i].status, cases[i].body, cases[i].n, &err);
		cr_expect_eq(cls, cases[i].cls, "case %zu, HTTP %ld: class %d: %s", i,
		             cases[i].status, cls, err.message);
		for (size_t k = 0; k < 3 && cases[i].says[k]; k++)
			cr_expect(has(err.message, cases[i].says[k]),
			          "case %zu: no '%s' in: %s", i, cases[i].says[k],
			          err.message);
		cr_expect_str_eq(err.where, "http://127.0.0.1:5000");
	}
}

Test(proto_libretranslate, entities_and_typography)
{
	struct px_proto_ctx c = ctx_of(NULL);
	const char *one[] = {"C'est fini.", NULL};
	char *out[1] = {0};
	struct precis_error err;
	cr_assert_eq(read_reply(P, &c, 200, "{\"translatedText\":[\"It&#39;s over.\"]}",
	                        one, out, &err),
	             PX_REPLY_OK);
	cr_expect_str_eq(out[0], "It's over.");
	free_out(out, 1);
	c.target = lang("en");
	cr_assert_eq(read_reply(P, &c, 200, "{\"translatedText\":[\"It&#39;s over.\"]}",
	                        one, out, &err),
	             PX_REPLY_OK);
	cr_expect_str_eq(out[0], "It’s over.");
	free_out(out, 1);
}

Test(proto_libretranslate, check_languages)
{
	struct px_proto_ctx c = ctx_of(NULL);
	c.base_url = "http://h/lt";
	struct px_http_request req = {0};
	struct precis_error err;
	cr_assert_eq(P->build_check(&c, &req, &err), PRECIS_OK);
	cr_expect_str_eq(req.method, "GET");
	cr_expect_str_eq(req.url, "http://h/lt/languages");
	px_http_request_free(&req);

	const char *langs_body =
	    "[{\"code\":\"en\",\"name\":\"English\",\"targets\":[\"fr\",\"es\"]},"
	    "{\"code\":\"fr\",\"name\":\"French\",\"targets\":[\"en\"]},"
	    "{\"code\":\"es\",\"name\":\"Spanish\",\"targets\":[\"en\"]}]";
	struct px_http_reply r = reply_of(200, langs_body);
	char *report = NULL;
	cr_assert_eq(P->parse_check(&c, &r, &report, &err), PRECIS_OK, "%s", err.message);
	cr_expect(has(report, "3 languages: en, fr, es"), "%s", report);
	cr_expect(has(report, "fr to en: available"), "%s", report);
	free(report);
	c.from = "es";
	c.to = "fr";
	cr_assert_eq(P->parse_check(&c, &r, &report, &err), PRECIS_OK);
	cr_expect(has(report, "does not translate es to fr"), "%s", report);
	free(report);
	r = reply_of(200, "{\"error\":\"no\"}");
	cr_expect_eq(P->parse_check(&c, &r, &report, &err), PRECIS_E_BACKEND);
}
