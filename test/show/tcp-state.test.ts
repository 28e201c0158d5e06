/** The TCP analysis' conversation table (tcp-state.ts) against a Map keyed by the ends' text. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TcpState } from '../../src/show/tcp-state.ts';

type Ends = readonly [hi: number, hiPort: number, lo: number, loPort: number];

/** The rows the table gives `ends` in order, checked against the first row each distinct ends got. */
function rowsMatchModel(ends: readonly Ends[]): void {
  const st = new TcpState();
  const model = new Map<string, number>();
  for (const e of ends) {
    const row = st.ipv4(...e);
    const key = e.join('|');
    const known = model.get(key);
    if (known === undefined) {
      // a new conversation takes the next row (its stream number)
      expect(row).toBe(model.size);
      model.set(key, row);
    } else expect(row).toBe(known);
  }
}

describe('TcpState IPv4 conversations', () => {
  it('finds each conversation again, and numbers new ones in order, across the table growing', () => {
    // few addresses and ports: many repeats and many ends alike but for one field
    const ends = fc.tuple(fc.constantFrom(0, 1, 0xac101065, 0xffffffff), fc.integer({ min: 0, max: 40 }), fc.constantFrom(0, 0xac101066, 0x7f000001), fc.integer({ min: 0, max: 40 }));
    fc.assert(fc.property(fc.array(ends, { maxLength: 6000 }), (xs) => rowsMatchModel(xs)), { numRuns: 30 });
  });

  it('keeps 60 000 conversations apart, met again in another order', () => {
    const first: Ends[] = [];
    for (let i = 0; i < 60_000; i++) first.push([0xac101066, 32768 + (i % 28_000), 0xac101065 + Math.floor(i / 28_000), 10000]);
    rowsMatchModel([...first, ...first.slice().reverse(), ...first.filter((_, i) => i % 7 === 0)]);
  });
});
