/* The lang/ lists the quote extractor reads, gathered per language once a
 * call, so that a lookup is one binary search per language and no strcmp
 * on list names. A paragraph in a language that has the quote lists uses
 * them alone (French "a" is an auxiliary, English "a" a determiner); a
 * paragraph in another language, or "und", uses every language in turn. */
#include "core/quote_int.h"

#include <string.h>

#include "core/lang_int.h"
#include "precis/lang.h"

static const char *const list_names[QL_COUNT] = {
    [QL_VERBS] = "quote-verbs",
    [QL_PARTS] = "quote-participles",
    [QL_VERBPHR] = "quote-verb-phrases",
    [QL_PARTPHR] = "quote-participle-phrases",
    [QL_AUX] = "quote-auxiliaries",
    [QL_AUXREFL] = "quote-auxiliaries-reflexive",
    [QL_REFLEX] = "quote-reflexives",
    [QL_NOTCUE] = "quote-not-cues",
    [QL_ACCORDING] = "quote-according",
    [QL_FOR] = "quote-for",
    [QL_REL] = "quote-relatives",
    [QL_CLITICS] = "quote-clitics",
    [QL_ADVERBS] = "quote-adverbs",
    [QL_NAMING] = "quote-naming",
    [QL_IQ] = "quote-interview-questions",
    [QL_IA] = "quote-interview-answers",
    [QL_UNNAMED] = "quote-unnamed",
    [QL_ELISIONS] = "elisions",
    [QL_COORD] = "name-coordinators",
    [QL_PRON_M] = "pronouns-male",
    [QL_PRON_F] = "pronouns-female",
    [QL_PRON_PL] = "pronouns-plural",
    [QL_DET] = "determiners",
    [QL_DET_INDEF] = "determiners-indefinite",
    [QL_DET_DEM] = "determiners-demonstrative",
    [QL_DET_DEF] = "determiners-definite",
    [QL_DET_F] = "determiners-female",
    [QL_DET_M] = "determiners-male",
    [QL_TITLES] = "titles",
    [QL_TITLES_F] = "titles-female",
    [QL_TITLES_M] = "titles-male",
    [QL_ROLES] = "roles",
    [QL_ROLES_F] = "roles-female",
    [QL_ROLES_M] = "roles-male",
    [QL_ADVSUF] = "quote-adverb-suffixes",
    [QL_INVLINK] = "quote-inversion-links",
    [QL_POSS] = "possessive-suffixes",
    [QL_ROLES_GEN] = "roles-generic",
    [QL_ROLE_STOP] = "role-stops",
    [QL_FIRST_M] = "first-names-male",
    [QL_FIRST_F] = "first-names-female",
    [QL_STOP] = "stopwords",
    [QL_PARTICLES] = "name-particles",
    [QL_ORG] = "org-words",
};

void px_qlex_init(struct qlexset *ls, const struct precis_langset *set)
{
	/* only what is read is set: the language slots past n stay as they are */
	ls->n = 0;
	ls->all.n = 0;
	ls->all.lang = NULL;
	memset(ls->all.maxlen, 0, sizeof ls->all.maxlen);
	size_t n = set ? precis_langset_count(set) : 0;
	for (size_t i = 0; i < n && ls->n < QLEX_MAXLANG; i++) {
		const struct precis_lang *lang = precis_langset_at(set, i);
		struct qlex *one = &ls->per[ls->n];
		for (int k = 0; k < QL_COUNT; k++) {
			const struct px_list *l = px_lang_list(lang, list_names[k]);
			one->l[k][0] = l;
			ls->all.l[k][ls->n] = l;
		}
		one->n = 1;
		one->lang = lang;
		for (int k = 0; k < QL_COUNT; k++) {
			size_t b = px_lang_list_bit(lang, list_names[k]);
			one->bit[k] = (uint8_t)(b < 64 ? b : 255);
		}
		for (int k = 0; k < QL_COUNT; k++) {
			one->maxlen[k] = one->l[k][0]->maxlen;
			if (one->maxlen[k] > ls->all.maxlen[k])
				ls->all.maxlen[k] = one->maxlen[k];
		}
		ls->code[ls->n] = precis_lang_code(lang);
		ls->n++;
	}
	ls->all.n = ls->n;
}

const struct qlex *px_qlex_for(const struct qlexset *ls, const char *code)
{
	if (code)
		for (size_t i = 0; i < ls->n; i++)
			if (strcmp(ls->code[i], code) == 0 &&
			    ls->per[i].l[QL_VERBS][0]->n)
				return &ls->per[i];
	return &ls->all;
}

int px_qlex_has(const struct qlex *lx, enum qlist which, const char *key, size_t len)
{
	if (len > lx->maxlen[which])
		return 0;
	uint32_t h = px_list_hash(key, len);
	for (size_t i = 0; i < lx->n; i++)
		if (px_list_has_hashed(lx->l[which][i], key, len, h))
			return 1;
	return 0;
}

size_t px_qlex_suffix(const struct qlex *lx, enum qlist which, const char *key,
                      size_t len)
{
	size_t best = 0;
	for (size_t i = 0; i < lx->n; i++) {
		const struct px_list *l = lx->l[which][i];
		for (size_t k = 0; k < l->nfolded; k++) {
			size_t n = strlen(l->folded[k]);
			if (n < len && n > best &&
			    memcmp(key + len - n, l->folded[k], n) == 0)
				best = n;
		}
	}
	return best;
}

int px_qlex_tok(const struct qlex *lx, enum qlist which, const struct qpara *p, size_t i)
{
	if (i >= p->n || p->t[i].type != QT_WORD)
		return 0;
	const struct qtok *t = &p->t[i];
	if (lx == p->lx && (t->flags & QF_LISTS) && lx->bit[which] != 255)
		return (int)((t->lists >> lx->bit[which]) & 1);
	return px_qlex_has(lx, which, px_qtok_key(p, i), t->flen);
}

size_t px_qlex_phrase(const struct qlex *lx, enum qlist which, const struct qpara *p,
                      size_t i)
{
	char key[160];
	size_t len = 0, best = 0;
	for (size_t k = 0; k < 4 && i + k < p->n; k++) {
		const struct qtok *t = &p->t[i + k];
		if (t->type != QT_WORD || len + t->flen + 2 > sizeof key)
			break;
		if (k && !(p->t[i + k - 1].flags & QF_ELIDED))
			key[len++] = ' ';
		memcpy(key + len, px_qtok_key(p, i + k), t->flen);
		len += t->flen;
		if (len > lx->maxlen[which])
			break;
		if (k ? px_qlex_has(lx, which, key, len) : px_qlex_tok(lx, which, p, i))
			best = k + 1;
	}
	return best;
}
