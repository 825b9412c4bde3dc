/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * xen_remote: nodes are Xen domains, each running rmcd.
 *
 * The user-space grant API cannot grant a node's existing contexts to other
 * domains (it only shares fresh pages, one peer domain at a time), so nodes
 * do not map each other's contexts as shm_remote does. They exchange the
 * soNUMA protocol's messages (rmc_proto.h) instead: each node shares with
 * each peer domain one region (rmc_xen_region.h) holding the ring pair
 * (rmc_ringpair.h, the ring transport's layout) of its requests to that
 * peer and the peer's replies, publishes the region's grant references on
 * xenstore (rmc_xen_pub.h), and maps the region each peer shared with it,
 * whose ring pair carries the peer's requests and its own replies. Per peer
 * pair, then, two regions: A's requests to B in the pages A shared, B's
 * requests to A in the pages B shared. Moving messages on those pairs is the
 * library's ring transport (rmc_ring_peers, as in ring_remote); this driver
 * only obtains, checks and releases the memory they live in.
 *
 * Start-up, in init: probe for Xen (a clear failure naming --driver shm
 * without it), parse the driver arguments, compute the grants the cluster
 * needs and check them against the grant-table limits (a message naming the
 * setting to raise), share and publish one region per peer.
 * Then the control thread's tick maps each peer's region once it is
 * published, and watches the alive bytes of both regions: a peer that stops
 * or crashes clears them (the grant devices do it for a crashed process);
 * the link is then dropped, our region shared afresh under a new generation
 * and published again, and the restarted peer is mapped when it publishes.
 * Stop: unpublish, unmap, end the sharing; the bookkeeping checks that no
 * grant is left. An idle RMC sleeps until a peer notifies it through an event
 * channel (rmc_xen_wake.c).
 *
 * The hypervisor-facing parts (libxengnttab, libxenevtchn, xenstore) are not exercised by
 * CI, which has no Xen; everything else runs in the unit tests over
 * ordinary shared memory (rmc_xen_env.h). See doc/xen.md.
 *
 * This file holds the driver arguments, init, fini and the transport; the
 * link life cycle (share, map, lose, share again) is in rmc_xen_link.c.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rmc_driver.h"
#include "rmc_ringpair.h"
#include "rmc_xen_env.h"
#include "rmc_xen_priv.h"
#include "rmc_xen_region.h"
#include "rmc_xen_remote.h"

uint32_t
rmc_xen_data_pages(uint32_t slots)
{
	/* The ring pair: requests one way, replies the other. */
	uint64_t bytes = rmc_ringpair_memsize(slots);

	return (bytes + RMC_GNT_PAGE_SIZE - 1) / RMC_GNT_PAGE_SIZE;
}

uint32_t
rmc_xen_max_payload(uint32_t slots)
{
	/* rmc_ringpair_init(): two whole messages fit in a ring (less one slot). */
	uint32_t fit = ((slots - 1) / 2 - 1) * RMC_RING_ELEM;

	return RTE_MIN(fit, RMC_XEN_MAX_PAYLOAD);
}

static int __rte_format_printf(3, 4)
xen_args_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static int
xen_args_u32(const char *key, const char *val, uint64_t max, uint32_t *out, char *err,
		size_t errlen)
{
	uint64_t v;

	if (rte_rmc_parse_uint(val, max, &v) < 0) {
		snprintf(err, errlen, "driver argument %s='%s': expected a number in 0..%" PRIu64,
			key, val, max);
		return -EINVAL;
	}
	*out = v;
	return 0;
}

static int
xen_args_domains(const char *val, uint16_t node_count, struct rmc_xen_args *a, char *err,
		size_t errlen)
{
	char buf[RMC_DRV_ARGS_MAX], *tok, *save = NULL;
	uint32_t d;
	uint16_t i, j;

	snprintf(buf, sizeof(buf), "%s", val);
	a->nb_domid = 0;
	for (tok = strtok_r(buf, ":", &save); tok != NULL; tok = strtok_r(NULL, ":", &save)) {
		if (a->nb_domid == RTE_DIM(a->domid))
			return xen_args_err(err, errlen, "driver argument domains='%s': more than "
				"64 domains", val);
		if (xen_args_u32("domains", tok, RMC_XEN_DOMID_MAX, &d, err, errlen) < 0)
			return -EINVAL;
		a->domid[a->nb_domid++] = d;
	}
	if (a->nb_domid != node_count) {
		snprintf(err, errlen, "driver argument domains='%s' names %u domain(s) for a "
			"cluster of %u nodes: give the domain id of every node, in node order "
			"(domains=D0:D1:...)", val, a->nb_domid, node_count);
		return -EINVAL;
	}
	for (i = 0; i < a->nb_domid; i++)
		for (j = 0; j < i; j++)
			if (a->domid[i] == a->domid[j]) {
				snprintf(err, errlen, "driver argument domains='%s': nodes %u "
					"and %u are both domain %u (one node per domain)", val, j,
					i, a->domid[i]);
				return -EINVAL;
			}
	return 0;
}

int
rmc_xen_args_parse(const char *txt, uint16_t node_count, struct rmc_xen_args *a, char *err,
		size_t errlen)
{
	char buf[RMC_DRV_ARGS_MAX], *item, *save = NULL, *val;
	int have_domains = 0, ret;

	memset(a, 0, sizeof(*a));
	a->slots = RMC_XEN_DEFAULT_SLOTS;
	a->grant_reserve = UINT32_MAX;
	if (txt == NULL)
		txt = "";
	if (strlen(txt) >= sizeof(buf))
		return xen_args_err(err, errlen, "driver arguments too long");
	snprintf(buf, sizeof(buf), "%s", txt);
	for (item = strtok_r(buf, ",", &save); item != NULL; item = strtok_r(NULL, ",", &save)) {
		val = strchr(item, '=');
		if (val == NULL || val[1] == '\0')
			return xen_args_err(err, errlen, "driver argument '%s': expected key=value",
				item);
		*val++ = '\0';
		if (strcmp(item, "domains") == 0) {
			ret = xen_args_domains(val, node_count, a, err, errlen);
			have_domains = 1;
		} else if (strcmp(item, "ring-slots") == 0) {
			ret = xen_args_u32(item, val, RMC_XEN_SLOTS_MAX, &a->slots, err, errlen);
			if (ret == 0 && (a->slots < RMC_XEN_MIN_SLOTS ||
					(a->slots & (a->slots - 1)) != 0 ||
					rmc_xen_data_pages(a->slots) > RMC_XEN_PUB_MAX_PAGES)) {
				snprintf(err, errlen, "driver argument ring-slots=%s: a power of "
					"two from %u whose rings fit %u pages", val,
					RMC_XEN_MIN_SLOTS, RMC_XEN_PUB_MAX_PAGES);
				ret = -EINVAL;
			}
		} else if (strcmp(item, "grant-frames") == 0) {
			ret = xen_args_u32(item, val, 1u << 20, &a->grant_frames, err, errlen);
			if (ret == 0 && a->grant_frames == 0)
				ret = xen_args_err(err, errlen, "driver argument "
					"grant-frames=%s: at least 1", val);
		} else if (strcmp(item, "maptrack-frames") == 0) {
			ret = xen_args_u32(item, val, 1u << 20, &a->maptrack_frames, err, errlen);
			if (ret == 0 && a->maptrack_frames == 0)
				ret = xen_args_err(err, errlen, "driver argument "
					"maptrack-frames=%s: at least 1", val);
		} else if (strcmp(item, "grant-reserve") == 0) {
			ret = xen_args_u32(item, val, 1u << 28, &a->grant_reserve, err, errlen);
		} else {
			return xen_args_err(err, errlen, "unknown driver argument '%s' (the xen "
				"driver takes domains, ring-slots, grant-frames, maptrack-frames, "
				"grant-reserve)", item);
		}
		if (ret < 0)
			return ret;
	}
	if (!have_domains) {
		if (node_count > 1)
			return xen_args_err(err, errlen, "the xen driver needs the domain id of "
				"every node: --driver-args domains=D0:D1:... (xl domid NAME gives "
				"them)");
		a->nb_domid = 0;
	}
	return 0;
}

static int
xen_probe(char *why, size_t len)
{
	return rmc_xen_probe(rmc_xen_get_env()->root, why, len);
}

static void
xen_fini(struct rte_rmc_node *node)
{
	struct xen_priv *p = rmc_node_drv_priv(node);
	unsigned int i, left;

	if (p == NULL)
		return;
	/* The relay thread first: it wakes this node's RMC. */
	rmc_xen_wake_close(p);
	for (i = 0; i < RTE_RMC_MAX_NODES; i++) {
		struct xen_peer *peer = &p->peer[i];

		if (peer->out.ctl.addr != NULL && p->board != NULL)
			p->env.board->del(p->board, peer->key_out);
		rmc_xen_unlink(node, p, i);
		rmc_xen_wake_release(p, i, 1);
		rmc_xen_region_release(&p->book, &peer->out);
	}
	left = rmc_gnt_book_close(&p->book);
	if (left != 0 || p->book.backend_errors != 0)
		RMC_LOG(ERR, "node %u: %u grant record(s) were still held at stop and %" PRIu64
			" release(s) failed", rmc_node_id(node), left, p->book.backend_errors);
	if (p->board != NULL)
		p->env.board->close(p->board);
	rmc_ring_peers_fini(&p->rings);
	free(p);
	rmc_node_drv_priv_set(node, NULL);
}

/* Limits from the driver arguments override what can be read on the host. */
static int
xen_check_limits(struct rte_rmc_node *node, struct xen_priv *p)
{
	char msg[640];
	int ret;

	rmc_xen_need_compute(rmc_node_count(node), p->data_pages, &p->need);
	rmc_xen_limits_default(&p->limits);
	if (p->args.grant_frames != 0) {
		p->limits.grant_frames = p->args.grant_frames;
		p->limits.grant_frames_src = RMC_XEN_SRC_ARG;
	}
	if (p->args.maptrack_frames != 0) {
		p->limits.maptrack_frames = p->args.maptrack_frames;
		p->limits.maptrack_frames_src = RMC_XEN_SRC_ARG;
	}
	if (p->args.grant_reserve != UINT32_MAX)
		p->limits.grant_reserve = p->args.grant_reserve;
	rmc_xen_limits_read_hypfs(&p->limits, p->env.hypfs_read);
	ret = rmc_xen_limits_read(p->env.root, &p->limits, msg, sizeof(msg));
	if (ret < 0) {
		RMC_LOG(ERR, "node %u: %s", rmc_node_id(node), msg);
		return ret;
	}
	rmc_xen_limits_describe(&p->need, &p->limits, msg, sizeof(msg));
	RMC_LOG(INFO, "node %u: %s", rmc_node_id(node), msg);
	ret = rmc_xen_limits_check(&p->need, &p->limits, msg, sizeof(msg));
	if (ret < 0)
		RMC_LOG(ERR, "node %u: %s", rmc_node_id(node), msg);
	return ret;
}

static int
xen_init(struct rte_rmc_node *node)
{
	struct xen_priv *p;
	char why[512];
	uint32_t board_domid;
	unsigned int i;
	int ret;

	p = calloc(1, sizeof(*p));
	if (p == NULL)
		return -ENOMEM;
	rmc_node_drv_priv_set(node, p);
	p->env = *rmc_xen_get_env();
	p->start_ns = rmc_now_ns();
	ret = rmc_xen_args_parse(rmc_node_driver_args(node), rmc_node_count(node), &p->args, why,
		sizeof(why));
	if (ret < 0) {
		RMC_LOG(ERR, "node %u: %s", rmc_node_id(node), why);
		goto fail;
	}
	p->data_pages = rmc_xen_data_pages(p->args.slots);
	p->max_payload = rmc_xen_max_payload(p->args.slots);
	ret = rmc_ring_peers_init(&p->rings, rmc_node_id(node), rmc_node_count(node),
		p->max_payload);
	if (ret < 0)
		goto fail;
	ret = xen_check_limits(node, p);
	if (ret < 0)
		goto fail;
	p->self_domid = p->args.nb_domid > 0 ? p->args.domid[rmc_node_id(node)] : 0;
	p->board = p->env.board->open(p->env.board_arg, p->self_domid, why, sizeof(why));
	if (p->board == NULL) {
		ret = errno != 0 ? -errno : -ENODEV;
		RMC_LOG(ERR, "node %u: %s", rmc_node_id(node), why);
		goto fail;
	}
	ret = p->env.board->self_domid(p->board, &board_domid);
	if (ret == 0 && p->args.nb_domid == 0)
		p->self_domid = board_domid;
	else if (ret == 0 && board_domid != p->self_domid) {
		RMC_LOG(ERR, "node %u: domains= says node %u is domain %u, but this is domain %u "
			"(list the domains in node order)", rmc_node_id(node), rmc_node_id(node),
			p->self_domid, board_domid);
		ret = -EINVAL;
		goto fail;
	} else if (ret < 0) {
		RMC_LOG(WARNING, "node %u: cannot read this domain's id from %s (%s); trusting "
			"domains=", rmc_node_id(node), p->env.board->name, strerror(-ret));
	}
	ret = rmc_gnt_book_open(&p->book, p->env.gnt, p->env.gnt_arg, p->self_domid, why,
		sizeof(why));
	if (ret < 0) {
		RMC_LOG(ERR, "node %u: %s", rmc_node_id(node), why);
		goto fail;
	}
	ret = rmc_xen_wake_open(node, p);
	if (ret < 0)
		goto fail;
	for (i = 0; i < rmc_node_count(node); i++) {
		if (i == rmc_node_id(node))
			continue;
		rmc_xen_pub_key(rmc_node_cluster(node), rmc_node_id(node), i, p->peer[i].key_out,
			sizeof(p->peer[i].key_out));
		rmc_xen_pub_key(rmc_node_cluster(node), i, rmc_node_id(node), p->peer[i].key_in,
			sizeof(p->peer[i].key_in));
		/* Every grant is taken now: a shortage shows at start, not later. */
		ret = rmc_xen_share_out(node, p, i);
		if (ret < 0)
			goto fail;
	}
	RMC_LOG(INFO, "node %u: domain %u, shared %u region(s) of %u pages (grant backend %s, "
		"board %s)", rmc_node_id(node), p->self_domid, rmc_node_count(node) - 1u,
		1 + p->data_pages, p->env.gnt->name, p->env.board->name);
	/*
	 * Domains have no control session between them: the latency model
	 * travels as a protocol message on the rings, with the requests.
	 */
	rmc_node_latency_by_proto(node);
	return 0;
fail:
	xen_fini(node);
	return ret;
}

static uint32_t
xen_max_payload(struct rte_rmc_node *node)
{
	return ((const struct xen_priv *)rmc_node_drv_priv(node))->max_payload;
}

static uint32_t
xen_window(struct rte_rmc_node *node)
{
	const struct xen_priv *p = rmc_node_drv_priv(node);

	/* Half a ring, so that neither ring of a pair can overflow. */
	return p->args.slots * RMC_RING_ELEM / 2;
}

/* The transport: the library's ring transport over the pairs in our regions. */
static uint16_t
xen_tx_burst(struct rte_rmc_node *node, uint16_t dst, const struct rmc_proto_msg *msgs,
		uint16_t n)
{
	struct xen_priv *p = rmc_node_drv_priv(node);
	uint16_t k = rmc_ring_peers_tx(&p->rings, dst, msgs, n);

	/* The peer's RMC may sleep: notify it (a fence and a load when it does not). */
	if (k > 0)
		rmc_xen_wake_peer(p, dst);
	return k;
}

static uint16_t
xen_rx_burst(struct rte_rmc_node *node, struct rmc_proto_msg *msgs, uint16_t n)
{
	struct xen_priv *p = rmc_node_drv_priv(node);

	return rmc_ring_peers_rx(&p->rings, msgs, n);
}

static void
xen_rx_done(struct rte_rmc_node *node, struct rmc_proto_msg *msgs, uint16_t n)
{
	struct xen_priv *p = rmc_node_drv_priv(node);

	RTE_SET_USED(msgs);
	RTE_SET_USED(n);
	/* Unlinking waits for this pass to end: the regions are still mapped. */
	rmc_ring_peers_rx_done(&p->rings);
}

int
rmc_xen_node_info(const struct rte_rmc_node *node, struct rmc_xen_info *info)
{
	const struct xen_priv *p;

	if (node == NULL || strcmp(rmc_node_driver_name(node), "xen") != 0 ||
			rmc_node_drv_priv(node) == NULL)
		return -EINVAL;
	p = rmc_node_drv_priv(node);
	memset(info, 0, sizeof(*info));
	info->self_domid = p->self_domid;
	info->peers_linked = __atomic_load_n(&p->peers_linked, __ATOMIC_ACQUIRE);
	info->links_lost = __atomic_load_n(&p->links_lost, __ATOMIC_ACQUIRE);
	info->shared_pages = p->book.shared_pages;
	info->mapped_pages = p->book.mapped_pages;
	info->bad_releases = p->book.bad_releases;
	info->need = p->need;
	info->wake_channels = p->evt != NULL;
	info->wake_notified = p->wake_notified;
	info->wake_relayed = __atomic_load_n(&p->wake_relayed, __ATOMIC_RELAXED);
	return 0;
}

static const struct rmc_transport_ops xen_transport = {
	.max_payload = xen_max_payload,
	.window = xen_window,
	.tx_burst = xen_tx_burst,
	.rx_burst = xen_rx_burst,
	.rx_done = xen_rx_done,
};

static const struct rmc_driver_ops xen_remote_ops = {
	.name = "xen",
	.help = "nodes are Xen domains; requests travel on rings in granted pages",
	.probe = xen_probe,
	.init = xen_init,
	.fini = xen_fini,
	.tick = rmc_xen_tick,
	.sleep = rmc_xen_sleep,
	.transport = &xen_transport,
};

RMC_DRIVER_REGISTER(xen, xen_remote_ops);
