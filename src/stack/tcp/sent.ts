/**
 * The retransmission queue's bookkeeping (Linux tcp_rtx_queue, numbers only): one entry
 * per segment in flight with its end sequence, when it was sent, and whether it is a
 * retransmission (Karn's rule, RFC 6298 §3). Parallel arrays, no object per segment.
 */
import type { Nanos } from '../nanos.ts';

export class SentQueue {
  private ends: number[] = [];
  private times: number[] = [];
  private rtx: boolean[] = [];
  private pcounts: number[] = [];
  private head = 0;
  /** packets in flight: a GSO segment counts as its number of MSS-sized packets (tcp_skb_pcount) */
  packets = 0;

  get count(): number {
    return this.ends.length - this.head;
  }

  push(end: number, at: Nanos, retransmit: boolean, pcount = 1): void {
    this.ends.push(end);
    this.times.push(at);
    this.rtx.push(retransmit);
    this.pcounts.push(pcount);
    this.packets += pcount;
  }

  /**
   * Drops entries fully acknowledged by `ack`; returns how many packets, the send time of the
   * first of them that was never retransmitted (−1 if none) for an RTT sample, and the send
   * time of the last of them, −1 if any was retransmitted (tcp_clean_rtx_queue's last_ackt for
   * the congestion control's sample, invalid with FLAG_RETRANS_DATA_ACKED). A GSO entry the ACK
   * covers in part keeps its unacknowledged MSS-sized packets (tcp_tso_acked → tcp_trim_head
   * recounts pcount by `mss`); the ones it lost count as acknowledged.
   */
  ackUpTo(ack: number, mss: number): { acked: number; firstSentAt: Nanos; lastSentAt: Nanos } {
    let acked = 0;
    let firstSentAt = -1;
    let lastSentAt = -1;
    let rtxAcked = false;
    while (this.head < this.ends.length && ((this.ends[this.head]! - ack) | 0) <= 0) {
      if (this.rtx[this.head]) rtxAcked = true;
      else if (firstSentAt < 0) firstSentAt = this.times[this.head]!;
      lastSentAt = this.times[this.head]!;
      acked += this.pcounts[this.head]!;
      this.head++;
    }
    if (this.head < this.ends.length && this.pcounts[this.head]! > 1) {
      const left = Math.max(1, Math.ceil(((this.ends[this.head]! - ack) | 0) / mss));
      const gone = this.pcounts[this.head]! - left;
      if (gone > 0) {
        this.pcounts[this.head] = left;
        acked += gone;
      }
    }
    this.packets -= acked;
    if (this.head > 256 && this.head * 2 > this.ends.length) this.compact();
    return { acked, firstSentAt, lastSentAt: rtxAcked ? -1 : lastSentAt };
  }

  /**
   * The SACK block [l, r) cut to whole packets (tcp_match_skb_to_sack: an skb splits only at
   * MSS multiples from its start, so a SACK covering part of a packet marks none of it): l
   * rounds up, r down, to packet edges; null when no whole packet is left. Past the queue's
   * entries (after a timeout cleared them) the packets run in MSS steps up to `nxt`.
   */
  wholePackets(l: number, r: number, una: number, nxt: number, mss: number): [number, number] | null {
    const lo = this.edge(l, una, nxt, mss, true);
    const hi = this.edge(r, una, nxt, mss, false);
    return ((hi - lo) | 0) > 0 ? [lo, hi] : null;
  }

  private edge(x: number, una: number, nxt: number, mss: number, up: boolean): number {
    let start = una;
    for (let i = this.head; i <= this.ends.length; i++) {
      const end = i < this.ends.length ? this.ends[i]! : nxt;
      if (((x - start) | 0) > 0 && ((x - end) | 0) < 0) {
        const k = Math.floor(((x - start) | 0) / mss) + (up && ((x - start) | 0) % mss !== 0 ? 1 : 0);
        const e = (start + k * mss) >>> 0;
        return up && ((e - end) | 0) > 0 ? end : e;
      }
      start = end;
    }
    return x;
  }

  /** Send time of the oldest packet in flight, −1 when none. */
  headSentAt(): Nanos {
    return this.head < this.ends.length ? this.times[this.head]! : -1;
  }

  /** Where the newest packet in flight starts (the previous one's end, or `una`), −1 when none. */
  lastStart(una: number): number {
    const n = this.ends.length;
    if (this.head >= n) return -1;
    return n - 1 > this.head ? this.ends[n - 2]! : una;
  }

  /** Marks the newest packet as retransmitted (a tail loss probe). */
  markLastRetransmitted(): void {
    if (this.head < this.ends.length) this.rtx[this.ends.length - 1] = true;
  }

  /** Marks the entry covering `seq` as retransmitted (RTT samples skip it). */
  markRetransmitted(): void {
    if (this.head < this.ends.length) this.rtx[this.head] = true;
  }

  /** After a timeout every segment counts as lost: the queue restarts from the retransmissions. */
  clear(): void {
    this.ends = [];
    this.times = [];
    this.rtx = [];
    this.pcounts = [];
    this.head = 0;
    this.packets = 0;
  }

  private compact(): void {
    this.ends = this.ends.slice(this.head);
    this.times = this.times.slice(this.head);
    this.rtx = this.rtx.slice(this.head);
    this.pcounts = this.pcounts.slice(this.head);
    this.head = 0;
  }
}
