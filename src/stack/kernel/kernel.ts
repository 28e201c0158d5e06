/**
 * One host's kernel, sans-IO: frames, timers and socket calls go in (each with `now`),
 * effects come out in `effects` (frames to transmit, timers to arm). It owns the interfaces,
 * the route table, the ARP neighbour table, IPv4 input/output/forwarding, ICMP, IGMP, NAT,
 * IPv4 fragmentation and reassembly (../wire/ipv4-fragment.ts, ipv4-defrag.ts), the path
 * MTUs ICMP taught (pmtu.ts), IPv6 on lo (ip6-input.ts, ip6-output.ts), and the
 * socket layers (TCP, UDP, raw ICMP) by socket id; file descriptors are the system-call
 * table's (../syscall/table.ts), one per process.
 */
import type { KernelProfile } from './profile.ts';
import { timerWheel, wheelExpiry, type TimerWheel } from './timer-wheel.ts';
import type { KernelEffect } from './effects.ts';
import { lookupRoute, type NetInterface, type Route } from './interfaces.ts';
import { NeighbourTable } from './neighbour.ts';
import { IpIdentGenerator } from './ip-ident.ts';
import type { TcpLayerApi, TcpServices } from './tcp-services.ts';
import { UdpLayer } from '../udp/layer.ts';
import { RawIcmpLayer } from './raw-icmp.ts';
import { IgmpHost } from './igmp.ts';
import { IpOutput } from './ip-output.ts';
import { IpInput } from './ip-input.ts';
import { Ip6Output } from './ip6-output.ts';
import { Ip6Input } from './ip6-input.ts';
import { NatTable } from './nat.ts';
import { DeviceQdiscs } from './qdisc.ts';
import { PathMtuCache } from './pmtu.ts';
import { IpDefrag } from '../wire/ipv4-defrag.ts';
import { NeighbourServices, TcpKernelServices, UdpKernelServices } from './kernel-services.ts';
import type { Ipv4Addr } from '../wire/addr.ts';
import { IN6ADDR_LOOPBACK, isIpv6, type InetAddr } from '../wire/inet-addr.ts';
import { IPV6_HEADER_LENGTH } from '../wire/ipv6.ts';
import { IPV4_HEADER_LENGTH } from '../wire/ipv4.ts';
import type { Nanos } from '../nanos.ts';
import { INADDR_LOOPBACK } from '../abi/linux.ts';

export interface RandomSource {
  nextU32(): number;
  float(): number;
}

export interface KernelConfig {
  readonly hostname: string;
  /** index 0 is the loopback interface */
  readonly interfaces: readonly NetInterface[];
  readonly routes: readonly Route[];
  readonly profile: KernelProfile;
  /** net.ipv4.ip_forward */
  readonly forwarding: boolean;
  /** the host's seeded stream for a purpose ('tcp-isn', 'neigh', …) */
  readonly random: (purpose: string) => RandomSource;
  /**
   * The timer wheel of the machine this host runs on (its containers share one kernel); when
   * absent, the host draws its own from its stream if the profile names an HZ.
   */
  readonly wheel?: TimerWheel | null;
  /** builds the TCP layer (injected so the kernel can be tested with any implementation) */
  readonly makeTcp: (services: TcpServices, profile: KernelProfile) => TcpLayerApi;
}

/** which layer a pending timer goes back to */
export type TimerLayer = 'tcp' | 'neigh' | 'igmp' | 'ipfrag';

/** a pending timer's entry for the neighbour table (a TCP timer's entry is the TCP layer's own token, never negative) */
const NEIGH_TIMER = -1;
/** a pending timer's entry for IGMP's report timers */
const IGMP_TIMER = -2;
/** net.ipv4.ipfrag_time: how long a packet's fragments may take to come (ip_frag_queue's timer) */
const IPFRAG_TIME_NS = 30_000_000_000;
/** the token of a reassembly queue's expiry (wire/ipv4-defrag.ts): its key is in fragTimers */
const IPFRAG_TIMER = -3;

