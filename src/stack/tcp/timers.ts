/**
 * TIMEOUTS (RFC 9293 §3.10.8) as Linux runs them: tcp_retransmit_timer() (RFC 6298 §5.4–5.7
 * with tcp_enter_loss), tcp_probe_timer() for zero windows and for data the device would not
 * take, tcp_delack_timer_handler(), keepalive, and the 2MSL TIME-WAIT (60 s, TCP_TIMEWAIT_LEN).
 * A retransmission or probe the local device drops (NET_XMIT_DROP, Ctx.xmitDrops) backs off
 * nothing and is tried again after TCP_RESOURCE_PROBE_INTERVAL; TCP_USER_TIMEOUT bounds the
 * probes (tcp_clamp_probe0_to_user_timeout, icsk_probes_tstamp).
 */
import { ETIMEDOUT } from '../abi/errno.ts';
import { TCP_ACK, TCP_PSH } from '../wire/tcp.ts';
import type { Ctx, TcpTimer } from './conn.ts';
import { assertNever } from './never.ts';
import { rtoBackoff } from './rto.ts';
import { seqAdd, seqDiff, seqGt, seqLe } from './seq.ts';
import { inUrgentMode } from './urgent.ts';
import { fail, transition } from './transitions.ts';
import { ccOnLoss, ccSsthresh } from './cong.ts';
import { sendLossProbe } from './tlp.ts';
import { rackReoTimeout } from './recovery.ts';
import { enterLoss, lossRetransmitted } from './frto.ts';
import { emitSegment, probeTimeout, pushData, sendAck, sendMss, sendSyn } from './output.ts';
import { queueCwr } from './ecn.ts';
import {
  TCP_ATO_MIN_NS, TCP_KEEPALIVE_INTVL_NS, TCP_KEEPALIVE_PROBES, TCP_ORPHAN_RETRIES, TCP_PINGPONG_THRESH,
  TCP_RESOURCE_PROBE_INTERVAL_NS, TCP_RETRIES2, TCP_SYN_RETRIES, TCP_SYNACK_RETRIES, TCP_TIMEOUT_MIN_JIFFIES, tcpJiffies,
} from './linux.ts';

const EMPTY = new Uint8Array(0);

/** Fires one timer if its deadline has passed (a stale or cancelled deadline does nothing). */
export function onTimer(c: Ctx, timer: TcpTimer): void {
  const t = c.t;
  switch (timer) {
    case 'rto':
      if (t.rtoAt === 0 || t.rtoAt > c.now) return;
      t.rtoAt = 0;
      if (t.rtoIsProbe) return sendLossProbe(c); // the slot held a tail loss probe (tcp_write_timer_handler)
      if (t.rtoIsReo) return rackReoTimeout(c); // or RACK's reordering timeout
      return onRetransmitTimer(c);
    case 'persist':
      if (t.persistAt === 0 || t.persistAt > c.now) return;
      t.persistAt = 0;
      return onProbeTimer(c);
    case 'delack':
      if (t.delackAt === 0 || t.delackAt > c.now) return;
      t.delackAt = 0;
      return onDelackTimer(c);
    case 'keepalive':
      if (t.keepaliveAt === 0 || t.keepaliveAt > c.now) return;
      t.keepaliveAt = 0;
      return onKeepaliveTimer(c);
    case 'timewait':
      if (t.timewaitAt === 0 || t.timewaitAt > c.now) return;
      t.timewaitAt = 0;
      if (t.state === 'TIME-WAIT') transition(c, 'timeout', '2MSL expired');
      else if (t.state === 'FIN-WAIT-2') transition(c, 'timeout', 'tcp_fin_timeout expired for an orphan');
      return;
    default:
      return assertNever(timer);
  }
}

