/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _RMC_EVTCHN_H_
#define _RMC_EVTCHN_H_

/*
 * Event channels: how one domain wakes a sleeping RMC of another.
 *
 * A backend does the work: in production libxenevtchn (rmc_evtchn_xen.c); in
 * the unit tests a stand-in between the "domains" of one process
 * (rmc_evtchn_standin.c), which follows the same rules: a port is allocated
 * unbound for one named remote domain, that domain alone may bind to it, a
 * notification sets the remote port pending (once until unmasked) and makes
 * the remote handle's descriptor readable.
 */

#include <stddef.h>
#include <stdint.h>

struct rmc_evtchn_ops {
	/** Backend name, for messages. */
	const char *name;
	/**
	 * Open for a domain ('self_domid' only matters to stand-ins). NULL with
	 * errno and a reason in why on failure.
	 */
	void *(*open)(const void *arg, uint32_t self_domid, char *why, size_t len);
	void (*close)(void *h);
	/** Readable while a port of this handle is pending. */
	int (*fd)(void *h);
	/** A new local port that domain 'domid' may bind to; the port or -errno. */
	int (*bind_unbound)(void *h, uint32_t domid);
	/** Bind to domain domid's port remote_port; the local port or -errno. */
	int (*bind_interdomain)(void *h, uint32_t domid, uint32_t remote_port);
	/** Close a local port; 0 or -errno. */
	int (*unbind)(void *h, uint32_t port);
	/** Notify the other end of a bound local port; 0 or -errno. */
	int (*notify)(void *h, uint32_t port);
	/** The next pending local port (masked until unmask), or -EAGAIN. */
	int (*pending)(void *h);
	/** Let the port be notified again; 0 or -errno. */
	int (*unmask)(void *h, uint32_t port);
};

/* libxenevtchn (/dev/xen/evtchn). */
extern const struct rmc_evtchn_ops rmc_evtchn_xen_ops;

#endif /* _RMC_EVTCHN_H_ */
