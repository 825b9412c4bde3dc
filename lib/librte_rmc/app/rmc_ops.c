/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The one-call requests (read, write, compare-and-swap, fetch-and-add),
 * asynchronous and synchronous: each builds a WQ entry and hands it to
 * rte_rmc_post() or rte_rmc_exec_sync(), which do the QP's work.
 */

#include <string.h>

#include "rte_rmc.h"

#include "rmc_app.h"

int
rte_rmc_read(struct rte_rmc_qp *qp, const struct rte_rmc_lbuf *lbuf, uint64_t lbuf_off,
		uint16_t nid, uint16_t ctx_id, uint64_t ctx_off, uint64_t len, uint64_t tag,
		uint32_t flags)
{
	struct rte_rmc_wqe w;

	rmc_wqe_fill(&w, RTE_RMC_OP_READ, lbuf, lbuf_off, nid, ctx_id, ctx_off, len, tag, flags);
	return rte_rmc_post(qp, &w);
}

int
rte_rmc_write(struct rte_rmc_qp *qp, const struct rte_rmc_lbuf *lbuf, uint64_t lbuf_off,
		uint16_t nid, uint16_t ctx_id, uint64_t ctx_off, uint64_t len, uint64_t tag,
		uint32_t flags)
{
	struct rte_rmc_wqe w;

	rmc_wqe_fill(&w, RTE_RMC_OP_WRITE, lbuf, lbuf_off, nid, ctx_id, ctx_off, len, tag, flags);
	return rte_rmc_post(qp, &w);
}

int
rte_rmc_cas(struct rte_rmc_qp *qp, const struct rte_rmc_lbuf *lbuf, uint64_t lbuf_off,
		uint16_t nid, uint16_t ctx_id, uint64_t ctx_off, uint64_t expected,
		uint64_t desired, uint64_t tag, uint32_t flags)
{
	struct rte_rmc_wqe w;

	rmc_wqe_fill(&w, RTE_RMC_OP_CAS, lbuf, lbuf_off, nid, ctx_id, ctx_off, 8, tag, flags);
	w.operand0 = expected;
	w.operand1 = desired;
	return rte_rmc_post(qp, &w);
}

int
rte_rmc_faa(struct rte_rmc_qp *qp, const struct rte_rmc_lbuf *lbuf, uint64_t lbuf_off,
		uint16_t nid, uint16_t ctx_id, uint64_t ctx_off, uint64_t add, uint64_t tag,
		uint32_t flags)
{
	struct rte_rmc_wqe w;

	rmc_wqe_fill(&w, RTE_RMC_OP_FAA, lbuf, lbuf_off, nid, ctx_id, ctx_off, 8, tag, flags);
	w.operand0 = add;
	return rte_rmc_post(qp, &w);
}

int
rte_rmc_read_sync(struct rte_rmc_qp *qp, const struct rte_rmc_lbuf *lbuf, uint64_t lbuf_off,
		uint16_t nid, uint16_t ctx_id, uint64_t ctx_off, uint64_t len,
		uint32_t timeout_us)
{
	struct rte_rmc_wqe w;

	rmc_wqe_fill(&w, RTE_RMC_OP_READ, lbuf, lbuf_off, nid, ctx_id, ctx_off, len, 0, 0);
	return rte_rmc_exec_sync(qp, &w, timeout_us, NULL);
}

int
rte_rmc_write_sync(struct rte_rmc_qp *qp, const struct rte_rmc_lbuf *lbuf,
		uint64_t lbuf_off, uint16_t nid, uint16_t ctx_id, uint64_t ctx_off, uint64_t len,
		uint32_t timeout_us)
{
	struct rte_rmc_wqe w;

	rmc_wqe_fill(&w, RTE_RMC_OP_WRITE, lbuf, lbuf_off, nid, ctx_id, ctx_off, len, 0, 0);
	return rte_rmc_exec_sync(qp, &w, timeout_us, NULL);
}

int
rte_rmc_cas_sync(struct rte_rmc_qp *qp, const struct rte_rmc_lbuf *lbuf, uint64_t lbuf_off,
		uint16_t nid, uint16_t ctx_id, uint64_t ctx_off, uint64_t expected,
		uint64_t desired, uint64_t *old, uint32_t timeout_us)
{
	struct rte_rmc_wqe w;

	rmc_wqe_fill(&w, RTE_RMC_OP_CAS, lbuf, lbuf_off, nid, ctx_id, ctx_off, 8, 0, 0);
	w.operand0 = expected;
	w.operand1 = desired;
	return rte_rmc_exec_sync(qp, &w, timeout_us, old);
}

int
rte_rmc_faa_sync(struct rte_rmc_qp *qp, const struct rte_rmc_lbuf *lbuf, uint64_t lbuf_off,
		uint16_t nid, uint16_t ctx_id, uint64_t ctx_off, uint64_t add, uint64_t *old,
		uint32_t timeout_us)
{
	struct rte_rmc_wqe w;

	rmc_wqe_fill(&w, RTE_RMC_OP_FAA, lbuf, lbuf_off, nid, ctx_id, ctx_off, 8, 0, 0);
	w.operand0 = add;
	return rte_rmc_exec_sync(qp, &w, timeout_us, old);
}
