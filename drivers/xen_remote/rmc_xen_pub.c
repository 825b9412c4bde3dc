/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/*
 * Encoding and strict decoding of grant publications (see rmc_xen_pub.h).
 * The decoder reads untrusted text: another domain wrote it. It walks the
 * tokens in their fixed order and stops at the first deviation, naming it.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <rte_rmc_node.h>

#include "rmc_xen_pub.h"

static int
pub_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err != NULL && errlen > 0) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

int
rmc_xen_pub_check(const struct rmc_xen_pub *p, char *err, size_t errlen)
{
	uint32_t i, j;

	if (memchr(p->cluster, '\0', sizeof(p->cluster)) == NULL ||
			rte_rmc_cluster_name_check(p->cluster) < 0)
		return pub_err(err, errlen, "cluster name is not valid");
	if (p->from >= RTE_RMC_MAX_NODES || p->to >= RTE_RMC_MAX_NODES)
		return pub_err(err, errlen, "node id %u is out of range (0..%u)",
			p->from >= RTE_RMC_MAX_NODES ? p->from : p->to, RTE_RMC_MAX_NODES - 1);
	if (p->from == p->to)
		return pub_err(err, errlen, "from and to are the same node (%u)", p->from);
	if (p->domid > RMC_XEN_DOMID_MAX)
		return pub_err(err, errlen, "domain id %" PRIu32 " is reserved (above %u)",
			p->domid, RMC_XEN_DOMID_MAX);
	if (p->gen == 0)
		return pub_err(err, errlen, "generation 0 is not allowed");
	if (p->slots < RMC_XEN_SLOTS_MIN || p->slots > RMC_XEN_SLOTS_MAX ||
			(p->slots & (p->slots - 1)) != 0)
		return pub_err(err, errlen, "ring slots %" PRIu32 " must be a power of two in "
			"%u..%u", p->slots, RMC_XEN_SLOTS_MIN, RMC_XEN_SLOTS_MAX);
	if (p->nb_pages == 0 || p->nb_pages > RMC_XEN_PUB_MAX_PAGES)
		return pub_err(err, errlen, "page count %" PRIu32 " is out of range (1..%u)",
			p->nb_pages, RMC_XEN_PUB_MAX_PAGES);
	if (p->ctl_ref < RMC_XEN_GREF_FIRST)
		return pub_err(err, errlen, "grant reference %" PRIu32 " is reserved "
			"(0..%u belong to the toolstack)", p->ctl_ref, RMC_XEN_GREF_FIRST - 1);
	for (i = 0; i < p->nb_pages; i++) {
		if (p->refs[i] < RMC_XEN_GREF_FIRST)
			return pub_err(err, errlen, "grant reference %" PRIu32 " is reserved "
				"(0..%u belong to the toolstack)", p->refs[i],
				RMC_XEN_GREF_FIRST - 1);
		if (p->refs[i] == p->ctl_ref)
			return pub_err(err, errlen, "grant reference %" PRIu32 " is given twice",
				p->refs[i]);
		/* Regions are small (<= 256 pages): a quadratic scan is fine. */
		for (j = 0; j < i; j++)
			if (p->refs[j] == p->refs[i])
				return pub_err(err, errlen, "grant reference %" PRIu32
					" is given twice", p->refs[i]);
	}
	return 0;
}

int
rmc_xen_pub_encode(const struct rmc_xen_pub *p, char *buf, size_t len, char *err,
		size_t errlen)
{
	size_t off;
	uint32_t i;
	int n;

	if (rmc_xen_pub_check(p, err, errlen) < 0)
		return -EINVAL;
	n = snprintf(buf, len, "%s v%u cluster=%s from=%u to=%u domid=%" PRIu32
		" gen=%016" PRIx64 " slots=%" PRIu32 " ctl=%" PRIu32 " pages=%" PRIu32
		" refs=", RMC_XEN_PUB_MAGIC, RMC_XEN_PUB_VERSION, p->cluster, p->from, p->to,
		p->domid, p->gen, p->slots, p->ctl_ref, p->nb_pages);
	if (n < 0 || (size_t)n >= len)
		return -ENOSPC;
	off = n;
	for (i = 0; i < p->nb_pages; i++) {
		n = snprintf(buf + off, len - off, "%s%" PRIu32, i ? "," : "", p->refs[i]);
		if (n < 0 || (size_t)n >= len - off)
			return -ENOSPC;
		off += n;
	}
	if (off > RMC_XEN_PUB_MAX_LEN)
		return pub_err(err, errlen, "publication would be %zu bytes (at most %u)", off,
			RMC_XEN_PUB_MAX_LEN);
	return off;
}

/* A cursor over the publication text. */
struct pub_cur {
	const char *s;
	size_t len;
	size_t pos;
	char *err;
	size_t errlen;
};

