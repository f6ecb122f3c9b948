/*
 * test_backend_api.c — the public backend API with the real protocols
 * (deepl, libretranslate, openai, apertium) against the fake API server
 * (tests/fake/): batches within each API's limits, order kept through
 * injected faults, splits, fatal errors with the provider's message and
 * what to do, the memory, dry runs, check, and keys kept out of messages.
 * test_backend.c covers the core's rules one by one with a protocol of its
 * own.
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include <criterion/criterion.h>
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fakeapi.h"
#include "net/clean.h"
#include "precis/backend.h"
#include "precis/lang.h"

static char tmpdir[] = "/tmp/precis-api-XXXXXX";
static char logbuf[1 << 20];
static size_t loglen;

static void collect(void *ctx, const char *line)
{
	(void)ctx;
	size_t n = strlen(line);
	if (loglen + n + 2 < sizeof logbuf) {
		memcpy(logbuf + loglen, line, n);
		loglen += n;
		logbuf[loglen++] = '\n';
		logbuf[loglen] = '\0';
	}
}

static void setup(void)
{
	cr_assert_not_null(mkdtemp(tmpdir));
	setenv("HOME", tmpdir, 1);
	setenv("XDG_CACHE_HOME", tmpdir, 1);
	setenv("XDG_CONFIG_HOME", tmpdir, 1);
	setenv("PRECIS_BACKOFF_SCALE", "0.01", 1);
	const char *unset[] = {"http_proxy",      "HTTP_PROXY",         "https_proxy",
	                       "HTTPS_PROXY",     "all_proxy",          "ALL_PROXY",
	                       "DEEPL_AUTH_KEY",  "DEEPL_API_KEY",      "DEEPL_SERVER_URL",
	                       "OPENAI_API_KEY",  "OPENAI_BASE_URL",    "LIBRETRANSLATE_URL",
	                       "PRECIS_MODEL",    "LIBRETRANSLATE_API_KEY", "APERTIUM_URL"};
	for (size_t i = 0; i < sizeof unset / sizeof *unset; i++)
		unsetenv(unset[i]);
	loglen = 0;
	logbuf[0] = '\0';
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

static void teardown(void)
{
	fake_stop();
	nftw(tmpdir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

TestSuite(api, .init = setup, .fini = teardown, .timeout = 60);

static void start(struct fake_config *cfg)
{
	cfg->record_auth = 1;
	cr_assert_gt(fake_start(cfg), 0, "cannot start the fake server: %s", strerror(errno));
}

static struct precis_backend_opts opts(const char *name, const char *key)
{
	struct precis_backend_opts o = {0};
	o.name = name;
	o.base_url = fake_url(NULL);
	o.api_key = key;
	o.jobs = 4;
	o.timeout = 10;
	o.retries = 5;
	o.no_cache = 1;
	o.log = collect;
	return o;
}

static struct precis_backend *make(const struct precis_backend_opts *o)
{
	struct precis_backend *b = NULL;
	struct precis_error err;
	precis_error_clear(&err);
	cr_assert_eq(precis_backend_new(o, &b, &err), PRECIS_OK, "%s", err.message);
	return b;
}

/* Paragraphs of a press article, numbered so that each is unique. */
static struct precis_tr_item *paragraphs(size_t n, char ***texts)
{
	static const char *const base[] = {
		"Le conseil municipal a adopté mardi soir le budget de la rénovation du "
		"pont, après trois heures de débat.",
		"« Nous ne pouvions plus attendre », a déclaré l'adjointe chargée des "
		"travaux, qui promet un chantier achevé avant l'hiver.",
		"L'opposition dénonce un coût « sous-estimé » et réclame une étude "
		"indépendante.",
	};
	struct precis_tr_item *it = calloc(n, sizeof *it);
	*texts = calloc(n, sizeof **texts);
	for (size_t i = 0; i < n; i++) {
		(*texts)[i] = malloc(400);
		snprintf((*texts)[i], 400, "%zu. %s", i, base[i % 3]);
		it[i].text = (*texts)[i];
		it[i].len = strlen((*texts)[i]);
	}
	return it;
}

static void items_free(struct precis_tr_item *it, char **texts, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(it[i].out);
		free(texts[i]);
	}
	free(it);
	free(texts);
}

/* The language of a fake tag ("EN-GB" → en), or NULL when lang/ lacks it
 * ("SPA"): the backend cleans replies for the languages it knows. */
