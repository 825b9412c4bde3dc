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
 * executed chunk by chunk.
 *
 * Fairness: a transfer larger than the node's chunk size (64 KiB by default,
 * rmcd --chunk-size) advances by one chunk per pass, and every QP gets its
 * turn in every pass, so a 64-byte read on another QP waits at most for one
 * chunk of each busy QP, never for a whole transfer of many MiB.
 *
 * Entries are taken only while the CQ has room for their completions, so an
 * application that floods its WQ without draining its CQ only slows itself.
 * The application's cq_consumed counter lives on its own cache line; the RMC
 * reads it only when its cached copy leaves less room than a burst, so a QP
 * in steady use costs the RMC one cache-line transfer per request (the WQ
 * entry), plus the CQ entry it writes. wq_consumed is published once per
 * burst.
 */

#include <string.h>

#include <rte_cycles.h>
#include <rte_mempool.h>
#include <rte_prefetch.h>

#include "rmc_proto.h"
#include "rmc_private.h"
#include "rmc_rcp.h"
#include "rmc_stats.h"
#include "rmc_wqe_check.h"

static inline void
rmc_rgp_count(struct rmc_qp_rt *qp, const struct rte_rmc_wqe *w, uint16_t status)
{
	rmc_stats_count(&qp->stats, w, status);
}

/* Cut into chunks; a SABRe is copied whole (at most RTE_RMC_SABRE_MAX_LENGTH). */
static inline int
rmc_rgp_chunked(const struct rte_rmc_node *node, const struct rte_rmc_wqe *w)
{
	return w->length > node->chunk_size && w->opcode != RTE_RMC_OP_SABRE;
}

/* Execute bytes [done, done + len) of a validated request. */
static inline uint16_t
rmc_rgp_execute(struct rte_rmc_node *node, const struct rte_rmc_wqe *w, uint8_t *lbuf,
		uint64_t done, uint64_t len, uint64_t *result)
{
	struct rmc_xfer x;
	uint16_t status;

	rmc_xfer_from_wqe(&x, w, lbuf, done, len);
	/* Loopback never reaches a driver: the node's own contexts are here. */
	if (x.dst_nid == node->pub.id)
		status = rmc_ctx_execute(x.ctx_id < RTE_RMC_MAX_CTX ?
			&node->ctx[x.ctx_id].view : NULL, &x);
	else
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
	status = rmc_wqe_check_started(&t->wqe, node->pub.count, node->lbufs,
		RTE_RMC_MAX_LBUFS, __atomic_load_n(&qp->owner, __ATOMIC_ACQUIRE), &t->lbuf);
	if (status == RTE_RMC_STATUS_OK)
		status = rmc_rgp_execute(node, &t->wqe, t->lbuf, t->done, len, &result);
	t->done += len;
	if (status != RTE_RMC_STATUS_OK || t->done == t->wqe.length) {
		TAILQ_REMOVE(&qp->itt, t, next);
		qp->inflight--;
		rmc_rgp_count(qp, &t->wqe, status);
		if (t->t_start != 0)
			rmc_stats_latency(node, &qp->stats, rte_rdtsc() - t->t_start, 1);
		rmc_rcp_complete(node, qp, t->wq_index, t->wqe.user_tag, 0, status);
		rte_mempool_put(node->itt_pool, t);
	}
	return 1;
}

/*
 * Room left in the CQ for completions of entries not yet taken, computed
 * from the application's consumed counter as last read (cq_seen); the line
 * is read again only when that leaves less room than a burst (or half the
 * QP) needs, and only when there is an entry to take: a sync request then
 * costs no transfer of the application's line, and an idle pass never
 * touches it. The counter is untrusted: beyond what was produced it is
 * clamped; going backwards, it is believed (the application only loses
 * its own room: an entry it once said it consumed may be written again).
 */
static inline uint64_t
rmc_rgp_cq_room_of(const struct rmc_qp_rt *qp, uint64_t consumed)
{
	uint64_t pending = qp->cq_tail - consumed + qp->inflight;

	return pending >= qp->depth ? 0 : qp->depth - pending;
}

