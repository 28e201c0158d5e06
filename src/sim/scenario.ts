/**
 * Labs and scenarios as a lecturer writes them: the topology as plain data, programs as async
 * functions. `defineLab` and `defineScenario` only freeze and type the data;
 * `validateScenario` (scenario-schema.ts) checks every field's type, and `buildLab` checks
 * what refers to what and turns it into hosts and segments, with errors that name the
 * scenario file, the host and the field.
 */
import type { Background } from './serving.ts';
import { freeze } from 'immer';
import { dockerMac, formatIpv4Addr, inSubnet, parseIpv4Addr, prefixMask, type Ipv4Addr, type MacAddr } from '../stack/wire/addr.ts';
import { KERNEL_PROFILES, type KernelProfile } from '../stack/kernel/profile.ts';
import type { Program, ResolverFactory } from '../stack/socket/context.ts';
import { DOCKER_BRIDGE, type LinkParams } from './link.ts';
import type { HostConfig, InterfaceConfig } from './host.ts';
import type { SegmentConfig } from './world.ts';
import { toNanos, type Duration } from './duration.ts';
import { ScenarioError } from './scenario-error.ts';

/** A network's link as a scenario writes it: like `LinkParams`, with durations as `'20us'` or nanoseconds. */
export interface LinkSpec extends Partial<Omit<LinkParams, 'latency' | 'chainLatency'>> {
  /** one-way latency: nanoseconds, `us(20)` or `'20us'` */
  readonly latency?: Duration;
  /** one-way latency inside a softirq chain (LinkParams.chainLatency), the same way */
  readonly chainLatency?: Duration;
}

export interface NetworkSpec {
  /** "172.16.16.0/24" */
  readonly subnet: string;
  /** the bridge's own address, the machines' gateway on this network */
  readonly gateway?: string;
  readonly link?: LinkSpec;
}

export interface MachineSpec {
  /** what gethostname() answers; a Docker container's 12-hex id */
  readonly hostname?: string;
  /** interface name → IPv4 address, e.g. eth0: '172.20.0.3' */
  readonly interfaces: Readonly<Record<string, string>>;
  /** extra /etc/hosts lines */
  readonly hosts?: readonly string[];
  /** files on the machine (path → content) */
  readonly files?: Readonly<Record<string, string | Uint8Array>>;
}

/** Extra hosts beyond the machines (a resolver, a server "on the internet"). */
export interface ServiceHostSpec {
  readonly address: string;
  /** programs that run there as daemons from time zero */
  readonly daemons?: readonly Program[];
}

export interface LabSpec {
  readonly name: string;
  /** simulated time zero as an ISO date: the captures' absolute times start here */
  readonly epoch: string;
  /** kernel profile name ('wsl2', 'linux-6.18') or a profile */
  readonly kernel: string | KernelProfile;
  readonly networks: Readonly<Record<string, NetworkSpec>>;
  /** the network whose gateway is the default route of every machine on it; a machine not on it takes its first interface's network's gateway, as Docker does */
  readonly defaultNetwork: string;
  readonly machines: Readonly<Record<string, MachineSpec>>;
  /** hosts reached through the default gateway (10.255.255.254, the WSL2 host's DNS) */
  readonly upstream?: Readonly<Record<string, ServiceHostSpec>>;
  /** daemons every machine runs (Docker's embedded DNS) */
  readonly machineDaemons?: readonly Program[];
  /** how programs on every machine resolve names (default: glibc's stub) */
  readonly resolver?: ResolverFactory;
  /** every machine's /etc/resolv.conf */
  readonly resolvConf?: string;
}

export interface ProgramSpec {
  /** the machine it runs on */
  readonly on: string;
  /** a name for transcripts ("server.py") */
  readonly name: string;
  readonly run: Program;
  /** start time: `'1s'`, `s(1)` or nanoseconds; default 0 */
  readonly at?: Duration;
  /** a daemon does not keep the scenario running */
  readonly daemon?: boolean;
  /**
   * keeps the scenario running only while it does more than wait for clients (src/sim/serving.ts):
   * 'serving', or 'idle' where busy-waiting counts as waiting too. `labwire run --py` sets it.
   */
  readonly background?: Background;
  /** this program's CPU cost profile, over the scenario's `cpu` */
  readonly cpu?: string;
}

export interface CaptureSpec {
  readonly on: string;
  /** an interface name, or 'any' */
  readonly iface: string;
  /** for 'any': Linux cooked v1 (default, as the lab's Wireshark) or v2 */
  readonly link?: 'sll' | 'sll2';
  /** the capture starts at this time (tcpdump started later, after other work warmed caches) */
  readonly from?: Duration;
  /** …and stops at this one (frames at or after it are not written) */
  readonly until?: Duration;
}

