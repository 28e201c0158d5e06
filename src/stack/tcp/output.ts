/**
 * What may be sent now (RFC 9293 §3.10.2 SEND processing, RFC 5681, RFC 896 Nagle) as Linux's
 * tcp_write_xmit() decides it, and how a segment is built and an ACK sent (tcp_transmit_skb);
 * when an ACK goes is ack-timing.ts's.
 * Every function here appends 'send' effects; none transmits.
 */
import { enterCwr } from './recovery.ts';
import { ccTxStart } from './cong.ts';
import { rearmRto, scheduleLossProbe } from './tlp.ts';
import { rtxEnd } from './frto.ts';
import { tsoShouldDefer } from './tso-defer.ts';
import { CHRONO_RWND_LIMITED, CHRONO_SNDBUF_LIMITED, chronoStart, chronoStop } from './chrono.ts';
import type { ReusedTimestamps, TcpOption } from '../wire/tcp-options.ts';
import { countOut } from './seg-counts.ts';
import { TCP_ACK, TCP_CWR, TCP_ECE, TCP_FIN, TCP_PSH, TCP_RST, TCP_SYN, TCP_URG } from '../wire/tcp.ts';
import { inUrgentMode, urgentPointer } from './urgent.ts';
import { ecnSend, synEcnFlags } from './ecn.ts';
import type { Ctx, TcpConn } from './conn.ts';
import type { Tcb } from './tcb.ts';
import { segmentOptions, synOptions } from './options.ts';
import { seqAdd, seqDiff, seqGt, seqLe, seqLt } from './seq.ts';
import { selectWindow } from './window.ts';
import { TCP_ATO_MIN_NS, TCP_RTO_MAX_NS, TCP_RTO_MIN_NS, tcpClockMs } from './linux.ts';
import { U16_MAX } from './linux.ts';
import { INET_ECN_MASK } from '../ip-header-opts.ts';

const EMPTY = new Uint8Array(0);
/** TCPOLEN_SACK_BASE_ALIGNED + 3 blocks fit beside timestamps in 40 option bytes */
const MAX_SACK_BLOCKS_WITH_TS = 3;

export function tsval(c: Ctx): number {
  return (tcpClockMs(c.now) + c.t.tsOffset) >>> 0;
}

/**
 * A non-SYN segment with the current window and options (tcp_transmit_skb), put on the effect
 * list; an ACK-bearing one clears the pending ACK (tcp_event_ack_sent, which Linux runs before
 * the packet meets the device). Built in a slot of the step's SendPool when the caller lent
 * one, else as a new object. Returns whether it went: false when the device's qdisc drops it
 * (Ctx.xmitDrops: NET_XMIT_DROP, tcp_transmit_skb's return value).
 */
