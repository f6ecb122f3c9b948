/* Internals of backend.c shared with tests. */
#ifndef PX_BACKEND_INT_H
#define PX_BACKEND_INT_H

#include "precis/backend.h"
#include "net/protocol.h"

/* precis_backend_new() with the protocol given rather than looked up by
 * name (tests drive the core with protocols of their own). */
enum precis_status px_backend_new_with(const struct px_protocol *proto,
                                       const struct precis_backend_opts *opts,
                                       struct precis_backend **out, struct precis_error *err);

/* For the other users of a backend's server (net/llm_summary.c): what a
 * translate run has, so that their requests share its transport (gate,
 * retries, Retry-After), its compat word and its stats, and their
 * messages are scrubbed of its key. Every pointer is the backend's. */
struct px_transport;
/* The backend's transport, started when first asked; NULL when libcurl
 * cannot start. */
struct px_transport *px_backend_transport(struct precis_backend *b);
const struct px_protocol *px_backend_protocol(const struct precis_backend *b);
/* The context for a request from `from` to `to` (borrowed: must outlive
 * ctx): base URL, key, model, formality, their langset languages, compat. */
void px_backend_proto_ctx(struct precis_backend *b, const char *from, const char *to,
                          struct px_proto_ctx *ctx);
/* The figures the caller adds its requests to. */
struct precis_backend_stats *px_backend_stats_ref(struct precis_backend *b);
int px_backend_retries(const struct precis_backend *b); /* tries after the first */
unsigned px_backend_jobs(const struct precis_backend *b);
/* Whether b only counts (opts.dry_run): the report says so to its user. */
int px_backend_dry_run(const struct precis_backend *b);
/* A line to the log callback ("openai: ..."), scrubbed of the key. */
void px_backend_log(struct precis_backend *b, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
/* Replaces the key with "***" in err's message and where. */
void px_backend_scrub_err(const struct precis_backend *b, struct precis_error *err);

#endif
