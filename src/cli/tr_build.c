/*
 * tr_build.c — from a file to a template of literal text and items, and
 * back from translated items to the file.
 *
 * Plain text: the text front's paragraphs, one item each (the paragraph's
 * sentences go together, never one request a sentence), the gaps between
 * them kept byte for byte, so paragraphs map one to one.
 *
 * Markdown (*.md), read line by line from the decoded text (normalize would
 * join code lines): fenced and indented code, thematic breaks, reference
 * definitions, HTML blocks and table rows are literal; a heading keeps its
 * `#` markers, a list item or quote its markers; the other lines of a block
 * are joined into one item. Inside an item, inline code, a link's `(URL)`
 * or `[ref]`, autolinks, HTML tags and bare URLs become placeholders ⟦N⟧:
 * machine translation keeps such brackets, and nothing in them is sent.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/translate.h"

#define PH_OPEN "\xe2\x9f\xa6"  /* ⟦ */
#define PH_CLOSE "\xe2\x9f\xa7" /* ⟧ */

void tr_str_add(struct tr_str *b, const char *s, size_t n)
{
	b->s = cli_xgrow(b->s, &b->cap, b->len + n + 1, 1);
	if (n)
		memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void tr_str_addz(struct tr_str *b, const char *s)
{
	tr_str_add(b, s, strlen(s));
}

static void add_seg(struct tr_file *f, size_t item, size_t off, size_t len)
{
	/* Literal next to literal: one segment. */
	if (item == SIZE_MAX && f->nsegs && f->segs[f->nsegs - 1].item == SIZE_MAX &&
	    f->segs[f->nsegs - 1].off + f->segs[f->nsegs - 1].len == off) {
		f->segs[f->nsegs - 1].len += len;
		return;
	}
	f->segs = cli_xgrow(f->segs, &f->segcap, f->nsegs + 1, sizeof *f->segs);
	f->segs[f->nsegs++] = (struct tr_seg){item, off, len};
}

void tr_add_literal(struct tr_file *f, const char *s, size_t n)
{
	if (!n)
		return;
	size_t off = f->lit.len;
	tr_str_add(&f->lit, s, n);
	add_seg(f, SIZE_MAX, off, n);
}

static size_t code_points(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

static struct tr_piece *new_item(struct tr_job *job, struct tr_file *f)
{
	size_t cap = job->cap;
	job->items = cli_xgrow(job->items, &cap, job->nitems + 1, sizeof *job->items);
	job->pieces =
	    cli_xgrow(job->pieces, &job->cap, job->nitems + 1, sizeof *job->pieces);
	memset(&job->items[job->nitems], 0, sizeof *job->items);
	memset(&job->pieces[job->nitems], 0, sizeof *job->pieces);
	add_seg(f, job->nitems, 0, 0);
	return &job->pieces[job->nitems++];
}

static void seal_item(struct tr_job *job, struct tr_file *f, struct tr_piece *p)
{
	struct precis_tr_item *it = &job->items[p - job->pieces];
	if (!p->text.s)
		tr_str_add(&p->text, "", 0);
	it->text = p->text.s;
	it->len = p->text.len;
	f->chars += code_points(p->text.s, p->text.len);
	f->bytes += p->text.len;
}

void tr_build_text(struct tr_job *job, struct tr_file *f, const struct precis_doc *doc)
{
	size_t tlen;
	const char *text = precis_doc_text(doc, &tlen);
	size_t prev = 0;
	for (size_t i = 0; i < precis_doc_paragraph_count(doc); i++) {
		const struct precis_para *p = precis_doc_paragraph(doc, i);
		tr_add_literal(f, text + prev, p->span.start - prev);
		struct tr_piece *piece = new_item(job, f);
		tr_str_add(&piece->text, text + p->span.start,
		           p->span.end - p->span.start);
		seal_item(job, f, piece);
		prev = p->span.end;
	}
	tr_add_literal(f, text + prev, tlen - prev);
}

/* ---- Markdown inline spans ---- */

static void protect(struct tr_piece *p, const char *s, size_t n)
{
	p->prot = cli_xrealloc(p->prot, (p->nprot + 1) * sizeof *p->prot);
	char *c = cli_xmalloc(n + 1);
	memcpy(c, s, n);
	c[n] = '\0';
	p->prot[p->nprot] = c;
	char ph[32];
	snprintf(ph, sizeof ph, PH_OPEN "%zu" PH_CLOSE, p->nprot++);
	tr_str_addz(&p->text, ph);
}

/* Length of the protected span starting at s[i], or 0. */
static size_t inline_span(const char *s, size_t n, size_t i)
{
	char c = s[i];
	if (c == '`') {
		size_t k = 0;
		while (i + k < n && s[i + k] == '`')
			k++;
		for (size_t j = i + k; j < n; j++) {
			if (s[j] != '`')
				continue;
			size_t m = 0;
			while (j + m < n && s[j + m] == '`')
				m++;
			if (m == k)
				return j + m - i;
			j += m - 1;
		}
		return 0;
	}
	if ((c == '(' || c == '[') && i > 0 && s[i - 1] == ']') {
		/* The URL of [text](url) or the label of [text][ref]. */
		char close = c == '(' ? ')' : ']';
		int depth = 0;
		for (size_t j = i; j < n; j++) {
			if (s[j] == c)
				depth++;
			else if (s[j] == close && --depth == 0)
				return j + 1 - i;
		}
		return 0;
	}
	if (c == '<' && i + 1 < n &&
	    ((s[i + 1] >= 'a' && s[i + 1] <= 'z') ||
	     (s[i + 1] >= 'A' && s[i + 1] <= 'Z') || s[i + 1] == '/' ||
	     s[i + 1] == '!')) {
		for (size_t j = i + 1; j < n; j++) {
			if (s[j] == '<')
				return 0;
			if (s[j] == '>')
				return j + 1 - i;
		}
		return 0;
	}
	if ((c == 'h' && n - i > 8 && strncmp(s + i, "https://", 8) == 0) ||
	    (c == 'h' && n - i > 7 && strncmp(s + i, "http://", 7) == 0)) {
		if (i > 0 && s[i - 1] != ' ' && s[i - 1] != '(' && s[i - 1] != '\t')
			return 0;
		size_t j = i;
		while (j < n && s[j] != ' ' && s[j] != '\t' && s[j] != '\n')
			j++;
		while (j > i && strchr(".,;:!?)\"'", s[j - 1]))
			j--;
		return j - i;
	}
	return 0;
}

static void add_inline(struct tr_piece *p, const char *s, size_t n)
{
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n) {
			i++;
			continue;
		}
		size_t k = inline_span(s, n, i);
		if (!k)
			continue;
		tr_str_add(&p->text, s + start, i - start);
		protect(p, s + i, k);
		i += k - 1;
		start = i + 1;
	}
	tr_str_add(&p->text, s + start, n - start);
}

