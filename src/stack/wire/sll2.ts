/**
 * Linux cooked capture v2 (LINKTYPE_LINUX_SLL2 = 276): v1's fields reordered, plus the
 * interface index (libpcap's sll.h, pcap-linktype(7)).
 *
 *  +--------------+--------------+---------------------+--------------+
 *  | protocol (2) | reserved (2) | interface index (4) | ARPHRD (2)   |
 *  +--------------+--------------+---------------------+--------------+
 *  | packet type (1) | addr length (1) | link-layer address (8)      | payload …
 *  +-----------------+-----------------+-----------------------------+
 *
 * The address is split as in v1 (`addr` = bytes 0..5, `addrTail` = bytes 6..7); packet type
 * and ARPHRD constants are v1's (sll.ts).
 */
import { readMac, writeMac, type MacAddr } from './addr.ts';
import { putU16, putU32, u16, u32 } from './bytes.ts';
import { parsed, truncated, type Parsed } from './errors.ts';
import { assertRoom } from './room.ts';
import { ARPHRD_ETHER } from './sll.ts';

export const SLL2_HEADER_LENGTH = 20;

export interface Sll2Header {
  readonly protocol: number;
  /** must be zero (MBZ); kept as read */
  readonly reserved: number;
  readonly ifIndex: number;
  readonly arphrdType: number;
  readonly packetType: number;
  readonly addrLength: number;
  readonly addr: MacAddr;
  readonly addrTail: number;
}

export interface Sll2HeaderInit {
  readonly protocol: number;
  readonly reserved?: number;
  readonly ifIndex: number;
  readonly arphrdType: number;
  readonly packetType: number;
  readonly addrLength: number;
  readonly addr: MacAddr;
  readonly addrTail?: number;
}

export function parseSll2(bytes: Uint8Array, offset = 0): Parsed<Sll2Header> {
  if (bytes.length - offset < SLL2_HEADER_LENGTH) {
    return truncated('sll2', 'header', offset, SLL2_HEADER_LENGTH, bytes.length);
  }
  const value: Sll2Header = {
    protocol: u16(bytes, offset),
    reserved: u16(bytes, offset + 2),
    ifIndex: u32(bytes, offset + 4),
    arphrdType: u16(bytes, offset + 8),
    packetType: bytes[offset + 10]!,
    addrLength: bytes[offset + 11]!,
    addr: readMac(bytes, offset + 12),
    addrTail: u16(bytes, offset + 18),
  };
  return parsed(value, offset + SLL2_HEADER_LENGTH);
}

export function emitSll2Into(h: Sll2HeaderInit, out: Uint8Array, offset: number): number {
  assertRoom(out, offset + SLL2_HEADER_LENGTH, 'sll2');
  putU16(out, offset, h.protocol);
  putU16(out, offset + 2, h.reserved ?? 0);
  putU32(out, offset + 4, h.ifIndex);
  putU16(out, offset + 8, h.arphrdType);
  out[offset + 10] = h.packetType;
  out[offset + 11] = h.addrLength;
  writeMac(out, offset + 12, h.addr);
  putU16(out, offset + 18, h.addrTail ?? 0);
  return offset + SLL2_HEADER_LENGTH;
}

export function emitSll2(h: Sll2HeaderInit): Uint8Array {
  const out = new Uint8Array(SLL2_HEADER_LENGTH);
  emitSll2Into(h, out, 0);
  return out;
}

/**
 * The v2 cooked header for an Ethernet frame (see emitSllForEthernetInto): reads the source
 * MAC and EtherType from `frame` at `frameOffset`; the record is this header followed by
 * frame[frameOffset + 14 …].
 */
export function emitSll2ForEthernetInto(
  packetType: number, ifIndex: number, frame: Uint8Array, frameOffset: number, out: Uint8Array, offset: number,
): number {
  assertRoom(out, offset + SLL2_HEADER_LENGTH, 'sll2');
  out[offset] = frame[frameOffset + 12]!;
  out[offset + 1] = frame[frameOffset + 13]!;
  putU16(out, offset + 2, 0);
  putU32(out, offset + 4, ifIndex);
  putU16(out, offset + 8, ARPHRD_ETHER);
  out[offset + 10] = packetType;
  out[offset + 11] = 6;
  for (let i = 0; i < 6; i++) out[offset + 12 + i] = frame[frameOffset + 6 + i]!;
  putU16(out, offset + 18, 0);
  return offset + SLL2_HEADER_LENGTH;
}
