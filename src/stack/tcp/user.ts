/**
 * User calls (RFC 9293 §3.10.1–3.10.5: OPEN, SEND, RECEIVE, CLOSE, ABORT; plus shutdown and
 * setsockopt) with Linux's semantics for a non-blocking socket: -EAGAIN where Linux would
 * block, the pending error first (sock_error), RST on close with unread data (tcp_close).
 */
import { onMtuReduced } from './pmtu.ts';
import { EAGAIN, EINVAL, ENOTCONN } from '../abi/errno.ts';
import type { Ctx, TcpCall, TcpConn } from './conn.ts';
import { assertNever } from './never.ts';
import { seqAdd } from './seq.ts';
import { fail, transition } from './transitions.ts';
import { pushData, sendActiveReset, sendAck } from './output.ts';
import { notsentBytes, onSend } from './send.ts';
import { CHRONO_BUSY, chronoStart } from './chrono.ts';
import { openActive, openFromCookie, openPassive } from './handshake.ts';
import { releaseDeferredAck } from './ack-timing.ts';
import { becomeTimewaitSock, computeWindow, rcvSpaceAdjust, receiveWindow } from './window.ts';
import { TCP_FIN_TIMEOUT_NS, TCP_PINGPONG_THRESH } from './linux.ts';
import { onSetOption } from './sockopt.ts';
import { isSynchronized } from './tcb.ts';
import { ecnCreateRequest } from './ecn.ts';
import { atSkippedMark, passedMark, readLimit, recvUrgent } from './urgent.ts';

const EMPTY = new Uint8Array(0);

export function onCall(c: Ctx, call: TcpCall): number | Uint8Array {
  switch (call.kind) {
    case 'connect':
      openActive(c, call.iss, call.tsOffset, call.mtu, call.netHeaderLen);
      return 0;
    case 'listen':
      transition(c, 'listen', 'listen()');
      return 0;
    case 'accept-syn':
      ecnCreateRequest(c, call.seg.flags, call.ecn ?? 0);
      openPassive(c, call.seg, call.iss, call.tsOffset, call.mtu, call.netHeaderLen, call.cookie);
      return 0;
    case 'accept-cookie':
      openFromCookie(c, call.seg, call.mss, call.tsOffset, call.mtu, call.netHeaderLen);
      return 0;
    case 'send':
      return onSend(c, call.data, call.flags ?? 0, () => takeErr(c));
    case 'recv':
      return onRecv(c, call.n, call.timed === true);
    case 'recv-end':
      cleanupRbuf(c, call.copied);
      return 0;
    case 'release-cb':
      releaseDeferredAck(c);
      return 0;
    case 'recv-urgent':
      return recvUrgent(c.t, call.n);
    case 'shutdown':
      return onShutdown(c, call.how);
    case 'close':
      onClose(c, call.zeroLinger === true);
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
    case 'mtu-reduced':
      onMtuReduced(c, call.pmtu, call.netHeaderLen);
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

/** Would recv() only say EAGAIN? Mirrors onRecv. */
export function recvWouldBlock(conn: TcpConn): boolean {
  const t = conn.tcb;
  return (
    conn.rcv.length === 0 && !t.rcvFin && !t.rdShutdown && t.err === 0 &&
    (t.state === 'ESTABLISHED' || t.state === 'FIN-WAIT-1' || t.state === 'FIN-WAIT-2' || t.state === 'SYN-SENT' || t.state === 'SYN-RECEIVED')
  );
}

/**
 * tcp_recvmsg(): up to `n` bytes. A `timed` read (a CPU model charges its copy with the socket
 * locked, tcp/owner.ts) takes one skb's bytes per call, as tcp_recvmsg_locked copies and frees
 * an skb at a time (tcp_rcv_space_adjust sees the rest of the queue as unread), and leaves
 * tcp_cleanup_rbuf() to its end ('recv-end'), once the loop of copies and backlog runs is over.
 */
function onRecv(c: Ctx, n: number, timed: boolean): number | Uint8Array {
  const t = c.t;
  const rcv = c.conn.rcv;
  if (n <= 0) return n === 0 ? EMPTY : -EINVAL;
  let skipped = false;
  if (rcv.length > 0 && atSkippedMark(t)) {
    // tcp_recvmsg(): at the mark the urgent byte is skipped (it is read with MSG_OOB)
    rcv.read(1);
    t.copiedSeq = seqAdd(t.copiedSeq, 1);
    passedMark(t);
    skipped = true;
  }
  if (rcv.length > 0) {
    // a timed read copies an skb at a time, tcp_rcv_space_adjust() after each (its inq the rest)
    const limit = readLimit(t, t.copiedSeq, n);
    const out = rcv.read(timed ? Math.min(limit, rcv.headSkbBytes()) : limit); // a read stops before the mark
    t.copiedSeq = seqAdd(t.copiedSeq, out.length);
    passedMark(t);
    rcvSpaceAdjust(c);
    if (!timed) cleanupRbuf(c, out.length);
    return out;
  }
  if (skipped) cleanupRbuf(c, 0);
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
  // tcp_send_fin(): the FIN rides on an unsent tail skb, or is an skb of its own
  if (notsentBytes(c.conn, c.t) === 0) chronoStart(c, CHRONO_BUSY);
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
function onClose(c: Ctx, zeroLinger: boolean): void {
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
  if (zeroLinger) {
    // "Check zero linger _after_ checking for unread data": tcp_disconnect() resets what
    // tcp_need_reset() names, and a CLOSING or LAST-ACK socket with data it never sent
    if (needsReset(c)) sendActiveReset(c);
    transition(c, 'abort', 'close() with SO_LINGER 0 sends RST');
    return;
  }
  if (t.finSeq < 0 && (t.state === 'ESTABLISHED' || t.state === 'CLOSE-WAIT' || t.state === 'SYN-RECEIVED')) {
    queueFin(c, 'close() sent FIN');
  } else if (t.state === 'FIN-WAIT-2') {
    // tcp_close(): tcp_time_wait(sk, TCP_FIN_WAIT2, tcp_fin_time) while that is at most 60 s
    t.timewaitAt = c.now + TCP_FIN_TIMEOUT_NS;
    becomeTimewaitSock(t);
  }
}

/** tcp_disconnect()'s test: tcp_need_reset(state), or CLOSING / LAST-ACK with data not yet sent */
function needsReset(c: Ctx): boolean {
  const s = c.t.state;
  if (s === 'ESTABLISHED' || s === 'CLOSE-WAIT' || s === 'FIN-WAIT-1' || s === 'FIN-WAIT-2' || s === 'SYN-RECEIVED') return true;
  return (s === 'CLOSING' || s === 'LAST-ACK') && notsentBytes(c.conn, c.t) > 0;
}

function onAbort(c: Ctx): void {
  const t = c.t;
  if (t.state === 'CLOSED') return;
  if (isSynchronized(t.state) && t.state !== 'TIME-WAIT') sendActiveReset(c);
  transition(c, 'abort', 'abort');
}

