/**
 * RACK-TLP loss detection (RFC 8985; Linux net/ipv4/tcp_recovery.c, net.ipv4.tcp_recovery = 1):
 * a packet is lost when a packet sent after it was (s)acked and more than an RTT plus the
 * reordering window has passed since it was sent. Until then the reordering timer (in the
 * retransmission timer's slot, ICSK_TIME_REO_TIMEOUT) waits for the rest of the window.
 *
 * The window (tcp_rack_reo_wnd) is 0 while no reordering was seen and either recovery is under
 * way or tcp_reordering (3) packets are SACKed — the duplicate-ACK threshold, kept as a fast
 * path — else min_rtt/4 per step, at most SRTT. Reordering is seen when a packet never
 * retransmitted is (s)acked below the highest SACKed sequence (tcp_check_sack_reordering),
 * which also raises tp->reordering to the distance in packets.
 */
import type { Ctx } from './conn.ts';
import type { Nanos } from '../nanos.ts';
import { LOST, RETRANS, SACKED } from './sent.ts';
import { seqGt, seqLt } from './seq.ts';
import { MS, TCP_MAX_REORDERING, TCP_RACK_RECOVERY_THRESH, TCP_RACK_STATIC_REO_WND, TCP_TIMEOUT_MIN_NS } from './linux.ts';

/** tcp_skb_sent_after(): sent later, or at the same time with a later end. */
function sentAfter(t1: Nanos, t2: Nanos, seq1: number, seq2: number): boolean {
  return t1 > t2 || (t1 === t2 && seqGt(seq1, seq2));
}

/** tcp_rack_advance(): entry k of the queue was (s)acked just now. */
export function rackAdvance(c: Ctx, k: number): void {
  const t = c.t;
  const sent = c.conn.sent;
  const at = sent.sentAtOf(k);
  const rtt = c.now - at;
  // "If the sacked packet was retransmitted, it's ambiguous whether the retransmission or the
  // original (or the prior retransmission) was sacked."
  if (sent.everRetransmitted(k) && rtt < t.minRtt) return;
  t.rackAdvanced = true;
  t.rackRtt = rtt;
  const end = sent.endAt(k);
  if (sentAfter(at, t.rackMstamp, end, t.rackEndSeq)) {
    t.rackMstamp = at;
    t.rackEndSeq = end;
  }
}

/** tcp_rack_reo_wnd() */
function reoWnd(c: Ctx): Nanos {
  const t = c.t;
  if (!t.reordSeen) {
    if (t.recover >= 0 || t.lossHighSeq >= 0) return 0;
    if (c.conn.sent.sackedOut >= t.reordering) return 0;
  }
  const minRttUs = Math.floor(t.minRtt / 1000);
  return Math.min((minRttUs >> 2) * t.reoWndSteps * 1000, t.srtt);
}

/**
 * tcp_rack_detect_loss(): marks what RACK deems lost; returns how long the least overdue of the
 * rest still has (0: none waits).
 */
export function rackDetectLoss(c: Ctx): Nanos {
  const t = c.t;
  const sent = c.conn.sent;
  const wnd = reoWnd(c);
  let wait = 0;
  for (let k = 0; k < sent.count; k++) {
    const f = sent.flagsAt(k);
    if (f & SACKED) continue;
    if (f & LOST && !(f & RETRANS)) continue; // "Skip ones marked lost but not yet retransmitted"
    const at = sent.sentAtOf(k);
    if (!sentAfter(t.rackMstamp, at, t.rackEndSeq, sent.endAt(k))) continue;
    const remaining = t.rackRtt + wnd - (c.now - at);
    if (remaining <= 0) sent.markLost(k);
    else if (remaining > wait) wait = remaining;
  }
  return wait;
}

/**
 * tcp_rack_mark_lost(): after an ACK with new RACK information. Arms the reordering timer
 * when a packet still waits; true then (the ACK's own timer setting is skipped).
 */
export function rackMarkLost(c: Ctx): boolean {
  const t = c.t;
  if (!t.rackAdvanced) return false;
  t.rackAdvanced = false;
  const wait = rackDetectLoss(c);
  if (wait === 0) return false;
  // usecs_to_jiffies(timeout) + TCP_TIMEOUT_MIN, at most the RTO (inet_csk_reset_xmit_timer)
  const us = Math.ceil(wait / 1000);
  t.rtoAt = c.now + Math.min(Math.ceil(us / 1000) * MS + TCP_TIMEOUT_MIN_NS, t.rto);
  t.rtoIsProbe = false;
  t.rtoIsReo = true;
  return true;
}

/**
 * tcp_check_sack_reordering(): `low` is the lowest start of what this ACK (s)acked that was
 * never retransmitted; below the highest SACKed sequence it shows reordering.
 */
export function checkReordering(c: Ctx, low: number, highestSacked: number): void {
  const t = c.t;
  if (low < 0 || highestSacked < 0 || !seqLt(low, highestSacked)) return;
  const mss = t.mss;
  const metric = (highestSacked - low) >>> 0;
  if (metric > t.reordering * mss) t.reordering = Math.min(Math.ceil(metric / mss), TCP_MAX_REORDERING);
  t.reordSeen += 1;
}

/**
 * tcp_dsack_seen(): a D-SACK for [start, end). One that the sender's retransmissions explain,
 * after reordering was seen and not for a loss probe, asks RACK for a wider window: a
 * retransmission RACK triggered may have been spurious.
 */
export function rackDsackSeen(c: Ctx, start: number, end: number): void {
  const t = c.t;
  if (!seqLt(start, end)) return;
  const len = (end - start) >>> 0;
  if (len > t.maxWindow) return; // "Dubious DSACK: DSACKed range greater than maximum advertised rwnd"
  let dupSegs = 1;
  let tlp = false;
  if (len > t.mss) dupSegs = Math.ceil(len / t.mss);
  else if (t.tlpHighSeq >= 0 && t.tlpHighSeq === end) tlp = true;
  t.dsackDups += dupSegs;
  if (t.dsackDups > t.totalRetrans) return; // "Skip the DSACK if dup segs weren't retransmitted by sender"
  if (t.reordSeen && !tlp) t.rackDsackSeen = true;
}

/**
 * tcp_rack_update_reo_wnd(): after the ACK's (s)acked packets are counted. `priorDelivered` is
 * tp->delivered when the newest of them was sent (the rate sample's prior_delivered): a D-SACK
 * less than a round after the last widening is ignored; else the window grows a step and
 * stays for TCP_RACK_RECOVERY_THRESH recoveries, after which it falls back to one step.
 */
export function rackUpdateReoWnd(c: Ctx, priorDelivered: number): void {
  const t = c.t;
  if (c.conn.cfg.recovery & TCP_RACK_STATIC_REO_WND || priorDelivered === 0) return;
  if (priorDelivered < t.rackLastDelivered) t.rackDsackSeen = false;
  if (t.rackDsackSeen) {
    t.reoWndSteps = Math.min(0xff, t.reoWndSteps + 1);
    t.rackDsackSeen = false;
    t.rackLastDelivered = t.delivered;
    t.reoWndPersist = TCP_RACK_RECOVERY_THRESH;
  } else if (t.reoWndPersist === 0) {
    t.reoWndSteps = 1;
  }
}
