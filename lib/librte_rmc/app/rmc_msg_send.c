/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * Messaging, the sending side (rte_rmc_msg_send): contacting a receiver,
 * its credits, staging large messages, and writing a slot then its sequence
 * word. The formats are described in rmc_msg.c.
 */

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <rte_common.h>
#include <rte_cycles.h>

#include "rmc_log.h"
#include "rmc_msg_priv.h"
#include "rte_rmc_msg.h"

/* A transmit buffer (tag = index + 1), waiting for completions if needed. */
static int
rmc_msg_tx_get(struct rte_rmc_msg_ep *ep, uint64_t t0, uint64_t timeout_us, uint32_t *idx)
{

	while (ep->nb_free == 0) {
		rmc_msg_reap(ep);
		if (ep->nb_free > 0)
			break;
		if (rmc_msg_us(ep, t0) > timeout_us)
			return -ETIMEDOUT;
		rmc_msg_relax(ep);
	}
	*idx = ep->tx_free[--ep->nb_free];
	return 0;
}

/*
 * Post a write of 'len' bytes from byte 'skip' of transmit buffer idx; the
 * buffer comes back with its completion.
 */
static int
rmc_msg_post_write(struct rte_rmc_msg_ep *ep, uint32_t idx, uint32_t skip, uint16_t nid,
		uint64_t ctx_off, uint64_t len, uint32_t flags, uint64_t t0, uint64_t timeout_us)
{
	int ret;

	for (;;) {
		ret = rte_rmc_write(ep->qp, &ep->lb, (uint64_t)idx * ep->conf.slot_size + skip,
			nid, ep->conf.ctx_id, ctx_off, len, idx + 1, flags);
		if (ret >= 0)
			return 0;
		rmc_msg_reap(ep);
		if (rmc_msg_us(ep, t0) > timeout_us) {
			ep->tx_free[ep->nb_free++] = idx;
			return -ETIMEDOUT;
		}
		rmc_msg_relax(ep);
	}
}

/* Read 'len' bytes of (nid, ctx offset) into the header buffer. */
static int
rmc_msg_read_small(struct rte_rmc_msg_ep *ep, uint16_t nid, uint64_t off, uint64_t len)
{
	return rte_rmc_read_sync(ep->qp, &ep->lb, (uint64_t)MSG_QP_DEPTH * ep->conf.slot_size,
		nid, ep->conf.ctx_id, off, len, 0);
}

static inline void *
rmc_msg_hdr_buf(const struct rte_rmc_msg_ep *ep)
{
	return (uint8_t *)ep->lb.addr + (uint64_t)MSG_QP_DEPTH * ep->conf.slot_size;
}

/*
 * First message to an endpoint: wait until it is open, check that it uses
 * our configuration, and start where it stands with us.
 */
