/**
 * Two simulated Linux hosts on one Docker-like bridge, driven synchronously: the smallest
 * world a chunking needs. Built from src/sim pieces (SimHost, Segment, EventQueue, the
 * seeded streams), with the World's rules: events in (time, insertion) order, effects
 * carried out in order, all randomness from the seed. What it adds is loss that only hits
 * TCP frames (so ARP always resolves), a count of retransmitted data, and "actors": the
 * programs at each end written as non-blocking steps, pumped after every event, so a run
 * needs no promises at all.
 */
import { SimHost, type HostConfig } from '../sim/host.ts';
import { Segment, DOCKER_BRIDGE, type Port } from '../sim/link.ts';
import { EventQueue } from '../sim/queue.ts';
import { streamFor, type RandomStream } from '../sim/rng.ts';
import type { FrameSink } from '../sim/capture/tap.ts';
import { TcpLayer } from '../stack/tcp/layer.ts';
import { seqLt } from '../stack/tcp/seq.ts';
import { WSL2_PROFILE, type KernelProfile } from '../stack/kernel/profile.ts';
import type { TcpLayerApi } from '../stack/kernel/tcp-services.ts';
import { dockerMac, ipv4 } from '../stack/wire/addr.ts';
import type { Nanos } from '../stack/nanos.ts';

export const WRITER_ADDR = ipv4('172.16.16.101');
export const READER_ADDR = ipv4('172.16.16.102');
export const PORT = 10000;

export interface PairConfig {
  readonly seed: number;
  readonly mss: number;
  readonly latency: Nanos;
  readonly bandwidth: number;
  readonly loss: number;
  readonly profile?: KernelProfile;
  /** wraps the reader host's TCP layer (to watch recv) */
  readonly wrapReaderTcp?: (tcp: TcpLayerApi) => TcpLayerApi;
}

/** A program at one end: called after every event; does what it can without blocking. */
export interface Actor {
  pump(now: Nanos): void;
}

const EV_FRAME = 0;
const EV_TIMER = 1;
const EV_WAKE = 2;

interface Ev {
  readonly kind: number;
  readonly host: SimHost;
  readonly frame: Uint8Array | null;
  /** the timer token, or for a frame the interface it arrives on */
  readonly token: number;
}

export interface PairStats {
  events: number;
  /** TCP frames lost on the wire */
  lost: number;
  /** data segments from the writer that resend bytes already sent */
  retransmissions: number;
  /** data segments from the writer */
  dataSegments: number;
}

function hostConfig(name: string, addr: number, mtu: number, profile: KernelProfile): HostConfig {
  return {
    name, hostname: name, profile,
    interfaces: [{ name: 'eth0', addr, prefix: 24, mac: dockerMac(addr), segment: 'progjar', mtu }],
  };
}

export class Pair {
  now: Nanos = 0;
  readonly writer: SimHost;
  readonly reader: SimHost;
  readonly stats: PairStats = { events: 0, lost: 0, retransmissions: 0, dataSegments: 0 };
  readonly actors: Actor[] = [];
  private readonly queue = new EventQueue<Ev>();
  private readonly segment: Segment;
  private readonly lossRng: RandomStream;
  private readonly wake: Ev;
  private sentEnd = -1;
  private tap: FrameSink | null = null;

  constructor(readonly config: PairConfig) {
    const profile = config.profile ?? WSL2_PROFILE;
    const mtu = config.mss + 40;
    this.segment = new Segment('progjar', { ...DOCKER_BRIDGE, mtu, latency: config.latency, bandwidth: config.bandwidth, loss: 0 }, streamFor(config.seed, 'segment:progjar', 'loss'));
    this.lossRng = streamFor(config.seed, 'segment:progjar', 'tcp-loss');
    const plain = (s: Parameters<typeof makeLayer>[0], p: KernelProfile) => makeLayer(s, p);
    this.writer = new SimHost(hostConfig('mesin1', WRITER_ADDR, mtu, profile), config.seed, plain);
    const wrap = config.wrapReaderTcp;
    this.reader = new SimHost(hostConfig('mesin2', READER_ADDR, mtu, profile), config.seed, wrap ? (s, p) => wrap(makeLayer(s, p)) : plain);
    for (const h of [this.writer, this.reader]) h.ports[1] = this.segment.attach(h.name, 1, h.config.interfaces[0]!.mac);
    this.wake = { kind: EV_WAKE, host: this.reader, frame: null, token: 0 };
  }