/* Length of the token at the cursor (up to the next space or the end). */
static size_t
pub_tok_len(const struct pub_cur *c)
{
	size_t n = 0;

	while (c->pos + n < c->len && c->s[c->pos + n] != ' ')
		n++;
	return n;
}

/* Take the separator after a token: exactly one space, not at the end. */
static int
pub_take_space(struct pub_cur *c, const char *next)
{
	if (c->pos >= c->len)
		return pub_err(c->err, c->errlen, "publication ends before '%s'", next);
	c->pos++; /* pub_tok_len stopped on a space */
	if (c->pos >= c->len || c->s[c->pos] == ' ')
		return pub_err(c->err, c->errlen, "expected one space before '%s' at offset %zu",
			next, c->pos);
	return 0;
}

/* Take "key=" and return the value's extent. */
static int
pub_take_key(struct pub_cur *c, const char *key, const char **val, size_t *vlen)
{
	size_t klen = strlen(key), n;

	if (pub_take_space(c, key) < 0)
		return -EINVAL;
	n = pub_tok_len(c);
	if (n <= klen || memcmp(c->s + c->pos, key, klen) != 0 || c->s[c->pos + klen] != '=') {
		return pub_err(c->err, c->errlen, "expected '%s=' at offset %zu, found '%.*s'",
			key, c->pos, (int)(n > 24 ? 24 : n), c->s + c->pos);
	}
	*val = c->s + c->pos + klen + 1;
	*vlen = n - klen - 1;
	c->pos += n;
	return 0;
}

/* A decimal number without sign or leading zero, at most 'max'. */
static int
pub_dec(const char *v, size_t n, uint64_t max, uint64_t *out)
{
	uint64_t x = 0;
	size_t i;

	if (n == 0 || n > 20 || (n > 1 && v[0] == '0'))
		return -EINVAL;
	for (i = 0; i < n; i++) {
		if (v[i] < '0' || v[i] > '9')
			return -EINVAL;
		if (x > (max - (uint64_t)(v[i] - '0')) / 10)
			return -ERANGE;
		x = x * 10 + (uint64_t)(v[i] - '0');
	}
	*out = x;
	return 0;
}

static int
pub_take_dec(struct pub_cur *c, const char *key, uint64_t max, uint64_t *out)
{
	const char *v;
	size_t n;

	if (pub_take_key(c, key, &v, &n) < 0)
		return -EINVAL;
	if (pub_dec(v, n, max, out) < 0)
		return pub_err(c->err, c->errlen, "%s: '%.*s' is not a number in 0..%" PRIu64,
			key, (int)(n > 24 ? 24 : n), v, max);
	return 0;
}

static int
pub_take_refs(struct pub_cur *c, struct rmc_xen_pub *p)
{
	const char *v, *end;
	uint64_t x;
	size_t n;
	uint32_t i = 0;

	if (pub_take_key(c, "refs", &v, &n) < 0)
		return -EINVAL;
	end = v + n;
	while (v < end) {
		const char *comma = memchr(v, ',', end - v);
		size_t tl = comma != NULL ? (size_t)(comma - v) : (size_t)(end - v);

		if (i == p->nb_pages)
			return pub_err(c->err, c->errlen, "refs: more than the %" PRIu32
				" references that pages= announces", p->nb_pages);
		if (pub_dec(v, tl, UINT32_MAX, &x) < 0)
			return pub_err(c->err, c->errlen, "refs: '%.*s' is not a grant reference",
				(int)(tl > 24 ? 24 : tl), v);
		p->refs[i++] = x;
		if (comma == NULL)
			break;
		v = comma + 1;
		if (v == end)
			return pub_err(c->err, c->errlen, "refs: list ends with a comma");
	}
	if (i != p->nb_pages)
		return pub_err(c->err, c->errlen, "refs: %" PRIu32 " references, but pages=%"
			PRIu32, i, p->nb_pages);
	return 0;
}

/* gen: 16 lower-case hexadecimal digits. */
static int
pub_take_gen(struct pub_cur *c, uint64_t *gen)
{
	const char *v;
	size_t n, i;

	if (pub_take_key(c, "gen", &v, &n) < 0)
		return -EINVAL;
	if (n != 16)
		return pub_err(c->err, c->errlen, "gen: expected 16 hexadecimal digits, found "
			"%zu characters", n);
	*gen = 0;
	for (i = 0; i < 16; i++) {
		char ch = v[i];
		unsigned int d;

		if (ch >= '0' && ch <= '9')
			d = ch - '0';
		else if (ch >= 'a' && ch <= 'f')
			d = ch - 'a' + 10;
		else
			return pub_err(c->err, c->errlen, "gen: '%c' is not a lower-case "
				"hexadecimal digit", ch);
		*gen = *gen << 4 | d;
	}
	return 0;
}

