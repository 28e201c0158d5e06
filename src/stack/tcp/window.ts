/**
 * The receive window Linux 6.x advertises and the buffers behind it.
 *
 * Buffer model: Linux charges each skb's truesize against sk_rcvbuf and advertises
 * tcp_win_from_space() of the rest: space × scaling_ratio / 256, the ratio measured from the
 * first full-sized segment (tcp_measure_rcv_mss). The receive queue's charge is
 * RecvStream.truesize (coalesced skbs, stream.ts) and the out-of-order queue's (Reassembly), each
 * skb at what its device made it cost (rcv-skb.ts). Window growth: tcp_grow_window() (rcv_ssthresh), tcp_set_window_clamp() when
 * the ratio changes, and 6.16+'s tcp_rcv_space_adjust()/tcp_rcvbuf_grow() (DRS, paced by rcv-rtt.ts;
 * 6.18's slow-start term where the kernel profile has it).
 */
import { segmentHeaders } from './rcv-skb.ts';
import type { Ctx, TcpConfig } from './conn.ts';
import type { MutableTcb } from './tcb.ts';
import { MAX_TCP_HEADER, SKB_SHARED_INFO_SIZE, SKB_STRUCT_SIZE, SOCK_MIN_RCVBUF, TCP_DEFAULT_SCALING_RATIO, TCP_INIT_CWND, TCP_MAX_WSCALE, TCP_RMEM_TO_WIN_SCALE, U16_MAX } from './linux.ts';
import { seqDiff } from './seq.ts';
import { stampUsDelta } from './rcv-rtt.ts';
import { CHRONO_SNDBUF_LIMITED, chronoStop } from './chrono.ts';

/** __tcp_win_from_space(): the window `space` bytes of buffer hold at `ratio` (0 for no space). */
export function winFromSpace(space: number, ratio = TCP_DEFAULT_SCALING_RATIO): number {
  return space > 0 ? Math.floor((space * ratio) / 2 ** TCP_RMEM_TO_WIN_SCALE) : 0;
}

/** __tcp_space_from_win(): the buffer a window needs at `ratio`. */
export function spaceFromWin(win: number, ratio: number): number {
  return Math.floor((win * 2 ** TCP_RMEM_TO_WIN_SCALE) / ratio);
}

/** tcp_full_space() */
export function fullSpace(t: MutableTcb): number {
  return winFromSpace(t.rcvBuf, t.scalingRatio);
}

/** sk_rmem_alloc: the receive queue's skbs and the out-of-order queue's. */
export function rmemAlloc(c: Ctx): number {
  return c.conn.rcv.truesize + c.conn.ofo.truesize;
}

/** tcp_space(): the window the free buffer allows, the backlog's segments counted as taken (sk_backlog.len) */
export function freeSpace(c: Ctx): number {
  return winFromSpace(c.t.rcvBuf - c.conn.backlog.len - rmemAlloc(c), c.t.scalingRatio);
}

/** The window from rcvWup that the peer may still fill (Linux tcp_receive_window). */
export function receiveWindow(t: MutableTcb): number {
  const w = t.rcvWnd - seqDiff(t.rcvNxt, t.rcvWup);
  return w < 0 ? 0 : w;
}

export interface InitialWindow {
  readonly rcvWnd: number;
  readonly windowClamp: number;
  readonly wscale: number;
}

/**
 * tcp_output.c tcp_select_initial_window(); `space` is tcp_full_space(), `mss` as the caller
 * passes it. rcv_wnd is the whole space, not capped at 64 KB (378979e94e95, "tcp: remove 64
 * KByte limit for initial tp->rcv_wnd value", 6.10, in 6.1/6.6 stable): the SYN's own field is
 * (sendSyn), and rcv_ssthresh starts from it, so a later, larger clamp lets the window grow.
 */
export function selectInitialWindow(space0: number, mss: number, clamp0: number, cfg: TcpConfig, wsOk: boolean): InitialWindow {
  let clamp = clamp0 === 0 ? U16_MAX * 2 ** TCP_MAX_WSCALE : clamp0;
  let space = Math.min(clamp, space0);
  // "Quantize space offering to a multiple of mss if possible."
  if (space > mss) space = Math.floor(space / mss) * mss;
  const rcvWnd = space;
  let wscale = 0;
  if (wsOk) {
    // "Set window scaling on max possible window"
    let s = Math.max(space, cfg.tcpRmem[2], cfg.rmemMax);
    s = Math.min(s, clamp);
    wscale = Math.max(0, Math.min(TCP_MAX_WSCALE, Math.floor(Math.log2(s)) - 15));
  }
  clamp = Math.min(U16_MAX * 2 ** wscale, clamp);
  return { rcvWnd, windowClamp: clamp, wscale };
}

