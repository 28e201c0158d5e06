/**
 * The retransmission queue's bookkeeping (Linux tcp_rtx_queue, numbers only): one entry
 * per skb in flight with its end sequence, when it was last sent, whether it was ever
 * retransmitted (Karn's rule, RFC 6298 §3; TCPCB_EVER_RETRANS) and its scoreboard flags
 * (TCPCB_SACKED_ACKED, TCPCB_LOST, TCPCB_SACKED_RETRANS) with Linux's counters sacked_out,
 * lost_out and retrans_out. An entry splits where a SACK block edge falls inside it
 * (tcp_match_skb_to_sack → tcp_fragment) or where a retransmission sends only part of it.
 * Parallel arrays, no object per segment.
 */
import type { Nanos } from '../nanos.ts';
import { none, writable } from './none.ts';

/** the peer holds it (TCPCB_SACKED_ACKED) */
export const SACKED = 1;
/** presumed lost (TCPCB_LOST) */
export const LOST = 2;
/** retransmitted and not yet (s)acked or lost again (TCPCB_SACKED_RETRANS) */
export const RETRANS = 4;

export class SentQueue {
  /** empty, the lists are the shared empty one (none.ts): an idle connection holds none (Linux frees acknowledged skbs) */
  private ends: number[] = none();
  private times: number[] = none();
  private rtx: boolean[] = none();
  private pcounts: number[] = none();
  private flags: number[] = none();
  /** tp->delivered when the entry was last sent (tcp_rate_skb_sent's tx.delivered) */
  private txDelivered: number[] = none();
  private head = 0;
  /** packets in flight: a GSO segment counts as its number of MSS-sized packets (tcp_skb_pcount) */
  packets = 0;
  /** tp->sacked_out, tp->lost_out, tp->retrans_out: packets with each flag */
  sackedOut = 0;
  lostOut = 0;
  retransOut = 0;

  get count(): number {
    return this.ends.length - this.head;
  }

  push(end: number, at: Nanos, retransmit: boolean, pcount = 1, delivered = 0): void {
    if (this.ends.length === 0) this.own();
    this.ends.push(end);
    this.times.push(at);
    this.rtx.push(retransmit);
    this.pcounts.push(pcount);
    this.flags.push(0);
    this.txDelivered.push(delivered);
    this.packets += pcount;
  }

  deliveredAtSend(k: number): number {
    return this.txDelivered[this.head + k]!;
  }

  /** Entries are addressed 0 … count−1 from the oldest. */
  endAt(k: number): number {
    return this.ends[this.head + k]!;
  }

  /** where entry k starts: the previous entry's end, or `una` for the oldest */
  startAt(k: number, una: number): number {
    return k === 0 ? una : this.ends[this.head + k - 1]!;
  }

  sentAtOf(k: number): Nanos {
    return this.times[this.head + k]!;
  }

  flagsAt(k: number): number {
    return this.flags[this.head + k]!;
  }

  pcountAt(k: number): number {
    return this.pcounts[this.head + k]!;
  }

  everRetransmitted(k: number): boolean {
    return this.rtx[this.head + k]!;
  }

  private setFlags(i: number, f: number): void {
    const old = this.flags[i]!;
    const p = this.pcounts[i]!;
    this.count3(old, -p);
    this.count3(f, p);
    this.flags[i] = f;
  }

  private count3(f: number, p: number): void {
    if (f & SACKED) this.sackedOut += p;
    if (f & LOST) this.lostOut += p;
    if (f & RETRANS) this.retransOut += p;
  }

  /** tcp_mark_skb_lost(): a SACKed entry never; a lost retransmission is lost again (RETRANS off). */
  markLost(k: number): void {
    const i = this.head + k;
    const f = this.flags[i]!;
    if (f & SACKED) return;
    this.setFlags(i, f & LOST ? f & ~RETRANS : f | LOST);
  }

  /** Entry k went out again at `at`: RETRANS, and Karn's rule skips it from now on. */
  markResent(k: number, at: Nanos, delivered = 0): void {
    const i = this.head + k;
    this.setFlags(i, this.flags[i]! | RETRANS);
    this.rtx[i] = true;
    this.times[i] = at;
    this.txDelivered[i] = delivered;
  }

  /**
   * A retransmission of entry k the device dropped at `at`: not RETRANS, but the attempt
   * stamped the skb (__tcp_transmit_skb sets skb_mstamp_ns before the packet meets the qdisc,
   * so the RTO counts from it) and marked it EVER_RETRANS ("to avoid taking spuriously low RTT
   * samples based on a timestamp for a transmit that never happened", __tcp_retransmit_skb).
   */
  markTried(k: number, at: Nanos): void {
    const i = this.head + k;
    this.rtx[i] = true;
    this.times[i] = at;
  }

  /** tcp_set_skb_tso_segs() → tcp_adjust_pcount(): entry k now counts `pcount` packets (a new MSS) */
  setPcount(k: number, pcount: number): void {
    const i = this.head + k;
    const diff = pcount - this.pcounts[i]!;
    if (diff === 0) return;
    this.count3(this.flags[i]!, diff);
    this.packets += diff;
    this.pcounts[i] = pcount;
  }

