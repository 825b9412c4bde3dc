/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/* The libsonuma names, mapped onto the native API. */

#include <errno.h>
#include <inttypes.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_common.h>
#include <rte_errno.h>
#include <rte_pause.h>

#include "rmc_app_lat.h"
#include "rmc_common.h"
#include "rte_rmc.h"
#include "rte_rmc_msg.h"
#include "sonuma.h"

#define KAL_MAX_HANDLES 16

struct rmc_wq {
	struct rte_rmc_qp *qp;
	wq_entry_t entry[MAX_NUM_WQ]; /* what each slot carries, for handlers */
	struct rmc_cq *cq;
};

struct rmc_cq {
	struct rmc_wq *wq;
};

static struct {
	struct rte_rmc_session *s;
	struct rmc_wq *last_wq;
	struct rte_rmc_msg_ep *msg;  /* messaging endpoint of rmc_send/rmc_recv */
	uint64_t msg_off;            /* where its area is in context 0 */
} kal_handles[KAL_MAX_HANDLES];

struct rte_rmc_session *
kal_session(int fd)
{
	if (fd < 0 || fd >= KAL_MAX_HANDLES)
		return NULL;
	return kal_handles[fd].s;
}

int
kal_open(char *kal_name)
{
	int i;

	RTE_SET_USED(kal_name);
	for (i = 0; i < KAL_MAX_HANDLES; i++)
		if (kal_handles[i].s == NULL)
			break;
	if (i == KAL_MAX_HANDLES) {
		fprintf(stderr, "kal_open: more than %d handles open\n", KAL_MAX_HANDLES);
		return -1;
	}
	kal_handles[i].s = rte_rmc_attach(NULL, -1, NULL);
	if (kal_handles[i].s == NULL) {
		fprintf(stderr, "kal_open: cannot attach to the node: %s\n",
			rte_strerror(rte_errno));
		return -1;
	}
	return i;
}

int
kal_reg_wq(int fd, rmc_wq_t **wq_ptr)
{
	struct rte_rmc_session *s = kal_session(fd);
	struct rmc_wq *wq;

	if (s == NULL || wq_ptr == NULL)
		return -1;
	wq = calloc(1, sizeof(*wq) + sizeof(struct rmc_cq));
	if (wq == NULL)
		return -1;
	wq->qp = rte_rmc_qp_create(s, MAX_NUM_WQ);
	if (wq->qp == NULL) {
		free(wq);
		return -1;
	}
	wq->cq = (struct rmc_cq *)(wq + 1);
	wq->cq->wq = wq;
	kal_handles[fd].last_wq = wq;
	*wq_ptr = wq;
	return 0;
}

int
kal_reg_cq(int fd, rmc_cq_t **cq_ptr)
{
	if (kal_session(fd) == NULL || kal_handles[fd].last_wq == NULL || cq_ptr == NULL) {
		fprintf(stderr, "kal_reg_cq: register a WQ with kal_reg_wq first\n");
		return -1;
	}
	*cq_ptr = kal_handles[fd].last_wq->cq;
	return 0;
}

int
kal_reg_lbuff(int fd, uint8_t **buff_ptr, uint32_t num_pages)
{
	struct rte_rmc_session *s = kal_session(fd);
	struct rte_rmc_lbuf lb;
	int ret;

	if (s == NULL || buff_ptr == NULL || num_pages == 0) {
		fprintf(stderr, "kal_reg_lbuff: bad handle or zero pages\n");
		return -1;
	}
	ret = rte_rmc_lbuf_register(s, (uint64_t)num_pages * PAGE_SIZE_SONUMA, &lb);
	if (ret < 0) {
		fprintf(stderr, "kal_reg_lbuff: %s\n", strerror(-ret));
		return -1;
	}
	*buff_ptr = lb.addr;
	return 0;
}

int
kal_reg_ctx(int fd, uint8_t **ctx_ptr, uint32_t num_pages)
{
	struct rte_rmc_session *s = kal_session(fd);
	uint64_t size = 0;
	void *addr;

	if (s == NULL || ctx_ptr == NULL)
		return -1;
	addr = rte_rmc_ctx_map(s, 0, &size);
	if (addr == NULL) {
		fprintf(stderr, "kal_reg_ctx: node %u has no context 0\n", rte_rmc_node_id(s));
		return -1;
	}
	if ((uint64_t)num_pages * PAGE_SIZE_SONUMA > size) {
		fprintf(stderr, "kal_reg_ctx: context 0 of node %u has %" PRIu64 " pages, %u "
			"asked; start rmcd with a larger --ctx-size\n", rte_rmc_node_id(s),
			size / PAGE_SIZE_SONUMA, num_pages);
		return -1;
	}
	*ctx_ptr = addr;
	return 0;
}

