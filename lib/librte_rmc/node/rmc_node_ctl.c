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

static void rmc_ctl_client_event(struct rte_rmc_node *node, int fd, uint32_t events,
		void *arg);

int
rmc_ctl_watch_fd(struct rte_rmc_node *node, struct rmc_watch *w)
{
	struct epoll_event ev = { .events = EPOLLIN | EPOLLRDHUP, .data.ptr = w };

	return epoll_ctl(node->epoll_fd, EPOLL_CTL_ADD, w->fd, &ev) < 0 ? -errno : 0;
}

/*
 * Stop watching. Events already fetched in the current batch may still name
 * the watch, so callbacks check that their object is still open.
 */
void
rmc_ctl_unwatch_fd(struct rte_rmc_node *node, int fd)
{
	epoll_ctl(node->epoll_fd, EPOLL_CTL_DEL, fd, NULL);
}

static void
rmc_reply_error(int fd, struct rmc_ctl_msg *m, int err, const char *fmt, ...)
	__rte_format_printf(4, 5);

static void
rmc_reply_error(int fd, struct rmc_ctl_msg *m, int err, const char *fmt, ...)
{
	va_list ap;

	memset(&m->u, 0, sizeof(m->u));
	m->result = err;
	va_start(ap, fmt);
	vsnprintf(m->u.text, sizeof(m->u.text), fmt, ap);
	va_end(ap);
	rmc_ctl_send(fd, m, -1);
}

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

static void
rmc_handle_ctx_map(struct rte_rmc_node *node, struct rmc_client *s, struct rmc_ctl_msg *m)
{
	uint16_t id = m->u.ctx.id;
	const struct rmc_ctx *c;

	if (id >= RTE_RMC_MAX_CTX || !node->ctx[id].view.valid)
		return rmc_reply_error(s->fd, m, -ENOENT, "node %u has no context %u",
			node->pub.id, id);
	c = &node->ctx[id];
	m->result = 0;
	m->u.ctx.size = c->view.size;
	m->u.ctx.map_size = c->map_size;
	m->u.ctx.perm = c->view.perm;
	rmc_ctl_send(s->fd, m, c->fd);
}

