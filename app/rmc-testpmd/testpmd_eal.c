/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * rmc-testpmd's defaults for the EAL arguments the user did not give, as
 * rmcd picks its own: --no-pci, two lcores, hugepages when usable, and a
 * file prefix of its own.
 */

#include <stdio.h>

#include "app_eal_args.h"
#include "app_huge.h"
#include "testpmd_eal.h"

_Static_assert(TP_ARG_MAX == APP_EAL_ARG_MAX, "rmc-testpmd's EAL arguments are app_eal ones");

int
tp_complete_eal_args(struct tp_opts *o, char *err, size_t errlen)
{
	static const char *const dev_opts[] = { "-a", "-b", "--allow", "--block", "--vdev",
		"--no-pci", NULL };
	static const char *const mem_opts[] = { "--in-memory", "--no-huge", "--legacy-mem",
		"-m", "--socket-mem", NULL };
	const struct app_eal_vec v = APP_EAL_VEC(o->eal_argc, o->eal_argv, o->eal_store);
	char own[sizeof(o->prefix)];
	int ret;

	/* Main lcore (the prompt, sleeping) and one lcore for the RMCs. */
	if (app_eal_add_pci_lcores(&v, dev_opts, err, errlen) < 0)
		return -1;
	if (!app_eal_find(o->eal_argc, o->eal_argv, mem_opts)) {
		const struct app_eal_mem mem = {
			.huge = app_huge_usable(),
			.warn_prog = "rmc-testpmd",
			.no_huge_mb = "256",
		};

		if (app_eal_add_memory(&v, &mem, err, errlen) < 0)
			return -1;
	}
	if (app_eal_add_quiet(&v, o->eal_log, err, errlen) < 0)
		return -1;
	snprintf(own, sizeof(own), "sonuma_%s_tp", o->cluster);
	ret = app_eal_file_prefix(&v, own, o->prefix, sizeof(o->prefix), err, errlen);
	if (ret < 0)
		return -1;
	o->own_prefix = ret;
	return 0;
}
