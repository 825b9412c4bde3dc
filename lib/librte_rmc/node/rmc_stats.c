/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * Statistics: adding up what the RMC loop counts per QP (rmc_stats.h) into
 * node and QP figures, resetting by taking a new baseline (the RMC loop is
 * the only writer of the counters and is never stopped for a reset), and
 * the control request through which an attached process reads them.
 *
 * The QP table and the baselines are protected by the node's lock; the
 * counters themselves are loaded without it, as the RMC updates them.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <rte_common.h>

#include "rmc_ctl_msg.h"
#include "rmc_private.h"

#define RMC_STATS_WORDS (sizeof(struct rmc_qp_stats) / sizeof(uint64_t))

static const char *const rmc_op_names[RTE_RMC_STATS_OPS] = {
	[RTE_RMC_OP_NONE] = "invalid",
	[RTE_RMC_OP_READ] = "read",
	[RTE_RMC_OP_WRITE] = "write",
	[RTE_RMC_OP_CAS] = "cas",
	[RTE_RMC_OP_FAA] = "faa",
	[RTE_RMC_OP_SABRE] = "sabre",
};

const char *
rte_rmc_op_name(int opcode)
{
	if (opcode <= RTE_RMC_OP_NONE || opcode >= RTE_RMC_STATS_OPS)
		return rmc_op_names[RTE_RMC_OP_NONE];
	return rmc_op_names[opcode];
}

void
rmc_stats_init(struct rte_rmc_node *node)
{
	node->ns_per_tsc_q20 = node->pub.tsc_hz != 0 ?
		(UINT64_C(1000000000) << 20) / node->pub.tsc_hz : 0;
}

/* Snapshot of a QP's counters, as the RMC loop leaves them. */
static void
rmc_stats_load(const struct rmc_qp_stats *src, struct rmc_qp_stats *dst)
{
	const uint64_t *s = (const uint64_t *)src;
	uint64_t *d = (uint64_t *)dst;
	unsigned int i;

	for (i = 0; i < RMC_STATS_WORDS; i++)
		d[i] = __atomic_load_n(&s[i], __ATOMIC_RELAXED);
}

/* acc += cur - base, word by word. */
static void
rmc_stats_acc_delta(struct rmc_qp_stats *acc, const struct rmc_qp_stats *cur,
		const struct rmc_qp_stats *base)
{
	const uint64_t *c = (const uint64_t *)cur;
	const uint64_t *b = (const uint64_t *)base;
	uint64_t *a = (uint64_t *)acc;
	unsigned int i;

	for (i = 0; i < RMC_STATS_WORDS; i++)
		a[i] += c[i] - b[i];
}

static void
rmc_stats_export(const struct rmc_qp_stats *in, struct rte_rmc_stats *st)
{
	RTE_BUILD_BUG_ON(sizeof(st->requests) != sizeof(in->ops));
	RTE_BUILD_BUG_ON(sizeof(st->completions) != sizeof(in->status));
	RTE_BUILD_BUG_ON(sizeof(st->latency_hist) != sizeof(in->lat_hist));
	memcpy(st->requests, in->ops, sizeof(st->requests));
	memcpy(st->bytes, in->bytes, sizeof(st->bytes));
	memcpy(st->completions, in->status, sizeof(st->completions));
	memcpy(st->latency_hist, in->lat_hist, sizeof(st->latency_hist));
}

/*
 * WQ entries posted and not taken yet: the valid phases that follow the
 * RMC's position. A snapshot, read without disturbing the RMC (it only reads
 * the application's memory, which may change under it).
 */
static uint64_t
rmc_stats_wq_pending(const struct rmc_qp_rt *qp)
{
	uint64_t pos = __atomic_load_n(&qp->wq_head, __ATOMIC_RELAXED);
	uint64_t n;

	for (n = 0; n < qp->depth; n++, pos++)
		if (__atomic_load_n(&qp->wq[pos & qp->mask].phase, __ATOMIC_ACQUIRE) !=
				rte_rmc_phase(pos, qp->depth))
			break;
	return n;
}

