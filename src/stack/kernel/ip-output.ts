/**
 * IPv4 output (ip_queue_xmit / ip_push_pending_frames → ip_finish_output2): builds the whole
 * frame in one buffer (Ethernet, IPv4, transport, payload copied once from its view), cut
 * from a slab shared by every kernel (frame-arena.ts), picks the IP identification, and hands
 * it to loopback or to the neighbour table; a packet longer than the path MTU with DF clear
 * goes as fragments (wire/ipv4-fragment.ts), and a GSO super-segment carries its segment size (gso.ts).
 */
import { gsoSizeOf, markGso } from './gso.ts';
import { markSkbSender, type SkbSender } from './skb-clone.ts';
import { fragmentIpv4 } from '../wire/ipv4-fragment.ts';
import type { Kernel } from './kernel.ts';
import { BROADCAST_MAC, ZERO_MAC, ipv4MulticastMac, type Ipv4Addr, type MacAddr } from '../wire/addr.ts';
import { readIpv4, writeMac } from '../wire/addr.ts';
import { emitEthernetInto, ETHERTYPE_ARP, ETHERTYPE_IPV4 } from '../wire/ethernet.ts';
import { emitArpInto, ARP_REQUEST, ARP_REPLY } from '../wire/arp.ts';
import { emitIpv4Into, IPPROTO_ICMP, IPPROTO_IGMP, IPPROTO_TCP, IPPROTO_UDP, type Ipv4HeaderInit } from '../wire/ipv4.ts';
import { emitIgmpV3ReportInto, igmpV3ReportLength, IGMPV3_ALL_MCR } from '../wire/igmp.ts';
import type { IgmpRecord } from './igmp.ts';
import type { MulticastOut } from '../udp/multicast.ts';
import { emitTcpInto, tcpHeaderLength, TCP_ACK, TCP_RST, TCP_SYN, type TcpSegmentInit } from '../wire/tcp.ts';
import { emitUdpInto } from '../wire/udp.ts';
import { emitIcmpInto, icmpLength, type IcmpMessageInit } from '../wire/icmp.ts';
import type { Nanos } from '../nanos.ts';
import { FrameArena } from './frame-arena.ts';
import { PairMap } from '../pair-map.ts';
import { INET_ECN_MASK, tosOnWire, ttlOnWire, type IpHeaderOpts } from '../ip-header-opts.ts';

const ETH_HLEN = 14;
const IP_HLEN = 20;

/** IPOPT_RA, 4 bytes, value 0 (RFC 2113): every IGMPv3 report carries it (igmpv3_newpack) */
const ROUTER_ALERT = Uint8Array.of(0x94, 0x04, 0x00, 0x00);

/** TOS Linux puts on ICMP errors: (tos & IPTOS_TOS_MASK) | IPTOS_PREC_INTERNETCONTROL (icmp.c). */
export const TOS_INTERNETCONTROL = 0xc0;

interface IdCounter {
  next: number;
}

const DF_ONLY = { df: true, mf: false } as const;
const NO_FLAGS = { df: false, mf: false } as const;
/**
 * One arena for all kernels: a small world (a labwire/testing run of a dozen frames) cuts
 * its frames from the slab the last one left off, instead of starting a slab of its own.
 */
const FRAMES = new FrameArena();

export class IpOutput {
  /** inet_sk(sk)->inet_id of connected TCP sockets, by (dst, src port) then (dst port, src) */
  private readonly tcpIds = new PairMap<IdCounter>();
  /** the same for connected UDP sockets, by socket id */
  private readonly udpIds = new Map<number, IdCounter>();

  /** a TCP packet's IPv4 header, filled in per packet (written out at once, never kept) */
  private readonly tcpIp: { -readonly [K in keyof Ipv4HeaderInit]: Ipv4HeaderInit[K] } = {
    dscpEcn: 0, ident: 0, flags: DF_ONLY, ttl: 64, protocol: IPPROTO_TCP, src: 0 as Ipv4Addr, dst: 0 as Ipv4Addr,
  };

  /** outgoing frames are views of slabs every kernel of this thread shares (frame-arena.ts) */
  private readonly arena = FRAMES;

