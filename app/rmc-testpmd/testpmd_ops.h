/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _TESTPMD_OPS_H_
#define _TESTPMD_OPS_H_

/* The data commands: contexts, reads, writes and atomics. */

#include <stdint.h>

int tp_ctx_create(unsigned int nid, uint16_t ctx_id, const char *size, const char *perm);
int tp_read(unsigned int nid, uint16_t ctx_id, uint64_t off, uint64_t len);
int tp_sabre(unsigned int nid, uint16_t ctx_id, uint64_t off, uint64_t len);
int tp_write(unsigned int nid, uint16_t ctx_id, uint64_t off, const char *hex);
int tp_cas(unsigned int nid, uint16_t ctx_id, uint64_t off, uint64_t expected, uint64_t desired);
int tp_faa(unsigned int nid, uint16_t ctx_id, uint64_t off, uint64_t add);

#endif /* _TESTPMD_OPS_H_ */
