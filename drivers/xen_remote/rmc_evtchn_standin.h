/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _RMC_EVTCHN_STANDIN_H_
#define _RMC_EVTCHN_STANDIN_H_

/*
 * A stand-in for Xen's event channels between the "domains" of one process
 * (unit tests only): the ports live in a table; each handle's descriptor is
 * an eventfd, readable while one of its ports is pending.
 */

#include <stdint.h>

#include "rmc_evtchn.h"

struct rmc_evtchn_table;

extern const struct rmc_evtchn_ops rmc_evtchn_standin_ops;

/* A table of 'ports' ports (the backend's argument); NULL with errno. */
struct rmc_evtchn_table *rmc_evtchn_table_create(uint32_t ports);

/* Notifications sent so far, and ports still bound. */
void rmc_evtchn_table_usage(struct rmc_evtchn_table *t, uint64_t *notified, uint32_t *bound);

/* Free it; -EBUSY (and freed anyway) when a port or handle was left open. */
int rmc_evtchn_table_destroy(struct rmc_evtchn_table *t);

#endif /* _RMC_EVTCHN_STANDIN_H_ */
