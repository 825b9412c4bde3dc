/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The protocol messages of the transport tests (ringpair_autotest,
 * ring_peers_autotest, xen_region_rings_autotest): see rmc_test_msg.h.
 */

#include <string.h>

#include "rmc_test_msg.h"

/* Payload byte i of message 'seq': differs between neighbouring messages. */
static uint8_t
payload_byte(uint64_t seq, uint32_t i)
{
	return (uint8_t)(seq * 31 + i);
}

void
rmc_test_msg_build(struct rmc_proto_msg *m, uint8_t type, uint32_t len, uint64_t seq,
		uint8_t *buf)
{
	uint32_t i;

	memset(m, 0, sizeof(*m));
	m->hdr.magic = RMC_PROTO_MAGIC;
	m->hdr.version = RMC_PROTO_VERSION;
	m->hdr.type = type;
	/* The opcodes whose messages carry a payload (rmc_proto_payload_len()). */
	m->hdr.opcode = type == RMC_PROTO_REQ ? RTE_RMC_OP_WRITE : RTE_RMC_OP_READ;
	m->hdr.status = RTE_RMC_STATUS_OK;
	m->hdr.src_nid = 0;
	m->hdr.dst_nid = 1;
	m->hdr.length = len;
	m->hdr.tid = seq;
	for (i = 0; i < len; i++)
		buf[i] = payload_byte(seq, i);
	m->payload = len ? buf : NULL;
}

int
rmc_test_msg_check(const struct rmc_proto_msg *m, uint8_t type, uint32_t len, uint64_t seq)
{
	uint32_t i;

	if (!rmc_proto_hdr_ok(&m->hdr) || m->hdr.type != type || m->hdr.tid != seq ||
			m->hdr.length != len || rmc_proto_payload_len(&m->hdr) != len)
		return -1;
	for (i = 0; i < len; i++)
		if (m->payload[i] != payload_byte(seq, i))
			return -1;
	return 0;
}
