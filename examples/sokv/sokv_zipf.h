/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _SOKV_ZIPF_H_
#define _SOKV_ZIPF_H_

/*
 * Seeded key generators of sokv-bench: uniform over 1..n, and Zipfian
 * (P(k) proportional to 1 / k^theta, key 1 the hottest) drawn exactly by
 * inverting the cumulative distribution (a table of n doubles, a binary
 * search per draw), so that the draws follow the distribution that is
 * reported, not an approximation of it.
 */

#include <stdint.h>

struct sokv_rng {
	uint64_t s;
};

struct sokv_zipf {
	uint64_t n;
	double theta;
	double *cdf;            /* cdf[k - 1] = P(key <= k); NULL for uniform */
};

void sokv_rng_seed(struct sokv_rng *r, uint64_t seed);
uint64_t sokv_rng_next(struct sokv_rng *r);
/* Uniform in [0, 1). */
double sokv_rng_unit(struct sokv_rng *r);
/* theta 0 gives the uniform generator. 0, or -ENOMEM. */
int sokv_zipf_init(struct sokv_zipf *z, uint64_t n, double theta);
void sokv_zipf_free(struct sokv_zipf *z);
/* A key in 1..n. */
uint64_t sokv_zipf_draw(const struct sokv_zipf *z, struct sokv_rng *r);
/* The probability of key k (1..n). */
double sokv_zipf_pmf(const struct sokv_zipf *z, uint64_t k);

#endif /* _SOKV_ZIPF_H_ */
