/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * rmc_crosscheck: an application of a running cluster (RMC_NODE/RMC_CLUSTER)
 * that issues random remote reads, writes, compare-and-swaps and
 * fetch-and-adds on every node's context 0 and checks every result against a
 * local model of the remote memory. Exits 1 on the first mismatch.
 *   rmc_crosscheck [--ops N] [--seed S] [--span BYTES]
 */

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_errno.h>

#include <rte_rmc.h>
#include <rte_rmc_node.h>

static int
fail(const char *what, int st)
{
	fprintf(stderr, "rmc_crosscheck: %s: %s\n", what, rte_rmc_strerror(st));
	return 1;
}

int
main(int argc, char **argv)
{
	uint64_t ops = 20000, seed = 1, span = 256 << 10, i, n;
	struct rte_rmc_session *s;
	struct rte_rmc_lbuf lb;
	struct rte_rmc_qp *qp;
	uint8_t *model[RTE_RMC_MAX_NODES], *l;
	unsigned int rs;
	uint16_t nodes;
	int a, st;

	for (a = 1; a + 1 < argc; a += 2) {
		uint64_t *dst = strcmp(argv[a], "--ops") == 0 ? &ops :
			strcmp(argv[a], "--seed") == 0 ? &seed :
			strcmp(argv[a], "--span") == 0 ? &span : NULL;

		if (dst == NULL || rte_rmc_parse_size(argv[a + 1], dst) < 0) {
			fprintf(stderr, "usage: %s [--ops N] [--seed S] [--span BYTES]\n", argv[0]);
			return 2;
		}
	}
	if (a != argc || span < 16) {
		fprintf(stderr, "usage: %s [--ops N] [--seed S] [--span BYTES]\n", argv[0]);
		return 2;
	}
	rs = (unsigned int)seed;
	s = rte_rmc_attach(NULL, -1, NULL);
	if (s == NULL)
		return 1;
	nodes = rte_rmc_node_count(s);
	if (rte_rmc_lbuf_register(s, span + 4096, &lb) < 0)
		return 1;
	qp = rte_rmc_qp_create(s, 32);
	if (qp == NULL)
		return 1;
	l = lb.addr;
	/* The model starts as what the nodes hold now. */
	for (n = 0; n < nodes; n++) {
		model[n] = malloc(span);
		if (model[n] == NULL)
			return 1;
		st = rte_rmc_read_sync(qp, &lb, 0, n, 0, 0, span, 0);
		if (st != 0)
			return fail("initial read", st);
		memcpy(model[n], l, span);
	}
	for (i = 0; i < ops; i++) {
		uint16_t nid = rand_r(&rs) % nodes;
		uint32_t op = rand_r(&rs) % 4;
		uint64_t len = 1 + rand_r(&rs) % 2048;
		uint64_t off = rand_r(&rs) % (span - len);
		uint64_t add = ((uint64_t)rand_r(&rs) << 32) | rand_r(&rs);
		uint64_t w, old, want, j;

		if (op == 0) {
			for (j = 0; j < len; j++)
				l[j] = rand_r(&rs);
			st = rte_rmc_write_sync(qp, &lb, 0, nid, 0, off, len, 0);
			if (st != 0)
				return fail("write", st);
			memcpy(model[nid] + off, l, len);
			continue;
		}
		if (op == 1) {
			st = rte_rmc_read_sync(qp, &lb, 0, nid, 0, off, len, 0);
			if (st != 0)
				return fail("read", st);
			if (memcmp(l, model[nid] + off, len) != 0) {
				fprintf(stderr, "rmc_crosscheck: op %" PRIu64 ": read of %" PRIu64
					" bytes at %" PRIu64 " on node %u differs from the model\n",
					i, len, off, nid);
				return 1;
			}
			continue;
		}
		off &= ~UINT64_C(7);
		memcpy(&w, model[nid] + off, 8);
		if (op == 2) {
			st = rte_rmc_faa_sync(qp, &lb, 0, nid, 0, off, add, &old, 0);
			want = w + add;
		} else {
			uint64_t expect = (add & 1) ? w : add;

			st = rte_rmc_cas_sync(qp, &lb, 0, nid, 0, off, expect, add, &old, 0);
			want = expect == w ? add : w;
		}
		if (st != 0)
			return fail("atomic", st);
		if (old != w) {
			fprintf(stderr, "rmc_crosscheck: op %" PRIu64 ": atomic on node %u at %"
				PRIu64 " saw %#" PRIx64 ", model %#" PRIx64 "\n", i, nid, off, old, w);
			return 1;
		}
		memcpy(model[nid] + off, &want, 8);
	}
	printf("rmc_crosscheck: %" PRIu64 " random operations on %u nodes, 0 mismatches\n",
		ops, nodes);
	rte_rmc_detach(s);
	return 0;
}
