/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * Request completion pipeline (RCP): turns a finished request into a CQ
 * entry. The entry's fields are written first and its phase last, with
 * release ordering, so the application never sees a half-written entry.
 */

#include "rmc_private.h"

void
rmc_rcp_complete(struct rte_rmc_node *node, struct rmc_qp_rt *qp, uint32_t wq_index,
		uint64_t tag, uint64_t value, uint16_t status)
{
	uint64_t pos = qp->cq_tail;
	struct rte_rmc_cqe *c = &qp->cq[pos & qp->mask];

	RTE_SET_USED(node);
	c->user_tag = tag;
	c->value = value;
	c->wq_index = wq_index;
	c->status = status;
	c->reserved = 0;
	__atomic_store_n(&c->phase, (uint8_t)rte_rmc_phase(pos, qp->depth), __ATOMIC_RELEASE);
	qp->cq_tail = pos + 1;
	qp->stats.status[status < RTE_RMC_STATUS_MAX ? status : RTE_RMC_STATUS_INTERNAL]++;
}
