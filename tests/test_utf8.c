#include <criterion/criterion.h>
#include <string.h>

#include "core/utf8.h"
#include "util/buf.h"

Test(utf8, decodes_and_advances)
{
	const char *s = "a\xC3\xA9\xE2\x80\xAF\xF0\x9F\x98\x80";
	size_t len = strlen(s), i = 0;
	cr_assert_eq(px_utf8_next(s, len, &i), 'a');
	cr_assert_eq(px_utf8_next(s, len, &i), 0xE9);
	cr_assert_eq(px_utf8_next(s, len, &i), 0x202F);
	cr_assert_eq(px_utf8_next(s, len, &i), 0x1F600);
	cr_assert_eq(i, len);
}

Test(utf8, rejects_invalid_sequences_one_byte_at_a_time)
{
	const char *bad[] = {"\x80", "\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80",
	                     "\xF4\x90\x80\x80", "\xC3", "\xE2\x80", "\xFF"};
	for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
		size_t i = 0;
		cr_assert_eq(px_utf8_next(bad[k], strlen(bad[k]), &i), -1, "case %zu", k);
		cr_assert_eq(i, 1);
	}
}

Test(utf8, valid_prefix_stops_at_the_first_bad_byte)
{
	const char *s = "caf\xC3\xA9 \xE9t\xC3\xA9";
	cr_assert_eq(px_utf8_valid_prefix(s, strlen(s)), 6);
}

Test(utf8, prev_finds_the_start_of_a_code_point)
{
	const char *s = "a\xE2\x80\xAF";
	cr_assert_eq(px_utf8_prev(s, 4), 1);
	cr_assert_eq(px_utf8_prev(s, 1), 0);
}

Test(utf8, folds_case_for_keys)
{
	struct px_buf b;
	px_buf_init(&b, 64);
	const char *s = "\xC3\x89T\xC3\x89 Stra\xC3\x9F" "e";
	px_utf8_fold(s, strlen(s), &b);
	/* simple folding: one code point for one, so ß stays ß */
	cr_assert_str_eq(b.data, "\xC3\xA9t\xC3\xA9 stra\xC3\x9F" "e");
	px_buf_free(&b);
}

Test(utf8, classes_include_no_break_spaces)
{
	cr_assert(px_cp_is_space(0xA0));
	cr_assert(px_cp_is_space(0x202F));
	cr_assert(px_cp_is_alpha(0xE9));
	cr_assert(px_cp_is_upper(0xC9));
	cr_assert_not(px_cp_is_alpha('1'));
}
