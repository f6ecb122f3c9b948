/* Helpers shared by the protocols (see proto_util.h). */
#include "net/proto_util.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/utf8.h"
#include "util/buf.h"
#include "util/mem.h"

char *px_url_join(const char *base, const char *path)
{
	size_t bl = strlen(base);
	while (bl && base[bl - 1] == '/')
		bl--;
	size_t pl = strlen(path);
	char *url = px_xmalloc(bl + pl + 1);
	memcpy(url, base, bl);
	memcpy(url + bl, path, pl + 1);
	return url;
}

void px_url_encode(struct px_buf *b, const char *s, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
			px_buf_addc(b, (char)c);
		} else {
			char e[3] = {'%', hex[c >> 4], hex[c & 15]};
			px_buf_add(b, e, 3);
		}
	}
}

void px_url_host(const char *url, char *out, size_t size)
{
	if (!size)
		return;
	out[0] = '\0';
	if (!url)
		return;
	const char *p = strstr(url, "://");
	p = p ? p + 3 : url;
	const char *at = NULL;
	size_t n = 0;
	/* The authority ends at the path, query or fragment; user:pass@ goes. */
	while (p[n] && p[n] != '/' && p[n] != '?' && p[n] != '#') {
		if (p[n] == '@')
			at = p + n;
		n++;
	}
	if (at) {
		n -= (size_t)(at + 1 - p);
		p = at + 1;
	}
	size_t h = 0;
	if (n && p[0] == '[') { /* [::1]:8080 */
		while (h < n && p[h] != ']')
			h++;
		if (h < n)
			h++;
	} else {
		while (h < n && p[h] != ':')
			h++;
	}
	size_t k = 0;
	for (; k < h && k + 1 < size; k++)
		out[k] = (char)tolower((unsigned char)p[k]);
	out[k] = '\0';
}

void px_req_json(struct px_http_request *req, const char *method, char *url, json_t *root)
{
	req->method = method;
	req->url = url;
	req->body = json_dumps(root, JSON_COMPACT);
	if (!req->body)
		abort(); /* jansson fails only when out of memory */
	req->body_len = strlen(req->body);
	json_decref(root);
	px_http_request_header(req, "Content-Type", "application/json");
	px_http_request_header(req, "Accept", "application/json");
}

void px_req_secret(struct px_http_request *req, const char *name, const char *value)
{
	px_http_request_header(req, name, value);
	req->secret_header = (int)req->nheaders;
}

json_t *px_json_text(const char *s, size_t len)
{
	return json_stringn(s ? s : "", s ? len : 0);
}

json_t *px_json_texts(const char *backend, const char *const *texts, const size_t *lens,
                      size_t n, struct precis_error *err)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *s = px_json_text(texts[i], lens[i]);
		if (!s) {
			json_decref(arr);
			precis_error_set(err, PRECIS_E_INPUT, backend,
			                 "%s: text %zu is not valid UTF-8", backend, i + 1);
			return NULL;
		}
		json_array_append_new(arr, s);
	}
	return arr;
}

json_t *px_reply_json(const struct px_http_reply *reply)
{
	if (!reply->body || !reply->body_len)
		return NULL;
	return json_loadb(reply->body, reply->body_len, 0, NULL);
}

/* ---- the provider's message ---- */

static json_t *get_path(json_t *root, const char *path)
{
	char part[64];
	json_t *v = root;
	while (v && *path) {
		size_t n = strcspn(path, ".");
		if (n >= sizeof part)
			return NULL;
		memcpy(part, path, n);
		part[n] = '\0';
		v = json_is_object(v) ? json_object_get(v, part) : NULL;
		path += n;
		if (*path == '.')
			path++;
	}
	return v;
}

static int is_word_byte(unsigned char c)
{
	return c > ' ' && c != 0x7f;
}

void px_excerpt(const char *s, size_t len, const char *key, char *out, size_t size)
{
	size_t keylen = key ? strlen(key) : 0;
	size_t o = 0, i = 0;
	int space = 1, cut = 0;
	size_t room = size > 4 ? size - 4 : 0; /* "..." and the NUL */
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		if (space && is_word_byte(c)) {
			size_t j = i;
			while (j < len && is_word_byte((unsigned char)s[j]))
				j++;
			/* sk-abc1****wxyz: a key the provider masked is still
			 * part of a key. */
			const char *star = memchr(s + i, '*', j - i);
			if (star && star + 1 < s + j && star[1] == '*') {
				if (o + 3 > room) {
					cut = 1;
					break;
				}
				memcpy(out + o, "***", 3);
				o += 3;
				i = j;
				space = 0;
				continue;
			}
		}
		if (keylen && len - i >= keylen && memcmp(s + i, key, keylen) == 0) {
			if (o + 3 > room) {
				cut = 1;
				break;
			}
			memcpy(out + o, "***", 3);
			o += 3;
			i += keylen;
			space = 0;
			continue;
		}
		if (c < ' ' || c == 0x7f || c == ' ') {
			if (!space && o < room)
				out[o++] = ' ';
			space = 1;
			i++;
			continue;
		}
		size_t k = i;
		if (px_utf8_next(s, len, &k) < 0) {
			/* a mark, not nothing: dropping the byte could join the
			 * two halves of a key around it */
			if (o + 1 > room) {
				cut = 1;
				break;
			}
			if (!o || out[o - 1] != '?')
				out[o++] = '?';
			i = k;
			space = 0;
			continue;
		}
		if (o + (k - i) > room) {
			cut = 1;
			break;
		}
		memcpy(out + o, s + i, k - i);
		o += k - i;
		i = k;
		space = 0;
	}
	while (o && out[o - 1] == ' ')
		o--;
	if (cut && size >= 4) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	if (size)
		out[o < size ? o : size - 1] = '\0';
}