export function emitSegment(c: Ctx, seq: number, flags: number, payload: Uint8Array, skbSeq = seq, whole = true): boolean {
  const t = c.t;
  const window = selectWindow(c);
  // urgent mode: the pointer is the skb's, copied onto each piece of a software GSO split
  // (tcp_gso_segment copies the header); a timewait ACK (tcp_v4_send_ack) carries none
  const urgent = t.twRcvWnd >= 0 ? 0 : urgentPointer(t, skbSeq);
  if (urgent !== 0) flags |= TCP_URG;
  const max = t.tsOk ? MAX_SACK_BLOCKS_WITH_TS : 4;
  let sack = t.sackOk && !c.conn.ofo.isEmpty ? c.conn.ofo.sackBlocks(max) : undefined;
  if (t.dsackEnd !== t.dsackStart) {
    // RFC 2883: the D-SACK block goes first, once (tcp_options_write clears rx_opt.dsack)
    const dsack: [number, number] = [t.dsackStart, t.dsackEnd];
    sack = [dsack, ...(sack ?? [])].slice(0, max);
    t.dsackEnd = t.dsackStart;
  }
  // tcp_ecn_send(): a timewait mini-socket's ACK (tcp_v4_send_ack) carries no ECN
  const ecn = t.twRcvWnd >= 0 ? 0 : ecnSend(t, seq, payload.length);
  flags |= ecn & (TCP_ECE | TCP_CWR);
  // data from the skb the socket keeps, sent as its clone (clone.ts); a timewait ACK has none
  const clone = whole && payload.length > 0 && t.twRcvWnd < 0;
  const pool = c.sends;
  if (!pool) {
    const seg = {
      srcPort: t.localPort, dstPort: t.remotePort, seq: seq >>> 0, ack: t.rcvNxt, flags, window,
      urgent, options: segmentOptions(t.tsOk, tsval(c), t.tsRecent, sack), payload,
    };
    c.eff.push(t.twRcvWnd >= 0 ? { kind: 'send', seg, tw: true } : { kind: 'send', seg, ecn: ecn & INET_ECN_MASK, clone });
  } else {
    const slot = pool.take();
    const seg = slot.effect.seg;
    seg.srcPort = t.localPort;
    seg.dstPort = t.remotePort;
    seg.seq = seq >>> 0;
    seg.ack = t.rcvNxt;
    seg.flags = flags;
    seg.window = window;
    seg.urgent = urgent;
    seg.options = t.tsOk && !sack ? timestampsOnly(slot.timestamps, tsval(c), t.tsRecent) : segmentOptions(t.tsOk, tsval(c), t.tsRecent, sack);
    seg.payload = payload;
    slot.effect.tw = t.twRcvWnd >= 0;
    slot.effect.ecn = ecn & INET_ECN_MASK;
    slot.effect.clone = clone;
    c.eff.push(slot.effect);
  }
  c.t.wstamp = c.now; // __tcp_transmit_skb(): tp->tcp_wstamp_ns
  if (t.twRcvWnd < 0) countOut(t, payload.length, t.mss); // a timewait ACK (tcp_v4_send_ack) counts on no socket
  if (flags & TCP_ACK) ackSent(c);
  if (c.xmitDrops !== true || t.twRcvWnd >= 0) return true;
  // __tcp_transmit_skb(): a device that dropped it (err > 0) is local congestion: tcp_enter_cwr()
  enterCwr(c);
  return false;
}

/** segmentOptions' NOP NOP TS, written into a list that is reused */
function timestampsOnly(reuse: ReusedTimestamps, val: number, ecr: number): readonly TcpOption[] {
  reuse.ts.tsval = val;
  reuse.ts.tsecr = ecr;
  return reuse.list;
}

function ackSent(c: Ctx): void {
  const t = c.t;
  // tcp_dec_quickack_mode(): one quick ACK used if an ACK was pending
  if (t.quick > 0) {
    const pkts = t.ackPending ? 1 : 0;
    if (pkts >= t.quick) {
      t.quick = 0;
      t.ato = TCP_ATO_MIN_NS;
    } else t.quick -= pkts;
  }
  t.ackPending = false;
  t.ackNow = false;
  t.ackPushed = false;
  t.ackNomem = false;
  t.delackAt = 0;
}

export function sendAck(c: Ctx): void {
  emitSegment(c, c.t.sndNxt, TCP_ACK, EMPTY);
}

/** RST|ACK from a synchronized connection (tcp_send_active_reset). */
export function sendActiveReset(c: Ctx): void {
  emitSegment(c, c.t.sndNxt, TCP_RST | TCP_ACK, EMPTY);
}

/**
 * SYN (SYN-SENT) or SYN/ACK (SYN-RECEIVED) with Linux's options and ECN flags (ecn.ts); window
 * unscaled; never ECT. `synTsval`: a SYN cookie's TS val (cookie_init_timestamp) instead of the clock's.
 */
