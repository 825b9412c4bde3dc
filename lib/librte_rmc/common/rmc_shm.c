/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#include <errno.h>
#include <inttypes.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <rte_common.h>

#include "rmc_log.h"
#include "rmc_common.h"
#include "rmc_shm.h"

#ifndef MFD_HUGETLB
#define MFD_HUGETLB 0x0004U
#endif
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

/* Memory that an allocation of ordinary pages must leave to the system. */
#define RMC_SHM_MEM_RESERVE (UINT64_C(256) << 20)

static uint32_t rmc_shm_huge_warned;

uint64_t
rmc_shm_hugepage_size(void)
{
	static uint64_t cached;
	char line[128];
	unsigned long kb;
	FILE *f;

	if (cached != 0)
		return cached;
	f = fopen("/proc/meminfo", "r");
	if (f == NULL)
		return 0;
	while (fgets(line, sizeof(line), f) != NULL) {
		if (sscanf(line, "Hugepagesize: %lu kB", &kb) == 1) {
			cached = (uint64_t)kb << 10;
			break;
		}
	}
	fclose(f);
	return cached;
}

/* A number from the first line of a file, UINT64_MAX if absent or "max". */
static uint64_t
rmc_shm_read_u64(const char *path)
{
	unsigned long long v;
	FILE *f = fopen(path, "r");
	int n;

	if (f == NULL)
		return UINT64_MAX;
	n = fscanf(f, "%llu", &v);
	fclose(f);
	return n == 1 ? v : UINT64_MAX;
}

/*
 * Memory this process may still fill: the system's MemAvailable, or less
 * when the cgroup (v2 or v1, as seen from inside) sets a lower limit.
 * UINT64_MAX when unknown.
 */
uint64_t
rmc_shm_mem_available(void)
{
	static const char *const limits[][2] = {
		{ "/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory.current" },
		{ "/sys/fs/cgroup/memory/memory.limit_in_bytes",
		  "/sys/fs/cgroup/memory/memory.usage_in_bytes" },
	};
	uint64_t avail = UINT64_MAX, lim, used;
	unsigned long kb;
	char line[128];
	unsigned int i;
	FILE *f;

	f = fopen("/proc/meminfo", "r");
	if (f != NULL) {
		while (fgets(line, sizeof(line), f) != NULL) {
			if (sscanf(line, "MemAvailable: %lu kB", &kb) == 1) {
				avail = (uint64_t)kb << 10;
				break;
			}
		}
		fclose(f);
	}
	for (i = 0; i < RTE_DIM(limits); i++) {
		lim = rmc_shm_read_u64(limits[i][0]);
		used = rmc_shm_read_u64(limits[i][1]);
		if (lim == UINT64_MAX || used == UINT64_MAX)
			continue;
		avail = RTE_MIN(avail, lim > used ? lim - used : 0);
	}
	return avail;
}

static int
rmc_shm_try(const char *name, uint64_t size, int huge, int numa, struct rmc_shm_seg *seg)
{
	unsigned int flags = MFD_CLOEXEC | MFD_ALLOW_SEALING | (huge ? MFD_HUGETLB : 0);
	uint64_t page = huge ? rmc_shm_hugepage_size() : (uint64_t)getpagesize();
	uint64_t map_size = RTE_ALIGN_CEIL(size, page);
	void *addr;
	int fd, err;

	fd = memfd_create(name, flags);
	if (fd < 0)
		return -errno;
	if (ftruncate(fd, map_size) < 0)
		goto fail;
	/*
	 * Populating at once makes a hugepage shortage fail here, not at first
	 * touch. With a NUMA domain, the policy is set before any page exists.
	 */
	addr = mmap(NULL, map_size, PROT_READ | PROT_WRITE,
		MAP_SHARED | (numa < 0 ? MAP_POPULATE : 0), fd, 0);
	if (addr == MAP_FAILED)
		goto fail;
	if (numa >= 0) {
		err = rmc_numa_bind_range(addr, map_size, numa);
		if (err == 0 && madvise(addr, map_size, MADV_POPULATE_WRITE) < 0)
			err = -errno;
		if (err < 0) {
			munmap(addr, map_size);
			close(fd);
			return err;
		}
	}
	if (fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL) < 0) {
		err = -errno;
		munmap(addr, map_size);
		close(fd);
		return err;
	}
	seg->addr = addr;
	seg->size = map_size;
	seg->fd = fd;
	seg->huge = huge;
	return 0;
