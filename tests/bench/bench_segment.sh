#!/bin/sh
# bench_segment.sh — throughput and peak memory of `precis segment` over a
# generated press corpus (a benchmark, not a test: it asserts nothing).
#
#   tests/bench/bench_segment.sh
#
# Builds a release build (build-release/, or $BUILD), generates BENCH_MB
# (default 64) MB of French and English articles into a temporary directory,
# then runs `precis segment` over it twice: one big file, and one ~4 KB
# file per article (a directory walk). Prints MB/s (wall and CPU) and peak
# memory. Set KEEP=1 to keep the corpus, BENCH_SEED to change it,
# BENCH_COMMANDS="segment normalize" to time other commands too
# (BENCH_COMMANDS="segment quotes": the quote extractor's own cost is the
# difference; bench_quotes.sh does that).
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD:-$root/build-release}
mb=${BENCH_MB:-64}
seed=${BENCH_SEED:-1}
commands=${BENCH_COMMANDS:-segment}
cc=${CC:-cc}

if [ ! -f "$build/build.ninja" ]; then
	meson setup "$build" "$root" --buildtype=release -Dtests=false >/dev/null
fi
ninja -C "$build" >/dev/null
precis=$build/src/cli/precis

tmp=$(mktemp -d "${TMPDIR:-/tmp}/precis-bench-XXXXXX")
if [ "${KEEP:-0}" = 1 ]; then
	echo "corpus kept in $tmp"
else
	trap 'rm -rf "$tmp"' EXIT INT TERM
fi

$cc -std=c11 -O2 -o "$tmp/gen_corpus" "$root/tests/bench/gen_corpus.c"
$cc -std=c11 -O2 -o "$tmp/peak_rss" "$root/tests/bench/peak_rss.c"

"$tmp/gen_corpus" --seed "$seed" --mb "$mb" --file "$tmp/corpus.txt" >/dev/null
"$tmp/gen_corpus" --seed "$seed" --mb "$mb" --dir "$tmp/articles" >/dev/null
big_bytes=$(wc -c <"$tmp/corpus.txt")
dir_bytes=$(find "$tmp/articles" -type f -name '*.txt' -exec cat {} + | wc -c)
dir_files=$(find "$tmp/articles" -type f -name '*.txt' | wc -l)

echo "program: $("$precis" --version 2>/dev/null | head -n 1 || true)"
echo "build: $build ($(uname -m), $(nproc) cores; precis runs on one)"
echo "corpus: seed $seed, $big_bytes bytes in one file; $dir_bytes bytes in $dir_files files"
echo
printf '%-10s %-22s %9s %9s %9s %11s\n' command input MB wall_MB/s cpu_MB/s peak_MB

run() { # command label input bytes
	# Read the input once first so the page cache, not the disk, is timed.
	if [ -d "$3" ]; then find "$3" -type f -exec cat {} + >/dev/null; else cat "$3" >/dev/null; fi
	status=0
	"$tmp/peak_rss" -o "$tmp/report" "$precis" "$1" "$3" >"$tmp/out" 2>"$tmp/err" || status=$?
	if [ "$status" != 0 ]; then
		echo "precis $1 $2: exit $status" >&2
		head -n 5 "$tmp/err" >&2
	fi
	awk -v cmd="$1" -v label="$2" -v bytes="$4" '{
		for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
		mb = bytes / 1048576
		cpu = v["user_s"] + v["sys_s"]
		printf "%-10s %-22s %9.1f %9.1f %9.1f %11.1f\n", cmd, label, mb,
		       (v["wall_s"] > 0 ? mb / v["wall_s"] : 0), (cpu > 0 ? mb / cpu : 0),
		       v["maxrss_kb"] / 1024
	}' "$tmp/report"
}

for c in $commands; do
	run "$c" "one file" "$tmp/corpus.txt" "$big_bytes"
	run "$c" "$dir_files files" "$tmp/articles" "$dir_bytes"
done
echo
for c in $commands; do
	case $c in
	quotes) echo "target for quotes (issue #3): >= 10 MB/s on one core" ;;
	*) echo "target for $c (issue #2): >= 25 MB/s on one core" ;;
	esac
done
echo "peak memory: within a few times the largest input"
