#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors
#
# soKV under many concurrent PUTs and GETs of the same hot keys, on shm and
# on ring, the ring also with a chunk size (512 B) below the object size
# (1216 B for 1 KiB values, 4 KiB values over 9 chunks): every GET way
# (FaRM, Pilaf, SABRe, RPC) against both PUT ways (RPC, one-sided); then on 3
# nodes (shm), SABRe and RPC GETs against both PUT ways. sokv-bench
# checks every value read (its bytes are a value written for its key, by a
# write that was issued) and exits 1 on any wrong one or any error.

. "$(dirname "$0")/sokv_lib.sh"

run() {
	local label=$1 size=$2
	shift 2
	echo "--- $label"
	start_cluster 2 "$@"
	start_servers 2 --preload 20 --max-value "$size" --slots 1024
	hot_mixes "$size"
	stop_servers 2
	stop_all
}

run "shm, 1 KiB values" 1024 --idle sleep
run "ring, 1 KiB values" 1024 --driver ring --idle sleep
run "ring, 4 KiB values in chunks of 512 B" 4096 --driver ring --chunk-size 512 --idle sleep

# Three nodes (keys spread over three owners), SABRe and RPC GETs, shm.
echo "--- shm, 3 nodes"
start_cluster 3 --idle sleep
start_servers 3 --preload 30 --max-value 1024 --slots 1024
for p in rpc onesided; do
	for g in sabre rpc; do
		bench "3n-$g-$p" --get $g --put $p --workload A --dist zipf --keys 30 \
			--value-size 1024 --threads 2 --trials 1 --duration 0.5 --min-gets 20
	done
done
stop_servers 3
stop_all
echo "sokv hot keys: OK"
