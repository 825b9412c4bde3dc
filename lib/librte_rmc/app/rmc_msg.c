/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * Messaging over one-sided operations (rte_rmc_msg.h), on the application
 * side: it only posts remote reads and writes on a queue pair of its own,
 * so it works over every driver. This file opens and closes an endpoint and
 * lays out its area; rmc_msg_send.c and rmc_msg_recv.c move the messages.
 *
 * Area of an endpoint, in its node's context (offsets from the area):
 *     0                 struct rmc_msg_area (magic stored last: "open")
 *     consumed_off      u64 per sender: messages this endpoint consumed
 *                       from it (written here, read by a sender that
 *                       (re)starts, to continue where the receiver is)
 *     credit_off        u64 per receiver: what that receiver consumed of
 *                       ours, written by it remotely: epoch16 << 48 | count
 *     ring_off          per sender: 'slots' slots of slot_size bytes
 *     stage_off         per receiver: a byte ring of stage_size bytes
 *                       holding our large messages until it pulled them
 * Senders and receivers are indexed nid * max_ports + port.
 *
 * A slot: struct rmc_msg_slot (32 bytes) then inline data. The sender writes
 * the slot from 'len' on, then (fenced: after that write completed) its
 * sequence word, epoch32 << 32 | (index + 1), which the receiver compares
 * with the value it expects next. Old or torn values never match.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_common.h>
#include <rte_cycles.h>
#include <rte_errno.h>
#include <rte_random.h>

#include "rmc_log.h"
#include "rmc_msg_priv.h"
#include "rte_rmc_msg.h"

static int
rmc_msg_resolve(const struct rte_rmc_msg_conf *in, uint16_t nodes, struct rte_rmc_msg_conf *c,
		struct rmc_msg_layout *l)
{
	uint64_t nb;

	memset(c, 0, sizeof(*c));
	if (in != NULL)
		*c = *in;
	if (c->slot_size == 0)
		c->slot_size = 256;
	if (c->max_msg == 0)
		c->max_msg = 64 << 10;
	if (c->max_ports == 0)
		c->max_ports = 1;
	if (c->slots == 0)
		c->slots = 16;
	if (c->slot_size % 64 != 0 || c->slot_size < 64 || c->slot_size > 65536 ||
			c->slots < 2 || c->slots > 4096 || (c->slots & (c->slots - 1)) != 0 ||
			c->max_ports > 1024 || c->max_msg > MSG_MAX_MSG ||
			c->ctx_offset % 64 != 0 ||
			c->ctx_id >= RTE_RMC_MAX_CTX || nodes == 0 || nodes > RTE_RMC_MAX_NODES)
		return -EINVAL;
	nb = (uint64_t)nodes * c->max_ports;
	l->nb_ep = nb;
	l->inline_max = c->slot_size - sizeof(struct rmc_msg_slot);
	l->consumed_off = sizeof(struct rmc_msg_area);
	l->credit_off = RTE_ALIGN_CEIL(l->consumed_off + 8 * nb, 64);
	l->ring_off = RTE_ALIGN_CEIL(l->credit_off + 8 * nb, 64);
	l->ring_bytes = (uint64_t)c->slots * c->slot_size;
	l->stage_off = l->ring_off + nb * l->ring_bytes;
	l->stage_size = c->max_msg > l->inline_max ?
		RTE_ALIGN_CEIL(2 * (uint64_t)c->max_msg, 64) : 0;
	l->size = RTE_ALIGN_CEIL(l->stage_off + nb * l->stage_size, 64);
	return 0;
}

uint64_t
rte_rmc_msg_area_size(const struct rte_rmc_msg_conf *conf, uint16_t node_count)
{
	struct rte_rmc_msg_conf c;
	struct rmc_msg_layout l;

	return rmc_msg_resolve(conf, node_count, &c, &l) < 0 ? 0 : l.size;
}

static void
rmc_msg_fail(struct rte_rmc_msg_ep *ep, uint16_t status)
{
	if (ep->err_status == RTE_RMC_STATUS_OK)
		RMC_LOG(ERR, "messaging endpoint %u.%u: a remote operation failed: %s", ep->nid,
			ep->port, rte_rmc_strerror(status));
	if (ep->err_status == RTE_RMC_STATUS_OK)
		ep->err_status = status;
}

/* Take in completions: their tags give back transmit buffers. */
void
rmc_msg_reap(struct rte_rmc_msg_ep *ep)
{
	struct rte_rmc_completion cpl[32];
	uint16_t i, n;

	do {
		n = rte_rmc_poll(ep->qp, cpl, RTE_DIM(cpl));
		for (i = 0; i < n; i++) {
			uint64_t tag = cpl[i].user_tag;

			if (cpl[i].status != RTE_RMC_STATUS_OK)
				rmc_msg_fail(ep, cpl[i].status);
			if (tag >= 1 && tag <= MSG_QP_DEPTH)
				ep->tx_free[ep->nb_free++] = tag - 1;
		}
	} while (n == RTE_DIM(cpl));
}

