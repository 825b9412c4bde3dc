/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The node's control thread: accepts applications and peer RMCs on the
 * node's UNIX socket, serves their requests (contexts, local buffers, QPs),
 * reclaims everything a session owned when it closes (including when the
 * application is killed), and runs the driver's housekeeping tick. It sleeps
 * in epoll_wait and is never on the data path.
 */

#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_mempool.h>

#include "rmc_ctl_msg.h"
#include "rmc_driver.h"
#include "rmc_private.h"
#include "rmc_shm.h"
#include "rte_rmc_pgas.h"

static void
rmc_fill_info(struct rte_rmc_node *node, struct rmc_ctl_msg *m)
{
	struct rte_rmc_usage u;

	rmc_node_usage_locked(node, &u);
	memset(&m->u, 0, sizeof(m->u));
	m->u.info.tsc_hz = node->pub.tsc_hz;
	m->u.info.peers_up = u.peers_up;
	m->u.info.peers_lost = u.peers_lost;
	m->u.info.apps = u.apps;
	m->u.info.peers = u.peers;
	m->u.info.qps = u.qps;
	m->u.info.lbufs = u.lbufs;
	m->u.info.itt_in_use = u.itt_in_use;
	m->u.info.qps_draining = u.qps_draining;
	m->u.info.lbufs_draining = u.lbufs_draining;
	m->u.info.lbuf_bytes = u.lbuf_bytes;
	m->u.info.ctx_gen = __atomic_load_n(&node->ctx_gen, __ATOMIC_ACQUIRE);
	m->u.info.node_id = node->pub.id;
	m->u.info.node_count = node->pub.count;
	m->u.info.rmc_cpu = rmc_node_rmc_cpu(node);
}

static struct rmc_client *
rmc_find_peer_session(struct rte_rmc_node *node, uint16_t peer)
{
	struct rmc_client *s;

	TAILQ_FOREACH(s, &node->clients, next)
		if (s->role == RMC_ROLE_PEER && s->peer_id == peer)
			return s;
	return NULL;
}

static void
rmc_handle_hello(struct rte_rmc_node *node, struct rmc_client *s, struct rmc_ctl_msg *m)
{
	struct rmc_client *old;
	unsigned int i, nb = 0;

	if (s->role != 0)
		return rmc_reply_error(s->fd, m, -EALREADY, "session already introduced");
	if (strncmp(m->u.hello.cluster, node->cluster, RTE_RMC_NAME_MAX) != 0)
		return rmc_reply_error(s->fd, m, -EINVAL, "this is a node of cluster '%s'",
			node->cluster);
	s->pid = m->u.hello.pid;
	if (m->u.hello.role == RMC_ROLE_APP) {
		if (rmc_inline_hello(node, s, m) < 0)
			return;
		s->role = RMC_ROLE_APP;
	} else if (m->u.hello.role == RMC_ROLE_PEER) {
		if (m->u.hello.node_count != node->pub.count) {
			RMC_LOG(ERR, "node %u: refusing node %u, started for %u nodes while this "
				"node was started for %u", node->pub.id, m->u.hello.node_id,
				m->u.hello.node_count, node->pub.count);
			return rmc_reply_error(s->fd, m, -EINVAL,
				"cluster size mismatch: node %u was started for %u nodes",
				node->pub.id, node->pub.count);
		}
		if (m->u.hello.node_id >= node->pub.count || m->u.hello.node_id == node->pub.id)
			return rmc_reply_error(s->fd, m, -EINVAL, "bad peer node id %u",
				m->u.hello.node_id);
		if (strncmp(m->u.hello.driver[0] != '\0' ? m->u.hello.driver :
				rmc_driver_find(NULL)->name, node->drv->name,
				sizeof(m->u.hello.driver)) != 0) {
			RMC_LOG(ERR, "node %u: refusing node %u, which runs driver '%.16s' while "
				"this node runs '%s'", node->pub.id, m->u.hello.node_id,
				m->u.hello.driver, node->drv->name);
			return rmc_reply_error(s->fd, m, -EINVAL, "driver mismatch: node %u runs "
				"driver '%s'", node->pub.id, node->drv->name);
		}
		/* Message drivers: both ends must speak one protocol version (rmc_driver.h). */
		if (node->drv->transport != NULL && m->u.hello.proto_version != RMC_PROTO_VERSION)
			return rmc_reply_error(s->fd, m, -EPROTO, "protocol version mismatch: node "
				"%u speaks version %u, node %u speaks %u", node->pub.id,
				RMC_PROTO_VERSION, m->u.hello.node_id, m->u.hello.proto_version);
		/* A restarted peer may reconnect before its old session closed. */
		old = rmc_find_peer_session(node, m->u.hello.node_id);
		if (old != NULL)
			rmc_client_close(node, old);
		s->role = RMC_ROLE_PEER;
		s->peer_id = m->u.hello.node_id;
	} else {
		return rmc_reply_error(s->fd, m, -EINVAL, "unknown role %u", m->u.hello.role);
	}
	rmc_fill_info(node, m);
	for (i = 0; i < RTE_RMC_MAX_CTX; i++)
		nb += node->ctx[i].view.valid;
	m->u.info.nb_ctx = nb;
	m->result = 0;
	if (rmc_ctl_send(s->fd, m, -1) < 0 || s->role != RMC_ROLE_PEER)
		return;
	/* Before the contexts: the peer knows the model before its link is up. */
	rmc_latency_announce(node, s->fd);
	s->ctx_gen_acked = 0;
	for (i = 0; i < RTE_RMC_MAX_CTX; i++)
		if (node->ctx[i].view.valid)
			rmc_ctx_announce(node, s->fd, i);
	if (node->drv->peer_attach != NULL &&
			node->drv->peer_attach(node, s->peer_id, s->fd) < 0) {
		RMC_LOG(ERR, "node %u: driver '%s' cannot serve node %u; closing its session",
			node->pub.id, node->drv->name, s->peer_id);
		rmc_client_close(node, s);
	}
}

