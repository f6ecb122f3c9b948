/* The translation memory: a text already translated with the same backend,
 * model, languages, options and context is never sent again.
 *
 * SQLite (the only file that includes sqlite3.h is tm.c), in
 * $XDG_CACHE_HOME/precis/tm.sqlite (else ~/.cache/precis/tm.sqlite). WAL
 * mode and a busy timeout, so that several precis processes can share it;
 * a schema version (PRAGMA user_version): a file from a newer precis is
 * refused with a clear message rather than misread.
 *
 * A row's key is a 128-bit hash of every field; the source text and the
 * fields are stored too and compared on a hit, so a hash collision can
 * only cost a miss, never a wrong translation. */
#ifndef PX_TM_H
#define PX_TM_H

#include <stddef.h>

#include "precis/error.h"

struct px_tm;

struct px_tm_key {
	const char *backend;
	const char *model;   /* NULL: none */
	const char *from;    /* NULL: auto */
	const char *to;
	const char *options; /* e.g. "formality=prefer_less", or NULL */
	const char *context; /* NULL: none */
	size_t context_len;
};

/* The default file: malloc'd, or NULL when neither XDG_CACHE_HOME nor
 * HOME is set. */
char *px_tm_default_path(void);

/* Opens or creates the memory at path (NULL: the default), creating the
 * missing folders (0700). On failure err says why; callers warn and go on
 * without a memory. */
enum precis_status px_tm_open(const char *path, struct px_tm **out, struct precis_error *err);
void px_tm_close(struct px_tm *tm);
const char *px_tm_path(const struct px_tm *tm);

/* 1 and a malloc'd translation in *out on a hit, 0 on a miss (or an error:
 * a cache that fails is only a miss). */
int px_tm_get(struct px_tm *tm, const struct px_tm_key *k, const char *text, size_t len,
              char **out, size_t *out_len);
/* Stores a translation; 0, or -1 with err set. */
int px_tm_put(struct px_tm *tm, const struct px_tm_key *k, const char *text, size_t len,
              const char *tr, size_t tr_len, struct precis_error *err);
/* Groups puts in one write transaction (one fsync, one lock). */
int px_tm_begin(struct px_tm *tm, struct precis_error *err);
int px_tm_commit(struct px_tm *tm, struct precis_error *err);

/* The schema version this precis writes. */
#define PX_TM_SCHEMA 1

#endif
