/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _RMC_EXEC_H_
#define _RMC_EXEC_H_

/*
 * Execution of one validated piece of a request on a context view: bounds,
 * permission, then the copy or the atomic. Inline, because it is on the
 * per-request path of the RMC (through direct-access drivers) and of the
 * inline mode; rmc_ctx_execute() is the same for everyone else.
 */

#include <string.h>

#include <rte_memcpy.h>

#include "rmc_private.h"
#include "rmc_wqe_check.h"

static __rte_always_inline enum rte_rmc_status
rmc_ctx_execute_inline(const struct rmc_ctx_view *cv, struct rmc_xfer *x)
{
	uint64_t check = RTE_MAX(x->length, x->check_length);
	uint64_t *word;

	if (cv == NULL || !__atomic_load_n(&cv->valid, __ATOMIC_ACQUIRE))
		return RTE_RMC_STATUS_BAD_CTX;
	/* Written so that offset + length cannot overflow. */
	if (x->ctx_offset > cv->size || check > cv->size - x->ctx_offset)
		return RTE_RMC_STATUS_OUT_OF_BOUNDS;
	if (rmc_op_writes(x->opcode) && cv->perm != RTE_RMC_PERM_RW)
		return RTE_RMC_STATUS_PERM;
	switch (x->opcode) {
	case RTE_RMC_OP_READ:
		rte_memcpy(x->lbuf, cv->base + x->ctx_offset, x->length);
		break;
	case RTE_RMC_OP_WRITE:
		rte_memcpy(cv->base + x->ctx_offset, x->lbuf, x->length);
		break;
	case RTE_RMC_OP_CAS:
		word = (uint64_t *)(void *)(cv->base + x->ctx_offset);
		x->result = x->operand0;
		__atomic_compare_exchange_n(word, &x->result, x->operand1, 0,
			__ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
		memcpy(x->lbuf, &x->result, sizeof(x->result));
		break;
	case RTE_RMC_OP_FAA:
		word = (uint64_t *)(void *)(cv->base + x->ctx_offset);
		x->result = __atomic_fetch_add(word, x->operand0, __ATOMIC_SEQ_CST);
		memcpy(x->lbuf, &x->result, sizeof(x->result));
		break;
	default:
		return RTE_RMC_STATUS_BAD_OPCODE;
	}
	return RTE_RMC_STATUS_OK;
}

#endif /* _RMC_EXEC_H_ */
