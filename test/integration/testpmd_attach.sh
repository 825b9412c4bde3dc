#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors
#
# rmc-testpmd --attach drives a running cluster of rmcd processes with the
# same commands: operations go through a session to the node chosen with
# "set node", "ctx create" through a session to the named node, statistics
# and the latency model through the nodes' admin channel (the telemetry socket
# of each rmcd: /rmc/admin/...), which needs no --allow-app-admin. A node that
# stops makes commands fail with a message, never the program.

. "$(dirname "$0")/lib.sh"
TESTPMD=$BUILD/app/rmc-testpmd/rmc-testpmd

# The nodes do not let applications change node-wide state: rmc-testpmd sets
# the latency model and clears the statistics as the operator, through the
# admin channel.
start_node 2 0 --ctx-size 1M
start_node 2 1 --ctx-size 1M
wait_ready 0
wait_ready 1

"$TESTPMD" --attach "$CLUSTER" >"$LOGDIR/attach.out" 2>"$LOGDIR/attach.err" <<'CMDS'
show config
ctx create 1 3 64K ro
ctx create 0 4 4096
set node 0
write 1 0 16 01 02 03
read 1 0 16 3
write 1 3 0 ff
read 1 3 0 8
faa 1 0 0 2
cas 1 0 8 0 9
set node 1
read 0 4 0 4
read 0 0 0 8
bench read 0 64 1000
show stats 0
show stats 1
set latency 1 100 10
set latency 1 off
clear stats 0
show stats 0
CMDS
rc=$?
cat "$LOGDIR/attach.out"
[ $rc = 1 ] || fail "exit $rc, expected 1 (one write to a read-only context fails)"
has() { grep -Eq -- "$1" "$LOGDIR/attach.out" || fail "no line matching: $1"; }
has "^rmc-testpmd: attached to cluster '$CLUSTER' \\(2 nodes, rmcd processes\\); node 0 issues operations"
has '^mode: +attached to a running cluster of rmcd processes'
has '^node 1: context 3 created, 65536 bytes, read-only'
has '^node 0: context 4 created, 4096 bytes, read-write'
has '^00000010: 01 02 03 '
has 'error: write at node 1 context 3 offset 0x0 \(issued by node 0\): permission denied'
has '^00000000: 00 00 00 00 00 00 00 00 '
has 'old value 0, new value 2'
has 'old value 0 \(0x0\), swapped'
has '^00000000: 00 00 00 00 '
has '^bench read: node 1 -> node 0 context 0, 1000 x 64 B, depth 1: 1000 ok, 0 failed'
# Node 0 issued 2 reads, 2 writes (one refused: read-only context), a faa and a cas.
awk '/RMC statistics for node 0/ {n++} n == 1 && /Requests:/ {print; exit}' "$LOGDIR/attach.out" |
	grep -Eq 'read 2 +write 2 +cas 1 +faa 1 +invalid 0' || fail "node 0 counters"
awk '/RMC statistics for node 0/ {n++} n == 1 && /Completions:/ {print; exit}' "$LOGDIR/attach.out" |
	grep -q 'ok 5  perm 1  (errors 1)' || fail "node 0 completions"
awk '/RMC statistics for node 1/ {n++} n == 1 && /Requests:/ {print; exit}' "$LOGDIR/attach.out" |
	grep -Eq 'read 1002 +write 0 ' || fail "node 1 counters"
# The latency command reaches node 1 and reports the node's answer.
has '^node 1: latency model 100 ns \+ 10 ns per chunk \(admin channel\)$'
has '^node 1: latency model off \(admin channel\)$'
has '^node 0: statistics cleared \(admin channel\)$'
awk '/RMC statistics for node 0/ {n++} n == 2 && /Requests:/ {print; exit}' "$LOGDIR/attach.out" |
	grep -Eq 'read 0 +write 0 +cas 0 +faa 0' || fail "clear stats 0 through the control socket"

# The model really changed at node 1, as its own telemetry says.
. "$(dirname "$0")/admin_lib.sh"
P1=sonuma_${CLUSTER}_n1
printf 'set latency 1 250 5\n' | "$TESTPMD" --attach "$CLUSTER" >"$LOGDIR/lat.out" 2>&1 ||
	fail "set latency 1 250 5: $(cat "$LOGDIR/lat.out")"
