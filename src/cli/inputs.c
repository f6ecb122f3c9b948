/*
 * inputs.c — from command-line words to a list of inputs, and reading one.
 *
 * A directory is walked recursively, each level sorted by byte order so the
 * output is the same on every machine. In a directory, only files whose base
 * name matches a pattern are read (*.txt and *.md unless --glob), and names
 * starting with a dot (.git, editor files) are skipped; a file named on the
 * command line is always read. Symbolic links to files are followed;
 * symbolic links to directories are not (they could loop), like find(1).
 * Problems found while listing (missing file, empty directory, dangling
 * link) stay in the list so that they are reported in order, and the other
 * inputs are still done.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"

static const char *const default_globs[] = {"*.txt", "*.md"};

static const char *problem_no_match = "no match";
static const char *problem_not_regular = "not a regular file";

static void add(struct cli_inputs *in, const char *path, int error, const char *problem)
{
	in->v = cli_xgrow(in->v, &in->cap, in->n + 1, sizeof *in->v);
	struct cli_input *i = &in->v[in->n++];
	i->path = cli_xstrdup(path);
	i->error = error;
	i->problem = problem;
}

static int matches(const char *name, const struct cli_strlist *globs)
{
	if (globs->n == 0) {
		for (size_t i = 0; i < sizeof default_globs / sizeof default_globs[0]; i++)
			if (fnmatch(default_globs[i], name, 0) == 0)
				return 1;
		return 0;
	}
	for (size_t i = 0; i < globs->n; i++)
		if (fnmatch(globs->v[i], name, 0) == 0)
			return 1;
	return 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *join(const char *dir, const char *name)
{
	size_t a = strlen(dir), b = strlen(name);
	int slash = a > 0 && dir[a - 1] == '/';
	char *p = cli_xmalloc(a + b + 2);
	memcpy(p, dir, a);
	if (!slash)
		p[a++] = '/';
	memcpy(p + a, name, b + 1);
	return p;
}

/* Adds the matching files under dir; returns how many inputs it added. */
static size_t walk(struct cli_inputs *in, const char *dir, const struct cli_strlist *globs)
{
	DIR *d = opendir(dir);
	if (!d) {
		add(in, dir, errno, NULL);
		return 1;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		names = cli_xgrow(names, &cap, n + 1, sizeof *names);
		names[n++] = cli_xstrdup(e->d_name);
	}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof *names, cmp_names);

	size_t added = 0;
	for (size_t i = 0; i < n; i++) {
		char *path = join(dir, names[i]);
		int match = matches(names[i], globs);
		struct stat st;
		if (lstat(path, &st) != 0) {
			/* Gone since readdir: say so if it was wanted. */
			if (match)
				add(in, path, errno, NULL), added++;
		} else if (S_ISDIR(st.st_mode)) {
			added += walk(in, path, globs);
		} else if (S_ISLNK(st.st_mode)) {
			struct stat target;
			if (stat(path, &target) != 0) {
				/* A dangling link or a loop: report it if it looks wanted. */
				if (match)
					add(in, path, errno, NULL), added++;
			} else if (S_ISDIR(target.st_mode)) {
				cli_warn(path, "skipped: a symbolic link to a directory is not "
				               "followed; name its target to read it");
			} else if (match) {
				add(in, path, 0, S_ISREG(target.st_mode) ? NULL : problem_not_regular);
				added++;
			}
		} else if (match) {
			add(in, path, 0, S_ISREG(st.st_mode) ? NULL : problem_not_regular);
			added++;
		}
		free(path);
		free(names[i]);
	}
	free(names);
	return added;
}

void cli_inputs_expand(struct cli_inputs *in, char **args, size_t nargs,
                       const struct cli_strlist *globs)
{
	memset(in, 0, sizeof *in);
	if (nargs == 0) {
		add(in, "-", 0, NULL);
		return;
	}
	for (size_t i = 0; i < nargs; i++) {
		const char *a = args[i];
		struct stat st;
		if (strcmp(a, "-") == 0) {
			add(in, a, 0, NULL);
		} else if (stat(a, &st) != 0) {
			add(in, a, errno, NULL);
		} else if (S_ISDIR(st.st_mode)) {
			if (walk(in, a, globs) == 0)
				add(in, a, 0, problem_no_match);
		} else {
			add(in, a, 0, NULL);
		}
	}
}

