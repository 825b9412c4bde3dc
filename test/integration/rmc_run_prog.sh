#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors
#
# The program rmc_run.sh runs on every node: random remote reads, writes and
# atomics on every node's context 0, checked against a model, on a range of
# its own (so that the copies of all nodes run at once), and a word saying
# where it ran.
set -eu
echo "node $RMC_NODE of cluster $RMC_CLUSTER, CPUs $(taskset -pc $$ | sed 's/.*: //')"
exec "$RMC_BUILD_DIR/test/rmc_crosscheck" --ops "${RMC_RUN_OPS:-400}" --seed "$RMC_NODE" \
	--span 4K --base $((RMC_NODE * 4096))
