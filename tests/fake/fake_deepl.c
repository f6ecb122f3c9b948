/* DeepL API v2 as the fake speaks it: POST /v2/translate (JSON or form),
 * GET /v2/usage, GET /v2/languages; header auth only; {"message"} errors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_int.h"

#define DEEPL_MAX_TEXTS 50

static const char *const sources =
    "AR,BG,CS,DA,DE,EL,EN,ES,ET,FI,FR,HU,ID,IT,JA,KO,LT,LV,NB,NL,PL,PT,RO,RU,SK,SL,SV,"
    "TR,UK,ZH";
static const char *const targets =
    "AR,BG,CS,DA,DE,EL,EN,EN-GB,EN-US,ES,ET,FI,FR,HU,ID,IT,JA,KO,LT,LV,NB,NL,PL,PT,"
    "PT-BR,PT-PT,RO,RU,SK,SL,SV,TR,UK,ZH,ZH-HANS,ZH-HANT";
static const char *const formal_targets = "DE,FR,IT,ES,NL,PL,PT-BR,PT-PT,JA,RU";

static void trace_id(struct fake_call *c, struct fake_reply *rep)
{
	char v[32];
	snprintf(v, sizeof v, "fake-%u", c->rq->seq);
	fake_reply_header(rep, "X-Trace-ID", v);
}

static void message(struct fake_call *c, struct fake_reply *rep, int status,
                    const char *msg, const char *detail)
{
	json_t *o = json_pack("{s:s}", "message", msg);
	if (detail)
		json_object_set_new(o, "detail", json_string(detail));
	fake_reply_json(rep, status, o);
	trace_id(c, rep);
}

/* 0 when the request is authorized, else the 403 is in rep. */
static int check_auth(struct fake_call *c, struct fake_reply *rep)
{
	const char *where = NULL;
	if (strstr(c->rq->query, "auth_key="))
		where = "query parameter";
	else if (fake_param(c, "auth_key"))
		where = "form body";
	if (where) {
		char msg[256];
		snprintf(msg, sizeof msg,
		         "Legacy authentication method '%s' is no longer supported. "
		         "Please update "
		         "to header-based authentication.",
		         where);
		message(c, rep, 403, msg, NULL);
		return -1;
	}
	static const char prefix[] = "DeepL-Auth-Key ";
	const char *a = c->auth;
	if (!a || strncmp(a, prefix, sizeof prefix - 1) != 0 || !a[sizeof prefix - 1] ||
	    (c->cfg->deepl_key &&
	     strcmp(a + sizeof prefix - 1, c->cfg->deepl_key) != 0)) {
		message(c, rep, 403,
		        "Authorization failed. Please supply a valid auth_key parameter.",
		        NULL);
		return -1;
	}
	return 0;
}

static int known(const char *list, const char *code)
{
	char *up = fake_upper(code);
	int ok = fake_in_list(list, up, strlen(up));
	free(up);
	return ok;
}

static int read_texts(struct fake_call *c)
{
	struct fake_request *rq = c->rq;
	if (c->json) {
		json_t *t = json_object_get(c->json, "text");
		size_t i;
		json_t *v;
		if (!json_is_array(t))
			return t ? -1 : 0;
		json_array_foreach(t, i, v)
		{
			if (!json_is_string(v))
				return -1;
			fake_add_text(rq, json_string_value(v), json_string_length(v));
		}
		return 0;
	}
	for (size_t i = 0; i < c->nargs; i++)
		if (strcmp(c->args[i].name, "text") == 0)
			fake_add_text(rq, c->args[i].value, strlen(c->args[i].value));
	return 0;
}

static int deepl_read(struct fake_call *c, struct fake_reply *rep)
{
	struct fake_request *rq = c->rq;
	int texts_ok = c->json_error ? -1 : read_texts(c);
	const char *target = fake_param(c, "target_lang");
	const char *source = fake_param(c, "source_lang");
	const char *context = fake_param(c, "context");
	const char *formality = fake_param(c, "formality");
	rq->target = fake_xstrdup(target);
	rq->source = fake_xstrdup(source);
	rq->context = fake_xstrdup(context);

	if (strcmp(rq->method, "POST") != 0) {
		message(c, rep, 405, "Method not allowed: use POST for /v2/translate.",
		        NULL);
		return -1;
	}
	if (check_auth(c, rep) != 0)
		return -1;
	if (c->json_error) {
		message(c, rep, 400,
		        "Invalid request: the JSON body could not be parsed.", NULL);
		return -1;
	}
	if (texts_ok != 0) {
		message(c, rep, 400,
		        "Invalid request: Expected 'text' parameter to be an array of "
		        "strings.",
		        NULL);
		return -1;
	}
	if (rq->ntexts == 0) {
		message(c, rep, 400, "Parameter 'text' not specified.", NULL);
		return -1;
	}
	if (!target) {
		message(c, rep, 400, "Parameter 'target_lang' not specified.", NULL);
		return -1;
	}
	if (!known(targets, target)) {
		message(c, rep, 400, "Value for 'target_lang' not supported.", NULL);
		return -1;
	}
	if (source && *source && !known(sources, source)) {
		message(c, rep, 400, "Value for 'source_lang' not supported.", NULL);
		return -1;
	}
	if (formality && strcmp(formality, "default") != 0 &&
	    strcmp(formality, "prefer_more") != 0 &&
	    strcmp(formality, "prefer_less") != 0) {
		if (strcmp(formality, "more") != 0 && strcmp(formality, "less") != 0) {
			message(c, rep, 400, "Value for 'formality' not supported.",
			        NULL);
			return -1;
		}
		if (!known(formal_targets, target)) {
			message(c, rep, 400,
			        "'formality' is not supported for given 'target_lang'.",
			        NULL);
			return -1;
		}
	}
	unsigned max = c->faults->max_texts ? c->faults->max_texts : DEEPL_MAX_TEXTS;
	if (rq->ntexts > max) {
		char d[96];
		snprintf(d, sizeof d, "At most %u texts can be sent in one request.",
		         max);
		message(c, rep, 400, "Too many texts.", d);
		return -1;
	}
	return 0;
}

