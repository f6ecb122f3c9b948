/* The abbreviation table of segment: every language's lists merged.
 *
 * Merged because press paragraphs mix languages (U.S. in a French article,
 * M. Macron in an English one, a paragraph whose language is "und") and
 * because the entries are matched case-sensitively, as written, so that an
 * abbreviation of one language ("Me", Maître) does not swallow an ordinary
 * word of another ("me."). A lowercase entry also matches with a capital
 * first letter, for abbreviations that open a sentence ("Cf.", "Etc."). */
#include "core/segment_int.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>

#include "core/lang_int.h"
#include "core/utf8.h"
#include "util/mem.h"

struct slot {
	const char *key; /* NULL: empty; points into the arena */
	size_t len;
	unsigned flags;
};

/* Built once per precis_segment call, so it makes two allocations in all:
 * the slots and one arena for the keys. */
struct px_abbrevs {
	struct slot *slots;
	size_t cap; /* a power of two */
	size_t n;
	char *arena;
	size_t used;
};

static const struct {
	const char *list;
	unsigned flag;
} lists[] = {
	{"abbreviations", PX_ABBR_GENERAL},
	{"abbreviations-before-name", PX_ABBR_NAME},
	{"abbreviations-before-number", PX_ABBR_NUMBER},
	{"abbreviations-final", PX_ABBR_FINAL},
};

static uint32_t hash(const char *s, size_t len)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

static struct slot *find(const struct px_abbrevs *ab, const char *key, size_t len)
{
	size_t mask = ab->cap - 1;
	for (size_t i = hash(key, len) & mask;; i = (i + 1) & mask) {
		struct slot *s = &ab->slots[i];
		if (!s->key || (s->len == len && memcmp(s->key, key, len) == 0))
			return s;
	}
}

static void put(struct px_abbrevs *ab, const char *key, size_t len, unsigned flags)
{
	if (len == 0)
		return;
	struct slot *s = find(ab, key, len);
	if (!s->key) {
		s->key = key;
		s->len = len;
		ab->used += len;
		ab->n++;
	}
	s->flags |= flags;
}

/* Adds the entry (copied to the arena, which has room for it), and its
 * capitalised form when it starts in lowercase. */
static void add_entry(struct px_abbrevs *ab, const char *item, unsigned flag)
{
	size_t len = strlen(item);
	if (len && item[len - 1] == '.')
		len--;
	char *key = ab->arena + ab->used;
	memcpy(key, item, len);
	put(ab, key, len, flag);
	size_t i = 0;
	int32_t cp = len ? px_utf8_next(item, len, &i) : -1;
	if (cp < 0 || !u_islower(cp))
		return;
	key = ab->arena + ab->used;
	size_t n = px_utf8_encode((uint32_t)u_toupper(cp), key);
	memcpy(key + n, item + i, len - i);
	put(ab, key, n + len - i, flag);
}

struct px_abbrevs *px_abbrevs_new(const struct precis_langset *set)
{
	size_t total = 0, bytes = 0;
	size_t nlang = set ? precis_langset_count(set) : 0;
	for (size_t l = 0; l < nlang; l++) {
		for (size_t k = 0; k < sizeof lists / sizeof lists[0]; k++) {
			const struct px_list *list = px_lang_list(precis_langset_at(set, l),
			                                          lists[k].list);
			total += list->n;
			for (size_t i = 0; i < list->n; i++) /* the entry, its capital form */
				bytes += 2 * strlen(list->items[i]) + 4;
		}
	}
	struct px_abbrevs *ab = px_xcalloc(1, sizeof *ab);
	ab->arena = px_xmalloc(bytes + 1);
	ab->cap = 16;
	while (ab->cap < total * 4) /* each entry may add its capitalised form */
		ab->cap *= 2;
	ab->slots = px_xcalloc(ab->cap, sizeof *ab->slots);
	for (size_t l = 0; l < nlang; l++) {
		const struct precis_lang *lang = precis_langset_at(set, l);
		for (size_t k = 0; k < sizeof lists / sizeof lists[0]; k++) {
			const struct px_list *list = px_lang_list(lang, lists[k].list);
			for (size_t i = 0; i < list->n; i++)
				add_entry(ab, list->items[i], lists[k].flag);
		}
	}
	return ab;
}

void px_abbrevs_free(struct px_abbrevs *ab)
{
	if (!ab)
		return;
	free(ab->arena);
	free(ab->slots);
	free(ab);
}

unsigned px_abbrevs_get(const struct px_abbrevs *ab, const char *tok, size_t len)
{
	if (!ab->n || len == 0)
		return 0;
	return find(ab, tok, len)->flags;
}
