/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * Node life cycle: create (runtime files, control socket, context 0, driver),
 * run the RMC on an lcore or as a service, stop, destroy.
 */

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_errno.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_mempool.h>
#include <rte_pause.h>
#include <rte_service.h>
#include <rte_service_component.h>

#include "rmc_ctl_msg.h"
#include "rmc_driver.h"
#include "rmc_private.h"
#include "rmc_tsc.h"
#include "rmc_proto.h"
#include "rmc_shm.h"

static uint32_t rmc_node_seq;

/*
 * One component of the runtime directory, created if missing. Another user
 * who could replace a component could put a fake node in the node's place:
 * each one is a real directory (a symbolic link only when root owns it, as
 * /var/run), owned by this user or root, that nobody else can write (root's
 * sticky directories, as /tmp, excepted); the last one is this user's, 0700,
 * and so is the fallback base /tmp/sonuma-<uid> (a directory of that name
 * that another user made, or made readable to others, is refused).
 */
static int
rmc_dir_component_check(const char *path, int last)
{
	uid_t me = geteuid();
	struct stat st;
	const char *why = NULL;

	/* EEXIST: another node of the cluster, started at the same moment, made it. */
	if (lstat(path, &st) < 0 && (errno != ENOENT ||
			(mkdir(path, 0700) < 0 && errno != EEXIST) || lstat(path, &st) < 0))
		return -errno;
	if (S_ISLNK(st.st_mode) && (st.st_uid != 0 || last))
		why = "is a symbolic link";
	else if (S_ISLNK(st.st_mode) && stat(path, &st) < 0)
		return -errno;
	if (why == NULL && !S_ISDIR(st.st_mode))
		why = "is not a directory";
	else if (why == NULL && st.st_uid != me && (last || st.st_uid != 0))
		why = "belongs to another user";
	else if (why == NULL && last && (st.st_mode & 0077) != 0)
		why = "is not private (mode 0700 expected)";
	else if (why == NULL && (st.st_mode & 0022) != 0 &&
			!(st.st_uid == 0 && (st.st_mode & S_ISVTX)))
		why = "can be written by other users";
	if (why == NULL)
		return 0;
	RMC_LOG(ERR, "runtime directory: %s %s (uid %u, mode %04o): another user could put "
		"a fake node there; set XDG_RUNTIME_DIR or RMC_RUNTIME_DIR to a directory of "
		"yours, or remove it", path, why, (unsigned int)st.st_uid,
		(unsigned int)(st.st_mode & 07777));
	return -EPERM;
}

/* mkdir -p with owner-only permissions, every component checked. */
static int
rmc_mkdir_private(const char *path)
{
	char tmp[PATH_MAX], fallback[64];
	int fb = rmc_runtime_fallback(fallback, sizeof(fallback));
	char *p;
	int ret;

	snprintf(tmp, sizeof(tmp), "%s", path);
	for (p = tmp + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		ret = rmc_dir_component_check(tmp, fb && strcmp(tmp, fallback) == 0);
		if (ret < 0)
			return ret;
		*p = '/';
	}
	return rmc_dir_component_check(tmp, 1);
}

/* Take the node's lock file; a live node of the same id makes this fail. */
static int
rmc_node_lock(struct rte_rmc_node *node)
{
	char pid[32];
	int fd, n;

	fd = open(node->lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		n = read(fd, pid, sizeof(pid) - 1);
		pid[n > 0 ? n : 0] = '\0';
		RMC_LOG(ERR, "node %u of cluster '%s' is already running (pid %s); stop it first "
			"or use another --cluster", node->pub.id, node->cluster,
			pid[0] ? pid : "unknown");
		close(fd);
		return -EADDRINUSE;
	}
	/* We hold the lock: whatever socket is there is stale (a crash). */
	if (unlink(node->sock_path) == 0)
		RMC_LOG(NOTICE, "node %u: removed stale socket of a previous run", node->pub.id);
	n = snprintf(pid, sizeof(pid), "%d\n", (int)getpid());
	if (ftruncate(fd, 0) < 0 || write(fd, pid, n) != n)
		RMC_LOG(WARNING, "cannot write pid to %s", node->lock_path);
	node->lock_fd = fd;
	return 0;
}

