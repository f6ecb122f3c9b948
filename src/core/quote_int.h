/* The inside of the quote extractor (not public), shared by its files:
 *
 *   quote_tok.c     a paragraph as tokens (words, punctuation, quote marks)
 *   quote_lex.c     the lang/ lists the extractor reads, per language
 *   quote_marks.c   which marks open and close a quote, over paragraphs
 *   quote_people.c  the people of the document, their mentions, noun phrases
 *   quote_attr.c    who said a quote: the patterns around it
 *   quote_turns.c   interview turns (Q :, R :, Name :) and dialogue dashes
 *   quote_kind.c    statement or term
 *   quotes.c        the stage: runs the above paragraph by paragraph
 *
 * Everything is one pass over the paragraphs in order, with windows of a
 * bounded number of tokens around each quote, so the stage is linear in the
 * text. Offsets are bytes into the doc's normalized text. */
#ifndef PX_QUOTE_INT_H
#define PX_QUOTE_INT_H

#include <stddef.h>
#include <stdint.h>

struct precis_doc;
struct precis_langset;
struct px_list;

/* ---- tokens (quote_tok.c) ---- */

enum qt_type {
	QT_WORD,  /* letters and digits, with inner hyphens and apostrophes */
	QT_PUNCT, /* one punctuation or symbol code point */
	QT_MARK,  /* a quotation mark, or an apostrophe that may be one */
};

enum {
	QF_CAP = 1 << 0,      /* word: first letter is a capital */
	QF_UPPER = 1 << 1,    /* word: two letters or more, all capitals */
	QF_DIGIT = 1 << 2,    /* word: holds a digit */
	QF_SPB = 1 << 3,      /* white space (or the paragraph start) before */
	QF_SPA = 1 << 4,      /* white space (or the paragraph end) after */
	QF_ELIDED = 1 << 5,   /* word: an elided word with its apostrophe (l', qu') */
	QF_ALPHA = 1 << 6,    /* word: holds a letter */
	QF_INQ = 1 << 7,      /* inside a quote (set by the marks pass) */
	QF_HYPHEN = 1 << 8,   /* word: holds a hyphen */
	QF_CONTMARK = 1 << 9, /* mark: reopens a quote carried from the last paragraph */
	QF_SELF = 1 << 10,    /* word: folding changes nothing, the key is the text */
	QF_LISTS = 1 << 11    /* word: `lists` is set */
};

/* Roles a mark gets from the pairing pass. */
enum { QR_NONE, QR_OPEN, QR_CLOSE, QR_INNER };

struct qtok {
	uint32_t start, end; /* bytes in the doc text */
	uint32_t sent;       /* the doc sentence that holds the token */
	union {
		uint32_t fold; /* WORD: the case-folded word (’ as ') in the paragraph's
		                * fold buffer, unless QF_SELF */
		int32_t cp;    /* PUNCT, MARK: the code point */
	};
	uint16_t flen; /* WORD: the length of the folded word */
	uint16_t flags;
	uint8_t type;
	uint8_t qrole;  /* MARK: QR_* */
	uint64_t lists; /* WORD with QF_LISTS: the lists of the paragraph's language
	                 * that hold it (px_lang_word_mask) */
};

struct qlex;

struct qpara {
	const char *text; /* the doc text */
	size_t index;     /* paragraph index */
	size_t start, end;
	struct qtok *t;
	size_t n, cap;
	char *fold;
	size_t foldlen, foldcap;
	const struct qlex *lx; /* the lists of the paragraph's language */
};

/* Tokenizes paragraph [start, end) of doc into p (its buffers are reused),
 * reading the lists of lx (the paragraph's language) that hold each word. */
void px_qtok_para(struct qpara *p, const struct precis_doc *doc, size_t index,
                  const struct qlex *all, const struct qlex *lx);
void px_qtok_release(struct qpara *p);
/* The folded form of word token i (p->t[i].flen bytes, not NUL-terminated). */
static inline const char *px_qtok_key(const struct qpara *p, size_t i)
{
	return (p->t[i].flags & QF_SELF) ? p->text + p->t[i].start
	                                 : p->fold + p->t[i].fold;
}
/* Whether token i is the punctuation code point cp. */
static inline int px_qtok_is(const struct qpara *p, size_t i, int32_t cp)
{
	return i < p->n && p->t[i].type == QT_PUNCT && p->t[i].cp == cp;
}
static inline int px_qtok_word(const struct qpara *p, size_t i)
{
	return i < p->n && p->t[i].type == QT_WORD;
}
/* Sentence-final punctuation: . ! ? … */
int px_qtok_final(const struct qpara *p, size_t i);
/* Counts the words (runs of non-space holding a letter or digit) of
 * text[start, end). */
