/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <rte_memcpy.h>

#include "rmc_ctl_msg.h"
#include "rmc_driver.h"
#include "rmc_private.h"
#include "rmc_shm.h"
#include "rmc_wqe_check.h"

int
rmc_ctx_create_locked(struct rte_rmc_node *node, uint16_t ctx_id, uint64_t size,
		enum rte_rmc_perm perm)
{
	struct rmc_ctx *c;
	struct rmc_shm_seg seg;
	struct rmc_client *s;
	char name[64];
	int ret;

	if (ctx_id >= RTE_RMC_MAX_CTX) {
		RMC_LOG(ERR, "context id %u is out of range (0..%u)", ctx_id, RTE_RMC_MAX_CTX - 1);
		return -EINVAL;
	}
	if (size == 0 || size > RMC_CTX_SIZE_MAX) {
		RMC_LOG(ERR, "context size %" PRIu64 " is out of range (1 byte..%" PRIu64 " GiB)",
			size, RMC_CTX_SIZE_MAX >> 30);
		return -EINVAL;
	}
	if (perm != RTE_RMC_PERM_RO && perm != RTE_RMC_PERM_RW)
		return -EINVAL;
	c = &node->ctx[ctx_id];
	if (c->view.valid)
		return -EEXIST;
	snprintf(name, sizeof(name), "sonuma_%s_n%u_ctx%u", node->cluster, node->pub.id, ctx_id);
	ret = rmc_shm_create_numa(name, size, node->conf.huge, rmc_node_numa(node), &seg);
	if (ret < 0)
		return ret;
	c->fd = seg.fd;
	c->map_size = seg.size;
	c->huge = seg.huge;
	c->view.base = seg.addr;
	/* Bounds are those asked for, not the rounded mapping. */
	c->view.size = size;
	c->view.perm = perm;
	__atomic_store_n(&c->view.valid, 1, __ATOMIC_RELEASE);
	__atomic_add_fetch(&node->ctx_gen, 1, __ATOMIC_ACQ_REL);
	RMC_LOG(INFO, "node %u: context %u created, %" PRIu64 " bytes, %s, %s", node->pub.id, ctx_id,
		size, perm == RTE_RMC_PERM_RW ? "read-write" : "read-only",
		seg.huge ? "hugepages" : "ordinary pages");
	/* Tell every connected peer RMC, so that it maps the new context. */
	TAILQ_FOREACH(s, &node->clients, next)
		if (s->role == RMC_ROLE_PEER)
			rmc_ctx_announce(node, s->fd, ctx_id);
	return 0;
}

int
rmc_ctx_announce(struct rte_rmc_node *node, int fd, uint16_t ctx_id)
{
	const struct rmc_ctx *c = &node->ctx[ctx_id];
	struct rmc_ctl_msg m;

	rmc_ctl_init(&m, RMC_CTL_CTX_ANNOUNCE);
	m.u.ctx.id = ctx_id;
	m.u.ctx.size = c->view.size;
	m.u.ctx.map_size = c->map_size;
	m.u.ctx.perm = c->view.perm;
	m.u.ctx.gen = __atomic_load_n(&node->ctx_gen, __ATOMIC_ACQUIRE);
	/* Message drivers never map a peer's memory: they get no descriptor. */
	return rmc_ctl_send(fd, &m, node->drv->transport != NULL ? -1 : c->fd);
}

/* 1 when every connected peer has acknowledged generation 'gen'. */
static int
rmc_ctx_acked(struct rte_rmc_node *node, uint64_t gen)
{
	struct rmc_client *s;

	TAILQ_FOREACH(s, &node->clients, next)
		if (s->role == RMC_ROLE_PEER && s->ctx_gen_acked < gen)
			return 0;
	return 1;
}

