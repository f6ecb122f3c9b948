/*
 * cmd_summarize.c — `precis summarize`: the bilingual report of each
 * article (the main job).
 *
 * Each input goes through the text front and the quotes (run.c, as every
 * command does); the docs are gathered in chunks (CHUNK_DOCS articles or
 * CHUNK_BYTES of text, whichever comes first) and each chunk goes to
 * precis_report_build() in one call, so that the translation requests of
 * all its articles are batched together. The chunk's reports are printed
 * in input order, then the chunk is freed: memory stays flat however many
 * inputs there are.
 *
 * A bad input is reported and the others go on (exit 1 at the end); a
 * fatal backend error (bad key, quota) prints the reports of the chunk as
 * they are (what was translated before the stop) and stops the run
 * (exit 3). With no translating backend nothing fails: the reports are in
 * the article's language and the hint says how to turn translation on.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli/summarize.h"

#define CHUNK_DOCS 64
#define CHUNK_BYTES ((size_t)4 << 20)

struct srun {
	struct cli *cli;
	struct sum_view view;
	struct precis_backend *b;
	struct precis_report_opts ropts;
	struct precis_text_opts topts;
	struct precis_doc *docs[CHUNK_DOCS];
	struct precis_report *reports[CHUNK_DOCS];
	size_t ndocs, bytes;
	size_t finished;  /* inputs done or failed */
	const char *hint; /* a report's hint (static storage), for the end */
	int status, stop;
	struct cli_progress progress;
};

/* ---- options ------------------------------------------------------------- */

static int whole(const char *option, const char *v, long min, long max, long *out)
{
	char *end;
	errno = 0;
	long n = strtol(v, &end, 10);
	if (errno || end == v || *end || n < min || n > max) {
		cli_error(NULL, "--%s '%s': not a whole number from %ld to %ld", option,
		          v, min, max);
		return CLI_EXIT_USAGE;
	}
	*out = n;
	return CLI_EXIT_OK;
}

static int parse_length(const struct cli *cli, struct precis_summary_opts *len)
{
	long n;
	if (cli->opt.sentences) {
		if (whole("sentences", cli->opt.sentences, 1, 100000, &n) != CLI_EXIT_OK)
			return CLI_EXIT_USAGE;
		len->sentences = (size_t)n;
	}
	if (cli->opt.words) {
		if (whole("words", cli->opt.words, 1, 10000000, &n) != CLI_EXIT_OK)
			return CLI_EXIT_USAGE;
		len->words = (size_t)n;
	}
	if (cli->opt.ratio) {
		char *end;
		errno = 0;
		double r = strtod(cli->opt.ratio, &end);
		if (errno || end == cli->opt.ratio || *end || !isfinite(r) || r <= 0 ||
		    r > 1) {
			cli_error(
			    NULL,
			    "--ratio '%s': not a share of the sentences; give a number "
			    "above 0 and at most 1, such as 0.2",
			    cli->opt.ratio);
			return CLI_EXIT_USAGE;
		}
		len->ratio = r;
	}
	return CLI_EXIT_OK;
}

/* --width, else the terminal's, else $COLUMNS, else 80. */
static int text_width(const struct cli *cli, size_t *width)
{
	long n;
	if (cli->opt.width) {
		if (whole("width", cli->opt.width, 1, 100000, &n) != CLI_EXIT_OK)
			return CLI_EXIT_USAGE;
		*width = (size_t)n;
		return CLI_EXIT_OK;
	}
	struct winsize ws;
	if (isatty(1) && ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) {
		*width = ws.ws_col;
		return CLI_EXIT_OK;
	}
	const char *cols = getenv("COLUMNS");
	char *end;
	n = cols ? strtol(cols, &end, 10) : 0;
	*width = cols && *cols && !*end && n > 0 && n <= 100000 ? (size_t)n : 80;
	return CLI_EXIT_OK;
}

/* NO_COLOR set and not empty always wins (no-color.org); then --no-color,
 * --color; else colours only on a terminal. */
static int use_color(const struct cli *cli)
{
	const char *nc = getenv("NO_COLOR");
	if (nc && *nc)
		return 0;
	if (cli->opt.no_color)
		return 0;
	return cli->opt.color || isatty(1);
}

