/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _BENCH_STATS_H_
#define _BENCH_STATS_H_

/* Figures from TSC samples and from trials. */

#include <stdint.h>

/* Ticks of the TSC in nanoseconds. */
double bench_ns(uint64_t ticks);

/* Percentile pct (0..100) of n TSC samples (sorted in place), in nanoseconds. */
double bench_pct_ns(uint64_t *ticks, uint32_t n, double pct);

/*
 * The best (largest) of n > 0 trials; v is sorted in place. On a machine
 * shared with other work, the trial that ran undisturbed measures the machine.
 */
double bench_best(double *v, uint32_t n);

#endif /* _BENCH_STATS_H_ */
