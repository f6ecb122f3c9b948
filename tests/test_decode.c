#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "precis/decode.h"
#include "precis/doc.h"
#include "core/offmap.h"
#include "core/utf8.h"

/* ---- helpers ----------------------------------------------------------- */

struct result {
	struct precis_doc *doc;
	enum precis_status st;
	struct precis_error err;
	const char *text;
	size_t len;
};

static struct result run(const void *bytes, size_t len, const char *encoding, int no_repair)
{
	struct result r;
	r.doc = precis_doc_new("article.txt");
	struct precis_decode_opts o = {encoding, no_repair};
	precis_error_clear(&r.err);
	r.st = precis_decode(r.doc, bytes, len, &o, &r.err);
	r.text = precis_doc_text(r.doc, &r.len);
	return r;
}

static struct result runs(const char *s)
{
	return run(s, strlen(s), NULL, 0);
}

/* The decoded text must be valid UTF-8 and its map must go forward and
 * stay inside the input. */
static void check_invariants(const struct result *r)
{
	cr_assert_eq(px_utf8_valid_prefix(r->text, r->len), r->len, "invalid UTF-8 out");
	cr_assert_eq(strlen(r->text), r->len, "NUL inside the text");
	size_t src_len = precis_doc_source_length(r->doc);
	size_t prev = 0;
	for (size_t i = 0; i <= r->len; i++) {
		size_t s = precis_doc_source_offset(r->doc, i);
		cr_assert_leq(s, src_len, "offset %zu maps past the input", i);
		cr_assert_geq(s, prev, "offset %zu maps backwards", i);
		prev = s;
	}
	cr_assert_eq(precis_doc_source_offset(r->doc, r->len), src_len);
}

static void done(struct result *r)
{
	precis_doc_free(r->doc);
}

/* Decodes s and expects `want` with `repairs` repairs (or any if -1). */
static void expect_fix(const char *s, const char *want, long repairs)
{
	struct result r = runs(s);
	cr_assert_eq(r.st, PRECIS_OK, "%s: %s", s, r.err.message);
	cr_expect_str_eq(r.text, want, "«%s» gave «%s», want «%s»", s, r.text, want);
	if (repairs >= 0)
		cr_expect_eq(precis_doc_repairs(r.doc), (size_t)repairs, "«%s»: %zu repairs, want %ld",
		             s, precis_doc_repairs(r.doc), repairs);
	check_invariants(&r);
	done(&r);
}

static void expect_untouched(const char *s)
{
	expect_fix(s, s, 0);
}

/* clean UTF-8 read as Windows-1252 (undefined bytes as C1 controls) */
static char *moji(const char *clean)
{
	static const char *const c1252[32] = {
		"€", "\xC2\x81", "‚", "ƒ", "„", "…", "†", "‡", "ˆ", "‰", "Š", "‹", "Œ", "\xC2\x8D",
		"Ž", "\xC2\x8F", "\xC2\x90", "‘", "’", "“", "”", "•", "–", "—", "˜", "™", "š", "›",
		"œ", "\xC2\x9D", "ž", "Ÿ"};
	size_t n = strlen(clean), o = 0;
	char *bad = malloc(3 * n + 1);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)clean[i];
		if (c < 0x80) {
			bad[o++] = (char)c;
		} else if (c < 0xA0) {
			memcpy(bad + o, c1252[c - 0x80], strlen(c1252[c - 0x80]));
			o += strlen(c1252[c - 0x80]);
		} else {
			bad[o++] = (char)(0xC0 | (c >> 6));
			bad[o++] = (char)(0x80 | (c & 0x3F));
		}
	}
	bad[o] = '\0';
	return bad;
}

static void expect_moji_fixed(const char *clean, long repairs)
{
	char *bad = moji(clean);
	expect_fix(bad, clean, repairs);
	free(bad);
}

/* ---- charsets ---------------------------------------------------------- */

Test(decode, empty_input)
{
	struct result r = run("", 0, NULL, 0);
	cr_assert_eq(r.st, PRECIS_OK);
	cr_assert_eq(r.len, 0);
	cr_assert_str_eq(precis_doc_encoding(r.doc), "UTF-8");
	done(&r);
}

Test(decode, valid_utf8_is_kept_byte_for_byte)
{
	const char *s = "Un été à Genève : « ça va » — 5 € ; naïve café 😀\n";
	struct result r = runs(s);
	cr_assert_eq(r.st, PRECIS_OK);
	cr_assert_str_eq(r.text, s);
	cr_assert_str_eq(precis_doc_encoding(r.doc), "UTF-8");
	cr_assert_eq(precis_doc_repairs(r.doc), 0);
	for (size_t i = 0; i <= r.len; i++)
		cr_assert_eq(precis_doc_source_offset(r.doc, i), i);
	done(&r);
}

Test(decode, utf8_bom_is_dropped)
{
	const char s[] = "\xEF\xBB\xBF"
	                 "été";
	struct result r = run(s, sizeof s - 1, NULL, 0);
	cr_assert_str_eq(r.text, "été");
	cr_assert_str_eq(precis_doc_encoding(r.doc), "UTF-8");
	cr_assert_eq(precis_doc_source_offset(r.doc, 0), 3);
	cr_assert_eq(precis_doc_source_offset(r.doc, 2), 5);
	check_invariants(&r);
	done(&r);
}

