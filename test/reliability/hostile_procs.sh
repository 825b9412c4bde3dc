#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors
#
# A hostile application process floods node 0's RMC (a 4096-deep WQ of junk
# and valid entries, a lying CQ counter, entries scribbled over while the RMC
# reads them) while an ordinary application on the same node works and checks
# every result. Its throughput with and without the attack is printed (a
# report: the machine is shared, so no assertion is made on it). The nodes
# survive and reclaim the hostile application.

CLUSTER=rel_hostile_$$
. "$(dirname "$0")/rel_lib.sh"
DURATION=${HOSTILE_DURATION:-2}

start_node 2 0 --ctx-size 1M
start_node 2 1 --ctx-size 1M
wait_ready 0
wait_ready 1

RMC_NODE=0 "$RELTOOL" steady --target 1 --off 0 --size 64K --duration "$DURATION" \
	>"$LOGDIR/alone.log" 2>&1 || fail "steady alone: $(cat "$LOGDIR/alone.log")"
RMC_NODE=0 "$RELTOOL" hostile --target 1 --duration $((DURATION + 2)) >"$LOGDIR/hostile.log" 2>&1 &
hostile=$!
PIDS+=($hostile)
sleep 0.5
RMC_NODE=0 "$RELTOOL" steady --target 1 --off 64K --size 64K --duration "$DURATION" --seed 2 \
	>"$LOGDIR/attacked.log" 2>&1 || fail "steady under attack: $(cat "$LOGDIR/attacked.log")"
wait_exit $hostile 30 || fail "the hostile application did not end"
[ "$EXIT_RC" = 0 ] || fail "hostile: $(cat "$LOGDIR/hostile.log")"
a=$(sed -n 's/.*(\([0-9]*\) ops\/s).*/\1/p' "$LOGDIR/alone.log")
b=$(sed -n 's/.*(\([0-9]*\) ops\/s).*/\1/p' "$LOGDIR/attacked.log")
cat "$LOGDIR/hostile.log"
echo "ordinary application on the attacked node: $a ops/s alone, $b ops/s under attack" \
	"($((b * 100 / (a > 0 ? a : 1)))%), every result checked"
kill -0 "$NODE_PID_0" && kill -0 "$NODE_PID_1" || fail "a node died"
RMC_NODE=0 "$RELTOOL" usage --expect-apps 0 --expect-qps 0 --expect-lbufs 0 --expect-itt 0 \
	--timeout 10 || fail "node 0 did not reclaim the hostile application"
stop_all
echo "hostile application process: OK"
