/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _RMC_PRIVATE_H_
#define _RMC_PRIVATE_H_

/*
 * Internal structures of librte_rmc: the node, its contexts, local buffers,
 * queue pairs as the RMC sees them, and its clients (the node's record of each
 * attached application or peer RMC). Not installed.
 */

#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/queue.h>

#include <rte_branch_prediction.h>
#include <rte_common.h>
#include <rte_prefetch.h>

#include "rte_rmc.h"
#include "rte_rmc_admin.h"
#include "rte_rmc_node.h"
#include "rmc_common.h"
#include "rmc_driver.h"
#include "rmc_log.h"

struct rmc_driver_ops;
struct rmc_proto;
struct rmc_client;
struct rmc_lat_model;
struct rte_rmc_qp_lat_stats;
struct rmc_node_page;

/* Default configuration values (documented in rte_rmc_node.h). */
#define RMC_DEFAULT_LBUF_MEM_MAX (UINT64_C(4) << 30)
#define RMC_DEFAULT_CHUNK_SIZE (UINT64_C(64) << 10)
#define RMC_DEFAULT_MAX_QPS 256
#define RMC_MAX_QPS_LIMIT 4096
#define RMC_DEFAULT_PEER_WAIT_MS 30000
/* Largest context: 64 GiB, far above what the machines hold. */
#define RMC_CTX_SIZE_MAX (UINT64_C(64) << 30)

/* WQ entries taken from one QP in one pass, for fairness between QPs. */
#define RMC_RGP_BURST 32
/*
 * WQ entries prefetched ahead of the one being taken: each entry is a line
 * coming from the application's core (hundreds of ns here), so only a deep
 * prefetch overlaps enough of them. rmc-bench async 64 B at depth 64, paired
 * alternating runs: 2: 25.1-25.9 Mops/s; 8: 30.3-32.2; 16: 28.1-29.3 (sync
 * read p50 the same within 10 ns; at depth 8, 7.4-8.7 against 9.1-9.4, the
 * prefetched line not yet written). doc/performance.md, stop 21. The first
 * entry of a posted burst also prefetches the entries up to this distance
 * at once (depth 8: 3.7-4.5 -> 5.3-6.6 Mops/s, stop 22).
 */
#define RMC_RGP_PREFETCH 8
/*
 * ITT entries one QP may hold. A QP advances only its oldest large transfer,
 * so more would not make it faster; the cap keeps one application from
 * taking the whole node-wide ITT and stalling the large transfers of others.
 */
#define RMC_ITT_PER_QP 32

/* ITT entries per node: enough for every QP slot of a few deep QPs. */
#define RMC_ITT_SIZE 8191
/*
 * Entries of the protocol ITT of a message driver (rmc_proto_priv.h): every
 * request to another node holds one, small or large, until it completes.
 */
#define RMC_PROTO_ITT_ENTRIES (2048 - 1)

/* Default quotas of one application (struct rte_rmc_node_conf app_*). */
#define RMC_DEFAULT_APP_MAX_QPS 64
#define RMC_DEFAULT_APP_ITT_SHARE 2048
#define RMC_DEFAULT_APP_MAX_LBUFS 256
#define RMC_DEFAULT_APP_MAX_CTX 8
#define RMC_DEFAULT_APP_CTX_MEM (UINT64_C(1) << 30)

/* A context owned by this node. */
struct rmc_ctx {
	struct rmc_ctx_view view;
	uint64_t map_size;
	int fd;
	int huge;
	uint32_t app_pid; /* created by this application's process; 0: by the operator */
	uint16_t region;  /* RMC_REGION_F_* | RTE_RMC_PGAS_F_*, 0: not a region (rmc_region.c) */
	char name[RTE_RMC_NAME_MAX]; /* regions: their name */
};


enum rmc_qp_state {
	RMC_QP_ACTIVE = 0,
	RMC_QP_DRAINING, /* owner gone: finish in-flight work, take nothing new */
	RMC_QP_RETIRED,  /* the RMC no longer touches the QP */
};

/*
 * Counters kept by the RMC for one QP (written by the RMC loop only; made of
 * uint64_t alone so that rmc_stats.c can treat it as an array); summed for
 * the node. Layout and meaning as in struct rte_rmc_stats.
 */
