/**
 * SEND (RFC 9293 §3.10.2) as Linux's tcp_sendmsg_locked() does it for a non-blocking socket:
 * room in the send buffer, PSH marks (tcp_mark_push, forced_push), MSG_MORE, MSG_EOR and MSG_OOB
 * (urgent.ts), the TCP_NOTSENT_LOWAT limit, then the push (tcp_push → tcp_write_xmit, output.ts).
 */
import { ccRestartAfterIdle } from './cong.ts';
import { EAGAIN, EPIPE } from '../abi/errno.ts';
import { MSG_EOR, MSG_MORE, MSG_OOB } from '../abi/linux.ts';
import { markUrgent } from './urgent.ts';
import type { Ctx, TcpConn } from './conn.ts';
import type { Tcb } from './tcb.ts';
import { seqDiff } from './seq.ts';
import { pushData, sendMss, sizeGoal } from './output.ts';
import { TCP_INIT_CWND } from './linux.ts';
import { CHRONO_BUSY, chronoStart } from './chrono.ts';

/**
 * Would send() only say EAGAIN? (The layer asks first, so a full buffer costs no step.)
 * Mirrors onSend: no pending error, connected, no room for a new skb and no unsent tail skb
 * a write could grow (a full tail still takes a step, which says EAGAIN).
 */
export function sendWouldBlock(conn: TcpConn): boolean {
  const t = conn.tcb;
  return t.err === 0 && (t.state === 'ESTABLISHED' || t.state === 'CLOSE-WAIT') && t.finSeq < 0 &&
    !memoryFree(conn, t) && (notsentBytes(conn, t) === 0 || conn.snd.tailEor);
}

/**
 * sk_stream_memory_free(): a new skb may be queued while sk_wmem_queued (bytes plus each
 * skb's truesize) is below sk_sndbuf and the unsent bytes below the lowat (tcp_stream_memory_free).
 */
export function memoryFree(conn: TcpConn, t: Tcb = conn.tcb): boolean {
  return conn.snd.wmemQueued < t.sndBuf && notsentBytes(conn, t) < notsentLowat(conn, t);
}

/** TCP_NOTSENT_LOWAT, or net.ipv4.tcp_notsent_lowat (tcp_notsent_lowat()) */
export function notsentLowat(conn: TcpConn, t: Tcb = conn.tcb): number {
  return t.notsentLowat || conn.cfg.notsentLowat;
}

/** Bytes written but not yet sent (tp->write_seq − tp->snd_nxt); inside a step pass its Tcb. */
export function notsentBytes(conn: TcpConn, t: Tcb = conn.tcb): number {
  return Math.max(0, seqDiff(conn.snd.end, t.sndNxt));
}

/** Returns bytes taken, or −errno (a pending error, EAGAIN with no room, EPIPE after shutdown). */
export function onSend(c: Ctx, data: Uint8Array, flags: number, takeErr: () => number): number {
  const t = c.t;
  if (t.err) return -takeErr();
  if (t.state === 'SYN-SENT' || t.state === 'SYN-RECEIVED') return -EAGAIN;
  if ((t.state !== 'ESTABLISHED' && t.state !== 'CLOSE-WAIT') || t.finSeq >= 0) return -EPIPE;
  if (data.length === 0) return 0;
  const snd = c.conn.snd;
  const goal = sizeGoal(c, sendMss(c));
  if (tailRoom(c, goal) === 0 && !memoryFree(c.conn, t)) {
    t.sndNoSpace = true; // sk_stream_wait_memory(): the writer waits for room (SOCK_NOSPACE)
    return -EAGAIN;
  }
  ccRestartAfterIdle(c, TCP_INIT_CWND); // tcp_skb_entail() → tcp_slow_start_after_idle_check()
  // tcp_skb_entail(): a new skb (nothing unsent to join, or the tail ended with MSG_EOR) ends TCP_NAGLE_PUSH
  if (notsentBytes(c.conn, c.t) === 0 || snd.tailEor) t.nagPush = false;
  const taken = fillSkbs(c, data, goal);
  if (taken < data.length) t.sndNoSpace = true;
  // MSG_MORE: no PSH, and the push corks (tcp_push: nonagle = TCP_NAGLE_CORK) — unless the
  // write must wait for room, which pushes first (flags & ~MSG_MORE)
  const more = (flags & MSG_MORE) !== 0 && taken === data.length;
  markWriteEnd(c, !more);
  if (flags & MSG_EOR && taken === data.length) snd.markEor();
  // tcp_push → tcp_mark_urg(): what was written so far ends with the urgent byte (urgent.ts)
  if (flags & MSG_OOB && taken > 0) markUrgent(t, snd.end);
  pushData(c, 0, more);
  return taken;
}

/** How many more bytes the tail skb takes: it is unsent, not ended by MSG_EOR, below size_goal. */
function tailRoom(c: Ctx, goal: number): number {
  const snd = c.conn.snd;
  if (notsentBytes(c.conn, c.t) === 0 || snd.tailEor) return 0;
  return Math.max(0, goal - seqDiff(snd.end, snd.tailSkbStart(c.t.sndNxt)));
}

/**
 * tcp_sendmsg_locked() skb by skb: bytes grow the tail skb up to size_goal; a new skb is
 * allowed only while sk_stream_memory_free() says so (checked per skb, not per byte, so a
 * write may overshoot sk_sndbuf by up to one skb). A full skb gets PSH and everything goes
 * when more than half the peer's largest window went unpushed (forced_push); else a full skb
 * at the head of the write queue goes at once (tcp_push_one). Returns the bytes taken.
 */
function fillSkbs(c: Ctx, data: Uint8Array, goal: number): number {
  const t = c.t;
  const snd = c.conn.snd;
  let taken = 0;
  while (taken < data.length) {
    let room = tailRoom(c, goal);
    const join = room > 0;
    if (!join) {
      if (!memoryFree(c.conn, t)) break;
      room = goal;
      if (notsentBytes(c.conn, t) === 0) chronoStart(c, CHRONO_BUSY); // tcp_add_write_queue_tail()
    }
    const n = Math.min(room, data.length - taken);
    snd.append(data.subarray(taken, taken + n), false, !join ? null : taken === 0 ? 'clear-psh' : 'keep-psh');
    taken += n;
    if (n < room) break; // skb->len < size_goal
    const writeSeq = snd.end;
    if (seqDiff(writeSeq, t.pushedSeq) > t.maxWindow >> 1) {
      snd.markPushAt(writeSeq);
      t.pushedSeq = writeSeq;
      pushData(c);
    } else if (snd.tailSkbStart(t.sndNxt) === t.sndNxt) pushData(c, 1);
  }
  return taken;
}

/**
 * The end of the call gets PSH (tcp_push → tcp_mark_push; also when sendmsg must wait for
 * memory), unless MSG_MORE says more is coming (`endPush` false) and forced_push does not
 * apply. pushedSeq follows.
 */
function markWriteEnd(c: Ctx, endPush: boolean): void {
  const t = c.t;
  const snd = c.conn.snd;
  const end = snd.end;
  if (endPush || seqDiff(end, t.pushedSeq) > t.maxWindow >> 1) {
    snd.markPushAt(end);
    t.pushedSeq = end;
  }
}
