/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The latency model's contract, with no timing upper bound: the test reads
 * its own clock before posting and asserts that nothing is handed over
 * before t + L, on every path of the library (sync, async poll, burst poll,
 * the completions a synchronous call set aside), on the shm and ring drivers;
 * that a completion found after its deadline is counted late; that a fenced
 * request starts only after the earlier deadlines and that a write lands only
 * after t + one-way (both seen at the destination), also when more requests
 * wait at a message driver's destination than it has places for. eth runs the
 * same steps (test_latency_eth.c), its model learned from protocol messages.
 */

#include <string.h>

#include <rte_cycles.h>

#include "rmc_private.h"
#include "rmc_proto.h"
#include "rmc_test.h"
#include "test_latency.h"
#include "rte_rmc_latency.h"

/* Poll until 'want' completions arrived; store them with the TSC they came at. */
static int
wait_cpl(struct rte_rmc_qp *qp, struct rte_rmc_completion *cpl, uint64_t *when,
		unsigned int want)
{
	uint64_t limit = rte_rdtsc() + 20 * rte_get_tsc_hz();
	unsigned int got = 0;

	while (got < want) {
		uint16_t n = rte_rmc_poll(qp, cpl + got, want - got);
		uint64_t now = rte_rdtsc();

		for (uint16_t k = 0; k < n; k++)
			when[got + k] = now;
		got += n;
		if (now > limit)
			return -1;
	}
	return 0;
}

static int
latency_units(void)
{
	uint64_t now = UINT64_C(0x123456789);

	/* The 32 bits of a start time: ahead (up to the bound) or past. */
	RMC_TEST_ASSERT_EQ(rte_rmc_start_tsc((uint32_t)(now + 1000), now), now + 1000, "");
	RMC_TEST_ASSERT_EQ(rte_rmc_start_tsc((uint32_t)now, now), 0, "now is not ahead");
	RMC_TEST_ASSERT_EQ(rte_rmc_start_tsc((uint32_t)(now - 5), now), 0, "past");
	RMC_TEST_ASSERT_EQ(rte_rmc_start_tsc((uint32_t)(now + RTE_RMC_START_AHEAD_MAX), now),
		now + RTE_RMC_START_AHEAD_MAX, "");
	RMC_TEST_ASSERT_EQ(rte_rmc_start_tsc((uint32_t)(now + RTE_RMC_START_AHEAD_MAX + 1),
		now), 0, "beyond the window: past");
	/* Wraps of the low 32 bits. */
	now = UINT64_C(0x1fffffff0);
	RMC_TEST_ASSERT_EQ(rte_rmc_start_tsc((uint32_t)(now + 0x20), now), now + 0x20, "");
	/* Excess buckets: each value in its bucket's range. */
	for (uint64_t v = 0; v < 70000; v += 7) {
		unsigned int b = rte_rmc_lat_bucket(v);

		RMC_TEST_ASSERT(b < RTE_RMC_LAT_HIST_BUCKETS, "bucket");
		RMC_TEST_ASSERT(rte_rmc_lat_bucket_lower(b) <= v, "%" PRIu64 " in %u", v, b);
		if (b + 1 < RTE_RMC_LAT_HIST_BUCKETS)
			RMC_TEST_ASSERT(rte_rmc_lat_bucket_lower(b + 1) > v, "%" PRIu64, v);
	}
	return TEST_SUCCESS;
}

