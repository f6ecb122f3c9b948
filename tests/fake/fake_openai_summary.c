/* The fake OpenAI server's summary mode: a chat request asking for an
 * article summary (precis --summarizer llm) is answered with the schema's
 * shape, deterministically, so tests can assert what comes back:
 *
 *   summary            the first N sentences of the data's "text", each
 *                      with "[SUM] " in front (N: the first "in N
 *                      sentence(s)", "in at most N sentences" or "(about N
 *                      sentences" in the system message, else 3)
 *   summary_translated fake_translation(target, sentence) of the same
 *                      sentences, without the "[SUM] " tag: "[EN] ..."
 *   title_translated   fake_translation(target, title), "" for no title
 *   quotes_translated  fake_translation(target, quote) for each quote
 *
 * A chunk request (schema "chunk_summary") gets {"summary": [...]} only.
 * A request is a summary one by its json_schema's name ("article_summary",
 * "chunk_summary"), or, without one (json_object), by its system message
 * naming "summary_translated" (final) or "summary" (chunk). The data is
 * the JSON object after the "<untrusted-data>" line of the user message. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_int.h"

#define TAG "[SUM] "

static char *system_text(json_t *messages)
{
	size_t i;
	json_t *m;
	json_array_foreach(messages, i, m)
	{
		const char *role = json_string_value(json_object_get(m, "role"));
		json_t *content = json_object_get(m, "content");
		if (role && (!strcmp(role, "system") || !strcmp(role, "developer")) &&
		    json_is_string(content))
			return fake_xstrdup(json_string_value(content));
	}
	return fake_xstrdup("");
}

int fake_summary_read(struct fake_call *c, json_t *messages, const char *user)
{
	json_t *rf = json_object_get(c->json, "response_format");
	const char *name = json_string_value(
	    json_object_get(json_object_get(rf, "json_schema"), "name"));
	char *sys = system_text(messages);
	int kind = 0;
	if (name && !strcmp(name, "article_summary"))
		kind = FAKE_SUMMARY_FINAL;
	else if (name && !strcmp(name, "chunk_summary"))
		kind = FAKE_SUMMARY_CHUNK;
	else if (!name && strstr(sys, "\"summary_translated\""))
		kind = FAKE_SUMMARY_FINAL;
	else if (!name && strstr(sys, "\"summary\"") && strstr(sys, "summar"))
		kind = FAKE_SUMMARY_CHUNK;
	const char *d = user ? strstr(user, "<untrusted-data>") : NULL;
	if (!kind || !d) {
		free(sys);
		return 0;
	}
	json_error_t je;
	json_t *data = json_loads(strchr(d, '>') + 1, JSON_DISABLE_EOF_CHECK, &je);
	if (!json_is_object(data) || !json_is_string(json_object_get(data, "text"))) {
		json_decref(data);
		free(sys);
		return 0;
	}
	c->summary = data;
	c->summary_kind = kind;
	/* How many sentences are asked. */
	c->summary_n = 3;
	for (const char *p = sys; *p; p++) {
		unsigned n;
		char word[16];
		if ((sscanf(p, "in %u %15[a-z]", &n, word) == 2 ||
		     sscanf(p, "in at most %u %15[a-z]", &n, word) == 2 ||
		     sscanf(p, "(about %u %15[a-z]", &n, word) == 2) &&
		    (p == sys || p[-1] == ' ') && !strncmp(word, "sentence", 8) &&
		    n > 0) {
			c->summary_n = n;
			break;
		}
	}
	free(sys);
	json_t *t = json_object_get(data, "text");
	fake_add_text(c->rq, json_string_value(t), json_string_length(t));
	size_t i;
	json_t *q;
	json_array_foreach(json_object_get(data, "quotes"), i, q)
	    fake_add_text(c->rq, json_string_value(q), json_string_length(q));
	return 1;
}

/* The first n sentences of s: a sentence ends at . ! ? followed by a
 * space or the end, or at a line break. */
static json_t *first_sentences(const char *s, size_t n)
{
	json_t *a = json_array();
	const char *p = s;
	while (*p && json_array_size(a) < n) {
		while (*p == ' ' || *p == '\n')
			p++;
		if (!*p)
			break;
		const char *e = p;
		while (*e && *e != '\n' &&
		       !((*e == '.' || *e == '!' || *e == '?') &&
		         (e[1] == ' ' || !e[1] || e[1] == '\n')))
			e++;
		if (*e && *e != '\n')
			e++;
		size_t len = (size_t)(e - p);
		if (len >= strlen(TAG) && !strncmp(p, TAG, strlen(TAG))) {
			p += strlen(TAG);
			len -= strlen(TAG);
		}
		json_array_append_new(a, json_stringn(p, len));
		p = e;
	}
	return a;
}

static json_t *translated(const char *target, json_t *arr, size_t drop)
{
	json_t *out = json_array();
	size_t i, n = json_array_size(arr);
	json_t *v;
	json_array_foreach(arr, i, v)
	{
		if (i + drop >= n)
			break;
		size_t len;
		char *t = fake_translation(target, json_string_value(v),
		                           json_string_length(v), &len);
		json_array_append_new(out, json_stringn(t, len));
		free(t);
	}
	return out;
}

char *fake_summary_content(struct fake_call *c, int short_reply, size_t *ntexts)
{
	const char *target = c->rq->target;
	json_t *data = c->summary;
	json_t *plain = first_sentences(json_string_value(json_object_get(data, "text")),
	                                c->summary_n);
	json_t *tagged = json_array();
	size_t i;
	json_t *v;
	json_array_foreach(plain, i, v)
	{
		size_t len = json_string_length(v) + strlen(TAG);
		char *t = fake_xmalloc(len + 1);
		snprintf(t, len + 1, TAG "%s", json_string_value(v));
		json_array_append_new(tagged, json_stringn(t, len));
		free(t);
	}
	json_t *o = json_pack("{s:o}", "summary", tagged);
	*ntexts = 1;
	if (c->summary_kind == FAKE_SUMMARY_FINAL) {
		json_object_set_new(o, "summary_translated",
		                    translated(target, plain, 0));
		json_t *title = json_object_get(data, "title");
		if (json_is_string(title) && json_string_length(title)) {
			size_t len;
			char *t = fake_translation(target, json_string_value(title),
			                           json_string_length(title), &len);
			json_object_set_new(o, "title_translated", json_stringn(t, len));
			free(t);
		} else {
			json_object_set_new(o, "title_translated", json_string(""));
		}
		json_t *quotes = json_object_get(data, "quotes");
		size_t nq = json_array_size(quotes);
		size_t drop = short_reply && nq ? 1 : 0;
		json_object_set_new(o, "quotes_translated",
		                    translated(target, quotes, drop));
		*ntexts += nq - drop;
	}
	json_decref(plain);
	char *s = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	return s;
}
