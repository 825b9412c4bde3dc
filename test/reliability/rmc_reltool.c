/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * rmc_reltool: the application side of the multi-process reliability tests.
 * Each subcommand is one behaviour, run against a cluster of real rmcd
 * processes ($RMC_CLUSTER, node $RMC_NODE):
 *
 *   usage [--expect-apps N] [--expect-qps N] [--expect-lbufs N]
 *         [--expect-itt N] [--timeout S]
 *       print what the node holds (this tool's own session not counted);
 *       with expectations, wait (bounded) until the counts are those.
 *   inflight --target N [--duration S]
 *       keep multi-chunk writes (each block one 64-bit value repeated) and
 *       fetch-and-adds (of 2^32 + 1) in flight; print "ready"; until killed.
 *   check-blocks --target N
 *       every block written by inflight is whole (one value), the counter
 *       is not torn (both halves equal).
 *   steady --target N --off B --size B --duration S [--seed S]
 *       an ordinary application: random reads, writes and fetch-and-adds on
 *       its own range, checked against a model; prints ops/s; exit 1 on any
 *       error or mismatch. SIGUSR1 ends it early.
 *   lbuf-isolation --target N
 *       two processes on one node: the second may use only its own local
 *       buffer; every other id is refused and the first's buffer unchanged.
 *   other-user [--user NAME] [--loosen 1]
 *       as root: a child that dropped to NAME (default nobody) cannot
 *       attach; --loosen 1 opens the file permissions first, so that the
 *       node's own uid check is what refuses.
 *   peer-death --dead N --alive M --pid P
 *       kill rmcd P (node N) with SIGKILL while reading from N and M;
 *       report how soon N's requests fail with node-down; M's must all work.
 *   wait-peer --target N [--timeout S]
 *       until a read of node N works again (a restarted peer).
 *   outstanding --target N --expect aborted|node_down [--timeout S]
 *       keep many requests in flight; print "ready"; once the node stops,
 *       every one must complete (OK or the expected status), none be lost.
 *   limits --qps N --lbuf-size B --lbufs M
 *       exactly N QPs and M local buffers can be had, then clear errors.
 *   hostile --target N --duration S
 *       flood a 4096-deep WQ with junk and valid entries, never draining the
 *       CQ (its counter lies), rewriting entries the RMC is reading.
 */

#include <dirent.h>
#include <errno.h>
#include <grp.h>
#include <inttypes.h>
#include <pwd.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <rte_common.h>
#include <rte_errno.h>

#include <rte_rmc.h>
#include <rte_rmc_node.h>

#include "rmc_app.h"
#include "rmc_wqe_model.h"

/* Layout of context 0 of the target node used by inflight / check-blocks. */
#define BLK_OFF (512u << 10)
#define BLK_SIZE (128u << 10)
#define BLK_COUNT 2
#define BLK_COUNTER (BLK_OFF - 64)
#define BLK_SLOTS 8
#define FAA_ADD ((UINT64_C(1) << 32) | 1)

struct opts {
	const char *cmd;
	int64_t target, dead, alive, pid, off, size, duration, seed, timeout, qps, lbufs;
	int64_t lbuf_size, loosen;
	int64_t expect_apps, expect_qps, expect_lbufs, expect_itt;
	const char *user;
	const char *expect;
};

static uint64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static void
sleep_ms(unsigned int ms)
{
	const struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static void __rte_noreturn
usage_exit(const char *why)
{
	fprintf(stderr, "rmc_reltool: %s\nsee the comment at the top of rmc_reltool.c\n", why);
	exit(2);
}

static void
parse(int argc, char **argv, struct opts *o)
{
	struct {
		const char *name;
		int64_t *v;
	} num[] = {
		{ "--target", &o->target }, { "--dead", &o->dead }, { "--alive", &o->alive },
		{ "--pid", &o->pid }, { "--off", &o->off }, { "--size", &o->size },
		{ "--duration", &o->duration }, { "--seed", &o->seed },
		{ "--timeout", &o->timeout }, { "--qps", &o->qps }, { "--lbufs", &o->lbufs },
		{ "--lbuf-size", &o->lbuf_size }, { "--loosen", &o->loosen },
		{ "--expect-apps", &o->expect_apps }, { "--expect-qps", &o->expect_qps },
		{ "--expect-lbufs", &o->expect_lbufs }, { "--expect-itt", &o->expect_itt },
	};
	unsigned int k;
	uint64_t v;
	int i;

	memset(o, 0xff, sizeof(*o)); /* every number -1: not given */
	o->user = "nobody";
	o->expect = "aborted";
	o->seed = 1;
	o->timeout = 20;
	o->duration = 0;
	o->loosen = 0;
	if (argc < 2)
		usage_exit("missing subcommand");
	o->cmd = argv[1];
	for (i = 2; i < argc; i += 2) {
		if (i + 1 >= argc)
			usage_exit("an option lacks its value");
		if (strcmp(argv[i], "--user") == 0) {
			o->user = argv[i + 1];
			continue;
		}
		if (strcmp(argv[i], "--expect") == 0) {
			o->expect = argv[i + 1];
			continue;
		}
		for (k = 0; k < RTE_DIM(num); k++)
			if (strcmp(argv[i], num[k].name) == 0)
				break;
		if (k == RTE_DIM(num) || rte_rmc_parse_size(argv[i + 1], &v) < 0)
			usage_exit("unknown option or bad number");
		*num[k].v = (int64_t)v;
	}
}

static struct rte_rmc_session *
attach(void)
{
	struct rte_rmc_attach_opts ao = { .timeout_ms = 0, .verbose = 0 };
	struct rte_rmc_session *s = rte_rmc_attach(NULL, -1, &ao);

	if (s == NULL) {
		fprintf(stderr, "rmc_reltool: cannot attach: %s\n", rte_strerror(rte_errno));
		exit(1);
	}
	return s;
}

static struct rte_rmc_qp *
qp_or_die(struct rte_rmc_session *s, uint32_t depth)
{
	struct rte_rmc_qp *qp = rte_rmc_qp_create(s, depth);

	if (qp == NULL) {
		fprintf(stderr, "rmc_reltool: cannot create a QP: %s\n", rte_strerror(rte_errno));
		exit(1);
	}
	return qp;
}

static void
lbuf_or_die(struct rte_rmc_session *s, uint64_t size, struct rte_rmc_lbuf *lb)
{
	int ret = rte_rmc_lbuf_register(s, size, lb);

	if (ret < 0) {
		fprintf(stderr, "rmc_reltool: cannot register %" PRIu64 " bytes: %s\n", size,
			strerror(-ret));
		exit(1);
	}
}

static void
need(int64_t v, const char *what)
{
	if (v < 0)
		usage_exit(what);
}

static int
cmd_usage(const struct opts *o)
{
	struct rte_rmc_session *s = attach();
	uint64_t deadline = now_ns() + (uint64_t)o->timeout * 1000000000ull;
	struct rte_rmc_usage u;
	int ok;

	for (;;) {
		if (rte_rmc_usage_get(s, &u) < 0)
			return 1;
		u.apps--; /* this tool */
		ok = (o->expect_apps < 0 || u.apps == o->expect_apps) &&
			(o->expect_qps < 0 || u.qps == o->expect_qps) &&
			(o->expect_lbufs < 0 || u.lbufs == o->expect_lbufs) &&
			(o->expect_itt < 0 || u.itt_in_use == o->expect_itt);
		if (ok || now_ns() > deadline)
			break;
		sleep_ms(5);
	}
	printf("apps=%u peers=%u qps=%u lbufs=%u lbuf_bytes=%" PRIu64 " itt_in_use=%u "
		"peers_up=%#" PRIx64 " peers_lost=%#" PRIx64 "\n", u.apps, u.peers, u.qps, u.lbufs,
		u.lbuf_bytes, u.itt_in_use, u.peers_up, u.peers_lost);
	rte_rmc_detach(s);
	if (!ok)
		fprintf(stderr, "rmc_reltool: node usage is not what was expected after %" PRId64
			" s\n", o->timeout);
	return ok ? 0 : 1;
}

static int
fail_status(const char *what, int st)
{
	fprintf(stderr, "rmc_reltool: %s: %s\n", what, rte_rmc_strerror(st));
	return 1;
}

static int
cmd_inflight(const struct opts *o)
{
	struct rte_rmc_session *s = attach();
	struct rte_rmc_qp *wq = qp_or_die(s, 64), *aq = qp_or_die(s, 64);
	struct rte_rmc_completion cpl[64];
	struct rte_rmc_lbuf lb;
	uint64_t seq = (uint64_t)getpid() << 32, done = 0, end;
	int busy[BLK_SLOTS] = { 0 };
	unsigned int i, k, faa_out = 0;
	uint16_t n;

	need(o->target, "--target");
	lbuf_or_die(s, BLK_SLOTS * BLK_SIZE + 4096, &lb);
	end = o->duration > 0 ? now_ns() + o->duration * 1000000000ull : UINT64_MAX;
	while (now_ns() < end) {
		/* A block write from every free source slot: one value per block. */
		for (i = 0; i < BLK_SLOTS; i++) {
			uint64_t *src = (uint64_t *)((uint8_t *)lb.addr + i * BLK_SIZE);

			if (busy[i])
				continue;
			seq++;
			for (k = 0; k < BLK_SIZE / 8; k++)
				src[k] = seq;
			if (rte_rmc_write(wq, &lb, i * BLK_SIZE, o->target, 0,
					BLK_OFF + (seq % BLK_COUNT) * BLK_SIZE, BLK_SIZE, i, 0) < 0)
				break;
			busy[i] = 1;
		}
		while (faa_out < 32 && rte_rmc_faa(aq, &lb, BLK_SLOTS * BLK_SIZE, o->target, 0,
				BLK_COUNTER, FAA_ADD, 0, 0) >= 0)
			faa_out++;
		n = rte_rmc_poll(wq, cpl, RTE_DIM(cpl));
		for (i = 0; i < n; i++) {
			if (cpl[i].status != RTE_RMC_STATUS_OK)
				return fail_status("block write", cpl[i].status);
			busy[cpl[i].user_tag] = 0;
			if (++done == BLK_SLOTS) {
				printf("ready\n");
				fflush(stdout);
			}
		}
		n = rte_rmc_poll(aq, cpl, RTE_DIM(cpl));
		for (i = 0; i < n; i++)
			if (cpl[i].status != RTE_RMC_STATUS_OK)
				return fail_status("fetch-and-add", cpl[i].status);
		faa_out -= n;
	}
	rte_rmc_detach(s);
	return 0;
}

static int
cmd_check_blocks(const struct opts *o)
{
	struct rte_rmc_session *s = attach();
	struct rte_rmc_qp *qp = qp_or_die(s, 8);
	struct rte_rmc_lbuf lb;
	const uint64_t *w;
	uint64_t ctr;
	unsigned int b, k;
	int st;

	need(o->target, "--target");
	lbuf_or_die(s, BLK_SIZE, &lb);
	w = lb.addr;
	for (b = 0; b < BLK_COUNT; b++) {
		st = rte_rmc_read_sync(qp, &lb, 0, o->target, 0, BLK_OFF + b * BLK_SIZE, BLK_SIZE,
			0);
		if (st != 0)
			return fail_status("read", st);
		for (k = 1; k < BLK_SIZE / 8; k++) {
			if (w[k] != w[0]) {
				fprintf(stderr, "rmc_reltool: block %u is half written: word 0 "
					"is %#" PRIx64 ", word %u is %#" PRIx64 "\n", b, w[0], k,
					w[k]);
				return 1;
			}
		}
		printf("block %u: whole, value %#" PRIx64 "\n", b, w[0]);
	}
	st = rte_rmc_read_sync(qp, &lb, 0, o->target, 0, BLK_COUNTER, 8, 0);
	if (st != 0)
		return fail_status("read", st);
	ctr = w[0];
	if ((ctr >> 32) != (ctr & UINT32_MAX)) {
		fprintf(stderr, "rmc_reltool: counter %#" PRIx64 " is torn\n", ctr);
		return 1;
	}
	printf("counter: %" PRIu64 " fetch-and-adds applied, none torn\n", ctr & UINT32_MAX);
	rte_rmc_detach(s);
	return 0;
}

static volatile sig_atomic_t steady_stop;

static void
steady_on_signal(int sig)
{
	RTE_SET_USED(sig);
	steady_stop = 1;
}

static int
cmd_steady(const struct opts *o)
{
	struct rte_rmc_session *s = attach();
	struct rte_rmc_qp *qp = qp_or_die(s, 16);
	uint64_t rng = o->seed * 7919 + 1, ops = 0, t0, end, old, w;
	struct rte_rmc_lbuf lb;
	uint8_t *model, *l;
	double secs;
	int st;

	need(o->target, "--target");
	need(o->off, "--off");
	need(o->size, "--size");
	if (o->size < 4096 || o->off % 8 != 0)
		usage_exit("--size at least 4096, --off 8-byte aligned");
	lbuf_or_die(s, 8192, &lb);
	l = lb.addr;
	model = malloc(o->size);
	if (model == NULL)
		return 1;
	/*
	 * SIGUSR1 ends the run early, with the report. Installed before the
	 * first request: the script may ask for the report as soon as this
	 * application is attached (a short run), and SIGUSR1's default action
	 * killed it silently in the middle of its first writes.
	 */
	signal(SIGUSR1, steady_on_signal);
	/* The model starts as a known pattern written to the range. */
	for (old = 0; old < (uint64_t)o->size; old += 4096) {
		uint64_t len = RTE_MIN((uint64_t)4096, o->size - old);

		for (w = 0; w < len; w++)
			l[w] = model[old + w] = (uint8_t)rmc_model_rand(&rng);
		st = rte_rmc_write_sync(qp, &lb, 0, o->target, 0, o->off + old, len, 0);
		if (st != 0)
			return fail_status("initial write", st);
	}
	t0 = now_ns();
	end = t0 + (uint64_t)o->duration * 1000000000ull;
	do {
		uint64_t r = rmc_model_rand(&rng);
		uint64_t len = 1 + (r >> 8) % 4096;
		uint64_t off = (r >> 24) % (o->size - len + 1);

		switch (r % 3) {
		case 0:
			for (w = 0; w < len; w++)
				l[w] = (uint8_t)rmc_model_rand(&rng);
			st = rte_rmc_write_sync(qp, &lb, 0, o->target, 0, o->off + off, len, 0);
			if (st != 0)
				return fail_status("write", st);
			memcpy(model + off, l, len);
			break;
		case 1:
			st = rte_rmc_read_sync(qp, &lb, 0, o->target, 0, o->off + off, len, 0);
			if (st != 0)
				return fail_status("read", st);
			if (memcmp(l, model + off, len) != 0) {
				fprintf(stderr, "rmc_reltool: steady: read of %" PRIu64
					" bytes at %" PRIu64 " differs from the model after %"
					PRIu64 " ops\n", len, off, ops);
				return 1;
			}
			break;
		default:
			off &= ~UINT64_C(7);
			if (off + 8 > (uint64_t)o->size)
				off -= 8;
			st = rte_rmc_faa_sync(qp, &lb, 0, o->target, 0, o->off + off, r, &old, 0);
			if (st != 0)
				return fail_status("fetch-and-add", st);
			memcpy(&w, model + off, 8);
			if (old != w) {
				fprintf(stderr, "rmc_reltool: steady: fetch-and-add saw %#" PRIx64
					", model %#" PRIx64 "\n", old, w);
				return 1;
			}
			w += r;
			memcpy(model + off, &w, 8);
			break;
		}
		ops++;
	} while (now_ns() < end && !steady_stop);
	secs = (now_ns() - t0) / 1e9;
	printf("steady: %" PRIu64 " operations in %.2f s (%.0f ops/s), 0 mismatches\n", ops, secs,
		ops / secs);
	free(model);
	rte_rmc_detach(s);
	return 0;
}

/* The second process: only its own buffer works, every other id is refused. */
static int
isolation_child(const struct opts *o, int rfd)
{
	struct rte_rmc_session *s;
	struct rte_rmc_lbuf lb;
	struct rte_rmc_qp *qp;
	struct rte_rmc_wqe w;
	unsigned int id, refused = 0;
	uint16_t parent_id;
	int st;

	if (read(rfd, &parent_id, sizeof(parent_id)) != sizeof(parent_id))
		return 1;
	s = attach();
	qp = qp_or_die(s, 8);
	lbuf_or_die(s, 4096, &lb);
	memset(lb.addr, 0x33, 4096);
	for (id = 0; id < RTE_RMC_MAX_LBUFS + 2; id++) {
		int want = id == lb.id ? RTE_RMC_STATUS_OK : RTE_RMC_STATUS_BAD_LBUF;
		int op;

		for (op = RTE_RMC_OP_READ; op <= RTE_RMC_OP_FAA; op++) {
			memset(&w, 0, sizeof(w));
			w.opcode = op;
			w.dst_nid = o->target;
			w.lbuf_id = id;
			w.ctx_offset = 4096;
			w.length = op >= RTE_RMC_OP_CAS ? 8 : 64;
			st = rte_rmc_exec_sync(qp, &w, 0, NULL);
			if (st != want) {
				fprintf(stderr, "rmc_reltool: lbuf id %u (%s, parent's is %u), "
					"opcode %d: %s\n", id, id == lb.id ? "own" : "not own",
					parent_id, op, rte_rmc_strerror(st));
				return 1;
			}
			refused += st == RTE_RMC_STATUS_BAD_LBUF;
		}
	}
	printf("second process: own buffer %u works, %u requests naming other buffers "
		"(the first process's %u included) refused\n", lb.id, refused, parent_id);
	rte_rmc_detach(s);
	return 0;
}

static int
cmd_lbuf_isolation(const struct opts *o)
{
	struct rte_rmc_session *s;
	struct rte_rmc_lbuf lb;
	struct rte_rmc_qp *qp;
	int pfd[2], status, st;
	unsigned int i;
	pid_t pid;

	need(o->target, "--target");
	if (pipe(pfd) < 0)
		return 1;
	pid = fork();
	if (pid < 0)
		return 1;
	if (pid == 0) {
		close(pfd[1]);
		_exit(isolation_child(o, pfd[0]));
	}
	close(pfd[0]);
	s = attach();
	qp = qp_or_die(s, 8);
	lbuf_or_die(s, 8192, &lb);
	memset(lb.addr, 0x5a, 8192);
	/* The range the child tries to write with our buffer: known contents. */
	memset(lb.addr, 0x11, 64);
	st = rte_rmc_write_sync(qp, &lb, 0, o->target, 0, 4096, 64, 0);
	if (st != 0)
		return fail_status("write", st);
	memset(lb.addr, 0x5a, 64);
	if (write(pfd[1], &lb.id, sizeof(lb.id)) != sizeof(lb.id))
		return 1;
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "rmc_reltool: the second process failed\n");
		return 1;
	}
	for (i = 0; i < 8192; i++) {
		if (((uint8_t *)lb.addr)[i] != 0x5a) {
			fprintf(stderr, "rmc_reltool: byte %u of the first process's buffer "
				"changed\n", i);
			return 1;
		}
	}
	st = rte_rmc_read_sync(qp, &lb, 0, o->target, 0, 4096, 64, 0);
	if (st != 0)
		return fail_status("read", st);
	for (i = 0; i < 64; i++) {
		if (((uint8_t *)lb.addr)[i] != 0x11) {
			fprintf(stderr, "rmc_reltool: the second process wrote with the first "
				"process's buffer\n");
			return 1;
		}
	}
	printf("first process: its buffer and the remote range are unchanged\n");
	rte_rmc_detach(s);
	return 0;
}