static int
rmc_node_listen(struct rte_rmc_node *node)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", node->sock_path);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
			chmod(node->sock_path, 0600) < 0 || listen(fd, 64) < 0) {
		int err = -errno;

		RMC_LOG(ERR, "cannot listen on %s: %s", node->sock_path, strerror(errno));
		close(fd);
		return err;
	}
	node->listen_fd = fd;
	return 0;
}

static int
rmc_node_check_conf(const struct rte_rmc_node_conf *conf)
{
	if (conf->node_count == 0 || conf->node_count > RTE_RMC_MAX_NODES) {
		RMC_LOG(ERR, "node count %u is out of range (1..%u)", conf->node_count,
			RTE_RMC_MAX_NODES);
		return -EINVAL;
	}
	if (conf->node_id >= conf->node_count) {
		RMC_LOG(ERR, "node id %u is out of range for %u nodes (0..%u)", conf->node_id,
			conf->node_count, conf->node_count - 1);
		return -EINVAL;
	}
	if (conf->cluster != NULL && rte_rmc_cluster_name_check(conf->cluster) < 0) {
		RMC_LOG(ERR, "invalid cluster name '%s': use 1..%u characters among "
			"A-Z a-z 0-9 _ . -", conf->cluster, RTE_RMC_NAME_MAX - 1);
		return -EINVAL;
	}
	if (conf->max_qps > RMC_MAX_QPS_LIMIT) {
		RMC_LOG(ERR, "max QPs %u is above the limit %u", conf->max_qps, RMC_MAX_QPS_LIMIT);
		return -EINVAL;
	}
	if (conf->app_max_qps != 0 && conf->app_itt_share != 0 &&
			conf->app_itt_share < conf->app_max_qps) {
		RMC_LOG(ERR, "an application's ITT share (%u) must be at least its QP quota (%u)",
			conf->app_itt_share, conf->app_max_qps);
		return -EINVAL;
	}
	if (conf->chunk_size != 0 && (conf->chunk_size < 64 || conf->chunk_size > (64u << 20))) {
		RMC_LOG(ERR, "chunk size %" PRIu64 " is out of range (64 B..64 MiB)",
			conf->chunk_size);
		return -EINVAL;
	}
	if (conf->driver_args != NULL && strlen(conf->driver_args) >= RMC_DRV_ARGS_MAX) {
		RMC_LOG(ERR, "driver arguments are longer than %u characters",
			RMC_DRV_ARGS_MAX - 1);
		return -EINVAL;
	}
	if (conf->flags & RTE_RMC_NODE_F_NUMA) {
		char why[160];
		int ret = rmc_numa_check(conf->numa_node, why, sizeof(why));

		if (ret < 0) {
			RMC_LOG(ERR, "%s", why);
			return ret;
		}
	}
	if (conf->loss_ppm > 500000) {
		RMC_LOG(ERR, "loss of %u per million is above the limit (half of all messages)",
			conf->loss_ppm);
		return -EINVAL;
	}
	if (conf->fabric_conf != NULL && strlen(conf->fabric_conf) >= PATH_MAX) {
		RMC_LOG(ERR, "fabric configuration path is too long");
		return -ENAMETOOLONG;
	}
	return 0;
}

