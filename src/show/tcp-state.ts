/**
 * Where tcp-analysis keeps its per-conversation and per-direction numbers: columns of typed
 * arrays indexed by conversation (and by direction, two per conversation), not an object per
 * conversation. A long capture has tens of thousands of conversations that all stay open to
 * analysis (tshark keeps them too), and as objects each held about a kilobyte — a boxed
 * number per field — which was most of `labwire show`'s resident memory (issue 15).
 *
 * The columns come in pages of PAGE rows, added as conversations arrive: nothing is copied
 * or left for the collector when the table grows. `FlowRef` and `ConvRef` are cursors: one
 * object each, pointed at a row with `at(i)`, whose properties read and write the columns, so
 * the analysis reads as if it had objects.
 */

/** An unACKed segment (Wireshark's tcp_unacked_t): what the details pane's ACK, RTT, RTO and bytes-in-flight lines come from. */
export interface Unacked {
  readonly frame: number;
  seq: number;
  readonly nextseq: number;
  readonly ns: number;
}

type Sack = readonly (readonly [number, number])[];

const NONE: readonly Unacked[] = [];
const NO_BLOCKS: Sack = [];

/** Rows per page: 4096 directions take about 260 KB (64 bytes each). */
const PAGE_BITS = 12;
const PAGE = 1 << PAGE_BITS;
const ROW = PAGE - 1;

/** A page of the columns of the directions: row 2c is conversation c's first flow, 2c + 1 its second. */
class FlowPage {
  readonly baseSeq = new Uint32Array(PAGE);
  readonly window = new Uint32Array(PAGE);
  readonly nextseq = new Uint32Array(PAGE);
  readonly lastack = new Uint32Array(PAGE);
  readonly maxseqtobeacked = new Uint32Array(PAGE);
  readonly nextseqFrame = new Uint32Array(PAGE);
  readonly lastnondupack = new Uint32Array(PAGE);
  readonly dupacknum = new Int32Array(PAGE);
  readonly lastsegmentflags = new Uint16Array(PAGE);
  /** -1 unknown (no SYN seen), -2 no scaling, else the shift */
  readonly winScale = new Int8Array(PAGE).fill(-1);
  /** bit 0 validBif, bit 1 pushSetLast, bit 2 baseSet */
  readonly bits = new Uint8Array(PAGE).fill(1);
  readonly nextseqNs = new Float64Array(PAGE);
  readonly lastackNs = new Float64Array(PAGE);
  /** bytes since the last PSH: tcp_flow_t's guint32 push_bytes_sent, wrapping as it does */
  readonly pushBytesSent = new Uint32Array(PAGE);
  /** what a direction has only at times (FlowExtras); undefined when neither (most closed conversations) */
  readonly extras: (FlowExtras | undefined)[] = new Array<FlowExtras | undefined>(PAGE).fill(undefined);
}

/** One column of references for the two lists a direction has now and then: 8 bytes a direction, not 16. */
interface FlowExtras {
  /** unACKed segments, oldest first; undefined when none */
  segments: Unacked[] | undefined;
  /** the SACK blocks of the direction's latest segment; undefined when it had none */
  sack: Sack | undefined;
}

/** Rows of columns in pages of PAGE, a page added when the rows fill the last one. */
class Paged<P> {
  private readonly pages: P[] = [];
  private rows = 0;
  constructor(private readonly newPage: () => P) {}

  /** A new row's number. */
  add(): number {
    const i = this.rows++;
    if (i >> PAGE_BITS === this.pages.length) this.pages.push(this.newPage());
    return i;
  }

  /** The page holding row `i` (at `i & ROW` in it). */
  page(i: number): P {
    return this.pages[i >> PAGE_BITS]!;
  }
}

/** A row of a Paged table, pointed at with `at`; subclasses name its columns. */
class Cursor<P> {
  /** the row */
  i = 0;
  /** the row's page and its place there */
  protected t!: P;
  protected j = 0;
  constructor(private readonly table: Paged<P>) {}
  at(i: number): this {
    this.i = i;
    this.t = this.table.page(i);
    this.j = i & ROW;
    return this;
  }
}

