/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * PGAS data calls: get and put from and into ordinary memory, synchronous
 * and not, and atomics, on the handle's QP. A range inside a registered
 * local buffer goes to the RMC as it is (zero-copy); anything else is bounced
 * through the handle's own registered buffer, in pieces of one slot, each
 * in-flight request owning the slot of its tag.
 */

#include <errno.h>
#include <string.h>

#include "rmc_app.h"
#include "rmc_common.h"
#include "rmc_pgas_priv.h"

static uint8_t *
rmc_pgas_slot_buf(struct rte_rmc_pgas *p, uint32_t slot)
{
	return (uint8_t *)p->bounce.addr + (uint64_t)slot * RMC_PGAS_SLOT_SIZE;
}

static void
rmc_pgas_complete(struct rte_rmc_pgas *p, const struct rte_rmc_completion *c)
{
	struct rmc_pgas_op *op;

	if (c->user_tag >= RMC_PGAS_DEPTH || !p->ops[c->user_tag].used)
		return;
	op = &p->ops[c->user_tag];
	op->status = c->status;
	if (c->status == RTE_RMC_STATUS_OK && op->dst != NULL)
		memcpy(op->dst, rmc_pgas_slot_buf(p, c->user_tag), op->len);
	if (c->status == RTE_RMC_STATUS_OK && op->old != NULL)
		*op->old = c->value;
	if (op->sync) {
		op->done = 1; /* the waiting caller frees it */
		return;
	}
	if (op->req != NULL) {
		if (c->status != RTE_RMC_STATUS_OK && op->req->status == RTE_RMC_STATUS_OK)
			op->req->status = c->status;
		op->req->pending--;
	} else if (c->status != RTE_RMC_STATUS_OK && p->first_err == 0) {
		p->first_err = c->status;
	}
	op->used = 0;
	p->inflight--;
}

void
rmc_pgas_progress(struct rte_rmc_pgas *p)
{
	struct rte_rmc_completion cpl[16];
	uint16_t i, n;

	do {
		n = rte_rmc_poll(p->qp, cpl, RTE_DIM(cpl));
		for (i = 0; i < n; i++)
			rmc_pgas_complete(p, &cpl[i]);
	} while (n == RTE_DIM(cpl));
}

/* A free slot, waiting for completions when all are in flight. */
static uint32_t
rmc_pgas_slot_get(struct rte_rmc_pgas *p)
{
	uint32_t i, round = 0;

	for (;;) {
		for (i = 0; p->inflight < RMC_PGAS_DEPTH && i < RMC_PGAS_DEPTH; i++) {
			if (p->ops[i].used)
				continue;
			memset(&p->ops[i], 0, sizeof(p->ops[i]));
			p->ops[i].used = 1;
			p->inflight++;
			return i;
		}
		rmc_pgas_progress(p);
		rmc_pgas_backoff(&round);
	}
}

/* Post one request of slot 'slot'; the WQ has room for every slot. */
static int
rmc_pgas_post(struct rte_rmc_pgas *p, uint32_t slot, uint8_t op, uint16_t nid, uint16_t ctx,
		uint64_t off, const struct rte_rmc_lbuf *lb, uint64_t lb_off, uint64_t len,
		uint64_t op0, uint64_t op1)
{
	uint32_t round = 0;
	int ret;

	for (;;) {
		if (op == RTE_RMC_OP_READ)
			ret = rte_rmc_read(p->qp, lb, lb_off, nid, ctx, off, len, slot, 0);
		else if (op == RTE_RMC_OP_WRITE)
			ret = rte_rmc_write(p->qp, lb, lb_off, nid, ctx, off, len, slot, 0);
		else if (op == RTE_RMC_OP_CAS)
			ret = rte_rmc_cas(p->qp, lb, lb_off, nid, ctx, off, op0, op1, slot, 0);
		else
			ret = rte_rmc_faa(p->qp, lb, lb_off, nid, ctx, off, op0, slot, 0);
		if (ret != -ENOSPC)
			return ret < 0 ? ret : 0;
		rmc_pgas_progress(p);
		rmc_pgas_backoff(&round);
	}
}