/* ---- Markdown blocks ---- */

struct md {
	struct tr_job *job;
	struct tr_file *f;
	struct tr_str para; /* the open block's content */
	int open;
	char fence; /* '`' or '~' inside a fenced block, else 0 */
	size_t fence_len;
};

static void flush(struct md *m)
{
	if (!m->open)
		return;
	struct tr_piece *p = new_item(m->job, m->f);
	add_inline(p, m->para.s ? m->para.s : "", m->para.len);
	seal_item(m->job, m->f, p);
	tr_add_literal(m->f, "\n", 1);
	m->para.len = 0;
	m->open = 0;
}

static size_t lead_spaces(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && s[i] == ' ')
		i++;
	return i;
}

static int is_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return 0;
	return 1;
}

static size_t fence_run(const char *s, size_t n, char *c)
{
	size_t i = lead_spaces(s, n);
	if (i > 3 || i >= n || (s[i] != '`' && s[i] != '~'))
		return 0;
	size_t k = 0;
	while (i + k < n && s[i + k] == s[i])
		k++;
	if (k < 3)
		return 0;
	*c = s[i];
	return k;
}

static int thematic_break(const char *s, size_t n)
{
	char c = 0;
	size_t count = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == ' ' || s[i] == '\t')
			continue;
		if (s[i] != '-' && s[i] != '*' && s[i] != '_')
			return 0;
		if (c && s[i] != c)
			return 0;
		c = s[i];
		count++;
	}
	return count >= 3;
}