Test(decode, utf16le_with_bom)
{
	/* BOM, "é", "t", "é", "!" */
	const char s[] = "\xFF\xFE\xE9\x00t\x00\xE9\x00!\x00";
	struct result r = run(s, sizeof s - 1, NULL, 0);
	cr_assert_eq(r.st, PRECIS_OK, "%s", r.err.message);
	cr_assert_str_eq(r.text, "été!");
	cr_assert_str_eq(precis_doc_encoding(r.doc), "UTF-16LE");
	cr_assert_eq(precis_doc_source_offset(r.doc, 0), 2); /* é comes from bytes 2..3 */
	cr_assert_eq(precis_doc_source_offset(r.doc, 2), 4); /* t */
	cr_assert_eq(precis_doc_source_offset(r.doc, 3), 6); /* second é */
	cr_assert_eq(precis_doc_source_offset(r.doc, 5), 8); /* ! */
	check_invariants(&r);
	done(&r);
}

Test(decode, utf16_ascii_maps_every_byte)
{
	/* BOM, "Le 5", é, "t" : ASCII in one wide run */
	const char s[] = "\xFF\xFEL\x00"
	                 "e\x00 \x00"
	                 "5\x00\xE9\x00t\x00";
	struct result r = run(s, sizeof s - 1, NULL, 0);
	cr_assert_str_eq(r.text, "Le 5ét");
	for (size_t i = 0; i < 4; i++)
		cr_assert_eq(precis_doc_source_offset(r.doc, i), 2 + 2 * i);
	cr_assert_eq(precis_doc_source_offset(r.doc, 5), 10);
	cr_assert_eq(precis_doc_source_offset(r.doc, 6), 12);
	check_invariants(&r);
	done(&r);
}

Test(decode, utf16_map_composes_with_a_repair)
{
	/* UTF-16LE holding mojibake: "xÃ©y" → "xéy" */
	const char s[] = "\xFF\xFEx\x00\xC3\x00\xA9\x00y\x00";
	struct result r = run(s, sizeof s - 1, NULL, 0);
	cr_assert_str_eq(r.text, "xéy");
	cr_assert_eq(precis_doc_source_offset(r.doc, 0), 2);
	cr_assert_eq(precis_doc_source_offset(r.doc, 1), 4);
	cr_assert_eq(precis_doc_source_offset(r.doc, 2), 4);
	cr_assert_eq(precis_doc_source_offset(r.doc, 3), 8);
	check_invariants(&r);
	done(&r);
}

Test(decode, wide_runs_compose_both_ways)
{
	struct px_offmap wide, plain, res;
	/* wide: 4 output bytes from 8 source bytes */
	px_offmap_init(&wide, 8);
	px_offmap_copy_wide(&wide, 0, 2);
	px_offmap_copy_wide(&wide, 4, 2); /* merges */
	cr_assert_eq(wide.n, 1);
	cr_assert_eq(px_offmap_lookup(&wide, 3), 6);
	/* a later stage drops the first byte */
	px_offmap_init(&plain, 4);
	px_offmap_copy(&plain, 1, 3);
	px_offmap_compose(&plain, &wide, &res);
	cr_assert_eq(px_offmap_lookup(&res, 0), 2);
	cr_assert_eq(px_offmap_lookup(&res, 2), 6);
	cr_assert_eq(px_offmap_lookup(&res, 3), 8);
	px_offmap_free(&res);
	/* and a wide map on the outside */
	struct px_offmap id;
	px_offmap_identity(&id, 8);
	px_offmap_compose(&wide, &id, &res);
	for (size_t i = 0; i < 4; i++)
		cr_assert_eq(px_offmap_lookup(&res, i), 2 * i);
	px_offmap_free(&res);
	px_offmap_free(&id);
	px_offmap_free(&wide);
	px_offmap_free(&plain);
}

Test(decode, utf16be_with_bom_and_surrogates)
{
	/* BOM, "a", U+1F600 (D83D DE00), "b" */
	const char s[] = "\xFE\xFF\x00"
	                 "a\xD8\x3D\xDE\x00\x00"
	                 "b";
	struct result r = run(s, sizeof s - 1, NULL, 0);
	cr_assert_eq(r.st, PRECIS_OK, "%s", r.err.message);
	cr_assert_str_eq(r.text, "a😀b");
	cr_assert_str_eq(precis_doc_encoding(r.doc), "UTF-16BE");
	cr_assert_eq(precis_doc_source_offset(r.doc, 1), 4);
	cr_assert_eq(precis_doc_source_offset(r.doc, 5), 8);
	check_invariants(&r);
	done(&r);
}

Test(decode, utf16_unpaired_surrogate_becomes_fffd)
{
	const char s[] = "\xFF\xFE"
	                 "a\x00\x00\xD8"
	                 "b\x00";
	struct result r = run(s, sizeof s - 1, NULL, 0);
	cr_assert_eq(r.st, PRECIS_OK, "%s", r.err.message);
	cr_assert_str_eq(r.text, "a\xEF\xBF\xBD"
	                         "b");
	check_invariants(&r);
	done(&r);
}

Test(decode, utf16le_without_bom_is_spotted_by_its_nuls)
{
	const char s[] = "L\x00"
	                 "e\x00 \x00"
	                 "c\x00h\x00\xE2\x00t\x00"
	                 "e\x00"
	                 "a\x00u\x00";
	struct result r = run(s, sizeof s - 1, NULL, 0);
	cr_assert_eq(r.st, PRECIS_OK, "%s", r.err.message);
	cr_assert_str_eq(r.text, "Le château");
	cr_assert_str_eq(precis_doc_encoding(r.doc), "UTF-16LE");
	check_invariants(&r);
	done(&r);
}

Test(decode, utf16be_without_bom_is_spotted_by_its_nuls)
{
	const char s[] = "\x00O\x00u\x00i\x00 \x00\xE0\x00 \x00t\x00o\x00i";
	struct result r = run(s, sizeof s - 1, NULL, 0);
	cr_assert_eq(r.st, PRECIS_OK, "%s", r.err.message);
	cr_assert_str_eq(r.text, "Oui à toi");
	cr_assert_str_eq(precis_doc_encoding(r.doc), "UTF-16BE");
	done(&r);
}

