/**
 * GSO (opt-in: TcpLayer option gsoMaxSize). On veth and Docker's bridge Linux hands TCP
 * super-segments to the device and captures show them whole: the namespace lab's first data
 * frames (test/fixtures/real/stall/host/stall-4MiB.mesin2-eth1.pcap.txt, frames 6 and 8) are
 * 7240 bytes — five segments, half the initial cwnd of 10 (tcp_cwnd_test: "at least 2 GSO
 * packets in flight") — and no frame is larger than 45 × 1448 = 65160 bytes.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Pair, transfer } from '../../helpers/pair.ts';
import { CALIBRATION_PROFILE } from '../../../src/stack/kernel/profile.ts';

describe('GSO super-segments', () => {
  it('start at half the initial window (2 × 7240 bytes) and never exceed 65160 bytes', () => {
    const p = new Pair({ profile: CALIBRATION_PROFILE, gsoMaxSize: 65215 });
    const n = 2_000_000;
    const res = transfer(p, { message: new Uint8Array(n).fill(3), writeSizes: [n], recvSizes: [65536] });
    expect(res.received.length).toBe(n);
    const data = p.wire.filter((w) => w.from === 'a' && w.seg.payload.length > 0).map((w) => w.seg.payload.length);
    expect(data.slice(0, 2)).toEqual([7240, 7240]);
    expect(Math.max(...data)).toBeLessThanOrEqual(65160);
    expect(data.some((len) => len > 1448)).toBe(true);
  });

  it('still delivers every byte in order, with loss', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 200_000, size: 'max' }), fc.double({ min: 0, max: 0.1, noNaN: true }), fc.integer({ min: 1, max: 1000 }), (msg, loss, seed) => {
        const p = new Pair({ gsoMaxSize: 65215, loss, seed });
        const res = transfer(p, { message: msg, writeSizes: [10_000], recvSizes: [4096] });
        expect(Buffer.from(res.received).equals(Buffer.from(msg))).toBe(true);
      }),
      { numRuns: 30 },
    );
  });
});
