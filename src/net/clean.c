/* Reply cleaning shared by every protocol (see clean.h). */
#include "net/clean.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "precis/decode.h"
#include "precis/normalize.h"
#include "net/proto_util.h"
#include "util/buf.h"
#include "util/mem.h"

static int is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* `&name;` or `&#123;` anywhere in s: the source meant an entity. */
static int has_entity(const char *s, size_t len)
{
	for (size_t a = 0; a < len; a++) {
		if (s[a] != '&')
			continue;
		size_t i = a + 1;
		while (i < len && i - a <= 32 &&
		       (isalnum((unsigned char)s[i]) || s[i] == '#'))
			i++;
		if (i > a + 1 && i < len && s[i] == ';')
			return 1;
	}
	return 0;
}

struct shape {
	size_t lead, trail; /* white space around the source */
	int has_nl;         /* a line break inside */
	int has_blank;      /* a blank line inside */
};

static void source_shape(const char *s, size_t len, struct shape *sh)
{
	memset(sh, 0, sizeof *sh);
	while (sh->lead < len && is_ws(s[sh->lead]))
		sh->lead++;
	while (sh->trail < len - sh->lead && is_ws(s[len - 1 - sh->trail]))
		sh->trail++;
	size_t end = len - sh->trail;
	for (size_t i = sh->lead; i < end; i++) {
		if (s[i] != '\n' && s[i] != '\r')
			continue;
		sh->has_nl = 1;
		size_t j = i + 1, breaks = 1;
		while (j < end && is_ws(s[j])) {
			if (s[j] == '\n' && s[j - 1] != '\r')
				breaks++;
			else if (s[j] == '\r')
				breaks++;
			j++;
		}
		if (breaks >= 2)
			sh->has_blank = 1;
		i = j - 1;
	}
}

/* The reply with its line breaks following the source's shape and the
 * source's white space around it. *core_empty: nothing but white space. */
static char *shape_reply(const char *src, const struct shape *sh, const char *t,
                         size_t len, size_t *olen, int *core_empty)
{
	size_t a = 0, b = len;
	while (a < b && is_ws(t[a]))
		a++;
	while (b > a && is_ws(t[b - 1]))
		b--;
	*core_empty = a == b;
	struct px_buf out;
	px_buf_init(&out, (size_t)-1);
	px_buf_add(&out, src, sh->lead);
	for (size_t i = a; i < b;) {
		if (!is_ws(t[i])) {
			size_t j = i;
			while (j < b && !is_ws(t[j]))
				j++;
			px_buf_add(&out, t + i, j - i);
			i = j;
			continue;
		}
		size_t j = i, breaks = 0;
		while (j < b && is_ws(t[j])) {
			/* \r\n is one break, a lone \r one too */
			if (t[j] == '\n' && !(j > i && t[j - 1] == '\r'))
				breaks++;
			else if (t[j] == '\r')
				breaks++;
			j++;
		}
		if (!breaks)
			px_buf_add(&out, t + i, j - i);
		else if (!sh->has_nl)
			px_buf_addc(&out, ' ');
		else if (breaks >= 2 && sh->has_blank)
			px_buf_adds(&out, "\n\n");
		else
			px_buf_addc(&out, '\n');
		i = j;
	}
	return px_buf_take(&out, olen);
}

static void clean_one(const struct precis_lang *target, const char *src, size_t src_len,
                      char **text, size_t *len, int *core_empty)
{
	char *t = *text;
	size_t tl = *len;
	if (!has_entity(src, src_len)) {
		char *r;
		size_t rl;
		precis_repair_utf8(t, tl, &r, &rl);
		free(t);
		t = r;
		tl = rl;
	}
	struct shape sh;
	source_shape(src, src_len, &sh);
	size_t ol;
	char *o = shape_reply(src, &sh, t, tl, &ol, core_empty);
	free(t);
	t = o;
	tl = ol;
	if (target && !*core_empty) {
		/* The source's white space is added after typography so that
		 * it sees the text as a paragraph. */
		size_t body = tl - sh.lead;
		char *ty = NULL;
		size_t tyl = 0;
		struct precis_error err;
		if (precis_typography(target, t + sh.lead, body, &ty, &tyl, &err) ==
		    PRECIS_OK) {
			struct px_buf out;
			px_buf_init(&out, (size_t)-1);
			px_buf_add(&out, t, sh.lead);
			px_buf_add(&out, ty, tyl);
			free(ty);
			free(t);
			t = px_buf_take(&out, &tl);
		}
	}
	if (sh.trail) {
		struct px_buf out;
		px_buf_init(&out, (size_t)-1);
		px_buf_add(&out, t, tl);
		px_buf_add(&out, src + src_len - sh.trail, sh.trail);
		free(t);
		t = px_buf_take(&out, &tl);
	}
	*text = t;
	*len = tl;
}

void px_clean_translation(const struct precis_lang *target, const char *src,
                          size_t src_len, char **text, size_t *len)
{
	int empty;
	clean_one(target, src ? src : "", src ? src_len : 0, text, len, &empty);
}

static void free_all(char **out, size_t *out_len, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(out[i]);
		out[i] = NULL;
		out_len[i] = 0;
	}
}

static int blank(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!is_ws(s[i]))
			return 0;
	return 1;
}

enum px_reply_class px_proto_read(const struct px_protocol *p,
                                  const struct px_proto_ctx *ctx,
                                  const struct px_http_reply *reply,
                                  const char *const *texts, const size_t *lens, size_t n,
                                  char **out, size_t *out_len, struct precis_error *err)
{
	for (size_t i = 0; i < n; i++) {
		out[i] = NULL;
		out_len[i] = 0;
	}
	if (!p->parse) {
		precis_error_set(err, PRECIS_E_INTERNAL, p->name,
		                 "%s: this backend does not translate", p->name);
		return PX_REPLY_FATAL;
	}
	enum px_reply_class cls = p->parse(ctx, reply, n, out, out_len, err);
	if (cls != PX_REPLY_OK) {
		free_all(out, out_len, n);
		return cls;
	}
	for (size_t i = 0; i < n; i++) {
		if (!out[i]) {
			free_all(out, out_len, n);
			precis_error_set(
			    err, PRECIS_E_INTERNAL, p->name,
			    "%s: the reply parser left text %zu unset: please report "
			    "it",
			    p->name, i + 1);
			return PX_REPLY_FAIL;
		}
		int empty;
		clean_one(ctx->target, texts[i], lens[i], &out[i], &out_len[i], &empty);
		if (empty && !blank(texts[i], lens[i])) {
			free_all(out, out_len, n);
			precis_error_set(
			    err, PRECIS_E_BACKEND,
			    ctx->base_url ? ctx->base_url : p->name,
			    "%s: the translation of text %zu of %zu came back empty: "
			    "the translations may be out of step; %s",
			    p->name, i + 1, n,
			    n > 1 ? "the batch is sent again in halves"
			          : "this text is left untranslated");
			return px_split_or_fail(n);
		}
	}
	return PX_REPLY_OK;
}
