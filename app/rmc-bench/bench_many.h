/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _BENCH_MANY_H_
#define _BENCH_MANY_H_

/* All-to-all traffic on BENCH_MANY_NODES nodes, every byte checked. */

#include "rmc_bench.h"

int bench_many(struct bench_ctx *b);

#endif /* _BENCH_MANY_H_ */
