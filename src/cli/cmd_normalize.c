/*
 * cmd_normalize.c — `precis normalize`: the repaired text.
 *
 * Text: the normalized text (with --strip, without the boilerplate
 * paragraphs; with --typography, set in that language's typography).
 * JSON (precis.normalize/1): "text" is always the full normalized text, so
 * that the paragraph spans index it (and their source_* twins the input);
 * with --strip or --typography, "output" holds the text as text mode prints
 * it. Boilerplate paragraphs are listed under "dropped" with the reason.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static json_t *reason(const struct precis_para *p)
{
	return p->boilerplate_reason ? cli_json_string(p->boilerplate_reason,
	                                               strlen(p->boilerplate_reason))
	                             : json_null();
}

static void print_json(const struct precis_doc *doc, const char *text, size_t len,
                       int transformed)
{
	size_t tlen, np = precis_doc_paragraph_count(doc);
	const char *full = precis_doc_text(doc, &tlen);
	const char *name = precis_doc_name(doc);
	double conf;
	const char *lang = precis_doc_lang(doc, &conf);
	struct cli_json o;
	size_t k = 0;

	cli_json_begin(&o);
	cli_json_key(&o, "dropped");
	cli_write("[", 1);
	for (size_t i = 0; i < np; i++) {
		const struct precis_para *p = precis_doc_paragraph(doc, i);
		if (!p->boilerplate)
			continue;
		cli_json_item(&k, cli_json_dropped(doc, i));
	}
	cli_write("]", 1);
	cli_json_set(&o, "encoding", cli_json_string(precis_doc_encoding(doc),
	                                             strlen(precis_doc_encoding(doc))));
	cli_json_set(&o, "file", cli_json_string(name, strlen(name)));
	cli_json_set(&o, "lang", json_string(lang));
	cli_json_set(&o, "lang_confidence", cli_json_confidence(conf));
	if (transformed)
		cli_json_set(&o, "output", cli_json_string(text, len));
	cli_json_key(&o, "paragraphs");
	cli_write("[", 1);
	k = 0;
	for (size_t i = 0; i < np; i++) {
		const struct precis_para *p = precis_doc_paragraph(doc, i);
		cli_json_item(
			&k,
			json_pack("{s:I, s:I, s:I, s:I, s:s, s:o, s:b, s:o, s:b, s:b}", "start",
		                  (json_int_t)p->span.start, "end", (json_int_t)p->span.end,
		                  "source_start",
		                  (json_int_t)precis_doc_source_offset(doc, p->span.start),
		                  "source_end",
		                  (json_int_t)precis_doc_source_offset(doc, p->span.end), "lang",
		                  p->lang ? p->lang : "und", "confidence",
		                  cli_json_confidence(p->lang_confidence), "boilerplate",
		                  p->boilerplate != 0, "reason", reason(p), "heading",
		                  p->heading != 0, "list_item", p->list_item != 0));
	}
	cli_write("]", 1);
	cli_json_set(&o, "repairs", json_integer((json_int_t)precis_doc_repairs(doc)));
	cli_json_set(&o, "schema", json_string("precis.normalize/1"));
	cli_json_set(&o, "text", cli_json_string(full, tlen));
	cli_json_end(&o);
	cli_write("\n", 1);
}

static int emit(struct cli *cli, const struct precis_doc *doc)
{
	size_t len;
	char *owned, *styled = NULL;
	const char *text = cli_kept_text(cli, doc, &len, &owned);
	if (cli->typography) {
		struct precis_error err;
		precis_error_clear(&err);
		size_t slen;
		if (precis_typography(cli->typography, text, len, &styled, &slen, &err) !=
		    PRECIS_OK) {
			cli_report(precis_doc_name(doc), &err);
			free(owned);
			return -1;
		}
		text = styled;
		len = slen;
	}
	cli_output_begin(cli, doc);
	if (cli->format == CLI_FMT_JSON) {
		print_json(doc, text, len, cli->opt.strip || cli->typography);
	} else {
		cli_write(text, len);
		if (len > 0 && text[len - 1] != '\n')
			cli_write("\n", 1);
	}
	free(styled);
	free(owned);
	return 0;
}

int cmd_normalize(struct cli *cli)
{
	return cli_run_inputs(cli, emit, 0);
}
