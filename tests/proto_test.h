/* Helpers for the protocol tests (tests/test_proto_*.c): canned replies in,
 * requests and cleaned texts out, no network. */
#ifndef PROTO_TEST_H
#define PROTO_TEST_H

#include <criterion/criterion.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "net/clean.h"
#include "net/protocols.h"
#include "precis/precis.h"

static struct precis_langset *langs;

static inline void langs_load(void)
{
	struct precis_error err;
	cr_assert_eq(precis_langset_load(NULL, &langs, &err), PRECIS_OK, "%s",
	             err.message);
}

static inline void langs_free(void)
{
	precis_langset_free(langs);
	langs = NULL;
}

static inline const struct precis_lang *lang(const char *code)
{
	const struct precis_lang *l = precis_langset_find(langs, code);
	cr_assert_not_null(l, "no language %s", code);
	return l;
}

static inline struct px_http_reply reply_of(long status, const char *body)
{
	struct px_http_reply r;
	memset(&r, 0, sizeof r);
	r.status = status;
	r.body = body;
	r.body_len = strlen(body);
	r.retry_after_ms = -1;
	return r;
}

/* The value of header `name`, or NULL. */
static inline const char *header(const struct px_http_request *req, const char *name)
{
	size_t n = strlen(name);
	for (size_t i = 0; i < req->nheaders; i++)
		if (strncasecmp(req->headers[i], name, n) == 0 &&
		    req->headers[i][n] == ':')
			return req->headers[i] + n + 2;
	return NULL;
}

/* Index+1 of header `name`, or 0. */
static inline int header_index(const struct px_http_request *req, const char *name)
{
	size_t n = strlen(name);
	for (size_t i = 0; i < req->nheaders; i++)
		if (strncasecmp(req->headers[i], name, n) == 0 &&
		    req->headers[i][n] == ':')
			return (int)i + 1;
	return 0;
}

static inline json_t *body_json(const struct px_http_request *req)
{
	cr_assert_not_null(req->body);
	cr_assert_eq(strlen(req->body), req->body_len);
	json_error_t e;
	json_t *j = json_loadb(req->body, req->body_len, 0, &e);
	cr_assert_not_null(j, "body is not JSON: %s: %s", e.text, req->body);
	return j;
}

static inline const char *jstr(json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

/* Builds a request for the NULL-ended texts; asserts it succeeds. */
static inline void build_ok(const struct px_protocol *p, const struct px_proto_ctx *ctx,
                            const char *const *texts, struct px_http_request *req)
{
	size_t n = 0, lens[64];
	while (texts[n]) {
		lens[n] = strlen(texts[n]);
		n++;
	}
	memset(req, 0, sizeof *req);
	struct precis_error err;
	precis_error_clear(&err);
	cr_assert_eq(p->build(ctx, texts, lens, n, req, &err), PRECIS_OK, "%s",
	             err.message);
	cr_assert_not_null(req->url);
	cr_assert_not_null(req->method);
}

/* Reads a canned reply to the NULL-ended texts through px_proto_read. */
static inline enum px_reply_class read_reply(const struct px_protocol *p,
                                             const struct px_proto_ctx *ctx, long status,
                                             const char *body, const char *const *texts,
                                             char **out, struct precis_error *err)
{
	size_t n = 0, lens[64], out_len[64];
	while (texts[n]) {
		lens[n] = strlen(texts[n]);
		n++;
	}
	struct px_http_reply r = reply_of(status, body);
	precis_error_clear(err);
	enum px_reply_class cls =
	    px_proto_read(p, ctx, &r, texts, lens, n, out, out_len, err);
	for (size_t i = 0; i < n; i++) {
		if (cls == PX_REPLY_OK) {
			cr_assert_not_null(out[i]);
			cr_assert_eq(strlen(out[i]), out_len[i]);
		} else {
			cr_assert_null(out[i]);
		}
	}
	if (cls != PX_REPLY_OK) {
		cr_assert_neq(err->message[0], '\0', "no message for a failed reply");
		cr_assert(strstr(err->message, p->name),
		          "the message does not name %s: %s", p->name, err->message);
		if (ctx->api_key && *ctx->api_key)
			cr_assert_null(strstr(err->message, ctx->api_key), "key in: %s",
			               err->message);
	}
	return cls;
}

static inline void free_out(char **out, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(out[i]);
		out[i] = NULL;
	}
}

/* The reply class and message for one failing canned reply to n texts. */
static inline enum px_reply_class fail_class(const struct px_protocol *p,
                                             const struct px_proto_ctx *ctx, long status,
                                             const char *body, size_t n,
                                             struct precis_error *err)
{
	static const char *const two[] = {"Premier texte.", "Second texte.", NULL};
	static const char *const one[] = {"Un seul texte.", NULL};
	char *out[2] = {NULL, NULL};
	enum px_reply_class cls =
	    read_reply(p, ctx, status, body, n > 1 ? two : one, out, err);
	free_out(out, 2);
	return cls;
}

static inline int has(const char *hay, const char *needle)
{
	return hay && strstr(hay, needle) != NULL;
}

#endif