  /**
   * Splits entry k at `seq` (inside it) into two with the same send time and flags, the
   * first holding ceil(bytes / mss) packets (tcp_fragment → tcp_set_skb_tso_segs).
   */
  split(k: number, seq: number, una: number, mss: number): void {
    const i = this.head + k;
    const start = this.startAt(k, una);
    const p = this.pcounts[i]!;
    const first = Math.min(Math.max(1, Math.ceil(((seq - start) | 0) / mss)), Math.max(1, p - 1));
    this.ends.splice(i, 0, seq >>> 0);
    this.times.splice(i, 0, this.times[i]!);
    this.rtx.splice(i, 0, this.rtx[i]!);
    this.flags.splice(i, 0, this.flags[i]!);
    this.txDelivered.splice(i, 0, this.txDelivered[i]!);
    this.pcounts.splice(i, 0, first);
    const second = Math.max(1, p - first);
    this.pcounts[i + 1] = second;
    // the halves may hold one packet more than the whole did (ceil on each side)
    const f = this.flags[i]!;
    this.count3(f, first + second - p);
    this.packets += first + second - p;
  }

  /**
   * Marks the entries inside [l, r) SACKed, splitting the ones its edges cut; calls `newly`
   * for each one that was not (end, send time, ever retransmitted) and returns how many
   * packets that made (tcp_sacktag_one: a lost or retransmitted entry stops counting as such).
   */
  markSacked(l: number, r: number, una: number, mss: number, newly: (k: number) => void): number {
    let n = 0;
    for (let k = 0; k < this.count; k++) {
      const start = this.startAt(k, una);
      const end = this.endAt(k);
      if (((end - l) | 0) <= 0) continue;
      if (((start - r) | 0) >= 0) break;
      if (((start - l) | 0) < 0) {
        this.split(k, l, una, mss);
        continue; // the next round looks at the piece from l
      }
      if (((end - r) | 0) > 0) this.split(k, r, una, mss);
      const i = this.head + k;
      const f = this.flags[i]!;
      if (f & SACKED) continue;
      this.setFlags(i, (f | SACKED) & ~(LOST | RETRANS));
      n += this.pcounts[i]!;
      newly(k);
    }
    return n;
  }

  /**
   * Drops entries fully acknowledged by `ack`; returns how many packets, the send time of the
   * first of them that was never retransmitted (−1 if none) for an RTT sample, and the send
   * time of the last of them, −1 if any was retransmitted (tcp_clean_rtx_queue's last_ackt for
   * the congestion control's sample, invalid with FLAG_RETRANS_DATA_ACKED). A GSO entry the ACK
   * covers in part keeps its unacknowledged MSS-sized packets (tcp_tso_acked → tcp_trim_head
   * recounts pcount by `mss`); the ones it lost count as acknowledged. `onAcked(0)` sees each
   * entry the ACK reaches, the partly acknowledged one too, while it is still the oldest.
   */
  ackUpTo(ack: number, mss: number, onAcked?: (k: number) => void): { acked: number; firstSentAt: Nanos; lastSentAt: Nanos } {
    let acked = 0;
    let firstSentAt = -1;
    let lastSentAt = -1;
    let rtxAcked = false;
    while (this.head < this.ends.length && ((this.ends[this.head]! - ack) | 0) <= 0) {
      if (onAcked) onAcked(0);
      this.count3(this.flags[this.head]!, -this.pcounts[this.head]!);
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
        if (onAcked) onAcked(0); // tcp_tso_acked: its acknowledged part counts as acknowledged
        this.count3(this.flags[this.head]!, -gone);
        this.pcounts[this.head] = left;
        acked += gone;
      }
    }
    this.packets -= acked;
    if (this.head === this.ends.length && this.head > 0) this.clearLists();
    else if (this.head > 256 && this.head * 2 > this.ends.length) this.compact();
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
    this.clearLists();
    this.packets = 0;
    this.sackedOut = 0;
    this.lostOut = 0;
    this.retransOut = 0;
  }

  /** Every entry gone: back to the shared empty lists (the next push takes lists of its own). */
  private clearLists(): void {
    this.ends = none();
    this.times = none();
    this.rtx = none();
    this.pcounts = none();
    this.flags = none();
    this.txDelivered = none();
    this.head = 0;
  }

  private own(): void {
    this.ends = writable(this.ends);
    this.times = writable(this.times);
    this.rtx = writable(this.rtx);
    this.pcounts = writable(this.pcounts);
    this.flags = writable(this.flags);
    this.txDelivered = writable(this.txDelivered);
  }

  private compact(): void {
    this.ends = this.ends.slice(this.head);
    this.times = this.times.slice(this.head);
    this.rtx = this.rtx.slice(this.head);
    this.pcounts = this.pcounts.slice(this.head);
    this.flags = this.flags.slice(this.head);
    this.txDelivered = this.txDelivered.slice(this.head);
    this.head = 0;
  }
}
