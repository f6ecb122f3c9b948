/* The HTTP transport: one libcurl multi handle driven as an event loop.
 *
 * The caller submits requests with a completion callback, then runs the
 * loop until every request is done; callbacks may submit more (a retry, the
 * halves of a split batch, the next batch). Per host (scheme, name, port):
 * at most `jobs` requests in flight, and one backoff gate — when a reply
 * says to slow down (429, 503, a Retry-After), no request to that host
 * starts before the gate opens. Connections are reused and HTTP/2 is used
 * where the server offers it; TLS is always verified; proxies come from the
 * usual variables (http_proxy, https_proxy, no_proxy).
 *
 * Requests are borrowed: a request must stay valid until its callback has
 * run (or the transport was stopped). A reply is valid only during its
 * callback. Single-threaded: everything happens inside px_transport_run().
 *
 * PRECIS_BACKOFF_SCALE (a number, default 1) multiplies every wait, so that
 * tests can run backoffs in milliseconds. */
#ifndef PX_TRANSPORT_H
#define PX_TRANSPORT_H

#include <stddef.h>

#include "precis/backend.h"
#include "net/http.h"

struct px_transport;

struct px_transport_opts {
	unsigned jobs;      /* requests in flight per host; 0: 4 */
	double timeout;     /* seconds for one request, connect included; 0: 60 */
	size_t max_reply;   /* bytes of reply body kept; 0: 16 MiB */
	precis_log_fn log;  /* one line per request (-v); may be NULL */
	void *log_ctx;
};

/* Called once per submitted request, with its reply (status 0 and
 * transport_error set when no HTTP reply came; oversize nonzero when the
 * reply passed max_reply and was cut off). */
typedef void (*px_xfer_done_fn)(void *ctx, const struct px_http_reply *reply, int oversize);

struct px_transport *px_transport_new(const struct px_transport_opts *opts);
void px_transport_free(struct px_transport *t);

/* Queues req; it starts when its host has a free slot and an open gate.
 * `attempt` (0 for the first try) is only for the log line. */
void px_transport_submit(struct px_transport *t, const struct px_http_request *req,
                         unsigned attempt, px_xfer_done_fn done, void *ctx);

/* Queues req again for its try number `attempt` (1: the first retry) after
 * a backoff: the reply's Retry-After (up to 120 s) when it gives one, else
 * exponential with jitter. A reply telling to slow down (429, 503, a
 * Retry-After) also closes its host's gate for that long. Returns the wait
 * in milliseconds. */
long px_transport_retry(struct px_transport *t, const struct px_http_request *req,
                        unsigned attempt, const struct px_http_reply *reply,
                        px_xfer_done_fn done, void *ctx);

/* Runs until no request is queued or in flight, or px_transport_stop(). */
void px_transport_run(struct px_transport *t);

/* Drops every queued and in-flight request without calling their
 * callbacks; px_transport_run() returns as soon as the callback that
 * called this one does. */
void px_transport_stop(struct px_transport *t);

/* The exponential backoff before try `attempt` (1: first retry), in ms,
 * jitter and PRECIS_BACKOFF_SCALE included. */
long px_transport_backoff_ms(struct px_transport *t, unsigned attempt);

/* A Retry-After value (seconds, or an HTTP date) in ms from now; -1 when
 * it is neither. */
long px_transport_retry_after_ms(const char *value, size_t n);

/* Copies url into out (size n) for a log line: user:password and the
 * values of query parameters whose name holds "key", "token" or "auth"
 * masked, and a long query string cut. */
void px_transport_loggable_url(const char *url, char *out, size_t n);

#endif
