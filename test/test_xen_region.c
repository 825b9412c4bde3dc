/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * A region granted by one Xen domain and mapped by another (over the memfd
 * stand-in of the grant tables): its publication, the mappings refused for
 * wrong expectations, and the ring transport's ring pair laid out in it and
 * driven from both mappings, requests one way and replies the other, until
 * the payloads have wrapped around the rings many times; then every grant
 * released.
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "rmc_gnt_memfd.h"
#include "rmc_ringpair.h"
#include "rmc_test.h"
#include "rmc_test_msg.h"
#include "rmc_xen_pub.h"
#include "rmc_xen_region.h"
#include "rmc_xen_remote.h"

/*
 * Requests of every size up to the largest payload from node 0, served by
 * node 1 through its mapping, replies back: enough rounds for the payloads
 * to wrap around the rings many times.
 */
static int
region_traffic(struct rmc_ringpair *cli, struct rmc_ringpair *srv, uint32_t maxp,
		uint32_t pages)
{
	static uint8_t buf[8][RMC_XEN_MAX_PAYLOAD], bounce[8 * RMC_XEN_MAX_PAYLOAD];
	struct rmc_ring_rx rx_req = { 0 }, rx_rep = { 0 };
	uint64_t next_req = 0, next_rep = 0, bytes = 0;
	struct rmc_proto_msg m[8], r[8];
	uint32_t i, k, n, len;

	for (k = 0; k < 3000; k++) {
		n = 1 + k % 2; /* two of the largest fill a ring */
		for (i = 0; i < n; i++) {
			len = (uint32_t)((next_req + i) * 997 % (maxp + 1));
			rmc_test_msg_build(&m[i], RMC_PROTO_REQ, len, next_req + i, buf[i]);
		}
		RMC_TEST_ASSERT_EQ(rmc_ring_send(cli->req, m, n), n, "request ring full at %u", k);
		i = rmc_ring_recv(srv->req, &rx_req, r, RTE_DIM(r), maxp, bounce);
		RMC_TEST_ASSERT_EQ(i, n, "round %u", k);
		for (i = 0; i < n; i++) {
			RMC_TEST_ASSERT(rmc_test_msg_check(&r[i], RMC_PROTO_REQ, m[i].hdr.length,
				next_req + i) == 0, "request %" PRIu64 " damaged", next_req + i);
			bytes += r[i].hdr.length;
			rmc_test_msg_build(&m[i], RMC_PROTO_REPLY, r[i].hdr.length, ~r[i].hdr.tid,
				buf[i]);
		}
		rmc_ring_recv_done(srv->req, &rx_req);
		next_req += n;
		RMC_TEST_ASSERT_EQ(rmc_ring_send(srv->rep, m, n), n, "");
		i = rmc_ring_recv(cli->rep, &rx_rep, r, RTE_DIM(r), maxp, bounce);
		RMC_TEST_ASSERT_EQ(i, n, "");
		for (i = 0; i < n; i++)
			RMC_TEST_ASSERT(rmc_test_msg_check(&r[i], RMC_PROTO_REPLY, m[i].hdr.length,
				~(next_rep + i)) == 0, "reply %" PRIu64 " damaged", next_rep + i);
		rmc_ring_recv_done(cli->rep, &rx_rep);
		next_rep += n;
	}
	RMC_TEST_ASSERT(rte_ring_empty(cli->req) && rte_ring_empty(srv->rep), "");
	printf("%" PRIu64 " requests (%" PRIu64 " payload bytes) and their replies through "
		"the ring pair in %u granted pages\n", next_rep, bytes, pages);
	return TEST_SUCCESS;
}

