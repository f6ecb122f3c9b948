/* LibreTranslate as the fake speaks it: POST /translate (JSON or form, q a
 * string or an array, api_key in the body), /detect, /languages; errors
 * are always {"error": "..."}; its 429 says "Slowdown" with no Retry-After. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_int.h"

static const char *const langs = "ar,ca,de,en,es,fr,it,ja,nl,pl,pt,ru,uk,zh";

static void error(struct fake_reply *rep, int status, const char *msg)
{
	fake_reply_json(rep, status, json_pack("{s:s}", "error", msg));
}

/* LibreTranslate has one guess; the fake's is French unless the target is. */
static const char *guess(const char *target)
{
	return target && strcmp(target, "fr") == 0 ? "en" : "fr";
}

static int libre_read(struct fake_call *c, struct fake_reply *rep)
{
	struct fake_request *rq = c->rq;
	const char *source = fake_param(c, "source");
	const char *target = fake_param(c, "target");
	const char *format = fake_param(c, "format");
	rq->source = fake_xstrdup(source);
	rq->target = fake_xstrdup(target);

	int q_present = 0;
	if (c->json) {
		json_t *q = json_object_get(c->json, "q");
		if (json_is_string(q)) {
			q_present = json_string_length(q) > 0;
			fake_add_text(rq, json_string_value(q), json_string_length(q));
		} else if (json_is_array(q)) {
			size_t i;
			json_t *v;
			c->batch = 1;
			q_present = json_array_size(q) > 0;
			json_array_foreach(q, i, v)
			{
				if (json_is_string(v))
					fake_add_text(rq, json_string_value(v),
					              json_string_length(v));
				else
					fake_add_text(rq, "", 0);
			}
		}
	} else {
		const char *q = fake_arg(c, "q");
		if (q) {
			q_present = *q != '\0';
			fake_add_text(rq, q, strlen(q));
		}
	}

	if (strcmp(rq->method, "POST") != 0) {
		fake_reply_text(
		    rep, 405, "text/html",
		    "<!doctype html>\n<html lang=en>\n<title>405 Method Not "
		    "Allowed</title>\n"
		    "<h1>Method Not Allowed</h1>\n<p>The method is not allowed for the "
		    "requested URL.</p>\n");
		return -1;
	}
	if (c->json_error) {
		error(rep, 400,
		      "Failed to decode JSON object: the body is not valid JSON");
		return -1;
	}
	if (c->json && !json_is_object(c->json)) {
		error(rep, 400, "Invalid JSON format");
		return -1;
	}
	if (c->cfg->libre_key) {
		const char *key = fake_param(c, "api_key");
		if (key && *key && strcmp(key, c->cfg->libre_key) != 0) {
			error(rep, 403, "Invalid API key");
			return -1;
		}
		if (!key || !*key) {
			error(rep, 400,
			      "Please contact the server operator to get an API key");
			return -1;
		}
	}
	if (!q_present) {
		error(rep, 400, "Invalid request: missing q parameter");
		return -1;
	}
	if (!source) {
		error(rep, 400, "Invalid request: missing source parameter");
		return -1;
	}
	if (!target) {
		error(rep, 400, "Invalid request: missing target parameter");
		return -1;
	}
	char msg[160];
	if (c->batch && c->faults->max_texts && rq->ntexts > c->faults->max_texts) {
		snprintf(msg, sizeof msg,
		         "Invalid request: request (%zu) exceeds text limit (%u)",
		         rq->ntexts, c->faults->max_texts);
		error(rep, 400, msg);
		return -1;
	}
	unsigned long chars = fake_text_chars(rq);
	if (c->faults->max_chars && chars > c->faults->max_chars) {
		snprintf(msg, sizeof msg,
		         "Invalid request: request (%lu) exceeds text limit (%u)", chars,
		         c->faults->max_chars);
		error(rep, 400, msg);
		return -1;
	}
	if (strcmp(source, "auto") != 0 && !fake_in_list(langs, source, strlen(source))) {
		snprintf(msg, sizeof msg, "%.60s is not supported", source);
		error(rep, 400, msg);
		return -1;
	}
	if (!fake_in_list(langs, target, strlen(target))) {
		snprintf(msg, sizeof msg, "%.60s is not supported", target);
		error(rep, 400, msg);
		return -1;
	}
	if (format && *format && strcmp(format, "text") != 0 &&
	    strcmp(format, "html") != 0) {
		snprintf(msg, sizeof msg, "%.60s format is not supported", format);
		error(rep, 400, msg);
		return -1;
	}
	return 0;
}

