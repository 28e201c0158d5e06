/**
 * IPv6 header (RFC 8200 §3) and its extension-header chain (§4). The fixed header is 40
 * bytes; extension headers follow, each naming the next, until an upper-layer protocol (or
 * one this codec does not walk: ESP, AH, Mobility …). Extension headers stay raw views (their
 * own Next Header byte included), so emitting a parsed header gives back the same bytes.
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |Version| Traffic Class |           Flow Label                  |
 *   |         Payload Length        |  Next Header  |   Hop Limit   |
 *   |                  Source Address (128 bits)                    |
 *   |               Destination Address (128 bits)                  |
 */
import { putU16, putU32, u16, u32 } from './bytes.ts';
import { fold, onesSum } from './checksum.ts';
import { parsed, truncated, wireError, type Parsed } from './errors.ts';
import type { Ipv6Addr } from './ipv6-addr.ts';
import { assertRoom } from './room.ts';

export const IPV6_HEADER_LENGTH = 40;
export const IPPROTO_HOPOPTS = 0;
export const IPPROTO_ROUTING = 43;
export const IPPROTO_FRAGMENT = 44;
export const IPPROTO_ICMPV6 = 58;
export const IPPROTO_NONE = 59;
export const IPPROTO_DSTOPTS = 60;

/** One extension header: its type (the Next Header value that named it) and all its bytes. */
export interface Ipv6Extension {
  readonly type: number;
  /** the Next Header byte inside it */
  readonly nextHeader: number;
  /** the whole header, Next Header and length bytes included (a view) */
  readonly bytes: Uint8Array;
}

/** What a sender fills in: version and payload length are derived on emit. */
export interface Ipv6HeaderInit {
  readonly trafficClass?: number;
  readonly flowLabel?: number;
  /** the fixed header's Next Header: the first extension's type, or the upper-layer protocol */
  readonly nextHeader: number;
  readonly hopLimit: number;
  readonly src: Ipv6Addr;
  readonly dst: Ipv6Addr;
  /** in chain order; each one's own Next Header byte must name the one after it */
  readonly extensions?: readonly Ipv6Extension[];
}

export interface Ipv6Header extends Ipv6HeaderInit {
  readonly version: 6;
  readonly trafficClass: number;
  readonly flowLabel: number;
  readonly payloadLength: number;
  readonly extensions: readonly Ipv6Extension[];
  /** the protocol after the last extension header walked (TCP, UDP, ICMPv6, ESP, No Next Header …) */
  readonly protocol: number;
  /** fixed header plus extension headers, in bytes */
  readonly headerLength: number;
  /** from a Fragment header (RFC 8200 §4.5), offset in bytes */
  readonly fragment?: { readonly offset: number; readonly more: boolean; readonly ident: number };
}

const NO_EXTENSIONS: readonly Ipv6Extension[] = [];

/** Extension headers whose length is in 8-byte units after the first 8 (RFC 8200 §4.3, 4.4, 4.6). */
function isExtension(type: number): boolean {
  return type === IPPROTO_HOPOPTS || type === IPPROTO_ROUTING || type === IPPROTO_FRAGMENT || type === IPPROTO_DSTOPTS;
}

/**
 * Parses the header at `offset` and walks its extension headers; `end` of the result is where
 * the upper-layer header starts. The payload length must fit in the buffer (a jumbogram's 0
 * is taken as 0).
 */
