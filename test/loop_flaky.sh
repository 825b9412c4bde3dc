#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors
#
# loop_flaky.sh [-n RUNS] [-t SECONDS] [-C BUILD] [-m release|valgrind|both] [TEST...]
#
# Runs each test RUNS times in a row (default 20), in the release build and
# under valgrind (meson's 'valgrind' setup), one at a time and niced, and
# prints for each test and mode the runs, passes and failures; the log of
# every failed run is kept. Default tests: the two that were seen failing
# now and then (issue 11, finding 12): proto_ring_data_autotest and
# xen_driver_autotest. meson gives every run another MALLOC_PERTURB_, as in
# the runs that failed. Exit status 1 if any run failed.
#
# -t SECONDS: round robin instead, one run of every test and mode per round,
# until RUNS rounds are done or SECONDS have passed (no round starts after
# that): every test gets as many runs as the time allows, the same for all.
#
# The machine may be shared: run large counts (200 and more) only when it
# is not, and say beside the counts what else was running. The runs use
# 'meson test --no-rebuild': build the folder first; what is looped then
# stays the same binary while the sources change.

set -u
runs=20
budget=0
build=build
modes=both
while getopts "n:t:C:m:h" o; do
	case $o in
	n) runs=$OPTARG ;;
	t) budget=$OPTARG ;;
	C) build=$OPTARG ;;
	m) modes=$OPTARG ;;
	*) sed -n '4,20p' "$0"; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
tests=("$@")
[ ${#tests[@]} -gt 0 ] || tests=(proto_ring_data_autotest xen_driver_autotest)
case $modes in
release) modes=(release) ;;
valgrind) modes=(valgrind) ;;
both) modes=(release valgrind) ;;
*) echo "loop_flaky: mode '$modes': release, valgrind or both" >&2; exit 2 ;;
esac
[ -d "$build" ] || { echo "loop_flaky: no build folder '$build'" >&2; exit 2; }
keep=$(mktemp -d /tmp/rmc-flaky-XXXXXX)
failed_any=0
summary=()

declare -A pass fail skip done_runs

# run_one TEST MODE RUN: one run, counted; the log of a failed one is kept.
run_one() {
	local t=$1 m=$2 i=$3 out setup=()
	[ "$m" = valgrind ] && setup=(--setup valgrind)
	out=$(nice meson test -C "$build" --no-rebuild --num-processes 1 "${setup[@]}" "$t" 2>&1)
	done_runs[$t $m]=$((${done_runs[$t $m]:-0} + 1))
	if echo "$out" | grep -q "^Ok: *1"; then
		pass[$t $m]=$((${pass[$t $m]:-0} + 1))
	elif echo "$out" | grep -q "^Skipped: *1"; then
		skip[$t $m]=$((${skip[$t $m]:-0} + 1))
	elif ! echo "$out" | grep -q " $t "; then
		# Not a result of the test: meson or the build failed.
		echo "$out" | tail -5 >&2
		echo "loop_flaky: meson did not run $t (see above)" >&2
		exit 2
	else
		fail[$t $m]=$((${fail[$t $m]:-0} + 1))
		cp "$build/meson-logs/testlog${setup:+-valgrind}.txt" "$keep/$t-$m-$i.log" \
			2>/dev/null || echo "$out" >"$keep/$t-$m-$i.log"
		echo "$(date -u +%H:%M:%S) $t ($m) run $i: FAIL: $(echo "$out" | grep -m1 "$t")"
	fi
}

if [ "$budget" -gt 0 ]; then
	end=$(($(date +%s) + budget))
	for i in $(seq 1 "$runs"); do
		[ "$(date +%s)" -lt "$end" ] || break
		for t in "${tests[@]}"; do
			for m in "${modes[@]}"; do
				run_one "$t" "$m" "$i"
			done
		done
	done
else
	for t in "${tests[@]}"; do
		for m in "${modes[@]}"; do
			for i in $(seq 1 "$runs"); do
				run_one "$t" "$m" "$i"
			done
		done
	done
fi
for t in "${tests[@]}"; do
	for m in "${modes[@]}"; do
		line="$t $m: ${done_runs[$t $m]:-0} runs, ${pass[$t $m]:-0} passed,"
		summary+=("$line ${fail[$t $m]:-0} failed, ${skip[$t $m]:-0} skipped")
		[ "${fail[$t $m]:-0}" = 0 ] || failed_any=1
	done
done
printf '%s\n' "${summary[@]}"
if [ "$failed_any" = 1 ]; then
	echo "loop_flaky: logs of the failed runs in $keep"
	exit 1
fi
rm -rf "$keep"
exit 0
