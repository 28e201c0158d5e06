/**
 * The wait index (src/sim/waiters.ts): a touched waiter is checked again, an untouched one
 * that was not ready is not, and the ready one of lowest creation rank is chosen, as a scan
 * of every thread would; frames name the socket they touch.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { HostWaiters, frameTouch, tupleKey, type WaitKeys } from '../../src/sim/waiters.ts';
import type { SimThread } from '../../src/sim/process.ts';
import { emitEthernetInto } from '../../src/stack/wire/ethernet.ts';
import { emitIpv4Into } from '../../src/stack/wire/ipv4.ts';

const thread = (tid: number) => ({ tid }) as unknown as SimThread;
const keys = (k: Partial<WaitKeys>): WaitKeys => ({ files: [], ports: [], tuples: [], always: false, ...k });

describe('HostWaiters', () => {
  it('checks again only what was touched, and picks the lowest rank among the ready', () => {
    fc.assert(fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 20 }), fc.nat(19), (readyNow, touchedIndex) => {
      const ts = readyNow.map((_, i) => thread(i));
      const files = ts.map(() => ({}));
      const w = new HostWaiters((t) => t.tid);
      ts.forEach((t, i) => w.add(t, keys({ files: [files[i]!] })));
      const ready = new Set<SimThread>();
      // nothing ready at first: every new waiter is checked once and set aside
      expect(w.firstReady((t) => ready.has(t))).toBeUndefined();
      readyNow.forEach((r, i) => r && ready.add(ts[i]!));
      // readiness changed without a touch: not seen (nothing touched them)
      expect(w.firstReady((t) => ready.has(t))).toBeUndefined();
      const k = touchedIndex % ts.length;
      w.touch([files[k]!]);
      expect(w.firstReady((t) => ready.has(t))).toBe(readyNow[k] ? ts[k] : undefined);
      w.touch('all');
      const first = readyNow.indexOf(true);
      expect(w.firstReady((t) => ready.has(t))).toBe(first < 0 ? undefined : ts[first]);
    }));
  });

  it('answers as a model that checks every waiter touched since its last check, through adds, removals and touches in any order', () => {
    type Op =
      | { kind: 'add'; t: number; files: number[]; always: boolean }
      | { kind: 'remove'; t: number }
      | { kind: 'touch'; files: number[] | 'all' }
      | { kind: 'ready'; t: number; ready: boolean }
      | { kind: 'first' };
    const T = 6;
    const F = 4;
    const fileSet = fc.uniqueArray(fc.nat(F - 1), { maxLength: 3 }).map((a) => a.sort());
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ kind: fc.constant('add' as const), t: fc.nat(T - 1), files: fileSet, always: fc.boolean() }),
      fc.record({ kind: fc.constant('remove' as const), t: fc.nat(T - 1) }),
      fc.record({ kind: fc.constant('touch' as const), files: fc.oneof(fileSet, fc.constant('all' as const)) }),
      fc.record({ kind: fc.constant('ready' as const), t: fc.nat(T - 1), ready: fc.boolean() }),
      fc.constant({ kind: 'first' as const }),
    );
    fc.assert(fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
      const ts = Array.from({ length: T }, (_, i) => thread(i));
      const files = Array.from({ length: F }, () => ({}));
      const w = new HostWaiters((t) => t.tid);
      const model = new Map<number, { files: number[]; always: boolean; dirty: boolean }>();
      const ready = new Set<number>();
      for (const o of ops) {
        if (o.kind === 'add') {
          w.add(ts[o.t]!, keys({ files: o.files.map((f) => files[f]!), always: o.always }));
          model.set(o.t, { files: o.files, always: o.always, dirty: true });
        } else if (o.kind === 'remove') {
          w.remove(ts[o.t]!);
          model.delete(o.t);
        } else if (o.kind === 'touch') {
          w.touch(o.files === 'all' ? 'all' : o.files.map((f) => files[f]!));
          for (const m of model.values()) if (o.files === 'all' || m.files.some((f) => (o.files as number[]).includes(f))) m.dirty = true;
        } else if (o.kind === 'ready') {
          if (o.ready) ready.add(o.t);
          else ready.delete(o.t);
        } else {
          let best: number | undefined;
          for (const [t, m] of [...model].sort((a, b) => a[0] - b[0])) {
            if (m.dirty && !ready.has(t)) m.dirty = false;
            else if ((m.dirty || m.always) && ready.has(t) && best === undefined) best = t;
          }
          expect(w.firstReady((t) => ready.has(t.tid))?.tid).toBe(best);
        }
      }
    }));
  });

  it('finds a connection by its 4-tuple and a listener by its port', () => {
    const conn = thread(1);
    const listener = thread(2);
    const other = thread(3);
    const w = new HostWaiters((t) => t.tid);
    w.add(conn, keys({ tuples: [tupleKey(10000, 40000, 0xac101066)] }));
    w.add(listener, keys({ ports: [10000] }));
    w.add(other, keys({ tuples: [tupleKey(10000, 40001, 0xac101066)] }));
    const seen: number[] = [];
    w.firstReady((t) => (seen.push(t.tid), false));
    seen.length = 0;
    w.touch({ port: 10000, tuple: tupleKey(10000, 40000, 0xac101066) });
    w.firstReady((t) => (seen.push(t.tid), false));
    expect(seen.sort()).toEqual([1, 2]);
  });
});

describe('frameTouch', () => {
  const frame = (protocol: number, frag: number) => {
    const f = new Uint8Array(14 + 20 + 20);
    emitEthernetInto({ dst: 0, src: 0, etherType: 0x0800 }, f, 0);
    emitIpv4Into({ ident: 1, flags: { df: true, mf: frag !== 0 }, ttl: 64, protocol, src: 0xac101066, dst: 0xac101065 }, 20, f, 14);
    f.set([0x9c, 0x40, 0x27, 0x10], 34); // 40000 → 10000
    return f;
  };
  it('names the destination port and 4-tuple of an unfragmented TCP segment', () => {
    expect(frameTouch(frame(6, 0))).toEqual({ port: 10000, tuple: tupleKey(10000, 40000, 0xac101066) });
  });
  it('touches everything for UDP, fragments and short frames', () => {
    expect(frameTouch(frame(17, 0))).toBe('all');
    expect(frameTouch(frame(6, 1))).toBe('all');
    expect(frameTouch(new Uint8Array(20))).toBe('all');
  });
});
