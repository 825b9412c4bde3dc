/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * The data commands: contexts, remote reads (with a hexdump), writes of hex
 * bytes, and atomics. Each is issued through the session of the current node
 * ("set node") and reports the completion's status text on failure.
 */

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <rte_common.h>
#include <rte_rmc_sabre.h>

#include "testpmd.h"
#include "testpmd_cluster.h"
#include "testpmd_ops.h"
#include "testpmd_out.h"

static int
tp_check_ctx(uint16_t ctx_id)
{
	if (ctx_id < RTE_RMC_MAX_CTX)
		return 0;
	return tp_error("context id %u is out of range (0..%u)", ctx_id, RTE_RMC_MAX_CTX - 1);
}

/* The issuing node's session, after checking the target node id. */
static struct tp_node *
tp_issuer(unsigned int target)
{
	if (tp_check_node(target) < 0)
		return NULL;
	return tp_session(tp.cur);
}

int
tp_ctx_create(unsigned int nid, uint16_t ctx_id, const char *size_txt, const char *perm_txt)
{
	enum rte_rmc_perm perm = RTE_RMC_PERM_RW;
	struct tp_node *n;
	uint64_t size;
	int ret;

	if (tp_check_node(nid) < 0 || tp_check_ctx(ctx_id) < 0)
		return -1;
	if (rte_rmc_parse_size(size_txt, &size) < 0 || size == 0)
		return tp_error("'%s' is not a size (examples: 4096, 64K, 1M)", size_txt);
	if (perm_txt != NULL && strcmp(perm_txt, "ro") == 0)
		perm = RTE_RMC_PERM_RO;
	if (tp.n[nid].node != NULL) {
		ret = rte_rmc_node_ctx_create(tp.n[nid].node, ctx_id, size, perm);
	} else {
		n = tp_session(nid);
		if (n == NULL)
			return -1;
		ret = rte_rmc_ctx_create(n->sess, ctx_id, size, perm);
	}
	if (ret == -EEXIST)
		return tp_error("node %u already has a context %u", nid, ctx_id);
	if (ret < 0)
		return tp_error("cannot create context %u on node %u: %s", ctx_id, nid,
			strerror(-ret));
	tp_printf("node %u: context %u created, %" PRIu64 " bytes, %s\n", nid, ctx_id, size,
		perm == RTE_RMC_PERM_RO ? "read-only" : "read-write");
	return 0;
}

static int
tp_status(int st, const char *op, unsigned int nid, uint16_t ctx_id, uint64_t off)
{
	if (st == RTE_RMC_STATUS_OK)
		return 0;
	return tp_error("%s at node %u context %u offset 0x%" PRIx64 " (issued by node %u): %s",
		op, nid, ctx_id, off, tp.cur, st < 0 ? strerror(-st) : rte_rmc_strerror(st));
}

static void
tp_hexdump(uint64_t base, const uint8_t *p, uint64_t len)
{
	char line[128];
	uint64_t i, j;
	size_t off;

	for (i = 0; i < len; i += 16) {
		off = snprintf(line, sizeof(line), "%08" PRIx64 ": ", base + i);
		for (j = 0; j < 16; j++) {
			if (i + j < len)
				off += snprintf(line + off, sizeof(line) - off, "%02x ", p[i + j]);
			else
				off += snprintf(line + off, sizeof(line) - off, "   ");
			if (j == 7)
				off += snprintf(line + off, sizeof(line) - off, " ");
		}
		off += snprintf(line + off, sizeof(line) - off, " |");
		for (j = 0; j < 16 && i + j < len; j++)
			line[off++] = isprint(p[i + j]) ? p[i + j] : '.';
		snprintf(line + off, sizeof(line) - off, "|");
		tp_printf("%s\n", line);
	}
}

int
tp_read(unsigned int nid, uint16_t ctx_id, uint64_t off, uint64_t len)
{
	struct tp_node *n;
	int st;

	if (tp_check_ctx(ctx_id) < 0)
		return -1;
	if (len == 0 || len > TP_LBUF_SIZE)
		return tp_error("read length must be 1..%u bytes", TP_LBUF_SIZE);
	n = tp_issuer(nid);
	if (n == NULL)
		return -1;
	memset(n->lb.addr, 0, len);
	st = rte_rmc_read_sync(n->qp, &n->lb, 0, nid, ctx_id, off, len, 0);
	if (tp_status(st, "read", nid, ctx_id, off) < 0)
		return -1;
	tp_printf("node %u context %u, %" PRIu64 " byte%s at offset 0x%" PRIx64 ":\n", nid,
		ctx_id, len, len == 1 ? "" : "s", off);
	tp_hexdump(off, n->lb.addr, len);
	return 0;
}

