/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The protocol's recovery, made deterministic: a message driver of the test
 * ("test_fault", in-process queues) that duplicates every request, or drops
 * the first reply to every request (to one chunk of a large one), or replays
 * an old request long after, or swallows everything. Atomics must be applied
 * exactly once in every case, and a destination that never answers must give
 * node-down.
 */

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <rte_cycles.h>
#include <rte_malloc.h>
#include <rte_spinlock.h>

#include "rmc_app.h"
#include "rmc_ctl_msg.h"
#include "rmc_driver.h"
#include "rmc_test.h"

#define FAULT_NODES 2
#define FAULT_PAYLOAD 4096
#define FAULT_QUEUE 16384

struct fault_msg {
	struct rmc_proto_hdr hdr;
	uint16_t from;
	uint8_t payload[FAULT_PAYLOAD];
};

static struct {
	rte_spinlock_t lock;
	struct fault_msg *q[FAULT_NODES][FAULT_QUEUE];
	uint32_t head[FAULT_NODES];
	uint32_t tail[FAULT_NODES];
	int dup_requests;      /* deliver every request twice */
	int drop_first_reply;  /* drop the first reply to every request */
	int black_hole;        /* deliver nothing at all */
	int hold;              /* swallow the first request seen (and its resends) */
	uint64_t held_tid;
	int have_held;
	int hold_replies;      /* keep replies in 'held' until the test delivers them */
	struct fault_msg *held[64];
	uint32_t nb_held;
	uint32_t dropped_gen[4096]; /* per requester ITT index: generation dropped */
	struct fault_msg captured;  /* the first FAA request seen */
	int have_captured;
	struct fault_msg captured_w; /* the first write request seen */
	int have_captured_w;
} F;

static void
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

/* Called with the lock held. */
static int
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

struct fault_env {
	struct rmc_test_cluster c;
	struct rte_rmc_lbuf lb;
	struct rte_rmc_qp *qp;
	uint64_t *remote;
};

static int
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
static int
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

static int
dup_requests(void)
{
	struct rte_rmc_fabric_stats s0, s1;
	struct fault_env e;
	uint8_t *l;
	uint64_t old;
	unsigned int i;

	RMC_TEST_ASSERT(fault_start(&e, "t_dup", 0) == 0, "cluster");
	F.dup_requests = 1;
	RMC_TEST_ASSERT(faa_run(&e, 0, 0, 100) == TEST_SUCCESS, "faa with duplicates");
	/* CAS too: the duplicate of a successful CAS must not fail it afterwards. */
	e.remote[1] = 5;
	for (i = 0; i < 50; i++) {
		RMC_TEST_ASSERT_STATUS(rte_rmc_cas_sync(e.qp, &e.lb, 0, 1, 0, 8, 5 + i, 6 + i,
			&old, 0), RTE_RMC_STATUS_OK);
		RMC_TEST_ASSERT_EQ(old, 5 + i, "cas %u", i);
	}
	RMC_TEST_ASSERT_EQ(e.remote[1], 55, "every cas applied once");
	/* Writes and reads of many chunks, each chunk delivered twice. */
	l = e.lb.addr;
	for (i = 0; i < 40000; i++)
		l[i] = (uint8_t)(i * 13);
	RMC_TEST_ASSERT_STATUS(rte_rmc_write_sync(e.qp, &e.lb, 0, 1, 0, 4096, 40000, 0),
		RTE_RMC_STATUS_OK);
	RMC_TEST_ASSERT(memcmp((uint8_t *)e.remote + 4096, l, 40000) == 0, "write");
	memset(l, 0, 40000);
	RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(e.qp, &e.lb, 0, 1, 0, 4096, 40000, 0),
		RTE_RMC_STATUS_OK);
	RMC_TEST_ASSERT(memcmp((uint8_t *)e.remote + 4096, l, 40000) == 0, "read");
	RMC_TEST_ASSERT(rte_rmc_node_fabric_stats(e.c.node[0], &s0) == 0 &&
		rte_rmc_node_fabric_stats(e.c.node[1], &s1) == 0, "stats");
	/* At least: a resend after a scheduling hiccup adds its own duplicate. */
	RMC_TEST_ASSERT(s1.dup_replayed >= 150, "every duplicated atomic answered from the "
		"window (%" PRIu64 ")", s1.dup_replayed);
	RMC_TEST_ASSERT(s0.rep_stale > 0, "duplicate replies dropped by the requester");
	rmc_test_cluster_stop(&e.c);
	fault_reset();
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(proto_dup_autotest, dup_requests,
	.suite = "fabric", .timeout = 120, .no_huge = 1);

