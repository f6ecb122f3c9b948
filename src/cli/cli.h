/*
 * cli.h — what the pieces of the precis program share.
 *
 * The program is a thin layer over libprecis: it includes only the public
 * API (precis/precis.h), never src/core. One table of commands (main.c), one
 * table of options (options.c) that also prints the help, one file per
 * command (cmd_<name>.c), and shared helpers for the input list (inputs.c),
 * the per-input pipeline (run.c), output and messages (output.c).
 *
 * Exit statuses are the contract of DESIGN.md: 0 all done, 1 some inputs
 * failed (the others were done), 2 usage error, 3 fatal configuration error.
 */
#ifndef PRECIS_CLI_H
#define PRECIS_CLI_H

#include <stddef.h>

#include <jansson.h>

#include "precis/backend.h"
#include "precis/precis.h"

enum cli_exit {
	CLI_EXIT_OK = 0,
	CLI_EXIT_FAILED = 1, /* some inputs failed, or the output could not be written */
	CLI_EXIT_USAGE = 2,
	CLI_EXIT_FATAL = 3,
};

/* Output formats, as bits so that a command lists the ones it accepts. */
enum cli_format {
	CLI_FMT_TEXT = 1u << 0,
	CLI_FMT_MARKDOWN = 1u << 1,
	CLI_FMT_JSON = 1u << 2,
	CLI_FMT_HTML = 1u << 3,
};

/* Command ids, as bits so that an option lists the commands it applies to. */
enum cli_command_id {
	CLI_CMD_NORMALIZE = 1u << 0,
	CLI_CMD_DETECT = 1u << 1,
	CLI_CMD_SEGMENT = 1u << 2,
	CLI_CMD_TRANSLATE = 1u << 3,
	CLI_CMD_BACKENDS = 1u << 4,
	CLI_CMD_QUOTES = 1u << 5,
	CLI_CMD_SUMMARIZE = 1u << 6,
};
/* The commands that talk to a backend (DESIGN.md: summarize, quotes later). */
#define CLI_CMD_BACKEND_ALL \
	(CLI_CMD_TRANSLATE | CLI_CMD_BACKENDS | CLI_CMD_SUMMARIZE | CLI_CMD_QUOTES)
#define CLI_CMD_ALL (~0u)

struct cli_strlist {
	const char **v; /* borrowed strings (argv) */
	size_t n, cap;
};

/* What the options set. Strings point into argv. */
struct cli_opts {
	const char *format; /* NULL: text */
	const char *lang;   /* NULL or "auto": detect */
	const char *encoding;
	const char *typography;
	const char *min_words; /* NULL: the default; checked by cli_min_words() */
	/* summarize (checked by cmd_summarize) */
	const char *sentences;
	const char *words;
	const char *ratio;
	const char *summarizer;
	const char *width;
	int color;
	int no_color;
	struct cli_strlist globs; /* empty: the default patterns */
	int strip;
	int all; /* quotes: terms too */
	int no_repair;
	/* Backends (strings checked by the command: cli_backend_opts()). */
	const char *from;    /* NULL or "auto": detected per input */
	const char *to;      /* NULL: the other language of the langset */
	const char *backend; /* NULL: $PRECIS_BACKEND, the config file, or none */
	const char *base_url;
	const char *model;
	const char *jobs;
	const char *timeout;
	const char *retries;
	const char *cache;
	const char *out_dir;
	int no_cache;
	int no_context; /* summarize, quotes: no lead as context */
	int dry_run;
	int check;
	int quiet;
	int verbose;
	int help;
	int version;
};

struct cli;

struct cli_command {
	const char *name;
	unsigned id;             /* enum cli_command_id */
	const char *help;        /* one line, for `precis --help` */
	const char *description; /* a few lines, for `precis COMMAND --help` */
	unsigned formats;        /* enum cli_format bits it accepts */
	int (*run)(struct cli *cli); /* returns an enum cli_exit */
};