int
rmc_ctx_wait_acks(struct rte_rmc_node *node, uint64_t gen, uint32_t timeout_ms)
{
	const struct timespec ts = { .tv_sec = 0, .tv_nsec = 200000 };
	uint64_t deadline = rmc_now_ns() + (uint64_t)timeout_ms * 1000000;
	int done;

	for (;;) {
		pthread_mutex_lock(&node->lock);
		done = rmc_ctx_acked(node, gen);
		pthread_mutex_unlock(&node->lock);
		if (done)
			return 0;
		if (rmc_now_ns() > deadline)
			return -ETIMEDOUT;
		nanosleep(&ts, NULL);
	}
}

int
rmc_ctx_sync_query(struct rte_rmc_node *node, uint64_t gen)
{
	return rmc_ctx_acked(node, gen);
}

int
rte_rmc_node_ctx_create(struct rte_rmc_node *node, uint16_t ctx_id, uint64_t size,
		enum rte_rmc_perm perm)
{
	uint64_t gen;
	int ret;

	if (node == NULL)
		return -EINVAL;
	pthread_mutex_lock(&node->lock);
	ret = rmc_ctx_create_locked(node, ctx_id, size, perm);
	gen = __atomic_load_n(&node->ctx_gen, __ATOMIC_ACQUIRE);
	pthread_mutex_unlock(&node->lock);
	if (ret < 0)
		return ret;
	/* Peers that do not answer in time get the context when they reconnect. */
	if (rmc_ctx_wait_acks(node, gen, 2000) < 0)
		RMC_LOG(WARNING, "node %u: not every peer acknowledged context %u yet",
			node->pub.id, ctx_id);
	return 0;
}

/* Unmaps a context's memory and leaves its slot empty. */
static void
rmc_ctx_unmap(struct rmc_ctx *c)
{
	struct rmc_shm_seg seg = {
		.addr = c->view.base,
		.size = c->map_size,
		.fd = c->fd,
	};

	rmc_shm_destroy(&seg);
	memset(c, 0, sizeof(*c));
	c->fd = -1;
}

void
rmc_ctx_destroy_all(struct rte_rmc_node *node)
{
	unsigned int i;

	for (i = 0; i < RTE_RMC_MAX_CTX; i++) {
		struct rmc_ctx *c = &node->ctx[i];

		if (!c->view.valid)
			continue;
		c->view.valid = 0;
		rmc_ctx_unmap(c);
	}
}

/* Tell every connected peer RMC that a context is gone (shm peers unmap it). */
static void
rmc_ctx_announce_gone(struct rte_rmc_node *node, uint16_t ctx_id, uint64_t gen)
{
	struct rmc_client *s;
	struct rmc_ctl_msg m;

	rmc_ctl_init(&m, RMC_CTL_CTX_GONE);
	m.u.ctx.id = ctx_id;
	m.u.ctx.gen = gen;
	TAILQ_FOREACH(s, &node->clients, next)
		if (s->role == RMC_ROLE_PEER)
			rmc_ctl_send(s->fd, &m, -1);
}

int64_t
rmc_ctx_destroy_locked(struct rte_rmc_node *node, uint16_t ctx_id)
{
	struct rmc_ctx *c;
	uint64_t gen;

	if (ctx_id >= RTE_RMC_MAX_CTX || !node->ctx[ctx_id].view.valid)
		return -ENOENT;
	c = &node->ctx[ctx_id];
	/* Requests validated from now on complete with BAD_CTX. */
	__atomic_store_n(&c->view.valid, 0, __ATOMIC_SEQ_CST);
	gen = __atomic_add_fetch(&node->ctx_gen, 1, __ATOMIC_ACQ_REL);
	rmc_ctx_announce_gone(node, ctx_id, gen);
	/*
	 * A pass of the RMC may still be copying into it. Applications that
	 * mapped it keep their mapping (the memory lives until they unmap).
	 */
	if (rmc_node_quiesce(node) < 0) {
		RMC_LOG(ERR, "node %u: context %u unpublished but left mapped (RMC stuck)",
			node->pub.id, ctx_id);
		return (int64_t)gen;
	}
	rmc_ctx_unmap(c);
	RMC_LOG(INFO, "node %u: context %u removed", node->pub.id, ctx_id);
	return (int64_t)gen;
}
