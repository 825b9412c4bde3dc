/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _RMC_STATS_H_
#define _RMC_STATS_H_

/*
 * What the RMC loop counts, kept to a few increments per request: the
 * request's operation and bytes when it completes, and the RMC-side latency
 * histogram. Reading the TSC costs 20-30 ns on the virtual machines this runs
 * on, as much as serving a request, so the histogram is sampled, as DPDK's
 * latencystats samples: one burst of requests in RMC_STATS_SAMPLE per QP is
 * timed (two TSC reads for the burst; the first burst of a QP always), and
 * every chunked transfer taken in a timed burst. Request and byte counters
 * are exact. Only the RMC loop writes these counters; readers (rmc_stats.c)
 * load them without stopping it.
 */

#include <rte_cycles.h>

#include "rmc_private.h"

/* Bursts per timed burst (a power of two). */
#define RMC_STATS_SAMPLE 16

/* 1 when this burst of the QP is to be timed. */
static inline int
rmc_stats_sample(struct rmc_qp_stats *st)
{
	return (st->bursts++ & (RMC_STATS_SAMPLE - 1)) == 0;
}

/* Count a completed request. 'w' is the RMC's validated or rejected copy. */
static inline void
rmc_stats_count(struct rmc_qp_stats *st, const struct rte_rmc_wqe *w, uint16_t status)
{
	/* The opcode is untrusted: anything unknown goes to slot 0. */
	uint8_t op = w->opcode < RTE_RMC_STATS_OPS ? w->opcode : RTE_RMC_OP_NONE;

	st->ops[op]++;
	if (status == RTE_RMC_STATUS_OK)
		st->bytes[op] += w->length;
}

/* Histogram bucket of a time in TSC ticks (see struct rte_rmc_stats). */
static inline unsigned int
rmc_stats_bucket(const struct rte_rmc_node *node, uint64_t ticks)
{
	uint64_t ns;
	unsigned int b;

	/* Beyond 2^40 ticks (minutes) the product could overflow: last bucket. */
	if (ticks >= (UINT64_C(1) << 40))
		return RTE_RMC_STATS_HIST_BUCKETS - 1;
	ns = (ticks * node->ns_per_tsc_q20) >> 20;
	if (ns < 16)
		return 0;
	b = 63 - __builtin_clzll(ns) - 3;
	return b < RTE_RMC_STATS_HIST_BUCKETS ? b : RTE_RMC_STATS_HIST_BUCKETS - 1;
}

/* Record 'n' requests that spent 'ticks' in the RMC. */
static inline void
rmc_stats_latency(const struct rte_rmc_node *node, struct rmc_qp_stats *st, uint64_t ticks,
		uint64_t n)
{
	st->lat_hist[rmc_stats_bucket(node, ticks)] += n;
}

#endif /* _RMC_STATS_H_ */