/*
 * Close now the application sessions whose process hung up but whose close
 * this thread has not handled yet (later in this batch, or the next), so that
 * nothing is refused or shared because of the dead. 'regions': only those
 * that use a region (a program started right after the previous run ended
 * must never join the regions, the PGAS bootstrap's counts, that run still
 * held); otherwise all of them (a limit is never held by the dead). Returns
 * how many were closed.
 */
static unsigned int
rmc_reap_hungup(struct rte_rmc_node *node, const struct rmc_client *self, int regions)
{
	struct rmc_client *c, *next;
	unsigned int closed = 0;
	struct pollfd pfd;

	for (c = TAILQ_FIRST(&node->clients); c != NULL; c = next) {
		next = TAILQ_NEXT(c, next);
		if (c == self || c->role != RMC_ROLE_APP || (regions && c->ctx_uses == 0))
			continue;
		pfd.fd = c->fd;
		pfd.events = POLLRDHUP;
		pfd.revents = 0;
		if (poll(&pfd, 1, 0) == 1 && (pfd.revents & (POLLHUP | POLLRDHUP | POLLERR))) {
			rmc_client_close(node, c);
			closed++;
		}
	}
	return closed;
}

static void
rmc_handle_ctx_map(struct rte_rmc_node *node, struct rmc_client *s, struct rmc_ctl_msg *m)
{
	uint16_t id = m->u.ctx.id;
	const struct rmc_ctx *c;

	if (id >= RTE_RMC_MAX_CTX || !node->ctx[id].view.valid)
		return rmc_reply_error(s->fd, m, -ENOENT, "node %u has no context %u",
			node->pub.id, id);
	c = &node->ctx[id];
	rmc_region_use(node, s, id);
	m->result = 0;
	m->u.ctx.size = c->view.size;
	m->u.ctx.map_size = c->map_size;
	m->u.ctx.perm = c->view.perm;
	rmc_ctl_send(s->fd, m, c->fd);
}

