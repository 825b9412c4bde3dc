#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors
#
# rmcd reports the host's NUMA domains and distances at start; with
# --numa-node N its node's segments are bound to domain N, as the kernel
# shows from outside (/proc/PID/numa_maps: "bind:N" on the node's memfds)
# and its threads run on that domain's CPUs; a domain that does not exist
# is refused with a clear message and status 2. The cluster launcher's
# --numa spread gives node i domain i * domains / N.

. "$(dirname "$0")/lib.sh"

[ -d /sys/devices/system/node/node0 ] || { echo "no NUMA information here (skipped)"; exit 77; }
max=$(ls -d /sys/devices/system/node/node[0-9]* | sed 's/.*node//' | sort -n | tail -1)

"$RMCD" --numa-node $((max + 1)) 2 0 >"$LOGDIR/bad.log" 2>&1
rc=$?
[ $rc = 2 ] || fail "--numa-node $((max + 1)) gave status $rc"
grep -q "no such NUMA domain" "$LOGDIR/bad.log" || fail "no clear message: $(cat "$LOGDIR/bad.log")"

start_node 2 0 --numa-node "$max"
start_node 2 1
wait_ready 0
wait_ready 1
grep -q "rmcd: NUMA: $((max + 1)) domain(s)" "$LOGDIR/node0.log" || fail "no domain report"
grep -q "rmcd: NUMA: distances: 0:\[" "$LOGDIR/node0.log" || fail "no distance report"
grep -q "node memory bound to domain $max" "$LOGDIR/node0.log" || fail "binding not reported"

# The kernel's view of node 0's context segment: bound to the domain.
line=$(grep "sonuma_${CLUSTER}_n0_ctx0" "/proc/$NODE_PID_0/numa_maps" | head -1)
echo "node 0 context: $line"
case "$line" in *"bind:$max "*) ;; *) fail "node 0's context is not bound to domain $max" ;; esac
line=$(grep "sonuma_${CLUSTER}_n1_ctx0" "/proc/$NODE_PID_1/numa_maps" | head -1)
case "$line" in *bind:*) fail "node 1 (no --numa-node) is bound: $line" ;; esac

# expand LIST: "0-2,5" -> "0 1 2 5"
expand() {
	local part
	for part in $(echo "$1" | tr ',' ' '); do
		case "$part" in
		*-*) seq "${part%-*}" "${part#*-}" ;;
		*) echo "$part" ;;
		esac
	done | tr '\n' ' '
}

# Every thread of node 0 may run only on the domain's CPUs.
cpus=" $(expand "$(cat "/sys/devices/system/node/node$max/cpulist")")"
for t in /proc/"$NODE_PID_0"/task/*; do
	allowed=$(awk '/Cpus_allowed_list/ {print $2}' "$t/status")
	for c in $(expand "$allowed"); do
		case "$cpus" in *" $c "*) ;; *) fail "thread $(basename "$t") may run on CPU $c, \
outside domain $max ($cpus)" ;; esac
	done
done

# The nodes still serve each other.
RMC_NODE=1 "$BENCH/bench_server" >"$LOGDIR/server.log" 2>&1 || fail "bench_server: $(cat "$LOGDIR/server.log")"
RMC_NODE=0 "$BENCH/bench_sync" 1 r --duration 0.2 >"$LOGDIR/sync.log" 2>&1 || fail "bench_sync"
stop_all

# The launcher spreads a cluster over the domains (all 0 on a one-domain host).
SRC=${RMC_SOURCE_DIR:?run through meson test}
L() { "$SRC/usertools/rmc-cluster.py" "$@"; }
trap 'L stop --cluster "${CLUSTER}_l" --timeout 5 >/dev/null 2>&1; cleanup' EXIT
L start --nodes 3 --cluster "${CLUSTER}_l" --rmcd "$RMCD" --log-dir "$LOGDIR" --numa 99 \
	-- --ctx-size 1M >"$LOGDIR/bad_l.out" 2>&1
rc=$?
[ $rc = 2 ] || fail "launcher --numa 99 gave status $rc"
grep -q "domain(s) 99 do not exist" "$LOGDIR/bad_l.out" || fail "$(cat "$LOGDIR/bad_l.out")"
doms=()
for d in /sys/devices/system/node/node[0-9]*; do
	grep -qE 'MemTotal: +[1-9]' "$d/meminfo" && [ -n "$(cat "$d/cpulist")" ] &&
		doms+=("${d##*node}")
done
mapfile -t doms < <(printf '%s\n' "${doms[@]}" | sort -n)
L start --nodes 3 --cluster "${CLUSTER}_l" --rmcd "$RMCD" --log-dir "$LOGDIR" --numa spread \
	-- --ctx-size 1M >"$LOGDIR/start_l.out" 2>&1 || fail "launcher: $(cat "$LOGDIR/start_l.out")"
cat "$LOGDIR/start_l.out"
for i in 0 1 2; do
	want=${doms[$((i * ${#doms[@]} / 3))]}
	pid=$(sed -n "s/^  node $i  pid \([0-9]*\) .*/\1/p" "$LOGDIR/start_l.out")
	PIDS+=("$pid")
	grep -q "^  node $i .*NUMA domain $want$" "$LOGDIR/start_l.out" || fail "node $i placement"
	grep -q "node memory bound to domain $want" "$LOGDIR/node$i.log" || fail "node $i log"
	grep "sonuma_${CLUSTER}_l_n${i}_ctx0" "/proc/$pid/numa_maps" | grep -q "bind:$want " ||
		fail "node $i's context is not bound to domain $want"
done
L stop --cluster "${CLUSTER}_l" >/dev/null || fail "launcher stop"
echo "numa_rmcd: OK"
