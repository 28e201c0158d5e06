/**
 * The fields and protocols a display filter can name, with Wireshark's names and types, and
 * how to read each one's values from a dissected frame. A field absent from a frame gives no
 * values; a field that occurs several times (ip.addr, dns.a …) gives them all.
 */
import { ndmpDataBlocks, ndmpFields } from './fields-ndmp.ts';
import { ircFields } from './fields-irc.ts';
import type { Dissected } from '../dissect.ts';
import { capturedBytes, flagWord, frameProtocols, hasData, layerBytes, tcpFields } from './fields-tcp.ts';
import { dnsFields } from './fields-dns.ts';
import { httpFields, isOctetStream } from './fields-http.ts';
import { bodyFields } from './fields-json.ts';
import { tlsFields } from './fields-tls.ts';
import { ipv6Fields, withQuotedUdp6 } from './fields-ipv6.ts';
import { igmpFields } from './fields-igmp.ts';
import { icmpEchoData } from '../details/icmp.ts';
import type { QuotedPacket } from '../inner.ts';

export type FieldType =
  | 'u8' | 'u16' | 'u24' | 'u32' | 'i32' | 'bool' | 'ipv4' | 'ipv6' | 'ether' | 'string' | 'bytes'
  | 'protocol' | 'framenum' | 'time' | 'none';

export type Value = number | string | Uint8Array | boolean;

export interface FieldDef {
  readonly type: FieldType;
  get(f: Dissected): readonly Value[];
}

export type FieldTable = Readonly<Record<string, FieldDef>>;

const NONE: readonly Value[] = [];
const one = (v: Value | undefined): readonly Value[] => (v === undefined ? NONE : [v]);

export function field(type: FieldType, get: (f: Dissected) => Value | undefined): FieldDef {
  return { type, get: (f) => one(get(f)) };
}

export function many(type: FieldType, get: (f: Dissected) => readonly Value[]): FieldDef {
  return { type, get };
}

const secs = (t: { sec: number; nsec: number }): number => t.sec + t.nsec / 1e9;

const eth = (f: Dissected) => (f.view.link?.kind === 'ethernet' ? f.view.link.header : undefined);
const sll = (f: Dissected) => (f.view.link?.kind === 'sll' || f.view.link?.kind === 'sll2' ? f.view.link.header : undefined);

const FRAME: FieldTable = {
  'frame': field('protocol', (f) => f.record.data),
  'frame.number': field('u32', (f) => f.no),
  'frame.len': field('u32', (f) => f.record.origLength),
  'frame.cap_len': field('u32', (f) => f.record.data.length),
  'frame.time_relative': field('time', (f) => secs(f.relative)),
  'frame.time_delta': field('time', (f) => secs(f.delta)),
  'frame.time_epoch': field('time', (f) => secs(f.time)),
  'frame.interface_id': field('u32', (f) => f.record.ifIndex),
  'frame.protocols': field('string', (f) => frameProtocols(f)),
};

const LINK: FieldTable = {
  'eth': field('protocol', (f) => (eth(f) ? f.record.data : undefined)),
  'eth.src': field('ether', (f) => eth(f)?.src),
  'eth.dst': field('ether', (f) => eth(f)?.dst),
  'eth.addr': many('ether', (f) => { const e = eth(f); return e ? [e.dst, e.src] : NONE; }),
  'eth.type': field('u16', (f) => eth(f)?.etherType),
  'sll': field('protocol', (f) => (f.view.link?.kind === 'sll' ? f.record.data : undefined)),
  'sll2': field('protocol', (f) => (f.view.link?.kind === 'sll2' ? f.record.data : undefined)),
  'sll.pkttype': field('u16', (f) => sll(f)?.packetType),
  'sll.hatype': field('u16', (f) => sll(f)?.arphrdType),
  'sll.halen': field('u16', (f) => sll(f)?.addrLength),
  'sll.src.eth': field('ether', (f) => { const s = sll(f); return s && s.arphrdType === 1 && s.addrLength === 6 ? s.addr : undefined; }),
  'sll.etype': field('u16', (f) => { const s = sll(f); return s && s.protocol > 1500 ? s.protocol : undefined; }),
  'sll.ifindex': field('u32', (f) => (f.view.link?.kind === 'sll2' ? f.view.link.header.ifIndex : undefined)),
};