struct rmc_qp_stats {
	uint64_t ops[RTE_RMC_STATS_OPS];     /* completed requests; [0]: bad opcode */
	uint64_t bytes[RTE_RMC_STATS_OPS];   /* bytes of successful requests */
	uint64_t status[RTE_RMC_STATUS_MAX];
	uint64_t lat_hist[RTE_RMC_STATS_HIST_BUCKETS]; /* sampled: rmc_stats.h */
	uint64_t bursts;                     /* bursts taken, for sampling */
};

/* A transfer larger than a chunk, in progress (ITT entry, from a mempool). */
struct rmc_itt_entry {
	TAILQ_ENTRY(rmc_itt_entry) next;
	struct rte_rmc_wqe wqe;  /* the validated copy */
	uint8_t *lbuf;
	uint64_t done;           /* bytes done so far */
	uint64_t t_start;        /* TSC when the RMC took it (statistics) */
	uint32_t wq_index;
	uint16_t status;         /* first error seen, or OK */
};
TAILQ_HEAD(rmc_itt_list, rmc_itt_entry);

/* A queue pair as the RMC sees it. */
struct rmc_qp_rt {
	/* Hot fields used by the RMC loop. */
	struct rte_rmc_qp_hdr *hdr;
	struct rte_rmc_wqe *wq;
	struct rte_rmc_cqe *cq;
	struct rmc_client *owner;
	uint64_t wq_head;   /* next WQ position to take */
	uint64_t cq_tail;   /* next CQ position to write */
	uint64_t cq_seen;   /* last cq_consumed read from the application's line */
	uint32_t depth;
	uint32_t mask;
	uint32_t inflight;  /* taken, not yet visible in the CQ (ITT and held ones too) */
	uint32_t state;     /* enum rmc_qp_state, atomic */
	uint32_t itt_cap;   /* ITT entries it may hold: its part of the owner's share; atomic */
	uint32_t proto_cap; /* protocol ITT entries it may hold: the same, scaled; atomic */
	uint32_t proto_held; /* protocol ITT entries it holds (RMC loop only) */
	struct rmc_itt_list itt;
	struct rmc_qp_stats stats;
	/* Control fields. */
	struct rmc_qp_stats stats_base; /* counters at the last reset */
	uint64_t map_size;
	uint32_t id;
	int fd;
	int released;   /* its owner let it go: rmc_node_reap() frees it once retired */
};

/* An attached application (or a peer RMC) on the node's control socket. */
/* At most one log line a second of a kind; how many were left out. */
struct rmc_ratelimit {
	uint64_t last_ns;
	uint64_t suppressed;
};

struct rmc_client {
	TAILQ_ENTRY(rmc_client) next;
	struct rmc_watch watch;
	int fd;
	int role;             /* RMC_ROLE_* */
	uint16_t peer_id;     /* role PEER: the peer's node id */
	uint32_t pid;
	uint32_t cred_pid;    /* the kernel's word (SO_PEERCRED): quotas count by it */
	uint32_t refused_uid; /* a process of another user: answer once, then close */
	int refused;
	uint64_t since_ns;    /* when it connected: one that never says hello is closed */
	int inline_mode;      /* role APP: asked for inline mode, and the node allows it */
	uint64_t ctx_gen_acked;
	uint64_t ctx_uses;    /* role APP: bit i when it uses region (context) i */
};
TAILQ_HEAD(rmc_client_list, rmc_client);

struct rte_rmc_node {
	/* What drivers read: identity and their own state (rmc_driver.h). First. */
	struct rmc_node_pub pub;
	/* Read-mostly data used by the RMC loop. */
	const struct rmc_driver_ops *drv;
	struct rmc_qp_rt **qps;
	struct rmc_lbuf *lbufs;
	struct rmc_ctx ctx[RTE_RMC_MAX_CTX];
	uint64_t chunk_size;
	uint64_t ns_per_tsc_q20; /* ns per TSC tick, fixed point (20 bits) */
	uint32_t qp_hwm;         /* QP slots ever used; atomic */
	uint32_t max_qps;
	uint32_t rr_next;        /* round-robin start of the next pass */
	struct rte_mempool *itt_pool;
	uint32_t stop_req;       /* atomic; read by the loop, written once */
	struct rmc_proto *proto; /* message drivers: the protocol layer */
	/*
	 * Message drivers: the RRPP's served counts (in the protocol layer's
	 * stats), read by the statistics without calling into proto/, which
	 * itself counts into the node's statistics.
	 */
	const struct rte_rmc_served_stats *proto_served;

