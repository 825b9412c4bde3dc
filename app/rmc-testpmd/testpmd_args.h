/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _TESTPMD_ARGS_H_
#define _TESTPMD_ARGS_H_

/*
 * rmc-testpmd's command line. With "--", what stands before it goes to the
 * EAL and what follows is rmc-testpmd's own; without "--", every argument is
 * its own and it picks the EAL arguments itself (testpmd_eal.h).
 */

#include <stddef.h>
#include <stdint.h>

#include <rte_rmc_node.h>

#define TP_MAX_EAL_ARGS 64
#define TP_ARG_MAX 256

struct tp_opts {
	unsigned int nb_nodes;     /* in-process cluster size */
	int attach;                /* drive a running cluster of rmcd */
	int help;
	int eal_log;               /* --eal-log: DPDK's info lines too */
	int eal_given;             /* EAL arguments stood before "--" */
	char cluster[RTE_RMC_NAME_MAX];
	char driver[32];
	char driver_args[256];     /* "%u": each node's id (eth: ports=net_memif%u) */
	char fabric_conf[4096];    /* eth: the node-address file */
	char cmdfile[4096];
	uint64_t ctx0_size;        /* 0: nodes start without context 0 */
	enum rte_rmc_idle_policy idle;
	int eal_argc;
	char *eal_argv[TP_MAX_EAL_ARGS];
	char eal_store[TP_MAX_EAL_ARGS][TP_ARG_MAX];
	char prefix[64];           /* EAL file prefix */
	int own_prefix;            /* chosen by rmc-testpmd: its folder is removed at exit */
};

/* Parse the command line into o. 0, or -1 with a one-line reason in err. */
int tp_parse_args(int argc, char **argv, struct tp_opts *o, char *err, size_t errlen);

/* The usage text. */
void tp_usage(const char *prog);

#endif /* _TESTPMD_ARGS_H_ */
