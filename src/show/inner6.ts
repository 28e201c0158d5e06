/**
 * The packet an ICMPv6 error quotes (RFC 4443 §2.4 (c): as much of the invoking packet as
 * fits in the minimum MTU). Wireshark dissects it: its IPv6 header, and a UDP datagram with
 * the DNS message or data it carries; its addresses and ports answer filters too.
 */
import type { Icmpv6Message } from '../stack/wire/icmpv6.ts';
import { parseIpv6, type Ipv6Header } from '../stack/wire/ipv6.ts';
import { parseUdp, type UdpDatagram } from '../stack/wire/udp.ts';
import { quotedDns } from './inner.ts';

export interface QuotedIpv6 {
  readonly ip: Ipv6Header;
  /** the quoted UDP datagram, when whole enough to parse */
  readonly udp: UdpDatagram | undefined;
  /** the quoted datagram carries a DNS message */
  readonly dns: boolean;
}

export function quotedIpv6Packet(m: Icmpv6Message): QuotedIpv6 | undefined {
  if (m.kind !== 'error') return undefined;
  const ip = parseIpv6(m.original);
  if (!ip.ok) return undefined;
  const u = ip.value.protocol === 17 ? parseUdp(m.original, ip.end, 40 + ip.value.payloadLength) : undefined;
  const udp = u?.ok ? u.value : undefined;
  return { ip: ip.value, udp, dns: udp !== undefined && quotedDns(udp.srcPort, udp.dstPort, udp.payload) !== undefined };
}
