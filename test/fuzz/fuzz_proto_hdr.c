/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * Fuzz target: protocol messages as a destination receives them from its
 * peers (rmc_proto_hdr_ok() and rmc_rrpp_serve(), as rmc_proto_poll() calls
 * them), with the fields of protocol version 2: the whole request's length
 * (req_length), the chunk's offset and index in it (chunk_off, chunk_idx) and
 * the requester's epoch, checked against a reference written here from the
 * header's documentation (rmc_driver.h) and the spec, not from rmc_rrpp.c.
 * Two contexts (one read-write or read-only of a size the input chooses, one
 * read-only or absent) live in arrays with guard bytes on both sides.
 *
 * Input: 8 bytes of set-up, then records of 72 bytes: a 64-byte header and 8
 * bytes: the peer the transport says it came from, a seed for a write's
 * payload, and flags (bit 0: make magic, version, type, source and
 * destination plausible, so that most records reach the checks; bit 1: use
 * the epoch of the previous record; bit 2: the tid of the previous record).
 *
 * Checked for every record:
 * - a message that is malformed, misrouted, of an impostor (source other than
 *   the transport's peer), of epoch 0 (no requester's), or of an older epoch
 *   of its requester than one already seen is not answered and changes nothing;
 * - a request whose header is inconsistent (opcode, chunk length, atomic
 *   length or alignment, a chunk outside its request, a request starting
 *   before the context's space, a chunk index above the chunk's offset) gets
 *   exactly that status and changes nothing;
 * - a read gets exactly the status of the checks and, if OK, the context's bytes;
 * - the first write or atomic of an ITT slot in an epoch gets exactly the
 *   status and effect of the checks: context, bounds of the whole rest of the
 *   request, permission; a failed one changes nothing;
 * - later ones of the slot may be dropped, answered from the window, or
 *   applied, but never apply a write chunk or an atomic twice (same epoch,
 *   tid and chunk), and what they change is exactly their effect. This one
 *   holds for requesters that keep to the protocol: generations and epochs
 *   ordered in serial-number arithmetic (below 2^30 apart), as a real
 *   requester's are; a peer that walks them around 2^32 can only make its
 *   own requests repeat, so it is checked only while an input keeps to that;
 * - a reply echoes its request's header (type, tid, offsets) and no byte
 *   outside a context, guards included, ever changes.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_rmc_sabre.h>

#include "rmc_private.h"
#include "rmc_proto_priv.h"

#define FZ_GUARD 64
#define FZ_CTX0_MAX 16384
#define FZ_CTX1_SIZE 8192
#define FZ_NODES 4
#define FZ_REC 72
#define FZ_MAX_APPLIED 128

static struct rte_rmc_node fz_node;
static struct rmc_proto fz_proto;
static struct rmc_proto_dedup fz_dedup[FZ_NODES];
static uint8_t ctx_mem[2][FZ_GUARD + FZ_CTX0_MAX + FZ_GUARD] __attribute__((aligned(64)));
static uint8_t ctx_want[2][sizeof(ctx_mem[0])];
static uint8_t ctx_init[2][sizeof(ctx_mem[0])];
static uint8_t scratch[RMC_PROTO_BURST * 4096];
static uint8_t payload[4096];

/* What the reference knows of each requester: its newest epoch, the slots seen. */
static struct {
	uint32_t epoch;
	int have_epoch;
	uint8_t seen[RMC_PROTO_ITT_SIZE];
} fz_req[FZ_NODES];

/* Write chunks and atomics applied: (source, epoch, tid, chunk). */
static struct {
	uint16_t src;
	uint32_t epoch;
	uint64_t tid;
	uint64_t k;
} applied[FZ_MAX_APPLIED];
static unsigned int nb_applied;
/* The input left the protocol's ordered generations or epochs (see above). */
static int wild;

static void __rte_noreturn
fz_fail(const struct rmc_proto_hdr *h, const char *what, long a, long b)
{
	fprintf(stderr, "fuzz_proto_hdr: %s (%ld, %ld): type %u opcode %u src %u dst %u ctx %u "
		"epoch %#x len %u tid %#" PRIx64 " chunk_off %#" PRIx64 " ctx_off %#" PRIx64
		" op0/req_length %#" PRIx64 " op1/chunk_idx %#" PRIx64 "\n", what, a, b, h->type,
		h->opcode, h->src_nid, h->dst_nid, h->ctx_id, h->src_epoch, h->length, h->tid,
		h->chunk_off, h->ctx_offset, h->operand0, h->operand1);
	abort();
}

static int
fz_atomic(uint8_t op)
{
	return op == RTE_RMC_OP_CAS || op == RTE_RMC_OP_FAA;
}

/* Reads and SABRes change nothing and carry data in their reply. */
static int
fz_reads(uint8_t op)
{
	return op == RTE_RMC_OP_READ || op == RTE_RMC_OP_SABRE;
}

