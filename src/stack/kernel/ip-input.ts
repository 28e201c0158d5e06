/**
 * Frame input (netif_receive_skb → arp_rcv / ip_rcv): ARP answers and neighbour learning,
 * IPv4 header checks, reassembly of fragments (wire/ipv4-defrag.ts), local delivery by protocol,
 * forwarding with TTL decrement, and the ICMP errors Linux sends: port unreachable for UDP
 * nobody holds, time exceeded when a forwarded packet's TTL runs out (and when a packet's
 * fragments did not all come in time), net unreachable when a router has no route, host
 * unreachable when ARP for the next hop fails, fragmentation needed when a DF packet is longer
 * than the next hop's MTU; an ICMP error goes to the socket that sent what it quotes. A multicast datagram is taken only for a group
 * the interface joined (igmp.ts) and goes to every socket the group's rules allow.
 */
import { isFragment } from '../wire/ipv4-fragment.ts';
import { gsoSizeOf, markGso } from './gso.ts';
import { skbSenderOf } from './skb-clone.ts';
import type { Kernel } from './kernel.ts';
import { BROADCAST_MAC, isIpv4Multicast, readIpv4, type Ipv4Addr } from '../wire/addr.ts';
import { parseEthernet, ETHERTYPE_ARP, ETHERTYPE_IPV4, ETHERTYPE_IPV6 } from '../wire/ethernet.ts';
import { parseArp, ARP_REPLY, ARP_REQUEST } from '../wire/arp.ts';
import { ipv4ChecksumOk, ipv4HeaderError, parseIpv4, parseQuotedIpv4, IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP } from '../wire/ipv4.ts';
import { u16 } from '../wire/bytes.ts';
import { parseIcmp, ICMP_DEST_UNREACHABLE as ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED, ICMP_TIME_EXCEEDED } from '../wire/icmp.ts';
import { parseUdp, verifyUdpChecksum } from '../wire/udp.ts';
import { newTcpSegment, parseTcp, parseTcpInto, tcpChecksumOk } from '../wire/tcp.ts';
import { reusedTimestamps } from '../wire/tcp-options.ts';
import { TOS_INTERNETCONTROL } from './ip-output.ts';
import { internetChecksum } from '../wire/checksum.ts';
import { ECONNREFUSED, EHOSTUNREACH, ENETUNREACH } from '../abi/errno.ts';
import type { Nanos } from '../nanos.ts';
import { INET_ECN_MASK } from '../ip-header-opts.ts';

const ETH_HLEN = 14;
/** icmp_send(): the error may hold at most 576 bytes in all (RFC 1812 §4.3.2.3). */
const ICMP_ERROR_MAX = 576;
const NO_PAYLOAD = new Uint8Array(0);

export const ICMP_NET_UNREACH = 0;
export const ICMP_HOST_UNREACH = 1;
export const ICMP_PORT_UNREACH = 3;
/** ICMP time exceeded, code 1: fragment reassembly time exceeded */
const ICMP_EXC_FRAGTIME = 1;

export class IpInput {
  /** the TCP segment in hand, read in place (onTcp) */
  private readonly seg = newTcpSegment();
  private readonly segTimestamps = reusedTimestamps();
  private segInUse = false;

  constructor(private readonly k: Kernel) {}

  onFrame(ifIndex: number, frame: Uint8Array, now: Nanos): void {
    const eth = parseEthernet(frame, 0);
    if (!eth.ok) return;
    const iface = this.k.interfaces[ifIndex]!;
    const e = eth.value;
    // PACKET_OTHERHOST is dropped; a multicast MAC (the group bit, frame[0] & 1) goes up to IP, which keeps the groups it joined
    if (iface.kind === 'ether' && e.dst !== iface.mac && e.dst !== BROADCAST_MAC && (frame[0]! & 1) === 0) return;
    if (e.etherType === ETHERTYPE_ARP) this.onArp(ifIndex, frame, now);
    else if (e.etherType === ETHERTYPE_IPV4) this.onIpv4(ifIndex, frame, e.dst === BROADCAST_MAC, now);
    else if (e.etherType === ETHERTYPE_IPV6) this.k.input6.onFrame(ifIndex, frame, now);
  }

