#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors
#
# A node that does not answer (its rmcd stopped with SIGSTOP) never hangs an
# application: attaching (connect and hello) and every later control request
# end within RMC_ATTACH_TIMEOUT (3 s here; the test limit is 10x that), with
# a message that says what to do. The node, resumed, serves again.

CLUSTER=rel_unans_$$
. "$(dirname "$0")/rel_lib.sh"

start_node 1 0
wait_ready 0

# 1. Attach to a stopped node: connect succeeds (backlog), the hello is unanswered.
kill -STOP "$NODE_PID_0"
RMC_ATTACH_TIMEOUT=3 RMC_NODE=0 "$RELTOOL" usage >"$LOGDIR/attach.log" 2>&1 &
APP=$!
PIDS+=($APP)
wait_exit $APP 30 || fail "attach to a stopped node still waiting after 30 s"
[ "$EXIT_RC" != 0 ] || fail "attach to a stopped node succeeded"
cat "$LOGDIR/attach.log"
grep -q "did not answer within 3 s" "$LOGDIR/attach.log" || fail "unclear attach failure"
kill -CONT "$NODE_PID_0"

# 2. A control request of an attached application (usage, in a loop).
RMC_ATTACH_TIMEOUT=3 RMC_NODE=0 "$RELTOOL" usage --expect-apps 99 --timeout 600 \
	>"$LOGDIR/call.log" 2>&1 &
APP=$!
PIDS+=($APP)
deadline=$(($(now_ms) + 20000))
until [ "$(usage_field 0 apps)" = 1 ]; do
	[ "$(now_ms)" -lt $deadline ] || fail "the looping application did not attach"
	sleep 0.05
done
kill -STOP "$NODE_PID_0"
wait_exit $APP 30 || fail "a control request to a stopped node still waiting after 30 s"
[ "$EXIT_RC" != 0 ] || fail "a control request to a stopped node succeeded"
cat "$LOGDIR/call.log"
grep -q "did not answer within 3 s.*detach and attach again" "$LOGDIR/call.log" ||
	fail "unclear control-request failure"
kill -CONT "$NODE_PID_0"

RMC_NODE=0 "$RELTOOL" usage >/dev/null || fail "node 0 does not serve after SIGCONT"
stop_all
echo "unanswered node: OK"
