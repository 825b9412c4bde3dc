/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _RMC_CTL_MSG_H_
#define _RMC_CTL_MSG_H_

/*
 * Control protocol on a node's UNIX socket (SOCK_SEQPACKET, one message per
 * packet). Applications and peer RMCs send requests; the node replies with
 * the same type, a result (0 or -errno), a text explaining any error, and at
 * most one file descriptor (a segment to map). To peers the node also sends
 * unsolicited context announcements, which they acknowledge.
 */

#include <stdint.h>

#include "rte_rmc.h"

#define RMC_CTL_MAGIC 0x4c54434du /* "MCTL" */

enum rmc_ctl_type {
	RMC_CTL_HELLO = 1,    /* u.hello -> u.info */
	RMC_CTL_STATUS,       /* -> u.info */
	RMC_CTL_CTX_MAP,      /* u.ctx.id -> u.ctx + fd */
	RMC_CTL_CTX_CREATE,   /* u.ctx -> u.ctx (gen) */
	RMC_CTL_CTX_SYNC,     /* u.ctx.gen -> result 1 once every peer has it */
	RMC_CTL_CTX_ANNOUNCE, /* node -> peer: u.ctx + fd */
	RMC_CTL_CTX_ACK,      /* peer -> node: u.ctx.gen */
	RMC_CTL_LBUF_REG,     /* u.seg.size -> u.seg + fd */
	RMC_CTL_LBUF_FREE,    /* u.seg.id */
	RMC_CTL_QP_CREATE,    /* u.seg.depth -> u.seg + fd */
	RMC_CTL_QP_DESTROY,   /* u.seg.id */
	RMC_CTL_STATS,        /* u.admin.qp_id, flags -> fd of a struct rte_rmc_stats */
	RMC_CTL_LATENCY_SET,  /* u.admin.base_ns, per_chunk_ns */
	RMC_CTL_DRV_SEG,      /* node -> peer: a driver's segment (u.seg) + fd */
	RMC_CTL_NODE_PAGE,    /* -> fd of the node's status page (read-only) */
	RMC_CTL_PEER_CTX_MAP, /* u.ctx.nid, u.ctx.id -> u.ctx + fd (inline mode) */
	RMC_CTL_CTX_GONE,     /* node -> peer: u.ctx.id, gen: unmap it, then acknowledge */
	RMC_CTL_REGION_CREATE,  /* u.region (id, size, flags, name) -> u.region.gen */
	RMC_CTL_REGION_LOOKUP,  /* u.region.name -> u.region (id, size, flags) */
	RMC_CTL_REGION_CLOSE,   /* u.region.id: the session stops using it */
	RMC_CTL_REGION_DESTROY, /* u.region.id -> u.region.gen: gone, whoever uses it */
	RMC_CTL_REGION_FREE_IDS, /* -> u.region.mask: context ids free for a region */
	RMC_CTL_LAT_ANNOUNCE, /* node -> peer: u.lat, its latency model as a destination */
	RMC_CTL_WAKE_PAGE,    /* -> u.seg.map_size + read-only fd of the wake page */
	RMC_CTL_LINK_PAGE,    /* -> u.seg.map_size + read-write fd of the link page */
	RMC_CTL_TYPE_MAX
};

enum rmc_ctl_role {
	RMC_ROLE_APP = 1,
	RMC_ROLE_PEER = 2,
	RMC_ROLE_APP_INTERNAL = 3, /* the node's own calibration; never on a socket */
};

/*
 * The node's status page, shared read-only with inline-mode applications:
 * peer_gen[n] is odd while node n is reachable and changes at every change,
 * so that an application drops its mappings of a node that went away and
 * came back (new memory). Written by the control thread only.
 */
#define RMC_NODE_PAGE_MAGIC 0x4547504eu /* "NPGE" */

/*
 * The latency model of one destination as its operator set it (on that
 * node), in the form a requester's library applies it at post:
 *   L = draw(dist) + bytes * per_chunk_ns / chunk_size,
 * where draw is base_ns for a constant law. oneway_ns: when the effect may
 * happen at the destination, after the post; 0 means L / 2.
 */
/* Points of an empirical law's quantile table: q[i] is the quantile i / (N - 1). */
#define RMC_LAT_QUANTS 129

struct rmc_lat_model {
	uint64_t base_ns;
	uint64_t per_chunk_ns;
	uint64_t chunk_size;
	uint64_t oneway_ns;
	uint32_t on;
	uint32_t dist;       /* enum rmc_lat_dist_kind */
	double dist_a;       /* rmc_lat_dist's a and b (normal, lognormal) */
	double dist_b;
	uint64_t seed;       /* of the requesters' draws (each adds its own node id) */
	/*
	 * Empirical law: the measured samples' quantiles (ns), so that the law
	 * travels to every requester; a draw interpolates between two of them.
	 */
	uint32_t quant[RMC_LAT_QUANTS];
};

struct rmc_node_page {
	uint32_t magic;
	uint16_t node_id;
	uint16_t node_count;
	uint32_t peer_gen[RTE_RMC_MAX_NODES];
	/*
	 * Latency model of each destination as this node knows it (its own,
	 * and those its peers announced). lat_seq is odd while the control
	 * thread rewrites the table; it changes at every change, so that an
	 * application sees a change with one load at post.
	 */
	uint32_t lat_seq;
	struct rmc_lat_model lat[RTE_RMC_MAX_NODES];
};