const arp = (f: Dissected) => f.view.arp;
const ARP: FieldTable = {
  'arp': field('protocol', (f) => (arp(f) ? f.record.data.subarray(f.view.networkOffset) : undefined)),
  'arp.hw.type': field('u16', (f) => arp(f)?.htype),
  'arp.proto.type': field('u16', (f) => arp(f)?.ptype),
  'arp.hw.size': field('u8', (f) => arp(f)?.hlen),
  'arp.proto.size': field('u8', (f) => arp(f)?.plen),
  'arp.opcode': field('u16', (f) => arp(f)?.op),
  'arp.src.hw_mac': field('ether', (f) => arp(f)?.senderMac),
  'arp.src.proto_ipv4': field('ipv4', (f) => arp(f)?.senderIp),
  'arp.dst.hw_mac': field('ether', (f) => arp(f)?.targetMac),
  'arp.dst.proto_ipv4': field('ipv4', (f) => arp(f)?.targetIp),
  'arp.isgratuitous': field('bool', (f) => { const a = arp(f); return a && a.senderIp === a.targetIp ? true : undefined; }),
  'arp.isprobe': field('bool', (f) => { const a = arp(f); return a && a.op === 1 && a.senderIp === 0 ? true : undefined; }),
  'arp.isannouncement': field('bool', (f) => { const a = arp(f); return a && a.op === 1 && a.senderIp === a.targetIp ? true : undefined; }),
};

const ip = (f: Dissected) => f.fragmentIpv4 ?? f.view.ipv4;
const IP: FieldTable = {
  'ip': field('protocol', (f) => layerBytes(f, 'ip')),
  'ip.version': field('u8', (f) => (ip(f) ? 4 : undefined)),
  'ip.hdr_len': field('u8', (f) => { const h = ip(f); return h ? h.ihl * 4 : undefined; }),
  'ip.dsfield': field('u8', (f) => ip(f)?.dscpEcn),
  'ip.dsfield.dscp': field('u8', (f) => { const h = ip(f); return h ? h.dscpEcn >>> 2 : undefined; }),
  'ip.dsfield.ecn': field('u8', (f) => { const h = ip(f); return h ? h.dscpEcn & 3 : undefined; }),
  'ip.len': field('u16', (f) => ip(f)?.totalLength),
  'ip.id': field('u16', (f) => ip(f)?.ident),
  'ip.flags': field('u8', (f) => { const h = ip(f); return h ? (h.flags.rf ? 4 : 0) | (h.flags.df ? 2 : 0) | (h.flags.mf ? 1 : 0) : undefined; }),
  'ip.flags.rb': field('bool', (f) => ip(f)?.flags.rf),
  'ip.flags.df': field('bool', (f) => ip(f)?.flags.df),
  'ip.flags.mf': field('bool', (f) => ip(f)?.flags.mf),
  'ip.frag_offset': field('u16', (f) => ip(f)?.fragOffset), // in 8-byte units, as the header holds it
  'ip.ttl': field('u8', (f) => ip(f)?.ttl),
  'ip.proto': field('u8', (f) => ip(f)?.protocol),
  'ip.checksum': field('u16', (f) => ip(f)?.checksum),
  'ip.src': field('ipv4', (f) => ip(f)?.src),
  'ip.dst': field('ipv4', (f) => ip(f)?.dst),
  'ip.addr': many('ipv4', (f) => { const h = ip(f); return h ? [h.src, h.dst] : NONE; }),
};

