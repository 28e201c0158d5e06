/**
 * TSO deferral (Linux tcp_output.c tcp_tso_should_defer(), 6.x before the 2025 rework of its
 * ACK-timing test): a GSO skb that cannot go out whole, or the write queue's tail that could
 * still grow, waits for the next ACK instead of leaving as a small piece — unless a full-sized
 * GSO packet fits, a third of the window (tcp_tso_win_divisor) is free, the last transmit was
 * more than 1 ms ago, or the oldest packet in flight was sent less than half an RTT ago (its
 * ACK is not close). Never in recovery or loss, never for a probe (push_one).
 */
import type { Ctx } from './conn.ts';
import { seqDiff } from './seq.ts';
import { MS, TCP_TSO_WIN_DIVISOR } from './linux.ts';

/** Why a send waits, or null to send now; 'cwnd' counts as cwnd-limited (tcp_cwnd_validate). */
export type Deferral = 'cwnd' | 'rwnd' | 'app' | null;

export interface DeferQuery {
  readonly start: number;
  /** bytes of the skb from `start` */
  readonly skbLen: number;
  /** the skb is the write queue's last */
  readonly isTail: boolean;
  /** the skb ends with MSG_EOR or carries the FIN: it gets no more data */
  readonly complete: boolean;
  /** packets cwnd still allows (cwnd − in flight) */
  readonly quota: number;
  readonly wndEnd: number;
  readonly maxSegs: number;
  readonly mss: number;
}

export function tsoShouldDefer(c: Ctx, q: DeferQuery): Deferral {
  const t = c.t;
  if (t.recover >= 0 || t.lossHighSeq >= 0) return null; // icsk_ca_state >= TCP_CA_Recovery
  // "Avoid bursty behavior by allowing defer only if the last write was recent (1 ms)." A real
  // clock never ties; the simulated one does (a script's ACK 1 ms after a write), and Linux's
  // own tests (shutdown-rdwr-send-queue-ack-close.pkt) expect the send then
  if (c.now - t.wstamp - MS >= 0) return null;
  const sendWin = seqDiff(q.wndEnd, q.start);
  const congWin = q.quota * q.mss;
  const limit = Math.min(sendWin, congWin);
  // "If a full-sized TSO skb can be sent, do it."
  if (limit >= q.maxSegs * q.mss) return null;
  // "Middle in queue won't get any more data, full sendable already?"
  if (!q.isTail && limit >= q.skbLen) return null;
  // "If at least some fraction of a window is available, just use it."
  const chunk = Math.floor(Math.min(t.sndWnd, t.cwnd * q.mss) / TCP_TSO_WIN_DIVISOR);
  if (limit >= chunk) return null;
  const head = c.conn.sent.headSentAt();
  if (head < 0) return null;
  // "If next ACK is likely to come too late (half srtt), do not defer"
  if (c.now - head - t.srtt / 2 < 0) return null;
  if (congWin < sendWin) {
    if (congWin <= q.skbLen) return 'cwnd';
  } else if (sendWin <= q.skbLen) return 'rwnd';
  // "If this packet won't get more data, do not wait."
  if (q.complete) return null;
  return 'app';
}