  /** the IP id counter lastFlowCounter found last, and for which flow */
  private readonly lastTcp: { src: number; dst: number; ports: number; counter: IdCounter | undefined } = { src: 0, dst: 0, ports: 0, counter: undefined };

  constructor(private readonly k: Kernel) {}

  private newCounter(): IdCounter {
    return { next: this.k.config.random('ip-inet-id').nextU32() & 0xffff };
  }

  private nextId(c: IdCounter, segs = 1): number {
    const id = c.next;
    c.next = (c.next + segs) & 0xffff;
    return id;
  }

  private tcpCounter(src: Ipv4Addr, sport: number, dst: Ipv4Addr, dport: number, create: boolean): IdCounter | undefined {
    const outer = dst * 65536 + sport;
    const inner = dport * 0x100000000 + src;
    let c = this.tcpIds.get(outer, inner);
    if (!c && create) this.tcpIds.set(outer, inner, (c = this.newCounter()));
    return c;
  }

  /**
   * tcpCounter, kept at hand for the flow of the last packet (a bulk transfer's every frame):
   * no map lookups, whose keys above 2^31 are boxed numbers, an allocation per frame.
   */
  private lastFlowCounter(src: Ipv4Addr, sport: number, dst: Ipv4Addr, dport: number, create: boolean): IdCounter | undefined {
    const last = this.lastTcp;
    const ports = sport * 65536 + dport;
    if (last.counter !== undefined && last.src === src && last.dst === dst && last.ports === ports) return last.counter;
    const c = this.tcpCounter(src, sport, dst, dport, create);
    if (c === undefined) return undefined; // a RST's lookup creates nothing: nothing to keep
    Object.assign(last, { src, dst, ports, counter: c }); // a new flow: rare
    return c;
  }

  /**
   * TCP: a SYN-ACK leaves from the listener's request sock and a RST for a segment with no
   * socket from the per-netns control socket, neither connected: DF and id 0. Everything else
   * leaves from a connected socket and counts from its inet_id. `df` false (IP_MTU_DISCOVER
   * DONT or PROBE): no DF, and a SYN-ACK's id is drawn (ip_select_ident_segs → __ip_select_ident).
   */
  /**
   * `ip`: the socket's IP_TTL and IP_TOS (absent for a segment no socket sends: a RST to a stray
   * segment); `ecn`: TCP's ECN bits for this segment (a stream socket's TOS keeps them apart)
   */
  sendTcp(src: Ipv4Addr, dst: Ipv4Addr, seg: TcpSegmentInit, now: Nanos, df = true, ip?: Readonly<IpHeaderOpts>, ecn = 0, gsoSize = 0, sender?: SkbSender): void {
    const synAck = (seg.flags & (TCP_SYN | TCP_ACK)) === (TCP_SYN | TCP_ACK);
    const counter = synAck ? undefined : this.lastFlowCounter(src, seg.srcPort, dst, seg.dstPort, (seg.flags & TCP_RST) === 0);
    const hlen = tcpHeaderLength(seg.options);
    const l4 = hlen + seg.payload.length;
    // a GSO super-segment stands for several wire segments: ip_select_ident_segs() advances
    // inet_id by their number, so the next packet's id skips the ones the device would use
    const r = this.k.route(dst);
    if (!r) return;
    const mss = this.k.interfaces[r.ifIndex]!.mtu - IP_HLEN - hlen;
    const ident = counter ? this.nextId(counter, Math.max(1, Math.ceil(seg.payload.length / mss))) : df ? 0 : this.k.ident.select(src, dst, IPPROTO_TCP, now);
    const frame = this.arena.alloc(ETH_HLEN + IP_HLEN + l4);
    const h = this.tcpIp;
    h.ident = ident;
    h.flags = df ? DF_ONLY : NO_FLAGS;
    h.ttl = ttlOnWire(ip, this.k.profile.ipDefaultTtl);
    h.dscpEcn = (tosOnWire(ip) & ~INET_ECN_MASK) | ecn;
    h.src = src;
    h.dst = dst;
    emitIpv4Into(h, l4, frame, ETH_HLEN);
    emitTcpInto(seg, src, dst, frame, ETH_HLEN + IP_HLEN);
    // only a frame a router will forward needs it (and so on-link traffic pays nothing for it)
    if (gsoSize > 0 && seg.payload.length > gsoSize && r.via !== undefined) markGso(frame, gsoSize);
    if (sender !== undefined) markSkbSender(frame, sender);
    this.sendVia(r.ifIndex, r.via ?? dst, frame, now);
  }

