/*
 * precis/backend.h — translation backends behind one interface.
 *
 * A backend is a protocol (DeepL API v2, LibreTranslate, any OpenAI-
 * compatible chat server, Apertium APy, or "none") spoken over one shared
 * HTTP transport (libcurl multi: connection reuse, -j requests in flight per
 * host, one backoff gate per host, retries with jitter, Retry-After), with
 * a translation memory (SQLite) in front: a text already translated with
 * the same backend, model, languages and options is never sent again.
 *
 * Texts are sent in batches as large as the protocol allows; the caller
 * hands over every text of a run at once (all paragraphs of all files) and
 * gets them back in order. API keys come from the environment or a config
 * file, never from the command line; they never appear in any message, log
 * line or output.
 *
 * Settings that are not options come from the environment, then from the
 * config file $XDG_CONFIG_HOME/precis/config (else ~/.config/precis/config):
 * `name = value` lines, `#` comment lines, names as the environment
 * variables' in any case, values optionally quoted:
 *
 *     # chmod 600: it holds keys
 *     deepl_auth_key = 0123abcd-...:fx
 *     openai_api_key = sk-...
 *     openai_base_url = http://localhost:11434/v1
 *     precis_model = mistral-small
 *     precis_backend = deepl
 *
 * Keys: DEEPL_AUTH_KEY (or DEEPL_API_KEY), LIBRETRANSLATE_API_KEY,
 * OPENAI_API_KEY; every variable of the environment is tried before the
 * file. Servers: DEEPL_SERVER_URL, LIBRETRANSLATE_URL, OPENAI_BASE_URL,
 * APERTIUM_URL. PRECIS_MODEL names the openai model when opts.model is
 * NULL; PRECIS_BACKEND the backend when opts.name is NULL (else "none").
 * A file others may read gets a warning through the log.
 *
 * The log callback gets one line per request (-v) and the warnings (lines
 * "<backend>: warning: ..."): a translation memory that cannot be opened
 * or written is a warning, and the run goes on without it.
 *
 * Tests: PRECIS_BACKOFF_SCALE (a number, default 1) multiplies every wait
 * between tries, Retry-After included.
 *
 * Ownership: a backend is created with precis_backend_new() and freed with
 * precis_backend_free(); translated texts in precis_tr_item.out are malloc'd
 * and belong to the caller (free()). A backend is used by one thread at a
 * time.
 */
#ifndef PRECIS_BACKEND_H
#define PRECIS_BACKEND_H

#include <stddef.h>

#include "precis/error.h"

struct precis_backend;
struct precis_langset;

/* Receives one human-readable line (no newline) for -v: method, URL,
 * status, time, retries, trace id. Never holds a key. */
typedef void (*precis_log_fn)(void *ctx, const char *line);

/* Progress of a translate call: items done of n, requests sent, retries. */
typedef void (*precis_progress_fn)(void *ctx, size_t done, size_t n, size_t requests,
                                   size_t retries);

struct precis_backend_opts {
	const char *name;       /* "none", "deepl", "libretranslate", "openai", "apertium" */
	const char *base_url;   /* NULL: the protocol's variable (DEEPL_SERVER_URL,
	                         * OPENAI_BASE_URL, LIBRETRANSLATE_URL) or default */
	const char *model;      /* openai: the model name; NULL: $PRECIS_MODEL or an error */
	const char *api_key;    /* NULL: from the environment; never from argv */
	unsigned jobs;          /* requests in flight per host; 0: 4 */
	double timeout;         /* seconds for one request; 0: 60 */
	int retries;            /* tries after the first; < 0: 5 */
	const char *cache_path; /* NULL: $XDG_CACHE_HOME/precis/tm.sqlite (or ~/.cache) */
	int no_cache;           /* nonzero: no translation memory */
	int dry_run;            /* nonzero: count what would be sent, send nothing */
	const char *formality;  /* deepl: "prefer_more", "prefer_less", or NULL */
	precis_log_fn log;      /* may be NULL */
	void *log_ctx;
	precis_progress_fn progress; /* may be NULL */
	void *progress_ctx;
	const struct precis_langset *langs; /* borrowed, outlives the backend; NULL:
	                                     * the default set, loaded when needed
	                                     * (replies are cleaned for the target) */
};

