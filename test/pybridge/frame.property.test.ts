import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encodeFrame, FrameDecoder } from '../../src/pybridge/frame.ts';

describe('bridge frames', () => {
  it('decode to what was encoded, however the pipe cuts the bytes', () => {
    const frame = fc.record({
      tid: fc.nat({ max: 0xffff }),
      meta: fc.jsonValue(),
      data: fc.uint8Array({ maxLength: 300 }),
    });
    fc.assert(
      fc.property(fc.array(frame, { minLength: 1, maxLength: 8 }), fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1 }), (frames, cuts) => {
        const bytes = Buffer.concat(frames.flatMap((f) => encodeFrame(f.tid, f.meta, f.data)));
        const dec = new FrameDecoder();
        const got = [];
        for (let off = 0, i = 0; off < bytes.length; i++) {
          const n = cuts[i % cuts.length]!;
          got.push(...dec.push(bytes.subarray(off, off + n)));
          off += n;
        }
        expect(got.map((g) => ({ tid: g.tid, meta: g.meta, data: new Uint8Array(g.data) }))).toEqual(
          frames.map((f) => ({ tid: f.tid, meta: JSON.parse(JSON.stringify(f.meta)), data: f.data })),
        );
      }),
    );
  });
});
