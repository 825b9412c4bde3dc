/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _RMC_LOG_H_
#define _RMC_LOG_H_

#include <rte_log.h>

/* Dynamic log type "lib.rmc"; --log-level=lib.rmc:debug enables debug lines. */
extern int rmc_logtype;

#define RMC_LOG(level, fmt, ...) \
	rte_log(RTE_LOG_ ## level, rmc_logtype, "RMC: " fmt "\n", ##__VA_ARGS__)

#endif /* _RMC_LOG_H_ */
