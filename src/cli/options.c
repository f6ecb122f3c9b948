/*
 * options.c — one table of options: it drives the parser and prints the help.
 *
 * Options may stand before or after the command name (the first word that is
 * not an option). Long options take `--opt value` or `--opt=value`; short
 * ones `-j N`, `-jN`, and flags may be grouped (`-qv`). `--` ends the
 * options; `-` alone is an input (standard input). An option lists the
 * commands it applies to; giving it to another command is a usage error,
 * checked once the command is known.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

enum opt_kind {
	OPT_FLAG,   /* int set to 1 */
	OPT_STRING, /* const char *, the last one given wins */
	OPT_LIST,   /* struct cli_strlist, every one given is kept */
};

struct cli_option {
	const char *name; /* long name, without "--" */
	char short_name;  /* 0: none */
	const char *arg;  /* name of its value in the help; NULL for a flag */
	unsigned commands; /* enum cli_command_id bits, or CLI_CMD_ALL */
	enum opt_kind kind;
	size_t offset;    /* in struct cli_opts */
	const char *help;
};

#define AT(field) offsetof(struct cli_opts, field)

static const struct cli_option options[] = {
	{"format", 0, "FORMAT", CLI_CMD_ALL, OPT_STRING, AT(format),
	 "text (the default) or json: one JSON object per\n"
	 "input, one a line; quotes and summarize also take\n"
	 "markdown"},
	{"lang", 0, "CODE", CLI_CMD_ALL, OPT_STRING, AT(lang),
	 "take every input as written in CODE (a folder of\n"
	 "lang/: fr, en); default: auto, detected per input\n"
	 "and per paragraph"},
	{"encoding", 0, "NAME", CLI_CMD_ALL, OPT_STRING, AT(encoding),
	 "read inputs as NAME (windows-1252, iso-8859-15...);\n"
	 "default: auto (UTF-8, UTF-16 with a BOM, else\n"
	 "windows-1252)"},
	{"no-repair", 0, NULL, CLI_CMD_ALL, OPT_FLAG, AT(no_repair),
	 "do not repair mojibake (Ã©) or HTML entities"},
	{"glob", 0, "PATTERN", CLI_CMD_ALL, OPT_LIST, AT(globs),
	 "in directories, read the files whose name matches\n"
	 "PATTERN (may repeat; default: *.txt and *.md)"},
	{"strip", 0, NULL, CLI_CMD_NORMALIZE | CLI_CMD_SEGMENT, OPT_FLAG, AT(strip),
	 "leave web boilerplate out (share bars, comment\n"
	 "forms, bylines, author bios, \"Lire aussi\")"},
	{"sentences", 0, "N", CLI_CMD_SUMMARIZE, OPT_STRING, AT(sentences),
	 "summaries of at most N sentences (default 3)"},
	{"words", 0, "N", CLI_CMD_SUMMARIZE, OPT_STRING, AT(words),
	 "summaries of at most N words"},
	{"ratio", 0, "R", CLI_CMD_SUMMARIZE, OPT_STRING, AT(ratio),
	 "summaries of at most that share of the sentences\n"
	 "(0 < R <= 1, e.g. 0.2)"},
	{"summarizer", 0, "NAME", CLI_CMD_SUMMARIZE, OPT_STRING, AT(summarizer),
	 "extractive (the default: local, offline) or llm\n"
	 "(written by the server in both languages; -b openai)"},
	{"all", 0, NULL, CLI_CMD_QUOTES | CLI_CMD_SUMMARIZE, OPT_FLAG, AT(all),
	 "list terms too (scare quotes, titles, names in\n"
	 "quotes), not only statements"},
	{"min-words", 0, "N", CLI_CMD_QUOTES | CLI_CMD_SUMMARIZE, OPT_STRING, AT(min_words),
	 "leave out statements of fewer than N words\n"
	 "(default 4; 0 keeps them all; terms are kept or\n"
	 "left out by --all alone)"},
	{"typography", 0, "CODE", CLI_CMD_NORMALIZE, OPT_STRING, AT(typography),
	 "set the text in the typography of CODE (fr: « »\n"
	 "and no-break spaces; en: “ ”)"},
	{"from", 0, "CODE", CLI_CMD_TRANSLATE | CLI_CMD_SUMMARIZE | CLI_CMD_QUOTES, OPT_STRING, AT(from),
	 "the language of the inputs (fr, en); default: auto,\n"
	 "detected per input"},
	{"to", 0, "CODE", CLI_CMD_TRANSLATE | CLI_CMD_SUMMARIZE | CLI_CMD_QUOTES, OPT_STRING, AT(to),
	 "translate into CODE (fr, en, en-GB, en-US); default:\n"
	 "the other of fr/en, per input"},
	{"backend", 'b', "NAME", CLI_CMD_BACKEND_ALL, OPT_STRING, AT(backend),
	 "deepl, libretranslate, openai, apertium or none;\n"
	 "default: $PRECIS_BACKEND or the config file"},
	{"base-url", 0, "URL", CLI_CMD_BACKEND_ALL, OPT_STRING, AT(base_url),
	 "the server to talk to (default: the backend's\n"
	 "variable, e.g. OPENAI_BASE_URL, or its public host)"},
	{"model", 0, "NAME", CLI_CMD_BACKEND_ALL, OPT_STRING, AT(model),
	 "openai: the model (default: $PRECIS_MODEL)"},
	{"jobs", 'j', "N", CLI_CMD_BACKEND_ALL, OPT_STRING, AT(jobs),
	 "requests in flight per host (default 4)"},
	{"timeout", 0, "SECONDS", CLI_CMD_BACKEND_ALL, OPT_STRING, AT(timeout),
	 "give up one request after SECONDS (default 60)"},
	{"retries", 0, "N", CLI_CMD_BACKEND_ALL, OPT_STRING, AT(retries),
	 "tries after the first on 429, 5xx, timeouts\n"
	 "(default 5)"},
	{"cache", 0, "PATH", CLI_CMD_BACKEND_ALL, OPT_STRING, AT(cache),
	 "the translation memory (default:\n"
	 "$XDG_CACHE_HOME/precis/tm.sqlite)"},
	{"no-cache", 0, NULL, CLI_CMD_BACKEND_ALL, OPT_FLAG, AT(no_cache),
	 "neither read nor write the translation memory"},
	{"no-context", 0, NULL, CLI_CMD_SUMMARIZE | CLI_CMD_QUOTES, OPT_FLAG, AT(no_context),
	 "send texts without their article's lead as\n"
	 "context: DeepL and openai then batch many\n"
	 "articles a request (fewer requests)"},
	{"dry-run", 0, NULL, CLI_CMD_TRANSLATE, OPT_FLAG, AT(dry_run),
	 "send nothing: print the characters (tokens for\n"
	 "openai) and requests a run would take"},
	{"out-dir", 0, "DIR", CLI_CMD_TRANSLATE, OPT_STRING, AT(out_dir),
	 "write NAME.LANG.EXT files under DIR, keeping the\n"
	 "folder layout; finished outputs are skipped"},
	{"check", 0, NULL, CLI_CMD_BACKENDS, OPT_FLAG, AT(check),
	 "try the configured backend: reachability, key,\n"
	 "remaining quota"},
	{"width", 0, "N", CLI_CMD_SUMMARIZE, OPT_STRING, AT(width),
	 "wrap text reports at N columns (default: the\n"
	 "terminal's width, else $COLUMNS, else 80)"},
	{"color", 0, NULL, CLI_CMD_SUMMARIZE, OPT_FLAG, AT(color),
	 "colour text reports even when standard output is\n"
	 "not a terminal (NO_COLOR, when set, still wins)"},
	{"no-color", 0, NULL, CLI_CMD_SUMMARIZE, OPT_FLAG, AT(no_color),
	 "never colour (also: NO_COLOR set and not empty)"},
	{"quiet", 'q', NULL, CLI_CMD_ALL, OPT_FLAG, AT(quiet),
	 "print no warnings (errors are still printed)"},
	{"verbose", 'v', NULL, CLI_CMD_ALL, OPT_FLAG, AT(verbose),
	 "tell the encoding, repairs and language of each\n"
	 "input on standard error"},
	{"help", 'h', NULL, CLI_CMD_ALL, OPT_FLAG, AT(help), "print this help and exit"},
	{"version", 0, NULL, CLI_CMD_ALL, OPT_FLAG, AT(version),
	 "print the version and exit"},
};

