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

#include "app_cpu.h"
#include "app_eal_args.h"
#include "app_huge.h"
#include "bench_floors.h"
#include "bench_many.h"
#include "bench_progress.h"
#include "bench_report.h"
#include "bench_rmc.h"
#include "bench_runinfo.h"
#include "rmc_bench.h"

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

/* EAL arguments: the user's, at most BENCH_MAX_EAL_ARGS - 12, then the defaults. */
#define BENCH_MAX_EAL_ARGS 64

static unsigned int
bench_parse_parts(const char *txt)
{
	static const char *const names[] = { "sync", "async", "bw", "model", "inline", "many",
		"cost", "idle" };
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
		"  --only LIST  only these parts (sync,async,bw,model,inline,many,cost,idle)\n"
		"            after the floors: a partial table, no JSON\n"
		"  --quiet   no progress on stderr (by default each part is announced; on a\n"
		"            terminal a one-line bar shows how far it is)\n"
		"  --eal-log print DPDK's own log lines (default: their errors only; also\n"
		"            RMC_EAL_LOG=1)\n"
		"Without EAL options: two lcores on the CPUs this process may use, --no-pci,\n"
		"--in-memory (or --no-huge), --no-telemetry. Keys of the JSON and the floors:\n"
		"doc/performance.md.\n");
}

/* rmc-bench's options and what they choose. */
struct bench_opts {
	int json;
	int quiet;   /* --quiet: no progress on stderr */
	int eal_log; /* --eal-log: DPDK's info lines too */
	const struct bench_plan *plan;
	unsigned int parts;
};

/*
 * rmc-bench's own options, argv[first..argc). Returns -1 to go on, else the
 * status to exit with at once (help, or a bad option).
 */
static int
bench_parse_own(int argc, char **argv, int first, struct bench_opts *o)
{
	int i;

	for (i = first; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0) {
			o->json = 1;
		} else if (strcmp(argv[i], "--quick") == 0) {
			o->plan = &plan_quick;
		} else if (strcmp(argv[i], "--smoke") == 0) {
			o->plan = &plan_smoke;
		} else if (strcmp(argv[i], "--only") == 0 && i + 1 < argc) {
			o->parts = bench_parse_parts(argv[++i]);
			if (o->parts == 0) {
				fprintf(stderr, "rmc-bench: --only '%s': expected a "
					"comma-separated list of sync, async, bw, model, "
					"inline, many, cost, idle\n", argv[i]);
				return 2;
			}
		} else if (strcmp(argv[i], "--quiet") == 0) {
			o->quiet = 1;
		} else if (strcmp(argv[i], APP_EAL_LOG_OPT) == 0) {
			o->eal_log = 1;
		} else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			usage(stdout);
			return 0;
		} else {
			fprintf(stderr, "rmc-bench: unknown option '%s'\n", argv[i]);
			usage(stderr);
			return 2;
		}
	}
	return -1;
}

/* Parts announced by the progress (bench_progress.h) for these BENCH_PART_* bits. */
static unsigned int
bench_nb_parts(unsigned int parts)
{
	return 2 + !!(parts & BENCH_PART_SYNC) + !!(parts & (BENCH_PART_ASYNC | BENCH_PART_BW)) +
		!!(parts & BENCH_PART_MODEL) + !!(parts & BENCH_PART_INLINE) +
		!!(parts & BENCH_PART_COST) + !!(parts & BENCH_PART_MANY) +
		!!(parts & BENCH_PART_IDLE);
}

/*
 * The user's EAL options argv[0..argc), completed with the benchmark's
 * defaults, into v. 0, or -1 after a message.
 */
