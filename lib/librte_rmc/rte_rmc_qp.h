/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _RTE_RMC_QP_H_
#define _RTE_RMC_QP_H_

/**
 * @file
 * Queue-pair ABI shared by applications and the RMC.
 *
 * A queue pair (QP) is one shared memory segment holding a header, a work
 * queue (WQ) of @c depth one-cache-line entries written by the application,
 * and a completion queue (CQ) of @c depth entries written by the RMC.
 *
 * Publication uses the phase (sense-reverse) bit: on lap L of a queue
 * (position / depth), a valid entry carries phase @c rte_rmc_phase(pos, depth).
 * The producer writes every other field first and then stores the phase word
 * with release semantics; the consumer loads the phase with acquire semantics
 * before it reads anything else. Memory starts zeroed, and the first lap uses
 * phase 1, so a fresh queue holds no valid entry.
 *
 * The RMC treats every WQ entry as untrusted: it copies the entry out of
 * shared memory before validating it and uses only the copy.
 */

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Magic number at the start of every QP segment ("RMCQ"). */
#define RTE_RMC_QP_MAGIC 0x514d4352u
/**
 * ABI version of the QP layout; bumped on any incompatible change.
 * 2: a WQ entry carries the time before which its request may not start
 * (RTE_RMC_F_TIMED, @c start_tsc), which the latency model needs on the RMC
 * side (effect not before post + one-way, fences behind earlier deadlines);
 * the application's latency-model counters follow the header, so the WQ
 * moved from offset 256 to 1024.
 */
#define RTE_RMC_ABI_VERSION 2
/** Smallest legal QP depth. */
#define RTE_RMC_QP_DEPTH_MIN 2
/** Largest legal QP depth. */
#define RTE_RMC_QP_DEPTH_MAX 4096

/** Work-queue operation codes. */
enum rte_rmc_opcode {
	RTE_RMC_OP_NONE = 0,  /**< Never valid; catches zeroed entries. */
	RTE_RMC_OP_READ = 1,  /**< Remote context -> local buffer. */
	RTE_RMC_OP_WRITE = 2, /**< Local buffer -> remote context. */
	RTE_RMC_OP_CAS = 3,   /**< Compare-and-swap of an aligned 8-byte word. */
	RTE_RMC_OP_FAA = 4,   /**< Fetch-and-add of an aligned 8-byte word. */
	RTE_RMC_OP_SABRE = 5, /**< Atomic object read (rte_rmc_sabre.h). */
};

/** Request flag: start only after every earlier request of the QP completed. */
#define RTE_RMC_F_FENCE 0x01
/**
 * Request flag, a hint set by rte_rmc_post_burst(): the next entry is posted
 * too. The RMC then writes this request's completion together with those of
 * the rest of the burst; without it, at once. Wrong hints only delay the
 * sender's own completions.
 */
#define RTE_RMC_F_MORE 0x02
/**
 * Request flag, set by the library when a latency model applies: the RMC
 * does not start the request before @c start_tsc. Applications do not set it
 * (rte_rmc_post() overwrites it).
 */
#define RTE_RMC_F_TIMED 0x04
/** All flags the RMC understands; any other bit is rejected. */
#define RTE_RMC_F_ALL (RTE_RMC_F_FENCE | RTE_RMC_F_MORE | RTE_RMC_F_TIMED)

/**
 * Furthest ahead of the RMC's clock that a @c start_tsc may be, in TSC ticks.
 * A start further ahead is taken as past: this bounds the window in which the
 * 32 low bits of the clock identify a time (2^30 ahead, 3 * 2^30 behind).
 */
#define RTE_RMC_START_AHEAD_MAX (UINT32_C(1) << 30)

/**
 * One work-queue entry: exactly one cache line.
 *
 * For reads and writes, @c length bytes move between offset @c ctx_offset of
 * context @c ctx_id on node @c dst_nid and offset @c lbuf_offset of the local
 * buffer @c lbuf_id. For atomics, @c length is 8, @c operand0 is the compare
 * value (CAS) or the addend (FAA), @c operand1 the swap value (CAS), and the
 * old value is returned in the completion and stored at @c lbuf_offset.
 */
struct rte_rmc_wqe {
	uint8_t opcode;       /**< enum rte_rmc_opcode */
	uint8_t flags;        /**< RTE_RMC_F_* */
	uint16_t dst_nid;     /**< Destination node id. */
	uint16_t ctx_id;      /**< Context id on the destination. */
	uint16_t lbuf_id;     /**< Registered local buffer id. */
	uint64_t ctx_offset;  /**< Byte offset in the remote context. */
	uint64_t lbuf_offset; /**< Byte offset in the local buffer. */
	uint64_t length;      /**< Exact number of bytes. */
	uint64_t operand0;    /**< CAS expected value / FAA addend. */
	uint64_t operand1;    /**< CAS desired value. */
	uint64_t user_tag;    /**< Returned unchanged in the completion. */
	/**
	 * With RTE_RMC_F_TIMED: the 32 low bits of the TSC (the one clock of the
	 * machine, rte_rdtsc()) before which the RMC does not start the request;
	 * see rte_rmc_start_tsc(). Zero otherwise.
	 */
	uint32_t start_tsc;
	uint32_t phase;       /**< Written last, with release ordering. */
} __attribute__((aligned(64)));

/** One completion-queue entry (two per cache line). */
struct rte_rmc_cqe {
	uint64_t user_tag; /**< The request's user tag. */
	uint64_t value;    /**< Atomics: the word's old value. */
	uint32_t wq_index; /**< WQ slot (position modulo depth) of the request. */
	uint16_t status;   /**< enum rte_rmc_status */
	uint8_t reserved;
	uint8_t phase;     /**< Written last, with release ordering. */
	uint64_t pad;
} __attribute__((aligned(32)));

