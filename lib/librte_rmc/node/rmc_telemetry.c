/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * DPDK telemetry for the nodes hosted by this process, so that
 * dpdk-telemetry.py (or any client of the telemetry socket) can read them
 * from rmcd, rmc-testpmd or any program hosting nodes:
 *
 *   /rmc/nodes                  ids of the nodes hosted here
 *   /rmc/node/info,<nid>        cluster, driver, RMC placement, peers, contexts
 *   /rmc/node/stats,<nid>       node totals (struct rte_rmc_stats)
 *   /rmc/qp/list,<nid>          ids of the node's live QPs
 *   /rmc/qp/stats,<nid>,<qp>    one QP's counters, depth and owner
 *   /rmc/node/fabric,<nid>      protocol counters (message drivers: ring, eth)
 *
 * and the operator's admin commands (rmc_telemetry_admin.c).
 *
 * <nid> may be left out when the process hosts a single node (rmcd).
 * Callbacks run on the telemetry thread: the registry lock keeps a node from
 * being destroyed while a callback reads it.
 */

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_common.h>
#include <rte_telemetry.h>

#include "rmc_driver.h"
#include "rmc_private.h"
#include "rte_rmc_latency.h"

static pthread_mutex_t rmc_tel_lock = PTHREAD_MUTEX_INITIALIZER;
static TAILQ_HEAD(, rte_rmc_node) rmc_tel_nodes = TAILQ_HEAD_INITIALIZER(rmc_tel_nodes);

void
rmc_telemetry_node_add(struct rte_rmc_node *node)
{
	pthread_mutex_lock(&rmc_tel_lock);
	TAILQ_INSERT_TAIL(&rmc_tel_nodes, node, tel_next);
	node->tel_registered = 1;
	pthread_mutex_unlock(&rmc_tel_lock);
}

void
rmc_telemetry_node_remove(struct rte_rmc_node *node)
{
	pthread_mutex_lock(&rmc_tel_lock);
	if (node->tel_registered) {
		TAILQ_REMOVE(&rmc_tel_nodes, node, tel_next);
		node->tel_registered = 0;
	}
	pthread_mutex_unlock(&rmc_tel_lock);
}

/*
 * Run fn on node nid with the registry lock held (so that the node cannot be
 * destroyed meanwhile): the admin commands (rmc_telemetry_admin.c) use it.
 * -ENODEV when this process hosts no node nid.
 */
int
rmc_telemetry_with_node(uint64_t nid, int (*fn)(struct rte_rmc_node *node, void *arg), void *arg)
{
	struct rte_rmc_node *node;
	int ret = -ENODEV;

	pthread_mutex_lock(&rmc_tel_lock);
	TAILQ_FOREACH(node, &rmc_tel_nodes, tel_next)
		if (node->pub.id == nid) {
			ret = fn(node, arg);
			break;
		}
	pthread_mutex_unlock(&rmc_tel_lock);
	return ret;
}

/*
 * Parse "<nid>[,<n2>]" (each a decimal number); an empty string means the
 * only node of the process. Returns the node (registry lock held by the
 * caller) or NULL.
 */
static struct rte_rmc_node *
rmc_tel_find(const char *params, uint64_t *second, int want_second)
{
	struct rte_rmc_node *node, *only = NULL;
	unsigned long nid, v2 = 0;
	unsigned int n = 0;
	char *end;

	if (params == NULL || params[0] == '\0') {
		if (want_second)
			return NULL;
		TAILQ_FOREACH(node, &rmc_tel_nodes, tel_next) {
			only = node;
			n++;
		}
		return n == 1 ? only : NULL;
	}
	if (params[0] < '0' || params[0] > '9')
		return NULL;
	nid = strtoul(params, &end, 10);
	if (want_second) {
		if (*end != ',' || end[1] < '0' || end[1] > '9')
			return NULL;
		v2 = strtoul(end + 1, &end, 10);
		*second = v2;
	}
	if (*end != '\0')
		return NULL;
	TAILQ_FOREACH(node, &rmc_tel_nodes, tel_next)
		if (node->pub.id == nid)
			return node;
	return NULL;
}

static void
rmc_tel_u64_array(struct rte_tel_data *d, const char *name, const uint64_t *v, unsigned int n)
{
	struct rte_tel_data *a = rte_tel_data_alloc();
	unsigned int i;

	if (a == NULL)
		return;
	rte_tel_data_start_array(a, RTE_TEL_U64_VAL);
	for (i = 0; i < n; i++)
		rte_tel_data_add_array_u64(a, v[i]);
	if (rte_tel_data_add_dict_container(d, name, a, 0) < 0)
		rte_tel_data_free(a);
}

