/* summarize_dump: the library's extractive summary of each FILE, one
 * summary sentence a line, for bench_rouge.sh while the program has no
 * `precis summarize` command. A benchmark driver, not a test.
 *
 *   summarize_dump FILE...     (a blank line after each file's summary)
 *
 * The same stages as the program: the text front, precis_quotes, then
 * precis_summarize with the default options (3 sentences). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "precis/precis.h"

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 16, n = 0;
	char *b = malloc(cap);
	size_t got;
	while (b && (got = fread(b + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			char *nb = realloc(b, cap *= 2);
			if (!nb)
				free(b);
			b = nb;
		}
	}
	fclose(f);
	*len = n;
	return b;
}

int main(int argc, char **argv)
{
	struct precis_langset *set;
	struct precis_detector *det;
	struct precis_error err;
	if (precis_langset_load(NULL, &set, &err) != PRECIS_OK ||
	    precis_detector_new(set, &det, &err) != PRECIS_OK) {
		fprintf(stderr, "summarize_dump: %s\n", err.message);
		return 1;
	}
	int rc = 0;
	for (int a = 1; a < argc; a++) {
		size_t len;
		char *text = slurp(argv[a], &len);
		if (!text) {
			fprintf(stderr, "summarize_dump: cannot read %s\n", argv[a]);
			rc = 1;
			continue;
		}
		struct precis_doc *doc = precis_doc_new(argv[a]);
		if (precis_text_front(doc, text, len, NULL, det, set, &err) !=
		        PRECIS_OK ||
		    precis_quotes(doc, set, &err) != PRECIS_OK ||
		    precis_summarize(doc, set, NULL, &err) != PRECIS_OK) {
			fprintf(stderr, "summarize_dump: %s\n", err.message);
			rc = 1;
		} else {
			const char *t = precis_doc_text(doc, NULL);
			for (size_t i = 0; i < precis_doc_summary_count(doc); i++) {
				const struct precis_sentence *se = precis_doc_sentence(
				    doc, precis_doc_summary_sentence(doc, i));
				for (size_t k = se->span.start; k < se->span.end; k++)
					putchar(t[k] == '\n' ? ' ' : t[k]);
				putchar('\n');
			}
		}
		putchar('\n');
		precis_doc_free(doc);
		free(text);
	}
	precis_detector_free(det);
	precis_langset_free(set);
	return rc;
}
