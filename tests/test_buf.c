#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

Test(buf, appends_and_stays_nul_terminated)
{
	struct px_buf b;
	px_buf_init(&b, 1024);
	cr_assert_eq(px_buf_adds(&b, "abc"), 0);
	cr_assert_eq(px_buf_addc(&b, 'd'), 0);
	cr_assert_eq(px_buf_printf(&b, "-%d", 42), 0);
	cr_assert_str_eq(b.data, "abcd-42");
	cr_assert_eq(b.len, 7);
	px_buf_free(&b);
}

Test(buf, refuses_to_pass_its_cap)
{
	struct px_buf b;
	px_buf_init(&b, 8);
	cr_assert_eq(px_buf_adds(&b, "12345678"), 0);
	cr_assert_eq(px_buf_addc(&b, '9'), -1);
	cr_assert_eq(b.len, 8, "a refused append leaves the buffer as it was");
	cr_assert_str_eq(b.data, "12345678");
	px_buf_free(&b);
}

Test(buf, long_printf_goes_through_the_heap)
{
	struct px_buf b;
	px_buf_init(&b, 1 << 20);
	char big[1000];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	cr_assert_eq(px_buf_printf(&b, "<%s>", big), 0);
	cr_assert_eq(b.len, 1001);
	cr_assert_eq(b.data[1000], '>');
	px_buf_free(&b);
}

Test(buf, encodes_code_points)
{
	struct px_buf b;
	px_buf_init(&b, 64);
	px_buf_add_cp(&b, 0xE9);    /* é */
	px_buf_add_cp(&b, 0x202F);  /* narrow no-break space */
	px_buf_add_cp(&b, 0x1F600); /* emoji */
	cr_assert_str_eq(b.data, "\xC3\xA9\xE2\x80\xAF\xF0\x9F\x98\x80");
	size_t n;
	char *s = px_buf_take(&b, &n);
	cr_assert_eq(n, 9);
	cr_assert_null(b.data);
	free(s);
}
