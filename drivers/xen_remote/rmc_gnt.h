/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _RMC_GNT_H_
#define _RMC_GNT_H_

/*
 * Granted memory: pages one domain shares with another and the other maps.
 *
 * A backend does the work: in production libxengnttab (xengntshr_* to share
 * fresh pages with one peer domain, xengnttab_* to map a peer's grants); in
 * the unit tests ordinary shared memory (a memfd standing in for granted
 * pages, rmc_gnt_memfd.c), which follows the same rules (fresh zeroed pages,
 * references that only the named domain may map).
 *
 * The bookkeeping (struct rmc_gnt_book) records every share and every
 * mapping a node holds, so that stopping the node releases each one exactly
 * once: the original leaked its grants. A release of something not recorded
 * (twice, or never made) is refused and counted, not passed to the backend.
 */

#include <stddef.h>
#include <stdint.h>

/* Xen grants pages of 4 KiB, whatever the guest's page size. */
#define RMC_GNT_PAGE_SIZE 4096u
/* Pages one share or mapping may hold. */
#define RMC_GNT_MAX_COUNT 1024u
/* Records a book holds: a share and a mapping of two allocations per peer. */
#define RMC_GNT_BOOK_MAX 512u
/* No notification byte. */
#define RMC_GNT_NO_NOTIFY UINT32_MAX

struct rmc_gnt_ops {
	/** Backend name, for messages. */
	const char *name;
	/**
	 * Open the backend for a domain. 'self_domid' only matters to stand-ins
	 * (Xen knows who we are). NULL with errno and a reason in why on failure.
	 */
	void *(*open)(const void *arg, uint32_t self_domid, char *why, size_t len);
	void (*close)(void *h);
	/**
	 * Allocate 'count' zeroed pages that 'domid' may map writable; fill
	 * refs[count]. When notify_off is not RMC_GNT_NO_NOTIFY, count is 1
	 * and the byte at notify_off is cleared if this side goes away.
	 * The local mapping, or NULL with errno.
	 */
	void *(*share)(void *h, uint32_t domid, uint32_t count, uint32_t *refs,
		uint32_t notify_off);
	/** Unmap and end the sharing of what share returned. 0 or -errno. */
	int (*unshare)(void *h, void *addr, uint32_t count);
	/**
	 * Map 'count' grants of domain 'domid' contiguously, writable; with
	 * notify_off (count 1), the byte is cleared when this side goes away.
	 * The mapping, or NULL with errno.
	 */
	void *(*map)(void *h, uint32_t domid, uint32_t count, const uint32_t *refs,
		uint32_t notify_off);
	/** Unmap what map returned. 0 or -errno. */
	int (*unmap)(void *h, void *addr, uint32_t count);
};

enum rmc_gnt_kind {
	RMC_GNT_SHARED = 1,
	RMC_GNT_MAPPED = 2,
};

/* One share or one mapping. */
struct rmc_gnt_alloc {
	void *addr;
	uint32_t count;
	uint32_t domid;        /* the peer domain */
	enum rmc_gnt_kind kind;
	uint32_t refs[RMC_GNT_MAX_COUNT]; /* SHARED: the refs to publish */
};

struct rmc_gnt_book {
	const struct rmc_gnt_ops *ops;
	void *h;
	/* Live records: address, size, kind; unused slots have addr NULL. */
	struct {
		void *addr;
		uint32_t count;
		uint32_t domid;
		enum rmc_gnt_kind kind;
	} rec[RMC_GNT_BOOK_MAX];
	uint64_t shared_pages;   /* pages currently shared */
	uint64_t mapped_pages;   /* pages currently mapped */
	uint64_t shared_hwm;     /* most pages ever shared at once */
	uint64_t mapped_hwm;
	uint64_t bad_releases;   /* releases refused (not recorded) */
	uint64_t backend_errors; /* unshare/unmap failures reported by the backend */
};

/*
 * Open the backend and start an empty book. 0, or -errno with a reason in
 * why (the backend's: for Xen, why the grant devices could not be opened).
 */
int rmc_gnt_book_open(struct rmc_gnt_book *b, const struct rmc_gnt_ops *ops, const void *arg,
		uint32_t self_domid, char *why, size_t len);

/*
 * Release everything still recorded (each exactly once), then close the
 * backend. Returns how many records were still live: 0 after an orderly
 * stop, more when a caller forgot one (the book did not).
 */
unsigned int rmc_gnt_book_close(struct rmc_gnt_book *b);

/* Share fresh pages with a domain and record them. 0 or -errno. */
int rmc_gnt_share(struct rmc_gnt_book *b, uint32_t domid, uint32_t count, uint32_t notify_off,
		struct rmc_gnt_alloc *out);

/* Map a domain's grants and record the mapping. 0 or -errno. */
int rmc_gnt_map(struct rmc_gnt_book *b, uint32_t domid, uint32_t count, const uint32_t *refs,
		uint32_t notify_off, struct rmc_gnt_alloc *out);

/*
 * Release a share or mapping (unshare or unmap) and forget it; 'a' is
 * cleared. -ENOENT when it is not recorded (released already, or never
 * made): nothing is passed to the backend then.
 */
int rmc_gnt_release(struct rmc_gnt_book *b, struct rmc_gnt_alloc *a);

/* Live records of a kind (0 = any) and peer domain (UINT32_MAX = any). */
unsigned int rmc_gnt_book_count(const struct rmc_gnt_book *b, enum rmc_gnt_kind kind,
		uint32_t domid);

#endif /* _RMC_GNT_H_ */
