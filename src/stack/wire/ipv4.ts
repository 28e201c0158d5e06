/**
 * IPv4 header (RFC 791 §3.1). Parsing stops at the end of the header: `end` is where the
 * payload begins, and the payload runs to `offset + totalLength` (bytes after that in a frame
 * are link-layer padding).
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |Version|  IHL  |   DSCP/ECN    |          Total Length         |
 *  |         Identification        |R|D|M|      Fragment Offset    |
 *  |  Time to Live |    Protocol   |         Header Checksum       |
 *  |                       Source Address                          |
 *  |                    Destination Address                        |
 *  |                    Options (IHL > 5)                          |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
import { readIpv4, writeIpv4, type Ipv4Addr } from './addr.ts';
import { putU16, u16 } from './bytes.ts';
import { checkChecksum, checksumOk, internetChecksum, type ChecksumCheck } from './checksum.ts';
import { parsed, truncated, wireError, type Parsed } from './errors.ts';
import { assertRoom } from './room.ts';

export const IPV4_HEADER_LENGTH = 20;
export const IPPROTO_ICMP = 1;
export const IPPROTO_IGMP = 2;
export const IPPROTO_TCP = 6;
export const IPPROTO_UDP = 17;

export interface Ipv4Flags {
  /** the reserved bit (RFC 791: must be zero; RFC 3514's "evil bit"), kept for lossless re-emit */
  readonly rf: boolean;
  readonly df: boolean;
  readonly mf: boolean;
}

export interface Ipv4Header {
  readonly version: 4;
  /** header length in 32-bit words */
  readonly ihl: number;
  readonly dscpEcn: number;
  readonly totalLength: number;
  readonly ident: number;
  readonly flags: Ipv4Flags;
  /** in 8-byte units, as on the wire */
  readonly fragOffset: number;
  readonly ttl: number;
  readonly protocol: number;
  /** as read; see verifyIpv4Checksum */
  readonly checksum: number;
  readonly src: Ipv4Addr;
  readonly dst: Ipv4Addr;
  /** the header bytes after the first 20, padding included (a view, not a copy) */
  readonly options: Uint8Array;
}

/** What a sender fills in: version, IHL, total length and checksum are derived on emit. */
export interface Ipv4HeaderInit {
  readonly dscpEcn?: number;
  readonly ident: number;
  readonly flags: { readonly rf?: boolean; readonly df: boolean; readonly mf: boolean };
  readonly fragOffset?: number;
  readonly ttl: number;
  readonly protocol: number;
  readonly src: Ipv4Addr;
  readonly dst: Ipv4Addr;
  /** whole 32-bit words, at most 40 bytes */
  readonly options?: Uint8Array;
}

const NO_OPTIONS = new Uint8Array(0);
/** The 8 flag combinations, indexed by the top 3 bits of the flags/fragment word: no allocation per parse. */
const FLAGS: readonly Ipv4Flags[] = Array.from({ length: 8 }, (_, bits) =>
  Object.freeze({ rf: (bits & 4) !== 0, df: (bits & 2) !== 0, mf: (bits & 1) !== 0 }));

export function parseIpv4(bytes: Uint8Array, offset = 0): Parsed<Ipv4Header> {
  return parseHeader(bytes, offset, false);
}

/**
 * The IPv4 header quoted in an ICMP error (RFC 792: the header and the first 8 bytes of its
 * data; Linux quotes up to 576 bytes in all). Its total length is the original packet's, so
 * it may exceed what was quoted; everything else is checked as parseIpv4 does.
 */
export function parseQuotedIpv4(bytes: Uint8Array, offset = 0): Parsed<Ipv4Header> {
  return parseHeader(bytes, offset, true);
}

/**
 * Why the IPv4 header at `offset` does not parse (parseIpv4's checks), or undefined when it
 * does: for a reader that then takes the few fields it needs from the bytes without building
 * the header (IP input, once per frame).
 */
export function ipv4HeaderError(bytes: Uint8Array, offset = 0, quoted = false): Parsed<never> | undefined {
  const avail = bytes.length - offset;
  if (avail < IPV4_HEADER_LENGTH) return truncated('ipv4', 'header', offset, IPV4_HEADER_LENGTH, bytes.length);
  const version = bytes[offset]! >>> 4;
  if (version !== 4) return wireError('ipv4', 'version', offset, `version ${version}, expected 4`);
  const ihl = bytes[offset]! & 0x0f;
  if (ihl < 5) return wireError('ipv4', 'ihl', offset, `header length ${ihl} words < 5`);
  const headerLength = ihl * 4;
  if (avail < headerLength) return truncated('ipv4', 'options', offset + IPV4_HEADER_LENGTH, headerLength - IPV4_HEADER_LENGTH, bytes.length);
  const totalLength = u16(bytes, offset + 2);
  if (totalLength < headerLength) {
    return wireError('ipv4', 'totalLength', offset + 2, `total length ${totalLength} < header length ${headerLength}`);
  }
  if (totalLength > avail && !quoted) {
    return wireError('ipv4', 'totalLength', offset + 2, `truncated: total length ${totalLength}, ${avail} bytes available`);
  }
  return undefined;
}

