/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _SOKV_UTIL_H_
#define _SOKV_UTIL_H_

/* Command lines and figures of the soKV programs. */

#include <stdint.h>

/* A number in [min, max] given to option opt, or exit 2 with a message. */
uint64_t sokv_number(const char *prog, const char *opt, const char *val, uint64_t min,
		uint64_t max);
/* The same for a real number. */
double sokv_double(const char *prog, const char *opt, const char *val, double min, double max);
/* Print the usage line and exit 2. */
void sokv_usage(const char *prog, const char *usage) __attribute__((noreturn));
/* Sort v[0..n) and return its p-th percentile (0..100); 0 when n is 0. */
double sokv_percentile(double *v, uint64_t n, double p);

#endif /* _SOKV_UTIL_H_ */
