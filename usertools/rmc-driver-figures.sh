#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors
#
# The original workflow's figures on two rmcd per driver, beside the
# hand-off floors measured in the same run: bench_sync 1 r (p50) and
# bench_async 1 r (ops/s) on shm and ring, the RPC example's small-call p50 on
# shm, ring and eth (memif), then rmc-bench's hand-off floors
# (futex wake round trip on one and two CPUs, sched_yield round trip).
# Both rmcd run with their defaults (adaptive idle policy: each RMC sleeps
# when idle and is woken on demand). Placement: this machine's CPUs are
# shared by both RMCs and the applications (with fewer CPUs than nodes + 1,
# app_cpu_place() puts every RMC on the CPUs but the first: here both on
# CPU 1); say how many CPUs and how loaded beside any figure.
#
#   usertools/rmc-driver-figures.sh [--build DIR] [--seconds N]

set -u
build=$(cd "$(dirname "$0")/.." && pwd)/build
seconds=3
while [ $# -gt 0 ]; do
	case "$1" in
	--build) build=$2; shift 2 ;;
	--seconds) seconds=$2; shift 2 ;;
	-h|--help) sed -n '3,15p' "$0"; exit 0 ;;
	*) echo "rmc-driver-figures.sh: unknown argument '$1'" >&2; exit 2 ;;
	esac
done
rmcd=$build/app/rmcd/rmcd
bench=$build/examples/sonuma-bench
rpc=$build/examples/rmc-rpc
log=$(mktemp -d)
pids=()
stop() {
	local p
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
	pids=()
}
trap 'stop; rm -rf "$log"' EXIT
export RMC_CLUSTER="drvfig$$"
mac() { printf '02:00:00:6c:%02x:%02x' $(($$ % 256)) "$1"; }
printf 'node 0 %s\nnode 1 %s\n' "$(mac 0)" "$(mac 1)" >"$log/fabric.conf"

start() { # start DRIVER: two rmcd, both connected
	local d=$1 i role
	for i in 0 1; do
		if [ "$d" = eth ]; then
			role=$([ $i = 0 ] && echo server || echo client)
			"$rmcd" "--vdev=net_memif0,role=$role,socket=$log/memif.sock,socket-abstract=no,mac=$(mac $i)" \
				-- --cluster "$RMC_CLUSTER" --driver eth --fabric-conf "$log/fabric.conf" \
				--ctx-size 16M 2 $i >"$log/n$i" 2>&1 &
		else
			"$rmcd" --cluster "$RMC_CLUSTER" --driver "$d" --ctx-size 16M 2 $i \
				>"$log/n$i" 2>&1 &
		fi
		pids+=($!)
	done
	for i in $(seq 300); do
		grep -Eq "connected|reachable" "$log/n0" && grep -Eq "connected|reachable" "$log/n1" &&
			return 0
		sleep 0.1
	done
	echo "rmc-driver-figures.sh: $d nodes did not connect" >&2
	return 1
}

for d in shm ring; do
	start $d || exit 1
	RMC_NODE=1 "$bench/bench_server" >/dev/null 2>&1
	s=$(RMC_NODE=0 "$bench/bench_sync" --duration "$seconds" 1 r 2>&1 | sed -n 's/^p50_ns=//p')
	a=$(RMC_NODE=0 "$bench/bench_async" --duration "$seconds" 1 r 2>&1 | sed -n 's/^ops_per_s=//p')
	echo "driver=$d bench_sync_1_r_p50_ns=${s:-failed} bench_async_1_r_ops_per_s=${a:-failed}"
	stop
done
for d in shm ring eth; do
	start $d || exit 1
	RMC_NODE=1 "$rpc/rpc_server" --threads 1 --clients 1 >"$log/srv" 2>&1 &
	srv=$!
	RMC_NODE=0 "$rpc/rpc_client" --server-node 1 --servers 1 --threads 1 --requests 2000 \
		>"$log/cli" 2>&1
	wait $srv
	echo "driver=$d rpc $(grep -m1 -E '^rpc_client: .*latency' "$log/cli" | sed 's/^rpc_client: //')"
	stop
done
"$build/app/rmc-bench/rmc-bench" -- --quick --only idle 2>&1 | sed -n '/^Hand-off/,/sched_yield/p'
