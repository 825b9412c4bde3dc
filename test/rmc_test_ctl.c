/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "rmc_private.h"
#include "rmc_test_ctl.h"

int
rmc_test_ctl_hello(struct rte_rmc_node *node, const char *cluster, uint16_t flags,
		struct rmc_ctl_msg *m)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", node->sock_path);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		printf("connect %s: %s\n", sa.sun_path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	rmc_ctl_init(m, RMC_CTL_HELLO);
	snprintf(m->u.hello.cluster, sizeof(m->u.hello.cluster), "%s", cluster);
	m->u.hello.pid = getpid();
	m->u.hello.role = RMC_ROLE_APP;
	m->u.hello.flags = flags;
	if (rmc_ctl_call(fd, m, -1, NULL) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

int
rmc_test_ctl_call(int fd, struct rmc_ctl_msg *m, int *rfd)
{
	int got = -1;

	if (rfd != NULL)
		*rfd = -1;
	if (rmc_ctl_call(fd, m, -1, &got) < 0)
		return -EPIPE;
	if (rfd != NULL)
		*rfd = got;
	else if (got >= 0)
		close(got);
	return m->result;
}
