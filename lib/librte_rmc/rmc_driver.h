/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _RMC_DRIVER_H_
#define _RMC_DRIVER_H_

/**
 * @file
 * The seam between the library and its remote-memory drivers: how a node's
 * RMC reaches its peers' memory. This is the only header of lib/ that a driver
 * includes, and it includes no other private header: the node is an
 * incomplete type here, so a driver that reaches into it does not compile.
 *
 * A driver fills a struct rmc_driver_ops and registers it from a constructor
 * with RMC_DRIVER_REGISTER() (or RMC_DRIVER_REGISTER_DEFAULT() for the one
 * driver a node gets when none is named); a node selects it by name
 * (rmcd --driver NAME). The library never names a driver.
 *
 * There are two kinds of drivers:
 * - direct-access drivers (shm) map their peers' contexts; the RGP executes
 *   each request (or chunk of one) to a peer synchronously through 'execute';
 * - message drivers (ring, eth, xen) fill 'transport': the RGP then hands
 *   requests to other nodes to the protocol layer, which cuts them into chunk
 *   requests, sends them with the transport's tx_burst, serves peers'
 *   requests (RRPP) and completes its own from the replies.
 * Requests a node addresses to itself (loopback) never reach a driver.
 *
 * Threads: init/fini/tick/peer_attach/peer_detach run on the node's control
 * thread (tick about every RMC_CTL_TICK_MS) or the thread that creates or
 * destroys the node; execute, poll and the transport ops run on the RMC loop
 * (lcore or service). A driver that changes what the RMC may be using
 * (unmapping a dead peer) first unpublishes it, then calls rmc_node_quiesce()
 * before releasing it.
 */

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/queue.h>

#include <rte_common.h>
#include <rte_log.h>
#include <rte_memcpy.h>

#include "rte_rmc.h"
#include "rte_rmc_admin.h"
#include "rte_rmc_node.h"
#include "rte_rmc_qp.h"

/* Longest driver argument string (--driver-args). */
#define RMC_DRV_ARGS_MAX 512

/* Period of the control thread's housekeeping tick. */
#define RMC_CTL_TICK_MS 20

/* Dynamic log type "lib.rmc"; --log-level=lib.rmc:debug enables debug lines. */
extern int rmc_logtype;

