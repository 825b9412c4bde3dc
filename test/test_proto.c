/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The protocol between RMCs over the ring transport, in-process: the same
 * statuses as the direct path for the same requests, exact lengths, transfers
 * of many chunks, atomics, out-of-order completions, a random model under 5 %
 * message loss, node-down when a peer goes away and back, and no node-down
 * for a pause of both RMCs or a TSC that steps back.
 */

#include <string.h>
#include <time.h>

#include <rte_cycles.h>
#include <rte_errno.h>

#include "rmc_private.h"
#include "rmc_proto_priv.h"
#include "rmc_test.h"
#include "rmc_test_model.h"

#define CTX_SIZE (1u << 20)

struct req {
	uint8_t op;
	uint16_t nid;
	uint16_t ctx;
	uint64_t off;
	uint64_t len;
	int want;
};

static const struct req table[] = {
	{ RTE_RMC_OP_READ, 1, 0, 0, 8, RTE_RMC_STATUS_OK },
	{ RTE_RMC_OP_READ, 1, 7, 0, 8, RTE_RMC_STATUS_BAD_CTX },
	{ RTE_RMC_OP_READ, 1, 9999, 0, 8, RTE_RMC_STATUS_BAD_CTX },
	{ RTE_RMC_OP_READ, 1, 0, CTX_SIZE - 4, 8, RTE_RMC_STATUS_OUT_OF_BOUNDS },
	{ RTE_RMC_OP_WRITE, 1, 0, UINT64_MAX - 2, 8, RTE_RMC_STATUS_OUT_OF_BOUNDS },
	{ RTE_RMC_OP_READ, 0, 0, CTX_SIZE, 1, RTE_RMC_STATUS_OUT_OF_BOUNDS },
	{ RTE_RMC_OP_READ, 1, 0, CTX_SIZE - 100, 200000, RTE_RMC_STATUS_OUT_OF_BOUNDS },
	{ RTE_RMC_OP_WRITE, 1, 0, UINT64_MAX - 70000, 140000, RTE_RMC_STATUS_OUT_OF_BOUNDS },
	{ RTE_RMC_OP_WRITE, 1, 1, 0, 8, RTE_RMC_STATUS_PERM },
	{ RTE_RMC_OP_FAA, 1, 1, 0, 8, RTE_RMC_STATUS_PERM },
	{ RTE_RMC_OP_CAS, 1, 1, 8, 8, RTE_RMC_STATUS_PERM },
	{ RTE_RMC_OP_READ, 1, 1, 0, 4096, RTE_RMC_STATUS_OK },
	{ RTE_RMC_OP_READ, 1, 1, 4000, 200, RTE_RMC_STATUS_OUT_OF_BOUNDS },
	{ RTE_RMC_OP_FAA, 1, 0, 4, 8, RTE_RMC_STATUS_UNALIGNED },
	{ RTE_RMC_OP_READ, 1, 0, 0, 0, RTE_RMC_STATUS_BAD_LENGTH },
	{ RTE_RMC_OP_READ, 3, 0, 0, 8, RTE_RMC_STATUS_BAD_NODE },
	{ 9, 1, 0, 0, 8, RTE_RMC_STATUS_BAD_OPCODE },
	{ RTE_RMC_OP_WRITE, 1, 0, 0, CTX_SIZE, RTE_RMC_STATUS_OK },
	{ RTE_RMC_OP_READ, 2, 0, 12345, 100000, RTE_RMC_STATUS_OK },
	{ RTE_RMC_OP_FAA, 2, 0, 64, 8, RTE_RMC_STATUS_OK },
};

