/**
 * Payload storage, addressed by sequence number (STYLE §2.3: the control block holds
 * numbers, the streams hold bytes).
 *
 * SendStream: one contiguous buffer from SND.UNA to the end of what the user wrote. `send()`
 * copies the user's bytes in (the one copy on the way out); segments get `subarray` views.
 * A view is valid until the next append or release, so the caller must emit (copy into a
 * frame) before handing the stream new data — services.output does exactly that.
 *
 * RecvStream: a queue of payload views as they arrived (like skbs); `read(n)` returns a view
 * when the bytes lie in one arrival and copies them out only when they span several. Views
 * are kept and handed on, so the caller must not reuse a frame buffer after handing its
 * segment to the layer, and the reader must treat what it gets as read-only (Python's bytes). It also keeps Linux's receive-memory charge (truesize).
 */
import { MAX_SKB_FRAGS, SKB_TX_TRUESIZE } from './linux.ts';
import { RCV_SKB_COSTS, type RcvSkbCost } from './rcv-skb.ts';
import { NO_MARKS, owned } from './seq-marks.ts';
import { none, writable } from './none.ts';
import type { SkbSender } from '../kernel/skb-clone.ts';
import { heldBySender } from './clone.ts';

/** A send stream's buffer before its first write: idle sockets hold none (issue 15). */
const NO_BYTES = new Uint8Array(0);
const FIRST_CAPACITY = 4096;
/**
 * The smallest first buffer: a write that fits gets a buffer of its own size (a power of two),
 * not FIRST_CAPACITY. Ten thousand clients' 30-byte messages then touch 64-byte buffers, not
 * 4 KiB pages each (the first-touch faults and GC of 20 000 such buffers made the
 * thread-per-client bench superlinear); a stream that grows doubles from FIRST_CAPACITY.
 */
const SMALLEST_FIRST = 64;
/**
 * Once everything is acknowledged a buffer larger than this goes, as Linux frees acked skbs: a
 * connection that sent megabytes and then idles holds none. A smaller one stays, so a
 * ping-pong's every message does not allocate one anew.
 */
const KEPT_WHEN_ACKED = 16 * FIRST_CAPACITY;

export class SendStream {
  private buf: Uint8Array = NO_BYTES;
  private head = 0;
  private tail = 0;
  /** sequence number of the byte at `head` (SND.UNA once data flows) */
  baseSeq: number;
  /** sequence numbers just past the end of each write not yet acknowledged (PSH marks); the three start as the shared NO_MARKS */
  private pushMarks = NO_MARKS;
  /** ends of MSG_EOR writes: no later write joins their skb (tcp_skb_can_collapse_to) */
  private eorMarks = NO_MARKS;
  /** the end of every skb not yet acknowledged, write queue and retransmission queue alike */
  private skbEnds = NO_MARKS;

  /** The buffer is allocated on the first write (the write's size, to `capacity`), then doubles. */
  constructor(baseSeq: number, private readonly capacity = FIRST_CAPACITY) {
    this.baseSeq = baseSeq >>> 0;
  }

  /** bytes held (unacknowledged + unsent) */
  get length(): number {
    return this.tail - this.head;
  }

  /** bytes of buffer the stream holds in memory (held bytes and room for more) */
  get allocated(): number {
    return this.buf.length;
  }

  /**
   * Copies `data` in; marks its end for PSH when `push`. The bytes grow the tail skb when
   * `join` is set, else they are a new skb. PSH is a flag of the whole skb (tcp_mark_push), so
   * a tail skb that had it keeps it at its new end ('keep-psh'), unless this is the call's first
   * copy into it ('clear-psh': tcp_sendmsg_locked clears TCPHDR_PSH then).
   */
  append(data: Uint8Array, push: boolean, join: 'clear-psh' | 'keep-psh' | null = null): void {
    const n = data.length;
    if (n === 0) return;
    const oldEnd = this.end;
    if (this.tail + n > this.buf.length) this.makeRoom(n);
    this.buf.set(data, this.tail);
    this.tail += n;
    if (join !== null && this.skbEnds.count > 0) {
      this.skbEnds.setLast(this.end);
      if (this.pushMarks.last === oldEnd) {
        if (join === 'keep-psh') this.pushMarks.setLast(this.end);
        else this.pushMarks.dropLast();
      }
    } else (this.skbEnds = owned(this.skbEnds)).add(this.end);
    if (push) this.markPush();
  }

