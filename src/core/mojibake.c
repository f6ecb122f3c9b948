/* Mojibake repair, in the spirit of ftfy (written for precis).
 *
 * UTF-8 read as Windows-1252 (or Latin-1, or Mac OS Roman) turns each
 * non-ASCII character into two to four characters: é (C3 A9) becomes Ã©.
 * The damage is local, and it only ever touches non-ASCII characters, so
 * the text is walked one "stretch" (a maximal run of non-ASCII characters)
 * at a time. In a stretch, the characters are encoded back to single bytes;
 * a "unit" is a run of them that forms one valid UTF-8 sequence. Real text
 * makes units too (`MARQUÉ…` is C9 85, `été »` with a no-break space makes
 * E9 A0 BB), so each unit is weighed before it is replaced:
 *
 *   - the pair it starts with: Â or Ã, or â followed by two symbols, are
 *     what mojibake looks like and almost never real text (STRONG); an
 *     accented capital followed by an opening quote or a C1 control is
 *     rare in real text (STRONG), by another symbol less so (MEDIUM), by a
 *     closing mark, a dash, a no-break space or ®/™/° not at all (WEAK);
 *     one level up when a small letter comes just before the capital;
 *   - what it decodes to: a Latin letter that languages use (œ Œ š ł ș ư)
 *     makes it one level more likely; IPA, Hebrew, CJK and private-use
 *     characters are not what French and English text is made of, and
 *     lower the weight.
 *
 * STRONG units are replaced; MEDIUM ones when the same stretch or the
 * document shows other mojibake; WEAK ones only inside a stretch that has a
 * STRONG unit. Stretches are decoded again until nothing changes (double
 * encoding: ÃƒÂ© → Ã© → é); only the stretch is rescanned, never the text.
 *
 * Two kinds of damage lose a byte and need their own rule: the last byte of
 * ” (9D, undefined in Windows-1252) dropped, leaving `â€` (→ ”, never †);
 * and the A0 byte of à (C3 A0) or of a no-break space (C2 A0) turned into
 * a plain space or dropped, leaving `Ã ` or `Â `. The second looks like
 * Portuguese (`C O N C L U S Ã O`), so it needs mojibake elsewhere in the
 * document and a French-looking context.
 *
 * What is left of C1 controls (U+0080..U+009F, Windows-1252 text read as
 * Latin-1) is read as Windows-1252. */
#include "core/decode_int.h"

#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "util/buf.h"
#include "util/mem.h"

#define CHANGED 0x80000000u
#define CPMASK 0x001FFFFFu

enum level { L_NONE, L_WEAK, L_MEDIUM, L_STRONG };

/* What a continuation byte's character is, next to a letter. */
enum cont_class { K_C1, K_OPEN, K_CLOSE, K_MARK, K_SYM };

struct mchar {
	uint32_t cp;  /* code point, | CHANGED once repaired */
	uint32_t src; /* its first byte, relative to the stretch start */
};

struct unit {
	size_t at, n; /* characters [at, at + n) of the stretch */
	uint32_t cp;  /* what they decode to */
	int level;
	int consume;  /* the space after the stretch was the lost A0 byte */
	int apply;
};

struct units {
	struct unit *u;
	size_t n, cap;
};

struct repair {
	const char *s;
	size_t len;
	int corroborated; /* the document has a STRONG unit: -1 not known yet */

	/* the stretch at hand */
	struct mchar *v;
	size_t n, cap;
	size_t start, end; /* its bytes in s */
	size_t consumed;   /* bytes after `end` taken by a repair */
	uint32_t before;   /* the character before it (ASCII), 0 at the start */
	struct units win, mac; /* units read as Windows-1252, as Mac OS Roman */
};

/* ---- Loading a stretch ------------------------------------------------ */

/* The code point at s[*i] (valid UTF-8 expected; a stray byte reads as
 * U+FFFD, kept as it is and never part of a unit). */
