#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors
#
# Permissions across processes and users: the node's files are owner-only
# and its segments are on no file system; a second process may use only the
# local buffers it registered itself; a process of another user (a child
# that dropped root for 'nobody') cannot attach, and is told why, both when
# the file permissions stop it and when only the node's uid check is left.

CLUSTER=rel_perm_$$
. "$(dirname "$0")/rel_lib.sh"

start_node 1 0 --ctx-size 1M
wait_ready 0
DIR=$RMC_RUNTIME_DIR/$CLUSTER

# mode PATH EXPECTED: owner and permission bits.
mode() {
	local got
	got=$(stat -c '%a %u' "$1")
	[ "$got" = "$2 $(id -u)" ] || fail "$1: mode/owner '$got', expected '$2 $(id -u)'"
	echo "$1: $got"
}
mode "$DIR" 700
mode "$DIR/node0.sock" 600
mode "$DIR/node0.lock" 600
# Contexts, QPs and buffers are memfds: nothing under /dev/shm or hugetlbfs.
ls /dev/shm /dev/hugepages 2>/dev/null | grep -q "$CLUSTER" && fail "segments on a file system"

RMC_NODE=0 "$RELTOOL" lbuf-isolation --target 0 || fail "local buffers across processes"

if [ "$(id -u)" = 0 ]; then
	RMC_NODE=0 "$RELTOOL" other-user >"$LOGDIR/other.log" 2>&1 ||
		fail "another user attached: $(cat "$LOGDIR/other.log")"
	cat "$LOGDIR/other.log"
	grep -q "owner-only" "$LOGDIR/other.log" || fail "unclear refusal"
	# Permissions opened by mistake: the node's uid check still refuses.
	RMC_NODE=0 "$RELTOOL" other-user --loosen 1 >"$LOGDIR/other.log" 2>&1 ||
		fail "another user attached through loosened permissions: $(cat "$LOGDIR/other.log")"
	cat "$LOGDIR/other.log"
	grep -q "refuses uid" "$LOGDIR/other.log" || fail "unclear refusal"
	mode "$DIR/node0.sock" 600
	grep -q "refused a connection from uid" "$LOGDIR/node0.log" || fail "refusal not logged"
else
	echo "other-user: SKIP (not root: cannot drop to another user)"
fi
RMC_NODE=0 "$RELTOOL" wait-peer --target 0 --timeout 5 >/dev/null || fail "node 0 stopped serving"
stop_all
echo "permissions: OK"
