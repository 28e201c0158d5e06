/**
 * RFC 9293 §3.10.7.4, "seventh, process the segment text" and "eighth, check the FIN bit",
 * as Linux's tcp_data_queue() / tcp_event_data_recv() / tcp_fin() do them, including the
 * delayed-ACK engine's bookkeeping (quick-ACK at connection start, ATO estimation).
 */
import type { TcpSegment } from '../wire/tcp.ts';
import { TCP_FIN } from '../wire/tcp.ts';
import type { Ctx } from './conn.ts';
import { seqAdd, seqDiff, seqGt, seqLe, seqLt } from './seq.ts';
import { growWindow, measureScalingRatio, rcvbufGrow, receiveWindow, rmemAlloc } from './window.ts';
import { rcvRttMeasure } from './rcv-rtt.ts';
import { segmentHeaders } from './rcv-skb.ts';
import { countMib } from './mib.ts';
import { PAGE_SIZE } from '../skb.ts';
import { transition } from './transitions.ts';
import { sendAck } from './output.ts';
import { ecnCheckCe } from './ecn.ts';
import { TCP_ATO_MIN_NS, TCP_MAX_QUICKACKS, TCP_PINGPONG_THRESH } from './linux.ts';

/** Queues the segment's text and FIN; returns nothing, leaves the ACK decision to ackSndCheck. */
export function onText(c: Ctx, seg: TcpSegment, ipEcn = 0): void {
  const t = c.t;
  const len = seg.payload.length;
  const fin = (seg.flags & TCP_FIN) !== 0;
  if (len === 0 && !fin) return;
  const seq = seg.seq >>> 0;
  if (seqLe(seqAdd(seq, len + (fin ? 1 : 0)), t.rcvNxt)) {
    // entirely old: a retransmission we already have (tcp_send_dupack → quick ACK mode, D-SACK)
    enterQuickAck(c);
    if (len > 0) setDsack(c, seq, seqAdd(seq, len));
    t.ackPending = true;
    t.ackNow = true;
    return;
  }
  let data = seg.payload;
  let start = seq;
  const skip = seqDiff(t.rcvNxt, start);
  if (skip > 0) {
    // "Partial packet, seq < rcv_next < end_seq": D-SACK the part we had
    setDsack(c, start, t.rcvNxt);
    data = data.subarray(Math.min(skip, data.length));
    start = t.rcvNxt;
  }
  const window = receiveWindow(t);
  if (start !== t.rcvNxt) {
    onOutOfOrder(c, start, data, fin, window, ipEcn);
    return;
  }
  if (window === 0 && data.length > 0) {
    // "out_of_window": zero window, data dropped (LINUX_MIB_TCPZEROWINDOWDROP); ACK at once with the window we have
    countMib(c, 'TcpExtTCPZeroWindowDrop');
    enterQuickAck(c);
    t.ackPending = true;
    t.ackNow = true;
    return;
  }
  if (c.conn.rcv.length > 0 && rmemAlloc(c) + data.length > t.rcvBuf) {
    // tcp_try_rmem_schedule() fails (tcp_can_ingest(): sk_rmem_alloc + len > sk_rcvbuf):
    // ICSK_ACK_NOMEM | ICSK_ACK_NOW, the ACK goes at once with the window that is left, as for
    // a bare FIN (Linux 6.10+ takes one even at zero window, to end FIN/ACK loops). When even the
    // queued bytes, collapsed into skbs of their own size (tcp_prune_queue → tcp_collapse), leave
    // no room, the data is dropped (LINUX_MIB_TCPRCVQDROP) and that ACK offers a zero window
    // (tcp_select_window): a buffer shrunk under unread data (kernel selftest
    // tcp_rcv_wnd_shrink_nomem). Into an empty queue the segment goes without that check
    // (sk_forced_mem_schedule) and its ACK waits as any other: real 6.18.44 acknowledges
    // tcp_rcv_toobig's 60 000 bytes into a 24 000-byte buffer after the delayed-ACK timeout (ato
    // 84 ms), counting no TcpExtPruneCalled.
    t.ackPending = true;
    t.ackNow = true;
    if (data.length > 0 && c.conn.rcv.length + c.conn.ofo.bytes + data.length > t.rcvBuf && !fitsForwardAlloc(c, len)) {
      t.ackNomem = true;
      countMib(c, 'TcpExtTCPRcvQDrop');
      return;
    }
  }
  // "Ok. In sequence. In window.": tcp_sequence() let it in, so it is queued whole, even
  // past the window's edge (it did so only while the receive queue was empty)
  if (data.length > 0) {
    // a segment that repeats what we had is queued whole and charged so (tcp_queue_rcv: its seq
    // is not the tail's end_seq, so tcp_try_coalesce() leaves it an skb of its own)
    const headers = segmentHeaders(t.tsOk);
    c.conn.rcv.push(data, headers, skip > 0 ? c.conn.cfg.rcvSkb.truesize(len, headers) : undefined, c.rxSender, seq);
    t.rcvNxt = seqAdd(t.rcvNxt, data.length);
    // tcp_event_data_recv() sees the skb as it came: all `len` bytes, the repeated part too
    eventDataRecv(c, len);
    ecnCheckCe(c, ipEcn);
  }
  if (fin) onFin(c);
  drainOutOfOrder(c);
}

