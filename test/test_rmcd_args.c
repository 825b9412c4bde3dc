/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/* rmcd's command line: the EAL/own split, defaults, and every error path. */

#include <string.h>

#include "rmcd_args.h"
#include "rmc_test.h"

static struct rmcd_opts opts;
static char err[256];

static int
parse(const char *line)
{
	char buf[1024], *argv[64], *tok, *save = NULL;
	int argc = 0;

	snprintf(buf, sizeof(buf), "%s", line);
	for (tok = strtok_r(buf, " ", &save); tok != NULL && argc < 63;
			tok = strtok_r(NULL, " ", &save))
		argv[argc++] = tok;
	argv[argc] = NULL;
	err[0] = '\0';
	return rmcd_parse_args(argc, argv, &opts, err, sizeof(err));
}

static int
has_eal(const char *arg)
{
	int i;

	for (i = 0; i < opts.eal_argc; i++)
		if (strcmp(opts.eal_argv[i], arg) == 0)
			return 1;
	return 0;
}

#define BAD(line, text) do { \
	RMC_TEST_ASSERT(parse(line) < 0, "'%s' accepted", line); \
	RMC_TEST_ASSERT(strstr(err, text) != NULL, "'%s': message '%s' lacks '%s'", line, err, \
		text); \
} while (0)

static int
rmcd_args_latency(void)
{
	RMC_TEST_ASSERT(parse("rmcd --latency 1500 2 0") == 0, "%s", err);
	RMC_TEST_ASSERT(opts.latency && opts.latency_base_ns == 1500 &&
		opts.latency_per_chunk_ns == 0, "base only");
	RMC_TEST_ASSERT(parse("rmcd --latency 1000,250 2 0") == 0, "%s", err);
	RMC_TEST_ASSERT(opts.latency_base_ns == 1000 && opts.latency_per_chunk_ns == 250, "");
	RMC_TEST_ASSERT(parse("rmcd 2 0") == 0 && !opts.latency, "off by default");
	BAD("rmcd 2 0 --latency", "needs a value");
	BAD("rmcd --latency abc 2 0", "--latency 'abc'");
	BAD("rmcd --latency 10,x 2 0", "BASE_NS,PER_CHUNK_NS");
	BAD("rmcd --latency 99999999999 2 0", "at most");
	return TEST_SUCCESS;
}

