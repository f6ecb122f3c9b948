/*
 * detect — the language of a text, of each paragraph and of the document.
 *
 * Two kinds of evidence, each an additive score per language of the langset:
 *
 *  - words (wordscan.c): stopwords, detect-words and detect-letters from
 *    lang/<code>/. A word several lists know counts for each of them.
 *  - n-grams (textcat.c): libexttextcat's out-of-place distance to each
 *    language's profile (meta.txt `textcat = fr.lm`); each language loses
 *    TC_W times its relative distance behind the closest one. Asked only
 *    when the words are not decisive (margin under DECISIVE).
 *
 * Confidence of a text = tanh(m / 2) × (1 − e^(−words / 4)) × purity, where
 * m is the margin between the best score and the next: how much better the
 * best language fits; the second factor is how much text there was (four
 * words give 0.63, twenty 0.99); purity lowers it (down to half) when the
 * words that only one language knows are split between languages, as in a
 * text half French, half English. Under UND_BELOW the answer is "und"; a
 * text with no word or under three letters is "und" with confidence 0.
 *
 * Document: see precis_detect() below.
 *
 * Cost. The word scan is cheap and reads at most PX_WORDSCAN_CAP bytes of
 * a text, stopping once the words settle it. libexttextcat is slow (a few
 * MB/s), so it sees at most PX_WORDSCAN_SAMPLE bytes of cleaned words and,
 * over a document, its calls share a budget that grows with the document's
 * size. When there are no profiles, or the budget is spent, the words decide
 * alone and the confidence of a text that needed textcat is multiplied by
 * NO_TC_FACTOR.
 */
#include "precis/detect.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/doc_int.h"
#include "core/lang_int.h"
#include "core/textcat.h"
#include "core/wordscan.h"
#include "util/buf.h"
#include "util/mem.h"

#ifndef PRECIS_TEXTCAT_DIR
#define PRECIS_TEXTCAT_DIR "/usr/share/libexttextcat"
#endif

#define TC_W 25.0         /* score lost per unit of relative textcat distance */
#define DECISIVE 8.0      /* word margin past which textcat is not asked */
#define NO_TC_FACTOR 0.85 /* words alone, where textcat would have been asked */
#define PURITY_FREE 0.1   /* share of other-language evidence forgiven */
#define PURITY_W 0.5      /* most confidence an even mix of languages loses */
#define UND_BELOW 0.25    /* confidence under which a text is "und" */
#define DISSENT_MIN 0.5   /* confidence a paragraph needs to differ from its doc */
#define INHERIT_GAP 1.5   /* how far a paragraph may lean away from the doc
                           * language and still inherit it */
#define DOC_WORDS_CAP 200 /* most words one paragraph weighs in the doc */
#define MAX_CONF 0.999999 /* keeps log(1 − conf) finite */
/* textcat budget of one document: TC_BUDGET_MIN bytes plus one byte in
 * TC_BUDGET_DIV of the text; each call costs its bytes plus TC_CALL_COST
 * (the fixed part of a call: libexttextcat clears and sorts its tables
 * each time, which costs as much as reading 2 KB), times the number of
 * languages. */
#define TC_BUDGET_MIN (24 * 1024)
#define TC_BUDGET_DIV 256
#define DOC_SHORT_PARA 48 /* bytes: shorter paragraphs of a doc skip textcat */
#define TC_CALL_COST 2000

static const char und[] = "und";

struct precis_detector {
	const struct precis_langset *set;
	size_t n;
	const char **codes; /* langset storage */
	struct px_wordscan *ws;
	const struct px_evidence *ev; /* of the last text judged */
	struct px_textcat *tc;        /* NULL: no profiles */
	double *dist, *logit, *tcpen, *excl;
};

/* Outcome of judging one text. */
struct verdict {
	size_t best;      /* index of the best language, n when none */
	double conf;      /* 0..1 */
	size_t words;     /* words judged */
	double est_words; /* words in the whole text, estimated from those read */
};

/* ---- judging ------------------------------------------------------------- */

/* Fills det->logit from the last scan; asks textcat when the words are not
 * decisive and *budget (may be NULL: no limit) allows. Returns whether
 * textcat was asked, 0 when it was not needed, −1 when it was needed but
 * could not be asked. */
