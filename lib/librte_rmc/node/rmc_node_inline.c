/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The node's side of inline mode: which sessions may map peers' memory.
 * By default no application ever maps another node's memory; only the
 * operator can allow inline mode (RTE_RMC_NODE_F_ALLOW_INLINE, rmcd
 * --allow-inline), and then only sessions that asked for it at attach get
 * the node's status page and peers' contexts, a read-only context as a
 * descriptor that cannot be mapped writable.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "rmc_ctl_msg.h"
#include "rmc_private.h"

int
rmc_inline_hello(struct rte_rmc_node *node, struct rmc_client *s, struct rmc_ctl_msg *m)
{
	if ((m->u.hello.flags & RMC_HELLO_F_INLINE) == 0)
		return 0;
	if ((node->conf.flags & RTE_RMC_NODE_F_ALLOW_INLINE) == 0) {
		RMC_LOG(WARNING, "node %u: refused inline mode to pid %u (not allowed)",
			node->pub.id, m->u.hello.pid);
		rmc_reply_error(s->fd, m, -EPERM, "node %u does not allow inline mode "
			"(start rmcd with --allow-inline)", node->pub.id);
		return -EPERM;
	}
	s->inline_mode = 1;
	return 0;
}

/*
 * A descriptor of the same memory that only reads: a new open file
 * description, O_RDONLY, so that mmap(PROT_WRITE, MAP_SHARED) and mprotect()
 * to writable fail on it. Seals cannot do this: they would also stop the
 * context's own node from mapping it writable.
 */
static int
rmc_fd_reopen_ro(int fd)
{
	char path[64];
	int ro;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	ro = open(path, O_RDONLY | O_CLOEXEC);
	return ro < 0 ? -errno : ro;
}

/* Hand an inline session the descriptor of any node's context. */
static void
rmc_inline_peer_ctx_map(struct rte_rmc_node *node, struct rmc_client *s,
		struct rmc_ctl_msg *m)
{
	uint16_t nid = m->u.ctx.nid, id = m->u.ctx.id;
	struct rmc_ctx_view cv;
	uint64_t map_size;
	int fd, ro, ret;

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
	ro = -1;
	if (cv.perm != RTE_RMC_PERM_RW) {
		ro = rmc_fd_reopen_ro(fd);
		if (ro < 0)
			return rmc_reply_error(s->fd, m, ro, "cannot share read-only context %u "
				"of node %u: %s", id, nid, strerror(-ro));
		fd = ro;
	}
	m->result = 0;
	m->u.ctx.size = cv.size;
	m->u.ctx.map_size = map_size;
	m->u.ctx.perm = cv.perm;
	rmc_ctl_send(s->fd, m, fd);
	if (ro >= 0)
		close(ro);
}

void
rmc_inline_ctl(struct rte_rmc_node *node, struct rmc_client *s, struct rmc_ctl_msg *m)
{
	int ro;

	/* The status page is every application's (the latency model is in it). */
	if (m->type == RMC_CTL_PEER_CTX_MAP && !s->inline_mode)
		return rmc_reply_error(s->fd, m, -EPERM, "inline mode was not asked at attach "
			"(rte_rmc_attach_opts.inline_mode or RMC_INLINE=1)");
	if (m->type == RMC_CTL_PEER_CTX_MAP)
		return rmc_inline_peer_ctx_map(node, s, m);
	/* Read-only: an application must not change what the others read there. */
	ro = rmc_fd_reopen_ro(node->page_fd);
	if (ro < 0)
		return rmc_reply_error(s->fd, m, ro, "cannot share the status page: %s",
			strerror(-ro));
	m->result = 0;
	rmc_ctl_send(s->fd, m, ro);
	close(ro);
}
