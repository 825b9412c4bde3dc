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
 * applications' libraries read it at post. The peer link of shm and ring
 * passes the announcement on (drivers/common/rmc_peer_link.c); eth and xen,
 * whose nodes have no control session between them, call
 * rmc_node_latency_by_proto() and the protocol layer carries the whole model
 * in RMC_PROTO_LAT messages (proto/rmc_proto_lat.c).
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
rmc_node_latency_by_proto(struct rte_rmc_node *node)
{
	__atomic_store_n(&node->lat_by_proto, 1, __ATOMIC_RELAXED);
}
