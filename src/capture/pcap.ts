/**
 * Classic libpcap format (pcap-savefile(5), draft-ietf-opsawg-pcap):
 *
 * ```
 * file header (24 bytes)                     record header (16 bytes), then caplen bytes
 *  0 magic  a1b2c3d4 µs | a1b23c4d ns          0 ts seconds
 *  4 major 2 | minor 4                         4 ts µs or ns
 *  8 thiszone (0) | 12 sigfigs (0)             8 caplen (bytes in the file)
 * 16 snaplen                                  12 origlen (bytes on the wire)
 * 20 link type
 * ```
 *
 * labwire writes little-endian, as tcpdump on an x86 Linux host does; it reads both orders.
 */
import { putU16le, putU32le, u16, u16le, u32, u32le } from '../stack/wire/bytes.ts';

export const PCAP_MAGIC_US = 0xa1b2c3d4;
export const PCAP_MAGIC_NS = 0xa1b23c4d;
export const PCAP_HEADER_LENGTH = 24;
export const PCAP_RECORD_HEADER_LENGTH = 16;
/** tcpdump's and dumpcap's default snapshot length (libpcap MAXIMUM_SNAPLEN). */
export const DEFAULT_SNAPLEN = 262144;

export function encodePcapHeader(linkType: number, snaplen: number, nanos: boolean): Uint8Array {
  const b = new Uint8Array(PCAP_HEADER_LENGTH);
  putU32le(b, 0, nanos ? PCAP_MAGIC_NS : PCAP_MAGIC_US);
  putU16le(b, 4, 2);
  putU16le(b, 6, 4);
  putU32le(b, 16, snaplen);
  putU32le(b, 20, linkType);
  return b;
}

/** Write a record header at `o`; `frac` is µs or ns as the file's magic says. */
export function putPcapRecordHeader(b: Uint8Array, o: number, sec: number, frac: number, capLen: number, origLen: number): void {
  putU32le(b, o, sec);
  putU32le(b, o + 4, frac);
  putU32le(b, o + 8, capLen);
  putU32le(b, o + 12, origLen);
}

export interface PcapHeader {
  readonly littleEndian: boolean;
  readonly nanos: boolean;
  readonly major: number;
  readonly minor: number;
  readonly snaplen: number;
  readonly linkType: number;
}

/** Classify the first four bytes; `undefined` if they are not a pcap magic in either order. */
export function pcapMagic(b: Uint8Array, o: number): { littleEndian: boolean; nanos: boolean } | undefined {
  const le = u32le(b, o);
  if (le === PCAP_MAGIC_US || le === PCAP_MAGIC_NS) return { littleEndian: true, nanos: le === PCAP_MAGIC_NS };
  const be = u32(b, o);
  if (be === PCAP_MAGIC_US || be === PCAP_MAGIC_NS) return { littleEndian: false, nanos: be === PCAP_MAGIC_NS };
  return undefined;
}

/** Decode a 24-byte header whose magic {@link pcapMagic} accepted. */
export function decodePcapHeader(b: Uint8Array, o: number, littleEndian: boolean, nanos: boolean): PcapHeader {
  const r16 = littleEndian ? u16le : u16;
  const r32 = littleEndian ? u32le : u32;
  return {
    littleEndian,
    nanos,
    major: r16(b, o + 4),
    minor: r16(b, o + 6),
    snaplen: r32(b, o + 16),
    // the upper half may carry FCS-length bits (libpcap LT_LINKTYPE_EXT); the link type is the low 16
    linkType: r32(b, o + 20) & 0xffff,
  };
}
