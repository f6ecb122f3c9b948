/*
 * precis/error.h — errors are values.
 *
 * Every fallible libprecis function returns an enum precis_status and, when
 * given a non-NULL struct precis_error, fills it with a message that names the
 * input and says what to do. The library never prints and never exits.
 * A struct precis_error is plain data owned by the caller (no heap inside).
 */
#ifndef PRECIS_ERROR_H
#define PRECIS_ERROR_H

#include <stddef.h>

enum precis_status {
	PRECIS_OK = 0,
	PRECIS_E_INPUT,    /* the input cannot be used: binary, undecodable, too large */
	PRECIS_E_IO,       /* a file could not be opened, read or written */
	PRECIS_E_USAGE,    /* an option or argument is wrong */
	PRECIS_E_CONFIG,   /* configuration or lang/ data is missing or invalid */
	PRECIS_E_BACKEND,  /* a translation/summary backend failed for good */
	PRECIS_E_INTERNAL, /* a bug in precis: please report it */
};

struct precis_error {
	enum precis_status status;
	char where[256];   /* the subject: a file name, an option, a URL */
	char message[768]; /* lowercase, what failed first, then what to do */
};

/* Resets err to PRECIS_OK with empty strings. err may be NULL. */
void precis_error_clear(struct precis_error *err);

/* Fills err (may be NULL) and returns status, so callers can
 * `return precis_error_set(err, PRECIS_E_INPUT, name, "...")`. */
enum precis_status precis_error_set(struct precis_error *err, enum precis_status status,
                                    const char *where, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 4, 5)))
#endif
	;

/* A short fixed name for a status ("input", "io", ...). Static storage. */
const char *precis_status_name(enum precis_status status);

#endif