#define NOPTIONS (sizeof options / sizeof options[0])

_Static_assert(NOPTIONS <= 8 * sizeof(unsigned long), "struct cli.seen holds one bit an option");

static const struct {
	const char *name;
	unsigned bit;
} formats[] = {
	{"text", CLI_FMT_TEXT},
	{"markdown", CLI_FMT_MARKDOWN},
	{"json", CLI_FMT_JSON},
	{"html", CLI_FMT_HTML},
};

static void strlist_add(struct cli_strlist *l, const char *s)
{
	l->v = cli_xgrow(l->v, &l->cap, l->n + 1, sizeof *l->v);
	l->v[l->n++] = s;
}

static const struct cli_command *find_command(const char *name)
{
	for (size_t i = 0; i < cli_ncommands; i++)
		if (strcmp(cli_commands[i].name, name) == 0)
			return &cli_commands[i];
	return NULL;
}

static const struct cli_option *find_long(const char *name, size_t len)
{
	for (size_t i = 0; i < NOPTIONS; i++)
		if (strlen(options[i].name) == len && strncmp(options[i].name, name, len) == 0)
			return &options[i];
	return NULL;
}

static const struct cli_option *find_short(char c)
{
	for (size_t i = 0; i < NOPTIONS; i++)
		if (options[i].short_name == c)
			return &options[i];
	return NULL;
}

