/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * Request completion pipeline (RCP): turns a finished request into a CQ
 * entry (rmc_rcp_write(), in rmc_private.h: fields first, phase last with
 * release, so the application never sees a half-written entry).
 *
 * rmc_rcp_write_burst() writes the completions of one burst of the RGP at
 * once, the first one last: every entry but the first is complete (phase
 * included) before the first one's phase is stored, so an application that
 * polls the head of its CQ finds the whole burst at once, and the CQ's lines
 * are taken from the application once per burst instead of once per request.
 * Stores are seen in program order (release), so no entry is seen half-done.
 *
 * The latency model's hook is here: when the request was taken with the
 * model on (issue_tsc != 0), its completion is not written but held in the
 * node's deferred-completion queue until its deadline; rmc_rcp_drain_held()
 * writes it then. A held completion still counts in the QP's 'inflight', so
 * the CQ room, FENCE and QP retirement treat it as not yet done.
 */

#include <rte_cycles.h>
#include <rte_malloc.h>

#include "rmc_lat_state.h"
#include "rmc_rcp.h"

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

/* Hold a completion until its deadline. Called by the RMC loop only. */
static int
rmc_rcp_hold(struct rte_rmc_node *node, struct rmc_qp_rt *qp, uint32_t wq_index,
		uint64_t tag, uint64_t value, uint16_t status, uint64_t deadline)
{
	struct rmc_lat_state *l = node->lat;
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
rmc_rcp_drain_held(struct rte_rmc_node *node, int all)
{
	struct rmc_lat_state *l = node->lat;
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
rmc_rcp_purge_qp(struct rte_rmc_node *node, struct rmc_qp_rt *qp)
{
	struct rmc_lat_state *l = node->lat;
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

void
rmc_rcp_complete(struct rte_rmc_node *node, struct rmc_qp_rt *qp, uint32_t wq_index,
		uint64_t tag, uint64_t value, uint16_t status, uint64_t issue_tsc,
		uint64_t chunks)
{
	if (unlikely(issue_tsc != 0)) {
		uint64_t deadline = rmc_latency_deadline(qp->lat, issue_tsc, chunks);

		if (deadline > issue_tsc &&
				rmc_rcp_hold(node, qp, wq_index, tag, value, status, deadline) == 0)
			return;
	}
	rmc_rcp_write(qp, wq_index, tag, value, status);
}
