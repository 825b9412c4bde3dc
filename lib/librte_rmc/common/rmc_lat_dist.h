/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _RMC_LAT_DIST_H_
#define _RMC_LAT_DIST_H_

/*
 * Latency distributions of the latency model: one draw per request, from a
 * seeded generator, so that a run can be repeated draw for draw.
 *
 * - constant: always 'a' ns;
 * - normal: mean 'a', standard deviation 'b', truncated at 0 (a negative
 *   draw is drawn again, so the law is the normal conditioned on x >= 0;
 *   rmc_lat_dist_mean() gives its effective mean, above 'a' when the
 *   deviation is not small against the mean);
 * - lognormal: given by its median 'a' and its 99th percentile 'b' (b > a),
 *   as device latencies are usually quoted;
 * - empirical: a measured device replayed: each draw is one of the measured
 *   latencies (one in ns per line of a file, at least 100), uniformly.
 */

#include <stddef.h>
#include <stdint.h>

enum rmc_lat_dist_kind {
	RMC_LAT_DIST_CONST = 0,
	RMC_LAT_DIST_NORMAL,
	RMC_LAT_DIST_LOGNORMAL,
	RMC_LAT_DIST_EMPIRICAL,
};

/* Fewest samples an empirical distribution accepts. */
#define RMC_LAT_DIST_EMPIRICAL_MIN 100
/* Most samples an empirical distribution keeps. */
#define RMC_LAT_DIST_EMPIRICAL_MAX 1000000

struct rmc_lat_dist {
	enum rmc_lat_dist_kind kind;
	double a;            /* constant; normal mean; lognormal median (ns) */
	double b;            /* normal deviation; lognormal p99 (ns) */
	double mu, sigma;    /* lognormal: of the underlying normal */
	uint32_t n;          /* empirical: samples */
	uint64_t *samples;   /* empirical: sorted, owned (rmc_lat_dist_free()) */
};

/* A seeded generator (xoshiro256**): never shared between threads. */
struct rmc_lat_rng {
	uint64_t s[4];
};

void rmc_lat_rng_seed(struct rmc_lat_rng *r, uint64_t seed);
uint64_t rmc_lat_rng_next(struct rmc_lat_rng *r);
/* Uniform in (0, 1): never 0, never 1. */
double rmc_lat_rng_unit(struct rmc_lat_rng *r);

/* Set up a law; 0, or -EINVAL with a one-line reason in why. */
int rmc_lat_dist_const(struct rmc_lat_dist *d, double ns, char *why, size_t len);
int rmc_lat_dist_normal(struct rmc_lat_dist *d, double mean, double sd, char *why, size_t len);
int rmc_lat_dist_lognormal(struct rmc_lat_dist *d, double median, double p99, char *why,
		size_t len);
/* One latency in ns a line ('#' comments and blank lines allowed). */
int rmc_lat_dist_empirical_file(struct rmc_lat_dist *d, const char *path, char *why,
		size_t len);
void rmc_lat_dist_free(struct rmc_lat_dist *d);

/* One latency in ns. */
double rmc_lat_dist_draw(const struct rmc_lat_dist *d, struct rmc_lat_rng *r);

/* The law's cumulative distribution function at x ns (for tests and reports). */
double rmc_lat_dist_cdf(const struct rmc_lat_dist *d, double x);

/* The law's mean in ns (the effective mean of the truncated normal). */
double rmc_lat_dist_mean(const struct rmc_lat_dist *d);

#endif /* _RMC_LAT_DIST_H_ */
