/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * A latency model as the node's status page carries it: what a model may be
 * (checked for the node's own and for what peers announce), and how an entry
 * of the page changes without a library ever reading half of it.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>

#include "rmc_ctl_msg.h"
#include "rmc_lat_dist.h"
#include "rmc_private.h"

/* Largest base or per-chunk latency accepted: 100 ms (see RTE_RMC_START_AHEAD_MAX). */
#define RMC_LAT_MAX_NS UINT64_C(100000000)

/*
 * Write destination d's model into the status page (control thread, node
 * lock held): the sequence is odd while the entry changes, so that a library
 * reading it at post never mixes two settings.
 */
void
rmc_latency_publish(struct rte_rmc_node *node, uint16_t d, const struct rmc_lat_model *m)
{
	struct rmc_node_page *p = node->page;
	uint32_t seq;

	if (p == NULL || d >= RTE_RMC_MAX_NODES)
		return;
	seq = __atomic_load_n(&p->lat_seq, __ATOMIC_RELAXED);
	__atomic_store_n(&p->lat_seq, seq | 1, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_RELEASE);
	p->lat[d] = *m;
	__atomic_store_n(&p->lat_seq, (seq | 1) + 1, __ATOMIC_RELEASE);
}

int
rmc_latency_model_check(const struct rmc_lat_model *m, char *why, size_t len)
{
	if (m->base_ns > RMC_LAT_MAX_NS || m->per_chunk_ns > RMC_LAT_MAX_NS ||
			m->oneway_ns > RMC_LAT_MAX_NS) {
		snprintf(why, len, "latency out of range (at most %" PRIu64 " ns each)",
			RMC_LAT_MAX_NS);
		return -ERANGE;
	}
	if (m->dist == RMC_LAT_DIST_NORMAL || m->dist == RMC_LAT_DIST_LOGNORMAL) {
		struct rmc_lat_dist d;
		int ret = m->dist == RMC_LAT_DIST_NORMAL ?
			rmc_lat_dist_normal(&d, m->dist_a, m->dist_b, why, len) :
			rmc_lat_dist_lognormal(&d, m->dist_a, m->dist_b, why, len);

		if (ret < 0)
			return ret;
		if (m->dist_a > (double)RMC_LAT_MAX_NS || m->dist_b > (double)RMC_LAT_MAX_NS) {
			snprintf(why, len, "law parameters above %" PRIu64 " ns", RMC_LAT_MAX_NS);
			return -ERANGE;
		}
	} else if (m->dist == RMC_LAT_DIST_EMPIRICAL) {
		unsigned int i;

		for (i = 1; i < RMC_LAT_QUANTS; i++)
			if (m->quant[i] < m->quant[i - 1])
				break;
		if (i < RMC_LAT_QUANTS || m->quant[RMC_LAT_QUANTS - 1] > RMC_LAT_MAX_NS) {
			snprintf(why, len, "empirical law: quantiles not increasing or above %"
				PRIu64 " ns", RMC_LAT_MAX_NS);
			return -EINVAL;
		}
	} else if (m->dist != RMC_LAT_DIST_CONST) {
		snprintf(why, len, "unknown latency law %u", m->dist);
		return -EINVAL;
	}
	if (m->on && m->oneway_ns > m->base_ns) {
		snprintf(why, len, "one-way %" PRIu64 " ns above the base latency %" PRIu64 " ns",
			m->oneway_ns, m->base_ns);
		return -EINVAL;
	}
	return 0;
}

int
rmc_latency_quantiles(const char *path, struct rmc_lat_model *m)
{
	struct rmc_lat_dist d;
	char why[128];
	unsigned int i;
	int ret;

	if (path == NULL)
		return -EINVAL;
	ret = rmc_lat_dist_empirical_file(&d, path, why, sizeof(why));
	if (ret < 0) {
		RMC_LOG(ERR, "latency law from %s: %s", path, why);
		return ret;
	}
	/* Nearest rank: q[i] is the sample at rank i / 128 of the sorted ones. */
	for (i = 0; i < RMC_LAT_QUANTS; i++) {
		uint64_t v = d.samples[(uint64_t)i * (d.n - 1) / (RMC_LAT_QUANTS - 1)];

		m->quant[i] = v > RMC_LAT_MAX_NS ? (uint32_t)RMC_LAT_MAX_NS : (uint32_t)v;
	}
	m->dist_a = m->quant[RMC_LAT_QUANTS / 2];
	m->dist_b = m->quant[RMC_LAT_QUANTS - 1];
	rmc_lat_dist_free(&d);
	return 0;
}