	/* RMC loop state, written by the RMC only. */
	uint64_t qs_seen __rte_cache_aligned; /* last qs_token seen at the end of a pass */
	uint64_t epoch;          /* passes done (tests wait for passes); atomic */
	uint64_t idle_since;
	uint32_t idle_passes;    /* empty passes, for the adaptive policy's clock */
	uint32_t idle_spinning;  /* adaptive policy: still in its spinning phase */
	uint64_t idle_yielded;   /* TSC of the spinning phase's last sched_yield() */
	uint64_t idle_yield_gap; /* TSC until the next one: 0 while others want this CPU */
	uint64_t idle_yield_min; /* shortest sched_yield() seen (TSC): nobody else ran */
	uint32_t rmc_active;     /* atomic: the loop or service has started its passes */
	uint32_t in_poll;        /* atomic: set while rte_rmc_node_poll() runs */

	/* Latency model (rmc_latency.c): this node's, as a destination (node lock). */
	struct rmc_lat_model *lat;
	struct rte_rmc_qp_lat_stats *lat_gone; /* counters of the QPs freed (node lock) */
	/* RMC loop: a QP's next request waits for its start time (keep polling). */
	uint32_t lat_pending;
	/* The driver has no control sessions: models travel as messages (atomic). */
	uint32_t lat_by_proto;

	/* Written by the control side. */
	uint64_t qs_token __rte_cache_aligned; /* bumped by rmc_node_quiesce() */
	uint32_t rmc_running;    /* atomic: a loop or service is registered to poll */
	uint32_t service_id;
	int service_registered;
	unsigned int lcore_id;
	int launched;

	/* Control. */
	struct rte_rmc_node_conf conf __rte_cache_aligned;
	char cluster[RTE_RMC_NAME_MAX];
	char drv_args[RMC_DRV_ARGS_MAX]; /* conf.driver_args, copied */
	char fabric_conf[PATH_MAX]; /* conf.fabric_conf, copied */
	char dir[PATH_MAX];
	char sock_path[PATH_MAX];
	char lock_path[PATH_MAX];
	pthread_mutex_t lock;    /* contexts, lbufs, QP slots, clients */
	pthread_t ctl_thread;
	int ctl_started;
	int lock_fd;
	int listen_fd;
	int epoll_fd;
	int wake_fd;
	uint32_t ctl_stop;       /* atomic */
	uint64_t peers_up;       /* bitmask of reachable peers; atomic */
	uint64_t peers_seen;     /* bitmask of peers that were up at least once; atomic */
	uint64_t ctx_gen;        /* bumped at each context creation; atomic */
	uint64_t lbuf_mem;       /* bytes of local buffers allocated */
	struct rmc_client_list clients;
	struct rmc_client_list zombies; /* closed, freed after the epoll batch */
	struct rmc_client_list draining; /* closed, its QPs and buffers still draining */
	uint32_t stop_unsafe;    /* the RMC did not stop in time: leak the node's memory */
	struct rmc_watch listen_watch;
	struct rmc_watch wake_watch;
	int listen_paused;       /* out of descriptors: not watched until the next tick */
	struct rmc_ratelimit fd_log, refuse_log, proto_log; /* control thread only */
	struct rmc_qp_stats retired_stats; /* counters of destroyed QPs since the reset */
	struct rte_rmc_served_stats served_base; /* message drivers: the RRPP's at the reset */
	TAILQ_ENTRY(rte_rmc_node) tel_next; /* registry of the process's nodes */
	int tel_registered;
	struct rmc_node_page *page;        /* status page for inline applications */
	uint64_t page_size;
	int page_fd;
	struct rmc_wake_page *wake_page;   /* the RMC sleeps on it (rmc_wake_node.c) */
	uint64_t wake_size;
	int wake_ro_fd;                    /* O_RDONLY: what requesters get */
	int link_fd;                       /* the link page, read-write for applications */
	uint64_t link_size;
	uint64_t wake_bound;               /* RMC loop: the sleep prepared, in ns */
	uint64_t wake_poll_ns;             /* RMC loop: the last poll interval, 0 after work */
	uint64_t wake_sleep_max_ns;        /* longest futex sleep (tests lengthen it) */
	uint64_t wake_committed;           /* RMC loop: futex sleeps its last look let begin */
	int peer_wake;                     /* the driver's peers wake the RMC (run time) */
};

