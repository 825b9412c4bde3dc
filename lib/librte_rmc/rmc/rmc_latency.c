/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The latency model: make a node's RMC look like a device with a
 * given latency. A completion is not made visible before
 *
 *     issue + base + chunks * per_chunk - platform
 *
 * where issue is when the RMC took the request, chunks the number of chunks
 * of the transfer (at least one), and platform the cost this platform adds by
 * itself around the RMC (the application posting the entry and noticing the
 * completion), measured once when the model is first enabled. So the target is
 * the latency the application observes, not the time the RMC holds.
 *
 * Held completions wait in a deferred-completion queue, a binary heap ordered
 * by deadline (then by arrival, so that equal deadlines keep their order),
 * owned by the RMC loop, which releases those due at the start of each pass.
 * Requests keep being taken and executed while others wait, so the delay does
 * not cost throughput. A held completion counts as in flight for its QP: the
 * CQ room, FENCE and QP retirement wait for it.
 *
 * A target below the platform's own cost cannot be reached: the model then
 * holds nothing, logs a warning, and rte_rmc_node_latency_get() says so.
 */

#include <errno.h>
#include <stddef.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_malloc.h>
#include <rte_pause.h>

#include "rmc_app_common.h"
#include "rmc_ctl_msg.h"
#include "rmc_private.h"
#include "rmc_rcp.h"

/* Heap size at start; it doubles when full, up to RMC_LAT_HEAP_MAX. */
#define RMC_LAT_HEAP_INIT 1024
#define RMC_LAT_HEAP_MAX (1u << 22)
/* Largest base or per-chunk latency accepted: 10 s. */
#define RMC_LAT_MAX_NS UINT64_C(10000000000)
/* Calibration: requests measured per step, and the time allowed for it all. */
#define RMC_CAL_WARMUP 200
#define RMC_CAL_SAMPLES 2001
#define RMC_CAL_BUDGET_NS 500000000ull
#define RMC_CAL_TIMEOUT_NS 50000000ull

struct rmc_lat_entry {
	uint64_t deadline;
	uint64_t seq;
	struct rmc_qp_rt *qp;
	uint64_t tag;
	uint64_t value;
	uint32_t wq_index;
	uint16_t status;
};

struct rmc_latency {
	struct rmc_lat_params params;
	/* Deferred-completion queue and its counters: the RMC loop's. */
	struct rmc_lat_entry *heap __rte_cache_aligned;
	uint32_t n;
	uint32_t cap;
	uint64_t seq;
	uint64_t held;
	uint64_t released;
	uint64_t early;
	uint64_t flushed;
	uint64_t max_late_tsc;
	uint32_t overflow_logged;
	/* Configuration: the control side's, under the node lock. */
	uint64_t base_ns __rte_cache_aligned;
	uint64_t per_chunk_ns;
	uint64_t platform_ns;
	int calibrated;
};

static inline uint64_t
rmc_ns_to_tsc(const struct rte_rmc_node *node, uint64_t ns)
{
	return (uint64_t)((double)ns * (double)node->pub.tsc_hz / 1e9);
}

static inline uint64_t
rmc_tsc_to_ns(const struct rte_rmc_node *node, uint64_t tsc)
{
	return (uint64_t)((double)tsc * 1e9 / (double)node->pub.tsc_hz);
}

int
rmc_latency_init(struct rte_rmc_node *node)
{
	struct rmc_latency *l;

	l = rte_zmalloc("rmc_latency", sizeof(*l), RTE_CACHE_LINE_SIZE);
	if (l == NULL)
		return -ENOMEM;
	l->heap = rte_malloc("rmc_lat_heap", sizeof(*l->heap) * RMC_LAT_HEAP_INIT,
		RTE_CACHE_LINE_SIZE);
	if (l->heap == NULL) {
		rte_free(l);
		return -ENOMEM;
	}
	l->cap = RMC_LAT_HEAP_INIT;
	node->lat = l;
	return 0;
}

void
rmc_latency_fini(struct rte_rmc_node *node)
{
	if (node->lat == NULL)
		return;
	rte_free(node->lat->heap);
	rte_free(node->lat);
	node->lat = NULL;
}

const struct rmc_lat_params *
rmc_latency_params(const struct rte_rmc_node *node)
{
	return &node->lat->params;
}


static inline int
rmc_lat_before(const struct rmc_lat_entry *a, const struct rmc_lat_entry *b)
{
	return a->deadline < b->deadline || (a->deadline == b->deadline && a->seq < b->seq);
}

static void
rmc_lat_sift_up(struct rmc_lat_entry *h, uint32_t i)
{
	struct rmc_lat_entry e = h[i];

	while (i > 0) {
		uint32_t p = (i - 1) / 2;

		if (!rmc_lat_before(&e, &h[p]))
			break;
		h[i] = h[p];
		i = p;
	}
	h[i] = e;
}

