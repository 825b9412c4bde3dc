/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * An application's session with its node: finding the node, waiting for it,
 * and the control requests (contexts, local buffers, QPs) on its socket.
 */

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <rte_errno.h>

#include "rmc_app.h"
#include "rmc_common.h"
#include "rmc_ctl_msg.h"
#include "rmc_log.h"
#include "rmc_shm.h"

/* Inline mode asked by the options or by $RMC_INLINE=1. */
static int
rmc_want_inline(const struct rte_rmc_attach_opts *opts)
{
	const char *env = getenv("RMC_INLINE");

	if (opts != NULL && opts->inline_mode)
		return 1;
	return env != NULL && strcmp(env, "1") == 0;
}

static int
rmc_hello(struct rte_rmc_session *s, int fd, int want_inline)
{
	struct rmc_ctl_msg m;
	int ret;

	rmc_ctl_init(&m, RMC_CTL_HELLO);
	snprintf(m.u.hello.cluster, sizeof(m.u.hello.cluster), "%s", s->cluster);
	m.u.hello.pid = getpid();
	m.u.hello.role = RMC_ROLE_APP;
	/* The node refuses it, naming the option, unless its operator allowed it. */
	m.u.hello.flags = want_inline ? RMC_HELLO_F_INLINE : 0;
	s->fd = fd;
	ret = rmc_session_set_timeout(s, s->ctl_timeout_ms);
	if (ret == 0)
		ret = rmc_session_call(s, &m, NULL);
	if (ret < 0)
		return ret;
	s->node_count = m.u.info.node_count;
	s->tsc_hz = m.u.info.tsc_hz;
	s->rmc_cpu = m.u.info.rmc_cpu;
	if (s->node_count == 0 || s->node_count > RTE_RMC_MAX_NODES || s->tsc_hz == 0)
		return -EPROTO;
	return 0;
}

int
rte_rmc_usage_get(struct rte_rmc_session *s, struct rte_rmc_usage *u)
{
	struct rmc_ctl_msg m;
	int ret;

	if (s == NULL || u == NULL)
		return -EINVAL;
	rmc_ctl_init(&m, RMC_CTL_STATUS);
	ret = rmc_session_call(s, &m, NULL);
	if (ret < 0)
		return ret;
	memset(u, 0, sizeof(*u));
	u->apps = m.u.info.apps;
	u->peers = m.u.info.peers;
	u->qps = m.u.info.qps;
	u->lbufs = m.u.info.lbufs;
	u->itt_in_use = m.u.info.itt_in_use;
	u->qps_draining = m.u.info.qps_draining;
	u->lbufs_draining = m.u.info.lbufs_draining;
	u->lbuf_bytes = m.u.info.lbuf_bytes;
	u->peers_up = m.u.info.peers_up;
	u->peers_lost = m.u.info.peers_lost;
	return 0;
}

/*
 * Peers whose state is settled: up, or known to have died (they were up
 * once). Only peers that never came up yet are worth waiting for: a cluster
 * still starting, not a node that crashed.
 */
static uint64_t
rmc_peers_settled(struct rte_rmc_session *s)
{
	struct rte_rmc_usage u;

	if (rte_rmc_usage_get(s, &u) < 0)
		return 0;
	return u.peers_up | u.peers_lost;
}

/* How long attaching waits for a peer known to have died. */
#define RMC_LOST_PEER_GRACE_NS 1000000000ull

static int
rmc_wait_peers(struct rte_rmc_session *s, struct rmc_attach_wait *w)
{
	uint64_t all = (s->node_count >= 64 ? ~UINT64_C(0) : (UINT64_C(1) << s->node_count) - 1) &
		~(UINT64_C(1) << s->node_id);
	/*
	 * A peer that was up and died is not waited for the whole timeout, but
	 * for a short grace period: it may be restarting right now.
	 */
	uint64_t grace_end = rmc_now_ns() + RMC_LOST_PEER_GRACE_NS;
	struct rte_rmc_usage u;
	uint64_t up;

	for (;;) {
		if (rmc_now_ns() < grace_end && rte_rmc_usage_get(s, &u) == 0)
			up = u.peers_up;
		else
			up = rmc_peers_settled(s);
		if ((up & all) == all)
			return 0;
		/* A running peer started for another cluster size never comes up. */
		if (rmc_attach_check_peers(w, s->node_id, s->node_count) < 0)
			return -EINVAL;
		if (rmc_now_ns() > w->deadline) {
			RMC_LOG(WARNING, "node %u: not every peer is up yet; requests to missing "
				"nodes will fail with node-down", s->node_id);
			return 0;
		}
		rmc_attach_wait_say(w, "the other nodes");
		rmc_sleep_ms(10);
	}
}

