/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _APP_OPTS_H_
#define _APP_OPTS_H_

/*
 * Pieces of command-line parsing that the programs share, so that an option
 * they have in common is read, and refused, in the same words by each.
 * Parsers return 0, or -1 with a one-line reason in 'err'.
 */

#include <stddef.h>

#include <rte_rmc_node.h>

/* Write a reason into err (always terminated) and return -1. */
int app_err(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* --cluster NAME: a valid cluster name, copied into out. */
int app_opt_cluster(const char *val, char *out, size_t len, char *err, size_t errlen);

/* --driver NAME: a driver built into the library, copied into out. */
int app_opt_driver(const char *val, char *out, size_t len, char *err, size_t errlen);

/* --idle POLICY: adaptive, spin, yield or sleep. */
int app_opt_idle(const char *val, enum rte_rmc_idle_policy *idle, char *err, size_t errlen);

#endif /* _APP_OPTS_H_ */
