/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * SABRe (rte_rmc_sabre.h), every outcome on the direct path (shm), over the
 * protocol (ring) and in loopback: a clean read returns the object and its
 * version; a writer that holds the lock makes it complete with a conflict;
 * bad lengths and offsets get their statuses; a read-only context may be
 * read. Then against a concurrent writer (the test's own thread writes the
 * object while the RMC, on the service lcore, reads it): every object
 * returned is one the writer wrote whole, never a torn one, also when the
 * object spans several protocol chunks.
 */

#include <string.h>
#include <time.h>

#include <rte_rmc_sabre.h>

#include "rmc_test.h"

#define OBJ_OFF 4096
#define OBJ_LEN 4096

/* The object of version v: its header, then every byte (v / 2) & 0xff. */
static void
obj_fill(uint8_t *o, uint64_t v)
{
	memset(o + 8, (int)((v >> 1) & 0xff), OBJ_LEN - 8);
}

static int
obj_check(const uint8_t *o, uint64_t v)
{
	uint64_t hv, i;

	memcpy(&hv, o, 8);
	if (hv != v || rte_rmc_sabre_locked(v))
		return -1;
	for (i = 8; i < OBJ_LEN; i++)
		if (o[i] != ((v >> 1) & 0xff))
			return -1;
	return 0;
}

static int
outcomes_on(struct rmc_test_cluster *c, uint16_t dst)
{
	struct rte_rmc_sabre_hdr *h;
	struct rte_rmc_lbuf lb;
	struct rte_rmc_qp *qp;
	uint8_t *remote;
	uint64_t ver = 0, v;

	remote = rte_rmc_ctx_map(c->sess[dst], 0, NULL);
	RMC_TEST_ASSERT(remote != NULL, "map");
	RMC_TEST_ASSERT(rte_rmc_lbuf_register(c->sess[0], 2 * RTE_RMC_SABRE_MAX_LENGTH, &lb) == 0,
		"lbuf");
	qp = rte_rmc_qp_create(c->sess[0], 8);
	RMC_TEST_ASSERT(qp != NULL, "qp");
	h = (struct rte_rmc_sabre_hdr *)(void *)(remote + OBJ_OFF);
	h->version = 6;
	obj_fill(remote + OBJ_OFF, 6);
	/* Clean read: the object, its version in the header and the completion. */
	RMC_TEST_ASSERT_STATUS(rte_rmc_sabre_sync(qp, &lb, 0, dst, 0, OBJ_OFF, OBJ_LEN, &ver, 0),
		RTE_RMC_STATUS_OK);
	RMC_TEST_ASSERT_EQ(ver, 6, "version in the completion");
	RMC_TEST_ASSERT(obj_check(lb.addr, 6) == 0, "object read whole");
	/* A writer holds the lock: bounded tries, then a conflict. */
	v = rte_rmc_sabre_write_begin(h);
	RMC_TEST_ASSERT_STATUS(rte_rmc_sabre_sync(qp, &lb, 0, dst, 0, OBJ_OFF, OBJ_LEN, &ver, 0),
		RTE_RMC_STATUS_CONFLICT);
	obj_fill(remote + OBJ_OFF, v + 2);
	rte_rmc_sabre_write_end(h, v);
	RMC_TEST_ASSERT_STATUS(rte_rmc_sabre_sync(qp, &lb, 0, dst, 0, OBJ_OFF, OBJ_LEN, &ver, 0),
		RTE_RMC_STATUS_OK);
	RMC_TEST_ASSERT(ver == 8 && obj_check(lb.addr, 8) == 0, "the new object");
	/* Bad input. */
	RMC_TEST_ASSERT_STATUS(rte_rmc_sabre_sync(qp, &lb, 0, dst, 0, OBJ_OFF + 4, 64, NULL, 0),
		RTE_RMC_STATUS_UNALIGNED);
	RMC_TEST_ASSERT_STATUS(rte_rmc_sabre_sync(qp, &lb, 0, dst, 0, OBJ_OFF, 4, NULL, 0),
		RTE_RMC_STATUS_BAD_LENGTH);
	RMC_TEST_ASSERT_STATUS(rte_rmc_sabre_sync(qp, &lb, 0, dst, 0, OBJ_OFF,
		RTE_RMC_SABRE_MAX_LENGTH + 8, NULL, 0), RTE_RMC_STATUS_BAD_LENGTH);
	RMC_TEST_ASSERT_STATUS(rte_rmc_sabre_sync(qp, &lb, 0, dst, 0, (16u << 20) - 64, 128,
		NULL, 0), RTE_RMC_STATUS_OUT_OF_BOUNDS);
	RMC_TEST_ASSERT_STATUS(rte_rmc_sabre_sync(qp, &lb, 0, dst, 9, 0, 64, NULL, 0),
		RTE_RMC_STATUS_BAD_CTX);
	/* The largest object, over many chunks where chunks are small. */
	memset(remote + 65536, 0x33, RTE_RMC_SABRE_MAX_LENGTH);
	memset(remote + 65536, 0, 8);
	RMC_TEST_ASSERT_STATUS(rte_rmc_sabre_sync(qp, &lb, 0, dst, 0, 65536,
		RTE_RMC_SABRE_MAX_LENGTH, &ver, 0), RTE_RMC_STATUS_OK);
	RMC_TEST_ASSERT(ver == 0 && memcmp(lb.addr, remote + 65536, RTE_RMC_SABRE_MAX_LENGTH) == 0,
		"largest object");
	/* A SABRe is a read: a read-only context may be read. */
	RMC_TEST_ASSERT(rte_rmc_ctx_create(c->sess[dst], 3, 8192, RTE_RMC_PERM_RO) == 0, "ro ctx");
	RMC_TEST_ASSERT_STATUS(rte_rmc_sabre_sync(qp, &lb, 0, dst, 3, 0, 8192, &ver, 0),
		RTE_RMC_STATUS_OK);
	rte_rmc_qp_destroy(qp);
	return TEST_SUCCESS;
}

