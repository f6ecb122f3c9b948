/*
 * precis/quotes.h — direct quotes and who said them.
 *
 * After the text front (decode … segment), precis_quotes() finds every
 * direct quote of the document: all quotation-mark styles with one level of
 * nesting, quotes over several paragraphs, split quotes, interview turns and
 * dialogue dashes. Each gets its speaker (a full name without title, an
 * organisation, or "" for an unnamed or unknown source), the speaker's role,
 * the reporting verb as written (the cue), and a kind: a statement, or a
 * term (a scare quote, a title, a name in quotes). Surname-only mentions,
 * roles and pronouns are resolved to the person introduced earlier.
 * Everything a language contributes (reporting verbs, titles, pronouns,
 * unnamed sources) is read from lang/<code>/.
 *
 * Ownership: the doc owns the quotes and their strings; they stay valid
 * until precis_doc_free() or until precis_quotes() runs again.
 */
#ifndef PRECIS_QUOTES_H
#define PRECIS_QUOTES_H

#include <stddef.h>

#include "precis/doc.h"
#include "precis/error.h"

struct precis_langset;

enum precis_quote_kind {
	PRECIS_QUOTE_STATEMENT = 0, /* something a person or body said */
	PRECIS_QUOTE_TERM = 1,      /* a word or title in quotes, a scare quote */
};

struct precis_quote {
	struct precis_span span; /* the quoted words, marks left out; over several
	                          * paragraphs: from the first word to the last */
	size_t paragraph;        /* the paragraph it starts in */
	size_t paragraph_end;    /* the paragraph it ends in (== paragraph mostly) */
	size_t sentence;         /* the sentence it starts in */
	const char *text;        /* the words without the marks; paragraphs joined
	                          * with "\n"; doc storage */
	const char *speaker;     /* "Jean-Baptiste Roussel", "Amnesty International",
	                          * or "" (unnamed or unknown); doc storage */
	const char *role;        /* "député fédéral Ecolo", "a spokesperson", or "" */
	const char *cue;         /* "a déclaré", "s'insurge-t-elle", "said", or "" */
	enum precis_quote_kind kind;
	size_t words;            /* words of text (runs between spaces holding a
	                          * letter or digit): what --min-words counts */
	double confidence;       /* 0..1: how sure the speaker is */
};

/* Finds the quotes of doc (run the text front first). Replaces any quotes
 * found before. */
enum precis_status precis_quotes(struct precis_doc *doc, const struct precis_langset *set,
                                 struct precis_error *err);

size_t precis_doc_quote_count(const struct precis_doc *doc);
/* Quote i in text order, or NULL past the end. Doc storage. */
const struct precis_quote *precis_doc_quote(const struct precis_doc *doc, size_t i);

/* "statement" or "term". Static storage. */
const char *precis_quote_kind_name(enum precis_quote_kind kind);

#endif
