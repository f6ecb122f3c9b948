/* An OpenAI-compatible chat server as the fake speaks it: POST
 * {base}/chat/completions with Bearer auth; the texts are the JSON array
 * found in the last user message; the reply's content is JSON
 * {"translations":[...]} (or the array property the json_schema names);
 * GET {base}/models; errors {"error":{"message","type","param","code"}}
 * (or Mistral's flat form). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_int.h"

static void error(struct fake_call *c, struct fake_reply *rep, int status,
                  const char *msg, const char *type, const char *param, const char *code)
{
	json_t *e = json_pack("{s:s,s:s,s:o,s:o}", "message", msg, "type", type, "param",
	                      param ? json_string(param) : json_null(), "code",
	                      code ? json_string(code) : json_null());
	if (c->cfg->openai_flat_errors) {
		json_object_set_new(e, "object", json_string("error"));
		fake_reply_json(rep, status, e);
	} else {
		fake_reply_json(rep, status, json_pack("{s:o}", "error", e));
	}
	char id[32];
	snprintf(id, sizeof id, "req_fake_%u", c->rq->seq);
	fake_reply_header(rep, "x-request-id", id);
}

/* 0 when authorized, else the 401 is in rep. */
static int check_auth(struct fake_call *c, struct fake_reply *rep)
{
	const char *a = c->auth;
	if (!a || strncmp(a, "Bearer ", 7) != 0 || !a[7]) {
		error(c, rep, 401,
		      "You didn't provide an API key. You need to provide your API key "
		      "in an "
		      "Authorization header using Bearer auth (i.e. Authorization: "
		      "Bearer YOUR_KEY).",
		      "invalid_request_error", NULL, NULL);
		return -1;
	}
	const char *key = a + 7;
	if (c->cfg->openai_key && strcmp(key, c->cfg->openai_key) != 0) {
		/* the real message shows the key masked: first 3 and last 4 */
		char masked[32], msg[200];
		size_t n = strlen(key);
		if (n >= 12)
			snprintf(masked, sizeof masked, "%.3s************%s", key,
			         key + n - 4);
		else
			snprintf(masked, sizeof masked, "********");
		snprintf(msg, sizeof msg,
		         "Incorrect API key provided: %s. You can find your API key at "
		         "https://platform.openai.com/account/api-keys.",
		         masked);
		error(c, rep, 401, msg, "invalid_request_error", NULL, "invalid_api_key");
		return -1;
	}
	return 0;
}

/* The text of a message: a string, or the text parts of an array. */
static char *message_text(json_t *m)
{
	json_t *content = json_object_get(m, "content");
	if (json_is_string(content))
		return fake_xstrndup(json_string_value(content),
		                     json_string_length(content));
	size_t len = 0, i;
	char *s = fake_xstrdup("");
	json_t *part;
	if (json_is_array(content)) {
		json_array_foreach(content, i, part)
		{
			json_t *t = json_object_get(part, "text");
			if (!json_is_string(t))
				continue;
			size_t tl = json_string_length(t);
			s = fake_xrealloc(s, len + tl + 1);
			memcpy(s + len, json_string_value(t), tl);
			len += tl;
			s[len] = '\0';
		}
	}
	return s;
}

static int is_text_item(json_t *v)
{
	return json_is_string(v) ||
	       (json_is_object(v) && json_is_string(json_object_get(v, "text")));
}

static int text_array(json_t *a)
{
	size_t i;
	json_t *v;
	if (!json_is_array(a))
		return 0;
	json_array_foreach(a, i, v) if (!is_text_item(v)) return 0;
	return 1;
}

/* Finds the texts in a user message: the whole content as JSON (an array,
 * or an object with an array member), else the first '[' where an array
 * of strings (or of objects with "text") parses. *at is where it starts. */