export class Kernel {
  effects: KernelEffect[] = [];
  /** the list takeEffects handed out last time (see there) */
  private spareEffects: KernelEffect[] = [];
  readonly hostname: string;
  readonly interfaces: readonly NetInterface[];
  readonly routes: readonly Route[];
  readonly profile: KernelProfile;
  readonly tcp: TcpLayerApi;
  readonly udp: UdpLayer;
  readonly raw: RawIcmpLayer;
  /** the interfaces' multicast groups and IGMPv3 reports */
  readonly igmp: IgmpHost;
  readonly neigh: NeighbourTable;
  readonly ident: IpIdentGenerator;
  /** what ICMP "fragmentation needed" taught this host of its paths' MTUs (pmtu.ts) */
  readonly pmtu = new PathMtuCache();
  /** IPv4 fragments waiting for the rest of their packet (wire/ipv4-defrag.ts) */
  readonly defrag = new IpDefrag();
  private readonly fragTimers = new Map<number, string>();
  readonly out: IpOutput;
  readonly out6: Ip6Output;
  readonly nat = new NatTable();
  /** the devices' root qdiscs (`tc qdisc … root pfifo limit 0` drops every packet: qdisc.ts) */
  readonly qdiscs = new DeviceQdiscs();
  private readonly input: IpInput;
  readonly input6: Ip6Input;
  private nextToken = 1;
  /** pending timers by kernel token: the TCP layer's token, NEIGH_TIMER or IGMP_TIMER (a number, not an owner object per armed timer: issue 15) */
  private readonly timers = new Map<number, number>();
  /** Linux's timer wheel, when the profile names an HZ */
  private readonly wheel: TimerWheel | null;

  constructor(readonly config: KernelConfig) {
    this.hostname = config.hostname;
    this.interfaces = config.interfaces;
    this.routes = config.routes;
    this.profile = config.profile;
    const rnd = config.random;
    this.wheel = config.wheel !== undefined ? config.wheel : config.profile.hz ? timerWheel(config.profile.hz, () => rnd('timer-wheel').float()) : null;
    this.ident = new IpIdentGenerator(() => rnd('ip-id').nextU32());
    this.neigh = new NeighbourTable(new NeighbourServices(this, rnd('neigh')));
    this.out = new IpOutput(this);
    this.out6 = new Ip6Output(this);
    this.tcp = config.makeTcp(new TcpKernelServices(this, { isn: rnd('tcp-isn'), port: rnd('tcp-port'), 'ts-offset': rnd('tcp-ts'), syncookie: rnd('tcp-syncookie') }), config.profile);
    this.udp = new UdpLayer(new UdpKernelServices(this, rnd('udp-port')));
    this.raw = new RawIcmpLayer();
    this.igmp = new IgmpHost(this, rnd('igmp'));
    this.input = new IpInput(this);
    this.input6 = new Ip6Input(this);
  }

  /**
   * When a jiffy timer (timer_list) armed at `now` for `at` fires: exact without a profile HZ
   * (labwire's default), else rounded by Linux's timer wheel.
   */
  jiffyTimer(at: Nanos, now: Nanos): Nanos {
    return this.wheel ? wheelExpiry(this.wheel, now, at) : at;
  }

  /** arp_error_report → dst_link_failure (for the neighbour table's services) */
  linkFailure(frame: Uint8Array, now: Nanos): void {
    this.input.linkFailure(frame, now);
  }

  /**
   * A new timer token for `layer`, which onTimer hands the timer back to (for the layers'
   * services): TCP gets its own `tcpToken` back, the neighbour table and IGMP this token.
   */
  timerToken(layer: TimerLayer, tcpToken = 0): number {
    const t = this.nextToken++;
    this.timers.set(t, layer === 'tcp' ? tcpToken : layer === 'neigh' ? NEIGH_TIMER : layer === 'ipfrag' ? IPFRAG_TIMER : IGMP_TIMER);
    return t;
  }

  /** ip_frag_queue(): a new reassembly queue expires after net.ipv4.ipfrag_time */
  armFragTimer(key: string, now: Nanos): void {
    const token = this.timerToken('ipfrag');
    this.fragTimers.set(token, key);
    this.effects.push({ kind: 'timer', at: this.jiffyTimer(now + IPFRAG_TIME_NS, now), token });
  }

  // ---- addresses and routes -------------------------------------------------------------

  /** an IPv4 address of the host, 127/8, or ::1 (the one IPv6 address a lab host has) */
  isLocalAddress(a: InetAddr): boolean {
    if (isIpv6(a)) return a === IN6ADDR_LOOPBACK;
    if (a >>> 24 === 127) return true;
    for (let i = 0; i < this.interfaces.length; i++) if (this.interfaces[i]!.addr === a) return true; // every frame asks: no closure
    return false;
  }

