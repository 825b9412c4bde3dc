/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#include <sched.h>

#include "app_cpu.h"

int
app_cpu_pick_two(int *main_cpu, int *worker_cpu)
{
	int first = -1, last = -1, c;
	cpu_set_t cs;

	if (sched_getaffinity(0, sizeof(cs), &cs) == 0) {
		for (c = 0; c < CPU_SETSIZE; c++) {
			if (!CPU_ISSET(c, &cs))
				continue;
			if (first < 0)
				first = c;
			last = c;
		}
	}
	if (first < 0) {
		*main_cpu = *worker_cpu = 0;
		return 0;
	}
	*main_cpu = first;
	*worker_cpu = last;
	return first == last ? 1 : 2;
}
