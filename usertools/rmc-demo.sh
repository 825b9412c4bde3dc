#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors
#
# rmc-demo.sh: set the machine up, build sonuma, and run the original
# sonuma-vm workflow on a 2-node cluster on this host:
#   rmcd 2 0 & rmcd 2 1 &; bench_server on node 1; bench_sync 1 r|w and
#   bench_async 1 r|w on node 0. Each step is a short block: the command,
#   then its result (output indented), then how long it took. Stops both
#   nodes at the end. Exit status 0 only if every step succeeded.

set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
B=$top/build
export RMC_CLUSTER=${RMC_CLUSTER:-demo}
logs=$(mktemp -d /tmp/rmc-demo-XXXXXX)
# The nodes' pids, in a file: the blocks run in subshells (their output is piped).
pidfile=$logs/pids
: >"$pidfile"
trap 'kill -TERM $(cat "$pidfile") 2>/dev/null; sleep 0.5; rm -rf "$logs"' EXIT

# block TITLE COMMAND...: the command, its output indented as it comes, then ok or
# failed.
block() {
	local title=$1 t0 rc
	shift
	printf '\n== %s\n$ %s\n' "$title" "$*"
	t0=$(date +%s.%N)
	{ "$@" 2>&1; echo $? >"$logs/rc"; } | sed -u 's/^/  /'
	rc=$(cat "$logs/rc")
	if [ "$rc" != 0 ]; then
		echo "rmc-demo: '$*' failed (exit $rc)"
		exit 1
	fi
	awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "-> ok (%.1f s)\n", b - a }'
}

# ninja's progress, condensed: one line every 20 steps and the last one.
build() {
	[ -d build ] || meson setup build >"$logs/meson.log" 2>&1 ||
		{ cat "$logs/meson.log"; return 1; }
	ninja -C build 2>&1 | awk '/^\[[0-9]+\/[0-9]+\]/ { n++; last = $0
			if (n % 20 == 1) print substr($0, 1, 100); next }
		{ print } END { if (last != "") print substr(last, 1, 100); print n " steps" }'
	return "${PIPESTATUS[0]}"
}

# node ID: start rmcd for node ID of 2 in the background; wait for its ready line.
node() {
	local pid
	"$B/app/rmcd/rmcd" 2 "$1" >"$logs/node$1.log" 2>&1 &
	pid=$!
	echo "$pid" >>"$pidfile"
	for _ in $(seq 1 100); do
		grep -q ': ready' "$logs/node$1.log" && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	cat "$logs/node$1.log"
	grep -q ': ready' "$logs/node$1.log"
}

stop_nodes() {
	local p
	for p in $(cat "$pidfile"); do
		kill -TERM "$p"
		while kill -0 "$p" 2>/dev/null; do sleep 0.1; done
	done
	: >"$pidfile"
	grep -h 'stopping' "$logs"/node*.log
}

block "machine set-up (packages, hugepages)" usertools/rmc-setup.sh
block "build" build
block "node 0 of 2 (background)" node 0
block "node 1 of 2 (background)" node 1
block "bench_server: node 1 writes each page's index" \
	env RMC_NODE=1 "$B/examples/sonuma-bench/bench_server"
block "bench_sync: node 0 reads node 1's pages, checks each" \
	env RMC_NODE=0 "$B/examples/sonuma-bench/bench_sync" 1 r
block "bench_sync: node 0 zeroes them, reads back" \
	env RMC_NODE=0 "$B/examples/sonuma-bench/bench_sync" 1 w
block "bench_async: pipelined reads" env RMC_NODE=0 "$B/examples/sonuma-bench/bench_async" 1 r
block "bench_async: pipelined writes, verified" \
	env RMC_NODE=0 "$B/examples/sonuma-bench/bench_async" 1 w
block "stop both nodes (SIGTERM)" stop_nodes
echo
echo "rmc-demo: the original workflow ran on cluster '$RMC_CLUSTER'; both nodes stopped"
