/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The queue pair as the application drives it: posting WQ entries (phase
 * written last, with release), reaping CQ entries (phase read first, with
 * acquire), and synchronous calls that keep the completions of other
 * outstanding requests for rte_rmc_poll() instead of consuming them.
 *
 * A QP is used by one thread at a time.
 */

#include <errno.h>
#include <sched.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_errno.h>
#include <rte_pause.h>

#include "rmc_app.h"
#include "rmc_common.h"
#include "rmc_app_lat.h"
#include "rmc_log.h"

/* What the application tracks per WQ slot, and the stash of reaped completions. */
static int
rmc_qp_alloc_tracking(struct rte_rmc_qp *qp, uint32_t depth)
{
	/* Room for the completions of a full WQ beside a full stash (a power of two). */
	qp->stash_cap = depth * 2;
	qp->slot_state = calloc(depth, sizeof(*qp->slot_state));
	qp->tags = calloc(depth, sizeof(*qp->tags));
	qp->stash = calloc(qp->stash_cap, sizeof(*qp->stash));
	qp->dl = calloc(depth, sizeof(*qp->dl));
	qp->t_post = calloc(depth, sizeof(*qp->t_post));
	qp->start_lo = calloc(depth, sizeof(*qp->start_lo));
	if (qp->slot_state == NULL || qp->tags == NULL || qp->stash == NULL || qp->dl == NULL ||
			qp->t_post == NULL || qp->start_lo == NULL)
		return -ENOMEM;
	return 0;
}

static void
rmc_qp_free_tracking(struct rte_rmc_qp *qp)
{
	free(qp->slot_state);
	free(qp->tags);
	free(qp->stash);
	free(qp->dl);
	free(qp->t_post);
	free(qp->start_lo);
}

struct rte_rmc_qp *
rte_rmc_qp_create(struct rte_rmc_session *s, uint32_t depth)
{
	struct rte_rmc_qp *qp;
	int ret;

	if (s == NULL || depth < RTE_RMC_QP_DEPTH_MIN || depth > RTE_RMC_QP_DEPTH_MAX ||
			(depth & (depth - 1)) != 0) {
		RMC_LOG(ERR, "QP depth %u must be a power of two in %u..%u", depth,
			RTE_RMC_QP_DEPTH_MIN, RTE_RMC_QP_DEPTH_MAX);
		rte_errno = EINVAL;
		return NULL;
	}
	qp = calloc(1, sizeof(*qp));
	if (qp == NULL) {
		rte_errno = ENOMEM;
		return NULL;
	}
	qp->depth = depth;
	qp->mask = depth - 1;
	ret = rmc_qp_alloc_tracking(qp, depth);
	if (ret < 0)
		goto fail;
	qp->s = s;
	/*
	 * Inline mode too has a node QP: nothing is posted in it, but the node
	 * lists it and reads the application's own counts from its header.
	 * Inline requests are outside the latency model: no model page for them.
	 */
	qp->inl = s->inl != NULL;
	/* The latency model's page first: no request may go out unmodelled. */
	ret = rmc_app_lat_attach(s);
	if (ret == 0)
		ret = rmc_session_qp_open(s, depth, qp);
	if (ret == 0 && !qp->inl)
		qp->lst = (struct rte_rmc_qp_lat_stats *)((uint8_t *)qp->hdr +
			RTE_RMC_QP_LAT_OFFSET);
	if (ret < 0)
		goto fail;
	qp->wake.page = s->wake.page;
	TAILQ_INSERT_TAIL(&s->qps, qp, next);
	return qp;
fail:
	rmc_qp_free_tracking(qp);
	free(qp);
	rte_errno = -ret;
	return NULL;
}

void
rte_rmc_qp_destroy(struct rte_rmc_qp *qp)
{
	if (qp == NULL)
		return;
	TAILQ_REMOVE(&qp->s->qps, qp, next);
	rmc_session_qp_close(qp->s, qp);
	rmc_qp_free_tracking(qp);
	free(qp);
}

uint32_t
rte_rmc_qp_depth(const struct rte_rmc_qp *qp)
{
	return qp->depth;
}

uint32_t
rte_rmc_qp_outstanding(const struct rte_rmc_qp *qp)
{
	return qp->outstanding + qp->stash_count;
}

struct rte_rmc_session *
rte_rmc_qp_session(const struct rte_rmc_qp *qp)
{
	return qp->s;
}