/* The length of a line's block markers (quote `>`, list `-`/`1.`, task
 * box), or 0; *heading set for `#` headings. */
static size_t markers(const char *s, size_t n, int *heading)
{
	size_t i = lead_spaces(s, n);
	*heading = 0;
	if (i > 3)
		return 0;
	if (i < n && s[i] == '#') {
		size_t k = 0;
		while (i + k < n && s[i + k] == '#')
			k++;
		if (k <= 6 && (i + k == n || s[i + k] == ' ' || s[i + k] == '\t')) {
			*heading = 1;
			return i + k + lead_spaces(s + i + k, n - i - k);
		}
		return 0;
	}
	size_t start = i;
	while (i < n && s[i] == '>') {
		i++;
		if (i < n && s[i] == ' ')
			i++;
	}
	size_t j = i;
	if (j < n && (s[j] == '-' || s[j] == '*' || s[j] == '+') && j + 1 < n &&
	    s[j + 1] == ' ') {
		j += 2;
	} else {
		size_t d = 0;
		while (j + d < n && s[j + d] >= '0' && s[j + d] <= '9' && d < 9)
			d++;
		if (d && j + d + 1 < n && (s[j + d] == '.' || s[j + d] == ')') &&
		    s[j + d + 1] == ' ')
			j += d + 2;
	}
	if (j > i && j + 3 < n && s[j] == '[' &&
	    (s[j + 1] == ' ' || s[j + 1] == 'x' || s[j + 1] == 'X') && s[j + 2] == ']' &&
	    s[j + 3] == ' ')
		j += 4;
	if (j == start)
		return 0;
	return j + lead_spaces(s + j, n - j);
}

static int literal_line(const char *s, size_t n)
{
	size_t i = lead_spaces(s, n);
	if (i > 3)
		return 0;
	if (i < n && (s[i] == '|' || s[i] == '<'))
		return 1; /* table rows, HTML blocks */
	if (i < n && s[i] == '[') {
		const char *e = memchr(s + i, ']', n - i);
		return e && (size_t)(e - s) + 1 < n && e[1] == ':'; /* [ref]: url */
	}
	return 0;
}

