/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The latency model's table: every figure the median of the plan's trials
 * with min and max, on this benchmark's own clock read before each post, so
 * that "below the target" (the contract says never) is checked here, not by
 * the code that holds completions. The destination's model is set on the
 * destination node and the run waits until the requester's library knows it.
 */

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <rte_common.h>
#include <rte_cycles.h>
#include <rte_rmc_latency.h>

#include "bench_model.h"
#include "bench_stats.h"

#define NB_T 4
#define NB_SYNC 4
#define NB_D 3
#define LAW_N 2000
#define LAW_MEDIAN 2000.0
#define LAW_P99 8000.0
/* Transfers against bytes / bandwidth: base 1 us, a link of 10 bytes per ns. */
#define NB_X 2
#define NB_XC 2
#define XFER_BASE_NS 1000
#define XFER_BYTES_PER_NS 10

static const uint64_t targets[NB_T] = { 500, 1000, 2000, 5000 };
static const uint32_t depths[NB_D] = { 1, 4, 16 };
static const char *const sync_names[NB_SYNC] = { "read_64", "write_64", "read_4096",
	"write_4096" };
static const uint64_t xfer_sizes[NB_X] = { 64u << 10, 1u << 20 };
static const uint32_t xfer_counts[NB_XC] = { 1, 4 };

static struct {
	int ran;
	struct bench_fig sync_p50[NB_T][NB_SYNC];
	struct bench_fig sync_p99[NB_T][NB_SYNC];
	struct bench_fig async_ops[NB_T][NB_D];
	struct bench_fig xfer_ns[NB_X][NB_XC]; /* post of the first to the last completion */
	double xfer_expect[NB_X][NB_XC];       /* count x bytes / bandwidth + base */
	uint64_t below;        /* samples below their target (must be 0) */
	uint64_t samples;
	double law_ks, law_p99;
} res;