  /** Where the tail skb starts (its unsent part: not before `sndNxt`). */
  tailSkbStart(sndNxt: number): number {
    const prev = this.skbEnds.secondLast;
    const start = prev === -1 ? this.baseSeq : prev;
    return ((sndNxt - start) | 0) > 0 ? sndNxt : start;
  }

  /** The end of the skb holding `seq`, or -1 past the end. */
  nextSkbEnd(seq: number): number {
    return this.skbEnds.firstAfter(seq, this.baseSeq);
  }

  /** Cuts the skb holding `seq` in two there (tso_fragment / tcp_fragment when a piece is sent). */
  splitSkb(seq: number): void {
    if (((seq - this.baseSeq) | 0) > 0 && ((this.end - seq) | 0) > 0) (this.skbEnds = owned(this.skbEnds)).insert(seq, this.baseSeq);
  }

  /**
   * tcp_grow_skb() (Linux 6.10+, called by tcp_write_xmit for the send head): the skb ending
   * at `end` takes up to `amount` bytes from the front of the next skb (skb_shift moves their
   * truesize with them), so a leftover smaller than cwnd allows goes out as one bigger GSO
   * packet. A next skb taken whole is freed (its own truesize leaves sk_wmem_queued) and its
   * MSG_EOR end becomes this skb's. Nothing moves when `end` ends the last skb or an MSG_EOR
   * write (tcp_skb_can_collapse). Returns the skb's end afterwards.
   */
  growSkb(end: number, amount: number): number {
    if (amount <= 0 || end === this.end || this.endsEor(end)) return end;
    const next = this.skbEnds.firstAfter(end, this.baseSeq);
    if (next === -1) return end;
    const grown = (end + Math.min(amount, (next - end) | 0)) >>> 0;
    (this.skbEnds = owned(this.skbEnds)).moveForward(end, grown, this.baseSeq);
    return grown;
  }

  /** sk_wmem_queued: the bytes held plus each skb's own truesize. */
  get wmemQueued(): number {
    return this.length + this.skbEnds.count * SKB_TX_TRUESIZE;
  }

  private makeRoom(n: number): void {
    const used = this.length;
    if (this.buf.length === 0 && n <= this.capacity) {
      let cap = SMALLEST_FIRST;
      while (cap < n) cap *= 2;
      this.buf = new Uint8Array(cap);
      return;
    }
    if (used + n <= this.buf.length >> 1) {
      this.buf.copyWithin(0, this.head, this.tail);
    } else {
      let cap = Math.max(this.buf.length, this.capacity) * 2;
      while (cap < (used + n) * 2) cap *= 2;
      const next = new Uint8Array(cap);
      next.set(this.buf.subarray(this.head, this.tail));
      this.buf = next;
    }
    this.head = 0;
    this.tail = used;
  }

  /** the sequence number after the last byte written (Linux write_seq) */
  get end(): number {
    return (this.baseSeq + this.length) >>> 0;
  }

  /** Marks the current end of the stream for PSH (Linux tcp_mark_push on the tail skb). */
  markPush(): void {
    (this.pushMarks = owned(this.pushMarks)).add(this.end);
  }

  /** Marks `seq` (not before the last mark, not past the end) for PSH. */
  markPushAt(seq: number): void {
    (this.pushMarks = owned(this.pushMarks)).add(seq);
  }

  /** Ends the tail skb here (MSG_EOR): segments never span this point. */
  markEor(): void {
    (this.eorMarks = owned(this.eorMarks)).add(this.end);
  }

  /** Does the tail skb end at an MSG_EOR write (so a new write starts a new skb)? */
  get tailEor(): boolean {
    return this.endsEor(this.end);
  }

  /** Does an MSG_EOR write end at `seq`? */
  private endsEor(seq: number): boolean {
    return this.eorMarks.firstAfter((seq - 1) >>> 0, this.baseSeq) === seq;
  }

