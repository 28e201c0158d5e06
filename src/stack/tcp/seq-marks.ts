/**
 * Sequence numbers marked in a send stream, in order (write ends for PSH, MSG_EOR skb ends,
 * the ends of the skbs the stream is cut into); marks at or before SND.UNA are dropped as the
 * stream is released.
 */
import { none, writable } from './none.ts';

export class SeqMarks {
  private marks: number[] = none();
  private head = 0;

  add(seq: number): void {
    const m = this.marks;
    if (m.length > this.head && m[m.length - 1] === seq) return;
    (this.marks = writable(m)).push(seq >>> 0);
  }

  /** marks held (after the last release) */
  get count(): number {
    return this.marks.length - this.head;
  }

  /** The last mark, or -1. */
  get last(): number {
    return this.marks.length > this.head ? this.marks[this.marks.length - 1]! : -1;
  }

  /** Moves the last mark to `seq` (an skb that grew). */
  setLast(seq: number): void {
    if (this.marks.length > this.head) this.marks[this.marks.length - 1] = seq >>> 0;
    else (this.marks = writable(this.marks)).push(seq >>> 0);
  }

  /** Drops the last mark. */
  dropLast(): void {
    if (this.marks.length > this.head) this.marks.pop();
  }

  /** Adds `seq` in order, anywhere after `base` (an skb split in two); nothing when it is there. */
  insert(seq: number, base: number): void {
    const i = this.search(seq, base, false);
    if (i < this.marks.length && this.marks[i] === seq >>> 0) return;
    (this.marks = writable(this.marks)).splice(i, 0, seq >>> 0);
  }

  /**
   * Moves the mark at `seq` forward to `to` (after `base`), or drops it when `to` is the next
   * mark (two skbs become one); nothing when `seq` is not marked.
   */
  moveForward(seq: number, to: number, base: number): void {
    const i = this.search(seq, base, false);
    const m = this.marks;
    if (i >= m.length || m[i] !== seq >>> 0) return;
    const w = (this.marks = writable(m));
    if (i + 1 < w.length && w[i + 1] === to >>> 0) w.splice(i, 1);
    else w[i] = to >>> 0;
  }

  /** Binary search: the index of the first mark after `seq` (`after`) or at or after it, in the order from `base`. */
  private search(seq: number, base: number, after: boolean): number {
    const m = this.marks;
    const s = (seq - base) | 0;
    let lo = this.head;
    let hi = m.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const d = (m[mid]! - base) | 0;
      if (d < s || (after && d === s)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The mark before the last one, or -1. */
  get secondLast(): number {
    return this.marks.length - 1 > this.head ? this.marks[this.marks.length - 2]! : -1;
  }

  /** Drops marks at or before `base`. */
  release(base: number): void {
    const m = this.marks;
    while (this.head < m.length && ((m[this.head]! - base) | 0) <= 0) this.head++;
    if (this.head > 64 && this.head * 2 > m.length) {
      m.splice(0, this.head);
      this.head = 0;
    }
  }

  /** The first mark after `start` (binary search), or -1. */
  firstAfter(start: number, base: number): number {
    const i = this.search(start, base, true);
    return i < this.marks.length ? this.marks[i]! : -1;
  }
}

/**
 * The marks of a stream that has marked nothing: one frozen instance every idle send stream
 * shares (reads and releases work on it; a write throws, so a writer takes its own first: owned()).
 */
export const NO_MARKS = Object.freeze(new SeqMarks()) as SeqMarks;

/** `m`, or new marks of its own to write to when it is the shared NO_MARKS. */
export function owned(m: SeqMarks): SeqMarks {
  return m === NO_MARKS ? new SeqMarks() : m;
}
