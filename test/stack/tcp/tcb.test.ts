import { describe, expect, it } from 'vitest';
import { cloneTcb, newTcb, nextDeadline, type MutableTcb } from '../../../src/stack/tcp/tcb.ts';
import { newRecovery, RECOVERY_UNSET } from '../../../src/stack/tcp/tcb-recovery.ts';

/** every field of a Tcb: its own and the recovery fields its prototype reads from `rec` */
const FIELDS = [...Object.keys(newTcb(1, 2)).filter((k) => k !== 'rec'), ...Object.keys(newRecovery())];

describe('Tcb', () => {
  it('cloneTcb copies every field and gives a new object', () => {
    const t = newTcb(1, 2) as unknown as Record<string, unknown>;
    const marked = Object.fromEntries(FIELDS.map((k, i) => [k, typeof t[k] === 'number' ? i + 1 : t[k]]));
    const c = cloneTcb(marked as never);
    expect(Object.keys(c).sort()).toEqual([...FIELDS].sort());
    expect(c).toEqual(marked);
    expect(c).not.toBe(marked);
  });

  it('keeps the recovery fields in the shared initial set until one changes, then in a set of its own', () => {
    const [a, b] = [newTcb(1, 2) as MutableTcb, newTcb(3, 4) as MutableTcb];
    const rec = (t: MutableTcb) => (t as unknown as { rec: unknown }).rec;
    a.dupAcks = 0; // writing an initial value changes nothing
    a.rtoIsProbe = false;
    expect(rec(a)).toBe(RECOVERY_UNSET);
    a.dupAcks = 2;
    a.ccK = 1.5;
    expect(rec(a)).not.toBe(RECOVERY_UNSET);
    expect([a.dupAcks, a.ccK, a.reordering, a.tlpHighSeq]).toEqual([2, 1.5, newRecovery().reordering, -1]);
    expect([b.dupAcks, b.ccK]).toEqual([0, 0]);
    expect(rec(b)).toBe(RECOVERY_UNSET);
    expect(cloneTcb(a).dupAcks).toBe(2);
  });

  it('nextDeadline is the earliest armed timer, 0 when none is armed', () => {
    const t = newTcb(1, 2);
    expect(nextDeadline(t)).toBe(0);
    expect(nextDeadline({ ...t, rtoAt: 50, delackAt: 40, timewaitAt: 90 })).toBe(40);
    expect(nextDeadline({ ...t, keepaliveAt: 7 })).toBe(7);
  });
});