/** tcp_output.c __tcp_select_window(): the window we would like to offer now. */
export function computeWindow(c: Ctx): number {
  const t = c.t;
  let mss = t.rcvMss;
  let free = freeSpace(c);
  const allowed = fullSpace(t);
  const full = Math.min(t.windowClamp, allowed);
  if (mss > full) {
    mss = full;
    if (mss <= 0) return 0;
  }
  // "Only allow window shrink if the sysctl is enabled and we have a non-zero scaling factor"
  if (c.conn.cfg.shrinkWindow && t.rcvWscale) return shrinkableWindow(c, free, allowed, full, mss);
  if (free < full >> 1) {
    t.quick = 0;
    free = free - (free % (1 << t.rcvWscale));
    // "if free space is less than mss estimate, or is below 1/16th of the maximum allowed"
    if (free < allowed >> 4 || free < mss) return 0;
  }
  if (free > t.rcvSsthresh) free = t.rcvSsthresh;
  if (t.rcvWscale) {
    // "Advertise enough space so that it won't get scaled away."
    const unit = 1 << t.rcvWscale;
    return Math.ceil(free / unit) * unit;
  }
  let window = t.rcvWnd;
  if (window <= free - mss || window > free) window = Math.floor(free / mss) * mss;
  else if (mss === full && free > window + (full >> 1)) window = free;
  return window;
}

/**
 * __tcp_select_window()'s shrink_window_allowed (net.ipv4.tcp_shrink_window, 6.5+): the free
 * space rounded down to the scale first, zero when too little is left (or more than
 * rcv_ssthresh), else rcv_ssthresh aligned up when that is lower.
 */
function shrinkableWindow(c: Ctx, space: number, allowed: number, full: number, mss: number): number {
  const t = c.t;
  const unit = 1 << t.rcvWscale;
  const free = space - (space % unit);
  if (free < full >> 1) {
    t.quick = 0;
    if (free < allowed >> 4 || free > t.rcvSsthresh || free < mss || free < unit) return 0;
  }
  return free > t.rcvSsthresh ? Math.ceil(t.rcvSsthresh / unit) * unit : free;
}

/**
 * tcp_time_wait(): Linux hands the connection to a timewait mini-socket, which answers with
 * the window it had then (tw_rcv_wnd = tcp_receive_window), unscaled by later sequence numbers.
 * Once only: a FIN-WAIT-2 mini-socket stays the same one in TIME-WAIT.
 */
export function becomeTimewaitSock(t: MutableTcb): void {
  if (t.twRcvWnd < 0) t.twRcvWnd = receiveWindow(t);
}

/** tcp_output.c tcp_select_window(): never shrink (unless tcp_shrink_window); record rcvWnd/rcvWup; return the header field. */
export function selectWindow(c: Ctx): number {
  const t = c.t;
  // a timewait mini-socket's segments: tcp_v4_timewait_ack, tw_rcv_wnd >> tw_rcv_wscale
  if (t.twRcvWnd >= 0) return t.twRcvWnd >>> t.rcvWscale;
  if (t.ackNomem) {
    // "Make the window 0 if we failed to queue the data because we are out of memory."
    t.rcvWnd = 0;
    t.rcvWup = t.rcvNxt;
    return 0;
  }
  const cur = receiveWindow(t);
  let win = computeWindow(c);
  if (win < cur && (!c.conn.cfg.shrinkWindow || t.rcvWscale === 0)) {
    // "Never shrink the offered window" — unless net.ipv4.tcp_shrink_window lets a scaled one
    const unit = 1 << t.rcvWscale;
    win = Math.ceil(cur / unit) * unit;
  }
  t.rcvWnd = win;
  t.rcvWup = t.rcvNxt;
  return Math.min(win, U16_MAX * 2 ** t.rcvWscale) >>> t.rcvWscale;
}

