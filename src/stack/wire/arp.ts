/**
 * ARP for Ethernet and IPv4 (RFC 826), the only pairing the lab uses.
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |      Hardware type (1)        |    Protocol type (0x0800)     |
 *  | HW len (6)    | Proto len (4) |          Opcode               |
 *  |             Sender hardware address (6 bytes) …               |
 *  |  … sender HW  |      Sender protocol address (4 bytes) …      |
 *  |  … sender IP  |      Target hardware address (6 bytes) …      |
 *  |               Target protocol address (4 bytes)               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Hardware and protocol types are kept as read; lengths other than 6 and 4 are a WireError,
 * since the address fields below would not mean what their names say.
 */
import { readIpv4, readMac, writeIpv4, writeMac, type Ipv4Addr, type MacAddr } from './addr.ts';
import { putU16, u16 } from './bytes.ts';
import { parsed, truncated, wireError, type Parsed } from './errors.ts';
import { assertRoom } from './room.ts';

export const ARP_LENGTH = 28;
export const ARP_REQUEST = 1;
export const ARP_REPLY = 2;
export const ARP_HTYPE_ETHERNET = 1;
export const ARP_PTYPE_IPV4 = 0x0800;

export interface ArpPacket {
  readonly htype: number;
  readonly ptype: number;
  readonly hlen: number;
  readonly plen: number;
  readonly op: number;
  readonly senderMac: MacAddr;
  readonly senderIp: Ipv4Addr;
  readonly targetMac: MacAddr;
  readonly targetIp: Ipv4Addr;
}

/** What a stack fills in; the type and length fields default to Ethernet/IPv4. */
export interface ArpPacketInit {
  readonly htype?: number;
  readonly ptype?: number;
  readonly op: number;
  readonly senderMac: MacAddr;
  readonly senderIp: Ipv4Addr;
  readonly targetMac: MacAddr;
  readonly targetIp: Ipv4Addr;
}

export function parseArp(bytes: Uint8Array, offset = 0): Parsed<ArpPacket> {
  if (bytes.length - offset < 8) return truncated('arp', 'header', offset, 8, bytes.length);
  const hlen = bytes[offset + 4]!;
  const plen = bytes[offset + 5]!;
  if (hlen !== 6) return wireError('arp', 'hlen', offset + 4, `hardware address length ${hlen}, only 6 (Ethernet) is supported`);
  if (plen !== 4) return wireError('arp', 'plen', offset + 5, `protocol address length ${plen}, only 4 (IPv4) is supported`);
  if (bytes.length - offset < ARP_LENGTH) return truncated('arp', 'addresses', offset + 8, ARP_LENGTH - 8, bytes.length);
  const value: ArpPacket = {
    htype: u16(bytes, offset),
    ptype: u16(bytes, offset + 2),
    hlen,
    plen,
    op: u16(bytes, offset + 6),
    senderMac: readMac(bytes, offset + 8),
    senderIp: readIpv4(bytes, offset + 14),
    targetMac: readMac(bytes, offset + 18),
    targetIp: readIpv4(bytes, offset + 24),
  };
  return parsed(value, offset + ARP_LENGTH);
}

export function emitArpInto(p: ArpPacketInit, out: Uint8Array, offset: number): number {
  assertRoom(out, offset + ARP_LENGTH, 'arp');
  putU16(out, offset, p.htype ?? ARP_HTYPE_ETHERNET);
  putU16(out, offset + 2, p.ptype ?? ARP_PTYPE_IPV4);
  out[offset + 4] = 6;
  out[offset + 5] = 4;
  putU16(out, offset + 6, p.op);
  writeMac(out, offset + 8, p.senderMac);
  writeIpv4(out, offset + 14, p.senderIp);
  writeMac(out, offset + 18, p.targetMac);
  writeIpv4(out, offset + 24, p.targetIp);
  return offset + ARP_LENGTH;
}

export function emitArp(p: ArpPacketInit): Uint8Array {
  const out = new Uint8Array(ARP_LENGTH);
  emitArpInto(p, out, 0);
  return out;
}
