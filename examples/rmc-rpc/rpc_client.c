/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * rpc_client: client threads on this node (RMC_NODE), each a messaging
 * endpoint, calling the server pool of rpc_server on another node. Requests
 * mix small payloads (pushed into the server's ring) and large ones (pulled
 * by the server), and two operations; every reply is checked. Prints the
 * throughput and the latency of small and large calls, and exits 1 on any
 * wrong or missing reply.
 *   rpc_client --server-node N [--servers S] [--threads T] [--requests R]
 */

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_errno.h>

#include "rpc_common.h"

struct client {
	pthread_t th;
	struct rte_rmc_msg_ep *ep;
	unsigned int id;
	unsigned int servers;
	uint16_t server_node;
	uint64_t requests;
	uint64_t hz;
	uint64_t *lat;      /* cycles per call */
	uint8_t *large;     /* 1 when call i was large */
	uint64_t checked;
	int failed;
};

static int
call(struct client *c, struct rpc_msg *req, struct rpc_msg *rep, uint16_t port)
{
	int len, ret;
	uint32_t i;

	ret = rte_rmc_msg_send(c->ep, c->server_node, port, req, sizeof(*req) + req->len, 0);
	if (ret < 0) {
		fprintf(stderr, "rpc_client %u: send to %u.%u: %s\n", c->id, c->server_node, port,
			strerror(-ret));
		return -1;
	}
	len = rte_rmc_msg_recv_from(c->ep, c->server_node, port, rep,
		sizeof(*rep) + RPC_MAX_MSG, RTE_RMC_SYNC_TIMEOUT_US_DEFAULT);
	if (len < 0) {
		fprintf(stderr, "rpc_client %u: no reply to request %" PRIu64 " from %u.%u: %s\n",
			c->id, req->id, c->server_node, port, strerror(-len));
		return -1;
	}
	/* The reply must be the one for this request, and right. */
	if (len < (int)sizeof(*rep) || rep->id != req->id || rep->op != req->op ||
			rep->len != len - sizeof(*rep))
		goto wrong;
	if (req->op == RPC_OP_REVERSE) {
		if (rep->len != req->len)
			goto wrong;
		for (i = 0; i < req->len; i++)
			if (rep->payload[i] != req->payload[req->len - 1 - i])
				goto wrong;
	} else if (rep->len != 0 || rep->hash != rpc_hash(req->payload, req->len)) {
		goto wrong;
	}
	c->checked++;
	return 0;
wrong:
	fprintf(stderr, "rpc_client %u: wrong reply to request %" PRIu64 "\n", c->id, req->id);
	return -1;
}

