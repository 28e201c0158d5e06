/**
 * Out-of-order segments waiting for a hole to fill (smoltcp's Assembler idea, Linux's
 * out_of_order_queue). Ranges are sequence numbers, kept sorted and non-overlapping;
 * payloads are views, never copies. Beside them, the SACK blocks to report, as Linux keeps
 * them (tp->selective_acks): most recently changed first, at most TCP_NUM_SACKS.
 */
import { seqAdd, seqDiff, seqGt, seqLe, seqLt } from './seq.ts';
import { none } from './none.ts';

/** include/linux/tcp.h TCP_NUM_SACKS: the SACK blocks a receiver remembers */
const TCP_NUM_SACKS = 4;

type Block = [number, number];

/** tcp_sack_extend(): grow `b` by [seq, end) when they overlap or touch */
function extend(b: Block, seq: number, end: number): boolean {
  if (seqGt(seq, b[1]) || seqGt(b[0], end)) return false;
  if (seqLt(seq, b[0])) b[0] = seq;
  if (seqGt(end, b[1])) b[1] = end;
  return true;
}

interface Piece {
  start: number;
  data: Uint8Array;
  /** what its skb was charged (sk_rmem_alloc); a piece cut from a held one keeps none */
  truesize: number;
}

/** a piece taken back in order: its bytes (a view) and what its skb was charged */
export interface TakenPiece {
  readonly data: Uint8Array;
  readonly truesize: number;
}

/** the charge of a piece of `len` bytes as one skb (the receiver's RcvSkbCost) */
export type PieceCharge = (len: number) => number;

/** without a cost model (unit tests): one byte of charge per byte held */
const BYTES_ONLY: PieceCharge = (len) => len;

export class Reassembly {
  /** replaced, never changed in place: starts as the shared empty list */
  private pieces: Piece[] = none();
  /** total bytes held */
  bytes = 0;
  /** what the held pieces were charged (their share of sk_rmem_alloc) */
  truesize = 0;
  /** SACK blocks, the most recently changed first (RFC 2018 §4) */
  private sacks: Block[] = [];

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

  /**
   * Stores [seq, seq+len) minus what is already held or before `rcvNxt`; each new piece is
   * charged `charge` of its length (as Linux charges each out-of-order skb it queues).
   */
  insert(seq: number, data: Uint8Array, rcvNxt: number, charge: PieceCharge = BYTES_ONLY): void {
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
      if (gap > 0) out.push(this.piece(start, d.subarray(0, gap), charge));
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
    if (d.length > 0) out.push(this.piece(start, d, charge));
    while (i < ps.length) out.push(ps[i++]!);
    const first = this.pieces.length === 0;
    this.pieces = out;
    this.noteSack(first, seq, seqAdd(seq, data.length));
  }

  /**
   * tcp_sack_new_ofo_skb(): an out-of-order segment (or a duplicate of one) arrived. The
   * block it extends moves to the front and takes in any other it now reaches
   * (tcp_sack_maybe_coalesce); else it becomes a new front block, the oldest dropped when
   * all TCP_NUM_SACKS are in use. The first one after an empty queue starts afresh.
   */
  private noteSack(first: boolean, seq: number, end: number): void {
    if (first) {
      this.sacks = [[seq, end]];
      return;
    }
    const i = this.sacks.findIndex((b) => extend(b, seq, end));
    if (i < 0) {
      this.sacks = [[seq, end], ...this.sacks.slice(0, TCP_NUM_SACKS - 1)];
      return;
    }
    const head = this.sacks[i]!;
    const rest = this.sacks.filter((b, j) => j !== i && !extend(head, b[0], b[1]));
    this.sacks = [head, ...rest];
  }

  private piece(start: number, data: Uint8Array, charge: PieceCharge): Piece {
    const truesize = charge(data.length);
    this.bytes += data.length;
    this.truesize += truesize;
    return { start, data, truesize };
  }

  /** tcp_fin() → tcp_sack_reset(), with the queue purged: a FIN ends what is out of order */
  clear(): void {
    this.pieces = none();
    this.bytes = 0;
    this.truesize = 0;
    this.sacks = [];
  }

  /**
   * Removes and returns the views that now continue from `rcvNxt`, in order. `duplicate`
   * hears of each held range that in-order data had already brought (tcp_ofo_queue()'s
   * D-SACK, since Linux 6.17 cut at `rcvNxt` as it was: [seq, min(end_seq, dsack_high)]).
   */
  take(rcvNxt: number, duplicate?: (start: number, end: number) => void): TakenPiece[] {
    const got: TakenPiece[] = [];
    let next = rcvNxt;
    let i = 0;
    const ps = this.pieces;
    while (i < ps.length && seqLe(ps[i]!.start, next)) {
      const p = ps[i]!;
      if (duplicate && seqLt(p.start, rcvNxt)) {
        const end = seqAdd(p.start, p.data.length);
        duplicate(p.start, seqLt(end, rcvNxt) ? end : rcvNxt);
      }
      const skip = seqDiff(next, p.start);
      if (skip < p.data.length) {
        got.push({ data: skip > 0 ? p.data.subarray(skip) : p.data, truesize: p.truesize });
        next = seqAdd(p.start, p.data.length);
      }
      this.bytes -= p.data.length;
      this.truesize -= p.truesize;
      i++;
    }
    if (i > 0) this.pieces = i === ps.length ? none() : ps.slice(i);
    // tcp_sack_remove(): blocks RCV.NXT now covers go; an empty queue leaves none
    this.sacks = this.pieces.length === 0 ? [] : this.sacks.filter((b) => seqGt(b[0], next));
    return got;
  }

  /** SACK blocks (RFC 2018) to send: the most recently changed first, at most `max`. */
  sackBlocks(max: number): [number, number][] {
    return this.sacks.slice(0, max).map((b): [number, number] => [b[0], b[1]]);
  }
}
