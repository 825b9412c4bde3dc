/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * What an attached application asks of its node's administration: the
 * node's statistics and its latency model. Control requests only; the node
 * answers them in node/rmc_stats.c and node/rmc_admin.c.
 */

#include <errno.h>
#include <unistd.h>

#include "rmc_app.h"
#include "rmc_ctl_msg.h"
#include "rmc_log.h"
#include "rte_rmc_admin.h"

int
rte_rmc_stats_get(struct rte_rmc_session *s, struct rte_rmc_stats *st)
{
	struct rmc_ctl_msg m;
	int fd = -1, ret;
	ssize_t n;

	if (s == NULL || st == NULL)
		return -EINVAL;
	rmc_ctl_init(&m, RMC_CTL_STATS);
	m.u.admin.qp_id = RMC_CTL_STATS_NODE;
	ret = rmc_session_call(s, &m, &fd);
	if (ret < 0)
		return ret;
	if (fd < 0 || m.u.admin.flags != sizeof(*st)) {
		if (fd >= 0)
			close(fd);
		RMC_LOG(ERR, "node %u sent statistics of another layout (%u bytes, expected "
			"%zu): is it running another librte_rmc?", s->node_id, m.u.admin.flags,
			sizeof(*st));
		return -EPROTO;
	}
	n = pread(fd, st, sizeof(*st), 0);
	ret = n == (ssize_t)sizeof(*st) ? 0 : -EPROTO;
	close(fd);
	return ret;
}

int
rte_rmc_stats_reset(struct rte_rmc_session *s)
{
	struct rmc_ctl_msg m;

	if (s == NULL)
		return -EINVAL;
	rmc_ctl_init(&m, RMC_CTL_STATS);
	m.u.admin.qp_id = RMC_CTL_STATS_NODE;
	m.u.admin.flags = RMC_CTL_STATS_F_RESET;
	return rmc_session_call(s, &m, NULL);
}

int
rte_rmc_latency_set(struct rte_rmc_session *s, uint64_t base_ns, uint64_t per_chunk_ns)
{
	struct rmc_ctl_msg m;
	int ret;

	if (s == NULL)
		return -EINVAL;
	rmc_ctl_init(&m, RMC_CTL_LATENCY_SET);
	m.u.admin.base_ns = base_ns;
	m.u.admin.per_chunk_ns = per_chunk_ns;
	ret = rmc_session_call(s, &m, NULL);
	return ret < 0 ? ret : m.result > 0;
}
