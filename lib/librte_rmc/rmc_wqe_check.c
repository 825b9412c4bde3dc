/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#include "rmc_private.h"
#include "rmc_wqe_check.h"

enum rte_rmc_status
rmc_wqe_check(const struct rte_rmc_wqe *w, uint16_t node_count,
		const struct rmc_lbuf *lbufs, uint32_t nb_lbufs, const void *owner,
		uint8_t **lbuf_addr)
{
	const struct rmc_lbuf *lb;
	uint64_t lb_size;

	if (w->opcode < RTE_RMC_OP_READ || w->opcode > RTE_RMC_OP_FAA)
		return RTE_RMC_STATUS_BAD_OPCODE;
	if ((w->flags & ~RTE_RMC_F_ALL) != 0 || w->reserved != 0)
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
