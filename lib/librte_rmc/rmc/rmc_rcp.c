/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * Request completion pipeline (RCP): turns a finished request into a CQ
 * entry (rmc_rcp_write(), in rmc_private.h: fields first, phase last with
 * release, so the application never sees a half-written entry).
 *
 * rmc_rcp_write_burst() writes the completions of one burst of the RGP at
 * once, the first one last: every entry but the first is complete (phase
 * included) before the first one's phase is stored, so an application that
 * polls the head of its CQ finds the whole burst at once, and the CQ's lines
 * are taken from the application once per burst instead of once per request.
 * Stores are seen in program order (release), so no entry is seen half-done.
 *
 * The latency model's hook is here: when the request was taken with the
 * model on (issue_tsc != 0), its completion is not written but held in the
 * node's deferred-completion queue until its deadline; rmc_latency_drain()
 * writes it then. A held completion still counts in the QP's 'inflight', so
 * the CQ room, FENCE and QP retirement treat it as not yet done.
 */

#include "rmc_private.h"
#include "rmc_rcp.h"

void
rmc_rcp_complete(struct rte_rmc_node *node, struct rmc_qp_rt *qp, uint32_t wq_index,
		uint64_t tag, uint64_t value, uint16_t status, uint64_t issue_tsc,
		uint64_t chunks)
{
	if (unlikely(issue_tsc != 0)) {
		uint64_t deadline = rmc_latency_deadline(qp->lat, issue_tsc, chunks);

		if (deadline > issue_tsc &&
				rmc_latency_hold(node, qp, wq_index, tag, value, status, deadline) == 0)
			return;
	}
	rmc_rcp_write(qp, wq_index, tag, value, status);
}
