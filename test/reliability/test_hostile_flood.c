/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * A hostile application that races the RMC and floods it:
 *  - hostile_race_autotest: the entry is rewritten while the RMC copies it;
 *    whatever mix of the versions the RMC sees, it must judge the copy it
 *    took (one completion per entry, a status the model allows for some mix)
 *    and touch nothing but what that copy allows. The test counts the
 *    entries whose completion shows the RMC took a copy other than the one
 *    posted (the entry changed after it was posted) and requires at least
 *    one: otherwise the race was never run. It keeps racing (bounded) until
 *    it has seen one, so that a fast RMC cannot make it pass vacuously.
 *  - hostile_flood_autotest: a WQ filled faster than the CQ is drained (the
 *    RMC must stop at a full CQ), a CQ counter that lies, a flood of a
 *    4096-deep WQ, and large transfers that try to take the whole ITT; a
 *    victim application on the same node keeps being served: in each of
 *    FLOOD_PHASES phases (a phase ends when the RMC has taken a whole WQ of
 *    the flood) the victim completes at least one request, the counts
 *    printed. Its throughput during the attack is printed beside the normal
 *    figure (a report, not an assertion: the machine is shared).
 */

#include <pthread.h>
#include <string.h>
#include <time.h>

#include <rte_cycles.h>
#include <rte_pause.h>

#include "rmc_app.h"
#include "rmc_private.h"
#include "rmc_proto.h"
#include "hostile_env.h"
#include "rel_scenarios.h"

#define RACE_ROUNDS 2000
#define RACE_MAX_ROUNDS 200000 /* rounds allowed to see one changed entry */
#define FLOOD_PHASES 8
#define RACE_REWRITES 200

