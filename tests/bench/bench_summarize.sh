#!/bin/sh
# bench_summarize.sh — throughput and peak memory of
# `precis summarize --backend none --format json` over many ~4 KB articles
# in one process (issue #5; a benchmark, not a test: it asserts nothing).
#
#   tests/bench/bench_summarize.sh
#
# Builds a release build (build-release/, or $BUILD), generates BENCH_N
# articles (default "1000 5000 10000": one run per count) from the fixtures
# and the ROUGE dev set (tests/bench/rouge-dev), each one a variant: the
# headline and lead kept, the other body paragraphs in another order, a
# paragraph of another article of the same language added until it is
# about 4 KB, the digits shifted and the vowels of capitalised words
# rotated (Marcheval → Merchivel), so that no two articles are the same
# text. Then, on one core (taskset -c 0 when there is one):
#   precis summarize --backend none --format json DIR    (one process)
# and reports articles/s and MB/s against wall and CPU time, and the peak
# resident memory, which should not grow with the count.
# For comparison, `ots --ratio=20` over the first OTS_N (default 1000) of
# the same files, one process per article as ots reads one file (skipped
# when ots is not installed).
# Knobs: BUILD, BENCH_N, OTS_N, KEEP=1 (keep the corpus), CC.
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD:-$root/build-release}
counts=${BENCH_N:-1000 5000 10000}
ots_n=${OTS_N:-1000}
cc=${CC:-cc}

if [ ! -f "$build/build.ninja" ]; then
	meson setup "$build" "$root" --buildtype=release -Dtests=false >/dev/null
fi
ninja -C "$build" >/dev/null
precis=$build/src/cli/precis
export PRECIS_LANG_DIR="${PRECIS_LANG_DIR:-$root/lang}"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/precis-bench-summ-XXXXXX")
if [ "${KEEP:-0}" = 1 ]; then
	echo "corpus kept in $tmp"
else
	trap 'rm -rf "$tmp"' EXIT INT TERM
fi
$cc -std=c11 -O2 -o "$tmp/peak_rss" "$root/tests/bench/peak_rss.c"

pin=
if command -v taskset >/dev/null 2>&1 && taskset -c 0 true 2>/dev/null; then
	pin="taskset -c 0"
fi

# gen N DIR: the articles, two folders (fr, en) of NNNNN.txt.
gen() {
	mkdir -p "$2"
	find "$root/fixtures" "$root/tests/bench/rouge-dev" -name '*.txt' \
		-path '*/fr/*' -o -name '*.txt' -path '*/en/*' | LC_ALL=C sort |
	while read -r f; do
		printf '%s\n' "@@@ $(basename "$(dirname "$f")")"
		cat "$f"
		echo
	done | LC_ALL=C awk -v n="$1" -v out="$2" '
		function rnd() { seed = (seed * 1103515245 + 12345) % 2147483648; return seed }
		# Digits shifted by k; the vowels of a name rotated by k. A
		# name: a capitalised word of 4 letters or more that follows a
		# word or a comma (not one opening a sentence or a quote).
		function vary(s, k,    r, i, c, p, cap, w, prev) {
			r = ""; cap = 0; w = 0; prev = "."
			for (i = 1; i <= length(s); i++) {
				c = substr(s, i, 1)
				if (c ~ /[0-9]/) { r = r ((c + k) % 10); w = 0; prev = c; continue }
				if (c ~ /[A-Za-z]/) {
					if (!w)
						cap = c ~ /[A-Z]/ && prev ~ /[A-Za-z0-9,]/ &&
						      substr(s, i, 4) ~ /^[A-Za-z]+$/
					w = 1
					if (cap && (p = index("aeiou", c)))
						c = substr("aeiou", (p - 1 + k) % 5 + 1, 1)
				} else if (c !~ /[\200-\377]/) {
					w = 0
				}
				if (c != " ")
					prev = c
				r = r c
			}
			return r
		}
		/^@@@ / { a = na++; lang[a] = $2; nl[a] = 0; next }
		{ if ($0 != "") line[a, nl[a]++] = $0 }
		END {
			seed = 1
			for (i = 0; i < n; i++) {
				a = i % na; k = 1 + int(i / na) % 9
				file = sprintf("%s/%s/%05d.txt", out, lang[a], i)
				# body: the lines up to the last long one; tail:
				# the short lines after it (byline, share bar).
				last = 0
				for (j = 0; j < nl[a]; j++)
					if (length(line[a, j]) >= 80) last = j
				m = 0
				for (j = 2; j <= last; j++) mid[m++] = line[a, j]
				for (j = m - 1; j > 0; j--) {
					r = rnd() % (j + 1); t = mid[j]; mid[j] = mid[r]; mid[r] = t
				}
				size = length(line[a, 0]) + length(line[a, 1])
				for (j = 0; j < m; j++) size += length(mid[j]) + 1
				# another article of the same language lends paragraphs
				b = a
				do b = rnd() % na; while (b == a || lang[b] != lang[a])
				for (j = 2; size < 3700 && j < nl[b]; j++)
					if (length(line[b, j]) >= 80) {
						mid[m++] = line[b, j]; size += length(line[b, j]) + 1
					}
				s = vary(line[a, 0], k) "\n" vary(line[a, 1], k) "\n"
				for (j = 0; j < m; j++) s = s vary(mid[j], k) "\n"
				for (j = last + 1; j < nl[a]; j++) s = s line[a, j] "\n"
				printf "%s", s > file
				close(file)
			}
		}'
}

