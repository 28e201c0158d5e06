/**
 * User calls (RFC 9293 §3.10.1–3.10.5: OPEN, SEND, RECEIVE, CLOSE, ABORT; plus shutdown and
 * setsockopt) with Linux's semantics for a non-blocking socket: -EAGAIN where Linux would
 * block, the pending error first (sock_error), RST on close with unread data (tcp_close).
 */
import { ccRestartAfterIdle } from './cong.ts';
import { EAGAIN, EINVAL, ENOTCONN, EPIPE } from '../abi/errno.ts';
import { MSG_EOR, MSG_MORE } from '../abi/linux.ts';
import type { Ctx, TcpCall, TcpConn } from './conn.ts';
import { assertNever } from './never.ts';
import { seqAdd, seqDiff } from './seq.ts';
import { fail, transition } from './transitions.ts';
import { pushData, sendActiveReset, sendAck, sendMss, sizeGoal } from './output.ts';
import { openActive, openPassive } from './handshake.ts';
import { computeWindow, rcvSpaceAdjust, receiveWindow } from './window.ts';
import { TCP_FIN_TIMEOUT_NS, TCP_INIT_CWND, TCP_PINGPONG_THRESH } from './linux.ts';
import { onSetOption } from './sockopt.ts';
import { isSynchronized } from './tcb.ts';

const EMPTY = new Uint8Array(0);

export function onCall(c: Ctx, call: TcpCall): number | Uint8Array {
  switch (call.kind) {
    case 'connect':
      openActive(c, call.iss, call.tsOffset, call.mtu);
      return 0;
    case 'listen':
      transition(c, 'listen', 'listen()');
      return 0;
    case 'accept-syn':
      openPassive(c, call.seg, call.iss, call.tsOffset, call.mtu);
      return 0;
    case 'send':
      return onSend(c, call.data, call.flags);
    case 'recv':
      return onRecv(c, call.n);
    case 'shutdown':
      return onShutdown(c, call.how);
    case 'close':
      onClose(c);
      return 0;
    case 'abort':
      onAbort(c);
      return 0;
    case 'hard-error':
      if (c.t.state === 'SYN-SENT' || c.t.state === 'SYN-RECEIVED') {
        fail(c, call.errno);
        transition(c, 'abort', 'ICMP error during the handshake');
      }
      return 0;
    case 'setsockopt':
      return onSetOption(c, call.opt, call.value);
    default:
      return assertNever(call);
  }
}

/** Linux sock_error(): report and clear the pending error. */
function takeErr(c: Ctx): number {
  const e = c.t.err;
  c.t.err = 0;
  return e;
}

/**
 * Would send() only say EAGAIN? (The layer asks first, so a full buffer costs no step.)
 * Mirrors onSend: no pending error, connected, and no room in the send buffer.
 */
export function sendWouldBlock(conn: TcpConn): boolean {
  const t = conn.tcb;
  return t.err === 0 && (t.state === 'ESTABLISHED' || t.state === 'CLOSE-WAIT') && t.finSeq < 0 && t.sndBuf - conn.snd.length <= 0;
}

/**
 * tcp_sendmsg_locked(): data fills skbs of size_goal; a full skb gets PSH when more than half
 * the peer's largest window went unpushed (forced_push), and the end of the call gets PSH
 * (tcp_push → tcp_mark_push; also when sendmsg must wait for memory), unless MSG_MORE says more
 * is coming (`endPush` false). pushedSeq follows.
 */
function appendWithPushMarks(c: Ctx, data: Uint8Array, endPush: boolean): void {
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
  const end = seqAdd(start, data.length);
  if (endPush || seqDiff(end, t.pushedSeq) > half) {
    snd.markPushAt(end);
    t.pushedSeq = end;
  }
}

/** Would recv() only say EAGAIN? Mirrors onRecv. */
export function recvWouldBlock(conn: TcpConn): boolean {
  const t = conn.tcb;
  return (
    conn.rcv.length === 0 && !t.rcvFin && !t.rdShutdown && t.err === 0 &&
    (t.state === 'ESTABLISHED' || t.state === 'FIN-WAIT-1' || t.state === 'FIN-WAIT-2' || t.state === 'SYN-SENT' || t.state === 'SYN-RECEIVED')
  );
}