/* Build the native entry and remember what the handler will be shown. */
static void
rmc_compat_wqe(struct rmc_wq *wq, struct rte_rmc_wqe *w, uint8_t op, uint8_t *lbuff_base,
		uint64_t lbuff_offset, int snid, uint32_t ctx_id, uint64_t ctx_offset,
		uint64_t length)
{
	struct rte_rmc_lbuf lb;
	int found = rte_rmc_lbuf_find(rte_rmc_qp_session(wq->qp), lbuff_base, 1, &lb) == 0;

	memset(w, 0, sizeof(*w));
	w->opcode = op;
	/* Out-of-range ids are kept out of range, so that the RMC rejects them. */
	w->dst_nid = snid < 0 || snid > UINT16_MAX ? UINT16_MAX : snid;
	w->ctx_id = ctx_id > UINT16_MAX ? UINT16_MAX : ctx_id;
	w->ctx_offset = ctx_offset;
	w->length = length;
	if (found) {
		w->lbuf_id = lb.id;
		w->lbuf_offset = (uint64_t)(lbuff_base - (uint8_t *)lb.addr) + lbuff_offset;
	} else {
		w->lbuf_id = UINT16_MAX;
	}
}

static void
rmc_compat_remember(struct rmc_wq *wq, int slot, const struct rte_rmc_wqe *w,
		uint8_t *lbuff_base, uint64_t lbuff_offset)
{
	wq_entry_t *e = &wq->entry[slot];

	e->buf_addr = (uint64_t)(uintptr_t)lbuff_base;
	e->buf_offset = lbuff_offset;
	e->offset = w->ctx_offset;
	e->length = w->length;
	e->cid = w->ctx_id;
	e->nid = w->dst_nid;
	e->op = w->opcode == RTE_RMC_OP_READ ? 'r' : 'w';
	e->status = RTE_RMC_STATUS_OK;
}

static int
rmc_compat_sync(rmc_wq_t *wq, uint8_t op, uint8_t *lbuff_base, uint64_t lbuff_offset,
		int snid, uint32_t ctx_id, uint64_t ctx_offset, uint64_t length)
{
	struct rte_rmc_wqe w;

	/* Latency model: the request counts from this call (building it is part of it). */
	rmc_app_lat_call(wq->qp);
	rmc_compat_wqe(wq, &w, op, lbuff_base, lbuff_offset, snid, ctx_id, ctx_offset, length);
	return rte_rmc_exec_sync(wq->qp, &w, 0, NULL);
}

int
rmc_rread_sync(rmc_wq_t *wq, rmc_cq_t *cq, uint8_t *lbuff_base, uint64_t lbuff_offset,
		int snid, uint32_t ctx_id, uint64_t ctx_offset, uint64_t length)
{
	RTE_SET_USED(cq);
	return rmc_compat_sync(wq, RTE_RMC_OP_READ, lbuff_base, lbuff_offset, snid, ctx_id,
		ctx_offset, length);
}

int
rmc_rwrite_sync(rmc_wq_t *wq, rmc_cq_t *cq, uint8_t *lbuff_base, uint64_t lbuff_offset,
		int snid, uint32_t ctx_id, uint64_t ctx_offset, uint64_t length)
{
	RTE_SET_USED(cq);
	return rmc_compat_sync(wq, RTE_RMC_OP_WRITE, lbuff_base, lbuff_offset, snid, ctx_id,
		ctx_offset, length);
}

static int
rmc_compat_async(rmc_wq_t *wq, uint8_t op, uint8_t *lbuff_base, uint64_t lbuff_offset,
		int snid, uint32_t ctx_id, uint64_t ctx_offset, uint64_t length)
{
	struct rte_rmc_wqe w;
	int slot;

	rmc_compat_wqe(wq, &w, op, lbuff_base, lbuff_offset, snid, ctx_id, ctx_offset, length);
	slot = rte_rmc_post(wq->qp, &w);
	if (slot >= 0)
		rmc_compat_remember(wq, slot, &w, lbuff_base, lbuff_offset);
	return slot;
}

int
rmc_rread_async(rmc_wq_t *wq, uint8_t *lbuff_base, uint64_t lbuff_offset, int snid,
		uint32_t ctx_id, uint64_t ctx_offset, uint64_t length)
{
	return rmc_compat_async(wq, RTE_RMC_OP_READ, lbuff_base, lbuff_offset, snid, ctx_id,
		ctx_offset, length);
}

int
rmc_rwrite_async(rmc_wq_t *wq, uint8_t *lbuff_base, uint64_t lbuff_offset, int snid,
		uint32_t ctx_id, uint64_t ctx_offset, uint64_t length)
{
	return rmc_compat_async(wq, RTE_RMC_OP_WRITE, lbuff_base, lbuff_offset, snid, ctx_id,
		ctx_offset, length);
}

