/**
 * Two TcpLayers wired back to back (quinn's Pair): a fake clock, one event queue ordered
 * by (time, sequence), a one-way latency, optional loss, and a log of every segment put on
 * the "wire". `drive()` runs until nothing is pending; `driveBounded()` fails on a livelock
 * instead of hanging.
 */
import { TcpLayer } from '../../src/stack/tcp/layer.ts';
import { WSL2_PROFILE, type KernelProfile } from '../../src/stack/kernel/profile.ts';
import type { RouteInfo, TcpRandomPurpose, TcpServices } from '../../src/stack/kernel/tcp-services.ts';
import { ipv4, type Ipv4Addr } from '../../src/stack/wire/addr.ts';
import type { TcpSegment, TcpSegmentInit } from '../../src/stack/wire/tcp.ts';
import type { TcpOption } from '../../src/stack/wire/tcp-options.ts';

export const A_ADDR = ipv4('172.16.16.102');
export const B_ADDR = ipv4('172.16.16.101');
export const MS = 1_000_000;

export type Side = 'a' | 'b';

export interface WireRecord {
  readonly at: number;
  readonly from: Side;
  readonly src: Ipv4Addr;
  readonly dst: Ipv4Addr;
  readonly seg: TcpSegment;
  readonly dropped: boolean;
}

export interface PairOptions {
  readonly seed?: number;
  /** one-way latency (ns), default 50 µs */
  readonly latency?: number;
  /** probability of dropping each segment (0..1) */
  readonly loss?: number;
  /** drop exactly these segments (0-based index over all segments sent) */
  readonly dropIndices?: readonly number[];
  readonly profile?: KernelProfile;
  readonly mtu?: number;
  /** the start of the fake clock (ns) */
  readonly start?: number;
  /** false: B does not exist on the wire (a silent address) */
  readonly bAnswers?: boolean;
  /** false: keep no wire log (long runs) */
  readonly record?: boolean;
  /** TcpLayer's GSO limit (0 or absent: MSS-sized segments) */
  readonly gsoMaxSize?: number;
}

function before(x: QEvent, y: QEvent): boolean {
  return x.at < y.at || (x.at === y.at && x.n < y.n);
}

type QEvent =
  | { at: number; n: number; kind: 'seg'; to: Side; src: Ipv4Addr; dst: Ipv4Addr; seg: TcpSegment }
  | { at: number; n: number; kind: 'timer'; to: Side; token: number };

/** a small deterministic generator (mulberry32) for draws and loss */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** Copies payloads into 1 MiB slabs (one allocation per slab, not per segment), like frame buffers. */
class Slab {
  private buf = new Uint8Array(1 << 20);
  private off = 0;
  copy(src: Uint8Array): Uint8Array {
    const n = src.length;
    if (n === 0) return src;
    if (this.off + n > this.buf.length) {
      this.buf = new Uint8Array(Math.max(1 << 20, n));
      this.off = 0;
    }
    const out = this.buf.subarray(this.off, this.off + n);
    out.set(src);
    this.off += n;
    return out;
  }
}

const defaultSlab = new Slab();

/** What a parser would return for an emitted segment (payload copied: the wire is a copy). */
export function asReceived(seg: TcpSegmentInit, slab: Slab = defaultSlab): TcpSegment {
  const optLen = optionBytes(seg.options);
  return {
    srcPort: seg.srcPort, dstPort: seg.dstPort, seq: seg.seq, ack: seg.ack, flags: seg.flags, window: seg.window,
    options: seg.options, urgent: seg.urgent ?? 0, dataOffset: 5 + Math.ceil(optLen / 4), reserved: 0, checksum: 0,
    payload: slab.copy(seg.payload),
  };
}

export function optionBytes(options: readonly TcpOption[]): number {
  let n = 0;
  for (const o of options) {
    switch (o.kind) {
      case 'eol':
      case 'nop':
        n += 1;
        break;
      case 'mss':
        n += 4;
        break;
      case 'wscale':
        n += 3;
        break;
      case 'sackPermitted':
        n += 2;
        break;
      case 'sack':
        n += 2 + 8 * o.blocks.length;
        break;
      case 'timestamps':
        n += 10;
        break;
      case 'unknown':
        n += 2 + o.data.length;
        break;
    }
  }
  return n;
}

export class Pair {
  now: number;
  readonly a: TcpLayer;
  readonly b: TcpLayer;
  readonly wire: WireRecord[] = [];
  private readonly queue: QEvent[] = [];
  private n = 0;
  private sentCount = 0;
  private readonly lossRng: () => number;
  private readonly slab = new Slab();
  readonly latency: number;

