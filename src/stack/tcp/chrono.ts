/**
 * The sender's chronograph (net/ipv4/tcp_output.c tcp_chrono_start/tcp_chrono_stop, Linux
 * 4.10+): how long the connection was busy sending, and for how much of that it was held by
 * the peer's receive window or by its own send buffer. getsockopt(TCP_INFO) reports the three
 * as tcpi_busy_time, tcpi_rwnd_limited and tcpi_sndbuf_limited (tcp_get_info_chrono_stats).
 *
 * One chrono runs at a time; a higher kind displaces a lower one (start), and stopping the
 * running kind falls back to BUSY while data is queued, or to none when the queues are empty.
 * The clock is tcp_jiffies32: labwire's 1 ms TCP clock (HZ = 1000), reported in µs.
 *
 * Where Linux starts and stops them, and labwire with it:
 * - BUSY starts when an skb joins an empty write queue (tcp_add_write_queue_tail: a write's,
 *   send.ts, or a FIN of its own, user.ts) and stops when an ACK empties the retransmit queue
 *   (tcp_clean_rtx_queue; ack.ts).
 * - RWND_LIMITED starts when tcp_write_xmit stops at the peer's window (tcp_snd_wnd_test) and
 *   stops after any tcp_write_xmit that did not (output.ts pushData).
 * - SNDBUF_LIMITED starts in tcp_cwnd_validate when sending was not cwnd-limited, nothing is
 *   left unsent and the writer waits for room (SOCK_NOSPACE); it stops when tcp_check_space
 *   clears SOCK_NOSPACE (window.ts checkSpace).
 */
import type { Ctx } from './conn.ts';
import type { MutableTcb, Tcb } from './tcb.ts';
import { tcpClockMs } from './linux.ts';
import type { Nanos } from '../nanos.ts';
import { seqLe } from './seq.ts';

/** enum tcp_chrono (include/linux/tcp.h): the order is the priority */
export const CHRONO_NONE = 0;
export const CHRONO_BUSY = 1;
export const CHRONO_RWND_LIMITED = 2;
export const CHRONO_SNDBUF_LIMITED = 3;
export type ChronoKind = typeof CHRONO_BUSY | typeof CHRONO_RWND_LIMITED | typeof CHRONO_SNDBUF_LIMITED;

/** tcp_chrono_set(): the running kind's time is banked, `kind` runs from now. */
function chronoSet(t: MutableTcb, kind: number, now: Nanos): void {
  const ms = tcpClockMs(now);
  const ran = ms - t.chronoStart;
  if (t.chronoType === CHRONO_BUSY) t.chronoBusyMs += ran;
  else if (t.chronoType === CHRONO_RWND_LIMITED) t.chronoRwndMs += ran;
  else if (t.chronoType === CHRONO_SNDBUF_LIMITED) t.chronoSndbufMs += ran;
  t.chronoStart = ms;
  t.chronoType = kind;
}

/** tcp_chrono_start(): a more interesting condition displaces the running one. */
export function chronoStart(c: Ctx, kind: ChronoKind): void {
  if (kind > c.t.chronoType) chronoSet(c.t, kind, c.now);
}

/**
 * tcp_chrono_stop(): with the retransmit and write queues empty nothing runs; else stopping
 * the running kind leaves BUSY running.
 */
export function chronoStop(c: Ctx, kind: ChronoKind): void {
  const t = c.t;
  const finUnsent = t.finSeq >= 0 && seqLe(t.sndNxt, t.finSeq);
  const queuesEmpty = c.conn.snd.length === 0 && c.conn.sent.count === 0 && !finUnsent;
  if (queuesEmpty) {
    if (c.t.chronoType !== CHRONO_NONE) chronoSet(c.t, CHRONO_NONE, c.now);
  } else if (kind === c.t.chronoType) chronoSet(c.t, CHRONO_BUSY, c.now);
}

export interface ChronoStats {
  /** all three kinds together (tcpi_busy_time), µs */
  readonly busyUs: number;
  readonly rwndLimitedUs: number;
  readonly sndbufLimitedUs: number;
}

/** tcp_get_info_chrono_stats(): the banked times plus the running one's, in µs. */
export function chronoStats(t: Tcb, now: Nanos): ChronoStats {
  const running = tcpClockMs(now) - t.chronoStart;
  const busy = t.chronoBusyMs + (t.chronoType === CHRONO_BUSY ? running : 0);
  const rwnd = t.chronoRwndMs + (t.chronoType === CHRONO_RWND_LIMITED ? running : 0);
  const sndbuf = t.chronoSndbufMs + (t.chronoType === CHRONO_SNDBUF_LIMITED ? running : 0);
  return { busyUs: (busy + rwnd + sndbuf) * 1000, rwndLimitedUs: rwnd * 1000, sndbufLimitedUs: sndbuf * 1000 };
}
