/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * What every part of the control thread uses: the descriptors its epoll
 * watches, a once-a-second limit on what misbehaving clients make it log, and
 * the error answer to a request.
 */

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>

#include "rmc_ctl_msg.h"
#include "rmc_private.h"

#define NS_PER_S_ULL 1000000000ull

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

int
rmc_ctl_log_allowed(struct rmc_ratelimit *rl, uint64_t *suppressed)
{
	uint64_t now = rmc_now_ns();

	if (rl->last_ns != 0 && now - rl->last_ns < NS_PER_S_ULL) {
		rl->suppressed++;
		return 0;
	}
	rl->last_ns = now;
	*suppressed = rl->suppressed;
	rl->suppressed = 0;
	return 1;
}

void
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