  /** A view of `len` bytes starting at sequence number `seq` (no copy). */
  view(seq: number, len: number): Uint8Array {
    const off = this.head + ((seq - this.baseSeq) | 0);
    return this.buf.subarray(off, off + len);
  }

  /** Drops everything before `seq` (acknowledged). */
  release(seq: number): void {
    const n = (seq - this.baseSeq) | 0;
    if (n <= 0) return;
    const k = Math.min(n, this.length);
    this.head += k;
    this.baseSeq = (this.baseSeq + k) >>> 0;
    if (this.head === this.tail) {
      this.head = this.tail = 0;
      if (this.buf.length > KEPT_WHEN_ACKED) this.buf = NO_BYTES;
    }
    this.pushMarks.release(this.baseSeq);
    this.eorMarks.release(this.baseSeq);
    this.skbEnds.release(this.baseSeq);
  }

  /** Is there a write end in (start, end]? (PSH goes on the segment that ends a write.) */
  hasPushMark(start: number, end: number): boolean {
    const m = this.pushMarks.firstAfter(start, this.baseSeq);
    return m !== -1 && ((m - end) | 0) <= 0;
  }
}

/**
 * The receive queue: payload views for the user, and what Linux charges for them against
 * sk_rcvbuf (sk_rmem_alloc). A segment that finds the queue empty, its last skb full
 * (MAX_SKB_FRAGS), or its last skb still a clone its sender holds (clone.ts), is a new skb
 * costing `headTruesize` + its bytes; any other is coalesced into the last skb
 * (tcp_try_coalesce(): the head is freed, only the bytes stay charged). An skb is uncharged
 * when the user has read all of it (tcp_eat_recv_skb), not byte by byte.
 */
export class RecvStream {
  /** the arrivals' views, from `first`; the three lists start as the shared empty one (none.ts) */
  private chunks: Uint8Array[] = none();
  private first = 0;
  private offset = 0;
  /** bytes ready for the user */
  length = 0;
  /** sk_rmem_alloc: the truesize of the skbs holding those bytes */
  truesize = 0;
  private skbEnd: number[] = none();
  private skbCost: number[] = none();
  private skbFirst = 0;
  private tailFrags = 0;
  /** room left in the tail skb's head (RcvSkbCost.tailroom) */
  private tailRoom = 0;
  /** the socket whose skb the tail skb is a clone of, and the tail skb's first sequence number (clone.ts) */
  private tailSender: SkbSender | undefined = undefined;
  private tailSeq = 0;
  private pushed = 0;
  private consumed = 0;

  /** what an arriving skb costs, and whether later ones coalesce into it (rcv-skb.ts) */
  private readonly cost: RcvSkbCost;

  constructor(cost: RcvSkbCost = RCV_SKB_COSTS.fitted) {
    this.cost = cost;
  }

  /**
   * Queues a payload view (no copy) that arrived behind `headers` bytes of IP and TCP header.
   * `truesize`, when given, is what its skb costs as a whole and it is not coalesced (one moved
   * from the out-of-order queue, or one that overlapped what was queued). `sender` and `seq`:
   * the socket whose skb it is a clone of, and the skb's first sequence number (clone.ts).
   */
  push(data: Uint8Array, headers: number, truesize?: number, sender?: SkbSender, seq = 0): void {
    if (data.length === 0) return;
    (this.chunks = writable(this.chunks)).push(data);
    this.length += data.length;
    // skb_try_coalesce(): "if (skb_cloned(to)) return false"
    const tailCloned = heldBySender(this.tailSender, this.tailSeq);
    if (truesize === undefined && !tailCloned && this.tailRoom >= data.length && this.skbEnd.length > this.skbFirst) {
      // skb_try_coalesce(): it fits in the room after the tail skb's data: copied there, no charge
      this.tailRoom -= data.length;
      this.pushed += data.length;
      this.skbEnd[this.skbEnd.length - 1] = this.pushed;
      return;
    }
    const moved = truesize !== undefined;
    this.tailRoom = moved ? 0 : this.cost.tailroom(data.length, headers);
    const joinable = !moved && this.cost.coalesces;
    if (this.charge(data.length, truesize ?? this.cost.truesize(data.length, headers), joinable && !tailCloned, joinable)) return;
    this.tailSender = sender;
    this.tailSeq = seq;
  }

