/*
 * json.c — JSON Lines output: one document per input, one a line.
 *
 * Keys come out sorted and compact, so outputs diff well and golden files
 * are stable. Large documents are streamed member by member instead of being
 * built as one tree (a 64 MB article has hundreds of thousands of sentences);
 * the writer checks that keys are given in sorted order, so the stream is
 * byte for byte what a JSON_SORT_KEYS dump of the whole tree would be.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

#define DUMP_FLAGS (JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(6) | JSON_ENCODE_ANY)

static int dump_callback(const char *buffer, size_t size, void *data)
{
	(void)data;
	cli_write(buffer, size);
	return cli_output_failed() ? -1 : 0;
}

void cli_print_json(json_t *root)
{
	cli_json_value(root);
	cli_write("\n", 1);
}

void cli_json_value(json_t *value)
{
	if (!value) {
		/* Only an allocation failure inside jansson gets here. */
		fputs("precis: out of memory\n", stderr);
		abort();
	}
	json_dump_callback(value, dump_callback, NULL, DUMP_FLAGS);
	json_decref(value);
}

static void next_member(struct cli_json *j, const char *key)
{
	if (j->last && strcmp(j->last, key) >= 0) {
		fprintf(stderr, "precis: internal error: JSON key '%s' after '%s'\n", key, j->last);
		abort();
	}
	if (j->n++)
		cli_write(",", 1);
	j->last = key;
	cli_json_value(json_string(key));
	cli_write(":", 1);
}

void cli_json_begin(struct cli_json *j)
{
	j->n = 0;
	j->last = NULL;
	cli_write("{", 1);
}

void cli_json_set(struct cli_json *j, const char *key, json_t *value)
{
	next_member(j, key);
	cli_json_value(value);
}

void cli_json_key(struct cli_json *j, const char *key)
{
	next_member(j, key);
}

void cli_json_end(struct cli_json *j)
{
	cli_write("}", 1);
	(void)j;
}

void cli_json_item(size_t *count, json_t *value)
{
	if ((*count)++)
		cli_write(",", 1);
	cli_json_value(value);
}

/* Length of the valid UTF-8 sequence at s (at most n bytes), or 0. */
static size_t utf8_valid_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	size_t len;
	unsigned min;
	unsigned cp;
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		len = 2, cp = c & 0x1F, min = 0x80;
	else if (c >= 0xE0 && c <= 0xEF)
		len = 3, cp = c & 0x0F, min = 0x800;
	else if (c >= 0xF0 && c <= 0xF4)
		len = 4, cp = c & 0x07, min = 0x10000;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

json_t *cli_json_string(const char *s, size_t n)
{
	json_t *j = json_stringn(s, n);
	if (j)
		return j;
	/* Not UTF-8 (a file name in another encoding): keep what is valid. */
	const unsigned char *u = (const unsigned char *)s;
	char *fixed = cli_xmalloc(n * 3 + 1);
	size_t w = 0;
	for (size_t i = 0; i < n;) {
		size_t len = utf8_valid_len(u + i, n - i);
		if (len) {
			memcpy(fixed + w, s + i, len);
			w += len;
			i += len;
		} else {
			memcpy(fixed + w, "\xEF\xBF\xBD", 3);
			w += 3;
			i++;
		}
	}
	j = json_stringn(fixed, w);
	free(fixed);
	return j ? j : json_string("");
}

json_t *cli_json_confidence(double c)
{
	if (!(c >= 0))
		c = 0;
	if (c > 1)
		c = 1;
	return json_real(round(c * 1000) / 1000);
}

json_t *cli_json_dropped(const struct precis_doc *doc, size_t i)
{
	const struct precis_para *p = precis_doc_paragraph(doc, i);
	const char *text = precis_doc_text(doc, NULL);
	json_t *reason = p->boilerplate_reason ? cli_json_string(p->boilerplate_reason,
	                                                         strlen(p->boilerplate_reason))
	                                       : json_null();
	return json_pack("{s:I, s:o, s:o}", "paragraph", (json_int_t)i, "reason", reason, "text",
	                 cli_json_string(text + p->span.start, p->span.end - p->span.start));
}
