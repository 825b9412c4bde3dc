#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors
#
# Another local user cannot impersonate a node. An application refuses a
# socket served by another user (SO_PEERCRED) before it sends anything; a
# node refuses a runtime directory reached through a directory others can
# write or through another user's symbolic link, naming XDG_RUNTIME_DIR and
# RMC_RUNTIME_DIR, and a fallback /tmp/sonuma-<uid> that is not 0700. A
# runtime directory too long is reported as such.
# Needs root (to act as 'nobody'); skipped otherwise.

CLUSTER=rel_rdir_$$
. "$(dirname "$0")/rel_lib.sh"

LONG=/tmp/$(printf 'x%.0s' $(seq 1 300))
RMC_RUNTIME_DIR=$LONG RMC_ATTACH_TIMEOUT=1 "$RELTOOL" usage >"$LOGDIR/long.log" 2>&1 &&
	fail "attached with a runtime directory of 300 characters"
cat "$LOGDIR/long.log"
grep -q "too long" "$LOGDIR/long.log" && ! grep -q "invalid cluster" "$LOGDIR/long.log" ||
	fail "a too-long runtime directory not reported as such"

if [ "$(id -u)" != 0 ]; then
	echo "rundir: SKIP (not root: cannot act as another user)"
	exit 77
fi
AS_NOBODY="setpriv --reuid=nobody --regid=nogroup --clear-groups"
# The build folder must be reachable by 'nobody' (a clone inside a 0700
# directory is not): otherwise the parts run as 'nobody' cannot run at all.
if ! $AS_NOBODY test -x "$RMCD"; then
	echo "rundir: SKIP ('nobody' cannot run $RMCD: a folder on its path is private)"
	exit 77
fi
WORK=$(mktemp -d /tmp/rmc-rdir-XXXXXX)
trap 'rm -rf "$WORK"; cleanup' EXIT
chmod 755 "$WORK"

# 1. A fake node run by 'nobody': the application refuses it, sends nothing.
mkdir -p "$WORK/fake/$CLUSTER"
chmod 755 "$WORK/fake"
chown -R nobody "$WORK/fake/$CLUSTER"
$AS_NOBODY /usr/bin/python3 - "$WORK/fake/$CLUSTER/node0.sock" <<'PY' >"$LOGDIR/fake.log" 2>&1 &
import socket, sys
l = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
l.bind(sys.argv[1])
l.listen(4)
print("listening", flush=True)
l.settimeout(30)
c, _ = l.accept()
c.settimeout(5)
try:
    m = c.recv(4096)
    print("received %d bytes" % len(m) if m else "closed", flush=True)
except OSError as e:
    print("nothing received:", e, flush=True)
PY
FAKE=$!
PIDS+=($FAKE)
wait_line "$LOGDIR/fake.log" listening 20 $FAKE
RMC_RUNTIME_DIR=$WORK/fake RMC_NODE=0 RMC_ATTACH_TIMEOUT=3 "$RELTOOL" usage \
	>"$LOGDIR/victim.log" 2>&1 && fail "attached to a node run by another user"
wait_exit $FAKE 20 || fail "fake node still waiting"
cat "$LOGDIR/victim.log" "$LOGDIR/fake.log"
grep -q "received" "$LOGDIR/fake.log" && fail "the application talked to a fake node"
grep -q "served by uid $(id -u nobody)" "$LOGDIR/victim.log" || fail "unclear refusal"

# expect_refused DIR WHY [as nobody]: rmcd refuses RMC_RUNTIME_DIR=DIR, says WHY.
expect_refused() {
	local dir=$1 why=$2
	shift 2
	RMC_RUNTIME_DIR=$dir timeout 30 "$@" "$RMCD" 1 0 >"$LOGDIR/refused.log" 2>&1 &&
		fail "rmcd started in $dir"
	grep -q "$why.*XDG_RUNTIME_DIR or RMC_RUNTIME_DIR" "$LOGDIR/refused.log" ||
		fail "rmcd in $dir: no '$why' naming XDG_RUNTIME_DIR and RMC_RUNTIME_DIR"
	grep "runtime directory" "$LOGDIR/refused.log"
}
# 2. A component that other users can write (not sticky): refused.
mkdir "$WORK/open"
chmod 777 "$WORK/open"
expect_refused "$WORK/open/run" "can be written by other users"
[ ! -e "$WORK/open/run/$CLUSTER/node0.sock" ] || fail "a node listens in an open directory"
# 3. Another user's symbolic link on the way: refused.
mkdir "$WORK/nb"
chown nobody "$WORK/nb"
$AS_NOBODY mkdir "$WORK/nb/real"
$AS_NOBODY ln -s "$WORK/nb/real" "$WORK/nb/link"
expect_refused "$WORK/nb/link/run" "is a symbolic link" $AS_NOBODY
# 4. The directory of another user: refused.
expect_refused "$WORK/nb/real" "belongs to another user"