static void
rmc_handle_ctx_create(struct rte_rmc_node *node, struct rmc_client *s, struct rmc_ctl_msg *m)
{
	char text[RMC_CTL_TEXT_MAX];
	uint16_t id = m->u.ctx.id, flags = m->u.ctx.perm & ~0xffu;
	int ret;

	if (flags & ~RTE_RMC_CTX_F_PERSISTENT)
		return rmc_reply_error(s->fd, m, -EINVAL, "unknown context flags %#x", flags);
	ret = rmc_quota_ctx(node, s, m->u.ctx.size, text, sizeof(text));
	if (ret < 0)
		return rmc_reply_error(s->fd, m, ret, "%s", text);
	ret = rmc_ctx_create_locked(node, id, m->u.ctx.size, m->u.ctx.perm & 0xff);
	/* Taken by a dead application's context, whose hang-up waits behind us? */
	if (ret == -EEXIST && rmc_reap_hungup(node, s, 1) > 0)
		ret = rmc_ctx_create_locked(node, id, m->u.ctx.size, m->u.ctx.perm & 0xff);
	if (ret == -EEXIST) {
		/* A user too (rpc_setup_ctx() and the like): it goes after them all. */
		rmc_region_use(node, s, id);
		return rmc_reply_error(s->fd, m, ret, "context %u already exists on node %u",
			id, node->pub.id);
	}
	if (ret < 0)
		return rmc_reply_error(s->fd, m, ret, "cannot create context %u: %s", id,
			strerror(-ret));
	node->ctx[id].app_pid = s->cred_pid;
	/* Reclaimed with its last user (rmc_region.c), unless persistent. */
	node->ctx[id].region = RMC_REGION_F_CTX |
		(flags & RTE_RMC_CTX_F_PERSISTENT ? RTE_RMC_PGAS_F_PERSISTENT : 0);
	rmc_region_use(node, s, id);
	m->result = 0;
	m->u.ctx.gen = __atomic_load_n(&node->ctx_gen, __ATOMIC_ACQUIRE);
	rmc_ctl_send(s->fd, m, -1);
}

static void
rmc_handle_lbuf_reg(struct rte_rmc_node *node, struct rmc_client *s, struct rmc_ctl_msg *m)
{
	char text[RMC_CTL_TEXT_MAX];
	uint64_t size = m->u.seg.size;
	uint16_t id;
	int fd, ret;

	ret = size == 0 ? 0 : rmc_quota_lbuf(node, s, size, text, sizeof(text));
	if (ret < 0)
		return rmc_reply_error(s->fd, m, ret, "%s", text);
	ret = rmc_lbuf_create_locked(node, s, size, &id, &fd);
	/* At a limit: what dead applications hold goes first (rmc_reap_hungup()). */
	if ((ret == -ENOSPC || ret == -ENOMEM) && rmc_reap_hungup(node, s, 0) > 0)
		ret = rmc_lbuf_create_locked(node, s, size, &id, &fd);
	if (ret == -EINVAL)
		return rmc_reply_error(s->fd, m, ret,
			"local buffer size %" PRIu64 " is out of range (1 byte..4 GiB)", size);
	if (ret == -ENOMEM && node->lbuf_mem + size > node->conf.lbuf_mem_max)
		return rmc_reply_error(s->fd, m, ret,
			"node %u local-buffer memory limit (%" PRIu64 " MiB) reached",
			node->pub.id, node->conf.lbuf_mem_max >> 20);
	if (ret == -ENOSPC)
		return rmc_reply_error(s->fd, m, ret, "node %u has %u local buffers already",
			node->pub.id, RTE_RMC_MAX_LBUFS);
	if (ret < 0)
		return rmc_reply_error(s->fd, m, ret, "cannot allocate %" PRIu64
			" bytes for a local buffer: %s", size, strerror(-ret));
	m->result = 0;
	m->u.seg.id = id;
	m->u.seg.map_size = node->lbufs[id].map_size;
	rmc_ctl_send(s->fd, m, fd);
	close(fd);
}

static void
rmc_handle_lbuf_free(struct rte_rmc_node *node, struct rmc_client *s, struct rmc_ctl_msg *m)
{
	uint32_t id = m->u.seg.id;

	if (id >= RTE_RMC_MAX_LBUFS || node->lbufs[id].owner != s)
		return rmc_reply_error(s->fd, m, -ENOENT, "local buffer %u is not yours", id);
	rmc_lbuf_release(node, id);
	m->result = 0;
	rmc_ctl_send(s->fd, m, -1);
}

