#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors
#
# Helpers for integration tests that start real rmcd processes. Each test
# gets its own cluster name and runtime directory, and everything it starts
# is stopped by pid on exit.

set -u
BUILD=${RMC_BUILD_DIR:?run through meson test (RMC_BUILD_DIR unset)}
RMCD=$BUILD/app/rmcd/rmcd
BENCH=$BUILD/examples/sonuma-bench
CLUSTER=${CLUSTER:-it_$$}
export RMC_CLUSTER=$CLUSTER
export RMC_RUNTIME_DIR=$(mktemp -d /tmp/rmc-it-XXXXXX)
export RMC_ATTACH_TIMEOUT=20
LOGDIR=$(mktemp -d /tmp/rmc-it-logs-XXXXXX)
PIDS=()

fail() {
	echo "FAIL: $*"
	for f in "$LOGDIR"/*.log; do
		[ -f "$f" ] && { echo "--- $f"; tail -20 "$f"; }
	done
	exit 1
}

# kill_nodes: SIGKILL everything the test started, and reap it.
kill_nodes() {
	local p
	for p in "${PIDS[@]}"; do
		kill -KILL "$p" 2>/dev/null
	done
	wait 2>/dev/null
}

cleanup() {
	kill_nodes
	rm -rf "$RMC_RUNTIME_DIR" "$LOGDIR"
	rm -rf /var/run/dpdk/sonuma_"$CLUSTER"_n* 2>/dev/null
}
trap cleanup EXIT

# start_node COUNT ID [rmcd options...]: start rmcd in the background.
start_node() {
	local count=$1 id=$2
	shift 2
	# Emptied here, not by the background job's redirection, which may run
	# later: wait_ready would otherwise find the last run's ": ready" in it.
	: >"$LOGDIR/node$id.log"
	# RMCD_WRAP: a command to run rmcd under, such as "ip netns exec NS".
	${RMCD_WRAP:-} "$RMCD" "$@" "$count" "$id" >>"$LOGDIR/node$id.log" 2>&1 &
	PIDS+=($!)
	eval "NODE_PID_$id=$!"
}

# start_cluster COUNT [rmcd options...]: nodes 0 to COUNT - 1, all ready.
start_cluster() {
	local count=$1 i
	shift
	for i in $(seq 0 $((count - 1))); do
		start_node "$count" "$i" "$@"
	done
	for i in $(seq 0 $((count - 1))); do
		wait_ready "$i"
	done
}

# wait_ready ID: until node ID prints that it is ready (bounded).
wait_ready() {
	local i
	for i in $(seq 1 200); do
		grep -q ': ready' "$LOGDIR/node$1.log" 2>/dev/null && return 0
		sleep 0.05
	done
	fail "node $1 did not become ready"
}

# stop_all: SIGTERM every node, wait (bounded), check nothing is left.
stop_all() {
	local p i
	for p in "${PIDS[@]}"; do
		kill -TERM "$p" 2>/dev/null
	done
	for i in $(seq 1 100); do
		local alive=0
		for p in "${PIDS[@]}"; do
			kill -0 "$p" 2>/dev/null && alive=1
		done
		[ $alive = 0 ] && break
		sleep 0.1
	done
	for p in "${PIDS[@]}"; do
		kill -0 "$p" 2>/dev/null && fail "rmcd pid $p still runs 10 s after SIGTERM"
	done
	PIDS=()
	! grep -l "ERROR: AddressSanitizer\|runtime error:" "$LOGDIR"/node*.log 2>/dev/null ||
		fail "sanitizer report in a node's log"
	[ -z "$(ls -A "$RMC_RUNTIME_DIR" 2>/dev/null)" ] ||
		fail "files left in $RMC_RUNTIME_DIR: $(ls -A "$RMC_RUNTIME_DIR")"
	ls -d /var/run/dpdk/sonuma_"$CLUSTER"_n* >/dev/null 2>&1 &&
		fail "EAL runtime folders left: $(ls -d /var/run/dpdk/sonuma_"$CLUSTER"_n*)"
	ls /dev/hugepages 2>/dev/null | grep -q "$CLUSTER" && fail "hugepage files left"
	return 0
}

# fabric_conf FILE COUNT: a fabric configuration giving node i the MAC
# 02:00:00:00:<cluster tag>:<i>.
fabric_conf() {
	local i
	: >"$1"
	for i in $(seq 0 $(($2 - 1))); do
		printf 'node %d %s\n' "$i" "$(node_mac "$i")" >>"$1"
	done
}

# node_mac ID: the MAC fabric_conf gives node ID.
node_mac() {
	printf '02:00:00:6a:%02x:%02x' $(($$ % 256)) "$1"
}

# memif_vdev PORT ROLE SOCKET NODE: a net_memif device argument for node NODE.
memif_vdev() {
	echo "--vdev=net_memif$1,role=$2,socket=$3,socket-abstract=no,mac=$(node_mac "$4")"
}

# fabric_stat ID NAME: a protocol counter that node ID printed when it stopped.
fabric_stat() {
	sed -n "s/.*fabric: .*$2=\([0-9]*\).*/\1/p" "$LOGDIR/node$1.log" | tail -1
}

# original_workflow: the seed's benchmarks on node 0 against node 1, each
# value checked by the programs themselves.
original_workflow() {
	RMC_NODE=1 "$BENCH/bench_server" || fail "bench_server"
	RMC_NODE=0 "$BENCH/bench_sync" 1 r >"$LOGDIR/sync_r.log" 2>&1 ||
		fail "bench_sync 1 r: $(tail -3 "$LOGDIR/sync_r.log")"
	grep -E '^(latency|p50_ns)' "$LOGDIR/sync_r.log"
	RMC_NODE=0 "$BENCH/bench_async" 1 r >"$LOGDIR/async_r.log" 2>&1 ||
		fail "bench_async 1 r: $(tail -3 "$LOGDIR/async_r.log")"
	grep '^ops_per_s' "$LOGDIR/async_r.log"
	RMC_NODE=0 "$BENCH/bench_sync" 1 w >/dev/null || fail "bench_sync 1 w"
	RMC_NODE=0 "$BENCH/bench_async" 1 r >/dev/null || fail "bench_async 1 r after w"
	RMC_NODE=0 "$BENCH/bench_async" 1 w >/dev/null || fail "bench_async 1 w"
	RMC_NODE=0 "$BENCH/bench_sync" 1 r >/dev/null || fail "bench_sync 1 r after async w"
}

# kill_expect_node_down: SIGKILL node 1; node 0's next request to it must fail
# with node-down, within the attach and protocol time-outs (the time is shown).
kill_expect_node_down() {
	local t0
	kill -KILL "$NODE_PID_1"
	t0=$(date +%s%N)
	if RMC_ATTACH_TIMEOUT=2 RMC_NODE=0 timeout 20 "$BENCH/bench_sync" 1 r \
			>"$LOGDIR/down.log" 2>&1; then
		fail "bench_sync 1 r succeeded with node 1 killed"
	fi
	echo "node-down reported $((($(date +%s%N) - t0) / 1000000)) ms after SIGKILL"
	grep -q "node is down" "$LOGDIR/down.log" ||
		fail "no node-down message: $(cat "$LOGDIR/down.log")"
}

# expect_served_again: node 1, started again, is ready and served from node 0.
expect_served_again() {
	wait_ready 1
	RMC_NODE=1 "$BENCH/bench_server" || fail "bench_server on the restarted node"
	RMC_NODE=0 "$BENCH/bench_sync" 1 r >/dev/null ||
		fail "node 1 not served again after restart"
}