static int
rmc_msg_contact(struct rte_rmc_msg_ep *ep, uint16_t nid, uint16_t port, struct rmc_msg_peer *pr,
		uint64_t t0, uint64_t timeout_us)
{
	uint64_t off = rmc_msg_area_off(ep, port), base;
	struct rmc_msg_area a;
	int st, said = 0;

	for (;;) {
		st = rmc_msg_read_small(ep, nid, off, sizeof(a));
		if (st != RTE_RMC_STATUS_OK && st != RTE_RMC_STATUS_BAD_CTX &&
				st != RTE_RMC_STATUS_OUT_OF_BOUNDS) {
			RMC_LOG(ERR, "messaging: cannot reach endpoint %u.%u: %s", nid, port,
				rte_rmc_strerror(st));
			return -EIO;
		}
		memcpy(&a, rmc_msg_hdr_buf(ep), sizeof(a));
		if (st == RTE_RMC_STATUS_OK && a.magic == MSG_MAGIC)
			break;
		if (rmc_msg_us(ep, t0) > timeout_us) {
			RMC_LOG(ERR, "messaging: endpoint %u.%u is not open (%s)", nid, port,
				st == RTE_RMC_STATUS_OK ? "no receiver yet" : rte_rmc_strerror(st));
			return -ECONNREFUSED;
		}
		if (!said++)
			RMC_LOG(DEBUG, "messaging: waiting for endpoint %u.%u to open", nid, port);
		usleep(1000);
	}
	if (a.version != MSG_VERSION || a.node_count != rte_rmc_node_count(ep->s) ||
			a.max_ports != ep->conf.max_ports || a.slots != ep->conf.slots ||
			a.slot_size != ep->conf.slot_size || a.max_msg != ep->conf.max_msg) {
		RMC_LOG(ERR, "messaging: endpoint %u.%u uses another configuration (%u ports, %u "
			"slots of %u bytes, messages up to %u bytes; here %u, %u, %u, %u)", nid,
			port, a.max_ports, a.slots, a.slot_size, a.max_msg, ep->conf.max_ports,
			ep->conf.slots, ep->conf.slot_size, ep->conf.max_msg);
		return -EPROTO;
	}
	st = rmc_msg_read_small(ep, nid, off + ep->lay.consumed_off + 8 * ep->me, 8);
	if (st != RTE_RMC_STATUS_OK)
		return -EIO;
	memcpy(&base, rmc_msg_hdr_buf(ep), 8);
	/* Nothing of an earlier incarnation's staging is pending any more. */
	if (ep->stage_end != NULL)
		memset(&ep->stage_end[(uint64_t)(pr - ep->peer) * ep->conf.slots], 0,
			ep->conf.slots * sizeof(*ep->stage_end));
	pr->dst_epoch = a.epoch;
	pr->sent = base;
	pr->credited = base;
	pr->stage_head = 0;
	pr->stage_tail = 0;
	return 0;
}

/* Apply the credit the receiver wrote into our area: free slots and staging. */
static void
rmc_msg_credit(struct rte_rmc_msg_ep *ep, uint32_t di, struct rmc_msg_peer *pr)
{
	const uint64_t *w = (const uint64_t *)(ep->area + ep->lay.credit_off) + di;
	uint64_t v = __atomic_load_n(w, __ATOMIC_ACQUIRE), c, k;

	if ((v >> 48) != (pr->dst_epoch & 0xffff))
		return;
	c = v & MSG_COUNT_MASK;
	if (c <= pr->credited || c > pr->sent)
		return;
	for (k = pr->credited; k < c && ep->stage_end != NULL; k++) {
		uint64_t *e = &ep->stage_end[(uint64_t)di * ep->conf.slots + k % ep->conf.slots];

		if (*e != 0) {
			pr->stage_tail = *e;
			*e = 0;
		}
	}
	pr->credited = c;
}

/* Place a large message in the staging ring for receiver di; -1 if no room yet. */
static int
rmc_msg_stage_fit(const struct rte_rmc_msg_ep *ep, const struct rmc_msg_peer *pr, uint32_t len,
		uint64_t *pos)
{
	uint64_t size = ep->lay.stage_size, p = pr->stage_head, off = p % size;

	if (off + len > size)
		p += size - off; /* a message never wraps: skip the end */
	if (p + len - pr->stage_tail > size)
		return -1;
	*pos = p;
	return 0;
}

/* The receiver's header again: -ECONNRESET when it was reopened or closed. */
static int
rmc_msg_recheck(struct rte_rmc_msg_ep *ep, uint16_t nid, uint16_t port, struct rmc_msg_peer *pr)
{
	struct rmc_msg_area a;

	if (rmc_msg_read_small(ep, nid, rmc_msg_area_off(ep, port), sizeof(a)) !=
			RTE_RMC_STATUS_OK)
		return 0;
	memcpy(&a, rmc_msg_hdr_buf(ep), sizeof(a));
	if (a.magic == MSG_MAGIC && a.epoch == pr->dst_epoch)
		return 0;
	RMC_LOG(ERR, "messaging: endpoint %u.%u was closed or reopened", nid, port);
	pr->dst_epoch = 0;
	return -ECONNRESET;
}

