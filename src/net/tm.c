/* The only file that includes sqlite3.h (see tm.h). */
#include "net/tm.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/mem.h"

#define BUSY_TIMEOUT_MS 10000

struct px_tm {
	sqlite3 *db;
	char *path;
	sqlite3_stmt *get, *put, *begin, *commit;
	struct px_buf scratch;
};

/* MurmurHash3 x64 128 (Austin Appleby, public domain): fast and well
 * spread. Not a cryptographic hash: the stored text and fields decide a
 * hit, the hash only finds the row. */
static uint64_t rotl64(uint64_t x, int r)
{
	return (x << r) | (x >> (64 - r));
}

static uint64_t fmix64(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	k *= 0xc4ceb9fe1a85ec53ULL;
	k ^= k >> 33;
	return k;
}

static uint64_t load64(const unsigned char *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

static void murmur3_128(const void *key, size_t len, unsigned char out[16])
{
	const unsigned char *data = key;
	size_t nblocks = len / 16;
	uint64_t h1 = 0x7072656369730001ULL, h2 = h1; /* seed */
	const uint64_t c1 = 0x87c37b91114253d5ULL, c2 = 0x4cf5ad432745937fULL;
	for (size_t i = 0; i < nblocks; i++) {
		uint64_t k1 = load64(data + i * 16), k2 = load64(data + i * 16 + 8);
		k1 *= c1;
		k1 = rotl64(k1, 31);
		k1 *= c2;
		h1 ^= k1;
		h1 = rotl64(h1, 27);
		h1 += h2;
		h1 = h1 * 5 + 0x52dce729;
		k2 *= c2;
		k2 = rotl64(k2, 33);
		k2 *= c1;
		h2 ^= k2;
		h2 = rotl64(h2, 31);
		h2 += h1;
		h2 = h2 * 5 + 0x38495ab5;
	}
	const unsigned char *tail = data + nblocks * 16;
	uint64_t k1 = 0, k2 = 0;
	size_t rest = len & 15;
	for (size_t i = rest; i > 8; i--)
		k2 ^= (uint64_t)tail[i - 1] << ((i - 9) * 8);
	if (rest > 8) {
		k2 *= c2;
		k2 = rotl64(k2, 33);
		k2 *= c1;
		h2 ^= k2;
	}
	for (size_t i = rest < 8 ? rest : 8; i > 0; i--)
		k1 ^= (uint64_t)tail[i - 1] << ((i - 1) * 8);
	if (rest > 0) {
		k1 *= c1;
		k1 = rotl64(k1, 31);
		k1 *= c2;
		h1 ^= k1;
	}
	h1 ^= (uint64_t)len;
	h2 ^= (uint64_t)len;
	h1 += h2;
	h2 += h1;
	h1 = fmix64(h1);
	h2 = fmix64(h2);
	h1 += h2;
	h2 += h1;
	for (int i = 0; i < 8; i++) {
		out[i] = (unsigned char)(h1 >> (8 * i));
		out[8 + i] = (unsigned char)(h2 >> (8 * i));
	}
}

/* Each field with its length in front, so that ("ab","c") and ("a","bc")
 * differ, and NULL differs from "". */
static void add_field(struct px_buf *b, const char *s, size_t n)
{
	unsigned char len[9];
	uint64_t v = s ? (uint64_t)n : UINT64_MAX;
	len[0] = s ? 1 : 0;
	for (int i = 0; i < 8; i++)
		len[1 + i] = (unsigned char)(v >> (8 * i));
	if (px_buf_add(b, len, sizeof len) == 0 && s)
		px_buf_add(b, s, n);
}

static void add_str(struct px_buf *b, const char *s)
{
	add_field(b, s, s ? strlen(s) : 0);
}

/* meta: the short fields, stored in the row and compared on a hit. */
static void make_meta(struct px_buf *b, const struct px_tm_key *k)
{
	px_buf_reset(b);
	add_str(b, k->backend);
	add_str(b, k->model);
	add_str(b, k->from && strcmp(k->from, "auto") != 0 ? k->from : NULL);
	add_str(b, k->to);
	add_str(b, k->options);
	/* The context enters by its hash: it can be long and repeats a lot. */
	unsigned char ch[16] = {0};
	if (k->context)
		murmur3_128(k->context, k->context_len, ch);
	add_field(b, k->context ? (const char *)ch : NULL, sizeof ch);
}

static void make_key(struct px_tm *tm, const struct px_buf *meta, const char *text, size_t len,
                     unsigned char key[16])
{
	struct px_buf *b = &tm->scratch;
	px_buf_reset(b);
	px_buf_add(b, meta->data, meta->len);
	add_field(b, text, len);
	murmur3_128(b->data, b->len, key);
}

char *px_tm_default_path(void)
{
	const char *xdg = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");
	struct px_buf b;
	px_buf_init(&b, 8192);
	/* XDG: a relative XDG_CACHE_HOME is invalid and ignored. */
	if (xdg && xdg[0] == '/')
		px_buf_printf(&b, "%s/precis/tm.sqlite", xdg);
	else if (home && home[0])
		px_buf_printf(&b, "%s/.cache/precis/tm.sqlite", home);
	else
		return NULL;
	return px_buf_take(&b, NULL);
}

/* mkdir -p of path's folder; folders made here are 0700 (the memory holds
 * the texts of the articles). */
static int make_parents(const char *path)
{
	char *dir = px_xstrdup(path);
	char *slash = strrchr(dir, '/');
	if (!slash || slash == dir) {
		free(dir);
		return 0;
	}
	*slash = '\0';
	for (char *p = dir + 1;; p++) {
		if (*p == '/' || *p == '\0') {
			char c = *p;
			*p = '\0';
			if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
				int e = errno;
				free(dir);
				errno = e;
				return -1;
			}
			*p = c;
			if (!c)
				break;
		}
	}
	free(dir);
	return 0;
}

