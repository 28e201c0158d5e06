/**
 * tcp_tso_should_defer() (net/ipv4/tcp_output.c, John Heffner's "TSO Nagle"): when cwnd or
 * the peer's window leaves room for only part of a multi-segment skb, Linux may hold the skb
 * until the next ACK rather than cut a small GSO packet from it. It sends at once when:
 * recovery or loss is under way; nothing left the socket in the last millisecond (no burst to
 * extend); a full GSO packet (max_segs) fits; a middle skb fits whole; the room is at least
 * 1/tcp_tso_win_divisor of the window (or, with divisor 0, more than 3 segments); nothing is
 * in flight; or the ACK of the retransmit queue's head is due in more than min(srtt/2, 1 ms).
 * Otherwise it defers — and says whether cwnd or the peer's window held it, for
 * tcp_cwnd_validate and the chronograph — unless the skb ends the data (FIN, MSG_EOR).
 */
import type { Ctx } from './conn.ts';
import { MS, TCP_MAX_TSO_DEFERRED_MSS } from './linux.ts';
import { seqAdd, seqDiff } from './seq.ts';

/** 'send', or why the skb waits: cwnd ('cwnd') or the peer's window ('rwnd') held it, or neither ('defer') */
export type TsoDeferral = 'send' | 'cwnd' | 'rwnd' | 'defer';

/**
 * The skb's unsent part: `start` and `len`; `tail`: it is the write queue's last
 * (tcp_write_queue_tail); `ends`: no more data can join it (it carries the FIN or ends an
 * MSG_EOR write); `maxSegs`: segments in a full GSO packet (tcp_tso_segs). Positional, as
 * tcp_write_xmit asks once per skb and an options object would be an allocation each time.
 */
export function tsoShouldDefer(c: Ctx, start: number, len: number, tail: boolean, ends: boolean, maxSegs: number, inFlight: number): TsoDeferral {
  const t = c.t;
  if (t.recover >= 0 || t.lossHighSeq >= 0) return 'send'; // icsk_ca_state >= TCP_CA_Recovery
  // "allow defer only if the last write was recent (1 ms)". Linux sends when more than 1 ms has
  // passed; labwire's clock has no jitter, and an ACK a script (or a link) times 1 ms after a
  // send reaches a real kernel a little later than that, so exactly 1 ms counts as past
  // (the corpus's shutdown-rdwr-send-queue-ack-close sends there)
  if (c.now - t.wstamp >= MS) return 'send';
  const mss = t.mss;
  const sendWin = seqDiff(seqAdd(t.sndUna, t.sndWnd), start);
  const congWin = (t.cwnd - inFlight) * mss;
  const limit = Math.min(sendWin, congWin);
  if (limit >= maxSegs * mss) return 'send'; // a full-sized TSO skb can go
  if (!tail && limit >= len) return 'send'; // a middle skb gets no more data
  const divisor = c.conn.cfg.tsoWinDivisor;
  if (divisor > 0) {
    if (limit >= Math.floor(Math.min(t.sndWnd, t.cwnd * mss) / divisor)) return 'send';
  } else if (limit > TCP_MAX_TSO_DEFERRED_MSS * mss) return 'send';
  const sent = c.conn.sent;
  if (sent.count === 0) return 'send';
  // "If next ACK is likely to come too late, ie in more than min(1ms, half srtt), do not
  // defer" (6.18, commit 295ce1eb36ae; before it: sent less than srtt/2 ago, the same rule
  // while srtt ≤ 2 ms): the head's ACK is expected an srtt after it left
  const srttNs = Math.floor((t.srtt * 8) / 1000) * 125; // (NSEC_PER_USEC >> 3) * srtt_us
  const howFar = sent.sentAtOf(0) + srttNs - c.now;
  if (howFar - Math.min(srttNs / 2, MS) > 0) return 'send';
  if (congWin < sendWin) {
    if (congWin <= len) return 'cwnd';
  } else if (sendWin <= len) return 'rwnd';
  return ends ? 'send' : 'defer';
}
