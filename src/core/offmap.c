#include "core/offmap.h"

#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

void px_offmap_init(struct px_offmap *m, size_t src_total)
{
	memset(m, 0, sizeof *m);
	m->src_total = src_total;
}

void px_offmap_free(struct px_offmap *m)
{
	free(m->runs);
	memset(m, 0, sizeof *m);
}

void px_offmap_identity(struct px_offmap *m, size_t n)
{
	px_offmap_init(m, n);
	px_offmap_copy(m, 0, n);
}

static void push(struct px_offmap *m, size_t src, size_t src_len, size_t out_len, int exact)
{
	if (out_len == 0)
		return; /* a deletion: no output byte needs to find it */
	if (m->n) {
		struct px_offrun *last = &m->runs[m->n - 1];
		if (last->exact && (uint32_t)exact == last->exact &&
		    (size_t)last->src + last->src_len == src) {
			last->out_len += (uint32_t)out_len;
			last->src_len += (uint32_t)src_len;
			m->out_total += out_len;
			return;
		}
	}
	m->runs = px_xgrow(m->runs, &m->cap, m->n + 1, sizeof *m->runs);
	m->runs[m->n++] = (struct px_offrun){(uint32_t)m->out_total, (uint32_t)out_len,
	                                     (uint32_t)src, (uint32_t)src_len, (uint32_t)exact};
	m->out_total += out_len;
}

void px_offmap_copy(struct px_offmap *m, size_t src, size_t n)
{
	push(m, src, n, n, 1);
}

void px_offmap_copy_wide(struct px_offmap *m, size_t src, size_t n)
{
	push(m, src, 2 * n, n, 2);
}

void px_offmap_replace(struct px_offmap *m, size_t src, size_t src_len, size_t out_len)
{
	push(m, src, src_len, out_len, 0);
}

static size_t find_run(const struct px_offmap *m, size_t off)
{
	size_t lo = 0, hi = m->n;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (m->runs[mid].out <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* find_run for offsets that mostly go forward (compose walks its outer map
 * in order): start from *hint and step on, so a whole composition is linear;
 * fall back to the binary search when an offset goes back. */
static size_t find_run_from(const struct px_offmap *m, size_t off, size_t *hint)
{
	size_t i = *hint;
	if (i >= m->n || m->runs[i].out > off)
		i = find_run(m, off);
	else
		while (i + 1 < m->n && m->runs[i + 1].out <= off)
			i++;
	*hint = i;
	return i;
}

static size_t lookup_from(const struct px_offmap *m, size_t *hint, size_t off)
{
	if (off >= m->out_total || m->n == 0)
		return m->src_total;
	const struct px_offrun *r = &m->runs[find_run_from(m, off, hint)];
	if (r->exact)
		return r->src + r->exact * (off - r->out);
	return r->src;
}

size_t px_offmap_lookup(const struct px_offmap *m, size_t off)
{
	if (off >= m->out_total || m->n == 0)
		return m->src_total;
	const struct px_offrun *r = &m->runs[find_run(m, off)];
	if (r->exact)
		return r->src + r->exact * (off - r->out);
	return r->src;
}

void px_offmap_compose(const struct px_offmap *outer, const struct px_offmap *inner,
                       struct px_offmap *res)
{
	px_offmap_init(res, inner->src_total);
	size_t hint = 0;
	for (size_t i = 0; i < outer->n; i++) {
		const struct px_offrun *r = &outer->runs[i];
		if (r->exact == 2) {
			/* Rare (a wide map is the innermost one): byte by byte. */
			for (size_t k = 0; k < r->out_len; k++) {
				size_t s = lookup_from(inner, &hint, r->src + 2 * k);
				size_t e = lookup_from(inner, &hint, r->src + 2 * k + 2);
				px_offmap_replace(res, s, e > s ? e - s : 0, 1);
			}
			continue;
		}
		if (!r->exact) {
			size_t s = lookup_from(inner, &hint, r->src);
			size_t e = lookup_from(inner, &hint, (size_t)r->src + r->src_len);
			px_offmap_replace(res, s, e > s ? e - s : 0, r->out_len);
			continue;
		}
		/* A byte-for-byte run: follow the inner runs it crosses. */
		size_t mid = r->src, left = r->out_len;
		while (left > 0) {
			if (mid >= inner->out_total || inner->n == 0) {
				px_offmap_replace(res, inner->src_total, 0, left);
				break;
			}
			const struct px_offrun *a = &inner->runs[find_run_from(inner, mid, &hint)];
			size_t in_run = a->out + a->out_len - mid;
			size_t take = in_run < left ? in_run : left;
			if (a->exact == 2) {
				px_offmap_copy_wide(res, a->src + 2 * (mid - a->out), take);
			} else if (a->exact) {
				px_offmap_copy(res, a->src + (mid - a->out), take);
			} else {
				size_t slen = (mid == a->out && take == a->out_len) ? a->src_len : 0;
				px_offmap_replace(res, a->src, slen, take);
			}
			mid += take;
			left -= take;
		}
	}
}

void px_offmap_move(struct px_offmap *dst, struct px_offmap *src)
{
	free(dst->runs);
	*dst = *src;
	memset(src, 0, sizeof *src);
}
