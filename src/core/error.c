#include "precis/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void precis_error_clear(struct precis_error *err)
{
	if (!err)
		return;
	err->status = PRECIS_OK;
	err->where[0] = '\0';
	err->message[0] = '\0';
}

enum precis_status precis_error_set(struct precis_error *err, enum precis_status status,
                                    const char *where, const char *fmt, ...)
{
	if (!err)
		return status;
	err->status = status;
	snprintf(err->where, sizeof err->where, "%s", where ? where : "");
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
	return status;
}

const char *precis_status_name(enum precis_status status)
{
	switch (status) {
	case PRECIS_OK:
		return "ok";
	case PRECIS_E_INPUT:
		return "input";
	case PRECIS_E_IO:
		return "io";
	case PRECIS_E_USAGE:
		return "usage";
	case PRECIS_E_CONFIG:
		return "config";
	case PRECIS_E_BACKEND:
		return "backend";
	case PRECIS_E_INTERNAL:
		return "internal";
	}
	return "unknown";
}