struct rte_rmc_session *
rte_rmc_attach(const char *cluster, int node_id, const struct rte_rmc_attach_opts *opts)
{
	struct rmc_attach_wait w;
	struct rte_rmc_session *s;
	char dir[PATH_MAX], path[PATH_MAX + 32];
	int fd, ret;

	if (cluster == NULL)
		cluster = getenv("RMC_CLUSTER");
	if (cluster == NULL || cluster[0] == '\0')
		cluster = "default";
	ret = rte_rmc_cluster_dir(cluster, dir, sizeof(dir));
	if (ret == -ENAMETOOLONG) {
		RMC_LOG(ERR, "the runtime directory of cluster '%s' is too long: set a "
			"shorter RMC_RUNTIME_DIR or XDG_RUNTIME_DIR", cluster);
		rte_errno = ENAMETOOLONG;
		return NULL;
	}
	if (ret < 0) {
		RMC_LOG(ERR, "invalid cluster name '%s': use 1..%u characters among "
			"A-Z a-z 0-9 _ . -", cluster, RTE_RMC_NAME_MAX - 1);
		rte_errno = EINVAL;
		return NULL;
	}
	if (node_id >= RTE_RMC_MAX_NODES) {
		rte_errno = EINVAL;
		return NULL;
	}
	rmc_attach_wait_init(&w, dir, cluster, opts);
	node_id = rmc_pick_node(&w, node_id);
	if (node_id < 0) {
		rte_errno = -node_id;
		return NULL;
	}
	snprintf(path, sizeof(path), "%s/node%d.sock", dir, node_id);
	fd = rmc_connect_wait(&w, path, node_id);
	if (fd < 0) {
		rte_errno = -fd;
		return NULL;
	}
	ret = rmc_node_owner_check(fd, path);
	if (ret < 0) {
		close(fd);
		rte_errno = -ret;
		return NULL;
	}
	s = calloc(1, sizeof(*s));
	if (s == NULL) {
		close(fd);
		rte_errno = ENOMEM;
		return NULL;
	}
	pthread_mutex_init(&s->lock, NULL);
	TAILQ_INIT(&s->qps);
	snprintf(s->cluster, sizeof(s->cluster), "%s", cluster);
	s->node_id = node_id;
	/* The hello and every later request: each bounded by the attach timeout. */
	s->ctl_timeout_ms = w.ctl_timeout_ms;
	ret = rmc_hello(s, fd, rmc_want_inline(opts));
	if (ret < 0) {
		rte_rmc_detach(s);
		rte_errno = -ret;
		return NULL;
	}
	ret = rmc_wait_peers(s, &w);
	if (ret < 0) {
		rte_rmc_detach(s);
		rte_errno = -ret;
		return NULL;
	}
	rmc_app_wake_attach(s);
	if (rmc_want_inline(opts)) {
		ret = rmc_inline_attach(s);
		if (ret < 0) {
			RMC_LOG(ERR, "node %d: cannot start inline mode: %s", node_id,
				strerror(-ret));
			rte_rmc_detach(s);
			rte_errno = -ret;
			return NULL;
		}
		RMC_LOG(INFO, "node %d: inline mode: this process executes its own requests "
			"(no isolation from other nodes' memory)", node_id);
	}
	return s;
}

void
rte_rmc_detach(struct rte_rmc_session *s)
{
	struct rte_rmc_qp *qp;
	unsigned int i;

	if (s == NULL)
		return;
	while ((qp = TAILQ_FIRST(&s->qps)) != NULL)
		rte_rmc_qp_destroy(qp);
	for (i = 0; i < s->nb_lbufs; i++)
		munmap(s->lbufs[i].addr, s->lbufs[i].map_size);
	for (i = 0; i < RTE_RMC_MAX_CTX; i++)
		if (s->ctx[i].addr != NULL)
			munmap(s->ctx[i].addr, s->ctx[i].map_size);
	free(s->lbufs);
	rmc_inline_detach(s);
	rmc_app_lat_detach(s);
	rmc_waker_unmap(&s->wake);
	/* Closing the socket makes the node reclaim whatever is left. */
	if (s->fd >= 0)
		close(s->fd);
	pthread_mutex_destroy(&s->lock);
	free(s);
}

uint16_t
rte_rmc_node_id(const struct rte_rmc_session *s)
{
	return s->node_id;
}

uint16_t
rte_rmc_node_count(const struct rte_rmc_session *s)
{
	return s->node_count;
}

uint64_t
rte_rmc_tsc_hz(const struct rte_rmc_session *s)
{
	return s->tsc_hz;
}

int
rte_rmc_rmc_cpu(const struct rte_rmc_session *s)
{
	return s->rmc_cpu;
}

int
rte_rmc_is_inline(const struct rte_rmc_session *s)
{
	return s->inl != NULL;
}

int
rte_rmc_peer_is_up(struct rte_rmc_session *s, uint16_t nid)
{
	struct rmc_ctl_msg m;
	int ret;

	if (nid >= s->node_count)
		return -EINVAL;
	if (nid == s->node_id)
		return 1;
	rmc_ctl_init(&m, RMC_CTL_STATUS);
	ret = rmc_session_call(s, &m, NULL);
	if (ret < 0)
		return ret;
	return (m.u.info.peers_up >> nid) & 1;
}