static int
lost_replies(void)
{
	struct rte_rmc_fabric_stats s0, s1;
	struct fault_env e;
	uint8_t *l;
	unsigned int i;

	RMC_TEST_ASSERT(fault_start(&e, "t_lostrep", 0) == 0, "cluster");
	F.drop_first_reply = 1;
	/* Each FAA is applied, its reply lost, the request resent and answered from the window. */
	RMC_TEST_ASSERT(faa_run(&e, 2, 0, 60) == TEST_SUCCESS, "faa with lost replies");
	l = e.lb.addr;
	for (i = 0; i < 20000; i++)
		l[i] = (uint8_t)(i * 3);
	RMC_TEST_ASSERT_STATUS(rte_rmc_write_sync(e.qp, &e.lb, 0, 1, 0, 8192, 20000, 0),
		RTE_RMC_STATUS_OK);
	memset(l, 0, 20000);
	RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(e.qp, &e.lb, 0, 1, 0, 8192, 20000, 0),
		RTE_RMC_STATUS_OK);
	for (i = 0; i < 20000; i++)
		RMC_TEST_ASSERT_EQ(l[i], (uint8_t)(i * 3), "byte %u", i);
	RMC_TEST_ASSERT(rte_rmc_node_fabric_stats(e.c.node[0], &s0) == 0 &&
		rte_rmc_node_fabric_stats(e.c.node[1], &s1) == 0, "stats");
	RMC_TEST_ASSERT(s1.dup_replayed >= 60, "each atomic replayed, applied once (%" PRIu64 ")",
		s1.dup_replayed);
	/* 60 atomics and one chunk of the write and of the read lost a reply each. */
	RMC_TEST_ASSERT(s0.req_resent >= 60 + 2, "requests resent after their time-out (%" PRIu64
		")", s0.req_resent);
	rmc_test_cluster_stop(&e.c);
	fault_reset();
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(proto_lost_reply_autotest, lost_replies,
	.suite = "fabric", .timeout = 120, .no_huge = 1);

