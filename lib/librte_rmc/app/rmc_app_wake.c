/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The application's side of the wake protocol (common/rmc_wake.h): the
 * session maps its node's wake page from a read-only descriptor; every QP
 * then checks, after publishing entries, whether the RMC sleeps.
 *
 * RMC_WAKE_CHECK=0 in the environment leaves the page unmapped, so that posts
 * make no check: only for measuring what the check costs (rmc-bench); the
 * node's RMC must then not sleep (--idle spin), or requests wait for its
 * bounded wake-up.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rmc_app.h"
#include "rmc_ctl_msg.h"
#include "rmc_log.h"

void
rmc_app_wake_attach(struct rte_rmc_session *s)
{
	const char *env = getenv("RMC_WAKE_CHECK");
	struct rmc_ctl_msg m;
	int fd = -1, ret;

	if (env != NULL && strcmp(env, "0") == 0)
		return;
	rmc_ctl_init(&m, RMC_CTL_WAKE_PAGE);
	ret = rmc_session_call_quiet(s, &m, &fd);
	if (ret == 0 && fd < 0)
		ret = -EPROTO;
	if (ret == 0)
		ret = rmc_waker_map(&s->wake, fd, s->node_id);
	if (fd >= 0)
		close(fd);
	if (ret < 0)
		RMC_LOG(WARNING, "node %u: no wake page (%s): a sleeping RMC answers only at "
			"its next bounded wake-up", s->node_id, strerror(-ret));
}
