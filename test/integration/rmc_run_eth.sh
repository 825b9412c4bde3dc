#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors
#
# rmc-run over eth between two network namespaces of this host: a hostfile
# naming the namespaces, each with its af_packet device on one end of a veth
# pair, and "ip netns exec {host}" as the launch template; rmc-run writes the
# fabric configuration, starts both nodes and the program copies inside the
# namespaces, and stops everything. Also a single-host eth cluster (a
# net_memif link made by the launcher). Skipped (exit 77) where namespaces
# cannot be made.

CLUSTER=run_re_$$
. "$(dirname "$0")/lib.sh"
SRC=${RMC_SOURCE_DIR:?run through meson test}
RUN=$SRC/usertools/rmc-run
PROG=${RMC_RUN_TEST_PROG:-$SRC/test/integration/rmc_run_prog.sh}
NS0=rmcrun_a$$
NS1=rmcrun_b$$
IF0=rra$$
IF1=rrb$$

skip() {
	echo "SKIP: $*"
	exit 77
}
netns_cleanup() {
	"$SRC/usertools/rmc-cluster.py" stop --cluster "$CLUSTER" --timeout 5 >/dev/null 2>&1
	ip netns del "$NS0" 2>/dev/null
	ip netns del "$NS1" 2>/dev/null
	cleanup
}
trap netns_cleanup EXIT

# One host, eth over a net_memif link the launcher makes.
"$RUN" -n 2 --driver eth --cluster "$CLUSTER" --rmcd "$RMCD" --rmcd-args "--ctx-size 1M" -- \
	"$PROG" >"$LOGDIR/memif.out" 2>&1 || fail "rmc-run --driver eth: $(cat "$LOGDIR/memif.out")"
cat "$LOGDIR/memif.out"
grep -q "^\[1\] " "$LOGDIR/memif.out" || fail "no output of node 1"

command -v ip >/dev/null || skip "no 'ip' command (iproute2)"
[ "$(id -u)" = 0 ] || skip "network namespaces need root"
ip netns add "$NS0" 2>/dev/null || skip "cannot create a network namespace here"
ip netns add "$NS1" || skip "cannot create a second network namespace"
ip link add "$IF0" type veth peer name "$IF1" 2>/dev/null || skip "cannot create a veth pair"
ip link set "$IF0" netns "$NS0" && ip link set "$IF1" netns "$NS1" || fail "move veths"
ip -n "$NS0" link set "$IF0" up && ip -n "$NS1" link set "$IF1" up || fail "links up"
for ns in "$NS0" "$NS1"; do
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 2>/dev/null
done

cat >"$LOGDIR/hosts" <<HOSTS
# one node per namespace, its af_packet port on its end of the veth pair
$NS0 slots=1 dev=--vdev=net_af_packet0,iface=$IF0
$NS1 dev=--vdev=net_af_packet0,iface=$IF1
HOSTS
"$RUN" -n 2 --driver eth --cluster "$CLUSTER" --rmcd "$RMCD" --rmcd-args "--ctx-size 1M" \
	--hostfile "$LOGDIR/hosts" --launch "ip netns exec {host}" -- "$PROG" \
	>"$LOGDIR/netns.out" 2>&1 || fail "rmc-run between namespaces: $(cat "$LOGDIR/netns.out")"
cat "$LOGDIR/netns.out"
grep -q "started on 2 host(s)" "$LOGDIR/netns.out" || fail "not on 2 hosts"
if [ -z "${RMC_RUN_TEST_PROG:-}" ]; then
	for i in 0 1; do
		grep -q "^\[$i\] rmc_crosscheck: .* on 2 nodes, 0 mismatches" "$LOGDIR/netns.out" ||
			fail "node $i: checked operations over eth"
	done
fi
[ -z "$(ls -A "$RMC_RUNTIME_DIR/$CLUSTER" 2>/dev/null)" ] || fail "files left"
ls -d /var/run/dpdk/sonuma_"$CLUSTER"_n* >/dev/null 2>&1 && fail "EAL folders left"
echo "rmc-run over eth (memif on one host; af_packet between network namespaces): OK"