export function sendSyn(c: Ctx, synTsval = tsval(c)): void {
  const t = c.t;
  const cfg = c.conn.cfg;
  const synAck = t.state === 'SYN-RECEIVED';
  const options = synOptions({
    mss: t.advmss,
    sack: synAck ? t.sackOk : cfg.sack,
    ts: (synAck ? t.tsOk : cfg.timestamps) ? { tsval: synTsval, tsecr: synAck ? t.tsRecent : 0 } : undefined,
    wscale: (synAck ? t.wsOk : cfg.windowScaling) ? t.rcvWscale : -1,
  });
  const ecnFlags = synEcnFlags(c, synAck, t.backoff > 0);
  c.eff.push({
    kind: 'send',
    seg: {
      srcPort: t.localPort, dstPort: t.remotePort, seq: t.iss, ack: synAck ? t.rcvNxt : 0,
      flags: (synAck ? TCP_SYN | TCP_ACK : TCP_SYN) | ecnFlags, window: Math.min(t.rcvWnd, U16_MAX), urgent: 0, options, payload: EMPTY,
    },
  });
  if (synAck) ackSent(c);
  // a SYN counts (tcp_connect → tcp_transmit_skb), as does a simultaneous open's SYN-ACK; a
  // request's SYN-ACKs (tcp_v4_send_synack) count on no socket: one that has sent nothing yet
  if (!synAck || t.segsOut > 0) countOut(t, 0, t.mss);
  if (t.rtoAt === 0) t.rtoAt = c.now + t.rto;
}

/**
 * tcp_packets_in_flight() outside recovery: what the peer holds out of order — SACKed
 * packets, or one per duplicate ACK without SACK (tcp_add_reno_sack, at most all but one) —
 * has left the network, so each duplicate ACK lets a new segment out (RFC 3042 limited
 * transmit, which Linux gets from this count). With SACK the scoreboard's lost and resent
 * packets count too (recovery.ts); without, the NewReno window inflation (ack.ts) accounts for
 * them in recovery; after a timeout the queue holds only what was sent since (timers.ts).
 */
export function packetsInFlight(c: Ctx): number {
  const sent = c.conn.sent;
  const packets = sent.packets;
  if (c.t.lossHighSeq >= 0) return packets;
  // with SACK, the scoreboard's count: packets_out − (sacked_out + lost_out) + retrans_out
  if (c.t.sackOk) return packets - (sent.sackedOut + sent.lostOut) + sent.retransOut;
  return c.t.recover >= 0 ? packets : Math.max(0, packets - sackedOut(c));
}

/** tp->sacked_out: SACKed packets, or (no SACK) duplicate ACKs counted as packets (tcp_add_reno_sack, tcp_limit_reno_sacked). */
export function sackedOut(c: Ctx): number {
  return sackedPackets(c.conn, c.t, sendMss(c));
}

export function sackedPackets(conn: TcpConn, t: Tcb, mss: number): number {
  if (t.sackOk) return conn.sacked.packets(mss);
  return Math.min(t.dupAcks, Math.max(0, conn.sent.packets - 1));
}

/**
 * icsk_ca_state: TCP_CA_Open 0, Disorder 1 (packets SACKed, or duplicate ACKs without SACK:
 * tcp_try_to_open's tcp_left_out), CWR 2 (an ECE's reduction: recovery.ts enterCwr), Recovery 3,
 * Loss 4 (after an RTO).
 */
export function caState(conn: TcpConn, t: Tcb): number {
  if (t.lossHighSeq >= 0) return 4;
  if (t.recover >= 0) return 3;
  if (t.cwrHigh >= 0) return 2;
  return sackedPackets(conn, t, t.mss) > 0 ? 1 : 0;
}

/** tcp_in_cwnd_reduction(): in CWR or Recovery, PRR sets cwnd (recovery.ts cwndReduction) */
export function inCwndReduction(t: Tcb): boolean {
  return t.recover >= 0 || t.cwrHigh >= 0;
}

/** Does the data from `start` (`avail` bytes) end where the FIN goes (a FIN not yet sent, or for a retransmission one already sent)? */
function endsAtFin(t: Tcb, start: number, avail: number, rtx: boolean): boolean {
  return t.finSeq >= 0 && seqAdd(start, avail) === t.finSeq && (rtx ? seqLt(t.finSeq, t.sndNxt) : seqLe(t.sndNxt, t.finSeq));
}

/** Linux tcp_bound_to_half_wnd(): never send segments bigger than half the peer's largest window. */
export function sendMss(c: Ctx): number {
  const t = c.t;
  const cutoff = t.maxWindow > 536 ? t.maxWindow >> 1 : t.maxWindow;
  if (cutoff > 0 && t.mss > cutoff) return Math.max(cutoff, 68 - 20 - (t.tsOk ? 12 : 0));
  return t.mss;
}

