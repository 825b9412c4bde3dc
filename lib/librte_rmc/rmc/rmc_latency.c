/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The latency model: make a node's RMC look like a device with a
 * given latency. A completion is not made visible before
 *
 *     issue + base + chunks * per_chunk - platform
 *
 * where issue is when the RMC took the request, chunks the number of chunks
 * of the transfer (at least one), and platform the cost this platform adds by
 * itself around the RMC (the application posting the entry and noticing the
 * completion), measured once when the model is first enabled. So the target is
 * the latency the application observes, not the time the RMC holds.
 *
 * Held completions wait in a deferred-completion queue, a binary heap ordered
 * by deadline (then by arrival, so that equal deadlines keep their order),
 * owned by the RMC loop, which releases those due at the start of each pass.
 * Requests keep being taken and executed while others wait, so the delay does
 * not cost throughput. A held completion counts as in flight for its QP: the
 * CQ room, FENCE and QP retirement wait for it.
 *
 * A target below the platform's own cost cannot be reached: the model then
 * holds nothing, logs a warning, and rte_rmc_node_latency_get() says so.
 */

#include <errno.h>
#include <stddef.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_malloc.h>
#include <rte_pause.h>

#include "rmc_lat_state.h"

int
rmc_latency_init(struct rte_rmc_node *node)
{
	struct rmc_lat_state *l;

	l = rte_zmalloc("rmc_latency", sizeof(*l), RTE_CACHE_LINE_SIZE);
	if (l == NULL)
		return -ENOMEM;
	l->heap = rte_malloc("rmc_lat_heap", sizeof(*l->heap) * RMC_LAT_HEAP_INIT,
		RTE_CACHE_LINE_SIZE);
	if (l->heap == NULL) {
		rte_free(l);
		return -ENOMEM;
	}
	l->cap = RMC_LAT_HEAP_INIT;
	node->lat = l;
	node->lat_params = &l->params;
	return 0;
}

void
rmc_latency_fini(struct rte_rmc_node *node)
{
	if (node->lat == NULL)
		return;
	rte_free(node->lat->heap);
	rte_free(node->lat);
	node->lat = NULL;
}

int
rmc_latency_set_locked(struct rte_rmc_node *node, uint64_t base_ns, uint64_t per_chunk_ns)
{
	struct rmc_lat_state *l = node->lat;
	uint64_t platform_tsc;

	if (base_ns > RMC_LAT_MAX_NS || per_chunk_ns > RMC_LAT_MAX_NS) {
		RMC_LOG(ERR, "latency %" PRIu64 ",%" PRIu64 " ns is out of range (at most %"
			PRIu64 " ns each)", base_ns, per_chunk_ns, RMC_LAT_MAX_NS);
		return -ERANGE;
	}
	if (base_ns == 0 && per_chunk_ns == 0) {
		__atomic_store_n(&l->params.on, 0, __ATOMIC_RELEASE);
		l->base_ns = 0;
		l->per_chunk_ns = 0;
		RMC_LOG(INFO, "node %u: latency model off", node->pub.id);
		return 0;
	}
	if (!l->calibrated)
		rmc_latency_calibrate(node);
	platform_tsc = rmc_lat_ns_to_tsc(node, l->platform_ns);
	/* Off while the two fields change, so that no request mixes them. */
	__atomic_store_n(&l->params.on, 0, __ATOMIC_RELEASE);
	__atomic_store_n(&l->params.hold0_tsc,
		(int64_t)rmc_lat_ns_to_tsc(node, base_ns) - (int64_t)platform_tsc, __ATOMIC_RELAXED);
	__atomic_store_n(&l->params.per_chunk_tsc, rmc_lat_ns_to_tsc(node, per_chunk_ns),
		__ATOMIC_RELAXED);
	__atomic_store_n(&l->params.on, 1, __ATOMIC_RELEASE);
	l->base_ns = base_ns;
	l->per_chunk_ns = per_chunk_ns;
	if (base_ns + per_chunk_ns < l->platform_ns)
		RMC_LOG(WARNING, "node %u: latency target %" PRIu64 " ns (one chunk) is below "
			"what this platform reaches by itself (%" PRIu64 " ns): completions "
			"will not be held and will be seen after about %" PRIu64 " ns", node->pub.id,
			base_ns + per_chunk_ns, l->platform_ns, l->platform_ns);
	else
		RMC_LOG(INFO, "node %u: latency model on: base %" PRIu64 " ns, %" PRIu64
			" ns per chunk of %" PRIu64 " bytes (platform's own cost %" PRIu64
			" ns subtracted)", node->pub.id, base_ns, per_chunk_ns, node->chunk_size,
			l->platform_ns);
	return 0;
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

/* Node lock held. */
void
rmc_latency_get_locked(struct rte_rmc_node *node, struct rte_rmc_latency_info *info)
{
	struct rmc_lat_state *l = node->lat;

	memset(info, 0, sizeof(*info));
	info->on = __atomic_load_n(&l->params.on, __ATOMIC_ACQUIRE);
	info->base_ns = l->base_ns;
	info->per_chunk_ns = l->per_chunk_ns;
	info->platform_ns = l->platform_ns;
	info->calibrated = l->calibrated;
	info->below_platform = info->on && l->base_ns + l->per_chunk_ns < l->platform_ns;
	info->chunk_size = node->chunk_size;
	info->held = __atomic_load_n(&l->held, __ATOMIC_RELAXED);
	info->released = __atomic_load_n(&l->released, __ATOMIC_RELAXED);
	info->early = __atomic_load_n(&l->early, __ATOMIC_RELAXED);
	info->flushed = __atomic_load_n(&l->flushed, __ATOMIC_RELAXED);
	info->max_late_ns = rmc_lat_tsc_to_ns(node, __atomic_load_n(&l->max_late_tsc,
		__ATOMIC_RELAXED));
}

int
rte_rmc_node_latency_get(struct rte_rmc_node *node, struct rte_rmc_latency_info *info)
{
	if (node == NULL || node->lat == NULL || info == NULL)
		return -EINVAL;
	pthread_mutex_lock(&node->lock);
	rmc_latency_get_locked(node, info);
	pthread_mutex_unlock(&node->lock);
	return 0;
}
