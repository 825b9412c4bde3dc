#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors
#
# A GET or PUT whose owner's node died ends with "owner node down", never a
# hang: each sokv-cli call is given 120 s, far above the node-down time (the
# time taken is printed); the other node's keys are still served. After the
# owner's rmcd and sokv-server are started again, its keys are served again.
# A sokv-bench running when the owner dies goes on, its operations on the
# dead node's keys counted as node-down, none wrong. On shm, and on ring
# (protocol time-out 1 s: 120 s is over 10 times it).

. "$(dirname "$0")/sokv_lib.sh"

# owned_by NID: a key among 1..20 that node NID owns.
owned_by() {
	local k
	for k in $(seq 1 20); do
		cli get "$k" >/dev/null
		grep -q "(owner $1)" <<<"$OUT" && { echo "$k"; return; }
	done
	fail "no key of 1..20 is owned by node $1"
}

down_and_back() {
	local k1 k0 g t0
	k1=$(owned_by 1)
	k0=$(owned_by 0)
	# A bench running when the owner dies: it goes on, counting node-down.
	RMC_NODE=0 timeout 600 "$SOKV/sokv-bench" --get sabre --put onesided --workload A \
		--keys 20 --value-size 1024 --trials 1 --duration 4 >"$LOGDIR/bench-down.log" 2>&1 &
	local bp=$!
	sleep 1.5
	kill -KILL "$NODE_PID_1"
	wait $bp || fail "sokv-bench with node 1 dying: $(tail -5 "$LOGDIR/bench-down.log")"
	grep -E 'values checked' "$LOGDIR/bench-down.log"
	grep -Eq ', 0 wrong, 0 errors, [1-9][0-9]* node-down' "$LOGDIR/bench-down.log" ||
		fail "the running bench saw no node-down"
	for g in sabre farm pilaf rpc; do
		t0=$(date +%s%N)
		cli --get $g get "$k1"
		[ "$RC" = 4 ] || fail "GET ($g) of key $k1 with its owner dead: status $RC"
		echo "  node-down after $((($(date +%s%N) - t0) / 1000000)) ms"
	done
	for p in rpc onesided; do
		cli --put $p put "$k1" 1024
		[ "$RC" = 4 ] || fail "PUT ($p) of key $k1 with its owner dead: status $RC"
	done
	cli get "$k0"
	[ "$RC" = 0 ] || fail "key $k0 of the live node 0 not served"
	kill -KILL "$SERVER_PID_1" 2>/dev/null
	wait "$SERVER_PID_1" 2>/dev/null
	start_node 2 1 "$@"
	wait_ready 1
	start_server 1 --preload 20 --max-value 1024 --slots 1024
	for g in sabre farm pilaf rpc; do
		cli --get $g get "$k1"
		[ "$RC" = 0 ] || fail "GET ($g) of key $k1 after the owner restarted: status $RC"
	done
	cli --put onesided put "$k1" 1024
	[ "$RC" = 0 ] || fail "PUT of key $k1 after the owner restarted: status $RC"
}

echo "--- shm"
start_cluster 2 --idle sleep
start_servers 2 --preload 20 --max-value 1024 --slots 1024
down_and_back --idle sleep
stop_servers 2
stop_all

echo "--- ring"
start_cluster 2 --driver ring --proto-timeout 1000 --idle sleep
start_servers 2 --preload 20 --max-value 1024 --slots 1024
down_and_back --driver ring --proto-timeout 1000 --idle sleep
stop_servers 2
stop_all
echo "sokv node down: OK"