function maySendData(c: Ctx): boolean {
  const s = c.t.state;
  return s === 'ESTABLISHED' || s === 'CLOSE-WAIT' || s === 'FIN-WAIT-1' || s === 'CLOSING' || s === 'LAST-ACK';
}

/**
 * tcp_write_xmit(): retransmissions first, then new data, within cwnd and the peer's window;
 * then a tail loss probe is scheduled (tlp.ts). `pushOne` as Linux's push_one: 1 for
 * tcp_push_one (one GSO packet, Nagle off), 2 for the loss probe's own call (also
 * past a full cwnd, no new probe). `more`: the push that ends an MSG_MORE write, which
 * corks (tcp_push: nonagle = TCP_NAGLE_CORK). What Nagle or the window holds with nothing in
 * flight arms the probe timer (tcp_check_probe_timer): tcp_write_wakeup() sends it later.
 * A transmit the device drops (NET_XMIT_DROP) ends the round: that skb stays where it was —
 * unsent new data (no tcp_event_new_data_sent), a retransmission not counted — and with
 * nothing in flight the probe timer retries it. Returns whether a transmit failed so.
 */
export function pushData(c: Ctx, pushOne: 0 | 1 | 2 = 0, more = false): boolean {
  if (!maySendData(c)) return false;
  const probe = pushOne === 2;
  const t = c.t;
  const snd = c.conn.snd;
  const sent = c.conn.sent;
  const priorPackets = sent.packets;
  let sentNew = false;
  const sacked = c.conn.sacked;
  const mss = sendMss(c);
  /** tcp_tso_segs(): segments in one GSO packet (max_segs); 1 with no GSO at all */
  const maxSegs = c.conn.cfg.gsoMaxSize > 0 ? tcpTsoSegs(c, mss) : 1;
  const dataEnd = seqAdd(snd.baseSeq, snd.length);
  let blocked = false;
  /** tcp_write_xmit's is_rwnd_limited: new data held by the peer's window (retransmissions are not its) */
  let rwndLimited = false;
  let held = false;
  let cwndFull = false;
  let xmitFailed = false;
  const sentBefore = sent.packets;
  for (;;) {
    const rtxStop = rtxEnd(c);
    if (seqLt(t.rtxNxt, t.sndNxt) && !seqLt(t.rtxNxt, rtxStop)) {
      t.rtxNxt = t.sndNxt; // F-RTO: what came after the timeout was not lost
      t.rtxLimit = -1;
    }
    const rtx = seqLt(t.rtxNxt, t.sndNxt);
    const start = rtx ? t.rtxNxt : t.sndNxt;
    let limit = rtx && seqLt(rtxStop, dataEnd) ? rtxStop : dataEnd;
    // one skb at a time (tcp_write_xmit): a GSO packet never spans two skbs
    const skbEnd = snd.nextSkbEnd(start);
    if (skbEnd !== -1 && seqLt(skbEnd, limit)) limit = skbEnd;
    if (rtx && !sacked.isEmpty) {
      // never resend what the peer SACKed (Linux: TCPCB_SACKED_ACKED skbs are skipped)
      const e = sacked.sackedEnd(start);
      if (e >= 0) {
        t.rtxNxt = seqLt(e, t.sndNxt) ? e : t.sndNxt;
        continue;
      }
      const next = sacked.nextSackedStart(start);
      if (next >= 0 && seqLt(next, limit)) limit = next;
    }
    let avail = Math.max(0, seqDiff(limit, start));
    let finHere = endsAtFin(t, start, avail, rtx);
    if (avail === 0 && !finHere) break;
    // tcp_write_xmit: a loss probe's new segment goes whatever cwnd says ("Force out a loss probe
    // pkt."); before 6.10 so did the final FIN of one packet ("Don't be strict about the congestion
    // window for the final FIN"); since ("tcp: remove dubious FIN exception from tcp_cwnd_test()")
    // it waits behind a full cwnd, and real 6.18 sends it as the loss probe
    const xmit610 = c.conn.cfg.writeXmit610;
    const quota = probe || (!xmit610 && finHere && avail <= mss) ? Math.max(1, t.cwnd - packetsInFlight(c)) : t.cwnd - packetsInFlight(c);
    if (quota <= 0) {
      cwndFull = true;
      break;
    }
    // tcp_cwnd_test(): "ensure we have at least 2 GSO packets in flight" — one skb ≤ cwnd/2
    const skbQuota = Math.min(Math.max(t.cwnd >> 1, 1), quota);
    if (xmit610 && !rtx && limit === skbEnd) {
      // tcp_write_xmit → tcp_grow_skb(): the send head takes what cwnd_quota (≤ max_segs) allows from the next skb
      limit = snd.growSkb(skbEnd, Math.min(skbQuota, maxSegs) * mss - avail);
      avail = seqDiff(limit, start);
      finHere = endsAtFin(t, start, avail, rtx);
    }
    let len = Math.min(mss, avail);
    const wndEnd = seqAdd(t.sndUna, t.sndWnd);
    // tcp_snd_wnd_test(): the first MSS (and a FIN riding on it) must fit the window
    if (seqGt(seqAdd(start, len + (finHere && len === avail ? 1 : 0)), wndEnd)) {
      blocked = true;
      rwndLimited = !rtx;
      break;
    }
    const tail = seqAdd(start, avail) === dataEnd;
    if (pushOne === 0 && !rtx && maxSegs > 1 && avail > mss) {
      const ends = finHere || (tail && snd.tailEor);
      const d = tsoShouldDefer(c, start, avail, tail, ends, maxSegs, packetsInFlight(c));
      if (d !== 'send') {
        cwndFull ||= d === 'cwnd';
        rwndLimited = d === 'rwnd';
        break;
      }
    }
    // tcp_write_xmit(): "if (tso_segs > 1 && !tcp_urg_mode(tp)) limit = tcp_mss_split_point(…)",
    // else one MSS; retransmissions (tcp_retransmit_skb) keep their GSO packets
    if (maxSegs > 1 && avail > mss && (rtx || !inUrgentMode(t))) {
      const segs = Math.min(maxSegs, skbQuota);
      // tcp_mss_split_point(): the Nagle trim applies to the last skb, and to any skb the window cuts
      const nagle = tail ? t.cork || more || ((t.writerTimed || seqLt(wndEnd, dataEnd)) && nagleCheck(c, false))
        : seqDiff(wndEnd, start) < segs * mss && !t.nagPush && nagleCheck(c, false);
      len = superSegmentLength(start, avail, segs, mss, wndEnd, nagle);
    }
    const fin = finHere && len === avail && !seqGt(seqAdd(start, len + 1), wndEnd);
    const end = seqAdd(start, len + (fin ? 1 : 0));
    // RFC 896 as Linux does it (tcp_nagle_test): only the write queue's last skb waits
    // (and never in urgent mode)
    if (pushOne === 0 && !rtx && len < mss && !fin && tail && len === avail && !(t.nagPush && !more) && !inUrgentMode(t) && nagleCheck(c, more)) {
      held = true;
      break;
    }
    const pcount = Math.max(1, Math.ceil(len / mss));
    // PSH ends a write (tcp_mark_push); __tcp_transmit_skb() also forces it on every GSO
    // packet (pcount > 1) to flush the receiver's GRO (Linux 5.6, "tcp: force a PSH flag on TSO packets")
    const push = pcount > 1 || snd.hasPushMark(start, seqAdd(start, len)) ? TCP_PSH : 0;
    // a GSO packet the device cannot take whole (software GSO, or longer than its gso_max_size:
    // tcp_grow_skb and tcp_tso_segs's floor of two can ask for two of loopback's 65483-byte
    // segments) is segmented in software before it reaches the wire (validate_xmit_skb)
    const softwareSplit = c.conn.cfg.softwareGso === true || len > c.conn.cfg.gsoMaxSize;
    if (!transmit(c, start, len, push | (fin ? TCP_FIN : 0), pcount > 1 && softwareSplit ? mss : len)) {
      xmitFailed = true; // tcp_write_xmit: "if (unlikely(tcp_transmit_skb(...))) break;"
      if (rtx) {
        t.totalRetrans += pcount; // __tcp_retransmit_skb() counted the attempt before it transmitted
        t.bytesRetrans += len;
      }
      break;
    }
    snd.splitSkb(seqAdd(start, len)); // tso_fragment(): what is left of the skb is an skb of its own
    if (rtx) {
      t.rtxNxt = end;
    } else {
      t.sndNxt = end;
      t.rtxNxt = end;
      dataSent(c);
      sentNew = true;
    }
    if (len < pcount * mss) t.sndSml = end;
    sent.push(end, c.now, rtx, pcount, t.delivered);
    if (rtx) {
      t.totalRetrans += pcount;
      t.bytesRetrans += len;
    }
    if (t.rtoAt === 0) t.rtoAt = c.now + t.rto;
    t.persistAt = 0;
    t.probes = 0;
    t.probesStamp = -1;
    if (pushOne !== 0) break;
  }
  // tcp_write_xmit(): stopped by the peer's window (tcp_snd_wnd_test) or not
  if (rwndLimited) chronoStart(c, CHRONO_RWND_LIMITED);
  else chronoStop(c, CHRONO_RWND_LIMITED);
  if (sent.packets !== sentBefore || cwndFull || packetsInFlight(c) >= t.cwnd) cwndValidate(c, cwndFull || packetsInFlight(c) >= t.cwnd);
  if (inCwndReduction(t)) t.prrOut += sent.packets - sentBefore; // tcp_write_xmit: prr_out in cwnd reduction
  if (sentNew && !probe) {
    // tcp_event_new_data_sent(): the RTO restarts when nothing was in flight or a probe was pending
    if (priorPackets === 0 || t.rtoIsProbe) rearmRto(c);
    scheduleLossProbe(c, false); // "Send one loss probe per tail loss episode."
  }
  if ((blocked || held || xmitFailed) && sent.count === 0 && t.persistAt === 0 && t.rtoAt === 0) t.persistAt = c.now + probeTimeout(t.rto, t.backoff);
  return xmitFailed;
}

