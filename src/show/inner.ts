/**
 * The packet an ICMP error quotes (RFC 792: the original IP header and at least 8 bytes of
 * its payload). Wireshark dissects it, so its IP addresses, ports and ICMP fields answer
 * filters too (`udp` matches a port-unreachable quoting UDP). The quote is cut short by
 * design, so it is read leniently here rather than with parseIpv4, which rejects a header
 * whose total length runs past the bytes.
 */
import { readIpv4 } from '../stack/wire/addr.ts';
import { u16, u32 } from '../stack/wire/bytes.ts';
import type { IcmpMessage } from '../stack/wire/icmp.ts';
import { parseDnsMessage, type DnsMessage } from '../stack/wire/dns/index.ts';

export interface QuotedPacket {
  readonly src: number;
  readonly dst: number;
  readonly ttl: number;
  readonly protocol: number;
  readonly ident: number;
  /** the flags and fragment offset word (DF 0x4000, MF 0x2000, offset in 8-byte units) */
  readonly fragWord: number;
  readonly totalLength: number;
  /** bytes quoted after the transport header's first 8 */
  readonly rest: number;
  /** the quoted UDP datagram carries a DNS message */
  readonly dns?: boolean;
  /** ports for UDP/TCP; type/code/id/seq for ICMP; undefined when the quote is too short */
  readonly srcPort?: number;
  readonly dstPort?: number;
  readonly udpLength?: number;
  readonly tcpSeq?: number;
  readonly icmpType?: number;
  readonly icmpCode?: number;
  readonly icmpId?: number;
  readonly icmpSeq?: number;
}

export function quotedPacket(m: IcmpMessage): QuotedPacket | undefined {
  if (m.kind !== 'destUnreachable' && m.kind !== 'timeExceeded') return undefined;
  const b = m.original;
  if (b.length < 20 || b[0]! >>> 4 !== 4) return undefined;
  const hl = (b[0]! & 0xf) * 4;
  if (hl < 20 || b.length < hl) return undefined;
  const rest = Math.max(0, b.length - hl - 8);
  const base = { src: readIpv4(b, 12), dst: readIpv4(b, 16), ttl: b[8]!, protocol: b[9]!, ident: u16(b, 4), fragWord: u16(b, 6), totalLength: u16(b, 2), rest };
  const t = hl;
  if (base.protocol === 17 && b.length >= t + 8) {
    const srcPort = u16(b, t);
    const dstPort = u16(b, t + 2);
    const udpLength = u16(b, t + 4);
    const dns = b.length >= t + udpLength && udpLength >= 8 ? quotedDns(srcPort, dstPort, b.subarray(t + 8, t + udpLength)) !== undefined : false;
    return { ...base, srcPort, dstPort, udpLength, dns };
  }
  if (base.protocol === 6 && b.length >= t + 8) return { ...base, srcPort: u16(b, t), dstPort: u16(b, t + 2), tcpSeq: u32(b, t + 4) };
  if (base.protocol === 1 && b.length >= t + 8) {
    return { ...base, icmpType: b[t]!, icmpCode: b[t + 1]!, icmpId: u16(b, t + 4), icmpSeq: u16(b, t + 6) };
  }
  return base;
}

/** The DNS message in a quoted UDP datagram to or from port 53 (Wireshark dissects it too). */
export function quotedDns(srcPort: number, dstPort: number, payload: Uint8Array): DnsMessage | undefined {
  if (srcPort !== 53 && dstPort !== 53) return undefined;
  const p = parseDnsMessage(payload);
  return p.ok ? p.value : undefined;
}
