/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * rmc_hello [target_nid]: the smallest complete sonuma application, built
 * outside the source tree with pkg-config alone. It attaches to its node
 * ($RMC_NODE of cluster $RMC_CLUSTER), writes a greeting into context 0 of
 * the target node (default: the next node), reads it back, adds one to a
 * counter with fetch-and-add, and prints its node's request counters.
 * Exit status 0 only if everything matched.
 */

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_rmc.h>
#include <rte_rmc_admin.h>

#define MSG_OFFSET 4096
#define COUNTER_OFFSET 0

int
main(int argc, char **argv)
{
	struct rte_rmc_session *s;
	struct rte_rmc_stats st;
	struct rte_rmc_lbuf lb;
	struct rte_rmc_qp *qp;
	char msg[64], *l;
	uint64_t old;
	int target, len, ret = 1, status;

	s = rte_rmc_attach(NULL, -1, NULL);
	if (s == NULL) {
		fprintf(stderr, "rmc_hello: cannot attach to a node (is rmcd running?)\n");
		return 1;
	}
	target = argc > 1 ? atoi(argv[1]) : (rte_rmc_node_id(s) + 1) % rte_rmc_node_count(s);
	if (rte_rmc_lbuf_register(s, 4096, &lb) < 0 || (qp = rte_rmc_qp_create(s, 16)) == NULL) {
		fprintf(stderr, "rmc_hello: cannot get a local buffer and a queue pair\n");
		goto out;
	}
	l = lb.addr;
	len = snprintf(msg, sizeof(msg), "hello from node %u, pid %d", rte_rmc_node_id(s),
		(int)getpid());
	memcpy(l, msg, len);
	status = rte_rmc_write_sync(qp, &lb, 0, target, 0, MSG_OFFSET, len, 0);
	if (status != RTE_RMC_STATUS_OK) {
		fprintf(stderr, "rmc_hello: write to node %d: %s\n", target,
			rte_rmc_strerror(status));
		goto out;
	}
	memset(l, 0, sizeof(msg));
	status = rte_rmc_read_sync(qp, &lb, 0, target, 0, MSG_OFFSET, len, 0);
	if (status != RTE_RMC_STATUS_OK || memcmp(l, msg, len) != 0) {
		fprintf(stderr, "rmc_hello: read back from node %d: %s\n", target,
			status != RTE_RMC_STATUS_OK ? rte_rmc_strerror(status) : "wrong data");
		goto out;
	}
	status = rte_rmc_faa_sync(qp, &lb, 64, target, 0, COUNTER_OFFSET, 1, &old, 0);
	if (status != RTE_RMC_STATUS_OK) {
		fprintf(stderr, "rmc_hello: fetch-and-add: %s\n", rte_rmc_strerror(status));
		goto out;
	}
	printf("rmc_hello: node %u wrote and read back \"%.*s\" on node %d; counter was %"
		PRIu64 "\n", rte_rmc_node_id(s), len, l, target, old);
	if (rte_rmc_stats_get(s, &st) == 0)
		printf("rmc_hello: node %u has completed %" PRIu64 " reads, %" PRIu64
			" writes, %" PRIu64 " fetch-and-adds\n", rte_rmc_node_id(s),
			st.requests[RTE_RMC_OP_READ], st.requests[RTE_RMC_OP_WRITE],
			st.requests[RTE_RMC_OP_FAA]);
	ret = 0;
out:
	rte_rmc_detach(s);
	return ret;
}
