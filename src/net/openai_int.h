/* What proto_openai.c shares with the other users of an OpenAI-compatible
 * chat server (llm_summary.c): the address and the key, the injection
 * defence around untrusted data, the request options with the server's
 * compat downgrades (see the top of proto_openai.c), the error classes and
 * the reading of a reply's content. Pure functions, like the protocol. */
#ifndef PX_OPENAI_INT_H
#define PX_OPENAI_INT_H

#include <jansson.h>
#include <stddef.h>

#include "net/protocol.h"

struct px_buf;
struct precis_lang;

#define PX_OPENAI_NAME "openai"
#define PX_OPENAI_KEY_HINT "OPENAI_API_KEY"
#define PX_OPENAI_URL_HINT "--base-url or OPENAI_BASE_URL"
#define PX_OPENAI_MODEL_HINT "--model or PRECIS_MODEL"
#define PX_OPENAI_DATA_OPEN "<untrusted-data>"
#define PX_OPENAI_DATA_CLOSE "</untrusted-data>"

/* The base URL (ending in /v1), the user's or the default. Static or ctx
 * storage. */
const char *px_openai_base(const struct px_proto_ctx *ctx);

/* PRECIS_OK when a model is set and, on api.openai.com, a key; else
 * PRECIS_E_CONFIG with err naming the option or variable to set. */
enum precis_status px_openai_check(const struct px_proto_ctx *ctx,
                                   struct precis_error *err);

/* "français (fr)", or the code alone when the langset lacks it. */
void px_openai_lang_label(struct px_buf *b, const char *code,
                          const struct precis_lang *lang);

/* Appends the JSON text of the data block: a closing marker inside a
 * string is written with its '<' as \u003c, so it cannot end the block. */
void px_openai_add_data(struct px_buf *b, const char *json);

/* Fills req: POST {base}/chat/completions with the model, the messages,
 * temperature 0 and a seed, and a strict json_schema response format named
 * schema_name, each left out or downgraded as *ctx->compat says; the
 * Authorization header when there is a key. Takes the references of
 * messages and schema. */
void px_openai_request(const struct px_proto_ctx *ctx, json_t *messages,
                       const char *schema_name, json_t *schema,
                       struct px_http_request *req);

/* The class of a non-2xx reply to a request of n texts (err filled): a
 * refused option is DOWNGRADE (the bit set in *ctx->compat), a bad key,
 * quota or unknown model FATAL, 429/5xx RETRY. */
enum px_reply_class px_openai_error_class(const struct px_proto_ctx *ctx,
                                          const struct px_http_reply *reply, size_t n,
                                          struct precis_error *err);

/* Reads a reply up to the model's JSON: on PX_REPLY_OK *content is the
 * parsed content (the caller decrefs it). Otherwise *content is NULL, err
 * says why, and *bad_content is 1 when the HTTP exchange went well but the
 * model's answer cannot be used (refused, cut off, empty, not JSON): the
 * class is then px_split_or_fail(n). */
enum px_reply_class px_openai_content(const struct px_proto_ctx *ctx,
                                      const struct px_http_reply *reply, size_t n,
                                      json_t **content, int *bad_content,
                                      struct precis_error *err);

#endif
