/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _RMCD_NUMA_H_
#define _RMCD_NUMA_H_

/*
 * NUMA placement of rmcd's node: the host's domains and distances reported
 * at start, and --numa-node N, which binds the node's memory (each segment,
 * by the library: RTE_RMC_NODE_F_NUMA) and its RMC lcore (the CPUs
 * rmcd gives EAL) to domain N, as the original pinned each node's VM to one
 * domain of a ccNUMA host.
 */

#include <stddef.h>
#include <stdio.h>

#include "rmcd_args.h"

/* Print the NUMA domains (CPUs, memory) and their distance matrix. */
void rmcd_numa_report(FILE *out);

/*
 * Check --numa-node against the host and prepare it before EAL starts:
 * restrict the process to the domain's CPUs (so that the lcores rmcd picks,
 * and every thread, run there), prefer the domain's memory for everything
 * the process allocates, and ask the library to bind the node's segments.
 * 0, or -1 with the reason in err (a domain that does not exist, has no CPU
 * this process may use, or no memory). Nothing is changed on error.
 */
int rmcd_numa_prepare(struct rmcd_opts *o, char *err, size_t errlen);

/* After EAL: 0 if lcore runs on CPUs of domain numa only, else -1 + reason. */
int rmcd_numa_check_lcore(unsigned int lcore, int numa, char *err, size_t errlen);

/* The CPUs of a NUMA domain, as a list ("0-3,8"); "" if unknown. */
void rmcd_numa_cpus(int numa, char *buf, size_t len);

#endif /* _RMCD_NUMA_H_ */
