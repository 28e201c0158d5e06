/**
 * Ethernet II header (IEEE 802.3 framing as Linux sends it: no preamble, no FCS in captures).
 *
 *  +--------------------+--------------------+---------------+-----------
 *  | destination MAC (6)|   source MAC (6)   | EtherType (2) | payload …
 *  +--------------------+--------------------+---------------+-----------
 */
import { readMac, writeMac, type MacAddr } from './addr.ts';
import { putU16, u16 } from './bytes.ts';
import { parsed, truncated, type Parsed } from './errors.ts';
import { assertRoom } from './room.ts';

export const ETHERNET_HEADER_LENGTH = 14;
export const ETHERTYPE_IPV4 = 0x0800;
export const ETHERTYPE_ARP = 0x0806;
export const ETHERTYPE_VLAN = 0x8100;
export const ETHERTYPE_IPV6 = 0x86dd;

/** The 14-byte Ethernet II header. Parsing it gives `end` = where the payload begins. */
export interface EthernetHeader {
  readonly dst: MacAddr;
  readonly src: MacAddr;
  readonly etherType: number;
}

/** STYLE's name for the same thing: a frame is its header plus the bytes after `end`. */
export type EthernetFrame = EthernetHeader;

export function parseEthernet(bytes: Uint8Array, offset = 0): Parsed<EthernetHeader> {
  if (bytes.length - offset < ETHERNET_HEADER_LENGTH) {
    return truncated('eth', 'header', offset, ETHERNET_HEADER_LENGTH, bytes.length);
  }
  const value: EthernetHeader = {
    dst: readMac(bytes, offset),
    src: readMac(bytes, offset + 6),
    etherType: u16(bytes, offset + 12),
  };
  return parsed(value, offset + ETHERNET_HEADER_LENGTH);
}

/** Writes the 14-byte header at `offset`; returns where the payload goes. */
export function emitEthernetInto(h: EthernetHeader, out: Uint8Array, offset: number): number {
  assertRoom(out, offset + ETHERNET_HEADER_LENGTH, 'eth');
  writeMac(out, offset, h.dst);
  writeMac(out, offset + 6, h.src);
  putU16(out, offset + 12, h.etherType);
  return offset + ETHERNET_HEADER_LENGTH;
}

/** The header followed by `payload` (copied: this builds a new frame). */
export function emitEthernet(h: EthernetHeader, payload: Uint8Array = new Uint8Array(0)): Uint8Array {
  const out = new Uint8Array(ETHERNET_HEADER_LENGTH + payload.length);
  out.set(payload, emitEthernetInto(h, out, 0));
  return out;
}