static const struct precis_lang *tag_lang(const char *tag)
{
	static struct precis_langset *set;
	if (!set) {
		struct precis_error err;
		cr_assert_eq(precis_langset_load(NULL, &set, &err), PRECIS_OK, "%s",
		             err.message);
	}
	char code[8];
	size_t n = strcspn(tag, "-");
	if (n >= sizeof code)
		return NULL;
	for (size_t i = 0; i < n; i++)
		code[i] = (char)(tag[i] >= 'A' && tag[i] <= 'Z' ? tag[i] - 'A' + 'a' : tag[i]);
	code[n] = '\0';
	return precis_langset_find(set, code);
}

/* Every item holds the fake's translation, cleaned as the backend cleans
 * every reply (the target's quotation marks and apostrophes). */
static void expect_all(const struct precis_tr_item *it, size_t n, const char *tag)
{
	for (size_t i = 0; i < n; i++) {
		cr_assert_eq(it[i].status, PRECIS_OK, "item %zu failed", i);
		size_t wl;
		char *want = fake_translation(tag, it[i].text, it[i].len, &wl);
		px_clean_translation(tag_lang(tag), it[i].text, it[i].len, &want, &wl);
		cr_assert_not_null(it[i].out, "item %zu", i);
		cr_assert_str_eq(it[i].out, want, "item %zu out of place", i);
		free(want);
	}
}

static size_t max_texts_per_request(void)
{
	size_t m = 0;
	for (size_t i = 0; i < fake_log_count(NULL); i++) {
		const struct fake_request *r = fake_log_at(NULL, i);
		if (r->index && r->ntexts > m)
			m = r->ntexts;
	}
	return m;
}

Test(api, deepl_batches_fifty_texts_in_order)
{
	struct fake_config cfg = {.deepl_key = "good-key"};
	start(&cfg);
	struct precis_backend_opts o = opts("deepl", "good-key");
	struct precis_backend *b = make(&o);
	char **t;
	size_t n = 120;
	struct precis_tr_item *it = paragraphs(n, &t);
	struct precis_error err;
	cr_assert_eq(precis_backend_translate(b, "fr", "en", it, n, &err), PRECIS_OK, "%s",
	             err.message);
	expect_all(it, n, "EN-GB");
	struct fake_stats fs;
	fake_stats(NULL, &fs);
	cr_assert_eq(fs.translate_requests, 3, "120 texts by 50");
	cr_assert_eq(max_texts_per_request(), 50);
	const struct fake_request *r = fake_log_at(NULL, 0);
	cr_assert_str_eq(fake_request_header(r, "Authorization"), "DeepL-Auth-Key good-key");
	cr_assert_not_null(strstr(fake_request_header(r, "User-Agent"), "precis/"));
	struct precis_backend_stats st;
	precis_backend_stats(b, &st);
	cr_assert_eq(st.characters, fs.characters, "what DeepL bills: code points");
	cr_assert_not_null(strstr(logbuf, "deepl: POST "), "%s", logbuf);
	cr_assert_not_null(strstr(logbuf, "/v2/translate -> 200 in "), "%s", logbuf);
	cr_assert_not_null(strstr(logbuf, "trace fake-"), "%s", logbuf);
	cr_assert_null(strstr(logbuf, "good-key"), "%s", logbuf);
	items_free(it, t, n);
	precis_backend_free(b);
}

Test(api, deepl_through_injected_faults_loses_nothing)
{
	struct fake_config cfg = {
		.faults = {.rate_limit = {.percent = 15},
		           .retry_after_ms = 40,
		           .server_error = {.every = 7},
		           .unavailable = {.every = 9},
		           .drop = {.every = 11},
		           .malformed = {.every = 13},
		           .latency_ms = 5,
		           .seed = 7},
	};
	start(&cfg);
	struct precis_backend_opts o = opts("deepl", "test-key-0001");
	o.retries = 8;
	struct precis_backend *b = make(&o);
	char **t;
	size_t n = 300;
	struct precis_tr_item *it = paragraphs(n, &t);
	struct precis_error err;
	cr_assert_eq(precis_backend_translate(b, "fr", "en-US", it, n, &err), PRECIS_OK, "%s",
	             err.message);
	expect_all(it, n, "EN-US");
	struct precis_backend_stats st;
	precis_backend_stats(b, &st);
	cr_assert_gt(st.retries, 0);
	cr_assert_eq(st.failed, 0);
	items_free(it, t, n);
	precis_backend_free(b);
}

