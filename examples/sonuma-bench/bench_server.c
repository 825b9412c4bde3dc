/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * bench_server: on the node it runs on, write each page's index at the start
 * of each 4 KiB page of context 0, for bench_sync and bench_async to check.
 */

#include <stdio.h>
#include <string.h>

#include "bench_common.h"

int
main(int argc, char **argv)
{
	uint8_t *ctx = NULL;
	uint32_t i;
	int fd;

	if (argc > 1) {
		int help = strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0;

		fprintf(help ? stdout : stderr, "Usage: %s   (writes the page indexes into context "
			"0 of node $RMC_NODE)\n", argv[0]);
		return help ? 0 : 2;
	}
	fd = kal_open((char *)RMC_DEV);
	if (fd < 0)
		return 1;
	if (kal_reg_ctx(fd, &ctx, BENCH_ITERS) < 0)
		return 1;
	for (i = 0; i < BENCH_ITERS; i++)
		memcpy(ctx + (uint64_t)i * PAGE_SIZE_SONUMA, &i, sizeof(i));
	__atomic_thread_fence(__ATOMIC_RELEASE);
	printf("bench_server: node %u: wrote the index of each of %u pages of context %u\n",
		rte_rmc_node_id(kal_session(fd)), BENCH_ITERS, BENCH_CTX_ID);
	return 0;
}
