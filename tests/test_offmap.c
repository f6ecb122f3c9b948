#include <criterion/criterion.h>

#include "core/offmap.h"

Test(offmap, identity_maps_every_byte)
{
	struct px_offmap m;
	px_offmap_identity(&m, 10);
	for (size_t i = 0; i < 10; i++)
		cr_assert_eq(px_offmap_lookup(&m, i), i);
	cr_assert_eq(px_offmap_lookup(&m, 10), 10);
	cr_assert_eq(m.n, 1);
	px_offmap_free(&m);
}

Test(offmap, replacement_maps_to_its_start)
{
	/* source "a&amp;b" (7 bytes) → "a&b" (3 bytes) */
	struct px_offmap m;
	px_offmap_init(&m, 7);
	px_offmap_copy(&m, 0, 1);
	px_offmap_replace(&m, 1, 5, 1);
	px_offmap_copy(&m, 6, 1);
	cr_assert_eq(px_offmap_lookup(&m, 0), 0);
	cr_assert_eq(px_offmap_lookup(&m, 1), 1);
	cr_assert_eq(px_offmap_lookup(&m, 2), 6);
	cr_assert_eq(px_offmap_lookup(&m, 3), 7);
	px_offmap_free(&m);
}

Test(offmap, deletions_skip_source)
{
	struct px_offmap m;
	px_offmap_init(&m, 6);
	px_offmap_copy(&m, 0, 2);
	px_offmap_replace(&m, 2, 2, 0); /* two bytes dropped */
	px_offmap_copy(&m, 4, 2);
	cr_assert_eq(px_offmap_lookup(&m, 1), 1);
	cr_assert_eq(px_offmap_lookup(&m, 2), 4);
	cr_assert_eq(px_offmap_lookup(&m, 3), 5);
	px_offmap_free(&m);
}

Test(offmap, compose_follows_both_maps)
{
	/* inner: source "xx\xe9yy" (latin-1, 5 bytes) → "xxéyy" (6 bytes) */
	struct px_offmap inner, outer, res;
	px_offmap_init(&inner, 5);
	px_offmap_copy(&inner, 0, 2);
	px_offmap_replace(&inner, 2, 1, 2);
	px_offmap_copy(&inner, 3, 2);
	/* outer: drop the first byte: "xéyy" (5 bytes) from mid offsets 1.. */
	px_offmap_init(&outer, 6);
	px_offmap_copy(&outer, 1, 5);
	px_offmap_compose(&outer, &inner, &res);
	cr_assert_eq(px_offmap_lookup(&res, 0), 1); /* x */
	cr_assert_eq(px_offmap_lookup(&res, 1), 2); /* é, first byte */
	cr_assert_eq(px_offmap_lookup(&res, 2), 2); /* é, second byte */
	cr_assert_eq(px_offmap_lookup(&res, 3), 3); /* y */
	cr_assert_eq(px_offmap_lookup(&res, 4), 4);
	cr_assert_eq(px_offmap_lookup(&res, 5), 5);
	px_offmap_free(&inner);
	px_offmap_free(&outer);
	px_offmap_free(&res);
}

Test(offmap, compose_through_a_replacement)
{
	struct px_offmap inner, outer, res;
	/* inner: "a&amp;b" → "a&b" */
	px_offmap_init(&inner, 7);
	px_offmap_copy(&inner, 0, 1);
	px_offmap_replace(&inner, 1, 5, 1);
	px_offmap_copy(&inner, 6, 1);
	/* outer: "a&b" → "a and b" (the & replaced by " and ") */
	px_offmap_init(&outer, 3);
	px_offmap_copy(&outer, 0, 1);
	px_offmap_replace(&outer, 1, 1, 5);
	px_offmap_copy(&outer, 2, 1);
	px_offmap_compose(&outer, &inner, &res);
	cr_assert_eq(px_offmap_lookup(&res, 0), 0);
	cr_assert_eq(px_offmap_lookup(&res, 3), 1);
	cr_assert_eq(px_offmap_lookup(&res, 6), 6);
	cr_assert_eq(px_offmap_lookup(&res, 7), 7);
	px_offmap_free(&inner);
	px_offmap_free(&outer);
	px_offmap_free(&res);
}

/* compose walks the inner map forward with a hint: whatever the runs, it
 * must give what looking up both maps one after the other gives, for every
 * byte copied by the outer map. */
Test(offmap, compose_equals_two_lookups)
{
	unsigned seed = 12345;
	for (int round = 0; round < 200; round++) {
		struct px_offmap inner, outer, res;
		size_t src = 0;
		px_offmap_init(&inner, 0);
		for (int k = 0; k < 40; k++) {
			seed = seed * 1103515245u + 12345u;
			size_t n = 1 + (seed >> 16) % 7;
			if ((seed >> 8) % 3 == 0)
				px_offmap_replace(&inner, src, n, 1 + (seed >> 4) % 3);
			else
				px_offmap_copy(&inner, src, n);
			src += n;
		}
		inner.src_total = src;
		size_t mid = 0;
		px_offmap_init(&outer, inner.out_total);
		while (mid < inner.out_total) {
			seed = seed * 1103515245u + 12345u;
			size_t n = 1 + (seed >> 16) % 9;
			if (n > inner.out_total - mid)
				n = inner.out_total - mid;
			if ((seed >> 8) % 4 == 0)
				px_offmap_replace(&outer, mid, n, 0); /* dropped */
			else
				px_offmap_copy(&outer, mid, n);
			mid += n;
		}
		px_offmap_compose(&outer, &inner, &res);
		cr_assert_eq(res.out_total, outer.out_total);
		for (size_t o = 0; o < outer.out_total; o++)
			cr_assert_eq(px_offmap_lookup(&res, o),
			             px_offmap_lookup(&inner, px_offmap_lookup(&outer, o)),
			             "round %d, offset %zu", round, o);
		px_offmap_free(&inner);
		px_offmap_free(&outer);
		px_offmap_free(&res);
	}
}
