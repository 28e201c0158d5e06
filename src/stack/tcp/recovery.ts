/**
 * SACK loss recovery as Linux 6.x runs it (tcp_input.c tcp_fastretrans_alert, tcp_enter_recovery,
 * tcp_cwnd_reduction; tcp_output.c tcp_xmit_retransmit_queue): RACK (rack.ts) marks packets
 * lost; a lost packet starts fast recovery (tcp_time_to_recover: "the loss is proven"), which
 * lasts until SND.UNA passes what was sent when it began (high_seq, here `recover`). With
 * net.ipv4.tcp_recovery 0 the duplicate-ACK rule and marking from the head take RACK's place.
 *
 * Proportional Rate Reduction (RFC 6937, tcp_cwnd_reduction) sets cwnd on every ACK in
 * recovery: while more than ssthresh is in flight, sending follows ssthresh/prior_cwnd of what
 * was delivered; below it, slow start up to ssthresh (PRR-SS), at least one packet so the fast
 * retransmit goes at once. The retransmission queue then resends lost packets, never SACKed or
 * already resent ones, as far as cwnd allows (tcp_xmit_retransmit_queue); new data follows
 * within the same cwnd (tcp_data_snd_check). Leaving recovery sets cwnd to ssthresh
 * (tcp_end_cwnd_reduction). Undo on DSACK or timestamps is not modelled.
 */
import type { Ctx } from './conn.ts';
import { TCP_FIN, TCP_PSH } from '../wire/tcp.ts';
import { LOST, RETRANS, SACKED } from './sent.ts';
import { seqAdd, seqDiff, seqGt, seqLt } from './seq.ts';
import { queueCwr } from './ecn.ts';
import { ccSsthresh } from './cong.ts';
import { inCwndReduction, packetsInFlight, sendMss, tcpTsoSegs, transmit } from './output.ts';
import { rackDetectLoss, rackMarkLost } from './rack.ts';
import { rearmRto } from './tlp.ts';

/**
 * tcp_enter_recovery(): from CWR the reduction under way goes on, to the same high_seq
 * (tcp_in_cwnd_reduction); else tcp_init_cwnd_reduction() begins one.
 */
export function enterRecovery(c: Ctx): void {
  const t = c.t;
  if (t.cwrHigh >= 0) {
    t.recover = t.cwrHigh;
    t.cwrHigh = -1;
    return;
  }
  t.priorSsthresh = t.ssthresh;
  initCwndReduction(c);
  t.recover = t.sndNxt;
}

/** tcp_enter_cwr(): an ECE (ecn.ts isEceAck) outside recovery begins a reduction to the CC's ssthresh, state CWR. */
export function enterCwr(c: Ctx): void {
  const t = c.t;
  t.priorSsthresh = 0;
  if (inCwndReduction(t) || t.lossHighSeq >= 0) return; // icsk_ca_state < TCP_CA_CWR only
  initCwndReduction(c);
  t.cwrHigh = t.sndNxt;
}

/** tcp_init_cwnd_reduction(): remember cwnd, take the CC's ssthresh, PRR from zero, CWR to the peer. */
function initCwndReduction(c: Ctx): void {
  const t = c.t;
  t.priorCwnd = t.cwnd;
  t.ssthresh = ccSsthresh(c);
  t.tlpHighSeq = -1;
  t.cwndCnt = 0;
  t.prrDelivered = 0;
  t.prrOut = 0;
  queueCwr(t);
}

/**
 * tcp_fastretrans_alert()'s exit from CWR: "CWR is to be held something *above* high_seq is
 * ACKed for CWR bit to reach receiver", then tcp_end_cwnd_reduction(): cwnd = ssthresh.
 */
export function maybeEndCwr(c: Ctx): void {
  const t = c.t;
  if (t.cwrHigh < 0 || !seqGt(t.sndUna, t.cwrHigh)) return;
  t.cwrHigh = -1;
  t.cwnd = t.ssthresh;
}

