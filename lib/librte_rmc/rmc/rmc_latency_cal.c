/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_pause.h>

#include "rmc_app_common.h"
#include "rmc_ctl_msg.h"
#include "rmc_lat_state.h"

/* Calibration: requests measured per step, and the time allowed for it all. */
#define RMC_CAL_WARMUP 200
#define RMC_CAL_SAMPLES 2001
#define RMC_CAL_BUDGET_NS 500000000ull
#define RMC_CAL_TIMEOUT_NS 50000000ull

/*
 * Calibration: the calling thread plays an application on an internal QP of
 * the node (its own session, local buffer and QP, no socket), reading 64
 * bytes of one of the node's contexts one request at a time with
 * rte_rmc_read_sync(),
 * the very path of an application:
 *   1. p50 round trip with nothing held: rtt0.
 *   2. p50 round trip with a hold of H - rtt0 on that QP only: rtt1.
 * If the model were exact, rtt1 would be H; the difference is what the model
 * path itself adds (release granularity). platform = rtt0 + (rtt1 - H).
 */
/*
 * As deep as a usual application's QP: with a shallow one the RMC would read
 * the application's cq_consumed line (a cross-CPU miss) every few requests,
 * which the applications being modelled do not pay.
 */
#define RMC_CAL_QP_DEPTH 64

struct rmc_cal {
	struct rmc_client sess;       /* the node's view of the internal session */
	struct rte_rmc_qp *aqp;        /* the application's view of qp */
	struct rte_rmc_lbuf lb;
	struct rmc_lat_params params;
	struct rmc_qp_rt *qp;
	uint16_t ctx_id;               /* a context of the node to read from */
	uint64_t *ticks;
};

static int
rmc_cal_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static int
rmc_cal_one(struct rte_rmc_node *node, struct rmc_cal *c, uint64_t *ticks)
{
	uint64_t t0 = rte_rdtsc();
	int st;

	st = rte_rmc_read_sync(c->aqp, &c->lb, 0, node->pub.id, c->ctx_id, 0, 64,
		RMC_CAL_TIMEOUT_NS / 1000);
	*ticks = rte_rdtsc() - t0;
	return st == RTE_RMC_STATUS_OK ? 0 : -EIO;
}

/* p50 of 'n' round trips, in ticks; 0 on failure. */
static uint64_t
rmc_cal_p50(struct rte_rmc_node *node, struct rmc_cal *c, unsigned int n, uint64_t deadline)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (rmc_cal_one(node, c, &c->ticks[i]) < 0)
			return 0;
		/* Between requests as little as possible: the clock only now and then. */
		if ((i & 63) == 63 && rmc_now_ns() > deadline)
			return 0;
	}
	qsort(c->ticks, n, sizeof(*c->ticks), rmc_cal_cmp);
	return c->ticks[n / 2];
}

/* 1 when the calling thread shares a CPU with this node's RMC loop. */
static int
rmc_cal_same_cpu(const struct rte_rmc_node *node)
{
	int cpu = rmc_node_rmc_cpu(node);

	return cpu >= 0 && cpu == sched_getcpu();
}

/*
 * Wait until the calibration's QP and buffer are freed. A request that timed
 * out may still be in the RMC: then its session ('*cp', whose address the RMC
 * compares) is leaked rather than freed, and the reaper frees the rest later.
 */
static void
rmc_cal_reap(struct rte_rmc_node *node, struct rmc_cal **cp)
{
	if (rmc_node_reap_wait_locked(node, &(*cp)->sess, 1000) == 0)
		return;
	RMC_LOG(WARNING, "node %u: the calibration's requests are still in the RMC; its "
		"QP and buffer are freed once they complete", node->pub.id);
	(*cp)->aqp = NULL; /* 'c' and what it holds stay allocated */
	free((*cp)->ticks);
	*cp = NULL;
}