static int score_scan(struct precis_detector *det, size_t *budget)
{
	const struct px_evidence *ev = det->ev;
	int caps_count = ev->caps_words * 2 > ev->words;
	double best = -1, second = -1;
	for (size_t l = 0; l < det->n; l++) {
		double v = ev->score[l] + (caps_count ? ev->caps[l] : 0);
		det->excl[l] = ev->excl[l] + (caps_count ? ev->caps_excl[l] : 0);
		det->logit[l] = v;
		if (v > best) {
			second = best;
			best = v;
		} else if (v > second) {
			second = v;
		}
	}
	if (det->n < 2 || best - second >= DECISIVE || ev->sample_len == 0)
		return 0;
	size_t cost = (ev->sample_len + TC_CALL_COST) * det->n;
	if (!det->tc || (budget && *budget < cost))
		return -1;
	if (budget)
		*budget -= cost;
	if (px_textcat_distances(det->tc, ev->sample, ev->sample_len, det->dist) < 0)
		return 0;
	double dmin = -1, sum = 0;
	size_t have = 0;
	for (size_t l = 0; l < det->n; l++) {
		if (det->dist[l] < 0)
			continue;
		if (dmin < 0 || det->dist[l] < dmin)
			dmin = det->dist[l];
	}
	if (dmin <= 0)
		return 0;
	for (size_t l = 0; l < det->n; l++) {
		if (det->dist[l] < 0)
			continue;
		det->tcpen[l] = TC_W * (det->dist[l] - dmin) / dmin;
		sum += det->tcpen[l];
		have++;
	}
	/* A language without a profile takes the mean penalty: neither
	 * favoured nor ruled out. */
	for (size_t l = 0; l < det->n; l++)
		det->logit[l] -= det->dist[l] < 0 ? sum / (double)have : det->tcpen[l];
	return 1;
}

/* The best language of det->logit and the margin to the next; with one
 * language, the margin is its own score (evidence against nothing). */
static size_t best_of(const struct precis_detector *det, const double *logit, double *margin)
{
	size_t b = 0;
	for (size_t l = 1; l < det->n; l++)
		if (logit[l] > logit[b])
			b = l;
	double next = det->n < 2 ? 0 : -INFINITY;
	for (size_t l = 0; l < det->n; l++)
		if (l != b && logit[l] > next)
			next = logit[l];
	*margin = logit[b] - next;
	return b;
}

/* How much of the words' own evidence is for language b: a text half in
 * one language and half in another is less sure than its margin says. Words
 * every language's lists hold are left out; a little of another language
 * (a name, a borrowed word) costs nothing. */
static double purity(const struct precis_detector *det, size_t b)
{
	double other = 0;
	for (size_t l = 0; l < det->n; l++)
		if (l != b && det->excl[l] > other)
			other = det->excl[l];
	if (other == 0)
		return 1;
	double r = det->excl[b] > other ? other / det->excl[b] : 1;
	double mixed = (r - PURITY_FREE) / (1 - PURITY_FREE);
	return 1 - PURITY_W * (mixed < 0 ? 0 : mixed);
}

static double amount(double words)
{
	return 1.0 - exp(-words / 4.0);
}

static struct verdict judge(struct precis_detector *det, const char *text, size_t len,
                            size_t *budget)
{
	struct verdict v = {det->n, 0, 0, 0};
	const struct px_evidence *ev = det->ev = px_wordscan_run(det->ws, text, len);
	memset(det->logit, 0, det->n * sizeof *det->logit);
	v.words = ev->words;
	v.est_words = (double)v.words;
	if (ev->scanned && ev->scanned < len)
		v.est_words *= (double)len / (double)ev->scanned;
	if (ev->words == 0 || ev->letters < 3)
		return v;
	int asked = score_scan(det, budget);
	double margin;
	size_t b = best_of(det, det->logit, &margin);
	double conf = tanh(margin / 2) * amount((double)ev->words) * purity(det, b);
	if (asked < 0)
		conf *= NO_TC_FACTOR;
	v.best = b;
	v.conf = conf > 0 ? conf : 0;
	return v;
}

/* ---- public -------------------------------------------------------------- */

static const char *textcat_dir(void)
{
	const char *env = getenv("PRECIS_TEXTCAT_DIR");
	return env && *env ? env : PRECIS_TEXTCAT_DIR;
}

