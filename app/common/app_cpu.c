/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#include <sched.h>
#include <stdio.h>
#include <string.h>

#include "app_cpu.h"

int
app_cpu_pick_two(int *main_cpu, int *worker_cpu)
{
	int first = -1, last = -1, c;
	cpu_set_t cs;

	if (sched_getaffinity(0, sizeof(cs), &cs) == 0) {
		for (c = 0; c < CPU_SETSIZE; c++) {
			if (!CPU_ISSET(c, &cs))
				continue;
			if (first < 0)
				first = c;
			last = c;
		}
	}
	if (first < 0) {
		*main_cpu = *worker_cpu = 0;
		return 0;
	}
	*main_cpu = first;
	*worker_cpu = last;
	return first == last ? 1 : 2;
}

unsigned int
app_cpu_allowed(int *cpus, unsigned int max)
{
	unsigned int n = 0;
	cpu_set_t cs;
	int c;

	if (sched_getaffinity(0, sizeof(cs), &cs) != 0)
		return 0;
	for (c = 0; c < CPU_SETSIZE && n < max; c++)
		if (CPU_ISSET(c, &cs))
			cpus[n++] = c;
	return n;
}

int
app_cpu_place(unsigned int node_id, unsigned int node_count, const int *cpus,
		unsigned int n, struct app_cpu_place *p)
{
	unsigned int rmc_cpus;

	memset(p, 0, sizeof(*p));
	if (n == 0 || node_id >= node_count)
		return -1;
	p->main_cpu = cpus[0];
	if (n >= node_count + 1) {
		/* From the end: the first CPUs (CPU 0 takes most interrupts) stay the apps'. */
		p->rmc_cpu = cpus[n - 1 - node_id];
		p->app_cpus = n - node_count;
		snprintf(p->note, sizeof(p->note), "node %u of %u: RMC on CPU %d, one CPU per "
			"RMC (%u allowed CPUs; the first %u left to applications)", node_id,
			node_count, p->rmc_cpu, n, p->app_cpus);
		return 0;
	}
	/*
	 * Too few: the RMCs share the last n - 1 CPUs and the first stays the
	 * applications'. A polling application beside an RMC that serves peers
	 * would wait for the scheduler; RMCs beside each other take turns, since
	 * an idle one yields and sleeps (adaptive idle policy).
	 */
	rmc_cpus = n > 1 ? n - 1 : 1;
	p->rmc_cpu = cpus[n - 1 - node_id % rmc_cpus];
	p->app_cpus = n > 1 ? 1 : 0;
	p->shared = 1;
	snprintf(p->note, sizeof(p->note), "node %u of %u: RMC on CPU %d, shared: %u allowed "
		"CPUs are fewer than nodes + 1 = %u, so RMCs share CPUs (adaptive idle policy)",
		node_id, node_count, p->rmc_cpu, n, node_count + 1);
	return 0;
}
