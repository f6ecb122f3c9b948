/*
 * precis/lang.h — language knowledge, loaded from data files.
 *
 * Everything precis knows about a language lives under lang/<code>/: a
 * meta.txt of `key = value` lines and one .txt list per kind of knowledge
 * (stopwords, abbreviations, boilerplate patterns, ...), one entry a line,
 * `#` starting a comment. Adding a language is adding a folder; no code.
 *
 * The directory is, in order: the `dir` argument, $PRECIS_LANG_DIR, the
 * installed data directory, then the source tree precis was built from.
 *
 * Ownership: the langset owns every precis_lang and string it returns.
 */
#ifndef PRECIS_LANG_H
#define PRECIS_LANG_H

#include <stddef.h>
#include "precis/error.h"

struct precis_langset;
struct precis_lang;

/* Loads every language under dir (NULL: the default search above).
 * On success *out is a langset the caller frees with precis_langset_free(). */
enum precis_status precis_langset_load(const char *dir, struct precis_langset **out,
                                       struct precis_error *err);
void precis_langset_free(struct precis_langset *set);

/* The directory the languages were read from. Langset storage. */
const char *precis_langset_dir(const struct precis_langset *set);
size_t precis_langset_count(const struct precis_langset *set);
const struct precis_lang *precis_langset_at(const struct precis_langset *set, size_t i);
/* NULL when no language has that code. */
const struct precis_lang *precis_langset_find(const struct precis_langset *set,
                                              const char *code);

const char *precis_lang_code(const struct precis_lang *lang); /* "fr" */
const char *precis_lang_name(const struct precis_lang *lang); /* "français" */
/* A value of meta.txt, or NULL. Langset storage. */
const char *precis_lang_meta(const struct precis_lang *lang, const char *key);

#endif
