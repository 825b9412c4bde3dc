/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/* The TSC's rate, measured with bracketed reads (rmc_tsc.h). */

#include <inttypes.h>
#include <pthread.h>
#include <time.h>

#include <rte_cycles.h>

#include "rmc_log.h"
#include "rte_rmc.h"
#include "rmc_tsc.h"

/* One end of the interval: the TSC read and the middle of its clock bracket. */
static int
rmc_tsc_end(const struct rmc_tsc_clocks *c, uint64_t *tsc, uint64_t *ns)
{
	uint32_t i;

	for (i = 0; i < RMC_TSC_TRIES; i++) {
		uint64_t before = c->ns(c->arg);
		uint64_t t = c->tsc(c->arg);
		uint64_t after = c->ns(c->arg);

		if (after >= before && after - before <= RMC_TSC_BRACKET_NS) {
			*tsc = t;
			*ns = before + (after - before) / 2;
			return 0;
		}
	}
	return -1;
}

uint64_t
rmc_tsc_hz_measure(const struct rmc_tsc_clocks *c, uint64_t interval_ns)
{
	uint64_t t0, n0, t1, n1;

	if (rmc_tsc_end(c, &t0, &n0) < 0)
		return 0;
	c->sleep_ns(c->arg, interval_ns);
	if (rmc_tsc_end(c, &t1, &n1) < 0 || n1 <= n0 || t1 <= t0)
		return 0;
	return (uint64_t)((double)(t1 - t0) * 1e9 / (double)(n1 - n0) + 0.5);
}

static uint64_t
rmc_tsc_real_tsc(void *arg)
{
	(void)arg;
	return rte_rdtsc_precise();
}

static uint64_t
rmc_tsc_real_ns(void *arg)
{
	struct timespec ts;

	(void)arg;
	clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void
rmc_tsc_real_sleep(void *arg, uint64_t ns)
{
	struct timespec ts = {
		.tv_sec = (time_t)(ns / 1000000000ull),
		.tv_nsec = (long)(ns % 1000000000ull),
	};

	(void)arg;
	while (nanosleep(&ts, &ts) != 0)
		;
}

const struct rmc_tsc_clocks rmc_tsc_real_clocks = {
	.tsc = rmc_tsc_real_tsc,
	.ns = rmc_tsc_real_ns,
	.sleep_ns = rmc_tsc_real_sleep,
};

static uint64_t rmc_tsc_hz_value;
static pthread_once_t rmc_tsc_once = PTHREAD_ONCE_INIT;

static void
rmc_tsc_measure_once(void)
{
	uint64_t dpdk = rte_get_tsc_hz();
	uint64_t hz = rmc_tsc_hz_measure(&rmc_tsc_real_clocks, RMC_TSC_INTERVAL_NS);

	if (hz == 0) {
		RMC_LOG(WARNING, "cannot measure the TSC rate (no clock read pair within %u ns): "
			"using DPDK's %" PRIu64 " Hz", RMC_TSC_BRACKET_NS, dpdk);
		hz = dpdk;
	} else if (dpdk != 0 && (hz > dpdk + dpdk / 1000 || hz < dpdk - dpdk / 1000)) {
		RMC_LOG(INFO, "TSC rate measured %" PRIu64 " Hz, DPDK says %" PRIu64
			" Hz: using the measured rate", hz, dpdk);
	}
	rmc_tsc_hz_value = hz;
}

uint64_t
rmc_tsc_hz(void)
{
	pthread_once(&rmc_tsc_once, rmc_tsc_measure_once);
	return rmc_tsc_hz_value;
}

uint64_t
rte_rmc_tsc_hz_local(void)
{
	return rmc_tsc_hz();
}