Test(decode, windows_1252_file)
{
	/* "café " 0x93 "cité" 0x94 " l" 0x92 "été " 0x85 " 5 " 0x80 */
	const char s[] = "caf\xE9 \x93"
	                 "cit\xE9\x94 l\x92\xE9t\xE9 \x85 5 \x80";
	struct result r = run(s, sizeof s - 1, NULL, 0);
	cr_assert_eq(r.st, PRECIS_OK);
	cr_assert_str_eq(r.text, "café “cité” l’été … 5 €");
	cr_assert_str_eq(precis_doc_encoding(r.doc), "windows-1252");
	cr_assert_eq(precis_doc_repairs(r.doc), 0);
	/* "caf" is 3 bytes; é is text bytes 3..4, from source byte 3 */
	cr_assert_eq(precis_doc_source_offset(r.doc, 3), 3);
	cr_assert_eq(precis_doc_source_offset(r.doc, 4), 3);
	/* the byte after é maps to the source byte after 0xE9 */
	cr_assert_eq(precis_doc_source_offset(r.doc, 5), 4);
	check_invariants(&r);
	done(&r);
}

Test(decode, windows_1252_c1_bytes)
{
	const char s[] = "\x92|\x93|\x94|\x85|\x96|\x97|\x80|\x9C|\x8C";
	struct result r = run(s, sizeof s - 1, NULL, 0);
	cr_assert_str_eq(r.text, "’|“|”|…|–|—|€|œ|Œ");
	cr_assert_str_eq(precis_doc_encoding(r.doc), "windows-1252");
	check_invariants(&r);
	done(&r);
}

Test(decode, windows_1252_capital_before_symbol_stays_1252)
{
	/* C9 85 is valid UTF-8 (U+0245), but in a 1252 file it is "É…" */
	const char s[] = "MARQU\xC9\x85 \xE0 la cl\xE9\nNESTL\xC9\xAE seul\n";
	struct result r = run(s, sizeof s - 1, NULL, 0);
	cr_assert_str_eq(r.text, "MARQUÉ… à la clé\nNESTLÉ® seul\n");
	cr_assert_str_eq(precis_doc_encoding(r.doc), "windows-1252");
	check_invariants(&r);
	done(&r);
}

Test(decode, invalid_byte_in_the_middle_of_utf8)
{
	/* a UTF-8 article with one line saved in Windows-1252 */
	const char s[] = "Première ligne, « très » bien.\n"
	                 "Deuxi\xE8me ligne, l\x92\xE9t\xE9.\n"
	                 "Troisième ligne — ça va.\n";
	struct result r = run(s, sizeof s - 1, NULL, 0);
	cr_assert_eq(r.st, PRECIS_OK);
	cr_assert_str_eq(r.text, "Première ligne, « très » bien.\n"
	                         "Deuxième ligne, l’été.\n"
	                         "Troisième ligne — ça va.\n");
	cr_assert_str_eq(precis_doc_encoding(r.doc), "UTF-8");
	cr_assert_eq(precis_doc_repairs(r.doc), 4);
	check_invariants(&r);
	done(&r);
}

Test(decode, stray_byte_inside_a_utf8_line)
{
	const char s[] = "Le café\x92s été très chaud, déjà.";
	struct result r = run(s, sizeof s - 1, NULL, 0);
	cr_assert_str_eq(r.text, "Le café’s été très chaud, déjà.");
	cr_assert_str_eq(precis_doc_encoding(r.doc), "UTF-8");
	cr_assert_eq(precis_doc_repairs(r.doc), 1);
	check_invariants(&r);
	done(&r);
}

Test(decode, truncated_utf8_at_the_end)
{
	const char s[] = "été \xE2\x80";
	struct result r = run(s, sizeof s - 1, NULL, 1);
	cr_assert_eq(r.st, PRECIS_OK);
	cr_assert_str_eq(r.text, "été â€");
	check_invariants(&r);
	done(&r);
}

Test(decode, named_encoding_iso_8859_15)
{
	/* A4 is € and BD is œ in ISO-8859-15 (¤ and ½ in Latin-1) */
	const char s[] = "5 \xA4, \xBDuvre, \xE9t\xE9";
	struct result r = run(s, sizeof s - 1, "ISO-8859-15", 0);
	cr_assert_eq(r.st, PRECIS_OK, "%s", r.err.message);
	cr_assert_str_eq(r.text, "5 €, œuvre, été");
	cr_assert_str_eq(precis_doc_encoding(r.doc), "ISO-8859-15");
	cr_assert_eq(precis_doc_source_offset(r.doc, 2), 2); /* € */
	cr_assert_eq(precis_doc_source_offset(r.doc, 5), 3); /* the comma after it */
	check_invariants(&r);
	done(&r);
}

Test(decode, named_encoding_utf16le_without_bom)
{
	const char s[] = "h\x00\xE9\x00";
	struct result r = run(s, sizeof s - 1, "UTF-16LE", 0);
	cr_assert_eq(r.st, PRECIS_OK, "%s", r.err.message);
	cr_assert_str_eq(r.text, "hé");
	cr_assert_str_eq(precis_doc_encoding(r.doc), "UTF-16LE");
	done(&r);
}

Test(decode, auto_means_detection)
{
	const char s[] = "caf\xE9";
	struct result r = run(s, sizeof s - 1, "auto", 0);
	cr_assert_str_eq(r.text, "café");
	cr_assert_str_eq(precis_doc_encoding(r.doc), "windows-1252");
	done(&r);
}