/* An old copy of an atomic, delivered after its ITT slot moved on, is not applied. */
static int
stale_copy(void)
{
	struct rte_rmc_fabric_stats before, after;
	struct fault_env e;
	uint64_t value;

	RMC_TEST_ASSERT(fault_start(&e, "t_stale", 0) == 0, "cluster");
	/* Enough atomics that every ITT slot is used again with a newer generation. */
	RMC_TEST_ASSERT(faa_run(&e, 3, 0, 2100) == TEST_SUCCESS, "faa");
	RMC_TEST_ASSERT(F.have_captured, "first request captured");
	value = e.remote[3];
	RMC_TEST_ASSERT(rte_rmc_node_fabric_stats(e.c.node[1], &before) == 0, "stats");
	rte_spinlock_lock(&F.lock);
	fault_push(1, &F.captured);
	rte_spinlock_unlock(&F.lock);
	/* A request after it on the same queue: once done, the stray copy was handled. */
	RMC_TEST_ASSERT(faa_run(&e, 4, 0, 1) == TEST_SUCCESS, "next faa");
	RMC_TEST_ASSERT(rte_rmc_node_fabric_stats(e.c.node[1], &after) == 0, "stats");
	RMC_TEST_ASSERT_EQ(e.remote[3], value, "the stray copy was not applied");
	RMC_TEST_ASSERT_EQ((after.bad_msg + after.dup_replayed) -
		(before.bad_msg + before.dup_replayed), 1, "the stray copy was recognised");
	rmc_test_cluster_stop(&e.c);
	fault_reset();
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(proto_stale_copy_autotest, stale_copy,
	.suite = "fabric", .timeout = 120, .no_huge = 1);

/* Deliver a copy of a captured request to node 1, as a transport that kept one would. */
static void
fault_replay(const struct fault_msg *m)
{
	rte_spinlock_lock(&F.lock);
	fault_push(1, m);
	rte_spinlock_unlock(&F.lock);
}

/*
 * A copy of write W1 delayed until after W1 completed and W2 wrote the same
 * bytes: applying it would undo W2. The destination applies a write chunk at
 * most once, so the bytes stay W2's.
 */
static int
stale_write(void)
{
	struct rte_rmc_fabric_stats before, after;
	uint8_t *l, *r, want[256];
	struct fault_env e;

	RMC_TEST_ASSERT(fault_start(&e, "t_stalew", 0) == 0, "cluster");
	l = e.lb.addr;
	r = (uint8_t *)e.remote + 8192;
	memset(l, 0x11, sizeof(want));
	RMC_TEST_ASSERT_STATUS(rte_rmc_write_sync(e.qp, &e.lb, 0, 1, 0, 8192, sizeof(want), 0),
		RTE_RMC_STATUS_OK);
	RMC_TEST_ASSERT(F.have_captured_w, "W1 captured");
	memset(l, 0x22, sizeof(want));
	RMC_TEST_ASSERT_STATUS(rte_rmc_write_sync(e.qp, &e.lb, 0, 1, 0, 8192, sizeof(want), 0),
		RTE_RMC_STATUS_OK);
	memset(want, 0x22, sizeof(want));
	RMC_TEST_ASSERT(memcmp(r, want, sizeof(want)) == 0, "W2 written");
	RMC_TEST_ASSERT(rte_rmc_node_fabric_stats(e.c.node[1], &before) == 0, "stats");
	fault_replay(&F.captured_w);
	/* A request after it on the same queue: once done, the stale copy was handled. */
	RMC_TEST_ASSERT(faa_run(&e, 7, 0, 1) == TEST_SUCCESS, "next faa");
	RMC_TEST_ASSERT(rte_rmc_node_fabric_stats(e.c.node[1], &after) == 0, "stats");
	RMC_TEST_ASSERT(memcmp(r, want, sizeof(want)) == 0,
		"the bytes are W2's after the stale copy of W1 (first byte 0x%02x)", r[0]);
	RMC_TEST_ASSERT_EQ((after.bad_msg + after.dup_replayed) -
		(before.bad_msg + before.dup_replayed), 1, "the stale copy was recognised");
	rmc_test_cluster_stop(&e.c);
	fault_reset();
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(proto_stale_write_autotest, stale_write,
	.suite = "fabric", .timeout = 120, .no_huge = 1);

/*
 * A message of the requester's previous life (an older epoch) is not served
 * and leaves the window of the current one: a copy of an applied FAA that
 * follows it is still answered from the window, not applied again.
 */
static int
old_epoch(void)
{
	struct rte_rmc_fabric_stats before, after;
	struct fault_msg old;
	struct fault_env e;

	RMC_TEST_ASSERT(fault_start(&e, "t_oldep", 0) == 0, "cluster");
	RMC_TEST_ASSERT(faa_run(&e, 5, 0, 1) == TEST_SUCCESS, "faa");
	RMC_TEST_ASSERT(F.have_captured, "first request captured");
	RMC_TEST_ASSERT(rte_rmc_node_fabric_stats(e.c.node[1], &before) == 0, "stats");
	old = F.captured;
	old.hdr.src_epoch--;
	fault_replay(&old);
	fault_replay(&F.captured);
	RMC_TEST_ASSERT(faa_run(&e, 6, 0, 1) == TEST_SUCCESS, "next faa");
	RMC_TEST_ASSERT(rte_rmc_node_fabric_stats(e.c.node[1], &after) == 0, "stats");
	RMC_TEST_ASSERT_EQ(e.remote[5], 1, "the FAA applied once, whatever copies followed");
	RMC_TEST_ASSERT_EQ(after.bad_msg - before.bad_msg, 1, "the old-epoch copy not served");
	RMC_TEST_ASSERT_EQ(after.dup_replayed - before.dup_replayed, 1,
		"the current copy answered from the window");
	rmc_test_cluster_stop(&e.c);
	fault_reset();
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(proto_old_epoch_autotest, old_epoch,
	.suite = "fabric", .timeout = 120, .no_huge = 1);

/* A destination that never answers: node-down after the protocol time-out. */
static int
black_hole(void)
{
	struct rte_rmc_fabric_stats st;
	struct timespec t0, t1;
	struct fault_env e;
	double ms;

	RMC_TEST_ASSERT(fault_start(&e, "t_hole", 200) == 0, "cluster");
	RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(e.qp, &e.lb, 0, 1, 0, 0, 64, 0),
		RTE_RMC_STATUS_OK);
	F.black_hole = 1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(e.qp, &e.lb, 0, 1, 0, 0, 64, 0),
		RTE_RMC_STATUS_NODE_DOWN);
	RMC_TEST_ASSERT_STATUS(rte_rmc_faa_sync(e.qp, &e.lb, 0, 1, 0, 0, 1, NULL, 0),
		RTE_RMC_STATUS_NODE_DOWN);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
	printf("two requests to a silent node failed with node-down in %.0f ms "
		"(time-out 200 ms each)\n", ms);
	RMC_TEST_ASSERT(rte_rmc_node_fabric_stats(e.c.node[0], &st) == 0 && st.node_down == 2,
		"counted");
	F.black_hole = 0;
	RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(e.qp, &e.lb, 0, 1, 0, 0, 64, 0),
		RTE_RMC_STATUS_OK);
	rmc_test_cluster_stop(&e.c);
	fault_reset();
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(proto_black_hole_autotest, black_hole,
	.suite = "fabric", .timeout = 120, .no_huge = 1);

/* Wait until nothing drains on the node; its usage in *u. */
static int
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

/*
 * An application dies with a read held by its peer: its QP and buffer drain
 * in the background. Before the read is let go, another application attaches
 * and completes a request, and the dead one's buffer is still mapped (the
 * late reply may still be copied into it); after, all of it is freed.
 */
static int
dead_app_draining(void)
{
	struct rte_rmc_lbuf la, lb;
	struct rte_rmc_session *a, *b;
	struct rte_rmc_qp *qa, *qb;
	struct rte_rmc_usage u;
	struct fault_env e;
	unsigned int i;

	RMC_TEST_ASSERT(fault_start(&e, "t_dead", 60000) == 0, "cluster");
	a = rte_rmc_attach("t_dead", 0, NULL);
	RMC_TEST_ASSERT(a != NULL && rte_rmc_lbuf_register(a, 1 << 16, &la) == 0, "app a");
	qa = rte_rmc_qp_create(a, 16);
	RMC_TEST_ASSERT(qa != NULL, "qp a");
	for (i = 0; i < 4096; i++)
		((uint8_t *)e.remote)[i] = (uint8_t)(i * 7);
	F.hold = 1;
	RMC_TEST_ASSERT(rte_rmc_read(qa, &la, 0, 1, 0, 0, 4096, 1, 0) >= 0, "read posted");
	for (i = 0; i < 100000 && !__atomic_load_n(&F.have_held, __ATOMIC_ACQUIRE); i++)
		rte_delay_us_sleep(100);
	RMC_TEST_ASSERT(F.have_held, "the read reached the fabric and is held");
	rte_rmc_detach(a); /* gone with its read in flight */
	b = rte_rmc_attach("t_dead", 0, NULL);
	RMC_TEST_ASSERT(b != NULL && rte_rmc_lbuf_register(b, 1 << 16, &lb) == 0, "app b");
	qb = rte_rmc_qp_create(b, 16);
	RMC_TEST_ASSERT(qb != NULL, "qp b");
	RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(qb, &lb, 0, 1, 0, 0, 4096, 0),
		RTE_RMC_STATUS_OK);
	RMC_TEST_ASSERT(memcmp(lb.addr, e.remote, 4096) == 0, "b read the data");
	RMC_TEST_ASSERT(rte_rmc_node_usage_get(e.c.node[0], &u) == 0, "usage");
	printf("while a's read is held: %u QP(s) and %u buffer(s) draining\n",
		u.qps_draining, u.lbufs_draining);
	RMC_TEST_ASSERT_EQ(u.qps_draining, 1, "a's QP drains");
	RMC_TEST_ASSERT_EQ(u.lbufs_draining, 1, "a's buffer is still mapped while its read "
		"may land in it");
	rte_spinlock_lock(&F.lock);
	F.hold = 0;
	rte_spinlock_unlock(&F.lock);
	RMC_TEST_ASSERT(wait_drained(e.c.node[0], &u) == 0, "a's QP and buffer freed once its "
		"read completed (%u QPs, %u buffers draining)", u.qps_draining,
		u.lbufs_draining);
	RMC_TEST_ASSERT_EQ(u.lbufs, 2, "the buffers of e and b remain");
	RMC_TEST_ASSERT_EQ(u.qps, 2, "the QPs of e and b remain");
	RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(qb, &lb, 0, 1, 0, 0, 64, 0), RTE_RMC_STATUS_OK);
	rte_rmc_detach(b);
	rmc_test_cluster_stop(&e.c);
	fault_reset();
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(teardown_draining_autotest, dead_app_draining,
	.suite = "fabric", .timeout = 120, .no_huge = 1);