static void
rmc_lat_sift_down(struct rmc_lat_entry *h, uint32_t n, uint32_t i)
{
	struct rmc_lat_entry e = h[i];

	for (;;) {
		uint32_t c = 2 * i + 1;

		if (c >= n)
			break;
		if (c + 1 < n && rmc_lat_before(&h[c + 1], &h[c]))
			c++;
		if (!rmc_lat_before(&h[c], &e))
			break;
		h[i] = h[c];
		i = c;
	}
	h[i] = e;
}

/* Called by the RMC loop only. */
int
rmc_latency_hold(struct rte_rmc_node *node, struct rmc_qp_rt *qp, uint32_t wq_index,
		uint64_t tag, uint64_t value, uint16_t status, uint64_t deadline)
{
	struct rmc_latency *l = node->lat;
	struct rmc_lat_entry *e;

	if (unlikely(l->n == l->cap)) {
		struct rmc_lat_entry *h = NULL;

		if (l->cap < RMC_LAT_HEAP_MAX)
			h = rte_realloc(l->heap, sizeof(*h) * l->cap * 2, RTE_CACHE_LINE_SIZE);
		if (h == NULL) {
			/* Never lose a completion: show it now, and say so once. */
			if (!l->overflow_logged++)
				RMC_LOG(WARNING, "node %u: latency model queue full (%u held): "
					"completing without delay", node->pub.id, l->n);
			return -1;
		}
		l->heap = h;
		l->cap *= 2;
	}
	e = &l->heap[l->n];
	e->deadline = deadline;
	e->seq = l->seq++;
	e->qp = qp;
	e->tag = tag;
	e->value = value;
	e->wq_index = wq_index;
	e->status = status;
	rmc_lat_sift_up(l->heap, l->n);
	l->n++;
	node->lat_pending = l->n;
	qp->inflight++;
	__atomic_store_n(&l->held, l->held + 1, __ATOMIC_RELAXED);
	return 0;
}

/*
 * Release the held completions that are due (all of them when 'all', as when
 * the node stops: the work is done, only its visibility was delayed).
 * Called by the RMC loop, or with the RMC stopped.
 */
int
rmc_latency_drain(struct rte_rmc_node *node, int all)
{
	struct rmc_latency *l = node->lat;
	uint64_t now;
	int n = 0;

	if (l == NULL || l->n == 0)
		return 0;
	now = rte_rdtsc();
	while (l->n > 0 && (all || l->heap[0].deadline <= now)) {
		struct rmc_lat_entry e = l->heap[0];

		l->heap[0] = l->heap[--l->n];
		node->lat_pending = l->n;
		if (l->n > 0)
			rmc_lat_sift_down(l->heap, l->n, 0);
		if (now < e.deadline) {
			if (all)
				__atomic_store_n(&l->flushed, l->flushed + 1, __ATOMIC_RELAXED);
			else
				__atomic_store_n(&l->early, l->early + 1, __ATOMIC_RELAXED);
		} else if (now - e.deadline > l->max_late_tsc) {
			__atomic_store_n(&l->max_late_tsc, now - e.deadline, __ATOMIC_RELAXED);
		}
		e.qp->inflight--;
		rmc_rcp_write(e.qp, e.wq_index, e.tag, e.value, e.status);
		__atomic_store_n(&l->released, l->released + 1, __ATOMIC_RELAXED);
		n++;
	}
	return n;
}

/* Forget the held completions of a QP being freed (RMC stopped or quiesced). */
void
rmc_latency_purge_qp(struct rte_rmc_node *node, struct rmc_qp_rt *qp)
{
	struct rmc_latency *l = node->lat;
	uint32_t i, k = 0;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++)
		if (l->heap[i].qp != qp)
			l->heap[k++] = l->heap[i];
	if (k == l->n)
		return;
	l->n = k;
	node->lat_pending = k;
	for (i = k / 2; i-- > 0;)
		rmc_lat_sift_down(l->heap, k, i);
}

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

static void
rmc_latency_calibrate(struct rte_rmc_node *node)
{
	struct rmc_latency *l = node->lat;
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
		goto nomem;
	}
	rtt0 = rmc_cal_p50(node, c, RMC_CAL_WARMUP, deadline);
	if (rtt0 != 0)
		rtt0 = rmc_cal_p50(node, c, RMC_CAL_SAMPLES, deadline);
	rtt1 = 0;
	hold = 0;
	if (rtt0 != 0) {
		hold = RTE_MAX(2 * rtt0, rmc_ns_to_tsc(node, 2000));
		c->params.hold0_tsc = (int64_t)(hold - rtt0);
		c->params.per_chunk_tsc = 0;
		__atomic_store_n(&c->params.on, 1, __ATOMIC_RELEASE);
		rtt1 = rmc_cal_p50(node, c, RMC_CAL_SAMPLES, deadline);
	}
	rmc_qp_release(node, c->qp);
	rmc_lbuf_release(node, c->lb.id);
	if (rtt1 == 0) {
		RMC_LOG(WARNING, "node %u: latency model calibration did not finish in time; "
			"the platform's own cost is not subtracted", node->pub.id);
		goto out;
	}
	platform = rtt1 > hold ? rtt0 + (rtt1 - hold) : rtt0 - RTE_MIN(rtt0, hold - rtt1);
	l->platform_ns = rmc_tsc_to_ns(node, platform);
	l->calibrated = 1;
	RMC_LOG(INFO, "node %u: latency model calibrated: the platform itself adds %" PRIu64
		" ns (round trip %" PRIu64 " ns with nothing held)", node->pub.id, l->platform_ns,
		rmc_tsc_to_ns(node, rtt0));
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

