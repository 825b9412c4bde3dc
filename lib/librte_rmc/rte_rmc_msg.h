/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _RTE_RMC_MSG_H_
#define _RTE_RMC_MSG_H_

/**
 * @file
 * RTE Remote Memory Controller: messaging between applications of a
 * cluster, built on one-sided remote operations as the soNUMA paper
 * describes, so it works over every remote-memory driver.
 *
 * An endpoint is (node id, port). Each endpoint owns an area of a context of
 * its node (the same context id and offset on every node, given by struct
 * rte_rmc_msg_conf, which must be identical cluster-wide). The area holds
 * one message ring per possible sender. A sender:
 * - pushes a small message (up to slot_size - 32 bytes) into its slot of
 *   the receiver's ring with a remote write, then publishes it with a second,
 *   fenced, 8-byte write of the slot's sequence word;
 * - for a large one, copies it to a staging buffer in its own area and
 *   pushes only a descriptor; the receiver pulls the data with a remote read.
 * Flow control is by credits: a sender may have at most 'slots' messages
 * unconsumed by a receiver; the receiver returns credits with remote writes
 * into the sender's area as it consumes them. Messages between two endpoints
 * arrive in order.
 *
 * An endpoint is used by one thread at a time. Sending is asynchronous:
 * rte_rmc_msg_send() returns once the message is posted; an RMC error on it
 * is reported by a later call. rte_rmc_msg_flush() waits until everything
 * sent is in the receivers' rings.
 *
 * A call that waits (a receive, a send without credit, a flush) yields its
 * CPU on every pass that finds nothing, so that the threads it waits for (the
 * RMCs, the peer) run at once when they share its CPU.
 */

#include <stdint.h>

#include <rte_rmc.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Configuration of messaging; identical on every node that takes part. */
struct rte_rmc_msg_conf {
	uint64_t ctx_offset; /**< Offset of port 0's area in the context. */
	uint32_t slot_size;  /**< Bytes per ring slot, a multiple of 64, 64..65536; 0 = 256. */
	uint32_t max_msg;    /**< Largest message, up to 16 MiB; 0 = 64 KiB. */
	uint16_t ctx_id;     /**< Context holding the areas (read-write) on every node. */
	uint16_t max_ports;  /**< Endpoints per node, ports 0..max_ports-1; 0 = 1. */
	/** Messages in flight per sender and receiver, a power of two; 0 = 16. */
	uint16_t slots;
};

/** A messaging endpoint. */
struct rte_rmc_msg_ep;

/**
 * Bytes of context one endpoint's area takes.
 *
 * @param conf
 *   The configuration (zeroed fields take their defaults).
 * @param node_count
 *   Nodes in the cluster.
 * @return
 *   The size; port p's area starts at conf->ctx_offset + p times it. 0 if the
 *   configuration is invalid.
 */
uint64_t rte_rmc_msg_area_size(const struct rte_rmc_msg_conf *conf, uint16_t node_count);

/**
 * Open endpoint @p port of the session's node: clear its area in the
 * context, create its queue pair and staging buffer, and publish it.
 *
 * @param s
 *   A session.
 * @param port
 *   Port, below conf->max_ports.
 * @param conf
 *   The cluster-wide configuration; NULL for the defaults (context 0,
 *   offset 0, one port).
 * @return
 *   The endpoint, or NULL with rte_errno set (EINVAL: bad configuration,
 *   ENOSPC: the context is too small or not writable, ENOENT: no such context).
 */
struct rte_rmc_msg_ep *rte_rmc_msg_open(struct rte_rmc_session *s, uint16_t port,
		const struct rte_rmc_msg_conf *conf);

/**
 * Close an endpoint: wait (bounded) for its messages to be delivered, mark its
 * area closed, destroy its queue pair. Its staging buffer stays registered
 * until the session detaches.
 *
 * @param ep
 *   The endpoint; NULL is ignored.
 */
void rte_rmc_msg_close(struct rte_rmc_msg_ep *ep);

/**
 * Send a message to endpoint (@p nid, @p port). The first message to an
 * endpoint waits until it is open and checks that it uses the same
 * configuration.
 *
 * @param ep
 *   The sending endpoint.
 * @param nid
 *   Destination node.
 * @param port
 *   Destination port.
 * @param buf
 *   The message.
 * @param len
 *   Its length, 0..max_msg.
 * @param timeout_us
 *   Longest wait for the destination or for credits; 0 means
 *   RTE_RMC_SYNC_TIMEOUT_US_DEFAULT.
 * @return
 *   0 once posted; -EMSGSIZE, -EINVAL, -ETIMEDOUT (no credit: the receiver
 *   does not consume), -ECONNREFUSED (the destination endpoint was not
 *   opened in time), -ECONNRESET (it was reopened since the last message),
 *   -EPROTO (it uses another configuration), -EIO (an earlier message failed
 *   in the RMC; the status is logged).
 */
int rte_rmc_msg_send(struct rte_rmc_msg_ep *ep, uint16_t nid, uint16_t port, const void *buf,
		uint32_t len, uint32_t timeout_us);

/**
 * Receive the next message from any sender.
 *
 * @param ep
 *   The endpoint.
 * @param nid
 *   Where to store the sender's node; may be NULL.
 * @param port
 *   Where to store the sender's port; may be NULL.
 * @param buf
 *   Buffer for the message.
 * @param buflen
 *   Its size; a larger message stays queued and -EMSGSIZE is returned.
 * @param timeout_us
 *   Longest wait; 0 returns at once.
 * @return
 *   The message length (>= 0), -EAGAIN (nothing within the time allowed),
 *   -EMSGSIZE, -EIO (pulling a large message failed).
 */
int rte_rmc_msg_recv(struct rte_rmc_msg_ep *ep, uint16_t *nid, uint16_t *port, void *buf,
		uint32_t buflen, uint32_t timeout_us);

/**
 * Receive the next message from one sender only; see rte_rmc_msg_recv().
 *
 * @param ep
 *   The endpoint.
 * @param nid
 *   The sender's node.
 * @param port
 *   The sender's port.
 * @param buf
 *   Buffer for the message.
 * @param buflen
 *   Its size.
 * @param timeout_us
 *   Longest wait; 0 returns at once.
 * @return
 *   As rte_rmc_msg_recv(); -EINVAL for a sender outside the cluster.
 */
int rte_rmc_msg_recv_from(struct rte_rmc_msg_ep *ep, uint16_t nid, uint16_t port, void *buf,
		uint32_t buflen, uint32_t timeout_us);

/**
 * Wait until every message sent (and credit returned) so far is written.
 *
 * @param ep
 *   The endpoint.
 * @param timeout_us
 *   Longest wait; 0 means RTE_RMC_SYNC_TIMEOUT_US_DEFAULT.
 * @return
 *   0, -ETIMEDOUT, or -EIO if one failed.
 */
int rte_rmc_msg_flush(struct rte_rmc_msg_ep *ep, uint32_t timeout_us);

#ifdef __cplusplus
}
#endif

#endif /* _RTE_RMC_MSG_H_ */