static int parse_options(struct srun *r)
{
	struct cli *cli = r->cli;
	struct precis_report_opts *o = &r->ropts;
	memset(o, 0, sizeof *o);
	if (parse_length(cli, &o->length) != CLI_EXIT_OK)
		return CLI_EXIT_USAGE;
	const char *s = cli->opt.summarizer;
	if (!s || strcmp(s, "extractive") == 0) {
		o->summarizer = PRECIS_SUMMARIZER_EXTRACTIVE;
	} else if (strcmp(s, "llm") == 0) {
		o->summarizer = PRECIS_SUMMARIZER_LLM;
	} else {
		cli_error(NULL,
		          "--summarizer '%s': use extractive (local, the default) or llm",
		          s);
		return CLI_EXIT_USAGE;
	}
	if (cli->opt.to && !cli_valid_target(cli->opt.to)) {
		cli_error(NULL,
		          "--to '%s': not a language code; use fr, en, en-GB, en-US...",
		          cli->opt.to);
		return CLI_EXIT_USAGE;
	}
	o->to = cli->opt.to;
	size_t min_words;
	if (cli_min_words(cli, &min_words) != CLI_EXIT_OK)
		return CLI_EXIT_USAGE;
	/* The library reads 0 as "the default"; a statement always has a word,
	 * so 1 keeps them all, as --min-words 0 means. */
	o->min_words = min_words ? min_words : 1;
	o->all_quotes = cli->opt.all;
	r->view.cli = cli;
	r->view.color = cli->format == CLI_FMT_TEXT && use_color(cli);
	return text_width(cli, &r->view.width);
}

/* ---- progress ------------------------------------------------------------ */

static void draw(struct srun *r, double frac_chunk, int final)
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

static void render(struct srun *r, const struct precis_report *rep)
{
	struct cli *cli = r->cli;
	const char *name = precis_doc_name(precis_report_doc(rep));
	if (cli->format != CLI_FMT_JSON)
		for (size_t i = 0; i < precis_report_warning_count(rep); i++)
			cli_warn(name, "%s", precis_report_warning(rep, i));
	if (precis_report_hint(rep))
		r->hint = precis_report_hint(rep);
	if (cli->format == CLI_FMT_JSON)
		report_json(&r->view, rep);
	else if (cli->format == CLI_FMT_MARKDOWN)
		report_markdown(&r->view, rep);
	else
		report_text(&r->view, rep);
}

/* Builds the chunk's reports in one call, prints them in order, frees it. */
static void flush_chunk(struct srun *r)
{
	size_t n = r->ndocs;
	if (!n)
		return;
	struct precis_error err;
	precis_error_clear(&err);
	enum precis_status st = precis_report_build(r->docs, n, r->cli->langs, r->b,
	                                            &r->ropts, r->reports, &err);
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

static void add_doc(struct srun *r, struct precis_doc *doc)
{
	size_t len;
	precis_doc_text(doc, &len);
	r->docs[r->ndocs++] = doc;
	r->bytes += len;
	if (r->ndocs == CHUNK_DOCS || r->bytes >= CHUNK_BYTES)
		flush_chunk(r);
}

/* ---- the command --------------------------------------------------------- */

static int open_backend(struct srun *r)
{
	struct cli *cli = r->cli;
	struct precis_backend_opts o;
	int st = cli_backend_opts(cli, &o);
	if (st != CLI_EXIT_OK)
		return st;
	o.progress = on_progress;
	o.progress_ctx = r;
	struct precis_error err;
	precis_error_clear(&err);
	if (precis_backend_new(&o, &r->b, &err) != PRECIS_OK) {
		r->b = NULL;
		cli_report(err.where[0] ? err.where : "backend", &err);
		return cli_backend_fatal(&err);
	}
	/* The abstractive summary is written by a chat model: only the openai
	 * protocol speaks to one. Said before any input is read. */
	if (r->ropts.summarizer == PRECIS_SUMMARIZER_LLM &&
	    strcmp(precis_backend_name(r->b), "openai") != 0) {
		cli_error(
		    NULL,
		    "--summarizer llm needs an OpenAI-compatible server (-b openai, with "
		    "OPENAI_BASE_URL and OPENAI_API_KEY); the backend '%s' cannot write "
		    "summaries: leave --summarizer out for the local summary, which it "
		    "then translates",
		    precis_backend_name(r->b));
		return CLI_EXIT_USAGE;
	}
	return CLI_EXIT_OK;
}

int cmd_summarize(struct cli *cli)
{
	struct srun *r = calloc(1, sizeof *r);
	if (!r) {
		cli_error(NULL, "out of memory");
		return CLI_EXIT_FATAL;
	}
	r->cli = cli;
	const char *forced;
	int st = cli->opt.from ? cli_front_setup(cli, "from", cli->opt.from, &forced)
	                       : cli_front_setup(cli, NULL, NULL, &forced);
	if (st == CLI_EXIT_OK)
		st = parse_options(r);
	if (st == CLI_EXIT_OK)
		st = open_backend(r);
	if (st != CLI_EXIT_OK) {
		if (r->b)
			precis_backend_free(r->b);
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

	if (r->hint && !cli_output_failed()) {
		if (cli->format == CLI_FMT_TEXT)
			report_text_hint(&r->view, r->hint);
		else if (cli->format == CLI_FMT_MARKDOWN)
			report_markdown_hint(&r->view, r->hint);
	}
	if (cli_output_flush() < 0)
		r->status = cli_worse(r->status, CLI_EXIT_FAILED);
	st = r->status;
	precis_backend_free(r->b);
	free(r);
	return st;
}
