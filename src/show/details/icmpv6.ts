/**
 * ICMPv6 in the details pane (packet-icmpv6.c): type, code, checksum (checked, as tshark does
 * by default), then per type: echoes (id, sequence, the request a reply answers, data);
 * errors (MTU / pointer / reserved, then the quoted IPv6 header and UDP datagram); Neighbor
 * Discovery (RS, RA, NS, NA) with the link-layer address, prefix, MTU and nonce options; MLD
 * v1 and the MLDv2 report. Redirects, other options, MLDv2 queries with sources and other
 * types print the not-detailed line.
 */
import { formatMac, readMac } from '../../stack/wire/addr.ts';
import { u16, u32 } from '../../stack/wire/bytes.ts';
import { verifyIcmpv6Checksum, type Icmpv6Message, type Icmpv6Nd, type NdOption } from '../../stack/wire/icmpv6.ts';
import { formatIpv6Addr } from '../../stack/wire/ipv6-addr.ts';
import { capturedPart } from '../cut.ts';
import type { Dissected } from '../dissect.ts';
import { icmpv6CodeName, icmpv6TypeName } from '../info-icmpv6.ts';
import { macWithName } from '../names.ts';
import { msValue, quotedUdpSection, responseMs } from './icmp.ts';
import { expertItem } from './expert.ts';
import { dataSection } from './udp.ts';
import { ipv6Section } from './ipv6.ts';
import { bits, hex4, NOT_DETAILED, type Tree } from './text.ts';

