/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _RMC_RCP_H_
#define _RMC_RCP_H_

/*
 * Request completion (RCP): the one module that writes a QP's CQ. A
 * completion is written now (rmc_rcp_write), at the end of a burst
 * (rmc_rcp_write_burst), or by the layers above (rmc_rcp_complete). Every writer stores the fields first and
 * the phase last, with release, so that the application never sees a
 * half-written entry.
 */

#include <stdint.h>

#include "rmc_private.h"

void rmc_rcp_complete(struct rte_rmc_node *node, struct rmc_qp_rt *qp, uint32_t wq_index,
		uint64_t tag, uint64_t value, uint16_t status);

/* Write a CQ entry now: fields first, the phase last with release. */
static inline void
rmc_rcp_write(struct rmc_qp_rt *qp, uint32_t wq_index, uint64_t tag, uint64_t value,
		uint16_t status)
{
	uint64_t pos = qp->cq_tail;
	struct rte_rmc_cqe *c = &qp->cq[pos & qp->mask];

	c->user_tag = tag;
	c->value = value;
	c->wq_index = wq_index;
	c->status = status;
	c->reserved = 0;
	__atomic_store_n(&c->phase, (uint8_t)rte_rmc_phase(pos, qp->depth), __ATOMIC_RELEASE);
	qp->cq_tail = pos + 1;
	qp->stats.status[status < RTE_RMC_STATUS_MAX ? status : RTE_RMC_STATUS_INTERNAL]++;
}


/* A completion waiting for the end of its burst. */
struct rmc_rcp_cpl {
	uint64_t tag;
	uint64_t value;
	uint32_t wq_index;
	uint16_t status;
};

/* Write the completions of a burst, the first one last (see rmc_rcp.c). */
static inline void
rmc_rcp_write_burst(struct rmc_qp_rt *qp, const struct rmc_rcp_cpl *cpl, int n)
{
	uint64_t base = qp->cq_tail;
	int k;

	for (k = n - 1; k >= 0; k--) {
		qp->cq_tail = base + k;
		rmc_rcp_write(qp, cpl[k].wq_index, cpl[k].tag, cpl[k].value, cpl[k].status);
	}
	qp->cq_tail = base + n;
}

#endif /* _RMC_RCP_H_ */