/*
 * The node's link page: for each destination d, the TSC at which the emulated
 * link of bandwidth(d) from this node to d is free. Every session of the node
 * maps it read-write and reserves the link with a compare-and-swap, so that
 * all the node's processes queue on one link, as on a device. A page apart
 * from the status page, which stays read-only: the node's applications may
 * write here and only here. They trust each other as much as those sharing a
 * wire do: one can delay the others' emulated link, never make it early, and
 * by at most RMC_LINK_AHEAD_MAX_NS (a reader takes a link free further ahead
 * of its clock than that as free at now + the bound).
 */
#define RMC_LINK_AHEAD_MAX_NS UINT64_C(100000000)

struct rmc_link_page {
	struct {
		uint64_t free_tsc;
		uint8_t pad[56];   /* a line each: posts to different d do not contend */
	} d[RTE_RMC_MAX_NODES];
};

#define RMC_CTL_TEXT_MAX 96

/*
 * HELLO of an application: it runs in inline mode and will ask for peers'
 * contexts (RMC_CTL_PEER_CTX_MAP); refused unless the node's operator
 * allowed inline mode (RTE_RMC_NODE_F_ALLOW_INLINE, rmcd --allow-inline).
 */
#define RMC_HELLO_F_INLINE 0x1

/*
 * RMC_CTL_REGION_CREATE flags (beyond the public RTE_RMC_PGAS_F_*, low bits):
 * join the region of that id and name if it exists (else create it), and the
 * node's PGAS bootstrap region (not counted in the application's quotas).
 */
#define RMC_REGION_F_JOIN 0x100
#define RMC_REGION_F_BOOT 0x200
/* Not sent: marks a context an application created with rte_rmc_ctx_create(). */
#define RMC_REGION_F_CTX 0x400

/* RMC_CTL_STATS: the node's totals rather than one QP's. */
#define RMC_CTL_STATS_NODE UINT32_MAX
/* RMC_CTL_STATS: reset instead of reading (no descriptor in the reply). */
#define RMC_CTL_STATS_F_RESET 0x1

struct rmc_ctl_msg {
	uint32_t magic;
	uint16_t abi_version;
	uint16_t type;
	int32_t result;
	uint32_t reserved;
	union {
		struct {
			char cluster[RTE_RMC_NAME_MAX];
			uint32_t pid;
			uint16_t role;
			uint16_t node_id;    /* role PEER: the sender's id */
			uint16_t node_count; /* role PEER: the sender's cluster size */
			char driver[16];     /* role PEER: the sender's driver ("" = shm) */
			/* role PEER: the sender's RMC_PROTO_VERSION (0: before 2) */
			uint16_t proto_version;
			uint16_t flags;      /* role APP: RMC_HELLO_F_* */
		} hello;
		struct {
			uint64_t tsc_hz;
			uint64_t peers_up;   /* bitmask */
			uint64_t ctx_gen;
			uint32_t nb_ctx;     /* announcements that follow a PEER hello */
			int32_t rmc_cpu;     /* CPU of the RMC loop, -1 if unknown */
			uint16_t node_id;
			uint16_t node_count;
			uint64_t peers_lost; /* bitmask: were up, are down now */
			uint64_t lbuf_bytes; /* usage: see struct rte_rmc_usage */
			uint32_t apps;
			uint32_t peers;
			uint32_t qps;
			uint32_t lbufs;
			uint32_t itt_in_use;
			uint16_t qps_draining;
			uint16_t lbufs_draining;
		} info;
		struct {
			uint64_t size;
			uint64_t map_size;
			uint64_t gen;
			uint16_t id;
			uint16_t perm;
			uint16_t nid;        /* PEER_CTX_MAP: the node that owns it */
		} ctx;
		struct {
			uint64_t size;
			uint64_t map_size;
			uint32_t depth;
			uint32_t id;
		} seg;
		struct {
			uint64_t size;
			uint64_t gen;        /* context generation to wait for (CTX_SYNC) */
			uint64_t mask;       /* FREE_IDS: bit i set when context i is free */
			uint16_t id;
			uint16_t flags;      /* RTE_RMC_PGAS_F_*, RMC_REGION_F_* */
			char name[RTE_RMC_NAME_MAX];
		} region;
		struct {
			uint64_t base_ns;
			uint64_t per_chunk_ns;
			uint32_t qp_id;      /* RMC_CTL_STATS_NODE: the node's totals */
			uint32_t flags;      /* RMC_CTL_STATS_F_* */
		} admin;
		struct rmc_lat_model lat;
		char text[RMC_CTL_TEXT_MAX]; /* replies with result < 0 */
	} u;
};

/* Fill the common header of a message. */
void rmc_ctl_init(struct rmc_ctl_msg *m, enum rmc_ctl_type type);

/* Send a message with an optional descriptor (-1 for none). 0 or -errno. */
int rmc_ctl_send(int sock, const struct rmc_ctl_msg *m, int fd);

/*
 * Receive one message and at most one descriptor (*fd = -1 if none). Checks
 * size, magic and ABI version. Returns 0, -ENOTCONN on orderly close,
 * -EAGAIN when nothing is there (non-blocking), -EPROTO on a malformed message.
 */
int rmc_ctl_recv(int sock, struct rmc_ctl_msg *m, int *fd);

/*
 * Send a request and wait for its reply (blocking socket). -EAGAIN: the
 * socket's send or receive timeout (SO_SNDTIMEO, SO_RCVTIMEO) passed.
 */
int rmc_ctl_call(int sock, struct rmc_ctl_msg *m, int send_fd, int *recv_fd);

#endif /* _RMC_CTL_MSG_H_ */
