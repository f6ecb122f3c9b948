/*
 * fakeapi.h — a fake translation API server for precis' tests and benchmarks.
 *
 * One libmicrohttpd daemon on 127.0.0.1 (a free port unless told one) that
 * speaks the four protocols precis knows with their real request shapes and
 * error bodies (DeepL API v2, LibreTranslate, OpenAI-compatible chat
 * completions, Apertium APy), "translates" deterministically (see
 * fake_translation()), injects faults on demand and records every request
 * so that tests can assert batching, order, concurrency, retries and that a
 * run sent nothing. tests/fake/README.md has the endpoints and the faults.
 *
 * Every function taking a `struct fake *` accepts NULL for the default
 * server, the one fake_start() started: most tests need only that one.
 * The server is thread-safe: one thread per connection, a mutex around the
 * log and the counters.
 *
 * Ownership: strings in struct fake_config and struct fake_faults are
 * copied; log entries (struct fake_request) belong to the server and stay
 * valid until fake_reset() or the server is stopped; strings returned by
 * fake_translation() and fake_log_json() are malloc'd (caller frees).
 */
#ifndef FAKEAPI_H
#define FAKEAPI_H

#include <stddef.h>

/* When a fault fires, counted over the translate requests of a server
 * (1, 2, 3... in arrival order, retries included). It fires on request k
 * when any field says so; all zero: never. */
struct fake_rule {
	unsigned first;   /* requests 1..first */
	unsigned every;   /* requests every, 2*every, 3*every... */
	unsigned percent; /* about this percent of requests, reproducible (seeded) */
};

/* Faults; all zero is a well-behaved server. Several may fire on one
 * request: drop, then busy/rate_limit, then 500, then 503 win in that
 * order; the content faults apply to what is left. */
struct fake_faults {
	unsigned latency_ms;         /* before every API reply */
	struct fake_rule drop;       /* close the connection, no reply */
	struct fake_rule rate_limit; /* 429 with the protocol's rate-limit body */
	unsigned retry_after_s;      /* with 429 and 503: "Retry-After: N" (0: none) */
	unsigned retry_after_ms;     /* with 429 and 503: "retry-after-ms: N" (0: none) */
	struct fake_rule server_error; /* 500 */
	struct fake_rule unavailable;  /* 503 */
	struct fake_rule malformed;    /* 200 with the JSON body cut in half */
	struct fake_rule slow;         /* the reply trickles out */
	unsigned trickle_ms;           /* pause between chunks of a slow reply; 0: 20 */
	unsigned trickle_bytes;        /* chunk size of a slow reply; 0: 8 */
	struct fake_rule short_reply;  /* one translation fewer than texts sent */
	struct fake_rule length;       /* openai: content cut, finish_reason "length" */
	struct fake_rule fence;        /* openai: content wrapped in ```json fences */
	struct fake_rule bad_content;  /* openai: content that is prose, not JSON */
	struct fake_rule refusal;      /* openai: content null, message.refusal set */
	unsigned max_concurrent;       /* >0: a request arriving when that many are
	                                * already in flight gets 429 */
	unsigned max_texts;            /* >0: cap on texts per request (deepl: 400,
	                                * default 50; libretranslate: 400; openai: the
	                                * reply silently drops the extra texts) */
	unsigned max_chars;            /* >0: code points per request (libretranslate:
	                                * 400; openai: 400 context_length_exceeded) */
	size_t max_body;               /* >0: bytes per request body: 413 (deepl:
	                                * default 128 KiB, its own body; others: a
	                                * reverse proxy's HTML page) */
	const char *poison;            /* a request with a text containing this... */
	int poison_status;             /* ...gets this status (0: 500) with the
	                                * protocol's error body */
	unsigned seed;                 /* for percent rules */
};

struct fake_config {
	unsigned short port;       /* 0: a free port */
	const char *deepl_key;     /* NULL: any key (the header is still required) */
	const char *libre_key;     /* NULL: no key needed */
	const char *openai_key;    /* NULL: any Bearer key (one is still required) */
	const char *openai_models; /* comma-separated; NULL: "fake-model,gpt-4o-mini" */
	const char *openai_target; /* tag of openai replies; NULL: read from the prompt */
	int openai_json_object_only; /* json_schema response_format: 400, as
	                              * servers that only know json_object */
	int openai_flat_errors;      /* Mistral's flat {"message","type","code"} */
	const char *apertium_pairs;  /* NULL: "fra|spa,spa|fra,fra|eng,eng|fra" */
	unsigned long char_limit;    /* >0: quota in code points: deepl 456,
	                              * openai 429 insufficient_quota once spent */
	unsigned long char_used;     /* characters already spent (deepl /v2/usage) */
	int record_auth;             /* nonzero: log Authorization values as sent;
	                              * else they read "<redacted>" */
	struct fake_faults faults;
};

struct fake_pair {
	char *name;
	char *value;
};

