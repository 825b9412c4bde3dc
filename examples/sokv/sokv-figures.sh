#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors
#
# The figures of doc/sokv.md: a cluster started by usertools/rmc-cluster.py,
# one sokv-server per node, then sokv-bench for each point; one summary line
# per point (medians of the trials, min and max, and GET p50 over the run's
# floor: a plain read of one object).
#   sokv-figures.sh get|retries|torn [--driver D] [--nodes N] [--sizes "64 1024 8192"]
#                   [--trials T] [--duration S] [--threads N] [--client-cpus LIST]
#                   [--server-cpus LIST] [-- rmcd options]
# get:     YCSB C, uniform keys, every GET way (FaRM, Pilaf, SABRe, RPC) per size.
# retries: YCSB B (5 % writes) and A (50 %), Zipf 0.99 on 100 hot keys, one-sided
#          PUTs, the three one-sided GET ways: retries per GET per size.
# torn:    readers on node 0 (YCSB C, Zipf 0.99 on 100 keys) while a writer bench on
#          node 1 PUTs the same keys (--workload W, RPC then one-sided PUTs): retries
#          per GET and torn copies caught, per GET way and size.
# --client-cpus / --server-cpus: run the measuring bench / the sokv-servers under
# taskset -c LIST (default: unpinned), e.g. the client alone on CPU 0 and the servers
# beside the RMCs (rmcd's lcore 1) on CPU 1. rmcd options (e.g. --latency 1000) go
# after --, to every node.
# BUILD (default ./build) is the build folder; the cluster is named sokvfig_<pid>.

set -u
what=${1:?get or retries}
shift
driver=shm nodes=2 sizes="64 512 2048 8192" trials=5 duration=1 threads=1
CPIN=() SPIN=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
	case $1 in
	--driver) driver=$2 ;;
	--nodes) nodes=$2 ;;
	--sizes) sizes=$2 ;;
	--trials) trials=$2 ;;
	--duration) duration=$2 ;;
	--threads) threads=$2 ;;
	--client-cpus) CPIN=(taskset -c "$2") ;;
	--server-cpus) SPIN=(taskset -c "$2") ;;
	*) echo "usage: see the head of $0" >&2; exit 2 ;;
	esac
	shift 2
done
[ "${1:-}" = "--" ] && shift
B=${BUILD:-build}
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
export RMC_CLUSTER=sokvfig_$$
LOG=$(mktemp -d /tmp/sokvfig-XXXXXX)
SPIDS=()

stop() {
	local p
	for p in "${SPIDS[@]}"; do
		kill -TERM "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	SPIDS=()
	"$TOP/usertools/rmc-cluster.py" stop --cluster "$RMC_CLUSTER" >/dev/null 2>&1
}
trap 'stop; rm -rf "$LOG"' EXIT

# point NAME MAXVALUE KEYS BENCH-ARGS...: a fresh store (preloaded), one bench run.
point() {
	local name=$1 max=$2 keys=$3 i
	shift 3
	"$TOP/usertools/rmc-cluster.py" start --nodes "$nodes" --cluster "$RMC_CLUSTER" \
		--driver "$driver" --log-dir "$LOG" -- "$@" >/dev/null || exit 1
	for i in $(seq 0 $((nodes - 1))); do
		RMC_NODE=$i "${SPIN[@]}" "$B/examples/sokv/sokv-server" --preload "$keys" \
			--max-value "$max" --slots $((keys + 64)) >"$LOG/server$i.log" 2>&1 &
		SPIDS+=($!)
	done
	for i in $(seq 0 $((nodes - 1))); do
		until grep -q ' ready:' "$LOG/server$i.log"; do
			kill -0 "${SPIDS[$i]}" 2>/dev/null ||
				{ echo "sokv-server $i: $(cat "$LOG/server$i.log")"; exit 1; }
			sleep 0.1
		done
	done
	if [ -n "${WRITER_ARGS:-}" ]; then
		RMC_NODE=1 "$B/examples/sokv/sokv-bench" $WRITER_ARGS --keys "$keys" \
			--value-size "$max" --trials 1 --dist zipf \
			--duration "$(awk "BEGIN { print $trials * $duration + 4 }")" >"$LOG/$name.w.log" 2>&1 &
		wpid=$!
		sleep 2
	fi
	RMC_NODE=0 "${CPIN[@]}" "$B/examples/sokv/sokv-bench" "${BENCH_ARGS[@]}" --keys "$keys" \
		--value-size "$max" --trials "$trials" --duration "$duration" \
		--threads "$threads" >"$LOG/$name.log" 2>&1
	echo "== $name (exit $?): $(grep -m1 'client thread' "$LOG/$name.log" | cut -d';' -f2-)"
	grep -E '^(throughput_ops|get_p50|get_p99|put_p50|retries_per_get|server_ns|floor)' \
		"$LOG/$name.log"
	grep -E 'values checked|torn reads' "$LOG/$name.log"
	if [ -n "${WRITER_ARGS:-}" ]; then
		wait $wpid
		echo "writer on node 1 (exit $?): $(grep -E 'values checked' "$LOG/$name.w.log")" \
			"$(grep -E '^throughput_ops' "$LOG/$name.w.log")"
	fi
	stop
}

echo "sokv-figures: $what on $driver, $nodes nodes, $(nproc) CPUs, load $(cut -d' ' -f1-3 \
	/proc/loadavg), $(date -u +%FT%TZ), client CPUs ${CPIN[2]:-any}," \
	"server CPUs ${SPIN[2]:-any}, rmcd options: ${*:-none}"
# Every one of these threads polls (yielding when it finds nothing): the
# figures say how many shared the CPUs.
echo "sokv-figures: polling threads: $threads client, $nodes server (one per node)," \
	"$nodes RMC (rmcd's lcore); on $(nproc) CPUs"
for s in $sizes; do
	if [ "$what" = torn ]; then
		for p in rpc onesided; do
			for g in farm pilaf sabre; do
				BENCH_ARGS=(--get $g --workload C --dist zipf)
				WRITER_ARGS="--workload W --put $p"
				point "torn-$p-$g-$s" "$s" 100 "$@"
			done
		done
		WRITER_ARGS=
	elif [ "$what" = get ]; then
		for g in farm pilaf sabre rpc; do
			BENCH_ARGS=(--get $g --workload C --dist uniform)
			point "get-$g-$s" "$s" 1000 "$@"
		done
	else
		for w in B A; do
			for g in farm pilaf sabre; do
				BENCH_ARGS=(--get $g --put onesided --workload $w --dist zipf)
				point "retries-$w-$g-$s" "$s" 100 "$@"
			done
		done
	fi
done
