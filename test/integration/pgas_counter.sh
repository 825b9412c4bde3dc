#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors
#
# examples/counter (rmc_counter) on real rmcd processes: one copy per node,
# twice in a row on the same cluster, right both times (the counter is a
# fresh region, not context 0's leftover), and the region gone from every
# node after each run. On 2 nodes over shm and ring, and 4 nodes over shm;
# then through rmc-run -n 2, on its own cluster and on a running one.
# Then a barrier whose participant was killed (-ETIMEDOUT at its 2 s bound)
# and one whose participant's node was killed (-EHOSTDOWN); the test's limit
# (120 s) is far above the bound.

. "$(dirname "$0")/lib.sh"
COUNTER=$BUILD/examples/counter/rmc_counter
PROBE=$BUILD/test/pgas_probe

# run_all COUNT: one rmc_counter per node; all must exit 0, node 0 says right.
run_all() {
	local n=$1 i pids=() rc=0
	for i in $(seq 0 $((n - 1))); do
		RMC_NODE=$i timeout 120 "$COUNTER" >"$LOGDIR/app$i.log" 2>&1 &
		pids+=($!)
	done
	for i in $(seq 0 $((n - 1))); do
		wait "${pids[$i]}" || { echo "node $i's rmc_counter exited $?"; rc=1; }
	done
	[ $rc = 0 ] || fail "rmc_counter failed on $n nodes: $(cat "$LOGDIR"/app*.log)"
	grep -q "total $((1000 * n)), expected $((1000 * n)): right" "$LOGDIR/app0.log" ||
		fail "node 0 did not report the right total: $(cat "$LOGDIR/app0.log")"
}

# gone COUNT: no node has the region 'counter' any more.
gone() {
	local i out
	for i in $(seq 0 $(($1 - 1))); do
		out=$(RMC_NODE=$i timeout 60 "$PROBE" lookup counter 2>/dev/null)
		[ "$out" = absent ] || fail "node $i: region 'counter' after the run: $out"
	done
}

for setup in "2 shm" "2 ring" "4 shm"; do
	set -- $setup
	start_cluster "$1" --driver "$2"
	for run in 1 2; do
		run_all "$1"
		gone "$1"
		echo "ok: $1 nodes over $2, run $run: total $((1000 * $1)), region gone"
	done
	stop_all
done
# The same through rmc-run, as a user runs it: twice on a cluster rmc-run
# starts and stops itself, then twice on a running cluster (used and left
# running), the region gone from every node after each run.
SRC=${RMC_SOURCE_DIR:?run through meson test}
RUN="$SRC/usertools/rmc-run --cluster $CLUSTER --rmcd $BUILD/app/rmcd/rmcd"
for run in 1 2; do
	$RUN -n 2 -- "$COUNTER" >"$LOGDIR/run$run.out" 2>&1 ||
		fail "rmc-run -n 2 rmc_counter, run $run: $(cat "$LOGDIR/run$run.out")"
	grep -q "^\[0\] .*total 2000, expected 2000: right" "$LOGDIR/run$run.out" ||
		fail "rmc-run run $run: node 0 did not report 2000: $(cat "$LOGDIR/run$run.out")"
	echo "ok: rmc-run -n 2 rmc_counter, run $run (own cluster): total 2000"
done
start_cluster 2
for run in 1 2; do
	$RUN -n 2 -- "$COUNTER" >"$LOGDIR/run$run.out" 2>&1 ||
		fail "rmc-run -n 2 on a running cluster, run $run: $(cat "$LOGDIR/run$run.out")"
	grep -q "^\[0\] .*total 2000, expected 2000: right" "$LOGDIR/run$run.out" ||
		fail "rmc-run run $run: node 0 did not report 2000: $(cat "$LOGDIR/run$run.out")"
	gone 2
	echo "ok: rmc-run -n 2 rmc_counter, run $run (running cluster): total 2000, region gone"
done
stop_all
# barrier_after_death: node 1's participant is killed, then its node.
start_cluster 2
RMC_NODE=1 "$PROBE" hold >"$LOGDIR/hold.log" 2>&1 &
HOLD=$!
PIDS+=($HOLD)
for i in $(seq 1 200); do
	grep -q holding "$LOGDIR/hold.log" && break
	sleep 0.05
done
kill -KILL $HOLD
out=$(RMC_NODE=0 timeout 60 "$PROBE" barrier 2000 2>"$LOGDIR/b1.err")
[ "$out" = ETIMEDOUT ] || fail "barrier with a dead participant: '$out' $(cat "$LOGDIR/b1.err")"
grep -q "node 1 has no participant\|node(s) 1 did not arrive" "$LOGDIR/b1.err" ||
	fail "the barrier's message does not name node 1: $(cat "$LOGDIR/b1.err")"
echo "ok: barrier with a killed participant: $out"
kill -KILL "$NODE_PID_1"
out=$(RMC_NODE=0 timeout 60 "$PROBE" barrier 2000 2>"$LOGDIR/b2.err")
[ "$out" = EHOSTDOWN ] || fail "barrier with a dead node: '$out' $(cat "$LOGDIR/b2.err")"
echo "ok: barrier with a killed node: $out"
kill_nodes
PIDS=()
echo "PASS"
