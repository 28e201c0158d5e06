/**
 * What a socket answers without a step (no state changes): recv(MSG_PEEK), recv(MSG_OOB |
 * MSG_PEEK), SIOCATMARK and its queues (SIOCINQ as tcp_inq, SIOCOUTQ, SIOCOUTQNSD, epoll's arrivals). A
 * plain recv(MSG_OOB) changes state and is stepped (urgent.ts).
 */
import { EAGAIN, EINVAL, ENOTCONN } from '../abi/errno.ts';
import type { Sock } from './sock.ts';
import { seqAdd, seqDiff, seqLt } from './seq.ts';
import { atMark, atSkippedMark, readLimit, urgentAnswer } from './urgent.ts';
import { recvWouldBlock } from './user.ts';

/** recv(MSG_PEEK): as a read, past an urgent byte the reader stands at and not past the mark ahead (urgent.ts) */
export function peekQueue(s: Sock, n: number): Uint8Array | number {
  if (s.kind !== 'conn') return -ENOTCONN;
  if (n > 0 && recvWouldBlock(s.conn)) return -EAGAIN;
  const t = s.conn.tcb;
  const skip = atSkippedMark(t) ? 1 : 0;
  const out = s.conn.rcv.peek(readLimit(t, seqAdd(t.copiedSeq, skip), n), skip);
  // the urgent byte alone: nothing to read yet, unless the stream ended
  if (out.length === 0 && n > 0 && !t.rcvFin && !t.rdShutdown && t.err === 0 && t.state !== 'CLOSED') return -EAGAIN;
  return out;
}

/**
 * recv(MSG_OOB): tcp_recvmsg_locked() says ENOTCONN on a listener before it looks at MSG_OOB,
 * and a socket never connected has no urgent data (EINVAL); MSG_PEEK's answer changes nothing,
 * a read must be stepped ('step').
 */
export function urgentRead(s: Sock, n: number, peek: boolean): Uint8Array | number | 'step' {
  if (s.kind === 'listen') return -ENOTCONN;
  if (s.kind !== 'conn') return -EINVAL;
  return peek ? urgentAnswer(s.conn.tcb, n) : 'step';
}

/** ioctl(SIOCATMARK): 1 at the urgent byte, else 0; EINVAL on a listener (tcp_ioctl) */
export function atMarkAnswer(s: Sock): number {
  if (s.kind === 'listen') return -EINVAL;
  return s.kind === 'conn' && atMark(s.conn.tcb) ? 1 : 0;
}

export interface SockQueues {
  /** SIOCINQ (tcp_inq): what a read could take, up to an urgent mark */
  readonly inq: number;
  /** ss's Recv-Q (rcv_nxt − copied_seq): every byte received and not read, an urgent byte included */
  readonly unread: number;
  readonly outq: number;
  readonly notsent: number;
  readonly arrivals: number;
  /** a listening socket: tcp_ioctl refuses SIOCINQ, SIOCOUTQ and SIOCOUTQNSD there (EINVAL) */
  readonly listening?: boolean;
}

/** SIOCINQ, SIOCOUTQ, SIOCOUTQNSD, and a count that moves with every arrival (epoll's edges) */
export function sockQueues(s: Sock): SockQueues {
  if (s.kind === 'listen') return { inq: 0, unread: 0, outq: 0, notsent: 0, arrivals: s.accepted + s.acceptQueue.length, listening: true };
  if (s.kind !== 'conn') return { inq: 0, unread: 0, outq: 0, notsent: 0, arrivals: 0 };
  const t = s.conn.tcb;
  const notsent = Math.max(0, (seqAdd(s.conn.snd.baseSeq, s.conn.snd.length) - t.sndNxt) | 0);
  return { inq: inq(s), unread: s.conn.rcv.length, outq: s.conn.snd.length, notsent, arrivals: ((t.rcvNxt - t.irs) >>> 0) + (t.rcvFin ? 1 : 0) + t.sndWakes };
}

/**
 * tcp_inq(): the bytes a read could take — up to the urgent mark while an urgent byte not read
 * inline lies ahead in what came (SIOCINQ stops there, as a read does); nothing during the handshake.
 */
function inq(s: Sock): number {
  const t = s.conn.tcb;
  if (t.state === 'SYN-SENT' || t.state === 'SYN-RECEIVED') return 0;
  if (t.urgInline || t.urgData === 0 || seqLt(t.urgSeq, t.copiedSeq) || !seqLt(t.urgSeq, t.rcvNxt)) return s.conn.rcv.length;
  return seqDiff(t.urgSeq, t.copiedSeq);
}
