/**
 * OPEN (RFC 9293 §3.10.1) and the end of the three-way handshake, with Linux's initial
 * values: tcp_connect_init() / tcp_openreq_init_rwin() for the window and scale,
 * tcp_init_transfer() for buffers, cwnd and the receiver's MSS estimate.
 *
 * Calibration (shared/real-captures/echo10000.mesin1-any.pcap, tcp_rmem 131072/32 MiB):
 * SYN window 64240 = rounddown(65536, 1460); SYN/ACK 65160 = rounddown(65536, 1448); shift 10.
 */
import type { TcpSegment } from '../wire/tcp.ts';
import { IPV4_HEADER_LENGTH } from '../wire/ipv4.ts';
import type { Ctx } from './conn.ts';
import { readOptions, type PeerOptions } from './options.ts';
import { seqAdd } from './seq.ts';
import { transition } from './transitions.ts';
import { sendSyn } from './output.ts';
import { ccInit } from './cong.ts';
import { fullSpace, initBufferSpace, selectInitialWindow, sndbufExpand } from './window.ts';
import { cookieInitTimestamp, cookieTimestampDecode } from './syncookie.ts';
import { MS, TCP_ECN_OK, tcpClockMs, TCP_INIT_CWND, TCP_IP_HEADERS, TCP_MIN_MSS, TCP_MSS_DEFAULT, TCP_TIMEOUT_FALLBACK_NS, TCP_TIMEOUT_INIT_NS, TCPOLEN_TSTAMP_ALIGNED, U16_MAX } from './linux.ts';

/**
 * ipv4_default_advmss(): MTU − 40, at most IPV4_MAX_PMTU − 40 (65495 on loopback's 65536);
 * ip6_default_advmss(): MTU − 60 (65476 on loopback), `netHeaderLen` being 40.
 */
export function advmssFor(mtu: number, netHeaderLen = IPV4_HEADER_LENGTH): number {
  return Math.min(mtu - netHeaderLen - (TCP_IP_HEADERS - IPV4_HEADER_LENGTH), U16_MAX - TCP_IP_HEADERS);
}

function initCommon(c: Ctx, iss: number, tsOffset: number, mtu: number, netHeaderLen?: number): void {
  const t = c.t;
  const cfg = c.conn.cfg;
  t.iss = iss >>> 0;
  t.sndUna = t.iss;
  t.sndNxt = seqAdd(t.iss, 1);
  t.rtxNxt = t.sndNxt;
  t.sndSml = t.sndNxt;
  t.pushedSeq = t.sndNxt;
  c.conn.snd.baseSeq = t.sndNxt;
  t.tsOffset = tsOffset >>> 0;
  // tcp_mss_clamp(): TCP_MAXSEG bounds what we advertise (tcp_connect_init, tcp_openreq_init_rwin)
  t.advmss = t.userMss > 0 ? Math.min(advmssFor(mtu, netHeaderLen), t.userMss) : advmssFor(mtu, netHeaderLen);
  t.mss = t.advmss;
  t.pmtu = mtu; // tcp_sync_mss(sk, dst_mtu(dst)) in tcp_connect_init / tcp_v4_syn_recv_sock
  if (!t.rcvBufLocked) t.rcvBuf = cfg.tcpRmem[1];
  if (!t.sndBufLocked) t.sndBuf = cfg.tcpWmem[1];
  t.rto = TCP_TIMEOUT_INIT_NS;
  t.lsndtime = c.now;
}

/** Active OPEN: SYN-SENT, SYN out, RTO armed at the initial 1 s. */
export function openActive(c: Ctx, iss: number, tsOffset: number, mtu: number, netHeaderLen?: number): void {
  const t = c.t;
  const cfg = c.conn.cfg;
  initCommon(c, iss, tsOffset, mtu, netHeaderLen);
  const full = fullSpace(t);
  const iw = selectInitialWindow(full, t.advmss, t.rcvBufLocked ? full : 0, cfg, cfg.windowScaling);
  t.rcvWnd = iw.rcvWnd;
  t.windowClamp = iw.windowClamp;
  t.rcvWscale = iw.wscale;
  t.rcvSsthresh = t.rcvWnd;
  transition(c, 'connect', 'connect() sent SYN');
  sendSyn(c);
}

