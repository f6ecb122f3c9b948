/*
 * quote_json.c — one quote as JSON, the same object in precis.quotes/1
 * (quotes --format json) and precis.report/1 (summarize --format json):
 * {confidence, cue, end, kind, paragraph, role, sentence, source_end,
 * source_start, speaker, start, text, translation}. Offsets are bytes of
 * the normalized text (start, end) and of the input (source_*); empty
 * strings stay "", never null; translation is null when there is none.
 */
#include <string.h>

#include "cli/cli.h"

static json_t *jstr(const char *s)
{
	s = s ? s : "";
	return cli_json_string(s, strlen(s));
}

json_t *cli_quote_json(const struct precis_doc *doc, const struct precis_quote *q,
                       const char *translation, size_t translation_len)
{
	size_t a = q->span.start, b = q->span.end;
	json_t *tr =
	    translation ? cli_json_string(translation, translation_len) : json_null();
	return json_pack(
	    "{s:o, s:o, s:I, s:s, s:I, s:o, s:I, s:I, s:I, s:o, s:I, s:o, s:o}",
	    "confidence", cli_json_confidence(q->confidence), "cue", jstr(q->cue), "end",
	    (json_int_t)b, "kind", precis_quote_kind_name(q->kind), "paragraph",
	    (json_int_t)q->paragraph, "role", jstr(q->role), "sentence",
	    (json_int_t)q->sentence, "source_end",
	    (json_int_t)precis_doc_source_offset(doc, b), "source_start",
	    (json_int_t)precis_doc_source_offset(doc, a), "speaker", jstr(q->speaker),
	    "start", (json_int_t)a, "text", jstr(q->text), "translation", tr);
}