/* rmc_fault.c: handle SIGBUS in the RMC's accesses (once per process). */
void rmc_fault_install(void);

/* rmc_node.c */
int rmc_node_pass(struct rte_rmc_node *node);
int rmc_node_rmc_cpu(const struct rte_rmc_node *node);

/* rmc_ctx.c */
int rmc_ctx_create_locked(struct rte_rmc_node *node, uint16_t ctx_id, uint64_t size,
		enum rte_rmc_perm perm);
void rmc_ctx_destroy_all(struct rte_rmc_node *node);
int rmc_ctx_announce(struct rte_rmc_node *node, int fd, uint16_t ctx_id);
int rmc_ctx_wait_acks(struct rte_rmc_node *node, uint64_t gen, uint32_t timeout_ms);
int rmc_ctx_sync_query(struct rte_rmc_node *node, uint64_t gen);
/*
 * Remove a context: unpublish it, tell the peers (shm: they unmap it), wait
 * for the RMC's pass, unmap. The new context generation, or -ENOENT.
 */
int64_t rmc_ctx_destroy_locked(struct rte_rmc_node *node, uint16_t ctx_id);

struct rmc_ctl_msg;
/* rmc_region.c: PGAS regions, contexts with a name and users (node lock held). */
void rmc_region_ctl(struct rte_rmc_node *node, struct rmc_client *s, struct rmc_ctl_msg *m);
/* Session s uses context id, if it is reclaimed with its users (an application's). */
void rmc_region_use(struct rte_rmc_node *node, struct rmc_client *s, uint16_t id);
/* A session ends: the regions only it used go, unless persistent. */
void rmc_region_client_close(struct rte_rmc_node *node, struct rmc_client *s);

/* rmc_resources.c: the node's tables of local buffers and QPs (node lock held). */
int rmc_qp_create_locked(struct rte_rmc_node *node, struct rmc_client *s, uint32_t depth,
		struct rmc_qp_rt **qp_out, int *fd_out);
int rmc_lbuf_create_locked(struct rte_rmc_node *node, struct rmc_client *s, uint64_t size,
		uint16_t *id_out, int *fd_out);
void rmc_node_usage_locked(struct rte_rmc_node *node, struct rte_rmc_usage *u);
/*
 * Releases never wait for the RMC: they unpublish (a QP takes nothing new, a
 * buffer validates no new request) and rmc_node_reap_locked() frees later.
 */
void rmc_qp_release(struct rte_rmc_node *node, struct rmc_qp_rt *qp);
void rmc_lbuf_release(struct rte_rmc_node *node, uint16_t id);
/* 1 while session 's' still has QPs or local buffers draining. */
int rmc_client_draining(struct rte_rmc_node *node, const struct rmc_client *s);
/* Free what was released and that the RMC no longer uses (node lock held). */
void rmc_node_reap_locked(struct rte_rmc_node *node);
/*
 * The same from the control thread's tick: takes the node lock, frees the
 * drained sessions ('all': every closed session, once the RMC has stopped).
 */
void rmc_node_reap(struct rte_rmc_node *node, int all);
/*
 * For the node's own internal session (calibration): release nothing, only
 * reap until 's' has nothing left draining; 0 or -ETIMEDOUT (then keep 's').
 */
int rmc_node_reap_wait_locked(struct rte_rmc_node *node, const struct rmc_client *s,
		uint32_t timeout_ms);

/* rmc_ctl_thread.c: the control thread. */
int rmc_ctl_start(struct rte_rmc_node *node);
void rmc_ctl_stop(struct rte_rmc_node *node);

/* rmc_node_ctl.c: serving clients' requests. */
void rmc_client_close(struct rte_rmc_node *node, struct rmc_client *s);
void rmc_ctl_client_event(struct rte_rmc_node *node, int fd, uint32_t events, void *arg);
/* Free the clients closed during this epoll batch (control thread). */
void rmc_free_zombies(struct rte_rmc_node *node);

/* rmc_ctl_accept.c: accepting connections, the socket's guard. */
void rmc_ctl_accept(struct rte_rmc_node *node, int fd, uint32_t events, void *arg);
void rmc_ctl_guard_tick(struct rte_rmc_node *node);

/* rmc_ctl_watch.c */
/* 1 if a line of this kind may be logged now; *suppressed: lines left out since. */
int rmc_ctl_log_allowed(struct rmc_ratelimit *rl, uint64_t *suppressed);
struct rmc_ctl_msg;
/* Answer a request with an error: result 'err' and a text (one line). */
void rmc_reply_error(int fd, struct rmc_ctl_msg *m, int err, const char *fmt, ...)
	__rte_format_printf(4, 5);
