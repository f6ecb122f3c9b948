/* STUB: replaced by the quote extractor (issue #3). Finds nothing. */
#include "precis/quotes.h"

#include "core/doc_int.h"

enum precis_status precis_quotes(struct precis_doc *doc, const struct precis_langset *set,
                                 struct precis_error *err)
{
	(void)set;
	(void)err;
	px_doc_clear_quotes(doc);
	return PRECIS_OK;
}
