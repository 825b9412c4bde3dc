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
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "rmc_ctl_msg.h"
#include "rmc_driver.h"
#include "rmc_exec.h"
#include "rmc_private.h"
#include "rmc_shm.h"

/* How often a missing peer is tried again. */
#define SHM_RETRY_NS 100000000ull
/* How long a connected peer may take to answer during set-up. */
#define SHM_SETUP_TIMEOUT_NS 2000000000ull

enum shm_peer_state {
	SHM_PEER_IDLE = 0,   /* not connected */
	SHM_PEER_HELLO_SENT, /* waiting for the peer's hello reply */
	SHM_PEER_RECV_CTX,   /* receiving the peer's contexts */
	SHM_PEER_UP,         /* requests may use the peer */
};

struct shm_peer {
	struct rmc_watch watch;
	struct rmc_ctx_view ctx[RTE_RMC_MAX_CTX];
	uint64_t map_size[RTE_RMC_MAX_CTX];
	int ctx_fd[RTE_RMC_MAX_CTX];  /* kept for inline-mode applications */
	uint64_t next_try_ns;
	uint64_t setup_deadline_ns;
	uint64_t gen;         /* newest context generation mapped */
	uint32_t up;          /* atomic: requests may use ctx[] */
	uint32_t pending_ctx; /* announcements still expected during set-up */
	enum shm_peer_state state;
	int fd;
	int refused;          /* last attempt was refused: log once */
	uint16_t nid;
};

struct shm_priv {
	struct shm_peer peer[RTE_RMC_MAX_NODES];
	uint64_t start_ns;
	int wait_logged;
	int all_up_logged;
};

static void shm_peer_event(struct rte_rmc_node *node, int fd, uint32_t events, void *arg);
static void shm_peer_close(struct rte_rmc_node *node, struct shm_peer *peer, uint64_t retry_ns);

static int
shm_init(struct rte_rmc_node *node)
{
	struct shm_priv *p = calloc(1, sizeof(*p));
	unsigned int i;

	if (p == NULL)
		return -ENOMEM;
	for (i = 0; i < RTE_RMC_MAX_NODES; i++) {
		unsigned int j;

		p->peer[i].fd = -1;
		p->peer[i].nid = i;
		for (j = 0; j < RTE_RMC_MAX_CTX; j++)
			p->peer[i].ctx_fd[j] = -1;
	}
	p->start_ns = rmc_now_ns();
	node->drv_priv = p;
	return 0;
}

static void
shm_unmap_all(struct shm_peer *peer)
{
	unsigned int i;

	for (i = 0; i < RTE_RMC_MAX_CTX; i++) {
		if (peer->ctx[i].base != NULL)
			munmap(peer->ctx[i].base, peer->map_size[i]);
		memset(&peer->ctx[i], 0, sizeof(peer->ctx[i]));
		if (peer->ctx_fd[i] >= 0)
			close(peer->ctx_fd[i]);
		peer->ctx_fd[i] = -1;
	}
}

/* Map one announced context and publish it for the RMC; keeps 'fd' on success. */
static int
shm_map_ctx(struct rte_rmc_node *node, struct shm_peer *peer, const struct rmc_ctl_msg *m,
		int fd)
{
	struct rmc_ctx_view *cv;
	uint16_t id = m->u.ctx.id;
	void *addr;

	if (id >= RTE_RMC_MAX_CTX || m->u.ctx.size > m->u.ctx.map_size || fd < 0)
		return -EPROTO;
	cv = &peer->ctx[id];
	if (__atomic_load_n(&cv->valid, __ATOMIC_ACQUIRE))
		return 1; /* already mapped */
	addr = rmc_shm_map_fd(fd, m->u.ctx.map_size);
	if (addr == NULL) {
		RMC_LOG(ERR, "node %u: cannot map context %u of node %u: %s", node->id, id,
			peer->nid, strerror(errno));
		return -errno;
	}
	cv->base = addr;
	cv->size = m->u.ctx.size;
	cv->perm = m->u.ctx.perm;
	peer->map_size[id] = m->u.ctx.map_size;
	peer->ctx_fd[id] = fd;
	__atomic_store_n(&cv->valid, 1, __ATOMIC_RELEASE);
	return 0;
}

static void
shm_ack(struct shm_peer *peer, uint64_t gen)
{
	struct rmc_ctl_msg m;

	rmc_ctl_init(&m, RMC_CTL_CTX_ACK);
	m.u.ctx.gen = gen;
	rmc_ctl_send(peer->fd, &m, -1);
}

