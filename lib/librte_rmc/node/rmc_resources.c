/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The node's resource tables: local buffers and QP slots, given to clients
 * and taken back from them. Creation publishes a resource last (release);
 * release unpublishes it first, lets the RMC finish what may still use it,
 * then frees it. Called with the node lock held, from the control thread or
 * the thread that hosts the node.
 */

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <rte_malloc.h>
#include <rte_mempool.h>

#include "rmc_ctl_msg.h"
#include "rmc_private.h"
#include "rmc_rcp.h"
#include "rmc_shm.h"

void
rmc_node_usage_locked(struct rte_rmc_node *node, struct rte_rmc_usage *u)
{
	const struct rmc_client *s;
	uint32_t i;

	memset(u, 0, sizeof(*u));
	TAILQ_FOREACH(s, &node->clients, next) {
		if (s->role == RMC_ROLE_APP)
			u->apps++;
		else if (s->role == RMC_ROLE_PEER)
			u->peers++;
	}
	for (i = 0; i < node->max_qps; i++)
		u->qps += node->qps[i] != NULL;
	for (i = 0; i < RTE_RMC_MAX_LBUFS; i++) {
		if (node->lbufs[i].base == NULL)
			continue;
		u->lbufs++;
		u->lbuf_bytes += node->lbufs[i].size;
	}
	if (node->itt_pool != NULL)
		u->itt_in_use = rte_mempool_in_use_count(node->itt_pool);
	u->peers_up = __atomic_load_n(&node->peers_up, __ATOMIC_ACQUIRE);
	u->peers_lost = __atomic_load_n(&node->peers_seen, __ATOMIC_ACQUIRE) & ~u->peers_up;
}

static int
rmc_lbuf_alloc_slot(struct rte_rmc_node *node)
{
	unsigned int i;

	for (i = 0; i < RTE_RMC_MAX_LBUFS; i++)
		if (node->lbufs[i].base == NULL)
			return i;
	return -1;
}

/*
 * Allocate a local buffer owned by session 's' (node lock held). Returns 0
 * with its id and the segment's descriptor (the caller closes it), or a
 * negative errno with the reason logged at debug level.
 */
int
rmc_lbuf_create_locked(struct rte_rmc_node *node, struct rmc_client *s, uint64_t size,
		uint16_t *id_out, int *fd_out)
{
	struct rmc_shm_seg seg;
	struct rmc_lbuf *lb;
	char name[64];
	int id, ret;

	if (size == 0 || size > RTE_RMC_MAX_LENGTH * 4)
		return -EINVAL;
	if (node->lbuf_mem + size > node->conf.lbuf_mem_max)
		return -ENOMEM;
	id = rmc_lbuf_alloc_slot(node);
	if (id < 0)
		return -ENOSPC;
	snprintf(name, sizeof(name), "sonuma_%s_n%u_lbuf%d", node->cluster, node->pub.id, id);
	ret = rmc_shm_create_numa(name, size, node->conf.huge == RTE_RMC_HUGE_OFF ?
		RTE_RMC_HUGE_OFF : RTE_RMC_HUGE_AUTO, rmc_node_numa(node), &seg);
	if (ret < 0)
		return ret;
	lb = &node->lbufs[id];
	lb->base = seg.addr;
	lb->size = size;
	lb->map_size = seg.size;
	lb->fd = -1;
	node->lbuf_mem += size;
	__atomic_store_n(&lb->owner, s, __ATOMIC_RELEASE);
	*id_out = id;
	*fd_out = seg.fd;
	return 0;
}

/* 1 while a QP of the session still has requests in the RMC. */
static int
rmc_client_busy(struct rte_rmc_node *node, const struct rmc_client *s)
{
	uint32_t i, hwm = __atomic_load_n(&node->qp_hwm, __ATOMIC_ACQUIRE);

	for (i = 0; i < hwm; i++) {
		struct rmc_qp_rt *qp = node->qps[i];

		if (qp != NULL && qp->owner == s &&
				__atomic_load_n(&qp->inflight, __ATOMIC_ACQUIRE) != 0)
			return 1;
	}
	return 0;
}

void
rmc_lbuf_release(struct rte_rmc_node *node, uint16_t id)
{
	struct rmc_lbuf *lb = &node->lbufs[id];
	const struct rmc_client *owner = lb->owner;
	uint64_t deadline = rmc_now_ns() + 5000000000ull;

	/* Unpublish first, then let the RMC finish what may still use it. */
	__atomic_store_n(&lb->owner, NULL, __ATOMIC_RELEASE);
	while (owner != NULL && rmc_client_busy(node, owner) && rmc_now_ns() < deadline &&
			__atomic_load_n(&node->rmc_running, __ATOMIC_ACQUIRE))
		sched_yield();
	rmc_node_quiesce(node);
	munmap(lb->base, lb->map_size);
	node->lbuf_mem -= lb->size;
	memset(lb, 0, sizeof(*lb));
	lb->fd = -1;
}

static int
rmc_qp_alloc_slot(struct rte_rmc_node *node)
{
	unsigned int i;

	for (i = 0; i < node->max_qps; i++)
		if (node->qps[i] == NULL)
			return i;
	return -1;
}

/*
 * Create a QP served by the node for session 's' (node lock held). Returns 0
 * with the QP (already published to the RMC) and the segment's descriptor
 * (the caller closes it), or a negative errno.
 */
int
rmc_qp_create_locked(struct rte_rmc_node *node, struct rmc_client *s, uint32_t depth,
		struct rmc_qp_rt **qp_out, int *fd_out)
{
	struct rte_rmc_qp_hdr *hdr;
	struct rmc_shm_seg seg;
	struct rmc_qp_rt *qp;
	char name[64];
	int id, ret;