  /**
   * A UDP datagram; `mc` for one to a multicast group: out of its device (no route's gateway),
   * with the socket's IP_MULTICAST_TTL, to the group's MAC (ip_mc_output).
   */
  sendUdp(src: Ipv4Addr, dst: Ipv4Addr, srcPort: number, dstPort: number, payload: Uint8Array, connectedId: number, now: Nanos, ip?: Readonly<IpHeaderOpts>, mc?: MulticastOut): void {
    if (this.k.nat.size) {
      const flow = { src, srcPort, dst, dstPort };
      this.k.nat.rewriteUdpOutput(flow);
      ({ srcPort, dstPort } = flow);
    }
    const l4 = 8 + payload.length;
    const r = mc ? undefined : this.k.route(dst);
    const ifIndex = mc ? mc.ifIndex : r?.ifIndex;
    if (ifIndex === undefined) return;
    const mtu = mc ? this.k.interfaces[ifIndex]!.mtu : this.k.pmtu.mtu(dst, this.k.interfaces[ifIndex]!.mtu, now);
    const df = IP_HLEN + l4 <= mtu; // IP_PMTUDISC_WANT: DF while the packet fits the path (else fragments: sendVia)
    let counter = connectedId ? this.udpIds.get(connectedId) : undefined;
    if (connectedId && !counter) this.udpIds.set(connectedId, (counter = this.newCounter()));
    const ident = counter ? this.nextId(counter) : this.k.ident.select(src, dst, IPPROTO_UDP, now);
    const ttl = mc ? mc.ttl : ttlOnWire(ip, this.k.profile.ipDefaultTtl);
    const frame = this.arena.alloc(ETH_HLEN + IP_HLEN + l4);
    emitIpv4Into({ dscpEcn: tosOnWire(ip), ident, flags: { df, mf: false }, ttl, protocol: IPPROTO_UDP, src, dst }, l4, frame, ETH_HLEN);
    emitUdpInto({ srcPort, dstPort, payload }, src, dst, frame, ETH_HLEN + IP_HLEN);
    if (mc) this.sendMulticast(mc.ifIndex, dst, frame, mc.loop, now);
    else if (this.k.isBroadcast(dst)) this.sendBroadcast(ifIndex, frame, now);
    else this.sendVia(ifIndex, r!.via ?? dst, frame, now);
  }

  /**
   * An IGMPv3 report out of `ifIndex` (igmpv3_newpack/igmpv3_sendpack): to 224.0.0.22 from the
   * interface's address, TOS 0xc0, TTL 1, DF and so id 0, a Router Alert option.
   */
  sendIgmpReport(ifIndex: number, records: readonly IgmpRecord[], now: Nanos): void {
    const iface = this.k.interfaces[ifIndex]!;
    const l4 = igmpV3ReportLength(records);
    const hlen = IP_HLEN + ROUTER_ALERT.length;
    const frame = this.arena.alloc(ETH_HLEN + hlen + l4);
    emitIpv4Into({ dscpEcn: TOS_INTERNETCONTROL, ident: 0, flags: DF_ONLY, ttl: 1, protocol: IPPROTO_IGMP, src: iface.addr, dst: IGMPV3_ALL_MCR, options: ROUTER_ALERT }, l4, frame, ETH_HLEN);
    emitIgmpV3ReportInto(records, frame, ETH_HLEN + hlen);
    this.sendMulticast(ifIndex, IGMPV3_ALL_MCR, frame, true, now);
  }

