/**
 * ICMP in the details pane (packet-icmp.c): type, code, checksum (ICMP's is checked by
 * default), then for echoes the id and sequence number both ways round, the request a reply
 * answers with the response time, the timestamp Linux ping puts in the data, and the data;
 * for errors the quoted IPv4 header and UDP header (a quoted TCP or ICMP header is not
 * detailed yet).
 */
import { ICMP_FRAG_NEEDED } from '../../stack/wire/icmp.ts';
import { parseQuotedIpv4 } from '../../stack/wire/ipv4.ts';
import { capturedBytes } from '../filter/fields-tcp.ts';
import { verifyIcmpChecksum } from '../../stack/wire/icmp.ts';
import { parseUdp, type UdpDatagram } from '../../stack/wire/udp.ts';
import { capturedPart } from '../cut.ts';
import type { Dissected } from '../dissect.ts';
import { icmpCodeName, icmpType, icmpTypeName } from '../info-icmp.ts';
import { diff, formatArrival, formatSeconds, type Stamp } from '../time.ts';
import { ipv4Section } from './ipv4.ts';
import { dnsMessageSection } from './dns.ts';
import { quotedDns } from '../inner.ts';
import { hex4, NOT_DETAILED, type Tree } from './text.ts';
import { dataSection, udpLines } from './udp.ts';