static inline uint32_t next_cp(const unsigned char *s, size_t len, size_t *i)
{
	size_t p = *i;
	size_t k = px_utf8_seq(s + p, len - p);
	switch (k) {
	case 2:
		*i = p + 2;
		return ((uint32_t)(s[p] & 0x1F) << 6) | (s[p + 1] & 0x3F);
	case 3:
		*i = p + 3;
		return ((uint32_t)(s[p] & 0x0F) << 12) | ((uint32_t)(s[p + 1] & 0x3F) << 6) |
		       (s[p + 2] & 0x3F);
	case 4:
		*i = p + 4;
		return ((uint32_t)(s[p] & 0x07) << 18) | ((uint32_t)(s[p + 1] & 0x3F) << 12) |
		       ((uint32_t)(s[p + 2] & 0x3F) << 6) | (s[p + 3] & 0x3F);
	}
	*i = p + 1;
	return 0xFFFD;
}

/* Characters whose Windows-1252 byte starts a multi-byte UTF-8 sequence,
 * and those whose byte continues one. */
static inline int is_lead(uint32_t cp)
{
	return cp >= 0xC2 && cp <= 0xF4;
}

static inline int is_cont(uint32_t cp)
{
	if (cp < 0x100)
		return cp >= 0x80 && cp < 0xC0;
	switch (cp) {
	case 0x0152: case 0x0153: case 0x0160: case 0x0161: case 0x0178: case 0x017D:
	case 0x017E: case 0x0192: case 0x02C6: case 0x02DC: case 0x2013: case 0x2014:
	case 0x2018: case 0x2019: case 0x201A: case 0x201C: case 0x201D: case 0x201E:
	case 0x2020: case 0x2021: case 0x2022: case 0x2026: case 0x2030: case 0x2039:
	case 0x203A: case 0x20AC: case 0x2122:
		return 1;
	}
	return 0;
}

static inline int is_macroman_lead(uint32_t cp)
{
	return cp == 0x221A || cp == 0xAC || cp == 0x201A || cp == 0x2248 || cp == 0x0192 ||
	       cp == 0xF8FF;
}

/* Whether s[i..j) can hold anything to repair: a lead followed by a
 * continuation, a C1 control, a Mac OS Roman lead followed by anything,
 * or Â/Ã at its end. Most stretches of real text (é, ’é, « and its
 * no-break space) fail here without being loaded. */
static int worth_loading(const unsigned char *s, size_t i, size_t j)
{
	int prev_lead = 0, prev_mac = 0;
	uint32_t cp = 0;
	while (i < j) {
		cp = next_cp(s, j, &i);
		if ((prev_lead && is_cont(cp)) || prev_mac || (cp >= 0x80 && cp < 0xA0))
			return 1;
		prev_lead = is_lead(cp);
		prev_mac = is_macroman_lead(cp);
	}
	return cp == 0xC2 || cp == 0xC3;
}

static void load(struct repair *r, size_t i, size_t j)
{
	const unsigned char *s = (const unsigned char *)r->s;
	r->start = i;
	r->end = j;
	r->consumed = 0;
	r->before = i > 0 ? s[i - 1] : 0;
	r->v = px_xgrow(r->v, &r->cap, j - i, sizeof *r->v);
	r->n = 0;
	for (size_t p = i; p < j;) {
		size_t at = p;
		uint32_t cp = next_cp(s, j, &p);
		r->v[r->n++] = (struct mchar){cp, (uint32_t)(at - i)};
	}
}

static uint32_t cp_at(const struct repair *r, size_t i)
{
	return r->v[i].cp & CPMASK;
}

/* ---- Weighing units --------------------------------------------------- */