/**
 * Passive OPEN for one SYN that reached a listener: SYN-RECEIVED, SYN/ACK out. `cookie`: the
 * listener answers with a SYN cookie (syncookie.ts) and keeps no request: tcp_conn_request()
 * clears the SYN's options when it has no timestamp (only TS val can carry them back) and ECN
 * with them, and the SYN-ACK's TS val is cookie_init_timestamp()'s (tcp_make_synack).
 */
export function openPassive(c: Ctx, syn: TcpSegment, iss: number, tsOffset: number, mtu: number, netHeaderLen?: number, cookie = false): void {
  const t = c.t;
  initCommon(c, iss, tsOffset, mtu, netHeaderLen);
  const po = readOptions(syn.options, true);
  if (cookie && !(c.conn.cfg.timestamps && po.hasTs)) {
    po.sackPermitted = false;
    po.wscale = -1;
    t.ecnFlags = 0;
  }
  negotiate(c, po);
  passiveWindow(c, syn.seq >>> 0, po, t.advmss - (t.tsOk ? TCPOLEN_TSTAMP_ALIGNED : 0));
  transition(c, 'rcv-syn', 'a SYN reached the listener');
  if (!cookie) return sendSyn(c);
  const options = { sackOk: t.sackOk, wscale: t.wsOk ? t.sndWscale : -1, ecnOk: t.ecnFlags !== 0 };
  sendSyn(c, (cookieInitTimestamp(tcpClockMs(c.now), options) + t.tsOffset) >>> 0);
}

/**
 * cookie_v4_check() / cookie_tcp_reqsk_alloc(): a final ACK that carried a valid cookie, as the
 * request tcp_create_openreq_child() turns into a child in SYN-RECEIVED: the MSS from msstab[],
 * the options from the echoed TS (no timestamp: none), the initial window chosen again for that
 * MSS. The child then takes the ACK as any SYN-RECEIVED socket does; its SYN-ACK was never timed
 * (tcp_synack_rtt_meas() without a request), so the RTT comes from the TS ecr or not at all.
 */
export function openFromCookie(c: Ctx, ack: TcpSegment, mss: number, tsOffset: number, mtu: number, netHeaderLen?: number): void {
  const t = c.t;
  const cfg = c.conn.cfg;
  initCommon(c, (ack.ack - 1) >>> 0, tsOffset, mtu, netHeaderLen);
  const po = readOptions(ack.options, false);
  const cookieTs = (po.tsecr - t.tsOffset) >>> 0;
  const o = po.hasTs ? cookieTimestampDecode(cookieTs) : { sackOk: false, wscale: -1, ecnOk: false };
  negotiate(c, { ...po, mss, sackPermitted: o.sackOk, wscale: o.wscale });
  t.ecnFlags = o.ecnOk && cfg.ecn !== 0 ? TCP_ECN_OK : 0; // cookie_ecn_ok()
  passiveWindow(c, (ack.seq - 1) >>> 0, po, mss);
  transition(c, 'rcv-syn', 'a cookie ACK reached the listener');
  if (t.tsOk && po.tsecr !== 0) t.lsndtime = c.now - Math.max(1, tcpClockMs(c.now) - cookieTs) * MS; // tcp_rtt_tsopt_us(): at least 1 ms
  else t.backoff = 1; // no RTT sample from the handshake (input.ts takes one only with backoff 0)
}

