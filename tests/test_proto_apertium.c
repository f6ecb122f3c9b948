/* The Apertium APy protocol: one text a request, codes in ISO 639-3. */
#include "proto_test.h"

#define P (&px_proto_apertium)

TestSuite(proto_apertium, .init = langs_load, .fini = langs_free);

static struct px_proto_ctx ctx_of(void)
{
	struct px_proto_ctx c = {0};
	c.base_url = "http://127.0.0.1:2737";
	c.from = "fr";
	c.to = "es";
	return c;
}

Test(proto_apertium, table)
{
	cr_expect_str_eq(P->name, "apertium");
	cr_expect_eq(P->max_texts, 1);
	cr_expect_eq(P->key_required, 0);
	cr_expect_null(P->key_env[0]);
	cr_expect_not_null(P->default_url);
}

Test(proto_apertium, request)
{
	struct px_proto_ctx c = ctx_of();
	c.base_url = "http://translate.example/apy/";
	c.source = lang("fr");
	const char *texts[] = {"L'été « chaud » & 100 % sûr ?", NULL};
	struct px_http_request req;
	build_ok(P, &c, texts, &req);
	cr_expect_str_eq(req.method, "GET");
	cr_expect_str_eq(req.url,
	                 "http://translate.example/apy/translate?langpair=fra%7Cspa"
	                 "&markUnknown=no&q=L%27%C3%A9t%C3%A9%20%C2%AB%20chaud%20%C2%BB"
	                 "%20%26%20100%20%25%20s%C3%BBr%20%3F");
	cr_expect_null(req.body);
	cr_expect_null(header(&req, "Authorization"));
	px_http_request_free(&req);
}

Test(proto_apertium, codes)
{
	static const struct {
		const char *from, *to;
		int with_langs;
		const char *pair;
	} cases[] = {
	    {"fr", "es", 1, "fra%7Cspa"}, {"fr", "es", 0, "fra%7Cspa"},
	    {"es", "fr", 1, "spa%7Cfra"}, {"en-GB", "ca", 1, "eng%7Ccat"},
	    {"fr", "oc", 0, "fra%7Coci"}, {"xx", "yy", 0, "xx%7Cyy"},
	};
	const char *texts[] = {"x", NULL};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct px_proto_ctx c = ctx_of();
		c.from = cases[i].from;
		c.to = cases[i].to;
		if (cases[i].with_langs) {
			char base[8];
			snprintf(base, sizeof base, "%.2s", c.from);
			c.source = precis_langset_find(langs, base);
			snprintf(base, sizeof base, "%.2s", c.to);
			c.target = precis_langset_find(langs, base);
		}
		struct px_http_request req;
		build_ok(P, &c, texts, &req);
		cr_expect(has(req.url, cases[i].pair), "case %zu: %s", i, req.url);
		px_http_request_free(&req);
	}
}

Test(proto_apertium, meta_code_is_read)
{
	/* the code comes from lang/<code>/meta.txt when the langset has it */
	cr_expect_str_eq(precis_lang_meta(lang("fr"), "iso639_3"), "fra");
	cr_expect_str_eq(precis_lang_meta(lang("en"), "iso639_3"), "eng");
}

Test(proto_apertium, long_text_posted)
{
	struct px_proto_ctx c = ctx_of();
	size_t n = 9000;
	char *big = malloc(n + 1);
	for (size_t i = 0; i < n; i++)
		big[i] = i % 7 == 6 ? ' ' : 'a';
	big[n] = '\0';
	const char *texts[] = {big, NULL};
	struct px_http_request req;
	build_ok(P, &c, texts, &req);
	cr_expect_str_eq(req.method, "POST");
	cr_expect_str_eq(req.url, "http://127.0.0.1:2737/translate");
	cr_expect_str_eq(header(&req, "Content-Type"),
	                 "application/x-www-form-urlencoded");
	cr_assert_not_null(req.body);
	cr_expect(
	    !strncmp(req.body, "langpair=fra%7Cspa&markUnknown=no&q=aaaaaa%20a", 46),
	    "%.60s", req.body);
	cr_expect_eq(strlen(req.body), req.body_len);
	px_http_request_free(&req);
	free(big);
}

Test(proto_apertium, refusals)
{
	struct px_http_request req = {0};
	struct precis_error err;
	const char *two[] = {"a", "b"};
	size_t lens[] = {1, 1};
	struct px_proto_ctx c = ctx_of();
	cr_expect_eq(P->build(&c, two, lens, 2, &req, &err), PRECIS_E_INTERNAL);
	px_http_request_free(&req);
	c.from = NULL;
	cr_expect_eq(P->build(&c, two, lens, 1, &req, &err), PRECIS_E_USAGE);
	cr_expect(has(err.message, "--from"), "%s", err.message);
	px_http_request_free(&req);
	c.from = "auto";
	cr_expect_eq(P->build(&c, two, lens, 1, &req, &err), PRECIS_E_USAGE);
	px_http_request_free(&req);
}

