/**
 * Where tcp-analysis keeps its per-conversation and per-direction numbers: columns of typed
 * arrays indexed by conversation (and by direction, two per conversation), not an object per
 * conversation. A long capture has tens of thousands of conversations that all stay open to
 * analysis (tshark keeps them too), and as objects each held about a kilobyte — a boxed
 * number per field — which was most of `labwire show`'s resident memory (issue 15).
 *
 * `FlowRef` and `ConvRef` are cursors: one object each, pointed at a row with `at(i)`, whose
 * properties read and write the columns, so the analysis reads as if it had objects.
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

/** A typed array twice as long, holding `a`'s values. */
function grown<T extends Float64Array | Uint32Array | Int32Array | Uint16Array | Uint8Array | Int8Array>(a: T): T {
  const b = new (a.constructor as new (n: number) => T)(a.length * 2);
  b.set(a);
  return b;
}

/** The columns of the directions: row 2c is conversation c's first flow, 2c + 1 its second. */
class FlowTable {
  baseSeq = new Uint32Array(64);
  window = new Uint32Array(64);
  nextseq = new Uint32Array(64);
  lastack = new Uint32Array(64);
  maxseqtobeacked = new Uint32Array(64);
  nextseqFrame = new Uint32Array(64);
  lastnondupack = new Uint32Array(64);
  dupacknum = new Int32Array(64);
  lastsegmentflags = new Uint16Array(64);
  winScale = new Int8Array(64);
  /** bit 0 validBif, bit 1 pushSetLast, bit 2 baseSet */
  bits = new Uint8Array(64);
  nextseqNs = new Float64Array(64);
  lastackNs = new Float64Array(64);
  pushBytesSent = new Float64Array(64);
  /** unACKed segments, oldest first; undefined when none (most closed conversations) */
  readonly segments: (Unacked[] | undefined)[] = [];
  /** the SACK blocks of the direction's latest segment; undefined when it had none */
  readonly sack: (Sack | undefined)[] = [];
  rows = 0;

  add(): number {
    const i = this.rows++;
    if (i === this.nextseq.length) this.grow();
    this.winScale[i] = -1;
    this.bits[i] = 1; // validBif
    this.segments.push(undefined);
    this.sack.push(undefined);
    return i;
  }

  private grow(): void {
    this.baseSeq = grown(this.baseSeq);
    this.window = grown(this.window);
    this.nextseq = grown(this.nextseq);
    this.lastack = grown(this.lastack);
    this.maxseqtobeacked = grown(this.maxseqtobeacked);
    this.nextseqFrame = grown(this.nextseqFrame);
    this.lastnondupack = grown(this.lastnondupack);
    this.dupacknum = grown(this.dupacknum);
    this.lastsegmentflags = grown(this.lastsegmentflags);
    this.winScale = grown(this.winScale);
    this.bits = grown(this.bits);
    this.nextseqNs = grown(this.nextseqNs);
    this.lastackNs = grown(this.lastackNs);
    this.pushBytesSent = grown(this.pushBytesSent);
  }
}