/** The receive side of a passive open: their ISN, TS.Recent, the initial window for `mss` (tcp_openreq_init_rwin). */
function passiveWindow(c: Ctx, irs: number, po: PeerOptions, mss: number): void {
  const t = c.t;
  const cfg = c.conn.cfg;
  t.irs = irs;
  t.rcvNxt = seqAdd(t.irs, 1);
  t.rcvWup = t.rcvNxt;
  t.copiedSeq = t.rcvNxt;
  if (t.tsOk) t.tsRecent = po.tsval;
  const full = fullSpace(t);
  const iw = selectInitialWindow(full, mss, t.rcvBufLocked ? full : 0, cfg, t.wsOk);
  t.rcvWnd = iw.rcvWnd;
  t.windowClamp = iw.windowClamp;
  t.rcvWscale = t.wsOk ? iw.wscale : 0;
  t.rcvSsthresh = t.rcvWnd;
}

/** What both ends agreed in the SYNs (RFC 7323 §2.2, §3.2; RFC 2018 §2; RFC 9293 §3.7.1). */
export function negotiate(c: Ctx, po: PeerOptions): void {
  const t = c.t;
  const cfg = c.conn.cfg;
  t.tsOk = cfg.timestamps && po.hasTs;
  t.sackOk = cfg.sack && po.sackPermitted;
  t.wsOk = cfg.windowScaling && po.wscale >= 0;
  if (t.wsOk) t.sndWscale = po.wscale;
  else {
    t.sndWscale = 0;
    t.rcvWscale = 0;
    if (t.windowClamp > U16_MAX) t.windowClamp = U16_MAX;
  }
  // RFC 9293 §3.7.1: no MSS option means 536 (Linux TCP_MSS_DEFAULT)
  t.mssClamp = po.mss > 0 ? po.mss : TCP_MSS_DEFAULT;
  // tcp_parse_options(): "if (opt_rx->user_mss && opt_rx->user_mss < in_mss) in_mss = opt_rx->user_mss"
  if (t.userMss > 0 && t.userMss < t.mssClamp) t.mssClamp = t.userMss;
  t.mss = Math.max(Math.min(t.advmss, t.mssClamp), 48) - (t.tsOk ? TCPOLEN_TSTAMP_ALIGNED : 0);
}

/**
 * tcp_init_transfer() / tcp_init_buffer_space() / tcp_initialize_rcv_mss(), and advmss less the
 * timestamp option once both ends agreed to it (`ss -ti` shows advmss:1448 on both ends): the
 * connecting end takes it off before tcp_init_transfer() (tcp_rcv_synsent_state_process); the
 * accepting end after it before 6.16 (tcp_rcv_state_process, TCP_SYN_RECV), so that only the
 * first reserved one 1448-byte segment in its window clamp and started rcvq_space at 10 × 1448
 * (the other at 10 × 1460), and before it since (cfg.passiveAdvmssFirst).
 */
export function establish(c: Ctx, passive: boolean): void {
  const t = c.t;
  const tsOption = t.tsOk ? TCPOLEN_TSTAMP_ALIGNED : 0;
  const first = !passive || c.conn.cfg.passiveAdvmssFirst;
  if (first) t.advmss -= tsOption;
  initBufferSpace(t);
  if (!first) t.advmss -= tsOption;
  let hint = Math.min(t.advmss, t.mss);
  hint = Math.min(hint, Math.floor(t.rcvWnd / 2), TCP_MSS_DEFAULT);
  t.rcvMss = Math.max(hint, TCP_MIN_MSS);
  t.cwnd = TCP_INIT_CWND;
  t.delivered = 1; // the acknowledged SYN is the first packet delivered (tcp_clean_rtx_queue counts it)
  ccInit(c); // tcp_init_congestion_control()
  // RFC 6298 §5.7 (Linux tcp_init_metrics): no RTT sample from a retransmitted handshake → RTO 3 s
  if (t.srtt === 0) t.rto = TCP_TIMEOUT_FALLBACK_NS;
  sndbufExpand(c);
  t.rcvSpaceTime = c.now;
  // tcp_finish_connect() / tcp_create_openreq_child(): "last received" starts at the handshake
  // (tcpi_last_data_recv counts from it; ATO is still 0, so no pingpong credit comes of it)
  t.lrcvtime = c.now;
}