static int
rmc_node_paths(struct rte_rmc_node *node)
{
	int ret;

	ret = rte_rmc_cluster_dir(node->cluster, node->dir, sizeof(node->dir));
	if (ret == -ENAMETOOLONG)
		RMC_LOG(ERR, "the runtime directory of cluster '%s' is too long: set a shorter "
			"RMC_RUNTIME_DIR or XDG_RUNTIME_DIR", node->cluster);
	if (ret < 0)
		return ret;
	if (snprintf(node->sock_path, sizeof(node->sock_path), "%s/node%u.sock", node->dir,
			node->pub.id) >= (int)sizeof(((struct sockaddr_un *)0)->sun_path)) {
		RMC_LOG(ERR, "socket path %s is too long; set a shorter RMC_RUNTIME_DIR",
			node->sock_path);
		return -ENAMETOOLONG;
	}
	snprintf(node->lock_path, sizeof(node->lock_path), "%s/node%u.lock", node->dir, node->pub.id);
	return rmc_mkdir_private(node->dir);
}

static void
rmc_node_remove_files(struct rte_rmc_node *node)
{
	char base[PATH_MAX];
	char *slash;

	if (node->listen_fd >= 0) {
		close(node->listen_fd);
		node->listen_fd = -1;
		unlink(node->sock_path);
	}
	if (node->lock_fd >= 0) {
		unlink(node->lock_path);
		close(node->lock_fd);
		node->lock_fd = -1;
	}
	/* Remove the cluster directory and its parent when they are empty. */
	if (node->dir[0] != '\0' && rmdir(node->dir) == 0) {
		snprintf(base, sizeof(base), "%s", node->dir);
		slash = strrchr(base, '/');
		if (slash != NULL && slash != base) {
			*slash = '\0';
			rmdir(base);
		}
	}
}

/* The status page that every application maps read-only, and its companions. */
static int
rmc_node_page_create(struct rte_rmc_node *node)
{
	struct rmc_shm_seg seg;
	char name[64];
	int ret;

	snprintf(name, sizeof(name), "sonuma_%s_n%u_page", node->cluster, node->pub.id);
	ret = rmc_shm_create(name, sizeof(struct rmc_node_page), RTE_RMC_HUGE_OFF, &seg);
	if (ret < 0)
		return ret;
	node->page = seg.addr;
	node->page_size = seg.size;
	node->page_fd = seg.fd;
	node->page->node_id = node->pub.id;
	node->page->node_count = node->pub.count;
	node->page->peer_gen[node->pub.id] = 1; /* a node can always reach itself */
	__atomic_store_n(&node->page->magic, RMC_NODE_PAGE_MAGIC, __ATOMIC_RELEASE);
	/* And the page its RMC sleeps on, for every requester. */
	ret = rmc_wake_node_create(node);
	if (ret < 0)
		return ret;
	/* And the one where its applications share the emulated links. */
	return rmc_latency_link_create(node);
}

/* The in-flight transaction table of large transfers. */
static struct rte_mempool *
rmc_node_itt_create(void)
{
	char name[RTE_MEMPOOL_NAMESIZE];
	struct rte_mempool *mp;

	snprintf(name, sizeof(name), "rmc_itt%u",
		__atomic_fetch_add(&rmc_node_seq, 1, __ATOMIC_RELAXED));
	/* Only the node's RMC loop takes and returns ITT entries. */
	mp = rte_mempool_create(name, RMC_ITT_SIZE, sizeof(struct rmc_itt_entry), 0, 0, NULL,
		NULL, NULL, NULL, SOCKET_ID_ANY, RTE_MEMPOOL_F_SP_PUT | RTE_MEMPOOL_F_SC_GET);
	if (mp == NULL)
		RMC_LOG(ERR, "cannot create the ITT mempool: %s", rte_strerror(rte_errno));
	return mp;
}

