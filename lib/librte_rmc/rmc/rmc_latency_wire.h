/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _RMC_LATENCY_WIRE_H_
#define _RMC_LATENCY_WIRE_H_

/*
 * A node's latency model on the wire: the payload of an RMC_PROTO_LAT
 * message (doc/fabric.md, "Latency model messages"), so that drivers without
 * control sessions between nodes (eth, xen) carry the whole model, laws and
 * an empirical law's quantiles included. Its own magic and format version,
 * apart from the protocol's, so that the layout can grow; a fixed size, every
 * field at a fixed offset, little-endian (x86-64 only, as the protocol).
 * What a peer sends is untrusted input: rmc_lat_wire_decode() checks every
 * field before anything is applied.
 */

#include <stddef.h>
#include <stdint.h>

#include "rmc_ctl_msg.h"

#define RMC_LAT_WIRE_MAGIC 0x5754414cu /* "LATW" */
#define RMC_LAT_WIRE_VERSION 1
/* Largest chunk size a model may name (a chunk is at most one transport payload). */
#define RMC_LAT_WIRE_CHUNK_MAX (UINT64_C(1) << 30)

struct rmc_lat_wire {
	uint32_t magic;          /* RMC_LAT_WIRE_MAGIC */
	uint16_t version;        /* RMC_LAT_WIRE_VERSION */
	uint16_t nb_quant;       /* RMC_LAT_QUANTS */
	uint64_t base_ns;
	uint64_t per_chunk_ns;
	uint64_t chunk_size;
	uint64_t oneway_ns;
	uint64_t seed;
	double dist_a;
	double dist_b;
	uint32_t on;             /* 0 or 1: base_ns or per_chunk_ns not 0 */
	uint32_t dist;           /* enum rmc_lat_dist_kind */
	uint32_t quant[RMC_LAT_QUANTS];
	uint32_t reserved;       /* 0 */
};
_Static_assert(sizeof(struct rmc_lat_wire) == 592, "latency model wire layout");
_Static_assert(offsetof(struct rmc_lat_wire, quant) == 72, "latency model wire layout");

/* The wire form of model m. */
void rmc_lat_wire_encode(const struct rmc_lat_model *m, struct rmc_lat_wire *w);

/*
 * The model in len bytes received from a peer, into *m only when it is
 * valid: -EPROTO (not this format: size, magic, version, table size),
 * -E2BIG (longer than the format), -EINVAL or -ERANGE (a field out of its
 * domain: rmc_latency_model_check(), and what only the wire can bring: a
 * flag not 0 or 1, a law's parameter not finite, no chunk size for a
 * per-chunk cost), with the reason in why.
 */
int rmc_lat_wire_decode(const void *buf, size_t len, struct rmc_lat_model *m, char *why,
		size_t wlen);

#endif /* _RMC_LATENCY_WIRE_H_ */