/*
 * Where a percentile of the (sampled) histogram lies: [lower, upper) of its
 * bucket, upper 0 for the last bucket (no bound); [] with no sample.
 */
static void
rmc_tel_pct_range(struct rte_tel_data *d, const struct rte_rmc_stats *st, double pct,
		const char *name)
{
	int b = rte_rmc_stats_percentile_bucket(st, pct);
	uint64_t r[2] = { 0, 0 };

	if (b >= 0) {
		r[0] = rte_rmc_stats_hist_lower_ns(b);
		r[1] = b + 1 < RTE_RMC_STATS_HIST_BUCKETS ? rte_rmc_stats_hist_lower_ns(b + 1) : 0;
	}
	rmc_tel_u64_array(d, name, r, b >= 0 ? 2 : 0);
}

/* A struct rte_rmc_stats as a flat dictionary (plus two arrays). */
static void
rmc_tel_stats(struct rte_tel_data *d, const struct rte_rmc_stats *st)
{
	uint64_t bounds[RTE_RMC_STATS_HIST_BUCKETS];
	uint64_t total = 0, errors = 0;
	char key[64];
	unsigned int i;

	for (i = RTE_RMC_OP_READ; i < RTE_RMC_STATS_OPS; i++) {
		snprintf(key, sizeof(key), "requests_%s", rte_rmc_op_name(i));
		rte_tel_data_add_dict_u64(d, key, st->requests[i]);
		total += st->requests[i];
	}
	rte_tel_data_add_dict_u64(d, "requests_invalid", st->requests[RTE_RMC_OP_NONE]);
	total += st->requests[RTE_RMC_OP_NONE];
	rte_tel_data_add_dict_u64(d, "requests_total", total);
	for (i = RTE_RMC_OP_READ; i < RTE_RMC_STATS_OPS; i++) {
		snprintf(key, sizeof(key), "bytes_%s", rte_rmc_op_name(i));
		rte_tel_data_add_dict_u64(d, key, st->bytes[i]);
	}
	for (i = 0; i < RTE_RMC_STATUS_MAX; i++) {
		snprintf(key, sizeof(key), "completions_%s", rte_rmc_status_name(i));
		rte_tel_data_add_dict_u64(d, key, st->completions[i]);
		if (i != RTE_RMC_STATUS_OK)
			errors += st->completions[i];
	}
	rte_tel_data_add_dict_u64(d, "errors", errors);
	rte_tel_data_add_dict_u64(d, "wq_pending", st->wq_pending);
	rte_tel_data_add_dict_u64(d, "in_flight", st->in_flight);
	rte_tel_data_add_dict_u64(d, "cq_unread", st->cq_unread);
	rte_tel_data_add_dict_u64(d, "qps", st->nb_qps);
	/* Inline mode: the applications' own counts, which the node cannot check. */
	rte_tel_data_add_dict_u64(d, "inline_requests_reported_by_app", st->inline_requests);
	rte_tel_data_add_dict_u64(d, "inline_bytes_reported_by_app", st->inline_bytes);
	rte_tel_data_add_dict_u64(d, "inline_errors_reported_by_app", st->inline_errors);
	/* The histogram is a sample: its size, and how it is taken. */
	rte_tel_data_add_dict_u64(d, "latency_hist_samples", rte_rmc_stats_hist_samples(st));
	rte_tel_data_add_dict_string(d, "latency_hist_sampling",
		"sampled: 1 burst in 16 per QP is timed");
	/* Upper bounds of the buckets (kept for readers of the former keys); the ranges: */
	rte_tel_data_add_dict_u64(d, "latency_p50_ns", rte_rmc_stats_percentile_ns(st, 50));
	rte_tel_data_add_dict_u64(d, "latency_p99_ns", rte_rmc_stats_percentile_ns(st, 99));
	rmc_tel_pct_range(d, st, 50, "latency_p50_range_ns");
	rmc_tel_pct_range(d, st, 99, "latency_p99_range_ns");
	for (i = 0; i < RTE_RMC_STATS_HIST_BUCKETS; i++)
		bounds[i] = rte_rmc_stats_hist_lower_ns(i);
	rmc_tel_u64_array(d, "latency_hist", st->latency_hist, RTE_RMC_STATS_HIST_BUCKETS);
	rmc_tel_u64_array(d, "latency_hist_lower_ns", bounds, RTE_RMC_STATS_HIST_BUCKETS);
}