size_t px_quote_words(const char *text, size_t start, size_t end);

/* ---- lists (quote_lex.c) ---- */

enum qlist {
	QL_VERBS,     /* quote-verbs: finite reporting verbs */
	QL_PARTS,     /* quote-participles */
	QL_AUX,       /* quote-auxiliaries */
	QL_DET,       /* determiners */
	QL_DET_INDEF, /* determiners-indefinite */
	QL_ROLES,     /* roles */
	QL_STOP,      /* stopwords */
	QL_TITLES,    /* titles */
	QL_ORG,       /* org-words */
	QL_FIRST_M,   /* first-names-male */
	QL_FIRST_F,   /* first-names-female */
	QL_PARTICLES, /* name-particles */
	QL_ADVERBS,   /* quote-adverbs */
	QL_REL,       /* quote-relatives */
	QL_REFLEX,    /* quote-reflexives */
	QL_CLITICS,   /* quote-clitics */
	QL_VERBPHR,   /* quote-verb-phrases */
	QL_PARTPHR,   /* quote-participle-phrases */
	QL_AUXREFL,   /* quote-auxiliaries-reflexive */
	QL_NOTCUE,    /* quote-not-cues */
	QL_ACCORDING, /* quote-according */
	QL_FOR,       /* quote-for */
	QL_NAMING,    /* quote-naming */
	QL_IQ,        /* quote-interview-questions */
	QL_IA,        /* quote-interview-answers */
	QL_UNNAMED,   /* quote-unnamed */
	QL_ELISIONS,  /* elisions */
	QL_COORD,     /* name-coordinators */
	QL_PRON_M,    /* pronouns-male */
	QL_PRON_F,    /* pronouns-female */
	QL_PRON_PL,   /* pronouns-plural */
	QL_DET_DEM,   /* determiners-demonstrative */
	QL_DET_DEF,   /* determiners-definite */
	QL_DET_F,     /* determiners-female */
	QL_DET_M,     /* determiners-male */
	QL_TITLES_F,  /* titles-female */
	QL_TITLES_M,  /* titles-male */
	QL_ROLES_F,   /* roles-female */
	QL_ROLES_M,   /* roles-male */
	QL_ADVSUF,    /* quote-adverb-suffixes */
	QL_INVLINK,   /* quote-inversion-links */
	QL_POSS,      /* possessive-suffixes */
	QL_ROLES_GEN, /* roles-generic */
	QL_ROLE_STOP, /* role-stops */
	QL_COUNT
};

#define QLEX_MAXLANG 8

/* The lists of one language, or of several (looked up in turn). */
struct qlex {
	const struct px_list *l[QL_COUNT][QLEX_MAXLANG];
	size_t n;
	const struct precis_lang *lang; /* one language: its word masks */
	uint8_t bit[QL_COUNT];          /* list -> mask bit, 255 when none */
	size_t
	    maxlen[QL_COUNT]; /* the longest folded entry: longer keys skip the lookup */
};

struct qlexset {
	struct qlex all; /* every language of the set */
	struct qlex per[QLEX_MAXLANG];
	const char *code[QLEX_MAXLANG];
	size_t n;
};

void px_qlex_init(struct qlexset *ls, const struct precis_langset *set);
/* The lists of language `code`, or of all languages when it has none. */
const struct qlex *px_qlex_for(const struct qlexset *ls, const char *code);
/* Whether the folded key (len bytes) is in list `which`. */
int px_qlex_has(const struct qlex *lx, enum qlist which, const char *key, size_t len);
/* The length of the longest entry of `which` that the folded key ends with
 * (the key being longer), or 0: "fermement" ends with "ment". */
size_t px_qlex_suffix(const struct qlex *lx, enum qlist which, const char *key,
                      size_t len);
/* Whether word token i is in list `which`. */
int px_qlex_tok(const struct qlex *lx, enum qlist which, const struct qpara *p, size_t i);
/* The number of tokens (1..4) of the longest entry of `which` that starts at
 * token i, or 0. Entries of several words are written with spaces, elided
 * words glued ("d'après", "according to"). */
