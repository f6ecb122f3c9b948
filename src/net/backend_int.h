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

/* Whether b only counts (opts.dry_run): the report says so to its user. */
int px_backend_dry_run(const struct precis_backend *b);

#endif
