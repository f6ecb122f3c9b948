/*
 * backend_opts.c — the backend options of the command line, as library
 * options, shared by the commands that talk to a backend.
 *
 * There is no option for a key: a key on the command line would show in
 * `ps` and in shell histories. Keys come from the environment or the
 * config file (precis/backend.h).
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static int bad_number(const char *option, const char *value, const char *what)
{
	cli_error(NULL, "--%s '%s': not %s", option, value, what);
	return CLI_EXIT_USAGE;
}

/* Log lines: the library's warnings are shown unless -q, the request lines
 * only with -v. Neither ever holds a key (backend.h). */
static void log_line(void *ctx, const char *line)
{
	const struct cli *cli = ctx;
	if (strstr(line, ": warning: "))
		cli_warn(NULL, "%s", line);
	else if (cli->opt.verbose)
		cli_info(NULL, "%s", line);
}

int cli_backend_opts(struct cli *cli, struct precis_backend_opts *o)
{
	memset(o, 0, sizeof *o);
	o->name = cli->opt.backend;
	o->base_url = cli->opt.base_url;
	o->model = cli->opt.model;
	o->cache_path = cli->opt.cache;
	o->no_cache = cli->opt.no_cache;
	o->dry_run = cli->opt.dry_run;
	o->retries = -1;
	o->log = log_line;
	o->log_ctx = cli;
	o->langs = cli->langs;
	long v;
	if (cli->opt.jobs) {
		if (cli_whole("jobs", cli->opt.jobs, 1, 256, &v) != CLI_EXIT_OK)
			return CLI_EXIT_USAGE;
		o->jobs = (unsigned)v;
	}
	if (cli->opt.retries) {
		if (cli_whole("retries", cli->opt.retries, 0, 100, &v) != CLI_EXIT_OK)
			return CLI_EXIT_USAGE;
		o->retries = (int)v;
	}
	if (cli->opt.timeout) {
		char *end;
		errno = 0;
		double t = strtod(cli->opt.timeout, &end);
		if (errno || end == cli->opt.timeout || *end || !isfinite(t) || t <= 0 ||
		    t > 86400)
			return bad_number("timeout", cli->opt.timeout,
			                  "a number of seconds above 0 (e.g. 30 or 2.5)");
		o->timeout = t;
	}
	return CLI_EXIT_OK;
}

int cli_backend_fatal(const struct precis_error *err)
{
	return err->status == PRECIS_E_USAGE ? CLI_EXIT_USAGE : CLI_EXIT_FATAL;
}
