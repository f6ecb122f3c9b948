/* STUB: replaced by the real detector. */
#include "precis/detect.h"
#include <stdlib.h>
#include "core/doc_int.h"
#include "util/mem.h"
struct precis_detector { int dummy; };
enum precis_status precis_detector_new(const struct precis_langset *set, struct precis_detector **out, struct precis_error *err)
{
	(void)set; (void)err;
	*out = px_xcalloc(1, sizeof **out);
	return PRECIS_OK;
}
void precis_detector_free(struct precis_detector *det) { free(det); }
const char *precis_detect_text(struct precis_detector *det, const char *text, size_t len, double *confidence)
{
	(void)det; (void)text; (void)len;
	if (confidence) *confidence = 0;
	return "und";
}
enum precis_status precis_detect(struct precis_detector *det, struct precis_doc *doc, const char *force_lang, struct precis_error *err)
{
	(void)det; (void)err;
	doc->lang = force_lang ? force_lang : "und";
	return PRECIS_OK;
}
