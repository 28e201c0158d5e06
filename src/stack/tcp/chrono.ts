/**
 * The sender's chronograph (net/ipv4/tcp_output.c tcp_chrono_start/tcp_chrono_stop, Linux
 * 4.10+): how long the connection was busy sending, and for how much of that it was held by
 * the peer's receive window or by its own send buffer. getsockopt(TCP_INFO) reports the three
 * as tcpi_busy_time, tcpi_rwnd_limited and tcpi_sndbuf_limited (tcp_get_info_chrono_stats).
 *
 * One chrono runs at a time; a higher kind displaces a lower one (start), and stopping the
 * running kind falls back to BUSY while data is queued, or to none when the queues are empty.
 * The clock is tcp_jiffies32 at the kernel profile's CONFIG_HZ (TcpConfig.hz), reported in µs
 * (jiffies × USEC_PER_SEC / HZ): real 6.18 at HZ=250 reports 48 000 µs busy for 50 ms from a
 * write at 100 ms (12 jiffies of 4 ms), which is what tcp-info-sndbuf-limited.pkt gets there.
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
import { tcpJiffies } from './linux.ts';
import type { Nanos } from '../nanos.ts';
import { seqLe } from './seq.ts';

/** enum tcp_chrono (include/linux/tcp.h): the order is the priority */
export const CHRONO_NONE = 0;
export const CHRONO_BUSY = 1;
export const CHRONO_RWND_LIMITED = 2;
export const CHRONO_SNDBUF_LIMITED = 3;
export type ChronoKind = typeof CHRONO_BUSY | typeof CHRONO_RWND_LIMITED | typeof CHRONO_SNDBUF_LIMITED;

/** tcp_chrono_set(): the running kind's time is banked, `kind` runs from now. */
function chronoSet(t: MutableTcb, kind: number, jiffies: number): void {
  const ran = jiffies - t.chronoStart;
  if (t.chronoType === CHRONO_BUSY) t.chronoBusyJiffies += ran;
  else if (t.chronoType === CHRONO_RWND_LIMITED) t.chronoRwndJiffies += ran;
  else if (t.chronoType === CHRONO_SNDBUF_LIMITED) t.chronoSndbufJiffies += ran;
  t.chronoStart = jiffies;
  t.chronoType = kind;
}

/** tcp_chrono_start(): a more interesting condition displaces the running one. */
export function chronoStart(c: Ctx, kind: ChronoKind): void {
  if (kind > c.t.chronoType) chronoSet(c.t, kind, tcpJiffies(c.now, c.conn.cfg.hz));
}

/**
 * tcp_chrono_stop(): with the retransmit and write queues empty nothing runs; else stopping
 * the running kind leaves BUSY running.
 */
export function chronoStop(c: Ctx, kind: ChronoKind): void {
  const t = c.t;
  const finUnsent = t.finSeq >= 0 && seqLe(t.sndNxt, t.finSeq);
  const queuesEmpty = c.conn.snd.length === 0 && c.conn.sent.count === 0 && !finUnsent;
  const jiffies = tcpJiffies(c.now, c.conn.cfg.hz);
  if (queuesEmpty) {
    if (c.t.chronoType !== CHRONO_NONE) chronoSet(c.t, CHRONO_NONE, jiffies);
  } else if (kind === c.t.chronoType) chronoSet(c.t, CHRONO_BUSY, jiffies);
}

export interface ChronoStats {
  /** all three kinds together (tcpi_busy_time), µs */
  readonly busyUs: number;
  readonly rwndLimitedUs: number;
  readonly sndbufLimitedUs: number;
}

/** tcp_get_info_chrono_stats(): the banked times plus the running one's, jiffies at `hz` in µs. */
export function chronoStats(t: Tcb, now: Nanos, hz: number): ChronoStats {
  const running = tcpJiffies(now, hz) - t.chronoStart;
  const busy = t.chronoBusyJiffies + (t.chronoType === CHRONO_BUSY ? running : 0);
  const rwnd = t.chronoRwndJiffies + (t.chronoType === CHRONO_RWND_LIMITED ? running : 0);
  const sndbuf = t.chronoSndbufJiffies + (t.chronoType === CHRONO_SNDBUF_LIMITED ? running : 0);
  const usPerJiffy = 1e6 / hz; // USEC_PER_SEC / HZ
  return { busyUs: (busy + rwnd + sndbuf) * usPerJiffy, rwndLimitedUs: rwnd * usPerJiffy, sndbufLimitedUs: sndbuf * usPerJiffy };
}
