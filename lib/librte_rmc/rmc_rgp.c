/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * Request generation pipeline (RGP): the RMC's pass over the node's QPs.
 *
 * For each QP, round-robin: advance the oldest large transfer by one chunk,
 * then take up to RMC_RGP_BURST new WQ entries. Each entry is copied out of
 * shared memory, validated on the copy, and either executed at once (up to
 * one chunk) or entered in the in-flight transaction table (ITT) to be
 * executed chunk by chunk, so that a transfer of many MiB cannot starve small
 * requests on other QPs. Entries are taken only while the CQ has room for
 * their completions, so an application that floods its WQ without draining
 * its CQ only slows itself.
 */

#include <string.h>

#include <rte_mempool.h>
#include <rte_prefetch.h>

#include "rmc_driver.h"
#include "rmc_private.h"
#include "rmc_stats.h"
#include "rmc_wqe_check.h"

static inline void
rmc_rgp_count(struct rmc_qp_rt *qp, const struct rte_rmc_wqe *w, uint16_t status)
{
	rmc_stats_count(&qp->stats, w, status);
}

/* Execute bytes [done, done + len) of a validated request. */
static inline uint16_t
rmc_rgp_execute(struct rte_rmc_node *node, const struct rte_rmc_wqe *w, uint8_t *lbuf,
		uint64_t done, uint64_t len, uint64_t *result)
{
	struct rmc_xfer x;
	uint16_t status;

	x.lbuf = lbuf + done;
	x.ctx_offset = w->ctx_offset + done;
	x.length = len;
	x.check_length = w->length - done;
	x.operand0 = w->operand0;
	x.operand1 = w->operand1;
	x.result = 0;
	x.dst_nid = w->dst_nid;
	x.ctx_id = w->ctx_id;
	x.opcode = w->opcode;
	status = node->drv->execute(node, &x);
	*result = x.result;
	return status;
}

/* Advance the oldest large transfer of a QP by one chunk. */
static int
rmc_rgp_advance(struct rte_rmc_node *node, struct rmc_qp_rt *qp)
{
	struct rmc_itt_entry *t = TAILQ_FIRST(&qp->itt);
	uint64_t len, result;
	uint16_t status;

	if (t == NULL)
		return 0;
	len = RTE_MIN(node->chunk_size, t->wqe.length - t->done);
	/*
	 * The local buffer may have been freed since the last chunk: check it
	 * again (owner last), so that no chunk uses a released mapping.
	 */
	status = rmc_wqe_check(&t->wqe, node->count, node->lbufs, RTE_RMC_MAX_LBUFS,
		__atomic_load_n(&qp->owner, __ATOMIC_ACQUIRE), &t->lbuf);
	if (status == RTE_RMC_STATUS_OK)
		status = rmc_rgp_execute(node, &t->wqe, t->lbuf, t->done, len, &result);
	t->done += len;
	if (status != RTE_RMC_STATUS_OK || t->done == t->wqe.length) {
		TAILQ_REMOVE(&qp->itt, t, next);
		qp->inflight--;
		rmc_rgp_count(qp, &t->wqe, status);
		rmc_stats_latency(node, &qp->stats, rte_rdtsc() - t->t_start, 1);
		rmc_rcp_complete(node, qp, t->wq_index, t->wqe.user_tag, 0, status);
		rte_mempool_put(node->itt_pool, t);
	}
	return 1;
}

/* Room left in the CQ for completions of entries not yet taken. */
static inline uint64_t
rmc_rgp_cq_room(const struct rmc_qp_rt *qp)
{
	uint64_t consumed = __atomic_load_n(&qp->hdr->cq_consumed, __ATOMIC_ACQUIRE);
	uint64_t pending;

	/* The application's counter is untrusted: clamp it. */
	if (consumed > qp->cq_tail)
		consumed = qp->cq_tail;
	pending = qp->cq_tail - consumed + qp->inflight;
	return pending >= qp->depth ? 0 : qp->depth - pending;
}

