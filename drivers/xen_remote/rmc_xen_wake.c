/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * Waking a sleeping xen RMC with event channels (rmc_evtchn.h).
 *
 * In every region it shares, a node allocates an unbound event channel port
 * for the peer's domain and writes it in the region's control page, beside
 * its RMC's asleep word; the peer binds that port when it maps the region.
 * The protocol is the one of common/rmc_wake.h, across domains:
 *
 *   RMC (rmc_xen_sleep(), rmc_wake_prepare())   peer RMC (rmc_xen_wake_peer())
 *   asleep = 1 in each linked control page      messages published on the rings
 *   full fence                                  full fence
 *   one more pass over its rings                read the asleep word
 *   futex_wait on its node's wake page          if 1: notify the port
 *
 * Either the last pass sees the messages, or the peer reads 1 and notifies.
 * The notification is latched (the port stays pending until unmasked), so it
 * cannot be lost: this node's relay thread, blocked in poll() on the event
 * channel descriptor, takes it and calls rmc_drv_wake_rmc(), which clears the
 * wake page's futex word before waking it, so an RMC not yet inside
 * futex_wait() returns from it at once. Applications still wake the RMC
 * through the wake page itself. Without event channels (a test environment
 * that gives none) no port is written and the RMC polls every 2 to 10 ms.
 *
 * Not exercised by CI on a hypervisor: the stand-in backend runs the whole
 * protocol in the unit tests (test_xen_wake.c); see doc/xen.md.
 */

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <rte_lcore.h>

#include "rmc_driver.h"
#include "rmc_xen_priv.h"
#include "rmc_xen_region.h"

/* Relay thread: each notification taken wakes the RMC. */
static void *
xen_wake_relay(void *arg)
{
	struct rte_rmc_node *node = arg;
	struct xen_priv *p = rmc_node_drv_priv(node);
	const struct rmc_evtchn_ops *ops = p->env.evtchn;
	struct pollfd fds[2] = {
		{ .fd = ops->fd(p->evt), .events = POLLIN },
		{ .fd = p->evt_stop_fd, .events = POLLIN },
	};
	int port;

	for (;;) {
		if (poll(fds, 2, -1) < 0 && errno != EINTR)
			break;
		if (fds[1].revents != 0)
			break;
		if (!(fds[0].revents & POLLIN))
			continue;
		port = ops->pending(p->evt);
		if (port < 0)
			continue;
		ops->unmask(p->evt, (uint32_t)port);
		__atomic_fetch_add(&p->wake_relayed, 1, __ATOMIC_RELAXED);
		rmc_drv_wake_rmc(node);
	}
	return NULL;
}

int
rmc_xen_wake_open(struct rte_rmc_node *node, struct xen_priv *p)
{
	char why[256], name[RTE_MAX_THREAD_NAME_LEN];
	int ret;

	p->evt_stop_fd = -1;
	if (p->env.evtchn == NULL)
		return 0;
	p->evt = p->env.evtchn->open(p->env.evtchn_arg, p->self_domid, why, sizeof(why));
	if (p->evt == NULL) {
		ret = errno != 0 ? -errno : -ENODEV;
		RMC_LOG(ERR, "node %u: %s", rmc_node_id(node), why);
		return ret;
	}
	p->evt_stop_fd = eventfd(0, EFD_CLOEXEC);
	if (p->evt_stop_fd < 0)
		return -errno;
	snprintf(name, sizeof(name), "rmc-xen-evt%u", rmc_node_id(node));
	ret = rte_ctrl_thread_create(&p->relay, name, NULL, xen_wake_relay, node);
	if (ret != 0) {
		RMC_LOG(ERR, "node %u: cannot start the event channel thread: %s",
			rmc_node_id(node), strerror(ret));
		return -ret;
	}
	p->relay_on = 1;
	/* Every peer that links binds our port: the RMC may sleep long. */
	rmc_drv_set_peer_wake(node, 1);
	return 0;
}