static int
rmc_tel_nodes_cb(const char *cmd, const char *params, struct rte_tel_data *d)
{
	struct rte_rmc_node *node;

	RTE_SET_USED(cmd);
	RTE_SET_USED(params);
	rte_tel_data_start_array(d, RTE_TEL_INT_VAL);
	pthread_mutex_lock(&rmc_tel_lock);
	TAILQ_FOREACH(node, &rmc_tel_nodes, tel_next)
		rte_tel_data_add_array_int(d, node->pub.id);
	pthread_mutex_unlock(&rmc_tel_lock);
	return 0;
}

static const char *
rmc_tel_idle_name(enum rte_rmc_idle_policy p)
{
	switch (p) {
	case RTE_RMC_IDLE_SPIN:
		return "spin";
	case RTE_RMC_IDLE_YIELD:
		return "yield";
	case RTE_RMC_IDLE_SLEEP:
		return "sleep";
	default:
		return "adaptive";
	}
}

static void
rmc_tel_node_info(struct rte_rmc_node *node, struct rte_tel_data *d)
{
	uint64_t up = __atomic_load_n(&node->peers_up, __ATOMIC_ACQUIRE);
	struct rte_tel_data *ids, *sizes, *ro;
	char where[64];
	unsigned int i;

	rte_tel_data_add_dict_string(d, "cluster", node->cluster);
	rte_tel_data_add_dict_int(d, "node_id", node->pub.id);
	rte_tel_data_add_dict_int(d, "node_count", node->pub.count);
	rte_tel_data_add_dict_int(d, "pid", getpid());
	rte_tel_data_add_dict_string(d, "driver", node->drv != NULL ? node->drv->name : "");
	if (node->launched)
		snprintf(where, sizeof(where), "lcore %u", node->lcore_id);
	else if (node->service_registered)
		snprintf(where, sizeof(where), "service %u", node->service_id);
	else
		snprintf(where, sizeof(where), "not running");
	rte_tel_data_add_dict_string(d, "rmc", where);
	rte_tel_data_add_dict_string(d, "idle", rmc_tel_idle_name(node->conf.idle));
	rte_tel_data_add_dict_u64(d, "chunk_size", node->chunk_size);
	rte_tel_data_add_dict_u64(d, "max_qps", node->max_qps);
	rte_tel_data_add_dict_u64(d, "tsc_hz", node->pub.tsc_hz);
	rte_tel_data_add_dict_u64(d, "peers_up", __builtin_popcountll(up));
	rte_tel_data_add_dict_u64(d, "peers_up_mask", up);
	rte_tel_data_add_dict_string(d, "socket", node->sock_path);
	ids = rte_tel_data_alloc();
	sizes = rte_tel_data_alloc();
	ro = rte_tel_data_alloc();
	if (ids == NULL || sizes == NULL || ro == NULL) {
		rte_tel_data_free(ids);
		rte_tel_data_free(sizes);
		rte_tel_data_free(ro);
		return;
	}
	rte_tel_data_start_array(ids, RTE_TEL_INT_VAL);
	rte_tel_data_start_array(sizes, RTE_TEL_U64_VAL);
	rte_tel_data_start_array(ro, RTE_TEL_INT_VAL);
	for (i = 0; i < RTE_RMC_MAX_CTX; i++) {
		if (!__atomic_load_n(&node->ctx[i].view.valid, __ATOMIC_ACQUIRE))
			continue;
		rte_tel_data_add_array_int(ids, i);
		rte_tel_data_add_array_u64(sizes, node->ctx[i].view.size);
		rte_tel_data_add_array_int(ro, node->ctx[i].view.perm == RTE_RMC_PERM_RO);
	}
	rte_tel_data_add_dict_container(d, "ctx_ids", ids, 0);
	rte_tel_data_add_dict_container(d, "ctx_sizes", sizes, 0);
	rte_tel_data_add_dict_container(d, "ctx_read_only", ro, 0);
}

static int
rmc_tel_node_info_cb(const char *cmd, const char *params, struct rte_tel_data *d)
{
	struct rte_rmc_node *node;
	int ret = -EINVAL;

	RTE_SET_USED(cmd);
	pthread_mutex_lock(&rmc_tel_lock);
	node = rmc_tel_find(params, NULL, 0);
	if (node != NULL) {
		rte_tel_data_start_dict(d);
		pthread_mutex_lock(&node->lock);
		rmc_tel_node_info(node, d);
		pthread_mutex_unlock(&node->lock);
		ret = 0;
	}
	pthread_mutex_unlock(&rmc_tel_lock);
	return ret;
}