int
rte_rmc_qp_node_stopped(const struct rte_rmc_qp *qp)
{
	/* Set by the node after its last completion on the QP. */
	return __atomic_load_n(&qp->hdr->rmc_state, __ATOMIC_ACQUIRE) != 0;
}

/*
 * Keep a completion for rte_rmc_poll(). The callers make sure there is room:
 * the stash holds the completions of a full WQ beside a full stash.
 */
static inline void
rmc_qp_stash_push(struct rte_rmc_qp *qp, const struct rte_rmc_completion *cpl)
{
	qp->stash[(qp->stash_head + qp->stash_count) & (qp->stash_cap - 1)] = *cpl;
	qp->stash_count++;
}

/*
 * Move new completions out of the CQ. The completion of slot 'want' (if
 * >= 0) goes to *own and makes this return 1 at once; others go to the
 * stash, except those of abandoned sync calls, which are dropped.
 */
static int
rmc_qp_reap(struct rte_rmc_qp *qp, int want, struct rte_rmc_completion *own)
{
	uint64_t head = qp->cq_head;
	int found = 0;

	if (qp->inl)
		return 0;
	for (;;) {
		const struct rte_rmc_cqe *c = &qp->cq[head & qp->mask];
		struct rte_rmc_completion cpl;
		uint32_t slot;
		uint8_t st;

		if (__atomic_load_n(&c->phase, __ATOMIC_ACQUIRE) != rte_rmc_phase(head, qp->depth))
			break;
		/* Latency model: nothing leaves the CQ before its deadline. */
		if (unlikely(qp->dl[c->wq_index & qp->mask] != 0) &&
				!rmc_app_lat_due(qp, c->wq_index & qp->mask, want >= 0))
			break;
		cpl.user_tag = c->user_tag;
		cpl.value = c->value;
		cpl.wq_index = c->wq_index & qp->mask;
		cpl.status = c->status;
		head++;
		slot = cpl.wq_index;
		st = qp->slot_state[slot];
		if (st == RMC_SLOT_FREE)
			continue; /* not ours: ignore rather than corrupt the count */
		qp->slot_state[slot] = RMC_SLOT_FREE;
		qp->outstanding--;
		if ((int)slot == want) {
			/*
			 * Stop here: looking at the next entry would pull the
			 * line the RMC writes next away from it.
			 */
			*own = cpl;
			found = 1;
			break;
		}
		if (st == RMC_SLOT_ABANDONED)
			continue;
		rmc_qp_stash_push(qp, &cpl);
	}
	if (head != qp->cq_head) {
		qp->cq_head = head;
		__atomic_store_n(&qp->hdr->cq_consumed, head, __ATOMIC_RELEASE);
	}
	return found;
}

/*
 * rte_rmc_poll() with nothing stashed: completions go straight to the
 * caller's array, up to n; the rest stay in the CQ for the next call.
 */
static uint16_t
rmc_qp_reap_burst(struct rte_rmc_qp *qp, struct rte_rmc_completion *cpl, uint16_t n)
{
	uint64_t head = qp->cq_head;
	uint16_t k = 0;

	while (k < n) {
		const struct rte_rmc_cqe *c = &qp->cq[head & qp->mask];
		uint32_t slot;
		uint8_t st;

		if (__atomic_load_n(&c->phase, __ATOMIC_ACQUIRE) != rte_rmc_phase(head, qp->depth))
			break;
		slot = c->wq_index & qp->mask;
		/* Latency model: nothing leaves the CQ before its deadline. */
		if (unlikely(qp->dl[slot] != 0) && !rmc_app_lat_due(qp, slot, 0))
			break;
		head++;
		st = qp->slot_state[slot];
		if (st == RMC_SLOT_FREE)
			continue; /* not ours: ignore rather than corrupt the count */
		qp->slot_state[slot] = RMC_SLOT_FREE;
		qp->outstanding--;
		if (st == RMC_SLOT_ABANDONED)
			continue;
		cpl[k].user_tag = c->user_tag;
		cpl[k].value = c->value;
		cpl[k].wq_index = slot;
		cpl[k].status = c->status;
		k++;
	}
	if (head != qp->cq_head) {
		qp->cq_head = head;
		__atomic_store_n(&qp->hdr->cq_consumed, head, __ATOMIC_RELEASE);
	}
	return k;
}

