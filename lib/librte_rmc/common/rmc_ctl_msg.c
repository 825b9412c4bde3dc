/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "rte_rmc_qp.h"
#include "rmc_ctl_msg.h"

void
rmc_ctl_init(struct rmc_ctl_msg *m, enum rmc_ctl_type type)
{
	memset(m, 0, sizeof(*m));
	m->magic = RMC_CTL_MAGIC;
	m->abi_version = RTE_RMC_ABI_VERSION;
	m->type = type;
}

int
rmc_ctl_send(int sock, const struct rmc_ctl_msg *m, int fd)
{
	char cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { .iov_base = (void *)(uintptr_t)m, .iov_len = sizeof(*m) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *cm;
	ssize_t n;

	if (fd >= 0) {
		memset(cbuf, 0, sizeof(cbuf));
		mh.msg_control = cbuf;
		mh.msg_controllen = sizeof(cbuf);
		cm = CMSG_FIRSTHDR(&mh);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	}
	do {
		n = sendmsg(sock, &mh, MSG_NOSIGNAL);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	return n == (ssize_t)sizeof(*m) ? 0 : -EIO;
}

static int
rmc_ctl_recv_flags(int sock, struct rmc_ctl_msg *m, int *fd, int flags)
{
	char cbuf[CMSG_SPACE(sizeof(int) * 4)];
	struct iovec iov = { .iov_base = m, .iov_len = sizeof(*m) };
	struct msghdr mh = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *cm;
	int got = -1;
	ssize_t n;

	*fd = -1;
	do {
		n = recvmsg(sock, &mh, MSG_CMSG_CLOEXEC | flags);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return errno == EWOULDBLOCK ? -EAGAIN : -errno;
	if (n == 0)
		return -ENOTCONN;
	/* Take every descriptor so that none leaks, keep only the first. */
	for (cm = CMSG_FIRSTHDR(&mh); cm != NULL; cm = CMSG_NXTHDR(&mh, cm)) {
		size_t i, nfd;
		int tmp;

		if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS)
			continue;
		nfd = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (i = 0; i < nfd; i++) {
			memcpy(&tmp, CMSG_DATA(cm) + i * sizeof(int), sizeof(int));
			if (got < 0)
				got = tmp;
			else
				close(tmp);
		}
	}
	if (n != (ssize_t)sizeof(*m) || (mh.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) ||
			m->magic != RMC_CTL_MAGIC || m->abi_version != RTE_RMC_ABI_VERSION ||
			m->type == 0 || m->type >= RMC_CTL_TYPE_MAX) {
		if (got >= 0)
			close(got);
		return -EPROTO;
	}
	*fd = got;
	return 0;
}

int
rmc_ctl_recv(int sock, struct rmc_ctl_msg *m, int *fd)
{
	return rmc_ctl_recv_flags(sock, m, fd, 0);
}

static int
rmc_ctl_recv_nowait(int sock, struct rmc_ctl_msg *m, int *fd)
{
	return rmc_ctl_recv_flags(sock, m, fd, MSG_DONTWAIT);
}

int
rmc_ctl_call(int sock, struct rmc_ctl_msg *m, int send_fd, int *recv_fd)
{
	uint16_t type = m->type;
	int fd = -1;
	int ret;

	ret = rmc_ctl_send(sock, m, send_fd);
	if (ret < 0) {
		/*
		 * A node that refuses a client answers its first request and
		 * closes at once: the answer may still be waiting to be read.
		 */
		if (rmc_ctl_recv_nowait(sock, m, &fd) == 0 && m->type == type && m->result < 0) {
			if (fd >= 0)
				close(fd);
			return 0;
		}
		return ret;
	}
	/* -EAGAIN here: the socket's receive timeout passed without an answer. */
	ret = rmc_ctl_recv(sock, m, &fd);
	/* A reset reported first may hide an answer still queued: look once. */
	if (ret == -ECONNRESET) {
		ret = rmc_ctl_recv_nowait(sock, m, &fd);
		if (ret == -EAGAIN)
			ret = -ECONNRESET;
	}
	if (ret < 0)
		return ret;
	if (m->type != type) {
		if (fd >= 0)
			close(fd);
		return -EPROTO;
	}
	if (recv_fd != NULL)
		*recv_fd = fd;
	else if (fd >= 0)
		close(fd);
	return 0;
}
