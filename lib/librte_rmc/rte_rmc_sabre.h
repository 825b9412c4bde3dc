/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _RTE_RMC_SABRE_H_
#define _RTE_RMC_SABRE_H_

/**
 * @file
 * SABRe: an atomic read of a multi-cache-line object, done by the RMC
 * (Daglis et al., "Manycore network interfaces for in-memory rack-scale
 * computing", ISCA'15, and "SABRes: atomic object reads for in-memory
 * rack-scale computing", MICRO'16).
 *
 * An object is @c length bytes at an 8-byte aligned offset of a context; its
 * first 8 bytes are a struct rte_rmc_sabre_hdr, the version word. A writer
 * makes the version odd before it changes the object (the lock) and even
 * again, and different, after (rte_rmc_sabre_write_begin() and
 * rte_rmc_sabre_write_end() for a writer on the owning node; a remote writer
 * uses rte_rmc_cas() from an even v to v + 1, writes, then rte_rmc_write() of
 * v + 2).
 *
 * The RMC that executes a SABRe (the issuing node's RMC on direct-access
 * drivers and for loopback, the destination's RRPP on message drivers) reads
 * the version, copies the object, and checks that the version is unchanged and
 * even. It tries up to RTE_RMC_SABRE_ATTEMPTS times; then the request
 * completes with RTE_RMC_STATUS_CONFLICT. On success the local buffer holds an
 * object that no writer changed during the copy, its header is the version
 * seen, and the completion's value is that version.
 *
 * On message drivers an object larger than one protocol chunk is read chunk by
 * chunk, each chunk validated as above at the destination; the requester
 * checks that every chunk saw the same version and otherwise completes with
 * RTE_RMC_STATUS_CONFLICT (a writer finished between two chunks). On
 * direct-access drivers the object is copied whole, never cut into chunks.
 *
 * A SABRe is a read: it is allowed on read-only contexts.
 */

#include <stdint.h>

#include <rte_pause.h>

#include "rte_rmc.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Largest object a SABRe reads (header included). */
#define RTE_RMC_SABRE_MAX_LENGTH (64 * 1024)
/** Times the executing RMC tries the copy before it reports a conflict. */
#define RTE_RMC_SABRE_ATTEMPTS 32

/** The header of an object that SABRes read: the first 8 bytes of the object. */
struct rte_rmc_sabre_hdr {
	/** Even: stable; odd: a writer holds the object. Bumped by each write. */
	uint64_t version;
};

/**
 * 1 if a version word says that a writer holds the object.
 *
 * @param version
 *   A value of struct rte_rmc_sabre_hdr::version.
 */
static inline int
rte_rmc_sabre_locked(uint64_t version)
{
	return (version & 1) != 0;
}

/**
 * Local writer (on the node that owns the object): take the object's lock.
 * Spins while another writer holds it; writers of one object are expected to
 * be few (sokv's server takes it for one PUT).
 *
 * @param h
 *   The object's header in the node's own context.
 * @return
 *   The version before the write (even); pass it to rte_rmc_sabre_write_end().
 */
static inline uint64_t
rte_rmc_sabre_write_begin(struct rte_rmc_sabre_hdr *h)
{
	uint64_t v;

	for (;;) {
		v = __atomic_load_n(&h->version, __ATOMIC_ACQUIRE);
		if (!rte_rmc_sabre_locked(v) && __atomic_compare_exchange_n(&h->version, &v,
				v + 1, 0, __ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
			return v;
		rte_pause();
	}
}

/**
 * Local writer: release the lock taken by rte_rmc_sabre_write_begin(); the
 * object's new version is @p v + 2.
 *
 * @param h
 *   The object's header.
 * @param v
 *   What rte_rmc_sabre_write_begin() returned.
 */
static inline void
rte_rmc_sabre_write_end(struct rte_rmc_sabre_hdr *h, uint64_t v)
{
	/* Release: every byte of the object is written before the version says so. */
	__atomic_store_n(&h->version, v + 2, __ATOMIC_RELEASE);
}

/**
 * Post an asynchronous SABRe of the object of @p len bytes at offset
 * @p ctx_off of context @p ctx_id on node @p nid, into the local buffer.
 *
 * @param qp
 *   The queue pair.
 * @param lbuf
 *   The registered local buffer that receives the object.
 * @param lbuf_off
 *   Offset in the local buffer.
 * @param nid
 *   Destination node.
 * @param ctx_id
 *   Context on the destination.
 * @param ctx_off
 *   Offset of the object's header; a multiple of 8 (else
 *   RTE_RMC_STATUS_UNALIGNED).
 * @param len
 *   Bytes of the object, header included: 8 to RTE_RMC_SABRE_MAX_LENGTH
 *   (else RTE_RMC_STATUS_BAD_LENGTH).
 * @param tag
 *   User tag returned in the completion.
 * @param flags
 *   RTE_RMC_F_* flags.
 * @return
 *   As rte_rmc_post(). The completion's status is RTE_RMC_STATUS_OK (value:
 *   the version read), RTE_RMC_STATUS_CONFLICT, or any error of a read.
 */
int rte_rmc_sabre(struct rte_rmc_qp *qp, const struct rte_rmc_lbuf *lbuf, uint64_t lbuf_off,
		uint16_t nid, uint16_t ctx_id, uint64_t ctx_off, uint64_t len, uint64_t tag,
		uint32_t flags);

/**
 * Synchronous rte_rmc_sabre().
 *
 * @param version
 *   If not NULL, receives the version read (on RTE_RMC_STATUS_OK).
 * @param timeout_us
 *   As rte_rmc_exec_sync().
 * @return
 *   The request's status (enum rte_rmc_status).
 */
int rte_rmc_sabre_sync(struct rte_rmc_qp *qp, const struct rte_rmc_lbuf *lbuf,
		uint64_t lbuf_off, uint16_t nid, uint16_t ctx_id, uint64_t ctx_off, uint64_t len,
		uint64_t *version, uint32_t timeout_us);

#ifdef __cplusplus
}
#endif

#endif /* _RTE_RMC_SABRE_H_ */