struct cli {
	const struct cli_command *cmd; /* NULL until the command name is read */
	struct cli_opts opt;
	unsigned format;    /* one enum cli_format bit */
	char **args;        /* the inputs named on the command line (argv storage) */
	size_t nargs;
	/* Set by cli_run_inputs() before the first input. */
	struct precis_langset *langs;
	struct precis_detector *det;
	const struct precis_lang *typography; /* NULL: none */
	unsigned long seen; /* bit i: option i of the table was given */
	int headers;        /* several inputs: `==> NAME <==` before each text output */
	size_t printed;     /* outputs printed so far (for the blank line before a header) */
};

/* main.c */
extern const struct cli_command cli_commands[];
extern const size_t cli_ncommands;

/* options.c: parses argv into cli (command, options, inputs). Returns
 * CLI_EXIT_OK or CLI_EXIT_USAGE after printing a message. */
int cli_parse(struct cli *cli, int argc, char **argv);
/* Checks what depends on the command: options that do not apply to it,
 * the --format value. Returns CLI_EXIT_OK or CLI_EXIT_USAGE (message printed). */
int cli_check(struct cli *cli);
/* `precis --help` (cmd NULL) or `precis COMMAND --help`, generated from the
 * tables. */
void cli_print_help(const struct cli_command *cmd);
void cli_print_usage_hint(void);
void cli_release(struct cli *cli);

struct cli_input;

/* run.c: the text front over every input, then the stages the flags ask
 * for. emit prints one doc; it returns 0, or -1 when it found a per-input
 * problem it already reported. */
typedef int (*cli_emit_fn)(struct cli *cli, const struct precis_doc *doc);
enum cli_run_flags {
	CLI_RUN_NO_STRIP = 1u << 0, /* the command never looks at boilerplate marks */
	CLI_RUN_QUOTES = 1u << 1,   /* precis_quotes() after the text front */
};
int cli_run_inputs(struct cli *cli, cli_emit_fn emit, unsigned flags);
/* The text front options of cli (--encoding, --no-repair, the forced
 * language from cli_front_setup(), the flags' stripping). */
void cli_text_opts(const struct cli *cli, const char *forced, unsigned flags,
                   struct precis_text_opts *topts);
/* One listed input through the text front (and precis_quotes() with
 * CLI_RUN_QUOTES): the doc (caller frees), or NULL once the problem is
 * reported, *status made worse and *stop set when the run must stop. */
struct precis_doc *cli_front_input(struct cli *cli, const struct cli_input *input,
                                   const struct precis_text_opts *topts, unsigned flags,
                                   int *status, int *stop);
/* The worse of two exit statuses. */
int cli_worse(int a, int b);
/* Loads the language data and the detector into cli once; *forced gets the
 * --lang (or `forced_option`'s value) code, or NULL. Returns an exit status
 * (the message printed). */
int cli_front_setup(struct cli *cli, const char *forced_option, const char *forced_value,
                    const char **forced);
/* The exit status a library error leads to; *stop set when the run stops. */
int cli_status_of(enum precis_status st, int *stop);
/* Prints `==> NAME <==` (text format, several inputs) before a doc's output. */
void cli_output_begin(struct cli *cli, const struct precis_doc *doc);
/* The text that normalize and segment print for a doc: the whole text, or
 * with --strip its paragraphs that are not boilerplate. *owned is set when
 * the result was allocated (free it); else it is the doc's storage. */
const char *cli_kept_text(const struct cli *cli, const struct precis_doc *doc, size_t *len,
                          char **owned);

/* inputs.c */
struct cli_input {
	char *path;          /* as given or as found in a directory; "-": standard input */
	int error;           /* an errno found while listing, or 0 */
	const char *problem; /* or a problem found while listing, or NULL */
};
struct cli_inputs {
	struct cli_input *v;
	size_t n, cap;
};
/* Expands the command-line inputs (files, directories walked recursively in
 * sorted order, "-") into a list. Nothing named means standard input.
 * Problems are kept in the list, to be reported in order. */
