/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/* Grant needs of a cluster and the limits they must fit (rmc_xen_limits.h). */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rmc_xen_limits.h"

void
rmc_xen_need_compute(uint16_t node_count, uint32_t data_pages, struct rmc_xen_need *n)
{
	memset(n, 0, sizeof(*n));
	n->peers = node_count > 0 ? node_count - 1u : 0;
	n->region_pages = 1 + data_pages;
	n->shared_pages = (uint64_t)n->peers * n->region_pages;
	n->mapped_pages = n->shared_pages;
}

void
rmc_xen_limits_default(struct rmc_xen_limits *l)
{
	memset(l, 0, sizeof(*l));
	l->gntalloc_limit = RMC_XEN_GNTALLOC_DEFAULT_LIMIT;
	l->gntdev_limit = 0;
	l->grant_frames = RMC_XEN_DEFAULT_GRANT_FRAMES;
	l->maptrack_frames = RMC_XEN_DEFAULT_MAPTRACK_FRAMES;
	l->grant_reserve = RMC_XEN_DEFAULT_GRANT_RESERVE;
}

const char *
rmc_xen_limit_src_name(enum rmc_xen_limit_src src)
{
	switch (src) {
	case RMC_XEN_SRC_SYSFS:
		return "sysfs";
	case RMC_XEN_SRC_HYPFS:
		return "hypfs";
	case RMC_XEN_SRC_ARG:
		return "driver argument";
	default:
		return "default";
	}
}

/*
 * Read one sysfs number. 1 when read, 0 when the file does not exist (module
 * not loaded, or not a Xen domain), -EINVAL when it holds something else.
 */
static int
limits_read_file(const char *root, const char *path, uint64_t *out, char *err, size_t errlen)
{
	char full[512], line[64], *end;
	unsigned long long v;
	FILE *f;

	snprintf(full, sizeof(full), "%s%s", root, path);
	f = fopen(full, "r");
	if (f == NULL)
		return 0;
	if (fgets(line, sizeof(line), f) == NULL)
		line[0] = '\0';
	fclose(f);
	errno = 0;
	v = strtoull(line, &end, 10);
	if (line[0] < '0' || line[0] > '9' || errno != 0 || (*end != '\n' && *end != '\0')) {
		snprintf(err, errlen, "%s does not hold a number ('%.20s')", full, line);
		return -EINVAL;
	}
	*out = v;
	return 1;
}

int
rmc_xen_limits_read(const char *sysfs_root, struct rmc_xen_limits *l, char *err, size_t errlen)
{
	uint64_t v;
	int ret;

	if (sysfs_root == NULL)
		sysfs_root = "";
	ret = limits_read_file(sysfs_root, RMC_XEN_GNTALLOC_LIMIT_PATH, &v, err, errlen);
	if (ret < 0)
		return ret;
	if (ret > 0) {
		l->gntalloc_limit = v;
		l->gntalloc_src = RMC_XEN_SRC_SYSFS;
	}
	ret = limits_read_file(sysfs_root, RMC_XEN_GNTDEV_LIMIT_PATH, &v, err, errlen);
	if (ret < 0)
		return ret;
	if (ret > 0) {
		l->gntdev_limit = v;
		l->gntdev_src = RMC_XEN_SRC_SYSFS;
	}
	return 0;
}

void
rmc_xen_limits_read_hypfs(struct rmc_xen_limits *l, int (*read)(const char *path, uint64_t *val))
{
	uint64_t v;

	if (read == NULL)
		return;
	if (l->grant_frames_src != RMC_XEN_SRC_ARG &&
			read(RMC_XEN_HYPFS_GRANT_FRAMES, &v) == 0 && v > 0 && v <= UINT32_MAX) {
		l->grant_frames = v;
		l->grant_frames_src = RMC_XEN_SRC_HYPFS;
	}
	if (l->maptrack_frames_src != RMC_XEN_SRC_ARG &&
			read(RMC_XEN_HYPFS_MAPTRACK_FRAMES, &v) == 0 && v > 0 && v <= UINT32_MAX) {
		l->maptrack_frames = v;
		l->maptrack_frames_src = RMC_XEN_SRC_HYPFS;
	}
}