/**
 * Header of a QP segment. Each part lives in its own cache line, written by
 * one side only, so that the application and the RMC never share a line.
 */
struct rte_rmc_qp_hdr {
	/* Line 0: written once by the node when the QP is created. */
	uint32_t magic;        /**< RTE_RMC_QP_MAGIC */
	uint16_t abi_version;  /**< RTE_RMC_ABI_VERSION */
	uint16_t node_id;      /**< Node that serves the QP. */
	uint32_t depth;        /**< Entries in the WQ and in the CQ. */
	uint32_t qp_id;        /**< Node-wide QP id. */
	uint64_t wq_offset;    /**< Offset of the WQ from the header. */
	uint64_t cq_offset;    /**< Offset of the CQ from the header. */
	uint64_t segment_size; /**< Size of the whole segment. */
	uint8_t pad0[64 - 40];
	/* Line 1: written by the application. */
	uint64_t cq_consumed;  /**< CQ entries the application has consumed. */
	/**
	 * Inline mode: requests the application executed itself, the bytes of
	 * those that succeeded, and those that failed, as the application
	 * reports them (the node never sees these requests and cannot check).
	 */
	uint64_t inline_requests;
	uint64_t inline_bytes;   /**< See inline_requests. */
	uint64_t inline_errors;  /**< See inline_requests. */
	uint8_t pad1[32];
	/* Line 2: written by the RMC. */
	uint64_t wq_consumed;  /**< WQ entries the RMC has taken. */
	uint32_t rmc_state;    /**< 0 while served; non-zero once the node stops. */
	uint8_t pad2[52];
} __attribute__((aligned(64)));

/** Buckets of the latency model's excess histogram (struct rte_rmc_qp_lat_stats). */
#define RTE_RMC_LAT_HIST_BUCKETS 64

/**
 * The latency model's counters of a QP, kept by the application's library
 * right after the header (offset 256) so that the node can show them
 * (telemetry, rmc-testpmd): written by the application only, read by the node
 * as untrusted figures. Times in nanoseconds.
 */
struct rte_rmc_qp_lat_stats {
	uint64_t count;        /**< Completions handed over under a model. */
	uint64_t late;         /**< Of which found after their deadline. */
	uint64_t late_ns_sum;  /**< Sum of how late those were. */
	uint64_t late_ns_max;  /**< Largest of those. */
	uint64_t target_ns_sum;   /**< Sum of the targets (deadline - post). */
	uint64_t achieved_ns_sum; /**< Sum of hand-over - post. */
	/** Hand-over - deadline (the excess), see rte_rmc_lat_bucket(). */
	uint64_t hist[RTE_RMC_LAT_HIST_BUCKETS];
} __attribute__((aligned(64)));

/**
 * Bucket of an excess of @p ns nanoseconds: exact below 16 ns, then four
 * buckets per power of two (a quarter of the value's resolution), the last
 * one from 57344 ns on.
 */
static inline unsigned int
rte_rmc_lat_bucket(uint64_t ns)
{
	unsigned int e;

	if (ns < 16)
		return (unsigned int)ns;
	e = 63 - (unsigned int)__builtin_clzll(ns);
	if (e > 15)
		return RTE_RMC_LAT_HIST_BUCKETS - 1;
	return 16 + (e - 4) * 4 + (unsigned int)((ns >> (e - 2)) & 3);
}

/** Smallest excess in nanoseconds counted in bucket @p b. */
static inline uint64_t
rte_rmc_lat_bucket_lower(unsigned int b)
{
	unsigned int e = (b - 16) / 4 + 4;

	if (b < 16)
		return b;
	return (UINT64_C(1) << e) + (uint64_t)((b - 16) % 4) * (UINT64_C(1) << (e - 2));
}

/** Offset of the latency counters in a QP segment. */
#define RTE_RMC_QP_LAT_OFFSET 256
/** Offset of the WQ in a QP segment. */
#define RTE_RMC_QP_WQ_OFFSET 1024

/**
 * The full TSC value of a 32-bit @c start_tsc, as seen from @p now.
 *
 * @return
 *   The time, or 0 when it is not ahead of @p now (already past).
 */
static inline uint64_t
rte_rmc_start_tsc(uint32_t start_lo, uint64_t now)
{
	uint32_t ahead = start_lo - (uint32_t)now;

	return ahead != 0 && ahead <= RTE_RMC_START_AHEAD_MAX ? now + ahead : 0;
}

/**
 * Phase value that marks an entry valid at a queue position.
 *
 * @param pos
 *   Monotonic position (never wrapped) of the entry.
 * @param depth
 *   Queue depth, a power of two.
 * @return
 *   1 on even laps, 0 on odd laps.
 */
static inline uint32_t
rte_rmc_phase(uint64_t pos, uint32_t depth)
{
	/* Bit log2(depth) of pos is the lap's parity: no division on the fast path. */
	return (pos & depth) == 0;
}

/**
 * Size of a QP segment for a depth.
 *
 * @param depth
 *   Queue depth, a power of two.
 * @return
 *   Bytes needed for the header, the WQ and the CQ.
 */
static inline uint64_t
rte_rmc_qp_segment_size(uint32_t depth)
{
	return RTE_RMC_QP_WQ_OFFSET + (uint64_t)depth * sizeof(struct rte_rmc_wqe) +
		(uint64_t)depth * sizeof(struct rte_rmc_cqe);
}

#ifdef __cplusplus
}
#endif

#endif /* _RTE_RMC_QP_H_ */