/* Sync, async, burst and the sync-after-async stash: none before t + L. */
static int
never_early(struct rmc_test_cluster *c, struct rte_rmc_qp *qp, const struct rte_rmc_lbuf *lb,
		uint64_t lat_ns)
{
	struct rte_rmc_completion cpl[8];
	struct rte_rmc_wqe w[4];
	uint64_t when[8], t0, t1, L = ns_to_tsc(lat_ns);
	unsigned int i, k;

	for (i = 0; i < 20; i++) {
		t0 = rte_rdtsc();
		RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(qp, lb, 0, 1, 0, 0, 64, 0),
			RTE_RMC_STATUS_OK);
		t1 = rte_rdtsc();
		RMC_TEST_ASSERT(t1 - t0 >= L, "sync read handed over after %.0f ns < %" PRIu64,
			ns_since(t0, t1), lat_ns);
		t0 = rte_rdtsc();
		RMC_TEST_ASSERT_STATUS(rte_rmc_write_sync(qp, lb, 0, 1, 0, 64, 64, 0),
			RTE_RMC_STATUS_OK);
		t1 = rte_rdtsc();
		RMC_TEST_ASSERT(t1 - t0 >= L, "sync write after %.0f ns", ns_since(t0, t1));
		/* Async, one at a time and by rte_rmc_poll(). */
		t0 = rte_rdtsc();
		RMC_TEST_ASSERT(rte_rmc_read(qp, lb, 0, 1, 0, 0, 64, 10, 0) >= 0, "post");
		RMC_TEST_ASSERT(wait_cpl(qp, cpl, when, 1) == 0, "async");
		RMC_TEST_ASSERT(when[0] - t0 >= L, "async read after %.0f ns",
			ns_since(t0, when[0]));
		/* A burst: every one of them. */
		memset(w, 0, sizeof(w));
		for (k = 0; k < 4; k++) {
			w[k].opcode = RTE_RMC_OP_READ;
			w[k].dst_nid = 1;
			w[k].lbuf_id = lb->id;
			w[k].lbuf_offset = 64 * k;
			w[k].ctx_offset = 64 * k;
			w[k].length = 64;
			w[k].user_tag = 20 + k;
		}
		t0 = rte_rdtsc();
		RMC_TEST_ASSERT_EQ(rte_rmc_post_burst(qp, w, 4), 4, "burst");
		RMC_TEST_ASSERT(wait_cpl(qp, cpl, when, 4) == 0, "burst completions");
		for (k = 0; k < 4; k++)
			RMC_TEST_ASSERT(when[k] - t0 >= L, "burst: %.0f ns", ns_since(t0, when[k]));
		/* The stash: an async request reaped by a sync call, handed by poll. */
		t0 = rte_rdtsc();
		RMC_TEST_ASSERT(rte_rmc_read(qp, lb, 0, 1, 0, 0, 64, 30, 0) >= 0, "post");
		RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(qp, lb, 64, 1, 0, 64, 64, 0),
			RTE_RMC_STATUS_OK);
		RMC_TEST_ASSERT(rte_rdtsc() - t0 >= L, "");
		RMC_TEST_ASSERT(wait_cpl(qp, cpl, when, 1) == 0, "stashed");
		RMC_TEST_ASSERT_EQ(cpl[0].user_tag, 30, "");
		RMC_TEST_ASSERT(when[0] - t0 >= L, "stashed: %.0f ns", ns_since(t0, when[0]));
	}
	RTE_SET_USED(c);
	return TEST_SUCCESS;
}

/* A fenced write starts (and lands) only after the earlier request's deadline. */
static int
fence_after_deadline(struct rmc_test_cluster *c, struct rte_rmc_qp *qp,
		const struct rte_rmc_lbuf *lb, uint64_t lat_ns)
{
	volatile uint64_t *remote = rte_rmc_ctx_map(c->sess[1], 0, NULL);
	uint64_t *l = lb->addr, t0, seen, limit;
	struct rte_rmc_completion cpl[2];
	uint64_t when[2];

	RMC_TEST_ASSERT(remote != NULL, "map");
	remote[1024] = 0;
	l[512] = 0xfe11ce;
	t0 = rte_rdtsc();
	RMC_TEST_ASSERT(rte_rmc_read(qp, lb, 0, 1, 0, 0, 64, 40, 0) >= 0, "A");
	RMC_TEST_ASSERT(rte_rmc_write(qp, lb, 4096, 1, 0, 8192, 8, 41, RTE_RMC_F_FENCE) >= 0,
		"fenced B");
	limit = t0 + 20 * rte_get_tsc_hz();
	while (__atomic_load_n(&remote[1024], __ATOMIC_ACQUIRE) != 0xfe11ce &&
			rte_rdtsc() < limit)
		;
	seen = rte_rdtsc();
	RMC_TEST_ASSERT(remote[1024] == 0xfe11ce, "B landed");
	RMC_TEST_ASSERT(seen - t0 >= ns_to_tsc(lat_ns), "fenced write visible after %.0f ns, "
		"before A's deadline (%" PRIu64 " ns)", ns_since(t0, seen), lat_ns);
	RMC_TEST_ASSERT(wait_cpl(qp, cpl, when, 2) == 0, "A and B");
	/* B's own deadline counts from A's: two latencies. */
	RMC_TEST_ASSERT(when[1] - t0 >= 2 * ns_to_tsc(lat_ns), "B after %.0f ns",
		ns_since(t0, when[1]));
	return TEST_SUCCESS;
}

