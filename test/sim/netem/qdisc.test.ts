/**
 * Each netem option over many packets gives the rate or mean it asks for (within 2 %), with
 * sch_netem.c's semantics: loss before delay, duplicates through the qdisc again, one bit
 * flipped per corruption, reorder after gap − 1 delayed packets, the rate's spacing, the
 * limit, slots. Counts are large enough that 2 % is more than three standard deviations.
 */
import { describe, expect, it } from 'vitest';
import { delays, drive, meanSd, qdisc } from './drive.ts';

const N = 500_000;
const MS = 1e6;

const within = (actual: number, wanted: number, rel: number) => expect(Math.abs(actual - wanted) / wanted).toBeLessThan(rel);

describe('netem delay', () => {
  it('a fixed delay holds every frame exactly that long, in order', () => {
    const d = delays('delay 100ms', 10_000);
    expect(new Set(d)).toEqual(new Set([100 * MS]));
  });

  it('uniform jitter (no distribution): mean the delay, deviation jitter/√3', () => {
    const { mean, sd } = meanSd(delays('delay 100ms 10ms'));
    within(mean, 100 * MS, 0.02);
    within(sd, (10 * MS) / Math.sqrt(3), 0.02);
  });

  it('distribution normal: mean the delay, deviation the jitter', () => {
    const { mean, sd } = meanSd(delays('delay 100ms 10ms distribution normal'));
    within(mean, 100 * MS, 0.02);
    within(sd, 10 * MS, 0.02);
  });

  it('distribution pareto and paretonormal: mean the delay, a long right tail', () => {
    for (const dist of ['pareto', 'paretonormal']) {
      const d = delays(`delay 100ms 10ms distribution ${dist}`);
      within(meanSd(d).mean, 100 * MS, 0.02);
      const median = [...d].sort((a, b) => a - b)[d.length >> 1]!;
      expect(median).toBeLessThan(100 * MS); // skewed right: most below the mean
      expect(Math.max(...d)).toBeGreaterThan(130 * MS); // the tables stop at 4 deviations
    }
  });

  it('jitter reorders frames (the tfifo sends by due time)', () => {
    const out = drive(qdisc('delay 10ms 5ms'), 10_000, 100_000);
    expect(out.some((o, i) => i > 0 && o.index < out[i - 1]!.index)).toBe(true);
    expect(out.every((o, i) => i === 0 || o.at >= out[i - 1]!.at)).toBe(true);
  });
});

describe('netem loss', () => {
  it('loss 5%: 5 % of frames lost, before any delay', () => {
    const q = qdisc('loss 5%');
    const out = drive(q, N);
    within((N - out.length) / N, 0.05, 0.02);
    expect(q.stats.lost).toBe(N - out.length);
  });

  it('loss gemodel p r 1-h 1-k: the stationary loss p/(p+r)·(1−h) + r/(p+r)·(1−k)', () => {
    const q = qdisc('loss gemodel 1% 10% 70% 0.1%');
    const out = drive(q, N);
    const [p, r, lossBad, lossGood] = [0.01, 0.1, 0.7, 0.001];
    within((N - out.length) / N, (p / (p + r)) * lossBad + (r / (p + r)) * lossGood, 0.02);
  });

  it('loss state p13 (4-state, its defaults): loss p13/(p13+p31) in bursts', () => {
    const out = drive(qdisc('loss state 5%'), N);
    within((N - out.length) / N, 0.05, 0.02);
  });
});

