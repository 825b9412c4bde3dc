/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _RMC_TEST_MSG_H_
#define _RMC_TEST_MSG_H_

/*
 * Protocol messages for the transport tests (the ring pair, two nodes' ring
 * peers, a ring pair in a Xen grant region): a well-formed header and a
 * payload derived from the message's sequence number, so that the receiving
 * side can tell a message intact from one damaged, cut or swapped.
 */

#include <stdint.h>

#include "rmc_proto.h"

/*
 * A message of 'type' (RMC_PROTO_REQ: a write request, RMC_PROTO_REPLY: a
 * read reply, both carrying 'len' payload bytes) from node 0 to node 1, with
 * tid 'seq' and the payload written into 'buf' (len bytes).
 */
void rmc_test_msg_build(struct rmc_proto_msg *m, uint8_t type, uint32_t len, uint64_t seq,
		uint8_t *buf);

/*
 * 0 if a received message is the one rmc_test_msg_build() made of these
 * arguments (type, tid, length, header, every payload byte), -1 if not.
 */
int rmc_test_msg_check(const struct rmc_proto_msg *m, uint8_t type, uint32_t len,
		uint64_t seq);

#endif /* _RMC_TEST_MSG_H_ */