static int
xen_region_rings_test(void)
{
	static struct rmc_gnt_book a, b;
	static struct rmc_xen_region out, in, bad;
	static struct rmc_xen_pub pub;
	struct rmc_gnt_memfd_table *t = rmc_gnt_memfd_table_create(256);
	const uint32_t slots = 256, pages = rmc_xen_data_pages(slots);
	const uint32_t maxp = rmc_xen_max_payload(slots);
	struct rmc_ringpair cli, srv;
	char txt[RMC_XEN_PUB_MAX_LEN + 1], err[256];
	uint32_t grants, mapped;

	RMC_TEST_ASSERT(t != NULL, "");
	RMC_TEST_ASSERT(maxp >= 1024 && maxp <= RMC_XEN_MAX_PAYLOAD, "max payload %u", maxp);
	RMC_TEST_ASSERT_EQ(rmc_gnt_book_open(&a, &rmc_gnt_memfd_ops, t, 21, err, sizeof(err)),
		0, "");
	RMC_TEST_ASSERT_EQ(rmc_gnt_book_open(&b, &rmc_gnt_memfd_ops, t, 22, err, sizeof(err)),
		0, "");

	/* Node 0 (domain 21) shares its region for node 1 (domain 22). */
	RMC_TEST_ASSERT_EQ(rmc_xen_region_share(&a, 21, 22, 0, 1, slots, pages, 0x1234, &out),
		0, "");
	RMC_TEST_ASSERT(!rmc_xen_region_peer_alive(&out), "alive before the peer mapped");
	rmc_xen_region_publication(&out, "lab", 21, &pub);
	RMC_TEST_ASSERT(rmc_xen_pub_encode(&pub, txt, sizeof(txt), err, sizeof(err)) > 0, "%s",
		err);
	RMC_TEST_ASSERT_EQ(rmc_xen_pub_decode(txt, strlen(txt), &pub, err, sizeof(err)), 0,
		"%s", err);
	/* The requester lays out the ring pair: node 1 serves, node 0 is the client. */
	RMC_TEST_ASSERT_EQ(rmc_ringpair_init(rmc_xen_region_data(&out),
		rmc_xen_region_data_size(&out), slots, maxp, 1, 0), 0, "ring pair in the region");
	RMC_TEST_ASSERT_EQ(rmc_ringpair_attach(rmc_xen_region_data(&out),
		rmc_xen_region_data_size(&out), 1, 0, &cli), 0, "");

	/* Wrong expectations are refused, and leave nothing mapped. */
	RMC_TEST_ASSERT_EQ(rmc_xen_region_map(&b, &pub, 1, 21, slots * 2, pages, &bad, err,
		sizeof(err)), -EPROTO, "other ring size");
	RMC_TEST_ASSERT(strstr(err, "ring-slots") != NULL, "%s", err);
	RMC_TEST_ASSERT_EQ(rmc_xen_region_map(&b, &pub, 1, 23, slots, pages, &bad, err,
		sizeof(err)), -EPROTO, "other domain");
	RMC_TEST_ASSERT_EQ(rmc_xen_region_map(&b, &pub, 2, 21, slots, pages, &bad, err,
		sizeof(err)), -EPROTO, "other node");
	pub.gen++;
	RMC_TEST_ASSERT_EQ(rmc_xen_region_map(&b, &pub, 1, 21, slots, pages, &bad, err,
		sizeof(err)), -EPROTO, "stale generation");
	RMC_TEST_ASSERT(strstr(err, "does not match") != NULL, "%s", err);
	pub.gen--;
	RMC_TEST_ASSERT(b.mapped_pages == 0, "a refused region stayed mapped");

	RMC_TEST_ASSERT_EQ(rmc_xen_region_map(&b, &pub, 1, 21, slots, pages, &in, err,
		sizeof(err)), 0, "%s", err);
	RMC_TEST_ASSERT(rmc_xen_region_peer_alive(&out) && rmc_xen_region_peer_alive(&in),
		"alive bytes");
	RMC_TEST_ASSERT(rmc_xen_region_data(&in) != rmc_xen_region_data(&out),
		"the two sides should map at different addresses");
	RMC_TEST_ASSERT_EQ(rmc_xen_region_data_size(&in), (uint64_t)pages * RMC_GNT_PAGE_SIZE,
		"");
	/* The server attaches through its own mapping; wrong node ids are refused. */
	RMC_TEST_ASSERT_EQ(rmc_ringpair_attach(rmc_xen_region_data(&in),
		rmc_xen_region_data_size(&in), 0, 1, &srv), -EPROTO, "swapped roles");
	RMC_TEST_ASSERT_EQ(rmc_ringpair_attach(rmc_xen_region_data(&in),
		rmc_xen_region_data_size(&in), 1, 0, &srv), 0, "server view");
	RMC_TEST_ASSERT(srv.max_payload == maxp, "");

	if (region_traffic(&cli, &srv, maxp, pages) != TEST_SUCCESS)
		return TEST_FAILED;

	/* The mapper leaves: the sharer sees it; then everything is released. */
	rmc_xen_region_release(&b, &in);
	RMC_TEST_ASSERT(!rmc_xen_region_peer_alive(&out), "mapper still alive");
	rmc_xen_region_release(&b, &in); /* empty: nothing to do */
	rmc_xen_region_release(&a, &out);
	RMC_TEST_ASSERT_EQ(a.bad_releases + b.bad_releases, 0, "");
	rmc_gnt_memfd_table_usage(t, &grants, &mapped);
	RMC_TEST_ASSERT(grants == 0 && mapped == 0, "leak: grants %u mapped %u", grants, mapped);
	RMC_TEST_ASSERT_EQ(rmc_gnt_book_close(&a) + rmc_gnt_book_close(&b), 0, "");
	RMC_TEST_ASSERT_EQ(rmc_gnt_memfd_table_destroy(t), 0, "");
	return TEST_SUCCESS;
}

RMC_REGISTER_TEST(xen_region_rings_autotest, xen_region_rings_test,
	.suite = "fast-tests", .timeout = 60, .no_huge = 1, .memcheck = 1);
