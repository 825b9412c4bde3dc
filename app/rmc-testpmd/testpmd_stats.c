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
#include <rte_cycles.h>
#include <rte_rmc_latency.h>

#include "testpmd.h"
#include "testpmd_admin.h"
#include "testpmd_cluster.h"
#include "testpmd_out.h"
#include "testpmd_stats.h"

/* A range of nanoseconds in the unit its upper end reads best in: "[64, 128) ns". */
static void
tp_fmt_range(char *buf, size_t len, uint64_t lo, uint64_t hi)
{
	double div = hi <= 4096 ? 1 : hi <= 4096000 ? 1e3 : 1e6;
	const char *unit = hi <= 4096 ? "ns" : hi <= 4096000 ? "\u00b5s" : "ms";

	if (div == 1)
		snprintf(buf, len, "[%" PRIu64 ", %" PRIu64 ") ns", lo, hi);
	else
		snprintf(buf, len, "[%.3g, %.3g) %s", lo / div, hi / div, unit);
}

/* Where a percentile of the histogram lies: a bucket's range, never one of its ends. */
static void
tp_fmt_pct(char *buf, size_t len, const struct rte_rmc_stats *st, double pct)
{
	int b = rte_rmc_stats_percentile_bucket(st, pct);

	if (b < 0)
		snprintf(buf, len, "-");
	else if (b == RTE_RMC_STATS_HIST_BUCKETS - 1)
		snprintf(buf, len, ">= %" PRIu64 " ns", rte_rmc_stats_hist_lower_ns(b));
	else
		tp_fmt_range(buf, len, rte_rmc_stats_hist_lower_ns(b),
			rte_rmc_stats_hist_lower_ns(b + 1));
}

/*
 * The RMC-time histogram, labelled as what it is: a sample (one burst in 16
 * per QP is timed), with its size, and percentiles as the bucket they fall in.
 */
static void
tp_print_hist(const struct rte_rmc_stats *st, const char *indent)
{
	uint64_t samples = rte_rmc_stats_hist_samples(st), all = 0;
	char p50[64], p99[64], r[64];
	unsigned int i;

	if (samples == 0)
		return;
	for (i = 0; i < RTE_RMC_STATS_OPS; i++)
		all += st->requests[i];
	tp_fmt_pct(p50, sizeof(p50), st, 50);
	tp_fmt_pct(p99, sizeof(p99), st, 99);
	tp_printf("%sRMC time (sampled: %" PRIu64 " of %" PRIu64 " requests timed, 1 burst "
		"in 16 per QP): p50 in %s", indent, samples, all, p50);
	if (samples >= 100)
		tp_printf(", p99 in %s\n", p99);
	else
		tp_printf("; no p99 from fewer than 100 samples\n");
	tp_printf("%s  histogram:", indent);
	for (i = 0; i < RTE_RMC_STATS_HIST_BUCKETS; i++) {
		if (st->latency_hist[i] == 0)
			continue;
		if (i + 1 < RTE_RMC_STATS_HIST_BUCKETS)
			tp_fmt_range(r, sizeof(r), rte_rmc_stats_hist_lower_ns(i),
				rte_rmc_stats_hist_lower_ns(i + 1));
		else
			snprintf(r, sizeof(r), ">= %" PRIu64 " ns", rte_rmc_stats_hist_lower_ns(i));
		tp_printf("  %s %" PRIu64, r, st->latency_hist[i]);
	}
	tp_printf("\n");
}

/* The peers' requests the node served (struct rte_rmc_served_stats). */
static void
tp_print_served(const struct rte_rmc_served_stats *sv, const char *indent)
{
	uint64_t errors = 0;
	unsigned int i;

	tp_printf("%sServed:      read %-12" PRIu64 " write %-12" PRIu64 " cas %-10" PRIu64
		" faa %-10" PRIu64 " (peers' requests to this node)\n", indent,
		sv->requests[RTE_RMC_OP_READ], sv->requests[RTE_RMC_OP_WRITE],
		sv->requests[RTE_RMC_OP_CAS], sv->requests[RTE_RMC_OP_FAA]);
	tp_printf("%sServed bytes: read %-11" PRIu64 " write %-12" PRIu64 " cas %-10" PRIu64
		" faa %" PRIu64 "\n", indent, sv->bytes[RTE_RMC_OP_READ],
		sv->bytes[RTE_RMC_OP_WRITE], sv->bytes[RTE_RMC_OP_CAS], sv->bytes[RTE_RMC_OP_FAA]);
	tp_printf("%sServed as:   ok %" PRIu64, indent, sv->completions[RTE_RMC_STATUS_OK]);
	for (i = 1; i < RTE_RMC_STATUS_MAX; i++) {
		errors += sv->completions[i];
		if (sv->completions[i] != 0)
			tp_printf("  %s %" PRIu64, rte_rmc_status_name(i), sv->completions[i]);
	}
	tp_printf("  (errors %" PRIu64 ")\n", errors);
}

