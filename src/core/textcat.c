#include "core/textcat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <limits.h>

#include <constants.h>
#include <fingerprint.h>
#include <textcat.h>

#include "util/mem.h"

/* Room for the profile's path (libexttextcat's own loader joined them in a
 * 512-byte buffer). */
#define PATH_ROOM 480

/* libexttextcat's fingerprint layer (fingerprint.h) used directly: its
 * classifier (textcat_ClassifyFull) builds the text's fingerprint again for
 * every handle, and a handle holds one language here (see textcat.h), so a
 * text's n-grams were counted, ranked and sorted once per language. The
 * fingerprint is now made once and compared with every profile, with the
 * same settings the classifier uses (UTF-8 aware, MINDOCSIZE, MAXNGRAMS
 * n-grams, no cutoff: a single-profile handle compares with MAXSCORE), so
 * the distances are the same numbers. */
struct px_textcat {
	size_t n;
	void **profile; /* one per language; NULL: no profile */
};

static int readable_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, R_OK) == 0;
}

/* A profile is a file name inside dir. */
static int plain_name(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s == '/')
			return 0;
	return 1;
}

struct px_textcat *px_textcat_open(const char *dir, const char *const *profiles, size_t n)
{
	if (!dir || !*dir || n == 0)
		return NULL;
	size_t dlen = strlen(dir);
	if (dlen + 2 > PATH_ROOM)
		return NULL;
	struct px_textcat *tc = px_xcalloc(1, sizeof *tc);
	tc->n = n;
	tc->profile = px_xcalloc(n, sizeof *tc->profile);
	size_t loaded = 0;
	for (size_t i = 0; i < n; i++) {
		const char *p = profiles[i];
		if (!p || !plain_name(p) || dlen + 1 + strlen(p) >= PATH_ROOM)
			continue;
		char path[2 * PATH_ROOM];
		snprintf(path, sizeof path, "%s%s%s", dir,
		         dir[dlen - 1] == '/' ? "" : "/", p);
		/* fp_Read prints nothing and fails only when it cannot open
		 * the file: checked first all the same, as before. */
		if (!readable_file(path))
			continue;
		void *fp = fp_Init(p);
		if (!fp)
			continue;
		if (fp_Read(fp, path, MAXNGRAMS) == 0) {
			fp_Done(fp);
			continue;
		}
		tc->profile[i] = fp;
		loaded++;
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
	for (size_t i = 0; i < tc->n; i++)
		if (tc->profile[i])
			fp_Done(tc->profile[i]);
	free(tc->profile);
	free(tc);
}

int px_textcat_distances(struct px_textcat *tc, const char *text, size_t len,
                         double *dist)
{
	for (size_t i = 0; i < tc->n; i++)
		dist[i] = -1;
	void *unknown = fp_Init(NULL);
	if (!unknown)
		return -1;
	fp_SetProperty(unknown, TCPROP_UTF8AWARE, TC_TRUE);
	fp_SetProperty(unknown, TCPROP_MINIMUM_DOCUMENT_SIZE, MINDOCSIZE);
	int any = 0;
	/* 0: too little text for any n-gram. */
	if (fp_Create(unknown, text, (uint4)len, MAXNGRAMS) != 0) {
		for (size_t i = 0; i < tc->n; i++) {
			if (!tc->profile[i])
				continue;
			dist[i] = fp_Compare(tc->profile[i], unknown, MAXSCORE);
			any = 1;
		}
	}
	fp_Done(unknown);
	return any ? 0 : -1;
}
