/* libexttextcat behind a small interface (the only file that includes its
 * header is textcat.c).
 *
 * Every language gets its full distance to the text: libexttextcat's
 * many-language classifier stops scoring a language as soon as it falls 3%
 * behind the best one, so it cannot tell a clear win from a landslide. The
 * text's fingerprint is made once and compared with each language's
 * profile. Not thread-safe. */
#ifndef PX_TEXTCAT_H
#define PX_TEXTCAT_H

#include <stddef.h>

struct px_textcat;

/* Loads profiles[i] (a file name inside dir, or NULL: language i has none)
 * for each of the n languages. Returns NULL when no profile could be loaded:
 * the folder or the files are missing, or no temporary file could be made.
 * Never prints (libexttextcat would, so every file is checked first). */
struct px_textcat *px_textcat_open(const char *dir, const char *const *profiles, size_t n);
void px_textcat_close(struct px_textcat *tc);

/* Fills dist[0..n) with the out-of-place distance between the n-grams of
 * text and each language's profile (lower is closer), or -1 for a language
 * without a profile. Returns 0, or -1 when text has no n-gram at all (then
 * dist means nothing). The cost grows with len: give it a bounded sample. */
int px_textcat_distances(struct px_textcat *tc, const char *text, size_t len, double *dist);

#endif