/* Copy the configuration (not the caller's strings), apply defaults, mark nothing open. */
static void
rmc_node_init_fields(struct rte_rmc_node *node, const struct rte_rmc_node_conf *conf)
{
	unsigned int i;

	/* Applications' memory may lose its pages under the RMC: survive it. */
	rmc_fault_install();
	node->conf = *conf;
	node->conf.driver = NULL; /* the caller's strings are not kept */
	node->conf.cluster = NULL;
	node->conf.driver_args = NULL;
	snprintf(node->drv_args, sizeof(node->drv_args), "%s",
		conf->driver_args != NULL ? conf->driver_args : "");
	node->conf.fabric_conf = NULL;
	snprintf(node->cluster, sizeof(node->cluster), "%s",
		conf->cluster != NULL ? conf->cluster : "default");
	if (conf->fabric_conf != NULL)
		snprintf(node->fabric_conf, sizeof(node->fabric_conf), "%s", conf->fabric_conf);
	node->pub.id = conf->node_id;
	node->pub.count = conf->node_count;
	node->chunk_size = conf->chunk_size ? conf->chunk_size : RMC_DEFAULT_CHUNK_SIZE;
	node->max_qps = conf->max_qps ? conf->max_qps : RMC_DEFAULT_MAX_QPS;
	if (node->conf.lbuf_mem_max == 0)
		node->conf.lbuf_mem_max = RMC_DEFAULT_LBUF_MEM_MAX;
	if (node->conf.peer_wait_ms == 0)
		node->conf.peer_wait_ms = RMC_DEFAULT_PEER_WAIT_MS;
	if (node->conf.app_max_qps == 0)
		node->conf.app_max_qps = RTE_MIN(node->max_qps, (uint32_t)RMC_DEFAULT_APP_MAX_QPS);
	if (node->conf.app_itt_share == 0)
		node->conf.app_itt_share = RTE_MAX(node->conf.app_max_qps,
			(uint32_t)RMC_DEFAULT_APP_ITT_SHARE);
	if (conf->app_max_qps == 0 && node->conf.app_itt_share < node->conf.app_max_qps)
		node->conf.app_max_qps = node->conf.app_itt_share;
	if (node->conf.app_max_lbufs == 0)
		node->conf.app_max_lbufs = RMC_DEFAULT_APP_MAX_LBUFS;
	if (node->conf.app_lbuf_mem == 0)
		node->conf.app_lbuf_mem = node->conf.lbuf_mem_max / 2;
	if (node->conf.app_max_ctx == 0)
		node->conf.app_max_ctx = RMC_DEFAULT_APP_MAX_CTX;
	if (node->conf.app_ctx_mem == 0)
		node->conf.app_ctx_mem = RMC_DEFAULT_APP_CTX_MEM;
	/* Measured, not DPDK's rounded figure: time-outs and the latency model use it. */
	node->pub.tsc_hz = rmc_tsc_hz();
	rmc_stats_init(node);
	node->lock_fd = -1;
	node->page_fd = -1;
	node->link_fd = -1;
	node->listen_fd = -1;
	node->epoll_fd = -1;
	node->wake_fd = -1;
	node->wake_ro_fd = -1;
	for (i = 0; i < RTE_RMC_MAX_CTX; i++)
		node->ctx[i].fd = -1;
	TAILQ_INIT(&node->clients);
	TAILQ_INIT(&node->zombies);
	TAILQ_INIT(&node->draining);
	pthread_mutex_init(&node->lock, NULL);
}

