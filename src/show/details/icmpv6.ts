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
import { quotedUdpSection } from './icmp.ts';
import { dataSection } from './udp.ts';
import { ipv6Section } from './ipv6.ts';
import { bits, hex4, NOT_DETAILED, type Tree } from './text.ts';

const hex8 = (n: number): string => (n >>> 0).toString(16).padStart(8, '0');
const hexBytes = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const setText = (on: boolean): string => (on ? 'Set' : 'Not set');

export function icmpv6Section(t: Tree, f: Dissected): void {
  const m = f.view.icmpv6!;
  const ip = f.view.ipv6!;
  const at = f.view.transportOffset;
  t.line(0, 'Internet Control Message Protocol v6');
  t.line(1, `Type: ${icmpv6TypeName(m.type) ?? 'Unknown'} (${m.type})`);
  const code = icmpv6CodeName(m.type, m.code);
  t.line(1, `Code: ${m.code}${code !== undefined ? ` (${code})` : ''}`);
  checksumLines(t, m, verifyIcmpv6Checksum(f.bytes, ip.src, ip.dst, at, f.view.networkOffset + 40 + ip.payloadLength));
  if (m.kind === 'echo') {
    t.line(1, `Identifier: ${hex4(m.id)}`);
    t.line(1, `Sequence: ${m.seq}`);
    if (m.type === 129 && f.icmpRequestIn > 0) {
      const rt = f.icmpResponseTime!;
      t.line(1, `[Response To: ${f.icmpRequestIn}]`);
      t.line(1, `[Response Time: ${((rt.sec * 1e9 + rt.nsec) / 1e6).toFixed(3)} ms]`);
    }
    if (m.data.length > 0) dataSection(t, capturedPart(f, m.data), 1);
  } else if (m.kind === 'error') errorBody(t, f, m.type, m.param);
  else if (m.kind === 'nd') ndBody(t, m);
  else if (!mldBody(t, m.type, m.rest)) t.line(1, NOT_DETAILED);
}

function checksumLines(t: Tree, m: Icmpv6Message, ck: { ok: boolean; expected: number }): void {
  if (ck.ok) {
    t.line(1, `Checksum: ${hex4(m.checksum)} [correct]`);
    t.line(1, '[Checksum Status: Good]');
    return;
  }
  const why = `Bad checksum [should be ${hex4(ck.expected)}]`;
  t.line(1, `Checksum: ${hex4(m.checksum)} incorrect, should be ${hex4(ck.expected)}`);
  t.line(2, `[Expert Info (Warning/Checksum): ${why}]`);
  t.line(3, `[${why}]`);
  t.line(3, '[Severity level: Warning]');
  t.line(3, '[Group: Checksum]');
  t.line(1, '[Checksum Status: Bad]');
}