static int exec_sql(sqlite3 *db, const char *sql)
{
	return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

static int user_version(sqlite3 *db, int *v)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*v = sqlite3_column_int(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc;
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

/* Switching to WAL takes a lock the busy handler does not always wait for
 * (two processes creating the file at once): try again for a while. */
static int set_wal(sqlite3 *db)
{
	int rc = SQLITE_BUSY;
	for (int i = 0; i < BUSY_TIMEOUT_MS / 20; i++) {
		rc = exec_sql(db, "PRAGMA journal_mode=WAL");
		if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
			break;
		sleep_ms(20);
	}
	return rc;
}

static const char schema_sql[] =
	"CREATE TABLE IF NOT EXISTS tm ("
	" key BLOB PRIMARY KEY," /* 128-bit hash of meta and src */
	" meta BLOB NOT NULL,"   /* backend, model, languages, options, context hash */
	" src BLOB NOT NULL,"
	" dst BLOB NOT NULL,"
	" created INTEGER NOT NULL);"
	"PRAGMA user_version = 1;";

static enum precis_status fail(struct precis_error *err, const char *path, sqlite3 *db,
                               const char *what)
{
	return precis_error_set(err, PRECIS_E_IO, path,
	                        "cannot %s the translation memory '%s': %s; check the path, "
	                        "or choose another with --cache or none with --no-cache",
	                        what, path, db ? sqlite3_errmsg(db) : "out of memory");
}

static enum precis_status init_schema(struct px_tm *tm, struct precis_error *err)
{
	sqlite3 *db = tm->db;
	int v = 0;
	if (user_version(db, &v) != SQLITE_OK)
		return fail(err, tm->path, db, "read");
	if (v == 0) {
		/* Re-read under the write lock: another process may have been
		 * creating it at the same time. */
		if (exec_sql(db, "BEGIN IMMEDIATE") != SQLITE_OK)
			return fail(err, tm->path, db, "lock");
		if (user_version(db, &v) != SQLITE_OK) {
			exec_sql(db, "ROLLBACK");
			return fail(err, tm->path, db, "read");
		}
		if (v == 0 && exec_sql(db, schema_sql) != SQLITE_OK) {
			exec_sql(db, "ROLLBACK");
			return fail(err, tm->path, db, "create");
		}
		if (exec_sql(db, "COMMIT") != SQLITE_OK) {
			exec_sql(db, "ROLLBACK");
			return fail(err, tm->path, db, "create");
		}
		if (v == 0)
			v = PX_TM_SCHEMA;
	}
	if (v > PX_TM_SCHEMA)
		return precis_error_set(err, PRECIS_E_CONFIG, tm->path,
		                        "the translation memory '%s' was written by a newer "
		                        "precis (schema %d; this one knows %d): upgrade precis, "
		                        "or choose another file with --cache, or use --no-cache",
		                        tm->path, v, PX_TM_SCHEMA);
	return PRECIS_OK;
}

enum precis_status px_tm_open(const char *path, struct px_tm **out, struct precis_error *err)
{
	*out = NULL;
	char *p = path ? px_xstrdup(path) : px_tm_default_path();
	if (!p)
		return precis_error_set(err, PRECIS_E_CONFIG, "",
		                        "no folder for the translation memory: set HOME or "
		                        "XDG_CACHE_HOME, or give a file with --cache");
	if (make_parents(p) != 0) {
		enum precis_status st = precis_error_set(
			err, PRECIS_E_IO, p,
			"cannot create the folder of the translation memory '%s': %s; "
			"choose another file with --cache, or use --no-cache",
			p, strerror(errno));
		free(p);
		return st;
	}
	struct px_tm *tm = px_xcalloc(1, sizeof *tm);
	tm->path = p;
	px_buf_init(&tm->scratch, SIZE_MAX / 2);
	enum precis_status st = PRECIS_OK;
	int rc = sqlite3_open_v2(p, &tm->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc != SQLITE_OK) {
		st = fail(err, p, tm->db, "open");
		goto bad;
	}
	sqlite3_busy_timeout(tm->db, BUSY_TIMEOUT_MS);
	rc = set_wal(tm->db);
	if (rc != SQLITE_OK) {
		st = fail(err, p, tm->db, "open");
		goto bad;
	}
	/* WAL + NORMAL: a crash may lose the last writes, never corrupt. */
	exec_sql(tm->db, "PRAGMA synchronous=NORMAL");
	st = init_schema(tm, err);
	if (st != PRECIS_OK)
		goto bad;
	if (sqlite3_prepare_v2(tm->db, "SELECT meta, src, dst FROM tm WHERE key = ?1", -1,
	                       &tm->get, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(tm->db,
	                       "INSERT OR REPLACE INTO tm (key, meta, src, dst, created) "
	                       "VALUES (?1, ?2, ?3, ?4, ?5)",
	                       -1, &tm->put, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(tm->db, "BEGIN IMMEDIATE", -1, &tm->begin, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(tm->db, "COMMIT", -1, &tm->commit, NULL) != SQLITE_OK) {
		st = fail(err, p, tm->db, "read");
		goto bad;
	}
	*out = tm;
	return PRECIS_OK;
bad:
	px_tm_close(tm);
	return st;
}

void px_tm_close(struct px_tm *tm)
{
	if (!tm)
		return;
	sqlite3_finalize(tm->get);
	sqlite3_finalize(tm->put);
	sqlite3_finalize(tm->begin);
	sqlite3_finalize(tm->commit);
	sqlite3_close(tm->db);
	px_buf_free(&tm->scratch);
	free(tm->path);
	free(tm);
}

const char *px_tm_path(const struct px_tm *tm)
{
	return tm->path;
}

int px_tm_get(struct px_tm *tm, const struct px_tm_key *k, const char *text, size_t len,
              char **out, size_t *out_len)
{
	struct px_buf meta;
	px_buf_init(&meta, SIZE_MAX / 2);
	make_meta(&meta, k);
	unsigned char key[16];
	make_key(tm, &meta, text, len, key);
	int hit = 0;
	sqlite3_stmt *st = tm->get;
	sqlite3_bind_blob(st, 1, key, sizeof key, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		const void *m = sqlite3_column_blob(st, 0);
		size_t ml = (size_t)sqlite3_column_bytes(st, 0);
		const void *s = sqlite3_column_blob(st, 1);
		size_t sl = (size_t)sqlite3_column_bytes(st, 1);
		if (ml == meta.len && sl == len && (ml == 0 || memcmp(m, meta.data, ml) == 0) &&
		    (sl == 0 || memcmp(s, text, sl) == 0)) {
			const void *d = sqlite3_column_blob(st, 2);
			size_t dl = (size_t)sqlite3_column_bytes(st, 2);
			*out = px_xmalloc(dl + 1);
			if (dl)
				memcpy(*out, d, dl);
			(*out)[dl] = '\0';
			*out_len = dl;
			hit = 1;
		}
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	px_buf_free(&meta);
	return hit;
}

int px_tm_put(struct px_tm *tm, const struct px_tm_key *k, const char *text, size_t len,
              const char *tr, size_t tr_len, struct precis_error *err)
{
	struct px_buf meta;
	px_buf_init(&meta, SIZE_MAX / 2);
	make_meta(&meta, k);
	unsigned char key[16];
	make_key(tm, &meta, text, len, key);
	sqlite3_stmt *st = tm->put;
	/* Zero-length blobs need a non-NULL pointer or they bind as NULL. */
	sqlite3_bind_blob(st, 1, key, sizeof key, SQLITE_STATIC);
	sqlite3_bind_blob(st, 2, meta.data ? meta.data : "", (int)meta.len, SQLITE_STATIC);
	sqlite3_bind_blob64(st, 3, len ? text : "", len, SQLITE_STATIC);
	sqlite3_bind_blob64(st, 4, tr_len ? tr : "", tr_len, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, (sqlite3_int64)time(NULL));
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	px_buf_free(&meta);
	if (rc != SQLITE_DONE) {
		fail(err, tm->path, tm->db, "write");
		return -1;
	}
	return 0;
}

static int step_once(struct px_tm *tm, sqlite3_stmt *st, const char *what,
                     struct precis_error *err)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		fail(err, tm->path, tm->db, what);
		return -1;
	}
	return 0;
}

int px_tm_begin(struct px_tm *tm, struct precis_error *err)
{
	return step_once(tm, tm->begin, "lock", err);
}

int px_tm_commit(struct px_tm *tm, struct precis_error *err)
{
	if (step_once(tm, tm->commit, "write", err) != 0) {
		exec_sql(tm->db, "ROLLBACK");
		return -1;
	}
	return 0;
}
