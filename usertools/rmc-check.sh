#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors
#
# rmc-check.sh: set the machine up, build sonuma and run every test suite:
#   build       release build, whole meson test suite (unit, integration,
#               reliability)
#   build       the unit tests again under valgrind memcheck (--no-huge)
#   build-asan  AddressSanitizer + UBSan build, whole suite but sokv-long
#   build-fuzz  clang, libFuzzer targets, FUZZ_RUNS inputs each (default
#               200000), ASan + UBSan
# Before running, the tests each suite lists (meson test --list --suite S) are
# compared with the checked-in manifest test/manifests/S.txt (one test name a
# line): any difference fails, with the diff. Each step prints passed, failed
# and skipped (exit code 77) per suite; a step that cannot run (valgrind or
# clang missing after the set-up, a build that fails) counts as a failure.
# The last line is "N passed, N failed, N skipped". Exit status 0 only if
# nothing failed. Run from anywhere in the source tree; build folders go into
# the tree.

set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
usertools/rmc-setup.sh || exit 1

passed=0
failed=0
skipped=0
# missing TOOL STEP: a step CI must run cannot run: that is a failure.
missing() {
	echo "rmc-check: FAIL: $1 not installed after usertools/rmc-setup.sh: $2 cannot run"
	failed=$((failed + 1))
}

# count OUT: add one meson test log to the totals; print them per suite. The
# result lines look like " 12/170 rmc:reliability / app_death_ring  OK  3.1s"
# (SKIP for exit code 77; FAIL, TIMEOUT, UNEXPECTEDPASS, ERROR are failures).
count() {
	local ok fail skip
	awk '
	# Failures are listed again after this line: count each test once.
	/^Summary of Failures/ { exit }
	/^ *[0-9]+\/[0-9]+ / {
		suite = "(none)"
		if (match($0, /:[A-Za-z0-9_+-]+ \/ /)) suite = substr($0, RSTART + 1, RLENGTH - 4)
		if ($0 ~ / OK /) ok[suite]++
		else if ($0 ~ / (SKIP|EXPECTEDFAIL) /) skip[suite]++
		else fail[suite]++
		seen[suite] = 1
	}
	END {
		for (s in seen)
			printf "  suite %-14s %4d passed, %d failed, %d skipped\n", s, ok[s], fail[s], skip[s]
	}' "$1" | sort
	ok=$(grep -E '^Ok:' "$1" | awk '{print $2}')
	fail=$(grep -E '^(Fail|Timeout|Unexpected Pass):' "$1" | awk '{s += $NF} END {print s + 0}')
	skip=$(grep -E '^(Skipped|Expected Fail):' "$1" | awk '{s += $NF} END {print s + 0}')
	passed=$((passed + ${ok:-0}))
	failed=$((failed + ${fail:-0}))
	skipped=$((skipped + ${skip:-0}))
	[ -n "$ok" ] || { echo "rmc-check: no test summary in $1"; failed=$((failed + 1)); }
}

# manifests DIR: every suite's test list equals its checked-in manifest.
manifests() {
	local m suite list
	for m in test/manifests/*.txt; do
		suite=$(basename "$m" .txt)
		list=$(meson test -C "$1" --list --suite "$suite" 2>/dev/null |
			sed -n 's/^[^:]*:[^ ]* \/ //p' | sort)
		if ! diff -u "$m" <(echo "$list") >"$1/manifest-$suite.diff"; then
			echo "rmc-check: FAIL: suite $suite differs from $m (- manifest, + meson):"
			cat "$1/manifest-$suite.diff"
			failed=$((failed + 1))
		fi
	done
	# A suite without a manifest would go unchecked: that is a failure too.
	for suite in $(meson test -C "$1" --list 2>/dev/null |
			sed -n 's/^[^:]*:\([^ ]*\) \/ .*/\1/p' | tr '+' '\n' | sort -u); do
		if [ ! -f "test/manifests/$suite.txt" ]; then
			echo "rmc-check: FAIL: suite $suite has no manifest test/manifests/$suite.txt"
			failed=$((failed + 1))
		fi
	done
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
	manifests build
	check build all --no-suite known-failing
	if command -v valgrind >/dev/null; then
		check build valgrind --setup valgrind --suite memcheck
	else
		missing valgrind "the memcheck step"
	fi
fi
if ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 build build-asan \
		-Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug; then
	# sokv-long (soKV's many-cluster runs: 5 minutes under ASan) runs in the
	# release build only; soKV's other tests and every library path stay here.
	ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 check build-asan all \
		--no-suite known-failing --no-suite sokv-long
fi
if command -v clang >/dev/null; then
	if CC=clang build build-fuzz -Dfuzz=true -Dfuzz_runs="${FUZZ_RUNS:-200000}" \
			-Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug; then
		check build-fuzz fuzz --suite fuzz
	fi
else
	missing clang "the libFuzzer step"
fi

echo "rmc-check: $(($(date +%s) - t0)) s"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
