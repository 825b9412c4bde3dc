/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _RMC_TSC_H_
#define _RMC_TSC_H_

/*
 * The TSC's rate, measured so that neither rounding nor a preemption can
 * bias it. DPDK's own figure (rte_get_tsc_hz()) comes, on CPUs without a
 * documented TSC rate (AMD, most VMs), from one 100 ms sleep between two
 * unbracketed (clock, TSC) reads, rounded to 10 MHz: on the project's VM
 * 2.100 GHz for a TSC of 2.096 GHz, 0.19 % off, and a thread preempted
 * between a clock read and its TSC read measures a rate lower by the
 * preemption's share of the interval. Every time the node derives from the
 * TSC (time-outs, the latency model's deadlines, statistics) inherits that
 * error; a rate rounded down makes the latency model hand completions over
 * early, which it promises never to do.
 *
 * Here each end of the interval is a TSC read bracketed by two clock reads
 * (CLOCK_MONOTONIC_RAW), taken again until the bracket is tight; the rate
 * is the TSC's advance over the clock's between the brackets' middles.
 */

#include <stdint.h>

/* The clocks a measurement reads (a seam: tests give made-up clocks). */
struct rmc_tsc_clocks {
	uint64_t (*tsc)(void *arg);
	uint64_t (*ns)(void *arg);          /* a monotonic clock, not slewed */
	void (*sleep_ns)(void *arg, uint64_t ns);
	void *arg;
};

/* A bracket wider than this is taken again (preempted, or a slow clock read). */
#define RMC_TSC_BRACKET_NS 2000u
/* Tries for a tight bracket at each end before the measurement gives up. */
#define RMC_TSC_TRIES 1000u
/* The interval measured: 50 ms, so a 2 us bracket errs by at most 0.008 %. */
#define RMC_TSC_INTERVAL_NS 50000000u

/* This machine's clocks: rte_rdtsc_precise(), CLOCK_MONOTONIC_RAW, nanosleep(). */
extern const struct rmc_tsc_clocks rmc_tsc_real_clocks;

/* The TSC's rate in Hz over one interval of these clocks; 0 if no bracket was tight. */
uint64_t rmc_tsc_hz_measure(const struct rmc_tsc_clocks *c, uint64_t interval_ns);

/*
 * This machine's TSC rate, measured once per process (the first call takes
 * about 50 ms); DPDK's figure where the measurement failed (logged).
 */
uint64_t rmc_tsc_hz(void);

#endif /* _RMC_TSC_H_ */