  constructor(readonly opts: PairOptions = {}) {
    this.now = opts.start ?? 0;
    this.latency = opts.latency ?? 50_000;
    const seed = opts.seed ?? 1;
    this.lossRng = rng(seed ^ 0x5eed);
    const profile = opts.profile ?? WSL2_PROFILE;
    const gso = { gsoMaxSize: opts.gsoMaxSize ?? 0 };
    this.a = new TcpLayer(this.services('a', A_ADDR, rng(seed * 3 + 1)), profile, gso);
    this.b = new TcpLayer(this.services('b', B_ADDR, rng(seed * 7 + 2)), profile, gso);
  }

  layer(side: Side): TcpLayer {
    return side === 'a' ? this.a : this.b;
  }

  private services(side: Side, self: Ipv4Addr, draw: () => number): TcpServices {
    const mtu = this.opts.mtu ?? 1500;
    return {
      route: (dst: Ipv4Addr): RouteInfo | undefined => (dst === A_ADDR || dst === B_ADDR || dst >>> 24 === 10 ? { src: self, mtu } : undefined),
      isLocalAddress: (a: Ipv4Addr) => a === self,
      output: (src, dst, seg, now) => this.transmit(side, src, dst, seg, now),
      arm: (at, token) => this.push({ at, n: this.n++, kind: 'timer', to: side, token }),
      random: (_purpose: TcpRandomPurpose) => draw(),
    };
  }

  private transmit(from: Side, src: Ipv4Addr, dst: Ipv4Addr, init: TcpSegmentInit, now: number): void {
    const seg = asReceived(init, this.slab);
    const i = this.sentCount++;
    const lossy = this.opts.loss !== undefined && this.opts.loss > 0 && this.lossRng() / 2 ** 32 < this.opts.loss;
    const silent = this.opts.bAnswers === false && from === 'a';
    const dropped = lossy || (this.opts.dropIndices?.includes(i) ?? false) || silent;
    if (this.opts.record !== false) this.wire.push({ at: now, from, src, dst, seg, dropped });
    if (dropped) return;
    const to: Side = from === 'a' ? 'b' : 'a';
    this.push({ at: now + this.latency, n: this.n++, kind: 'seg', to, src, dst, seg });
  }

  private push(e: QEvent): void {
    // binary heap ordered by (at, n)
    const q = this.queue;
    q.push(e);
    let i = q.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(q[i]!, q[parent]!)) break;
      [q[i], q[parent]] = [q[parent]!, q[i]!];
      i = parent;
    }
  }

  private pop(): QEvent | undefined {
    const q = this.queue;
    const top = q[0];
    const last = q.pop();
    if (q.length > 0 && last) {
      q[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < q.length && before(q[l]!, q[m]!)) m = l;
        if (r < q.length && before(q[r]!, q[m]!)) m = r;
        if (m === i) break;
        [q[i], q[m]] = [q[m]!, q[i]!];
        i = m;
      }
    }
    return top;
  }

  get pending(): number {
    return this.queue.length;
  }

  /** Time of the next event, or undefined. */
  peek(): number | undefined {
    return this.queue[0]?.at;
  }

  /** Processes one event; false when nothing is pending. */
  stepOnce(): boolean {
    const e = this.pop();
    if (!e) return false;
    if (e.at > this.now) this.now = e.at;
    const l = this.layer(e.to);
    if (e.kind === 'seg') l.input(e.src, e.dst, e.seg, this.now);
    else l.onTimer(e.token, this.now);
    return true;
  }

  /** Runs until no event is pending before `until` (default: forever). */
  drive(until = Number.POSITIVE_INFINITY): void {
    this.driveBounded(1_000_000, until);
  }

  /** Like drive(), but throws after `maxEvents` (a livelock fails instead of hanging). */
  driveBounded(maxEvents: number, until = Number.POSITIVE_INFINITY, onEach?: () => void): void {
    for (let i = 0; ; i++) {
      onEach?.();
      const at = this.peek();
      if (at === undefined || at > until) break;
      if (i >= maxEvents) throw new Error(`driveBounded: still busy after ${maxEvents} events at t=${this.now}ns`);
      this.stepOnce();
    }
    if (until !== Number.POSITIVE_INFINITY && until > this.now) this.now = until;
  }

  /** Segments sent by `from` (not dropped unless asked). */
  sentBy(from: Side, includeDropped = false): TcpSegment[] {
    return this.wire.filter((w) => w.from === from && (includeDropped || !w.dropped)).map((w) => w.seg);
  }
}

export interface TransferOptions {
  readonly message: Uint8Array;
  /** sizes of the client's send() calls, cycled */
  readonly writeSizes: readonly number[];
  /** sizes of the server's recv() calls, cycled */
  readonly recvSizes: readonly number[];
  readonly port?: number;
  readonly maxEvents?: number;
  readonly clientSndBuf?: number;
  readonly serverRcvBuf?: number;
  readonly nodelay?: boolean;
  /** the server echoes what it reads (like the lab's server) and the client reads it back */
  readonly echo?: boolean;
  readonly clientRecvSize?: number;
  /** stop at this simulated time (ns) even if events are pending (a stall) */
  readonly until?: number;
}

