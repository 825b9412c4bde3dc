/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * An application's session with its node: finding the node, waiting for it,
 * and the control requests (contexts, local buffers, QPs) on its socket.
 */

#include <dirent.h>
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
#include "rmc_app_common.h"
#include "rmc_ctl_msg.h"
#include "rmc_log.h"
#include "rmc_shm.h"

#define RMC_ATTACH_TIMEOUT_MS_DEFAULT 10000

static void
rmc_sleep_ms(unsigned int ms)
{
	const struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* Parse a whole decimal number; -1 if the text is not one. */
static long
rmc_parse_ulong(const char *txt, unsigned long max)
{
	unsigned long v;
	char *end;

	if (txt == NULL || *txt < '0' || *txt > '9')
		return -1;
	errno = 0;
	v = strtoul(txt, &end, 10);
	if (errno != 0 || *end != '\0' || v > max)
		return -1;
	return (long)v;
}

/* Node ids whose control socket exists in the cluster directory. */
static int
rmc_scan_nodes(const char *dir, int *ids, int max)
{
	struct dirent *de;
	unsigned int id;
	DIR *d;
	int n = 0;
	char tail;

	d = opendir(dir);
	if (d == NULL)
		return 0;
	while ((de = readdir(d)) != NULL && n < max) {
		if (sscanf(de->d_name, "node%u.soc%c", &id, &tail) == 2 && tail == 'k' &&
				id < RTE_RMC_MAX_NODES)
			ids[n++] = id;
	}
	closedir(d);
	return n;
}

static int
rmc_connect(const char *path, uint32_t timeout_ms)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct timeval tv = { .tv_sec = timeout_ms / 1000 + 1 };
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	/* A node whose backlog is full (stopped, flooded) must not block connect. */
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

static uint32_t
rmc_attach_timeout(const struct rte_rmc_attach_opts *opts)
{
	const char *env = getenv("RMC_ATTACH_TIMEOUT");
	long v;

	if (opts != NULL && opts->timeout_ms != 0)
		return opts->timeout_ms;
	if (env != NULL) {
		v = rmc_parse_ulong(env, 3600);
		if (v >= 0)
			return (uint32_t)v * 1000;
		RMC_LOG(WARNING, "ignoring RMC_ATTACH_TIMEOUT='%s': expected whole seconds", env);
	}
	return RMC_ATTACH_TIMEOUT_MS_DEFAULT;
}

/* Which node to attach to: the argument, $RMC_NODE, or the only one running. */
static int
rmc_pick_node(const char *dir, const char *cluster, int node_id, uint64_t deadline,
		int verbose)
{
	const char *env = getenv("RMC_NODE");
	int ids[RTE_RMC_MAX_NODES];
	int n, said = 0;
	long v;

	if (node_id >= 0)
		return node_id;
	if (env != NULL && env[0] != '\0') {
		v = rmc_parse_ulong(env, RTE_RMC_MAX_NODES - 1);
		if (v < 0) {
			RMC_LOG(ERR, "RMC_NODE='%s' is not a node id (0..%u)", env,
				RTE_RMC_MAX_NODES - 1);
			return -EINVAL;
		}
		return (int)v;
	}
	for (;;) {
		n = rmc_scan_nodes(dir, ids, RTE_RMC_MAX_NODES);
		if (n == 1)
			return ids[0];
		if (n > 1) {
			RMC_LOG(ERR, "%d nodes of cluster '%s' run on this host: set RMC_NODE to "
				"the node this application runs on", n, cluster);
			return -EINVAL;
		}
		if (rmc_now_ns() > deadline) {
			RMC_LOG(ERR, "no node of cluster '%s' runs on this host (looked in %s): "
				"start rmcd first, or set RMC_CLUSTER / RMC_NODE", cluster, dir);
			return -ENOENT;
		}
		if (verbose && !said++)
			RMC_LOG(NOTICE, "waiting for a node of cluster '%s' to start...", cluster);
		rmc_sleep_ms(20);
	}
}

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

static void
rmc_wait_peers(struct rte_rmc_session *s, uint64_t deadline, int verbose)
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
	int said = 0;

	for (;;) {
		if (rmc_now_ns() < grace_end && rte_rmc_usage_get(s, &u) == 0)
			up = u.peers_up;
		else
			up = rmc_peers_settled(s);
		if ((up & all) == all)
			return;
		if (rmc_now_ns() > deadline) {
			RMC_LOG(WARNING, "node %u: not every peer is up yet; requests to missing "
				"nodes will fail with node-down", s->node_id);
			return;
		}
		if (verbose && !said++)
			RMC_LOG(NOTICE, "waiting for the other nodes of cluster '%s'...",
				s->cluster);
		rmc_sleep_ms(10);
	}
}

/* Connect to the node's socket, waiting for it to appear until the deadline. */
static int
rmc_connect_wait(const char *path, const char *cluster, int node_id, uint64_t deadline,
		uint32_t timeout_ms, int verbose)
{
	int fd, said = 0;

	for (;;) {
		fd = rmc_connect(path, timeout_ms);
		if (fd >= 0)
			return fd;
		if (fd == -EAGAIN) {
			RMC_LOG(ERR, "node %d of cluster '%s' did not accept the connection within "
				"%u s: is its rmcd stopped or overloaded (check it with ps, or "
				"restart it)? RMC_ATTACH_TIMEOUT sets the bound", node_id, cluster,
				timeout_ms / 1000 + 1);
			return -ETIMEDOUT;
		}
		if (fd != -ENOENT && fd != -ECONNREFUSED) {
			RMC_LOG(ERR, "cannot connect to node %d at %s: %s%s", node_id, path,
				strerror(-fd), fd == -EACCES ? " (a node's files are owner-only: "
				"run the application as the user that runs the node)" : "");
			return fd;
		}
		if (rmc_now_ns() > deadline) {
			RMC_LOG(ERR, "node %d of cluster '%s' is not running (no %s): start "
				"'rmcd <node_count> %d' first", node_id, cluster, path, node_id);
			return -ENOENT;
		}
		if (verbose && !said++)
			RMC_LOG(NOTICE, "waiting for node %d of cluster '%s' to start...",
				node_id, cluster);
		rmc_sleep_ms(10);
	}
}

struct rte_rmc_session *
rte_rmc_attach(const char *cluster, int node_id, const struct rte_rmc_attach_opts *opts)
{
	uint32_t timeout_ms = rmc_attach_timeout(opts);
	uint64_t deadline = rmc_now_ns() + (uint64_t)timeout_ms * 1000000;
	int verbose = opts == NULL || opts->verbose;
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
	node_id = rmc_pick_node(dir, cluster, node_id, deadline, verbose);
	if (node_id < 0) {
		rte_errno = -node_id;
		return NULL;
	}
	snprintf(path, sizeof(path), "%s/node%d.sock", dir, node_id);
	fd = rmc_connect_wait(path, cluster, node_id, deadline, timeout_ms, verbose);
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
	s->ctl_timeout_ms = timeout_ms;
	ret = rmc_hello(s, fd, rmc_want_inline(opts));
	if (ret < 0) {
		rte_rmc_detach(s);
		rte_errno = -ret;
		return NULL;
	}
	rmc_wait_peers(s, deadline, verbose);
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
