/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The node's control thread: it sleeps in epoll_wait on the listening socket,
 * its clients' sockets and the drivers' descriptors, and every
 * RMC_CTL_TICK_MS runs the housekeeping: the socket's guard (silent
 * connections, descriptors), the reaping of what departed clients left
 * draining, and the driver's tick. It is never on the data path.
 */

#include <errno.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <rte_lcore.h>

#include "rmc_private.h"

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
			rmc_ctl_guard_tick(node);
			rmc_node_reap(node, 0);
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
	rmc_node_reap(node, 1); /* the RMC has stopped: all goes now (or is leaked) */
	if (node->epoll_fd >= 0)
		close(node->epoll_fd);
	if (node->wake_fd >= 0)
		close(node->wake_fd);
	node->epoll_fd = -1;
	node->wake_fd = -1;
}