int
rmc_latency_set_locked(struct rte_rmc_node *node, uint64_t base_ns, uint64_t per_chunk_ns)
{
	struct rmc_latency *l = node->lat;
	uint64_t platform_tsc;

	if (base_ns > RMC_LAT_MAX_NS || per_chunk_ns > RMC_LAT_MAX_NS) {
		RMC_LOG(ERR, "latency %" PRIu64 ",%" PRIu64 " ns is out of range (at most %"
			PRIu64 " ns each)", base_ns, per_chunk_ns, RMC_LAT_MAX_NS);
		return -ERANGE;
	}
	if (base_ns == 0 && per_chunk_ns == 0) {
		__atomic_store_n(&l->params.on, 0, __ATOMIC_RELEASE);
		l->base_ns = 0;
		l->per_chunk_ns = 0;
		RMC_LOG(INFO, "node %u: latency model off", node->pub.id);
		return 0;
	}
	if (!l->calibrated)
		rmc_latency_calibrate(node);
	platform_tsc = rmc_ns_to_tsc(node, l->platform_ns);
	/* Off while the two fields change, so that no request mixes them. */
	__atomic_store_n(&l->params.on, 0, __ATOMIC_RELEASE);
	__atomic_store_n(&l->params.hold0_tsc,
		(int64_t)rmc_ns_to_tsc(node, base_ns) - (int64_t)platform_tsc, __ATOMIC_RELAXED);
	__atomic_store_n(&l->params.per_chunk_tsc, rmc_ns_to_tsc(node, per_chunk_ns),
		__ATOMIC_RELAXED);
	__atomic_store_n(&l->params.on, 1, __ATOMIC_RELEASE);
	l->base_ns = base_ns;
	l->per_chunk_ns = per_chunk_ns;
	if (base_ns + per_chunk_ns < l->platform_ns)
		RMC_LOG(WARNING, "node %u: latency target %" PRIu64 " ns (one chunk) is below "
			"what this platform reaches by itself (%" PRIu64 " ns): completions "
			"will not be held and will be seen after about %" PRIu64 " ns", node->pub.id,
			base_ns + per_chunk_ns, l->platform_ns, l->platform_ns);
	else
		RMC_LOG(INFO, "node %u: latency model on: base %" PRIu64 " ns, %" PRIu64
			" ns per chunk of %" PRIu64 " bytes (platform's own cost %" PRIu64
			" ns subtracted)", node->pub.id, base_ns, per_chunk_ns, node->chunk_size,
			l->platform_ns);
	return 0;
}

int
rte_rmc_node_latency_set(struct rte_rmc_node *node, uint64_t base_ns, uint64_t per_chunk_ns)
{
	int ret;

	if (node == NULL || node->lat == NULL)
		return -EINVAL;
	pthread_mutex_lock(&node->lock);
	ret = rmc_latency_set_locked(node, base_ns, per_chunk_ns);
	pthread_mutex_unlock(&node->lock);
	return ret;
}

/* Node lock held. */
void
rmc_latency_get_locked(struct rte_rmc_node *node, struct rte_rmc_latency_info *info)
{
	struct rmc_latency *l = node->lat;

	memset(info, 0, sizeof(*info));
	info->on = __atomic_load_n(&l->params.on, __ATOMIC_ACQUIRE);
	info->base_ns = l->base_ns;
	info->per_chunk_ns = l->per_chunk_ns;
	info->platform_ns = l->platform_ns;
	info->calibrated = l->calibrated;
	info->below_platform = info->on && l->base_ns + l->per_chunk_ns < l->platform_ns;
	info->chunk_size = node->chunk_size;
	info->held = __atomic_load_n(&l->held, __ATOMIC_RELAXED);
	info->released = __atomic_load_n(&l->released, __ATOMIC_RELAXED);
	info->early = __atomic_load_n(&l->early, __ATOMIC_RELAXED);
	info->flushed = __atomic_load_n(&l->flushed, __ATOMIC_RELAXED);
	info->max_late_ns = rmc_tsc_to_ns(node, __atomic_load_n(&l->max_late_tsc,
		__ATOMIC_RELAXED));
}

int
rte_rmc_node_latency_get(struct rte_rmc_node *node, struct rte_rmc_latency_info *info)
{
	if (node == NULL || node->lat == NULL || info == NULL)
		return -EINVAL;
	pthread_mutex_lock(&node->lock);
	rmc_latency_get_locked(node, info);
	pthread_mutex_unlock(&node->lock);
	return 0;
}
