/**
 * A simulated machine: its kernel, the link ports of its interfaces, its files, and the
 * programs running on it with their transcripts.
 */
import { Kernel, type RandomSource } from '../stack/kernel/kernel.ts';
import { buildRoutes, ETHER_MTU, LOOPBACK_MTU, type NetInterface } from '../stack/kernel/interfaces.ts';
import type { KernelProfile } from '../stack/kernel/profile.ts';
import { machineWheel } from '../stack/kernel/timer-wheel.ts';
import type { TcpLayerApi, TcpServices } from '../stack/kernel/tcp-services.ts';
import { ipv4, ZERO_MAC, type Ipv4Addr, type MacAddr } from '../stack/wire/addr.ts';
import type { Port } from './link.ts';
import { streamFor } from './rng.ts';
import type { SimProcess } from './process.ts';
import type { Nanos } from './time.ts';

export interface InterfaceConfig {
  readonly name: string;
  readonly addr: Ipv4Addr;
  readonly prefix: number;
  readonly mac: MacAddr;
  /** the segment (network) it is plugged into */
  readonly segment: string;
  readonly mtu?: number;
}

export interface HostConfig {
  /** the machine's name in the scenario (mesin1) */
  readonly name: string;
  /** what gethostname() answers (the container id) */
  readonly hostname: string;
  readonly interfaces: readonly InterfaceConfig[];
  readonly gateway?: Ipv4Addr;
  readonly forwarding?: boolean;
  readonly profile: KernelProfile;
  readonly files?: Readonly<Record<string, string | Uint8Array>>;
  /** static neighbour entries (`ip neigh add ADDR lladdr MAC dev IFACE nud permanent`) */
  readonly neighbours?: readonly { readonly iface: string; readonly addr: Ipv4Addr; readonly mac: MacAddr }[];
}

export interface TranscriptLine {
  readonly at: Nanos;
  readonly host: string;
  readonly pid: number;
  readonly program: string;
  readonly stream: 'stdout' | 'stderr';
  readonly text: string;
}

export type MakeTcp = (services: TcpServices, profile: KernelProfile) => TcpLayerApi;

export class SimHost {
  readonly kernel: Kernel;
  /** link port per interface index (undefined for loopback) */
  readonly ports: (Port | undefined)[] = [];
  readonly files = new Map<string, Uint8Array>();
  readonly processes: SimProcess[] = [];
  /** the next pid (threads take theirs from the same counter, as on Linux); the first is drawn per host */
  private nextPid: number;

  constructor(readonly config: HostConfig, seed: number, makeTcp: MakeTcp, epochSeconds = 0) {
    const lo: NetInterface = { index: 0, name: 'lo', kind: 'loopback', mac: ZERO_MAC, addr: ipv4('127.0.0.1'), prefix: 8, mtu: LOOPBACK_MTU };
    const ifaces: NetInterface[] = [lo, ...config.interfaces.map((i, n): NetInterface => ({
      index: n + 1, name: i.name, kind: 'ether', mac: i.mac, addr: i.addr, prefix: i.prefix, mtu: i.mtu ?? ETHER_MTU,
    }))];
    const streams = new Map<string, RandomSource>();
    this.kernel = new Kernel({
      hostname: config.hostname,
      interfaces: ifaces,
      routes: buildRoutes(ifaces.slice(1), config.gateway),
      profile: config.profile,
      forwarding: config.forwarding ?? false,
      random: (purpose) => {
        let s = streams.get(purpose);
        if (!s) streams.set(purpose, (s = streamFor(seed, config.name, purpose)));
        return s;
      },
      makeTcp,
      // one stream for every host: the lab's machines are containers on one kernel
      wheel: machineWheel(config.profile, () => streamFor(seed, 'machine', 'timer-wheel').float(), epochSeconds),
    });
    for (const n of config.neighbours ?? []) {
      const i = ifaces.findIndex((x) => x.name === n.iface);
      if (i < 0) throw new Error(`host ${config.name}: static neighbour on unknown interface ${n.iface}`);
      this.kernel.neigh.addPermanent(i, n.addr, n.mac, 0);
    }
    this.nextPid = 100 + (streamFor(seed, config.name, 'pid').nextU32() % 32000);
    const enc = new TextEncoder();
    for (const [path, content] of Object.entries(config.files ?? {})) {
      this.files.set(path, typeof content === 'string' ? enc.encode(content) : content);
    }
  }

  get name(): string {
    return this.config.name;
  }

  allocPid(): number {
    return this.nextPid++;
  }

  ifIndex(name: string): number | undefined {
    const i = this.kernel.interfaces.findIndex((x) => x.name === name);
    return i < 0 ? undefined : i;
  }
}
