#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors
#
# Two rmcd processes with the ring driver (the protocol between RMCs over
# rte_rings in shared memory): the seed's workflow, random operations checked
# against a model from both nodes, then a peer killed with SIGKILL (requests
# to it fail with node-down) and started again (served again).

. "$(dirname "$0")/lib.sh"

CROSS=$BUILD/test/rmc_crosscheck
start_node 2 0 --driver ring
start_node 2 1 --driver ring
wait_ready 0
wait_ready 1
original_workflow
RMC_NODE=0 "$CROSS" --ops 5000 --seed 3 --span 64K || fail "crosscheck from node 0"
RMC_NODE=1 "$CROSS" --ops 5000 --seed 4 --span 64K || fail "crosscheck from node 1"

kill -KILL "$NODE_PID_1"
t0=$(date +%s%N)
if RMC_ATTACH_TIMEOUT=2 RMC_NODE=0 timeout 20 "$BENCH/bench_sync" 1 r \
		>"$LOGDIR/down.log" 2>&1; then
	fail "bench_sync 1 r succeeded with node 1 killed"
fi
echo "node-down reported $((($(date +%s%N) - t0) / 1000000)) ms after SIGKILL"
grep -q "node is down" "$LOGDIR/down.log" || fail "no node-down message: $(cat "$LOGDIR/down.log")"
kill -0 "$NODE_PID_0" || fail "node 0 died with its peer"

start_node 2 1 --driver ring
wait_ready 1
RMC_NODE=1 "$BENCH/bench_server" || fail "bench_server on the restarted node"
RMC_NODE=0 "$BENCH/bench_sync" 1 r >/dev/null || fail "node 1 not served again after restart"
stop_all
[ "$(fabric_stat 0 req_sent)" -gt 0 ] || fail "node 0 sent no protocol request"
[ "$(fabric_stat 0 node_down)" -gt 0 ] || fail "node 0 counted no node-down"
echo "fabric ring: OK"