static int set_option(struct cli *cli, const struct cli_option *o, const char *value)
{
	char *field = (char *)&cli->opt + o->offset;
	cli->seen |= 1ul << (size_t)(o - options);
	switch (o->kind) {
	case OPT_FLAG:
		*(int *)(void *)field = 1;
		return CLI_EXIT_OK;
	case OPT_STRING:
	case OPT_LIST:
		if (!*value) {
			cli_error(NULL, "option '--%s' needs a non-empty %s", o->name, o->arg);
			return CLI_EXIT_USAGE;
		}
		if (o->kind == OPT_STRING)
			*(const char **)(void *)field = value;
		else
			strlist_add((struct cli_strlist *)(void *)field, value);
		return CLI_EXIT_OK;
	}
	return CLI_EXIT_OK;
}

static int missing_value(const char *shown, const struct cli_option *o)
{
	cli_error(NULL, "option '%s' needs a value (%s)", shown, o->arg);
	cli_print_usage_hint();
	return CLI_EXIT_USAGE;
}

static int parse_long(struct cli *cli, int argc, char **argv, int *i)
{
	const char *name = argv[*i] + 2;
	const char *eq = strchr(name, '=');
	size_t len = eq ? (size_t)(eq - name) : strlen(name);
	const struct cli_option *o = find_long(name, len);
	if (!o) {
		cli_error(NULL, "unknown option '--%.*s'", (int)len, name);
		cli_print_usage_hint();
		return CLI_EXIT_USAGE;
	}
	if (!o->arg) {
		if (eq) {
			cli_error(NULL, "option '--%s' takes no value", o->name);
			return CLI_EXIT_USAGE;
		}
		return set_option(cli, o, NULL);
	}
	if (eq)
		return set_option(cli, o, eq + 1);
	if (*i + 1 >= argc)
		return missing_value(argv[*i], o);
	return set_option(cli, o, argv[++*i]);
}

