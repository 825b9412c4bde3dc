/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _RMC_XEN_REMOTE_H_
#define _RMC_XEN_REMOTE_H_

/*
 * xen_remote: the driver for a Xen deployment, in which each node is a
 * domain running rmcd. Internal view for the tests; see rmc_xen_remote.c.
 */

#include <stddef.h>
#include <stdint.h>

#include "rmc_xen_limits.h"

struct rte_rmc_node;

/* Ring elements (64 bytes) per ring by default (driver argument ring-slots=). */
#define RMC_XEN_DEFAULT_SLOTS 1024
/* Fewest ring elements: room for two messages of a useful payload. */
#define RMC_XEN_MIN_SLOTS 64
/* Largest payload of one protocol message (chunk), rings permitting. */
#define RMC_XEN_MAX_PAYLOAD (16u << 10)

/* The driver arguments, parsed. */
struct rmc_xen_args {
	uint32_t domid[64];        /* domains=: domain of each node */
	uint16_t nb_domid;
	uint32_t slots;            /* ring-slots= */
	uint32_t grant_frames;     /* grant-frames=, 0 = not given */
	uint32_t maptrack_frames;  /* maptrack-frames=, 0 = not given */
	uint32_t grant_reserve;    /* grant-reserve=, UINT32_MAX = not given */
};

/*
 * Parse "key=value,..." (domains=D0:D1:..., ring-slots=, grant-frames=,
 * maptrack-frames=, grant-reserve=) for a cluster of node_count nodes.
 * 0, or -EINVAL with a one-line reason.
 */
int rmc_xen_args_parse(const char *txt, uint16_t node_count, struct rmc_xen_args *a,
		char *err, size_t errlen);

/* Data pages of a region whose rings have 'slots' elements (the ring pair). */
uint32_t rmc_xen_data_pages(uint32_t slots);

/* Largest message payload rings of 'slots' elements carry (two must fit). */
uint32_t rmc_xen_max_payload(uint32_t slots);

/* What a node's driver holds, for the tests and for logs. */
struct rmc_xen_info {
	uint32_t self_domid;
	uint32_t peers_linked;     /* both regions held, both sides alive */
	uint32_t links_lost;       /* times a linked peer went away */
	uint64_t shared_pages;     /* from the bookkeeping */
	uint64_t mapped_pages;
	uint64_t bad_releases;
	struct rmc_xen_need need;  /* what the start-up check computed */
	int wake_channels;         /* event channels wake its RMC */
	uint64_t wake_notified;    /* notifications its RMC sent to sleeping peers */
	uint64_t wake_relayed;     /* notifications it took, each waking its RMC */
};

/* 0, or -EINVAL when the node does not use this driver. */
int rmc_xen_node_info(const struct rte_rmc_node *node, struct rmc_xen_info *info);

#endif /* _RMC_XEN_REMOTE_H_ */
