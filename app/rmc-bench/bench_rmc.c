/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The RMC's figures on a 2-node cluster hosted by this process: node 0's RMC
 * spins on the worker lcore; node 1 is the target and its RMC is not started
 * (with the shm driver node 0's RMC reaches node 1's memory itself, so node
 * 1's RMC would only share a CPU for nothing). The application is this
 * thread, on the main lcore, attached to node 0 like any other process.
 * Every request is checked: a status other than OK ends the run with an
 * error, and the data read or written is compared after each measurement.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_errno.h>
#include <rte_rmc_latency.h>

#include "bench_progress.h"
#include "bench_model.h"
#include "bench_rmc.h"
#include "bench_stats.h"

#define CTX_SIZE (4u << 20)
#define LBUF_SIZE (2u << 20)
#define WINDOW (1u << 20) /* bandwidth working set, as the memcpy floor's */

const uint64_t bench_sizes[BENCH_NB_SIZES] = { 8, 64, 512, 4096, 65536, 1048576 };
const uint32_t bench_depths[BENCH_NB_DEPTHS] = { 1, 8, 32, 64, 128 };
const uint64_t bench_bw_sizes[BENCH_NB_BW] = { 4096, 65536, 1048576 };
const uint64_t bench_targets[BENCH_NB_TARGETS] = { 1000, 2000, 5000 };

struct rmc_env {
	struct rte_rmc_node *node[2];
	struct rte_rmc_session *s0;
	struct rte_rmc_session *s1;
	struct rte_rmc_lbuf lb;
	uint8_t *remote; /* node 1's context 0, mapped to fill and check it */
};

static int
rmc_fail(const char *what, int st)
{
	fprintf(stderr, "rmc-bench: %s: %s\n", what, rte_rmc_strerror(st));
	return -1;
}

/* p50 and p99 of 'n' sync requests of 'size' bytes at offset 0. */
static int
rmc_sync(struct rte_rmc_qp *qp, const struct rte_rmc_lbuf *lb, int write, uint64_t size,
		uint32_t n, double *p50, double *p99)
{
	uint32_t warm = n / 10 + 10, i;
	uint64_t *lat = malloc(sizeof(*lat) * n);
	int st;

	if (lat == NULL)
		return -1;
	for (i = 0; i < warm + n; i++) {
		uint64_t t0 = rte_rdtsc();

		if (write)
			st = rte_rmc_write_sync(qp, lb, 0, 1, 0, 0, size, 0);
		else
			st = rte_rmc_read_sync(qp, lb, 0, 1, 0, 0, size, 0);
		if (i >= warm)
			lat[i - warm] = rte_rdtsc() - t0;
		if (st != RTE_RMC_STATUS_OK) {
			free(lat);
			return rmc_fail(write ? "sync write" : "sync read", st);
		}
	}
	*p50 = bench_pct_ns(lat, n, 50);
	if (p99 != NULL)
		*p99 = bench_pct_ns(lat, n, 99);
	free(lat);
	return 0;
}

/* The same as figures: the p50 and p99 of each of the plan's trials of n / trials requests. */
static int
rmc_sync_fig(struct bench_ctx *b, struct rte_rmc_qp *qp, const struct rte_rmc_lbuf *lb,
		int write, uint64_t size, uint32_t n, struct bench_fig *p50, struct bench_fig *p99)
{
	uint32_t t, trials = RTE_MIN(b->plan->trials, BENCH_MAX_TRIALS);
	double v50[BENCH_MAX_TRIALS], v99[BENCH_MAX_TRIALS];

	for (t = 0; t < trials; t++)
		if (rmc_sync(qp, lb, write, size, n / trials + 1, &v50[t], &v99[t]) < 0)
			return -1;
	*p50 = bench_fig_of(v50, trials);
	if (p99 != NULL)
		*p99 = bench_fig_of(v99, trials);
	return 0;
}

static int
rmc_latency(struct bench_ctx *b, struct rmc_env *e, struct rte_rmc_qp *qp)
{
	struct bench_results *r = &b->r;
	unsigned int k, op;

	for (op = 0; op < 2; op++) {
		for (k = 0; k < BENCH_NB_SIZES; k++) {
			uint64_t size = bench_sizes[k];
			uint32_t n = size >= 65536 ? b->plan->lat_iters_big : b->plan->lat_iters;

			/* Different bytes on each side, so that a copy that did not happen shows. */
			memset(e->remote, 0x40 + k, size);
			memset(e->lb.addr, 0x80 + k + op, size);
			if (rmc_sync_fig(b, qp, &e->lb, op, size, n, &r->sync_p50[op][k],
					&r->sync_p99[op][k]) < 0)
				return -1;
			if (memcmp(e->remote, e->lb.addr, size) != 0) {
				fprintf(stderr, "rmc-bench: %s of %" PRIu64 " bytes: data differ\n",
					op ? "write" : "read", size);
				return -1;
			}
		}
	}
	return 0;
}

/*
 * Keep 'depth' requests of 'size' bytes in flight on one QP for the plan's
 * time; returns completions per second. Request k uses offset
 * (k * size) % window on both sides. New requests are posted in bursts
 * (rte_rmc_post_burst()), as many as completions came back.
 */
static double
rmc_stream(struct bench_ctx *b, struct rte_rmc_session *s, const struct rte_rmc_lbuf *lb,
		int write, uint64_t size, uint32_t depth, uint64_t window)
{
	struct rte_rmc_completion cpl[32];
	struct rte_rmc_wqe w[32];
	uint64_t hz = rte_rmc_tsc_hz_local(), posted = 0, done = 0, t0, t_end;
	uint32_t qd = depth < 2 ? 2 : depth, polls = 0;
	uint64_t slots = window / size;
	struct rte_rmc_qp *qp;
	uint16_t n, i, want;

	qp = rte_rmc_qp_create(s, qd);
	if (qp == NULL)
		return -1;
	memset(w, 0, sizeof(w));
	for (i = 0; i < RTE_DIM(w); i++) {
		w[i].opcode = write ? RTE_RMC_OP_WRITE : RTE_RMC_OP_READ;
		w[i].dst_nid = 1;
		w[i].lbuf_id = lb->id;
		w[i].length = size;
	}
	t0 = rte_rdtsc();
	t_end = t0 + (uint64_t)(b->plan->tput_s * hz);
	for (;;) {
		want = RTE_MIN(depth - (posted - done), RTE_DIM(w));
		for (i = 0; i < want; i++) {
			uint64_t off = ((posted + i) % slots) * size;

			w[i].ctx_offset = off;
			w[i].lbuf_offset = off;
			w[i].user_tag = posted + i;
		}
		if (want > 0)
			posted += rte_rmc_post_burst(qp, w, want);
		n = rte_rmc_poll(qp, cpl, RTE_DIM(cpl));
		for (i = 0; i < n; i++) {
			if (cpl[i].status != RTE_RMC_STATUS_OK) {
				rmc_fail("async request", cpl[i].status);
				rte_rmc_qp_destroy(qp);
				return -1;
			}
		}
		done += n;
		/* The clock costs 20-30 ns here: look at it every 64 polls. */
		if ((++polls & 63) == 0 && rte_rdtsc() > t_end)
			break;
	}
	t_end = rte_rdtsc();
	/* Let the rest finish before the QP goes. */
	while (done < posted)
		done += rte_rmc_poll(qp, cpl, RTE_DIM(cpl));
	rte_rmc_qp_destroy(qp);
	return (double)done * hz / (double)(t_end - t0);
}

/* Requests per second as a figure of the plan's trials (rmc_bench.h). */
static struct bench_fig
rmc_stream_fig(struct bench_ctx *b, struct rte_rmc_session *s,
		const struct rte_rmc_lbuf *lb, int write, uint64_t size, uint32_t depth,
		uint64_t window)
{
	double v[BENCH_MAX_TRIALS];
	uint32_t t, trials = RTE_MIN(b->plan->trials, BENCH_MAX_TRIALS);

	for (t = 0; t < trials; t++) {
		v[t] = rmc_stream(b, s, lb, write, size, depth, window);
		if (v[t] < 0)
			return BENCH_FIG_FAIL;
	}
	return bench_fig_of(v, trials);
}

static int
rmc_throughput(struct bench_ctx *b, struct rmc_env *e)
{
	struct bench_results *r = &b->r;
	unsigned int k, op;
	struct bench_fig v;

	for (k = 0; k < BENCH_NB_DEPTHS && (b->parts & BENCH_PART_ASYNC); k++) {
		v = rmc_stream_fig(b, e->s0, &e->lb, 0, 64, bench_depths[k],
			(uint64_t)bench_depths[k] * 64);
		if (v.min < 0)
			return -1;
		r->async_mops[k] = bench_fig_scale(v, 1e-6);
	}
	for (op = 0; op < 2 && (b->parts & BENCH_PART_BW); op++) {
		for (k = 0; k < BENCH_NB_BW; k++) {
			v = rmc_stream_fig(b, e->s0, &e->lb, op, bench_bw_sizes[k], 16, WINDOW);
			if (v.min < 0)
				return -1;
			r->bw_gbps[op][k] = bench_fig_scale(v, (double)bench_bw_sizes[k] / 1e9);
		}
	}
	return 0;
}

/* Set node nid's model and wait until the session's library knows it (announced). */
static int
bench_latency_set(struct rte_rmc_node *node, struct rte_rmc_session *s, uint16_t nid,
		uint64_t base_ns)
{
	struct rte_rmc_latency_model m;
	uint64_t limit;
	int ret = rte_rmc_node_latency_set(node, base_ns, 0);

	if (ret < 0)
		return ret;
	limit = rte_rdtsc() + 5 * rte_rmc_tsc_hz_local();
	do {
		ret = rte_rmc_latency_get(s, nid, &m);
		if (ret < 0)
			return ret;
		if (m.base_ns == base_ns && m.on == (base_ns != 0))
			return 0;
	} while (rte_rdtsc() < limit);
	return -ETIMEDOUT;
}

static int
rmc_latency_model(struct bench_ctx *b, struct rmc_env *e, struct rte_rmc_qp *qp)
{
	struct bench_results *r = &b->r;
	struct rte_rmc_latency_info i0, i1;
	unsigned int k;
	int ret = 0;

	for (k = 0; k < BENCH_NB_TARGETS && ret == 0; k++) {
		/* The model of the destination (node 1), once node 0's library knows it. */
		ret = bench_latency_set(e->node[1], rte_rmc_qp_session(qp), 1, bench_targets[k]);
		if (ret < 0) {
			fprintf(stderr, "rmc-bench: cannot set the latency model: %s\n",
				strerror(-ret));
			break;
		}
		rte_rmc_node_latency_get(e->node[0], &i0);
		ret = rmc_sync_fig(b, qp, &e->lb, 0, 64, b->plan->lat_iters / 4 + 100,
			&r->lat_p50[k], NULL);
		/* Late (the platform came after the deadline) for more than 1 %. */
		rte_rmc_node_latency_get(e->node[0], &i1);
		r->lat_below[k] = i1.count > i0.count ?
			(int)((i1.late - i0.late) * 10000 / (i1.count - i0.count)) : 0;
		r->lat_platform_ns = r->rmc_rtt_ns.med;
	}
	bench_latency_set(e->node[1], rte_rmc_qp_session(qp), 1, 0);
	if (ret == 0)
		ret = bench_model_run(b, e->node[1], qp, &e->lb);
	return ret;
}

/*
 * An inline request takes less than one step of this machine's TSC (10 ns):
 * time batches of INLINE_BATCH back-to-back requests, and take the p50 of the
 * per-request time of each batch.
 */
#define INLINE_BATCH 16

static int
rmc_sync_batched(struct rte_rmc_qp *qp, const struct rte_rmc_lbuf *lb, uint32_t n, double *p50)
{
	uint32_t nb = n / INLINE_BATCH + 1, i, k;
	uint64_t *lat = malloc(sizeof(*lat) * nb);
	uint64_t t0;
	int st = RTE_RMC_STATUS_OK;

	if (lat == NULL)
		return -1;
	for (i = 0; i < nb + 10; i++) {
		t0 = rte_rdtsc();
		for (k = 0; k < INLINE_BATCH; k++)
			st |= rte_rmc_read_sync(qp, lb, 0, 1, 0, 0, 64, 0);
		if (i >= 10)
			lat[i - 10] = rte_rdtsc() - t0;
	}
	if (st != RTE_RMC_STATUS_OK) {
		free(lat);
		return rmc_fail("inline read", st);
	}
	*p50 = bench_pct_ns(lat, nb, 50) / INLINE_BATCH;
	free(lat);
	return 0;
}

static int
rmc_inline_fig(struct bench_ctx *b, struct rte_rmc_qp *qp, const struct rte_rmc_lbuf *lb,
		struct bench_fig *p50)
{
	uint32_t t, trials = RTE_MIN(b->plan->trials, BENCH_MAX_TRIALS);
	double v[BENCH_MAX_TRIALS];

	for (t = 0; t < trials; t++)
		if (rmc_sync_batched(qp, lb, b->plan->lat_iters / trials + 1, &v[t]) < 0)
			return -1;
	*p50 = bench_fig_of(v, trials);
	return 0;
}

static int
rmc_inline(struct bench_ctx *b)
{
	struct rte_rmc_attach_opts ao = { .timeout_ms = 5000, .inline_mode = 1 };
	struct rte_rmc_session *s;
	struct rte_rmc_lbuf lb;
	struct rte_rmc_qp *qp;
	int ret = -1;

	s = rte_rmc_attach(b->cluster, 0, &ao);
	if (s == NULL) {
		fprintf(stderr, "rmc-bench: inline attach: %s\n", rte_strerror(rte_errno));
		return -1;
	}
	if (rte_rmc_lbuf_register(s, 4096, &lb) == 0 && (qp = rte_rmc_qp_create(s, 32)) != NULL)
		ret = rmc_inline_fig(b, qp, &lb, &b->r.inline_p50);
	rte_rmc_detach(s);
	return ret;
}

/*
 * What bounds the figures: the software cost of the request path with both
 * sides on this one core and every line hot, so with no cache-line transfer
 * at all. Node 1's RMC does not run, so this thread drives it with
 * rte_rmc_node_poll() (which adds one atomic exchange per pass), serving a QP
 * of a session to node 1 that reads node 0's context.
 */
static int
rmc_cost(struct bench_ctx *b, struct rmc_env *e)
{
	struct bench_results *r = &b->r;
	uint32_t n = b->plan->lat_iters, i, k, nb;
	struct rte_rmc_completion cpl[32];
	struct rte_rmc_wqe w[32];
	uint64_t t0, t1, t_rmc = 0, t_app = 0;
	struct rte_rmc_lbuf lb;
	struct rte_rmc_qp *qp;
	double ns = 1e9 / (double)rte_rmc_tsc_hz_local();

	if (rte_rmc_lbuf_register(e->s1, 4096, &lb) < 0)
		return -1;
	qp = rte_rmc_qp_create(e->s1, 64);
	if (qp == NULL)
		return -1;
	for (k = 0; k < 2; k++) { /* the first round warms up */
		t0 = rte_rdtsc();
		for (i = 0; i < n; i++) {
			rte_rmc_read(qp, &lb, 0, 0, 0, 0, 64, i, 0);
			rte_rmc_node_poll(e->node[1]);
			if (rte_rmc_poll(qp, cpl, 1) != 1 || cpl[0].status != RTE_RMC_STATUS_OK)
				goto fail;
		}
		r->sw_sync_ns = (double)(rte_rdtsc() - t0) * ns / n;
	}
	t0 = rte_rdtsc();
	for (i = 0; i < n; i++)
		rte_rmc_node_poll(e->node[1]);
	r->sw_pass_ns = (double)(rte_rdtsc() - t0) * ns / n;
	memset(w, 0, sizeof(w));
	for (k = 0; k < RTE_DIM(w); k++) {
		w[k].opcode = RTE_RMC_OP_READ;
		w[k].lbuf_id = lb.id;
		w[k].length = 64;
		w[k].ctx_offset = k * 64;
		w[k].lbuf_offset = k * 64;
	}
	nb = n / RTE_DIM(w) + 1;
	for (i = 0; i < nb + 10; i++) {
		uint64_t t2;

		t0 = rte_rdtsc();
		if (rte_rmc_post_burst(qp, w, RTE_DIM(w)) != RTE_DIM(w))
			goto fail;
		t1 = rte_rdtsc();
		rte_rmc_node_poll(e->node[1]);
		t2 = rte_rdtsc();
		if (rte_rmc_poll(qp, cpl, RTE_DIM(cpl)) != RTE_DIM(cpl))
			goto fail;
		if (i >= 10) {
			t_app += t1 - t0 + rte_rdtsc() - t2;
			t_rmc += t2 - t1;
		}
	}
	r->sw_burst_rmc_ns = (double)t_rmc * ns / ((double)nb * RTE_DIM(w));
	r->sw_burst_app_ns = (double)t_app * ns / ((double)nb * RTE_DIM(w));
	rte_rmc_qp_destroy(qp);
	return 0;
fail:
	fprintf(stderr, "rmc-bench: the one-core cost measurement failed\n");
	rte_rmc_qp_destroy(qp);
	return -1;
}

static int
rmc_env_start(struct bench_ctx *b, struct rmc_env *e)
{
	struct rte_rmc_attach_opts ao = { .timeout_ms = 10000 };
	struct rte_rmc_node_conf nc;
	unsigned int i;
	int ret;

	for (i = 0; i < 2; i++) {
		memset(&nc, 0, sizeof(nc));
		nc.cluster = b->cluster;
		nc.node_id = i;
		nc.node_count = 2;
		nc.ctx0_size = i == 1 ? CTX_SIZE : (1u << 20);
		nc.idle = RTE_RMC_IDLE_SPIN;
		nc.flags = RTE_RMC_NODE_F_ALLOW_INLINE; /* its inline part */
		e->node[i] = rte_rmc_node_create(&nc);
		if (e->node[i] == NULL) {
			fprintf(stderr, "rmc-bench: cannot create node %u: %s\n", i,
				rte_strerror(rte_errno));
			return -1;
		}
	}
	ret = rte_rmc_node_launch(e->node[0], b->worker);
	if (ret < 0)
		return -1;
	if (rte_rmc_node_wait_peers(e->node[0], 10000) < 0) {
		fprintf(stderr, "rmc-bench: node 0 did not reach node 1\n");
		return -1;
	}
	e->s0 = rte_rmc_attach(b->cluster, 0, &ao);
	e->s1 = rte_rmc_attach(b->cluster, 1, &ao);
	if (e->s0 == NULL || e->s1 == NULL)
		return -1;
	e->remote = rte_rmc_ctx_map(e->s1, 0, NULL);
	if (e->remote == NULL || rte_rmc_lbuf_register(e->s0, LBUF_SIZE, &e->lb) < 0)
		return -1;
	b->r.rmc_cpu = rte_rmc_rmc_cpu(e->s0);
	return 0;
}

static void
rmc_env_stop(struct rmc_env *e)
{
	rte_rmc_detach(e->s0);
	rte_rmc_detach(e->s1);
	rte_rmc_node_destroy(e->node[0]);
	rte_rmc_node_destroy(e->node[1]);
}

int
bench_rmc(struct bench_ctx *b)
{
	struct rmc_env e;
	struct rte_rmc_qp *qp;
	int ret = -1;

	memset(&e, 0, sizeof(e));
	if (rmc_env_start(b, &e) < 0)
		goto out;
	qp = rte_rmc_qp_create(e.s0, 32);
	if (qp == NULL)
		goto out;
	/* Each part announced (bench_progress.h), with about how many figures it takes. */
	if (b->parts & BENCH_PART_SYNC) {
		bench_progress_part("RMC latency (reads, writes)", 4 * BENCH_NB_SIZES);
		if (rmc_latency(b, &e, qp) < 0)
			goto out;
	}
	if (b->parts & (BENCH_PART_ASYNC | BENCH_PART_BW)) {
		bench_progress_part("RMC throughput (depths, bandwidth)",
			BENCH_NB_DEPTHS + 2 * BENCH_NB_BW);
		if (rmc_throughput(b, &e) < 0)
			goto out;
	}
	if (b->parts & BENCH_PART_MODEL) {
		bench_progress_part("latency model targets", BENCH_NB_TARGETS);
		if (rmc_latency_model(b, &e, qp) < 0)
			goto out;
	}
	if (b->parts & BENCH_PART_INLINE) {
		bench_progress_part("inline mode", 1);
		if (rmc_inline(b) < 0)
			goto out;
	}
	if (b->parts & BENCH_PART_COST) {
		bench_progress_part("request path cost", 0);
		if (rmc_cost(b, &e) < 0)
			goto out;
	}
	ret = 0;
out:
	rmc_env_stop(&e);
	return ret;
}
