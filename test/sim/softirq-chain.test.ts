import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SoftirqChains } from '../../src/sim/softirq-chain.ts';

describe('SoftirqChains: a call\'s frames and the answers they draw, until they have arrived', () => {
  it('a call\'s frame draws answers for one hop more, and no further', () => {
    const c = new SoftirqChains<string>();
    const id = c.open('mesin2');
    const own = SoftirqChains.first(id);
    const answer = c.answerTag(own);
    expect(answer).not.toBe(0);
    expect(answer).not.toBe(own);
    expect(c.answerTag(answer)).toBe(0); // the answer's answer is no longer the call's
    c.close(id);
    expect(c.answerTag(own)).toBe(0); // a closed chain tags nothing
  });

  it('tags the frames of the host whose call opened the chain, once, and its answers on the host taking them', () => {
    const c = new SoftirqChains<string>();
    const id = c.open('mesin2');
    expect(c.takeTag('mesin1')).toBe(0); // another machine's frames are not the call's
    const own = c.takeTag('mesin2');
    expect(own).toBe(SoftirqChains.first(id));
    expect(c.takeTag('mesin2')).toBe(0); // one drain only
    c.answering('mesin1', own);
    expect(c.takeTag('mesin1')).toBe(c.answerTag(own));
    c.answering('mesin2', c.answerTag(own));
    expect(c.takeTag('mesin2')).toBe(0); // past the last hop
    c.on('mesin2', id); // the release's run sends again in the chain
    expect(c.takeTag('mesin2')).toBe(own);
  });

  it('waits for the earliest frame still in flight, at least 1 ns while one is due, 0 once all arrived', () => {
    const c = new SoftirqChains<string>();
    const id = c.open('mesin2');
    const own = SoftirqChains.first(id);
    expect(c.wait(id, 0)).toBe(0);
    c.sent(own, 2_000);
    c.sent(own, 2_000);
    expect(c.wait(id, 500)).toBe(1_500);
    expect(c.wait(id, 2_000)).toBe(1); // due now, not yet taken: the caller yields
    c.arrived(own, 2_000);
    c.sent(c.answerTag(own), 4_000);
    c.arrived(own, 2_000);
    expect(c.wait(id, 2_000)).toBe(2_000);
    c.arrived(c.answerTag(own), 4_000);
    expect(c.wait(id, 4_000)).toBe(0);
  });

  it('chains are apart: one call\'s frames never hold another\'s', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 10_000 })), { maxLength: 40 }), (frames) => {
      const c = new SoftirqChains<string>();
      const a = c.open('mesin1');
      const b = c.open('mesin2');
      for (const [toA, at] of frames) c.sent(SoftirqChains.first(toA ? a : b), at);
      const aTimes = frames.filter(([toA]) => toA).map(([, at]) => at);
      const bTimes = frames.filter(([toA]) => !toA).map(([, at]) => at);
      expect(c.wait(a, 0)).toBe(aTimes.length ? Math.min(...aTimes) : 0);
      expect(c.wait(b, 0)).toBe(bTimes.length ? Math.min(...bTimes) : 0);
      for (const at of aTimes) c.arrived(SoftirqChains.first(a), at);
      expect(c.wait(a, 0)).toBe(0);
      expect(c.wait(b, 0)).toBe(bTimes.length ? Math.min(...bTimes) : 0);
    }));
  });
});