fail:
	err = -errno;
	close(fd);
	return err;
}

int
rmc_shm_create(const char *name, uint64_t size, enum rte_rmc_huge_mode mode,
		struct rmc_shm_seg *seg)
{
	return rmc_shm_create_numa(name, size, mode, -1, seg);
}

int
rmc_shm_create_numa(const char *name, uint64_t size, enum rte_rmc_huge_mode mode, int numa,
		struct rmc_shm_seg *seg)
{
	uint64_t hp = rmc_shm_hugepage_size();
	uint64_t avail;
	int want_huge = mode != RTE_RMC_HUGE_OFF && hp != 0 && size >= hp;
	int ret;

	if (size == 0)
		return -EINVAL;
	if (want_huge) {
		ret = rmc_shm_try(name, size, 1, numa, seg);
		if (ret == 0)
			return 0;
		if (mode == RTE_RMC_HUGE_REQUIRE) {
			RMC_LOG(ERR, "cannot get %" PRIu64 " MiB of hugepages for %s: %s; "
				"reserve more in /proc/sys/vm/nr_hugepages or drop --huge require",
				size >> 20, name, strerror(-ret));
			return ret;
		}
		if (__atomic_exchange_n(&rmc_shm_huge_warned, 1, __ATOMIC_RELAXED) == 0)
			RMC_LOG(WARNING, "hugepages unavailable for %s (%s): using ordinary "
				"shared memory (slower TLB behaviour); reserve hugepages to avoid this",
				name, strerror(-ret));
	} else if (mode == RTE_RMC_HUGE_REQUIRE && size >= hp && hp == 0) {
		RMC_LOG(ERR, "hugepages are not supported on this system, but --huge require was given");
		return -ENOTSUP;
	}
	/*
	 * Ordinary shared memory is populated at once: without this check, a
	 * size beyond what the machine holds would wake the OOM killer (which
	 * may pick any process) instead of failing here.
	 */
	avail = rmc_shm_mem_available();
	if (size > avail || avail - size < RMC_SHM_MEM_RESERVE) {
		RMC_LOG(ERR, "cannot allocate %" PRIu64 " MiB for %s: only %" PRIu64 " MiB of "
			"memory available (%" PRIu64 " MiB kept free)", size >> 20, name,
			avail >> 20, RMC_SHM_MEM_RESERVE >> 20);
		return -ENOMEM;
	}
	ret = rmc_shm_try(name, size, 0, numa, seg);
	if (ret < 0 && numa >= 0)
		RMC_LOG(ERR, "cannot allocate %" PRIu64 " bytes of shared memory for %s on NUMA "
			"domain %d: %s", size, name, numa, strerror(-ret));
	else if (ret < 0)
		RMC_LOG(ERR, "cannot allocate %" PRIu64 " bytes of shared memory for %s: %s",
			size, name, strerror(-ret));
	return ret;
}

void *
rmc_shm_map_fd(int fd, uint64_t size)
{
	return rmc_shm_map_fd_prot(fd, size, PROT_READ | PROT_WRITE);
}

void *
rmc_shm_map_fd_prot(int fd, uint64_t size, int prot)
{
	struct stat st;
	void *addr;

	if (fstat(fd, &st) < 0)
		return NULL;
	if ((uint64_t)st.st_size < size) {
		errno = EPROTO;
		return NULL;
	}
	addr = mmap(NULL, size, prot, MAP_SHARED, fd, 0);
	return addr == MAP_FAILED ? NULL : addr;
}

void
rmc_shm_destroy(struct rmc_shm_seg *seg)
{
	if (seg->addr != NULL)
		munmap(seg->addr, seg->size);
	if (seg->fd >= 0)
		close(seg->fd);
	seg->addr = NULL;
	seg->fd = -1;
}