static enum cont_class cont_class(uint32_t cp, int byte)
{
	if (cp >= 0x80 && cp < 0xA0 && !px_cp1252_c1(cp))
		return K_C1; /* bytes no Windows-1252 text has: Latin-1 reading */
	switch (byte) {
	case 0x82: case 0x84: case 0x8B: case 0x91: case 0x93: case 0xA1: case 0xAB:
	case 0xBF:
		return K_OPEN;
	case 0x85: case 0x92: case 0x94: case 0x96: case 0x97: case 0x9B: case 0xA0:
	case 0xAD: case 0xB7: case 0xBB:
		return K_CLOSE;
	case 0x99: case 0xA9: case 0xAA: case 0xAE: case 0xB0: case 0xB2: case 0xB3:
	case 0xB9: case 0xBA:
		return K_MARK;
	default:
		return K_SYM;
	}
}

/* Combining grave, acute, circumflex, tilde, macron, breve, dot above,
 * diaeresis, ring, double acute, caron, cedilla, ogonek. Rarer marks come
 * from real capitals: ÍŽ in Czech is CD 8E, COSÌ… would be CC 85. */
static int is_common_accent(uint32_t cp)
{
	return (cp >= 0x300 && cp <= 0x30C && cp != 0x305 && cp != 0x309) || cp == 0x327 ||
	       cp == 0x328;
}

/* How many levels a decoded character loses for being unexpected in
 * French or English text. */
static int implausibility(uint32_t cp, uint32_t prev)
{
	if (cp < 0x180)
		return 0; /* Latin-1, Latin Extended-A: œ Œ š ž ł ć ő */
	if (cp < 0x250) /* Latin Extended-B, but Romanian ș ț and Vietnamese ơ ư */
		return (cp >= 0x218 && cp <= 0x21B) || cp == 0x1A0 || cp == 0x1A1 || cp == 0x1AF ||
		               cp == 0x1B0
		           ? 0
		           : 1;
	if (cp < 0x2B0)
		return 2; /* IPA */
	if (cp < 0x300)
		return 1; /* spacing modifiers */
	if (cp < 0x370) /* the usual accents after a letter: decomposed text */
		return is_common_accent(cp) && px_cp_is_alpha((int32_t)prev) ? 0 : 2;
	if (cp < 0x530)
		return 1; /* Greek, Cyrillic */
	if (cp < 0x800)
		return 2;
	if (cp >= 0x1E00 && cp < 0x1F00)
		return 0; /* Latin Extended Additional: Vietnamese, transliterations */
	if (cp >= 0x2000 && cp < 0x2C00)
		return 0; /* punctuation, currency, letterlike, arrows, math */
	if (cp == 0xFEFF || cp == 0xFFFD)
		return 0;
	if (cp >= 0xFF00 && cp < 0xFFF0)
		return 1; /* fullwidth forms */
	if (cp >= 0x1F000 && cp < 0x1FB00)
		return 0; /* emoji */
	return 2;
}

static int level_cp1252(const struct repair *r, size_t at, const unsigned char *b,
                        size_t n, uint32_t cp)
{
	if (b[0] == 0xC2 || b[0] == 0xE2)
		return L_STRONG;
	enum cont_class c1 = cont_class(cp_at(r, at + 1), b[1]);
	uint32_t prev = at > 0 ? cp_at(r, at - 1) : r->before;
	/* A capital right after a small letter is itself odd (coÃ»t, WaÅ‚Ä™sa);
	 * real capitals come after a space or another capital. */
	int in_word = n == 2 && px_cp_is_lower((int32_t)prev);
	if (b[0] == 0xC3) /* Ã: weaker before a closing mark (Portuguese «IRMÃ») */
		return c1 == K_CLOSE && b[1] != 0xA0 && b[1] != 0xAD && !in_word ? L_MEDIUM
		                                                                 : L_STRONG;
	if (cp == 0xFEFF || cp == 0xFFFD)
		return L_STRONG; /* ï»¿ and ï¿½ */
	int lv;
	if (n == 2) {
		lv = c1 == K_C1 || c1 == K_OPEN ? L_STRONG : c1 == K_SYM ? L_MEDIUM : L_WEAK;
		if (in_word && lv < L_STRONG)
			lv++;
	} else if (n == 3) {
		enum cont_class c2 = cont_class(cp_at(r, at + 2), b[2]);
		lv = c1 == K_C1 || c2 == K_C1                ? L_STRONG
		     : c1 == K_SYM || c1 == K_OPEN            ? L_MEDIUM
		                                              : L_WEAK;
	} else {
		lv = cp >= 0x1F000 && cp < 0x1FB00 ? L_STRONG : L_WEAK;
	}
	/* A letter that the languages of the press use (œ Œ š ł ć ę from
	 * Ä and Å, Romanian ș ț, Vietnamese ư ễ, a decomposed accent) is the
	 * likely reading: one level up. Anything else loses levels. */
	int imp = implausibility(cp, prev);
	if (imp == 0 && lv < L_STRONG)
		lv++;
	lv -= imp;
	return lv < L_NONE ? L_NONE : lv;
}

