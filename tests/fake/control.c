/* The control endpoint (/_fake/...) for a server running in another
 * process (fake-api-server), and the JSON forms of the log and faults. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_server.h"

static const char *const fault_names[] = {
    "drop",        "busy",    "rate_limit", "server_error", "unavailable",
    "malformed",   "slow",    "short",      "length",       "fence",
    "bad_content", "refusal", "poison",     "too_large",
};

static json_t *request_json(const struct fake_request *r, int with_bodies)
{
	json_t *o = json_object();
	json_object_set_new(o, "seq", json_integer(r->seq));
	json_object_set_new(o, "index", json_integer(r->index));
	json_object_set_new(o, "proto", json_string(r->proto ? r->proto : "other"));
	json_object_set_new(o, "method", json_string(r->method));
	json_object_set_new(o, "path", json_string(r->path));
	json_object_set_new(o, "query", json_string(r->query));
	json_t *h = json_array();
	for (size_t i = 0; i < r->nheaders; i++)
		json_array_append_new(
		    h, json_pack("[ss]", r->headers[i].name, r->headers[i].value));
	json_object_set_new(o, "headers", h);
	json_object_set_new(o, "ntexts", json_integer((json_int_t)r->ntexts));
	if (with_bodies) {
		json_object_set_new(o, "body", json_stringn(r->body, r->body_len));
		json_t *t = json_array();
		for (size_t i = 0; i < r->ntexts; i++)
			json_array_append_new(t,
			                      json_stringn(r->texts[i], r->text_lens[i]));
		json_object_set_new(o, "texts", t);
	}
	if (r->target)
		json_object_set_new(o, "target", json_string(r->target));
	if (r->source)
		json_object_set_new(o, "source", json_string(r->source));
	if (r->model)
		json_object_set_new(o, "model", json_string(r->model));
	if (r->context && with_bodies)
		json_object_set_new(o, "context", json_string(r->context));
	json_object_set_new(o, "status", json_integer(r->status));
	json_t *fl = json_array();
	for (size_t i = 0; i < sizeof fault_names / sizeof fault_names[0]; i++)
		if (r->faults & (1u << i))
			json_array_append_new(fl, json_string(fault_names[i]));
	json_object_set_new(o, "faults", fl);
	json_object_set_new(o, "in_flight", json_integer(r->in_flight));
	json_object_set_new(o, "t_arrival", json_real(r->t_arrival));
	json_object_set_new(o, "t_reply", json_real(r->t_reply));
	return o;
}

char *fake_log_json(struct fake *f, int with_bodies)
{
	f = fake_pick(f);
	json_t *a = json_array();
	pthread_mutex_lock(&f->mu);
	for (size_t i = 0; i < f->nlog; i++)
		json_array_append_new(a, request_json(f->log[i], with_bodies));
	pthread_mutex_unlock(&f->mu);
	char *s = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	return s;
}

/* The faults' fields by name, for reading and writing them as JSON. */
enum field_kind { F_UNSIGNED, F_SIZE, F_INT, F_RULE };
struct field {
	const char *name;
	enum field_kind kind;
	size_t off;
};
#define FLD(n, k)                                                                        \
	{                                                                                \
#n, k, offsetof(struct fake_faults, n)                                   \
	}
static const struct field fields[] = {
    FLD(latency_ms, F_UNSIGNED),
    FLD(drop, F_RULE),
    FLD(rate_limit, F_RULE),
    FLD(retry_after_s, F_UNSIGNED),
    FLD(retry_after_ms, F_UNSIGNED),
    FLD(server_error, F_RULE),
    FLD(unavailable, F_RULE),
    FLD(malformed, F_RULE),
    FLD(slow, F_RULE),
    FLD(trickle_ms, F_UNSIGNED),
    FLD(trickle_bytes, F_UNSIGNED),
    FLD(short_reply, F_RULE),
    FLD(length, F_RULE),
    FLD(fence, F_RULE),
    FLD(bad_content, F_RULE),
    FLD(refusal, F_RULE),
    FLD(max_concurrent, F_UNSIGNED),
    FLD(max_texts, F_UNSIGNED),
    FLD(max_chars, F_UNSIGNED),
    FLD(max_body, F_SIZE),
    FLD(poison_status, F_INT),
    FLD(seed, F_UNSIGNED),
};

static int read_uint(json_t *v, unsigned long long *out)
{
	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return -1;
	*out = (unsigned long long)json_integer_value(v);
	return 0;
}