  private onArp(ifIndex: number, frame: Uint8Array, now: Nanos): void {
    const p = parseArp(frame, ETH_HLEN);
    if (!p.ok) return;
    const a = p.value;
    const iface = this.k.interfaces[ifIndex]!;
    // arp_ignore = 0: answer for any local address, on any interface
    const forUs = a.op === ARP_REQUEST && this.k.isLocalAddress(a.targetIp) && a.targetIp >>> 24 !== 127;
    this.k.neigh.onArp(ifIndex, a.senderIp, a.senderMac, forUs, a.op === ARP_REPLY, now);
    if (forUs) this.k.out.sendArpReply(ifIndex, a.senderMac, a.senderIp, a.targetIp);
    void iface;
  }

  private onIpv4(ifIndex: number, frame: Uint8Array, linkBroadcast: boolean, now: Nanos): void {
    // checked as parseIpv4 checks, then read in place: no header object per frame (RFC 791 §3.1 layout)
    if (ipv4HeaderError(frame, ETH_HLEN) !== undefined || !ipv4ChecksumOk(frame, ETH_HLEN)) return;
    const start = ETH_HLEN + (frame[ETH_HLEN]! & 0x0f) * 4;
    const end = ETH_HLEN + u16(frame, ETH_HLEN + 2);
    const src = readIpv4(frame, ETH_HLEN + 12);
    const dst = readIpv4(frame, ETH_HLEN + 16);
    if (isIpv4Multicast(dst)) {
      // ip_route_input_mc() only for a group the interface joined (ip_check_mc_rcu); no multicast routing
      if (this.k.igmp.isMember(ifIndex, dst)) this.deliverLocal(frame, start, end, src, dst, true, now, ifIndex);
      return;
    }
    const broadcast = this.k.isBroadcast(dst);
    if (this.k.isLocalAddress(dst) || broadcast) {
      this.deliverLocal(frame, start, end, src, dst, linkBroadcast || broadcast, now, ifIndex);
      return;
    }
    if (this.k.config.forwarding) this.forward(frame, src, dst, frame[ETH_HLEN + 8]!, now);
  }

  /**
   * ip_local_deliver(): a fragment waits for the rest of its packet (ip_defrag, wire/ipv4-defrag.ts);
   * a whole packet goes up to its protocol.
   */
  private deliverLocal(frame: Uint8Array, start: number, end: number, src: Ipv4Addr, dst: Ipv4Addr, broadcast: boolean, now: Nanos, ifIndex: number): void {
    if (!isFragment(frame, ETH_HLEN)) {
      this.deliver(frame, ETH_HLEN, start, end, src, dst, frame[ETH_HLEN + 9]!, broadcast, now, ifIndex);
      return;
    }
    const r = this.k.defrag.add(frame.subarray(ETH_HLEN, end));
    if (r.kind === 'queued' && r.isNew) this.k.armFragTimer(r.key, now);
    if (r.kind !== 'complete') return;
    const whole = new Uint8Array(ETH_HLEN + r.packet.length);
    whole.set(r.packet, ETH_HLEN);
    const ihl = (r.packet[0]! & 0x0f) * 4;
    this.deliver(whole, ETH_HLEN, ETH_HLEN + ihl, whole.length, src, dst, r.packet[9]!, broadcast, now, ifIndex);
  }

  /** ip_expire(): a packet's fragments did not all come in time; its sender hears of it if the first did */
  fragExpired(key: string, now: Nanos): void {
    const e = this.k.defrag.expire(key);
    if (!e?.first) return;
    const src = readIpv4(e.first, 12);
    const dst = readIpv4(e.first, 16);
    this.sendError(e.first, src, dst, ICMP_TIME_EXCEEDED, ICMP_EXC_FRAGTIME, now);
  }

  private deliver(
    frame: Uint8Array, ipStart: number, start: number, end: number,
    src: Ipv4Addr, dst: Ipv4Addr, protocol: number, broadcast: boolean, now: Nanos, ifIndex: number,
  ): void {
    switch (protocol) {
      case IPPROTO_TCP:
        if (tcpChecksumOk(frame, src, dst, start, end)) this.onTcp(frame, start, end, src, dst, now, frame[ipStart + 1]! & INET_ECN_MASK);
        return;
      case IPPROTO_UDP: {
        const l4 = frame.subarray(start, end);
        const d = parseUdp(l4, 0);
        if (!d.ok || !verifyUdpChecksum(l4, src, dst).ok) return;
        const u = d.value;
        const taken = broadcast ? this.k.udp.inputBroadcast(src, u.srcPort, dst, u.dstPort, u.payload, ifIndex) : this.k.udp.input(src, u.srcPort, dst, u.dstPort, u.payload);
        if (!taken && !broadcast) this.sendError(frame.subarray(ipStart, end), src, dst, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, now);
        return;
      }
      case IPPROTO_ICMP:
        this.onIcmp(frame.subarray(ipStart, end), frame.subarray(start, end), src, dst, broadcast, now);
        return;
      default:
        return;
    }
  }

