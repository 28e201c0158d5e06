/**
 * A `<` line → the IPv4/TCP packet the runner injects, from the remote (192.0.2.1) to the
 * host (192.168.0.1), built with the wire codecs: flags from the letters, the script's own
 * sequence numbers, ACK / SACK / TS ecr mapped into live space by the Flow.
 */
import { ipv4 } from '../stack/wire/addr.ts';
import { emitIpv4Into, IPPROTO_ICMP, IPPROTO_TCP, IPV4_HEADER_LENGTH } from '../stack/wire/ipv4.ts';
import { emitTcpInto, tcpSegmentLength, TCP_HEADER_LENGTH, TCP_ACK, TCP_CWR, TCP_ECE, TCP_FIN, TCP_PSH, TCP_RST, TCP_SYN, TCP_URG, type TcpSegmentInit } from '../stack/wire/tcp.ts';
import type { TcpOption } from '../stack/wire/tcp-options.ts';
import { LOCAL_IP, REMOTE_IP, type Flow } from './flow.ts';
import type { IcmpSpec, IpEcn, PacketSpec, TcpOptionSpec } from './script.ts';
import { emitIcmp, ICMP_FRAG_NEEDED } from '../stack/wire/icmp.ts';

const FLAG_LETTERS: Readonly<Record<string, number>> = {
  F: TCP_FIN, S: TCP_SYN, R: TCP_RST, P: TCP_PSH, '.': TCP_ACK, U: TCP_URG, E: TCP_ECE, W: TCP_CWR,
};

/** The flag bits of `S.`, `FP.`, `SEW` …; a string naming the first unknown letter otherwise. */
export function flagBits(letters: string): number | string {
  let bits = 0;
  for (const ch of letters) {
    const b = FLAG_LETTERS[ch];
    if (b === undefined) return `TCP flag ${JSON.stringify(ch)}`;
    bits |= b;
  }
  return bits;
}

/** The two ECN bits of the IP TOS byte (RFC 3168 §5). */
export const ECN_BITS: Readonly<Record<Exclude<IpEcn, 'ect01'>, number>> = { noecn: 0, ect1: 1, ect0: 2, ce: 3 };

/** The options as the wire codec holds them; a string naming one the runner cannot build. */
export function optionsFromSpec(list: readonly TcpOptionSpec[]): TcpOption[] | string {
  const other = list.find((o) => o.kind === 'other');
  if (other) return `TCP option ${other.name}`;
  return list as TcpOption[];
}

/** Why the runner cannot inject or match this packet, or null when it can. */
export function unsupportedPacket(p: PacketSpec): string | null {
  if (p.other) return p.other;
  if (p.icmp) return unsupportedIcmp(p.direction, p.icmp);
  const bits = flagBits(p.flags);
  if (typeof bits === 'string') return bits;
  if (p.options) {
    const opts = optionsFromSpec(p.options);
    if (typeof opts === 'string') return opts;
  }
  return null;
}

/**
 * The IPv4 packet (header + TCP segment, or an ICMP error) for an inbound script packet; the
 * caller has checked it with unsupportedPacket.
 */
export function buildInbound(p: PacketSpec, flow: Flow, ident: number): Uint8Array {
  if (p.icmp) return buildIcmp(p, p.icmp, flow, ident);
  const flags = flagBits(p.flags) as number;
  const acking = (flags & TCP_ACK) !== 0;
  const options = (optionsFromSpec(p.options ?? []) as TcpOption[]).map((o) => (acking ? flow.mapInboundOption(o) : o));
  const seg: TcpSegmentInit = {
    srcPort: flow.remotePort,
    dstPort: flow.localPort,
    seq: p.seq >>> 0,
    ack: acking ? flow.localToLive(p.ack ?? 0) : (p.ack ?? 0) >>> 0,
    flags,
    window: p.win ?? 0,
    urgent: p.urg ?? 0,
    options,
    payload: new Uint8Array(p.len),
  };
  const src = ipv4(REMOTE_IP);
  const dst = ipv4(LOCAL_IP);
  const out = new Uint8Array(IPV4_HEADER_LENGTH + tcpSegmentLength(seg));
  const ecn = p.ecn === null || p.ecn === 'ect01' ? 0 : ECN_BITS[p.ecn];
  const tos = ((p.tos ?? 0) & ~3) | ecn;
  const at = emitIpv4Into({ dscpEcn: tos, ident, flags: { df: true, mf: false }, ttl: p.ttl ?? 64, protocol: IPPROTO_TCP, src, dst }, out.length - IPV4_HEADER_LENGTH, out, 0);
  emitTcpInto(seg, src, dst, out, at);
  return out;
}