function parseHeader(bytes: Uint8Array, offset: number, quoted: boolean): Parsed<Ipv4Header> {
  const bad = ipv4HeaderError(bytes, offset, quoted);
  if (bad) return bad;
  const ihl = bytes[offset]! & 0x0f;
  const headerLength = ihl * 4;
  const totalLength = u16(bytes, offset + 2);
  const fragWord = u16(bytes, offset + 6);
  const value: Ipv4Header = {
    version: 4,
    ihl,
    dscpEcn: bytes[offset + 1]!,
    totalLength,
    ident: u16(bytes, offset + 4),
    flags: FLAGS[fragWord >>> 13]!,
    fragOffset: fragWord & 0x1fff,
    ttl: bytes[offset + 8]!,
    protocol: bytes[offset + 9]!,
    checksum: u16(bytes, offset + 10),
    src: readIpv4(bytes, offset + 12),
    dst: readIpv4(bytes, offset + 16),
    options: ihl === 5 ? NO_OPTIONS : bytes.subarray(offset + IPV4_HEADER_LENGTH, offset + headerLength),
  };
  return parsed(value, offset + headerLength);
}

/** Header length in bytes for the given options. */
export function ipv4HeaderLength(options: Uint8Array | undefined): number {
  return IPV4_HEADER_LENGTH + (options === undefined ? 0 : options.length);
}

/**
 * Writes the header for a payload of `payloadLength` bytes at `offset`, checksum filled in;
 * returns where the payload goes. Options that are not whole words, or longer than 40 bytes,
 * are a caller's bug and throw.
 */
export function emitIpv4Into(h: Ipv4HeaderInit, payloadLength: number, out: Uint8Array, offset: number): number {
  const options = h.options ?? NO_OPTIONS;
  if ((options.length & 3) !== 0 || options.length > 40) {
    throw new RangeError(`ipv4 options must be whole words, at most 40 bytes (got ${options.length})`);
  }
  const headerLength = IPV4_HEADER_LENGTH + options.length;
  assertRoom(out, offset + headerLength, 'ipv4');
  const f = h.flags;
  out[offset] = 0x40 | (headerLength >>> 2);
  out[offset + 1] = h.dscpEcn ?? 0;
  putU16(out, offset + 2, headerLength + payloadLength);
  putU16(out, offset + 4, h.ident);
  putU16(out, offset + 6, (f.rf === true ? 0x8000 : 0) | (f.df ? 0x4000 : 0) | (f.mf ? 0x2000 : 0) | (h.fragOffset ?? 0));
  out[offset + 8] = h.ttl;
  out[offset + 9] = h.protocol;
  out[offset + 10] = 0;
  out[offset + 11] = 0;
  writeIpv4(out, offset + 12, h.src);
  writeIpv4(out, offset + 16, h.dst);
  if (options.length > 0) out.set(options, offset + IPV4_HEADER_LENGTH);
  putU16(out, offset + 10, internetChecksum(out, offset, offset + headerLength));
  return offset + headerLength;
}

/** The header alone (the payload is the caller's); see emitIpv4Into. */
export function emitIpv4(h: Ipv4HeaderInit, payloadLength: number): Uint8Array {
  const out = new Uint8Array(ipv4HeaderLength(h.options));
  emitIpv4Into(h, payloadLength, out, 0);
  return out;
}

/** verifyIpv4Checksum(…).ok with no result object: a receiver's check. */
export function ipv4ChecksumOk(bytes: Uint8Array, offset: number): boolean {
  const headerLength = Math.max(IPV4_HEADER_LENGTH, (bytes[offset]! & 0x0f) * 4);
  return bytes.length - offset >= headerLength && checksumOk(bytes, offset, offset + headerLength);
}

/** Checks the header checksum of the IPv4 header at `offset` (IHL taken from the bytes). */
export function verifyIpv4Checksum(bytes: Uint8Array, offset = 0): ChecksumCheck {
  const headerLength = Math.max(IPV4_HEADER_LENGTH, (bytes[offset]! & 0x0f) * 4);
  if (bytes.length - offset < headerLength) {
    return { ok: false, actual: offset + 11 < bytes.length ? u16(bytes, offset + 10) : 0, expected: 0 };
  }
  return checkChecksum(bytes, offset, offset + headerLength, offset + 10);
}
