/*
 * tr_out.c — translations written under --out-dir, safely.
 *
 * DIR is created if needed (as the user named it, links followed); below
 * it every folder is opened with O_NOFOLLOW, so a symbolic link inside DIR
 * pointing elsewhere is refused rather than written through, and relative
 * paths holding ".." or starting with "/" are refused: nothing is written
 * outside DIR.
 *
 * An output is written to `.NAME.PID.precis-tmp` in its folder (O_EXCL,
 * mode 0666 minus the umask); once a chunk of outputs is written, one
 * syncfs() puts them all on disk and each is renamed over its NAME (on a
 * thread, while the next chunk is translated): an output that exists is
 * complete. Temporary files left by a killed run (their
 * process is gone) are removed the first time a run writes into their
 * folder.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "cli/translate.h"

#define TMP_SUFFIX ".precis-tmp"

static int mkdir_p(const char *dir)
{
	char *p = cli_xstrdup(dir);
	int rc = 0;
	for (char *s = p + 1;; s++) {
		if (*s != '/' && *s)
			continue;
		char c = *s;
		*s = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST) {
			rc = -1;
			break;
		}
		*s = c;
		if (!c)
			break;
	}
	free(p);
	return rc;
}

int tr_outdir_open(struct tr_outdir *od, const char *dir, struct precis_error *err)
{
	memset(od, 0, sizeof *od);
	od->fd = -1;
	if (mkdir_p(dir) != 0 && errno != EEXIST)
		return precis_error_set(err, PRECIS_E_IO, dir,
		                        "cannot create the output folder: %s",
		                        cli_strerror(errno));
	od->fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (od->fd < 0)
		return precis_error_set(err, PRECIS_E_IO, dir,
		                        "cannot open the output folder: %s",
		                        cli_strerror(errno));
	od->real = realpath(dir, NULL);
	return PRECIS_OK;
}

void tr_outdir_close(struct tr_outdir *od)
{
	if (od->fd >= 0)
		close(od->fd);
	free(od->real);
	for (size_t i = 0; i < od->ncleaned; i++)
		free(od->cleaned[i]);
	free(od->cleaned);
	for (size_t i = 0; i < od->npending; i++) {
		free(od->pending[i].out);
		free(od->pending[i].tmp);
	}
	free(od->pending);
	memset(od, 0, sizeof *od);
	od->fd = -1;
}

char *tr_out_name(const char *rel, const char *lang, struct precis_error *err)
{
	if (rel[0] == '/' || !rel[0]) {
		precis_error_set(err, PRECIS_E_USAGE, rel,
		                 "cannot place its output under --out-dir");
		return NULL;
	}
	for (const char *c = rel; *c;) {
		const char *e = strchr(c, '/');
		size_t n = e ? (size_t)(e - c) : strlen(c);
		if ((n == 2 && c[0] == '.' && c[1] == '.') || (n == 1 && c[0] == '.') ||
		    n == 0) {
			precis_error_set(
			    err, PRECIS_E_USAGE, rel,
			    "its path has '..' or '.' parts, and its output would leave "
			    "--out-dir; name it without them");
			return NULL;
		}
		c += n + (e != NULL);
	}
	const char *base = strrchr(rel, '/');
	base = base ? base + 1 : rel;
	const char *dot = strrchr(base, '.');
	if (!dot || dot == base)
		dot = base + strlen(base);
	size_t stem = (size_t)(dot - rel);
	size_t need = strlen(rel) + strlen(lang) + 2;
	char *out = cli_xmalloc(need);
	snprintf(out, need, "%.*s.%s%s", (int)stem, rel, lang, dot);
	return out;
}

/* The folder of out (created when create), as an fd; *base gets the file
 * name. -1 with errno set when a part is missing, not a folder, or a link. */
