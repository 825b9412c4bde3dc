#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors
#
# rmc-check.sh: set the machine up, build sonuma twice (release, and with
# AddressSanitizer + UBSan), run the whole meson test suite on both, and end
# with one line "N passed, N failed". Exit status 0 only if nothing failed.
# Run from anywhere in the source tree; build folders go into the tree.

set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
usertools/rmc-setup.sh || exit 1

passed=0
failed=0
# count BUILD_DIR: add meson test's summary of one build to the totals.
count() {
	local log=$1/meson-logs/testlog.txt ok fail
	ok=$(grep -E '^Ok:' "$1/meson-test.out" | awk '{print $2}')
	fail=$(grep -E '^(Fail|Timeout|Unexpected Pass):' "$1/meson-test.out" |
		awk '{s += $NF} END {print s + 0}')
	passed=$((passed + ${ok:-0}))
	failed=$((failed + ${fail:-0}))
	[ -n "$ok" ] || { echo "rmc-check: no test summary in $1 ($log)"; failed=$((failed + 1)); }
}

# run NAME SETUP_OPTIONS...: configure, build and test one build folder.
run() {
	local dir=$1
	shift
	echo "=== $dir: meson setup $*"
	if [ -d "$dir" ]; then
		meson setup --reconfigure "$dir" "$@" >"$dir.setup.log" 2>&1
	else
		meson setup "$dir" "$@" >"$dir.setup.log" 2>&1
	fi || { cat "$dir.setup.log"; failed=$((failed + 1)); return; }
	ninja -C "$dir" >"$dir.build.log" 2>&1 ||
		{ tail -40 "$dir.build.log"; failed=$((failed + 1)); return; }
	meson test -C "$dir" --print-errorlogs --num-processes 1 2>&1 | tee "$dir/meson-test.out"
	count "$dir"
}

run build
ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	run build-asan -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