export interface TransferResult {
  readonly received: Uint8Array;
  readonly echoed: Uint8Array;
  /** every recv() result length the server saw, 0 for end of stream */
  readonly recvLengths: readonly number[];
  readonly requested: readonly number[];
  readonly clientError: number;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const n = parts.reduce((a, p) => a + p.length, 0);
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * A client that connects, writes `message` in `writeSizes` pieces and closes; a server that
 * reads with `recvSizes` until end of stream and closes (optionally echoing, the client then
 * reading the echo before closing). Non-blocking calls retried whenever an event was processed.
 */
export function transfer(p: Pair, o: TransferOptions): TransferResult {
  const port = o.port ?? 10000;
  const lsn = p.b.open();
  p.b.bind(lsn, 0, port);
  p.b.listen(lsn, 1, p.now);
  const cli = p.a.open();
  if (o.clientSndBuf) p.a.setOption(cli, 'SO_SNDBUF', o.clientSndBuf);
  if (o.serverRcvBuf) p.b.setOption(lsn, 'SO_RCVBUF', o.serverRcvBuf);
  if (o.nodelay) p.a.setOption(cli, 'TCP_NODELAY', 1);
  p.a.connect(cli, B_ADDR, port, p.now);
  let srv = -1;
  let written = 0;
  let w = 0;
  let r = 0;
  let clientDone = false;
  let connected = false;
  let serverDone = false;
  let clientError = 0;
  const got: Uint8Array[] = [];
  const echoed: Uint8Array[] = [];
  let echoedLen = 0;
  const pendingEcho: Uint8Array[] = [];
  const recvLengths: number[] = [];
  const requested: number[] = [];
  const progress = (): void => {
    for (let moved = true; moved; ) {
      moved = false;
      if (!clientDone) {
        const err = p.a.poll(cli) & 0x008 ? p.a.takeError(cli) : 0;
        if (err) {
          clientError = err;
          clientDone = true;
          p.a.close(cli, p.now);
        } else if (!connected) {
          // a blocking connect() returns once the handshake is done
          if (p.a.poll(cli) & 0x004) {
            connected = true;
            moved = true;
          }
        } else if (written < o.message.length) {
          // a blocking sendall() sleeps until the socket is writable again (sk_stream_wait_memory)
          const size = o.writeSizes[w % o.writeSizes.length]!;
          const n = p.a.poll(cli) & 0x004 ? p.a.send(cli, o.message.subarray(written, Math.min(written + size, o.message.length)), p.now) : -11;
          if (n > 0) {
            written += n;
            w++;
            moved = true;
          }
        } else if (o.echo && echoedLen < o.message.length) {
          const c = p.a.recv(cli, o.clientRecvSize ?? 16, p.now);
          if (c instanceof Uint8Array && c.length > 0) {
            echoed.push(c);
            echoedLen += c.length;
            moved = true;
          } else if (c instanceof Uint8Array) {
            clientDone = true;
            p.a.close(cli, p.now);
          }
        } else {
          clientDone = true;
          p.a.close(cli, p.now);
          moved = true;
        }
      }
      if (!serverDone) {
        if (srv < 0) {
          const a = p.b.accept(lsn, p.now);
          if (a > 0) {
            srv = a;
            moved = true;
          }
        } else if (pendingEcho.length > 0) {
          const head = pendingEcho[0]!;
          const n = p.b.send(srv, head, p.now);
          if (n > 0) {
            if (n === head.length) pendingEcho.shift();
            else pendingEcho[0] = head.subarray(n);
            moved = true;
          }
        } else {
          const size = o.recvSizes[r % o.recvSizes.length]!;
          const c = p.b.recv(srv, size, p.now);
          if (c instanceof Uint8Array) {
            requested.push(size);
            recvLengths.push(c.length);
            r++;
            moved = true;
            if (c.length === 0) {
              serverDone = true;
              p.b.close(srv, p.now);
              p.b.close(lsn, p.now);
            } else {
              got.push(c);
              if (o.echo) pendingEcho.push(c);
            }
          } else if (c !== -11) {
            serverDone = true;
            p.b.close(srv, p.now);
            p.b.close(lsn, p.now);
          }
        }
      }
    }
  };
  p.driveBounded(o.maxEvents ?? 2_000_000, o.until ?? Number.POSITIVE_INFINITY, progress);
  return { received: concat(got), echoed: concat(echoed), recvLengths, requested, clientError };
}
