/**
 * One netem qdisc on an interface's egress, as net/sched/sch_netem.c runs it: `enqueue`
 * decides duplicate, loss (before any delay), corruption (one bit flipped), the limit, then
 * either "reorder" (straight to the head of the queue, sent now) or a delay from tabledist
 * (plus the rate's serialization after the last queued packet) into the time-ordered tfifo;
 * `dequeue` hands out what is due, honouring slots. Every draw comes from the interface's
 * seeded stream, in the kernel's order, so the same seed gives the same faults.
 */
import type { RandomStream } from '../rng.ts';
import type { Nanos } from '../time.ts';
import { distTable, tabledist } from './dist.ts';
import type { LossModel, NetemSpec, Prob32 } from './spec.ts';

const TWO32 = 2n ** 32n;

/** sch_netem.c's crndstate: a uniform u32 that leans on the previous one by rho (get_crandom). */
class Correlated {
  private last: bigint;
  private readonly rho: bigint;
  constructor(rho: Prob32, private readonly rng: RandomStream) {
    this.rho = BigInt(rho) + 1n;
    this.last = rho === 0 ? 0n : BigInt(rng.nextU32()); // init_crandom draws the first "last"
    if (rho === 0) this.next = () => this.rng.nextU32();
  }
  next(): number {
    const value = BigInt(this.rng.nextU32());
    this.last = (value * (TWO32 - this.rho) + this.last * this.rho) >> 32n;
    return Number(this.last);
  }
}

interface Queued {
  readonly frame: Uint8Array;
  readonly due: Nanos;
}

/** the Gilbert-Elliot and GI models' states (sch_netem.c's enums) */
const GOOD = 1;
const BAD = 2;
const TX_IN_GAP = 1;
const TX_IN_BURST = 2;
const LOST_IN_GAP = 3;
const LOST_IN_BURST = 4;

/** What the qdisc did, for tests and reports (tc -s qdisc's counters, split by cause). */
export interface NetemStats {
  enqueued: number;
  lost: number;
  overLimit: number;
  duplicated: number;
  corrupted: number;
  reordered: number;
  sent: number;
}

export class NetemQdisc {
  readonly stats: NetemStats = { enqueued: 0, lost: 0, overLimit: 0, duplicated: 0, corrupted: 0, reordered: 0, sent: 0 };
  /** reordered packets, sent first (sch->q; __qdisc_enqueue_head puts each at the front) */
  private readonly head: Queued[] = [];
  /** delayed packets by due time, equal times in arrival order (the tfifo rbtree and list) */
  private tfifo: Queued[] = [];
  private tfifoStart = 0;
  private counter = 0;
  private clg: number;
  private readonly delayCor: Correlated;
  private readonly lossCor: Correlated;
  private readonly dupCor: Correlated;
  private readonly reorderCor: Correlated;
  private readonly corruptCor: Correlated;
  private readonly table: Int16Array | null;
  private readonly slotTable: Int16Array | null;
  private slotNext = 0;
  private packetsLeft = Infinity;
  private bytesLeft = Infinity;

  constructor(readonly spec: NetemSpec, private readonly rng: RandomStream, now: Nanos) {
    this.delayCor = new Correlated(spec.delayCorr, rng);
    this.lossCor = new Correlated(spec.loss?.kind === 'random' ? spec.loss.corr : 0, rng);
    this.dupCor = new Correlated(spec.dupCorr, rng);
    this.reorderCor = new Correlated(spec.reorderCorr, rng);
    this.corruptCor = new Correlated(spec.corruptCorr, rng);
    this.table = spec.dist ? distTable(spec.dist) : null;
    this.slotTable = spec.slot?.dist ? distTable(spec.slot.dist) : null;
    this.clg = spec.loss?.kind === 'state' ? TX_IN_GAP : GOOD;
    if (spec.slot) {
      // get_slot: the first slot is open now, with its full allowance
      this.slotNext = now;
      this.packetsLeft = spec.slot.packets;
      this.bytesLeft = spec.slot.bytes;
    }
  }

  /** packets held now (sch->q.qlen) */
  get length(): number {
    return this.head.length + this.tfifo.length - this.tfifoStart;
  }

  /** netem_enqueue: false when the frame was not queued (lost or over the limit). */
  enqueue(frame: Uint8Array, now: Nanos, isDuplicate = false): boolean {
    const s = this.spec;
    let count = 1;
    if (s.duplicate && !isDuplicate && s.duplicate >= this.dupCor.next()) count++;
    if (this.lossEvent()) count--;
    if (count === 0) {
      this.stats.lost++;
      return false;
    }
    const original = frame;
    if (s.corrupt && s.corrupt >= this.corruptCor.next()) frame = this.flipOneBit(frame);
    if (this.length >= s.limit) {
      this.stats.overLimit++;
      return false;
    }
    if (count > 1) {
      // the clone (taken before corruption) goes through the root qdisc again, first
      this.stats.duplicated++;
      this.enqueue(original, now, true);
    }
    this.stats.enqueued++;
    if (s.gap === 0 || this.counter < s.gap - 1 || s.reorder < this.reorderCor.next()) {
      this.tfifoInsert({ frame, due: this.dueTime(frame.length, now) });
      this.counter++;
    } else {
      this.stats.reordered++;
      this.counter = 0;
      this.head.unshift({ frame, due: now });
    }
    return true;
  }

