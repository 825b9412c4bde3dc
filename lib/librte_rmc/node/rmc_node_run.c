/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * Running a node: one pass of its RMC, the pass on a dedicated lcore or as a
 * service, quiescence (waiting until no pass can still use what the control
 * side unpublished), peers up and down, and stopping the RMC.
 */

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_errno.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_memory.h>
#include <rte_pause.h>
#include <rte_service.h>
#include <rte_service_component.h>

#include "rmc_ctl_msg.h"
#include "rmc_private.h"
#include "rmc_rcp.h"
#include "rmc_proto.h"

/*
 * One pass of the RMC: serve the QPs, let a message driver work, and report a
 * quiescent state (the end of a pass holds no reference to anything the
 * control side may unpublish). Returns the work done, counting a request that
 * waits for its start time (latency model) as work so that the idle policy
 * keeps polling until it starts.
 */
int
rmc_node_pass(struct rte_rmc_node *node)
{
	int work = 0, pending;

	work += rmc_rgp_poll(node);
	if (node->proto != NULL)
		work += rmc_proto_poll(node);
	if (node->drv->poll != NULL)
		work += node->drv->poll(node);
	__atomic_store_n(&node->qs_seen, __atomic_load_n(&node->qs_token, __ATOMIC_ACQUIRE),
		__ATOMIC_RELEASE);
	/* One writer: a plain store, no locked increment. */
	__atomic_store_n(&node->epoch, node->epoch + 1, __ATOMIC_RELEASE);
	/*
	 * A message driver's request held until its start time (here, or a
	 * peer's at this destination) needs another RMC or the application
	 * right after it: on a small host they may share this CPU, so let them
	 * run while only waiting. shm executes at the start time itself and
	 * keeps spinning.
	 */
	pending = rmc_latency_pending(node) != 0 || rmc_proto_holding(node);
	if (pending && node->proto != NULL && work == 0)
		sched_yield();
	return work + pending;
}

/*
 * For callers outside the node's own loop: announced with a full barrier, so
 * that rmc_node_quiesce() sees a pass in progress even when no loop runs.
 */
int
rte_rmc_node_poll(struct rte_rmc_node *node)
{
	int work;

	__atomic_exchange_n(&node->in_poll, 1, __ATOMIC_SEQ_CST);
	work = rmc_node_pass(node);
	__atomic_store_n(&node->in_poll, 0, __ATOMIC_RELEASE);
	return work;
}

/*
 * Wait until no pass of the RMC can still use something the caller has just
 * unpublished (quiescent-state based, as DPDK's RCU QSBR): bump the token with
 * a full barrier, then wait until a pass has ended after seeing it. The RMC
 * loop pays no atomic read-modify-write or fence for this, only one load and
 * one store per pass. When no loop runs, only a rte_rmc_node_poll() call in
 * progress is waited for.
 */
int
rmc_node_quiesce(struct rte_rmc_node *node)
{
	uint64_t deadline = rmc_now_ns() + 2000000000ull;
	uint64_t t;

	t = __atomic_add_fetch(&node->qs_token, 1, __ATOMIC_SEQ_CST);
	while (__atomic_load_n(&node->qs_seen, __ATOMIC_ACQUIRE) < t) {
		rmc_node_wake(node); /* a sleeping RMC ends no pass */
		if (!__atomic_load_n(&node->rmc_active, __ATOMIC_SEQ_CST) &&
				!__atomic_load_n(&node->in_poll, __ATOMIC_SEQ_CST))
			return 0;
		if (rmc_now_ns() > deadline) {
			RMC_LOG(ERR, "node %u: RMC pass did not end within 2 s", node->pub.id);
			return -ETIMEDOUT;
		}
		rte_pause();
	}
	return 0;
}

void
rmc_node_set_peer_up(struct rte_rmc_node *node, uint16_t nid, int up)
{
	uint64_t bit = UINT64_C(1) << nid;
	uint32_t gen = node->page->peer_gen[nid];

	/* Odd while up; every change bumps it (control thread only). */
	if ((gen & 1) != (up ? 1u : 0u))
		__atomic_store_n(&node->page->peer_gen[nid], gen + 1, __ATOMIC_RELEASE);
	if (up) {
		__atomic_fetch_or(&node->peers_seen, bit, __ATOMIC_ACQ_REL);
		__atomic_fetch_or(&node->peers_up, bit, __ATOMIC_ACQ_REL);
	} else {
		__atomic_fetch_and(&node->peers_up, ~bit, __ATOMIC_ACQ_REL);
	}
}

