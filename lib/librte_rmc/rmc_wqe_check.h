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
 * executes, by rmc_ctx_execute().
 */

#include <stdint.h>

#include "rte_rmc.h"

struct rmc_lbuf;

/*
 * Check a copied entry. 'owner' is the session of the QP that carried it; a
 * local buffer registered by another session is refused. On success stores
 * the validated local-buffer address of the first byte in *lbuf_addr.
 * The first failing check decides the status, in this order: opcode, flags and
 * reserved field, node id, length, alignment, local buffer.
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

#endif /* _RMC_WQE_CHECK_H_ */
