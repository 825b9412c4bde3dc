#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors
#
# soKV with 5 % of the protocol's messages lost (--loss 0.05, on the ring
# driver and on the eth driver over memif, as fabric_loss.sh): every GET way
# against every PUT way on hot keys, each
# operation completing correctly (sokv-bench checks every value and exits 1
# on any wrong one or any error); the nodes' counters show that messages were
# lost and resent. The protocol time-out is 5 s, as in fabric_loss.sh, so
# that a loaded machine does not make a live node look down.

. "$(dirname "$0")/sokv_lib.sh"

# after LABEL: the servers and nodes stopped, loss happened and was recovered.
after() {
	local lost=0 resent=0 i
	stop_servers 2
	stop_all
	for i in 0 1; do
		lost=$((lost + $(fabric_stat $i lost_injected)))
		resent=$((resent + $(fabric_stat $i req_resent)))
	done
	echo "$1, 5 % loss: $lost messages lost, $resent chunk requests resent"
	[ "$lost" -gt 0 ] && [ "$resent" -gt 0 ] || fail "$1: no loss recovered"
}

echo "--- ring driver, --loss 0.05"
start_cluster 2 --driver ring --loss 0.05 --proto-timeout 5000 --idle sleep
start_servers 2 --preload 20 --max-value 1024 --slots 1024
hot_mixes 1024
after ring

echo "--- eth driver over memif, --loss 0.05"
CONF=$LOGDIR/fabric.conf
SOCK=$LOGDIR/memif.sock
fabric_conf "$CONF" 2
for i in 0 1; do
	role=$([ $i = 0 ] && echo server || echo client)
	start_node 2 $i "$(memif_vdev 0 $role "$SOCK" $i)" \
		-- --driver eth --fabric-conf "$CONF" --loss 0.05 --proto-timeout 5000 --idle sleep
done
wait_ready 0
wait_ready 1
start_servers 2 --preload 20 --max-value 1024 --slots 1024
hot_mixes 1024
after eth
echo "sokv loss: OK"
