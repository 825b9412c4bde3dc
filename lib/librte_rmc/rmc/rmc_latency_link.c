/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The node's link page (struct rmc_link_page, rmc_ctl_msg.h): where the
 * libraries of all the node's applications reserve the emulated link of
 * bandwidth(d), so that one node's requests to d queue on one link whatever
 * process posts them. The node only creates it and hands it out: it never
 * reads it (what applications write there is theirs; the libraries bound
 * what they accept from it).
 */

#include <errno.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "rmc_ctl_msg.h"
#include "rmc_private.h"
#include "rmc_shm.h"

int
rmc_latency_link_create(struct rte_rmc_node *node)
{
	struct rmc_shm_seg seg;
	char name[64];
	int ret;

	snprintf(name, sizeof(name), "sonuma_%s_n%u_link", node->cluster, node->pub.id);
	/* Sealed in size (rmc_shm.h): no application can shrink it under the others. */
	ret = rmc_shm_create(name, sizeof(struct rmc_link_page), RTE_RMC_HUGE_OFF, &seg);
	if (ret < 0)
		return ret;
	/* The node never touches the words: only the descriptor is kept. */
	munmap(seg.addr, seg.size);
	node->link_fd = seg.fd;
	node->link_size = seg.size;
	return 0;
}

void
rmc_latency_link_destroy(struct rte_rmc_node *node)
{
	if (node->link_fd >= 0)
		close(node->link_fd);
	node->link_fd = -1;
}

void
rmc_latency_link_ctl(struct rte_rmc_node *node, struct rmc_client *s, struct rmc_ctl_msg *m)
{
	if (node->link_fd < 0)
		return rmc_reply_error(s->fd, m, -ENOTSUP, "node %u has no link page",
			node->pub.id);
	m->result = 0;
	m->u.seg.map_size = node->link_size;
	rmc_ctl_send(s->fd, m, node->link_fd);
}
