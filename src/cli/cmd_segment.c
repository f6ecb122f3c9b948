/*
 * cmd_segment.c — `precis segment`: one sentence a line.
 *
 * Text: each sentence on its own line (a line break inside a sentence, as in
 * a heading kept with its paragraph, is printed as a space), a blank line
 * between paragraphs; with --strip the sentences of boilerplate paragraphs
 * are left out. JSON (precis.segment/1): the sentences with their spans in
 * the normalized text and in the input, and their paragraph index.
 */
#include <stdint.h>
#include <string.h>

#include "cli/cli.h"

/* Writes s on one line: newlines inside it become spaces. */
static void write_line(const char *s, size_t n)
{
	while (n > 0) {
		const char *nl = memchr(s, '\n', n);
		size_t len = nl ? (size_t)(nl - s) : n;
		cli_write(s, len);
		if (!nl)
			break;
		cli_write(" ", 1);
		s += len + 1;
		n -= len + 1;
	}
	cli_write("\n", 1);
}

static int skipped(const struct cli *cli, const struct precis_doc *doc,
                   const struct precis_sentence *s)
{
	const struct precis_para *p = precis_doc_paragraph(doc, s->paragraph);
	return cli->opt.strip && p && p->boilerplate;
}

static void print_json(const struct cli *cli, const struct precis_doc *doc)
{
	const char *text = precis_doc_text(doc, NULL);
	const char *name = precis_doc_name(doc);
	struct cli_json o;
	size_t k = 0;
	cli_json_begin(&o);
	cli_json_set(&o, "file", cli_json_string(name, strlen(name)));
	cli_json_set(&o, "lang", json_string(precis_doc_lang(doc, NULL)));
	cli_json_set(&o, "schema", json_string("precis.segment/1"));
	cli_json_key(&o, "sentences");
	cli_write("[", 1);
	for (size_t i = 0; i < precis_doc_sentence_count(doc); i++) {
		const struct precis_sentence *s = precis_doc_sentence(doc, i);
		if (skipped(cli, doc, s))
			continue;
		size_t a = s->span.start, b = s->span.end;
		cli_json_item(&k, json_pack("{s:o, s:I, s:I, s:I, s:I, s:I}", "text",
		                            cli_json_string(text + a, b - a), "start",
		                            (json_int_t)a, "end", (json_int_t)b, "source_start",
		                            (json_int_t)precis_doc_source_offset(doc, a),
		                            "source_end",
		                            (json_int_t)precis_doc_source_offset(doc, b),
		                            "paragraph", (json_int_t)s->paragraph));
	}
	cli_write("]", 1);
	cli_json_end(&o);
	cli_write("\n", 1);
}

static int emit(struct cli *cli, const struct precis_doc *doc)
{
	cli_output_begin(cli, doc);
	if (cli->format == CLI_FMT_JSON) {
		print_json(cli, doc);
		return 0;
	}
	const char *text = precis_doc_text(doc, NULL);
	size_t last = SIZE_MAX;
	for (size_t i = 0; i < precis_doc_sentence_count(doc) && !cli_output_failed(); i++) {
		const struct precis_sentence *s = precis_doc_sentence(doc, i);
		if (skipped(cli, doc, s))
			continue;
		if (last != SIZE_MAX && s->paragraph != last)
			cli_write("\n", 1);
		write_line(text + s->span.start, s->span.end - s->span.start);
		last = s->paragraph;
	}
	return 0;
}

int cmd_segment(struct cli *cli)
{
	return cli_run_inputs(cli, emit, 0);
}
