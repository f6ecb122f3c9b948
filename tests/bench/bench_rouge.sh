#!/bin/sh
# bench_rouge.sh — ROUGE-1 and ROUGE-2 F1 of three summarizers against the
# fixtures' reference summaries (fixtures/<lang>/NAME.summary, issue #5).
# A benchmark, not a test: it asserts nothing.
#
#   tests/bench/bench_rouge.sh            (from the source tree, after ninja)
#
# Systems, each given the same input: the article's body as
# `precis segment --strip` finds it (boilerplate left out), without the
# title line (the first paragraph when NAME.expect has a `title:` other
# than none):
#   LEAD-3   the body's first three sentences;
#   ots      the Open Text Summarizer (Debian package `ots`), run as
#            `ots --ratio=R --dic=LANG BODY`; ots keeps R % of the words,
#            so R = ceil(100 * LEAD-3 words / body words) gives it the
#            same length as LEAD-3 (OTS_RATIO fixes R); a missing ots is
#            reported and skipped:
#            this script installs nothing (`apt-get install ots`);
#   precis   `precis summarize --backend none --format text`, when the
#            build has that command.
#
# Knobs: BUILD (build dir, default build), KEEP=1 keeps the candidates
# (their folder is printed), CC (default cc), OTS (default ots), STEM=1
# stems the tokens with the article's Snowball stemmer (libstemmer) before
# scoring (the README's figures are without).
set -eu

src=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD:-$src/build}
case $build in /*) ;; *) build=$src/$build ;; esac
precis=$build/src/cli/precis
cc=${CC:-cc}
ots=${OTS:-ots}

if [ ! -x "$precis" ]; then
	echo "bench_rouge: $precis not found; build first (meson setup build && ninja -C build) or set BUILD" >&2
	exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/bench_rouge.XXXXXX")
if [ "${KEEP:-0}" = 1 ]; then
	echo "candidates kept in $work"
else
	trap 'rm -rf "$work"' EXIT INT TERM
fi

rouge=$work/rouge
stem=
if echo '#include <libstemmer.h>' | $cc -E -x c - >/dev/null 2>&1; then
	$cc -std=c11 -O2 -DROUGE_STEMMER -o "$rouge" "$src/tests/bench/rouge.c" -lstemmer -lm
	# The pair lines name each article's language: --stem's own is a
	# default that every line overrides.
	[ "${STEM:-0}" = 1 ] && stem="--stem en"
else
	[ "${STEM:-0}" = 1 ] && echo "bench_rouge: no libstemmer.h, scoring without stemming" >&2
	$cc -std=c11 -O2 -o "$rouge" "$src/tests/bench/rouge.c" -lm
fi
"$rouge" --self-test >/dev/null || { echo "bench_rouge: rouge --self-test failed" >&2; exit 1; }

have_ots=0
if command -v "$ots" >/dev/null 2>&1; then
	have_ots=1
else
	echo "ots: not installed, column skipped (Debian: apt-get install ots)"
fi
have_precis=0
if "$precis" --help 2>&1 | grep -q '^ *summarize '; then
	have_precis=1
else
	echo "precis: not available yet (no 'precis summarize' in this build)"
fi

systems="lead3"
[ $have_ots = 1 ] && systems="$systems ots"
[ $have_precis = 1 ] && systems="$systems precis"

for ref in "$src"/fixtures/*/*.summary; do
	lang=$(basename "$(dirname "$ref")")
	name=$(basename "$ref" .summary)
	txt=${ref%.summary}.txt
	expect=${ref%.summary}.expect
	mkdir -p "$work/body/$lang" "$work/lead3/$lang" "$work/ots/$lang" "$work/precis/$lang"

	# The body, one sentence a line, blank lines between paragraphs;
	# the title paragraph dropped when the article has one.
	skip=0
	if grep -q '^title:' "$expect" && ! grep -q '^title: *none *$' "$expect"; then
		skip=1
	fi
	"$precis" segment --strip "$txt" |
		awk -v skip=$skip '
			/^$/ { if (n) para++; n = 0; next }
			{ n++; if (para >= skip) print }
		' >"$work/body/$lang/$name.txt"

	head -n 3 "$work/body/$lang/$name.txt" >"$work/lead3/$lang/$name.txt"

	if [ $have_ots = 1 ]; then
		lw=$(wc -w <"$work/lead3/$lang/$name.txt")
		bw=$(wc -w <"$work/body/$lang/$name.txt")
		ratio=${OTS_RATIO:-$(( (100 * lw + bw - 1) / bw ))}
		"$ots" --ratio="$ratio" --dic="$lang" "$work/body/$lang/$name.txt" \
			>"$work/ots/$lang/$name.txt"
	fi
	if [ $have_precis = 1 ]; then
		"$precis" summarize --backend none --format text "$txt" \
			>"$work/precis/$lang/$name.txt"
	fi
	for s in $systems; do
		echo "$work/$s/$lang/$name.txt $ref $lang" >>"$work/pairs.$s.$lang"
		echo "$work/$s/$lang/$name.txt $ref $lang" >>"$work/pairs.$s.all"
	done
done

# One row per system: R1-F and R2-F per language and overall.
langs=$(cd "$src/fixtures" && for d in */; do
	ls "$d"*.summary >/dev/null 2>&1 && printf '%s ' "${d%/}"
done)
printf '%-8s' system
for l in $langs all; do
	n=$(wc -l <"$work/pairs.lead3.$l")
	printf ' | %-15s' "$l ($n)"
done
printf '\n%-8s' ''
for l in $langs all; do printf ' | %-7s %-7s' R1-F R2-F; done
printf '\n'
for s in lead3 ots precis; do
	printf '%-8s' "$s"
	for l in $langs all; do
		if [ -f "$work/pairs.$s.$l" ]; then
			"$rouge" $stem <"$work/pairs.$s.$l" >"$work/scores.$s.$l"
			tail -n 1 "$work/scores.$s.$l" |
				awk '{ printf " | %-7s %-7s", $3, $6 }'
		else
			printf ' | %-15s' "n/a"
		fi
	done
	printf '\n'
done
if [ "${KEEP:-0}" = 1 ]; then
	echo "per-article scores: $work/scores.SYSTEM.LANG"
fi
