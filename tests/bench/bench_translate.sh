#!/bin/sh
# bench_translate.sh — `precis translate` over a generated corpus through the
# standalone fake API server with a fixed latency per request (a benchmark,
# not a test: it asserts nothing, it prints figures).
#
#   tests/bench/bench_translate.sh
#
# 1. 1,000 files (gen_corpus.c, ~4 KB and ~15 paragraphs each) with DeepL's
#    protocol, -j JOBS, LATENCY ms per request, no cache: wall time against
#    the ideal (requests needed ÷ jobs × latency; requests needed is what
#    --dry-run counts).
# 2. The baseline: one request per paragraph, sequential (-j 1 with the
#    Apertium protocol, which sends one text a request), over the first
#    BASE_FILES files, extrapolated to the corpus.
# 3. A second run with a translation memory filled by a first one: requests
#    sent (should be 0).
# 4. The same corpus with FAULTS % of requests failing (429 with
#    Retry-After, 500, 503, dropped connections, in equal parts): whether
#    every file came out, byte for byte as in the run without faults.
#
# Knobs: BENCH_FILES=1000, LATENCY=100, JOBS=4, BASE_FILES=20, FAULTS=20,
# BENCH_SEED=1, BUILD=path (default build-release/), KEEP=1.
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD:-$root/build-release}
files=${BENCH_FILES:-1000}
latency=${LATENCY:-100}
jobs=${JOBS:-4}
base_files=${BASE_FILES:-20}
faults=${FAULTS:-20}
seed=${BENCH_SEED:-1}
cc=${CC:-cc}

if [ ! -f "$build/build.ninja" ]; then
	meson setup "$build" "$root" --buildtype=release >/dev/null
fi
ninja -C "$build" src/cli/precis tests/fake/fake-api-server >/dev/null
precis=$build/src/cli/precis
fake=$build/tests/fake/fake-api-server

