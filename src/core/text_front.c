#include "precis/precis.h"

#include "core/doc_int.h"

const char *precis_version(void)
{
	return PRECIS_VERSION;
}

enum precis_status precis_text_front(struct precis_doc *doc, const void *bytes, size_t len,
                                     const struct precis_text_opts *opts,
                                     struct precis_detector *det,
                                     const struct precis_langset *set,
                                     struct precis_error *err)
{
	static const struct precis_text_opts defaults = {0};
	if (!opts)
		opts = &defaults;
	struct precis_decode_opts dopts = {opts->encoding, opts->no_repair};
	enum precis_status st = precis_decode(doc, bytes, len, &dopts, err);
	if (st == PRECIS_OK)
		st = precis_normalize_langs(doc, set, err);
	if (st == PRECIS_OK)
		st = precis_detect(det, doc, opts->lang, err);
	if (st == PRECIS_OK && !opts->no_strip)
		st = precis_strip(doc, set, err);
	if (st == PRECIS_OK)
		st = precis_segment(doc, set, err);
	return st;
}