void cli_inputs_expand(struct cli_inputs *in, char **args, size_t nargs,
                       const struct cli_strlist *globs);
void cli_inputs_release(struct cli_inputs *in);
/* Reads a whole input ("-": standard input) into *data (NUL-terminated,
 * caller frees). On failure returns the status and fills err. */
enum precis_status cli_read_input(const char *path, char **data, size_t *len,
                                  struct precis_error *err);
/* Explains a listing problem of `input` into err. */
void cli_input_problem(const struct cli_input *input, const struct cli_strlist *globs,
                       struct precis_error *err);

/* output.c: buffered standard output that remembers the first write error,
 * and messages on standard error. */
void cli_output_init(int quiet, int verbose);
void cli_write(const void *data, size_t n);
void cli_puts(const char *s);
void cli_printf(const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 1, 2)))
#endif
	;
/* Flushes; on a write error prints one message and returns -1. */
int cli_output_flush(void);
/* 1 once a write to standard output has failed (the message is printed by
 * cli_output_flush). */
int cli_output_failed(void);
/* json.c: one JSON document on one line (sorted keys, compact); steals root. */
void cli_print_json(json_t *root);
/* Writes one JSON value (steals it). */
void cli_json_value(json_t *value);
/* Streams an object member by member; keys must come in sorted order (it
 * aborts otherwise, a bug), so the output equals a sorted dump. */
struct cli_json {
	size_t n;
	const char *last;
};
void cli_json_begin(struct cli_json *j);
void cli_json_set(struct cli_json *j, const char *key, json_t *value); /* steals value */
void cli_json_key(struct cli_json *j, const char *key); /* then write the value yourself */
void cli_json_end(struct cli_json *j);
/* Writes one array element, with a comma before all but the first. */
void cli_json_item(size_t *count, json_t *value);
/* A JSON string from bytes that should be UTF-8: invalid bytes become U+FFFD,
 * so a strange file name never makes the output invalid. New reference. */
json_t *cli_json_string(const char *s, size_t n);
/* A confidence 0..1, rounded to 3 decimals so outputs are stable. */
json_t *cli_json_confidence(double c);