size_t px_qlex_phrase(const struct qlex *lx, enum qlist which, const struct qpara *p,
                      size_t i);

/* ---- marks (quote_marks.c) ---- */

#define QM_CONT UINT32_MAX /* the piece continues a quote of an earlier paragraph */
#define QM_EOP UINT32_MAX  /* the piece runs to the paragraph end */

/* A quote left open at the end of a paragraph. */
struct qm_carry {
	int open;
	int32_t opener; /* the code point that opened it */
};

/* An outer quote in one paragraph: the tokens of its marks. */
struct qm_piece {
	uint32_t open;  /* the opening mark, or QM_CONT */
	uint32_t close; /* the closing mark, or QM_EOP */
};

struct qm_pieces {
	struct qm_piece *v;
	size_t n, cap;
	struct qm_piece *in; /* quotes nested one level inside them */
	size_t nin, cain;
};

/* Pairs the marks of p, setting their qrole and the QF_INQ flag of the
 * tokens inside quotes, and lists the outer quotes in out. carry says
 * whether the last paragraph left a quote open; on return, whether this one
 * does. *continued is set when the carried quote goes on here (the first
 * piece then has open == QM_CONT). */
void px_qm_pair(struct qpara *p, struct qm_carry *carry, struct qm_pieces *out,
                int *continued);

/* ---- people (quote_people.c) ---- */

enum { QG_UNKNOWN = 0, QG_MALE = 1, QG_FEMALE = 2, QG_PLURAL = 3 };

enum qnp_kind {
	NP_NONE,
	NP_PERSON,  /* a named person (person >= 0) */
	NP_PRONOUN, /* a personal pronoun (gender) */
	NP_ROLE,    /* a definite role with no name: "le député" */
	NP_ORG, /* an organisation or a thing: "le parquet", "Amnesty International" */
	NP_UNNAMED, /* "un proche", "a spokeswoman", "officials" */
	NP_RELATIVE /* "qui", "who" */
};

struct qnp {
	enum qnp_kind kind;
	int person;          /* NP_PERSON, or NP_ROLE/NP_PRONOUN once resolved; else -1 */
	int gender;          /* QG_* */
	size_t start, end;   /* tokens [start, end) of the whole phrase */
	size_t tstart, tend; /* bytes: the text an organisation or an unnamed source is
	                      * named by */
	size_t rstart, rend; /* bytes: the role, or rstart == rend */
	uint32_t rolekey;    /* NP_ROLE: token of the role noun */
	char rolefold[64];   /* NP_ROLE: the folded role words ("maire quimper") */
};

struct qpeople;

struct qpeople *px_qp_new(const struct qlexset *ls);
void px_qp_free(struct qpeople *pp);
/* Reads the people named in paragraph p (outside quotes) and their mentions
 * (names, titles with surnames, roles). Call for each paragraph in order. */
void px_qp_scan(struct qpeople *pp, const struct qpara *p);
/* Parses a noun phrase that starts at token i (and ends before token lim):
 * a pronoun, a name with its titles and roles, a determiner with a role or
 * a noun, with an apposition (", X,"). Resolves it to a person when it can
 * (surname, title, role, pronoun at the byte position of token i).
 * Returns np->kind. */
enum qnp_kind px_qp_np(struct qpeople *pp, const struct qpara *p, size_t i, size_t lim,
                       struct qnp *np);
/* The same in the speaker slot after an inverted cue, where a lone
 * capitalised word is a person named by a first name ("s'interroge Laure,
 * 52 ans"). */
enum qnp_kind px_qp_np_slot(struct qpeople *pp, const struct qpara *p, size_t i,
                            size_t lim, struct qnp *np);
/* A person named only by a role ("le ministre de la Santé") stands for the
 * person named later with that role, if any: the one to show. */
int px_qp_shown(struct qpeople *pp, int person);
/* The person a pronoun of `gender` at token i of p refers to, or -1: the
 * latest mention of that gender, or of no known gender when that one is
 * more recent and stands in the pronoun's sentence or the one before ("The
 * minister, Priti Anand, said that she ..."), or of no known gender
 * further back when none has the gender. */