/** tcp_retransmit_timer() */
function onRetransmitTimer(c: Ctx): void {
  const t = c.t;
  if (t.state === 'SYN-SENT') {
    // tcp_syn_retries = 6: SYNs at 0, 1, 3, 7, 15, 31, 63 s; ETIMEDOUT at 127 s
    if (t.backoff >= TCP_SYN_RETRIES) {
      fail(c, ETIMEDOUT);
      transition(c, 'timeout', 'no answer to SYN after tcp_syn_retries');
      return;
    }
    t.backoff += 1;
    t.rto = rtoBackoff(t.rto);
    queueCwr(t); // tcp_retransmit_timer() → tcp_enter_loss(): the first data will carry CWR (ecn.ts)
    sendSyn(c);
    return;
  }
  if (t.state === 'SYN-RECEIVED') {
    if (t.backoff >= TCP_SYNACK_RETRIES) {
      transition(c, 'timeout', 'no ACK for SYN/ACK after tcp_synack_retries');
      return;
    }
    t.backoff += 1;
    t.rto = rtoBackoff(t.rto);
    sendSyn(c);
    return;
  }
  if (t.sndUna === t.sndNxt) return;
  const limit = t.orphan ? TCP_ORPHAN_RETRIES : TCP_RETRIES2;
  if (t.backoff >= limit) {
    if (!t.orphan) fail(c, ETIMEDOUT);
    transition(c, 'timeout', 'retransmissions exhausted');
    return;
  }
  t.tlpHighSeq = -1; // the probe episode, if any, ends in the RTO
  // tcp_enter_loss(): everything in flight is lost; slow start again from one segment
  enterLoss(c, t.cwnd, t.ssthresh);
  t.ssthresh = ccSsthresh(c);
  ccOnLoss(c);
  t.cwnd = 1;
  t.cwndCnt = 0;
  t.dupAcks = 0;
  t.recover = -1;
  t.rtxNxt = t.sndUna;
  t.rtxLimit = -1;
  c.conn.sent.clear();
  const [backoff, rto] = [t.backoff, t.rto];
  t.backoff += 1;
  t.rto = rtoBackoff(t.rto);
  const dropped = pushData(c);
  lossRetransmitted(c);
  if (dropped) {
    // "Retransmission failed because of local congestion": no backoff, the timer again in
    // TCP_RESOURCE_PROBE_INTERVAL. (Linux still counts icsk_retransmits, tcp_update_rto_stats;
    // labwire's one counter is the backoff, so tcpi_retransmits stays as it was.)
    t.backoff = backoff;
    t.rto = rto;
    t.rtoAt = c.now + TCP_RESOURCE_PROBE_INTERVAL_NS;
    t.rtoIsProbe = false;
    t.rtoIsReo = false;
    t.persistAt = 0; // packets are still out (labwire's emptied queue is not tcp_check_probe_timer's packets_out 0)
    return;
  }
  if (t.rtoAt === 0) t.rtoAt = c.now + t.rto;
}

/** tcp_probe_timer() → tcp_send_probe0() → tcp_write_wakeup() */
function onProbeTimer(c: Ctx): void {
  const t = c.t;
  const snd = c.conn.snd;
  const unsent = seqDiff(seqAdd(snd.baseSeq, snd.length), t.sndNxt);
  const finUnsent = t.finSeq >= 0 && t.sndNxt === t.finSeq;
  if (c.conn.sent.count > 0 || (unsent <= 0 && !finUnsent)) {
    t.probes = 0;
    t.backoff = 0;
    t.probesStamp = -1;
    return;
  }
  // TCP_USER_TIMEOUT counts from the first probe of the run (icsk_probes_tstamp)
  const userTimedOut = t.probesStamp >= 0 && t.userTimeout > 0 && jiffiesSince(c, t.probesStamp) >= msecsToJiffies(c, t.userTimeout);
  if (t.probesStamp < 0) t.probesStamp = c.now;
  if (userTimedOut || t.probes >= (t.orphan ? TCP_ORPHAN_RETRIES : TCP_RETRIES2)) {
    if (!t.orphan) fail(c, ETIMEDOUT);
    transition(c, 'timeout', userTimedOut ? 'TCP_USER_TIMEOUT passed while probing' : 'zero-window probes unanswered');
    return;
  }
  const room = seqDiff(seqAdd(t.sndUna, t.sndWnd), t.sndNxt);
  if (room > 0 && unsent > 0) {
    // the window opened a little: send what fits, with PSH (tcp_write_wakeup)
    const len = Math.min(room, sendMss(c), unsent);
    const start = t.sndNxt;
    if (!emitSegment(c, start, TCP_ACK | TCP_PSH, snd.view(start, len))) {
      // tcp_send_probe0(): "If packet was not sent due to local congestion, Let senders fight for local resources conservatively."
      t.probes += 1;
      t.persistAt = c.now + clampProbe0ToUserTimeout(c, TCP_RESOURCE_PROBE_INTERVAL_NS);
      return;
    }
    t.sndNxt = seqAdd(start, len);
    snd.splitSkb(t.sndNxt);
    t.rtxNxt = t.sndNxt;
    c.conn.sent.push(t.sndNxt, c.now, false, 1, t.delivered);
    t.rtoAt = c.now + t.rto;
    t.probes = 0;
    t.backoff = 0;
    return;
  }
  // zero window: an ACK carrying SND.UNA − 1 makes the peer answer with its window
  const went = sendProbe(c);
  t.probes += 1;
  if (went) t.backoff = Math.min(t.backoff + 1, TCP_RETRIES2);
  t.persistAt = c.now + clampProbe0ToUserTimeout(c, went ? probeTimeout(t.rto, t.backoff) : TCP_RESOURCE_PROBE_INTERVAL_NS);
}

