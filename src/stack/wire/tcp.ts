/**
 * TCP header (RFC 9293 §3.1). Flags stay bits; options stay an ordered list.
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |          Source Port          |       Destination Port        |
 *   |                        Sequence Number                        |
 *   |                    Acknowledgment Number                      |
 *   |  Data |       |C|E|U|A|P|R|S|F|                               |
 *   | Offset| Rsrvd |W|C|R|C|S|S|Y|I|            Window             |
 *   |           Checksum            |         Urgent Pointer        |
 *   |                           [Options]                           |
 */
import type { Ipv4Addr } from './addr.ts';
import { putU16, putU32, u16, u32 } from './bytes.ts';
import { checkChecksum, checksumOk, onesSum, pseudoHeaderSum, type ChecksumCheck } from './checksum.ts';
import { parsed, truncated, wireError, type Parsed } from './errors.ts';
import { IPPROTO_TCP } from './ipv4.ts';
import { ipv6PseudoHeaderSum } from './ipv6.ts';
import type { Ipv6Addr } from './ipv6-addr.ts';
import { assertRoom } from './room.ts';
import { parseTcpOptions, parseTcpOptionsReusing, tcpOptionsLength, writeTcpOptions, type ReusedTimestamps, type TcpOption } from './tcp-options.ts';

export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_PSH = 0x08;
export const TCP_ACK = 0x10;
export const TCP_URG = 0x20;
export const TCP_ECE = 0x40;
export const TCP_CWR = 0x80;

/** A segment as built by a stack: lengths and checksum are derived when emitted. */
export interface TcpSegmentInit {
  readonly srcPort: number;
  readonly dstPort: number;
  readonly seq: number;
  readonly ack: number;
  /** the 8 flag bits CWR..FIN */
  readonly flags: number;
  readonly window: number;
  readonly urgent?: number;
  readonly options: readonly TcpOption[];
  /** a view into the sender's stream, never a copy */
  readonly payload: Uint8Array;
}

/** A segment as read from the wire: every field as it was, checksum included. */
export interface TcpSegment extends TcpSegmentInit {
  readonly dataOffset: number;
  /** the 4 reserved bits (bit 0 of these is the historic NS/AE bit) */
  readonly reserved: number;
  readonly checksum: number;
  readonly urgent: number;
}

export const TCP_HEADER_LENGTH = 20;

/**
 * Parses the segment in bytes[offset..end). TCP has no length field: the segment runs to the
 * end of its IP payload, which the caller passes as `end` (default: the buffer's end).
 */
export function parseTcp(bytes: Uint8Array, offset = 0, end = bytes.length): Parsed<TcpSegment> {
  if (end > bytes.length) end = bytes.length;
  const bad = headerError(bytes, offset, end);
  if (bad) return bad;
  const options = parseTcpOptions(bytes, offset + TCP_HEADER_LENGTH, offset + (bytes[offset + 12]! >>> 4) * 4);
  if (!options.ok) return options;
  return parsed(fillTcpSegment(newTcpSegment(), bytes, offset, end, options.value), end);
}

/** A TcpSegment an input path fills again for every segment (parseTcpInto). */
export type ReusedTcpSegment = { -readonly [K in keyof TcpSegment]: TcpSegment[K] };

export function newTcpSegment(): ReusedTcpSegment {
  return { srcPort: 0, dstPort: 0, seq: 0, ack: 0, flags: 0, window: 0, urgent: 0, options: [], payload: NO_PAYLOAD, dataOffset: 5, reserved: 0, checksum: 0 };
}

/**
 * parseTcp into `into`, its usual options (NOP NOP TS) into `reuse`: no allocation but the
 * payload's view. For a path that keeps no segment past the call it hands it to (a keeper
 * copies: copyTcpSegment). Returns the error, or undefined when `into` holds the segment.
 */
export function parseTcpInto(bytes: Uint8Array, offset: number, end: number, into: ReusedTcpSegment, reuse: ReusedTimestamps): Parsed<never> | undefined {
  if (end > bytes.length) end = bytes.length;
  const bad = headerError(bytes, offset, end);
  if (bad) return bad;
  const options = parseTcpOptionsReusing(bytes, offset + TCP_HEADER_LENGTH, offset + (bytes[offset + 12]! >>> 4) * 4, reuse);
  if ('ok' in options) return options;
  fillTcpSegment(into, bytes, offset, end, options);
  return undefined;
}

/** A segment of one's own, for keeping one that a reused segment or frame only lends (its payload copied). */
export function copyTcpSegment(seg: TcpSegment): TcpSegment {
  return { ...seg, options: seg.options.map((o) => ({ ...o })), payload: seg.payload.slice() };
}

const NO_PAYLOAD = new Uint8Array(0);

/** The header's own checks (RFC 9293 §3.1): 20 bytes, a data offset of 5 or more, options inside the segment. */
function headerError(bytes: Uint8Array, offset: number, end: number): Parsed<never> | undefined {
  if (end - offset < TCP_HEADER_LENGTH) return truncated('tcp', 'header', offset, TCP_HEADER_LENGTH, end);
  const dataOffset = bytes[offset + 12]! >>> 4;
  if (dataOffset < 5) return wireError('tcp', 'dataOffset', offset + 12, `data offset ${dataOffset} < 5`);
  if (offset + dataOffset * 4 > end) return truncated('tcp', 'options', offset + TCP_HEADER_LENGTH, dataOffset * 4 - TCP_HEADER_LENGTH, end);
  return undefined;
}