static int
model_set(struct rte_rmc_node *dst, struct rte_rmc_session *s, uint16_t nid,
		const struct rte_rmc_latency_model *want)
{
	uint64_t limit = rte_rdtsc() + 5 * rte_rmc_tsc_hz_local();
	struct rte_rmc_latency_model m;
	int ret = rte_rmc_node_latency_model_set(dst, want);

	while (ret == 0) {
		ret = rte_rmc_latency_get(s, nid, &m);
		if (ret == 0 && m.law == want->law && m.seed == want->seed &&
				m.per_chunk_ns == want->per_chunk_ns &&
				m.base_ns == (want->law ? (uint64_t)want->law_a : want->base_ns))
			return 0;
		if (rte_rdtsc() > limit)
			return -ETIMEDOUT;
	}
	return ret;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* n sync requests: their latencies in ns, sorted; counts those below 'floor_ns'. */
static int
sync_run(struct rte_rmc_qp *qp, const struct rte_rmc_lbuf *lb, int write, uint64_t size,
		uint32_t n, double floor_ns, double *ns)
{
	double per_tick = 1e9 / (double)rte_rmc_tsc_hz_local();
	uint32_t i;

	for (i = 0; i < n; i++) {
		uint64_t t0 = rte_rdtsc();
		int st = write ? rte_rmc_write_sync(qp, lb, 0, 1, 0, 0, size, 0) :
			rte_rmc_read_sync(qp, lb, 0, 1, 0, 0, size, 0);

		ns[i] = (double)(rte_rdtsc() - t0) * per_tick;
		if (st != RTE_RMC_STATUS_OK)
			return -1;
		res.below += ns[i] < floor_ns;
	}
	res.samples += n;
	qsort(ns, n, sizeof(*ns), cmp_double);
	return 0;
}

/* Keep 'depth' 64-byte reads in flight for 'secs': completions per second. */
static double
async_run(struct rte_rmc_qp *qp, const struct rte_rmc_lbuf *lb, uint32_t depth, double secs)
{
	uint64_t hz = rte_rmc_tsc_hz_local(), t0 = rte_rdtsc(), end = t0 + (uint64_t)(secs * hz);
	struct rte_rmc_completion cpl[16];
	uint64_t done = 0, now = t0;
	uint32_t out = 0;

	while (now < end || out > 0) {
		while (now < end && out < depth && rte_rmc_read(qp, lb, 64 * out, 1, 0,
				64 * out, 64, out, 0) >= 0)
			out++;
		uint16_t k = rte_rmc_poll(qp, cpl, RTE_DIM(cpl));

		out -= k;
		done += k;
		now = rte_rdtsc();
		if (now - t0 > 10 * hz)
			return -1;
	}
	return (double)done * (double)hz / (double)(now - t0);
}

static double
lognormal_cdf(double x)
{
	double mu = log(LAW_MEDIAN), sigma = log(LAW_P99 / LAW_MEDIAN) / 2.3263478740408408;

	return x <= 0 ? 0 : 0.5 * erfc(-(log(x) - mu) / (sigma * sqrt(2.0)));
}

/* The law check: KS distance of the achieved latencies to a lognormal, and their p99. */
static int
law_check(struct rte_rmc_node *dst, struct rte_rmc_qp *qp, const struct rte_rmc_lbuf *lb)
{
	struct rte_rmc_latency_model m = { .law = RTE_RMC_LAT_LOGNORMAL, .law_a = LAW_MEDIAN,
		.law_b = LAW_P99, .seed = 42 };
	double *ns = malloc(sizeof(*ns) * LAW_N), d = 0;
	uint32_t i;

	if (ns == NULL || model_set(dst, rte_rmc_qp_session(qp), 1, &m) < 0 ||
			sync_run(qp, lb, 0, 64, LAW_N, 0, ns) < 0) {
		free(ns);
		return -1;
	}
	for (i = 0; i < LAW_N; i++) {
		double c = lognormal_cdf(ns[i]);

		d = RTE_MAX(d, RTE_MAX(fabs(c - (double)i / LAW_N),
			fabs(c - (double)(i + 1) / LAW_N)));
	}
	res.law_ks = d;
	res.law_p99 = ns[LAW_N * 99 / 100];
	free(ns);
	return 0;
}

/*
 * 'count' reads of 'size' bytes posted at once (the local buffer's two
 * halves reused: only the time matters): ns from before the first post to
 * the last completion, or -1.
 */
static double
xfer_run(struct rte_rmc_qp *qp, const struct rte_rmc_lbuf *lb, uint64_t size, uint32_t count)
{
	uint64_t hz = rte_rmc_tsc_hz_local(), t0 = rte_rdtsc();
	struct rte_rmc_completion cpl[4];
	uint32_t i, done = 0;
	uint16_t k;

	for (i = 0; i < count; i++)
		if (rte_rmc_read(qp, lb, (i & 1) * size, 1, 0, i * size, size, i, 0) < 0)
			return -1;
	while (done < count) {
		k = rte_rmc_poll(qp, cpl, RTE_DIM(cpl));
		for (i = 0; i < k; i++)
			if (cpl[i].status != RTE_RMC_STATUS_OK)
				return -1;
		done += k;
		if (rte_rdtsc() - t0 > 10 * hz)
			return -1;
	}
	return (double)(rte_rdtsc() - t0) * 1e9 / (double)hz;
}

/* Transfers alone and 4 at a time, on a link of XFER_BYTES_PER_NS. */
static int
xfer_check(struct bench_ctx *b, struct rte_rmc_node *dst, struct rte_rmc_qp *qp,
		const struct rte_rmc_lbuf *lb)
{
	uint32_t trials = RTE_MIN(b->plan->trials, BENCH_MAX_TRIALS), t, x, c;
	struct rte_rmc_latency_model m = { .base_ns = XFER_BASE_NS };
	struct rte_rmc_session *s = rte_rmc_qp_session(qp);
	double v[BENCH_MAX_TRIALS];

	/* The link's unit is the destination node's chunk: learn it first. */
	if (model_set(dst, s, 1, &m) < 0 || rte_rmc_latency_get(s, 1, &m) < 0 ||
			m.chunk_size == 0)
		return -1;
	m.per_chunk_ns = m.chunk_size / XFER_BYTES_PER_NS;
	if (model_set(dst, s, 1, &m) < 0)
		return -1;
	for (x = 0; x < NB_X; x++) {
		for (c = 0; c < NB_XC; c++) {
			for (t = 0; t < trials; t++)
				if ((v[t] = xfer_run(qp, lb, xfer_sizes[x], xfer_counts[c])) < 0)
					return -1;
			res.xfer_ns[x][c] = bench_fig_of(v, trials);
			res.xfer_expect[x][c] = (double)XFER_BASE_NS + (double)xfer_counts[c] *
				(double)(xfer_sizes[x] / m.chunk_size * m.per_chunk_ns);
		}
	}
	return 0;
}

static int
target_run(struct bench_ctx *b, struct rte_rmc_qp *qp, const struct rte_rmc_lbuf *lb,
		unsigned int k, double *ns, uint32_t n)
{
	uint32_t trials = RTE_MIN(b->plan->trials, BENCH_MAX_TRIALS), t, c, d;
	double v50[BENCH_MAX_TRIALS], v99[BENCH_MAX_TRIALS];

	for (c = 0; c < NB_SYNC; c++) {
		for (t = 0; t < trials; t++) {
			if (sync_run(qp, lb, c & 1, c < 2 ? 64 : 4096, n, (double)targets[k],
					ns) < 0)
				return -1;
			v50[t] = ns[n / 2];
			v99[t] = ns[n * 99 / 100];
		}
		res.sync_p50[k][c] = bench_fig_of(v50, trials);
		res.sync_p99[k][c] = bench_fig_of(v99, trials);
	}
	for (d = 0; d < NB_D; d++) {
		for (t = 0; t < trials; t++)
			if ((v50[t] = async_run(qp, lb, depths[d], b->plan->tput_s / 8)) < 0)
				return -1;
		res.async_ops[k][d] = bench_fig_of(v50, trials);
	}
	return 0;
}

int
bench_model_run(struct bench_ctx *b, struct rte_rmc_node *dst, struct rte_rmc_qp *qp,
		const struct rte_rmc_lbuf *lb)
{
	struct rte_rmc_latency_model off = { 0 };
	uint32_t n = RTE_MAX(b->plan->lat_iters / 200, 20u);
	double *ns = malloc(sizeof(*ns) * n);
	unsigned int k;
	int ret = 0;

	if (ns == NULL)
		return -1;
	memset(&res, 0, sizeof(res));
	for (k = 0; k < NB_T && ret == 0; k++) {
		struct rte_rmc_latency_model m = { .base_ns = targets[k] };

		ret = model_set(dst, rte_rmc_qp_session(qp), 1, &m);
		if (ret == 0)
			ret = target_run(b, qp, lb, k, ns, n);
	}
	if (ret == 0)
		ret = law_check(dst, qp, lb);
	if (ret == 0)
		ret = xfer_check(b, dst, qp, lb);
	model_set(dst, rte_rmc_qp_session(qp), 1, &off);
	free(ns);
	if (ret < 0)
		fprintf(stderr, "rmc-bench: the latency-model table failed\n");
	res.ran = ret == 0;
	return ret;
}

void
bench_model_table(FILE *f)
{
	unsigned int k, c, d;

	if (!res.ran)
		return;
	fprintf(f, "\nLatency model (destination's model, nothing subtracted; median "
		"[min, max] of the trials, ns)\n");
	for (k = 0; k < NB_T; k++) {
		fprintf(f, "  target %4" PRIu64 ":", targets[k]);
		for (c = 0; c < NB_SYNC; c++)
			fprintf(f, " %s p50 %.0f [%.0f, %.0f]", sync_names[c],
				res.sync_p50[k][c].med, res.sync_p50[k][c].min,
				res.sync_p50[k][c].max);
		fprintf(f, "\n               async 64 B:");
		for (d = 0; d < NB_D; d++)
			fprintf(f, " depth %u %.2f Mops [%.2f, %.2f] (d/L %.2f)", depths[d],
				res.async_ops[k][d].med / 1e6, res.async_ops[k][d].min / 1e6,
				res.async_ops[k][d].max / 1e6, depths[d] * 1e3 / targets[k]);
		fprintf(f, "\n");
	}
	fprintf(f, "  samples below their target: %" PRIu64 " of %" PRIu64 "\n", res.below,
		res.samples);
	fprintf(f, "  law lognormal median %.0f p99 %.0f: KS distance %.3f, achieved p99 %.0f "
		"(the platform's own time adds to each draw)\n", LAW_MEDIAN, LAW_P99, res.law_ks,
		res.law_p99);
	for (k = 0; k < NB_X; k++)
		for (c = 0; c < NB_XC; c++)
			fprintf(f, "  %4" PRIu64 " KiB x %u at once, base %u ns, %u B/ns: %.0f ns "
				"[%.0f, %.0f], count x bytes / bandwidth + base %.0f ns (%.3f)\n",
				xfer_sizes[k] >> 10, xfer_counts[c], XFER_BASE_NS,
				XFER_BYTES_PER_NS, res.xfer_ns[k][c].med, res.xfer_ns[k][c].min,
				res.xfer_ns[k][c].max, res.xfer_expect[k][c],
				res.xfer_ns[k][c].med / res.xfer_expect[k][c]);
}

void
bench_model_json(FILE *f)
{
	unsigned int k, c, d;

	if (!res.ran)
		return;
	fprintf(f, ", \"latency_model_table\": {");
	for (k = 0; k < NB_T; k++) {
		fprintf(f, "\"%" PRIu64 "\": {", targets[k]);
		for (c = 0; c < NB_SYNC; c++)
			fprintf(f, "\"sync_%s_p50_ns\": %.1f, \"sync_%s_p50_ns_min\": %.1f, "
				"\"sync_%s_p50_ns_max\": %.1f, ", sync_names[c],
				res.sync_p50[k][c].med, sync_names[c], res.sync_p50[k][c].min,
				sync_names[c], res.sync_p50[k][c].max);
		for (d = 0; d < NB_D; d++)
			fprintf(f, "\"async_depth_%u_ops\": %.0f, \"async_depth_%u_ops_min\": %.0f, "
				"\"async_depth_%u_ops_max\": %.0f%s", depths[d],
				res.async_ops[k][d].med, depths[d], res.async_ops[k][d].min,
				depths[d], res.async_ops[k][d].max, d + 1 < NB_D ? ", " : "");
		fprintf(f, "}, ");
	}
	for (k = 0; k < NB_X; k++)
		for (c = 0; c < NB_XC; c++)
			fprintf(f, "\"xfer_%" PRIu64 "k_x%u_ns\": %.1f, \"xfer_%" PRIu64 "k_x%u_ns_min\": "
				"%.1f, \"xfer_%" PRIu64 "k_x%u_ns_max\": %.1f, \"xfer_%" PRIu64
				"k_x%u_expect_ns\": %.1f, ", xfer_sizes[k] >> 10, xfer_counts[c],
				res.xfer_ns[k][c].med, xfer_sizes[k] >> 10, xfer_counts[c],
				res.xfer_ns[k][c].min, xfer_sizes[k] >> 10, xfer_counts[c],
				res.xfer_ns[k][c].max, xfer_sizes[k] >> 10, xfer_counts[c],
				res.xfer_expect[k][c]);
	fprintf(f, "\"below_target\": %" PRIu64 ", \"samples\": %" PRIu64 ", \"law_ks\": %.4f, "
		"\"law_p99_ns\": %.1f}", res.below, res.samples, res.law_ks, res.law_p99);
}
