/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _RMC_WQE_MODEL_H_
#define _RMC_WQE_MODEL_H_

/*
 * Reference model of how an RMC must judge a WQ entry, written from the
 * specification (rte_rmc.h and rte_rmc_qp.h) and independently of
 * rmc_wqe_check.c and rmc_ctx.c, so that the hostile-application tests and
 * the fuzzer compare the two. The order of the checks is the documented one:
 * opcode, flags and start time, node id, length, alignment, local buffer,
 * then on the destination: context, bounds, permission.
 */

#include <stdint.h>

#include <rte_rmc.h>
#include <rte_rmc_sabre.h>

/* A local buffer as the issuing QP's owner sees it. */
struct rmc_model_lbuf {
	uint64_t size;
	int mine;      /* registered by the QP's owner */
};

/* A context on a destination node. */
struct rmc_model_ctx {
	uint64_t size;
	int exists;
	int writable;
};

struct rmc_model {
	uint16_t node_count;
	uint32_t nb_lbufs;          /* ids >= this are unknown */
	const struct rmc_model_lbuf *lbufs;
	/* Context ctx_id of node nid, or NULL when there is none. */
	const struct rmc_model_ctx *(*ctx)(void *arg, uint16_t nid, uint16_t ctx_id);
	void *arg;
};

static inline int
rmc_model_fits(uint64_t off, uint64_t len, uint64_t size)
{
	/* off + len <= size, without overflow. */
	return off <= size && len <= size - off;
}

/*
 * The status the RMC must give the entry (no node is down in the model; a
 * SABRe of an object whose version is odd completes with a conflict, which
 * the caller, who has the memory, decides).
 */
static inline int
rmc_model_status(const struct rmc_model *m, const struct rte_rmc_wqe *w)
{
	const struct rmc_model_ctx *c;
	int atomic = w->opcode == RTE_RMC_OP_CAS || w->opcode == RTE_RMC_OP_FAA;
	int sabre = w->opcode == RTE_RMC_OP_SABRE;
	int writes = w->opcode != RTE_RMC_OP_READ && !sabre;

	if (w->opcode != RTE_RMC_OP_READ && w->opcode != RTE_RMC_OP_WRITE && !atomic && !sabre)
		return RTE_RMC_STATUS_BAD_OPCODE;
	if ((w->flags & ~(RTE_RMC_F_FENCE | RTE_RMC_F_MORE | RTE_RMC_F_TIMED)) != 0 ||
			(w->start_tsc != 0 && !(w->flags & RTE_RMC_F_TIMED)))
		return RTE_RMC_STATUS_BAD_FLAGS;
	if (w->dst_nid >= m->node_count)
		return RTE_RMC_STATUS_BAD_NODE;
	if (w->length == 0 || w->length > RTE_RMC_MAX_LENGTH)
		return RTE_RMC_STATUS_BAD_LENGTH;
	if (atomic && w->length != 8)
		return RTE_RMC_STATUS_BAD_LENGTH;
	if (atomic && w->ctx_offset % 8 != 0)
		return RTE_RMC_STATUS_UNALIGNED;
	/* A SABRe: its version word (8 bytes) aligned, the object within the limit. */
	if (sabre && (w->length < 8 || w->length > RTE_RMC_SABRE_MAX_LENGTH))
		return RTE_RMC_STATUS_BAD_LENGTH;
	if (sabre && w->ctx_offset % 8 != 0)
		return RTE_RMC_STATUS_UNALIGNED;
	if (w->lbuf_id >= m->nb_lbufs || !m->lbufs[w->lbuf_id].mine ||
			!rmc_model_fits(w->lbuf_offset, w->length, m->lbufs[w->lbuf_id].size))
		return RTE_RMC_STATUS_BAD_LBUF;
	c = m->ctx(m->arg, w->dst_nid, w->ctx_id);
	if (c == NULL || !c->exists)
		return RTE_RMC_STATUS_BAD_CTX;
	if (!rmc_model_fits(w->ctx_offset, w->length, c->size))
		return RTE_RMC_STATUS_OUT_OF_BOUNDS;
	if (writes && !c->writable)
		return RTE_RMC_STATUS_PERM;
	return RTE_RMC_STATUS_OK;
}

/* Deterministic generator for tests (xorshift64*): same seed, same run. */
static inline uint64_t
rmc_model_rand(uint64_t *state)
{
	uint64_t x = *state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * UINT64_C(2685821657736338717);
}

#endif /* _RMC_WQE_MODEL_H_ */
