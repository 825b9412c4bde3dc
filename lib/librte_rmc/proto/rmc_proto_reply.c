/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * Reply handling of the protocol (the requester's side of completion): a reply
 * to one of this node's chunk requests. Read data goes to the local buffer at the chunk's offset,
 * the old value of an atomic to the buffer and the completion; the request
 * completes, through rmc_rcp_complete(), once every chunk is acknowledged,
 * or at once with the first error status. Replies that do not match a live
 * chunk of a live request (late, duplicated, of a finished request) are
 * dropped: the transaction id carries a generation for that.
 */

#include <string.h>

#include <rte_cycles.h>
#include <rte_memcpy.h>

#include "rmc_proto_priv.h"
#include "rmc_rcp.h"

/* Clean round trips that undo one level of back-off. */
#define RMC_PROTO_CLEAN_UNBOOST 256
/* Most back-off: 2^3 times the base time-out. */
#define RMC_PROTO_SHIFT_MAX 3

static void
rmc_proto_rtt_sample(struct rmc_proto *p, const struct rmc_proto_txn *t, uint64_t now)
{
	uint64_t *srtt = &p->srtt[t->dst];

	/*
	 * Only requests answered at the first try measure the round trip, and
	 * not across a TSC step back (a VM's unstable TSC), which would wrap.
	 */
	if (t->nb_chunks != 1 || t->resent || (int64_t)(now - t->first_tx) < 0)
		return;
	*srtt = *srtt - *srtt / 8 + (now - t->first_tx) / 8;
	if (p->rto_shift[t->dst] > 0 && ++p->clean[t->dst] >= RMC_PROTO_CLEAN_UNBOOST) {
		p->rto_shift[t->dst]--;
		p->clean[t->dst] = 0;
	}
}

/*
 * A second reply to an acknowledged chunk: the resend was not needed, the
 * time-out is too short for this peer now (its RMC shares a busy CPU, say).
 * Back off, once per time-out period at most.
 */
static void
rmc_proto_spurious(struct rmc_proto *p, uint16_t dst)
{
	uint64_t now = rte_rdtsc();

	if (p->rto_shift[dst] >= RMC_PROTO_SHIFT_MAX ||
			now - p->spurious_at[dst] < rmc_proto_rto(p, dst))
		return;
	p->rto_shift[dst]++;
	p->clean[dst] = 0;
	p->spurious_at[dst] = now;
}

/* The data of a read or SABRe chunk to the local buffer; -1 if that completed the request. */
static int
rmc_proto_reply_data(struct rte_rmc_node *node, struct rmc_proto_txn *t,
		const struct rmc_proto_msg *m, uint64_t len)
{
	const struct rmc_proto_hdr *h = &m->hdr;

	if (t->wqe.opcode == RTE_RMC_OP_SABRE) {
		/*
		 * Each chunk was validated against the object's version at the
		 * destination; all must have seen the same one (rte_rmc_sabre.h).
		 * No chunk acknowledged yet: this is the first reply.
		 */
		if ((t->win_base != 0 || t->acked != 0) && h->operand0 != t->value) {
			rmc_proto_complete(node, t, RTE_RMC_STATUS_CONFLICT);
			return -1;
		}
		t->value = h->operand0;
	}
	/* The buffer may have lost its backing page (a punched hole). */
	if (unlikely(rmc_fault_copy(t->lbuf + h->chunk_off, m->payload, len) < 0)) {
		rmc_proto_complete(node, t, RTE_RMC_STATUS_MEM_FAULT);
		return -1;
	}
	return 0;
}

void
rmc_proto_reply_handle(struct rte_rmc_node *node, const struct rmc_proto_msg *m)
{
	struct rmc_proto *p = node->proto;
	const struct rmc_proto_hdr *h = &m->hdr;
	uint32_t idx = (uint32_t)h->tid;
	struct rmc_proto_txn *t;
	uint64_t k, bit, len, bytes, now, end;
	unsigned int slide;

	if (idx >= RMC_PROTO_ITT_SIZE || (t = p->by_idx[idx]) == NULL) {
		p->stats.bad_msg++;
		return;
	}
	if (!t->active || t->gen != (uint32_t)(h->tid >> 32)) {
		/* Its request completed: a second answer to a request sent twice. */
		p->stats.rep_stale++;
		if (m->peer < p->node_count)
			rmc_proto_spurious(p, m->peer);
		return;
	}
	if (m->peer != t->dst || h->dst_nid != t->dst || h->src_nid != p->node_id ||
			h->src_epoch != p->epoch || h->opcode != t->wqe.opcode ||
			h->chunk_off % p->chunk != 0 || h->chunk_off >= t->wqe.length) {
		p->stats.bad_msg++;
		return;
	}
	k = h->chunk_off / p->chunk;
	if (k >= t->sent_hi) {
		p->stats.bad_msg++;
		return;
	}
	if (k < t->win_base || ((t->acked >> (k - t->win_base)) & 1)) {
		/* Answered already: this chunk was sent twice though it arrived. */
		p->stats.rep_stale++;
		rmc_proto_spurious(p, t->dst);
		return;
	}
	bit = k - t->win_base;
	len = rmc_proto_chunk_len(p, t->wqe.length, k);
	if (h->length != len) {
		p->stats.bad_msg++;
		return;
	}
	p->stats.rep_recv++;
	if (h->status != RTE_RMC_STATUS_OK) {
		rmc_proto_complete(node, t, h->status);
		return;
	}
	/*
	 * Checked at each use, as the direct path checks each chunk
	 * (rmc_rgp_advance()): the QP may have lost its owner, or the buffer been
	 * freed, and then it may be unmapped, or another session's, by now.
	 */
	if (unlikely(t->wqe.opcode != RTE_RMC_OP_WRITE && rmc_proto_lbuf_check(node, t) < 0)) {
		p->stats.rep_aborted++;
		rmc_proto_complete(node, t, RTE_RMC_STATUS_ABORTED);
		return;
	}
	switch (t->wqe.opcode) {
	case RTE_RMC_OP_READ:
	case RTE_RMC_OP_SABRE:
		if (rmc_proto_reply_data(node, t, m, len) < 0)
			return;
		break;
	case RTE_RMC_OP_CAS:
	case RTE_RMC_OP_FAA:
		t->value = h->operand0;
		if (unlikely(rmc_fault_copy(t->lbuf, &t->value, sizeof(t->value)) < 0)) {
			rmc_proto_complete(node, t, RTE_RMC_STATUS_MEM_FAULT);
			return;
		}
		break;
	default:
		break;
	}
	t->acked |= UINT64_C(1) << bit;
	bytes = len + RMC_PROTO_HDR_SIZE;
	t->inflight -= bytes;
	p->inflight[t->dst] -= bytes;
	now = rte_rdtsc();
	t->last_progress = now;
	/* Progress resets the back-off. */
	t->rto = rmc_proto_rto(p, t->dst);
	t->deadline = now + t->rto;
	slide = t->acked == UINT64_MAX ? 64 : (unsigned int)__builtin_ctzll(~t->acked);
	t->acked = slide == 64 ? 0 : t->acked >> slide;
	t->win_base += slide;
	if (t->win_base == t->nb_chunks) {
		rmc_proto_rtt_sample(p, t, now);
		rmc_proto_complete(node, t, RTE_RMC_STATUS_OK);
		return;
	}
	if (t->cursor < t->win_base)
		t->cursor = t->win_base;
	end = RTE_MIN(t->nb_chunks, t->win_base + RMC_PROTO_WINDOW);
	if (t->cursor < end)
		rmc_proto_want_send(p, t);
}
