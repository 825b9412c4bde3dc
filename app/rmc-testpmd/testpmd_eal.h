/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _TESTPMD_EAL_H_
#define _TESTPMD_EAL_H_

/* rmc-testpmd's EAL arguments, completed with app/common's steps (app_eal_args.h). */

#include <stddef.h>

#include "testpmd_args.h"

/*
 * Complete o's EAL arguments with rmc-testpmd's defaults. 0, or -1 with the
 * reason in err.
 */
int tp_complete_eal_args(struct tp_opts *o, char *err, size_t errlen);

#endif /* _TESTPMD_EAL_H_ */
