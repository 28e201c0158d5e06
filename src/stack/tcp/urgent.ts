/**
 * TCP urgent data (RFC 9293 §3.8.5, RFC 6093) as Linux does it, BSD's way: send(MSG_OOB) makes
 * the write's last byte urgent and the urgent pointer points just past it; the receiver takes
 * that one byte out of the stream (recv(MSG_OOB) reads it, SO_OOBINLINE leaves it in place).
 *
 * Sender (tcp_output.c): tcp_push → tcp_mark_urg sets snd_up to the write's end; while it is
 * unacknowledged (tcp_urg_mode) every segment whose seq lies below it carries URG and
 * snd_up − seq (__tcp_transmit_skb; 0xFFFF when snd_up is further than that), Nagle holds
 * nothing (tcp_nagle_test) and new data leaves one MSS at a time (tcp_write_xmit skips
 * tcp_mss_split_point); tcp_clean_rtx_queue ends urgent mode once SND.UNA reaches snd_up.
 * Receiver (tcp_input.c): tcp_check_urg takes a new urgent pointer (one less, as
 * tcp_stdurg = 0), tcp_urg copies the byte once a segment holding it arrives (urg_data
 * TCP_URG_VALID | byte); tcp_recvmsg stops at the mark and skips the byte unless SO_OOBINLINE;
 * tcp_recv_urg answers recv(MSG_OOB) without ever blocking; tcp_poll reports POLLPRI while the
 * byte is there to read and not the lone urgent byte as POLLIN. SIGURG is not modelled.
 * Pure functions of the Tcb and the connection's streams: no I/O, no clock.
 */
import { EAGAIN, EINVAL, ENOTCONN } from '../abi/errno.ts';
import type { TcpSegment } from '../wire/tcp.ts';
import { TCP_SYN, TCP_URG } from '../wire/tcp.ts';
import type { TcpConn } from './conn.ts';
import type { MutableTcb, Tcb } from './tcb.ts';
import { seqAdd, seqDiff, seqGt, seqLe, seqLt } from './seq.ts';
import { TCP_URG_NOTYET, TCP_URG_READ, TCP_URG_VALID } from './linux.ts';

const EMPTY = new Uint8Array(0);

/** tcp_urg_mode(): an urgent write not yet acknowledged */
export function inUrgentMode(t: Tcb): boolean {
  return t.sndUp >= 0;
}

/** tcp_mark_urg(): send(MSG_OOB) — the data written so far ends with the urgent byte */
export function markUrgent(t: MutableTcb, writeEnd: number): void {
  t.sndUp = writeEnd;
}

/** tcp_clean_rtx_queue(): SND.UNA reached snd_up, urgent mode is over */
export function urgentAcked(t: MutableTcb): void {
  if (t.sndUp >= 0 && seqLe(t.sndUp, t.sndUna)) t.sndUp = -1;
}

/**
 * __tcp_transmit_skb(): the urgent pointer of a segment starting at `seq`, 0 for none (the
 * caller sets URG when it is not). It counts from `seq` to just past the urgent byte; when
 * snd_up is 64 KiB or more ahead, 0xFFFF while seq + 0xFFFF lies past SND.NXT, else none.
 */
export function urgentPointer(t: Tcb, seq: number): number {
  if (t.sndUp < 0 || !seqLt(seq, t.sndUp)) return 0;
  const ptr = seqDiff(t.sndUp, seq);
  if (ptr < 0x10000) return ptr;
  return seqGt(seqAdd(seq, 0xffff), t.sndNxt) ? 0xffff : 0;
}

/** tcp_urg() with tcp_check_urg(): a segment arrives (before its text is queued) */
export function receiveUrgent(t: MutableTcb, conn: TcpConn, seg: TcpSegment): void {
  const seq = seg.seq >>> 0;
  if (seg.flags & TCP_URG) checkUrg(t, conn, seq, seg.urgent);
  if (t.urgData === TCP_URG_NOTYET) {
    // "Is the urgent pointer pointing into this packet?" (Linux counts from the TCP header, so
    // a segment starting past the byte reads a header byte as urgent data: not modelled)
    const at = (t.urgSeq - seq - (seg.flags & TCP_SYN ? 1 : 0)) >>> 0;
    if (at < seg.payload.length) t.urgData = TCP_URG_VALID | seg.payload[at]!;
  }
}