static void
shm_peer_down(struct rte_rmc_node *node, struct shm_peer *peer)
{
	__atomic_store_n(&peer->up, 0, __ATOMIC_SEQ_CST);
	rmc_node_set_peer_up(node, peer->nid, 0);
	/* No pass of the RMC may still be using the mappings. */
	rmc_node_quiesce(node);
	shm_peer_close(node, peer, SHM_RETRY_NS);
	RMC_LOG(WARNING, "node %u: node %u is down; requests to it fail with node-down "
		"until it is back", node->id, peer->nid);
}

static void
shm_peer_close(struct rte_rmc_node *node, struct shm_peer *peer, uint64_t retry_ns)
{
	rmc_ctl_unwatch_fd(node, peer->fd);
	close(peer->fd);
	peer->fd = -1;
	peer->state = SHM_PEER_IDLE;
	shm_unmap_all(peer);
	peer->next_try_ns = rmc_now_ns() + retry_ns;
}

/*
 * Start connecting to a peer. Every step after connect() is driven by the
 * peer's replies in shm_peer_event(), never waited for, so two nodes that
 * connect to each other at the same time cannot block each other's control
 * threads.
 */
static int
shm_peer_connect(struct rte_rmc_node *node, struct shm_peer *peer)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct rmc_ctl_msg m;
	int fd, ret;

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/node%u.sock", node->dir, peer->nid);
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		ret = -errno;
		close(fd);
		return ret;
	}
	rmc_ctl_init(&m, RMC_CTL_HELLO);
	snprintf(m.u.hello.cluster, sizeof(m.u.hello.cluster), "%s", node->cluster);
	m.u.hello.pid = getpid();
	m.u.hello.role = RMC_ROLE_PEER;
	m.u.hello.node_id = node->id;
	m.u.hello.node_count = node->count;
	snprintf(m.u.hello.driver, sizeof(m.u.hello.driver), "%s", node->drv->name);
	ret = rmc_ctl_send(fd, &m, -1);
	if (ret < 0) {
		close(fd);
		return ret;
	}
	peer->fd = fd;
	peer->watch.fd = fd;
	peer->watch.cb = shm_peer_event;
	peer->watch.arg = peer;
	ret = rmc_ctl_watch_fd(node, &peer->watch);
	if (ret < 0) {
		close(fd);
		peer->fd = -1;
		return ret;
	}
	peer->state = SHM_PEER_HELLO_SENT;
	peer->setup_deadline_ns = rmc_now_ns() + SHM_SETUP_TIMEOUT_NS;
	return 0;
}

static void
shm_peer_ready(struct rte_rmc_node *node, struct shm_peer *peer)
{
	shm_ack(peer, peer->gen);
	peer->state = SHM_PEER_UP;
	peer->refused = 0;
	__atomic_store_n(&peer->up, 1, __ATOMIC_RELEASE);
	rmc_node_set_peer_up(node, peer->nid, 1);
	RMC_LOG(INFO, "node %u: connected to node %u", node->id, peer->nid);
}

/* One message from a peer, according to where its set-up stands. */
static int
shm_peer_msg(struct rte_rmc_node *node, struct shm_peer *peer, struct rmc_ctl_msg *m, int rfd,
		int *rfd_kept)
{
	int ret;

	switch (peer->state) {
	case SHM_PEER_HELLO_SENT:
		if (m->type != RMC_CTL_HELLO)
			return -EPROTO;
		if (m->result < 0) {
			if (!peer->refused)
				RMC_LOG(ERR, "node %u: node %u refused us: %.*s", node->id,
					peer->nid, RMC_CTL_TEXT_MAX, m->u.text);
			peer->refused = 1;
			return m->result;
		}
		peer->pending_ctx = m->u.info.nb_ctx;
		peer->gen = 0;
		peer->state = SHM_PEER_RECV_CTX;
		if (peer->pending_ctx == 0)
			shm_peer_ready(node, peer);
		return 0;
	case SHM_PEER_RECV_CTX:
	case SHM_PEER_UP:
		if (m->type != RMC_CTL_CTX_ANNOUNCE)
			return 0; /* not for us: ignore */
		ret = shm_map_ctx(node, peer, m, rfd);
		if (ret < 0)
			return ret;
		*rfd_kept = ret == 0; /* the mapped context keeps the descriptor */
		if (m->u.ctx.gen > peer->gen)
			peer->gen = m->u.ctx.gen;
		if (peer->state == SHM_PEER_UP) {
			shm_ack(peer, m->u.ctx.gen);
		} else if (--peer->pending_ctx == 0) {
			shm_peer_ready(node, peer);
		}
		return 0;
	default:
		return -EPROTO;
	}
}

