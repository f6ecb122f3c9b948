/*
 * output.c — standard output and messages.
 *
 * Output goes through stdio with a large buffer; the first failed write
 * (EPIPE when SIGPIPE is ignored, ENOSPC, EIO...) is remembered with its
 * errno so that one clear message can be printed and the run can stop.
 * Messages follow one shape: "precis: 'subject': what failed; what to do".
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

static int quiet, verbose;
static int write_errno;   /* errno of the first failed write, or 0 */
static int write_failed;  /* a write failed */
static int write_reported; /* its message was printed */

void cli_output_init(int q, int v)
{
	static int buffered;
	quiet = q;
	verbose = v;
	/* A terminal keeps line buffering; a pipe or file gets a big buffer. */
	if (!buffered && !isatty(STDOUT_FILENO))
		setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	buffered = 1;
}

static void note_failure(void)
{
	if (!write_failed)
		write_errno = errno;
	write_failed = 1;
}

void cli_write(const void *data, size_t n)
{
	if (write_failed || n == 0)
		return;
	if (fwrite(data, 1, n, stdout) != n)
		note_failure();
}

void cli_puts(const char *s)
{
	cli_write(s, strlen(s));
}

void cli_printf(const char *fmt, ...)
{
	if (write_failed)
		return;
	va_list ap;
	va_start(ap, fmt);
	int r = vfprintf(stdout, fmt, ap);
	va_end(ap);
	if (r < 0)
		note_failure();
}

int cli_output_failed(void)
{
	return write_failed || ferror(stdout);
}

int cli_output_flush(void)
{
	if (!write_failed && fflush(stdout) == EOF)
		note_failure();
	if (!write_failed && ferror(stdout)) {
		write_failed = 1;
		write_errno = EIO;
	}
	if (!write_failed)
		return 0;
	if (!write_reported) {
		const char *hint = write_errno == ENOSPC  ? "; free some space or write elsewhere"
		                   : write_errno == EPIPE ? "; the reading end of the pipe was closed"
		                                          : "";
		cli_error(NULL, "cannot write the output: %s%s",
		          write_errno ? cli_strerror(write_errno) : "write error", hint);
		write_reported = 1;
	}
	return -1;
}

static void vmessage(const char *subject, const char *fmt, va_list ap)
{
	/* One fprintf for the whole line, so lines from parallel runs do not mix. */
	char msg[2048];
	vsnprintf(msg, sizeof msg, fmt, ap);
	if (subject)
		fprintf(stderr, "precis: '%s': %s\n", subject, msg);
	else
		fprintf(stderr, "precis: %s\n", msg);
}

void cli_error(const char *subject, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmessage(subject, fmt, ap);
	va_end(ap);
}

void cli_warn(const char *subject, const char *fmt, ...)
{
	if (quiet)
		return;
	va_list ap;
	va_start(ap, fmt);
	vmessage(subject, fmt, ap);
	va_end(ap);
}

void cli_info(const char *subject, const char *fmt, ...)
{
	if (!verbose)
		return;
	va_list ap;
	va_start(ap, fmt);
	vmessage(subject, fmt, ap);
	va_end(ap);
}

void cli_report(const char *name, const struct precis_error *err)
{
	const char *msg = err->message[0] ? err->message : precis_status_name(err->status);
	/* The library names its subject in err->where; when that is not the input
	 * itself (an encoding, a lang/ file), say both. */
	if (!err->where[0] || strcmp(err->where, name) == 0)
		cli_error(name, "%s", msg);
	else
		cli_error(name, "%s: %s", err->where, msg);
}

const char *cli_strerror(int e)
{
	static char buf[256];
	snprintf(buf, sizeof buf, "%s", strerror(e));
	if (buf[0] >= 'A' && buf[0] <= 'Z' && !(buf[1] >= 'A' && buf[1] <= 'Z'))
		buf[0] = (char)(buf[0] - 'A' + 'a');
	return buf;
}

void *cli_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p) {
		fputs("precis: out of memory\n", stderr);
		abort();
	}
	return p;
}

void *cli_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q) {
		fputs("precis: out of memory\n", stderr);
		abort();
	}
	return q;
}

char *cli_xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(cli_xmalloc(n), s, n);
}

void *cli_xgrow(void *v, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return v;
	size_t c = *cap ? *cap : 8;
	while (c < need)
		c *= 2;
	if (c > (size_t)-1 / elem) {
		fputs("precis: out of memory\n", stderr);
		abort();
	}
	*cap = c;
	return cli_xrealloc(v, c * elem);
}

/* Writes s so that Markdown shows it as written: what means something
 * inline (emphasis, code, links, HTML, entities) is escaped, and so is what
 * would start a block at the start of a line (a heading, a list, a rule, a
 * blockquote, a numbered item). In a blockquote (quoted), a line break is a
 * new paragraph of the quote: an empty `>` line, then `> `; elsewhere it is
 * a space. */
void cli_write_md(const char *s, int quoted)
{
	int line_start = 1;
	for (; *s; s++) {
		char c = *s;
		if (c == '\n') {
			cli_puts(quoted ? "\n>\n> " : " ");
			line_start = quoted;
			continue;
		}
		if (line_start) {
			size_t digits = strspn(s, "0123456789");
			if (strchr("-+=~#>", c)) {
				cli_write("\\", 1);
			} else if (digits && (s[digits] == '.' || s[digits] == ')')) {
				cli_write(s, digits);
				s += digits;
				c = *s;
				cli_write("\\", 1);
			}
		}
		int entity = c == '&' &&
		             (s[1] == '#' || ((s[1] | 0x20) >= 'a' && (s[1] | 0x20) <= 'z'));
		if ((c && strchr("\\`*_[]<", c)) || entity)
			cli_write("\\", 1);
		cli_write(&c, 1);
		line_start = 0;
	}
}
