/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _RMC_XEN_REGION_H_
#define _RMC_XEN_REGION_H_

/*
 * A granted region: what one node shares with one peer domain to carry its
 * requests to that peer. It is two grant allocations:
 *   - a control page, shared and mapped with unmap notification: it says
 *     what the region is (magic, version, nodes, generation, geometry) and
 *     holds one "alive" byte per side, which the grant devices clear when
 *     that side goes away, even by a crash;
 *   - the data pages, mapped contiguously on both sides, which hold the ring
 *     pair of the protocol's transport (requests one way, replies the other).
 * The sharer writes the control page; the mapper checks it against the
 * publication before it trusts the data pages.
 */

#include <stdint.h>

#include "rmc_gnt.h"
#include "rmc_xen_pub.h"

#define RMC_XEN_CTL_MAGIC 0x6e78534fu /* "OSxn" */
/* 2: the sharer's event channel port and RMC asleep word (rmc_xen_wake.c). */
#define RMC_XEN_CTL_VERSION 2

/* Layout of the control page (4 KiB, the rest unused). */
struct rmc_xen_ctl_page {
	uint32_t magic;
	uint16_t version;
	uint16_t from;
	uint16_t to;
	uint16_t reserved;
	uint32_t slots;
	uint32_t nb_pages;
	uint32_t sharer_domid;
	uint64_t gen;
	/* Alive bytes on their own cache lines: each side writes one. */
	uint8_t sharer_alive __attribute__((aligned(64)));
	uint8_t mapper_alive __attribute__((aligned(64)));
	/*
	 * Written by the sharer only: the event channel port it allocated for
	 * the mapper's domain (0: none, the sharer's RMC polls), and its RMC's
	 * asleep word, which the mapper reads before it notifies that port.
	 */
	uint32_t sharer_port __attribute__((aligned(64)));
	uint32_t sharer_asleep;
};

#define RMC_XEN_CTL_SHARER_OFF offsetof(struct rmc_xen_ctl_page, sharer_alive)
#define RMC_XEN_CTL_MAPPER_OFF offsetof(struct rmc_xen_ctl_page, mapper_alive)

struct rmc_xen_region {
	struct rmc_gnt_alloc ctl;
	struct rmc_gnt_alloc data;
	uint64_t gen;
	uint32_t slots;
	uint16_t from;
	uint16_t to;
	int mine;               /* 1: we shared it, 0: we mapped it */
};

/*
 * Share a region with domain 'domid' for requests of node 'from' to node
 * 'to': control page + data_pages, header written, our alive byte set.
 * Nothing stays allocated on failure. 0 or -errno.
 */
int rmc_xen_region_share(struct rmc_gnt_book *b, uint32_t self_domid, uint32_t domid,
		uint16_t from, uint16_t to, uint32_t slots, uint32_t data_pages, uint64_t gen,
		struct rmc_xen_region *r);

/* Describe a shared region as its publication. */
void rmc_xen_region_publication(const struct rmc_xen_region *r, const char *cluster,
		uint32_t self_domid, struct rmc_xen_pub *p);

/*
 * Map the region a publication names, after checking that it is the one we
 * expect (nodes, domain, geometry) and that its control page agrees with the
 * publication. Nothing stays mapped on failure. 0, or -errno with a reason.
 */
int rmc_xen_region_map(struct rmc_gnt_book *b, const struct rmc_xen_pub *p, uint16_t self_nid,
		uint32_t expect_domid, uint32_t expect_slots, uint32_t expect_pages,
		struct rmc_xen_region *r, char *err, size_t errlen);

/* 1 while the other side holds the region (its alive byte is set). */
int rmc_xen_region_peer_alive(const struct rmc_xen_region *r);

/* The sharer's wake-up fields (struct rmc_xen_ctl_page). */
uint32_t *rmc_xen_region_asleep_word(const struct rmc_xen_region *r);
void rmc_xen_region_set_port(struct rmc_xen_region *r, uint32_t port);
uint32_t rmc_xen_region_port(const struct rmc_xen_region *r);

/* The data pages and their size. */
void *rmc_xen_region_data(const struct rmc_xen_region *r);
uint64_t rmc_xen_region_data_size(const struct rmc_xen_region *r);

/* Clear our alive byte, then unmap or unshare both parts. No-op if empty. */
void rmc_xen_region_release(struct rmc_gnt_book *b, struct rmc_xen_region *r);

#endif /* _RMC_XEN_REGION_H_ */
