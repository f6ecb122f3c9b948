/* HTTP requests and replies as plain data, so that protocols are pure
 * functions testable without a network (see protocol.h). Only transport.c
 * turns these into libcurl calls. */
#ifndef PX_HTTP_H
#define PX_HTTP_H

#include <stddef.h>

struct px_http_request {
	const char *method; /* "GET" or "POST" (static) */
	char *url;          /* malloc'd, complete (query string included) */
	char **headers;     /* malloc'd "Name: value" strings */
	size_t nheaders;
	char *body;         /* malloc'd or NULL */
	size_t body_len;
	int secret_header;  /* index+1 of a header never to log (Authorization), or 0 */
};

struct px_http_reply {
	long status;          /* HTTP status; 0 when the transport failed */
	const char *body;     /* NUL-terminated */
	size_t body_len;
	long retry_after_ms;  /* from Retry-After / retry-after-ms; -1 when absent */
	const char *trace_id; /* X-Trace-ID / x-request-id, or NULL */
	const char *transport_error; /* libcurl's message when status is 0 */
};

void px_http_request_free(struct px_http_request *req);
/* Appends a header (copied). */
void px_http_request_header(struct px_http_request *req, const char *name, const char *value);

#endif