Test(proto_apertium, reply)
{
	struct px_proto_ctx c = ctx_of();
	const char *texts[] = {"Le maire a parlé.", NULL};
	char *out[1] = {0};
	struct precis_error err;
	cr_assert_eq(
	    read_reply(
	        P, &c, 200,
	        "{\"responseData\":{\"translatedText\":\"El alcalde ha hablado.\"},"
	        "\"responseDetails\":null,\"responseStatus\":200}",
	        texts, out, &err),
	    PX_REPLY_OK, "%s", err.message);
	cr_expect_str_eq(out[0], "El alcalde ha hablado.");
	free_out(out, 1);
}

Test(proto_apertium, errors)
{
	static const struct {
		long status;
		const char *body;
		enum px_reply_class cls;
		const char *says[3];
	} cases[] = {
	    {400,
	     "{\"status\":\"error\",\"code\":400,\"message\":\"Bad "
	     "Request\",\"explanation\":"
	     "\"That pair is not installed\"}",
	     PX_REPLY_FATAL,
	     {"That pair is not installed", "fra|spa", "/listPairs"}},
	    {400,
	     "{\"status\":\"error\",\"code\":400,\"message\":\"Bad "
	     "Request\",\"explanation\":"
	     "\"That pair is invalid, use e.g. eng|spa\"}",
	     PX_REPLY_FATAL,
	     {"HTTP 400", "pair is invalid", NULL}},
	    {400,
	     "{\"status\":\"error\",\"code\":400,\"message\":\"Bad "
	     "Request\",\"explanation\":"
	     "\"Missing argument q\"}",
	     PX_REPLY_FAIL,
	     {"Missing argument q", NULL, NULL}},
	    /* an error carried in a 200 */
	    {200,
	     "{\"status\":\"error\",\"code\":400,\"message\":\"Bad "
	     "Request\",\"explanation\":"
	     "\"That pair is not installed\"}",
	     PX_REPLY_FATAL,
	     {"HTTP 400", "listPairs", NULL}},
	    {503,
	     "{\"status\":\"error\",\"code\":503,\"message\":\"Service Unavailable\","
	     "\"explanation\":\"internal error\"}",
	     PX_REPLY_RETRY,
	     {"HTTP 503", "internal error", NULL}},
	    {500, "", PX_REPLY_RETRY, {"HTTP 500", NULL, NULL}},
	    {404,
	     "{\"status\":\"error\",\"code\":404,\"message\":\"Not "
	     "Found\",\"explanation\":"
	     "\"Not Found\"}",
	     PX_REPLY_FATAL,
	     {"APERTIUM_URL", NULL, NULL}},
	    {200,
	     "{\"responseData\":{},\"responseStatus\":200}",
	     PX_REPLY_FAIL,
	     {"translatedText", NULL, NULL}},
	    {200, "{\"responseData\":", PX_REPLY_RETRY, {"not JSON", NULL, NULL}},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct px_proto_ctx c = ctx_of();
		struct precis_error err;
		enum px_reply_class cls =
		    fail_class(P, &c, cases[i].status, cases[i].body, 1, &err);
		cr_expect_eq(cls, cases[i].cls, "case %zu: class %d: %s", i, cls,
		             err.message);
		for (size_t k = 0; k < 3 && cases[i].says[k]; k++)
			cr_expect(has(err.message, cases[i].says[k]),
			          "case %zu: no '%s' in: %s", i, cases[i].says[k],
			          err.message);
	}
}

Test(proto_apertium, check_pairs)
{
	struct px_proto_ctx c = ctx_of();
	struct px_http_request req = {0};
	struct precis_error err;
	cr_assert_eq(P->build_check(&c, &req, &err), PRECIS_OK);
	cr_expect_str_eq(req.method, "GET");
	cr_expect_str_eq(req.url, "http://127.0.0.1:2737/listPairs");
	px_http_request_free(&req);
	struct px_http_reply r = reply_of(
	    200,
	    "{\"responseData\":[{\"sourceLanguage\":\"fra\",\"targetLanguage\":\"spa\"},"
	    "{\"sourceLanguage\":\"spa\",\"targetLanguage\":\"fra\"}],"
	    "\"responseDetails\":null,\"responseStatus\":200}");
	char *report = NULL;
	cr_assert_eq(P->parse_check(&c, &r, &report, &err), PRECIS_OK, "%s", err.message);
	cr_expect(has(report, "2 pairs: fra|spa, spa|fra"), "%s", report);
	cr_expect(has(report, "fra|spa: installed"), "%s", report);
	free(report);
	c.to = "en";
	cr_assert_eq(P->parse_check(&c, &r, &report, &err), PRECIS_OK);
	cr_expect(has(report, "warning: fra|eng is not installed"), "%s", report);
	free(report);
}
