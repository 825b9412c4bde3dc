#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors
#
# rmc-check.sh: set the machine up, build sonuma and run every test suite:
#   build       release build, whole meson test suite (unit, integration,
#               reliability)
#   build       the unit tests again under valgrind memcheck (--no-huge)
#   build-asan  AddressSanitizer + UBSan build, whole suite
#   build-fuzz  clang, libFuzzer targets, FUZZ_RUNS inputs each (default
#               200000), ASan + UBSan
# and end with one line "N passed, N failed". Exit status 0 only if nothing
# failed. Run from anywhere in the source tree; build folders go into the tree.

set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
usertools/rmc-setup.sh || exit 1

passed=0
failed=0
# count OUT: add one meson test summary to the totals.
count() {
	local ok fail
	ok=$(grep -E '^Ok:' "$1" | awk '{print $2}')
	fail=$(grep -E '^(Fail|Timeout|Unexpected Pass):' "$1" | awk '{s += $NF} END {print s + 0}')
	passed=$((passed + ${ok:-0}))
	failed=$((failed + ${fail:-0}))
	[ -n "$ok" ] || { echo "rmc-check: no test summary in $1"; failed=$((failed + 1)); }
}

# build DIR SETUP_OPTIONS...: configure and build one build folder.
build() {
	local dir=$1
	shift
	echo "=== $dir: meson setup $*"
	if [ -d "$dir" ]; then
		meson setup --reconfigure "$dir" "$@" >"$dir.setup.log" 2>&1
	else
		meson setup "$dir" "$@" >"$dir.setup.log" 2>&1
	fi || { cat "$dir.setup.log"; failed=$((failed + 1)); return 1; }
	ninja -C "$dir" >"$dir.build.log" 2>&1 ||
		{ tail -40 "$dir.build.log"; failed=$((failed + 1)); return 1; }
}

# check DIR NAME [meson test options...]: run tests of a build folder.
check() {
	local dir=$1 name=$2
	shift 2
	echo "=== $dir: meson test $*"
	meson test -C "$dir" --print-errorlogs --num-processes 1 "$@" 2>&1 |
		tee "$dir/meson-test-$name.out"
	count "$dir/meson-test-$name.out"
}

t0=$(date +%s)
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
if build build; then
	check build all
	if command -v valgrind >/dev/null; then
		check build valgrind --setup valgrind --suite memcheck
	else
		echo "rmc-check: valgrind not installed: memcheck step skipped"
	fi
fi
if ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 build build-asan \
		-Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug; then
	ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 check build-asan all
fi
if command -v clang >/dev/null; then
	if CC=clang build build-fuzz -Dfuzz=true -Dfuzz_runs="${FUZZ_RUNS:-200000}" \
			-Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug; then
		check build-fuzz fuzz --suite fuzz
	fi
else
	echo "rmc-check: clang not installed: libFuzzer step skipped"
fi

echo "rmc-check: $(($(date +%s) - t0)) s"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
