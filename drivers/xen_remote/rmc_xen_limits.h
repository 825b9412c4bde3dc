/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _RMC_XEN_LIMITS_H_
#define _RMC_XEN_LIMITS_H_

/*
 * How many grants a cluster needs, what Xen and the domain's kernel allow,
 * and the check made at start (the original failed silently when a grant
 * table ran out).
 *
 * Every node shares, with each of its N-1 peers, one region: a control page
 * and the data pages holding the ring pair of its requests to that peer; it
 * maps the same amount from each peer. Per domain, then:
 *   shared pages = (N-1) * (1 + data pages)    <= xen_gntalloc.limit
 *                                                  and the grant table
 *   mapped pages = (N-1) * (1 + data pages)    <= xen_gntdev.limit
 *                                                  and the maptrack table
 * The limits are read from:
 *   - /sys/module/xen_gntalloc/parameters/limit: grants the domain's kernel
 *     lets user space allocate (Linux default 1024);
 *   - /sys/module/xen_gntdev/parameters/limit: grants it lets user space map
 *     (per mapping request on Linux >= 4.19, default 65536; in total before);
 *   - the domain's grant-table size in frames (max_grant_frames in the xl
 *     domain configuration, capped by Xen's gnttab_max_frames; 512 entries a
 *     frame with the v1 layout Linux uses): a guest cannot read it, so it is
 *     the driver argument grant-frames=, else Xen's /params/gnttab_max_frames
 *     through hypfs where the domain may read it (dom0), else Xen's default, 64;
 *   - the same for the maptrack table (maptrack-frames=, max_maptrack_frames,
 *     gnttab_max_maptrack_frames, default 1024; 256 mappings a frame).
 * A part of the grant table is left to the domain's own kernel (its network
 * and block front-ends): grant-reserve=, 4096 entries by default.
 */

#include <stddef.h>
#include <stdint.h>

/* Linux grant-device defaults, used when the module does not say. */
#define RMC_XEN_GNTALLOC_DEFAULT_LIMIT 1024
/* Xen's default gnttab_max_frames and gnttab_max_maptrack_frames. */
#define RMC_XEN_DEFAULT_GRANT_FRAMES 64
#define RMC_XEN_DEFAULT_MAPTRACK_FRAMES 1024
/* Entries per 4 KiB frame: v1 grant entries (8 B), maptrack entries (16 B). */
#define RMC_XEN_GRANTS_PER_FRAME 512
#define RMC_XEN_MAPS_PER_FRAME 256
/* Grant entries left to the domain's kernel by default. */
#define RMC_XEN_DEFAULT_GRANT_RESERVE 4096

/* Sysfs files of the Linux grant devices, below the sysfs root. */
#define RMC_XEN_GNTALLOC_LIMIT_PATH "/sys/module/xen_gntalloc/parameters/limit"
#define RMC_XEN_GNTDEV_LIMIT_PATH "/sys/module/xen_gntdev/parameters/limit"

/* What one domain of the cluster needs. */
struct rmc_xen_need {
	uint32_t peers;          /* N - 1 */
	uint32_t region_pages;   /* control page + data pages */
	uint64_t shared_pages;   /* grants this domain allocates */
	uint64_t mapped_pages;   /* foreign pages this domain maps */
};

/* Where a limit came from. */
enum rmc_xen_limit_src {
	RMC_XEN_SRC_DEFAULT = 0, /* not readable here: the documented default */
	RMC_XEN_SRC_SYSFS,       /* the kernel module's parameter */
	RMC_XEN_SRC_HYPFS,       /* Xen's hypervisor file system */
	RMC_XEN_SRC_ARG,         /* a driver argument */
};

struct rmc_xen_limits {
	uint64_t gntalloc_limit;
	uint64_t gntdev_limit;   /* 0 = no limit known */
	uint32_t grant_frames;
	uint32_t maptrack_frames;
	uint32_t grant_reserve;
	enum rmc_xen_limit_src gntalloc_src;
	enum rmc_xen_limit_src gntdev_src;
	enum rmc_xen_limit_src grant_frames_src;
	enum rmc_xen_limit_src maptrack_frames_src;
};

/* Fill 'n' for a cluster of node_count nodes with regions of data_pages. */
void rmc_xen_need_compute(uint16_t node_count, uint32_t data_pages, struct rmc_xen_need *n);

/*
 * Read the grant-device limits below 'sysfs_root' ("" for the real /sys).
 * Values already marked RMC_XEN_SRC_ARG or _HYPFS in 'l' are kept; missing
 * files leave the defaults. Returns 0, or -EINVAL with the reason in err when
 * a file exists but does not hold a number.
 */
int rmc_xen_limits_read(const char *sysfs_root, struct rmc_xen_limits *l, char *err,
		size_t errlen);

/* Where Xen's hypfs holds its grant-table caps. */
#define RMC_XEN_HYPFS_GRANT_FRAMES "/params/gnttab_max_frames"
#define RMC_XEN_HYPFS_MAPTRACK_FRAMES "/params/gnttab_max_maptrack_frames"

/*
 * Take the grant-table and maptrack sizes from Xen's hypfs through 'read'
 * (may be NULL), for those not set by a driver argument. Values that cannot
 * be read (any domain but dom0) keep their defaults.
 */
void rmc_xen_limits_read_hypfs(struct rmc_xen_limits *l,
		int (*read)(const char *path, uint64_t *val));

/* Set every limit to its default (sources RMC_XEN_SRC_DEFAULT). */
void rmc_xen_limits_default(struct rmc_xen_limits *l);

/*
 * Check 'n' against 'l'. Returns 0, or -ENOSPC with a message that names the
 * limit, the numbers and the setting to raise.
 */
int rmc_xen_limits_check(const struct rmc_xen_need *n, const struct rmc_xen_limits *l,
		char *msg, size_t len);

/* One line: what is needed and what the limits are (with their sources). */
void rmc_xen_limits_describe(const struct rmc_xen_need *n, const struct rmc_xen_limits *l,
		char *buf, size_t len);

/* "sysfs", "hypfs", "driver argument" or "default". */
const char *rmc_xen_limit_src_name(enum rmc_xen_limit_src src);

#endif /* _RMC_XEN_LIMITS_H_ */
