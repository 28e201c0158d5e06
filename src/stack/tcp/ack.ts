/**
 * RFC 9293 §3.10.7.4, "fifth, check the ACK field", with Linux's tcp_ack(): window update
 * (tcp_ack_update_window), SACK tagging, RTT sampling (RFC 6298 with Karn's rule), congestion
 * control (cong.ts: CUBIC or Reno, RFC 5681 slow start), then with SACK RACK and PRR recovery
 * (rack.ts, recovery.ts), without SACK NewReno fast recovery (RFC 6582); in the loss state
 * after a timeout, F-RTO (frto.ts).
 */
import type { TcpSegment } from '../wire/tcp.ts';
import { TCP_ACK, TCP_FIN, TCP_PSH, TCP_SYN } from '../wire/tcp.ts';
import type { Ctx } from './conn.ts';
import type { PeerOptions } from './options.ts';
import { echoedTsRtt, takeRttSample } from './rtt.ts';
import { seqAdd, seqDiff, seqGt, seqLt } from './seq.ts';
import { transition } from './transitions.ts';
import { emitSegment, inCwndReduction, isCwndLimited, pushData, sackedOut, sendMss } from './output.ts';
import { TCP_FASTRETRANS_THRESH, TCP_FIN_TIMEOUT_NS, TCP_INIT_CWND } from './linux.ts';
import { ccCongAvoid, ccPktsAcked, ccRestartAfterIdle, ccSsthresh } from './cong.ts';
import { notsentBytes } from './send.ts';
import { processTlpAck, rearmRto, scheduleLossProbe } from './tlp.ts';
import { processLoss } from './frto.ts';
import { checkReordering, rackAdvance, rackDsackSeen, rackUpdateReoWnd } from './rack.ts';
import { cwndReduction, enterCwr, fastRetransAlert, maybeEndCwr, xmitRetransmitQueue } from './recovery.ts';
import { isEceAck } from './ecn.ts';
import { SACKED } from './sent.ts';
import { CHRONO_BUSY, chronoStop } from './chrono.ts';
import { urgentAcked } from './urgent.ts';
import type { Nanos } from '../nanos.ts';

export type AckVerdict = 'ok' | 'drop';

/** tcp_ack(): returns 'drop' when the segment must be discarded (it acks data never sent, or is too old to be this connection's). */
export function onAck(c: Ctx, seg: TcpSegment, po: PeerOptions): AckVerdict {
  const t = c.t;
  const ack = seg.ack >>> 0;
  // "If the ACK acks something not yet sent (SEG.ACK > SND.NXT) then send an ACK, drop the
  // segment" — Linux drops it silently (tcp_ack returns -SKB_DROP_REASON_TCP_ACK_UNSENT_DATA).
  if (seqGt(ack, t.sndNxt)) return 'drop';
  // "If the ACK is a duplicate (SEG.ACK < SND.UNA), it can be ignored." — but not its SACK
  // blocks: Linux tags them and runs loss recovery, without cwnd changes (tcp_ack's old_ack)
  if (seqLt(ack, t.sndUna)) {
    // RFC 5961 §5.2: below SND.UNA − MAX.SND.WND it acknowledges what was never sent in this
    // connection's life — dropped, challenged; Linux takes min(max_window, bytes_acked)
    if (seqLt(ack, seqAdd(t.sndUna, -Math.min(t.maxWindow, t.bytesAcked)))) return 'drop';
    if (t.sackOk && t.lossHighSeq < 0 && po.sack) oldAckSack(c, po.sack);
    return 'ok';
  }
  const nwin = seg.window * 2 ** t.sndWscale;
  const priorUna = t.sndUna;
  // tcp_ack(): any acceptable ACK shows the peer is alive — zero-window probing may go on forever
  t.probes = 0;
  const windowChanged = updateWindow(c, seg, ack, nwin);
  const advanced = seqGt(ack, priorUna);
  const dup = ack === priorUna && isDupAck(c, seg, windowChanged);
  const hasSack = !!po.sack && po.sack.length > 0;
  const dsack = hasSack && isDsack(po.sack!, ack);
  const notDup = advanced || windowChanged || seg.payload.length > 0 || (hasSack && !dsack);
  const ece = isEceAck(t, seg.flags);
  if (t.sackOk && t.lossHighSeq < 0) {
    sackAck(c, ack, po, advanced, dup, dsack, notDup, ece);
    return 'ok';
  }
  // in the loss state SACKs still deliver (tcp_sacktag_write_queue → tcp_newly_delivered)
  if (t.sackOk && po.sack) t.delivered += sackTag(c, po.sack, freshRateSample()).sacked;
  if (advanced) onNewAck(c, ack, po, ece);
  if (t.lossHighSeq >= 0) processLoss(c, advanced, dup, hasSack);
  if (dup) onDupAck(c);
  if (t.tlpHighSeq >= 0) processTlpAck(c, ack, advanced, dsack, notDup);
  return 'ok';
}

