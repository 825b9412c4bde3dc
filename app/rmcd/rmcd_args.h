/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _RMCD_ARGS_H_
#define _RMCD_ARGS_H_

/*
 * rmcd's command line. With "--", what stands before it goes to the EAL and
 * what follows is rmcd's own; without "--", every argument is rmcd's own and
 * rmcd chooses the EAL arguments itself. Parsing has no side effects, so that
 * it can be unit-tested and fuzzed.
 */

#include <stddef.h>
#include <stdint.h>

#include <rte_rmc_node.h>

#define RMCD_MAX_EAL_ARGS 64
#define RMCD_ARG_MAX 256

struct rmcd_ctx_opt {
	uint64_t size;
	uint16_t id;
	enum rte_rmc_perm perm;
};

struct rmcd_opts {
	struct rte_rmc_node_conf conf;
	char cluster[RTE_RMC_NAME_MAX];
	char driver[32];
	char driver_args[512]; /* --driver-args */
	int numa_node;      /* --numa-node, -1 = none */
	char fabric_conf[RMCD_ARG_MAX];
	struct rmcd_ctx_opt ctx[RTE_RMC_MAX_CTX];
	unsigned int nb_ctx;
	int lcore;          /* RMC lcore, -1 = the last worker lcore */
	int service;        /* run the RMC as an rte_service */
	int allow_inline;   /* --allow-inline: RTE_RMC_NODE_F_ALLOW_INLINE */
	int allow_app_admin; /* --allow-app-admin: RTE_RMC_NODE_F_ALLOW_APP_ADMIN */
	int latency;        /* --latency given */
	uint64_t latency_base_ns;
	uint64_t latency_per_chunk_ns;
	int eal_log;        /* --eal-log: DPDK's info lines too (app_eal_add_quiet()) */
	uint64_t latency_oneway_ns; /* --latency-oneway, 0 = half */
	uint64_t latency_seed;      /* --latency-seed */
	int latency_law;            /* --latency-law: 0 constant, 1 normal, 2 lognormal */
	double latency_law_a, latency_law_b;
	char latency_law_file[RMCD_ARG_MAX]; /* --latency-law file:PATH */
	int help;
	int version;
	int user_eal;       /* EAL arguments were given before "--" */
	int eal_argc;
	char *eal_argv[RMCD_MAX_EAL_ARGS];
	char eal_store[RMCD_MAX_EAL_ARGS][RMCD_ARG_MAX];
	char prefix[64];    /* --file-prefix used */
	int own_prefix;     /* rmcd chose the prefix, so it may remove its folder */
	int cpu_shared;     /* rmcd placed the RMC on a CPU other nodes' RMCs share */
	char cpu_note[200]; /* where rmcd placed the RMC and why ("" if the user chose) */
};

/*
 * Parse the command line into 'o' (EAL part and rmcd part). Returns 0, or -1
 * with a one-line reason in 'err'.
 */
int rmcd_parse_args(int argc, char **argv, struct rmcd_opts *o, char *err, size_t errlen);

/*
 * Complete the EAL arguments with rmcd's defaults: --no-pci unless a PCI
 * device was named (-a/-b; a --vdev alone still gets --no-pci), a file
 * prefix of its own, --in-memory with hugepages or --no-huge without them or
 * with --huge off, and two lcores when none were given: main on the first
 * allowed CPU, the RMC where app_cpu_place() (app/common) puts this node, said
 * in o->cpu_note. 'hugepages_ok'
 * is app_huge_usable() (app/common), a parameter so that tests can choose.
 * Returns 0, or -1 with the reason in 'err'.
 */
int rmcd_complete_eal_args(struct rmcd_opts *o, int hugepages_ok, char *err, size_t errlen);

/* The usage text. */
void rmcd_usage(const char *prog);

#endif /* _RMCD_ARGS_H_ */
