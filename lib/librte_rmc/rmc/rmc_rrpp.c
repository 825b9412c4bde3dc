/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * Remote request processing pipeline (RRPP): serves chunk requests that
 * arrive from peer RMCs over a message driver. Each one is executed against
 * this node's own contexts by rmc_ctx_execute_inline(), the function of the direct
 * path, so bounds, permissions and statuses are exactly the same; the reply
 * echoes the request's header with the status, the old value of an atomic
 * and, for a read, the data.
 *
 * The RRPP keeps no state per request, with one exception: for each
 * requester, the outcome of the last atomic of each of its ITT slots. A
 * retried atomic (same slot, same generation) is answered from there and not
 * applied again. A requester reuses a slot only after the request in it
 * completed, and transports deliver in order, so one entry per slot is a
 * complete window. A requester that restarts has a new epoch, which resets
 * its entries.
 */

#include <string.h>

#include "rmc_proto_priv.h"
#include "rmc_wqe_check.h"

/* The checks a requester already made, made again: peers' bytes are input too. */
static uint16_t
rmc_rrpp_check(const struct rmc_proto *p, const struct rmc_proto_hdr *h)
{
	if (h->opcode < RTE_RMC_OP_READ || h->opcode > RTE_RMC_OP_FAA)
		return RTE_RMC_STATUS_BAD_OPCODE;
	if (h->length == 0 || h->length > p->max_payload)
		return RTE_RMC_STATUS_BAD_LENGTH;
	if (rmc_op_is_atomic(h->opcode)) {
		if (h->length != sizeof(uint64_t))
			return RTE_RMC_STATUS_BAD_LENGTH;
		if ((h->ctx_offset & (sizeof(uint64_t) - 1)) != 0)
			return RTE_RMC_STATUS_UNALIGNED;
	}
	return RTE_RMC_STATUS_OK;
}

static void
rmc_rrpp_reply(const struct rmc_proto_msg *req, struct rmc_proto_msg *rep, uint16_t status,
		uint64_t value, const uint8_t *data)
{
	rep->hdr = req->hdr;
	rep->hdr.type = RMC_PROTO_REPLY;
	rep->hdr.status = status;
	rep->hdr.operand0 = value;
	rep->payload = data;
	rep->cookie = 0;
	rep->peer = req->peer;
}

int
rmc_rrpp_serve(struct rte_rmc_node *node, const struct rmc_proto_msg *req,
		struct rmc_proto_msg *rep, uint8_t *scratch)
{
	struct rmc_proto *p = node->proto;
	const struct rmc_proto_hdr *h = &req->hdr;
	const struct rmc_ctx_view *cv = NULL;
	struct rmc_proto_dedup_ent *e = NULL;
	struct rmc_proto_dedup *d;
	struct rmc_xfer x;
	uint64_t old = 0;
	uint16_t status;
	uint32_t gen;

	/* Misrouted, or a sender that is not who the transport says: drop. */
	if (h->dst_nid != node->pub.id || h->src_nid != req->peer || h->src_nid >= node->pub.count ||
			h->src_nid == node->pub.id) {
		p->stats.bad_msg++;
		return 0;
	}
	status = rmc_rrpp_check(p, h);
	if (status == RTE_RMC_STATUS_OK && rmc_op_is_atomic(h->opcode)) {
		d = p->dedup[h->src_nid];
		if (d->epoch != h->src_epoch) {
			/* A new incarnation of the requester: forget the old one. */
			memset(d->e, 0, sizeof(d->e));
			d->epoch = h->src_epoch;
		}
		e = &d->e[(uint32_t)h->tid & (RMC_PROTO_ITT_SIZE - 1)];
		gen = h->tid >> 32;
		if (e->valid && e->gen == gen) {
			p->stats.dup_replayed++;
			rmc_rrpp_reply(req, rep, e->status, e->value, NULL);
			return 1;
		}
		/* Older than what the slot already did: a stray copy, never re-apply. */
		if (e->valid && (int32_t)(gen - e->gen) < 0) {
			p->stats.bad_msg++;
			return 0;
		}
	}
	if (status == RTE_RMC_STATUS_OK) {
		x.ctx_offset = h->ctx_offset;
		x.length = h->length;
		/* Each chunk is checked on its own: the header has no request length. */
		x.check_length = 0;
		x.operand0 = h->operand0;
		x.operand1 = h->operand1;
		x.result = 0;
		x.dst_nid = node->pub.id;
		x.ctx_id = h->ctx_id;
		x.opcode = h->opcode;
		if (h->opcode == RTE_RMC_OP_READ)
			x.lbuf = scratch;
		else if (h->opcode == RTE_RMC_OP_WRITE)
			x.lbuf = (uint8_t *)(uintptr_t)req->payload;
		else
			x.lbuf = (uint8_t *)&old;
		if (h->ctx_id < RTE_RMC_MAX_CTX)
			cv = &node->ctx[h->ctx_id].view;
		status = rmc_ctx_execute(cv, &x);
		old = x.result;
	}
	if (e != NULL) {
		e->gen = h->tid >> 32;
		e->status = status;
		e->value = old;
		e->valid = 1;
	}
	p->stats.req_served++;
	rmc_rrpp_reply(req, rep, status, old,
		h->opcode == RTE_RMC_OP_READ && status == RTE_RMC_STATUS_OK ? scratch : NULL);
	return 1;
}
