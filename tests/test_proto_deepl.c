/* The DeepL protocol: requests built, canned replies read (no network). */
#include "proto_test.h"

#define P (&px_proto_deepl)
#define KEY "0123abcd-key-for-tests"
#define FREE_KEY "0123abcd-key-for-tests:fx"

TestSuite(proto_deepl, .init = langs_load, .fini = langs_free);

static struct px_proto_ctx ctx_of(const char *key)
{
	struct px_proto_ctx c = {0};
	c.base_url = P->default_url;
	c.api_key = key;
	c.from = "fr";
	c.to = "en";
	return c;
}

Test(proto_deepl, table)
{
	cr_expect_str_eq(P->name, "deepl");
	cr_expect_eq(P->translates, 1);
	cr_expect_eq(P->max_texts, 50);
	cr_expect(P->max_body > 100 * 1024 && P->max_body <= 128 * 1024);
	cr_expect_str_eq(P->key_env[0], "DEEPL_AUTH_KEY");
	cr_expect_str_eq(P->key_env[1], "DEEPL_API_KEY");
	cr_expect_null(P->key_env[2]);
	cr_expect_str_eq(P->url_env, "DEEPL_SERVER_URL");
	cr_expect_eq(P->key_required, 1);
	cr_expect_not_null(P->build_check);
}

Test(proto_deepl, request)
{
	struct px_proto_ctx c = ctx_of(KEY);
	const char *texts[] = {"Le maire a parlé.", "Il pleut « fort ».", NULL};
	struct px_http_request req;
	build_ok(P, &c, texts, &req);
	cr_expect_str_eq(req.method, "POST");
	cr_expect_str_eq(req.url, "https://api.deepl.com/v2/translate");
	cr_expect_str_eq(header(&req, "Authorization"), "DeepL-Auth-Key " KEY);
	cr_expect_eq(req.secret_header, header_index(&req, "Authorization"));
	cr_expect_str_eq(header(&req, "Content-Type"), "application/json");
	cr_expect_not(has(req.url, KEY), "key in the URL");
	cr_expect_not(has(req.body, KEY), "key in the body");
	json_t *b = body_json(&req);
	json_t *t = json_object_get(b, "text");
	cr_assert_eq(json_array_size(t), 2);
	cr_expect_str_eq(json_string_value(json_array_get(t, 0)), texts[0]);
	cr_expect_str_eq(json_string_value(json_array_get(t, 1)), texts[1]);
	cr_expect_str_eq(jstr(b, "target_lang"), "EN-GB");
	cr_expect_str_eq(jstr(b, "source_lang"), "FR");
	cr_expect_str_eq(jstr(b, "split_sentences"), "nonewlines");
	cr_expect(json_is_true(json_object_get(b, "preserve_formatting")));
	cr_expect_null(json_object_get(b, "context"));
	cr_expect_null(json_object_get(b, "formality"));
	json_decref(b);
	px_http_request_free(&req);
}

Test(proto_deepl, languages)
{
	static const struct {
		const char *from, *to, *source, *target;
	} cases[] = {
	    {"fr", "en", "FR", "EN-GB"},    {"fr", "en-US", "FR", "EN-US"},
	    {"fr", "en-us", "FR", "EN-US"}, {"fr", "en_GB", "FR", "EN-GB"},
	    {"en", "fr", "EN", "FR"},       {"en-GB", "fr", "EN", "FR"},
	    {NULL, "fr", NULL, "FR"},       {"auto", "en", NULL, "EN-GB"},
	};
	const char *texts[] = {"x", NULL};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct px_proto_ctx c = ctx_of(KEY);
		c.from = cases[i].from;
		c.to = cases[i].to;
		struct px_http_request req;
		build_ok(P, &c, texts, &req);
		json_t *b = body_json(&req);
		cr_expect_str_eq(jstr(b, "target_lang"), cases[i].target, "to %s",
		                 cases[i].to);
		if (cases[i].source)
			cr_expect_str_eq(jstr(b, "source_lang"), cases[i].source);
		else
			cr_expect_null(json_object_get(b, "source_lang"), "from %s",
			               cases[i].from);
		json_decref(b);
		px_http_request_free(&req);
	}
}