/** One direction of a conversation (packet-tcp.c's tcp_flow_t), as the analysis reads it. */
export class FlowRef extends Cursor<FlowPage> {
  get baseSeq(): number { return this.t.baseSeq[this.j]!; }
  set baseSeq(v: number) { this.t.baseSeq[this.j] = v; }
  get window(): number { return this.t.window[this.j]!; }
  set window(v: number) { this.t.window[this.j] = v; }
  get nextseq(): number { return this.t.nextseq[this.j]!; }
  set nextseq(v: number) { this.t.nextseq[this.j] = v; }
  get lastack(): number { return this.t.lastack[this.j]!; }
  set lastack(v: number) { this.t.lastack[this.j] = v; }
  get maxseqtobeacked(): number { return this.t.maxseqtobeacked[this.j]!; }
  set maxseqtobeacked(v: number) { this.t.maxseqtobeacked[this.j] = v; }
  get nextseqFrame(): number { return this.t.nextseqFrame[this.j]!; }
  set nextseqFrame(v: number) { this.t.nextseqFrame[this.j] = v; }
  get lastnondupack(): number { return this.t.lastnondupack[this.j]!; }
  set lastnondupack(v: number) { this.t.lastnondupack[this.j] = v; }
  get dupacknum(): number { return this.t.dupacknum[this.j]!; }
  set dupacknum(v: number) { this.t.dupacknum[this.j] = v; }
  get lastsegmentflags(): number { return this.t.lastsegmentflags[this.j]!; }
  set lastsegmentflags(v: number) { this.t.lastsegmentflags[this.j] = v; }
  /** -1 unknown (no SYN seen), -2 no scaling, else the shift */
  get winScale(): number { return this.t.winScale[this.j]!; }
  set winScale(v: number) { this.t.winScale[this.j] = v; }
  get nextseqNs(): number { return this.t.nextseqNs[this.j]!; }
  set nextseqNs(v: number) { this.t.nextseqNs[this.j] = v; }
  get lastackNs(): number { return this.t.lastackNs[this.j]!; }
  set lastackNs(v: number) { this.t.lastackNs[this.j] = v; }
  get pushBytesSent(): number { return this.t.pushBytesSent[this.j]!; }
  set pushBytesSent(v: number) { this.t.pushBytesSent[this.j] = v; }
  get validBif(): boolean { return (this.t.bits[this.j]! & 1) !== 0; }
  set validBif(v: boolean) { this.setBit(1, v); }
  get pushSetLast(): boolean { return (this.t.bits[this.j]! & 2) !== 0; }
  set pushSetLast(v: boolean) { this.setBit(2, v); }
  get baseSet(): boolean { return (this.t.bits[this.j]! & 4) !== 0; }
  set baseSet(v: boolean) { this.setBit(4, v); }
  private setBit(bit: number, v: boolean): void {
    this.t.bits[this.j] = v ? this.t.bits[this.j]! | bit : this.t.bits[this.j]! & ~bit;
  }
  /** the unACKed segments, oldest first (a shared empty list when none: add with addSegment) */
  get segments(): readonly Unacked[] { return this.t.extras[this.j]?.segments ?? NONE; }
  addSegment(u: Unacked): void {
    const x = this.t.extras[this.j];
    if (!x) this.t.extras[this.j] = { segments: [u], sack: undefined };
    else if (x.segments) x.segments.push(u);
    else x.segments = [u];
  }
  /** Keep the first `n` segments (after moving the kept ones to the front). */
  keepSegments(n: number): void {
    const x = this.t.extras[this.j];
    if (!x?.segments) return;
    if (n > 0) x.segments.length = n;
    else if (x.sack) x.segments = undefined;
    else this.t.extras[this.j] = undefined;
  }
  /** the mutable list, for compacting in place (undefined when empty) */
  segmentList(): Unacked[] | undefined { return this.t.extras[this.j]?.segments; }
  get sack(): Sack { return this.t.extras[this.j]?.sack ?? NO_BLOCKS; }
  set sack(v: Sack) {
    const x = this.t.extras[this.j];
    if (v.length > 0) {
      if (x) x.sack = v;
      else this.t.extras[this.j] = { segments: undefined, sack: v };
    } else if (x?.sack) {
      if (x.segments) x.sack = undefined;
      else this.t.extras[this.j] = undefined;
    }
  }
}

/** A page of the columns of the conversations. */
class ConvPage {
  readonly mruSynNs = new Float64Array(PAGE).fill(NaN);
  readonly firstRttNs = new Float64Array(PAGE);
  readonly firstNs = new Float64Array(PAGE).fill(NaN);
  readonly prevNs = new Float64Array(PAGE).fill(NaN);
  readonly completeness = new Uint8Array(PAGE);
  /** the flow row that sent the first FIN, -1 none yet */
  readonly finFlow = new Int32Array(PAGE).fill(-1);
  /** the IPv4 ends, the higher end first (0 for IPv6) */
  readonly hi = new Uint32Array(PAGE);
  readonly lo = new Uint32Array(PAGE);
  readonly ports = new Uint32Array(PAGE);
}

