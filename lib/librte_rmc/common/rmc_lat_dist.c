/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/* Latency distributions and their seeded generator (rmc_lat_dist.h). */

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rmc_lat_dist.h"

/* The standard normal's 99th percentile. */
#define Z99 2.3263478740408408

static uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

/* splitmix64: spreads one seed over the four words of the state. */
void
rmc_lat_rng_seed(struct rmc_lat_rng *r, uint64_t seed)
{
	unsigned int i;

	for (i = 0; i < 4; i++) {
		uint64_t z = (seed += 0x9e3779b97f4a7c15ull);

		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
		z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
		r->s[i] = z ^ (z >> 31);
	}
}

uint64_t
rmc_lat_rng_next(struct rmc_lat_rng *r)
{
	uint64_t *s = r->s;
	uint64_t out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return out;
}

double
rmc_lat_rng_unit(struct rmc_lat_rng *r)
{
	/* 53 random bits, shifted by half a step: in (0, 1). */
	return ((double)(rmc_lat_rng_next(r) >> 11) + 0.5) / 9007199254740992.0;
}

/* A standard normal draw (Box-Muller; the second value is not kept). */
static double
std_normal(struct rmc_lat_rng *r)
{
	double u = rmc_lat_rng_unit(r), v = rmc_lat_rng_unit(r);

	return sqrt(-2.0 * log(u)) * cos(2.0 * M_PI * v);
}

static double
phi_cdf(double z)
{
	return 0.5 * erfc(-z / M_SQRT2);
}

static int
dist_err(char *why, size_t len, const char *what)
{
	if (why != NULL && len > 0)
		snprintf(why, len, "%s", what);
	return -EINVAL;
}

int
rmc_lat_dist_const(struct rmc_lat_dist *d, double ns, char *why, size_t len)
{
	if (!(ns >= 0) || !isfinite(ns))
		return dist_err(why, len, "a constant latency is a number of ns >= 0");
	memset(d, 0, sizeof(*d));
	d->kind = RMC_LAT_DIST_CONST;
	d->a = ns;
	return 0;
}

int
rmc_lat_dist_normal(struct rmc_lat_dist *d, double mean, double sd, char *why, size_t len)
{
	if (!(mean > 0) || !(sd >= 0) || !isfinite(mean) || !isfinite(sd))
		return dist_err(why, len, "normal: the mean must be > 0 ns and the deviation "
			">= 0 ns");
	memset(d, 0, sizeof(*d));
	d->kind = RMC_LAT_DIST_NORMAL;
	d->a = mean;
	d->b = sd;
	return 0;
}

int
rmc_lat_dist_lognormal(struct rmc_lat_dist *d, double median, double p99, char *why,
		size_t len)
{
	if (!(median > 0) || !(p99 > median) || !isfinite(p99))
		return dist_err(why, len, "lognormal: give the median (> 0 ns) and the 99th "
			"percentile (above the median)");
	memset(d, 0, sizeof(*d));
	d->kind = RMC_LAT_DIST_LOGNORMAL;
	d->a = median;
	d->b = p99;
	d->mu = log(median);
	d->sigma = (log(p99) - d->mu) / Z99;
	return 0;
}

static int
cmp_u64(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;

	return a < b ? -1 : a > b;
}

/* Read the samples of a file into d; 0 or -errno with the reason in why. */
static int
read_samples(struct rmc_lat_dist *d, FILE *f, const char *path, char *why, size_t len)
{
	char line[128], *end;
	unsigned int lineno = 0;
	uint64_t v;

	while (fgets(line, sizeof(line), f) != NULL) {
		char *p = line + strspn(line, " \t");

		lineno++;
		if (*p == '#' || *p == '\n' || *p == '\0')
			continue;
		errno = 0;
		v = strtoull(p, &end, 10);
		end += strspn(end, " \t\r\n");
		if (errno != 0 || end == p || *end != '\0' || *p == '-') {
			snprintf(why, len, "%s:%u: expected one latency in ns (an integer)", path,
				lineno);
			return -EINVAL;
		}
		if (d->n == RMC_LAT_DIST_EMPIRICAL_MAX) {
			snprintf(why, len, "%s: more than %u latencies", path,
				RMC_LAT_DIST_EMPIRICAL_MAX);
			return -EINVAL;
		}
		if ((d->n & (d->n - 1)) == 0) {
			uint64_t *s = realloc(d->samples, sizeof(*s) * (d->n ? 2 * d->n : 256));

			if (s == NULL)
				return -ENOMEM;
			d->samples = s;
		}
		d->samples[d->n++] = v;
	}
	return 0;
}