int
rmc_xen_pub_decode(const char *txt, size_t len, struct rmc_xen_pub *out, char *err,
		size_t errlen)
{
	static const size_t mlen = sizeof(RMC_XEN_PUB_MAGIC) - 1;
	struct rmc_xen_pub p;
	struct pub_cur c = { .s = txt, .err = err, .errlen = errlen };
	const char *v;
	uint64_t x;
	size_t n, i;

	if (txt == NULL || len == 0)
		return pub_err(err, errlen, "empty publication");
	/* One trailing NUL or newline is tolerated (xenstore values, files). */
	if (txt[len - 1] == '\0' || txt[len - 1] == '\n')
		len--;
	if (len == 0)
		return pub_err(err, errlen, "empty publication");
	if (len > RMC_XEN_PUB_MAX_LEN)
		return pub_err(err, errlen, "publication is %zu bytes long (at most %u)", len,
			RMC_XEN_PUB_MAX_LEN);
	for (i = 0; i < len; i++)
		if (txt[i] < 0x20 || txt[i] > 0x7e)
			return pub_err(err, errlen, "publication has a non-printable byte 0x%02x "
				"at offset %zu", (unsigned char)txt[i], i);
	c.len = len;
	memset(&p, 0, sizeof(p));

	n = pub_tok_len(&c);
	if (n != mlen || memcmp(txt, RMC_XEN_PUB_MAGIC, mlen) != 0)
		return pub_err(err, errlen, "not a sonuma grant publication (it starts with "
			"'%.*s', expected '%s')", (int)(n > 24 ? 24 : n), txt, RMC_XEN_PUB_MAGIC);
	c.pos = n;
	if (pub_take_space(&c, "v1") < 0)
		return -EINVAL;
	n = pub_tok_len(&c);
	v = txt + c.pos;
	if (n < 2 || v[0] != 'v' || pub_dec(v + 1, n - 1, UINT32_MAX, &x) < 0)
		return pub_err(err, errlen, "bad format version '%.*s' (expected v%u)",
			(int)(n > 24 ? 24 : n), v, RMC_XEN_PUB_VERSION);
	if (x != RMC_XEN_PUB_VERSION)
		return pub_err(err, errlen, "publication format v%" PRIu64 " is not supported "
			"(this build reads v%u; run the same sonuma version on every node)", x,
			RMC_XEN_PUB_VERSION);
	c.pos += n;

	if (pub_take_key(&c, "cluster", &v, &n) < 0)
		return -EINVAL;
	if (n >= sizeof(p.cluster))
		return pub_err(err, errlen, "cluster: name longer than %zu characters",
			sizeof(p.cluster) - 1);
	memcpy(p.cluster, v, n);
	p.cluster[n] = '\0';
	if (rte_rmc_cluster_name_check(p.cluster) < 0)
		return pub_err(err, errlen, "cluster: '%s' is not a valid cluster name", p.cluster);
	if (pub_take_dec(&c, "from", RTE_RMC_MAX_NODES - 1, &x) < 0)
		return -EINVAL;
	p.from = x;
	if (pub_take_dec(&c, "to", RTE_RMC_MAX_NODES - 1, &x) < 0)
		return -EINVAL;
	p.to = x;
	if (pub_take_dec(&c, "domid", RMC_XEN_DOMID_MAX, &x) < 0)
		return -EINVAL;
	p.domid = x;

	if (pub_take_gen(&c, &p.gen) < 0)
		return -EINVAL;
	if (pub_take_dec(&c, "slots", RMC_XEN_SLOTS_MAX, &x) < 0)
		return -EINVAL;
	p.slots = x;
	if (pub_take_dec(&c, "ctl", UINT32_MAX, &x) < 0)
		return -EINVAL;
	p.ctl_ref = x;
	if (pub_take_dec(&c, "pages", RMC_XEN_PUB_MAX_PAGES, &x) < 0)
		return -EINVAL;
	p.nb_pages = x;
	if (p.nb_pages == 0)
		return pub_err(err, errlen, "pages: a region has at least one data page");
	if (pub_take_refs(&c, &p) < 0)
		return -EINVAL;
	if (c.pos != c.len)
		return pub_err(err, errlen, "unexpected text after the references at offset %zu",
			c.pos);
	if (rmc_xen_pub_check(&p, err, errlen) < 0)
		return -EINVAL;
	*out = p;
	return 0;
}

int
rmc_xen_pub_key(const char *cluster, uint16_t from, uint16_t to, char *buf, size_t len)
{
	int n = snprintf(buf, len, "%s/n%u-to-n%u", cluster, from, to);

	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}
