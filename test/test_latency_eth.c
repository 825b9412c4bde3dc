/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The latency model's contract on eth, two nodes of this process each on a
 * net_memif port of its own (the driver argument ports=NAME), the two ports
 * linked through a memif socket, as test_rel_eth.c sets them up. eth has no
 * control session between nodes: the destination's model reaches the
 * requester in its hellos (constant only), so each step waits for the
 * requester's library to know it (a bounded loop, set_model()) before it
 * asserts. The steps are shm's and ring's (test_latency.c), plus: a law on an
 * eth node is refused. One cluster per process: a memif server port is never
 * closed (rmc_eth_remote.c), so each test gets its own process and ports.
 */

#include <stdio.h>
#include <unistd.h>

#include <rte_dev.h>

#include "rmc_test.h"
#include "test_latency.h"

static char lat_eth_sock[64], lat_eth_conf[64];

/* Two linked net_memif ports, lat_<tag>0 (server) and lat_<tag>1, and the fabric file. */
static int
lat_eth_setup(const char *tag)
{
	unsigned int i, salt = (unsigned int)getpid() & 0xff;
	char dev[256];
	FILE *f;

	snprintf(lat_eth_sock, sizeof(lat_eth_sock), "/tmp/rmc-lat-eth-%d.sock", (int)getpid());
	snprintf(lat_eth_conf, sizeof(lat_eth_conf), "/tmp/rmc-lat-eth-%d.conf", (int)getpid());
	f = fopen(lat_eth_conf, "w");
	if (f == NULL)
		return -1;
	for (i = 0; i < 2; i++)
		fprintf(f, "node %u 02:00:00:7d:%02x:%02x\n", i, salt, i);
	if (fclose(f) != 0)
		return -1;
	for (i = 0; i < 2; i++) {
		snprintf(dev, sizeof(dev), "net_memif_%s%u,role=%s,socket=%s,socket-abstract=no,"
			"mac=02:00:00:7d:%02x:%02x", tag, i, i == 0 ? "server" : "client",
			lat_eth_sock, salt, i);
		if (rte_dev_probe(dev) != 0) {
			printf("cannot probe %s\n", dev);
			return -1;
		}
	}
	rmc_test_fabric_conf = lat_eth_conf;
	/*
	 * Liveness by hellos under load: the 10 s of the other in-process eth
	 * tests (test_rel_eth.c); these steps are about the model, not liveness.
	 */
	rmc_test_proto_timeout_ms = 10000;
	return 0;
}

static void
lat_eth_teardown(void)
{
	rmc_test_fabric_conf = NULL;
	rmc_test_proto_timeout_ms = 0;
	unlink(lat_eth_conf);
	unlink(lat_eth_sock);
}

static int
latency_contract_eth(void)
{
	int ret = TEST_FAILED;

	if (lat_eth_setup("latc") == 0)
		ret = latency_contract_run("eth", "ports=net_memif_latc%u", "t_lat_eth");
	lat_eth_teardown();
	return ret;
}

static int
latency_msg_eth(void)
{
	int ret = TEST_FAILED;

	if (lat_eth_setup("latm") == 0)
		ret = latency_msg_run("eth", "ports=net_memif_latm%u", "t_lat_msg_eth");
	lat_eth_teardown();
	return ret;
}

RMC_REGISTER_TEST(latency_contract_eth_autotest, latency_contract_eth,
	.suite = "fabric", .timeout = 180, .no_huge = 1);
RMC_REGISTER_TEST(latency_msg_eth_autotest, latency_msg_eth,
	.suite = "fabric", .timeout = 120, .no_huge = 1);
