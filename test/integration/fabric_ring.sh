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
start_cluster 2 --driver ring
original_workflow
RMC_NODE=0 "$CROSS" --ops 5000 --seed 3 --span 64K || fail "crosscheck from node 0"
RMC_NODE=1 "$CROSS" --ops 5000 --seed 4 --span 64K || fail "crosscheck from node 1"

kill_expect_node_down
kill -0 "$NODE_PID_0" || fail "node 0 died with its peer"

start_node 2 1 --driver ring
expect_served_again
stop_all
[ "$(fabric_stat 0 req_sent)" -gt 0 ] || fail "node 0 sent no protocol request"
[ "$(fabric_stat 0 node_down)" -gt 0 ] || fail "node 0 counted no node-down"
echo "fabric ring: OK"