  /**
   * tcp_v4_rcv(): the segment is read into one object this input reuses (the TCP layer keeps
   * no segment past the call but by copying it: owner.ts); its payload is a view of the frame.
   * A segment that arrives while one is in hand (a layer that delivers within its call) gets
   * an object of its own.
   */
  private onTcp(frame: Uint8Array, start: number, end: number, src: Ipv4Addr, dst: Ipv4Addr, now: Nanos, ecn: number): void {
    if (this.segInUse) {
      const seg = parseTcp(frame, start, end);
      if (seg.ok) this.k.tcp.input(src, dst, seg.value, now, ecn, skbSenderOf(frame));
      return;
    }
    const seg = this.seg;
    if (parseTcpInto(frame, start, end, seg, this.segTimestamps)) return;
    this.segInUse = true;
    try {
      this.k.tcp.input(src, dst, seg, now, ecn, skbSenderOf(frame));
    } finally {
      this.segInUse = false;
      seg.payload = NO_PAYLOAD; // the frame's slab is not kept alive by the reused object
    }
  }

  private onIcmp(packet: Uint8Array, l4: Uint8Array, src: Ipv4Addr, dst: Ipv4Addr, broadcast: boolean, now: Nanos): void {
    if (internetChecksum(l4) !== 0) return;
    const m = parseIcmp(l4, 0);
    if (!m.ok) return;
    this.k.raw.input(src, packet, now);
    const msg = m.value;
    if (msg.kind === 'echoRequest') {
      // icmp_echo(): icmp_echo_ignore_broadcasts = 1
      if (broadcast) return;
      this.k.out.sendIcmp(dst, src, { kind: 'echoReply', id: msg.id, seq: msg.seq, data: msg.data }, packet[1]!, now);
      return;
    }
    if (msg.kind === 'destUnreachable') this.icmpError(msg.original, ICMP_DEST_UNREACH, msg.code, now, msg.nextHopMtu);
    else if (msg.kind === 'timeExceeded') this.icmpError(msg.original, ICMP_TIME_EXCEEDED, msg.code, now, 0);
  }

  /**
   * Hand an ICMP error to the socket that sent the quoted packet (icmp_unreach → err_handler);
   * `info` is a "fragmentation needed"'s next-hop MTU (RFC 1191), which the route learns
   * (kernel/pmtu.ts: through TCP's tcp_v4_mtu_reduced, or at once for UDP, ipv4_sk_update_pmtu).
   */
  private icmpError(quoted: Uint8Array, type: number, code: number, now: Nanos, info: number): void {
    const q = parseQuotedIpv4(quoted, 0); // its total length is the original packet's, longer than the quote
    if (!q.ok) return;
    const h = q.value;
    const l4 = h.ihl * 4;
    if (quoted.length < l4 + 4) return;
    const sport = (quoted[l4]! << 8) | quoted[l4 + 1]!;
    const dport = (quoted[l4 + 2]! << 8) | quoted[l4 + 3]!;
    const fragNeeded = type === ICMP_DEST_UNREACH && code === ICMP_FRAG_NEEDED;
    if (h.protocol === IPPROTO_TCP) {
      const seq = quoted.length >= l4 + 8 ? ((quoted[l4 + 4]! << 24) | (quoted[l4 + 5]! << 16) | (quoted[l4 + 6]! << 8) | quoted[l4 + 7]!) >>> 0 : undefined;
      this.k.tcp.icmpError?.(h.src, sport, h.dst, dport, type, code, now, info, seq);
    } else if (h.protocol === IPPROTO_UDP && fragNeeded) {
      this.k.updatePmtu(h.dst, info, now);
    } else if (h.protocol === IPPROTO_UDP && type === ICMP_DEST_UNREACH) {
      const errno = code === ICMP_PORT_UNREACH ? ECONNREFUSED : code === ICMP_NET_UNREACH ? ENETUNREACH : EHOSTUNREACH;
      this.k.udp.icmpError(h.src, sport, h.dst, dport, errno);
    }
  }

