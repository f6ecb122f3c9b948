/* The inside of a precis_doc, shared by the stages (not public). */
#ifndef PX_DOC_INT_H
#define PX_DOC_INT_H

#include <stddef.h>

#include "precis/doc.h"
#include "precis/quotes.h"
#include "core/offmap.h"

struct precis_doc {
	char *name;
	char *text; /* NUL-terminated, owned */
	size_t len;
	size_t src_len;
	struct px_offmap map; /* text offset → source byte */
	char encoding[64];
	size_t repairs;

	struct precis_para *paras;
	size_t npara, capara;
	struct precis_sentence *sents;
	size_t nsent, casent;

	const char *lang;
	double lang_conf;

	struct precis_quote *quotes;
	size_t nquote, caquote;

	size_t *summary; /* sentence indices, article order (summarize) */
	size_t nsummary, casummary;
	size_t title_plus1; /* title paragraph + 1; 0: none (summarize) */

	char **strings; /* doc-owned strings handed out (reasons, ...) */
	size_t nstrings, castrings;
};

/* Replaces the text (taking ownership of `text`) and the map (moved). */
void px_doc_set_text(struct precis_doc *doc, char *text, size_t len, struct px_offmap *map);
/* Drops paragraphs and sentences. */
void px_doc_clear_paras(struct precis_doc *doc);
/* Appends a paragraph [start, end) with lang "und" and no marks. */
struct precis_para *px_doc_add_para(struct precis_doc *doc, size_t start, size_t end);
void px_doc_clear_sents(struct precis_doc *doc);
struct precis_sentence *px_doc_add_sent(struct precis_doc *doc, size_t start, size_t end,
                                        size_t para);
/* Drops the quotes (their strings stay interned until the doc is freed). */
void px_doc_clear_quotes(struct precis_doc *doc);
/* Appends a zeroed quote (strings set to "") for the quotes stage to fill. */
struct precis_quote *px_doc_add_quote(struct precis_doc *doc);
/* A copy of s owned by the doc (freed with it). */
const char *px_doc_intern(struct precis_doc *doc, const char *s);
/* Writable access to paragraph i (stages mark paragraphs). */
struct precis_para *px_doc_para(struct precis_doc *doc, size_t i);

#endif
