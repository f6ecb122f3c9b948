/* STUB: replaced by the real normalizer. */
#include "precis/normalize.h"
#include <string.h>
#include "core/doc_int.h"
enum precis_status precis_normalize(struct precis_doc *doc, struct precis_error *err)
{
	(void)err;
	px_doc_clear_paras(doc);
	size_t i = 0;
	while (i < doc->len) {
		while (i < doc->len && doc->text[i] == '\n') i++;
		if (i >= doc->len) break;
		const char *e = strstr(doc->text + i, "\n\n");
		size_t end = e ? (size_t)(e - doc->text) : doc->len;
		while (end > i && doc->text[end - 1] == '\n') end--;
		px_doc_add_para(doc, i, end);
		i = end;
	}
	return PRECIS_OK;
}
