#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors
#
# The cluster launcher: start waits until every node is ready and prints
# pids and logs; status; a second cluster of the same name is refused (also
# one started by hand); stop sends SIGTERM, waits, leaves nothing behind and
# reports a node that does not stop; a node that cannot start fails start
# with its log and leaves nothing running; a cluster whose nodes died is
# started afresh.

. "$(dirname "$0")/lib.sh"
SRC=${RMC_SOURCE_DIR:?run through meson test}
L() { "$SRC/usertools/rmc-cluster.py" "$@"; }
on_exit() {
	L stop --cluster "$CLUSTER" --timeout 5 >/dev/null 2>&1
	cleanup
}
trap on_exit EXIT
# pids_of OUTPUT_FILE: the pids printed by start, added to PIDS for cleanup.
pids_of() {
	local pid
	STARTED=()
	while read -r _ _ _ pid _; do STARTED+=("$pid"); PIDS+=("$pid"); done \
		< <(grep -E '^  node [0-9]+  pid ' "$1")
}
alive() { kill -0 "$1" 2>/dev/null && [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]; }

# start / status / duplicate / stop.
L start --nodes 3 --cluster "$CLUSTER" --rmcd "$RMCD" --log-dir "$LOGDIR" -- --ctx-size 1M >"$LOGDIR/start.out" 2>&1 ||
	fail "start: $(cat "$LOGDIR/start.out")"
