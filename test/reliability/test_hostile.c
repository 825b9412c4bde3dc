/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * A hostile application against the RMC (WQ entries are untrusted).
 * It writes raw WQ entries into its shared QP: random bytes, fields set to
 * every edge value (huge lengths, offsets that wrap past 2^64, ids out of
 * range, unaligned atomics, other applications' local buffers, ranges past
 * its own), wrong phases and half-written entries. Every completion's status
 * is compared with the reference model (rmc_wqe_model.h); every context and
 * local buffer of the cluster, with the guard bytes past its end, is compared
 * with a shadow copy that only the predicted effects of valid requests change.
 * Well-formed requests go through rte_rmc_post() on a second QP and must
 * complete correctly in between.
 */

#include <string.h>

#include <rte_cycles.h>

#include "rmc_app.h"
#include "rmc_private.h"
#include "hostile_env.h"
#include "rel_scenarios.h"

#define H_SINGLE_OPS 20000
#define H_BURSTS 400
#define H_RAW_DEPTH 64

struct h_target {
	uint16_t nid;
	uint16_t cid;
};

static uint64_t
h_rand(struct h_env *e, uint64_t n)
{
	return n == 0 ? 0 : rmc_model_rand(&e->rng) % n;
}

/* A request that passes every check (except maybe the permission). */
static void
h_gen_valid(struct h_env *e, struct rte_rmc_wqe *w, uint64_t max_len)
{
	struct h_target t[RTE_RMC_MAX_CTX * 2];
	unsigned int nt = 0, nid, cid;
	const struct h_obj *c, *l;
	uint64_t len, lim, r;

	for (nid = 0; nid < 2; nid++)
		for (cid = 0; cid < RTE_RMC_MAX_CTX; cid++)
			if (e->mctx[nid][cid].exists) {
				t[nt].nid = nid;
				t[nt++].cid = cid;
			}
	r = h_rand(e, nt);
	c = &e->ctx[t[r].nid][t[r].cid];
	l = &e->lb[h_rand(e, 2)];
	memset(w, 0, sizeof(*w));
	w->opcode = RTE_RMC_OP_READ + h_rand(e, 4);
	w->flags = h_rand(e, 10) == 0 ? RTE_RMC_F_FENCE : 0;
	w->dst_nid = t[r].nid;
	w->ctx_id = t[r].cid;
	w->lbuf_id = e->lbuf[l - e->lb].id;
	w->user_tag = rmc_model_rand(&e->rng);
	w->operand0 = rmc_model_rand(&e->rng);
	w->operand1 = rmc_model_rand(&e->rng);
	if (w->opcode == RTE_RMC_OP_CAS || w->opcode == RTE_RMC_OP_FAA) {
		w->length = 8;
		w->ctx_offset = h_rand(e, c->size / 8) * 8;
		w->lbuf_offset = h_rand(e, l->size - 7);
		/* Half the CAS expect the current value, so that they swap. */
		if (w->opcode == RTE_RMC_OP_CAS && h_rand(e, 2))
			memcpy(&w->operand0, c->shadow + w->ctx_offset, 8);
		return;
	}
	lim = RTE_MIN(RTE_MIN(c->size, l->size), max_len);
	r = h_rand(e, 10);
	if (r < 5)
		len = 1 + h_rand(e, RTE_MIN(lim, UINT64_C(64)));
	else if (r < 8 || lim <= H_CHUNK)
		len = 1 + h_rand(e, RTE_MIN(lim, H_CHUNK));
	else
		len = H_CHUNK + 1 + h_rand(e, lim - H_CHUNK);
	w->length = len;
	w->ctx_offset = h_rand(e, c->size - len + 1);
	w->lbuf_offset = h_rand(e, l->size - len + 1);
}