export function parseIpv6(bytes: Uint8Array, offset = 0): Parsed<Ipv6Header> {
  const avail = bytes.length - offset;
  if (avail < IPV6_HEADER_LENGTH) return truncated('ipv6', 'header', offset, IPV6_HEADER_LENGTH, bytes.length);
  const version = bytes[offset]! >>> 4;
  if (version !== 6) return wireError('ipv6', 'version', offset, `version ${version}, expected 6`);
  const payloadLength = u16(bytes, offset + 4);
  const packetEnd = offset + IPV6_HEADER_LENGTH + payloadLength;
  if (packetEnd > bytes.length) {
    return wireError('ipv6', 'payloadLength', offset + 4, `truncated: payload length ${payloadLength}, ${avail - IPV6_HEADER_LENGTH} bytes available`);
  }
  const word = u32(bytes, offset);
  const nextHeader = bytes[offset + 6]!;
  const extensions: Ipv6Extension[] = [];
  let fragment: Ipv6Header['fragment'];
  let protocol = nextHeader;
  let at = offset + IPV6_HEADER_LENGTH;
  while (isExtension(protocol)) {
    if (packetEnd - at < 8) return truncated('ipv6', 'extension', at, 8, packetEnd);
    const length = protocol === IPPROTO_FRAGMENT ? 8 : (bytes[at + 1]! + 1) * 8;
    if (at + length > packetEnd) return truncated('ipv6', 'extension', at, length, packetEnd);
    if (protocol === IPPROTO_FRAGMENT) {
      const w = u16(bytes, at + 2);
      fragment = { offset: w & 0xfff8, more: (w & 1) !== 0, ident: u32(bytes, at + 4) };
    }
    extensions.push({ type: protocol, nextHeader: bytes[at]!, bytes: bytes.subarray(at, at + length) });
    protocol = bytes[at]!;
    at += length;
  }
  const value: Ipv6Header = {
    version: 6,
    trafficClass: (word >>> 20) & 0xff,
    flowLabel: word & 0xfffff,
    payloadLength,
    nextHeader,
    hopLimit: bytes[offset + 7]!,
    src: bytes.subarray(offset + 8, offset + 24),
    dst: bytes.subarray(offset + 24, offset + 40),
    extensions: extensions.length === 0 ? NO_EXTENSIONS : extensions,
    protocol,
    headerLength: at - offset,
    ...(fragment ? { fragment } : {}),
  };
  return parsed(value, at);
}

/** Header length in bytes with these extension headers. */
export function ipv6HeaderLength(h: Ipv6HeaderInit): number {
  let n = IPV6_HEADER_LENGTH;
  for (const e of h.extensions ?? NO_EXTENSIONS) n += e.bytes.length;
  return n;
}

/**
 * Writes the header and its extension headers for an upper-layer payload of `payloadLength`
 * bytes at `offset`; returns where the payload goes. An address that is not 16 bytes, or an
 * extension header that is not whole 8-byte units, is a caller's bug and throws.
 */
export function emitIpv6Into(h: Ipv6HeaderInit, payloadLength: number, out: Uint8Array, offset: number): number {
  if (h.src.length !== 16 || h.dst.length !== 16) throw new RangeError('ipv6 addresses are 16 bytes');
  const headerLength = ipv6HeaderLength(h);
  assertRoom(out, offset + headerLength, 'ipv6');
  putU32(out, offset, (0x60000000 | ((h.trafficClass ?? 0) << 20) | (h.flowLabel ?? 0)) >>> 0);
  putU16(out, offset + 4, headerLength - IPV6_HEADER_LENGTH + payloadLength);
  out[offset + 6] = h.nextHeader;
  out[offset + 7] = h.hopLimit;
  out.set(h.src, offset + 8);
  out.set(h.dst, offset + 24);
  let at = offset + IPV6_HEADER_LENGTH;
  for (const e of h.extensions ?? NO_EXTENSIONS) {
    if (e.bytes.length === 0 || e.bytes.length % 8 !== 0) throw new RangeError(`ipv6 extension header of ${e.bytes.length} bytes is not whole 8-byte units`);
    out.set(e.bytes, at);
    at += e.bytes.length;
  }
  return at;
}

/** The header alone (the payload is the caller's); see emitIpv6Into. */
export function emitIpv6(h: Ipv6HeaderInit, payloadLength: number): Uint8Array {
  const out = new Uint8Array(ipv6HeaderLength(h));
  emitIpv6Into(h, payloadLength, out, 0);
  return out;
}

/** Sum of the IPv6 pseudo-header for an upper-layer checksum (RFC 8200 §8.1). */
export function ipv6PseudoHeaderSum(src: Ipv6Addr, dst: Ipv6Addr, nextHeader: number, length: number): number {
  return fold(onesSum(dst, 0, 16, onesSum(src, 0, 16)) + Math.floor(length / 0x10000) + (length & 0xffff) + nextHeader);
}