/* Take and start up to RMC_RGP_BURST new entries of a QP. */
static int
rmc_rgp_take(struct rte_rmc_node *node, struct rmc_qp_rt *qp)
{
	uint64_t room = rmc_rgp_cq_room(qp);
	uint32_t lbuf_count = RTE_RMC_MAX_LBUFS;
	struct rte_rmc_wqe w;
	struct rmc_itt_entry *t;
	uint8_t *lbuf;
	uint64_t result, t0 = 0;
	uint16_t status;
	int n = 0, done = 0;

	while (n < RMC_RGP_BURST && room > 0) {
		uint64_t pos = qp->wq_head;
		uint32_t slot = pos & qp->mask;
		const struct rte_rmc_wqe *e = &qp->wq[slot];

		if (__atomic_load_n(&e->phase, __ATOMIC_ACQUIRE) != rte_rmc_phase(pos, qp->depth))
			break;
		rte_prefetch0(&qp->wq[(pos + 1) & qp->mask]);
		if (n == 0)
			t0 = rte_rdtsc();
		/* Copy once; from here on only the copy is used. */
		memcpy(&w, e, sizeof(w));
		if ((w.flags & RTE_RMC_F_FENCE) && qp->inflight > 0)
			break;
		status = rmc_wqe_check(&w, node->count, node->lbufs, lbuf_count, qp->owner, &lbuf);
		if (status == RTE_RMC_STATUS_OK && rmc_proto_wants(node, &w)) {
			/* Message driver: the protocol layer completes it later. */
			if (rmc_proto_submit(node, qp, &w, lbuf, slot) < 0)
				break; /* protocol ITT full: leave the entry for a later pass */
		} else if (status == RTE_RMC_STATUS_OK && w.length > node->chunk_size) {
			/* ITT full, or this QP's share used: leave it for a later pass. */
			if (qp->inflight >= RMC_ITT_PER_QP ||
					rte_mempool_get(node->itt_pool, (void **)&t) < 0)
				break;
			t->wqe = w;
			t->lbuf = lbuf;
			t->done = 0;
			t->wq_index = slot;
			t->t_start = t0;
			t->status = RTE_RMC_STATUS_OK;
			TAILQ_INSERT_TAIL(&qp->itt, t, next);
			qp->inflight++;
		} else {
			result = 0;
			if (status == RTE_RMC_STATUS_OK)
				status = rmc_rgp_execute(node, &w, lbuf, 0, w.length, &result);
			rmc_rgp_count(qp, &w, status);
			rmc_rcp_complete(node, qp, slot, w.user_tag, result, status);
			done++;
		}
		qp->wq_head = pos + 1;
		room--;
		n++;
	}
	if (n > 0)
		__atomic_store_n(&qp->hdr->wq_consumed, qp->wq_head, __ATOMIC_RELEASE);
	if (done > 0)
		rmc_stats_latency(node, &qp->stats, rte_rdtsc() - t0, done);
	return n;
}

/*
 * The QP's owner is gone: drop the transfers that have not started (only the
 * oldest one can have), so that none is left half done and the QP retires
 * after at most one transfer.
 */
static void
rmc_rgp_drop_unstarted(struct rte_rmc_node *node, struct rmc_qp_rt *qp)
{
	struct rmc_itt_entry *t, *first = TAILQ_FIRST(&qp->itt);

	if (first == NULL)
		return;
	while ((t = TAILQ_NEXT(first, next)) != NULL) {
		TAILQ_REMOVE(&qp->itt, t, next);
		qp->inflight--;
		rte_mempool_put(node->itt_pool, t);
	}
	if (first->done == 0) {
		TAILQ_REMOVE(&qp->itt, first, next);
		qp->inflight--;
		rte_mempool_put(node->itt_pool, first);
	}
}

int
rmc_rgp_poll(struct rte_rmc_node *node)
{
	uint32_t hwm = __atomic_load_n(&node->qp_hwm, __ATOMIC_ACQUIRE);
	uint32_t start = node->rr_next;
	uint32_t k, i, state;
	int work = 0;

	for (k = 0; k < hwm; k++) {
		struct rmc_qp_rt *qp;

		i = start + k;
		if (i >= hwm)
			i -= hwm;
		qp = __atomic_load_n(&node->qps[i], __ATOMIC_ACQUIRE);
		if (qp == NULL)
			continue;
		state = __atomic_load_n(&qp->state, __ATOMIC_ACQUIRE);
		if (state == RMC_QP_RETIRED)
			continue;
		if (state == RMC_QP_DRAINING)
			rmc_rgp_drop_unstarted(node, qp);
		work += rmc_rgp_advance(node, qp);
		if (state == RMC_QP_DRAINING) {
			/* Owner gone: finish what was started, take nothing new. */
			if (qp->inflight == 0)
				__atomic_store_n(&qp->state, RMC_QP_RETIRED, __ATOMIC_RELEASE);
			continue;
		}
		work += rmc_rgp_take(node, qp);
	}
	node->rr_next = (hwm == 0 || start + 1 >= hwm) ? 0 : start + 1;
	return work;
}

void
rmc_rgp_abort_all(struct rte_rmc_node *node)
{
	uint32_t hwm = __atomic_load_n(&node->qp_hwm, __ATOMIC_ACQUIRE);
	uint32_t i;

	for (i = 0; i < hwm; i++) {
		struct rmc_qp_rt *qp = __atomic_load_n(&node->qps[i], __ATOMIC_ACQUIRE);
		struct rmc_itt_entry *t;

		if (qp == NULL)
			continue;
		while ((t = TAILQ_FIRST(&qp->itt)) != NULL) {
			TAILQ_REMOVE(&qp->itt, t, next);
			qp->inflight--;
			if (__atomic_load_n(&qp->state, __ATOMIC_ACQUIRE) == RMC_QP_ACTIVE) {
				rmc_rgp_count(qp, &t->wqe, RTE_RMC_STATUS_ABORTED);
				rmc_rcp_complete(node, qp, t->wq_index, t->wqe.user_tag, 0,
					RTE_RMC_STATUS_ABORTED);
			}
			rte_mempool_put(node->itt_pool, t);
		}
		if (__atomic_load_n(&qp->state, __ATOMIC_ACQUIRE) == RMC_QP_DRAINING)
			__atomic_store_n(&qp->state, RMC_QP_RETIRED, __ATOMIC_RELEASE);
		/* Tell the application that nothing more will be served. */
		__atomic_store_n(&qp->hdr->rmc_state, 1, __ATOMIC_RELEASE);
	}
}