Test(api, deepl_413_splits)
{
	struct fake_config cfg = {.faults = {.max_body = 2500}};
	start(&cfg);
	struct precis_backend_opts o = opts("deepl", "test-key-0001");
	struct precis_backend *b = make(&o);
	char **t;
	size_t n = 80;
	struct precis_tr_item *it = paragraphs(n, &t);
	struct precis_error err;
	cr_assert_eq(precis_backend_translate(b, "fr", "en", it, n, &err), PRECIS_OK, "%s",
	             err.message);
	expect_all(it, n, "EN-GB");
	int saw413 = 0;
	for (size_t i = 0; i < fake_log_count(NULL); i++)
		saw413 |= fake_log_at(NULL, i)->status == 413;
	cr_assert(saw413);
	items_free(it, t, n);
	precis_backend_free(b);
}

Test(api, deepl_quota_is_fatal_with_the_usage)
{
	struct fake_config cfg = {.char_limit = 500};
	start(&cfg);
	struct precis_backend_opts o = opts("deepl", "test-key-0001");
	o.jobs = 1;
	struct precis_backend *b = make(&o);
	char **t;
	size_t n = 60;
	struct precis_tr_item *it = paragraphs(n, &t);
	struct precis_error err;
	cr_assert_eq(precis_backend_translate(b, "fr", "en", it, n, &err), PRECIS_E_BACKEND);
	cr_assert_not_null(strstr(err.message, "456"), "%s", err.message);
	cr_assert_eq(it[n - 1].status, PRECIS_E_BACKEND);
	items_free(it, t, n);
	precis_backend_free(b);
}

Test(api, deepl_bad_key_names_the_variable_and_hides_the_key)
{
	struct fake_config cfg = {.deepl_key = "right"};
	start(&cfg);
	struct precis_backend_opts o = opts("deepl", NULL);
	setenv("DEEPL_API_KEY", "wrong-key-0123456789", 1);
	struct precis_backend *b = make(&o);
	char **t;
	size_t n = 5;
	struct precis_tr_item *it = paragraphs(n, &t);
	struct precis_error err;
	cr_assert_eq(precis_backend_translate(b, "fr", "en", it, n, &err), PRECIS_E_BACKEND);
	cr_assert_not_null(strstr(err.message, "403"), "%s", err.message);
	cr_assert_not_null(strstr(err.message, "DEEPL_AUTH_KEY"), "%s", err.message);
	cr_assert_null(strstr(err.message, "wrong-key-0123456789"), "%s", err.message);
	cr_assert_null(strstr(logbuf, "wrong-key-0123456789"), "%s", logbuf);
	char *report = NULL;
	cr_assert_neq(precis_backend_check(b, &report, &err), PRECIS_OK);
	cr_assert_null(strstr(report, "wrong-key-0123456789"), "%s", report);
	cr_assert_not_null(strstr(report, "key: set (from DEEPL_API_KEY)"), "%s", report);
	free(report);
	items_free(it, t, n);
	precis_backend_free(b);
}

Test(api, deepl_check_reports_the_usage)
{
	struct fake_config cfg = {.char_limit = 500000, .char_used = 1234};
	start(&cfg);
	struct precis_backend_opts o = opts("deepl", "k:fx");
	struct precis_backend *b = make(&o);
	char *report = NULL;
	struct precis_error err;
	cr_assert_eq(precis_backend_check(b, &report, &err), PRECIS_OK, "%s", err.message);
	cr_assert_not_null(strstr(report, "reachable: yes (HTTP 200"), "%s", report);
	cr_assert_not_null(strstr(report, "1234"), "%s", report);
	cr_assert_not_null(strstr(report, "500000"), "%s", report);
	free(report);
	precis_backend_free(b);
}

Test(api, deepl_key_from_the_config_file)
{
	struct fake_config cfg = {.deepl_key = "file-key"};
	start(&cfg);
	char dir[600], path[700];
	snprintf(dir, sizeof dir, "%s/precis", tmpdir);
	mkdir(dir, 0700);
	snprintf(path, sizeof path, "%s/config", dir);
	FILE *f = fopen(path, "w");
	fprintf(f, "deepl_auth_key = file-key\ndeepl_server_url = %s\n", fake_url(NULL));
	fclose(f);
	chmod(path, 0600);
	struct precis_backend_opts o = opts("deepl", NULL);
	o.base_url = NULL;
	struct precis_backend *b = make(&o);
	char **t;
	struct precis_tr_item *it = paragraphs(2, &t);
	struct precis_error err;
	cr_assert_eq(precis_backend_translate(b, "fr", "en", it, 2, &err), PRECIS_OK, "%s",
	             err.message);
	expect_all(it, 2, "EN-GB");
	items_free(it, t, 2);
	precis_backend_free(b);
}

