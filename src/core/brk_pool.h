/* A process-wide pool of ICU break iterators, per kind and locale.
 *
 * Opening an iterator loads and compiles ICU's rules (tens of microseconds
 * to milliseconds); cloning a template is cheaper, and reusing one that is
 * free is cheapest. Segment (sentences) and wrap (lines) take an iterator
 * per text and give it back, so a run over thousands of articles opens one
 * per kind and locale and per thread that works at once. Thread-safe. */
#ifndef PX_BRK_POOL_H
#define PX_BRK_POOL_H

#include <stddef.h>

#include <unicode/ubrk.h>

/* An iterator of `type` for locale, for the caller alone until
 * px_brk_give(slot); NULL with *st set when ICU cannot make one. */
UBreakIterator *px_brk_take(UBreakIteratorType type, const char *locale, size_t *slot,
                            UErrorCode *st);
/* Gives back the iterator of slot (its text forgotten). */
void px_brk_give(size_t slot);
/* Closes every iterator not taken (tests that count leaks call it). */
void px_brk_cleanup(void);

#endif
