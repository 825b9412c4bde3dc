#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors
#
# The seed's workflow on a 2-node cluster of real rmcd processes, with no
# rmcd argument but the node count and id; then a request to a node outside
# the cluster, which must fail clearly while both nodes keep serving; then a
# clean stop that leaves nothing behind.

. "$(dirname "$0")/lib.sh"

start_node 2 0
start_node 2 1
wait_ready 0
wait_ready 1

RMC_NODE=1 "$BENCH/bench_server" || fail "bench_server"
RMC_NODE=0 "$BENCH/bench_sync" 1 r >"$LOGDIR/sync_r.log" 2>&1 || fail "bench_sync 1 r"
grep -q '^p50_ns=[0-9]' "$LOGDIR/sync_r.log" || fail "bench_sync prints no p50_ns"
cat "$LOGDIR/sync_r.log"
RMC_NODE=0 "$BENCH/bench_sync" 1 w || fail "bench_sync 1 w"
RMC_NODE=0 "$BENCH/bench_async" 1 r || fail "bench_async 1 r (after w: all zero)"
RMC_NODE=0 "$BENCH/bench_async" 1 w || fail "bench_async 1 w"
RMC_NODE=0 "$BENCH/bench_async" 1 r || fail "bench_async 1 r (after w: all index)"
RMC_NODE=0 "$BENCH/bench_sync" 1 r || fail "bench_sync 1 r after bench_async w"

# A node outside the cluster: clear error, non-zero exit, nodes keep serving.
if RMC_NODE=0 "$BENCH/bench_sync" 5 r >"$LOGDIR/bad.log" 2>&1; then
	fail "bench_sync 5 r succeeded on a 2-node cluster"
fi
grep -q "node id is outside the cluster" "$LOGDIR/bad.log" || fail "unclear message: $(cat "$LOGDIR/bad.log")"
cat "$LOGDIR/bad.log"
kill -0 "$NODE_PID_0" && kill -0 "$NODE_PID_1" || fail "an rmcd died"
RMC_NODE=0 "$BENCH/bench_sync" 1 r >/dev/null || fail "node 0 stopped serving"
RMC_NODE=1 "$BENCH/bench_sync" 0 r >/dev/null 2>&1
RMC_NODE=1 "$BENCH/bench_async" 1 r >/dev/null || fail "loopback on node 1"

# Bad command lines: exit 2 with one line that says what is wrong.
"$RMCD" 2 5 >"$LOGDIR/args.log" 2>&1
[ $? = 2 ] || fail "rmcd 2 5 did not exit 2"
grep -q "out of range" "$LOGDIR/args.log" || fail "rmcd 2 5 message: $(cat "$LOGDIR/args.log")"
"$BENCH/bench_sync" 1 x >/dev/null 2>&1
[ $? = 2 ] || fail "bench_sync 1 x did not exit 2"
for p in bench_sync bench_async bench_server; do
	"$BENCH/$p" --help >"$LOGDIR/help.out" || fail "$p --help did not exit 0"
	grep -q '^Usage: ' "$LOGDIR/help.out" || fail "$p --help: no usage on stdout"
done

# A second rmcd for a running node id is refused, the first keeps running.
"$RMCD" 2 0 >"$LOGDIR/dup.log" 2>&1 && fail "second node 0 started"
grep -q "already running" "$LOGDIR/dup.log" || fail "duplicate message: $(tail -3 "$LOGDIR/dup.log")"
kill -0 "$NODE_PID_0" || fail "node 0 died when a duplicate was started"

# Quiet by default: only the programs' own lines, no DPDK start-up lines.
for f in "$LOGDIR"/node0.log "$LOGDIR"/node1.log "$LOGDIR"/sync_r.log "$LOGDIR"/bad.log; do
	if grep -E '^(EAL|TELEMETRY):' "$f"; then
		fail "$(basename "$f") has DPDK lines although no --eal-log was given"
	fi
done
# An error still prints, in one line; --eal-log and RMC_EAL_LOG=1 bring DPDK's lines back.
"$RMCD" --cluster "${CLUSTER}q" --lcore 9 2 0 >"$LOGDIR/lcore.log" 2>&1 &&
	fail "rmcd --lcore 9 started"
grep -q '^rmcd: cannot start the RMC: --lcore 9 is not an enabled worker lcore' \
	"$LOGDIR/lcore.log" || fail "no --lcore 9 error line: $(cat "$LOGDIR/lcore.log")"
[ "$(grep -c 'lcore 9' "$LOGDIR/lcore.log")" = 1 ] || fail "--lcore 9: more than one line"
grep -qE '^(EAL|TELEMETRY):' "$LOGDIR/lcore.log" && fail "--lcore 9 printed DPDK's info lines"
"$RMCD" --cluster "${CLUSTER}q" --eal-log --lcore 9 2 0 >"$LOGDIR/lcore.log" 2>&1
grep -q '^EAL: ' "$LOGDIR/lcore.log" || fail "--eal-log printed no EAL line"
RMC_EAL_LOG=1 "$RMCD" --cluster "${CLUSTER}q" --lcore 9 2 0 >"$LOGDIR/lcore.log" 2>&1
grep -q '^EAL: ' "$LOGDIR/lcore.log" || fail "RMC_EAL_LOG=1 printed no EAL line"
rm -rf /var/run/dpdk/sonuma_"$CLUSTER"q_n* 2>/dev/null

stop_all
echo "original workflow: OK"
