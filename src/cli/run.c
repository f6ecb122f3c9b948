/*
 * run.c — the text front over every input, shared by the commands.
 *
 * The language data and the detector are loaded once; then each input is
 * read whole, run through precis_text_front() (and precis_quotes() when the
 * command asks for it) and handed to the command's printer (or, for
 * summarize, gathered in chunks: cli_front_input()). A bad input is
 * reported and the next one is done (exit status 1
 * at the end); a usage or configuration problem stops the run (2 or 3); a
 * failed write to standard output stops it too (1).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static void known_codes(const struct precis_langset *set, char *out, size_t size)
{
	size_t n = 0;
	out[0] = '\0';
	for (size_t i = 0; i < precis_langset_count(set); i++) {
		int w = snprintf(out + n, size - n, "%s%s", i ? ", " : "",
		                 precis_lang_code(precis_langset_at(set, i)));
		if (w < 0 || (size_t)w >= size - n)
			return;
		n += (size_t)w;
	}
}

/* A --lang or --typography value: a language of the langset. */
static int find_lang(struct cli *cli, const char *option, const char *code,
                     const struct precis_lang **out)
{
	*out = precis_langset_find(cli->langs, code);
	if (*out)
		return CLI_EXIT_OK;
	char codes[256];
	known_codes(cli->langs, codes, sizeof codes);
	cli_error(NULL, "--%s '%s': no such language in %s (known: %s); use one of them or "
	                "add a folder lang/%s/",
	          option, code, precis_langset_dir(cli->langs), codes, code);
	return CLI_EXIT_USAGE;
}

int cli_front_setup(struct cli *cli, const char *forced_option, const char *forced_value,
                    const char **forced)
{
	struct precis_error err;
	precis_error_clear(&err);
	if (precis_langset_load(NULL, &cli->langs, &err) != PRECIS_OK) {
		cli_error(err.where[0] ? err.where : NULL, "%s", err.message);
		return CLI_EXIT_FATAL;
	}
	*forced = NULL;
	if (!forced_option) {
		forced_option = "lang";
		forced_value = cli->opt.lang;
	}
	if (forced_value && strcmp(forced_value, "auto") != 0) {
		const struct precis_lang *l;
		int st = find_lang(cli, forced_option, forced_value, &l);
		if (st != CLI_EXIT_OK)
			return st;
		*forced = precis_lang_code(l); /* langset storage outlives every doc */
	}
	if (cli->opt.typography) {
		int st = find_lang(cli, "typography", cli->opt.typography, &cli->typography);
		if (st != CLI_EXIT_OK)
			return st;
	}
	if (precis_detector_new(cli->langs, &cli->det, &err) != PRECIS_OK) {
		cli->det = NULL;
		cli_error(err.where[0] ? err.where : NULL, "%s", err.message);
		return CLI_EXIT_FATAL;
	}
	return CLI_EXIT_OK;
}

static void tell_details(const struct precis_doc *doc, unsigned flags)
{
	double conf;
	const char *lang = precis_doc_lang(doc, &conf);
	size_t np = precis_doc_paragraph_count(doc), nb = 0;
	for (size_t i = 0; i < np; i++)
		nb += precis_doc_paragraph(doc, i)->boilerplate != 0;
	cli_info(precis_doc_name(doc),
	         "read as %s, %zu repair%s, language %s (%.2f), %zu paragraph%s (%zu "
	         "boilerplate), %zu sentence%s",
	         precis_doc_encoding(doc), precis_doc_repairs(doc),
	         precis_doc_repairs(doc) == 1 ? "" : "s", lang, conf, np, np == 1 ? "" : "s", nb,
	         precis_doc_sentence_count(doc), precis_doc_sentence_count(doc) == 1 ? "" : "s");
	if (!(flags & CLI_RUN_QUOTES))
		return;
	size_t nq = precis_doc_quote_count(doc), nt = 0;
	for (size_t i = 0; i < nq; i++)
		nt += precis_doc_quote(doc, i)->kind == PRECIS_QUOTE_TERM;
	cli_info(precis_doc_name(doc), "%zu quote%s found (%zu statement%s, %zu term%s)", nq,
	         nq == 1 ? "" : "s", nq - nt, nq - nt == 1 ? "" : "s", nt, nt == 1 ? "" : "s");
}

/* The exit status a library error leads to, and whether the run stops. */
int cli_status_of(enum precis_status st, int *stop)
{
	switch (st) {
	case PRECIS_OK:
		return CLI_EXIT_OK;
	case PRECIS_E_USAGE:
		*stop = 1;
		return CLI_EXIT_USAGE;
	case PRECIS_E_CONFIG:
	case PRECIS_E_BACKEND:
		*stop = 1;
		return CLI_EXIT_FATAL;
	case PRECIS_E_INPUT:
	case PRECIS_E_IO:
	case PRECIS_E_INTERNAL:
		break;
	}
	return CLI_EXIT_FAILED;
}