static int
hostile_race(void)
{
	uint64_t outcome[RTE_RMC_STATUS_MAX] = { 0 };
	struct rte_rmc_wqe v[2][2][2], *slot, w;
	int allowed[RTE_RMC_STATUS_MAX];
	struct h_env e;
	struct rte_rmc_cqe cqe;
	unsigned int round, k, a, b, c;
	uint64_t old, changed = 0, mixed = 0;
	int ret = TEST_FAILED;
	int posted_st, last_st;

	if (h_setup(&e, "t_race", 16) < 0)
		goto out;
	for (round = 0; round < rmc_test_ops(RACE_ROUNDS) ||
			(changed == 0 && round < RACE_MAX_ROUNDS);
			round++) {
		uint64_t co = (rmc_model_rand(&e.rng) % (8192 / 64 - 1)) * 64;
		uint64_t lo = (rmc_model_rand(&e.rng) % (4096 / 64 - 1)) * 64;

		/* Three fields with two values each: eight versions of one write. */
		memset(allowed, 0, sizeof(allowed));
		for (a = 0; a < 2; a++)
			for (b = 0; b < 2; b++)
				for (c = 0; c < 2; c++) {
					struct rte_rmc_wqe *x = &v[a][b][c];

					memset(x, 0, sizeof(*x));
					x->opcode = RTE_RMC_OP_WRITE;
					x->dst_nid = 1;
					x->ctx_id = a ? 2 : 1;        /* read-only / read-write */
					x->lbuf_id = e.lbuf[b ? H_VICTIM : 0].id;
					x->length = c ? UINT64_C(1) << 40 : 64;
					x->ctx_offset = co;
					x->lbuf_offset = lo;
					x->user_tag = round;
					allowed[rmc_model_status(&e.model, x)] = 1;
				}
		posted_st = rmc_model_status(&e.model, &v[0][0][0]);
		last_st = rmc_model_status(&e.model, &v[1][1][1]); /* written last (k = 199) */
		h_raw_post(&e.raw, &v[0][0][0]);
		slot = &e.raw.wq[(e.raw.wq_pos - 1) & (e.raw.depth - 1)];
		for (k = 0; k < RACE_REWRITES; k++) {
			const struct rte_rmc_wqe *x = &v[k & 1][(k >> 1) & 1][(k >> 2) & 1];

			__atomic_store_n(&slot->ctx_id, x->ctx_id, __ATOMIC_RELAXED);
			__atomic_store_n(&slot->lbuf_id, x->lbuf_id, __ATOMIC_RELAXED);
			__atomic_store_n(&slot->length, x->length, __ATOMIC_RELAXED);
		}
		RMC_TEST_ASSERT(h_raw_reap(&e.raw, &cqe, H_HANG_MS) == 0, "round %u: no completion",
			round);
		RMC_TEST_ASSERT(cqe.status < RTE_RMC_STATUS_MAX && allowed[cqe.status],
			"round %u: status %u (%s) fits no version of the entry", round, cqe.status,
			rte_rmc_strerror(cqe.status));
		RMC_TEST_ASSERT_EQ(cqe.user_tag, round, "tag");
		outcome[cqe.status]++;
		/* A status the posted version cannot have: the RMC read a rewrite. */
		if ((int)cqe.status != posted_st)
			changed++;
		/* Neither the first nor the last version: read in the middle. */
		if ((int)cqe.status != posted_st && (int)cqe.status != last_st)
			mixed++;
		/* Only the read-write, own-buffer, 64-byte version may write. */
		if (cqe.status == RTE_RMC_STATUS_OK)
			h_apply(&e, &v[0][0][0], &old);
		if (h_compare(&e, "race") < 0)
			goto out;
	}
	RMC_TEST_ASSERT(h_raw_cqe_ready(&e.raw) == 0, "one completion per entry");
	printf("entries the RMC took after they were rewritten: %" PRIu64 " of %u (%" PRIu64
		" neither the first nor the last version)\n", changed, round, mixed);
	RMC_TEST_ASSERT(changed > 0, "no entry changed while the RMC read it in %u rounds: "
		"the race was never run", round);
	printf("rewritten while read, %u entries: ok %" PRIu64 ", perm %" PRIu64 ", bad_lbuf %"
		PRIu64 ", bad_length %" PRIu64 "; guards intact\n", round,
		outcome[RTE_RMC_STATUS_OK], outcome[RTE_RMC_STATUS_PERM],
		outcome[RTE_RMC_STATUS_BAD_LBUF], outcome[RTE_RMC_STATUS_BAD_LENGTH]);
	/* Post a correct one to show the QP still works. */
	memset(&w, 0, sizeof(w));
	w.opcode = RTE_RMC_OP_READ;
	w.dst_nid = 1;
	w.ctx_id = 2;
	w.lbuf_id = e.lbuf[0].id;
	w.length = 128;
	h_raw_post(&e.raw, &w);
	RMC_TEST_ASSERT(h_raw_reap(&e.raw, &cqe, H_HANG_MS) == 0, "completion");
	RMC_TEST_ASSERT_STATUS(cqe.status, RTE_RMC_STATUS_OK);
	h_apply(&e, &w, &old);
	ret = h_compare(&e, "race end") < 0 ? TEST_FAILED : TEST_SUCCESS;
out:
	h_teardown(&e);
	return ret;
}
RMC_REGISTER_TEST(hostile_race_autotest, hostile_race,
	.suite = "reliability", .timeout = 120, .no_huge = 1, .memcheck = 1);

int
hostile_race_run(const char *driver, const char *args)
{
	int ret;

	h_driver = driver;
	h_driver_args = args;
	ret = hostile_race();
	h_driver = NULL;
	h_driver_args = NULL;
	return ret;
}

/*
 * Over the protocol path: the RMC of node 0 copies the entry before it
 * routes it, so the race is the same; the writes go to node 1 as messages.
 */
static int
hostile_race_ring(void)
{
	return hostile_race_run("ring", NULL);
}
RMC_REGISTER_TEST(hostile_race_ring_autotest, hostile_race_ring,
	.suite = "reliability", .timeout = 180, .no_huge = 1);

/* Synchronous 64-byte reads of a victim QP for 'ms'; -1 on any error. */
static int64_t
victim_ops(struct rte_rmc_qp *qp, const struct rte_rmc_lbuf *lb, uint32_t ms)
{
	uint64_t end = rte_rdtsc() + rte_get_tsc_hz() / 1000 * ms;
	int64_t n = 0;
	int st;

	do {
		st = rte_rmc_read_sync(qp, lb, 0, 1, 0, (n % 1024) * 64, 64,
			H_HANG_MS * 1000);
		if (st != RTE_RMC_STATUS_OK) {
			printf("FAIL: victim read: %s\n", rte_rmc_strerror(st));
			return -1;
		}
		n++;
	} while (rte_rdtsc() < end);
	return n;
}

