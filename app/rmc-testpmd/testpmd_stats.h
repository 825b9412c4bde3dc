/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _TESTPMD_STATS_H_
#define _TESTPMD_STATS_H_

/* Statistics, latency model and configuration commands (nid -1: every node). */

#include <stdint.h>

int tp_show_stats(int nid);
int tp_clear_stats(int nid);
int tp_set_latency(unsigned int nid, uint64_t base_ns, uint64_t per_chunk_ns);
int tp_show_config(void);
/* testpmd_lat.c: the latency model's lines of "show stats" for a hosted node. */
struct rte_rmc_node;
void tp_print_latency(struct rte_rmc_node *node, const uint32_t *qp_ids, int nq);

#endif /* _TESTPMD_STATS_H_ */
