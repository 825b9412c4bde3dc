/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * "test_fault": a message driver of in-process queues with programmable
 * faults, for the protocol's fault tests (test_proto_fault.h).
 */

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rte_malloc.h>

#include "rmc_app.h"
#include "test_proto_fault.h"

struct fault_state F;

void
fault_reset(void)
{
	uint32_t i, j;

	for (i = 0; i < FAULT_NODES; i++)
		for (j = F.head[i]; j != F.tail[i]; j++)
			free(F.q[i][j % FAULT_QUEUE]);
	for (i = 0; i < F.nb_held; i++)
		free(F.held[i]);
	memset(&F, 0, sizeof(F));
	rte_spinlock_init(&F.lock);
}

int
fault_push(uint16_t dst, const struct fault_msg *src)
{
	struct fault_msg *m;

	if (F.tail[dst] - F.head[dst] == FAULT_QUEUE)
		return -1;
	m = malloc(sizeof(*m));
	if (m == NULL)
		return -1;
	memcpy(m, src, sizeof(*m));
	F.q[dst][F.tail[dst]++ % FAULT_QUEUE] = m;
	return 0;
}

static int
fault_init(struct rte_rmc_node *node)
{
	uint16_t i;

	/* Every peer is reachable at once: the queues are always there. */
	for (i = 0; i < rmc_node_count(node); i++)
		if (i != rmc_node_id(node))
			rmc_node_set_peer_up(node, i, 1);
	if (F.lat_by_proto)
		rmc_node_latency_by_proto(node);
	return rmc_node_count(node) <= FAULT_NODES ? 0 : -EINVAL;
}

static void
fault_fini(struct rte_rmc_node *node)
{
	RTE_SET_USED(node);
}

static uint32_t
fault_max_payload(struct rte_rmc_node *node)
{
	RTE_SET_USED(node);
	return FAULT_PAYLOAD;
}

static uint32_t
fault_window(struct rte_rmc_node *node)
{
	RTE_SET_USED(node);
	return 64 * (FAULT_PAYLOAD + RMC_PROTO_HDR_SIZE);
}

static uint16_t
fault_tx(struct rte_rmc_node *node, uint16_t dst, const struct rmc_proto_msg *msgs, uint16_t n)
{
	static struct fault_msg fm;
	uint16_t i;

	rte_spinlock_lock(&F.lock);
	for (i = 0; i < n && !F.black_hole; i++) {
		const struct rmc_proto_hdr *h = &msgs[i].hdr;
		uint32_t idx = (uint32_t)h->tid % RTE_DIM(F.dropped_gen);
		uint32_t gen = h->tid >> 32;

		if (h->type == RMC_PROTO_REQ && F.hold) {
			if (!F.have_held) {
				F.held_tid = h->tid;
				F.have_held = 1;
			}
			if (h->tid == F.held_tid)
				continue;
		}
		if (h->type == RMC_PROTO_REQ) {
			F.req_sent++;
			F.req_timed += (h->flags & RMC_PROTO_F_START) != 0;
		}
		fm.hdr = *h;
		fm.from = rmc_node_id(node);
		if (rmc_proto_payload_len(h) > 0)
			memcpy(fm.payload, msgs[i].payload, rmc_proto_payload_len(h));
		if (h->type == RMC_PROTO_REQ && h->opcode == RTE_RMC_OP_FAA && !F.have_captured) {
			F.captured = fm;
			F.have_captured = 1;
		}
		if (h->type == RMC_PROTO_REQ && h->opcode == RTE_RMC_OP_WRITE && !F.have_captured_w) {
			F.captured_w = fm;
			F.have_captured_w = 1;
		}
		if (h->type == RMC_PROTO_REPLY && F.drop_first_reply && F.dropped_gen[idx] != gen) {
			F.dropped_gen[idx] = gen;
			continue;
		}
		if (h->type == RMC_PROTO_REPLY && F.hold_replies) {
			if (F.nb_held < RTE_DIM(F.held) &&
					(F.held[F.nb_held] = malloc(sizeof(fm))) != NULL)
				memcpy(F.held[F.nb_held++], &fm, sizeof(fm));
			continue;
		}
		fault_push(dst, &fm);
		if (h->type == RMC_PROTO_REQ && F.dup_requests)
			fault_push(dst, &fm);
	}
	rte_spinlock_unlock(&F.lock);
	return n;
}