/**
 * tcp_ack() for a SACK connection outside the loss state, in Linux's order: SACK tagging,
 * cleaning the retransmission queue (both feeding RACK), the TLP episode, tcp_fastretrans_alert
 * (RACK, recovery), the TLP/RTO timer unless RACK armed its own, tcp_cong_control (PRR in
 * recovery) and tcp_xmit_recovery.
 */
function sackAck(c: Ctx, ack: number, po: PeerOptions, advanced: boolean, dup: boolean, dsack: boolean, notDup: boolean, ece: boolean): void {
  const t = c.t;
  const priorFack = c.conn.sacked.highest();
  const rs = freshRateSample();
  if (dsack) rackDsackSeen(c, po.sack![0]![0] >>> 0, po.sack![0]![1] >>> 0);
  const tag = po.sack ? sackTag(c, po.sack, rs) : NOTHING_SACKED;
  let reord = tag.reord;
  let delivered = tag.sacked;
  if (advanced) {
    delivered += cleanRtxQueue(c, ack, po, rs);
    const cleanReord = cleaning.reord;
    if (cleanReord >= 0 && (reord < 0 || seqLt(cleanReord, reord))) reord = cleanReord;
  }
  checkReordering(c, reord, priorFack);
  t.delivered += delivered;
  if (rs.sentAt >= 0) rackUpdateReoWnd(c, rs.priorDelivered);
  if (t.tlpHighSeq >= 0) processTlpAck(c, ack, advanced, dsack, notDup);
  const lostBefore = c.conn.sent.lostOut;
  // tcp_ack_is_dubious(): a duplicate, FLAG_CA_ALERT (SACK, ECE, D-SACK), or not TCP_CA_Open
  const dubious = dup || tag.sacked > 0 || dsack || ece || inCwndReduction(t) || c.conn.sent.sackedOut > 0;
  const alert = dubious ? fastRetransAlert(c, dup, tag.sacked > 0, ece) : NO_ALERT;
  if (dup) t.dupAcks += 1;
  // tcp_set_xmit_timer(): RTO or loss probe after an ACK of new data, unless RACK armed its timer
  if (advanced && !alert.reoArmed && !scheduleLossProbe(c, true)) rearmRto(c);
  if (inCwndReduction(t)) cwndReduction(c, delivered, c.conn.sent.lostOut - lostBefore, advanced);
  else if (mayRaiseCwnd(c, advanced, tag.sacked > 0) && isCwndLimited(c)) ccCongAvoid(c, Math.max(delivered, 1));
  if (alert.rexmit) xmitRetransmitQueue(c);
  if (t.finSeq >= 0 && seqGt(ack, t.finSeq)) onFinAcked(c);
}

/**
 * tcp_may_raise_cwnd(): with reordering seen above net.ipv4.tcp_reordering, cwnd grows on any
 * delivery, SACKed or acknowledged ("regardless of its ordering"); else only on in-order
 * delivery (RFC 5681), an ACK that advances SND.UNA.
 */
function mayRaiseCwnd(c: Ctx, advanced: boolean, sacked: boolean): boolean {
  if (c.t.reordering > TCP_FASTRETRANS_THRESH) return advanced || sacked;
  return advanced;
}

const NOTHING_SACKED: { readonly sacked: number; readonly reord: number } = Object.freeze({ sacked: 0, reord: -1 });
const NO_ALERT: { readonly rexmit: boolean; readonly reoArmed: boolean } = Object.freeze({ rexmit: false, reoArmed: false });

/** tcp_ack() for an ACK below SND.UNA carrying SACK blocks: tag, tcp_fastretrans_alert, tcp_xmit_recovery. */
function oldAckSack(c: Ctx, blocks: readonly (readonly [number, number])[]): void {
  const priorFack = c.conn.sacked.highest();
  const tag = sackTag(c, blocks, freshRateSample());
  c.t.delivered += tag.sacked;
  checkReordering(c, tag.reord, priorFack);
  if (fastRetransAlert(c, false, tag.sacked > 0, false).rexmit) xmitRetransmitQueue(c);
}

