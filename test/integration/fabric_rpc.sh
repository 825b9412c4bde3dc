#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors
#
# The RPC example (examples/rmc-rpc) on messaging over each driver: a pool of
# two server threads on node 1, two client threads on node 0, every reply
# checked by the client; both programs must exit 0.

. "$(dirname "$0")/lib.sh"

RPC=$BUILD/examples/rmc-rpc
CONF=$LOGDIR/fabric.conf
SOCK=$LOGDIR/memif.sock
fabric_conf "$CONF" 2

# rpc DRIVER: a 2-node cluster on DRIVER, the server pool, the clients, stop.
rpc() {
	local d=$1 i role srv
	for i in 0 1; do
		if [ "$d" = eth ]; then
			role=$([ $i = 0 ] && echo server || echo client)
			start_node 2 $i "$(memif_vdev 0 $role "$SOCK" $i)" \
				-- --driver eth --fabric-conf "$CONF" --ctx-size 1M
		else
			start_node 2 $i --driver "$d" --ctx-size 1M
		fi
	done
	wait_ready 0
	wait_ready 1
	RMC_NODE=1 "$RPC/rpc_server" --threads 2 --clients 2 >"$LOGDIR/server.log" 2>&1 &
	srv=$!
	RMC_NODE=0 "$RPC/rpc_client" --server-node 1 --servers 2 --threads 2 --requests 1000 \
		>"$LOGDIR/client.log" 2>&1 || { kill $srv; fail "rpc_client on $d"; }
	wait $srv || fail "rpc_server on $d"
	echo "--- $d"
	grep -E "^rpc_client: .*(calls/s|latency)" "$LOGDIR/client.log"
	grep -q "all correct" "$LOGDIR/client.log" || fail "replies on $d"
	stop_all
}

rpc shm
rpc ring
rpc eth
echo "fabric rpc: OK"
