/* Settings that are not options: the environment, then the config file
 * $XDG_CONFIG_HOME/precis/config (else ~/.config/precis/config).
 *
 * The file holds `name = value` lines; `#` starts a comment line; names
 * are the environment variables' names in any case (deepl_auth_key,
 * openai_api_key, openai_base_url, precis_model...); a value may be
 * quoted. The environment wins over the file. Keys never come from the
 * command line, where other users could read them in the process list. */
#ifndef PX_CONFIG_H
#define PX_CONFIG_H

#include <stddef.h>

/* The config file's path, malloc'd; NULL when no HOME. */
char *px_config_path(void);

enum { PX_CONFIG_ENV = 1, PX_CONFIG_FILE = 2, PX_CONFIG_ANY = 3 };

/* The value of variable `name`, looked up where `where` says (the
 * environment first): malloc'd, trimmed, or NULL when unset or empty.
 * `source` (size n) receives where it came from: the variable's name, or
 * "config file PATH". *loose (may be NULL) is set nonzero when it came
 * from a file that others may read. */
char *px_config_lookup(const char *name, int where, char *source, size_t n, int *loose);

#endif
