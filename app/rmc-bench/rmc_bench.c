/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * rmc-bench [EAL options] -- [--json] [--quick | --smoke]
 *
 * Measures the floors of this machine and the RMC's figures in one run, on
 * two CPUs: the application (this thread) on the main lcore, node 0's RMC on
 * the worker lcore (as the original pinned rmcd and the benchmark with
 * taskset). Without EAL options it picks them: two lcores on the CPUs it may
 * use, --no-pci, --in-memory (or --no-huge without hugepages), --no-telemetry.
 * Prints a table; with --json, one JSON object on stdout and the table on
 * stderr. Exits 0 when every measurement ran and every check passed (targets
 * missed are reported, not failed: they are measurements).
 */

#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_common.h>
#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_lcore.h>
#include <rte_log.h>

#include "rmc_bench.h"

const uint64_t bench_sizes[BENCH_NB_SIZES] = { 8, 64, 512, 4096, 65536, 1048576 };
const uint32_t bench_depths[BENCH_NB_DEPTHS] = { 1, 8, 32, 64, 128 };
const uint64_t bench_bw_sizes[BENCH_NB_BW] = { 4096, 65536, 1048576 };
const uint64_t bench_targets[BENCH_NB_TARGETS] = { 1000, 2000, 5000 };

static const struct bench_plan plan_full = {
	.name = "full", .floor_iters = 200000, .lat_iters = 200000, .lat_iters_big = 5000,
	.trials = 10, .tput_s = 0.4, .many_rounds = 40,
};
static const struct bench_plan plan_quick = {
	.name = "quick", .floor_iters = 50000, .lat_iters = 40000, .lat_iters_big = 1000,
	.trials = 5, .tput_s = 0.15, .many_rounds = 8,
};
/* Every code path once, for tests: the figures mean little. */
static const struct bench_plan plan_smoke = {
	.name = "smoke", .floor_iters = 2000, .lat_iters = 400, .lat_iters_big = 20,
	.trials = 1, .tput_s = 0.01, .many_rounds = 1,
};

#define MAX_EAL_ARGS 64

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

double
bench_ns(uint64_t ticks)
{
	return (double)ticks * 1e9 / (double)rte_get_tsc_hz();
}

/* Values this close (in ticks) are one step of a stepping TSC. */
#define TSC_JITTER 2

/*
 * Percentile of TSC samples, in ns. The TSC of a virtual machine may advance
 * in steps (about 25.7 ticks, 10 ns, here, read as 312, 337 or 338, 363 or
 * 364...): samples are then grouped by step, and the percentile is
 * interpolated inside its group, as for a grouped median, so that a figure is
 * not rounded to the step.
 */
double
bench_pct_ns(uint64_t *ticks, uint32_t n, double pct)
{
	uint64_t q = UINT64_MAX;
	uint32_t i, lo, hi, k;
	double p;

	if (n == 0)
		return 0;
	qsort(ticks, n, sizeof(*ticks), cmp_u64);
	/* The step: the smallest gap between neighbouring groups. */
	for (k = 1; k < n; k++) {
		uint64_t d = ticks[k] - ticks[k - 1];

		if (d > TSC_JITTER && d < q)
			q = d;
	}
	p = (double)n * pct / 100.0;
	i = (uint32_t)p;
	if (i >= n)
		i = n - 1;
	if (q == UINT64_MAX || q <= 2 * TSC_JITTER)
		return bench_ns(ticks[i]);
	for (lo = i; lo > 0 && ticks[lo] - ticks[lo - 1] <= TSC_JITTER; lo--)
		;
	for (hi = i; hi + 1 < n && ticks[hi + 1] - ticks[hi] <= TSC_JITTER; hi++)
		;
	/* The group stands for [centre - q/2, centre + q/2); lo samples lie below it. */
	return bench_ns(ticks[(lo + hi) / 2]) + ((p - lo) / (hi - lo + 1) - 0.5) * bench_ns(q);
}