static inline int
rmc_qp_has_room(const struct rte_rmc_qp *qp)
{
	return qp->slot_state[qp->wq_tail & qp->mask] == RMC_SLOT_FREE &&
		qp->outstanding < qp->depth &&
		qp->outstanding + qp->stash_count < qp->stash_cap;
}

/* Inline mode: execute now; the completion waits in the stash for poll. */
static int
rmc_qp_post_inline(struct rte_rmc_qp *qp, const struct rte_rmc_wqe *wqe)
{
	struct rte_rmc_completion c;
	uint32_t slot = qp->wq_tail & qp->mask;

	if (qp->stash_count >= qp->depth)
		return -ENOSPC;
	c.value = 0;
	c.status = rmc_inline_execute(qp->s, wqe, &c.value);
	rmc_inline_count(qp, wqe, c.status);
	c.user_tag = wqe->user_tag;
	c.wq_index = slot;
	rmc_qp_stash_push(qp, &c);
	qp->wq_tail++;
	return slot;
}

int
rte_rmc_post(struct rte_rmc_qp *qp, const struct rte_rmc_wqe *wqe)
{
	uint64_t pos = qp->wq_tail;
	uint32_t slot = pos & qp->mask;
	struct rte_rmc_wqe *e;

	if (unlikely(qp->inl))
		return rmc_qp_post_inline(qp, wqe);
	if (!rmc_qp_has_room(qp)) {
		rmc_qp_reap(qp, -1, NULL);
		if (!rmc_qp_has_room(qp))
			return -ENOSPC;
	}
	/* Everything but the phase first; the phase publishes the entry. */
	e = &qp->wq[slot];
	/* The RMC read the entries ahead on the last lap: claim them now. */
	rmc_prefetchw(&qp->wq[(pos + 4) & qp->mask]);
	memcpy(e, wqe, offsetof(struct rte_rmc_wqe, phase));
	if (rmc_app_lat_post(qp, slot, wqe))
		rmc_app_lat_stamp(qp, slot, e);
	__atomic_store_n(&e->phase, rte_rmc_phase(pos, qp->depth), __ATOMIC_RELEASE);
	qp->tags[slot] = wqe->user_tag;
	qp->slot_state[slot] = RMC_SLOT_POSTED;
	qp->outstanding++;
	qp->wq_tail = pos + 1;
	rmc_waker_published(&qp->wake);
	return slot;
}

/* Free slots from wq_tail on, up to n. */
static inline uint16_t
rmc_qp_room(const struct rte_rmc_qp *qp, uint16_t n)
{
	uint32_t used = qp->outstanding + qp->stash_count;
	uint16_t k;

	if (used >= qp->stash_cap || qp->outstanding >= qp->depth)
		return 0;
	n = RTE_MIN(n, qp->depth - qp->outstanding);
	n = RTE_MIN(n, qp->stash_cap - used);
	for (k = 0; k < n; k++)
		if (qp->slot_state[(qp->wq_tail + k) & qp->mask] != RMC_SLOT_FREE)
			break;
	return k;
}

uint32_t
rte_rmc_qp_room(const struct rte_rmc_qp *qp)
{
	/* Inline mode executes at post: only the stash it completes into limits it. */
	if (qp->inl)
		return qp->stash_count >= qp->depth ? 0 : qp->depth - qp->stash_count;
	return rmc_qp_room(qp, RTE_RMC_QP_DEPTH_MAX);
}