/* Mac OS Roman mojibake is only taken from its usual leads: √ (C3),
 * ¬ (C2), ‚ (E2), ƒ (C4), ≈ (C5), and the Apple logo (F0) of emoji.
 * Other leads are real French punctuation there (’ is D5, « is C7):
 * `L’é` would decode to Armenian. */
static int level_macroman(const struct repair *r, size_t at, const unsigned char *b,
                          uint32_t cp)
{
	uint32_t next = cp_at(r, at + 1);
	switch (b[0]) {
	case 0xC3: /* √ before a math sign is mathematics, unless in a word */
		if (px_cp_is_alpha((int32_t)(at > 0 ? cp_at(r, at - 1) : r->before)))
			return L_STRONG;
		switch (next) {
		case 0x03C0: case 0x2202: case 0x2211: case 0x220F: case 0x222B: case 0x03A9:
		case 0x2260: case 0x2264: case 0x2265: case 0x221E: case 0x00B1: case 0x00B5:
			return L_WEAK;
		}
		return L_STRONG;
	case 0xC2:
		return L_STRONG;
	case 0xE2: /* ‚Ä…, ‚Ç…, ‚Ñ…: punctuation, currency, letterlike */
		return next == 0xC4 || next == 0xC7 || next == 0xD1 ? L_STRONG : L_NONE;
	case 0xC4:
	case 0xC5:
		return L_MEDIUM;
	case 0xF0: /* the Apple logo, then an emoji */
		return cp >= 0x1F000 && cp < 0x1FB00 ? L_STRONG : L_NONE;
	}
	return L_NONE;
}

/* ---- Lazy document-wide evidence -------------------------------------- */

static void parse_units(struct repair *r, int macroman, int probe, struct units *us);
static int has_macroman_lead(const struct repair *r);

static int is_strong_anywhere(const char *s, size_t len)
{
	struct repair p = {.s = s, .len = len, .corroborated = 0};
	int found = 0;
	for (size_t i = 0; i < len && !found;) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		size_t j = i;
		while (j < len && (unsigned char)s[j] >= 0x80)
			j++;
		if (worth_loading((const unsigned char *)s, i, j)) {
			load(&p, i, j);
			int macs = has_macroman_lead(&p) ? 2 : 1;
			for (int mac = 0; mac < macs && !found; mac++) {
				struct units *us = mac ? &p.mac : &p.win;
				parse_units(&p, mac, 1, us);
				for (size_t k = 0; k < us->n && !found; k++)
					found = us->u[k].level == L_STRONG;
			}
		}
		i = j;
	}
	free(p.v);
	free(p.win.u);
	free(p.mac.u);
	return found;
}

static int corroborated(struct repair *r)
{
	if (r->corroborated < 0)
		r->corroborated = is_strong_anywhere(r->s, r->len);
	return r->corroborated;
}

/* ---- Finding units ---------------------------------------------------- */

