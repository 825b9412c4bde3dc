/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _RMC_COMMON_H_
#define _RMC_COMMON_H_

/*
 * What the application side (app/) and the node side (node/, rmc/, proto/)
 * of librte_rmc both use. Neither side includes the other's headers: what
 * both need is here, in common/. Not installed.
 */

#include <stddef.h>
#include <stdint.h>

#include <rte_prefetch.h>

#include "rte_rmc.h"
#include "rmc_log.h"

/*
 * A local buffer, allocated by the node and shared with one application. The
 * owner is an opaque token, compared by the WQE check: the node's record of
 * the client, or the application's own session in inline mode.
 */
struct rmc_lbuf {
	uint8_t *base;
	uint64_t size;
	uint64_t map_size;
	const void *owner;   /* the owning client; NULL when free; stored last (release) */
	const void *dying;   /* released: its former owner, until the node reaps it */
	int fd;
};

/*
 * rmc_paths.c: 1 when the runtime directory's base is the fallback
 * /tmp/sonuma-<uid> (a user other than root, without RMC_RUNTIME_DIR and
 * XDG_RUNTIME_DIR), its path in buf; else 0.
 */
int rmc_runtime_fallback(char *buf, size_t len);

/* rmc_numa.c: 0 if memory can be bound to NUMA domain 'numa', else -errno + reason. */
int rmc_numa_check(int numa, char *why, size_t len);
/* Bind [addr, addr + len) to NUMA domain 'numa' (MPOL_BIND). 0 or -errno. */
int rmc_numa_bind_range(void *addr, size_t len, int numa);

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

/* CLOCK_MONOTONIC in nanoseconds (rmc_time.c). */
uint64_t rmc_now_ns(void);

#endif /* _RMC_COMMON_H_ */