/* In-flight figures of a live QP. */
static void
rmc_stats_qp_gauges(const struct rmc_qp_rt *qp, struct rte_rmc_stats *st)
{
	uint64_t tail = __atomic_load_n(&qp->cq_tail, __ATOMIC_RELAXED);
	uint64_t consumed = __atomic_load_n(&qp->hdr->cq_consumed, __ATOMIC_RELAXED);

	st->wq_pending += rmc_stats_wq_pending(qp);
	st->in_flight += __atomic_load_n(&qp->inflight, __ATOMIC_RELAXED);
	/* Inline mode: what the application says it executed itself (untrusted). */
	st->inline_requests += __atomic_load_n(&qp->hdr->inline_requests, __ATOMIC_RELAXED);
	st->inline_bytes += __atomic_load_n(&qp->hdr->inline_bytes, __ATOMIC_RELAXED);
	st->inline_errors += __atomic_load_n(&qp->hdr->inline_errors, __ATOMIC_RELAXED);
	/* The application's counter is untrusted. */
	if (consumed <= tail)
		st->cq_unread += tail - consumed;
	st->nb_qps++;
}

static struct rmc_qp_rt *
rmc_stats_live_qp(struct rte_rmc_node *node, uint32_t i)
{
	struct rmc_qp_rt *qp = __atomic_load_n(&node->qps[i], __ATOMIC_ACQUIRE);

	if (qp == NULL || __atomic_load_n(&qp->state, __ATOMIC_ACQUIRE) != RMC_QP_ACTIVE)
		return NULL;
	return qp;
}

void
rmc_stats_qp_retire(struct rte_rmc_node *node, struct rmc_qp_rt *qp)
{
	struct rmc_qp_stats cur;

	rmc_stats_load(&qp->stats, &cur);
	rmc_stats_acc_delta(&node->retired_stats, &cur, &qp->stats_base);
}

/*
 * Peers' requests the node served (struct rte_rmc_served_stats): the direct
 * driver's sum of its peers' counters, or what the node's RRPP counted, since
 * the last reset; with reset, the current values become the new zero.
 */
static void
rmc_stats_served(struct rte_rmc_node *node, struct rte_rmc_served_stats *st, int reset)
{
	struct rte_rmc_served_stats cur;
	const uint64_t *c, *b;
	uint64_t *o;
	unsigned int i;

	memset(st, 0, sizeof(*st));
	if (node->drv->served != NULL) {
		node->drv->served(node, st, reset);
		return;
	}
	if (node->proto_served == NULL)
		return;
	memcpy(&cur, node->proto_served, sizeof(cur));
	c = (const uint64_t *)&cur;
	b = (const uint64_t *)&node->served_base;
	o = (uint64_t *)st;
	for (i = 0; i < sizeof(*st) / sizeof(uint64_t); i++)
		o[i] = c[i] - b[i];
	if (reset)
		node->served_base = cur;
}

void
rmc_stats_node_get_locked(struct rte_rmc_node *node, struct rte_rmc_stats *st)
{
	uint32_t i, hwm = __atomic_load_n(&node->qp_hwm, __ATOMIC_ACQUIRE);
	struct rmc_qp_stats sum = node->retired_stats;
	struct rmc_qp_stats cur;

	memset(st, 0, sizeof(*st));
	for (i = 0; i < hwm; i++) {
		struct rmc_qp_rt *qp = __atomic_load_n(&node->qps[i], __ATOMIC_ACQUIRE);

		if (qp == NULL)
			continue;
		rmc_stats_load(&qp->stats, &cur);
		rmc_stats_acc_delta(&sum, &cur, &qp->stats_base);
		if (rmc_stats_live_qp(node, i) != NULL)
			rmc_stats_qp_gauges(qp, st);
	}
	rmc_stats_export(&sum, st);
	rmc_stats_served(node, &st->served, 0);
}

