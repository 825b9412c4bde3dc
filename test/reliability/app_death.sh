#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors
#
# Applications killed with SIGKILL while requests are in flight (multi-chunk
# writes and fetch-and-adds) or while they set up, KILL_CYCLES times (100 in
# CI; the documented long run uses 1000). After each kill, node 0 must hold exactly what it held
# before (applications, QPs, local buffers, ITT entries); at the end every
# block is whole (each write completed or never started), the counter is not
# torn, and an application that ran through all of it saw no disturbance.

CLUSTER=rel_appdeath_$$
. "$(dirname "$0")/rel_lib.sh"

CYCLES=${KILL_CYCLES:-100}
RANDOM=${SEED:-5}

start_node 2 0 --ctx-size 1M
start_node 2 1 --ctx-size 1M
wait_ready 0
wait_ready 1

RMC_NODE=0 "$RELTOOL" steady --target 1 --off 0 --size 256K --duration 86400 \
	>"$LOGDIR/steady.log" 2>&1 &
STEADY=$!
PIDS+=($STEADY)
base=$(RMC_NODE=0 "$RELTOOL" usage --expect-apps 1 --expect-qps 1 --expect-lbufs 1 \
	--timeout 10) || fail "the observer did not start: $(cat "$LOGDIR/steady.log")"
echo "node 0 before: $base"

t0=$(now_ms)
for i in $(seq 1 "$CYCLES"); do
	# Emptied before the job starts: wait_line must not find the last cycle's "ready".
	: >"$LOGDIR/inflight.log"
	RMC_NODE=0 "$RELTOOL" inflight --target 1 >>"$LOGDIR/inflight.log" 2>&1 &
	app=$!
	PIDS+=($app)
	if [ $((RANDOM % 4)) = 0 ]; then
		# Sometimes while it attaches and sets up its QPs and buffers.
		sleep "0.00$((RANDOM % 10))"
	else
		wait_line "$LOGDIR/inflight.log" ready 20 $app
		sleep "0.0$(printf '%02d' $((RANDOM % 20)))"
	fi
	{ kill -KILL $app; wait_exit $app 10; } 2>/dev/null ||
		fail "cycle $i: the killed application did not die"
	RMC_NODE=0 "$RELTOOL" usage --expect-apps 1 --expect-qps 1 --expect-lbufs 1 \
		--expect-itt 0 --timeout 10 >"$LOGDIR/usage.log" 2>&1 ||
		fail "cycle $i: node 0 did not reclaim the killed application: $(cat "$LOGDIR/usage.log")"
	exited $STEADY && fail "cycle $i: the observer stopped: $(cat "$LOGDIR/steady.log")"
done
t1=$(now_ms)
echo "node 0 after $CYCLES kill cycles: $(cat "$LOGDIR/usage.log")"
echo "kill cycles: $CYCLES in $((t1 - t0)) ms ($(((t1 - t0) / CYCLES)) ms each)"

RMC_NODE=0 "$RELTOOL" check-blocks --target 1 || fail "half-applied writes or atomics"
kill -USR1 $STEADY
wait_exit $STEADY 20 || fail "the observer did not stop"
cat "$LOGDIR/steady.log"
[ "$EXIT_RC" = 0 ] || fail "the observer was disturbed"
[ "$(usage_field 1 apps)" = 0 ] || fail "node 1 holds applications"
stop_all
echo "application death: OK"
