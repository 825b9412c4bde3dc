/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * shm_remote: the embedded default driver, for nodes that are processes on one
 * host. A node's RMC connects to each peer's control socket as a peer RMC,
 * receives the peer's context segments (sealed memfds) and maps them; remote
 * reads, writes and atomics are then loads and stores by the RMC into the
 * peer's memory. Applications never map a peer's memory: only the RMC does.
 * A peer that dies closes its socket; its contexts are unpublished, the RMC
 * quiesced, and the mappings released, so requests to it complete with
 * RTE_RMC_STATUS_NODE_DOWN until it comes back and is mapped again.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "rmc_driver.h"
#include "rmc_peer_link.h"
#include "rmc_shm_served.h"

struct shm_peer {
	struct rmc_ctx_view ctx[RTE_RMC_MAX_CTX];
	uint64_t map_size[RTE_RMC_MAX_CTX];
	int ctx_fd[RTE_RMC_MAX_CTX];  /* kept for inline-mode applications */
	uint64_t gen;         /* newest context generation mapped */
	uint32_t up;          /* atomic: requests may use ctx[] */
	uint32_t pending_ctx; /* announcements still expected during set-up */
};

struct shm_priv {
	struct shm_peer peer[RTE_RMC_MAX_NODES];
	struct rmc_peer_links links;
	struct shm_served served;
};

static const struct rmc_peer_link_ops shm_link_ops;

static int
shm_init(struct rte_rmc_node *node)
{
	struct shm_priv *p = calloc(1, sizeof(*p));
	unsigned int i, j;
	int ret;

	if (p == NULL)
		return -ENOMEM;
	ret = shm_served_init(&p->served, node);
	if (ret < 0) {
		free(p);
		return ret;
	}
	for (i = 0; i < RTE_RMC_MAX_NODES; i++)
		for (j = 0; j < RTE_RMC_MAX_CTX; j++)
			p->peer[i].ctx_fd[j] = -1;
	rmc_peer_links_init(&p->links, &shm_link_ops, p);
	rmc_node_drv_priv_set(node, p);
	return 0;
}

static struct shm_peer *
shm_peer_of(const struct rmc_peer_link *l)
{
	struct shm_priv *p = l->links->drv;

	return &p->peer[l->nid];
}

/* Release: unmap every context of the peer (nothing of it is published). */
static void
shm_link_release(struct rte_rmc_node *node, struct rmc_peer_link *l)
{
	struct shm_peer *peer = shm_peer_of(l);
	struct shm_priv *p = l->links->drv;
	unsigned int i;

	shm_served_unmap(&p->served, rmc_node_id(node), l->nid);
	for (i = 0; i < RTE_RMC_MAX_CTX; i++) {
		if (peer->ctx[i].base != NULL)
			munmap(peer->ctx[i].base, peer->map_size[i]);
		memset(&peer->ctx[i], 0, sizeof(peer->ctx[i]));
		if (peer->ctx_fd[i] >= 0)
			close(peer->ctx_fd[i]);
		peer->ctx_fd[i] = -1;
	}
}

static void
shm_link_unpublish(struct rte_rmc_node *node, struct rmc_peer_link *l)
{
	RTE_SET_USED(node);
	__atomic_store_n(&shm_peer_of(l)->up, 0, __ATOMIC_SEQ_CST);
}

/* Map one announced context and publish it for the RMC; keeps 'fd' on success. */
static int
shm_map_ctx(struct rte_rmc_node *node, struct rmc_peer_link *l, const struct rmc_peer_msg *m,
		int fd)
{
	struct shm_peer *peer = shm_peer_of(l);
	struct rmc_ctx_view *cv;
	uint16_t id = m->ctx_id;
	void *addr;

	if (id >= RTE_RMC_MAX_CTX || m->size > m->map_size || fd < 0)
		return -EPROTO;
	cv = &peer->ctx[id];
	if (__atomic_load_n(&cv->valid, __ATOMIC_ACQUIRE))
		return 1; /* already mapped */
	addr = rmc_drv_seg_map_fd(fd, m->map_size);
	if (addr == NULL) {
		RMC_LOG(ERR, "node %u: cannot map context %u of node %u: %s", rmc_node_id(node),
			id, l->nid, strerror(errno));
		return -errno;
	}
	cv->base = addr;
	cv->size = m->size;
	cv->perm = m->perm;
	peer->map_size[id] = m->map_size;
	peer->ctx_fd[id] = fd;
	__atomic_store_n(&cv->valid, 1, __ATOMIC_RELEASE);
	return 0;
}

/* Every context is mapped: acknowledge them and let requests use the peer. */
static int
shm_peer_ready(struct rmc_peer_link *l)
{
	struct shm_peer *peer = shm_peer_of(l);

	rmc_peer_session_ack(l->fd, peer->gen);
	__atomic_store_n(&peer->up, 1, __ATOMIC_RELEASE);
	return 1;
}

static int
shm_link_accepted(struct rte_rmc_node *node, struct rmc_peer_link *l, uint32_t nb_ctx)
{
	struct shm_peer *peer = shm_peer_of(l);

	RTE_SET_USED(node);
	peer->pending_ctx = nb_ctx;
	peer->gen = 0;
	return nb_ctx == 0 ? shm_peer_ready(l) : 0;
}

