import { describe, expect, it } from 'vitest';
import { cloneTcb, newTcb, nextDeadline } from '../../../src/stack/tcp/tcb.ts';

describe('Tcb', () => {
  it('cloneTcb copies every field and gives a new object', () => {
    const t = newTcb(1, 2);
    const marked = Object.fromEntries(Object.keys(t).map((k, i) => [k, typeof (t as never)[k] === 'number' ? i + 1 : (t as never)[k]]));
    const c = cloneTcb(marked as never);
    expect(Object.keys(c)).toEqual(Object.keys(t));
    expect(c).toEqual(marked);
    expect(c).not.toBe(marked);
  });

  it('nextDeadline is the earliest armed timer, 0 when none is armed', () => {
    const t = newTcb(1, 2);
    expect(nextDeadline(t)).toBe(0);
    expect(nextDeadline({ ...t, rtoAt: 50, delackAt: 40, timewaitAt: 90 })).toBe(40);
    expect(nextDeadline({ ...t, keepaliveAt: 7 })).toBe(7);
  });
});
