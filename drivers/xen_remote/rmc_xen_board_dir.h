/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _RMC_XEN_BOARD_DIR_H_
#define _RMC_XEN_BOARD_DIR_H_

/*
 * A stand-in for xenstore, for the unit tests only: the board of domain D is
 * the folder <root>/<D>/, one file per key ('/' in keys becomes '%'), whose
 * first line names the one domain allowed to read it, as the xenstore
 * permissions do. The open arg is the root folder (a string).
 */

#include "rmc_xen_env.h"

extern const struct rmc_xen_board_ops rmc_xen_board_dir_ops;

/* Entries (files) below root, all domains; -errno if root cannot be read. */
int rmc_xen_board_dir_count(const char *root);

#endif /* _RMC_XEN_BOARD_DIR_H_ */
