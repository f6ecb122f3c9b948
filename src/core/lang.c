#include "core/lang_int.h"

#include <dirent.h>
#include <errno.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/utf8.h"
#include "util/buf.h"
#include "util/mem.h"

#ifndef PRECIS_DATA_LANGDIR
#define PRECIS_DATA_LANGDIR "/usr/local/share/precis/lang"
#endif
#ifndef PRECIS_SOURCE_LANGDIR
#define PRECIS_SOURCE_LANGDIR "lang"
#endif

struct meta_kv {
	char *key, *value;
};

/* Which of the first 64 lists hold a word: one probe answers them all. */
struct wmap_ent {
	const char *key; /* a folded entry of one of the lists */
	uint32_t len, hash;
	uint64_t mask; /* bit i: lists[i] holds it */
};

struct precis_lang {
	char *code;
	struct meta_kv *meta;
	size_t nmeta;
	struct px_list *lists;
	size_t nlists;
	struct wmap_ent *wmap;
	size_t nwmap; /* a power of two, or 0 */
	uint64_t serial; /* px_lang_serial() */
};

struct precis_langset {
	char *dir;
	struct precis_lang *langs;
	size_t n;
};

/* Never 0, never given twice in a process. */
static atomic_uint_fast64_t next_serial = 1;

uint64_t px_lang_serial(const struct precis_lang *lang)
{
	return lang ? lang->serial : 0;
}

static const struct px_list empty_list = {(char *)"", NULL, 0, NULL, 0, NULL, 0, 0};

/* A cheap hash of a short key: its length and four of its bytes, mixed.
 * Keys that share them only cost a string compare. */
static uint32_t key_hash(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t h = (uint32_t)n * 0x9E3779B1u;
	if (n)
		h ^= (uint32_t)u[0] | (uint32_t)u[n - 1] << 8 | (uint32_t)u[n / 2] << 16 |
		     (uint32_t)u[n > 1 ? 1 : 0] << 24;
	h ^= h >> 15;
	h *= 0x85EBCA6Bu;
	h ^= h >> 13;
	return h | 1; /* never 0: a slot holding hash 0 and index 0 would look empty */
}

uint32_t px_list_hash(const char *key, size_t len)
{
	return key_hash(key, len);
}

/* A hash index over the folded entries, so that a lookup is one probe (the
 * quote extractor asks several lists about most words). */
static void list_hash(struct px_list *l)
{
	if (!l->nfolded || l->nfolded > UINT32_MAX / 4)
		return;
	size_t n = 8;
	while (n < l->nfolded * 2)
		n *= 2;
	l->slots = px_xcalloc(n, sizeof *l->slots);
	l->nslots = n;
	for (size_t i = 0; i < l->nfolded; i++) {
		size_t len = strlen(l->folded[i]);
		if (len > l->maxlen)
			l->maxlen = len;
		uint32_t kh = key_hash(l->folded[i], len);
		size_t h = kh & (n - 1);
		while (l->slots[h])
			h = (h + 1) & (n - 1);
		l->slots[h] = ((uint64_t)kh << 32) | (uint32_t)(i + 1);
	}
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		s[--n] = '\0';
	return s;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Reads a data file into lines; `#` starts a comment only at the start of a
 * line, so entries may hold `#` (hashtags). */
static int read_lines(const char *path, char ***out, size_t *nout)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	char *line = NULL;
	size_t cap = 0, n = 0, ncap = 0;
	char **items = NULL;
	while (getline(&line, &cap, f) >= 0) {
		char *t = trim(line);
		if (!*t || *t == '#')
			continue;
		items = px_xgrow(items, &ncap, n + 1, sizeof *items);
		items[n++] = px_xstrdup(t);
	}
	free(line);
	fclose(f);
	*out = items;
	*nout = n;
	return 0;
}

