/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * sokv-bench: closed-loop load on a soKV cluster (one sokv-server per node),
 * from this node (RMC_NODE). Client threads, each with its own queue pair and
 * endpoint, run YCSB-style mixes on keys 1..--keys (the servers' --preload)
 * for --trials trials of --duration seconds (W: PUTs only, to load readers
 * on another node). Per trial: throughput, GET and
 * PUT p50/p99, retries per GET, and the servers' time per GET; then the
 * median, min and max of each over the trials. Every value read is checked;
 * one wrong value, or an error other than node-down, makes the exit status 1.
 *   sokv-bench [--get farm|pilaf|sabre|rpc] [--put rpc|onesided]
 *              [--workload A|B|C|W] [--dist uniform|zipf] [--theta T] [--seed S]
 *              [--keys K] [--value-size V] [--threads N] [--trials N]
 *              [--duration S] [--min-gets N]
 * --min-gets: each thread goes on past the duration until it did N GETs in
 * the trial (for tests on slow machines; a figure's throughput then means
 * nothing).
 */

#include <inttypes.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include <rte_common.h>
#include <rte_cycles.h>

#include "sokv_bench.h"
#include "sokv_util.h"

#define USAGE "[--get farm|pilaf|sabre|rpc] [--put rpc|onesided] [--workload A|B|C|W] " \
	"[--dist uniform|zipf] [--theta T] [--seed S] [--keys K] [--value-size V] " \
	"[--threads N] [--trials N] [--duration S] [--min-gets N]"
#define METRICS 7

static const char *const metric_name[METRICS] = {
	"throughput_ops", "get_p50_us", "get_p99_us", "put_p50_us", "put_p99_us",
	"retries_per_get", "server_ns_per_get",
};
static const char *const get_name[] = { "farm", "pilaf", "sabre", "rpc" };

static int
pick(const char *prog, const char *opt, const char *v, const char *const *names, int n)
{
	int i;

	for (i = 0; v != NULL && i < n; i++)
		if (strcmp(v, names[i]) == 0)
			return i;
	fprintf(stderr, "%s: %s: unknown value '%s'\n", prog, opt, v != NULL ? v : "");
	exit(2);
}

static void
parse(int argc, char **argv, struct bench_conf *b)
{
	static const char *const put_name[] = { "rpc", "onesided" };
	/* W: writes only, a load of writers for readers on another node. */
	static const char *const wl[] = { "A", "B", "C", "W" };
	static const char *const dist[] = { "uniform", "zipf" };
	static const double frac[] = { 0.5, 0.95, 1.0, 0.0 };
	int i, zipf = 0, w = 2;

	*b = (struct bench_conf){ .get = SOKV_GET_SABRE, .put = SOKV_PUT_RPC, .theta = 0.99,
		.seed = 1, .keys = 1000, .value_size = 1024, .threads = 1, .trials = 5,
		.duration = 1.0 };
	for (i = 1; i < argc; i += 2) {
		const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(o, "--get") == 0)
			b->get = pick(argv[0], o, v, get_name, 4);
		else if (strcmp(o, "--put") == 0)
			b->put = pick(argv[0], o, v, put_name, 2);
		else if (strcmp(o, "--workload") == 0)
			w = pick(argv[0], o, v, wl, 4);
		else if (strcmp(o, "--dist") == 0)
			zipf = pick(argv[0], o, v, dist, 2);
		else if (strcmp(o, "--theta") == 0)
			b->theta = sokv_double(argv[0], o, v, 0.01, 5.0);
		else if (strcmp(o, "--seed") == 0)
			b->seed = sokv_number(argv[0], o, v, 0, UINT64_MAX);
		else if (strcmp(o, "--keys") == 0)
			b->keys = sokv_number(argv[0], o, v, 1, UINT64_C(1) << 24);
		else if (strcmp(o, "--value-size") == 0)
			b->value_size = sokv_number(argv[0], o, v, 16, SOKV_MAX_VALUE);
		else if (strcmp(o, "--threads") == 0)
			b->threads = sokv_number(argv[0], o, v, 1, SOKV_MAX_CLIENTS - 1);
		else if (strcmp(o, "--trials") == 0)
			b->trials = sokv_number(argv[0], o, v, 1, 100);
		else if (strcmp(o, "--min-gets") == 0)
			b->min_gets = sokv_number(argv[0], o, v, 0, UINT64_C(1) << 32);
		else if (strcmp(o, "--duration") == 0)
			b->duration = sokv_double(argv[0], o, v, 0.01, 3600);
		else
			sokv_usage(argv[0], USAGE);
	}
	b->workload = "ABCW"[w];
	b->read_frac = frac[w];
	if (!zipf)
		b->theta = 0;
	/*
	 * Random, not time ^ pid: two benches one after the other on the same
	 * store (a second and a pid apart) got the same id that way, and each took
	 * the other's values for values never written.
	 */
	if (getrandom(&b->run_id, sizeof(b->run_id), 0) != sizeof(b->run_id))
		b->run_id = (uint32_t)(rte_rdtsc() ^ (uint64_t)getpid() << 20);
	b->run_id &= 0xffffff;
}