int
rmc_pgas_exec(struct rte_rmc_pgas *p, uint8_t op, uint16_t nid, uint16_t ctx,
		uint64_t off, void *buf, uint64_t len, uint64_t op0, uint64_t op1, uint64_t *old)
{
	uint64_t deadline = rmc_now_ns() + RTE_RMC_PGAS_TIMEOUT_MS_DEFAULT * 1000000ull;
	uint32_t slot, round = 0;
	struct rmc_pgas_op *o;
	int ret;

	if (len > RMC_PGAS_SLOT_SIZE || nid >= p->n)
		return -EINVAL;
	slot = rmc_pgas_slot_get(p);
	o = &p->ops[slot];
	o->sync = 1;
	o->old = old;
	if (op == RTE_RMC_OP_READ) {
		o->dst = buf;
		o->len = len;
	} else if (op == RTE_RMC_OP_WRITE) {
		memcpy(rmc_pgas_slot_buf(p, slot), buf, len);
	}
	ret = rmc_pgas_post(p, slot, op, nid, ctx, off, &p->bounce,
		(uint64_t)slot * RMC_PGAS_SLOT_SIZE, len, op0, op1);
	while (ret == 0 && !o->done) {
		rmc_pgas_progress(p);
		if (o->done)
			break;
		if (rmc_now_ns() > deadline) {
			/* Its late completion frees the slot and touches nothing of ours. */
			o->sync = 0;
			o->dst = NULL;
			o->old = NULL;
			return RTE_RMC_STATUS_TIMED_OUT;
		}
		rmc_pgas_backoff(&round);
	}
	if (ret == 0)
		ret = o->status;
	o->used = 0;
	p->inflight--;
	return ret;
}

static int
rmc_pgas_args_ok(const struct rte_rmc_pgas *p, const void *buf, uint16_t nid,
		const struct rte_rmc_pgas_region *r, uint64_t len)
{
	return p != NULL && buf != NULL && r != NULL && nid < p->n && len > 0;
}

/* Start a get or a put of any length, in pieces; 0 or -EINVAL. */
static int
rmc_pgas_xfer_nbi(struct rte_rmc_pgas *p, uint8_t op, void *buf, uint16_t nid,
		const struct rte_rmc_pgas_region *r, uint64_t off, uint64_t len,
		struct rte_rmc_pgas_req *req)
{
	struct rte_rmc_lbuf lb;
	uint64_t done, piece, max;
	int zc, ret;

	if (!rmc_pgas_args_ok(p, buf, nid, r, len))
		return -EINVAL;
	zc = rte_rmc_lbuf_find(p->s, buf, len, &lb) == 0;
	max = zc ? RTE_RMC_MAX_LENGTH : RMC_PGAS_SLOT_SIZE;
	if (req != NULL) {
		req->pending = 0;
		req->status = RTE_RMC_STATUS_OK;
	}
	for (done = 0; done < len; done += piece) {
		uint32_t slot = rmc_pgas_slot_get(p);
		struct rmc_pgas_op *o = &p->ops[slot];
		uint8_t *b = (uint8_t *)buf + done;

		piece = RTE_MIN(len - done, max);
		o->req = req;
		if (!zc && op == RTE_RMC_OP_READ) {
			o->dst = b;
			o->len = piece;
		} else if (!zc) {
			memcpy(rmc_pgas_slot_buf(p, slot), b, piece);
		}
		if (req != NULL)
			req->pending++;
		ret = rmc_pgas_post(p, slot, op, nid, r->id, off + done, zc ? &lb : &p->bounce,
			zc ? (uint64_t)(b - (uint8_t *)lb.addr) : (uint64_t)slot * RMC_PGAS_SLOT_SIZE,
			piece, 0, 0);
		if (ret < 0) {
			o->used = 0;
			p->inflight--;
			if (req != NULL)
				req->pending--;
			return ret;
		}
	}
	return 0;
}

int
rte_rmc_pgas_get_nbi(struct rte_rmc_pgas *p, void *dst, uint16_t nid,
		const struct rte_rmc_pgas_region *r, uint64_t off, uint64_t len,
		struct rte_rmc_pgas_req *req)
{
	return rmc_pgas_xfer_nbi(p, RTE_RMC_OP_READ, dst, nid, r, off, len, req);
}

int
rte_rmc_pgas_put_nbi(struct rte_rmc_pgas *p, const void *src, uint16_t nid,
		const struct rte_rmc_pgas_region *r, uint64_t off, uint64_t len,
		struct rte_rmc_pgas_req *req)
{
	/* Only read from: the RMC's write takes it as its source. */
	return rmc_pgas_xfer_nbi(p, RTE_RMC_OP_WRITE, (void *)(uintptr_t)src, nid, r, off, len,
		req);
}

