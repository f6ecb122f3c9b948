/*
 * test_tm.c — the translation memory (src/net/tm.c): hits and misses, a key
 * for every field, the schema version, folders, and two processes sharing
 * one file.
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "net/tm.h"

static char tmpdir[] = "/tmp/precis-tm-XXXXXX";
static char dbpath[512];

static void setup(void)
{
	cr_assert_not_null(mkdtemp(tmpdir), "mkdtemp: %s", strerror(errno));
	snprintf(dbpath, sizeof dbpath, "%s/tm.sqlite", tmpdir);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

static void teardown(void)
{
	nftw(tmpdir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

TestSuite(tm, .init = setup, .fini = teardown);

static struct px_tm *open_ok(const char *path)
{
	struct px_tm *tm = NULL;
	struct precis_error err;
	precis_error_clear(&err);
	enum precis_status st = px_tm_open(path, &tm, &err);
	cr_assert_eq(st, PRECIS_OK, "open %s: %s", path, err.message);
	cr_assert_not_null(tm);
	return tm;
}

static const struct px_tm_key base_key = {
	.backend = "deepl",
	.model = NULL,
	.from = "fr",
	.to = "en-GB",
	.options = NULL,
	.context = NULL,
};

static void put(struct px_tm *tm, const struct px_tm_key *k, const char *src, const char *dst)
{
	struct precis_error err;
	precis_error_clear(&err);
	cr_assert_eq(px_tm_put(tm, k, src, strlen(src), dst, strlen(dst), &err), 0, "put: %s",
	             err.message);
}

static int get(struct px_tm *tm, const struct px_tm_key *k, const char *src, char **out)
{
	size_t len = 0;
	*out = NULL;
	int hit = px_tm_get(tm, k, src, strlen(src), out, &len);
	if (hit)
		cr_assert_eq(len, strlen(*out));
	return hit;
}

Test(tm, a_stored_translation_is_found_and_another_text_is_not)
{
	struct px_tm *tm = open_ok(dbpath);
	put(tm, &base_key, "Le maire a signé.", "The mayor signed.");
	char *out;
	cr_assert_eq(get(tm, &base_key, "Le maire a signé.", &out), 1);
	cr_assert_str_eq(out, "The mayor signed.");
	free(out);
	cr_assert_eq(get(tm, &base_key, "Le maire a signé", &out), 0, "a different text misses");
	cr_assert_null(out);
	px_tm_close(tm);
}

Test(tm, every_field_of_the_key_counts)
{
	struct px_tm *tm = open_ok(dbpath);
	struct px_tm_key k = base_key;
	k.context = "Le conseil municipal a voté mardi.";
	k.context_len = strlen(k.context);
	put(tm, &k, "« Nous irons jusqu'au bout »", "“We will see it through”");

	struct px_tm_key v[8];
	for (int i = 0; i < 8; i++)
		v[i] = k;
	v[0].backend = "libretranslate";
	v[1].model = "gpt-4o-mini";
	v[2].from = "en";
	v[3].from = NULL; /* auto */
	v[4].to = "en-US";
	v[5].options = "formality=prefer_less";
	v[6].context = "Un autre article.";
	v[6].context_len = strlen(v[6].context);
	v[7].context = NULL;
	v[7].context_len = 0;
	char *out;
	for (int i = 0; i < 8; i++) {
		cr_expect_eq(get(tm, &v[i], "« Nous irons jusqu'au bout »", &out), 0,
		             "variant %d must miss", i);
		free(out);
	}
	cr_assert_eq(get(tm, &k, "« Nous irons jusqu'au bout »", &out), 1);
	free(out);
	px_tm_close(tm);
}

Test(tm, auto_and_no_source_language_are_the_same)
{
	struct px_tm *tm = open_ok(dbpath);
	struct px_tm_key k = base_key;
	k.from = NULL;
	put(tm, &k, "Bonjour.", "Hello.");
	k.from = "auto";
	char *out;
	cr_assert_eq(get(tm, &k, "Bonjour.", &out), 1);
	free(out);
	px_tm_close(tm);
}

