/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The idle and hand-off figures (bench_perf.h) in the table and in the JSON
 * object (keys "handoff", "idle" and "wake_check", doc/performance.md).
 */

#include <math.h>

#include "bench_perf.h"
#include "rmc_bench.h"

static void
line(FILE *f, const char *what, struct bench_fig v, const char *unit, const char *note)
{
	fprintf(f, "  %-44s %10.2f %-6s [%.2f, %.2f] %s\n", what, v.med, unit, v.min, v.max,
		note);
}

void
bench_perf_table(const struct bench_ctx *b, FILE *f)
{
	const struct bench_perf *p = &b->r.perf;
	double floor = b->r.rmc_rtt_ns.med;
	char note[96];

	if (!(b->parts & BENCH_PART_IDLE))
		return;
	fprintf(f, "\nHand-off floors, threads of this process (median [min, max]; a round trip "
		"is two hand-offs)\n");
	line(f, "futex wake round trip, one CPU", p->futex_rtt_1cpu_us, "us", "");
	line(f, "futex wake round trip, two CPUs", p->futex_rtt_2cpu_us, "us", "");
	line(f, "sched_yield() round trip, one CPU", p->yield_rtt_1cpu_us, "us", "");
	fprintf(f, "\nIdle node (adaptive policy, peer up), %u trials of %.1f s\n",
		p->idle_trials, p->idle_s);
	line(f, "CPU use, every thread but the main one", p->idle_cpu_pct, "%",
		p->idle_cpu_pct.med < 1 ? "target < 1 %: met" : "target < 1 %: NOT met");
	line(f, "wake-ups per second (times scheduled in)", p->idle_wakeups_per_s, "/s", "");
	snprintf(note, sizeof(note), "(after %.1f s idle; %.1f x the 2-CPU futex round trip)",
		p->idle_s, p->futex_rtt_2cpu_us.med > 0 ?
		p->first_req_us.med / p->futex_rtt_2cpu_us.med : 0);
	line(f, "first sync 64 B read after the pause", p->first_req_us, "us", note);
	fprintf(f, "\nWake check on the post path (sync 64 B read p50, same run, RMC awake)\n");
	snprintf(note, sizeof(note), "%.3f x floor; target <= 1.15: %s",
		floor > 0 ? p->wake_on_p50_ns.med / floor : 0,
		p->wake_on_p50_ns.med <= 1.15 * floor ? "met" : "NOT met");
	line(f, "with the check (the default)", p->wake_on_p50_ns, "ns", note);
	snprintf(note, sizeof(note), "%.3f x floor",
		floor > 0 ? p->wake_off_p50_ns.med / floor : 0);
	line(f, "without (RMC_WAKE_CHECK=0)", p->wake_off_p50_ns, "ns", note);
	fprintf(f, "\nMemory-fault guard, one core, lines hot (sigsetjmp + call per access)\n");
	line(f, "guard cost per RMC access", p->guard_ns, "ns", "");
}

static void
num(FILE *f, const char *key, double v, const char *sep)
{
	fprintf(f, "\"%s\": %.3f%s", key, isfinite(v) && v >= 0 ? v : 0, sep);
}

static void
fig(FILE *f, const char *key, struct bench_fig v, int last)
{
	char k[64];

	num(f, key, v.med, ", ");
	snprintf(k, sizeof(k), "%s_min", key);
	num(f, k, v.min, ", ");
	snprintf(k, sizeof(k), "%s_max", key);
	num(f, k, v.max, last ? "" : ", ");
}

void
bench_perf_json(const struct bench_ctx *b, FILE *f)
{
	const struct bench_perf *p = &b->r.perf;

	fprintf(f, "\"handoff\": {");
	fig(f, "futex_rtt_1cpu_us", p->futex_rtt_1cpu_us, 0);
	fig(f, "futex_rtt_2cpu_us", p->futex_rtt_2cpu_us, 0);
	fig(f, "yield_rtt_1cpu_us", p->yield_rtt_1cpu_us, 1);
	fprintf(f, "}, \"idle\": {");
	fig(f, "cpu_pct", p->idle_cpu_pct, 0);
	fig(f, "wakeups_per_s", p->idle_wakeups_per_s, 0);
	fig(f, "first_req_us", p->first_req_us, 1);
	fprintf(f, "}, \"wake_check\": {\"read_64\": {");
	fig(f, "on_p50_ns", p->wake_on_p50_ns, 0);
	fig(f, "off_p50_ns", p->wake_off_p50_ns, 1);
	fprintf(f, "}}, \"guard\": {");
	fig(f, "access_ns", p->guard_ns, 1);
	fprintf(f, "}");
}