/*
 * The victim's progress during the flood, by order rather than by time: a
 * phase lasts until the RMC has taken a whole WQ of the flood's entries (and
 * at least one victim request), so the victim's requests of a phase were
 * served while the flood was being taken. Each phase must count one or more.
 */
static int
victim_phases(struct rte_rmc_qp *qp, const struct rte_rmc_lbuf *lb, const struct h_raw *fr,
		uint64_t *total)
{
	uint64_t ops[FLOOD_PHASES], n, start, deadline;
	unsigned int p;
	int st;

	*total = 0;
	for (p = 0; p < FLOOD_PHASES; p++) {
		start = __atomic_load_n(&fr->hdr->wq_consumed, __ATOMIC_ACQUIRE);
		deadline = rte_rdtsc() + rte_get_tsc_hz() / 1000 * H_HANG_MS;
		n = 0;
		do {
			st = rte_rmc_read_sync(qp, lb, 0, 1, 0, (n % 1024) * 64, 64,
				H_HANG_MS * 1000);
			if (st != RTE_RMC_STATUS_OK) {
				printf("FAIL: phase %u: victim read: %s\n", p, rte_rmc_strerror(st));
				return -1;
			}
			n++;
		} while (__atomic_load_n(&fr->hdr->wq_consumed, __ATOMIC_ACQUIRE) - start <
				fr->depth && rte_rdtsc() < deadline);
		if (__atomic_load_n(&fr->hdr->wq_consumed, __ATOMIC_ACQUIRE) - start < fr->depth) {
			printf("FAIL: phase %u: the RMC took less than a WQ of the flood in %u ms\n",
				p, H_HANG_MS);
			return -1;
		}
		ops[p] = n;
		*total += n;
	}
	printf("victim requests completed per flood phase (a phase: the RMC takes %u flood "
		"entries):", fr->depth);
	for (p = 0; p < FLOOD_PHASES; p++)
		printf(" %" PRIu64, ops[p]);
	printf("\n");
	for (p = 0; p < FLOOD_PHASES; p++)
		if (ops[p] < 1) {
			printf("FAIL: phase %u: the victim completed no request\n", p);
			return -1;
		}
	return 0;
}

struct flooder {
	struct h_raw *r;
	struct rte_rmc_wqe junk;
	struct rte_rmc_wqe ok;
	uint64_t written;
	volatile int stop;
};

/*
 * Refill every WQ slot the RMC has taken, forever, and pretend to have
 * consumed every completion. Sleeps between refills, so that the victim's
 * CPU is not what the attack takes away.
 */
static void *
flooder_main(void *arg)
{
	const struct timespec ts = { .tv_sec = 0, .tv_nsec = 50000 };
	struct flooder *f = arg;
	struct h_raw *r = f->r;

	__atomic_store_n(&r->hdr->cq_consumed, UINT64_MAX, __ATOMIC_RELEASE);
	while (!f->stop) {
		uint64_t taken = __atomic_load_n(&r->hdr->wq_consumed, __ATOMIC_ACQUIRE);

		while (r->wq_pos < taken + r->depth) {
			h_raw_post(r, (r->wq_pos & 3) == 0 ? &f->ok : &f->junk);
			f->written++;
		}
		nanosleep(&ts, NULL);
	}
	return NULL;
}