Test(api, deepl_without_a_key_says_what_to_set)
{
	struct precis_backend_opts o = opts("deepl", NULL);
	o.base_url = "http://127.0.0.1:9";
	struct precis_backend *b = NULL;
	struct precis_error err;
	cr_assert_eq(precis_backend_new(&o, &b, &err), PRECIS_E_CONFIG);
	cr_assert_not_null(strstr(err.message, "DEEPL_AUTH_KEY (or DEEPL_API_KEY)"), "%s",
	                   err.message);
	cr_assert_not_null(strstr(err.message, "deepl_auth_key = ..."), "%s", err.message);
}

Test(api, a_second_run_sends_nothing_and_a_dry_run_counts_what_is_left)
{
	struct fake_config cfg = {0};
	start(&cfg);
	char cache[600];
	snprintf(cache, sizeof cache, "%s/tm.sqlite", tmpdir);
	struct precis_backend_opts o = opts("deepl", "test-key-0001");
	o.no_cache = 0;
	o.cache_path = cache;
	struct precis_backend *b = make(&o);
	char **t;
	size_t n = 70;
	struct precis_tr_item *it = paragraphs(n, &t);
	struct precis_error err;
	cr_assert_eq(precis_backend_translate(b, "fr", "en", it, 60, &err), PRECIS_OK, "%s",
	             err.message);
	precis_backend_free(b);
	for (size_t i = 0; i < n; i++) {
		free(it[i].out);
		it[i].out = NULL;
	}
	fake_reset(NULL);

	b = make(&o);
	cr_assert_eq(precis_backend_translate(b, "fr", "en", it, 60, &err), PRECIS_OK);
	struct fake_stats fs;
	fake_stats(NULL, &fs);
	cr_assert_eq(fs.requests, 0, "a second run sends nothing");
	expect_all(it, 60, "EN-GB");
	precis_backend_free(b);
	for (size_t i = 0; i < n; i++) {
		free(it[i].out);
		it[i].out = NULL;
	}

	o.dry_run = 1;
	b = make(&o);
	cr_assert_eq(precis_backend_translate(b, "fr", "en", it, n, &err), PRECIS_OK);
	fake_stats(NULL, &fs);
	cr_assert_eq(fs.requests, 0, "a dry run sends nothing");
	struct precis_backend_stats st;
	precis_backend_stats(b, &st);
	cr_assert_eq(st.cached, 60);
	cr_assert_eq(st.requests, 1);
	size_t cps = 0;
	for (size_t i = 60; i < n; i++)
		for (size_t k = 0; k < it[i].len; k++)
			cps += ((unsigned char)it[i].text[k] & 0xC0) != 0x80;
	cr_assert_eq(st.characters, cps);
	items_free(it, t, n);
	precis_backend_free(b);
}

Test(api, libretranslate_batches_across_contexts_and_backs_off_its_429)
{
	struct fake_config cfg = {.faults = {.rate_limit = {.first = 2}}};
	start(&cfg);
	struct precis_backend_opts o = opts("libretranslate", NULL);
	struct precis_backend *b = make(&o);
	char **t;
	size_t n = 40;
	struct precis_tr_item *it = paragraphs(n, &t);
	for (size_t i = 0; i < n; i += 2)
		it[i].context = "Un autre paragraphe.";
	struct precis_error err;
	cr_assert_eq(precis_backend_translate(b, "fr", "en", it, n, &err), PRECIS_OK, "%s",
	             err.message);
	expect_all(it, n, "EN");
	struct precis_backend_stats st;
	precis_backend_stats(b, &st);
	cr_assert_eq(st.retries, 2);
	/* No context in the API: 40 texts by 25, whatever their contexts. */
	cr_assert_eq(st.requests, 2 + 2);
	cr_assert_leq(max_texts_per_request(), 25);
	cr_assert_not_null(strstr(logbuf, "every request to this host waits"), "%s", logbuf);
	items_free(it, t, n);
	precis_backend_free(b);
}