static unsigned int
bench_parse_parts(const char *txt)
{
	static const char *const names[] = { "sync", "async", "bw", "model", "inline", "many",
		"cost" };
	char buf[128], *tok, *save = NULL;
	unsigned int parts = 0, k;

	snprintf(buf, sizeof(buf), "%s", txt);
	for (tok = strtok_r(buf, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save)) {
		for (k = 0; k < RTE_DIM(names); k++)
			if (strcmp(tok, names[k]) == 0)
				break;
		if (k == RTE_DIM(names))
			return 0;
		parts |= 1u << k;
	}
	return parts;
}

static void
usage(FILE *f)
{
	fprintf(f, "Usage: rmc-bench [EAL options] -- [--json] [--quick | --smoke]\n"
		"  --json    one JSON object on stdout (the table goes to stderr)\n"
		"  --quick   fewer iterations: under a minute\n"
		"  --smoke   minimal iterations, every path once (for tests; figures are noise)\n"
		"  --only LIST  only these parts (sync,async,bw,model,inline,many,cost) after the\n"
		"            floors: a partial table, no JSON\n"
		"Without EAL options: two lcores on the CPUs this process may use, --no-pci,\n"
		"--in-memory (or --no-huge), --no-telemetry. Keys of the JSON and the floors:\n"
		"doc/performance.md.\n");
}

static int
has_opt(char **argv, int argc, const char *const *names)
{
	int i, j;

	for (i = 1; i < argc; i++)
		for (j = 0; names[j] != NULL; j++)
			if (strncmp(argv[i], names[j], strlen(names[j])) == 0)
				return 1;
	return 0;
}

static int
hugepages_usable(void)
{
	unsigned long free_pages = 0;
	char line[256];
	int mounted = 0;
	FILE *f;

	f = fopen("/proc/mounts", "r");
	if (f != NULL) {
		while (fgets(line, sizeof(line), f) != NULL)
			if (strstr(line, " hugetlbfs ") != NULL)
				mounted = 1;
		fclose(f);
	}
	f = fopen("/proc/meminfo", "r");
	if (f != NULL) {
		while (fgets(line, sizeof(line), f) != NULL)
			if (sscanf(line, "HugePages_Free: %lu", &free_pages) == 1)
				break;
		fclose(f);
	}
	return mounted && free_pages >= 32;
}

/* The user's EAL options, completed with the benchmark's defaults. */
static int
eal_args(int argc, char **argv, char **out, char store[][64])
{
	static const char *const dev[] = { "-a", "-b", "--allow", "--block", "--vdev",
		"--no-pci", NULL };
	static const char *const cores[] = { "-l", "-c", "--lcores", NULL };
	static const char *const mem[] = { "--in-memory", "--no-huge", "--file-prefix", "-m",
		"--socket-mem", "--legacy-mem", NULL };
	static const char *const tele[] = { "--no-telemetry", "--telemetry", NULL };
	int n = 0, i, first = -1, last = -1, c;
	cpu_set_t cs;

	for (i = 0; i < argc && n < MAX_EAL_ARGS - 8; i++)
		out[n++] = argv[i];
	if (!has_opt(argv, argc, dev))
		out[n++] = (char *)(uintptr_t)"--no-pci";
	if (!has_opt(argv, argc, cores)) {
		if (sched_getaffinity(0, sizeof(cs), &cs) == 0) {
			for (c = 0; c < CPU_SETSIZE; c++) {
				if (!CPU_ISSET(c, &cs))
					continue;
				if (first < 0)
					first = c;
				last = c;
			}
		}
		if (first < 0 || first == last) {
			fprintf(stderr, "rmc-bench: needs two CPUs (one for the application, one "
				"for the RMC)\n");
			return -1;
		}
		snprintf(store[0], 64, "--lcores=0@%d,1@%d", first, last);
		out[n++] = store[0];
	}
	if (!has_opt(argv, argc, mem)) {
		if (hugepages_usable()) {
			out[n++] = (char *)(uintptr_t)"--in-memory";
		} else {
			fprintf(stderr, "rmc-bench: warning: no usable hugepages; using ordinary "
				"memory (--no-huge)\n");
			out[n++] = (char *)(uintptr_t)"--no-huge";
			out[n++] = (char *)(uintptr_t)"-m";
			out[n++] = (char *)(uintptr_t)"512";
			out[n++] = (char *)(uintptr_t)"--no-shconf";
		}
	}
	if (!has_opt(argv, argc, tele))
		out[n++] = (char *)(uintptr_t)"--no-telemetry";
	out[n] = NULL;
	return n;
}