/* off + len <= size, without overflow. */
static int
fz_fits(uint64_t off, uint64_t len, uint64_t size)
{
	return off <= size && len <= size - off;
}

/* The checks of the header alone (the requester's, made again): a status. */
static int
fz_hdr_status(const struct rmc_proto_hdr *h, uint64_t max_payload)
{
	if (h->opcode < RTE_RMC_OP_READ || h->opcode > RTE_RMC_OP_SABRE)
		return RTE_RMC_STATUS_BAD_OPCODE;
	if (h->length == 0 || h->length > max_payload)
		return RTE_RMC_STATUS_BAD_LENGTH;
	if (fz_atomic(h->opcode))
		return h->length != 8 ? RTE_RMC_STATUS_BAD_LENGTH :
			h->ctx_offset % 8 != 0 ? RTE_RMC_STATUS_UNALIGNED : RTE_RMC_STATUS_OK;
	/*
	 * The chunk lies in its request; the request starts at ctx_offset -
	 * chunk_off >= 0; chunk k starts at k chunks of at least a byte each.
	 */
	if (!fz_fits(h->chunk_off, h->length, h->req_length) || h->chunk_off > h->ctx_offset ||
			h->chunk_idx > h->chunk_off)
		return RTE_RMC_STATUS_BAD_LENGTH;
	return RTE_RMC_STATUS_OK;
}

/*
 * A SABRe's object header is where its request starts, 8-byte aligned, with
 * its version word inside the context; an odd version is a writer's lock,
 * which nobody releases here: every attempt finds it and the SABRe conflicts.
 */
static int
fz_sabre_status(const struct rmc_proto_hdr *h, const struct rmc_ctx_view *cv)
{
	uint64_t hdr = h->ctx_offset - h->chunk_off, v;

	if ((hdr & 7) != 0 || hdr > cv->size - sizeof(v))
		return RTE_RMC_STATUS_BAD_LENGTH;
	memcpy(&v, ctx_want[h->ctx_id] + FZ_GUARD + hdr, sizeof(v));
	return rte_rmc_sabre_locked(v) ? RTE_RMC_STATUS_CONFLICT : RTE_RMC_STATUS_OK;
}

/* The checks on the destination's context: the whole rest of the request. */
static int
fz_ctx_status(const struct rmc_proto_hdr *h)
{
	const struct rmc_ctx_view *cv;
	uint64_t extent;

	if (h->ctx_id >= 2 || !fz_node.ctx[h->ctx_id].view.valid)
		return RTE_RMC_STATUS_BAD_CTX;
	cv = &fz_node.ctx[h->ctx_id].view;
	extent = fz_atomic(h->opcode) ? 8 : h->req_length - h->chunk_off;
	if (!fz_fits(h->ctx_offset, extent, cv->size))
		return RTE_RMC_STATUS_OUT_OF_BOUNDS;
	if (!fz_reads(h->opcode) && cv->perm != RTE_RMC_PERM_RW)
		return RTE_RMC_STATUS_PERM;
	if (h->opcode == RTE_RMC_OP_SABRE)
		return fz_sabre_status(h, cv);
	return RTE_RMC_STATUS_OK;
}

/* Apply a request's effect to the expected images; the atomic's old value. */
static uint64_t
fz_apply(const struct rmc_proto_hdr *h, const uint8_t *data)
{
	uint8_t *c = ctx_want[h->ctx_id] + FZ_GUARD + h->ctx_offset;
	uint64_t v, nv;

	switch (h->opcode) {
	case RTE_RMC_OP_WRITE:
		memcpy(c, data, h->length);
		return 0;
	case RTE_RMC_OP_CAS:
		memcpy(&v, c, 8);
		if (v == h->operand0)
			memcpy(c, &h->operand1, 8);
		return v;
	case RTE_RMC_OP_FAA:
		memcpy(&v, c, 8);
		nv = v + h->operand0;
		memcpy(c, &nv, 8);
		return v;
	default:
		return 0;
	}
}

static int
fz_was_applied(uint16_t src, uint32_t epoch, uint64_t tid, uint64_t k)
{
	unsigned int i;

	for (i = 0; i < nb_applied; i++)
		if (applied[i].src == src && applied[i].epoch == epoch && applied[i].tid == tid &&
				applied[i].k == k)
			return 1;
	return 0;
}