static int
bench_eal_args(int argc, char **argv, const struct app_eal_vec *v, int eal_log)
{
	static const char *const dev[] = { "-a", "-b", "--allow", "--block", "--vdev",
		"--no-pci", NULL };
	static const char *const mem[] = { "--in-memory", "--no-huge", "--file-prefix", "-m",
		"--socket-mem", "--legacy-mem", NULL };
	static const char *const tele[] = { "--no-telemetry", "--telemetry", NULL };
	/* Off hugepages: no runtime files either, as with --in-memory. */
	struct app_eal_mem m = { .warn_prog = "rmc-bench", .no_huge_mb = "512", .no_shconf = 1 };
	int i, ret = 0, main_cpu, rmc_cpu;
	char err[128];

	/* Room is left for the defaults below. */
	for (i = 0; i < argc && *v->argc < BENCH_MAX_EAL_ARGS - 12; i++)
		ret |= app_eal_add_ref(v, argv[i], err, sizeof(err));
	if (!app_eal_find(argc, argv, dev))
		ret |= app_eal_add(v, "--no-pci", err, sizeof(err));
	if (!app_eal_find(argc, argv, app_eal_core_opts)) {
		if (app_cpu_pick_two(&main_cpu, &rmc_cpu) < 2) {
			fprintf(stderr, "rmc-bench: needs two CPUs (one for the application, one "
				"for the RMC)\n");
			return -1;
		}
		ret |= app_eal_add_lcores(v, main_cpu, rmc_cpu, err, sizeof(err));
	}
	if (!app_eal_find(argc, argv, mem)) {
		m.huge = app_huge_usable();
		ret |= app_eal_add_memory(v, &m, err, sizeof(err));
	}
	if (!app_eal_find(argc, argv, tele))
		ret |= app_eal_add(v, "--no-telemetry", err, sizeof(err));
	ret |= app_eal_add_quiet(v, eal_log, err, sizeof(err));
	if (ret != 0) {
		fprintf(stderr, "rmc-bench: %s\n", err);
		return -1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	static char *eargv[BENCH_MAX_EAL_ARGS];
	static char estore[BENCH_MAX_EAL_ARGS][APP_EAL_ARG_MAX];
	struct bench_opts opts = { .plan = &plan_full, .parts = BENCH_PART_ALL };
	char rundir[] = "/tmp/rmc-bench-XXXXXX";
	static const char *const log_opt[] = { "--log-level", NULL };
	struct bench_ctx *b;
	int dd, eargc = 0, ret = 1, own_dir = 0;
	const struct app_eal_vec ev = APP_EAL_VEC(eargc, eargv, estore);

	dd = app_eal_split(argc, argv);
	ret = bench_parse_own(argc, argv, dd + 1, &opts);
	if (ret >= 0)
		return ret;
	ret = 1;
	if (bench_eal_args(dd > 0 ? dd : 1, argv, &ev, opts.eal_log) < 0)
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
	b->plan = opts.plan;
	b->parts = opts.parts;
	b->worker = rte_get_next_lcore(-1, 1, 0);
	if (b->worker >= RTE_MAX_LCORE) {
		fprintf(stderr, "rmc-bench: needs a worker lcore for the RMC (for example "
			"-l 0-1)\n");
		goto out;
	}
	snprintf(b->cluster, sizeof(b->cluster), "rmcb%d", (int)getpid());
	b->r.app_cpu = sched_getcpu();
	b->r.tsc_ghz = rte_rmc_tsc_hz_local() / 1e9;
	/* Node teardown at the end is not news: only errors from the library. */
	if (!app_eal_find(dd > 0 ? dd : 1, argv, log_opt))
		rte_log_set_level_pattern("lib.rmc", RTE_LOG_ERR);
	/* The round trips again before the 16 nodes take the worker lcore. */
	bench_runinfo_start();
	bench_progress_init(!opts.quiet, bench_nb_parts(opts.parts));
	bench_progress_part("floors of this machine", 5);
	if (bench_floors(b) < 0 || bench_rmc(b) < 0)
		goto out;
	bench_progress_part("floors again (round trips)", 2);
	if (bench_floors_recheck(b) < 0)
		goto out;
	if (opts.parts & BENCH_PART_IDLE) {
		bench_progress_part("hand-off floors, idle cost", 0);
		if (bench_handoff(b) < 0 || bench_idle(b) < 0)
			goto out;
	}
	if (opts.parts & BENCH_PART_MANY) {
		bench_progress_part("16 nodes", 0);
		if (bench_many(b) < 0)
			goto out;
	}
	bench_progress_end();
	bench_report_table(b, opts.json ? stderr : stdout);
	if (opts.json && opts.parts == BENCH_PART_ALL)
		bench_report_json(b, stdout);
	else if (opts.json)
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