static int open_folder(struct tr_outdir *od, const char *out, int create,
                       const char **base)
{
	int fd = dup(od->fd);
	const char *c = out;
	for (;;) {
		const char *e = strchr(c, '/');
		if (!e)
			break;
		char part[NAME_MAX + 1];
		size_t n = (size_t)(e - c);
		if (fd < 0 || n > NAME_MAX) {
			errno = ENAMETOOLONG;
			if (fd >= 0)
				close(fd);
			return -1;
		}
		memcpy(part, c, n);
		part[n] = '\0';
		int sub =
		    openat(fd, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (sub < 0 && errno == ENOENT && create && mkdirat(fd, part, 0777) == 0)
			sub = openat(fd, part,
			             O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		int e2 = errno;
		close(fd);
		if (sub < 0) {
			errno = e2;
			return -1;
		}
		fd = sub;
		c = e + 1;
	}
	*base = c;
	return fd;
}

#define MADE_XATTR "user.precis.made"

/* Whether the file at fd/base was made as `made` says, or says nothing. */
static int made_as(int fd, const char *base, const char *made)
{
	int f = openat(fd, base, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (f < 0)
		return 0;
	char buf[256];
	ssize_t n = fgetxattr(f, MADE_XATTR, buf, sizeof buf);
	int e = errno;
	close(f);
	if (n < 0)
		return e == ENODATA || e == ENOTSUP;
	return made && (size_t)n == strlen(made) && memcmp(buf, made, (size_t)n) == 0;
}

int tr_out_done(struct tr_outdir *od, const char *out, const struct timespec *src_mtime,
                const dev_t *devs, const ino_t *inos, size_t ninputs, const char *made)
{
	const char *base;
	int fd = open_folder(od, out, 0, &base);
	if (fd < 0)
		return 0;
	struct stat st;
	int done = fstatat(fd, base, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	           S_ISREG(st.st_mode) &&
	           (!src_mtime || st.st_mtim.tv_sec > src_mtime->tv_sec ||
	            (st.st_mtim.tv_sec == src_mtime->tv_sec &&
	             st.st_mtim.tv_nsec >= src_mtime->tv_nsec));
	for (size_t i = 0; done && i < ninputs; i++)
		done = !(devs[i] == st.st_dev && inos[i] == st.st_ino);
	if (done)
		done = made_as(fd, base, made);
	close(fd);
	return done;
}

/* Removes `.*.PID.precis-tmp` files of processes that are gone, once per
 * folder and run. */
static void clean_stale(struct tr_outdir *od, int fd, const char *out, const char *base)
{
	size_t dlen = (size_t)(base - out);
	for (size_t i = 0; i < od->ncleaned; i++)
		if (strlen(od->cleaned[i]) == dlen &&
		    memcmp(od->cleaned[i], out, dlen) == 0)
			return;
	od->cleaned = cli_xrealloc(od->cleaned, (od->ncleaned + 1) * sizeof *od->cleaned);
	char *d = cli_xmalloc(dlen + 1);
	memcpy(d, out, dlen);
	d[dlen] = '\0';
	od->cleaned[od->ncleaned++] = d;

	int dfd = dup(fd);
	DIR *dir = dfd >= 0 ? fdopendir(dfd) : NULL;
	if (!dir) {
		if (dfd >= 0)
			close(dfd);
		return;
	}
	struct dirent *e;
	const size_t sl = sizeof TMP_SUFFIX - 1;
	while ((e = readdir(dir))) {
		size_t n = strlen(e->d_name);
		if (e->d_name[0] != '.' || n <= sl ||
		    strcmp(e->d_name + n - sl, TMP_SUFFIX) != 0)
			continue;
		/* .NAME.PID.precis-tmp */
		const char *end = e->d_name + n - sl, *p = end;
		while (p > e->d_name && p[-1] >= '0' && p[-1] <= '9')
			p--;
		if (p == end || p[-1] != '.')
			continue;
		long pid = strtol(p, NULL, 10);
		if (pid <= 0 ||
		    (pid != getpid() && (kill((pid_t)pid, 0) == 0 || errno != ESRCH)))
			continue;
		unlinkat(fd, e->d_name, 0);
	}
	closedir(dir);
}

static int write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t w = write(fd, data, len);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		data += w;
		len -= (size_t)w;
	}
	return 0;
}

enum precis_status tr_out_write(struct tr_outdir *od, const char *out, const char *data,
                                size_t len, const dev_t *devs, const ino_t *inos,
                                size_t ninputs, const char *made, struct precis_error *err)
{
	const char *base;
	int fd = open_folder(od, out, 1, &base);
	if (fd < 0) {
		int e = errno;
		if (e == ELOOP || e == ENOTDIR)
			return precis_error_set(
			    err, PRECIS_E_IO, out,
			    "a folder on its way under --out-dir is a symbolic "
			    "link or not a folder; nothing is written through "
			    "links: remove it or choose another --out-dir");
		return precis_error_set(err, PRECIS_E_IO, out,
		                        "cannot create its folder: %s", cli_strerror(e));
	}
	clean_stale(od, fd, out, base);
	struct stat st;
	if (fstatat(fd, base, &st, AT_SYMLINK_NOFOLLOW) == 0) {
		for (size_t i = 0; i < ninputs; i++)
			if (devs[i] == st.st_dev && inos[i] == st.st_ino) {
				close(fd);
				return precis_error_set(
				    err, PRECIS_E_USAGE, out,
				    "is one of the inputs; it is never overwritten: "
				    "choose another --out-dir");
			}
	}
	size_t tn = strlen(base) + 64;
	char *tmp = cli_xmalloc(tn);
	snprintf(tmp, tn, ".%s.%ld" TMP_SUFFIX, base, (long)getpid());
	int tfd =
	    openat(fd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
	if (tfd < 0 && errno == EEXIST) {
		unlinkat(fd, tmp, 0); /* ours, from an earlier try of this run */
		tfd = openat(fd, tmp,
		             O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
	}
	/* where the file system keeps no extended attributes, the times
	 * alone tell a finished output (tr_out_done) */
	if (tfd >= 0 && made)
		(void)fsetxattr(tfd, MADE_XATTR, made, strlen(made), 0);
	enum precis_status rc = PRECIS_OK;
	if (tfd < 0) {
		rc = precis_error_set(err, PRECIS_E_IO, out,
		                      "cannot create a temporary file: %s",
		                      cli_strerror(errno));
	} else if (write_all(tfd, data, len) != 0) {
		rc = precis_error_set(err, PRECIS_E_IO, out, "cannot write it: %s",
		                      cli_strerror(errno));
		close(tfd);
		unlinkat(fd, tmp, 0);
	} else if (close(tfd) != 0) {
		rc = precis_error_set(err, PRECIS_E_IO, out, "cannot write it: %s",
		                      cli_strerror(errno));
		unlinkat(fd, tmp, 0);
	} else {
		od->pending =
		    cli_xrealloc(od->pending, (od->npending + 1) * sizeof *od->pending);
		od->pending[od->npending].out = cli_xstrdup(out);
		od->pending[od->npending++].tmp = tmp;
		tmp = NULL;
	}
	free(tmp);
	close(fd);
	return rc;
}

/* The commit of one chunk, on its own thread: the syncfs() and renames of
 * chunk k overlap the requests of chunk k+1. */
struct commit {
	struct tr_outdir *od;
	struct tr_pending *v;
	size_t n;
	int *errs; /* one a file: 0 when renamed, else the errno */
};

static void *commit_thread(void *arg)
{
	struct commit *c = arg;
	/* One flush of the file system for the whole chunk: a thousand fsync()
	 * calls cost more than the translation itself. After it every temporary
	 * file is on disk, so a renamed output is never empty or cut. */
	if (syncfs(c->od->fd) != 0)
		sync();
	for (size_t i = 0; i < c->n; i++) {
		const char *base;
		int fd = open_folder(c->od, c->v[i].out, 0, &base);
		c->errs[i] = 0;
		if (fd < 0 || renameat(fd, c->v[i].tmp, fd, base) != 0) {
			c->errs[i] = errno ? errno : EIO;
			if (fd >= 0)
				unlinkat(fd, c->v[i].tmp, 0);
		}
		if (fd >= 0)
			close(fd);
	}
	return NULL;
}

size_t tr_out_commit_wait(struct tr_outdir *od,
                          void (*failed)(void *ctx, const char *out,
                                         const struct precis_error *err),
                          void *ctx)
{
	struct commit *c = od->commit;
	if (!c)
		return 0;
	if (!od->threadless)
		pthread_join(od->thread, NULL);
	od->threadless = 0;
	size_t nfailed = 0;
	for (size_t i = 0; i < c->n; i++) {
		if (c->errs[i]) {
			struct precis_error err;
			precis_error_set(&err, PRECIS_E_IO, c->v[i].out,
			                 "cannot finish it: %s",
			                 cli_strerror(c->errs[i]));
			failed(ctx, c->v[i].out, &err);
			nfailed++;
		}
		free(c->v[i].out);
		free(c->v[i].tmp);
	}
	free(c->v);
	free(c->errs);
	free(c);
	od->commit = NULL;
	return nfailed;
}

size_t tr_out_commit(struct tr_outdir *od,
                     void (*failed)(void *ctx, const char *out,
                                    const struct precis_error *err),
                     void *ctx)
{
	size_t nfailed = tr_out_commit_wait(od, failed, ctx);
	if (!od->npending)
		return nfailed;
	struct commit *c = cli_xmalloc(sizeof *c);
	c->od = od;
	c->v = od->pending;
	c->n = od->npending;
	c->errs = cli_xmalloc(c->n * sizeof *c->errs);
	od->pending = NULL;
	od->npending = 0;
	if (pthread_create(&od->thread, NULL, commit_thread, c) != 0) {
		/* No thread: do it here; the wait below then only joins nothing. */
		commit_thread(c);
		od->commit = c;
		od->threadless = 1;
		return nfailed;
	}
	od->commit = c;
	return nfailed;
}