int
rmc_drain_cq(rmc_wq_t *wq, rmc_cq_t *cq, async_handler *handler, void *owner)
{
	struct rte_rmc_completion cpl[32];
	uint16_t i, n;
	int total = 0;

	RTE_SET_USED(cq);
	do {
		n = rte_rmc_poll(wq->qp, cpl, RTE_DIM(cpl));
		for (i = 0; i < n; i++) {
			uint32_t tid = cpl[i].wq_index;

			wq->entry[tid].status = cpl[i].status;
			if (handler != NULL)
				handler((uint8_t)tid, &wq->entry[tid], owner);
		}
		total += n;
	} while (n == RTE_DIM(cpl));
	return total;
}

int
rmc_check_cq(rmc_wq_t *wq, rmc_cq_t *cq, async_handler *handler, void *owner)
{
	struct rte_rmc_qp *qp = wq->qp;
	/* CLOCK_MONOTONIC, not the TSC, which a VM's host may step back or forth. */
	uint64_t start = rmc_now_ns();
	uint64_t limit = (uint64_t)RTE_RMC_SYNC_TIMEOUT_US_DEFAULT * 1000;
	uint32_t spins = 0;

	for (;;) {
		rmc_drain_cq(wq, cq, handler, owner);
		if (rte_rmc_qp_room(qp) > 0)
			return 0;
		if (rte_rmc_qp_node_stopped(qp))
			return -ECONNRESET;
		if (rmc_now_ns() - start > limit)
			return -ETIMEDOUT;
		/* Now and then, let threads sharing the CPU (the RMCs) run. */
		if ((++spins & 1023) == 0)
			sched_yield();
		else
			rte_pause();
	}
}

/*
 * The messaging endpoint behind rmc_send/rmc_recv: port 0 of the caller's
 * node, its area at 'ctx' (which points into context 0 as kal_reg_ctx()
 * mapped it; the same offset on every node), opened on first use.
 */
static struct rte_rmc_msg_ep *
kal_msg_ep(rmc_wq_t *wq, char *ctx)
{
	struct rte_rmc_session *s;
	struct rte_rmc_msg_conf conf;
	uint64_t size = 0, off;
	uint8_t *base;
	int i;

	if (wq == NULL || ctx == NULL)
		return NULL;
	s = rte_rmc_qp_session(wq->qp);
	for (i = 0; i < KAL_MAX_HANDLES; i++)
		if (kal_handles[i].s == s)
			break;
	if (i == KAL_MAX_HANDLES)
		return NULL;
	base = rte_rmc_ctx_map(s, 0, &size);
	if (base == NULL || (uint8_t *)ctx < base || (uint8_t *)ctx >= base + size) {
		fprintf(stderr, "rmc_send/rmc_recv: ctx must point into context 0 (kal_reg_ctx)\n");
		return NULL;
	}
	off = (uint8_t *)ctx - base;
	if (kal_handles[i].msg != NULL && kal_handles[i].msg_off == off)
		return kal_handles[i].msg;
	rte_rmc_msg_close(kal_handles[i].msg);
	memset(&conf, 0, sizeof(conf));
	conf.ctx_offset = off;
	kal_handles[i].msg = rte_rmc_msg_open(s, 0, &conf);
	kal_handles[i].msg_off = off;
	if (kal_handles[i].msg == NULL)
		fprintf(stderr, "rmc_send/rmc_recv: cannot open messaging at offset %" PRIu64
			" of context 0: %s\n", off, rte_strerror(rte_errno));
	return kal_handles[i].msg;
}

int
rmc_send(rmc_wq_t *wq, rmc_cq_t *cq, char *ctx, char *lbuff_ptr, int lbuff_offset,
		char *data, int size, int snid)
{
	struct rte_rmc_msg_ep *ep = kal_msg_ep(wq, ctx);

	RTE_SET_USED(cq);
	RTE_SET_USED(lbuff_ptr);
	RTE_SET_USED(lbuff_offset);
	if (ep == NULL)
		return -EINVAL;
	if (size < 0 || snid < 0 || snid > UINT16_MAX)
		return -EINVAL;
	return rte_rmc_msg_send(ep, snid, 0, data, size, 0);
}

int
rmc_recv(rmc_wq_t *wq, rmc_cq_t *cq, char *ctx, char *lbuff_ptr, int lbuff_offset,
		int snid, char *data, int size)
{
	struct rte_rmc_msg_ep *ep = kal_msg_ep(wq, ctx);
	int ret;

	RTE_SET_USED(cq);
	RTE_SET_USED(lbuff_ptr);
	RTE_SET_USED(lbuff_offset);
	if (ep == NULL)
		return -EINVAL;
	if (size < 0 || snid < 0 || snid > UINT16_MAX)
		return -EINVAL;
	ret = rte_rmc_msg_recv_from(ep, snid, 0, data, size, RTE_RMC_SYNC_TIMEOUT_US_DEFAULT);
	return ret == -EAGAIN ? -ETIMEDOUT : ret;
}

struct rte_rmc_qp *
rmc_wq_qp(rmc_wq_t *wq)
{
	return wq->qp;
}