/* Corrupt one field of an entry with an edge value. */
static void
h_mutate(struct h_env *e, struct rte_rmc_wqe *w)
{
	static const uint8_t ops[] = { 0, RTE_RMC_OP_SABRE + 1, 0x80, 0xff };
	static const uint8_t flags[] = { 0x08, 0x80, 0xff, 0x41 };
	static const uint16_t nids[] = { 2, 63, 64, 0xffff };
	static const uint16_t cids[] = { 1, 3, 4, 5, 63, 64, 0xffff };
	uint64_t csize = w->dst_nid < 2 && w->ctx_id < RTE_RMC_MAX_CTX ?
		e->mctx[w->dst_nid][w->ctx_id].size : 4096;
	struct h_obj *l = h_lbuf_obj(e, w->lbuf_id);
	uint64_t lsize = l != NULL ? l->size : 4096;
	uint64_t len = w->length;

	switch (h_rand(e, 10)) {
	case 0:
		w->opcode = ops[h_rand(e, RTE_DIM(ops))];
		break;
	case 1:
		w->flags = flags[h_rand(e, RTE_DIM(flags))];
		break;
	case 2: {
		const uint32_t v[] = { 1, 0x80000000u, 0xffffffffu,
			(uint32_t)rmc_model_rand(&e->rng) | 1 };

		w->start_tsc = v[h_rand(e, RTE_DIM(v))];
		break;
	}
	case 3:
		w->dst_nid = nids[h_rand(e, RTE_DIM(nids))];
		break;
	case 4:
		w->ctx_id = cids[h_rand(e, RTE_DIM(cids))];
		break;
	case 5: {
		/* Past the end, and offsets whose sum with the length wraps. */
		const uint64_t v[] = { csize, csize - len + 1, UINT64_MAX, UINT64_MAX - len + 1,
			UINT64_MAX - len + 2, UINT64_C(1) << 63,
			w->ctx_offset | (1 + h_rand(e, 7)) };

		w->ctx_offset = v[h_rand(e, RTE_DIM(v))];
		break;
	}
	case 6: {
		const uint64_t v[] = { 0, RTE_RMC_MAX_LENGTH, RTE_RMC_MAX_LENGTH + 1, UINT64_MAX,
			UINT64_C(1) << 63, 4, 16, lsize + 1, csize + 1 };

		w->length = v[h_rand(e, RTE_DIM(v))];
		break;
	}
	case 7: {
		/* The victim's buffer, ids never handed out, the other own buffer. */
		const uint16_t v[] = { e->lbuf[H_VICTIM].id, 1023, 1024, 0xffff,
			e->lbuf[w->lbuf_id == e->lbuf[0].id].id };

		w->lbuf_id = v[h_rand(e, RTE_DIM(v))];
		break;
	}
	case 8: {
		const uint64_t v[] = { lsize, lsize - len + 1, UINT64_MAX, UINT64_MAX - len + 1,
			UINT64_MAX - len + 2 };

		w->lbuf_offset = v[h_rand(e, RTE_DIM(v))];
		break;
	}
	default:
		w->opcode = RTE_RMC_OP_READ + h_rand(e, 4);
		break;
	}
}

/* Random bytes, half the time with the first fields made plausible. */
static void
h_gen_random(struct h_env *e, struct rte_rmc_wqe *w)
{
	uint64_t words[8];
	unsigned int i;

	for (i = 0; i < RTE_DIM(words); i++)
		words[i] = rmc_model_rand(&e->rng);
	memcpy(w, words, sizeof(*w));
	if (h_rand(e, 2)) {
		w->opcode = RTE_RMC_OP_READ + h_rand(e, 4);
		w->flags &= RTE_RMC_F_FENCE;
		w->start_tsc = 0;
		w->dst_nid = h_rand(e, 3);
		w->ctx_id = h_rand(e, 5);
		w->lbuf_id = e->lbuf[h_rand(e, H_NB_LBUF)].id;
		w->length = 1 + h_rand(e, 3 * H_CHUNK);
		w->ctx_offset = h_rand(e, H_CTX0_SIZE);
		w->lbuf_offset = h_rand(e, 2 * H_CHUNK);
	}
}

static void
h_gen(struct h_env *e, struct rte_rmc_wqe *w, uint64_t max_len)
{
	uint64_t r = h_rand(e, 10), k;

	if (r < 4) {
		h_gen_valid(e, w, max_len);
	} else if (r < 8) {
		h_gen_valid(e, w, max_len);
		for (k = 1 + h_rand(e, 3); k > 0; k--)
			h_mutate(e, w);
	} else {
		h_gen_random(e, w);
	}
}