static void
rmc_handle_ctx_create(struct rte_rmc_node *node, struct rmc_client *s, struct rmc_ctl_msg *m)
{
	uint16_t id = m->u.ctx.id;
	int ret;

	ret = rmc_ctx_create_locked(node, id, m->u.ctx.size, m->u.ctx.perm);
	if (ret == -EEXIST)
		return rmc_reply_error(s->fd, m, ret, "context %u already exists on node %u",
			id, node->pub.id);
	if (ret < 0)
		return rmc_reply_error(s->fd, m, ret, "cannot create context %u: %s", id,
			strerror(-ret));
	m->result = 0;
	m->u.ctx.gen = __atomic_load_n(&node->ctx_gen, __ATOMIC_ACQUIRE);
	rmc_ctl_send(s->fd, m, -1);
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

static void
rmc_handle_lbuf_reg(struct rte_rmc_node *node, struct rmc_client *s, struct rmc_ctl_msg *m)
{
	uint64_t size = m->u.seg.size;
	uint16_t id;
	int fd, ret;

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
	TAILQ_INIT(&qp->itt);
	__atomic_store_n(&node->qps[id], qp, __ATOMIC_RELEASE);
	if ((uint32_t)id >= node->qp_hwm)
		__atomic_store_n(&node->qp_hwm, id + 1, __ATOMIC_RELEASE);
	*qp_out = qp;
	*fd_out = seg.fd;
	return 0;
}

static void
rmc_handle_qp_create(struct rte_rmc_node *node, struct rmc_client *s, struct rmc_ctl_msg *m)
{
	uint32_t depth = m->u.seg.depth;
	struct rmc_qp_rt *qp;
	int fd, ret;

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
	m->result = 0;
	m->u.seg.id = qp->id;
	m->u.seg.map_size = qp->map_size;
	rmc_ctl_send(s->fd, m, fd);
	close(fd);
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
		rmc_latency_purge_qp(node, qp);
	while ((t = TAILQ_FIRST(&qp->itt)) != NULL) {
		TAILQ_REMOVE(&qp->itt, t, next);
		rte_mempool_put(node->itt_pool, t);
	}
	rmc_stats_qp_retire(node, qp);
	munmap(qp->hdr, qp->map_size);
	rte_free(qp);
}

/* Free the orphaned QPs (see rmc_qp_release()) that the RMC has retired. */
static void
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

static void
rmc_handle_qp_destroy(struct rte_rmc_node *node, struct rmc_client *s, struct rmc_ctl_msg *m)
{
	uint32_t id = m->u.seg.id;

	if (id >= node->max_qps || node->qps[id] == NULL || node->qps[id]->owner != s)
		return rmc_reply_error(s->fd, m, -ENOENT, "QP %u is not yours", id);
	rmc_qp_release(node, node->qps[id]);
	m->result = 0;
	rmc_ctl_send(s->fd, m, -1);
}

void
rmc_client_close(struct rte_rmc_node *node, struct rmc_client *s)
{
	uint32_t i;

	/* QPs first: once retired, nothing uses the session's local buffers. */
	for (i = 0; i < node->max_qps; i++)
		if (node->qps[i] != NULL && node->qps[i]->owner == s)
			rmc_qp_release(node, node->qps[i]);
	for (i = 0; i < RTE_RMC_MAX_LBUFS; i++)
		if (node->lbufs[i].owner == s)
			rmc_lbuf_release(node, i);
	if (s->role == RMC_ROLE_APP)
		RMC_LOG(INFO, "node %u: application pid %u detached", node->pub.id, s->pid);
	if (s->role == RMC_ROLE_PEER && node->drv->peer_detach != NULL)
		node->drv->peer_detach(node, s->peer_id);
	TAILQ_REMOVE(&node->clients, s, next);
	rmc_ctl_unwatch_fd(node, s->fd);
	close(s->fd);
	s->fd = -1;
	s->role = -1;
	TAILQ_INSERT_TAIL(&node->zombies, s, next);
}

static void
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

/* Inline mode: hand an application the descriptor of any node's context. */
static void
rmc_handle_peer_ctx_map(struct rte_rmc_node *node, struct rmc_client *s,
		struct rmc_ctl_msg *m)
{
	uint16_t nid = m->u.ctx.nid, id = m->u.ctx.id;
	struct rmc_ctx_view cv;
	uint64_t map_size;
	int fd, ret;

	if (nid >= node->pub.count || id >= RTE_RMC_MAX_CTX)
		return rmc_reply_error(s->fd, m, -EINVAL, "no node %u or context %u", nid, id);
	if (nid == node->pub.id) {
		if (!node->ctx[id].view.valid)
			return rmc_reply_error(s->fd, m, -ENOENT, "node %u has no context %u",
				nid, id);
		cv = node->ctx[id].view;
		map_size = node->ctx[id].map_size;
		fd = node->ctx[id].fd;
	} else {
		if (node->drv->peer_ctx == NULL)
			return rmc_reply_error(s->fd, m, -ENOTSUP, "driver '%s' does not map "
				"peers' memory: inline mode needs the shm driver", node->drv->name);
		ret = node->drv->peer_ctx(node, nid, id, &cv, &map_size, &fd);
		if (ret == -EHOSTDOWN)
			return rmc_reply_error(s->fd, m, ret, "node %u is down", nid);
		if (ret < 0)
			return rmc_reply_error(s->fd, m, ret, "node %u has no context %u", nid, id);
	}
	m->result = 0;
	m->u.ctx.size = cv.size;
	m->u.ctx.map_size = map_size;
	m->u.ctx.perm = cv.perm;
	rmc_ctl_send(s->fd, m, fd);
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
	case RMC_CTL_NODE_PAGE:
		m->result = 0;
		rmc_ctl_send(s->fd, m, node->page_fd);
		return;
	case RMC_CTL_PEER_CTX_MAP:
		return rmc_handle_peer_ctx_map(node, s, m);
	default:
		return rmc_reply_error(s->fd, m, -EOPNOTSUPP, "request %u not understood",
			m->type);
	}
}

