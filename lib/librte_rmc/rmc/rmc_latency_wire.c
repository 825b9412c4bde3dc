/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The latency model's wire form (rmc_latency_wire.h): encoded by the node
 * that owns the model, decoded and checked by each peer that receives it.
 * Decoding trusts nothing: the layout first (size, magic, format version,
 * the quantile table's size), then what only bytes from a wire can bring (a
 * flag that is not 0 or 1, a NaN or infinite law parameter, which the range
 * checks would let through since every comparison with NaN is false; a cost
 * per chunk with no chunk size, which the requesters would divide by), then
 * the same checks as an operator's setting (rmc_latency_model_check()).
 */

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "rmc_lat_dist.h"
#include "rmc_latency_wire.h"
#include "rmc_private.h"

void
rmc_lat_wire_encode(const struct rmc_lat_model *m, struct rmc_lat_wire *w)
{
	memset(w, 0, sizeof(*w));
	w->magic = RMC_LAT_WIRE_MAGIC;
	w->version = RMC_LAT_WIRE_VERSION;
	w->nb_quant = RMC_LAT_QUANTS;
	w->base_ns = m->base_ns;
	w->per_chunk_ns = m->per_chunk_ns;
	w->chunk_size = m->chunk_size;
	w->oneway_ns = m->oneway_ns;
	w->seed = m->seed;
	w->dist_a = m->dist_a;
	w->dist_b = m->dist_b;
	w->on = m->on;
	w->dist = m->dist;
	memcpy(w->quant, m->quant, sizeof(w->quant));
}

/* The layout: this format, whole. */
static int
lat_wire_layout(const struct rmc_lat_wire *w, size_t len, char *why, size_t wlen)
{
	if (len > sizeof(*w)) {
		snprintf(why, wlen, "%zu bytes, longer than a model (%zu)", len, sizeof(*w));
		return -E2BIG;
	}
	if (len < sizeof(*w)) {
		snprintf(why, wlen, "%zu bytes, shorter than a model (%zu)", len, sizeof(*w));
		return -EPROTO;
	}
	if (w->magic != RMC_LAT_WIRE_MAGIC) {
		snprintf(why, wlen, "not a latency model (magic %#x)", w->magic);
		return -EPROTO;
	}
	if (w->version != RMC_LAT_WIRE_VERSION || w->nb_quant != RMC_LAT_QUANTS) {
		snprintf(why, wlen, "model format version %u with %u quantiles, this node reads "
			"version %u with %u", w->version, w->nb_quant, RMC_LAT_WIRE_VERSION,
			RMC_LAT_QUANTS);
		return -EPROTO;
	}
	if (w->reserved != 0) {
		snprintf(why, wlen, "reserved field not 0 in model format version %u", w->version);
		return -EPROTO;
	}
	return 0;
}

int
rmc_lat_wire_decode(const void *buf, size_t len, struct rmc_lat_model *m, char *why,
		size_t wlen)
{
	struct rmc_lat_wire w;
	struct rmc_lat_model out;
	int ret;

	/* A copy first: the buffer is a peer's, perhaps unaligned. */
	memset(&w, 0, sizeof(w));
	memcpy(&w, buf, len < sizeof(w) ? len : sizeof(w));
	ret = lat_wire_layout(&w, len, why, wlen);
	if (ret < 0)
		return ret;
	if (w.on > 1 || w.on != (w.base_ns != 0 || w.per_chunk_ns != 0)) {
		snprintf(why, wlen, "on is %u with base %" PRIu64 " ns and %" PRIu64
			" ns per chunk", w.on, w.base_ns, w.per_chunk_ns);
		return -EINVAL;
	}
	if (!isfinite(w.dist_a) || !isfinite(w.dist_b) || w.dist_a < 0 || w.dist_b < 0) {
		snprintf(why, wlen, "law parameters not finite or negative");
		return -EINVAL;
	}
	if ((w.per_chunk_ns != 0 && w.chunk_size == 0) || w.chunk_size > RMC_LAT_WIRE_CHUNK_MAX) {
		snprintf(why, wlen, "chunk size %" PRIu64 " (1 to %" PRIu64 " bytes)",
			w.chunk_size, RMC_LAT_WIRE_CHUNK_MAX);
		return -EINVAL;
	}
	memset(&out, 0, sizeof(out));
	out.base_ns = w.base_ns;
	out.per_chunk_ns = w.per_chunk_ns;
	out.chunk_size = w.chunk_size;
	out.oneway_ns = w.oneway_ns;
	out.seed = w.seed;
	out.dist_a = w.dist_a;
	out.dist_b = w.dist_b;
	out.on = w.on;
	out.dist = w.dist;
	memcpy(out.quant, w.quant, sizeof(out.quant));
	ret = rmc_latency_model_check(&out, why, wlen);
	if (ret < 0)
		return ret;
	*m = out;
	return 0;
}