static inline uint64_t
rmc_rgp_cq_room(struct rmc_qp_rt *qp)
{
	uint64_t room = rmc_rgp_cq_room_of(qp, qp->cq_seen);
	uint64_t consumed;

	if (room >= RTE_MIN((uint32_t)RMC_RGP_BURST, qp->depth / 2) && room > 0)
		return room;
	consumed = __atomic_load_n(&qp->hdr->cq_consumed, __ATOMIC_ACQUIRE);
	if (consumed > qp->cq_tail)
		consumed = qp->cq_tail;
	qp->cq_seen = consumed;
	return rmc_rgp_cq_room_of(qp, consumed);
}

/* Prefetch the WQ entries after the first of a burst, up to the prefetch distance. */
static inline void
rmc_rgp_prefetch_burst(const struct rmc_qp_rt *qp, uint64_t pos)
{
	uint32_t k;

	for (k = 1; k < RMC_RGP_PREFETCH; k++)
		rte_prefetch0(&qp->wq[(pos + k) & qp->mask]);
}

/*
 * Enter a large transfer in the ITT, to run chunk by chunk; -1 when the ITT
 * is full or this QP's share is used: the entry stays for a later pass.
 */
static int
rmc_rgp_itt_enter(struct rte_rmc_node *node, struct rmc_qp_rt *qp, const struct rte_rmc_wqe *w,
		uint8_t *lbuf, uint64_t t0, uint32_t slot)
{
	struct rmc_itt_entry *t;

	if (qp->inflight >= __atomic_load_n(&qp->itt_cap, __ATOMIC_RELAXED) ||
			rte_mempool_get(node->itt_pool, (void **)&t) < 0)
		return -1;
	t->wqe = *w;
	t->lbuf = lbuf;
	t->done = 0;
	t->t_start = t0;
	t->wq_index = slot;
	t->status = RTE_RMC_STATUS_OK;
	TAILQ_INSERT_TAIL(&qp->itt, t, next);
	qp->inflight++;
	return 0;
}

/*
 * Take and start up to RMC_RGP_BURST new entries of a QP. The completions of
 * the entries executed at once are collected while the application's hint
 * (RTE_RMC_F_MORE, set by rte_rmc_post_burst()) says that more of its burst
 * follows, and written together by rmc_rcp_write_burst(), the first one last,
 * so that an application polling its CQ sees the whole burst at once and the
 * CQ lines change hands once per burst rather than once per request. A
 * request posted alone is completed before the RMC looks at the next slot.
 */
