#include "core/textcat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <textcat.h>

#include "util/mem.h"

/* libexttextcat joins prefix and file name in a 512-byte buffer with strcat. */
#define PATH_ROOM 480

struct px_textcat {
	size_t n;
	void **handle;      /* one per language; NULL: no profile */
	candidate_t **cand; /* libexttextcat's output array for each handle */
};

static int readable_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, R_OK) == 0;
}

/* The config line is split on blanks and `#` starts a comment. */
static int plain_name(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s == '#' || *s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '/')
			return 0;
	return 1;
}

/* libexttextcat reads its list of profiles from a config file only, so each
 * language gets a one-line config written to a private temporary file (in
 * $TMPDIR, else /tmp) that is removed before px_textcat_open returns. */
static int make_config(char *path, size_t size)
{
	const char *dirs[2] = {getenv("TMPDIR"), "/tmp"};
	for (int k = 0; k < 2; k++) {
		if (!dirs[k] || !*dirs[k])
			continue;
		if ((size_t)snprintf(path, size, "%s/precis-textcat-XXXXXX", dirs[k]) >= size)
			continue;
		int fd = mkstemp(path);
		if (fd >= 0)
			return fd;
	}
	return -1;
}

static int write_config(int fd, const char *profile)
{
	char line[PATH_ROOM + 16];
	int n = snprintf(line, sizeof line, "%s\tL\n", profile);
	if (n < 0 || (size_t)n >= sizeof line)
		return -1;
	if (ftruncate(fd, 0) != 0 || lseek(fd, 0, SEEK_SET) != 0)
		return -1;
	return write(fd, line, (size_t)n) == n ? 0 : -1;
}

struct px_textcat *px_textcat_open(const char *dir, const char *const *profiles, size_t n)
{
	if (!dir || !*dir || n == 0)
		return NULL;
	char prefix[PATH_ROOM];
	size_t dlen = strlen(dir);
	if (dlen + 2 > sizeof prefix)
		return NULL;
	memcpy(prefix, dir, dlen);
	if (prefix[dlen - 1] != '/')
		prefix[dlen++] = '/';
	prefix[dlen] = '\0';

	char conf[4096];
	int fd = -1;
	struct px_textcat *tc = px_xcalloc(1, sizeof *tc);
	tc->n = n;
	tc->handle = px_xcalloc(n, sizeof *tc->handle);
	tc->cand = px_xcalloc(n, sizeof *tc->cand);
	size_t loaded = 0;
	for (size_t i = 0; i < n; i++) {
		const char *p = profiles[i];
		if (!p || !plain_name(p) || dlen + strlen(p) >= PATH_ROOM)
			continue;
		char path[2 * PATH_ROOM];
		snprintf(path, sizeof path, "%s%s", prefix, p);
		if (!readable_file(path))
			continue;
		if (fd < 0 && (fd = make_config(conf, sizeof conf)) < 0)
			break;
		if (write_config(fd, p) != 0)
			continue;
		void *h = special_textcat_Init(conf, prefix);
		if (!h)
			continue;
		tc->handle[i] = h;
		tc->cand[i] = textcat_GetClassifyFullOutput(h);
		loaded++;
	}
	if (fd >= 0) {
		close(fd);
		unlink(conf);
	}
	if (!loaded) {
		px_textcat_close(tc);
		return NULL;
	}
	return tc;
}

void px_textcat_close(struct px_textcat *tc)
{
	if (!tc)
		return;
	for (size_t i = 0; i < tc->n; i++) {
		if (!tc->handle[i])
			continue;
		textcat_ReleaseClassifyFullOutput(tc->handle[i], tc->cand[i]);
		textcat_Done(tc->handle[i]);
	}
	free(tc->handle);
	free(tc->cand);
	free(tc);
}

int px_textcat_distances(struct px_textcat *tc, const char *text, size_t len, double *dist)
{
	int any = 0;
	for (size_t i = 0; i < tc->n; i++) {
		dist[i] = -1;
		if (!tc->handle[i])
			continue;
		/* With a single profile the count is 1, or 0 only for a perfect
		 * match (score 0 is not below 1.03 × 0); the score is set either
		 * way. Negative: too little text for any n-gram. */
		int r = textcat_ClassifyFull(tc->handle[i], text, len, tc->cand[i]);
		if (r < 0)
			return -1;
		dist[i] = tc->cand[i][0].score;
		any = 1;
	}
	return any ? 0 : -1;
}