  /**
   * The limited broadcast 255.255.255.255, or the directed broadcast of one of the host's
   * subnets (the `broadcast` routes of the local table, e.g. 172.16.16.255 on a /24).
   */
  isBroadcast(a: Ipv4Addr): boolean {
    if (a === 0xffffffff) return true;
    for (const i of this.interfaces) {
      if (i.kind === 'loopback' || i.prefix >= 31) continue;
      const host = (0xffffffff >>> i.prefix) >>> 0;
      if ((((i.addr | host) >>> 0) === a)) return true;
    }
    return false;
  }

  route(dst: InetAddr): Route | undefined {
    // IPv6: `local ::1 dev lo` and nothing else (no IPv6 on the lab's networks): ENETUNREACH
    if (isIpv6(dst)) return dst === IN6ADDR_LOOPBACK ? { dst, prefix: 128, ifIndex: 0, src: dst } : undefined;
    if (this.isLocalAddress(dst)) {
      // local destinations go through lo (the `local` table): `local 127.0.0.0/8 dev lo src
      // 127.0.0.1`, and an own address is its own source
      return { dst, prefix: 32, ifIndex: 0, src: dst >>> 24 === 127 ? INADDR_LOOPBACK : dst };
    }
    return lookupRoute(this.routes, dst);
  }

  /**
   * Would a packet to `dst` be dropped by its device's qdisc now (NET_XMIT_DROP)? What a
   * transmit returns to its socket (tcp_transmit_skb), asked before the packet is built.
   */
  xmitDrops(dst: InetAddr): boolean {
    if (!this.qdiscs.anyDrops) return false;
    const r = this.route(dst);
    return r !== undefined && this.qdiscs.drops(r.ifIndex);
  }

  /** the route towards `dst`; with `now`, its MTU is the path MTU ICMP taught this host (pmtu.ts), else the device's */
  routeInfo(dst: InetAddr, now?: Nanos): { src: InetAddr; mtu: number; netHeaderLen: number } | undefined {
    const r = this.route(dst);
    if (!r) return undefined;
    const dev = this.interfaces[r.ifIndex]!.mtu;
    const v6 = isIpv6(dst);
    return { src: r.src, mtu: now === undefined || v6 ? dev : this.pmtu.mtu(dst as Ipv4Addr, dev, now), netHeaderLen: v6 ? IPV6_HEADER_LENGTH : IPV4_HEADER_LENGTH };
  }

  /** a "fragmentation needed" report of `reported` bytes towards `dst` (ICMP, RFC 1191): the path MTU now, or undefined without a route */
  updatePmtu(dst: Ipv4Addr, reported: number, now: Nanos): number | undefined {
    const r = this.route(dst);
    if (!r) return undefined;
    return this.pmtu.update(dst, this.interfaces[r.ifIndex]!.mtu, reported, now);
  }

  // ---- inputs ---------------------------------------------------------------------------

  /** A frame arrived on interface `ifIndex`. */
  onFrame(ifIndex: number, frame: Uint8Array, now: Nanos): void {
    this.input.onFrame(ifIndex, frame, now);
  }

  /** Which layer armed a pending timer (undefined once it fired): the world's wait index asks (src/sim/waiters.ts). */
  timerLayer(token: number): TimerLayer | undefined {
    const entry = this.timers.get(token);
    return entry === undefined ? undefined : entry === NEIGH_TIMER ? 'neigh' : entry === IGMP_TIMER ? 'igmp' : entry === IPFRAG_TIMER ? 'ipfrag' : 'tcp';
  }

  onTimer(token: number, now: Nanos): void {
    const entry = this.timers.get(token);
    if (entry === undefined) return;
    this.timers.delete(token);
    if (entry === NEIGH_TIMER) this.neigh.onTimer(token, now);
    else if (entry === IGMP_TIMER) this.igmp.onTimer(token, now);
    else if (entry === IPFRAG_TIMER) {
      const key = this.fragTimers.get(token);
      this.fragTimers.delete(token);
      if (key !== undefined) this.input.fragExpired(key, now);
    }
    else this.tcp.onTimer(entry, now);
  }

  /**
   * Drain the effects produced since the last call. The list is handed over, not copied, and
   * is valid until the next call: the kernel then empties it and collects into it again (two
   * lists in turn, so draining allocates no array per event).
   */
  takeEffects(): KernelEffect[] {
    const list = this.effects;
    const spare = this.spareEffects;
    while (spare.length > 0) spare.pop(); // cheaper than `length = 0` (a runtime call) for a few entries
    this.effects = spare;
    this.spareEffects = list;
    return list;
  }
}