static int
rmcd_args(void)
{
	unsetenv("RMC_CLUSTER");
	if (rmcd_args_latency() != TEST_SUCCESS)
		return TEST_FAILED;
	RMC_TEST_ASSERT(parse("rmcd 2 0") == 0, "%s", err);
	RMC_TEST_ASSERT_EQ(opts.conf.node_count, 2, "");
	RMC_TEST_ASSERT_EQ(opts.conf.node_id, 0, "");
	RMC_TEST_ASSERT(strcmp(opts.cluster, "default") == 0 && strcmp(opts.driver, "shm") == 0,
		"defaults");
	RMC_TEST_ASSERT(rmcd_complete_eal_args(&opts, 1, err, sizeof(err)) == 0, "%s", err);
	RMC_TEST_ASSERT(has_eal("--no-pci") && has_eal("--in-memory") &&
		has_eal("--file-prefix=sonuma_default_n0"), "EAL defaults with hugepages");
	RMC_TEST_ASSERT(parse("rmcd 2 1") == 0, "%s", err);
	RMC_TEST_ASSERT(rmcd_complete_eal_args(&opts, 0, err, sizeof(err)) == 0, "%s", err);
	RMC_TEST_ASSERT(has_eal("--no-huge") && !has_eal("--in-memory"), "no hugepages");
	RMC_TEST_ASSERT(parse("rmcd --huge require 2 1") == 0, "%s", err);
	RMC_TEST_ASSERT(rmcd_complete_eal_args(&opts, 0, err, sizeof(err)) < 0, "require");

	RMC_TEST_ASSERT(parse("rmcd --driver shm 2 0") == 0, "%s", err);
	RMC_TEST_ASSERT(parse("rmcd -l 0-1 --no-pci -- --cluster lab 4 3") == 0, "%s", err);
	RMC_TEST_ASSERT(strcmp(opts.cluster, "lab") == 0 && opts.conf.node_id == 3, "split");
	RMC_TEST_ASSERT(rmcd_complete_eal_args(&opts, 1, err, sizeof(err)) == 0, "%s", err);
	RMC_TEST_ASSERT(has_eal("-l") && !has_eal("--lcores=0@0,1@1"), "user lcores kept");
	RMC_TEST_ASSERT(parse("rmcd --vdev=net_null0 -- 2 0") == 0, "%s", err);
	RMC_TEST_ASSERT(rmcd_complete_eal_args(&opts, 1, err, sizeof(err)) == 0, "%s", err);
	RMC_TEST_ASSERT(has_eal("--no-pci"), "a virtual device alone still gets --no-pci");
	RMC_TEST_ASSERT(parse("rmcd -a 0000:00:04.0 -- 2 0") == 0, "%s", err);
	RMC_TEST_ASSERT(rmcd_complete_eal_args(&opts, 1, err, sizeof(err)) == 0, "%s", err);
	RMC_TEST_ASSERT(!has_eal("--no-pci"), "no --no-pci with a PCI device");
	RMC_TEST_ASSERT(parse("rmcd --vdev=net_memif0 -b 0000:00:03.0 -- 2 0") == 0, "%s", err);
	RMC_TEST_ASSERT(rmcd_complete_eal_args(&opts, 1, err, sizeof(err)) == 0, "%s", err);
	RMC_TEST_ASSERT(!has_eal("--no-pci"), "no --no-pci with a PCI block list");
	RMC_TEST_ASSERT(parse("rmcd --driver ring --loss 0.05 --proto-timeout 500 2 0") == 0,
		"%s", err);
	RMC_TEST_ASSERT(strcmp(opts.driver, "ring") == 0, "ring driver");
	RMC_TEST_ASSERT_EQ(opts.conf.loss_ppm, 50000, "loss");
	RMC_TEST_ASSERT_EQ(opts.conf.proto_timeout_ms, 500, "timeout");
	RMC_TEST_ASSERT(parse("rmcd --driver eth --fabric-conf /tmp/x.conf 2 0") == 0, "%s", err);
	RMC_TEST_ASSERT(opts.conf.fabric_conf != NULL &&
		strcmp(opts.conf.fabric_conf, "/tmp/x.conf") == 0, "fabric conf");
	RMC_TEST_ASSERT(parse("rmcd --nodes 3 --node-id 2 --ctx-size 16M --ctx 1:64K:ro") == 0,
		"%s", err);
	RMC_TEST_ASSERT_EQ(opts.conf.ctx0_size, 16 << 20, "");
	RMC_TEST_ASSERT_EQ(opts.nb_ctx, 1, "");
	RMC_TEST_ASSERT_EQ(opts.ctx[0].perm, RTE_RMC_PERM_RO, "");
	RMC_TEST_ASSERT(parse("rmcd --help") == 0 && opts.help, "help");

	BAD("rmcd", "missing <node_count> <node_id>");
	BAD("rmcd 2", "missing <node_id>");
	BAD("rmcd 2 2", "out of range");
	BAD("rmcd 0 0", "node count");
	BAD("rmcd 65 0", "node count");
	BAD("rmcd abc 0", "node count");
	BAD("rmcd 2 x", "node id");
	BAD("rmcd 2 0 7", "unexpected argument");
	BAD("rmcd --driver nope 2 0", "unknown driver");
	BAD("rmcd --driver", "needs a value");
	BAD("rmcd -x 2 0", "unknown option");
	BAD("rmcd --bogus 1 2 0", "unknown option");
	BAD("rmcd --ctx-size 0 2 0", "bad size");
	BAD("rmcd --ctx-size 12Q 2 0", "bad size");
	BAD("rmcd --ctx 1:4K --ctx 1:8K 2 0", "given twice");
	BAD("rmcd --ctx 0:4K 2 0", "context id");
	BAD("rmcd --ctx 1:4K:rx 2 0", "ro or rw");
	BAD("rmcd --ctx 1 2 0", "ID:SIZE");
	BAD("rmcd --idle bogus 2 0", "adaptive");
	BAD("rmcd --huge maybe 2 0", "auto");
	BAD("rmcd --cluster a/b 2 0", "--cluster");
	BAD("rmcd --max-qps 0 2 0", "--max-qps");
	BAD("rmcd --chunk-size 1 2 0", "--chunk-size");
	BAD("rmcd --nodes 2 --node-id 0 2 0", "not both");
	/* Driver arguments and NUMA placement (checked against the host later). */
	RMC_TEST_ASSERT(parse("rmcd --driver-args domains=5:6,ring-slots=64 --numa-node 1 2 0") ==
		0, "%s", err);
	RMC_TEST_ASSERT(strcmp(opts.conf.driver_args, "domains=5:6,ring-slots=64") == 0 &&
		opts.numa_node == 1 && !(opts.conf.flags & RTE_RMC_NODE_F_NUMA), "driver args, numa node");
	RMC_TEST_ASSERT(parse("rmcd 2 0") == 0 && opts.numa_node == -1 &&
		opts.conf.driver_args == NULL, "defaults");
	BAD("rmcd --numa-node x 2 0", "--numa-node");
	/* Node count and id: decimal only, as RMC_NODE ("010" is ten, "0x1" no number). */
	RMC_TEST_ASSERT(parse("rmcd 16 010") == 0 && opts.conf.node_id == 10, "rmcd 16 010: %s",
		err);
	BAD("rmcd 2 0x1", "node id '0x1': must be a decimal number");
	BAD("rmcd 0x2 1", "node count '0x2': must be a decimal number");
	BAD("rmcd --nodes 0x2 --node-id 1", "--nodes '0x2'");
	BAD("rmcd --nodes 2 --node-id 0x1", "--node-id '0x1'");
	BAD("rmcd --numa-node -1 2 0", "--numa-node");
	BAD("rmcd --driver-args 2 0", "missing");
	if (rte_rmc_driver_exists("xen"))
		RMC_TEST_ASSERT(parse("rmcd --driver xen 2 0") == 0, "%s", err);
	else
		BAD("rmcd --driver xen 2 0", "--driver shm");
	BAD("rmcd --loss 0.7 2 0", "--loss");
	BAD("rmcd --loss x 2 0", "--loss");
	BAD("rmcd --loss -0.1 2 0", "--loss");
	BAD("rmcd --proto-timeout 5 2 0", "--proto-timeout");
	BAD("rmcd --fabric-conf 2 0", "missing <node_id>");
	BAD("rmcd --driver eth 2 0", "--driver eth needs --fabric-conf");
	setenv("RMC_CLUSTER", "bad name", 1);
	BAD("rmcd 2 0", "RMC_CLUSTER");
	unsetenv("RMC_CLUSTER");
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(rmcd_args_autotest, rmcd_args,
	.suite = "fast-tests", .timeout = 60, .no_huge = 1, .memcheck = 1);
