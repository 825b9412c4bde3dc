#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors
#
# rmc-demo.sh: set the machine up, build sonuma, and run the original
# sonuma-vm workflow on a 2-node cluster on this host:
#   rmcd 2 0 & rmcd 2 1 &; bench_server on node 1; bench_sync 1 r|w and
#   bench_async 1 r|w on node 0. Prints each program's output; stops both
#   nodes at the end. Exit status 0 only if every step succeeded.

set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
usertools/rmc-setup.sh || exit 1
[ -d build ] || meson setup build >/dev/null || exit 1
ninja -C build >/dev/null || exit 1
B=$top/build
export RMC_CLUSTER=${RMC_CLUSTER:-demo}
pids=()
trap 'kill -TERM "${pids[@]}" 2>/dev/null; wait' EXIT

step() {
	echo "\$ $*"
	"$@" || { echo "rmc-demo: '$*' failed"; exit 1; }
}

"$B/app/rmcd/rmcd" 2 0 & pids+=($!)
"$B/app/rmcd/rmcd" 2 1 & pids+=($!)
step env RMC_NODE=1 "$B/examples/sonuma-bench/bench_server"
step env RMC_NODE=0 "$B/examples/sonuma-bench/bench_sync" 1 r
step env RMC_NODE=0 "$B/examples/sonuma-bench/bench_sync" 1 w
step env RMC_NODE=0 "$B/examples/sonuma-bench/bench_async" 1 r
step env RMC_NODE=0 "$B/examples/sonuma-bench/bench_async" 1 w
kill -TERM "${pids[@]}"
wait
pids=()
echo "rmc-demo: the original workflow ran on cluster '$RMC_CLUSTER'; both nodes stopped"
