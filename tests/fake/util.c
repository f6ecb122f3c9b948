/* Small helpers of the fake server: memory, form decoding, replies, and
 * the deterministic "translation". */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_int.h"

void *fake_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p) {
		fputs("fakeapi: out of memory\n", stderr);
		abort();
	}
	return p;
}

void *fake_xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p) {
		fputs("fakeapi: out of memory\n", stderr);
		abort();
	}
	return p;
}

char *fake_xstrndup(const char *s, size_t n)
{
	char *d = fake_xmalloc(n + 1);
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *fake_xstrdup(const char *s)
{
	return s ? fake_xstrndup(s, strlen(s)) : NULL;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static char *form_decode(const char *s, size_t len)
{
	char *d = fake_xmalloc(len + 1);
	size_t j = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '+') {
			d[j++] = ' ';
		} else if (s[i] == '%' && i + 2 < len && hexval(s[i + 1]) >= 0 &&
		           hexval(s[i + 2]) >= 0) {
			d[j++] = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
			i += 2;
		} else {
			d[j++] = s[i];
		}
	}
	d[j] = '\0';
	return d;
}

void fake_form_parse(const char *s, size_t len, struct fake_pair **pairs, size_t *n)
{
	size_t i = 0;
	while (i < len) {
		size_t end = i;
		while (end < len && s[end] != '&')
			end++;
		if (end > i) {
			size_t eq = i;
			while (eq < end && s[eq] != '=')
				eq++;
			*pairs = fake_xrealloc(*pairs, (*n + 1) * sizeof **pairs);
			(*pairs)[*n].name = form_decode(s + i, eq - i);
			(*pairs)[*n].value = eq < end
			                         ? form_decode(s + eq + 1, end - eq - 1)
			                         : fake_xstrdup("");
			(*n)++;
		}
		i = end + 1;
	}
}

const char *fake_pair_get(const struct fake_pair *p, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(p[i].name, name) == 0)
			return p[i].value;
	return NULL;
}

const char *fake_arg(const struct fake_call *c, const char *name)
{
	return fake_pair_get(c->args, c->nargs, name);
}

const char *fake_param(const struct fake_call *c, const char *name)
{
	if (c->json) {
		json_t *v = json_object_get(c->json, name);
		return json_is_string(v) ? json_string_value(v) : NULL;
	}
	return fake_arg(c, name);
}

size_t fake_utf8_count(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

void fake_add_text(struct fake_request *rq, const char *s, size_t len)
{
	rq->texts = fake_xrealloc(rq->texts, (rq->ntexts + 1) * sizeof *rq->texts);
	rq->text_lens =
	    fake_xrealloc(rq->text_lens, (rq->ntexts + 1) * sizeof *rq->text_lens);
	rq->texts[rq->ntexts] = fake_xstrndup(s, len);
	rq->text_lens[rq->ntexts] = len;
	rq->ntexts++;
}

unsigned long fake_text_chars(const struct fake_request *rq)
{
	unsigned long n = 0;
	for (size_t i = 0; i < rq->ntexts; i++)
		n += fake_utf8_count(rq->texts[i], rq->text_lens[i]);
	return n;
}

char *fake_upper(const char *s)
{
	char *d = fake_xstrdup(s);
	for (char *p = d; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	return d;
}

int fake_streq_ci(const char *a, const char *b)
{
	if (!a || !b)
		return 0;
	while (*a && *b) {
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return 0;
		a++;
		b++;
	}
	return *a == *b;
}

int fake_in_list(const char *list, const char *name, size_t name_len)
{
	const char *p = list;
	while (p && *p) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		if (n == name_len && memcmp(p, name, n) == 0)
			return 1;
		p = end ? end + 1 : NULL;
	}
	return 0;
}

static const char *memmem_s(const char *h, size_t hl, const char *n, size_t nl)
{
	if (nl == 0)
		return h;
	for (size_t i = 0; i + nl <= hl; i++)
		if (h[i] == n[0] && memcmp(h + i, n, nl) == 0)
			return h + i;
	return NULL;
}

int fake_poisoned(const struct fake_call *c)
{
	const char *p = c->faults->poison;
	if (!p || !*p)
		return 0;
	for (size_t i = 0; i < c->rq->ntexts; i++)
		if (memmem_s(c->rq->texts[i], c->rq->text_lens[i], p, strlen(p)))
			return 1;
	return 0;
}

char *fake_translation(const char *target, const char *text, size_t len, size_t *out_len)
{
	char tag[64];
	size_t tl = 0;
	tag[tl++] = '[';
	for (const char *p = target ? target : "XX"; *p && tl < sizeof tag - 3; p++)
		tag[tl++] = (char)toupper((unsigned char)*p);
	tag[tl++] = ']';
	tag[tl++] = ' ';

	size_t lines = 1;
	for (size_t i = 0; i < len; i++)
		lines += text[i] == '\n';
	char *out = fake_xmalloc(len + lines * tl + 1);
	size_t o = 0, i = 0;
	while (i <= len) {
		size_t end = i;
		while (end < len && text[end] != '\n')
			end++;
		int blank = 1;
		for (size_t j = i; j < end; j++)
			if (!isspace((unsigned char)text[j]))
				blank = 0;
		if (!blank) {
			memcpy(out + o, tag, tl);
			o += tl;
		}
		memcpy(out + o, text + i, end - i);
		o += end - i;
		if (end < len)
			out[o++] = '\n';
		i = end + 1;
	}
	out[o] = '\0';
	if (out_len)
		*out_len = o;
	return out;
}

void fake_reply_clear(struct fake_reply *rep)
{
	free(rep->body);
	for (size_t i = 0; i < rep->nh; i++) {
		free(rep->hname[i]);
		free(rep->hvalue[i]);
	}
	memset(rep, 0, sizeof *rep);
}

void fake_reply_json(struct fake_reply *rep, int status, json_t *v)
{
	free(rep->body);
	rep->status = status;
	rep->body = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	rep->len = strlen(rep->body);
	rep->ctype = "application/json";
	json_decref(v);
}

void fake_reply_text(struct fake_reply *rep, int status, const char *ctype,
                     const char *text)
{
	free(rep->body);
	rep->status = status;
	rep->body = fake_xstrdup(text);
	rep->len = strlen(text);
	rep->ctype = ctype;
}

void fake_reply_header(struct fake_reply *rep, const char *name, const char *value)
{
	for (size_t i = 0; i < rep->nh; i++) {
		if (fake_streq_ci(rep->hname[i], name)) {
			free(rep->hvalue[i]);
			rep->hvalue[i] = fake_xstrdup(value);
			return;
		}
	}
	if (rep->nh == sizeof rep->hname / sizeof rep->hname[0])
		return;
	rep->hname[rep->nh] = fake_xstrdup(name);
	rep->hvalue[rep->nh] = fake_xstrdup(value);
	rep->nh++;
}

void fake_reply_proxy_413(struct fake_reply *rep)
{
	fake_reply_text(
	    rep, 413, "text/html",
	    "<html>\r\n<head><title>413 Request Entity Too Large</title></head>\r\n"
	    "<body>\r\n<center><h1>413 Request Entity Too Large</h1></center>\r\n"
	    "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n");
}
