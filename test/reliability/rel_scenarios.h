/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _REL_SCENARIOS_H_
#define _REL_SCENARIOS_H_

/*
 * The in-process reliability scenarios, on a driver given by name with its
 * arguments (NULL, NULL: shm), so that a driver whose nodes need more set-up
 * (xen over its stand-ins: test_rel_xen.c) runs them unchanged. Each returns
 * TEST_SUCCESS or TEST_FAILED.
 */

/* Hostile WQ entries against the model, guards included (test_hostile.c). */
int hostile_wqe_run(const char *driver, const char *args);

/* Entries rewritten while the RMC reads them, the race shown (test_hostile_flood.c). */
int hostile_race_run(const char *driver, const char *args);

/* A flooding application beside a victim: the victim's progress, no side effect. */
int hostile_flood_run(const char *driver, const char *args);

/* Writes and atomics to read-only and too small contexts change nothing (test_perm.c). */
int perm_ro_run(const char *driver, const char *args);

/* An application's ITT share, on the direct or protocol path (test_app_share.c). */
int app_itt_share_run(const char *driver, const char *args);

/* A write from a local-buffer page without backing: MEM_FAULT (test_mem_fault.c). */
int mem_fault_lbuf_run(const char *driver, const char *args, const char *cluster);

/*
 * eth only: node 1's hellos dropped at node 0's port 'port_name' while it
 * answers reads, then while it is silent (test_eth_liveness.c).
 */
int eth_liveness_run(const char *driver, const char *args, const char *port_name);

#endif /* _REL_SCENARIOS_H_ */