static void list_index(struct px_list *l)
{
	l->folded = px_xcalloc(l->n ? l->n : 1, sizeof *l->folded);
	struct px_buf b;
	px_buf_init(&b, 1 << 20);
	for (size_t i = 0; i < l->n; i++) {
		px_buf_reset(&b);
		px_utf8_fold(l->items[i], strlen(l->items[i]), &b);
		l->folded[i] = px_xstrndup(b.data ? b.data : "", b.len);
	}
	px_buf_free(&b);
	qsort(l->folded, l->n, sizeof *l->folded, cmp_str);
	size_t w = 0;
	for (size_t i = 0; i < l->n; i++) {
		if (w && strcmp(l->folded[w - 1], l->folded[i]) == 0) {
			free(l->folded[i]);
			continue;
		}
		l->folded[w++] = l->folded[i];
	}
	l->nfolded = w;
	list_hash(l);
}

static int cmp_list(const void *a, const void *b)
{
	return strcmp(((const struct px_list *)a)->name, ((const struct px_list *)b)->name);
}

static void build_wmap(struct precis_lang *lang)
{
	size_t total = 0, nl = lang->nlists < 64 ? lang->nlists : 64;
	for (size_t i = 0; i < nl; i++)
		total += lang->lists[i].nfolded;
	if (!total)
		return;
	size_t n = 16;
	while (n < total * 2)
		n *= 2;
	lang->wmap = px_xcalloc(n, sizeof *lang->wmap);
	lang->nwmap = n;
	for (size_t i = 0; i < nl; i++) {
		const struct px_list *l = &lang->lists[i];
		for (size_t k = 0; k < l->nfolded; k++) {
			const char *key = l->folded[k];
			uint32_t len = (uint32_t)strlen(key), h = key_hash(key, len);
			size_t at = h & (n - 1);
			while (lang->wmap[at].key &&
			       !(lang->wmap[at].hash == h && lang->wmap[at].len == len &&
			         memcmp(lang->wmap[at].key, key, len) == 0))
				at = (at + 1) & (n - 1);
			struct wmap_ent *e = &lang->wmap[at];
			e->key = key;
			e->len = len;
			e->hash = h;
			e->mask |= (uint64_t)1 << i;
		}
	}
}

size_t px_lang_list_bit(const struct precis_lang *lang, const char *name)
{
	const struct px_list *l = px_lang_list(lang, name);
	if (!lang || l < lang->lists || l >= lang->lists + lang->nlists)
		return SIZE_MAX;
	size_t i = (size_t)(l - lang->lists);
	return i < 64 ? i : SIZE_MAX;
}

uint64_t px_lang_word_mask(const struct precis_lang *lang, const char *key, size_t len)
{
	if (!lang || !lang->nwmap)
		return 0;
	uint32_t h = key_hash(key, len);
	size_t mask = lang->nwmap - 1, at = h & mask;
	const struct wmap_ent *e;
	while ((e = &lang->wmap[at])->key) {
		if (e->hash == h && e->len == len && memcmp(e->key, key, len) == 0)
			return e->mask;
		at = (at + 1) & mask;
	}
	return 0;
}

static int has_suffix(const char *s, const char *suf)
{
	size_t a = strlen(s), b = strlen(suf);
	return a >= b && strcmp(s + a - b, suf) == 0;
}

static int load_lang(const char *dir, const char *code, struct precis_lang *lang,
                     struct precis_error *err)
{
	memset(lang, 0, sizeof *lang);
	lang->code = px_xstrdup(code);
	lang->serial = atomic_fetch_add(&next_serial, 1);
	char path[4096];
	snprintf(path, sizeof path, "%s/%s/meta.txt", dir, code);
	char **lines;
	size_t n;
	if (read_lines(path, &lines, &n) < 0)
		return precis_error_set(err, PRECIS_E_CONFIG, path,
		                        "cannot read language metadata: %s", strerror(errno));
	lang->meta = px_xcalloc(n ? n : 1, sizeof *lang->meta);
	for (size_t i = 0; i < n; i++) {
		char *eq = strchr(lines[i], '=');
		if (!eq) {
			precis_error_set(err, PRECIS_E_CONFIG, path,
			                 "line \"%s\" is not `key = value`; fix the file", lines[i]);
			for (size_t k = i; k < n; k++)
				free(lines[k]);
			free(lines);
			return err ? err->status : PRECIS_E_CONFIG;
		}
		*eq = '\0';
		lang->meta[lang->nmeta].key = px_xstrdup(trim(lines[i]));
		lang->meta[lang->nmeta].value = px_xstrdup(trim(eq + 1));
		lang->nmeta++;
		free(lines[i]);
	}
	free(lines);

