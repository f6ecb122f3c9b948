/*
 * main.c — the table of commands and the program's entry point.
 *
 * Only commands that work are listed; summarize, the main job, comes
 * first. The help text is
 * generated from this table and the option table (options.c).
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"

const struct cli_command cli_commands[] = {
	{"summarize", CLI_CMD_SUMMARIZE, "bilingual summary and quotes of each article (the main job)",
	 "Print a report of each input: its language, its title, a short summary in\n"
	 "the article's language and in the other one (--to), and its quotes with\n"
	 "who said them, each with its translation. The summary is local and\n"
	 "offline (extractive) unless --summarizer llm asks an openai backend.\n"
	 "Translation needs a backend (-b deepl, libretranslate, openai, apertium;\n"
	 "or $PRECIS_BACKEND); without one the report is in the article's language\n"
	 "and its last line says how to turn translation on. Requests of many\n"
	 "articles go out together, through the translation memory.\n"
	 "--format text (wrapped at --width, coloured on a terminal), markdown, or\n"
	 "json (precis.report/1, one document a line).",
	 CLI_FMT_TEXT | CLI_FMT_MARKDOWN | CLI_FMT_JSON, cmd_summarize},
	{"quotes", CLI_CMD_QUOTES, "direct quotes with speakers",
	 "Print the direct quotes of each input with who said them, one block a\n"
	 "quote: the speaker ((unknown) when the article does not name one), the\n"
	 "role in parentheses and the reporting verb as written, then the quote\n"
	 "in its quotation marks.\n"
	 "Statements of at least --min-words words are listed; --all adds the\n"
	 "terms (scare quotes, titles, names in quotes). --format markdown gives a\n"
	 "heading per input and a blockquote per quote; --format json\n"
	 "(precis.quotes/1) adds each quote's byte spans in the normalized text\n"
	 "and in the input, its paragraph, sentence, kind and confidence.",
	 CLI_FMT_TEXT | CLI_FMT_MARKDOWN | CLI_FMT_JSON, cmd_quotes},
	{"translate", CLI_CMD_TRANSLATE, "translate files; with --out-dir, whole folders",
	 "Translate each input through a backend (-b) and print it, or with --out-dir\n"
	 "write DIR/.../NAME.LANG.EXT keeping the folder layout. Paragraphs are kept\n"
	 "one to one; Markdown (*.md) keeps its headings, lists, link URLs and code.\n"
	 "Every paragraph of every input goes in as few requests as the backend\n"
	 "allows; a translation memory means nothing is paid for twice, and a run\n"
	 "stopped halfway finishes the rest when started again. Keys come from the\n"
	 "environment or the config file (DEEPL_AUTH_KEY, OPENAI_API_KEY...).",
	 CLI_FMT_TEXT, cmd_translate},
	{"normalize", CLI_CMD_NORMALIZE, "print the cleaned text",
	 "Print the repaired text of each input: decoded, mojibake and HTML entities\n"
	 "repaired, invisible characters removed, hard-wrapped lines joined. It\n"
	 "repairs; it does not restyle (see --typography). With --strip, web\n"
	 "boilerplate is left out; with --format json, the paragraphs and what was\n"
	 "marked as boilerplate are listed.",
	 CLI_FMT_TEXT | CLI_FMT_JSON, cmd_normalize},
	{"detect", CLI_CMD_DETECT, "print the language of each input",
	 "Print FILE<TAB>LANG<TAB>CONFIDENCE for each input (- for standard input);\n"
	 "LANG is a code under lang/ or und when unsure, CONFIDENCE is 0.00 to 1.00.\n"
	 "With --format json, the language of each paragraph too.",
	 CLI_FMT_TEXT | CLI_FMT_JSON, cmd_detect},
	{"segment", CLI_CMD_SEGMENT, "print one sentence a line",
	 "Print one sentence a line, a blank line between paragraphs. With --strip,\n"
	 "web boilerplate is left out; with --format json, each sentence comes with\n"
	 "its byte span in the normalized text and in the input.",
	 CLI_FMT_TEXT | CLI_FMT_JSON, cmd_segment},
	{"backends", CLI_CMD_BACKENDS, "list backends; --check tries the configured one",
	 "List the translation backends and tell which one is configured (-b,\n"
	 "$PRECIS_BACKEND or the config file). With --check, try it: its server,\n"
	 "whether it answers, whether the key works, the quota left.",
	 CLI_FMT_TEXT, cmd_backends},
};
const size_t cli_ncommands = sizeof cli_commands / sizeof cli_commands[0];

static int finish(struct cli *cli, int status)
{
	if (cli_output_flush() < 0 && status == CLI_EXIT_OK)
		status = CLI_EXIT_FAILED;
	cli_release(cli);
	return status;
}

int main(int argc, char **argv)
{
	struct cli cli = {0};
	cli_output_init(0, 0);

	int status = cli_parse(&cli, argc, argv);
	if (status != CLI_EXIT_OK)
		return finish(&cli, status);
	cli_output_init(cli.opt.quiet, cli.opt.verbose);

	if (cli.opt.help) {
		cli_print_help(cli.cmd);
		return finish(&cli, CLI_EXIT_OK);
	}
	if (cli.opt.version) {
		cli_printf("precis %s\n", precis_version());
		return finish(&cli, CLI_EXIT_OK);
	}
	if (!cli.cmd) {
		cli_error(NULL, "no command given");
		cli_print_usage_hint();
		return finish(&cli, CLI_EXIT_USAGE);
	}
	status = cli_check(&cli);
	if (status != CLI_EXIT_OK)
		return finish(&cli, status);
	return finish(&cli, cli.cmd->run(&cli));
}
