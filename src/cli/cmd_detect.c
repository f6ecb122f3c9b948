/*
 * cmd_detect.c — `precis detect`: the language of each input.
 *
 * Text: FILE<TAB>LANG<TAB>CONFIDENCE, one line per input ("-" for standard
 * input), the confidence with two decimals. JSON (precis.detect/1): the same
 * and the language of each paragraph.
 */
#include <string.h>

#include "cli/cli.h"

static int emit(struct cli *cli, const struct precis_doc *doc)
{
	double conf;
	const char *lang = precis_doc_lang(doc, &conf);
	const char *name = precis_doc_name(doc);
	if (cli->format != CLI_FMT_JSON) {
		cli_printf("%s\t%s\t%.2f\n", name, lang, conf < 0 ? 0 : conf > 1 ? 1 : conf);
		return 0;
	}
	struct cli_json o;
	size_t k = 0;
	cli_json_begin(&o);
	cli_json_set(&o, "confidence", cli_json_confidence(conf));
	cli_json_set(&o, "file", cli_json_string(name, strlen(name)));
	cli_json_set(&o, "lang", json_string(lang));
	cli_json_key(&o, "paragraphs");
	cli_write("[", 1);
	for (size_t i = 0; i < precis_doc_paragraph_count(doc); i++) {
		const struct precis_para *p = precis_doc_paragraph(doc, i);
		cli_json_item(&k, json_pack("{s:I, s:I, s:s, s:o}", "start",
		                            (json_int_t)p->span.start, "end",
		                            (json_int_t)p->span.end, "lang",
		                            p->lang ? p->lang : "und", "confidence",
		                            cli_json_confidence(p->lang_confidence)));
	}
	cli_write("]", 1);
	cli_json_set(&o, "schema", json_string("precis.detect/1"));
	cli_json_end(&o);
	cli_write("\n", 1);
	return 0;
}

int cmd_detect(struct cli *cli)
{
	/* The language is all it prints: no need to look for boilerplate. */
	return cli_run_inputs(cli, emit, CLI_RUN_NO_STRIP);
}
