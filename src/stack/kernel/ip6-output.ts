/**
 * IPv6 output on lo (ip6_xmit for TCP, ip6_append_data → ip6_push_pending_frames for UDP,
 * icmp6_send for errors): one buffer per packet (Ethernet with zero MACs as lo has them,
 * the 40-byte header, the transport with the IPv6 pseudo-header checksum). The lab's hosts
 * have IPv6 on lo only (../wire/inet-addr.ts), so every IPv6 packet leaves through lo.
 *
 * The header (ip6_flow_hdr): traffic class 0, hop limit 64 (ipv6_devconf.hop_limit), and an
 * automatic flow label (net.ipv6.auto_flowlabels = 1, ip6_make_flowlabel): the low 20 bits of
 * rol32(skb hash, 16). Linux hashes with per-boot random keys: a TCP socket's sk_txhash is a
 * random draw per connection (net_tx_rndhash), so each end of a connection keeps one label
 * (test/fixtures/real/ipv6/tcp.pcap: 0x06963b one way, 0x04213f the other); UDP and the reset
 * of the control socket hash their flow (skb_get_hash_flowi6: unconnected UDP to two ports
 * gets two labels, fixtures/real/ipv6/udp.pcap). Here the keys are drawn once per host from
 * its seeded stream and mixed with the 4-tuple, so labels are as stable and as varied, and a
 * seed gives the same bytes on every run. Not modelled: sk_rethink_txhash's new label after
 * a retransmission timeout.
 */
import type { Kernel } from './kernel.ts';
import { ZERO_MAC } from '../wire/addr.ts';
import { emitEthernetInto, ETHERTYPE_IPV6 } from '../wire/ethernet.ts';
import { emitIpv6Into, IPPROTO_ICMPV6, IPV6_HEADER_LENGTH } from '../wire/ipv6.ts';
import { IPPROTO_TCP, IPPROTO_UDP } from '../wire/ipv4.ts';
import { emitTcp6Into, tcpSegmentLength, type TcpSegmentInit } from '../wire/tcp.ts';
import { emitUdp6Into } from '../wire/udp.ts';
import { emitIcmpv6Into, icmpv6Length, type Icmpv6MessageInit } from '../wire/icmpv6.ts';
import { ipv6BytesOf, type InetAddr } from '../wire/inet-addr.ts';
import type { Nanos } from '../nanos.ts';
import { markSkbSender, type SkbSender } from './skb-clone.ts';

const ETH_HLEN = 14;
/** ipv6_devconf.hop_limit (IPV6_DEFAULT_HOPLIMIT, include/net/ipv6.h) */
export const IPV6_DEFAULT_HOPLIMIT = 64;
const FLOWLABEL_MASK = 0xfffff;

/** One murmur3 round: a word into the hash, then its finaliser. */
function mix(h: number, w: number): number {
  h = Math.imul(h ^ (w >>> 0), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export class Ip6Output {
  /** stands for each TCP socket's sk_txhash */
  private readonly txKey: number;
  /** stands for the flow dissector's hashrnd */
  private readonly flowKey: number;

  constructor(private readonly k: Kernel) {
    const r = k.config.random('ipv6-flowlabel');
    this.txKey = r.nextU32();
    this.flowKey = r.nextU32();
  }

  /** ip6_make_flowlabel(): rol32(hash, 16), 20 bits */
  private label(key: number, src: InetAddr, sport: number, dst: InetAddr, dport: number, proto: number): number {
    const h = mix(mix(mix(mix(key, src - 2 ** 32), dst - 2 ** 32), sport * 65536 + dport), proto);
    return ((h << 16) | (h >>> 16)) & FLOWLABEL_MASK;
  }

  /** `sender`: the socket whose skb the frame is a clone of (skb-clone.ts) */
  sendTcp(src: InetAddr, dst: InetAddr, seg: TcpSegmentInit, now: Nanos, sender?: SkbSender): void {
    const l4 = tcpSegmentLength(seg);
    const flowLabel = this.label(this.txKey, src, seg.srcPort, dst, seg.dstPort, IPPROTO_TCP);
    const frame = this.packet(src, dst, IPPROTO_TCP, flowLabel, l4);
    emitTcp6Into(seg, ipv6BytesOf(src), ipv6BytesOf(dst), frame, ETH_HLEN + IPV6_HEADER_LENGTH);
    if (sender !== undefined) markSkbSender(frame, sender);
    this.transmit(frame, now);
  }

  sendUdp(src: InetAddr, dst: InetAddr, srcPort: number, dstPort: number, payload: Uint8Array, now: Nanos): void {
    const flowLabel = this.label(this.flowKey, src, srcPort, dst, dstPort, IPPROTO_UDP);
    const frame = this.packet(src, dst, IPPROTO_UDP, flowLabel, 8 + payload.length);
    emitUdp6Into({ srcPort, dstPort, payload }, ipv6BytesOf(src), ipv6BytesOf(dst), frame, ETH_HLEN + IPV6_HEADER_LENGTH);
    this.transmit(frame, now);
  }

  /** icmp6_send(): from the kernel's ICMPv6 socket, its flow label hashed from the error's own flow */
  sendIcmp(src: InetAddr, dst: InetAddr, msg: Icmpv6MessageInit, now: Nanos): void {
    const flowLabel = this.label(this.flowKey, src, msg.type, dst, msg.code, IPPROTO_ICMPV6);
    const frame = this.packet(src, dst, IPPROTO_ICMPV6, flowLabel, icmpv6Length(msg));
    emitIcmpv6Into(msg, ipv6BytesOf(src), ipv6BytesOf(dst), frame, ETH_HLEN + IPV6_HEADER_LENGTH);
    this.transmit(frame, now);
  }

  private packet(src: InetAddr, dst: InetAddr, nextHeader: number, flowLabel: number, l4: number): Uint8Array {
    const frame = new Uint8Array(ETH_HLEN + IPV6_HEADER_LENGTH + l4);
    emitEthernetInto({ dst: ZERO_MAC, src: ZERO_MAC, etherType: ETHERTYPE_IPV6 }, frame, 0);
    emitIpv6Into({ trafficClass: 0, flowLabel, nextHeader, hopLimit: IPV6_DEFAULT_HOPLIMIT, src: ipv6BytesOf(src), dst: ipv6BytesOf(dst) }, l4, frame, ETH_HLEN);
    return frame;
  }

  /** every IPv6 route of a lab host is lo's (Kernel.route) */
  private transmit(frame: Uint8Array, _now: Nanos): void {
    this.k.effects.push({ kind: 'xmit', ifIndex: 0, frame });
  }
}
