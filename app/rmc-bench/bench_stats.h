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

/* A figure measured in several trials: their median, and the spread. */
struct bench_fig {
	double med;
	double min;
	double max;
};

/* A figure that could not be measured. */
#define BENCH_FIG_FAIL ((struct bench_fig){ -1, -1, -1 })

/* The figure of n > 0 trials (v is sorted in place). Never the best of them. */
struct bench_fig bench_fig_of(double *v, uint32_t n);

/* The figure with every value multiplied by s (units). */
static inline struct bench_fig
bench_fig_scale(struct bench_fig f, double s)
{
	return (struct bench_fig){ f.med * s, f.min * s, f.max * s };
}

/* Most trials of one figure. */
#define BENCH_MAX_TRIALS 16u

#endif /* _BENCH_STATS_H_ */