void cli_inputs_release(struct cli_inputs *in)
{
	for (size_t i = 0; i < in->n; i++)
		free(in->v[i].path);
	free(in->v);
	memset(in, 0, sizeof *in);
}

static const char *errno_advice(int e)
{
	switch (e) {
	case ENOENT:
		return "check the path";
	case EACCES:
	case EPERM:
		return "check its permissions";
	case ELOOP:
		return "a symbolic link loops; fix the link";
	case ENOTDIR:
		return "a part of the path is not a directory; check the path";
	case EISDIR:
		return "name a file, or a directory to read the files in it";
	default:
		return NULL;
	}
}

static enum precis_status io_error(struct precis_error *err, const char *path, const char *what,
                                   int e)
{
	const char *advice = errno_advice(e);
	return precis_error_set(err, PRECIS_E_IO, path, "%s: %s%s%s", what, cli_strerror(e),
	                        advice ? "; " : "", advice ? advice : "");
}

void cli_input_problem(const struct cli_input *input, const struct cli_strlist *globs,
                       struct precis_error *err)
{
	if (input->error) {
		io_error(err, input->path, "cannot read it", input->error);
		return;
	}
	if (input->problem == problem_no_match) {
		char pats[512] = "";
		size_t n = 0;
		size_t count = globs->n ? globs->n : sizeof default_globs / sizeof default_globs[0];
		for (size_t i = 0; i < count && n < sizeof pats; i++) {
			const char *g = globs->n ? globs->v[i] : default_globs[i];
			int w = snprintf(pats + n, sizeof pats - n, "%s'%s'",
			                 i == 0 ? "" : i + 1 == count ? " or " : ", ", g);
			if (w < 0)
				break;
			n += (size_t)w;
		}
		precis_error_set(err, PRECIS_E_INPUT, input->path,
		                 "no file named %s in this directory or below it; name the "
		                 "files, or choose others with --glob",
		                 pats);
		return;
	}
	if (input->problem == problem_not_regular) {
		precis_error_set(err, PRECIS_E_INPUT, input->path,
		                 "skipped: not a regular file (a device, socket or pipe found in "
		                 "a directory); name it on the command line to read it");
		return;
	}
	precis_error_set(err, PRECIS_E_INPUT, input->path, "%s", input->problem);
}

static enum precis_status too_large(struct precis_error *err, const char *path)
{
	return precis_error_set(err, PRECIS_E_INPUT, path,
	                        "is larger than %zu MiB, the most precis reads in one input; "
	                        "split it into smaller files",
	                        (size_t)(PRECIS_MAX_INPUT >> 20));
}

enum precis_status cli_read_input(const char *path, char **data, size_t *len,
                                  struct precis_error *err)
{
	int is_stdin = strcmp(path, "-") == 0;
	int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	*data = NULL;
	*len = 0;
	if (fd < 0)
		return io_error(err, path, "cannot open it", errno);

	struct stat st;
	size_t cap = 1 << 16;
	if (fstat(fd, &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			if (!is_stdin)
				close(fd);
			return io_error(err, path, "cannot read it", EISDIR);
		}
		if (S_ISREG(st.st_mode)) {
			if ((unsigned long long)st.st_size > PRECIS_MAX_INPUT) {
				if (!is_stdin)
					close(fd);
				return too_large(err, path);
			}
			/* One read of the exact size, plus one byte to see the end. */
			cap = (size_t)st.st_size + 1;
		}
	}

	char *buf = cli_xmalloc(cap + 1);
	size_t n = 0;
	enum precis_status status = PRECIS_OK;
	for (;;) {
		if (n == cap) {
			/* One byte past the cap is enough to know it is too large. */
			if (cap > PRECIS_MAX_INPUT) {
				status = too_large(err, path);
				break;
			}
			cap = cap > PRECIS_MAX_INPUT / 2 ? PRECIS_MAX_INPUT + 1 : cap * 2;
			buf = cli_xrealloc(buf, cap + 1);
		}
		ssize_t r = read(fd, buf + n, cap - n);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			status = io_error(err, path, "cannot read it", errno);
			break;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	if (status == PRECIS_OK && n > PRECIS_MAX_INPUT)
		status = too_large(err, path);
	if (!is_stdin)
		close(fd);
	if (status != PRECIS_OK) {
		free(buf);
		return status;
	}
	buf[n] = '\0';
	*data = buf;
	*len = n;
	return PRECIS_OK;
}