/**
 * Something that happens to the network at a time: an interface's carrier off or on (a cable
 * pulled: `ip link set … down` on a veth's peer), a machine disconnected from or reconnected
 * to a network (a partition), a network's bandwidth changed.
 */
export interface LinkEventSpec {
  readonly at: Duration;
  readonly action: 'down' | 'up' | 'disconnect' | 'connect' | 'bandwidth';
  /** for 'down'/'up': 'MACHINE:IFACE' */
  readonly iface?: string;
  /** for 'disconnect'/'connect' */
  readonly machine?: string;
  /** for 'disconnect'/'connect'/'bandwidth' */
  readonly network?: string;
  /** for 'bandwidth': bits per second */
  readonly bandwidth?: number;
  /** for 'down'/'disconnect': back up this long after `at` */
  readonly for?: Duration;
}

export interface ScenarioSpec {
  readonly name: string;
  readonly summary: string;
  readonly lab: LabSpec;
  readonly programs: readonly ProgramSpec[];
  readonly captures: readonly CaptureSpec[];
  /** kernel profile override for this scenario */
  readonly kernel?: string | KernelProfile;
  /** per-network link overrides (loss, latency…) */
  readonly links?: Readonly<Record<string, LinkSpec>>;
  /** time to keep running after the last foreground program ends: `'3s'`, `s(3)`… (default 1 s) */
  readonly settle?: Duration;
  /**
   * the run's end: at this simulated time programs still running are stopped, as Ctrl-C would
   * stop an endless one (`labwire run --until`); default 1 h
   */
  readonly until?: Duration;
  /** netem on interfaces' egress in tc's syntax: { 'mesin2:eth1': 'delay 100ms 10ms loss 5%' } */
  readonly netem?: Readonly<Record<string, string>>;
  /** timed link events: carrier down/up, partitions, bandwidth changes */
  readonly events?: readonly LinkEventSpec[];
  /** the programs' CPU cost profile: 'none' (default: calls take no time) or 'python3' */
  readonly cpu?: string;
  /** CONFIG_HZ of the machines' kernels: jiffy timers (neighbour, TCP, SO_RCVTIMEO) round on Linux's timer wheel; unset, exact */
  readonly timerHz?: number;
}

export { ScenarioError };

export function defineLab(spec: LabSpec): LabSpec {
  return freeze(spec, true);
}

export function defineScenario(spec: ScenarioSpec): ScenarioSpec {
  return freeze(spec, false);
}


/** A link spec's fields over `base`, durations in nanoseconds. */
function linkParams(base: LinkParams, ...specs: (LinkSpec | undefined)[]): LinkParams {
  let p = base;
  for (const l of specs) {
    if (!l) continue;
    const { latency, chainLatency, ...rest } = l;
    const chain = chainLatency === undefined ? p.chainLatency : toNanos(chainLatency);
    p = { ...p, ...rest, latency: latency === undefined ? p.latency : toNanos(latency), ...(chain === undefined ? {} : { chainLatency: chain }) };
  }
  return p;
}

export const ROUTER = 'docker-host';
export const UPSTREAM_NETWORK = 'upstream';

interface Subnet {
  readonly name: string;
  readonly net: Ipv4Addr;
  readonly prefix: number;
  readonly gateway?: Ipv4Addr;
  readonly link: LinkParams;
}

function parseSubnet(file: string, path: string, text: string): { net: Ipv4Addr; prefix: number } {
  const m = /^(\d+\.\d+\.\d+\.\d+)\/(\d{1,2})$/.exec(text);
  const net = m ? parseIpv4Addr(m[1]!) : undefined;
  const prefix = m ? Number(m[2]) : NaN;
  if (net === undefined || !(prefix >= 0 && prefix <= 32)) throw new ScenarioError(file, path, `${JSON.stringify(text)} is not an IPv4 subnet like "172.16.16.0/24"`);
  if (((net & prefixMask(prefix)) >>> 0) !== net) throw new ScenarioError(file, path, `${text} has host bits set`);
  return { net, prefix };
}

function parseAddr(file: string, path: string, text: string): Ipv4Addr {
  const a = parseIpv4Addr(text);
  if (a === undefined) throw new ScenarioError(file, path, `${JSON.stringify(text)} is not an IPv4 address`);
  return a;
}

export function resolveProfile(file: string, path: string, k: string | KernelProfile): KernelProfile {
  if (typeof k !== 'string') return k;
  const p = KERNEL_PROFILES[k];
  if (!p) throw new ScenarioError(file, path, `unknown kernel profile ${JSON.stringify(k)} (known: ${Object.keys(KERNEL_PROFILES).join(', ')})`);
  return p;
}

/** The Docker host's bridge interfaces get Docker's address-derived MACs too. */
const bridgeMac = (addr: Ipv4Addr): MacAddr => dockerMac(addr);