/** Errors (RFC 4443 §3): the 32-bit parameter, then the invoking packet as far as it is quoted. */
function errorBody(t: Tree, f: Dissected, type: number, param: number): void {
  if (type === 2) t.line(1, `MTU: ${param}`);
  else if (type === 4) t.line(1, `Pointer: ${param}`);
  else t.line(1, `Reserved: ${hex8(param)}`);
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
  if (m.type === 133) t.line(1, `Reserved: ${hex8(u32(b, 0))}`);
  else if (m.type === 134) {
    const flags = b[1]!;
    const prf = PRF[(flags >>> 3) & 3];
    if (prf === undefined) {
      t.line(1, NOT_DETAILED);
      return;
    }
    const names = [flags & 0x80 ? 'Managed address configuration' : '', flags & 0x40 ? 'Other configuration' : '', flags & 0x20 ? 'Home Agent' : '',
      `Prf (Default Router Preference): ${prf}`, flags & 0x04 ? 'Proxy' : ''].filter((x) => x);
    t.line(1, `Cur hop limit: ${b[0]}`);
    t.line(1, `Flags: 0x${flags.toString(16).padStart(2, '0')}, ${names.join(', ')}`);
    t.line(2, `${bits(8, 0x80, flags)} = Managed address configuration: ${setText((flags & 0x80) !== 0)}`);
    t.line(2, `${bits(8, 0x40, flags)} = Other configuration: ${setText((flags & 0x40) !== 0)}`);
    t.line(2, `${bits(8, 0x20, flags)} = Home Agent: ${setText((flags & 0x20) !== 0)}`);
    t.line(2, `${bits(8, 0x18, flags)} = Prf (Default Router Preference): ${prf} (${(flags >>> 3) & 3})`);
    t.line(2, `${bits(8, 0x04, flags)} = Proxy: ${setText((flags & 0x04) !== 0)}`);
    t.line(2, `${bits(8, 0x03, flags)} = Reserved: ${flags & 3}`);
    t.line(1, `Router lifetime (s): ${u16(b, 2)}`);
    t.line(1, `Reachable time (ms): ${u32(b, 4)}`);
    t.line(1, `Retrans timer (ms): ${u32(b, 8)}`);
  } else if (m.type === 135) {
    t.line(1, `Reserved: ${hex8(u32(b, 0))}`);
    t.line(1, `Target Address: ${formatIpv6Addr(b, 4)}`);
  } else if (m.type === 136) {
    const w = u32(b, 0);
    const names = [w & 0x80000000 ? 'Router' : '', w & 0x40000000 ? 'Solicited' : '', w & 0x20000000 ? 'Override' : ''].filter((x) => x);
    t.line(1, `Flags: 0x${hex8(w)}${names.map((n) => `, ${n}`).join('')}`);
    t.line(2, `${bits(32, 0x80000000, w)} = Router: ${setText((w & 0x80000000) !== 0)}`);
    t.line(2, `${bits(32, 0x40000000, w)} = Solicited: ${setText((w & 0x40000000) !== 0)}`);
    t.line(2, `${bits(32, 0x20000000, w)} = Override: ${setText((w & 0x20000000) !== 0)}`);
    t.line(2, `${bits(32, 0x1fffffff, w)} = Reserved: ${w & 0x1fffffff}`);
    t.line(1, `Target Address: ${formatIpv6Addr(b, 4)}`);
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
  const length = `Length: ${o.length} (${b.length} bytes)`;
  if ((o.type === 1 || o.type === 2) && o.length === 1) {
    const name = LINK_ADDRESS[o.type];
    const mac = readMac(b, 2);
    t.line(1, `ICMPv6 Option (${name} : ${formatMac(mac)})`);
    t.line(2, `Type: ${name} (${o.type})`);
    t.line(2, length);
    t.line(2, `Link-layer address: ${macWithName(mac)}`);
    return true;
  }
  if (o.type === 3 && o.length === 4 && b[2]! <= 128 && (b[3]! & 0x1f) === 0 && u32(b, 12) === 0) {
    const flags = b[3]!;
    const names = [flags & 0x80 ? 'On-link flag(L)' : '', flags & 0x40 ? 'Autonomous address-configuration flag(A)' : '', flags & 0x20 ? 'Router address flag(R)' : ''].filter((x) => x);
    const lifetime = (v: number): string => (v === 0xffffffff ? `Infinity (${v})` : `${v}`);
    t.line(1, `ICMPv6 Option (Prefix information : ${formatIpv6Addr(b, 16)}/${b[2]})`);
    t.line(2, 'Type: Prefix information (3)');
    t.line(2, length);
    t.line(2, `Prefix Length: ${b[2]}`);
    t.line(2, `Flag: 0x${flags.toString(16).padStart(2, '0')}${names.map((n) => `, ${n}`).join('')}`);
    t.line(3, `${bits(8, 0x80, flags)} = On-link flag(L): ${setText((flags & 0x80) !== 0)}`);
    t.line(3, `${bits(8, 0x40, flags)} = Autonomous address-configuration flag(A): ${setText((flags & 0x40) !== 0)}`);
    t.line(3, `${bits(8, 0x20, flags)} = Router address flag(R): ${setText((flags & 0x20) !== 0)}`);
    t.line(3, `${bits(8, 0x1f, flags)} = Reserved: 0`);
    t.line(2, `Valid Lifetime: ${lifetime(u32(b, 4))}`);
    t.line(2, `Preferred Lifetime: ${lifetime(u32(b, 8))}`);
    t.line(2, 'Reserved');
    t.line(2, `Prefix: ${formatIpv6Addr(b, 16)}`);
    return true;
  }
  if (o.type === 5 && o.length === 1 && u16(b, 2) === 0) {
    t.line(1, `ICMPv6 Option (MTU : ${u32(b, 4)})`);
    t.line(2, 'Type: MTU (5)');
    t.line(2, length);
    t.line(2, 'Reserved');
    t.line(2, `MTU: ${u32(b, 4)}`);
    return true;
  }
  if (o.type === 14) {
    t.line(1, 'ICMPv6 Option (Nonce)');
    t.line(2, 'Type: Nonce (14)');
    t.line(2, length);
    t.line(2, `Nonce: ${hexBytes(b.subarray(2))}`);
    return true;
  }
  t.line(1, NOT_DETAILED);
  return false;
}

const RECORD_TYPES = ['', 'Include', 'Exclude', 'Changed to include', 'Changed to exclude', 'Allow new sources', 'Block old sources'];

/** MLD v1 (RFC 2710 §3), a v2 query without sources (RFC 3810 §5.1) and the v2 report (§5.2); false for anything else. */
function mldBody(t: Tree, type: number, rest: Uint8Array): boolean {
  if (type >= 130 && type <= 132 && rest.length === 20) {
    t.line(1, `Maximum Response Delay [ms]: ${u16(rest, 0)}`);
    t.line(1, `Reserved: ${u16(rest, 2).toString(16).padStart(4, '0')}`);
    t.line(1, `Multicast Address: ${formatIpv6Addr(rest, 4)}`);
    return true;
  }
  if (type === 130 && rest.length === 24 && u16(rest, 0) < 0x8000 && rest[21]! < 128 && u16(rest, 22) === 0 && (rest[20]! & 0xf0) === 0) {
    const flags = rest[20]!;
    t.line(1, `Maximum Response Code: ${u16(rest, 0)}`);
    t.line(1, `Reserved: ${u16(rest, 2).toString(16).padStart(4, '0')}`);
    t.line(1, `Multicast Address: ${formatIpv6Addr(rest, 4)}`);
    t.line(1, `Flags: 0x${flags.toString(16).padStart(2, '0')}`);
    t.line(2, `${bits(8, 0x08, flags)} = Suppress Router-Side Processing: ${flags & 0x08 ? 'True' : 'False'}`);
    t.line(2, `${bits(8, 0x07, flags)} = QRV (Querier's Robustness Variable): ${flags & 7}`);
    t.line(2, `${bits(8, 0xf0, flags)} = Reserved: 0`);
    t.line(1, `QQIC (Querier's Query Interval Code): ${rest[21]}`);
    t.line(1, 'Number of Sources: 0');
    return true;
  }
  return type === 143 && mldv2Report(t, rest);
}

function mldv2Report(t: Tree, rest: Uint8Array): boolean {
  if (rest.length < 4) return false;
  const count = u16(rest, 2);
  t.line(1, `Reserved: ${u16(rest, 0).toString(16).padStart(4, '0')}`);
  t.line(1, `Number of Multicast Address Records: ${count}`);
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
    t.line(1, `Multicast Address Record ${RECORD_TYPES[type]}: ${group}`);
    t.line(2, `Record Type: ${RECORD_TYPES[type]} (${type})`);
    t.line(2, `Aux Data Len: ${aux}`);
    t.line(2, `Number of Sources: ${sources}`);
    t.line(2, `Multicast Address: ${group}`);
    for (let s = 0; s < sources; s++) t.line(2, `Source Address: ${formatIpv6Addr(rest, at + 20 + s * 16)}`);
    if (aux > 0) t.line(2, `Auxiliary Data: ${hexBytes(rest.subarray(end - aux * 4, end))}`);
    at = end;
  }
  return true;
}
