#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors
#
# Helpers of the soKV tests (suite sokv), on top of lib.sh: one sokv-server
# per node, sokv-cli and sokv-bench from node 0.

. "$(dirname "$0")/lib.sh"
SOKV=$BUILD/examples/sokv

# start_server ID [sokv-server options...]: until it says ready (bounded).
start_server() {
	local id=$1 i
	shift
	RMC_NODE=$id "$SOKV/sokv-server" "$@" >"$LOGDIR/server$id.log" 2>&1 &
	PIDS+=($!)
	eval "SERVER_PID_$id=$!"
	for i in $(seq 1 400); do
		grep -q ' ready:' "$LOGDIR/server$id.log" 2>/dev/null && return 0
		kill -0 "$!" 2>/dev/null || break
		sleep 0.05
	done
	fail "sokv-server on node $id did not become ready: $(tail -3 "$LOGDIR/server$id.log")"
}

# start_servers COUNT [options...]
start_servers() {
	local n=$1 i
	shift
	for i in $(seq 0 $((n - 1))); do
		start_server "$i" "$@"
	done
}

# stop_servers COUNT: SIGTERM, and each must end by itself, with status 0.
stop_servers() {
	local i p
	for i in $(seq 0 $(($1 - 1))); do
		eval "p=\$SERVER_PID_$i"
		kill -TERM "$p" 2>/dev/null
		wait "$p" || fail "sokv-server on node $i exited $?: $(tail -3 "$LOGDIR/server$i.log")"
	done
}

# cli ARGS...: sokv-cli from node 0; its output in $OUT, its status in $RC.
cli() {
	OUT=$(RMC_NODE=0 timeout 120 "$SOKV/sokv-cli" "$@" 2>&1)
	RC=$?
	echo "sokv-cli $*: $OUT (status $RC)"
}

# bench NAME ARGS...: sokv-bench from node 0; must exit 0 (every value right).
bench() {
	local name=$1
	shift
	RMC_NODE=0 timeout 600 "$SOKV/sokv-bench" "$@" >"$LOGDIR/bench-$name.log" 2>&1 ||
		fail "sokv-bench $name ($*): $(tail -12 "$LOGDIR/bench-$name.log")"
	grep -E '^sokv-bench: [0-9]+ values checked' "$LOGDIR/bench-$name.log" | sed "s/^/$name: /"
	grep -Eq '^sokv-bench: [1-9][0-9]* values checked, 0 wrong, 0 errors' \
		"$LOGDIR/bench-$name.log" || fail "$name: no value checked, or errors"
}

# hot_mixes: every GET way against every PUT way, YCSB A on 20 hot keys
# (Zipf 0.99), 2 client threads, values of $1 bytes.
hot_mixes() {
	local g p
	for g in sabre farm pilaf rpc; do
		for p in rpc onesided; do
			bench "$g-$p" --get $g --put $p --workload A --dist zipf --keys 20 \
				--value-size "$1" --threads 2 --trials 1 --duration 0.5 --min-gets 20
		done
	done
}
