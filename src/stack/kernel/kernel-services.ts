/**
 * What a kernel offers its neighbour table and its TCP and UDP layers, as one object each
 * per kernel with methods, not an object of closures: a small world (a labwire/testing run)
 * builds two kernels per run, and every closure is an allocation (under tsx also a
 * `__name` call that redefines the function's name).
 */
import type { IpHeaderOpts } from '../ip-header-opts.ts';
import type { Kernel, RandomSource } from './kernel.ts';
import type { NeighbourHost } from './neighbour.ts';
import type { RouteInfo, TcpRandomPurpose, TcpServices } from './tcp-services.ts';
import type { UdpServices } from '../udp/layer.ts';
import type { Mreqn, MulticastOpts, MulticastOut } from '../udp/multicast.ts';
import type { Ipv4Addr, MacAddr } from '../wire/addr.ts';
import { isIpv6, type InetAddr } from '../wire/inet-addr.ts';
import type { TcpSegmentInit } from '../wire/tcp.ts';
import type { SkbSender } from './skb-clone.ts';
import type { Nanos } from '../nanos.ts';

export class NeighbourServices implements NeighbourHost {
  readonly solicitDelay: Nanos;

  constructor(private readonly k: Kernel, private readonly stream: RandomSource) {
    this.solicitDelay = k.profile.neighSolicitNs ?? 0;
  }

  sendRequest(ifIndex: number, ip: Ipv4Addr, to: MacAddr | undefined, now: Nanos): void {
    this.k.out.sendArpRequest(ifIndex, ip, to, now);
  }

  transmit(ifIndex: number, frame: Uint8Array, mac: MacAddr, now: Nanos): void {
    this.k.out.transmitResolved(ifIndex, frame, mac, now);
  }

  unreachable(_ifIndex: number, frame: Uint8Array, now: Nanos): void {
    this.k.linkFailure(frame, now);
  }

  armTimer(at: Nanos, token: number, now: Nanos, exact?: boolean): void {
    this.k.effects.push({ kind: 'timer', at: exact ? at : this.k.jiffyTimer(at, now), token });
  }

  newToken(): number {
    return this.k.timerToken('neigh');
  }

  random(): number {
    return this.stream.float();
  }
}

export class TcpKernelServices implements TcpServices {
  constructor(private readonly k: Kernel, private readonly streams: Readonly<Record<TcpRandomPurpose, RandomSource>>) {}

  route(dst: InetAddr, now?: Nanos): RouteInfo | undefined {
    return this.k.routeInfo(dst, now);
  }

  updatePmtu(dst: InetAddr, reported: number, now: Nanos): number | undefined {
    return isIpv6(dst) ? undefined : this.k.updatePmtu(dst as Ipv4Addr, reported, now);
  }

  isLocalAddress(a: InetAddr): boolean {
    return this.k.isLocalAddress(a);
  }

  output(src: InetAddr, dst: InetAddr, seg: TcpSegmentInit, now: Nanos, df = true, ip?: Readonly<IpHeaderOpts>, ecn = 0, gsoSize = 0, sender?: SkbSender): void {
    // (IPv6: the traffic class's ECN bits are not modelled; a v6 segment leaves not-ECT)
    if (isIpv6(dst)) this.k.out6.sendTcp(src, dst, seg, now, sender);
    else this.k.out.sendTcp(src as Ipv4Addr, dst, seg, now, df, ip, ecn, gsoSize, sender);
  }

  xmitDrops(dst: InetAddr): boolean {
    return this.k.xmitDrops(dst);
  }

  arm(at: Nanos, token: number, now: Nanos): void {
    this.k.effects.push({ kind: 'timer', at: this.k.jiffyTimer(at, now), token: this.k.timerToken('tcp', token) });
  }

  random(purpose: TcpRandomPurpose): number {
    return this.streams[purpose].nextU32();
  }
}

export class UdpKernelServices implements UdpServices {
  readonly localPortRange: readonly [number, number];

  constructor(private readonly k: Kernel, private readonly stream: RandomSource) {
    this.localPortRange = k.profile.localPortRange;
  }

  route(dst: InetAddr): RouteInfo | undefined {
    return this.k.routeInfo(dst);
  }

  isLocalAddress(a: InetAddr): boolean {
    return this.k.isLocalAddress(a);
  }

  output(src: InetAddr, dst: InetAddr, srcPort: number, dstPort: number, payload: Uint8Array, connectedId: number, now: Nanos, ip?: Readonly<IpHeaderOpts>, mc?: MulticastOut): void {
    if (isIpv6(dst)) this.k.out6.sendUdp(src, dst, srcPort, dstPort, payload, now);
    else this.k.out.sendUdp(src as Ipv4Addr, dst, srcPort, dstPort, payload, connectedId, now, ip, mc);
  }

  /** ip_mc_find_dev(); Linux's ifindex is labwire's interface index + 1 (lo is 1) */
  multicastDevice(req: Mreqn): number | undefined {
    const ifaces = this.k.interfaces;
    if (req.ifIndex !== 0) return ifaces[req.ifIndex - 1] ? req.ifIndex : undefined;
    if (req.addr !== 0) {
      const i = ifaces.findIndex((x) => x.addr === req.addr);
      return i < 0 ? undefined : i + 1;
    }
    const r = this.k.route(req.group);
    return r ? r.ifIndex + 1 : undefined;
  }

  /** a group's route (RTN_MULTICAST): mc_index's device, else the route's (a gateway is not used), from mc_addr or the device's address */
  multicastRoute(group: InetAddr, opts: Readonly<MulticastOpts>): { ifIndex: number; src: InetAddr } | undefined {
    const ifIndex = opts.ifIndex !== 0 ? opts.ifIndex - 1 : this.k.route(group)?.ifIndex;
    const iface = ifIndex === undefined ? undefined : this.k.interfaces[ifIndex];
    return iface ? { ifIndex: iface.index, src: opts.addr || iface.addr } : undefined;
  }

  joinGroup(ifIndex: number, group: Ipv4Addr, now: Nanos): void {
    this.k.igmp.join(ifIndex - 1, group, now);
  }

  leaveGroup(ifIndex: number, group: Ipv4Addr, now: Nanos): void {
    this.k.igmp.leave(ifIndex - 1, group, now);
  }

  random(): number {
    return this.stream.nextU32();
  }
}