int
rte_rmc_ctx_create(struct rte_rmc_session *s, uint16_t ctx_id, uint64_t size,
		enum rte_rmc_perm perm)
{
	uint64_t deadline = rmc_now_ns() + 2000000000ull;
	struct rmc_ctl_msg m;
	uint64_t gen;
	int ret;

	rmc_ctl_init(&m, RMC_CTL_CTX_CREATE);
	m.u.ctx.id = ctx_id;
	m.u.ctx.size = size;
	m.u.ctx.perm = perm;
	ret = rmc_session_call(s, &m, NULL);
	if (ret < 0)
		return ret;
	/* Return once every connected peer RMC has mapped it. */
	gen = m.u.ctx.gen;
	do {
		rmc_ctl_init(&m, RMC_CTL_CTX_SYNC);
		m.u.ctx.gen = gen;
		ret = rmc_session_call(s, &m, NULL);
		if (ret < 0)
			return ret;
		if (m.result == 1)
			return 0;
		rmc_sleep_ms(1);
	} while (rmc_now_ns() < deadline);
	RMC_LOG(WARNING, "context %u created, but not every peer has mapped it yet", ctx_id);
	return 0;
}

void *
rte_rmc_ctx_map(struct rte_rmc_session *s, uint16_t ctx_id, uint64_t *size)
{
	struct rmc_ctl_msg m;
	void *addr;
	int fd = -1, ret;

	if (ctx_id >= RTE_RMC_MAX_CTX) {
		rte_errno = EINVAL;
		return NULL;
	}
	if (s->ctx[ctx_id].addr != NULL)
		goto done;
	rmc_ctl_init(&m, RMC_CTL_CTX_MAP);
	m.u.ctx.id = ctx_id;
	ret = rmc_session_call(s, &m, &fd);
	if (ret == 0 && fd < 0)
		ret = -EPROTO;
	if (ret < 0) {
		rte_errno = -ret;
		return NULL;
	}
	addr = rmc_shm_map_fd(fd, m.u.ctx.map_size);
	close(fd);
	if (addr == NULL) {
		rte_errno = errno;
		return NULL;
	}
	s->ctx[ctx_id].addr = addr;
	s->ctx[ctx_id].size = m.u.ctx.size;
	s->ctx[ctx_id].map_size = m.u.ctx.map_size;
done:
	if (size != NULL)
		*size = s->ctx[ctx_id].size;
	return s->ctx[ctx_id].addr;
}

int
rte_rmc_lbuf_register(struct rte_rmc_session *s, uint64_t size, struct rte_rmc_lbuf *lbuf)
{
	struct rmc_app_lbuf *lb;
	struct rmc_ctl_msg m;
	void *addr;
	int fd = -1, ret;

	if (size == 0 || lbuf == NULL)
		return -EINVAL;
	if (s->nb_lbufs == s->lbuf_cap) {
		uint32_t cap = s->lbuf_cap ? s->lbuf_cap * 2 : 8;

		lb = realloc(s->lbufs, cap * sizeof(*lb));
		if (lb == NULL)
			return -ENOMEM;
		s->lbufs = lb;
		s->lbuf_cap = cap;
	}
	rmc_ctl_init(&m, RMC_CTL_LBUF_REG);
	m.u.seg.size = size;
	ret = rmc_session_call(s, &m, &fd);
	if (ret == 0 && fd < 0)
		ret = -EPROTO;
	if (ret < 0)
		return ret;
	addr = rmc_shm_map_fd(fd, m.u.seg.map_size);
	close(fd);
	if (addr == NULL)
		return -errno;
	lb = &s->lbufs[s->nb_lbufs++];
	lb->addr = addr;
	lb->size = size;
	lb->map_size = m.u.seg.map_size;
	lb->id = m.u.seg.id;
	lbuf->addr = addr;
	lbuf->size = size;
	lbuf->id = lb->id;
	rmc_inline_lbuf_add(s, lb->id, addr, size);
	return 0;
}

int
rte_rmc_lbuf_find(struct rte_rmc_session *s, const void *addr, uint64_t len,
		struct rte_rmc_lbuf *lbuf)
{
	const uint8_t *a = addr;
	uint32_t i;

	if (s == NULL || lbuf == NULL || len == 0)
		return -EINVAL;
	for (i = 0; i < s->nb_lbufs; i++) {
		const uint8_t *base = s->lbufs[i].addr;

		/* Written so that a + len cannot overflow. */
		if (a >= base && a < base + s->lbufs[i].size &&
				len <= (uint64_t)(base + s->lbufs[i].size - a)) {
			lbuf->addr = s->lbufs[i].addr;
			lbuf->size = s->lbufs[i].size;
			lbuf->id = s->lbufs[i].id;
			return 0;
		}
	}
	return -ENOENT;
}
