/* Reply cleaning, the same for every protocol: what users of other tools
 * complain about is fixed here once, on the way in.
 *
 *  - HTML entities (`&#39;`, `&quot;`) and mojibake are repaired
 *    (precis_repair_utf8), unless the source text itself holds an entity:
 *    then it was meant to be there;
 *  - paragraphs are kept one to one: a text sent without a newline comes
 *    back without one (line breaks become spaces); a text with paragraphs
 *    ("\n\n") gets its blank-line runs back as one blank line, a text with
 *    single line breaks gets single ones; white space around the reply is
 *    replaced by the source's own, so joined texts read as the source did;
 *  - quotation marks, apostrophes and the spaces around ; ! ? : follow the
 *    target language (precis_typography with ctx->target) when the backend
 *    found the target in its langset; without it this step is skipped.
 *
 * The backend calls px_proto_read() for every reply, never p->parse alone,
 * so the translation memory only ever stores cleaned text. */
#ifndef PX_CLEAN_H
#define PX_CLEAN_H

#include <stddef.h>

#include "net/protocol.h"

struct precis_lang;

/* Cleans *text (malloc'd, *len bytes), the translation of src; the string
 * may be replaced (the old one freed). target may be NULL. */
void px_clean_translation(const struct precis_lang *target, const char *src,
                          size_t src_len, char **text, size_t *len);

/* p->parse, then, on PX_REPLY_OK, every text cleaned against its source;
 * a text that comes back empty while its source is not makes the batch
 * SPLIT (one text: FAIL), since the translations are then out of step. On
 * anything but PX_REPLY_OK, out[] is all NULL. texts/lens are the batch
 * as sent to p->build. */
enum px_reply_class px_proto_read(const struct px_protocol *p,
                                  const struct px_proto_ctx *ctx,
                                  const struct px_http_reply *reply,
                                  const char *const *texts, const size_t *lens, size_t n,
                                  char **out, size_t *out_len, struct precis_error *err);

#endif