static int
run_table(const char *driver)
{
	struct rte_rmc_node_conf nc = { .driver = driver };
	struct rmc_test_cluster c;
	struct rte_rmc_lbuf lb;
	struct rte_rmc_qp *qp;
	struct rte_rmc_wqe w;
	char name[32];
	unsigned int i;

	snprintf(name, sizeof(name), "t_tab_%s", driver);
	RMC_TEST_ASSERT(rmc_test_cluster_start(&c, name, 3, 3, &nc) == 0, "cluster %s", driver);
	RMC_TEST_ASSERT(rte_rmc_node_ctx_create(c.node[1], 1, 4096, RTE_RMC_PERM_RO) == 0, "ro");
	RMC_TEST_ASSERT(rte_rmc_lbuf_register(c.sess[0], CTX_SIZE, &lb) == 0, "lbuf");
	qp = rte_rmc_qp_create(c.sess[0], 16);
	RMC_TEST_ASSERT(qp != NULL, "qp");
	for (i = 0; i < RTE_DIM(table); i++) {
		memset(&w, 0, sizeof(w));
		w.opcode = table[i].op;
		w.dst_nid = table[i].nid;
		w.ctx_id = table[i].ctx;
		w.ctx_offset = table[i].off;
		w.length = table[i].len;
		w.lbuf_id = lb.id;
		if (rte_rmc_exec_sync(qp, &w, 5000000, NULL) != table[i].want) {
			printf("FAIL: driver %s, request %u: status %s, expected %s\n", driver, i,
				rte_rmc_strerror(rte_rmc_exec_sync(qp, &w, 5000000, NULL)),
				rte_rmc_strerror(table[i].want));
			return TEST_FAILED;
		}
	}
	rmc_test_cluster_stop(&c);
	return TEST_SUCCESS;
}

