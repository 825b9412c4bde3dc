/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _TESTPMD_H_
#define _TESTPMD_H_

/*
 * rmc-testpmd: an interactive tool in the spirit of dpdk-testpmd. It starts a
 * cluster of nodes in its own process (or attaches to a running cluster of
 * rmcd processes) and offers commands to create contexts, read, write and
 * run atomics on remote memory, benchmark, and show statistics.
 *
 * Every operation is issued by an application session attached to the node
 * chosen with "set node", exactly as a separate application would issue it.
 */

#include <rte_rmc.h>
#include <rte_rmc_admin.h>
#include <rte_rmc_node.h>

#include "testpmd_args.h"

#define TP_PROMPT "rmc-testpmd> "
/* Local buffer of the session of each node: the largest read or write. */
#define TP_LBUF_SIZE (64u << 10)

/* One node of the cluster, as rmc-testpmd sees it. */
struct tp_node {
	struct rte_rmc_node *node;     /* hosted here (in-process mode), else NULL */
	struct rte_rmc_session *sess;  /* attached on first use */
	struct rte_rmc_qp *qp;
	struct rte_rmc_lbuf lb;
};

struct testpmd {
	struct tp_opts o;
	unsigned int nb_nodes;
	unsigned int cur;          /* node that issues operations ("set node") */
	struct tp_node n[RTE_RMC_MAX_NODES];
	char where[160];           /* where the RMCs run */
	char eal_dir[256];         /* EAL runtime folder (telemetry socket) */
	unsigned int nb_failed;    /* commands that failed */
	int quit;
};

/* The one instance, defined in testpmd_cluster.c, which fills most of it. */
extern struct testpmd tp;

#endif /* _TESTPMD_H_ */