void px_buf_add_excerpt(struct px_buf *b, const char *s, const char *key)
{
	char tmp[160];
	px_excerpt(s, strlen(s), key, tmp, sizeof tmp);
	px_buf_adds(b, tmp);
}

/* The text of <title>...</title>, or NULL. */
static const char *html_title(const char *body, size_t len, size_t *tlen)
{
	for (size_t i = 0; i + 7 <= len; i++) {
		if (body[i] == '<' && strncasecmp(body + i, "<title>", 7) == 0) {
			size_t s = i + 7, e = s;
			while (e < len && body[e] != '<')
				e++;
			*tlen = e - s;
			return body + s;
		}
	}
	return NULL;
}

void px_reply_message(const struct px_http_reply *reply, const char *const *paths,
                      const char *key, char *out, size_t size)
{
	if (!size)
		return;
	out[0] = '\0';
	if (!reply->body || !reply->body_len)
		return;
	json_t *root = px_reply_json(reply);
	for (size_t p = 0; root && paths && paths[p]; p++) {
		json_t *v = get_path(root, paths[p]);
		if (json_is_string(v) && json_string_length(v)) {
			px_excerpt(json_string_value(v), json_string_length(v), key, out,
			           size);
		} else if (json_is_object(v) || json_is_array(v)) {
			char *s = json_dumps(v, JSON_COMPACT);
			if (s)
				px_excerpt(s, strlen(s), key, out, size);
			free(s);
		}
		if (out[0])
			break;
	}
	json_decref(root);
	if (out[0])
		return;
	size_t tlen;
	const char *t = html_title(reply->body, reply->body_len, &tlen);
	if (t)
		px_excerpt(t, tlen, key, out, size);
	else
		px_excerpt(reply->body, reply->body_len, key, out, size);
}

enum px_reply_class px_reply_fail(enum px_reply_class cls, struct precis_error *err,
                                  const char *backend, const struct px_proto_ctx *ctx,
                                  const struct px_http_reply *reply, const char *msg,
                                  const char *advice, ...)
{
	char head[PX_PROVIDER_MSG + 64], tail[512];
	if (msg && *msg)
		snprintf(head, sizeof head, "%s: HTTP %ld (%s)", backend, reply->status,
		         msg);
	else
		snprintf(head, sizeof head, "%s: HTTP %ld", backend, reply->status);
	va_list ap;
	va_start(ap, advice);
	vsnprintf(tail, sizeof tail, advice, ap);
	va_end(ap);
	precis_error_set(err, PRECIS_E_BACKEND, ctx->base_url ? ctx->base_url : backend,
	                 "%s: %s", head, tail);
	return cls;
}

enum px_reply_class px_reply_unreachable(struct precis_error *err, const char *backend,
                                         const struct px_proto_ctx *ctx,
                                         const struct px_http_reply *reply)
{
	char msg[PX_PROVIDER_MSG];
	const char *te = reply->transport_error ? reply->transport_error : "no reply";
	px_excerpt(te, strlen(te), ctx->api_key, msg, sizeof msg);
	precis_error_set(err, PRECIS_E_BACKEND, ctx->base_url ? ctx->base_url : backend,
	                 "%s: no reply from '%s' (%s): check the URL (--base-url) and "
	                 "that the server runs",
	                 backend, ctx->base_url ? ctx->base_url : "", msg);
	return PX_REPLY_RETRY;
}

enum px_reply_class px_split_or_fail(size_t n)
{
	return n > 1 ? PX_REPLY_SPLIT : PX_REPLY_FAIL;
}

int px_contains_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	if (!hay)
		return 0;
	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return 1;
	return !n;
}

static int word_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

int px_contains_word_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	if (!hay || !n)
		return 0;
	for (const char *p = hay; *p; p++) {
		if (strncasecmp(p, needle, n) == 0 && (p == hay || !word_char(p[-1])) &&
		    !word_char(p[n]))
			return 1;
	}
	return 0;
}

void px_lang_base(const char *code, char *out, size_t size)
{
	size_t k = 0;
	if (!size)
		return;
	for (; code && code[k] && code[k] != '-' && code[k] != '_' && k + 1 < size; k++)
		out[k] = (char)tolower((unsigned char)code[k]);
	out[k] = '\0';
}
