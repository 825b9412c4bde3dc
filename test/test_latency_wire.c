/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The latency model as a protocol message (RMC_PROTO_LAT), for drivers with
 * no control session between nodes. On eth (two nodes of this process on
 * linked net_memif ports): a law set on the destination reaches the
 * requester exactly (every field, the 129 quantiles included), a change and
 * "off" too, and the completions follow the law: none before its minimum (on
 * the test's own clock), some below its median and some above its third
 * quartile (the draws, seeded, put half below the median; the machine can
 * only make them later), and the library's targets have the law's mean
 * within five standard errors (a statistical test of the seeded draws, not of
 * the machine). Over the test_fault driver, messages crafted as a broken or
 * hostile peer would send them: each is refused, counted, and changes
 * nothing; repeats and overtaken ones are ignored; a valid one still applies.
 */

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "rmc_lat_dist.h"
#include "rmc_latency_wire.h"
#include "rmc_private.h"
#include "rmc_proto.h"
#include "rmc_test.h"
#include "test_latency.h"
#include "test_proto_fault.h"

/* Reads per law: enough for the mean within five standard errors. */
#define LAW_READS 200

/* 1 when node 'req' publishes for node d exactly the model d's operator set. */
static int
model_same(struct rmc_test_cluster *c, unsigned int req, unsigned int d)
{
	struct rmc_lat_wire a, b;
	struct rmc_lat_model m;

	memcpy(&m, &c->node[req]->page->lat[d], sizeof(m));
	rmc_lat_wire_encode(&m, &a);
	rmc_lat_wire_encode(c->node[d]->lat, &b);
	return memcmp(&a, &b, sizeof(a)) == 0;
}

/* Set a law on node 1 and wait (bounded) until node 0 has it, exactly. */
static int
law_set(struct rmc_test_cluster *c, const struct rte_rmc_latency_model *lm)
{
	uint64_t limit = rte_rdtsc() + 10 * rte_get_tsc_hz();
	struct rte_rmc_latency_model m;

	RMC_TEST_ASSERT_EQ(rte_rmc_node_latency_model_set(c->node[1], lm), 0, "law refused");
	do {
		RMC_TEST_ASSERT(rte_rmc_latency_get(c->sess[0], 1, &m) == 0, "");
		if (m.law == lm->law && m.seed == lm->seed && m.on == (lm->law != 0 ||
				lm->base_ns != 0) && model_same(c, 0, 1))
			return TEST_SUCCESS;
	} while (rte_rdtsc() < limit);
	RMC_TEST_ASSERT(0, "node 0 did not learn node 1's law (law %u, seed %" PRIu64 ")",
		m.law, m.seed);
	return TEST_FAILED;
}

/*
 * LAW_READS synchronous reads under node 1's empirical law of [lo, hi] ns
 * (mean, sd): none before lo on the test's clock, some below the median and
 * some above the third quartile, and the library's targets of the law's mean.
 */
static int
law_follow(struct rte_rmc_qp *qp, const struct rte_rmc_lbuf *lb, double lo, double hi,
		double mean, double sd)
{
	double lat, min = INFINITY, max = 0, got, median = (lo + hi) / 2;
	struct rte_rmc_qp_lat_stats a, b;
	unsigned int i, below = 0;
	uint64_t t0, t1;

	RMC_TEST_ASSERT(rte_rmc_qp_latency_stats(qp, &a) == 0, "");
	for (i = 0; i < LAW_READS; i++) {
		t0 = rte_rdtsc();
		RMC_TEST_ASSERT_STATUS(rte_rmc_read_sync(qp, lb, 0, 1, 0, 0, 64, 0),
			RTE_RMC_STATUS_OK);
		t1 = rte_rdtsc();
		lat = ns_since(t0, t1);
		RMC_TEST_ASSERT(t1 - t0 >= ns_to_tsc((uint64_t)lo), "read %u handed over after "
			"%.0f ns, before the law's minimum %.0f ns", i, lat, lo);
		min = RTE_MIN(min, lat);
		max = RTE_MAX(max, lat);
		below += lat < median;
	}
	RMC_TEST_ASSERT(rte_rmc_qp_latency_stats(qp, &b) == 0, "");
	RMC_TEST_ASSERT_EQ(b.count - a.count, LAW_READS, "counted under the model");
	got = (double)(b.target_ns_sum - a.target_ns_sum) / LAW_READS;
	printf("law [%.0f, %.0f] ns: achieved min %.0f max %.0f, %u of %u below the median, "
		"mean target %.0f (law %.0f)\n", lo, hi, min, max, below, LAW_READS, got, mean);
	RMC_TEST_ASSERT(got > mean - 5 * sd / sqrt(LAW_READS) &&
		got < mean + 5 * sd / sqrt(LAW_READS), "mean target %.0f ns, the law's %.0f ns",
		got, mean);
	RMC_TEST_ASSERT(below > 0, "no completion below the law's median %.0f ns", median);
	RMC_TEST_ASSERT(max >= lo + 0.75 * (hi - lo), "none above the law's third quartile");
	return TEST_SUCCESS;
}

static int
latency_law_eth_run(void)
{
	struct rte_rmc_node_conf conf = { .ctx0_size = 1 << 20, .driver = "eth",
		.driver_args = "ports=net_memif_latw%u" };
	struct rte_rmc_latency_model em = { .law = RTE_RMC_LAT_EMPIRICAL, .seed = 13 };
	struct rte_rmc_latency_model nm = { .law = RTE_RMC_LAT_NORMAL, .law_a = 30000,
		.law_b = 5000, .seed = 5 };
	struct rte_rmc_latency_model off = { .law = RTE_RMC_LAT_CONST };
	struct rmc_test_cluster c;
	struct rte_rmc_lbuf lb;
	struct rte_rmc_qp *qp;
	char path[64];
	int ret;

	RMC_TEST_ASSERT(rmc_test_cluster_start(&c, "t_lat_wire_eth", 2, 2, &conf) == 0, "cluster");
	RMC_TEST_ASSERT(rte_rmc_lbuf_register(c.sess[0], 1 << 16, &lb) == 0, "lbuf");
	qp = rte_rmc_qp_create(c.sess[0], 16);
	RMC_TEST_ASSERT(qp != NULL, "qp");
	/* A measured device: 200 latencies, 100 to 299 us by 1 us. */
	RMC_TEST_ASSERT(rmc_test_latency_file(path, sizeof(path), 100000, 1000, NULL) == 0, "file");
	em.law_file = path;
	ret = law_set(&c, &em);
	unlink(path);
	RMC_TEST_ASSERT(ret == TEST_SUCCESS, "empirical law over eth");
	RMC_TEST_ASSERT(law_follow(qp, &lb, 100000, 299000, 199500, 57735) == TEST_SUCCESS,
		"empirical law followed");
	/* A change reaches the requester too, and so does "off". */
	RMC_TEST_ASSERT(law_set(&c, &nm) == TEST_SUCCESS, "normal law over eth");
	RMC_TEST_ASSERT(law_set(&c, &off) == TEST_SUCCESS, "off over eth");
	rte_rmc_qp_destroy(qp);
	rmc_test_cluster_stop(&c);
	return TEST_SUCCESS;
}

static int
latency_law_eth(void)
{
	int ret = TEST_FAILED;

	if (rmc_test_memif_pair("latw", 0x7e) == 0)
		ret = latency_law_eth_run();
	rmc_test_memif_pair_done();
	return ret;
}

/* A LAT message from node 1 to node 0 carrying model m (NULL: no payload set). */
static void
lat_msg(struct fault_msg *fm, const struct rmc_lat_model *m, uint32_t epoch, uint32_t seq)
{
	memset(fm, 0, sizeof(*fm));
	fm->hdr.magic = RMC_PROTO_MAGIC;
	fm->hdr.version = RMC_PROTO_VERSION;
	fm->hdr.type = RMC_PROTO_LAT;
	fm->hdr.src_nid = 1;
	fm->hdr.dst_nid = 0;
	fm->hdr.src_epoch = epoch;
	fm->hdr.tid = seq;
	fm->hdr.length = sizeof(struct rmc_lat_wire);
	fm->from = 1;
	if (m != NULL) {
		struct rmc_lat_wire w;

		/* Encoded aside: the payload follows a 2-byte field, unaligned. */
		rmc_lat_wire_encode(m, &w);
		memcpy(fm->payload, &w, sizeof(w));
	}
}

/* Deliver fm to node 0 and wait (bounded) until its bad_msg count reaches 'bad'. */
static int
lat_deliver(struct rte_rmc_node *n0, const struct fault_msg *fm, uint64_t bad)
{
	uint64_t limit = rte_rdtsc() + 10 * rte_get_tsc_hz();
	struct rmc_proto_stats ps;

	rte_spinlock_lock(&F.lock);
	fault_push(0, fm);
	rte_spinlock_unlock(&F.lock);
	do {
		rmc_proto_get_stats(n0, &ps);
		if (ps.bad_msg >= bad)
			return 0;
	} while (rte_rdtsc() < limit);
	return -1;
}

/* 1 when node 0 publishes model m for node 1. */
static int
published(struct rte_rmc_node *n0, const struct rmc_lat_model *m)
{
	struct rmc_lat_wire a, b;
	struct rmc_lat_model cur;

	memcpy(&cur, &n0->page->lat[1], sizeof(cur));
	rmc_lat_wire_encode(&cur, &a);
	rmc_lat_wire_encode(m, &b);
	return memcmp(&a, &b, sizeof(a)) == 0;
}

/* Ways a peer's model message can be broken; each is refused. */
enum lat_break {
	LB_SHORT, LB_LONG, LB_MAGIC, LB_VERSION, LB_QUANTS, LB_RESERVED, LB_NAN, LB_NO_CHUNK,
	LB_QUANT_ORDER, LB_ON_FLAG, LB_ON_TWO, LB_RANGE, LB_LAW, LB_SPOOF, LB_DST, LB_COUNT
};

static void
lat_break(struct fault_msg *fm, enum lat_break how)
{
	struct rmc_lat_wire wire, *w = &wire;

	memcpy(w, fm->payload, sizeof(*w));
	switch (how) {
	case LB_SHORT:
		fm->hdr.length = 300;
		break;
	case LB_LONG:
		fm->hdr.length = 2048;
		break;
	case LB_MAGIC:
		w->magic ^= 1;
		break;
	case LB_VERSION:
		w->version = RMC_LAT_WIRE_VERSION + 1;
		break;
	case LB_QUANTS:
		w->nb_quant = RMC_LAT_QUANTS - 1;
		break;
	case LB_RESERVED:
		w->reserved = 1;
		break;
	case LB_NAN:
		w->dist = RMC_LAT_DIST_NORMAL;
		w->dist_a = NAN;
		break;
	case LB_NO_CHUNK:
		w->per_chunk_ns = 100;
		w->chunk_size = 0;
		break;
	case LB_QUANT_ORDER:
		w->quant[5] = w->quant[4] - 1;
		break;
	case LB_ON_FLAG:
		w->base_ns = 0;
		w->per_chunk_ns = 0;
		break;
	case LB_ON_TWO:
		w->on = 2;
		break;
	case LB_RANGE:
		w->base_ns = 200 * MS;
		break;
	case LB_LAW:
		w->dist = 9;
		break;
	case LB_SPOOF:
		fm->hdr.src_nid = 0;
		break;
	case LB_DST:
		fm->hdr.dst_nid = 1;
		break;
	case LB_COUNT:
		break;
	}
	memcpy(fm->payload, w, sizeof(*w));
}

/* Wait (bounded) until node 0 publishes m for node 1. */
static int
wait_published(struct rte_rmc_node *n0, const struct rmc_lat_model *m)
{
	uint64_t limit = rte_rdtsc() + 10 * rte_get_tsc_hz();

	do {
		if (published(n0, m))
			return 0;
	} while (rte_rdtsc() < limit);
	return -1;
}

static int
latency_model_refused_run(struct fault_env *e)
{
	struct rte_rmc_node *n0 = e->c.node[0];
	struct rmc_lat_model good, other;
	struct rte_rmc_latency_model m;
	struct rmc_proto_stats ps;
	struct fault_msg fm;
	const uint32_t epoch = 1000;
	uint32_t seq = 1;
	uint64_t bad;
	unsigned int i;

	/* An empirical law of 10 to 138 us, as node 1's operator would set it. */
	memset(&good, 0, sizeof(good));
	for (i = 0; i < RMC_LAT_QUANTS; i++)
		good.quant[i] = 10000 + 1000 * i;
	good.dist = RMC_LAT_DIST_EMPIRICAL;
	good.dist_a = good.quant[RMC_LAT_QUANTS / 2];
	good.dist_b = good.quant[RMC_LAT_QUANTS - 1];
	good.base_ns = (uint64_t)good.dist_a;
	good.chunk_size = 16384;
	good.seed = 21;
	good.on = 1;
	other = good;
	other.dist = RMC_LAT_DIST_CONST;
	other.base_ns = 5000;
	lat_msg(&fm, &good, epoch, seq++);
	rte_spinlock_lock(&F.lock);
	fault_push(0, &fm);
	rte_spinlock_unlock(&F.lock);
	RMC_TEST_ASSERT_EQ(wait_published(n0, &good), 0, "a valid model was not taken");
	RMC_TEST_ASSERT(rte_rmc_latency_get(e->c.sess[0], 1, &m) == 0 &&
		m.law == RTE_RMC_LAT_EMPIRICAL && m.seed == 21, "the library reads the law");
	rmc_proto_get_stats(n0, &ps);
	bad = ps.bad_msg;
	/* Each broken message: refused (counted), and the model in use stays. */
	for (i = 0; i < LB_COUNT; i++) {
		lat_msg(&fm, &good, epoch, seq++);
		lat_break(&fm, (enum lat_break)i);
		RMC_TEST_ASSERT_EQ(lat_deliver(n0, &fm, ++bad), 0, "broken message %u not refused",
			i);
		RMC_TEST_ASSERT(published(n0, &good), "broken message %u changed the model", i);
	}
	/*
	 * A repeat of an older sequence, and a late message of an older
	 * incarnation, both valid and different: ignored. Known once the broken
	 * message behind them was refused (messages are handled in order).
	 */
	lat_msg(&fm, &other, epoch, 1);
	rte_spinlock_lock(&F.lock);
	fault_push(0, &fm);
	lat_msg(&fm, &other, epoch - 1, 500);
	fault_push(0, &fm);
	rte_spinlock_unlock(&F.lock);
	lat_msg(&fm, &good, epoch, seq++);
	lat_break(&fm, LB_MAGIC);
	RMC_TEST_ASSERT_EQ(lat_deliver(n0, &fm, ++bad), 0, "");
	RMC_TEST_ASSERT(published(n0, &good), "an overtaken model was applied");
	/* Still taken: a newer model, and a restarted sender's first. */
	lat_msg(&fm, &other, epoch, seq++);
	rte_spinlock_lock(&F.lock);
	fault_push(0, &fm);
	rte_spinlock_unlock(&F.lock);
	RMC_TEST_ASSERT_EQ(wait_published(n0, &other), 0, "a newer model was not taken");
	lat_msg(&fm, &good, epoch + 1, 1);
	rte_spinlock_lock(&F.lock);
	fault_push(0, &fm);
	rte_spinlock_unlock(&F.lock);
	RMC_TEST_ASSERT_EQ(wait_published(n0, &good), 0, "a restarted sender's model");
	return TEST_SUCCESS;
}

static int
latency_model_refused(void)
{
	struct fault_env e;
	int ret;

	RMC_TEST_ASSERT(fault_start(&e, "t_lat_wire_bad", 0) == 0, "cluster");
	ret = latency_model_refused_run(&e);
	rte_rmc_qp_destroy(e.qp);
	rmc_test_cluster_stop(&e.c);
	fault_reset();
	return ret;
}

RMC_REGISTER_TEST(latency_law_eth_autotest, latency_law_eth,
	.suite = "fabric", .timeout = 180, .no_huge = 1);
RMC_REGISTER_TEST(latency_model_refused_autotest, latency_model_refused,
	.suite = "fabric", .timeout = 120, .no_huge = 1);
