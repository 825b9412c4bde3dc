#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors
#
# Helpers of the reliability tests, on top of the integration tests' lib.sh
# (own cluster, own runtime directory, everything stopped by pid on exit).

. "$(dirname "${BASH_SOURCE[0]}")/../integration/lib.sh"
RELTOOL=$BUILD/test/reliability/rmc_reltool

# DRIVER: the driver every rmcd of the scenario runs (meson registers each
# scenario once per driver): shm (default), ring, or eth over a mesh of
# net_memif links (one link per pair of nodes, the lower id the server).
DRIVER=${DRIVER:-shm}
echo "driver: $DRIVER"
eval "$(declare -f start_node | sed '1s/start_node/it_start_node/')"

# memif_mesh COUNT ID: the net_memif vdevs of node ID in a mesh of COUNT.
memif_mesh() {
	local count=$1 id=$2 j port=0 lo hi role
	for j in $(seq 0 $((count - 1))); do
		[ "$j" = "$id" ] && continue
		if [ "$id" -lt "$j" ]; then lo=$id hi=$j role=server; else lo=$j hi=$id role=client; fi
		memif_vdev $port $role "$LOGDIR/l$lo$hi.sock" "$id"
		port=$((port + 1))
	done
}

# start_node COUNT ID [rmcd options...]: lib.sh's, on the scenario's DRIVER.
start_node() {
	local count=$1 id=$2
	shift 2
	case "$DRIVER" in
	shm) it_start_node "$count" "$id" "$@" ;;
	ring) it_start_node "$count" "$id" --driver ring "$@" ;;
	eth)
		fabric_conf "$LOGDIR/fabric.conf" "$count"
		# shellcheck disable=SC2046 # one word per vdev
		it_start_node "$count" "$id" $(memif_mesh "$count" "$id") -- --driver eth \
			--fabric-conf "$LOGDIR/fabric.conf" "$@" ;;
	*) fail "unknown DRIVER '$DRIVER' (shm, ring, eth)" ;;
	esac
}

now_ms() {
	echo $(($(date +%s%N) / 1000000))
}

# exited PID: 0 once the child has exited (a zombie counts), 1 while it runs.
exited() {
	[ ! -e "/proc/$1" ] || [ "$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null)" = Z ]
}

# wait_exit PID SECONDS: reap a child, waiting at most SECONDS; its exit status
# goes to EXIT_RC. Returns 1 if it is still running then.
wait_exit() {
	local pid=$1 deadline=$(($(now_ms) + $2 * 1000))
	while ! exited "$pid"; do
		[ "$(now_ms)" -lt $deadline ] || return 1
		sleep 0.01
	done
	# (braces: bash reports a job killed by a signal on the shell's stderr)
	{ wait "$pid"; } 2>/dev/null
	EXIT_RC=$?
	forget_pid "$pid"
	return 0
}

# forget_pid PID: a reaped pid may be reused by anyone: never signal it again.
forget_pid() {
	local p keep=()
	for p in "${PIDS[@]}"; do
		[ "$p" = "$1" ] || keep+=("$p")
	done
	PIDS=("${keep[@]}")
}

# wait_line FILE TEXT SECONDS [PID]: until FILE has a line with TEXT; fails if
# PID exits first.
wait_line() {
	local deadline=$(($(now_ms) + $3 * 1000))
	until grep -q "$2" "$1" 2>/dev/null; do
		[ -n "${4:-}" ] && exited "$4" && fail "pid $4 exited before printing '$2'"
		[ "$(now_ms)" -lt $deadline ] || fail "no '$2' in $1 after $3 s"
		sleep 0.005
	done
}

# kill_node ID SIGNAL SECONDS: signal node ID's rmcd and reap it (bounded).
kill_node() {
	local var=NODE_PID_$1
	{ kill "-$2" "${!var}" && wait_exit "${!var}" "$3"; } 2>/dev/null ||
		fail "node $1 did not end within $3 s of SIG$2"
}

# usage_field NODE FIELD: one count of 'rmc_reltool usage' (this tool excluded).
usage_field() {
	RMC_NODE=$1 "$RELTOOL" usage | tr ' ' '\n' | sed -n "s/^$2=//p"
}
