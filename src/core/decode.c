/* STUB: replaced by the real decoder. */
#include "precis/decode.h"
#include <stdlib.h>
#include <string.h>
#include "core/doc_int.h"
#include "util/mem.h"
enum precis_status precis_decode(struct precis_doc *doc, const void *bytes, size_t len,
                                 const struct precis_decode_opts *opts, struct precis_error *err)
{
	(void)opts; (void)err;
	struct px_offmap m;
	px_offmap_identity(&m, len);
	doc->src_len = len;
	px_doc_set_text(doc, px_xstrndup(bytes, len), len, &m);
	return PRECIS_OK;
}
size_t precis_repair_utf8(const char *text, size_t len, char **out, size_t *out_len)
{
	*out = px_xstrndup(text, len);
	if (out_len) *out_len = len;
	return 0;
}