struct bench {
	struct bench_conf conf;
	struct rte_rmc_session *s;
	struct sokv_zipf zipf;
	struct sokv_client *cl;         /* threads + 1: the last one asks the servers */
	struct bench_thread *t;
	volatile uint64_t *seq;
	double m[100][METRICS];         /* per trial */
	uint64_t checked, wrong, errors, node_down;
	uint64_t lines_missed, conflicts;   /* FaRM's misses, SABRe's conflicts */
	double floor_us;
};

/* The servers' time spent on GETs, summed over the nodes. */
static int
server_get_ns(struct bench *b, uint64_t *ns)
{
	struct sokv_client *c = &b->cl[b->conf.threads];
	struct sokv_server_stats st;
	uint16_t nid;

	*ns = 0;
	for (nid = 0; nid < c->nodes; nid++) {
		if (sokv_server_stats(c, nid, &st) != SOKV_OK)
			return -1;
		*ns += st.get_busy_ns;
	}
	return 0;
}

static int
trial(struct bench *b, uint32_t k)
{
	uint64_t gets = 0, retries = 0, ops = 0, ns0, ns1, sg = 0, sp = 0;
	double *get_ns = malloc(sizeof(double) * BENCH_MAX_SAMPLES * b->conf.threads);
	double *put_ns = malloc(sizeof(double) * BENCH_MAX_SAMPLES * b->conf.threads);
	double *m = b->m[k];
	unsigned int i;
	int srv_ok;

	if (get_ns == NULL || put_ns == NULL)
		return -1;
	/* A server that does not answer (its node died) leaves the figure unknown. */
	srv_ok = server_get_ns(b, &ns0) == 0;
	for (i = 0; i < b->conf.threads; i++) {
		b->t[i] = (struct bench_thread){ .conf = &b->conf, .zipf = &b->zipf,
			.c = &b->cl[i], .id = i, .trial = k, .hz = rte_rmc_tsc_hz(b->s),
			.seq = b->seq, .get_ns = get_ns + (uint64_t)i * BENCH_MAX_SAMPLES,
			.put_ns = put_ns + (uint64_t)i * BENCH_MAX_SAMPLES };
		pthread_create(&b->t[i].th, NULL, bench_thread_run, &b->t[i]);
	}
	for (i = 0; i < b->conf.threads; i++) {
		struct bench_thread *t = &b->t[i];

		pthread_join(t->th, NULL);
		/* Samples of all threads side by side for the percentiles. */
		memmove(get_ns + sg, t->get_ns, t->s_get * sizeof(double));
		memmove(put_ns + sp, t->put_ns, t->s_put * sizeof(double));
		sg += t->s_get;
		sp += t->s_put;
		ops += t->n_get + t->n_put;
		gets += t->n_get;
		retries += t->c->cnt.get_retries - t->cnt0.get_retries;
		b->lines_missed += t->c->cnt.lines_missed - t->cnt0.lines_missed;
		b->conflicts += t->c->cnt.sabre_conflicts - t->cnt0.sabre_conflicts;
		b->checked += t->n_get;
		b->wrong += t->wrong;
		b->errors += t->errors;
		b->node_down += t->node_down;
	}
	srv_ok = srv_ok && server_get_ns(b, &ns1) == 0;
	m[0] = ops / b->conf.duration;
	m[1] = sokv_percentile(get_ns, sg, 50) / 1000;
	m[2] = sokv_percentile(get_ns, sg, 99) / 1000;
	m[3] = sokv_percentile(put_ns, sp, 50) / 1000;
	m[4] = sokv_percentile(put_ns, sp, 99) / 1000;
	m[5] = gets ? (double)retries / gets : 0;
	m[6] = !srv_ok ? -1 : gets ? (double)(ns1 - ns0) / gets : 0;
	printf("trial %u: %.0f ops/s, GET p50 %.2f us p99 %.2f us, PUT p50 %.2f us p99 %.2f us,"
		" %.4f retries/GET, servers %.0f ns/GET (-1: unknown)\n", k + 1, m[0], m[1], m[2], m[3], m[4],
		m[5], m[6]);
	free(get_ns);
	free(put_ns);
	return 0;
}

/*
 * The floor of this run: the p50 of a plain one-sided read of one object
 * (slot) from the owner of key 1, on the control client's QP, 1000 times,
 * right before the trials. GET p50s are also given as ratios to it.
 */
static double
bench_floor(struct bench *b)
{
	struct sokv_client *c = &b->cl[b->conf.threads];
	uint16_t nid = sokv_owner(1, c->nodes);
	uint64_t hz = rte_rmc_tsc_hz(b->s), t0;
	static double ns[1000];
	unsigned int i;

	if (c->meta[nid].magic != SOKV_MAGIC && sokv_client_meta(c, nid) != SOKV_OK)
		return 0;
	for (i = 0; i < RTE_DIM(ns); i++) {
		t0 = rte_rdtsc();
		if (rte_rmc_read_sync(c->qp, &c->lb, 4096, nid, SOKV_CTX, c->meta[nid].slots_off,
				c->meta[nid].slot_size, SOKV_TIMEOUT_US) != RTE_RMC_STATUS_OK)
			return 0;
		ns[i] = (double)(rte_rdtsc() - t0) * 1e9 / (double)hz;
	}
	return sokv_percentile(ns, RTE_DIM(ns), 50) / 1000;
}

