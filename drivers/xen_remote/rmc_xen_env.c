/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/* The driver's environment and the probe for Xen (rmc_xen_env.h). */

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "rmc_xen_env.h"

static const struct rmc_xen_env rmc_xen_env_prod = {
	.gnt = &rmc_gnt_xen_ops,
	.evtchn = &rmc_evtchn_xen_ops,
	.board = &rmc_xen_board_xs_ops,
	.root = "",
#ifdef RMC_HAVE_XENHYPFS
	.hypfs_read = rmc_xen_hypfs_read,
#endif
};

static const struct rmc_xen_env *rmc_xen_env_cur = &rmc_xen_env_prod;

void
rmc_xen_set_env(const struct rmc_xen_env *env)
{
	rmc_xen_env_cur = env != NULL ? env : &rmc_xen_env_prod;
}

const struct rmc_xen_env *
rmc_xen_get_env(void)
{
	return rmc_xen_env_cur;
}

static int
xen_exists(const char *root, const char *path)
{
	char full[512];

	snprintf(full, sizeof(full), "%s%s", root, path);
	return access(full, F_OK) == 0;
}

/* 1 when the kernel says it runs on Xen. */
static int
xen_is_domain(const char *root)
{
	char full[512], type[16] = "";
	FILE *f;

	snprintf(full, sizeof(full), "%s%s", root, RMC_XEN_HYPERVISOR_TYPE);
	f = fopen(full, "r");
	if (f != NULL) {
		if (fgets(type, sizeof(type), f) == NULL)
			type[0] = '\0';
		fclose(f);
	}
	return strncmp(type, "xen", 3) == 0 || xen_exists(root, "/proc/xen");
}

int
rmc_xen_probe(const char *root, char *why, size_t len)
{
	int has_alloc, has_dev;

	if (root == NULL)
		root = "";
	has_alloc = xen_exists(root, RMC_XEN_GNTALLOC_DEV);
	has_dev = xen_exists(root, RMC_XEN_GNTDEV_DEV);
	if (has_alloc && has_dev)
		return 0;
	if (!xen_is_domain(root)) {
		snprintf(why, len, "Xen is not available on this host: it is not a Xen domain "
			"(no %s, no /dev/xen). The xen driver runs rmcd inside Xen domains; to run "
			"the nodes as processes on this host, use --driver shm",
			RMC_XEN_HYPERVISOR_TYPE);
		return -ENODEV;
	}
	snprintf(why, len, "Xen is not available to rmcd: this is a Xen domain, but %s is "
		"missing (load the grant devices: modprobe xen_gntalloc xen_gntdev); or use "
		"--driver shm to run the nodes as processes on one host",
		has_alloc ? RMC_XEN_GNTDEV_DEV : RMC_XEN_GNTALLOC_DEV);
	return -ENOENT;
}