static int
outcomes(const char *driver, const char *name, uint16_t dst)
{
	struct rte_rmc_node_conf nc = { .driver = driver, .chunk_size = 1024 };
	struct rmc_test_cluster c;
	int ret;

	RMC_TEST_ASSERT(rmc_test_cluster_start(&c, name, 2, 2, &nc) == 0, "cluster");
	ret = outcomes_on(&c, dst);
	rmc_test_cluster_stop(&c);
	return ret;
}

static int
sabre_shm(void)
{
	RMC_TEST_ASSERT(outcomes("shm", "t_sabre", 1) == TEST_SUCCESS, "shm, to a peer");
	RMC_TEST_ASSERT(outcomes("shm", "t_sabre_lo", 0) == TEST_SUCCESS, "shm, loopback");
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(sabre_autotest, sabre_shm,
	.suite = "fast-tests", .timeout = 60, .no_huge = 1, .memcheck = 1);

static int
sabre_ring(void)
{
	RMC_TEST_ASSERT(outcomes("ring", "t_sabre_r", 1) == TEST_SUCCESS, "ring, chunks of 1 KiB");
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(sabre_ring_autotest, sabre_ring,
	.suite = "fabric", .timeout = 120, .no_huge = 1);

/*
 * The test's thread writes the object (lock, fill, unlock) while SABRes of it
 * are in flight on the RMC; a writer that has written a few times without a
 * completion rests until one arrives, so that reads also succeed.
 */
struct writer_run {
	struct rte_rmc_qp *qp;
	struct rte_rmc_lbuf lb;
	uint8_t *obj;
	uint16_t dst;
	uint64_t ok, conflict, writes;
	int repost;
};

static int
writer_step(struct writer_run *r, unsigned int *idle)
{
	struct rte_rmc_sabre_hdr *h = (struct rte_rmc_sabre_hdr *)(void *)r->obj;
	struct rte_rmc_completion cpl[4];
	uint16_t n, i;
	uint64_t v;

	if (*idle < 8) {
		v = rte_rmc_sabre_write_begin(h);
		obj_fill(r->obj, v + 2);
		rte_rmc_sabre_write_end(h, v);
		r->writes++;
		(*idle)++;
	}
	n = rte_rmc_poll(r->qp, cpl, RTE_DIM(cpl));
	for (i = 0; i < n; i++) {
		*idle = 0;
		if (cpl[i].status == RTE_RMC_STATUS_CONFLICT) {
			r->conflict++;
		} else {
			RMC_TEST_ASSERT_STATUS(cpl[i].status, RTE_RMC_STATUS_OK);
			RMC_TEST_ASSERT(obj_check((uint8_t *)r->lb.addr + cpl[i].user_tag * OBJ_LEN,
				cpl[i].value) == 0, "torn object, version %" PRIu64, cpl[i].value);
			r->ok++;
		}
		if (r->repost)
			RMC_TEST_ASSERT(rte_rmc_sabre(r->qp, &r->lb, cpl[i].user_tag * OBJ_LEN,
				r->dst, 0, OBJ_OFF, OBJ_LEN, cpl[i].user_tag, 0) >= 0, "repost");
	}
	return TEST_SUCCESS;
}

/* Bound of one writer run: turns a stall into a failure, never a slow machine. */
#define WRITER_DEADLINE_S 80

static time_t
writer_now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

static int
writer_on(const char *driver, uint64_t chunk, const char *name)
{
	struct rte_rmc_node_conf nc = { .driver = driver, .chunk_size = chunk };
	struct writer_run r = { .dst = 1, .repost = 1 };
	struct rmc_test_cluster c;
	time_t deadline = writer_now_s() + WRITER_DEADLINE_S;
	unsigned int idle = 0, i;
	uint64_t steps;

	RMC_TEST_ASSERT(rmc_test_cluster_start(&c, name, 2, 2, &nc) == 0, "cluster");
	r.obj = rte_rmc_ctx_map(c.sess[1], 0, NULL);
	RMC_TEST_ASSERT(r.obj != NULL, "map");
	r.obj += OBJ_OFF;
	memset(r.obj, 0, OBJ_LEN);
	RMC_TEST_ASSERT(rte_rmc_lbuf_register(c.sess[0], 4 * OBJ_LEN, &r.lb) == 0, "lbuf");
	r.qp = rte_rmc_qp_create(c.sess[0], 8);
	RMC_TEST_ASSERT(r.qp != NULL, "qp");
	for (i = 0; i < 4; i++)
		RMC_TEST_ASSERT(rte_rmc_sabre(r.qp, &r.lb, i * OBJ_LEN, 1, 0, OBJ_OFF, OBJ_LEN, i,
			0) >= 0, "post");
	/*
	 * Until both counts are reached, however long the machine takes: a step
	 * count would end early when completions are slow (a loaded machine).
	 */
	for (steps = 0; r.ok < 3000 || r.writes < 30000; steps++) {
		RMC_TEST_ASSERT(writer_step(&r, &idle) == TEST_SUCCESS, "step");
		if ((steps & 1023) == 0 && writer_now_s() > deadline)
			break;
	}
	r.repost = 0;
	while (rte_rmc_qp_outstanding(r.qp) > 0) {
		idle = 8;
		RMC_TEST_ASSERT(writer_step(&r, &idle) == TEST_SUCCESS, "drain");
	}
	printf("%s, chunk %" PRIu64 ": %" PRIu64 " objects read whole, %" PRIu64
		" conflicts, %" PRIu64 " writes\n", driver, chunk, r.ok, r.conflict, r.writes);
	/* Only a stall of WRITER_DEADLINE_S can leave it short: the writer rests for reads. */
	RMC_TEST_ASSERT(r.ok >= 3000, "reads completed within %d s", WRITER_DEADLINE_S);
	rmc_test_cluster_stop(&c);
	return TEST_SUCCESS;
}

static int
sabre_writer(void)
{
	RMC_TEST_ASSERT(writer_on("shm", 0, "t_sabre_w") == TEST_SUCCESS, "shm");
	RMC_TEST_ASSERT(writer_on("ring", 0, "t_sabre_wr") == TEST_SUCCESS, "ring");
	RMC_TEST_ASSERT(writer_on("ring", 1024, "t_sabre_wc") == TEST_SUCCESS,
		"ring, object over 4 chunks");
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(sabre_writer_autotest, sabre_writer,
	.suite = "sokv", .timeout = 300, .no_huge = 1);
