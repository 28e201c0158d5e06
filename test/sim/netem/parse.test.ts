/** tc's netem syntax: units, defaults and tc's own checks, and clear errors for the rest. */
import { describe, expect, it } from 'vitest';
import { NetemSyntaxError, parseNetem, parseNetemTarget } from '../../../src/sim/netem/parse.ts';
import { PROB_ALWAYS, toProb32 } from '../../../src/sim/netem/spec.ts';
import { distTable, NETEM_DIST_SCALE, tabledist } from '../../../src/sim/netem/dist.ts';

describe('parseNetem', () => {
  it('reads delay, jitter, correlation and distribution with tc’s units', () => {
    const s = parseNetem('delay 100ms 10ms 25% distribution normal');
    expect([s.latency, s.jitter, s.delayCorr, s.dist]).toEqual([100e6, 10e6, toProb32(0.25), 'normal']);
    expect(parseNetem('delay 1.5s').latency).toBe(1.5e9);
    expect(parseNetem('delay 250').latency).toBe(250e3); // no unit: microseconds
    expect(parseNetem('delay 20usec').latency).toBe(20e3);
  });

  it('percentages with or without %, and tc’s defaults (limit 1000, gap 1 with reorder)', () => {
    const s = parseNetem('delay 10ms loss 5 duplicate 1% corrupt 0.1% reorder 25% 50%');
    expect(s.limit).toBe(1000);
    expect(s.loss).toEqual({ kind: 'random', p: toProb32(0.05), corr: 0 });
    expect([s.duplicate, s.corrupt, s.reorder, s.reorderCorr, s.gap]).toEqual([toProb32(0.01), toProb32(0.001), toProb32(0.25), toProb32(0.5), 1]);
  });

  it('loss models: gemodel takes 1-h and stores h; state fills the GI defaults', () => {
    expect(parseNetem('loss gemodel 1% 10% 70% 0.1%').loss).toEqual({ kind: 'gemodel', p: toProb32(0.01), r: toProb32(0.1), h: PROB_ALWAYS - toProb32(0.7), k1: toProb32(0.001) });
    expect(parseNetem('loss gemodel 2%').loss).toEqual({ kind: 'gemodel', p: toProb32(0.02), r: PROB_ALWAYS, h: 0, k1: 0 });
    expect(parseNetem('loss state 5%').loss).toEqual({ kind: 'state', p13: toProb32(0.05), p31: PROB_ALWAYS - toProb32(0.05), p32: 0, p23: PROB_ALWAYS, p14: 0 });
    expect(parseNetem('loss random 3% 25%').loss).toEqual({ kind: 'random', p: toProb32(0.03), corr: toProb32(0.25) });
  });

  it('rate in tc’s units (bytes per second inside), with overheads; slots', () => {
    expect(parseNetem('rate 100mbit').rate).toBe(12.5e6);
    expect(parseNetem('rate 125kbps 20').rate).toBe(125e3);
    expect(parseNetem('rate 1gbit -4 64 8')).toMatchObject({ rate: 125e6, packetOverhead: -4, cellSize: 64, cellOverhead: 8 });
    expect(parseNetem('slot 1ms 5ms packets 10 bytes 3000').slot).toMatchObject({ min: 1e6, max: 5e6, packets: 10, bytes: 3000 });
    expect(parseNetem('slot distribution pareto 2ms 1ms').slot).toMatchObject({ dist: 'pareto', distDelay: 2e6, distJitter: 1e6, packets: Infinity });
  });

  it('rejects what tc rejects, naming the problem', () => {
    const bad: [string, RegExp][] = [
      ['reorder 25%', /without some delay/],
      ['delay 10ms gap 5', /gap is given without a reorder/],
      ['delay 10ms distribution normal', /needs a delay and a jitter/],
      ['delay fast', /"fast" is not a time for delay/],
      ['loss 120%', /"120%" is not a percentage for loss/],
      ['jitter 5ms', /unknown netem option "jitter"/],
      ['delay 10ms 1ms distribution gauss', /no distribution "gauss"/],
      ['loss 1% loss 2%', /loss is given twice/],
      ['delay', /delay is missing at the end/],
      ['rate 10furlongs', /not a rate/],
    ];
    for (const [line, why] of bad) expect(() => parseNetem(line), line).toThrow(why);
    expect(() => parseNetem('loss 5% bogus')).toThrow(NetemSyntaxError);
  });

  it('a target names the machine and interface', () => {
    const t = parseNetemTarget('mesin2:eth1 delay 100ms 10ms loss 5%');
    expect([t.host, t.iface, t.spec.latency]).toEqual(['mesin2', 'eth1', 100e6]);
    expect(() => parseNetemTarget('delay 100ms')).toThrow(/MACHINE:IFACE/);
  });
});

describe('distribution tables', () => {
  it('4096 entries of a zero-mean, unit-deviation shape scaled by 8192', () => {
    for (const name of ['normal', 'pareto', 'paretonormal'] as const) {
      const t = distTable(name);
      expect(t.length).toBe(4096);
      const mean = t.reduce((a, b) => a + b, 0) / t.length / NETEM_DIST_SCALE;
      expect(Math.abs(mean)).toBeLessThan(0.05); // pareto's tail is cut at 4 deviations
    }
    const n = distTable('normal');
    const sd = Math.sqrt(n.reduce((a, b) => a + (b / NETEM_DIST_SCALE) ** 2, 0) / n.length);
    expect(Math.abs(sd - 1)).toBeLessThan(0.01);
    expect([...n].every((v, i) => i === 0 || v >= n[i - 1]!)).toBe(true); // an inverse CDF rises
  });

  it('tabledist: uniform without a table, the kernel’s integer arithmetic with one', () => {
    expect(tabledist(100, 0, 12345, null)).toBe(100);
    expect(tabledist(1000, 10, 0, null)).toBe(990);
    expect(tabledist(1000, 10, 19, null)).toBe(1009);
    const t = Int16Array.of(8192, -8192);
    expect(tabledist(1_000_000, 10_000, 0, t)).toBe(1_010_000);
    expect(tabledist(1_000_000, 10_000, 1, t)).toBe(990_000);
  });
});
