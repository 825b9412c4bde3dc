/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _BENCH_RMC_H_
#define _BENCH_RMC_H_

/*
 * The RMC's figures on two nodes (latency, throughput, bandwidth, latency
 * model, inline requests, software costs), and the sizes, depths and
 * targets they are measured at (the report prints one row for each).
 */

#include <stdint.h>

#include "rmc_bench.h"

extern const uint64_t bench_sizes[BENCH_NB_SIZES];
extern const uint32_t bench_depths[BENCH_NB_DEPTHS];
extern const uint64_t bench_bw_sizes[BENCH_NB_BW];
extern const uint64_t bench_targets[BENCH_NB_TARGETS];

int bench_rmc(struct bench_ctx *b);

#endif /* _BENCH_RMC_H_ */