/* (b): a write is not visible at the destination before t + one-way (L / 2 here). */
static int
effect_after_oneway(struct rmc_test_cluster *c, struct rte_rmc_qp *qp,
		const struct rte_rmc_lbuf *lb, uint64_t lat_ns)
{
	volatile uint64_t *remote = rte_rmc_ctx_map(c->sess[1], 0, NULL);
	uint64_t *l = lb->addr, t0, seen, limit;
	struct rte_rmc_completion cpl[1];
	uint64_t when[1];
	unsigned int i;

	RMC_TEST_ASSERT(remote != NULL, "map");
	for (i = 0; i < 5; i++) {
		remote[2048] = 0;
		l[600] = 0xb0b0 + i;
		t0 = rte_rdtsc();
		RMC_TEST_ASSERT(rte_rmc_write(qp, lb, 4800, 1, 0, 16384, 8, 50, 0) >= 0, "post");
		limit = t0 + 20 * rte_get_tsc_hz();
		while (__atomic_load_n(&remote[2048], __ATOMIC_ACQUIRE) != 0xb0b0 + i &&
				rte_rdtsc() < limit)
			;
		seen = rte_rdtsc();
		RMC_TEST_ASSERT(remote[2048] == 0xb0b0 + i, "landed");
		RMC_TEST_ASSERT(seen - t0 >= ns_to_tsc(lat_ns / 2), "write visible after %.0f ns, "
			"before the one-way %" PRIu64 " ns", ns_since(t0, seen), lat_ns / 2);
		RMC_TEST_ASSERT(wait_cpl(qp, cpl, when, 1) == 0, "completion");
		RMC_TEST_ASSERT(when[0] - t0 >= ns_to_tsc(lat_ns), "");
	}
	return TEST_SUCCESS;
}

/*
 * (b) with more timed requests at once than the destination has places to
 * hold them (ring: RMC_PROTO_HELD): those that found no place are dropped
 * and sent again, later, never early; every write lands, none before t +
 * one-way, and every completion is OK.
 */