/**
 * tcp_input.c tcp_grow_window(), for a segment of `len` ≥ 128 bytes. Check #2 asks whether an
 * skb with such overhead would fit the buffer: an skb whose payload is all in page fragments (a
 * veth's) is reckoned by those alone (truesize_adjust), so it always passes and the window grows
 * by two segments; a linear one (a tun's, rcv-skb.ts) by its whole truesize, and failing that
 * __tcp_grow_window() halves truesize and room until the segment outweighs it.
 */
export function growWindow(c: Ctx, len: number): void {
  const t = c.t;
  const room = Math.min(t.windowClamp, freeSpace(c)) - t.rcvSsthresh;
  if (room <= 0) return;
  const cost = c.conn.cfg.rcvSkb;
  const truesize = cost.coalesces ? len : cost.truesize(len, segmentHeaders(t.tsOk));
  const grow = winFromSpace(truesize, t.scalingRatio) <= len ? 2 * t.advmss : growByHalves(c, len, truesize);
  if (grow === 0) return;
  t.rcvSsthresh += Math.min(room, Math.max(grow, 2 * len));
  t.quick |= 1;
}

/** tcp_input.c __tcp_grow_window(): two receive MSS if the segment outweighs its halved overhead in time */
function growByHalves(c: Ctx, len: number, skbTruesize: number): number {
  const t = c.t;
  let truesize = winFromSpace(skbTruesize, t.scalingRatio) >> 1;
  let window = winFromSpace(c.conn.cfg.tcpRmem[2], t.scalingRatio) >> 1;
  while (t.rcvSsthresh <= window) {
    if (truesize <= len) return 2 * t.rcvMss;
    truesize >>= 1;
    window >>= 1;
  }
  return 0;
}

/**
 * tcp_input.c tcp_init_buffer_space(), at the end of the handshake: the clamp is the full
 * space less one segment ("Attempt to have a window clamp of at least two segments", with
 * tcp_app_win's default 31), and rcv_ssthresh starts at most there. So after a short response a
 * client keeps 64 512 (63 × 1024) where the full space would round up to 65 536.
 */
export function initBufferSpace(t: MutableTcb): void {
  const maxwin = fullSpace(t);
  if (t.windowClamp >= maxwin) t.windowClamp = maxwin;
  if (t.windowClamp > 2 * t.advmss && t.windowClamp + t.advmss > maxwin) {
    t.windowClamp = Math.max(2 * t.advmss, maxwin - t.advmss);
  }
  t.rcvSsthresh = Math.min(t.rcvSsthresh, t.windowClamp);
  t.rcvSpace = Math.min(t.rcvSsthresh, t.rcvWnd, TCP_INIT_CWND * t.advmss);
  t.rcvSpaceSeq = t.copiedSeq;
}

/** tcp.c tcp_set_window_clamp(): a larger clamp lets rcv_ssthresh up to rcv_wnd at once; a smaller one caps it. */
export function setWindowClamp(t: MutableTcb, val: number): void {
  const clamp = Math.max(SOCK_MIN_RCVBUF / 2, val);
  if (clamp === t.windowClamp) return;
  const old = t.windowClamp;
  t.windowClamp = clamp;
  if (clamp < old) t.rcvSsthresh = Math.min(t.rcvSsthresh, clamp);
  else t.rcvSsthresh = Math.max(Math.min(t.rcvWnd, clamp), t.rcvSsthresh);
}

/**
 * tcp_input.c tcp_measure_rcv_mss(), the scaling-ratio part: a segment at least rcv_mss long
 * and of another size sets scaling_ratio = len / truesize (an arriving skb's, rcv-skb.ts) and
 * moves the clamp with it. `unit` is its GSO size (a super-segment's MSS).
 */
export function measureScalingRatio(c: Ctx, len: number, unit: number): void {
  const t = c.t;
  if (unit < t.rcvMss || unit === t.rcvMss) return;
  const truesize = c.conn.cfg.rcvSkb.truesize(len, segmentHeaders(t.tsOk));
  const ratio = Math.max(1, Math.floor((len * 2 ** TCP_RMEM_TO_WIN_SCALE) / truesize));
  if (ratio === t.scalingRatio) return;
  t.scalingRatio = ratio;
  setWindowClamp(t, winFromSpace(t.rcvBuf, ratio));
  if (t.windowClamp < t.rcvSpace) t.rcvSpace = t.windowClamp;
}

/**
 * tcp_input.c tcp_rcv_space_adjust() (Dynamic Right-Sizing, 6.16+): once per receiver RTT
 * (rcv-rtt.ts), if the user read more than in the last one (bytes still queued not counted),
 * tcp_rcvbuf_grow() takes that as the new rcvq_space. Linux compares tcp_mstamp, in µs.
 */