static int parse_short(struct cli *cli, int argc, char **argv, int *i)
{
	for (const char *p = argv[*i] + 1; *p; p++) {
		const struct cli_option *o = find_short(*p);
		if (!o) {
			cli_error(NULL, "unknown option '-%c'", *p);
			cli_print_usage_hint();
			return CLI_EXIT_USAGE;
		}
		if (!o->arg) {
			set_option(cli, o, NULL);
			continue;
		}
		if (p[1])
			return set_option(cli, o, p + 1);
		if (*i + 1 >= argc) {
			char shown[3] = {'-', *p, '\0'};
			return missing_value(shown, o);
		}
		return set_option(cli, o, argv[++*i]);
	}
	return CLI_EXIT_OK;
}

static int operand(struct cli *cli, char *arg)
{
	if (cli->cmd) {
		cli->args[cli->nargs++] = arg;
		return CLI_EXIT_OK;
	}
	cli->cmd = find_command(arg);
	if (cli->cmd)
		return CLI_EXIT_OK;
	if (access(arg, F_OK) == 0)
		cli_error(arg, "is not a precis command; name the command first, as in "
		               "'precis segment %s'",
		          arg);
	else
		cli_error(arg, "is not a precis command; see 'precis --help'");
	return CLI_EXIT_USAGE;
}

int cli_parse(struct cli *cli, int argc, char **argv)
{
	cli->args = cli_xmalloc(sizeof *cli->args * (size_t)(argc > 0 ? argc : 1));
	int only_operands = 0;
	for (int i = 1; i < argc; i++) {
		char *a = argv[i];
		int st;
		if (only_operands || a[0] != '-' || a[1] == '\0')
			st = operand(cli, a);
		else if (strcmp(a, "--") == 0)
			only_operands = 1, st = CLI_EXIT_OK;
		else if (a[1] == '-')
			st = parse_long(cli, argc, argv, &i);
		else
			st = parse_short(cli, argc, argv, &i);
		if (st != CLI_EXIT_OK)
			return st;
	}
	return CLI_EXIT_OK;
}

static void allowed_formats(char *out, size_t size, unsigned bits)
{
	size_t n = 0, k = 0, count = 0;
	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
		count += (bits & formats[i].bit) != 0;
	out[0] = '\0';
	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		if (!(bits & formats[i].bit))
			continue;
		const char *sep = k == 0 ? "" : k + 1 == count ? " or " : ", ";
		int w = snprintf(out + n, size - n, "%s%s", sep, formats[i].name);
		if (w < 0 || (size_t)w >= size - n)
			return;
		n += (size_t)w;
		k++;
	}
}

int cli_check(struct cli *cli)
{
	for (size_t i = 0; i < NOPTIONS; i++) {
		if (!(cli->seen & (1ul << i)) || (options[i].commands & cli->cmd->id))
			continue;
		cli_error(NULL, "option '--%s' does not apply to '%s'; see 'precis %s --help'",
		          options[i].name, cli->cmd->name, cli->cmd->name);
		return CLI_EXIT_USAGE;
	}
	const char *f = cli->opt.format ? cli->opt.format : "text";
	char allowed[64];
	allowed_formats(allowed, sizeof allowed, cli->cmd->formats);
	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		if (strcmp(formats[i].name, f) != 0)
			continue;
		if (!(cli->cmd->formats & formats[i].bit)) {
			cli_error(NULL, "--format '%s' is not available for '%s' (yet); use %s", f,
			          cli->cmd->name, allowed);
			return CLI_EXIT_USAGE;
		}
		cli->format = formats[i].bit;
		return CLI_EXIT_OK;
	}
	cli_error(NULL, "--format '%s' is not an output format; use %s", f, allowed);
	return CLI_EXIT_USAGE;
}

int cli_whole(const char *option, const char *value, long min, long max, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(value, &end, 10);
	if (errno || end == value || *end || v < min || v > max) {
		cli_error(NULL, "--%s '%s': not a whole number from %ld to %ld", option, value,
		          min, max);
		return CLI_EXIT_USAGE;
	}
	*out = v;
	return CLI_EXIT_OK;
}

#define MIN_WORDS_DEFAULT 4
#define MIN_WORDS_MAX 1000000

