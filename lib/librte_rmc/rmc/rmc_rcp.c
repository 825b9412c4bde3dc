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
 * The latency model holds nothing here: the library of the application
 * holds each completion until its deadline (rmc_app_lat.c), and the RMC only
 * starts a timed request at its start time (rmc_rgp.c).
 */

#include "rmc_rcp.h"

void
rmc_rcp_complete(struct rte_rmc_node *node, struct rmc_qp_rt *qp, uint32_t wq_index,
		uint64_t tag, uint64_t value, uint16_t status)
{
	RTE_SET_USED(node);
	rmc_rcp_write(qp, wq_index, tag, value, status);
}
