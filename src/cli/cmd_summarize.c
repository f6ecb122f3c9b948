/*
 * cmd_summarize.c — `precis summarize`: the bilingual report of each
 * article (the main job).
 *
 * The options say what the reports hold (length, summarizer, target,
 * quotes) and how text looks (width, colour); report_run.c reads the
 * inputs, builds the reports chunk by chunk and hands each one to the
 * renderer of --format (report_text.c, report_markdown.c, report_json.c).
 * With no translating backend nothing fails: the reports are in the
 * article's language and the hint, printed once at the end, says how to
 * turn translation on.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli/summarize.h"

struct srun {
	struct cli *cli;
	struct sum_view view;
	struct cli_report_run run;
};

/* ---- options ------------------------------------------------------------- */

static int parse_length(const struct cli *cli, struct precis_summary_opts *len)
{
	long n;
	if (cli->opt.sentences) {
		if (cli_whole("sentences", cli->opt.sentences, 1, 100000, &n) != CLI_EXIT_OK)
			return CLI_EXIT_USAGE;
		len->sentences = (size_t)n;
	}
	if (cli->opt.words) {
		if (cli_whole("words", cli->opt.words, 1, 10000000, &n) != CLI_EXIT_OK)
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
		if (cli_whole("width", cli->opt.width, 1, 100000, &n) != CLI_EXIT_OK)
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
	struct precis_report_opts *o = &r->run.opts;
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
	if (cli_check_to(cli) != CLI_EXIT_OK)
		return CLI_EXIT_USAGE;
	o->to = cli->opt.to;
	size_t min_words;
	if (cli_min_words(cli, &min_words) != CLI_EXIT_OK)
		return CLI_EXIT_USAGE;
	/* The library reads 0 as "the default"; a statement always has a word,
	 * so 1 keeps them all, as --min-words 0 means. */
	o->min_words = min_words ? min_words : 1;
	o->all_quotes = cli->opt.all;
	o->no_context = cli->opt.no_context;
	r->view.cli = cli;
	r->view.color = cli->format == CLI_FMT_TEXT && use_color(cli);
	return text_width(cli, &r->view.width);
}

/* ---- rendering ----------------------------------------------------------- */

static void render(void *ctx, const struct precis_report *rep)
{
	struct srun *r = ctx;
	if (r->cli->format == CLI_FMT_JSON)
		report_json(&r->view, rep);
	else if (r->cli->format == CLI_FMT_MARKDOWN)
		report_markdown(&r->view, rep);
	else
		report_text(&r->view, rep);
}

int cmd_summarize(struct cli *cli)
{
	struct srun r;
	memset(&r, 0, sizeof r);
	r.cli = cli;
	int st = parse_options(&r);
	if (st != CLI_EXIT_OK)
		return st;
	r.run.render = render;
	r.run.ctx = &r;
	st = cli_report_run(cli, &r.run);
	if (r.run.hint && !cli_output_failed()) {
		if (cli->format == CLI_FMT_TEXT)
			report_text_hint(&r.view, r.run.hint);
		else if (cli->format == CLI_FMT_MARKDOWN)
			report_markdown_hint(&r.view, r.run.hint);
	}
	if (cli_output_flush() < 0)
		st = cli_worse(st, CLI_EXIT_FAILED);
	return st;
}
