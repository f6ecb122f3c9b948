/* The bilingual report (precis/report.h): the build in its steps, the
 * accessors, the free.
 *
 * precis_report_build() goes:
 *  1. one report per doc, so that every slot is non-NULL whatever happens;
 *  2. the options checked (--to in the langset, the llm summarizer with an
 *     openai backend) before any work;
 *  3. per doc: its target language, the quotes reported, the extractive
 *     summary (always: it gives the title, and it is the llm's fallback);
 *  4. with the llm summarizer, the abstractive summary (report_llm.c);
 *  5. one batched translation pass over every doc (report_translate.c),
 *     which fills whatever target text is still missing.
 *
 * Decisions where report.h is silent:
 *  - The target is a langset code ("en"); --to may carry a variant
 *    ("en-US"), which is what the backend gets, while precis_report_target()
 *    says the language ("en"), as the JSON summary is keyed by language.
 *  - With no --to the target is the language's `default_target` of its
 *    lang/<code>/meta.txt, else, in a langset of two languages, the other
 *    one; else there is none and a warning says to pass --to.
 *  - An article whose language was not detected ("und") is translated only
 *    when --to names a target (the backend detects the source), and a
 *    warning says so either way. An article already in the target gets a
 *    warning and no translation.
 *  - precis_summarize() failing (a ratio out of range) is a usage error of
 *    the whole call: the status is returned at once.
 *  - The hint is set on every report when the backend does not translate,
 *    even when that report had nothing to translate: it is about the run.
 */
#include "report/report_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "precis/backend.h"
#include "precis/lang.h"
#include "util/buf.h"
#include "util/mem.h"

#define MIN_WORDS_DEFAULT 4

static const char hint_off[] =
    "translation is off: pass --backend deepl|libretranslate|openai|apertium (or set "
    "PRECIS_BACKEND) with the backend's key or server in the environment "
    "(DEEPL_AUTH_KEY, OPENAI_API_KEY, LIBRETRANSLATE_URL, APERTIUM_URL)";

/* ---- helpers for the other report files --------------------------------- */