/** tcp_cwnd_reduction(): PRR's cwnd for this ACK. */
export function cwndReduction(c: Ctx, newlyAckedSacked: number, newlyLost: number, unaAdvanced: boolean): void {
  const t = c.t;
  if (newlyAckedSacked <= 0 || t.priorCwnd === 0) return;
  t.prrDelivered += newlyAckedSacked;
  const inFlight = packetsInFlight(c);
  const delta = t.ssthresh - inFlight;
  let sndcnt: number;
  if (delta < 0) {
    sndcnt = Math.floor((t.ssthresh * t.prrDelivered + t.priorCwnd - 1) / t.priorCwnd) - t.prrOut;
  } else {
    sndcnt = Math.max(t.prrDelivered - t.prrOut, newlyAckedSacked);
    if (unaAdvanced && newlyLost === 0) sndcnt++;
    sndcnt = Math.min(delta, sndcnt);
  }
  // "Force a fast retransmit upon entering fast recovery"
  sndcnt = Math.max(sndcnt, t.prrOut ? 0 : 1);
  t.cwnd = inFlight + sndcnt;
}

export interface AlertResult {
  /** lost packets are to be resent (REXMIT_LOST) */
  readonly rexmit: boolean;
  /** RACK armed its reordering timer: the ACK leaves the timer alone */
  readonly reoArmed: boolean;
}

/**
 * tcp_fastretrans_alert() for a SACK connection outside the loss state, on a "dubious" ACK
 * (a duplicate, new SACK information, or not in the open state): leave recovery once
 * high_seq is acknowledged, mark losses with RACK, and enter recovery when one is proven —
 * or, with net.ipv4.tcp_recovery 0 on a kernel before 6.18 (TcpConfig.rackAlways), by the
 * duplicate-ACK threshold, marking from the head.
 */
export function fastRetransAlert(c: Ctx, dup: boolean, newlySacked: boolean, ece: boolean): AlertResult {
  const t = c.t;
  const sent = c.conn.sent;
  maybeEndCwr(c);
  if (t.recover >= 0 && !seqLt(t.sndUna, t.recover)) endRecovery(c);
  const rack = (c.conn.cfg.recovery & 1) !== 0 || c.conn.cfg.rackAlways;
  const reoArmed = rack && rackMarkLost(c);
  let fastRexmit = false;
  if (t.recover < 0) {
    // tcp_time_to_recover(): "the loss is proven", or without RACK the duplicate-ACK rule
    // (tcp_dupack_heuristics: sacked_out + 1 > tp->reordering)
    if (sent.lostOut === 0 && (rack || sent.sackedOut + 1 <= t.reordering)) {
      if (ece) enterCwr(c); // tcp_try_to_open()
      return { rexmit: false, reoArmed };
    }
    enterRecovery(c);
    fastRexmit = true;
  }
  if (!rack && (fastRexmit || dup || (newlySacked && forceFastRetransmit(c)))) updateScoreboard(c, fastRexmit);
  return { rexmit: true, reoArmed };
}

/** tcp_force_fast_retransmit(): the highest SACK is more than tp->reordering packets above SND.UNA. */
function forceFastRetransmit(c: Ctx): boolean {
  const high = c.conn.sacked.highest();
  return high >= 0 && seqDiff(high, c.t.sndUna) > c.t.reordering * c.t.mss;
}

/**
 * tcp_update_scoreboard() → tcp_mark_head_lost() (tcp_recovery 0): from the oldest packet, what
 * is not SACKed is lost until more than sacked_out − reordering SACKed packets are passed; on the
 * fast retransmit at least the head.
 */
function updateScoreboard(c: Ctx, fastRexmit: boolean): void {
  const sent = c.conn.sent;
  const upto = sent.sackedOut - c.t.reordering;
  if (upto < 0 && !fastRexmit) return;
  const packets = upto >= 0 ? upto : 1;
  let cnt = 0;
  for (let k = 0; k < sent.count; k++) {
    if (sent.flagsAt(k) & SACKED) cnt += sent.pcountAt(k);
    if (cnt > packets) break;
    if (!(sent.flagsAt(k) & LOST)) sent.markLost(k);
    if (upto < 0) break; // mark_head: the head only
  }
}

/** tcp_try_undo_recovery() without undo, then tcp_end_cwnd_reduction(): back to open with cwnd = ssthresh. */
function endRecovery(c: Ctx): void {
  const t = c.t;
  if (t.reoWndPersist > 0) t.reoWndPersist -= 1; // tcp_try_undo_recovery() without undo
  t.recover = -1;
  t.cwnd = t.ssthresh;
}

/** Lost packets are counted in prr_out while a reduction lasts (tcp_in_cwnd_reduction). */
export function countPrrOut(c: Ctx, packets: number): void {
  if (inCwndReduction(c.t)) c.t.prrOut += packets;
}