function onSend(c: Ctx, data: Uint8Array, flags = 0): number {
  const t = c.t;
  if (t.err) return -takeErr(c);
  if (t.state === 'SYN-SENT' || t.state === 'SYN-RECEIVED') return -EAGAIN;
  if ((t.state !== 'ESTABLISHED' && t.state !== 'CLOSE-WAIT') || t.finSeq >= 0) return -EPIPE;
  if (data.length === 0) return 0;
  const snd = c.conn.snd;
  const room = t.sndBuf - snd.length;
  // sk_stream_wait_memory(): the writer waits for room (SOCK_NOSPACE) when the buffer cannot take it all
  if (room < data.length) t.sndNoSpace = true;
  if (room <= 0) return -EAGAIN;
  const take = Math.min(data.length, room);
  ccRestartAfterIdle(c, TCP_INIT_CWND); // tcp_skb_entail() → tcp_slow_start_after_idle_check()
  // tcp_skb_entail(): a new skb (nothing unsent to join, or the tail ended with MSG_EOR) ends TCP_NAGLE_PUSH
  if (seqAdd(snd.baseSeq, snd.length) === t.sndNxt || snd.tailEor) t.nagPush = false;
  // MSG_MORE: no PSH, and the push corks (tcp_push: nonagle = TCP_NAGLE_CORK) — unless the
  // write must wait for room, which pushes first (flags & ~MSG_MORE)
  const more = (flags & MSG_MORE) !== 0 && take === data.length;
  appendWithPushMarks(c, take === data.length ? data : data.subarray(0, take), !more);
  if (flags & MSG_EOR) snd.markEor();
  pushData(c, false, more);
  return take;
}

function onRecv(c: Ctx, n: number): number | Uint8Array {
  const t = c.t;
  const rcv = c.conn.rcv;
  if (n <= 0) return n === 0 ? EMPTY : -EINVAL;
  if (rcv.length > 0) {
    const out = rcv.read(n);
    t.copiedSeq = seqAdd(t.copiedSeq, out.length);
    rcvSpaceAdjust(c);
    cleanupRbuf(c, out.length);
    return out;
  }
  if (t.rcvFin || t.rdShutdown) return EMPTY;
  if (t.err) return -takeErr(c);
  if (t.state === 'CLOSED' || t.state === 'TIME-WAIT' || t.state === 'CLOSING' || t.state === 'LAST-ACK' || t.state === 'CLOSE-WAIT') return EMPTY;
  return -EAGAIN;
}

/** tcp_cleanup_rbuf(): ACK now if the read freed enough window or an ACK is overdue. */
function cleanupRbuf(c: Ctx, copied: number): void {
  const t = c.t;
  let timeToAck = false;
  if (t.ackPending) {
    if (t.rcvNxt - t.rcvWup > t.rcvMss || (copied > 0 && t.ackPushed && t.pingpong < TCP_PINGPONG_THRESH && c.conn.rcv.length === 0)) {
      timeToAck = true;
    }
  }
  if (!timeToAck && copied > 0 && !t.rcvFin && isSynchronized(t.state)) {
    const now = receiveWindow(t);
    if (2 * now <= t.windowClamp) {
      const w = computeWindow(c);
      if (w > 0 && w >= 2 * now) timeToAck = true;
    }
  }
  if (timeToAck) sendAck(c);
}

/** Queue our FIN after the data (tcp_send_fin); Nagle never holds it. */
function queueFin(c: Ctx, why: string): void {
  const snd = c.conn.snd;
  c.t.finSeq = seqAdd(snd.baseSeq, snd.length);
  transition(c, 'close', why);
  pushData(c);
}

function onShutdown(c: Ctx, how: number): number {
  const t = c.t;
  if (how < 0 || how > 2) return -EINVAL;
  if (t.state === 'CLOSED' || t.state === 'LISTEN') return -ENOTCONN;
  if (how === 0 || how === 2) t.rdShutdown = true;
  if (how === 1 || how === 2) {
    if (t.state === 'SYN-SENT') transition(c, 'close', 'shutdown() before the handshake finished');
    else if ((t.state === 'ESTABLISHED' || t.state === 'CLOSE-WAIT' || t.state === 'SYN-RECEIVED') && t.finSeq < 0) {
      queueFin(c, 'shutdown(SHUT_WR) sent FIN');
    }
  }
  return 0;
}

/** tcp_close() */
function onClose(c: Ctx): void {
  const t = c.t;
  t.orphan = true;
  t.rdShutdown = true;
  const unread = c.conn.rcv.length;
  if (t.state === 'CLOSED' || t.state === 'LISTEN' || t.state === 'TIME-WAIT') return;
  if (t.state === 'SYN-SENT') {
    transition(c, 'close', 'close() before the handshake finished');
    return;
  }
  if (unread > 0) {
    // RFC 2525 §2.17 / Linux: "If data was unread, send RST ... we do not
    // send a FIN in this case; the peer sees the connection reset"
    sendActiveReset(c);
    transition(c, 'abort', 'close() with unread data sends RST');
    return;
  }
  if (t.finSeq < 0 && (t.state === 'ESTABLISHED' || t.state === 'CLOSE-WAIT' || t.state === 'SYN-RECEIVED')) {
    queueFin(c, 'close() sent FIN');
  } else if (t.state === 'FIN-WAIT-2') {
    t.timewaitAt = c.now + TCP_FIN_TIMEOUT_NS;
  }
}

function onAbort(c: Ctx): void {
  const t = c.t;
  if (t.state === 'CLOSED') return;
  if (isSynchronized(t.state) && t.state !== 'TIME-WAIT') sendActiveReset(c);
  transition(c, 'abort', 'abort');
}