  /** ip_forward(): TTL check and decrement (ip_decrease_ttl's incremental checksum), then output. */
  private forward(frame: Uint8Array, src: Ipv4Addr, dst: Ipv4Addr, ttl: number, now: Nanos): void {
    const ipStart = ETH_HLEN;
    const total = (frame[ipStart + 2]! << 8) | frame[ipStart + 3]!;
    const packet = frame.subarray(ipStart, ipStart + total);
    if (ttl <= 1) {
      this.sendError(packet, src, dst, ICMP_TIME_EXCEEDED, 0, now);
      return;
    }
    const r = this.k.route(dst);
    if (!r || r.ifIndex === 0) {
      this.sendError(packet, src, dst, ICMP_DEST_UNREACH, ICMP_NET_UNREACH, now);
      return;
    }
    // ip_forward(): a packet longer than the next hop's MTU with DF set goes back as "fragmentation
    // needed" with that MTU (RFC 1191 §4); without DF it leaves in fragments (ip-output.ts sendVia)
    const mtu = this.k.interfaces[r.ifIndex]!.mtu;
    const gso = gsoSizeOf(frame);
    if (total > mtu && (packet[6]! & 0x40) !== 0 && !(gso > 0 && gsoSegmentsFit(packet, gso, mtu))) {
      this.sendError(packet, src, dst, ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED, now, mtu);
      return;
    }
    const out = new Uint8Array(ETH_HLEN + total);
    out.set(packet, ETH_HLEN);
    out[ETH_HLEN + 8] = ttl - 1;
    out[ETH_HLEN + 10] = 0;
    out[ETH_HLEN + 11] = 0;
    const ihl = (out[ETH_HLEN]! & 0x0f) * 4;
    const c = internetChecksum(out, ETH_HLEN, ETH_HLEN + ihl);
    out[ETH_HLEN + 10] = c >>> 8;
    out[ETH_HLEN + 11] = c & 0xff;
    if (gso > 0) markGso(out, gso);
    this.k.out.sendVia(r.ifIndex, r.via ?? dst, out, now);
  }

  /** icmp_send(): quote as much of the offending packet as fits in 576 bytes. */
  sendError(packet: Uint8Array, origSrc: Ipv4Addr, origDst: Ipv4Addr, type: number, code: number, now: Nanos, nextHopMtu = 0): void {
    // never answer an ICMP error with an error, nor a broadcast/zero source
    if (origSrc === 0 || origSrc === 0xffffffff) return;
    if (packet[9] === IPPROTO_ICMP) {
      const ihl = (packet[0]! & 0x0f) * 4;
      const t = packet[ihl];
      if (t !== 0 && t !== 8 && t !== 13 && t !== 15 && t !== 17) return;
    }
    const route = this.k.route(origSrc);
    if (!route) return;
    // the error's source: the address the offending packet was sent to, if it is ours,
    // else the outgoing interface's address (icmp_send's saddr choice)
    const from = this.k.isLocalAddress(origDst) ? origDst : route.src;
    const room = ICMP_ERROR_MAX - 20 - 8;
    const original = packet.subarray(0, Math.min(packet.length, room));
    const tos = (packet[1]! & 0x1e) | TOS_INTERNETCONTROL;
    const msg = type === ICMP_TIME_EXCEEDED
      ? ({ kind: 'timeExceeded', code, original } as const)
      : ({ kind: 'destUnreachable', code, nextHopMtu, original } as const);
    this.k.out.sendIcmp(from, origSrc, msg, tos, now);
  }

  /** arp_error_report → dst_link_failure: the packet's sender hears "host unreachable". */
  linkFailure(frame: Uint8Array, now: Nanos): void {
    const p = parseIpv4(frame, ETH_HLEN);
    if (!p.ok) return;
    const total = p.value.totalLength;
    this.sendError(frame.subarray(ETH_HLEN, ETH_HLEN + total), p.value.src, p.value.dst, ICMP_DEST_UNREACH, ICMP_HOST_UNREACH, now);
  }
}

/** skb_gso_validate_network_len(): each segment of a TCP super-segment — its IP and TCP headers and `gso` bytes — fits `mtu` */
function gsoSegmentsFit(packet: Uint8Array, gso: number, mtu: number): boolean {
  const ihl = (packet[0]! & 0x0f) * 4;
  if (packet[9] !== IPPROTO_TCP || packet.length < ihl + 13) return false;
  const thl = (packet[ihl + 12]! >>> 4) * 4;
  return ihl + thl + gso <= mtu;
}
