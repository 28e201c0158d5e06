/**
 * MD5 (RFC 1321) of a text, for the JA3/JA3S hashes tshark shows under a hello. Written out
 * here because the details pane also runs in the report viewer, in a browser, where node:crypto
 * is not available. Not for security: JA3 is a fingerprint, and MD5 is what it is defined with.
 */

/** per-round shift amounts (RFC 1321 §3.4) */
const S = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];
/** K[i] = floor(abs(sin(i + 1)) * 2^32) (RFC 1321 §3.4) */
const K = Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) >>> 0);

/** The MD5 digest of `text`'s Latin-1 bytes (JA3 strings are ASCII), as 32 lowercase hex digits. */
export function md5Hex(text: string): string {
  const n = text.length;
  const blocks = ((n + 8) >>> 6) + 1;
  const words = new Uint32Array(blocks * 16);
  for (let i = 0; i < n; i++) words[i >> 2]! |= (text.charCodeAt(i) & 0xff) << ((i % 4) * 8);
  words[n >> 2]! |= 0x80 << ((n % 4) * 8);
  words[blocks * 16 - 2] = (n * 8) >>> 0;
  words[blocks * 16 - 1] = Math.floor((n * 8) / 2 ** 32);
  const h = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476];
  for (let b = 0; b < blocks; b++) {
    let [a, bb, c, d] = h as [number, number, number, number];
    for (let i = 0; i < 64; i++) {
      const round = i >> 4;
      let f: number;
      let g: number;
      if (round === 0) [f, g] = [(bb & c) | (~bb & d), i];
      else if (round === 1) [f, g] = [(d & bb) | (~d & c), (5 * i + 1) % 16];
      else if (round === 2) [f, g] = [bb ^ c ^ d, (3 * i + 5) % 16];
      else [f, g] = [c ^ (bb | ~d), (7 * i) % 16];
      const x = (a + f + K[i]! + words[b * 16 + g]!) >>> 0;
      const s = S[round * 4 + (i % 4)]!;
      [a, d, c] = [d, c, bb];
      bb = (bb + ((x << s) | (x >>> (32 - s)))) >>> 0;
    }
    h[0] = (h[0]! + a) >>> 0;
    h[1] = (h[1]! + bb) >>> 0;
    h[2] = (h[2]! + c) >>> 0;
    h[3] = (h[3]! + d) >>> 0;
  }
  return h.map((w) => Array.from({ length: 4 }, (_, i) => ((w >>> (8 * i)) & 0xff).toString(16).padStart(2, '0')).join('')).join('');
}
