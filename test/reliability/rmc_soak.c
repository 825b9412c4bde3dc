/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * rmc_soak: several application processes on every node of a running cluster
 * ($RMC_CLUSTER) do random remote reads, writes, compare-and-swaps and
 * fetch-and-adds, synchronous and in asynchronous batches, against ranges that
 * overlap (counters, lock-protected blocks shared by everyone) and ranges
 * that are disjoint (each application's own blocks on every node). Everything
 * is checked against a model:
 *   - own blocks: every read exactly; at the end, the CRC of every 4 KiB
 *     block of every node against the CRC of the application's model;
 *   - fetch-and-add counters: at the end, exactly the sum of what every
 *     application added; the old values an application sees only grow;
 *   - compare-and-swap counters: exactly the number of successful swaps;
 *   - shared blocks: taken with a compare-and-swap lock, their header's CRC
 *     checked on every read, their version at the end equal to the number of
 *     writes made to them, their contents those of the last writer.
 *
 *   rmc_soak [--apps N] [--duration SECONDS] [--seed S]
 *
 * Context 0 of every node is used whole (1 MiB is enough). Prints the figures
 * and "0 mismatches", or the first mismatch and exits 1.
 */

#include <inttypes.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <rte_common.h>
#include <rte_errno.h>
#include <rte_hash_crc.h>

#include <rte_rmc.h>
#include <rte_rmc_node.h>

#include "rmc_wqe_model.h"

#define SOAK_MAX_NODES 8
#define SOAK_MAX_APPS 16
#define SOAK_NCTR 64
#define SOAK_NLOCK 32
#define SOAK_BLK 4096
#define SOAK_MAX_BLK 256
#define SOAK_BATCH 8

/* Layout of context 0 on every node. */
#define FAA_OFF 0
#define CAS_OFF (SOAK_NCTR * 8)
#define LOCK_OFF (2 * SOAK_NCTR * 8)
#define SHARED_OFF SOAK_BLK
#define OWN_OFF (SHARED_OFF + SOAK_NLOCK * SOAK_BLK)

enum soak_op {
	OP_WRITE, OP_READ, OP_BATCH, OP_FAA, OP_CAS, OP_LOCKED, OP_MAX
};
static const char *const op_name[OP_MAX] = {
	"writes", "reads", "async batches", "fetch-and-adds", "compare-and-swaps",
	"locked block updates",
};

/* Header of a shared block; the rest of the block is the payload. */
struct shared_hdr {
	uint64_t version;
	uint32_t writer;
	uint32_t crc;      /* of version, writer and payload */
};

struct soak_result {
	uint64_t ops[OP_MAX];
	uint64_t mismatches;
	uint64_t faa_sum[SOAK_MAX_NODES][SOAK_NCTR];
	uint64_t cas_done[SOAK_MAX_NODES][SOAK_NCTR];
	uint64_t lock_writes[SOAK_MAX_NODES][SOAK_NLOCK];
	uint64_t last_version[SOAK_MAX_NODES][SOAK_NLOCK];
	uint32_t last_crc[SOAK_MAX_NODES][SOAK_NLOCK];
	uint32_t own_crc[SOAK_MAX_NODES][SOAK_MAX_BLK];
	int done;
	char first[200];
};

struct soak {
	unsigned int apps, nodes, app;
	uint64_t own_size;       /* bytes of own range per application and node */
	uint64_t duration_ns;
	uint64_t seed;
	struct soak_result *res; /* shared with the parent */
};

/* Per application process. */
struct app {
	const struct soak *cfg;
	struct soak_result *r;
	struct rte_rmc_qp *qp;
	struct rte_rmc_lbuf lb;
	uint8_t *l;
	uint8_t *model[SOAK_MAX_NODES];
	uint64_t faa_seen[SOAK_MAX_NODES][SOAK_NCTR];
	uint64_t cas_guess[SOAK_MAX_NODES][SOAK_NCTR];
	uint64_t rng;
};

static uint64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static uint64_t
rnd(struct app *a, uint64_t n)
{
	return rmc_model_rand(&a->rng) % n;
}

static void
mismatch(struct app *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
mismatch(struct app *a, const char *fmt, ...)
{
	va_list ap;

	if (a->r->mismatches++ == 0) {
		va_start(ap, fmt);
		vsnprintf(a->r->first, sizeof(a->r->first), fmt, ap);
		va_end(ap);
	}
}

/* A request that did not complete OK ends the application: it is a failure. */
static int
check(struct app *a, int st, const char *what)
{
	if (st == RTE_RMC_STATUS_OK)
		return 0;
	mismatch(a, "app %u: %s: %s", a->cfg->app, what, rte_rmc_strerror(st));
	return -1;
}

static uint64_t
own_off(const struct app *a)
{
	return OWN_OFF + a->cfg->app * a->cfg->own_size;
}

static void
fill(struct app *a, uint8_t *p, uint64_t len)
{
	uint64_t i, w;

	for (i = 0; i + 8 <= len; i += 8) {
		w = rmc_model_rand(&a->rng);
		memcpy(p + i, &w, 8);
	}
	for (; i < len; i++)
		p[i] = (uint8_t)rmc_model_rand(&a->rng);
}

static int
op_write(struct app *a, uint16_t n)
{
	uint64_t max = RTE_MIN(a->cfg->own_size, (uint64_t)128 << 10);
	uint64_t r = rnd(a, 100), len, off;

	len = r < 70 ? 1 + rnd(a, 4096) : r < 95 ? 4097 + rnd(a, 12 << 10) :
		(64 << 10) + rnd(a, (64 << 10) + 1);
	len = RTE_MIN(len, max);
	off = rnd(a, a->cfg->own_size - len + 1);
	fill(a, a->l, len);
	if (check(a, rte_rmc_write_sync(a->qp, &a->lb, 0, n, 0, own_off(a) + off, len, 0),
			"write") < 0)
		return -1;
	memcpy(a->model[n] + off, a->l, len);
	return 0;
}

static int
op_read(struct app *a, uint16_t n)
{
	uint64_t len = 1 + rnd(a, RTE_MIN(a->cfg->own_size, (uint64_t)16384));
	uint64_t off = rnd(a, a->cfg->own_size - len + 1);

	if (check(a, rte_rmc_read_sync(a->qp, &a->lb, 0, n, 0, own_off(a) + off, len, 0),
			"read") < 0)
		return -1;
	if (memcmp(a->l, a->model[n] + off, len) != 0)
		mismatch(a, "app %u: read of %" PRIu64 " bytes at %" PRIu64 " of its range on "
			"node %u differs from the model", a->cfg->app, len, off, n);
	return 0;
}

/* Up to 8 distinct own blocks on random nodes, read or written at once. */
static int
op_batch(struct app *a)
{
	struct rte_rmc_completion cpl[SOAK_BATCH];
	uint64_t nblk = a->cfg->own_size / SOAK_BLK, blk[SOAK_BATCH];
	uint16_t nid[SOAK_BATCH];
	int write[SOAK_BATCH];
	unsigned int k, i, j, got = 0, n = 2 + rnd(a, SOAK_BATCH - 1);

	for (k = 0; k < n; k++) {
		do {
			nid[k] = rnd(a, a->cfg->nodes);
			blk[k] = rnd(a, nblk);
			for (j = 0; j < k && (nid[j] != nid[k] || blk[j] != blk[k]); j++)
				;
		} while (j < k);
		write[k] = rnd(a, 2);
		if (write[k]) {
			fill(a, a->l + k * SOAK_BLK, SOAK_BLK);
			memcpy(a->model[nid[k]] + blk[k] * SOAK_BLK, a->l + k * SOAK_BLK, SOAK_BLK);
			if (rte_rmc_write(a->qp, &a->lb, k * SOAK_BLK, nid[k], 0,
					own_off(a) + blk[k] * SOAK_BLK, SOAK_BLK, k, 0) < 0)
				return check(a, RTE_RMC_STATUS_INTERNAL, "batch post");
		} else if (rte_rmc_read(a->qp, &a->lb, k * SOAK_BLK, nid[k], 0,
				own_off(a) + blk[k] * SOAK_BLK, SOAK_BLK, k, 0) < 0) {
			return check(a, RTE_RMC_STATUS_INTERNAL, "batch post");
		}
	}
	while (got < n) {
		uint16_t m = rte_rmc_poll(a->qp, cpl, RTE_DIM(cpl));

		for (i = 0; i < m; i++) {
			k = cpl[i].user_tag;
			if (check(a, cpl[i].status, "batch") < 0)
				return -1;
			if (!write[k] && memcmp(a->l + k * SOAK_BLK,
					a->model[nid[k]] + blk[k] * SOAK_BLK, SOAK_BLK) != 0)
				mismatch(a, "app %u: batch read of block %" PRIu64 " on node %u "
					"differs from the model", a->cfg->app, blk[k], nid[k]);
		}
		got += m;
	}
	return 0;
}

/* Half the counter operations go to four hot counters that everyone hits. */
static unsigned int
pick_counter(struct app *a)
{
	return rnd(a, 2) ? rnd(a, 4) : rnd(a, SOAK_NCTR);
}

static int
op_faa(struct app *a, uint16_t n)
{
	unsigned int c = pick_counter(a);
	uint64_t add = 1 + rnd(a, 1000), old;

	if (check(a, rte_rmc_faa_sync(a->qp, &a->lb, 0, n, 0, FAA_OFF + c * 8, add, &old, 0),
			"fetch-and-add") < 0)
		return -1;
	/* Counters only grow: never below what this application saw and added. */
	if (old < a->faa_seen[n][c])
		mismatch(a, "app %u: counter %u of node %u went back from %" PRIu64 " to %"
			PRIu64, a->cfg->app, c, n, a->faa_seen[n][c], old);
	a->faa_seen[n][c] = old + add;
	a->r->faa_sum[n][c] += add;
	return 0;
}

static int
op_cas(struct app *a, uint16_t n)
{
	unsigned int c = pick_counter(a), tries;
	uint64_t *guess = &a->cas_guess[n][c], old;

	for (tries = 0; tries < 64; tries++) {
		if (check(a, rte_rmc_cas_sync(a->qp, &a->lb, 0, n, 0, CAS_OFF + c * 8, *guess,
				*guess + 1, &old, 0), "compare-and-swap") < 0)
			return -1;
		if (old == *guess) {
			a->r->cas_done[n][c]++;
			*guess = old + 1;
			return 0;
		}
		*guess = old;
	}
	return 0;
}

static uint32_t
shared_crc(const uint8_t *blk)
{
	const struct shared_hdr *h = (const void *)blk;
	uint32_t crc = rte_hash_crc(&h->version, sizeof(h->version), 0);

	crc = rte_hash_crc(&h->writer, sizeof(h->writer), crc);
	return rte_hash_crc(blk + sizeof(*h), SOAK_BLK - sizeof(*h), crc);
}

/* Take a shared block's lock, check it, rewrite it, release the lock. */
static int
op_locked(struct app *a, uint16_t n)
{
	unsigned int b = rnd(a, SOAK_NLOCK), tries = 0;
	uint64_t me = a->cfg->app + 1, old, blk_off = SHARED_OFF + b * SOAK_BLK;
	struct shared_hdr *h = (void *)a->l;

	for (;;) {
		if (check(a, rte_rmc_cas_sync(a->qp, &a->lb, 0, n, 0, LOCK_OFF + b * 8, 0, me,
				&old, 0), "lock") < 0)
			return -1;
		if (old == 0)
			break;
		if (++tries > 1000000) {
			mismatch(a, "app %u: lock %u of node %u held by app %" PRIu64 " forever",
				a->cfg->app, b, n, old - 1);
			return -1;
		}
		sched_yield();
	}
	if (check(a, rte_rmc_read_sync(a->qp, &a->lb, 0, n, 0, blk_off, SOAK_BLK, 0),
			"locked read") < 0)
		return -1;
	if (shared_crc(a->l) != h->crc)
		mismatch(a, "app %u: shared block %u of node %u is torn (version %" PRIu64
			", writer %u)", a->cfg->app, b, n, h->version, h->writer);
	h->version++;
	h->writer = a->cfg->app;
	fill(a, a->l + sizeof(*h), SOAK_BLK - sizeof(*h));
	h->crc = shared_crc(a->l);
	if (check(a, rte_rmc_write_sync(a->qp, &a->lb, 0, n, 0, blk_off, SOAK_BLK, 0),
			"locked write") < 0)
		return -1;
	a->r->lock_writes[n][b]++;
	a->r->last_version[n][b] = h->version;
	a->r->last_crc[n][b] = h->crc;
	if (check(a, rte_rmc_cas_sync(a->qp, &a->lb, SOAK_BLK, n, 0, LOCK_OFF + b * 8, me, 0,
			&old, 0), "unlock") < 0)
		return -1;
	if (old != me)
		mismatch(a, "app %u: lock %u of node %u was held by %" PRIu64 " while this "
			"application held it", a->cfg->app, b, n, old);
	return 0;
}

static int
app_main(const struct soak *cfg)
{
	struct rte_rmc_attach_opts ao = { .timeout_ms = 20000, .verbose = 0 };
	struct soak_result *r = &cfg->res[cfg->app];
	struct rte_rmc_session *s;
	uint64_t end, b;
	struct app *a;
	unsigned int n;
	int ret = 0;

	a = calloc(1, sizeof(*a));
	if (a == NULL)
		return 1;
	a->cfg = cfg;
	a->r = r;
	a->rng = cfg->seed * 1000003 + cfg->app + 1;
	s = rte_rmc_attach(NULL, cfg->app % cfg->nodes, &ao);
	if (s == NULL)
		return 1;
	a->qp = rte_rmc_qp_create(s, 32);
	if (a->qp == NULL || rte_rmc_lbuf_register(s, 256 << 10, &a->lb) < 0)
		return 1;
	a->l = a->lb.addr;
	for (n = 0; n < cfg->nodes; n++) {
		a->model[n] = calloc(1, cfg->own_size); /* the parent zeroed the nodes */
		if (a->model[n] == NULL)
			return 1;
	}
	end = now_ns() + cfg->duration_ns;
	while (ret == 0 && now_ns() < end) {
		uint64_t op = rnd(a, 100);
		uint16_t nid = rnd(a, cfg->nodes);
		enum soak_op k;

		k = op < 30 ? OP_WRITE : op < 55 ? OP_READ : op < 65 ? OP_BATCH :
			op < 80 ? OP_FAA : op < 88 ? OP_CAS : OP_LOCKED;
		switch (k) {
		case OP_WRITE:
			ret = op_write(a, nid);
			break;
		case OP_READ:
			ret = op_read(a, nid);
			break;
		case OP_BATCH:
			ret = op_batch(a);
			break;
		case OP_FAA:
			ret = op_faa(a, nid);
			break;
		case OP_CAS:
			ret = op_cas(a, nid);
			break;
		default:
			ret = op_locked(a, nid);
			break;
		}
		r->ops[k]++;
	}
	for (n = 0; n < cfg->nodes; n++)
		for (b = 0; b < cfg->own_size / SOAK_BLK; b++)
			r->own_crc[n][b] = rte_hash_crc(a->model[n] + b * SOAK_BLK, SOAK_BLK, 0);
	r->done = ret == 0;
	rte_rmc_detach(s);
	return ret == 0 ? 0 : 1;
}

static int verify_fail;

static void
verr(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void
verr(const char *fmt, ...)
{
	va_list ap;

	if (verify_fail++ < 10) {
		va_start(ap, fmt);
		fprintf(stderr, "rmc_soak: mismatch: ");
		vfprintf(stderr, fmt, ap);
		fprintf(stderr, "\n");
		va_end(ap);
	}
}

/* The final state of every node, read directly from its memory. */
static void
verify(const struct soak *cfg, uint8_t *const *mem)
{
	unsigned int n, c, b, i;

	for (n = 0; n < cfg->nodes; n++) {
		for (c = 0; c < SOAK_NCTR; c++) {
			uint64_t faa = 0, cas = 0, v;

			for (i = 0; i < cfg->apps; i++) {
				faa += cfg->res[i].faa_sum[n][c];
				cas += cfg->res[i].cas_done[n][c];
			}
			memcpy(&v, mem[n] + FAA_OFF + c * 8, 8);
			if (v != faa)
				verr("node %u counter %u: %" PRIu64 ", the applications added %"
					PRIu64, n, c, v, faa);
			memcpy(&v, mem[n] + CAS_OFF + c * 8, 8);
			if (v != cas)
				verr("node %u CAS counter %u: %" PRIu64 ", %" PRIu64 " swaps "
					"succeeded", n, c, v, cas);
		}
		for (b = 0; b < SOAK_NLOCK; b++) {
			const uint8_t *blk = mem[n] + SHARED_OFF + b * SOAK_BLK;
			const struct shared_hdr *h = (const void *)blk;
			uint64_t writes = 0, lock;

			for (i = 0; i < cfg->apps; i++)
				writes += cfg->res[i].lock_writes[n][b];
			memcpy(&lock, mem[n] + LOCK_OFF + b * 8, 8);
			if (lock != 0)
				verr("node %u lock %u still held by %" PRIu64, n, b, lock);
			if (writes == 0)
				continue;
			if (h->version != writes || shared_crc(blk) != h->crc)
				verr("node %u shared block %u: version %" PRIu64 " after %" PRIu64
					" writes, CRC %s", n, b, h->version, writes,
					shared_crc(blk) == h->crc ? "valid" : "invalid");
			else if (h->writer >= cfg->apps ||
					cfg->res[h->writer].last_version[n][b] != writes ||
					cfg->res[h->writer].last_crc[n][b] != h->crc)
				verr("node %u shared block %u: not what its last writer "
					"wrote", n, b);
		}
		for (i = 0; i < cfg->apps; i++) {
			const uint8_t *own = mem[n] + OWN_OFF + i * cfg->own_size;

			for (b = 0; b < cfg->own_size / SOAK_BLK; b++)
				if (rte_hash_crc(own + b * SOAK_BLK, SOAK_BLK, 0) !=
						cfg->res[i].own_crc[n][b])
					verr("node %u, application %u, block %u: CRC differs "
						"from the model", n, i, b);
		}
	}
}

/* Every this long, a line saying how far the run is (a 600 s soak is not silent). */
#define SOAK_PROGRESS_NS (10 * 1000000000ull)

/* Operations the applications have done so far (their shared counters). */
static uint64_t
soak_ops_so_far(const struct soak *cfg)
{
	uint64_t total = 0;
	unsigned int i, k;

	for (i = 0; i < cfg->apps; i++)
		for (k = 0; k < OP_MAX; k++)
			total += __atomic_load_n(&cfg->res[i].ops[k], __ATOMIC_RELAXED);
	return total;
}

/*
 * Wait for the applications, printing the progress every SOAK_PROGRESS_NS;
 * returns how many failed.
 */
static unsigned int
soak_wait(struct soak *cfg, const pid_t *pids, uint64_t t0)
{
	struct timespec tick = { .tv_sec = 0, .tv_nsec = 100000000 };
	unsigned int i, left = cfg->apps, bad = 0;
	uint64_t next = t0 + SOAK_PROGRESS_NS, ops;
	int done[SOAK_MAX_APPS] = { 0 }, status;
	pid_t p;

	while (left > 0) {
		for (i = 0; i < cfg->apps; i++) {
			if (done[i])
				continue;
			p = waitpid(pids[i], &status, WNOHANG);
			if (p == 0)
				continue;
			done[i] = 1;
			left--;
			if (p < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
					!cfg->res[i].done)
				bad++;
		}
		if (left > 0 && now_ns() >= next) {
			ops = soak_ops_so_far(cfg);
			printf("rmc_soak: %.0f of %.0f s, %" PRIu64 " operations so far (%.0f ops/s)"
				"\n", (now_ns() - t0) / 1e9, cfg->duration_ns / 1e9, ops,
				ops / ((now_ns() - t0) / 1e9));
			fflush(stdout);
			next += SOAK_PROGRESS_NS;
		}
		if (left > 0)
			nanosleep(&tick, NULL);
	}
	return bad;
}

int
main(int argc, char **argv)
{
	struct rte_rmc_attach_opts ao = { .timeout_ms = 20000, .verbose = 0 };
	struct rte_rmc_session *sess[SOAK_MAX_NODES];
	uint8_t *mem[SOAK_MAX_NODES];
	uint64_t size = UINT64_MAX, sz, total = 0, mism = 0, t0, t1, v;
	struct soak cfg = { .apps = 3, .duration_ns = 5000000000ull, .seed = 1 };
	pid_t pids[SOAK_MAX_APPS];
	unsigned int n, i, k, bad = 0;
	int a;

	for (a = 1; a + 1 < argc; a += 2) {
		if (rte_rmc_parse_uint(argv[a + 1], UINT32_MAX, &v) < 0)
			break;
		if (strcmp(argv[a], "--apps") == 0 && v >= 1 && v <= SOAK_MAX_APPS)
			cfg.apps = v;
		else if (strcmp(argv[a], "--duration") == 0 && v >= 1)
			cfg.duration_ns = v * 1000000000ull;
		else if (strcmp(argv[a], "--seed") == 0)
			cfg.seed = v;
		else
			break;
	}
	if (a != argc) {
		fprintf(stderr, "usage: %s [--apps 1..%u] [--duration SECONDS] [--seed S]\n",
			argv[0], SOAK_MAX_APPS);
		return 2;
	}
	sess[0] = rte_rmc_attach(NULL, 0, &ao);
	if (sess[0] == NULL)
		return 1;
	cfg.nodes = rte_rmc_node_count(sess[0]);
	if (cfg.nodes > SOAK_MAX_NODES) {
		fprintf(stderr, "rmc_soak: at most %u nodes\n", SOAK_MAX_NODES);
		return 1;
	}
	for (n = 0; n < cfg.nodes; n++) {
		if (n > 0 && (sess[n] = rte_rmc_attach(NULL, n, &ao)) == NULL)
			return 1;
		mem[n] = rte_rmc_ctx_map(sess[n], 0, &sz);
		if (mem[n] == NULL)
			return 1;
		size = RTE_MIN(size, sz);
	}
	cfg.own_size = size > OWN_OFF ? (size - OWN_OFF) / cfg.apps / SOAK_BLK * SOAK_BLK : 0;
	if (cfg.own_size < 2 * SOAK_BLK || cfg.own_size / SOAK_BLK > SOAK_MAX_BLK) {
		fprintf(stderr, "rmc_soak: context 0 of %" PRIu64 " bytes does not suit %u "
			"applications (1 MiB suits up to 16)\n", size, cfg.apps);
		return 1;
	}
	cfg.res = mmap(NULL, sizeof(*cfg.res) * cfg.apps, PROT_READ | PROT_WRITE,
		MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (cfg.res == MAP_FAILED)
		return 1;
	/* Nothing runs yet: set every node's context up directly. */
	for (n = 0; n < cfg.nodes; n++) {
		memset(mem[n], 0, size);
		for (k = 0; k < SOAK_NLOCK; k++) {
			uint8_t *blk = mem[n] + SHARED_OFF + k * SOAK_BLK;

			((struct shared_hdr *)blk)->crc = shared_crc(blk);
		}
	}
	printf("rmc_soak: %u applications on %u nodes, %" PRIu64 " s, own range %" PRIu64
		" KiB per application and node, seed %" PRIu64 "\n", cfg.apps, cfg.nodes,
		(uint64_t)(cfg.duration_ns / 1000000000u), cfg.own_size >> 10, cfg.seed);
	fflush(stdout);
	t0 = now_ns();
	for (i = 0; i < cfg.apps; i++) {
		pids[i] = fork();
		if (pids[i] < 0)
			return 1;
		if (pids[i] == 0) {
			cfg.app = i;
			_exit(app_main(&cfg));
		}
	}
	bad = soak_wait(&cfg, pids, t0);
	t1 = now_ns();
	verify(&cfg, mem);
	for (i = 0; i < cfg.apps; i++) {
		mism += cfg.res[i].mismatches;
		if (cfg.res[i].mismatches != 0)
			fprintf(stderr, "rmc_soak: %s\n", cfg.res[i].first);
	}
	printf("rmc_soak: operations:");
	for (k = 0; k < OP_MAX; k++) {
		uint64_t c = 0;

		for (i = 0; i < cfg.apps; i++)
			c += cfg.res[i].ops[k];
		total += c;
		printf(" %" PRIu64 " %s%s", c, op_name[k], k + 1 < OP_MAX ? "," : "\n");
	}
	printf("rmc_soak: %" PRIu64 " operations in %.1f s (%.0f ops/s), %" PRIu64
		" mismatches (%d in the final state), %u application(s) failed\n", total,
		(t1 - t0) / 1e9, total / ((t1 - t0) / 1e9), mism, verify_fail, bad);
	for (n = 0; n < cfg.nodes; n++)
		rte_rmc_detach(sess[n]);
	return mism == 0 && verify_fail == 0 && bad == 0 ? 0 : 1;
}
