#!/bin/sh
# bench_rouge.sh — ROUGE-1 and ROUGE-2 F1 of three summarizers against
# reference summaries written for this project (issue #5), on two sets:
#   fixtures  fixtures/<lang>/NAME.summary (the articles the tests use);
#   dev       tests/bench/rouge-dev/<lang>/NAME.summary, articles written
#             for the benchmark only, so that tuning the summary on the
#             fixtures can be checked on text it was not tuned on.
# A benchmark, not a test: it asserts nothing.
#
#   tests/bench/bench_rouge.sh            (from the source tree, after ninja)
#
# Systems, each given the same input: the article's body as
# `precis segment --strip` finds it (boilerplate left out), without the
# title line (fixtures: the first paragraph when NAME.expect has a `title:`
# other than none; dev: every article opens with its headline):
#   LEAD-3   the body's first three sentences;
#   ots      the Open Text Summarizer (Debian package `ots`), run as
#            `ots --ratio=R --dic=LANG BODY`; ots keeps R % of the words,
#            so R = ceil(100 * LEAD-3 words / body words) gives it the
#            same length as LEAD-3 (OTS_RATIO fixes R); a missing ots is
#            reported and skipped: this script installs nothing;
#   precis   `precis summarize --backend none --format json` (the summary
#            in the article's language, default length: 3 sentences).
#
# Knobs: BUILD (build dir, default build), KEEP=1 keeps the candidates
# (their folder is printed), CC (default cc), OTS (default ots), STEM=1
# stems the tokens with the article's Snowball stemmer (libstemmer) before
# scoring (the README's figures are without), SETS="fixtures dev".
set -eu

src=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD:-$src/build}
case $build in /*) ;; *) build=$src/$build ;; esac
precis=$build/src/cli/precis
cc=${CC:-cc}
ots=${OTS:-ots}
sets=${SETS:-fixtures dev}
export PRECIS_LANG_DIR="${PRECIS_LANG_DIR:-$src/lang}"

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
	echo "precis: no 'precis summarize' in this build: column skipped"
fi
# The summary sentences in the article's language, one a line, from
# precis.report/1 JSON (one document per input).
json_summary() {
	python3 -c '
import json, sys
for line in sys.stdin:
    if not line.strip():
        continue
    d = json.loads(line)
    s = d.get("summary")
    if isinstance(s, dict):
        lang = d.get("lang")
        s = s.get(lang) if lang in s else s.get("source", next(iter(s.values())))
    if isinstance(s, dict):
        s = s.get("sentences", [])
    for x in s:
        if isinstance(x, dict):
            x = x.get("text", "")
        print(" ".join(x.split()))
'
}

systems="lead3"
[ $have_ots = 1 ] && systems="$systems ots"
[ $have_precis = 1 ] && systems="$systems precis"

for set in $sets; do
	case $set in
	fixtures) root=$src/fixtures ;;
	dev) root=$src/tests/bench/rouge-dev ;;
	*) echo "bench_rouge: unknown set $set (fixtures, dev)" >&2; exit 1 ;;
	esac
	for ref in "$root"/*/*.summary; do
		[ -f "$ref" ] || continue
		lang=$(basename "$(dirname "$ref")")
		name=$(basename "$ref" .summary)
		txt=${ref%.summary}.txt
		expect=${ref%.summary}.expect
		out=$set/$lang/$name.txt
		for d in body lead3 ots precis; do mkdir -p "$work/$d/$set/$lang"; done

		# The body, one sentence a line; the title paragraph dropped.
		skip=1
		if [ -f "$expect" ] && ! { grep -q '^title:' "$expect" &&
			! grep -q '^title: *none *$' "$expect"; }; then
			skip=0
		fi
		"$precis" segment --strip "$txt" |
			awk -v skip=$skip '
				/^$/ { if (n) para++; n = 0; next }
				{ n++; if (para >= skip) print }
			' >"$work/body/$out"

		head -n 3 "$work/body/$out" >"$work/lead3/$out"

		if [ $have_ots = 1 ]; then
			lw=$(wc -w <"$work/lead3/$out")
			bw=$(wc -w <"$work/body/$out")
			ratio=${OTS_RATIO:-$(( (100 * lw + bw - 1) / bw ))}
			"$ots" --ratio="$ratio" --dic="$lang" "$work/body/$out" \
				>"$work/ots/$out"
		fi
		if [ $have_precis = 1 ]; then
			"$precis" summarize --backend none --format json "$txt" |
				json_summary >"$work/precis/$out"
		fi
		for s in $systems; do
			echo "$work/$s/$out $ref $lang" >>"$work/pairs.$s.$set.$lang"
			echo "$work/$s/$out $ref $lang" >>"$work/pairs.$s.$set.all"
		done
	done
done

# One table per set, one row per system: R1-F and R2-F per language and
# overall (macro average over the articles).
for set in $sets; do
	langs=$(ls "$work"/pairs.lead3.$set.* 2>/dev/null |
		sed "s|.*/pairs.lead3.$set.||" | grep -v '^all$' | sort | tr '\n' ' ')
	[ -n "$langs" ] || { echo "$set: no reference summaries"; continue; }
	printf '\n%s\n%-8s' "$set" system
	for l in $langs all; do
		n=$(wc -l <"$work/pairs.lead3.$set.$l")
		printf ' | %-15s' "$l ($n)"
	done
	printf '\n%-8s' ''
	for l in $langs all; do printf ' | %-7s %-7s' R1-F R2-F; done
	printf '\n'
	for s in lead3 ots precis; do
		printf '%-8s' "$s"
		for l in $langs all; do
			if [ -f "$work/pairs.$s.$set.$l" ]; then
				"$rouge" $stem <"$work/pairs.$s.$set.$l" >"$work/scores.$s.$set.$l"
				tail -n 1 "$work/scores.$s.$set.$l" |
					awk '{ printf " | %-7s %-7s", $3, $6 }'
			else
				printf ' | %-15s' "n/a"
			fi
		done
		printf '\n'
	done
done
if [ "${KEEP:-0}" = 1 ]; then
	echo "per-article scores: $work/scores.SYSTEM.SET.LANG"
fi
