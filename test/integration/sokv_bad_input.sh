#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors
#
# soKV's answers to bad input, each a clear status and nothing corrupted: an
# unknown key and key 0 on every GET way, a value above the store's largest
# on both PUT ways, a deleted key, a full table (64 slots per node); then the
# preloaded keys read and written by sokv-bench are all still right.

. "$(dirname "$0")/sokv_lib.sh"

expect() {
	local want=$1 text=$2
	shift 2
	cli "$@"
	[ "$RC" = "$want" ] || fail "sokv-cli $*: status $RC, expected $want"
	grep -q "$text" <<<"$OUT" || fail "sokv-cli $*: no '$text' in: $OUT"
}

start_cluster 2 --idle sleep
start_servers 2 --preload 20 --max-value 1024 --slots 64
for g in sabre farm pilaf rpc; do
	expect 1 "not found" --get $g get 999999
	expect 5 "bad key" --get $g get 0
	expect 0 "checked" --get $g get 7
done
for p in rpc onesided; do
	expect 2 "value too large" --put $p put 5 2048
	expect 0 "checked" get 5
	expect 0 "put 9: ok" --put $p put 9 1024
	expect 0 "tag 1, checked" get 9
	expect 0 "del 9: ok" --put $p del 9
	expect 1 "not found" get 9
	expect 1 "not found" --get rpc get 9
	expect 0 "put 9: ok" --put $p put 9 1024
	expect 0 "checked" get 9
done
# A new key goes to its owner (one-sided PUT inserts by RPC too).
expect 0 "put 424242: ok" --put onesided put 424242 512
expect 0 "checked" get 424242
# 64 slots per node, 21 used: the table fills up with a clear status.
expect 3 "table full" fill 1000 200 1024
expect 0 "checked" get 1000
expect 0 "checked" get 7
bench after --get sabre --put onesided --workload A --keys 20 --value-size 1024 \
	--trials 1 --duration 0.5 --min-gets 20
bench after-farm --get farm --workload C --keys 20 --value-size 1024 --trials 1 \
	--duration 0.3 --min-gets 20
stop_servers 2
stop_all
echo "sokv bad input: OK"
