#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors
#
# Attaching fails at once, with one clear line, when a running node of the
# cluster proves that it can never succeed (a node id outside the cluster; a
# node started for another cluster size, which its peers refuse), waits with
# one line naming the cluster and the directory searched when no node runs,
# and does not wait at all with RMC_ATTACH_TIMEOUT=0. Proved by the messages
# (a wait would end in the "not running" message instead); time is only
# bounded from below.

CLUSTER=run_ff_$$
. "$(dirname "$0")/lib.sh"
APP=$BENCH/bench_server
DIR=$RMC_RUNTIME_DIR/$CLUSTER

# attach_out NAME ENV...: run bench_server with ENV, its output in $LOGDIR/NAME.out.
attach_out() {
	local name=$1
	shift
	env "$@" timeout 200 "$APP" >"$LOGDIR/$name.out" 2>&1
}
waits() { grep -c "waiting up to" "$LOGDIR/$1.out"; }

# No node runs: one waiting line naming the cluster and the directory, for the bound.
t0=$(date +%s%N)
attach_out none RMC_ATTACH_TIMEOUT=2 RMC_NODE=0 && fail "attached with no node"
t=$((($(date +%s%N) - t0) / 1000000))
cat "$LOGDIR/none.out"
[ "$t" -ge 1900 ] || fail "gave up after $t ms, before RMC_ATTACH_TIMEOUT=2"
[ "$(waits none)" = 1 ] || fail "expected one waiting line"
grep -q "waiting up to 2 s for node 0 of cluster '$CLUSTER' (looking in $DIR;" \
	"$LOGDIR/none.out" || fail "the waiting line does not name the cluster and directory"
grep -q "node 0 of cluster '$CLUSTER' is not running" "$LOGDIR/none.out" || fail "end message"
attach_out anynode RMC_ATTACH_TIMEOUT=1 && fail "attached with no node (no RMC_NODE)"
[ "$(waits anynode)" = 1 ] && grep -q "for a node of cluster '$CLUSTER' (looking in $DIR;" \
	"$LOGDIR/anynode.out" || fail "waiting line without RMC_NODE: $(cat "$LOGDIR/anynode.out")"

# RMC_ATTACH_TIMEOUT=0: no wait at all.
attach_out nowait RMC_ATTACH_TIMEOUT=0 RMC_NODE=0 && fail "attached with no node"
[ "$(waits nowait)" = 0 ] || fail "RMC_ATTACH_TIMEOUT=0 waited: $(cat "$LOGDIR/nowait.out")"
grep -q "is not running" "$LOGDIR/nowait.out" || fail "no-wait message"

# A node started later is waited for, with one line.
RMC_ATTACH_TIMEOUT=60 RMC_NODE=1 timeout 600 "$APP" >"$LOGDIR/later.out" 2>&1 &
late=$!
sleep 0.5
start_cluster 2
wait $late || fail "the application waiting for its node failed: $(cat "$LOGDIR/later.out")"
[ "$(waits later)" = 1 ] || fail "waiting lines: $(cat "$LOGDIR/later.out")"

# RMC_NODE=7 while the 2-node cluster runs: fails at once, naming the cluster size.
attach_out seven RMC_ATTACH_TIMEOUT=20 RMC_NODE=7 && fail "RMC_NODE=7 attached"
cat "$LOGDIR/seven.out"
[ "$(waits seven)" = 0 ] || fail "RMC_NODE=7 waited"
grep -q "^RMC: node 7 can never be part of cluster '$CLUSTER': its node [01] runs with 2 nodes" \
	"$LOGDIR/seven.out" || fail "RMC_NODE=7 message"
RMC_NODE=1 "$APP" >/dev/null || fail "node 1 no longer serves"
RMC_NODE=0 "$BENCH/bench_sync" 1 r >/dev/null || fail "node 0 no longer serves"
stop_all

# Node 1 started for 3 nodes beside node 0 started for 2: they refuse each other.
start_node 2 0
start_node 3 1
wait_ready 0
wait_ready 1
for id in 0 1; do
	attach_out mismatch$id RMC_ATTACH_TIMEOUT=20 RMC_NODE=$id && fail "node $id attached"
	cat "$LOGDIR/mismatch$id.out"
	grep -q "cluster size mismatch" "$LOGDIR/mismatch$id.out" ||
		fail "node $id: no size mismatch message"
	[ "$(waits mismatch$id)" = 0 ] || fail "node $id: waited for peers that never come"
done
grep -q "node 0 of cluster '$CLUSTER' was started for 2 nodes, but its node 1 runs for 3" \
	"$LOGDIR/mismatch0.out" || fail "mismatch message of node 0"
stop_all
echo "attach fails fast, waits with one line, RMC_ATTACH_TIMEOUT=0 does not wait: OK"
