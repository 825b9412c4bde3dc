/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * Messaging, the receiving side (rte_rmc_msg_recv, rte_rmc_msg_recv_from):
 * taking messages out of our slots, pulling large ones from the sender's
 * staging ring, and giving credits back. The formats are described in
 * rmc_msg.c.
 */

#include <errno.h>
#include <string.h>

#include <rte_common.h>
#include <rte_cycles.h>

#include "rmc_log.h"
#include "rmc_msg_priv.h"
#include "rte_rmc_msg.h"

/*
 * The next message from sender si, if it is there: its length, 0 when there
 * is none (*got = 0), or -errno.
 */
static int
rmc_msg_try(struct rte_rmc_msg_ep *ep, uint32_t si, void *buf, uint32_t buflen, int *got)
{
	struct rmc_msg_peer *pr = &ep->peer[si];
	uint16_t nid = si / ep->conf.max_ports, port = si % ep->conf.max_ports;
	uint8_t *slot = ep->area + ep->lay.ring_off + si * ep->lay.ring_bytes +
		(pr->recvd % ep->conf.slots) * ep->conf.slot_size;
	const struct rmc_msg_slot *sl = (const struct rmc_msg_slot *)slot;
	uint64_t want = (uint64_t)ep->epoch << 32 | (uint32_t)(pr->recvd + 1);
	uint32_t len, flags;
	uint64_t stage_off;
	int st;

	*got = 0;
	if (__atomic_load_n(&sl->seq, __ATOMIC_ACQUIRE) != want)
		return 0;
	len = sl->len;
	flags = sl->flags;
	stage_off = sl->stage_off;
	if ((uint32_t)sl->src_epoch != pr->src_epoch) {
		/* The sender was reopened: contact it again before answering it. */
		if (pr->src_epoch != 0)
			pr->dst_epoch = 0;
		pr->src_epoch = (uint32_t)sl->src_epoch;
	}
	if (len > ep->conf.max_msg || (flags == MSG_F_INLINE && len > ep->lay.inline_max) ||
			(flags == MSG_F_PULL && (ep->lay.stage_size == 0 ||
			 stage_off + len > ep->lay.stage_size)) ||
			(flags != MSG_F_INLINE && flags != MSG_F_PULL)) {
		RMC_LOG(ERR, "messaging: malformed message from endpoint %u.%u (length %u, "
			"flags %#x): dropped", nid, port, len, flags);
		goto consumed;
	}
	if (len > buflen)
		return -EMSGSIZE;
	if (flags == MSG_F_INLINE) {
		memcpy(buf, sl + 1, len);
	} else {
		uint64_t src = rmc_msg_area_off(ep, port) + ep->lay.stage_off +
			(uint64_t)ep->me * ep->lay.stage_size + stage_off;

		st = rte_rmc_read_sync(ep->qp, &ep->lb,
			(uint64_t)MSG_QP_DEPTH * ep->conf.slot_size + MSG_HDR_BUF, nid,
			ep->conf.ctx_id, src, len, 0);
		if (st != RTE_RMC_STATUS_OK) {
			RMC_LOG(ERR, "messaging: cannot pull a %u-byte message from endpoint "
				"%u.%u: %s", len, nid, port, rte_rmc_strerror(st));
			return -EIO;
		}
		memcpy(buf, (uint8_t *)ep->lb.addr + (uint64_t)MSG_QP_DEPTH * ep->conf.slot_size +
			MSG_HDR_BUF, len);
	}
	*got = 1;
consumed:
	pr->recvd++;
	__atomic_store_n((uint64_t *)(ep->area + ep->lay.consumed_off) + si, pr->recvd,
		__ATOMIC_RELEASE);
	/* Credits in batches; at once after a pull, which freed staging room. */
	if (pr->recvd - pr->credit_pushed >= RTE_MAX(1u, ep->conf.slots / 4u) ||
			flags == MSG_F_PULL)
		rmc_msg_push_credit(ep, si);
	return *got ? (int)len : 0;
}

static int
rmc_msg_recv_common(struct rte_rmc_msg_ep *ep, int64_t only, uint16_t *nid, uint16_t *port,
		void *buf, uint32_t buflen, uint32_t timeout_us)
{
	uint64_t t0 = rte_rdtsc();
	uint32_t i, si;
	int ret, got;

	if (ep == NULL || (buf == NULL && buflen > 0))
		return -EINVAL;
	for (;;) {
		rmc_msg_reap(ep);
		for (i = 0; i < (only >= 0 ? 1u : ep->lay.nb_ep); i++) {
			si = only >= 0 ? (uint32_t)only : (ep->rr + i) % ep->lay.nb_ep;
			ret = rmc_msg_try(ep, si, buf, buflen, &got);
			if (ret < 0)
				return ret;
			if (got) {
				ep->rr = si + 1;
				if (nid != NULL)
					*nid = si / ep->conf.max_ports;
				if (port != NULL)
					*port = si % ep->conf.max_ports;
				return ret;
			}
		}
		/* Nothing there: return what we consumed, so that no sender waits on us. */
		for (i = 0; i < ep->lay.nb_ep; i++)
			rmc_msg_push_credit(ep, i);
		if (timeout_us == 0 || rmc_msg_us(ep, t0) > timeout_us)
			return -EAGAIN;
		rmc_msg_relax(ep);
	}
}

int
rte_rmc_msg_recv(struct rte_rmc_msg_ep *ep, uint16_t *nid, uint16_t *port, void *buf,
		uint32_t buflen, uint32_t timeout_us)
{
	return rmc_msg_recv_common(ep, -1, nid, port, buf, buflen, timeout_us);
}

int
rte_rmc_msg_recv_from(struct rte_rmc_msg_ep *ep, uint16_t nid, uint16_t port, void *buf,
		uint32_t buflen, uint32_t timeout_us)
{
	if (ep == NULL || nid >= rte_rmc_node_count(ep->s) || port >= ep->conf.max_ports)
		return -EINVAL;
	return rmc_msg_recv_common(ep, (int64_t)nid * ep->conf.max_ports + port, NULL, NULL, buf,
		buflen, timeout_us);
}
