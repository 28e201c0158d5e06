/**
 * ICMP in the details pane (packet-icmp.c): type, code, checksum (ICMP's is checked by
 * default), then for echoes the id and sequence number both ways round, the request a reply
 * answers with the response time, the timestamp Linux ping puts in the data, and the data;
 * for errors the quoted IPv4 header and UDP header (a quoted TCP or ICMP header is not
 * detailed yet).
 */
import { parseIpv4 } from '../../stack/wire/ipv4.ts';
import { verifyIcmpChecksum } from '../../stack/wire/icmp.ts';
import { parseUdp, type UdpDatagram } from '../../stack/wire/udp.ts';
import { capturedPart } from '../cut.ts';
import type { Dissected } from '../dissect.ts';
import { icmpCodeName, icmpType, icmpTypeName } from '../info-icmp.ts';
import { diff, formatArrival, formatSeconds, type Stamp } from '../time.ts';
import { ipv4Section } from './ipv4.ts';
import { dnsMessageSection } from './dns.ts';
import { quotedDns } from '../inner.ts';
import { hex4, hexDump, hexValue, NOT_DETAILED, type Tree } from './text.ts';


const swap16 = (x: number): number => ((x & 0xff) << 8) | (x >>> 8);
const u32be = (b: Uint8Array, o: number): number => ((b[o]! << 24) >>> 0) + ((b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!);
const u32le = (b: Uint8Array, o: number): number => ((b[o + 3]! << 24) >>> 0) + ((b[o + 2]! << 16) | (b[o + 1]! << 8) | b[o]!);

export function dataLines(t: Tree, depth: number, data: Uint8Array): void {
  t.line(depth, `Data (${data.length} bytes)`);
  if (t.inlineHex) t.raw('\n' + hexDump(data));
  t.line(depth + 1, `Data: ${hexValue(data)}`);
  t.line(depth + 1, `[Length: ${data.length}]`);
}

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

export function icmpSection(t: Tree, f: Dissected): void {
  const m = f.view.icmp!;
  const type = icmpType(m);
  const at = f.view.transportOffset;
  const end = f.view.networkOffset + f.view.ipv4!.totalLength;
  t.line(0, 'Internet Control Message Protocol');
  t.line(1, `Type: ${type} (${icmpTypeName(type)})`);
  const code = icmpCodeName(type, m.code);
  t.line(1, `Code: ${m.code}${code !== undefined ? ` (${code})` : ''}`);
  const ck = verifyIcmpChecksum(f.record.data, at, end);
  t.line(1, `Checksum: ${hex4(m.checksum)} ${ck.ok ? '[correct]' : `[incorrect, should be ${hex4(ck.expected)}]`}`);
  t.line(1, `[Checksum Status: ${ck.ok ? 'Good' : 'Bad'}]`);
  if (m.kind === 'echoRequest' || m.kind === 'echoReply') {
    t.line(1, `Identifier (BE): ${m.id} (${hex4(m.id)})`);
    t.line(1, `Identifier (LE): ${swap16(m.id)} (${hex4(swap16(m.id))})`);
    t.line(1, `Sequence Number (BE): ${m.seq} (${hex4(m.seq)})`);
    t.line(1, `Sequence Number (LE): ${swap16(m.seq)} (${hex4(swap16(m.seq))})`);
    if (m.kind === 'echoReply' && f.icmpRequestIn > 0) {
      t.line(1, `[Request frame: ${f.icmpRequestIn}]`);
      const rt = f.icmpResponseTime!;
      t.line(1, `[Response time: ${((rt.sec * 1e9 + rt.nsec) / 1e6).toFixed(3)} ms]`);
    }
    const ts = dataTimestamp(m.data, f.time);
    if (ts) {
      t.line(1, `Timestamp from icmp data: ${formatArrival(ts, 9)}`);
      t.line(1, `[Timestamp from icmp data (relative): ${formatSeconds(diff(f.time, ts), 9)} seconds]`);
    }
    const data = icmpEchoData(f);
    if (data) dataLines(t, 1, capturedPart(f, data));
    return;
  }
  if (m.kind === 'destUnreachable' || m.kind === 'timeExceeded') {
    errorBody(t, f, m.kind === 'destUnreachable' ? (m.unused << 16) | m.nextHopMtu : m.unused, m.original);
    return;
  }
  t.line(1, NOT_DETAILED);
}

function errorBody(t: Tree, f: Dissected, unused: number, original: Uint8Array): void {
  t.line(1, `Unused: ${(unused >>> 0).toString(16).padStart(8, '0')}`);
  const ip = parseIpv4(original);
  if (!ip.ok) {
    t.line(1, NOT_DETAILED);
    return;
  }
  ipv4Section(t, ip.value, 1);
  if (ip.value.protocol === 1 && original.length >= ip.end + 8) {
    const b = original;
    const o = ip.end;
    const type = b[o]!;
    const id = (b[o + 4]! << 8) | b[o + 5]!;
    const seq = (b[o + 6]! << 8) | b[o + 7]!;
    t.line(1, 'Internet Control Message Protocol');
    t.line(2, `Type: ${type} (${icmpTypeName(type)})`);
    const code = icmpCodeName(type, b[o + 1]!);
    t.line(2, `Code: ${b[o + 1]}${code !== undefined ? ` (${code})` : ''}`);
    t.line(2, `Checksum: ${hex4((b[o + 2]! << 8) | b[o + 3]!)} [unverified] [in ICMP error packet]`);
    t.line(2, '[Checksum Status: Unverified]');
    if (type === 8 || type === 0) {
      t.line(2, `Identifier (BE): ${id} (${hex4(id)})`);
      t.line(2, `Identifier (LE): ${swap16(id)} (${hex4(swap16(id))})`);
      t.line(2, `Sequence Number (BE): ${seq} (${hex4(seq)})`);
      t.line(2, `Sequence Number (LE): ${swap16(seq)} (${hex4(swap16(seq))})`);
    } else t.line(2, NOT_DETAILED);
    return;
  }
  if (ip.value.protocol !== 17) {
    t.line(1, NOT_DETAILED);
    return;
  }
  const u = parseUdp(original, ip.end, ip.value.totalLength);
  if (!u.ok) {
    t.line(1, NOT_DETAILED);
    return;
  }
  quotedUdpSection(t, f, u.value);
}

/** A UDP datagram quoted by an ICMP or ICMPv6 error, and the DNS message or data it carries. */
export function quotedUdpSection(t: Tree, f: Dissected, d: UdpDatagram): void {
  t.line(1, `User Datagram Protocol, Src Port: ${d.srcPort}, Dst Port: ${d.dstPort}`);
  t.line(2, `Source Port: ${d.srcPort}`);
  t.line(2, `Destination Port: ${d.dstPort}`);
  t.line(2, `Length: ${d.length}`);
  t.line(2, `Checksum: ${hex4(d.checksum)} [unverified]`);
  t.line(2, '[Checksum Status: Unverified]');
  t.line(2, `[Stream index: ${f.quotedUdpStream}]`);
  t.line(2, `UDP payload (${d.payload.length} bytes)`);
  const dns = quotedDns(d.srcPort, d.dstPort, d.payload);
  if (dns) dnsMessageSection(t, dns, d.payload, 'DNS', undefined);
  else if (d.payload.length > 0) dataLines(t, 0, d.payload);
}
