/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/* The fabric configuration file of the eth driver: every line checked. */

#include <stdio.h>
#include <string.h>

#include "rmc_fabric_conf.h"
#include "rmc_test.h"

static char err[512];

static int
parse(const char *text, uint16_t nodes, struct rmc_fabric_conf *fc)
{
	FILE *f = fmemopen((void *)(uintptr_t)text, strlen(text), "r");
	int ret;

	if (f == NULL)
		return -ENOMEM;
	err[0] = '\0';
	ret = rmc_fabric_conf_parse(f, "t.conf", nodes, fc, err, sizeof(err));
	fclose(f);
	return ret;
}

#define BAD(text, nodes, what) do { \
	RMC_TEST_ASSERT(parse(text, nodes, &fc) == -EINVAL, "accepted: %s", text); \
	RMC_TEST_ASSERT(strstr(err, what) != NULL, "message '%s' lacks '%s'", err, what); \
} while (0)

static int
fabric_conf(void)
{
	struct rmc_fabric_conf fc;
	struct rte_ether_addr a = { .addr_bytes = { 0x02, 0, 0, 0, 0, 0xab } };

	RMC_TEST_ASSERT(parse("# a cluster\n\nnode 1 02:00:00:00:00:AB  # one\n"
		"\tnode 0 02:00:00:00:00:01\n", 2, &fc) == 0, "%s", err);
	RMC_TEST_ASSERT_EQ(fc.node_count, 2, "");
	RMC_TEST_ASSERT(rte_is_same_ether_addr(&fc.mac[1], &a), "node 1's address");
	RMC_TEST_ASSERT_EQ(rmc_fabric_conf_find(&fc, &a), 1, "find");
	a.addr_bytes[5] = 0x77;
	RMC_TEST_ASSERT_EQ(rmc_fabric_conf_find(&fc, &a), -1, "unknown address");

	BAD("node 0 02:00:00:00:00:01\n", 2, "t.conf: node 1 of the 2-node cluster has no");
	BAD("node 0 02:00:00:00:00:01\nnode 0 02:00:00:00:00:02\n", 2, "t.conf:2: node 0 "
		"given twice (first on line 1)");
	BAD("node 0 02:00:00:00:00:01\nnode 1 02:00:00:00:00:01\n", 2, "t.conf:2: address "
		"02:00:00:00:00:01 is also node 0's");
	BAD("node 0 02:00:00:00:00:01\nnode 2 02:00:00:00:00:02\n", 2, "t.conf:2: node 2 is "
		"outside the cluster of 2 nodes");
	BAD("node x 02:00:00:00:00:01\n", 1, "t.conf:1: node id 'x' is not a number");
	BAD("node -1 02:00:00:00:00:01\n", 1, "is not a number");
	BAD("node 99999999999999999999 02:00:00:00:00:01\n", 1, "is not a number");
	BAD("node 0 02:00:00:00:00\n", 1, "is not a MAC address");
	BAD("node 0 02:00:00:00:00:0g\n", 1, "is not a MAC address");
	BAD("node 0 02-00-00-00-00-01\n", 1, "is not a MAC address");
	BAD("node 0 01:00:5e:00:00:01\n", 1, "is not a unicast address");
	BAD("node 0 00:00:00:00:00:00\n", 1, "is not a unicast address");
	BAD("node 0\n", 1, "t.conf:1: expected 'node <id> <mac>', got 2 word(s)");
	BAD("node 0 02:00:00:00:00:01 extra\n", 1, "got 4 word(s)");
	BAD("node 0 02:00:00:00:00:01 a b c d e f\n", 1, "got 9 word(s)");
	BAD("host 0 02:00:00:00:00:01\n", 1, "unknown statement 'host'");
	BAD("", 1, "node 0 of the 1-node cluster has no");
	RMC_TEST_ASSERT(rmc_fabric_conf_load("/nonexistent/fabric.conf", 2, &fc, err,
		sizeof(err)) == -ENOENT, "missing file");
	RMC_TEST_ASSERT(strstr(err, "cannot read the fabric configuration") != NULL, "%s", err);
	RMC_TEST_ASSERT(rmc_fabric_conf_load(NULL, 2, &fc, err, sizeof(err)) == -EINVAL, "none");
	RMC_TEST_ASSERT(strstr(err, "--fabric-conf") != NULL, "%s", err);
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(fabric_conf_autotest, fabric_conf,
	.suite = "fabric", .timeout = 120, .no_huge = 1);