void tr_build_markdown(struct tr_job *job, struct tr_file *f, const char *text,
                       size_t len)
{
	struct md m = {.job = job, .f = f};
	size_t pos = 0;
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len;
		size_t next = nl ? end + 1 : len;
		const char *s = text + pos;
		size_t n = end - pos;
		if (n && s[n - 1] == '\r')
			n--;
		char fc = 0;
		size_t fk;
		int heading;
		size_t mk;
		if (m.fence) {
			tr_add_literal(f, s, next - pos);
			fk = fence_run(s, n, &fc);
			if (fk >= m.fence_len && fc == m.fence &&
			    is_blank(s + lead_spaces(s, n) + fk,
			             n - lead_spaces(s, n) - fk))
				m.fence = 0;
		} else if (is_blank(s, n)) {
			flush(&m);
			tr_add_literal(f, s, next - pos);
		} else if ((fk = fence_run(s, n, &fc)) > 0) {
			flush(&m);
			m.fence = fc;
			m.fence_len = fk;
			tr_add_literal(f, s, next - pos);
		} else if (!m.open && (s[0] == '\t' || lead_spaces(s, n) >= 4)) {
			tr_add_literal(f, s, next - pos); /* indented code */
		} else if (thematic_break(s, n) || literal_line(s, n)) {
			flush(&m);
			tr_add_literal(f, s, next - pos);
		} else if ((mk = markers(s, n, &heading)) > 0) {
			flush(&m);
			tr_add_literal(f, s, mk);
			if (mk < n) {
				tr_str_add(&m.para, s + mk, n - mk);
				m.open = 1;
			}
			if (heading && m.open && nl)
				flush(&m); /* a heading is one line */
			else if (!m.open)
				tr_add_literal(f, s + n, next - pos - n);
		} else {
			size_t sp = lead_spaces(s, n);
			if (m.open) {
				tr_str_add(&m.para, " ", 1);
			} else {
				tr_add_literal(f, s, sp);
				m.open = 1;
			}
			tr_str_add(&m.para, s + sp, n - sp);
		}
		if (!nl && m.open) {
			/* Last line without a newline: do not add one. */
			struct tr_piece *p = new_item(job, f);
			add_inline(p, m.para.s, m.para.len);
			seal_item(job, f, p);
			m.open = 0;
		}
		pos = next;
	}
	flush(&m);
	free(m.para.s);
}

/* ---- back from the translation ---- */

static size_t restore(const struct tr_piece *p, const char *s, size_t n,
                      struct tr_str *out)
{
	if (!p->nprot) {
		tr_str_add(out, s, n);
		return 0;
	}
	char *used = calloc(p->nprot, 1);
	size_t start = 0, lost = 0;
	const size_t ol = sizeof PH_OPEN - 1, cl = sizeof PH_CLOSE - 1;
	for (size_t i = 0; i + ol < n; i++) {
		if (memcmp(s + i, PH_OPEN, ol) != 0)
			continue;
		size_t j = i + ol, k = 0;
		while (j < n && s[j] >= '0' && s[j] <= '9' && k < 100000)
			k = k * 10 + (size_t)(s[j++] - '0');
		if (j == i + ol || j + cl > n || memcmp(s + j, PH_CLOSE, cl) != 0 ||
		    k >= p->nprot || used[k])
			continue;
		tr_str_add(out, s + start, i - start);
		tr_str_addz(out, p->prot[k]);
		used[k] = 1;
		i = j + cl - 1;
		start = j + cl;
	}
	tr_str_add(out, s + start, n - start);
	for (size_t k = 0; k < p->nprot; k++)
		if (!used[k]) {
			tr_str_add(out, " ", 1);
			tr_str_addz(out, p->prot[k]);
			lost++;
		}
	free(used);
	return lost;
}

size_t tr_render(const struct tr_job *job, const struct tr_file *f, struct tr_str *out)
{
	size_t lost = 0;
	for (size_t i = 0; i < f->nsegs; i++) {
		const struct tr_seg *g = &f->segs[i];
		if (g->item == SIZE_MAX) {
			tr_str_add(out, f->lit.s + g->off, g->len);
			continue;
		}
		const struct precis_tr_item *it = &job->items[g->item];
		const struct tr_piece *p = &job->pieces[g->item];
		if (it->out)
			lost += restore(p, it->out, it->out_len, out);
		else /* same language, or not sent: the text as it was */
			lost += restore(p, p->text.s, p->text.len, out);
	}
	return lost;
}

void tr_job_clear(struct tr_job *job)
{
	for (size_t i = 0; i < job->nitems; i++) {
		free(job->items[i].out);
		free(job->pieces[i].text.s);
		for (size_t k = 0; k < job->pieces[i].nprot; k++)
			free(job->pieces[i].prot[k]);
		free(job->pieces[i].prot);
	}
	for (size_t i = 0; i < job->nfiles; i++) {
		free(job->files[i].path);
		free(job->files[i].out);
		free(job->files[i].lit.s);
		free(job->files[i].segs);
	}
	job->nitems = 0;
	job->nfiles = 0;
}
