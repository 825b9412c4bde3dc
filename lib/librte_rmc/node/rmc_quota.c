/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * Shares and quotas of one application, so that no application can take
 * what the others need: QPs, ITT entries, local buffers (count and bytes),
 * the contexts it creates (count and bytes). An application is a process,
 * as the kernel names it (SO_PEERCRED, not what its hello says): all the
 * sessions of one process count together, so that opening more sessions
 * gives nothing more. Node-wide limits stay as they are; these come first.
 * Control side, node lock held.
 */

#include <errno.h>
#include <stdio.h>

#include "rmc_ctl_msg.h"
#include "rmc_private.h"

/* 1 if the resource owner 'owner' is a session of the same process as 's'. */
static int
rmc_same_app(const struct rte_rmc_node *node, const void *owner, const struct rmc_client *s)
{
	const struct rmc_client *c;

	if (owner == NULL)
		return 0;
	if (owner == s)
		return 1;
	TAILQ_FOREACH(c, &node->clients, next)
		if (c == owner)
			return c->role == RMC_ROLE_APP && c->cred_pid == s->cred_pid;
	return 0;
}

static uint32_t
rmc_app_qps(const struct rte_rmc_node *node, const struct rmc_client *s)
{
	uint32_t i, n = 0;

	for (i = 0; i < node->max_qps; i++)
		if (node->qps[i] != NULL && rmc_same_app(node, node->qps[i]->owner, s))
			n++;
	return n;
}

int
rmc_quota_qp(struct rte_rmc_node *node, const struct rmc_client *s, char *text, size_t len)
{
	uint32_t i, used = 0;

	/* The node is full: its own limit, and its message (--max-qps), apply. */
	for (i = 0; i < node->max_qps; i++)
		used += node->qps[i] != NULL;
	if (used >= node->max_qps || rmc_app_qps(node, s) < node->conf.app_max_qps)
		return 0;
	snprintf(text, len, "application quota: %u QPs per application "
		"(rmcd --app-max-qps)", node->conf.app_max_qps);
	return -EDQUOT;
}

int
rmc_quota_lbuf(struct rte_rmc_node *node, const struct rmc_client *s, uint64_t size,
		char *text, size_t len)
{
	uint64_t bytes = 0;
	uint32_t i, n = 0;

	/* The node's own memory limit applies first, with its message (--lbuf-mem). */
	if (node->lbuf_mem + size > node->conf.lbuf_mem_max)
		return 0;
	for (i = 0; i < RTE_RMC_MAX_LBUFS; i++) {
		if (node->lbufs[i].base == NULL || !rmc_same_app(node, node->lbufs[i].owner, s))
			continue;
		n++;
		bytes += node->lbufs[i].size;
	}
	if (n >= node->conf.app_max_lbufs) {
		snprintf(text, len, "application quota: %u local buffers per application "
			"(rmcd --app-max-lbufs)", node->conf.app_max_lbufs);
		return -EDQUOT;
	}
	if (size > node->conf.app_lbuf_mem || bytes + size > node->conf.app_lbuf_mem) {
		snprintf(text, len, "application quota: %" PRIu64 " KiB of local buffers "
			"(rmcd --app-lbuf-mem)", node->conf.app_lbuf_mem >> 10);
		return -EDQUOT;
	}
	return 0;
}

int
rmc_quota_ctx(struct rte_rmc_node *node, const struct rmc_client *s, uint64_t size,
		char *text, size_t len)
{
	uint64_t bytes = 0;
	uint32_t i, n = 0;

	for (i = 0; i < RTE_RMC_MAX_CTX; i++) {
		if (!node->ctx[i].view.valid || node->ctx[i].app_pid != s->cred_pid)
			continue;
		n++;
		bytes += node->ctx[i].view.size;
	}
	if (n >= node->conf.app_max_ctx) {
		snprintf(text, len, "application quota: %u contexts per application "
			"(rmcd --app-max-ctx)", node->conf.app_max_ctx);
		return -EDQUOT;
	}
	if (size > node->conf.app_ctx_mem || bytes + size > node->conf.app_ctx_mem) {
		snprintf(text, len, "application quota: %" PRIu64 " KiB of contexts "
			"(rmcd --app-ctx-mem)", node->conf.app_ctx_mem >> 10);
		return -EDQUOT;
	}
	return 0;
}

uint32_t
rmc_quota_proto_share(const struct rte_rmc_node *node)
{
	uint64_t scaled = (uint64_t)node->conf.app_itt_share * RMC_PROTO_ITT_ENTRIES /
		RMC_ITT_SIZE;

	return RTE_MAX((uint32_t)scaled, node->conf.app_max_qps);
}

/*
 * Each QP of the application may hold share / QPs ITT entries (1 to 32), so
 * that all of them together never hold more than the share. A QP whose cap
 * went down keeps what it holds until those transfers end.
 *
 * On the protocol path of a message driver every request to another node,
 * small or large, holds an entry of the protocol ITT, and its chunks run in
 * parallel (no 32 limit helps there): each QP may hold the protocol share
 * (rmc_quota_proto_share()) / QPs of them.
 */
void
rmc_quota_itt_rebalance(struct rte_rmc_node *node, const struct rmc_client *s)
{
	uint32_t i, n = rmc_app_qps(node, s), cap, pcap;

	if (n == 0)
		return;
	cap = RTE_MAX(UINT32_C(1), RTE_MIN((uint32_t)RMC_ITT_PER_QP,
		node->conf.app_itt_share / n));
	pcap = RTE_MAX(UINT32_C(1), rmc_quota_proto_share(node) / n);
	for (i = 0; i < node->max_qps; i++)
		if (node->qps[i] != NULL && rmc_same_app(node, node->qps[i]->owner, s)) {
			__atomic_store_n(&node->qps[i]->itt_cap, cap, __ATOMIC_RELAXED);
			__atomic_store_n(&node->qps[i]->proto_cap, pcap, __ATOMIC_RELAXED);
		}
}

int
rmc_app_admin_allowed(const struct rte_rmc_node *node)
{
	return (node->conf.flags & RTE_RMC_NODE_F_ALLOW_APP_ADMIN) ? 0 : -EPERM;
}