enum precis_status precis_detector_new(const struct precis_langset *set,
                                       struct precis_detector **out,
                                       struct precis_error *err)
{
	*out = NULL;
	size_t n = set ? precis_langset_count(set) : 0;
	if (n == 0)
		return precis_error_set(err, PRECIS_E_CONFIG, "lang",
		                        "no language to detect; set PRECIS_LANG_DIR to the "
		                        "lang/ folder of precis");
	if (n > PX_WORDSCAN_MAX_LANGS)
		return precis_error_set(err, PRECIS_E_CONFIG, precis_langset_dir(set),
		                        "%zu languages, but language detection handles at "
		                        "most %d; remove some folders",
		                        n, PX_WORDSCAN_MAX_LANGS);
	struct precis_detector *det = px_xcalloc(1, sizeof *det);
	det->set = set;
	det->n = n;
	det->codes = px_xcalloc(n, sizeof *det->codes);
	const char **profiles = px_xcalloc(n, sizeof *profiles);
	for (size_t l = 0; l < n; l++) {
		const struct precis_lang *lang = precis_langset_at(set, l);
		det->codes[l] = precis_lang_code(lang);
		profiles[l] = precis_lang_meta(lang, "textcat");
	}
	det->ws = px_wordscan_new(set);
	/* No profiles is not an error: the words still decide, less surely. */
	det->tc = px_textcat_open(textcat_dir(), profiles, n);
	free(profiles);
	det->dist = px_xcalloc(n, sizeof *det->dist);
	det->logit = px_xcalloc(n, sizeof *det->logit);
	det->tcpen = px_xcalloc(n, sizeof *det->tcpen);
	det->excl = px_xcalloc(n, sizeof *det->excl);
	*out = det;
	return PRECIS_OK;
}

void precis_detector_free(struct precis_detector *det)
{
	if (!det)
		return;
	px_wordscan_free(det->ws);
	px_textcat_close(det->tc);
	free(det->codes);
	free(det->dist);
	free(det->logit);
	free(det->tcpen);
	free(det->excl);
	free(det);
}

const char *precis_detect_text(struct precis_detector *det, const char *text, size_t len,
                               double *confidence)
{
	struct verdict v = {0, 0, 0, 0};
	if (det && text)
		v = judge(det, text, len, NULL);
	int known = det && text && v.best < det->n && v.conf >= UND_BELOW;
	if (confidence)
		*confidence = v.conf;
	return known ? det->codes[v.best] : und;
}

static enum precis_status force(struct precis_detector *det, struct precis_doc *doc,
                                const char *code, struct precis_error *err)
{
	const struct precis_lang *lang = precis_langset_find(det->set, code);
	if (!lang) {
		struct px_buf known;
		px_buf_init(&known, 4096);
		for (size_t l = 0; l < det->n; l++)
			px_buf_printf(&known, "%s%s", l ? ", " : "", det->codes[l]);
		enum precis_status st = precis_error_set(
			err, PRECIS_E_USAGE, precis_doc_name(doc),
			"unknown language \"%s\"; use one of: %s", code, known.data ? known.data : "");
		px_buf_free(&known);
		return st;
	}
	const char *c = precis_lang_code(lang);
	for (size_t i = 0; i < doc->npara; i++) {
		doc->paras[i].lang = c;
		doc->paras[i].lang_confidence = 1;
	}
	doc->lang = c;
	doc->lang_conf = 1;
	return PRECIS_OK;
}

/* A paragraph that may take the doc language in the second pass: unclear
 * (under UND_BELOW) or weakly sure (under DISSENT_MIN); its scores are kept
 * in a side array. */
struct unclear {
	size_t para;
	size_t off; /* into the saved logits */
};

/* Two passes. First every paragraph is judged on its own (the textcat
 * budget is shared, first come first served) and votes for its language
 * with its length (capped) times its confidence. Then the doc takes the
 * language with most votes, and the paragraphs that could not tell take it
 * when their words allow (see below). */
