/* Which sentences a summary must take together: a quote is never cut, and
 * never shown without who said it. */
#include "core/summary_int.h"

#include <string.h>

#include "core/doc_int.h"

static size_t find(size_t *unit, size_t i)
{
	while (unit[i] != i) {
		unit[i] = unit[unit[i]];
		i = unit[i];
	}
	return i;
}

/* The smaller index stays the root, so the result does not depend on the
 * order quotes are met. */
static void join(size_t *unit, size_t a, size_t b)
{
	a = find(unit, a);
	b = find(unit, b);
	if (a < b)
		unit[b] = a;
	else if (b < a)
		unit[a] = b;
}

/* The sentence holding byte off (the last one starting at or before it). */
static size_t sent_at(const struct precis_doc *doc, size_t off)
{
	size_t lo = 0, hi = doc->nsent;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (doc->sents[mid].span.start <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

static int sent_has(const struct precis_doc *doc, size_t s, const char *needle)
{
	size_t n = strlen(needle);
	const struct precis_span *sp = &doc->sents[s].span;
	if (!n || sp->end - sp->start < n)
		return 0;
	const char *t = doc->text + sp->start;
	size_t len = sp->end - sp->start;
	for (const char *h = t; (h = memchr(h, needle[0], len - (size_t)(h - t) - n + 1));
	     h++)
		if (memcmp(h, needle, n) == 0)
			return 1;
	return 0;
}

/* The sentence where needle is written, looking in the quote's sentences
 * first, then the one after, then the one before; SIZE_MAX: nowhere. */
static size_t locate(const struct precis_doc *doc, size_t a, size_t b, const char *needle)
{
	if (!needle || !*needle)
		return (size_t)-1;
	for (size_t s = a; s <= b; s++)
		if (sent_has(doc, s, needle))
			return s;
	if (b + 1 < doc->nsent && sent_has(doc, b + 1, needle))
		return b + 1;
	if (a > 0 && sent_has(doc, a - 1, needle))
		return a - 1;
	return (size_t)-1;
}

void px_summary_units(const struct precis_doc *doc, size_t *unit)
{
	for (size_t i = 0; i < doc->nsent; i++)
		unit[i] = i;
	if (!doc->nsent)
		return;
	for (size_t qi = 0; qi < doc->nquote; qi++) {
		const struct precis_quote *q = &doc->quotes[qi];
		if (q->kind != PRECIS_QUOTE_STATEMENT || q->span.end <= q->span.start)
			continue;
		size_t a = sent_at(doc, q->span.start);
		size_t b = sent_at(doc, q->span.end - 1);
		for (size_t s = a + 1; s <= b; s++)
			join(unit, a, s);
		size_t at = locate(doc, a, b, q->cue);
		if (at == (size_t)-1)
			at = locate(doc, a, b, q->speaker);
		/* A quote opening its sentence with nothing written about it
		 * there was introduced just before ("X said:"). */
		if (at == (size_t)-1 && a > 0 &&
		    q->span.start - doc->sents[a].span.start <= 4 &&
		    doc->sents[a - 1].paragraph + 1 >= doc->sents[a].paragraph)
			at = a - 1;
		if (at != (size_t)-1)
			join(unit, a, at);
	}
	for (size_t i = 0; i < doc->nsent; i++)
		unit[i] = find(unit, i);
}

/* The word a reader knows a speaker by: the last word of the name
 * ("Cogolati", "International"). */
static void surname(const char *speaker, char *out, size_t cap)
{
	const char *w = speaker;
	for (const char *p = speaker; *p; p++)
		if (*p == ' ')
			w = p + 1;
	size_t n = strlen(w);
	if (n >= cap)
		n = 0;
	memcpy(out, w, n);
	out[n] = '\0';
}

void px_summary_unnamed(const struct precis_doc *doc, const size_t *unit,
                        unsigned char *unnamed)
{
	for (size_t qi = 0; qi < doc->nquote; qi++) {
		const struct precis_quote *q = &doc->quotes[qi];
		if (q->kind != PRECIS_QUOTE_STATEMENT || !q->speaker || !*q->speaker ||
		    q->span.end <= q->span.start)
			continue;
		char name[128];
		surname(q->speaker, name, sizeof name);
		if (!*name)
			continue;
		size_t u = unit[sent_at(doc, q->span.start)];
		/* a unit is a run of sentences: the quote's and its
		 * attribution's, next to each other */
		size_t s = u;
		int named = 0;
		for (; s < doc->nsent && unit[s] == u; s++)
			named |= sent_has(doc, s, name);
		if (named)
			continue;
		for (size_t k = u; k < s; k++)
			unnamed[k] = 1;
	}
}
