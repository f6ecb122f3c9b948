/*
 * report_json.c — a report as precis.report/1, one document a line.
 *
 *     {backend:{cached, characters, name, requests},
 *      dropped:[{paragraph, reason, text}],     the boilerplate left out
 *      file, hint (null when translated or nothing to say),
 *      lang, lang_confidence,
 *      quotes:[...as precis.quotes/1, translation filled],
 *      schema:"precis.report/1", summarizer:"extractive"|"llm",
 *      summary:{<lang>:[...], <to>:[...] (only when translated; an entry
 *               null when its translation failed)},
 *      title:{<lang>:..., <to>:...} or null,
 *      to, warnings:[...]}
 *
 * Keys sorted (the streaming writer checks it), compact.
 */
#include <string.h>

#include "cli/summarize.h"

static json_t *side(const struct precis_report *r, enum precis_side s)
{
	json_t *a = json_array();
	size_t n = precis_report_summary_count(r, s), len;
	for (size_t i = 0; i < n; i++) {
		const char *t = precis_report_summary(r, s, i, &len);
		json_array_append_new(a, t ? cli_json_string(t, len) : json_null());
	}
	return a;
}

static json_t *jz(const char *s)
{
	return s ? cli_json_string(s, strlen(s)) : json_null();
}

void report_json(const struct sum_view *v, const struct precis_report *r)
{
	const struct precis_doc *doc = precis_report_doc(r);
	const char *name = precis_doc_name(doc);
	const char *lang = precis_report_lang(r), *to = precis_report_target(r);
	int translated = precis_report_translated(r) && to;
	double conf;
	precis_doc_lang(doc, &conf);
	cli_output_begin(v->cli, doc);

	struct cli_json o;
	cli_json_begin(&o);

	struct precis_report_figures f;
	precis_report_figures(r, &f);
	cli_json_set(&o, "backend",
	             json_pack("{s:I, s:I, s:o, s:I}", "cached", (json_int_t)f.cached,
	                       "characters", (json_int_t)f.characters, "name",
	                       jz(f.backend), "requests", (json_int_t)f.requests));

	cli_json_key(&o, "dropped");
	cli_write("[", 1);
	size_t k = 0;
	for (size_t i = 0; i < precis_doc_paragraph_count(doc); i++)
		if (precis_doc_paragraph(doc, i)->boilerplate)
			cli_json_item(&k, cli_json_dropped(doc, i));
	cli_write("]", 1);

	cli_json_set(&o, "file", cli_json_string(name, strlen(name)));
	cli_json_set(&o, "hint", jz(precis_report_hint(r)));
	cli_json_set(&o, "lang", jz(lang));
	cli_json_set(&o, "lang_confidence", cli_json_confidence(conf));

	cli_json_key(&o, "quotes");
	cli_write("[", 1);
	k = 0;
	for (size_t i = 0; i < precis_report_quote_count(r) && !cli_output_failed();
	     i++) {
		size_t tl = 0;
		const char *tr = precis_report_quote_translation(r, i, &tl);
		cli_json_item(&k, cli_quote_json(doc, precis_report_quote(r, i), tr, tl));
	}
	cli_write("]", 1);

	cli_json_set(&o, "schema", json_string("precis.report/1"));
	cli_json_set(&o, "summarizer", jz(precis_report_summarizer(r)));

	json_t *sum = json_object();
	json_object_set_new(sum, lang, side(r, PRECIS_SIDE_SOURCE));
	if (translated && strcmp(to, lang) != 0)
		json_object_set_new(sum, to, side(r, PRECIS_SIDE_TARGET));
	cli_json_set(&o, "summary", sum);

	size_t tl;
	const char *title = precis_report_title(r, PRECIS_SIDE_SOURCE, &tl);
	json_t *tj = json_null();
	if (title) {
		tj = json_object();
		json_object_set_new(tj, lang, cli_json_string(title, tl));
		const char *tt = precis_report_title(r, PRECIS_SIDE_TARGET, &tl);
		if (translated && strcmp(to, lang) != 0)
			json_object_set_new(tj, to,
			                    tt ? cli_json_string(tt, tl) : json_null());
	}
	cli_json_set(&o, "title", tj);
	cli_json_set(&o, "to", jz(to));

	json_t *w = json_array();
	for (size_t i = 0; i < precis_report_warning_count(r); i++)
		json_array_append_new(w, jz(precis_report_warning(r, i)));
	cli_json_set(&o, "warnings", w);
	cli_json_end(&o);
	cli_write("\n", 1);
}