unsigned int
rte_rmc_node_peers_up(const struct rte_rmc_node *node)
{
	return __builtin_popcountll(__atomic_load_n(&node->peers_up, __ATOMIC_ACQUIRE));
}

int
rte_rmc_node_fabric_stats(const struct rte_rmc_node *node, struct rte_rmc_fabric_stats *st)
{
	struct rmc_proto_stats ps;

	if (node == NULL || st == NULL)
		return -EINVAL;
	if (node->proto == NULL)
		return -ENOTSUP;
	rmc_proto_get_stats(node, &ps);
	st->req_sent = ps.req_sent;
	st->req_resent = ps.req_resent;
	st->rep_recv = ps.rep_recv;
	st->rep_stale = ps.rep_stale;
	st->req_served = ps.req_served;
	st->dup_replayed = ps.dup_replayed;
	st->lost_injected = ps.lost_injected;
	st->tx_refused = ps.tx_refused;
	st->bad_msg = ps.bad_msg;
	st->node_down = ps.node_down;
	st->rep_aborted = ps.rep_aborted;
	return 0;
}

uint16_t
rte_rmc_node_get_id(const struct rte_rmc_node *node)
{
	return node->pub.id;
}

int
rte_rmc_node_wait_peers(struct rte_rmc_node *node, uint32_t timeout_ms)
{
	const struct timespec ts = { .tv_sec = 0, .tv_nsec = 1000000 };
	uint64_t deadline = rmc_now_ns() + (uint64_t)timeout_ms * 1000000;

	while (rte_rmc_node_peers_up(node) + 1u < node->pub.count) {
		if (rmc_now_ns() > deadline)
			return -ETIMEDOUT;
		nanosleep(&ts, NULL);
	}
	return 0;
}

int
rmc_node_rmc_cpu(const struct rte_rmc_node *node)
{
	rte_cpuset_t cs;
	int c, cpu = -1;

	if (!node->launched)
		return -1;
	cs = rte_lcore_cpuset(node->lcore_id);
	if (CPU_COUNT(&cs) != 1)
		return -1;
	for (c = 0; c < CPU_SETSIZE; c++)
		if (CPU_ISSET(c, &cs))
			cpu = c;
	return cpu;
}

/* Announce the loop with a full barrier once; its passes then need none. */
static inline void
rmc_node_activate(struct rte_rmc_node *node)
{
	if (unlikely(!__atomic_load_n(&node->rmc_active, __ATOMIC_RELAXED)))
		__atomic_exchange_n(&node->rmc_active, 1, __ATOMIC_SEQ_CST);
}

static int
rmc_node_lcore_main(void *arg)
{
	struct rte_rmc_node *node = arg;

	rmc_node_activate(node);
	while (!__atomic_load_n(&node->stop_req, __ATOMIC_ACQUIRE)) {
		/* Sleeping: one more pass after saying so (rmc_wake.h), then the futex. */
		if (rmc_idle(node, rmc_node_pass(node)) && rmc_wake_prepare(node))
			rmc_wake_finish(node, rmc_node_pass(node) > 0 ||
				__atomic_load_n(&node->stop_req, __ATOMIC_ACQUIRE));
	}
	return 0;
}

int
rte_rmc_node_launch(struct rte_rmc_node *node, unsigned int lcore_id)
{
	int ret;

	if (node == NULL || node->launched || node->service_registered)
		return -EINVAL;
	__atomic_store_n(&node->stop_req, 0, __ATOMIC_RELEASE);
	__atomic_store_n(&node->rmc_running, 1, __ATOMIC_RELEASE);
	ret = rte_eal_remote_launch(rmc_node_lcore_main, node, lcore_id);
	if (ret < 0) {
		__atomic_store_n(&node->rmc_running, 0, __ATOMIC_RELEASE);
		RMC_LOG(ERR, "cannot launch the RMC of node %u on lcore %u: %s", node->pub.id,
			lcore_id, strerror(-ret));
		return ret;
	}
	node->launched = 1;
	node->lcore_id = lcore_id;
	return 0;
}