function checkUrg(t: MutableTcb, conn: TcpConn, seq: number, urgent: number): void {
  // tcp_stdurg = 0: BSD's pointer, one past the urgent byte
  const ptr = seqAdd(seq, urgent ? urgent - 1 : 0);
  // "Ignore urgent data that we've already seen and read", and do not replay a pointer into
  // data already received
  if (seqGt(t.copiedSeq, ptr) || seqLt(ptr, t.rcvNxt)) return;
  // "Do we already have a newer (or duplicate) urgent pointer?"
  if (t.urgData !== 0 && !seqGt(ptr, t.urgSeq)) return;
  // a new mark while the reader stands at the old one, unread: the old byte leaves the stream
  if (t.urgSeq === t.copiedSeq && t.urgData !== 0 && !t.urgInline && t.copiedSeq !== t.rcvNxt) {
    conn.rcv.read(1);
    t.copiedSeq = seqAdd(t.copiedSeq, 1);
  }
  t.urgData = TCP_URG_NOTYET;
  t.urgSeq = ptr;
}

/**
 * tcp_recv_urg(): what recv(MSG_OOB) answers — the urgent byte (an empty read for n = 0, where
 * Linux sets MSG_TRUNC), or EINVAL (none, read already, or SO_OOBINLINE), EAGAIN while it has
 * not arrived (never a wait), end of stream once the peer's FIN came, ENOTCONN on a connection
 * that closed before. MSG_PEEK asks this alone; recvUrgent also marks the byte read.
 */
export function urgentAnswer(t: Tcb, n: number): Uint8Array | number {
  if (t.urgInline || t.urgData === 0 || t.urgData === TCP_URG_READ) return -EINVAL;
  if (t.state === 'CLOSED' && !t.rcvFin) return -ENOTCONN;
  if (t.urgData & TCP_URG_VALID) return n > 0 ? Uint8Array.of(t.urgData & 0xff) : EMPTY;
  if (t.state === 'CLOSED' || t.rcvFin || t.rdShutdown) return EMPTY;
  return -EAGAIN;
}

/** recv(MSG_OOB) without MSG_PEEK: the answer, and a byte read is read (TCP_URG_READ) */
export function recvUrgent(t: MutableTcb, n: number): Uint8Array | number {
  const r = urgentAnswer(t, n);
  if (typeof r !== 'number' && t.urgData & TCP_URG_VALID) t.urgData = TCP_URG_READ;
  return r;
}

/** The reader stands at the urgent byte and will skip it (tcp_recvmsg; tcp_poll counts one byte more) */
export function atSkippedMark(t: Tcb): boolean {
  return t.urgData !== 0 && t.urgSeq === t.copiedSeq && !t.urgInline;
}

/** SIOCATMARK: the next byte to read is the urgent one */
export function atMark(t: Tcb): boolean {
  return t.urgData !== 0 && t.urgSeq === t.copiedSeq;
}

/** How much of a read of `n` from `from` may be taken: a read stops before the mark */
export function readLimit(t: Tcb, from: number, n: number): number {
  if (t.urgData === 0) return n;
  const off = seqDiff(t.urgSeq, from);
  return off > 0 && off < n ? off : n;
}

/** tcp_recvmsg's skip_copy: once the reader passed the mark, the urgent state is gone */
export function passedMark(t: MutableTcb): void {
  if (t.urgData !== 0 && seqGt(t.copiedSeq, t.urgSeq)) t.urgData = 0;
}

/** tcp_poll(): POLLPRI while the urgent byte waits to be read */
export function urgentReadable(t: Tcb): boolean {
  return (t.urgData & TCP_URG_VALID) !== 0;
}
