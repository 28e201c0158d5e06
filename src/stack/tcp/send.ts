/**
 * SEND (RFC 9293 §3.10.2) as Linux's tcp_sendmsg_locked() does it for a non-blocking socket:
 * room in the send buffer, PSH marks (tcp_mark_push, forced_push), MSG_MORE and MSG_EOR, the
 * TCP_NOTSENT_LOWAT limit, then the push (tcp_push → tcp_write_xmit, output.ts).
 */
import { ccRestartAfterIdle } from './cong.ts';
import { EAGAIN, EPIPE } from '../abi/errno.ts';
import { MSG_EOR, MSG_MORE } from '../abi/linux.ts';
import type { Ctx, TcpConn } from './conn.ts';
import type { Tcb } from './tcb.ts';
import { seqAdd, seqDiff } from './seq.ts';
import { pushData, sendMss, sizeGoal } from './output.ts';
import { TCP_INIT_CWND, TCP_NOTSENT_LOWAT } from './linux.ts';

/**
 * Would send() only say EAGAIN? (The layer asks first, so a full buffer costs no step.)
 * Mirrors onSend: no pending error, connected, and no room in the send buffer.
 */
export function sendWouldBlock(conn: TcpConn): boolean {
  const t = conn.tcb;
  return t.err === 0 && (t.state === 'ESTABLISHED' || t.state === 'CLOSE-WAIT') && t.finSeq < 0 && t.sndBuf - conn.snd.length <= 0;
}

/** TCP_NOTSENT_LOWAT, or net.ipv4.tcp_notsent_lowat (tcp_notsent_lowat()) */
export function notsentLowat(conn: TcpConn, t: Tcb = conn.tcb): number {
  return t.notsentLowat || conn.cfg.notsentLowat;
}

/** Bytes written but not yet sent (tp->write_seq − tp->snd_nxt); inside a step pass its Tcb. */
export function notsentBytes(conn: TcpConn, t: Tcb = conn.tcb): number {
  return Math.max(0, seqDiff(seqAdd(conn.snd.baseSeq, conn.snd.length), t.sndNxt));
}

/** Returns bytes taken, or −errno (a pending error, EAGAIN with no room, EPIPE after shutdown). */
export function onSend(c: Ctx, data: Uint8Array, flags: number, takeErr: () => number): number {
  const t = c.t;
  if (t.err) return -takeErr();
  if (t.state === 'SYN-SENT' || t.state === 'SYN-RECEIVED') return -EAGAIN;
  if ((t.state !== 'ESTABLISHED' && t.state !== 'CLOSE-WAIT') || t.finSeq >= 0) return -EPIPE;
  if (data.length === 0) return 0;
  const snd = c.conn.snd;
  const room = t.sndBuf - snd.length;
  if (room <= 0) {
    t.sndNoSpace = true; // sk_stream_wait_memory(): the writer waits for room (SOCK_NOSPACE)
    return -EAGAIN;
  }
  ccRestartAfterIdle(c, TCP_INIT_CWND); // tcp_skb_entail() → tcp_slow_start_after_idle_check()
  // tcp_skb_entail(): a new skb (nothing unsent to join, or the tail ended with MSG_EOR) ends TCP_NAGLE_PUSH
  if (notsentBytes(c.conn, c.t) === 0 || snd.tailEor) t.nagPush = false;
  const want = data.subarray(0, Math.min(data.length, room));
  const lowat = notsentLowat(c.conn, c.t);
  const taken = lowat < TCP_NOTSENT_LOWAT ? fillSkbs(c, want, lowat) : appendChunk(c, want);
  if (taken === 0) {
    t.sndNoSpace = true;
    return -EAGAIN;
  }
  if (taken < data.length) t.sndNoSpace = true;
  // MSG_MORE: no PSH, and the push corks (tcp_push: nonagle = TCP_NAGLE_CORK) — unless the
  // write must wait for room, which pushes first (flags & ~MSG_MORE)
  const more = (flags & MSG_MORE) !== 0 && taken === data.length;
  markWriteEnd(c, !more);
  if (flags & MSG_EOR && taken === data.length) snd.markEor();
  pushData(c, false, more);
  return taken;
}

/**
 * Appends one write's bytes: data fills skbs of size_goal, and a full skb gets PSH when more
 * than half the peer's largest window went unpushed (forced_push). Returns the bytes.
 */
function appendChunk(c: Ctx, data: Uint8Array): number {
  const t = c.t;
  const snd = c.conn.snd;
  const goal = sizeGoal(c, sendMss(c));
  const start = seqAdd(snd.baseSeq, snd.length);
  // the tail skb may already hold unsent bytes: the first boundary comes sooner
  const unsentBefore = Math.max(0, seqDiff(start, t.sndNxt));
  snd.append(data, false);
  const half = t.maxWindow >> 1;
  for (let off = goal - (unsentBefore % goal); off < data.length; off += goal) {
    const writeSeq = seqAdd(start, off);
    if (seqDiff(writeSeq, t.pushedSeq) > half) {
      snd.markPushAt(writeSeq);
      t.pushedSeq = writeSeq;
    }
  }
  return data.length;
}

/**
 * The end of the call gets PSH (tcp_push → tcp_mark_push; also when sendmsg must wait for
 * memory), unless MSG_MORE says more is coming (`endPush` false) and forced_push does not
 * apply. pushedSeq follows.
 */
function markWriteEnd(c: Ctx, endPush: boolean): void {
  const t = c.t;
  const snd = c.conn.snd;
  const end = seqAdd(snd.baseSeq, snd.length);
  if (endPush || seqDiff(end, t.pushedSeq) > t.maxWindow >> 1) {
    snd.markPushAt(end);
    t.pushedSeq = end;
  }
}

/**
 * tcp_sendmsg_locked() skb by skb, for a socket with a TCP_NOTSENT_LOWAT: bytes join the tail
 * skb until it holds size_goal; a new skb is allowed only while the unsent bytes stay below
 * the lowat (sk_stream_memory_free → tcp_stream_memory_free); a full skb at the head of the
 * unsent queue goes at once (tcp_push_one), so the lowat sees what is left. Returns the bytes
 * taken.
 */
function fillSkbs(c: Ctx, data: Uint8Array, lowat: number): number {
  const goal = sizeGoal(c, sendMss(c));
  let taken = 0;
  while (taken < data.length) {
    const unsent = notsentBytes(c.conn, c.t);
    let room = unsent > 0 && !c.conn.snd.tailEor && unsent % goal !== 0 ? goal - (unsent % goal) : 0;
    if (room === 0) {
      if (unsent >= lowat) break;
      room = goal;
    }
    const n = Math.min(room, data.length - taken);
    taken += appendChunk(c, data.subarray(taken, taken + n));
    if (notsentBytes(c.conn, c.t) === goal) pushData(c);
  }
  return taken;
}
