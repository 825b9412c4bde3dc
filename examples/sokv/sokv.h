/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _SOKV_H_
#define _SOKV_H_

/*
 * soKV: a rack-scale key-value store on the public librte_rmc API.
 *
 * Keys (64-bit, not 0) are partitioned over the nodes: owner = hash(key) mod
 * nodes. Each owner's sokv-server keeps, in context SOKV_CTX of its node:
 *
 *   [0, 64)            struct sokv_meta (geometry, read by clients at start)
 *   index              nb_buckets + 1 buckets of SOKV_BUCKET_WAYS entries
 *                      {key, slot + 1}, read one-sided by clients: a key is
 *                      in its bucket or the next (SOKV_PROBE entries)
 *   slots              nb_slots objects of slot_size bytes
 *
 * An object is a run of 64-byte lines. Line 0: version (the SABRe header:
 * odd while a writer holds the object), key, value length, flags, checksum,
 * then value bytes; every later line starts with its own copy of the version
 * (FaRM's per-cache-line versions) followed by SOKV_LINE_DATA value bytes.
 * The checksum covers key, length, flags and value (Pilaf).
 *
 * Writers (the owner's server for RPC PUT/DELETE, a client for one-sided
 * PUT/DELETE) take the object's lock by making the version odd (locally
 * rte_rmc_sabre_write_begin(), remotely a CAS), write every line with the
 * new version v + 2, and store v + 2 in line 0 last.
 */

#include <stdint.h>

#include <rte_rmc.h>
#include <rte_rmc_msg.h>

#define SOKV_CTX 2              /* the store's context on every node */
#define SOKV_MSG_CTX 3          /* messaging areas (RPC) */
#define SOKV_MAGIC UINT64_C(0x564b6f73) /* "soKV" */
#define SOKV_LINE 64
#define SOKV_HDR_DATA 32        /* value bytes in line 0 */
#define SOKV_LINE_DATA 56       /* value bytes in later lines */
#define SOKV_BUCKET_WAYS 4
/* A key lives in its bucket or the next one: 8 entries, one 128-byte read. */
#define SOKV_PROBE (2 * SOKV_BUCKET_WAYS)
#define SOKV_MAX_VALUE 8192
#define SOKV_MAX_SERVERS 8      /* server threads (ports 0..) per node */
#define SOKV_MAX_CLIENTS 16     /* client endpoints (ports after the servers) */
#define SOKV_F_DELETED 1u

/* Statuses of soKV operations (negative: a transport error, -errno). */
enum sokv_status {
	SOKV_OK = 0,
	SOKV_NOT_FOUND = 1,     /* unknown or deleted key */
	SOKV_TOO_LARGE = 2,     /* value above the store's largest */
	SOKV_FULL = 3,          /* no free slot, or the key's bucket is full */
	SOKV_NODE_DOWN = 4,     /* the owner's node is down or unreachable */
	SOKV_BAD_KEY = 5,       /* key 0 */
	SOKV_GIVE_UP = 6,       /* torn or locked at every retry */
	SOKV_ERROR = 7,         /* other RMC or messaging error (printed) */
	SOKV_TIMEOUT = 8,       /* the owner's node is up, its server did not answer in time */
};

/* How a GET is validated / carried. */
enum sokv_get_mode {
	SOKV_GET_FARM,          /* one-sided read, per-line versions */
	SOKV_GET_PILAF,         /* one-sided read, checksum */
	SOKV_GET_SABRE,         /* one-sided SABRe, validated by the RMC */
	SOKV_GET_RPC,           /* message to the owner's server */
};

enum sokv_put_mode {
	SOKV_PUT_RPC,           /* the owner applies it under the object's lock */
	SOKV_PUT_ONESIDED,      /* remote CAS of the lock, remote write, version bump */
};

/* The store's geometry, at offset 0 of SOKV_CTX, written once by the server. */
struct sokv_meta {
	uint64_t magic;
	uint64_t nb_buckets;
	uint64_t nb_slots;
	uint64_t slot_size;
	uint64_t index_off;
	uint64_t slots_off;
	uint32_t max_value;
	uint32_t servers;       /* server threads: RPC ports 0..servers-1 */
	uint64_t ready;         /* 1 once the server serves */
};

struct sokv_entry {
	uint64_t key;
	uint64_t slot;          /* slot index + 1; 0: empty */
};

/* Line 0 of an object. */
struct sokv_obj_hdr {
	uint64_t version;
	uint64_t key;
	uint32_t vlen;
	uint32_t flags;
	uint64_t cksum;
	uint8_t data[SOKV_HDR_DATA];
};

/* RPC messages. */
enum sokv_rpc_op {
	SOKV_RPC_GET = 1,
	SOKV_RPC_PUT = 2,
	SOKV_RPC_DEL = 3,
	SOKV_RPC_STATS = 4,     /* reply value: struct sokv_server_stats */
	SOKV_RPC_BYE = 5,
};

struct sokv_rpc {
	uint32_t op;
	uint32_t status;        /* reply: enum sokv_status */
	uint64_t key;
	uint64_t id;            /* echoed */
	uint64_t version;       /* reply: the object's version */
	uint32_t vlen;
	uint32_t pad;
	uint8_t value[];
};

struct sokv_server_stats {
	uint64_t gets, puts, dels;
	uint64_t busy_ns;       /* time spent serving requests (not polling) */
	uint64_t get_busy_ns;   /* of which serving GETs */
};

/* Bytes of an object holding values up to max_value. */
uint64_t sokv_obj_size(uint32_t max_value);
/* 64-bit mix of a key (owner, bucket). */
uint64_t sokv_hash(uint64_t key);
uint16_t sokv_owner(uint64_t key, uint16_t nodes);
uint64_t sokv_cksum(uint64_t key, uint32_t vlen, uint32_t flags, const uint8_t *v);
/* Write value v into object o (every line, version ver), checksum included. */
void sokv_obj_encode(uint8_t *o, uint64_t ver, uint64_t key, const uint8_t *v, uint32_t vlen,
		uint32_t flags);
/* Copy the value out; 0, or -1 if the length is beyond max_value. */
int sokv_obj_value(const uint8_t *o, uint32_t max_value, uint8_t *v, uint32_t *vlen);
/* 1 if every line carries the header's (even) version. */
int sokv_obj_lines_ok(const uint8_t *o, uint64_t size);
/* 1 if the checksum matches. */
int sokv_obj_cksum_ok(const uint8_t *o, uint32_t max_value);
void sokv_msg_conf(struct rte_rmc_msg_conf *conf);
/* Create (server: 1) or find the messaging context of the node; 0 or -errno. */
int sokv_msg_ctx(struct rte_rmc_session *s, int server);
const char *sokv_strstatus(int st);

/* The bench's value for (key, version): checkable from the bytes alone. */
void sokv_value_fill(uint8_t *v, uint32_t vlen, uint64_t key, uint64_t tag);
/* 0 if v is a value sokv_value_fill() made for key (its tag is returned). */
int sokv_value_check(const uint8_t *v, uint32_t vlen, uint64_t key, uint64_t *tag);

#endif /* _SOKV_H_ */