static void
fz_setup(const uint8_t *s)
{
	unsigned int i;
	size_t off;

	if (ctx_init[0][1] == 0)
		for (i = 0; i < 2; i++)
			for (off = 0; off < sizeof(ctx_init[i]); off++)
				ctx_init[i][off] = (uint8_t)(off * 13 + 1 + i);
	/*
	 * What the RRPP reads is set here; a window whose epoch is 0 is cleared by
	 * the RRPP itself at its first message, the reference's likewise.
	 */
	for (i = 0; i < FZ_NODES; i++) {
		fz_dedup[i].epoch = 0;
		fz_req[i].have_epoch = 0;
	}
	memset(&fz_proto.stats, 0, sizeof(fz_proto.stats));
	nb_applied = 0;
	wild = 0;
	fz_node.pub.count = FZ_NODES;
	fz_node.pub.id = s[4] % FZ_NODES;
	fz_node.proto = &fz_proto;
	fz_proto.node_id = fz_node.pub.id;
	fz_proto.node_count = FZ_NODES;
	fz_proto.max_payload = UINT64_C(64) << (s[3] % 7);
	for (i = 0; i < FZ_NODES; i++)
		fz_proto.dedup[i] = i != fz_node.pub.id ? &fz_dedup[i] : NULL;
	memcpy(ctx_mem, ctx_init, sizeof(ctx_mem));
	memcpy(ctx_want, ctx_mem, sizeof(ctx_mem));
	fz_node.ctx[0].view.base = ctx_mem[0] + FZ_GUARD;
	fz_node.ctx[0].view.size = 1 + (s[0] | s[1] << 8) % FZ_CTX0_MAX;
	fz_node.ctx[0].view.perm = s[2] & 1 ? RTE_RMC_PERM_RW : RTE_RMC_PERM_RO;
	fz_node.ctx[0].view.valid = 1;
	fz_node.ctx[1].view.base = ctx_mem[1] + FZ_GUARD;
	fz_node.ctx[1].view.size = FZ_CTX1_SIZE;
	fz_node.ctx[1].view.perm = RTE_RMC_PERM_RO;
	fz_node.ctx[1].view.valid = (s[2] >> 1) & 1;
}

/* Whether the destination must drop m unanswered; updates the epochs known. */
static int
fz_must_drop(const struct rmc_proto_msg *m)
{
	const struct rmc_proto_hdr *h = &m->hdr;

	if (h->magic != RMC_PROTO_MAGIC || h->version != RMC_PROTO_VERSION ||
			h->type != RMC_PROTO_REQ)
		return 1;
	if (h->dst_nid != fz_node.pub.id || h->src_nid != m->peer || h->src_nid >= FZ_NODES ||
			h->src_nid == fz_node.pub.id)
		return 1;
	/* No requester has epoch 0. */
	if (h->src_epoch == 0)
		return 1;
	/* Epochs are ordered in serial-number arithmetic: an older one is a late message. */
	if (fz_req[h->src_nid].have_epoch && fz_req[h->src_nid].epoch != h->src_epoch) {
		if ((int32_t)(h->src_epoch - fz_req[h->src_nid].epoch) < 0)
			return 1;
		if (h->src_epoch - fz_req[h->src_nid].epoch >= UINT32_C(1) << 30)
			wild = 1;
	}
	if (!fz_req[h->src_nid].have_epoch || fz_req[h->src_nid].epoch != h->src_epoch)
		memset(fz_req[h->src_nid].seen, 0, sizeof(fz_req[h->src_nid].seen));
	fz_req[h->src_nid].epoch = h->src_epoch;
	fz_req[h->src_nid].have_epoch = 1;
	return 0;
}

/* The reply must echo the request. */
static void
fz_check_echo(const struct rmc_proto_hdr *h, const struct rmc_proto_msg *rep)
{
	const struct rmc_proto_hdr *r = &rep->hdr;

	if (r->type != RMC_PROTO_REPLY || r->magic != h->magic || r->version != h->version ||
			r->tid != h->tid || r->opcode != h->opcode || r->length != h->length ||
			r->chunk_off != h->chunk_off || r->ctx_offset != h->ctx_offset ||
			r->src_nid != h->src_nid || r->dst_nid != h->dst_nid ||
			r->src_epoch != h->src_epoch || rep->peer != h->src_nid)
		fz_fail(h, "the reply does not echo its request", r->type, (long)r->tid);
}

