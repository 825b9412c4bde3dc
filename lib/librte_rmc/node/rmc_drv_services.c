/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The node services that rmc_driver.h promises drivers, as functions: a
 * driver never sees struct rte_rmc_node, so what it may know of its node and
 * do to it is exactly this file (and the inline identity getters).
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "rmc_ctl_msg.h"
#include "rmc_private.h"
#include "rmc_shm.h"

const char *
rmc_node_cluster(const struct rte_rmc_node *node)
{
	return node->cluster;
}

const char *
rmc_node_dir(const struct rte_rmc_node *node)
{
	return node->dir;
}

const char *
rmc_node_driver_args(const struct rte_rmc_node *node)
{
	return node->drv_args;
}

const char *
rmc_node_fabric_conf(const struct rte_rmc_node *node)
{
	return node->fabric_conf;
}

uint32_t
rmc_node_peer_wait_ms(const struct rte_rmc_node *node)
{
	return node->conf.peer_wait_ms;
}

uint32_t
rmc_node_proto_timeout_ms(const struct rte_rmc_node *node)
{
	return node->conf.proto_timeout_ms;
}

const char *
rmc_node_driver_name(const struct rte_rmc_node *node)
{
	return node->drv != NULL ? node->drv->name : "";
}

uint64_t
rmc_node_peers_up(const struct rte_rmc_node *node)
{
	return __atomic_load_n(&node->peers_up, __ATOMIC_ACQUIRE);
}

int
rmc_drv_seg_create(const char *name, uint64_t size, enum rte_rmc_huge_mode mode,
		struct rmc_drv_seg *seg)
{
	struct rmc_shm_seg s;
	int ret;

	ret = rmc_shm_create(name, size, mode, &s);
	if (ret < 0)
		return ret;
	seg->addr = s.addr;
	seg->size = s.size;
	seg->fd = s.fd;
	seg->huge = s.huge;
	return 0;
}

void
rmc_drv_seg_destroy(struct rmc_drv_seg *seg)
{
	struct rmc_shm_seg s = {
		.addr = seg->addr, .size = seg->size, .fd = seg->fd, .huge = seg->huge,
	};

	rmc_shm_destroy(&s);
	seg->addr = NULL;
	seg->size = 0;
	seg->fd = -1;
}

void *
rmc_drv_seg_map_fd(int fd, uint64_t size)
{
	return rmc_shm_map_fd(fd, size);
}

int
rmc_peer_session_open(struct rte_rmc_node *node, uint16_t nid)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct rmc_ctl_msg m;
	int fd, ret;

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/node%u.sock", node->dir, nid);
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
	m.u.hello.node_id = node->pub.id;
	m.u.hello.node_count = node->pub.count;
	snprintf(m.u.hello.driver, sizeof(m.u.hello.driver), "%s", node->drv->name);
	m.u.hello.proto_version = RMC_PROTO_VERSION;
	ret = rmc_ctl_send(fd, &m, -1);
	if (ret < 0) {
		close(fd);
		return ret;
	}
	return fd;
}

int
rmc_peer_session_recv(int sock, struct rmc_peer_msg *pm, int *fd)
{
	struct rmc_ctl_msg m;
	int ret;

	ret = rmc_ctl_recv(sock, &m, fd);
	if (ret < 0)
		return ret;
	memset(pm, 0, sizeof(*pm));
	switch (m.type) {
	case RMC_CTL_HELLO:
		pm->type = m.result < 0 ? RMC_PEER_MSG_REFUSED : RMC_PEER_MSG_ACCEPTED;
		pm->result = m.result;
		if (m.result < 0)
			snprintf(pm->text, sizeof(pm->text), "%.*s", RMC_CTL_TEXT_MAX, m.u.text);
		else
			pm->nb_ctx = m.u.info.nb_ctx;
		break;
	case RMC_CTL_CTX_ANNOUNCE:
		pm->type = RMC_PEER_MSG_CTX;
		pm->ctx_id = m.u.ctx.id;
		pm->perm = m.u.ctx.perm;
		pm->size = m.u.ctx.size;
		pm->map_size = m.u.ctx.map_size;
		pm->gen = m.u.ctx.gen;
		break;
	case RMC_CTL_CTX_GONE:
		pm->type = RMC_PEER_MSG_CTX_GONE;
		pm->ctx_id = m.u.ctx.id;
		pm->gen = m.u.ctx.gen;
		break;
	case RMC_CTL_LAT_ANNOUNCE:
		RTE_BUILD_BUG_ON(sizeof(m.u.lat) > RMC_PEER_LAT_SIZE);
		pm->type = RMC_PEER_MSG_LAT;
		memcpy(pm->lat, &m.u.lat, sizeof(m.u.lat));
		break;
	case RMC_CTL_DRV_SEG:
		pm->type = RMC_PEER_MSG_SEG;
		pm->size = m.u.seg.size;
		pm->map_size = m.u.seg.map_size;
		break;
	case RMC_CTL_WAKE_PAGE:
		pm->type = RMC_PEER_MSG_WAKE;
		pm->map_size = m.u.seg.map_size;
		break;
	default:
		pm->type = RMC_PEER_MSG_OTHER;
		break;
	}
	return 0;
}

int
rmc_peer_session_ack(int sock, uint64_t gen)
{
	struct rmc_ctl_msg m;

	rmc_ctl_init(&m, RMC_CTL_CTX_ACK);
	m.u.ctx.gen = gen;
	return rmc_ctl_send(sock, &m, -1);
}

int
rmc_peer_session_send_seg(int sock, uint64_t size, uint64_t map_size, int seg_fd)
{
	struct rmc_ctl_msg m;

	rmc_ctl_init(&m, RMC_CTL_DRV_SEG);
	m.u.seg.size = size;
	m.u.seg.map_size = map_size;
	return rmc_ctl_send(sock, &m, seg_fd);
}
