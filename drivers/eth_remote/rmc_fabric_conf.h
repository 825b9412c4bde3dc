/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _RMC_FABRIC_CONF_H_
#define _RMC_FABRIC_CONF_H_

/*
 * The fabric configuration of a cluster whose RMCs talk over Ethernet
 * (rmcd --driver eth --fabric-conf FILE): which MAC address each node has.
 * The same file is given to every node. Format, one statement per line:
 *
 *     # comment (also after a statement)
 *     node <id> <mac>        for example: node 0 02:00:00:00:00:01
 *
 * Every node 0..N-1 of the cluster must appear exactly once, with a unicast
 * address written as six two-digit hexadecimal bytes separated by ':'. No
 * address may appear twice. Anything else is an error naming the file, the
 * line and what is wrong; nothing is guessed.
 */

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <rte_ether.h>

#include "rte_rmc.h"

struct rmc_fabric_conf {
	uint16_t node_count;
	struct rte_ether_addr mac[RTE_RMC_MAX_NODES];
};

/*
 * Read the configuration of a cluster of node_count nodes from a stream
 * ('name' is used in messages). Returns 0, or -EINVAL with one line in 'err'
 * ("name:line: what is wrong").
 */
int rmc_fabric_conf_parse(FILE *f, const char *name, uint16_t node_count,
		struct rmc_fabric_conf *fc, char *err, size_t errlen);

/* The same from a file; -ENOENT and friends when it cannot be read. */
int rmc_fabric_conf_load(const char *path, uint16_t node_count, struct rmc_fabric_conf *fc,
		char *err, size_t errlen);

/* The node whose address is 'mac', or -1. */
int rmc_fabric_conf_find(const struct rmc_fabric_conf *fc, const struct rte_ether_addr *mac);

#endif /* _RMC_FABRIC_CONF_H_ */