int
tp_sabre(unsigned int nid, uint16_t ctx_id, uint64_t off, uint64_t len)
{
	struct tp_node *n;
	uint64_t ver = 0;
	int st;

	if (tp_check_ctx(ctx_id) < 0)
		return -1;
	if (len == 0 || len > TP_LBUF_SIZE)
		return tp_error("sabre length must be 1..%u bytes", TP_LBUF_SIZE);
	n = tp_issuer(nid);
	if (n == NULL)
		return -1;
	memset(n->lb.addr, 0, len);
	st = rte_rmc_sabre_sync(n->qp, &n->lb, 0, nid, ctx_id, off, len, &ver, 0);
	if (tp_status(st, "sabre", nid, ctx_id, off) < 0)
		return -1;
	tp_printf("node %u context %u, object of %" PRIu64 " bytes at offset 0x%" PRIx64
		", version %" PRIu64 ":\n", nid, ctx_id, len, off, ver);
	tp_hexdump(off, n->lb.addr, len);
	return 0;
}

static int
tp_parse_hex(const char *txt, uint8_t *out, size_t max, size_t *len, char *err, size_t errlen)
{
	const char *p = txt;
	size_t n = 0;
	int hi, lo;

	for (;;) {
		while (isspace((unsigned char)*p))
			p++;
		if (*p == '\0')
			break;
		if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
			p += 2;
		if (!isxdigit((unsigned char)*p)) {
			snprintf(err, errlen, "'%.16s' is not hexadecimal bytes", p);
			return -1;
		}
		/* A word of an even number of digits: one byte per pair. */
		while (isxdigit((unsigned char)*p)) {
			if (!isxdigit((unsigned char)p[1])) {
				snprintf(err, errlen, "odd number of hex digits near '%.16s'", p);
				return -1;
			}
			if (n == max) {
				snprintf(err, errlen, "more than %zu bytes", max);
				return -1;
			}
			hi = isdigit((unsigned char)p[0]) ? p[0] - '0' : (tolower(p[0]) - 'a' + 10);
			lo = isdigit((unsigned char)p[1]) ? p[1] - '0' : (tolower(p[1]) - 'a' + 10);
			out[n++] = (uint8_t)(hi << 4 | lo);
			p += 2;
		}
		if (*p != '\0' && !isspace((unsigned char)*p)) {
			snprintf(err, errlen, "'%.16s' is not hexadecimal bytes", p);
			return -1;
		}
	}
	if (n == 0) {
		snprintf(err, errlen, "no bytes given");
		return -1;
	}
	*len = n;
	return 0;
}

int
tp_write(unsigned int nid, uint16_t ctx_id, uint64_t off, const char *hex)
{
	uint8_t buf[TP_LBUF_SIZE > 4096 ? 4096 : TP_LBUF_SIZE];
	struct tp_node *n;
	char err[96];
	size_t len;
	int st;

	if (tp_check_ctx(ctx_id) < 0)
		return -1;
	if (tp_parse_hex(hex, buf, sizeof(buf), &len, err, sizeof(err)) < 0)
		return tp_error("write: %s (example: write 1 0 256 de ad be ef)", err);
	n = tp_issuer(nid);
	if (n == NULL)
		return -1;
	memcpy(n->lb.addr, buf, len);
	st = rte_rmc_write_sync(n->qp, &n->lb, 0, nid, ctx_id, off, len, 0);
	if (tp_status(st, "write", nid, ctx_id, off) < 0)
		return -1;
	tp_printf("node %u context %u: wrote %zu byte%s at offset 0x%" PRIx64 "\n", nid, ctx_id,
		len, len == 1 ? "" : "s", off);
	return 0;
}

int
tp_cas(unsigned int nid, uint16_t ctx_id, uint64_t off, uint64_t expected, uint64_t desired)
{
	struct tp_node *n;
	uint64_t old = 0;
	int st;

	if (tp_check_ctx(ctx_id) < 0)
		return -1;
	n = tp_issuer(nid);
	if (n == NULL)
		return -1;
	st = rte_rmc_cas_sync(n->qp, &n->lb, 0, nid, ctx_id, off, expected, desired, &old, 0);
	if (tp_status(st, "cas", nid, ctx_id, off) < 0)
		return -1;
	tp_printf("node %u context %u offset 0x%" PRIx64 ": old value %" PRIu64 " (0x%" PRIx64
		"), %s\n", nid, ctx_id, off, old, old, old == expected ?
		"swapped" : "not swapped: it differs from the expected value");
	return 0;
}

int
tp_faa(unsigned int nid, uint16_t ctx_id, uint64_t off, uint64_t add)
{
	struct tp_node *n;
	uint64_t old = 0;
	int st;

	if (tp_check_ctx(ctx_id) < 0)
		return -1;
	n = tp_issuer(nid);
	if (n == NULL)
		return -1;
	st = rte_rmc_faa_sync(n->qp, &n->lb, 0, nid, ctx_id, off, add, &old, 0);
	if (tp_status(st, "faa", nid, ctx_id, off) < 0)
		return -1;
	tp_printf("node %u context %u offset 0x%" PRIx64 ": old value %" PRIu64 ", new value %"
		PRIu64 "\n", nid, ctx_id, off, old, old + add);
	return 0;
}