function onOutOfOrder(c: Ctx, start: number, data: Uint8Array, fin: boolean, window: number, ipEcn: number): void {
  const t = c.t;
  const room = window - seqDiff(start, t.rcvNxt);
  t.ackPending = true;
  t.ackNow = true;
  if (room <= 0) {
    // SKB_DROP_REASON_TCP_OVERWINDOW: it starts at or past the window's edge
    enterQuickAck(c);
    return;
  }
  ecnCheckCe(c, ipEcn); // tcp_data_queue_ofo() begins with tcp_data_ecn_check()
  // tcp_data_queue_ofo() keeps the whole segment (tcp_sequence() checked its end)
  if (data.length > 0) {
    // tcp_data_queue_ofo() measures rcv_mss (and the scaling ratio) as in-order data does,
    // since 6.16 ("tcp: ooo packets should update rcv_mss and tcp->scaling_ratio")
    measureRcvMss(c, data.length);
    // tcp_grow_window(): with SACK ("for non sack flows, do not grow
    // window to force DUPACK") held data opens the window as in-order data does, reckoned
    // before skb_set_owner_r() charges the segment
    if (t.sackOk) growWindow(c, data.length);
    const cost = c.conn.cfg.rcvSkb;
    const headers = segmentHeaders(t.tsOk);
    c.conn.ofo.insert(start, data, t.rcvNxt, (n) => cost.truesize(n, headers));
    // tcp_data_queue_ofo(), 6.16+: provision for what the hole holds back; since 6.16's fix
    // ("tcp: refine sk_rcvbuf increase for ooo packets") only with a socket attached, not
    // for a child waiting in the accept queue nor an orphan
    if (!t.unaccepted && !t.orphan) rcvbufGrow(c, t.rcvSpace);
  }
  if (fin) t.ofoFinSeq = seqAdd(start, data.length);
}

/** tcp_ofo_queue(): move what now continues in order; "SHOULD send immediate ACK when gap in queue is filled". */
function drainOutOfOrder(c: Ctx): void {
  const t = c.t;
  const ofo = c.conn.ofo;
  if (ofo.isEmpty && t.ofoFinSeq < 0) return;
  if (!ofo.isEmpty) {
    const headers = segmentHeaders(t.tsOk);
    for (const p of ofo.take(t.rcvNxt, (start, end) => extendDsack(c, start, end))) {
      // a coalescing device's skbs join the queue's tail as new arrivals would (tcp_ofo_queue →
      // tcp_try_coalesce); others move as the skbs they were
      c.conn.rcv.push(p.data, headers, c.conn.cfg.rcvSkb.coalesces ? undefined : p.truesize);
      t.rcvNxt = seqAdd(t.rcvNxt, p.data.length);
    }
    if (ofo.isEmpty) t.ackNow = true;
  }
  if (t.ofoFinSeq >= 0 && t.ofoFinSeq === t.rcvNxt && !t.rcvFin) {
    t.ofoFinSeq = -1;
    onFin(c);
  }
}

/** tcp_dsack_set(): report a duplicate in the next ACK (RFC 2883), when SACK was agreed */
function setDsack(c: Ctx, start: number, end: number): void {
  if (!c.t.sackOk) return;
  c.t.dsackStart = start;
  c.t.dsackEnd = end;
}

/**
 * tcp_send_dupack(): the answer to a segment tcp_sequence() refused; one that repeats what
 * we have puts us in quick-ACK mode and is D-SACKed, up to RCV.NXT (RFC 2883 §4).
 */
export function sendDupAck(c: Ctx, seg: TcpSegment): void {
  const t = c.t;
  const seq = seg.seq >>> 0;
  const end = seqAdd(seq, seg.payload.length + (seg.flags & TCP_FIN ? 1 : 0));
  if (end !== seq && seqLt(seq, t.rcvNxt)) {
    enterQuickAck(c);
    setDsack(c, seq, seqLt(end, t.rcvNxt) ? end : t.rcvNxt);
  }
  sendAck(c);
}