static void
rmc_handle_qp_create(struct rte_rmc_node *node, struct rmc_client *s, struct rmc_ctl_msg *m)
{
	char text[RMC_CTL_TEXT_MAX];
	uint32_t depth = m->u.seg.depth;
	struct rmc_qp_rt *qp;
	int fd, ret;

	ret = rmc_quota_qp(node, s, text, sizeof(text));
	if (ret < 0)
		return rmc_reply_error(s->fd, m, ret, "%s", text);
	ret = rmc_qp_create_locked(node, s, depth, &qp, &fd);
	/*
	 * At the limit: a dead application's hang-up may wait behind this
	 * request (same batch, or the next); its QPs go first.
	 */
	if (ret == -ENOSPC && rmc_reap_hungup(node, s, 0) > 0)
		ret = rmc_qp_create_locked(node, s, depth, &qp, &fd);
	if (ret == -EINVAL)
		return rmc_reply_error(s->fd, m, ret,
			"QP depth %u must be a power of two in %u..%u", depth,
			RTE_RMC_QP_DEPTH_MIN, RTE_RMC_QP_DEPTH_MAX);
	if (ret == -ENOSPC)
		return rmc_reply_error(s->fd, m, ret,
			"node %u serves %u QPs already (rmcd --max-qps raises the limit)",
			node->pub.id, node->max_qps);
	if (ret < 0)
		return rmc_reply_error(s->fd, m, ret, "cannot allocate the QP: %s",
			strerror(-ret));
	rmc_quota_itt_rebalance(node, s);
	m->result = 0;
	m->u.seg.id = qp->id;
	m->u.seg.map_size = qp->map_size;
	rmc_ctl_send(s->fd, m, fd);
	close(fd);
}

static void
rmc_handle_qp_destroy(struct rte_rmc_node *node, struct rmc_client *s, struct rmc_ctl_msg *m)
{
	uint32_t id = m->u.seg.id;

	if (id >= node->max_qps || node->qps[id] == NULL || node->qps[id]->owner != s ||
			node->qps[id]->released)
		return rmc_reply_error(s->fd, m, -ENOENT, "QP %u is not yours", id);
	rmc_qp_release(node, node->qps[id]);
	rmc_quota_itt_rebalance(node, s);
	m->result = 0;
	rmc_ctl_send(s->fd, m, -1);
}

void
rmc_client_close(struct rte_rmc_node *node, struct rmc_client *s)
{
	uint32_t i;

	/* No waiting for the RMC: the QPs drain, the tick frees them (rmc_node_reap()). */
	for (i = 0; i < node->max_qps; i++)
		if (node->qps[i] != NULL && node->qps[i]->owner == s)
			rmc_qp_release(node, node->qps[i]);
	for (i = 0; i < RTE_RMC_MAX_LBUFS; i++)
		if (node->lbufs[i].owner == s)
			rmc_lbuf_release(node, i);
	if (s->role == RMC_ROLE_APP) {
		/* Its regions that nobody else uses go (rte_rmc_pgas.h). */
		rmc_region_client_close(node, s);
		/* The process's other sessions share its ITT entries again. */
		rmc_quota_itt_rebalance(node, s);
		RMC_LOG(INFO, "node %u: application pid %u detached", node->pub.id, s->pid);
	}
	if (s->role == RMC_ROLE_PEER && node->drv->peer_detach != NULL)
		node->drv->peer_detach(node, s->peer_id);
	TAILQ_REMOVE(&node->clients, s, next);
	rmc_ctl_unwatch_fd(node, s->fd);
	close(s->fd);
	s->fd = -1;
	s->role = -1;
	if (rmc_client_draining(node, s)) /* its address marks its QPs and buffers */
		TAILQ_INSERT_TAIL(&node->draining, s, next);
	else
		TAILQ_INSERT_TAIL(&node->zombies, s, next);
}

void
rmc_free_zombies(struct rte_rmc_node *node)
{
	struct rmc_client *s;

	pthread_mutex_lock(&node->lock);
	while ((s = TAILQ_FIRST(&node->zombies)) != NULL) {
		TAILQ_REMOVE(&node->zombies, s, next);
		free(s);
	}
	pthread_mutex_unlock(&node->lock);
}