echo "program: $("$precis" --version 2>/dev/null | head -n 1 || true)"
echo "machine: $(uname -m), $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null); ${pin:-not pinned}"
echo
printf '%-8s %8s %7s %11s %11s %9s %9s %8s\n' articles KB/art MB wall_art/s cpu_art/s wall_MB/s cpu_MB/s peak_MB

for n in $counts; do
	dir=$tmp/articles.$n
	mkdir -p "$dir/fr" "$dir/en"
	gen "$n" "$dir"
	bytes=$(cat "$dir"/fr/*.txt "$dir"/en/*.txt | wc -c)
	files=$(find "$dir" -name '*.txt' | wc -l)
	status=0
	$pin "$tmp/peak_rss" -o "$tmp/report" "$precis" summarize --backend none \
		--format json "$dir" >"$tmp/out" 2>"$tmp/err" || status=$?
	if [ "$status" != 0 ]; then
		echo "precis summarize over $files articles: exit $status" >&2
		head -n 5 "$tmp/err" >&2
	fi
	docs=$(wc -l <"$tmp/out")
	[ "$docs" = "$files" ] || echo "precis summarize: $docs reports for $files articles" >&2
	awk -v n="$files" -v bytes="$bytes" '{
		for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
		mb = bytes / 1048576
		cpu = v["user_s"] + v["sys_s"]
		printf "%-8d %8.2f %7.1f %11.0f %11.0f %9.2f %9.2f %8.1f\n", n,
		       bytes / n / 1024, mb,
		       (v["wall_s"] > 0 ? n / v["wall_s"] : 0), (cpu > 0 ? n / cpu : 0),
		       (v["wall_s"] > 0 ? mb / v["wall_s"] : 0), (cpu > 0 ? mb / cpu : 0),
		       v["maxrss_kb"] / 1024
	}' "$tmp/report"
	[ "$n" = "$(echo "$counts" | awk '{ print $NF }')" ] || rm -rf "$dir"
done

if command -v ots >/dev/null 2>&1; then
	dir=$tmp/articles.$(echo "$counts" | awk '{ print $NF }')
	find "$dir" -name '*.txt' | LC_ALL=C sort | head -n "$ots_n" >"$tmp/ots.list"
	cat >"$tmp/ots.sh" <<'OTS'
while read -r f; do
	case $f in */fr/*) l=fr ;; *) l=en ;; esac
	ots --ratio=20 --dic=$l "$f" >/dev/null
done <"$1"
OTS
	$pin "$tmp/peak_rss" -o "$tmp/report" sh "$tmp/ots.sh" "$tmp/ots.list"
	awk -v n="$(wc -l <"$tmp/ots.list")" '{
		for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
		cpu = v["user_s"] + v["sys_s"]
		printf "\nots --ratio=20, one process per article, %d articles: %.0f articles/s wall, %.0f CPU (%.1f ms each)\n",
		       n, n / v["wall_s"], n / cpu, 1000 * v["wall_s"] / n
	}' "$tmp/report"
else
	echo; echo "ots: not installed, skipped"
fi
echo
echo "aim (issue #5): >= 1,000 articles/s on one core; peak memory flat as the count grows"
