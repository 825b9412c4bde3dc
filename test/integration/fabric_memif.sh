#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors
#
# Two rmcd processes with the eth driver over a net_memif link between them
# (node 0 the memif server, node 1 the client): the seed's workflow, random
# operations checked against a model, then node 1 killed with SIGKILL
# (node-down once its hellos stop) and started again. Then three nodes on a
# mesh of memif links, two ports per node.

. "$(dirname "$0")/lib.sh"

CROSS=$BUILD/test/rmc_crosscheck
CONF=$LOGDIR/fabric.conf
SOCK=$LOGDIR/memif.sock
fabric_conf "$CONF" 2
memif() {
	memif_vdev 0 "$1" "$SOCK" "$2"
}
start_node 2 0 "$(memif server 0)" -- --driver eth --fabric-conf "$CONF"
start_node 2 1 "$(memif client 1)" -- --driver eth --fabric-conf "$CONF"
wait_ready 0
wait_ready 1
original_workflow
RMC_NODE=0 "$CROSS" --ops 5000 --seed 5 --span 64K || fail "crosscheck from node 0"
RMC_NODE=1 "$CROSS" --ops 5000 --seed 6 --span 64K || fail "crosscheck from node 1"

kill_expect_node_down

start_node 2 1 "$(memif client 1)" -- --driver eth --fabric-conf "$CONF"
expect_served_again
stop_all
[ -e "$SOCK" ] && fail "memif socket left behind"
[ "$(fabric_stat 0 req_sent)" -gt 0 ] || fail "node 0 sent no protocol request"

# Three nodes on a mesh of point-to-point memif links, two ports each: every
# node learns from the hellos which port leads to which peer.
fabric_conf "$CONF" 3
link() { # link PORT ROLE NAME NODE
	memif_vdev "$1" "$2" "$LOGDIR/$3.sock" "$4"
}
start_node 3 0 "$(link 0 server l01 0)" "$(link 1 server l02 0)" -- --driver eth \
	--fabric-conf "$CONF" --ctx-size 1M
start_node 3 1 "$(link 0 client l01 1)" "$(link 1 server l12 1)" -- --driver eth \
	--fabric-conf "$CONF" --ctx-size 1M
start_node 3 2 "$(link 0 client l02 2)" "$(link 1 client l12 2)" -- --driver eth \
	--fabric-conf "$CONF" --ctx-size 1M
for i in 0 1 2; do
	wait_ready $i
done
for i in 0 1 2; do
	RMC_NODE=$i "$CROSS" --ops 2000 --seed $((20 + i)) --span 64K ||
		fail "mesh crosscheck from node $i"
done
stop_all
echo "fabric eth over memif: OK"
