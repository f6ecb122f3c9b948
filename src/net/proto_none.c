/* "none": the embedded default. It translates nothing, so summaries stay
 * extractive and precis works offline; the backend never calls build or
 * parse (translates = 0), which say so if it ever does. */
#include "net/protocols.h"

static enum precis_status build(const struct px_proto_ctx *ctx, const char *const *texts,
                                const size_t *lens, size_t n, struct px_http_request *req,
                                struct precis_error *err)
{
	(void)ctx, (void)texts, (void)lens, (void)n, (void)req;
	return precis_error_set(err, PRECIS_E_CONFIG, "none",
	                        "backend 'none' does not translate: pick one with -b "
	                        "(see `precis backends`)");
}

static enum px_reply_class parse(const struct px_proto_ctx *ctx,
                                 const struct px_http_reply *reply, size_t n, char **out,
                                 size_t *out_len, struct precis_error *err)
{
	(void)ctx, (void)reply, (void)n, (void)out, (void)out_len;
	precis_error_set(
	    err, PRECIS_E_INTERNAL, "none",
	    "backend 'none' got a reply it never asked for: please report it");
	return PX_REPLY_FATAL;
}

const struct px_protocol px_proto_none = {
	.name = "none",
	.about = "no translation: extractive summaries only, works offline (the default)",
	.translates = 0,
	.max_texts = 0,
	.max_body = 0,
	.key_env = {NULL},
	.url_env = NULL,
	.default_url = NULL,
	.key_required = 0,
	.model_required = 0,
	.build = build,
	.parse = parse,
	.build_check = NULL,
	.parse_check = NULL,
};