	snprintf(path, sizeof path, "%s/%s", dir, code);
	DIR *d = opendir(path);
	if (!d)
		return precis_error_set(err, PRECIS_E_CONFIG, path, "cannot open: %s",
		                        strerror(errno));
	struct dirent *e;
	size_t cap = 0;
	char **names = NULL;
	size_t nnames = 0;
	while ((e = readdir(d))) {
		if (!has_suffix(e->d_name, ".txt") || strcmp(e->d_name, "meta.txt") == 0)
			continue;
		names = px_xgrow(names, &cap, nnames + 1, sizeof *names);
		names[nnames++] = px_xstrdup(e->d_name);
	}
	closedir(d);
	if (nnames)
		qsort(names, nnames, sizeof *names, cmp_str);
	lang->lists = px_xcalloc(nnames ? nnames : 1, sizeof *lang->lists);
	for (size_t i = 0; i < nnames; i++) {
		struct px_list *l = &lang->lists[lang->nlists];
		snprintf(path, sizeof path, "%s/%s/%s", dir, code, names[i]);
		names[i][strlen(names[i]) - 4] = '\0';
		l->name = names[i];
		if (read_lines(path, &l->items, &l->n) < 0) {
			for (size_t k = i; k < nnames; k++)
				free(names[k]);
			free(names);
			return precis_error_set(err, PRECIS_E_CONFIG, path, "cannot read: %s",
			                        strerror(errno));
		}
		list_index(l);
		lang->nlists++;
	}
	free(names);
	/* sorted by name without ".txt" (the file order differs: "a-b.txt"
	 * sorts before "a.txt"), so px_lang_list can search */
	if (lang->nlists > 1)
		qsort(lang->lists, lang->nlists, sizeof *lang->lists, cmp_list);
	build_wmap(lang);
	return PRECIS_OK;
}

static void free_lang(struct precis_lang *lang)
{
	free(lang->code);
	for (size_t i = 0; i < lang->nmeta; i++) {
		free(lang->meta[i].key);
		free(lang->meta[i].value);
	}
	free(lang->meta);
	for (size_t i = 0; i < lang->nlists; i++) {
		struct px_list *l = &lang->lists[i];
		free(l->name);
		for (size_t k = 0; k < l->n; k++)
			free(l->items[k]);
		for (size_t k = 0; k < l->nfolded; k++)
			free(l->folded[k]);
		free(l->items);
		free(l->folded);
		free(l->slots);
	}
	free(lang->lists);
	free(lang->wmap);
}

static int is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static const char *pick_dir(const char *dir)
{
	if (dir && *dir)
		return dir;
	const char *env = getenv("PRECIS_LANG_DIR");
	if (env && *env)
		return env;
	if (is_dir(PRECIS_DATA_LANGDIR))
		return PRECIS_DATA_LANGDIR;
	return PRECIS_SOURCE_LANGDIR;
}