static int truthy(const struct fake_call *c, const char *name)
{
	if (c->json) {
		json_t *v = json_object_get(c->json, name);
		return json_is_true(v) ||
		       (json_is_string(v) && strcmp(json_string_value(v), "1") == 0);
	}
	const char *v = fake_arg(c, name);
	return v && (strcmp(v, "1") == 0 || fake_streq_ci(v, "true"));
}

static void deepl_answer(struct fake_call *c, struct fake_reply *rep)
{
	struct fake_request *rq = c->rq;
	c->fire &= FAKE_F_SHORT;
	if (fake_spend(c, fake_text_chars(rq)) != 0) {
		c->fire = 0;
		message(c, rep, 456,
		        "Quota exceeded. The character limit has been reached.", NULL);
		return;
	}
	char *src = rq->source && *rq->source
	                ? fake_upper(rq->source)
	                : fake_xstrdup(fake_streq_ci(rq->target, "FR") ? "EN" : "FR");
	int billed = truthy(c, "show_billed_characters");
	size_t n = rq->ntexts - ((c->fire & FAKE_F_SHORT) ? 1 : 0);
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		size_t len;
		char *t =
		    fake_translation(rq->target, rq->texts[i], rq->text_lens[i], &len);
		json_t *o = json_pack("{s:s,s:s%}", "detected_source_language", src,
		                      "text", t, len);
		if (billed)
			json_object_set_new(o, "billed_characters",
			                    json_integer((json_int_t)fake_utf8_count(
			                        rq->texts[i], rq->text_lens[i])));
		json_array_append_new(a, o);
		free(t);
	}
	free(src);
	fake_reply_json(rep, 200, json_pack("{s:o}", "translations", a));
	trace_id(c, rep);
	c->translated = n;
}

static void deepl_error(struct fake_call *c, int status, struct fake_reply *rep)
{
	const char *msg;
	switch (status) {
	case 413:
		msg = "Request Entity Too Large: the request size exceeds the limit.";
		break;
	case 429:
		msg = "Too many requests. Please wait and resend your request.";
		break;
	case 456:
		msg = "Quota exceeded. The character limit has been reached.";
		break;
	case 500:
		msg = "Internal server error";
		break;
	case 503:
		msg = "Service unavailable. Please try again later.";
		break;
	default:
		msg = "Bad request";
		break;
	}
	message(c, rep, status, msg, NULL);
}

void fake_deepl_usage(struct fake_call *c, struct fake_reply *rep)
{
	if (check_auth(c, rep) != 0)
		return;
	unsigned long used, limit;
	fake_usage(c, &used, &limit);
	/* what an unlimited Pro account reports */
	json_int_t lim = limit ? (json_int_t)limit : (json_int_t)1000000000000LL;
	fake_reply_json(rep, 200,
	                json_pack("{s:I,s:I}", "character_count", (json_int_t)used,
	                          "character_limit", lim));
	trace_id(c, rep);
}

void fake_deepl_languages(struct fake_call *c, struct fake_reply *rep)
{
	if (check_auth(c, rep) != 0)
		return;
	const char *type = fake_arg(c, "type");
	int target = type && strcmp(type, "target") == 0;
	json_t *a = json_array();
	const char *p = target ? targets : sources;
	while (*p) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		json_t *o = json_pack("{s:s%,s:s%}", "language", p, n, "name", p, n);
		if (target)
			json_object_set_new(
			    o, "supports_formality",
			    json_boolean(fake_in_list(formal_targets, p, n)));
		json_array_append_new(a, o);
		p = end ? end + 1 : p + n;
	}
	fake_reply_json(rep, 200, a);
	trace_id(c, rep);
}

const struct fake_proto fake_deepl = {"deepl", deepl_read, deepl_answer, deepl_error};