static void
rmc_ctl_dispatch(struct rte_rmc_node *node, struct rmc_client *s, struct rmc_ctl_msg *m)
{
	/* Another user: tell it why, as the answer to what it asked, then close. */
	if (s->refused) {
		rmc_reply_error(s->fd, m, -EACCES, "node %u runs as uid %u and refuses uid %u: "
			"run the application as the same user", node->pub.id,
			(unsigned int)geteuid(), s->refused_uid);
		return rmc_client_close(node, s);
	}
	if (m->type == RMC_CTL_HELLO)
		return rmc_handle_hello(node, s, m);
	if (s->role == 0)
		return rmc_reply_error(s->fd, m, -EPROTO, "say hello first");
	if (m->type == RMC_CTL_STATUS) {
		rmc_fill_info(node, m);
		m->result = 0;
		rmc_ctl_send(s->fd, m, -1);
		return;
	}
	if (m->type == RMC_CTL_WAKE_PAGE)
		return rmc_wake_ctl(node, s, m);
	if (s->role == RMC_ROLE_PEER) {
		if (m->type == RMC_CTL_CTX_ACK && m->u.ctx.gen > s->ctx_gen_acked)
			s->ctx_gen_acked = m->u.ctx.gen;
		return;
	}
	switch (m->type) {
	case RMC_CTL_CTX_MAP:
		return rmc_handle_ctx_map(node, s, m);
	case RMC_CTL_CTX_CREATE:
		return rmc_handle_ctx_create(node, s, m);
	case RMC_CTL_CTX_SYNC:
		m->result = rmc_ctx_sync_query(node, m->u.ctx.gen);
		rmc_ctl_send(s->fd, m, -1);
		return;
	case RMC_CTL_LBUF_REG:
		return rmc_handle_lbuf_reg(node, s, m);
	case RMC_CTL_LBUF_FREE:
		return rmc_handle_lbuf_free(node, s, m);
	case RMC_CTL_QP_CREATE:
		return rmc_handle_qp_create(node, s, m);
	case RMC_CTL_QP_DESTROY:
		return rmc_handle_qp_destroy(node, s, m);
	case RMC_CTL_STATS:
		return rmc_stats_ctl(node, s, m);
	case RMC_CTL_LINK_PAGE:
		return rmc_latency_link_ctl(node, s, m);
	case RMC_CTL_NODE_PAGE:
	case RMC_CTL_PEER_CTX_MAP:
		return rmc_inline_ctl(node, s, m);
	case RMC_CTL_REGION_CREATE:
	case RMC_CTL_REGION_LOOKUP:
		rmc_reap_hungup(node, s, 1);
		/* fall through */
	case RMC_CTL_REGION_CLOSE:
	case RMC_CTL_REGION_DESTROY:
	case RMC_CTL_REGION_FREE_IDS:
		return rmc_region_ctl(node, s, m);
	default:
		return rmc_reply_error(s->fd, m, -EOPNOTSUPP, "request %u not understood",
			m->type);
	}
}

void
rmc_ctl_client_event(struct rte_rmc_node *node, int fd, uint32_t events, void *arg)
{
	struct rmc_client *s = arg;
	struct rmc_ctl_msg m;
	uint64_t more;
	int rfd, ret;

	RTE_SET_USED(fd);
	for (;;) {
		if (s->fd < 0)
			return;
		ret = rmc_ctl_recv(s->fd, &m, &rfd);
		if (ret == -EAGAIN)
			break;
		if (rfd >= 0)
			close(rfd); /* nobody sends descriptors to a node */
		if (ret < 0) {
			/* Throttled: a client can reconnect and send garbage in a loop. */
			if (ret == -EPROTO && rmc_ctl_log_allowed(&node->proto_log, &more))
				RMC_LOG(ERR, "node %u: malformed control message from pid %u "
					"(ABI mismatch?); closing its session (%u more suppressed)",
					node->pub.id, s->pid, (unsigned int)more);
			pthread_mutex_lock(&node->lock);
			rmc_client_close(node, s);
			pthread_mutex_unlock(&node->lock);
			return;
		}
		if (m.type == RMC_CTL_LATENCY_SET && s->role == RMC_ROLE_APP) {
			/* The latency model has its own synchronisation. */
			rmc_admin_latency_ctl(node, s, &m);
			continue;
		}
		pthread_mutex_lock(&node->lock);
		rmc_ctl_dispatch(node, s, &m);
		pthread_mutex_unlock(&node->lock);
	}
	if (events & (EPOLLHUP | EPOLLRDHUP | EPOLLERR)) {
		pthread_mutex_lock(&node->lock);
		rmc_client_close(node, s);
		pthread_mutex_unlock(&node->lock);
	}
}
