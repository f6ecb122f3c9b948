/*
 * report_run.c — the run of a command that prints reports (summarize, and
 * quotes with a translating backend).
 *
 * Each input goes through the text front and the quotes (run.c, as every
 * command does); the docs are gathered in chunks (CHUNK_DOCS articles or
 * CHUNK_BYTES of text, whichever comes first) and each chunk goes to
 * precis_report_build() in one call, so that the translation requests of
 * all its articles are batched together. The chunk's reports are handed
 * to the command's renderer in input order, then the chunk is freed:
 * memory stays flat however many inputs there are.
 *
 * A bad input is reported and the others go on (exit 1 at the end); a
 * fatal backend error (bad key, quota) renders the reports of the chunk as
 * they are (what was translated before the stop) and stops the run
 * (exit 3). With no translating backend nothing fails.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

#define CHUNK_DOCS 64
#define CHUNK_BYTES ((size_t)4 << 20)

struct rrun {
	struct cli *cli;
	struct cli_report_run *run;
	struct precis_backend *b;
	struct precis_text_opts topts;
	struct precis_doc *docs[CHUNK_DOCS];
	struct precis_report *reports[CHUNK_DOCS];
	size_t ndocs, bytes;
	size_t finished; /* inputs done or failed */
	int status, stop;
	struct cli_progress progress;
};

/* ---- progress ------------------------------------------------------------ */

static void draw(struct rrun *r, double frac_chunk, int final)
{
	if (!r->progress.on)
		return;
	struct precis_backend_stats st;
	precis_backend_stats(r->b, &st);
	char extra[96] = "";
	if (precis_backend_translates(r->b))
		snprintf(extra, sizeof extra, "%zu requests  %zu chars  %zu cached",
		         st.requests, st.characters, st.cached);
	cli_progress_draw(&r->progress,
	                  (double)r->finished + frac_chunk * (double)r->ndocs,
	                  r->finished, extra, final);
}

static void on_progress(void *ctx, size_t done, size_t n, size_t requests, size_t retries)
{
	(void)requests;
	(void)retries;
	draw(ctx, n ? (double)done / (double)n : 1, 0);
}

/* ---- chunks -------------------------------------------------------------- */

static void render(struct rrun *r, const struct precis_report *rep)
{
	struct cli *cli = r->cli;
	const char *name = precis_doc_name(precis_report_doc(rep));
	if (cli->format != CLI_FMT_JSON)
		for (size_t i = 0; i < precis_report_warning_count(rep); i++)
			cli_warn(name, "%s", precis_report_warning(rep, i));
	if (precis_report_hint(rep))
		r->run->hint = precis_report_hint(rep);
	r->run->render(r->run->ctx, rep);
}

/* Builds the chunk's reports in one call, renders them in order, frees it. */
static void flush_chunk(struct rrun *r)
{
	size_t n = r->ndocs;
	if (!n)
		return;
	struct precis_error err;
	precis_error_clear(&err);
	enum precis_status st = precis_report_build(r->docs, n, r->cli->langs, r->b,
	                                            &r->run->opts, r->reports, &err);
	/* After a fatal backend error the reports hold what was done before
	 * the stop; options that cannot work give nothing worth printing. */
	int print = st == PRECIS_OK || st == PRECIS_E_BACKEND;
	for (size_t i = 0; i < n; i++) {
		if (print && r->reports[i] && !cli_output_failed())
			render(r, r->reports[i]);
		precis_report_free(r->reports[i]);
		r->reports[i] = NULL;
	}
	for (size_t i = 0; i < n; i++) {
		precis_doc_free(r->docs[i]);
		r->docs[i] = NULL;
	}
	r->finished += n;
	r->ndocs = 0;
	r->bytes = 0;
	if (st != PRECIS_OK) {
		draw(r, 0, 1);
		cli_report(err.where[0] ? err.where : precis_backend_name(r->b), &err);
		int stop = 0;
		r->status = cli_worse(r->status, cli_status_of(st, &stop));
		r->stop = 1;
	}
	if (cli_output_failed())
		r->stop = 1;
	draw(r, 0, 0);
}