static __rte_always_inline int
rmc_rgp_take(struct rte_rmc_node *node, struct rmc_qp_rt *qp)
{
	struct rmc_rcp_cpl cpl[RMC_RGP_BURST];
	uint64_t room = 1; /* read at the first entry */
	uint64_t pos = qp->wq_head;
	uint64_t t0 = 0;
	struct rte_rmc_wqe w;
	uint8_t *lbuf;
	uint64_t result;
	uint16_t status;
	int n = 0, nc = 0, done = 0;

	while (n < RMC_RGP_BURST && room > 0) {
		uint32_t slot = pos & qp->mask;
		const struct rte_rmc_wqe *e = &qp->wq[slot];

		if (__atomic_load_n(&e->phase, __ATOMIC_ACQUIRE) != rte_rmc_phase(pos, qp->depth))
			break;
		if (n == 0) {
			room = rmc_rgp_cq_room(qp);
			if (room == 0)
				break;
		}
		/* Copy once; from here on only the copy is used. */
		memcpy(&w, e, sizeof(w));
		/*
		 * The first entry of a burst says more follow (published before
		 * it, rte_rmc_post_burst()): fetch the next ones together now
		 * rather than one miss at a time until the prefetch distance is
		 * reached. A request posted alone prefetches nothing more.
		 */
		if (n == 0 && (w.flags & RTE_RMC_F_MORE))
			rmc_rgp_prefetch_burst(qp, pos);
		rte_prefetch0(&qp->wq[(pos + RMC_RGP_PREFETCH) & qp->mask]);
		if ((w.flags & RTE_RMC_F_FENCE) && qp->inflight > 0)
			break;
		/*
		 * The clock costs 20-30 ns here, as much as a request: statistics
		 * time one burst in RMC_STATS_SAMPLE.
		 */
		if (n == 0 && rmc_stats_sample(&qp->stats))
			t0 = rte_rdtsc();
		status = rmc_wqe_check_inline(&w, node->pub.count, node->lbufs, RTE_RMC_MAX_LBUFS,
			qp->owner, &lbuf);
		/*
		 * Latency model: a valid request starts at its start time (left in
		 * the WQ until then, checked again); an invalid one fails at once
		 * (its completion waits in the library for its deadline anyway).
		 * Between RMCs of one machine the destination waits instead.
		 */
		if (unlikely(w.flags & RTE_RMC_F_TIMED) && status == RTE_RMC_STATUS_OK &&
				rte_rmc_start_tsc(w.start_tsc, rte_rdtsc()) != 0 &&
				!(rmc_proto_wants(node, &w) && rmc_proto_same_clock(node))) {
			node->lat_pending = 1;
			break;
		}
		if (status == RTE_RMC_STATUS_OK && rmc_proto_wants(node, &w)) {
			/* Message driver: the protocol layer completes it later. */
			if (rmc_proto_submit(node, qp, &w, lbuf, slot) < 0)
				break; /* protocol ITT full: leave the entry for a later pass */
		} else if (status == RTE_RMC_STATUS_OK && rmc_rgp_chunked(node, &w)) {
			if (rmc_rgp_itt_enter(node, qp, &w, lbuf, t0, slot) < 0)
				break;
		} else {
			result = 0;
			if (likely(status == RTE_RMC_STATUS_OK))
				status = rmc_rgp_execute(node, &w, lbuf, 0, w.length, &result);
			rmc_rgp_count(qp, &w, status);
			done++;
			cpl[nc].tag = w.user_tag;
			cpl[nc].value = result;
			cpl[nc].wq_index = slot;
			cpl[nc].status = status;
			nc++;
			/*
			 * The end of what the application posted together: show
			 * it now, before looking at the next entry, whose line
			 * the application may still hold.
			 */
			if (!(w.flags & RTE_RMC_F_MORE)) {
				rmc_rcp_write_burst(qp, cpl, nc);
				nc = 0;
			}
		}
		pos++;
		room--;
		n++;
	}
	if (n > 0) {
		if (nc > 0)
			rmc_rcp_write_burst(qp, cpl, nc);
		qp->wq_head = pos;
		__atomic_store_n(&qp->hdr->wq_consumed, pos, __ATOMIC_RELEASE);
	}
	if (done > 0 && t0 != 0)
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

	node->lat_pending = 0; /* set again by a QP whose next request is not due */
	for (k = 0; k < hwm; k++) {
		struct rmc_qp_rt *qp;

		i = start + k;
		if (i >= hwm)
			i -= hwm;
		qp = __atomic_load_n(&node->qps[i], __ATOMIC_ACQUIRE);
		if (qp == NULL)
			continue;
		state = __atomic_load_n(&qp->state, __ATOMIC_ACQUIRE);
		if (unlikely(state != RMC_QP_ACTIVE)) {
			if (state == RMC_QP_RETIRED)
				continue;
			/* Owner gone: finish what was started, take nothing new. */
			rmc_rgp_drop_unstarted(node, qp);
			work += rmc_rgp_advance(node, qp);
			if (qp->inflight == 0)
				__atomic_store_n(&qp->state, RMC_QP_RETIRED, __ATOMIC_RELEASE);
			continue;
		}
		if (!TAILQ_EMPTY(&qp->itt))
			work += rmc_rgp_advance(node, qp);
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
				rmc_rcp_write(qp, t->wq_index, t->wqe.user_tag, 0,
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
