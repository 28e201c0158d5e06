/**
 * Two simulated Linux hosts on one Docker-like bridge: the smallest world a chunking needs.
 * It is a `World` like any scenario's (same links, same GSO, same kernel profile, same
 * loop); what a run adds are parameters: the MSS (through the MTU), latency, bandwidth, and
 * loss that only hits TCP frames (so ARP always resolves), drawn from the segment's seeded
 * 'tcp-loss' stream after the sender's capture saw the frame leave. It also counts the
 * writer's data segments and the ones that resend bytes.
 */
import { World, type Actor } from '../sim/world.ts';
import { DOCKER_BRIDGE } from '../sim/link.ts';
import { streamFor } from '../sim/rng.ts';
import type { FrameSink } from '../sim/capture/tap.ts';
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
/** the epoch of every chunking run's capture (the lab's) */
export const PAIR_EPOCH_SECONDS = 1747985640;

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
      segments: [{ name: 'progjar', params: { ...DOCKER_BRIDGE, mtu, latency: config.latency, bandwidth: config.bandwidth, loss: 0 } }],
      hosts: [hostConfig('mesin1', WRITER_ADDR, mtu, profile), hostConfig('mesin2', READER_ADDR, mtu, profile)],
      makeTcp: defaultMakeTcp,
    });
    const lossRng = streamFor(config.seed, 'segment:progjar', 'tcp-loss');
    const writer = this.world.host('mesin1');
    this.world.filterDeliveries((from, frame) => {
      if (from === writer) this.countData(frame);
      const isIpv4 = frame[12] === 0x08 && frame[13] === 0x00;
      if (isIpv4 && config.loss > 0 && lossRng.float() < config.loss) {
        this.stats.lost++;
        return false;
      }
      return true;
    });
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
}