  /** Watch the reader's eth0: every frame it sends and receives, Ethernet framing. */
  captureReader(sink: FrameSink): void {
    this.tap = sink;
  }

  /** Make sure the actors are pumped at `at` (a pause ends). */
  wakeAt(at: Nanos): void {
    this.queue.push(at, this.wake);
  }

  private transmit(host: SimHost, port: Port, frame: Uint8Array): void {
    if (host === this.writer) this.countData(frame);
    const sent = this.segment.transmit(port, frame, this.now);
    if (!sent) return;
    if (this.tap && host === this.reader) this.tap.write(sent.start, frame);
    const isIpv4 = frame[12] === 0x08 && frame[13] === 0x00;
    if (isIpv4 && this.config.loss > 0 && this.lossRng.float() < this.config.loss) {
      this.stats.lost++;
      return;
    }
    for (const d of sent.deliveries) {
      this.queue.push(d.at, { kind: EV_FRAME, host: d.port.host === this.writer.name ? this.writer : this.reader, frame, token: d.port.ifIndex });
    }
  }

  /** Count the writer's data segments and the ones that resend bytes (IPv4 + TCP read in place). */
  private countData(frame: Uint8Array): void {
    if (frame[12] !== 0x08 || frame[13] !== 0x00 || frame[23] !== 6) return;
    const ihl = (frame[14]! & 0x0f) * 4;
    const tcp = 14 + ihl;
    const total = (frame[16]! << 8) | frame[17]!;
    const payload = total - ihl - (frame[tcp + 12]! >> 4) * 4;
    if (payload <= 0) return;
    const seq = ((frame[tcp + 4]! << 24) | (frame[tcp + 5]! << 16) | (frame[tcp + 6]! << 8) | frame[tcp + 7]!) >>> 0;
    const end = (seq + payload) >>> 0;
    this.stats.dataSegments++;
    if (this.sentEnd >= 0 && seqLt(seq, this.sentEnd)) this.stats.retransmissions++;
    if (this.sentEnd < 0 || seqLt(this.sentEnd, end)) this.sentEnd = end;
  }

  /** Carry out a host's pending kernel effects, in order. */
  drain(host: SimHost): void {
    if (host.kernel.effects.length === 0) return;
    for (const e of host.kernel.takeEffects()) {
      if (e.kind === 'timer') this.queue.push(e.at, { kind: EV_TIMER, host, frame: null, token: e.token });
      else if (e.ifIndex === 0) this.queue.push(this.now, { kind: EV_FRAME, host, frame: e.frame, token: 0 }); // loopback
      else this.transmit(host, host.ports[e.ifIndex]!, e.frame);
    }
  }

  pumpActors(): void {
    for (const a of this.actors) a.pump(this.now);
    this.drain(this.writer);
    this.drain(this.reader);
  }

  /** Time of the next event, Infinity when none is left. */
  nextTime(): Nanos {
    return this.queue.peekTime();
  }

  /** Process the next event and pump the actors. */
  step(): void {
    const at = this.queue.peekTime();
    const ev = this.queue.pop()!;
    this.now = at;
    this.stats.events++;
    if (ev.kind === EV_FRAME) {
      if (this.tap && ev.host === this.reader) this.tap.write(at, ev.frame!);
      ev.host.kernel.onFrame(ev.token, ev.frame!, at);
    } else if (ev.kind === EV_TIMER) ev.host.kernel.onTimer(ev.token, at);
    this.drain(ev.host);
    this.pumpActors();
  }
}

function makeLayer(services: ConstructorParameters<typeof TcpLayer>[0], profile: KernelProfile): TcpLayerApi {
  return new TcpLayer(services, profile);
}
