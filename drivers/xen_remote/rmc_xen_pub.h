/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _RMC_XEN_PUB_H_
#define _RMC_XEN_PUB_H_

/*
 * The publication of a granted region: what a node that shared pages with a
 * peer domain tells that peer so that it can map them. It travels as one
 * line of printable text (a xenstore value), versioned, with its fields in a
 * fixed order:
 *
 *   sonuma-xen-grants v1 cluster=lab from=0 to=1 domid=5 gen=00c0ffee12345678
 *       slots=256 ctl=4101 pages=3 refs=4102,4103,4104
 *
 * (one line, single spaces). 'from' shared the pages, 'to' may map them,
 * 'domid' is the sharing domain, 'gen' changes at every share (a restarted
 * node is told apart from the one it replaces), 'slots' is the ring geometry
 * the data pages hold, 'ctl' the grant of the control page and 'refs' those
 * of the data pages. The decoder accepts nothing else: every deviation is
 * rejected with a one-line reason.
 */

#include <stddef.h>
#include <stdint.h>

#include <rte_rmc.h>

/* First token of every publication. */
#define RMC_XEN_PUB_MAGIC "sonuma-xen-grants"
/* Format version written by this build (and the only one it reads). */
#define RMC_XEN_PUB_VERSION 1
/* Data pages of one region at most (keeps a publication below 4 KiB). */
#define RMC_XEN_PUB_MAX_PAGES 256
/* Longest publication accepted, well below xenstore's 4096-byte payload. */
#define RMC_XEN_PUB_MAX_LEN 3584
/* Grant references 0..7 are reserved by Xen for the toolstack. */
#define RMC_XEN_GREF_FIRST 8
/* Domain ids from 0x7FF0 on are reserved (DOMID_FIRST_RESERVED). */
#define RMC_XEN_DOMID_MAX 0x7FEF
/* Ring geometry bounds a publication may name. */
#define RMC_XEN_SLOTS_MIN 2
#define RMC_XEN_SLOTS_MAX 65536

struct rmc_xen_pub {
	char cluster[RTE_RMC_NAME_MAX];
	uint16_t from;       /* node that shared the pages */
	uint16_t to;         /* node that may map them */
	uint32_t domid;      /* domain of 'from' */
	uint64_t gen;        /* non-zero, new at every share */
	uint32_t slots;      /* ring entries (power of two) */
	uint32_t ctl_ref;    /* grant of the control page */
	uint32_t nb_pages;   /* data pages */
	uint32_t refs[RMC_XEN_PUB_MAX_PAGES];
};

/*
 * Write 'p' as a publication into buf. Returns its length, or -EINVAL when
 * 'p' itself is not valid (the reason in err), or -ENOSPC when buf is too
 * small.
 */
int rmc_xen_pub_encode(const struct rmc_xen_pub *p, char *buf, size_t len, char *err,
		size_t errlen);

/*
 * Read a publication of 'len' bytes (a trailing NUL or newline is allowed).
 * Returns 0, or -EINVAL with a one-line reason in err; 'p' is only written
 * on success.
 */
int rmc_xen_pub_decode(const char *txt, size_t len, struct rmc_xen_pub *p, char *err,
		size_t errlen);

/* The checks decode applies to a decoded value. 0 or -EINVAL with a reason. */
int rmc_xen_pub_check(const struct rmc_xen_pub *p, char *err, size_t errlen);

/* The xenstore key (below the publishing domain's data/sonuma/) of a region. */
int rmc_xen_pub_key(const char *cluster, uint16_t from, uint16_t to, char *buf, size_t len);

#endif /* _RMC_XEN_PUB_H_ */
