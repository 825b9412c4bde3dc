/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/* The SABRe requests (rte_rmc_sabre.h), as rmc_ops.c builds the others. */

#include <string.h>

#include "rte_rmc.h"
#include "rte_rmc_sabre.h"

#include "rmc_app.h"

int
rte_rmc_sabre(struct rte_rmc_qp *qp, const struct rte_rmc_lbuf *lbuf, uint64_t lbuf_off,
		uint16_t nid, uint16_t ctx_id, uint64_t ctx_off, uint64_t len, uint64_t tag,
		uint32_t flags)
{
	struct rte_rmc_wqe w;

	rmc_wqe_fill(&w, RTE_RMC_OP_SABRE, lbuf, lbuf_off, nid, ctx_id, ctx_off, len, tag, flags);
	return rte_rmc_post(qp, &w);
}

int
rte_rmc_sabre_sync(struct rte_rmc_qp *qp, const struct rte_rmc_lbuf *lbuf,
		uint64_t lbuf_off, uint16_t nid, uint16_t ctx_id, uint64_t ctx_off, uint64_t len,
		uint64_t *version, uint32_t timeout_us)
{
	struct rte_rmc_wqe w;

	rmc_wqe_fill(&w, RTE_RMC_OP_SABRE, lbuf, lbuf_off, nid, ctx_id, ctx_off, len, 0, 0);
	return rte_rmc_exec_sync(qp, &w, timeout_us, version);
}