Test(tm, bytes_are_kept_exactly)
{
	struct px_tm *tm = open_ok(dbpath);
	const char src[] = "a\0b";
	const char dst[] = "x\0y\0";
	struct precis_error err;
	cr_assert_eq(px_tm_put(tm, &base_key, src, 3, dst, 4, &err), 0);
	put(tm, &base_key, "vide", "");
	char *out;
	size_t len;
	cr_assert_eq(px_tm_get(tm, &base_key, src, 3, &out, &len), 1);
	cr_assert_eq(len, 4);
	cr_assert_eq(memcmp(out, dst, 4), 0);
	free(out);
	cr_assert_eq(px_tm_get(tm, &base_key, "a", 1, &out, &len), 0, "a prefix is not the text");
	cr_assert_eq(get(tm, &base_key, "vide", &out), 1);
	cr_assert_str_eq(out, "");
	free(out);
	px_tm_close(tm);
}

Test(tm, it_survives_closing_and_a_second_put_replaces)
{
	struct px_tm *tm = open_ok(dbpath);
	put(tm, &base_key, "Texte.", "Text.");
	put(tm, &base_key, "Texte.", "Text!");
	px_tm_close(tm);
	tm = open_ok(dbpath);
	char *out;
	cr_assert_eq(get(tm, &base_key, "Texte.", &out), 1);
	cr_assert_str_eq(out, "Text!");
	free(out);
	px_tm_close(tm);
}

Test(tm, transactions_group_puts)
{
	struct px_tm *tm = open_ok(dbpath);
	struct precis_error err;
	cr_assert_eq(px_tm_begin(tm, &err), 0, "%s", err.message);
	char src[32], dst[32];
	for (int i = 0; i < 200; i++) {
		snprintf(src, sizeof src, "phrase %d", i);
		snprintf(dst, sizeof dst, "sentence %d", i);
		put(tm, &base_key, src, dst);
	}
	cr_assert_eq(px_tm_commit(tm, &err), 0, "%s", err.message);
	char *out;
	cr_assert_eq(get(tm, &base_key, "phrase 199", &out), 1);
	cr_assert_str_eq(out, "sentence 199");
	free(out);
	px_tm_close(tm);
}

Test(tm, missing_folders_are_created_private)
{
	char path[700], dir[600];
	snprintf(dir, sizeof dir, "%s/cache/precis", tmpdir);
	snprintf(path, sizeof path, "%s/tm.sqlite", dir);
	struct px_tm *tm = open_ok(path);
	cr_assert_str_eq(px_tm_path(tm), path);
	px_tm_close(tm);
	struct stat st;
	cr_assert_eq(stat(dir, &st), 0);
	cr_assert_eq(st.st_mode & 0777, 0700);
}

Test(tm, the_default_path_follows_xdg)
{
	setenv("XDG_CACHE_HOME", "/somewhere/cache", 1);
	setenv("HOME", "/home/someone", 1);
	char *p = px_tm_default_path();
	cr_assert_str_eq(p, "/somewhere/cache/precis/tm.sqlite");
	free(p);
	setenv("XDG_CACHE_HOME", "relative/cache", 1); /* invalid: ignored */
	p = px_tm_default_path();
	cr_assert_str_eq(p, "/home/someone/.cache/precis/tm.sqlite");
	free(p);
	unsetenv("XDG_CACHE_HOME");
	unsetenv("HOME");
	cr_assert_null(px_tm_default_path());
	struct px_tm *tm = NULL;
	struct precis_error err;
	cr_assert_neq(px_tm_open(NULL, &tm, &err), PRECIS_OK);
	cr_assert_not_null(strstr(err.message, "--cache"), "%s", err.message);
}

Test(tm, a_newer_schema_is_refused_clearly)
{
	struct px_tm *tm = open_ok(dbpath);
	put(tm, &base_key, "Texte.", "Text.");
	px_tm_close(tm);
	/* user_version lives at offset 60 of the header, big-endian. */
	int fd = open(dbpath, O_RDWR);
	cr_assert_geq(fd, 0);
	unsigned char v[4] = {0, 0, 0, PX_TM_SCHEMA + 1};
	cr_assert_eq(pwrite(fd, v, 4, 60), 4);
	close(fd);
	struct precis_error err;
	precis_error_clear(&err);
	cr_assert_eq(px_tm_open(dbpath, &tm, &err), PRECIS_E_CONFIG);
	cr_assert_null(tm);
	cr_assert_not_null(strstr(err.message, "newer precis"), "%s", err.message);
	cr_assert_not_null(strstr(err.message, dbpath), "%s", err.message);
	cr_assert_not_null(strstr(err.message, "--no-cache"), "%s", err.message);
}

