/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The latency model's lines of "show stats": the node's model as a
 * destination, and what its applications' libraries counted (target,
 * achieved, late), for the node and each QP that was under a model.
 */

#include <inttypes.h>
#include <stdint.h>

#include <rte_rmc.h>
#include <rte_rmc_latency.h>
#include <rte_rmc_node.h>

#include "testpmd_out.h"
#include "testpmd_stats.h"

static void
tp_print_lat_counts(const struct rte_rmc_latency_info *li, const char *indent)
{
	tp_printf("%slatency model: %" PRIu64 " completions, target mean %" PRIu64
		" ns, achieved p50 ~%" PRIu64 " ns p99 ~%" PRIu64 " ns (mean %" PRIu64
		"), late %" PRIu64 " (max %" PRIu64 " ns)\n", indent, li->count,
		li->target_ns_mean, li->target_ns_mean + li->excess_p50_ns,
		li->target_ns_mean + li->excess_p99_ns, li->achieved_ns_mean, li->late,
		li->late_ns_max);
	/* Late means the platform itself came after the deadline: say what it reaches. */
	if (li->late * 100 > li->count)
		tp_printf("%s  more than 1 %% late: the target is below what this platform "
			"reaches (its own p50 here: ~%" PRIu64 " ns)\n", indent,
			li->target_ns_mean + li->excess_p50_ns);
}

void
tp_print_latency(struct rte_rmc_node *node, const uint32_t *qp_ids, int nq)
{
	struct rte_rmc_latency_info li;
	int i;

	if (rte_rmc_node_latency_get(node, &li) < 0)
		return;
	if (li.on)
		tp_printf("  latency model of this node as a destination: %" PRIu64 " ns + %"
			PRIu64 " ns per %" PRIu64 " bytes, one-way %" PRIu64 " ns%s\n",
			li.base_ns, li.per_chunk_ns, li.chunk_size, li.oneway_ns,
			li.oneway_ns == 0 ? " (half)" : "");
	if (li.count == 0)
		return;
	tp_print_lat_counts(&li, "  ");
	for (i = 0; i < nq; i++)
		if (rte_rmc_node_qp_latency_get(node, qp_ids[i], &li) == 0 && li.count > 0) {
			tp_printf("  -- QP %u: ", qp_ids[i]);
			tp_print_lat_counts(&li, "");
		}
}
