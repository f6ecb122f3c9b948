/* The decode stage: charset (charset.c), then mojibake and entity repair
 * (mojibake.c, entities.c), each with its offset map, composed into one
 * map from the decoded text to the input bytes. */
#include "precis/decode.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/decode_int.h"
#include "core/doc_int.h"
#include "core/utf8.h"
#include "util/mem.h"

static void leave_empty(struct precis_doc *doc)
{
	struct px_offmap m;
	px_offmap_init(&m, 0);
	px_doc_set_text(doc, px_xstrdup(""), 0, &m);
	doc->src_len = 0;
	doc->repairs = 0;
}

/* Runs the repair over d's text and folds its map into d's. */
static void repair_decoded(struct px_decoded *d)
{
	char *text;
	size_t len;
	struct px_offmap rmap;
	size_t n = px_mojibake_repair(d->text, d->len, 1, &text, &len, &rmap);
	if (!n)
		return;
	struct px_offmap both;
	px_offmap_compose(&rmap, &d->map, &both);
	px_offmap_free(&rmap);
	px_offmap_move(&d->map, &both);
	free(d->text);
	d->text = text;
	d->len = len;
	d->repairs += n;
}

enum precis_status precis_decode(struct precis_doc *doc, const void *bytes, size_t len,
                                 const struct precis_decode_opts *opts,
                                 struct precis_error *err)
{
	const char *name = precis_doc_name(doc);
	if (len > PRECIS_MAX_INPUT) {
		leave_empty(doc);
		return precis_error_set(err, PRECIS_E_INPUT, name,
		                        "'%s' is too large (%zu bytes; the limit is %zu); "
		                        "split it into smaller files",
		                        name, len, (size_t)PRECIS_MAX_INPUT);
	}
	const char *enc = opts ? opts->encoding : NULL;
	if (enc && strcasecmp(enc, "auto") == 0)
		enc = NULL;
	struct px_decoded d;
	enum precis_status st = px_charset_decode(bytes ? bytes : (const void *)"", len, enc,
	                                          name, &d, err);
	if (st != PRECIS_OK) {
		leave_empty(doc);
		return st;
	}
	if (!(opts && opts->no_repair))
		repair_decoded(&d);
	doc->src_len = len;
	snprintf(doc->encoding, sizeof doc->encoding, "%s", d.encoding);
	doc->repairs = d.repairs;
	px_doc_set_text(doc, d.text, d.len, &d.map);
	return PRECIS_OK;
}

size_t precis_repair_utf8(const char *text, size_t len, char **out, size_t *out_len)
{
	struct px_decoded d;
	memset(&d, 0, sizeof d);
	size_t fixed = 0;
	const char *src = text;
	if (px_utf8_valid_prefix(text, len) != len) {
		fixed = px_charset_mixed((const unsigned char *)text, len, &d);
		src = d.text;
		len = d.len;
	}
	char *res;
	size_t res_len;
	size_t n = px_mojibake_repair(src, len, 1, &res, &res_len, NULL);
	if (!n) {
		res = px_xmalloc(len + 1);
		memcpy(res, src, len);
		res[len] = '\0';
		res_len = len;
	}
	px_decoded_free(&d);
	*out = res;
	if (out_len)
		*out_len = res_len;
	return fixed + n;
}
