/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The wake protocol (common/rmc_wake.h) as message drivers use it through
 * rmc_driver.h: a node hands its wake page to each peer RMC, and a peer that
 * sends it requests wakes it when it sleeps.
 */

#include <errno.h>
#include <stdlib.h>

#include "rmc_ctl_msg.h"
#include "rmc_private.h"
#include "rmc_wake.h"

int
rmc_peer_session_send_wake(struct rte_rmc_node *node, int sock)
{
	struct rmc_ctl_msg m;

	if (node->wake_ro_fd < 0)
		return 0;
	rmc_ctl_init(&m, RMC_CTL_WAKE_PAGE);
	m.u.seg.map_size = node->wake_size;
	return rmc_ctl_send(sock, &m, node->wake_ro_fd);
}

struct rmc_waker *
rmc_drv_waker_map(int fd, uint64_t map_size, uint16_t nid)
{
	struct rmc_waker *w = calloc(1, sizeof(*w));
	int ret;

	RTE_SET_USED(map_size); /* the page's own size is checked on the descriptor */
	if (w == NULL)
		return NULL;
	ret = rmc_waker_map(w, fd, nid);
	if (ret < 0) {
		free(w);
		errno = -ret;
		return NULL;
	}
	return w;
}

void
rmc_drv_waker_free(struct rmc_waker *w)
{
	if (w == NULL)
		return;
	rmc_waker_unmap(w);
	free(w);
}

int
rmc_drv_waker_published(struct rmc_waker *w)
{
	rmc_waker_published(w);
	return w->owed;
}

int
rmc_drv_waker_waiting(struct rmc_waker *w)
{
	/* A peer RMC has no completion to watch: owed until the peer says it woke. */
	rmc_waker_waiting(w, 1);
	return w->owed;
}