  /** netem_dequeue: the next frame that may leave at `now`, or undefined. */
  dequeue(now: Nanos): Uint8Array | undefined {
    const h = this.head.shift();
    if (h) return this.sent(h.frame);
    const first = this.tfifo[this.tfifoStart];
    if (!first) return undefined;
    const slot = this.spec.slot;
    if (slot && this.slotNext < first.due) this.nextSlot(now);
    if (first.due > now || this.slotNext > now) return undefined;
    this.tfifoStart++;
    if (this.tfifoStart > 64 && this.tfifoStart * 2 > this.tfifo.length) {
      this.tfifo = this.tfifo.slice(this.tfifoStart);
      this.tfifoStart = 0;
    }
    if (slot) {
      this.packetsLeft--;
      this.bytesLeft -= first.frame.length;
      if (this.packetsLeft <= 0 || this.bytesLeft <= 0) this.nextSlot(now);
    }
    return this.sent(first.frame);
  }

  /** When `dequeue` may next give something (the watchdog's time); Infinity when empty. */
  nextTime(now: Nanos): Nanos {
    if (this.head.length) return now;
    const first = this.tfifo[this.tfifoStart];
    if (!first) return Infinity;
    return Math.max(first.due, this.spec.slot ? this.slotNext : 0);
  }

  private sent(frame: Uint8Array): Uint8Array {
    this.stats.sent++;
    return frame;
  }

  private dueTime(len: number, now: Nanos): Nanos {
    const s = this.spec;
    let delay = tabledist(s.latency, s.jitter, s.jitter ? this.delayCor.next() : 0, this.table);
    if (s.rate) {
      const last = this.lastDue();
      if (last !== undefined) {
        // the last queued packet is the reference point: its head start is taken off the delay
        delay = Math.max(0, delay - (last - now));
        now = last;
      }
      delay += this.packetTime(len);
    }
    return now + delay;
  }

  private lastDue(): Nanos | undefined {
    const tail = this.head.length ? this.head[this.head.length - 1]!.due : undefined;
    const t = this.tfifo.length > this.tfifoStart ? this.tfifo[this.tfifo.length - 1]!.due : undefined;
    if (tail === undefined) return t;
    return t === undefined ? tail : Math.max(tail, t);
  }

  /** packet_time_ns: the rate's serialization time, with overhead and cells */
  private packetTime(len: number): Nanos {
    const s = this.spec;
    len += s.packetOverhead;
    if (s.cellSize) len = Math.ceil(len / s.cellSize) * (s.cellSize + s.cellOverhead);
    return Math.floor((len * 1e9) / s.rate);
  }

  private tfifoInsert(q: Queued): void {
    const list = this.tfifo;
    if (list.length === this.tfifoStart || q.due >= list[list.length - 1]!.due) {
      list.push(q);
      return;
    }
    let lo = this.tfifoStart;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (list[mid]!.due <= q.due) lo = mid + 1;
      else hi = mid;
    }
    list.splice(lo, 0, q);
  }

  /** get_slot_next: the next slot opens after a uniform (or tabled) spacing */
  private nextSlot(now: Nanos): void {
    const s = this.spec.slot!;
    const gap = this.slotTable
      ? tabledist(s.distDelay, s.distJitter, this.rng.nextU32(), this.slotTable)
      : s.min + Math.floor(((s.max - s.min) * this.rng.nextU32()) / 2 ** 32);
    this.slotNext = now + gap;
    this.packetsLeft = s.packets;
    this.bytesLeft = s.bytes;
  }

  /** One bit of the frame flipped, in a copy (skb_unshare). A GSO frame's first segment only. */
  private flipOneBit(frame: Uint8Array): Uint8Array {
    this.stats.corrupted++;
    const copy = frame.slice();
    const i = this.rng.int(0, Math.min(copy.length, 1514) - 1);
    copy[i]! ^= 1 << this.rng.int(0, 7);
    return copy;
  }

  private lossEvent(): boolean {
    const m = this.spec.loss;
    if (!m) return false;
    if (m.kind === 'random') return m.p !== 0 && m.p >= this.lossCor.next();
    return m.kind === 'gemodel' ? this.gilbertElliott(m) : this.fourState(m);
  }

  /** loss_gilb_ell: a state change, then a loss draw in the new state */
  private gilbertElliott(m: Extract<LossModel, { kind: 'gemodel' }>): boolean {
    if (this.clg === GOOD) {
      if (this.rng.nextU32() < m.p) this.clg = BAD;
      return this.rng.nextU32() < m.k1;
    }
    if (this.rng.nextU32() < m.r) this.clg = GOOD;
    return this.rng.nextU32() > m.h;
  }

  /** loss_4state: one draw picks the next state; the lost states lose this packet */
  private fourState(m: Extract<LossModel, { kind: 'state' }>): boolean {
    const rnd = this.rng.nextU32();
    switch (this.clg) {
      case TX_IN_GAP:
        if (rnd < m.p14) return (this.clg = LOST_IN_GAP), true;
        if (rnd < m.p13 + m.p14) return (this.clg = LOST_IN_BURST), true;
        return false;
      case TX_IN_BURST:
        if (rnd < m.p23) return (this.clg = LOST_IN_BURST), true;
        return false;
      case LOST_IN_BURST:
        if (rnd < m.p32) this.clg = TX_IN_BURST;
        else if (rnd < m.p31 + m.p32) this.clg = TX_IN_GAP;
        else return true;
        return false;
      default:
        this.clg = TX_IN_GAP;
        return false;
    }
  }
}