static void
rmc_ctl_client_event(struct rte_rmc_node *node, int fd, uint32_t events, void *arg)
{
	struct rmc_client *s = arg;
	struct rmc_ctl_msg m;
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
			if (ret == -EPROTO)
				RMC_LOG(ERR, "node %u: malformed control message from pid %u "
					"(ABI mismatch?); closing its session", node->pub.id, s->pid);
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

static void
rmc_ctl_accept(struct rte_rmc_node *node, int fd, uint32_t events, void *arg)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);
	struct rmc_client *s;
	int cfd;

	RTE_SET_USED(events);
	RTE_SET_USED(arg);
	for (;;) {
		cfd = accept4(fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
		if (cfd < 0)
			return;
		if (getsockopt(cfd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0) {
			close(cfd);
			continue;
		}
		s = calloc(1, sizeof(*s));
		if (s == NULL) {
			close(cfd);
			continue;
		}
		/*
		 * Owner-only: a process of another user may not attach. The
		 * socket's permissions already keep such users out; this holds
		 * even if someone loosened them. Its first request is answered
		 * with the reason, so that it can say why.
		 */
		if (cred.uid != geteuid() && cred.uid != 0) {
			RMC_LOG(WARNING, "node %u: refused a connection from uid %u", node->pub.id,
				(unsigned int)cred.uid);
			s->refused = 1;
			s->refused_uid = cred.uid;
		}
		s->fd = cfd;
		s->pid = cred.pid;
		s->watch.fd = cfd;
		s->watch.cb = rmc_ctl_client_event;
		s->watch.arg = s;
		pthread_mutex_lock(&node->lock);
		TAILQ_INSERT_TAIL(&node->clients, s, next);
		pthread_mutex_unlock(&node->lock);
		if (rmc_ctl_watch_fd(node, &s->watch) < 0) {
			pthread_mutex_lock(&node->lock);
			TAILQ_REMOVE(&node->clients, s, next);
			pthread_mutex_unlock(&node->lock);
			close(cfd);
			free(s);
		}
	}
}

static void
rmc_ctl_wake(struct rte_rmc_node *node, int fd, uint32_t events, void *arg)
{
	uint64_t v;

	RTE_SET_USED(events);
	RTE_SET_USED(arg);
	if (read(fd, &v, sizeof(v)) < 0)
		return;
	__atomic_store_n(&node->ctl_stop, 1, __ATOMIC_RELEASE);
}

static void *
rmc_ctl_thread_main(void *arg)
{
	struct rte_rmc_node *node = arg;
	struct epoll_event ev[32];
	uint64_t next_tick = 0;
	int i, n;

	while (!__atomic_load_n(&node->ctl_stop, __ATOMIC_ACQUIRE)) {
		n = epoll_wait(node->epoll_fd, ev, RTE_DIM(ev), RMC_CTL_TICK_MS);
		for (i = 0; i < n; i++) {
			struct rmc_watch *w = ev[i].data.ptr;

			w->cb(node, w->fd, ev[i].events, w->arg);
		}
		rmc_free_zombies(node);
		if (rmc_now_ns() >= next_tick) {
			rmc_qp_reap_orphans(node);
			if (node->drv->tick != NULL)
				node->drv->tick(node);
			next_tick = rmc_now_ns() + RMC_CTL_TICK_MS * 1000000ull;
		}
	}
	return NULL;
}

int
rmc_ctl_start(struct rte_rmc_node *node)
{
	char name[RTE_MAX_THREAD_NAME_LEN];
	int ret;

	node->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
	node->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (node->epoll_fd < 0 || node->wake_fd < 0)
		return -errno;
	node->listen_watch.fd = node->listen_fd;
	node->listen_watch.cb = rmc_ctl_accept;
	node->wake_watch.fd = node->wake_fd;
	node->wake_watch.cb = rmc_ctl_wake;
	ret = rmc_ctl_watch_fd(node, &node->listen_watch);
	if (ret == 0)
		ret = rmc_ctl_watch_fd(node, &node->wake_watch);
	if (ret < 0)
		return ret;
	snprintf(name, sizeof(name), "rmc-ctl-%u", node->pub.id);
	ret = rte_ctrl_thread_create(&node->ctl_thread, name, NULL, rmc_ctl_thread_main, node);
	if (ret != 0)
		return -ret;
	node->ctl_started = 1;
	return 0;
}

void
rmc_ctl_stop(struct rte_rmc_node *node)
{
	struct rmc_client *s;
	uint64_t one = 1;

	if (node->ctl_started) {
		if (write(node->wake_fd, &one, sizeof(one)) < 0)
			__atomic_store_n(&node->ctl_stop, 1, __ATOMIC_RELEASE);
		pthread_join(node->ctl_thread, NULL);
		node->ctl_started = 0;
	}
	pthread_mutex_lock(&node->lock);
	while ((s = TAILQ_FIRST(&node->clients)) != NULL)
		rmc_client_close(node, s);
	pthread_mutex_unlock(&node->lock);
	rmc_free_zombies(node);
	if (node->epoll_fd >= 0)
		close(node->epoll_fd);
	if (node->wake_fd >= 0)
		close(node->wake_fd);
	node->epoll_fd = -1;
	node->wake_fd = -1;
}