void
rmc_stats_node_reset_locked(struct rte_rmc_node *node)
{
	struct rte_rmc_served_stats served;
	uint32_t i, hwm = __atomic_load_n(&node->qp_hwm, __ATOMIC_ACQUIRE);

	for (i = 0; i < hwm; i++) {
		struct rmc_qp_rt *qp = __atomic_load_n(&node->qps[i], __ATOMIC_ACQUIRE);

		if (qp != NULL)
			rmc_stats_load(&qp->stats, &qp->stats_base);
	}
	memset(&node->retired_stats, 0, sizeof(node->retired_stats));
	rmc_stats_served(node, &served, 1);
}

int
rte_rmc_node_stats_get(struct rte_rmc_node *node, struct rte_rmc_stats *st)
{
	if (node == NULL || st == NULL)
		return -EINVAL;
	pthread_mutex_lock(&node->lock);
	rmc_stats_node_get_locked(node, st);
	pthread_mutex_unlock(&node->lock);
	return 0;
}

int
rte_rmc_node_stats_reset(struct rte_rmc_node *node)
{
	if (node == NULL)
		return -EINVAL;
	pthread_mutex_lock(&node->lock);
	rmc_stats_node_reset_locked(node);
	pthread_mutex_unlock(&node->lock);
	return 0;
}

int
rte_rmc_node_qp_list(struct rte_rmc_node *node, uint32_t *ids, unsigned int max)
{
	uint32_t i, hwm;
	unsigned int n = 0;

	if (node == NULL || (ids == NULL && max > 0))
		return -EINVAL;
	pthread_mutex_lock(&node->lock);
	hwm = __atomic_load_n(&node->qp_hwm, __ATOMIC_ACQUIRE);
	for (i = 0; i < hwm; i++) {
		if (rmc_stats_live_qp(node, i) == NULL)
			continue;
		if (n < max)
			ids[n] = i;
		n++;
	}
	pthread_mutex_unlock(&node->lock);
	return n;
}

int
rte_rmc_node_qp_stats_get(struct rte_rmc_node *node, uint32_t qp_id,
		struct rte_rmc_stats *st, uint32_t *depth, uint32_t *owner_pid)
{
	struct rmc_qp_stats cur, sum;
	struct rmc_qp_rt *qp;
	int ret = -ENOENT;

	if (node == NULL || st == NULL)
		return -EINVAL;
	pthread_mutex_lock(&node->lock);
	qp = qp_id < node->max_qps ? rmc_stats_live_qp(node, qp_id) : NULL;
	if (qp != NULL) {
		memset(st, 0, sizeof(*st));
		memset(&sum, 0, sizeof(sum));
		rmc_stats_load(&qp->stats, &cur);
		rmc_stats_acc_delta(&sum, &cur, &qp->stats_base);
		rmc_stats_export(&sum, st);
		rmc_stats_qp_gauges(qp, st);
		if (depth != NULL)
			*depth = qp->depth;
		if (owner_pid != NULL)
			*owner_pid = qp->owner != NULL ? qp->owner->pid : 0;
		ret = 0;
	}
	pthread_mutex_unlock(&node->lock);
	return ret;
}

uint64_t
rte_rmc_stats_hist_samples(const struct rte_rmc_stats *st)
{
	uint64_t total = 0;
	unsigned int i;

	for (i = 0; i < RTE_RMC_STATS_HIST_BUCKETS; i++)
		total += st->latency_hist[i];
	return total;
}

int
rte_rmc_stats_percentile_bucket(const struct rte_rmc_stats *st, double pct)
{
	uint64_t total = rte_rmc_stats_hist_samples(st), seen = 0, want;
	unsigned int i;
	double w;

	if (total == 0)
		return -ENOENT;
	if (pct < 0)
		pct = 0;
	if (pct > 100)
		pct = 100;
	/* The smallest sample count that covers pct percent (rounded up). */
	w = (double)total * pct / 100.0;
	want = (uint64_t)w;
	if ((double)want < w)
		want++;
	if (want == 0)
		want = 1;
	for (i = 0; i < RTE_RMC_STATS_HIST_BUCKETS - 1; i++) {
		seen += st->latency_hist[i];
		if (seen >= want)
			return i;
	}
	return RTE_RMC_STATS_HIST_BUCKETS - 1;
}