void
rmc_xen_wake_close(struct xen_priv *p)
{
	uint64_t one = 1;

	if (p->relay_on && write(p->evt_stop_fd, &one, sizeof(one)) == sizeof(one))
		pthread_join(p->relay, NULL);
	p->relay_on = 0;
	if (p->evt_stop_fd >= 0)
		close(p->evt_stop_fd);
	p->evt_stop_fd = -1;
	/* Closing the handle closes every port still bound. */
	if (p->evt != NULL)
		p->env.evtchn->close(p->evt);
	p->evt = NULL;
}

int
rmc_xen_wake_share(struct xen_priv *p, uint16_t nid)
{
	struct xen_peer *peer = &p->peer[nid];
	int port;

	if (p->evt == NULL)
		return 0;
	port = p->env.evtchn->bind_unbound(p->evt, p->args.domid[nid]);
	if (port <= 0)
		return port < 0 ? port : -EPROTO;
	peer->out_port = (uint32_t)port;
	rmc_xen_region_set_port(&peer->out, peer->out_port);
	return 0;
}

int
rmc_xen_wake_map(struct xen_priv *p, uint16_t nid, char *err, size_t len)
{
	struct xen_peer *peer = &p->peer[nid];
	uint32_t remote = rmc_xen_region_port(&peer->in);
	int port;

	if (remote == 0)
		return 0; /* the peer polls: nothing to wake */
	if (p->evt == NULL) {
		snprintf(err, len, "it waits for event channel notifications, and this node "
			"has no event channels");
		return -ENOTSUP;
	}
	port = p->env.evtchn->bind_interdomain(p->evt, p->args.domid[nid], remote);
	if (port <= 0) {
		snprintf(err, len, "cannot bind its event channel port %u: %s", remote,
			strerror(port < 0 ? -port : EPROTO));
		return port < 0 ? port : -EPROTO;
	}
	peer->in_port = (uint32_t)port;
	return 0;
}

void
rmc_xen_wake_link(struct rte_rmc_node *node, struct xen_priv *p, uint16_t nid)
{
	struct xen_peer *peer = &p->peer[nid];

	if (p->evt != NULL)
		__atomic_store_n(&peer->own_asleep, rmc_xen_region_asleep_word(&peer->out),
			__ATOMIC_RELEASE);
	if (peer->in_port != 0)
		__atomic_store_n(&peer->peer_asleep, rmc_xen_region_asleep_word(&peer->in),
			__ATOMIC_RELEASE);
	/* The RMC may sleep through the new rings: its next sleep says it here too. */
	rmc_drv_wake_rmc(node);
}

void
rmc_xen_wake_unlink(struct xen_priv *p, uint16_t nid)
{
	/* Before the quiescence that lets the regions go (rmc_xen_unlink()). */
	__atomic_store_n(&p->peer[nid].own_asleep, NULL, __ATOMIC_RELEASE);
	__atomic_store_n(&p->peer[nid].peer_asleep, NULL, __ATOMIC_RELEASE);
}

void
rmc_xen_wake_release(struct xen_priv *p, uint16_t nid, int out)
{
	struct xen_peer *peer = &p->peer[nid];
	uint32_t *port = out ? &peer->out_port : &peer->in_port;

	if (p->evt != NULL && *port != 0)
		p->env.evtchn->unbind(p->evt, *port);
	*port = 0;
}

void
rmc_xen_sleep(struct rte_rmc_node *node, int asleep)
{
	struct xen_priv *p = rmc_node_drv_priv(node);
	unsigned int i;
	uint32_t *w;

	/* Each pointer loaded and used at once: unlinking waits for a pass, not this. */
	for (i = 0; i < rmc_node_count(node); i++) {
		w = __atomic_load_n(&p->peer[i].own_asleep, __ATOMIC_ACQUIRE);
		if (w != NULL)
			__atomic_store_n(w, (uint32_t)asleep, __ATOMIC_RELAXED);
	}
}

void
rmc_xen_wake_peer(struct xen_priv *p, uint16_t dst)
{
	struct xen_peer *peer = &p->peer[dst];
	uint32_t *w = __atomic_load_n(&peer->peer_asleep, __ATOMIC_ACQUIRE);

	if (w == NULL)
		return;
	/* Store-load: the messages are visible before the word is read. */
	rte_atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (__atomic_load_n(w, __ATOMIC_RELAXED) != 0) {
		p->env.evtchn->notify(p->evt, peer->in_port);
		p->wake_notified++;
	}
}
