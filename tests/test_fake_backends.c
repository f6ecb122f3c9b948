/* precis' four protocols, through the public backend API, against the fake
 * API server: the requests they send are what the real APIs take (the fake
 * checks their shapes as the providers do) and their replies are read back
 * in order. The fine rules (batching, retries, the cache) are the backend
 * tests'; this checks that the protocols and the fake agree. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fakeapi.h"
#include "precis/backend.h"

static const char *const texts[] = {
    "Le conseil municipal a voté le budget.",
    "Premier paragraphe.\n\nSecond paragraphe.",
    "Les travaux commencent en mars.",
};
#define N (sizeof texts / sizeof texts[0])

static struct precis_backend *make(const char *name, const char *base, const char *model,
                                   const char *key)
{
	struct precis_backend_opts o;
	memset(&o, 0, sizeof o);
	o.name = name;
	o.base_url = base;
	o.model = model;
	o.api_key = key;
	o.no_cache = 1;
	o.retries = 3;
	o.timeout = 30;
	struct precis_backend *b = NULL;
	struct precis_error err;
	cr_assert_eq(precis_backend_new(&o, &b, &err), PRECIS_OK, "%s", err.message);
	return b;
}

/* Translates texts and checks each against the fake's rule with tag. */
static void roundtrip(struct precis_backend *b, const char *from, const char *to,
                      const char *tag)
{
	struct precis_tr_item it[N];
	memset(it, 0, sizeof it);
	for (size_t i = 0; i < N; i++) {
		it[i].text = texts[i];
		it[i].len = strlen(texts[i]);
	}
	struct precis_error err;
	enum precis_status st = precis_backend_translate(b, from, to, it, N, &err);
	cr_assert_eq(st, PRECIS_OK, "%s", err.message);
	for (size_t i = 0; i < N; i++) {
		cr_assert_eq(it[i].status, PRECIS_OK, "item %zu", i);
		char *want = fake_translation(tag, texts[i], strlen(texts[i]), NULL);
		cr_assert_str_eq(it[i].out, want);
		free(want);
		free(it[i].out);
	}
}

static void start(const struct fake_config *cfg)
{
	cr_assert_gt(fake_start(cfg), 0);
}

Test(fake_backends, deepl_batches_with_header_auth)
{
	struct fake_config cfg = {.deepl_key = "secret-key:fx", .record_auth = 1};
	start(&cfg);
	struct precis_backend *b = make("deepl", fake_url(NULL), NULL, "secret-key:fx");
	roundtrip(b, "fr", "en-GB", "EN-GB");
	cr_assert_eq(fake_log_count(NULL), 1, "three texts go in one request");
	const struct fake_request *q = fake_log_at(NULL, 0);
	cr_assert_str_eq(q->path, "/v2/translate");
	cr_assert_eq(q->ntexts, N);
	cr_assert_str_eq(fake_request_header(q, "Authorization"),
	                 "DeepL-Auth-Key secret-key:fx");
	cr_assert_null(strstr(q->body, "secret-key"), "the key is not in the body");
	precis_backend_free(b);
	fake_stop();
}

Test(fake_backends, deepl_wrong_key_is_fatal)
{
	struct fake_config cfg = {.deepl_key = "right:fx"};
	start(&cfg);
	struct precis_backend *b =
	    make("deepl", fake_url(NULL), NULL, "wrong-key-123:fx");
	struct precis_tr_item it = {.text = "Bonjour.", .len = 8};
	struct precis_error err;
	cr_assert_eq(precis_backend_translate(b, "fr", "en-US", &it, 1, &err),
	             PRECIS_E_BACKEND);
	cr_assert(strstr(err.message, "403"), "%s", err.message);
	cr_assert_null(strstr(err.message, "wrong-key-123"), "the key is never shown");
	free(it.out);
	precis_backend_free(b);
	fake_stop();
}

Test(fake_backends, libretranslate_sends_q_arrays)
{
	struct fake_config cfg = {.libre_key = "lt-key"};
	start(&cfg);
	char base[128];
	snprintf(base, sizeof base, "%s/lt", fake_url(NULL));
	struct precis_backend *b = make("libretranslate", base, NULL, "lt-key");
	roundtrip(b, "fr", "en", "EN");
	cr_assert_eq(fake_log_count(NULL), 1);
	const struct fake_request *q = fake_log_at(NULL, 0);
	cr_assert_str_eq(q->path, "/lt/translate");
	cr_assert_eq(q->ntexts, N);
	precis_backend_free(b);
	fake_stop();
}

Test(fake_backends, openai_strict_schema_is_accepted)
{
	struct fake_config cfg = {.openai_key = "sk-test-0123456789"};
	start(&cfg);
	char base[128];
	snprintf(base, sizeof base, "%s/v1", fake_url(NULL));
	struct precis_backend *b =
	    make("openai", base, "fake-model", "sk-test-0123456789");
	roundtrip(b, "fr", "en", "EN");
	const struct fake_request *q = fake_log_at(NULL, 0);
	cr_assert_str_eq(q->path, "/v1/chat/completions");
	cr_assert_eq(q->ntexts, N, "the fake found the texts in the user message");
	cr_assert_str_eq(q->target, "EN", "the fake read the target from the prompt");
	precis_backend_free(b);
	fake_stop();
}

Test(fake_backends, apertium_one_text_a_request_without_marks)
{
	start(NULL);
	struct precis_backend *b = make("apertium", fake_url(NULL), NULL, NULL);
	roundtrip(b, "fr", "es", "SPA");
	cr_assert_eq(fake_log_count(NULL), N, "APy takes one text a request");
	for (size_t i = 0; i < N; i++)
		cr_assert_eq(fake_log_at(NULL, i)->ntexts, 1);
	precis_backend_free(b);
	fake_stop();
}
