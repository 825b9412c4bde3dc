/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The requester's side of the wake protocol (rmc_wake.h) and the futex calls
 * both sides use. Shared futexes: the word lives in a MAP_SHARED page that
 * every process maps from the same file, so the kernel keys it by the file
 * and offset, whatever the address in each process.
 */

#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <linux/membarrier.h>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "rmc_shm.h"
#include "rmc_wake.h"

/* Calls between two repeated wake-ups while one is owed. */
#define RMC_WAKE_RETRY_EVERY 64

int
rmc_membarrier_supported(void)
{
	long q = syscall(SYS_membarrier, MEMBARRIER_CMD_QUERY, 0, 0);

	return q > 0 && (q & MEMBARRIER_CMD_GLOBAL_EXPEDITED) != 0;
}

static int rmc_membarrier_registered;

static void
rmc_membarrier_register_once(void)
{
	rmc_membarrier_registered = rmc_membarrier_supported() &&
		syscall(SYS_membarrier, MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED, 0, 0) == 0;
}

int
rmc_membarrier_register(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, rmc_membarrier_register_once);
	return rmc_membarrier_registered;
}

int
rmc_membarrier_global(void)
{
	return syscall(SYS_membarrier, MEMBARRIER_CMD_GLOBAL_EXPEDITED, 0, 0) < 0 ? -errno : 0;
}

int
rmc_futex_wait(uint32_t *word, uint32_t val, uint64_t ns)
{
	struct timespec ts = {
		.tv_sec = (time_t)(ns / 1000000000ull),
		.tv_nsec = (long)(ns % 1000000000ull),
	};

	if (syscall(SYS_futex, word, FUTEX_WAIT, val, &ts, NULL, 0) < 0)
		return -errno; /* EAGAIN: the word changed; ETIMEDOUT; EINTR */
	return 0;
}

int
rmc_futex_wake_all(const uint32_t *word)
{
	long n = syscall(SYS_futex, word, FUTEX_WAKE, INT_MAX, NULL, NULL, 0);

	return n < 0 ? -errno : (int)n;
}

void
rmc_waker_kick(struct rmc_waker *w)
{
	rmc_futex_wake_all(&w->page->asleep);
	w->owed = 1;
	w->tries = 0;
}

void
rmc_waker_retry(struct rmc_waker *w, int pending)
{
	if (w->page == NULL || !pending ||
			__atomic_load_n(&w->page->asleep, __ATOMIC_ACQUIRE) == 0) {
		w->owed = 0;
		return;
	}
	if (++w->tries % RMC_WAKE_RETRY_EVERY == 0)
		rmc_futex_wake_all(&w->page->asleep);
}

int
rmc_waker_map(struct rmc_waker *w, int fd, uint16_t node_id)
{
	uint64_t size = RTE_ALIGN_CEIL(sizeof(struct rmc_wake_page), (uint64_t)getpagesize());
	const struct rmc_wake_page *page;

	page = rmc_shm_map_fd_prot(fd, size, PROT_READ);
	if (page == NULL)
		return -errno;
	if (page->magic != RMC_WAKE_PAGE_MAGIC || page->node_id != node_id) {
		munmap((void *)(uintptr_t)page, size);
		return -EPROTO;
	}
	w->map_size = size;
	w->owed = 0;
	w->tries = 0;
	w->light = page->membarrier == 1 && rmc_membarrier_register();
	w->page = page;
	return 0;
}

void
rmc_waker_unmap(struct rmc_waker *w)
{
	if (w->page != NULL)
		munmap((void *)(uintptr_t)w->page, w->map_size);
	w->page = NULL;
	w->owed = 0;
}