/**
 * tcp_write_wakeup()'s probe with nothing to send: an ACK at SND.UNA − 1, which the peer must
 * answer (tcp_xmit_probe_skb). In urgent mode one at SND.UNA goes first, to deliver the urgent
 * pointer ("send TWO zero-length segments"); both carry it (__tcp_transmit_skb, urgent.ts).
 */
function sendProbe(c: Ctx): boolean {
  const t = c.t;
  if (inUrgentMode(t) && seqGt(t.sndUp, t.sndUna) && seqLe(t.sndUp, seqAdd(t.sndUna, 0xffff))) emitSegment(c, t.sndUna, TCP_ACK, EMPTY);
  return emitSegment(c, seqAdd(t.sndUna, -1), TCP_ACK, EMPTY);
}

/** tcp_jiffies32 − a time, in jiffies at the profile's HZ */
function jiffiesSince(c: Ctx, at: number): number {
  return tcpJiffies(c.now, c.conn.cfg.hz) - tcpJiffies(at, c.conn.cfg.hz);
}

/** msecs_to_jiffies(): rounded up */
function msecsToJiffies(c: Ctx, ms: number): number {
  return Math.ceil((ms * c.conn.cfg.hz) / 1000);
}

/**
 * tcp_clamp_probe0_to_user_timeout(): with TCP_USER_TIMEOUT, the next probe no later than
 * what is left of it since the first probe (at least TCP_TIMEOUT_MIN jiffies).
 */
function clampProbe0ToUserTimeout(c: Ctx, when: number): number {
  const t = c.t;
  if (t.userTimeout === 0 || t.probesStamp < 0) return when;
  const remaining = Math.max(msecsToJiffies(c, t.userTimeout) - Math.max(0, jiffiesSince(c, t.probesStamp)), TCP_TIMEOUT_MIN_JIFFIES);
  return Math.min(remaining * (1e9 / c.conn.cfg.hz), when);
}

/** tcp_delack_timer_handler() */
function onDelackTimer(c: Ctx): void {
  const t = c.t;
  if (!t.ackPending) return;
  if (t.pingpong < TCP_PINGPONG_THRESH) {
    // "Delayed ACK missed: inflate ATO."
    t.ato = Math.min(t.ato * 2, t.rto);
  } else {
    // "Delayed ACK missed: leave pingpong mode and deflate ATO."
    t.pingpong = 0;
    t.ato = TCP_ATO_MIN_NS;
  }
  sendAck(c);
}

/** tcp_keepalive_timer(): probes with SND.UNA − 1 after tcp_keepalive_time idle. */
function onKeepaliveTimer(c: Ctx): void {
  const t = c.t;
  if (!t.keepalive || t.state !== 'ESTABLISHED') return;
  const idle = c.now - Math.max(t.lrcvtime, t.lsndtime);
  if (idle < TCP_KEEPALIVE_INTVL_NS && t.probes > 0) t.probes = 0;
  if (t.probes >= TCP_KEEPALIVE_PROBES) {
    fail(c, ETIMEDOUT);
    transition(c, 'timeout', 'keepalive probes unanswered');
    return;
  }
  if (sendProbe(c)) {
    t.probes += 1;
    t.keepaliveAt = c.now + TCP_KEEPALIVE_INTVL_NS;
  } else {
    // "If keepalive was lost due to local congestion, try harder."
    t.keepaliveAt = c.now + TCP_RESOURCE_PROBE_INTERVAL_NS;
  }
}

