/**
 * Lab ping's timing against the namespace lab's recordings (kernel 6.18, HZ=250): the printed
 * round trips, the intervals between requests and mesin2's neighbour re-probe lie within what
 * real iputils ping showed, in test/fixtures/real/ping (three runs) and ping/pair (five runs),
 * read from the captures and outputs by the same code for both sides.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import ping from '../../scenarios/ping.ts';
import { defineScenario } from '../../src/sim/scenario.ts';
import { runToFiles, transcriptOf } from '../helpers/scenario.ts';
import { realCapturePath } from '../helpers/codec.ts';
import { printedRtts, span, wireTiming, type PingTiming } from '../helpers/ping-timing.ts';

function recording(outputs: readonly string[], captures: readonly string[]): PingTiming {
  const wire = captures.map((c) => wireTiming(realCapturePath(c)));
  return {
    rtts: outputs.flatMap((o) => printedRtts(readFileSync(realCapturePath(o), 'utf8').split('\n'))),
    intervals: wire.flatMap((w) => w.intervals),
    reprobes: wire.flatMap((w) => w.reprobes),
  };
}

const lab = recording(['ping/ping1.txt', 'ping/ping2.txt', 'ping/ping3.txt'], ['ping/mesin1-eth1.pcap']);
const runs = [1, 2, 3, 4, 5];
const pair = recording(runs.map((r) => `ping/pair/run${r}.ping.txt`), runs.map((r) => `ping/pair/run${r}.mesin1-eth1.pcap`));

const within = (values: readonly number[], [lo, hi]: [number, number]) => values.filter((v) => v < lo || v > hi);

describe('lab ping against the namespace lab (kernel profile linux-6.18: HZ=250 and its wheel)', async () => {
  const seeds = [1, 2, 3];
  const ours = await Promise.all(seeds.map(async (seed) => {
    const run = await runToFiles(defineScenario({ ...ping, kernel: 'linux-6.18' }), seed);
    const out = transcriptOf(run, 'mesin1');
    const eth1 = run.captures.find((c) => c.iface === 'eth1')!.path!;
    return { out, ...wireTiming(eth1), rtts: printedRtts(out) };
  }));

  it('the recordings read as FACTS.md and pair/README.md say', () => {
    expect(span(lab.reprobes)).toEqual([expect.closeTo(5.065, 3), expect.closeTo(5.1347, 3)]);
    expect(lab.intervals).toHaveLength(15);
    expect(pair.rtts).toHaveLength(25);
  });

  it('round trips: the first (after ARP) and the later ones within both recordings\' ranges', () => {
    for (const o of ours) {
      expect(o.rtts).toHaveLength(4);
      expect(within(o.rtts, span(lab.rtts))).toEqual([]);
      expect(within(o.rtts, span(pair.rtts))).toEqual([]);
      // later pings: the pair's later ones were 0.055–0.075 ms
      expect(within(o.rtts.slice(1), span(pair.rtts.filter((_, i) => i % 5 !== 0)))).toEqual([]);
    }
  });

  it('intervals within the recorded ranges, and 1.024 s (256 jiffies) once the sends sit on the wheel\'s edges', () => {
    for (const o of ours) {
      expect(o.intervals).toHaveLength(3);
      expect(within(o.intervals, span(lab.intervals))).toEqual([]);
      expect(within(o.intervals, span(pair.intervals))).toEqual([]);
      for (const i of o.intervals.slice(1)) expect(i).toBeCloseTo(1.024, 6);
    }
  });

  it('the time line is the first-to-last request, as iputils prints it', () => {
    for (const o of ours) {
      const total = o.intervals.reduce((a, b) => a + b, 0);
      expect(o.out).toContain(`4 packets transmitted, 4 received, 0% packet loss, time ${Math.round(total * 1000)}ms`);
    }
  });

  it('mesin2\'s neighbour re-probe within the lab recording\'s range (5.065–5.134 s)', () => {
    for (const o of ours) {
      expect(o.reprobes).toHaveLength(1);
      expect(within(o.reprobes, span(lab.reprobes))).toEqual([]);
      expect(within(o.reprobes, span(pair.reprobes))).toEqual([]);
    }
  });
});