static int
held_round(struct rmc_test_cluster *c, const struct rte_rmc_lbuf *lb, uint64_t lat_ns,
		int message_driver, int *overflowed)
{
	volatile uint64_t *remote = rte_rmc_ctx_map(c->sess[1], 0, NULL);
	struct rte_rmc_qp *qp = rte_rmc_qp_create(c->sess[0], 128);
	struct rte_rmc_completion cpl[100];
	struct rmc_proto_stats ps0, ps1;
	uint64_t *l = lb->addr, when[100], t0, seen, limit;
	unsigned int i, landed = 0;

	RMC_TEST_ASSERT(remote != NULL && qp != NULL, "map, qp");
	if (message_driver)
		rmc_proto_get_stats(c->node[1], &ps0);
	for (i = 0; i < 100; i++) {
		remote[4096 + i] = 0;
		l[1024 + i] = 0x5e1d00 + i;
	}
	t0 = rte_rdtsc();
	for (i = 0; i < 100; i++)
		RMC_TEST_ASSERT(rte_rmc_write(qp, lb, 8192 + 8 * i, 1, 0, 32768 + 8 * i, 8, i, 0) >=
			0, "post %u", i);
	limit = t0 + 20 * rte_get_tsc_hz();
	while (landed < 100 && rte_rdtsc() < limit) {
		for (landed = 0; landed < 100; landed++)
			if (__atomic_load_n(&remote[4096 + landed], __ATOMIC_ACQUIRE) == 0)
				break;
		seen = rte_rdtsc();
		/* Whatever is visible now became so before 'seen'. */
		RMC_TEST_ASSERT(landed == 0 || seen - t0 >= ns_to_tsc(lat_ns / 2),
			"a write visible after %.0f ns, before the one-way", ns_since(t0, seen));
	}
	for (i = 0; i < 100; i++)
		RMC_TEST_ASSERT_EQ(remote[4096 + i], 0x5e1d00 + i, "write %u", i);
	RMC_TEST_ASSERT(wait_cpl(qp, cpl, when, 100) == 0, "completions");
	for (i = 0; i < 100; i++) {
		RMC_TEST_ASSERT_STATUS(cpl[i].status, RTE_RMC_STATUS_OK);
		RMC_TEST_ASSERT(when[i] - t0 >= ns_to_tsc(lat_ns), "completion %u early", i);
	}
	if (message_driver) {
		/* The destination held them; whether some found no place depends on pace. */
		rmc_proto_get_stats(c->node[1], &ps1);
		RMC_TEST_ASSERT(ps1.req_held > ps0.req_held, "held at the destination");
		*overflowed = ps1.held_full > ps0.held_full;
	}
	rte_rmc_qp_destroy(qp);
	return TEST_SUCCESS;
}

/*
 * Rounds until one overflowed the destination's places (message drivers): a
 * host slow enough to post 100 requests in more than one one-way time never
 * holds 64 at once. Every round asserts the contract; at most 5.
 */
static int
held_overflow(struct rmc_test_cluster *c, const struct rte_rmc_lbuf *lb, uint64_t lat_ns,
		int message_driver)
{
	int round, overflowed = !message_driver;

	for (round = 0; round < 5; round++) {
		RMC_TEST_ASSERT(held_round(c, lb, lat_ns, message_driver, &overflowed) ==
			TEST_SUCCESS, "round %d", round);
		if (overflowed)
			return TEST_SUCCESS;
	}
	RMC_TEST_ASSERT(overflowed, "no round overflowed the destination's places");
	return TEST_SUCCESS;
}

