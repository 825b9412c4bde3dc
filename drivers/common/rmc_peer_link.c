/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/* The peer link state machine (rmc_peer_link.h). Control thread only. */

#include <errno.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "rmc_peer_link.h"

/* How often a missing peer is tried again. */
#define PEER_RETRY_NS 100000000ull
/* How long a connected peer may take to complete the set-up. */
#define PEER_SETUP_TIMEOUT_NS 2000000000ull

static void rmc_peer_link_event(struct rte_rmc_node *node, int fd, uint32_t events, void *arg);

void
rmc_peer_links_init(struct rmc_peer_links *links, const struct rmc_peer_link_ops *ops,
		void *drv)
{
	unsigned int i;

	for (i = 0; i < RTE_RMC_MAX_NODES; i++) {
		links->peer[i].fd = -1;
		links->peer[i].nid = i;
		links->peer[i].links = links;
	}
	links->ops = ops;
	links->drv = drv;
	links->start_ns = rmc_now_ns();
}

/* Forget the session and what it brought (nothing of it is published). */
static void
rmc_peer_link_close(struct rte_rmc_node *node, struct rmc_peer_link *l, uint64_t retry_ns)
{
	if (l->fd >= 0) {
		rmc_ctl_unwatch_fd(node, l->fd);
		close(l->fd);
	}
	l->fd = -1;
	l->state = RMC_PEER_LINK_IDLE;
	l->links->ops->release(node, l);
	l->next_try_ns = rmc_now_ns() + retry_ns;
}

static void
rmc_peer_link_down(struct rte_rmc_node *node, struct rmc_peer_link *l)
{
	l->links->ops->unpublish(node, l);
	rmc_node_set_peer_up(node, l->nid, 0);
	/* No pass of the RMC may still be using what the link held. */
	rmc_node_quiesce(node);
	rmc_peer_link_close(node, l, PEER_RETRY_NS);
	RMC_LOG(WARNING, "node %u: node %u is down; requests to it fail with node-down "
		"until it is back", rmc_node_id(node), l->nid);
}

static void
rmc_peer_link_up(struct rte_rmc_node *node, struct rmc_peer_link *l)
{
	l->state = RMC_PEER_LINK_UP;
	l->refused = 0;
	rmc_node_set_peer_up(node, l->nid, 1);
	RMC_LOG(INFO, "node %u: connected to node %u%s", rmc_node_id(node), l->nid,
		l->links->ops->up_how);
}

static int
rmc_peer_link_connect(struct rte_rmc_node *node, struct rmc_peer_link *l)
{
	int fd, ret;

	fd = rmc_peer_session_open(node, l->nid);
	if (fd < 0)
		return fd;
	l->fd = fd;
	l->watch.fd = fd;
	l->watch.cb = rmc_peer_link_event;
	l->watch.arg = l;
	ret = rmc_ctl_watch_fd(node, &l->watch);
	if (ret < 0) {
		close(fd);
		l->fd = -1;
		return ret;
	}
	l->state = RMC_PEER_LINK_HELLO_SENT;
	l->setup_deadline_ns = rmc_now_ns() + PEER_SETUP_TIMEOUT_NS;
	return 0;
}

/* One message from a peer, according to where its set-up stands. */
static int
rmc_peer_link_msg(struct rte_rmc_node *node, struct rmc_peer_link *l,
		const struct rmc_peer_msg *m, int fd, int *fd_kept)
{
	const struct rmc_peer_link_ops *ops = l->links->ops;

	if (l->state == RMC_PEER_LINK_HELLO_SENT) {
		if (m->type == RMC_PEER_MSG_REFUSED) {
			if (!l->refused)
				RMC_LOG(ERR, "node %u: node %u refused us: %s", rmc_node_id(node),
					l->nid, m->text);
			l->refused = 1;
			return m->result;
		}
		if (m->type != RMC_PEER_MSG_ACCEPTED)
			return -EPROTO;
		l->state = RMC_PEER_LINK_SETUP;
		return ops->accepted(node, l, m->nb_ctx);
	}
	/* The peer's latency model: the node's business, on every driver. */
	if (m->type == RMC_PEER_MSG_LAT) {
		rmc_node_peer_latency(node, l->nid, m->lat);
		return 0;
	}
	if (l->state == RMC_PEER_LINK_SETUP || l->state == RMC_PEER_LINK_UP)
		return ops->message(node, l, m, fd, fd_kept);
	return -EPROTO;
}

