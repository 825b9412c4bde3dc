#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors
#
# soKV with 5 % of the protocol's messages lost (ring driver, --loss 0.05, as
# fabric_loss.sh): every GET way against every PUT way on hot keys, each
# operation completing correctly (sokv-bench checks every value and exits 1
# on any wrong one or any error); the nodes' counters show that messages were
# lost and resent. The protocol time-out is 5 s, as in fabric_loss.sh, so
# that a loaded machine does not make a live node look down.
# (The eth driver is not run here: see doc/sokv.md.)

. "$(dirname "$0")/sokv_lib.sh"

start_cluster 2 --driver ring --loss 0.05 --proto-timeout 5000 --idle sleep
start_servers 2 --preload 20 --max-value 1024 --slots 1024
hot_mixes 1024
stop_servers 2
stop_all
lost=0
resent=0
for i in 0 1; do
	lost=$((lost + $(fabric_stat $i lost_injected)))
	resent=$((resent + $(fabric_stat $i req_resent)))
done
echo "ring, 5 % loss: $lost messages lost, $resent chunk requests resent"
[ "$lost" -gt 0 ] && [ "$resent" -gt 0 ] || fail "no loss recovered"
echo "sokv loss: OK"
