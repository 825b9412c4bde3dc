/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _APP_CPU_H_
#define _APP_CPU_H_

/*
 * The CPUs of the two lcores a program starts with when the user names none:
 * the main lcore (the application, or a thread that mostly sleeps) and one
 * worker for the RMC, as far apart as the CPUs this process may use allow.
 */

/*
 * Set *main_cpu to the first and *worker_cpu to the last CPU of this
 * process's affinity. Returns how many distinct CPUs they are: 2, 1 (both
 * the same CPU), or 0 when the affinity cannot be read (both are then 0).
 */
int app_cpu_pick_two(int *main_cpu, int *worker_cpu);

#endif /* _APP_CPU_H_ */
