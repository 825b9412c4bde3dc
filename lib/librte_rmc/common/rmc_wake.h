/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _RMC_WAKE_H_
#define _RMC_WAKE_H_

/*
 * Waking a sleeping RMC on demand.
 *
 * After its spin and yield phases an idle RMC sleeps on a futex in its node's
 * wake page: one shared page that only the RMC writes, handed to everyone who
 * may need to wake it (applications, peer RMCs of the ring driver) as an
 * O_RDONLY descriptor, so that none of them can map it writable. No
 * requester can therefore hold the RMC asleep or make another's wake-up
 * fail: the word they read is not theirs to write.
 *
 * The protocol (why no wake-up is lost):
 *
 *   RMC (rmc_wake_sleep())             requester (rmc_waker_published())
 *   asleep = 1                         publish the entry (phase, release)
 *   full fence                         full fence
 *   one more pass over every queue     read asleep
 *   if it found nothing: futex_wait    if 1: futex_wake (all), and owe a
 *     (asleep, 1, bounded time)          wake-up until asleep reads 0 or the
 *   asleep = 0                           request completed
 *
 * Each side stores, fences, then loads what the other stored (Dekker's
 * store-load pattern): the two fences forbid both loads missing the other
 * side's store, so either the RMC's last pass sees the entry, or the
 * requester reads asleep = 1. In the second case the requester's futex_wake
 * may still come before the RMC is inside futex_wait (the kernel then wakes
 * no one, and the RMC would sleep on with asleep = 1): that is why the
 * requester keeps the wake-up owed and repeats it, from the calls in which it
 * waits (rte_rmc_poll(), a synchronous call, the ring driver's receive),
 * until it reads asleep = 0 (the RMC woke: it will look at the queue again
 * before it sleeps next, and by the same fences that look sees the entry) or
 * nothing of its own is pending any more. It wakes all waiters, not one, so
 * that a process waiting on the same page (it may: the page is readable)
 * cannot take the wake-up meant for the RMC. The RMC's sleep is bounded too
 * (RMC_WAKE_SLEEP_MAX_NS), so even a requester that never polls again is
 * served within that bound.
 *
 * The requester's fence, on every post, is the expensive half (a locked
 * instruction, 4 to 11 ns here); the RMC's happens only when it goes to
 * sleep. Where the kernel offers membarrier(MEMBARRIER_CMD_GLOBAL_EXPEDITED)
 * the costs are moved to the rare side (an asymmetric fence, as liburcu's):
 * the RMC issues that system call after its own fence, which runs a full
 * barrier on every CPU that runs a thread of a registered process (threads
 * not running pass one when they are scheduled in), and requesters of
 * registered processes keep only a compiler barrier between the entry and
 * the load of asleep. Whichever side of the requester's two accesses that
 * barrier falls, the outcome both loads missing the other's store stays
 * impossible. The wake page says whether its RMC does this (membarrier, set
 * at creation); a requester relies on it only if it says so and its own
 * process registered.
 */

#include <stdint.h>

#include <rte_atomic.h>
#include <rte_branch_prediction.h>
#include <rte_common.h>

#define RMC_WAKE_PAGE_MAGIC 0x454b4157u /* "WAKE" */

/* The node's wake page (one page; the RMC is its only writer). */
struct rmc_wake_page {
	/* Line 0: written once when the node is created. */
	uint32_t magic;
	uint16_t node_id;
	uint16_t pad;
	uint32_t membarrier; /* 1: the RMC issues membarrier() before it sleeps */
	uint8_t pad0[52];
	/* Line 1: written by the RMC only when it goes to sleep and wakes. */
	uint32_t asleep;   /* the futex word: 1 while the RMC sleeps or is about to */
	uint32_t pad1;
	uint64_t sleeps;   /* times the RMC slept on the futex */
	uint64_t wakeups;  /* of those, the ones that ended before the time bound */
	uint8_t pad2[40];
} __rte_aligned(64);

/* A requester's handle on one wake page. */
struct rmc_waker {
	const struct rmc_wake_page *page; /* NULL: nothing to wake */
	uint64_t map_size;
	uint32_t owed;   /* a wake-up may not have reached the RMC yet */
	uint32_t tries;  /* calls since the last repeated wake-up */
	uint32_t light;  /* the RMC's membarrier() stands for this side's fence */
};

/* Wake every waiter of the page (a system call) and owe the wake-up. */
void rmc_waker_kick(struct rmc_waker *w);

/*
 * A wake-up is owed: repeat it (every few calls) while the RMC still says it
 * sleeps and 'pending' (the caller has a request not yet completed).
 */
void rmc_waker_retry(struct rmc_waker *w, int pending);

/* Map a wake page from a read-only descriptor into w; 0 or -errno. */
int rmc_waker_map(struct rmc_waker *w, int fd, uint16_t node_id);

/* Unmap it. */
void rmc_waker_unmap(struct rmc_waker *w);

/* After publishing an entry the RMC will serve: wake it if it sleeps. */
static __rte_always_inline void
rmc_waker_published(struct rmc_waker *w)
{
	if (w->page == NULL)
		return;
	/* Store-load: the entry is visible before asleep is read (see above). */
	if (likely(w->light))
		rte_compiler_barrier();
	else
		rte_atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (unlikely(__atomic_load_n(&w->page->asleep, __ATOMIC_RELAXED) != 0))
		rmc_waker_kick(w);
}

/* While waiting for the RMC: repeat an owed wake-up if needed. */
static __rte_always_inline void
rmc_waker_waiting(struct rmc_waker *w, int pending)
{
	if (unlikely(w->owed))
		rmc_waker_retry(w, pending);
}

/* 1 if this kernel offers membarrier(MEMBARRIER_CMD_GLOBAL_EXPEDITED). */
int rmc_membarrier_supported(void);
/* Register this process for it (once); 1 if registered. */
int rmc_membarrier_register(void);
/* A full barrier on every CPU running a registered process; 0 or -errno. */
int rmc_membarrier_global(void);

/* futex(2) on a word of a shared mapping: wait while it holds val, at most ns. */
int rmc_futex_wait(uint32_t *word, uint32_t val, uint64_t ns);
/* Wake every waiter; returns how many were woken, or -errno. */
int rmc_futex_wake_all(const uint32_t *word);

#endif /* _RMC_WAKE_H_ */
