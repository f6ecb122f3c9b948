/* A protocol is a const table of pure functions (curl's vtls idea): build
 * an HTTP request from a batch of texts, and read a reply into texts or an
 * error class. No I/O here: the transport sends, the backend batches,
 * retries and caches. Each protocol lives in its own proto_<name>.c and is
 * listed once in registry.c. */
#ifndef PX_PROTOCOL_H
#define PX_PROTOCOL_H

#include <stddef.h>

#include "precis/error.h"
#include "net/http.h"

/* What to do with a reply. */
enum px_reply_class {
	PX_REPLY_OK,    /* texts filled, one per text sent, in order */
	PX_REPLY_RETRY, /* try the same request again later (429, 5xx, timeout) */
	PX_REPLY_SPLIT, /* send the batch again in halves (413, cut or short reply) */
	PX_REPLY_FAIL,  /* this batch failed for good; the run goes on */
	PX_REPLY_FATAL, /* stop the run (bad key, quota, unknown model) */
	/* The server refused an optional feature of the request (openai: a
	 * json_schema response format, temperature 0, seed): parse has set a
	 * bit in *ctx->compat; build the same batch again and resend it at
	 * once (not a retry: no backoff). A batch is downgraded at most
	 * PX_DOWNGRADE_MAX times, then it counts as FAIL (a server that
	 * refuses everything must not loop). */
	PX_REPLY_DOWNGRADE,
};

#define PX_DOWNGRADE_MAX 4

struct precis_lang;

/* Everything a protocol needs to know besides the texts. */
struct px_proto_ctx {
	const char *base_url; /* as the user gave it, or the default */
	const char *api_key;  /* may be NULL */
	const char *model;    /* may be NULL */
	const char *from;     /* "fr", "en", or NULL for auto */
	const char *to;       /* "fr", "en", "en-GB", "en-US" */
	const char *context;  /* may be NULL */
	const char *formality;
	/* The langset's languages for `from` and `to` (looked up by the code
	 * before any "-": "en-US" is "en"), or NULL when it has none. Prompt
	 * wording (names), lang meta (iso639_3 for Apertium) and the reply
	 * cleaning (target's typography, see clean.h) read them. */
	const struct precis_lang *source;
	const struct precis_lang *target;
	/* Backend-owned, one word for the whole run, starting at 0 (may be
	 * NULL: no downgrades). What the server was found to lack; parse sets
	 * bits (meaning private to the protocol) before returning
	 * PX_REPLY_DOWNGRADE, build reads them. The only thing parse writes. */
	unsigned *compat;
};

struct px_protocol {
	const char *name;
	const char *about;          /* one line for `precis backends` */
	int translates;             /* 0 for "none" */
	size_t max_texts;           /* texts per request (1: one at a time) */
	size_t max_body;            /* bytes of text (the sum of the texts' lengths)
	                             * per request, 0: no limit; set with headroom
	                             * under the API's body limit for the framing */
	const char *key_env[3];     /* variables holding the key, in order; NULL-ended */
	const char *url_env;        /* variable holding the base URL, or NULL */
	const char *default_url;    /* or NULL when it must be given */
	int key_required;           /* 0: optional (self-hosted servers; build may
	                             * still refuse, e.g. openai on api.openai.com) */
	int model_required;
	/* Builds the request for n texts. */
	enum precis_status (*build)(const struct px_proto_ctx *ctx, const char *const *texts,
	                            const size_t *lens, size_t n, struct px_http_request *req,
	                            struct precis_error *err);
	/* Reads a reply to a request of n texts: on PX_REPLY_OK out[i] are
	 * malloc'd texts (lens in out_len); otherwise err says why (naming the
	 * backend, the status and the provider's own message, and what to do).
	 * SPLIT only when n > 1 (one text that cannot be read is FAIL). The
	 * texts are the provider's, uncleaned: the backend calls px_proto_read()
	 * (clean.h), which calls this and cleans them. */
	enum px_reply_class (*parse)(const struct px_proto_ctx *ctx,
	                             const struct px_http_reply *reply, size_t n, char **out,
	                             size_t *out_len, struct precis_error *err);
	/* Optional: a request that checks the key and quota, and its reader
	 * (a malloc'd report). NULL when the API has none. */
	enum precis_status (*build_check)(const struct px_proto_ctx *ctx,
	                                  struct px_http_request *req, struct precis_error *err);
	enum precis_status (*parse_check)(const struct px_proto_ctx *ctx,
	                                  const struct px_http_reply *reply, char **report,
	                                  struct precis_error *err);
	/* The API takes no context: texts of different contexts go in one
	 * batch, and the context stays out of the memory's key. */
	int ignores_context;
};

/* registry.c */
const struct px_protocol *px_protocol_find(const char *name);
size_t px_protocol_count(void);
const struct px_protocol *px_protocol_at(size_t i);

#endif
