/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The SABRe's copy, where a request executes (the issuing RMC on direct-access
 * drivers and loopback, the destination's RRPP on message drivers, the
 * application's thread in inline mode): the reader's side of a sequence lock.
 * The version is read with acquire ordering before the copy, an acquire fence
 * orders the copy before the second read of the version: if a writer changed
 * any byte the copy saw, it had made the version odd first and so the second
 * read differs from the first (the writer's side is rte_rmc_sabre_write_begin()
 * and _end(), or a remote CAS, write and version write, each completed before
 * the next is posted).
 */

#include <rte_memcpy.h>
#include <rte_pause.h>

#include "rmc_common.h"
#include "rmc_driver.h"
#include "rmc_sabre.h"

enum rte_rmc_status
rmc_sabre_copy(const struct rmc_ctx_view *cv, struct rmc_xfer *x)
{
	uint64_t hdr = x->operand0;
	const uint64_t *ver;
	uint64_t v0 = 0, v1;
	unsigned int i;

	/* The header lies at or before this piece, inside the context. */
	if (hdr > x->ctx_offset || (hdr & 7) != 0 || hdr > cv->size - sizeof(*ver))
		return RTE_RMC_STATUS_BAD_LENGTH;
	ver = (const uint64_t *)(const void *)(cv->base + hdr);
	for (i = 0; i < RTE_RMC_SABRE_ATTEMPTS; i++) {
		if (i > 0)
			rte_pause();
		v0 = __atomic_load_n(ver, __ATOMIC_ACQUIRE);
		if (rte_rmc_sabre_locked(v0))
			continue;
		rte_memcpy(x->lbuf, cv->base + x->ctx_offset, x->length);
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		v1 = __atomic_load_n(ver, __ATOMIC_RELAXED);
		if (v1 != v0)
			continue;
		/* The header as it was validated, not as the copy caught it. */
		if (hdr == x->ctx_offset)
			memcpy(x->lbuf, &v0, sizeof(v0));
		x->result = v0;
		return RTE_RMC_STATUS_OK;
	}
	x->result = v0;
	return RTE_RMC_STATUS_CONFLICT;
}