/* The same requests give the same statuses on the direct path and the protocol. */
static int
same_status(void)
{
	RMC_TEST_ASSERT(run_table("shm") == TEST_SUCCESS, "direct path");
	RMC_TEST_ASSERT(run_table("ring") == TEST_SUCCESS, "protocol over rings");
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(proto_status_autotest, same_status,
	.suite = "fabric", .timeout = 120, .no_huge = 1);

static int
ring_data(void)
{
	struct rte_rmc_node_conf nc = { .driver = "ring" };
	struct rte_rmc_completion cpl[16];
	struct rte_rmc_fabric_stats st;
	struct rmc_test_cluster c;
	struct rte_rmc_lbuf lb;
	struct rte_rmc_qp *qp;
	uint8_t *remote, *remote2, *l;
	uint64_t len, i, old, done, *w;
	uint16_t n;

	RMC_TEST_ASSERT(rmc_test_cluster_start(&c, "t_ring", 3, 3, &nc) == 0, "cluster");
	remote = rte_rmc_ctx_map(c.sess[1], 0, NULL);
	remote2 = rte_rmc_ctx_map(c.sess[2], 0, NULL);
	RMC_TEST_ASSERT(remote != NULL && remote2 != NULL, "map");
	RMC_TEST_ASSERT(rte_rmc_lbuf_register(c.sess[0], CTX_SIZE + 4096, &lb) == 0, "lbuf");
	qp = rte_rmc_qp_create(c.sess[0], 16);
	RMC_TEST_ASSERT(qp != NULL, "qp");
	l = lb.addr;
	RMC_TEST_ASSERT(rmc_test_exact_lengths(qp, &lb, remote, 1) == TEST_SUCCESS,
		"exact lengths");
	RMC_TEST_ASSERT(rmc_test_whole_context(qp, &lb, remote, 1, CTX_SIZE) == TEST_SUCCESS,
		"the whole context, in many chunks, both ways");
	/* Atomics, and their old value in the local buffer. */
	w = (uint64_t *)(void *)remote2;
	w[3] = 40;
	RMC_TEST_ASSERT_STATUS(rte_rmc_faa_sync(qp, &lb, 8, 2, 0, 24, 2, &old, 0),
		RTE_RMC_STATUS_OK);
	RMC_TEST_ASSERT(old == 40 && w[3] == 42, "faa");
	RMC_TEST_ASSERT(memcmp(l + 8, &old, 8) == 0, "old value in the local buffer");
	RMC_TEST_ASSERT_STATUS(rte_rmc_cas_sync(qp, &lb, 0, 2, 0, 24, 41, 7, &old, 0),
		RTE_RMC_STATUS_OK);
	RMC_TEST_ASSERT(old == 42 && w[3] == 42, "failed cas");
	RMC_TEST_ASSERT_STATUS(rte_rmc_cas_sync(qp, &lb, 0, 2, 0, 24, 42, 7, &old, 0),
		RTE_RMC_STATUS_OK);
	RMC_TEST_ASSERT(old == 42 && w[3] == 7, "cas");
	/* Many requests in flight to two nodes, large and small, any order. */
	memset(remote2, 0x5a, CTX_SIZE);
	for (i = 0; i < 16; i++) {
		len = i % 2 ? 300000 : 64 + i;
		RMC_TEST_ASSERT(rte_rmc_read(qp, &lb, i * 65536, 1 + i % 2, 0, i * 1000,
			RTE_MIN(len, UINT64_C(65536)), i, 0) >= 0, "post %" PRIu64, i);
	}
	for (done = 0; done < 16;) {
		n = rte_rmc_poll(qp, cpl, RTE_DIM(cpl));
		for (i = 0; i < n; i++)
			RMC_TEST_ASSERT_STATUS(cpl[i].status, RTE_RMC_STATUS_OK);
		done += n;
	}
	for (i = 0; i < 16; i++) {
		len = RTE_MIN(i % 2 ? 300000 : 64 + i, UINT64_C(65536));
		RMC_TEST_ASSERT(memcmp(l + i * 65536, (i % 2 ? remote2 : remote) + i * 1000,
			len) == 0, "async read %" PRIu64, i);
	}
	/* Loopback is served by the node itself. */
	RMC_TEST_ASSERT_STATUS(rte_rmc_write_sync(qp, &lb, 0, 0, 0, 64, 8, 0), RTE_RMC_STATUS_OK);
	RMC_TEST_ASSERT(rte_rmc_node_fabric_stats(c.node[0], &st) == 0, "stats");
	RMC_TEST_ASSERT(st.req_sent > 100 && st.node_down == 0 && st.bad_msg == 0 &&
		st.lost_injected == 0, "node 0 counters");
	RMC_TEST_ASSERT(rte_rmc_node_fabric_stats(c.node[1], &st) == 0 && st.req_served > 0,
		"node 1 served");
	rmc_test_cluster_stop(&c);
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(proto_ring_data_autotest, ring_data,
	.suite = "fabric", .timeout = 120, .no_huge = 1);

/*
 * A write of many chunks that runs past the end of a context fails whole on a
 * message driver, as on the direct path: every chunk is checked against the
 * rest of its request at the destination, whatever chunk arrives first. The
 * whole context is a sentinel: not one byte of it may change.
 */
static int
failed_write_no_effect(void)
{
	struct rte_rmc_node_conf nc = { .driver = "ring" };
	const uint64_t len = 200000, past = 100000;
	struct rmc_test_cluster c;
	struct rte_rmc_lbuf lb;
	struct rte_rmc_qp *qp;
	uint8_t *remote;
	uint64_t i, changed = 0;

	RMC_TEST_ASSERT(rmc_test_cluster_start(&c, "t_oobw", 2, 2, &nc) == 0, "cluster");
	remote = rte_rmc_ctx_map(c.sess[1], 0, NULL);
	RMC_TEST_ASSERT(remote != NULL, "map");
	RMC_TEST_ASSERT(rte_rmc_lbuf_register(c.sess[0], len, &lb) == 0, "lbuf");
	qp = rte_rmc_qp_create(c.sess[0], 16);
	RMC_TEST_ASSERT(qp != NULL, "qp");
	memset(remote, 0xa5, CTX_SIZE);
	memset(lb.addr, 0x11, len);
	RMC_TEST_ASSERT_STATUS(rte_rmc_write_sync(qp, &lb, 0, 1, 0, CTX_SIZE - (len - past), len,
		0), RTE_RMC_STATUS_OUT_OF_BOUNDS);
	/* A request after it: every chunk of the failed one was served or dropped. */
	RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(qp, &lb, 0, 1, 0, 0, 64, 0), RTE_RMC_STATUS_OK);
	for (i = 0; i < CTX_SIZE; i++)
		changed += remote[i] != 0xa5;
	RMC_TEST_ASSERT_EQ(changed, 0, "bytes of the context written by a failed request");
	rmc_test_cluster_stop(&c);
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(proto_failed_write_autotest, failed_write_no_effect,
	.suite = "fabric", .timeout = 120, .no_huge = 1);

/* Random reads, writes, CAS and FAA on 3 nodes with 5 % of messages lost. */
static int
loss_model(void)
{
	struct rte_rmc_node_conf nc = { .driver = "ring", .loss_ppm = 50000 };
	struct rmc_test_model m = { .nodes = 3, .ctx_size = CTX_SIZE, .seed = 777,
		.max_len = 2000, .big_len = 60000, .read_off = 64 };
	uint64_t lost = 0, replayed = 0, resent = 0;
	struct rte_rmc_fabric_stats st;
	struct rmc_test_cluster c;
	struct rte_rmc_lbuf lb;
	unsigned int n;

	RMC_TEST_ASSERT(rmc_test_cluster_start(&c, "t_loss", 3, 3, &nc) == 0, "cluster");
	RMC_TEST_ASSERT(rte_rmc_lbuf_register(c.sess[0], 1 << 17, &lb) == 0, "lbuf");
	m.lb = &lb;
	m.qp = rte_rmc_qp_create(c.sess[0], 16);
	RMC_TEST_ASSERT(m.qp != NULL, "qp");
	RMC_TEST_ASSERT(rmc_test_model_init(&m) == TEST_SUCCESS, "model");
	RMC_TEST_ASSERT(rmc_test_model_run(&m, 6000) == TEST_SUCCESS, "random operations");
	RMC_TEST_ASSERT(rmc_test_model_check(&m, &c) == TEST_SUCCESS, "memory equals the model");
	for (n = 0; n < 3; n++) {
		RMC_TEST_ASSERT(rte_rmc_node_fabric_stats(c.node[n], &st) == 0, "stats");
		lost += st.lost_injected;
		replayed += st.dup_replayed;
		resent += st.req_resent;
		RMC_TEST_ASSERT_EQ(st.node_down, 0, "no request failed");
	}
	printf("6000 operations: %" PRIu64 " messages lost, %" PRIu64 " chunk requests resent, %"
		PRIu64 " atomics answered from the de-duplication window\n", lost, resent,
		replayed);
	/* With thousands of messages at 5 %, recovery was exercised, dedup included. */
	RMC_TEST_ASSERT(lost > 0 && resent > 0 && replayed > 0, "loss recovery exercised");
	rmc_test_cluster_stop(&c);
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(proto_loss_autotest, loss_model,
	.suite = "fabric", .timeout = 120, .no_huge = 1);

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A peer that goes away: node-down promptly; when it is back: served again. */
static int
node_down(void)
{
	struct rte_rmc_attach_opts ao = { .timeout_ms = 5000, .verbose = 0 };
	struct rte_rmc_node_conf nc = { .driver = "ring", .cluster = "t_down", .node_id = 1,
		.node_count = 2, .ctx0_size = CTX_SIZE };
	struct rmc_test_cluster c;
	struct rte_rmc_lbuf lb;
	struct rte_rmc_qp *qp;
	double t0, dt;
	int st;

	RMC_TEST_ASSERT(rmc_test_cluster_start(&c, "t_down", 2, 2, &nc) == 0, "cluster");
	RMC_TEST_ASSERT(rte_rmc_lbuf_register(c.sess[0], 4096, &lb) == 0, "lbuf");
	qp = rte_rmc_qp_create(c.sess[0], 8);
	RMC_TEST_ASSERT(qp != NULL, "qp");
	RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(qp, &lb, 0, 1, 0, 0, 64, 0), RTE_RMC_STATUS_OK);
	rmc_test_cluster_drop(&c, 1);
	t0 = now_s();
	do {
		st = rte_rmc_read_sync(qp, &lb, 0, 1, 0, 0, 64, 0);
	} while (st == RTE_RMC_STATUS_OK && now_s() - t0 < 5);
	dt = now_s() - t0;
	RMC_TEST_ASSERT_STATUS(st, RTE_RMC_STATUS_NODE_DOWN);
	printf("node-down seen %.1f ms after the peer stopped\n", dt * 1000);
	/* Back again: reconnected, served. */
	c.node[1] = rte_rmc_node_create(&nc);
	RMC_TEST_ASSERT(c.node[1] != NULL, "restart: %s", rte_strerror(rte_errno));
	RMC_TEST_ASSERT(rmc_test_cluster_run(&c, 1) == 0, "run");
	c.sess[1] = rte_rmc_attach("t_down", 1, &ao);
	RMC_TEST_ASSERT(c.sess[1] != NULL, "attach");
	RMC_TEST_ASSERT(rte_rmc_node_wait_peers(c.node[0], 5000) == 0, "reconnected");
	RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(qp, &lb, 0, 1, 0, 0, 64, 0), RTE_RMC_STATUS_OK);
	rmc_test_cluster_stop(&c);
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(proto_node_down_autotest, node_down,
	.suite = "fabric", .timeout = 120, .no_huge = 1);

/*
 * A read of 64 B to node 1 in flight on a two-node ring cluster whose RMCs
 * the test polls: node 0 has sent it, node 1 has not run yet.
 */
static int
held_read_start(struct rmc_test_cluster *c, const char *name, uint32_t timeout_ms,
		struct rte_rmc_qp **qp, uint64_t tag)
{
	struct rte_rmc_node_conf nc = { .driver = "ring", .proto_timeout_ms = timeout_ms };
	struct rte_rmc_lbuf lb;
	struct rte_rmc_wqe w;
	unsigned int i;

	RMC_TEST_ASSERT(rmc_test_cluster_start(c, name, 2, 0, &nc) == 0, "cluster");
	RMC_TEST_ASSERT(rte_rmc_node_wait_peers(c->node[0], 5000) == 0, "peers");
	RMC_TEST_ASSERT(rte_rmc_lbuf_register(c->sess[0], 4096, &lb) == 0, "lbuf");
	*qp = rte_rmc_qp_create(c->sess[0], 8);
	RMC_TEST_ASSERT(*qp != NULL, "qp");
	memset(&w, 0, sizeof(w));
	w.opcode = RTE_RMC_OP_READ;
	w.dst_nid = 1;
	w.length = 64;
	w.lbuf_id = lb.id;
	w.user_tag = tag;
	RMC_TEST_ASSERT(rte_rmc_post(*qp, &w) >= 0, "post");
	for (i = 0; i < 10; i++)
		rte_rmc_node_poll(c->node[0]);
	return TEST_SUCCESS;
}

/* Both RMCs run again: the held read completes, OK. */
static int
held_read_finish(struct rmc_test_cluster *c, struct rte_rmc_qp *qp, uint64_t tag)
{
	struct rte_rmc_completion cpl;
	unsigned int i;
	uint16_t n = 0;

	for (i = 0; i < 1000 && n == 0; i++) {
		rte_rmc_node_poll(c->node[0]);
		rte_rmc_node_poll(c->node[1]);
		n = rte_rmc_poll(qp, &cpl, 1);
	}
	RMC_TEST_ASSERT_EQ(n, 1, "no completion");
	RMC_TEST_ASSERT_EQ(cpl.user_tag, tag, "");
	RMC_TEST_ASSERT_STATUS(cpl.status, RTE_RMC_STATUS_OK);
	rmc_test_cluster_stop(c);
	return TEST_SUCCESS;
}

/*
 * Both RMCs stop polling for three protocol time-outs with a request in
 * flight (their CPU taken away, the host paused), then run again: the request
 * completes. The pause is nobody's silence; before rmc_proto_stall() the
 * first pass after it failed the request with node-down before its reply
 * could be read. The test polls the RMCs itself, so that the pause is exact.
 */
static int
stall(void)
{
	const struct timespec pause = { .tv_sec = 0, .tv_nsec = 300000000 };
	struct rmc_test_cluster c;
	struct rte_rmc_qp *qp;

	RMC_TEST_ASSERT(held_read_start(&c, "t_stall", 100, &qp, 7) == TEST_SUCCESS, "start");
	nanosleep(&pause, NULL);
	return held_read_finish(&c, qp, 7);
}
RMC_REGISTER_TEST(proto_stall_autotest, stall,
	.suite = "fabric", .timeout = 120, .no_huge = 1);

/* What the RMC of 'node' sees after the TSC stepped back by 'back' cycles. */
static void
tsc_step_back(struct rte_rmc_node *node, uint64_t back)
{
	struct rmc_proto *p = node->proto;
	struct rmc_proto_txn *t;

	p->last_poll += back;
	p->next_scan += back;
	p->last_yield += back;
	TAILQ_FOREACH(t, &p->active, next) {
		t->last_progress += back;
		t->first_tx += back;
		t->deadline += back;
	}
}

/*
 * The protocol layer when the TSC steps back. A VM's TSC need not be
 * monotonic for a thread the host moves (this project's VMs boot with
 * tsc=unstable, clocksource kvm-clock; no step back was caught here, the
 * guard is for the VMs where it happens). Every TSC the protocol recorded
 * before such a step (the last poll, a request's last progress) is then
 * later than the TSC it reads now. As unsigned differences those gaps
 * wrapped to centuries: each step counted as the longest gap a pass may
 * credit as silence (half the time-out), so two steps within one request's
 * life failed it with node-down, though its peer answered.
 *
 * The steps are made exact by moving every TSC the protocol recorded forward
 * by 15 ms, which is what a step back looks like from the RMC; node 1 runs
 * only after both steps. The time-out is 1 s, node 0 polls alone for about
 * 40 ms (its time-out scans run): before the fix, the steps made that look
 * like more than a second.
 */
static int
tsc_back(void)
{
	const struct timespec tick = { .tv_sec = 0, .tv_nsec = 500000 };
	struct rte_rmc_completion cpl;
	struct rmc_test_cluster c;
	struct rte_rmc_qp *qp;
	unsigned int i, step;
	uint64_t back;

	RMC_TEST_ASSERT(held_read_start(&c, "t_tscback", 1000, &qp, 9) == TEST_SUCCESS, "start");
	back = c.node[0]->pub.tsc_hz / 1000 * 15;
	for (step = 0; step < 2; step++) {
		tsc_step_back(c.node[0], back);
		for (i = 0; i < 40; i++) {
			rte_rmc_node_poll(c.node[0]);
			nanosleep(&tick, NULL);
		}
		RMC_TEST_ASSERT_EQ(rte_rmc_poll(qp, &cpl, 1), 0,
			"completed after a TSC step back (status %u), node 1 never ran",
			cpl.status);
	}
	return held_read_finish(&c, qp, 9);
}
RMC_REGISTER_TEST(proto_tsc_back_autotest, tsc_back,
	.suite = "fabric", .timeout = 120, .no_huge = 1);
