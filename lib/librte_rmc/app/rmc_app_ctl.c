/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The session's control channel: requests on the node's socket, the node's
 * liveness, and the QP segments the node creates. The lowest layer of the
 * application side: the session, the QPs and inline mode all go through it,
 * and it calls none of them.
 */

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include "rmc_app.h"
#include "rmc_ctl_msg.h"
#include "rmc_log.h"
#include "rmc_shm.h"

/*
 * Bound how long the next send or receive on the session's socket may block:
 * a node that does not answer (stopped, hung, overloaded) makes the request
 * fail with -ETIMEDOUT instead of waiting forever.
 */
int
rmc_session_set_timeout(struct rte_rmc_session *s, uint32_t ms)
{
	struct timeval tv;

	/* 0 would mean "no bound" to the kernel: never that. */
	if (ms < 1000)
		ms = 1000;
	tv.tv_sec = ms / 1000;
	tv.tv_usec = (ms % 1000) * 1000;
	if (setsockopt(s->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0 ||
			setsockopt(s->fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)) < 0)
		return -errno;
	return 0;
}

/*
 * Talk only to a node of this user or of root: anyone else serving the
 * socket (a fake node in a directory another user could write) would get the
 * application's buffers and data.
 */
int
rmc_node_owner_check(int fd, const char *path)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0)
		return -errno;
	if (cred.uid == geteuid() || cred.uid == 0)
		return 0;
	RMC_LOG(ERR, "%s is served by uid %u (pid %d), not by this user (uid %u) or root: "
		"refusing a node that another user runs; check RMC_RUNTIME_DIR and "
		"XDG_RUNTIME_DIR", path, (unsigned int)cred.uid, (int)cred.pid,
		(unsigned int)geteuid());
	return -EACCES;
}

static int
rmc_call_common(struct rte_rmc_session *s, struct rmc_ctl_msg *m, int *rfd, int quiet)
{
	int ret;

	pthread_mutex_lock(&s->lock);
	ret = rmc_ctl_call(s->fd, m, -1, rfd);
	if (ret == -EAGAIN) {
		/*
		 * No answer in time. A late answer would be taken for the next
		 * request's: the session is over, whatever the node does next.
		 */
		shutdown(s->fd, SHUT_RDWR);
		ret = -ETIMEDOUT;
	}
	pthread_mutex_unlock(&s->lock);
	if (ret == -ETIMEDOUT)
		RMC_LOG(ERR, "node %u did not answer within %u s: is its rmcd stopped or "
			"overloaded (check it with ps, or restart it)? This session is closed: "
			"detach and attach again; RMC_ATTACH_TIMEOUT sets the bound",
			s->node_id, (s->ctl_timeout_ms < 1000 ? 1000 : s->ctl_timeout_ms) / 1000);
	else if (ret == -EPROTO)
		RMC_LOG(ERR, "node %u answered with a malformed message: is it running an "
			"incompatible librte_rmc (ABI %u expected)?", s->node_id,
			RTE_RMC_ABI_VERSION);
	else if (ret < 0)
		RMC_LOG(ERR, "lost the connection to node %u: %s", s->node_id, strerror(-ret));
	if (ret == 0 && m->result < 0) {
		if (!quiet)
			RMC_LOG(ERR, "node %u: %.*s", s->node_id, RMC_CTL_TEXT_MAX, m->u.text);
		ret = m->result;
	}
	return ret;
}

int
rmc_session_call(struct rte_rmc_session *s, struct rmc_ctl_msg *m, int *rfd)
{
	return rmc_call_common(s, m, rfd, 0);
}

int
rmc_session_call_quiet(struct rte_rmc_session *s, struct rmc_ctl_msg *m, int *rfd)
{
	return rmc_call_common(s, m, rfd, 1);
}

int
rmc_session_alive(struct rte_rmc_session *s)
{
	struct pollfd pfd = { .fd = s->fd, .events = POLLRDHUP };

	if (poll(&pfd, 1, 0) < 0)
		return 1;
	return (pfd.revents & (POLLHUP | POLLRDHUP | POLLERR)) == 0;
}

/* Map and check a QP segment the node created. */
int
rmc_session_qp_open(struct rte_rmc_session *s, uint32_t depth, struct rte_rmc_qp *qp)
{
	struct rte_rmc_qp_hdr *hdr;
	struct rmc_ctl_msg m;
	int fd = -1, ret;

	rmc_ctl_init(&m, RMC_CTL_QP_CREATE);
	m.u.seg.depth = depth;
	ret = rmc_session_call(s, &m, &fd);
	if (ret == 0 && fd < 0)
		ret = -EPROTO;
	if (ret < 0)
		return ret;
	hdr = rmc_shm_map_fd(fd, m.u.seg.map_size);
	close(fd);
	if (hdr == NULL)
		return -errno;
	if (hdr->magic != RTE_RMC_QP_MAGIC || hdr->abi_version != RTE_RMC_ABI_VERSION ||
			hdr->depth != depth ||
			hdr->segment_size < rte_rmc_qp_segment_size(depth)) {
		RMC_LOG(ERR, "QP segment from node %u has magic %#x ABI %u, expected %#x ABI %u: "
			"rebuild the application against this librte_rmc", s->node_id,
			hdr->magic, hdr->abi_version, RTE_RMC_QP_MAGIC, RTE_RMC_ABI_VERSION);
		munmap(hdr, m.u.seg.map_size);
		return -EPROTO;
	}
	qp->hdr = hdr;
	qp->wq = (struct rte_rmc_wqe *)((uint8_t *)hdr + hdr->wq_offset);
	qp->cq = (struct rte_rmc_cqe *)((uint8_t *)hdr + hdr->cq_offset);
	qp->map_size = m.u.seg.map_size;
	qp->id = m.u.seg.id;
	return 0;
}

void
rmc_session_qp_close(struct rte_rmc_session *s, struct rte_rmc_qp *qp)
{
	struct rmc_ctl_msg m;

	rmc_ctl_init(&m, RMC_CTL_QP_DESTROY);
	m.u.seg.id = qp->id;
	if (rmc_session_alive(s))
		rmc_session_call(s, &m, NULL);
	munmap(qp->hdr, qp->map_size);
}