/** One conversation (packet-tcp.c's tcp_analysis) as the analysis reads it; its row is its stream number. */
export class ConvRef extends Cursor<ConvPage> {
  get stream(): number { return this.i; }
  /** the rows of its two directions in the flow table */
  get flow1(): number { return 2 * this.i; }
  get flow2(): number { return 2 * this.i + 1; }
  get mruSynNs(): number { return this.t.mruSynNs[this.j]!; }
  set mruSynNs(v: number) { this.t.mruSynNs[this.j] = v; }
  get firstRttNs(): number { return this.t.firstRttNs[this.j]!; }
  set firstRttNs(v: number) { this.t.firstRttNs[this.j] = v; }
  get firstNs(): number { return this.t.firstNs[this.j]!; }
  set firstNs(v: number) { this.t.firstNs[this.j] = v; }
  get prevNs(): number { return this.t.prevNs[this.j]!; }
  set prevNs(v: number) { this.t.prevNs[this.j] = v; }
  /** TCP_COMPLETENESS_* bits seen so far: SYN 1, SYN+ACK 2, ACK 4, data 8, FIN 16, RST 32 */
  get completeness(): number { return this.t.completeness[this.j]!; }
  set completeness(v: number) { this.t.completeness[this.j] = v; }
  get finFlow(): number { return this.t.finFlow[this.j]!; }
  set finFlow(v: number) { this.t.finFlow[this.j] = v; }
}

/** Slots of the IPv4 table when it is first made: it doubles when half full. */
const FIRST_SLOTS = 1 << 12;

/**
 * All conversations: IPv4 ones found by a hash of their ends (no key text per frame) in an
 * open-addressing table of rows (linear probing, an Int32Array: 4 bytes a slot, where a Map
 * took about 30 bytes an entry and left its outgrown tables in the large-object space); IPv6
 * ones by their ends' text (rare, and their addresses are text already).
 */
export class TcpState {
  private readonly flows = new Paged(() => new FlowPage());
  private readonly convs = new Paged(() => new ConvPage());
  /** conversation rows at their hash's slot or after it, -1 empty */
  private slots = new Int32Array(FIRST_SLOTS).fill(-1);
  private ipv4Count = 0;
  private readonly byText = new Map<string, number>();
  /** the IPv4 conversation found last (-1 none) */
  private lastIpv4 = -1;
  readonly fwd = new FlowRef(this.flows);
  readonly rev = new FlowRef(this.flows);
  readonly conv = new ConvRef(this.convs);

  /** The conversation between two IPv4 ends (the higher end first), made if new: its row. */
  ipv4(hi: number, hiPort: number, lo: number, loPort: number): number {
    const c = this.convs;
    const ports = ((hiPort << 16) | loPort) >>> 0;
    // consecutive segments are mostly of one conversation: the last one found is tried first
    const last = this.lastIpv4;
    if (last >= 0) {
      const p = c.page(last);
      const j = last & ROW;
      if (p.hi[j] === hi && p.lo[j] === lo && p.ports[j] === ports) return last;
    }
    const slots = this.slots;
    const mask = slots.length - 1;
    let s = endsHash(hi, lo, ports) & mask;
    for (let i = slots[s]!; i >= 0; s = (s + 1) & mask, i = slots[s]!) {
      const p = c.page(i);
      const j = i & ROW;
      if (p.hi[j] === hi && p.lo[j] === lo && p.ports[j] === ports) return (this.lastIpv4 = i);
    }
    const i = this.add();
    const p = c.page(i);
    const j = i & ROW;
    p.hi[j] = hi;
    p.lo[j] = lo;
    p.ports[j] = ports;
    slots[s] = i;
    if (++this.ipv4Count * 2 > slots.length) this.grow();
    return (this.lastIpv4 = i);
  }

  /** The IPv4 table at twice its size, every row placed again. */
  private grow(): void {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (const i of old) {
      if (i < 0) continue;
      const p = this.convs.page(i);
      const j = i & ROW;
      let s = endsHash(p.hi[j]!, p.lo[j]!, p.ports[j]!) & mask;
      while (slots[s]! >= 0) s = (s + 1) & mask;
      slots[s] = i;
    }
    this.slots = slots;
  }

  /** The conversation named by `key` (IPv6 ends as text), made if new: its row. */
  text(key: string): number {
    let i = this.byText.get(key);
    if (i === undefined) this.byText.set(key, (i = this.add()));
    return i;
  }

  private add(): number {
    const i = this.convs.add();
    this.flows.add();
    this.flows.add();
    return i;
  }
}

/** Two IPv4 ends mixed into a 30-bit integer, whose low bits are their first slot in the table. */
function endsHash(hi: number, lo: number, ports: number): number {
  let h = Math.imul(hi ^ 0x2545f491, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 15) ^ lo, 0x85ebca77);
  h = Math.imul(h ^ (h >>> 13) ^ ports, 0xc2b2ae3d);
  return (h ^ (h >>> 16)) & 0x3fffffff;
}
