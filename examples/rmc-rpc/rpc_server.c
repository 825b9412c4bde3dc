/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * rpc_server: a pool of server threads on this node (RMC_NODE), each one a
 * messaging endpoint (port 0..threads-1) that answers requests from any
 * client. It ends when every client endpoint said goodbye to every server
 * thread, or on SIGINT/SIGTERM.
 *   rpc_server [--threads N] [--clients M]
 */

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_errno.h>

#include "rpc_common.h"

struct server {
	pthread_t th;
	struct rte_rmc_msg_ep *ep;
	unsigned int id;
	unsigned int clients;
	uint64_t served;
	int failed;
};

static volatile sig_atomic_t stop;

static void
on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void *
serve(void *arg)
{
	struct server *sv = arg;
	struct rpc_msg *req = malloc(sizeof(*req) + RPC_MAX_MSG);
	struct rpc_msg *rep = malloc(sizeof(*rep) + RPC_MAX_MSG);
	unsigned int byes = 0;
	uint16_t nid, port;
	uint32_t i;
	int len, ret;

	if (req == NULL || rep == NULL) {
		sv->failed = 1;
		return NULL;
	}
	while (!stop && byes < sv->clients) {
		len = rte_rmc_msg_recv(sv->ep, &nid, &port, req, sizeof(*req) + RPC_MAX_MSG,
			200000);
		if (len == -EAGAIN)
			continue;
		if (len < (int)sizeof(*req) || req->len != len - sizeof(*req)) {
			fprintf(stderr, "rpc_server %u: bad request (%d)\n", sv->id, len);
			sv->failed = 1;
			break;
		}
		if (req->op == RPC_OP_BYE) {
			byes++;
			continue;
		}
		rep->op = req->op;
		rep->id = req->id;
		rep->hash = 0;
		rep->len = 0;
		if (req->op == RPC_OP_REVERSE) {
			rep->len = req->len;
			for (i = 0; i < req->len; i++)
				rep->payload[i] = req->payload[req->len - 1 - i];
		} else {
			rep->hash = rpc_hash(req->payload, req->len);
		}
		ret = rte_rmc_msg_send(sv->ep, nid, port, rep, sizeof(*rep) + rep->len, 0);
		if (ret < 0) {
			fprintf(stderr, "rpc_server %u: reply to %u.%u: %s\n", sv->id, nid, port,
				strerror(-ret));
			sv->failed = 1;
			break;
		}
		sv->served++;
	}
	rte_rmc_msg_flush(sv->ep, 0);
	free(req);
	free(rep);
	return NULL;
}

int
main(int argc, char **argv)
{
	unsigned int threads = 2, clients = 2, i;
	struct rte_rmc_msg_conf conf;
	struct rte_rmc_session *s;
	struct server *sv;
	uint64_t total = 0;
	int a, failed = 0;

	for (a = 1; a < argc; a += 2) {
		if (strcmp(argv[a], "--threads") == 0) {
			threads = rpc_number(argv[0], argv[a], argv[a + 1], 1, 64);
		} else if (strcmp(argv[a], "--clients") == 0) {
			clients = rpc_number(argv[0], argv[a], argv[a + 1], 1, 256);
		} else {
			fprintf(stderr, "usage: %s [--threads N] [--clients M]\n", argv[0]);
			return 2;
		}
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	s = rte_rmc_attach(NULL, -1, NULL);
	if (s == NULL)
		return 1;
	rpc_conf(&conf, threads, clients);
	if (rpc_setup_ctx(s, &conf) < 0) {
		fprintf(stderr, "rpc_server: cannot create context %u\n", RPC_CTX_ID);
		return 1;
	}
	sv = calloc(threads, sizeof(*sv));
	if (sv == NULL)
		return 1;
	/* Endpoints are opened here, one after the other; each thread then owns one. */
	for (i = 0; i < threads; i++) {
		sv[i].id = i;
		sv[i].clients = clients;
		sv[i].ep = rte_rmc_msg_open(s, i, &conf);
		if (sv[i].ep == NULL) {
			fprintf(stderr, "rpc_server: cannot open port %u: %s\n", i,
				rte_strerror(rte_errno));
			return 1;
		}
	}
	printf("rpc_server: node %u, %u server thread(s) on ports 0..%u, waiting for %u "
		"client(s)\n", rte_rmc_node_id(s), threads, threads - 1, clients);
	fflush(stdout);
	for (i = 0; i < threads; i++)
		pthread_create(&sv[i].th, NULL, serve, &sv[i]);
	for (i = 0; i < threads; i++) {
		pthread_join(sv[i].th, NULL);
		total += sv[i].served;
		failed |= sv[i].failed;
		printf("rpc_server: thread %u served %" PRIu64 " request(s)\n", i, sv[i].served);
		rte_rmc_msg_close(sv[i].ep);
	}
	printf("rpc_server: %" PRIu64 " request(s) served%s\n", total,
		stop ? " (stopped by a signal)" : "");
	rte_rmc_detach(s);
	free(sv);
	return failed ? 1 : 0;
}
