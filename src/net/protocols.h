/* The protocol tables, one per proto_<name>.c, listed by registry.c. */
#ifndef PX_PROTOCOLS_H
#define PX_PROTOCOLS_H

#include "net/protocol.h"

extern const struct px_protocol px_proto_none;
extern const struct px_protocol px_proto_deepl;
extern const struct px_protocol px_proto_libretranslate;
extern const struct px_protocol px_proto_openai;
extern const struct px_protocol px_proto_apertium;

#endif
