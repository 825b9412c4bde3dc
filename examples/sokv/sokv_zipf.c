/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "sokv.h"
#include "sokv_zipf.h"

void
sokv_rng_seed(struct sokv_rng *r, uint64_t seed)
{
	r->s = sokv_hash(seed);
}

uint64_t
sokv_rng_next(struct sokv_rng *r)
{
	/* splitmix64: each thread's own stream, from its seed. */
	r->s += UINT64_C(0x9e3779b97f4a7c15);
	return sokv_hash(r->s);
}

double
sokv_rng_unit(struct sokv_rng *r)
{
	return (double)(sokv_rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

int
sokv_zipf_init(struct sokv_zipf *z, uint64_t n, double theta)
{
	double sum = 0;
	uint64_t k;

	z->n = n;
	z->theta = theta;
	z->cdf = NULL;
	if (theta == 0)
		return 0;
	z->cdf = malloc(n * sizeof(*z->cdf));
	if (z->cdf == NULL)
		return -ENOMEM;
	for (k = 1; k <= n; k++) {
		sum += pow((double)k, -theta);
		z->cdf[k - 1] = sum;
	}
	for (k = 0; k < n; k++)
		z->cdf[k] /= sum;
	z->cdf[n - 1] = 1.0;
	return 0;
}

void
sokv_zipf_free(struct sokv_zipf *z)
{
	free(z->cdf);
	z->cdf = NULL;
}

uint64_t
sokv_zipf_draw(const struct sokv_zipf *z, struct sokv_rng *r)
{
	double u = sokv_rng_unit(r);
	uint64_t lo = 0, hi, mid;

	if (z->cdf == NULL)
		return 1 + sokv_rng_next(r) % z->n;
	/* The first k with cdf[k] > u. */
	hi = z->n - 1;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (z->cdf[mid] > u)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo + 1;
}

double
sokv_zipf_pmf(const struct sokv_zipf *z, uint64_t k)
{
	if (z->cdf == NULL)
		return 1.0 / (double)z->n;
	return k == 1 ? z->cdf[0] : z->cdf[k - 1] - z->cdf[k - 2];
}