export interface BuiltLab {
  readonly hosts: HostConfig[];
  readonly segments: SegmentConfig[];
  readonly epochSeconds: number;
  readonly profile: KernelProfile;
}

/** 'MACHINE:IFACE' naming a host's network interface, or a ScenarioError at `path`. */
export function checkIfaceRef(file: string, path: string, ref: string, hosts: readonly HostConfig[]): { host: string; iface: string } {
  const [host, iface, extra] = ref.split(':');
  const h = hosts.find((x) => x.name === host);
  if (!h || iface === undefined || extra !== undefined) throw new ScenarioError(file, path, `${JSON.stringify(ref)} is not MACHINE:IFACE of this lab (machines: ${hosts.map((x) => x.name).join(', ')})`);
  if (!h.interfaces.some((x) => x.name === iface)) throw new ScenarioError(file, path, `${host} has no network interface ${JSON.stringify(iface)} (it has ${h.interfaces.map((x) => x.name).join(', ')})`);
  return { host: host!, iface };
}

/** netem targets and link events name existing machines, interfaces and networks. */
function checkFaults(file: string, sc: ScenarioSpec, hosts: readonly HostConfig[]): void {
  for (const ref of Object.keys(sc.netem ?? {})) checkIfaceRef(file, `netem.${ref}`, ref, hosts);
  (sc.events ?? []).forEach((e, i) => {
    const path = `events[${i}]`;
    const need = (k: keyof LinkEventSpec) => {
      if (e[k] === undefined) throw new ScenarioError(file, `${path}.${k}`, `action ${JSON.stringify(e.action)} needs ${k}`);
    };
    if (e.action === 'down' || e.action === 'up') {
      need('iface');
      checkIfaceRef(file, `${path}.iface`, e.iface!, hosts);
      return;
    }
    need('network');
    if (!sc.lab.networks[e.network!]) throw new ScenarioError(file, `${path}.network`, `no network named ${JSON.stringify(e.network)}`);
    if (e.action === 'bandwidth') return need('bandwidth');
    need('machine');
    const h = hosts.find((x) => x.name === e.machine);
    if (!h?.interfaces.some((x) => x.segment === e.network)) throw new ScenarioError(file, `${path}.machine`, `${JSON.stringify(e.machine)} is not a machine on network ${e.network}`);
  });
}