admin_lat_is "$P1" 1 "1 250 5" "after set latency 1 250 5"
# Bad admin parameters: an error answer, nothing changed.
for bad in "1,abc" "1,-5" "1,5,6,7" "1,200000000" "1," ",5" "1,5,"; do
	admin_tel "$P1" "/rmc/admin/latency,$bad" | grep -q '"status": *"error"' ||
		fail "/rmc/admin/latency,$bad not refused"
done
admin_tel "$P1" "/rmc/admin/latency,7,5" | grep -q 'no such node' || fail "node 7 accepted"
admin_tel "$P1" "/rmc/admin/stats_reset,1x" | grep -q '"status": *"error"' ||
	fail "/rmc/admin/stats_reset,1x not refused"
admin_tel "$P1" "/rmc/admin/latency" | grep -q '"status": *"error"' ||
	fail "/rmc/admin/latency without parameters not refused"
# A runtime folder open to others: the node refuses admin commands.
RUNDIR=$(dirname "$(admin_sock "$P1")")
chmod 0755 "$RUNDIR"
admin_tel "$P1" "/rmc/admin/latency,1,7" | grep -q 'not owner-only' ||
	{ chmod 0700 "$RUNDIR"; fail "admin command accepted with $RUNDIR open to others"; }
chmod 0700 "$RUNDIR"
admin_lat_is "$P1" 1 "1 250 5" "after refused admin commands"
# Without the admin channel, rmc-testpmd falls back to the application API,
# which the node refuses (-EPERM): the message names both, nothing changes.
printf 'set latency 1 300 0\nclear stats 1\n' |
	RUNTIME_DIRECTORY=/nonexistent "$TESTPMD" --attach "$CLUSTER" >"$LOGDIR/eperm.out" 2>&1
cat "$LOGDIR/eperm.out"
grep -q 'error: node 1: cannot set the latency model: admin channel .* unreachable: .*; through the application API: Operation not permitted' \
	"$LOGDIR/eperm.out" || fail "no fallback refusal for set latency"
grep -q 'error: cannot reset the statistics of node 1: admin channel .* unreachable: .*; through the application API: Operation not permitted' \
	"$LOGDIR/eperm.out" || fail "no fallback refusal for clear stats"
admin_lat_is "$P1" 1 "1 250 5" "after the application's refused call"
[ "$(admin_tel "$P1" /rmc/node/stats,1 | admin_json 'v["requests_read"] > 0')" = True ] ||
	fail "node 1 statistics cleared by a refused application call"
printf 'set latency 1 off\nclear stats 1\n' | "$TESTPMD" --attach "$CLUSTER" >/dev/null 2>&1 ||
	fail "set latency 1 off"
admin_lat_is "$P1" 1 "0 0 0" "after set latency 1 off"
[ "$(admin_tel "$P1" /rmc/node/stats,1 | admin_json 'v["requests_total"]')" = 0 ] ||
	fail "clear stats 1 through the admin channel"

# The data written through rmc-testpmd is in the rmcd's context.
printf 'read 1 0 16 3\n' | "$TESTPMD" --attach "$CLUSTER" >"$LOGDIR/again.out" 2>&1 ||
	fail "second attach: $(cat "$LOGDIR/again.out")"
grep -q '^00000010: 01 02 03 ' "$LOGDIR/again.out" || fail "data not kept by rmcd"

# Node 1 stops: requests to it fail with node-down, sessions to it cannot attach.
kill -TERM "$NODE_PID_1"
for i in $(seq 1 100); do kill -0 "$NODE_PID_1" 2>/dev/null || break; sleep 0.05; done
printf 'read 1 0 0 8\nshow stats 1\nread 0 0 0 1\n' |
	RMC_ATTACH_TIMEOUT=2 "$TESTPMD" --attach "$CLUSTER" >"$LOGDIR/down.out" 2>&1
rc=$?
cat "$LOGDIR/down.out"
[ $rc = 1 ] || fail "exit $rc with node 1 down, expected 1"
grep -q 'read at node 1 .*: destination node is down or unreachable' "$LOGDIR/down.out" ||
	fail "no node-down message"
grep -q "error: cannot attach to node 1 of cluster '$CLUSTER'" "$LOGDIR/down.out" ||
	fail "no attach failure message for node 1"
grep -q '^00000000: ' "$LOGDIR/down.out" || fail "node 0 stopped answering"
grep -q '^rmc-testpmd: 2 commands failed$' "$LOGDIR/down.out" || fail "failure count"

stop_all
echo "rmc-testpmd --attach: OK"