/* Bits of struct fake_request.faults: which faults fired. */
enum {
	FAKE_F_DROP = 1u << 0,
	FAKE_F_BUSY = 1u << 1, /* over max_concurrent */
	FAKE_F_RATE_LIMIT = 1u << 2,
	FAKE_F_SERVER_ERROR = 1u << 3,
	FAKE_F_UNAVAILABLE = 1u << 4,
	FAKE_F_MALFORMED = 1u << 5,
	FAKE_F_SLOW = 1u << 6,
	FAKE_F_SHORT = 1u << 7,
	FAKE_F_LENGTH = 1u << 8,
	FAKE_F_FENCE = 1u << 9,
	FAKE_F_BAD_CONTENT = 1u << 10,
	FAKE_F_REFUSAL = 1u << 11,
	FAKE_F_POISON = 1u << 12,
	FAKE_F_TOO_LARGE = 1u << 13, /* over max_body */
};

/* One request as the server saw it. */
struct fake_request {
	unsigned seq;      /* arrival order among all API requests, from 1 */
	unsigned index;    /* k of the fault rules: arrival order among
	                    * translate requests, from 1; 0 for other ones */
	const char *proto; /* "deepl", "libretranslate", "openai", "apertium",
	                    * or "other" (static) */
	char *method;
	char *path;                /* without the query */
	char *query;               /* raw, without '?'; "" when none */
	struct fake_pair *headers; /* as sent; Authorization maybe redacted */
	size_t nheaders;
	char *body; /* NUL-terminated (may hold NULs before body_len) */
	size_t body_len;
	char **texts; /* the texts found in the request, in order */
	size_t *text_lens;
	size_t ntexts;
	char *target;       /* target language as sent, or NULL */
	char *source;       /* source language as sent, or NULL */
	char *model;        /* openai: the model, or NULL */
	char *context;      /* deepl: the context, or NULL */
	int status;         /* status replied; 0: connection dropped */
	unsigned faults;    /* FAKE_F_* that fired */
	unsigned in_flight; /* API requests in flight when it arrived, itself included */
	double t_arrival;   /* seconds since the server started */
	double t_reply;     /* when the reply was queued (after the latency) */
};

struct fake_stats {
	size_t requests; /* API requests (control endpoint excluded) */
	size_t translate_requests;
	size_t texts;            /* texts in translate requests */
	size_t texts_translated; /* texts in 200 replies */
	size_t characters;       /* code points translated (what DeepL bills) */
	unsigned max_in_flight;
	unsigned in_flight;
};

/* Starts a server (cfg may be NULL: all defaults). NULL when it cannot
 * listen; errno tells why. */
struct fake *fake_new(const struct fake_config *cfg);
/* Stops it: waits for the connection threads, frees the log. */
void fake_free(struct fake *f);
unsigned short fake_port(const struct fake *f);
/* "http://127.0.0.1:PORT" (no trailing slash); valid while f lives. */
const char *fake_url(const struct fake *f);

/* The default server: fake_start() returns its port (or -1), fake_stop()
 * stops it (harmless when none runs). */
int fake_start(const struct fake_config *cfg);
void fake_stop(void);

/* Replaces the faults; requests already arrived keep the old ones. */
void fake_set_faults(struct fake *f, const struct fake_faults *faults);
/* Forgets the log and the counters (fault rules count from 1 again); the
 * quota spent and the configuration stay. */
void fake_reset(struct fake *f);

size_t fake_log_count(struct fake *f);
/* The i-th logged request in arrival order; NULL past the end. A request is
 * logged when its reply is queued (or its connection dropped). */
const struct fake_request *fake_log_at(struct fake *f, size_t i);
/* The value of a header of r (case-insensitive name), or NULL. */
const char *fake_request_header(const struct fake_request *r, const char *name);
/* The whole log as a JSON array (malloc'd); bodies and texts left out
 * when with_bodies is 0. */
char *fake_log_json(struct fake *f, int with_bodies);

void fake_stats(struct fake *f, struct fake_stats *st);
/* Waits until no request is in flight; 0 when idle, -1 after timeout_ms. */
int fake_wait_idle(struct fake *f, unsigned timeout_ms);

/* The fake's translation of text into target: "[TAG] " before every line
 * that is not blank, newlines kept, TAG the target uppercased ("fr" →
 * "[FR] ", "en-GB" → "[EN-GB] "). malloc'd, NUL-terminated; *out_len may
 * be NULL. */
char *fake_translation(const char *target, const char *text, size_t len, size_t *out_len);

/* Reads faults from a JSON object (the control endpoint's body): keys are
 * the field names above, rules are objects {"first","every","percent"}.
 * Fields absent keep their value in *faults. 0 on success, -1 with a
 * message in why[] otherwise. The poison string is malloc'd into
 * *poison_owned (free it; may be NULL). */
int fake_faults_from_json(const char *json, struct fake_faults *faults,
                          char **poison_owned, char *why, size_t why_size);

#endif