int fake_faults_from_json(const char *json, struct fake_faults *faults,
                          char **poison_owned, char *why, size_t why_size)
{
	json_error_t je;
	*poison_owned = NULL;
	json_t *o = json_loads(json, 0, &je);
	if (!json_is_object(o)) {
		snprintf(why, why_size, "faults: a JSON object is needed (%s)",
		         o ? "not an object" : je.text);
		json_decref(o);
		return -1;
	}
	const char *key;
	json_t *v;
	json_object_foreach(o, key, v)
	{
		if (strcmp(key, "poison") == 0) {
			if (!json_is_string(v) && !json_is_null(v)) {
				snprintf(why, why_size, "faults: \"poison\" is a string");
				goto fail;
			}
			free(*poison_owned);
			*poison_owned =
			    json_is_string(v) ? strdup(json_string_value(v)) : NULL;
			faults->poison = *poison_owned;
			continue;
		}
		const struct field *fd = NULL;
		for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
			if (strcmp(fields[i].name, key) == 0)
				fd = &fields[i];
		if (!fd) {
			snprintf(why, why_size, "faults: unknown field \"%s\"", key);
			goto fail;
		}
		char *p = (char *)faults + fd->off;
		unsigned long long x;
		if (fd->kind == F_RULE) {
			struct fake_rule r = {0, 0, 0};
			const char *rk;
			json_t *rv;
			if (!json_is_object(v)) {
				snprintf(why, why_size,
				         "faults: \"%s\" is an object "
				         "{\"first\",\"every\",\"percent\"}",
				         key);
				goto fail;
			}
			json_object_foreach(v, rk, rv)
			{
				if (read_uint(rv, &x) != 0) {
					snprintf(why, why_size,
					         "faults: %s.%s is a number >= 0", key,
					         rk);
					goto fail;
				}
				if (strcmp(rk, "first") == 0)
					r.first = (unsigned)x;
				else if (strcmp(rk, "every") == 0)
					r.every = (unsigned)x;
				else if (strcmp(rk, "percent") == 0)
					r.percent = (unsigned)x;
				else {
					snprintf(why, why_size,
					         "faults: unknown field \"%s.%s\"", key,
					         rk);
					goto fail;
				}
			}
			memcpy(p, &r, sizeof r);
			continue;
		}
		if (read_uint(v, &x) != 0) {
			snprintf(why, why_size, "faults: \"%s\" is a number >= 0", key);
			goto fail;
		}
		if (fd->kind == F_UNSIGNED) {
			unsigned u = (unsigned)x;
			memcpy(p, &u, sizeof u);
		} else if (fd->kind == F_SIZE) {
			size_t z = (size_t)x;
			memcpy(p, &z, sizeof z);
		} else {
			int i = (int)x;
			memcpy(p, &i, sizeof i);
		}
	}
	json_decref(o);
	return 0;
fail:
	json_decref(o);
	free(*poison_owned);
	*poison_owned = NULL;
	return -1;
}

static json_t *faults_json(const struct fake_faults *fl)
{
	json_t *o = json_object();
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		const char *p = (const char *)fl + fields[i].off;
		switch (fields[i].kind) {
		case F_RULE: {
			struct fake_rule r;
			memcpy(&r, p, sizeof r);
			json_object_set_new(o, fields[i].name,
			                    json_pack("{s:I,s:I,s:I}", "first",
			                              (json_int_t)r.first, "every",
			                              (json_int_t)r.every, "percent",
			                              (json_int_t)r.percent));
			break;
		}
		case F_UNSIGNED: {
			unsigned u;
			memcpy(&u, p, sizeof u);
			json_object_set_new(o, fields[i].name, json_integer(u));
			break;
		}
		case F_SIZE: {
			size_t z;
			memcpy(&z, p, sizeof z);
			json_object_set_new(o, fields[i].name,
			                    json_integer((json_int_t)z));
			break;
		}
		case F_INT: {
			int n;
			memcpy(&n, p, sizeof n);
			json_object_set_new(o, fields[i].name, json_integer(n));
			break;
		}
		}
	}
	json_object_set_new(o, "poison",
	                    fl->poison ? json_string(fl->poison) : json_null());
	return o;
}

static enum MHD_Result send_raw(struct MHD_Connection *mc, unsigned status, char *s)
{
	struct MHD_Response *r =
	    MHD_create_response_from_buffer(strlen(s), s, MHD_RESPMEM_MUST_FREE);
	if (!r) {
		free(s);
		return MHD_NO;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
	enum MHD_Result ret = MHD_queue_response(mc, status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result send_json(struct MHD_Connection *mc, unsigned status, json_t *v)
{
	char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	json_decref(v);
	return send_raw(mc, status, s);
}

enum MHD_Result fake_control(struct fake *f, struct MHD_Connection *mc,
                             const char *method, const char *uri, const char *body,
                             size_t len)
{
	(void)len;
	const char *q = strchr(uri, '?');
	size_t pl = q ? (size_t)(q - uri) : strlen(uri);
	int get = strcmp(method, "GET") == 0, post = strcmp(method, "POST") == 0;
#define IS(p) (pl == strlen(p) && strncmp(uri, p, pl) == 0)

	if (IS("/_fake/log") && get) {
		int bodies = !(q && strstr(q, "bodies=0"));
		return send_raw(mc, 200, fake_log_json(f, bodies));
	}
	if (IS("/_fake/stats") && get) {
		struct fake_stats st;
		fake_stats(f, &st);
		return send_json(mc, 200,
		                 json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:I}", "requests",
		                           (json_int_t)st.requests, "translate_requests",
		                           (json_int_t)st.translate_requests, "texts",
		                           (json_int_t)st.texts, "texts_translated",
		                           (json_int_t)st.texts_translated, "characters",
		                           (json_int_t)st.characters, "max_in_flight",
		                           (json_int_t)st.max_in_flight, "in_flight",
		                           (json_int_t)st.in_flight));
	}
	if (IS("/_fake/reset") && post) {
		fake_reset(f);
		return send_json(mc, 200, json_pack("{s:b}", "ok", 1));
	}
	if (IS("/_fake/faults") && (get || post)) {
		struct fake_faults fl;
		char *poison = NULL;
		fake_get_faults(f, &fl, &poison);
		if (post) {
			char why[256];
			char *np = NULL;
			if (fake_faults_from_json(body, &fl, &np, why, sizeof why) != 0) {
				free(poison);
				return send_json(mc, 400,
				                 json_pack("{s:s}", "error", why));
			}
			fake_set_faults(f, &fl);
			free(np);
			free(poison);
			fake_get_faults(f, &fl, &poison);
		}
		json_t *o = faults_json(&fl);
		free(poison);
		return send_json(mc, 200, o);
	}
#undef IS
	return send_json(
	    mc, 404,
	    json_pack("{s:s}", "error",
	              "unknown control endpoint: GET /_fake/log, /_fake/stats, "
	              "/_fake/faults; POST /_fake/reset, /_fake/faults"));
}
