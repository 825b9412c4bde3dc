#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sonuma authors
#
# The soak test on three rmcd processes: SOAK_APPS applications (3 in CI)
# for SOAK_DURATION seconds (5 in CI). The documented long run is
#   SOAK_APPS=6 SOAK_DURATION=600 meson test -C build soak --timeout-multiplier 0
# (or rmc_soak --apps 6 --duration 600 against any running cluster).

CLUSTER=rel_soak_$$
. "$(dirname "$0")/rel_lib.sh"

start_cluster 3 --ctx-size 1M
"$BUILD/test/reliability/rmc_soak" --apps "${SOAK_APPS:-3}" --duration "${SOAK_DURATION:-5}" \
	--seed "${SEED:-1}" || fail "soak"
for i in 0 1 2; do
	RMC_NODE=$i "$RELTOOL" usage --expect-apps 0 --expect-qps 0 --expect-lbufs 0 \
		--expect-itt 0 --timeout 10 >/dev/null || fail "node $i did not reclaim"
done
stop_all
echo "soak: OK"
