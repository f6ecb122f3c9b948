/* Internals of the fake API server shared by server.c and the protocol
 * files (fake_<proto>.c). A protocol is a table of three functions run by
 * server.c around its fault injection: read the request (texts, target),
 * answer it, or give its own body for a generic error status. */
#ifndef FAKE_INT_H
#define FAKE_INT_H

#include <stddef.h>

#include <jansson.h>

#include "fakeapi.h"

/* The configuration, with its strings owned by the server. */
struct fake_cfg {
	unsigned short port;
	char *deepl_key;
	char *libre_key;
	char *openai_key;
	char *openai_models;
	char *openai_target;
	int openai_json_object_only;
	int openai_flat_errors;
	char *apertium_pairs;
	unsigned long char_limit;
	int record_auth;
};

/* A reply being built. status 0 means: drop the connection. */
struct fake_reply {
	int status;
	char *body; /* malloc'd */
	size_t len;
	const char *ctype;
	char *hname[8]; /* malloc'd */
	char *hvalue[8];
	size_t nh;
};

/* One API request being handled. */
struct fake_call {
	struct fake *srv;
	const struct fake_cfg *cfg;
	const struct fake_faults *faults; /* a snapshot taken at arrival */
	struct fake_request *rq;          /* the log entry being filled */
	struct fake_pair *args;           /* query and form arguments, decoded */
	size_t nargs;
	const char *auth;  /* the Authorization header, or NULL */
	json_t *json;      /* the body when it is JSON, else NULL */
	int json_error;    /* the body claimed JSON and is not */
	unsigned fire;     /* content faults to apply (FAKE_F_SHORT...) */
	size_t translated; /* texts in a 200 reply, for the stats */
	int batch;         /* libretranslate: q was an array */
	json_t *items;     /* openai: the array of texts (borrowed) */
	json_t *summary;   /* openai summary mode: the data object (owned), or NULL */
	int summary_kind;  /* FAKE_SUMMARY_FINAL or _CHUNK; 0: not a summary */
	unsigned summary_n; /* sentences asked */
};

enum { FAKE_SUMMARY_FINAL = 1, FAKE_SUMMARY_CHUNK = 2 };

/* fake_openai_summary.c: whether the chat request is a summary request
 * (then c->summary is set and the texts logged: the article, then the
 * quotes); its reply content (malloc'd JSON), one quote translation fewer
 * with short_reply; *ntexts: the texts answered. */
int fake_summary_read(struct fake_call *c, json_t *messages, const char *user);
char *fake_summary_content(struct fake_call *c, int short_reply, size_t *ntexts);

struct fake_proto {
	const char *name;
	/* Fills c->rq (texts, target...). Returns 0, or -1 with rep holding
	 * the protocol's reply to a request it cannot read (400...). */
	int (*read)(struct fake_call *c, struct fake_reply *rep);
	/* Auth, limits, quota, then the translation (content faults in c->fire). */
	void (*answer)(struct fake_call *c, struct fake_reply *rep);
	/* The protocol's body for status (429, 500, 503, 413, a poison status). */
	void (*error)(struct fake_call *c, int status, struct fake_reply *rep);
};

extern const struct fake_proto fake_deepl, fake_libre, fake_openai, fake_apertium;

/* Non-translate endpoints: usage, languages, models, listPairs, detect. */
void fake_deepl_usage(struct fake_call *c, struct fake_reply *rep);
void fake_deepl_languages(struct fake_call *c, struct fake_reply *rep);
void fake_libre_languages(struct fake_call *c, struct fake_reply *rep);
void fake_libre_detect(struct fake_call *c, struct fake_reply *rep);
void fake_openai_models(struct fake_call *c, struct fake_reply *rep);
void fake_apertium_pairs(struct fake_call *c, struct fake_reply *rep);

/* server.c: the quota (code points). Returns 0 and counts them as spent,
 * or -1 when they would go over cfg.char_limit. */
int fake_spend(struct fake_call *c, unsigned long chars);
/* Characters spent so far and the limit (0: none). */
void fake_usage(struct fake_call *c, unsigned long *used, unsigned long *limit);

/* util.c: replies */
void fake_reply_json(struct fake_reply *rep, int status, json_t *v); /* steals v */
void fake_reply_text(struct fake_reply *rep, int status, const char *ctype,
                     const char *text);
void fake_reply_header(struct fake_reply *rep, const char *name, const char *value);
void fake_reply_clear(struct fake_reply *rep);
/* The HTML page a reverse proxy sends for 413. */
void fake_reply_proxy_413(struct fake_reply *rep);

/* util.c */
void *fake_xmalloc(size_t n);
void *fake_xrealloc(void *p, size_t n);
char *fake_xstrdup(const char *s);
char *fake_xstrndup(const char *s, size_t n);
/* Decodes application/x-www-form-urlencoded text ('+' is a space),
 * appending to *pairs. */
void fake_form_parse(const char *s, size_t len, struct fake_pair **pairs, size_t *n);
const char *fake_pair_get(const struct fake_pair *p, size_t n, const char *name);
const char *fake_arg(const struct fake_call *c, const char *name);
/* A string member of the JSON body, or an argument. */
const char *fake_param(const struct fake_call *c, const char *name);
size_t fake_utf8_count(const char *s, size_t len);
/* Appends a text to the log entry's texts. */
void fake_add_text(struct fake_request *rq, const char *s, size_t len);
/* Code points of all texts of the request. */
unsigned long fake_text_chars(const struct fake_request *rq);
/* Uppercased copy (ASCII). */
char *fake_upper(const char *s);
int fake_streq_ci(const char *a, const char *b);
/* Whether name appears in the comma-separated list. */
int fake_in_list(const char *list, const char *name, size_t name_len);
/* Whether any text holds the poison. */
int fake_poisoned(const struct fake_call *c);

#endif
