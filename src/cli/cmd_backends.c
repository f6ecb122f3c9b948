/*
 * cmd_backends.c — `precis backends`: the known backends, the configured
 * one, and with --check whether it works.
 *
 * The configured backend is found as a run would find it (-b, then
 * $PRECIS_BACKEND, then the config file), by making it in dry-run mode, so
 * the list works without a key. --check makes it for real (a missing key
 * is then a fatal error, exit 3) and asks precis_backend_check(): exit 3
 * when the server cannot be reached or refuses the key.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static int list(struct precis_backend_opts *o)
{
	struct precis_error err;
	precis_error_clear(&err);
	struct precis_backend *b = NULL;
	o->dry_run = 1;
	o->no_cache = 1;
	const char *configured = NULL;
	if (precis_backend_new(o, &b, &err) == PRECIS_OK)
		configured = precis_backend_name(b);
	for (size_t i = 0; i < precis_backend_count(); i++) {
		const char *name = precis_backend_name_at(i);
		int mine = configured && strcmp(configured, name) == 0;
		cli_printf("%c %-15s %s\n", mine ? '*' : ' ', name,
		           precis_backend_about(i));
	}
	if (configured)
		cli_printf("\nconfigured: %s (-b, $PRECIS_BACKEND or the config file)\n",
		           configured);
	else
		cli_printf("\nconfigured: none usable: %s\n", err.message);
	precis_backend_free(b);
	return configured ? CLI_EXIT_OK : cli_backend_fatal(&err);
}

static int check(struct precis_backend_opts *o)
{
	struct precis_error err;
	precis_error_clear(&err);
	struct precis_backend *b = NULL;
	o->no_cache = 1;
	if (precis_backend_new(o, &b, &err) != PRECIS_OK) {
		cli_report(err.where[0] ? err.where : "backend", &err);
		return cli_backend_fatal(&err);
	}
	char *report = NULL;
	enum precis_status st = precis_backend_check(b, &report, &err);
	if (report) {
		size_t n = strlen(report);
		cli_write(report, n);
		if (n && report[n - 1] != '\n')
			cli_write("\n", 1);
	}
	free(report);
	int status = CLI_EXIT_OK;
	if (st != PRECIS_OK) {
		cli_report(precis_backend_name(b), &err);
		status = CLI_EXIT_FATAL;
	}
	precis_backend_free(b);
	return status;
}

int cmd_backends(struct cli *cli)
{
	if (cli->nargs) {
		cli_error(cli->args[0], "'precis backends' takes no input");
		return CLI_EXIT_USAGE;
	}
	struct precis_backend_opts o;
	int st = cli_backend_opts(cli, &o);
	if (st != CLI_EXIT_OK)
		return st;
	return cli->opt.check ? check(&o) : list(&o);
}
