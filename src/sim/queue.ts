/**
 * The event queue: a binary min-heap ordered by (at, seq), where seq is the insertion
 * counter. The order is total, so two runs of one scenario pop events in the same order.
 * Entries live in parallel arrays (times, sequence numbers, payloads) so a million pending
 * events cost three flat arrays, not a million heap nodes with pointers.
 */
import type { Nanos } from './time.ts';

export class EventQueue<T> {
  private at: number[] = [];
  private seq: number[] = [];
  private item: T[] = [];
  private nextSeq = 0;

  get size(): number {
    return this.at.length;
  }

  push(at: Nanos, item: T): void {
    const at_ = this.at;
    const seq_ = this.seq;
    const it = this.item;
    let i = at_.length;
    const s = this.nextSeq++;
    at_.push(at);
    seq_.push(s);
    it.push(item);
    // sift up
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pa = at_[p]!;
      if (pa < at || (pa === at && seq_[p]! < s)) break;
      at_[i] = pa;
      seq_[i] = seq_[p]!;
      it[i] = it[p]!;
      i = p;
    }
    at_[i] = at;
    seq_[i] = s;
    it[i] = item;
  }

  /** Time of the earliest event, or Infinity when empty. */
  peekTime(): Nanos {
    return this.at.length ? this.at[0]! : Infinity;
  }

  /** Removes and returns the earliest item; call peekTime first for its time. */
  pop(): T | undefined {
    const at_ = this.at;
    const n = at_.length;
    if (n === 0) return undefined;
    const seq_ = this.seq;
    const it = this.item;
    const top = it[0]!;
    const lastAt = at_.pop()!;
    const lastSeq = seq_.pop()!;
    const lastItem = it.pop()!;
    const m = n - 1;
    if (m > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= m) break;
        const r = l + 1;
        let c = l;
        if (r < m && (at_[r]! < at_[l]! || (at_[r] === at_[l] && seq_[r]! < seq_[l]!))) c = r;
        if (at_[c]! > lastAt || (at_[c] === lastAt && seq_[c]! > lastSeq)) break;
        at_[i] = at_[c]!;
        seq_[i] = seq_[c]!;
        it[i] = it[c]!;
        i = c;
      }
      at_[i] = lastAt;
      seq_[i] = lastSeq;
      it[i] = lastItem;
    }
    return top;
  }
}
