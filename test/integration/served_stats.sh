#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors
#
# The serving node's figures on every driver: requests from node 0 to node 1
# show on node 1 as served (requests and bytes by operation, by status), on
# shm (where node 0's RMC does the copy and node 1 sums its peers' counters),
# ring and eth over net_memif (where node 1's RMC serves them). Read with
# rmc-testpmd --attach ('show stats') and, when dpdk-telemetry.py is there,
# through /rmc/node/stats.

. "$(dirname "$0")/lib.sh"

TESTPMD=$BUILD/app/rmc-testpmd/rmc-testpmd
TELEMETRY=$(command -v dpdk-telemetry.py || true)
CONF=$LOGDIR/fabric.conf
SOCK=$LOGDIR/memif.sock

# The operations node 0 issues to node 1 (context 0, 16M by default): 1000
# reads of 64 B, 300 writes of 4 KiB, 10 reads of 200 KiB (4 chunks each),
# one fetch-and-add, and one read beyond the end of the context.
cat >"$LOGDIR/ops.txt" <<'CMDS'
bench read 1 64 1000 8
bench write 1 4K 300 4
bench read 1 200K 10 1
faa 1 0 8 1
CMDS
READS=1010
WRITES=300
READ_BYTES=$((1000 * 64 + 10 * 200 * 1024))
WRITE_BYTES=$((300 * 4096))

# served LABEL FIELD: a number from node 1's 'show stats' output.
served() {
	sed -n "s/^ *$1: *.* $2 \([0-9]*\).*/\1/p" "$LOGDIR/stats.out" | head -1
}

# served_tel: node 1's served reads, read through telemetry.
served_tel() {
	echo "/rmc/node/stats" | "$TELEMETRY" -f "sonuma_${CLUSTER}_n1" 2>&1 |
		python3 -c 'import json,sys; t=sys.stdin.read(); t=t[t.index("{"):];
d=json.loads(t.split("\n--> ")[0]); print(d["/rmc/node/stats"]["served_requests_read"])' \
		2>/dev/null
}

check_driver() {
	local drv=$1 v
	"$TESTPMD" --attach "$CLUSTER" --cmdfile "$LOGDIR/ops.txt" >"$LOGDIR/ops.out" 2>&1 ||
		fail "$drv: the operations failed: $(tail -5 "$LOGDIR/ops.out")"
	printf 'read 1 0 0x1000000 8\n' | "$TESTPMD" --attach "$CLUSTER" >"$LOGDIR/bad.out" 2>&1 &&
		fail "$drv: a read beyond the end succeeded"
	printf 'show stats 1\n' | "$TESTPMD" --attach "$CLUSTER" >"$LOGDIR/stats.out" 2>&1 ||
		fail "$drv: show stats 1: $(cat "$LOGDIR/stats.out")"
	cat "$LOGDIR/stats.out"
	v=$(served Served read); [ "$v" = "$((READS + 1))" ] || fail "$drv: served reads $v, expected $((READS + 1))"
	v=$(served Served write); [ "$v" = "$WRITES" ] || fail "$drv: served writes $v, expected $WRITES"
	v=$(served Served faa); [ "$v" = 1 ] || fail "$drv: served faa $v, expected 1"
	v=$(served "Served bytes" read); [ "$v" = "$READ_BYTES" ] || fail "$drv: served read bytes $v"
	v=$(served "Served bytes" write); [ "$v" = "$WRITE_BYTES" ] || fail "$drv: served write bytes $v"
	v=$(served "Served as" ok); [ "$v" = "$((READS + WRITES + 1))" ] || fail "$drv: served ok $v"
	grep -q '^ *Served as: .* out_of_bounds 1 ' "$LOGDIR/stats.out" ||
		grep -q '^ *Served as: .* (errors 1)' "$LOGDIR/stats.out" ||
		fail "$drv: the failed read is not served under its status"
	if [ -n "$TELEMETRY" ]; then
		v=$(served_tel)
		[ "$v" = "$((READS + 1))" ] || fail "$drv: telemetry served_requests_read '$v'"
		echo "telemetry: served_requests_read $v"
		# The requester stops: what node 1 served stays counted (with shm, the
		# figures of a peer that is gone are kept when its counters are unmapped).
		kill -TERM "$NODE_PID_0"
		for _ in $(seq 1 100); do kill -0 "$NODE_PID_0" 2>/dev/null || break; sleep 0.1; done
		v=$(served_tel)
		[ "$v" = "$((READS + 1))" ] || fail "$drv: after node 0 stopped, served reads '$v'"
	fi
	stop_all
	PIDS=()
	# Quiet by default: no DPDK info line or memif warning in the nodes' output
	# (a memif client's failure to connect while its server is away is an error:
	# it prints).
	if grep -E '^(EAL|TELEMETRY):|rte_pmd_memif_probe|memif_socket_remove_device' \
			"$LOGDIR"/node*.log; then
		fail "$drv: DPDK lines in the nodes' output"
	fi
	echo "served statistics, driver $drv: OK"
}

start_cluster 2
check_driver shm

start_cluster 2 --driver ring
check_driver ring

fabric_conf "$CONF" 2
start_node 2 0 "$(memif_vdev 0 server "$SOCK" 0)" -- --driver eth --fabric-conf "$CONF"
start_node 2 1 "$(memif_vdev 0 client "$SOCK" 1)" -- --driver eth --fabric-conf "$CONF"
wait_ready 0
wait_ready 1
check_driver eth

# rmc-telemetry.py --watch: the served column, and the rates since the last reading.
if [ -n "$TELEMETRY" ]; then
	SRC=$(cd "$(dirname "$0")/../.." && pwd)
	start_cluster 2
	RMC_NODE=1 "$BENCH/bench_server" >/dev/null || fail "bench_server"
	RMC_NODE=0 "$BENCH/bench_async" --duration 4 1 r >"$LOGDIR/async.log" 2>&1 &
	apid=$!
	sleep 0.5
	timeout -s INT 3 python3 "$SRC/usertools/rmc-telemetry.py" --cluster "$CLUSTER" --watch 1 \
		>"$LOGDIR/watch.out" 2>&1
	wait "$apid" || fail "bench_async during the watch: $(cat "$LOGDIR/async.log")"
	grep -q 'served' "$LOGDIR/watch.out" || fail "rmc-telemetry: no served column"
	grep -q '^rates over the last' "$LOGDIR/watch.out" || fail "rmc-telemetry --watch: no rates"
	grep -q 'ops/s *bytes/s *served op/s' "$LOGDIR/watch.out" || fail "rmc-telemetry: rate header"
	grep -q '^  qp[0-9]' "$LOGDIR/watch.out" || fail "rmc-telemetry --watch: no per-QP line"
	stop_all
	PIDS=()
	echo "rmc-telemetry.py --watch: rates per node and QP: OK"
fi
echo "served statistics: OK"