/* Check one completion against the prediction and apply the effect. */
static int
h_check_cpl(struct h_env *e, const struct rte_rmc_wqe *w, int want, uint16_t status,
		uint64_t tag, uint64_t value, uint64_t op)
{
	uint64_t old = 0;

	if (status != want) {
		printf("FAIL op %" PRIu64 ": opcode %u flags %#x nid %u ctx %u lbuf %u ctx_off %#"
			PRIx64 " lbuf_off %#" PRIx64 " len %#" PRIx64 " start %#x: status %u "
			"(%s), expected %d (%s)\n", op, w->opcode, w->flags, w->dst_nid, w->ctx_id,
			w->lbuf_id, w->ctx_offset, w->lbuf_offset, w->length, w->start_tsc, status,
			rte_rmc_strerror(status), want, rte_rmc_strerror(want));
		return -1;
	}
	if (tag != w->user_tag) {
		printf("FAIL op %" PRIu64 ": tag %#" PRIx64 ", expected %#" PRIx64 "\n", op, tag,
			w->user_tag);
		return -1;
	}
	if (want != RTE_RMC_STATUS_OK)
		return 0;
	h_apply(e, w, &old);
	if ((w->opcode == RTE_RMC_OP_CAS || w->opcode == RTE_RMC_OP_FAA) && value != old) {
		printf("FAIL op %" PRIu64 ": atomic returned %#" PRIx64 ", expected %#" PRIx64 "\n",
			op, value, old);
		return -1;
	}
	return 0;
}

/* One request at a time, checked before the next. */
static int
h_single(struct h_env *e, struct rte_rmc_qp *wqp, uint64_t *counts)
{
	struct rte_rmc_completion cpl;
	struct rte_rmc_cqe cqe;
	struct rte_rmc_wqe w;
	uint64_t i, t0;
	int want;

	for (i = 0; i < rmc_test_ops(H_SINGLE_OPS); i++) {
		h_gen(e, &w, UINT64_MAX);
		want = rmc_model_status(&e->model, &w);
		counts[want]++;
		if (want == RTE_RMC_STATUS_OK && h_rand(e, 2)) {
			/* Well-formed: the ordinary API, on the other QP. */
			RMC_TEST_ASSERT(rte_rmc_post(wqp, &w) >= 0, "post");
			t0 = rte_rdtsc();
			while (rte_rmc_poll(wqp, &cpl, 1) == 0)
				RMC_TEST_ASSERT(rte_rdtsc() - t0 <
					rte_get_tsc_hz() / 1000 * H_HANG_MS, "no completion");
			if (h_check_cpl(e, &w, want, cpl.status, cpl.user_tag, cpl.value, i) < 0)
				return TEST_FAILED;
		} else {
			h_raw_post(&e->raw, &w);
			RMC_TEST_ASSERT(h_raw_reap(&e->raw, &cqe, H_HANG_MS) == 0,
				"op %" PRIu64 ": no completion", i);
			RMC_TEST_ASSERT_EQ(cqe.wq_index, (e->raw.wq_pos - 1) & (H_RAW_DEPTH - 1),
				"WQ index");
			if (h_check_cpl(e, &w, want, cqe.status, cqe.user_tag, cqe.value, i) < 0)
				return TEST_FAILED;
		}
		if (i % 64 == 63 && h_compare(e, "single requests") < 0)
			return TEST_FAILED;
	}
	return TEST_SUCCESS;
}

/* 1 if [a, a + alen) and [b, b + blen) overlap (both fit their object). */
static int
h_overlap(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a < b + blen && b < a + alen;
}

/*
 * 1 if the effects of two valid requests depend on their order: they touch
 * the same bytes of a context or of a local buffer and one of them writes
 * there (a write reads its local buffer; a read and the atomics write it).
 */
static int
h_conflict(const struct rte_rmc_wqe *a, const struct rte_rmc_wqe *b)
{
	int actx = a->opcode != RTE_RMC_OP_READ, bctx = b->opcode != RTE_RMC_OP_READ;
	int albuf = a->opcode != RTE_RMC_OP_WRITE, blbuf = b->opcode != RTE_RMC_OP_WRITE;

	if (a->dst_nid == b->dst_nid && a->ctx_id == b->ctx_id && (actx || bctx) &&
			h_overlap(a->ctx_offset, a->length, b->ctx_offset, b->length))
		return 1;
	return a->lbuf_id == b->lbuf_id && (albuf || blbuf) &&
		h_overlap(a->lbuf_offset, a->length, b->lbuf_offset, b->length);
}

/*
 * The spec orders a QP's requests only by fences: a request that conflicts
 * with an earlier valid request of its burst is fenced, so that the two
 * complete in WQ order; requests left unfenced commute. Then applying the
 * effects in completion order gives what the RMC must have done, on the
 * direct path as on the protocol path (where a write's payload leaves with
 * the message while an earlier read's or atomic's reply has not yet filled
 * the same local-buffer bytes: legal without a fence, and what broke the
 * model when it assumed WQ order).
 */
