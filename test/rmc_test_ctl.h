/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _RMC_TEST_CTL_H_
#define _RMC_TEST_CTL_H_

/*
 * A raw session on a node's control socket, as a hostile application would
 * open one: the tests see the node's exact answers (result and text).
 */

#include <stdint.h>

#include "rmc_ctl_msg.h"

struct rte_rmc_node;

/* Connect and say hello as an application; the socket (reply in *m) or -1. */
int rmc_test_ctl_hello(struct rte_rmc_node *node, const char *cluster, uint16_t flags,
		struct rmc_ctl_msg *m);

/*
 * Send *m and wait for the reply; its result, or -EPIPE if the node did not
 * answer. A descriptor in the reply goes to *rfd (-1 if none) or, with a NULL
 * rfd, is closed.
 */
int rmc_test_ctl_call(int fd, struct rmc_ctl_msg *m, int *rfd);

#endif /* _RMC_TEST_CTL_H_ */