static int32_t
rmc_node_service_cb(void *arg)
{
	struct rte_rmc_node *node = arg;

	rmc_node_activate(node);
	return rmc_node_pass(node) > 0 ? 0 : -EAGAIN;
}

int
rte_rmc_node_service_register(struct rte_rmc_node *node, uint32_t *service_id)
{
	struct rte_service_spec spec;
	int ret;

	if (node == NULL || node->launched || node->service_registered)
		return -EINVAL;
	memset(&spec, 0, sizeof(spec));
	snprintf(spec.name, sizeof(spec.name), "rmc_%s_n%u", node->cluster, node->pub.id);
	spec.callback = rmc_node_service_cb;
	spec.callback_userdata = node;
	spec.socket_id = SOCKET_ID_ANY;
	ret = rte_service_component_register(&spec, &node->service_id);
	if (ret < 0)
		return ret;
	rte_service_component_runstate_set(node->service_id, 1);
	rte_service_runstate_set(node->service_id, 1);
	node->service_registered = 1;
	__atomic_store_n(&node->rmc_running, 1, __ATOMIC_RELEASE);
	if (service_id != NULL)
		*service_id = node->service_id;
	return 0;
}

/*
 * A service lcore checks a service's run state, then marks it active, then
 * calls it: rte_service_may_be_active() can say 0 in between. Wait until every
 * service lcore has gone twice round its loop, so that none can still be
 * about to call a node that is being freed (its memory may be reused at once).
 */
static int
rmc_node_service_lcores_settle(uint64_t deadline)
{
	uint32_t lcores[RTE_MAX_LCORE];
	uint64_t loops0[RTE_MAX_LCORE], loops;
	int i, n;

	n = rte_service_lcore_list(lcores, RTE_MAX_LCORE);
	for (i = 0; i < n; i++)
		if (rte_service_lcore_attr_get(lcores[i], RTE_SERVICE_LCORE_ATTR_LOOPS,
				&loops0[i]) < 0)
			loops0[i] = UINT64_MAX;
	for (i = 0; i < n; i++) {
		if (loops0[i] == UINT64_MAX)
			continue;
		while (rte_service_lcore_attr_get(lcores[i], RTE_SERVICE_LCORE_ATTR_LOOPS,
				&loops) == 0 && loops < loops0[i] + 2 &&
				rte_service_lcore_may_be_active(lcores[i]) == 1 &&
				rmc_now_ns() < deadline)
			rte_pause();
	}
	return rmc_now_ns() < deadline ? 0 : -ETIMEDOUT;
}

void
rte_rmc_node_stop(struct rte_rmc_node *node)
{
	uint64_t deadline;

	if (node == NULL)
		return;
	__atomic_store_n(&node->stop_req, 1, __ATOMIC_RELEASE);
	rmc_node_wake(node);
	if (node->launched) {
		rte_eal_wait_lcore(node->lcore_id);
		node->launched = 0;
	}
	if (node->service_registered) {
		rte_service_runstate_set(node->service_id, 0);
		deadline = rmc_now_ns() + 2000000000ull;
		while (rte_service_may_be_active(node->service_id) == 1 &&
				rmc_now_ns() < deadline)
			rte_pause();
		if (rmc_node_service_lcores_settle(deadline) < 0) {
			/* A pass may still run: nothing it uses may be freed. */
			RMC_LOG(ERR, "node %u: its RMC service did not stop within 2 s; the "
				"node's memory is leaked, not freed", node->pub.id);
			__atomic_store_n(&node->stop_unsafe, 1, __ATOMIC_RELEASE);
		}
		rte_service_component_runstate_set(node->service_id, 0);
		rte_service_component_unregister(node->service_id);
		node->service_registered = 0;
	}
	__atomic_store_n(&node->rmc_running, 0, __ATOMIC_RELEASE);
	if (__atomic_load_n(&node->stop_unsafe, __ATOMIC_ACQUIRE))
		return; /* rmc_active stays set: every quiesce fails, nothing is unmapped */
	__atomic_store_n(&node->rmc_active, 0, __ATOMIC_SEQ_CST);
	rmc_proto_abort_all(node);
	rmc_rgp_abort_all(node);
}
