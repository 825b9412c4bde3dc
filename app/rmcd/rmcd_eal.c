/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * rmcd's defaults for the EAL arguments the user did not give: see
 * rmcd_complete_eal_args() in rmcd_args.h.
 */

#include <sched.h>
#include <stdio.h>

#include "app_cpu.h"
#include "app_eal_args.h"
#include "app_opts.h"
#include "rmcd_args.h"

/* The options keep their EAL arguments in the vector's own shape. */
_Static_assert(RMCD_ARG_MAX == APP_EAL_ARG_MAX, "rmcd's EAL arguments are app_eal arguments");

/*
 * Two lcores unless the user chose: main (sleeps) on the first CPU we may use,
 * the RMC on this node's CPU of the cluster's placement, so that the nodes of
 * a cluster started together each get a CPU of their own when there are
 * enough (app_cpu_place()).
 */
static int
rmcd_place_lcores(struct rmcd_opts *o, const struct app_eal_vec *v, char *err, size_t errlen)
{
	int cpus[CPU_SETSIZE];
	struct app_cpu_place p;
	unsigned int n;

	o->cpu_note[0] = '\0';
	o->cpu_shared = 0;
	if (app_eal_find(*v->argc, v->argv, app_eal_core_opts))
		return 0;
	n = app_cpu_allowed(cpus, CPU_SETSIZE);
	if (app_cpu_place(o->conf.node_id, o->conf.node_count, cpus, n, &p) < 0)
		return app_eal_add_lcores(v, 0, 0, err, errlen);
	o->cpu_shared = p.shared;
	snprintf(o->cpu_note, sizeof(o->cpu_note), "%s", p.note);
	return app_eal_add_lcores(v, p.main_cpu, p.rmc_cpu, err, errlen);
}

int
rmcd_complete_eal_args(struct rmcd_opts *o, int hugepages_ok, char *err, size_t errlen)
{
	/* Only a PCI device named on the command line needs PCI probing; --vdev does not. */
	static const char *const dev_opts[] = { "-a", "-b", "--allow", "--block", "--no-pci",
		NULL };
	/* A file prefix of the user's: the user has chosen how the EAL keeps its memory. */
	static const char *const mem_opts[] = { "--in-memory", "--no-huge", "--legacy-mem",
		"--file-prefix", "-m", "--socket-mem", NULL };
	const struct app_eal_vec v = APP_EAL_VEC(o->eal_argc, o->eal_argv, o->eal_store);
	struct app_eal_mem mem = {
		/* --huge off: the EAL's own memory stays off hugepages too. */
		.huge = hugepages_ok && o->conf.huge != RTE_RMC_HUGE_OFF,
		.warn_prog = NULL, /* rmcd warns itself, in its own words */
		.no_huge_mb = "64",
	};
	char own[sizeof(o->prefix)];
	int ret;

	if (app_eal_add_pci(&v, dev_opts, err, errlen) < 0 ||
			rmcd_place_lcores(o, &v, err, errlen) < 0)
		return -1;
	if (!app_eal_find(o->eal_argc, o->eal_argv, mem_opts)) {
		if (!mem.huge && o->conf.huge == RTE_RMC_HUGE_REQUIRE)
			return app_err(err, errlen, "--huge require: no usable hugepages "
				"(mount hugetlbfs and reserve pages in /proc/sys/vm/nr_hugepages)");
		if (app_eal_add_memory(&v, &mem, err, errlen) < 0)
			return -1;
	}
	if (app_eal_add_quiet(&v, o->eal_log, err, errlen) < 0)
		return -1;
	snprintf(own, sizeof(own), "sonuma_%s_n%u", o->cluster, o->conf.node_id);
	ret = app_eal_file_prefix(&v, own, o->prefix, sizeof(o->prefix), err, errlen);
	if (ret < 0)
		return -1;
	o->own_prefix = ret;
	return 0;
}
