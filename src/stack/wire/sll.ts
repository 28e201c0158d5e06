/**
 * Linux cooked capture v1 (LINKTYPE_LINUX_SLL = 113), the header tcpdump/Wireshark put on
 * frames captured on the `any` interface (libpcap's sll.h, pcap-linktype(7)).
 *
 *  +-------------+-------------+-------------+------------------------+-------------+------
 *  | packet type | ARPHRD type | addr length | link-layer address (8) | protocol    | payload …
 *  |     (2)     |     (2)     |     (2)     | first addrLength bytes |  (2)        |
 *  +-------------+-------------+-------------+------------------------+-------------+------
 *
 * The address is kept as two numbers so re-emitting is lossless: `addr`, its first 6 bytes
 * (the source MAC on Ethernet, 0 on loopback), and `addrTail`, the last 2 (unused, zero, when
 * the length is 6).
 */
import { readMac, writeMac, type MacAddr } from './addr.ts';
import { putU16, u16 } from './bytes.ts';
import { parsed, truncated, type Parsed } from './errors.ts';
import { assertRoom } from './room.ts';

export const SLL_HEADER_LENGTH = 16;

/** sll_pkttype values (linux/if_packet.h): where the packet went, seen from this host. */
export const PacketType = { HOST: 0, BROADCAST: 1, MULTICAST: 2, OTHERHOST: 3, OUTGOING: 4 } as const;
export const PACKET_HOST = PacketType.HOST;
export const PACKET_BROADCAST = PacketType.BROADCAST;
export const PACKET_MULTICAST = PacketType.MULTICAST;
export const PACKET_OTHERHOST = PacketType.OTHERHOST;
export const PACKET_OUTGOING = PacketType.OUTGOING;

/** ARPHRD_* hardware types (linux/if_arp.h) as they appear in cooked headers. */
export const ARPHRD_ETHER = 1;
export const ARPHRD_LOOPBACK = 772;

export interface SllHeader {
  readonly packetType: number;
  readonly arphrdType: number;
  readonly addrLength: number;
  /** address bytes 0..5 as a 48-bit number */
  readonly addr: MacAddr;
  /** address bytes 6..7 as a 16-bit number (0 for Ethernet and loopback) */
  readonly addrTail: number;
  readonly protocol: number;
}

export interface SllHeaderInit {
  readonly packetType: number;
  readonly arphrdType: number;
  readonly addrLength: number;
  readonly addr: MacAddr;
  readonly addrTail?: number;
  readonly protocol: number;
}

export function parseSll(bytes: Uint8Array, offset = 0): Parsed<SllHeader> {
  if (bytes.length - offset < SLL_HEADER_LENGTH) {
    return truncated('sll', 'header', offset, SLL_HEADER_LENGTH, bytes.length);
  }
  const value: SllHeader = {
    packetType: u16(bytes, offset),
    arphrdType: u16(bytes, offset + 2),
    addrLength: u16(bytes, offset + 4),
    addr: readMac(bytes, offset + 6),
    addrTail: u16(bytes, offset + 12),
    protocol: u16(bytes, offset + 14),
  };
  return parsed(value, offset + SLL_HEADER_LENGTH);
}

export function emitSllInto(h: SllHeaderInit, out: Uint8Array, offset: number): number {
  assertRoom(out, offset + SLL_HEADER_LENGTH, 'sll');
  putU16(out, offset, h.packetType);
  putU16(out, offset + 2, h.arphrdType);
  putU16(out, offset + 4, h.addrLength);
  writeMac(out, offset + 6, h.addr);
  putU16(out, offset + 12, h.addrTail ?? 0);
  putU16(out, offset + 14, h.protocol);
  return offset + SLL_HEADER_LENGTH;
}

export function emitSll(h: SllHeaderInit): Uint8Array {
  const out = new Uint8Array(SLL_HEADER_LENGTH);
  emitSllInto(h, out, 0);
  return out;
}

/**
 * The cooked header Linux gives an Ethernet frame on `any`: hardware type Ethernet, the
 * frame's source MAC as the address, its EtherType as the protocol. Reads the MAC and
 * EtherType straight from `frame` at `frameOffset` (no parse, no allocation). The record to
 * write is this header followed by frame[frameOffset + 14 …].
 */
export function emitSllForEthernetInto(
  packetType: number, frame: Uint8Array, frameOffset: number, out: Uint8Array, offset: number,
): number {
  assertRoom(out, offset + SLL_HEADER_LENGTH, 'sll');
  putU16(out, offset, packetType);
  putU16(out, offset + 2, ARPHRD_ETHER);
  putU16(out, offset + 4, 6);
  for (let i = 0; i < 6; i++) out[offset + 6 + i] = frame[frameOffset + 6 + i]!;
  putU16(out, offset + 12, 0);
  out[offset + 14] = frame[frameOffset + 12]!;
  out[offset + 15] = frame[frameOffset + 13]!;
  return offset + SLL_HEADER_LENGTH;
}

/**
 * The cooked header of a packet on `lo`: hardware type loopback, a zero 6-byte address.
 * Recorded on Linux 6.18: `any` shows each loopback packet once, as PACKET_HOST (the
 * transmit-side copy is not delivered), so a ping to 127.0.0.1 is two records, not four.
 */
export function sllForLoopback(packetType: number, protocol: number): SllHeader {
  return { packetType, arphrdType: ARPHRD_LOOPBACK, addrLength: 6, addr: 0, addrTail: 0, protocol };
}