int
rte_rmc_pgas_test(struct rte_rmc_pgas *p, struct rte_rmc_pgas_req *req)
{
	if (p == NULL || req == NULL)
		return -EINVAL;
	if (req->pending != 0)
		rmc_pgas_progress(p);
	return req->pending == 0;
}

/* The caller gives up on req: its requests' late completions must not touch it. */
static void
rmc_pgas_forget(struct rte_rmc_pgas *p, const struct rte_rmc_pgas_req *req)
{
	uint32_t i;

	for (i = 0; i < RMC_PGAS_DEPTH; i++)
		if (p->ops[i].used && p->ops[i].req == req) {
			p->ops[i].req = NULL;
			p->ops[i].dst = NULL;
		}
}

int
rte_rmc_pgas_wait(struct rte_rmc_pgas *p, struct rte_rmc_pgas_req *req)
{
	uint64_t deadline = rmc_now_ns() + RTE_RMC_PGAS_TIMEOUT_MS_DEFAULT * 1000000ull;
	uint32_t round = 0;
	int ret;

	while ((ret = rte_rmc_pgas_test(p, req)) == 0) {
		if (rmc_now_ns() > deadline) {
			rmc_pgas_forget(p, req);
			return -ETIMEDOUT;
		}
		rmc_pgas_backoff(&round);
	}
	return ret < 0 ? ret : req->status;
}

int
rte_rmc_pgas_quiet(struct rte_rmc_pgas *p)
{
	uint64_t deadline = rmc_now_ns() + RTE_RMC_PGAS_TIMEOUT_MS_DEFAULT * 1000000ull;
	uint32_t i, round = 0;
	int ret;

	if (p == NULL)
		return -EINVAL;
	for (rmc_pgas_progress(p); p->inflight != 0; rmc_pgas_progress(p)) {
		if (rmc_now_ns() > deadline) {
			for (i = 0; i < RMC_PGAS_DEPTH; i++)
				rmc_pgas_forget(p, p->ops[i].req);
			return -ETIMEDOUT;
		}
		rmc_pgas_backoff(&round);
	}
	ret = p->first_err;
	p->first_err = 0;
	return ret;
}

int
rte_rmc_pgas_get(struct rte_rmc_pgas *p, void *dst, uint16_t nid,
		const struct rte_rmc_pgas_region *r, uint64_t off, uint64_t len)
{
	struct rte_rmc_pgas_req req;
	int ret = rte_rmc_pgas_get_nbi(p, dst, nid, r, off, len, &req);

	return ret < 0 ? ret : rte_rmc_pgas_wait(p, &req);
}

int
rte_rmc_pgas_put(struct rte_rmc_pgas *p, const void *src, uint16_t nid,
		const struct rte_rmc_pgas_region *r, uint64_t off, uint64_t len)
{
	struct rte_rmc_pgas_req req;
	int ret = rte_rmc_pgas_put_nbi(p, src, nid, r, off, len, &req);

	return ret < 0 ? ret : rte_rmc_pgas_wait(p, &req);
}

int
rte_rmc_pgas_fetch_add(struct rte_rmc_pgas *p, uint16_t nid,
		const struct rte_rmc_pgas_region *r, uint64_t off, uint64_t add, uint64_t *old)
{
	if (p == NULL || r == NULL)
		return -EINVAL;
	return rmc_pgas_exec(p, RTE_RMC_OP_FAA, nid, r->id, off, NULL, 8, add, 0, old);
}

int
rte_rmc_pgas_cas(struct rte_rmc_pgas *p, uint16_t nid, const struct rte_rmc_pgas_region *r,
		uint64_t off, uint64_t expected, uint64_t desired, uint64_t *old)
{
	if (p == NULL || r == NULL)
		return -EINVAL;
	return rmc_pgas_exec(p, RTE_RMC_OP_CAS, nid, r->id, off, NULL, 8, expected, desired,
		old);
}

int
rte_rmc_pgas_swap(struct rte_rmc_pgas *p, uint16_t nid, const struct rte_rmc_pgas_region *r,
		uint64_t off, uint64_t value, uint64_t *old)
{
	uint64_t guess = 0, seen;
	int ret;

	/* Guess, and learn the real value from each failed attempt. */
	for (;;) {
		ret = rte_rmc_pgas_cas(p, nid, r, off, guess, value, &seen);
		if (ret != 0)
			return ret;
		if (seen == guess)
			break;
		guess = seen;
	}
	if (old != NULL)
		*old = seen;
	return 0;
}