const icmp = (f: Dissected) => f.view.icmp;
const echo = (f: Dissected) => { const m = icmp(f); return m && (m.kind === 'echoRequest' || m.kind === 'echoReply') ? m : undefined; };
const ICMP: FieldTable = {
  'icmp': field('protocol', (f) => layerBytes(f, 'icmp')),
  'icmp.type': field('u8', (f) => (icmp(f) ? capturedBytes(f)[f.view.transportOffset] : undefined)),
  'icmp.code': field('u8', (f) => icmp(f)?.code),
  'icmp.checksum': field('u16', (f) => icmp(f)?.checksum),
  'icmp.ident': field('u16', (f) => echo(f)?.id),
  'icmp.seq': field('u16', (f) => echo(f)?.seq),
  'icmp.seq_le': field('u16', (f) => { const e = echo(f); return e ? ((e.seq & 0xff) << 8) | (e.seq >>> 8) : undefined; }),
  'icmp.resp_to': field('framenum', (f) => (f.icmpRequestIn > 0 ? f.icmpRequestIn : undefined)),
};

const udp = (f: Dissected) => f.view.udp;
const UDP: FieldTable = {
  'udp': field('protocol', (f) => layerBytes(f, 'udp')),
  'udp.srcport': field('u16', (f) => udp(f)?.srcPort),
  'udp.dstport': field('u16', (f) => udp(f)?.dstPort),
  'udp.port': many('u16', (f) => { const u = udp(f); return u ? [u.srcPort, u.dstPort] : NONE; }),
  'udp.length': field('u16', (f) => udp(f)?.length),
  'udp.checksum': field('u16', (f) => udp(f)?.checksum),
  'udp.stream': field('u32', (f) => (udp(f) ? f.udpStream : undefined)),
  'udp.payload': field('bytes', (f) => udp(f)?.payload),
};

const DATA: FieldTable = {
  'data': many('protocol', (f) => dataBlocks(f)),
  'data.data': many('bytes', (f) => dataBlocks(f)),
  'data.len': many('i32', (f) => dataBlocks(f).map((b) => b.length)),
};

/**
 * Every block the Data dissector shows in the frame: an ICMP echo's data, a payload no
 * dissector takes, an HTTP body no Content-Type describes, and an HTTP continuation.
 */
function dataBlocks(f: Dissected): readonly Uint8Array[] {
  if (f.view.icmp) {
    const d = icmpEchoData(f);
    if (d) return [d];
    // an error quoting a datagram that carried more than its header (not DNS): that rest is Data
    const q = f.quoted;
    const m = f.view.icmp;
    if (q && q.rest > 0 && q.udpLength !== undefined && !q.dns && (m.kind === 'destUnreachable' || m.kind === 'timeExceeded')) {
      return [m.original.subarray((m.original[0]! & 0x0f) * 4 + 8)];
    }
    return NONE_BYTES;
  }
  // a fragment of a packet not (yet) whole: its bytes are Data
  const v4 = f.view.ipv4;
  if (v4 && !f.ipReassembly && (v4.flags.mf || v4.fragOffset !== 0) && f.cutLayer === undefined && !f.view.udp && !f.view.tcp) {
    return [f.record.data.subarray(f.view.networkOffset + v4.ihl * 4, f.view.networkOffset + v4.totalLength)];
  }
  if (hasData(f)) return [f.view.udp ? f.view.udp.payload : f.view.tcp!.payload];
  if (f.ndmp) return ndmpDataBlocks(f);
  const h = f.http;
  if (!h) return NONE_BYTES;
  const blocks: Uint8Array[] = [];
  if (h.message && (h.message.contentType === undefined || isOctetStream(h.message)) && h.message.body.length > 0) blocks.push(h.message.body);
  if (h.continuation) blocks.push(h.continuation);
  return blocks;
}

const NONE_BYTES: readonly Uint8Array[] = [];

