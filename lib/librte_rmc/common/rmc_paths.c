/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * Where a cluster's control sockets live on this host, and checks of the
 * names that go into those paths.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rte_rmc_node.h"
#include "rmc_common.h"

int
rte_rmc_cluster_name_check(const char *name)
{
	size_t i, n;

	if (name == NULL)
		return -EINVAL;
	n = strlen(name);
	if (n == 0 || n >= RTE_RMC_NAME_MAX || name[0] == '.')
		return -EINVAL;
	for (i = 0; i < n; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
				(c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.'))
			return -EINVAL;
	}
	return 0;
}

static int
rmc_runtime_base(char *buf, size_t len)
{
	const char *env = getenv("RMC_RUNTIME_DIR");
	const char *xdg = getenv("XDG_RUNTIME_DIR");
	int n;

	if (env != NULL && env[0] != '\0')
		n = snprintf(buf, len, "%s", env);
	else if (geteuid() == 0)
		n = snprintf(buf, len, "/var/run/sonuma");
	else if (xdg != NULL && xdg[0] != '\0')
		n = snprintf(buf, len, "%s/sonuma", xdg);
	else
		n = snprintf(buf, len, "/tmp/sonuma-%u", (unsigned int)geteuid());
	return (n < 0 || (size_t)n >= len) ? -ENAMETOOLONG : 0;
}

int
rmc_runtime_fallback(char *buf, size_t len)
{
	const char *env = getenv("RMC_RUNTIME_DIR");
	const char *xdg = getenv("XDG_RUNTIME_DIR");

	if ((env != NULL && env[0] != '\0') || geteuid() == 0 || (xdg != NULL && xdg[0] != '\0'))
		return 0;
	snprintf(buf, len, "/tmp/sonuma-%u", (unsigned int)geteuid());
	return 1;
}

int
rte_rmc_cluster_dir(const char *cluster, char *buf, size_t len)
{
	char base[256];
	int n, ret;

	if (cluster == NULL)
		cluster = "default";
	if (rte_rmc_cluster_name_check(cluster) < 0)
		return -EINVAL;
	ret = rmc_runtime_base(base, sizeof(base));
	if (ret < 0)
		return ret;
	n = snprintf(buf, len, "%s/%s", base, cluster);
	return (n < 0 || (size_t)n >= len) ? -ENAMETOOLONG : 0;
}
