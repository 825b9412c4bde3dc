#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors
#
# 5 % of the protocol's messages lost, requests and replies alike, on the
# ring driver and on the eth driver over memif: the seed's workflow, then a
# short soak of two applications on two nodes at once (random reads, writes,
# compare-and-swaps and fetch-and-adds on disjoint ranges, each checked
# against its model, and fetch-and-adds of both on one shared word whose
# final value must be their exact total). No mismatch, no atomic applied
# twice, no request failed; the nodes' counters show that messages were lost,
# resent, and atomics answered from the de-duplication window. The protocol
# time-out is raised to 5 s: this test is about recovering lost messages, and
# a machine busy with other work must not make it declare a live node down.

. "$(dirname "$0")/lib.sh"

CROSS=$BUILD/test/rmc_crosscheck
OPS=2000

# soak: two applications at once, then the shared counter's total. The
# counter sits inside page 256, after the index bench_server writes at its
# start, so it starts at zero.
soak() {
	RMC_NODE=0 "$CROSS" --ops $OPS --seed 11 --span 128K --base 0 --counter 1:1048640 \
		>"$LOGDIR/soak0.log" 2>&1 &
	local a=$!
	RMC_NODE=1 "$CROSS" --ops $OPS --seed 12 --span 128K --base 256K --counter 1:1048640 \
		>"$LOGDIR/soak1.log" 2>&1 &
	local b=$!
	wait $a || fail "soak from node 0: $(tail -3 "$LOGDIR/soak0.log")"
	wait $b || fail "soak from node 1: $(tail -3 "$LOGDIR/soak1.log")"
	cat "$LOGDIR/soak0.log" "$LOGDIR/soak1.log"
	RMC_NODE=0 "$CROSS" --expect 1:1048640:$((OPS / 4 * 2)) || fail "shared counter total"
}

# check_counters: loss happened and was recovered, nothing failed.
check_counters() {
	local lost=0 replayed=0 resent=0 down=0 i
	for i in 0 1; do
		lost=$((lost + $(fabric_stat $i lost_injected)))
		replayed=$((replayed + $(fabric_stat $i dup_replayed)))
		resent=$((resent + $(fabric_stat $i req_resent)))
		down=$((down + $(fabric_stat $i node_down)))
	done
	echo "$1: $lost messages lost, $resent chunk requests resent, $replayed atomics" \
		"answered from the de-duplication window, $down node-down"
	[ "$lost" -gt 0 ] && [ "$resent" -gt 0 ] || fail "$1: no loss recovered"
	[ "$replayed" -gt 0 ] || fail "$1: no retried atomic reached the de-duplication window"
	[ "$down" = 0 ] || fail "$1: $down requests failed with node-down"
}

echo "--- ring driver, --loss 0.05"
start_node 2 0 --driver ring --loss 0.05 --proto-timeout 5000
start_node 2 1 --driver ring --loss 0.05 --proto-timeout 5000
wait_ready 0
wait_ready 1
original_workflow
soak
stop_all
check_counters ring

echo "--- eth driver over memif, --loss 0.05"
CONF=$LOGDIR/fabric.conf
SOCK=$LOGDIR/memif.sock
fabric_conf "$CONF" 2
for i in 0 1; do
	role=$([ $i = 0 ] && echo server || echo client)
	start_node 2 $i "$(memif_vdev 0 $role "$SOCK" $i)" \
		-- --driver eth --fabric-conf "$CONF" --loss 0.05 --proto-timeout 5000
done
wait_ready 0
wait_ready 1
original_workflow
soak
stop_all
check_counters eth
echo "fabric loss: OK"