int cli_worse(int a, int b)
{
	return a > b ? a : b;
}

void cli_text_opts(const struct cli *cli, const char *forced, unsigned flags,
                   struct precis_text_opts *topts)
{
	memset(topts, 0, sizeof *topts);
	topts->encoding = cli->opt.encoding && strcmp(cli->opt.encoding, "auto") != 0
	                          ? cli->opt.encoding
	                          : NULL;
	topts->lang = forced;
	topts->no_repair = cli->opt.no_repair;
	topts->no_strip = (flags & CLI_RUN_NO_STRIP) != 0;
}

struct precis_doc *cli_front_input(struct cli *cli, const struct cli_input *input,
                                   const struct precis_text_opts *topts, unsigned flags,
                                   int *status, int *stop)
{
	struct precis_error err;
	precis_error_clear(&err);
	if (input->error || input->problem) {
		cli_input_problem(input, &cli->opt.globs, &err);
		cli_report(input->path, &err);
		*status = cli_worse(*status, CLI_EXIT_FAILED);
		return NULL;
	}
	char *data;
	size_t len;
	if (cli_read_input(input->path, &data, &len, &err) != PRECIS_OK) {
		cli_report(input->path, &err);
		*status = cli_worse(*status, CLI_EXIT_FAILED);
		return NULL;
	}
	struct precis_doc *doc = precis_doc_new(input->path);
	enum precis_status st = precis_text_front(doc, data, len, topts, cli->det, cli->langs, &err);
	free(data);
	if (st == PRECIS_OK && (flags & CLI_RUN_QUOTES))
		st = precis_quotes(doc, cli->langs, &err);
	if (st != PRECIS_OK) {
		cli_report(input->path, &err);
		*status = cli_worse(*status, cli_status_of(st, stop));
		precis_doc_free(doc);
		return NULL;
	}
	tell_details(doc, flags);
	return doc;
}

int cli_run_inputs(struct cli *cli, cli_emit_fn emit, unsigned flags)
{
	const char *forced;
	int status = cli_front_setup(cli, NULL, NULL, &forced);
	if (status != CLI_EXIT_OK)
		return status;

	struct precis_text_opts topts;
	cli_text_opts(cli, forced, flags, &topts);

	struct cli_inputs in;
	cli_inputs_expand(&in, cli->args, cli->nargs, &cli->opt.globs);
	cli->headers = in.n > 1;

	int stop = 0;
	for (size_t i = 0; i < in.n && !stop; i++) {
		struct precis_doc *doc = cli_front_input(cli, &in.v[i], &topts, flags, &status, &stop);
		if (!doc)
			continue;
		if (emit(cli, doc) < 0)
			status = cli_worse(status, CLI_EXIT_FAILED);
		precis_doc_free(doc);
		if (cli_output_failed())
			stop = 1;
	}
	cli_inputs_release(&in);
	if (cli_output_flush() < 0)
		status = cli_worse(status, CLI_EXIT_FAILED);
	return status;
}

void cli_output_begin(struct cli *cli, const struct precis_doc *doc)
{
	if (cli->format == CLI_FMT_TEXT && cli->headers) {
		if (cli->printed)
			cli_puts("\n");
		cli_printf("==> %s <==\n", precis_doc_name(doc));
	}
	cli->printed++;
}

const char *cli_kept_text(const struct cli *cli, const struct precis_doc *doc, size_t *len,
                          char **owned)
{
	size_t tlen;
	const char *text = precis_doc_text(doc, &tlen);
	*owned = NULL;
	if (!cli->opt.strip) {
		*len = tlen;
		return text;
	}
	size_t np = precis_doc_paragraph_count(doc);
	char *out = cli_xmalloc(tlen + 2 * np + 1);
	size_t w = 0, prev_end = 0;
	int kept_any = 0, blank = 0;
	for (size_t i = 0; i < np; i++) {
		const struct precis_para *p = precis_doc_paragraph(doc, i);
		/* The separator before a kept paragraph is a blank line when any gap
		 * since the last kept one (dropped paragraphs included) was one. */
		if (i > 0 && p->span.start > prev_end) {
			const char *gap = text + prev_end;
			size_t glen = p->span.start - prev_end;
			for (size_t k = 0; k + 1 < glen && !blank; k++)
				blank = gap[k] == '\n' && gap[k + 1] == '\n';
		}
		prev_end = p->span.end;
		if (p->boilerplate)
			continue;
		if (kept_any) {
			memcpy(out + w, blank ? "\n\n" : "\n", blank ? 2 : 1);
			w += blank ? 2 : 1;
		}
		memcpy(out + w, text + p->span.start, p->span.end - p->span.start);
		w += p->span.end - p->span.start;
		kept_any = 1;
		blank = 0;
	}
	out[w] = '\0';
	*len = w;
	*owned = out;
	return out;
}