int px_qp_pronoun(struct qpeople *pp, const struct qpara *p, size_t i, int gender);
/* The latest person mentioned in bytes [from, to), or -1. */
int px_qp_last_in(struct qpeople *pp, size_t from, size_t to, int names_only);
/* The person first named after byte pos with role noun `rolefold`, or -1
 * (a role mentioned before its holder is named). */
int px_qp_role_after(struct qpeople *pp, size_t pos, const char *rolefold, int gender);
/* Records that person was mentioned at byte pos, in doc sentence sent (a
 * resolved speaker). */
void px_qp_mention(struct qpeople *pp, int person, size_t pos, size_t sent);
/* The full name of a person (people storage), its role ("" when none). */
const char *px_qp_name(const struct qpeople *pp, int person);
const char *px_qp_role(const struct qpeople *pp, int person);
/* The person most recently fully named before byte pos, or -1 (the
 * interviewee of an interview). */
int px_qp_last_named(struct qpeople *pp, size_t pos);
/* The person a label of the first tokens [i, lim) names ("Claire Jouvenel",
 * "La ministre"), or -1. */
int px_qp_label(struct qpeople *pp, const struct qpara *p, size_t i, size_t lim);

/* ---- attribution (quote_attr.c) ---- */

enum qhow {
	QH_NONE,
	QH_AFTER,   /* after the quote: "», a déclaré X", "said X", "X said" */
	QH_BEFORE,  /* before it: "X a déclaré : «", "Pour X, «", "X said “" */
	QH_TURN,    /* an interview or dialogue turn */
	QH_INHERIT, /* from the quote just before */
	QH_INTRO,   /* the person introduced just before */
};

struct qattr {
	enum qhow how;
	struct qnp np;
	size_t cue_start, cue_end; /* bytes; cue_start == cue_end when none */
	size_t end;                /* bytes: where the attribution ends */
};

struct qactx {
	struct qpeople *pp;
	const struct precis_doc *doc;
};

/* The attribution after the closing mark (token c) of a quote whose last
 * inner token is `last`. Returns nonzero when found. */
int px_qa_after(struct qactx *ctx, const struct qpara *p, size_t c, size_t last,
                struct qattr *a);
/* The attribution before the opening mark (token o); `from` is the first
 * token the window may use (after the quote before, in this paragraph). */
int px_qa_before(struct qactx *ctx, const struct qpara *p, size_t o, size_t from,
                 struct qattr *a);
/* An incise inside a quote, between commas: « Nous irons, explique-t-il,
 * jusqu'au bout ». first..last are the quote's tokens. */
int px_qa_inside(struct qactx *ctx, const struct qpara *p, size_t first, size_t last,
                 struct qattr *a);
/* The subject after an inverted cue that ends at token k (before lim):
 * "a déclaré le maire", "assure, amère, X", "confie au Parisien X".
 * Returns nonzero when found. */
int px_qa_inverted_subject(struct qactx *ctx, const struct qpara *p, size_t k, size_t lim,
                           struct qnp *np);
/* The reporting verb phrase at token i: its end (token after it), or 0.
 * *gender gets the gender of an inverted pronoun (dit-il), or -1 when there
 * is none. generic: any verb inverted with a pronoun counts. */
size_t px_qa_cue(const struct qpara *p, size_t i, int generic, int *gender);

/* ---- turns (quote_turns.c) ---- */

enum qturn_kind { QTURN_NONE, QTURN_QUESTION, QTURN_ANSWER, QTURN_NAMED, QTURN_DASH };

struct qturn {
	enum qturn_kind kind;
	size_t first, last; /* tokens of the words said [first, last] */
	size_t label_end;   /* QTURN_NAMED: token after the label's colon */
	int person;         /* QTURN_NAMED: the person of the label, or -1 */
	struct qattr attr;  /* QTURN_DASH: the incise, if any (how != QH_NONE) */
};

/* Reads whether paragraph p is an interview or dialogue turn. */
enum qturn_kind px_qturn_read(struct qactx *ctx, const struct qpara *p, struct qturn *t);

/* ---- kind (quote_kind.c) ---- */

/* Statement or term (enum precis_quote_kind) for the quote of p whose words
 * are tokens [first, last] and whose opening mark is token o (or SIZE_MAX). */
int px_quote_kind(const struct qpara *p, size_t o, size_t first, size_t last,
                  size_t nwords);

#endif