void
rmc_latency_calibrate(struct rte_rmc_node *node)
{
	struct rmc_lat_state *l = node->lat;
	uint64_t deadline = rmc_now_ns() + RMC_CAL_BUDGET_NS;
	uint64_t rtt0, rtt1, hold, platform;
	struct rmc_cal *c;
	int fd, ret;

	if (!__atomic_load_n(&node->rmc_running, __ATOMIC_ACQUIRE)) {
		RMC_LOG(NOTICE, "node %u: latency model not calibrated (RMC not running): the "
			"platform's own cost is not subtracted", node->pub.id);
		return;
	}
	if (rmc_cal_same_cpu(node)) {
		RMC_LOG(WARNING, "node %u: cannot calibrate the latency model from the RMC's "
			"own CPU; the platform's own cost is not subtracted", node->pub.id);
		return;
	}
	c = calloc(1, sizeof(*c));
	if (c != NULL)
		c->ticks = calloc(RMC_CAL_SAMPLES, sizeof(*c->ticks));
	if (c == NULL || c->ticks == NULL)
		goto nomem;
	c->sess.role = RMC_ROLE_APP_INTERNAL;
	c->sess.fd = -1;
	while (c->ctx_id < RTE_RMC_MAX_CTX && !(node->ctx[c->ctx_id].view.valid &&
			node->ctx[c->ctx_id].view.size >= 64))
		c->ctx_id++;
	if (c->ctx_id == RTE_RMC_MAX_CTX) {
		ret = -ENOENT;
		RMC_LOG(WARNING, "node %u: no context to calibrate the latency model with",
			node->pub.id);
		goto out;
	}
	ret = rmc_lbuf_create_locked(node, &c->sess, 4096, &c->lb.id, &fd);
	if (ret < 0)
		goto fail;
	close(fd);
	c->lb.addr = node->lbufs[c->lb.id].base;
	c->lb.size = 4096;
	ret = rmc_qp_create_locked(node, &c->sess, RMC_CAL_QP_DEPTH, &c->qp, &fd);
	if (ret < 0) {
		rmc_lbuf_release(node, c->lb.id);
		rmc_cal_reap(node, &c);
		goto fail;
	}
	close(fd);
	__atomic_store_n(&c->qp->lat, &c->params, __ATOMIC_RELEASE);
	/* The application's side of the same QP. */
	c->aqp = rmc_app_qp_new_local(c->qp->hdr, c->qp->wq, c->qp->cq, c->qp->depth,
		node->pub.id, node->pub.count, node->pub.tsc_hz);
	if (c->aqp == NULL) {
		rmc_qp_release(node, c->qp);
		rmc_lbuf_release(node, c->lb.id);
		rmc_cal_reap(node, &c);
		goto nomem;
	}
	/* Its posts do not wake the RMC (no wake page): keep it awake instead. */
	rmc_node_hold_awake(node, 1);
	rtt0 = rmc_cal_p50(node, c, RMC_CAL_WARMUP, deadline);
	if (rtt0 != 0)
		rtt0 = rmc_cal_p50(node, c, RMC_CAL_SAMPLES, deadline);
	rtt1 = 0;
	hold = 0;
	if (rtt0 != 0) {
		hold = RTE_MAX(2 * rtt0, rmc_lat_ns_to_tsc(node, 2000));
		c->params.hold0_tsc = (int64_t)(hold - rtt0);
		c->params.per_chunk_tsc = 0;
		__atomic_store_n(&c->params.on, 1, __ATOMIC_RELEASE);
		rtt1 = rmc_cal_p50(node, c, RMC_CAL_SAMPLES, deadline);
	}
	rmc_node_hold_awake(node, 0);
	rmc_qp_release(node, c->qp);
	rmc_lbuf_release(node, c->lb.id);
	rmc_cal_reap(node, &c);
	if (rtt1 == 0) {
		RMC_LOG(WARNING, "node %u: latency model calibration did not finish in time; "
			"the platform's own cost is not subtracted", node->pub.id);
		goto out;
	}
	platform = rtt1 > hold ? rtt0 + (rtt1 - hold) : rtt0 - RTE_MIN(rtt0, hold - rtt1);
	l->platform_ns = rmc_lat_tsc_to_ns(node, platform);
	l->calibrated = 1;
	RMC_LOG(INFO, "node %u: latency model calibrated: the platform itself adds %" PRIu64
		" ns (round trip %" PRIu64 " ns with nothing held)", node->pub.id, l->platform_ns,
		rmc_lat_tsc_to_ns(node, rtt0));
	goto out;
nomem:
	ret = -ENOMEM;
fail:
	RMC_LOG(WARNING, "node %u: cannot calibrate the latency model: %s", node->pub.id,
		strerror(-ret));
out:
	if (c != NULL) {
		rmc_app_qp_free_local(c->aqp);
		free(c->ticks);
	}
	free(c);
}

