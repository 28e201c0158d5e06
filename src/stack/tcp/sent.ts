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
   * Drops entries fully acknowledged by `ack`; returns how many packets, and the send time of the
   * first of them that was never retransmitted (−1 if none) for an RTT sample.
   */
  ackUpTo(ack: number): { acked: number; firstSentAt: Nanos } {
    let acked = 0;
    let firstSentAt = -1;
    while (this.head < this.ends.length && ((this.ends[this.head]! - ack) | 0) <= 0) {
      if (firstSentAt < 0 && !this.rtx[this.head]) firstSentAt = this.times[this.head]!;
      acked += this.pcounts[this.head]!;
      this.head++;
    }
    this.packets -= acked;
    if (this.head > 256 && this.head * 2 > this.ends.length) this.compact();
    return { acked, firstSentAt };
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
