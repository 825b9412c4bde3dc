/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

/* Granted regions: control page + data pages (rmc_xen_region.h). */

#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "rmc_xen_region.h"

_Static_assert(sizeof(struct rmc_xen_ctl_page) <= RMC_GNT_PAGE_SIZE,
	"the control page must fit one grant");

int
rmc_xen_region_share(struct rmc_gnt_book *b, uint32_t self_domid, uint32_t domid,
		uint16_t from, uint16_t to, uint32_t slots, uint32_t data_pages, uint64_t gen,
		struct rmc_xen_region *r)
{
	struct rmc_xen_ctl_page *ctl;
	int ret;

	memset(r, 0, sizeof(*r));
	if (data_pages == 0 || data_pages > RMC_XEN_PUB_MAX_PAGES || gen == 0)
		return -EINVAL;
	ret = rmc_gnt_share(b, domid, 1, RMC_XEN_CTL_SHARER_OFF, &r->ctl);
	if (ret < 0)
		return ret;
	ret = rmc_gnt_share(b, domid, data_pages, RMC_GNT_NO_NOTIFY, &r->data);
	if (ret < 0) {
		rmc_gnt_release(b, &r->ctl);
		return ret;
	}
	ctl = r->ctl.addr;
	ctl->magic = RMC_XEN_CTL_MAGIC;
	ctl->version = RMC_XEN_CTL_VERSION;
	ctl->from = from;
	ctl->to = to;
	ctl->slots = slots;
	ctl->nb_pages = data_pages;
	ctl->sharer_domid = self_domid;
	ctl->gen = gen;
	/* The header is complete before anyone can see us alive. */
	__atomic_store_n(&ctl->sharer_alive, 1, __ATOMIC_RELEASE);
	r->gen = gen;
	r->slots = slots;
	r->from = from;
	r->to = to;
	r->mine = 1;
	return 0;
}

void
rmc_xen_region_publication(const struct rmc_xen_region *r, const char *cluster,
		uint32_t self_domid, struct rmc_xen_pub *p)
{
	memset(p, 0, sizeof(*p));
	snprintf(p->cluster, sizeof(p->cluster), "%s", cluster);
	p->from = r->from;
	p->to = r->to;
	p->domid = self_domid;
	p->gen = r->gen;
	p->slots = r->slots;
	p->ctl_ref = r->ctl.refs[0];
	p->nb_pages = r->data.count;
	memcpy(p->refs, r->data.refs, r->data.count * sizeof(p->refs[0]));
}

int
rmc_xen_region_map(struct rmc_gnt_book *b, const struct rmc_xen_pub *p, uint16_t self_nid,
		uint32_t expect_domid, uint32_t expect_slots, uint32_t expect_pages,
		struct rmc_xen_region *r, char *err, size_t errlen)
{
	const struct rmc_xen_ctl_page *ctl;
	int ret;