int
rmc_xen_limits_check(const struct rmc_xen_need *n, const struct rmc_xen_limits *l, char *msg,
		size_t len)
{
	uint64_t grants = (uint64_t)l->grant_frames * RMC_XEN_GRANTS_PER_FRAME;
	uint64_t maps = (uint64_t)l->maptrack_frames * RMC_XEN_MAPS_PER_FRAME;
	uint64_t avail = grants > l->grant_reserve ? grants - l->grant_reserve : 0;

	if (n->shared_pages > l->gntalloc_limit) {
		snprintf(msg, len, "the cluster needs %" PRIu64 " grants allocated by this "
			"domain (%u peers x %u pages), but the kernel's gntalloc limit is %" PRIu64
			" (%s): raise it with 'echo %" PRIu64 " > %s' (or boot with "
			"xen_gntalloc.limit=%" PRIu64 "), or use fewer ring slots",
			n->shared_pages, n->peers, n->region_pages, l->gntalloc_limit,
			rmc_xen_limit_src_name(l->gntalloc_src), n->shared_pages,
			RMC_XEN_GNTALLOC_LIMIT_PATH, n->shared_pages);
		return -ENOSPC;
	}
	if (n->shared_pages > avail) {
		snprintf(msg, len, "the cluster needs %" PRIu64 " grant-table entries in this "
			"domain (%u peers x %u pages) besides the %u left to its kernel, but its "
			"grant table holds %" PRIu64 " (%u frames, %s): raise max_grant_frames in "
			"the domain's xl configuration (and Xen's gnttab_max_frames boot option if "
			"it is lower) to at least %" PRIu64 ", then tell rmcd with --driver-args "
			"grant-frames=N",
			n->shared_pages, n->peers, n->region_pages, l->grant_reserve, grants,
			l->grant_frames, rmc_xen_limit_src_name(l->grant_frames_src),
			(n->shared_pages + l->grant_reserve + RMC_XEN_GRANTS_PER_FRAME - 1) /
			RMC_XEN_GRANTS_PER_FRAME);
		return -ENOSPC;
	}
	if (l->gntdev_limit != 0 && n->mapped_pages > l->gntdev_limit) {
		snprintf(msg, len, "the cluster needs %" PRIu64 " foreign pages mapped by this "
			"domain (%u peers x %u pages), but the kernel's gntdev limit is %" PRIu64
			" (%s): raise it with 'echo %" PRIu64 " > %s' (or boot with "
			"xen_gntdev.limit=%" PRIu64 ")",
			n->mapped_pages, n->peers, n->region_pages, l->gntdev_limit,
			rmc_xen_limit_src_name(l->gntdev_src), n->mapped_pages,
			RMC_XEN_GNTDEV_LIMIT_PATH, n->mapped_pages);
		return -ENOSPC;
	}
	if (n->mapped_pages > maps) {
		snprintf(msg, len, "the cluster needs %" PRIu64 " grant mappings in this domain "
			"(%u peers x %u pages), but its maptrack table holds %" PRIu64
			" (%u frames, %s): raise max_maptrack_frames in the domain's xl "
			"configuration (and Xen's gnttab_max_maptrack_frames) to at least %" PRIu64
			", then tell rmcd with "
			"--driver-args maptrack-frames=N",
			n->mapped_pages, n->peers, n->region_pages, maps, l->maptrack_frames,
			rmc_xen_limit_src_name(l->maptrack_frames_src),
			(n->mapped_pages + RMC_XEN_MAPS_PER_FRAME - 1) / RMC_XEN_MAPS_PER_FRAME);
		return -ENOSPC;
	}
	return 0;
}

void
rmc_xen_limits_describe(const struct rmc_xen_need *n, const struct rmc_xen_limits *l,
		char *buf, size_t len)
{
	char dev[48];

	if (l->gntdev_limit != 0)
		snprintf(dev, sizeof(dev), "%" PRIu64 " (%s)", l->gntdev_limit,
			rmc_xen_limit_src_name(l->gntdev_src));
	else
		snprintf(dev, sizeof(dev), "unknown");
	snprintf(buf, len, "grants: %" PRIu64 " shared and %" PRIu64 " mapped (%u peers x %u "
		"pages); limits: gntalloc %" PRIu64 " (%s), gntdev %s, grant table %u frames "
		"(%s) less %u reserved, maptrack %u frames (%s)",
		n->shared_pages, n->mapped_pages, n->peers, n->region_pages, l->gntalloc_limit,
		rmc_xen_limit_src_name(l->gntalloc_src), dev, l->grant_frames,
		rmc_xen_limit_src_name(l->grant_frames_src), l->grant_reserve, l->maptrack_frames,
		rmc_xen_limit_src_name(l->maptrack_frames_src));
}
