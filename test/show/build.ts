/**
 * Frame builders for show's tests and bench: real codecs (stack/wire) put together into
 * frames on Ethernet, SLL v1 or SLL v2, then into capture files with the capture writer.
 */
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureToBytes, type CaptureFormat } from '../../src/capture/index.ts';
import {
  emitArp, emitEthernet, emitIcmp, emitIpv4, emitSll, emitSll2, emitTcp, emitUdp,
  ARPHRD_ETHER, ARPHRD_LOOPBACK, ETHERTYPE_ARP, ETHERTYPE_IPV4, IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP,
  ipv4, type ArpPacketInit, type IcmpMessageInit, type TcpOption, type TcpSegmentInit,
} from '../../src/stack/wire/index.ts';
import { emitDnsMessage, type DnsMessage } from '../../src/stack/wire/dns/index.ts';

export type Link = 'eth' | 'sll' | 'sll2';

export interface L2 {
  readonly link: Link;
  readonly srcMac: number;
  readonly dstMac: number;
  /** sll packet type (0 host, 1 broadcast, 4 outgoing …) */
  readonly pkttype?: number;
  readonly loopback?: boolean;
}

export function l2frame(l2: L2, etherType: number, payload: Uint8Array): Uint8Array {
  if (l2.link === 'eth') return emitEthernet({ dst: l2.dstMac, src: l2.srcMac, etherType }, payload);
  const arphrdType = l2.loopback ? ARPHRD_LOOPBACK : ARPHRD_ETHER;
  const addr = l2.loopback ? 0 : l2.srcMac;
  const head = l2.link === 'sll'
    ? emitSll({ packetType: l2.pkttype ?? 0, arphrdType, addrLength: 6, addr, protocol: etherType })
    : emitSll2({ protocol: etherType, ifIndex: l2.loopback ? 1 : 2, arphrdType, packetType: l2.pkttype ?? 0, addrLength: 6, addr });
  const out = new Uint8Array(head.length + payload.length);
  out.set(head);
  out.set(payload, head.length);
  return out;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export interface IpOpts {
  readonly src: string;
  readonly dst: string;
  readonly ttl?: number;
  readonly ident?: number;
  readonly df?: boolean;
}

export function ipPacket(ip: IpOpts, protocol: number, body: Uint8Array): Uint8Array {
  const h = emitIpv4({ ident: ip.ident ?? 0x1234, flags: { df: ip.df ?? true, mf: false }, ttl: ip.ttl ?? 64, protocol, src: ipv4(ip.src), dst: ipv4(ip.dst) }, body.length);
  return concat(h, body);
}

export function udpFrame(l2: L2, ip: IpOpts, sport: number, dport: number, payload: Uint8Array): Uint8Array {
  const u = emitUdp({ srcPort: sport, dstPort: dport, payload }, ipv4(ip.src), ipv4(ip.dst));
  return l2frame(l2, ETHERTYPE_IPV4, ipPacket(ip, IPPROTO_UDP, u));
}

export function dnsFrame(l2: L2, ip: IpOpts, sport: number, dport: number, msg: DnsMessage): Uint8Array {
  return udpFrame(l2, ip, sport, dport, emitDnsMessage(msg));
}

export function tcpFrame(l2: L2, ip: IpOpts, seg: Partial<TcpSegmentInit> & { srcPort: number; dstPort: number }): Uint8Array {
  const full: TcpSegmentInit = { seq: 0, ack: 0, flags: 0x10, window: 502, options: [], payload: new Uint8Array(0), ...seg };
  const t = emitTcp(full, ipv4(ip.src), ipv4(ip.dst));
  return l2frame(l2, ETHERTYPE_IPV4, ipPacket(ip, IPPROTO_TCP, t));
}

export function icmpFrame(l2: L2, ip: IpOpts, m: IcmpMessageInit): Uint8Array {
  return l2frame(l2, ETHERTYPE_IPV4, ipPacket(ip, IPPROTO_ICMP, emitIcmp(m)));
}

export function arpFrame(l2: L2, p: ArpPacketInit): Uint8Array {
  const body = emitArp(p);
  // Ethernet frames are padded to the 60-byte minimum by the sender
  const padded = l2.link === 'eth' ? concat(body, new Uint8Array(18)) : body;
  return l2frame(l2, ETHERTYPE_ARP, padded);
}

export function tsOpt(tsval: number, tsecr: number): TcpOption[] {
  return [{ kind: 'nop' }, { kind: 'nop' }, { kind: 'timestamps', tsval, tsecr }];
}

export function synOpts(tsval: number, tsecr: number, shift: number): TcpOption[] {
  return [{ kind: 'mss', mss: 1460 }, { kind: 'sackPermitted' }, { kind: 'timestamps', tsval, tsecr }, { kind: 'nop' }, { kind: 'wscale', shift }];
}

export interface Timed {
  readonly t: number;
  readonly frame: Uint8Array;
}

export function linkTypeOf(link: Link): number {
  return link === 'eth' ? 1 : link === 'sll' ? 113 : 276;
}

/** A capture file of `frames` (times in ns from the epoch), written to a temp folder; returns its path. */
export function writeCapture(name: string, link: Link, frames: readonly Timed[], format: CaptureFormat = 'pcap-ns', epochSeconds = 1747985640): string {
  const bytes = captureToBytes(
    { format, interfaces: [{ name: link === 'eth' ? 'eth1' : 'any', linkType: linkTypeOf(link) }], epochSeconds },
    frames.map((f) => ({ ifIndex: 0, timeNs: f.t, frame: f.frame })),
  );
  const path = join(tempDir(), name);
  writeFileSync(path, bytes);
  return path;
}

let dir: string | undefined;
export function tempDir(): string {
  dir ??= mkdtempSync(join(tmpdir(), 'labwire-show-'));
  return dir;
}

export const MAC1 = 0x0242ac101065;
export const MAC2 = 0x0242ac101066;
export const MAC3 = 0x0242ac101067;
export { ipv4 };
