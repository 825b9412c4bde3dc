/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _TESTPMD_BENCH_H_
#define _TESTPMD_BENCH_H_

/* The bench command: reads or writes at a queue depth, timed. */

#include <stdint.h>

int tp_bench(int is_write, unsigned int nid, const char *size, uint64_t count, uint32_t depth);

#endif /* _TESTPMD_BENCH_H_ */
