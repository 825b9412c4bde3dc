#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors
#
# The control socket under pressure. A node whose rmcd runs out of file
# descriptors (open-files limit 64, a client holding 80 silent connections)
# does not spin its control thread, closes connections that never say hello,
# and lets a real application attach while the flood goes on. A client that
# sends malformed messages in a loop gets at most a line a second in the log.

CLUSTER=rel_press_$$
. "$(dirname "$0")/rel_lib.sh"

RMCD_WRAP="prlimit --nofile=64:64" start_node 1 0
wait_ready 0
SOCK=$RMC_RUNTIME_DIR/$CLUSTER/node0.sock

# ctl_ticks: CPU time (clock ticks) of node 0's control thread so far.
ctl_ticks() {
	local t
	for t in /proc/"$NODE_PID_0"/task/*; do
		if [ "$(cat "$t/comm")" = rmc-ctl-0 ]; then
			awk '{ print $14 + $15 }' "$t/stat"
			return
		fi
	done
	fail "no control thread rmc-ctl-0 in rmcd"
}

# 1. Descriptors exhausted by connections that never say hello.
python3 - "$SOCK" 80 60 <<'PY' >"$LOGDIR/holder.log" 2>&1 &
import socket, sys, time
path, n, hold = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
socks = []
for i in range(n):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    s.settimeout(0.2)
    try:
        s.connect(path)
        socks.append(s)
    except OSError:
        s.close()
print("holding", len(socks), flush=True)
time.sleep(hold)
PY
HOLDER=$!
PIDS+=($HOLDER)
wait_line "$LOGDIR/holder.log" holding 20 $HOLDER
grep -q "out of file descriptors" "$LOGDIR/node0.log" || sleep 1
t0=$(ctl_ticks)
sleep 2
t1=$(ctl_ticks)
hz=$(getconf CLK_TCK)
echo "control thread: $((t1 - t0)) ticks of CPU in 2 s (${hz}/s)"
# A thread that spins uses about 2 s; a sleeping one almost nothing.
[ $((t1 - t0)) -lt $((hz / 2)) ] || fail "control thread spins when out of descriptors"
grep -q "out of file descriptors.*ulimit -n" "$LOGDIR/node0.log" ||
	fail "running out of descriptors not reported"

# A real application attaches while the silent connections are still held.
RMC_ATTACH_TIMEOUT=20 RMC_NODE=0 "$RELTOOL" usage >"$LOGDIR/app.log" 2>&1 ||
	fail "no application can attach while descriptors are exhausted"
exited $HOLDER && fail "the flood ended before the application attached"
kill -KILL $HOLDER
wait_exit $HOLDER 10 || fail "holder did not end"

# 2. Malformed messages in a loop for 3 s: the log stays short.
python3 - "$SOCK" 3 <<'PY' >"$LOGDIR/garbage.log" 2>&1 || fail "garbage sender"
import socket, sys, time
path, dur = sys.argv[1], float(sys.argv[2])
end, sent = time.time() + dur, 0
while time.time() < end:
    s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    try:
        s.connect(path)
        s.send(b"\xff" * 64)
        s.recv(16)
        sent += 1
    except OSError:
        pass
    s.close()
print("sent", sent)
PY
cat "$LOGDIR/garbage.log"
lines=$(grep -c "malformed control message" "$LOGDIR/node0.log")
echo "malformed messages logged: $lines lines"
[ "$lines" -le 10 ] || fail "$lines log lines for malformed messages in 3 s"

RMC_NODE=0 "$RELTOOL" usage --expect-apps 0 >/dev/null || fail "node 0 does not serve"
stop_all
echo "control socket under pressure: OK"
