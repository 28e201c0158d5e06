/**
 * Two hosts' TCP layers on one link, for TCP tests: a `World` with hosts a (172.16.16.102)
 * and b (172.16.16.101) on a bridge with a pure one-way latency (no serialization), static
 * ARP entries (so segments leave at once), and a wire log of every TCP segment put on the
 * link, with optional loss and drops by index. Tests call the layers directly (`p.a`, `p.b`)
 * with `p.now`; `drive()` runs the World's loop until nothing is pending, `driveBounded()`
 * fails on a livelock instead of hanging.
 */
import { World } from '../../src/sim/world.ts';
import { WSL2_PROFILE, type KernelProfile } from '../../src/stack/kernel/profile.ts';
import type { TcpLayer } from '../../src/stack/tcp/layer.ts';
import { TcpLayer as Layer } from '../../src/stack/tcp/layer.ts';
import { dockerMac, ipv4, type Ipv4Addr } from '../../src/stack/wire/addr.ts';
import { parseTcp, type TcpSegment, type TcpSegmentInit } from '../../src/stack/wire/tcp.ts';
import { parseIpv4 } from '../../src/stack/wire/ipv4.ts';
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
  /** the start of the clock (ns) */
  readonly start?: number;
  /** false: B does not exist on the wire (a silent address) */
  readonly bAnswers?: boolean;
  /** false: keep no wire log (long runs) */
  readonly record?: boolean;
  /** TcpLayer's GSO limit (0 or absent: MSS-sized segments) */
  readonly gsoMaxSize?: number;
}

/** a small deterministic generator (mulberry32) for test draws */
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

/** What a parser would return for an emitted segment (the checksum and header fields a codec fills). */
export function asReceived(seg: TcpSegmentInit): TcpSegment {
  const optLen = optionBytes(seg.options);
  return {
    srcPort: seg.srcPort, dstPort: seg.dstPort, seq: seg.seq, ack: seg.ack, flags: seg.flags, window: seg.window,
    options: seg.options, urgent: seg.urgent ?? 0, dataOffset: 5 + Math.ceil(optLen / 4), reserved: 0, checksum: 0,
    payload: seg.payload.slice(),
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
  readonly world: World;
  readonly a: TcpLayer;
  readonly b: TcpLayer;
  private readonly log: WireRecord[] = [];
  readonly latency: number;
  private sentCount = 0;

  constructor(readonly opts: PairOptions = {}) {
    this.latency = opts.latency ?? 50_000;
    const seed = opts.seed ?? 1;
    const profile = opts.profile ?? WSL2_PROFILE;
    const mtu = opts.mtu ?? 1500;
    const host = (name: Side, addr: Ipv4Addr, peer: Ipv4Addr) => ({
      name, hostname: name, profile,
      interfaces: [{ name: 'eth0', addr, prefix: 24, mac: dockerMac(addr), segment: 'lan', mtu }],
      neighbours: [{ iface: 'eth0', addr: peer, mac: dockerMac(peer) }],
    });
    this.world = new World({
      seed, epochSeconds: 0,
      segments: [{ name: 'lan', params: { latency: this.latency, bandwidth: Infinity, mtu, queueFrames: 1 << 30, loss: 0 } }],
      hosts: [host('a', A_ADDR, B_ADDR), host('b', B_ADDR, A_ADDR)],
      makeTcp: (s, p) => new Layer(s, p, { gsoMaxSize: opts.gsoMaxSize ?? 0 }),
    });
    this.world.now = opts.start ?? 0;
    this.a = this.world.host('a').kernel.tcp as TcpLayer;
    this.b = this.world.host('b').kernel.tcp as TcpLayer;
    const lossRng = rng(seed ^ 0x5eed);
    const hostA = this.world.host('a');
    this.world.onWire((from, frame, at) => {
      const ip = parseIpv4(frame, 14);
      if (!ip.ok || ip.value.protocol !== 6) return true;
      const seg = parseTcp(frame.subarray(14 + ip.value.ihl * 4, 14 + ip.value.totalLength), 0);
      if (!seg.ok) return true;
      const side: Side = from === hostA ? 'a' : 'b';
      const i = this.sentCount++;
      const lossy = opts.loss !== undefined && opts.loss > 0 && lossRng() / 2 ** 32 < opts.loss;
      const silent = opts.bAnswers === false && side === 'a';
      const dropped = lossy || (opts.dropIndices?.includes(i) ?? false) || silent;
      if (opts.record !== false) this.log.push({ at, from: side, src: ip.value.src, dst: ip.value.dst, seg: seg.value, dropped });
      return !dropped;
    });
  }

  get now(): number {
    return this.world.now;
  }

  /** every TCP segment put on the link so far (what the layers asked to send is sent first) */
  get wire(): readonly WireRecord[] {
    this.world.flush();
    return this.log;
  }

  layer(side: Side): TcpLayer {
    return side === 'a' ? this.a : this.b;
  }

  /** Time of the next event, or undefined. */
  peek(): number | undefined {
    this.world.flush();
    const t = this.world.nextTime();
    return t === Infinity ? undefined : t;
  }

  get pending(): number {
    return this.peek() === undefined ? 0 : 1;
  }

  /** Processes one event; false when nothing is pending. */
  stepOnce(): boolean {
    this.world.flush();
    return this.world.stepSync();
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
      this.world.stepSync();
    }
    if (until !== Number.POSITIVE_INFINITY && until > this.now) this.world.now = until;
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

/** A listener on B, a client on A connected to it and the accepted server socket: `{ cli, srv }`. */
export function connected(p: Pair, port: number): { cli: number; srv: number } {
  const lsn = p.b.open();
  p.b.bind(lsn, 0, port);
  p.b.listen(lsn, 1, p.now);
  const cli = p.a.open();
  p.a.connect(cli, B_ADDR, port, p.now);
  p.drive();
  return { cli, srv: p.b.accept(lsn, p.now) };
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