/* A context of the peer is gone: unpublish, wait for the RMC's pass, unmap, acknowledge. */
static int
shm_unmap_ctx(struct rte_rmc_node *node, struct rmc_peer_link *l, const struct rmc_peer_msg *m)
{
	struct shm_peer *peer = shm_peer_of(l);
	struct rmc_ctx_view *cv;

	if (m->ctx_id >= RTE_RMC_MAX_CTX)
		return -EPROTO;
	cv = &peer->ctx[m->ctx_id];
	if (__atomic_load_n(&cv->valid, __ATOMIC_ACQUIRE)) {
		__atomic_store_n(&cv->valid, 0, __ATOMIC_SEQ_CST);
		/* Stuck RMC: leave it mapped (a leak, not a fault). */
		if (rmc_node_quiesce(node) == 0) {
			munmap(cv->base, peer->map_size[m->ctx_id]);
			memset(cv, 0, sizeof(*cv));
			if (peer->ctx_fd[m->ctx_id] >= 0)
				close(peer->ctx_fd[m->ctx_id]);
			peer->ctx_fd[m->ctx_id] = -1;
		}
	}
	if (m->gen > peer->gen)
		peer->gen = m->gen;
	if (l->state == RMC_PEER_LINK_UP)
		rmc_peer_session_ack(l->fd, m->gen);
	return 0;
}

static int
shm_link_message(struct rte_rmc_node *node, struct rmc_peer_link *l,
		const struct rmc_peer_msg *m, int fd, int *fd_kept)
{
	struct shm_peer *peer = shm_peer_of(l);
	int ret;

	*fd_kept = 0;
	if (m->type == RMC_PEER_MSG_CTX_GONE)
		return shm_unmap_ctx(node, l, m);
	if (m->type == RMC_PEER_MSG_SEG) {
		struct shm_priv *p = l->links->drv;

		/* The peer's counters of what it did to each node (rmc_shm_served.h). */
		ret = shm_served_map(&p->served, l->nid, m->size, m->map_size, fd);
		*fd_kept = ret == 1;
		return ret < 0 ? ret : 0;
	}
	if (m->type != RMC_PEER_MSG_CTX)
		return 0; /* not for us: ignore */
	ret = shm_map_ctx(node, l, m, fd);
	if (ret < 0)
		return ret;
	*fd_kept = ret == 0; /* the mapped context keeps the descriptor */
	if (m->gen > peer->gen)
		peer->gen = m->gen;
	if (l->state == RMC_PEER_LINK_UP) {
		rmc_peer_session_ack(l->fd, m->gen);
		return 0;
	}
	return --peer->pending_ctx == 0 ? shm_peer_ready(l) : 0;
}

static const struct rmc_peer_link_ops shm_link_ops = {
	.accepted = shm_link_accepted,
	.message = shm_link_message,
	.unpublish = shm_link_unpublish,
	.release = shm_link_release,
	.setup_what = "answer",
	.up_how = "",
};

static void
shm_tick(struct rte_rmc_node *node)
{
	struct shm_priv *p = rmc_node_drv_priv(node);

	rmc_peer_links_tick(node, &p->links);
}

static int
shm_execute(struct rte_rmc_node *node, struct rmc_xfer *x)
{
	struct shm_priv *p = rmc_node_drv_priv(node);
	const struct rmc_ctx_view *cv = NULL;
	struct shm_peer *peer;
	int status;

	peer = &p->peer[x->dst_nid];
	if (!__atomic_load_n(&peer->up, __ATOMIC_ACQUIRE))
		return RTE_RMC_STATUS_NODE_DOWN;
	if (x->ctx_id < RTE_RMC_MAX_CTX)
		cv = &peer->ctx[x->ctx_id];
	status = rmc_ctx_execute(cv, x);
	/* What the destination served, counted here, in our own memory. */
	shm_served_count(&p->served, x, status);
	return status;
}

/* Server side: a peer RMC said hello; give it our counters per destination. */
static int
shm_peer_attach(struct rte_rmc_node *node, uint16_t nid, int fd)
{
	struct shm_priv *p = rmc_node_drv_priv(node);

	RTE_SET_USED(nid);
	return shm_served_send(&p->served, fd);
}

static void
shm_served_get(struct rte_rmc_node *node, struct rte_rmc_served_stats *st, int reset)
{
	struct shm_priv *p = rmc_node_drv_priv(node);

	shm_served_read(&p->served, rmc_node_id(node), st, reset);
}

static int
shm_peer_ctx(struct rte_rmc_node *node, uint16_t nid, uint16_t ctx_id,
		struct rmc_ctx_view *view, uint64_t *map_size, int *fd)
{
	struct shm_priv *p = rmc_node_drv_priv(node);
	struct shm_peer *peer = &p->peer[nid];

	if (!__atomic_load_n(&peer->up, __ATOMIC_ACQUIRE))
		return -EHOSTDOWN;
	if (!peer->ctx[ctx_id].valid || peer->ctx_fd[ctx_id] < 0)
		return -ENOENT;
	*view = peer->ctx[ctx_id];
	*map_size = peer->map_size[ctx_id];
	*fd = peer->ctx_fd[ctx_id];
	return 0;
}

static void
shm_fini(struct rte_rmc_node *node)
{
	struct shm_priv *p = rmc_node_drv_priv(node);

	if (p == NULL)
		return;
	rmc_peer_links_fini(node, &p->links);
	shm_served_fini(&p->served);
	free(p);
	rmc_node_drv_priv_set(node, NULL);
}

static const struct rmc_driver_ops shm_remote_ops = {
	.name = "shm",
	.help = "nodes are processes on one host; the RMC maps peers' shared segments",
	.init = shm_init,
	.fini = shm_fini,
	.tick = shm_tick,
	.execute = shm_execute,
	.peer_ctx = shm_peer_ctx,
	.peer_attach = shm_peer_attach,
	.served = shm_served_get,
};

RMC_DRIVER_REGISTER_DEFAULT(shm, shm_remote_ops);