/** Adds the ICMP-quoted packet's value(s) after the outer ones. */
function withQuoted(def: FieldDef, pick: (q: QuotedPacket) => Value | readonly Value[] | undefined): FieldDef {
  return {
    type: def.type,
    get: (f) => {
      const outer = def.get(f);
      const q = f.quoted;
      if (!q) return outer;
      const v = pick(q);
      if (v === undefined) return outer;
      return outer.concat(Array.isArray(v) ? v : [v as Value]);
    },
  };
}

const QUOTED: Readonly<Record<string, (q: QuotedPacket) => Value | readonly Value[] | undefined>> = {
  'ip': () => true,
  'ip.src': (q) => q.src,
  'ip.dst': (q) => q.dst,
  'ip.addr': (q) => [q.src, q.dst],
  'ip.ttl': (q) => q.ttl,
  'ip.proto': (q) => q.protocol,
  'ip.id': (q) => q.ident,
  'ip.flags.df': (q) => (q.fragWord & 0x4000) !== 0,
  'ip.flags.mf': (q) => (q.fragWord & 0x2000) !== 0,
  'ip.frag_offset': (q) => (q.fragWord & 0x1fff) * 8,
  'ip.len': (q) => q.totalLength,
  'udp': (q) => (q.udpLength !== undefined ? true : undefined),
  'udp.srcport': (q) => (q.udpLength !== undefined ? q.srcPort : undefined),
  'udp.dstport': (q) => (q.udpLength !== undefined ? q.dstPort : undefined),
  'udp.port': (q) => (q.udpLength !== undefined ? [q.srcPort!, q.dstPort!] : undefined),
  'udp.length': (q) => q.udpLength,
  'tcp': (q) => (q.tcpSeq !== undefined ? true : undefined),
  'tcp.srcport': (q) => (q.tcpSeq !== undefined ? q.srcPort : undefined),
  'tcp.dstport': (q) => (q.tcpSeq !== undefined ? q.dstPort : undefined),
  'tcp.port': (q) => (q.tcpSeq !== undefined ? [q.srcPort!, q.dstPort!] : undefined),
  'tcp.seq_raw': (q) => q.tcpSeq,
  'icmp.type': (q) => q.icmpType,
  'icmp.code': (q) => q.icmpCode,
  'icmp.ident': (q) => q.icmpId,
  'icmp.seq': (q) => q.icmpSeq,
  'dns': (q) => (q.dns ? true : undefined),
};

function build(): FieldTable {
  const all: Record<string, FieldDef> = { ...FRAME, ...LINK, ...ARP, ...IP, ...ipv6Fields(), ...ICMP, ...igmpFields(), ...UDP, ...tcpFields(), ...dnsFields(), ...httpFields(), ...bodyFields(), ...tlsFields(), ...ndmpFields(), ...ircFields(), ...DATA };
  for (const [name, pick] of Object.entries(QUOTED)) all[name] = withQuoted(all[name]!, pick);
  withQuotedUdp6(all);
  return all;
}

export const FIELDS: FieldTable = build();

export { flagWord };

/** Wireshark's words for a type, as its error messages use them. */
export function typeName(t: FieldType): string {
  switch (t) {
    case 'u8': return 'Unsigned integer (1 byte)';
    case 'u16': return 'Unsigned integer (2 bytes)';
    case 'u24': return 'Unsigned integer (3 bytes)';
    case 'u32': return 'Unsigned integer (4 bytes)';
    case 'i32': return 'Signed integer (4 bytes)';
    case 'bool': return 'Boolean';
    case 'ipv4': return 'IPv4 address';
    case 'ipv6': return 'IPv6 address';
    case 'ether': return 'Ethernet or other MAC address';
    case 'string': return 'Character string';
    case 'bytes': return 'Byte sequence';
    case 'protocol': return 'Protocol';
    case 'framenum': return 'Frame number';
    case 'time': return 'Time offset';
    case 'none': return 'Label';
  }
}