const hex8 = (n: number): string => (n >>> 0).toString(16).padStart(8, '0');
const hexBytes = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const hex2 = (n: number): string => `0x${n.toString(16).padStart(2, '0')}`;
const be32 = (n: number): Uint8Array => Uint8Array.of(n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
const setText = (on: boolean): string => (on ? 'Set' : 'Not set');

/** `icmpv6.reserved` (FT_BYTES): -V shows the bytes as one hex string, JSON colon-separated. */
function reservedField(t: Tree, depth: number, bytes: Uint8Array): void {
  t.field(depth, 'icmpv6.reserved', bytes, `Reserved: ${hexBytes(bytes)}`);
}

/** An ND option's item with its type and length (RFC 4861 §4.6: the length counts 8-byte units). */
function optionHead(t: Tree, o: NdOption, text: string, name: string): void {
  t.none(1, 'icmpv6.opt', text);
  t.field(2, 'icmpv6.opt.type', o.type, `Type: ${name} (${o.type})`);
  t.field(2, 'icmpv6.opt.length', o.length, `Length: ${o.length} (${o.bytes.length} bytes)`);
}

export function icmpv6Section(t: Tree, f: Dissected): void {
  const m = f.view.icmpv6!;
  const ip = f.view.ipv6!;
  const at = f.view.transportOffset;
  t.proto(0, 'icmpv6', 'Internet Control Message Protocol v6');
  t.field(1, 'icmpv6.type', m.type, `Type: ${icmpv6TypeName(m.type) ?? 'Unknown'} (${m.type})`);
  const code = icmpv6CodeName(m.type, m.code);
  t.field(1, 'icmpv6.code', m.code, `Code: ${m.code}${code !== undefined ? ` (${code})` : ''}`);
  checksumLines(t, m, verifyIcmpv6Checksum(f.bytes, ip.src, ip.dst, at, f.view.networkOffset + 40 + ip.payloadLength));
  if (m.kind === 'echo') {
    t.field(1, 'icmpv6.echo.identifier', hex4(m.id), `Identifier: ${hex4(m.id)}`);
    t.field(1, 'icmpv6.echo.sequence_number', m.seq, `Sequence: ${m.seq}`);
    if (m.type === 129 && f.icmpRequestIn > 0) {
      const ms = responseMs(f.icmpResponseTime!);
      t.field(1, 'icmpv6.resp_to', f.icmpRequestIn, `[Response To: ${f.icmpRequestIn}]`);
      t.field(1, 'icmpv6.resptime', msValue(ms), `[Response Time: ${ms.toFixed(3)} ms]`);
    }
    if (m.data.length > 0) dataSection(t, capturedPart(f, m.data), 1);
  } else if (m.kind === 'error') errorBody(t, f, m.type, m.param);
  else if (m.kind === 'nd') ndBody(t, m);
  else if (!mldBody(t, m.type, m.rest)) t.line(1, NOT_DETAILED);
}

function checksumLines(t: Tree, m: Icmpv6Message, ck: { ok: boolean; expected: number }): void {
  if (ck.ok) {
    t.field(1, 'icmpv6.checksum', hex4(m.checksum), `Checksum: ${hex4(m.checksum)} [correct]`);
    t.field(1, 'icmpv6.checksum.status', 1, '[Checksum Status: Good]');
    return;
  }
  t.field(1, 'icmpv6.checksum', hex4(m.checksum), `Checksum: ${hex4(m.checksum)} incorrect, should be ${hex4(ck.expected)}`);
  expertItem(t, 2, 'icmpv6.checksum_bad.expert', 'Warning', 'Checksum', `Bad checksum [should be ${hex4(ck.expected)}]`);
  t.field(1, 'icmpv6.checksum.status', 0, '[Checksum Status: Bad]');
}

/** Errors (RFC 4443 §3): the 32-bit parameter, then the invoking packet as far as it is quoted. */
function errorBody(t: Tree, f: Dissected, type: number, param: number): void {
  if (type === 2) t.field(1, 'icmpv6.mtu', param, `MTU: ${param}`);
  else if (type === 4) t.field(1, 'icmpv6.pointer', param, `Pointer: ${param}`);
  else reservedField(t, 1, be32(param));
  const q = f.quoted6;
  if (!q) {
    t.line(1, NOT_DETAILED);
    return;
  }
  ipv6Section(t, q.ip, 1);
  if (q.udp) quotedUdpSection(t, f, q.udp);
  else t.line(1, NOT_DETAILED);
}

const PRF = ['Medium', 'High', undefined, 'Low'];

function ndBody(t: Tree, m: Icmpv6Nd): void {
  const b = m.fixed;
  if (m.type === 133) reservedField(t, 1, b.subarray(0, 4));
  else if (m.type === 134) {
    const flags = b[1]!;
    const prf = PRF[(flags >>> 3) & 3];
    if (prf === undefined) {
      t.line(1, NOT_DETAILED);
      return;
    }
    const names = [flags & 0x80 ? 'Managed address configuration' : '', flags & 0x40 ? 'Other configuration' : '', flags & 0x20 ? 'Home Agent' : '',
      `Prf (Default Router Preference): ${prf}`, flags & 0x04 ? 'Proxy' : ''].filter((x) => x);
    const flag = (abbrev: string, mask: number, name: string): void =>
      t.field(2, `icmpv6.nd.ra.flag.${abbrev}`, (flags & mask) !== 0, `${bits(8, mask, flags)} = ${name}: ${setText((flags & mask) !== 0)}`);
    t.field(1, 'icmpv6.nd.ra.cur_hop_limit', b[0]!, `Cur hop limit: ${b[0]}`);
    t.field(1, 'icmpv6.nd.ra.flag', hex2(flags), `Flags: ${hex2(flags)}, ${names.join(', ')}`);
    flag('m', 0x80, 'Managed address configuration');
    flag('o', 0x40, 'Other configuration');
    flag('h', 0x20, 'Home Agent');
    t.field(2, 'icmpv6.nd.ra.flag.prf', (flags >>> 3) & 3, `${bits(8, 0x18, flags)} = Prf (Default Router Preference): ${prf} (${(flags >>> 3) & 3})`);
    flag('p', 0x04, 'Proxy');
    t.field(2, 'icmpv6.nd.ra.flag.rsv', flags & 3, `${bits(8, 0x03, flags)} = Reserved: ${flags & 3}`);
    t.field(1, 'icmpv6.nd.ra.router_lifetime', u16(b, 2), `Router lifetime (s): ${u16(b, 2)}`);
    t.field(1, 'icmpv6.nd.ra.reachable_time', u32(b, 4), `Reachable time (ms): ${u32(b, 4)}`);
    t.field(1, 'icmpv6.nd.ra.retrans_timer', u32(b, 8), `Retrans timer (ms): ${u32(b, 8)}`);
  } else if (m.type === 135) {
    reservedField(t, 1, b.subarray(0, 4));
    t.field(1, 'icmpv6.nd.ns.target_address', formatIpv6Addr(b, 4), `Target Address: ${formatIpv6Addr(b, 4)}`);
  } else if (m.type === 136) {
    const w = u32(b, 0);
    const names = [w & 0x80000000 ? 'Router' : '', w & 0x40000000 ? 'Solicited' : '', w & 0x20000000 ? 'Override' : ''].filter((x) => x);
    const flag = (abbrev: string, mask: number, name: string): void =>
      t.field(2, `icmpv6.nd.na.flag.${abbrev}`, (w & mask) !== 0, `${bits(32, mask, w)} = ${name}: ${setText((w & mask) !== 0)}`);
    t.field(1, 'icmpv6.nd.na.flag', `0x${hex8(w)}`, `Flags: 0x${hex8(w)}${names.map((n) => `, ${n}`).join('')}`);
    flag('r', 0x80000000, 'Router');
    flag('s', 0x40000000, 'Solicited');
    flag('o', 0x20000000, 'Override');
    t.field(2, 'icmpv6.nd.na.flag.rsv', w & 0x1fffffff, `${bits(32, 0x1fffffff, w)} = Reserved: ${w & 0x1fffffff}`);
    t.field(1, 'icmpv6.nd.na.target_address', formatIpv6Addr(b, 4), `Target Address: ${formatIpv6Addr(b, 4)}`);
  } else {
    t.line(1, NOT_DETAILED);
    return;
  }
  for (const o of m.options) if (!optionSection(t, o)) return;
}

const LINK_ADDRESS = { 1: 'Source link-layer address', 2: 'Target link-layer address' } as const;

/** One ND option (RFC 4861 §4.6, RFC 3971 §5.3.2 for the nonce); false (after the not-detailed line) for one it does not detail. */
function optionSection(t: Tree, o: NdOption): boolean {
  const b = o.bytes;
  if ((o.type === 1 || o.type === 2) && o.length === 1) {
    const name = LINK_ADDRESS[o.type];
    const mac = readMac(b, 2);
    const bytes = b.subarray(2, 8);
    optionHead(t, o, `ICMPv6 Option (${name} : ${formatMac(mac)})`, name);
    t.field(2, 'icmpv6.opt.linkaddr', bytes, `Link-layer address: ${macWithName(mac)}`);
    t.hidden(2, o.type === 1 ? 'icmpv6.opt.src_linkaddr' : 'icmpv6.opt.target_linkaddr', bytes);
    return true;
  }
  if (o.type === 3 && o.length === 4 && b[2]! <= 128 && (b[3]! & 0x1f) === 0 && u32(b, 12) === 0) {
    const flags = b[3]!;
    const names = [flags & 0x80 ? 'On-link flag(L)' : '', flags & 0x40 ? 'Autonomous address-configuration flag(A)' : '', flags & 0x20 ? 'Router address flag(R)' : ''].filter((x) => x);
    const lifetime = (v: number): string => (v === 0xffffffff ? `Infinity (${v})` : `${v}`);
    const flag = (abbrev: string, mask: number, name: string): void =>
      t.field(3, `icmpv6.opt.prefix.flag.${abbrev}`, (flags & mask) !== 0, `${bits(8, mask, flags)} = ${name}: ${setText((flags & mask) !== 0)}`);
    optionHead(t, o, `ICMPv6 Option (Prefix information : ${formatIpv6Addr(b, 16)}/${b[2]})`, 'Prefix information');
    t.field(2, 'icmpv6.opt.prefix.length', b[2]!, `Prefix Length: ${b[2]}`);
    t.field(2, 'icmpv6.opt.prefix.flag', hex2(flags), `Flag: ${hex2(flags)}${names.map((n) => `, ${n}`).join('')}`);
    flag('l', 0x80, 'On-link flag(L)');
    flag('a', 0x40, 'Autonomous address-configuration flag(A)');
    flag('r', 0x20, 'Router address flag(R)');
    t.field(3, 'icmpv6.opt.prefix.flag.reserved', 0, `${bits(8, 0x1f, flags)} = Reserved: 0`);
    t.field(2, 'icmpv6.opt.prefix.valid_lifetime', u32(b, 4), `Valid Lifetime: ${lifetime(u32(b, 4))}`);
    t.field(2, 'icmpv6.opt.prefix.preferred_lifetime', u32(b, 8), `Preferred Lifetime: ${lifetime(u32(b, 8))}`);
    t.none(2, 'icmpv6.opt.reserved', 'Reserved');
    t.field(2, 'icmpv6.opt.prefix', formatIpv6Addr(b, 16), `Prefix: ${formatIpv6Addr(b, 16)}`);
    return true;
  }
  if (o.type === 5 && o.length === 1 && u16(b, 2) === 0) {
    optionHead(t, o, `ICMPv6 Option (MTU : ${u32(b, 4)})`, 'MTU');
    t.none(2, 'icmpv6.opt.reserved', 'Reserved');
    t.field(2, 'icmpv6.opt.mtu', u32(b, 4), `MTU: ${u32(b, 4)}`);
    return true;
  }
  if (o.type === 14) {
    optionHead(t, o, 'ICMPv6 Option (Nonce)', 'Nonce');
    t.field(2, 'icmpv6.opt.nonce', b.subarray(2), `Nonce: ${hexBytes(b.subarray(2))}`);
    return true;
  }
  t.line(1, NOT_DETAILED);
  return false;
}

const RECORD_TYPES = ['', 'Include', 'Exclude', 'Changed to include', 'Changed to exclude', 'Allow new sources', 'Block old sources'];

/** MLD v1 (RFC 2710 §3), a v2 query without sources (RFC 3810 §5.1) and the v2 report (§5.2); false for anything else. */
function mldBody(t: Tree, type: number, rest: Uint8Array): boolean {
  if (type >= 130 && type <= 132 && rest.length === 20) {
    t.field(1, 'icmpv6.mld.maximum_response_delay', u16(rest, 0), `Maximum Response Delay [ms]: ${u16(rest, 0)}`);
    reservedField(t, 1, rest.subarray(2, 4));
    t.field(1, 'icmpv6.mld.multicast_address', formatIpv6Addr(rest, 4), `Multicast Address: ${formatIpv6Addr(rest, 4)}`);
    return true;
  }
  if (type === 130 && rest.length === 24 && u16(rest, 0) < 0x8000 && rest[21]! < 128 && u16(rest, 22) === 0 && (rest[20]! & 0xf0) === 0) {
    const flags = rest[20]!;
    t.field(1, 'icmpv6.mld.maximum_response_code', u16(rest, 0), `Maximum Response Code: ${u16(rest, 0)}`);
    reservedField(t, 1, rest.subarray(2, 4));
    t.field(1, 'icmpv6.mld.multicast_address', formatIpv6Addr(rest, 4), `Multicast Address: ${formatIpv6Addr(rest, 4)}`);
    t.field(1, 'icmpv6.mld.flag', hex2(flags), `Flags: ${hex2(flags)}${flags & 0x08 ? ', Suppress Router-Side Processing' : ''}`);
    t.field(2, 'icmpv6.mld.flag.s', (flags & 0x08) !== 0, `${bits(8, 0x08, flags)} = Suppress Router-Side Processing: ${flags & 0x08 ? 'True' : 'False'}`);
    t.field(2, 'icmpv6.mld.flag.qrv', flags & 7, `${bits(8, 0x07, flags)} = QRV (Querier's Robustness Variable): ${flags & 7}`);
    t.field(2, 'icmpv6.mld.flag.reserved', 0, `${bits(8, 0xf0, flags)} = Reserved: 0`);
    t.field(1, 'icmpv6.mld.qqi', rest[21]!, `QQIC (Querier's Query Interval Code): ${rest[21]}`);
    t.field(1, 'icmpv6.mld.nb_sources', 0, 'Number of Sources: 0');
    return true;
  }
  return type === 143 && mldv2Report(t, rest);
}

function mldv2Report(t: Tree, rest: Uint8Array): boolean {
  if (rest.length < 4) return false;
  const count = u16(rest, 2);
  reservedField(t, 1, rest.subarray(0, 2));
  t.field(1, 'icmpv6.mldr.nb_mcast_records', count, `Number of Multicast Address Records: ${count}`);
  let at = 4;
  for (let i = 0; i < count; i++) {
    const type = rest[at];
    if (at + 20 > rest.length || type === undefined || type < 1 || type > 6) {
      t.line(1, NOT_DETAILED);
      return true;
    }
    const aux = rest[at + 1]!;
    const sources = u16(rest, at + 2);
    const end = at + 20 + sources * 16 + aux * 4;
    if (end > rest.length) {
      t.line(1, NOT_DETAILED);
      return true;
    }
    const group = formatIpv6Addr(rest, at + 4);
    t.none(1, 'icmpv6.mldr.mar', `Multicast Address Record ${RECORD_TYPES[type]}: ${group}`);
    t.field(2, 'icmpv6.mldr.mar.record_type', type, `Record Type: ${RECORD_TYPES[type]} (${type})`);
    t.field(2, 'icmpv6.mldr.mar.aux_data_len', aux, `Aux Data Len: ${aux}`);
    t.field(2, 'icmpv6.mldr.mar.nb_sources', sources, `Number of Sources: ${sources}`);
    t.field(2, 'icmpv6.mldr.mar.multicast_address', group, `Multicast Address: ${group}`);
    for (let s = 0; s < sources; s++) {
      const source = formatIpv6Addr(rest, at + 20 + s * 16);
      t.field(2, 'icmpv6.mldr.mar.source_address', source, `Source Address: ${source}`);
    }
    const auxData = rest.subarray(end - aux * 4, end);
    if (aux > 0) t.field(2, 'icmpv6.mldr.mar.auxiliary_data', auxData, `Auxiliary Data: ${hexBytes(auxData)}`);
    at = end;
  }
  return true;
}