/* "precis: 'subject': message" (subject may be NULL). Always printed. */
void cli_error(const char *subject, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
/* The same for a library error about input `name`. */
void cli_report(const char *name, const struct precis_error *err);
/* Warnings (silenced by -q) and details (shown by -v). */
void cli_warn(const char *subject, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
void cli_info(const char *subject, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
/* strerror(e) with a lowercase first letter, for messages. Static storage
 * until the next call. */
const char *cli_strerror(int e);

/* xalloc: out of memory ends the program with a message. */
void *cli_xmalloc(size_t n);
void *cli_xrealloc(void *p, size_t n);
char *cli_xstrdup(const char *s);
/* Grows *v (elements of `elem` bytes) to hold at least `need`. */
void *cli_xgrow(void *v, size_t *cap, size_t need, size_t elem);

/* report_run.c: the run of a command that prints reports (summarize;
 * quotes with a translating backend): the inputs through the text front
 * and the quotes, in chunks, one precis_report_build() a chunk, each report
 * handed to render in input order (its warnings already printed on
 * standard error unless the format is json). Returns the exit status. */
struct cli_report_run {
	struct precis_report_opts opts; /* set by the command */
	void (*render)(void *ctx, const struct precis_report *r);
	void *ctx;
	const char *hint; /* out: a report's hint (static storage), or NULL */
};
int cli_report_run(struct cli *cli, struct cli_report_run *run);
/* The backend the options name, checked against what opts asks of it (the
 * llm summarizer needs openai). Returns an exit status (message printed). */
int cli_report_backend(struct cli *cli, const struct precis_report_opts *opts,
                       precis_progress_fn progress, void *progress_ctx,
                       struct precis_backend **out);

/* The commands (cmd_<name>.c). */
int cmd_normalize(struct cli *cli);
int cmd_detect(struct cli *cli);
int cmd_segment(struct cli *cli);
int cmd_translate(struct cli *cli);
int cmd_backends(struct cli *cli);

/* backend_opts.c: the backend options of cli as library options (numbers
 * checked: a usage error is printed and CLI_EXIT_USAGE returned). The log
 * callback prints warnings (unless -q) and, with -v, request lines. */
int cli_backend_opts(struct cli *cli, struct precis_backend_opts *o);
/* A backend error as an exit status: usage 2, anything else fatal 3. */
int cli_backend_fatal(const struct precis_error *err);
int cmd_quotes(struct cli *cli);
int cmd_summarize(struct cli *cli);
/* Checks --to, if given: a language code with an optional region (fr,
 * en-GB). Returns CLI_EXIT_OK or CLI_EXIT_USAGE (message printed). */
int cli_check_to(const struct cli *cli);

/* options.c: a whole number from min to max given to --option; else a
 * usage error is printed and CLI_EXIT_USAGE returned. */
int cli_whole(const char *option, const char *value, long min, long max, long *out);
/* options.c: the --min-words value (default 4), checked (usage error
 * printed, CLI_EXIT_USAGE returned). */
int cli_min_words(const struct cli *cli, size_t *out);

/* output.c: Markdown that shows s as written (inline syntax and block
 * starts escaped); in a blockquote (quoted) a line break is a new
 * paragraph of the quote, elsewhere a space. */
void cli_write_md(const char *s, int quoted);

/* json.c: boilerplate paragraph i of doc as {paragraph, reason, text}. */
json_t *cli_json_dropped(const struct precis_doc *doc, size_t i);

/* quote_json.c: a quote as precis.quotes/1 and precis.report/1 write it:
 * {confidence, cue, end, kind, paragraph, role, sentence, source_end,
 * source_start, speaker, start, text, translation} (translation NULL:
 * null). New reference. */
json_t *cli_quote_json(const struct precis_doc *doc, const struct precis_quote *q,
                       const char *translation, size_t translation_len);

/* quote_marks.c: the marks to print around a quote: those around it in
 * the article (with their spacing), else the outer marks of its
 * paragraph's language, of the doc's, else straight ones. */
struct cli_marks {
	char open[32], close[32];
};
void cli_quote_marks(const struct cli *cli, const struct precis_doc *doc,
                     const struct precis_quote *q, struct cli_marks *m);
/* The outer marks of language `code` (quote_outer in its meta.txt, with
 * the spacing of space_inside_quote_outer); 0 when it has none. */
int cli_lang_marks(const struct cli *cli, const char *code, struct cli_marks *m);
/* The language part of a target such as en-GB ("en"), for its data and
 * marks; code may be NULL (""). */
void cli_base_lang(const char *code, char *out, size_t size);
/* text, to be set inside the outer marks of language code, with its own
 * outer marks turned into the inner ones (quote_inner; and without the
 * no-break spaces inside them when space_inside_quote_inner is none), as
 * a quote within a quote is written. malloc'd (caller frees). */
char *cli_nest_marks(const struct cli *cli, const char *code, const char *text, size_t len,
                     size_t *out_len);

/* progress.c: a progress line on standard error, redrawn at most ten
 * times a second, only when standard error is a terminal and not -q. */
struct cli_progress {
	int on;
	size_t total;
	double t0, last;
};
double cli_now(void);
void cli_progress_init(struct cli_progress *p, const struct cli *cli, size_t total);
/* done (may be fractional) of total, and what follows the count
 * ("12 chars  3 requests"); final clears the line. */
void cli_progress_draw(struct cli_progress *p, double done, size_t shown_done,
                       const char *extra, int final);

#endif
