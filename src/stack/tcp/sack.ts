/**
 * The ranges above SND.UNA the peer holds (RFC 2018), as sequence numbers, sorted, merged. The
 * retransmission queue's entries carry the same facts per packet (sent.ts, SACKED); these
 * ranges outlive a timeout, which restarts that queue, so the resend after it skips them
 * (Linux never resends a TCPCB_SACKED_ACKED skb), and tcpi_sacked / the Disorder state count them.
 */
import { seqGt, seqLe, seqLt, seqMax } from './seq.ts';
import { none } from './none.ts';

export class SackBoard {
  /** replaced, never changed in place: starts as the shared empty list */
  private ranges: [number, number][] = none();

  get isEmpty(): boolean {
    return this.ranges.length === 0;
  }

  /** Adds the blocks of one ACK and forgets what SND.UNA has passed. */
  update(blocks: readonly (readonly [number, number])[], sndUna: number, sndNxt: number): void {
    for (const [l0, r0] of blocks) {
      const l = l0 >>> 0;
      const r = r0 >>> 0;
      // RFC 2018 §4: ignore blocks outside (SND.UNA, SND.NXT]
      if (!seqLt(l, r) || seqLe(r, sndUna) || seqGt(r, sndNxt)) continue;
      this.add(seqMax(l, sndUna), r);
    }
    this.prune(sndUna);
  }

  private add(l: number, r: number): void {
    const out: [number, number][] = [];
    let nl = l;
    let nr = r;
    let placed = false;
    for (const [a, b] of this.ranges) {
      if (seqLt(b, nl)) out.push([a, b]);
      else if (seqLt(nr, a)) {
        if (!placed) {
          out.push([nl, nr]);
          placed = true;
        }
        out.push([a, b]);
      } else {
        nl = seqLt(a, nl) ? a : nl;
        nr = seqGt(b, nr) ? b : nr;
      }
    }
    if (!placed) out.push([nl, nr]);
    this.ranges = out;
  }

  prune(sndUna: number): void {
    if (this.ranges.length === 0) return;
    this.ranges = this.ranges.filter(([, r]) => seqGt(r, sndUna)).map(([l, r]) => [seqMax(l, sndUna), r]);
  }

  clear(): void {
    this.ranges = none();
  }

  /** If `seq` lies in a SACKed range, that range's end; else −1. */
  sackedEnd(seq: number): number {
    for (const [l, r] of this.ranges) {
      if (seqLe(l, seq) && seqLt(seq, r)) return r;
      if (seqGt(l, seq)) break;
    }
    return -1;
  }

  /** The start of the first SACKed range after `seq`, or −1. */
  nextSackedStart(seq: number): number {
    for (const [l] of this.ranges) if (seqGt(l, seq)) return l;
    return -1;
  }

  /** The highest SACKed sequence (RFC 6675 HighACK side), or −1. */
  highest(): number {
    const last = this.ranges[this.ranges.length - 1];
    return last ? last[1] : -1;
  }

  /**
   * Packets SACKed below `below` (all when −1), counting each range in MSS-sized packets as
   * tcp_sacktag_write_queue() splits skbs at the SACK edges (Linux tp->sacked_out).
   */
  packets(mss: number, below = -1): number {
    let n = 0;
    for (const [l, r] of this.ranges) {
      if (below !== -1 && !seqLt(l, below)) break;
      const end = below !== -1 && seqLt(below, r) ? below : r;
      n += Math.ceil(((end - l) >>> 0) / mss);
    }
    return n;
  }
}
