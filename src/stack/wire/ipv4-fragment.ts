/**
 * IPv4 fragmentation (RFC 791 §2.3 and §3.2; Linux ip_fragment → ip_do_fragment, and
 * ip_append_data, which cuts a datagram the same way as it builds it): a packet longer than
 * the MTU, DF clear, leaves as fragments that share its header and identification, each
 * carrying a multiple of 8 bytes of its data ((MTU − header) & ~7: 1480 on Ethernet) but the
 * last, More Fragments set on all but the last (or on that too, when the packet was itself a
 * fragment that was not the last), the offset in 8-byte units. Pure: bytes in, bytes out.
 */
import { internetChecksum } from './checksum.ts';

const MF = 0x2000;
const OFFSET_MASK = 0x1fff;

/**
 * The fragments of `packet` (an IPv4 header and its data) for `mtu`, each written into a
 * frame from `alloc(len)` at byte `at` (room for the link header before it).
 */
export function fragmentIpv4(packet: Uint8Array, mtu: number, at: number, alloc: (len: number) => Uint8Array): Uint8Array[] {
  const ihl = (packet[0]! & 0x0f) * 4;
  const total = (packet[2]! << 8) | packet[3]!;
  const data = total - ihl;
  const word = (packet[6]! << 8) | packet[7]!;
  const baseOffset = (word & OFFSET_MASK) * 8;
  const moreAfter = (word & MF) !== 0;
  const chunk = (mtu - ihl) & ~7;
  const out: Uint8Array[] = [];
  for (let off = 0; off < data; off += chunk) {
    const n = Math.min(chunk, data - off);
    const last = off + n >= data;
    const frame = alloc(at + ihl + n);
    frame.set(packet.subarray(0, ihl), at);
    frame.set(packet.subarray(ihl + off, ihl + off + n), at + ihl);
    const len = ihl + n;
    frame[at + 2] = len >>> 8;
    frame[at + 3] = len & 0xff;
    const w = (!last || moreAfter ? MF : 0) | ((baseOffset + off) / 8);
    frame[at + 6] = w >>> 8;
    frame[at + 7] = w & 0xff;
    frame[at + 10] = 0;
    frame[at + 11] = 0;
    const c = internetChecksum(frame, at, at + ihl);
    frame[at + 10] = c >>> 8;
    frame[at + 11] = c & 0xff;
    out.push(frame);
  }
  return out;
}

/** the packet is a fragment: More Fragments set, or a non-zero offset */
export function isFragment(packet: Uint8Array, at = 0): boolean {
  return (((packet[at + 6]! << 8) | packet[at + 7]!) & (MF | OFFSET_MASK)) !== 0;
}