/**
 * tcp_cwnd_validate(): remember whether cwnd limited the sending in this phase (until SND.UNA
 * passes what was sent), or else the most packets out, for tcp_is_cwnd_limited().
 */
function cwndValidate(c: Ctx, limited: boolean): void {
  const t = c.t;
  const packets = c.conn.sent.packets;
  if (!seqLt(t.sndUna, t.cwndUsageSeq) || limited || (!t.cwndLimited && packets > t.maxPacketsOut)) {
    t.cwndLimited = limited;
    t.maxPacketsOut = packets;
    t.cwndUsageSeq = t.sndNxt;
  }
  // "starvation caused by insufficient sender buffer": not cwnd-limited, nothing left unsent,
  // and the writer waits for room (SOCK_NOSPACE)
  const s = t.state;
  if (!isCwndLimited(c) && t.sndNoSpace && seqDiff(c.conn.snd.end, t.sndNxt) <= 0 && (s === 'ESTABLISHED' || s === 'CLOSE-WAIT')) {
    chronoStart(c, CHRONO_SNDBUF_LIMITED);
  }
}

/** tcp_is_cwnd_limited(): cwnd limited this phase, or in slow start below twice the most packets out. */
export function isCwndLimited(c: Ctx): boolean {
  const t = c.t;
  if (t.cwndLimited) return true;
  return t.cwnd < t.ssthresh && t.cwnd < 2 * t.maxPacketsOut;
}

