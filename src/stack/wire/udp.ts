/**
 * UDP (RFC 768). The checksum covers the IPv4 pseudo-header, the UDP header and the data;
 * a computed 0 is sent as 0xffff, since 0 on the wire means "no checksum".
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |          Source Port          |       Destination Port        |
 *  |            Length             |           Checksum            |
 *  |                          data …                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
import type { Ipv4Addr } from './addr.ts';
import { putU16, u16 } from './bytes.ts';
import { checkChecksum, onesSum, pseudoHeaderSum, type ChecksumCheck } from './checksum.ts';
import { parsed, truncated, wireError, type Parsed } from './errors.ts';
import { IPPROTO_UDP } from './ipv4.ts';
import { ipv6PseudoHeaderSum } from './ipv6.ts';
import type { Ipv6Addr } from './ipv6-addr.ts';
import { assertRoom } from './room.ts';

export const UDP_HEADER_LENGTH = 8;

export interface UdpDatagram {
  readonly srcPort: number;
  readonly dstPort: number;
  /** header + data, as read */
  readonly length: number;
  /** as read; 0 means the sender computed none */
  readonly checksum: number;
  /** a view of the data, never a copy */
  readonly payload: Uint8Array;
}

export interface UdpDatagramInit {
  readonly srcPort: number;
  readonly dstPort: number;
  readonly payload: Uint8Array;
}

/**
 * Parses the datagram at `offset`, within bytes[offset..limit) (the IP payload's end, by
 * default the buffer's). The result's `end` is offset + the length field.
 */
export function parseUdp(bytes: Uint8Array, offset = 0, limit = bytes.length): Parsed<UdpDatagram> {
  if (limit > bytes.length) limit = bytes.length;
  const avail = limit - offset;
  if (avail < UDP_HEADER_LENGTH) return truncated('udp', 'header', offset, UDP_HEADER_LENGTH, limit);
  const length = u16(bytes, offset + 4);
  if (length < UDP_HEADER_LENGTH) return wireError('udp', 'length', offset + 4, `length ${length} < 8`);
  if (length > avail) return wireError('udp', 'length', offset + 4, `truncated: length ${length}, ${avail} bytes available`);
  const value: UdpDatagram = {
    srcPort: u16(bytes, offset),
    dstPort: u16(bytes, offset + 2),
    length,
    checksum: u16(bytes, offset + 6),
    payload: bytes.subarray(offset + UDP_HEADER_LENGTH, offset + length),
  };
  return parsed(value, offset + length);
}

/** Writes header and data at `offset`, checksum computed over the pseudo-header; returns the end. */
export function emitUdpInto(d: UdpDatagramInit, src: Ipv4Addr, dst: Ipv4Addr, out: Uint8Array, offset: number): number {
  const length = UDP_HEADER_LENGTH + d.payload.length;
  return writeUdp(d, out, offset, pseudoHeaderSum(src, dst, IPPROTO_UDP, length));
}

/** emitUdpInto over IPv6 (RFC 8200 §8.1: the IPv6 pseudo-header; a zero sum is sent as 0xffff there too). */
export function emitUdp6Into(d: UdpDatagramInit, src: Ipv6Addr, dst: Ipv6Addr, out: Uint8Array, offset: number): number {
  return writeUdp(d, out, offset, ipv6PseudoHeaderSum(src, dst, IPPROTO_UDP, UDP_HEADER_LENGTH + d.payload.length));
}

function writeUdp(d: UdpDatagramInit, out: Uint8Array, offset: number, pseudoSum: number): number {
  const length = UDP_HEADER_LENGTH + d.payload.length;
  assertRoom(out, offset + length, 'udp');
  putU16(out, offset, d.srcPort);
  putU16(out, offset + 2, d.dstPort);
  putU16(out, offset + 4, length);
  putU16(out, offset + 6, 0);
  out.set(d.payload, offset + UDP_HEADER_LENGTH);
  const sum = ~onesSum(out, offset, offset + length, pseudoSum) & 0xffff;
  putU16(out, offset + 6, sum === 0 ? 0xffff : sum);
  return offset + length;
}

export function emitUdp(d: UdpDatagramInit, src: Ipv4Addr, dst: Ipv4Addr): Uint8Array {
  const out = new Uint8Array(UDP_HEADER_LENGTH + d.payload.length);
  emitUdpInto(d, src, dst, out, 0);
  return out;
}

/**
 * Checks the checksum of the datagram at `offset` (its length field gives the extent).
 * A zero checksum ("none computed", RFC 768) counts as ok; `actual` then shows the 0.
 */
export function verifyUdpChecksum(bytes: Uint8Array, src: Ipv4Addr, dst: Ipv4Addr, offset = 0): ChecksumCheck {
  if (bytes.length - offset < UDP_HEADER_LENGTH) return { ok: false, actual: 0, expected: 0 };
  const length = u16(bytes, offset + 4);
  const end = Math.min(offset + Math.max(length, UDP_HEADER_LENGTH), bytes.length);
  const c = checkChecksum(bytes, offset, end, offset + 6, pseudoHeaderSum(src, dst, IPPROTO_UDP, length));
  const expected = c.expected === 0 ? 0xffff : c.expected;
  return { ok: c.actual === 0 || c.ok, actual: c.actual, expected };
}

/** verifyUdpChecksum over IPv6, where a zero checksum is not allowed (RFC 8200 §8.1: dropped). */
export function verifyUdp6Checksum(bytes: Uint8Array, src: Ipv6Addr, dst: Ipv6Addr, offset = 0): ChecksumCheck {
  if (bytes.length - offset < UDP_HEADER_LENGTH) return { ok: false, actual: 0, expected: 0 };
  const length = u16(bytes, offset + 4);
  const end = Math.min(offset + Math.max(length, UDP_HEADER_LENGTH), bytes.length);
  const c = checkChecksum(bytes, offset, end, offset + 6, ipv6PseudoHeaderSum(src, dst, IPPROTO_UDP, length));
  return { ok: c.actual !== 0 && c.ok, actual: c.actual, expected: c.expected === 0 ? 0xffff : c.expected };
}