  /**
   * To a group (RTN_MULTICAST): its MAC with no ARP (arp_mc_map), and with IP_MULTICAST_LOOP a
   * copy looped back when the host is itself a member on that device (RTCF_LOCAL, ip_mc_output).
   */
  private sendMulticast(ifIndex: number, group: Ipv4Addr, frame: Uint8Array, loop: boolean, now: Nanos): void {
    const frags = this.fragmentsFor(ifIndex, frame, now);
    if (frags) {
      for (const f of frags) this.sendMulticast(ifIndex, group, f, loop, now);
      return;
    }
    const iface = this.k.interfaces[ifIndex]!;
    if (iface.kind === 'loopback') {
      this.sendVia(ifIndex, group, frame, now);
      return;
    }
    emitEthernetInto({ dst: ipv4MulticastMac(group), src: iface.mac, etherType: ETHERTYPE_IPV4 }, frame, 0);
    this.deviceXmit(ifIndex, frame);
    if (loop && this.k.igmp.isMember(ifIndex, group)) this.k.effects.push({ kind: 'loop', ifIndex, frame });
  }

  /**
   * ICMP from the kernel's own control socket (echo replies, errors): IP_PMTUDISC_DONT, so no
   * DF and an id from the hashed generator. Errors carry TOS 0xc0, replies the request's TOS.
   */
  sendIcmp(src: Ipv4Addr, dst: Ipv4Addr, msg: IcmpMessageInit, tos: number, now: Nanos): void {
    const l4 = icmpLength(msg);
    const ident = this.k.ident.select(src, dst, IPPROTO_ICMP, now);
    const frame = this.arena.alloc(ETH_HLEN + IP_HLEN + l4);
    emitIpv4Into({ dscpEcn: tos, ident, flags: { df: false, mf: false }, ttl: this.k.profile.ipDefaultTtl, protocol: IPPROTO_ICMP, src, dst }, l4, frame, ETH_HLEN);
    emitIcmpInto(msg, frame, ETH_HLEN + IP_HLEN);
    this.route(dst, frame, now);
  }

  /** A raw ICMP socket's message (ping): unconnected, IP_PMTUDISC_WANT → DF, id from the hashed counter. */
  sendRawIcmp(dst: Ipv4Addr, icmp: Uint8Array, now: Nanos, ip?: Readonly<IpHeaderOpts>): number {
    const r = this.k.route(dst);
    if (!r) return -101; // ENETUNREACH
    const src = r.src;
    const df = IP_HLEN + icmp.length <= this.k.pmtu.mtu(dst, this.k.interfaces[r.ifIndex]!.mtu, now);
    const ident = this.k.ident.select(src, dst, IPPROTO_ICMP, now);
    const frame = this.arena.alloc(ETH_HLEN + IP_HLEN + icmp.length);
    emitIpv4Into({ dscpEcn: tosOnWire(ip), ident, flags: { df, mf: false }, ttl: ttlOnWire(ip, this.k.profile.ipDefaultTtl), protocol: IPPROTO_ICMP, src, dst }, icmp.length, frame, ETH_HLEN);
    frame.set(icmp, ETH_HLEN + IP_HLEN);
    this.route(dst, frame, now);
    return icmp.length;
  }

  /** Route a frame whose IPv4 packet starts at byte 14, then send it. */
  route(dst: Ipv4Addr, frame: Uint8Array, now: Nanos): void {
    const r = this.k.route(dst);
    if (!r) return;
    this.sendVia(r.ifIndex, r.via ?? dst, frame, now);
  }

  /**
   * A broadcast (RTN_BROADCAST): to ff:ff:ff:ff:ff:ff with no ARP (the neighbour is NUD_NOARP),
   * and a copy looped back to this host (ip_mc_output), since its own sockets may listen too.
   */
  private sendBroadcast(ifIndex: number, frame: Uint8Array, now: Nanos): void {
    const frags = this.fragmentsFor(ifIndex, frame, now);
    if (frags) {
      for (const f of frags) this.sendBroadcast(ifIndex, f, now);
      return;
    }
    const iface = this.k.interfaces[ifIndex]!;
    emitEthernetInto({ dst: BROADCAST_MAC, src: iface.mac, etherType: ETHERTYPE_IPV4 }, frame, 0);
    this.deviceXmit(ifIndex, frame);
    this.k.effects.push({ kind: 'loop', ifIndex, frame });
  }