# 5. A non-root rmcd: another user's DPDK folder is named as the reason; a
# clean stop removes the EAL folder it made and never one it did not make.
mkdir -p "$WORK/xdg/dpdk" "$WORK/rt"
chown nobody "$WORK/xdg" "$WORK/rt"
RMC_RUNTIME_DIR=$WORK/rt XDG_RUNTIME_DIR=$WORK/xdg timeout 30 $AS_NOBODY "$RMCD" 1 0 \
	>"$LOGDIR/dpdkdir.log" 2>&1 && fail "rmcd started with another user's DPDK folder"
cat "$LOGDIR/dpdkdir.log"
grep -q "$WORK/xdg/dpdk, where DPDK keeps its runtime files, belongs to uid 0.*XDG_RUNTIME_DIR" \
	"$LOGDIR/dpdkdir.log" || fail "unclear failure with another user's DPDK folder"
rmdir "$WORK/xdg/dpdk"
PREFIX=sonuma_${CLUSTER}_n0
# Without XDG_RUNTIME_DIR EAL uses /tmp/dpdk/<prefix>; a decoy where a wrong
# clean-up path would look: /tmp/<prefix>.
if [ -e /tmp/dpdk ] && ! $AS_NOBODY test -w /tmp/dpdk; then
	echo "clean stop as nobody: SKIP (/tmp/dpdk belongs to another user)"
	echo "runtime directory: OK"
	exit 0
fi
trap 'rm -rf "$WORK" "/tmp/$PREFIX"; cleanup' EXIT
$AS_NOBODY mkdir "/tmp/$PREFIX"
$AS_NOBODY touch "/tmp/$PREFIX/keep"
: >"$LOGDIR/node0.log" # emptied before the job starts (wait_ready, lib.sh)
RMC_RUNTIME_DIR=$WORK/rt $AS_NOBODY env -u XDG_RUNTIME_DIR "$RMCD" 1 0 \
	>>"$LOGDIR/node0.log" 2>&1 &
NODE_PID_0=$!
PIDS+=($NODE_PID_0)
wait_ready 0
[ -d "/tmp/dpdk/$PREFIX" ] || fail "no EAL folder /tmp/dpdk/$PREFIX"
kill_node 0 TERM 30
[ "$EXIT_RC" = 0 ] || fail "rmcd as nobody: exit status $EXIT_RC"
[ ! -e "/tmp/dpdk/$PREFIX" ] || fail "clean stop left its EAL folder /tmp/dpdk/$PREFIX"
[ -e "/tmp/$PREFIX/keep" ] || fail "clean stop deleted /tmp/$PREFIX, a folder it did not make"

# 6. The fallback runtime directory (a user other than root, neither
# XDG_RUNTIME_DIR nor RMC_RUNTIME_DIR): /tmp/sonuma-<uid> must be private.
# One of mode 0755 is refused, naming both variables; a new one is made 0700.
# Left alone if it exists already (another run's: not ours to change).
FB=/tmp/sonuma-$(id -u nobody)
if [ -e "$FB" ]; then
	echo "fallback runtime directory: SKIP ($FB exists already)"
	echo "runtime directory: OK"
	exit 0
fi
trap 'rm -rf "$WORK" "/tmp/$PREFIX" "$FB"; cleanup' EXIT
$AS_NOBODY mkdir -m 0755 "$FB"
env -u XDG_RUNTIME_DIR -u RMC_RUNTIME_DIR timeout 30 $AS_NOBODY "$RMCD" 1 0 \
	>"$LOGDIR/fallback.log" 2>&1 && fail "rmcd started in $FB of mode 0755"
cat "$LOGDIR/fallback.log"
grep -q "$FB is not private.*XDG_RUNTIME_DIR or RMC_RUNTIME_DIR" "$LOGDIR/fallback.log" ||
	fail "$FB of mode 0755: no refusal naming XDG_RUNTIME_DIR and RMC_RUNTIME_DIR"
rmdir "$FB"
: >"$LOGDIR/node0.log"
env -u XDG_RUNTIME_DIR -u RMC_RUNTIME_DIR $AS_NOBODY "$RMCD" 1 0 >>"$LOGDIR/node0.log" 2>&1 &
NODE_PID_0=$!
PIDS+=($NODE_PID_0)
wait_ready 0
[ "$(stat -c %a "$FB")" = 700 ] || fail "$FB made with mode $(stat -c %a "$FB"), not 0700"
kill_node 0 TERM 30
[ "$EXIT_RC" = 0 ] || fail "rmcd in $FB: exit status $EXIT_RC"
echo "fallback runtime directory: $FB made 0700; one of mode 0755 refused"
echo "runtime directory: OK"
