/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _RMC_APP_COMMON_H_
#define _RMC_APP_COMMON_H_

/*
 * What both sides need of the application side without its private header:
 * the node's latency calibration drives an application QP over a QP of its
 * own, in its own process.
 */

#include <stdint.h>

#include "rmc_common.h"

struct rte_rmc_session;
struct rte_rmc_qp;
struct rte_rmc_qp_hdr;
struct rte_rmc_wqe;
struct rte_rmc_cqe;

/*
 * An application QP over a node QP already mapped in this process (the
 * node's latency calibration uses the same post and poll code as any
 * application): allocated with a session of its own that has no socket.
 * NULL when out of memory. Defined in app/rmc_qp.c.
 */
struct rte_rmc_qp *rmc_app_qp_new_local(struct rte_rmc_qp_hdr *hdr, struct rte_rmc_wqe *wq,
		struct rte_rmc_cqe *cq, uint32_t depth, uint16_t node_id, uint16_t node_count,
		uint64_t tsc_hz);
void rmc_app_qp_free_local(struct rte_rmc_qp *qp);

#endif /* _RMC_APP_COMMON_H_ */
