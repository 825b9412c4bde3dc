/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * sokv-server: the owner of this node's (RMC_NODE) partition of soKV. It
 * creates the store's context (index and object slots, read one-sided by
 * clients), loads the keys it owns among 1..--preload with the bench's
 * values, then serves RPC GET/PUT/DELETE on --threads endpoints until
 * SIGINT/SIGTERM.
 *   sokv-server [--slots N] [--max-value B] [--threads T] [--preload K]
 *               [--value-size V]
 */

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_errno.h>

#include "sokv_store.h"
#include "sokv_util.h"

struct server {
	pthread_t th;
	struct rte_rmc_msg_ep *ep;
	struct sokv_store *st;
	struct sokv_server_stats *all;  /* every thread's counters */
	unsigned int id, threads;
	uint64_t hz;
	int failed;
};

static volatile sig_atomic_t stop;

static void
on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void
stats_sum(const struct server *sv, struct sokv_server_stats *sum)
{
	unsigned int i;

	memset(sum, 0, sizeof(*sum));
	for (i = 0; i < sv->threads; i++) {
		sum->gets += __atomic_load_n(&sv->all[i].gets, __ATOMIC_RELAXED);
		sum->puts += __atomic_load_n(&sv->all[i].puts, __ATOMIC_RELAXED);
		sum->dels += __atomic_load_n(&sv->all[i].dels, __ATOMIC_RELAXED);
		sum->busy_ns += __atomic_load_n(&sv->all[i].busy_ns, __ATOMIC_RELAXED);
		sum->get_busy_ns += __atomic_load_n(&sv->all[i].get_busy_ns, __ATOMIC_RELAXED);
	}
}

/* Apply one request; the reply (header and value) goes to rep. */
static void
handle(struct server *sv, const struct sokv_rpc *req, struct sokv_rpc *rep)
{
	struct sokv_server_stats *me = &sv->all[sv->id];

	rep->op = req->op;
	rep->id = req->id;
	rep->key = req->key;
	rep->vlen = 0;
	rep->version = 0;
	switch (req->op) {
	case SOKV_RPC_GET:
		rep->status = sokv_store_get(sv->st, req->key, rep->value);
		if (rep->status == SOKV_OK)
			rep->vlen = sv->st->meta->slot_size;
		__atomic_fetch_add(&me->gets, 1, __ATOMIC_RELAXED);
		break;
	case SOKV_RPC_PUT:
	case SOKV_RPC_DEL:
		rep->status = sokv_store_put(sv->st, req->key, req->value, req->vlen,
			req->op == SOKV_RPC_DEL ? SOKV_F_DELETED : 0, &rep->version);
		__atomic_fetch_add(req->op == SOKV_RPC_DEL ? &me->dels : &me->puts, 1,
			__ATOMIC_RELAXED);
		break;
	case SOKV_RPC_STATS:
		stats_sum(sv, (struct sokv_server_stats *)(void *)rep->value);
		rep->vlen = sizeof(struct sokv_server_stats);
		rep->status = SOKV_OK;
		break;
	default:
		rep->status = SOKV_ERROR;
	}
}

static void *
serve(void *arg)
{
	struct server *sv = arg;
	struct sokv_rpc *req = malloc(sizeof(*req) + 2 * SOKV_MAX_VALUE);
	struct sokv_rpc *rep = malloc(sizeof(*rep) + 2 * SOKV_MAX_VALUE);
	uint16_t nid, port;
	uint64_t t0, ns;
	int len, ret;

	if (req == NULL || rep == NULL) {
		sv->failed = 1;
		return NULL;
	}
	while (!stop) {
		len = rte_rmc_msg_recv(sv->ep, &nid, &port, req, sizeof(*req) + 2 * SOKV_MAX_VALUE,
			200000);
		if (len == -EAGAIN || len == -ETIMEDOUT)
			continue;
		t0 = rte_rdtsc();
		/* Bad requests are dropped: a client's time-out reports them. */
		if (len < (int)sizeof(*req) || req->vlen != len - sizeof(*req))
			continue;
		handle(sv, req, rep);
		ret = rte_rmc_msg_send(sv->ep, nid, port, rep, sizeof(*rep) + rep->vlen, 0);
		/* A client endpoint opened again (a new bench): answer the new one. */
		if (ret == -ECONNRESET)
			ret = rte_rmc_msg_send(sv->ep, nid, port, rep, sizeof(*rep) + rep->vlen, 0);
		if (ret < 0)
			fprintf(stderr, "sokv-server %u: reply to %u.%u: %s\n", sv->id, nid, port,
				strerror(-ret));
		ns = (rte_rdtsc() - t0) * 1000000000ull / sv->hz;
		__atomic_fetch_add(&sv->all[sv->id].busy_ns, ns, __ATOMIC_RELAXED);
		if (req->op == SOKV_RPC_GET)
			__atomic_fetch_add(&sv->all[sv->id].get_busy_ns, ns, __ATOMIC_RELAXED);
	}
	rte_rmc_msg_flush(sv->ep, 0);
	free(req);
	free(rep);
	return NULL;
}