/* Open (or close again) the runtime files so that only the uid check is left. */
static int
loosen(int open_up)
{
	const char *base = getenv("RMC_RUNTIME_DIR");
	const char *cluster = getenv("RMC_CLUSTER");
	const char *node = getenv("RMC_NODE");
	char dir[512], sock[600];

	if (base == NULL || cluster == NULL || node == NULL) {
		fprintf(stderr, "rmc_reltool: --loosen needs RMC_RUNTIME_DIR, RMC_CLUSTER and "
			"RMC_NODE\n");
		return -1;
	}
	snprintf(dir, sizeof(dir), "%s/%s", base, cluster);
	snprintf(sock, sizeof(sock), "%s/node%s.sock", dir, node);
	if (chmod(base, open_up ? 0711 : 0700) < 0 || chmod(dir, open_up ? 0711 : 0700) < 0 ||
			chmod(sock, open_up ? 0666 : 0600) < 0) {
		perror("rmc_reltool: chmod");
		return -1;
	}
	return 0;
}

static int
cmd_other_user(const struct opts *o)
{
	struct rte_rmc_attach_opts ao = { .timeout_ms = 2000, .verbose = 0 };
	struct passwd *pw;
	int status;
	pid_t pid;

	if (geteuid() != 0) {
		printf("other-user: SKIP (needs root to drop to another user)\n");
		return 77;
	}
	pw = getpwnam(o->user);
	if (pw == NULL) {
		printf("other-user: SKIP (no user '%s')\n", o->user);
		return 77;
	}
	if (o->loosen && loosen(1) < 0)
		return 1;
	pid = fork();
	if (pid < 0)
		return 1;
	if (pid == 0) {
		struct rte_rmc_session *s;

		if (setgroups(0, NULL) < 0 || setgid(pw->pw_gid) < 0 || setuid(pw->pw_uid) < 0 ||
				getuid() != pw->pw_uid) {
			perror("rmc_reltool: cannot drop privileges");
			_exit(2);
		}
		s = rte_rmc_attach(NULL, -1, &ao);
		if (s != NULL) {
			fprintf(stderr, "rmc_reltool: uid %u attached to a node of uid 0\n",
				(unsigned int)getuid());
			_exit(1);
		}
		printf("other-user: uid %u (%s) could not attach: %s\n", (unsigned int)getuid(),
			o->user, rte_strerror(rte_errno));
		fflush(stdout);
		_exit(rte_errno == EACCES ? 0 : 3);
	}
	if (waitpid(pid, &status, 0) < 0)
		return 1;
	if (o->loosen && loosen(0) < 0)
		return 1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

/*
 * 1 once every thread of process 'pid' has ended, so its files (the sockets
 * its peers watch) are closed: threads other than the leader leave
 * /proc/PID/task once past that point; the leader stays there as a zombie.
 */
static int
process_ended(int64_t pid)
{
	char path[64], buf[256], *p;
	struct dirent *de;
	int threads = 0;
	FILE *f;
	DIR *d;
	size_t n;

	snprintf(path, sizeof(path), "/proc/%" PRId64 "/task", pid);
	d = opendir(path);
	if (d == NULL)
		return 1;
	while ((de = readdir(d)) != NULL)
		threads += de->d_name[0] != '.';
	closedir(d);
	if (threads > 1)
		return 0;
	snprintf(path, sizeof(path), "/proc/%" PRId64 "/stat", pid);
	f = fopen(path, "r");
	if (f == NULL)
		return 1;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	p = strrchr(buf, ')');
	return p != NULL && p[1] == ' ' && (p[2] == 'Z' || p[2] == 'X');
}

static int
cmd_peer_death(const struct opts *o)
{
	struct rte_rmc_session *s = attach();
	struct rte_rmc_qp *qp = qp_or_die(s, 8);
	uint64_t t_kill, t_down = 0, t_last_ok = 0, ok_after = 0, alive_ops = 0, after_down = 0;
	uint64_t t_dead = 0, ok_after_dead = 0;
	struct rte_rmc_lbuf lb;
	unsigned int i;
	int st;

	need(o->dead, "--dead");
	need(o->alive, "--alive");
	need(o->pid, "--pid");
	lbuf_or_die(s, 4096, &lb);
	for (i = 0; i < 1000; i++) {
		st = rte_rmc_read_sync(qp, &lb, 0, i & 1 ? o->alive : o->dead, 0, i * 64 % 65536,
			64, 0);
		if (st != 0)
			return fail_status("read before the kill", st);
	}
	t_kill = now_ns();
	if (kill(o->pid, SIGKILL) < 0) {
		perror("rmc_reltool: kill");
		return 1;
	}
	/* Until 200 node-down completions, and the process seen ended (bounded). */
	while (after_down < 200 || (t_dead == 0 && now_ns() - t_kill <
			(uint64_t)o->timeout * 1000000000ull)) {
		uint64_t t;

		st = rte_rmc_read_sync(qp, &lb, 0, o->dead, 0, 0, 64, 0);
		t = now_ns();
		if (t_dead == 0 && process_ended(o->pid))
			t_dead = t;
		if (st == RTE_RMC_STATUS_OK) {
			ok_after_dead += t_dead != 0;
			if (t_down != 0) {
				fprintf(stderr, "rmc_reltool: a read of node %" PRId64 " worked "
					"after node-down was reported\n", o->dead);
				return 1;
			}
			ok_after++;
			t_last_ok = t;
		} else if (st == RTE_RMC_STATUS_NODE_DOWN) {
			if (t_down == 0)
				t_down = t;
			after_down++;
		} else {
			return fail_status("read of the killed node", st);
		}
		if (t_down == 0 && t - t_kill > (uint64_t)o->timeout * 1000000000ull) {
			fprintf(stderr, "rmc_reltool: no node-down %" PRId64 " s after the kill\n",
				o->timeout);
			return 1;
		}
		st = rte_rmc_read_sync(qp, &lb, 0, o->alive, 0, 0, 64, 0);
		if (st != 0)
			return fail_status("read of the node that stays up", st);
		alive_ops++;
	}
	if (t_dead == 0) {
		fprintf(stderr, "rmc_reltool: process %" PRId64 " still has threads %" PRId64
			" s after the SIGKILL\n", o->pid, o->timeout);
		return 1;
	}
	/*
	 * Until the process has ended, the node is dying, not dead: its RMC
	 * may well still run. What counts is what works after it ended.
	 */
	printf("peer-death: node-down %.3f ms after the SIGKILL; node %" PRId64 " ended %.3f ms "
		"after it; reads of it that worked after the SIGKILL: %" PRIu64 " (the last "
		"%.3f ms after it), after it had ended: %" PRIu64 "; node %" PRId64 ": %" PRIu64
		" reads meanwhile, all ok\n", (t_down - t_kill) / 1e6, o->dead,
		(t_dead - t_kill) / 1e6, ok_after, ok_after ? (t_last_ok - t_kill) / 1e6 : 0.0,
		ok_after_dead, o->alive, alive_ops);
	rte_rmc_detach(s);
	return 0;
}

static int
cmd_wait_peer(const struct opts *o)
{
	struct rte_rmc_session *s = attach();
	/*
	 * No retry at a limit: a departed application's QPs are reclaimed
	 * before the node refuses one (limit_reap_dead_autotest).
	 */
	struct rte_rmc_qp *qp = qp_or_die(s, 8);
	uint64_t t0 = now_ns(), deadline = t0 + (uint64_t)o->timeout * 1000000000ull;
	struct rte_rmc_lbuf lb;
	int st;

	need(o->target, "--target");
	lbuf_or_die(s, 4096, &lb);
	for (;;) {
		st = rte_rmc_read_sync(qp, &lb, 0, o->target, 0, 0, 64, 0);
		if (st == RTE_RMC_STATUS_OK)
			break;
		if (st != RTE_RMC_STATUS_NODE_DOWN)
			return fail_status("read", st);
		if (now_ns() > deadline) {
			fprintf(stderr, "rmc_reltool: node %" PRId64 " not back after %" PRId64
				" s\n", o->target, o->timeout);
			return 1;
		}
		sleep_ms(5);
	}
	printf("wait-peer: node %" PRId64 " serves again (%.1f ms after this tool started)\n",
		o->target, (now_ns() - t0) / 1e6);
	rte_rmc_detach(s);
	return 0;
}

static int
cmd_outstanding(const struct opts *o)
{
	uint64_t posted = 0, count[RTE_RMC_STATUS_MAX] = { 0 }, deadline = UINT64_MAX;
	struct rte_rmc_session *s = attach();
	struct rte_rmc_qp *qp = qp_or_die(s, 256);
	struct rte_rmc_completion cpl[64];
	struct rte_rmc_lbuf lb;
	int expect, stopped = 0, said = 0;
	unsigned int i;
	uint16_t n;

	need(o->target, "--target");
	expect = strcmp(o->expect, "node_down") == 0 ? RTE_RMC_STATUS_NODE_DOWN :
		RTE_RMC_STATUS_ABORTED;
	lbuf_or_die(s, 1 << 20, &lb);
	for (;;) {
		/* Large and small reads; keep the QP full until the node stops. */
		while (!stopped && rte_rmc_read(qp, &lb, 0, o->target, 0, 0,
				posted % 4 == 0 ? 256 << 10 : 64, posted, 0) >= 0)
			posted++;
		n = rte_rmc_poll(qp, cpl, RTE_DIM(cpl));
		for (i = 0; i < n; i++) {
			uint16_t st = cpl[i].status;

			if (st != RTE_RMC_STATUS_OK && st != expect) {
				fprintf(stderr, "rmc_reltool: request %" PRIu64 ": %s\n",
					cpl[i].user_tag, rte_rmc_strerror(st));
				return 1;
			}
			count[st]++;
			if (st == expect && !stopped) {
				stopped = 1;
				deadline = now_ns() + (uint64_t)o->timeout * 1000000000ull;
			}
		}
		if (!said && count[RTE_RMC_STATUS_OK] >= 256) {
			printf("ready\n");
			fflush(stdout);
			said = 1;
		}
		if (stopped && rte_rmc_qp_outstanding(qp) == 0)
			break;
		if (now_ns() > deadline) {
			fprintf(stderr, "rmc_reltool: %u requests never completed\n",
				rte_rmc_qp_outstanding(qp));
			return 1;
		}
	}
	printf("outstanding: %" PRIu64 " requests posted: %" PRIu64 " ok, %" PRIu64 " %s, none "
		"lost\n", posted, count[RTE_RMC_STATUS_OK], count[expect],
		rte_rmc_status_name(expect));
	rte_rmc_detach(s);
	return posted == count[RTE_RMC_STATUS_OK] + count[expect] ? 0 : 1;
}

static int
cmd_limits(const struct opts *o)
{
	struct rte_rmc_session *s = attach();
	struct rte_rmc_lbuf lb;
	int64_t nq = 0, nl = 0;
	int ret;

	need(o->qps, "--qps");
	need(o->lbufs, "--lbufs");
	need(o->lbuf_size, "--lbuf-size");
	while (nq <= o->qps && rte_rmc_qp_create(s, 2) != NULL)
		nq++;
	printf("limits: %" PRId64 " QPs created, then: %s\n", nq, rte_strerror(rte_errno));
	while (nl <= o->lbufs && (ret = rte_rmc_lbuf_register(s, o->lbuf_size, &lb)) == 0)
		nl++;
	printf("limits: %" PRId64 " local buffers of %" PRId64 " bytes, then: %s\n", nl,
		o->lbuf_size, strerror(-ret));
	rte_rmc_detach(s);
	return nq == o->qps && nl == o->lbufs ? 0 : 1;
}

static int
cmd_hostile(const struct opts *o)
{
	const struct timespec ts = { .tv_sec = 0, .tv_nsec = 50000 };
	struct rte_rmc_session *s = attach();
	struct rte_rmc_qp *qp = qp_or_die(s, 4096);
	uint64_t rng = o->seed, pos = 0, t0 = now_ns(), end, words[8];
	struct rte_rmc_lbuf lb;
	struct rte_rmc_wqe w, *e;
	unsigned int k;

	need(o->target, "--target");
	lbuf_or_die(s, 4096, &lb);
	end = t0 + (uint64_t)o->duration * 1000000000ull;
	__atomic_store_n(&qp->hdr->cq_consumed, UINT64_MAX, __ATOMIC_RELEASE);
	while (now_ns() < end) {
		uint64_t taken = __atomic_load_n(&qp->hdr->wq_consumed, __ATOMIC_ACQUIRE);

		for (; pos < taken + qp->depth; pos++) {
			for (k = 0; k < RTE_DIM(words); k++)
				words[k] = rmc_model_rand(&rng);
			memcpy(&w, words, sizeof(w));
			if (pos % 4 == 0) {
				/* A valid read into its own buffer. */
				memset(&w, 0, sizeof(w));
				w.opcode = RTE_RMC_OP_READ;
				w.dst_nid = o->target;
				w.lbuf_id = lb.id;
				w.length = 64;
			}
			e = &qp->wq[pos & qp->mask];
			memcpy(e, &w, offsetof(struct rte_rmc_wqe, phase));
			__atomic_store_n(&e->phase, rte_rmc_phase(pos, qp->depth),
				__ATOMIC_RELEASE);
			/* Scribble over the entry the RMC is about to read. */
			e = &qp->wq[taken & qp->mask];
			e->length = words[0];
			e->lbuf_id = (uint16_t)words[1];
		}
		nanosleep(&ts, NULL);
	}
	printf("hostile: %" PRIu64 " entries taken by the RMC in %" PRId64 " s\n",
		__atomic_load_n(&qp->hdr->wq_consumed, __ATOMIC_ACQUIRE), o->duration);
	rte_rmc_detach(s);
	return 0;
}

int
main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(const struct opts *o);
	} cmds[] = {
		{ "usage", cmd_usage }, { "inflight", cmd_inflight },
		{ "check-blocks", cmd_check_blocks }, { "steady", cmd_steady },
		{ "lbuf-isolation", cmd_lbuf_isolation }, { "other-user", cmd_other_user },
		{ "peer-death", cmd_peer_death }, { "wait-peer", cmd_wait_peer },
		{ "outstanding", cmd_outstanding }, { "limits", cmd_limits },
		{ "hostile", cmd_hostile },
	};
	struct opts o;
	unsigned int i;

	parse(argc, argv, &o);
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 0; i < RTE_DIM(cmds); i++)
		if (strcmp(o.cmd, cmds[i].name) == 0)
			return cmds[i].fn(&o);
	usage_exit("unknown subcommand");
}
