/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _APP_CPU_H_
#define _APP_CPU_H_

/*
 * The CPUs of the lcores a program starts with when the user names none:
 * the main lcore (the application, or a thread that mostly sleeps) and one
 * worker for the RMC.
 */

/*
 * Set *main_cpu to the first and *worker_cpu to the last CPU of this
 * process's affinity. Returns how many distinct CPUs they are: 2, 1 (both
 * the same CPU), or 0 when the affinity cannot be read (both are then 0).
 */
int app_cpu_pick_two(int *main_cpu, int *worker_cpu);

/*
 * The CPUs this process may use (its affinity), in increasing order, at most
 * max of them. Returns how many, 0 when the affinity cannot be read.
 */
unsigned int app_cpu_allowed(int *cpus, unsigned int max);

/* Where a node's rmcd runs (app_cpu_place()). */
struct app_cpu_place {
	int rmc_cpu;            /* the CPU of the node's RMC */
	int main_cpu;           /* rmcd's main lcore (it sleeps): the first allowed CPU */
	int shared;             /* 1: fewer CPUs than nodes + 1, RMCs share CPUs */
	unsigned int app_cpus;  /* CPUs left to applications: cpus[0 .. app_cpus - 1] */
	char note[200];         /* one line saying where the RMC goes, and why */
};

/*
 * The default CPU of the RMC of node node_id of node_count, given the CPUs
 * cpus[0 .. n - 1] (increasing) that the node may use. A pure function, so
 * that the nodes of a cluster started on the same host with the same
 * affinity agree without talking: node i takes the (i + 1)-th last CPU. When
 * n >= node_count + 1, no two nodes share a CPU and the first
 * n - node_count CPUs are left to the applications; otherwise the RMCs share
 * the last n - 1 CPUs (node i on the ((i mod (n - 1)) + 1)-th last), the first
 * stays the applications', shared is 1 and the note says so (one CPU: all on
 * it). Returns 0, or -1 when n is 0 or node_id >= node_count.
 */
int app_cpu_place(unsigned int node_id, unsigned int node_count, const int *cpus,
		unsigned int n, struct app_cpu_place *p);

#endif /* _APP_CPU_H_ */
