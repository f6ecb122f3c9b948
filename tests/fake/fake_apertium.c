/* Apertium APy as the fake speaks it: GET or POST /translate with langpair
 * and q (query or form), one text a request, markUnknown; /listPairs;
 * errors {"status":"error","code","message","explanation"}. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_int.h"

#define CTYPE "application/json; charset=UTF-8"

static void error(struct fake_reply *rep, int status, const char *message,
                  const char *explanation)
{
	fake_reply_json(rep, status,
	                json_pack("{s:s,s:i,s:s,s:s}", "status", "error", "code", status,
	                          "message", message, "explanation", explanation));
	rep->ctype = CTYPE;
}

/* APy takes ISO 639-1 codes too and turns them into ISO 639-3. */
static const char *alpha3(const char *code, size_t n)
{
	static const char *const map[][2] = {
	    {"fr", "fra"}, {"en", "eng"}, {"es", "spa"}, {"de", "deu"},
	    {"it", "ita"}, {"pt", "por"}, {"ca", "cat"}, {"nl", "nld"},
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (n == 2 && memcmp(code, map[i][0], 2) == 0)
			return map[i][1];
	return NULL;
}

static char *code3(const char *code, size_t n)
{
	const char *a = alpha3(code, n);
	return a ? fake_xstrdup(a) : fake_xstrndup(code, n);
}

static int apertium_read(struct fake_call *c, struct fake_reply *rep)
{
	struct fake_request *rq = c->rq;
	const char *pair = fake_arg(c, "langpair");
	const char *q = fake_arg(c, "q");
	if (q)
		fake_add_text(rq, q, strlen(q));
	if (!pair) {
		error(rep, 400, "Bad Request", "Missing argument langpair");
		return -1;
	}
	if (!q) {
		error(rep, 400, "Bad Request", "Missing argument q");
		return -1;
	}
	const char *bar = strchr(pair, '|');
	if (!bar || strchr(bar + 1, '|')) {
		error(rep, 400, "Bad Request", "That pair is invalid, use e.g. eng|spa");
		return -1;
	}
	rq->source = code3(pair, (size_t)(bar - pair));
	rq->target = code3(bar + 1, strlen(bar + 1));
	char key[64];
	snprintf(key, sizeof key, "%.20s|%.20s", rq->source, rq->target);
	if (!fake_in_list(c->cfg->apertium_pairs, key, strlen(key))) {
		error(rep, 400, "Bad Request", "That pair is not installed");
		return -1;
	}
	return 0;
}

/* With markUnknown, APy puts '*' before words its dictionaries lack; the
 * fake's rule: words starting with an ASCII capital (proper nouns). */
static char *mark_unknown(const char *s, size_t len, size_t *out_len)
{
	char *out = fake_xmalloc(2 * len + 1);
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		int word_start = i == 0 || isspace((unsigned char)s[i - 1]);
		if (word_start && isupper((unsigned char)s[i]))
			out[o++] = '*';
		out[o++] = s[i];
	}
	out[o] = '\0';
	*out_len = o;
	return out;
}

static void apertium_answer(struct fake_call *c, struct fake_reply *rep)
{
	struct fake_request *rq = c->rq;
	c->fire = 0;
	const char *mu = fake_arg(c, "markUnknown");
	int mark = !mu || fake_streq_ci(mu, "yes") || fake_streq_ci(mu, "true") ||
	           strcmp(mu, "1") == 0;
	size_t len;
	char *src = mark ? mark_unknown(rq->texts[0], rq->text_lens[0], &len)
	                 : fake_xstrndup(rq->texts[0], rq->text_lens[0]);
	if (!mark)
		len = rq->text_lens[0];
	size_t tl;
	char *t = fake_translation(rq->target, src, len, &tl);
	free(src);
	fake_reply_json(rep, 200,
	                json_pack("{s:{s:s%},s:n,s:i}", "responseData", "translatedText",
	                          t, tl, "responseDetails", "responseStatus", 200));
	rep->ctype = CTYPE;
	free(t);
	c->translated = 1;
}

static void apertium_error(struct fake_call *c, int status, struct fake_reply *rep)
{
	(void)c;
	switch (status) {
	case 413:
		fake_reply_proxy_413(rep);
		break;
	case 429:
		error(rep, 429, "Too Many Requests", "Too Many Requests");
		break;
	case 500:
		error(rep, 500, "Internal Server Error",
		      "Unexpected condition on server. Request could not be fulfilled.");
		break;
	case 503:
		error(rep, 503, "Service Unavailable", "internal error");
		break;
	default:
		error(rep, status, "Bad Request",
		      "Request not properly formatted or contains languages that "
		      "Apertium APy "
		      "does not support");
		break;
	}
}

void fake_apertium_pairs(struct fake_call *c, struct fake_reply *rep)
{
	json_t *a = json_array();
	const char *p = c->cfg->apertium_pairs;
	while (p && *p) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		const char *bar = memchr(p, '|', n);
		if (bar)
			json_array_append_new(
			    a, json_pack("{s:s%,s:s%}", "sourceLanguage", p,
			                 (size_t)(bar - p), "targetLanguage", bar + 1,
			                 n - (size_t)(bar - p) - 1));
		p = end ? end + 1 : NULL;
	}
	fake_reply_json(rep, 200,
	                json_pack("{s:o,s:n,s:i}", "responseData", a, "responseDetails",
	                          "responseStatus", 200));
	rep->ctype = CTYPE;
}

const struct fake_proto fake_apertium = {"apertium", apertium_read, apertium_answer,
                                         apertium_error};