Test(decode, unknown_encoding_is_a_usage_error)
{
	struct result r = run("abc", 3, "klingon-8", 0);
	cr_assert_eq(r.st, PRECIS_E_USAGE);
	cr_assert(strstr(r.err.message, "klingon-8"), "%s", r.err.message);
	cr_assert(strstr(r.err.message, "article.txt"), "%s", r.err.message);
	cr_assert_eq(r.len, 0);
	done(&r);
}

/* ICU's x11-compound-text converter writes no offsets at all: the map must
 * not be made of whatever the offset buffer held before (here, the offsets
 * of a long UTF-16 file decoded just before, in the same heap block). */
Test(decode, named_encoding_that_gives_no_offsets)
{
	size_t n = 80000;
	char *wide = calloc(n, 1);
	for (size_t i = 0; i < n; i += 2)
		wide[i] = 'a';
	struct result big = run(wide, n, "UTF-16LE", 0);
	cr_assert_eq(big.st, PRECIS_OK, "%s", big.err.message);
	done(&big);
	free(wide);

	const char s[] = "Le d\xe9"
	                 "bat a \xe9t\xe9 tranch\xe9 hier soir.";
	struct result r = run(s, sizeof s - 1, "x11-compound-text", 0);
	cr_assert_eq(r.st, PRECIS_OK, "%s", r.err.message);
	cr_assert_str_eq(r.text, "Le débat a été tranché hier soir.");
	check_invariants(&r);
	done(&r);
}

Test(decode, legacy_cyrillic_is_detected)
{
	/* "Москва — столица России, крупнейший по численности населения город
	 * страны. Город стоит на реке Москве, в центре Восточно-Европейской
	 * равнины." in windows-1251 */
	const char s[] =
		"\xCC\xEE\xF1\xEA\xE2\xE0 \x97 \xF1\xF2\xEE\xEB\xE8\xF6\xE0 \xD0\xEE\xF1\xF1"
		"\xE8\xE8, \xEA\xF0\xF3\xEF\xED\xE5\xE9\xF8\xE8\xE9 \xEF\xEE \xF7\xE8\xF1\xEB"
		"\xE5\xED\xED\xEE\xF1\xF2\xE8 \xED\xE0\xF1\xE5\xEB\xE5\xED\xE8\xFF \xE3\xEE"
		"\xF0\xEE\xE4 \xF1\xF2\xF0\xE0\xED\xFB. \xC3\xEE\xF0\xEE\xE4 \xF1\xF2\xEE\xE8"
		"\xF2 \xED\xE0 \xF0\xE5\xEA\xE5 \xCC\xEE\xF1\xEA\xE2\xE5, \xE2 \xF6\xE5\xED"
		"\xF2\xF0\xE5 \xC2\xEE\xF1\xF2\xEE\xF7\xED\xEE-\xC5\xE2\xF0\xEE\xEF\xE5\xE9"
		"\xF1\xEA\xEE\xE9 \xF0\xE0\xE2\xED\xE8\xED\xFB.";
	struct result r = run(s, sizeof s - 1, NULL, 0);
	cr_assert_eq(r.st, PRECIS_OK);
	cr_assert_str_eq(precis_doc_encoding(r.doc), "windows-1251");
	cr_assert(strncmp(r.text, "Москва — столица", strlen("Москва — столица")) == 0, "%s",
	          r.text);
	check_invariants(&r);
	done(&r);
}

/* ---- refusals ---------------------------------------------------------- */

Test(decode, nul_bytes_are_refused_as_binary)
{
	const char s[] = "PK\x03\x04\x00\x00\x01\x02\x03\xFF\xFE\x00\x00\x10\x11zzzzzzzz";
	struct result r = run(s, sizeof s - 1, NULL, 0);
	cr_assert_eq(r.st, PRECIS_E_INPUT);
	cr_assert(strstr(r.err.message, "article.txt"), "%s", r.err.message);
	cr_assert(strstr(r.err.message, "binary"), "%s", r.err.message);
	cr_assert(strstr(r.err.message, "offset 4"), "%s", r.err.message);
	cr_assert(strstr(r.err.message, "--encoding UTF-16LE"), "%s", r.err.message);
	cr_assert_str_eq(r.err.where, "article.txt");
	cr_assert_eq(r.len, 0);
	done(&r);
}

Test(decode, control_characters_are_refused_as_binary)
{
	char s[200];
	for (size_t i = 0; i < sizeof s; i++)
		s[i] = (char)(i % 3 ? 'a' + i % 26 : 1 + i % 7);
	struct result r = run(s, sizeof s, NULL, 0);
	cr_assert_eq(r.st, PRECIS_E_INPUT);
	cr_assert(strstr(r.err.message, "article.txt"), "%s", r.err.message);
	cr_assert(strstr(r.err.message, "binary"), "%s", r.err.message);
	done(&r);
}

Test(decode, a_few_control_characters_are_text)
{
	const char s[] = "Titre\x0B sous-titre\f\nUn texte \x07normal\x1A";
	struct result r = run(s, sizeof s - 1, NULL, 0);
	cr_assert_eq(r.st, PRECIS_OK, "%s", r.err.message);
	cr_assert_str_eq(r.text, s);
	done(&r);
}

Test(decode, nul_after_decoding_is_refused)
{
	const char s[] = "\xFF\xFE"
	                 "a\x00\x00\x00"
	                 "b\x00";
	struct result r = run(s, sizeof s - 1, NULL, 0);
	cr_assert_eq(r.st, PRECIS_E_INPUT);
	cr_assert(strstr(r.err.message, "NUL byte at offset 4"), "%s", r.err.message);
	done(&r);
}

Test(decode, too_large_input_is_refused)
{
	/* the length is checked before any byte is read */
	struct result r = run("x", (size_t)PRECIS_MAX_INPUT + 1, NULL, 0);
	cr_assert_eq(r.st, PRECIS_E_INPUT);
	cr_assert(strstr(r.err.message, "article.txt"), "%s", r.err.message);
	cr_assert(strstr(r.err.message, "too large"), "%s", r.err.message);
	done(&r);
}

