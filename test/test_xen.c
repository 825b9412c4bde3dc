/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The parts of xen_remote that need no hypervisor: the grant publication
 * format (every malformed input refused with its reason), the grant needs
 * and limit checks (over a scratch sysfs tree), the bookkeeping of grants
 * (over the memfd stand-in, which keeps Xen's rules) and the probe for Xen
 * (the ring pair in a granted region: test_xen_region.c). The libxengnttab
 * and xenstore calls themselves are not run here: the build machines have
 * no Xen (doc/xen.md).
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <rte_random.h>

#include "rmc_gnt_memfd.h"
#include "rmc_ringpair.h"
#include "rmc_test.h"
#include "rmc_xen_env.h"
#include "rmc_xen_limits.h"
#include "rmc_xen_pub.h"
#include "rmc_xen_remote.h"
#include "test_xen.h"

/* ------------------------------------------------------------------ */
/* Scratch trees standing in for /dev and /sys. */

int
test_xen_write_file(const char *root, const char *path, const char *text)
{
	char full[512], *p;
	FILE *f;

	snprintf(full, sizeof(full), "%s%s", root, path);
	for (p = full + strlen(root) + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		mkdir(full, 0700);
		*p = '/';
	}
	f = fopen(full, "w");
	if (f == NULL)
		return -errno;
	fputs(text, f);
	return fclose(f) == 0 ? 0 : -errno;
}

void
test_xen_rm_tree(const char *root)
{
	char cmd[600];

	/* Only ever a folder this test made with mkdtemp(). */
	if (strncmp(root, "/tmp/rmc-xen-", 13) != 0)
		return;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	if (system(cmd) != 0)
		printf("cannot remove %s\n", root);
}

/* ------------------------------------------------------------------ */
/* Publication format. */

static const char *const good_pub = "sonuma-xen-grants v1 cluster=lab from=0 to=1 domid=5 "
	"gen=00c0ffee12345678 slots=256 ctl=4101 pages=3 refs=4102,4103,4104";

struct bad_pub {
	const char *txt;
	const char *why;
};

/* Every deviation from the format, with a word of the expected reason. */
static const struct bad_pub bad_pubs[] = {
	{ "", "empty" },
	{ "\n", "empty" },
	{ "hello v1 cluster=lab", "not a sonuma grant publication" },
	{ "sonuma-xen-grantsX v1", "not a sonuma grant publication" },
	{ "sonuma-xen-grants", "ends before" },
	{ "sonuma-xen-grants v2 cluster=lab from=0 to=1 domid=5 gen=00c0ffee12345678 slots=256 "
		"ctl=4101 pages=1 refs=4102", "v2 is not supported" },
	{ "sonuma-xen-grants vx cluster=lab", "bad format version" },
	{ "sonuma-xen-grants 1 cluster=lab", "bad format version" },
	{ "sonuma-xen-grants v01 cluster=lab", "bad format version" },
	{ "sonuma-xen-grants v1  cluster=lab", "one space" },
	{ "sonuma-xen-grants v1 cluster=lab to=1 from=0", "expected 'from='" },
	{ "sonuma-xen-grants v1 cluster=lab from=0 domid=5", "expected 'to='" },
	{ "sonuma-xen-grants v1 cluster=lab from=0 to=1", "ends before 'domid'" },
	{ "sonuma-xen-grants v1 cluster=a/b from=0 to=1", "not a valid cluster name" },
	{ "sonuma-xen-grants v1 cluster=.hidden from=0 to=1", "not a valid cluster name" },
	{ "sonuma-xen-grants v1 cluster=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa from=0",
		"longer than" },
	{ "sonuma-xen-grants v1 cluster= from=0", "not a valid cluster name" },
	{ "sonuma-xen-grants v1 cluster=lab from=01 to=1", "not a number" },
	{ "sonuma-xen-grants v1 cluster=lab from=-1 to=1", "not a number" },
	{ "sonuma-xen-grants v1 cluster=lab from=64 to=1", "0..63" },
	{ "sonuma-xen-grants v1 cluster=lab from=0 to=1x", "not a number" },
	{ "sonuma-xen-grants v1 cluster=lab from=0 to=1 domid=32752", "0..32751" },
	{ "sonuma-xen-grants v1 cluster=lab from=0 to=1 domid=99999999999999999999999",
		"not a number" },
	{ "sonuma-xen-grants v1 cluster=lab from=0 to=1 domid=5 gen=c0ffee", "16 hexadecimal" },
	{ "sonuma-xen-grants v1 cluster=lab from=0 to=1 domid=5 gen=00C0FFEE12345678",
		"lower-case hexadecimal" },
	{ "sonuma-xen-grants v1 cluster=lab from=0 to=1 domid=5 gen=00c0ffee1234567g",
		"hexadecimal" },
	{ "sonuma-xen-grants v1 cluster=lab from=0 to=1 domid=5 gen=0000000000000000 "
		"slots=256 ctl=4101 pages=1 refs=4102", "generation 0" },
	{ "sonuma-xen-grants v1 cluster=lab from=0 to=1 domid=5 gen=00c0ffee12345678 "
		"slots=100 ctl=4101 pages=1 refs=4102", "power of two" },
	{ "sonuma-xen-grants v1 cluster=lab from=0 to=1 domid=5 gen=00c0ffee12345678 "
		"slots=1 ctl=4101 pages=1 refs=4102", "power of two" },
	{ "sonuma-xen-grants v1 cluster=lab from=0 to=1 domid=5 gen=00c0ffee12345678 "
		"slots=131072 ctl=4101 pages=1 refs=4102", "0..65536" },
	{ "sonuma-xen-grants v1 cluster=lab from=1 to=1 domid=5 gen=00c0ffee12345678 "
		"slots=256 ctl=4101 pages=1 refs=4102", "same node" },
	{ "sonuma-xen-grants v1 cluster=lab from=0 to=1 domid=5 gen=00c0ffee12345678 "
		"slots=256 ctl=7 pages=1 refs=4102", "reserved" },
	{ "sonuma-xen-grants v1 cluster=lab from=0 to=1 domid=5 gen=00c0ffee12345678 "
		"slots=256 ctl=4101 pages=0 refs=", "at least one" },
	{ "sonuma-xen-grants v1 cluster=lab from=0 to=1 domid=5 gen=00c0ffee12345678 "
		"slots=256 ctl=4101 pages=257 refs=4102", "0..256" },
	{ "sonuma-xen-grants v1 cluster=lab from=0 to=1 domid=5 gen=00c0ffee12345678 "
		"slots=256 ctl=4101 pages=2 refs=4102", "1 references, but pages=2" },
	{ "sonuma-xen-grants v1 cluster=lab from=0 to=1 domid=5 gen=00c0ffee12345678 "
		"slots=256 ctl=4101 pages=1 refs=4102,4103", "more than" },
	{ "sonuma-xen-grants v1 cluster=lab from=0 to=1 domid=5 gen=00c0ffee12345678 "
		"slots=256 ctl=4101 pages=2 refs=4102,,4103", "not a grant reference" },
	{ "sonuma-xen-grants v1 cluster=lab from=0 to=1 domid=5 gen=00c0ffee12345678 "
		"slots=256 ctl=4101 pages=2 refs=4102,", "ends with a comma" },
	{ "sonuma-xen-grants v1 cluster=lab from=0 to=1 domid=5 gen=00c0ffee12345678 "
		"slots=256 ctl=4101 pages=1 refs=4294967296", "not a grant reference" },
	{ "sonuma-xen-grants v1 cluster=lab from=0 to=1 domid=5 gen=00c0ffee12345678 "
		"slots=256 ctl=4101 pages=1 refs=3", "reserved" },
	{ "sonuma-xen-grants v1 cluster=lab from=0 to=1 domid=5 gen=00c0ffee12345678 "
		"slots=256 ctl=4101 pages=2 refs=4102,4102", "twice" },
	{ "sonuma-xen-grants v1 cluster=lab from=0 to=1 domid=5 gen=00c0ffee12345678 "
		"slots=256 ctl=4101 pages=1 refs=4101", "twice" },
	{ "sonuma-xen-grants v1 cluster=lab from=0 to=1 domid=5 gen=00c0ffee12345678 "
		"slots=256 ctl=4101 pages=1 refs=4102 ", "unexpected text" },
	{ "sonuma-xen-grants v1 cluster=lab from=0 to=1 domid=5 gen=00c0ffee12345678 "
		"slots=256 ctl=4101 pages=1 refs=4102 extra=1", "unexpected text" },
	{ "sonuma-xen-grants v1 cluster=lab from=0 to=1 domid=5 gen=00c0ffee12345678 "
		"slots=256 ctl=4101 pages=1 refs=4102\t", "non-printable" },
	{ "sonuma-xen-grants v1 cluster=lab from=0 to=1 domid=5 gen=00c0ffee12345678 "
		"slots=256 ctl=4101 pages=1 ref=4102", "expected 'refs='" },
};

static int
pub_equal(const struct rmc_xen_pub *a, const struct rmc_xen_pub *b)
{
	return strcmp(a->cluster, b->cluster) == 0 && a->from == b->from && a->to == b->to &&
		a->domid == b->domid && a->gen == b->gen && a->slots == b->slots &&
		a->ctl_ref == b->ctl_ref && a->nb_pages == b->nb_pages &&
		memcmp(a->refs, b->refs, a->nb_pages * sizeof(a->refs[0])) == 0;
}

static int
xen_pub_test(void)
{
	static struct rmc_xen_pub p, q;
	char txt[RMC_XEN_PUB_MAX_LEN + 64], err[256], mut[RMC_XEN_PUB_MAX_LEN + 64];
	unsigned int i, accepted = 0;
	int n;

	/* The documented example. */
	RMC_TEST_ASSERT_EQ(rmc_xen_pub_decode(good_pub, strlen(good_pub), &p, err, sizeof(err)),
		0, "%s", err);
	RMC_TEST_ASSERT(strcmp(p.cluster, "lab") == 0 && p.from == 0 && p.to == 1 &&
		p.domid == 5 && p.gen == 0x00c0ffee12345678ull && p.slots == 256 &&
		p.ctl_ref == 4101 && p.nb_pages == 3 && p.refs[0] == 4102 && p.refs[2] == 4104,
		"fields");
	n = rmc_xen_pub_encode(&p, txt, sizeof(txt), err, sizeof(err));
	RMC_TEST_ASSERT(n == (int)strlen(good_pub) && strcmp(txt, good_pub) == 0,
		"re-encoded as '%s'", txt);
	/* A trailing NUL (xenstore) or newline (a file) is allowed. */
	RMC_TEST_ASSERT_EQ(rmc_xen_pub_decode(good_pub, strlen(good_pub) + 1, &q, err,
		sizeof(err)), 0, "%s", err);
	snprintf(txt, sizeof(txt), "%s\n", good_pub);
	RMC_TEST_ASSERT_EQ(rmc_xen_pub_decode(txt, strlen(txt), &q, err, sizeof(err)), 0, "%s",
		err);

	/* Every malformed input is refused with its reason, and q untouched. */
	for (i = 0; i < RTE_DIM(bad_pubs); i++) {
		memset(&q, 0xa5, sizeof(q));
		err[0] = '\0';
		n = rmc_xen_pub_decode(bad_pubs[i].txt, strlen(bad_pubs[i].txt), &q, err,
			sizeof(err));
		RMC_TEST_ASSERT_EQ(n, -EINVAL, "accepted: '%s'", bad_pubs[i].txt);
		RMC_TEST_ASSERT(strstr(err, bad_pubs[i].why) != NULL, "'%s': reason '%s' lacks "
			"'%s'", bad_pubs[i].txt, err, bad_pubs[i].why);
		RMC_TEST_ASSERT(q.from == 0xa5a5, "output written on error");
	}
	/* A NUL inside, and a text longer than allowed. */
	memcpy(txt, good_pub, strlen(good_pub) + 1);
	txt[30] = '\0';
	RMC_TEST_ASSERT_EQ(rmc_xen_pub_decode(txt, strlen(good_pub), &q, err, sizeof(err)),
		-EINVAL, "embedded NUL");
	RMC_TEST_ASSERT(strstr(err, "non-printable") != NULL, "%s", err);
	memset(mut, 'a', RMC_XEN_PUB_MAX_LEN + 10);
	RMC_TEST_ASSERT_EQ(rmc_xen_pub_decode(mut, RMC_XEN_PUB_MAX_LEN + 10, &q, err,
		sizeof(err)), -EINVAL, "overlong");
	RMC_TEST_ASSERT(strstr(err, "bytes long") != NULL, "%s", err);
	RMC_TEST_ASSERT_EQ(rmc_xen_pub_decode(NULL, 10, &q, err, sizeof(err)), -EINVAL, "NULL");

	/* The largest region, with the largest references, fits and round-trips. */
	memset(&p, 0, sizeof(p));
	snprintf(p.cluster, sizeof(p.cluster), "%s", "a-cluster.with_31_characters_xx");
	p.from = 63;
	p.to = 62;
	p.domid = RMC_XEN_DOMID_MAX;
	p.gen = UINT64_MAX;
	p.slots = RMC_XEN_SLOTS_MAX;
	p.ctl_ref = UINT32_MAX;
	p.nb_pages = RMC_XEN_PUB_MAX_PAGES;
	for (i = 0; i < p.nb_pages; i++)
		p.refs[i] = UINT32_MAX - 1 - i;
	n = rmc_xen_pub_encode(&p, txt, sizeof(txt), err, sizeof(err));
	RMC_TEST_ASSERT(n > 0 && n <= RMC_XEN_PUB_MAX_LEN, "largest: %d, %s", n, err);
	RMC_TEST_ASSERT_EQ(rmc_xen_pub_decode(txt, n, &q, err, sizeof(err)), 0, "%s", err);
	RMC_TEST_ASSERT(pub_equal(&p, &q), "largest round trip");
	/* Encoding refuses a short buffer and an invalid value. */
	RMC_TEST_ASSERT_EQ(rmc_xen_pub_encode(&p, txt, 100, err, sizeof(err)), -ENOSPC, "");
	p.to = p.from;
	RMC_TEST_ASSERT_EQ(rmc_xen_pub_encode(&p, txt, sizeof(txt), err, sizeof(err)), -EINVAL,
		"");
	RMC_TEST_ASSERT(strstr(err, "same node") != NULL, "%s", err);

	/* Random round trips, then random damage: never a crash, never a bad value. */
	rte_srand(7);
	for (i = 0; i < 2000; i++) {
		uint32_t k;

		memset(&p, 0, sizeof(p));
		snprintf(p.cluster, sizeof(p.cluster), "c%u", (unsigned int)(rte_rand() % 1000));
		p.from = rte_rand() % RTE_RMC_MAX_NODES;
		p.to = (p.from + 1 + rte_rand() % (RTE_RMC_MAX_NODES - 1)) % RTE_RMC_MAX_NODES;
		p.domid = rte_rand() % (RMC_XEN_DOMID_MAX + 1);
		p.gen = rte_rand() | 1;
		p.slots = 1u << (1 + rte_rand() % 16);
		p.nb_pages = 1 + rte_rand() % 40;
		p.ctl_ref = RMC_XEN_GREF_FIRST + (uint32_t)(rte_rand() % 1000);
		p.refs[0] = p.ctl_ref + 1 + rte_rand() % 5;
		for (k = 1; k < p.nb_pages; k++)
			p.refs[k] = p.refs[k - 1] + 1 + rte_rand() % 5;
		n = rmc_xen_pub_encode(&p, txt, sizeof(txt), err, sizeof(err));
		RMC_TEST_ASSERT(n > 0, "encode: %s", err);
		RMC_TEST_ASSERT_EQ(rmc_xen_pub_decode(txt, n, &q, err, sizeof(err)), 0, "%s", err);
		RMC_TEST_ASSERT(pub_equal(&p, &q), "round trip of '%s'", txt);
		memcpy(mut, txt, n);
		for (k = 0; k < 1 + rte_rand() % 3; k++)
			mut[rte_rand() % n] = (char)(rte_rand() % 256);
		if (rmc_xen_pub_decode(mut, n, &q, err, sizeof(err)) == 0) {
			accepted++;
			RMC_TEST_ASSERT_EQ(rmc_xen_pub_check(&q, err, sizeof(err)), 0,
				"a damaged publication decoded to an invalid value: %s", err);
		}
	}
	printf("publication: %zu malformed inputs refused; 2000 round trips; %u of 2000 "
		"damaged copies still well-formed (a digit changed)\n", RTE_DIM(bad_pubs),
		accepted);
	/* The xenstore key. */
	RMC_TEST_ASSERT_EQ(rmc_xen_pub_key("lab", 3, 7, txt, sizeof(txt)), 0, "");
	RMC_TEST_ASSERT(strcmp(txt, "lab/n3-to-n7") == 0, "%s", txt);
	RMC_TEST_ASSERT_EQ(rmc_xen_pub_key("lab", 3, 7, txt, 5), -ENAMETOOLONG, "");
	return TEST_SUCCESS;
}

/* ------------------------------------------------------------------ */
/* Grant needs and limits. */

/* Xen's hypfs as dom0 sees it: the grant-frame cap; maptrack refused. */
static int
hypfs_standin(const char *path, uint64_t *val)
{
	if (strcmp(path, RMC_XEN_HYPFS_GRANT_FRAMES) == 0) {
		*val = 96;
		return 0;
	}
	return -EPERM;
}

/* The scratch tree of the running test: removed even when an assertion fails. */
static char xen_scratch[64];

static int
xen_scratch_wrap(int (*fn)(char *root), const char *name)
{
	int ret;

	snprintf(xen_scratch, sizeof(xen_scratch), "/tmp/rmc-xen-%sXXXXXX", name);
	if (mkdtemp(xen_scratch) == NULL) {
		printf("mkdtemp: %s\n", strerror(errno));
		return TEST_FAILED;
	}
	ret = fn(xen_scratch);
	test_xen_rm_tree(xen_scratch);
	return ret;
}

static int
xen_limits_run(char *root)
{
	struct rmc_xen_limits l;
	struct rmc_xen_need n;
	char msg[640];
	uint32_t d256 = rmc_xen_data_pages(256), d1024 = rmc_xen_data_pages(1024);

	/* The ring transport's ring pair of 'slots' 64-byte elements, in pages. */
	RMC_TEST_ASSERT_EQ(d256, (rmc_ringpair_memsize(256) + 4095) / 4096, "");
	RMC_TEST_ASSERT_EQ(rmc_xen_data_pages(RMC_XEN_DEFAULT_SLOTS), 33, "documented size");
	RMC_TEST_ASSERT(d1024 > d256, "more slots, more pages");

	rmc_xen_need_compute(1, d256, &n);
	RMC_TEST_ASSERT(n.peers == 0 && n.shared_pages == 0 && n.mapped_pages == 0, "N=1");
	rmc_xen_need_compute(4, 10, &n);
	RMC_TEST_ASSERT(n.peers == 3 && n.region_pages == 11 && n.shared_pages == 33 &&
		n.mapped_pages == 33, "N=4");

	/* Defaults: Linux gntalloc 1024, Xen 64 frames. */
	rmc_xen_limits_default(&l);
	rmc_xen_need_compute(8, d256, &n);
	RMC_TEST_ASSERT_EQ(rmc_xen_limits_check(&n, &l, msg, sizeof(msg)), 0, "%s", msg);
	/* 32 nodes with 1024-slot rings need more than gntalloc's 1024 grants. */
	rmc_xen_need_compute(32, d1024, &n);
	RMC_TEST_ASSERT(n.shared_pages > 1024, "premise: %" PRIu64, n.shared_pages);
	RMC_TEST_ASSERT_EQ(rmc_xen_limits_check(&n, &l, msg, sizeof(msg)), -ENOSPC, "");
	printf("32 nodes, 1024 slots: %s\n", msg);
	RMC_TEST_ASSERT(strstr(msg, "xen_gntalloc.limit") != NULL &&
		strstr(msg, RMC_XEN_GNTALLOC_LIMIT_PATH) != NULL && strstr(msg, "1024") != NULL,
		"%s", msg);

	/* Exactly at the limit passes; one below fails. */
	rmc_xen_need_compute(3, 9, &n);   /* 20 */
	l.gntalloc_limit = 20;
	RMC_TEST_ASSERT_EQ(rmc_xen_limits_check(&n, &l, msg, sizeof(msg)), 0, "%s", msg);
	l.gntalloc_limit = 19;
	RMC_TEST_ASSERT_EQ(rmc_xen_limits_check(&n, &l, msg, sizeof(msg)), -ENOSPC, "");

	/* The grant table: frames * 512 less the reserve. */
	rmc_xen_limits_default(&l);
	l.grant_frames = 8;        /* 4096 entries, all reserved by default */
	RMC_TEST_ASSERT_EQ(rmc_xen_limits_check(&n, &l, msg, sizeof(msg)), -ENOSPC, "");
	RMC_TEST_ASSERT(strstr(msg, "max_grant_frames") != NULL &&
		strstr(msg, "gnttab_max_frames") != NULL && strstr(msg, "grant-frames=") != NULL,
		"%s", msg);
	printf("grant table: %s\n", msg);
	l.grant_reserve = 4076;    /* leaves exactly 20 */
	RMC_TEST_ASSERT_EQ(rmc_xen_limits_check(&n, &l, msg, sizeof(msg)), 0, "%s", msg);

	/* gntdev and the maptrack table. */
	rmc_xen_limits_default(&l);
	l.gntdev_limit = 19;
	RMC_TEST_ASSERT_EQ(rmc_xen_limits_check(&n, &l, msg, sizeof(msg)), -ENOSPC, "");
	RMC_TEST_ASSERT(strstr(msg, "xen_gntdev.limit") != NULL, "%s", msg);
	rmc_xen_limits_default(&l);
	l.maptrack_frames = 0;
	RMC_TEST_ASSERT_EQ(rmc_xen_limits_check(&n, &l, msg, sizeof(msg)), -ENOSPC, "");
	RMC_TEST_ASSERT(strstr(msg, "max_maptrack_frames") != NULL, "%s", msg);

	/* hypfs, where readable, gives the grant-table cap; arguments win. */
	rmc_xen_limits_default(&l);
	rmc_xen_limits_read_hypfs(&l, NULL);
	RMC_TEST_ASSERT(l.grant_frames == 64 && l.grant_frames_src == RMC_XEN_SRC_DEFAULT, "");
	rmc_xen_limits_read_hypfs(&l, hypfs_standin);
	RMC_TEST_ASSERT(l.grant_frames == 96 && l.grant_frames_src == RMC_XEN_SRC_HYPFS &&
		l.maptrack_frames == 1024 && l.maptrack_frames_src == RMC_XEN_SRC_DEFAULT,
		"hypfs");
	l.grant_frames = 32;
	l.grant_frames_src = RMC_XEN_SRC_ARG;
	rmc_xen_limits_read_hypfs(&l, hypfs_standin);
	RMC_TEST_ASSERT(l.grant_frames == 32, "hypfs overrode grant-frames=");

	/* Reading sysfs: missing files keep the defaults; present ones count. */
	rmc_xen_limits_default(&l);
	RMC_TEST_ASSERT_EQ(rmc_xen_limits_read(root, &l, msg, sizeof(msg)), 0, "%s", msg);
	RMC_TEST_ASSERT(l.gntalloc_limit == 1024 && l.gntalloc_src == RMC_XEN_SRC_DEFAULT &&
		l.gntdev_limit == 0, "defaults");
	test_xen_write_file(root, RMC_XEN_GNTALLOC_LIMIT_PATH, "4096\n");
	test_xen_write_file(root, RMC_XEN_GNTDEV_LIMIT_PATH, "65536\n");
	RMC_TEST_ASSERT_EQ(rmc_xen_limits_read(root, &l, msg, sizeof(msg)), 0, "%s", msg);
	RMC_TEST_ASSERT(l.gntalloc_limit == 4096 && l.gntalloc_src == RMC_XEN_SRC_SYSFS &&
		l.gntdev_limit == 65536 && l.gntdev_src == RMC_XEN_SRC_SYSFS, "read");
	rmc_xen_limits_describe(&n, &l, msg, sizeof(msg));
	printf("%s\n", msg);
	RMC_TEST_ASSERT(strstr(msg, "gntalloc 4096 (sysfs)") != NULL &&
		strstr(msg, "64 frames (default)") != NULL, "%s", msg);
	/* A file that does not hold a number is an error naming it. */
	test_xen_write_file(root, RMC_XEN_GNTALLOC_LIMIT_PATH, "lots\n");
	RMC_TEST_ASSERT_EQ(rmc_xen_limits_read(root, &l, msg, sizeof(msg)), -EINVAL, "");
	RMC_TEST_ASSERT(strstr(msg, "xen_gntalloc/parameters/limit") != NULL, "%s", msg);
	test_xen_write_file(root, RMC_XEN_GNTALLOC_LIMIT_PATH, "12abc");
	RMC_TEST_ASSERT_EQ(rmc_xen_limits_read(root, &l, msg, sizeof(msg)), -EINVAL, "");
	return TEST_SUCCESS;
}

static int
xen_limits_test(void)
{
	return xen_scratch_wrap(xen_limits_run, "limits");
}

/* ------------------------------------------------------------------ */
/* Grant bookkeeping over the memfd stand-in. */

static int
xen_gnt_book_test(void)
{
	static struct rmc_gnt_book a, b, c;
	static struct rmc_gnt_alloc s1, s2, m1, m2, bad, big, n1, n2;
	static struct rmc_gnt_alloc many[RMC_GNT_BOOK_MAX + 1];
	struct rmc_gnt_memfd_table *t = rmc_gnt_memfd_table_create(64);
	struct rmc_gnt_memfd_table *t2;
	uint32_t grants, mapped, i;
	char why[128];
	uint8_t *p;

	RMC_TEST_ASSERT(t != NULL, "table");
	RMC_TEST_ASSERT_EQ(rmc_gnt_book_open(&a, &rmc_gnt_memfd_ops, t, 1, why, sizeof(why)), 0,
		"%s", why);
	RMC_TEST_ASSERT_EQ(rmc_gnt_book_open(&b, &rmc_gnt_memfd_ops, t, 2, why, sizeof(why)), 0,
		"");
	RMC_TEST_ASSERT_EQ(rmc_gnt_book_open(&c, &rmc_gnt_memfd_ops, t, 3, why, sizeof(why)), 0,
		"");

	/* Domain 1 shares 3 fresh pages with domain 2. */
	RMC_TEST_ASSERT_EQ(rmc_gnt_share(&a, 2, 3, RMC_GNT_NO_NOTIFY, &s1), 0, "");
	for (i = 0; i < 3; i++)
		RMC_TEST_ASSERT(s1.refs[i] >= RMC_XEN_GREF_FIRST, "reserved ref %u", s1.refs[i]);
	p = s1.addr;
	for (i = 0; i < 3 * RMC_GNT_PAGE_SIZE; i++)
		RMC_TEST_ASSERT_EQ(p[i], 0, "fresh page not zeroed at %u", i);
	for (i = 0; i < 3; i++)
		p[i * RMC_GNT_PAGE_SIZE + 5] = 0x10 + i;
	RMC_TEST_ASSERT_EQ(rmc_gnt_memfd_table_granted(t, 1, 2), 3, "");
	RMC_TEST_ASSERT(a.shared_pages == 3 && rmc_gnt_book_count(&a, RMC_GNT_SHARED, 2) == 1,
		"book");
	/* A second share: its references are not next to the first ones. */
	RMC_TEST_ASSERT_EQ(rmc_gnt_share(&a, 2, 2, RMC_GNT_NO_NOTIFY, &s2), 0, "");
	RMC_TEST_ASSERT(s2.refs[0] != s1.refs[2] + 1, "references are consecutive");

	/* Domain 2 maps them, contiguously, and both sides see each other. */
	RMC_TEST_ASSERT_EQ(rmc_gnt_map(&b, 1, 3, s1.refs, RMC_GNT_NO_NOTIFY, &m1), 0, "");
	p = m1.addr;
	for (i = 0; i < 3; i++)
		RMC_TEST_ASSERT_EQ(p[i * RMC_GNT_PAGE_SIZE + 5], 0x10 + i, "page %u", i);
	p[100] = 0x77;
	RMC_TEST_ASSERT_EQ(((uint8_t *)s1.addr)[100], 0x77, "write not seen by the sharer");
	RMC_TEST_ASSERT(b.mapped_pages == 3, "");

	/* Only the named domain may map, and only what that domain shared. */
	RMC_TEST_ASSERT_EQ(rmc_gnt_map(&c, 1, 3, s1.refs, RMC_GNT_NO_NOTIFY, &bad), -EPERM,
		"domain 3 mapped grants for domain 2");
	RMC_TEST_ASSERT_EQ(rmc_gnt_map(&b, 3, 3, s1.refs, RMC_GNT_NO_NOTIFY, &bad), -EPERM,
		"wrong granting domain");
	RMC_TEST_ASSERT(c.mapped_pages == 0 && rmc_gnt_book_count(&c, 0, UINT32_MAX) == 0,
		"a refused mapping was recorded");
	/* Bad counts are refused before the backend is asked. */
	RMC_TEST_ASSERT_EQ(rmc_gnt_share(&a, 2, 0, RMC_GNT_NO_NOTIFY, &bad), -EINVAL, "");
	RMC_TEST_ASSERT_EQ(rmc_gnt_share(&a, 2, 2, 10, &bad), -EINVAL, "notify on 2 pages");

	/* A release is made once: the second is refused and counted. */
	RMC_TEST_ASSERT_EQ(rmc_gnt_release(&b, &m1), 0, "");
	rmc_gnt_memfd_table_usage(t, &grants, &mapped);
	RMC_TEST_ASSERT(grants == 5 && mapped == 0, "grants %u mapped %u", grants, mapped);
	memset(&bad, 0, sizeof(bad));
	RMC_TEST_ASSERT_EQ(rmc_gnt_release(&b, &m1), -ENOENT, "released twice");
	bad = s1;          /* a copy of a record of another book */
	RMC_TEST_ASSERT_EQ(rmc_gnt_release(&b, &bad), -ENOENT, "released another's");
	RMC_TEST_ASSERT_EQ(b.bad_releases, 2, "");
	rmc_gnt_memfd_table_usage(t, &grants, &mapped);
	RMC_TEST_ASSERT(grants == 5 && mapped == 0, "a refused release changed the table");

	/* Unshared while still mapped: the page stays until the mapping goes. */
	RMC_TEST_ASSERT_EQ(rmc_gnt_map(&b, 1, 2, s2.refs, RMC_GNT_NO_NOTIFY, &m2), 0, "");
	RMC_TEST_ASSERT_EQ(rmc_gnt_release(&a, &s2), 0, "");
	rmc_gnt_memfd_table_usage(t, &grants, &mapped);
	RMC_TEST_ASSERT(grants == 5 && mapped == 2, "grants %u mapped %u", grants, mapped);
	RMC_TEST_ASSERT_EQ(rmc_gnt_memfd_table_granted(t, 1, 2), 3, "ended grants still count");
	RMC_TEST_ASSERT_EQ(rmc_gnt_release(&b, &m2), 0, "");
	rmc_gnt_memfd_table_usage(t, &grants, &mapped);
	RMC_TEST_ASSERT(grants == 3 && mapped == 0, "grants %u mapped %u", grants, mapped);

	/* Notification bytes: cleared when that side lets go. */
	RMC_TEST_ASSERT_EQ(rmc_gnt_share(&a, 2, 1, 64, &n1), 0, "");
	RMC_TEST_ASSERT_EQ(rmc_gnt_map(&b, 1, 1, n1.refs, 128, &n2), 0, "");
	((uint8_t *)n1.addr)[64] = 1;
	((uint8_t *)n2.addr)[128] = 1;
	RMC_TEST_ASSERT_EQ(rmc_gnt_release(&b, &n2), 0, "");
	RMC_TEST_ASSERT(((uint8_t *)n1.addr)[128] == 0 && ((uint8_t *)n1.addr)[64] == 1,
		"mapper's byte not cleared at unmap");

	/* Exhaustion: a share that does not fit fails and leaves nothing. */
	rmc_gnt_memfd_table_usage(t, &grants, &mapped);
	RMC_TEST_ASSERT_EQ(rmc_gnt_share(&a, 2, 100, RMC_GNT_NO_NOTIFY, &big), -ENOSPC, "");
	RMC_TEST_ASSERT_EQ(rmc_gnt_memfd_table_granted(t, 1, 2), grants, "partial share left");
	RMC_TEST_ASSERT(big.addr == NULL && a.shared_pages == 4, "");

	/* Closing a book releases what a caller forgot, and says how much. */
	RMC_TEST_ASSERT_EQ(rmc_gnt_map(&b, 1, 3, s1.refs, RMC_GNT_NO_NOTIFY, &m1), 0, "");
	RMC_TEST_ASSERT_EQ(rmc_gnt_book_close(&b), 1, "mapping left in b");
	RMC_TEST_ASSERT_EQ(rmc_gnt_book_close(&a), 2, "shares left in a");
	RMC_TEST_ASSERT_EQ(rmc_gnt_book_close(&c), 0, "");
	rmc_gnt_memfd_table_usage(t, &grants, &mapped);
	RMC_TEST_ASSERT(grants == 0 && mapped == 0, "leak: grants %u mapped %u", grants, mapped);
	RMC_TEST_ASSERT_EQ(rmc_gnt_memfd_table_destroy(t), 0, "");

	/* A full book refuses more before asking the backend. */
	t2 = rmc_gnt_memfd_table_create(RMC_GNT_BOOK_MAX + 16);
	RMC_TEST_ASSERT(t2 != NULL, "");
	RMC_TEST_ASSERT_EQ(rmc_gnt_book_open(&a, &rmc_gnt_memfd_ops, t2, 1, why, sizeof(why)), 0,
		"");
	for (i = 0; i < RMC_GNT_BOOK_MAX; i++)
		RMC_TEST_ASSERT_EQ(rmc_gnt_share(&a, 2, 1, RMC_GNT_NO_NOTIFY, &many[i]), 0, "%u",
			i);
	RMC_TEST_ASSERT_EQ(rmc_gnt_share(&a, 2, 1, RMC_GNT_NO_NOTIFY, &many[i]), -ENOSPC, "");
	RMC_TEST_ASSERT_EQ(rmc_gnt_memfd_table_granted(t2, 1, 2), RMC_GNT_BOOK_MAX, "");
	for (i = 0; i < RMC_GNT_BOOK_MAX; i += 2)
		RMC_TEST_ASSERT_EQ(rmc_gnt_release(&a, &many[i]), 0, "");
	RMC_TEST_ASSERT_EQ(rmc_gnt_book_close(&a), RMC_GNT_BOOK_MAX / 2, "");
	RMC_TEST_ASSERT_EQ(rmc_gnt_memfd_table_destroy(t2), 0, "grants leaked");
	return TEST_SUCCESS;
}

/* ------------------------------------------------------------------ */
/* The probe for Xen. */

static int
xen_probe_run(char *root)
{
	char why[512];
	int ret;

	/* Not a Xen domain at all. */
	RMC_TEST_ASSERT_EQ(rmc_xen_probe(root, why, sizeof(why)), -ENODEV, "");
	RMC_TEST_ASSERT(strstr(why, "Xen is not available") != NULL &&
		strstr(why, "--driver shm") != NULL, "%s", why);
	/* A Xen domain without the grant devices. */
	test_xen_write_file(root, RMC_XEN_HYPERVISOR_TYPE, "xen\n");
	RMC_TEST_ASSERT_EQ(rmc_xen_probe(root, why, sizeof(why)), -ENOENT, "");
	RMC_TEST_ASSERT(strstr(why, RMC_XEN_GNTALLOC_DEV) != NULL &&
		strstr(why, "modprobe xen_gntalloc") != NULL &&
		strstr(why, "--driver shm") != NULL, "%s", why);
	test_xen_write_file(root, RMC_XEN_GNTALLOC_DEV, "");
	RMC_TEST_ASSERT_EQ(rmc_xen_probe(root, why, sizeof(why)), -ENOENT, "");
	RMC_TEST_ASSERT(strstr(why, RMC_XEN_GNTDEV_DEV) != NULL, "%s", why);
	test_xen_write_file(root, RMC_XEN_GNTDEV_DEV, "");
	RMC_TEST_ASSERT_EQ(rmc_xen_probe(root, why, sizeof(why)), 0, "%s", why);

	/* This host, as rmcd sees it. */
	ret = rte_rmc_driver_probe("xen", why, sizeof(why));
	if (access(RMC_XEN_GNTALLOC_DEV, F_OK) == 0 && access(RMC_XEN_GNTDEV_DEV, F_OK) == 0) {
		printf("this host has the Xen grant devices: probe %d\n", ret);
		RMC_TEST_ASSERT_EQ(ret, 0, "%s", why);
		return TEST_SUCCESS;
	}
	printf("this host: %s\n", why);
	RMC_TEST_ASSERT(ret == -ENODEV || ret == -ENOENT, "probe %d", ret);
	RMC_TEST_ASSERT(strstr(why, "Xen") != NULL && strstr(why, "--driver shm") != NULL, "%s",
		why);
	RMC_TEST_ASSERT_EQ(rte_rmc_driver_probe("shm", why, sizeof(why)), 0, "");
	RMC_TEST_ASSERT_EQ(rte_rmc_driver_probe("nosuch", why, sizeof(why)), -ENOENT, "");
	return TEST_SUCCESS;
}

static int
xen_probe_test(void)
{
	return xen_scratch_wrap(xen_probe_run, "probe");
}

RMC_REGISTER_TEST(xen_pub_autotest, xen_pub_test,
	.suite = "fast-tests", .timeout = 60, .no_huge = 1, .memcheck = 1);
RMC_REGISTER_TEST(xen_limits_autotest, xen_limits_test,
	.suite = "fast-tests", .timeout = 60, .no_huge = 1, .memcheck = 1);
RMC_REGISTER_TEST(xen_gnt_book_autotest, xen_gnt_book_test,
	.suite = "fast-tests", .timeout = 60, .no_huge = 1, .memcheck = 1);
RMC_REGISTER_TEST(xen_probe_autotest, xen_probe_test,
	.suite = "fast-tests", .timeout = 60, .no_huge = 1, .memcheck = 1);
