/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The latency model's distributions (common/rmc_lat_dist.c): each law drawn
 * from a seeded generator follows the requested law (a Kolmogorov-Smirnov
 * distance below its 0.1 % critical value; deterministic, since the seed is
 * fixed: it tests the generator and the laws, not the machine), the
 * lognormal's 99th percentile is the one asked for, the truncated normal's
 * mean is the effective mean the header promises, a seed replays its draws,
 * and bad parameters and files are refused with a reason.
 */

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rmc_lat_dist.h"
#include "rmc_test.h"

#define DRAWS 20000

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Draw DRAWS values (sorted) from d with the given seed. */
static double *
draws(const struct rmc_lat_dist *d, uint64_t seed)
{
	double *v = malloc(sizeof(*v) * DRAWS);
	struct rmc_lat_rng r;
	unsigned int i;

	if (v == NULL)
		return NULL;
	rmc_lat_rng_seed(&r, seed);
	for (i = 0; i < DRAWS; i++)
		v[i] = rmc_lat_dist_draw(d, &r);
	qsort(v, DRAWS, sizeof(*v), cmp_double);
	return v;
}

/* The Kolmogorov-Smirnov distance between sorted draws and the law's CDF. */
static double
ks_distance(const struct rmc_lat_dist *d, const double *v)
{
	double dmax = 0;
	unsigned int i;

	for (i = 0; i < DRAWS; i++) {
		double f = rmc_lat_dist_cdf(d, v[i]);
		double lo = fabs(f - (double)i / DRAWS), hi = fabs((double)(i + 1) / DRAWS - f);

		/* Ties (the empirical law) count from the last equal draw. */
		if (i + 1 < DRAWS && v[i + 1] == v[i])
			continue;
		dmax = fmax(dmax, fmax(lo, hi));
	}
	return dmax;
}

/* D at the 0.1 % level for DRAWS draws. */
#define KS_CRIT (1.949 / sqrt((double)DRAWS))

static int
check_law(const struct rmc_lat_dist *d, const char *name)
{
	double *v = draws(d, 42), dist, mean = 0;
	unsigned int i;

	RMC_TEST_ASSERT(v != NULL, "out of memory");
	dist = ks_distance(d, v);
	for (i = 0; i < DRAWS; i++)
		mean += v[i] / DRAWS;
	printf("%s: KS distance %.4f (critical %.4f), mean %.1f ns (law %.1f), p99 %.1f ns\n",
		name, dist, KS_CRIT, mean, rmc_lat_dist_mean(d), v[DRAWS * 99 / 100]);
	free(v);
	RMC_TEST_ASSERT(dist < KS_CRIT, "%s: the draws do not follow the law", name);
	return TEST_SUCCESS;
}

/* A file of n latencies of a bimodal device (two clusters), or of one bad line. */
static int
write_file(const char *path, unsigned int n, const char *bad)
{
	FILE *f = fopen(path, "w");
	unsigned int i;

	if (f == NULL)
		return -1;
	fprintf(f, "# latencies of a made-up device, ns\n");
	for (i = 0; i < n; i++)
		fprintf(f, "%u\n", i % 3 ? 800 + i % 97 : 4000 + 13 * (i % 31));
	if (bad != NULL)
		fprintf(f, "%s\n", bad);
	return fclose(f);
}

