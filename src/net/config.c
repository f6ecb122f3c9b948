#include "net/config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "util/buf.h"
#include "util/mem.h"

char *px_config_path(void)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	struct px_buf b;
	px_buf_init(&b, 8192);
	if (xdg && xdg[0] == '/')
		px_buf_printf(&b, "%s/precis/config", xdg);
	else if (home && home[0])
		px_buf_printf(&b, "%s/.config/precis/config", home);
	else
		return NULL;
	return px_buf_take(&b, NULL);
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static char *trimmed(const char *s, size_t n)
{
	while (n && is_space(*s)) {
		s++;
		n--;
	}
	while (n && is_space(s[n - 1]))
		n--;
	if (n >= 2 && (s[0] == '"' || s[0] == '\'') && s[n - 1] == s[0]) {
		s++;
		n -= 2;
	}
	return n ? px_xstrndup(s, n) : NULL;
}

static char *from_file(const char *path, const char *name, int *loose)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	char *found = NULL;
	char line[4096];
	size_t nl = strlen(name);
	while (fgets(line, sizeof line, f)) {
		const char *p = line;
		while (is_space(*p))
			p++;
		if (*p == '#' || *p == '\0')
			continue;
		const char *eq = strchr(p, '=');
		if (!eq)
			continue;
		const char *ne = eq;
		while (ne > p && is_space(ne[-1]))
			ne--;
		if ((size_t)(ne - p) != nl || strncasecmp(p, name, nl) != 0)
			continue;
		free(found); /* the last line wins, like shell assignments */
		found = trimmed(eq + 1, strlen(eq + 1));
	}
	struct stat st;
	if (found && fstat(fileno(f), &st) == 0 && (st.st_mode & 077))
		*loose = 1;
	fclose(f);
	return found;
}

char *px_config_lookup(const char *name, int where, char *source, size_t n, int *loose)
{
	if (loose)
		*loose = 0;
	const char *env = where & PX_CONFIG_ENV ? getenv(name) : NULL;
	if (env) {
		char *v = trimmed(env, strlen(env));
		if (v) {
			snprintf(source, n, "%s", name);
			return v;
		}
	}
	char *path = where & PX_CONFIG_FILE ? px_config_path() : NULL;
	if (!path)
		return NULL;
	int lz = 0;
	char *v = from_file(path, name, &lz);
	if (v) {
		snprintf(source, n, "config file %s", path);
		if (loose)
			*loose = lz;
	}
	free(path);
	return v;
}