Test(proto_deepl, context_and_formality)
{
	struct px_proto_ctx c = ctx_of(KEY);
	c.context = "Le conseil municipal a voté le budget.";
	c.formality = "prefer_more";
	const char *texts[] = {"« Nous tiendrons parole », a-t-il dit.", NULL};
	struct px_http_request req;
	build_ok(P, &c, texts, &req);
	json_t *b = body_json(&req);
	cr_expect_str_eq(jstr(b, "context"), c.context);
	cr_expect_str_eq(jstr(b, "formality"), "prefer_more");
	json_decref(b);
	px_http_request_free(&req);
}

Test(proto_deepl, hosts)
{
	static const struct {
		const char *base, *key, *url;
	} cases[] = {
	    {"https://api.deepl.com", FREE_KEY,
	     "https://api-free.deepl.com/v2/translate"},
	    {"https://api-free.deepl.com", KEY, "https://api.deepl.com/v2/translate"},
	    {NULL, FREE_KEY, "https://api-free.deepl.com/v2/translate"},
	    {NULL, KEY, "https://api.deepl.com/v2/translate"},
	    {"https://api.deepl.com/v2/", FREE_KEY,
	     "https://api-free.deepl.com/v2/translate"},
	    {"http://127.0.0.1:8080", KEY, "http://127.0.0.1:8080/v2/translate"},
	    {"http://127.0.0.1:8080/mock/", FREE_KEY,
	     "http://127.0.0.1:8080/mock/v2/translate"},
	    {"http://proxy.local/deepl/v2", KEY, "http://proxy.local/deepl/v2/translate"},
	};
	const char *texts[] = {"x", NULL};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct px_proto_ctx c = ctx_of(cases[i].key);
		c.base_url = cases[i].base;
		struct px_http_request req;
		build_ok(P, &c, texts, &req);
		cr_expect_str_eq(req.url, cases[i].url, "base %s", cases[i].base);
		px_http_request_free(&req);
	}
}

Test(proto_deepl, no_key)
{
	struct px_proto_ctx c = ctx_of(NULL);
	const char *texts[] = {"x"};
	size_t lens[] = {1};
	struct px_http_request req = {0};
	struct precis_error err;
	cr_expect_eq(P->build(&c, texts, lens, 1, &req, &err), PRECIS_E_CONFIG);
	cr_expect(has(err.message, "DEEPL_AUTH_KEY"), "%s", err.message);
	c.api_key = "";
	cr_expect_eq(P->build_check(&c, &req, &err), PRECIS_E_CONFIG);
	px_http_request_free(&req);
}

Test(proto_deepl, invalid_utf8)
{
	struct px_proto_ctx c = ctx_of(KEY);
	const char *texts[] = {"caf\xe9"};
	size_t lens[] = {4};
	struct px_http_request req = {0};
	struct precis_error err;
	cr_expect_eq(P->build(&c, texts, lens, 1, &req, &err), PRECIS_E_INPUT);
	px_http_request_free(&req);
}

Test(proto_deepl, reply_in_order)
{
	struct px_proto_ctx c = ctx_of(KEY);
	const char *texts[] = {"Un.", "Deux.", "Trois.", NULL};
	char *out[3] = {0};
	struct precis_error err;
	cr_assert_eq(read_reply(P, &c, 200,
	                        "{\"translations\":[{\"detected_source_language\":\"FR\","
	                        "\"text\":\"One.\"},{\"detected_source_language\":\"FR\","
	                        "\"text\":\"Two.\"},{\"detected_source_language\":\"FR\","
	                        "\"text\":\"Three.\"}]}",
	                        texts, out, &err),
	             PX_REPLY_OK, "%s", err.message);
	cr_expect_str_eq(out[0], "One.");
	cr_expect_str_eq(out[1], "Two.");
	cr_expect_str_eq(out[2], "Three.");
	free_out(out, 3);
}

Test(proto_deepl, count_mismatch_splits)
{
	struct px_proto_ctx c = ctx_of(KEY);
	struct precis_error err;
	const char *one_back = "{\"translations\":[{\"text\":\"One.\"}]}";
	cr_expect_eq(fail_class(P, &c, 200, one_back, 2, &err), PX_REPLY_SPLIT);
	cr_expect(has(err.message, "1 translations came back for 2"), "%s", err.message);
	cr_expect_eq(fail_class(P, &c, 200, "{\"translations\":[]}", 1, &err),
	             PX_REPLY_FAIL);
	cr_expect_eq(
	    fail_class(P, &c, 200, "{\"translations\":[{\"txt\":\"a\"},{}]}", 2, &err),
	    PX_REPLY_SPLIT);
	cr_expect_eq(fail_class(P, &c, 200, "{\"translations\":{}}", 2, &err),
	             PX_REPLY_SPLIT);
	/* Not JSON at all: cut short on the way, asked again. */
	cr_expect_eq(fail_class(P, &c, 200, "{\"translations\":[{\"te", 2, &err),
	             PX_REPLY_RETRY);
}