/**
 * tcp_nagle_check() for a partial segment: corked (TCP_CORK, or an MSG_MORE write), or Nagle
 * on with an earlier small segment unacknowledged (RFC 896 with tcp_minshall_check).
 */
function nagleCheck(c: Ctx, more: boolean): boolean {
  const t = c.t;
  if (t.cork || more) return true;
  return !t.nodelay && c.conn.sent.count > 0 && seqGt(t.sndSml, t.sndUna) && seqLe(t.sndSml, t.sndNxt);
}

/**
 * One skb of `len` bytes at `start` leaves as pieces of `piece` bytes: one packet, or the
 * device's software GSO (tcp_gso_segment: PSH and FIN only on the last piece, the skb's urgent
 * pointer on every piece, as 6.18 copies the header). Returns whether
 * it went: the qdisc takes or drops the skb whole, before the device cuts it.
 */
export function transmit(c: Ctx, start: number, len: number, lastFlags: number, piece: number): boolean {
  const snd = c.conn.snd;
  if (len === 0) return emitSegment(c, start, TCP_ACK | lastFlags, EMPTY);
  let went = true;
  for (let off = 0; off < len; off += piece) {
    const n = Math.min(piece, len - off);
    const flags = TCP_ACK | (off + n === len ? lastFlags : 0);
    // a piece of a software GSO split is an skb skb_gso_segment() made, nobody's clone (clone.ts)
    went = emitSegment(c, seqAdd(start, off), flags, snd.view(seqAdd(start, off), n), start, n === len) && went;
  }
  return went;
}