/**
 * tcp_sacktag_write_queue(): the blocks, cut to whole packets, go on the board and mark the
 * queue's entries; each newly SACKed entry feeds RACK. Returns the packets newly SACKed and the
 * lowest start among those never retransmitted (for tcp_check_sack_reordering), −1 if none.
 */
function sackTag(c: Ctx, blocks: readonly (readonly [number, number])[], rs: RateSample): { sacked: number; reord: number } {
  const t = c.t;
  const sent = c.conn.sent;
  const mss = sendMss(c);
  const whole = blocks.flatMap(([l, r]) => {
    const w = sent.wholePackets(l >>> 0, r >>> 0, t.sndUna, t.sndNxt, mss);
    return w && seqGt(w[1], t.sndUna) && !seqGt(w[1], t.sndNxt) ? [w] : [];
  });
  c.conn.sacked.update(whole, t.sndUna, t.sndNxt);
  let reord = -1;
  let sacked = 0;
  for (const [l, r] of whole) {
    sacked += sent.markSacked(l, r, t.sndUna, mss, (k) => {
      if (t.lossHighSeq < 0) rackAdvance(c, k);
      noteDelivered(c, rs, k);
      const start = sent.startAt(k, t.sndUna);
      if (!sent.everRetransmitted(k) && (reord < 0 || seqLt(start, reord))) reord = start;
    });
  }
  return { sacked, reord };
}

/**
 * The ACK of new data for a SACK connection (tcp_clean_rtx_queue): what it takes off the queue
 * that was not SACKed already is delivered and feeds RACK; an entry never retransmitted filling
 * a hole below the highest SACK shows reordering. Returns the packets delivered; the lowest
 * such start (−1 if none) is left in `cleaning.reord`.
 */
function cleanRtxQueue(c: Ctx, ack: number, po: PeerOptions, rs: RateSample): number {
  const sent = c.conn.sent;
  const run = cleaning;
  run.c = c;
  run.rs = rs;
  run.held = 0;
  run.reord = -1;
  run.start = c.t.sndUna;
  c.conn.snd.release(ack);
  const { acked, firstSentAt, lastSentAt } = sent.ackUpTo(ack, sendMss(c), onCleaned);
  // a GSO entry acknowledged in part delivers its acknowledged packets too (tcp_tso_acked)
  const delivered = Math.max(acked - run.held, 1);
  c.conn.sacked.prune(ack);
  ackBookkeeping(c, ack, po, firstSentAt, lastSentAt);
  return delivered;
}

/**
 * cleanRtxQueue's state while the queue reports each entry to onCleaned: one object and one
 * function for every ACK, not a closure each (an ACK's processing never runs another's).
 */
const cleaning = { c: undefined as unknown as Ctx, rs: undefined as unknown as RateSample, held: 0, reord: -1, start: 0 };

function onCleaned(k: number): void {
  const run = cleaning;
  const c = run.c;
  const sent = c.conn.sent;
  const end = sent.endAt(k);
  if (sent.flagsAt(k) & SACKED) run.held += sent.pcountAt(k);
  else {
    rackAdvance(c, k);
    noteDelivered(c, run.rs, k);
    if (!sent.everRetransmitted(k) && run.reord < 0) run.reord = run.start;
  }
  run.start = end;
}

/** SND.UNA moves: RTT sample (Karn), backoff and probes reset, HyStart's sample. */
function ackBookkeeping(c: Ctx, ack: number, po: PeerOptions, firstSentAt: Nanos, lastSentAt: Nanos): void {
  const t = c.t;
  t.bytesAcked += seqDiff(ack, t.sndUna); // tcp_snd_una_update()
  t.sndUna = ack;
  urgentAcked(t); // tcp_clean_rtx_queue(): snd_up follows SND.UNA out of urgent mode
  if (seqLt(t.rtxNxt, ack)) t.rtxNxt = ack;
  if (c.conn.sent.count === 0) chronoStop(c, CHRONO_BUSY); // tcp_clean_rtx_queue(): the queue is empty
  // RFC 6298 §3 (Karn): sample only segments never retransmitted; else the echoed timestamp (RFC 7323 §4)
  if (firstSentAt >= 0) takeRttSample(c, c.now - firstSentAt);
  else if (t.tsOk && po.hasTs && po.tsecr !== 0) takeRttSample(c, echoedTsRtt(c, po.tsecr));
  t.backoff = 0;
  t.probes = 0;
  t.dupAcks = 0;
  // pkts_acked (HyStart) before cong_avoid, as tcp_clean_rtx_queue() comes before tcp_cong_control()
  ccPktsAcked(c, lastSentAt >= 0 ? Math.floor((c.now - lastSentAt) / 1000) : -1);
}

