/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * Remote request processing pipeline (RRPP): serves chunk requests that
 * arrive from peer RMCs over a message driver. Each one is executed against
 * this node's own contexts by rmc_ctx_execute(), the function of the direct
 * path, so bounds, permissions and statuses are exactly the same; the reply
 * echoes the request's header with the status, the old value of an atomic
 * and, for a read, the data.
 *
 * The RRPP keeps one piece of state per requester, its de-duplication window:
 * for each of the requester's ITT slots, what the request of the slot's
 * current generation already applied, write chunks (by index) and atomics
 * (with their outcome). A copy of an applied chunk or atomic (a resend, or a
 * duplicate a transport kept) is never applied again: an atomic is answered
 * from the window, a write chunk with its request's status. So a copy that
 * arrives after its request completed (and after a later request of the
 * same or another slot wrote the same bytes) changes nothing.
 *
 * Why the window is complete: a requester reuses a slot only after the
 * request in it completed (an older generation is a stray copy, dropped),
 * and it first sends chunk k only once every chunk up to k - 64 was
 * acknowledged, thus applied: a chunk 64 or more below the highest one
 * applied is a stray copy too. Every request carries its requester's epoch,
 * ordered (rmc_proto_new_epoch()): a newer one is a restart and resets the
 * window; an older one is a late message of a previous life, not served, and
 * the window stays.
 */

#include <string.h>

#include "rmc_proto_priv.h"
#include "rmc_wqe_check.h"

/* Reads and SABRes change nothing: served again if sent again, data in the reply. */
static inline int
rmc_rrpp_reads(uint8_t opcode)
{
	return opcode == RTE_RMC_OP_READ || opcode == RTE_RMC_OP_SABRE;
}

/* The checks a requester already made, made again: peers' bytes are input too. */
static uint16_t
rmc_rrpp_check(const struct rmc_proto *p, const struct rmc_proto_hdr *h)
{
	if (h->opcode < RTE_RMC_OP_READ || h->opcode > RTE_RMC_OP_SABRE)
		return RTE_RMC_STATUS_BAD_OPCODE;
	if (h->length == 0 || h->length > p->max_payload)
		return RTE_RMC_STATUS_BAD_LENGTH;
	if (rmc_op_is_atomic(h->opcode)) {
		if (h->length != sizeof(uint64_t))
			return RTE_RMC_STATUS_BAD_LENGTH;
		if ((h->ctx_offset & (sizeof(uint64_t) - 1)) != 0)
			return RTE_RMC_STATUS_UNALIGNED;
		return RTE_RMC_STATUS_OK;
	}
	/*
	 * The chunk lies in its request, the request starts in the context's
	 * space, and chunk k starts k chunks of at least a byte in: so a chunk
	 * index never reaches 2^64 - 1, where the de-duplication window's
	 * 'hi' (index + 1) would wrap to 0 and let every copy be applied again.
	 */
	if (h->chunk_off > h->req_length || h->length > h->req_length - h->chunk_off ||
			h->chunk_off > h->ctx_offset || h->chunk_idx > h->chunk_off)
		return RTE_RMC_STATUS_BAD_LENGTH;
	return RTE_RMC_STATUS_OK;
}

enum rmc_rrpp_verdict {
	RMC_RRPP_APPLY,
	RMC_RRPP_REPLAY,        /* applied already: answer from the window */
	RMC_RRPP_DROP,          /* a stray copy: applied and acknowledged long ago */
};

static enum rmc_rrpp_verdict
rmc_rrpp_dedup(const struct rmc_proto_dedup_ent *e, uint32_t gen, uint64_t k)
{
	uint64_t d;

	if (!e->valid || (int32_t)(gen - e->gen) > 0)
		return RMC_RRPP_APPLY;
	/* Older than what the slot already did: its request completed. */
	if (gen != e->gen)
		return RMC_RRPP_DROP;
	if (k >= e->hi)
		return RMC_RRPP_APPLY;
	d = e->hi - 1 - k;
	if (d >= RMC_PROTO_WINDOW)
		return RMC_RRPP_DROP;
	return (e->done >> d) & 1 ? RMC_RRPP_REPLAY : RMC_RRPP_APPLY;
}

static void
rmc_rrpp_record(struct rmc_proto_dedup_ent *e, uint32_t gen, uint64_t k, uint16_t status,
		uint64_t value)
{
	uint64_t shift;

	if (!e->valid || gen != e->gen) {
		e->valid = 1;
		e->gen = gen;
		e->hi = 0;
		e->done = 0;
		e->status = RTE_RMC_STATUS_OK;
	}
	if (k >= e->hi) {
		shift = k + 1 - e->hi;
		e->done = shift >= 64 ? 0 : e->done << shift;
		e->hi = k + 1;
	}
	e->done |= UINT64_C(1) << (e->hi - 1 - k);
	if (e->status == RTE_RMC_STATUS_OK)
		e->status = status;
	e->value = value;
}

/*
 * The requester's window, reset when it restarted; NULL: a message of an
 * older life, or of epoch 0, which no requester has (rmc_proto_new_epoch()):
 * 0 marks a window that saw no epoch yet, so such a message would reset the
 * window of a live requester.
 */