enum precis_status precis_langset_load(const char *dir, struct precis_langset **out,
                                       struct precis_error *err)
{
	*out = NULL;
	const char *root = pick_dir(dir);
	DIR *d = opendir(root);
	if (!d)
		return precis_error_set(err, PRECIS_E_CONFIG, root,
		                        "cannot open the language data directory (%s); set "
		                        "PRECIS_LANG_DIR to the lang/ folder of precis",
		                        strerror(errno));
	struct precis_langset *set = px_xcalloc(1, sizeof *set);
	set->dir = px_xstrdup(root);
	size_t cap = 0;
	char **codes = NULL;
	size_t ncodes = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char meta[4096];
		snprintf(meta, sizeof meta, "%s/%s/meta.txt", root, e->d_name);
		struct stat st;
		if (stat(meta, &st) != 0)
			continue;
		codes = px_xgrow(codes, &cap, ncodes + 1, sizeof *codes);
		codes[ncodes++] = px_xstrdup(e->d_name);
	}
	closedir(d);
	if (ncodes)
		qsort(codes, ncodes, sizeof *codes, cmp_str);
	set->langs = px_xcalloc(ncodes ? ncodes : 1, sizeof *set->langs);
	enum precis_status st = PRECIS_OK;
	for (size_t i = 0; i < ncodes; i++) {
		if (st == PRECIS_OK) {
			st = load_lang(root, codes[i], &set->langs[set->n], err);
			set->n++;
		}
		free(codes[i]);
	}
	free(codes);
	if (st == PRECIS_OK && set->n == 0)
		st = precis_error_set(err, PRECIS_E_CONFIG, root,
		                      "no language found (each needs <code>/meta.txt); set "
		                      "PRECIS_LANG_DIR to the lang/ folder of precis");
	if (st != PRECIS_OK) {
		precis_langset_free(set);
		return st;
	}
	*out = set;
	return PRECIS_OK;
}

void precis_langset_free(struct precis_langset *set)
{
	if (!set)
		return;
	for (size_t i = 0; i < set->n; i++)
		free_lang(&set->langs[i]);
	free(set->langs);
	free(set->dir);
	free(set);
}

const char *precis_langset_dir(const struct precis_langset *set)
{
	return set->dir;
}

size_t precis_langset_count(const struct precis_langset *set)
{
	return set->n;
}

const struct precis_lang *precis_langset_at(const struct precis_langset *set, size_t i)
{
	return i < set->n ? &set->langs[i] : NULL;
}

const struct precis_lang *precis_langset_find(const struct precis_langset *set,
                                              const char *code)
{
	if (!code)
		return NULL;
	for (size_t i = 0; i < set->n; i++)
		if (strcmp(set->langs[i].code, code) == 0)
			return &set->langs[i];
	return NULL;
}

const char *precis_lang_code(const struct precis_lang *lang)
{
	return lang->code;
}

const char *precis_lang_name(const struct precis_lang *lang)
{
	const char *n = precis_lang_meta(lang, "name");
	return n ? n : lang->code;
}

const char *precis_lang_meta(const struct precis_lang *lang, const char *key)
{
	for (size_t i = 0; i < lang->nmeta; i++)
		if (strcmp(lang->meta[i].key, key) == 0)
			return lang->meta[i].value;
	return NULL;
}

const struct px_list *px_lang_list(const struct precis_lang *lang, const char *name)
{
	if (!lang)
		return &empty_list;
	/* the lists are sorted by name (load_lang) */
	size_t lo = 0, hi = lang->nlists;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(lang->lists[mid].name, name);
		if (c == 0)
			return &lang->lists[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return &empty_list;
}

int px_list_has_hashed(const struct px_list *list, const char *key, size_t len,
                       uint32_t hash)
{
	if (!list->nslots)
		return px_list_has(list, key, len);
	size_t mask = list->nslots - 1, h = hash & mask;
	uint64_t v;
	while ((v = list->slots[h]) != 0) {
		if ((uint32_t)(v >> 32) == hash) {
			const char *s = list->folded[(uint32_t)v - 1];
			if (strncmp(s, key, len) == 0 && s[len] == '\0')
				return 1;
		}
		h = (h + 1) & mask;
	}
	return 0;
}

int px_list_has(const struct px_list *list, const char *key, size_t len)
{
	if (list->nslots)
		return px_list_has_hashed(list, key, len, key_hash(key, len));
	size_t lo = 0, hi = list->nfolded;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *s = list->folded[mid];
		int c = strncmp(s, key, len);
		if (c == 0 && s[len] != '\0')
			c = 1;
		if (c == 0)
			return 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

int px_list_has_fold(const struct px_list *list, const char *word, size_t len)
{
	char small[256];
	struct px_buf b;
	px_buf_init(&b, 4096);
	px_utf8_fold(word, len, &b);
	int r = 0;
	if (b.data && b.len < sizeof small) {
		memcpy(small, b.data, b.len + 1);
		r = px_list_has(list, small, b.len);
	}
	px_buf_free(&b);
	return r;
}