static json_t *find_texts(const char *s, size_t *at)
{
	json_error_t je;
	json_t *whole = json_loads(s, 0, &je);
	if (whole) {
		*at = 0;
		if (text_array(whole))
			return whole;
		if (json_is_object(whole)) {
			const char *k;
			json_t *v;
			json_object_foreach(whole, k, v) if (text_array(v))
			{
				json_incref(v);
				json_decref(whole);
				return v;
			}
		}
		json_decref(whole);
	}
	for (const char *p = strchr(s, '['); p; p = strchr(p + 1, '[')) {
		json_t *a = json_loads(p, JSON_DISABLE_EOF_CHECK, &je);
		if (a && text_array(a)) {
			*at = (size_t)(p - s);
			return a;
		}
		json_decref(a);
	}
	return NULL;
}

static const struct {
	const char *name;
	const char *tag;
} lang_names[] = {
    {"british english", "EN-GB"},
    {"american english", "EN-US"},
    {"english", "EN"},
    {"anglais", "EN"},
    {"french", "FR"},
    {"français", "FR"},
    {"spanish", "ES"},
    {"español", "ES"},
    {"espagnol", "ES"},
    {"german", "DE"},
    {"deutsch", "DE"},
    {"italian", "IT"},
    {"portuguese", "PT"},
};

/* A language code in parentheses or quotes at p: "(en-GB)", "\"fr\"". */
static int code_at(const char *p, const char *end, char *tag, size_t size)
{
	char open = *p, close = open == '(' ? ')' : open == '"' ? '"' : 0;
	if (!close)
		return 0;
	const char *q = p + 1;
	size_t n = 0;
	while (q + n < end && (isalpha((unsigned char)q[n]) || q[n] == '-') && n < 12)
		n++;
	if (n < 2 || q + n >= end || q[n] != close || !isalpha((unsigned char)q[0]) ||
	    !isalpha((unsigned char)q[1]) || (n > 2 && q[2] != '-' && n != 3))
		return 0;
	if (n + 1 > size)
		return 0;
	for (size_t i = 0; i < n; i++)
		tag[i] = (char)toupper((unsigned char)q[i]);
	tag[n] = '\0';
	return 1;
}

/* The target named in s: "into English", "into français (fr)", "to the
 * language with code \"xx\"": a code in the same sentence wins over a
 * name. Fills tag; 0 when none. */
