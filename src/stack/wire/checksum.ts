/**
 * The Internet checksum (RFC 1071). The one's-complement sum is byte-order independent
 * (RFC 1071 §2(B)), so when the data is 4-byte aligned we sum little-endian 32-bit words
 * through a Uint32Array view and swap the folded result once: a word at a time instead of
 * a byte pair at a time. Accumulators are doubles, exact to 2^53, folded every 2^20 words.
 */
import type { Ipv4Addr } from './addr.ts';

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** One's-complement 16-bit sum (not inverted) of b[start..end), added to `seed`. */
export function onesSum(b: Uint8Array, start = 0, end = b.length, seed = 0): number {
  let sum = seed;
  let i = start;
  const abs = b.byteOffset + i;
  if (LITTLE_ENDIAN && end - i >= 64 && (abs & 3) === 0) {
    const words = (end - i) >>> 2;
    const view = new Uint32Array(b.buffer, abs, words);
    let acc = 0;
    let n = 0;
    while (n < words) {
      const stop = Math.min(words, n + (1 << 20));
      for (; n < stop; n++) acc += view[n]!;
      acc = (acc % 0xffffffff) || (acc === 0 ? 0 : 0xffffffff);
    }
    // fold the 32-bit LE sum to 16 bits, then swap to network order
    let s16 = (acc >>> 16) + (acc & 0xffff);
    s16 = (s16 >>> 16) + (s16 & 0xffff);
    s16 = (s16 >>> 16) + (s16 & 0xffff);
    sum += ((s16 & 0xff) << 8) | (s16 >>> 8);
    i += words << 2;
  }
  const pairsEnd = i + ((end - i) & ~1);
  for (; i < pairsEnd; i += 2) sum += (b[i]! << 8) | b[i + 1]!;
  if (i < end) sum += b[i]! << 8;
  return fold(sum);
}

export function fold(sum: number): number {
  while (sum > 0xffff) sum = (sum % 0x10000) + Math.floor(sum / 0x10000);
  return sum;
}

/** The checksum field value: the inverted folded sum. */
export function internetChecksum(b: Uint8Array, start = 0, end = b.length, seed = 0): number {
  return ~onesSum(b, start, end, seed) & 0xffff;
}

/** Sum of the IPv4 pseudo-header for TCP and UDP (RFC 9293 §3.1, RFC 768). */
export function pseudoHeaderSum(src: Ipv4Addr, dst: Ipv4Addr, protocol: number, length: number): number {
  return fold((src >>> 16) + (src & 0xffff) + (dst >>> 16) + (dst & 0xffff) + protocol + length);
}