	memset(r, 0, sizeof(*r));
	if (p->to != self_nid || p->domid != expect_domid) {
		snprintf(err, errlen, "publication is for node %u from domain %" PRIu32
			", expected node %u from domain %" PRIu32, p->to, p->domid, self_nid,
			expect_domid);
		return -EPROTO;
	}
	if (p->slots != expect_slots || p->nb_pages != expect_pages) {
		snprintf(err, errlen, "peer rings have %" PRIu32 " slots in %" PRIu32 " pages, "
			"this node uses %" PRIu32 " in %" PRIu32 " (give every node the same "
			"ring-slots=)", p->slots, p->nb_pages, expect_slots, expect_pages);
		return -EPROTO;
	}
	ret = rmc_gnt_map(b, p->domid, 1, &p->ctl_ref, RMC_XEN_CTL_MAPPER_OFF, &r->ctl);
	if (ret < 0) {
		snprintf(err, errlen, "cannot map the control page (grant %" PRIu32 " of domain "
			"%" PRIu32 "): %s", p->ctl_ref, p->domid, strerror(-ret));
		return ret;
	}
	ctl = r->ctl.addr;
	if (ctl->magic != RMC_XEN_CTL_MAGIC || ctl->version != RMC_XEN_CTL_VERSION ||
			ctl->from != p->from || ctl->to != p->to || ctl->gen != p->gen ||
			ctl->slots != p->slots || ctl->nb_pages != p->nb_pages ||
			ctl->sharer_domid != p->domid) {
		snprintf(err, errlen, "the control page does not match the publication "
			"(stale publication, or another sonuma version)");
		rmc_gnt_release(b, &r->ctl);
		return -EPROTO;
	}
	if (!__atomic_load_n(&ctl->sharer_alive, __ATOMIC_ACQUIRE)) {
		snprintf(err, errlen, "the peer has left the region");
		rmc_gnt_release(b, &r->ctl);
		return -ENOTCONN;
	}
	ret = rmc_gnt_map(b, p->domid, p->nb_pages, p->refs, RMC_GNT_NO_NOTIFY, &r->data);
	if (ret < 0) {
		snprintf(err, errlen, "cannot map %" PRIu32 " data pages of domain %" PRIu32
			": %s", p->nb_pages, p->domid, strerror(-ret));
		rmc_gnt_release(b, &r->ctl);
		return ret;
	}
	r->gen = p->gen;
	r->slots = p->slots;
	r->from = p->from;
	r->to = p->to;
	r->mine = 0;
	__atomic_store_n(&((struct rmc_xen_ctl_page *)r->ctl.addr)->mapper_alive, 1,
		__ATOMIC_RELEASE);
	return 0;
}

int
rmc_xen_region_peer_alive(const struct rmc_xen_region *r)
{
	const struct rmc_xen_ctl_page *ctl = r->ctl.addr;

	if (ctl == NULL)
		return 0;
	return r->mine ? __atomic_load_n(&ctl->mapper_alive, __ATOMIC_ACQUIRE) :
		__atomic_load_n(&ctl->sharer_alive, __ATOMIC_ACQUIRE);
}

uint32_t *
rmc_xen_region_asleep_word(const struct rmc_xen_region *r)
{
	struct rmc_xen_ctl_page *ctl = r->ctl.addr;

	return ctl != NULL ? &ctl->sharer_asleep : NULL;
}

void
rmc_xen_region_set_port(struct rmc_xen_region *r, uint32_t port)
{
	struct rmc_xen_ctl_page *ctl = r->ctl.addr;

	if (ctl != NULL && r->mine)
		__atomic_store_n(&ctl->sharer_port, port, __ATOMIC_RELEASE);
}

uint32_t
rmc_xen_region_port(const struct rmc_xen_region *r)
{
	const struct rmc_xen_ctl_page *ctl = r->ctl.addr;

	/* The peer's page: read once, validated by whoever binds it. */
	return ctl != NULL ? __atomic_load_n(&ctl->sharer_port, __ATOMIC_ACQUIRE) : 0;
}

void *
rmc_xen_region_data(const struct rmc_xen_region *r)
{
	return r->data.addr;
}

uint64_t
rmc_xen_region_data_size(const struct rmc_xen_region *r)
{
	return (uint64_t)r->data.count * RMC_GNT_PAGE_SIZE;
}

void
rmc_xen_region_release(struct rmc_gnt_book *b, struct rmc_xen_region *r)
{
	struct rmc_xen_ctl_page *ctl = r->ctl.addr;

	if (ctl != NULL) {
		/* Say it ourselves too: the notification is the backend's. */
		if (r->mine)
			__atomic_store_n(&ctl->sharer_alive, 0, __ATOMIC_RELEASE);
		else
			__atomic_store_n(&ctl->mapper_alive, 0, __ATOMIC_RELEASE);
	}
	if (r->data.addr != NULL)
		rmc_gnt_release(b, &r->data);
	if (r->ctl.addr != NULL)
		rmc_gnt_release(b, &r->ctl);
	memset(r, 0, sizeof(*r));
}
