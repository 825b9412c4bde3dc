#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors
#
# run_fuzz.sh FUZZER SEED_CORPUS RUNS: a bounded, reproducible libFuzzer run.
# New inputs go to a scratch corpus; a failing input is saved next to the
# fuzzer (fuzz-artifacts/), to be copied into test/fuzz/regress/<target>/,
# where every build's reliability suite replays it.

set -u
fuzzer=$1
seeds=$2
runs=$3
work=$(mktemp -d /tmp/rmc-fuzz-XXXXXX)
trap 'rm -rf "$work"' EXIT
out=$(dirname "$fuzzer")/fuzz-artifacts
mkdir -p "$out"
"$fuzzer" -runs="$runs" -seed=1 -max_len=4096 -timeout=10 -rss_limit_mb=4096 \
	-artifact_prefix="$out/" -print_final_stats=1 "$work" "$seeds"
rc=$?
[ "$rc" = 0 ] || echo "run_fuzz: failure; the input is in $out/: add it to test/fuzz/regress/"
exit $rc