	if (depth < RTE_RMC_QP_DEPTH_MIN || depth > RTE_RMC_QP_DEPTH_MAX ||
			(depth & (depth - 1)) != 0)
		return -EINVAL;
	id = rmc_qp_alloc_slot(node);
	if (id < 0)
		return -ENOSPC;
	qp = rte_zmalloc("rmc_qp", sizeof(*qp), RTE_CACHE_LINE_SIZE);
	if (qp == NULL)
		return -ENOMEM;
	snprintf(name, sizeof(name), "sonuma_%s_n%u_qp%d", node->cluster, node->pub.id, id);
	ret = rmc_shm_create_numa(name, rte_rmc_qp_segment_size(depth), RTE_RMC_HUGE_OFF,
		rmc_node_numa(node), &seg);
	if (ret < 0) {
		rte_free(qp);
		return ret;
	}
	hdr = seg.addr;
	hdr->magic = RTE_RMC_QP_MAGIC;
	hdr->abi_version = RTE_RMC_ABI_VERSION;
	hdr->node_id = node->pub.id;
	hdr->depth = depth;
	hdr->qp_id = id;
	hdr->wq_offset = RTE_RMC_QP_WQ_OFFSET;
	hdr->cq_offset = RTE_RMC_QP_WQ_OFFSET + (uint64_t)depth * sizeof(struct rte_rmc_wqe);
	hdr->segment_size = seg.size;
	qp->hdr = hdr;
	qp->wq = (struct rte_rmc_wqe *)((uint8_t *)hdr + hdr->wq_offset);
	qp->cq = (struct rte_rmc_cqe *)((uint8_t *)hdr + hdr->cq_offset);
	qp->owner = s;
	qp->lat = rmc_latency_params(node);
	qp->depth = depth;
	qp->mask = depth - 1;
	qp->map_size = seg.size;
	qp->id = id;
	qp->fd = -1;
	qp->itt_cap = RMC_ITT_PER_QP; /* an application's: rmc_quota_itt_rebalance() */
	TAILQ_INIT(&qp->itt);
	__atomic_store_n(&node->qps[id], qp, __ATOMIC_RELEASE);
	if ((uint32_t)id >= node->qp_hwm)
		__atomic_store_n(&node->qp_hwm, id + 1, __ATOMIC_RELEASE);
	*qp_out = qp;
	*fd_out = seg.fd;
	return 0;
}

void
rmc_qp_release(struct rte_rmc_node *node, struct rmc_qp_rt *qp)
{
	uint64_t deadline = rmc_now_ns() + 5000000000ull;
	uint32_t active = RMC_QP_ACTIVE;
	struct rmc_itt_entry *t;

	/*
	 * Let the RMC finish the one transfer of the QP that has started (it
	 * drops those that have not), then forget the QP.
	 */
	__atomic_compare_exchange_n(&qp->state, &active, RMC_QP_DRAINING, 0, __ATOMIC_ACQ_REL,
		__ATOMIC_ACQUIRE);
	while (__atomic_load_n(&qp->state, __ATOMIC_ACQUIRE) != RMC_QP_RETIRED &&
			__atomic_load_n(&node->rmc_running, __ATOMIC_ACQUIRE)) {
		if (rmc_now_ns() > deadline) {
			/*
			 * Orphan it: with no owner, no local buffer validates any
			 * more, so its transfers end at their next chunk, and
			 * rmc_qp_reap_orphans() frees it once the RMC retired it.
			 * The session may be freed meanwhile: nothing compares
			 * against its address any more.
			 */
			RMC_LOG(WARNING, "node %u: QP %u still busy after 5 s; it is freed "
				"once its transfer ends", node->pub.id, qp->id);
			__atomic_store_n(&qp->owner, NULL, __ATOMIC_RELEASE);
			return;
		}
		sched_yield();
	}
	__atomic_store_n(&node->qps[qp->id], NULL, __ATOMIC_RELEASE);
	rmc_node_quiesce(node);
	/* The RMC is not running (or never saw it): free what it left. */
	if (qp->inflight != 0)
		rmc_rcp_purge_qp(node, qp);
	while ((t = TAILQ_FIRST(&qp->itt)) != NULL) {
		TAILQ_REMOVE(&qp->itt, t, next);
		rte_mempool_put(node->itt_pool, t);
	}
	rmc_stats_qp_retire(node, qp);
	munmap(qp->hdr, qp->map_size);
	rte_free(qp);
}

/* Free the orphaned QPs (see rmc_qp_release()) that the RMC has retired. */
void
rmc_qp_reap_orphans(struct rte_rmc_node *node)
{
	uint32_t i;

	pthread_mutex_lock(&node->lock);
	for (i = 0; i < node->max_qps; i++) {
		struct rmc_qp_rt *qp = node->qps[i];

		if (qp != NULL && __atomic_load_n(&qp->owner, __ATOMIC_ACQUIRE) == NULL &&
				(__atomic_load_n(&qp->state, __ATOMIC_ACQUIRE) == RMC_QP_RETIRED ||
				 !__atomic_load_n(&node->rmc_running, __ATOMIC_ACQUIRE)))
			rmc_qp_release(node, qp);
	}
	pthread_mutex_unlock(&node->lock);
}

int
rte_rmc_node_usage_get(struct rte_rmc_node *node, struct rte_rmc_usage *u)
{
	if (node == NULL || u == NULL)
		return -EINVAL;
	pthread_mutex_lock(&node->lock);
	rmc_node_usage_locked(node, u);
	pthread_mutex_unlock(&node->lock);
	return 0;
}