/*
 * A sync call times out while its read is held: its WQ slot is not used again
 * until the late completion is back, which is then dropped, never returned
 * as the completion of the next request on that slot.
 */
static int
late_completion(void)
{
	struct fault_env e;
	uint64_t old;
	unsigned int i;

	RMC_TEST_ASSERT(fault_start(&e, "t_late", 60000) == 0, "cluster");
	e.remote[16] = 1000;
	F.hold = 1;
	RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(e.qp, &e.lb, 0, 1, 0, 0, 64, 20000),
		RTE_RMC_STATUS_TIMED_OUT);
	RMC_TEST_ASSERT(F.have_held, "the read is held by the fabric");
	/* Slots 1..15: served at once. */
	for (i = 1; i < 16; i++) {
		RMC_TEST_ASSERT_STATUS(rte_rmc_faa_sync(e.qp, &e.lb, 64, 1, 0, 128, 1, &old, 0),
			RTE_RMC_STATUS_OK);
		RMC_TEST_ASSERT_EQ(old, 1000 + i - 1, "faa on slot %u", i);
	}
	/* Slot 0 again: still the timed-out read's, so nothing is posted on it. */
	RMC_TEST_ASSERT(rte_rmc_faa(e.qp, &e.lb, 64, 1, 0, 128, 1, 77, 0) == -ENOSPC,
		"the slot of a request still in the RMC is not reused");
	RMC_TEST_ASSERT_EQ(e.remote[16], 1015, "nothing more applied");
	rte_spinlock_lock(&F.lock);
	F.hold = 0;
	rte_spinlock_unlock(&F.lock);
	/* Waits for the slot (the late read completes), then uses it. */
	RMC_TEST_ASSERT_STATUS(rte_rmc_faa_sync(e.qp, &e.lb, 64, 1, 0, 128, 1, &old, 0),
		RTE_RMC_STATUS_OK);
	RMC_TEST_ASSERT_EQ(old, 1015, "the faa got its own completion, not the late read's");
	RMC_TEST_ASSERT_EQ(e.remote[16], 1016, "applied once");
	RMC_TEST_ASSERT_EQ(rte_rmc_qp_outstanding(e.qp), 0, "nothing left outstanding");
	rmc_test_cluster_stop(&e.c);
	fault_reset();
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(late_completion_autotest, late_completion,
	.suite = "fabric", .timeout = 120, .no_huge = 1);

