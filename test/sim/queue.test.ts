import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EventQueue } from '../../src/sim/queue.ts';

describe('EventQueue', () => {
  it('pops in (time, insertion) order for any pushes', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 300 }), (times) => {
        const q = new EventQueue<number>();
        times.forEach((t, i) => q.push(t, i));
        const popped: number[] = [];
        while (q.size) popped.push(q.pop()!);
        const expected = times.map((t, i) => ({ t, i })).sort((a, b) => a.t - b.t || a.i - b.i).map((x) => x.i);
        expect(popped).toEqual(expected);
      }),
    );
  });

  it('keeps order when pushes and pops interleave', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 20 }), fc.constant(-1)), { maxLength: 200 }), (ops) => {
        const q = new EventQueue<{ t: number; i: number }>();
        const model: { t: number; i: number }[] = [];
        ops.forEach((op, i) => {
          if (op < 0) {
            model.sort((a, b) => a.t - b.t || a.i - b.i);
            expect(q.pop()).toEqual(model.shift());
          } else {
            q.push(op, { t: op, i });
            model.push({ t: op, i });
          }
        });
      }),
    );
  });

  it('reports Infinity as the next time when empty', () => {
    expect(new EventQueue<number>().peekTime()).toBe(Infinity);
  });
});
