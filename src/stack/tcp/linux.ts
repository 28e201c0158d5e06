/**
 * Every Linux constant the TCP model copies, with its unit and where it comes from.
 * Times are in nanoseconds (Nanos); sizes in bytes. Sources are Linux 6.x unless noted.
 */
import type { Nanos } from '../nanos.ts';

export const MS: Nanos = 1_000_000;

/** include/net/tcp.h TCP_RTO_MIN = HZ/5 */
export const TCP_RTO_MIN_NS: Nanos = 200 * MS;
/** include/net/tcp.h TCP_RTO_MAX = 120*HZ */
export const TCP_RTO_MAX_NS: Nanos = 120_000 * MS;
/** include/net/tcp.h TCP_TIMEOUT_INIT = 1*HZ (RFC 6298 §2.1) */
export const TCP_TIMEOUT_INIT_NS: Nanos = 1000 * MS;
/** include/net/tcp.h TCP_TIMEOUT_FALLBACK = 3*HZ (RFC 6298 §5.7: RTO after a handshake without RTT sample) */
export const TCP_TIMEOUT_FALLBACK_NS: Nanos = 3000 * MS;
/** include/net/tcp.h TCP_TIMEOUT_MIN_US = 2 ms: the loss probe's allowance with more than one packet in flight */
export const TCP_TIMEOUT_MIN_NS: Nanos = 2 * MS;
/** net.ipv4.tcp_early_retrans default: 3 = tail loss probes on (RFC 8985 §7) */
export const TCP_EARLY_RETRANS = 3;
/** net.ipv4.tcp_frto default: 2 = F-RTO, SACK-enhanced when SACK is on (RFC 5682) */
export const TCP_FRTO = 2;
/** net.ipv4.tcp_ecn default: 2 = answer ECN when a SYN asks, never ask (TCP_ECN_IN_ECN_OUT_NOECN) */
export const TCP_ECN = 2;
/** tcp_ecn_mode TCP_ECN_IN_ECN_OUT_ECN: ask for ECN on connect too */
export const TCP_ECN_IN_ECN_OUT_ECN = 1;
/** tcp_ecn_mode TCP_ECN_IN_ACCECN_OUT_ACCECN: 3 and up are Accurate ECN, not modelled */
export const TCP_ECN_IN_ACCECN_OUT_ACCECN = 3;
/** tp->ecn_flags (include/net/tcp.h): RFC 3168 ECN agreed, CWR to send, ECE to echo, ECT seen */
export const TCP_ECN_OK = 1;
export const TCP_ECN_QUEUE_CWR = 2;
export const TCP_ECN_DEMAND_CWR = 4;
export const TCP_ECN_SEEN = 8;
/** include/net/inet_ecn.h: the IP header's two ECN bits (RFC 3168 §5) */
export const INET_ECN_NOT_ECT = 0;
export const INET_ECN_ECT_0 = 2;
export const INET_ECN_CE = 3;
/** net.ipv4.tcp_recovery default: TCP_RACK_LOSS_DETECTION (bit 0) on */
export const TCP_RECOVERY = 1;
/** net.ipv4.tcp_recovery bit 1: RACK's reordering window does not grow on D-SACKs */
export const TCP_RACK_STATIC_REO_WND = 2;
/** recoveries a D-SACK-grown RACK window lasts (include/net/tcp.h TCP_RACK_RECOVERY_THRESH) */
export const TCP_RACK_RECOVERY_THRESH = 16;
/** net.ipv4.tcp_min_tso_segs default: the fewest segments tcp_tso_autosize() puts in a GSO packet */
export const TCP_MIN_TSO_SEGS = 2;
/** net.ipv4.tcp_tso_win_divisor default: defer a TSO send while less than 1/3 of the window is free */
export const TCP_TSO_WIN_DIVISOR = 3;
/** tcp_max_tso_deferred_mss(): with tcp_tso_win_divisor 0, defer while room is for at most 3 segments */
export const TCP_MAX_TSO_DEFERRED_MSS = 3;
/** net.ipv4.tcp_notsent_lowat default: UINT_MAX, no limit on unsent bytes */
export const TCP_NOTSENT_LOWAT = 0xffffffff;
/** include/net/tcp.h TCP_TIMEWAIT_LEN = 60*HZ */
export const TCP_TIMEWAIT_LEN_NS: Nanos = 60_000 * MS;
/** include/net/tcp.h TCP_FIN_TIMEOUT = TCP_TIMEWAIT_LEN (net.ipv4.tcp_fin_timeout = 60) */
export const TCP_FIN_TIMEOUT_NS: Nanos = 60_000 * MS;
/** include/net/tcp.h TCP_DELACK_MAX = HZ/5 */
export const TCP_DELACK_MAX_NS: Nanos = 200 * MS;
/** include/net/tcp.h TCP_DELACK_MIN = HZ/25 */
export const TCP_DELACK_MIN_NS: Nanos = 40 * MS;
/** include/net/tcp.h TCP_ATO_MIN = HZ/25 */
export const TCP_ATO_MIN_NS: Nanos = 40 * MS;
/**
 * net.ipv4.tcp_invalid_ratelimit default, HZ/2: the least time between two ACKs a socket sends
 * for out-of-window or PAWS-failing segments and challenge ACKs (__tcp_oow_rate_limited, RFC 5961 §7)
 */
