/* The one table of protocols (curl's vtls idea): adding a backend is a new
 * proto_<name>.c and one line here. */
#include <stddef.h>
#include <string.h>

#include "net/protocols.h"
#include "precis/backend.h"

static const struct px_protocol *const protocols[] = {
	&px_proto_none,
	&px_proto_deepl,
	&px_proto_libretranslate,
	&px_proto_openai,
	&px_proto_apertium,
	NULL,
};

size_t px_protocol_count(void)
{
	size_t n = 0;
	while (protocols[n])
		n++;
	return n;
}

const struct px_protocol *px_protocol_at(size_t i)
{
	return i < px_protocol_count() ? protocols[i] : NULL;
}

const struct px_protocol *px_protocol_find(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; protocols[i]; i++)
		if (strcmp(protocols[i]->name, name) == 0)
			return protocols[i];
	return NULL;
}

size_t precis_backend_count(void)
{
	return px_protocol_count();
}

const char *precis_backend_name_at(size_t i)
{
	const struct px_protocol *p = px_protocol_at(i);
	return p ? p->name : NULL;
}

const char *precis_backend_about(size_t i)
{
	const struct px_protocol *p = px_protocol_at(i);
	return p ? p->about : NULL;
}