static void
shm_peer_event(struct rte_rmc_node *node, int fd, uint32_t events, void *arg)
{
	struct shm_peer *peer = arg;
	struct rmc_ctl_msg m;
	int rfd, ret, kept;

	if (peer->fd != fd || peer->fd < 0)
		return;
	for (;;) {
		ret = rmc_ctl_recv(fd, &m, &rfd);
		if (ret == -EAGAIN)
			break;
		kept = 0;
		if (ret == 0)
			ret = shm_peer_msg(node, peer, &m, rfd, &kept);
		if (rfd >= 0 && !kept)
			close(rfd);
		if (ret < 0) {
			if (peer->state == SHM_PEER_UP)
				shm_peer_down(node, peer);
			else
				shm_peer_close(node, peer, peer->refused ? 10 * SHM_RETRY_NS :
					SHM_RETRY_NS);
			return;
		}
	}
	if (events & (EPOLLHUP | EPOLLRDHUP | EPOLLERR)) {
		if (peer->state == SHM_PEER_UP)
			shm_peer_down(node, peer);
		else
			shm_peer_close(node, peer, SHM_RETRY_NS);
	}
}

static void
shm_tick(struct rte_rmc_node *node)
{
	struct shm_priv *p = node->drv_priv;
	uint64_t now = rmc_now_ns();
	unsigned int i, missing = 0;
	char list[256];
	size_t off = 0;

	list[0] = '\0';
	for (i = 0; i < node->count; i++) {
		struct shm_peer *peer = &p->peer[i];

		if (i == node->id || peer->state == SHM_PEER_UP)
			continue;
		if (peer->fd >= 0 && now > peer->setup_deadline_ns) {
			RMC_LOG(WARNING, "node %u: node %u did not answer within 2 s; retrying",
				node->id, i);
			shm_peer_close(node, peer, SHM_RETRY_NS);
		}
		if (peer->fd < 0 && now >= peer->next_try_ns &&
				shm_peer_connect(node, peer) < 0)
			peer->next_try_ns = now + SHM_RETRY_NS;
		{
			missing++;
			if (off < sizeof(list))
				off += snprintf(list + off, sizeof(list) - off, "%s%u",
					off ? " " : "", i);
		}
	}
	if (missing == 0) {
		if (!p->all_up_logged && node->count > 1)
			RMC_LOG(NOTICE, "node %u: all %u nodes of cluster '%s' connected",
				node->id, node->count, node->cluster);
		p->all_up_logged = 1;
		return;
	}
	if (!p->wait_logged && now - p->start_ns > 1000000000ull) {
		RMC_LOG(NOTICE, "node %u: waiting for node(s) %s of cluster '%s' to start",
			node->id, list, node->cluster);
		p->wait_logged = 1;
	}
	if (p->wait_logged == 1 && now - p->start_ns > node->conf.peer_wait_ms * 1000000ull) {
		RMC_LOG(WARNING, "node %u: node(s) %s still missing after %u ms; serving anyway, "
			"requests to them fail with node-down", node->id, list,
			node->conf.peer_wait_ms);
		p->wait_logged = 2;
	}
}

static int
shm_execute(struct rte_rmc_node *node, struct rmc_xfer *x)
{
	struct shm_priv *p = node->drv_priv;
	const struct rmc_ctx_view *cv = NULL;
	struct shm_peer *peer;

	if (x->dst_nid == node->id) {
		if (x->ctx_id < RTE_RMC_MAX_CTX)
			cv = &node->ctx[x->ctx_id].view;
		return rmc_ctx_execute_inline(cv, x);
	}
	peer = &p->peer[x->dst_nid];
	if (!__atomic_load_n(&peer->up, __ATOMIC_ACQUIRE))
		return RTE_RMC_STATUS_NODE_DOWN;
	if (x->ctx_id < RTE_RMC_MAX_CTX)
		cv = &peer->ctx[x->ctx_id];
	return rmc_ctx_execute_inline(cv, x);
}

static int
shm_peer_ctx(struct rte_rmc_node *node, uint16_t nid, uint16_t ctx_id,
		struct rmc_ctx_view *view, uint64_t *map_size, int *fd)
{
	struct shm_priv *p = node->drv_priv;
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
	struct shm_priv *p = node->drv_priv;
	unsigned int i;

	if (p == NULL)
		return;
	for (i = 0; i < RTE_RMC_MAX_NODES; i++) {
		struct shm_peer *peer = &p->peer[i];

		if (peer->fd >= 0)
			close(peer->fd);
		shm_unmap_all(peer);
	}
	free(p);
	node->drv_priv = NULL;
}

static const struct rmc_driver_ops shm_remote_ops = {
	.name = "shm",
	.help = "nodes are processes on one host; the RMC maps peers' shared segments",
	.init = shm_init,
	.fini = shm_fini,
	.tick = shm_tick,
	.execute = shm_execute,
	.peer_ctx = shm_peer_ctx,
};

RMC_DRIVER_REGISTER(shm, shm_remote_ops);
