import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Pair, transfer } from '../../helpers/pair.ts';
import { CALIBRATION_PROFILE, WSL2_PROFILE } from '../../../src/stack/kernel/profile.ts';

const message = fc.uint8Array({ minLength: 0, maxLength: 40_000, size: 'max' });
const sizes = fc.array(fc.integer({ min: 1, max: 20_000 }), { minLength: 1, maxLength: 6 });

function check(p: Pair, msg: Uint8Array, res: ReturnType<typeof transfer>): void {
  expect(res.clientError).toBe(0);
  expect(res.received.length).toBe(msg.length);
  expect(Buffer.from(res.received).equals(Buffer.from(msg))).toBe(true);
  // each recv(n) gives 1..n bytes; only the last one is the empty end of stream
  res.recvLengths.forEach((len, i) => {
    if (i === res.recvLengths.length - 1) expect(len).toBe(0);
    else {
      expect(len).toBeGreaterThanOrEqual(1);
      expect(len).toBeLessThanOrEqual(res.requested[i]!);
    }
  });
  // both ends reached CLOSED (gone) or TIME-WAIT, and nothing is pending any more
  for (const row of [...p.a.rows(), ...p.b.rows()]) expect(['TIME-WAIT']).toContain(row.state);
}

describe('TCP delivery (pair of TcpLayers)', () => {
  it('delivers every byte once and in order, for any message, write sizes, recv sizes and buffer sizes', () => {
    fc.assert(
      fc.property(message, sizes, sizes, fc.option(fc.integer({ min: 1, max: 300_000 })), fc.option(fc.integer({ min: 1, max: 300_000 })), fc.boolean(), fc.integer({ min: 0, max: 5_000_000 }),
        (msg, ws, rs, snd, rcv, calib, start) => {
          const p = new Pair({ profile: calib ? CALIBRATION_PROFILE : WSL2_PROFILE, start });
          const res = transfer(p, { message: msg, writeSizes: ws, recvSizes: rs, clientSndBuf: snd ?? undefined, serverRcvBuf: rcv ?? undefined });
          check(p, msg, res);
        }),
      { numRuns: 60 },
    );
  });

  it('still delivers every byte on a lossy link (RTO, fast retransmit, SACK-less recovery)', () => {
    fc.assert(
      fc.property(message, sizes, sizes, fc.double({ min: 0, max: 0.2, noNaN: true }), fc.integer({ min: 1, max: 1 << 30 }), fc.integer({ min: 10_000, max: 20_000_000 }),
        (msg, ws, rs, loss, seed, latency) => {
          const p = new Pair({ loss, seed, latency });
          const res = transfer(p, { message: msg, writeSizes: ws, recvSizes: rs });
          check(p, msg, res);
        }),
      { numRuns: 60 },
    );
  });

  it('works for any MSS the route gives (MTU 576 … 65536)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100_000, size: 'max' }), sizes, sizes, fc.integer({ min: 576, max: 65536 }), (msg, ws, rs, mtu) => {
        const p = new Pair({ mtu });
        check(p, msg, transfer(p, { message: msg, writeSizes: ws, recvSizes: rs }));
      }),
      { numRuns: 30 },
    );
  });

  it('echoes like the lab (recv(32) server, recv(16) client) with every byte back in order', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 20_000, size: 'max' }), fc.double({ min: 0, max: 0.1, noNaN: true }), fc.integer({ min: 1, max: 1000 }), (msg, loss, seed) => {
        const p = new Pair({ loss, seed });
        const res = transfer(p, { message: msg, writeSizes: [msg.length], recvSizes: [32], echo: true, clientRecvSize: 16 });
        expect(Buffer.from(res.echoed).equals(Buffer.from(msg))).toBe(true);
      }),
      { numRuns: 30 },
    );
  });

  it('is deterministic: the same seed gives the same segments', () => {
    const run = () => {
      const p = new Pair({ loss: 0.05, seed: 42 });
      transfer(p, { message: new Uint8Array(50_000).map((_, i) => i), writeSizes: [3000], recvSizes: [700] });
      return p.wire.map((w) => [w.at, w.from, w.seg.seq, w.seg.ack, w.seg.flags, w.seg.window, w.seg.payload.length, w.dropped]);
    };
    expect(run()).toEqual(run());
  });
});
