/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The results as a table (each RMC figure beside its floor, their ratio, and
 * the target where the issue sets one) and as one JSON object whose keys are
 * the documented ones, no more, no less (doc/performance.md).
 *
 * Floors of derived figures: a sync request of S bytes cannot beat the ideal
 * request/response plus copying the S - 64 bytes beyond the first line at the
 * memcpy floor: rmc_rtt_ns + max(0, S - 64) / memcpy_gbps.
 */

#include <math.h>
#include <string.h>

#include "bench_model.h"
#include "bench_report.h"
#include "bench_runinfo.h"
#include "bench_rmc.h"

static double
sync_floor(const struct bench_results *r, uint64_t size)
{
	return r->rmc_rtt_ns.med + (size > 64 ? (double)(size - 64) / r->memcpy_gbps.med : 0);
}

static void
size_name(uint64_t size, char *buf, size_t len)
{
	if (size >= (1u << 20))
		snprintf(buf, len, "%" PRIu64 " MiB", size >> 20);
	else if (size >= 1024)
		snprintf(buf, len, "%" PRIu64 " KiB", size >> 10);
	else
		snprintf(buf, len, "%" PRIu64 " B", size);
}

struct tally {
	unsigned int met;
	unsigned int total;
};

/* A figure measured once (no spread to show). */
static struct bench_fig
once(double v)
{
	return (struct bench_fig){ v, v, v };
}

/*
 * One row: the median of the trials, their range, the floor and the ratio of
 * the median to it; 'target' empty when none is set.
 */
static void
row(FILE *f, const char *what, struct bench_fig v, const char *unit, double floor,
		const char *target, int ok, struct tally *t)
{
	char range[40];

	snprintf(range, sizeof(range), "[%.1f, %.1f]", v.min, v.max);
	fprintf(f, "  %-34s %10.1f %-22s %-6s %10.1f %7.3f  %-16s %s\n", what, v.med, range,
		unit, floor, floor > 0 ? v.med / floor : 0, target,
		target[0] == '\0' ? "" : ok ? "met" : "NOT met");
	if (target[0] != '\0') {
		t->total++;
		t->met += ok;
	}
}

