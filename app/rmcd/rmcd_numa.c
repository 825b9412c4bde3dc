/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>

#include <rte_lcore.h>

#include "app_opts.h"
#include "rmcd_numa.h"

#ifdef RMC_HAVE_NUMA
#include <numa.h>
#include <numaif.h>
#endif

#ifdef RMC_HAVE_NUMA

/* Append CPU list syntax for the set bits of 'set' into buf. */
static void
numa_cpuset_list(const cpu_set_t *set, char *buf, size_t len)
{
	size_t off = 0;
	int c, start = -1;

	buf[0] = '\0';
	for (c = 0; c <= CPU_SETSIZE; c++) {
		int in = c < CPU_SETSIZE && CPU_ISSET(c, set);

		if (in && start < 0)
			start = c;
		if (!in && start >= 0) {
			int n = start == c - 1 ?
				snprintf(buf + off, len - off, "%s%d", off ? "," : "", start) :
				snprintf(buf + off, len - off, "%s%d-%d", off ? "," : "", start,
					c - 1);
			if (n < 0 || (size_t)n >= len - off)
				return;
			off += n;
			start = -1;
		}
	}
}

/* The CPUs of a domain as a cpu_set_t; 0 or -1. */
static int
numa_domain_cpus(int numa, cpu_set_t *set)
{
	struct bitmask *bm = numa_allocate_cpumask();
	unsigned int c;

	if (bm == NULL)
		return -1;
	CPU_ZERO(set);
	if (numa_node_to_cpus(numa, bm) < 0) {
		numa_free_cpumask(bm);
		return -1;
	}
	for (c = 0; c < bm->size && c < CPU_SETSIZE; c++)
		if (numa_bitmask_isbitset(bm, c))
			CPU_SET(c, set);
	numa_free_cpumask(bm);
	return 0;
}

void
rmcd_numa_cpus(int numa, char *buf, size_t len)
{
	cpu_set_t set;

	buf[0] = '\0';
	if (numa_available() >= 0 && numa_domain_cpus(numa, &set) == 0)
		numa_cpuset_list(&set, buf, len);
}

void
rmcd_numa_report(FILE *out)
{
	int i, j, max;
	long long free_b;
	char cpus[256];

	if (numa_available() < 0) {
		fprintf(out, "rmcd: NUMA: not supported on this host (one memory domain)\n");
		return;
	}
	max = numa_max_node();
	fprintf(out, "rmcd: NUMA: %d domain(s)\n", max + 1);
	for (i = 0; i <= max; i++) {
		long long size = numa_node_size64(i, &free_b);

		rmcd_numa_cpus(i, cpus, sizeof(cpus));
		if (size < 0)
			fprintf(out, "rmcd: NUMA:   domain %d: cpus %s, no memory\n", i,
				cpus[0] ? cpus : "none");
		else
			fprintf(out, "rmcd: NUMA:   domain %d: cpus %s, %lld MiB (%lld MiB free)\n",
				i, cpus[0] ? cpus : "none", size >> 20, free_b >> 20);
	}
	fprintf(out, "rmcd: NUMA: distances:");
	for (i = 0; i <= max; i++) {
		fprintf(out, "%s %d:[", i ? ";" : "", i);
		for (j = 0; j <= max; j++)
			fprintf(out, "%s%d", j ? " " : "", numa_distance(i, j));
		fprintf(out, "]");
	}
	fprintf(out, "\n");
}

int
rmcd_numa_prepare(struct rmcd_opts *o, char *err, size_t errlen)
{
	cpu_set_t dom, mine, both;
	struct bitmask *mem;
	char list[256];
	int max;

	if (o->numa_node < 0)
		return 0;
	if (numa_available() < 0)
		return app_err(err, errlen, "--numa-node %d: this host has no NUMA support",
			o->numa_node);
	max = numa_max_node();
	if (o->numa_node > max)
		return app_err(err, errlen, "--numa-node %d: no such NUMA domain (this host has "
			"%d: 0..%d)", o->numa_node, max + 1, max);
	if (!numa_bitmask_isbitset(numa_all_nodes_ptr, o->numa_node))
		return app_err(err, errlen, "--numa-node %d: the domain has no memory this "
			"process may use", o->numa_node);
	if (numa_domain_cpus(o->numa_node, &dom) < 0 ||
			sched_getaffinity(0, sizeof(mine), &mine) < 0)
		return app_err(err, errlen, "--numa-node %d: cannot read the domain's CPUs: %s",
			o->numa_node, strerror(errno));
	CPU_AND(&both, &dom, &mine);
	if (CPU_COUNT(&both) == 0) {
		numa_cpuset_list(&dom, list, sizeof(list));
		return app_err(err, errlen, "--numa-node %d: none of the domain's CPUs (%s) is "
			"allowed to this process", o->numa_node, list[0] ? list : "none");
	}
	/* Every thread EAL and the library start inherits both. */
	if (sched_setaffinity(0, sizeof(both), &both) < 0)
		return app_err(err, errlen, "--numa-node %d: cannot run on its CPUs: %s",
			o->numa_node, strerror(errno));
	mem = numa_allocate_nodemask();
	if (mem != NULL) {
		numa_bitmask_setbit(mem, o->numa_node);
		/* Preferred, not bound: EAL may still place its own heap elsewhere. */
		set_mempolicy(MPOL_PREFERRED, mem->maskp, mem->size + 1);
		numa_free_nodemask(mem);
	}
	o->conf.flags |= RTE_RMC_NODE_F_NUMA;
	o->conf.numa_node = o->numa_node;
	return 0;
}

int
rmcd_numa_check_lcore(unsigned int lcore, int numa, char *err, size_t errlen)
{
	rte_cpuset_t lc = rte_lcore_cpuset(lcore);
	cpu_set_t dom, outside;
	char list[256];

	if (numa < 0)
		return 0;
	if (numa_domain_cpus(numa, &dom) < 0)
		return app_err(err, errlen, "cannot read the CPUs of NUMA domain %d", numa);
	CPU_XOR(&outside, &lc, &dom);
	CPU_AND(&outside, &outside, &lc);
	if (CPU_COUNT(&lc) == 0 || CPU_COUNT(&outside) != 0) {
		numa_cpuset_list(&lc, list, sizeof(list));
		return app_err(err, errlen, "the RMC lcore %u runs on CPU(s) %s, not all in NUMA "
			"domain %d: give EAL lcores on that domain's CPUs", lcore, list, numa);
	}
	return 0;
}

#else /* RMC_HAVE_NUMA */

void
rmcd_numa_cpus(int numa, char *buf, size_t len)
{
	RTE_SET_USED(numa);
	if (len > 0)
		buf[0] = '\0';
}

void
rmcd_numa_report(FILE *out)
{
	fprintf(out, "rmcd: NUMA: not reported (built without libnuma)\n");
}

int
rmcd_numa_prepare(struct rmcd_opts *o, char *err, size_t errlen)
{
	if (o->numa_node < 0)
		return 0;
	return app_err(err, errlen, "--numa-node: rmcd was built without libnuma (install "
		"libnuma-dev and rebuild)");
}

int
rmcd_numa_check_lcore(unsigned int lcore, int numa, char *err, size_t errlen)
{
	RTE_SET_USED(lcore);
	RTE_SET_USED(numa);
	RTE_SET_USED(err);
	RTE_SET_USED(errlen);
	return 0;
}

#endif /* RMC_HAVE_NUMA */