/** Check a scenario and build the hosts and segments of its lab. */
export function buildLab(file: string, sc: ScenarioSpec): BuiltLab {
  const lab = sc.lab;
  const epochMs = Date.parse(lab.epoch); // parses the lab's fixed date; reads no clock
  if (!Number.isFinite(epochMs)) throw new ScenarioError(file, 'lab.epoch', `${JSON.stringify(lab.epoch)} is not an ISO date`);
  const named = resolveProfile(file, sc.kernel ? 'kernel' : 'lab.kernel', sc.kernel ?? lab.kernel);
  const profile = sc.timerHz ? { ...named, hz: sc.timerHz } : named;

  const subnets: Subnet[] = Object.entries(lab.networks).map(([name, n]) => {
    const { net, prefix } = parseSubnet(file, `lab.networks.${name}.subnet`, n.subnet);
    const gateway = n.gateway === undefined ? undefined : parseAddr(file, `lab.networks.${name}.gateway`, n.gateway);
    if (gateway !== undefined && !inSubnet(gateway, net, prefix)) throw new ScenarioError(file, `lab.networks.${name}.gateway`, `${n.gateway} is outside ${n.subnet}`);
    return { name, net, prefix, gateway, link: linkParams(DOCKER_BRIDGE, n.link, sc.links?.[name]) };
  });
  for (const a of subnets) for (const b of subnets) {
    if (a !== b && inSubnet(a.net, b.net, Math.min(a.prefix, b.prefix))) throw new ScenarioError(file, `lab.networks.${a.name}.subnet`, `overlaps network ${b.name}`);
  }
  const defaultNet = subnets.find((s) => s.name === lab.defaultNetwork);
  if (!defaultNet) throw new ScenarioError(file, 'lab.defaultNetwork', `no network named ${JSON.stringify(lab.defaultNetwork)}`);

  const used = new Map<Ipv4Addr, string>();
  const claim = (a: Ipv4Addr, who: string, path: string) => {
    const prev = used.get(a);
    if (prev) throw new ScenarioError(file, path, `${formatIpv4Addr(a)} is already ${prev}'s address`);
    used.set(a, who);
  };
  for (const s of subnets) if (s.gateway !== undefined) claim(s.gateway, `the ${s.name} gateway`, `lab.networks.${s.name}.gateway`);

  const hosts: HostConfig[] = [];
  for (const [name, m] of Object.entries(lab.machines)) {
    const ifaces: InterfaceConfig[] = [];
    for (const [ifname, text] of Object.entries(m.interfaces)) {
      const path = `lab.machines.${name}.interfaces.${ifname}`;
      const addr = parseAddr(file, path, text);
      const sub = subnets.find((s) => inSubnet(addr, s.net, s.prefix));
      if (!sub) throw new ScenarioError(file, path, `${text} is outside every network (${subnets.map((s) => `${s.name} ${formatIpv4Addr(s.net)}/${s.prefix}`).join(', ')})`);
      if (addr === sub.net || addr === ((sub.net | ~prefixMask(sub.prefix)) >>> 0)) throw new ScenarioError(file, path, `${text} is the network or broadcast address of ${sub.name}`);
      claim(addr, name, path);
      ifaces.push({ name: ifname, addr, prefix: sub.prefix, mac: dockerMac(addr), segment: sub.name, mtu: sub.link.mtu });
    }
    const eth0 = ifaces[0];
    if (!eth0) throw new ScenarioError(file, `lab.machines.${name}.interfaces`, 'a machine needs at least one interface');
    const onDefault = ifaces.find((i) => i.segment === defaultNet.name);
    const hostname = m.hostname ?? name;
    const hostsFile = [
      '127.0.0.1\tlocalhost',
      '::1\tlocalhost ip6-localhost ip6-loopback',
      `${formatIpv4Addr(eth0.addr)}\t${hostname}`,
      ...(m.hosts ?? []),
    ].join('\n') + '\n';
    // Docker: the default network's gateway; a container on other networks only, its first one's
    const ownNet = subnets.find((s) => s.name === eth0.segment);
    hosts.push({
      name, hostname, interfaces: ifaces, profile,
      gateway: onDefault ? defaultNet.gateway : ownNet?.gateway,
      files: { '/etc/hosts': hostsFile, '/etc/hostname': `${hostname}\n`, ...(lab.resolvConf ? { '/etc/resolv.conf': lab.resolvConf } : {}), ...m.files },
    });
  }

  const segments: SegmentConfig[] = subnets.map((s) => ({ name: s.name, params: s.link }));
  const upstream = Object.entries(lab.upstream ?? {});
  const routerIfaces: InterfaceConfig[] = subnets
    .filter((s) => s.gateway !== undefined)
    .map((s) => ({ name: `br-${s.name}`, addr: s.gateway!, prefix: s.prefix, mac: bridgeMac(s.gateway!), segment: s.name, mtu: s.link.mtu }));
  if (upstream.length) {
    // the WSL2 host side: one /8 link per service address, reached through the Docker host
    segments.push({ name: UPSTREAM_NETWORK, params: { ...DOCKER_BRIDGE, latency: 100_000 } });
    const first = parseAddr(file, `lab.upstream.${upstream[0]![0]}.address`, upstream[0]![1].address);
    const routerUp = ((first & 0xffffff00) | 1) >>> 0;
    routerIfaces.push({ name: 'eth0', addr: routerUp, prefix: 24, mac: bridgeMac(routerUp), segment: UPSTREAM_NETWORK });
    for (const [name, u] of upstream) {
      const path = `lab.upstream.${name}.address`;
      const addr = parseAddr(file, path, u.address);
      if (!inSubnet(addr, routerUp, 24)) throw new ScenarioError(file, path, `upstream hosts must share one /24 (${formatIpv4Addr(routerUp)}/24)`);
      claim(addr, name, path);
      hosts.push({ name, hostname: name, interfaces: [{ name: 'eth0', addr, prefix: 24, mac: dockerMac(addr), segment: UPSTREAM_NETWORK }], gateway: routerUp, profile });
    }
  }
  hosts.push({ name: ROUTER, hostname: ROUTER, interfaces: routerIfaces, forwarding: true, profile });

  const machineNames = new Set(hosts.map((h) => h.name));
  sc.programs.forEach((p, i) => {
    if (!machineNames.has(p.on)) throw new ScenarioError(file, `programs[${i}].on`, `no machine named ${JSON.stringify(p.on)} (machines: ${Object.keys(lab.machines).join(', ')})`);
  });
  checkFaults(file, sc, hosts);
  sc.captures.forEach((c, i) => {
    const h = hosts.find((x) => x.name === c.on);
    if (!h) throw new ScenarioError(file, `captures[${i}].on`, `no machine named ${JSON.stringify(c.on)}`);
    if (c.iface !== 'any' && c.iface !== 'lo' && !h.interfaces.some((x) => x.name === c.iface)) {
      throw new ScenarioError(file, `captures[${i}].iface`, `${c.on} has no interface ${JSON.stringify(c.iface)} (it has lo, ${h.interfaces.map((x) => x.name).join(', ')}, any)`);
    }
  });
  return { hosts, segments, epochSeconds: Math.floor(epochMs / 1000), profile };
}
