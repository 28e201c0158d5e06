/**
 * dissectFrame: one captured frame, bytes → a layered view, the way Wireshark's packet
 * details read it (link header, ARP, IPv4 or IPv6 with its extension headers, then ICMP,
 * ICMPv6, UDP or TCP, then the data).
 * Dissection stops at the first layer that fails to parse; the layers before it stay, and
 * `error` says what failed and at which absolute offset. Every view aliases the frame's
 * bytes (no copies), and the result always has the same shape (absent layers are undefined).
 */
import type { ArpPacket } from './arp.ts';
import { parseArp } from './arp.ts';
import type { WireError } from './errors.ts';
import { ETHERTYPE_ARP, ETHERTYPE_IPV4, ETHERTYPE_IPV6, parseEthernet, type EthernetHeader } from './ethernet.ts';
import { parseIcmp, type IcmpMessage } from './icmp.ts';
import { parseIcmpv6, type Icmpv6Message } from './icmpv6.ts';
import { IPPROTO_ICMPV6, parseIpv6, type Ipv6Header } from './ipv6.ts';
import { IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP, parseIpv4, type Ipv4Header } from './ipv4.ts';
import { parseSll, type SllHeader } from './sll.ts';
import { parseSll2, type Sll2Header } from './sll2.ts';
import { parseTcp, type TcpSegment } from './tcp.ts';
import { parseUdp, type UdpDatagram } from './udp.ts';

/** pcap link types (tcpdump.org/linktypes.html). */
export const LINKTYPE_ETHERNET = 1;
export const LINKTYPE_LINUX_SLL = 113;
export const LINKTYPE_LINUX_SLL2 = 276;

export type LinkLayer =
  | { readonly kind: 'ethernet'; readonly header: EthernetHeader }
  | { readonly kind: 'sll'; readonly header: SllHeader }
  | { readonly kind: 'sll2'; readonly header: Sll2Header };

export interface FrameView {
  readonly linkType: number;
  readonly link?: LinkLayer;
  readonly arp?: ArpPacket;
  readonly ipv4?: Ipv4Header;
  readonly ipv6?: Ipv6Header;
  readonly icmp?: IcmpMessage;
  readonly icmpv6?: Icmpv6Message;
  readonly udp?: UdpDatagram;
  readonly tcp?: TcpSegment;
  /**
   * The bytes no layer claimed: TCP or UDP data, an IP fragment, or the whole rest for a
   * protocol not dissected here (LLDP, ESP …). Undefined for ARP, ICMP and ICMPv6, which hold theirs.
   */
  readonly payload?: Uint8Array;
  /** bytes after the end of the network packet (Ethernet minimum-frame padding) */
  readonly trailer?: Uint8Array;
  readonly error?: WireError;
  /** where the ARP/IPv4/IPv6 header starts (-1 if none) */
  readonly networkOffset: number;
  /** where the ICMP/ICMPv6/UDP/TCP header starts, after any IPv6 extension headers (-1 if none) */
  readonly transportOffset: number;
  /** where `payload` starts (-1 if none) */
  readonly payloadOffset: number;
}

type Draft = { -readonly [K in keyof FrameView]: FrameView[K] };

export function dissectFrame(bytes: Uint8Array, linkType: number): FrameView {
  const v: Draft = {
    linkType, link: undefined, arp: undefined, ipv4: undefined, ipv6: undefined, icmp: undefined, icmpv6: undefined, udp: undefined, tcp: undefined,
    payload: undefined, trailer: undefined, error: undefined, networkOffset: -1, transportOffset: -1, payloadOffset: -1,
  };
  let protocol: number;
  let at: number;
  if (linkType === LINKTYPE_ETHERNET) {
    const p = parseEthernet(bytes);
    if (!p.ok) return failed(v, p.error);
    v.link = { kind: 'ethernet', header: p.value };
    protocol = p.value.etherType;
    at = p.end;
  } else if (linkType === LINKTYPE_LINUX_SLL) {
    const p = parseSll(bytes);
    if (!p.ok) return failed(v, p.error);
    v.link = { kind: 'sll', header: p.value };
    protocol = p.value.protocol;
    at = p.end;
  } else if (linkType === LINKTYPE_LINUX_SLL2) {
    const p = parseSll2(bytes);
    if (!p.ok) return failed(v, p.error);
    v.link = { kind: 'sll2', header: p.value };
    protocol = p.value.protocol;
    at = p.end;
  } else {
    return failed(v, { layer: 'frame', field: 'linkType', offset: 0, reason: `link type ${linkType} is not dissected (1, 113, 276 are)` });
  }
  if (protocol === ETHERTYPE_IPV4) dissectIpv4(v, bytes, at);
  else if (protocol === ETHERTYPE_IPV6) dissectIpv6(v, bytes, at);
  else if (protocol === ETHERTYPE_ARP) dissectArp(v, bytes, at);
  else rest(v, bytes, at, bytes.length);
  return v;
}