tmp=$(mktemp -d "${TMPDIR:-/tmp}/precis-bench-XXXXXX")
fake_pid=
cleanup() {
	[ -n "$fake_pid" ] && kill "$fake_pid" 2>/dev/null || true
	[ "${KEEP:-0}" = 1 ] || rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
[ "${KEEP:-0}" = 1 ] && echo "work files kept in $tmp"

# The corpus: gen_corpus writes ~4 KB articles; keep the first $files.
$cc -std=c11 -O2 -o "$tmp/gen_corpus" "$root/tests/bench/gen_corpus.c"
mb=$(( (files * 43 + 9999) / 10000 + 1 ))
"$tmp/gen_corpus" --seed "$seed" --mb "$mb" --dir "$tmp/gen" >/dev/null
mkdir -p "$tmp/corpus" "$tmp/base"
find "$tmp/gen" -type f -name '*.txt' | sort | head -n "$files" | while read -r f; do
	rel=${f#"$tmp/gen/"}
	mkdir -p "$tmp/corpus/$(dirname "$rel")"
	mv "$f" "$tmp/corpus/$rel"
done
find "$tmp/corpus" -type f -name '*.txt' | sort | head -n "$base_files" | while read -r f; do
	cp "$f" "$tmp/base/"
done
nfiles=$(find "$tmp/corpus" -type f | wc -l)

# A fresh fake server for each part: its counters and faults start clean.
start_fake() { # extra options
	rm -f "$tmp/port"
	"$fake" --latency "$latency" "$@" >"$tmp/port" 2>"$tmp/fake.err" &
	fake_pid=$!
	i=0
	while [ ! -s "$tmp/port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	port=$(head -n 1 "$tmp/port")
	url=http://127.0.0.1:$port
}
stop_fake() {
	kill "$fake_pid" 2>/dev/null || true
	wait "$fake_pid" 2>/dev/null || true
	fake_pid=
}
stat_of() { # field
	curl -s "$url/_fake/stats" | sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p"
}
now() { date +%s.%N; }
elapsed() { echo "$2 - $1" | bc; }

export XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache"
export DEEPL_AUTH_KEY=bench-key:fx
unset PRECIS_BACKEND DEEPL_API_KEY PRECIS_MODEL 2>/dev/null || true

echo "program: $("$precis" --version)"
echo "machine: $(uname -m), $(nproc) cores"
echo "corpus: $nfiles files, $(find "$tmp/corpus" -type f -exec cat {} + | wc -c) bytes; latency $latency ms a request, -j $jobs"
echo

# 1. batched, concurrent
start_fake
export DEEPL_SERVER_URL=$url
"$precis" translate -q --dry-run --no-cache -b deepl "$tmp/corpus" >"$tmp/dry"
needed=$(sed -n 's/.* in \([0-9]*\) request.*/\1/p' "$tmp/dry")
paras=$(find "$tmp/corpus" -type f -exec cat {} + | awk 'BEGIN{RS=""} END{print NR}')
t0=$(now)
"$precis" translate -q --no-cache -b deepl -j "$jobs" --out-dir "$tmp/out-clean" "$tmp/corpus"
t1=$(now)
wall=$(elapsed "$t0" "$t1")
sent=$(stat_of translate_requests)
ideal=$(echo "scale=3; $needed * $latency / $jobs / 1000" | bc)
stop_fake
echo "batched:    $paras paragraphs, $needed requests needed, $sent sent;" \
	"wall ${wall} s, ideal ${ideal} s, ratio $(echo "scale=2; $wall / $ideal" | bc)"

# 2. one request a paragraph, sequential (Apertium-style), on a subset
start_fake
bparas=$(find "$tmp/base" -type f -exec cat {} + | awk 'BEGIN{RS=""} END{print NR}')
t0=$(now)
"$precis" translate -q --no-cache -b apertium --base-url "$url" -j 1 --out-dir "$tmp/out-base" "$tmp/base" || true
t1=$(now)
bwall=$(elapsed "$t0" "$t1")
bsent=$(stat_of translate_requests)
stop_fake
per_req=$(echo "scale=3; $bwall / $bsent" | bc)
est=$(echo "scale=0; $bwall * $paras / $bparas" | bc)
echo "sequential: $base_files files, $bparas paragraphs, $bsent requests, wall ${bwall} s" \
	"($per_req s a request); for the corpus: ~$est s, $(echo "scale=0; $est / $wall" | bc)x the batched run"

# 3. the translation memory: a second run sends nothing
start_fake
export DEEPL_SERVER_URL=$url
"$precis" translate -q -b deepl -j "$jobs" --cache "$tmp/tm.sqlite" --out-dir "$tmp/out-c1" "$tmp/corpus"
first=$(stat_of translate_requests)
t0=$(now)
"$precis" translate -q -b deepl -j "$jobs" --cache "$tmp/tm.sqlite" --out-dir "$tmp/out-c2" "$tmp/corpus"
t1=$(now)
second=$(stat_of translate_requests)
stop_fake
echo "cache:      first run $first requests; second run $((second - first)) requests, wall $(elapsed "$t0" "$t1") s;" \
	"outputs identical: $(diff -rq "$tmp/out-c1" "$tmp/out-c2" >/dev/null && echo yes || echo NO)"

# 4. faults
q=$((faults / 4))
start_fake --faults "{\"rate_limit\":{\"percent\":$q},\"retry_after_ms\":200,\"server_error\":{\"percent\":$q},\"unavailable\":{\"percent\":$q},\"drop\":{\"percent\":$q},\"seed\":$seed}"
export DEEPL_SERVER_URL=$url
t0=$(now)
status=0
"$precis" translate -q --no-cache -b deepl -j "$jobs" --out-dir "$tmp/out-faults" "$tmp/corpus" || status=$?
t1=$(now)
fsent=$(stat_of translate_requests)
stop_fake
written=$(find "$tmp/out-faults" -type f -name '*.txt' | wc -l)
same=$(diff -rq "$tmp/out-clean" "$tmp/out-faults" >/dev/null && echo yes || echo NO)
echo "faults:     $faults % of requests; exit $status; $fsent requests ($((fsent - sent)) more);" \
	"wall $(elapsed "$t0" "$t1") s; $written of $nfiles files written; identical to the run without faults: $same"
