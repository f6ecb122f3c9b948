/* HTTP requests as plain data (see http.h). */
#include "net/http.h"

#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

void px_http_request_free(struct px_http_request *req)
{
	if (!req)
		return;
	free(req->url);
	for (size_t i = 0; i < req->nheaders; i++)
		free(req->headers[i]);
	free(req->headers);
	free(req->body);
	req->url = NULL;
	req->headers = NULL;
	req->nheaders = 0;
	req->body = NULL;
	req->body_len = 0;
	req->secret_header = 0;
}

void px_http_request_header(struct px_http_request *req, const char *name,
                            const char *value)
{
	size_t nl = strlen(name), vl = strlen(value);
	char *h = px_xmalloc(nl + vl + 3);
	memcpy(h, name, nl);
	memcpy(h + nl, ": ", 2);
	memcpy(h + nl + 2, value, vl + 1);
	req->headers =
	    px_xrealloc(req->headers, (req->nheaders + 1) * sizeof *req->headers);
	req->headers[req->nheaders++] = h;
}