  /**
   * dev_queue_xmit(): the frame leaves by the device, unless its root qdisc drops it
   * (qdisc.ts: NET_XMIT_DROP, which a TCP sender learned before building it, Kernel.xmitDrops).
   */
  private deviceXmit(ifIndex: number, frame: Uint8Array): void {
    if (this.k.qdiscs.drops(ifIndex)) return;
    this.k.effects.push({ kind: 'xmit', ifIndex, frame });
  }

  /** Send an IPv4 frame out of `ifIndex` towards next hop `nextHop`, in fragments if it must be. */
  sendVia(ifIndex: number, nextHop: Ipv4Addr, frame: Uint8Array, now: Nanos): void {
    const frags = this.fragmentsFor(ifIndex, frame, now);
    if (frags) {
      for (const f of frags) this.sendVia(ifIndex, nextHop, f, now);
      return;
    }
    const iface = this.k.interfaces[ifIndex]!;
    if (iface.kind === 'loopback') {
      emitEthernetInto({ dst: ZERO_MAC, src: ZERO_MAC, etherType: ETHERTYPE_IPV4 }, frame, 0);
      this.deviceXmit(ifIndex, frame);
      return;
    }
    emitEthernetInto({ dst: ZERO_MAC, src: iface.mac, etherType: ETHERTYPE_IPV4 }, frame, 0);
    this.k.neigh.output(ifIndex, nextHop, frame, now);
  }

  /**
   * ip_finish_output → ip_fragment(): a packet longer than the MTU towards its destination (the
   * path MTU ICMP taught, kernel/pmtu.ts, else the device's) leaves as fragments (wire/ipv4-fragment.ts)
   * when DF is clear. A GSO super-segment is the device's to cut; one with DF set goes as it is
   * (a router answers it: ip-input.ts). null: the frame goes whole.
   */
  private fragmentsFor(ifIndex: number, frame: Uint8Array, now: Nanos): Uint8Array[] | null {
    const iface = this.k.interfaces[ifIndex]!;
    if (frame.length - ETH_HLEN <= iface.mtu && !this.k.pmtu.size) return null; // the common case, at once
    const total = (frame[ETH_HLEN + 2]! << 8) | frame[ETH_HLEN + 3]!;
    const mtu = this.k.pmtu.mtu(readIpv4(frame, ETH_HLEN + 16), iface.mtu, now);
    if (total <= mtu || (frame[ETH_HLEN + 6]! & 0x40) !== 0 || gsoSizeOf(frame) > 0) return null;
    return fragmentIpv4(frame.subarray(ETH_HLEN, ETH_HLEN + total), mtu, ETH_HLEN, (n) => this.arena.alloc(n));
  }

  transmitResolved(ifIndex: number, frame: Uint8Array, mac: MacAddr, _now: Nanos): void {
    writeMac(frame, 0, mac);
    this.deviceXmit(ifIndex, frame);
  }

  /** arp_send(ARPOP_REQUEST): broadcast, or unicast to `to` when re-probing a known neighbour. */
  sendArpRequest(ifIndex: number, ip: Ipv4Addr, to: MacAddr | undefined, _now: Nanos): void {
    const iface = this.k.interfaces[ifIndex]!;
    const frame = this.arena.alloc(ETH_HLEN + 28);
    emitEthernetInto({ dst: to ?? BROADCAST_MAC, src: iface.mac, etherType: ETHERTYPE_ARP }, frame, 0);
    emitArpInto({ op: ARP_REQUEST, senderMac: iface.mac, senderIp: iface.addr, targetMac: ZERO_MAC, targetIp: ip }, frame, ETH_HLEN);
    this.deviceXmit(ifIndex, frame);
  }

  sendArpReply(ifIndex: number, toMac: MacAddr, toIp: Ipv4Addr, myIp: Ipv4Addr): void {
    const iface = this.k.interfaces[ifIndex]!;
    const frame = this.arena.alloc(ETH_HLEN + 28);
    emitEthernetInto({ dst: toMac, src: iface.mac, etherType: ETHERTYPE_ARP }, frame, 0);
    emitArpInto({ op: ARP_REPLY, senderMac: iface.mac, senderIp: myIp, targetMac: toMac, targetIp: toIp }, frame, ETH_HLEN);
    this.deviceXmit(ifIndex, frame);
  }
}
