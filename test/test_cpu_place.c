/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * rmcd's default CPU for its RMC (app_cpu_place()): a pure function of the
 * node id, the node count and the allowed CPUs, so that the nodes of a
 * cluster agree; one CPU per RMC when there are nodes + 1 CPUs, and a note
 * saying that they share otherwise.
 */

#include <string.h>

#include "app_cpu.h"
#include "rmc_test.h"

static int
cpu_place(void)
{
	static const int eight[] = { 0, 1, 2, 3, 4, 5, 6, 7 };
	static const int odd[] = { 2, 5, 9, 11, 12 };
	static const int two[] = { 0, 1 };
	struct app_cpu_place p, again;
	int used[8] = { 0 };
	unsigned int i;

	/* 4 nodes on 8 CPUs: 4 distinct CPUs, none the applications'. */
	for (i = 0; i < 4; i++) {
		RMC_TEST_ASSERT(app_cpu_place(i, 4, eight, 8, &p) == 0, "node %u", i);
		RMC_TEST_ASSERT(!p.shared, "node %u: shared with 8 CPUs: %s", i, p.note);
		RMC_TEST_ASSERT(p.rmc_cpu >= 0 && p.rmc_cpu < 8, "node %u on CPU %d", i, p.rmc_cpu);
		RMC_TEST_ASSERT(!used[p.rmc_cpu], "node %u: CPU %d given twice", i, p.rmc_cpu);
		used[p.rmc_cpu] = 1;
		RMC_TEST_ASSERT_EQ(p.app_cpus, 4, "CPUs left to applications");
		RMC_TEST_ASSERT((unsigned int)p.rmc_cpu >= p.app_cpus,
			"node %u's RMC on application CPU %d", i, p.rmc_cpu);
		RMC_TEST_ASSERT(p.main_cpu == 0, "main lcore on CPU %d", p.main_cpu);
		RMC_TEST_ASSERT(strstr(p.note, "one CPU per RMC") != NULL, "note: %s", p.note);
		/* Pure: the same question, the same answer. */
		RMC_TEST_ASSERT(app_cpu_place(i, 4, eight, 8, &again) == 0 &&
			memcmp(&p, &again, sizeof(p)) == 0, "node %u: two answers", i);
	}
	/* Exactly nodes + 1 CPUs, not contiguous: still one each, one left. */
	memset(used, 0, sizeof(used));
	for (i = 0; i < 4; i++) {
		RMC_TEST_ASSERT(app_cpu_place(i, 4, odd, 5, &p) == 0 && !p.shared, "node %u", i);
		RMC_TEST_ASSERT(p.rmc_cpu != 2 && p.rmc_cpu != used[0] && p.rmc_cpu != used[1] &&
			p.rmc_cpu != used[2] && p.rmc_cpu != used[3], "node %u on CPU %d", i,
			p.rmc_cpu);
		used[i] = p.rmc_cpu;
		RMC_TEST_ASSERT_EQ(p.app_cpus, 1, "");
	}
	/* 4 nodes on 2 CPUs: shared, and the note says so. */
	for (i = 0; i < 4; i++) {
		RMC_TEST_ASSERT(app_cpu_place(i, 4, two, 2, &p) == 0, "node %u", i);
		RMC_TEST_ASSERT(p.shared && p.app_cpus == 1, "node %u not shared", i);
		/* The RMCs take turns on CPU 1; CPU 0 stays the application's. */
		RMC_TEST_ASSERT(p.rmc_cpu == 1, "node %u on CPU %d", i, p.rmc_cpu);
		RMC_TEST_ASSERT(strstr(p.note, "2 allowed CPUs are fewer than nodes + 1 = 5") !=
			NULL && strstr(p.note, "adaptive idle policy") != NULL, "note: %s", p.note);
	}
	/* 2 nodes on 2 CPUs: shared too (none left for the application). */
	RMC_TEST_ASSERT(app_cpu_place(1, 2, two, 2, &p) == 0 && p.shared, "2 on 2");
	/* 6 nodes on 4 CPUs: CPUs 1-3, each twice; CPU 0 the applications'. */
	for (i = 0; i < 6; i++) {
		RMC_TEST_ASSERT(app_cpu_place(i, 6, eight, 4, &p) == 0 && p.shared, "6 on 4");
		RMC_TEST_ASSERT_EQ(p.rmc_cpu, 3 - (int)(i % 3), "node %u", i);
	}
	RMC_TEST_ASSERT(app_cpu_place(2, 3, eight, 1, &p) == 0 && p.rmc_cpu == 0 &&
		p.app_cpus == 0, "one CPU");
	RMC_TEST_ASSERT(app_cpu_place(4, 4, eight, 8, &p) < 0, "node id out of range");
	RMC_TEST_ASSERT(app_cpu_place(0, 4, eight, 0, &p) < 0, "no CPU");
	return TEST_SUCCESS;
}
RMC_REGISTER_TEST(cpu_place_autotest, cpu_place,
	.suite = "fast-tests", .timeout = 30, .no_huge = 1, .memcheck = 1);
