import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkChecksum, checksumOk, fold, internetChecksum, onesSum, pseudoHeaderSum } from '../../../src/stack/wire/checksum.ts';
import { ipv4ChecksumOk, verifyIpv4Checksum } from '../../../src/stack/wire/ipv4.ts';
import { tcpChecksumOk, verifyTcpChecksum } from '../../../src/stack/wire/tcp.ts';
import { bytesOf } from '../../helpers/codec.ts';

/** RFC 1071 §1 written out plainly: big-endian byte pairs, a lone last byte padded with zero. */
function referenceSum(b: Uint8Array, start: number, end: number, seed: number): number {
  let sum = seed;
  for (let i = start; i < end; i += 2) sum += (b[i]! << 8) + (i + 1 < end ? b[i + 1]! : 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 0x10000);
  return sum;
}

describe('internetChecksum', () => {
  it('matches RFC 1071 §3\'s example: 00 01 f2 03 f4 f5 f6 f7 sums to ddf2', () => {
    const b = bytesOf('0001f203f4f5f6f7');
    expect(onesSum(b)).toBe(0xddf2);
    expect(internetChecksum(b)).toBe(0x220d);
  });

  it('pads an odd last byte with zero (RFC 1071 §1)', () => {
    expect(onesSum(bytesOf('0001f203f4f5f6f7ab'))).toBe(fold(0xddf2 + 0xab00));
  });

  it('gives the checksum tshark computed for the SYN\'s IPv4 header (0xa41f, echo10000 frame 3)', () => {
    const header = bytesOf('4500003c1db140000000' + '0000' + 'ac101066ac101065');
    header[8] = 0x40;
    header[9] = 0x06;
    expect(internetChecksum(header)).toBe(0xa41f);
  });

  it('sums to 0xffff over a header that includes its own correct checksum', () => {
    expect(onesSum(bytesOf('4500003c1db140004006a41fac101066ac101065'))).toBe(0xffff);
  });
});

describe('onesSum', () => {
  it('agrees with the byte-pair reference on random data at every alignment, length and seed', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 0, maxLength: 1600 }), fc.nat(7), fc.nat(), fc.nat(), fc.integer({ min: 0, max: 0x3ffff }),
        (data, shift, a, b, seed) => {
          const buf = new Uint8Array(data.length + 8);
          const view = buf.subarray(shift, shift + data.length); // varies byteOffset & 3
          view.set(data);
          const start = data.length === 0 ? 0 : a % (data.length + 1);
          const end = start + (b % (data.length - start + 1));
          expect(onesSum(view, start, end, seed)).toBe(referenceSum(view, start, end, seed));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('agrees with the reference on views of shared buffers summed one after another (the kept word view)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(2), fc.nat(4000), fc.nat(1600), fc.nat(0x3ffff)), { minLength: 1, maxLength: 30 }),
        (cuts) => {
          const slabs = [new Uint8Array(6000), new Uint8Array(6000), new Uint8Array(300)];
          slabs.forEach((s, k) => s.forEach((_, i) => (s[i] = (i * 31 + k * 7) & 0xff)));
          for (const [k, at, len, seed] of cuts) {
            const slab = slabs[k]!;
            const from = at % slab.length;
            const view = slab.subarray(from, Math.min(slab.length, from + len));
            expect(onesSum(view, 0, view.length, seed)).toBe(referenceSum(view, 0, view.length, seed));
            slab[from] = (slab[from]! + 1) & 0xff; // the next sum of this slab must see the change
          }
        },
      ),
    );
  });

  it('sums a resizable buffer right after it shrank and grew again', () => {
    const rab = new (ArrayBuffer as unknown as new (n: number, o: { maxByteLength: number }) => ArrayBuffer & { resize(n: number): void })(4096, { maxByteLength: 8192 });
    const b = new Uint8Array(rab);
    b.fill(0x5a);
    expect(onesSum(b)).toBe(referenceSum(b, 0, b.length, 0));
    rab.resize(256);
    expect(onesSum(b)).toBe(referenceSum(b, 0, b.length, 0));
    rab.resize(8192);
    b.fill(0xa7);
    expect(onesSum(b)).toBe(referenceSum(b, 0, b.length, 0));
  });

  it('agrees with the reference on long runs of 0xff, where the word accumulator folds (2^20 words)', () => {
    const b = new Uint8Array((1 << 22) + 13).fill(0xff);
    for (const start of [0, 1, 2, 3]) expect(onesSum(b, start)).toBe(referenceSum(b, start, b.length, 0));
  });

  it('agrees with the reference on long runs of random bytes, odd and even starts', () => {
    const b = new Uint8Array(300_001);
    let x = 12345;
    for (let i = 0; i < b.length; i++) b[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
    for (const start of [0, 1, 2, 3, 5]) expect(onesSum(b, start, b.length - 2)).toBe(referenceSum(b, start, b.length - 2, 0));
  });

  it('sums nothing to the seed, folded', () => {
    expect(onesSum(new Uint8Array(4), 2, 2, 0x1ffff)).toBe(0x1);
    expect(onesSum(new Uint8Array(0))).toBe(0);
  });
});