void
bench_report_table(const struct bench_ctx *b, FILE *f)
{
	const struct bench_results *r = &b->r;
	struct tally t = { 0, 0 };
	static const char *const ops[2] = { "read", "write" };
	char what[64], sz[16], tgt[32];
	unsigned int k, op;

	fprintf(f, "rmc-bench (%s run): application on CPU %d, node 0's RMC on CPU %d, "
		"TSC %.3f GHz\n", b->plan->name, r->app_cpu, r->rmc_cpu, r->tsc_ghz);
	fprintf(f, "\nFloors, measured now between the same two CPUs (median of %u trials "
		"[min, max])\n", b->plan->trials);
	fprintf(f, "  %-44s %10.1f ns [%.1f, %.1f]\n", "c2c_rtt_ns: 64 B cache line there and back",
		r->c2c_rtt_ns.med, r->c2c_rtt_ns.min, r->c2c_rtt_ns.max);
	fprintf(f, "  %-44s %10.1f ns [%.1f, %.1f]\n", "rmc_rtt_ns: ideal polling request/response",
		r->rmc_rtt_ns.med, r->rmc_rtt_ns.min, r->rmc_rtt_ns.max);
	fprintf(f, "  %-44s %10.2f GB/s [%.2f, %.2f] (libc %.2f, rte_memcpy %.2f)\n",
		"memcpy_gbps: one core, 1 MiB, hot", r->memcpy_gbps.med, r->memcpy_gbps.min,
		r->memcpy_gbps.max, r->memcpy_libc_gbps.med, r->memcpy_rte_gbps.med);
	fprintf(f, "  %-44s %10.2f Mops/s [%.2f, %.2f]\n",
		"ring_burst_mops: rte_ring SP/SC burst 32 x 64 B", r->ring_burst_mops.med,
		r->ring_burst_mops.min, r->ring_burst_mops.max);
	fprintf(f, "\n  %-34s %10s %-22s %-6s %10s %7s  %-16s %s\n", "RMC figure", "median",
		"[min, max]", "", "floor", "ratio", "target", "");
	for (op = 0; op < 2; op++) {
		for (k = 0; k < BENCH_NB_SIZES; k++) {
			uint64_t s = bench_sizes[k];
			int is64 = s == 64;

			size_name(s, sz, sizeof(sz));
			snprintf(what, sizeof(what), "sync %s %s p50", ops[op], sz);
			row(f, what, r->sync_p50[op][k], "ns", sync_floor(r, s),
				is64 ? "ratio <= 1.15" : "",
				r->sync_p50[op][k].med <= 1.15 * r->rmc_rtt_ns.med, &t);
			snprintf(what, sizeof(what), "sync %s %s p99", ops[op], sz);
			row(f, what, r->sync_p99[op][k], "ns", sync_floor(r, s), "", 0, &t);
		}
	}
	for (k = 0; k < BENCH_NB_DEPTHS; k++) {
		int d64 = bench_depths[k] == 64;
		double v = r->async_mops[k].med;

		snprintf(what, sizeof(what), "async read 64 B, depth %u", bench_depths[k]);
		row(f, what, r->async_mops[k], "Mops/s", r->ring_burst_mops.med,
			d64 ? ">=30, ratio>=0.6" : "", v >= 30 && v >= 0.6 * r->ring_burst_mops.med,
			&t);
	}
	for (op = 0; op < 2; op++) {
		for (k = 0; k < BENCH_NB_BW; k++) {
			int mib = bench_bw_sizes[k] == (1u << 20);

			size_name(bench_bw_sizes[k], sz, sizeof(sz));
			snprintf(what, sizeof(what), "bandwidth %s %s", ops[op], sz);
			row(f, what, r->bw_gbps[op][k], "GB/s", r->memcpy_gbps.med,
				mib ? "ratio >= 0.9" : "",
				r->bw_gbps[op][k].med >= 0.9 * r->memcpy_gbps.med, &t);
		}
	}
	for (k = 0; k < BENCH_NB_TARGETS; k++) {
		double tg = (double)bench_targets[k];

		snprintf(what, sizeof(what), "latency model %" PRIu64 " ns, p50", bench_targets[k]);
		snprintf(tgt, sizeof(tgt), "ratio 0.95..1.05");
		row(f, what, r->lat_p50[k], "ns", tg, tgt,
			fabs(r->lat_p50[k].med - tg) <= 0.05 * tg, &t);
		if (r->lat_below[k] > 100)
			fprintf(f, "    (%.2f %% late, over 1 %%: the target is below what this platform "
				"reaches by itself, p50 %.0f ns)\n", r->lat_below[k] / 100.0,
				r->lat_platform_ns);
	}
	row(f, "inline read 64 B p50", r->inline_p50, "ns", r->rmc_rtt_ns.med, "ratio <= 0.15",
		r->inline_p50.med <= 0.15 * r->rmc_rtt_ns.med, &t);
	snprintf(what, sizeof(what), "%u nodes all-to-all read p50", BENCH_MANY_NODES);
	row(f, what, once(r->many_p50[0]), "ns", r->rmc_rtt_ns.med, "", 0, &t);
	snprintf(what, sizeof(what), "%u nodes all-to-all write p50", BENCH_MANY_NODES);
	row(f, what, once(r->many_p50[1]), "ns", r->rmc_rtt_ns.med, "", 0, &t);
	fprintf(f, "  (%u nodes: %" PRIu64 " reads checked against what was written, all "
		"correct; RMCs as services on one lcore)\n", BENCH_MANY_NODES, r->many_checked);
	fprintf(f, "  latency model: nothing subtracted; each completion is held by the library "
		"until its deadline\n");
	bench_model_table(f);
	fprintf(f, "\nSoftware cost, both sides on one core, every line hot (no transfer at all)\n");
	fprintf(f, "  %-44s %10.1f ns\n", "sync request: post + RMC pass + reap", r->sw_sync_ns);
	fprintf(f, "  %-44s %10.1f ns\n", "RMC pass with nothing to do", r->sw_pass_ns);
	fprintf(f, "  %-44s %10.1f ns (at most %.1f Mops/s)\n",
		"RMC, per request, bursts of 32", r->sw_burst_rmc_ns,
		r->sw_burst_rmc_ns > 0 ? 1e3 / r->sw_burst_rmc_ns : 0);
	fprintf(f, "  %-44s %10.1f ns (at most %.1f Mops/s)\n",
		"application, per request, bursts of 32", r->sw_burst_app_ns,
		r->sw_burst_app_ns > 0 ? 1e3 / r->sw_burst_app_ns : 0);
	fprintf(f, "  (rte_rmc_node_poll() adds an atomic exchange per pass; the RMC's own loop "
		"does not)\n");
	fprintf(f, "\nFloors again after the 2-node figures: c2c_rtt_ns %.1f, rmc_rtt_ns %.1f\n",
		r->c2c_rtt_end_ns.med, r->rmc_rtt_end_ns.med);
	if (fabs(r->rmc_rtt_end_ns.med - r->rmc_rtt_ns.med) > 0.25 * r->rmc_rtt_ns.med)
		fprintf(f, "WARNING: the round-trip floor moved by more than 25 %% during the run "
			"(the host moved the CPUs?): ratios to the floors of the start are not "
			"meaningful for this run; run it again\n");
	bench_perf_table(b, f);
	fprintf(f, "\ntargets met: %u of %u (ratios from one run; the machine may be shared, "
		"see doc/performance.md)\n", t.met, t.total);
}

