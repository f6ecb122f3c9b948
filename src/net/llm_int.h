/* Internals of the llm summary (llm.h): the requests it sends and the
 * reading of their replies (llm_prompt.c, llm_reply.c), apart from the run
 * that schedules them (llm_summary.c), so both can be tested without a
 * network. */
#ifndef PX_LLM_INT_H
#define PX_LLM_INT_H

#include <jansson.h>
#include <stddef.h>

#include "net/http.h"
#include "net/llm.h"
#include "net/protocol.h"

/* Article text per request, in bytes. About 6,000 tokens of French or
 * English: with the prompt, the quotes and a reply of a few hundred
 * tokens it fits the 8k context that small local models (Ollama's
 * defaults) still have, and it is a size every model summarizes without
 * dropping the middle. A longer article is cut into chunks of at most
 * this much at paragraph boundaries. */
#define PX_LLM_CHUNK_MAX 24000

/* Tries per request when the reply cannot be used (invalid, cut, refused):
 * the first and two more. */
#define PX_LLM_TRIES 3

enum px_llm_kind {
	PX_LLM_WHOLE,   /* the article in one request: the final object */
	PX_LLM_CHUNK,   /* part of a long article: its summary, source language */
	PX_LLM_COMBINE, /* the parts' summaries: the final object */
};

/* What one request asks (borrowed). */
struct px_llm_req {
	enum px_llm_kind kind;
	const struct px_llm_article *a;
	const char *text; /* the article, a chunk, or the chunk summaries */
	size_t len;
	size_t part, nparts; /* PX_LLM_CHUNK: part (from 1) of nparts */
};

/* The answer to a request (malloc'd strings; px_llm_out_free). A chunk
 * fills summary[0] only. */
struct px_llm_out {
	char **summary[2];
	size_t nsummary[2];
	char *title_tr;
	char **quote_tr; /* a->nquotes entries, or NULL when there are none */
};

/* Builds the request for q into req (emptied first). PRECIS_E_CONFIG when
 * the settings cannot work (no model, no key for api.openai.com),
 * PRECIS_E_INPUT when a text is not valid UTF-8; err says why. */
enum precis_status px_llm_build(const struct px_proto_ctx *ctx,
                                const struct px_llm_req *q, struct px_http_request *req,
                                struct precis_error *err);

/* The schema of the reply to a request of this kind (a new reference). */
json_t *px_llm_schema(enum px_llm_kind kind);

/* Reads the model's JSON content for q into out, cleaned (the target's
 * typography for translations, the source's for the summary). 0, or -1
 * with why[] saying what is wrong (out then empty). */
int px_llm_read(const struct px_proto_ctx *ctx, const struct px_llm_req *q,
                json_t *content, struct px_llm_out *out, char *why, size_t why_size);
void px_llm_out_free(struct px_llm_out *out, size_t nquotes);

/* Cuts text into chunks of at most max bytes at paragraph boundaries
 * ("\n\n"; a paragraph longer than max at a sentence end or a space),
 * of about equal size. Returns the count; (*start)[i], (*len)[i] (malloc'd
 * arrays) say where each lies in text. */
size_t px_llm_chunks(const char *text, size_t len, size_t max, size_t **start,
                     size_t **lens);

#endif