static void
h_fence_conflicts(struct rte_rmc_wqe *w, const int *want, unsigned int i)
{
	unsigned int j;

	if (want[i] != RTE_RMC_STATUS_OK)
		return;
	for (j = 0; j < i; j++)
		if (want[j] == RTE_RMC_STATUS_OK && h_conflict(&w[j], &w[i])) {
			w[i].flags |= RTE_RMC_F_FENCE;
			return;
		}
}

/*
 * Bursts of up to a whole WQ, posted before any completion is read. A valid
 * transfer of several chunks may only be last; conflicting requests are
 * fenced (h_fence_conflicts()), so the effects are applied as they complete.
 */
static int
h_bursts(struct h_env *e, uint64_t *counts)
{
	struct rte_rmc_wqe w[H_RAW_DEPTH];
	int want[H_RAW_DEPTH], seen[H_RAW_DEPTH];
	struct rte_rmc_cqe cqe;
	unsigned int b, i, n;
	uint64_t base;

	for (b = 0; b < rmc_test_ops(H_BURSTS); b++) {
		n = 1 + h_rand(e, H_RAW_DEPTH);
		base = e->raw.wq_pos;
		for (i = 0; i < n; i++) {
			do {
				h_gen(e, &w[i], i + 1 == n ? UINT64_MAX : H_CHUNK);
				want[i] = rmc_model_status(&e->model, &w[i]);
			} while (want[i] == RTE_RMC_STATUS_OK && w[i].length > H_CHUNK &&
				i + 1 != n);
			h_fence_conflicts(w, want, i);
			counts[want[i]]++;
			seen[i] = 0;
			h_raw_post(&e->raw, &w[i]);
		}
		for (i = 0; i < n; i++) {
			uint64_t pos;

			RMC_TEST_ASSERT(h_raw_reap(&e->raw, &cqe, H_HANG_MS) == 0,
				"burst %u: %u of %u completions", b, i, n);
			pos = (cqe.wq_index - base) & (H_RAW_DEPTH - 1);
			RMC_TEST_ASSERT(pos < n && !seen[pos], "burst %u: completion for slot %u",
				b, cqe.wq_index);
			seen[pos] = 1;
			/* Conflicting requests complete in WQ order (fenced). */
			if (h_check_cpl(e, &w[pos], want[pos], cqe.status, cqe.user_tag, cqe.value,
					b * 1000 + pos) < 0)
				return TEST_FAILED;
		}
		if (h_compare(e, "bursts") < 0)
			return TEST_FAILED;
	}
	return TEST_SUCCESS;
}

/* Phase bits: wrong, half-written entries, an entry ahead of a hole. */
static int
h_phases(struct h_env *e)
{
	struct h_raw *r = &e->raw;
	struct rte_rmc_wqe w, w2;
	struct rte_rmc_cqe cqe;
	uint64_t pos, consumed;
	int want;

	do {
		h_gen_valid(e, &w, H_CHUNK);
		want = rmc_model_status(&e->model, &w);
	} while (want != RTE_RMC_STATUS_OK);

	/* 1. Right fields, wrong phase (the next lap's): never taken. */
	pos = r->wq_pos;
	consumed = __atomic_load_n(&r->hdr->wq_consumed, __ATOMIC_ACQUIRE);
	RMC_TEST_ASSERT_EQ(consumed, pos, "RMC caught up");
	h_raw_write(r, pos, &w, rte_rmc_phase(pos, r->depth) ^ 1);
	RMC_TEST_ASSERT(h_wait_passes(e->c.node[0], 8) == 0, "RMC passes");
	RMC_TEST_ASSERT_EQ(__atomic_load_n(&r->hdr->wq_consumed, __ATOMIC_ACQUIRE), pos,
		"an entry with a wrong phase was taken");
	RMC_TEST_ASSERT(!h_raw_cqe_ready(r), "completion for an entry never posted");
	/* The right phase publishes it. */
	h_raw_post(r, &w);
	RMC_TEST_ASSERT(h_raw_reap(r, &cqe, H_HANG_MS) == 0, "completion");
	RMC_TEST_ASSERT(h_check_cpl(e, &w, want, cqe.status, cqe.user_tag, cqe.value, 0) == 0,
		"after the phase was fixed");

	/* 2. Half-written: first half new, old phase; never taken as is. */
	do {
		h_gen_valid(e, &w2, H_CHUNK);
		want = rmc_model_status(&e->model, &w2);
	} while (want != RTE_RMC_STATUS_OK);
	pos = r->wq_pos;
	memcpy(&r->wq[pos & (r->depth - 1)], &w2, 32);
	RMC_TEST_ASSERT(h_wait_passes(e->c.node[0], 8) == 0, "RMC passes");
	RMC_TEST_ASSERT_EQ(__atomic_load_n(&r->hdr->wq_consumed, __ATOMIC_ACQUIRE), pos,
		"a half-written entry was taken");
	h_raw_post(r, &w2);
	RMC_TEST_ASSERT(h_raw_reap(r, &cqe, H_HANG_MS) == 0, "completion");
	RMC_TEST_ASSERT(h_check_cpl(e, &w2, want, cqe.status, cqe.user_tag, cqe.value, 1) == 0,
		"the completed half-written entry");

	/* 3. An entry published one slot ahead of an empty one waits for it. */
	pos = r->wq_pos;
	h_raw_write(r, pos + 1, &w, rte_rmc_phase(pos + 1, r->depth));
	RMC_TEST_ASSERT(h_wait_passes(e->c.node[0], 8) == 0, "RMC passes");
	RMC_TEST_ASSERT_EQ(__atomic_load_n(&r->hdr->wq_consumed, __ATOMIC_ACQUIRE), pos,
		"an entry behind a hole was taken");
	h_raw_write(r, pos, &w2, rte_rmc_phase(pos, r->depth));
	r->wq_pos = pos + 2;
	RMC_TEST_ASSERT(h_raw_reap(r, &cqe, H_HANG_MS) == 0, "completion of the hole");
	RMC_TEST_ASSERT_EQ(cqe.wq_index, pos & (r->depth - 1), "in WQ order");
	RMC_TEST_ASSERT(h_check_cpl(e, &w2, RTE_RMC_STATUS_OK, cqe.status, cqe.user_tag, cqe.value,
		2) == 0, "hole");
	RMC_TEST_ASSERT(h_raw_reap(r, &cqe, H_HANG_MS) == 0, "completion of the next");
	RMC_TEST_ASSERT(h_check_cpl(e, &w, RTE_RMC_STATUS_OK, cqe.status, cqe.user_tag, cqe.value,
		3) == 0, "after the hole");
	return h_compare(e, "phases") < 0 ? TEST_FAILED : TEST_SUCCESS;
}

