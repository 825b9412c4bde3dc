/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/* The object layout of soKV (sokv.h), its checksum and the bench's values. */

#include <errno.h>
#include <string.h>

#include "sokv.h"

uint64_t
sokv_obj_size(uint32_t max_value)
{
	uint64_t rest = max_value > SOKV_HDR_DATA ? max_value - SOKV_HDR_DATA : 0;

	return SOKV_LINE * (1 + (rest + SOKV_LINE_DATA - 1) / SOKV_LINE_DATA);
}

uint64_t
sokv_hash(uint64_t key)
{
	/* splitmix64's finaliser: owners and buckets from independent bits. */
	key += UINT64_C(0x9e3779b97f4a7c15);
	key = (key ^ (key >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	key = (key ^ (key >> 27)) * UINT64_C(0x94d049bb133111eb);
	return key ^ (key >> 31);
}

uint16_t
sokv_owner(uint64_t key, uint16_t nodes)
{
	return (uint16_t)(sokv_hash(key) % nodes);
}

/* Word-wise multiply-xorshift: fast enough for 8 KiB values, and any torn mix changes it. */
uint64_t
sokv_cksum(uint64_t key, uint32_t vlen, uint32_t flags, const uint8_t *v)
{
	uint64_t h = sokv_hash(key ^ ((uint64_t)vlen << 32 | flags)), w;
	uint32_t i;

	for (i = 0; i + 8 <= vlen; i += 8) {
		memcpy(&w, v + i, 8);
		h = (h ^ w) * UINT64_C(0x100000001b3);
		h ^= h >> 29;
	}
	for (; i < vlen; i++)
		h = (h ^ v[i]) * UINT64_C(0x100000001b3);
	return sokv_hash(h);
}

void
sokv_obj_encode(uint8_t *o, uint64_t ver, uint64_t key, const uint8_t *v, uint32_t vlen,
		uint32_t flags)
{
	struct sokv_obj_hdr *h = (struct sokv_obj_hdr *)(void *)o;
	uint32_t n = vlen < SOKV_HDR_DATA ? vlen : SOKV_HDR_DATA, done;
	uint8_t *line;

	h->key = key;
	h->vlen = vlen;
	h->flags = flags;
	h->cksum = sokv_cksum(key, vlen, flags, v);
	memcpy(h->data, v, n);
	for (done = n, line = o + SOKV_LINE; done < vlen; done += n, line += SOKV_LINE) {
		n = vlen - done < SOKV_LINE_DATA ? vlen - done : SOKV_LINE_DATA;
		memcpy(line, &ver, 8);
		memcpy(line + 8, v + done, n);
	}
}

int
sokv_obj_value(const uint8_t *o, uint32_t max_value, uint8_t *v, uint32_t *vlen)
{
	const struct sokv_obj_hdr *h = (const struct sokv_obj_hdr *)(const void *)o;
	uint32_t len = h->vlen, n, done;
	const uint8_t *line;

	if (len > max_value)
		return -1;
	n = len < SOKV_HDR_DATA ? len : SOKV_HDR_DATA;
	memcpy(v, h->data, n);
	for (done = n, line = o + SOKV_LINE; done < len; done += n, line += SOKV_LINE) {
		n = len - done < SOKV_LINE_DATA ? len - done : SOKV_LINE_DATA;
		memcpy(v + done, line + 8, n);
	}
	*vlen = len;
	return 0;
}

int
sokv_obj_lines_ok(const uint8_t *o, uint64_t size)
{
	const struct sokv_obj_hdr *h = (const struct sokv_obj_hdr *)(const void *)o;
	uint64_t ver = h->version, lv, lines, i;
	uint32_t vlen = h->vlen;

	if (ver & 1)
		return 0;
	/* Only the lines the value uses carry versions. */
	lines = sokv_obj_size(vlen) / SOKV_LINE;
	if (lines * SOKV_LINE > size)
		return 0;
	for (i = 1; i < lines; i++) {
		memcpy(&lv, o + i * SOKV_LINE, 8);
		if (lv != ver)
			return 0;
	}
	return 1;
}

int
sokv_obj_cksum_ok(const uint8_t *o, uint32_t max_value)
{
	const struct sokv_obj_hdr *h = (const struct sokv_obj_hdr *)(const void *)o;
	uint8_t v[SOKV_MAX_VALUE];
	uint32_t vlen;

	if (sokv_obj_value(o, max_value, v, &vlen) < 0)
		return 0;
	return sokv_cksum(h->key, vlen, h->flags, v) == h->cksum;
}

void
sokv_value_fill(uint8_t *v, uint32_t vlen, uint64_t key, uint64_t tag)
{
	uint64_t x = sokv_hash(key ^ sokv_hash(tag)), i;

	memcpy(v, &key, 8);
	memcpy(v + 8, &tag, 8);
	for (i = 16; i < vlen; i++) {
		if ((i & 7) == 0)
			x = sokv_hash(x);
		v[i] = (uint8_t)(x >> (8 * (i & 7)));
	}
}

int
sokv_value_check(const uint8_t *v, uint32_t vlen, uint64_t key, uint64_t *tag)
{
	uint8_t want[SOKV_MAX_VALUE];
	uint64_t k;

	if (vlen < 16 || vlen > SOKV_MAX_VALUE)
		return -1;
	memcpy(&k, v, 8);
	memcpy(tag, v + 8, 8);
	if (k != key)
		return -1;
	sokv_value_fill(want, vlen, key, *tag);
	return memcmp(want, v, vlen) == 0 ? 0 : -1;
}

void
sokv_msg_conf(struct rte_rmc_msg_conf *conf)
{
	memset(conf, 0, sizeof(*conf));
	conf->ctx_id = SOKV_MSG_CTX;
	conf->max_ports = SOKV_MAX_SERVERS + SOKV_MAX_CLIENTS;
	conf->slots = 16;
	conf->slot_size = 256;
	conf->max_msg = sizeof(struct sokv_rpc) + 2 * SOKV_MAX_VALUE; /* an object */
}

int
sokv_msg_ctx(struct rte_rmc_session *s, int server)
{
	struct rte_rmc_msg_conf conf;
	uint64_t size;
	int ret;

	/* The server makes it; a client on a node without a server, too. */
	if (!server && rte_rmc_ctx_map(s, SOKV_MSG_CTX, NULL) != NULL)
		return 0;
	sokv_msg_conf(&conf);
	size = rte_rmc_msg_area_size(&conf, rte_rmc_node_count(s)) * conf.max_ports;
	size = (size + 4095) & ~UINT64_C(4095);
	ret = rte_rmc_ctx_create(s, SOKV_MSG_CTX, size, RTE_RMC_PERM_RW);
	return ret == -EEXIST ? 0 : ret;
}

const char *
sokv_strstatus(int st)
{
	static const char *const txt[] = {
		[SOKV_OK] = "ok",
		[SOKV_NOT_FOUND] = "not found",
		[SOKV_TOO_LARGE] = "value too large",
		[SOKV_FULL] = "table full",
		[SOKV_NODE_DOWN] = "owner node down",
		[SOKV_BAD_KEY] = "bad key (0)",
		[SOKV_GIVE_UP] = "torn or locked at every retry",
		[SOKV_ERROR] = "RMC or messaging error",
		[SOKV_TIMEOUT] = "no answer from the owner's server in time",
	};

	if (st < 0)
		return "transport error";
	return st <= SOKV_TIMEOUT ? txt[st] : "unknown";
}
