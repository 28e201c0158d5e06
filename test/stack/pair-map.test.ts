import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PairMap } from '../../src/stack/pair-map.ts';

type Op = { kind: 'set'; a: number; b: number; v: number } | { kind: 'delete'; a: number; b: number };

// few distinct keys, so first keys gather several second keys and lose them again
const key = fc.integer({ min: 0, max: 3 }).map((k) => k * 2 ** 40 + 7);
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), a: key, b: key, v: fc.integer() }),
  fc.record({ kind: fc.constant('delete' as const), a: key, b: key }),
);

describe('PairMap', () => {
  it('answers get and has as a map keyed by the pair does, through any sets and deletes', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const m = new PairMap<number>();
        const model = new Map<string, number>();
        for (const o of ops) {
          if (o.kind === 'set') {
            m.set(o.a, o.b, o.v);
            model.set(`${o.a} ${o.b}`, o.v);
          } else {
            m.delete(o.a, o.b);
            model.delete(`${o.a} ${o.b}`);
          }
          for (let a = 0; a < 4; a++) {
            for (let b = 0; b < 4; b++) {
              const [ka, kb] = [a * 2 ** 40 + 7, b * 2 ** 40 + 7];
              expect(m.get(ka, kb)).toBe(model.get(`${ka} ${kb}`));
              expect(m.has(ka, kb)).toBe(model.has(`${ka} ${kb}`));
            }
          }
        }
      }),
    );
  });
});