describe('pseudoHeaderSum', () => {
  it('equals the sum over the 12 pseudo-header bytes (RFC 9293 §3.1)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 0xffff }), (src, dst, proto, len) => {
      const b = new Uint8Array(12);
      const dv = new DataView(b.buffer);
      dv.setUint32(0, src);
      dv.setUint32(4, dst);
      b[9] = proto;
      dv.setUint16(10, len);
      expect(pseudoHeaderSum(src, dst, proto, len)).toBe(referenceSum(b, 0, 12, 0));
    }));
  });
});

describe('checkChecksum', () => {
  it('accepts a correct field and reports what it should be when wrong', () => {
    const good = bytesOf('4500003c1db140004006a41fac101066ac101065');
    expect(checkChecksum(good, 0, 20, 10)).toEqual({ ok: true, actual: 0xa41f, expected: 0xa41f });
    const bad = good.slice();
    bad[11] = 0x20;
    expect(checkChecksum(bad, 0, 20, 10)).toEqual({ ok: false, actual: 0xa420, expected: 0xa41f });
  });
});

describe('checksumOk, ipv4ChecksumOk, tcpChecksumOk: the verdicts without a result object', () => {
  // packets whose checksum is right half the time: the field is set to what an emitter writes, or not
  const packet = fc.tuple(fc.uint8Array({ minLength: 0, maxLength: 200 }), fc.nat(150), fc.boolean(), fc.nat(0xffffffff), fc.nat(0xffffffff));

  it('agree with checkChecksum, verifyIpv4Checksum and verifyTcpChecksum on every packet', () => {
    fc.assert(fc.property(packet, ([raw, at, fix, src, dst]) => {
      const b = raw.slice();
      const start = Math.min(at, b.length) & ~1;
      if (fix && b.length >= start + 24) {
        b[start + 16] = 0;
        b[start + 17] = 0;
        const c = internetChecksum(b, start, b.length, pseudoHeaderSum(src, dst, 6, b.length - start));
        b[start + 16] = c >>> 8;
        b[start + 17] = c & 0xff;
      }
      if (b.length >= start + 4) expect(checksumOk(b, start, b.length, 7)).toBe(checkChecksum(b, start, b.length, start + 2, 7).ok);
      expect(ipv4ChecksumOk(b, start)).toBe(verifyIpv4Checksum(b, start).ok);
      expect(tcpChecksumOk(b, src, dst, start, b.length + (at & 3))).toBe(verifyTcpChecksum(b, src, dst, start, b.length + (at & 3)).ok);
      if (fix && b.length >= start + 24) expect(tcpChecksumOk(b, src, dst, start, b.length)).toBe(true);
    }));
  });
});
