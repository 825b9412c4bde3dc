#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors
#
# The eth driver over net_af_packet on a veth pair between two network
# namespaces that this test creates (only addresses inside them are touched):
# two rmcd processes, node 0 in one, node 1 in the other, applications outside (they reach their
# node over its UNIX socket). The seed's workflow and random operations
# checked against a model. Skipped (exit 77) where namespaces cannot be made.

. "$(dirname "$0")/lib.sh"

CROSS=$BUILD/test/rmc_crosscheck
NS0=rmc6a_$$
NS1=rmc6b_$$
IF0=r6a$$
IF1=r6b$$

skip() {
	echo "SKIP: $*"
	exit 77
}

netns_cleanup() {
	# The nodes first: a namespace lives on while a process is in it.
	kill_nodes
	ip netns del "$NS0" 2>/dev/null
	ip netns del "$NS1" 2>/dev/null
	cleanup
}
trap netns_cleanup EXIT

command -v ip >/dev/null || skip "no 'ip' command (iproute2)"
[ "$(id -u)" = 0 ] || skip "network namespaces need root"
ip netns add "$NS0" 2>/dev/null || skip "cannot create a network namespace here"
ip netns add "$NS1" || skip "cannot create a second network namespace"
ip link add "$IF0" type veth peer name "$IF1" 2>/dev/null || skip "cannot create a veth pair"
ip link set "$IF0" netns "$NS0" && ip link set "$IF1" netns "$NS1" || fail "move veths"
for i in 0 1; do
	ns=$([ $i = 0 ] && echo "$NS0" || echo "$NS1")
	ifc=$([ $i = 0 ] && echo "$IF0" || echo "$IF1")
	# No IPv6 neighbour discovery chatter on the link.
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 2>/dev/null
	ip -n "$ns" link set "$ifc" address "$(node_mac $i)" || fail "set address of $ifc"
	ip -n "$ns" link set "$ifc" up || fail "bring $ifc up"
done

CONF=$LOGDIR/fabric.conf
fabric_conf "$CONF" 2
RMCD_WRAP="ip netns exec $NS0" start_node 2 0 "--vdev=net_af_packet0,iface=$IF0" -- \
	--driver eth --fabric-conf "$CONF"
RMCD_WRAP="ip netns exec $NS1" start_node 2 1 "--vdev=net_af_packet0,iface=$IF1" -- \
	--driver eth --fabric-conf "$CONF"
wait_ready 0
wait_ready 1
original_workflow
RMC_NODE=0 "$CROSS" --ops 3000 --seed 9 --span 64K || fail "crosscheck from node 0"
RMC_NODE=1 "$CROSS" --ops 3000 --seed 10 --span 64K || fail "crosscheck from node 1"
stop_all
[ "$(fabric_stat 1 req_served)" -gt 0 ] || fail "node 1 served nothing over af_packet"
echo "fabric eth over af_packet between network namespaces: OK"