Test(proto_deepl, errors)
{
	static const struct {
		long status;
		const char *body;
		size_t n;
		enum px_reply_class cls;
		const char *says[3];
	} cases[] = {
	    {400,
	     "{\"message\":\"Bad request\",\"detail\":\"Value for 'target_lang' not "
	     "supported.\"}",
	     2,
	     PX_REPLY_FAIL,
	     {"HTTP 400", "Bad request: Value for 'target_lang'", "--to"}},
	    {403,
	     "{\"message\":\"Wrong endpoint. Use https://api-free.deepl.com\"}",
	     2,
	     PX_REPLY_FATAL,
	     {"HTTP 403", "Wrong endpoint",
	      "the DeepL key was refused: check DEEPL_AUTH_KEY"}},
	    {403, "", 1, PX_REPLY_FATAL, {"HTTP 403", "DEEPL_AUTH_KEY", NULL}},
	    {404,
	     "{\"message\":\"Not found\"}",
	     2,
	     PX_REPLY_FATAL,
	     {"HTTP 404", "DEEPL_SERVER_URL", NULL}},
	    {413,
	     "{\"message\":\"Request Entity Too Large\"}",
	     2,
	     PX_REPLY_SPLIT,
	     {"HTTP 413", "halves", NULL}},
	    {413,
	     "{\"message\":\"Request Entity Too Large\"}",
	     1,
	     PX_REPLY_FAIL,
	     {"HTTP 413", NULL, NULL}},
	    {429,
	     "{\"message\":\"Too many requests\"}",
	     2,
	     PX_REPLY_RETRY,
	     {"HTTP 429", "Too many requests", NULL}},
	    {456,
	     "{\"message\":\"Quota exceeded\"}",
	     2,
	     PX_REPLY_FATAL,
	     {"HTTP 456", "Quota exceeded", "precis backends --check"}},
	    {500,
	     "{\"message\":\"Internal error\"}",
	     2,
	     PX_REPLY_RETRY,
	     {"HTTP 500", NULL, NULL}},
	    {502,
	     "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
	     2,
	     PX_REPLY_RETRY,
	     {"HTTP 502 (502 Bad Gateway)", NULL, NULL}},
	    {503,
	     "{\"message\":\"Service unavailable\"}",
	     2,
	     PX_REPLY_RETRY,
	     {"HTTP 503", NULL, NULL}},
	    {504, "", 2, PX_REPLY_RETRY, {"HTTP 504", NULL, NULL}},
	    {529,
	     "{\"message\":\"Too many requests, high load\"}",
	     2,
	     PX_REPLY_RETRY,
	     {"HTTP 529", NULL, NULL}},
	    {418,
	     "{\"message\":\"teapot\"}",
	     2,
	     PX_REPLY_FAIL,
	     {"HTTP 418", "teapot", NULL}},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct px_proto_ctx c = ctx_of(KEY);
		struct precis_error err;
		enum px_reply_class cls =
		    fail_class(P, &c, cases[i].status, cases[i].body, cases[i].n, &err);
		cr_expect_eq(cls, cases[i].cls, "HTTP %ld (n=%zu): class %d",
		             cases[i].status, cases[i].n, cls);
		cr_expect_eq(err.status, PRECIS_E_BACKEND);
		cr_expect(has(err.message, "deepl: "), "%s", err.message);
		for (size_t k = 0; k < 3 && cases[i].says[k]; k++)
			cr_expect(has(err.message, cases[i].says[k]),
			          "HTTP %ld: no '%s' in: %s", cases[i].status,
			          cases[i].says[k], err.message);
		cr_expect_str_eq(err.where, "https://api.deepl.com");
	}
}

