#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors
#
# Resource limits: more memory, QPs or nodes than exist gives a clear error
# at start or at the request, never a crash (nor the OOM killer) later;
# --huge off keeps every byte off hugepages; --huge require with too few
# hugepages for the request is a clear error.

CLUSTER=rel_limits_$$
. "$(dirname "$0")/rel_lib.sh"

# refused EXPECTED_EXIT TEXT RMCD_ARGS...: rmcd refuses to start, saying TEXT.
refused() {
	local want=$1 text=$2 t0 rc
	shift 2
	t0=$(now_ms)
	"$RMCD" "$@" >"$LOGDIR/refused.log" 2>&1 &
	local pid=$!
	PIDS+=($pid)
	wait_exit $pid 30 || fail "rmcd $* still runs after 30 s"
	rc=$EXIT_RC
	[ "$rc" = "$want" ] || fail "rmcd $*: exit $rc, expected $want: $(tail -3 "$LOGDIR/refused.log")"
	grep -q -- "$text" "$LOGDIR/refused.log" ||
		fail "rmcd $*: no '$text' in: $(tail -3 "$LOGDIR/refused.log")"
	echo "rmcd $*: exit $rc after $(($(now_ms) - t0)) ms: $(grep -- "$text" "$LOGDIR/refused.log" | head -1)"
}

avail_mb=$(awk '/MemAvailable/ {print int($2 / 1024)}' /proc/meminfo)
big=$((avail_mb * 2))M
refused 1 "of memory available" --huge off --ctx-size "$big" 1 0
refused 1 "of memory available" --ctx-size "$big" 1 0
refused 1 "cannot create context 1" --ctx-size 1M --ctx "1:$big" 1 0
refused 1 "out of range" --ctx-size 100G 1 0
refused 2 "max-qps" --max-qps 5000 1 0
refused 2 "node count" 65 0
refused 2 "node id" 64 64

# QPs and local-buffer memory: exactly the limit, then a clear error.
start_node 1 0 --ctx-size 1M --max-qps 4 --lbuf-mem 1M --app-lbuf-mem 1M
wait_ready 0
RMC_NODE=0 "$RELTOOL" limits --qps 4 --lbuf-size 256K --lbufs 4 >"$LOGDIR/limits.log" 2>&1 ||
	fail "limits: $(cat "$LOGDIR/limits.log")"
cat "$LOGDIR/limits.log"
grep -q "serves 4 QPs already" "$LOGDIR/limits.log" || fail "no clear QP limit message"
grep -q "local-buffer memory limit" "$LOGDIR/limits.log" || fail "no clear memory limit message"
RMC_NODE=0 "$RELTOOL" wait-peer --target 0 --timeout 5 >/dev/null || fail "node 0 stopped serving"
RMC_NODE=0 "$RELTOOL" usage --expect-apps 0 --expect-qps 0 --expect-lbufs 0 --timeout 10 ||
	fail "the limits application's resources were not reclaimed"
stop_all

# hugetlb KIB_OF_PID: hugepage memory mapped by a process.
hugetlb() {
	awk '/_Hugetlb:/ {s += $2} END {print s + 0}' "/proc/$1/smaps_rollup"
}

# --huge off: a 4 MiB context (two hugepages' worth) and EAL memory, none huge.
start_node 1 0 --ctx-size 4M --huge off
wait_ready 0
RMC_NODE=0 "$RELTOOL" wait-peer --target 0 --timeout 5 >/dev/null || fail "--huge off node"
off_kb=$(hugetlb "$NODE_PID_0")
echo "rmcd --huge off: ${off_kb} KiB of hugepages mapped"
[ "$off_kb" = 0 ] || fail "rmcd --huge off maps hugepages"
grep -qi "hugepage" "$LOGDIR/node0.log" && fail "--huge off warned about hugepages: $(cat "$LOGDIR/node0.log")"
stop_all
free_pages=$(awk '/HugePages_Free/ {print $2}' /proc/meminfo)
if [ "$free_pages" -ge 16 ]; then
	start_node 1 0 --ctx-size 4M
	wait_ready 0
	echo "rmcd with hugepages (auto): $(hugetlb "$NODE_PID_0") KiB of hugepages mapped"
	stop_all
fi

# More hugepages asked than are free: with --huge require, a clear error;
# by default (auto), the "hugepages unavailable" warning and ordinary memory, and it serves.
page_mb=$(($(awk '/Hugepagesize/ {print $2}' /proc/meminfo) / 1024))
need=$(((free_pages + 64) * page_mb))M
if [ "$free_pages" -ge 16 ]; then
	refused 1 "MiB of hugepages for" --huge require --ctx-size "$need" 1 0
	start_node 1 0 --ctx-size "$need"
	wait_ready 0
	grep "hugepages unavailable" "$LOGDIR/node0.log" ||
		fail "no warning when hugepages ran short: $(cat "$LOGDIR/node0.log")"
	RMC_NODE=0 "$RELTOOL" wait-peer --target 0 --timeout 5 >/dev/null ||
		fail "the node on ordinary memory does not serve"
	stop_all
else
	refused 2 "no usable hugepages" --huge require 1 0
fi
echo "resource limits: OK"