const swap16 = (x: number): number => ((x & 0xff) << 8) | (x >>> 8);
const u32be = (b: Uint8Array, o: number): number => ((b[o]! << 24) >>> 0) + ((b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!);
const u32le = (b: Uint8Array, o: number): number => ((b[o + 3]! << 24) >>> 0) + ((b[o + 2]! << 16) | (b[o + 1]! << 8) | b[o]!);

/** The timeval tshark finds in echo data when it is within a day of the frame (BE first, then LE). */
function dataTimestamp(data: Uint8Array, frame: Stamp): Stamp | undefined {
  if (data.length < 8) return undefined;
  const fits = (sec: number, usec: number): boolean => Math.abs(sec - frame.sec) < 86400 && usec < 1_000_000;
  let sec = u32be(data, 0);
  let usec = u32be(data, 4);
  if (!fits(sec, usec)) {
    sec = u32le(data, 0);
    usec = u32le(data, 4);
  }
  return fits(sec, usec) ? { sec, nsec: usec * 1000 } : undefined;
}

/** The bytes of an echo's payload that tshark hands to Data (after a timestamp it recognised). */
export function icmpEchoData(f: Dissected): Uint8Array | undefined {
  const m = f.view.icmp;
  if (!m || (m.kind !== 'echoRequest' && m.kind !== 'echoReply')) return undefined;
  const data = dataTimestamp(m.data, f.time) ? m.data.subarray(8) : m.data;
  return data.length > 0 ? data : undefined;
}

/** A response time in milliseconds (nstime_to_msec), as ICMP and ICMPv6 keep it: an FT_DOUBLE. */
export function responseMs(rt: Stamp): number {
  return rt.sec * 1000 + rt.nsec / 1e6;
}

/** An FT_DOUBLE as tshark's JSON prints it: %.15g. */
export function msValue(ms: number): string {
  return String(Number(ms.toPrecision(15)));
}

/** Type, code, checksum: the head of an ICMP message, or of one quoted by an error (checksum unchecked). */
function headLines(t: Tree, base: number, type: number, code: number, checksum: string, status: number, statusText: string): void {
  t.proto(base, 'icmp', 'Internet Control Message Protocol');
  t.field(base + 1, 'icmp.type', type, `Type: ${type} (${icmpTypeName(type)})`);
  const codeName = icmpCodeName(type, code);
  t.field(base + 1, 'icmp.code', code, `Code: ${code}${codeName !== undefined ? ` (${codeName})` : ''}`);
  t.field(base + 1, 'icmp.checksum', checksum.slice(0, 6), `Checksum: ${checksum}`);
  t.field(base + 1, 'icmp.checksum.status', status, `[Checksum Status: ${statusText}]`);
}

/** An echo's identifier and sequence number, both ways round as packet-icmp.c shows them. */
function echoIdLines(t: Tree, depth: number, id: number, seq: number): void {
  const both = (abbrev: string, label: string, v: number): void => {
    t.field(depth, `icmp.${abbrev}`, v, `${label} (BE): ${v} (${hex4(v)})`);
    t.field(depth, `icmp.${abbrev}_le`, swap16(v), `${label} (LE): ${swap16(v)} (${hex4(swap16(v))})`);
  };
  both('ident', 'Identifier', id);
  both('seq', 'Sequence Number', seq);
}

export function icmpSection(t: Tree, f: Dissected): void {
  const m = f.view.icmp!;
  const at = f.view.transportOffset;
  const end = f.view.networkOffset + f.view.ipv4!.totalLength;
  const ck = verifyIcmpChecksum(capturedBytes(f), at, end);
  headLines(t, 0, icmpType(m), m.code, `${hex4(m.checksum)} ${ck.ok ? '[correct]' : `[incorrect, should be ${hex4(ck.expected)}]`}`, ck.ok ? 1 : 0, ck.ok ? 'Good' : 'Bad');
  if (m.kind === 'echoRequest' || m.kind === 'echoReply') {
    echoIdLines(t, 1, m.id, m.seq);
    if (m.kind === 'echoReply' && f.icmpRequestIn > 0) {
      t.field(1, 'icmp.resp_to', f.icmpRequestIn, `[Request frame: ${f.icmpRequestIn}]`);
      const ms = responseMs(f.icmpResponseTime!);
      t.field(1, 'icmp.resptime', msValue(ms), `[Response time: ${ms.toFixed(3)} ms]`);
    }
    const ts = dataTimestamp(m.data, f.time);
    if (ts) {
      t.field(1, 'icmp.data_time', formatArrival(ts, 9), `Timestamp from icmp data: ${formatArrival(ts, 9)}`);
      const rel = formatSeconds(diff(f.time, ts), 9);
      t.field(1, 'icmp.data_time_relative', rel, `[Timestamp from icmp data (relative): ${rel} seconds]`);
    }
    const data = icmpEchoData(f);
    if (data) dataSection(t, capturedPart(f, data), 1);
    return;
  }
  if (m.kind === 'destUnreachable' && m.code === ICMP_FRAG_NEEDED) {
    // RFC 1191: 16 unused bits, then the next hop's MTU
    t.field(1, 'icmp.unused', Uint8Array.of(m.unused >>> 8, m.unused & 0xff), `Unused: ${m.unused.toString(16).padStart(4, '0')}`);
    t.field(1, 'icmp.mtu', m.nextHopMtu, `MTU of next hop: ${m.nextHopMtu}`);
    errorBody(t, f, undefined, m.original);
    return;
  }
  if (m.kind === 'destUnreachable' || m.kind === 'timeExceeded') {
    errorBody(t, f, m.kind === 'destUnreachable' ? (m.unused << 16) | m.nextHopMtu : m.unused, m.original);
    return;
  }
  t.line(1, NOT_DETAILED);
}

/** `unused`: the 32 unused bits before the quote, printed (undefined: the caller printed that word) */
function errorBody(t: Tree, f: Dissected, unused: number | undefined, original: Uint8Array): void {
  if (unused !== undefined) {
    const u32 = unused >>> 0;
    t.field(1, 'icmp.unused', Uint8Array.of(u32 >>> 24, (u32 >>> 16) & 0xff, (u32 >>> 8) & 0xff, u32 & 0xff), `Unused: ${u32.toString(16).padStart(8, '0')}`);
  }
  const ip = parseQuotedIpv4(original); // its total length is the original packet's, longer than the quote
  if (!ip.ok) {
    t.line(1, NOT_DETAILED);
    return;
  }
  ipv4Section(t, ip.value, 1);
  if (ip.value.protocol === 1 && original.length >= ip.end + 8) {
    const b = original;
    const o = ip.end;
    const type = b[o]!;
    headLines(t, 1, type, b[o + 1]!, `${hex4((b[o + 2]! << 8) | b[o + 3]!)} [unverified] [in ICMP error packet]`, 2, 'Unverified');
    if (type === 8 || type === 0) echoIdLines(t, 2, (b[o + 4]! << 8) | b[o + 5]!, (b[o + 6]! << 8) | b[o + 7]!);
    else t.line(2, NOT_DETAILED);
    return;
  }
  if (ip.value.protocol !== 17) {
    t.line(1, NOT_DETAILED);
    return;
  }
  const u = parseUdp(original, ip.end, ip.value.totalLength);
  if (u.ok) {
    quotedUdpSection(t, f, u.value);
    return;
  }
  // a datagram longer than the quote (a long one, or its first fragment): its header, and what was quoted of the rest
  const o = ip.end;
  if (original.length < o + 8 || ((original[o + 4]! << 8) | original[o + 5]!) < 8) {
    t.line(1, NOT_DETAILED);
    return;
  }
  quotedUdpSection(t, f, {
    srcPort: (original[o]! << 8) | original[o + 1]!, dstPort: (original[o + 2]! << 8) | original[o + 3]!,
    length: (original[o + 4]! << 8) | original[o + 5]!, checksum: (original[o + 6]! << 8) | original[o + 7]!, payload: original.subarray(o + 8),
  });
}

/** A UDP datagram quoted by an ICMP or ICMPv6 error, and the DNS message or data it carries. */
export function quotedUdpSection(t: Tree, f: Dissected, d: UdpDatagram): void {
  udpLines(t, 1, d, f.quotedUdpStream, d.payload);
  const dns = quotedDns(d.srcPort, d.dstPort, d.payload);
  if (dns) dnsMessageSection(t, dns, d.payload, 'DNS', undefined);
  else if (d.payload.length > 0) dataSection(t, d.payload);
}