static void
summary(struct bench *b)
{
	double v[100], med;
	uint32_t k, j, n = b->conf.trials;

	for (j = 0; j < METRICS; j++) {
		for (k = 0; k < n; k++)
			v[k] = b->m[k][j];
		med = sokv_percentile(v, n, 50); /* sorts v */
		printf("%-18s median %.3f  min %.3f  max %.3f  (%u trials)\n", metric_name[j],
			med, v[0], v[n - 1], n);
		if (j == 1 && b->floor_us > 0)
			printf("%-18s median %.3f  min %.3f  max %.3f  (GET p50 / floor)\n",
				"get_p50_x_floor", med / b->floor_us, v[0] / b->floor_us,
				v[n - 1] / b->floor_us);
	}
	printf("%-18s %.3f  (p50 of a plain read of one object, %u B, in this run; 0: failed)\n",
		"floor_read_p50_us", b->floor_us, (unsigned int)b->cl[b->conf.threads].meta[
		sokv_owner(1, b->cl[0].nodes)].slot_size);
}

static int
setup(struct bench *b)
{
	unsigned int i;
	int ret;

	b->s = rte_rmc_attach(NULL, -1, NULL);
	if (b->s == NULL)
		return -1;
	if (sokv_zipf_init(&b->zipf, b->conf.keys, b->conf.theta) < 0)
		return -1;
	b->cl = calloc(b->conf.threads + 1, sizeof(*b->cl));
	b->t = calloc(b->conf.threads, sizeof(*b->t));
	b->seq = calloc(b->conf.threads, sizeof(*b->seq));
	if (b->cl == NULL || b->t == NULL || b->seq == NULL)
		return -1;
	for (i = 0; i <= b->conf.threads; i++) {
		ret = sokv_client_open(&b->cl[i], b->s, i, b->conf.get, b->conf.put);
		if (ret < 0) {
			fprintf(stderr, "sokv-bench: client %u: %s\n", i, strerror(-ret));
			return -1;
		}
	}
	return 0;
}

static void
describe(const struct bench *b)
{
	cpu_set_t set;
	char cpus[256] = "";
	size_t n = 0;
	int i;

	if (sched_getaffinity(0, sizeof(set), &set) == 0)
		for (i = 0; i < CPU_SETSIZE && n + 8 < sizeof(cpus); i++)
			if (CPU_ISSET(i, &set))
				n += snprintf(cpus + n, sizeof(cpus) - n, "%s%d", n ? "," : "", i);
	printf("sokv-bench: node %u of %u; GET %s, PUT %s, YCSB %c, %s keys 1..%" PRIu64
		" (seed %" PRIu64 "), values of %u B, %u client thread(s) on CPUs %s, %u trials of"
		" %.2f s\n", rte_rmc_node_id(b->s), rte_rmc_node_count(b->s),
		get_name[b->conf.get], b->conf.put == SOKV_PUT_RPC ? "rpc" : "onesided",
		b->conf.workload, b->conf.theta == 0 ? "uniform" : "zipf", b->conf.keys,
		b->conf.seed, b->conf.value_size, b->conf.threads, cpus, b->conf.trials,
		b->conf.duration);
	if (b->conf.theta != 0)
		printf("sokv-bench: zipf theta %.3f, P(hottest key) %.4f\n", b->conf.theta,
			sokv_zipf_pmf(&b->zipf, 1));
}

int
main(int argc, char **argv)
{
	static struct bench b;
	uint32_t k;
	unsigned int i;

	parse(argc, argv, &b.conf);
	if (setup(&b) < 0)
		return 1;
	describe(&b);
	b.floor_us = bench_floor(&b);
	for (k = 0; k < b.conf.trials; k++)
		if (trial(&b, k) < 0) {
			fprintf(stderr, "sokv-bench: cannot reach every node's sokv-server\n");
			return 1;
		}
	summary(&b);
	printf("sokv-bench: torn reads: %" PRIu64 " passed every line's version but not the "
		"checksum (FaRM), %" PRIu64 " SABRe conflicts\n", b.lines_missed, b.conflicts);
	printf("sokv-bench: %" PRIu64 " values checked, %" PRIu64 " wrong, %" PRIu64
		" errors, %" PRIu64 " node-down\n", b.checked, b.wrong, b.errors, b.node_down);
	for (i = 0; i <= b.conf.threads; i++)
		sokv_client_close(&b.cl[i]);
	sokv_zipf_free(&b.zipf);
	rte_rmc_detach(b.s);
	return b.wrong != 0 || b.errors != 0 ? 1 : 0;
}