static void
fz_one(const uint8_t *rec, struct rmc_proto_hdr *prev)
{
	struct rmc_proto_msg m, rep;
	struct rmc_proto_hdr *h = &m.hdr;
	int drop, answered, st, fresh, changed;
	uint64_t old = 0, k;
	unsigned int i;

	memcpy(h, rec, sizeof(*h));
	if (h->opcode == RTE_RMC_OP_WRITE)
		for (i = 0; i < RTE_MIN(h->length, (uint32_t)sizeof(payload)); i++)
			payload[i] = (uint8_t)(rec[65] + i * 29);
	m.peer = rec[64] % FZ_NODES;
	m.payload = h->type == RMC_PROTO_REQ && h->opcode == RTE_RMC_OP_WRITE ? payload : NULL;
	m.cookie = 0;
	if (rec[66] & 1) {
		h->magic = RMC_PROTO_MAGIC;
		h->version = RMC_PROTO_VERSION;
		h->type = RMC_PROTO_REQ;
		h->dst_nid = fz_node.pub.id;
		h->src_nid = m.peer;
		/* Few slots and generations, so that copies and reuses meet. */
		h->tid = (h->tid & 15) | (h->tid >> 32 & 15) << 32;
		m.payload = h->opcode == RTE_RMC_OP_WRITE ? payload : NULL;
	}
	if (rec[66] & 2)
		h->src_epoch = prev->src_epoch;
	if (rec[66] & 4)
		h->tid = prev->tid;
	*prev = *h;
	if (h->opcode == RTE_RMC_OP_WRITE && h->length > sizeof(payload))
		h->length = sizeof(payload) + 1; /* beyond every max_payload: refused */
	drop = fz_must_drop(&m);
	if (!drop && h->tid >> 32 >= UINT32_C(1) << 30)
		wild = 1;
	memset(&rep, 0, sizeof(rep));
	answered = rmc_proto_hdr_ok(h) && h->type == RMC_PROTO_REQ ?
		rmc_rrpp_serve(&fz_node, &m, &rep, scratch) : 0;
	if (drop) {
		if (answered)
			fz_fail(h, "a message that must be dropped was answered", rep.hdr.status,
				0);
		if (memcmp(ctx_mem, ctx_want, sizeof(ctx_mem)) != 0)
			fz_fail(h, "a dropped message changed a context", 0, 0);
		return;
	}
	st = fz_hdr_status(h, fz_proto.max_payload);
	if (st == RTE_RMC_STATUS_OK)
		st = fz_ctx_status(h);
	k = h->opcode == RTE_RMC_OP_WRITE ? h->chunk_idx : 0;
	/* Only writes and atomics that pass the header checks meet the window. */
	fresh = fz_reads(h->opcode) || fz_hdr_status(h, fz_proto.max_payload) != 0 ||
		!fz_req[h->src_nid].seen[(uint32_t)h->tid & (RMC_PROTO_ITT_SIZE - 1)];
	if (!fresh && !answered) {
		if (memcmp(ctx_mem, ctx_want, sizeof(ctx_mem)) != 0)
			fz_fail(h, "a dropped copy changed a context", 0, 0);
		return;
	}
	if (!answered)
		fz_fail(h, "a request was not answered", st, 0);
	fz_check_echo(h, &rep);
	if (fz_hdr_status(h, fz_proto.max_payload) == 0 && !fz_reads(h->opcode))
		fz_req[h->src_nid].seen[(uint32_t)h->tid & (RMC_PROTO_ITT_SIZE - 1)] = 1;
	changed = memcmp(ctx_mem, ctx_want, sizeof(ctx_mem)) != 0;
	if (!fresh && !changed)
		return; /* answered from the window, or applied without a visible change */
	if (rep.hdr.status != st)
		fz_fail(h, "status differs from the reference", rep.hdr.status, st);
	if (st == RTE_RMC_STATUS_OK && !fz_reads(h->opcode)) {
		if (!wild && fz_was_applied(h->src_nid, h->src_epoch, h->tid, k))
			fz_fail(h, "a write chunk or atomic was applied twice", (long)k, 0);
		if (nb_applied < FZ_MAX_APPLIED) {
			applied[nb_applied].src = h->src_nid;
			applied[nb_applied].epoch = h->src_epoch;
			applied[nb_applied].tid = h->tid;
			applied[nb_applied++].k = k;
		}
		old = fz_apply(h, payload);
		if (fz_atomic(h->opcode) && rep.hdr.operand0 != old)
			fz_fail(h, "the atomic returned another old value", (long)rep.hdr.operand0,
				(long)old);
	}
	if (memcmp(ctx_mem, ctx_want, sizeof(ctx_mem)) != 0)
		fz_fail(h, "a context (or its guards) differs from the reference", st, 0);
	if (fz_reads(h->opcode) && st == RTE_RMC_STATUS_OK &&
			(rep.payload == NULL || memcmp(rep.payload, ctx_want[h->ctx_id] + FZ_GUARD +
			h->ctx_offset, h->length) != 0))
		fz_fail(h, "a read's reply does not carry the context's bytes", 0, 0);
	if (st != RTE_RMC_STATUS_OK && rep.payload != NULL)
		fz_fail(h, "a failed request's reply carries a payload", st, 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rmc_proto_hdr prev;
	size_t off;

	if (size < 8)
		return 0;
	fz_setup(data);
	memset(&prev, 0, sizeof(prev));
	for (off = 8; off + FZ_REC <= size; off += FZ_REC)
		fz_one(data + off, &prev);
	return 0;
}
