/*
 * precis/doc.h — one article as it goes through the pipeline.
 *
 * A precis_doc holds the normalized UTF-8 text of one input and the layers the
 * stages add to it: paragraphs (with language and boilerplate marks) and
 * sentences. Every span is a byte range [start, end) into the normalized text;
 * precis_doc_source_offset() maps any offset back to the byte of the original
 * input it came from. Stages fill the doc in order (decode, normalize, detect,
 * strip, segment); none of them re-reads the input bytes.
 *
 * Ownership: the doc owns everything it returns; pointers stay valid until
 * precis_doc_free() or until the stage that made them runs again.
 */
#ifndef PRECIS_DOC_H
#define PRECIS_DOC_H

#include <stddef.h>

struct precis_doc;

struct precis_span {
	size_t start; /* first byte, in the normalized text */
	size_t end;   /* one past the last byte */
};

struct precis_para {
	struct precis_span span;       /* without the trailing newline */
	const char *lang;              /* "fr", "en", ... or "und"; static or langset storage */
	double lang_confidence;        /* 0..1 */
	int boilerplate;               /* nonzero: later stages skip this paragraph */
	const char *boilerplate_reason; /* why it was marked, or NULL; doc storage */
	int heading;                   /* a short title-like line kept on its own */
	int list_item;                 /* a bulleted or numbered line kept on its own */
	size_t first_sentence;         /* index into the sentences, valid after segment */
	size_t sentence_count;
};

struct precis_sentence {
	struct precis_span span;
	size_t paragraph; /* index of the paragraph that holds it */
};

/* A new empty doc; name (copied; NULL means "-") is used in messages.
 * Caller frees with precis_doc_free(). Never NULL (out of memory aborts). */
struct precis_doc *precis_doc_new(const char *name);
void precis_doc_free(struct precis_doc *doc);

/* The name given to precis_doc_new(). Doc storage. */
const char *precis_doc_name(const struct precis_doc *doc);

/* The current text (decoded, then normalized), NUL-terminated; *len (may be
 * NULL) gets its length in bytes. Doc storage. "" before decode. */
const char *precis_doc_text(const struct precis_doc *doc, size_t *len);

/* The size in bytes of the original input. */
size_t precis_doc_source_length(const struct precis_doc *doc);

/* The byte offset in the original input that text offset `offset` comes from.
 * offset == text length maps to the source length. */
size_t precis_doc_source_offset(const struct precis_doc *doc, size_t offset);

/* The encoding the input was read as ("UTF-8", "UTF-16LE", "windows-1252"...),
 * and how many mis-decodings (mojibake, entities) were repaired. */
const char *precis_doc_encoding(const struct precis_doc *doc);
size_t precis_doc_repairs(const struct precis_doc *doc);

size_t precis_doc_paragraph_count(const struct precis_doc *doc);
const struct precis_para *precis_doc_paragraph(const struct precis_doc *doc, size_t i);

size_t precis_doc_sentence_count(const struct precis_doc *doc);
const struct precis_sentence *precis_doc_sentence(const struct precis_doc *doc, size_t i);

/* The language of the whole document ("und" before detect) and its confidence. */
const char *precis_doc_lang(const struct precis_doc *doc, double *confidence);

#endif
