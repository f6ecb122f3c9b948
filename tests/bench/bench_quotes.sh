#!/bin/sh
# bench_quotes.sh — throughput and peak memory of `precis quotes` over the
# generated press corpus (a benchmark, not a test: it asserts nothing).
#
#   tests/bench/bench_quotes.sh
#
# The same run as bench_segment.sh (same corpus, same knobs: BENCH_MB,
# BENCH_SEED, BUILD, KEEP, CC), timing `precis segment` and then
# `precis quotes`: quotes runs the whole text front first, so the
# extractor's own cost is the difference between the two rows.
# Target (issue #3): >= 10 MB/s on one core.
set -eu
BENCH_COMMANDS=${BENCH_COMMANDS:-segment quotes}
export BENCH_COMMANDS
exec "$(dirname "$0")/bench_segment.sh" "$@"
