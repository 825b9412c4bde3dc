/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _APP_HUGE_H_
#define _APP_HUGE_H_

/*
 * Whether a program should start the EAL on hugepages (--in-memory) or on
 * ordinary memory (--no-huge): one probe, one threshold, for every program.
 */

/*
 * Free hugepages needed to call them usable. The EAL on hugepages holds only
 * its own heap (rings, a few MiB of buffers): the nodes' memory is memfds that
 * the library puts on hugepages when it can and on ordinary pages otherwise.
 * 16 pages (32 MiB of 2 MiB pages) cover that heap. A higher figure would send
 * rmcd and rmc-testpmd to --no-huge, and refuse "rmcd --huge require", on
 * hosts where hugepages serve them well.
 */
#define APP_HUGE_MIN_FREE 16

/* 1 when hugetlbfs is mounted and at least APP_HUGE_MIN_FREE pages are free. */
int app_huge_usable(void);

#endif /* _APP_HUGE_H_ */
