/* Reply cleaning shared by every protocol: entities, paragraphs one to one,
 * the target's typography; and px_proto_read around a parser. */
#include "proto_test.h"

#include "net/proto_util.h"

TestSuite(proto_clean, .init = langs_load, .fini = langs_free);

static char *clean(const char *target, const char *src, const char *reply)
{
	size_t len = strlen(reply);
	char *t = strdup(reply);
	px_clean_translation(target ? lang(target) : NULL, src, strlen(src), &t, &len);
	cr_assert_eq(strlen(t), len);
	return t;
}

static void expect(const char *target, const char *src, const char *reply,
                   const char *want)
{
	char *got = clean(target, src, reply);
	cr_expect_str_eq(got, want, "[%s] src '%s' reply '%s'", target ? target : "-",
	                 src, reply);
	free(got);
}

Test(proto_clean, entities)
{
	expect(NULL, "C'est l'été.", "It&#39;s summer.", "It's summer.");
	expect(NULL, "x", "Fish &amp; chips &quot;here&quot;", "Fish & chips \"here\"");
	expect(NULL, "x", "caf&eacute; &#x2019;", "café ’");
	/* no ';', no entity */
	expect(NULL, "x", "AT&T and R&D", "AT&T and R&D");
	/* the source holds an entity: it was meant, and stays */
	expect(NULL, "Écrivez &amp; dans l'URL.", "Write &amp; in the URL.",
	       "Write &amp; in the URL.");
	/* mojibake */
	expect(NULL, "x", "Ã©tÃ© Ã  Paris", "été à Paris");
}

Test(proto_clean, paragraphs)
{
	/* a text without a line break comes back without one */
	expect(NULL, "Une phrase. Une autre.", "A sentence.\nAnother.",
	       "A sentence. Another.");
	expect(NULL, "Une phrase.", "\n\nA sentence.\n\n", "A sentence.");
	expect(NULL, "Une phrase.", "A sentence.\r\n\r\nAnother.",
	       "A sentence. Another.");
	/* blank lines: one blank line, as many paragraphs as written */
	expect(NULL, "Un.\n\nDeux.", "One.\n\n\n\nTwo.", "One.\n\nTwo.");
	expect(NULL, "Un.\n\nDeux.", "One.\n \n\t\nTwo.\n\n", "One.\n\nTwo.");
	expect(NULL, "Un.\n\nDeux.", "One.\r\n\r\nTwo.", "One.\n\nTwo.");
	/* single breaks (list items) stay single */
	expect(NULL, "- un\n- deux", "- one\n\n- two", "- one\n- two");
	expect(NULL, "- un\n- deux", "- one\n- two", "- one\n- two");
	/* the source's white space around the text comes back */
	expect(NULL, "Un.\n", "One.", "One.\n");
	expect(NULL, "  Un.\n\n", "\nOne.  ", "  One.\n\n");
	/* spaces inside a line are left alone */
	expect(NULL, "a  b", "a  b", "a  b");
	/* an empty source gives what it was */
	expect(NULL, "", "", "");
}

Test(proto_clean, typography)
{
	expect("en", "x", "He said \"yes\" and it's done.",
	       "He said “yes” and it’s done.");
	expect("en", "x", "He said « yes ».", "He said “yes”.");
	expect("fr", "x", "Il a dit \"oui\" : c'est fait !",
	       "Il a dit «\xC2\xA0oui\xC2\xA0»\xC2\xA0: c’est fait\xE2\x80\xAF!");
	/* typography sees the paragraph, not the source's white space */
	expect("en", "Un.\n\n", "\"One.\"", "“One.”\n\n");
	expect("en", "Un.\n\nDeux.", "\"One.\"\n\n\n\"Two.\"", "“One.”\n\n“Two.”");
	/* entities, then typography */
	expect("en", "x", "&quot;Yes,&quot; he said.", "“Yes,” he said.");
}

/* A parser that hands back whatever the test set (one text per line). */
static const char *canned;

static enum px_reply_class canned_parse(const struct px_proto_ctx *ctx,
                                        const struct px_http_reply *reply, size_t n,
                                        char **out, size_t *out_len,
                                        struct precis_error *err)
{
	(void)ctx, (void)reply, (void)err;
	const char *p = canned;
	for (size_t i = 0; i < n; i++) {
		const char *e = strchr(p, '|');
		size_t l = e ? (size_t)(e - p) : strlen(p);
		if (i == 1 && !strcmp(canned, "unset|"))
			return PX_REPLY_OK; /* a buggy parser: out[1] left NULL */
		out[i] = strndup(p, l);
		out_len[i] = l;
		p = e ? e + 1 : p + l;
	}
	if (!strcmp(canned, "retry|"))
		return PX_REPLY_RETRY; /* after filling: px_proto_read frees */
	return PX_REPLY_OK;
}

static const struct px_protocol canned_proto = {
    .name = "canned", .translates = 1, .max_texts = 10, .parse = canned_parse};

