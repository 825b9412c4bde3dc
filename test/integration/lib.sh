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

cleanup() {
	local p
	for p in "${PIDS[@]}"; do
		kill -KILL "$p" 2>/dev/null
	done
	wait 2>/dev/null
	rm -rf "$RMC_RUNTIME_DIR" "$LOGDIR"
	rm -rf /var/run/dpdk/sonuma_"$CLUSTER"_n* 2>/dev/null
}
trap cleanup EXIT

# start_node COUNT ID [rmcd options...]: start rmcd in the background.
start_node() {
	local count=$1 id=$2
	shift 2
	"$RMCD" "$@" "$count" "$id" >"$LOGDIR/node$id.log" 2>&1 &
	PIDS+=($!)
	eval "NODE_PID_$id=$!"
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
	[ -z "$(ls -A "$RMC_RUNTIME_DIR" 2>/dev/null)" ] ||
		fail "files left in $RMC_RUNTIME_DIR: $(ls -A "$RMC_RUNTIME_DIR")"
	ls -d /var/run/dpdk/sonuma_"$CLUSTER"_n* >/dev/null 2>&1 &&
		fail "EAL runtime folders left: $(ls -d /var/run/dpdk/sonuma_"$CLUSTER"_n*)"
	ls /dev/hugepages 2>/dev/null | grep -q "$CLUSTER" && fail "hugepage files left"
	return 0
}
