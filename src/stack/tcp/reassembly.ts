/**
 * Out-of-order segments waiting for a hole to fill (smoltcp's Assembler idea, Linux's
 * out_of_order_queue). Ranges are sequence numbers, kept sorted and non-overlapping;
 * payloads are views, never copies.
 */
import { seqAdd, seqDiff, seqGt, seqLe, seqLt } from './seq.ts';
import { none } from './none.ts';

interface Piece {
  start: number;
  data: Uint8Array;
}

export class Reassembly {
  /** replaced, never changed in place: starts as the shared empty list */
  private pieces: Piece[] = none();
  /** total bytes held */
  bytes = 0;
  /** the most recently changed block, reported first in SACK (RFC 2018 §4) */
  private lastStart = -1;

  get isEmpty(): boolean {
    return this.pieces.length === 0;
  }

  /** contiguous blocks held (each one skb for the receive-memory charge) */
  get blocks(): number {
    return this.pieces.length;
  }

  /** the end of the highest block (Linux ooo_last_skb's end_seq); only when not empty */
  get lastEnd(): number {
    const p = this.pieces[this.pieces.length - 1]!;
    return seqAdd(p.start, p.data.length);
  }

  /** Stores [seq, seq+len) minus what is already held or before `rcvNxt`. */
  insert(seq: number, data: Uint8Array, rcvNxt: number): void {
    let start = seq;
    let d = data;
    const skip = seqDiff(rcvNxt, start);
    if (skip > 0) {
      if (skip >= d.length) return;
      d = d.subarray(skip);
      start = rcvNxt;
    }
    const out: Piece[] = [];
    let i = 0;
    const ps = this.pieces;
    while (i < ps.length && seqLe(seqAdd(ps[i]!.start, ps[i]!.data.length), start)) out.push(ps[i++]!);
    // Pieces that overlap [start, end): keep existing bytes, fill gaps from the new data.
    while (d.length > 0 && i < ps.length && seqLt(ps[i]!.start, seqAdd(start, d.length))) {
      const p = ps[i]!;
      const gap = seqDiff(p.start, start);
      if (gap > 0) {
        out.push({ start, data: d.subarray(0, gap) });
        this.bytes += gap;
      }
      out.push(p);
      i++;
      const pEnd = seqAdd(p.start, p.data.length);
      const cut = seqDiff(pEnd, start);
      if (cut >= d.length) d = d.subarray(d.length);
      else {
        d = d.subarray(cut);
        start = pEnd;
      }
    }
    if (d.length > 0) {
      out.push({ start, data: d });
      this.bytes += d.length;
    }
    while (i < ps.length) out.push(ps[i++]!);
    this.pieces = out;
    this.lastStart = seq;
  }

  /** Removes and returns the views that now continue from `rcvNxt`, in order. */
  take(rcvNxt: number): Uint8Array[] {
    const got: Uint8Array[] = [];
    let next = rcvNxt;
    let i = 0;
    const ps = this.pieces;
    while (i < ps.length && seqLe(ps[i]!.start, next)) {
      const p = ps[i]!;
      const skip = seqDiff(next, p.start);
      if (skip < p.data.length) {
        got.push(skip > 0 ? p.data.subarray(skip) : p.data);
        next = seqAdd(p.start, p.data.length);
      }
      this.bytes -= p.data.length;
      i++;
    }
    if (i > 0) this.pieces = i === ps.length ? none() : ps.slice(i);
    return got;
  }

  /** SACK blocks (RFC 2018): merged contiguous ranges, the latest first, at most `max`. */
  sackBlocks(max: number): [number, number][] {
    const blocks: [number, number][] = [];
    for (const p of this.pieces) {
      const end = seqAdd(p.start, p.data.length);
      const last = blocks[blocks.length - 1];
      if (last && last[1] === p.start) last[1] = end;
      else blocks.push([p.start, end]);
    }
    const latest = blocks.findIndex(([l, r]) => seqLe(l, this.lastStart) && seqGt(r, this.lastStart));
    if (latest > 0) blocks.unshift(...blocks.splice(latest, 1));
    return blocks.slice(0, max);
  }
}
