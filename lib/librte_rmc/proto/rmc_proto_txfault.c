/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * A write request's payload is copied out of the application's local buffer
 * by the transport's tx_burst, at the flush, outside the RMC's own accesses.
 * When the buffer lost its page (a hole punched in a hugetlbfs buffer with
 * the pool empty), that copy raises SIGBUS. Transports copy payloads with
 * rmc_proto_payload_copy(), under the RMC's fault guard: a message that
 * faulted is not sent, its request is remembered here, and completed with
 * RTE_RMC_STATUS_MEM_FAULT once no transaction is being walked (at the two
 * ends of rmc_proto_poll()); the node serves on. The chunks of that write
 * sent before may have been applied, as on the direct path.
 */

#include <errno.h>

#include "rmc_proto_priv.h"

__thread struct rmc_proto *rmc_proto_flushing;

int
rmc_proto_payload_copy(void *dst, const struct rmc_proto_hdr *h, const uint8_t *src,
		uint32_t len)
{
	struct rmc_proto *p = rmc_proto_flushing;

	if (likely(rmc_fault_copy(dst, src, len) == 0))
		return 0;
	/* Replies carry the RMC's own buffers: only requests are ours to fail. */
	if (p != NULL && h->type == RMC_PROTO_REQ && h->src_nid == p->node_id &&
			p->nb_tx_fault < RMC_PROTO_TX_FAULTS)
		p->tx_fault[p->nb_tx_fault++] = h->tid;
	return -EFAULT;
}

void
rmc_proto_tx_faults_complete(struct rte_rmc_node *node)
{
	struct rmc_proto *p = node->proto;
	struct rmc_proto_txn *t;
	uint32_t i, idx;

	for (i = 0; i < p->nb_tx_fault; i++) {
		idx = (uint32_t)p->tx_fault[i];
		if (idx >= RMC_PROTO_ITT_SIZE || (t = p->by_idx[idx]) == NULL)
			continue;
		/* Still the same request (not completed since, nor reused). */
		if (!t->active || t->gen != (uint32_t)(p->tx_fault[i] >> 32))
			continue;
		p->stats.tx_mem_fault++;
		rmc_proto_complete(node, t, RTE_RMC_STATUS_MEM_FAULT);
	}
	p->nb_tx_fault = 0;
}