static int
lat_dist_laws(void)
{
	struct rmc_lat_dist d;
	char path[] = "/tmp/rmc-lat-dist-XXXXXX", why[256];
	double *v, *w;
	int fd;

	RMC_TEST_ASSERT_EQ(rmc_lat_dist_normal(&d, 1000, 200, why, sizeof(why)), 0, "%s", why);
	RMC_TEST_ASSERT_EQ(check_law(&d, "normal(1000, 200)"), TEST_SUCCESS, "");
	/* A deviation close to the mean: truncation moves the mean up. */
	RMC_TEST_ASSERT_EQ(rmc_lat_dist_normal(&d, 1000, 900, why, sizeof(why)), 0, "%s", why);
	RMC_TEST_ASSERT(rmc_lat_dist_mean(&d) > 1100, "effective mean %.1f",
		rmc_lat_dist_mean(&d));
	RMC_TEST_ASSERT_EQ(check_law(&d, "normal(1000, 900) truncated"), TEST_SUCCESS, "");
	v = draws(&d, 42);
	RMC_TEST_ASSERT(v != NULL && v[0] >= 0, "a negative latency was drawn");
	free(v);

	RMC_TEST_ASSERT_EQ(rmc_lat_dist_lognormal(&d, 1000, 5000, why, sizeof(why)), 0, "%s",
		why);
	RMC_TEST_ASSERT_EQ(check_law(&d, "lognormal(median 1000, p99 5000)"), TEST_SUCCESS, "");
	RMC_TEST_ASSERT(fabs(rmc_lat_dist_cdf(&d, 5000) - 0.99) < 1e-9, "law's p99");
	v = draws(&d, 7);
	RMC_TEST_ASSERT(v != NULL, "out of memory");
	RMC_TEST_ASSERT(fabs(v[DRAWS * 99 / 100] / 5000 - 1) < 0.1, "p99 drawn %.1f",
		v[DRAWS * 99 / 100]);
	RMC_TEST_ASSERT(fabs(v[DRAWS / 2] / 1000 - 1) < 0.05, "median drawn %.1f", v[DRAWS / 2]);
	/* The seed replays the draws; another seed does not. */
	w = draws(&d, 7);
	RMC_TEST_ASSERT(w != NULL && memcmp(v, w, sizeof(*v) * DRAWS) == 0, "seed not replayed");
	free(w);
	w = draws(&d, 8);
	RMC_TEST_ASSERT(w != NULL && memcmp(v, w, sizeof(*v) * DRAWS) != 0, "seeds alike");
	free(v);
	free(w);

	fd = mkstemp(path);
	RMC_TEST_ASSERT(fd >= 0, "mkstemp");
	close(fd);
	RMC_TEST_ASSERT_EQ(write_file(path, 600, NULL), 0, "");
	RMC_TEST_ASSERT_EQ(rmc_lat_dist_empirical_file(&d, path, why, sizeof(why)), 0, "%s", why);
	RMC_TEST_ASSERT_EQ(d.n, 600, "samples read");
	RMC_TEST_ASSERT_EQ(check_law(&d, "empirical (600 samples)"), TEST_SUCCESS, "");
	rmc_lat_dist_free(&d);
	unlink(path);
	return TEST_SUCCESS;
}

static int
lat_dist_refusals(void)
{
	struct rmc_lat_dist d;
	char path[] = "/tmp/rmc-lat-dist-XXXXXX", why[256];
	int fd;

	RMC_TEST_ASSERT_EQ(rmc_lat_dist_normal(&d, 0, 10, why, sizeof(why)), -EINVAL, "");
	RMC_TEST_ASSERT_EQ(rmc_lat_dist_normal(&d, 100, -1, why, sizeof(why)), -EINVAL, "");
	RMC_TEST_ASSERT_EQ(rmc_lat_dist_lognormal(&d, 1000, 1000, why, sizeof(why)), -EINVAL,
		"");
	RMC_TEST_ASSERT(strstr(why, "99th percentile") != NULL, "reason: %s", why);
	RMC_TEST_ASSERT_EQ(rmc_lat_dist_const(&d, -5, why, sizeof(why)), -EINVAL, "");
	fd = mkstemp(path);
	RMC_TEST_ASSERT(fd >= 0, "mkstemp");
	close(fd);
	RMC_TEST_ASSERT_EQ(write_file(path, 99, NULL), 0, "");
	RMC_TEST_ASSERT_EQ(rmc_lat_dist_empirical_file(&d, path, why, sizeof(why)), -EINVAL, "");
	RMC_TEST_ASSERT(strstr(why, "at least 100") != NULL, "reason: %s", why);
	RMC_TEST_ASSERT(d.samples == NULL && d.n == 0, "samples kept after a refusal");
	RMC_TEST_ASSERT_EQ(write_file(path, 200, "12x"), 0, "");
	RMC_TEST_ASSERT_EQ(rmc_lat_dist_empirical_file(&d, path, why, sizeof(why)), -EINVAL, "");
	RMC_TEST_ASSERT(strstr(why, ":202:") != NULL, "reason names the line: %s", why);
	RMC_TEST_ASSERT_EQ(write_file(path, 200, "-3"), 0, "");
	RMC_TEST_ASSERT_EQ(rmc_lat_dist_empirical_file(&d, path, why, sizeof(why)), -EINVAL, "");
	unlink(path);
	RMC_TEST_ASSERT_EQ(rmc_lat_dist_empirical_file(&d, path, why, sizeof(why)), -ENOENT, "");
	return TEST_SUCCESS;
}

static int
lat_dist_all(void)
{
	if (lat_dist_laws() != TEST_SUCCESS)
		return TEST_FAILED;
	return lat_dist_refusals();
}
RMC_REGISTER_TEST(lat_dist_autotest, lat_dist_all,
	.suite = "fast-tests", .timeout = 60, .no_huge = 1, .memcheck = 1);
