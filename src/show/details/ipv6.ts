/**
 * IPv6 in the details pane (packet-ipv6.c): the fixed header's fields in wire order, the
 * MAC a SLAAC address was made from, and the Hop-by-Hop options header (Pad1, PadN, Router
 * Alert) as MLD sends it. Other extension headers, other options and the extra items for
 * 6to4, Teredo, ISATAP and NAT64 addresses are not detailed: a line says so.
 */
import type { Ipv6Extension, Ipv6Header } from '../../stack/wire/ipv6.ts';
import { formatIpv6Addr } from '../../stack/wire/ipv6-addr.ts';
import { macWithName } from '../names.ts';
import { DSCP, DSCP_SHORT, ECN, ECN_SHORT, ipProtoName } from './ipv4.ts';
import { bits, NOT_DETAILED, type Tree } from './text.ts';

const NEXT_HEADER: Readonly<Record<number, string>> = {
  0: 'IPv6 Hop-by-Hop Option', 43: 'Routing Header for IPv6', 44: 'Fragment Header for IPv6', 50: 'Encap Security Payload',
  51: 'Authentication Header', 58: 'ICMPv6', 59: 'No Next Header for IPv6', 60: 'Destination Options for IPv6',
};

export function nextHeaderName(p: number): string {
  return `${NEXT_HEADER[p] ?? ipProtoName(p)} (${p})`;
}

/** The MAC inside a modified EUI-64 interface id (RFC 4291 app. A) made from a universal MAC, as Wireshark finds it. */
export function slaacMac(a: Uint8Array): number | undefined {
  if (a[11] !== 0xff || a[12] !== 0xfe || (a[8]! & 0x02) === 0) return undefined;
  return (a[8]! ^ 0x02) * 2 ** 40 + a[9]! * 2 ** 32 + a[10]! * 2 ** 24 + a[13]! * 2 ** 16 + a[14]! * 2 ** 8 + a[15]!;
}

/** Addresses tshark adds derived items for that labwire does not: 6to4, Teredo, ISATAP, NAT64 (64:ff9b::/96). */
function hasTunnelItems(a: Uint8Array): boolean {
  const w0 = (a[0]! << 8) | a[1]!;
  const teredo = w0 === 0x2001 && a[2] === 0 && a[3] === 0;
  const isatap = (a[8] === 0 || a[8] === 2) && a[9] === 0 && a[10] === 0x5e && a[11] === 0xfe;
  const nat64 = w0 === 0x64 && a[2] === 0xff && a[3] === 0x9b && a.subarray(4, 12).every((b) => b === 0);
  return w0 === 0x2002 || teredo || isatap || nat64;
}

export function ipv6Section(t: Tree, h: Ipv6Header, base = 0): void {
  const src = formatIpv6Addr(h.src);
  const dst = formatIpv6Addr(h.dst);
  const word = ((6 << 28) | (h.trafficClass << 20) | h.flowLabel) >>> 0;
  const dscp = h.trafficClass >>> 2;
  const ecn = h.trafficClass & 3;
  t.line(base, `Internet Protocol Version 6, Src: ${src}, Dst: ${dst}`);
  t.line(base + 1, `${bits(8, 0xf0, 0x60)} = Version: 6`);
  t.line(base + 1, `${bits(32, 0x0ff00000, word)} = Traffic Class: 0x${h.trafficClass.toString(16).padStart(2, '0')} (DSCP: ${DSCP_SHORT[dscp] ?? `Unknown (${dscp})`}, ECN: ${ECN_SHORT[ecn]})`);
  t.line(base + 2, `${bits(32, 0x0fc00000, word)} = Differentiated Services Codepoint: ${DSCP[dscp] ?? 'Unknown'} (${dscp})`);
  t.line(base + 2, `${bits(32, 0x00300000, word)} = Explicit Congestion Notification: ${ECN[ecn]} (${ecn})`);
  t.line(base + 1, `${bits(24, 0x0fffff, word & 0xffffff)} = Flow Label: 0x${h.flowLabel.toString(16).padStart(5, '0')}`);
  t.line(base + 1, `Payload Length: ${h.payloadLength}`);
  t.line(base + 1, `Next Header: ${nextHeaderName(h.nextHeader)}`);
  t.line(base + 1, `Hop Limit: ${h.hopLimit}`);
  t.line(base + 1, `Source Address: ${src}`);
  t.line(base + 1, `Destination Address: ${dst}`);
  if (hasTunnelItems(h.src) || hasTunnelItems(h.dst)) t.line(base + 1, NOT_DETAILED);
  else {
    const s = slaacMac(h.src);
    const d = slaacMac(h.dst);
    if (s !== undefined) t.line(base + 1, `[Source SLAAC MAC: ${macWithName(s)}]`);
    if (d !== undefined) t.line(base + 1, `[Destination SLAAC MAC: ${macWithName(d)}]`);
  }
  for (const e of h.extensions) extensionSection(t, e, base + 1);
}

function extensionSection(t: Tree, e: Ipv6Extension, depth: number): void {
  if (e.type !== 0) {
    t.line(depth, NOT_DETAILED);
    return;
  }
  t.line(depth, 'IPv6 Hop-by-Hop Option');
  t.line(depth + 1, `Next Header: ${nextHeaderName(e.nextHeader)}`);
  t.line(depth + 1, `Length: ${e.bytes[1]}`);
  t.line(depth + 1, `[Length: ${e.bytes.length} bytes]`);
  const b = e.bytes;
  for (let at = 2; at < b.length; ) {
    const type = b[at]!;
    if (type === 0) {
      t.line(depth + 1, NOT_DETAILED); // Pad1: not seen from Linux yet, so not checked against tshark
      at += 1;
      continue;
    }
    const len = b[at + 1];
    if (len === undefined || at + 2 + len > b.length || !optionLines(t, depth + 1, type, b.subarray(at + 2, at + 2 + len))) {
      t.line(depth + 1, NOT_DETAILED);
      return;
    }
    at += 2 + len;
  }
}

const OPTION_NAMES: Readonly<Record<number, string>> = { 1: 'PadN', 5: 'Router Alert' };

/** One option (RFC 8200 §4.2) the pane details; false for one it does not. */
function optionLines(t: Tree, depth: number, type: number, data: Uint8Array): boolean {
  const name = OPTION_NAMES[type];
  if (name === undefined || (type === 5 && (data.length !== 2 || data[0] !== 0 || data[1] !== 0))) return false;
  if (type === 1 && data.length !== 0) return false; // only the empty PadN Linux's MLD sends was checked against tshark
  t.line(depth, name);
  t.line(depth + 1, `Type: ${name} (0x${type.toString(16).padStart(2, '0')})`);
  t.line(depth + 2, `${bits(8, 0xc0, type)} = Action: Skip and continue (0)`);
  t.line(depth + 2, `${bits(8, 0x20, type)} = May Change: No`);
  t.line(depth + 2, `${bits(8, 0x1f, type)} = Low-Order Bits: 0x${(type & 0x1f).toString(16).padStart(2, '0')}`);
  t.line(depth + 1, `Length: ${data.length}`);
  if (type === 5) t.line(depth + 1, 'Router Alert: MLD (0)');
  else t.line(depth + 1, 'PadN: <none>');
  return true;
}
