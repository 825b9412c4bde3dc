/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/* rmc-bench's progress on stderr: see bench_progress.h. */

#include <pthread.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "bench_progress.h"

#define BAR_WIDTH 30
#define PLAIN_EVERY_S 5.0 /* plain lines: at most one per part every this long */

static struct {
	int enabled;
	int tty;
	unsigned int nb_parts;
	unsigned int part;       /* 1-based index of the current part; 0: none */
	unsigned int figures;    /* expected */
	unsigned int done;
	const char *name;
	double start;            /* of the current part */
	double run_start;
	double last_line;        /* plain lines: when the last one was printed */
	pthread_t clock;         /* redraws while a figure takes long (1 s, sleeping) */
	int clock_started;
} pg;

/* The calls and the clock thread print in turn. */
static pthread_mutex_t pg_lock = PTHREAD_MUTEX_INITIALIZER;

static double
pg_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void pg_plain(double now);
static void pg_draw(void);

/*
 * A part without figures for a while (16 nodes starting) still shows that it
 * runs: once a second the bar's clock, or every few seconds a plain line.
 * The thread sleeps in between: it takes no CPU from the measurements.
 */
static void *
pg_clock(void *arg)
{
	struct timespec one = { .tv_sec = 1, .tv_nsec = 0 };

	(void)arg;
	for (;;) {
		nanosleep(&one, NULL);
		pthread_mutex_lock(&pg_lock);
		if (pg.name != NULL && pg.tty)
			pg_draw();
		else if (pg.name != NULL && pg_now() - pg.last_line >= PLAIN_EVERY_S)
			pg_plain(pg_now());
		pthread_mutex_unlock(&pg_lock);
	}
	return NULL;
}

void
bench_progress_init(int enabled, unsigned int nb_parts)
{
	pg.enabled = enabled;
	pg.tty = isatty(STDERR_FILENO);
	pg.nb_parts = nb_parts;
	pg.run_start = pg_now();
	if (enabled && !pg.clock_started &&
			pthread_create(&pg.clock, NULL, pg_clock, NULL) == 0) {
		pthread_detach(pg.clock);
		pg.clock_started = 1;
	}
}

/* The bar: [#####.....] part 3/8 name  12/24  5.1 s */
static void
pg_draw(void)
{
	double frac = pg.figures ? (double)pg.done / pg.figures : 0;
	char bar[BAR_WIDTH + 1];
	int i, fill;

	if (frac > 0.99)
		frac = 0.99;
	fill = (int)(frac * BAR_WIDTH);
	for (i = 0; i < BAR_WIDTH; i++)
		bar[i] = i < fill ? '#' : '.';
	bar[BAR_WIDTH] = '\0';
	fprintf(stderr, "\r\033[K[%s] %2.0f%%  part %u/%u %s  %.0f s", bar, frac * 100,
		pg.part, pg.nb_parts, pg.name, pg_now() - pg.start);
	fflush(stderr);
}

static void
pg_end(void)
{
	if (!pg.enabled || pg.part == 0 || pg.name == NULL)
		return;
	if (pg.tty)
		fprintf(stderr, "\r\033[K");
	fprintf(stderr, "rmc-bench: part %u/%u %s: done in %.1f s (%.0f s so far)\n", pg.part,
		pg.nb_parts, pg.name, pg_now() - pg.start, pg_now() - pg.run_start);
	fflush(stderr);
	pg.name = NULL;
}

void
bench_progress_end(void)
{
	pthread_mutex_lock(&pg_lock);
	pg_end();
	pthread_mutex_unlock(&pg_lock);
}

void
bench_progress_part(const char *name, unsigned int figures)
{
	if (!pg.enabled)
		return;
	pthread_mutex_lock(&pg_lock);
	pg_end();
	pg.part++;
	pg.name = name;
	pg.figures = figures;
	pg.done = 0;
	pg.start = pg.last_line = pg_now();
	if (pg.tty) {
		pg_draw();
	} else {
		fprintf(stderr, "rmc-bench: part %u/%u %s...\n", pg.part, pg.nb_parts, name);
		fflush(stderr);
	}
	pthread_mutex_unlock(&pg_lock);
}

/* A plain line: how far the current part is. */
static void
pg_plain(double now)
{
	pg.last_line = now;
	fprintf(stderr, "rmc-bench: part %u/%u %s: %u of about %u figures, %.0f s\n", pg.part,
		pg.nb_parts, pg.name, pg.done, pg.figures, now - pg.start);
	fflush(stderr);
}

void
bench_progress_tick(void)
{
	double now;

	if (!pg.enabled)
		return;
	pthread_mutex_lock(&pg_lock);
	if (pg.name != NULL) {
		pg.done++;
		now = pg_now();
		if (pg.tty)
			pg_draw();
		else if (now - pg.last_line >= PLAIN_EVERY_S)
			pg_plain(now);
	}
	pthread_mutex_unlock(&pg_lock);
}
