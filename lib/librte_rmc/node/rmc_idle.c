/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * What an RMC loop does when a pass found no work. Spinning gives the lowest
 * latency but costs a whole CPU; on a machine with fewer CPUs than spinning
 * threads it makes latency thousands of times worse. The adaptive policy
 * spins for a short while after the last work, then yields, then sleeps on
 * its wake page until a requester wakes it (rmc_wake_node.c), so an idle node
 * costs almost nothing and a busy one reacts at once.
 */

#include <sched.h>

#include <rte_cycles.h>
#include <rte_pause.h>

#include "rmc_private.h"

/*
 * Adaptive policy: spin for 200 us after the last work (yielding now and
 * then), yield until 20 ms.
 */
#define RMC_IDLE_SPIN_US 200
#define RMC_IDLE_YIELD_US 20000
/* Empty passes between two looks at the clock while spinning (a power of two). */
#define RMC_IDLE_CLOCK_EVERY 64
/*
 * Most time between two yields while spinning. A system call costs 1.1 us on
 * this project's VMs (sched_yield() 1.3 us with nobody waiting), more than
 * the 64 empty passes (0.8 us) between two looks at the clock: yielding at
 * every look kept a lone RMC in the kernel 60 % of the time, and a sync read
 * through rmcd's default policy took 3.6 times the floor instead of 1.1.
 * Not more than 5 us: a node's RMC woken while another one spins on its CPU
 * may wait for that one's next yield (at 20 us, the RPC example's small call
 * on shm took twice as long, its two RMCs sharing a CPU).
 */
#define RMC_IDLE_SPIN_YIELD_US 5

/*
 * While spinning, let a thread that shares this CPU (the server of an RPC,
 * the application, another node's RMC) run now rather than after the whole
 * spin. A yield that took more than twice the shortest one seen let another
 * thread run: yield at every look at the clock again. One that did not
 * doubles the time to the next, up to RMC_IDLE_SPIN_YIELD_US, so that a lone
 * spinning RMC spends about 20 % of its time in the kernel here, not 60 %.
 */
static void
rmc_idle_spin_yield(struct rte_rmc_node *node, uint64_t now)
{
	uint64_t most = node->pub.tsc_hz / 1000000 * RMC_IDLE_SPIN_YIELD_US;
	uint64_t t1, took;

	if ((int64_t)(now - node->idle_yielded) < (int64_t)node->idle_yield_gap)
		return;
	sched_yield();
	t1 = rte_rdtsc();
	took = (int64_t)(t1 - now) > 0 ? t1 - now : 0;
	if (node->idle_yield_min == 0 || took < node->idle_yield_min)
		node->idle_yield_min = took;
	if (took > 2 * node->idle_yield_min)
		node->idle_yield_gap = 0;
	else
		node->idle_yield_gap = RTE_MIN(2 * node->idle_yield_gap + most / 32, most);
	node->idle_yielded = t1;
}

/*
 * Returns 1 when the RMC should sleep until woken: the caller's loop then
 * sleeps on the wake page (rmc_wake_prepare(), one more pass,
 * rmc_wake_finish()).
 */
int
rmc_idle(struct rte_rmc_node *node, int did_work)
{
	uint64_t now, idle_us;

	if (did_work) {
		node->idle_since = 0;
		node->idle_spinning = 1;
		/* A poll-interval driver's next sleep is the shortest again. */
		node->wake_poll_ns = 0;
		return 0;
	}
	switch (node->conf.idle) {
	case RTE_RMC_IDLE_SPIN:
		/* No PAUSE: on AMD Zen it delays noticing a request by up to 25 ns. */
		return 0;
	case RTE_RMC_IDLE_YIELD:
		sched_yield();
		return 0;
	case RTE_RMC_IDLE_SLEEP:
		return 1;
	case RTE_RMC_IDLE_ADAPTIVE:
	default:
		break;
	}
	/* Spinning: look at the clock only every RMC_IDLE_CLOCK_EVERY empty passes. */
	if (node->idle_since != 0 && (++node->idle_passes & (RMC_IDLE_CLOCK_EVERY - 1)) != 0 &&
			node->idle_spinning)
		return 0;
	now = rte_rdtsc();
	/* Idle from now on also after a TSC step back (a VM's unstable TSC). */
	if (node->idle_since == 0 || (int64_t)(now - node->idle_since) < 0)
		node->idle_since = now;
	idle_us = (now - node->idle_since) * 1000000 / node->pub.tsc_hz;
	/*
	 * With a message driver every request needs the peer's RMC too, which
	 * may share this CPU: yield at once rather than spin it away from it.
	 */
	node->idle_spinning = idle_us < RMC_IDLE_SPIN_US && node->proto == NULL;
	if (node->idle_spinning) {
		rmc_idle_spin_yield(node, now);
		return 0;
	}
	if (idle_us >= RMC_IDLE_YIELD_US)
		return 1;
	sched_yield();
	return 0;
}