/* rmc_node_inline.c: HELLO's inline flag; 0, or <0 once refused (answered). */
int rmc_inline_hello(struct rte_rmc_node *node, struct rmc_client *s, struct rmc_ctl_msg *m);
/*
 * rmc_quota.c: an application's quotas (all sessions of its process). The
 * checks return 0 or -EDQUOT with the reason, naming the option, in 'text'.
 */
int rmc_quota_qp(struct rte_rmc_node *node, const struct rmc_client *s, char *text,
		size_t len);
int rmc_quota_lbuf(struct rte_rmc_node *node, const struct rmc_client *s, uint64_t size,
		char *text, size_t len);
int rmc_quota_ctx(struct rte_rmc_node *node, const struct rmc_client *s, uint64_t size,
		char *text, size_t len);
/* Spread the application's ITT share over its QPs (after a QP came or went). */
void rmc_quota_itt_rebalance(struct rte_rmc_node *node, const struct rmc_client *s);
/*
 * Protocol ITT entries an application's QPs may hold together: its ITT share
 * scaled to the protocol ITT (the same fraction of it), at least one per QP
 * it may have.
 */
uint32_t rmc_quota_proto_share(const struct rte_rmc_node *node);
/* 0 if the operator allows applications to change node-wide settings, else -EPERM. */
int rmc_app_admin_allowed(const struct rte_rmc_node *node);
/* RMC_CTL_NODE_PAGE (every session) and RMC_CTL_PEER_CTX_MAP (inline mode only). */
void rmc_inline_ctl(struct rte_rmc_node *node, struct rmc_client *s, struct rmc_ctl_msg *m);

/* rmc_rgp.c */
int rmc_rgp_poll(struct rte_rmc_node *node);
void rmc_rgp_abort_all(struct rte_rmc_node *node);

/* rmc_latency.c */
int rmc_latency_init(struct rte_rmc_node *node);
void rmc_latency_fini(struct rte_rmc_node *node);
/* rmc_latency_link.c: the link page every session of the node shares (rmc_ctl_msg.h). */
int rmc_latency_link_create(struct rte_rmc_node *node);
void rmc_latency_link_destroy(struct rte_rmc_node *node);
void rmc_latency_link_ctl(struct rte_rmc_node *node, struct rmc_client *s,
		struct rmc_ctl_msg *m);
int rmc_latency_set_locked(struct rte_rmc_node *node, uint64_t base_ns, uint64_t per_chunk_ns);
int rmc_latency_set_model_locked(struct rte_rmc_node *node, const struct rmc_lat_model *m);
int rmc_latency_set_model(struct rte_rmc_node *node, const struct rmc_lat_model *m);
int rmc_latency_model_check(const struct rmc_lat_model *m, char *why, size_t len);
/* An empirical law from a file: its quantile table and median (dist_a). 0 or -errno. */
int rmc_latency_quantiles(const char *path, struct rmc_lat_model *m);
void rmc_latency_publish(struct rte_rmc_node *node, uint16_t d, const struct rmc_lat_model *m);
/* rmc_latency_peer.c: the node's own model changed: publish it and announce it. */
void rmc_latency_own_changed(struct rte_rmc_node *node);
/* Send the node's own model on a peer's session (node lock held). */
int rmc_latency_announce(struct rte_rmc_node *node, int fd);
/* rmc_latency_stats.c */
void rmc_latency_get_locked(struct rte_rmc_node *node, struct rte_rmc_latency_info *info);
int rmc_latency_qp_stats_locked(struct rte_rmc_node *node, uint32_t qp_id,
		struct rte_rmc_qp_lat_stats *sum);
/* A QP is freed: keep its latency counters in the node's totals (node lock held). */
void rmc_latency_qp_retire(struct rte_rmc_node *node, const struct rmc_qp_rt *qp);
uint64_t rmc_lat_stats_pct(const struct rte_rmc_qp_lat_stats *st, double pct);
void rmc_lat_stats_info(const struct rte_rmc_qp_lat_stats *st, struct rte_rmc_latency_info *info);

/* QPs whose next request waits for its start time: read by the loop on every pass. */
static inline uint32_t
rmc_latency_pending(const struct rte_rmc_node *node)
{
	return node->lat_pending;
}

