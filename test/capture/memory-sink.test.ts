import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { memorySink } from '../../src/capture/sink.ts';
import { concatBytes as concat } from '../../src/testing/chunking.ts';

describe('memory sink', () => {
  it('holds every write in order while its store grows, and bytes() are independent copies', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 3000 }), { maxLength: 40 }), (chunks) => {
        const s = memorySink();
        const seen: Uint8Array[] = [];
        for (const c of chunks) {
          s.write(c);
          seen.push(c.slice());
          c.fill(0xee); // the writer reuses its batch buffer: the sink must have copied
        }
        const first = s.bytes();
        expect(first).toEqual(concat(seen));
        first.fill(0x55);
        expect(s.bytes()).toEqual(concat(seen));
      }),
    );
  });

  it('starts over after abort', () => {
    const s = memorySink();
    s.write(new Uint8Array(70_000).fill(1));
    s.abort();
    s.write(Uint8Array.of(9, 8));
    expect(s.bytes()).toEqual(Uint8Array.of(9, 8));
  });
});
