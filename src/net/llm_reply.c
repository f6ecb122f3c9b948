/* Reading an llm summary reply (llm_int.h): the model's JSON checked
 * against what was asked (the schema's members, a summary that is not
 * empty, one translation per quote), then cleaned as every translation is
 * (clean.h): entities and mojibake repaired, one line per sentence, the
 * language's typography. A reply that fails any check is not used at all:
 * a summary with its translation one sentence short, or quotes out of
 * step, would be worse than the extractive fallback. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/clean.h"
#include "net/llm_int.h"
#include "util/mem.h"

static int blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
			return 0;
	return 1;
}

/* A one-line text with no entity: the shape a sentence is cleaned to. */
static const char one_line[] = ".";

static char *clean(const struct precis_lang *lang, const char *src, size_t src_len,
                   json_t *s)
{
	size_t len = json_string_length(s);
	char *t = px_xstrndup(json_string_value(s), len);
	px_clean_translation(lang, src, src_len, &t, &len);
	return t;
}

/* The sentences of member `key`: an array of strings, blank ones left
 * out, at least one left. 0 or -1 with why. */
static int sentences(json_t *o, const char *key, const struct precis_lang *lang,
                     char ***out, size_t *n, char *why, size_t size)
{
	json_t *arr = json_object_get(o, key);
	*out = NULL;
	*n = 0;
	if (json_is_string(arr) &&
	    !blank(json_string_value(arr), json_string_length(arr))) {
		/* A server downgraded to json_object may write the summary as
		 * one string: it is still the summary asked for. */
		*out = px_xcalloc(1, sizeof **out);
		(*out)[(*n)++] = clean(lang, one_line, 1, arr);
		return 0;
	}
	if (!json_is_array(arr)) {
		snprintf(why, size, "the model's reply has no \"%s\" array", key);
		return -1;
	}
	size_t m = json_array_size(arr);
	for (size_t i = 0; i < m; i++)
		if (!json_is_string(json_array_get(arr, i))) {
			snprintf(why, size, "\"%s\" holds something that is not a string",
			         key);
			return -1;
		}
	*out = px_xcalloc(m ? m : 1, sizeof **out);
	for (size_t i = 0; i < m; i++) {
		json_t *s = json_array_get(arr, i);
		if (blank(json_string_value(s), json_string_length(s)))
			continue;
		(*out)[(*n)++] = clean(lang, one_line, 1, s);
	}
	if (*n == 0) {
		free(*out);
		*out = NULL;
		snprintf(why, size, "the model's \"%s\" is empty", key);
		return -1;
	}
	return 0;
}

static int quotes(json_t *o, const struct px_proto_ctx *ctx,
                  const struct px_llm_article *a, struct px_llm_out *out, char *why,
                  size_t size)
{
	json_t *arr = json_object_get(o, "quotes_translated");
	if (a->nquotes == 0)
		return 0; /* nothing asked: an absent or empty array is the same */
	if (!json_is_array(arr)) {
		snprintf(why, size,
		         "the model's reply has no \"quotes_translated\" array");
		return -1;
	}
	if (json_array_size(arr) != a->nquotes) {
		snprintf(why, size,
		         "%zu quote translations came back for %zu quotes sent",
		         json_array_size(arr), a->nquotes);
		return -1;
	}
	for (size_t i = 0; i < a->nquotes; i++) {
		json_t *s = json_array_get(arr, i);
		if (!json_is_string(s) ||
		    (blank(json_string_value(s), json_string_length(s)) &&
		     !blank(a->quotes[i], a->quote_lens[i]))) {
			snprintf(why, size, "the translation of quote %zu of %zu is %s",
			         i + 1, a->nquotes,
			         json_is_string(s) ? "empty" : "not a string");
			return -1;
		}
	}
	out->quote_tr = px_xcalloc(a->nquotes, sizeof *out->quote_tr);
	for (size_t i = 0; i < a->nquotes; i++)
		out->quote_tr[i] = clean(ctx->target, a->quotes[i], a->quote_lens[i],
		                         json_array_get(arr, i));
	return 0;
}

int px_llm_read(const struct px_proto_ctx *ctx, const struct px_llm_req *q,
                json_t *content, struct px_llm_out *out, char *why, size_t why_size)
{
	const struct px_llm_article *a = q->a;
	memset(out, 0, sizeof *out);
	if (!json_is_object(content)) {
		snprintf(why, why_size, "the model's reply is not a JSON object");
		return -1;
	}
	if (sentences(content, "summary", ctx->source, &out->summary[0],
	              &out->nsummary[0], why, why_size) != 0)
		goto bad;
	if (q->kind == PX_LLM_CHUNK)
		return 0;
	if (sentences(content, "summary_translated", ctx->target, &out->summary[1],
	              &out->nsummary[1], why, why_size) != 0)
		goto bad;
	json_t *t = json_object_get(content, "title_translated");
	int has_title = a->title && !blank(a->title, strlen(a->title));
	if (has_title && !json_is_string(t)) {
		snprintf(why, why_size, "the model's reply has no \"title_translated\"");
		goto bad;
	}
	/* An empty title translation is a title left untranslated, not a
	 * reason to lose the summary. */
	if (has_title && !blank(json_string_value(t), json_string_length(t)))
		out->title_tr = clean(ctx->target, a->title, strlen(a->title), t);
	if (quotes(content, ctx, a, out, why, why_size) != 0)
		goto bad;
	return 0;
bad:
	px_llm_out_free(out, a->nquotes);
	return -1;
}

void px_llm_out_free(struct px_llm_out *out, size_t nquotes)
{
	for (int s = 0; s < 2; s++) {
		for (size_t i = 0; i < out->nsummary[s]; i++)
			free(out->summary[s][i]);
		free(out->summary[s]);
		out->summary[s] = NULL;
		out->nsummary[s] = 0;
	}
	free(out->title_tr);
	out->title_tr = NULL;
	if (out->quote_tr)
		for (size_t i = 0; i < nquotes; i++)
			free(out->quote_tr[i]);
	free(out->quote_tr);
	out->quote_tr = NULL;
}
