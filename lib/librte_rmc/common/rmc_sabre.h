/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _RMC_SABRE_H_
#define _RMC_SABRE_H_

/* The checks of a SABRe that need no context (rte_rmc_sabre.h). */

#include <stdint.h>

#include "rte_rmc.h"
#include "rte_rmc_sabre.h"

/* The object's version word must be an aligned word inside the object. */
static inline enum rte_rmc_status
rmc_sabre_check(uint64_t ctx_offset, uint64_t length)
{
	if (length < sizeof(struct rte_rmc_sabre_hdr) || length > RTE_RMC_SABRE_MAX_LENGTH)
		return RTE_RMC_STATUS_BAD_LENGTH;
	if ((ctx_offset & (sizeof(uint64_t) - 1)) != 0)
		return RTE_RMC_STATUS_UNALIGNED;
	return RTE_RMC_STATUS_OK;
}

#endif /* _RMC_SABRE_H_ */
