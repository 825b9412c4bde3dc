/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _BENCH_PROGRESS_H_
#define _BENCH_PROGRESS_H_

/*
 * What rmc-bench is doing, on stderr (stdout carries the results only):
 * each part is announced; on a terminal a one-line bar is redrawn as the
 * part's figures complete, elsewhere plain lines, one every few seconds at
 * most. A part counts its figures with bench_progress_tick() (called from
 * bench_fig_of(), so every measurement advances it); the expected count is
 * an estimate: the bar stops at 99% until the part ends.
 */

/* Set up: 'enabled' 0 makes every call silent; nb_parts: the parts announced. */
void bench_progress_init(int enabled, unsigned int nb_parts);
/* A part starts: its name and about how many figures it measures. */
void bench_progress_part(const char *name, unsigned int figures);
/* A figure of the current part is measured. */
void bench_progress_tick(void);
/* The current part ended (the next bench_progress_part() ends it too). */
void bench_progress_end(void);

#endif /* _BENCH_PROGRESS_H_ */