/* --min-words: a whole number of words, digits only. */
int cli_min_words(const struct cli *cli, size_t *out)
{
	const char *v = cli->opt.min_words;
	*out = MIN_WORDS_DEFAULT;
	if (!v)
		return CLI_EXIT_OK;
	size_t n = 0;
	const char *p = v;
	for (; *p >= '0' && *p <= '9' && n <= MIN_WORDS_MAX; p++)
		n = n * 10 + (size_t)(*p - '0');
	if (p == v || *p != '\0' || n > MIN_WORDS_MAX) {
		cli_error(NULL, "--min-words '%s' is not a number of words; give a whole number "
		                "from 0 to %d, such as %d (0 keeps every statement)",
		          v, MIN_WORDS_MAX, MIN_WORDS_DEFAULT);
		return CLI_EXIT_USAGE;
	}
	*out = n;
	return CLI_EXIT_OK;
}

static void print_option(const struct cli_option *o, int global)
{
	char left[64];
	snprintf(left, sizeof left, "%c%c%c --%s%s%s", o->short_name ? '-' : ' ',
	         o->short_name ? o->short_name : ' ', o->short_name ? ',' : ' ', o->name,
	         o->arg ? " " : "", o->arg ? o->arg : "");
	/* The help may run over several lines: indent each under the first. */
	const char *h = o->help;
	int first = 1;
	while (*h) {
		const char *nl = strchr(h, '\n');
		size_t len = nl ? (size_t)(nl - h) : strlen(h);
		cli_printf("  %-22s %.*s\n", first ? left : "", (int)len, h);
		first = 0;
		h += len + (nl != NULL);
	}
	if (global && o->commands != CLI_CMD_ALL) {
		cli_printf("  %-22s (", "");
		int k = 0;
		for (size_t i = 0; i < cli_ncommands; i++)
			if (o->commands & cli_commands[i].id)
				cli_printf("%s%s", k++ ? ", " : "", cli_commands[i].name);
		cli_printf(" only)\n");
	}
}

void cli_print_help(const struct cli_command *cmd)
{
	if (cmd) {
		cli_printf("usage: precis %s [OPTIONS] [FILE|DIR|-]...\n\n%s\n\noptions:\n",
		           cmd->name, cmd->description);
		for (size_t i = 0; i < NOPTIONS; i++)
			if (options[i].commands & cmd->id)
				print_option(&options[i], 0);
	} else {
		cli_printf("usage: precis [OPTIONS] COMMAND [OPTIONS] [FILE|DIR|-]...\n\n"
		           "precis reads press articles in French or English: it tells what\n"
		           "each one says and who said what, in both languages; it also\n"
		           "repairs the text, finds its language, its boilerplate, its\n"
		           "sentences and its quotes, and translates whole folders.\n\n"
		           "commands:\n");
		for (size_t i = 0; i < cli_ncommands; i++)
			cli_printf("  %-12s %s\n", cli_commands[i].name, cli_commands[i].help);
		cli_printf("\noptions (before or after the command):\n");
		for (size_t i = 0; i < NOPTIONS; i++)
			print_option(&options[i], 1);
	}
	cli_printf("\ninputs: files; directories, walked recursively in sorted order (files\n"
	           "named *.txt or *.md unless --glob says otherwise; names starting with a\n"
	           "dot are skipped); - or nothing for standard input.\n\n"
	           "exit status: 0 all done; 1 some inputs failed, the others were done;\n"
	           "2 usage error; 3 configuration error (e.g. lang/ data not found).\n");
	if (!cmd)
		cli_printf("\nRun 'precis COMMAND --help' for the options of one command.\n");
}

void cli_print_usage_hint(void)
{
	fprintf(stderr, "usage: precis [OPTIONS] COMMAND [OPTIONS] [FILE|DIR|-]...\n"
	                "Run 'precis --help' for the commands and options.\n");
}

void cli_release(struct cli *cli)
{
	free(cli->args);
	free(cli->opt.globs.v);
	if (cli->det)
		precis_detector_free(cli->det);
	if (cli->langs)
		precis_langset_free(cli->langs);
	memset(cli, 0, sizeof *cli);
}