/* The peers' requests the node served, as served_* keys (node totals only). */
static void
rmc_tel_served(struct rte_tel_data *d, const struct rte_rmc_served_stats *sv)
{
	uint64_t total = 0;
	char key[64];
	unsigned int i;

	for (i = RTE_RMC_OP_NONE; i < RTE_RMC_STATS_OPS; i++) {
		snprintf(key, sizeof(key), "served_requests_%s", rte_rmc_op_name(i));
		rte_tel_data_add_dict_u64(d, key, sv->requests[i]);
		total += sv->requests[i];
	}
	rte_tel_data_add_dict_u64(d, "served_requests_total", total);
	for (i = RTE_RMC_OP_READ; i < RTE_RMC_STATS_OPS; i++) {
		snprintf(key, sizeof(key), "served_bytes_%s", rte_rmc_op_name(i));
		rte_tel_data_add_dict_u64(d, key, sv->bytes[i]);
	}
	for (i = 0; i < RTE_RMC_STATUS_MAX; i++) {
		snprintf(key, sizeof(key), "served_completions_%s", rte_rmc_status_name(i));
		rte_tel_data_add_dict_u64(d, key, sv->completions[i]);
	}
}

static int
rmc_tel_node_stats_cb(const char *cmd, const char *params, struct rte_tel_data *d)
{
	struct rte_rmc_node *node;
	struct rte_rmc_stats st;
	int ret = -EINVAL;

	RTE_SET_USED(cmd);
	pthread_mutex_lock(&rmc_tel_lock);
	node = rmc_tel_find(params, NULL, 0);
	if (node != NULL)
		ret = rte_rmc_node_stats_get(node, &st);
	pthread_mutex_unlock(&rmc_tel_lock);
	if (ret < 0)
		return ret;
	rte_tel_data_start_dict(d);
	rmc_tel_stats(d, &st);
	rmc_tel_served(d, &st.served);
	return 0;
}

static int
rmc_tel_qp_list_cb(const char *cmd, const char *params, struct rte_tel_data *d)
{
	uint32_t ids[RTE_TEL_MAX_ARRAY_ENTRIES];
	struct rte_rmc_node *node;
	int i, n = -EINVAL;

	RTE_SET_USED(cmd);
	pthread_mutex_lock(&rmc_tel_lock);
	node = rmc_tel_find(params, NULL, 0);
	if (node != NULL)
		n = rte_rmc_node_qp_list(node, ids, RTE_DIM(ids));
	pthread_mutex_unlock(&rmc_tel_lock);
	if (n < 0)
		return n;
	rte_tel_data_start_array(d, RTE_TEL_INT_VAL);
	for (i = 0; i < RTE_MIN(n, (int)RTE_DIM(ids)); i++)
		rte_tel_data_add_array_int(d, ids[i]);
	return 0;
}

static int
rmc_tel_qp_stats_cb(const char *cmd, const char *params, struct rte_tel_data *d)
{
	struct rte_rmc_node *node;
	struct rte_rmc_stats st;
	uint32_t depth = 0, pid = 0;
	uint64_t qp_id = 0;
	int ret = -EINVAL;

	RTE_SET_USED(cmd);
	pthread_mutex_lock(&rmc_tel_lock);
	node = rmc_tel_find(params, &qp_id, 1);
	if (node != NULL && qp_id < UINT32_MAX)
		ret = rte_rmc_node_qp_stats_get(node, qp_id, &st, &depth, &pid);
	pthread_mutex_unlock(&rmc_tel_lock);
	if (ret < 0)
		return ret;
	rte_tel_data_start_dict(d);
	rte_tel_data_add_dict_u64(d, "qp_id", qp_id);
	rte_tel_data_add_dict_u64(d, "depth", depth);
	rte_tel_data_add_dict_u64(d, "owner_pid", pid);
	rmc_tel_stats(d, &st);
	return 0;
}

/*
 * The latency model: this node's own (as a destination), and what the
 * libraries of its applications counted, on all its QPs or on one.
 */