function fillTcpSegment(into: ReusedTcpSegment, bytes: Uint8Array, offset: number, end: number, options: readonly TcpOption[]): ReusedTcpSegment {
  const dataOffset = bytes[offset + 12]! >>> 4;
  into.srcPort = u16(bytes, offset);
  into.dstPort = u16(bytes, offset + 2);
  into.seq = u32(bytes, offset + 4);
  into.ack = u32(bytes, offset + 8);
  into.flags = bytes[offset + 13]!;
  into.window = u16(bytes, offset + 14);
  into.urgent = u16(bytes, offset + 18);
  into.options = options;
  into.payload = bytes.subarray(offset + dataOffset * 4, end);
  into.dataOffset = dataOffset;
  into.reserved = bytes[offset + 12]! & 0x0f;
  into.checksum = u16(bytes, offset + 16);
  return into;
}

/** Header length in bytes for these options: 20 plus the options padded to a 4-byte boundary. */
export function tcpHeaderLength(options: readonly TcpOption[]): number {
  return TCP_HEADER_LENGTH + ((tcpOptionsLength(options) + 3) & ~3);
}

/** Bytes the whole segment takes: header, options, padding, payload. */
export function tcpSegmentLength(seg: TcpSegmentInit): number {
  return tcpHeaderLength(seg.options) + seg.payload.length;
}

/**
 * Writes the segment at `offset`: header, options in list order (zero EOL bytes pad to a word
 * boundary only when the list does not end on one), payload, and the checksum over the
 * pseudo-header. The reserved bits are written when `seg` carries them (a parsed segment),
 * else 0. Options longer than 40 bytes are a caller's bug and throw. Returns the end offset.
 */
export function emitTcpInto(seg: TcpSegmentInit, src: Ipv4Addr, dst: Ipv4Addr, out: Uint8Array, offset: number): number {
  return emitTcpSummed(seg, pseudoHeaderSum(src, dst, IPPROTO_TCP, 0), out, offset);
}

/** emitTcpInto over IPv6: the checksum covers the IPv6 pseudo-header (RFC 8200 §8.1). */
export function emitTcp6Into(seg: TcpSegmentInit, src: Ipv6Addr, dst: Ipv6Addr, out: Uint8Array, offset: number): number {
  return emitTcpSummed(seg, ipv6PseudoHeaderSum(src, dst, IPPROTO_TCP, 0), out, offset);
}

/**
 * The segment, its checksum seeded with `pseudoSum`: the pseudo-header's sum without its
 * length, which is added here (one's-complement addition is order-free). One body for both
 * families, so the IPv4 path inlines as it did.
 */
function emitTcpSummed(seg: TcpSegmentInit, pseudoSum: number, out: Uint8Array, offset: number): number {
  const headerLength = tcpHeaderLength(seg.options);
  if (headerLength > 60) throw new RangeError(`tcp options take ${headerLength - TCP_HEADER_LENGTH} bytes, at most 40 fit`);
  assertRoom(out, offset + headerLength + seg.payload.length, 'tcp');
  let headerEnd = writeTcpOptions(seg.options, out, offset + TCP_HEADER_LENGTH);
  while (headerEnd < offset + headerLength) out[headerEnd++] = 0;
  putU16(out, offset, seg.srcPort);
  putU16(out, offset + 2, seg.dstPort);
  putU32(out, offset + 4, seg.seq);
  putU32(out, offset + 8, seg.ack);
  out[offset + 12] = (headerLength << 2) | (((seg as Partial<TcpSegment>).reserved ?? 0) & 0x0f);
  out[offset + 13] = seg.flags;
  putU16(out, offset + 14, seg.window);
  putU16(out, offset + 16, 0);
  putU16(out, offset + 18, seg.urgent ?? 0);
  if (seg.payload.length > 0) out.set(seg.payload, headerEnd); // bare ACKs skip the builtin call
  const end = headerEnd + seg.payload.length;
  const length = end - offset;
  putU16(out, offset + 16, ~onesSum(out, offset, end, pseudoSum + length) & 0xffff);
  return end;
}

export function emitTcp(seg: TcpSegmentInit, src: Ipv4Addr, dst: Ipv4Addr): Uint8Array {
  const out = new Uint8Array(tcpSegmentLength(seg));
  emitTcpInto(seg, src, dst, out, 0);
  return out;
}

/** Checks the checksum of the segment in bytes[offset..end) against the pseudo-header of src → dst. */
export function verifyTcpChecksum(bytes: Uint8Array, src: Ipv4Addr, dst: Ipv4Addr, offset = 0, end = bytes.length): ChecksumCheck {
  if (end > bytes.length) end = bytes.length;
  if (end - offset < TCP_HEADER_LENGTH) return { ok: false, actual: 0, expected: 0 };
  return checkChecksum(bytes, offset, end, offset + 16, pseudoHeaderSum(src, dst, IPPROTO_TCP, end - offset));
}

/** verifyTcpChecksum(…).ok with no result object: a receiver's check. */
export function tcpChecksumOk(bytes: Uint8Array, src: Ipv4Addr, dst: Ipv4Addr, offset: number, end: number): boolean {
  if (end > bytes.length) end = bytes.length;
  return end - offset >= TCP_HEADER_LENGTH && checksumOk(bytes, offset, end, pseudoHeaderSum(src, dst, IPPROTO_TCP, end - offset));
}

/** verifyTcpChecksum with the IPv6 pseudo-header. */
export function verifyTcp6Checksum(bytes: Uint8Array, src: Ipv6Addr, dst: Ipv6Addr, offset = 0, end = bytes.length): ChecksumCheck {
  if (end > bytes.length) end = bytes.length;
  if (end - offset < TCP_HEADER_LENGTH) return { ok: false, actual: 0, expected: 0 };
  return checkChecksum(bytes, offset, end, offset + 16, ipv6PseudoHeaderSum(src, dst, IPPROTO_TCP, end - offset));
}
