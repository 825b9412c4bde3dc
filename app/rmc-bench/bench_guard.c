/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * What the memory-fault guard costs per RMC access, one core, lines hot: the
 * RMC wraps each access to a context or local buffer in sigsetjmp() (without
 * the signal mask) and a call to a function of its own (rmc/rmc_fault.c), so
 * that a SIGBUS on a truncated segment fails the request instead of the node.
 * Measured as the same 64-byte copy done the guarded way and inline, the
 * difference per copy being the guard's cost (the library's own function is
 * internal: this reproduces its shape).
 */

#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_memcpy.h>

#include "bench_perf.h"
#include "rmc_bench.h"

struct guard {
	sigjmp_buf jb;
	volatile int armed;
	uint8_t *dst;
	const uint8_t *src;
};

static __rte_noinline int
guard_do_copy(struct guard *g)
{
	g->armed = 1;
	rte_memcpy(g->dst, g->src, 64);
	g->armed = 0;
	return 0;
}

static __rte_noinline int
guard_copy(struct guard *g)
{
	if (sigsetjmp(g->jb, 0) != 0)
		return -1;
	return guard_do_copy(g);
}

static __rte_noinline void
plain_copy(uint8_t *dst, const uint8_t *src)
{
	rte_memcpy(dst, src, 64);
}

int
bench_guard(struct bench_ctx *b)
{
	uint32_t t, i, n = RTE_MAX(b->plan->floor_iters, 1000u);
	uint32_t trials = RTE_MAX(RTE_MIN(b->plan->trials, BENCH_MAX_TRIALS), 5u);
	static uint8_t src[64] __rte_aligned(64), dst[64] __rte_aligned(64);
	static struct guard g;
	double v[BENCH_MAX_TRIALS];
	uint64_t t0, t1, t2;

	g.dst = dst;
	g.src = src;
	for (t = 0; t < trials; t++) {
		t0 = rte_rdtsc();
		for (i = 0; i < n; i++)
			if (guard_copy(&g) < 0)
				return -1;
		t1 = rte_rdtsc();
		for (i = 0; i < n; i++)
			plain_copy(dst, src);
		t2 = rte_rdtsc();
		v[t] = ((double)(t1 - t0) - (double)(t2 - t1)) * 1e9 / (double)rte_rmc_tsc_hz_local() / n;
		if (v[t] < 0)
			v[t] = 0;
	}
	b->r.perf.guard_ns = bench_fig_of(v, trials);
	return 0;
}
