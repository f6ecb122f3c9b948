/*
 * translate.h — what the pieces of `precis translate` share.
 *
 * A file to translate becomes a template: literal text (kept as is:
 * paragraph gaps, Markdown markers, code) and items (the text sent to the
 * backend). Items of many files are gathered into one job so that batches
 * span files; once translated, each file is rendered from its template.
 * In an item, what must come back untouched (inline code, a link's URL)
 * is replaced by a placeholder ⟦N⟧ that rendering puts back.
 */
#ifndef PRECIS_CLI_TRANSLATE_H
#define PRECIS_CLI_TRANSLATE_H

#include <stddef.h>
#include <pthread.h>
#include <sys/types.h>

#include "cli/cli.h"

struct tr_str {
	char *s;
	size_t len, cap;
};
void tr_str_add(struct tr_str *b, const char *s, size_t n);
void tr_str_addz(struct tr_str *b, const char *s);

struct tr_seg {
	size_t item;     /* SIZE_MAX: literal */
	size_t off, len; /* in the file's literal text */
};

/* One item's own text and what its placeholders stand for. */
struct tr_piece {
	struct tr_str text;
	char **prot; /* the protected spans, placeholder N → prot[N] */
	size_t nprot;
};

struct tr_file {
	char *path;        /* the input as listed ("-": standard input) */
	char *out;         /* the output path under --out-dir, or NULL */
	const char *from;  /* the source language, NULL: let the backend detect */
	char to[32];       /* the target */
	struct tr_str lit; /* literal text */
	struct tr_seg *segs;
	size_t nsegs, segcap;
	size_t chars, bytes; /* of its items: code points and bytes */
	int failed;
};

struct tr_job {
	struct precis_tr_item *items;
	struct tr_piece *pieces;
	size_t nitems, cap;
	struct tr_file *files;
	size_t nfiles, fcap;
};

/* tr_build.c */
void tr_add_literal(struct tr_file *f, const char *s, size_t n);
/* Plain text: the doc's paragraphs, one item each, gaps kept. */
void tr_build_text(struct tr_job *job, struct tr_file *f, const struct precis_doc *doc);
/* Markdown: block markers, code and URLs kept, the rest as items. */
void tr_build_markdown(struct tr_job *job, struct tr_file *f, const char *text,
                       size_t len);
/* The translated file into out (appended). Returns how many placeholders
 * did not come back where expected (they are appended, so nothing is lost). */
size_t tr_render(const struct tr_job *job, const struct tr_file *f, struct tr_str *out);
void tr_job_clear(struct tr_job *job);

/* tr_out.c: files under --out-dir, written safely. */
struct tr_pending {
	char *out, *tmp;
};
struct commit;
struct tr_outdir {
	int fd;
	char *real;     /* its real path, to keep its own files out of the inputs */
	char **cleaned; /* folders whose stale temporary files were removed */
	size_t ncleaned;
	struct tr_pending *pending; /* written, waiting for tr_out_commit() */
	size_t npending;
	struct commit *commit; /* the commit in progress, or NULL */
	pthread_t thread;
	int threadless; /* the commit ran without a thread */
};
int tr_outdir_open(struct tr_outdir *od, const char *dir, struct precis_error *err);
void tr_outdir_close(struct tr_outdir *od);
/* The output's relative path: rel's folders, then NAME.LANG.EXT. NULL with
 * err set when rel escapes (absolute, ".."). */
char *tr_out_name(const char *rel, const char *lang, struct precis_error *err);
/* 1 when the output exists as a regular file at least as new as the source
 * (mtime src_mtime), is not one of the inputs, and was made the way `made`
 * says (see tr_out_write; a file system without extended attributes, or an
 * output written by hand, is judged by the times alone): a finished run of
 * the same settings wrote it. */
int tr_out_done(struct tr_outdir *od, const char *out, const struct timespec *src_mtime,
                const dev_t *devs, const ino_t *inos, size_t ninputs, const char *made);
/* Writes data to a temporary file next to out, to be renamed by
 * tr_out_commit(). Refuses folders that are symbolic links and a target
 * that is one of the inputs (same device and inode in `inputs`). `made`
 * ("deepl - en-GB": backend, model, target) is kept with the file in the
 * extended attribute user.precis.made, where the file system has them, so
 * that a later run with other settings translates it again. */
enum precis_status tr_out_write(struct tr_outdir *od, const char *out, const char *data,
                                size_t len, const dev_t *devs, const ino_t *inos,
                                size_t ninputs, const char *made, struct precis_error *err);
/* Waits for the commit in progress, then starts one for every file written
 * since: one syncfs, then each renamed to its name, on a thread. failed()
 * hears of the files of the earlier commit that could not be renamed;
 * returns how many. */
size_t tr_out_commit(struct tr_outdir *od,
                     void (*failed)(void *ctx, const char *out,
                                    const struct precis_error *err),
                     void *ctx);
/* Waits for the commit in progress (call before the end). */
size_t tr_out_commit_wait(struct tr_outdir *od,
                          void (*failed)(void *ctx, const char *out,
                                         const struct precis_error *err),
                          void *ctx);

#endif
