/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>

#include "bench_common.h"

/* The usage: asked for (why NULL), on stdout with status 0; else the reason, status 2. */
static void
bench_usage_exit(const char *prog, const char *why)
{
	FILE *f = why == NULL ? stdout : stderr;

	if (why != NULL)
		fprintf(f, "%s: %s\n", prog, why);
	fprintf(f, "Usage: %s <target_nid> r|w [--duration SECONDS] [--no-pin]\n"
		"  (the node this program runs on is $RMC_NODE of cluster $RMC_CLUSTER)\n", prog);
	exit(why == NULL ? 0 : 2);
}

void
bench_parse(struct bench *b, int argc, char **argv)
{
	uint64_t v;
	int i, npos = 0;
	char *end;

	memset(b, 0, sizeof(*b));
	b->prog = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	b->pin = 1;
	b->fd = -1;
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--duration") == 0) {
			if (i + 1 >= argc)
				bench_usage_exit(b->prog, "--duration needs a number of seconds");
			b->duration_s = strtod(argv[++i], &end);
			if (*end != '\0' || b->duration_s < 0 || b->duration_s > 86400)
				bench_usage_exit(b->prog, "--duration: seconds, 0..86400");
		} else if (strcmp(argv[i], "--no-pin") == 0) {
			b->pin = 0;
		} else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			bench_usage_exit(b->prog, NULL);
		} else if (npos == 0) {
			if (rte_rmc_parse_uint(argv[i], UINT16_MAX, &v) < 0)
				bench_usage_exit(b->prog, "target node id must be a number");
			b->snid = (int)v;
			npos++;
		} else if (npos == 1) {
			if (strcmp(argv[i], "r") != 0 && strcmp(argv[i], "w") != 0)
				bench_usage_exit(b->prog, "operation must be r or w");
			b->op = argv[i][0];
			npos++;
		} else {
			bench_usage_exit(b->prog, "too many arguments");
		}
	}
	if (npos != 2)
		bench_usage_exit(b->prog, "need <target_nid> and r|w");
}

/* Run on other CPUs than the RMC, as the original did with taskset. */
static void
bench_pin(const struct bench *b, struct rte_rmc_session *s)
{
	int cpu = rte_rmc_rmc_cpu(s);
	cpu_set_t cs;

	if (!b->pin || cpu < 0 || sched_getaffinity(0, sizeof(cs), &cs) != 0)
		return;
	if (CPU_ISSET(cpu, &cs) && CPU_COUNT(&cs) > 1) {
		CPU_CLR(cpu, &cs);
		sched_setaffinity(0, sizeof(cs), &cs);
	}
}

void
bench_attach(struct bench *b, uint32_t lbuff_pages)
{
	struct rte_rmc_session *s;

	b->fd = kal_open((char *)RMC_DEV);
	/* kal_open() and the library have said why, once: no third line. */
	if (b->fd < 0)
		exit(1);
	s = kal_session(b->fd);
	b->tsc_hz = rte_rmc_tsc_hz(s);
	bench_pin(b, s);
	if (lbuff_pages > 0 && kal_reg_lbuff(b->fd, &b->lbuff, lbuff_pages) < 0) {
		fprintf(stderr, "%s: cannot register the local buffer\n", b->prog);
		exit(1);
	}
	if (kal_reg_wq(b->fd, &b->wq) < 0 || kal_reg_cq(b->fd, &b->cq) < 0) {
		fprintf(stderr, "%s: cannot register the WQ/CQ\n", b->prog);
		exit(1);
	}
}

double
bench_elapsed(const struct bench *b, uint64_t t0)
{
	return (double)(rte_rdtsc() - t0) / (double)b->tsc_hz;
}

void
bench_fail_status(const struct bench *b, const char *what, uint64_t page, int status)
{
	fprintf(stderr, "%s: %s of page %" PRIu64 " on node %d failed: %s\n", b->prog, what,
		page, b->snid, status < 0 ? strerror(-status) : rte_rmc_strerror(status));
	exit(1);
}