struct precis_tr_item {
	const char *text;       /* borrowed, UTF-8 */
	size_t len;
	const char *context;    /* borrowed or NULL: helps, is not translated (the
	                         * article's lead for a quote) */
	char *out;              /* the translation, malloc'd (caller frees); NULL on failure */
	size_t out_len;
	enum precis_status status; /* PRECIS_OK, or why this item failed:
	                            * PRECIS_E_BACKEND (the server refused it,
	                            * or gave no answer after the retries, or the
	                            * run stopped first), PRECIS_E_INPUT (the
	                            * protocol cannot send this text) */
	int cached;             /* nonzero: it came from the translation memory */
};

struct precis_backend_stats {
	size_t requests;   /* HTTP requests sent (retries included) */
	size_t retries;
	size_t characters; /* code points sent (what DeepL bills) */
	size_t tokens;     /* estimated tokens sent: request bytes / 4 (what
	                    * openai bills; filled for every backend) */
	size_t cached;     /* items served by the translation memory */
	size_t failed;     /* items that failed */
};

/* A backend as opts say. PRECIS_E_CONFIG when it cannot work (unknown name,
 * missing key or model: the message names the variable to set). */
enum precis_status precis_backend_new(const struct precis_backend_opts *opts,
                                      struct precis_backend **out, struct precis_error *err);
void precis_backend_free(struct precis_backend *b);

const char *precis_backend_name(const struct precis_backend *b); /* static storage */
/* The model an openai backend asks for, or NULL. Backend storage. */
const char *precis_backend_model(const struct precis_backend *b);
/* Whether the backend translates at all ("none" does not). */
int precis_backend_translates(const struct precis_backend *b);

/* Translates n items from `from` (NULL or "auto": let the backend detect)
 * to `to` ("fr", "en", "en-GB", "en-US"...), batched, concurrent, retried,
 * cached, in order. Identical texts (with the same context) are sent once;
 * blank texts are copied, not sent. Every translation received is stored
 * in the memory at once, so a run stopped halfway and started again only
 * sends what is left.
 *
 * Returns PRECIS_OK when the run went through; items may still have failed
 * one by one (see their status), and then err, when given, holds the first
 * reason (err->status PRECIS_E_BACKEND) although the call returned
 * PRECIS_OK. A fatal error stops the run: PRECIS_E_BACKEND (bad key, quota
 * exhausted, unknown model), or PRECIS_E_CONFIG / PRECIS_E_USAGE when the
 * protocol refuses the settings (a target it does not know) before
 * anything is sent; err says what to do, items not done have status
 * PRECIS_E_BACKEND, those done keep their translation.
 *
 * With dry_run nothing is sent: outs stay NULL, statuses PRECIS_OK, and the
 * stats say what would have been (requests = batches, characters, tokens,
 * cached). */
enum precis_status precis_backend_translate(struct precis_backend *b, const char *from,
                                            const char *to, struct precis_tr_item *items,
                                            size_t n, struct precis_error *err);

/* Figures since the backend was created. */
void precis_backend_stats(const struct precis_backend *b, struct precis_backend_stats *st);

/* Tries the backend: reachability, key, and remaining quota where the API
 * tells it. *report is a malloc'd multi-line text (caller frees). */
enum precis_status precis_backend_check(struct precis_backend *b, char **report,
                                        struct precis_error *err);

/* The known backends, for `precis backends`: name and one line about it. */
size_t precis_backend_count(void);
const char *precis_backend_name_at(size_t i);
const char *precis_backend_about(size_t i);

#endif