static void libre_answer(struct fake_call *c, struct fake_reply *rep)
{
	struct fake_request *rq = c->rq;
	c->fire &= c->batch ? FAKE_F_SHORT : 0;
	int autodetect = strcmp(rq->source, "auto") == 0;
	json_t *o = json_object();
	if (c->batch) {
		size_t n = rq->ntexts - ((c->fire & FAKE_F_SHORT) ? 1 : 0);
		json_t *a = json_array(), *d = json_array();
		for (size_t i = 0; i < n; i++) {
			size_t len;
			char *t = fake_translation(rq->target, rq->texts[i],
			                           rq->text_lens[i], &len);
			json_array_append_new(a, json_stringn(t, len));
			json_array_append_new(d,
			                      json_pack("{s:f,s:s}", "confidence", 90.0,
			                                "language", guess(rq->target)));
			free(t);
		}
		json_object_set_new(o, "translatedText", a);
		if (autodetect)
			json_object_set_new(o, "detectedLanguage", d);
		else
			json_decref(d);
		c->translated = n;
	} else {
		size_t len;
		char *t =
		    fake_translation(rq->target, rq->texts[0], rq->text_lens[0], &len);
		json_object_set_new(o, "translatedText", json_stringn(t, len));
		if (autodetect)
			json_object_set_new(o, "detectedLanguage",
			                    json_pack("{s:f,s:s}", "confidence", 90.0,
			                              "language", guess(rq->target)));
		free(t);
		c->translated = 1;
	}
	fake_reply_json(rep, 200, o);
}

static void libre_error(struct fake_call *c, int status, struct fake_reply *rep)
{
	(void)c;
	switch (status) {
	case 413:
		fake_reply_proxy_413(rep);
		break;
	case 429:
		error(rep, 429, "Slowdown: 60 per 1 minute");
		break;
	case 500:
		error(rep, 500, "Cannot translate text: the translation model failed");
		break;
	case 503:
		error(rep, 503, "Service Unavailable");
		break;
	default:
		error(rep, status, "Invalid request");
		break;
	}
}

void fake_libre_languages(struct fake_call *c, struct fake_reply *rep)
{
	(void)c;
	json_t *a = json_array();
	const char *p = langs;
	while (*p) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		json_t *t = json_array();
		const char *q = langs;
		while (*q) {
			const char *qe = strchr(q, ',');
			size_t qn = qe ? (size_t)(qe - q) : strlen(q);
			if (qn != n || memcmp(p, q, n) != 0)
				json_array_append_new(t, json_stringn(q, qn));
			q = qe ? qe + 1 : q + qn;
		}
		json_array_append_new(a, json_pack("{s:s%,s:s%,s:o}", "code", p, n,
		                                   "name", p, n, "targets", t));
		p = end ? end + 1 : p + n;
	}
	fake_reply_json(rep, 200, a);
}

void fake_libre_detect(struct fake_call *c, struct fake_reply *rep)
{
	const char *q = fake_param(c, "q");
	if (!q || !*q) {
		error(rep, 400, "Invalid request: missing q parameter");
		return;
	}
	fake_reply_json(
	    rep, 200,
	    json_pack("[{s:f,s:s}]", "confidence", 90.0, "language", guess(NULL)));
}

const struct fake_proto fake_libre = {"libretranslate", libre_read, libre_answer,
                                      libre_error};
