/* STUB: replaced by the real typography pass. */
#include "precis/normalize.h"
#include "util/mem.h"
enum precis_status precis_typography(const struct precis_lang *lang, const char *text, size_t len,
                                     char **out, size_t *out_len, struct precis_error *err)
{
	(void)lang; (void)err;
	*out = px_xstrndup(text, len);
	if (out_len) *out_len = len;
	return PRECIS_OK;
}