static void
tp_print_stats(const struct rte_rmc_stats *st, const char *indent)
{
	uint64_t errors = 0;
	unsigned int i;

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
	if (st->inline_requests != 0)
		tp_printf("%sInline:      %" PRIu64 " requests, %" PRIu64 " bytes, %" PRIu64
			" errors (reported by the application, which executed them itself: "
			"not seen by the RMC)\n", indent, st->inline_requests, st->inline_bytes,
			st->inline_errors);
	tp_print_hist(st, indent);
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
	tp_print_served(&st.served, "  ");
	if (n->node != NULL) {
		nq = rte_rmc_node_qp_list(n->node, ids, RTE_DIM(ids));
		for (i = 0; i < RTE_MIN(nq, (int)RTE_DIM(ids)); i++) {
			if (rte_rmc_node_qp_stats_get(n->node, ids[i], &sq, &depth, &pid) < 0)
				continue;
			tp_printf("  -- QP %u (depth %u, owner pid %u)\n", ids[i], depth, pid);
			tp_print_stats(&sq, "     ");
		}
		tp_print_latency(n->node, ids, RTE_MIN(nq, (int)RTE_DIM(ids)));
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
	char params[16], why[256] = "";
	int ret;

	if (n->node != NULL) {
		ret = rte_rmc_node_stats_reset(n->node);
	} else {
		/* The operator's: the node's admin channel, else the application API. */
		snprintf(params, sizeof(params), "%u", nid);
		ret = tp_admin_cmd(nid, "/rmc/admin/stats_reset", params, why, sizeof(why));
		if (ret == -EIO)
			return tp_error("cannot reset the statistics of node %u: %s", nid, why);
		if (ret == 0) {
			tp_printf("node %u: statistics cleared (admin channel)\n", nid);
			return 0;
		}
		n = tp_session(nid);
		if (n == NULL)
			return -1;
		ret = rte_rmc_stats_reset(n->sess);
		if (ret < 0)
			return tp_error("cannot reset the statistics of node %u: %s; through the "
				"application API: %s", nid, why, strerror(-ret));
		tp_printf("node %u: statistics cleared (application API)\n", nid);
		return 0;
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

static void
tp_latency_done(unsigned int nid, uint64_t base_ns, uint64_t per_chunk_ns, const char *how)
{
	if (base_ns == 0 && per_chunk_ns == 0)
		tp_printf("node %u: latency model off%s\n", nid, how);
	else
		tp_printf("node %u: latency model %" PRIu64 " ns + %" PRIu64 " ns per chunk%s\n",
			nid, base_ns, per_chunk_ns, how);
}

/*
 * Attach mode: the node's admin channel, else (socket unreachable) the
 * application API, which works only on a node started with --allow-app-admin.
 * 0 done, -1 failed (said which channel was tried and why).
 */
static int
tp_admin_latency(unsigned int nid, uint64_t base_ns, uint64_t per_chunk_ns)
{
	char params[64], why[256] = "";
	struct tp_node *n;
	int ret;

	snprintf(params, sizeof(params), "%u,%" PRIu64 ",%" PRIu64, nid, base_ns, per_chunk_ns);
	ret = tp_admin_cmd(nid, "/rmc/admin/latency", params, why, sizeof(why));
	if (ret == 0) {
		tp_latency_done(nid, base_ns, per_chunk_ns, " (admin channel)");
		return 0;
	}
	if (ret == -EIO)
		return tp_error("node %u: cannot set the latency model: %s", nid, why);
	n = tp_session(nid);
	if (n == NULL)
		return -1;
	ret = rte_rmc_latency_set(n->sess, base_ns, per_chunk_ns);
	if (ret < 0)
		return tp_error("node %u: cannot set the latency model: %s; through the "
			"application API: %s", nid, why, ret == -ENOTSUP ?
			"this build of librte_rmc has no latency model" : strerror(-ret));
	tp_latency_done(nid, base_ns, per_chunk_ns, " (application API)");
	return 0;
}

/*
 * Until every hosted node's library knows node nid's new model (bounded): on
 * eth and xen it travels in a protocol message that the peer's RMC handles at
 * its next pass, and a bench started at once would run under the previous model.
 */
static void
tp_latency_wait(unsigned int nid, uint64_t base_ns, uint64_t per_chunk_ns)
{
	uint64_t limit = rte_rdtsc() + 2 * rte_get_tsc_hz();
	struct rte_rmc_latency_model m;
	struct tp_node *n;
	unsigned int j;

	for (j = 0; j < tp.nb_nodes; j++) {
		n = tp.n[j].node != NULL ? tp_session(j) : NULL;
		if (n == NULL)
			continue;
		memset(&m, 0, sizeof(m));
		while (rte_rmc_latency_get(n->sess, nid, &m) == 0 && (m.base_ns != base_ns ||
				m.per_chunk_ns != per_chunk_ns) && rte_rdtsc() < limit)
			rte_delay_us_sleep(1000);
		if (m.base_ns != base_ns || m.per_chunk_ns != per_chunk_ns)
			tp_printf("node %u does not know node %u's new model yet\n", j, nid);
	}
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
		return tp_admin_latency(nid, base_ns, per_chunk_ns);
	}
	if (ret == -ENOTSUP)
		return tp_error("node %u: this build of librte_rmc has no latency model", nid);
	if (ret < 0)
		return tp_error("node %u: cannot set the latency model: %s", nid, strerror(-ret));
	tp_latency_wait(nid, base_ns, per_chunk_ns);
	tp_latency_done(nid, base_ns, per_chunk_ns, "");
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
