#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors
#
# Stopping rmcd with requests in flight: SIGTERM to the application's own
# node, SIGINT to the node it targets, SIGKILL to its own node. Every
# outstanding request completes (OK, or aborted / node-down), none is lost;
# a stopped node leaves no process, socket, lock or /var/run/dpdk folder; a
# new rmcd with the same ids starts at once, also after SIGKILL (its stale
# socket and lock cleaned; on eth, the memif server socket it left too), and
# serves.

CLUSTER=rel_stop_$$
. "$(dirname "$0")/rel_lib.sh"

DIR=$RMC_RUNTIME_DIR/$CLUSTER

# no_files ID: nothing of node ID is left on the host.
no_files() {
	[ ! -e "$DIR/node$1.sock" ] || fail "node $1's socket is left"
	[ ! -e "$DIR/node$1.lock" ] || fail "node $1's lock file is left"
	[ ! -e "/var/run/dpdk/sonuma_${CLUSTER}_n$1" ] || fail "node $1's /var/run/dpdk folder is left"
	ls /dev/hugepages 2>/dev/null | grep -q "$CLUSTER" && fail "hugepage files left"
	return 0
}

# restart ID: start node ID again at once and time it until it serves.
restart() {
	local t0
	t0=$(now_ms)
	start_node 2 "$1" --ctx-size 1M
	wait_ready "$1"
	RMC_NODE=$((1 - $1)) "$RELTOOL" wait-peer --target "$1" --timeout 30 >/dev/null ||
		fail "node $1 does not serve after its restart"
	echo "node $1 restarted with the same ids, serving after $(($(now_ms) - t0)) ms"
}

# in_flight NODE TARGET EXPECT: start an application that keeps the QP full.
in_flight() {
	# Emptied before the job starts: wait_line must not find the last step's "ready".
	: >"$LOGDIR/outstanding.log"
	RMC_NODE=$1 "$RELTOOL" outstanding --target "$2" --expect "$3" --timeout 30 \
		>>"$LOGDIR/outstanding.log" 2>&1 &
	APP=$!
	PIDS+=($APP)
	wait_line "$LOGDIR/outstanding.log" ready 20 $APP
}

# app_done: the application accounted for every request.
app_done() {
	wait_exit $APP 40 || fail "the application still waits for requests"
	cat "$LOGDIR/outstanding.log"
	[ "$EXIT_RC" = 0 ] || fail "requests were lost"
}

start_node 2 0 --ctx-size 1M
start_node 2 1 --ctx-size 1M
wait_ready 0
wait_ready 1

echo "--- SIGTERM to the application's node"
in_flight 0 1 aborted
kill_node 0 TERM 10
[ "$EXIT_RC" = 0 ] || fail "rmcd exited $EXIT_RC on SIGTERM"
app_done
no_files 0
restart 0

echo "--- SIGINT to the node the application reads from"
in_flight 0 1 node_down
kill_node 1 INT 10
[ "$EXIT_RC" = 0 ] || fail "rmcd exited $EXIT_RC on SIGINT"
app_done
no_files 1
restart 1

echo "--- SIGKILL to the application's node"
in_flight 0 1 aborted
kill_node 0 KILL 10
app_done
[ -e "$DIR/node0.sock" ] || fail "no stale socket: the test would prove nothing"
# eth: node 0 is the memif server of link 0-1; SIGKILL left its socket file.
[ "$DRIVER" != eth ] || [ -S "$LOGDIR/l01.sock" ] ||
	fail "no stale memif socket: the test would prove nothing"
restart 0
grep -q "removed stale socket" "$LOGDIR/node0.log" || fail "stale socket not reported"
[ "$DRIVER" != eth ] || grep -q "removed stale memif socket" "$LOGDIR/node0.log" ||
	fail "stale memif socket not reported"

stop_all
echo "clean stop and restart: OK"
