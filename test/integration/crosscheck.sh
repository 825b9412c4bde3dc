#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors
#
# Three rmcd processes; an application on node 0, then one on node 2, issues
# random reads, writes and atomics on every node (loopback included), each
# result checked against a model of the remote memory.

. "$(dirname "$0")/lib.sh"

CROSS=$BUILD/test/rmc_crosscheck
start_cluster 3 --ctx-size 1M
RMC_NODE=0 "$CROSS" --ops 20000 --seed 7 || fail "crosscheck from node 0"
RMC_NODE=2 "$CROSS" --ops 20000 --seed 8 --span 64K || fail "crosscheck from node 2"
stop_all
echo "crosscheck: OK"