/* The bench's initial values (tag 0) of the keys 1..n this node owns. */
static int
preload(struct sokv_store *st, uint16_t me, uint16_t nodes, uint64_t n, uint32_t vsize)
{
	uint8_t v[SOKV_MAX_VALUE];
	uint64_t key, ver, done = 0;
	int ret;

	for (key = 1; key <= n; key++) {
		if (sokv_owner(key, nodes) != me)
			continue;
		sokv_value_fill(v, vsize, key, 0);
		ret = sokv_store_put(st, key, v, vsize, 0, &ver);
		if (ret != SOKV_OK) {
			fprintf(stderr, "sokv-server: preloading key %" PRIu64 ": %s\n", key,
				sokv_strstatus(ret));
			return -1;
		}
		done++;
	}
	printf("sokv-server: node %u owns %" PRIu64 " of keys 1..%" PRIu64 "\n", me, done, n);
	return 0;
}

struct server_args {
	uint64_t slots, preload;
	uint32_t max_value, value_size, threads;
};

static void
parse(int argc, char **argv, struct server_args *a)
{
	int i;

	a->slots = 65536;
	a->max_value = 1024;
	a->threads = 1;
	a->preload = 0;
	a->value_size = 0;
	for (i = 1; i < argc; i += 2) {
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(argv[i], "--slots") == 0)
			a->slots = sokv_number(argv[0], argv[i], v, 1, UINT64_C(1) << 24);
		else if (strcmp(argv[i], "--max-value") == 0)
			a->max_value = sokv_number(argv[0], argv[i], v, 16, SOKV_MAX_VALUE);
		else if (strcmp(argv[i], "--threads") == 0)
			a->threads = sokv_number(argv[0], argv[i], v, 1, SOKV_MAX_SERVERS);
		else if (strcmp(argv[i], "--preload") == 0)
			a->preload = sokv_number(argv[0], argv[i], v, 0, UINT64_C(1) << 24);
		else if (strcmp(argv[i], "--value-size") == 0)
			a->value_size = sokv_number(argv[0], argv[i], v, 16, SOKV_MAX_VALUE);
		else
			sokv_usage(argv[0], "[--slots N] [--max-value B] [--threads T] "
				"[--preload K] [--value-size V]");
	}
	if (a->value_size == 0)
		a->value_size = a->max_value;
	if (a->value_size > a->max_value)
		sokv_usage(argv[0], "--value-size must not exceed --max-value");
}

static int
start(struct server *sv, unsigned int n, struct rte_rmc_session *s, struct sokv_store *st)
{
	struct sokv_server_stats *all = calloc(n, sizeof(*all));
	struct rte_rmc_msg_conf conf;
	unsigned int i;

	if (all == NULL || sokv_msg_ctx(s, 1) < 0)
		return -1;
	sokv_msg_conf(&conf);
	for (i = 0; i < n; i++) {
		sv[i].id = i;
		sv[i].threads = n;
		sv[i].st = st;
		sv[i].all = all;
		sv[i].hz = rte_rmc_tsc_hz(s);
		sv[i].ep = rte_rmc_msg_open(s, i, &conf);
		if (sv[i].ep == NULL) {
			fprintf(stderr, "sokv-server: cannot open port %u: %s\n", i,
				rte_strerror(rte_errno));
			return -1;
		}
	}
	for (i = 0; i < n; i++)
		pthread_create(&sv[i].th, NULL, serve, &sv[i]);
	return 0;
}

int
main(int argc, char **argv)
{
	struct server_args a;
	struct rte_rmc_session *s;
	struct sokv_server_stats sum;
	struct sokv_store st;
	struct server *sv;
	unsigned int i;
	int ret, failed = 0;

	parse(argc, argv, &a);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	s = rte_rmc_attach(NULL, -1, NULL);
	if (s == NULL)
		return 1;
	ret = sokv_store_create(&st, s, a.slots, a.max_value, a.threads);
	if (ret < 0) {
		fprintf(stderr, "sokv-server: cannot create the store (context %u): %s\n",
			SOKV_CTX, strerror(-ret));
		return 1;
	}
	if (preload(&st, rte_rmc_node_id(s), rte_rmc_node_count(s), a.preload,
			a.value_size) < 0)
		return 1;
	sv = calloc(a.threads, sizeof(*sv));
	if (sv == NULL || start(sv, a.threads, s, &st) < 0)
		return 1;
	__atomic_store_n(&st.meta->ready, 1, __ATOMIC_RELEASE);
	printf("sokv-server: node %u ready: %" PRIu64 " slots of %" PRIu64 " bytes (values up "
		"to %u), %u server thread(s)\n", rte_rmc_node_id(s), a.slots, st.meta->slot_size,
		a.max_value, a.threads);
	fflush(stdout);
	for (i = 0; i < a.threads; i++) {
		pthread_join(sv[i].th, NULL);
		failed |= sv[i].failed;
		rte_rmc_msg_close(sv[i].ep);
	}
	stats_sum(&sv[0], &sum);
	printf("sokv-server: served %" PRIu64 " GET, %" PRIu64 " PUT, %" PRIu64 " DELETE by RPC\n",
		sum.gets, sum.puts, sum.dels);
	rte_rmc_detach(s);
	return failed;
}
