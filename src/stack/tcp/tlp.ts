/**
 * Tail loss probe (RFC 8985 §7, Linux tcp_schedule_loss_probe / tcp_send_loss_probe /
 * tcp_process_tlp_ack), with net.ipv4.tcp_early_retrans = 3 (Linux's default: TLP on).
 *
 * While a SACK connection is in the open state (no recovery, no duplicate ACKs, no RTO
 * retransmission under way), the retransmission timer slot holds a probe timeout of 2·SRTT
 * (+ TCP_RTO_MIN with one packet in flight, for the peer's delayed ACK; + 2 ms otherwise), never
 * later than the RTO would fire. When it fires, one segment goes out: new data if the window
 * allows, else the last MSS sent again, so that a lost tail gets SACK feedback instead of an
 * RTO. At most one probe per tail (tlpHighSeq); the RTO is armed again behind it.
 */
import type { Ctx } from './conn.ts';
import { TCP_ACK, TCP_FIN, TCP_PSH } from '../wire/tcp.ts';
import { caState, emitSegment, pushData, sendMss } from './output.ts';
import { seqAdd, seqDiff, seqGt, seqLt } from './seq.ts';
import { ccSsthresh } from './cong.ts';
import { TCP_RTO_MIN_NS, TCP_TIMEOUT_INIT_NS, TCP_TIMEOUT_MIN_NS, MS } from './linux.ts';

/** the open state (TCP_CA_Open): no fast recovery, no duplicate ACKs, no RTO retransmission pending */
function caOpen(c: Ctx): boolean {
  const t = c.t;
  return caState(c.conn, t) === 0 && t.dupAcks === 0 && t.backoff === 0 && !seqLt(t.rtxNxt, t.sndNxt);
}

/** tcp_rto_delta_us(): how far in the future the RTO of the oldest packet in flight is. */
function rtoDelta(c: Ctx): number {
  const head = c.conn.sent.headSentAt();
  return head < 0 ? c.t.rto : head + c.t.rto - c.now;
}

/**
 * tcp_schedule_loss_probe(): arm the probe timeout in the retransmission timer's slot; false
 * when the connection may not probe (the caller then keeps or rearms the RTO).
 */
export function scheduleLossProbe(c: Ctx, advancingRto: boolean): boolean {
  const t = c.t;
  const sent = c.conn.sent;
  if (c.conn.cfg.earlyRetrans !== 3 && c.conn.cfg.earlyRetrans !== 4) return false;
  if (sent.packets === 0 || !t.sackOk || !caOpen(c)) return false;
  let timeout = TCP_TIMEOUT_INIT_NS;
  if (t.srtt > 0) {
    // "Probe timeout is 2*rtt. Add minimum RTO to account for delayed ack when there's one outstanding packet."
    const us = 2 * t.srtt + (sent.packets === 1 ? TCP_RTO_MIN_NS : TCP_TIMEOUT_MIN_NS);
    timeout = Math.ceil(us / MS) * MS; // usecs_to_jiffies()
  }
  // "If the RTO formula yields an earlier time, then use that time."
  const delta = advancingRto ? t.rto : rtoDelta(c);
  if (delta > 0) timeout = Math.min(timeout, Math.ceil(delta / MS) * MS);
  t.rtoAt = c.now + timeout;
  t.rtoIsProbe = true;
  t.rtoIsReo = false;
  return true;
}

/** tcp_rearm_rto(): the RTO counts from the oldest packet in flight when it replaces a probe or RACK's reordering timer. */
export function rearmRto(c: Ctx): void {
  const t = c.t;
  if (c.conn.sent.packets === 0 && t.sndUna === t.sndNxt) {
    t.rtoAt = 0;
  } else if (t.rtoIsProbe || t.rtoIsReo) {
    t.rtoAt = c.now + Math.max(Math.ceil(rtoDelta(c) / MS) * MS, MS);
  } else {
    t.rtoAt = c.now + t.rto;
  }
  t.rtoIsProbe = false;
  t.rtoIsReo = false;
}

/** tcp_send_loss_probe(): the probe timeout fired. */
export function sendLossProbe(c: Ctx): void {
  const t = c.t;
  if (t.tlpHighSeq >= 0) return rearmRto(c); // "At most one outstanding TLP"
  t.tlpRetrans = false;
  const before = c.conn.sent.packets;
  const nxt = t.sndNxt;
  // new data the device dropped: "goto rearm_timer" (tcp_write_xmit sent nothing)
  if (pushData(c, 2)) return rearmRto(c);
  if (c.conn.sent.packets > before && t.sndNxt !== nxt) return probeSent(c);
  if (!retransmitTail(c)) return rearmRto(c);
  t.tlpRetrans = true;
  probeSent(c);
}

function probeSent(c: Ctx): void {
  const t = c.t;
  t.tlpHighSeq = t.sndNxt; // "Record snd_nxt for loss detection."
  t.rtoIsProbe = false; // "Reset s.t. tcp_rearm_rto will restart timer from now"
  rearmRto(c);
}

/** The last MSS of the last packet in flight, sent again (FIN included when it carried one). */
function retransmitTail(c: Ctx): boolean {
  const t = c.t;
  const snd = c.conn.snd;
  const last = c.conn.sent.lastStart(t.sndUna);
  if (last < 0) return false;
  const hasFin = t.finSeq >= 0 && seqLt(t.finSeq, t.sndNxt);
  const dataEnd = hasFin ? t.finSeq : t.sndNxt;
  const mss = sendMss(c);
  const start = seqDiff(dataEnd, last) > mss ? seqAdd(dataEnd, -mss) : last;
  const len = Math.max(0, seqDiff(dataEnd, start));
  if (len === 0 && !hasFin) return false;
  const push = len > 0 && snd.hasPushMark(start, dataEnd) ? TCP_PSH : 0;
  t.totalRetrans += 1; // __tcp_retransmit_skb() counts the attempt before it transmits
  t.bytesRetrans += len;
  // the device dropped it: "goto rearm_timer", counting from this attempt (SentQueue.markTried)
  if (!emitSegment(c, start, TCP_ACK | push | (hasFin ? TCP_FIN : 0), len > 0 ? snd.view(start, len) : new Uint8Array(0))) {
    c.conn.sent.markTried(c.conn.sent.count - 1, c.now);
    return false;
  }
  c.conn.sent.markLastRetransmitted();
  return true;
}

/**
 * tcp_process_tlp_ack(): an ACK at or past the probe's snd_nxt ends the episode. If the probe
 * was a retransmission and the ACK goes beyond it, a loss was repaired: cwnd is reduced once
 * (tcp_init_cwnd_reduction + tcp_end_cwnd_reduction: cwnd = ssthresh). A pure duplicate ACK
 * means the original and the probe both arrived.
 */
export function processTlpAck(c: Ctx, ack: number, unaAdvanced: boolean, dsack: boolean, notDup: boolean): void {
  const t = c.t;
  if (t.tlpHighSeq < 0 || seqLt(ack, t.tlpHighSeq)) return;
  if (!t.tlpRetrans || dsack) {
    t.tlpHighSeq = -1;
  } else if (seqGt(ack, t.tlpHighSeq)) {
    t.ssthresh = ccSsthresh(c);
    t.cwnd = t.ssthresh;
    t.cwndCnt = 0;
    t.tlpHighSeq = -1;
  } else if (!unaAdvanced && !notDup) {
    t.tlpHighSeq = -1;
  }
}