struct rte_rmc_msg_ep *
rte_rmc_msg_open(struct rte_rmc_session *s, uint16_t port, const struct rte_rmc_msg_conf *conf)
{
	struct rte_rmc_msg_conf c;
	struct rmc_msg_layout l;
	struct rte_rmc_msg_ep *ep;
	struct rmc_msg_area *a;
	uint64_t ctx_size = 0, need;
	uint32_t i;
	int ret;

	if (s == NULL || rmc_msg_resolve(conf, rte_rmc_node_count(s), &c, &l) < 0 ||
			port >= c.max_ports) {
		RMC_LOG(ERR, "messaging: invalid configuration or port %u", port);
		rte_errno = EINVAL;
		return NULL;
	}
	ep = calloc(1, sizeof(*ep) + l.nb_ep * sizeof(ep->peer[0]));
	if (ep == NULL) {
		rte_errno = ENOMEM;
		return NULL;
	}
	ep->s = s;
	ep->conf = c;
	ep->lay = l;
	ep->nid = rte_rmc_node_id(s);
	ep->port = port;
	ep->me = rte_rmc_node_id(s) * c.max_ports + port;
	ep->hz = rte_rmc_tsc_hz(s);
	ep->ctx = rte_rmc_ctx_map(s, c.ctx_id, &ctx_size);
	if (ep->ctx == NULL) {
		RMC_LOG(ERR, "messaging: node %u has no context %u", rte_rmc_node_id(s), c.ctx_id);
		ret = -ENOENT;
		goto fail;
	}
	need = c.ctx_offset + (uint64_t)c.max_ports * l.size;
	if (need > ctx_size) {
		RMC_LOG(ERR, "messaging: %u port(s) of %" PRIu64 " bytes from offset %" PRIu64
			" need %" PRIu64 " bytes of context %u; node %u's has %" PRIu64,
			c.max_ports, l.size, c.ctx_offset, need, c.ctx_id, rte_rmc_node_id(s),
			ctx_size);
		ret = -ENOSPC;
		goto fail;
	}
	if (l.stage_size > 0) {
		ep->stage_end = calloc((uint64_t)l.nb_ep * c.slots, sizeof(uint64_t));
		if (ep->stage_end == NULL) {
			ret = -ENOMEM;
			goto fail;
		}
	}
	ep->qp = rte_rmc_qp_create(s, MSG_QP_DEPTH);
	if (ep->qp == NULL) {
		ret = -rte_errno;
		goto fail;
	}
	ret = rte_rmc_lbuf_register(s, (uint64_t)MSG_QP_DEPTH * c.slot_size + MSG_HDR_BUF +
		c.max_msg, &ep->lb);
	if (ret < 0)
		goto fail;
	for (i = 0; i < MSG_QP_DEPTH; i++)
		ep->tx_free[ep->nb_free++] = MSG_QP_DEPTH - 1 - i;
	do {
		ep->epoch = (uint32_t)(rte_rand() ^ ((uint64_t)getpid() << 16) ^ rte_rdtsc());
	} while (ep->epoch == 0);
	/* Unpublish, clear, publish: senders check the magic last. */
	ep->area = ep->ctx + rmc_msg_area_off(ep, port);
	a = (struct rmc_msg_area *)ep->area;
	__atomic_store_n(&a->magic, 0, __ATOMIC_RELEASE);
	memset(ep->area + sizeof(*a), 0, l.size - sizeof(*a));
	a->version = MSG_VERSION;
	a->node_count = rte_rmc_node_count(s);
	a->max_ports = c.max_ports;
	a->slots = c.slots;
	a->slot_size = c.slot_size;
	a->max_msg = c.max_msg;
	a->epoch = ep->epoch;
	__atomic_store_n(&a->magic, MSG_MAGIC, __ATOMIC_RELEASE);
	return ep;
fail:
	if (ep->qp != NULL)
		rte_rmc_qp_destroy(ep->qp);
	free(ep->stage_end);
	free(ep);
	rte_errno = -ret;
	return NULL;
}

int
rte_rmc_msg_flush(struct rte_rmc_msg_ep *ep, uint32_t timeout_us)
{
	uint64_t t0 = rte_rdtsc();

	if (ep == NULL)
		return -EINVAL;
	if (timeout_us == 0)
		timeout_us = RTE_RMC_SYNC_TIMEOUT_US_DEFAULT;
	for (;;) {
		rmc_msg_reap(ep);
		if (ep->err_status != RTE_RMC_STATUS_OK)
			return -EIO;
		if (ep->nb_free == MSG_QP_DEPTH)
			return 0;
		if (rmc_msg_us(ep, t0) > timeout_us)
			return -ETIMEDOUT;
		rmc_msg_relax(ep);
	}
}

void
rte_rmc_msg_close(struct rte_rmc_msg_ep *ep)
{
	uint32_t i;

	if (ep == NULL)
		return;
	for (i = 0; i < ep->lay.nb_ep; i++)
		rmc_msg_push_credit(ep, i);
	rte_rmc_msg_flush(ep, 1000000);
	__atomic_store_n(&((struct rmc_msg_area *)ep->area)->magic, 0, __ATOMIC_RELEASE);
	rte_rmc_qp_destroy(ep->qp);
	free(ep->stage_end);
	free(ep);
}

/* Tell sender si how many of its messages we consumed. */
void
rmc_msg_push_credit(struct rte_rmc_msg_ep *ep, uint32_t si)
{
	struct rmc_msg_peer *pr = &ep->peer[si];
	uint16_t nid = si / ep->conf.max_ports, port = si % ep->conf.max_ports;
	uint32_t idx;

	if (pr->credit_pushed == pr->recvd || ep->nb_free == 0)
		return;
	idx = ep->tx_free[--ep->nb_free];
	*(uint64_t *)rmc_msg_tx_buf(ep, idx) = (uint64_t)(ep->epoch & 0xffff) << 48 |
		(pr->recvd & MSG_COUNT_MASK);
	if (rte_rmc_write(ep->qp, &ep->lb, (uint64_t)idx * ep->conf.slot_size, nid,
			ep->conf.ctx_id,
			rmc_msg_area_off(ep, port) + ep->lay.credit_off + 8 * ep->me, 8, idx + 1,
			0) < 0) {
		ep->tx_free[ep->nb_free++] = idx; /* WQ full: again on the next call */
		return;
	}
	pr->credit_pushed = pr->recvd;
}