/** tcp_dsack_extend(): the first duplicate sets the D-SACK block, later ones may only grow it */
function extendDsack(c: Ctx, start: number, end: number): void {
  const t = c.t;
  if (t.dsackEnd === t.dsackStart) setDsack(c, start, end);
  else if (!seqGt(start, t.dsackEnd) && !seqGt(t.dsackStart, end)) {
    if (seqLt(start, t.dsackStart)) t.dsackStart = start;
    if (seqGt(end, t.dsackEnd)) t.dsackEnd = end;
  }
}

/**
 * tcp_measure_rcv_mss(): a super-segment counts by its GSO size (the device's, or else the
 * sender's MSS, taken to be ours too); a shorter segment marks the ACK as pushed. Segments
 * coalesced in the backlog count by their largest piece (tcp_add_backlog keeps the max gso_size).
 */
function measureRcvMss(c: Ctx, len: number): void {
  const t = c.t;
  const gso = c.conn.cfg.rxGsoSize;
  const piece = c.rxPiece || len;
  const unit = gso === 'none' ? piece : Math.min(piece, gso || t.mss);
  if (unit >= t.rcvMss) {
    measureScalingRatio(c, len, unit);
    t.rcvMss = Math.min(unit, t.advmss);
  } else t.ackPushed = true;
}

/** tcp_input.c tcp_event_data_recv() */
function eventDataRecv(c: Ctx, len: number): void {
  const t = c.t;
  t.ackPending = true;
  measureRcvMss(c, len);
  rcvRttMeasure(c);
  if (t.ato === 0) {
    // "The _first_ data packet received, initialize delayed ACK engine."
    incrQuickAck(c, TCP_MAX_QUICKACKS);
    t.ato = TCP_ATO_MIN_NS;
  } else {
    const m = c.now - t.lrcvtime;
    if (m <= TCP_ATO_MIN_NS / 2) t.ato = Math.floor(t.ato / 2) + TCP_ATO_MIN_NS / 2;
    else if (m < t.ato) t.ato = Math.min(Math.floor(t.ato / 2) + m, t.rto);
    else if (m > t.rto) incrQuickAck(c, TCP_MAX_QUICKACKS);
  }
  t.lrcvtime = c.now;
  if (len >= 128) growWindow(c, len);
}

/** tcp_incr_quickack() */
export function incrQuickAck(c: Ctx, max: number): void {
  const t = c.t;
  let q = Math.floor(t.rcvWnd / (2 * t.rcvMss));
  if (q === 0) q = 2;
  q = Math.min(q, max);
  if (q > t.quick) t.quick = q;
}

/** tcp_enter_quickack_mode(): quick ACKs, leave pingpong, ATO back to the minimum */
export function enterQuickAck(c: Ctx, max = TCP_MAX_QUICKACKS): void {
  incrQuickAck(c, max);
  c.t.pingpong = 0;
  c.t.ato = TCP_ATO_MIN_NS;
}

/**
 * tcp_rcv_established()'s fast path queues an in-order segment with no memory check at all when
 * its skb fits the memory already reserved for the socket ("(int)skb->truesize >
 * sk->sk_forward_alloc" sends it the slow way): receive memory is reserved in whole pages, so
 * what is left is the page-rounded remainder of sk_rmem_alloc. Real 6.18.44 kept a 1000-byte
 * segment (2304 bytes) with 3840 reserved under a shrunk buffer and dropped 5000 bytes (8448).
 */
function fitsForwardAlloc(c: Ctx, len: number): boolean {
  const rmem = rmemAlloc(c);
  const forwardAlloc = (PAGE_SIZE - (rmem % PAGE_SIZE)) % PAGE_SIZE;
  return c.conn.cfg.rcvSkb.truesize(len, segmentHeaders(c.t.tsOk)) <= forwardAlloc;
}

/** tcp_fin() */
function onFin(c: Ctx): void {
  const t = c.t;
  t.rcvNxt = seqAdd(t.rcvNxt, 1);
  t.rcvFin = true;
  t.ackPending = true;
  // "It _is_ possible, that we have something out-of-order _after_ FIN ... drop them", and
  // tcp_sack_reset(): no SACK and no pending D-SACK in what we send from now on
  c.conn.ofo.clear();
  t.dsackEnd = t.dsackStart;
  switch (t.state) {
    case 'SYN-RECEIVED':
    case 'ESTABLISHED':
      transition(c, 'rcv-fin', 'the peer sent FIN');
      t.pingpong = Math.max(t.pingpong, TCP_PINGPONG_THRESH);
      break;
    case 'FIN-WAIT-1':
      sendAck(c);
      transition(c, 'rcv-fin', 'simultaneous close: the peer sent FIN before acknowledging ours');
      break;
    case 'FIN-WAIT-2':
      sendAck(c);
      transition(c, 'rcv-fin', 'the peer sent FIN');
      break;
    default:
      break;
  }
}