static uint16_t
fault_rx(struct rte_rmc_node *node, struct rmc_proto_msg *msgs, uint16_t n)
{
	uint16_t id = rmc_node_id(node), i;

	rte_spinlock_lock(&F.lock);
	for (i = 0; i < n && F.head[id] != F.tail[id]; i++) {
		struct fault_msg *m = F.q[id][F.head[id]++ % FAULT_QUEUE];

		msgs[i].hdr = m->hdr;
		msgs[i].payload = m->payload;
		msgs[i].peer = m->from;
		msgs[i].cookie = (uintptr_t)m;
	}
	rte_spinlock_unlock(&F.lock);
	return i;
}

static void
fault_rx_done(struct rte_rmc_node *node, struct rmc_proto_msg *msgs, uint16_t n)
{
	uint16_t i;

	RTE_SET_USED(node);
	for (i = 0; i < n; i++)
		free((void *)msgs[i].cookie);
}

static const struct rmc_transport_ops fault_transport = {
	.max_payload = fault_max_payload,
	.window = fault_window,
	.tx_burst = fault_tx,
	.rx_burst = fault_rx,
	.rx_done = fault_rx_done,
};

static const struct rmc_driver_ops fault_ops = {
	.name = "test_fault",
	.help = "test only: in-process queues with programmable faults",
	.init = fault_init,
	.fini = fault_fini,
	.transport = &fault_transport,
};

RMC_DRIVER_REGISTER(test_fault, fault_ops);

int
fault_start(struct fault_env *e, const char *name, uint32_t timeout_ms)
{
	struct rte_rmc_node_conf nc = { .driver = "test_fault", .proto_timeout_ms = timeout_ms };

	fault_reset();
	if (rmc_test_cluster_start(&e->c, name, 2, 2, &nc) < 0)
		return -1;
	e->remote = rte_rmc_ctx_map(e->c.sess[1], 0, NULL);
	if (e->remote == NULL || rte_rmc_lbuf_register(e->c.sess[0], 1 << 16, &e->lb) < 0)
		return -1;
	e->qp = rte_rmc_qp_create(e->c.sess[0], 16);
	return e->qp == NULL ? -1 : 0;
}

/* FAA +1 'count' times on word 'w' of node 1; each old value must be the previous count. */
int
faa_run(struct fault_env *e, unsigned int w, uint64_t base, unsigned int count)
{
	uint64_t old;
	unsigned int i;

	for (i = 0; i < count; i++) {
		RMC_TEST_ASSERT_STATUS(rte_rmc_faa_sync(e->qp, &e->lb, 0, 1, 0, w * 8, 1, &old, 0),
			RTE_RMC_STATUS_OK);
		RMC_TEST_ASSERT_EQ(old, base + i, "faa %u: old value", i);
	}
	RMC_TEST_ASSERT_EQ(e->remote[w], base + count, "applied exactly %u times", count);
	return TEST_SUCCESS;
}


void
fault_replay(const struct fault_msg *m)
{
	rte_spinlock_lock(&F.lock);
	fault_push(1, m);
	rte_spinlock_unlock(&F.lock);
}


int
wait_drained(struct rte_rmc_node *node, struct rte_rmc_usage *u)
{
	const struct timespec ts = { .tv_sec = 0, .tv_nsec = 1000000 };
	unsigned int i;

	for (i = 0; i < 30000; i++) {
		if (rte_rmc_node_usage_get(node, u) < 0)
			return -1;
		if (u->qps_draining == 0 && u->lbufs_draining == 0)
			return 0;
		nanosleep(&ts, NULL);
	}
	return -1;
}