/* rmc_stats.c */
void rmc_stats_init(struct rte_rmc_node *node);
void rmc_stats_qp_retire(struct rte_rmc_node *node, struct rmc_qp_rt *qp);
void rmc_stats_node_get_locked(struct rte_rmc_node *node, struct rte_rmc_stats *st);
void rmc_stats_node_reset_locked(struct rte_rmc_node *node);
struct rmc_ctl_msg;
void rmc_stats_ctl(struct rte_rmc_node *node, struct rmc_client *s, struct rmc_ctl_msg *m);
void rmc_admin_latency_ctl(struct rte_rmc_node *node, struct rmc_client *s,
		struct rmc_ctl_msg *m);

/* rmc_telemetry.c */
void rmc_telemetry_node_add(struct rte_rmc_node *node);
void rmc_telemetry_node_remove(struct rte_rmc_node *node);
int rmc_telemetry_with_node(uint64_t nid, int (*fn)(struct rte_rmc_node *node, void *arg),
		void *arg);

/* rmc_idle.c: 1 when the RMC should now sleep until woken (rmc_wake_prepare()). */
int rmc_idle(struct rte_rmc_node *node, int did_work);

/* rmc_wake_node.c: the wake page and the RMC's sleep on it. */
struct rmc_wake_page;
int rmc_wake_node_create(struct rte_rmc_node *node);
void rmc_wake_node_destroy(struct rte_rmc_node *node);
void rmc_wake_ctl(struct rte_rmc_node *node, struct rmc_client *s, struct rmc_ctl_msg *m);
/* Wake the RMC if it sleeps, after the caller's store (full fence first). */
void rmc_node_wake(struct rte_rmc_node *node);
/*
 * Drivers whose peers cannot wake this RMC (eth; xen without event channels):
 * a bounded poll interval that starts at RMC_WAKE_POLL_NS after the last work
 * and doubles at each sleep that found nothing, up to RMC_WAKE_POLL_MAX_NS. Each wake-up is
 * a pass over the ports (a memif receive, a futex time-out, a yield): about
 * 15 to 25 us of CPU on the 2-CPU test machine. At a fixed 2 ms (500 a
 * second) an idle eth node cost 0.7 to 1.75 % of a CPU, over the 1 % target;
 * at 10 ms (100 a second) about 0.2 % (doc/performance.md). A peer's request
 * that arrives while the node sleeps waits up to the interval (its
 * retransmission timer may resend meanwhile: answered once); a burst of
 * requests finds the node at 2 ms again after the first. DPDK 22.11's memif
 * offers no receive interrupts (no rx_queue_intr_enable), so no eth port can
 * wake the RMC. Exposed for test_wake.c, which waits for the longest.
 */
#define RMC_WAKE_POLL_NS 2000000ull
#define RMC_WAKE_POLL_MAX_NS 10000000ull
/*
 * Longest sleep of an RMC every requester can wake (shm, ring): a bound for
 * requesters that never poll again after a lost race (rmc_wake.h) and the
 * idle wake-ups per second (10).
 */
#define RMC_WAKE_SLEEP_MAX_NS 100000000ull

/*
 * Sleeping, in two steps around one more pass of the RMC: prepare returns 1
 * once asleep is set (0: it slept briefly instead, nothing to finish); finish
 * sleeps on the futex unless that pass found work (or the node stops).
 */
int rmc_wake_prepare(struct rte_rmc_node *node);
void rmc_wake_finish(struct rte_rmc_node *node, int found_work);

/* NUMA domain the node's memory is bound to, or -1. */
static inline int
rmc_node_numa(const struct rte_rmc_node *node)
{
	return node->conf.flags & RTE_RMC_NODE_F_NUMA ? (int)node->conf.numa_node : -1;
}

/* rmc_driver.c: the driver of a name, or the default one for NULL; NULL if none. */
const struct rmc_driver_ops *rmc_driver_find(const char *name);
/* Write the registered driver names, comma-separated, into buf. */
void rmc_driver_list(char *buf, size_t len);

/* 1 when a request goes through the protocol layer rather than the driver's 'execute'. */
static inline int
rmc_proto_wants(const struct rte_rmc_node *node, const struct rte_rmc_wqe *w)
{
	return node->proto != NULL && w->dst_nid != node->pub.id;
}

#endif /* _RMC_PRIVATE_H_ */
