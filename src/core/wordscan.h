/* Word evidence for detect: how much a text's words look like each language
 * of a langset, from lang/<code>/stopwords.txt, detect-words.txt and
 * detect-letters.txt. One hash probe a word; ASCII and Latin letters from
 * tables, ICU only for other scripts.
 *
 * A text is read up to PX_WORDSCAN_CAP bytes (a longer one in three windows:
 * start, middle, end), and a window stops early once its words leave no
 * doubt, so a long clear paragraph costs about 25 words. Links and e-mail
 * addresses are skipped; a one-letter word before a full stop (an initial)
 * is not a word. Not thread-safe: the evidence lives in the scanner. */
#ifndef PX_WORDSCAN_H
#define PX_WORDSCAN_H

#include <stddef.h>
#include <stdint.h>

struct precis_langset;
struct px_wordscan;

#define PX_WORDSCAN_MAX_LANGS 64 /* languages are bits of a uint64_t */
#define PX_WORDSCAN_CAP 6144     /* bytes of one text read at most */
#define PX_WORDSCAN_SAMPLE 600   /* bytes of the cleaned sample */

/* What one text gave. Scores are per language of the langset, in its order;
 * a stopword adds 0.6, a detect-word 1.0, a word with a detect-letter 0.5. */
struct px_evidence {
	size_t words, letters;
	size_t caps_words; /* words of two letters or more, all in capitals */
	size_t scanned;    /* bytes read */
	double *score;     /* from words in lower or mixed case */
	double *caps;      /* from words in capitals (acronyms, unless the
	                    * whole text is in capitals) */
	double *excl;      /* like score, from words not every language holds */
	double *caps_excl; /* like caps, the same way */
	/* The words read, case-folded, apostrophes as ', one space after
	 * each: a clean sample for an n-gram classifier. */
	char sample[PX_WORDSCAN_SAMPLE + 72];
	size_t sample_len;
	/* private: settling of the current window */
	double *base;
	size_t base_words, base_caps, next_check;
};

/* A scanner for the languages of set (borrowed; at most
 * PX_WORDSCAN_MAX_LANGS of them, the caller checks). */
struct px_wordscan *px_wordscan_new(const struct precis_langset *set);
void px_wordscan_free(struct px_wordscan *ws);

/* Reads len bytes of UTF-8 (invalid bytes are skipped). The evidence is the
 * scanner's, valid until the next call. */
const struct px_evidence *px_wordscan_run(struct px_wordscan *ws, const char *text,
                                          size_t len);

#endif
