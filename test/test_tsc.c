/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The TSC-rate measurement (common/rmc_tsc.h), over made-up clocks: a
 * thread preempted for 30 ms between a clock read and its TSC read at the
 * start of the interval biases an unbracketed measurement (DPDK's way) by
 * the preemption's share of the interval, and not the bracketed one, which
 * takes that end again; clocks that never give a tight bracket give no
 * figure rather than a wrong one. Then the real measurement, which the node
 * uses, agrees within 0.1 % with a second one (brackets make it repeatable
 * however loaded the machine; where none is tight, that part is left out).
 */

#include <inttypes.h>
#include <math.h>
#include <stdio.h>

#include <rte_cycles.h>

#include "rmc_test.h"
#include "rmc_tsc.h"

#define TRUE_HZ 2096033000.0

/* A machine's clocks: time advances 100 ns a read; 'stall' is spent once, at read 'stall_at'. */
struct fake_clocks {
	uint64_t now_ns;
	uint64_t reads;
	uint64_t stall_at;
	uint64_t stall_ns;
	uint64_t step_ns;
};

static void
fake_tick(struct fake_clocks *f)
{
	f->now_ns += f->step_ns;
	if (++f->reads == f->stall_at)
		f->now_ns += f->stall_ns;
}

static uint64_t
fake_ns(void *arg)
{
	struct fake_clocks *f = arg;

	fake_tick(f);
	return f->now_ns;
}

static uint64_t
fake_tsc(void *arg)
{
	struct fake_clocks *f = arg;

	fake_tick(f);
	return (uint64_t)((double)f->now_ns * TRUE_HZ / 1e9) + 123456789;
}

static void
fake_sleep(void *arg, uint64_t ns)
{
	struct fake_clocks *f = arg;

	f->now_ns += ns;
}

/* DPDK's way with the same clocks: clock, TSC; sleep; clock, TSC. */
static double
unbracketed_hz(const struct rmc_tsc_clocks *c, uint64_t interval_ns)
{
	uint64_t n0 = c->ns(c->arg), t0 = c->tsc(c->arg), n1, t1;

	c->sleep_ns(c->arg, interval_ns);
	n1 = c->ns(c->arg);
	t1 = c->tsc(c->arg);
	return (double)(t1 - t0) * 1e9 / (double)(n1 - n0);
}

static int
tsc_measure(void)
{
	struct fake_clocks f = { .now_ns = 1000000000ull, .stall_at = 2,
		.stall_ns = 30000000ull, .step_ns = 100 };
	struct rmc_tsc_clocks c = { fake_tsc, fake_ns, fake_sleep, &f };
	double naive, err;
	uint64_t hz, again;

	/* Preempted for 30 ms between the first clock read and its TSC read. */
	naive = unbracketed_hz(&c, RMC_TSC_INTERVAL_NS);
	RMC_TEST_ASSERT(naive < TRUE_HZ * 0.7, "the made-up preemption biases the unbracketed "
		"measurement (%.0f Hz)", naive);
	f.reads = 0;
	hz = rmc_tsc_hz_measure(&c, RMC_TSC_INTERVAL_NS);
	err = fabs((double)hz - TRUE_HZ) / TRUE_HZ;
	printf("TSC %.0f Hz: unbracketed %.0f Hz, bracketed %" PRIu64 " Hz (error %.2e)\n",
		TRUE_HZ, naive, hz, err);
	RMC_TEST_ASSERT(err < 1e-5, "bracketed measurement %" PRIu64 " Hz", hz);
	/* A clock read that always takes 3 us: no bracket is tight, no figure. */
	f.step_ns = 3000;
	f.stall_at = 0;
	RMC_TEST_ASSERT_EQ(rmc_tsc_hz_measure(&c, RMC_TSC_INTERVAL_NS), 0, "no tight bracket");
	/*
	 * This machine: the node's figure and a second measurement agree. Not
	 * against DPDK's: under valgrind its unbracketed reads gave 2.060 GHz
	 * for a 2.096 GHz TSC (the bias this measurement avoids).
	 */
	hz = rmc_tsc_hz();
	again = rmc_tsc_hz_measure(&rmc_tsc_real_clocks, RMC_TSC_INTERVAL_NS / 5);
	printf("this machine: measured %" PRIu64 " Hz, again %" PRIu64 " Hz, DPDK %" PRIu64
		" Hz\n", hz, again, rte_get_tsc_hz());
	if (again == 0) {
		printf("no clock read pair within %u ns here: the second measurement is left out\n",
			RMC_TSC_BRACKET_NS);
		return TEST_SUCCESS;
	}
	RMC_TEST_ASSERT(hz > again - again / 1000 && hz < again + again / 1000,
		"measured %" PRIu64 " Hz, then %" PRIu64, hz, again);
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(tsc_measure_autotest, tsc_measure,
	.suite = "fast-tests", .timeout = 60, .no_huge = 1, .memcheck = 1);
