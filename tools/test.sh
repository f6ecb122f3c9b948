#!/usr/bin/env bash
# The whole test suite, as the README and CI run it: a build in build-test/
# with AddressSanitizer and UndefinedBehaviorSanitizer, every meson test, and
# a last line "N passed, N failed" that counts each Criterion test (from its
# "Synthesis:" line) and each other meson test as one.
# Arguments go to `meson test` (e.g. `tools/test.sh cli` runs one suite).
set -euo pipefail
cd "$(dirname "$0")/.."

build=build-test
# halt at the first error with a stack, and fail on leaks; callers may override.
export ASAN_OPTIONS="${ASAN_OPTIONS:-halt_on_error=1:abort_on_error=1:detect_leaks=1:print_stacktrace=1:strict_string_checks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:abort_on_error=1:print_stacktrace=1}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-print_suppressions=0}"

# Reconfigure every time: tests/meson.build picks up test files that exist
# at configure time, so a stale build-test/ would miss newly added ones.
if [ -f "$build/build.ninja" ]; then
	meson setup --reconfigure "$build" -Db_sanitize=address,undefined -Db_lundef=false >/dev/null
else
	meson setup "$build" -Db_sanitize=address,undefined -Db_lundef=false >/dev/null
fi
if ! ninja -C "$build"; then
	echo "the build failed: no test was run" >&2
	echo "0 passed, 1 failed"
	exit 1
fi

set +e
meson test -C "$build" --print-errorlogs "$@"
meson_status=$?
set -e

python3 - "$build/meson-logs/testlog.json" "$meson_status" <<'PY'
import json, re, sys

log, meson_status = sys.argv[1], int(sys.argv[2])
synthesis = re.compile(r"Synthesis: Tested: (\d+) \| Passing: (\d+) \| "
                       r"Failing: (\d+) \| Crashing: (\d+)")
ansi = re.compile(r"\x1b\[[0-9;]*m")
passed = failed = skipped = 0
try:
    lines = open(log, encoding="utf-8", errors="replace").read().splitlines()
except OSError:
    lines = []
for line in lines:
    if not line.strip():
        continue
    t = json.loads(line)
    ok = t.get("result") in ("OK", "EXPECTEDFAIL")
    out = ansi.sub("", (t.get("stdout") or "") + "\n" + (t.get("stderr") or ""))
    found = synthesis.findall(out)
    if found:
        _, p, f, c = map(int, found[-1])
        passed += p
        failed += f + c
        # The runner itself failed (a leak at exit, a timeout) with every
        # test passing: count that as one failure, not zero.
        if not ok and f + c == 0:
            failed += 1
    elif t.get("result") == "SKIP":
        skipped += 1
    elif ok:
        passed += 1
    else:
        failed += 1
if meson_status != 0 and failed == 0:
    failed = 1  # meson failed before writing a result we could read
if skipped:
    print(f"{skipped} meson test(s) skipped")
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