static int target_in(const char *s, size_t len, char *tag, size_t size)
{
	char *low = fake_xstrndup(s, len);
	for (char *p = low; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	int found = 0;
	for (char *p = strstr(low, "to "); p && !found; p = strstr(p + 1, "to ")) {
		if (p > low && isalpha((unsigned char)p[-1]) &&
		    !(p - low >= 2 && strncmp(p - 2, "in", 2) == 0))
			continue;
		const char *w = p + 3, *end = w;
		while (*end && *end != '.' && *end != '\n' && *end != ':' && *end != ';')
			end++;
		const char *name = NULL;
		for (size_t i = 0; i < sizeof lang_names / sizeof lang_names[0] && !name;
		     i++) {
			size_t nl = strlen(lang_names[i].name);
			if (strncmp(w, lang_names[i].name, nl) == 0)
				name = lang_names[i].tag;
			else if (strncmp(w, "the ", 4) == 0 &&
			         strncmp(w + 4, lang_names[i].name, nl) == 0)
				name = lang_names[i].tag;
		}
		/* the original case of a code: "(en-GB)" */
		for (const char *c = w; c < end && !found; c++)
			found = code_at(s + (c - low), s + (end - low), tag, size);
		if (!found && name) {
			snprintf(tag, size, "%s", name);
			found = 1;
		}
	}
	free(low);
	return found;
}

static int find_target(json_t *messages, const char *user, size_t user_at, char *tag,
                       size_t size)
{
	size_t i;
	json_t *m;
	json_array_foreach(messages, i, m)
	{
		const char *role = json_string_value(json_object_get(m, "role"));
		if (!role ||
		    (strcmp(role, "system") != 0 && strcmp(role, "developer") != 0))
			continue;
		char *t = message_text(m);
		int found = target_in(t, strlen(t), tag, size);
		free(t);
		if (found)
			return 1;
	}
	if (user)
		return target_in(user, user_at, tag, size) ||
		       target_in(user, strlen(user), tag, size);
	return 0;
}

/* OpenAI's strict structured outputs: every object says
 * additionalProperties false and lists all its properties in required. */
static int strict_schema(json_t *s, const char *ctx, char *why, size_t n)
{
	if (!json_is_object(s))
		return 0;
	json_t *props = json_object_get(s, "properties");
	json_t *type = json_object_get(s, "type");
	int is_obj =
	    json_is_object(props) ||
	    (json_is_string(type) && strcmp(json_string_value(type), "object") == 0);
	if (is_obj) {
		if (!json_is_false(json_object_get(s, "additionalProperties"))) {
			snprintf(why, n,
			         "In context=(%s), 'additionalProperties' is required to "
			         "be supplied "
			         "and to be false.",
			         ctx);
			return -1;
		}
		json_t *req = json_object_get(s, "required");
		const char *k;
		json_t *v;
		json_object_foreach(props, k, v)
		{
			int listed = 0;
			size_t i;
			json_t *r;
			if (json_is_array(req))
				json_array_foreach(
				    req, i, r) if (json_is_string(r) &&
				                   strcmp(json_string_value(r), k) == 0)
				    listed = 1;
			if (!listed) {
				snprintf(why, n,
				         "In context=(%s), 'required' is required to be "
				         "supplied and to "
				         "be an array including every key in properties. "
				         "Missing '%s'.",
				         ctx, k);
				return -1;
			}
			char sub[200];
			snprintf(sub, sizeof sub, "%s%s'properties', '%s'", ctx,
			         *ctx ? ", " : "", k);
			if (strict_schema(v, sub, why, n) != 0)
				return -1;
		}
	}
	json_t *items = json_object_get(s, "items");
	if (items) {
		char sub[200];
		snprintf(sub, sizeof sub, "%s%s'items'", ctx, *ctx ? ", " : "");
		if (strict_schema(items, sub, why, n) != 0)
			return -1;
	}
	json_t *any = json_object_get(s, "anyOf");
	size_t i;
	json_t *v;
	json_array_foreach(any, i, v) if (strict_schema(v, ctx, why, n) != 0) return -1;
	return 0;
}

/* The array property the schema asks for, "translations" by default. */
static const char *schema_key(json_t *req)
{
	json_t *rf = json_object_get(req, "response_format");
	json_t *props = json_object_get(
	    json_object_get(json_object_get(rf, "json_schema"), "schema"), "properties");
	const char *k;
	json_t *v;
	json_object_foreach(props, k, v)
	{
		json_t *t = json_object_get(v, "type");
		if (json_is_string(t) && strcmp(json_string_value(t), "array") == 0)
			return k;
	}
	return "translations";
}

static int mentions_json(json_t *messages)
{
	size_t i;
	json_t *m;
	json_array_foreach(messages, i, m)
	{
		char *t = message_text(m);
		for (char *p = t; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		int yes = strstr(t, "json") != NULL;
		free(t);
		if (yes)
			return 1;
	}
	return 0;
}

static int check_format(struct fake_call *c, struct fake_reply *rep, json_t *messages)
{
	json_t *rf = json_object_get(c->json, "response_format");
	if (!rf)
		return 0;
	const char *type = json_string_value(json_object_get(rf, "type"));
	char msg[512];
	if (!type) {
		error(c, rep, 400, "Missing required parameter: 'response_format.type'.",
		      "invalid_request_error", "response_format.type",
		      "missing_required_parameter");
		return -1;
	}
	if (strcmp(type, "text") == 0)
		return 0;
	if (strcmp(type, "json_object") == 0) {
		if (!mentions_json(messages)) {
			error(c, rep, 400,
			      "'messages' must contain the word 'json' in some form, to "
			      "use "
			      "'response_format' of type 'json_object'.",
			      "invalid_request_error", "messages", NULL);
			return -1;
		}
		return 0;
	}
	if (strcmp(type, "json_schema") != 0) {
		snprintf(msg, sizeof msg,
		         "Invalid value: '%.40s'. Supported values are: 'json_object', "
		         "'json_schema', and 'text'.",
		         type);
		error(c, rep, 400, msg, "invalid_request_error", "response_format.type",
		      "invalid_value");
		return -1;
	}
	if (c->cfg->openai_json_object_only) {
		error(c, rep, 400,
		      "Invalid parameter: 'response_format' of type 'json_schema' is not "
		      "supported "
		      "with this model.",
		      "invalid_request_error", "response_format", NULL);
		return -1;
	}
	json_t *js = json_object_get(rf, "json_schema");
	const char *name = json_string_value(json_object_get(js, "name"));
	if (!name) {
		error(c, rep, 400,
		      "Missing required parameter: 'response_format.json_schema.name'.",
		      "invalid_request_error", "response_format.json_schema.name",
		      "missing_required_parameter");
		return -1;
	}
	json_t *schema = json_object_get(js, "schema");
	char why[300];
	if (json_is_true(json_object_get(js, "strict")) &&
	    strict_schema(schema, "", why, sizeof why) != 0) {
		snprintf(msg, sizeof msg,
		         "Invalid schema for response_format '%.40s': %s", name, why);
		error(c, rep, 400, msg, "invalid_request_error", "response_format", NULL);
		return -1;
	}
	return 0;
}

static int openai_read(struct fake_call *c, struct fake_reply *rep)
{
	struct fake_request *rq = c->rq;
	if (strcmp(rq->method, "POST") != 0) {
		error(c, rep, 405, "Method not allowed: use POST.",
		      "invalid_request_error", NULL, NULL);
		return -1;
	}
	if (check_auth(c, rep) != 0)
		return -1;
	if (c->json_error || !json_is_object(c->json)) {
		error(c, rep, 400,
		      "We could not parse the JSON body of your request. (HINT: This "
		      "likely means "
		      "you aren't using your HTTP library correctly. The OpenAI API "
		      "expects a JSON "
		      "payload, but what was sent was not valid JSON.)",
		      "invalid_request_error", NULL, NULL);
		return -1;
	}
	const char *model = json_string_value(json_object_get(c->json, "model"));
	rq->model = fake_xstrdup(model);
	json_t *messages = json_object_get(c->json, "messages");

	/* the texts: the last user message */
	char *user = NULL;
	size_t user_at = 0;
	size_t i;
	json_t *m;
	json_array_foreach(messages, i, m)
	{
		const char *role = json_string_value(json_object_get(m, "role"));
		if (role && strcmp(role, "user") == 0) {
			free(user);
			user = message_text(m);
		}
	}
	if (user && json_is_array(messages) && fake_summary_read(c, messages, user)) {
		const char *d = strstr(user, "<untrusted-data>");
		user_at = d ? (size_t)(d - user) : 0;
	} else if (user) {
		c->items = find_texts(user, &user_at);
		if (c->items) {
			json_t *v;
			json_array_foreach(c->items, i, v)
			{
				json_t *t =
				    json_is_string(v) ? v : json_object_get(v, "text");
				fake_add_text(rq, json_string_value(t),
				              json_string_length(t));
			}
		}
	}
	char tag[16] = "XX";
	if (c->cfg->openai_target)
		snprintf(tag, sizeof tag, "%s", c->cfg->openai_target);
	else if (json_is_array(messages))
		find_target(messages, user, user_at, tag, sizeof tag);
	rq->target = fake_xstrdup(tag);
	free(user);

	if (!model) {
		error(c, rep, 400, "you must provide a model parameter",
		      "invalid_request_error", NULL, NULL);
		return -1;
	}
	if (!json_is_array(messages) || json_array_size(messages) == 0) {
		error(c, rep, 400, "Missing required parameter: 'messages'.",
		      "invalid_request_error", "messages", "missing_required_parameter");
		return -1;
	}
	if (!fake_in_list(c->cfg->openai_models, model, strlen(model))) {
		char msg[200];
		snprintf(
		    msg, sizeof msg,
		    "The model `%.80s` does not exist or you do not have access to it.",
		    model);
		error(c, rep, 404, msg, "invalid_request_error", NULL, "model_not_found");
		return -1;
	}
	if (check_format(c, rep, messages) != 0)
		return -1;
	if (c->faults->max_chars) {
		unsigned long chars = 0;
		json_array_foreach(messages, i, m)
		{
			char *t = message_text(m);
			chars += fake_utf8_count(t, strlen(t));
			free(t);
		}
		if (chars > c->faults->max_chars) {
			char msg[300];
			snprintf(msg, sizeof msg,
			         "This model's maximum context length is %u tokens. "
			         "However, your "
			         "messages resulted in %lu tokens. Please reduce the "
			         "length of the "
			         "messages.",
			         c->faults->max_chars / 4, chars / 4);
			error(c, rep, 400, msg, "invalid_request_error", "messages",
			      "context_length_exceeded");
			return -1;
		}
	}
	return 0;
}

/* Cuts s to at most n bytes on a UTF-8 boundary. */
static size_t utf8_cut(const char *s, size_t len, size_t n)
{
	if (n >= len)
		return len;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return n;
}

static void openai_answer(struct fake_call *c, struct fake_reply *rep)
{
	struct fake_request *rq = c->rq;
	c->fire &= FAKE_F_SHORT | FAKE_F_LENGTH | FAKE_F_FENCE | FAKE_F_BAD_CONTENT |
	           FAKE_F_REFUSAL;
	if (fake_spend(c, fake_text_chars(rq)) != 0) {
		c->fire = 0;
		error(c, rep, 429,
		      "You exceeded your current quota, please check your plan and "
		      "billing details. "
		      "For more information on this error, read the docs: "
		      "https://platform.openai.com/docs/guides/error-codes/api-errors.",
		      "insufficient_quota", NULL, "insufficient_quota");
		return;
	}

	char *content = NULL;
	size_t n = 0;
	if (c->summary) {
		if (c->summary_kind != FAKE_SUMMARY_FINAL ||
		    !json_array_size(json_object_get(c->summary, "quotes")))
			c->fire &= ~(unsigned)FAKE_F_SHORT; /* nothing to leave out */
		content = fake_summary_content(c, (c->fire & FAKE_F_SHORT) != 0, &n);
		if (c->fire & FAKE_F_BAD_CONTENT) {
			free(content);
			content = fake_xstrdup("Here is the summary you asked for: the "
			                       "article says what it says.\n");
		} else if (c->fire & FAKE_F_FENCE) {
			size_t cl = strlen(content);
			char *f = fake_xmalloc(cl + 16);
			snprintf(f, cl + 16, "```json\n%s\n```", content);
			free(content);
			content = f;
		}
	} else if (!c->items) {
		c->fire = 0;
		content = fake_xstrdup(
		    "I could not find any texts to translate in your message.");
	} else {
		n = rq->ntexts;
		if (c->faults->max_texts && n > c->faults->max_texts)
			n = c->faults
			        ->max_texts; /* a model that loses items in long lists */
		if ((c->fire & FAKE_F_SHORT) && n > 0)
			n--;
		json_t *a = json_array();
		for (size_t i = 0; i < n; i++) {
			size_t len;
			char *t = fake_translation(rq->target, rq->texts[i],
			                           rq->text_lens[i], &len);
			json_t *item = json_array_get(c->items, i);
			if (json_is_object(item)) {
				json_t *copy = json_deep_copy(item);
				json_object_set_new(copy, "text", json_stringn(t, len));
				json_array_append_new(a, copy);
			} else {
				json_array_append_new(a, json_stringn(t, len));
			}
			free(t);
		}
		json_t *o = json_object();
		json_object_set_new(o, schema_key(c->json), a);
		content = json_dumps(o, JSON_COMPACT);
		json_decref(o);
		if (c->fire & FAKE_F_BAD_CONTENT) {
			free(content);
			content =
			    fake_xstrdup("Here are the translations you asked for:\n");
			for (size_t i = 0; i < n; i++) {
				size_t len, cl = strlen(content);
				char *t = fake_translation(rq->target, rq->texts[i],
				                           rq->text_lens[i], &len);
				content = fake_xrealloc(content, cl + len + 4);
				snprintf(content + cl, len + 4, "- %s\n", t);
				free(t);
			}
		} else if (c->fire & FAKE_F_FENCE) {
			size_t cl = strlen(content);
			char *f = fake_xmalloc(cl + 16);
			snprintf(f, cl + 16, "```json\n%s\n```", content);
			free(content);
			content = f;
		}
	}

	const char *finish = "stop";
	size_t clen = strlen(content);
	json_t *maxt = json_object_get(c->json, "max_completion_tokens");
	if (!json_is_integer(maxt))
		maxt = json_object_get(c->json, "max_tokens");
	/* a cut reply: injected, or a max_tokens too small for the answer */
	size_t keep = clen;
	int cut = 0;
	if (c->fire & FAKE_F_LENGTH) {
		keep = clen / 2;
		cut = 1;
	}
	if (json_is_integer(maxt) && json_integer_value(maxt) > 0 &&
	    (clen + 3) / 4 > (size_t)json_integer_value(maxt)) {
		size_t m = (size_t)json_integer_value(maxt) * 4;
		keep = m < keep ? m : keep;
		cut = 1;
	}
	if (cut) {
		c->fire |= FAKE_F_LENGTH;
		clen = utf8_cut(content, clen, keep);
		content[clen] = '\0';
		finish = "length";
	}

	json_t *msg;
	if (c->fire & FAKE_F_REFUSAL) {
		msg =
		    json_pack("{s:s,s:n,s:s}", "role", "assistant", "content", "refusal",
		              "I'm sorry, but I can't assist with that request.");
	} else {
		msg = json_pack("{s:s,s:s%,s:n}", "role", "assistant", "content", content,
		                clen, "refusal");
	}
	json_int_t pt = (json_int_t)(rq->body_len / 4), ct = (json_int_t)((clen + 3) / 4);
	json_t *o = json_pack(
	    "{s:s,s:s,s:i,s:s,s:[{s:i,s:o,s:n,s:s}],s:{s:I,s:I,s:I},s:s}", "id", "",
	    "object", "chat.completion", "created", 1700000000, "model", rq->model,
	    "choices", "index", 0, "message", msg, "logprobs", "finish_reason", finish,
	    "usage", "prompt_tokens", pt, "completion_tokens", ct, "total_tokens",
	    pt + ct, "system_fingerprint", "fp_fake");
	char id[40];
	snprintf(id, sizeof id, "chatcmpl-fake-%u", rq->seq);
	json_object_set_new(o, "id", json_string(id));
	free(content);
	fake_reply_json(rep, 200, o);
	snprintf(id, sizeof id, "req_fake_%u", rq->seq);
	fake_reply_header(rep, "x-request-id", id);
	fake_reply_header(rep, "x-ratelimit-limit-requests", "10000");
	fake_reply_header(rep, "x-ratelimit-remaining-requests", "9999");
	c->translated =
	    c->fire & (FAKE_F_LENGTH | FAKE_F_REFUSAL | FAKE_F_BAD_CONTENT) ? 0 : n;
}

static void openai_error(struct fake_call *c, int status, struct fake_reply *rep)
{
	switch (status) {
	case 413:
		fake_reply_proxy_413(rep);
		break;
	case 429:
		error(c, rep, 429,
		      "Rate limit reached for requests per min (RPM): Limit 60, Used 60, "
		      "Requested 1. "
		      "Please try again in 1s.",
		      "requests", NULL, "rate_limit_exceeded");
		break;
	case 500:
		error(c, rep, 500,
		      "The server had an error while processing your request. Sorry "
		      "about that!",
		      "server_error", NULL, NULL);
		break;
	case 503:
		error(c, rep, 503,
		      "The engine is currently overloaded, please try again later.",
		      "server_error", NULL, NULL);
		break;
	default:
		error(c, rep, status, "Bad request", "invalid_request_error", NULL, NULL);
		break;
	}
}

void fake_openai_models(struct fake_call *c, struct fake_reply *rep)
{
	if (check_auth(c, rep) != 0)
		return;
	json_t *a = json_array();
	const char *p = c->cfg->openai_models;
	while (p && *p) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		json_array_append_new(a, json_pack("{s:s%,s:s,s:i,s:s}", "id", p, n,
		                                   "object", "model", "created",
		                                   1700000000, "owned_by", "fake"));
		p = end ? end + 1 : NULL;
	}
	fake_reply_json(rep, 200, json_pack("{s:s,s:o}", "object", "list", "data", a));
}

const struct fake_proto fake_openai = {"openai", openai_read, openai_answer,
                                       openai_error};
