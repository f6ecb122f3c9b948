#include "core/doc_int.h"

#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

struct precis_doc *precis_doc_new(const char *name)
{
	struct precis_doc *doc = px_xcalloc(1, sizeof *doc);
	doc->name = px_xstrdup(name ? name : "-");
	doc->text = px_xstrdup("");
	px_offmap_init(&doc->map, 0);
	strcpy(doc->encoding, "UTF-8");
	doc->lang = "und";
	return doc;
}

void precis_doc_free(struct precis_doc *doc)
{
	if (!doc)
		return;
	free(doc->name);
	free(doc->text);
	px_offmap_free(&doc->map);
	free(doc->paras);
	free(doc->sents);
	free(doc->quotes);
	free(doc->summary);
	for (size_t i = 0; i < doc->nstrings; i++)
		free(doc->strings[i]);
	free(doc->strings);
	free(doc);
}

const char *precis_doc_name(const struct precis_doc *doc)
{
	return doc->name;
}

const char *precis_doc_text(const struct precis_doc *doc, size_t *len)
{
	if (len)
		*len = doc->len;
	return doc->text;
}

size_t precis_doc_source_length(const struct precis_doc *doc)
{
	return doc->src_len;
}

size_t precis_doc_source_offset(const struct precis_doc *doc, size_t offset)
{
	return px_offmap_lookup(&doc->map, offset);
}

const char *precis_doc_encoding(const struct precis_doc *doc)
{
	return doc->encoding;
}

size_t precis_doc_repairs(const struct precis_doc *doc)
{
	return doc->repairs;
}

size_t precis_doc_paragraph_count(const struct precis_doc *doc)
{
	return doc->npara;
}

const struct precis_para *precis_doc_paragraph(const struct precis_doc *doc, size_t i)
{
	return i < doc->npara ? &doc->paras[i] : NULL;
}

size_t precis_doc_sentence_count(const struct precis_doc *doc)
{
	return doc->nsent;
}

const struct precis_sentence *precis_doc_sentence(const struct precis_doc *doc, size_t i)
{
	return i < doc->nsent ? &doc->sents[i] : NULL;
}

const char *precis_doc_lang(const struct precis_doc *doc, double *confidence)
{
	if (confidence)
		*confidence = doc->lang_conf;
	return doc->lang;
}

void px_doc_set_text(struct precis_doc *doc, char *text, size_t len, struct px_offmap *map)
{
	free(doc->text);
	doc->text = text;
	doc->len = len;
	px_offmap_move(&doc->map, map);
}

void px_doc_clear_paras(struct precis_doc *doc)
{
	doc->npara = 0;
	px_doc_clear_sents(doc);
}

struct precis_para *px_doc_add_para(struct precis_doc *doc, size_t start, size_t end)
{
	doc->paras = px_xgrow(doc->paras, &doc->capara, doc->npara + 1, sizeof *doc->paras);
	struct precis_para *p = &doc->paras[doc->npara++];
	memset(p, 0, sizeof *p);
	p->span.start = start;
	p->span.end = end;
	p->lang = "und";
	return p;
}

void px_doc_clear_sents(struct precis_doc *doc)
{
	doc->nsummary = 0;
	doc->title_plus1 = 0;
	doc->nsent = 0;
	for (size_t i = 0; i < doc->npara; i++) {
		doc->paras[i].first_sentence = 0;
		doc->paras[i].sentence_count = 0;
	}
}

struct precis_sentence *px_doc_add_sent(struct precis_doc *doc, size_t start, size_t end,
                                        size_t para)
{
	doc->sents = px_xgrow(doc->sents, &doc->casent, doc->nsent + 1, sizeof *doc->sents);
	struct precis_sentence *s = &doc->sents[doc->nsent++];
	s->span.start = start;
	s->span.end = end;
	s->paragraph = para;
	if (para < doc->npara) {
		struct precis_para *p = &doc->paras[para];
		if (p->sentence_count == 0)
			p->first_sentence = doc->nsent - 1;
		p->sentence_count++;
	}
	return s;
}

const char *px_doc_intern(struct precis_doc *doc, const char *s)
{
	doc->strings = px_xgrow(doc->strings, &doc->castrings, doc->nstrings + 1,
	                        sizeof *doc->strings);
	return doc->strings[doc->nstrings++] = px_xstrdup(s);
}

struct precis_para *px_doc_para(struct precis_doc *doc, size_t i)
{
	return i < doc->npara ? &doc->paras[i] : NULL;
}

void px_doc_clear_quotes(struct precis_doc *doc)
{
	doc->nquote = 0;
}

struct precis_quote *px_doc_add_quote(struct precis_doc *doc)
{
	doc->quotes = px_xgrow(doc->quotes, &doc->caquote, doc->nquote + 1, sizeof *doc->quotes);
	struct precis_quote *q = &doc->quotes[doc->nquote++];
	memset(q, 0, sizeof *q);
	q->text = q->speaker = q->role = q->cue = "";
	return q;
}

size_t precis_doc_quote_count(const struct precis_doc *doc)
{
	return doc->nquote;
}

const struct precis_quote *precis_doc_quote(const struct precis_doc *doc, size_t i)
{
	return i < doc->nquote ? &doc->quotes[i] : NULL;
}

const char *precis_quote_kind_name(enum precis_quote_kind kind)
{
	return kind == PRECIS_QUOTE_TERM ? "term" : "statement";
}