static enum px_reply_class run(const char *reply, const char *const *texts, size_t n,
                               char **out, struct precis_error *err)
{
	canned = reply;
	struct px_proto_ctx c = {0};
	c.target = lang("en");
	size_t lens[8], out_len[8];
	for (size_t i = 0; i < n; i++)
		lens[i] = strlen(texts[i]);
	struct px_http_reply r = reply_of(200, "");
	precis_error_clear(err);
	return px_proto_read(&canned_proto, &c, &r, texts, lens, n, out, out_len, err);
}

Test(proto_clean, read_cleans_every_text)
{
	const char *texts[] = {"Un.", "Deux."};
	char *out[2];
	struct precis_error err;
	cr_assert_eq(run("It&#39;s one.\n|\"Two.\"", texts, 2, out, &err), PX_REPLY_OK);
	cr_expect_str_eq(out[0], "It’s one.");
	cr_expect_str_eq(out[1], "“Two.”");
	free_out(out, 2);
}

Test(proto_clean, empty_translation_splits)
{
	const char *texts[] = {"Un.", "Deux."};
	char *out[2];
	struct precis_error err;
	cr_expect_eq(run("One. Two.| \n", texts, 2, out, &err), PX_REPLY_SPLIT);
	cr_expect_null(out[0]);
	cr_expect_null(out[1]);
	cr_expect(has(err.message, "text 2 of 2 came back empty"), "%s", err.message);
	cr_expect_eq(run("", texts, 1, out, &err), PX_REPLY_FAIL);
	/* an empty source may come back empty */
	const char *blank[] = {"  "};
	cr_expect_eq(run("", blank, 1, out, &err), PX_REPLY_OK);
	cr_expect_str_eq(out[0], "  ");
	free_out(out, 1);
}

Test(proto_clean, failures_leave_nothing)
{
	const char *texts[] = {"Un.", "Deux."};
	char *out[2];
	struct precis_error err;
	cr_expect_eq(run("retry|", texts, 2, out, &err), PX_REPLY_RETRY);
	cr_expect_null(out[0]);
	cr_expect_null(out[1]);
	cr_expect_eq(run("unset|", texts, 2, out, &err), PX_REPLY_FAIL);
	cr_expect_null(out[0]);
	cr_expect_eq(err.status, PRECIS_E_INTERNAL);
}

Test(proto_clean, none_never_translates)
{
	const struct px_protocol *p = &px_proto_none;
	cr_expect_str_eq(p->name, "none");
	cr_expect_eq(p->translates, 0);
	struct px_proto_ctx c = {0};
	struct px_http_request req = {0};
	struct precis_error err;
	const char *t[] = {"x"};
	size_t l[] = {1};
	cr_expect_neq(p->build(&c, t, l, 1, &req, &err), PRECIS_OK);
	cr_expect(has(err.message, "does not translate"), "%s", err.message);
	char *out[1];
	size_t ol[1];
	struct px_http_reply r = reply_of(200, "{}");
	cr_expect_eq(px_proto_read(p, &c, &r, t, l, 1, out, ol, &err), PX_REPLY_FATAL);
}

Test(proto_clean, messages)
{
	char out[64];
	struct px_http_reply r =
	    reply_of(500, "<html><head><title>500 Internal\nServer Error"
	                  "</title></head></html>");
	px_reply_message(&r, NULL, NULL, out, sizeof out);
	cr_expect_str_eq(out, "500 Internal Server Error");
	/* cut on a character boundary */
	char small[12];
	px_excerpt("ééééééééé", strlen("ééééééééé"), NULL, small, sizeof small);
	cr_expect_str_eq(small, "éééé...");
	/* the key and masked keys go */
	px_excerpt("bad key s3cr3t-k3y and sk-ab****yz!", 35, "s3cr3t-k3y", out,
	           sizeof out);
	cr_expect_str_eq(out, "bad key *** and ***");
	/* invalid UTF-8 and controls */
	px_excerpt("a\x01\xff"
	           "b\n\nc",
	           7, NULL, out, sizeof out);
	cr_expect_str_eq(out, "a ?b c");
	/* a key split by bytes that are dropped is not joined again */
	px_excerpt("s3cr\xff\xfet-k3y", 12, "s3cr3t-k3y", out, sizeof out);
	cr_expect_null(strstr(out, "s3cr3t-k3y"), "%s", out);
}

Test(proto_clean, urls)
{
	char host[64];
	px_url_host("https://user:pw@API.OpenAI.com:443/v1", host, sizeof host);
	cr_expect_str_eq(host, "api.openai.com");
	px_url_host("http://[::1]:8080/v1", host, sizeof host);
	cr_expect_str_eq(host, "[::1]");
	char *u = px_url_join("http://h/lt///", "/translate");
	cr_expect_str_eq(u, "http://h/lt/translate");
	free(u);
	cr_expect(px_contains_word_ci("'seed' is extra", "SEED"));
	cr_expect_not(px_contains_word_ci("exceeds", "seed"));
	cr_expect_not(px_contains_word_ci("seeds", "seed"));
}