/** One direction of a conversation (packet-tcp.c's tcp_flow_t), as the analysis reads it. */
export class FlowRef {
  i = 0;
  constructor(private readonly t: FlowTable) {}
  at(i: number): this {
    this.i = i;
    return this;
  }
  get baseSeq(): number { return this.t.baseSeq[this.i]!; }
  set baseSeq(v: number) { this.t.baseSeq[this.i] = v; }
  get window(): number { return this.t.window[this.i]!; }
  set window(v: number) { this.t.window[this.i] = v; }
  get nextseq(): number { return this.t.nextseq[this.i]!; }
  set nextseq(v: number) { this.t.nextseq[this.i] = v; }
  get lastack(): number { return this.t.lastack[this.i]!; }
  set lastack(v: number) { this.t.lastack[this.i] = v; }
  get maxseqtobeacked(): number { return this.t.maxseqtobeacked[this.i]!; }
  set maxseqtobeacked(v: number) { this.t.maxseqtobeacked[this.i] = v; }
  get nextseqFrame(): number { return this.t.nextseqFrame[this.i]!; }
  set nextseqFrame(v: number) { this.t.nextseqFrame[this.i] = v; }
  get lastnondupack(): number { return this.t.lastnondupack[this.i]!; }
  set lastnondupack(v: number) { this.t.lastnondupack[this.i] = v; }
  get dupacknum(): number { return this.t.dupacknum[this.i]!; }
  set dupacknum(v: number) { this.t.dupacknum[this.i] = v; }
  get lastsegmentflags(): number { return this.t.lastsegmentflags[this.i]!; }
  set lastsegmentflags(v: number) { this.t.lastsegmentflags[this.i] = v; }
  /** -1 unknown (no SYN seen), -2 no scaling, else the shift */
  get winScale(): number { return this.t.winScale[this.i]!; }
  set winScale(v: number) { this.t.winScale[this.i] = v; }
  get nextseqNs(): number { return this.t.nextseqNs[this.i]!; }
  set nextseqNs(v: number) { this.t.nextseqNs[this.i] = v; }
  get lastackNs(): number { return this.t.lastackNs[this.i]!; }
  set lastackNs(v: number) { this.t.lastackNs[this.i] = v; }
  get pushBytesSent(): number { return this.t.pushBytesSent[this.i]!; }
  set pushBytesSent(v: number) { this.t.pushBytesSent[this.i] = v; }
  get validBif(): boolean { return (this.t.bits[this.i]! & 1) !== 0; }
  set validBif(v: boolean) { this.setBit(1, v); }
  get pushSetLast(): boolean { return (this.t.bits[this.i]! & 2) !== 0; }
  set pushSetLast(v: boolean) { this.setBit(2, v); }
  get baseSet(): boolean { return (this.t.bits[this.i]! & 4) !== 0; }
  set baseSet(v: boolean) { this.setBit(4, v); }
  private setBit(bit: number, v: boolean): void {
    this.t.bits[this.i] = v ? this.t.bits[this.i]! | bit : this.t.bits[this.i]! & ~bit;
  }
  /** the unACKed segments, oldest first (a shared empty list when none: add with addSegment) */
  get segments(): readonly Unacked[] { return this.t.segments[this.i] ?? NONE; }
  addSegment(u: Unacked): void {
    const list = this.t.segments[this.i];
    if (list) list.push(u);
    else this.t.segments[this.i] = [u];
  }
  /** Keep the first `n` segments (after moving the kept ones to the front). */
  keepSegments(n: number): void {
    const list = this.t.segments[this.i];
    if (!list) return;
    if (n === 0) this.t.segments[this.i] = undefined;
    else list.length = n;
  }
  /** the mutable list, for compacting in place (undefined when empty) */
  segmentList(): Unacked[] | undefined { return this.t.segments[this.i]; }
  get sack(): Sack { return this.t.sack[this.i] ?? NO_BLOCKS; }
  set sack(v: Sack) { this.t.sack[this.i] = v.length === 0 ? undefined : v; }
}

/** The columns of the conversations. */
class ConvTable {
  mruSynNs = new Float64Array(32);
  firstRttNs = new Float64Array(32);
  firstNs = new Float64Array(32);
  prevNs = new Float64Array(32);
  completeness = new Uint8Array(32);
  /** the flow row that sent the first FIN, -1 none yet */
  finFlow = new Int32Array(32);
  /** the IPv4 ends, the higher end first (0 for IPv6), and the next conversation with the same hash (-1 none) */
  hi = new Uint32Array(32);
  lo = new Uint32Array(32);
  ports = new Uint32Array(32);
  next = new Int32Array(32);
  rows = 0;