  /**
   * Charges `len` bytes: into the tail skb when `join` may and it has fragments to spare (true),
   * else as a new skb that later ones may join if `joinable`.
   */
  private charge(len: number, truesize: number, join: boolean, joinable: boolean): boolean {
    this.pushed += len;
    const last = this.skbEnd.length - 1;
    if (join && last >= this.skbFirst && this.tailFrags < MAX_SKB_FRAGS) {
      this.skbEnd[last] = this.pushed;
      this.skbCost[last]! += len;
      this.tailFrags++;
      this.truesize += len;
      return true;
    }
    (this.skbEnd = writable(this.skbEnd)).push(this.pushed);
    (this.skbCost = writable(this.skbCost)).push(truesize);
    this.tailFrags = joinable ? 1 : MAX_SKB_FRAGS;
    this.truesize += truesize;
    return false;
  }

  private uncharge(k: number): void {
    this.consumed += k;
    while (this.skbFirst < this.skbEnd.length && this.skbEnd[this.skbFirst]! <= this.consumed) {
      this.truesize -= this.skbCost[this.skbFirst]!;
      this.skbFirst++;
    }
    if (this.skbFirst > 64 && this.skbFirst * 2 > this.skbEnd.length) {
      this.skbEnd.splice(0, this.skbFirst);
      this.skbCost.splice(0, this.skbFirst);
      this.skbFirst = 0;
    }
  }

  /** bytes left in the first skb (what tcp_recvmsg copies before it frees that skb and moves on) */
  headSkbBytes(): number {
    return this.skbFirst < this.skbEnd.length ? Math.min(this.length, this.skbEnd[this.skbFirst]! - this.consumed) : this.length;
  }

  /** Copies up to n bytes from `skip` bytes in, without taking them (recv with MSG_PEEK). */
  peek(n: number, skip = 0): Uint8Array {
    const k = Math.max(0, Math.min(n, this.length - skip));
    const out = new Uint8Array(k);
    let done = 0;
    let toSkip = skip;
    for (let i = this.first, off = this.offset; done < k; i++, off = 0) {
      const c = this.chunks[i]!;
      if (toSkip >= c.length - off) {
        toSkip -= c.length - off;
        continue;
      }
      off += toSkip;
      toSkip = 0;
      const take = Math.min(k - done, c.length - off);
      out.set(c.subarray(off, off + take), done);
      done += take;
    }
    return out;
  }

  /**
   * Takes up to n bytes (n ≥ 1): a view of the arrival that holds them all (no copy), else a
   * copy joining several; an empty array when nothing is queued.
   */
  read(n: number): Uint8Array {
    const k = Math.min(n, this.length);
    const head = this.chunks[this.first];
    if (head !== undefined && k <= head.length - this.offset) return this.take(head, k);
    const out = new Uint8Array(k);
    let done = 0;
    while (done < k) {
      const c = this.chunks[this.first]!;
      const take = Math.min(k - done, c.length - this.offset);
      out.set(take === c.length && this.offset === 0 ? c : c.subarray(this.offset, this.offset + take), done);
      done += take;
      this.offset += take;
      if (this.offset === c.length) {
        this.first++;
        this.offset = 0;
      }
    }
    this.consume(k);
    return out;
  }

  /** `k` bytes of the first arrival `c` as a view. */
  private take(c: Uint8Array, k: number): Uint8Array {
    const off = this.offset;
    const out = off === 0 && k === c.length ? c : c.subarray(off, off + k);
    if (off + k === c.length) {
      this.first++;
      this.offset = 0;
    } else this.offset = off + k;
    this.consume(k);
    return out;
  }

  private consume(k: number): void {
    this.length -= k;
    this.uncharge(k);
    if (this.first > 64 && this.first * 2 > this.chunks.length) {
      this.chunks.splice(0, this.first);
      this.first = 0;
    }
  }
}
