/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The node's control socket under pressure: accepting connections when the
 * process is out of descriptors, dropping connections that never introduce
 * themselves, and logging what misbehaving clients do without flooding the
 * log. Runs on the control thread only.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "rmc_driver.h"
#include "rmc_private.h"

/* A connection that has not said hello after this long is closed. */
#define RMC_CTL_HELLO_TIMEOUT_NS (5 * NS_PER_S_ULL)
/* Out of descriptors: a silent connection at least this old makes room. */
#define RMC_CTL_EVICT_AGE_NS (NS_PER_S_ULL / 2)
#define NS_PER_S_ULL 1000000000ull

/* The oldest connection that never said hello, if older than min_age_ns. */
static struct rmc_client *
rmc_ctl_oldest_silent(struct rte_rmc_node *node, uint64_t min_age_ns)
{
	uint64_t now = rmc_now_ns();
	struct rmc_client *s;

	/* Clients are kept in the order they connected. */
	TAILQ_FOREACH(s, &node->clients, next)
		if (s->role == 0 && now - s->since_ns >= min_age_ns)
			return s;
	return NULL;
}

/*
 * Out of descriptors (EMFILE, ENFILE): make room by closing a connection
 * that never introduced itself, or stop watching the listening socket until
 * the next tick. Accepting again at once would fail again: epoll reports the
 * pending connection at every wait and the thread would spin.
 */
static int
rmc_ctl_out_of_fds(struct rte_rmc_node *node, int err)
{
	struct rmc_client *s;
	uint64_t more;

	pthread_mutex_lock(&node->lock);
	s = rmc_ctl_oldest_silent(node, RMC_CTL_EVICT_AGE_NS);
	if (s != NULL)
		rmc_client_close(node, s);
	pthread_mutex_unlock(&node->lock);
	if (rmc_ctl_log_allowed(&node->fd_log, &more))
		RMC_LOG(WARNING, "node %u: out of file descriptors (%s)%s; %u suppressed: "
			"raise the open-files limit (ulimit -n) of rmcd", node->pub.id,
			strerror(err), s != NULL ? ", closed a connection that never said hello" :
			", new connections wait", (unsigned int)more);
	if (s != NULL)
		return 1;
	if (!node->listen_paused) {
		rmc_ctl_unwatch_fd(node, node->listen_fd);
		node->listen_paused = 1;
	}
	return 0;
}

static void
rmc_ctl_add_client(struct rte_rmc_node *node, int cfd, const struct ucred *cred)
{
	struct rmc_client *s = calloc(1, sizeof(*s));

	if (s == NULL) {
		close(cfd);
		return;
	}
	/*
	 * Owner-only: a process of another user may not attach. The socket's
	 * permissions already keep such users out; this holds even if someone
	 * loosened them. Its first request is answered with the reason, so
	 * that it can say why.
	 */
	if (cred->uid != geteuid() && cred->uid != 0) {
		uint64_t more;

		if (rmc_ctl_log_allowed(&node->refuse_log, &more))
			RMC_LOG(WARNING, "node %u: refused a connection from uid %u (%u more "
				"suppressed)", node->pub.id, (unsigned int)cred->uid,
				(unsigned int)more);
		s->refused = 1;
		s->refused_uid = cred->uid;
	}
	s->fd = cfd;
	s->pid = cred->pid;
	s->cred_pid = cred->pid;
	s->since_ns = rmc_now_ns();
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

void
rmc_ctl_accept(struct rte_rmc_node *node, int fd, uint32_t events, void *arg)
{
	struct ucred cred;
	socklen_t len;
	int cfd;

	RTE_SET_USED(events);
	RTE_SET_USED(arg);
	for (;;) {
		cfd = accept4(fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
		if (cfd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			if ((errno == EMFILE || errno == ENFILE) && rmc_ctl_out_of_fds(node, errno))
				continue;
			return;
		}
		len = sizeof(cred);
		if (getsockopt(cfd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0) {
			close(cfd);
			continue;
		}
		rmc_ctl_add_client(node, cfd, &cred);
	}
}

/*
 * Each tick: close connections that never said hello (they hold a descriptor
 * each), and watch the listening socket again if it was paused.
 */
void
rmc_ctl_guard_tick(struct rte_rmc_node *node)
{
	struct rmc_client *s;
	unsigned int n = 0;

	pthread_mutex_lock(&node->lock);
	while ((s = rmc_ctl_oldest_silent(node, RMC_CTL_HELLO_TIMEOUT_NS)) != NULL) {
		rmc_client_close(node, s);
		n++;
	}
	pthread_mutex_unlock(&node->lock);
	if (n > 0)
		RMC_LOG(NOTICE, "node %u: closed %u connection(s) that did not say hello within "
			"%llu s", node->pub.id, n, RMC_CTL_HELLO_TIMEOUT_NS / NS_PER_S_ULL);
	if (node->listen_paused && rmc_ctl_watch_fd(node, &node->listen_watch) == 0)
		node->listen_paused = 0;
}
