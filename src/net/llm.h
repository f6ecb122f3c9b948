/* The abstractive summary through an OpenAI-compatible chat server.
 *
 * One structured call per article (strict JSON schema): the server writes
 * the summary in the article's language and in the target, and translates
 * the quotes it is given. A long article is cut into chunks at paragraph
 * boundaries; each chunk is summarized, then the chunk summaries are
 * combined in one last call (which also translates the quotes). A reply
 * that is not valid against the schema, or cut (finish_reason "length"),
 * is retried; when it still fails the article gets a non-OK status and the
 * caller falls back to the extractive summary. Requests go through the
 * backend's transport (gate, retries, Retry-After) and count in its stats;
 * the key never appears in a message. */
#ifndef PX_LLM_H
#define PX_LLM_H

#include <stddef.h>

#include "precis/backend.h"
#include "precis/error.h"

struct px_llm_article {
	/* In (borrowed, valid during the call). */
	const char *name;          /* the input, for messages */
	const char *lang;          /* the article's language: "fr" */
	const char *target;        /* the other: "en" */
	const char *title;         /* may be NULL */
	const char *text;          /* the article without its boilerplate and
	                            * title, paragraphs separated by "\n\n" */
	size_t len;
	const char *const *quotes; /* the quotes to translate (their words) */
	const size_t *quote_lens;
	size_t nquotes;
	size_t sentences;          /* sentences asked per language (>= 1) */
	size_t words;              /* or at most this many words; 0: unset */

	/* Out (malloc'd; free with px_llm_article_release). */
	char **summary[2];         /* [0] in lang, [1] in target: sentences */
	size_t nsummary[2];
	char *title_tr;            /* the title in the target, or NULL */
	char **quote_tr;           /* nquotes entries (NULL when missing), or NULL */
	enum precis_status status; /* PRECIS_OK, or why it failed: fall back */
	struct precis_error err;   /* the reason when status is not PRECIS_OK */
};

/* Summarizes n articles; each gets its own status: PRECIS_OK, or
 * PRECIS_E_INPUT (no text, or text that is not UTF-8: nothing was sent),
 * or PRECIS_E_BACKEND (the server's reply was unusable after the tries,
 * the server refused the request, or the call stopped first). Returns
 * PRECIS_OK, or a fatal error (bad key, quota, unknown model: err filled,
 * the articles not done have status PRECIS_E_BACKEND), or PRECIS_E_CONFIG
 * when b is not an openai backend. The outputs are reset first, so
 * px_llm_article_release() is always safe after the call. With a dry-run
 * backend nothing is sent: the requests are counted in the stats (a
 * chunked article as its chunks plus one) and every article has status
 * PRECIS_E_BACKEND ("dry run"), so the caller's fallback shows what the
 * rest would cost. The articles' strings are never stored in the
 * translation memory. */
enum precis_status px_llm_summarize(struct precis_backend *b, struct px_llm_article *a,
                                    size_t n, struct precis_error *err);

void px_llm_article_release(struct px_llm_article *a);

#endif
