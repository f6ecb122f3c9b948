#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* Regression: a language folder holding only meta.txt sorted an empty list
 * with qsort(NULL, 0, ...), which UBSan reports. */
Test(lang, folder_with_only_meta_loads)
{
	char dir[] = "/tmp/precis-lang-XXXXXX";
	cr_assert_not_null(mkdtemp(dir));
	char path[512];
	snprintf(path, sizeof path, "%s/xx", dir);
	cr_assert_eq(mkdir(path, 0700), 0);
	snprintf(path, sizeof path, "%s/xx/meta.txt", dir);
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs("name = test\n", f);
	fclose(f);
	struct precis_langset *set;
	struct precis_error err;
	cr_assert_eq(precis_langset_load(dir, &set, &err), PRECIS_OK, "%s", err.message);
	const struct precis_lang *xx = precis_langset_find(set, "xx");
	cr_assert_not_null(xx);
	cr_assert_eq(px_lang_list(xx, "stopwords")->n, 0);
	precis_langset_free(set);
	unlink(path);
	snprintf(path, sizeof path, "%s/xx", dir);
	rmdir(path);
	rmdir(dir);
}