#define RMC_LOG(level, fmt, ...) \
	rte_log(RTE_LOG_ ## level, rmc_logtype, "RMC: " fmt "\n", ##__VA_ARGS__)

/*
 * What every driver may read of its node without a call: the node's struct
 * begins with it. drv_priv is the driver's own state, set by its init.
 */
struct rmc_node_pub {
	void *drv_priv;
	uint64_t tsc_hz;
	uint16_t id;
	uint16_t count;
};

static inline uint16_t
rmc_node_id(const struct rte_rmc_node *node)
{
	return ((const struct rmc_node_pub *)(const void *)node)->id;
}

static inline uint16_t
rmc_node_count(const struct rte_rmc_node *node)
{
	return ((const struct rmc_node_pub *)(const void *)node)->count;
}

static inline uint64_t
rmc_node_tsc_hz(const struct rte_rmc_node *node)
{
	return ((const struct rmc_node_pub *)(const void *)node)->tsc_hz;
}

static inline void *
rmc_node_drv_priv(const struct rte_rmc_node *node)
{
	return ((const struct rmc_node_pub *)(const void *)node)->drv_priv;
}

static inline void
rmc_node_drv_priv_set(struct rte_rmc_node *node, void *priv)
{
	((struct rmc_node_pub *)(void *)node)->drv_priv = priv;
}

/*
 * A context as the RMC executing a request sees it: the node's own contexts
 * and, for direct-access drivers, the mapped contexts of peers.
 * 'valid' is stored last (release) when the view is published.
 */
struct rmc_ctx_view {
	uint8_t *base;
	uint64_t size;
	uint16_t perm;
	uint16_t valid;
};

/* One piece of a request, ready to execute against a context. */
struct rmc_xfer {
	uint8_t *lbuf;       /* validated local-buffer address */
	uint64_t ctx_offset;
	uint64_t length;
	/*
	 * Bytes from ctx_offset that the bounds and permission checks cover: the
	 * rest of the request (0 = length), refused whole at its first chunk.
	 */
	uint64_t check_length;
	uint64_t operand0;
	uint64_t operand1;
	uint64_t result;     /* atomics: the old value */
	uint16_t dst_nid;
	uint16_t ctx_id;
	uint8_t opcode;
};

/*
 * The transfer of bytes [done, done + len) of a validated WQ entry, whose
 * local-buffer address is lbuf. The checks cover the rest of the request
 * from 'done', so that a request is refused whole at its first piece.
 */
static inline void
rmc_xfer_from_wqe(struct rmc_xfer *x, const struct rte_rmc_wqe *w, uint8_t *lbuf,
		uint64_t done, uint64_t len)
{
	x->lbuf = lbuf + done;
	x->ctx_offset = w->ctx_offset + done;
	x->length = len;
	x->check_length = w->length - done;
	/* A SABRe's operand is where its object's header is (rmc_sabre_copy()). */
	x->operand0 = w->opcode == RTE_RMC_OP_SABRE ? w->ctx_offset : w->operand0;
	x->operand1 = w->operand1;
	x->result = 0;
	x->dst_nid = w->dst_nid;
	x->ctx_id = w->ctx_id;
	x->opcode = w->opcode;
}

/*
 * A SABRe of bytes [ctx_offset, ctx_offset + length) of an object whose
 * version word is at operand0 (rte_rmc_sabre.h), bounds and permission
 * checked: copy while the version stays the same and even, up to
 * RTE_RMC_SABRE_ATTEMPTS times. result: the version; OK or CONFLICT.
 */
enum rte_rmc_status rmc_sabre_copy(const struct rmc_ctx_view *cv, struct rmc_xfer *x);

/*
 * Execute one validated piece of a request on a context view: bounds,
 * permission, then the copy or the atomic. Inline, because it is on the
 * per-request path of the RMC and of the inline mode.
 */
static __rte_always_inline enum rte_rmc_status
rmc_ctx_execute_inline(const struct rmc_ctx_view *cv, struct rmc_xfer *x)
{
	uint64_t check = RTE_MAX(x->length, x->check_length);
	uint64_t *word;

	if (cv == NULL || !__atomic_load_n(&cv->valid, __ATOMIC_ACQUIRE))
		return RTE_RMC_STATUS_BAD_CTX;
	/* Written so that offset + length cannot overflow. */
	if (x->ctx_offset > cv->size || check > cv->size - x->ctx_offset)
		return RTE_RMC_STATUS_OUT_OF_BOUNDS;
	if (x->opcode != RTE_RMC_OP_READ && x->opcode != RTE_RMC_OP_SABRE &&
			cv->perm != RTE_RMC_PERM_RW)
		return RTE_RMC_STATUS_PERM;
	switch (x->opcode) {
	case RTE_RMC_OP_READ:
		rte_memcpy(x->lbuf, cv->base + x->ctx_offset, x->length);
		break;
	case RTE_RMC_OP_WRITE:
		rte_memcpy(cv->base + x->ctx_offset, x->lbuf, x->length);
		break;
	case RTE_RMC_OP_CAS:
		word = (uint64_t *)(void *)(cv->base + x->ctx_offset);
		x->result = x->operand0;
		__atomic_compare_exchange_n(word, &x->result, x->operand1, 0,
			__ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
		memcpy(x->lbuf, &x->result, sizeof(x->result));
		break;
	case RTE_RMC_OP_FAA:
		word = (uint64_t *)(void *)(cv->base + x->ctx_offset);
		x->result = __atomic_fetch_add(word, x->operand0, __ATOMIC_SEQ_CST);
		memcpy(x->lbuf, &x->result, sizeof(x->result));
		break;
	case RTE_RMC_OP_SABRE:
		return rmc_sabre_copy(cv, x);
	default:
		return RTE_RMC_STATUS_BAD_OPCODE;
	}
	return RTE_RMC_STATUS_OK;
}

/*
 * rmc_ctx_execute_inline() for the RMC's thread: a memory fault (SIGBUS) in
 * the copy or the atomic, when the memory lost its backing page, completes
 * the request with RTE_RMC_STATUS_MEM_FAULT instead of killing the node.
 */
enum rte_rmc_status rmc_ctx_execute(const struct rmc_ctx_view *cv, struct rmc_xfer *x);
/* A copy under the same guard: 0, or -EFAULT if either side faulted. */
int rmc_fault_copy(void *dst, const void *src, size_t len);

/*
 * The soNUMA request/reply protocol as message drivers carry it. Wire format:
 * every message starts with one 64-byte struct rmc_proto_hdr, followed by
 * 'length' payload bytes for write requests and successful read replies
 * (rmc_proto_payload_len()). Fields are in the byte order of the machines
 * (little-endian x86-64 is the only supported architecture).
 */
#define RMC_PROTO_MAGIC 0x4d52      /* "RM" */
/*
 * 2: read and write chunks carry their request's length (req_length), checked
 * at every chunk; a write chunk is applied at most once. 3: a request may carry
 * its start time, served no earlier (RMC_PROTO_F_START). 4: a node's latency
 * model as a message (RMC_PROTO_LAT), no longer in eth's hello.
 */
#define RMC_PROTO_VERSION 4
#define RMC_PROTO_HDR_SIZE 64
/* Most messages the protocol asks a transport for, or gives it, at once. */
#define RMC_PROTO_BURST 32

/* Message types. Transports may use types from RMC_PROTO_TRANSPORT on. */
enum rmc_proto_type {
	RMC_PROTO_REQ = 1,          /* requester -> destination */
	RMC_PROTO_REPLY = 2,        /* destination -> requester */
	RMC_PROTO_LAT = 3,          /* the sender's latency model (rmc_node_latency_by_proto()) */
	RMC_PROTO_TRANSPORT = 16,   /* first type a transport may use itself */
};

/*
 * hdr.flags of a request: 'status' and 'reserved' hold the 32 low TSC bits of
 * its start time (rte_rmc_start_tsc()), before which the destination does not
 * serve it. Only between RMCs of one machine (rmc_transport_ops.same_clock).
 */
#define RMC_PROTO_F_START 0x01

/* The header of every protocol message. A reply echoes its request's header. */
struct rmc_proto_hdr {
	uint16_t magic;       /* RMC_PROTO_MAGIC */
	uint8_t version;      /* RMC_PROTO_VERSION */
	uint8_t type;         /* enum rmc_proto_type */
	uint8_t opcode;       /* enum rte_rmc_opcode */
	uint8_t flags;        /* request: RMC_PROTO_F_START or 0 */
	uint16_t status;      /* reply: enum rte_rmc_status; request: see RMC_PROTO_F_START */
	uint16_t src_nid;     /* the requester */
	uint16_t dst_nid;     /* the destination */
	uint16_t ctx_id;      /* context on the destination */
	uint16_t reserved;    /* request: see RMC_PROTO_F_START; else 0 */
	uint32_t src_epoch;   /* the requester's incarnation */
	uint32_t length;      /* bytes of this chunk */
	uint64_t tid;         /* requester's ITT index | generation << 32 */
	uint64_t chunk_off;   /* offset of this chunk in the request */
	uint64_t ctx_offset;  /* offset of this chunk in the context */
	union {
		/* Atomics: CAS expected / FAA addend; reply: the old value. */
		uint64_t operand0;
		/*
		 * Read and write requests: bytes of the whole request, which
		 * starts at ctx_offset - chunk_off. The destination checks
		 * the rest of it, [ctx_offset, ctx_offset - chunk_off +
		 * req_length), at every chunk: a request that fails has no
		 * effect, whatever chunk arrives first.
		 */
		uint64_t req_length;
	};
	union {
		uint64_t operand1;    /* CAS desired */
		/*
		 * Read and write requests: the chunk's index in the request
		 * (chunk_off / the requester's chunk size), the key under which
		 * the destination applies a write chunk at most once.
		 */
		uint64_t chunk_idx;
	};
};

/* A message as transports exchange it with the protocol layer. */
struct rmc_proto_msg {
	struct rmc_proto_hdr hdr;
	/* rmc_proto_payload_len(&hdr) bytes; on receive, valid until rx_done. */
	const uint8_t *payload;
	uintptr_t cookie;     /* the transport's own (an mbuf, for example) */
	uint16_t peer;        /* receive: the node the transport got it from */
};

/* Payload bytes that follow a header on the wire. */
static inline uint32_t
rmc_proto_payload_len(const struct rmc_proto_hdr *h)
{
	if ((h->type == RMC_PROTO_REQ && h->opcode == RTE_RMC_OP_WRITE) || h->type == RMC_PROTO_LAT)
		return h->length;
	if (h->type == RMC_PROTO_REPLY && (h->opcode == RTE_RMC_OP_READ ||
			h->opcode == RTE_RMC_OP_SABRE) &&
			h->status == RTE_RMC_STATUS_OK)
		return h->length;
	return 0;
}

/* 1 if the header looks like a protocol message of this version. */
static inline int
rmc_proto_hdr_ok(const struct rmc_proto_hdr *h)
{
	return h->magic == RMC_PROTO_MAGIC && h->version == RMC_PROTO_VERSION;
}

/*
 * For a transport's tx_burst: copy len bytes of the payload of the message
 * whose header is h, from src to dst, under the RMC's memory-fault guard (a
 * write request's payload is the application's buffer, which may have lost its
 * page). 0, or -EFAULT: the transport must not send the message (drop what it
 * built of it); the protocol completes the request with MEM_FAULT.
 */
int rmc_proto_payload_copy(void *dst, const struct rmc_proto_hdr *h, const uint8_t *src,
		uint32_t len);

/*
 * What a message driver gives the protocol layer. Every function runs on the
 * node's RMC loop (lcore or service), never concurrently with another.
 */
struct rmc_transport_ops {
	/* Largest payload of one message (for eth: the port's MTU less headers). */
	uint32_t (*max_payload)(struct rte_rmc_node *node);
	/* Bytes (payload + header) one requester may have in flight to one peer. */
	uint32_t (*window)(struct rte_rmc_node *node);
	/*
	 * Send messages to node dst; requests and replies may be mixed. The
	 * payloads are copied with rmc_proto_payload_copy() (a write request's
	 * payload is the application's local buffer, which may fault); a
	 * message whose copy faulted is not sent, and counts as taken. Returns
	 * how many of the first messages were taken; the protocol counts the
	 * others as lost.
	 */
	uint16_t (*tx_burst)(struct rte_rmc_node *node, uint16_t dst,
			const struct rmc_proto_msg *msgs, uint16_t n);
	/*
	 * Receive up to n messages from any peer, with msg->peer set to the
	 * node the transport knows it came from. Payloads stay valid until
	 * rx_done() is called for the same messages.
	 */
	uint16_t (*rx_burst)(struct rte_rmc_node *node, struct rmc_proto_msg *msgs, uint16_t n);
	/* Release what the last rx_burst() returned. */
	void (*rx_done)(struct rte_rmc_node *node, struct rmc_proto_msg *msgs, uint16_t n);
	/* Optional: 1 if every peer reads this node's TSC (RMC_PROTO_F_START). */
	int (*same_clock)(struct rte_rmc_node *node);
};

/* Callback of a file descriptor watched by the control thread. */
typedef void (rmc_ctl_fd_cb_t)(struct rte_rmc_node *node, int fd, uint32_t events, void *arg);

/* A descriptor watched by the control thread; owned by whoever registers it. */
struct rmc_watch {
	int fd;
	rmc_ctl_fd_cb_t *cb;
	void *arg;
};

struct rmc_driver_ops {
	/** Name used to select the driver. */
	const char *name;
	/** One line for --help listings. */
	const char *help;
	/**
	 * Optional: whether the driver can run on this host, checked before
	 * init and by rte_rmc_driver_probe() (so that rmcd can fail before
	 * EAL starts). 0, or -errno with a one-line reason in why that says
	 * what to do instead.
	 */
	int (*probe)(char *why, size_t len);
	/** Set up per-node state (rmc_node_drv_priv_set()). 0 or -errno. */
	int (*init)(struct rte_rmc_node *node);
	/** Release everything init and later calls created. */
	void (*fini)(struct rte_rmc_node *node);
	/** Control thread housekeeping: connect to peers, detect deaths. */
	void (*tick)(struct rte_rmc_node *node);
	/**
	 * Direct-access drivers: execute one piece (at most a chunk) of a
	 * validated request on its destination peer, synchronously. Returns an
	 * enum rte_rmc_status.
	 */
	int (*execute)(struct rte_rmc_node *node, struct rmc_xfer *x);
	/** Optional: RMC-loop work of the driver itself; returns work done. */
	int (*poll)(struct rte_rmc_node *node);
	/**
	 * Optional, control thread, drivers that map peers: a peer's context for
	 * inline-mode applications: its view (size, perm), mapping size and
	 * descriptor (the driver's). 0, -EHOSTDOWN (peer not up), -ENOENT.
	 */
	int (*peer_ctx)(struct rte_rmc_node *node, uint16_t nid, uint16_t ctx_id,
			struct rmc_ctx_view *view, uint64_t *map_size, int *fd);
	/**
	 * Optional: a peer RMC introduced itself on the node's control socket
	 * 'fd' (control thread, node lock held). The driver may send it
	 * messages (rmc_peer_session_send_seg()). 0 or -errno.
	 */
	int (*peer_attach)(struct rte_rmc_node *node, uint16_t peer, int fd);
	/** Optional: that peer's session closed (control thread, lock held). */
	void (*peer_detach)(struct rte_rmc_node *node, uint16_t peer);
	/**
	 * Optional, direct-access drivers (any thread but the RMC loop, serialised
	 * with the driver's mapping changes): the peers' requests this node served
	 * since the last reset (reset != 0: then zero them). Message drivers leave
	 * it NULL: the library's RRPP counts what it serves.
	 */
	void (*served)(struct rte_rmc_node *node, struct rte_rmc_served_stats *st, int reset);
	/** Optional, RMC loop: about to sleep (1, before its last look) or awake (0). */
	void (*sleep)(struct rte_rmc_node *node, int asleep);
	/** Message drivers: how protocol messages travel; NULL for direct access. */
	const struct rmc_transport_ops *transport;
	/** RMC_DRV_F_* */
	uint32_t flags;
};

/*
 * Count a served request's piece in st: its bytes when it succeeded, and the
 * request itself, under this piece's status, when 'counted' (the piece the
 * caller counts requests at: see the callers). Called by whoever executes
 * the piece (a direct-access driver on the requester, the RRPP on the
 * destination), in its own memory.
 */
static inline void
rmc_served_count(struct rte_rmc_served_stats *st, uint8_t opcode, uint16_t status,
		uint64_t length, int counted)
{
	uint8_t op = opcode < RTE_RMC_STATS_OPS ? opcode : RTE_RMC_OP_NONE;

	if (status == RTE_RMC_STATUS_OK)
		st->bytes[op] += length;
	if (counted) {
		st->requests[op]++;
		st->completions[status < RTE_RMC_STATUS_MAX ? status : 0]++;
	}
}
/**
 * A message driver whose peers wake this node's sleeping RMC when they send
 * to it (rmc_drv_waker_*()): the RMC may then sleep as long as with direct
 * access; without, it polls its transport every 2 to 10 ms when idle.
 */
#define RMC_DRV_F_PEER_WAKE 0x1
/* Init: RMC_DRV_F_PEER_WAKE decided at run time (xen: event channels work). */
void rmc_drv_set_peer_wake(struct rte_rmc_node *node, int on);
/* Any thread: wake the RMC if it sleeps (a wake-up from here is never lost). */
void rmc_drv_wake_rmc(struct rte_rmc_node *node);

struct rmc_driver {
	TAILQ_ENTRY(rmc_driver) next;
	const struct rmc_driver_ops *ops;
	/** 1 for the driver a node gets when its configuration names none. */
	int is_default;
};

/* Add a driver to the registry (called from RMC_DRIVER_REGISTER). */
void rmc_driver_register(struct rmc_driver *drv);

#define RMC_DRIVER_REGISTER_(nm, ops_, dflt) \
	static struct rmc_driver rmc_driver_ ## nm = { .ops = &(ops_), .is_default = (dflt) }; \
	RTE_INIT(rmc_driver_init_ ## nm) \
	{ \
		rmc_driver_register(&rmc_driver_ ## nm); \
	}

#define RMC_DRIVER_REGISTER(nm, ops_) RMC_DRIVER_REGISTER_(nm, ops_, 0)
#define RMC_DRIVER_REGISTER_DEFAULT(nm, ops_) RMC_DRIVER_REGISTER_(nm, ops_, 1)

/*
 * Node services for drivers (node/rmc_drv_services.c). Control-thread
 * services unless said otherwise.
 */

/* The node's cluster name and its runtime directory (sockets of its nodes). */
const char *rmc_node_cluster(const struct rte_rmc_node *node);
const char *rmc_node_dir(const struct rte_rmc_node *node);
/* --driver-args and --fabric-conf as given ("" when not). */
const char *rmc_node_driver_args(const struct rte_rmc_node *node);
const char *rmc_node_fabric_conf(const struct rte_rmc_node *node);
/* How long to wait for missing peers before serving anyway, in ms. */
uint32_t rmc_node_peer_wait_ms(const struct rte_rmc_node *node);
/* The protocol's node-down time-out (0: the protocol's default), in ms. */
uint32_t rmc_node_proto_timeout_ms(const struct rte_rmc_node *node);
/* The name of the node's driver. */
const char *rmc_node_driver_name(const struct rte_rmc_node *node);

/* Bitmask of reachable peers (atomic read); mark one reachable or not. */
uint64_t rmc_node_peers_up(const struct rte_rmc_node *node);
void rmc_node_set_peer_up(struct rte_rmc_node *node, uint16_t nid, int up);
/*
 * Wait (2 s at most) until no pass of the RMC can still use what was
 * unpublished before. 0, or -ETIMEDOUT: a pass may still use it, so it must
 * not be unmapped or freed (leak it and log).
 */
int rmc_node_quiesce(struct rte_rmc_node *node);
/* This incarnation of the node (changes at each start), for the protocol. */
uint32_t rmc_proto_epoch(const struct rte_rmc_node *node);

/* Watch a descriptor on the control thread; 0 or -errno. */
int rmc_ctl_watch_fd(struct rte_rmc_node *node, struct rmc_watch *w);
void rmc_ctl_unwatch_fd(struct rte_rmc_node *node, int fd);

/* CLOCK_MONOTONIC in nanoseconds. */
uint64_t rmc_now_ns(void);

/* Shared memory a driver gives to a peer (sealed memfd, hugepages per policy). */
struct rmc_drv_seg {
	void *addr;
	uint64_t size;     /* mapped size, a multiple of the page size */
	int fd;
	int huge;          /* 1 when hugepage-backed */
};
int rmc_drv_seg_create(const char *name, uint64_t size, enum rte_rmc_huge_mode mode,
		struct rmc_drv_seg *seg);
void rmc_drv_seg_destroy(struct rmc_drv_seg *seg);
/* Map a segment received from a peer, checking its real size; NULL + errno. */
void *rmc_drv_seg_map_fd(int fd, uint64_t size);

/*
 * Peer sessions: a node's RMC is a client of each peer's control socket.
 * A message the peer's node sent on that session, as a driver needs it.
 */
enum rmc_peer_msg_type {
	RMC_PEER_MSG_OTHER = 0,   /* not for drivers: ignore */
	RMC_PEER_MSG_ACCEPTED,    /* the hello was accepted: nb_ctx contexts follow */
	RMC_PEER_MSG_REFUSED,     /* the hello was refused: text says why */
	RMC_PEER_MSG_CTX,         /* a context (shm: with its descriptor) */
	RMC_PEER_MSG_SEG,         /* a driver segment, with its descriptor */
	/* A context is gone: stop using it (quiesce, then unmap), then acknowledge gen. */
	RMC_PEER_MSG_CTX_GONE,
	RMC_PEER_MSG_LAT,         /* the peer's latency model: rmc_node_peer_latency() */
	RMC_PEER_MSG_WAKE,        /* the peer's wake page, read-only descriptor */
};

/* Room for a latency model in a peer message (opaque to drivers). */
#define RMC_PEER_LAT_SIZE 640

struct rmc_peer_msg {
	enum rmc_peer_msg_type type;
	int result;               /* REFUSED: -errno */
	uint32_t nb_ctx;          /* ACCEPTED */
	uint16_t ctx_id;          /* CTX, CTX_GONE */
	uint16_t perm;            /* CTX */
	uint64_t size;            /* CTX, SEG */
	uint64_t map_size;        /* CTX, SEG */
	uint64_t gen;             /* CTX, CTX_GONE */
	char text[128];           /* REFUSED */
	uint8_t lat[RMC_PEER_LAT_SIZE] __attribute__((aligned(8))); /* LAT */
};

/*
 * The latency model that peer nid announced for requests to it (a LAT
 * message): the node publishes it to its applications. Every driver's peer
 * link passes it on, so that the model holds on every driver.
 */
void rmc_node_peer_latency(struct rte_rmc_node *node, uint16_t nid, const void *lat);

/*
 * For a driver whose peers are not on control sessions (eth, xen), at init: the
 * protocol layer sends this node's whole latency model (laws too) to each peer
 * in RMC_PROTO_LAT messages, and applies those its peers send (doc/fabric.md).
 */
void rmc_node_latency_by_proto(struct rte_rmc_node *node);

/* Connect to node nid's control socket and say hello as its peer RMC (non-blocking). */
int rmc_peer_session_open(struct rte_rmc_node *node, uint16_t nid);
/* Receive one message: 0, -EAGAIN when none is there, or -errno. *fd: -1 or a descriptor. */
int rmc_peer_session_recv(int sock, struct rmc_peer_msg *m, int *fd);
/* Acknowledge the contexts up to generation gen. */
int rmc_peer_session_ack(int sock, uint64_t gen);
/* Server side (peer_attach): hand a segment to the peer. */
int rmc_peer_session_send_seg(int sock, uint64_t size, uint64_t map_size, int seg_fd);
/* Server side (peer_attach): hand this node's wake page to the peer. */
int rmc_peer_session_send_wake(struct rte_rmc_node *node, int sock);

/*
 * Waking a peer's sleeping RMC (doc/tuning.md, "Wake protocol"): map the
 * page of an RMC_PEER_MSG_WAKE message (NULL + errno), call published() after
 * each message handed to the peer's transport and waiting() from the RMC loop
 * while one is owed (it returns 1 while a wake-up is still owed).
 */
struct rmc_waker;
struct rmc_waker *rmc_drv_waker_map(int fd, uint64_t map_size, uint16_t nid);
void rmc_drv_waker_free(struct rmc_waker *w);
int rmc_drv_waker_published(struct rmc_waker *w);
int rmc_drv_waker_waiting(struct rmc_waker *w);

#endif /* _RMC_DRIVER_H_ */
