/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _BENCH_FLOORS_H_
#define _BENCH_FLOORS_H_

/* The physical floors of this machine, on the same two CPUs as the RMC. */

#include "rmc_bench.h"

int bench_floors(struct bench_ctx *b);

/* The two round-trip floors again, after the RMC's figures. */
int bench_floors_recheck(struct bench_ctx *b);

#endif /* _BENCH_FLOORS_H_ */
