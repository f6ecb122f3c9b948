/* Helpers the protocols share: URLs, JSON request bodies, reading the
 * provider's own message out of an error body, and error messages that name
 * the backend, the HTTP status and that message, say what to do, and never
 * hold the key. Pure functions, like the protocols. */
#ifndef PX_PROTO_UTIL_H
#define PX_PROTO_UTIL_H

#include <jansson.h>
#include <stddef.h>

#include "net/protocol.h"

struct px_buf;

/* Room for a provider's message quoted in an error (bytes, NUL included). */
#define PX_PROVIDER_MSG 320

/* base (trailing '/' dropped) followed by path ("/v2/translate"); malloc'd. */
char *px_url_join(const char *base, const char *path);
/* Appends s percent-encoded (all but RFC 3986 unreserved bytes). */
void px_url_encode(struct px_buf *b, const char *s, size_t len);
/* The host part of a URL ("api.openai.com"), into out; "" when none. */
void px_url_host(const char *url, char *out, size_t size);

/* Sets method and url (taken over) and a compact JSON body of root (the
 * reference is taken over too), with its Content-Type. */
void px_req_json(struct px_http_request *req, const char *method, char *url,
                 json_t *root);
/* Adds a header never to be logged (Authorization). */
void px_req_secret(struct px_http_request *req, const char *name, const char *value);

/* A JSON string of len bytes; NULL when they are not valid UTF-8. */
json_t *px_json_text(const char *s, size_t len);
/* A JSON array of the n texts; NULL (err filled, naming `backend` and the
 * text) when one is not valid UTF-8. */
json_t *px_json_texts(const char *backend, const char *const *texts, const size_t *lens,
                      size_t n, struct precis_error *err);
/* The reply body as JSON, or NULL. */
json_t *px_reply_json(const struct px_http_reply *reply);

/* The provider's own message: the first of `paths` (dotted: "error.message")
 * holding a string, or an object/array (compacted); failing that the
 * <title> of an HTML page or the start of the body. Control characters
 * become spaces, it is cut on a character boundary, and the key (when
 * given) and masked keys ("sk-...****...") are replaced with "***". */
void px_reply_message(const struct px_http_reply *reply, const char *const *paths,
                      const char *key, char *out, size_t size);

/* s as one line for a message, into out (size bytes): controls become
 * spaces, the key and masked keys "***", invalid UTF-8 a '?', and it
 * is cut on a character boundary with "..." when it does not fit. */
void px_excerpt(const char *s, size_t len, const char *key, char *out, size_t size);

/* Appends a string the server sent (a model name, a language code) to a
 * report, as px_excerpt makes it safe: one line, no key, 160 bytes at most. */
void px_buf_add_excerpt(struct px_buf *b, const char *s, const char *key);

/* Fills err (PRECIS_E_BACKEND; where = the base URL) with
 *   "<backend>: HTTP <status> (<provider message>): <advice>"
 * and returns cls, so parsers can `return px_reply_fail(...)`. */
enum px_reply_class px_reply_fail(enum px_reply_class cls, struct precis_error *err,
                                  const char *backend, const struct px_proto_ctx *ctx,
                                  const struct px_http_reply *reply, const char *msg,
                                  const char *advice, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 7, 8)))
#endif
    ;

/* The reply when the transport got no HTTP status (status 0): RETRY. */
enum px_reply_class px_reply_unreachable(struct precis_error *err, const char *backend,
                                         const struct px_proto_ctx *ctx,
                                         const struct px_http_reply *reply);

/* SPLIT when a batch of n can be halved, else FAIL. */
enum px_reply_class px_split_or_fail(size_t n);

/* Nonzero when hay holds needle, ASCII case ignored. */
int px_contains_ci(const char *hay, const char *needle);
/* Nonzero when hay holds needle as a whole word (ASCII letters, digits and
 * '_' around it do not count as boundaries), case ignored. */
int px_contains_word_ci(const char *hay, const char *needle);

/* The language code before any region, lowercased: "en-US" -> "en". */
void px_lang_base(const char *code, char *out, size_t size);

#endif
