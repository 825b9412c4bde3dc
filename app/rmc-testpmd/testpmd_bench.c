/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * bench read|write <nid> <size> <count> [depth]: <count> requests of <size>
 * bytes on context 0 of node <nid>, issued by the current node with up to
 * <depth> outstanding. Prints the latency of each request as the application
 * sees it (post to completion) and the rate. The bench uses a session of its
 * own, so that its local buffer and QP are released when it ends.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_common.h>
#include <rte_cycles.h>
#include <rte_errno.h>

#include "testpmd.h"
#include "testpmd_bench.h"
#include "testpmd_cluster.h"
#include "testpmd_out.h"

#define TP_BENCH_MAX_COUNT 1000000u
#define TP_BENCH_MAX_SIZE (16u << 20)
#define TP_BENCH_MAX_DEPTH 1024u
/* A bench gives up when no completion came for this long. */
#define TP_BENCH_STALL_S 5

struct tp_bench {
	struct rte_rmc_session *s;
	struct rte_rmc_qp *qp;
	struct rte_rmc_lbuf lb;
	uint64_t *lat;       /* ticks, one per completed request */
	uint64_t done;
	uint64_t failed;
	int first_error;
};

static int
tp_cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static uint32_t
tp_pow2_ge(uint32_t v)
{
	uint32_t p = RTE_RMC_QP_DEPTH_MIN;

	while (p < v)
		p <<= 1;
	return p;
}

/* Post and reap until 'count' requests completed; 0, or -1 on a stall. */
static int
tp_bench_run(struct tp_bench *b, int is_write, unsigned int nid, uint64_t size,
		uint64_t count, uint32_t depth, uint64_t hz)
{
	struct rte_rmc_completion cpl[32];
	uint64_t posted = 0, last = rte_rdtsc(), now;
	uint16_t i, n;
	int ret;

	while (b->done < count) {
		while (posted < count && posted - b->done < depth) {
			now = rte_rdtsc();
			if (is_write)
				ret = rte_rmc_write(b->qp, &b->lb, 0, nid, 0, 0, size, now, 0);
			else
				ret = rte_rmc_read(b->qp, &b->lb, 0, nid, 0, 0, size, now, 0);
			if (ret < 0)
				break;
			posted++;
		}
		n = rte_rmc_poll(b->qp, cpl, RTE_DIM(cpl));
		now = rte_rdtsc();
		for (i = 0; i < n; i++) {
			b->lat[b->done++] = now - cpl[i].user_tag;
			if (cpl[i].status != RTE_RMC_STATUS_OK && b->failed++ == 0)
				b->first_error = cpl[i].status;
		}
		if (n > 0)
			last = now;
		else if (now - last > TP_BENCH_STALL_S * hz)
			return tp_error("bench: no completion for %d s with %" PRIu64 " requests "
				"outstanding: is node %u's RMC running?", TP_BENCH_STALL_S,
				posted - b->done, tp.cur);
	}
	return 0;
}

static void
tp_bench_report(const struct tp_bench *b, int is_write, unsigned int nid, uint64_t size,
		uint64_t count, uint32_t depth, uint64_t hz, uint64_t ticks)
{
	double ns = 1e9 / (double)hz, secs = (double)ticks / (double)hz;
	uint64_t i, sum = 0;

	for (i = 0; i < b->done; i++)
		sum += b->lat[i];
	tp_printf("bench %s: node %u -> node %u context 0, %" PRIu64 " x %" PRIu64 " B, depth "
		"%u: %" PRIu64 " ok, %" PRIu64 " failed in %.6f s\n", is_write ? "write" : "read",
		tp.cur, nid, count, size, depth, b->done - b->failed, b->failed, secs);
	tp_printf("  latency ns: min %.0f  p50 %.0f  p99 %.0f  max %.0f  avg %.0f\n",
		b->lat[0] * ns, b->lat[b->done / 2] * ns, b->lat[(b->done * 99) / 100] * ns,
		b->lat[b->done - 1] * ns, (double)sum / (double)b->done * ns);
	tp_printf("  throughput: %.3f Mops/s, %.1f MB/s\n", (double)count / secs / 1e6,
		(double)count * (double)size / secs / 1e6);
}

int
tp_bench(int is_write, unsigned int nid, const char *size_txt, uint64_t count, uint32_t depth)
{
	struct rte_rmc_attach_opts ao = { .timeout_ms = 3000, .verbose = 0 };
	struct tp_bench b;
	uint64_t size, hz, t0, t1;
	int ret = -1;

	if (tp_check_node(nid) < 0 || tp_check_node(tp.cur) < 0)
		return -1;
	if (rte_rmc_parse_size(size_txt, &size) < 0 || size == 0 || size > TP_BENCH_MAX_SIZE)
		return tp_error("bench size '%s': must be 1 byte..%u MiB", size_txt,
			TP_BENCH_MAX_SIZE >> 20);
	if (count == 0 || count > TP_BENCH_MAX_COUNT)
		return tp_error("bench count must be 1..%u", TP_BENCH_MAX_COUNT);
	if (depth == 0 || depth > TP_BENCH_MAX_DEPTH)
		return tp_error("bench depth must be 1..%u", TP_BENCH_MAX_DEPTH);
	memset(&b, 0, sizeof(b));
	b.lat = malloc(count * sizeof(*b.lat));
	if (b.lat == NULL)
		return tp_error("bench: out of memory for %" PRIu64 " samples", count);
	b.s = rte_rmc_attach(tp.o.cluster, tp.cur, &ao);
	if (b.s == NULL) {
		tp_error("bench: cannot attach to node %u: %s", tp.cur, rte_strerror(rte_errno));
		goto out;
	}
	ret = rte_rmc_lbuf_register(b.s, size, &b.lb);
	if (ret < 0) {
		tp_error("bench: cannot register a %" PRIu64 "-byte local buffer: %s", size,
			strerror(-ret));
		goto out;
	}
	b.qp = rte_rmc_qp_create(b.s, tp_pow2_ge(depth));
	if (b.qp == NULL) {
		ret = tp_error("bench: cannot create a QP: %s", rte_strerror(rte_errno));
		goto out;
	}
	hz = rte_rmc_tsc_hz(b.s);
	t0 = rte_rdtsc();
	ret = tp_bench_run(&b, is_write, nid, size, count, depth, hz);
	t1 = rte_rdtsc();
	if (ret < 0)
		goto out;
	qsort(b.lat, b.done, sizeof(*b.lat), tp_cmp_u64);
	tp_bench_report(&b, is_write, nid, size, count, depth, hz, t1 - t0);
	if (b.failed > 0)
		ret = tp_error("bench: %" PRIu64 " of %" PRIu64 " requests failed, the first with: "
			"%s", b.failed, count, rte_rmc_strerror(b.first_error));
out:
	rte_rmc_detach(b.s);
	free(b.lat);
	return ret < 0 ? -1 : 0;
}
