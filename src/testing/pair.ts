/**
 * Two simulated Linux hosts on one Docker-like bridge: the smallest world a chunking needs.
 * It is a `World` like any scenario's (same links, same GSO, same kernel profile, same
 * loop); what a run adds are parameters: the MSS (through the MTU), latency, bandwidth, and
 * loss on IPv4 frames only (so ARP always resolves), drawn by the segment from its seeded
 * stream after the sender's capture saw the frame leave. It also counts the writer's data
 * segments (as a capture on its eth0 sees them) and the ones that resend bytes.
 */
import { World, type Actor } from '../sim/world.ts';
import { DOCKER_BRIDGE, type LinkParams } from '../sim/link.ts';
import type { FrameSink } from '../capture/tap.ts';
import type { HostConfig } from '../sim/host.ts';
import { defaultMakeTcp } from '../sim/run-scenario.ts';
import type { SyscallTable } from '../stack/syscall/table.ts';
import { seqLt } from '../stack/tcp/seq.ts';
import { WSL2_PROFILE, type KernelProfile } from '../stack/kernel/profile.ts';
import { dockerMac, ipv4 } from '../stack/wire/addr.ts';
import type { Nanos } from '../stack/nanos.ts';

export const WRITER_ADDR = ipv4('172.16.16.101');
export const READER_ADDR = ipv4('172.16.16.102');
export const PORT = 10000;
/** simulated time zero of every chunking run: the lab's first echo capture (2025-05-23 07:34:00 UTC) */
export const PAIR_EPOCH_ISO = '2025-05-23T07:34:00.000Z';
export const PAIR_EPOCH_SECONDS = Date.parse(PAIR_EPOCH_ISO) / 1000;

export interface PairConfig {
  readonly seed: number;
  readonly mss: number;
  readonly latency: Nanos;
  readonly bandwidth: number;
  readonly loss: number;
  readonly profile?: KernelProfile;
}

export type { Actor };

export interface PairStats {
  events: number;
  /** TCP frames lost on the wire */
  lost: number;
  /** data segments from the writer that resend bytes already sent */
  retransmissions: number;
  /** data segments from the writer (a GSO super-segment counts once) */
  dataSegments: number;
}

function hostConfig(name: string, addr: number, mtu: number, profile: KernelProfile): HostConfig {
  return {
    name, hostname: name, profile,
    interfaces: [{ name: 'eth0', addr, prefix: 24, mac: dockerMac(addr), segment: 'progjar', mtu }],
  };
}

export const PAIR_SEGMENT = 'progjar';

/** The bridge of a run: Docker's, with the run's MTU, latency, bandwidth and loss (IPv4 frames only). */
export function pairLink(c: PairConfig): LinkParams {
  return { ...DOCKER_BRIDGE, mtu: c.mss + 40, latency: c.latency, bandwidth: c.bandwidth, loss: c.loss, lossIpOnly: true };
}

export class Pair {
  readonly world: World;
  readonly stats: PairStats = { events: 0, lost: 0, retransmissions: 0, dataSegments: 0 };
  private sentEnd = -1;

  constructor(readonly config: PairConfig) {
    const profile = config.profile ?? WSL2_PROFILE;
    const mtu = config.mss + 40;
    this.world = new World({
      seed: config.seed,
      epochSeconds: PAIR_EPOCH_SECONDS,
      segments: [{ name: PAIR_SEGMENT, params: pairLink(config) }],
      hosts: [hostConfig('mesin1', WRITER_ADDR, mtu, profile), hostConfig('mesin2', READER_ADDR, mtu, profile)],
      makeTcp: defaultMakeTcp,
    });
    this.world.capture('mesin1', 'eth0', { write: (_t, frame) => this.countData(frame) });
  }

  /** TCP frames lost on the wire so far */
  get lost(): number {
    return this.world.segments.get(PAIR_SEGMENT)!.lost;
  }

  get now(): Nanos {
    return this.world.now;
  }

  /** A process-less fd table on the writer (mesin1) or the reader (mesin2), for an actor. */
  table(host: 'writer' | 'reader'): SyscallTable {
    return this.world.openTable(host === 'writer' ? 'mesin1' : 'mesin2');
  }

  /** Watch the reader's eth0: every frame it sends and receives, Ethernet framing. */
  captureReader(sink: FrameSink): void {
    this.world.capture('mesin2', 'eth0', sink);
  }

  addActor(a: Actor): void {
    this.world.addActor(a);
  }

  /** Carry out what the actors did when they were made (their first calls). */
  start(): void {
    this.world.pumpActors();
  }

  wakeAt(at: Nanos): void {
    this.world.wakeAt(at);
  }

  nextTime(): Nanos {
    return this.world.nextTime();
  }

  /** Process the next event (actors are pumped after it). */
  step(): void {
    this.world.stepSync();
    this.stats.events = this.world.eventCount;
    this.stats.lost = this.lost;
  }

  /** Count the writer's data segments and the ones that resend bytes (IPv4 + TCP read in place). */
  private countData(frame: Uint8Array): void {
    if (frame[12] !== 0x08 || frame[13] !== 0x00 || frame[23] !== 6) return;
    const src = ((frame[26]! << 24) | (frame[27]! << 16) | (frame[28]! << 8) | frame[29]!) >>> 0;
    if (src !== WRITER_ADDR) return; // the capture sees both directions
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
}
