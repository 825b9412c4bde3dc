/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The latency model, node side: the operator's setting for this node as a
 * destination, published in the node's status page, from which every
 * requester's library reads it (rmc_app_lat.c computes each request's
 * deadline at post and holds its completion until then). Nothing is held or
 * measured here: the RMC only keeps a timed request in its WQ until its start
 * time (rmc_rgp.c), and the counters shown are those the libraries keep in
 * their QP segments.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <rte_common.h>

#include "rmc_ctl_msg.h"
#include "rmc_driver.h"
#include "rmc_lat_dist.h"
#include "rmc_private.h"
#include "rte_rmc_latency.h"

int
rmc_latency_init(struct rte_rmc_node *node)
{
	node->lat = calloc(1, sizeof(*node->lat));
	node->lat_gone = calloc(1, sizeof(*node->lat_gone));
	return node->lat == NULL || node->lat_gone == NULL ? -ENOMEM : 0;
}

void
rmc_latency_fini(struct rte_rmc_node *node)
{
	free(node->lat);
	free(node->lat_gone);
	node->lat = NULL;
	node->lat_gone = NULL;
}

/* Node lock held. */
int
rmc_latency_set_model_locked(struct rte_rmc_node *node, const struct rmc_lat_model *in)
{
	struct rmc_lat_model m = *in;
	char why[96];
	int ret;

	m.chunk_size = node->chunk_size;
	m.on = m.base_ns != 0 || m.per_chunk_ns != 0;
	ret = rmc_latency_model_check(&m, why, sizeof(why));
	if (ret < 0) {
		RMC_LOG(ERR, "node %u: %s", node->pub.id, why);
		return ret;
	}
	/*
	 * Every driver carries it, laws included: shm and ring on their control
	 * sessions, eth and xen in protocol messages (rmc_proto_lat.c).
	 */
	*node->lat = m;
	rmc_latency_own_changed(node);
	if (!m.on)
		RMC_LOG(INFO, "node %u: latency model off", node->pub.id);
	else
		RMC_LOG(INFO, "node %u: latency model on, as a destination: %" PRIu64 " ns + %"
			PRIu64 " ns per %" PRIu64 " bytes, one-way %" PRIu64 " ns%s", node->pub.id,
			m.base_ns, m.per_chunk_ns, m.chunk_size, m.oneway_ns,
			m.oneway_ns == 0 ? " (half the latency)" : "");
	return 0;
}

int
rmc_latency_set_locked(struct rte_rmc_node *node, uint64_t base_ns, uint64_t per_chunk_ns)
{
	struct rmc_lat_model m = *node->lat;

	m.base_ns = base_ns;
	m.per_chunk_ns = per_chunk_ns;
	if (m.oneway_ns > base_ns)
		m.oneway_ns = 0;
	return rmc_latency_set_model_locked(node, &m);
}

int
rte_rmc_node_latency_set(struct rte_rmc_node *node, uint64_t base_ns, uint64_t per_chunk_ns)
{
	int ret;

	if (node == NULL || node->lat == NULL)
		return -EINVAL;
	pthread_mutex_lock(&node->lock);
	ret = rmc_latency_set_locked(node, base_ns, per_chunk_ns);
	pthread_mutex_unlock(&node->lock);
	return ret;
}

int
rte_rmc_node_latency_model_set(struct rte_rmc_node *node, const struct rte_rmc_latency_model *m)
{
	struct rmc_lat_model lm;

	if (m == NULL || m->law > RTE_RMC_LAT_EMPIRICAL)
		return -EINVAL;
	memset(&lm, 0, sizeof(lm));
	lm.dist = m->law;
	lm.dist_a = m->law_a;
	lm.dist_b = m->law_b;
	if (m->law == RTE_RMC_LAT_EMPIRICAL) {
		int ret = rmc_latency_quantiles(m->law_file, &lm);

		if (ret < 0)
			return ret;
	}
	/* A law's base is its location (mean or median), for display and the one-way check. */
	lm.base_ns = m->law == RTE_RMC_LAT_CONST ? m->base_ns : (uint64_t)lm.dist_a;
	lm.per_chunk_ns = m->per_chunk_ns;
	lm.oneway_ns = m->oneway_ns;
	lm.seed = m->seed;
	return rmc_latency_set_model(node, &lm);
}

int
rmc_latency_set_model(struct rte_rmc_node *node, const struct rmc_lat_model *m)
{
	int ret;

	if (node == NULL || node->lat == NULL || m == NULL)
		return -EINVAL;
	pthread_mutex_lock(&node->lock);
	ret = rmc_latency_set_model_locked(node, m);
	pthread_mutex_unlock(&node->lock);
	return ret;
}
