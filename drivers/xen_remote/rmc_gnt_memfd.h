/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _RMC_GNT_MEMFD_H_
#define _RMC_GNT_MEMFD_H_

/*
 * A stand-in for Xen grant tables, for the unit tests only: a memfd holds
 * the "granted" pages and a table in this process records, per grant
 * reference, which domain granted it to which. It keeps Xen's rules, so that
 * the code above it is tested against them:
 *   - a share allocates fresh zeroed pages (not necessarily consecutive
 *     references) for one named domain; refs 0..7 are never handed out;
 *   - only that domain can map them, and only while they are shared;
 *   - mappings are contiguous even when the references are not;
 *   - a page unshared while still mapped stays until the mapping goes;
 *   - a notification byte is cleared when its side unshares or unmaps.
 * Several "domains" (nodes) of one test process share one table.
 */

#include <stdint.h>

#include "rmc_gnt.h"

struct rmc_gnt_memfd_table;

extern const struct rmc_gnt_ops rmc_gnt_memfd_ops;

/*
 * A table of 'entries' grant references (the grant-table size: a share that
 * does not fit fails with ENOSPC, as on Xen). Pass it as the ops' open arg.
 */
struct rmc_gnt_memfd_table *rmc_gnt_memfd_table_create(uint32_t entries);

/* Free the table; -EBUSY (and nothing freed) while grants or maps are live. */
int rmc_gnt_memfd_table_destroy(struct rmc_gnt_memfd_table *t);

/* Grants in use (shared, or ended but still mapped) and pages mapped. */
void rmc_gnt_memfd_table_usage(struct rmc_gnt_memfd_table *t, uint32_t *grants,
		uint32_t *mapped);

/* Grants that 'owner' gave 'grantee' and that are still shared. */
uint32_t rmc_gnt_memfd_table_granted(struct rmc_gnt_memfd_table *t, uint32_t owner,
		uint32_t grantee);

#endif /* _RMC_GNT_MEMFD_H_ */