  add(): number {
    const i = this.rows++;
    if (i === this.mruSynNs.length) this.grow();
    this.mruSynNs[i] = NaN;
    this.firstNs[i] = NaN;
    this.prevNs[i] = NaN;
    this.finFlow[i] = -1;
    this.next[i] = -1;
    return i;
  }

  private grow(): void {
    this.mruSynNs = grown(this.mruSynNs);
    this.firstRttNs = grown(this.firstRttNs);
    this.firstNs = grown(this.firstNs);
    this.prevNs = grown(this.prevNs);
    this.completeness = grown(this.completeness);
    this.finFlow = grown(this.finFlow);
    this.hi = grown(this.hi);
    this.lo = grown(this.lo);
    this.ports = grown(this.ports);
    this.next = grown(this.next);
  }
}

/** One conversation (packet-tcp.c's tcp_analysis) as the analysis reads it; its row is its stream number. */
export class ConvRef {
  i = 0;
  constructor(private readonly t: ConvTable) {}
  at(i: number): this {
    this.i = i;
    return this;
  }
  get stream(): number { return this.i; }
  /** the rows of its two directions in the flow table */
  get flow1(): number { return 2 * this.i; }
  get flow2(): number { return 2 * this.i + 1; }
  get mruSynNs(): number { return this.t.mruSynNs[this.i]!; }
  set mruSynNs(v: number) { this.t.mruSynNs[this.i] = v; }
  get firstRttNs(): number { return this.t.firstRttNs[this.i]!; }
  set firstRttNs(v: number) { this.t.firstRttNs[this.i] = v; }
  get firstNs(): number { return this.t.firstNs[this.i]!; }
  set firstNs(v: number) { this.t.firstNs[this.i] = v; }
  get prevNs(): number { return this.t.prevNs[this.i]!; }
  set prevNs(v: number) { this.t.prevNs[this.i] = v; }
  /** TCP_COMPLETENESS_* bits seen so far: SYN 1, SYN+ACK 2, ACK 4, data 8, FIN 16, RST 32 */
  get completeness(): number { return this.t.completeness[this.i]!; }
  set completeness(v: number) { this.t.completeness[this.i] = v; }
  get finFlow(): number { return this.t.finFlow[this.i]!; }
  set finFlow(v: number) { this.t.finFlow[this.i] = v; }
}

/**
 * All conversations: IPv4 ones found by a small-integer hash of their ends (no key text per
 * frame), colliding ones chained; IPv6 ones by their ends' text (rare, and their addresses are
 * text already).
 */
export class TcpState {
  private readonly flows = new FlowTable();
  private readonly convs = new ConvTable();
  private readonly byHash = new Map<number, number>();
  private readonly byText = new Map<string, number>();
  readonly fwd = new FlowRef(this.flows);
  readonly rev = new FlowRef(this.flows);
  readonly conv = new ConvRef(this.convs);

  /** The conversation between two IPv4 ends (the higher end first), made if new: its row. */
  ipv4(hi: number, hiPort: number, lo: number, loPort: number): number {
    const c = this.convs;
    const ports = ((hiPort << 16) | loPort) >>> 0;
    const key = endsHash(hi, lo, ports);
    const head = this.byHash.get(key);
    for (let i = head ?? -1; i >= 0; i = c.next[i]!) {
      if (c.hi[i] === hi && c.lo[i] === lo && c.ports[i] === ports) return i;
    }
    const i = this.add();
    c.hi[i] = hi;
    c.lo[i] = lo;
    c.ports[i] = ports;
    c.next[i] = head ?? -1;
    this.byHash.set(key, i);
    return i;
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

/** Two IPv4 ends mixed into a 30-bit integer (a small integer in V8, so the Map key is no heap number). */
function endsHash(hi: number, lo: number, ports: number): number {
  let h = Math.imul(hi ^ 0x2545f491, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 15) ^ lo, 0x85ebca77);
  h = Math.imul(h ^ (h >>> 13) ^ ports, 0xc2b2ae3d);
  return (h ^ (h >>> 16)) & 0x3fffffff;
}