export const TCP_INVALID_RATELIMIT_NS: Nanos = 500 * MS;
/** include/net/tcp.h TCP_MAX_QUICKACKS */
export const TCP_MAX_QUICKACKS = 16;
/** include/net/tcp.h urg_data: the urgent byte is in (low 8 bits hold it), is awaited, or was read with MSG_OOB */
export const TCP_URG_VALID = 0x0100;
export const TCP_URG_NOTYET = 0x0200;
export const TCP_URG_READ = 0x0400;
/**
 * include/net/tcp.h TCP_RESOURCE_PROBE_INTERVAL (HZ / 2): the retry after a transmit the local
 * device dropped (NET_XMIT_DROP), for a retransmission (tcp_retransmit_timer) and a window probe
 * (tcp_send_probe0): "Let senders fight for local resources conservatively."
 */
export const TCP_RESOURCE_PROBE_INTERVAL_NS: Nanos = 500 * MS;
/** include/net/tcp.h TCP_TIMEOUT_MIN (2U jiffies): the shortest probe timer tcp_clamp_probe0_to_user_timeout() arms */
export const TCP_TIMEOUT_MIN_JIFFIES = 2;
/** net.ipv4.tcp_syn_retries default (include/net/tcp.h TCP_SYN_RETRIES) */
export const TCP_SYN_RETRIES = 6;
/** net.ipv4.tcp_synack_retries default (TCP_SYNACK_RETRIES) */
export const TCP_SYNACK_RETRIES = 5;
/** net.ipv4.tcp_retries2 default (TCP_RETR2) */
export const TCP_RETRIES2 = 15;
/** net.ipv4.tcp_orphan_retries = 0 → 8 in tcp_orphan_retries() */
export const TCP_ORPHAN_RETRIES = 8;
/** include/net/tcp.h TCP_INIT_CWND (RFC 6928) */
export const TCP_INIT_CWND = 10;
/** include/net/tcp.h TCP_MSS_DEFAULT (RFC 1122 default MSS when the peer sends none) */
export const TCP_MSS_DEFAULT = 536;
/** include/net/tcp.h TCP_MIN_MSS */
export const TCP_MIN_MSS = 88;
/** include/net/tcp.h TCP_MAX_WSCALE (RFC 7323 §2.3) */
export const TCP_MAX_WSCALE = 14;
/** net.ipv4.tcp_keepalive_time / intvl / probes defaults */
export const TCP_KEEPALIVE_TIME_NS: Nanos = 7200_000 * MS;
export const TCP_KEEPALIVE_INTVL_NS: Nanos = 75_000 * MS;
export const TCP_KEEPALIVE_PROBES = 9;
/** net.ipv4.tcp_pingpong_thresh default (include/net/inet_connection_sock.h) */
export const TCP_PINGPONG_THRESH = 1;
/** net.ipv4.tcp_reordering default: dupacks before fast retransmit (RFC 5681 §3.2) */
export const TCP_FASTRETRANS_THRESH = 3;
/** net.ipv4.tcp_max_reordering default: the most tp->reordering may grow to */
export const TCP_MAX_REORDERING = 300;
/** IPv4 header 20 + TCP header 20 (tcp_mtu_to_mss) */
export const TCP_IP_HEADERS = 40;
/** TCPOLEN_TSTAMP_ALIGNED: NOP, NOP, TS(10) */
export const TCPOLEN_TSTAMP_ALIGNED = 12;
/** SACK block option: NOP, NOP, kind, len, then 8 bytes per block (TCPOLEN_SACK_BASE_ALIGNED) */
export const TCPOLEN_SACK_BASE_ALIGNED = 4;
export const TCPOLEN_SACK_PERBLOCK = 8;
/**
 * tcp_win_from_space(): window = space × scaling_ratio >> TCP_RMEM_TO_WIN_SCALE. A socket starts
 * at TCP_DEFAULT_SCALING_RATIO = 1 << (TCP_RMEM_TO_WIN_SCALE - 1) (half the buffer is window,
 * include/net/tcp.h since 6.9); tcp_measure_rcv_mss() then sets it to skb->len / skb->truesize.
 */
