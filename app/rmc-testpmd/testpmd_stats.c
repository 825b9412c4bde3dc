/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * Statistics, latency model and configuration commands. Nodes hosted by this
 * process are read with the native node API (rte_rmc_node_stats_get() and
 * its QP variant); nodes of an attached cluster of rmcd processes through
 * their control socket (rte_rmc_stats_get()). Both read the same counters as
 * the /rmc/ telemetry commands.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <rte_common.h>

#include "testpmd.h"
#include "testpmd_cluster.h"
#include "testpmd_out.h"
#include "testpmd_stats.h"

static void
tp_print_stats(const struct rte_rmc_stats *st, const char *indent)
{
	uint64_t errors = 0, total;
	unsigned int i;
	int any;

	tp_printf("%sRequests:    read %-12" PRIu64 " write %-12" PRIu64 " cas %-10" PRIu64
		" faa %-10" PRIu64 " invalid %-10" PRIu64 " sabre %" PRIu64 "\n", indent,
		st->requests[RTE_RMC_OP_READ], st->requests[RTE_RMC_OP_WRITE],
		st->requests[RTE_RMC_OP_CAS], st->requests[RTE_RMC_OP_FAA],
		st->requests[RTE_RMC_OP_NONE], st->requests[RTE_RMC_OP_SABRE]);
	tp_printf("%sBytes:       read %-12" PRIu64 " write %-12" PRIu64 " cas %-10" PRIu64
		" faa %" PRIu64, indent, st->bytes[RTE_RMC_OP_READ],
		st->bytes[RTE_RMC_OP_WRITE], st->bytes[RTE_RMC_OP_CAS],
		st->bytes[RTE_RMC_OP_FAA]);
	/* (Only when used, so that the line reads as before SABRes existed.) */
	if (st->bytes[RTE_RMC_OP_SABRE] != 0)
		tp_printf(" sabre %" PRIu64, st->bytes[RTE_RMC_OP_SABRE]);
	tp_printf("\n");
	tp_printf("%sCompletions: ok %" PRIu64, indent, st->completions[RTE_RMC_STATUS_OK]);
	for (i = 1; i < RTE_RMC_STATUS_MAX; i++) {
		errors += st->completions[i];
		if (st->completions[i] != 0)
			tp_printf("  %s %" PRIu64, rte_rmc_status_name(i), st->completions[i]);
	}
	tp_printf("  (errors %" PRIu64 ")\n", errors);
	tp_printf("%sIn flight:   %" PRIu64 " in the RMC, %" PRIu64 " waiting in WQs    "
		"CQ unread: %" PRIu64 "    QPs: %u\n", indent, st->in_flight, st->wq_pending,
		st->cq_unread, st->nb_qps);
	total = 0;
	for (i = 0; i < RTE_RMC_STATS_HIST_BUCKETS; i++)
		total += st->latency_hist[i];
	if (total == 0)
		return;
	tp_printf("%sRMC latency: p50 < %" PRIu64 " ns, p99 < %" PRIu64 " ns; histogram:",
		indent, rte_rmc_stats_percentile_ns(st, 50), rte_rmc_stats_percentile_ns(st, 99));
	any = 0;
	for (i = 0; i < RTE_RMC_STATS_HIST_BUCKETS; i++) {
		if (st->latency_hist[i] == 0)
			continue;
		if (i + 1 < RTE_RMC_STATS_HIST_BUCKETS)
			tp_printf("%s[%" PRIu64 ",%" PRIu64 ") %" PRIu64, any ? "  " : " ",
				rte_rmc_stats_hist_lower_ns(i), rte_rmc_stats_hist_lower_ns(i + 1),
				st->latency_hist[i]);
		else
			tp_printf("%s>=%" PRIu64 " %" PRIu64, any ? "  " : " ",
				rte_rmc_stats_hist_lower_ns(i), st->latency_hist[i]);
		any = 1;
	}
	tp_printf("\n");
}

static int
tp_show_node_stats(unsigned int nid)
{
	struct rte_rmc_stats st, sq;
	struct tp_node *n = &tp.n[nid];
	uint32_t ids[64], depth, pid;
	int i, nq, ret;

	if (n->node != NULL) {
		ret = rte_rmc_node_stats_get(n->node, &st);
	} else {
		n = tp_session(nid);
		if (n == NULL)
			return -1;
		ret = rte_rmc_stats_get(n->sess, &st);
	}
	if (ret < 0)
		return tp_error("cannot read the statistics of node %u: %s", nid, strerror(-ret));
	tp_printf("  ######################## RMC statistics for node %-3u"
		"#######################\n", nid);
	tp_print_stats(&st, "  ");
	if (n->node != NULL) {
		nq = rte_rmc_node_qp_list(n->node, ids, RTE_DIM(ids));
		for (i = 0; i < RTE_MIN(nq, (int)RTE_DIM(ids)); i++) {
			if (rte_rmc_node_qp_stats_get(n->node, ids[i], &sq, &depth, &pid) < 0)
				continue;
			tp_printf("  -- QP %u (depth %u, owner pid %u)\n", ids[i], depth, pid);
			tp_print_stats(&sq, "     ");
		}
	}
	tp_printf("  ###################################################################"
		"########\n");
	return 0;
}