Test(api, openai_translates_with_the_model_from_the_environment)
{
	struct fake_config cfg = {.openai_key = "sk-test-abcdef123456"};
	start(&cfg);
	setenv("PRECIS_MODEL", "fake-model", 1);
	setenv("OPENAI_API_KEY", "sk-test-abcdef123456", 1);
	char url[128];
	snprintf(url, sizeof url, "%s/v1", fake_url(NULL));
	struct precis_backend_opts o = opts("openai", NULL);
	o.base_url = url;
	struct precis_backend *b = make(&o);
	char **t;
	size_t n = 45;
	struct precis_tr_item *it = paragraphs(n, &t);
	struct precis_error err;
	cr_assert_eq(precis_backend_translate(b, "fr", "en", it, n, &err), PRECIS_OK, "%s",
	             err.message);
	expect_all(it, n, "EN");
	const struct fake_request *r = fake_log_at(NULL, 0);
	cr_assert_str_eq(r->model, "fake-model");
	struct precis_backend_stats st;
	precis_backend_stats(b, &st);
	cr_assert_gt(st.tokens, 0);
	cr_assert_null(strstr(logbuf, "sk-test-abcdef123456"), "%s", logbuf);
	items_free(it, t, n);
	precis_backend_free(b);
}

Test(api, openai_short_replies_are_split_and_resent)
{
	struct fake_config cfg = {.faults = {.short_reply = {.first = 1}}};
	start(&cfg);
	char url[128];
	snprintf(url, sizeof url, "%s/v1", fake_url(NULL));
	struct precis_backend_opts o = opts("openai", "sk-x");
	o.base_url = url;
	o.model = "fake-model";
	struct precis_backend *b = make(&o);
	char **t;
	size_t n = 12;
	struct precis_tr_item *it = paragraphs(n, &t);
	struct precis_error err;
	cr_assert_eq(precis_backend_translate(b, "fr", "en", it, n, &err), PRECIS_OK, "%s",
	             err.message);
	expect_all(it, n, "EN");
	items_free(it, t, n);
	precis_backend_free(b);
}

Test(api, openai_unknown_model_is_fatal_and_the_key_stays_hidden)
{
	struct fake_config cfg = {0};
	start(&cfg);
	char url[128];
	snprintf(url, sizeof url, "%s/v1", fake_url(NULL));
	struct precis_backend_opts o = opts("openai", "sk-proj-SECRETSECRET42");
	o.base_url = url;
	o.model = "no-such-model";
	struct precis_backend *b = make(&o);
	char **t;
	size_t n = 3;
	struct precis_tr_item *it = paragraphs(n, &t);
	struct precis_error err;
	cr_assert_eq(precis_backend_translate(b, "fr", "en", it, n, &err), PRECIS_E_BACKEND);
	cr_assert_not_null(strstr(err.message, "no-such-model"), "%s", err.message);
	cr_assert_null(strstr(err.message, "SECRETSECRET"), "%s", err.message);
	cr_assert_null(strstr(logbuf, "SECRETSECRET"), "%s", logbuf);
	items_free(it, t, n);
	precis_backend_free(b);
}

Test(api, apertium_sends_one_text_a_request_concurrently)
{
	struct fake_config cfg = {.faults = {.latency_ms = 20}};
	start(&cfg);
	struct precis_backend_opts o = opts("apertium", NULL);
	o.jobs = 3;
	struct precis_backend *b = make(&o);
	char **t;
	size_t n = 15;
	struct precis_tr_item *it = paragraphs(n, &t);
	struct precis_error err;
	cr_assert_eq(precis_backend_translate(b, "fr", "es", it, n, &err), PRECIS_OK, "%s",
	             err.message);
	expect_all(it, n, "SPA");
	struct fake_stats fs;
	fake_stats(NULL, &fs);
	cr_assert_eq(fs.translate_requests, n);
	cr_assert_leq(fs.max_in_flight, 3);
	items_free(it, t, n);
	precis_backend_free(b);
}

Test(api, the_backends_are_listed)
{
	const char *want[] = {"none", "deepl", "libretranslate", "openai", "apertium"};
	cr_assert_eq(precis_backend_count(), 5);
	for (size_t i = 0; i < 5; i++) {
		cr_assert_str_eq(precis_backend_name_at(i), want[i]);
		cr_assert_not_null(precis_backend_about(i));
	}
	struct precis_backend_opts o = {0};
	struct precis_backend *b = make(&o);
	cr_assert_str_eq(precis_backend_name(b), "none", "no name: none");
	cr_assert_eq(precis_backend_translates(b), 0);
	struct precis_tr_item it = {.text = "x", .len = 1};
	struct precis_error err;
	cr_assert_eq(precis_backend_translate(b, "fr", "en", &it, 1, &err), PRECIS_E_CONFIG);
	char *report;
	cr_assert_eq(precis_backend_check(b, &report, &err), PRECIS_OK);
	cr_assert_not_null(strstr(report, "backend: none"));
	free(report);
	precis_backend_free(b);
}