static struct rmc_proto_dedup *
rmc_rrpp_window(struct rmc_proto *p, const struct rmc_proto_hdr *h)
{
	struct rmc_proto_dedup *d = p->dedup[h->src_nid];

	if (h->src_epoch == 0)
		return NULL;
	if (d->epoch != h->src_epoch) {
		if (d->epoch != 0 && (int32_t)(h->src_epoch - d->epoch) < 0)
			return NULL;
		memset(d->e, 0, sizeof(d->e));
		memset(d->read_counted, 0, sizeof(d->read_counted));
		d->epoch = h->src_epoch;
	}
	return d;
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

static uint16_t
rmc_rrpp_execute(struct rte_rmc_node *node, const struct rmc_proto_msg *req, uint8_t *scratch,
		uint64_t *old)
{
	const struct rmc_proto_hdr *h = &req->hdr;
	const struct rmc_ctx_view *cv = NULL;
	struct rmc_xfer x;
	uint16_t status;

	x.ctx_offset = h->ctx_offset;
	x.length = h->length;
	/* Reads and writes: the rest of the request, so that it fails whole or not at all. */
	x.check_length = rmc_op_is_atomic(h->opcode) ? 0 : h->req_length - h->chunk_off;
	/* A SABRe's chunk is validated against its object's header (rmc_sabre_copy()). */
	x.operand0 = h->opcode == RTE_RMC_OP_SABRE ? h->ctx_offset - h->chunk_off : h->operand0;
	x.operand1 = h->operand1;
	x.result = 0;
	x.dst_nid = node->pub.id;
	x.ctx_id = h->ctx_id;
	x.opcode = h->opcode;
	if (rmc_rrpp_reads(h->opcode))
		x.lbuf = scratch;
	else if (h->opcode == RTE_RMC_OP_WRITE)
		x.lbuf = (uint8_t *)(uintptr_t)req->payload;
	else
		x.lbuf = (uint8_t *)old;
	if (h->ctx_id < RTE_RMC_MAX_CTX)
		cv = &node->ctx[h->ctx_id].view;
	status = rmc_ctx_execute(cv, &x);
	*old = x.result;
	return status;
}

/*
 * Count a request as served (struct rte_rmc_served_stats), at its first chunk:
 * every request has one, and each chunk checks the whole rest of the
 * request, so its status is the request's, and its bytes are the request's
 * (chunks may arrive in any order). A write or atomic sent again was answered
 * from the window before this; a read sent again after a time-out is executed
 * again, and counted once by its generation at its ITT index.
 */
static void
rmc_rrpp_count_served(struct rmc_proto *p, struct rmc_proto_dedup *d,
		const struct rmc_proto_hdr *h, uint16_t status)
{
	uint64_t *seen = &d->read_counted[(uint32_t)h->tid & (RMC_PROTO_ITT_SIZE - 1)];
	uint64_t mark = ((h->tid >> 32) << 1) | 1;

	if (h->opcode == RTE_RMC_OP_READ) {
		if (*seen == mark)
			return;
		*seen = mark;
	}
	rmc_served_count(&p->stats.served, h->opcode, status,
		rmc_op_is_atomic(h->opcode) ? h->length : h->req_length, 1);
}

int
rmc_rrpp_serve(struct rte_rmc_node *node, const struct rmc_proto_msg *req,
		struct rmc_proto_msg *rep, uint8_t *scratch)
{
	struct rmc_proto *p = node->proto;
	const struct rmc_proto_hdr *h = &req->hdr;
	struct rmc_proto_dedup_ent *e = NULL;
	struct rmc_proto_dedup *d;
	uint64_t old = 0, k = 0;
	uint32_t gen = h->tid >> 32;
	uint16_t status;

	/* Misrouted, or a sender that is not who the transport says: drop. */
	if (h->dst_nid != node->pub.id || h->src_nid != req->peer || h->src_nid >= node->pub.count ||
			h->src_nid == node->pub.id) {
		p->stats.bad_msg++;
		return 0;
	}
	d = rmc_rrpp_window(p, h);
	if (d == NULL) {
		p->stats.bad_msg++;
		return 0;
	}
	status = rmc_rrpp_check(p, h);
	if (status == RTE_RMC_STATUS_OK && !rmc_rrpp_reads(h->opcode)) {
		e = &d->e[(uint32_t)h->tid & (RMC_PROTO_ITT_SIZE - 1)];
		k = h->opcode == RTE_RMC_OP_WRITE ? h->chunk_idx : 0;
		switch (rmc_rrpp_dedup(e, gen, k)) {
		case RMC_RRPP_REPLAY:
			p->stats.dup_replayed++;
			rmc_rrpp_reply(req, rep, e->status, e->value, NULL);
			return 1;
		case RMC_RRPP_DROP:
			p->stats.bad_msg++;
			return 0;
		default:
			break;
		}
	}
	if (status == RTE_RMC_STATUS_OK)
		status = rmc_rrpp_execute(node, req, scratch, &old);
	if (e != NULL)
		rmc_rrpp_record(e, gen, k, status, old);
	p->stats.req_served++;
	if (h->chunk_off == 0)
		rmc_rrpp_count_served(p, d, h, status);
	rmc_rrpp_reply(req, rep, status, old,
		rmc_rrpp_reads(h->opcode) && status == RTE_RMC_STATUS_OK ? scratch : NULL);
	return 1;
}
