/**
 * IPv6 input (ipv6_rcv → ip6_input_finish) for a host whose only IPv6 interface is lo
 * (../wire/inet-addr.ts): a packet arriving elsewhere is dropped, as on an interface with
 * disable_ipv6 set (Docker's networks without IPv6); one whose addresses are not ::1 is not
 * for us. TCP and UDP are checked against the IPv6 pseudo-header (a UDP checksum of 0 is not
 * allowed, RFC 8200 §8.1) and delivered; a datagram for a port nobody holds is answered with
 * ICMPv6 port unreachable (RFC 4443 §3.1, code 4), which reaches the sender's sockets as
 * ECONNREFUSED (icmpv6_err_convert) the way ICMP does for IPv4.
 */
import type { Kernel } from './kernel.ts';
import { parseIpv6, IPPROTO_ICMPV6, IPV6_HEADER_LENGTH } from '../wire/ipv6.ts';
import { IPPROTO_TCP, IPPROTO_UDP } from '../wire/ipv4.ts';
import { parseTcp, verifyTcp6Checksum } from '../wire/tcp.ts';
import { parseUdp, verifyUdp6Checksum } from '../wire/udp.ts';
import { parseIcmpv6, verifyIcmpv6Checksum, ICMPV6_DEST_UNREACHABLE } from '../wire/icmpv6.ts';
import { inetFromIpv6, IN6ADDR_LOOPBACK } from '../wire/inet-addr.ts';
import { ECONNREFUSED } from '../abi/errno.ts';
import type { Nanos } from '../nanos.ts';
import { skbSenderOf } from './skb-clone.ts';

const ETH_HLEN = 14;
/** ICMPV6_PORT_UNREACH (include/uapi/linux/icmpv6.h) */
export const ICMPV6_PORT_UNREACH = 4;
/** icmp6_send(): the error fits in the minimum MTU, IPV6_MIN_MTU = 1280 (RFC 4443 §2.4 (c)) */
const IPV6_MIN_MTU = 1280;

export class Ip6Input {
  constructor(private readonly k: Kernel) {}

  onFrame(ifIndex: number, frame: Uint8Array, now: Nanos): void {
    if (ifIndex !== 0) return; // IPv6 is off on every interface but lo
    const p = parseIpv6(frame, ETH_HLEN);
    if (!p.ok) return;
    const ip = p.value;
    const src = inetFromIpv6(ip.src);
    const dst = inetFromIpv6(ip.dst);
    if (src !== IN6ADDR_LOOPBACK || dst !== IN6ADDR_LOOPBACK) return;
    const end = ETH_HLEN + IPV6_HEADER_LENGTH + ip.payloadLength;
    const l4 = frame.subarray(p.end, end);
    switch (ip.protocol) {
      case IPPROTO_TCP: {
        if (!verifyTcp6Checksum(l4, ip.src, ip.dst).ok) return;
        const seg = parseTcp(l4, 0);
        if (seg.ok) this.k.tcp.input(src, dst, seg.value, now, 0, skbSenderOf(frame));
        return;
      }
      case IPPROTO_UDP: {
        const d = parseUdp(l4, 0);
        if (!d.ok || !verifyUdp6Checksum(l4, ip.src, ip.dst).ok) return;
        const u = d.value;
        if (!this.k.udp.input(src, u.srcPort, dst, u.dstPort, u.payload)) this.portUnreachable(frame.subarray(ETH_HLEN, end), now);
        return;
      }
      case IPPROTO_ICMPV6:
        this.onIcmpv6(l4, ip.src, ip.dst);
        return;
      default:
        return;
    }
  }

  /** icmpv6_send(ICMPV6_DEST_UNREACH, ICMPV6_PORT_UNREACH): the packet quoted as far as it fits */
  private portUnreachable(packet: Uint8Array, now: Nanos): void {
    const room = IPV6_MIN_MTU - IPV6_HEADER_LENGTH - 8;
    const original = packet.subarray(0, Math.min(packet.length, room));
    this.k.out6.sendIcmp(IN6ADDR_LOOPBACK, IN6ADDR_LOOPBACK, { kind: 'error', type: ICMPV6_DEST_UNREACHABLE, code: ICMPV6_PORT_UNREACH, param: 0, original }, now);
  }

  /** An error quoting a datagram a local socket sent: a connected UDP socket hears ECONNREFUSED. */
  private onIcmpv6(l4: Uint8Array, src: Uint8Array, dst: Uint8Array): void {
    if (!verifyIcmpv6Checksum(l4, src, dst).ok) return;
    const m = parseIcmpv6(l4, 0);
    if (!m.ok || m.value.kind !== 'error' || m.value.type !== ICMPV6_DEST_UNREACHABLE || m.value.code !== ICMPV6_PORT_UNREACH) return;
    const q = parseIpv6(m.value.original, 0);
    if (!q.ok || q.value.protocol !== IPPROTO_UDP) return;
    const quoted = m.value.original;
    const at = q.end;
    if (quoted.length < at + 4) return;
    const qsrc = inetFromIpv6(q.value.src);
    const qdst = inetFromIpv6(q.value.dst);
    if (qsrc === undefined || qdst === undefined) return;
    const sport = (quoted[at]! << 8) | quoted[at + 1]!;
    const dport = (quoted[at + 2]! << 8) | quoted[at + 3]!;
    this.k.udp.icmpError(qsrc, sport, qdst, dport, ECONNREFUSED);
  }
}