/** tcp_check_dsack(): the first block lies below the ACK, or inside the second (RFC 2883 §4). */
function isDsack(blocks: readonly (readonly [number, number])[], ack: number): boolean {
  const [b0, b1] = blocks;
  if (!seqGt(b0![1], ack)) return true;
  return !!b1 && !seqGt(b0![1], b1[1]) && !seqLt(b0![0], b1[0]);
}

/**
 * tcp_rate_skb_delivered(): of what an ACK (s)acked, the packet sent last gives the rate
 * sample's prior_delivered (tp->delivered when it left).
 */
interface RateSample {
  priorDelivered: number;
  sentAt: Nanos;
  end: number;
}

/** The one rate sample, emptied for the ACK about to be processed (none outlives its ACK). */
const rateSample: RateSample = { priorDelivered: 0, sentAt: -1, end: 0 };

function freshRateSample(): RateSample {
  rateSample.priorDelivered = 0;
  rateSample.sentAt = -1;
  rateSample.end = 0;
  return rateSample;
}

function noteDelivered(c: Ctx, rs: RateSample, k: number): void {
  const sent = c.conn.sent;
  const at = sent.sentAtOf(k);
  const end = sent.endAt(k);
  if (rs.sentAt < 0 || at > rs.sentAt || (at === rs.sentAt && seqGt(end, rs.end))) {
    rs.priorDelivered = sent.deliveredAtSend(k);
    rs.sentAt = at;
    rs.end = end;
  }
}

/** tcp_ack_update_window(): RFC 9293 "If SND.WL1 < SEG.SEQ or (SND.WL1 = SEG.SEQ and SND.WL2 =< SEG.ACK)". */
function updateWindow(c: Ctx, seg: TcpSegment, ack: number, nwin: number): boolean {
  const t = c.t;
  const seq = seg.seq >>> 0;
  if (seqGt(ack, t.sndUna) || seqGt(seq, t.sndWl1) || (seq === t.sndWl1 && (nwin > t.sndWnd || nwin === 0))) {
    t.sndWl1 = seq;
    t.sndWl2 = ack;
    if (t.sndWnd !== nwin) {
      t.sndWnd = nwin;
      // a new window with data waiting may end an idle period (tcp_slow_start_after_idle_check)
      if (notsentBytes(c.conn, t) > 0) ccRestartAfterIdle(c, TCP_INIT_CWND);
      if (nwin > t.maxWindow) t.maxWindow = nwin;
      return true;
    }
  }
  return false;
}

/** RFC 5681 §2, "DUPLICATE ACKNOWLEDGMENT" (a)–(e). */
function isDupAck(c: Ctx, seg: TcpSegment, windowChanged: boolean): boolean {
  const t = c.t;
  return (
    t.sndUna !== t.sndNxt && seg.payload.length === 0 && (seg.flags & (TCP_SYN | TCP_FIN)) === 0 && !windowChanged
  );
}

/** The ACK of new data without SACK, or in the loss state (F-RTO, frto.ts). */
function onNewAck(c: Ctx, ack: number, po: PeerOptions, ece: boolean): void {
  const t = c.t;
  const conn = c.conn;
  // tp->delivered: packets the peer held already (SACKed, or reno's dupACK count) are not
  // delivered again (tcp_clean_rtx_queue, tcp_remove_reno_sacks: at least one)
  const heldBefore = t.sackOk ? conn.sacked.packets(sendMss(c), ack) : sackedOut(c);
  conn.snd.release(ack);
  const { acked, firstSentAt, lastSentAt } = conn.sent.ackUpTo(ack, sendMss(c));
  if (t.sackOk) conn.sacked.prune(ack);
  ackBookkeeping(c, ack, po, firstSentAt, lastSentAt);
  const delivered = Math.max(acked - heldBefore, 1);
  t.delivered += delivered;
  congestionOnAck(c, ack, delivered, ece);
  // RFC 6298 §5.2/5.3: stop the timer when all is acknowledged, else restart it — or arm the
  // tail loss probe in its place (tcp_set_xmit_timer)
  if (!scheduleLossProbe(c, true)) rearmRto(c);
  if (t.finSeq >= 0 && seqGt(ack, t.finSeq)) onFinAcked(c);
}


