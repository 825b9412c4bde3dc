/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _RMC_XEN_ENV_H_
#define _RMC_XEN_ENV_H_

/*
 * What the xen_remote driver runs on: a grant backend, event channels, a
 * publication board, and the host files it probes. In production these are libxengnttab,
 * xenstore and the real /dev and /sys. The unit tests put ordinary shared
 * memory, a directory and a scratch file tree in their place
 * (rmc_xen_set_env()), so that everything above them (bookkeeping, the
 * publication format, limits, the peer state machine) runs without a
 * hypervisor. Nothing outside the tests can select the stand-ins.
 */

#include <stddef.h>
#include <stdint.h>

#include <rte_common.h>

#include "rmc_evtchn.h"
#include "rmc_gnt.h"

#define RMC_XEN_GNTALLOC_DEV "/dev/xen/gntalloc"
#define RMC_XEN_GNTDEV_DEV "/dev/xen/gntdev"
#define RMC_XEN_HYPERVISOR_TYPE "/sys/hypervisor/type"

/*
 * The publication board: a small key/value store in which each domain writes
 * below its own area and lets one named peer domain read an entry.
 * Production: xenstore, /local/domain/<domid>/data/sonuma/<key>.
 */
struct rmc_xen_board_ops {
	const char *name;
	/** Open for domain self_domid; NULL with errno and a reason in why. */
	void *(*open)(const void *arg, uint32_t self_domid, char *why, size_t len);
	void (*close)(void *h);
	/** The domain id the board says we are; 0 or -errno. */
	int (*self_domid)(void *h, uint32_t *domid);
	/** Write key=val in our area, readable by domain 'reader' only. 0 or -errno. */
	int (*put)(void *h, const char *key, const char *val, uint32_t reader);
	/**
	 * Read key from domain owner's area into buf (NUL-terminated). The
	 * value's length, -ENOENT when absent or not (yet) readable by us,
	 * -ENOSPC when longer than len - 1, other -errno.
	 */
	int (*get)(void *h, uint32_t owner, const char *key, char *buf, size_t len);
	/** Remove key from our area; 0 or -errno (-ENOENT if absent). */
	int (*del)(void *h, const char *key);
};

struct rmc_xen_env {
	const struct rmc_gnt_ops *gnt;
	const void *gnt_arg;
	/* Event channels to wake a sleeping RMC; NULL: none (it polls instead). */
	const struct rmc_evtchn_ops *evtchn;
	const void *evtchn_arg;
	const struct rmc_xen_board_ops *board;
	const void *board_arg;
	/* Prefix of the /dev and /sys paths probed and read; "" = the real ones. */
	const char *root;
	/* Read a number from Xen's hypfs; 0 or -errno. NULL: not available. */
	int (*hypfs_read)(const char *path, uint64_t *val);
};

/* The production environment (libxengnttab, xenstore, the real files). */
extern const struct rmc_gnt_ops rmc_gnt_xen_ops;
extern const struct rmc_xen_board_ops rmc_xen_board_xs_ops;

/* libxenhypfs, when the build found it; 0 or -errno (not dom0: -EPERM...). */
int rmc_xen_hypfs_read(const char *path, uint64_t *val);

/* A logger for the Xen libraries that says nothing (the driver logs itself). */
struct xentoollog_logger *rmc_xen_quiet_logger(void);

/* Use another environment (tests); NULL restores production. */
void rmc_xen_set_env(const struct rmc_xen_env *env);

/* The environment nodes created from now on use. */
const struct rmc_xen_env *rmc_xen_get_env(void);

/*
 * Whether Xen grant devices can be used here: 0, or -ENODEV (not a Xen
 * domain) / -ENOENT (a Xen domain without the grant devices) with a message
 * that says what is missing and names --driver shm.
 */
int rmc_xen_probe(const char *root, char *why, size_t len);

#endif /* _RMC_XEN_ENV_H_ */
