/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * Run-time administration of a node by an attached process: setting the
 * latency model through the node's control socket. The model itself lives
 * with the RMC (rte_rmc_node_latency_set(), rmc_latency.c).
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_common.h>

#include "rmc_ctl_msg.h"
#include "rmc_private.h"

/* Control thread: RMC_CTL_LATENCY_SET from an application. */
void
rmc_admin_latency_ctl(struct rte_rmc_node *node, struct rmc_client *s, struct rmc_ctl_msg *m)
{
	uint64_t base = m->u.admin.base_ns, per_chunk = m->u.admin.per_chunk_ns;
	int ret;

	/* Node-wide: every application's requests would wait. The operator's. */
	if (rmc_app_admin_allowed(node) < 0) {
		memset(&m->u, 0, sizeof(m->u));
		m->result = -EPERM;
		snprintf(m->u.text, sizeof(m->u.text), "the latency model is the operator's: "
			"start rmcd with --allow-app-admin to let apps set it");
		rmc_ctl_send(s->fd, m, -1);
		return;
	}
	ret = rte_rmc_node_latency_set(node, base, per_chunk);
	memset(&m->u, 0, sizeof(m->u));
	m->result = ret;
	if (ret < 0) {
		snprintf(m->u.text, sizeof(m->u.text), "latency %" PRIu64 " ns + %" PRIu64
			" ns/chunk refused: %s", base, per_chunk, strerror(-ret));
	}
	rmc_ctl_send(s->fd, m, -1);
}
