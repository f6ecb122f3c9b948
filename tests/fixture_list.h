/*
 * The fixture articles, for test_fixtures.c and test_golden.c.
 *
 * $PRECIS_FIXTURES holds one folder per language; in each, NAME.txt is an
 * article and NAME.expect what the text front must find in it (see
 * fixtures/README.md). Header-only: each test program is one .c file.
 */
#ifndef PRECIS_TESTS_FIXTURE_LIST_H
#define PRECIS_TESTS_FIXTURE_LIST_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Fixed-size so that Criterion can copy it into each test's process. */
struct fx {
	char dir[32];   /* "fr", "en": the folder under fixtures/ */
	char name[128]; /* "tramway-valbrune": the file name without .txt */
};

/* The fixtures folder, or NULL when the test was run outside meson. */
static inline const char *fx_root(void)
{
	const char *root = getenv("PRECIS_FIXTURES");
	return root && *root ? root : NULL;
}

static inline int fx_cmp(const void *a, const void *b)
{
	const struct fx *x = a, *y = b;
	int c = strcmp(x->dir, y->dir);
	return c ? c : strcmp(x->name, y->name);
}

static inline int fx_is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Every NAME.txt one folder below the root, sorted; *out is malloc'd. */
static inline size_t fx_list(struct fx **out)
{
	const char *root = fx_root();
	size_t n = 0, cap = 0;
	*out = NULL;
	DIR *top = root ? opendir(root) : NULL;
	if (!top)
		return 0;
	struct dirent *d;
	while ((d = readdir(top))) {
		char sub[4096];
		if (d->d_name[0] == '.' || strlen(d->d_name) >= sizeof((*out)->dir))
			continue;
		snprintf(sub, sizeof sub, "%s/%s", root, d->d_name);
		DIR *dd = fx_is_dir(sub) ? opendir(sub) : NULL;
		if (!dd)
			continue;
		struct dirent *e;
		while ((e = readdir(dd))) {
			size_t len = strlen(e->d_name);
			if (len <= 4 || strcmp(e->d_name + len - 4, ".txt") != 0 ||
			    len - 4 >= sizeof((*out)->name))
				continue;
			if (n == cap) {
				cap = cap ? 2 * cap : 32;
				*out = realloc(*out, cap * sizeof **out);
				if (!*out)
					abort();
			}
			snprintf((*out)[n].dir, sizeof (*out)[n].dir, "%s", d->d_name);
			memcpy((*out)[n].name, e->d_name, len - 4);
			(*out)[n].name[len - 4] = '\0';
			n++;
		}
		closedir(dd);
	}
	closedir(top);
	if (n)
		qsort(*out, n, sizeof **out, fx_cmp);
	return n;
}

/* root/dir/name + ext, malloc'd. */
static inline char *fx_path(const struct fx *f, const char *ext)
{
	const char *root = fx_root();
	size_t n = strlen(root ? root : ".") + strlen(f->dir) + strlen(f->name) + strlen(ext) + 3;
	char *p = malloc(n);
	if (!p)
		abort();
	snprintf(p, n, "%s/%s/%s%s", root ? root : ".", f->dir, f->name, ext);
	return p;
}

/* The whole file, NUL-terminated (malloc'd), or NULL when it cannot be read. */
static inline char *fx_read(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t n = 0, cap = 1 << 16;
	char *buf = malloc(cap);
	if (!buf)
		abort();
	size_t got;
	while ((got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
		n += got;
		if (cap - n - 1 == 0) {
			cap *= 2;
			buf = realloc(buf, cap);
			if (!buf)
				abort();
		}
	}
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

#endif