export function rcvSpaceAdjust(c: Ctx): void {
  const t = c.t;
  if (t.rcvRttUs8 === 0 || stampUsDelta(c.now, t.rcvSpaceTime) < t.rcvRttUs8 >> 3) return;
  const inq = seqDiff(t.rcvNxt, t.copiedSeq);
  const copied = seqDiff(t.copiedSeq, t.rcvSpaceSeq) - inq;
  if (copied > t.rcvSpace) rcvbufGrow(c, copied);
  t.rcvSpaceSeq = t.copiedSeq;
  t.rcvSpaceTime = c.now;
}

/**
 * tcp_input.c tcp_rcvbuf_grow(sk, newval) (6.16+): rcvq_space becomes `newval`; the window to
 * provision is 2 × newval ("DRS is always one RTT late"), on 6.18 (cfg.rcvbufGrowSlowStart,
 * "tcp: fix too slow tcp_rcvbuf_grow() action") plus twice that again scaled by the growth since
 * the last measure ("slow start: allow the sender to double its rate"), plus what the
 * out-of-order queue spans; the buffer for it at the current ratio, at most tcp_rmem[2], and the
 * clamp follows. A segment joining the out-of-order queue calls it with the space unchanged.
 */
export function rcvbufGrow(c: Ctx, newval: number): void {
  const t = c.t;
  const oldval = t.rcvSpace;
  t.rcvSpace = newval;
  if (t.rcvBufLocked) return;
  let rcvwin = 2 * newval;
  if (c.conn.cfg.rcvbufGrowSlowStart && oldval > 0) rcvwin += 2 * Math.floor((rcvwin * (newval - oldval)) / oldval);
  if (!c.conn.ofo.isEmpty) rcvwin += seqDiff(c.conn.ofo.lastEnd, t.rcvNxt);
  const rcvbuf = Math.min(spaceFromWin(rcvwin, t.scalingRatio), c.conn.cfg.tcpRmem[2]);
  if (rcvbuf > t.rcvBuf) {
    t.rcvBuf = rcvbuf;
    t.windowClamp = winFromSpace(rcvbuf, t.scalingRatio);
  }
}

/** tcp_input.c tcp_sndbuf_expand(): 2 × max(cwnd, 10) × per-MSS truesize (2304 for a 1460 MSS), at most tcp_wmem[2]. */
export function sndbufExpand(c: Ctx): void {
  const t = c.t;
  if (t.sndBufLocked) return;
  const perMss = 2 ** Math.ceil(Math.log2(Math.max(t.mssClamp, t.mss) + MAX_TCP_HEADER + SKB_SHARED_INFO_SIZE)) + SKB_STRUCT_SIZE;
  const segs = Math.max(TCP_INIT_CWND, t.cwnd);
  const sndmem = 2 * segs * perMss;
  if (t.sndBuf < sndmem) t.sndBuf = Math.min(sndmem, c.conn.cfg.tcpWmem[2]);
}

/**
 * tcp_should_expand_sndbuf()'s cwnd test: "If we filled the congestion window, do not expand".
 * Real 6.18 makes it on the state the ACK left, before the data that ACK lets out: its SO_SNDBUF
 * grew to 2 × cwnd × per-MSS after an ACK whose push filled cwnd (epoll_out_edge: 92160 with
 * cwnd 20 and 20 packets out right after).
 */
export function sndbufMayGrow(c: Ctx): boolean {
  return c.conn.sent.packets < c.t.cwnd;
}

/**
 * tcp_input.c tcp_check_space() / tcp_new_space(), after an ACK and what it let out: a writer
 * waiting for room gets a larger buffer only if the congestion window was not full (`cwndRoom`,
 * sndbufMayGrow), and is woken once half the queue is free (sk_stream_write_space).
 */
export function checkSpace(c: Ctx, cwndRoom: boolean): void {
  const t = c.t;
  if (!t.sndNoSpace) return;
  if (cwndRoom) sndbufExpand(c);
  const queued = c.conn.snd.wmemQueued;
  if (t.sndBuf - queued >= queued >> 1) {
    t.sndNoSpace = false;
    t.sndWakes += 1;
    chronoStop(c, CHRONO_SNDBUF_LIMITED);
  }
}
