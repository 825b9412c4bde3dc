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
#include <inttypes.h>
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
	for (i = 0; i < node->max_qps; i++) {
		u->qps += node->qps[i] != NULL;
		u->qps_draining += node->qps[i] != NULL && node->qps[i]->released;
	}
	for (i = 0; i < RTE_RMC_MAX_LBUFS; i++) {
		if (node->lbufs[i].base == NULL)
			continue;
		u->lbufs++;
		u->lbufs_draining += node->lbufs[i].dying != NULL;
		u->lbuf_bytes += node->lbufs[i].size;
	}
	if (node->itt_pool != NULL)
		u->itt_in_use = rte_mempool_in_use_count(node->itt_pool);
	u->peers_up = __atomic_load_n(&node->peers_up, __ATOMIC_ACQUIRE);
	u->peers_lost = __atomic_load_n(&node->peers_seen, __ATOMIC_ACQUIRE) & ~u->peers_up;
}

/* How long a full table waits for what departed clients left draining. */
#define RMC_REAP_FOR_ROOM_NS 100000000ull

/* 1 while a released QP or a dying local buffer waits to be freed. */
static int
rmc_node_has_draining_locked(const struct rte_rmc_node *node)
{
	uint32_t i;

	for (i = 0; i < node->max_qps; i++)
		if (node->qps[i] != NULL && node->qps[i]->released)
			return 1;
	for (i = 0; i < RTE_RMC_MAX_LBUFS; i++)
		if (node->lbufs[i].dying != NULL)
			return 1;
	return 0;
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

static int
rmc_qp_alloc_slot(struct rte_rmc_node *node)
{
	unsigned int i;

	for (i = 0; i < node->max_qps; i++)
		if (node->qps[i] == NULL)
			return i;
	return -1;
}

/* What a full table waits for: a QP slot, a buffer slot, or buffer memory. */
enum rmc_room {
	RMC_ROOM_QP,
	RMC_ROOM_LBUF_SLOT,
	RMC_ROOM_LBUF_MEM,
};

static int
rmc_room_there(struct rte_rmc_node *node, enum rmc_room what, uint64_t size)
{
	switch (what) {
	case RMC_ROOM_QP:
		return rmc_qp_alloc_slot(node) >= 0;
	case RMC_ROOM_LBUF_SLOT:
		return rmc_lbuf_alloc_slot(node) >= 0;
	default:
		return node->lbuf_mem + size <= node->conf.lbuf_mem_max;
	}
}

/*
 * RMC passes a full table waits for at least, however long they take: the
 * first pass that sees a released QP with nothing in flight retires it.
 */
#define RMC_REAP_FOR_ROOM_PASSES 2

/*
 * At a limit, with resources of departed clients still draining (released,
 * waiting for the RMC to retire them, which takes one pass when nothing of
 * theirs is in flight): reap them until the room asked for is there ('size':
 * the bytes of buffer memory), for RMC_REAP_FOR_ROOM_PASSES passes of the RMC
 * and at most RMC_REAP_FOR_ROOM_NS after that. Room of another kind does not
 * count: a departed client's buffers are freed at once, its QPs only after a
 * pass. Counted in passes, not only in time, so that a loaded machine (the
 * RMC's lcore not scheduled for a while) never turns room that exists into a
 * refusal. Returns 0 once the room is there, -1 if it cannot be made (node
 * lock held).
 */
static int
rmc_reap_for_room(struct rte_rmc_node *node, enum rmc_room what, uint64_t size)
{
	uint64_t deadline = rmc_now_ns() + RMC_REAP_FOR_ROOM_NS;
	uint32_t passes = 0;

	for (;;) {
		rmc_node_reap_locked(node);
		if (rmc_room_there(node, what, size))
			return 0;
		if (!rmc_node_has_draining_locked(node))
			return -1;
		if (passes >= RMC_REAP_FOR_ROOM_PASSES && rmc_now_ns() >= deadline)
			return -1;
		/* A whole pass (a sleeping RMC is woken), then others may run. */
		if (rmc_node_quiesce(node) < 0)
			return -1;
		passes++;
		sched_yield();
	}
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
	if (node->lbuf_mem + size > node->conf.lbuf_mem_max &&
			rmc_reap_for_room(node, RMC_ROOM_LBUF_MEM, size) < 0)
		return -ENOMEM;
	id = rmc_lbuf_alloc_slot(node);
	if (id < 0 && rmc_reap_for_room(node, RMC_ROOM_LBUF_SLOT, 0) == 0)
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
rmc_client_busy(struct rte_rmc_node *node, const void *s)
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

/*
 * Unpublish local buffer 'id' at once (no new request validates it); it stays
 * mapped until no QP of its former owner has a request in the RMC, which may
 * still be copying to or from it, and rmc_node_reap_locked() frees it.
 */
void
rmc_lbuf_release(struct rte_rmc_node *node, uint16_t id)
{
	struct rmc_lbuf *lb = &node->lbufs[id];

	if (lb->owner == NULL)
		return;
	lb->dying = lb->owner;
	__atomic_store_n(&lb->owner, NULL, __ATOMIC_RELEASE);
}

/* Node lock held; 'lb' released and idle. Leaks it if a pass may still use it. */
static void
rmc_lbuf_free(struct rte_rmc_node *node, struct rmc_lbuf *lb)
{
	/* No transfer may continue on it from now on (rmc_wqe_check_started()). */
	__atomic_store_n(&lb->dying, NULL, __ATOMIC_RELEASE);
	if (rmc_node_quiesce(node) < 0) {
		RMC_LOG(ERR, "node %u: a local buffer of %" PRIu64 " bytes is leaked: the RMC "
			"may still use it", node->pub.id, lb->size);
		return; /* base stays set: the slot is never reused */
	}
	munmap(lb->base, lb->map_size);
	node->lbuf_mem -= lb->size;
	memset(lb, 0, sizeof(*lb));
	lb->fd = -1;
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
	if (id < 0 && rmc_reap_for_room(node, RMC_ROOM_QP, 0) == 0)
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
	qp->depth = depth;
	qp->mask = depth - 1;
	qp->map_size = seg.size;
	qp->id = id;
	qp->fd = -1;
	qp->itt_cap = RMC_ITT_PER_QP; /* an application's: rmc_quota_itt_rebalance() */
	qp->proto_cap = RMC_PROTO_ITT_ENTRIES;
	TAILQ_INIT(&qp->itt);
	__atomic_store_n(&node->qps[id], qp, __ATOMIC_RELEASE);
	if ((uint32_t)id >= node->qp_hwm)
		__atomic_store_n(&node->qp_hwm, id + 1, __ATOMIC_RELEASE);
	*qp_out = qp;
	*fd_out = seg.fd;
	return 0;
}

/*
 * Let the QP go without waiting: the RMC finishes the transfers it started,
 * drops the others and retires the QP; rmc_node_reap_locked() frees it then.
 * Its owner stays set, so that the owner's local buffers stay mapped while
 * those transfers may still use them.
 */
void
rmc_qp_release(struct rte_rmc_node *node, struct rmc_qp_rt *qp)
{
	uint32_t active = RMC_QP_ACTIVE;

	RTE_SET_USED(node);
	__atomic_compare_exchange_n(&qp->state, &active, RMC_QP_DRAINING, 0, __ATOMIC_ACQ_REL,
		__ATOMIC_ACQUIRE);
	qp->released = 1;
}

/* Node lock held; 'qp' released and retired (or the RMC stopped). */
static void
rmc_qp_free(struct rte_rmc_node *node, struct rmc_qp_rt *qp)
{
	struct rmc_itt_entry *t;

	__atomic_store_n(&node->qps[qp->id], NULL, __ATOMIC_RELEASE);
	if (rmc_node_quiesce(node) < 0) {
		/* Unpublished, but a pass may still hold it: leak rather than unmap. */
		RMC_LOG(ERR, "node %u: QP %u is leaked: the RMC may still use it", node->pub.id,
			qp->id);
		return;
	}
	/* The RMC is not running (or never saw it): free what it left. */
	while ((t = TAILQ_FIRST(&qp->itt)) != NULL) {
		TAILQ_REMOVE(&qp->itt, t, next);
		rte_mempool_put(node->itt_pool, t);
	}
	rmc_stats_qp_retire(node, qp);
	rmc_latency_qp_retire(node, qp);
	munmap(qp->hdr, qp->map_size);
	rte_free(qp);
}

int
rmc_client_draining(struct rte_rmc_node *node, const struct rmc_client *s)
{
	uint32_t i;

	for (i = 0; i < node->max_qps; i++)
		if (node->qps[i] != NULL && node->qps[i]->owner == s)
			return 1;
	for (i = 0; i < RTE_RMC_MAX_LBUFS; i++)
		if (node->lbufs[i].dying == s || node->lbufs[i].owner == s)
			return 1;
	return 0;
}

/*
 * Free the QPs the RMC has retired since their release, then the released
 * local buffers that no request in the RMC can still use. Never waits for
 * the RMC: what is still draining is looked at again at the next tick.
 */
void
rmc_node_reap_locked(struct rte_rmc_node *node)
{
	int running = __atomic_load_n(&node->rmc_running, __ATOMIC_ACQUIRE);
	uint32_t i;

	if (__atomic_load_n(&node->stop_unsafe, __ATOMIC_ACQUIRE))
		return; /* the RMC may still run: leak it all (rte_rmc_node_stop()) */
	if (node->qps == NULL || node->lbufs == NULL)
		return; /* a node that failed to start: nothing was made */
	for (i = 0; i < node->max_qps; i++) {
		struct rmc_qp_rt *qp = node->qps[i];

		if (qp != NULL && qp->released && (!running ||
				__atomic_load_n(&qp->state, __ATOMIC_ACQUIRE) == RMC_QP_RETIRED))
			rmc_qp_free(node, qp);
	}
	for (i = 0; i < RTE_RMC_MAX_LBUFS; i++) {
		struct rmc_lbuf *lb = &node->lbufs[i];

		if (lb->dying != NULL && (!running || !rmc_client_busy(node, lb->dying)))
			rmc_lbuf_free(node, lb);
	}
}

void
rmc_node_reap(struct rte_rmc_node *node, int all)
{
	struct rmc_client *s, *next;

	pthread_mutex_lock(&node->lock);
	rmc_node_reap_locked(node);
	for (s = TAILQ_FIRST(&node->draining); s != NULL; s = next) {
		next = TAILQ_NEXT(s, next);
		if (all || !rmc_client_draining(node, s)) {
			TAILQ_REMOVE(&node->draining, s, next);
			free(s);
		}
	}
	pthread_mutex_unlock(&node->lock);
}

int
rmc_node_reap_wait_locked(struct rte_rmc_node *node, const struct rmc_client *s,
		uint32_t timeout_ms)
{
	uint64_t deadline = rmc_now_ns() + (uint64_t)timeout_ms * 1000000;

	for (;;) {
		rmc_node_reap_locked(node);
		if (!rmc_client_draining(node, s))
			return 0;
		if (rmc_now_ns() > deadline)
			return -ETIMEDOUT;
		sched_yield();
	}
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