Test(tm, a_file_that_is_not_a_database_is_an_error_not_a_crash)
{
	FILE *f = fopen(dbpath, "w");
	cr_assert_not_null(f);
	for (int i = 0; i < 100; i++)
		fputs("this is not an SQLite database at all\n", f);
	fclose(f);
	struct px_tm *tm = NULL;
	struct precis_error err;
	precis_error_clear(&err);
	cr_assert_neq(px_tm_open(dbpath, &tm, &err), PRECIS_OK);
	cr_assert_null(tm);
	cr_assert_not_null(strstr(err.message, "translation memory"), "%s", err.message);
}

Test(tm, an_unwritable_folder_is_an_error)
{
	if (geteuid() == 0)
		cr_skip_test("root writes anywhere");
	char dir[600], path[700];
	snprintf(dir, sizeof dir, "%s/locked", tmpdir);
	cr_assert_eq(mkdir(dir, 0500), 0);
	snprintf(path, sizeof path, "%s/sub/tm.sqlite", dir);
	struct px_tm *tm = NULL;
	struct precis_error err;
	cr_assert_neq(px_tm_open(path, &tm, &err), PRECIS_OK);
	cr_assert_null(tm);
	chmod(dir, 0700);
}

/* Each child writes its own n rows, in small transactions, reading as it
 * goes; exit 0 when every write went through. */
static int writer(const char *path, int id, int n, int start_fd)
{
	char c;
	if (read(start_fd, &c, 1) != 1)
		return 10;
	struct px_tm *tm = NULL;
	struct precis_error err;
	if (px_tm_open(path, &tm, &err) != PRECIS_OK) {
		fprintf(stderr, "child %d: %s\n", id, err.message);
		return 11;
	}
	char src[64], dst[64];
	for (int i = 0; i < n; i += 5) {
		if (px_tm_begin(tm, &err) != 0) {
			fprintf(stderr, "child %d: %s\n", id, err.message);
			return 12;
		}
		for (int j = i; j < i + 5 && j < n; j++) {
			snprintf(src, sizeof src, "texte %d de %d", j, id);
			snprintf(dst, sizeof dst, "text %d of %d", j, id);
			if (px_tm_put(tm, &base_key, src, strlen(src), dst, strlen(dst), &err) != 0) {
				fprintf(stderr, "child %d: %s\n", id, err.message);
				return 13;
			}
		}
		if (px_tm_commit(tm, &err) != 0) {
			fprintf(stderr, "child %d: %s\n", id, err.message);
			return 14;
		}
		char *out;
		size_t len;
		snprintf(src, sizeof src, "texte %d de %d", i, id);
		if (px_tm_get(tm, &base_key, src, strlen(src), &out, &len) != 1)
			return 15;
		free(out);
	}
	px_tm_close(tm);
	return 0;
}

static void two_processes(int fresh)
{
	if (!fresh) {
		struct px_tm *tm = open_ok(dbpath);
		put(tm, &base_key, "déjà là", "already there");
		px_tm_close(tm);
	}
	enum { N = 300, KIDS = 3 };
	int go[2];
	cr_assert_eq(pipe(go), 0);
	pid_t pid[KIDS];
	for (int k = 0; k < KIDS; k++) {
		pid[k] = fork();
		cr_assert_geq(pid[k], 0);
		if (pid[k] == 0) {
			close(go[1]);
			_exit(writer(dbpath, k, N, go[0]));
		}
	}
	close(go[0]);
	/* Release them together: the file is created (or written) at once. */
	char start[KIDS] = {0};
	cr_assert_eq(write(go[1], start, KIDS), KIDS);
	close(go[1]);
	for (int k = 0; k < KIDS; k++) {
		int status = 0;
		cr_assert_eq(waitpid(pid[k], &status, 0), pid[k]);
		cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		          "child %d failed (status %d)", k, status);
	}
	struct px_tm *tm = open_ok(dbpath);
	char src[64], want[64];
	for (int k = 0; k < KIDS; k++) {
		for (int i = 0; i < N; i++) {
			snprintf(src, sizeof src, "texte %d de %d", i, k);
			snprintf(want, sizeof want, "text %d of %d", i, k);
			char *out;
			cr_assert_eq(get(tm, &base_key, src, &out), 1, "%s lost", src);
			cr_assert_str_eq(out, want);
			free(out);
		}
	}
	px_tm_close(tm);
}

Test(tm, processes_sharing_an_existing_file_all_succeed, .timeout = 120)
{
	two_processes(0);
}

Test(tm, processes_creating_the_file_at_once_all_succeed, .timeout = 120)
{
	two_processes(1);
}