/**
 * tcp_tso_segs() → tcp_tso_autosize(): about 1 ms of the pacing rate plus gso_max_size >>
 * (min RTT in µs >> 9), at most gso_max_size (sk_gso_max_size = 65536 − 321), at least
 * tcp_min_tso_segs.
 */
export function tcpTsoSegs(c: Ctx, mss: number): number {
  const t = c.t;
  const gsoMax = c.conn.cfg.gsoMaxSize;
  const rttUs = Math.floor(t.srtt / 1000);
  const r = rttUs >> 9;
  let bytes = t.srtt > 0 ? Math.floor(((t.cwnd < t.ssthresh ? 2 : 1.2) * t.cwnd * mss * 1e9) / t.srtt / 1024) : 0;
  if (r < 32) bytes += Math.floor(gsoMax / 2 ** r);
  bytes = Math.min(bytes, gsoMax);
  return Math.max(Math.floor(bytes / mss), c.conn.cfg.minTsoSegs);
}

/**
 * tcp_xmit_size_goal(): how big one skb of the write queue may grow — gso_max_size bounded
 * to half the peer's largest window (tcp_bound_to_half_wnd), in whole MSS; one MSS without GSO.
 */
export function sizeGoal(c: Ctx, mss: number): number {
  const gsoMax = c.conn.cfg.gsoMaxSize;
  if (gsoMax <= 0) return mss;
  const t = c.t;
  const half = t.maxWindow > 536 ? t.maxWindow >> 1 : t.maxWindow;
  const goal = half > 0 ? Math.min(gsoMax, half) : gsoMax;
  return Math.max(mss, Math.floor(goal / mss) * mss);
}

/**
 * tcp_mss_split_point(): a super-segment up to `segs` MSS, cut at the window; a corked last
 * skb (`nagle`) leaves its partial tail behind, as does plain Nagle (tcp_nagle_check with a
 * small segment unacknowledged) when the window cuts the skb — the last skb or any other
 * (an skb tcp_grow_skb made longer than the window; real 6.18 in epoll_out_edge). Linux trims for plain Nagle
 * also when the window does not; labwire does so only for a writer a CPU model times
 * (Tcb.writerTimed), because programs without one write in zero time: the 300 000-byte upload (test/fixtures/real/upload300k) sends
 * each 4 KiB write whole, its ACK arriving before the next write, where labwire's next write
 * would find the segment still in flight and split it.
 */
function superSegmentLength(start: number, avail: number, segs: number, mss: number, wndEnd: number, nagle: boolean): number {
  const maxLen = segs * mss;
  const window = seqDiff(wndEnd, start);
  const needed = Math.min(avail, window);
  if (maxLen <= needed) return maxLen;
  const partial = needed % mss;
  return partial !== 0 && nagle ? needed - partial : needed;
}

/** tcp_event_data_sent(): after idle the CC hears TX_START; a reply within ATO of the last receipt counts toward pingpong mode. */
function dataSent(c: Ctx): void {
  const t = c.t;
  if (c.conn.sent.packets === 0) ccTxStart(c); // CA_EVENT_TX_START: sending after idle
  if (c.now - t.lrcvtime < t.ato) t.pingpong = Math.min(t.pingpong + 1, 255);
  t.lsndtime = c.now;
}

/** tcp_probe0_when(): max(rto, TCP_RTO_MIN) << backoff, at most TCP_RTO_MAX. */
export function probeTimeout(rto: number, backoff: number): number {
  return Math.min(Math.max(rto, TCP_RTO_MIN_NS) * 2 ** backoff, TCP_RTO_MAX_NS);
}
