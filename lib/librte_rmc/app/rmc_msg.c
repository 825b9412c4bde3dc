/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * Messaging over one-sided operations (rte_rmc_msg.h), on the application
 * side: it only posts remote reads and writes on a queue pair of its own,
 * so it works over every driver.
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
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_common.h>
#include <rte_cycles.h>
#include <rte_errno.h>
#include <rte_pause.h>
#include <rte_random.h>

#include "rmc_log.h"
#include "rte_rmc_msg.h"

#define MSG_MAGIC 0x47534d52u      /* "RMSG" */
#define MSG_VERSION 1
#define MSG_QP_DEPTH 64
#define MSG_F_INLINE 1
#define MSG_F_PULL 2
#define MSG_COUNT_MASK ((UINT64_C(1) << 48) - 1)
#define MSG_MAX_MSG (16u << 20)
#define MSG_HDR_BUF 128

struct rmc_msg_area {
	uint32_t magic;
	uint16_t version;
	uint16_t node_count;
	uint16_t max_ports;
	uint16_t slots;
	uint32_t slot_size;
	uint32_t max_msg;
	uint32_t epoch;
	uint8_t pad[40];
};

struct rmc_msg_slot {
	uint64_t seq;
	uint32_t len;
	uint32_t flags;
	uint64_t stage_off;
	uint64_t reserved;
};

struct rmc_msg_layout {
	uint64_t consumed_off;
	uint64_t credit_off;
	uint64_t ring_off;
	uint64_t ring_bytes;   /* per sender */
	uint64_t stage_off;
	uint64_t stage_size;   /* per receiver, 0 when every message fits a slot */
	uint64_t size;
	uint32_t nb_ep;        /* endpoints in the cluster */
	uint32_t inline_max;
};

/* What one endpoint knows of another. */
struct rmc_msg_peer {
	/* As a sender to it. */
	uint32_t dst_epoch;    /* 0 until contacted */
	uint64_t sent;
	uint64_t credited;
	uint64_t stage_head;
	uint64_t stage_tail;
	/* As a receiver from it. */
	uint64_t recvd;
	uint64_t credit_pushed;
};

struct rte_rmc_msg_ep {
	struct rte_rmc_session *s;
	struct rte_rmc_qp *qp;
	struct rte_rmc_lbuf lb;
	struct rte_rmc_msg_conf conf;
	struct rmc_msg_layout lay;
	uint8_t *ctx;           /* the context, mapped here */
	uint8_t *area;          /* this endpoint's area */
	uint64_t *stage_end;    /* per receiver and slot: end of a large message */
	uint64_t hz;
	uint32_t epoch;
	uint32_t me;            /* this endpoint's index */
	uint32_t rr;
	uint32_t nb_free;
	uint32_t tx_free[MSG_QP_DEPTH];
	uint16_t nid;
	uint16_t port;
	uint16_t err_status;    /* first failed operation, sticky */
	struct rmc_msg_peer peer[];
};

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

/* Offset, in the context, of endpoint (nid's) port 'port''s area. */
static inline uint64_t
rmc_msg_area_off(const struct rte_rmc_msg_ep *ep, uint16_t port)
{
	return ep->conf.ctx_offset + (uint64_t)port * ep->lay.size;
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
static void
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

static inline uint64_t
rmc_msg_us(const struct rte_rmc_msg_ep *ep, uint64_t t0)
{
	return (rte_rdtsc() - t0) * 1000000 / ep->hz;
}

/* While waiting: pause, and now and then let other threads (RMCs) run. */
static inline void
rmc_msg_relax(uint32_t *spins)
{
	if ((++*spins & 255) == 0)
		sched_yield();
	else
		rte_pause();
}

/* A transmit buffer (tag = index + 1), waiting for completions if needed. */
static int
rmc_msg_tx_get(struct rte_rmc_msg_ep *ep, uint64_t t0, uint64_t timeout_us, uint32_t *idx)
{
	uint32_t spins = 0;

	while (ep->nb_free == 0) {
		rmc_msg_reap(ep);
		if (ep->nb_free > 0)
			break;
		if (rmc_msg_us(ep, t0) > timeout_us)
			return -ETIMEDOUT;
		rmc_msg_relax(&spins);
	}
	*idx = ep->tx_free[--ep->nb_free];
	return 0;
}

static inline uint8_t *
rmc_msg_tx_buf(const struct rte_rmc_msg_ep *ep, uint32_t idx)
{
	return (uint8_t *)ep->lb.addr + (uint64_t)idx * ep->conf.slot_size;
}

/*
 * Post a write of 'len' bytes from byte 'skip' of transmit buffer idx; the
 * buffer comes back with its completion.
 */
static int
rmc_msg_post_write(struct rte_rmc_msg_ep *ep, uint32_t idx, uint32_t skip, uint16_t nid,
		uint64_t ctx_off, uint64_t len, uint32_t flags, uint64_t t0, uint64_t timeout_us)
{
	uint32_t spins = 0;
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
		rmc_msg_relax(&spins);
	}
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
	uint32_t di, ia, ib, spins = 0;
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
		rmc_msg_relax(&spins);
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
	sl->reserved = 0;
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

/* Tell sender si how many of its messages we consumed. */
static void
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
	uint32_t i, si, spins = 0;
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
		rmc_msg_relax(&spins);
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

int
rte_rmc_msg_flush(struct rte_rmc_msg_ep *ep, uint32_t timeout_us)
{
	uint64_t t0 = rte_rdtsc();
	uint32_t spins = 0;

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
		rmc_msg_relax(&spins);
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