static void
rmc_peer_link_event(struct rte_rmc_node *node, int fd, uint32_t events, void *arg)
{
	struct rmc_peer_link *l = arg;
	struct rmc_peer_msg m;
	int rfd, ret, kept;

	if (l->fd != fd || l->fd < 0)
		return;
	for (;;) {
		ret = rmc_peer_session_recv(fd, &m, &rfd);
		if (ret == -EAGAIN)
			break;
		kept = 0;
		if (ret == 0)
			ret = rmc_peer_link_msg(node, l, &m, rfd, &kept);
		if (rfd >= 0 && !kept)
			close(rfd);
		if (ret == 1 && l->state != RMC_PEER_LINK_UP)
			rmc_peer_link_up(node, l);
		if (ret < 0) {
			if (l->state == RMC_PEER_LINK_UP)
				rmc_peer_link_down(node, l);
			else
				rmc_peer_link_close(node, l, l->refused ? 10 * PEER_RETRY_NS :
					PEER_RETRY_NS);
			return;
		}
	}
	if (events & (EPOLLHUP | EPOLLRDHUP | EPOLLERR)) {
		if (l->state == RMC_PEER_LINK_UP)
			rmc_peer_link_down(node, l);
		else
			rmc_peer_link_close(node, l, PEER_RETRY_NS);
	}
}

/* Say which peers are still missing, once after 1 s and once after the peer wait. */
static void
rmc_peer_links_log_wait(struct rte_rmc_node *node, struct rmc_peer_links *links,
		unsigned int missing, const char *list, uint64_t now)
{
	if (missing == 0) {
		if (!links->all_up_logged && rmc_node_count(node) > 1)
			RMC_LOG(NOTICE, "node %u: all %u nodes of cluster '%s' connected",
				rmc_node_id(node), rmc_node_count(node), rmc_node_cluster(node));
		links->all_up_logged = 1;
		return;
	}
	if (!links->wait_logged && now - links->start_ns > 1000000000ull) {
		RMC_LOG(NOTICE, "node %u: waiting for node(s) %s of cluster '%s' to start",
			rmc_node_id(node), list, rmc_node_cluster(node));
		links->wait_logged = 1;
	}
	if (links->wait_logged == 1 &&
			now - links->start_ns > rmc_node_peer_wait_ms(node) * 1000000ull) {
		RMC_LOG(WARNING, "node %u: node(s) %s still missing after %u ms; serving anyway, "
			"requests to them fail with node-down", rmc_node_id(node), list,
			rmc_node_peer_wait_ms(node));
		links->wait_logged = 2;
	}
}

void
rmc_peer_links_tick(struct rte_rmc_node *node, struct rmc_peer_links *links)
{
	uint64_t now = rmc_now_ns();
	unsigned int i, missing = 0;
	char list[256];
	size_t off = 0;

	list[0] = '\0';
	for (i = 0; i < rmc_node_count(node); i++) {
		struct rmc_peer_link *l = &links->peer[i];

		if (i == rmc_node_id(node) || l->state == RMC_PEER_LINK_UP)
			continue;
		if (l->fd >= 0 && now > l->setup_deadline_ns) {
			RMC_LOG(WARNING, "node %u: node %u did not %s within 2 s; retrying",
				rmc_node_id(node), i, links->ops->setup_what);
			rmc_peer_link_close(node, l, PEER_RETRY_NS);
		}
		if (l->fd < 0 && now >= l->next_try_ns && rmc_peer_link_connect(node, l) < 0)
			l->next_try_ns = now + PEER_RETRY_NS;
		missing++;
		if (off < sizeof(list))
			off += snprintf(list + off, sizeof(list) - off, "%s%u", off ? " " : "", i);
	}
	rmc_peer_links_log_wait(node, links, missing, list, now);
}

void
rmc_peer_links_fini(struct rte_rmc_node *node, struct rmc_peer_links *links)
{
	unsigned int i;

	for (i = 0; i < RTE_RMC_MAX_NODES; i++) {
		struct rmc_peer_link *l = &links->peer[i];

		if (l->fd >= 0)
			close(l->fd);
		l->fd = -1;
		l->state = RMC_PEER_LINK_IDLE;
		links->ops->release(node, l);
	}
}