export const TCP_RMEM_TO_WIN_SCALE = 8;
export const TCP_DEFAULT_SCALING_RATIO = 128;
/** include/linux/skbuff.h MAX_SKB_FRAGS: tcp_try_coalesce() stops adding to a receive-queue skb at 17 fragments */
export const MAX_SKB_FRAGS = 17;
/** the largest unscaled window (tcp_select_window: U16_MAX) */
export const U16_MAX = 0xffff;
/** socket.c sock_setsockopt SO_SNDBUF/SO_RCVBUF floors: SOCK_MIN_SNDBUF = 2*TCP_SKB_MIN_TRUESIZE ≈ 4608, SOCK_MIN_RCVBUF 2304 */
export const SOCK_MIN_SNDBUF = 4608;
export const SOCK_MIN_RCVBUF = 2304;
/**
 * tcp_sndbuf_expand(): per_mss = roundup_pow_of_two(mss + MAX_TCP_HEADER + SKB_DATA_ALIGN(sizeof
 * skb_shared_info)) + SKB_DATA_ALIGN(sizeof sk_buff). MAX_TCP_HEADER = L1_CACHE_ALIGN(128 +
 * MAX_HEADER) = 256 on a stock x86-64 6.18: per_mss 2048 + 256 = 2304 for a 1460 MSS — the
 * recordings' send buffers are 2 × cwnd × 2304 exactly (test/fixtures/real/stall/wsl2
 * stall-4MiB.ss.txt: tb 672768 = 2 × 146 × 2304, 308736 = 2 × 67 × 2304).
 */
export { MAX_TCP_HEADER, SKB_SHARED_INFO_SIZE, SKB_STRUCT_SIZE } from '../skb.ts';
import { MAX_TCP_HEADER, SKB_SHARED_INFO_SIZE, SKB_STRUCT_SIZE } from '../skb.ts';
/**
 * What a send-queue skb costs beyond its payload (sk_wmem_queued): tcp_stream_alloc_skb()
 * allocates MAX_TCP_HEADER of head and charges SKB_TRUESIZE(skb_end_offset); the payload sits
 * in page fragments charged byte for byte (skb_copy_to_page_nocache), and each split
 * (tso_fragment, tcp_fragment) is a new skb charged again. The head, SKB_HEAD_ALIGN(MAX_TCP_HEADER)
 * = 576 bytes, comes from skb_small_head_cache, so skb_end_offset is MAX_TCP_HEADER itself.
 */
