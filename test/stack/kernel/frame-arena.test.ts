import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FrameArena } from '../../../src/stack/kernel/frame-arena.ts';

describe('frame arena', () => {
  it('hands out zeroed frames of the asked length that never share a byte', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 9000 }), { minLength: 1, maxLength: 200 }), (lengths) => {
        const arena = new FrameArena();
        const frames = lengths.map((n) => arena.alloc(n));
        frames.forEach((f, i) => {
          expect(f.length).toBe(lengths[i]);
          expect(f.every((b) => b === 0)).toBe(true);
          f.fill(i & 0xff || 1); // a frame written after another was handed out must not show in it
        });
        frames.forEach((f, i) => expect(f.every((b) => b === (i & 0xff || 1))).toBe(true));
      }),
    );
  });
});