uint64_t
rte_rmc_stats_percentile_ns(const struct rte_rmc_stats *st, double pct)
{
	int b = rte_rmc_stats_percentile_bucket(st, pct);

	if (b < 0)
		return 0;
	if (b == RTE_RMC_STATS_HIST_BUCKETS - 1)
		return rte_rmc_stats_hist_lower_ns(b);
	return rte_rmc_stats_hist_lower_ns(b + 1);
}

/*
 * Control request from an attached process: reset, or read the node's (or a
 * QP's) counters. The reply carries them in a small sealed memfd, so that
 * the fixed-size control message does not have to grow with the counters.
 * Runs on the control thread with the node's lock held.
 */
void
rmc_stats_ctl(struct rte_rmc_node *node, struct rmc_client *s, struct rmc_ctl_msg *m)
{
	struct rte_rmc_stats st;
	uint32_t qp_id = m->u.admin.qp_id;
	struct rmc_qp_stats cur, sum;
	struct rmc_qp_rt *qp;
	int fd;

	if (m->u.admin.flags & ~RMC_CTL_STATS_F_RESET) {
		m->result = -EINVAL;
		rmc_ctl_send(s->fd, m, -1);
		return;
	}
	if (m->u.admin.flags & RMC_CTL_STATS_F_RESET) {
		/* The node's totals are every application's: the operator resets them. */
		if (rmc_app_admin_allowed(node) < 0 && s->role != RMC_ROLE_APP_INTERNAL) {
			memset(&m->u, 0, sizeof(m->u));
			m->result = -EPERM;
			snprintf(m->u.text, sizeof(m->u.text), "node statistics are the operator's: "
				"start rmcd with --allow-app-admin to let apps reset");
			rmc_ctl_send(s->fd, m, -1);
			return;
		}
		rmc_stats_node_reset_locked(node);
		m->result = 0;
		rmc_ctl_send(s->fd, m, -1);
		return;
	}
	if (qp_id == RMC_CTL_STATS_NODE) {
		rmc_stats_node_get_locked(node, &st);
	} else {
		qp = qp_id < node->max_qps ? rmc_stats_live_qp(node, qp_id) : NULL;
		if (qp == NULL) {
			memset(&m->u, 0, sizeof(m->u));
			m->result = -ENOENT;
			snprintf(m->u.text, sizeof(m->u.text), "node %u has no QP %u", node->pub.id,
				qp_id);
			rmc_ctl_send(s->fd, m, -1);
			return;
		}
		memset(&st, 0, sizeof(st));
		memset(&sum, 0, sizeof(sum));
		rmc_stats_load(&qp->stats, &cur);
		rmc_stats_acc_delta(&sum, &cur, &qp->stats_base);
		rmc_stats_export(&sum, &st);
		rmc_stats_qp_gauges(qp, &st);
	}
	fd = memfd_create("rmc_stats", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (fd < 0 || write(fd, &st, sizeof(st)) != (ssize_t)sizeof(st) ||
			fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE |
				F_SEAL_SEAL) < 0) {
		memset(&m->u, 0, sizeof(m->u));
		m->result = -errno;
		snprintf(m->u.text, sizeof(m->u.text), "cannot pass statistics: %s",
			strerror(errno));
		rmc_ctl_send(s->fd, m, -1);
		if (fd >= 0)
			close(fd);
		return;
	}
	m->result = 0;
	m->u.admin.flags = sizeof(st); /* lets a reader check the layout */
	rmc_ctl_send(s->fd, m, fd);
	close(fd);
}