void px_report_warn(struct precis_report *r, const char *fmt, ...)
{
	struct px_buf b;
	px_buf_init(&b, 4096);
	char line[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	/* One line each, as report.h promises, whatever a server wrote. */
	for (char *c = line; *c; c++)
		if (*c == '\n' || *c == '\r' || *c == '\t')
			*c = ' ';
	px_buf_adds(&b, line);
	r->warnings =
	    px_xgrow(r->warnings, &r->wcap, r->nwarnings + 1, sizeof *r->warnings);
	r->warnings[r->nwarnings++] = px_buf_take(&b, NULL);
}

static void side_clear_summary(struct px_report_side *s)
{
	for (size_t i = 0; i < s->nsummary; i++)
		free(s->summary[i]);
	free(s->summary);
	free(s->summary_len);
	s->summary = NULL;
	s->summary_len = NULL;
	s->nsummary = 0;
}

void px_report_set_summary(struct precis_report *r, enum precis_side side, char **s,
                           size_t *lens, size_t n)
{
	struct px_report_side *sd = &r->side[side];
	side_clear_summary(sd);
	if (!lens) {
		lens = px_xcalloc(n ? n : 1, sizeof *lens);
		for (size_t i = 0; i < n; i++)
			lens[i] = s[i] ? strlen(s[i]) : 0;
	}
	sd->summary = s;
	sd->summary_len = lens;
	sd->nsummary = n;
}

void px_report_clear_summary(struct precis_report *r)
{
	side_clear_summary(&r->side[PRECIS_SIDE_SOURCE]);
	side_clear_summary(&r->side[PRECIS_SIDE_TARGET]);
	free(r->summary_sentence);
	r->summary_sentence = NULL;
}

/* ---- languages ------------------------------------------------------------ */

/* The langset's language for a code that may carry a region or variant
 * ("en-US", "fr_CA"); NULL when the langset lacks it. */
static const struct precis_lang *find_base(const struct precis_langset *set,
                                           const char *code)
{
	if (!code)
		return NULL;
	char base[16];
	size_t n = strcspn(code, "-_");
	if (n == 0 || n >= sizeof base)
		return NULL;
	for (size_t i = 0; i < n; i++)
		base[i] = (char)(code[i] >= 'A' && code[i] <= 'Z' ? code[i] - 'A' + 'a'
		                                                  : code[i]);
	base[n] = '\0';
	return precis_langset_find(set, base);
}

/* The default target of a language: its meta.txt says, else the other one
 * of a langset of two; NULL when neither tells. */
static const char *default_target(const struct precis_langset *set,
                                  const struct precis_lang *src)
{
	const struct precis_lang *t =
	    find_base(set, precis_lang_meta(src, "default_target"));
	if (t && t != src)
		return precis_lang_code(t);
	if (precis_langset_count(set) == 2) {
		for (size_t i = 0; i < 2; i++) {
			const struct precis_lang *l = precis_langset_at(set, i);
			if (l != src)
				return precis_lang_code(l);
		}
	}
	return NULL;
}

/* Sets r->lang, r->target and whether the pass should translate r. */
static void choose_target(struct precis_report *r, const struct precis_langset *set,
                          const struct precis_lang *to, int translates)
{
	const char *code = precis_doc_lang(r->doc, NULL);
	const struct precis_lang *src = code ? precis_langset_find(set, code) : NULL;
	r->lang = src ? precis_lang_code(src) : "und";
	if (!src) {
		r->target = to ? precis_lang_code(to) : NULL;
		if (to)
			px_report_warn(
			    r,
			    "the article's language was not detected: the backend "
			    "is left to guess it for the translation into %s",
			    r->target);
		else
			px_report_warn(
			    r, "the article's language was not detected: nothing is "
			       "translated (pass --to to name a target)");
	} else if (to) {
		r->target = precis_lang_code(to);
	} else {
		r->target = default_target(set, src);
		if (!r->target)
			px_report_warn(
			    r,
			    "no default target language for '%s' (lang/%s/meta.txt "
			    "has no default_target): pass --to",
			    r->lang, r->lang);
	}
	if (r->target && src && strcmp(r->target, r->lang) == 0) {
		px_report_warn(r, "the article is already in %s: nothing to translate",
		               r->target);
		r->target = NULL;
	}
	r->wants_tr = translates && r->target != NULL;
}

/* ---- the build ------------------------------------------------------------- */

static struct precis_report *report_new(const struct precis_doc *doc, int translates,
                                        const char *backend_name)
{
	struct precis_report *r = px_xcalloc(1, sizeof *r);
	r->doc = doc;
	r->lang = "und";
	r->summarizer = "extractive";
	r->quotes = px_xcalloc(1, sizeof *r->quotes);
	r->quote_tr = px_xcalloc(1, sizeof *r->quote_tr);
	r->quote_tr_len = px_xcalloc(1, sizeof *r->quote_tr_len);
	r->hint = translates ? NULL : hint_off;
	r->fig.backend = backend_name;
	return r;
}

/* Frees what report_new() and the picking put in quotes (picking again). */
static void drop_quotes(struct precis_report *r)
{
	for (size_t i = 0; i < r->nquotes; i++)
		free(r->quote_tr[i]);
	free(r->quotes);
	free(r->quote_tr);
	free(r->quote_tr_len);
	r->quotes = NULL;
	r->quote_tr = NULL;
	r->quote_tr_len = NULL;
	r->nquotes = 0;
}

static enum precis_status check_opts(const struct precis_report_opts *o,
                                     const struct precis_langset *set,
                                     struct precis_backend *backend,
                                     const struct precis_lang **to,
                                     struct precis_error *err)
{
	*to = NULL;
	if (o->to && *o->to) {
		*to = find_base(set, o->to);
		if (!*to) {
			struct px_buf b;
			px_buf_init(&b, 4096);
			for (size_t i = 0; i < precis_langset_count(set); i++)
				px_buf_printf(
				    &b, "%s%s", i ? ", " : "",
				    precis_lang_code(precis_langset_at(set, i)));
			enum precis_status st =
			    precis_error_set(err, PRECIS_E_USAGE, "--to",
			                     "--to '%s': precis has no language data for "
			                     "it (lang/ holds: %s)",
			                     o->to, b.data ? b.data : "");
			px_buf_free(&b);
			return st;
		}
	}
	if (o->summarizer == PRECIS_SUMMARIZER_LLM) {
		const char *name = backend ? precis_backend_name(backend) : "none";
		if (strcmp(name, "openai") != 0)
			return precis_error_set(
			    err, PRECIS_E_USAGE, "--summarizer",
			    "--summarizer llm needs --backend openai (the "
			    "backend is '%s'): pass --backend openai, or "
			    "--summarizer extractive",
			    name);
		if (o->quotes_only)
			return precis_error_set(err, PRECIS_E_USAGE, "--summarizer",
			                        "--summarizer llm writes a summary, and only "
			                        "the quotes were asked for: leave it out");
	} else if (o->summarizer != PRECIS_SUMMARIZER_EXTRACTIVE) {
		return precis_error_set(err, PRECIS_E_USAGE, "--summarizer",
		                        "unknown summarizer (%d): use extractive or llm",
		                        (int)o->summarizer);
	}
	return PRECIS_OK;
}

enum precis_status precis_report_build(struct precis_doc *const *docs, size_t n,
                                       const struct precis_langset *set,
                                       struct precis_backend *backend,
                                       const struct precis_report_opts *opts,
                                       struct precis_report **reports,
                                       struct precis_error *err)
{
	precis_error_clear(err);
	static const struct precis_report_opts defaults = {0};
	const struct precis_report_opts *o = opts ? opts : &defaults;
	int translates = backend && precis_backend_translates(backend);
	const char *bname = backend ? precis_backend_name(backend) : "none";

	for (size_t i = 0; i < n; i++)
		reports[i] = report_new(docs[i], translates, bname);

	const struct precis_lang *to;
	enum precis_status st = check_opts(o, set, backend, &to, err);
	if (st != PRECIS_OK)
		return st;

	size_t min_words = o->min_words ? o->min_words : MIN_WORDS_DEFAULT;
	for (size_t i = 0; i < n; i++) {
		struct precis_report *r = reports[i];
		choose_target(r, set, to, translates);
		drop_quotes(r);
		px_report_pick_quotes(r, min_words, o->all_quotes);
		/* quotes alone need no summary, except that the summary finds
		 * the title, which the lead (the quotes' context) skips */
		if (o->quotes_only && !translates)
			continue;
		st = precis_summarize(docs[i], set, &o->length, err);
		if (st != PRECIS_OK)
			return st;
		px_report_pick_texts(r);
		if (o->quotes_only)
			px_report_keep_quotes(r);
		if (o->no_context) {
			free(r->lead);
			r->lead = NULL;
		}
	}

	if (o->summarizer == PRECIS_SUMMARIZER_LLM) {
		st = px_report_llm(reports, n, backend, o, err);
		if (st != PRECIS_OK)
			return st;
	}

	if (!translates)
		return PRECIS_OK;
	return px_report_translate(reports, n, backend, to ? o->to : NULL, err);
}

void precis_report_free(struct precis_report *r)
{
	if (!r)
		return;
	px_report_clear_summary(r);
	for (int s = 0; s < 2; s++)
		free(r->side[s].title);
	drop_quotes(r);
	free(r->lead);
	for (size_t i = 0; i < r->nwarnings; i++)
		free(r->warnings[i]);
	free(r->warnings);
	free(r);
}

/* ---- accessors ------------------------------------------------------------ */

const struct precis_doc *precis_report_doc(const struct precis_report *r)
{
	return r->doc;
}

const char *precis_report_lang(const struct precis_report *r)
{
	return r->lang;
}

const char *precis_report_target(const struct precis_report *r)
{
	return r->target;
}

int precis_report_translated(const struct precis_report *r)
{
	return r->translated;
}

const char *precis_report_summarizer(const struct precis_report *r)
{
	return r->summarizer;
}

static int side_ok(enum precis_side side)
{
	return side == PRECIS_SIDE_SOURCE || side == PRECIS_SIDE_TARGET;
}

const char *precis_report_title(const struct precis_report *r, enum precis_side side,
                                size_t *len)
{
	const char *t = side_ok(side) ? r->side[side].title : NULL;
	if (len)
		*len = t ? r->side[side].title_len : 0;
	return t;
}

size_t precis_report_summary_count(const struct precis_report *r, enum precis_side side)
{
	return side_ok(side) ? r->side[side].nsummary : 0;
}

const char *precis_report_summary(const struct precis_report *r, enum precis_side side,
                                  size_t i, size_t *len)
{
	const char *s = NULL;
	if (side_ok(side) && i < r->side[side].nsummary)
		s = r->side[side].summary[i];
	if (len)
		*len = s ? r->side[side].summary_len[i] : 0;
	return s;
}

size_t precis_report_summary_sentence(const struct precis_report *r, size_t i)
{
	if (!r->summary_sentence || i >= r->side[PRECIS_SIDE_SOURCE].nsummary)
		return (size_t)-1;
	return r->summary_sentence[i];
}

size_t precis_report_quote_count(const struct precis_report *r)
{
	return r->nquotes;
}

const struct precis_quote *precis_report_quote(const struct precis_report *r, size_t i)
{
	return i < r->nquotes ? r->quotes[i] : NULL;
}

const char *precis_report_quote_translation(const struct precis_report *r, size_t i,
                                            size_t *len)
{
	const char *s = i < r->nquotes ? r->quote_tr[i] : NULL;
	if (len)
		*len = s ? r->quote_tr_len[i] : 0;
	return s;
}

size_t precis_report_warning_count(const struct precis_report *r)
{
	return r->nwarnings;
}

const char *precis_report_warning(const struct precis_report *r, size_t i)
{
	return i < r->nwarnings ? r->warnings[i] : NULL;
}

const char *precis_report_hint(const struct precis_report *r)
{
	return r->hint;
}

void precis_report_figures(const struct precis_report *r, struct precis_report_figures *f)
{
	*f = r->fig;
}