int
rte_rmc_msg_send(struct rte_rmc_msg_ep *ep, uint16_t nid, uint16_t port, const void *buf,
		uint32_t len, uint32_t timeout_us)
{
	uint64_t t0 = rte_rdtsc(), pos = 0, k, dst_area, slot_off, next_check;
	uint32_t di, ia, ib;
	struct rmc_msg_peer *pr;
	struct rmc_msg_slot *sl;
	int large, ret;

	if (ep == NULL || nid >= rte_rmc_node_count(ep->s) || port >= ep->conf.max_ports ||
			(buf == NULL && len > 0))
		return -EINVAL;
	if (len > ep->conf.max_msg)
		return -EMSGSIZE;
	if (timeout_us == 0)
		timeout_us = RTE_RMC_SYNC_TIMEOUT_US_DEFAULT;
	rmc_msg_reap(ep);
	if (ep->err_status != RTE_RMC_STATUS_OK)
		return -EIO;
	di = nid * ep->conf.max_ports + port;
	pr = &ep->peer[di];
	if (pr->dst_epoch == 0) {
		ret = rmc_msg_contact(ep, nid, port, pr, t0, timeout_us);
		if (ret < 0)
			return ret;
	}
	large = len > ep->lay.inline_max;
	next_check = 50000;
	/* Credit: a free slot at the receiver and, for a large message, staging room. */
	for (;;) {
		rmc_msg_credit(ep, di, pr);
		if (pr->sent - pr->credited < ep->conf.slots &&
				(!large || rmc_msg_stage_fit(ep, pr, len, &pos) == 0))
			break;
		rmc_msg_reap(ep);
		if (rmc_msg_us(ep, t0) > timeout_us)
			return -ETIMEDOUT;
		if (rmc_msg_us(ep, t0) > next_check) {
			ret = rmc_msg_recheck(ep, nid, port, pr);
			if (ret < 0)
				return ret;
			next_check += 50000;
		}
		rmc_msg_relax(ep);
	}
	ret = rmc_msg_tx_get(ep, t0, timeout_us, &ia);
	if (ret < 0)
		return ret;
	ret = rmc_msg_tx_get(ep, t0, timeout_us, &ib);
	if (ret < 0) {
		ep->tx_free[ep->nb_free++] = ia;
		return ret;
	}
	k = pr->sent;
	sl = (struct rmc_msg_slot *)rmc_msg_tx_buf(ep, ia);
	sl->len = len;
	sl->src_epoch = ep->epoch;
	if (large) {
		uint64_t size = ep->lay.stage_size;

		/* The receiver pulls it from our own area with a remote read. */
		memcpy(ep->area + ep->lay.stage_off + di * size + pos % size, buf, len);
		sl->flags = MSG_F_PULL;
		sl->stage_off = pos % size;
		pr->stage_head = pos + len;
		ep->stage_end[(uint64_t)di * ep->conf.slots + k % ep->conf.slots] = pos + len;
	} else {
		sl->flags = MSG_F_INLINE;
		sl->stage_off = 0;
		if (len > 0)
			memcpy(sl + 1, buf, len);
	}
	*(uint64_t *)rmc_msg_tx_buf(ep, ib) = (uint64_t)pr->dst_epoch << 32 | (uint32_t)(k + 1);
	dst_area = rmc_msg_area_off(ep, port);
	slot_off = dst_area + ep->lay.ring_off + ep->me * ep->lay.ring_bytes +
		(k % ep->conf.slots) * ep->conf.slot_size;
	/* The slot from 'len' on, then, once that is written, its sequence word. */
	ret = rmc_msg_post_write(ep, ia, 8, nid, slot_off + 8,
		sizeof(*sl) - 8 + (large ? 0 : len), 0, t0, timeout_us);
	if (ret == 0)
		ret = rmc_msg_post_write(ep, ib, 0, nid, slot_off, 8, RTE_RMC_F_FENCE, t0,
			timeout_us);
	else
		ep->tx_free[ep->nb_free++] = ib;
	if (ret < 0)
		return ret;
	pr->sent = k + 1;
	return 0;
}