static int
flood_cq_full(struct h_env *e, struct rte_rmc_qp *vqp, const struct rte_rmc_lbuf *vlb)
{
	struct h_raw *r = &e->raw;
	struct rte_rmc_wqe w;
	uint64_t i, depth = r->depth;

	/* A whole WQ of junk, then the next lap written as soon as allowed. */
	memset(&w, 0, sizeof(w));
	w.opcode = 0x77;
	for (i = 0; i < depth; i++)
		h_raw_post(r, &w);
	RMC_TEST_ASSERT(h_wait_passes(e->c.node[0], 8) == 0, "RMC passes");
	RMC_TEST_ASSERT_EQ(__atomic_load_n(&r->hdr->wq_consumed, __ATOMIC_ACQUIRE), depth,
		"first lap taken");
	for (i = 0; i < depth; i++)
		h_raw_post(r, &w);
	RMC_TEST_ASSERT(h_wait_passes(e->c.node[0], 8) == 0, "RMC passes");
	/* The CQ is full and nobody drains it: nothing more is taken. */
	RMC_TEST_ASSERT_EQ(__atomic_load_n(&r->hdr->wq_consumed, __ATOMIC_ACQUIRE), depth,
		"entries taken while the CQ had no room");
	RMC_TEST_ASSERT(victim_ops(vqp, vlb, 20) > 0, "victim served while the CQ is full");
	/* Consuming 10 completions makes room for exactly 10 entries. */
	__atomic_store_n(&r->hdr->cq_consumed, 10, __ATOMIC_RELEASE);
	for (i = 0; i < 1000 && __atomic_load_n(&r->hdr->wq_consumed, __ATOMIC_ACQUIRE) !=
			depth + 10; i++)
		RMC_TEST_ASSERT(h_wait_passes(e->c.node[0], 1) == 0, "RMC passes");
	RMC_TEST_ASSERT(h_wait_passes(e->c.node[0], 8) == 0, "RMC passes");
	RMC_TEST_ASSERT_EQ(__atomic_load_n(&r->hdr->wq_consumed, __ATOMIC_ACQUIRE), depth + 10,
		"entries taken after 10 completions were consumed");
	/* A counter beyond what was produced is clamped: all the rest is taken. */
	__atomic_store_n(&r->hdr->cq_consumed, UINT64_MAX, __ATOMIC_RELEASE);
	RMC_TEST_ASSERT(h_wait_passes(e->c.node[0], 8) == 0, "RMC passes");
	RMC_TEST_ASSERT_EQ(__atomic_load_n(&r->hdr->wq_consumed, __ATOMIC_ACQUIRE), 2 * depth,
		"entries taken with a lying CQ counter");
	/* A counter going backwards (0): no room at all, nothing taken. */
	__atomic_store_n(&r->hdr->cq_consumed, 0, __ATOMIC_RELEASE);
	for (i = 0; i < depth; i++)
		h_raw_post(r, &w);
	RMC_TEST_ASSERT(h_wait_passes(e->c.node[0], 8) == 0, "RMC passes");
	RMC_TEST_ASSERT_EQ(__atomic_load_n(&r->hdr->wq_consumed, __ATOMIC_ACQUIRE), 2 * depth,
		"entries taken with a CQ counter going backwards");
	RMC_TEST_ASSERT(victim_ops(vqp, vlb, 20) > 0, "victim served");
	return TEST_SUCCESS;
}

/* A 256 KiB read of the victim (64 chunks), in microseconds; -1 on error. */
static int64_t
victim_large_us(struct rte_rmc_qp *qp, const struct rte_rmc_lbuf *lb)
{
	uint64_t t0 = rte_rdtsc();
	int st = rte_rmc_read_sync(qp, lb, 0, 1, 0, 0, 256 << 10, H_HANG_MS * 1000);

	if (st != RTE_RMC_STATUS_OK) {
		printf("FAIL: victim's large read: %s\n", rte_rmc_strerror(st));
		return -1;
	}
	return (rte_rdtsc() - t0) * 1000000 / rte_get_tsc_hz();
}

#define HOG_QPS 4
#define HOG_DEPTH 4096

/*
 * The ITT entries the hog QPs hold, sampled over many RMC passes. On shm
 * their reads take the node's ITT: each QP holds at most its cap. On a
 * message driver each read to node 1 holds entries of node 0's protocol ITT:
 * this process (hostile and victim sessions are one application to the
 * node) holds at most its protocol share, and the hogs must hold some, or
 * the attack never reached the table.
 */
