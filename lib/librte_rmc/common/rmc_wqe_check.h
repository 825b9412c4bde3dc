/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _RMC_WQE_CHECK_H_
#define _RMC_WQE_CHECK_H_

/*
 * Validation of a WQ entry on the issuing node. The entry is a private copy:
 * the application may rewrite the shared slot at any time, so the RMC copies
 * it once and decides on the copy alone. Checks that need the destination's
 * contexts (existence, bounds, permission) are done where the request
 * executes, by rmc_ctx_execute_inline().
 */

#include <stdint.h>

#include "rmc_common.h"
#include "rmc_sabre.h"
#include "rte_rmc.h"

/*
 * Check a copied entry. 'owner' is the session of the QP that carried it; a
 * local buffer registered by another session is refused. On success stores
 * the validated local-buffer address of the first byte in *lbuf_addr.
 * The first failing check decides the status, in this order: opcode, flags and
 * start time, node id, length, alignment, local buffer.
 */
enum rte_rmc_status rmc_wqe_check(const struct rte_rmc_wqe *w, uint16_t node_count,
		const struct rmc_lbuf *lbufs, uint32_t nb_lbufs, const void *owner,
		uint8_t **lbuf_addr);

/* 1 if the operation modifies the destination. */
static inline int
rmc_op_writes(uint8_t opcode)
{
	return opcode == RTE_RMC_OP_WRITE || opcode == RTE_RMC_OP_CAS ||
		opcode == RTE_RMC_OP_FAA;
}

/* 1 for compare-and-swap and fetch-and-add. */
static inline int
rmc_op_is_atomic(uint8_t opcode)
{
	return opcode == RTE_RMC_OP_CAS || opcode == RTE_RMC_OP_FAA;
}

/* The same, inline, for the per-request paths (rmc_wqe_check.c has its body). */
static __rte_always_inline enum rte_rmc_status
rmc_wqe_check_inline(const struct rte_rmc_wqe *w, uint16_t node_count,
		const struct rmc_lbuf *lbufs, uint32_t nb_lbufs, const void *owner,
		uint8_t **lbuf_addr)
{
	const struct rmc_lbuf *lb;
	uint64_t lb_size;

	if (w->opcode < RTE_RMC_OP_READ || w->opcode > RTE_RMC_OP_SABRE)
		return RTE_RMC_STATUS_BAD_OPCODE;
	if ((w->flags & ~RTE_RMC_F_ALL) != 0 ||
			(w->start_tsc != 0 && !(w->flags & RTE_RMC_F_TIMED)))
		return RTE_RMC_STATUS_BAD_FLAGS;
	if (w->dst_nid >= node_count)
		return RTE_RMC_STATUS_BAD_NODE;
	if (w->length == 0 || w->length > RTE_RMC_MAX_LENGTH)
		return RTE_RMC_STATUS_BAD_LENGTH;
	if (rmc_op_is_atomic(w->opcode)) {
		if (w->length != sizeof(uint64_t))
			return RTE_RMC_STATUS_BAD_LENGTH;
		if ((w->ctx_offset & (sizeof(uint64_t) - 1)) != 0)
			return RTE_RMC_STATUS_UNALIGNED;
	} else if (w->opcode == RTE_RMC_OP_SABRE) {
		if (rmc_sabre_check(w->ctx_offset, w->length) != RTE_RMC_STATUS_OK)
			return rmc_sabre_check(w->ctx_offset, w->length);
	}
	if (w->lbuf_id >= nb_lbufs)
		return RTE_RMC_STATUS_BAD_LBUF;
	lb = &lbufs[w->lbuf_id];
	/* The owner is published last; it orders the reads of base and size. */
	if (__atomic_load_n(&lb->owner, __ATOMIC_ACQUIRE) != owner || owner == NULL)
		return RTE_RMC_STATUS_BAD_LBUF;
	lb_size = lb->size;
	/* Written so that offset + length cannot overflow. */
	if (w->lbuf_offset > lb_size || w->length > lb_size - w->lbuf_offset)
		return RTE_RMC_STATUS_BAD_LBUF;
	*lbuf_addr = lb->base + w->lbuf_offset;
	return RTE_RMC_STATUS_OK;
}

/*
 * The check of a transfer already started, before each of its next chunks:
 * as rmc_wqe_check(), and a buffer its owner released meanwhile still
 * validates for that owner's transfer. The node keeps such a buffer mapped,
 * draining, until no request of its owner is in the RMC (then frees it), so
 * that a started transfer finishes whole rather than half applied; no new
 * request can use it.
 */
static inline enum rte_rmc_status
rmc_wqe_check_started(const struct rte_rmc_wqe *w, uint16_t node_count,
		const struct rmc_lbuf *lbufs, uint32_t nb_lbufs, const void *owner,
		uint8_t **lbuf_addr)
{
	enum rte_rmc_status st;
	const struct rmc_lbuf *lb;

	st = rmc_wqe_check_inline(w, node_count, lbufs, nb_lbufs, owner, lbuf_addr);
	if (st != RTE_RMC_STATUS_BAD_LBUF || owner == NULL || w->lbuf_id >= nb_lbufs)
		return st;
	lb = &lbufs[w->lbuf_id];
	if (__atomic_load_n(&lb->dying, __ATOMIC_ACQUIRE) != owner)
		return st;
	/* Written so that offset + length cannot overflow. */
	if (w->lbuf_offset > lb->size || w->length > lb->size - w->lbuf_offset)
		return RTE_RMC_STATUS_BAD_LBUF;
	*lbuf_addr = lb->base + w->lbuf_offset;
	return RTE_RMC_STATUS_OK;
}

#endif /* _RMC_WQE_CHECK_H_ */