/*
 * A read's reply, held by the transport while its application detaches or,
 * with 'free_only', frees the buffer while its QP lives (RMC_CTL_LBUF_FREE,
 * as a hostile application may); another session registers a buffer and
 * fills it with a sentinel. The late reply must land nowhere else: no crash,
 * the other session's buffer unchanged; it lands in the buffer the node
 * keeps, draining, for the request, or the request is aborted.
 */
static int
late_reply(int free_only)
{
	struct rte_rmc_fabric_stats before, after;
	struct rte_rmc_session *s2 = NULL;
	struct rte_rmc_lbuf lb2;
	struct rmc_ctl_msg m;
	struct rte_rmc_usage u;
	struct fault_env e;
	uint32_t i, n;
	uint8_t *b;

	RMC_TEST_ASSERT(fault_start(&e, "t_late", 60000) == 0, "cluster");
	memset(e.remote, 0xab, 8192);
	F.hold_replies = 1;
	RMC_TEST_ASSERT(rte_rmc_read(e.qp, &e.lb, 0, 1, 0, 0, 4096, 1, 0) == 0, "read posted");
	for (i = 0; i < 60000 && __atomic_load_n(&F.nb_held, __ATOMIC_ACQUIRE) == 0; i++)
		rte_delay_ms(1);
	RMC_TEST_ASSERT(F.nb_held > 0, "the reply is held");
	if (free_only) {
		/* Freed with the request still in flight. */
		rmc_ctl_init(&m, RMC_CTL_LBUF_FREE);
		m.u.seg.id = e.lb.id;
		RMC_TEST_ASSERT(rmc_ctl_call(e.c.sess[0]->fd, &m, -1, NULL) == 0 &&
			m.result == 0, "buffer freed (%d)", m.result);
	} else {
		/* The owner goes with its request in flight. */
		rte_rmc_detach(e.c.sess[0]);
		e.c.sess[0] = NULL;
	}
	/*
	 * Teardown is asynchronous: the buffer is withdrawn at once and kept,
	 * draining, while a request of its owner may still use it.
	 */
	do {
		rte_delay_ms(10);
		RMC_TEST_ASSERT(rte_rmc_node_usage_get(e.c.node[0], &u) == 0, "usage");
	} while (u.lbufs_draining != 1 || u.apps != (free_only ? 1u : 0u));
	s2 = rte_rmc_attach(e.c.name, 0, NULL);
	RMC_TEST_ASSERT(s2 != NULL, "second application attached");
	RMC_TEST_ASSERT(rte_rmc_lbuf_register(s2, 1 << 16, &lb2) == 0, "its buffer");
	b = lb2.addr;
	memset(b, 0x5a, 1 << 16);
	RMC_TEST_ASSERT(rte_rmc_node_fabric_stats(e.c.node[0], &before) == 0, "stats");
	rte_spinlock_lock(&F.lock);
	n = F.nb_held;
	for (i = 0; i < n; i++)
		fault_push(0, F.held[i]);
	rte_spinlock_unlock(&F.lock);
	/* Handled once counted, as received (late ones: stale) or aborted. */
	do {
		rte_delay_ms(1);
		RMC_TEST_ASSERT(rte_rmc_node_fabric_stats(e.c.node[0], &after) == 0, "stats");
	} while (after.rep_recv + after.rep_stale + after.bad_msg <
		before.rep_recv + before.rep_stale + before.bad_msg + n);
	for (i = 0; i < 1u << 16; i++)
		RMC_TEST_ASSERT_EQ(b[i], 0x5a, "byte %u of the other application's buffer", i);
	/* It landed in the buffer kept for it, or was aborted: nowhere else. */
	RMC_TEST_ASSERT_EQ(after.rep_recv - before.rep_recv, 1, "the reply was taken once");
	printf("late reply: %s\n", after.rep_aborted > before.rep_aborted ?
		"the request aborted" : "landed in the buffer kept for it");
	rte_rmc_detach(s2);
	rmc_test_cluster_stop(&e.c);
	fault_reset();
	return TEST_SUCCESS;
}

