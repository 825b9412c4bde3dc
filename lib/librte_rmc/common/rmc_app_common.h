/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _RMC_APP_COMMON_H_
#define _RMC_APP_COMMON_H_

/*
 * What both sides need of the application side without its private header:
 * the node's latency calibration drives an application QP over a QP of its
 * own, in its own process; and the prefetch helper both sides' hot paths use.
 */

#include <stdint.h>

#include <rte_prefetch.h>

struct rte_rmc_session;
struct rte_rmc_qp;
struct rte_rmc_qp_hdr;
struct rte_rmc_wqe;
struct rte_rmc_cqe;
struct rte_rmc_completion;

/*
 * Fetch a line for writing (PREFETCHW): for lines the other side reads, so
 * that the ownership transfer starts before the store needs it. Executes as
 * a NOP on x86 processors without it.
 */
static inline void
rmc_prefetchw(const volatile void *p)
{
#if defined(RTE_ARCH_X86)
	asm volatile("prefetchw %[p]" : : [p] "m" (*(const volatile char *)p));
#else
	rte_prefetch0(p);
#endif
}

/* Monotonic time in ns (common/rmc_time.c; drivers see it in rmc_driver.h). */
uint64_t rmc_now_ns(void);

/*
 * A session with a node of this very process, without its control socket:
 * enough for the QP calls (no control request may be made on it). @p s must
 * be zero-filled storage; nothing to release.
 */
void rmc_app_session_init_local(struct rte_rmc_session *s, uint16_t node_id,
		uint16_t node_count, uint64_t tsc_hz);

/*
 * An application QP over a QP whose memory is already mapped in this
 * process (hdr, wq, cq of @p depth entries), as rte_rmc_qp_create() would
 * make it, with the caller's arrays: @p slot_state and @p tags of @p depth
 * entries, @p stash of @p stash_cap entries (a power of two, at least
 * @p depth). @p qp must be zero-filled storage; the QP is not listed in the
 * session and rte_rmc_qp_destroy() must not be called on it: the caller owns
 * every piece of memory.
 */
void rmc_app_qp_init_local(struct rte_rmc_qp *qp, struct rte_rmc_session *s,
		struct rte_rmc_qp_hdr *hdr, struct rte_rmc_wqe *wq, struct rte_rmc_cqe *cq,
		uint32_t depth, uint8_t *slot_state, uint64_t *tags,
		struct rte_rmc_completion *stash, uint32_t stash_cap);

#endif /* _RMC_APP_COMMON_H_ */
