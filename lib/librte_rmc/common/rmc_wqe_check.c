/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#include "rmc_common.h"
#include "rmc_wqe_check.h"

enum rte_rmc_status
rmc_wqe_check(const struct rte_rmc_wqe *w, uint16_t node_count,
		const struct rmc_lbuf *lbufs, uint32_t nb_lbufs, const void *owner,
		uint8_t **lbuf_addr)
{
	return rmc_wqe_check_inline(w, node_count, lbufs, nb_lbufs, owner, lbuf_addr);
}