/* ---- mojibake: each sequence ------------------------------------------ */

Test(mojibake, every_listed_sequence)
{
	static const char *const cases[][2] = {
		{"Il a Ã©tÃ© Ã©lu.", "Il a été élu."},
		{"la premiÃ¨re fois", "la première fois"},
		{"Ã§a marche", "ça marche"},
		{"Ã‰cole publique", "École publique"},
		{"un Å“uvre", "un œuvre"},
		{"Å’uvre Ã©trange", "Œuvre étrange"},
		{"câ€™est lâ€™heure", "c’est l’heure"},
		{"â€œOuiâ€\xC2\x9D, dit-il", "“Oui”, dit-il"},
		{"2010â€“2020", "2010–2020"},
		{"Non â€” jamais", "Non — jamais"},
		{"Et puisâ€¦", "Et puis…"},
		{"Quoiâ€¯?", "Quoi\u202F?"},
		{"5â€‰000 habitants", "5\u2009000 habitants"},
		{"10 â‚¬", "10 €"},
		{"ÃƒÂ©tÃƒÂ©", "été"},
		{"la fenÃªtre, lâ€™Ã®le, lâ€™hÃ´tel", "la fenêtre, l’île, l’hôtel"},
		{"Ã€ Paris, Ã‡a", "À Paris, Ça"},
		{"ï»¿Titre", "\uFEFFTitre"},
		{"ðŸ˜€ super", "😀 super"},
		{"â„¢ et Â©", "™ et ©"},
		{"Â°C", "°C"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		expect_fix(cases[i][0], cases[i][1], -1);
}

Test(mojibake, a_tilde_before_a_closing_mark)
{
	/* «IRMÃ» is Portuguese; inside a word or beside other mojibake, Ã» is û */
	expect_untouched("«IRMÃ», «MAÇÃ»");
	expect_untouched("HÃ”TEL");
	expect_fix("coÃ»t, sÃ»r, aoÃ»t", "coût, sûr, août", 3);
	expect_fix("Ã©tÃ© Ã  lâ€™HÃ”TEL", "été à l’HÔTEL", 5);
	expect_fix("Ã–sterreich, Ã©tÃ©", "Österreich, été", 3);
}

Test(mojibake, counts_one_repair_per_character)
{
	expect_fix("Ã©tÃ©", "été", 2);
	expect_fix("ÃƒÂ©", "é", 1);
	expect_fix("câ€™est", "c’est", 1);
}

Test(mojibake, closing_quote_that_lost_its_last_byte)
{
	expect_fix("â€œBonjourâ€ dit-il", "“Bonjour” dit-il", 2);
	expect_fix("â€œBonjourâ€", "“Bonjour”", 2);
	expect_fix("â€œBonjourâ€.", "“Bonjour”.", 2);
	expect_fix("â€œBonjourâ€\n", "“Bonjour”\n", 2);
	/* a decoder put U+FFFD for the lost byte: it goes too */
	expect_fix("â€œBonjourâ€\uFFFD ici", "“Bonjour” ici", 2);
	/* a whole † (E2 80 A0) is a dagger */
	expect_fix("noteâ€\u00A0", "note†", 1);
}

Test(mojibake, a_grave_whose_a0_became_a_space)
{
	/* A0 turned into a space: "à Paris" → "Ã  Paris" */
	expect_fix("Il est allÃ© Ã  Paris.", "Il est allé à Paris.", 2);
	expect_fix("Il est dÃ©jÃ  lÃ .", "Il est déjà là.", 3);
	expect_fix("Câ€™est dÃ©jÃ  vu, voilÃ  !", "C’est déjà vu, voilà !", 4);
	/* A0 dropped: "à la" → "Ã la" */
	expect_fix("Ã©tÃ© Ã la plage", "été à la plage", 3);
	expect_fix("l’Ã©tÃ©, voilÃ", "l’été, voilà", 3);
	expect_fix("Ã©tÃ© lÃâ€‘bas", "été là‑bas", 4);
}

Test(mojibake, a_grave_needs_evidence_elsewhere)
{
	expect_untouched("la lettre Ã est rare");
	expect_untouched("voilÃ  tout");
}

Test(mojibake, guillemet_and_its_nbsp)
{
	expect_fix("Â«Â Bonjour Â Â»", "«\u00A0Bonjour \u00A0»", 4);
	expect_fix("Â«\u00A0Oui\u00A0Â»", "«\u00A0Oui\u00A0»", 2);
	expect_fix("Â«Â\u00A0Non Â»", "«\u00A0Non »", 3);
}

Test(mojibake, mac_roman)
{
	expect_fix("caf√© √† la cr√®me", "café à la crème", 3);
	expect_fix("l‚Äôarbre", "l’arbre", 1);
	expect_fix("¬´ oui ¬ª", "« oui »", 2);
	expect_fix("la r√©ponse‚Ä¶", "la réponse…", 2);
	/* √ before a math sign is mathematics */
	expect_untouched("√π ≈ 1,77 et √2");
}

Test(mojibake, c1_controls_in_utf8_text)
{
	expect_fix("l\xC2\x92heure", "l’heure", 1);
	expect_fix("\xC2\x93oui\xC2\x94", "“oui”", 2);
	expect_fix("et\xC2\x85", "et…", 1);
	expect_fix("2010\xC2\x96" "2020", "2010–2020", 1);
	expect_fix("5 \xC2\x80", "5 €", 1);
	expect_fix("\xC2\x9Cuvre", "œuvre", 1);
	/* C1 controls as mojibake continuations (Latin-1 reading) */
	expect_fix("\xC3\x83\xC2\x89" "cole", "École", 1);
	expect_fix("c\xC3\xA2\xC2\x80\xC2\x99" "est", "c’est", 1);
	/* no Windows-1252 character for 0x81: left as it is */
	expect_untouched("a\xC2\x81" "b");
}

Test(mojibake, other_scripts_as_whole_words)
{
	expect_moji_fixed("été à Москва", 9);
	expect_moji_fixed("中文", 2);
	expect_moji_fixed("エウア", 3);
	expect_moji_fixed("été à Αθήνα", 8);
}

Test(mojibake, latin_extended_names)
{
	expect_fix("Lech WaÅ‚Ä™sa", "Lech Wałęsa", 2);
	expect_fix("DvoÅ™Ã¡k", "Dvořák", 2);
	expect_moji_fixed("été à Brașov", 4);
	expect_moji_fixed("été à Nguyễn", 4);
}

Test(mojibake, decomposed_accents)
{
	/* e + U+0301 (CC 81) read as Windows-1252 with 81 kept as a C1 */
	expect_fix("cafe\xC3\x8C\xC2\x81", "cafe\u0301", 1);
}

/* ---- mojibake: what must stay ------------------------------------------ */

Test(mojibake, leaves_correct_text_alone)
{
	static const char *const cases[] = {
		"MARQUÉ…",
		"L’épisode",
		"NESTLÉ®",
		"HÅØYA",
		"5×£35",
		"C O N C L U S Ã O",
		"Ã",
		"São Paulo",
		"ÃO",
		"NÃO, IRMÃ E MÃE",
		"CAFÉ”, L’ÉTÉ’S, DÉLÉGUÉ·E·S",
		"« C’est l’été », a-t-il dit. — Où ça ?",
		"À bientôt ; Ça ira ; Ô rage ; Île-de-France ; Œuvre",
		"été\u00A0» et à\u00A0« et ça\u00A0»",
		"Straße, Ærø, Øresund, Åland, Zürich, Ångström",
		"Señor Núñez : ¿Qué pasa? ¡Olé!",
		"© 2024 ; 35 °C ; 12 m² ; ½ ; N° 5 ; 1ª",
		"Coca‑Cola™, Nestlé®, ÉTÉ™",
		"Москва, Αθήνα, 中文, 😀",
		"PROHLÍŽEČ, Dvořák, Łódź",
		"√2 ≈ 1,41 ; ¬p",
		"AT&T, R&D, &foo;, Q&A, a & b, &amp",
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		expect_untouched(cases[i]);
}

Test(mojibake, leaves_correct_text_alone_even_beside_mojibake)
{
	/* evidence elsewhere in the document must not make weak pairs count */
	expect_fix("Ã©tÃ©. MARQUÉ… NESTLÉ® 5×£35 C O N C L U S Ã O HÅØYA L’épisode",
	           "été. MARQUÉ… NESTLÉ® 5×£35 C O N C L U S Ã O HÅØYA L’épisode", 2);
}

static const char clean_french[] =
	"Le conseil municipal adopte un plan pour les écoles\n"
	"\n"
	"Par Hélène Marchetti — publié le 14 novembre à 18 h 05\n"
	"\n"
	"Après quatre heures de débat, les élus ont voté mardi soir le plan de rénovation "
	"des écoles primaires. «\u00A0Nous ne pouvions plus attendre\u00A0», a déclaré "
	"l’adjointe chargée de l’éducation, qui chiffre l’œuvre à 120\u202Fmillions "
	"d’euros (soit 20\u00A0M€ par an). L’opposition s’est abstenue\u202F; elle juge le "
	"calendrier «\u00A0irréaliste\u00A0» et demande\u202F: «\u00A0Qui paiera\u202F?\u00A0»\n"
	"\n"
	"Selon le rapport, près d’un tiers des bâtiments datent d’avant 1970. À Lyon comme "
	"à Saint-Étienne, les parents d’élèves — réunis en collectif — saluent une "
	"«\u00A0avancée\u00A0» mais réclament des garanties… Ça ira, dit-on à l’Hôtel de "
	"Ville. ÉCOLES, CŒUR DU PROJET\u202F! Coût\u00A0: 35\u00A0% de plus qu’en 2019.\n"
	"\n"
	"Lire aussi\u00A0: «\u00A0Éducation\u00A0: l’État promet 1\u202F000 postes\u00A0»\n"
	"Partager sur Facebook · Twitter · E-mail\n";

Test(mojibake, clean_french_article_passes_byte_identical)
{
	struct result r = run(clean_french, sizeof clean_french - 1, NULL, 0);
	cr_assert_eq(r.st, PRECIS_OK);
	cr_assert_eq(r.len, sizeof clean_french - 1);
	cr_assert(memcmp(r.text, clean_french, r.len) == 0);
	cr_assert_eq(precis_doc_repairs(r.doc), 0);
	done(&r);
}

Test(mojibake, clean_english_article_passes_byte_identical)
{
	static const char s[] =
		"Council backs school plan after four-hour debate\n\n"
		"By Helen Marsh — November 14, 2024\n\n"
		"“We could not wait any longer,” the deputy mayor said, putting the cost at "
		"$120 million (€110 million). The opposition’s leader called it “naïve” — "
		"and added: ‘Who pays?’ Café owners in the Rhône area… didn’t comment. "
		"Coca‑Cola™ and Nestlé® declined. © 2024 The Daily Record. 5×3 = 15; ±2 °C.\n";
	expect_untouched(s);
}

Test(mojibake, damaged_french_article_comes_back)
{
	/* the clean article encoded as UTF-8 then read as Windows-1252 */
	char *bad = moji(clean_french);
	size_t n = strlen(bad);
	struct result r = run(bad, n, NULL, 0);
	cr_assert_eq(r.st, PRECIS_OK);
	cr_assert_str_eq(r.text, clean_french);
	cr_assert_gt(precis_doc_repairs(r.doc), 50);
	check_invariants(&r);
	done(&r);
	free(bad);
}

/* ---- entities ---------------------------------------------------------- */

Test(entities, decoded)
{
	static const char *const cases[][2] = {
		{"caf&eacute; &Eacute;t&eacute;", "café Été"},
		{"l&#8217;heure", "l’heure"},
		{"l&#x2019;heure &#X2019;", "l’heure ’"},
		{"it&#39;s", "it's"},
		{"a&nbsp;b", "a\u00A0b"},
		{"A &amp; B &lt;b&gt; &quot;q&quot; &apos;", "A & B <b> \"q\" '"},
		{"&laquo;&nbsp;oui&nbsp;&raquo;", "«\u00A0oui\u00A0»"},
		{"&lsquo;&rsquo;&ldquo;&rdquo;&sbquo;&bdquo;", "‘’“”‚„"},
		{"&ndash;&mdash;&hellip;&euro;&oelig;&OElig;", "–—…€œŒ"},
		{"a&thinsp;b&ensp;c&emsp;d&hairsp;e", "a\u2009b\u2002c\u2003d\u200Ae"},
		{"&agrave;&ccedil;&ecirc;&icirc;&ocirc;&ucirc;&euml;&iuml;&yuml;",
		 "àçêîôûëïÿ"},
		{"&copy;&reg;&trade;&deg;&sect;&para;&middot;&times;", "©®™°§¶·×"},
		{"&#146;&#147;&#148;&#133;&#150;&#128;", "’“”…–€"},
		{"&#x1F600;", "😀"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		expect_fix(cases[i][0], cases[i][1], -1);
}

Test(entities, count_as_repairs)
{
	expect_fix("l&#8217;&eacute;t&eacute;", "l’été", 3);
}

Test(entities, malformed_or_unknown_stay)
{
	static const char *const cases[] = {
		"AT&T",      "R&D",      "&foo;",     "&amp",        "&eacute",   "& amp;",
		"&#;",       "&#x;",     "&#xZZ;",    "&#0;",        "&#129;",    "&#xD800;",
		"&#1114112;", "&#99999999999;", "&Amp;", "&nnbsp;", "&;", "a&b;c",
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		expect_untouched(cases[i]);
}

Test(entities, only_one_level)
{
	expect_fix("&amp;eacute;", "&eacute;", 1);
}

/* ---- options and maps -------------------------------------------------- */

Test(decode, no_repair_keeps_mojibake_and_entities)
{
	const char *s = "Ã©tÃ© &eacute; \xC2\x92";
	struct result r = run(s, strlen(s), NULL, 1);
	cr_assert_str_eq(r.text, s);
	cr_assert_eq(precis_doc_repairs(r.doc), 0);
	done(&r);
	/* the charset is still decoded */
	const char w[] = "caf\xE9 \x92";
	r = run(w, sizeof w - 1, NULL, 1);
	cr_assert_str_eq(r.text, "café ’");
	done(&r);
}

Test(decode, map_of_a_mojibake_repair)
{
	/* source "xÃ©y": x (0), Ã (1..2), © (3..4), y (5) → "xéy" */
	struct result r = runs("xÃ©y");
	cr_assert_str_eq(r.text, "xéy");
	cr_assert_eq(precis_doc_source_offset(r.doc, 0), 0);
	cr_assert_eq(precis_doc_source_offset(r.doc, 1), 1);
	cr_assert_eq(precis_doc_source_offset(r.doc, 2), 1);
	cr_assert_eq(precis_doc_source_offset(r.doc, 3), 5);
	cr_assert_eq(precis_doc_source_offset(r.doc, 4), 6);
	done(&r);
}

Test(decode, map_of_an_entity)
{
	struct result r = runs("a&amp;b&#8217;c");
	cr_assert_str_eq(r.text, "a&b’c");
	cr_assert_eq(precis_doc_source_offset(r.doc, 1), 1);
	cr_assert_eq(precis_doc_source_offset(r.doc, 2), 6);  /* b */
	cr_assert_eq(precis_doc_source_offset(r.doc, 3), 7);  /* ’ */
	cr_assert_eq(precis_doc_source_offset(r.doc, 6), 14); /* c */
	done(&r);
}

Test(decode, map_through_1252_then_mojibake)
{
	/* a Windows-1252 file whose text holds UTF-8 mojibake bytes C3 A9
	 * (read as "Ã©") next to real 1252 letters */
	const char s[] = "\xE9t\xE9 / \xC3\xA9t\xC3\xA9 !";
	struct result r = run(s, sizeof s - 1, NULL, 0);
	cr_assert_str_eq(r.text, "été / été !");
	size_t second = strlen("été / ");
	cr_assert_eq(precis_doc_source_offset(r.doc, second), 6);     /* C3 A9 starts at 6 */
	cr_assert_eq(precis_doc_source_offset(r.doc, second + 2), 8); /* t */
	check_invariants(&r);
	done(&r);
}

Test(decode, map_of_a_consumed_space)
{
	/* "Ã  x" : the space after Ã was its A0 byte and belongs to à */
	struct result r = runs("Ã©Ã  x");
	cr_assert_str_eq(r.text, "éà x");
	cr_assert_eq(precis_doc_source_offset(r.doc, 2), 4); /* à from Ã */
	cr_assert_eq(precis_doc_source_offset(r.doc, 4), 7); /* the space left */
	cr_assert_eq(precis_doc_source_offset(r.doc, 5), 8); /* x */
	check_invariants(&r);
	done(&r);
}

/* ---- precis_repair_utf8 ------------------------------------------------ */

Test(repair_utf8, repairs_and_counts)
{
	char *out;
	size_t len;
	size_t n = precis_repair_utf8("câ€™est l&#8217;Ã©tÃ©", strlen("câ€™est l&#8217;Ã©tÃ©"),
	                              &out, &len);
	cr_assert_str_eq(out, "c’est l’été");
	cr_assert_eq(len, strlen("c’est l’été"));
	cr_assert_eq(n, 4);
	free(out);
}

Test(repair_utf8, clean_text_is_copied)
{
	char *out;
	size_t n = precis_repair_utf8("« déjà »", strlen("« déjà »"), &out, NULL);
	cr_assert_eq(n, 0);
	cr_assert_str_eq(out, "« déjà »");
	free(out);
}

Test(repair_utf8, invalid_bytes_read_as_1252)
{
	char *out;
	size_t len;
	size_t n = precis_repair_utf8("l\x92\xE9t\xE9 \xC3\xA9", 8, &out, &len);
	cr_assert_str_eq(out, "l’été é");
	cr_assert_eq(n, 3);
	free(out);
}

Test(repair_utf8, only_the_given_length)
{
	char *out;
	size_t len;
	precis_repair_utf8("Ã©tÃ©", 4, &out, &len);
	cr_assert_str_eq(out, "é");
	cr_assert_eq(len, 2);
	free(out);
}

/* ---- robustness -------------------------------------------------------- */

static uint32_t rnd(uint32_t *state)
{
	*state = *state * 1103515245u + 12345u;
	return *state >> 8;
}

Test(robust, random_bytes_never_give_invalid_utf8)
{
	/* bytes drawn mostly from the troublesome ranges */
	static const unsigned char pool[] = {
		'a', 'e', ' ', '\n', '&', '#', ';', 'x', '9', 0xC2, 0xC3, 0xC5, 0xE2, 0x80, 0x82, 0x84,
		0x93, 0x99, 0x9C, 0x9D, 0xA0, 0xA9, 0xAB, 0xBB, 0xE0, 0xE9, 0xEF, 0xF0, 0x9F, 0xCC,
		0x81, 0xBF, 0xFF, 0xFE, 0x8D};
	uint32_t st = 42;
	char buf[300];
	for (int t = 0; t < 3000; t++) {
		size_t n = rnd(&st) % sizeof buf;
		for (size_t i = 0; i < n; i++)
			buf[i] = (char)pool[rnd(&st) % sizeof pool];
		struct result r = run(buf, n, NULL, 0);
		cr_assert_eq(r.st, PRECIS_OK, "%s", r.err.message);
		check_invariants(&r);
		done(&r);
		char *out;
		size_t len;
		precis_repair_utf8(buf, n, &out, &len);
		cr_assert_eq(px_utf8_valid_prefix(out, len), len);
		free(out);
	}
}

Test(robust, random_mojibake_of_valid_text_is_valid)
{
	/* valid UTF-8 of random code points from the ranges that make units */
	static const uint32_t pool[] = {
		'a', ' ', 0xC2, 0xC3, 0xC5, 0xE2, 0xA0, 0xA9, 0xAB, 0xBB, 0x20AC, 0x2122, 0x201A,
		0x2019, 0x201C, 0x0153, 0x0160, 0x0092, 0x009D, 0x221A, 0x00AC, 0x2248, 0xF8FF,
		0xFFFD, 0x00E9, 0x00F0, 0x0178, 0x00C9, 0x2026, 0x00EF};
	uint32_t st = 7;
	char buf[1200];
	for (int t = 0; t < 3000; t++) {
		size_t n = 0, k = rnd(&st) % 200;
		for (size_t i = 0; i < k; i++)
			n += px_utf8_encode(pool[rnd(&st) % (sizeof pool / sizeof *pool)], buf + n);
		buf[n] = '\0';
		struct result r = run(buf, n, NULL, 0);
		cr_assert_eq(r.st, PRECIS_OK, "%s", r.err.message);
		check_invariants(&r);
		done(&r);
	}
}

Test(robust, long_line_of_mojibake)
{
	/* one 1 MB line, no newline: linear and exact */
	const char *unit = "Ã©tÃ© â€œlÃ â€ ";
	const char *want = "été “là” ";
	size_t ul = strlen(unit), wl = strlen(want), reps = (1 << 20) / ul;
	char *s = malloc(ul * reps + 1), *w = malloc(wl * reps + 1);
	for (size_t i = 0; i < reps; i++) {
		memcpy(s + i * ul, unit, ul);
		memcpy(w + i * wl, want, wl);
	}
	s[ul * reps] = w[wl * reps] = '\0';
	struct result r = run(s, ul * reps, NULL, 0);
	cr_assert_eq(r.st, PRECIS_OK);
	cr_assert_eq(r.len, wl * reps);
	cr_assert(memcmp(r.text, w, r.len) == 0);
	cr_assert_eq(precis_doc_repairs(r.doc), 5 * reps);
	done(&r);
	free(s);
	free(w);
}

Test(robust, long_stretch_without_ascii)
{
	/* 300 000 non-ASCII characters in one stretch */
	size_t n = 300000;
	char *s = malloc(2 * n + 1);
	for (size_t i = 0; i < n; i++)
		memcpy(s + 2 * i, i % 2 ? "\xC2\xA9" : "\xC3\x83", 2); /* "Ã©Ã©..." */
	s[2 * n] = '\0';
	struct result r = run(s, 2 * n, NULL, 0);
	cr_assert_eq(r.st, PRECIS_OK);
	cr_assert_eq(r.len, n); /* é (2 bytes) for every two characters */
	check_invariants(&r);
	done(&r);
	free(s);
}