describe('netem duplicate, corrupt, reorder', () => {
  it('duplicate 5%: 5 % more frames leave, each duplicate the same bytes', () => {
    const out = drive(qdisc('duplicate 5%'), N);
    within(out.length - N, 0.05 * N, 0.02);
    const seen = new Map<number, Uint8Array>();
    let differing = 0;
    for (const o of out) {
      const prev = seen.get(o.index);
      if (prev && Buffer.compare(prev, o.frame) !== 0) differing++;
      seen.set(o.index, o.frame);
    }
    expect(differing).toBe(0);
    expect(seen.size).toBe(N);
  });

  it('corrupt 5%: 5 % of frames differ from what was sent in exactly one bit', () => {
    const q = qdisc('corrupt 5%');
    const out = drive(q, N, 1000, 64);
    expect(out.length).toBe(N); // no delay, no loss: out[i] is frame i
    let corrupted = 0;
    let moreThanOneBit = 0;
    const sent = new Uint8Array(64);
    out.forEach((o, index) => {
      new DataView(sent.buffer).setUint32(0, index);
      let bits = 0;
      for (let i = 0; i < 64; i++) bits += popcount(sent[i]! ^ o.frame[i]!);
      if (bits > 1) moreThanOneBit++;
      corrupted += bits;
    });
    expect(moreThanOneBit).toBe(0);
    within(corrupted, 0.05 * N, 0.02);
    expect(q.stats.corrupted).toBe(corrupted);
  });

  it('reorder 25% gap 5: after a reordered frame, 4 are delayed, then each goes early with 25 %', () => {
    const q = qdisc('delay 10ms reorder 25% gap 5 limit 1000000');
    const out = drive(q, N, 1000);
    const early = out.filter((o) => o.at === o.index * 1000).length;
    within(early / N, 1 / (4 + 1 / 0.25), 0.02);
    expect(q.stats.reordered).toBe(early);
  });

  it('reorder 25% (gap defaults to 1): each frame goes early with 25 %', () => {
    const out = drive(qdisc('delay 10ms reorder 25% limit 1000000'), N, 1000);
    within(out.filter((o) => o.at === o.index * 1000).length / N, 0.25, 0.02);
  });
});

describe('netem rate, limit, slot', () => {
  it('rate 1mbit: 1000-byte frames leave 8 ms apart', () => {
    const out = drive(qdisc('rate 1mbit limit 100000'), 10_000, 0, 1000);
    const gaps = out.slice(1).map((o, i) => o.at - out[i]!.at);
    expect(new Set(gaps)).toEqual(new Set([8 * MS]));
  });

  it('rate with delay: the delay once, then the rate’s spacing', () => {
    const out = drive(qdisc('delay 50ms rate 8mbit limit 100000'), 10_000, 0, 1000);
    expect(out[0]!.at).toBe(50 * MS + 1 * MS);
    within((out.at(-1)!.at - out[0]!.at) / (out.length - 1), 1 * MS, 0.02);
  });

  it('limit 1000 (the default): a burst beyond it is dropped', () => {
    const q = qdisc('delay 1s');
    const out = drive(q, 2500, 0);
    expect(out.length).toBe(1000);
    expect(q.stats.overLimit).toBe(1500);
  });

  it('slot 10ms packets 5: at most 5 frames per 10 ms slot', () => {
    const q = qdisc('slot 10ms packets 5 limit 20000');
    const out = drive(q, 10_000, 0);
    expect(out.length).toBe(10_000);
    within((out.at(-1)!.at - out[0]!.at) / 10_000, 10 * MS / 5, 0.02);
    const perSlot = new Map<number, number>();
    for (const o of out) perSlot.set(o.at, (perSlot.get(o.at) ?? 0) + 1);
    expect(Math.max(...perSlot.values())).toBe(5);
  });
});

describe('netem determinism', () => {
  it('same seed, same faults; another seed, others', () => {
    const run = (seed: number) => drive(qdisc('delay 10ms 3ms loss 2% duplicate 1% corrupt 1% reorder 5%', seed), 20_000).map((o) => `${o.index}@${o.at}`).join();
    expect(run(1)).toBe(run(1));
    expect(run(1)).not.toBe(run(2));
  });
});

function popcount(x: number): number {
  let n = 0;
  for (; x; x &= x - 1) n++;
  return n;
}
