/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * Fuzz target: the decoding and validation of WQ entries (rmc_wqe_check())
 * and their execution on a context (rmc_ctx_execute_inline()), chunk by chunk as the
 * RMC does. The context and three local buffers (the QP owner's, another
 * application's, a free slot) live in arrays with guard bytes on both sides.
 *
 * Input: 8 bytes of set-up (context size and permission, buffer sizes, chunk
 * size), then any number of 64-byte WQ entries. For each entry the status
 * must be the one the reference model (rmc_wqe_model.h) gives, a validated
 * local-buffer address must lie inside the owner's buffer, a request must
 * never fail after its first chunk, and every byte of every array, guards
 * included, must hold exactly what the model says.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rmc_private.h"
#include "rmc_wqe_check.h"
#include "rmc_wqe_model.h"

#define FZ_GUARD 64
#define FZ_CTX_MAX 16384
#define FZ_LB_MAX 8192
#define FZ_NODES 4

static uint8_t ctx_mem[FZ_GUARD + FZ_CTX_MAX + FZ_GUARD] __attribute__((aligned(64)));
static uint8_t ctx_want[sizeof(ctx_mem)];
static uint8_t ctx_init[sizeof(ctx_mem)];
static uint8_t lb_mem[3][FZ_GUARD + FZ_LB_MAX + FZ_GUARD] __attribute__((aligned(64)));
static uint8_t lb_want[3][sizeof(lb_mem[0])];
static uint8_t lb_init[3][sizeof(lb_mem[0])];
static struct rmc_model_ctx fz_mctx;
static int me, other;

static const struct rmc_model_ctx *
fz_ctx(void *arg, uint16_t nid, uint16_t ctx_id)
{
	RTE_SET_USED(arg);
	RTE_SET_USED(nid);
	return ctx_id == 0 ? &fz_mctx : NULL;
}

static void __rte_noreturn
fz_fail(const struct rte_rmc_wqe *w, const char *what, long a, long b)
{
	fprintf(stderr, "fuzz_wqe: %s (%ld, %ld): opcode %u flags %#x nid %u ctx %u lbuf %u "
		"ctx_off %#" PRIx64 " lbuf_off %#" PRIx64 " len %#" PRIx64 " start %#x\n",
		what, a, b, w->opcode, w->flags, w->dst_nid, w->ctx_id, w->lbuf_id, w->ctx_offset,
		w->lbuf_offset, w->length, w->start_tsc);
	abort();
}

/* What the request must have done, applied to the expected images. */
static uint64_t
fz_apply(const struct rte_rmc_wqe *w)
{
	uint8_t *c = ctx_want + FZ_GUARD + w->ctx_offset;
	uint8_t *l = lb_want[0] + FZ_GUARD + w->lbuf_offset;
	uint64_t v, nv;

	switch (w->opcode) {
	case RTE_RMC_OP_READ:
	case RTE_RMC_OP_SABRE:
		memcpy(l, c, w->length);
		memcpy(&v, c, 8);
		return w->opcode == RTE_RMC_OP_SABRE ? v : 0;
	case RTE_RMC_OP_WRITE:
		memcpy(c, l, w->length);
		return 0;
	case RTE_RMC_OP_CAS:
		memcpy(&v, c, 8);
		if (v == w->operand0)
			memcpy(c, &w->operand1, 8);
		memcpy(l, &v, 8);
		return v;
	default:
		memcpy(&v, c, 8);
		nv = v + w->operand0;
		memcpy(c, &nv, 8);
		memcpy(l, &v, 8);
		return v;
	}
}

static void
fz_compare(const struct rte_rmc_wqe *w)
{
	static const struct rte_rmc_wqe none;

	if (memcmp(ctx_mem, ctx_want, sizeof(ctx_mem)) != 0)
		fz_fail(w ? w : &none, "context (or its guards) differs from the model", 0, 0);
	if (memcmp(lb_mem, lb_want, sizeof(lb_mem)) != 0)
		fz_fail(w ? w : &none, "a local buffer (or its guards) differs from the model", 0,
			0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rmc_model_lbuf mlb[3];
	struct rmc_lbuf lbufs[3];
	struct rmc_ctx_view view;
	struct rmc_model model;
	uint64_t chunk, ctx_size;
	size_t off, i;

	if (size < 8)
		return 0;
	if (ctx_init[1] == 0) {
		for (off = 0; off < sizeof(ctx_init); off++)
			ctx_init[off] = (uint8_t)(off * 13 + 1);
		for (i = 0; i < 3; i++)
			for (off = 0; off < sizeof(lb_init[i]); off++)
				lb_init[i][off] = (uint8_t)(off * 7 + i);
	}
	ctx_size = 1 + (data[0] | data[1] << 8) % FZ_CTX_MAX;
	chunk = UINT64_C(64) << (data[7] % 8);
	memset(lbufs, 0, sizeof(lbufs));
	memset(mlb, 0, sizeof(mlb));
	for (i = 0; i < 3; i++) {
		lbufs[i].base = lb_mem[i] + FZ_GUARD;
		lbufs[i].size = 1 + (data[3 + i] * 37u) % FZ_LB_MAX;
		mlb[i].size = lbufs[i].size;
	}
	memcpy(lb_mem, lb_init, sizeof(lb_mem));
	lbufs[0].owner = (void *)&me;
	lbufs[1].owner = (void *)&other;
	lbufs[2].owner = NULL;  /* a free slot */
	mlb[0].mine = 1;
	memcpy(ctx_mem, ctx_init, sizeof(ctx_mem));
	memcpy(ctx_want, ctx_mem, sizeof(ctx_mem));
	memcpy(lb_want, lb_mem, sizeof(lb_mem));
	view.base = ctx_mem + FZ_GUARD;
	view.size = ctx_size;
	view.perm = data[2] & 1 ? RTE_RMC_PERM_RW : RTE_RMC_PERM_RO;
	view.valid = 1;
	fz_mctx.exists = 1;
	fz_mctx.size = ctx_size;
	fz_mctx.writable = view.perm == RTE_RMC_PERM_RW;
	model.node_count = FZ_NODES;
	model.nb_lbufs = 3;
	model.lbufs = mlb;
	model.ctx = fz_ctx;
	model.arg = NULL;

	for (off = 8; off + sizeof(struct rte_rmc_wqe) <= size; off += sizeof(struct rte_rmc_wqe)) {
		struct rte_rmc_wqe w;
		struct rmc_xfer x;
		uint8_t *lbuf = NULL;
		uint64_t done = 0, want_value = 0;
		int st, want;

		memcpy(&w, data + off, sizeof(w));
		memset(&x, 0, sizeof(x));
		want = rmc_model_status(&model, &w);
		/* A SABRe of an object whose version says "being written": a conflict. */
		if (want == RTE_RMC_STATUS_OK && w.opcode == RTE_RMC_OP_SABRE &&
				(ctx_want[FZ_GUARD + w.ctx_offset] & 1))
			want = RTE_RMC_STATUS_CONFLICT;
		st = rmc_wqe_check(&w, FZ_NODES, lbufs, 3, &me, &lbuf);
		if (st == RTE_RMC_STATUS_OK && (lbuf < lbufs[0].base ||
				lbuf + w.length > lbufs[0].base + lbufs[0].size))
			fz_fail(&w, "validated local address outside the buffer",
				(long)(lbuf - lbufs[0].base), (long)lbufs[0].size);
		/* Chunk by chunk, each one checked again, as rmc_rgp.c does. */
		while (st == RTE_RMC_STATUS_OK && done < w.length) {
			st = rmc_wqe_check(&w, FZ_NODES, lbufs, 3, &me, &lbuf);
			if (st != RTE_RMC_STATUS_OK)
				fz_fail(&w, "a chunk lost its validation", st, (long)done);
			x.lbuf = lbuf + done;
			x.ctx_offset = w.ctx_offset + done;
			/* A SABRe is copied whole (rmc_rgp.c). */
			x.length = w.opcode == RTE_RMC_OP_SABRE ? w.length :
				RTE_MIN(chunk, w.length - done);
			x.check_length = w.length - done;
			x.operand0 = w.opcode == RTE_RMC_OP_SABRE ? w.ctx_offset : w.operand0;
			x.operand1 = w.operand1;
			x.dst_nid = w.dst_nid;
			x.ctx_id = w.ctx_id;
			x.opcode = w.opcode;
			st = rmc_ctx_execute_inline(w.ctx_id == 0 ? &view : NULL, &x);
			if (st != RTE_RMC_STATUS_OK && done > 0)
				fz_fail(&w, "a request failed after its first chunk", st,
					(long)done);
			done += x.length;
		}
		if (st != want)
			fz_fail(&w, "status differs from the model", st, want);
		if (st == RTE_RMC_STATUS_OK)
			want_value = fz_apply(&w);
		/* CAS, FAA: the old word; SABRe: the version read. */
		if (st == RTE_RMC_STATUS_OK && w.opcode >= RTE_RMC_OP_CAS && x.result != want_value)
			fz_fail(&w, "atomic returned another old value", (long)x.result,
				(long)want_value);
		/* Memory is compared after each executed request, and at the end. */
		if (st == RTE_RMC_STATUS_OK)
			fz_compare(&w);
	}
	fz_compare(NULL);
	return 0;
}
