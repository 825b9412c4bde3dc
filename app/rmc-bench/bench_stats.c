/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * Figures from TSC samples and from trials: percentiles in nanoseconds that
 * are not rounded to the step of a stepping TSC, and the median of trials
 * with their spread.
 */

#include <stdlib.h>

#include <rte_cycles.h>

#include "rte_rmc.h"

#include "bench_progress.h"
#include "bench_stats.h"

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

double
bench_ns(uint64_t ticks)
{
	return (double)ticks * 1e9 / (double)rte_rmc_tsc_hz_local();
}

/* Values this close (in ticks) are one step of a stepping TSC. */
#define TSC_JITTER 2

/*
 * Percentile of TSC samples, in ns. The TSC of a virtual machine may advance
 * in steps (about 25.7 ticks, 10 ns, here, read as 312, 337 or 338, 363 or
 * 364...): samples are then grouped by step, and the percentile is
 * interpolated inside its group, as for a grouped median, so that a figure is
 * not rounded to the step.
 */
double
bench_pct_ns(uint64_t *ticks, uint32_t n, double pct)
{
	uint64_t q = UINT64_MAX;
	uint32_t i, lo, hi, k;
	double p;

	if (n == 0)
		return 0;
	qsort(ticks, n, sizeof(*ticks), cmp_u64);
	/* The step: the smallest gap between neighbouring groups. */
	for (k = 1; k < n; k++) {
		uint64_t d = ticks[k] - ticks[k - 1];

		if (d > TSC_JITTER && d < q)
			q = d;
	}
	p = (double)n * pct / 100.0;
	i = (uint32_t)p;
	if (i >= n)
		i = n - 1;
	if (q == UINT64_MAX || q <= 2 * TSC_JITTER)
		return bench_ns(ticks[i]);
	for (lo = i; lo > 0 && ticks[lo] - ticks[lo - 1] <= TSC_JITTER; lo--)
		;
	for (hi = i; hi + 1 < n && ticks[hi + 1] - ticks[hi] <= TSC_JITTER; hi++)
		;
	/* The group stands for [centre - q/2, centre + q/2); lo samples lie below it. */
	return bench_ns(ticks[(lo + hi) / 2]) + ((p - lo) / (hi - lo + 1) - 0.5) * bench_ns(q);
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

struct bench_fig
bench_fig_of(double *v, uint32_t n)
{
	struct bench_fig f;

	qsort(v, n, sizeof(v[0]), cmp_double);
	f.med = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	f.min = v[0];
	f.max = v[n - 1];
	bench_progress_tick();
	return f;
}