static int
flood_itt_held(struct h_env *e)
{
	struct rte_rmc_usage u;
	uint32_t max_itt = 0, max_proto = 0, share;
	unsigned int i;

	for (i = 0; i < 200; i++) {
		RMC_TEST_ASSERT(h_wait_passes(e->c.node[0], 2) == 0, "RMC passes");
		RMC_TEST_ASSERT(rte_rmc_node_usage_get(e->c.node[0], &u) == 0, "usage");
		max_itt = RTE_MAX(max_itt, u.itt_in_use);
		max_proto = RTE_MAX(max_proto, rmc_proto_in_use(e->c.node[0]));
	}
	if (h_driver == NULL) {
		printf("ITT entries held by %u QPs with %u x 1 MiB reads posted each: at most %u "
			"(cap %u per QP)\n", HOG_QPS, HOG_DEPTH, max_itt, RMC_ITT_PER_QP);
		RMC_TEST_ASSERT(max_itt > 0, "the hogs never held an ITT entry");
		RMC_TEST_ASSERT(max_itt <= HOG_QPS * RMC_ITT_PER_QP, "ITT share of a QP exceeded");
		return TEST_SUCCESS;
	}
	share = rmc_quota_proto_share(e->c.node[0]);
	printf("protocol ITT entries held by %u QPs with %u x 1 MiB reads posted each: at most "
		"%u (the application's share %u of %u)\n", HOG_QPS, HOG_DEPTH, max_proto, share,
		RMC_PROTO_ITT_ENTRIES);
	RMC_TEST_ASSERT(max_proto > 0, "the hogs never held a protocol ITT entry");
	RMC_TEST_ASSERT(max_proto <= share, "protocol ITT share exceeded: %u > %u", max_proto,
		share);
	return TEST_SUCCESS;
}

/* Large transfers on several deep QPs try to take every ITT entry. */
static int
flood_itt(struct h_env *e, struct rte_rmc_qp *vqp, const struct rte_rmc_lbuf *vlb)
{
	struct rte_rmc_qp *hog[HOG_QPS];
	struct rte_rmc_usage u;
	struct rte_rmc_wqe w;
	struct h_raw r;
	int64_t normal, loaded;
	unsigned int q, i;

	normal = victim_large_us(vqp, vlb);
	RMC_TEST_ASSERT(normal >= 0, "large read");
	memset(&w, 0, sizeof(w));
	w.opcode = RTE_RMC_OP_READ;
	w.dst_nid = 1;
	w.lbuf_id = e->lbuf[1].id;
	w.length = H_CTX0_SIZE;
	for (q = 0; q < HOG_QPS; q++) {
		hog[q] = rte_rmc_qp_create(e->c.sess[0], HOG_DEPTH);
		RMC_TEST_ASSERT(hog[q] != NULL, "hog QP");
		memset(&r, 0, sizeof(r));
		r.hdr = hog[q]->hdr;
		r.wq = hog[q]->wq;
		r.cq = hog[q]->cq;
		r.depth = HOG_DEPTH;
		__atomic_store_n(&r.hdr->cq_consumed, UINT64_MAX, __ATOMIC_RELEASE);
		for (i = 0; i < HOG_DEPTH; i++)
			h_raw_post(&r, &w);
	}
	RMC_TEST_ASSERT(h_wait_passes(e->c.node[0], 64) == 0, "RMC passes");
	if (flood_itt_held(e) != TEST_SUCCESS)
		return TEST_FAILED;
	loaded = victim_large_us(vqp, vlb);
	RMC_TEST_ASSERT(loaded >= 0, "victim's large read under the ITT attack");
	printf("victim 256 KiB read: %" PRId64 " us normally, %" PRId64 " us while %u QPs hold "
		"their ITT share\n", normal, loaded, HOG_QPS);
	/* Destroying the QPs drops what has not started: the ITT empties. */
	for (q = 0; q < HOG_QPS; q++)
		rte_rmc_qp_destroy(hog[q]);
	/* Each QP's first read had started, so it was finished: whole copies. */
	memcpy(e->lb[1].shadow, e->ctx[1][0].shadow, H_CTX0_SIZE);
	/*
	 * Teardown is asynchronous: the QPs drain (their started transfers
	 * finish) and are freed at the control thread's next tick. Wait for
	 * that by what the node reports (bounded only against a hang).
	 */
	for (q = 0; q < 30000; q++) {
		RMC_TEST_ASSERT(rte_rmc_node_usage_get(e->c.node[0], &u) == 0, "usage");
		if (u.qps_draining == 0)
			break;
		rte_delay_ms(1);
	}
	RMC_TEST_ASSERT_EQ(u.qps_draining, 0, "QPs still draining after 30 s");
	RMC_TEST_ASSERT_EQ(u.itt_in_use, 0, "ITT entries left after the QPs were destroyed");
	RMC_TEST_ASSERT_EQ(rmc_proto_in_use(e->c.node[0]), 0,
		"protocol ITT entries left after the QPs were destroyed");
	return TEST_SUCCESS;
}

