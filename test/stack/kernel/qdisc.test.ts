import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DeviceQdiscs, qdiscDropsAll, type RootQdisc } from '../../../src/stack/kernel/qdisc.ts';

const qdisc = fc.oneof(fc.constant(null), fc.nat(1000).map((limit): RootQdisc => ({ kind: 'pfifo', limit })));

describe('DeviceQdiscs', () => {
  it('drops on a device whose pfifo has limit 0, and only there', () => {
    const q = new DeviceQdiscs();
    expect(q.anyDrops).toBe(false);
    q.set(2, { kind: 'pfifo', limit: 0 });
    expect([q.drops(1), q.drops(2), q.anyDrops]).toEqual([false, true, true]);
    q.set(2, { kind: 'pfifo', limit: 500 });
    expect([q.drops(2), q.anyDrops]).toEqual([false, false]);
  });

  it('follows the last qdisc set on each device', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.nat(3), qdisc)), (sets) => {
      const q = new DeviceQdiscs();
      const last = new Map<number, RootQdisc>();
      for (const [dev, r] of sets) {
        q.set(dev, r);
        last.set(dev, r);
      }
      for (let dev = 0; dev <= 3; dev++) expect(q.drops(dev)).toBe(qdiscDropsAll(last.get(dev) ?? null));
      expect(q.anyDrops).toBe([...last.values()].some(qdiscDropsAll));
    }));
  });
});