/** packetdrill's names of the destination-unreachable codes (icmp_packet.c icmpv4_unreachable_codes) */
const UNREACHABLE_CODES: Readonly<Record<string, number>> = {
  net_unreachable: 0, host_unreachable: 1, protocol_unreachable: 2, port_unreachable: 3, frag_needed: ICMP_FRAG_NEEDED,
  source_route_failed: 5, net_unknown: 6, host_unknown: 7, source_host_isolated: 8, net_prohibited: 9, host_prohibited: 10,
  net_unreachable_for_tos: 11, host_unreachable_for_tos: 12, packet_filtered: 13, precedence_violation: 14, precedence_cutoff: 15,
};

function unsupportedIcmp(direction: 'in' | 'out', icmp: IcmpSpec): string | null {
  if (direction === 'out') return 'outbound ICMP packets';
  if (icmp.type !== 'unreachable') return `ICMP ${icmp.type} packets`;
  if (icmp.code === null || UNREACHABLE_CODES[icmp.code] === undefined) return `ICMP unreachable code ${icmp.code ?? '(none)'}`;
  if (!icmp.quotes) return `ICMP quoting ${icmp.quotesOther ?? 'no'} packets`;
  return null;
}

/** ICMP's 8 bytes of the quoted transport header (RFC 792) */
const ICMP_QUOTED_L4 = 8;

/**
 * new_icmp_packet(): destination unreachable from the remote, quoting a packet the host sent
 * on the flow — its IPv4 header (total length for a TCP header and the quoted payload, TTL 0
 * as packetdrill leaves it) and the TCP header's first 8 bytes: the ports and the sequence
 * number, mapped into live space (map_inbound_icmp_tcp_packet).
 */
function buildIcmp(p: PacketSpec, icmp: IcmpSpec, flow: Flow, ident: number): Uint8Array {
  const quotes = icmp.quotes!;
  const local = ipv4(LOCAL_IP);
  const remote = ipv4(REMOTE_IP);
  const quoted = new Uint8Array(IPV4_HEADER_LENGTH + ICMP_QUOTED_L4);
  emitIpv4Into({ dscpEcn: 0, ident: 0, flags: { df: false, mf: false }, ttl: 0, protocol: IPPROTO_TCP, src: local, dst: remote }, TCP_HEADER_LENGTH + quotes.len, quoted, 0);
  const v = new DataView(quoted.buffer);
  v.setUint16(IPV4_HEADER_LENGTH, flow.localPort);
  v.setUint16(IPV4_HEADER_LENGTH + 2, flow.remotePort);
  v.setUint32(IPV4_HEADER_LENGTH + 4, flow.localToLive(quotes.seq));
  const message = emitIcmp({ kind: 'destUnreachable', code: UNREACHABLE_CODES[icmp.code!]!, nextHopMtu: icmp.mtu ?? 0, original: quoted });
  const out = new Uint8Array(IPV4_HEADER_LENGTH + message.length);
  const tos = ((p.tos ?? 0) & ~3) | (p.ecn === null || p.ecn === 'ect01' ? 0 : ECN_BITS[p.ecn]);
  emitIpv4Into({ dscpEcn: tos, ident, flags: { df: false, mf: false }, ttl: p.ttl ?? 64, protocol: IPPROTO_ICMP, src: remote, dst: local }, message.length, out, 0);
  out.set(message, IPV4_HEADER_LENGTH);
  return out;
}
