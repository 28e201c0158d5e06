/**
 * The receive window Linux advertises and the buffers behind it.
 *
 * Buffer model: Linux charges skb truesize against sk_rcvbuf and advertises
 * tcp_win_from_space() of the rest, with a default scaling ratio of ½. We charge twice the
 * payload (truesize ≈ 2·len, the ratio Linux assumes), so the window is rcvbuf/2 − queued.
 */
import type { Ctx, TcpConfig } from './conn.ts';
import type { MutableTcb } from './tcb.ts';
import { TCP_INIT_CWND, TCP_MAX_WSCALE, U16_MAX } from './linux.ts';
import { seqDiff } from './seq.ts';

/** tcp_win_from_space() with TCP_DEFAULT_SCALING_RATIO: half the space is window. */
export function winFromSpace(space: number): number {
  return space > 0 ? Math.floor(space / 2) : 0;
}

/** tcp_full_space() */
export function fullSpace(t: MutableTcb): number {
  return winFromSpace(t.rcvBuf);
}

/** tcp_space(): the window the free buffer allows (queued counts in-order and out-of-order bytes). */
export function freeSpace(c: Ctx): number {
  const queued = c.conn.rcv.length + c.conn.ofo.bytes;
  return winFromSpace(c.t.rcvBuf - 2 * queued);
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

/** tcp_output.c tcp_select_initial_window(); `space` is tcp_full_space(), `mss` as the caller passes it. */
export function selectInitialWindow(space0: number, mss: number, clamp0: number, cfg: TcpConfig, wsOk: boolean): InitialWindow {
  let clamp = clamp0 === 0 ? U16_MAX * 2 ** TCP_MAX_WSCALE : clamp0;
  let space = Math.min(clamp, space0);
  // "Quantize space offering to a multiple of mss if possible."
  if (space > mss) space = Math.floor(space / mss) * mss;
  const rcvWnd = Math.min(space, U16_MAX);
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

/** tcp_output.c tcp_select_window(): never shrink; record rcvWnd/rcvWup; return the header field. */
export function selectWindow(c: Ctx): number {
  const t = c.t;
  const cur = receiveWindow(t);
  let win = computeWindow(c);
  if (win < cur) {
    // "Never shrink the offered window"
    const unit = 1 << t.rcvWscale;
    win = Math.ceil(cur / unit) * unit;
  }
  t.rcvWnd = win;
  t.rcvWup = t.rcvNxt;
  return Math.min(win, U16_MAX * 2 ** t.rcvWscale) >>> t.rcvWscale;
}

/** tcp_input.c tcp_grow_window(), for a segment of `len` ≥ 128 bytes (truesize ≈ 2·len: check #2 passes). */
export function growWindow(c: Ctx, len: number): void {
  const t = c.t;
  const room = Math.min(t.windowClamp, freeSpace(c)) - t.rcvSsthresh;
  if (room <= 0) return;
  const incr = Math.max(2 * t.advmss, 2 * len);
  t.rcvSsthresh += Math.min(room, incr);
  t.quick |= 1;
}

/** tcp_input.c tcp_init_buffer_space(), at the end of the handshake. */
export function initBufferSpace(t: MutableTcb): void {
  const maxwin = fullSpace(t);
  if (t.windowClamp >= maxwin) t.windowClamp = maxwin;
  t.rcvSsthresh = Math.min(t.rcvSsthresh, t.windowClamp);
  t.rcvSpace = Math.min(t.rcvSsthresh, t.rcvWnd, TCP_INIT_CWND * t.advmss);
  t.rcvSpaceSeq = t.copiedSeq;
}

/** tcp_input.c tcp_rcv_space_adjust() ("DRS"): grow rcvbuf when the reader keeps up with more than last RTT. */
export function rcvSpaceAdjust(c: Ctx): void {
  const t = c.t;
  if (t.rcvRtt === 0 || c.now - t.rcvSpaceTime < t.rcvRtt) return;
  const inq = seqDiff(t.rcvNxt, t.copiedSeq);
  const copied = seqDiff(t.copiedSeq, t.rcvSpaceSeq) - inq;
  if (copied > t.rcvSpace) {
    if (!t.rcvBufLocked) {
      let rcvwin = 2 * copied + 16 * t.advmss;
      const grow = Math.floor((rcvwin * (copied - t.rcvSpace)) / t.rcvSpace);
      rcvwin += 2 * grow;
      const rcvbuf = Math.min(2 * rcvwin, c.conn.cfg.tcpRmem[2]);
      if (rcvbuf > t.rcvBuf) {
        t.rcvBuf = rcvbuf;
        t.windowClamp = winFromSpace(rcvbuf);
      }
    }
    t.rcvSpace = copied;
  }
  t.rcvSpaceSeq = t.copiedSeq;
  t.rcvSpaceTime = c.now;
}

/** tcp_input.c tcp_sndbuf_expand(): 2 × max(cwnd, 10) × per-MSS truesize, at most tcp_wmem[2]. */
export function sndbufExpand(c: Ctx): void {
  const t = c.t;
  if (t.sndBufLocked) return;
  const perMss = 2 ** Math.ceil(Math.log2(Math.max(t.mssClamp, t.mss) + 320 + 320)) + 256;
  const segs = Math.max(TCP_INIT_CWND, t.cwnd);
  const sndmem = 2 * segs * perMss;
  if (t.sndBuf < sndmem) t.sndBuf = Math.min(sndmem, c.conn.cfg.tcpWmem[2]);
}