struct rte_rmc_node *
rte_rmc_node_create(const struct rte_rmc_node_conf *conf)
{
	struct rte_rmc_node *node;
	const char *drv_name;
	unsigned int i;
	int ret;

	if (conf == NULL) {
		rte_errno = EINVAL;
		return NULL;
	}
	ret = rmc_node_check_conf(conf);
	if (ret < 0) {
		rte_errno = -ret;
		return NULL;
	}
	drv_name = conf->driver;
	node = rte_zmalloc("rmc_node", sizeof(*node), RTE_CACHE_LINE_SIZE);
	if (node == NULL) {
		rte_errno = ENOMEM;
		return NULL;
	}
	rmc_node_init_fields(node, conf);

	node->drv = rmc_driver_find(drv_name);
	if (node->drv == NULL) {
		char list[256];

		rmc_driver_list(list, sizeof(list));
		RMC_LOG(ERR, "unknown driver '%s' (available: %s)",
			drv_name != NULL ? drv_name : "(default)", list);
		ret = -ENOENT;
		goto fail;
	}
	if (node->drv->probe != NULL) {
		char why[512];

		ret = node->drv->probe(why, sizeof(why));
		if (ret < 0) {
			RMC_LOG(ERR, "driver '%s': %s", node->drv->name, why);
			node->drv = NULL;
			goto fail;
		}
	}
	ret = rmc_node_paths(node);
	if (ret < 0)
		goto fail;
	ret = rmc_node_lock(node);
	if (ret < 0)
		goto fail;
	ret = -ENOMEM;
	node->qps = rte_zmalloc("rmc_qps", sizeof(*node->qps) * node->max_qps, 0);
	node->lbufs = rte_zmalloc("rmc_lbufs", sizeof(*node->lbufs) * RTE_RMC_MAX_LBUFS, 0);
	if (node->qps == NULL || node->lbufs == NULL)
		goto fail;
	for (i = 0; i < RTE_RMC_MAX_LBUFS; i++)
		node->lbufs[i].fd = -1;
	node->itt_pool = rmc_node_itt_create();
	if (node->itt_pool == NULL)
		goto fail;
	ret = rmc_latency_init(node);
	if (ret < 0)
		goto fail;
	ret = rmc_node_page_create(node);
	if (ret < 0)
		goto fail;
	if (!(conf->flags & RTE_RMC_NODE_F_NO_CTX0)) {
		pthread_mutex_lock(&node->lock);
		ret = rmc_ctx_create_locked(node, 0,
			conf->ctx0_size ? conf->ctx0_size : RTE_RMC_CTX0_DEFAULT_SIZE,
			conf->ctx0_perm ? conf->ctx0_perm : RTE_RMC_PERM_RW);
		pthread_mutex_unlock(&node->lock);
		if (ret < 0)
			goto fail;
	}
	ret = node->drv->init(node);
	if (ret < 0) {
		RMC_LOG(ERR, "driver '%s' failed to start: %s", node->drv->name, strerror(-ret));
		node->drv = NULL;
		goto fail;
	}
	if (node->drv->transport != NULL) {
		ret = rmc_proto_create(node);
		if (ret < 0)
			goto fail;
	}
	ret = rmc_node_listen(node);
	if (ret < 0)
		goto fail;
	ret = rmc_ctl_start(node);
	if (ret < 0)
		goto fail;
	RMC_LOG(INFO, "node %u/%u of cluster '%s' listening on %s (driver %s)", node->pub.id,
		node->pub.count, node->cluster, node->sock_path, node->drv->name);
	rmc_telemetry_node_add(node);
	return node;
fail:
	rte_rmc_node_destroy(node);
	rte_errno = -ret;
	return NULL;
}

void
rte_rmc_node_destroy(struct rte_rmc_node *node)
{
	if (node == NULL)
		return;
	rmc_telemetry_node_remove(node);
	rte_rmc_node_stop(node);
	rmc_ctl_stop(node);
	if (__atomic_load_n(&node->stop_unsafe, __ATOMIC_ACQUIRE)) {
		/* Its RMC may still run a pass: leak everything it could touch. */
		rmc_node_remove_files(node);
		return;
	}
	rmc_proto_destroy(node);
	if (node->drv != NULL)
		node->drv->fini(node);
	rmc_ctx_destroy_all(node);
	rmc_node_remove_files(node);
	rte_mempool_free(node->itt_pool);
	rmc_latency_fini(node);
	if (node->page != NULL)
		munmap(node->page, node->page_size);
	if (node->page_fd >= 0)
		close(node->page_fd);
	rmc_wake_node_destroy(node);
	rmc_latency_link_destroy(node);
	rte_free(node->qps);
	rte_free(node->lbufs);
	pthread_mutex_destroy(&node->lock);
	rte_free(node);
}
