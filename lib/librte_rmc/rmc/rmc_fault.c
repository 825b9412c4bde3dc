/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * Surviving a memory fault in the RMC's own accesses. The memory the RMC
 * copies to and from belongs to applications and peers: one that punches a
 * hole in a hugetlbfs file it shares (when the pool is empty) or truncates
 * it makes the next access raise SIGBUS, which would kill the node. Each
 * access of the RMC is made under a per-thread recovery point: a SIGBUS whose
 * address lies in the range being accessed returns there, and that one
 * request completes with RTE_RMC_STATUS_MEM_FAULT. Any other SIGBUS is not
 * ours: the previous disposition is put back and the access faults again
 * (a core dump, or the sanitizer's report, as before).
 */

#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>

#include <rte_common.h>
#include <rte_memcpy.h>

#include "rmc_driver.h"
#include "rmc_private.h"

struct rmc_fault_guard {
	sigjmp_buf jb;
	uintptr_t lo[2];  /* the ranges the access may touch */
	uintptr_t hi[2];
	volatile int armed;
	/* The access's arguments (see rmc_fault_do_execute()). */
	const struct rmc_ctx_view *cv;
	struct rmc_xfer *x;
	void *dst;
	const void *src;
	size_t len;
};

/*
 * Initial-exec: the guard is reached on every RMC access, and the general
 * dynamic model of a shared library costs a __tls_get_addr() call each time.
 * The library is linked, never dlopen()ed, so static TLS has room for it.
 */
static __thread struct rmc_fault_guard rmc_guard __attribute__((tls_model("initial-exec")));
static struct sigaction rmc_fault_old;
static pthread_once_t rmc_fault_once = PTHREAD_ONCE_INIT;
static int rmc_fault_ok;

static void
rmc_fault_handler(int sig, siginfo_t *si, void *uc)
{
	struct rmc_fault_guard *g = &rmc_guard;
	uintptr_t a = (uintptr_t)si->si_addr;

	RTE_SET_USED(uc);
	if (g->armed && ((a >= g->lo[0] && a < g->hi[0]) || (a >= g->lo[1] && a < g->hi[1]))) {
		g->armed = 0;
		siglongjmp(g->jb, 1);
	}
	/* Not an access of the RMC: as if we were not here. */
	sigaction(sig, &rmc_fault_old, NULL);
}

static void
rmc_fault_install_once(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = rmc_fault_handler;
	/* NODEFER: siglongjmp() leaves the handler without restoring the mask. */
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGBUS, &sa, &rmc_fault_old) == 0)
		rmc_fault_ok = 1;
	else
		RMC_LOG(WARNING, "cannot handle SIGBUS: a memory fault in the RMC's accesses "
			"ends the process");
}

void
rmc_fault_install(void)
{
	pthread_once(&rmc_fault_once, rmc_fault_install_once);
}

static inline void
rmc_fault_arm_ranges(struct rmc_fault_guard *g, uintptr_t a, uintptr_t b, uint64_t len)
{
	g->lo[0] = a;
	g->hi[0] = a + len;
	g->lo[1] = b;
	g->hi[1] = b + len;
}

/*
 * The work is done in functions of their own, which take their arguments
 * from the guard: nothing of the caller's frame lives across sigsetjmp().
 */
static __rte_noinline int
rmc_fault_do_execute(struct rmc_fault_guard *g)
{
	int st;

	g->armed = 1;
	st = rmc_ctx_execute_inline(g->cv, g->x);
	g->armed = 0;
	return st;
}

static __rte_noinline int
rmc_fault_do_copy(struct rmc_fault_guard *g)
{
	g->armed = 1;
	rte_memcpy(g->dst, g->src, g->len);
	g->armed = 0;
	return 0;
}

enum rte_rmc_status
rmc_ctx_execute(const struct rmc_ctx_view *cv, struct rmc_xfer *x)
{
	struct rmc_fault_guard *g = &rmc_guard;

	rmc_fault_arm_ranges(g, cv != NULL ? (uintptr_t)cv->base + x->ctx_offset : 0,
		(uintptr_t)x->lbuf, RTE_MAX(x->length, sizeof(uint64_t)));
	g->cv = cv;
	g->x = x;
	if (sigsetjmp(g->jb, 0) != 0)
		return RTE_RMC_STATUS_MEM_FAULT;
	return rmc_fault_do_execute(g);
}

int
rmc_fault_copy(void *dst, const void *src, size_t len)
{
	struct rmc_fault_guard *g = &rmc_guard;

	rmc_fault_arm_ranges(g, (uintptr_t)dst, (uintptr_t)src, len);
	g->dst = dst;
	g->src = src;
	g->len = len;
	if (sigsetjmp(g->jb, 0) != 0)
		return -EFAULT;
	return rmc_fault_do_copy(g);
}