cat "$LOGDIR/start.out"
grep -q "^rmc-cluster: cluster '$CLUSTER': 3 nodes ready$" "$LOGDIR/start.out" || fail "start summary"
pids_of "$LOGDIR/start.out"
[ ${#STARTED[@]} = 3 ] || fail "start printed ${#STARTED[@]} pids"
for i in 0 1 2; do
	alive "${STARTED[$i]}" || fail "node $i (pid ${STARTED[$i]}) is not running"
	log=$(sed -n "s/^  node $i  pid [0-9]* *log \([^ ]*\) .*/\1/p" "$LOGDIR/start.out")
	grep -q "node $i of 3, cluster '$CLUSTER'.*ready" "$log" || fail "log of node $i: $log"
	grep -q -- "--ctx-size" "/proc/${STARTED[$i]}/cmdline" || fail "rmcd options not passed"
done
# Ready means connected: requests between nodes succeed at once.
printf 'set node 2\nwrite 0 0 0 01\nread 0 0 0 1\nset node 0\nread 1 0 0 1\n' |
	"$BUILD/app/rmc-testpmd/rmc-testpmd" --attach "$CLUSTER" >"$LOGDIR/ready.out" 2>&1 ||
	fail "requests right after start: $(cat "$LOGDIR/ready.out")"
L status --cluster "$CLUSTER" >"$LOGDIR/status.out" || fail "status: $(cat "$LOGDIR/status.out")"
cat "$LOGDIR/status.out"
[ "$(grep -c 'running, ready' "$LOGDIR/status.out")" = 3 ] || fail "status does not show 3 ready nodes"
L list | grep -q "^$CLUSTER .* 3/3 nodes running" || fail "list"

L start --nodes 2 --cluster "$CLUSTER" --rmcd "$RMCD" --log-dir "$LOGDIR" >"$LOGDIR/dup.out" 2>&1 && fail "second cluster of the same name started"
cat "$LOGDIR/dup.out"
grep -q "^rmc-cluster: cluster '$CLUSTER' is already running (pids ${STARTED[*]}" "$LOGDIR/dup.out" ||
	fail "unclear duplicate message"
for p in "${STARTED[@]}"; do alive "$p" || fail "pid $p died when a duplicate was refused"; done

L stop --cluster "$CLUSTER" >"$LOGDIR/stop.out" 2>&1 || fail "stop: $(cat "$LOGDIR/stop.out")"
cat "$LOGDIR/stop.out"
grep -q "^rmc-cluster: cluster '$CLUSTER' stopped (3 nodes)" "$LOGDIR/stop.out" || fail "stop message"
for p in "${STARTED[@]}"; do alive "$p" && fail "pid $p still runs after stop"; done
[ -z "$(ls -A "$RMC_RUNTIME_DIR/$CLUSTER" 2>/dev/null)" ] || fail "node files left after stop"
ls -d /var/run/dpdk/sonuma_"$CLUSTER"_n* >/dev/null 2>&1 && fail "EAL folders left after stop"
L status --cluster "$CLUSTER" >"$LOGDIR/st2.out" 2>&1 && fail "status 0 after stop"
grep -q "cluster '$CLUSTER': not running" "$LOGDIR/st2.out" || fail "status after stop"
L stop --cluster "$CLUSTER" >"$LOGDIR/stop2.out" 2>&1 && fail "stop of a stopped cluster succeeded"
grep -q "is not running" "$LOGDIR/stop2.out" || fail "second stop message"
PIDS=()

# A cluster of the same name started by hand is refused too.
start_node 1 0 --ctx-size 1M
wait_ready 0
L start --nodes 1 --cluster "$CLUSTER" --rmcd "$RMCD" --log-dir "$LOGDIR" >"$LOGDIR/hand.out" 2>&1 && fail "started over a hand-started node"
grep -q "node(s) 0 (pids $NODE_PID_0) were started without this launcher" "$LOGDIR/hand.out" ||
	fail "hand-started message: $(cat "$LOGDIR/hand.out")"
L stop --cluster "$CLUSTER" >/dev/null 2>&1 && fail "stop claimed a hand-started cluster"
alive "$NODE_PID_0" || fail "the launcher touched a node it did not start"
stop_all

# A node that cannot start: start fails with its log and stops the others.
L start --nodes 2 --cluster "$CLUSTER" --rmcd "$RMCD" --log-dir "$LOGDIR" --timeout 20 -- --bogus-option >"$LOGDIR/bad.out" 2>&1 &&
	fail "start with a bad rmcd option succeeded"
cat "$LOGDIR/bad.out"
grep -q "unknown option '--bogus-option'" "$LOGDIR/bad.out" || fail "the node's log is not shown"
grep -q "did not start; every node stopped" "$LOGDIR/bad.out" || fail "bad start summary"
pgrep -f -- "--cluster $CLUSTER " >/dev/null && fail "a node of the failed start still runs"

# Nodes that died (SIGKILL): status says so, start begins afresh.
L start --nodes 2 --cluster "$CLUSTER" --rmcd "$RMCD" --log-dir "$LOGDIR" -- --ctx-size 1M >"$LOGDIR/s3.out" 2>&1 || fail "start 3"
pids_of "$LOGDIR/s3.out"
kill -KILL "${STARTED[1]}"
for i in $(seq 1 100); do alive "${STARTED[1]}" || break; sleep 0.05; done
L status --cluster "$CLUSTER" >"$LOGDIR/st3.out" 2>&1 && fail "status 0 with a dead node"
grep -q "node 1  pid ${STARTED[1]} *NOT RUNNING" "$LOGDIR/st3.out" || fail "dead node not reported: $(cat "$LOGDIR/st3.out")"
# A stopped process ignores SIGTERM until continued: stop must say so.
kill -STOP "${STARTED[0]}"
L stop --cluster "$CLUSTER" --timeout 1 >"$LOGDIR/stop3.out" 2>&1 && fail "stop succeeded with a frozen node"
grep -q "node 0 (pid ${STARTED[0]}) did not stop within 1 s after SIGTERM" "$LOGDIR/stop3.out" ||
	fail "frozen node not reported: $(cat "$LOGDIR/stop3.out")"
kill -CONT "${STARTED[0]}"
for i in $(seq 1 100); do alive "${STARTED[0]}" || break; sleep 0.05; done
alive "${STARTED[0]}" && fail "node 0 did not stop after SIGCONT"
L start --nodes 2 --cluster "$CLUSTER" --rmcd "$RMCD" --log-dir "$LOGDIR" -- --ctx-size 1M >"$LOGDIR/s4.out" 2>&1 ||
	fail "start after dead nodes: $(cat "$LOGDIR/s4.out")"
grep -q "was not stopped with 'stop'" "$LOGDIR/s4.out" || fail "no note about the dead cluster"
pids_of "$LOGDIR/s4.out"
L stop --cluster "$CLUSTER" >/dev/null || fail "final stop"
PIDS=()

# Bad command lines.
L start --nodes 0 >/dev/null 2>&1; [ $? = 2 ] || fail "--nodes 0 accepted"
L start --nodes 2 --cluster 'a/b' >/dev/null 2>&1; [ $? = 2 ] || fail "bad cluster name accepted"
L frobnicate >/dev/null 2>&1; [ $? = 2 ] || fail "unknown subcommand accepted"
echo "launcher: OK"