function congestionOnAck(c: Ctx, ack: number, acked: number, ece: boolean): void {
  const t = c.t;
  if (t.lossHighSeq < 0) {
    // CWR without SACK as tcp_fastretrans_alert() and tcp_cong_control() run it for Reno
    maybeEndCwr(c);
    if (ece && t.recover < 0) enterCwr(c);
    if (t.cwrHigh >= 0) {
      cwndReduction(c, acked, 0, true);
      return;
    }
  }
  if (t.recover >= 0) {
    if (seqLt(ack, t.recover)) {
      // RFC 6582 §3.2 step 5: partial ACK — retransmit the next unacknowledged segment
      retransmitHead(c);
      return;
    }
    // full ACK: leave fast recovery with cwnd = ssthresh (RFC 6582 §3.2 step 6)
    t.cwnd = t.ssthresh;
    t.recover = -1;
    return;
  }
  // Linux tcp_is_cwnd_limited(): grow only when the window was actually used
  if (!isCwndLimited(c)) return;
  ccCongAvoid(c, acked); // slow start (RFC 5681 §3.1), then CUBIC or Reno (cong.ts)
}

function onDupAck(c: Ctx): void {
  const t = c.t;
  const heldBefore = sackedOut(c);
  t.dupAcks += 1;
  // tcp_add_reno_sack(): without SACK a duplicate ACK stands for a packet delivered, while
  // sacked_out may grow (tcp_limit_reno_sacked)
  if (!t.sackOk) t.delivered += sackedOut(c) - heldBefore;
  if (t.recover >= 0) {
    // RFC 5681 §3.2 step 4: each further duplicate ACK inflates cwnd by one, new data may go
    t.cwnd += 1;
    pushData(c);
    return;
  }
  const lost = t.dupAcks >= TCP_FASTRETRANS_THRESH;
  if (!lost) return;
  // RFC 5681 §3.2 steps 2–3 with Linux's ssthresh (tcp_init_cwnd_reduction: the CC's ssthresh()); retransmit; enter recovery
  t.ssthresh = ccSsthresh(c);
  t.cwnd = t.ssthresh;
  t.recover = t.sndNxt;
  retransmitHead(c);
}

/** Retransmits the first unacknowledged segment now (fast retransmit); one the device drops is counted as tried only (__tcp_retransmit_skb). */
export function retransmitHead(c: Ctx): void {
  const t = c.t;
  const snd = c.conn.snd;
  const dataEnd = seqAdd(snd.baseSeq, snd.length);
  const avail = Math.max(0, seqDiff(t.sndNxt, t.sndUna) - (t.finSeq >= 0 && seqLt(t.finSeq, t.sndNxt) ? 1 : 0));
  const len = Math.min(sendMss(c), avail, Math.max(0, seqDiff(dataEnd, t.sndUna)));
  const fin = t.finSeq >= 0 && seqAdd(t.sndUna, len) === t.finSeq && seqLt(t.finSeq, t.sndNxt);
  if (len === 0 && !fin) return;
  const push = snd.hasPushMark(t.sndUna, seqAdd(t.sndUna, len)) ? TCP_PSH : 0;
  t.totalRetrans += 1;
  t.bytesRetrans += len;
  if (!emitSegment(c, t.sndUna, TCP_ACK | push | (fin ? TCP_FIN : 0), snd.view(t.sndUna, len))) {
    c.conn.sent.markTried(0, c.now);
    return;
  }
  c.conn.sent.markRetransmitted();
  t.rtoAt = c.now + t.rto;
  t.rtoIsProbe = false;
  t.rtoIsReo = false;
}

/** Our FIN is acknowledged: FIN-WAIT-1 → FIN-WAIT-2, CLOSING → TIME-WAIT, LAST-ACK → CLOSED. */
function onFinAcked(c: Ctx): void {
  const t = c.t;
  if (t.state === 'FIN-WAIT-1') {
    transition(c, 'rcv-ack-of-fin', 'our FIN was acknowledged');
    // Linux: an orphaned FIN-WAIT-2 lives tcp_fin_timeout (60 s), then goes away silently
    if (t.orphan) t.timewaitAt = c.now + TCP_FIN_TIMEOUT_NS;
  } else if (t.state === 'CLOSING') transition(c, 'rcv-ack-of-fin', 'our FIN was acknowledged');
  else if (t.state === 'LAST-ACK') transition(c, 'rcv-ack-of-fin', 'our FIN was acknowledged');
}
