/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * Whether the protocol layer still needs the RMC loop to run: requests in
 * flight (their time-outs and retransmissions are driven by the loop) or
 * messages waiting for the transport. The idle policy must not put the RMC to
 * a long sleep then (rmc_wake_node.c).
 */

#include <sys/queue.h>

#include "rmc_private.h"
#include "rmc_proto.h"
#include "rmc_proto_priv.h"

int
rmc_proto_busy(const struct rte_rmc_node *node)
{
	const struct rmc_proto *p = node->proto;
	unsigned int i;

	if (p == NULL)
		return 0;
	if (!TAILQ_EMPTY(&p->active) || !TAILQ_EMPTY(&p->sendq))
		return 1;
	for (i = 0; i < p->node_count; i++)
		if (p->txq[i].n != 0)
			return 1;
	return 0;
}
