/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The requester side of the soNUMA protocol: the protocol ITT, cutting
 * requests into chunk requests, the per-destination window, time-outs with
 * retransmission, node-down detection, loss injection, and the RMC-loop
 * pass that ties receiving, serving (rmc_rrpp.c) and completing
 * (rmc_proto_reply.c) together.
 *
 * Retransmission is safe because reads and writes are idempotent and the
 * destination answers a repeated atomic from its de-duplication window
 * instead of applying it again. Transports deliver in order (rings, a link),
 * so a retransmitted request can never arrive after its request completed.
 */

#include <errno.h>
#include <sched.h>
#include <string.h>
#include <time.h>

#include <rte_cycles.h>
#include <rte_errno.h>
#include <rte_malloc.h>
#include <rte_mempool.h>
#include <rte_random.h>
#include <rte_tailq.h>

#include "rmc_driver.h"
#include "rmc_proto_priv.h"
#include "rmc_rcp.h"
#include "rmc_stats.h"
#include "rmc_wqe_check.h"

/* Retransmission time-out: 4 smoothed round trips, within these bounds. */
#define RMC_PROTO_RTO_MIN_US 250
#define RMC_PROTO_RTO_MAX_US 50000
#define RMC_PROTO_SRTT_INIT_US 1000
/* A busy RMC loop yields the CPU this often (see rmc_proto_poll()). */
#define RMC_PROTO_YIELD_US 50
/* Default time without any reply after which a request fails with node-down. */
#define RMC_PROTO_DOWN_MS_DEFAULT 1000

static uint32_t rmc_proto_seq;

static void
rmc_proto_txn_init(struct rte_mempool *mp, void *arg, void *obj, unsigned int idx)
{
	struct rmc_proto *p = arg;
	struct rmc_proto_txn *t = obj;

	RTE_SET_USED(mp);
	memset(t, 0, sizeof(*t));
	t->idx = idx;
	p->by_idx[idx] = t;
}

/*
 * A node's incarnation number, ordered: its start time in milliseconds
 * (CLOCK_REALTIME, serial-number arithmetic on 32 bits, a window of 24 days),
 * and above every epoch this process gave before. A destination thus tells a
 * requester's restart (a newer epoch: forget its de-duplication window) from
 * a late message of its previous life (older: not served, the window kept).
 */