/**
 * tcp_xmit_retransmit_queue(): resend lost packets in order while cwnd has room and fewer are
 * resent than lost; a GSO entry goes in as many MSS as the room allows (tcp_fragment). An
 * entry sent before the MSS fell (ICMP "fragmentation needed", pmtu.ts) counts again in the
 * current MSS (__tcp_retransmit_skb: tcp_set_skb_tso_segs), or is cut to one MSS where the
 * device takes no GSO packets.
 */
export function xmitRetransmitQueue(c: Ctx): void {
  const t = c.t;
  const sent = c.conn.sent;
  const mss = sendMss(c);
  const gso = c.conn.cfg.gsoMaxSize > 0;
  let rearm = false;
  for (let k = 0; k < sent.count; k++) {
    const room = t.cwnd - packetsInFlight(c);
    if (room <= 0 || sent.retransOut >= sent.lostOut) break;
    const f = sent.flagsAt(k);
    if (!(f & LOST) || f & (SACKED | RETRANS)) continue;
    // __tcp_retransmit_skb(): at most the room, and tcp_tso_segs() per GSO packet, in the current MSS
    const start = sent.startAt(k, t.sndUna);
    const data = entryDataBytes(c, k);
    if (data > sent.pcountAt(k) * mss) sent.setPcount(k, Math.ceil(data / mss)); // sent before the MSS fell
    const segs = Math.min(room, gso ? tcpTsoSegs(c, mss) : 1);
    if (data > segs * mss) sent.split(k, seqAdd(start, segs * mss), t.sndUna, mss);
    if (!resend(c, k)) break; // tcp_retransmit_skb() failed (the device dropped it): "break"
    countPrrOut(c, sent.pcountAt(k));
    if (k === 0 && !t.rtoIsReo) rearm = true;
  }
  if (rearm) {
    t.rtoAt = c.now + t.rto;
    t.rtoIsProbe = false;
    t.rtoIsReo = false;
  }
}

/** the data bytes of the queue's entry k (its FIN aside) */
export function entryDataBytes(c: Ctx, k: number): number {
  const t = c.t;
  const end = c.conn.sent.endAt(k);
  return seqDiff(end, c.conn.sent.startAt(k, t.sndUna)) - (t.finSeq >= 0 && end === seqAdd(t.finSeq, 1) ? 1 : 0);
}

/**
 * Entry k of the queue goes out again as it was (PSH as its skb had it; every GSO packet has
 * it). The attempt counts in total_retrans / bytes_retrans whatever comes of it
 * (__tcp_retransmit_skb counts before it transmits); one the device drops is not marked
 * retransmitted (tcp_retransmit_skb does that only on success): false.
 */
function resend(c: Ctx, k: number): boolean {
  const t = c.t;
  const sent = c.conn.sent;
  const snd = c.conn.snd;
  const start = sent.startAt(k, t.sndUna);
  const end = sent.endAt(k);
  const fin = t.finSeq >= 0 && end === seqAdd(t.finSeq, 1);
  const len = seqDiff(end, start) - (fin ? 1 : 0);
  const pcount = sent.pcountAt(k);
  const push = pcount > 1 || snd.hasPushMark(start, seqAdd(start, len)) ? TCP_PSH : 0;
  t.totalRetrans += pcount;
  t.bytesRetrans += len;
  if (!transmit(c, start, len, push | (fin ? TCP_FIN : 0), pcount > 1 && c.conn.cfg.softwareGso === true ? sendMss(c) : len)) {
    sent.markTried(k, c.now);
    return false;
  }
  sent.markResent(k, c.now, t.delivered);
  return true;
}

/**
 * tcp_rack_reo_timeout(): the reordering window has passed. What RACK now deems lost starts
 * recovery (one packet's worth of PRR) and goes out; the RTO is armed again from the oldest
 * packet's send time unless a retransmission of it armed it already.
 */
export function rackReoTimeout(c: Ctx): void {
  const t = c.t;
  const prior = packetsInFlight(c);
  const lostBefore = c.conn.sent.lostOut;
  rackDetectLoss(c);
  if (prior !== packetsInFlight(c)) {
    if (t.recover < 0) {
      enterRecovery(c);
      cwndReduction(c, 1, c.conn.sent.lostOut - lostBefore, false);
    }
    xmitRetransmitQueue(c);
  }
  if (t.rtoIsReo) rearmRto(c);
}