uint16_t
rte_rmc_post_burst(struct rte_rmc_qp *qp, const struct rte_rmc_wqe *wqes, uint16_t n)
{
	uint64_t pos = qp->wq_tail;
	uint16_t m, k;

	if (unlikely(qp->inl)) {
		for (k = 0; k < n; k++)
			if (rmc_qp_post_inline(qp, &wqes[k]) < 0)
				break;
		return k;
	}
	m = rmc_qp_room(qp, n);
	if (m < n) {
		rmc_qp_reap(qp, -1, NULL);
		m = rmc_qp_room(qp, n);
	}
	if (m == 0)
		return 0;
	/* Latency model: deadlines in posting order (the link serialises them). */
	for (k = 0; k < m; k++)
		rmc_app_lat_post(qp, (pos + k) & qp->mask, &wqes[k]);
	/*
	 * Last to first: the RMC watches slot 'pos', which is published last.
	 * Every entry but the last says that more follow (RTE_RMC_F_MORE).
	 */
	for (k = m; k-- > 0;) {
		struct rte_rmc_wqe *e = &qp->wq[(pos + k) & qp->mask];

		memcpy(e, &wqes[k], offsetof(struct rte_rmc_wqe, phase));
		if (unlikely(qp->dl[(pos + k) & qp->mask] != 0))
			rmc_app_lat_stamp(qp, (pos + k) & qp->mask, e);
		if (k + 1 < m)
			e->flags |= RTE_RMC_F_MORE;
		else
			e->flags &= ~RTE_RMC_F_MORE;
		__atomic_store_n(&e->phase, rte_rmc_phase(pos + k, qp->depth), __ATOMIC_RELEASE);
	}
	for (k = 0; k < m; k++) {
		qp->tags[(pos + k) & qp->mask] = wqes[k].user_tag;
		qp->slot_state[(pos + k) & qp->mask] = RMC_SLOT_POSTED;
	}
	qp->outstanding += m;
	qp->wq_tail = pos + m;
	rmc_waker_published(&qp->wake);
	return m;
}

/*
 * Checks done while waiting: every 1024 polls (tens of microseconds), so that
 * they cost nothing; each also yields the CPU once.
 */
#define RMC_SYNC_CHECK_MASK 1023
/* The node's socket is looked at every 50 ms. */
#define RMC_SYNC_ALIVE_NS 50000000ull

/*
 * 1 once the node will never complete anything more on this QP: it stopped
 * (rmc_state, set after its last completion) or its process is gone (the
 * session's socket closed). Looks at the socket at most every 50 ms.
 */
static int
rmc_qp_node_gone(struct rte_rmc_qp *qp)
{
	uint64_t now;

	if (qp->node_gone)
		return 1;
	if (rte_rmc_qp_node_stopped(qp)) {
		qp->node_gone = 1;
		return 1;
	}
	now = rte_rdtsc();
	if (now < qp->next_alive_tsc)
		return 0;
	qp->next_alive_tsc = now + RMC_SYNC_ALIVE_NS * (qp->s->tsc_hz / 1000000) / 1000;
	if (!rmc_session_alive(qp->s))
		qp->node_gone = 1;
	return qp->node_gone;
}

/*
 * The node is gone: every request still outstanding completes with
 * RTE_RMC_STATUS_ABORTED, so that no application waits forever for it.
 */
static void
rmc_qp_abort_outstanding(struct rte_rmc_qp *qp)
{
	struct rte_rmc_completion cpl;
	uint32_t slot;

	/* What the node completed before it went is still delivered first. */
	rmc_qp_reap(qp, -1, NULL);
	for (slot = 0; slot < qp->depth && qp->outstanding > 0; slot++) {
		uint8_t st = qp->slot_state[slot];

		/* Not before its deadline either: a later poll aborts it. */
		if (st == RMC_SLOT_FREE || (qp->dl[slot] != 0 && !rmc_app_lat_due(qp, slot, 0)))
			continue;
		qp->dl[slot] = 0;
		qp->slot_state[slot] = RMC_SLOT_FREE;
		qp->outstanding--;
		if (st == RMC_SLOT_ABANDONED)
			continue;
		cpl.user_tag = qp->tags[slot];
		cpl.value = 0;
		cpl.wq_index = slot;
		cpl.status = RTE_RMC_STATUS_ABORTED;
		rmc_qp_stash_push(qp, &cpl);
	}
}

uint16_t
rte_rmc_poll(struct rte_rmc_qp *qp, struct rte_rmc_completion *cpl, uint16_t n)
{
	uint16_t i;

	if (qp->stash_count == 0 && !qp->inl) {
		/* Nothing kept aside: straight from the CQ to the caller. */
		i = rmc_qp_reap_burst(qp, cpl, n);
		rmc_waker_waiting(&qp->wake, qp->outstanding != 0);
		if (i > 0 || qp->outstanding == 0 ||
				(++qp->empty_polls & RMC_SYNC_CHECK_MASK) != 0 ||
				!rmc_qp_node_gone(qp))
			return i;
		rmc_qp_abort_outstanding(qp);
	} else {
		rmc_qp_reap(qp, -1, NULL);
		/* Only every 1024 empty polls: the look costs nothing on the fast path. */
		if (qp->stash_count == 0 && qp->outstanding > 0 &&
				(++qp->empty_polls & RMC_SYNC_CHECK_MASK) == 0 &&
				rmc_qp_node_gone(qp))
			rmc_qp_abort_outstanding(qp);
	}
	for (i = 0; i < n && qp->stash_count > 0; i++) {
		cpl[i] = qp->stash[qp->stash_head];
		qp->stash_head = (qp->stash_head + 1) & (qp->stash_cap - 1);
		qp->stash_count--;
	}
	return i;
}