enum precis_status precis_detect(struct precis_detector *det, struct precis_doc *doc,
                                 const char *force_lang, struct precis_error *err)
{
	if (!det || !doc)
		return precis_error_set(err, PRECIS_E_INTERNAL, doc ? precis_doc_name(doc) : "-",
		                        "language detection called without a detector");
	if (force_lang)
		return force(det, doc, force_lang, err);

	size_t n = det->n;
	size_t budget = TC_BUDGET_MIN + doc->len / TC_BUDGET_DIV;
	double *votes = px_xcalloc(n, sizeof *votes);
	double *doubt = px_xcalloc(n, sizeof *doubt); /* log Π (1 − conf) of voters */
	double *sum = px_xcalloc(n, sizeof *sum);
	double total_words = 0;
	struct unclear *unc = NULL;
	float *saved = NULL;
	size_t nunc = 0, caunc = 0, casaved = 0;

	/* No paragraphs (normalize not run): judge the text as one. */
	size_t count = doc->npara ? doc->npara : (doc->len ? 1 : 0);
	for (size_t i = 0; i < count; i++) {
		struct precis_para *p = doc->npara ? &doc->paras[i] : NULL;
		size_t start = p ? p->span.start : 0, end = p ? p->span.end : doc->len;
		/* A short line of a document (a headline, a share bar) rarely
		 * needs textcat: unclear, it inherits the doc language below. */
		size_t none = 0;
		struct verdict v = judge(det, doc->text + start, end - start,
		                         end - start < DOC_SHORT_PARA ? &none : &budget);
		double weight = v.est_words < DOC_WORDS_CAP ? v.est_words : DOC_WORDS_CAP;
		if (v.words) {
			for (size_t l = 0; l < n; l++)
				sum[l] += det->logit[l];
			total_words += weight;
		}
		int known = v.best < n && v.conf >= UND_BELOW;
		if (known) {
			votes[v.best] += weight * v.conf;
			doubt[v.best] += log(1 - (v.conf < MAX_CONF ? v.conf : MAX_CONF));
		}
		if (p) {
			p->lang = known ? det->codes[v.best] : und;
			p->lang_confidence = v.conf;
		}
		if (p && v.words && v.conf < DISSENT_MIN) {
			unc = px_xgrow(unc, &caunc, nunc + 1, sizeof *unc);
			saved = px_xgrow(saved, &casaved, (nunc + 1) * n, sizeof *saved);
			unc[nunc].para = i;
			unc[nunc].off = nunc * n;
			for (size_t l = 0; l < n; l++)
				saved[nunc * n + l] = (float)det->logit[l];
			nunc++;
		}
	}

	/* The doc language: the paragraphs' votes, each its length (capped)
	 * times its confidence. Its confidence: the share of the votes it won
	 * (a mixed document is less sure) times the chance that not all of its
	 * paragraphs are wrong, 1 − Π(1 − conf): one long clear paragraph or
	 * many short ones make it sure, one short one does not. */
	double all_votes = 0, conf = 0;
	size_t b = 0;
	for (size_t l = 0; l < n; l++) {
		all_votes += votes[l];
		if (votes[l] > votes[b])
			b = l;
	}
	if (all_votes > 0) {
		conf = votes[b] / all_votes * (1 - exp(doubt[b]));
	} else if (total_words > 0) {
		/* No paragraph could tell: their scores together may. */
		double margin;
		b = best_of(det, sum, &margin);
		conf = tanh(margin / 2) * amount(total_words);
	}
	if (conf < 0)
		conf = 0;
	int doc_known = conf >= UND_BELOW;
	doc->lang = doc_known ? det->codes[b] : und;
	doc->lang_conf = conf;

	/* A paragraph too short or unclear to tell (under UND_BELOW), or one
	 * that weakly (under DISSENT_MIN) names another language than the
	 * doc's, takes the doc language when its words do not lean clearly
	 * elsewhere (by more than INHERIT_GAP); its confidence then stays under
	 * UND_BELOW, to say the language is inherited, not seen. A short
	 * headline with no function word is where textcat errs most. */
	for (size_t k = 0; doc_known && k < nunc; k++) {
		const float *lg = saved + unc[k].off;
		size_t top = 0;
		for (size_t l = 1; l < n; l++)
			if (lg[l] > lg[top])
				top = l;
		struct precis_para *p = &doc->paras[unc[k].para];
		if (p->lang == det->codes[b] || lg[top] - lg[b] > INHERIT_GAP)
			continue;
		double inherited = 0.8 * UND_BELOW * conf;
		if (top != b || p->lang_confidence < inherited)
			p->lang_confidence = inherited;
		p->lang = det->codes[b];
	}
	free(unc);
	free(saved);
	free(votes);
	free(doubt);
	free(sum);
	return PRECIS_OK;
}
