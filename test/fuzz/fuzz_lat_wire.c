/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * Fuzz target: a latency model as a peer sends it, the payload of an
 * RMC_PROTO_LAT message (rmc_lat_wire_decode(), which the protocol layer's
 * receive path calls before anything is applied: proto/rmc_proto_lat.c).
 * Input: the payload, of any length. Whatever it is, decoding must not read
 * past it (the input is copied to a buffer of exactly its size, for ASan and
 * valgrind) nor crash; a refusal must give one of the documented errors with
 * its reason; what is accepted must be a model the requesters can apply (the
 * operator's checks pass, the law's parameters finite, a chunk size wherever
 * a per-chunk cost divides by it, the on flag consistent), and exactly what
 * was sent: encoded again, it gives the input back byte for byte.
 */

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_common.h>

#include "rmc_latency_wire.h"
#include "rmc_private.h"

static void __rte_noreturn
fz_fail(const char *what, long v)
{
	fprintf(stderr, "fuzz_lat_wire: %s (%ld)\n", what, v);
	abort();
}

static void
fz_accepted(const struct rmc_lat_model *m, const uint8_t *in, size_t size)
{
	struct rmc_lat_wire w;
	char why[128];

	if (size != sizeof(w))
		fz_fail("a model of another size accepted", (long)size);
	if (rmc_latency_model_check(m, why, sizeof(why)) != 0)
		fz_fail("an accepted model fails the operator's checks", 0);
	if (!isfinite(m->dist_a) || !isfinite(m->dist_b))
		fz_fail("a law parameter not finite accepted", m->dist);
	if (m->per_chunk_ns != 0 && m->chunk_size == 0)
		fz_fail("a per-chunk cost without a chunk size accepted", 0);
	if (m->on != (m->base_ns != 0 || m->per_chunk_ns != 0))
		fz_fail("the on flag inconsistent", m->on);
	rmc_lat_wire_encode(m, &w);
	if (memcmp(&w, in, sizeof(w)) != 0)
		fz_fail("the accepted model is not what was sent", 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *in = malloc(size > 0 ? size : 1);
	struct rmc_lat_model m;
	char why[128];
	int ret;

	if (in == NULL)
		return 0;
	memcpy(in, data, size);
	memset(why, 'x', sizeof(why));
	ret = rmc_lat_wire_decode(in, size, &m, why, sizeof(why));
	if (ret == 0) {
		fz_accepted(&m, in, size);
	} else {
		if (ret != -EPROTO && ret != -E2BIG && ret != -EINVAL && ret != -ERANGE)
			fz_fail("an undocumented error", ret);
		if (memchr(why, '\0', sizeof(why)) == NULL || why[0] == '\0')
			fz_fail("a refusal without its reason", ret);
	}
	free(in);
	return 0;
}