int
tp_show_stats(int nid)
{
	unsigned int i;
	int ret = 0;

	if (nid >= 0)
		return tp_check_node(nid) < 0 ? -1 : tp_show_node_stats(nid);
	for (i = 0; i < tp.nb_nodes; i++)
		if (tp_show_node_stats(i) < 0)
			ret = -1;
	return ret;
}

static int
tp_clear_node_stats(unsigned int nid)
{
	struct tp_node *n = &tp.n[nid];
	int ret;

	if (n->node != NULL) {
		ret = rte_rmc_node_stats_reset(n->node);
	} else {
		n = tp_session(nid);
		if (n == NULL)
			return -1;
		ret = rte_rmc_stats_reset(n->sess);
	}
	if (ret < 0)
		return tp_error("cannot reset the statistics of node %u: %s", nid,
			strerror(-ret));
	tp_printf("node %u: statistics cleared\n", nid);
	return 0;
}

int
tp_clear_stats(int nid)
{
	unsigned int i;
	int ret = 0;

	if (nid >= 0)
		return tp_check_node(nid) < 0 ? -1 : tp_clear_node_stats(nid);
	for (i = 0; i < tp.nb_nodes; i++)
		if (tp_clear_node_stats(i) < 0)
			ret = -1;
	return ret;
}

int
tp_set_latency(unsigned int nid, uint64_t base_ns, uint64_t per_chunk_ns)
{
	struct tp_node *n;
	int ret;

	if (tp_check_node(nid) < 0)
		return -1;
	n = &tp.n[nid];
	if (n->node != NULL) {
		ret = rte_rmc_node_latency_set(n->node, base_ns, per_chunk_ns);
	} else {
		n = tp_session(nid);
		if (n == NULL)
			return -1;
		ret = rte_rmc_latency_set(n->sess, base_ns, per_chunk_ns);
	}
	if (ret == -ENOTSUP)
		return tp_error("node %u: this build of librte_rmc has no latency model", nid);
	if (ret < 0)
		return tp_error("node %u: cannot set the latency model: %s", nid, strerror(-ret));
	if (base_ns == 0 && per_chunk_ns == 0)
		tp_printf("node %u: latency model off\n", nid);
	else
		tp_printf("node %u: latency model %" PRIu64 " ns + %" PRIu64 " ns per chunk\n",
			nid, base_ns, per_chunk_ns);
	return 0;
}

int
tp_show_config(void)
{
	char dir[4096];
	unsigned int i;

	if (rte_rmc_cluster_dir(tp.o.cluster, dir, sizeof(dir)) < 0)
		dir[0] = '\0';
	tp_printf("mode:            %s\n", tp.o.attach ?
		"attached to a running cluster of rmcd processes" : "nodes hosted in this process");
	tp_printf("cluster:         %s (%u node%s, sockets in %s)\n", tp.o.cluster, tp.nb_nodes,
		tp.nb_nodes == 1 ? "" : "s", dir);
	tp_printf("current node:    %u (issues read, write, cas, faa, bench)\n", tp.cur);
	tp_printf("RMCs:            %s\n", tp.where);
	if (!tp.o.attach) {
		tp_printf("driver:          %s\n", tp.o.driver);
		if (tp.o.ctx0_size != 0)
			tp_printf("context 0:       %" PRIu64 " bytes on every node at start\n",
				tp.o.ctx0_size);
		else
			tp_printf("context 0:       none at start (create contexts with ctx "
				"create)\n");
		tp_printf("EAL prefix:      %s\n", tp.o.prefix);
		tp_printf("telemetry:       %s/dpdk_telemetry.v2 (dpdk-telemetry.py -f %s)\n",
			tp.eal_dir, tp.o.prefix);
	}
	tp_printf("sessions:       ");
	for (i = 0; i < tp.nb_nodes; i++)
		if (tp.n[i].sess != NULL)
			tp_printf(" node %u", i);
	tp_printf("\n");
	return 0;
}
