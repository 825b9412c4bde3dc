/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * Where a node's latency model applies: it is the model of requests TO this
 * node, set by its operator, and every requester in the cluster applies it.
 * The node publishes it in its own status page (loopback requests: d = self)
 * and announces it on each peer's session, when the peer connects (before
 * the contexts, so that the peer knows it before its link is up) and when it
 * changes; a node publishes what its peers announce in its page, where its
 * applications' libraries read it at post. Every driver's peer link passes
 * the announcement on (drivers/common/rmc_peer_link.c).
 */

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "rmc_ctl_msg.h"
#include "rmc_driver.h"
#include "rmc_private.h"

/* Node lock held. */
int
rmc_latency_announce(struct rte_rmc_node *node, int fd)
{
	struct rmc_ctl_msg m;

	rmc_ctl_init(&m, RMC_CTL_LAT_ANNOUNCE);
	m.u.lat = *node->lat;
	return rmc_ctl_send(fd, &m, -1);
}

/* Node lock held. */
void
rmc_latency_own_changed(struct rte_rmc_node *node)
{
	struct rmc_client *s;

	rmc_latency_publish(node, node->pub.id, node->lat);
	TAILQ_FOREACH(s, &node->clients, next)
		if (s->role == RMC_ROLE_PEER && rmc_latency_announce(node, s->fd) < 0)
			RMC_LOG(WARNING, "node %u: cannot announce the latency model to node %u",
				node->pub.id, s->peer_id);
}

void
rmc_node_peer_latency(struct rte_rmc_node *node, uint16_t nid, const void *lat)
{
	struct rmc_lat_model m;
	char why[96];

	memcpy(&m, lat, sizeof(m));
	if (nid >= node->pub.count || nid == node->pub.id)
		return;
	if (rmc_latency_model_check(&m, why, sizeof(why)) < 0) {
		/* Off rather than a model we cannot apply; the peer's operator sees why. */
		RMC_LOG(ERR, "node %u: latency model announced by node %u refused: %s",
			node->pub.id, nid, why);
		memset(&m, 0, sizeof(m));
	}
	pthread_mutex_lock(&node->lock);
	rmc_latency_publish(node, nid, &m);
	pthread_mutex_unlock(&node->lock);
	if (m.on)
		RMC_LOG(INFO, "node %u: requests to node %u: %" PRIu64 " ns + %" PRIu64
			" ns per %" PRIu64 " bytes (its operator's model)", node->pub.id, nid,
			m.base_ns, m.per_chunk_ns, m.chunk_size);
}

void
rmc_node_own_latency_const(const struct rte_rmc_node *node, uint64_t v[4])
{
	const struct rmc_lat_model *m = node->lat;

	/* Written under the node lock by the control side; a torn read lasts one hello. */
	v[0] = m->on ? m->base_ns : 0;
	v[1] = m->on ? m->per_chunk_ns : 0;
	v[2] = m->chunk_size;
	v[3] = m->on ? m->oneway_ns : 0;
}

int
rmc_node_peer_latency_const(struct rte_rmc_node *node, uint16_t nid, const uint64_t v[4])
{
	struct rmc_lat_model m;
	char why[96];

	if (nid >= node->pub.count || nid == node->pub.id)
		return -EINVAL;
	memset(&m, 0, sizeof(m));
	m.base_ns = v[0];
	m.per_chunk_ns = v[1];
	m.chunk_size = v[2];
	m.oneway_ns = v[3];
	m.on = m.base_ns != 0 || m.per_chunk_ns != 0;
	if (rmc_latency_model_check(&m, why, sizeof(why)) < 0) {
		RMC_LOG(ERR, "node %u: latency model announced by node %u refused: %s",
			node->pub.id, nid, why);
		memset(&m, 0, sizeof(m));
	}
	/* The RMC loop never waits for the node lock: the control side may wait for it. */
	if (pthread_mutex_trylock(&node->lock) != 0)
		return -EBUSY;
	rmc_latency_publish(node, nid, &m);
	pthread_mutex_unlock(&node->lock);
	RMC_LOG(INFO, "node %u: requests to node %u: %" PRIu64 " ns + %" PRIu64 " ns per %"
		PRIu64 " bytes (its operator's model, from its hellos)", node->pub.id, nid,
		m.base_ns, m.per_chunk_ns, m.chunk_size);
	return 0;
}
