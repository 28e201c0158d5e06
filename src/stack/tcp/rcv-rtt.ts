/**
 * The receiver's RTT estimate that paces Dynamic Right-Sizing (tcp_rcv_space_adjust measures
 * the bytes read per receiver RTT), kept as Linux keeps it in rcv_rtt_est.rtt_us (µs × 8):
 *
 * - from timestamps (tcp_rcv_rtt_measure_ts): once per new TSecr, for a segment of at least
 *   rcv_mss, the TSval clock's age of the echo;
 * - from the window (tcp_rcv_rtt_measure): the time a full advertised window took to arrive
 *   (where the kernel profile has rcvRttWindowSample: every Linux does, the `wsl2` profile not).
 *
 * tcp_rcv_rtt_update() in two generations, the kernel profile's rcvRttFilter:
 * - 'ewma', before 6.16 (5.15 included): an echo that aged 0 ms counts as 1 ms; a timestamp
 *   sample is always averaged in (1/8), a window sample only lowers the estimate;
 * - 'min', 6.16+: a 0 ms echo is no sample ("tcp: remove zero TCP TS samples for autotuning",
 *   d59fc95be9d0); a smaller sample is taken at once ("always seek for minimal rtt",
 *   b879dcb1aeec); a larger window sample is dropped, a larger timestamp sample is averaged in
 *   only when the receive queue is empty ("skip big rtt sample if receive queue is not empty",
 *   a00f135cd986).
 *
 * Linux's clock here is tcp_mstamp, in µs: times are truncated to µs before subtracting.
 */
import type { Ctx } from './conn.ts';
import type { PeerOptions } from './options.ts';
import type { Nanos } from '../nanos.ts';
import { tsval } from './output.ts';
import { seqAdd, seqDiff, seqLt } from './seq.ts';

const NS_PER_US = 1000;
/** USEC_PER_SEC / TCP_TS_HZ: one tick of the 1 ms TSval clock */
const US_PER_TS_TICK = 1000;

/** tcp_stamp_us_delta(): µs between two simulation times, as tcp_mstamp counts them */
export function stampUsDelta(later: Nanos, earlier: Nanos): number {
  return Math.max(0, Math.floor(later / NS_PER_US) - Math.floor(earlier / NS_PER_US));
}

/** tcp_rcv_rtt_update(): `sampleUs` from the window (winDep) or from a timestamp. */
function rcvRttUpdate(c: Ctx, sampleUs: number, winDep: boolean): void {
  const t = c.t;
  const old = t.rcvRttUs8;
  const m = sampleUs * 8;
  const min = c.conn.cfg.rcvRttFilter === 'min';
  if (old === 0 || (m < old && (winDep || min))) {
    t.rcvRttUs8 = m;
    return;
  }
  if (winDep) return;
  // 6.16+: "Do not use this sample if receive queue is not empty."
  if (min && t.rcvNxt !== t.copiedSeq) return;
  t.rcvRttUs8 = old - (old >> 3) + sampleUs;
}

/**
 * tcp_rcv_rtt_measure_ts(): called for each segment of an established connection that carries
 * a timestamp, before its text is queued (rcv_mss and rcv_nxt as they were).
 */
export function rcvRttMeasureTs(c: Ctx, len: number, po: PeerOptions): void {
  const t = c.t;
  if (!t.tsOk || !po.hasTs || po.tsecr === t.rcvRttLastTsecr) return;
  t.rcvRttLastTsecr = po.tsecr;
  if (len < t.rcvMss) return;
  const ticks = seqDiff(tsval(c), po.tsecr);
  if (ticks < 0) return;
  // before 6.16 "if (!delta) delta = 1"; 6.16+ tcp_rtt_tsopt_us(tp, 0) leaves 0, and "delta > 0" drops it
  if (ticks > 0 || c.conn.cfg.rcvRttFilter === 'ewma') rcvRttUpdate(c, Math.max(1, ticks) * US_PER_TS_TICK, false);
}

/**
 * tcp_rcv_rtt_measure(), from tcp_event_data_recv() once the segment is queued; a no-op where
 * the kernel profile leaves the window sample out (rcvRttWindowSample, the `wsl2` profile).
 */
export function rcvRttMeasure(c: Ctx): void {
  const t = c.t;
  if (!c.conn.cfg.rcvRttWindowSample) return;
  if (t.rcvRttEstTime !== 0) {
    if (seqLt(t.rcvNxt, t.rcvRttEstSeq)) return;
    rcvRttUpdate(c, Math.max(1, stampUsDelta(c.now, t.rcvRttEstTime)), true);
  }
  t.rcvRttEstSeq = seqAdd(t.rcvNxt, t.rcvWnd);
  t.rcvRttEstTime = c.now;
}
