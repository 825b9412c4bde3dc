#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors
#
# What idle nodes cost: the CPU time of two idle rmcd (default adaptive idle
# policy, peers up) over a window, then of one whose peer is dead (stopped),
# from the utime + stime ticks of /proc/<pid>/stat (all threads of each
# process: RMC, control thread, EAL threads). The target is below 1 % of a CPU
# each.
#
#   usertools/rmc-idle-cost.sh [--driver shm|ring|eth] [--seconds N] [--rmcd PATH]
#
# Prints one line per measurement and exits 0 (a measurement, not a test):
#   idle_cost driver=shm state=peers-up node=0 ticks=3 seconds=20 cpu_pct=0.15 target=met
# The machine may be shared: say so beside any figure taken from it.

set -eu

driver=shm
seconds=20
here=$(cd "$(dirname "$0")" && pwd)
rmcd=${RMCD:-}
while [ $# -gt 0 ]; do
	case "$1" in
	--driver) driver=$2; shift 2 ;;
	--seconds) seconds=$2; shift 2 ;;
	--rmcd) rmcd=$2; shift 2 ;;
	-h|--help) sed -n '3,16p' "$0"; exit 0 ;;
	*) echo "rmc-idle-cost.sh: unknown argument '$1'" >&2; exit 2 ;;
	esac
done
if [ -z "$rmcd" ]; then
	for c in "$here/../build/app/rmcd/rmcd" "$here/rmcd" "$(command -v rmcd || true)"; do
		if [ -n "$c" ] && [ -x "$c" ]; then rmcd=$c; break; fi
	done
fi
[ -n "$rmcd" ] && [ -x "$rmcd" ] || { echo "rmc-idle-cost.sh: no rmcd (use --rmcd)" >&2; exit 2; }

hz=$(getconf CLK_TCK)
cluster="idlecost$$"
log=$(mktemp -d)
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	for p in $pids; do wait "$p" 2>/dev/null || true; done
	rm -rf "$log"
}
trap cleanup EXIT INT TERM

ticks() {
	# Fields 14 and 15 of /proc/<pid>/stat, counted after the command name.
	sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'
}

# Ticks of each given pid over the window, one line each.
measure() {
	state=$1; shift
	t0=""
	for p in "$@"; do t0="$t0 $(ticks "$p")"; done
	sleep "$seconds"
	i=0
	for p in "$@"; do
		i=$((i + 1))
		a=$(echo $t0 | cut -d' ' -f$i)
		b=$(ticks "$p")
		awk -v d="$driver" -v s="$state" -v n="$((i - 1))" -v t="$((b - a))" \
			-v sec="$seconds" -v hz="$hz" 'BEGIN {
			pct = 100 * t / (sec * hz)
			printf "idle_cost driver=%s state=%s node=%s ticks=%d seconds=%d cpu_pct=%.2f target=%s\n",
				d, s, n, t, sec, pct, pct < 1 ? "met" : "NOT-met" }'
	done
}

# eth: the two nodes over a memif pair (server on node 0), as the fabric tests.
mac() { printf '02:00:00:6b:%02x:%02x' $(($$ % 256)) "$1"; }
eal() {
	[ "$driver" = eth ] || return 0
	role=server
	[ "$1" = 1 ] && role=client
	echo "--vdev=net_memif0,role=$role,socket=$log/memif.sock,socket-abstract=no,mac=$(mac "$1") --"
}
opts() {
	echo "--cluster $cluster --driver $driver --ctx-size 1M"
	[ "$driver" = eth ] && echo "--fabric-conf $log/fabric.conf"
	return 0
}
printf 'node 0 %s\nnode 1 %s\n' "$(mac 0)" "$(mac 1)" >"$log/fabric.conf"
# shellcheck disable=SC2046
"$rmcd" $(eal 0) $(opts) 2 0 >"$log/n0" 2>&1 &
n0=$!
pids="$n0"
# shellcheck disable=SC2046
"$rmcd" $(eal 1) $(opts) 2 1 >"$log/n1" 2>&1 &
n1=$!
pids="$pids $n1"
i=0
until grep -Eq "connected|reachable" "$log/n0" 2>/dev/null &&
		grep -Eq "connected|reachable" "$log/n1" 2>/dev/null; do
	i=$((i + 1))
	if [ $i -gt 300 ]; then
		echo "rmc-idle-cost.sh: the nodes did not connect in 30 s:" >&2
		cat "$log/n0" "$log/n1" >&2
		exit 1
	fi
	sleep 0.1
done
# Past the start and the adaptive policy's yield phase (20 ms).
sleep 1
measure peers-up "$n0" "$n1"
kill "$n1"
wait "$n1" 2>/dev/null || true
pids="$n0"
sleep 1
measure peer-dead "$n0"
