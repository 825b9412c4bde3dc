/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The latency model's figures as a node shows them: its own setting, and the
 * sum of the counters that the libraries of its applications keep in their
 * QP segments (struct rte_rmc_qp_lat_stats). Those are the application's
 * figures: read as they are, they can only mislead their own owner.
 */

#include <errno.h>
#include <string.h>

#include <rte_common.h>

#include "rmc_ctl_msg.h"
#include "rmc_private.h"
#include "rte_rmc_latency.h"

static void
rmc_lat_stats_add(struct rte_rmc_qp_lat_stats *sum, const struct rte_rmc_qp_lat_stats *st)
{
	unsigned int i;

	sum->count += __atomic_load_n(&st->count, __ATOMIC_RELAXED);
	sum->late += __atomic_load_n(&st->late, __ATOMIC_RELAXED);
	sum->late_ns_sum += __atomic_load_n(&st->late_ns_sum, __ATOMIC_RELAXED);
	sum->late_ns_max = RTE_MAX(sum->late_ns_max,
		__atomic_load_n(&st->late_ns_max, __ATOMIC_RELAXED));
	sum->target_ns_sum += __atomic_load_n(&st->target_ns_sum, __ATOMIC_RELAXED);
	sum->achieved_ns_sum += __atomic_load_n(&st->achieved_ns_sum, __ATOMIC_RELAXED);
	for (i = 0; i < RTE_RMC_LAT_HIST_BUCKETS; i++)
		sum->hist[i] += __atomic_load_n(&st->hist[i], __ATOMIC_RELAXED);
}

uint64_t
rmc_lat_stats_pct(const struct rte_rmc_qp_lat_stats *st, double pct)
{
	uint64_t total = 0, seen = 0, want;
	unsigned int i;

	for (i = 0; i < RTE_RMC_LAT_HIST_BUCKETS; i++)
		total += st->hist[i];
	if (total == 0)
		return 0;
	want = (uint64_t)((double)total * pct / 100.0 + 0.999999);
	if (want == 0)
		want = 1;
	for (i = 0; i < RTE_RMC_LAT_HIST_BUCKETS; i++) {
		seen += st->hist[i];
		if (seen >= want)
			break;
	}
	return rte_rmc_lat_bucket_lower(RTE_MIN(i, RTE_RMC_LAT_HIST_BUCKETS - 1u));
}

void
rmc_lat_stats_info(const struct rte_rmc_qp_lat_stats *st, struct rte_rmc_latency_info *info)
{
	info->count = st->count;
	info->late = st->late;
	info->late_ns_max = st->late_ns_max;
	info->target_ns_mean = st->count ? st->target_ns_sum / st->count : 0;
	info->achieved_ns_mean = st->count ? st->achieved_ns_sum / st->count : 0;
	info->excess_p50_ns = rmc_lat_stats_pct(st, 50);
	info->excess_p99_ns = rmc_lat_stats_pct(st, 99);
}

/* The counters of one QP, or of every QP of the node (qp_id UINT32_MAX). Node lock held. */
int
rmc_latency_qp_stats_locked(struct rte_rmc_node *node, uint32_t qp_id,
		struct rte_rmc_qp_lat_stats *sum)
{
	uint32_t hwm = __atomic_load_n(&node->qp_hwm, __ATOMIC_ACQUIRE), i;
	int found = 0;

	memset(sum, 0, sizeof(*sum));
	/* The node's totals count the QPs already freed too. */
	if (qp_id == UINT32_MAX && node->lat_gone != NULL)
		*sum = *node->lat_gone;
	for (i = 0; i < hwm; i++) {
		const struct rmc_qp_rt *qp = __atomic_load_n(&node->qps[i], __ATOMIC_ACQUIRE);

		/* Draining QPs too: they stay mapped, and count, until freed (retire). */
		if (qp == NULL || (qp_id != UINT32_MAX && i != qp_id))
			continue;
		rmc_lat_stats_add(sum, (const struct rte_rmc_qp_lat_stats *)
			((const uint8_t *)qp->hdr + RTE_RMC_QP_LAT_OFFSET));
		found = 1;
	}
	return found || qp_id == UINT32_MAX ? 0 : -ENOENT;
}

void
rmc_latency_qp_retire(struct rte_rmc_node *node, const struct rmc_qp_rt *qp)
{
	if (node->lat_gone != NULL)
		rmc_lat_stats_add(node->lat_gone, (const struct rte_rmc_qp_lat_stats *)
			((const uint8_t *)qp->hdr + RTE_RMC_QP_LAT_OFFSET));
}

/* Node lock held. */
void
rmc_latency_get_locked(struct rte_rmc_node *node, struct rte_rmc_latency_info *info)
{
	struct rte_rmc_qp_lat_stats sum;

	memset(info, 0, sizeof(*info));
	info->on = (int)node->lat->on;
	info->base_ns = node->lat->base_ns;
	info->per_chunk_ns = node->lat->per_chunk_ns;
	info->chunk_size = node->chunk_size;
	info->oneway_ns = node->lat->oneway_ns;
	rmc_latency_qp_stats_locked(node, UINT32_MAX, &sum);
	rmc_lat_stats_info(&sum, info);
}

int
rte_rmc_node_latency_get(struct rte_rmc_node *node, struct rte_rmc_latency_info *info)
{
	return rte_rmc_node_qp_latency_get(node, UINT32_MAX, info);
}

int
rte_rmc_node_qp_latency_get(struct rte_rmc_node *node, uint32_t qp_id,
		struct rte_rmc_latency_info *info)
{
	struct rte_rmc_qp_lat_stats sum;
	int ret;

	if (node == NULL || node->lat == NULL || info == NULL)
		return -EINVAL;
	pthread_mutex_lock(&node->lock);
	rmc_latency_get_locked(node, info);
	ret = rmc_latency_qp_stats_locked(node, qp_id, &sum);
	pthread_mutex_unlock(&node->lock);
	if (ret == 0)
		rmc_lat_stats_info(&sum, info);
	return ret;
}
