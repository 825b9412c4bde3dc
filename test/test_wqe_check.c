/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/* The validation of copied WQ entries, as a pure function. */

#include <string.h>

#include "rmc_private.h"
#include "rmc_wqe_check.h"
#include "rmc_test.h"

static int
wqe_check(void)
{
	struct rmc_lbuf lbufs[2];
	uint8_t buf[256], *addr = NULL;
	struct rte_rmc_wqe w;
	int owner = 1, other = 2;

	memset(lbufs, 0, sizeof(lbufs));
	lbufs[0].base = buf;
	lbufs[0].size = sizeof(buf);
	lbufs[0].owner = (void *)&owner;
	lbufs[1].base = buf;
	lbufs[1].size = sizeof(buf);
	lbufs[1].owner = (void *)&other;
	memset(&w, 0, sizeof(w));
	w.opcode = RTE_RMC_OP_READ;
	w.length = 16;
	w.lbuf_offset = 240;
	RMC_TEST_ASSERT_STATUS(rmc_wqe_check(&w, 2, lbufs, 2, &owner, &addr), RTE_RMC_STATUS_OK);
	RMC_TEST_ASSERT(addr == buf + 240, "address");
	w.lbuf_offset = 241;
	RMC_TEST_ASSERT_STATUS(rmc_wqe_check(&w, 2, lbufs, 2, &owner, &addr),
		RTE_RMC_STATUS_BAD_LBUF);
	w.lbuf_offset = UINT64_MAX;
	RMC_TEST_ASSERT_STATUS(rmc_wqe_check(&w, 2, lbufs, 2, &owner, &addr),
		RTE_RMC_STATUS_BAD_LBUF);
	w.lbuf_offset = 0;
	w.lbuf_id = 1;
	RMC_TEST_ASSERT_STATUS(rmc_wqe_check(&w, 2, lbufs, 2, &owner, &addr),
		RTE_RMC_STATUS_BAD_LBUF);
	w.lbuf_id = 2;
	RMC_TEST_ASSERT_STATUS(rmc_wqe_check(&w, 2, lbufs, 2, &owner, &addr),
		RTE_RMC_STATUS_BAD_LBUF);
	RMC_TEST_ASSERT_STATUS(rmc_wqe_check(&w, 2, lbufs, 2, NULL, &addr),
		RTE_RMC_STATUS_BAD_LBUF);
	w.lbuf_id = 0;
	w.dst_nid = 2;
	RMC_TEST_ASSERT_STATUS(rmc_wqe_check(&w, 2, lbufs, 2, &owner, &addr),
		RTE_RMC_STATUS_BAD_NODE);
	w.dst_nid = 1;
	w.opcode = RTE_RMC_OP_FAA;
	RMC_TEST_ASSERT_STATUS(rmc_wqe_check(&w, 2, lbufs, 2, &owner, &addr),
		RTE_RMC_STATUS_BAD_LENGTH);
	w.length = 8;
	w.ctx_offset = 12;
	RMC_TEST_ASSERT_STATUS(rmc_wqe_check(&w, 2, lbufs, 2, &owner, &addr),
		RTE_RMC_STATUS_UNALIGNED);
	w.ctx_offset = 16;
	RMC_TEST_ASSERT_STATUS(rmc_wqe_check(&w, 2, lbufs, 2, &owner, &addr), RTE_RMC_STATUS_OK);
	w.flags = RTE_RMC_F_MORE | RTE_RMC_F_FENCE;
	RMC_TEST_ASSERT_STATUS(rmc_wqe_check(&w, 2, lbufs, 2, &owner, &addr), RTE_RMC_STATUS_OK);
	w.flags = 8;
	RMC_TEST_ASSERT_STATUS(rmc_wqe_check(&w, 2, lbufs, 2, &owner, &addr),
		RTE_RMC_STATUS_BAD_FLAGS);
	/* A start time only with its flag (the latency model's, rte_rmc_qp.h). */
	w.flags = 0;
	w.start_tsc = 5;
	RMC_TEST_ASSERT_STATUS(rmc_wqe_check(&w, 2, lbufs, 2, &owner, &addr),
		RTE_RMC_STATUS_BAD_FLAGS);
	w.flags = RTE_RMC_F_TIMED;
	RMC_TEST_ASSERT_STATUS(rmc_wqe_check(&w, 2, lbufs, 2, &owner, &addr), RTE_RMC_STATUS_OK);
	w.start_tsc = 0;
	w.flags = RTE_RMC_F_FENCE;
	w.opcode = RTE_RMC_OP_SABRE + 1;
	RMC_TEST_ASSERT_STATUS(rmc_wqe_check(&w, 2, lbufs, 2, &owner, &addr),
		RTE_RMC_STATUS_BAD_OPCODE);
	/* SABRe: an aligned header inside an object of 8 B to the limit. */
	w.opcode = RTE_RMC_OP_SABRE;
	RMC_TEST_ASSERT_STATUS(rmc_wqe_check(&w, 2, lbufs, 2, &owner, &addr), RTE_RMC_STATUS_OK);
	w.length = 4;
	RMC_TEST_ASSERT_STATUS(rmc_wqe_check(&w, 2, lbufs, 2, &owner, &addr),
		RTE_RMC_STATUS_BAD_LENGTH);
	w.length = 8;
	w.ctx_offset = 12;
	RMC_TEST_ASSERT_STATUS(rmc_wqe_check(&w, 2, lbufs, 2, &owner, &addr),
		RTE_RMC_STATUS_UNALIGNED);
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(wqe_check_autotest, wqe_check,
	.suite = "fast-tests", .timeout = 60, .no_huge = 1, .memcheck = 1);