static int enc(uint32_t cp, int macroman)
{
	return macroman ? px_macroman_from_cp(cp) : px_cp1252_from_cp(cp);
}

static struct unit *add_unit(struct units *us, size_t at, size_t n, uint32_t cp, int level)
{
	us->u = px_xgrow(us->u, &us->cap, us->n + 1, sizeof *us->u);
	struct unit *u = &us->u[us->n++];
	*u = (struct unit){at, n, cp, level, 0, 0};
	return u;
}

static int ascii_alnum(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Ã or Â at the end of the stretch, its A0 byte turned into the space that
 * follows, or dropped. Returns the character, or 0. */
static uint32_t lost_a0(struct repair *r, size_t at, int lead, int *consume)
{
	if (r->consumed)
		return 0;
	size_t a = r->end;
	int n1 = a < r->len ? (unsigned char)r->s[a] : -1;
	int n2 = a + 1 < r->len ? (unsigned char)r->s[a + 1] : -1;
	uint32_t prev = at > 0 ? cp_at(r, at - 1) : r->before;
	*consume = 0;
	if (lead == 0xC2) { /* Â« Â → « and its no-break space */
		if (n1 != ' ' || (prev < 0x80 && ascii_alnum((int)prev)))
			return 0;
		*consume = 1;
		return corroborated(r) ? 0xA0 : 0;
	}
	if (px_cp_is_lower((int32_t)prev)) { /* voilÃ , dÃ©jÃ  */
		if (n1 == ' ')
			*consume = !(n2 >= 0 && n2 < 0x80 && ascii_alnum(n2));
		else if (!(n1 < 0 || n1 == '\n' || n1 == '\r' ||
		           (n1 < 0x80 && !ascii_alnum(n1))))
			return 0;
	} else if (prev == 0 || (prev < 0x80 && !ascii_alnum((int)prev))) { /* Ã  Paris */
		if (n1 != ' ')
			return 0;
		if (n2 == ' ')
			*consume = 1;
		else if (!((n2 >= 'a' && n2 <= 'z') || n2 >= 0x80))
			return 0; /* C O N C L U S Ã O */
	} else {
		return 0;
	}
	return corroborated(r) ? 0xE0 : 0;
}

/* Finds the units of the stretch read as Windows-1252 or Mac OS Roman. In
 * a probe (looking for evidence), rules that need evidence are skipped. */
static void parse_units(struct repair *r, int macroman, int probe, struct units *us)
{
	us->n = 0;
	for (size_t i = 0; i < r->n;) {
		int b = enc(cp_at(r, i), macroman);
		if (b < 0xC2 || b > 0xF4) {
			i++;
			continue;
		}
		size_t need = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
		unsigned char bytes[4] = {(unsigned char)b};
		size_t got = 1;
		while (got < need && i + got < r->n) {
			int x = enc(cp_at(r, i + got), macroman);
			if (x < 0x80 || x > 0xBF)
				break;
			bytes[got++] = (unsigned char)x;
		}
		if (got == need && px_utf8_seq(bytes, got) == got) {
			size_t k = 0;
			int32_t cp = px_utf8_next((const char *)bytes, got, &k);
			int lv = macroman ? level_macroman(r, i, bytes, (uint32_t)cp)
			                  : level_cp1252(r, i, bytes, got, (uint32_t)cp);
			add_unit(us, i, got, (uint32_t)cp, lv);
			i += got;
			continue;
		}
		if (macroman) {
			i++;
			continue;
		}
		if (b == 0xE2 && got == 2 && bytes[1] == 0x80) {
			/* â€ and no third byte: ” lost its 9D. A U+FFFD that a
			 * decoder put for that byte goes with it. */
			size_t n = 2 + (i + 2 < r->n && cp_at(r, i + 2) == 0xFFFD);
			add_unit(us, i, n, 0x201D, L_STRONG);
			i += n;
			continue;
		}
		if (!probe && got == 1 && (b == 0xC3 || b == 0xC2)) {
			int consume = 0;
			uint32_t cp = 0;
			if (i + 1 == r->n)
				cp = lost_a0(r, i, b, &consume);
			else if (b == 0xC3 &&
			         px_cp_is_lower((int32_t)(i > 0 ? cp_at(r, i - 1) : r->before)) &&
			         corroborated(r))
				cp = 0xE0; /* là‑bas, its A0 dropped */
			if (cp)
				add_unit(us, i, 1, cp, L_STRONG)->consume = consume;
		}
		i++;
	}
}

/* ---- Rounds ------------------------------------------------------------ */

/* Decides which units to replace. Returns how many characters of the
 * stretch they cover (0: none is replaced). */
static size_t decide(struct repair *r, struct units *us)
{
	size_t covered = 0, strong = 0, medplus = 0;
	for (size_t k = 0; k < us->n; k++)
		covered += us->u[k].n;
	/* A stretch made only of units is mojibake of a whole word (Cyrillic,
	 * CJK), whatever each unit decodes to: real text does not do that by
	 * chance, unless it is two odd pairs like `É…É®`. */
	int whole = 0;
	if (us->n >= 2 && covered == r->n && r->n >= 4) {
		whole = us->n >= 3 || covered >= 6;
		for (size_t k = 0; k < us->n; k++)
			whole |= us->u[k].level > L_NONE;
	}
	for (size_t k = 0; k < us->n; k++) {
		struct unit *u = &us->u[k];
		if (whole && u->level < L_MEDIUM)
			u->level = L_MEDIUM;
		strong += u->level == L_STRONG;
		medplus += u->level >= L_MEDIUM;
	}
	size_t applied = 0;
	for (size_t k = 0; k < us->n; k++) {
		struct unit *u = &us->u[k];
		switch (u->level) {
		case L_STRONG:
			u->apply = 1;
			break;
		case L_MEDIUM:
			u->apply = medplus >= 2 || corroborated(r);
			break;
		case L_WEAK:
			u->apply = strong > 0;
			break;
		}
		if (u->apply)
			applied += u->n;
	}
	return applied;
}

/* Replaces the units decided on. */
static void rewrite(struct repair *r, const struct units *us)
{
	size_t w = 0, i = 0;
	for (size_t k = 0; k < us->n; k++) {
		const struct unit *u = &us->u[k];
		if (!u->apply)
			continue;
		while (i < u->at)
			r->v[w++] = r->v[i++];
		r->v[w++] = (struct mchar){u->cp | CHANGED, r->v[u->at].src};
		i = u->at + u->n;
		if (u->consume)
			r->consumed = 1;
	}
	while (i < r->n)
		r->v[w++] = r->v[i++];
	r->n = w;
}

static int has_macroman_lead(const struct repair *r)
{
	for (size_t i = 0; i < r->n; i++) {
		if (is_macroman_lead(cp_at(r, i)))
			return 1;
	}
	return 0;
}

/* Repairs the loaded stretch; returns nonzero when it changed. */
static int repair_stretch(struct repair *r)
{
	int changed = 0;
	/* Each round at least halves what it decodes, so a few suffice;
	 * the cap keeps crafted input linear. */
	for (int round = 0; round < 8; round++) {
		parse_units(r, 0, 0, &r->win);
		size_t win = decide(r, &r->win), mac = 0;
		if (has_macroman_lead(r)) {
			/* Both readings can find units (‚Ä¶ is … in Mac OS
			 * Roman, Ä¶ is Ķ in 1252): the one explaining more wins. */
			parse_units(r, 1, 0, &r->mac);
			mac = decide(r, &r->mac);
		}
		if (!win && !mac)
			break;
		rewrite(r, mac > win ? &r->mac : &r->win);
		changed = 1;
	}
	for (size_t i = 0; i < r->n; i++) {
		uint32_t c = px_cp1252_c1(cp_at(r, i));
		if (c) {
			r->v[i].cp = c | CHANGED;
			changed = 1;
		}
	}
	return changed;
}

/* ---- Output ------------------------------------------------------------ */

struct out {
	struct px_buf buf;
	struct px_offmap *map;
	int started;
	size_t copied; /* input bytes up to here are in buf */
	size_t repairs;
};

static void out_copy_to(struct out *o, const char *s, size_t upto)
{
	if (upto > o->copied) {
		px_buf_add(&o->buf, s + o->copied, upto - o->copied);
		if (o->map)
			px_offmap_copy(o->map, o->copied, upto - o->copied);
	}
	o->copied = upto;
}

static void out_start(struct out *o, const char *s, size_t len, size_t upto)
{
	if (!o->started) {
		o->started = 1;
		px_buf_init(&o->buf, (size_t)-1);
		if (o->map)
			px_offmap_init(o->map, len);
	}
	out_copy_to(o, s, upto);
}

static void out_cp(struct out *o, uint32_t cp, size_t src, size_t src_len)
{
	size_t before = o->buf.len;
	px_buf_add_cp(&o->buf, cp);
	if (o->map)
		px_offmap_replace(o->map, src, src_len, o->buf.len - before);
	o->repairs++;
}

static void emit_stretch(struct repair *r, struct out *o)
{
	out_start(o, r->s, r->len, r->start);
	size_t end = r->end + r->consumed;
	for (size_t i = 0; i < r->n; i++) {
		size_t a = r->start + r->v[i].src;
		size_t e = i + 1 < r->n ? r->start + r->v[i + 1].src : end;
		if (r->v[i].cp & CHANGED) {
			out_copy_to(o, r->s, a);
			out_cp(o, cp_at(r, i), a, e - a);
			o->copied = e;
		}
	}
	out_copy_to(o, r->s, end);
}

#define ONES ((uint64_t)0x0101010101010101ULL)
#define HIGHS ((uint64_t)0x8080808080808080ULL)

/* The next byte at or after i that is non-ASCII, or '&' when amp. */
static size_t skip_plain(const unsigned char *s, size_t i, size_t len, int amp)
{
	while (i + 8 <= len) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		uint64_t t = w & HIGHS;
		if (amp) {
			uint64_t x = w ^ (ONES * '&');
			t |= (x - ONES) & ~x & HIGHS;
		}
		if (t)
			break;
		i += 8;
	}
	while (i < len && s[i] < 0x80 && !(amp && s[i] == '&'))
		i++;
	return i;
}