int
latency_contract_run(const char *driver, const char *args, const char *name)
{
	struct rte_rmc_node_conf conf = { .ctx0_size = 1 << 20, .driver = driver,
		.driver_args = args };
	struct rte_rmc_latency_info info;
	struct rte_rmc_qp_lat_stats st;
	struct rmc_test_cluster c;
	struct rte_rmc_lbuf lb;
	struct rte_rmc_qp *qp;
	unsigned int i;

	RMC_TEST_ASSERT(rmc_test_cluster_start(&c, name, 2, 2, &conf) == 0, "cluster");
	RMC_TEST_ASSERT(rte_rmc_lbuf_register(c.sess[0], 1 << 16, &lb) == 0, "lbuf");
	qp = rte_rmc_qp_create(c.sess[0], 16);
	RMC_TEST_ASSERT(qp != NULL, "qp");
	RMC_TEST_ASSERT_EQ(rte_rmc_node_latency_set(c.node[1], 200 * MS, 0), -ERANGE, "");
	/* The destination's operator sets it; the requester's library applies it. */
	RMC_TEST_ASSERT_EQ(set_model(&c, 0, 1, 50 * US), 0, "");
	RMC_TEST_ASSERT(never_early(&c, qp, &lb, 50 * US) == TEST_SUCCESS, "50 us");
	RMC_TEST_ASSERT_EQ(set_model(&c, 0, 1, 2 * MS), 0, "");
	RMC_TEST_ASSERT(fence_after_deadline(&c, qp, &lb, 2 * MS) == TEST_SUCCESS, "fence");
	RMC_TEST_ASSERT(effect_after_oneway(&c, qp, &lb, 2 * MS) == TEST_SUCCESS, "one-way");
	/* A synchronous timeout counts from the deadline: 1 ms against 20 ms of model. */
	RMC_TEST_ASSERT_EQ(set_model(&c, 0, 1, 20 * MS), 0, "");
	{
		uint64_t t0 = rte_rdtsc(), t1;
		int st = rte_rmc_read_sync(qp, &lb, 0, 1, 0, 0, 64, 1000);

		t1 = rte_rdtsc();
		RMC_TEST_ASSERT(t1 - t0 >= ns_to_tsc(20 * MS), "returned after %.0f ns, status %d",
			ns_since(t0, t1), st);
		RMC_TEST_ASSERT(st == RTE_RMC_STATUS_OK || (st == RTE_RMC_STATUS_TIMED_OUT &&
			t1 - t0 >= ns_to_tsc(21 * MS)), "status %d after %.0f ns", st,
			ns_since(t0, t1));
	}
	/* A target no platform reaches: every completion is late, and counted. */
	RMC_TEST_ASSERT_EQ(set_model(&c, 0, 1, 1), 0, "");
	RMC_TEST_ASSERT(rte_rmc_qp_latency_stats(qp, &st) == 0, "");
	for (i = 0; i < 10; i++)
		RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(qp, &lb, 0, 1, 0, 0, 64, 0),
			RTE_RMC_STATUS_OK);
	{
		struct rte_rmc_qp_lat_stats st2;

		RMC_TEST_ASSERT(rte_rmc_qp_latency_stats(qp, &st2) == 0, "");
		RMC_TEST_ASSERT_EQ(st2.count - st.count, 10, "counted");
		RMC_TEST_ASSERT_EQ(st2.late - st.late, 10, "all late");
		RMC_TEST_ASSERT(st2.late_ns_max > 0, "by how much");
	}
	/* The node shows what its applications' libraries counted. */
	RMC_TEST_ASSERT(rte_rmc_node_latency_get(c.node[0], &info) == 0, "");
	RMC_TEST_ASSERT(info.count >= 10 && info.late >= 10, "node: %" PRIu64 " late of %"
		PRIu64, info.late, info.count);
	/* Off: nothing held any more. */
	RMC_TEST_ASSERT_EQ(set_model(&c, 0, 1, 0), 0, "off");
	RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(qp, &lb, 0, 1, 0, 0, 64, 0), RTE_RMC_STATUS_OK);
	RMC_TEST_ASSERT(rte_rmc_qp_latency_stats(qp, &st) == 0, "");
	RMC_TEST_ASSERT_EQ(st.count, info.count, "not counted with the model off");
	/*
	 * A one-way time of 10 ms: all 100 requests reach the destination before
	 * the first may start, even when a loaded machine posts or sends them
	 * slowly (at 1 ms, 1 eth run in 8 under load overflowed nothing).
	 */
	RMC_TEST_ASSERT_EQ(set_model(&c, 0, 1, 20 * MS), 0, "");
	/* Only a destination that reads our clock holds requests (same_clock). */
	RMC_TEST_ASSERT(held_overflow(&c, &lb, 20 * MS, driver != NULL &&
		rmc_proto_same_clock(c.node[1])) == TEST_SUCCESS, "held overflow");
	rte_rmc_qp_destroy(qp);
	rmc_test_cluster_stop(&c);
	return TEST_SUCCESS;
}

static int
latency_contract_shm(void)
{
	return latency_contract_run(NULL, NULL, "t_lat_shm");
}

static int
latency_contract_ring(void)
{
	return latency_contract_run("ring", NULL, "t_lat_ring");
}

RMC_REGISTER_TEST(latency_units_autotest, latency_units,
	.suite = "fast-tests", .timeout = 60, .no_huge = 1);
RMC_REGISTER_TEST(latency_contract_shm_autotest, latency_contract_shm,
	.suite = "fast-tests", .timeout = 120, .no_huge = 1);
RMC_REGISTER_TEST(latency_contract_ring_autotest, latency_contract_ring,
	.suite = "fabric", .timeout = 120, .no_huge = 1);