export const SKB_TX_TRUESIZE = MAX_TCP_HEADER + SKB_STRUCT_SIZE + SKB_SHARED_INFO_SIZE;
/**
 * The truesize of a received skb beyond its payload as the `wsl2` profile charges it (the kernel
 * profile's rcvSkbHeadTruesize, absent): 944, fitted when the lab's captures were calibrated (the
 * first windows of test/fixtures/real/echo2mb, 79 744 and 94 208, come from rcv_ssthresh and
 * hold at 832 too, so they do not pin it). What Linux does: veth hands the receiver the sender's
 * skb (veth_xmit → __dev_forward_skb keeps skb->truesize), in every version; what that skb costs
 * depends on the sender's kernel — on 6.3+ its head comes from skb_small_head_cache and costs
 * SKB_TX_TRUESIZE (832, the `linux-6.18` profile: in test/fixtures/real/upload300k the first
 * 4096-byte segment set scaling_ratio 212 = 4096·256 / (4096 + 832), and runs 2 and 3 advertised
 * ALIGN(tcp_win_from_space(131072 − 832 − 4096·n), 1024) after n = 4 … 15 unread segments); on
 * 5.15 __alloc_skb takes it from kmalloc-1024, about 1 280. 5.15 also sized the window by
 * tcp_adv_win_scale, not by scaling_ratio (6.5+), so no one figure makes the `wsl2` model 5.15,
 * and no WSL2 (5.15) recording yet says which way the lab's captures are off.
 */
export const SKB_HEAD_TRUESIZE = 944;
/** tcp_sendmsg(): forced_push() — push when unpushed data exceeds half the peer's max window */

export function msToNs(ms: number): Nanos {
  return ms * MS;
}

/** Linux's 1 ms TCP clock (tcp_mstamp → tcp_time_stamp_ms) */
export function tcpClockMs(now: Nanos): number {
  return Math.floor(now / MS);
}

/**
 * CONFIG_HZ for a profile that names none: labwire's jiffies are then its 1 ms TCP clock
 * (x86_64's defconfig HZ=1000; the calibration machine's kernel has 250, its profile says so).
 */
export const TCP_CLOCK_HZ = 1000;

/** tcp_jiffies32 at `hz` ticks a second, counted from the simulation's start (jiffies' phase 0). */
export function tcpJiffies(now: Nanos, hz: number): number {
  return Math.floor(now / (1e9 / hz));
}

/** net.ipv4.tcp_syncookies default: 1 = cookies only when the SYN queue overflows; 2 = always */
export const TCP_SYNCOOKIES = 1;
/** include/net/tcp.h TCP_SYNCOOKIE_PERIOD (60*HZ): the cookie's minute counter (tcp_cookie_time) */
export const TCP_SYNCOOKIE_PERIOD_NS: Nanos = 60_000 * MS;
/** include/net/tcp.h TCP_SYNCOOKIE_VALID (2 * TCP_SYNCOOKIE_PERIOD): how long after the last cookie ACKs are checked */
export const TCP_SYNCOOKIE_VALID_NS: Nanos = 120_000 * MS;
/** include/net/tcp.h MAX_SYNCOOKIE_AGE: a cookie is valid for this many counter periods */
export const MAX_SYNCOOKIE_AGE = 2;
/** net/ipv4/syncookies.c COOKIEBITS: the low bits of the cookie hold hash + MSS index, the upper the counter */
export const SYNCOOKIE_COOKIEBITS = 24;
/** net/ipv4/syncookies.c TSBITS: the low bits of a cookie SYN-ACK's TS val that carry options */
export const SYNCOOKIE_TSBITS = 6;
/** net/ipv4/syncookies.c TS_OPT_WSCALE_MASK (0xf: no window scaling), TS_OPT_SACK, TS_OPT_ECN */
export const TS_OPT_WSCALE_MASK = 0xf;
export const TS_OPT_SACK = 1 << 4;
export const TS_OPT_ECN = 1 << 5;
/** net/ipv4/syncookies.c msstab[]: the MSS values an IPv4 cookie can carry */
export const SYNCOOKIE_MSSTAB_V4: readonly number[] = [536, 1300, 1440, 1460];