int
main(int argc, char **argv)
{
	char *eargv[MAX_EAL_ARGS + 1];
	char store[1][64];
	char rundir[] = "/tmp/rmc-bench-XXXXXX";
	static const char *const log_opt[] = { "--log-level", NULL };
	struct bench_ctx *b;
	int json = 0, i, dd = -1, eargc, ret = 1, own_dir = 0;
	const struct bench_plan *plan = &plan_full;
	unsigned int parts = BENCH_PART_ALL;

	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "--") == 0) {
			dd = i;
			break;
		}
	for (i = dd < 0 ? 1 : dd + 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0) {
			json = 1;
		} else if (strcmp(argv[i], "--quick") == 0) {
			plan = &plan_quick;
		} else if (strcmp(argv[i], "--smoke") == 0) {
			plan = &plan_smoke;
		} else if (strcmp(argv[i], "--only") == 0 && i + 1 < argc) {
			parts = bench_parse_parts(argv[++i]);
			if (parts == 0) {
				fprintf(stderr, "rmc-bench: --only '%s': expected a comma-separated "
					"list of sync, async, bw, model, inline, many, cost\n", argv[i]);
				return 2;
			}
		} else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			usage(stdout);
			return 0;
		} else {
			fprintf(stderr, "rmc-bench: unknown option '%s'\n", argv[i]);
			usage(stderr);
			return 2;
		}
	}
	eargc = eal_args(dd < 0 ? 1 : dd, argv, eargv, store);
	if (eargc < 0)
		return 1;
	/* stdout carries the results only: logs go to stderr. */
	rte_openlog_stream(stderr);
	if (getenv("RMC_RUNTIME_DIR") == NULL) {
		if (mkdtemp(rundir) == NULL) {
			perror("rmc-bench: mkdtemp");
			return 1;
		}
		setenv("RMC_RUNTIME_DIR", rundir, 1);
		own_dir = 1;
	}
	if (rte_eal_init(eargc, eargv) < 0) {
		fprintf(stderr, "rmc-bench: EAL initialisation failed: %s\n",
			rte_strerror(rte_errno));
		goto out_dir;
	}
	b = calloc(1, sizeof(*b));
	if (b == NULL)
		goto out;
	b->plan = plan;
	b->parts = parts;
	b->worker = rte_get_next_lcore(-1, 1, 0);
	if (b->worker >= RTE_MAX_LCORE) {
		fprintf(stderr, "rmc-bench: needs a worker lcore for the RMC (for example "
			"-l 0-1)\n");
		goto out;
	}
	snprintf(b->cluster, sizeof(b->cluster), "rmcb%d", (int)getpid());
	b->r.app_cpu = sched_getcpu();
	b->r.tsc_ghz = rte_get_tsc_hz() / 1e9;
	/* Node teardown at the end is not news: only errors from the library. */
	if (!has_opt(eargv, eargc, log_opt))
		rte_log_set_level_pattern("lib.rmc", RTE_LOG_ERR);
	/* The round trips again before the 16 nodes take the worker lcore. */
	if (bench_floors(b) < 0 || bench_rmc(b) < 0 || bench_floors_recheck(b) < 0 ||
			((parts & BENCH_PART_MANY) && bench_many(b) < 0))
		goto out;
	bench_report_table(b, json ? stderr : stdout);
	if (json && parts == BENCH_PART_ALL)
		bench_report_json(b, stdout);
	else if (json)
		fprintf(stderr, "rmc-bench: no JSON for a partial run (--only)\n");
	ret = 0;
out:
	if (ret != 0)
		fprintf(stderr, "rmc-bench: failed\n");
	free(b);
	rte_eal_cleanup();
out_dir:
	if (own_dir)
		rmdir(rundir);
	return ret;
}