static int
hostile_wqe(void)
{
	uint64_t counts[RTE_RMC_STATUS_MAX] = { 0 };
	struct rte_rmc_usage u;
	struct rte_rmc_qp *wqp;
	struct h_env e;
	int ret = TEST_FAILED, i;

	if (h_setup(&e, "t_hostile", H_RAW_DEPTH) < 0) {
		printf("set-up failed\n");
		goto out;
	}
	wqp = rte_rmc_qp_create(e.c.sess[0], 32);
	if (wqp == NULL)
		goto out;
	if (h_single(&e, wqp, counts) != TEST_SUCCESS || h_bursts(&e, counts) != TEST_SUCCESS ||
			h_phases(&e) != TEST_SUCCESS || h_compare(&e, "the end") < 0)
		goto out;
	printf("hostile entries judged as the model says, guards intact:");
	for (i = 0; i < RTE_RMC_STATUS_MAX; i++)
		if (counts[i] != 0)
			printf(" %s %" PRIu64, rte_rmc_status_name(i), counts[i]);
	printf("\n");
	if (rte_rmc_node_usage_get(e.c.node[0], &u) < 0 || u.itt_in_use != 0) {
		printf("FAIL: ITT entries still in use: %u\n", u.itt_in_use);
		goto out;
	}
	ret = TEST_SUCCESS;
out:
	h_teardown(&e);
	return ret;
}
RMC_REGISTER_TEST(hostile_wqe_autotest, hostile_wqe,
	.suite = "reliability", .timeout = 120, .no_huge = 1, .memcheck = 1);

/*
 * The same entries with the protocol path between the nodes (ring driver):
 * requests to node 1 go as messages, served by node 1's RRPP, while those
 * to node 0 itself take the direct path, so the completions of a burst come
 * back in another order than the WQ's; conflicting requests are fenced
 * (h_fence_conflicts()), so the fences are tested on the protocol path too.
 */
int
hostile_wqe_run(const char *driver, const char *args)
{
	int ret;

	h_driver = driver;
	h_driver_args = args;
	ret = hostile_wqe();
	h_driver = NULL;
	h_driver_args = NULL;
	return ret;
}

static int
hostile_wqe_ring(void)
{
	return hostile_wqe_run("ring", NULL);
}
RMC_REGISTER_TEST(hostile_wqe_ring_autotest, hostile_wqe_ring,
	.suite = "reliability", .timeout = 180, .no_huge = 1);