static void add_doc(struct rrun *r, struct precis_doc *doc)
{
	size_t len;
	precis_doc_text(doc, &len);
	r->docs[r->ndocs++] = doc;
	r->bytes += len;
	if (r->ndocs == CHUNK_DOCS || r->bytes >= CHUNK_BYTES)
		flush_chunk(r);
}

/* ---- the run ------------------------------------------------------------- */

int cli_report_backend(struct cli *cli, const struct precis_report_opts *opts,
                       precis_progress_fn progress, void *progress_ctx,
                       struct precis_backend **out)
{
	struct precis_backend_opts o;
	int st = cli_backend_opts(cli, &o);
	if (st != CLI_EXIT_OK)
		return st;
	o.progress = progress;
	o.progress_ctx = progress_ctx;
	struct precis_error err;
	precis_error_clear(&err);
	if (precis_backend_new(&o, out, &err) != PRECIS_OK) {
		*out = NULL;
		cli_report(err.where[0] ? err.where : "backend", &err);
		return cli_backend_fatal(&err);
	}
	/* The abstractive summary is written by a chat model: only the openai
	 * protocol speaks to one. Said before any input is read. */
	if (opts->summarizer == PRECIS_SUMMARIZER_LLM &&
	    strcmp(precis_backend_name(*out), "openai") != 0) {
		cli_error(
		    NULL,
		    "--summarizer llm needs an OpenAI-compatible server (-b openai, with "
		    "OPENAI_BASE_URL and OPENAI_API_KEY); the backend '%s' cannot write "
		    "summaries: leave --summarizer out for the local summary, which it "
		    "then translates",
		    precis_backend_name(*out));
		precis_backend_free(*out);
		*out = NULL;
		return CLI_EXIT_USAGE;
	}
	return CLI_EXIT_OK;
}

int cli_report_run(struct cli *cli, struct cli_report_run *run)
{
	struct rrun *r = calloc(1, sizeof *r);
	if (!r) {
		cli_error(NULL, "out of memory");
		return CLI_EXIT_FATAL;
	}
	r->cli = cli;
	r->run = run;
	const char *forced;
	int st = cli->opt.from ? cli_front_setup(cli, "from", cli->opt.from, &forced)
	                       : cli_front_setup(cli, NULL, NULL, &forced);
	if (st == CLI_EXIT_OK)
		st = cli_report_backend(cli, &run->opts, on_progress, r, &r->b);
	if (st != CLI_EXIT_OK) {
		free(r);
		return st;
	}
	cli_text_opts(cli, forced, 0, &r->topts);

	struct cli_inputs in;
	cli_inputs_expand(&in, cli->args, cli->nargs, &cli->opt.globs);
	cli->headers = in.n > 1;
	cli_progress_init(&r->progress, cli, in.n);
	r->progress.on &= in.n > 1;

	for (size_t i = 0; i < in.n && !r->stop; i++) {
		int stop = 0;
		struct precis_doc *doc = cli_front_input(
		    cli, &in.v[i], &r->topts, CLI_RUN_QUOTES, &r->status, &stop);
		if (!doc) {
			r->finished++;
			r->stop |= stop;
			continue;
		}
		add_doc(r, doc);
	}
	/* The docs read before the end, or before a stop that came from the
	 * text front, are done: they are printed (unless the output failed). */
	if (!cli_output_failed())
		flush_chunk(r);
	for (size_t i = 0; i < r->ndocs; i++)
		precis_doc_free(r->docs[i]);
	cli_inputs_release(&in);
	draw(r, 0, 1);
	st = r->status;
	precis_backend_free(r->b);
	free(r);
	return st;
}
