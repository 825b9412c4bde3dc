/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * rmc_crosscheck: an application of a running cluster (RMC_NODE/RMC_CLUSTER)
 * that issues random remote reads, writes, compare-and-swaps and
 * fetch-and-adds on every node's context 0 and checks every result against a
 * local model of the remote memory. Exits 1 on the first mismatch.
 *
 *   rmc_crosscheck [--ops N] [--seed S] [--span BYTES] [--base OFFSET]
 *                  [--counter NID:OFFSET] [--expect NID:OFFSET:VALUE]
 *
 * --base puts the modelled range at [OFFSET, OFFSET + span) of each context,
 * so that several instances can run at once on disjoint ranges. --counter
 * adds a fetch-and-add of 1 on that shared word between the random
 * operations (ops/4 of them); instances sharing the counter check, afterwards,
 * that its value is the exact total with --expect (which only reads the word
 * and compares): an atomic applied twice or lost shows there.
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

static int
usage(const char *prog)
{
	fprintf(stderr, "usage: %s [--ops N] [--seed S] [--span BYTES] [--base OFFSET] "
		"[--counter NID:OFFSET] [--expect NID:OFFSET:VALUE]\n", prog);
	return 2;
}

/* "NID:OFFSET[:VALUE]" */
static int
parse_word(const char *txt, uint64_t *nid, uint64_t *off, uint64_t *value)
{
	char buf[128], *a, *b;

	snprintf(buf, sizeof(buf), "%s", txt);
	a = strchr(buf, ':');
	if (a == NULL)
		return -1;
	*a++ = '\0';
	b = strchr(a, ':');
	if ((b != NULL) != (value != NULL))
		return -1;
	if (b != NULL) {
		*b++ = '\0';
		if (rte_rmc_parse_uint(b, UINT64_MAX, value) < 0)
			return -1;
	}
	if (rte_rmc_parse_uint(buf, RTE_RMC_MAX_NODES - 1, nid) < 0 ||
			rte_rmc_parse_size(a, off) < 0 || (*off & 7) != 0)
		return -1;
	return 0;
}

int
main(int argc, char **argv)
{
	uint64_t ops = 20000, seed = 1, span = 256 << 10, base = 0, i, n, faa_done = 0;
	uint64_t cnt_nid = 0, cnt_off = 0, exp_nid = 0, exp_off = 0, exp_val = 0;
	int counter = 0, expect = 0;
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
			strcmp(argv[a], "--span") == 0 ? &span :
			strcmp(argv[a], "--base") == 0 ? &base : NULL;

		if (strcmp(argv[a], "--counter") == 0) {
			if (parse_word(argv[a + 1], &cnt_nid, &cnt_off, NULL) < 0)
				return usage(argv[0]);
			counter = 1;
		} else if (strcmp(argv[a], "--expect") == 0) {
			if (parse_word(argv[a + 1], &exp_nid, &exp_off, &exp_val) < 0)
				return usage(argv[0]);
			expect = 1;
		} else if (dst == NULL || rte_rmc_parse_size(argv[a + 1], dst) < 0) {
			return usage(argv[0]);
		}
	}
	if (a != argc || span < 16)
		return usage(argv[0]);
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
	if (expect) {
		uint64_t v;

		st = rte_rmc_read_sync(qp, &lb, 0, exp_nid, 0, exp_off, 8, 0);
		if (st != 0)
			return fail("read of the expected word", st);
		memcpy(&v, l, 8);
		if (v != exp_val) {
			fprintf(stderr, "rmc_crosscheck: word %" PRIu64 " of node %" PRIu64
				" holds %" PRIu64 ", expected %" PRIu64 "\n", exp_off, exp_nid, v,
				exp_val);
			return 1;
		}
		printf("rmc_crosscheck: word %" PRIu64 " of node %" PRIu64 " holds %" PRIu64
			" as expected\n", exp_off, exp_nid, v);
		rte_rmc_detach(s);
		return 0;
	}
	if (counter && (cnt_nid >= nodes || (cnt_off + 8 > base && cnt_off < base + span))) {
		fprintf(stderr, "rmc_crosscheck: the counter must be on a node of the cluster, "
			"outside the modelled range\n");
		return 2;
	}
	/* The model starts as what the nodes hold now. */
	for (n = 0; n < nodes; n++) {
		model[n] = malloc(span);
		if (model[n] == NULL)
			return 1;
		st = rte_rmc_read_sync(qp, &lb, 0, n, 0, base, span, 0);
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

		if (counter && i % 4 == 3) {
			st = rte_rmc_faa_sync(qp, &lb, span, cnt_nid, 0, cnt_off, 1, &old, 0);
			if (st != 0)
				return fail("counter fetch-and-add", st);
			faa_done++;
		}
		if (op == 0) {
			for (j = 0; j < len; j++)
				l[j] = rand_r(&rs);
			st = rte_rmc_write_sync(qp, &lb, 0, nid, 0, base + off, len, 0);
			if (st != 0)
				return fail("write", st);
			memcpy(model[nid] + off, l, len);
			continue;
		}
		if (op == 1) {
			st = rte_rmc_read_sync(qp, &lb, 0, nid, 0, base + off, len, 0);
			if (st != 0)
				return fail("read", st);
			if (memcmp(l, model[nid] + off, len) != 0) {
				fprintf(stderr, "rmc_crosscheck: op %" PRIu64 ": read of %" PRIu64
					" bytes at %" PRIu64 " on node %u differs from the model\n",
					i, len, base + off, nid);
				return 1;
			}
			continue;
		}
		off &= ~UINT64_C(7);
		memcpy(&w, model[nid] + off, 8);
		if (op == 2) {
			st = rte_rmc_faa_sync(qp, &lb, 0, nid, 0, base + off, add, &old, 0);
			want = w + add;
		} else {
			uint64_t exp = (add & 1) ? w : add;

			st = rte_rmc_cas_sync(qp, &lb, 0, nid, 0, base + off, exp, add, &old, 0);
			want = exp == w ? add : w;
		}
		if (st != 0)
			return fail("atomic", st);
		if (old != w) {
			fprintf(stderr, "rmc_crosscheck: op %" PRIu64 ": atomic on node %u at %"
				PRIu64 " saw %#" PRIx64 ", model %#" PRIx64 "\n", i, nid,
				base + off, old, w);
			return 1;
		}
		memcpy(model[nid] + off, &want, 8);
	}
	/* What the nodes hold at the end must be the model, byte for byte. */
	for (n = 0; n < nodes; n++) {
		st = rte_rmc_read_sync(qp, &lb, 0, n, 0, base, span, 0);
		if (st != 0)
			return fail("final read", st);
		if (memcmp(l, model[n], span) != 0) {
			fprintf(stderr, "rmc_crosscheck: node %" PRIu64 " differs from the model "
				"at the end\n", n);
			return 1;
		}
		free(model[n]);
	}
	printf("rmc_crosscheck: %" PRIu64 " random operations on %u nodes, 0 mismatches",
		ops, nodes);
	if (counter)
		printf(", %" PRIu64 " fetch-and-adds on the shared counter", faa_done);
	printf("\n");
	rte_rmc_detach(s);
	return 0;
}
