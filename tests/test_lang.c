#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "precis/lang.h"
#include "core/lang_int.h"

Test(lang, loads_every_language_folder)
{
	struct precis_langset *set;
	struct precis_error err;
	cr_assert_eq(precis_langset_load(NULL, &set, &err), PRECIS_OK, "%s", err.message);
	cr_assert(precis_langset_count(set) >= 2);
	const struct precis_lang *fr = precis_langset_find(set, "fr");
	cr_assert_not_null(fr);
	cr_assert_str_eq(precis_lang_code(fr), "fr");
	cr_assert_str_eq(precis_lang_meta(fr, "textcat"), "fr.lm");
	cr_assert_null(precis_langset_find(set, "xx"));
	precis_langset_free(set);
}

Test(lang, missing_list_is_empty_not_null)
{
	struct precis_langset *set;
	cr_assert_eq(precis_langset_load(NULL, &set, NULL), PRECIS_OK);
	const struct px_list *l = px_lang_list(precis_langset_find(set, "en"), "no-such-list");
	cr_assert_not_null(l);
	cr_assert_eq(l->n, 0);
	cr_assert_not(px_list_has(l, "x", 1));
	precis_langset_free(set);
}

Test(lang, bad_directory_names_it)
{
	struct precis_langset *set;
	struct precis_error err;
	cr_assert_eq(precis_langset_load("/nonexistent/lang", &set, &err), PRECIS_E_CONFIG);
	cr_assert_null(set);
	cr_assert_str_eq(err.where, "/nonexistent/lang");
	cr_assert(strstr(err.message, "PRECIS_LANG_DIR"));
}