static uint32_t
rmc_proto_new_epoch(void)
{
	static uint32_t last;
	struct timespec ts;
	uint32_t e;

	clock_gettime(CLOCK_REALTIME, &ts);
	e = (uint32_t)((uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000);
	if (last != 0 && (int32_t)(e - last) <= 0)
		e = last + 1;
	if (e == 0)
		e = 1;
	last = e;
	return e;
}

static uint64_t
rmc_us_to_tsc(const struct rte_rmc_node *node, uint64_t us)
{
	return node->pub.tsc_hz / 1000000 * us;
}

int
rmc_proto_create(struct rte_rmc_node *node)
{
	const struct rmc_transport_ops *ops = node->drv->transport;
	char name[RTE_MEMPOOL_NAMESIZE];
	struct rmc_proto *p;
	uint64_t max;
	unsigned int i;

	p = rte_zmalloc("rmc_proto", sizeof(*p), RTE_CACHE_LINE_SIZE);
	if (p == NULL)
		return -ENOMEM;
	node->proto = p;
	node->proto_served = &p->stats.served;
	p->ops = ops;
	p->node_id = node->pub.id;
	p->node_count = node->pub.count;
	TAILQ_INIT(&p->active);
	TAILQ_INIT(&p->sendq);
	max = ops->max_payload(node);
	if (max < 64) {
		RMC_LOG(ERR, "node %u: driver '%s' carries only %" PRIu64 " bytes per message",
			node->pub.id, node->drv->name, max);
		return -EINVAL;
	}
	p->max_payload = max;
	p->chunk = RTE_MIN(node->chunk_size, max);
	p->window = RTE_MAX((uint64_t)ops->window(node), p->chunk + RMC_PROTO_HDR_SIZE);
	p->rto_min = rmc_us_to_tsc(node, RMC_PROTO_RTO_MIN_US);
	p->yield_every = rmc_us_to_tsc(node, RMC_PROTO_YIELD_US);
	p->rto_max = rmc_us_to_tsc(node, RMC_PROTO_RTO_MAX_US);
	p->down_tsc = rmc_us_to_tsc(node, (uint64_t)(node->conf.proto_timeout_ms ?
		node->conf.proto_timeout_ms : RMC_PROTO_DOWN_MS_DEFAULT) * 1000);
	p->stall_max = p->down_tsc / 2;
	if (node->conf.loss_ppm > 0)
		p->loss_threshold = (UINT64_MAX / 1000000) * RTE_MIN(node->conf.loss_ppm, 1000000u);
	p->epoch = rmc_proto_new_epoch();
	for (i = 0; i < node->pub.count; i++)
		p->srtt[i] = rmc_us_to_tsc(node, RMC_PROTO_SRTT_INIT_US);
	p->txq = rte_zmalloc("rmc_proto_txq", sizeof(*p->txq) * node->pub.count,
		RTE_CACHE_LINE_SIZE);
	p->scratch = rte_malloc("rmc_proto_scratch", RMC_PROTO_BURST * max, RTE_CACHE_LINE_SIZE);
	/* Peers on our clock: timed requests wait at their destination (rmc_proto_hold.c). */
	p->same_clock = ops->same_clock != NULL && ops->same_clock(node) != 0;
	if (p->same_clock)
		p->held_buf = rte_malloc("rmc_proto_held", RMC_PROTO_HELD * max,
			RTE_CACHE_LINE_SIZE);
	if (p->txq == NULL || p->scratch == NULL || (p->same_clock && p->held_buf == NULL) ||
			rmc_proto_lat_create(node, p) < 0)
		return -ENOMEM;
	for (i = 0; i < node->pub.count; i++) {
		if (i == node->pub.id)
			continue;
		p->dedup[i] = rte_zmalloc("rmc_proto_dedup", sizeof(*p->dedup[i]),
			RTE_CACHE_LINE_SIZE);
		if (p->dedup[i] == NULL)
			return -ENOMEM;
	}
	snprintf(name, sizeof(name), "rmc_pitt%u",
		__atomic_fetch_add(&rmc_proto_seq, 1, __ATOMIC_RELAXED));
	/* Only the RMC loop takes and returns entries. */
	p->pool = rte_mempool_create(name, RMC_PROTO_ITT_ENTRIES, sizeof(struct rmc_proto_txn),
		0, 0, NULL, NULL, rmc_proto_txn_init, p, SOCKET_ID_ANY,
		RTE_MEMPOOL_F_SP_PUT | RTE_MEMPOOL_F_SC_GET);
	if (p->pool == NULL) {
		RMC_LOG(ERR, "node %u: cannot create the protocol ITT: %s", node->pub.id,
			rte_strerror(rte_errno));
		return -ENOMEM;
	}
	RMC_LOG(INFO, "node %u: protocol over '%s': chunks of %" PRIu64 " bytes, window %"
		PRIu64 " bytes per peer, node-down after %" PRIu64 " ms%s", node->pub.id,
		node->drv->name, p->chunk, p->window, p->down_tsc / (node->pub.tsc_hz / 1000),
		p->loss_threshold ? ", loss injection on" : "");
	return 0;
}

void
rmc_proto_destroy(struct rte_rmc_node *node)
{
	struct rmc_proto *p = node->proto;
	unsigned int i;

	if (p == NULL)
		return;
	rte_mempool_free(p->pool);
	for (i = 0; i < RTE_RMC_MAX_NODES; i++)
		rte_free(p->dedup[i]);
	rte_free(p->txq);
	rte_free(p->scratch);
	rte_free(p->held_buf);
	rmc_proto_lat_destroy(p);
	rte_free(p);
	node->proto_served = NULL;
	node->proto = NULL;
}

uint32_t
rmc_proto_in_use(const struct rte_rmc_node *node)
{
	return node->proto != NULL ? rte_mempool_in_use_count(node->proto->pool) : 0;
}

uint32_t
rmc_proto_epoch(const struct rte_rmc_node *node)
{
	return node->proto != NULL ? node->proto->epoch : 0;
}

void
rmc_proto_get_stats(const struct rte_rmc_node *node, struct rmc_proto_stats *st)
{
	if (node->proto == NULL)
		memset(st, 0, sizeof(*st));
	else
		memcpy(st, &node->proto->stats, sizeof(*st));
}

/* Hand the queued messages of one destination to the transport. */
static void
rmc_proto_flush_one(struct rte_rmc_node *node, struct rmc_proto *p, uint16_t dst)
{
	struct rmc_proto_txq *q = &p->txq[dst];
	uint16_t i, n = 0, sent;

	if (q->n == 0)
		return;
	if (p->loss_threshold == 0) {
		n = q->n;
	} else {
		/* Loss injection: each message, request or reply, may vanish. */
		for (i = 0; i < q->n; i++) {
			if (rte_rand() < p->loss_threshold) {
				p->stats.lost_injected++;
				continue;
			}
			if (i != n)
				q->msg[n] = q->msg[i];
			n++;
		}
	}
	rmc_proto_flushing = p;
	sent = n > 0 ? p->ops->tx_burst(node, dst, q->msg, n) : 0;
	rmc_proto_flushing = NULL;
	/* What the transport refused is lost: time-outs recover it. */
	p->stats.tx_refused += n - sent;
	q->n = 0;
}

void
rmc_proto_flush(struct rte_rmc_node *node)
{
	struct rmc_proto *p = node->proto;
	uint16_t i;

	for (i = 0; i < p->node_count; i++)
		rmc_proto_flush_one(node, p, i);
}

void
rmc_proto_tx(struct rte_rmc_node *node, uint16_t dst, const struct rmc_proto_msg *m)
{
	struct rmc_proto *p = node->proto;
	struct rmc_proto_txq *q = &p->txq[dst];

	q->msg[q->n++] = *m;
	if (q->n == RMC_PROTO_BURST)
		rmc_proto_flush_one(node, p, dst);
}


void
rmc_proto_want_send(struct rmc_proto *p, struct rmc_proto_txn *t)
{
	if (!t->in_sendq) {
		TAILQ_INSERT_TAIL(&p->sendq, t, sendq);
		t->in_sendq = 1;
	}
}

/* Build chunk request k of a transaction. */
static void
rmc_proto_build(const struct rmc_proto *p, const struct rmc_proto_txn *t, uint64_t k,
		struct rmc_proto_msg *m)
{
	struct rmc_proto_hdr *h = &m->hdr;
	uint64_t off = k * p->chunk;

	h->magic = RMC_PROTO_MAGIC;
	h->version = RMC_PROTO_VERSION;
	h->type = RMC_PROTO_REQ;
	h->opcode = t->wqe.opcode;
	h->flags = 0;
	h->status = 0;
	h->src_nid = p->node_id;
	h->dst_nid = t->dst;
	h->ctx_id = t->wqe.ctx_id;
	h->reserved = 0;
	/* Latency model: the destination serves it at its start time. */
	if ((t->wqe.flags & RTE_RMC_F_TIMED) && p->same_clock)
		rmc_proto_start_set(h, t->wqe.start_tsc);
	h->src_epoch = p->epoch;
	h->length = rmc_proto_chunk_len(p, t->wqe.length, k);
	h->tid = t->idx | (uint64_t)t->gen << 32;
	h->chunk_off = off;
	h->ctx_offset = t->wqe.ctx_offset + off;
	/* Reads and writes: the whole request's extent, checked at every chunk. */
	h->operand0 = rmc_op_is_atomic(t->wqe.opcode) ? t->wqe.operand0 : t->wqe.length;
	h->operand1 = rmc_op_is_atomic(t->wqe.opcode) ? t->wqe.operand1 : k;
	m->payload = t->wqe.opcode == RTE_RMC_OP_WRITE ? t->lbuf + off : NULL;
	m->cookie = 0;
	m->peer = t->dst;
}

/*
 * Send (or resend) up to 'max' chunks of a transaction, within its window and
 * the destination's. Returns the number of messages queued.
 */
int
rmc_proto_send_some(struct rte_rmc_node *node, struct rmc_proto_txn *t, int max)
{
	struct rmc_proto *p = node->proto;
	uint64_t end = RTE_MIN(t->nb_chunks, t->win_base + RMC_PROTO_WINDOW);
	struct rmc_proto_msg m;
	uint64_t k, bytes;
	int sent = 0;

	/* A write's chunks come from the local buffer: see rmc_proto_lbuf_check(). */
	if (unlikely(t->wqe.opcode == RTE_RMC_OP_WRITE && rmc_proto_lbuf_check(node, t) < 0)) {
		rmc_proto_complete(node, t, RTE_RMC_STATUS_ABORTED);
		return 0;
	}
	while (t->cursor < end && sent < max) {
		k = t->cursor;
		if (k < t->sent_hi) {
			if ((t->acked >> (k - t->win_base)) & 1) {
				t->cursor++;
				continue;
			}
			p->stats.req_resent++;
			t->resent = 1;
		} else {
			bytes = rmc_proto_chunk_len(p, t->wqe.length, k) + RMC_PROTO_HDR_SIZE;
			/* The destination's window is full: wait for replies. */
			if (p->inflight[t->dst] > 0 && p->inflight[t->dst] + bytes > p->window)
				break;
			p->inflight[t->dst] += bytes;
			t->inflight += bytes;
			t->sent_hi = k + 1;
			p->stats.req_sent++;
		}
		rmc_proto_build(p, t, k, &m);
		rmc_proto_tx(node, t->dst, &m);
		t->cursor++;
		sent++;
	}
	if (t->cursor < end)
		rmc_proto_want_send(p, t);
	return sent;
}

void
rmc_proto_complete(struct rte_rmc_node *node, struct rmc_proto_txn *t, uint16_t status)
{
	struct rmc_proto *p = node->proto;
	struct rmc_qp_rt *qp = t->qp;

	if (t->in_sendq) {
		TAILQ_REMOVE(&p->sendq, t, sendq);
		t->in_sendq = 0;
	}
	TAILQ_REMOVE(&p->active, t, next);
	p->inflight[t->dst] -= t->inflight;
	t->active = 0;
	qp->inflight--;
	qp->proto_held--;
	if (status == RTE_RMC_STATUS_NODE_DOWN)
		p->stats.node_down++;
	rmc_stats_count(&qp->stats, &t->wqe, status);
	rmc_stats_latency(node, &qp->stats, rte_rdtsc() - t->first_tx, 1);
	rmc_rcp_complete(node, qp, t->wq_index, t->wqe.user_tag,
		status == RTE_RMC_STATUS_OK ? t->value : 0, status);
	rte_mempool_put(p->pool, t);
}

int
rmc_proto_submit(struct rte_rmc_node *node, struct rmc_qp_rt *qp,
		const struct rte_rmc_wqe *w, uint8_t *lbuf, uint32_t wq_index)
{
	struct rmc_proto *p = node->proto;
	uint64_t up = __atomic_load_n(&node->peers_up, __ATOMIC_ACQUIRE);
	struct rmc_proto_txn *t;
	uint16_t status = RTE_RMC_STATUS_OK;
	uint64_t now;
	int wraps;

	if (((up >> w->dst_nid) & 1) == 0)
		status = RTE_RMC_STATUS_NODE_DOWN;
	if (status != RTE_RMC_STATUS_OK) {
		if (status == RTE_RMC_STATUS_NODE_DOWN)
			p->stats.node_down++;
		rmc_stats_count(&qp->stats, w, status);
		rmc_rcp_complete(node, qp, wq_index, w->user_tag, 0, status);
		return 0;
	}
	/* This QP's part of its application's share, or the ITT, is used up. */
	if (qp->proto_held >= __atomic_load_n(&qp->proto_cap, __ATOMIC_RELAXED) ||
			rte_mempool_get(p->pool, (void **)&t) < 0)
		return -ENOBUFS;
	now = rte_rdtsc();
	t->qp = qp;
	t->lbuf = lbuf;
	t->wqe = *w;
	/*
	 * Chunks run in parallel: one whose offset wrapped around 2^64 could
	 * land inside the context. Such a request cannot succeed: only its first
	 * chunk goes, whose check of the whole request fails at the destination
	 * with the status the direct path gives (no such context, or out of
	 * bounds), in the same order of checks.
	 */
	wraps = w->ctx_offset > UINT64_MAX - w->length;
	t->nb_chunks = wraps ? 1 : (w->length + p->chunk - 1) / p->chunk;
	t->win_base = 0;
	t->acked = 0;
	t->sent_hi = 0;
	t->cursor = 0;
	t->first_tx = now;
	/* Waiting at the destination until its start: time neither lost nor a round trip. */
	if ((w->flags & RTE_RMC_F_TIMED) && p->same_clock)
		t->first_tx = RTE_MAX(now, rte_rmc_start_tsc(w->start_tsc, now));
	t->last_progress = now;
	t->rto = rmc_proto_rto(p, w->dst_nid);
	t->deadline = t->first_tx + t->rto;
	t->inflight = 0;
	t->value = 0;
	t->gen++;
	t->wq_index = wq_index;
	t->dst = w->dst_nid;
	t->active = 1;
	t->in_sendq = 0;
	t->resent = 0;
	TAILQ_INSERT_TAIL(&p->active, t, next);
	qp->inflight++;
	qp->proto_held++;
	rmc_proto_send_some(node, t, RMC_PROTO_CHUNKS_PER_PASS);
	return 0;
}

void
rmc_proto_abort_all(struct rte_rmc_node *node)
{
	struct rmc_proto *p = node->proto;
	struct rmc_proto_txn *t;
	uint16_t i;

	if (p == NULL)
		return;
	while ((t = TAILQ_FIRST(&p->active)) != NULL) {
		if (__atomic_load_n(&t->qp->state, __ATOMIC_ACQUIRE) == RMC_QP_ACTIVE) {
			rmc_proto_complete(node, t, RTE_RMC_STATUS_ABORTED);
			continue;
		}
		if (t->in_sendq)
			TAILQ_REMOVE(&p->sendq, t, sendq);
		t->in_sendq = 0;
		TAILQ_REMOVE(&p->active, t, next);
		t->active = 0;
		t->qp->inflight--;
		t->qp->proto_held--;
		rte_mempool_put(p->pool, t);
	}
	memset(p->inflight, 0, sizeof(p->inflight));
	/* Messages not handed to the transport yet are dropped. */
	for (i = 0; i < p->node_count; i++)
		p->txq[i].n = 0;
}