/* A JSON number; never NaN or infinite. */
static void
num(FILE *f, const char *key, double v, int last)
{
	if (!isfinite(v))
		v = 0;
	fprintf(f, "\"%s\": %.3f%s", key, v, last ? "" : ", ");
}

/* A figure in JSON: its median under 'key', and key_min, key_max beside it. */
static void
fig(FILE *f, const char *key, struct bench_fig v, int last)
{
	char k[48];

	num(f, key, v.med, 0);
	snprintf(k, sizeof(k), "%s_min", key);
	num(f, k, v.min, 0);
	snprintf(k, sizeof(k), "%s_max", key);
	num(f, k, v.max, last);
}

void
bench_report_json(const struct bench_ctx *b, FILE *f)
{
	const struct bench_results *r = &b->r;
	static const char *const ops[2] = { "read", "write" };
	char key[32];
	unsigned int k, op;

	fprintf(f, "{\"run\": ");
	bench_runinfo_json(b, f);
	fprintf(f, ", \"floors\": {");
	fig(f, "c2c_rtt_ns", r->c2c_rtt_ns, 0);
	fig(f, "rmc_rtt_ns", r->rmc_rtt_ns, 0);
	fig(f, "memcpy_gbps", r->memcpy_gbps, 0);
	fig(f, "ring_burst_mops", r->ring_burst_mops, 1);
	fprintf(f, "}, \"sync\": {");
	for (op = 0; op < 2; op++) {
		fprintf(f, "\"%s\": {", ops[op]);
		for (k = 0; k < BENCH_NB_SIZES; k++) {
			fprintf(f, "\"%" PRIu64 "\": {", bench_sizes[k]);
			fig(f, "p50_ns", r->sync_p50[op][k], 0);
			fig(f, "p99_ns", r->sync_p99[op][k], 1);
			fprintf(f, "}%s", k + 1 < BENCH_NB_SIZES ? ", " : "");
		}
		fprintf(f, "}%s", op == 0 ? ", " : "");
	}
	fprintf(f, "}, \"async\": {\"read_64\": {");
	for (k = 0; k < BENCH_NB_DEPTHS; k++) {
		fprintf(f, "\"%u\": {", bench_depths[k]);
		fig(f, "mops", r->async_mops[k], 1);
		fprintf(f, "}%s", k + 1 < BENCH_NB_DEPTHS ? ", " : "");
	}
	fprintf(f, "}}, \"bandwidth\": {");
	for (op = 0; op < 2; op++) {
		fprintf(f, "\"%s\": {", ops[op]);
		for (k = 0; k < BENCH_NB_BW; k++) {
			fprintf(f, "\"%" PRIu64 "\": {", bench_bw_sizes[k]);
			fig(f, "gbps", r->bw_gbps[op][k], 1);
			fprintf(f, "}%s", k + 1 < BENCH_NB_BW ? ", " : "");
		}
		fprintf(f, "}%s", op == 0 ? ", " : "");
	}
	fprintf(f, "}, \"latency_model\": {");
	for (k = 0; k < BENCH_NB_TARGETS; k++) {
		snprintf(key, sizeof(key), "%" PRIu64, bench_targets[k]);
		fprintf(f, "\"%s\": {", key);
		fig(f, "p50_ns", r->lat_p50[k], 1);
		fprintf(f, "}%s", k + 1 < BENCH_NB_TARGETS ? ", " : "");
	}
	fprintf(f, "}, \"inline\": {\"read_64\": {");
	fig(f, "p50_ns", r->inline_p50, 1);
	fprintf(f, "}}, ");
	bench_perf_json(b, f);
	bench_model_json(f);
	fprintf(f, "}\n");
}
