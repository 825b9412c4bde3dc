/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _TESTPMD_CLUSTER_H_
#define _TESTPMD_CLUSTER_H_

/*
 * The cluster rmc-testpmd drives (in this process, or attached rmcd
 * processes) and the session through which each node is reached.
 */

#include "testpmd.h"

int tp_cluster_start(void);
int tp_attach_start(void);
void tp_cluster_stop(void);

/* 0 if node nid exists, else -1 and an error message. */
int tp_check_node(unsigned int nid);

/* Node nid, its session attached (on first use); NULL after an error message. */
struct tp_node *tp_session(unsigned int nid);

#endif /* _TESTPMD_CLUSTER_H_ */