static int
hostile_flood(void)
{
	struct rte_rmc_lbuf vlb;
	struct rte_rmc_qp *vqp, *fqp;
	struct flooder f;
	struct h_raw fr;
	struct h_env e;
	pthread_t th;
	int64_t normal, attacked;
	uint64_t taken0, taken1, phased;
	int ret = TEST_FAILED;

	if (h_setup(&e, "t_flood", 64) < 0)
		goto out;
	vqp = rte_rmc_qp_create(e.victim, 32);
	RMC_TEST_ASSERT(vqp != NULL, "victim QP");
	RMC_TEST_ASSERT(rte_rmc_lbuf_register(e.victim, 256 << 10, &vlb) == 0, "victim lbuf");
	if (flood_cq_full(&e, vqp, &vlb) != TEST_SUCCESS)
		goto out;

	/* Victim throughput, then the same while a 4096-deep WQ floods the RMC. */
	normal = victim_ops(vqp, &vlb, 300);
	RMC_TEST_ASSERT(normal > 0, "victim alone");
	fqp = rte_rmc_qp_create(e.c.sess[0], 4096);
	RMC_TEST_ASSERT(fqp != NULL, "flood QP");
	memset(&fr, 0, sizeof(fr));
	fr.hdr = fqp->hdr;
	fr.wq = fqp->wq;
	fr.cq = fqp->cq;
	fr.depth = 4096;
	memset(&f, 0, sizeof(f));
	f.r = &fr;
	f.junk.opcode = RTE_RMC_OP_READ;
	f.junk.dst_nid = 1;
	f.junk.lbuf_id = e.lbuf[H_VICTIM].id; /* not the hostile's: refused */
	f.junk.length = 64;
	f.ok = f.junk;
	f.ok.lbuf_id = e.lbuf[0].id;          /* a real read into its own buffer */
	RMC_TEST_ASSERT(pthread_create(&th, NULL, flooder_main, &f) == 0, "flooder");
	taken0 = __atomic_load_n(&fr.hdr->wq_consumed, __ATOMIC_ACQUIRE);
	attacked = victim_ops(vqp, &vlb, 300);
	taken1 = __atomic_load_n(&fr.hdr->wq_consumed, __ATOMIC_ACQUIRE);
	if (victim_phases(vqp, &vlb, &fr, &phased) < 0) {
		f.stop = 1;
		pthread_join(th, NULL);
		goto out;
	}
	f.stop = 1;
	pthread_join(th, NULL);
	RMC_TEST_ASSERT(attacked > 0, "victim starved by the flood");
	RMC_TEST_ASSERT(phased >= FLOOD_PHASES, "victim's requests during %u flood phases: %"
		PRIu64, FLOOD_PHASES, phased);
	printf("victim QP, synchronous 64 B reads: %" PRId64 " ops/s alone, %" PRId64 " ops/s "
		"during the flood (%.0f%%); flood entries taken by the RMC: %" PRIu64 "/s\n",
		normal * 1000 / 300, attacked * 1000 / 300, 100.0 * attacked / normal,
		(taken1 - taken0) * 1000 / 300);
	/* The flood's valid reads changed the hostile's buffer: nothing else. */
	memcpy(e.lb[0].shadow, e.ctx[1][0].shadow, 64);
	if (h_compare(&e, "after the flood") < 0)
		goto out;
	if (flood_itt(&e, vqp, &vlb) != TEST_SUCCESS)
		goto out;
	ret = h_compare(&e, "after the ITT attack") < 0 ? TEST_FAILED : TEST_SUCCESS;
out:
	h_teardown(&e);
	return ret;
}
RMC_REGISTER_TEST(hostile_flood_autotest, hostile_flood,
	.suite = "reliability", .timeout = 120, .no_huge = 1, .memcheck = 1);

int
hostile_flood_run(const char *driver, const char *args)
{
	int ret;

	h_driver = driver;
	h_driver_args = args;
	ret = hostile_flood();
	h_driver = NULL;
	h_driver_args = NULL;
	return ret;
}

/* The flood's valid reads go to node 1 as protocol requests: the share bounds them. */
static int
hostile_flood_ring(void)
{
	return hostile_flood_run("ring", NULL);
}
RMC_REGISTER_TEST(hostile_flood_ring_autotest, hostile_flood_ring,
	.suite = "reliability", .timeout = 180, .no_huge = 1);