static void *
run(void *arg)
{
	struct client *c = arg;
	struct rpc_msg *req = malloc(sizeof(*req) + RPC_MAX_MSG);
	struct rpc_msg *rep = malloc(sizeof(*rep) + RPC_MAX_MSG);
	unsigned int seed = 1234 + c->id;
	uint64_t n, t0;
	uint32_t i;
	uint16_t port;

	if (req == NULL || rep == NULL) {
		c->failed = 1;
		return NULL;
	}
	for (n = 0; n < c->requests; n++) {
		int large = rand_r(&seed) % 10 >= 7;

		req->op = n % 2 ? RPC_OP_HASH : RPC_OP_REVERSE;
		req->id = (uint64_t)c->id << 48 | n;
		req->hash = 0;
		req->len = large ? 1024u + (uint32_t)rand_r(&seed) % (RPC_MAX_MSG - 1024) :
			8u + (uint32_t)rand_r(&seed) % 160;
		for (i = 0; i < req->len; i++)
			req->payload[i] = (uint8_t)rand_r(&seed);
		port = (c->id + n) % c->servers;
		t0 = rte_rdtsc();
		if (call(c, req, rep, port) < 0) {
			c->failed = 1;
			break;
		}
		c->lat[n] = rte_rdtsc() - t0;
		c->large[n] = large;
	}
	/* Goodbye to every server thread, so that the pool can end. */
	req->op = RPC_OP_BYE;
	req->len = 0;
	for (port = 0; port < c->servers; port++)
		if (rte_rmc_msg_send(c->ep, c->server_node, port, req, sizeof(*req), 0) < 0)
			c->failed = 1;
	if (rte_rmc_msg_flush(c->ep, 0) < 0)
		c->failed = 1;
	free(req);
	free(rep);
	return NULL;
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* p50 and p99 of the calls of one size class, in microseconds. */
static void
report(const char *what, struct client *c, unsigned int threads, int large, uint64_t hz)
{
	uint64_t *v, n = 0, i;
	unsigned int t;

	for (t = 0; t < threads; t++)
		n += c[t].requests;
	v = malloc(n * sizeof(*v));
	if (v == NULL)
		return;
	n = 0;
	for (t = 0; t < threads; t++)
		for (i = 0; i < c[t].requests; i++)
			if (c[t].large[i] == large)
				v[n++] = c[t].lat[i];
	if (n > 0) {
		qsort(v, n, sizeof(*v), cmp_u64);
		printf("rpc_client: %s calls: %" PRIu64 ", latency p50 %.1f us, p99 %.1f us\n",
			what, n, v[n / 2] * 1e6 / hz, v[n * 99 / 100] * 1e6 / hz);
	}
	free(v);
}

int
main(int argc, char **argv)
{
	unsigned int servers = 2, threads = 2, i;
	uint64_t requests = 2000, total = 0, t0;
	long server_node = -1;
	struct rte_rmc_msg_conf conf;
	struct rte_rmc_session *s;
	struct client *c;
	double secs;
	int a, failed = 0;

	for (a = 1; a < argc; a += 2) {
		if (strcmp(argv[a], "--server-node") == 0) {
			server_node = rpc_number(argv[0], argv[a], argv[a + 1], 0,
				RTE_RMC_MAX_NODES - 1);
		} else if (strcmp(argv[a], "--servers") == 0) {
			servers = rpc_number(argv[0], argv[a], argv[a + 1], 1, 64);
		} else if (strcmp(argv[a], "--threads") == 0) {
			threads = rpc_number(argv[0], argv[a], argv[a + 1], 1, 64);
		} else if (strcmp(argv[a], "--requests") == 0) {
			requests = rpc_number(argv[0], argv[a], argv[a + 1], 1, 100000000);
		} else {
			fprintf(stderr, "usage: %s --server-node N [--servers S] [--threads T] "
				"[--requests R]\n", argv[0]);
			return 2;
		}
	}
	if (server_node < 0) {
		fprintf(stderr, "%s: --server-node is needed (the node rpc_server runs on)\n",
			argv[0]);
		return 2;
	}
	s = rte_rmc_attach(NULL, -1, NULL);
	if (s == NULL)
		return 1;
	if (server_node >= rte_rmc_node_count(s)) {
		fprintf(stderr, "%s: node %ld is outside the cluster\n", argv[0], server_node);
		return 2;
	}
	rpc_conf(&conf, servers, threads);
	if (rpc_setup_ctx(s, &conf) < 0) {
		fprintf(stderr, "rpc_client: cannot create context %u\n", RPC_CTX_ID);
		return 1;
	}
	c = calloc(threads, sizeof(*c));
	if (c == NULL)
		return 1;
	for (i = 0; i < threads; i++) {
		c[i].id = i;
		c[i].servers = servers;
		c[i].server_node = server_node;
		c[i].requests = requests;
		c[i].hz = rte_rmc_tsc_hz(s);
		c[i].lat = calloc(requests, sizeof(uint64_t));
		c[i].large = calloc(requests, 1);
		c[i].ep = rte_rmc_msg_open(s, servers + i, &conf);
		if (c[i].lat == NULL || c[i].large == NULL || c[i].ep == NULL) {
			fprintf(stderr, "rpc_client: cannot open port %u: %s\n", servers + i,
				rte_strerror(rte_errno));
			return 1;
		}
	}
	printf("rpc_client: node %u, %u client thread(s), %" PRIu64 " call(s) each to %u "
		"server thread(s) on node %ld\n", rte_rmc_node_id(s), threads, requests, servers,
		server_node);
	t0 = rte_rdtsc();
	for (i = 0; i < threads; i++)
		pthread_create(&c[i].th, NULL, run, &c[i]);
	for (i = 0; i < threads; i++) {
		pthread_join(c[i].th, NULL);
		failed |= c[i].failed;
		total += c[i].checked;
	}
	secs = (double)(rte_rdtsc() - t0) / rte_rmc_tsc_hz(s);
	printf("rpc_client: %" PRIu64 " call(s) in %.3f s: %.0f calls/s; every reply checked, "
		"%s\n", total, secs, total / secs, failed ? "FAILURES" : "all correct");
	if (!failed) {
		report("small (8..167 B, pushed)", c, threads, 0, rte_rmc_tsc_hz(s));
		report("large (1..16 KiB, pulled)", c, threads, 1, rte_rmc_tsc_hz(s));
	}
	printf("calls_per_s=%.0f\n", total / secs);
	for (i = 0; i < threads; i++)
		rte_rmc_msg_close(c[i].ep);
	rte_rmc_detach(s);
	return failed || total != requests * threads ? 1 : 0;
}