int
rmc_lat_dist_empirical_file(struct rmc_lat_dist *d, const char *path, char *why, size_t len)
{
	FILE *f;
	int ret;

	memset(d, 0, sizeof(*d));
	f = fopen(path, "r");
	if (f == NULL) {
		ret = -errno;
		snprintf(why, len, "cannot open %s: %s", path, strerror(-ret));
		return ret;
	}
	ret = read_samples(d, f, path, why, len);
	fclose(f);
	if (ret == 0 && d->n < RMC_LAT_DIST_EMPIRICAL_MIN) {
		snprintf(why, len, "%s: %u latencies; an empirical distribution needs at least %u",
			path, d->n, RMC_LAT_DIST_EMPIRICAL_MIN);
		ret = -EINVAL;
	}
	if (ret < 0) {
		rmc_lat_dist_free(d);
		return ret;
	}
	qsort(d->samples, d->n, sizeof(d->samples[0]), cmp_u64);
	d->kind = RMC_LAT_DIST_EMPIRICAL;
	return 0;
}

void
rmc_lat_dist_free(struct rmc_lat_dist *d)
{
	free(d->samples);
	d->samples = NULL;
	d->n = 0;
}

double
rmc_lat_dist_draw(const struct rmc_lat_dist *d, struct rmc_lat_rng *r)
{
	double x;

	switch (d->kind) {
	case RMC_LAT_DIST_NORMAL:
		/* Truncated at 0: draw again (the mean is > 0, so at least half are kept). */
		do
			x = d->a + d->b * std_normal(r);
		while (x < 0);
		return x;
	case RMC_LAT_DIST_LOGNORMAL:
		return exp(d->mu + d->sigma * std_normal(r));
	case RMC_LAT_DIST_EMPIRICAL:
		return (double)d->samples[rmc_lat_rng_next(r) % d->n];
	default:
		return d->a;
	}
}

/* Samples <= x of a sorted table. */
static uint32_t
count_le(const uint64_t *s, uint32_t n, double x)
{
	uint32_t lo = 0, hi = n;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if ((double)s[mid] <= x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

double
rmc_lat_dist_cdf(const struct rmc_lat_dist *d, double x)
{
	double z0;

	switch (d->kind) {
	case RMC_LAT_DIST_NORMAL:
		if (x < 0)
			return 0;
		if (d->b == 0)
			return x >= d->a;
		z0 = phi_cdf(-d->a / d->b);
		return (phi_cdf((x - d->a) / d->b) - z0) / (1 - z0);
	case RMC_LAT_DIST_LOGNORMAL:
		return x <= 0 ? 0 : phi_cdf((log(x) - d->mu) / d->sigma);
	case RMC_LAT_DIST_EMPIRICAL:
		return (double)count_le(d->samples, d->n, x) / d->n;
	default:
		return x >= d->a;
	}
}

double
rmc_lat_dist_mean(const struct rmc_lat_dist *d)
{
	double alpha, sum = 0;
	uint32_t i;

	switch (d->kind) {
	case RMC_LAT_DIST_NORMAL:
		if (d->b == 0)
			return d->a;
		/* Of the normal conditioned on x >= 0. */
		alpha = -d->a / d->b;
		return d->a + d->b * (exp(-alpha * alpha / 2) / sqrt(2 * M_PI)) /
			(1 - phi_cdf(alpha));
	case RMC_LAT_DIST_LOGNORMAL:
		return exp(d->mu + d->sigma * d->sigma / 2);
	case RMC_LAT_DIST_EMPIRICAL:
		for (i = 0; i < d->n; i++)
			sum += (double)d->samples[i];
		return sum / d->n;
	default:
		return d->a;
	}
}