Test(proto_deepl, where_is_the_free_host)
{
	struct px_proto_ctx c = ctx_of(FREE_KEY);
	struct precis_error err;
	fail_class(P, &c, 456, "{\"message\":\"Quota exceeded\"}", 1, &err);
	cr_expect_str_eq(err.where, "https://api-free.deepl.com");
}

Test(proto_deepl, unreachable)
{
	struct px_proto_ctx c = ctx_of(KEY);
	struct px_http_reply r = reply_of(0, "");
	r.transport_error = "Could not resolve host: api.deepl.com";
	char *out[1] = {0};
	size_t out_len[1];
	const char *texts[] = {"x"};
	size_t lens[] = {1};
	struct precis_error err;
	cr_expect_eq(px_proto_read(P, &c, &r, texts, lens, 1, out, out_len, &err),
	             PX_REPLY_RETRY);
	cr_expect(has(err.message, "Could not resolve host"), "%s", err.message);
}

Test(proto_deepl, key_never_in_messages)
{
	struct px_proto_ctx c = ctx_of(KEY);
	struct precis_error err;
	fail_class(P, &c, 403, "{\"message\":\"key " KEY " is not valid\"}", 1, &err);
	cr_expect_not(has(err.message, KEY));
	cr_expect(has(err.message, "key *** is not valid"), "%s", err.message);
	fail_class(P, &c, 400, "{\"message\":\"" KEY "\"}", 1, &err);
	cr_expect_not(has(err.message, KEY));
}

Test(proto_deepl, reply_cleaned)
{
	struct px_proto_ctx c = ctx_of(KEY);
	c.target = lang("en");
	const char *texts[] = {"L'État l'a dit.", "Un paragraphe sans retour.",
	                       "Premier.\n\nSecond.", NULL};
	char *out[3] = {0};
	struct precis_error err;
	cr_assert_eq(
	    read_reply(
	        P, &c, 200,
	        "{\"translations\":[{\"text\":\"The State&#39;s &quot;word&quot;.\"},"
	        "{\"text\":\"A paragraph\\nwithout a break.\\n\"},"
	        "{\"text\":\"First.\\n\\n\\n\\nSecond.\"}]}",
	        texts, out, &err),
	    PX_REPLY_OK, "%s", err.message);
	cr_expect_str_eq(out[0], "The State’s “word”.");
	cr_expect_str_eq(out[1], "A paragraph without a break.");
	cr_expect_str_eq(out[2], "First.\n\nSecond.");
	free_out(out, 3);
}

Test(proto_deepl, check_usage)
{
	struct px_proto_ctx c = ctx_of(FREE_KEY);
	struct px_http_request req = {0};
	struct precis_error err;
	cr_assert_eq(P->build_check(&c, &req, &err), PRECIS_OK);
	cr_expect_str_eq(req.method, "GET");
	cr_expect_str_eq(req.url, "https://api-free.deepl.com/v2/usage");
	cr_expect_str_eq(header(&req, "Authorization"), "DeepL-Auth-Key " FREE_KEY);
	cr_expect_eq(req.secret_header, header_index(&req, "Authorization"));
	px_http_request_free(&req);

	struct px_http_reply r =
	    reply_of(200, "{\"character_count\":180118,\"character_limit\":500000}");
	char *report = NULL;
	cr_assert_eq(P->parse_check(&c, &r, &report, &err), PRECIS_OK, "%s", err.message);
	cr_expect(has(report, "180118 used of 500000"), "%s", report);
	cr_expect(has(report, "319882 left"), "%s", report);
	cr_expect(has(report, "free plan"), "%s", report);
	cr_expect_not(has(report, FREE_KEY));
	free(report);

	r = reply_of(200, "{\"character_count\":500000,\"character_limit\":500000}");
	cr_assert_eq(P->parse_check(&c, &r, &report, &err), PRECIS_OK);
	cr_expect(has(report, "used up"), "%s", report);
	free(report);

	r = reply_of(403, "{\"message\":\"Forbidden\"}");
	cr_expect_eq(P->parse_check(&c, &r, &report, &err), PRECIS_E_BACKEND);
	cr_expect_null(report);
	cr_expect(has(err.message, "DEEPL_AUTH_KEY"), "%s", err.message);

	r = reply_of(200, "{\"usage\":1}");
	cr_expect_eq(P->parse_check(&c, &r, &report, &err), PRECIS_E_BACKEND);
}