/*
 * When a synchronous call's time-out starts: now, or the request's deadline
 * under the latency model (a TSC time, converted to the monotonic clock).
 */
static uint64_t
rmc_qp_timeout_start_ns(const struct rte_rmc_qp *qp, uint32_t slot)
{
	uint64_t now_tsc = rte_rdtsc(), now_ns = rmc_now_ns();

	if (qp->dl[slot] <= now_tsc)
		return now_ns;
	return now_ns + (uint64_t)((double)(qp->dl[slot] - now_tsc) * 1e9 /
		(double)qp->s->tsc_hz);
}

/*
 * The time-out is measured with CLOCK_MONOTONIC, not the TSC: on the 2-CPU
 * VM a sync read over eth once timed out (5 s by the TSC and the rate it was
 * converted with) within 3.3 s of wall clock for the whole test; the
 * monotonic clock depends on neither. The clock is read only every
 * RMC_SYNC_CHECK_MASK + 1 polls.
 */
int
rte_rmc_exec_sync(struct rte_rmc_qp *qp, const struct rte_rmc_wqe *wqe,
		uint32_t timeout_us, uint64_t *value)
{
	uint64_t start = 0, limit, now;
	struct rte_rmc_completion cpl;
	uint32_t spins = 0;
	int slot;

	if (qp->inl) {
		uint64_t v = 0;
		int st = rmc_inline_execute(qp->s, wqe, &v);

		rmc_inline_count(qp, wqe, st);
		if (value != NULL)
			*value = v;
		return st;
	}
	if (timeout_us == 0)
		timeout_us = RTE_RMC_SYNC_TIMEOUT_US_DEFAULT;
	limit = (uint64_t)timeout_us * 1000;
	/* Latency model: the request counts from the call (the clock is read only then). */
	rmc_app_lat_call(qp);
	slot = rte_rmc_post(qp, wqe);
	qp->t_call = 0;
	if (unlikely(slot < 0)) {
		start = rmc_now_ns();
		for (;;) {
			slot = rte_rmc_post(qp, wqe);
			if (slot >= 0)
				break;
			if (rmc_qp_node_gone(qp))
				return RTE_RMC_STATUS_ABORTED;
			if (rmc_now_ns() - start > limit)
				return RTE_RMC_STATUS_TIMED_OUT;
			rte_pause();
		}
	}
	/*
	 * Nothing but polling until the first RMC_SYNC_CHECK_MASK polls found
	 * nothing (a few microseconds): a fast request pays no clock read and no
	 * division. The timeout counts from there.
	 */
	for (;;) {
		if (rmc_qp_reap(qp, slot, &cpl)) {
			if (value != NULL)
				*value = cpl.value;
			return cpl.status;
		}
		rmc_waker_waiting(&qp->wake, 1);
		/*
		 * Spin without PAUSE at first (it costs about 25 ns per poll on
		 * AMD Zen, as much as the request itself), gently afterwards.
		 */
		if ((++spins & RMC_SYNC_CHECK_MASK) != 0) {
			if (start != 0)
				rte_pause();
			continue;
		}
		if (start == 0)
			start = rmc_qp_timeout_start_ns(qp, (uint32_t)slot);
		if (rmc_qp_node_gone(qp)) {
			/* A last look: it may have completed just before. */
			if (rmc_qp_reap(qp, slot, &cpl)) {
				if (value != NULL)
					*value = cpl.value;
				return cpl.status;
			}
			qp->slot_state[slot] = RMC_SLOT_ABANDONED;
			return RTE_RMC_STATUS_ABORTED;
		}
		now = rmc_now_ns();
		if (now > start && now - start > limit) {
			qp->slot_state[slot] = RMC_SLOT_ABANDONED;
			return RTE_RMC_STATUS_TIMED_OUT;
		}
		/*
		 * A long wait (a message driver's peer RMC, a retransmission):
		 * let threads that share this CPU run, the RMCs among them.
		 */
		sched_yield();
	}
}