static int
late_reply_detached(void)
{
	return late_reply(0);
}
RMC_REGISTER_TEST(proto_late_reply_autotest, late_reply_detached,
	.suite = "reliability", .timeout = 120, .no_huge = 1);

static int
late_reply_freed(void)
{
	return late_reply(1);
}
RMC_REGISTER_TEST(proto_late_reply_freed_autotest, late_reply_freed,
	.suite = "reliability", .timeout = 120, .no_huge = 1);

/* A peer that speaks another protocol version is refused at hello, both versions named. */
static int
version_refused(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char dir[PATH_MAX], want[RMC_CTL_TEXT_MAX];
	struct rmc_ctl_msg m;
	struct fault_env e;
	int fd, ret;

	RMC_TEST_ASSERT(fault_start(&e, "t_version", 0) == 0, "cluster");
	RMC_TEST_ASSERT(rte_rmc_cluster_dir(e.c.name, dir, sizeof(dir)) == 0, "dir");
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/node0.sock", dir);
	fd = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	RMC_TEST_ASSERT(fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0,
		"connect to %s", sa.sun_path);
	rmc_ctl_init(&m, RMC_CTL_HELLO);
	snprintf(m.u.hello.cluster, sizeof(m.u.hello.cluster), "%s", e.c.name);
	m.u.hello.pid = getpid();
	m.u.hello.role = RMC_ROLE_PEER;
	m.u.hello.node_id = 1;
	m.u.hello.node_count = 2;
	snprintf(m.u.hello.driver, sizeof(m.u.hello.driver), "test_fault");
	m.u.hello.proto_version = RMC_PROTO_VERSION + 1;
	ret = rmc_ctl_call(fd, &m, -1, NULL);
	close(fd);
	RMC_TEST_ASSERT(ret == 0, "an answer (%d)", ret);
	RMC_TEST_ASSERT_EQ(m.result, -EPROTO, "refused");
	snprintf(want, sizeof(want), "node 0 speaks version %u, node 1 speaks %u",
		RMC_PROTO_VERSION, RMC_PROTO_VERSION + 1);
	printf("refusal: %s\n", m.u.text);
	RMC_TEST_ASSERT(strstr(m.u.text, want) != NULL, "both versions named: '%s'", m.u.text);
	/* The node serves on: its own session still completes a request. */
	RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(e.qp, &e.lb, 0, 1, 0, 0, 64, 0),
		RTE_RMC_STATUS_OK);
	rmc_test_cluster_stop(&e.c);
	fault_reset();
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(proto_version_refused_autotest, version_refused,
	.suite = "reliability", .timeout = 60, .no_huge = 1);