size_t px_mojibake_repair(const char *text, size_t len, int entities, char **out,
                          size_t *out_len, struct px_offmap *map)
{
	const unsigned char *s = (const unsigned char *)text;
	struct repair r = {.s = text, .len = len, .corroborated = -1};
	struct out o = {.map = map};
	size_t i = 0;
	for (;;) {
		i = skip_plain(s, i, len, entities);
		if (i >= len)
			break;
		if (s[i] == '&') {
			uint32_t cp;
			size_t m = px_entity_match(text + i, len - i, &cp);
			if (m) {
				out_start(&o, text, len, i);
				out_cp(&o, cp, i, m);
				o.copied = i + m;
				i += m;
			} else {
				i++;
			}
			continue;
		}
		size_t j = i;
		while (j < len && s[j] >= 0x80)
			j++;
		if (worth_loading(s, i, j)) {
			load(&r, i, j);
			if (repair_stretch(&r)) {
				emit_stretch(&r, &o);
				j += r.consumed;
			}
		}
		i = j;
	}
	free(r.v);
	free(r.win.u);
	free(r.mac.u);
	if (!o.started || o.repairs == 0) {
		if (o.started) {
			px_buf_free(&o.buf);
			if (map)
				px_offmap_free(map);
		}
		return 0;
	}
	out_copy_to(&o, text, len);
	*out = px_buf_take(&o.buf, out_len);
	return o.repairs;
}
