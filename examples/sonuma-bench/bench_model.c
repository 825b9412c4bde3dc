/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * What bench_sync and bench_async say about the latency model when one
 * applies to their destination: the target, what they achieved on their own
 * clock (read before each post), the error, how many samples were below the
 * target (the contract says none), and how many completions the library
 * counted late. Once more than 1 % are late, one line says the target is
 * below what this platform reaches, with the platform's own figure there (the
 * mean latency of the late completions: for those, nothing was held).
 * Under a law (normal, lognormal, empirical) each request has a deadline of
 * its own draw, which the benchmark does not see: it reports the law's
 * centre as the target and the library's late count, and no "below" count
 * (against the centre about half would be, by design).
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_rmc_latency.h>

#include "bench_common.h"

/* The law of the destination's model (RTE_RMC_LAT_CONST for a constant). */
static uint32_t bench_model_law;

static const char *
bench_law_name(uint32_t law)
{
	switch (law) {
	case RTE_RMC_LAT_NORMAL:
		return "normal, mean";
	case RTE_RMC_LAT_LOGNORMAL:
		return "lognormal, median";
	case RTE_RMC_LAT_EMPIRICAL:
		return "empirical, median";
	default:
		return "constant";
	}
}

int
bench_model_target(const struct bench *b, uint64_t *target_ns)
{
	struct rte_rmc_latency_model m;
	int ret = rte_rmc_latency_get(kal_session(b->fd), (uint16_t)b->snid, &m);

	if (ret == -ENOTSUP) {
		printf("%s: inline mode is outside the latency model (no emulation): requests "
			"run at native speed whatever the nodes' model\n", b->prog);
		return 0;
	}
	if (ret < 0 || !m.on)
		return 0;
	/* 64-byte requests: the base (a law's centre), plus their share of the link. */
	bench_model_law = m.law;
	*target_ns = (m.law == RTE_RMC_LAT_CONST ? m.base_ns : (uint64_t)m.law_a) +
		(m.chunk_size ? m.per_chunk_ns * BENCH_OBJ_SIZE / m.chunk_size : 0);
	return 1;
}

/* Lower bound of the library's median hand-over - deadline. */
static uint64_t
bench_excess_p50(const struct rte_rmc_qp_lat_stats *st)
{
	uint64_t seen = 0;
	unsigned int i;

	for (i = 0; i < RTE_RMC_LAT_HIST_BUCKETS; i++) {
		seen += st->hist[i];
		if (seen * 2 >= st->count && st->count > 0)
			return rte_rmc_lat_bucket_lower(i);
	}
	return 0;
}

/* A law: each request against its own draw is the library's check (late). */
static void
bench_model_report_law(double p50, double p99, uint64_t centre_ns,
		const struct rte_rmc_qp_lat_stats *st)
{
	printf("latency model: law (%s %" PRIu64 " ns), achieved p50 %.0f ns p99 %.0f ns, "
		"late %" PRIu64 " of %" PRIu64 " (library, each request against its own draw; "
		"its hand-over - deadline p50 >= %" PRIu64 " ns)\n", bench_law_name(bench_model_law),
		centre_ns, p50, p99, st->late, st->count, bench_excess_p50(st));
	if (st->count > 0 && st->late * 100 > st->count)
		printf("latency model: more than 1 %% late: draws below what this platform "
			"reaches by itself came late, by %.0f ns on average\n",
			(double)st->late_ns_sum / (double)st->late);
}

void
bench_model_report(const struct bench *b, const uint64_t *lat, uint64_t n, uint64_t target_ns)
{
	struct rte_rmc_qp_lat_stats st;
	double ns_per_tick = 1e9 / (double)b->tsc_hz, p50, p99, err;
	uint64_t below = 0, i;

	if (n == 0)
		return;
	p50 = lat[n / 2] * ns_per_tick;
	p99 = lat[(n * 99) / 100] * ns_per_tick;
	if (rte_rmc_qp_latency_stats(rmc_wq_qp(b->wq), &st) < 0)
		memset(&st, 0, sizeof(st));
	if (bench_model_law != RTE_RMC_LAT_CONST)
		return bench_model_report_law(p50, p99, target_ns, &st);
	/* A constant: the sorted samples below it are the ones that came early. */
	for (i = 0; i < n && lat[i] * ns_per_tick < (double)target_ns; i++)
		below++;
	err = p50 - (double)target_ns;
	printf("latency model: target %" PRIu64 " ns, achieved p50 %.0f ns p99 %.0f ns, "
		"error %+.0f ns (%+.2f %%), below target %" PRIu64 " of %" PRIu64 ", late %"
		PRIu64 " of %" PRIu64 " (library; its hand-over - deadline p50 >= %" PRIu64
		" ns)\n", target_ns, p50, p99, err, 100.0 * err / (double)target_ns, below, n,
		st.late, st.count, bench_excess_p50(&st));
	if (st.count == 0 || st.late * 100 <= st.count)
		return;
	/* The late ones are where nothing was held: the platform's own figure. */
	printf("latency model: more than 1 %% late: the target is below what this platform "
		"reaches by itself (its own latency where late: %.0f ns on average)\n",
		(double)target_ns + (double)st.late_ns_sum / (double)st.late);
}