static int
rmc_tel_latency_cb(const char *cmd, const char *params, struct rte_tel_data *d)
{
	struct rte_rmc_latency_info info;
	struct rte_rmc_node *node;
	uint64_t qp_id = UINT32_MAX;
	int ret = -EINVAL;

	pthread_mutex_lock(&rmc_tel_lock);
	node = strcmp(cmd, "/rmc/qp/latency") == 0 ? rmc_tel_find(params, &qp_id, 1) :
		rmc_tel_find(params, NULL, 0);
	if (node != NULL && qp_id <= UINT32_MAX)
		ret = rte_rmc_node_qp_latency_get(node, (uint32_t)qp_id, &info);
	pthread_mutex_unlock(&rmc_tel_lock);
	if (ret < 0)
		return ret;
	rte_tel_data_start_dict(d);
	rte_tel_data_add_dict_int(d, "on", info.on);
	rte_tel_data_add_dict_u64(d, "base_ns", info.base_ns);
	rte_tel_data_add_dict_u64(d, "per_chunk_ns", info.per_chunk_ns);
	rte_tel_data_add_dict_u64(d, "oneway_ns", info.oneway_ns);
	rte_tel_data_add_dict_u64(d, "count", info.count);
	rte_tel_data_add_dict_u64(d, "late", info.late);
	rte_tel_data_add_dict_u64(d, "late_ns_max", info.late_ns_max);
	rte_tel_data_add_dict_u64(d, "target_ns_mean", info.target_ns_mean);
	rte_tel_data_add_dict_u64(d, "achieved_ns_mean", info.achieved_ns_mean);
	rte_tel_data_add_dict_u64(d, "achieved_p50_ns", info.target_ns_mean + info.excess_p50_ns);
	rte_tel_data_add_dict_u64(d, "achieved_p99_ns", info.target_ns_mean + info.excess_p99_ns);
	rte_tel_data_add_dict_u64(d, "excess_p50_ns", info.excess_p50_ns);
	rte_tel_data_add_dict_u64(d, "excess_p99_ns", info.excess_p99_ns);
	return 0;
}

static int
rmc_tel_fabric_cb(const char *cmd, const char *params, struct rte_tel_data *d)
{
	struct rte_rmc_fabric_stats st;
	struct rte_rmc_node *node;
	int ret = -EINVAL;

	RTE_SET_USED(cmd);
	pthread_mutex_lock(&rmc_tel_lock);
	node = rmc_tel_find(params, NULL, 0);
	if (node != NULL)
		ret = rte_rmc_node_fabric_stats(node, &st);
	pthread_mutex_unlock(&rmc_tel_lock);
	if (ret < 0)
		return ret;
	rte_tel_data_start_dict(d);
	rte_tel_data_add_dict_u64(d, "req_sent", st.req_sent);
	rte_tel_data_add_dict_u64(d, "req_resent", st.req_resent);
	rte_tel_data_add_dict_u64(d, "rep_recv", st.rep_recv);
	rte_tel_data_add_dict_u64(d, "rep_stale", st.rep_stale);
	rte_tel_data_add_dict_u64(d, "req_served", st.req_served);
	rte_tel_data_add_dict_u64(d, "dup_replayed", st.dup_replayed);
	rte_tel_data_add_dict_u64(d, "lost_injected", st.lost_injected);
	rte_tel_data_add_dict_u64(d, "tx_refused", st.tx_refused);
	rte_tel_data_add_dict_u64(d, "bad_msg", st.bad_msg);
	rte_tel_data_add_dict_u64(d, "node_down", st.node_down);
	rte_tel_data_add_dict_u64(d, "rep_aborted", st.rep_aborted);
	return 0;
}

RTE_INIT(rmc_telemetry_init)
{
	rte_telemetry_register_cmd("/rmc/nodes", rmc_tel_nodes_cb,
		"Ids of the soNUMA nodes hosted by this process. Takes no parameters");
	rte_telemetry_register_cmd("/rmc/node/info", rmc_tel_node_info_cb,
		"A node's cluster, driver, RMC placement, peers and contexts. Parameter: node id");
	rte_telemetry_register_cmd("/rmc/node/stats", rmc_tel_node_stats_cb,
		"A node's request, byte, status and latency counters. Parameter: node id");
	rte_telemetry_register_cmd("/rmc/qp/list", rmc_tel_qp_list_cb,
		"Ids of a node's live queue pairs. Parameter: node id");
	rte_telemetry_register_cmd("/rmc/qp/stats", rmc_tel_qp_stats_cb,
		"Counters of one queue pair. Parameters: node id, QP id");
	rte_telemetry_register_cmd("/rmc/node/latency", rmc_tel_latency_cb,
		"A node's latency model and its applications' late counts. Parameter: node id");
	rte_telemetry_register_cmd("/rmc/qp/latency", rmc_tel_latency_cb,
		"Latency-model counters of one queue pair. Parameters: node id, QP id");
	rte_telemetry_register_cmd("/rmc/node/fabric", rmc_tel_fabric_cb,
		"Protocol counters of a node on a ring or eth driver. Parameter: node id");
}