function dissectArp(v: Draft, bytes: Uint8Array, at: number): void {
  v.networkOffset = at;
  const p = parseArp(bytes, at);
  if (!p.ok) {
    v.error = p.error;
    return;
  }
  v.arp = p.value;
  if (p.end < bytes.length) v.trailer = bytes.subarray(p.end);
}

function dissectIpv4(v: Draft, bytes: Uint8Array, at: number): void {
  v.networkOffset = at;
  const p = parseIpv4(bytes, at);
  if (!p.ok) {
    v.error = p.error;
    return;
  }
  const ip = p.value;
  v.ipv4 = ip;
  const end = at + ip.totalLength;
  if (end < bytes.length) v.trailer = bytes.subarray(end);
  const fragment = ip.flags.mf || ip.fragOffset !== 0; // no reassembly here
  const known = ip.protocol === IPPROTO_TCP || ip.protocol === IPPROTO_UDP || ip.protocol === IPPROTO_ICMP;
  if (fragment || !known) rest(v, bytes, p.end, end);
  else dissectTransport(v, bytes, ip.protocol, p.end, end);
}

function dissectIpv6(v: Draft, bytes: Uint8Array, at: number): void {
  v.networkOffset = at;
  const p = parseIpv6(bytes, at);
  if (!p.ok) {
    v.error = p.error;
    return;
  }
  const ip = p.value;
  v.ipv6 = ip;
  const end = at + 40 + ip.payloadLength;
  if (end < bytes.length) v.trailer = bytes.subarray(end);
  const fragment = ip.fragment !== undefined && (ip.fragment.more || ip.fragment.offset !== 0); // no reassembly here
  const known = ip.protocol === IPPROTO_TCP || ip.protocol === IPPROTO_UDP || ip.protocol === IPPROTO_ICMPV6;
  if (fragment || !known) rest(v, bytes, p.end, end);
  else dissectTransport(v, bytes, ip.protocol, p.end, end);
}

/** TCP, UDP, ICMP or ICMPv6 in bytes[at..end), the IP payload. */
function dissectTransport(v: Draft, bytes: Uint8Array, protocol: number, at: number, end: number): void {
  v.transportOffset = at;
  if (protocol === IPPROTO_TCP) {
    const t = parseTcp(bytes, at, end);
    if (!t.ok) v.error = t.error;
    else {
      v.tcp = t.value;
      dataAt(v, t.value.payload, end);
    }
  } else if (protocol === IPPROTO_UDP) {
    const u = parseUdp(bytes, at, end);
    if (!u.ok) v.error = u.error;
    else {
      v.udp = u.value;
      dataAt(v, u.value.payload, u.end);
    }
  } else if (protocol === IPPROTO_ICMPV6) {
    const m = parseIcmpv6(bytes, at, end);
    if (!m.ok) v.error = m.error;
    else v.icmpv6 = m.value;
  } else {
    const m = parseIcmp(bytes, at, end);
    if (!m.ok) v.error = m.error;
    else v.icmp = m.value;
  }
}

function dataAt(v: Draft, payload: Uint8Array, end: number): void {
  v.payload = payload;
  v.payloadOffset = end - payload.length;
}

function rest(v: Draft, bytes: Uint8Array, start: number, end: number): void {
  v.payload = bytes.subarray(start, end);
  v.payloadOffset = start;
}

function failed(v: Draft, error: WireError): FrameView {
  v.error = error;
  return v;
}
